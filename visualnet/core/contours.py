"""Contour lines of a gridded field by marching squares, vectorised (no loop over cells)."""

from __future__ import annotations

import numpy as np


def _cut(za: np.ndarray, zb: np.ndarray, crossed: np.ndarray, level: float) -> np.ndarray:
    """Where along each edge from za to zb the field reaches `level` (0..1), linearly interpolated;
    0 on an edge it does not cross."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(crossed, (level - za) / (zb - za), 0.0)


def contour_segments(Z: np.ndarray, xs: np.ndarray, ys: np.ndarray,
                     level: float | np.ndarray = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Line segments of the contour(s) of Z at `level` (a number or an array of levels).

    Z has rows along `ys` and columns along `xs`. Returns (x, y), each (2m,): segment k runs from
    point 2k to point 2k+1 (pyqtgraph's connect="pairs"). Non-finite values count as below a level.
    Only the cells whose corners lie on both sides of the level are visited (a boundary crosses a
    few hundred of a 100×100 grid's cells), in row-major order, saddles after the others.
    """
    levels = np.atleast_1d(np.asarray(level, float))
    if levels.size != 1:
        parts = [contour_segments(Z, xs, ys, float(v)) for v in levels]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    level = float(levels[0])
    Z = np.asarray(Z, float)
    ny, nx = Z.shape
    if ny < 2 or nx < 2:
        return np.empty(0), np.empty(0)
    Zc = np.where(np.isfinite(Z), Z, level - 1.0)  # below the level, finite so interpolation stays finite
    above = Zc >= level
    corner = above[:-1, :-1]
    i, j = np.nonzero((corner != above[:-1, 1:]) | (corner != above[1:, :-1]) | (corner != above[1:, 1:]))
    if len(i) == 0:
        return np.empty(0), np.empty(0)
    xs, ys = np.asarray(xs, float), np.asarray(ys, float)
    z00, z01, z10, z11 = Zc[i, j], Zc[i, j + 1], Zc[i + 1, j], Zc[i + 1, j + 1]  # z[row y][column x]
    x0, x1, y0, y1 = xs[j], xs[j + 1], ys[i], ys[i + 1]
    a00, a01, a10, a11 = z00 >= level, z01 >= level, z10 >= level, z11 >= level
    # The cell's edges in the order bottom, right, top, left: which the contour crosses, and where.
    masks = np.stack([a00 != a01, a01 != a11, a10 != a11, a00 != a10])  # (4, cells)
    t_b, t_r = _cut(z00, z01, masks[0], level), _cut(z01, z11, masks[1], level)
    t_t, t_l = _cut(z10, z11, masks[2], level), _cut(z00, z10, masks[3], level)
    px = np.stack([x0 + t_b * (x1 - x0), x1, x0 + t_t * (x1 - x0), x0])
    py = np.stack([y0, y0 + t_r * (y1 - y0), y1, y0 + t_l * (y1 - y0)])
    points = np.stack([px, py], axis=-1)  # (4, cells, 2)
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
        centre = (z00 + z01 + z10 + z11)[four] / 4
        same_as_00 = (centre >= level) == (z00[four] >= level)
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
