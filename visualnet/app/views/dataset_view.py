"""The data view: points you place and drag, the model's decision field and boundary over them."""

from __future__ import annotations

import functools
import itertools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtWidgets import QVBoxLayout, QWidget

from visualnet.app import palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import (
    FastImageItem,
    cache_axes,
    cache_drawing,
    move_spots,
    place_spots,
    set_spot_visible,
)
from visualnet.core import contours, grids
from visualnet.session import ROLE_TEST, ROLE_TRAIN, ROLE_VAL, Session

FIELD_RES = 100
HIT_RADIUS_PX = 9.0
POINT_SIZE = 10
ROLE_SYMBOLS = {ROLE_TRAIN: "o", ROLE_VAL: "o", ROLE_TEST: "s"}
_drag_ids = itertools.count(1)


def field_colors(probs: np.ndarray, class_rgb: np.ndarray) -> np.ndarray:
    """RGB (res, res, 3) uint8 of a decision field: white blended toward the class colours.

    probs: (res, res, k) class probabilities; class_rgb: (>= k, 3) colours in 0..1. The blend of
    the class colours is weighted by probability; its opacity grows with the confidence, 0 when all
    classes are equally likely and 1 when one is certain, so unsure regions are paler.
    """
    k = probs.shape[-1]
    columns = [probs[..., j] for j in range(k)]
    # one whole (res, res) plane at a time: numpy is 3x slower over a trailing axis of 2 or 3
    confidence = (functools.reduce(np.maximum, columns) - 1.0 / k) / (1.0 - 1.0 / k)
    alpha = 0.12 + 0.5 * confidence
    out = np.empty((*probs.shape[:2], 3), np.uint8)
    for c in range(3):
        blend = sum(p * (255.0 * class_rgb[j, c]) for j, p in enumerate(columns))
        out[..., c] = 255.0 + alpha * (blend - 255.0)
    return out


class EditableViewBox(pg.ViewBox):
    """A ViewBox that turns clicks and drags into point edits; empty-space drags still pan."""

    addRequested = Signal(float, float)
    removeRequested = Signal(int)
    moveRequested = Signal(int, float, float, int, bool)  # index, x, y, drag id, finished
    hovered = Signal(int)

    def __init__(self, view: DatasetView) -> None:
        super().__init__(enableMenu=False)
        self._view = view
        self._drag: tuple[int, int, QPointF] | None = None  # (index, drag id, grab offset)
        self.setAcceptHoverEvents(True)

    def point_at(self, scene_pos: QPointF) -> int:
        """Index of the point within HIT_RADIUS_PX of a scene position, or -1."""
        X = self._view.session.dataset.X
        if len(X) == 0:
            return -1
        p = self.mapSceneToView(scene_pos)
        px, py = self.viewPixelSize()  # data units per screen pixel along x and y
        d2 = ((X[:, 0] - p.x()) / px) ** 2 + ((X[:, 1] - p.y()) / py) ** 2
        i = int(np.argmin(d2))
        return i if d2[i] <= HIT_RADIUS_PX**2 else -1

    def mouseClickEvent(self, ev) -> None:
        """Left click on empty space adds a point; right click on a point deletes it."""
        i = self.point_at(ev.scenePos())
        if ev.button() == Qt.MouseButton.LeftButton and i < 0:
            p = self.mapSceneToView(ev.scenePos())
            self.addRequested.emit(p.x(), p.y())
            ev.accept()
        elif ev.button() == Qt.MouseButton.RightButton and i >= 0:
            self.removeRequested.emit(i)
            ev.accept()
        else:
            ev.ignore()

    def mouseDragEvent(self, ev, axis=None) -> None:
        """Left drag that starts on a point moves it; any other drag pans the view."""
        if ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        if ev.isStart():
            i = self.point_at(ev.buttonDownScenePos())
            if i < 0:
                self._drag = None
                super().mouseDragEvent(ev, axis)
                return
            start = self.mapSceneToView(ev.buttonDownScenePos())
            x, y = self._view.session.dataset.X[i]
            self._drag = (i, next(_drag_ids), QPointF(x - start.x(), y - start.y()))
        if self._drag is None:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        i, drag_id, offset = self._drag
        p = self.mapSceneToView(ev.scenePos()) + offset
        self.moveRequested.emit(i, p.x(), p.y(), drag_id, ev.isFinish())
        if ev.isFinish():
            self._drag = None

    def hoverEvent(self, ev) -> None:
        """Report which point is under the mouse (for Delete and the highlight)."""
        self.hovered.emit(-1 if ev.isExit() else self.point_at(ev.scenePos()))


