"""The wheel holds everything the app needs: built, installed into a fresh venv outside the repository, run.

Set VISUALNET_WHEEL to a built wheel to test that one instead of building (CI may test a release file).
About 30 s: building ~10 s, `pip install` of the wheel with its dependencies ~15 s, two runs of the app.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT_SIZE = (800, 600)
TIMEOUT_S = 300
# files outside the package the wheel installs under the environment's share/ (pyproject's data-files)
SHARED_FILES = [
    "share/applications/visualnet.desktop",
    "share/icons/hicolor/scalable/apps/visualnet.svg",
    *(f"share/visualnet/assets/visualnet-{s}.png" for s in (16, 32, 48, 64, 128, 256, 512)),
    "share/visualnet/assets/visualnet.svg",
]


def _bin(env_dir: Path, name: str) -> Path:
    """A program inside a virtual environment."""
    return env_dir / ("Scripts" if os.name == "nt" else "bin") / (name + (".exe" if os.name == "nt" else ""))


def _clean_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a user's shell: no PYTHONPATH, no active venv, private HOME and XDG folders."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(QT_QPA_PLATFORM="offscreen", OPENBLAS_NUM_THREADS="1", HOME=str(tmp_path / "home"),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_CACHE_HOME=str(tmp_path / "cache"))
    return env


def _run(args: list[str | Path], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a command, failing the test with its output if it fails."""
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=TIMEOUT_S, check=False)
    assert result.returncode == 0, f"{args} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel under test: $VISUALNET_WHEEL, or one built now from the repository with `python -m build`."""
    given = os.environ.get("VISUALNET_WHEEL")
    if given:
        return Path(given).resolve()
    out = tmp_path_factory.mktemp("dist")
    if importlib.util.find_spec("build") is not None:
        cmd = [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)]
    else:  # `build` comes with the dev extra; pip makes the same wheel through the same backend
        cmd = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(ROOT)]
    subprocess.run(cmd, check=True, capture_output=True, timeout=TIMEOUT_S)
    (built,) = out.glob("visualnet-*.whl")
    return built


def test_the_wheel_holds_the_package_the_icons_and_the_desktop_file(wheel: Path) -> None:
    """Every module of the source tree, the entry point and the shared files are in the wheel."""
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        data = next(n.split("/")[0] for n in names if ".data/" in n)
        entry_points = zf.read(next(n for n in names if n.endswith(".dist-info/entry_points.txt"))).decode()
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "visualnet").rglob("*.py")}
    assert not modules - names, f"modules missing from the wheel: {sorted(modules - names)}"
    qm_files = (ROOT / "visualnet" / "translations").glob("*.qm")
    translations = {p.relative_to(ROOT).as_posix() for p in qm_files}
    assert translations and not translations - names, "the interface's translations are missing"
    missing = [f for f in SHARED_FILES if f"{data}/data/{f}" not in names]
    assert not missing, f"missing from the wheel: {missing}"
    assert "[gui_scripts]" in entry_points and "visualnet = visualnet.app:main" in entry_points


def test_the_installed_wheel_runs_outside_the_repository(wheel: Path, tmp_path: Path) -> None:
    """A fresh venv, `pip install` the wheel, then `visualnet --version` and an offscreen --snapshot."""
    from PySide6.QtGui import QImage

    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
    env = _clean_env(tmp_path)
    _run([_bin(env_dir, "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", wheel],
         tmp_path, env)

    code = "import visualnet; print(visualnet.__file__)"
    found = _run([_bin(env_dir, "python"), "-c", code], tmp_path, env)
    assert Path(found.stdout.strip()).is_relative_to(env_dir), f"imported from {found.stdout.strip()}"
    for name in SHARED_FILES:
        assert (env_dir / name).is_file(), f"{name} was not installed"

    icon = ("from PySide6.QtWidgets import QApplication; app = QApplication([]); "
            "from visualnet.app.window import app_icon; "
            "print(sorted(s.width() for s in app_icon().availableSizes()))")
    sizes = _run([_bin(env_dir, "python"), "-c", icon], tmp_path, env)
    assert sizes.stdout.strip() == "[16, 32, 48, 64, 128, 256, 512]", "the window finds no icon"

    version = wheel.name.split("-")[1]
    result = _run([_bin(env_dir, "visualnet"), "--version"], tmp_path, env)
    assert (result.stdout + result.stderr).strip() == f"visualnet {version}"

    png = tmp_path / "out.png"
    w, h = SNAPSHOT_SIZE
    _run([_bin(env_dir, "visualnet"), "--snapshot", png.name, "--steps", "20", "--size", f"{w}x{h}"],
         tmp_path, env)
    image = QImage(str(png))
    assert not image.isNull(), "the snapshot does not decode as a PNG"
    assert 0.9 * w <= image.width() <= 1.1 * w and 0.9 * h <= image.height() <= 1.1 * h, image.size()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 20) for y in range(0, image.height(), 20)}
    assert len(colours) >= 8, f"only {len(colours)} colours: the window did not render"
