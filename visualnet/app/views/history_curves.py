"""The loss curve view's drawing items: curves that grow one step at a time, drawn by one painter.

A HistoryCurve that grew repaints only the strip around its new end, and a repaint draws only the
points that reach into the exposed strip; one CurvesPainter per plot area draws every curve in one
paint, since Qt calls each item's Python paint() and boundingRect() on every repaint, whatever it
draws. EpochMarks is the vertical epoch lines as one such growing item. The items are
`pg.GraphicsObject`s, as pyqtgraph's customGraphicsItem example makes them: they own their data
and pens and use no pyqtgraph internals.
"""

from __future__ import annotations

import logging
import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from visualnet.app import qt_arrays

_log = logging.getLogger(__name__)

Array = NDArray[np.float64]
ANTIALIAS = QPainter.RenderHint.Antialiasing  # looked up once: a PySide enum lookup costs µs per paint
END_POINTS = 64  # a change within this many points of a curve's end repaints only around the end


def _solid(pen: QPen) -> QPen:
    """The pen with a solid line (the same pen if it is solid already)."""
    if pen.style() == Qt.PenStyle.SolidLine:
        return pen
    solid = QPen(pen)
    solid.setStyle(Qt.PenStyle.SolidLine)
    return solid


def same_data(a: Array, b: Array) -> bool:
    """Whether two float arrays hold the same numbers, byte for byte: one memcmp, where numpy's
    array_equal costs several µs of overhead per call. 0.0 and -0.0 count as different, which
    costs a full redraw, never a stale picture."""
    return len(a) == len(b) and a.dtype == b.dtype and a.tobytes() == b.tobytes()


def _common_start(old_x: Array, old_y: Array, x: Array, y: Array) -> int:
    """How many leading points the new curve shares with the old, counted within its last END_POINTS
    (0 when they differ before): the History replaces its last record, and a thinned curve its last
    run of points, so a growing curve changes only near its end."""
    m = min(len(old_x), len(x))
    keep = len(old_x) - 1  # most frames: all but the old last point (the History's tail) stay
    if 2 <= keep <= m and same_data(x[:keep], old_x[:keep]) and same_data(y[:keep], old_y[:keep]):
        return keep
    start = max(len(old_x), len(x)) - END_POINTS
    start = max(start, 0)
    if start > m or not (same_data(x[:start], old_x[:start]) and same_data(y[:start], old_y[:start])):
        return 0
    differ = np.flatnonzero((x[start:m] != old_x[start:m]) | (y[start:m] != old_y[start:m]))
    return start + int(differ[0]) if len(differ) else m


def _finite_rect(rect: QRectF) -> bool:
    """Whether a rectangle's corners are finite numbers (a non-finite one crashes Qt's scene index)."""
    return all(math.isfinite(v) for v in (rect.left(), rect.top(), rect.width(), rect.height()))


