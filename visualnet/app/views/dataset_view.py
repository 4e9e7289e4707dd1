"""The data view: points you place, drag and select, the model's decision field and boundary over them."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QGraphicsRectItem, QLabel, QVBoxLayout, QWidget

from visualnet.app import palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import (
    FastCurve,
    FastImageItem,
    FastScatter,
    cache_axes,
    cache_drawing,
    move_spots,
    place_spots,
)
from visualnet.core import contours, grids, perceptron
from visualnet.session import ROLE_TEST, ROLE_TRAIN, ROLE_VAL, Session

HIT_RADIUS_PX = 9.0
POINT_SIZE = 10
ROLE_SYMBOLS = {ROLE_TRAIN: "o", ROLE_VAL: "o", ROLE_TEST: "s"}
N_ROLES = 3
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
HELP = ("Click: add a point · drag a point: move it · right-click: delete it · drag empty space: pan\n"
        "Shift+drag: select the points in a rectangle (Ctrl+Shift+drag adds to the selection) · "
        "Shift+click: select or unselect one point\n"
        "Dragging a selected point moves them all · Delete removes them · Esc clears · Ctrl+A selects all")
NO_POINTS = np.zeros(0, np.intp)
MAX_ADDED_LIFTED = 300  # points added since `points` was drawn that `lifted` draws, at most
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


class SpotStyles:
    """The spots of a scatter in a few fixed styles, set from positions and one style number per spot.

    `ScatterPlotItem.setData` looks each spot's (symbol, size, pen, brush) up in the item's symbol
    atlas, one Python call per spot: ~15 ms for 10,000 spots, ~130 ms with a pen and a brush per spot.
    Here each style is looked up once and the spots' records are one numpy gather of those few rows.
    """

    def __init__(self, scatter: pg.ScatterPlotItem, styles: Sequence[tuple[str, QPen, QBrush]]) -> None:
        self.scatter = scatter
        self.styles = list(styles)
        self._which = NO_POINTS  # the style numbers last shown
        self._cached: tuple[tuple[float, int], np.ndarray] | None = None  # (atlas state, rows)

    def _rows(self) -> np.ndarray:
        """One spot record per style, with its place in the item's symbol atlas. The atlas only
        grows, unless it is redrawn for a new screen pixel ratio (or rebuilt past 1,000 styles):
        its ratio and size tell whether the places looked up last time still hold."""
        atlas = self.scatter.fragmentAtlas
        if self._cached is not None and self._cached[0] == (atlas.devicePixelRatio(), len(atlas)):
            return self._cached[1]
        rows = np.empty(len(self.styles), dtype=self.scatter.data.dtype)  # object fields are None
        symbols, pens, brushes = zip(*self.styles, strict=True)
        rows["symbol"], rows["pen"], rows["brush"] = symbols, pens, brushes
        rows["size"] = -1  # the item's own size
        rows["visible"], rows["hovered"] = True, False
        rows["sourceRect"] = 0  # not looked up yet
        self.scatter.updateSpots(rows)  # the item's own lookup, for these few rows
        self._cached = ((atlas.devicePixelRatio(), len(atlas)), rows)
        return rows

    def set(self, xy: np.ndarray, which: np.ndarray | None = None) -> None:
        """Show spots at xy (n, 2), spot j in style which[j] (default: all in the first style)."""
        sc, n = self.scatter, len(xy)
        which = np.zeros(n, np.intp) if which is None else np.asarray(which, np.intp)
        data = sc.data
        if (len(data) == n and np.array_equal(which, self._which) and np.array_equal(data["x"], xy[:, 0])
                and np.array_equal(data["y"], xy[:, 1]) and data["visible"].all()):
            return  # shown already: no repaint
        self._which = which.copy()
        data = self._rows()[which]
        data["x"], data["y"] = xy[:, 0], xy[:, 1]
        sc.data = data
        sc.prepareGeometryChange()
        sc.bounds = [None, None]  # the cached data bounds
        sc.informViewBoundsChanged()
        sc.invalidate()
        sc.sigPlotChanged.emit(sc)
        sc.setVisible(n > 0)  # an empty item still costs a paint call


class SmoothImageItem(FastImageItem):
    """An image drawn with bilinear filtering: the decision field's samples, a few screen pixels
    apart (grids.field_shape), blend into a smooth picture instead of showing as blocks."""

    def paint(self, painter: QPainter, *args) -> None:
        """Paint with SmoothPixmapTransform on, and the painter's hints as they were after."""
        hints = painter.renderHints()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        super().paint(painter, *args)
        painter.setRenderHints(hints)


