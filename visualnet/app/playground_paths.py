"""The optimizer playground's plot items: the surface as one cached picture, the runners, and the
ViewBox in which the start point is dragged.

pyqtgraph would need four or five items per optimizer (path, step dots, head, arrows), each with a
Python `paint()` and a Python `boundingRect()` that Qt calls several times a frame, and some of them
recompute their bounds after every `setData`. Here `RunnersItem` draws every runner's path, dots, head,
divergence mark, the glyph arrows and the start marker in one `paint()`, from arrays handed over by
one `set_frame()` call per frame; its bounding rectangle is the drawing window, which changes only
with the surface. `SurfaceItem` draws f's shades, contour lines and minima into one opaque image the
size of the plot, remade only when the surface or the plot's size changes: a frame then copies
pixels instead of scaling an image and blending a cached contour picture over it. The gradient field
(−∇f over a coarse grid), when shown, is drawn into that picture too: it costs a frame nothing.

Both draw in device pixels: positions are mapped with the painter's transform in numpy, so dots,
heads and arrows have exact pixel sizes whatever the x and y scales.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, cast

import numpy as np
import pyqtgraph as pg
from pyqtgraph.Qt.internals import PrimitiveArray
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen, QPixmap, QTransform
from PySide6.QtWidgets import QGraphicsObject, QGraphicsSceneWheelEvent, QStyleOptionGraphicsItem, QWidget

from visualnet.app import palette, qt_arrays
from visualnet.presenters.gradient_field import arrow_lines
from visualnet.presenters.playground import RunnerDrawing

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseDragEvent

__all__ = ["DOT_PX", "HEAD_MARKER_PX", "PATH_WIDTH", "RunnerDrawing", "RunnersItem", "StartViewBox",
           "SurfaceItem", "to_device"]

_log = logging.getLogger("visualnet")

PATH_WIDTH = 2.0  # logical pixels
GLYPH_WIDTH = 2.0
DOT_PX = 5.0  # step dots' diameter
HEAD_MARKER_PX = 13.0  # the current position's marker, its diameter
HEAD_RING = 1.5  # the white ring around a head (it stands out on any path)
CROSS_PX = 8.0  # half the size of the × on a diverged runner's last finite point
START_PX = 16.0
STAR_PX = 14.0
HIT_RADIUS_PX = 12.0  # a drag that starts this close to the start marker moves it
FIELD_COLOR = "#2F5F9A"  # the gradient field's arrows: a quiet blue, apart from the runners' colours


def to_device(xy: np.ndarray, t: QTransform) -> np.ndarray:
    """(n, 2) points mapped by the affine part of `t` (a painter's world transform), vectorised."""
    m = np.array([[t.m11(), t.m12()], [t.m21(), t.m22()]])
    return xy @ m + np.array([t.dx(), t.dy()])


def _dot_pixmap(color: str, diameter: float, dpr: float) -> QPixmap:
    """An antialiased filled circle, `diameter` logical pixels wide, at the screen's resolution."""
    side = max(1, math.ceil(diameter * dpr)) + 2  # a pixel of room for the antialiased edge
    pm = QPixmap(side, side)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor(color))
    r = diameter * dpr / 2
    p.drawEllipse(QPointF(side / 2, side / 2), r, r)
    p.end()
    return pm


def _safe_paint(draw: Callable[[QPainter], None], painter: QPainter, what: str) -> None:
    """Run a drawing function; an exception costs this item's picture, never the process."""
    # an exception escaping a paint() that Qt called aborts the whole process under PySide6
    painter.save()
    try:
        draw(painter)
    except Exception:
        _log.exception("drawing the playground's %s failed", what)
    finally:
        painter.restore()


