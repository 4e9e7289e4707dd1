"""The type checker passes over the Qt-free code (core, files, session, presenters and the rest), and over
the Qt layer as far as PySide6's stubs allow (what they do not is set aside in pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _mypy(*targets: str) -> subprocess.CompletedProcess[str]:
    """mypy with the project's settings (pyproject.toml) over `targets`, or over its `files` if none."""
    if shutil.which("mypy", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("mypy is not installed: `pip install -e .[test,dev]` (dev.py does it)")
    return subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", *targets], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def test_mypy_finds_no_errors() -> None:
    files = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]["files"]
    assert "visualnet/core" in files and "visualnet/session.py" in files
    assert all((ROOT / f).exists() for f in files), "pyproject's [tool.mypy] files names a missing path"
    done = _mypy()
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


def test_mypy_finds_no_errors_in_the_qt_layer() -> None:
    """visualnet/app with the project's settings: its [[tool.mypy.overrides]] set aside only what
    PySide6's stubs do not describe (Qt properties as constructor keywords)."""
    done = _mypy("visualnet/app")
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
