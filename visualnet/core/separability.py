"""Linear separability of two classes in the plane, the widest separating line, and Novikoff's bound.

Two finite point sets are strictly separable by a line exactly when their convex hulls are disjoint;
the line of largest margin is then the perpendicular bisector of the hulls' closest pair of points
(the hard-margin SVM of two classes in 2-D). Novikoff's theorem: the perceptron rule, started from
zero weights, makes at most (R/γ)² updates on separable data, with R the largest norm of an augmented
point (x1, x2, 1) and γ = min_i y_i (w·x_i + b) / ‖(w, b)‖ the augmented margin of any separating line.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "MANY_CLASSES",
    "NOT_SEPARABLE",
    "NO_POINTS",
    "ONE_CLASS",
    "SEPARABLE",
    "Separation",
    "augmented_margin",
    "augmented_radius",
    "closest_points",
    "convex_hull",
    "separation",
]

Array = np.ndarray
SEPARABLE, NOT_SEPARABLE, ONE_CLASS, MANY_CLASSES, NO_POINTS = (
    "separable", "not_separable", "one_class", "many_classes", "no_points")
# a margin below this fraction of the data's size is rounding error: the hulls touch
TOUCHING = 1e-9
CHUNK = 1 << 18  # corner-side pairs measured at once


Point = tuple[float, float]


def _cross(o: Point, a: Point, b: Point) -> float:
    """z of (a - o) × (b - o): > 0 for a left turn o → a → b."""
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _half_hull(points: list[Point]) -> list[Point]:
    chain: list[Point] = []
    for p in points:
        # collinear points are dropped (<= 0): a hull vertex is a real corner
        while len(chain) >= 2 and _cross(chain[-2], chain[-1], p) <= 0:
            chain.pop()
        chain.append(p)
    return chain


def _inside_extremes(pts: Array) -> Array:
    """Mask of the points strictly inside the polygon of the extreme points along x, y, x+y and x−y.

    Such a point is no hull corner (Akl–Toussaint): dropping them first leaves the Python loop only a
    few points of a large cloud.
    """
    keys = np.column_stack([pts[:, 0], pts[:, 1], pts.sum(axis=1), pts[:, 0] - pts[:, 1]])
    picks = np.concatenate([keys.argmin(axis=0), keys.argmax(axis=0)])
    poly = [tuple(p) for p in _hull_of_sorted(np.unique(pts[picks], axis=0))]
    if len(poly) < 3:
        return np.zeros(len(pts), dtype=bool)
    inside = np.ones(len(pts), dtype=bool)
    for (ax, ay), (bx, by) in zip(poly, poly[1:] + poly[:1], strict=True):
        inside &= (bx - ax) * (pts[:, 1] - ay) - (by - ay) * (pts[:, 0] - ax) > 0
    return inside


def _hull_of_sorted(pts: Array) -> list[Point]:
    """The monotone chain over points sorted by x, then y (distinct)."""
    points = [(float(x), float(y)) for x, y in pts]
    if len(points) <= 2:
        return points
    lower, upper = _half_hull(points), _half_hull(points[::-1])
    return lower[:-1] + upper[:-1]  # each chain ends where the other begins


def convex_hull(points: Array) -> Array:
    """Corners of the convex hull of `points` (n, 2), counter-clockwise (Andrew's monotone chain): (h, 2).

    Duplicates count once; collinear points give the two ends of their segment; one point gives itself.
    """
    pts = np.unique(np.asarray(points, dtype=np.float64).reshape(-1, 2), axis=0)  # sorted by x, then y
    if len(pts) > 64:
        pts = pts[~_inside_extremes(pts)]
    return np.array(_hull_of_sorted(pts), dtype=np.float64).reshape(-1, 2)


def _edges(hull: Array) -> tuple[Array, Array]:
    """The hull's sides as (start, end) arrays (h, 2); one point is one side of length 0."""
    return hull, np.roll(hull, -1, axis=0)


def _nearest_on_sides(points: Array, hull: Array) -> tuple[Array, Array]:
    """For each point and side of `hull`: the side's point nearest to it (m, k, 2), the distance (m, k)."""
    a, b = _edges(hull)
    d = b - a  # (k, 2)
    dd = np.einsum("ij,ij->i", d, d)
    rel = points[:, None, :] - a[None, :, :]  # (m, k, 2)
    # the foot of the perpendicular, clipped to the side; a side of length 0 is its start
    s = np.divide(np.einsum("mkj,kj->mk", rel, d), dd, out=np.zeros(rel.shape[:2]), where=dd > 0)
    near = a[None, :, :] + np.clip(s, 0.0, 1.0)[..., None] * d[None, :, :]
    return near, np.linalg.norm(points[:, None, :] - near, axis=-1)


def _nearest_pair(corners: Array, hull: Array) -> tuple[float, Array, Array]:
    """The corner nearest to a side of `hull`: (distance, corner, its nearest point on the hull)."""
    best: tuple[float, Array, Array] = (np.inf, corners[0], hull[0])
    # in chunks: a round cloud's hull may have thousands of corners, and (m, k, 2) must stay small
    chunk = max(1, CHUNK // len(hull))
    for start in range(0, len(corners), chunk):
        part = corners[start : start + chunk]
        near, dist = _nearest_on_sides(part, hull)
        i, k = np.unravel_index(np.argmin(dist), dist.shape)
        if dist[i, k] < best[0]:
            best = (float(dist[i, k]), part[i].copy(), near[i, k].copy())
    return best


def closest_points(hull0: Array, hull1: Array) -> tuple[Array, Array]:
    """(p, q): p on hull0 and q on hull1 at the least distance, when the hulls are disjoint.

    For disjoint convex polygons the closest pair has a corner of one of them, so the least of the
    corner-to-side distances both ways is the distance (for intersecting hulls it is some pair only).
    """
    d1, p1, q1 = _nearest_pair(hull0, hull1)  # corners of hull0 against the sides of hull1
    d0, q0, p0 = _nearest_pair(hull1, hull0)
    return (p1, q1) if d1 <= d0 else (p0, q0)


def augmented_radius(X: Array) -> float:
    """R = max_i ‖(x_i1, x_i2, 1)‖: the largest norm of an augmented point (the bias input is 1)."""
    X = np.asarray(X, dtype=np.float64).reshape(-1, 2)
    return float(np.sqrt(np.max(np.einsum("ij,ij->i", X, X), initial=0.0) + 1.0))


def augmented_margin(X: Array, labels: Array, w: Array, b: float) -> float:
    """γ = min_i y_i (w·x_i + b) / ‖(w1, w2, b)‖, y_i = ±1 for labels 1/0 (< 0: a point on the wrong side)."""
    y = 2.0 * np.asarray(labels, dtype=np.float64) - 1.0
    return float(np.min(y * (np.asarray(X, dtype=np.float64) @ w + b)) / np.sqrt(w @ w + b * b))


@dataclass(frozen=True)
class Separation:
    """How two classes lie, and for separable ones the widest line w·x + b = 0 (w towards class 1)."""

    kind: str  # SEPARABLE, NOT_SEPARABLE, ONE_CLASS, MANY_CLASSES or NO_POINTS
    radius: float = float("nan")  # R of the augmented points
    w: Array | None = None
    b: float = float("nan")
    margin: float = float("nan")  # distance from the line to the nearest point, in the plane
    gamma: float = float("nan")  # the same line's margin in the augmented space (x1, x2, 1)
    closest: tuple[Array, Array] | None = None  # the hulls' closest points, class 0's first

    @property
    def separable(self) -> bool:
        """True when a line separates the two classes strictly."""
        return self.kind == SEPARABLE

    @property
    def bound(self) -> float:
        """Novikoff's bound (R/γ)² on the rule's updates from zero weights; NaN when not separable."""
        return (self.radius / self.gamma) ** 2 if self.separable else float("nan")


def separation(X: Array, labels: Array) -> Separation:
    """Whether points X (n, 2) of classes `labels` (n,) 0/1 are linearly separable; the widest line if so."""
    X = np.asarray(X, dtype=np.float64).reshape(-1, 2)
    labels = np.asarray(labels).reshape(-1)
    classes = np.unique(labels)
    if len(X) == 0:
        return Separation(NO_POINTS)
    radius = augmented_radius(X)
    if len(classes) == 1:
        return Separation(ONE_CLASS, radius)
    if len(classes) > 2 or not set(classes.tolist()) <= {0, 1}:
        return Separation(MANY_CLASSES, radius)
    p, q = closest_points(convex_hull(X[labels == 0]), convex_hull(X[labels == 1]))
    # the perpendicular bisector of p q: w = q - p points from class 0 to class 1
    w = q - p
    b = -float(w @ (p + q)) / 2.0
    norm = float(np.sqrt(w @ w))
    y = 2.0 * labels.astype(np.float64) - 1.0
    margin = float(np.min(y * (X @ w + b))) / norm if norm > 0 else 0.0
    # the bisector separates whenever the hulls are disjoint; if it does not, nothing does
    if not margin > TOUCHING * (1.0 + float(np.max(np.abs(X)))):
        return Separation(NOT_SEPARABLE, radius)
    return Separation(SEPARABLE, radius, w, b, margin, augmented_margin(X, labels, w, b), (p, q))
