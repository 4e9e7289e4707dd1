"""The loss curve view's drawing items: curves that grow one step at a time, drawn by one painter.

A HistoryCurve keeps the straight lines it is drawn with (dashes cut from its first point on) and
cuts only its new end per step; one CurvesPainter per plot area draws every curve's lines in one
paint, since Qt calls each item's Python paint() and boundingRect() on every repaint, whatever it
draws. EpochMarks is the vertical epoch lines as one such growing item.
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math

import numpy as np
import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

_log = logging.getLogger(__name__)

ANTIALIAS = QPainter.RenderHint.Antialiasing  # looked up once: a PySide enum lookup costs µs per paint


def _solid(pen: QPen) -> QPen:
    """The pen with a solid line (the same pen if it is solid already)."""
    if pen.style() == Qt.PenStyle.SolidLine:
        return pen
    solid = QPen(pen)
    solid.setStyle(Qt.PenStyle.SolidLine)
    return solid


class Segments:
    """The straight lines a curve is drawn with, cached and extended at the end as the curve grows.

    `lines` is an (m, 4) float64 buffer of (x0, y0, x1, y1) in data units, laid out as Qt's QLineF, so
    any run of it is drawn with one drawLines() call straight from its memory. `first[i]` is the first
    line of the piece from point i to point i + 1 (first[n - 1] the number of lines), so the pieces
    between two points are a slice. `along[i]` is how far along the curve point i lies, in pixels,
    for dashes. The first `ready` points are done: a curve that only grew or changed its last points
    costs the lines of its new end, not of all its history.
    """

    SHORT_TAIL = 8  # new points up to which the lines are cut in plain Python, not numpy

    def __init__(self) -> None:
        self.lines = np.empty((256, 4))
        self.first = np.zeros(256, np.int64)
        self.along = np.zeros(256)
        self.address = self.lines.ctypes.data
        self.ready = 0  # points 0..ready-1 and the pieces between them are in the buffers
        self.key: tuple | None = None  # (dash pattern in px or None, px, py, pairs) they were made for
        self.data: np.ndarray | None = None  # the x array they were made for

    def invalidate(self, keep: int = 0) -> None:
        """Forget everything from point `keep` on (the points before it did not change)."""
        self.ready = min(self.ready, keep)

    def update(self, x: np.ndarray, y: np.ndarray, key: tuple) -> None:
        """Bring the lines up to date with (x, y); key: (dash pattern in px or None, px, py, pairs)."""
        if key != self.key or x is not self.data:  # another style, scale or history: all afresh
            self.ready = 0
        self.key, self.data = key, x
        n = len(x)
        if self.ready >= n:
            return
        pattern, px, py, pairs = key
        a = max(self.ready - 1, 0)  # the piece ending at the first new point starts one point earlier
        start = int(self.first[a])
        if pairs:  # a vertical mark per pair of points: line m from point 2m to point 2m + 1
            a, start = 0, 0
            new = np.column_stack([x[0:n - 1:2], y[0:n - 1:2], x[1::2], y[1::2]])
            offsets = (np.arange(n) + 1) // 2  # an even piece is a mark, an odd one the gap to the next
        elif n - a <= self.SHORT_TAIL:
            self._extend_short(x, y, a, start, pattern, px, py)
            return
        elif pattern is None:  # solid: one line per piece
            new = np.column_stack([x[a:-1], y[a:-1], x[a + 1:], y[a + 1:]])
            offsets = np.arange(n - a)
        else:
            # the distance along the curve in pixels, summed in the same order as over the whole
            # curve at once, so a curve built up step by step has exactly the dashes of a fresh one
            steps = np.hypot(np.diff(x[a:]) / px, np.diff(y[a:]) / py)
            self._reserve("along", n)
            self.along[0] = 0.0
            self.along[a:n] = np.cumsum(np.concatenate([self.along[a:a + 1], steps]))
            new, offsets = _dashes(self.along[a:n], x[a:], y[a:], np.asarray(pattern))
        self._store(a, n, start + offsets, new)

    def _extend_short(self, x: np.ndarray, y: np.ndarray, a: int, start: int,
                      pattern: tuple[float, ...] | None, px: float, py: float) -> None:
        """The pieces from point a on, as _dashes would cut them, in plain Python: for the one or two
        new pieces of a training step, numpy's per-call overhead would cost ten times the work."""
        xs, ys = x[a:].tolist(), y[a:].tolist()
        lines: list[tuple[float, float, float, float]] = []
        firsts = [start]
        if pattern is None:
            lines = list(zip(xs[:-1], ys[:-1], xs[1:], ys[1:], strict=True))
            firsts = list(range(start, start + len(xs)))
        else:
            self._reserve("along", a + len(xs))
            self.along[0] = 0.0
            along = [float(self.along[a])]
            ends = list(itertools.accumulate(pattern))  # dash ends at even indices, gap ends at odd ones
            period, offsets = ends[-1], [0.0, *ends[:-1]]
            for p in range(len(xs) - 1):
                x0, y0, x1, y1, s0 = xs[p], ys[p], xs[p + 1], ys[p + 1], along[p]
                s1 = s0 + math.hypot((x1 - x0) / px, (y1 - y0) / py)
                along.append(s1)
                if s1 > s0:
                    # where dashes start or stop strictly inside the piece, then the piece's end
                    t = [k * period + o for k in range(int(s0 // period), int(s1 // period) + 1)
                         for o in offsets]
                    t = [s0, *(c for c in t if s0 < c < s1), s1]
                    sx, sy = (x1 - x0) / (s1 - s0), (y1 - y0) / (s1 - s0)  # as np.interp's slope
                    for u, v in itertools.pairwise(t):
                        if bisect.bisect_right(ends, ((u + v) / 2) % period) % 2 == 0:
                            lines.append((x0 if u == s0 else sx * (u - s0) + x0,
                                          y0 if u == s0 else sy * (u - s0) + y0,
                                          x1 if v == s1 else sx * (v - s0) + x0,
                                          y1 if v == s1 else sy * (v - s0) + y0))
                firsts.append(start + len(lines))
            self.along[a:a + len(along)] = along
        self._store(a, a + len(xs), firsts, lines)

    def _store(self, a: int, n: int, firsts, lines) -> None:
        """Write the first line of points a..n-1 and the lines from first[a] on; n points are ready."""
        self._reserve("first", n)
        self.first[a:n] = firsts
        start, count = int(self.first[a]), len(lines)
        self._reserve("lines", start + count)
        if count:
            self.lines[start:start + count] = lines
        self.ready = n

    def _reserve(self, name: str, size: int) -> None:
        """Grow buffer `name` (doubling, contents kept) to hold at least `size` rows."""
        old = getattr(self, name)
        if len(old) < size:
            grown = np.empty((max(size, 2 * len(old)), *old.shape[1:]), old.dtype)
            grown[:len(old)] = old
            setattr(self, name, grown)
            if name == "lines":
                self.address = grown.ctypes.data  # where drawLines() reads them


def _dashes(s: np.ndarray, x: np.ndarray, y: np.ndarray,
            pattern: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The dashes of the stretch through points (x, y) lying s pixels along the curve: ((m, 4) lines,
    the index of the first line of each piece). `pattern`: dash, gap, dash, ... lengths in pixels,
    laid along the curve from its first point (as Qt's, but not restarted where a clip cuts the curve)."""
    bounds = np.cumsum(pattern)  # dash ends at even indices, gap ends at odd ones
    period = bounds[-1]
    # every place in this stretch where a dash starts or stops, and every vertex
    first = np.floor(s[0] / period)
    cuts = ((np.arange(first, s[-1] // period + 1)[:, None] * period
             + np.concatenate([[0.0], bounds[:-1]])[None, :]).ravel())
    t = np.union1d(s, cuts[(cuts > s[0]) & (cuts < s[-1])])
    middle = ((t[:-1] + t[1:]) / 2) % period
    on = np.searchsorted(bounds, middle, "right") % 2 == 0  # inside a dash, not a gap
    xt, yt = np.interp(t, s, x), np.interp(t, s, y)
    lines = np.column_stack([xt[:-1][on], yt[:-1][on], xt[1:][on], yt[1:][on]])
    # piece i runs over the sub-intervals from where s[i] sits in t to where s[i + 1] does
    counts = np.concatenate([[0], np.cumsum(on)])
    return lines, counts[np.searchsorted(t, s)]


class HistoryCurve(pg.PlotCurveItem):
    """One series of the history: finite points, x ascending, growing at the end one step at a time.

    A bare PlotCurveItem fed points the view has already clipped and thinned: a PlotDataItem would
    do that itself, but its setData costs ~0.3 ms in Python against 0.05 ms, five times a frame.
    Its bounding rectangle is the whole view (the ViewBox clips it anyway), so it does not move as
    the curve grows, and a step that only adds or replaces the last points repaints the few pixels
    around them instead of the whole plot with every curve in it. Its lines are cached (Segments):
    a repaint draws the cached lines that reach into the exposed strip, with no numpy work. In the
    view, a CurvesPainter paints it (with the other curves of its ViewBox) and it paints nothing itself.
    """

    END_PAD_PX = 4.0  # beyond the changed points: half the 2 px pen, rounding, and a margin
    painter_item: CurvesPainter | None = None  # the item that paints this curve, if not itself

    def __init__(self, pen: QPen, name: str) -> None:
        super().__init__(pen=pen, name=name, skipFiniteCheck=True)
        # paint() is told the exposed rectangle, not the whole bounding rectangle
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self.segments = Segments()
        # (the pen, the solid pen to draw its lines with or None, its dash pattern in px or None)
        self._style: tuple[QPen, QPen | None, tuple[float, ...] | None] | None = None
        self._view_rect: QRectF | None = None  # boundingRect's, until the view's range changes

    def boundingRect(self) -> QRectF:
        """The visible range of the ViewBox, in data coordinates (nothing while there are no points)."""
        if self.xData is None or len(self.xData) == 0:
            return QRectF()
        if self._view_rect is None:
            vb = self.getViewBox()
            if vb is None:
                return QRectF()
            view = vb.viewRect()
            # a non-finite rectangle in the scene's index crashes Qt: then pyqtgraph's own (data bounds)
            finite = all(math.isfinite(v) for v in (view.left(), view.top(), view.width(), view.height()))
            if not finite:
                return super().boundingRect()
            self._view_rect = view
        return self._view_rect

    def viewTransformChanged(self) -> None:
        """pyqtgraph's (prepareGeometryChange), and boundingRect's view rectangle made afresh."""
        super().viewTransformChanged()
        self._view_rect = None

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):
        """(min, max) along `ax`: ascending, finite data need no NaN-aware scan."""
        if frac < 1.0 or orthoRange is not None or self.xData is None or len(self.xData) == 0:
            return super().dataBounds(ax, frac, orthoRange)
        if ax == 0:
            return float(self.xData[0]), float(self.xData[-1])
        return float(self.yData.min()), float(self.yData.max())

    def update(self, *args) -> None:
        """Repaint (a rectangle of) the curve: through the item that paints it, when it has one
        (pyqtgraph's setData and setPen call this; Qt ignores updates of an item with no contents)."""
        target = self.painter_item
        if target is None or self._exportOpts is not False:
            super().update(*args)
        else:
            target.update(*args)

    def itemChange(self, change, value):
        """pyqtgraph's; and a curve shown or hidden (a click on its legend entry) is repainted."""
        if change == QGraphicsItem.GraphicsItemChange.ItemVisibleHasChanged and self.painter_item is not None:
            self.painter_item.update()
        return super().itemChange(change, value)

    def setExportMode(self, export: bool, opts: dict | None = None) -> None:
        """While exporting, the curve paints itself, as pyqtgraph's exporters expect."""
        super().setExportMode(export, opts)
        if self.painter_item is not None:
            self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, not export)

    def drawn_arrays(self) -> list[np.ndarray]:
        """The arrays this item draws: its points and its cached lines (for the no-NaN checks)."""
        x = self.xData if self.xData is not None else np.empty(0)
        y = self.yData if self.yData is not None else np.empty(0)
        return [x, y, self.segments.lines[:int(self.segments.first[max(self.segments.ready - 1, 0)])]]

    def paint(self, painter, option, widget) -> None:
        """Draw the cached lines; should that fail, pyqtgraph's own drawing instead."""
        # an exception escaping a paint() that Qt called aborts the whole process under PySide6
        # (seen: a zero-height range once did): a surprise here must cost a plain curve, not the app.
        # No painter.save()/restore(): the scene protects the painter's state around each item.
        try:
            self._paint_lines(painter, option, widget)
        except Exception:
            _log.exception("drawing a loss curve's lines failed; using pyqtgraph's drawing")
            super().paint(painter, option, widget)

    def _line_style(self) -> tuple[QPen | None, tuple[float, ...] | None]:
        """(the solid pen to draw lines with, or None for pyqtgraph's drawing; the dash pattern in px)."""
        pen = self.opts["pen"]
        if self._style is None or self._style[0] is not pen:
            solid = _solid(pen)
            pairs = self.opts["connect"] == "pairs"
            if pairs:
                # separate marks never overlap: a thin or translucent pen draws the same as one path
                usable = pen.style() == Qt.PenStyle.SolidLine and pen.isSolid() and not self.opts["antialias"]
            else:
                usable = self.opts["connect"] == "all" and self._shouldUseDrawLineSegments(solid)
            dashed = pen.style() != Qt.PenStyle.SolidLine
            # Qt's dash pattern is in pen widths
            pattern = tuple(v * max(pen.widthF(), 1.0) for v in pen.dashPattern()) if dashed else None
            self._style = (pen, solid if usable else None, pattern)
        return self._style[1], self._style[2]

    def _paint_lines(self, painter, option, widget) -> None:
        """Draw the cached lines that reach into the exposed rectangle (all of them when exporting).

        The curve is drawn as separate straight lines with a solid pen (pyqtgraph does so too, for
        wide pens), so a subset paints exactly the pixels the whole set would there. A dashed curve
        is cut into its dashes from its first point on (Segments): Qt's own dashing restarts its
        pattern where the clip rectangle cuts the curve, so a partial repaint would shift it.
        """
        x, vb = self.xData, self.getViewBox()
        solid, pattern = self._line_style()
        if self._exportOpts is not False or x is None or len(x) < 2 or vb is None or solid is None:
            super().paint(painter, option, widget)
            return
        px, py = (abs(v) for v in vb.viewPixelSize())
        if not (0 < px < math.inf and 0 < py < math.inf):
            # a range of zero height or width (one flat value, a view squeezed shut): a pixel is no
            # length in data units and the dash lengths would be infinite; pyqtgraph copes
            super().paint(painter, option, widget)
            return
        # the dashes depend on the pixel size, solid lines do not
        pairs = self.opts["connect"] == "pairs"
        key = (None, 0.0, 0.0, pairs) if pattern is None or pairs else (pattern, px, py, False)
        segments = self.segments
        segments.update(x, self.yData, key)
        # the points whose pieces reach into the exposed rectangle (a wide stroke reaches past its ends)
        exposed, margin = option.exposedRect, px * self.END_PAD_PX
        i0 = max(int(x.searchsorted(exposed.left() - margin, "left")) - 1, 0)
        i1 = min(int(x.searchsorted(exposed.right() + margin, "right")) + 1, len(x))
        if i1 - i0 < 2:
            return
        j0, j1 = int(segments.first[i0]), int(segments.first[i1 - 1])
        if j1 > j0:
            painter.setRenderHint(ANTIALIAS, self.opts["antialias"])
            painter.setPen(solid)
            painter.drawLines(shiboken6.wrapInstance(segments.address + 32 * j0, QLineF), j1 - j0)

    def show_points(self, x: np.ndarray, y: np.ndarray) -> None:
        """Draw (x, y); when only the end changed, repaint only around the end."""
        old_x, old_y = self.xData, self.yData
        if old_x is None or len(old_x) == 0:
            old_x = old_y = np.empty(0)
        if same_data(old_x, x) and same_data(old_y, y):
            return  # a refresh that changed nothing (a point drag while paused)
        keep = len(old_x) - 1  # the History may have replaced its last record: compare before it
        vb = self.getViewBox()
        if (vb is None or keep < 2 or len(x) < keep or len(x) - keep > 64
                or not (same_data(x[:keep], old_x[:keep]) and same_data(y[:keep], old_y[:keep]))):
            pg.PlotCurveItem.setData(self, x, y)  # a new history, a thinned one, another scale: all of it
            return
        # from the last unchanged point on, old and new, so the old end is wiped too (a few points:
        # plain Python floats cost less than numpy calls); x ascends, so its ends are its extremes
        ys = old_y[keep - 1:].tolist() + y[keep - 1:].tolist()
        x_lo, x_hi = float(x[keep - 1]), max(float(old_x[-1]), float(x[-1]))
        if self.segments.data is self.xData:  # the cached lines before the last unchanged point stay
            self.segments.invalidate(keep)
            self.segments.data = x
        # the new data, and pyqtgraph's caches of the old dropped (as its setData would); through the
        # instance dict in one call: each attribute set on a Qt object costs ~1 µs in PySide
        self.__dict__.update(xData=x, yData=y, path=None, fillPath=None, _fillPathList=None,
                             _mouseShape=None, _lineSegmentsRendered=False)
        self.invalidateBounds()
        px, py = (abs(v) * self.END_PAD_PX for v in vb.viewPixelSize())
        # only the visible part, and only finite numbers: a diverging loss (1e300) or a view squeezed
        # shut (a pixel of infinite height) would hand Qt a rectangle past its integer range, which
        # crashes the raster engine's clipping, not just this repaint
        view = vb.viewRect()
        x0, x1 = max(x_lo - px, view.left()), min(x_hi + px, view.right())
        y0, y1 = max(min(ys) - py, view.top()), min(max(ys) + py, view.bottom())
        if not all(math.isfinite(v) for v in (x0, x1, y0, y1)):
            pg.PlotCurveItem.setData(self, x, y)  # pyqtgraph's own full redraw copes with anything
            return
        if x0 <= x1 and y0 <= y1:  # else the changed end is out of sight: nothing to repaint
            self.update(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.informViewBoundsChanged()
        self.sigPlotChanged.emit(self)


def same_data(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two float arrays hold the same numbers, byte for byte: one memcmp, where numpy's
    array_equal costs several µs of overhead per call. 0.0 and -0.0 count as different, which
    costs a full redraw, never a stale picture."""
    return len(a) == len(b) and a.dtype == b.dtype and a.tobytes() == b.tobytes()


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
            # a non-finite rectangle in the scene's index crashes Qt: then the curves' data bounds
            if not all(math.isfinite(v) for v in (view.left(), view.top(), view.width(), view.height())):
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

    def paint(self, painter, option, widget) -> None:
        """Each visible curve's lines, in the order the curves were given (later ones on top)."""
        if self._exportOpts is not False:
            return  # the curves paint themselves into an export
        for curve in self.curves:
            x = curve.xData
            # (a curve of fewer than two points draws nothing: no line without two ends)
            if x is not None and len(x) > 1 and curve.isVisible():
                curve.paint(painter, option, widget)  # (never raises: falls back on pyqtgraph's)


class _GrowingMarks(HistoryCurve):
    """The line item of EpochMarks: pyqtgraph's PlotDataItem hands it all its data and style on
    every change; when the style is the same and the marks only grew at the end, only the strip
    around the new mark is repainted."""

    def setData(self, *args, **kwargs) -> None:
        """PlotCurveItem.setData, or a repaint of the end when that is all that changed."""
        style = {k: v for k, v in kwargs.items() if k not in ("x", "y")}
        if args or "x" not in kwargs or "y" not in kwargs or any(
                k not in self.opts or not (self.opts[k] is v or self.opts[k] == v) for k, v in style.items()):
            super().setData(*args, **kwargs)
            return
        self.show_points(np.asarray(kwargs["x"]), np.asarray(kwargs["y"]))


class EpochMarks(pg.PlotDataItem):
    """The epoch marks as one item: a vertical segment per mark, drawn pairwise.

    A new epoch every frame (a fast speed) would repaint the whole plot for a 1 px line; the line
    item inside is one that repaints only the strip around a mark added at the end.
    """

    def __init__(self, pen: QPen) -> None:
        super().__init__(pen=pen, connect="pairs")
        stock = self.curve
        stock.setParentItem(None)
        self.curve = _GrowingMarks(pen, "")
        self.curve.setParentItem(self)
        self.curve.sigClicked.connect(self.sigClicked)
        del stock
