"""The geometry every drawn path shares: thinned to the pixels (one `PathThinner`, all at once or as the
path grows), kept finite and inside the drawable range, clipped to a box, dotted; and the windows the
surfaces are shown over."""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
import numpy.typing as npt

from visualnet.core.training import MAX_PARAM

Array = npt.NDArray[np.float64]
Indices = npt.NDArray[np.intp]
Box = tuple[float, float, float, float]  # (x0, y0, x1, y1): the corners of a set of points
Window = tuple[tuple[float, float], tuple[float, float]]  # ((lo1, hi1), (lo2, hi2)): two axes' ranges
Spacing = Literal["arc", "cells"]

PARAM_LIMIT = MAX_PARAM  # beyond this the trainer calls it divergence; guards what is drawn
EDGE = 0.04  # a point closer than this fraction of the span to a window's edge counts as leaving
GROW_MARGIN = 0.3  # when a window grows, pad the points' extent by this fraction on each side
_CELL_CLIP = 1e15  # cell numbers are clipped here: a path that ran off to 1e300 still has cells


# ------------------------------------------------------------------ thinning a path to the pixels

def thin_path(path: Array, pixel: Array) -> Array:
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


def thin_to_cells(path: Array, cell: Array, keep_last: bool = True) -> Array:
    """`path` without the points that stay in the previous point's screen cell (the first kept).

    cell: (2,) the cell size in data units (a pixel); the line through the dropped points is drawn
    less than a cell off, while a converged run's thousands of sub-pixel steps cost nothing to draw.
    """
    if len(path) < 3:
        return path
    q = np.floor(np.clip(path / cell, -_CELL_CLIP, _CELL_CLIP))
    keep = np.ones(len(path), dtype=bool)
    keep[1:] = np.any(q[1:] != q[:-1], axis=1)
    keep[-1] |= keep_last
    return path[keep]


