"""Editing the weights in the weights view: a click types a value, the wheel nudges, right-click locks.

`WeightEditor` is the small field that opens over a clicked cell, edge or node (full-width digits
welcome, through `visualnet.textinput`; Enter applies, Esc cancels). `WeightEditing` turns the view's
mouse input into requests (`editRequested`, `nudgeRequested`, `lockRequested`, `fillRequested`); the
window makes them undoable edits of the session (weight_edits.py). Which parameter is under the mouse
is worked out by the presenter (`presenters.weights.pick_cell`, `pick_in_diagram`, `title_at`).
"""

from __future__ import annotations

import itertools
import time
from typing import TYPE_CHECKING, cast

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QLineEdit, QMenu, QWidget

from visualnet import textinput
from visualnet.app import i18n
from visualnet.presenters import weights
from visualnet.presenters.weights import Pick

if TYPE_CHECKING:
    import pyqtgraph as pg
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent

    from visualnet.app.views.weights_view import WeightsView

__all__ = ["GESTURE_GAP_S", "WeightEditing", "WeightEditor"]

GESTURE_GAP_S = 0.8  # wheel notches on one weight closer than this in time are one gesture (one undo step)
WHEEL_NOTCH = 120  # angleDelta of one notch of a mouse wheel (a touchpad sends fractions of it)
_gestures = itertools.count(1)


