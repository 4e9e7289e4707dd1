"""Real mouse input for Qt tests, and a check that nothing non-finite is drawn."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget


def send_mouse(widget: QWidget, kind: QEvent.Type, pos: QPoint, button: Qt.MouseButton,
               buttons: Qt.MouseButton) -> None:
    """Deliver one real QMouseEvent to a widget (what a mouse would send)."""
    local = QPointF(pos)
    ev = QMouseEvent(kind, local, widget.mapToGlobal(local), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def drag(qtbot, widget: QWidget, start: QPoint, end: QPoint, steps: int = 8) -> None:
    """Press at start, move in steps with the button held, release at end."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    send_mouse(widget, QEvent.Type.MouseMove, start, none, none)
    send_mouse(widget, QEvent.Type.MouseButtonPress, start, left, left)
    for k in range(1, steps + 1):
        send_mouse(widget, QEvent.Type.MouseMove, start + (end - start) * (k / steps), none, left)
        qtbot.wait(5)
    send_mouse(widget, QEvent.Type.MouseButtonRelease, end, left, none)
    qtbot.wait(5)


def click(widget: QWidget, pos: QPoint, button: Qt.MouseButton = Qt.MouseButton.LeftButton) -> None:
    """Press and release at one place."""
    none = Qt.MouseButton.NoButton
    send_mouse(widget, QEvent.Type.MouseMove, pos, none, none)
    send_mouse(widget, QEvent.Type.MouseButtonPress, pos, button, button)
    send_mouse(widget, QEvent.Type.MouseButtonRelease, pos, button, none)


def nonfinite_items(root: QWidget) -> list[str]:
    """The plot items under `root` that hold or draw NaN or infinity (there must be none)."""
    bad = []
    for gv in root.findChildren(pg.GraphicsView):
        for item in gv.scene().items():
            arrays = []
            if isinstance(item, pg.ImageItem) and item.image is not None:
                arrays.append(item.image)
            elif isinstance(item, pg.PlotDataItem):
                arrays += [a for a in item.getData() if a is not None]
            elif isinstance(item, pg.ScatterPlotItem):
                arrays += [item.data["x"], item.data["y"]]
            drawn = getattr(item, "drawn_arrays", None)  # one custom item drawing several things
            if callable(drawn):
                arrays += list(drawn())
            if any(np.asarray(a).dtype.kind == "f" and not np.all(np.isfinite(a)) for a in arrays):
                bad.append(f"{gv.objectName()}:{type(item).__name__}")
    return bad
