"""The loss curve presenter: series, ranges, epoch marks and readout from the History, without Qt."""

from __future__ import annotations

import math

import numpy as np
import pytest

from visualnet.core import data
from visualnet.presenters import loss_curve
from visualnet.presenters.loss_curve import LossCurvePresenter
from visualnet.session import Config, Session


def test_the_legend_shows_the_series_the_split_produces() -> None:
    assert loss_curve.expected_series(True, 0, 0) == ("train", "train_acc")
    assert loss_curve.expected_series(True, 0, 5) == ("train", "test", "train_acc", "test_acc")
    # one held-out accuracy is enough: validation when there is one
    assert loss_curve.expected_series(True, 3, 5) == ("train", "val", "test", "train_acc", "val_acc")
    assert loss_curve.expected_series(False, 3, 5) == ("train", "val", "test")


@pytest.mark.parametrize(("value", "expected"), [(1.0, 1.0), (1.01, 1.5), (0.25, 0.3), (7.0, 8.0),
                                                  (8.5, 10.0), (1234.0, 1500.0), (0.3, 0.3)])
def test_nice_ceil(value: float, expected: float) -> None:
    assert loss_curve.nice_ceil(value) == expected


def test_linear_range_snaps_outward_from_zero() -> None:
    (x0, x1), (y0, y1) = loss_curve.snapped_range(200.0, 0.05, 0.71, log=False)
    assert (x0, x1) == (0.0, 300.0)  # the next round number at or above 1.1 × 200
    assert (y0, y1) == (0.0, 0.8)  # 1.05 × 0.71 = 0.7455 -> 0.8
    # a short history still shows 0..10; a negative value gets a round negative bottom
    assert loss_curve.snapped_range(2.0, -0.3, 0.5, log=False) == ((0.0, 10.0), (-0.3, 0.6))


def test_log_range_covers_whole_decades() -> None:
    _, (y0, y1) = loss_curve.snapped_range(50.0, math.log10(0.004), math.log10(0.7), log=True)
    assert (y0, y1) == (-3.0, 0.0)


def test_a_flat_or_empty_loss_still_has_a_range_of_some_height() -> None:
    for log in (False, True):
        _, (y0, y1) = loss_curve.snapped_range(10.0, 0.0, 0.0, log=log)
        assert y1 > y0
    assert loss_curve.extent([(np.empty(0), np.empty(0))]) is None


def test_history_series_drop_non_finite_values() -> None:
    it = np.arange(5.0)
    series = loss_curve.history_series(it, {"train": np.array([1.0, np.nan, 0.5, np.inf, 0.2])})
    x, y = series["train"]
    np.testing.assert_array_equal(x, [0.0, 2.0, 4.0])
    np.testing.assert_array_equal(y, [1.0, 0.5, 0.2])


def test_log_axis_floors_zero() -> None:
    np.testing.assert_array_equal(loss_curve.on_log_axis(np.array([0.0, 1.0, 100.0])), [-12.0, 0.0, 2.0])


def test_peak_decimation_keeps_spikes_and_the_newest_point() -> None:
    x = np.arange(10_000.0)
    y = np.full(10_000, 0.5)
    y[4321] = 9.0  # one spike
    y[-1] = 0.1
    xs, ys = loss_curve.peak_decimate(x, y, (0.0, 10_000.0), columns=100)
    assert len(xs) <= 2 * 100 + 2 * 100  # about two points per pixel column
    assert ys.max() == 9.0 and (xs[-1], ys[-1]) == (9999.0, 0.1)
    assert np.all(np.diff(xs) >= 0)
    # only the visible stretch, one point either side
    xs, _ = loss_curve.peak_decimate(x, y, (100.0, 200.0), columns=1000)
    assert (xs[0], xs[-1]) == (99.0, 201.0)


def test_epoch_marks_thin_to_powers_of_two_that_stay_put() -> None:
    ends = np.arange(1.0, 101.0) * 10
    numbers = np.arange(1, 101)
    x, y = loss_curve.epoch_marks(ends, numbers, span_px=2000.0)  # 100 marks 20 px apart: all
    np.testing.assert_array_equal(x[::2], ends)
    np.testing.assert_array_equal(y[:2], loss_curve.EPOCH_MARK_Y)
    x, _ = loss_curve.epoch_marks(ends, numbers, span_px=320.0)  # 3.2 px apart: every 4th
    np.testing.assert_array_equal(x[::2], ends[numbers % 4 == 0])
    more, _ = loss_curve.epoch_marks(np.append(ends, 1010.0), np.append(numbers, 101), span_px=320.0)
    np.testing.assert_array_equal(more[:len(x)], x)  # a new epoch keeps the marks already shown


