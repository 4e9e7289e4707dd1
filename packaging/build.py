"""Build the one-folder visualnet app into dist/visualnet/ with PyInstaller, then smoke-test it.

    .venv/bin/python packaging/build.py                  # install PyInstaller if missing, build, smoke-test
    .venv/bin/python packaging/build.py --smoke-only     # smoke-test an existing dist/visualnet/
    .venv/bin/python packaging/build.py --ffmpeg-bundled # ffmpeg (~170 MB) inside the app, not beside it
    .venv/bin/python packaging/build.py --without-mp4    # no imageio-ffmpeg, no ffmpeg at all

By default the app (dist/visualnet/, ~210 MB) has the MP4 code but not imageio-ffmpeg's ffmpeg program:
that is the optional component dist/visualnet-ffmpeg/ (~173 MB), unpacked over the app folder.

Prints the build time and the folder's size; exits non-zero if the build or the smoke test fails.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "packaging" / "visualnet.spec"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
APP = DIST / "visualnet"
FFMPEG_PART = DIST / "visualnet-ffmpeg"  # --ffmpeg-separate: unpacked over APP, it enables MP4
FFMPEG_DIR = Path("_internal") / "imageio_ffmpeg" / "binaries"  # where get_ffmpeg_exe() looks, in APP
PYINSTALLER = "pyinstaller>=6.10,<7"
SNAPSHOT_SIZE = (1600, 1000)  # main.py's default --size
SMOKE_TIMEOUT_S = 180
# modules imported only when first used, which the bundle must hold all the same
LAZY_MODULES = {
    "imageio_ffmpeg": "the MP4 export",
    "OpenGL.GL": "the 3-D loss surface (PyOpenGL)",
    "OpenGL.platform.glx" if sys.platform.startswith("linux") else "OpenGL.platform": "PyOpenGL's platform",
    "pyqtgraph.opengl": "the 3-D loss surface (pyqtgraph)",
    "imageio.plugins.pillow": "the GIF export",
}


class SmokeTestError(Exception):
    """The built app did not behave."""


def ensure_pyinstaller() -> None:
    """Install PyInstaller into this interpreter's environment (from PyPI) unless it is there."""
    if importlib.util.find_spec("PyInstaller") is not None:
        return
    print(f"Installing {PYINSTALLER} ...", flush=True)
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    PYINSTALLER], check=True)


def build(with_mp4: bool = True, ffmpeg_separate: bool = False) -> float:
    """Run PyInstaller on the spec (without imageio-ffmpeg unless `with_mp4`; without its ffmpeg program
    if `ffmpeg_separate`); returns the seconds it took."""
    t0 = time.perf_counter()
    env = {**os.environ, "VISUALNET_WITHOUT_MP4": "0" if with_mp4 else "1",  # both read by the spec
           "VISUALNET_FFMPEG_SEPARATE": "1" if ffmpeg_separate else "0"}
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)], check=True, cwd=ROOT,
                   env=env)
    return time.perf_counter() - t0


def make_ffmpeg_part() -> Path:
    """Copy imageio-ffmpeg's ffmpeg program into dist/visualnet-ffmpeg/, laid out like the app folder."""
    spec = importlib.util.find_spec("imageio_ffmpeg")
    if spec is None or spec.origin is None:
        raise SmokeTestError("imageio-ffmpeg is not installed: no ffmpeg to ship")
    found = sorted(Path(spec.origin).parent.glob("binaries/ffmpeg-*"))
    if not found:
        raise SmokeTestError("imageio-ffmpeg has no ffmpeg program in its binaries/ folder")
    shutil.rmtree(FFMPEG_PART, ignore_errors=True)
    target = FFMPEG_PART / FFMPEG_DIR / found[0].name
    target.parent.mkdir(parents=True)
    shutil.copy2(found[0], target)
    (FFMPEG_PART / "README.txt").write_text(
        "MP4 export for visualnet: copy this folder's contents into the visualnet folder (next to the\n"
        "visualnet program, merging _internal/). Without it visualnet uses an ffmpeg on the PATH, or the\n"
        "one IMAGEIO_FFMPEG_EXE names, and otherwise offers a GIF where MP4 is asked for.\n")
    return target


