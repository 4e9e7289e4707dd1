"""The data view: points you place, drag and select, the model's decision field and boundary over them.

What it draws is computed by visualnet.presenters.dataset (no Qt); this widget keeps the plot items,
turns mouse input into requests and selections, and pushes the presenter's arrays into the items.
"""

from __future__ import annotations

import itertools
import weakref
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import QGraphicsRectItem, QLabel, QVBoxLayout, QWidget

from visualnet.app import i18n, palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import (
    FastCurve,
    cache_axes,
    cache_drawing,
    label_axis,
    move_spots,
    place_spots,
)
from visualnet.app.views import live
from visualnet.app.views.data_tools import BrushStrokes, DataTools, KeyRow, ViewToggles
from visualnet.app.views.field_worker import FieldWorker
from visualnet.app.views.point_items import SmoothImageItem, Spots, SpotStyles, point_styles
from visualnet.core import grids
from visualnet.presenters import dataset as present
from visualnet.presenters.dataset import N_ROLES, field_colors
from visualnet.session import Session

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import HoverEvent, MouseClickEvent, MouseDragEvent

__all__ = ["N_ROLES", "DatasetView", "field_colors", "point_styles"]

POINT_SIZE = 10
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier  # Alt+click or Alt+hover: inspect the pass of that place
NO_POINTS = np.zeros(0, np.intp)
MAX_ADDED_LIFTED = 300  # points added since `points` was drawn that `lifted` draws, at most
_drag_ids = itertools.count(1)


class EditableViewBox(pg.ViewBox):
    """A ViewBox that turns clicks and drags into point edits and selections; other drags pan."""

    addRequested = Signal(float, float)
    removeRequested = Signal(int)
    moveRequested = Signal(int, float, float, int, bool)  # index, x, y, drag id, finished
    movePointsRequested = Signal(object, object, int, bool)  # indices (k,), xy (k, 2), drag id, finished
    hovered = Signal(int)
    inspectRequested = Signal(float, float, int)  # x, y, the point there or -1

    def __init__(self, view: DatasetView) -> None:
        super().__init__(enableMenu=False)
        self._view_ref = weakref.ref(view)  # weak: the view holds its view box (no reference cycle)
        # a drag of points: (indices, drag id, their positions at the start, where the mouse started)
        self._drag: tuple[np.ndarray, int, np.ndarray, QPointF] | None = None
        self._band: tuple[QPointF, np.ndarray] | None = None  # a rubber band: (first corner, kept selection)
        self.setAcceptHoverEvents(True)

    @property
    def _view(self) -> DatasetView:
        view = self._view_ref()
        assert view is not None  # the view outlives its view box
        return view

    def point_at(self, scene_pos: QPointF) -> int:
        """Index of the point within HIT_RADIUS_PX of a scene position, or -1."""
        X = self._view.session.dataset.X
        if len(X) == 0:
            return -1
        p = self.mapSceneToView(scene_pos)
        return present.point_at(X, p.x(), p.y(), self.viewPixelSize(), hidden=self._view.hidden_mask())

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        """Left click on empty space adds a point (or first drops the selection); Shift+click on a
        point selects or unselects it; right click on a point deletes it; Alt+click anywhere, or a
        click on a point that does not move it, asks to inspect the pass of that place. With the
        Select tool a click selects or unselects a point, or on empty space drops the selection."""
        i = self.point_at(ev.scenePos())
        view = self._view
        left = ev.button() == Qt.MouseButton.LeftButton
        if left and view.tools.tool == "select" and not ev.modifiers() & ALT:
            if i >= 0:
                view.toggle_selected(i)
            else:
                view.clear_selection()
            ev.accept()
        elif left and (ev.modifiers() & ALT or (i >= 0 and not ev.modifiers() & SHIFT)):
            self._request_inspect(ev.scenePos(), i)
            ev.accept()
        elif left and ev.modifiers() & SHIFT:
            if i >= 0:
                view.toggle_selected(i)
            ev.accept()
        elif ev.button() == Qt.MouseButton.LeftButton and i < 0:
            if len(view.selected_indices()):
                view.clear_selection()
            else:
                p = self.mapSceneToView(ev.scenePos())
                self.addRequested.emit(p.x(), p.y())
            ev.accept()
        elif ev.button() == Qt.MouseButton.RightButton and i >= 0:
            self.removeRequested.emit(i)
            ev.accept()
        else:
            ev.ignore()

    def mouseDragEvent(self, ev: MouseDragEvent, axis: int | None = None) -> None:
        """Shift+drag (any left drag with the Select tool) draws a rubber band; a left drag that starts
        on a point moves it (with the rest of the selection, if it is selected); any other drag pans."""
        if ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        if ev.isStart():
            self._drag = self._band = None
            start = self.mapSceneToView(ev.buttonDownScenePos())
            if ev.modifiers() & SHIFT or self._view.tools.tool == "select":  # Ctrl: add to the selection
                kept = self._view.selected_indices() if ev.modifiers() & CTRL else NO_POINTS
                self._band = (start, kept)
            else:
                i = self.point_at(ev.buttonDownScenePos())
                if i >= 0:
                    indices = self._view.drag_group(i)
                    X = self._view.session.dataset.X
                    self._drag = (indices, next(_drag_ids), X[indices].copy(), start)
        p = self.mapSceneToView(ev.scenePos())
        if self._band is not None:
            ev.accept()
            corner, kept = self._band
            self._view.select_in_rect(corner, p, kept, ev.isFinish())
            if ev.isFinish():
                self._band = None
            return
        if self._drag is None:
            super().mouseDragEvent(ev, axis)
            return
        ev.accept()
        indices, drag_id, start_xy, start = self._drag
        # every dragged point keeps its offset from the grabbed one
        xy = start_xy + np.array([p.x() - start.x(), p.y() - start.y()])
        if len(indices) == 1:
            self.moveRequested.emit(int(indices[0]), float(xy[0, 0]), float(xy[0, 1]), drag_id, ev.isFinish())
        else:
            self.movePointsRequested.emit(indices, xy, drag_id, ev.isFinish())
        if ev.isFinish():
            self._drag = None

    def hoverEvent(self, ev: HoverEvent) -> None:
        """Report which point is under the mouse (for Delete and the highlight); with Alt held, ask
        to inspect the pass of the place under it."""
        i = -1 if ev.isExit() else self.point_at(ev.scenePos())
        self.hovered.emit(i)
        if not ev.isExit() and ev.modifiers() & ALT:
            self._request_inspect(ev.scenePos(), i)

    def _request_inspect(self, scene_pos: QPointF, i: int) -> None:
        """Inspect point i where it is, or, off the points, the place under the mouse."""
        if i >= 0:
            x, y = self._view.session.dataset.X[i]
        else:
            p = self.mapSceneToView(scene_pos)
            x, y = p.x(), p.y()
        self.inspectRequested.emit(float(x), float(y), int(i))