def test_readout_names_the_last_values() -> None:
    series = loss_curve.history_series(np.array([0.0, 10.0]), {
        "train": np.array([0.9, 0.08]), "val": np.empty(0) * np.nan, "test": np.array([1.0, 0.1]),
        "train_acc": np.array([0.5, 0.95]), "val_acc": np.empty(0), "test_acc": np.array([0.5, 0.9])})
    series["val"] = series["val_acc"] = (np.empty(0), np.empty(0))
    colors = {"train": "#111111", "val": "#222222", "test": "#333333", "accuracy": "#444444"}
    text = loss_curve.readout(series, "cross-entropy", True, colors, lambda f: f"{100 * f:.0f}")
    assert text.startswith("iteration&nbsp;10 · cross-entropy ")
    assert "train&nbsp;0.08" in text and "test&nbsp;0.1" in text and "val" not in text
    assert "accuracy train&nbsp;95%, test&nbsp;90%" in text
    empty = {k: (np.empty(0), np.empty(0)) for k in series}
    assert loss_curve.readout(empty, "loss", True, colors, str) == loss_curve.NO_LOSS_YET


def test_presenter_follows_the_session_history() -> None:
    session = Session()
    presenter = LossCurvePresenter(session)
    rows = presenter.legend_rows()
    assert rows == ("train", "test", "train_acc", "test_acc")  # the default 8:2 split, classification
    session.step(50)
    h = session.history
    frame = presenter.frame(log=False, rows=rows)
    np.testing.assert_array_equal(frame.losses["train"][0], h.iteration)
    np.testing.assert_array_equal(frame.losses["train"][1], h.train_loss)
    # the test set is measured at the last iteration of each step() call (once a frame), the
    # training set at every record: the curves hold the measured points only
    measured = np.isfinite(h.test_loss)
    assert measured[-1] and measured.sum() < len(h)
    np.testing.assert_array_equal(frame.accuracies["test"][0], h.iteration[measured])
    np.testing.assert_array_equal(frame.accuracies["test"][1], h.test_acc[measured])
    assert len(frame.accuracies["val"][0]) == 0 and len(frame.losses["val"][0]) == 0
    assert frame.extent == (float(h.iteration[-1]), float(np.nanmin([h.train_loss, h.test_loss])),
                            float(np.nanmax([h.train_loss, h.test_loss])))
    logged = presenter.frame(log=True, rows=rows)
    np.testing.assert_allclose(logged.losses["test"][1], np.log10(h.test_loss[measured]))
    x, _ = presenter.epoch_marks(span_px=400.0)
    np.testing.assert_array_equal(x[::2], h.epoch_marks)


def test_the_run_before_a_change_of_activation_stays_to_compare_with():
    s = Session.from_preset("Circles", Config(activation="sigmoid", hidden=(8,), lr=1.0), seed=0)
    p = LossCurvePresenter(s)
    s.step(30)
    before = (np.asarray(s.history.iteration, float).copy(), np.asarray(s.history.train_loss, float).copy())
    assert "previous" not in p.legend_rows() and p.previous_name() == ""
    s.configure(activation="relu")  # new weights, empty history: the sigmoid run stays beside
    assert p.legend_rows()[-1] == "previous" and p.previous_name() == "previous run (sigmoid)"
    frame = p.frame(False, p.legend_rows())
    np.testing.assert_array_equal(frame.losses["previous"][0], before[0])
    np.testing.assert_array_equal(frame.losses["previous"][1], before[1])
    assert frame.extent is not None and frame.extent[0] == before[0][-1]  # the range covers it
    s.configure(hidden=(4, 4))  # untrained since: the sigmoid run is still the one to compare with
    assert p.previous_name() == "previous run (sigmoid)"
    s.step(5)
    s.reset_weights()
    assert p.previous_name() == "previous run"  # same settings, new weights
    s.set_dataset(data.PRESETS["Moons"].make(seed=1))  # other data: no comparison
    assert s.previous_run is None and "previous" not in p.legend_rows()


