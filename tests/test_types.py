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


def _targets() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    return [p for p in config["files"] if (ROOT / p).exists()]


def test_mypy_finds_no_errors() -> None:
    if shutil.which("mypy", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("mypy is not installed: `pip install -e .[test,dev]` (dev.py does it)")
    targets = _targets()
    assert "visualnet/core" in targets and "visualnet/session.py" in targets
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", *targets], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]


def test_mypy_finds_no_errors_in_the_qt_layer() -> None:
    """visualnet/app with the project's settings: its [[tool.mypy.overrides]] set aside only what
    PySide6's stubs do not describe (Qt properties as constructor keywords)."""
    if shutil.which("mypy", path=str(Path(sys.executable).parent)) is None:
        pytest.fail("mypy is not installed: `pip install -e .[test,dev]` (dev.py does it)")
    done = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental", "visualnet/app"], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