class RunnersItem(QGraphicsObject):
    """The playground's runners (each optimizer's path, step dots and head), the glyph arrows and the
    start marker: one item."""

    def __init__(self, glyph_colors: Mapping[str, str]) -> None:
        super().__init__()
        self._bounds = QRectF()
        self._glyph_colors = dict(glyph_colors)
        self.runners: tuple[RunnerDrawing, ...] = ()
        self.arrows: dict[str, np.ndarray] = {g: np.empty((0, 2)) for g in glyph_colors}
        self.start = np.zeros(2)
        self._fragments = PrimitiveArray(QPainter.PixmapFragment, 10)
        self.line_scale = 1.0
        self.build_styles()

    # ------------------------------------------------------------------ state

    def build_styles(self, line_scale: float = 1.0) -> None:
        """Make the pens, brushes and dot pictures (once, and again on a theme or projector change)."""
        self.line_scale = line_scale
        self._dpr = palette.device_pixel_ratio()
        self._path_pens: dict[str, QPen] = {}
        self._brushes: dict[str, QBrush] = {}
        self._dots: dict[str, QPixmap] = {}
        self._glyph_pens = {g: self._pen(c, GLYPH_WIDTH * line_scale) for g, c in self._glyph_colors.items()}
        self._ring = self._pen("#FFFFFF", HEAD_RING * line_scale)
        # the white halo under a divergence ×: as wide as the path pen and 3 px more
        self._cross_halo = self._pen("#FFFFFF", PATH_WIDTH * line_scale + 3)
        self._start_pen = self._pen(palette.FOREGROUND, 2.0 * line_scale)
        self._start_brush = palette.brush("#FFFFFF", 200)
        self.update()

    def _pen(self, color: str, width: float) -> QPen:
        pen = QPen(QColor(color), width * self._dpr)  # cosmetic: device pixels (see palette.pen)
        pen.setCosmetic(True)
        return pen

    def _style(self, color: str) -> tuple[QPen, QBrush, QPixmap]:
        """The path pen, head brush and dot picture of one colour, made on first use."""
        if color not in self._path_pens:
            self._path_pens[color] = self._pen(color, PATH_WIDTH * self.line_scale)
            self._brushes[color] = QBrush(QColor(color))
            self._dots[color] = _dot_pixmap(color, DOT_PX * math.sqrt(self.line_scale), self._dpr)
        return self._path_pens[color], self._brushes[color], self._dots[color]

    def path_pen(self, color: str) -> QPen:
        """The pen a path of this colour is drawn with."""
        return self._style(color)[0]

    def set_bounds(self, rect: QRectF) -> None:
        """The data rectangle everything drawn lies in (the clip window); changes with the surface."""
        if rect != self._bounds:
            self.prepareGeometryChange()
            self._bounds = QRectF(rect)

    def set_frame(self, runners: Sequence[RunnerDrawing], arrows: Mapping[str, np.ndarray],
                  start: np.ndarray) -> None:
        """This frame's runners, arrows ((6k, 2) segment pairs per kind) and start point; one repaint."""
        self.runners = tuple(runners)
        self.arrows = {g: np.asarray(arrows.get(g, np.empty((0, 2))), float) for g in self._glyph_colors}
        self.start = np.asarray(start, float)
        self.update()

    def drawn_arrays(self) -> list[np.ndarray]:
        """Every array this item draws from (a check for NaN reaches them all here)."""
        arrays = [self.start, *self.arrows.values()]
        for r in self.runners:
            arrays += [r.path, r.dots, r.head]
        return arrays

    def boundingRect(self) -> QRectF:
        """The clip window, cached: Qt asks several times a frame."""
        return self._bounds

    # ------------------------------------------------------------------ drawing

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Draw the whole race in device pixels."""
        _safe_paint(self._draw, painter, "runners")

    def _draw(self, painter: QPainter) -> None:
        t = painter.transform()
        painter.resetTransform()  # from here on: (logical) device pixels
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for r in self.runners:
            pen = self.path_pen(r.color)
            if len(r.path) >= 2:
                xy = to_device(r.path, t)
                lines = xy.reshape(-1, 4) if r.pairs else np.hstack([xy[:-1], xy[1:]])
                painter.setPen(pen)
                qt_arrays.draw_lines(painter, lines)
        for r in self.runners:  # every runner's dots above every path (as pyqtgraph's z-order had it)
            if len(r.dots):
                self._draw_dots(painter, to_device(r.dots, t), self._style(r.color)[2])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        radius = HEAD_MARKER_PX * math.sqrt(self.line_scale) / 2
        for r in self.runners:
            _pen, brush, _dot = self._style(r.color)
            (x, y), = to_device(r.head[None, :], t)
            painter.setPen(self._ring)
            painter.setBrush(brush)
            painter.drawEllipse(QPointF(x, y), radius, radius)
            if r.diverged:  # an × over the last finite point: the next step left the numbers
                self._draw_cross(painter, x, y, self._path_pens[r.color])
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        for g, pts in self.arrows.items():  # above the heads: every arrow starts or ends at one
            if len(pts) >= 2:
                painter.setPen(self._glyph_pens[g])
                qt_arrays.draw_lines(painter, to_device(pts, t).reshape(-1, 4))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        (x, y), = to_device(self.start[None, :], t)
        painter.setPen(self._start_pen)
        painter.setBrush(self._start_brush)
        painter.drawEllipse(QPointF(x, y), START_PX / 2, START_PX / 2)

    def _draw_dots(self, painter: QPainter, xy: np.ndarray, dot: QPixmap) -> None:
        """One picture per dot, centred on it, in one drawPixmapFragments call."""
        self._fragments.resize(len(xy))
        f = self._fragments.ndarray()
        f[:, 0:2] = xy  # fragment centres
        f[:, 2:4] = 0.0  # source left, top
        f[:, 4] = dot.width()
        f[:, 5] = dot.height()
        f[:, 6:8] = 1.0 / self._dpr  # the picture is at device resolution
        f[:, 8] = 0.0  # rotation
        f[:, 9] = 1.0  # opacity
        # drawargs() is (fragments, count): mypy counts the * as filling every parameter
        painter.drawPixmapFragments(*self._fragments.drawargs(), dot)  # type: ignore[call-arg]

    def _draw_cross(self, painter: QPainter, x: float, y: float, pen: QPen) -> None:
        k = CROSS_PX * math.sqrt(self.line_scale)
        for p in (self._cross_halo, pen):  # a white halo first: the × reads on the head and on any path
            painter.setPen(p)
            painter.drawLine(QPointF(x - k, y - k), QPointF(x + k, y + k))
            painter.drawLine(QPointF(x - k, y + k), QPointF(x + k, y - k))


class SurfaceItem(QGraphicsObject):
    """f's shades with its contour lines and minima, drawn into one opaque image per plot size."""

    def __init__(self, stops: Sequence[tuple[float, str]], contour_color: str) -> None:
        super().__init__()
        pos, colors = zip(*stops, strict=True)
        self._cmap = pg.ColorMap(np.array(pos), [QColor(c) for c in colors])
        self._contour_color = contour_color
        self._rect = QRectF()
        self.image = np.zeros((0, 0), np.float32)  # (h, w) shades in [0, 1], row 0 at the bottom
        self.segments = np.empty((0, 2))  # contour segment pairs in data coordinates
        self.minima = np.empty((0, 2))
        self.field_tails = np.empty((0, 2))  # the gradient field's arrows (k, 2), data coordinates
        self.field_tips = np.empty((0, 2))
        self._source: QImage | None = None
        self._cache: QImage | None = None
        self._key: tuple = ()
        self.renders = 0  # how many times the picture was made (a frame must not make one)

    def set_surface(self, shades: np.ndarray, rect: QRectF, segments: np.ndarray, minima: np.ndarray) -> None:
        """A new surface: shades (h, w) in [0, 1] covering `rect`, contour pairs, minima (k, 2)."""
        self.image = np.asarray(shades, np.float32)
        self.segments = np.asarray(segments, float).reshape(-1, 2)
        self.minima = np.asarray(minima, float).reshape(-1, 2)
        rgba = np.ascontiguousarray(self._cmap.map(self.image[::-1], mode="byte"))  # image rows go down
        h, w = self.image.shape
        self._source = QImage(rgba.data, w, h, 4 * w, QImage.Format.Format_RGBA8888).convertToFormat(
            QImage.Format.Format_RGB32)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)
        self._key = ()  # make the picture again at the next paint
        self.update()

    def set_field(self, tails: np.ndarray, tips: np.ndarray) -> None:
        """The gradient field's arrows (k, 2) each, data coordinates (none: empty); drawn into the picture."""
        self.field_tails = np.asarray(tails, float).reshape(-1, 2)
        self.field_tips = np.asarray(tips, float).reshape(-1, 2)
        self._key = ()  # make the picture again at the next paint
        self.update()

    def drawn_arrays(self) -> list[np.ndarray]:
        """Every array this item draws from (a check for NaN reaches them all here)."""
        return [self.image, self.segments, self.minima, self.field_tails, self.field_tips]

    def boundingRect(self) -> QRectF:
        """The image's data rectangle."""
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        """Copy the picture, made first if the surface or the plot's size changed."""
        _safe_paint(self._draw, painter, "surface")

    def _draw(self, painter: QPainter) -> None:
        if self._source is None:
            return
        t = painter.transform()
        target = t.mapRect(self._rect).toAlignedRect()
        dpr = painter.device().devicePixelRatioF()
        key = (target.width(), target.height(), round(t.m11(), 9), round(t.m22(), 9), dpr)
        if key != self._key or self._cache is None:
            self._cache = self._render(t, target, dpr)
            self._key = key
        painter.resetTransform()
        painter.drawImage(target.topLeft(), self._cache)

    def _render(self, t: QTransform, target: QRect, dpr: float) -> QImage:
        self.renders += 1
        img = QImage(round(target.width() * dpr), round(target.height() * dpr), QImage.Format.Format_RGB32)
        img.setDevicePixelRatio(dpr)
        img.fill(QColor("#FFFFFF"))
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)  # smooth shades, not 161² tiles
        p.drawImage(QRectF(0, 0, target.width(), target.height()), cast(QImage, self._source))  # not None
        # the world transform, moved so the target's corner is the image's origin
        local = t * QTransform.fromTranslate(-target.left(), -target.top())
        pen = QPen(QColor(self._contour_color), palette.device_pixel_ratio())
        pen.setCosmetic(True)
        p.setPen(pen)
        qt_arrays.draw_lines(p, to_device(self.segments, local).reshape(-1, 4))
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if len(self.field_tails):
            field_pen = QPen(QColor(FIELD_COLOR), 1.2 * palette.device_pixel_ratio())
            field_pen.setCosmetic(True)
            p.setPen(field_pen)
            lines = arrow_lines(to_device(self.field_tails, local), to_device(self.field_tips, local))
            qt_arrays.draw_lines(p, lines)
        p.setPen(QPen(QColor(palette.FOREGROUND), 1.0))
        p.setBrush(QColor("#FFFFFF"))
        star = pg.graphicsItems.ScatterPlotItem.Symbols["star"]
        for x, y in to_device(self.minima, local):
            p.drawPath(QTransform.fromTranslate(x, y).scale(STAR_PX, STAR_PX).map(QPainterPath(star)))
        p.end()
        return img