class Spots(FastScatter):
    """A scatter that leaves clicks to the ViewBox under it, which finds the point itself (a
    ScatterPlotItem would take left clicks on its spots, making a Python object per spot)."""

    def mouseClickEvent(self, ev) -> None:
        """Not handled here."""
        ev.ignore()


def point_styles() -> list[tuple[str, QPen, QBrush]]:
    """The data points' styles, number label * N_ROLES + role: training points filled with their
    class colour, validation (circles) and test (squares) points white with a class-coloured outline."""
    styles = []
    for label in range(len(palette.CLASS_COLORS)):
        for role in range(N_ROLES):
            if role == ROLE_TRAIN:
                styles.append((ROLE_SYMBOLS[role], palette.pen("#FFFFFF", 1.0), palette.class_brush(label)))
            else:
                styles.append((ROLE_SYMBOLS[role], palette.class_pen(label, 2.0), palette.brush("#FFFFFF")))
    return styles


def renumber_after_removal(selection: np.ndarray, removed: np.ndarray) -> np.ndarray:
    """The indices in `selection` (sorted) after the points `removed` are taken out: removed ones
    drop out, the others move down by the number of removed points before them."""
    removed = np.unique(removed)
    kept = selection[~np.isin(selection, removed)]
    return kept - np.searchsorted(removed, kept)


class EditableViewBox(pg.ViewBox):
    """A ViewBox that turns clicks and drags into point edits and selections; other drags pan."""

    addRequested = Signal(float, float)
    removeRequested = Signal(int)
    moveRequested = Signal(int, float, float, int, bool)  # index, x, y, drag id, finished
    movePointsRequested = Signal(object, object, int, bool)  # indices (k,), xy (k, 2), drag id, finished
    hovered = Signal(int)

    def __init__(self, view: DatasetView) -> None:
        super().__init__(enableMenu=False)
        self._view = view
        # a drag of points: (indices, drag id, their positions at the start, where the mouse started)
        self._drag: tuple[np.ndarray, int, np.ndarray, QPointF] | None = None
        self._band: tuple[QPointF, np.ndarray] | None = None  # a rubber band: (first corner, kept selection)
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
        """Left click on empty space adds a point (or first drops the selection); Shift+click on a
        point selects or unselects it; right click on a point deletes it."""
        i = self.point_at(ev.scenePos())
        view = self._view
        if ev.button() == Qt.MouseButton.LeftButton and ev.modifiers() & SHIFT:
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
            view.expect_removal([i])
            self.removeRequested.emit(i)
            ev.accept()
        else:
            ev.ignore()

    def mouseDragEvent(self, ev, axis=None) -> None:
        """Shift+drag draws a rubber band; a left drag that starts on a point moves it (with the
        rest of the selection, if it is selected); any other drag pans the view."""
        if ev.button() != Qt.MouseButton.LeftButton:
            super().mouseDragEvent(ev, axis)
            return
        if ev.isStart():
            self._drag = self._band = None
            start = self.mapSceneToView(ev.buttonDownScenePos())
            if ev.modifiers() & SHIFT:  # Ctrl+Shift: add to the selection
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

    def hoverEvent(self, ev) -> None:
        """Report which point is under the mouse (for Delete and the highlight)."""
        self.hovered.emit(-1 if ev.isExit() else self.point_at(ev.scenePos()))