def test_the_previous_run_is_named_by_what_changed():
    from visualnet.presenters.loss_curve import previous_name

    assert previous_name({"hidden": (8, 8), "seed": 3}) == "previous run (hidden 8,8, seed 3)"
    assert previous_name({"model": "Perceptron"}) == "previous run (perceptron)"


def test_the_penalty_and_the_rate_get_rows_of_their_own() -> None:
    assert loss_curve.expected_series(True, 0, 5, penalty=True, lr=True) == (
        "train", "penalty", "total", "test", "train_acc", "test_acc", "lr")
    assert loss_curve.expected_series(False, 0, 0, lr=True) == ("train", "lr")
    assert loss_curve.lr_range(np.log10([0.1, 0.013])) == (-2.0, -1.0)  # whole decades
    assert loss_curve.lr_range(np.log10([0.05, 0.05])) == (-2.0, -1.0)  # a constant rate: its decade
    assert loss_curve.lr_range(np.empty(0)) == (-3.0, 0.0)


def test_the_frame_holds_the_penalty_their_sum_and_the_rate() -> None:
    from visualnet.core.schedules import Schedule

    s = Session()
    p = LossCurvePresenter(s)
    s.step(10)
    assert "penalty" not in p.legend_rows() and p.legend_rows(lr=True)[-1] == "lr"
    s.configure(penalty="l1", penalty_rate=0.02)
    s.set_schedule(Schedule("exponential", factor=0.5))
    s.step(40)
    h = s.history
    rows = p.legend_rows(lr=True)
    assert rows[:3] == ("train", "penalty", "total")
    frame = p.frame(False, rows)
    np.testing.assert_array_equal(frame.losses["penalty"][1], h.penalty)
    np.testing.assert_array_equal(frame.losses["total"][1], h.train_loss + h.penalty)
    np.testing.assert_allclose(10 ** frame.lr[1], h.lr, rtol=1e-12)
    # the L1 penalty: λ · Σ|W| over the weight matrices
    W = [v for k, v in s.model.params.items() if k.startswith("W")]
    assert h.penalty[-1] == pytest.approx(0.02 * sum(float(np.abs(w).sum()) for w in W))
    assert frame.extent is not None and frame.extent[2] >= float((h.train_loss + h.penalty).max())
    hidden = p.frame(False, p.legend_rows())  # the rate not shown: nothing of it in the frame
    assert len(hidden.lr[0]) == 0


def test_the_penalty_readout_on_a_log_axis_is_the_newest_record_even_when_zero() -> None:
    session = Session()
    session.configure(penalty="l2", penalty_rate=0.01)
    session.step(20)
    session.configure(penalty="none")
    session.step(20)
    presenter = LossCurvePresenter(session)
    rows = (*presenter.legend_rows(), "penalty", "total")
    frame = presenter.frame(log=True, rows=rows)
    x, y = frame.series["penalty"]
    assert x[-1] == 40 and y[-1] == 0.0  # not the last nonzero value, at iteration 20
    drawn_x, _ = frame.losses["penalty"]
    assert drawn_x.max() <= 20  # a zero has no logarithm: not drawn


def test_the_previous_runs_name_shows_inputs_and_initialisation_as_words() -> None:
    from visualnet.presenters.loss_curve import previous_name

    assert previous_name({"features": ("x1", "x2", "x1sq")}) == "previous run (inputs x₁, x₂, x₁²)"
    assert previous_name({"init": "zeros"}) == "previous run (init zeros)"
    assert previous_name({"init": "he"}) == "previous run (init He)"
    assert previous_name({"init": 0.5}) == "previous run (init σ = 0.5)"


def test_a_readout_group_does_not_break_between_chinese_characters() -> None:
    from visualnet.presenters.loss_curve import unbreakable

    assert unbreakable("训练") == "训\u2060练"  # a word joiner: no line break inside the name
    assert unbreakable("惩罚项 0.0154") == "惩\u2060罚\u2060项&nbsp;0.0154"
    assert unbreakable("train loss 0.5") == "train&nbsp;loss&nbsp;0.5"  # English: only the spaces
