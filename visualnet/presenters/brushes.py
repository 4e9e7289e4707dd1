"""The data view's brushes as geometry, without Qt: which points a brush touches, where a spray puts new
points, how far jitter scatters and a magnet pulls them.

A brush is a circle of `radius_px` screen pixels around the cursor. The axes may have different scales
(a regression's), so distances are measured in pixels: `pixel` is (data units per pixel along x, along y),
and the circle is an ellipse in data units. Random numbers come from the caller's seeded Generator.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import numpy.typing as npt

from visualnet.translatable import QT_TRANSLATE_NOOP

Array = npt.NDArray[np.float64]
Indices = npt.NDArray[np.intp]
Pixel = tuple[float, float]
Tool = Literal["put", "brush", "jitter", "magnet", "erase", "select"]

__all__ = [
    "BRUSH_TOOLS",
    "JITTER_PER_S",
    "MAGNET_PER_S",
    "SPRAY_PER_S",
    "TOOLS",
    "TOOL_NAMES",
    "TOOL_TIPS",
    "Tool",
    "jitter_offsets",
    "magnet_offsets",
    "pixel_distances",
    "points_within",
    "segment_distances",
    "spray_count",
    "spray_positions",
]

TOOLS: tuple[Tool, ...] = ("put", "brush", "jitter", "magnet", "erase", "select")
BRUSH_TOOLS: frozenset[str] = frozenset({"brush", "jitter", "magnet", "erase"})  # act within the radius
# intensity 1..100 (%) scaled per second: a full-strength spray puts 1,000 points a second; full-strength
# jitter moves a point up to 3 radii a second (a random walk); a full-strength magnet closes 6 times
# the gap a second at the cursor (so within one tick at 30 ticks/s it moves a point 1/5 of the way)
SPRAY_PER_S = 10.0  # points per second per intensity unit
JITTER_PER_S = 0.03  # radii per second per intensity unit
MAGNET_PER_S = 0.06  # fraction of the gap per second per intensity unit

TOOL_NAMES = {
    "put": QT_TRANSLATE_NOOP("DataTools", "Put"),
    "brush": QT_TRANSLATE_NOOP("DataTools", "Brush"),
    "jitter": QT_TRANSLATE_NOOP("DataTools", "Jitter"),
    "magnet": QT_TRANSLATE_NOOP("DataTools", "Magnet"),
    "erase": QT_TRANSLATE_NOOP("DataTools", "Erase"),
    "select": QT_TRANSLATE_NOOP("DataTools", "Select"),
}
TOOL_TIPS = {
    "put": QT_TRANSLATE_NOOP("DataTools", "Click adds a point of the current class, drag moves a point"),
    "brush": QT_TRANSLATE_NOOP("DataTools",
                               "Hold the left button to spray points of the current class around the cursor"),
    "jitter": QT_TRANSLATE_NOOP("DataTools", "Hold the left button to scatter the points near the cursor"),
    "magnet": QT_TRANSLATE_NOOP("DataTools",
                                "Hold the left button to pull the points near the cursor towards it"),
    "erase": QT_TRANSLATE_NOOP("DataTools", "Hold the left button to remove the points near the cursor"),
    "select": QT_TRANSLATE_NOOP("DataTools",
                                "Drag a rectangle to select points (Ctrl+drag adds to the selection)"),
}


def pixel_distances(X: Array, centre: tuple[float, float], pixel: Pixel) -> Array:
    """Distance in screen pixels of each point of X (n, 2) from `centre` (data units)."""
    px, py = pixel
    return np.hypot((X[:, 0] - centre[0]) / px, (X[:, 1] - centre[1]) / py)


def points_within(X: Array, centre: tuple[float, float], radius_px: float, pixel: Pixel,
                  start: tuple[float, float] | None = None) -> Indices:
    """Indices of the points at most `radius_px` screen pixels from `centre`, ascending; with `start`,
    from the segment start–centre (what the brush swept since its last tick: a quick stroke leaves
    no gaps)."""
    if len(X) == 0:
        return np.zeros(0, np.intp)
    if start is None:
        return np.flatnonzero(pixel_distances(X, centre, pixel) <= radius_px)
    return np.flatnonzero(segment_distances(X, start, centre, pixel) <= radius_px)


def segment_distances(X: Array, a: tuple[float, float], b: tuple[float, float], pixel: Pixel) -> Array:
    """Distance in screen pixels of each point of X (n, 2) from the segment a–b (data units)."""
    scale = np.asarray(pixel, float)
    P, A, B = X / scale, np.asarray(a, float) / scale, np.asarray(b, float) / scale
    AB = B - A
    length2 = float(AB @ AB)
    # the nearest point of the segment: A + t·AB, t the projection clipped to [0, 1]
    t = np.zeros(len(P)) if length2 == 0 else np.clip((P - A) @ AB / length2, 0.0, 1.0)
    return np.hypot(*(P - A - t[:, None] * AB).T)


def spray_count(intensity: float, dt: float, carry: float = 0.0) -> tuple[int, float]:
    """How many points a spray of `intensity` puts down in `dt` seconds, and the fraction left over
    for the next tick (so a slow spray still puts a point every few ticks)."""
    total = SPRAY_PER_S * intensity * dt + carry
    n = int(np.floor(total))
    return n, total - n


def spray_positions(rng: np.random.Generator, n: int, centre: tuple[float, float], radius_px: float,
                    pixel: Pixel) -> Array:
    """`n` points (n, 2) spread uniformly over the brush's disc: radius r·√u, so that equal areas get
    equal numbers of points (r·u would crowd them at the centre)."""
    r = radius_px * np.sqrt(rng.random(n))
    angle = 2 * np.pi * rng.random(n)
    return np.column_stack([centre[0] + r * np.cos(angle) * pixel[0],
                            centre[1] + r * np.sin(angle) * pixel[1]])


def jitter_offsets(rng: np.random.Generator, n: int, radius_px: float, pixel: Pixel, intensity: float,
                   dt: float) -> Array:
    """Random displacements (n, 2), uniform over a disc whose radius is the step of this tick:
    intensity · JITTER_PER_S · dt brush radii, at most one radius."""
    step = min(1.0, JITTER_PER_S * intensity * dt) * radius_px
    return spray_positions(rng, n, (0.0, 0.0), step, pixel)


def magnet_offsets(X: Array, centre: tuple[float, float], radius_px: float, pixel: Pixel, intensity: float,
                   dt: float) -> Array:
    """Displacements (n, 2) pulling the points of X towards `centre`: a point at distance d moves the
    fraction k·(1 - d/r) of its gap (k = intensity · MAGNET_PER_S · dt, at most 1), stronger nearer;
    points outside the radius do not move, and none overshoots the centre."""
    d = pixel_distances(X, centre, pixel)
    k = min(1.0, MAGNET_PER_S * intensity * dt)
    pull = k * np.clip(1.0 - d / radius_px, 0.0, 1.0)
    return (np.asarray(centre, float) - X) * pull[:, None]
