"""The model side runs without Qt: importing it in a fresh interpreter loads no Qt module.

Covered: every module of visualnet.core, visualnet.files and visualnet.presenters (packages,
walked with pkgutil), and visualnet.session, netrace, lessons and script_export.
"""

import json
import subprocess
import sys
from pathlib import Path

QT_PREFIXES = ("PySide6", "shiboken6", "pyqtgraph", "PyQt")
PACKAGES = ("visualnet.core", "visualnet.files", "visualnet.presenters")
MODULES = ("visualnet.session", "visualnet.netrace", "visualnet.lessons", "visualnet.script_export")

CHECK = """
import importlib, json, pkgutil, sys
names = []
for package in PACKAGES:
    module = importlib.import_module(package)
    names.append(package)
    if hasattr(module, "__path__"):  # a package: every module in it
        names += [m.name for m in pkgutil.walk_packages(module.__path__, package + ".")]
names += MODULES
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""


def test_the_model_side_imports_no_qt():
    root = Path(__file__).resolve().parents[2]
    code = f"PACKAGES = {PACKAGES!r}\nMODULES = {MODULES!r}\n{CHECK}"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    core = {"activations", "functions", "layers", "mlp", "fast_mlp", "stacked_losses", "params",
            "protocols", "perceptron", "optimizers", "training", "grids", "landscape"}
    imported = set(report["imported"])
    assert {f"visualnet.core.{m}" for m in core} <= imported
    assert {*PACKAGES, *MODULES} <= imported
    assert any(name.startswith("visualnet.presenters.") for name in imported)
    qt = [name for name in report["loaded"] if name.startswith(QT_PREFIXES)]
    assert qt == [], f"the model side pulled in Qt modules: {qt}"
