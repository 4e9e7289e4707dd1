"""The data view's tools: a strip to choose how the mouse edits the points (put, brush, jitter, magnet,
erase, select) with the brush's radius and strength, and the strokes of the brushes.

A brush acts while the left button is held, on a timer (so also while the mouse stands still): each tick
asks for one edit (the points sprayed, moved or erased in that tick), and the window makes the ticks of a
stroke one undo step. The geometry is in visualnet.presenters.brushes (no Qt).
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, ClassVar, cast

import numpy as np
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPointF, QRectF, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QToolBar,
    QToolButton,
    QWidget,
)

from visualnet.app import i18n, palette
from visualnet.app.optimizer_widgets import NumberSpin
from visualnet.presenters import brushes
from visualnet.presenters.brushes import BRUSH_TOOLS, TOOL_NAMES, TOOL_TIPS, TOOLS, Tool

if TYPE_CHECKING:
    from visualnet.app.views.dataset_view import DatasetView

__all__ = ["SHORTCUTS", "BrushStrokes", "DataTools", "KeyRow", "ViewToggles"]

# S, R and F are the window's Step, Reset and Fit; A (an Area) selects
SHORTCUTS: dict[Tool, str] = {"put": "P", "brush": "B", "jitter": "J", "magnet": "M", "erase": "E",
                              "select": "A"}
TICK_MS = 30  # a brush acts about 33 times a second
MAX_TICK_S = 0.1  # a late tick (a busy machine) acts as if 0.1 s had passed, not more
DEFAULT_RADIUS_PX, DEFAULT_INTENSITY = 40, 30
_stroke_ids = itertools.count(1)


class DataTools(QToolBar):
    """The tool strip: one checkable action per tool (exclusive), the radius and the strength."""

    toolChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dataTools")
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.group = QActionGroup(self)  # exclusive: one tool at a time
        self.tool_actions: dict[Tool, QAction] = {}
        for tool in TOOLS:
            action = QAction(self)
            action.setObjectName(f"tool{tool.capitalize()}")
            action.setCheckable(True)
            action.setData(tool)
            # only while the data view (or this strip) has the keyboard: the letters mean nothing elsewhere
            action.setShortcut(QKeySequence(SHORTCUTS[tool]))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            self.group.addAction(action)
            self.addAction(action)
            self.tool_actions[tool] = action
        self.tool_actions["put"].setChecked(True)
        self.group.triggered.connect(lambda action: self.toolChanged.emit(action.data()))
        self.addSeparator()
        self.radius_label, self.intensity_label = QLabel(), QLabel()
        self.radius = self._spin("toolRadius", 2, 400, DEFAULT_RADIUS_PX)
        self.intensity = self._spin("toolIntensity", 1, 100, DEFAULT_INTENSITY)
        for label, spin in ((self.radius_label, self.radius), (self.intensity_label, self.intensity)):
            label.setBuddy(spin)
            label.setContentsMargins(6, 0, 2, 0)
            self.addWidget(label)
            self.addWidget(spin)
        self.toolChanged.connect(self._enable_settings)
        self._enable_settings()
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def _spin(self, name: str, lo: int, hi: int, value: int) -> NumberSpin:
        spin = NumberSpin()
        spin.setObjectName(name)
        spin.setAccessibleName(name)
        spin.setRange(lo, hi)
        spin.setValue(value)
        return spin

    def retranslate(self) -> None:
        """The tools' names and tips, the boxes' labels, in the language now spoken."""
        for tool, action in self.tool_actions.items():
            action.setText(i18n.translated(TOOL_NAMES[tool]))
            action.setToolTip(self.tr("{tip} ({key})").format(tip=i18n.translated(TOOL_TIPS[tool]),
                                                               key=SHORTCUTS[tool]))
        self.radius_label.setText(self.tr("Radius"))
        self.radius.setSuffix(self.tr(" px"))
        self.radius.setToolTip(self.tr("The brush's radius on screen, in pixels"))
        self.intensity_label.setText(self.tr("Strength"))
        self.intensity.setSuffix(self.tr(" %"))
        self.intensity.setToolTip(self.tr("How fast a brush sprays (10 points a second per %), "
                                          "scatters or pulls"))

    @property
    def tool(self) -> Tool:
        """The tool chosen now."""
        checked = self.group.checkedAction()
        return cast(Tool, checked.data()) if checked is not None else "put"

    def set_tool(self, tool: Tool) -> None:
        """Choose a tool (as its action would)."""
        self.tool_actions[tool].trigger()

    def _enable_settings(self) -> None:
        on = self.tool in BRUSH_TOOLS
        for widget in (self.radius, self.radius_label, self.intensity, self.intensity_label):
            widget.setEnabled(on)


class ViewToggles(QObject):
    """The data view's two view settings, as checkable actions (a menu may show them too): the test
    points shown or hidden, and the field as probabilities or as hard class regions."""

    changed = Signal()
    KEYS: ClassVar[dict[str, str]] = {"show_test": "view/show_test_data",  # in QSettings
                                      "discretize": "view/discretize_output"}

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.show_test = self._action("showTestData", True)
        self.discretize = self._action("discretizeOutput", False)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def _action(self, name: str, checked: bool) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        action.setCheckable(True)
        action.setChecked(checked)
        action.toggled.connect(lambda _on: self.changed.emit())
        return action

    def buttons(self) -> list[QToolButton]:
        """A flat button for each toggle (objectName: the action's, + "Button")."""
        out = []
        for action in (self.show_test, self.discretize):
            button = QToolButton()
            button.setObjectName(action.objectName() + "Button")
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            out.append(button)
        return out

    def retranslate(self) -> None:
        """The toggles' names and tips in the language now spoken."""
        self.show_test.setText(self.tr("Test points"))
        self.show_test.setToolTip(self.tr("Show the test points (hidden, they are neither drawn nor "
                                          "clickable; they still count in the test loss)"))
        self.discretize.setText(self.tr("Discretize"))
        self.discretize.setToolTip(self.tr("Colour each place by the class the network picks, at full "
                                           "strength, instead of by how sure it is"))

    def options(self) -> dict[str, bool]:
        """{"show_test": ..., "discretize": ...}: what a session file's "view" holds."""
        return {"show_test": self.show_test.isChecked(), "discretize": self.discretize.isChecked()}

    def set_options(self, options: dict[str, bool] | None) -> None:
        """Set the toggles named in `options` (others keep their state); None changes nothing."""
        for key, value in (options or {}).items():
            action = getattr(self, key, None) if key in self.KEYS else None
            if isinstance(action, QAction) and isinstance(value, bool):
                action.setChecked(value)

    def restore(self, settings: QSettings) -> None:
        """Take the toggles' states from the window's settings (defaults where none is saved)."""
        self.set_options({key: bool(settings.value(name, getattr(self, key).isChecked(), type=bool))
                          for key, name in self.KEYS.items()})

    def save(self, settings: QSettings) -> None:
        """Keep the toggles' states in the window's settings."""
        for key, value in self.options().items():
            settings.setValue(self.KEYS[key], value)


class KeyRow(QWidget):
    """The line under the data view: the key to its marks, the view's toggles at its right; the toggles
    take a line of their own (at the right) when beside them the key would wrap."""

    def __init__(self, key: QLabel, buttons: list[QToolButton]) -> None:
        super().__init__()
        self.key = key
        self.box = QWidget()
        line = QHBoxLayout(self.box)
        line.setContentsMargins(0, 0, 2, 0)
        line.setSpacing(0)
        for button in buttons:
            line.addWidget(button)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(0)
        self.grid.addWidget(key, 0, 0)
        self.grid.setColumnStretch(0, 1)
        self.one_line: bool | None = None
        self._arrange(True)

    def _fits(self, width: int) -> bool:
        """Whether the key's text on one line and the toggles fit in `width` pixels."""
        margins = self.key.contentsMargins()
        text = self.key.fontMetrics().horizontalAdvance(self.key.text()) + margins.left() + margins.right()
        return width >= text + 8 + self.box.sizeHint().width()

    def _arrange(self, one_line: bool) -> None:
        if one_line == self.one_line:
            return
        self.one_line = one_line
        self.grid.removeWidget(self.box)
        if one_line:
            self.grid.addWidget(self.box, 0, 1, Qt.AlignmentFlag.AlignVCenter)
        else:
            self.grid.addWidget(self.box, 1, 0, Qt.AlignmentFlag.AlignRight)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """One line or two, for the new width."""
        super().resizeEvent(event)
        self._arrange(self._fits(event.size().width()))

    def event(self, event: QEvent) -> bool:
        """A new key (another task, another language) may change what fits."""
        if event.type() == QEvent.Type.LayoutRequest:
            self._arrange(self._fits(self.width()))
        return super().event(event)


class BrushStrokes(QObject):
    """Turns the left button held over the data view, with a brush chosen, into strokes: one edit
    request per timer tick. Also draws the brush's circle around the cursor."""

    sprayRequested = Signal(object, int)  # xy (k, 2) of new points, stroke id
    nudgeRequested = Signal(object, object, str, int)  # indices (k,), their new xy (k, 2), tool, stroke id
    eraseRequested = Signal(object, int)  # indices (k,), stroke id

    @property
    def view(self) -> DatasetView:
        """The data view: its Qt parent (an attribute would make a reference cycle with it)."""
        return cast("DatasetView", self.parent())

    def __init__(self, view: DatasetView, tools: DataTools, seed: int) -> None:
        super().__init__(view)
        self.tools = tools
        self.rng = np.random.default_rng(seed)
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self._tick)
        self._clock = QElapsedTimer()
        self.stroke_id = 0  # the stroke under way, 0 when none
        self._at: QPointF | None = None  # the cursor, in data coordinates
        self._swept_to: tuple[float, float] | None = None  # where the last tick acted (the eraser sweeps on)
        self._carry = 0.0  # the fraction of a point the spray owes from its last tick
        self.circle = QGraphicsEllipseItem()  # the brush, in data coordinates
        self.circle.setPen(palette.pen(palette.FOREGROUND, 1.0, Qt.PenStyle.DashLine))
        self.circle.setZValue(14)
        self.circle.hide()
        view.viewbox.addItem(self.circle, ignoreBounds=True)
        view.viewbox.sigRangeChanged.connect(lambda *_: self._place_circle())
        view.viewbox.sigResized.connect(lambda *_: self._place_circle())
        tools.toolChanged.connect(self._on_tool_changed)
        tools.radius.valueChanged.connect(lambda _: self._place_circle())
        view.plot.viewport().installEventFilter(self)

    @property
    def active(self) -> bool:
        """Whether a stroke is under way."""
        return self.stroke_id != 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """With a brush chosen, the left button's press, moves and release are strokes (taken from
        the plot: no point is added or dragged); other buttons pan and zoom as always."""
        kind = event.type()
        if kind == QEvent.Type.Leave:
            self._at = None if not self.active else self._at
            self._place_circle()
            return False
        if kind == QEvent.Type.Hide:  # the release may never come
            self.end()
            return False
        if kind not in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease):
            return False
        ev = cast(QMouseEvent, event)
        if self.tools.tool not in BRUSH_TOOLS:
            return False
        self.move_to(self._to_data(ev.position()))
        left = ev.button() == Qt.MouseButton.LeftButton
        if kind == QEvent.Type.MouseButtonPress and left:
            self.begin(self._to_data(ev.position()))
            return True
        if kind == QEvent.Type.MouseButtonRelease and left and self.active:
            self._tick()  # the time since the last tick, at the place of the release
            self.end()
            return True
        return self.active and kind == QEvent.Type.MouseMove  # the plot does not see a stroke's moves

    def _to_data(self, pos: QPointF) -> QPointF:
        view = self.view
        return view.viewbox.mapSceneToView(view.plot.mapToScene(pos.toPoint()))

    def begin(self, at: QPointF) -> None:
        """A stroke starts at `at` (data coordinates): it acts at once, then on every tick."""
        self._at = at
        self.stroke_id = next(_stroke_ids)
        self._carry = 0.0
        self._swept_to = None
        self.act(TICK_MS / 1000)  # a click acts at once, as one tick
        self._clock.start()
        self.timer.start()

    def end(self) -> None:
        """The stroke is over (the button was released, or the tool changed)."""
        self.timer.stop()
        self.stroke_id = 0

    def _tick(self) -> None:
        self.act(min(self._clock.restart() / 1000, MAX_TICK_S))

    def move_to(self, at: QPointF) -> None:
        """The cursor is at `at` (data coordinates): the next tick acts there."""
        self._at = at
        self._place_circle()

    def act(self, dt: float) -> None:
        """One tick of the stroke, `dt` seconds after the last: at most one edit request."""
        if self._at is None:
            return
        tool, sid = self.tools.tool, self.stroke_id
        centre = (self._at.x(), self._at.y())
        radius, intensity = float(self.tools.radius.value()), float(self.tools.intensity.value())
        px, py = self.view.viewbox.viewPixelSize()
        pixel = (abs(px), abs(py))
        if tool == "brush":
            n, self._carry = brushes.spray_count(intensity, dt, self._carry)
            if n:
                self.sprayRequested.emit(brushes.spray_positions(self.rng, n, centre, radius, pixel), sid)
            return
        X = self.view.session.dataset.X
        hidden = self.view.hidden_mask()  # points not shown are not touched either
        if tool == "erase":
            swept = brushes.points_within(X, centre, radius, pixel, start=self._swept_to)
            swept = swept if hidden is None else swept[~hidden[swept]]
            self._swept_to = centre
            if len(swept):
                self.eraseRequested.emit(swept, sid)
            return
        inside = brushes.points_within(X, centre, radius, pixel)
        inside = inside if hidden is None else inside[~hidden[inside]]
        if len(inside) == 0:
            return
        if tool == "jitter":
            offsets = brushes.jitter_offsets(self.rng, len(inside), radius, pixel, intensity, dt)
        else:
            offsets = brushes.magnet_offsets(X[inside], centre, radius, pixel, intensity, dt)
        self.nudgeRequested.emit(inside, X[inside] + offsets, tool, sid)

    def _on_tool_changed(self, _tool: str) -> None:
        self.end()
        self._place_circle()

    def _place_circle(self) -> None:
        """The brush's circle around the cursor, while a brush is chosen and the cursor is over the plot."""
        if self._at is None or self.tools.tool not in BRUSH_TOOLS:
            self.circle.hide()
            return
        px, py = self.view.viewbox.viewPixelSize()
        rx, ry = self.tools.radius.value() * abs(px), self.tools.radius.value() * abs(py)
        self.circle.setRect(QRectF(self._at.x() - rx, self._at.y() - ry, 2 * rx, 2 * ry))
        self.circle.show()
