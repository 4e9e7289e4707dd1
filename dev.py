#!/usr/bin/env python3
"""Set up visualnet in its own virtual environment, then launch it or test it.

    python3 dev.py run  [app arguments]     # set up, then launch the app
    python3 dev.py test [pytest arguments]  # set up, then run the whole test suite
    python3 dev.py test-oldest [pytest arguments]  # the suite on the oldest allowed dependencies
    python3 dev.py translations             # refresh the .ts files from the code, make the .qm files

Both are idempotent: the environment in .venv/ is created once and re-synced only when
pyproject.toml changes. `test-oldest` does the same in build/venv-oldest/ with the constraints in
packaging/oldest.txt (every runtime dependency at its lower bound). Only the standard library is used
here, so it runs on a bare Python 3.11+.
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
OLDEST_VENV = ROOT / "build" / "venv-oldest"
OLDEST = ROOT / "packaging" / "oldest.txt"
TRANSLATIONS = ROOT / "visualnet" / "translations"


def venv_python(venv_dir: Path = VENV) -> Path:
    """The interpreter inside a virtual environment (the project's unless told)."""
    sub = "Scripts/python.exe" if os.name == "nt" else "bin/python"
    return venv_dir / sub


def wanted_stamp(constraints: Path | None = None) -> str:
    """A fingerprint of what the environment must contain."""
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes())
    if constraints is not None:
        digest.update(constraints.read_bytes())
    return digest.hexdigest()


def setup(venv_dir: Path = VENV, constraints: Path | None = None) -> Path:
    """Create the environment and install visualnet with its test extras, unless already done."""
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py runs before the version is known
        sys.exit(f"visualnet needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    py = venv_python(venv_dir)
    stamp = venv_dir / ".visualnet-installed"
    if not py.exists():
        print(f"Creating a virtual environment in {venv_dir} ...", flush=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(venv_dir)
    if not stamp.exists() or stamp.read_text().strip() != wanted_stamp(constraints):
        print("Installing visualnet and its dependencies ...", flush=True)
        pinned = ["-c", str(constraints)] if constraints is not None else []
        subprocess.run(
            [str(py), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", *pinned,
             "-e", f"{ROOT}[test,dev]"],
            check=True,
        )
        stamp.write_text(wanted_stamp(constraints))
    return py


def translations(py: Path) -> int:
    """Bring every .ts source up to date with the code's tr() strings, then compile each to its .qm.

    The PySide6 wheel's pyside6-lupdate reads the Python sources; `-locations none` keeps line numbers
    out of the .ts (so moving code does not churn it) and `-no-obsolete` drops strings the code lost.
    """
    tools = py.parent
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "visualnet").rglob("*.py"))
    for ts in sorted(TRANSLATIONS.glob("*.ts")):
        for command in ([str(tools / "pyside6-lupdate"), "-silent", "-locations", "none", "-no-obsolete",
                         *sources, "-ts", str(ts.relative_to(ROOT))],
                        [str(tools / "pyside6-lrelease"), "-silent", str(ts),
                         "-qm", str(ts.with_suffix(".qm"))]):
            if subprocess.call(command, cwd=ROOT) != 0:
                return 1
        print(f"{ts.relative_to(ROOT)}: updated; {ts.with_suffix('.qm').name} made")
    return 0


def main(argv: list[str]) -> int:
    """Dispatch `run`, `test`, `test-oldest`, `translations` or `setup`."""
    if not argv or argv[0] not in ("run", "test", "test-oldest", "translations", "setup"):
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    try:
        py = setup(OLDEST_VENV, OLDEST) if command == "test-oldest" else setup()
    except subprocess.CalledProcessError as err:
        print(f"Setting up the environment failed ({err}).", file=sys.stderr)
        return 1
    if command == "setup":
        return 0
    if command == "translations":
        return translations(py)
    if command == "run":
        return subprocess.call([str(py), "-m", "visualnet", *rest], cwd=ROOT)
    return subprocess.call([str(py), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
