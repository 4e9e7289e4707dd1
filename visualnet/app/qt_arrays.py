"""Numpy arrays handed to Qt, one way: points written into a QPolygonF through pyqtgraph's view of its memory.

`pg.functions.create_qpolygonf` and `pg.functions.ndarray_from_qpolygonf` are pyqtgraph's public helpers
for this: the polygon's points are a contiguous (n, 2) float64 array that numpy can write in one copy.
Lines are drawn from such a polygon with QPainter's pointer overload `drawLines(first point, count)`,
which reads its points as pairs: no Python object per line and no address computed by hand.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6.QtGui import QPainter, QPolygonF

__all__ = ["draw_lines", "fill_polygon", "points_of", "polygon_of"]

Points = NDArray[np.float64]


def points_of(polygon: QPolygonF) -> Points:
    """The (n, 2) float64 points of `polygon`, as a view of its memory (valid until it is resized)."""
    return pg.functions.ndarray_from_qpolygonf(polygon)


def fill_polygon(polygon: QPolygonF, points: Points) -> None:
    """Make `polygon` hold `points` (n, 2), written straight into its memory."""
    if polygon.size() != len(points):
        polygon.resize(len(points))
    if len(points):
        points_of(polygon)[:] = points


def polygon_of(points: Points) -> QPolygonF:
    """A new QPolygonF holding `points` (n, 2)."""
    polygon = pg.functions.create_qpolygonf(len(points))
    if len(points):
        points_of(polygon)[:] = points
    return polygon


def draw_lines(painter: QPainter, rows: Points) -> None:
    """Draw (m, 4) rows of (x0, y0, x1, y1) as m separate lines, in one drawLines call."""
    if len(rows) == 0:
        return
    pairs = polygon_of(np.reshape(rows, (-1, 2)))  # a line is two consecutive points
    painter.drawLines(pairs.data(), len(rows))  # (const QPointF *pointPairs, int lineCount)
