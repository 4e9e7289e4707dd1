"""The geometry of a path on a loss surface: thinned to about a pixel per vertex (all at once or as
it grows), kept finite and inside the drawable range, and the points that get a dot."""

from __future__ import annotations

import math

import numpy as np

from visualnet.core.training import MAX_PARAM

PARAM_LIMIT = MAX_PARAM  # beyond this the trainer calls it divergence; guards what is drawn
MAX_DOTS = 40  # path symbols are thinned to at most this many


def thin_path(path: np.ndarray, pixel: np.ndarray) -> np.ndarray:
    """The points of `path` (m, 2) about one pixel apart along it, its first and last always kept.

    `pixel` (2,) is the size of a screen pixel in data units along each axis. The polyline looks
    the same at that resolution, with far fewer segments: a long run ends in thousands of tiny
    steps around the minimum, and each segment of a 1.5 px line costs the raster engine a stroke.
    """
    if len(path) <= 2 or not np.all(np.isfinite(pixel)) or np.any(pixel <= 0):
        return path
    d = np.diff(path, axis=0) / pixel
    arc = np.concatenate([[0.0], np.cumsum(np.hypot(d[:, 0], d[:, 1]))])  # in pixels
    # the first point of each whole pixel of arc length, and the last point
    keep = np.flatnonzero(np.diff(np.floor(arc), prepend=-1.0))
    return path[np.union1d(keep, [len(path) - 1])]


class PathThinner:
    """`thin_path` for a path that grows from frame to frame, working only on what is new.

    A training path gains a record per step and may replace its last one (an off-grid tail); the
    arc length up to the unchanged prefix is kept, and so are the vertices chosen there. The sums
    run in the same order as thin_path's, so the result is exactly `thin_path(path, pixel)`. A few
    new points are done in plain Python: a frame then costs a handful of numpy calls, not twenty.
    """

    SMALL = 8  # at most this many new points: a Python loop

    def __init__(self) -> None:
        self._path = np.empty((0, 2))  # the last path thinned (the caller's array: never written)
        self._pixel = (0.0, 0.0)
        self._arc = np.zeros(64)  # its arc length up to each point, in pixels (a buffer)
        self._keep = np.zeros(64, dtype=np.intp)  # first point of each pixel of arc (a buffer) ...
        self._n = 0  # ... of which this many are in use (0: the last path was not thinned here)
        self._drawn = np.empty((0, 2))  # what the last call returned

    def __call__(self, path: np.ndarray, pixel: np.ndarray) -> tuple[np.ndarray, bool]:
        """The points of `path` (m, 2) about one pixel apart along it (see thin_path), and whether
        they differ from last time's (False: the same path at the same pixel size)."""
        px, py = float(pixel[0]), float(pixel[1])
        old, m = self._path, len(path)
        same_pixel = (px, py) == self._pixel
        if same_pixel and m == len(old) and (path is old or np.array_equal(path, old)):
            return self._drawn, False
        self._path, self._pixel = path, (px, py)
        if m <= 2 or not (0 < px < math.inf and 0 < py < math.inf):
            self._n = 0
            self._drawn = thin_path(path, np.array([px, py]))
            return self._drawn, True
        c = 0  # how many leading points are the same as last time
        if same_pixel and self._n:
            if m >= len(old) and np.array_equal(path[: len(old)], old):
                c = len(old)
            elif m >= len(old) - 1 and np.array_equal(path[: len(old) - 1], old[:-1]):
                c = len(old) - 1
        if len(self._arc) <= m:  # room for every point, and one more index
            self._arc = np.concatenate([self._arc, np.zeros(m + 1)])
            self._keep = np.concatenate([self._keep, np.zeros(m + 1, dtype=np.intp)])
        arc, keep, n = self._arc, self._keep, self._n
        if c < 2:  # from scratch: the first point starts the arc (at 0) and is kept
            c, n = 1, 1
            arc[0], keep[0] = 0.0, 0
        while keep[n - 1] >= c:  # vertices chosen among the points that changed
            n -= 1
        if m - c <= self.SMALL:
            # the same arithmetic as the vectorised branch, one new point at a time
            (xp, yp), *tail = path[c - 1:].tolist()
            a = float(arc[c - 1])
            floor = math.floor(a)
            for k, (x, y) in enumerate(tail, start=c):
                a += float(np.hypot((x - xp) / px, (y - yp) / py))
                arc[k] = a
                if math.floor(a) != floor:
                    floor = math.floor(a)
                    keep[n] = k
                    n += 1
                xp, yp = x, y
        else:
            d = np.diff(path[c - 1:], axis=0) / (px, py)
            # arc[c-1] then each step added in turn: the same additions, in the same order, as a
            # cumsum over the whole path
            seg = np.cumsum(np.concatenate([arc[c - 1: c], np.hypot(d[:, 0], d[:, 1])]))
            arc[c - 1: m] = seg
            steps = np.floor(seg)
            new = c + np.flatnonzero(steps[1:] != steps[:-1])
            keep[n: n + len(new)] = new
            n += len(new)
        self._n = n
        keep[n] = m - 1  # the last point is always drawn (not kept for the next frame unless chosen)
        self._drawn = path[keep[: n if keep[n - 1] == m - 1 else n + 1]]
        return self._drawn, True


Box = tuple[float, float, float, float]  # (x0, y0, x1, y1): the corners of a set of points


def drawable(points: np.ndarray) -> tuple[np.ndarray, Box | None]:
    """`points` (m, 2) without the rows that are not finite, clipped into ±PARAM_LIMIT, and their
    box (None when no point is left)."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    for _ in range(2):  # the usual path (finite, well inside) is answered by its box alone
        if not len(points):
            return points, None
        box = (*points.min(axis=0).tolist(), *points.max(axis=0).tolist())
        if all(-PARAM_LIMIT <= v <= PARAM_LIMIT for v in box):  # (a NaN fails both tests)
            break
        points = np.clip(points[np.isfinite(points).all(axis=1)], -PARAM_LIMIT, PARAM_LIMIT)
    return points, box


def dot_indices(m: int) -> np.ndarray:
    """Which of a path's m points get a dot: at most MAX_DOTS, evenly spread, both ends included."""
    if m <= MAX_DOTS:
        return np.arange(m)
    # np.linspace(0, m - 1, MAX_DOTS) as numpy computes it (i * step, the last set to m - 1), without
    # its overhead; more than a step apart, rounding never makes two the same
    at = _DOT_STEPS * ((m - 1) / (MAX_DOTS - 1))
    at[-1] = m - 1
    return at.round().astype(np.intp)


_DOT_STEPS = np.arange(MAX_DOTS, dtype=float)
