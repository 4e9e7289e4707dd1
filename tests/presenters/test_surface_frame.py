"""The loss-surface view's presenter without Qt: the sticky window, the rate limit, the catch-up after a
hidden spell, the plane, the marks, the arrow's scale, the colour bar's ticks and the captions."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.presenters.loss_surface import LossSurface
from visualnet.presenters.surface_frame import LINE_SHRINK, MAX_DOTS, SurfacePresenter
from visualnet.presenters.surface_numbers import ARROW_MAX, ARROW_MIN, arrow_scale, log_loss, loss_ticks
from visualnet.session import Session

PIXEL = (0.01, 0.01)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def presenter(s: Session) -> tuple[SurfacePresenter, Clock]:
    clock = Clock()
    p = SurfacePresenter(s, clock)
    p.follow_model()
    return p, clock


def test_loss_ticks_label_round_losses_inside_the_range() -> None:
    assert loss_ticks(-3.5, -0.5) == [(-3.0, "0.001"), (-2.0, "0.01"), (-1.0, "0.1")]
    ticks = loss_ticks(np.log10(0.075), np.log10(0.11))  # less than a decade still gets labels
    assert [label for _, label in ticks] == ["0.08", "0.09", "0.1"]
    for lo, hi in [(-6.0, 2.0), (0.845, 0.945), (-5.9, -5.8), (-12.0, 6.0)]:
        ticks = loss_ticks(lo, hi)
        assert 2 <= len(ticks) <= 5 and all(lo - 1e-9 <= p <= hi + 1e-9 for p, _ in ticks)


@pytest.mark.parametrize("norm", [1e-6, 3e-4, 0.01, 0.05, 0.0799, 0.08, 0.2, 0.3, 0.31, 2.0, 77.0, 1e5])
def test_arrow_scale_is_round_and_fits(norm: float) -> None:
    k = arrow_scale(norm)
    assert norm * k * (1 + 1e-9) >= ARROW_MIN and norm * k <= ARROW_MAX * (1 + 1e-9)
    mantissa = (k if k >= 1 else 1 / k) / 10 ** np.floor(np.log10(k if k >= 1 else 1 / k) + 1e-9)
    assert min(abs(mantissa - m) for m in (1, 2, 5, 10)) < 1e-9  # "×20", never "×23.7"


def test_arrow_scale_sticks_while_it_fits() -> None:
    k = arrow_scale(0.01)  # ×10 brings 0.01 to 0.1
    assert k == 10
    assert arrow_scale(0.025, k) == 10  # 0.25 still fits: the caption keeps "×10"
    assert arrow_scale(0.05, k) == 2  # 0.5 would not fit: a new round factor


def test_log_loss_is_clipped_float32_and_nan_is_the_cap() -> None:
    out = log_loss(np.array([[0.0, 1.0], [np.nan, np.inf]]))
    assert out.dtype == np.float32 and out.flags.c_contiguous
    np.testing.assert_array_equal(out, [[-6.0, 0.0], [6.0, 6.0]])


def test_the_first_frame_computes_the_surface_over_a_window_around_the_point() -> None:
    s = Session()
    p, _ = presenter(s)
    frame = p.frame()
    assert frame.problem is None and frame.new_window and frame.image is not None
    (x0, x1), (y0, y1) = frame.window
    v1, v2 = LossSurface(s).values()
    assert x0 < v1 < x1 and y0 < v2 < y1 and x1 - x0 >= 2.0
    image = frame.image
    assert image.log_loss.shape == (p.res, p.res) == (41, 41)
    expected = log_loss(LossSurface(s).slice_losses(*frame.window, res=41))
    np.testing.assert_array_equal(image.log_loss, expected)
    lo, hi = image.levels
    assert lo == pytest.approx(image.log_loss.min()) and hi == pytest.approx(image.log_loss.max())
    assert np.all(np.diff(image.contour_levels) > 0) and lo < image.contour_levels[0] < hi
    dx, dy = (x1 - x0) / 40, (y1 - y0) / 40  # samples on the pixel centres: half a step beyond
    assert image.rect == pytest.approx((x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy))
    marks = p.marks(frame, PIXEL)
    np.testing.assert_array_equal(marks.marker, np.array([v1, v2]))
    assert marks.arrow is not None and tuple(marks.arrow[0]) == (v1, v2)
    x, y = marks.arrow[1]
    assert x0 <= x <= x1 and y0 <= y <= y1  # the tip stays in the window


def test_the_surface_is_rate_limited_and_says_how_many_steps_it_lags() -> None:
    s = Session()
    p, clock = presenter(s)
    p.frame()
    for _ in range(3):  # within SURFACE_INTERVAL_S (0.1 s) of the last surface
        s.step(2)
        frame = p.frame()
        assert frame.image is None and frame.catch_up_ms is not None  # behind: the timer catches up
        drawn = p.marks(frame, PIXEL).path
        np.testing.assert_array_equal(drawn[-1], LossSurface(s).path()[-1])  # the path never waits
        clock.now += 0.03
    clock.now += 10.0
    s.step(2)
    frame = p.frame()
    assert frame.image is not None and frame.catch_up_ms is None and p.steps_per_surface == 8
    assert "Surface refreshed every 8 steps" in p.caption(None, True)
    assert p.frame().image is None and not p.behind()  # nothing new: nothing recomputed


def test_edits_hold_the_surface_back_until_they_pause() -> None:
    s = Session()
    p, clock = presenter(s)
    p.frame()
    clock.now += 1.0
    train = s.indices(0)[:5]
    s.move_points(train, np.zeros((5, 2)))
    p.data_edited()
    assert p.behind() and p.frame().image is None  # a drag: no surface per mouse move
    clock.now += 0.5
    assert p.frame().image is not None and not p.behind()


def test_a_hidden_view_catches_up_from_the_session_alone() -> None:
    # no event reached the presenter while its view was hidden: what it shows is compared with the session
    s = Session()
    p, clock = presenter(s)
    p.frame()
    s.step(30)
    clock.now += 1.0
    assert p.behind()
    frame = p.frame()
    assert frame.image is not None
    np.testing.assert_array_equal(p.marks(frame, PIXEL).marker, np.array(LossSurface(s).values()))
    s.configure(hidden=(3,))  # a new network while hidden
    assert p.out_of_date()
    p.follow_model()
    assert not p.out_of_date() and p.window is None and p.frame().image is not None


def test_the_window_stays_while_the_point_moves_inside_it() -> None:
    s = Session()
    p, _ = presenter(s)
    window = p.frame().window
    s.step(3)
    assert p.frame().window == window
    s.model.params["W1"].flat[0] = window[0][1] + 3.0  # the point jumps far outside
    frame = p.frame()
    assert frame.new_window and frame.window[0][0] < window[0][1] + 3.0 < frame.window[0][1]


def test_dots_and_the_thinned_path_come_only_when_the_path_changes() -> None:
    s = Session()
    for _ in range(60):
        s.step(1)
    p, _ = presenter(s)
    frame = p.frame()
    marks = p.marks(frame, PIXEL)
    assert marks.path is not None and marks.dots is not None
    assert len(marks.dots) == min(MAX_DOTS, len(frame.path))
    again = p.marks(p.frame(), PIXEL)
    assert again.path is None and again.dots is None  # the same path: the overlay keeps what it has


def test_planes_follow_the_mode_and_say_why_not() -> None:
    s = Session()
    p, _ = presenter(s)
    p.set_mode("pca")
    frame = p.frame()
    assert p.plane is None and "train a few steps" in (frame.problem or "")
    assert p.axis_labels(("a", "b")) == ("PC1", "PC2")
    for _ in range(10):
        s.step(1)
    frame = p.frame()
    assert frame.new_plane and p.plane is not None and frame.image is not None
    assert p.axis_labels(("a", "b"))[0].startswith("PC1 (")
    np.testing.assert_allclose(frame.current, [0.0, 0.0], atol=1e-9)  # the plane is through "now"
    p.set_mode("random")
    p.frame()
    seed0 = p.plane
    p.reseed()
    p.frame()
    assert p.seed == 1 and p.plane is not seed0
    assert "Random directions (seed 1)" in (p.caption(None, False) or "")
    assert p.marks(p.frame(), PIXEL).arrow is None  # the next-step arrow belongs to the exact mode


def test_the_caption_names_what_is_held_and_changes_only_when_its_words_do() -> None:
    s = Session()
    p, _ = presenter(s)
    frame = p.frame()
    p.marks(frame, PIXEL)
    text = p.caption(frame.problem, True)
    n = sum(v.size for v in s.model.params.values())
    assert text is not None and f"Other {n - 2:,} parameters fixed" in text
    assert p.caption(frame.problem, True) is None  # the same words: nothing to set
    assert p.caption("add some points", True) == "No loss surface: add some points."
    assert p.caption(None, True, " No 3-D: offscreen.").endswith("No 3-D: offscreen.")


def test_the_line_keeps_its_loss_range_while_the_losses_stay_inside() -> None:
    s = Session()
    p, _ = presenter(s)
    p.set_mode("line")
    first = p.line_frame(None)
    assert first.loss_range is not None and "initial weights (t = 0)" in first.caption
    ranges = [first.loss_range]
    for _ in range(30):
        s.step(1)
        line = p.line_frame(None)
        lo, hi = p.line_range
        assert lo <= line.losses.min() and line.losses.max() <= hi
        assert line.losses.max() - line.losses.min() >= LINE_SHRINK * (hi - lo) * 0.999
        if line.loss_range is not None:
            ranges.append(line.loss_range)
    assert len(ranges) < 15  # the axes are redrawn when the range changes: not at every step
    assert p.line_frame("no data").caption == "No loss line: no data."


def test_the_surface_s_growing_age_is_said_at_most_every_quarter_second() -> None:
    from visualnet.presenters.surface_frame import AGE_EVERY_S

    s = Session()
    p, clock = presenter(s)
    p.surface_interval_s = 60.0  # the surface shown stays: only its age grows
    p.frame()
    p.deferred = True
    s.step(3)
    p.frame()
    said = p.caption(None, False)
    assert said is not None and "3 steps ago" in said
    s.step(1)
    clock.now += AGE_EVERY_S / 2
    assert p.caption(None, False) is None  # the age alone, too soon: the caption stays as it is
    clock.now += AGE_EVERY_S / 2
    again = p.caption(None, False)
    assert again is not None and "4 steps ago" in again
    s.step(1)
    p.seed += 1  # anything else that changes is said at once, with the newest age
    now = p.caption(None, False)
    assert now is not None and "5 steps ago" in now