class HistoryCurve(pg.GraphicsObject):
    """One series of the history: finite points, x ascending, growing at the end one step at a time.

    It is fed points the view has already clipped and thinned. Its bounding rectangle is the whole
    view (the ViewBox clips it anyway), so it does not move as the curve grows, and a step that only
    adds or replaces the last points repaints the few pixels around them instead of the whole plot
    with every curve in it; a repaint draws the stretch of the curve that reaches into the exposed
    strip. In the view, a CurvesPainter paints it (with the other curves of its ViewBox) and it
    paints nothing itself, except into an export.

    `opts` holds its style the way pyqtgraph's own curves do ("pen", "antialias", "connect"), which
    is what a legend's ItemSample draws its sample line from.
    """

    END_PAD_PX = 4.0  # beyond the changed points: half the 2 px pen, rounding, and a margin

    def __init__(self, pen: QPen, name: str, connect: str = "all") -> None:
        super().__init__()
        # paint() is told the exposed rectangle, not the whole bounding rectangle
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.opts: dict[str, object] = {"pen": pen, "antialias": bool(pg.getConfigOption("antialias")),
                                        "connect": connect}
        self._name = name
        self.xData: Array = np.empty(0)
        self.yData: Array = np.empty(0)
        self.painter_item: CurvesPainter | None = None  # the item that paints this curve, if not itself
        self.exporting = False
        # (the pen, the solid pen to draw its lines with or None, whether the pen is dashed)
        self._style: tuple[QPen, QPen | None, bool] | None = None
        self._view_rect: QRectF | None = None  # boundingRect's, until the view's range changes

    # ------------------------------------------------------------------ style and data

    def name(self) -> str:
        """The name its legend entry shows."""
        return self._name

    def set_name(self, name: str) -> None:
        """Another name for its legend entry (a new language); the legend is remade by its view."""
        self._name = name

    def pen(self) -> QPen:
        """The pen it is drawn with."""
        pen = self.opts["pen"]
        assert isinstance(pen, QPen)
        return pen

    def setPen(self, *args: Any, **kwargs: Any) -> None:
        """A new pen (anything pg.mkPen takes), and a repaint."""
        self.opts["pen"] = pg.mkPen(*args, **kwargs)
        self._style = None
        self.repaint_area()

    def getData(self) -> tuple[Array, Array]:
        """(x, y) as drawn."""
        return self.xData, self.yData

    def setData(self, x: Array, y: Array) -> None:
        """Draw (x, y) afresh."""
        # the bounding rectangle may change with the data (empty, or the data's own while the view's
        # range is not finite): Qt must hear of it first, or its scene index keeps a stale rectangle
        # and later paints touch freed items (a crash seen in the suite about one run in three)
        self.prepareGeometryChange()
        if self.painter_item is not None:
            self.painter_item.curve_changed()
        self.xData, self.yData = np.asarray(x, np.float64), np.asarray(y, np.float64)
        self.informViewBoundsChanged()
        self.repaint_area()

    def show_points(self, x: Array, y: Array) -> None:
        """Draw (x, y); when only the end changed, repaint only around the end."""
        old_x, old_y = self.xData, self.yData
        if same_data(old_x, x) and same_data(old_y, y):
            return  # a refresh that changed nothing (a point drag while paused)
        keep = _common_start(old_x, old_y, x, y)
        vb = self.getViewBox()
        if vb is None or keep < 2 or len(x) - keep > END_POINTS or len(old_x) - keep > END_POINTS:
            self.setData(x, y)  # a new history, a thinned one, another scale: all of it
            return
        # from the last unchanged point on, old and new, so the old end is wiped too (a few points:
        # plain Python floats cost less than numpy calls); x ascends, so its ends are its extremes
        ys = old_y[keep - 1:].tolist() + y[keep - 1:].tolist()
        x_lo, x_hi = float(x[keep - 1]), max(float(old_x[-1]), float(x[-1]))
        if self._view_rect is None:  # the bounding rectangle is not the view's yet: it may follow the data
            self.prepareGeometryChange()
        self.xData, self.yData = x, y
        px, py = (abs(v) * self.END_PAD_PX for v in vb.viewPixelSize())
        # only the visible part, and only finite numbers: a diverging loss (1e300) or a view squeezed
        # shut (a pixel of infinite height) would hand Qt a rectangle past its integer range, which
        # crashes the raster engine's clipping, not just this repaint
        view = vb.viewRect()
        x0, x1 = max(x_lo - px, view.left()), min(x_hi + px, view.right())
        y0, y1 = max(min(ys) - py, view.top()), min(max(ys) + py, view.bottom())
        self.informViewBoundsChanged()
        if not all(math.isfinite(v) for v in (x0, x1, y0, y1)):
            self.repaint_area()  # the whole view
        elif x0 <= x1 and y0 <= y1:  # else the changed end is out of sight: nothing to repaint
            self.repaint_area(QRectF(x0, y0, x1 - x0, y1 - y0))

    def repaint_area(self, rect: QRectF | None = None) -> None:
        """Repaint `rect` (data units; default: all) through the item that paints the curve."""
        target: QGraphicsItem = self if self.painter_item is None or self.exporting else self.painter_item
        if rect is None:
            target.update()
        else:
            target.update(rect)

    def drawn_arrays(self) -> list[Array]:
        """The arrays this item draws: its points and its lines as (x0, y0, x1, y1) rows (no-NaN checks)."""
        return [self.xData, self.yData, self._line_rows(0, len(self.xData))]

    # ------------------------------------------------------------------ the GraphicsObject contract

    def boundingRect(self) -> QRectF:
        """The visible range of the ViewBox, in data coordinates (nothing while there are no points)."""
        if len(self.xData) == 0:
            return QRectF()
        if self._view_rect is None:
            vb = self.getViewBox()
            if vb is None:
                return QRectF()
            view = vb.viewRect()
            if not _finite_rect(view):  # then the data's own rectangle
                return self._data_rect()
            self._view_rect = view
        return self._view_rect

    def _data_rect(self) -> QRectF:
        """The rectangle the points span (finite points only)."""
        (x0, x1), (y0, y1) = self.dataBounds(0), self.dataBounds(1)
        rect = QRectF(x0, y0, x1 - x0, y1 - y0)
        return rect if _finite_rect(rect) else QRectF()

    def viewTransformChanged(self) -> None:
        """The view's range or size changed: so did the bounding rectangle."""
        self.prepareGeometryChange()
        self._view_rect = None

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: object = None) -> tuple[float, float]:
        """(min, max) along `ax` for the ViewBox's auto-range: x ascends, so its ends are its extremes."""
        if len(self.xData) == 0:
            return math.nan, math.nan  # (the ViewBox ignores non-finite bounds)
        if ax == 0:
            return float(self.xData[0]), float(self.xData[-1])
        return float(self.yData.min()), float(self.yData.max())

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        """pyqtgraph's; and a curve shown or hidden (a click on its legend entry) is repainted."""
        if change == QGraphicsItem.GraphicsItemChange.ItemVisibleHasChanged and self.painter_item is not None:
            self.painter_item.update()
        return super().itemChange(change, value)

    def setExportMode(self, export: bool, opts: dict | None = None) -> None:
        """While exporting, the curve paints itself, as pyqtgraph's exporters expect."""
        self.exporting = export
        if self.painter_item is not None:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, not export)
        super().setExportMode(export, opts)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Draw the cached lines; should that fail, the whole curve as one path instead."""
        # an exception escaping a paint() that Qt called aborts the whole process under PySide6
        # (seen: a zero-height range once did): a surprise here must cost a plain curve, not the app.
        # No painter.save()/restore(): the scene protects the painter's state around each item.
        try:
            self._paint_lines(painter, option)
        except Exception:
            _log.exception("drawing a loss curve's lines failed; drawing it as one path")
            self._paint_path(painter)

    # ------------------------------------------------------------------ drawing

    def _line_style(self) -> tuple[QPen | None, bool]:
        """(the solid pen to draw separate lines with, or None for one path; whether the pen is dashed)."""
        pen = self.pen()
        if self._style is None or self._style[0] is not pen:
            solid = _solid(pen)
            opaque = pen.isSolid() and not self.opts["antialias"]
            if self.opts["connect"] == "pairs":
                # separate marks never overlap: a thin or translucent pen draws the same as one path
                usable = pen.style() == Qt.PenStyle.SolidLine and opaque
            else:
                # the ends of adjacent lines overlap: only where that shows nothing (as pyqtgraph
                # decides for its own curves: wide, opaque, not antialiased)
                usable = solid.widthF() > 1.0 and opaque and solid.color().alphaF() == 1.0
            self._style = (pen, solid if usable else None, pen.style() != Qt.PenStyle.SolidLine)
        return self._style[1], self._style[2]

    def _line_rows(self, i0: int, i1: int) -> Array:
        """The straight lines through points i0..i1-1 as (m, 4) rows of (x0, y0, x1, y1): from each
        point to the next, or one per pair of points (a pair starts at an even index)."""
        x, y = self.xData[i0:i1], self.yData[i0:i1]
        if self.opts["connect"] == "pairs":
            skip = i0 % 2  # from the first whole pair on
            n = (len(x) - skip) // 2 * 2
            return np.column_stack([x[skip:skip + n], y[skip:skip + n]]).reshape(-1, 4)
        return np.column_stack([x[:-1], y[:-1], x[1:], y[1:]])

    def _paint_path(self, painter: QPainter) -> None:
        """The whole curve as one path with its own pen (Qt's dashes): for exports and unusual pens."""
        if len(self.xData) < 2:
            return
        painter.setRenderHint(ANTIALIAS, bool(self.opts["antialias"]))
        painter.setPen(self.pen())
        painter.drawPath(pg.arrayToQPath(self.xData, self.yData, connect=str(self.opts["connect"])))

    def _paint_dashes(self, painter: QPainter, i0: int, i1: int, px: float, py: float) -> None:
        """Points i0..i1-1 as one dashed line, Qt's dashes continued from where the whole curve has them."""
        x, y = self.xData, self.yData
        pen = QPen(self.pen())
        # Qt lays a cosmetic pen's dashes from the start of each line it draws, in device pixels counted
        # in pen widths: start them as far into the pattern as point i0 lies along the curve, so a
        # repaint of a strip continues the dashes of the whole curve instead of restarting them
        along = float(np.hypot(np.diff(x[:i0 + 1]) / px, np.diff(y[:i0 + 1]) / py).sum()) if i0 else 0.0
        pen.setDashOffset(along / max(pen.widthF(), 1.0))
        painter.setRenderHint(ANTIALIAS, bool(self.opts["antialias"]))
        painter.setPen(pen)
        painter.drawPolyline(qt_arrays.polygon_of(np.column_stack([x[i0:i1], y[i0:i1]])))

    def _paint_lines(self, painter: QPainter, option: QStyleOptionGraphicsItem) -> None:
        """Draw the stretch of the curve that reaches into the exposed rectangle (all of it when exporting).

        A solid curve is drawn as separate straight lines with a solid pen (pyqtgraph does so too, for
        wide pens), so a stretch paints exactly the pixels the whole curve would there. A dashed curve
        is one dashed line through the stretch, its pattern offset to where the stretch starts along
        the curve (Qt would otherwise restart it where the repaint starts, and shift it).
        """
        x, vb = self.xData, self.getViewBox()
        solid, dashed = self._line_style()
        if self.exporting or len(x) < 2 or vb is None or solid is None:
            self._paint_path(painter)
            return
        px, py = (abs(v) for v in vb.viewPixelSize())
        if not (0 < px < math.inf and 0 < py < math.inf):
            # a range of zero height or width (one flat value, a view squeezed shut): a pixel is no
            # length in data units, and the dash offset would be infinite; one path copes
            self._paint_path(painter)
            return
        # the points whose pieces reach into the exposed rectangle (a wide stroke reaches past its ends)
        exposed, margin = option.exposedRect, px * self.END_PAD_PX
        i0 = max(int(x.searchsorted(exposed.left() - margin, "left")) - 1, 0)
        i1 = min(int(x.searchsorted(exposed.right() + margin, "right")) + 1, len(x))
        if i1 - i0 < 2:
            return
        if dashed and self.opts["connect"] != "pairs":
            self._paint_dashes(painter, i0, i1, px, py)
            return
        painter.setRenderHint(ANTIALIAS, bool(self.opts["antialias"]))
        painter.setPen(solid)
        qt_arrays.draw_lines(painter, self._line_rows(i0, i1))


class EpochMarks(HistoryCurve):
    """The epoch marks as one item: a vertical segment per pair of points, growing at the end.

    A new epoch every frame (a fast speed) would repaint the whole plot for a 1 px line; as a
    HistoryCurve, a mark added at the end repaints only the strip around it.
    """

    def __init__(self, pen: QPen) -> None:
        super().__init__(pen, "", connect="pairs")

    @property
    def curve(self) -> EpochMarks:
        """The item that draws the marks: itself (they were once a PlotDataItem's child curve)."""
        return self


class CurvesPainter(pg.GraphicsObject):
    """Paints several HistoryCurves of one ViewBox, in order, in one paint() call.

    Each Python item costs Qt's scene a Python paint() and two or three Python boundingRect() calls
    on every repaint of the plot (~45 µs an item, whatever it draws): the curves stay in the scene
    as they are (their data, pens, legend entries and theming unchanged) but have no contents of
    their own; this item, in the same coordinates, draws their cached lines. When exporting, the
    curves paint themselves and this item paints nothing.
    """

    def __init__(self, curves: list[HistoryCurve]) -> None:
        super().__init__()
        self.curves = curves
        self.exporting = False
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._view_rect: QRectF | None = None  # boundingRect's, until the view's range changes
        for curve in curves:
            curve.painter_item = self
            curve.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)

    def boundingRect(self) -> QRectF:
        """The visible range of the ViewBox, in data coordinates (the curves' bounding rectangle)."""
        if self._view_rect is None:
            vb = self.getViewBox()
            if vb is None:
                return QRectF()
            view = vb.viewRect()
            if not _finite_rect(view):  # then the curves' data rectangles
                bounds = QRectF()
                for curve in self.curves:
                    bounds |= curve.boundingRect()
                return bounds
            self._view_rect = view
        return self._view_rect

    def viewTransformChanged(self) -> None:
        """The view's range or size changed: so did the bounding rectangle."""
        self.prepareGeometryChange()
        self._view_rect = None

    def curve_changed(self) -> None:
        """A curve's data are about to change: while the view's range is not finite, so may this rectangle."""
        if self._view_rect is None:
            self.prepareGeometryChange()

    def setExportMode(self, export: bool, opts: dict | None = None) -> None:
        """While exporting, the curves paint themselves and this item nothing."""
        self.exporting = export
        super().setExportMode(export, opts)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Each visible curve's lines, in the order the curves were given (later ones on top)."""
        if self.exporting:
            return  # the curves paint themselves into an export
        for curve in self.curves:
            # (a curve of fewer than two points draws nothing: no line without two ends)
            if len(curve.xData) > 1 and curve.isVisible():
                curve.paint(painter, option, widget)  # (never raises: falls back on one path)