class DatasetView(QWidget):
    """Points coloured by class over the decision field; the perceptron's line and weight vector."""

    addRequested = Signal(float, float)
    removeRequested = Signal(int)
    moveRequested = Signal(int, float, float, int, bool)
    movePointsRequested = Signal(object, object, int, bool)  # indices (k,), xy (k, 2), drag id, finished
    inspectRequested = Signal(float, float, int)  # x, y and the data point there (-1: none): the inspector's
    # the brushes' edits, one per tick of a stroke (data_tools.BrushStrokes; DataEditsMixin takes them)
    sprayRequested = Signal(object, int)  # xy (k, 2) of new points of the current class, stroke id
    nudgeRequested = Signal(object, object, str, int)  # indices (k,), their new xy (k, 2), tool, stroke id
    eraseRequested = Signal(object, int)  # indices (k,), stroke id

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hovered_index = -1
        self.viewbox = EditableViewBox(self)
        self.plot = pg.PlotWidget(viewBox=self.viewbox)
        self.plot.setObjectName("datasetView")
        self.plot.setAccessibleName("datasetView")
        # what the marks mean, in one line under the plot
        self.key = QLabel()
        self.key.setObjectName("datasetKey")
        self.key.setWordWrap(True)
        self.key.setContentsMargins(6, 0, 6, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.tools = DataTools()  # how the mouse edits: put, brush, jitter, magnet, erase, select
        self.addActions(self.tools.group.actions())  # their keys work while the plot has the keyboard
        self.tools_connected = False  # set by the window once it takes the brushes' edits
        layout.addWidget(self.tools)
        layout.addWidget(self.plot, 1)
        # the view's toggles (test points shown, the field discretized) at the right of the key
        self.toggles = ViewToggles(self)
        layout.addWidget(KeyRow(self.key, self.toggles.buttons()))
        pi = self.plot.getPlotItem()
        pi.layout.setContentsMargins(1, 1, 14, 1)  # room for the last x tick's label at the right edge
        self._axes_task: str | None = None  # the task the axis labels and the key were set for
        # No showGrid: pyqtgraph repaints axis grids every frame (~16 ms here); the field is the backdrop.
        # Equal scales (set with the task, in _update_axes): a unit of x₁ is as long on screen as a
        # unit of x₂, so angles are true (w at right angles to the perceptron's line) and a fit
        # widens one range instead of stretching the data.
        self._update_axes()

        # Items are created once; refresh() only pushes new arrays into them.
        self.field = SmoothImageItem(axisOrder="row-major")
        self.field.setZValue(-10)
        self.boundary = FastCurve(pen=palette.pen(palette.FOREGROUND, 2.0), connect="pairs")
        self.curve = FastCurve(pen=palette.pen(palette.ACCENT, 2.5))  # regression fit
        self.normal = FastCurve(pen=palette.pen(palette.ACCENT, 2.0))
        self.normal_head = pg.ArrowItem(angle=0, headLen=12, tipAngle=35, pen=palette.pen(palette.ACCENT),
                                        brush=palette.brush(palette.ACCENT))
        self.points = Spots(size=POINT_SIZE, pxMode=True)
        self.wrong = Spots(size=POINT_SIZE + 8, pxMode=True, symbol="o",
                                        pen=palette.pen(palette.ACCENT, 2.0), brush=None)
        self.highlight = Spots(size=POINT_SIZE + 6, pxMode=True, symbol="o",
                                            pen=palette.pen(palette.FOREGROUND, 1.5), brush=None)
        # `points` keeps its drawing as a cached pixmap (10,000 spots take ~9 ms to draw): the
        # points being dragged are lifted out of it, and points added since it was drawn are drawn
        # on top, by `lifted`, with their rings by `wrong_lifted`. A drag or a click then redraws
        # a few spots; an undo of an add just drops one from `lifted`.
        self.lifted = Spots(size=POINT_SIZE, pxMode=True)
        self.wrong_lifted = Spots(size=POINT_SIZE + 8, pxMode=True)
        # Selected points sit on a dark halo (the rings around points already mean "misclassified"
        # and "under the mouse").
        self.selected = Spots(size=POINT_SIZE + 9, pxMode=True)
        self.band = QGraphicsRectItem()  # the rubber band, in data coordinates
        self.band.setPen(palette.pen(palette.FOREGROUND, 1.0, Qt.PenStyle.DashLine))
        self.band.setBrush(palette.brush(palette.FOREGROUND, 28))
        self.banner = pg.TextItem(color=palette.ACCENT, anchor=(0, 0))
        # says when a large network's field is computed on a coarser grid (below the banner)
        self.field_note = pg.TextItem(color=palette.FOREGROUND, anchor=(0, 0))
        self.field_note.setObjectName("datasetFieldNote")
        self.field_shape = (0, 0)  # (ny, nx) samples of the field shown
        self._shape: grids.FieldShape | None = None  # ... as the presenter gave it (for the note)
        for item in (self.field, self.boundary, self.curve, self.normal, self.normal_head, self.selected,
                     self.points, self.lifted, self.wrong, self.wrong_lifted, self.highlight):
            pi.addItem(item)
        self.viewbox.addItem(self.band, ignoreBounds=True)
        self.banner.setParentItem(self.viewbox)
        self.banner.setPos(6, 4)
        self.field_note.setParentItem(self.viewbox)
        self.field_note.setPos(6, 4)
        self.selected.setZValue(9)
        self.points.setZValue(10)
        self.lifted.setZValue(10.5)
        self.lifted.hide()
        self.wrong.setZValue(11)
        self.wrong_lifted.setZValue(11)
        self.highlight.setZValue(12)
        self.band.setZValue(13)
        self.band.hide()
        # Pens and brushes are made once; the items take arrays of style numbers.
        self._point_spots = SpotStyles(self.points, point_styles())
        self._lifted_spots = SpotStyles(self.lifted, point_styles())
        self._selected_spots = SpotStyles(self.selected, [("o", palette.pen(palette.FOREGROUND, 1.0),
                                                            palette.brush(palette.FOREGROUND, 150))])
        ring = [("o", palette.pen(palette.ACCENT, 2.0), QBrush())]  # no fill
        self._wrong_spots = SpotStyles(self.wrong, ring)
        self._wrong_lifted_spots = SpotStyles(self.wrong_lifted, ring)

        cache_axes(pi)
        # the points change only when edited, and the rings while training: the field and boundary
        # redrawn each training frame, or a dragged point, repaint them from a pixmap
        cache_drawing(self.points, self.wrong)
        self._lifted = NO_POINTS  # the spots `lifted` draws, sorted: moved ones and those added since
        self._base_n = 0  # how many spots `points` holds (the points of the dataset it was drawn for)
        # the points shown (all but the test points, when those are hidden): spot k is point _shown[k]
        self._shown = NO_POINTS
        self._class_rgb = palette.class_rgb()
        # What the drawn items were made from: each is redrawn only when its inputs changed.
        self._styles_shown: np.ndarray | None = None  # `points`' style numbers (label * N_ROLES + role)
        self._field_for: tuple | None = None  # (model, view range, task, kind, problem) of the field
        self._field_params = np.empty(0)  # ... and the parameter values it was computed with
        self._wrong_for: tuple | None = None  # (data version, field key) of the rings
        self._predictions = present.Predictions()  # the classes the rings were drawn from
        self._data_version = 0
        self._fit_pending = False
        # the decision field of a large dataset (and its rings), off the GUI thread while the app runs
        self.fields = FieldWorker(self)
        self.fields.arrived.connect(self._on_field_arrived)
        self.fields.failed.connect(self._on_field_failed)
        self.fields.due.connect(self._catch_up_field)

        self.viewbox.addRequested.connect(self.addRequested)
        self.viewbox.removeRequested.connect(self.removeRequested)
        self.viewbox.moveRequested.connect(self.moveRequested)
        self.viewbox.movePointsRequested.connect(self.movePointsRequested)
        self.viewbox.hovered.connect(self._on_hovered)
        self.viewbox.inspectRequested.connect(self.inspectRequested)
        self.brushes = BrushStrokes(self, self.tools, session.config.seed)
        self.brushes.sprayRequested.connect(self.sprayRequested)
        self.brushes.nudgeRequested.connect(self.nudgeRequested)
        self.brushes.eraseRequested.connect(self.eraseRequested)
        # bound methods, not lambdas: a lambda holding the view, kept by its own view box's connection,
        # would keep a view Python owns alive for ever
        self.viewbox.sigRangeChangedManually.connect(self._on_view_moved)
        self.viewbox.sigResized.connect(self._on_view_moved)
        live.follow(self, bridge.stepped, self._on_stepped)
        live.follow(self, bridge.weightsChanged, self._on_stepped)
        live.follow(self, bridge.dataChanged, self._on_data_changed)
        live.follow(self, bridge.modelReset, self.refresh)
        live.follow(self, bridge.selectionChanged, self._on_selection_changed)
        self.toggles.changed.connect(self._on_toggled)
        self.fit_view()
        self.refresh()
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Every text the view shows, in the language now spoken: tooltip, axes, key, banner, note."""
        self._on_selection_changed()
        self._axes_task = None
        self._update_axes()
        self.banner.setText(i18n.translated(self.session.training_problem() or ""))
        self._update_note()

    # ---------------------------------------------------------------- events

    def _on_stepped(self, _report: object = None) -> None:
        self.refresh_field()  # training moves the weights, never the points

    def _on_view_moved(self, *_: object) -> None:
        self.refresh_field()  # panned, zoomed or resized: the field of the area shown

    def _on_data_changed(self) -> None:
        self._data_version += 1
        if len(self.session.dataset) and self._fit_pending:
            self.fit_view()
        self.refresh()

    def _on_selection_changed(self) -> None:
        self._update_selected()
        self.plot.setToolTip(present.selection_tooltip(len(self.session.selection), self.tr))

    def _on_toggled(self) -> None:
        """Test points shown or hidden, the field discretized or not: redraw what they change."""
        hidden = self.hidden_mask()
        if hidden is not None and 0 <= self.hovered_index < len(hidden) and hidden[self.hovered_index]:
            self.hovered_index = -1
        self.refresh()

    def hidden_mask(self) -> np.ndarray | None:
        """(n,) bool: the points not shown (nor clickable); None when every point is shown."""
        return present.hidden_points(self.session, self.toggles.show_test.isChecked())

    def _on_hovered(self, i: int) -> None:
        self.hovered_index = i
        self._update_highlight()

    def request_fit(self) -> None:
        """Fit the view to the data at the next data change (a preset or a file was loaded)."""
        self._fit_pending = True

    def cancel_fit(self) -> None:
        """Forget a requested fit: the file or lesson it was for was refused, nothing changed."""
        self._fit_pending = False

    def fit_view(self) -> None:
        """Show all the points with a margin (and at least the unit square around them)."""
        self._fit_pending = False
        xrange, yrange = present.fit_range(self.session.dataset.X)
        self.viewbox.setRange(xRange=xrange, yRange=yrange, padding=0)

    # ---------------------------------------------------------------- selection (the session's)

    def selected_indices(self) -> np.ndarray:
        """The selected points' indices, sorted (a copy)."""
        return self.session.selection.copy()

    def set_selection(self, indices: np.ndarray | list[int]) -> None:
        """Select exactly these points (indices out of range are ignored)."""
        self.session.select(indices)

    def clear_selection(self) -> None:
        """Select nothing."""
        self.session.clear_selection()

    def select_all(self) -> None:
        """Select every point shown."""
        hidden = self.hidden_mask()
        everything = np.arange(len(self.session.dataset))
        self.session.select(everything if hidden is None else np.flatnonzero(~hidden))

    def toggle_selected(self, i: int) -> None:
        """Add point i to the selection, or take it out."""
        self.session.select([i], mode="toggle")

    def drag_group(self, i: int) -> np.ndarray:
        """The points a drag that grabs point i moves: the whole selection if i is in it, else i."""
        selection, hidden = self.session.selection, self.hidden_mask()
        if hidden is not None:
            selection = selection[~hidden[selection]]  # hidden points stay where they are
        return selection.copy() if i in selection else np.array([i], np.int64)

    def select_in_rect(self, corner: QPointF, other: QPointF, kept: np.ndarray = NO_POINTS,
                       finished: bool = True) -> None:
        """The rubber band from `corner` to `other` (data coordinates): select the points inside
        it and the `kept` ones; the band is drawn until `finished`."""
        a, b = (corner.x(), corner.y()), (other.x(), other.y())
        inside = present.points_in_rect(self.session.dataset.X, a, b, self.hidden_mask())
        self.session.select(np.union1d(kept, inside))
        x0, x1 = sorted((corner.x(), other.x()))
        y0, y1 = sorted((corner.y(), other.y()))
        if finished:
            self.band.hide()
        else:
            self.band.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.band.show()

    # ---------------------------------------------------------------- drawing

    def refresh(self) -> None:
        """Push the current data and model into the items."""
        self._update_axes()
        self._update_points()
        self.refresh_field()

    def _update_axes(self) -> None:
        """Axis labels and the key for the task: in regression a point is (x, its target t)."""
        task = self.session.task
        if task == self._axes_task:
            return
        self._axes_task = task
        pi = self.plot.getPlotItem()
        # x and t are different quantities: a regression's data (a file's, say x in 0..100 and t
        # in 0..1) may fill the view on each axis; inputs x₁, x₂ keep equal scales, for true angles
        self.viewbox.setAspectLocked(task != "regression", ratio=1.0)
        texts = present.task_texts(task)
        label_axis(pi, "bottom", self.tr(texts.bottom))
        label_axis(pi, "left", self.tr(texts.left))
        self.key.setText(self.tr(texts.key))
        self.key.setToolTip(self.tr(texts.key_tip))

    def refresh_field(self) -> None:
        """Recompute the decision field / regression curve over the visible area, if the model or
        the view changed since (a point edit while paused changes neither: only the rings follow)."""
        s = self.session
        (x0, x1), (y0, y1) = self.viewbox.viewRange()
        problem = s.training_problem()
        params = np.concatenate([np.ravel(v) for v in s.model.params.values()])
        shape = present.field_shape(s, self.viewbox.width(), self.viewbox.height())
        discretize = self.toggles.discretize.isChecked()
        key = (s.model, (x0, x1, y0, y1), s.task, s.config.model, problem, shape, discretize)
        if key == self._field_for and np.array_equal(params, self._field_params, equal_nan=True):
            if self._wrong_for != (self._data_version, key):
                self._update_wrong(split=True)  # the model is the same: the rings of unmoved points stay
            return
        self._field_for, self._field_params = key, params
        regression = s.task == "regression"
        self.field.setVisible(not regression)
        if regression:
            self.field_note.setVisible(False)  # no field, nothing coarser to say
        self.boundary.setVisible(not regression)
        self.curve.setVisible(regression)
        is_perceptron = s.config.model == "Perceptron"
        self.normal.setVisible(is_perceptron and not regression)
        self.normal_head.setVisible(is_perceptron and not regression)
        banner = i18n.translated(problem or "")
        if self.banner.toPlainText() != banner:
            self.banner.setText(banner)
        rings_follow = False
        if regression:
            self.curve.setData(*present.regression_curve(s, (x0, x1)))
        else:
            rings_follow = self._update_field((x0, x1), (y0, y1), shape, contour=not is_perceptron)
            if is_perceptron:
                self._update_perceptron_glyphs((x0, x1), (y0, y1))
        if rings_follow:  # with the field, of the same weights: one repaint for both
            self._wrong_for = (self._data_version, self._field_for)
        else:
            self._update_wrong()

    def _update_field(self, xlim: tuple[float, float], ylim: tuple[float, float], shape: grids.FieldShape,
                      contour: bool = True) -> bool:
        """The field at a sample every few pixels (a large network's within the frame budget,
        coarser, and a note says so) and, with `contour`, its class boundaries. True when a worker
        computes it: the rings come with it."""
        self.field_shape = (shape.ny, shape.nx)
        self._shape = shape
        self._update_note()
        args = (xlim, ylim, shape, self._class_rgb.copy(), contour, self.toggles.discretize.isChecked())
        if self.fields.wanted(self.session):  # the picture shown stays until the worker's arrives
            self.fields.ask(self.session, self._predictions, args)
            return True
        self.fields.cancel()  # a picture still being computed is older than this one
        self._show_field(present.field_picture(self.session.model, *args))
        return False

    def _on_field_arrived(self, key: tuple[object, ...], picture: present.FieldPicture,
                          classes: np.ndarray) -> None:
        if self.session.task != "regression":  # (the task changed since: that frame hid the field)
            self._show_field(picture)
            # the rings of the same weights; computed here if the points changed since
            self._update_wrong(classes=self._predictions.take(self.session, key, classes))
        self._catch_up_field()

    def _on_field_failed(self) -> None:
        # the field shown stays, the rings are found here; the next change asks again
        self._update_wrong()
        self._catch_up_field()

    def _catch_up_field(self) -> None:
        """Frames came while the field was computed: ask for the field of the weights now."""
        if self.fields.take_behind():
            self._field_for = None
            self.refresh_field()

    def _show_field(self, picture: present.FieldPicture) -> None:
        """The field's colours and, where traced (not the perceptron's exact line), its boundaries."""
        self.field.setImage(picture.rgb, levels=None)  # ready-made colours
        self.field.setRect(*picture.rect)
        if self.session.config.model != "Perceptron":
            self.boundary.setData(picture.boundary_x, picture.boundary_y)

    def flush(self) -> None:
        """Show the field being computed now, waiting for it (an export or a snapshot of this state)."""
        self.fields.wait()

    def _update_note(self) -> None:
        """The note that a large network's field is coarser, below the banner (if any)."""
        if self._shape is None or self.session.task == "regression":
            return  # no field drawn, nothing coarser to say
        note = present.field_note(self._shape, self.tr)
        if self.field_note.toPlainText() != note:
            self.field_note.setText(note)
        self.field_note.setVisible(bool(note))
        self.field_note.setPos(6, 24 if self.banner.toPlainText() else 4)  # below the banner, if any

    def _update_perceptron_glyphs(self, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
        """The perceptron's exact line clipped to the view, and its weight vector w from the line's middle."""
        params = self.session.model.params
        glyphs = present.perceptron_glyphs(params["w"], float(params["b"][0]), xlim, ylim)
        if glyphs is None:  # w = 0 (no line), or the line is outside the view
            self.boundary.setData([], [])
            self.normal.setData([], [])
            self.normal_head.setVisible(False)
            return
        self.boundary.setData(glyphs.line[:, 0], glyphs.line[:, 1])
        self.normal_head.setVisible(True)
        self.normal.setData([glyphs.foot[0], glyphs.tip[0]], [glyphs.foot[1], glyphs.tip[1]])
        self.normal_head.setPos(*glyphs.tip)
        self.normal_head.setStyle(angle=glyphs.head_angle)

    def _update_points(self) -> None:
        """Lift the points that moved or were added out of `points` (a drag, a click, an undo of
        either); set `points` again from the style numbers when anything else changed (~1 ms
        for 10,000 points, a numpy gather, and one redraw of its pixmap)."""
        hidden = self.hidden_mask()
        shown = np.arange(len(self.session.dataset)) if hidden is None else np.flatnonzero(~hidden)
        X = self.session.dataset.X[shown]
        styles = present.style_numbers(self.session)[shown]
        n, m = len(X), self._base_n
        base = self.points.data
        if (self._styles_shown is None or not m <= n <= m + MAX_ADDED_LIFTED
                or not np.array_equal(styles[:m], self._styles_shown)
                or not np.array_equal(shown[:m], self._shown[:m])):
            self._styles_shown, self._base_n = styles, n
            self._point_spots.set(X, styles)  # every spot of `points` shown again
            lifted = NO_POINTS
        else:
            moved = np.flatnonzero((base["x"] != X[:m, 0]) | (base["y"] != X[:m, 1]))
            lifted = self._lifted[self._lifted < m]
            if len(moved) and not np.all(np.isin(moved, lifted)):
                if len(lifted):  # other points moved too (an undo, a file): back into `points`
                    base["visible"][lifted] = True
                    move_spots(self.points, X[:m])
                    lifted = NO_POINTS
                else:  # a drag started
                    base["visible"][moved] = False
                    self.points.invalidate()
                    lifted = moved
            lifted = np.concatenate([lifted, np.arange(m, n)])
        self._lifted, self._shown = lifted, shown
        self._lifted_spots.set(X[lifted], styles[lifted])
        self._update_highlight()
        self._update_selected()

    def _update_wrong(self, split: bool = False, classes: np.ndarray | None = None) -> None:
        """Ring the training points the model gets wrong (classification), from `classes` (n,) when
        they were predicted elsewhere. With `split`, the rings of the lifted points are drawn apart, so
        the other rings keep their pixmap."""
        s = self.session
        self._wrong_for = (self._data_version, self._field_for)
        n = len(s.dataset)
        regression = s.task == "regression" or n == 0
        if classes is None and not regression:
            classes = self._predictions(s, same_model=split)
        bad = present.misclassified(s, NO_POINTS if regression or classes is None else classes)
        apart = np.zeros(n, bool)
        if split:  # (spot k of `points` or `lifted` is point _shown[k])
            base_end = int(self._shown[self._base_n - 1]) + 1 if 0 < self._base_n <= len(self._shown) else 0
            apart[min(base_end, n):] = True
            lifted = self._shown[self._lifted[self._lifted < len(self._shown)]]
            apart[lifted[lifted < n]] = True
        X = s.dataset.X
        self._wrong_spots.set(X[bad & ~apart])
        self._wrong_lifted_spots.set(X[bad & apart])

    def _update_selected(self) -> None:
        """The halo under the selected points (those shown), following them as they move."""
        selection, hidden = self.session.selection, self.hidden_mask()
        if hidden is not None:
            selection = selection[~hidden[selection]]
        self._selected_spots.set(self.session.dataset.X[selection])

    def _update_highlight(self) -> None:
        i = self.hovered_index
        shown = 0 <= i < len(self.session.dataset)
        place_spots(self.highlight, self.session.dataset.X[i : i + 1] if shown else np.empty((0, 2)))

    # ---------------------------------------------------------------- helpers for tests and tools

