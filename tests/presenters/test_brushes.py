"""The brushes' geometry: which points a brush touches, where a spray puts points, how far jitter and
the magnet move them — measured in screen pixels, on axes of equal and of different scales."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.presenters import brushes

PIXELS = [(0.01, 0.01), (0.02, 0.005)]  # data units per pixel: equal scales, and a regression's unequal ones


def grid(n: int = 41) -> np.ndarray:
    """Points on a square grid over [-1, 1]²."""
    g = np.linspace(-1, 1, n)
    return np.column_stack([np.repeat(g, n), np.tile(g, n)])


@pytest.mark.parametrize("pixel", PIXELS)
def test_points_within_are_those_inside_the_ellipse_in_data_units(pixel):
    X = grid()
    centre, r = (0.1, -0.2), 30.0
    inside = brushes.points_within(X, centre, r, pixel)
    # independent: the brush's circle of r pixels is an ellipse with semi-axes r·px, r·py in data units
    a, b = r * pixel[0], r * pixel[1]
    expected = [i for i, (x, y) in enumerate(X)
                if ((x - centre[0]) / a) ** 2 + ((y - centre[1]) / b) ** 2 <= 1]
    assert inside.tolist() == expected
    assert len(expected) > 5


def test_points_within_of_no_points_is_empty():
    assert brushes.points_within(np.empty((0, 2)), (0, 0), 10, (1, 1)).shape == (0,)


@pytest.mark.parametrize("pixel", PIXELS)
def test_spray_stays_in_the_disc_and_covers_it_evenly(pixel):
    rng = np.random.default_rng(1)
    centre, r = (0.5, 0.25), 40.0
    P = brushes.spray_positions(rng, 20_000, centre, r, pixel)
    d = brushes.pixel_distances(P, centre, pixel)
    assert P.shape == (20_000, 2) and d.max() <= r + 1e-9
    # uniform over the disc: the inner half radius holds a quarter of the area, so a quarter of the points
    assert np.mean(d <= r / 2) == pytest.approx(0.25, abs=0.015)
    # and no side is favoured
    assert np.mean(P[:, 0] > centre[0]) == pytest.approx(0.5, abs=0.015)
    assert np.mean(P[:, 1] > centre[1]) == pytest.approx(0.5, abs=0.015)


def test_spray_is_reproducible_from_the_seed():
    a = brushes.spray_positions(np.random.default_rng(7), 10, (0, 0), 5, (1, 1))
    b = brushes.spray_positions(np.random.default_rng(7), 10, (0, 0), 5, (1, 1))
    np.testing.assert_array_equal(a, b)


def test_spray_count_keeps_the_rate_over_many_short_ticks():
    carry, total = 0.0, 0
    for _ in range(100):  # 100 ticks of 30 ms at intensity 3: 30 points a second for 3 s
        n, carry = brushes.spray_count(3, 0.03, carry)
        total += n
    assert total == pytest.approx(brushes.SPRAY_PER_S * 3 * 3.0, abs=1)
    assert brushes.spray_count(100, 0.03) == (30, pytest.approx(0.0))


@pytest.mark.parametrize("pixel", PIXELS)
def test_jitter_moves_at_most_the_step_and_at_most_one_radius(pixel):
    rng = np.random.default_rng(2)
    r = 20.0
    small = brushes.jitter_offsets(rng, 5000, r, pixel, intensity=10, dt=0.03)
    step = brushes.JITTER_PER_S * 10 * 0.03 * r  # pixels
    d = np.hypot(small[:, 0] / pixel[0], small[:, 1] / pixel[1])
    assert d.max() <= step + 1e-9 and d.max() > 0.9 * step
    huge = brushes.jitter_offsets(rng, 5000, r, pixel, intensity=100, dt=10.0)
    assert np.hypot(huge[:, 0] / pixel[0], huge[:, 1] / pixel[1]).max() <= r + 1e-9


@pytest.mark.parametrize("pixel", PIXELS)
def test_magnet_pulls_towards_the_centre_stronger_nearer_and_never_past_it(pixel):
    centre, r = (0.0, 0.0), 50.0
    # points on the x axis at 10, 25, 40 and 60 pixels from the centre
    X = np.array([[10 * pixel[0], 0], [25 * pixel[0], 0], [40 * pixel[0], 0], [60 * pixel[0], 0]])
    off = brushes.magnet_offsets(X, centre, r, pixel, intensity=50, dt=0.03)
    k = brushes.MAGNET_PER_S * 50 * 0.03
    expected = -X[:, 0] * k * np.clip(1 - np.array([10, 25, 40, 60]) / r, 0, 1)
    np.testing.assert_allclose(off[:, 0], expected)
    np.testing.assert_array_equal(off[:, 1], 0)
    fraction = -off[:3, 0] / X[:3, 0]  # of the gap closed: larger nearer the centre
    assert fraction[0] > fraction[1] > fraction[2] > 0
    assert off[3, 0] == 0  # outside the radius
    strongest = brushes.magnet_offsets(X, centre, r, pixel, intensity=100, dt=10.0)
    after = X + strongest
    assert np.all(np.sign(after[:, 0]) >= 0)  # none crosses the centre
    assert after[0, 0] == pytest.approx(X[0, 0] * 10 / r)


def test_every_tool_has_a_name_and_a_tip():
    assert set(brushes.TOOL_NAMES) == set(brushes.TOOLS) == set(brushes.TOOL_TIPS)
    assert set(brushes.TOOLS) > brushes.BRUSH_TOOLS


@pytest.mark.parametrize("pixel", PIXELS)
def test_a_swept_segment_holds_the_points_near_any_place_between_its_ends(pixel):
    X = grid(81)
    a, b, r = (-0.6, -0.1), (0.5, 0.3), 12.0
    swept = set(brushes.points_within(X, b, r, pixel, start=a).tolist())
    # independent: the union of the discs around 400 places along the segment (to within a pixel)
    places = np.linspace(a, b, 400)
    near = set()
    for p in places:
        near |= set(brushes.points_within(X, tuple(p), r, pixel).tolist())
    assert near <= swept
    loose = set()
    for p in places:
        loose |= set(brushes.points_within(X, tuple(p), r + 1, pixel).tolist())
    assert swept <= loose
    still = brushes.points_within(X, b, r, pixel, start=b)  # a segment of no length: the disc
    assert still.tolist() == brushes.points_within(X, b, r, pixel).tolist()