class DatasetView(QWidget):
    """Points coloured by class over the decision field; the perceptron's line and weight vector."""

    addRequested = Signal(float, float)
    removeRequested = Signal(int)
    moveRequested = Signal(int, float, float, int, bool)

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hovered_index = -1
        self.viewbox = EditableViewBox(self)
        self.plot = pg.PlotWidget(viewBox=self.viewbox)
        self.plot.setObjectName("datasetView")
        self.plot.setAccessibleName("datasetView")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)
        pi = self.plot.getPlotItem()
        pi.setLabel("bottom", "x₁")
        pi.setLabel("left", "x₂")
        # No showGrid: pyqtgraph repaints axis grids every frame (~16 ms here); the field is the backdrop.
        self.viewbox.setAspectLocked(False)

        # Items are created once; refresh() only pushes new arrays into them.
        self.field = FastImageItem(axisOrder="row-major")
        self.field.setZValue(-10)
        self.boundary = pg.PlotCurveItem(pen=palette.pen(palette.FOREGROUND, 2.0), connect="pairs")
        self.curve = pg.PlotCurveItem(pen=palette.pen(palette.ACCENT, 2.5))  # regression fit
        self.normal = pg.PlotCurveItem(pen=palette.pen(palette.ACCENT, 2.0))
        self.normal_head = pg.ArrowItem(angle=0, headLen=12, tipAngle=35, pen=palette.pen(palette.ACCENT),
                                        brush=palette.brush(palette.ACCENT))
        self.points = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True)
        self.wrong = pg.ScatterPlotItem(size=POINT_SIZE + 8, pxMode=True, symbol="o",
                                        pen=palette.pen(palette.ACCENT, 2.0), brush=None)
        self.highlight = pg.ScatterPlotItem(size=POINT_SIZE + 6, pxMode=True, symbol="o",
                                            pen=palette.pen(palette.FOREGROUND, 1.5), brush=None)
        # The point being dragged, lifted out of `points`: a drag then redraws one spot, and all
        # the others come from `points`' cached pixmap (10,000 spots take ~9 ms to draw).
        self.lifted = pg.ScatterPlotItem(size=POINT_SIZE, pxMode=True)
        self.banner = pg.TextItem(color=palette.ACCENT, anchor=(0, 0))
        for item in (self.field, self.boundary, self.curve, self.normal, self.normal_head,
                     self.points, self.lifted, self.wrong, self.highlight):
            pi.addItem(item)
        self.banner.setParentItem(self.viewbox)
        self.banner.setPos(6, 4)
        self.points.setZValue(10)
        self.lifted.setZValue(10.5)
        self.lifted.hide()
        self.wrong.setZValue(11)
        self.highlight.setZValue(12)

        cache_axes(pi)
        # the points change only when edited: the field, boundary and rings redrawn each training
        # frame repaint them from a pixmap
        cache_drawing(self.points)
        self._lifted_index = -1  # the spot `lifted` draws instead of `points`, or -1
        self._class_rgb = palette.class_rgb()
        # What the drawn items were made from: each is redrawn only when its inputs changed.
        self._styled: tuple[str, np.ndarray, np.ndarray] | None = None  # (task, labels, roles) of the spots
        self._field_for: tuple | None = None  # (model, view range, task, kind, problem) of the field
        self._field_params = np.empty(0)  # ... and the parameter values it was computed with
        self._wrong_for: tuple | None = None  # (data version, field key) of the rings
        self._data_version = 0
        self._fit_pending = False

        self.viewbox.addRequested.connect(self.addRequested)
        self.viewbox.removeRequested.connect(self.removeRequested)
        self.viewbox.moveRequested.connect(self.moveRequested)
        self.viewbox.hovered.connect(self._on_hovered)
        self.viewbox.sigRangeChangedManually.connect(lambda *_: self.refresh_field())
        self.viewbox.sigResized.connect(lambda *_: self.refresh_field())
        bridge.dataChanged.connect(self._on_data_changed)
        bridge.modelReset.connect(self._on_model_reset)
        self.fit_view()
        self.refresh()

    # ---------------------------------------------------------------- events

    def _on_data_changed(self) -> None:
        self._data_version += 1
        if len(self.session.dataset) and self._fit_pending:
            self.fit_view()

    def _on_model_reset(self) -> None:
        self.refresh()

    def _on_hovered(self, i: int) -> None:
        self.hovered_index = i
        self._update_highlight()

    def request_fit(self) -> None:
        """Fit the view to the data at the next data change (a preset or a file was loaded)."""
        self._fit_pending = False

    def fit_view(self) -> None:
        """Show all the points with a margin (and at least the unit square around them)."""
        X = self.session.dataset.X
        self._fit_pending = False
        if len(X) == 0:
            lo, hi = np.array([-1.5, -1.5]), np.array([1.5, 1.5])
        else:
            lo, hi = X.min(axis=0), X.max(axis=0)
            centre, half = (lo + hi) / 2, np.maximum((hi - lo) / 2, 0.5) * 1.25
            lo, hi = centre - half, centre + half
        self.viewbox.setRange(xRange=(lo[0], hi[0]), yRange=(lo[1], hi[1]), padding=0)

    # ---------------------------------------------------------------- drawing

    def refresh(self) -> None:
        """Push the current data and model into the items."""
        self._update_points()
        self.refresh_field()

    def refresh_field(self) -> None:
        """Recompute the decision field / regression curve over the visible area, if the model or
        the view changed since (a point edit while paused changes neither: only the rings follow)."""
        s = self.session
        (x0, x1), (y0, y1) = self.viewbox.viewRange()
        problem = s.training_problem()
        params = np.concatenate([np.ravel(v) for v in s.model.params.values()])
        key = (s.model, (x0, x1, y0, y1), s.task, s.config.model, problem)
        if key == self._field_for and np.array_equal(params, self._field_params, equal_nan=True):
            if self._wrong_for != (self._data_version, key):
                self._update_wrong()
            return
        self._field_for, self._field_params = key, params
        regression = s.task == "regression"
        self.field.setVisible(not regression)
        self.boundary.setVisible(not regression)
        self.curve.setVisible(regression)
        is_perceptron = s.config.model == "Perceptron"
        self.normal.setVisible(is_perceptron and not regression)
        self.normal_head.setVisible(is_perceptron and not regression)
        if self.banner.toPlainText() != (problem or ""):
            self.banner.setText(problem or "")
        if regression:
            xs, ys = s.regression_curve((x0, x1), 200)
            ok = np.isfinite(ys)
            self.curve.setData(xs[ok], ys[ok])
        else:
            self._update_field((x0, x1), (y0, y1))
            if is_perceptron:
                self._update_perceptron_glyphs((x0, x1), (y0, y1))
        self._update_wrong()

    def _update_field(self, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
        probs = self.session.decision_field(xlim, ylim, FIELD_RES)  # (res, res, k), rows = y
        self.field.setImage(field_colors(probs, self._class_rgb), levels=None)  # ready-made colours
        # Grid samples include both ends of the range: centre each pixel on its sample.
        xs, ys = grids.grid_axes(xlim, ylim, FIELD_RES)
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        self.field.setRect(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
        self.boundary.setData(*contours.class_boundaries(probs, xs, ys))

    def _update_perceptron_glyphs(self, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
        """The line w·x + b = 0 and the weight vector w drawn normal to it."""
        w = self.session.model.params["w"]
        b = float(self.session.model.params["b"][0])
        norm = float(np.hypot(*w))
        if not np.isfinite(norm) or norm < 1e-12:
            self.normal.setData([], [])
            self.normal_head.setVisible(False)
            return
        u = w / norm
        # The point of the line nearest the view's centre, then an arrow along w from it.
        centre = np.array([(xlim[0] + xlim[1]) / 2, (ylim[0] + ylim[1]) / 2])
        foot = centre - (u @ centre + b / norm) * u
        length = 0.2 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])
        tip = foot + length * u
        self.normal.setData([foot[0], tip[0]], [foot[1], tip[1]])
        self.normal_head.setPos(*tip)
        # ArrowItem's angle 0 points left; screen y grows downward, hence the sign flips.
        self.normal_head.setStyle(angle=180 - np.degrees(np.arctan2(-u[1], u[0])) + 180)

    def _update_points(self) -> None:
        """Move the spots when only positions changed (a drag); rebuild their styles only when
        labels, roles or the count did (rebuilding 10,000 spots' styles takes ~100 ms)."""
        s = self.session
        X, y, roles = s.dataset.X, s.dataset.y, s.roles
        labels = np.zeros(len(X), int) if s.task == "regression" else y
        styled = self._styled
        if (styled is not None and styled[0] == s.task and np.array_equal(styled[1], labels)
                and np.array_equal(styled[2], roles)):
            self._move_points(X)
            return
        self._styled = (s.task, labels.copy(), roles.copy())
        filled = roles == ROLE_TRAIN
        brushes = [palette.class_brush(int(c)) if f else palette.brush("#FFFFFF")
                   for c, f in zip(labels, filled, strict=True)]
        pens = [palette.pen("#FFFFFF", 1.0) if f else palette.class_pen(int(c), 2.0)
                for c, f in zip(labels, filled, strict=True)]
        symbols = [ROLE_SYMBOLS[int(r)] for r in roles]
        self.points.setData(pos=X, brush=brushes, pen=pens, symbol=symbols)
        self._lifted_index = -1  # setData showed every spot again
        self.lifted.hide()
        self._update_highlight()

    def _move_points(self, X: np.ndarray) -> None:
        """Positions changed, styles did not. One point moving (a drag) is lifted out of `points`
        and drawn alone, so `points` and its cached pixmap stay as they are; any other change
        puts it back and moves the spots in place."""
        main = self.points.data
        moved = np.flatnonzero((main["x"] != X[:, 0]) | (main["y"] != X[:, 1]))
        i = self._lifted_index
        if (len(moved) == 1 and i in (-1, moved[0])) or (len(moved) == 0 and i >= 0):
            if i < 0:
                i = self._lifted_index = int(moved[0])
                set_spot_visible(self.points, i, False)
                self.lifted.setData(pos=X[i : i + 1], brush=[main["brush"][i]], pen=[main["pen"][i]],
                                    symbol=[main["symbol"][i]])
                self.lifted.show()
            else:
                place_spots(self.lifted, X[i : i + 1])
        elif len(moved):
            if i >= 0:  # several points moved (an undo, a file): put the lifted one back
                set_spot_visible(self.points, i, True)
                self._lifted_index = -1
                self.lifted.hide()
            move_spots(self.points, X)
        else:
            return
        self._update_highlight()

    def _update_wrong(self) -> None:
        """Ring the training points the model gets wrong (classification)."""
        s = self.session
        self._wrong_for = (self._data_version, self._field_for)
        if s.task == "regression" or len(s.dataset) == 0:
            place_spots(self.wrong, np.empty((0, 2)))
            return
        pred = s.model.predict(s.dataset.inputs())
        bad = (pred != s.dataset.y) & (s.roles == ROLE_TRAIN)
        place_spots(self.wrong, s.dataset.X[bad])

    def _update_highlight(self) -> None:
        i = self.hovered_index
        shown = 0 <= i < len(self.session.dataset)
        place_spots(self.highlight, self.session.dataset.X[i : i + 1] if shown else np.empty((0, 2)))

    # ---------------------------------------------------------------- helpers for tests and tools

    def scene_pos_of_point(self, i: int) -> QPointF:
        """Where point i is drawn, in scene coordinates."""
        x, y = self.session.dataset.X[i]
        return self.viewbox.mapViewToScene(QPointF(float(x), float(y)))
