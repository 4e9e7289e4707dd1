#!/usr/bin/env python3
"""Set up visualnet in its own virtual environment, then launch it or test it.

    python3 dev.py run  [app arguments]     # set up, then launch the app
    python3 dev.py test [pytest arguments]  # set up, then run the whole test suite

Both are idempotent: the environment in .venv/ is created once and re-synced only when
pyproject.toml changes. Only the standard library is used here, so it runs on a bare Python 3.11+.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("VISUALNET_VENV", ROOT / ".venv"))
STAMP = VENV / ".visualnet-installed"


def venv_python() -> Path:
    """The interpreter inside the project's virtual environment."""
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return VENV / sub


def wanted_stamp() -> str:
    """A fingerprint of what the environment must contain."""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def setup() -> Path:
    """Create the environment and install visualnet with its test extras, unless already done."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs before the version is known
        sys.exit(f"visualnet needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    py = venv_python()
    if not py.exists():
        print(f"Creating a virtual environment in {VENV} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    if not STAMP.exists() or STAMP.read_text().strip() != wanted_stamp():
        print("Installing visualnet and its dependencies ...", flush=True)
        subprocess.run(
            [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
             "-e", f"{ROOT}[test,dev]"],
            check=True,
        )
        STAMP.write_text(wanted_stamp())
    return py


def main(argv: list[str]) -> int:
    """Dispatch `run` or `test`."""
    if not argv or argv[0] not in ("run", "test", "setup"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    try:
        py = setup()
    except subprocess.CalledProcessError as err:
        print(f"Setting up the environment failed ({err}).", file=sys.stderr)
        return 1
    if command == "setup":
        return 0
    if command == "run":
        return subprocess.call([str(py), "-m", "visualnet", *rest], cwd=ROOT)
    return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
