"""What moves over the loss surface every frame: the path, its dots, the next-step arrow and the
current point, drawn by one item.

As six pyqtgraph items (two curves for the arrow's halo and shaft, the path, two scatters and an
ArrowItem) a frame cost each one a Python `paint()` (the scatters ~0.3 ms each) and several Python
`boundingRect()` calls, and every `setData` a new geometry for Qt's scene index. `SurfaceOverlay`
draws the same marks, with the same pens, brushes and symbol pictures, in one `paint()`; its
bounding rectangle is the surface's window (which the view's range equals), set only when the window
changes, and a new frame marks only the part of it the marks covered before and cover now as dirty.

Everything is drawn in device pixels: positions are mapped with the painter's transform in numpy, so
dots, the marker and the arrow's head keep their pixel sizes whatever the two axes' scales, and the
head points along the shaft as it appears on screen.

`GradientFieldItem` draws the gradient field (−∇L over a coarse grid) the same way, as one item whose
drawing changes only with the surface (the view caches it as a pixmap).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable
from typing import cast

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol, renderSymbol
from pyqtgraph.Qt import compat
from PySide6.QtCore import QLineF, QPointF, QRectF
from PySide6.QtGui import QPainter, QPainterPath, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from visualnet.app import palette, qt_arrays
from visualnet.app.playground_paths import to_device
from visualnet.presenters.gradient_field import Field, arrow_lines

__all__ = ["GradientFieldItem", "SurfaceOverlay"]

_log = logging.getLogger("visualnet")

PATH_COLOR = "#FFFFFF"
MARK_COLOR = palette.ACCENT
PATH_WIDTH, HALO_WIDTH, SHAFT_WIDTH = 1.5, 4.5, 2.0  # logical pixels (× the projector's line scale)
DOT_SIZE, MARKER_SIZE = 4.0, 11.0  # symbol diameters in pixels, as pyqtgraph's scatter draws them
HEAD_LEN, HEAD_TIP_ANGLE = 12.0, 34.0  # the arrow's head, in pixels and degrees (pyqtgraph's ArrowItem)
MARGIN_PX = 16.0  # how far a mark reaches beyond the point it is drawn at (head, marker, wide pens)
FIELD_COLOR, FIELD_HALO = "#FFFFFF", "#70000000"  # white on a dark translucent halo: reads on all viridis
FIELD_WIDTH, FIELD_HALO_WIDTH = 1.2, 3.0


class SurfaceOverlay(QGraphicsObject):
    """The training path (already thinned), dots along it, the next-step arrow and the current point."""

    def __init__(self) -> None:
        super().__init__()
        self.path = np.empty((0, 2))  # (m, 2) the polyline, data coordinates
        self.dots = np.empty((0, 2))  # (k, 2) the dots along it
        self.marker: np.ndarray | None = None  # (2,) the current point, or None when not shown
        self.arrow: np.ndarray | None = None  # (2, 2) the arrow's start and tip, or None
        self._bounds = QRectF()  # the surface's window: everything drawn lies in it
        self._drawn = QRectF()  # the part of it the marks of the last frame covered
        self._path_box = (math.inf, math.inf, -math.inf, -math.inf)  # (x0, y0, x1, y1) of the path
        # the same marks as Qt objects, made in set_frame: paint() hands them to Qt as they are
        self._path_poly = QPolygonF()
        self._marks_poly = QPolygonF()  # the dots, then the arrow's ends and the marker, if shown
        self._arrow_line = QLineF()
        self._fragments = np.zeros((0, 10))  # one QPainter.PixmapFragment per dot (see _draw_dots)
        self._fragment_dpr = 0.0
        self._export: dict | None = None  # pyqtgraph's export options while an export paints
        self._head = head_path()
        self.line_scale = 0.0
        self.build_styles()

    # ------------------------------------------------------------------ state

    def build_styles(self, line_scale: float = 1.0) -> None:
        """Make the pens and brushes (once, and again when projector mode widens the lines)."""
        self.line_scale = line_scale
        self._path_pen = palette.pen(PATH_COLOR, PATH_WIDTH * line_scale)
        # a white halo under the red shaft keeps it readable on the dark end of viridis
        self._halo_pen = palette.pen(PATH_COLOR, HALO_WIDTH * line_scale)
        self._shaft_pen = palette.pen(MARK_COLOR, SHAFT_WIDTH * line_scale)
        self._head_pen = palette.pen(PATH_COLOR, 1.0)
        self._head_brush = palette.brush(MARK_COLOR)
        # (symbol size, pen, brush) of the dots and the marker, as their scatters had them
        self._dot_style = (DOT_SIZE, palette.pen(palette.FOREGROUND, 0.5), palette.brush(PATH_COLOR))
        self._marker_style = (MARKER_SIZE, palette.pen("#FFFFFF", 1.5), palette.brush(MARK_COLOR))
        self._pixmaps: dict[tuple, tuple[QPixmap, QPointF]] = {}  # symbols, per device pixel ratio
        self._drawn = QRectF(self._bounds)  # wider lines: repaint everything once
        self.update()

    def set_bounds(self, rect: QRectF) -> None:
        """The surface's window (data coordinates); Qt asks for it several times a frame."""
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = QRectF(rect)
            self._drawn = QRectF(rect)

    def set_frame(self, path: np.ndarray | None, dots: np.ndarray | None, marker: np.ndarray | None,
                  arrow: np.ndarray | None, pixel: tuple[float, float],
                  box: tuple[float, float, float, float] | None = None) -> None:
        """This frame's marks (finite, data coordinates); `path` and `dots` None keep the last ones.

        `pixel` is the size of a screen pixel in data units: only the area the marks covered and
        now cover, widened by the pixel size of the marks, is repainted. `box` (x0, y0, x1, y1), if
        given, holds the path (the caller may know it already).
        """
        if path is not None:
            self.path = path
            qt_arrays.fill_polygon(self._path_poly, path)
            if box is None and len(path):
                box = (*path.min(axis=0).tolist(), *path.max(axis=0).tolist())
            # the path's box, in plain floats: the dirty area is worked out from it every frame
            self._path_box = box if box is not None else (math.inf, math.inf, -math.inf, -math.inf)
        if dots is not None:
            self.dots = dots
        self.marker, self.arrow = marker, arrow
        # the pixel-sized marks' anchors: paint() maps them to the screen in one call
        qt_arrays.fill_polygon(self._marks_poly, np.concatenate(
            [self.dots] + [a.reshape(-1, 2) for a in (arrow, marker) if a is not None]))
        if arrow is not None:
            (x0, y0), (x1, y1) = arrow.tolist()
            self._arrow_line = QLineF(x0, y0, x1, y1)
        extent = self._extent(pixel)
        dirty = self._drawn.united(extent) if not self._drawn.isEmpty() else extent
        self._drawn = extent
        if not dirty.isEmpty():
            self.update(dirty.intersected(self._bounds))

    def _extent(self, pixel: tuple[float, float]) -> QRectF:
        """The data rectangle the marks cover, with room for their pixel-sized parts."""
        x0, y0, x1, y1 = self._path_box
        for point in (*(self.arrow if self.arrow is not None else ()), self.marker):
            if point is not None:
                x, y = float(point[0]), float(point[1])
                x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
        px, py = pixel
        if not (x0 <= x1 and px > 0 and py > 0 and math.isfinite(px) and math.isfinite(py)):
            return QRectF(self._bounds)  # nothing drawn, or no pixel size yet: the whole window
        mx, my = MARGIN_PX * self.line_scale * px, MARGIN_PX * self.line_scale * py
        return QRectF(x0 - mx, y0 - my, x1 - x0 + 2 * mx, y1 - y0 + 2 * my)

    def drawn_arrays(self) -> list[np.ndarray]:
        """Every array this item draws from (a check for NaN reaches them all here)."""
        return [a for a in (self.path, self.dots, self.marker, self.arrow) if a is not None]

    def head_polygon(self, t: QTransform) -> np.ndarray:
        """The arrow's head (n, 2) in the coordinates `t` maps the data to (a painter's device pixels):
        its tip on the arrow's tip, pointing along the shaft as `t` shows it."""
        line = t.map(self._arrow_line)
        outline = _head_transform(line.x1(), line.y1(), line.x2(), line.y2()).map(self._head)
        # a QPolygonF iterates over its points; PySide6's stub has no __iter__
        return np.array([(p.x(), p.y()) for p in outline.toFillPolygon()])  # type: ignore[attr-defined]

    def boundingRect(self) -> QRectF:
        """The surface's window, cached."""
        return self._bounds

    def setExportMode(self, export: bool, opts: dict | None = None) -> bool:
        """pyqtgraph's exporters call this around an export: vector symbols, antialiased, scaled as
        pyqtgraph's scatter scales its symbols."""
        self._export = dict(opts or {}) if export else None
        return True

    # ------------------------------------------------------------------ drawing

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Draw every mark: the lines in data coordinates, the pixel-sized marks in device pixels."""
        _safe_paint(self._draw, painter)

    def _draw(self, painter: QPainter) -> None:
        export = self._export
        aa = bool(export.get("antialias", True)) if export is not None else False  # pyqtgraph's default
        scale = float(export.get("resolutionScale", 1.0)) if export is not None else 1.0
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, aa)
        # cosmetic pens: lines as wide on screen whatever the two axes' scales (as pyqtgraph's curves)
        if len(self.path) >= 2:
            painter.setPen(self._path_pen)
            painter.drawPolyline(self._path_poly)
        if self.arrow is not None:
            for pen in (self._halo_pen, self._shaft_pen):
                painter.setPen(pen)
                painter.drawLine(self._arrow_line)
        t = painter.transform()
        painter.resetTransform()  # from here on: (logical) device pixels
        marks = t.map(self._marks_poly)
        xy = qt_arrays.points_of(marks)  # a view of the mapped polygon's memory
        k = len(self.dots)
        if k:
            self._draw_dots(painter, xy[:k], scale)
        ends = xy[k:].tolist()  # the arrow's start and tip, then the marker (as far as shown)
        if self.arrow is not None:
            (x0, y0), (x1, y1) = ends[:2]
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)  # as the ArrowItem drew it
            painter.setPen(self._head_pen)
            painter.setBrush(self._head_brush)
            # (its pixel size whatever an export's scale: pyqtgraph's ArrowItem ignored that scale too)
            painter.setTransform(_head_transform(x0, y0, x1, y1))
            painter.drawPath(self._head)
            painter.resetTransform()
        if self.marker is not None:
            x, y = ends[-1]
            if export is not None:
                self._draw_vector(painter, [(x, y)], self._marker_style, scale)
            else:
                pixmap, half = self._pixmap(painter, self._marker_style)
                # centred as pyqtgraph's scatter places a symbol (its picture carries the pixel ratio)
                painter.drawPixmap(QPointF(x - half.x(), y - half.y()), pixmap)

    def _draw_dots(self, painter: QPainter, xy: np.ndarray, scale: float) -> None:
        """The dots' picture centred on each point (device pixels), in one call; shapes when exporting."""
        if self._export is not None:  # an SVG wants shapes, and a scaled PNG bigger symbols
            self._draw_vector(painter, xy.tolist(), self._dot_style, scale)
            return
        pixmap, _half = self._pixmap(painter, self._dot_style)
        n = len(xy)
        if len(self._fragments) < n:
            dpr = pixmap.devicePixelRatio()
            # x, y (the centre), source left, top, width, height, scale x, y, rotation, opacity
            self._fragments = np.tile([0.0, 0.0, 0.0, 0.0, pixmap.width(), pixmap.height(),
                                       1 / dpr, 1 / dpr, 0.0, 1.0], (max(n, 64), 1))
            # the first fragment, wrapped once (numpy's `.ctypes` is slow to ask every frame)
            self._first = compat.wrapinstance(self._fragments.ctypes.data, QPainter.PixmapFragment)
        self._fragments[:n, 0:2] = xy
        painter.drawPixmapFragments(self._first, n, pixmap)

    def _pixmap(self, painter: QPainter, style: tuple) -> tuple[QPixmap, QPointF]:
        """The picture pyqtgraph's scatter would draw for this symbol style, at the device's
        resolution, and half its size in logical pixels (from its centre to its corner)."""
        key = (id(style), painter.device().devicePixelRatioF())
        found = self._pixmaps.get(key)
        if found is None:
            dpr = key[1]
            size, pen, brush = style
            pixmap = QPixmap.fromImage(renderSymbol("o", size, pen, brush, dpr=dpr))
            half = pixmap.deviceIndependentSize() / 2
            found = self._pixmaps[key] = pixmap, QPointF(half.width(), half.height())
            if dpr != self._fragment_dpr:
                self._fragments = np.zeros((0, 10))  # made again with this ratio's scale
                self._fragment_dpr = dpr
        return found

    def _draw_vector(self, painter: QPainter, points: list, style: tuple, scale: float) -> None:
        """Circles as shapes (an export): antialiased, `scale` times larger on a scaled-up picture."""
        size, pen, brush = style
        export = cast(dict, self._export)  # only an export draws vectors
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, bool(export.get("antialias", True)))
        for x, y in points:
            painter.resetTransform()
            painter.translate(x, y)
            drawSymbol(painter, "o", size * scale, pen, brush)
        painter.resetTransform()


