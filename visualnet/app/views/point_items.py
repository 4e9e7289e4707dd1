"""The data view's drawing items: spots in a few fixed styles, set with one numpy gather; spots that leave
clicks to the view; the decision field's image drawn smooth; and the points' styles by class and role."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QBrush, QPainter, QPen

from visualnet.app import palette
from visualnet.app.plotting import FastImageItem, FastScatter
from visualnet.presenters.dataset import N_ROLES
from visualnet.session import ROLE_TEST, ROLE_TRAIN, ROLE_VAL

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent

ROLE_SYMBOLS = {ROLE_TRAIN: "o", ROLE_VAL: "o", ROLE_TEST: "s"}
NO_POINTS = np.zeros(0, np.intp)


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

    def paint(self, painter: QPainter, *args: object) -> None:
        """Paint with SmoothPixmapTransform on, and the painter's hints as they were after."""
        hints = painter.renderHints()
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        super().paint(painter, *args)
        painter.setRenderHints(hints)


class Spots(FastScatter):
    """A scatter that leaves clicks to the ViewBox under it, which finds the point itself (a
    ScatterPlotItem would take left clicks on its spots, making a Python object per spot)."""

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
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
