"""Marching squares against fields whose contours are known exactly."""

import numpy as np

from visualnet.core.contours import class_boundaries, contour_segments


def test_a_plane_gives_a_straight_line_exactly():
    xs, ys = np.linspace(-1, 1, 41), np.linspace(-2, 2, 31)
    Z = np.subtract.outer(np.zeros_like(ys), -xs) - 0.3  # Z = x - 0.3, rows = y
    x, y = contour_segments(Z, xs, ys, 0.0)
    assert len(x) == 2 * (len(ys) - 1)  # one segment per row of cells
    np.testing.assert_allclose(x, 0.3, atol=1e-12)
    assert y.min() == ys[0] and y.max() == ys[-1]


def test_a_circle_lies_on_its_radius():
    xs = ys = np.linspace(-1, 1, 101)
    X, Y = np.meshgrid(xs, ys)
    x, y = contour_segments(np.hypot(X, Y), xs, ys, 0.6)
    r = np.hypot(x, y)
    assert len(x) > 100
    np.testing.assert_allclose(r, 0.6, atol=2e-4)  # linear interpolation error ~ h²/(8r)


def test_no_crossing_no_segments_and_nonfinite_values_are_safe():
    xs = ys = np.linspace(0, 1, 5)
    assert len(contour_segments(np.ones((5, 5)), xs, ys, 0.0)[0]) == 0
    Z = np.ones((5, 5))
    Z[2, 2] = np.nan
    x, y = contour_segments(Z, xs, ys, 0.5)
    assert np.all(np.isfinite(x)) and np.all(np.isfinite(y)) and len(x) > 0


def test_saddle_cells_give_two_segments():
    xs = ys = np.array([0.0, 1.0])
    x, _ = contour_segments(np.array([[1.0, -1.0], [-1.0, 1.0]]), xs, ys, 0.0)
    assert len(x) == 4


def test_three_class_boundaries_meet_between_the_regions():
    xs = ys = np.linspace(-1, 1, 61)
    X, Y = np.meshgrid(xs, ys)
    # Class scores: x, -x, and y; softmax-like probabilities.
    s = np.stack([X, -X, Y], axis=-1) * 8
    p = np.exp(s - s.max(-1, keepdims=True))
    p /= p.sum(-1, keepdims=True)
    bx, by = class_boundaries(p, xs, ys)
    # Every boundary point is where the two best scores tie.
    top2 = np.sort(np.stack([bx, -bx, by], -1), -1)[:, -2:]
    np.testing.assert_allclose(top2[:, 1] - top2[:, 0], 0, atol=0.05)
