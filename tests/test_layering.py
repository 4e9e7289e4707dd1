"""The layers import downwards only: app -> presenters -> session -> files, core; core imports only core
(and the Qt-free translation marker, `translatable`, which everything may use)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "visualnet"

# what each part of the package may import of visualnet's own (besides itself); None: anything
ALLOWED: dict[str, set[str] | None] = {
    "core": {"translatable"},
    "events": set(),
    "limits": {"translatable"},
    "translatable": set(),
    "textinput": {"translatable"},
    "files": {"core", "limits", "textinput", "translatable"},
    "hand_weights": {"core", "events", "translatable"},  # Session's weights by hand and timeline (a mixin)
    "selection": {"core", "events"},  # Session's point selection (a mixin)
    # Session's saving and opening (a mixin)
    "session_documents": {"core", "events", "files", "limits", "selection", "translatable"},
    "session": {"core", "events", "files", "hand_weights", "limits", "selection", "session_documents",
                "translatable"},
    "lessons": {"core", "session", "files", "limits", "pace", "textinput", "translatable"},
    "pace": set(),  # how many iterations a frame of the training clock runs
    "script_export": {"core", "session", "files"},
    "netrace": {"core", "events", "session", "presenters", "translatable"},
    "presenters": {"core", "session", "files", "limits", "netrace", "translatable"},
    "app": None,
}
QT = ("PySide6", "pyqtgraph", "shiboken6", "OpenGL")


def _part(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    return rel.parts[0]


def _type_only(tree: ast.Module) -> set[int]:
    """ids of the import nodes under `if TYPE_CHECKING:` (names for the type checker, not run)."""
    return {id(node) for block in ast.walk(tree) if isinstance(block, ast.If)
            and isinstance(block.test, ast.Name) and block.test.id == "TYPE_CHECKING"
            for node in ast.walk(block)}


def _imports(path: Path) -> set[str]:
    """The modules `path` imports when it runs."""
    names = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _part(p) not in ("__init__", "__main__"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_go_down_the_layers(path: Path) -> None:
    part = _part(path)
    assert part in ALLOWED, f"{part}: a new part of the package needs its place in ALLOWED"
    allowed = ALLOWED[part]
    if allowed is None:
        return
    imported = _imports(path)
    ours = {name.split(".")[1] for name in imported if name.startswith("visualnet.")} - {"__version__"}
    assert not ours - allowed - {part}, f"{path.name} imports {sorted(ours - allowed - {part})}"
    qt = sorted(name for name in imported if name.split(".")[0] in QT)
    assert not qt, f"{path.name} imports Qt: {qt}"
