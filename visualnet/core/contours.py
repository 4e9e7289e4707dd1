"""Contour lines of a gridded field by marching squares, vectorised (no loop over cells)."""

from __future__ import annotations

import numpy as np


def _crossings(a: np.ndarray, b: np.ndarray, pa: np.ndarray, pb: np.ndarray,
               level: float) -> tuple[np.ndarray, np.ndarray]:
    """Where the field crosses `level` between corner values a and b at positions pa, pb."""
    mask = (a >= level) != (b >= level)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.where(mask, (level - a) / (b - a), 0.0)  # linear interpolation along the edge
    return mask, pa + t[..., None] * (pb - pa)


def contour_segments(Z: np.ndarray, xs: np.ndarray, ys: np.ndarray,
                     level: float | np.ndarray = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Line segments of the contour(s) of Z at `level` (a number or an array of levels).

    Z has rows along `ys` and columns along `xs`. Returns (x, y), each (2m,): segment k runs from
    point 2k to point 2k+1 (pyqtgraph's connect="pairs"). Non-finite values count as below a level.
    """
    levels = np.atleast_1d(np.asarray(level, float))
    if levels.size != 1:
        parts = [contour_segments(Z, xs, ys, float(v)) for v in levels]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    level = float(levels[0])
    Z = np.where(np.isfinite(Z), Z, -np.inf).astype(float)
    ny, nx = Z.shape
    if ny < 2 or nx < 2:
        return np.empty(0), np.empty(0)
    gx, gy = np.meshgrid(xs, ys)
    P = np.stack([gx, gy], axis=-1)  # (ny, nx, 2) corner positions
    Zc = np.where(np.isinf(Z), level - 1.0, Z)  # finite stand-in so interpolation stays finite
    # Horizontal edges (row i, columns j..j+1) and vertical edges (rows i..i+1, column j).
    hm, hp = _crossings(Zc[:, :-1], Zc[:, 1:], P[:, :-1], P[:, 1:], level)
    vm, vp = _crossings(Zc[:-1, :], Zc[1:, :], P[:-1, :], P[1:, :], level)
    # Per cell, its edges in the order bottom, right, top, left.
    masks = np.stack([hm[:-1], vm[:, 1:], hm[1:], vm[:, :-1]])  # (4, ny-1, nx-1)
    points = np.stack([hp[:-1], vp[:, 1:], hp[1:], vp[:, :-1]])  # (4, ny-1, nx-1, 2)
    count = masks.sum(axis=0)

    segs = []
    two = count == 2
    if two.any():
        m = masks[:, two]
        first = np.argmax(m, axis=0)
        second = 3 - np.argmax(m[::-1], axis=0)
        p = points[:, two]
        cols = np.arange(p.shape[1])
        segs.append(np.stack([p[first, cols], p[second, cols]], axis=1))
    four = count == 4
    if four.any():
        # A saddle: the cell's centre value decides which corners the two lines cut off.
        centre = (Zc[:-1, :-1] + Zc[:-1, 1:] + Zc[1:, :-1] + Zc[1:, 1:])[four] / 4
        same_as_00 = (centre >= level) == (Zc[:-1, :-1][four] >= level)
        b, r, t, left = (points[k, four] for k in range(4))
        same = same_as_00[:, None]
        segs.append(np.stack([b, np.where(same, r, left)], axis=1))  # cuts off z01 (or z00)
        segs.append(np.stack([t, np.where(same, left, r)], axis=1))  # cuts off z10 (or z11)
    if not segs:
        return np.empty(0), np.empty(0)
    pts = np.concatenate(segs).reshape(-1, 2)
    return pts[:, 0].copy(), pts[:, 1].copy()


def class_boundaries(probs: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Decision boundaries of a (ny, nx, k) probability field: where the most likely class changes."""
    k = probs.shape[-1]
    if k == 2:
        return contour_segments(probs[..., 1] - probs[..., 0], xs, ys)
    parts = []
    for c in range(k):
        # Class c's region is where p_c beats every other class: margin p_c − max_{j≠c} p_j ≥ 0.
        others = np.delete(probs, c, axis=-1).max(axis=-1)
        parts.append(contour_segments(probs[..., c] - others, xs, ys))
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