class WeightEditor(QLineEdit):
    """The value of one parameter, typed: Enter applies (or says why not), Esc or a click away cancels."""

    valueEntered = Signal(str, int, float)  # key, flat index, value
    refused = Signal(str)  # why the typed text is no number, in the language spoken

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("weightEditor")
        self.setAccessibleName("weightEditor")
        self.pick: Pick | None = None
        self.hide()

    def open(self, pick: Pick, name: str, value: float, place: QRect) -> None:
        """Show `value` of `pick` (called `name`), selected to type over, at `place` (parent coordinates)."""
        self.pick = pick
        self.setToolTip(self.tr("{name}: type a value, Enter applies, Esc cancels").format(name=name))
        self.setText(f"{value:.6g}".replace(".", self.locale().decimalPoint()))
        width = max(place.width(), self.fontMetrics().horizontalAdvance("−0.000000") + 16)
        height = self.sizeHint().height()
        parent = self.parentWidget()
        assert parent is not None  # made with the view as its parent
        x = min(max(place.center().x() - width // 2, 0), max(parent.width() - width, 0))
        y = min(max(place.center().y() - height // 2, 0), max(parent.height() - height, 0))
        self.setGeometry(x, y, width, height)
        self.show()
        self.raise_()
        self.selectAll()
        self.setFocus(Qt.FocusReason.MouseFocusReason)

    def event(self, event: QEvent) -> bool:
        """Enter and Esc are the field's while it is open, not the window's shortcuts (Esc clears the
        selection of points there)."""
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter applies the typed value, Esc closes without a change."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.apply()
        elif event.key() == Qt.Key.Key_Escape:
            self.cancel()
        else:
            super().keyPressEvent(event)

    def apply(self) -> None:
        """Hand on the typed number and close; a text that is no number keeps the field open, saying why."""
        if self.pick is None:
            return
        try:
            value = textinput.parse_number(self.text(), decimal_point=self.locale().decimalPoint())
        except textinput.InputRefusedError as err:
            reason = i18n.error_text(err)
            self.setToolTip(reason)
            self.refused.emit(self.tr("Not set: {reason}").format(reason=reason))
            return
        pick, self.pick = self.pick, None
        self.hide()
        self.valueEntered.emit(pick.key, pick.index, value)

    def cancel(self) -> None:
        """Close, nothing changed."""
        self.pick = None
        self.hide()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """A click elsewhere cancels (the window losing the focus to another one does not)."""
        super().focusOutEvent(event)
        if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self.cancel()


class WeightEditing(QObject):
    """The weights view's edits: click a cell, edge or node to type its value, scroll over it to nudge it,
    right-click it (or click a title) for locks and layer edits."""

    editStarted = Signal()  # the editor opened (training pauses)
    editRequested = Signal(str, int, float)  # key, flat index, the typed value
    nudgeRequested = Signal(str, int, float, int)  # key, flat index, change, wheel gesture id
    lockRequested = Signal(object, bool)  # {key: flat indices}, lock (True) or free them
    fillRequested = Signal(object, str)  # the layer's keys, "zero" or "random"
    inputRefused = Signal(str)  # a refusal or a hint for the status bar

    def __init__(self, view: WeightsView) -> None:
        super().__init__(view)
        self.editor = WeightEditor(view)
        self.editor.valueEntered.connect(self.editRequested)
        self.editor.refused.connect(self.inputRefused)
        self.menu: QMenu | None = None
        self._wheel: tuple[str, int, float, int] | None = None  # key, index, when, gesture of the last notch
        view.plot.scene().sigMouseClicked.connect(self._on_heatmap_clicked)
        view.diagram.scene().sigMouseClicked.connect(self._on_diagram_clicked)
        view.plot.viewport().installEventFilter(self)
        view.diagram.viewport().installEventFilter(self)

    @property
    def view(self) -> WeightsView:
        """The weights view: its Qt parent. Not held as an attribute: view.editing and editing.view would
        make a reference cycle, and a view Python owns (a test's, a script's) is then deleted by the
        garbage collector at some later moment, even in the middle of a paint."""
        return cast("WeightsView", self.parent())

    # ---------------------------------------------------------------- what is under the mouse

    def _values(self, key: str) -> np.ndarray:
        return np.asarray(self.view.session.model.params[key])

    def _shape(self, key: str) -> tuple[int, ...]:
        return tuple(np.shape(self.view.session.model.params[key]))

    def pick_at(self, scene_pos: QPointF, diagram: bool) -> Pick | None:
        """The parameter drawn at a scene position of the heatmaps or of the diagram."""
        if diagram:
            vb = self.view.diagram.getPlotItem().vb
            p = vb.mapSceneToView(scene_pos)
            px = vb.viewPixelSize()
            return weights.pick_in_diagram(self.view.diagram.network, self.view.session.model.params,
                                           p.x(), p.y(), (px[0], px[1]))
        p = self.view.canvas.mapSceneToView(scene_pos)
        return weights.pick_cell(self.view.places, p.x(), p.y())

    def _editable(self) -> bool:
        """Weights are edited as weights: not while their gradients are shown."""
        if self.view.show_gradients.isChecked():
            self.inputRefused.emit(i18n.translated(weights.GRADIENTS_NO_EDIT))
            return False
        return True

    # ---------------------------------------------------------------- clicks

    def _on_heatmap_clicked(self, ev: MouseClickEvent) -> None:
        p = self.view.canvas.mapSceneToView(ev.scenePos())
        title = weights.title_at(self.view.places, p.x(), p.y())
        self._clicked(ev, self.pick_at(ev.scenePos(), False), title, self.view.plot)

    def _on_diagram_clicked(self, ev: MouseClickEvent) -> None:
        self._clicked(ev, self.pick_at(ev.scenePos(), True), None, self.view.diagram)

    def _clicked(self, ev: MouseClickEvent, pick: Pick | None, title: str | None,
                 gv: pg.GraphicsView) -> None:
        """Left: edit the parameter (on a title: the layer's menu); right: the parameter's and layer's."""
        if (pick is None and title is None) or ev.button() not in (Qt.MouseButton.LeftButton,
                                                                    Qt.MouseButton.RightButton):
            return
        ev.accept()
        if not self._editable():
            return
        screen = gv.mapFromScene(ev.scenePos())
        if pick is None:
            assert title is not None
            self.open_menu(None, title, gv.viewport().mapToGlobal(screen))
        elif ev.button() == Qt.MouseButton.LeftButton:
            self.edit(pick, self._cell_rect(pick, gv, screen))
        else:
            self.open_menu(pick, pick.key, gv.viewport().mapToGlobal(screen))

    def _cell_rect(self, pick: Pick, gv: pg.GraphicsView, screen: QPoint) -> QRect:
        """Where the editor goes, in the view's coordinates: over the cell, or at the click (the diagram)."""
        place = self.view.places.get(pick.key) if gv is self.view.plot else None
        if place is None:
            at = gv.viewport().mapTo(self.view, screen)
            return QRect(at.x() - 40, at.y() - 10, 80, 20)
        cell = QRectF(place.x + pick.col, place.y + pick.row, 1, 1)
        on_scene = self.view.canvas.mapViewToScene(cell).boundingRect()
        on_view = gv.mapFromScene(on_scene).boundingRect()
        return QRect(gv.viewport().mapTo(self.view, on_view.topLeft()), on_view.size())

    def edit(self, pick: Pick, place: QRect) -> None:
        """Open the editor on `pick` at `place` (the view's coordinates)."""
        shape = self._shape(pick.key)
        self.editStarted.emit()
        self.editor.open(pick, pick.name(shape), float(self._values(pick.key).reshape(-1)[pick.index]), place)

    # ---------------------------------------------------------------- the wheel

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A wheel notch over a cell, edge or node nudges it (the wheel elsewhere does what it did)."""
        if event.type() != QEvent.Type.Wheel or not isinstance(event, QWheelEvent):
            return False
        diagram = watched is self.view.diagram.viewport()
        gv = self.view.diagram if diagram else self.view.plot
        pick = self.pick_at(gv.mapToScene(event.position().toPoint()), diagram)
        if pick is None:
            return False
        delta = event.angleDelta().y() or event.angleDelta().x()  # Shift turns some wheels sideways
        if delta and self._editable():
            self.nudge(pick, delta / WHEEL_NOTCH, bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        event.accept()
        return True

    def nudge(self, pick: Pick, notches: float, faster: bool = False) -> None:
        """Change `pick` by `notches` wheel notches (ten times as much `faster`); notches on one weight in
        quick succession make one gesture."""
        now = time.monotonic()
        last = self._wheel
        same = last is not None and last[:2] == (pick.key, pick.index) and now - last[2] < GESTURE_GAP_S
        gesture = last[3] if same and last is not None else next(_gestures)
        self._wheel = (pick.key, pick.index, now, gesture)
        step = weights.nudge_step(self._values(pick.key)) * (10.0 if faster else 1.0)
        self.nudgeRequested.emit(pick.key, pick.index, notches * step, gesture)

    # ---------------------------------------------------------------- the menu

    def open_menu(self, pick: Pick | None, key: str, at: QPoint) -> QMenu:
        """The menu of a parameter (lock it) and its layer (lock, zero, randomize), at screen point `at`."""
        session = self.view.session
        layer = weights.layer_of(list(session.model.params), key)
        names = ", ".join(layer)
        menu = QMenu(self.view)
        menu.setObjectName("weightMenu")
        if pick is not None:
            name = pick.name(self._shape(pick.key))
            edit = menu.addAction(self.tr("Edit {name}…").format(name=name))
            edit.setObjectName("weightEditAction")
            edit.triggered.connect(lambda: self._edit_at_menu(pick, at))
            locked = session.is_locked(pick.key, pick.index)
            lock = menu.addAction(self.tr("Unlock this weight") if locked else self.tr("Lock this weight"))
            lock.setObjectName("weightLockAction")
            one = {pick.key: np.array([pick.index])}
            lock.triggered.connect(lambda: self.lockRequested.emit(one, not locked))
            menu.addSeparator()
        all_locked = all(len(session.locks.get(k, ())) == session.model.params[k].size for k in layer)
        text = self.tr("Unlock layer ({names})") if all_locked else self.tr("Lock layer ({names})")
        lock_layer = menu.addAction(text.format(names=names))
        lock_layer.setObjectName("layerLockAction")
        every = {k: np.arange(session.model.params[k].size) for k in layer}
        lock_layer.triggered.connect(lambda: self.lockRequested.emit(every, not all_locked))
        zero = menu.addAction(self.tr("Zero layer ({names})").format(names=names))
        zero.setObjectName("layerZeroAction")
        zero.triggered.connect(lambda: self.fillRequested.emit(layer, "zero"))
        draw = menu.addAction(self.tr("Randomize layer ({names})").format(names=names))
        draw.setObjectName("layerRandomizeAction")
        draw.setToolTip(self.tr("Draw the layer's weights anew, as a new network's are drawn"))
        draw.triggered.connect(lambda: self.fillRequested.emit(layer, "random"))
        menu.setToolTipsVisible(True)
        self.menu = menu
        menu.aboutToHide.connect(menu.deleteLater)
        menu.popup(at)
        return menu

    def _edit_at_menu(self, pick: Pick, at: QPoint) -> None:
        local = self.view.mapFromGlobal(at)
        self.edit(pick, QRect(local.x() - 40, local.y() - 10, 80, 20))