def strip_libpython() -> None:
    """Linux: drop libpython's debug symbols, if it has them (a Python built with them carries ~19 MB).

    Only libpython: stripping every library (the spec's strip=True) breaks numpy's patched OpenBLAS.
    """
    tool = shutil.which("strip")
    if not sys.platform.startswith("linux") or tool is None:
        return
    for lib in (APP / "_internal").glob("libpython*.so*"):
        if lib.is_file() and not lib.is_symlink():
            subprocess.run([tool, "--strip-debug", str(lib)], check=True)


def executable() -> Path:
    """The app's executable inside dist/visualnet/."""
    return APP / ("visualnet.exe" if os.name == "nt" else "visualnet")


def folder_bytes(folder: Path) -> int:
    """Total size of the regular files under `folder` (symlinks not followed, not counted)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def _run(args: list[str], env: dict[str, str], app: Path = APP) -> subprocess.CompletedProcess[str]:
    exe = app / executable().name
    try:
        return subprocess.run([str(exe), *args], capture_output=True, text=True, env=env,
                              timeout=SMOKE_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as err:
        raise SmokeTestError(f"`visualnet {' '.join(args)}` did not finish in {SMOKE_TIMEOUT_S} s") from err


def _check_exit(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        raise SmokeTestError(f"{what} exited with {result.returncode}:\n{result.stdout}{result.stderr}")


def check_png(path: Path, expected: tuple[int, int]) -> tuple[int, int]:
    """The PNG decodes (QImage), has about the expected size and is not one flat colour."""
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    if image.isNull():
        raise SmokeTestError(f"{path.name} does not decode as an image")
    w, h = image.width(), image.height()
    ew, eh = expected
    if not (0.9 * ew <= w <= 1.1 * ew and 0.9 * eh <= h <= 1.1 * eh):
        raise SmokeTestError(f"{path.name} is {w}x{h}, expected about {ew}x{eh}")
    colours = {image.pixel(x, y) for x in range(0, w, max(1, w // 40)) for y in range(0, h, max(1, h // 40))}
    if len(colours) < 8:
        raise SmokeTestError(f"{path.name} has only {len(colours)} colours: the window did not render")
    return w, h


def bundled_modules() -> set[str]:
    """The names of the Python modules in the executable's archive (PyInstaller's PYZ)."""
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(executable()))
    name = next(n for n in archive.toc if n.endswith(".pyz"))
    return set(archive.open_embedded_archive(name).toc)


def check_lazy_modules(with_mp4: bool) -> str:
    """The modules the app imports only on first use (MP4, 3-D, GIF) are in the bundle."""
    names = bundled_modules()
    wanted = [m for m in LAZY_MODULES if with_mp4 or m != "imageio_ffmpeg"]
    missing = [f"{m} ({LAZY_MODULES[m]})" for m in wanted if m not in names]
    if missing:
        raise SmokeTestError("the bundle lacks " + ", ".join(missing))
    return f"bundled: {', '.join(wanted)}"


def check_ffmpeg(root: Path = APP) -> str:
    """imageio-ffmpeg's ffmpeg program is where get_ffmpeg_exe() looks inside the bundle, and runs.

    get_ffmpeg_exe() takes the first binaries/ffmpeg-* next to its own module (in the bundle:
    _internal/imageio_ffmpeg/, where its PyInstaller hook puts it); without one it would fall back
    to a system ffmpeg, which the user may not have. `root` is the app folder, or the separate
    ffmpeg component laid out like it.
    """
    folder = root / FFMPEG_DIR
    found = sorted(p for p in folder.glob("ffmpeg-*") if p.is_file()) if folder.is_dir() else []
    if not found:
        raise SmokeTestError(f"no ffmpeg program in {folder.relative_to(ROOT)}: MP4 export would fail")
    program = found[0]
    if os.name != "nt" and not os.access(program, os.X_OK):
        raise SmokeTestError(f"{program.name} in the bundle is not executable")
    try:
        result = subprocess.run([str(program), "-hide_banner", "-encoders"], capture_output=True,
                                text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as err:
        raise SmokeTestError(f"the bundled {program.name} does not run: {err}") from err
    if result.returncode != 0 or "libx264" not in result.stdout:  # the MP4 export encodes H.264
        raise SmokeTestError(f"the bundled {program.name} cannot encode H.264 (libx264)")
    return f"{program.relative_to(root.parent)} runs and has libx264 ({program.stat().st_size / 1e6:.0f} MB)"


def smoke_test() -> list[str]:
    """Check the bundle's lazily used parts, run the built app: --version, then a 50-iteration
    offscreen snapshot; returns what passed. A build without imageio-ffmpeg is tested without MP4."""
    exe = executable()
    if not exe.is_file():
        raise SmokeTestError(f"{exe} does not exist: build first")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with_mp4 = "imageio_ffmpeg" in bundled_modules()
    passed = [check_lazy_modules(with_mp4)]
    if not with_mp4:
        passed.append("no MP4 (built --without-mp4)")
    elif any((APP / FFMPEG_DIR).glob("ffmpeg-*")):
        passed.append(check_ffmpeg())
    else:  # --ffmpeg-separate: the component must hold a working ffmpeg where the app will look
        passed.append("ffmpeg not bundled; component: " + check_ffmpeg(FFMPEG_PART))
    result = _run(["--version"], env)
    _check_exit(result, "--version")
    wanted = f"visualnet {version('visualnet')}"
    got = (result.stdout + result.stderr).strip()
    # a windowed (console=False) Windows executable has no stdout: there only the exit code can count
    if got != wanted and not (os.name == "nt" and got == ""):
        raise SmokeTestError(f"--version printed {got!r}, expected {wanted!r}")
    passed.append(f"--version -> {got or '(no console)'}")
    with tempfile.TemporaryDirectory(prefix="visualnet-smoke-") as tmp:
        png = Path(tmp) / "smoke.png"
        result = _run(["--snapshot", str(png), "--steps", "50"], env)
        _check_exit(result, "--snapshot")
        if not png.is_file():
            raise SmokeTestError(f"--snapshot exited 0 but wrote no file:\n{result.stdout}{result.stderr}")
        w, h = check_png(png, SNAPSHOT_SIZE)
        passed.append(f"--snapshot --steps 50 -> {w}x{h} PNG, {png.stat().st_size / 1e3:.0f} kB, decodes")
        passed.append(check_chinese_lesson(env, Path(tmp)))
    if with_mp4:
        passed.append(check_mp4_export(env))
    return passed


def check_chinese_lesson(env: dict[str, str], tmp: Path) -> str:
    """The bundled translations and lessons: Chinese --help, and a built-in lesson's snapshot in Chinese."""
    result = _run(["--lang", "zh_CN", "--help"], env)
    _check_exit(result, "--lang zh_CN --help")
    if "用法" not in result.stdout and os.name != "nt":  # a windowed Windows build prints nothing
        raise SmokeTestError(f"--lang zh_CN --help is not Chinese (no visualnet_zh_CN.qm?):\n{result.stdout}")
    lesson = next(APP.rglob("01_perceptron-gates.json"), None)
    if lesson is None:
        raise SmokeTestError("the built-in lessons (visualnet/lessons/builtin/*.json) are not in the bundle")
    png = tmp / "lesson.png"
    result = _run([str(lesson), "--lang", "zh_CN", "--snapshot", str(png), "--steps", "5"], env)
    _check_exit(result, "a lesson file with --lang zh_CN --snapshot")
    check_png(png, SNAPSHOT_SIZE)
    return "--lang zh_CN --help in Chinese; the bundled lesson 1 opens and draws in Chinese"


