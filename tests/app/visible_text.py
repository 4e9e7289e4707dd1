"""Every text a user can see in a window (labels, buttons, menus, tips, plot labels), and the English left.

Used by the language tests: with Chinese chosen, no text of a window may still be English, apart from
the names the course itself keeps in English (sigmoid, ReLU, softmax, SGD, Adam, epoch, mini-batch …),
units, file formats, keys and formulas.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pyqtgraph as pg
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QDockWidget,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QMenu,
    QTabBar,
    QTabWidget,
    QWidget,
)

# Words a Chinese text keeps in Latin letters: what the course and the book's Chinese edition write so
# (glossary-zh.md), product and file-format names, keys, and the names of test functions and datasets
KEPT = {
    "visualnet", "sigmoid", "Sigmoid", "ReLU", "relu", "Leaky", "leaky", "tanh", "Tanh", "softmax", "Softmax",
    "step", "identity",  # activation names as the core spells them (shown beside their Chinese names)
    "SGD", "Momentum", "AdaGrad", "RMSprop", "Adam", "Nesterov", "mini", "batch", "epoch", "epochs",
    "batch_size", "MLP", "PCA", "CSV", "JSON", "PNG", "GIF", "MP4", "SVG", "NumPy", "numpy", "Python", "Qt",
    "Ctrl", "Shift", "Alt", "Esc", "Space", "Delete", "Backspace", "Enter", "Tab", "Home", "End", "PgUp",
    "PgDn", "XOR", "AND", "NAND", "OR", "NOT", "English", "Rosenbrock", "Himmelblau", "Beale", "Rastrigin",
    "Booth", "Matyas", "Ackley", "Styblinski", "Tang", "lr", "max", "min", "log", "exp", "sin", "cos", "abs",
    "sqrt", "argmax", "pi", "tan", "XW",
    "it", "fps", "ms", "MB", "KB", "GB", "px", "He", "Xavier", "OpenGL", "ffmpeg",
    "apt", "install", "sudo", "fonts", "noto", "cjk", "Debian", "Ubuntu", "Fedora", "google", "sans",
    "Windows", "macOS", "Linux", "Noto", "Sans", "CJK", "SC", "Source", "Han", "Microsoft", "YaHei",
    "PingFang", "e-", "nan", "inf", "NaN", "Inf", "GELU", "ELU", "SiLU", "softplus", "swish",
}
WORD = re.compile(r"(?<![\w.])[A-Za-z][A-Za-z'’]+(?![\w(])")


def plain(text: str) -> str:
    """`text` without HTML tags and entities, and without accelerator ampersands."""
    return html.unescape(re.sub(r"<[^>]*>", " ", text)).replace("&", "")


def english_words(text: str) -> list[str]:
    """The English words in `text` (the kept names, variables like W1 and formulas aside)."""
    return [w for w in WORD.findall(plain(text)) if w not in KEPT]


def _menu_texts(menu: QMenu, where: str) -> Iterator[tuple[str, str]]:
    yield f"{where} menu", menu.title()
    for action in menu.actions():
        yield from _action_texts(action, f"{where} › {plain(menu.title()).strip()}")


def _action_texts(action: QAction, where: str) -> Iterator[tuple[str, str]]:
    if action.isSeparator() or not action.isVisible():
        return
    sub = action.menu()
    if isinstance(sub, QMenu):
        yield from _menu_texts(sub, where)
        return
    name = action.objectName() or action.text()
    yield f"{where} action {name}", action.text()
    if action.toolTip() != action.text().replace("&", ""):
        yield f"{where} action {name} tip", action.toolTip()
    yield f"{where} action {name} status tip", action.statusTip()


def _shown(widget: QWidget, root: QWidget) -> bool:
    return widget is root or widget.isVisibleTo(root)


def texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for every text a user can see or hover in `root` and its children."""
    yield "window title", root.windowTitle()
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if not _shown(w, root):
            continue
        name = w.objectName() or type(w).__name__
        if w.toolTip():
            yield f"{name} tip", w.toolTip()
        if isinstance(w, QLabel):
            yield f"{name} label", w.text()
        elif isinstance(w, QAbstractButton):
            yield f"{name} button", w.text()
        elif isinstance(w, QGroupBox):
            yield f"{name} group", w.title()
        elif isinstance(w, QLineEdit):
            yield f"{name} placeholder", w.placeholderText()
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield f"{name} item {i}", w.itemText(i)
                tip = w.itemData(i, 3)  # Qt.ItemDataRole.ToolTipRole
                if isinstance(tip, str):
                    yield f"{name} item {i} tip", tip
        elif isinstance(w, QListWidget):
            for i in range(w.count()):
                yield f"{name} item {i}", w.item(i).text()
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield f"{name} tab {i}", w.tabText(i)
                yield f"{name} tab {i} tip", w.tabToolTip(i)
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                yield f"{name} tab {i}", w.tabText(i)
        elif isinstance(w, QDockWidget):
            yield f"{name} dock title", w.windowTitle()
        elif isinstance(w, pg.GraphicsView):
            scene = w.scene()
            for item in scene.items() if scene is not None else []:
                if not item.isVisible():
                    continue
                if isinstance(item, QGraphicsTextItem):
                    yield f"{name} plot text", item.toPlainText()
                elif isinstance(item, QGraphicsSimpleTextItem):
                    yield f"{name} plot text", item.text()
        for action in w.actions():
            yield from _action_texts(action, name)
    if isinstance(root, QMainWindow):
        yield "status message", root.statusBar().currentMessage()


def english_left(root: QWidget) -> list[tuple[str, str]]:
    """(where, text) for every text of `root` that still has English words in it."""
    seen: set[tuple[str, str]] = set()
    left = []
    for where, text in texts(root):
        if text and english_words(text) and (where, text) not in seen:
            seen.add((where, text))
            left.append((where, text))
    return left


def speak(choice: str) -> None:
    """Choose a language ("en", "zh_CN", "system") and let every widget hear it (LanguageChange is posted)."""
    from PySide6.QtWidgets import QApplication

    from visualnet.app import i18n

    i18n.language().apply(choice)
    QApplication.processEvents()


def report(left: list[tuple[str, str]]) -> str:
    """The English left, one text a line, for an assertion message."""
    return "\n".join(f"{where}: {text[:120]!r}" for where, text in left[:40])