class DatasetView(QWidget):
    """Points coloured by class over the decision field; the perceptron's line and weight vector."""

    addRequested = Signal(float, float)
    removeRequested = Signal(int)
    moveRequested = Signal(int, float, float, int, bool)
    movePointsRequested = Signal(object, object, int, bool)  # indices (k,), xy (k, 2), drag id, finished
    selectionChanged = Signal(int)  # how many points are selected now

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.hovered_index = -1
        self.viewbox = EditableViewBox(self)
        self.plot = pg.PlotWidget(viewBox=self.viewbox)
        self.plot.setObjectName("datasetView")
        self.plot.setAccessibleName("datasetView")
        self.plot.setToolTip(HELP)
        # what the marks mean, in one line under the plot
        self.key = QLabel()
        self.key.setObjectName("datasetKey")
        self.key.setWordWrap(True)
        self.key.setContentsMargins(6, 0, 6, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.key)
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
        self._lifted = NO_POINTS  # the points `lifted` draws, sorted: moved ones and those added since
        self._base_n = 0  # how many spots `points` holds (the points of the dataset it was drawn for)
        self._class_rgb = palette.class_rgb()
        # What the drawn items were made from: each is redrawn only when its inputs changed.
        self._styles_shown: np.ndarray | None = None  # `points`' style numbers (label * N_ROLES + role)
        self._field_for: tuple | None = None  # (model, view range, task, kind, problem) of the field
        self._field_params = np.empty(0)  # ... and the parameter values it was computed with
        self._wrong_for: tuple | None = None  # (data version, field key) of the rings
        self._predicted = (np.empty((0, 2)), np.zeros(0, np.intp))  # (inputs, classes) of the rings
        self._data_version = 0
        self._fit_pending = False
        # The selection: sorted point indices. It names points of one dataset, so it is dropped
        # when the dataset is replaced and renumbered after a removal this view asked for.
        self._selection = NO_POINTS
        self._replacing = False  # the next data change is a new dataset (a preset, a file)
        self._expected: tuple[int, np.ndarray] | None = None  # (count, selection) after a removal
        self._seen = self._data_fingerprint()

        self.viewbox.addRequested.connect(self.addRequested)
        self.viewbox.removeRequested.connect(self.removeRequested)
        self.viewbox.moveRequested.connect(self.moveRequested)
        self.viewbox.movePointsRequested.connect(self.movePointsRequested)
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
        self._keep_selection_valid()
        if len(self.session.dataset) and self._fit_pending:
            self.fit_view()

    def _on_model_reset(self) -> None:
        self._keep_selection_valid()  # a reshaping edit resets the model before data_changed
        self.refresh()

    def _on_hovered(self, i: int) -> None:
        self.hovered_index = i
        self._update_highlight()

    def request_fit(self) -> None:
        """Fit the view to the data at the next data change (a preset or a file was loaded)."""
        self._fit_pending = True
        self._replacing = True

    def cancel_fit(self) -> None:
        """Forget a requested fit: the file or lesson it was for was refused, nothing changed."""
        self._fit_pending = False
        self._replacing = False

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

    # ---------------------------------------------------------------- selection

    def selected_indices(self) -> np.ndarray:
        """The selected points' indices, sorted (a copy)."""
        return self._selection.copy()

    def set_selection(self, indices: np.ndarray | list[int]) -> None:
        """Select exactly these points (indices out of range are ignored)."""
        n = len(self.session.dataset)
        chosen = np.unique(np.asarray(indices, np.intp))
        chosen = chosen[(chosen >= 0) & (chosen < n)]
        if np.array_equal(chosen, self._selection):
            return
        self._selection = chosen
        self._update_selected()
        count = len(chosen)
        self.plot.setToolTip(f"{count} point{'s' if count != 1 else ''} selected\n{HELP}" if count else HELP)
        self.selectionChanged.emit(count)

    def clear_selection(self) -> None:
        """Select nothing."""
        self.set_selection(NO_POINTS)

    def select_all(self) -> None:
        """Select every point."""
        self.set_selection(np.arange(len(self.session.dataset)))

    def toggle_selected(self, i: int) -> None:
        """Add point i to the selection, or take it out."""
        sel = self._selection
        self.set_selection(sel[sel != i] if i in sel else np.append(sel, i))

    def drag_group(self, i: int) -> np.ndarray:
        """The points a drag that grabs point i moves: the whole selection if i is in it, else i."""
        return self._selection.copy() if i in self._selection else np.array([i], np.intp)

    def select_in_rect(self, corner: QPointF, other: QPointF, kept: np.ndarray = NO_POINTS,
                       finished: bool = True) -> None:
        """The rubber band from `corner` to `other` (data coordinates): select the points inside
        it and the `kept` ones; the band is drawn until `finished`."""
        x0, x1 = sorted((corner.x(), other.x()))
        y0, y1 = sorted((corner.y(), other.y()))
        X = self.session.dataset.X
        inside = np.flatnonzero((X[:, 0] >= x0) & (X[:, 0] <= x1) & (X[:, 1] >= y0) & (X[:, 1] <= y1))
        self.set_selection(np.union1d(kept, inside))
        if finished:
            self.band.hide()
        else:
            self.band.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.band.show()

    def expect_removal(self, indices: list[int] | np.ndarray) -> None:
        """These points are about to be removed: keep the selection of the others, renumbered."""
        removed = np.asarray(indices, np.intp)
        self._expected = (len(self.session.dataset) - len(np.unique(removed)),
                          renumber_after_removal(self._selection, removed))

    def _data_fingerprint(self) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
        s = self.session
        return len(s.dataset), s.dataset.X, s.dataset.y, s.roles

    def _keep_selection_valid(self) -> None:
        """After a data change, keep the selection only where it still names the same points."""
        (n0, X0, y0, roles0), (n, X, y, roles) = self._seen, self._data_fingerprint()
        if X is X0 and y is y0 and roles is roles0:
            return  # not a data change (new weights)
        self._seen = (n, X, y, roles)
        expected, self._expected = self._expected, None
        replacing, self._replacing = self._replacing, False
        sel = self._selection
        if not len(sel):
            return
        if expected is not None and n == expected[0]:
            sel = expected[1]  # a removal we asked for
        elif replacing or n != n0:
            sel = NO_POINTS  # a new dataset, or an undo / redo that added or removed points
        elif not (roles is roles0 or (np.array_equal(X, X0) and np.array_equal(y, y0))):
            # Only moves keep the session's roles array; a new split of the same points changes
            # the roles alone. Anything else of the same size is a new dataset (an undone preset).
            sel = NO_POINTS
        self.set_selection(sel)

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
        if task == "regression":
            pi.setLabel("bottom", self.tr("x (input)"))
            pi.setLabel("left", self.tr("t (target)"))
            self.key.setText(self.tr("● filled: training · ○ hollow: validation · □ square: test · "
                                     "line: the network's output y(x)"))
            self.key.setToolTip(self.tr("Each point is an input x and its target t. Training points are "
                                        "filled, validation points hollow circles, test points hollow "
                                        "squares; the line is what the network outputs for each x."))
        else:
            pi.setLabel("bottom", "x₁")
            pi.setLabel("left", "x₂")
            self.key.setText(self.tr("● filled: training · ○ hollow: validation · □ square: test · "
                                     "◯ ringed: misclassified"))
            self.key.setToolTip(self.tr("Training points are filled, validation points hollow circles, "
                                        "test points hollow squares. A red ring marks a training point "
                                        "the model classifies wrongly at its current weights."))

    def changeEvent(self, event: QEvent) -> None:
        """Texts set from code are set again in a new language."""
        if event.type() == QEvent.Type.LanguageChange:
            self._axes_task = None
            self._update_axes()
        super().changeEvent(event)

    def refresh_field(self) -> None:
        """Recompute the decision field / regression curve over the visible area, if the model or
        the view changed since (a point edit while paused changes neither: only the rings follow)."""
        s = self.session
        (x0, x1), (y0, y1) = self.viewbox.viewRange()
        problem = s.training_problem()
        params = np.concatenate([np.ravel(v) for v in s.model.params.values()])
        shape = grids.field_shape(self.viewbox.width(), self.viewbox.height(), grids.forward_cost(s.model))
        key = (s.model, (x0, x1, y0, y1), s.task, s.config.model, problem, shape)
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
        if self.banner.toPlainText() != (problem or ""):
            self.banner.setText(problem or "")
        if regression:
            xs, ys = s.regression_curve((x0, x1), 200)
            ok = np.isfinite(ys)
            self.curve.setData(xs[ok], ys[ok])
        else:
            self._update_field((x0, x1), (y0, y1), shape, contour=not is_perceptron)
            if is_perceptron:
                self._update_perceptron_glyphs((x0, x1), (y0, y1))
        self._update_wrong()

    def _update_field(self, xlim: tuple[float, float], ylim: tuple[float, float], shape: grids.FieldShape,
                      contour: bool = True) -> None:
        """The field at a sample every few pixels (a large network's within the frame budget,
        coarser, and a note says so) and, with `contour`, its class boundaries."""
        res = self.field_shape = (shape.ny, shape.nx)
        note = self.tr("decision field at {nx}×{ny} for this large network").format(
            nx=shape.nx, ny=shape.ny) if shape.coarser else ""
        if self.field_note.toPlainText() != note:
            self.field_note.setText(note)
        self.field_note.setVisible(bool(note))
        self.field_note.setPos(6, 24 if self.banner.toPlainText() else 4)  # below the banner, if any
        probs = self.session.decision_field(xlim, ylim, res)  # (ny, nx, k), rows = y
        self.field.setImage(field_colors(probs, self._class_rgb), levels=None)  # ready-made colours
        # Grid samples include both ends of the range: centre each pixel on its sample.
        xs, ys = grids.grid_axes(xlim, ylim, res)
        dx, dy = xs[1] - xs[0], ys[1] - ys[0]
        self.field.setRect(xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
        if contour:
            self.boundary.setData(*contours.class_boundaries(probs, xs, ys))

    def _update_perceptron_glyphs(self, xlim: tuple[float, float], ylim: tuple[float, float]) -> None:
        """The exact line w·x + b = 0 clipped to the view (not a contour of the sampled field), and
        the weight vector w drawn from its middle, at right angles to it (the aspect is locked)."""
        w = self.session.model.params["w"]
        b = float(self.session.model.params["b"][0])
        ends = perceptron.boundary_segment(w, b, xlim, ylim)
        if ends is None:  # w = 0 (no line), or the line is outside the view
            self.boundary.setData([], [])
            self.normal.setData([], [])
            self.normal_head.setVisible(False)
            return
        self.boundary.setData(ends[:, 0], ends[:, 1])
        self.normal_head.setVisible(True)
        u = w / float(np.hypot(*w))
        foot = ends.mean(axis=0)  # on the line, and in view
        length = 0.2 * min(xlim[1] - xlim[0], ylim[1] - ylim[0])
        tip = foot + length * u
        self.normal.setData([foot[0], tip[0]], [foot[1], tip[1]])
        self.normal_head.setPos(*tip)
        # ArrowItem's angle 0 points left (180° on screen) and turns clockwise, as screen y grows
        # downward: w's direction on screen is (u₁, -u₂) (equal scales), at atan2(-u₂, u₁).
        self.normal_head.setStyle(angle=np.degrees(np.arctan2(-u[1], u[0])) - 180.0)

    def _update_points(self) -> None:
        """Lift the points that moved or were added out of `points` (a drag, a click, an undo of
        either); set `points` again from the style numbers when anything else changed (~1 ms
        for 10,000 points, a numpy gather, and one redraw of its pixmap)."""
        s = self.session
        X = s.dataset.X
        labels = np.zeros(len(X), np.intp) if s.task == "regression" else s.dataset.y
        styles = labels * N_ROLES + s.roles
        n, m = len(X), self._base_n
        base = self.points.data
        if (self._styles_shown is None or not m <= n <= m + MAX_ADDED_LIFTED
                or not np.array_equal(styles[:m], self._styles_shown)):
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
        self._lifted = lifted
        self._lifted_spots.set(X[lifted], styles[lifted])
        self._update_highlight()
        self._update_selected()

    def _update_wrong(self, split: bool = False) -> None:
        """Ring the training points the model gets wrong (classification). With `split`, the
        rings of the lifted points are drawn apart, so the other rings keep their pixmap."""
        s = self.session
        self._wrong_for = (self._data_version, self._field_for)
        n = len(s.dataset)
        if s.task == "regression" or n == 0:
            bad = np.zeros(n, bool)
        else:
            bad = (self._predictions(same_model=split) != s.dataset.y) & (s.roles == ROLE_TRAIN)
        apart = np.zeros(n, bool)
        if split:
            apart[min(self._base_n, n):] = True
            apart[self._lifted[self._lifted < n]] = True
        X = s.dataset.X
        self._wrong_spots.set(X[bad & ~apart])
        self._wrong_lifted_spots.set(X[bad & apart])

    def _predictions(self, same_model: bool) -> np.ndarray:
        """The model's class for every point. With the same weights as last time (an edit while
        paused) only the points that moved or were added are predicted again."""
        inputs = self.session.dataset.inputs()
        old_inputs, old_pred = self._predicted
        n, k = len(inputs), min(len(inputs), len(old_inputs))
        if same_model:
            again = np.flatnonzero(np.any(inputs[:k] != old_inputs[:k], axis=1))
            again = np.concatenate([again, np.arange(k, n)])
        if not same_model or len(again) > n // 2:
            pred = self.session.model.predict(inputs)
        else:
            pred = np.empty(n, old_pred.dtype)
            pred[:k] = old_pred[:k]
            if len(again):
                pred[again] = self.session.model.predict(inputs[again])
        self._predicted = (inputs.copy(), pred)
        return pred

    def _update_selected(self) -> None:
        """The halo under the selected points, following them as they move."""
        self._selected_spots.set(self.session.dataset.X[self._selection])

    def _update_highlight(self) -> None:
        i = self.hovered_index
        shown = 0 <= i < len(self.session.dataset)
        place_spots(self.highlight, self.session.dataset.X[i : i + 1] if shown else np.empty((0, 2)))

    # ---------------------------------------------------------------- helpers for tests and tools

    def scene_pos_of_point(self, i: int) -> QPointF:
        """Where point i is drawn, in scene coordinates."""
        x, y = self.session.dataset.X[i]
        return self.viewbox.mapViewToScene(QPointF(float(x), float(y)))
