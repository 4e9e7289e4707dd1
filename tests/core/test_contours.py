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


def _segments_cell_by_cell(Z, xs, ys, level):
    """Marching squares one cell at a time, the plain way: the oracle for the vectorised version."""
    out = []
    for i in range(Z.shape[0] - 1):
        for j in range(Z.shape[1] - 1):
            z = {k: (Z[i + di, j + dj] if np.isfinite(Z[i + di, j + dj]) else level - 1.0)
                 for k, (di, dj) in {"00": (0, 0), "01": (0, 1), "10": (1, 0), "11": (1, 1)}.items()}
            corners = {"00": (xs[j], ys[i]), "01": (xs[j + 1], ys[i]), "10": (xs[j], ys[i + 1]),
                       "11": (xs[j + 1], ys[i + 1])}
            crossings = []
            for a, b in (("00", "01"), ("01", "11"), ("10", "11"), ("00", "10")):  # bottom, right, top, left
                if (z[a] >= level) != (z[b] >= level):
                    t = (level - z[a]) / (z[b] - z[a])
                    (xa, ya), (xb, yb) = corners[a], corners[b]
                    crossings.append((xa + t * (xb - xa), ya + t * (yb - ya)))
            if len(crossings) == 2:
                out.append(tuple(crossings))
            elif len(crossings) == 4:
                out.append(None)  # saddles: counted, their choice is tested above
    return out


def test_random_fields_match_a_cell_by_cell_march():
    rng = np.random.default_rng(3)
    for _ in range(20):
        ny, nx = rng.integers(2, 25, 2)
        Z = rng.normal(size=(ny, nx))
        Z[rng.random(Z.shape) < 0.05] = np.nan
        xs, ys = np.sort(rng.normal(size=nx)), np.sort(rng.normal(size=ny))
        level = 0.3 * rng.normal()
        x, y = contour_segments(Z, xs, ys, level)
        expected = _segments_cell_by_cell(Z, xs, ys, level)
        plain = [s for s in expected if s is not None]
        saddles = len(expected) - len(plain)
        assert len(x) == 2 * (len(plain) + 2 * saddles)
        got = np.stack([x, y], -1).reshape(-1, 2, 2)[: len(plain)]  # two-crossing cells come first
        np.testing.assert_allclose(got, np.array(plain).reshape(-1, 2, 2), rtol=0, atol=1e-12)