class PathThinner:
    """`thin_path` (spacing "arc") or `thin_to_cells` (spacing "cells") of a path that grows from
    frame to frame, working only on what is new; the result equals thinning the whole path.

    Both rules keep a point when its bucket differs from the previous point's: the whole pixel of
    arc length it reaches ("arc": about a vertex per pixel along the line), or the screen cell it
    lies in ("cells": one point per cell it enters). The newest point is never committed, since a
    training path may replace its last record; it is drawn when `keep_last` or when it starts a
    bucket. The prefix looked at before is checked by value, or, for a path written in place, by
    a `version` the caller counts up whenever it rewrites the path (a restart, a thinning).
    """

    SMALL = 8  # at most this many new points: a Python loop (a frame's few steps: fewer numpy calls)

    def __init__(self, spacing: Spacing = "arc", keep_last: bool = True) -> None:
        if spacing not in ("arc", "cells"):
            raise ValueError(f"unknown spacing {spacing!r}")
        self.spacing: Spacing = spacing
        self.keep_last = keep_last
        self._path: Array = np.empty((0, 2))  # the last path (the caller's array: never written)
        self._version: int | None = None
        self._newest: tuple[float, ...] = ()  # its last point, as it was (a versioned path)
        self._pixel = (0.0, 0.0)
        self._keep: Indices = np.zeros(64, dtype=np.intp)  # the chosen points among the committed
        self._n = 0  # ... of which this many are in use
        self._done = 0  # points committed: all but the newest of the last path (0: start again)
        self._arc = 0.0  # "arc": the arc length (pixels) up to the last committed point
        self._drawn: Array = np.empty((0, 2))  # what the last call returned

    def __call__(self, path: Array, pixel: Array | tuple[float, float],
                 version: int | None = None) -> tuple[Array, bool]:
        """The thinned points of `path` (m, 2) for a pixel (or cell) of `pixel` (2,) data units,
        and whether they differ from last time's (False: the same path at the same pixel size)."""
        px, py = float(pixel[0]), float(pixel[1])
        old, m = self._path, len(path)
        same = (px, py) == self._pixel and version == self._version
        if same and m == len(old) and self._unchanged(path, old, version):
            return self._drawn, False
        self._path, self._pixel, self._version = path, (px, py), version
        if version is not None:  # a path written in place: its newest point as it is now
            self._newest = tuple(path[-1].tolist()) if m else ()
        if m <= 2 or not (0 < px < math.inf and 0 < py < math.inf):
            self._done = 0
            self._drawn = path.copy()
            return self._drawn, True
        done = self._done if same and m > self._done else 0
        if done and version is None and not np.array_equal(path[:done], old[:done]):
            done = 0
        if done == 0:  # from scratch: the first point starts the arc (at 0) and is kept
            self._keep[0], self._n, self._done, self._arc = 0, 1, 1, 0.0
        if len(self._keep) < m + 1:
            self._keep = np.concatenate([self._keep[: self._n], np.zeros(2 * m, dtype=np.intp)])
        starts = self._arc_starts(path, px, py) if self.spacing == "arc" else self._cell_starts(path, px, py)
        # starts[j]: point done + j starts a new bucket; the last entry belongs to the newest point
        new = self._done + np.flatnonzero(starts[:-1])
        self._keep[self._n: self._n + len(new)] = new
        self._n += len(new)
        self._done = m - 1
        n = self._n
        if self.keep_last or starts[-1]:  # the newest point, drawn but not committed
            self._keep[n] = m - 1
            n += 1
        self._drawn = path[self._keep[:n]]
        return self._drawn, True

    def _unchanged(self, path: Array, old: Array, version: int | None) -> bool:
        if version is None:
            return path is old or bool(np.array_equal(path, old))
        return tuple(path[-1].tolist()) == self._newest if len(path) else True

    def _arc_starts(self, path: Array, px: float, py: float) -> npt.NDArray[np.bool_]:
        """For each point after the committed ones: does it reach a new whole pixel of arc length?"""
        c, m = self._done, len(path)
        a = self._arc
        if m - c <= self.SMALL:
            # the same arithmetic as the vectorised branch, one new point at a time
            (xp, yp), *tail = path[c - 1:].tolist()
            floor = math.floor(a)
            starts = []
            for x, y in tail:
                a += float(np.hypot((x - xp) / px, (y - yp) / py))
                starts.append(math.floor(a) != floor)
                floor = math.floor(a)
                xp, yp = x, y
                if len(starts) == m - 1 - c:
                    self._arc = a  # the last committed point's arc (before the newest)
            result = np.array(starts, dtype=bool)
        else:
            d = np.diff(path[c - 1:], axis=0) / (px, py)
            # the committed arc then each step added in turn: the same additions, in the same order,
            # as a cumsum over the whole path
            arc = np.cumsum(np.concatenate([[a], np.hypot(d[:, 0], d[:, 1])]))
            steps = np.floor(arc)
            result = steps[1:] != steps[:-1]
            self._arc = float(arc[-2])
        return result

    def _cell_starts(self, path: Array, px: float, py: float) -> npt.NDArray[np.bool_]:
        """For each point after the committed ones: does it lie in another cell than the one before?"""
        q = np.floor(np.clip(path[self._done - 1:] / (px, py), -_CELL_CLIP, _CELL_CLIP))
        result: npt.NDArray[np.bool_] = np.any(q[1:] != q[:-1], axis=1)
        return result


# ------------------------------------------------------------------ finite, clipped, dotted

def drawable(points: Array) -> tuple[Array, Box | None]:
    """`points` (m, 2) without the rows that are not finite, clipped into ±PARAM_LIMIT, and their
    box (None when no point is left)."""
    points = np.asarray(points, dtype=float).reshape(-1, 2)
    box: Box | None = None
    for _ in range(2):  # the usual path (finite, well inside) is answered by its box alone
        if not len(points):
            return points, None
        x0, y0 = points.min(axis=0).tolist()
        x1, y1 = points.max(axis=0).tolist()
        box = (x0, y0, x1, y1)
        if all(-PARAM_LIMIT <= v <= PARAM_LIMIT for v in box):  # (a NaN fails both tests)
            break
        points = np.clip(points[np.isfinite(points).all(axis=1)], -PARAM_LIMIT, PARAM_LIMIT)
    return points, box


def dot_indices(m: int, max_dots: int) -> Indices:
    """Which of a path's m points get a dot: at most `max_dots`, evenly spread, both ends included."""
    if m <= max_dots:
        return np.arange(m)
    # np.linspace(0, m - 1, max_dots).round() as numpy computes it (i * step, the last set to m - 1),
    # without its overhead; more than a step apart, rounding never makes two the same
    at = _steps(max_dots) * ((m - 1) / (max_dots - 1))
    at[-1] = m - 1
    return at.round().astype(np.intp)


_STEPS: dict[int, Array] = {}


