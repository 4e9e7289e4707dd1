"""CI on every other CPython 3.12+ the machine has: a fresh venv each, the core tests, a --snapshot run.

    python3 .ci/other_pythons.py            # every python3.12, python3.13, ... found (PATH, pyenv)
    python3 .ci/other_pythons.py PYTHON...  # just these interpreters

For each: `pip install .[test]` into build/ci-py3.X/ (created afresh), then pytest on the Qt-free tests
(tests/core, tests/presenters, the session, selection, file, lesson and layering tests), then
`visualnet --snapshot` offscreen with the PNG checked. Interpreters that are missing or do not run are
skipped and named. Prints each one's time; exits non-zero if any found interpreter fails.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAIN_MINOR = 11  # the whole suite runs on 3.11 (`python3 dev.py test`); the others run the tests below
TESTS = ["tests/core", "tests/presenters", "tests/test_session.py", "tests/test_selection_state.py",
         "tests/test_files.py", "tests/test_lessons.py", "tests/test_lesson_files.py",
         "tests/test_lesson_divergence.py", "tests/test_layering.py", "tests/test_textinput.py"]
SNAPSHOT = ("800", "600")
CHECK_PNG = """
import sys
from PySide6.QtGui import QImage
w, h = int(sys.argv[2]), int(sys.argv[3])
image = QImage(sys.argv[1])
assert not image.isNull(), "the snapshot does not decode"
size = (image.width(), image.height())
assert abs(size[0] - w) <= w // 10 and abs(size[1] - h) <= h // 10, size
colours = {image.pixel(x, y) for x in range(0, image.width(), 20) for y in range(0, image.height(), 20)}
assert len(colours) >= 8, f"only {len(colours)} colours"
print(f"{image.width()}x{image.height()} PNG, {len(colours)} colours")
"""


def version_of(python: str) -> tuple[int, int] | None:
    """(major, minor) of a CPython interpreter, or None if it does not run (e.g. an inactive pyenv shim)."""
    try:
        out = subprocess.run([python, "-c", "import sys, platform; print(platform.python_implementation(),"
                              " *sys.version_info[:2])"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    parts = out.stdout.split()
    if out.returncode != 0 or len(parts) != 3 or parts[0] != "CPython":
        return None
    return int(parts[1]), int(parts[2])


def find_pythons() -> dict[tuple[int, int], str]:
    """One working interpreter per CPython minor version above 3.11: `python3.X` on PATH, then pyenv's."""
    pyenv_root = os.environ.get("PYENV_ROOT", str(Path.home() / ".pyenv"))
    found: dict[tuple[int, int], str] = {}
    for minor in range(MAIN_MINOR + 1, 30):
        candidates = [shutil.which(f"python3.{minor}") or "",
                      *sorted(glob.glob(f"{pyenv_root}/versions/3.{minor}.*/bin/python"), reverse=True)]
        for python in filter(None, candidates):
            if version_of(python) == (3, minor):
                found[(3, minor)] = python
                break
    return found


def run(args: list[str], **kwargs: object) -> None:
    """Run a command in the repository folder, raising CalledProcessError if it fails."""
    print("  $", " ".join(a if "\n" not in a else "<script>" for a in args), flush=True)
    subprocess.run(args, cwd=ROOT, check=True, **kwargs)  # type: ignore[call-overload]


def check(python: str, minor: tuple[int, int]) -> float:
    """Fresh venv, install with the test extras, the core tests and a snapshot; returns the seconds taken."""
    t0 = time.perf_counter()
    env_dir = ROOT / "build" / f"ci-py{minor[0]}.{minor[1]}"
    shutil.rmtree(env_dir, ignore_errors=True)
    run([python, "-m", "venv", str(env_dir)])
    py = str(env_dir / "bin" / "python")
    run([py, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", f"{ROOT}[test]"])
    run([py, "-m", "pip", "list", "--disable-pip-version-check", "--format=freeze"],
        stderr=subprocess.DEVNULL)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(env_dir / "home"),
           "XDG_DATA_HOME": str(env_dir / "data"), "XDG_CONFIG_HOME": str(env_dir / "config")}
    # the tests import the source tree (pytest puts the repository first on sys.path); the snapshot below
    # runs the installed `visualnet` command
    run([py, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS], env=env)
    png = env_dir / "smoke.png"
    run([str(env_dir / "bin" / "visualnet"), "--snapshot", str(png), "--steps", "20",
         "--size", "x".join(SNAPSHOT)], env=env)
    run([py, "-c", CHECK_PNG, str(png), *SNAPSHOT], env=env)
    return time.perf_counter() - t0


def main(argv: list[str]) -> int:
    """Check each interpreter; exit 1 if any fails."""
    if argv:
        pythons = {v: p for p in argv if (v := version_of(p)) is not None}
        skipped = [p for p in argv if version_of(p) is None]
    else:
        pythons, skipped = find_pythons(), []
    for p in skipped:
        print(f"skipped {p}: it does not run")
    if not pythons:
        print("no other CPython 3.12+ found: nothing to do")
        return 0
    failed, times = [], []
    for minor, python in sorted(pythons.items()):
        print(f"== Python {minor[0]}.{minor[1]} ({python})", flush=True)
        try:
            times.append(f"{minor[0]}.{minor[1]}: {check(python, minor):.0f} s")
        except subprocess.CalledProcessError as err:
            print(f"FAILED on Python {minor[0]}.{minor[1]}: {err}", flush=True)
            failed.append(f"{minor[0]}.{minor[1]}")
    summary = ", ".join(times) or "none passed"
    print(f"other Pythons: {summary}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