def _record_mp4(app: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], Path]:
    out = app.parent / f".smoke-{os.getpid()}.mp4"
    out.unlink(missing_ok=True)
    return _run(["--record", str(out), "--frames", "5", "--steps", "10", "--size", "640x480"], env, app), out


def check_mp4_export(env: dict[str, str]) -> str:
    """The app films an MP4: itself when ffmpeg is bundled; with the separate component, a copy of the
    app with the component unpacked over it does, and the app alone refuses in one line."""
    if any((APP / FFMPEG_DIR).glob("ffmpeg-*")):
        result, out = _record_mp4(APP, env)
        _check_exit(result, "--record out.mp4")
        return _check_mp4(out, "--record out.mp4 (ffmpeg bundled)")
    alone, out = _record_mp4(APP, env)
    if alone.returncode != 2 or "ffmpeg" not in alone.stderr or "Traceback" in alone.stderr:
        raise SmokeTestError(f"without the component --record out.mp4 should refuse:\n{alone.stderr}")
    out.unlink(missing_ok=True)
    # the component unpacked over a copy of the app, as a user would (hard links: no 380 MB copy)
    with tempfile.TemporaryDirectory(prefix=".smoke-app-", dir=DIST) as tmp:
        merged = Path(tmp) / APP.name
        shutil.copytree(APP, merged, symlinks=True, copy_function=os.link)
        shutil.copytree(FFMPEG_PART, merged, symlinks=True, copy_function=os.link, dirs_exist_ok=True)
        result, out = _record_mp4(merged, env)
        _check_exit(result, "--record out.mp4 with the component")
        return _check_mp4(out, "--record out.mp4: refused alone, written with the component")