class GradientFieldItem(QGraphicsObject):
    """The gradient field's arrows, −∇L at the cells of a coarse grid, as one item."""

    def __init__(self) -> None:
        super().__init__()
        self.tails = np.empty((0, 2))  # (k, 2) each arrow's tail, data coordinates
        self.tips = np.empty((0, 2))  # (k, 2) its tip
        self._bounds = QRectF()
        self.line_scale = 0.0
        self.build_styles()

    def build_styles(self, line_scale: float = 1.0) -> None:
        """The pens (once, and again when projector mode widens the lines)."""
        self.line_scale = line_scale
        self._pens = (palette.pen(FIELD_HALO, FIELD_HALO_WIDTH * line_scale),
                      palette.pen(FIELD_COLOR, FIELD_WIDTH * line_scale))
        self.update()

    def set_bounds(self, rect: QRectF) -> None:
        """The surface's window (data coordinates): the arrows sit inside it."""
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = QRectF(rect)

    def set_field(self, field: Field | None) -> None:
        """A new field's arrows (None: none); one repaint."""
        if field is None:
            self.tails, self.tips = np.empty((0, 2)), np.empty((0, 2))
        else:
            self.tails, self.tips = field.arrows()
        self.update()

    def drawn_arrays(self) -> list[np.ndarray]:
        """Every array this item draws from (a check for NaN reaches them all here)."""
        return [self.tails, self.tips]

    def boundingRect(self) -> QRectF:
        """The surface's window, cached."""
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Shafts and heads, heads sized in screen pixels."""
        _safe_paint(self._draw, painter)

    def _draw(self, painter: QPainter) -> None:
        if not len(self.tails):
            return
        t = painter.transform()
        painter.resetTransform()  # from here on: (logical) device pixels
        lines = arrow_lines(to_device(self.tails, t), to_device(self.tips, t))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for pen in self._pens:  # the halo first, the white arrows over it
            painter.setPen(pen)
            qt_arrays.draw_lines(painter, lines)


def _head_transform(x0: float, y0: float, x1: float, y1: float) -> QTransform:
    """Device pixels -> the head's own: its tip on (x1, y1), pointing from (x0, y0) to there."""
    dx, dy = x1 - x0, y1 - y0
    length = math.hypot(dx, dy)
    # the head points along -x: turn (-1, 0) onto the shaft's direction u, i.e. (cos, sin) = -u
    c, s = (-dx / length, -dy / length) if length > 0 else (1.0, 0.0)
    return QTransform(c, s, -s, c, x1, y1)


def _safe_paint(draw: Callable[[QPainter], None], painter: QPainter) -> None:
    """Run a drawing function; an exception costs this item's picture, never the process."""
    # an exception escaping a paint() that Qt called aborts the whole process under PySide6
    painter.save()
    try:
        draw(painter)
    except Exception:
        _log.exception("drawing the loss surface's path and arrow failed")
    finally:
        painter.restore()


def head_path() -> QPainterPath:
    """The arrow head's outline as pyqtgraph's ArrowItem makes it: tip at the origin, pointing
    along -x, in pixels."""
    return pg.functions.makeArrowPath(headLen=HEAD_LEN, headWidth=None, tipAngle=HEAD_TIP_ANGLE,
                                      tailLen=None, tailWidth=3, baseAngle=0)
