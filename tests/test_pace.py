"""The training clock's pace: iterations per frame for a rate in iterations per second, within a budget."""

from __future__ import annotations

import pytest

from visualnet.pace import FRAMES_PER_SECOND, MAX_RATE, TRAIN_BUDGET_S, Pace, rate_of_speed

FRAME = 1 / FRAMES_PER_SECOND


def run(pace: Pace, seconds: float, per_iteration: float = 20e-6) -> list[int]:
    """Frames at 60 a second for `seconds`; each frame's iterations take `per_iteration` each."""
    pace.start(0.0)
    counts = []
    for k in range(1, round(seconds * FRAMES_PER_SECOND) + 1):
        now = k * FRAME
        n = pace.iterations(now)
        pace.ran(n, n * per_iteration, now)
        counts.append(n)
    return counts


@pytest.mark.parametrize("rate", [1, 3, 10])
def test_slow_rates_show_every_step_one_at_a_time(rate: int) -> None:
    counts = run(Pace(rate), 4.0)
    assert max(counts) == 1  # each step in a frame of its own
    assert sum(counts) == pytest.approx(4 * rate, abs=1)


@pytest.mark.parametrize("rate", [60, 600, 3000])
def test_a_rate_is_kept_on_average(rate: int) -> None:
    pace = Pace(rate)
    counts = run(pace, 3.0)
    assert sum(counts) == pytest.approx(3 * rate, abs=2)
    assert pace.reached(3.0) == pytest.approx(rate, rel=0.05)


def test_max_fills_the_training_budget_and_no_more() -> None:
    pace = Pace(MAX_RATE)
    counts = run(pace, 1.0, per_iteration=40e-6)
    # about 150 a frame, once the time of one is measured (a moving average: within one of it)
    assert abs(counts[-1] - TRAIN_BUDGET_S / 40e-6) <= 1
    assert pace.reached(1.0) == pytest.approx(150 * FRAMES_PER_SECOND, rel=0.05)


def test_what_the_budget_cannot_run_is_dropped_not_owed() -> None:
    pace = Pace(10_000)
    slow = run(pace, 2.0, per_iteration=1e-3)  # 6 fit in a frame's budget, 166 are asked for
    assert max(slow[30:]) == 6  # once the time of one is measured
    pace.rate = 60  # back to one a frame: no backlog from the slow seconds runs now
    pace.seconds_per_iteration = 20e-6
    after = [pace.iterations(2.0 + k * FRAME) for k in range(1, 6)]
    assert sum(after) <= 6 and max(after) <= 2  # five frames' worth (and a carried fraction), no backlog


def test_a_late_frame_owes_at_most_a_tenth_of_a_second() -> None:
    pace = Pace(600)
    pace.start(0.0)
    pace.iterations(0.0)
    assert pace.iterations(5.0) == 60  # 5 s late (a dialog was open): 0.1 s worth, not 3,000


def test_an_older_speed_in_iterations_per_frame() -> None:
    assert rate_of_speed(5) == 300 and rate_of_speed(1) == 60 and rate_of_speed(1000) == 10_000