def _check_mp4(out: Path, what: str) -> str:
    try:
        data = out.read_bytes()
    except OSError as err:
        raise SmokeTestError(f"{what}: no file was written ({err})") from err
    finally:
        out.unlink(missing_ok=True)
    if data[4:8] != b"ftyp":
        raise SmokeTestError(f"{what}: the file is not an MP4")
    return f"{what}, {len(data) / 1e3:.0f} kB"


def main(argv: list[str] | None = None) -> int:
    """Build and smoke-test; exit code 0 only if both succeed."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--smoke-only", action="store_true", help="skip the build; smoke-test dist/visualnet/")
    p.add_argument("--without-mp4", action="store_true",
                   help="leave out imageio-ffmpeg and its ~170 MB ffmpeg (MP4 export unavailable)")
    p.add_argument("--ffmpeg-bundled", action="store_true",
                   help="put ffmpeg (~170 MB) inside the app, not in the optional dist/visualnet-ffmpeg/")
    args = p.parse_args(argv)
    try:
        if not args.smoke_only:
            ensure_pyinstaller()
            separate = not args.ffmpeg_bundled
            seconds = build(with_mp4=not args.without_mp4, ffmpeg_separate=separate)
            strip_libpython()
            if separate and not args.without_mp4:
                make_ffmpeg_part()
            else:
                shutil.rmtree(FFMPEG_PART, ignore_errors=True)
            print(f"build: {seconds:.0f} s")
        for folder in (APP, FFMPEG_PART):
            if folder.is_dir():
                print(f"size: {folder_bytes(folder) / 1e6:.1f} MB in {folder.relative_to(ROOT)}/")
        for line in smoke_test():
            print(f"smoke test ok: {line}")
    except subprocess.CalledProcessError as err:
        print(f"build failed: {err}", file=sys.stderr)
        return 1
    except SmokeTestError as err:
        print(f"smoke test failed: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