def _steps(n: int) -> Array:
    found = _STEPS.get(n)
    if found is None:
        found = _STEPS[n] = np.arange(n, dtype=float)
    return found


def clip_segments(path: Array, lo: Array, hi: Array) -> tuple[Array, Array]:
    """The polyline `path` (m, 2) cut to the box [lo, hi] as segment pairs (x, y) (connect='pairs').

    Liang–Barsky, vectorised: segment p0 + t·d (0 <= t <= 1) lies in the box where every
    lo <= p0 + t·d <= hi, an interval [t0, t1] of t; the visible part is kept exactly, so a path
    that runs off to 1e8 is drawn in the right direction without huge coordinates reaching Qt.
    """
    if len(path) < 2:
        return np.empty(0), np.empty(0)
    p0, d = path[:-1], np.diff(path, axis=0)
    t0, t1 = np.zeros(len(d)), np.ones(len(d))
    with np.errstate(divide="ignore", invalid="ignore"):
        for a in range(2):
            for p, q in ((-d[:, a], p0[:, a] - lo[a]), (d[:, a], hi[a] - p0[:, a])):
                r = q / p  # where the segment crosses this edge
                t0 = np.where(p < 0, np.maximum(t0, r), t0)  # entering
                t1 = np.where(p > 0, np.minimum(t1, r), t1)  # leaving
                t1 = np.where((p == 0) & (q < 0), -1.0, t1)  # parallel and outside
    keep = t0 <= t1
    a0 = p0[keep] + t0[keep, None] * d[keep]
    b0 = p0[keep] + t1[keep, None] * d[keep]
    pairs = np.stack([a0, b0], axis=1).reshape(-1, 2)
    return pairs[:, 0].copy(), pairs[:, 1].copy()


# ------------------------------------------------------------------ windows

def sticky_window(points: Array, window: Window | None, min_span: float) -> Window:
    """Keep `window` while every point (m, 2) is well inside it; else a new one around them all."""
    if window is not None:
        lo = np.array([window[0][0], window[1][0]])
        hi = np.array([window[0][1], window[1][1]])
        inner = EDGE * (hi - lo)
        if np.all(points >= lo + inner) and np.all(points <= hi - inner):
            return window
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.maximum((hi - lo) * (1 + 2 * GROW_MARGIN), min_span)
    mid = (lo + hi) / 2
    return (float(mid[0] - span[0] / 2), float(mid[0] + span[0] / 2)), \
        (float(mid[1] - span[1] / 2), float(mid[1] + span[1] / 2))


def holds(window: Window, box: Box, point: tuple[float, float]) -> bool:
    """Whether a path's `box` and a point lie well inside `window` (sticky_window would keep it)."""
    (x0, x1), (y0, y1) = window
    ix, iy = EDGE * (x1 - x0), EDGE * (y1 - y0)
    px0, py0, px1, py1 = box
    cx, cy = point
    return (x0 + ix <= min(px0, cx) and max(px1, cx) <= x1 - ix
            and y0 + iy <= min(py0, cy) and max(py1, cy) <= y1 - iy)


def pixel_arrow(at: Array, v: Array, pixel: tuple[float, float], shortest: float, longest: float,
                head: float, head_deg: float, ends_at: bool = False) -> Array:
    """Arrow v from `at` (or ending at `at`): shaft and head strokes as (6, 2) segment pairs.

    Sized in screen pixels (`pixel`: a pixel's size in data units, x and y scale differ): the length
    is clamped into [shortest, longest] pixels, the direction is exact, the anchored end stays put;
    the head's strokes are `head` pixels long, `head_deg` off the shaft. (0, 2) when there is none.
    """
    px, py = pixel
    if not (px > 0 and py > 0):
        return np.empty((0, 2))
    scale = np.array([px, py])
    s = v / scale  # the arrow in pixels
    length = float(np.hypot(*s))
    if length == 0.0:
        return np.empty((0, 2))
    s *= min(max(length, shortest), longest) / length
    tip = at / scale + (0 if ends_at else s)
    tail = tip - s
    back = -s / np.hypot(*s) * head
    c, k = math.cos(math.radians(head_deg)), math.sin(math.radians(head_deg))
    wing1 = tip + np.array([c * back[0] - k * back[1], k * back[0] + c * back[1]])
    wing2 = tip + np.array([c * back[0] + k * back[1], -k * back[0] + c * back[1]])
    result: Array = np.array([tail, tip, tip, wing1, tip, wing2]) * scale
    return result
