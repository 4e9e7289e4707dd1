"""The geometry the presenters share, without Qt: one PathThinner for both spacings, thinning, clipping,
dots, sticky windows and arrows sized in pixels."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core.race import Entry, Race
from visualnet.core.surfaces import SURFACES
from visualnet.presenters.geometry import (
    PARAM_LIMIT,
    PathThinner,
    clip_segments,
    dot_indices,
    drawable,
    holds,
    pixel_arrow,
    sticky_window,
    thin_path,
    thin_to_cells,
)


def test_thin_path_keeps_a_vertex_per_pixel_and_both_ends() -> None:
    rng = np.random.default_rng(0)
    # 10,000 tiny steps spiralling into a minimum: a few hundred pixels of path
    t = np.linspace(0, 1, 10_000)
    spiral = np.column_stack([np.cos(20 * t), np.sin(20 * t)]) * (1 - t)[:, None]
    path = spiral + rng.normal(0, 1e-4, (10_000, 2))
    pixel = np.array([0.01, 0.02])
    thin = thin_path(path, pixel)
    np.testing.assert_array_equal(thin[[0, -1]], path[[0, -1]])
    length_px = np.hypot(*(np.diff(path, axis=0) / pixel).T).sum()
    assert len(thin) <= length_px + 2 and len(thin) < len(path) / 4
    gaps = np.hypot(*(np.diff(thin, axis=0) / pixel).T)
    assert gaps.max() < 2.5  # no visible corner cut: consecutive vertices stay within ~2 px
    # a path already a pixel or more per step is left as it is
    coarse = np.column_stack([np.arange(50.0), np.zeros(50)])
    np.testing.assert_array_equal(thin_path(coarse, np.array([0.5, 0.5])), coarse)


def test_the_arc_thinner_follows_a_growing_path_exactly() -> None:
    # a training path as the history gives it: records appended, the last one sometimes replaced,
    # the pixel size changing with the window, and (rarely) an earlier record changed
    rng = np.random.default_rng(5)
    thinner = PathThinner("arc")
    full = np.cumsum(rng.normal(0, 0.01, (4000, 2)), axis=0)  # room for every record
    pixel, m, changed_calls = np.array([0.004, 0.01]), 3, 0
    for _ in range(400):
        r = rng.random()
        if r < 0.55:
            m += int(rng.integers(1, 4))
        elif r < 0.6:  # several steps in one frame (speed > 1)
            m += int(rng.integers(5, 30))
        elif r < 0.8:
            full[m - 1] += rng.normal(0, 0.02, 2)
        elif r < 0.9:
            pixel = pixel * rng.choice([0.5, 2.0])
        elif r < 0.95:
            full[rng.integers(0, m)] += 0.01
        path = full[:m].copy()
        drawn, changed = thinner(path, pixel)
        np.testing.assert_array_equal(drawn, thin_path(path, pixel))
        changed_calls += changed
        again, changed = thinner(path.copy(), pixel)  # the same path again: nothing new to draw
        assert not changed and again is drawn
    assert changed_calls > 300


def test_the_cell_thinner_follows_the_playground_runners_exactly() -> None:
    rng = np.random.default_rng(3)
    # a small cap, so the paths are rewritten (thinned) many times; a reset and a new cell midway
    race = Race(SURFACES["Rosenbrock"], None, [Entry("RMSprop", 0.01), Entry("SGD", 0.001)], max_path=64)
    thinners = {r.name: (PathThinner("cells"), PathThinner("cells", keep_last=False)) for r in race.runners}
    cell = np.array([0.01, 0.02])
    for frame in range(300):
        race.step(int(rng.integers(1, 12)))
        if frame == 150:
            race.reset()
        if frame == 200:
            cell = cell * 3
        for r in race.runners:
            path, dots = thinners[r.name]
            np.testing.assert_array_equal(path(r.path, cell, version=r.rewrites)[0],
                                          thin_to_cells(r.path, cell))
            np.testing.assert_array_equal(dots(r.path, cell, version=r.rewrites)[0],
                                          thin_to_cells(r.path, cell, keep_last=False))


def thinned_whole(path: np.ndarray, pixel: np.ndarray, spacing: str, keep_last: bool) -> np.ndarray:
    """The rule applied to the whole path at once: a point starts a bucket (a whole pixel of arc
    length, or a screen cell) that the point before it is not in; the first point always kept."""
    if len(path) <= 2:
        return path
    if spacing == "cells":
        return thin_to_cells(path, pixel, keep_last)
    d = np.diff(path, axis=0) / pixel
    bucket = np.floor(np.concatenate([[0.0], np.cumsum(np.hypot(d[:, 0], d[:, 1]))]))
    keep = np.diff(bucket, prepend=-1.0) != 0
    keep[-1] |= keep_last
    if keep_last:
        np.testing.assert_array_equal(path[keep], thin_path(path, pixel))  # the same rule as thin_path
    return path[keep]


@pytest.mark.parametrize("spacing", ["arc", "cells"])
@pytest.mark.parametrize("keep_last", [True, False])
def test_one_thinner_for_both_rules_equals_thinning_the_whole_path(spacing, keep_last) -> None:
    rng = np.random.default_rng(11)
    full = np.cumsum(rng.normal(0, 0.02, (600, 2)), axis=0)
    thinner = PathThinner(spacing, keep_last=keep_last)
    pixel = np.array([0.01, 0.03])
    for m in range(1, 600, 7):
        drawn, _ = thinner(full[:m], pixel)
        np.testing.assert_array_equal(drawn, thinned_whole(full[:m], pixel, spacing, keep_last))
    with pytest.raises(ValueError):
        PathThinner("dots")  # type: ignore[arg-type]


def test_dots_are_evenly_spread_with_both_ends() -> None:
    for max_dots in (40, 200):
        for m in (0, 1, 2, 39, 40, 41, 79, 80, 199, 200, 201, 1000, 4999):
            keep = dot_indices(m, max_dots)
            expected = np.unique(np.linspace(0, m - 1, min(m, max_dots)).round().astype(int))
            np.testing.assert_array_equal(keep, expected)
            if m:
                assert keep[0] == 0 and keep[-1] == m - 1 and len(keep) == min(m, max_dots)


def test_clip_segments_keeps_the_visible_part_exactly() -> None:
    lo, hi = np.array([-1.0, -1.0]), np.array([1.0, 1.0])
    path = np.array([[0.0, 0.0], [0.5, 0.0], [3.0, 0.0], [3.0, 3.0], [-3.0, -3.0]])
    x, y = clip_segments(path, lo, hi)
    # inside; from inside to the right edge; outside entirely; through the box corner to corner
    np.testing.assert_allclose(np.column_stack([x, y]),
                               [[0, 0], [0.5, 0], [0.5, 0], [1, 0], [1, 1], [-1, -1]])
    assert clip_segments(path[:1], lo, hi)[0].size == 0


def test_drawable_drops_what_is_not_finite_and_clips_the_rest() -> None:
    points, box = drawable(np.array([[0.0, 1.0], [np.nan, 2.0], [1e300, -3.0]]))
    np.testing.assert_array_equal(points, [[0.0, 1.0], [PARAM_LIMIT, -3.0]])
    assert box == (0.0, -3.0, PARAM_LIMIT, 1.0)
    assert drawable(np.empty((0, 2)))[1] is None


def test_a_sticky_window_holds_until_a_point_nears_its_edge() -> None:
    points = np.array([[0.0, 0.0], [1.0, 0.5]])
    window = sticky_window(points, None, min_span=2.0)
    (x0, x1), (y0, y1) = window
    assert x1 - x0 == pytest.approx(2.0) and y1 - y0 == pytest.approx(2.0)  # at least min_span
    assert (x0 + x1) / 2 == pytest.approx(0.5) and (y0 + y1) / 2 == pytest.approx(0.25)
    assert sticky_window(points + 0.1, window, min_span=2.0) == window  # still well inside: kept
    assert holds(window, (0.1, 0.1, 1.1, 0.6), (1.1, 0.6))
    far = np.array([[0.0, 0.0], [5.0, 0.0]])
    grown = sticky_window(far, window, min_span=2.0)
    assert grown[0][0] < 0.0 and grown[0][1] > 5.0  # padded by GROW_MARGIN on each side
    assert not holds(window, (0.0, 0.0, 5.0, 0.0), (5.0, 0.0))


def test_a_pixel_arrow_keeps_its_direction_and_clamps_its_length() -> None:
    pixel = (0.01, 0.02)  # x and y scales differ
    at = np.array([1.0, 1.0])
    arrow = pixel_arrow(at, np.array([0.001, 0.0]), pixel, 20.0, 160.0, 9.0, 26.0)
    assert arrow.shape == (6, 2)
    np.testing.assert_allclose(arrow[0], at)  # the tail at the point
    assert (arrow[1, 0] - at[0]) / pixel[0] == pytest.approx(20.0)  # lengthened to 20 px, along x
    long = pixel_arrow(at, np.array([0.0, 100.0]), pixel, 20.0, 160.0, 9.0, 26.0)
    assert (long[1, 1] - at[1]) / pixel[1] == pytest.approx(160.0) and long[1, 0] == pytest.approx(at[0])
    ending = pixel_arrow(at, np.array([0.5, 0.0]), pixel, 20.0, 160.0, 9.0, 26.0, ends_at=True)
    np.testing.assert_allclose(ending[1], at)  # the last step ends at the head
    assert pixel_arrow(at, np.zeros(2), pixel, 20.0, 160.0, 9.0, 26.0).shape == (0, 2)
    assert pixel_arrow(at, np.ones(2), (0.0, 0.0), 20.0, 160.0, 9.0, 26.0).shape == (0, 2)