class StartViewBox(pg.ViewBox):
    """A fixed ViewBox in which a left drag that starts on the start marker moves it."""

    startDragged = Signal(float, float, bool)  # x, y, finished

    def __init__(self) -> None:
        super().__init__(enableMenu=False)
        self.setMouseEnabled(x=False, y=False)
        self.start = (0.0, 0.0)
        self._grab: QPointF | None = None  # offset from the mouse to the marker while dragging

    def near_start(self, scene_pos: QPointF) -> bool:
        """True if a scene position is within HIT_RADIUS_PX of the start marker."""
        p = self.mapSceneToView(scene_pos)
        px, py = self.viewPixelSize()
        if not (px > 0 and py > 0):
            return False
        return math.hypot((p.x() - self.start[0]) / px, (p.y() - self.start[1]) / py) <= HIT_RADIUS_PX

    def mouseDragEvent(self, ev: MouseDragEvent, axis: int | None = None) -> None:
        """Move the start point; any other drag is ignored (the view never pans)."""
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart():
            if not self.near_start(ev.buttonDownScenePos()):
                self._grab = None
                ev.ignore()
                return
            down = self.mapSceneToView(ev.buttonDownScenePos())
            self._grab = QPointF(self.start[0] - down.x(), self.start[1] - down.y())
        if self._grab is None:
            ev.ignore()
            return
        ev.accept()
        p = self.mapSceneToView(ev.scenePos()) + self._grab
        self.startDragged.emit(p.x(), p.y(), ev.isFinish())
        if ev.isFinish():
            self._grab = None

    def wheelEvent(self, ev: QGraphicsSceneWheelEvent, axis: int | None = None) -> None:
        """The view shows exactly the surface's window: no zoom."""
        ev.ignore()
