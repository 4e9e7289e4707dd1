"""The optimizer playground's presenter without Qt: shades by rank, contour levels, each runner's thinned
and clipped path and dots, the glyph arrows, the readouts and the status line."""

from __future__ import annotations

import numpy as np

from visualnet.core.race import BOOK_CHAPTER_6, Entry, Race
from visualnet.core.surfaces import BOOK, SURFACES
from visualnet.presenters import playground as present
from visualnet.presenters.geometry import clip_segments, thin_to_cells


def test_shades_are_ranks_and_the_undefined_is_darkest() -> None:
    Z = np.array([[3.0, 1.0], [np.nan, 2.0]])
    np.testing.assert_allclose(present.rank_image(Z), [[2 / 3, 0.0], [1.0, 1 / 3]])
    assert present.rank_image(Z).dtype == np.float32


def test_contour_levels_are_quantiles_denser_at_the_bottom() -> None:
    Z = np.linspace(0.0, 1.0, 10_001)
    levels = present.contour_levels(Z, 5)
    assert len(levels) == 5 and np.all(np.diff(levels) > 0)
    assert np.all(np.diff(np.diff(levels)) > 0)  # gaps grow upwards
    assert present.contour_levels(np.full(4, np.nan)).size == 0


def test_the_surface_picture_covers_the_window_and_clips_a_span_beyond() -> None:
    picture = present.surface_picture(BOOK)
    (x0, x1), (y0, y1) = BOOK.xlim, BOOK.ylim
    assert picture.shades.shape == (present.SURFACE_RES, present.SURFACE_RES)
    x, y, w, h = picture.rect
    assert x < x0 and x + w > x1 and y < y0 and y + h > y1  # the cell centres on the grid
    lo, hi = picture.clip
    np.testing.assert_allclose(lo, [x0 - (x1 - x0), y0 - (y1 - y0)])
    np.testing.assert_allclose(hi, [x1 + (x1 - x0), y1 + (y1 - y0)])
    assert picture.caption.startswith("f(x, y) = ") and len(picture.segments) % 2 == 0


def test_a_runner_is_drawn_thinned_to_the_cells_clipped_and_dotted() -> None:
    race = Race(SURFACES["Rosenbrock"], None, [Entry("SGD", 0.002), Entry("Adam", 0.3)])
    geometry = present.RunnerGeometry(r.name for r in race.runners)
    pixel = np.array([0.004, 0.008])
    picture = present.surface_picture(SURFACES["Rosenbrock"])
    for n in (1, 10, 400):
        race.step(n)
        for r in race.runners:
            d = geometry.drawing(r, "#123456", pixel, picture.clip)
            expected = thin_to_cells(r.path, present.PATH_CELL_PX * pixel)
            if d.pairs:
                expected = np.column_stack(clip_segments(expected, *picture.clip))
            np.testing.assert_array_equal(d.path, expected)
            assert len(d.dots) <= present.MAX_DOTS and d.color == "#123456"
            np.testing.assert_array_equal(d.head, np.clip(r.position, *picture.clip))
    # a path that runs far away is drawn as the part near the window, exactly
    far = Race(BOOK, (0.0, 0.0), [Entry("SGD", 50.0)])
    far.step(3)
    lo, hi = np.array([-1.0, -1.0]), np.array([1.0, 1.0])
    d = present.RunnerGeometry(["SGD"]).drawing(far.runners[0], "#000000", pixel, (lo, hi))
    assert np.all(np.isfinite(d.path)) and np.all(d.head >= lo) and np.all(d.head <= hi)


def test_glyph_arrows_start_at_the_heads_and_the_step_ends_there() -> None:
    race = Race(BOOK_CHAPTER_6.surface, BOOK_CHAPTER_6.start, list(BOOK_CHAPTER_6.entries))
    before = present.glyph_arrows(race.runners, set(present.GLYPHS), (0.01, 0.01))
    assert all(len(a) == 0 for a in before.values())  # no step yet: no arrow
    race.step(3)
    arrows = present.glyph_arrows(race.runners, set(present.GLYPHS), (0.01, 0.01))
    heads = [r.position for r in race.runners]
    gradients = arrows["gradient"].reshape(-1, 6, 2)
    assert len(gradients) == len(race.runners)
    for a, head in zip(gradients, heads, strict=True):
        np.testing.assert_allclose(a[0], head)  # the tail at the head
    for a, head in zip(arrows["step"].reshape(-1, 6, 2), heads, strict=True):
        np.testing.assert_allclose(a[1], head)  # the last step ends at the head
    velocity = present.glyph_vectors(next(r for r in race.runners if r.name == "Momentum"))["velocity"]
    assert velocity is not None and np.all(np.isfinite(velocity))
    assert present.glyph_arrows(race.runners, set(), (0.01, 0.01))["gradient"].shape == (0, 2)


def test_readouts_and_status_say_where_each_runner_is() -> None:
    race = Race(BOOK, BOOK.start, [Entry("SGD", 0.95), Entry("Adam", 0.3)])
    race.step(4)
    sgd = race.runners[0]
    assert present.readout(sgd, race.steps, "red", "grey").startswith("f ")
    sgd.active = False
    assert present.readout(sgd, race.steps, "red", "grey") == "<span style='color:grey'>off</span>"
    assert present.status_text(race, 0) == "step 4"
    assert present.status_text(race, 10) == "step 4 of 10"
