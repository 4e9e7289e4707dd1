"""visualnet.core runs without Qt: importing all of it in a fresh interpreter loads no Qt module."""

import json
import subprocess
import sys
from pathlib import Path

QT_PREFIXES = ("PySide6", "shiboken6", "pyqtgraph", "PyQt")

CHECK = """
import importlib, json, pkgutil, sys
import visualnet.core as core
names = [m.name for m in pkgutil.walk_packages(core.__path__, "visualnet.core.")]
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "loaded": sorted(sys.modules)}))
"""


def test_core_imports_no_qt():
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=root, capture_output=True, text=True, check=True, timeout=120
    )
    report = json.loads(out.stdout.strip().splitlines()[-1])
    mine = {"activations", "functions", "layers", "mlp", "perceptron", "optimizers"}
    assert {f"visualnet.core.{m}" for m in mine} <= set(report["imported"])
    qt = [name for name in report["loaded"] if name.startswith(QT_PREFIXES)]
    assert qt == [], f"visualnet.core pulled in Qt modules: {qt}"
