"""The gradient check's presenter, without Qt: the batch, the blocks on one scale, the schedule, h."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from visualnet.core.functions import numerical_gradient
from visualnet.core.gradient_check import exact_loss
from visualnet.presenters import gradient_check as gcp
from visualnet.session import Config, Session


def independent_relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a − b| / max(|a| + |b|), written out again."""
    return float(np.abs(a - b).max() / (np.abs(a) + np.abs(b)).max())


def test_before_a_step_the_check_runs_on_a_batch_of_points_and_after_on_the_last_batch() -> None:
    session = Session.from_preset("XOR clouds")
    first = gcp.batch_of(session)
    assert first is not None  # a mini-batch's worth: a check costs its time per point
    np.testing.assert_array_equal(first.X, session.trainer.X_train[:session.config.batch_size])
    assert "no step yet" in first.name.text()
    session.step(3)
    batch = gcp.batch_of(session)
    assert batch is not None
    last = session.trainer.last_batch
    np.testing.assert_array_equal(batch.X, session.trainer.X_train[last])
    np.testing.assert_array_equal(batch.t, session.trainer.t_train[last])
    assert batch.name.text() == f"the last mini-batch ({len(last)} points)"


def test_every_number_equals_an_independent_computation() -> None:
    session = Session.from_preset("XOR clouds", Config(activation="tanh", hidden=(5, 4)))
    session.step(4)
    result = gcp.run_check(session)
    assert result is not None
    model = session.model
    last = session.trainer.last_batch
    X, t = session.trainer.X_train[last], session.trainer.t_train[last]
    backprop = model.gradient(X, t)
    numerical = {k: numerical_gradient(lambda _p: exact_loss(model, X, t), p)
                 for k, p in model.params.items()}
    assert [b.key for b in result.blocks] == list(model.params)
    for block in result.blocks:
        a, b = backprop[block.key], numerical[block.key]
        np.testing.assert_array_equal(block.backprop, a.reshape(block.backprop.shape))
        np.testing.assert_array_equal(block.numerical, b.reshape(block.numerical.shape))
        assert block.top == pytest.approx(max(np.abs(a).max(), np.abs(b).max()), rel=1e-6)  # one scale
        assert block.error == pytest.approx(independent_relative_error(a, b), rel=1e-9)
    flat_a = np.concatenate([backprop[k].ravel() for k in model.params])
    flat_b = np.concatenate([numerical[k].ravel() for k in model.params])
    assert result.overall == pytest.approx(independent_relative_error(flat_a, flat_b), rel=1e-9)
    assert result.overall < gcp.AGREE
    start = f"Iteration 4, on the last mini-batch ({len(X)} points): relative error "
    assert result.readout().startswith(start)
    assert "agrees" in result.readout()
    left, right = result.blocks[0].titles()
    assert left.startswith("∂L/∂W1  ±") and right.startswith("error ")


def test_the_perceptron_checks_w_and_b_of_its_criterion() -> None:
    session = Session.from_preset("XOR clouds", Config(model="Perceptron"))
    session.step(2)
    result = gcp.run_check(session)
    assert result is not None and result.perceptron
    assert [b.key for b in result.blocks] == ["w", "b"]
    assert "kink" in result.readout()
    assert gcp.headers(True)[0] == "formula"


def test_the_books_loss_is_checked_on_request() -> None:
    session = Session.from_preset("XOR clouds")
    session.step(2)
    result = gcp.run_check(session, with_delta=True)
    assert result is not None and result.with_delta
    assert "1e-7 / y" in result.readout()


def test_without_training_points_there_is_nothing_to_check() -> None:
    session = Session.from_preset("XOR clouds")
    session.remove_points(np.arange(len(session.dataset)))
    assert gcp.batch_of(session) is None
    assert gcp.run_check(session) is None
    assert gcp.sweep(session).net is None


def test_the_layout_puts_the_two_gradients_of_a_block_side_by_side_without_overlap() -> None:
    shapes = {"W1": (2, 8), "b1": (8,), "W2": (8, 3), "b2": (3,)}
    places, (x0, y0, width, height) = gcp.pair_layout(shapes)
    assert [p.key for p in places] == list(shapes)
    for p in places:
        assert p.x_backprop + p.cols < p.x_numerical  # a gap between the two
        assert x0 <= p.x_backprop and p.x_numerical + p.cols <= x0 + width
        assert y0 < p.y and p.y + p.rows <= y0 + height
    for above, below in itertools.pairwise(places):
        assert above.y + above.rows < below.y  # room for the title between rows


def test_the_schedule_runs_every_n_steps_and_less_often_when_over_budget() -> None:
    schedule = gcp.CheckSchedule(every=5)
    assert not schedule.stepped(4, now=0.0)
    assert schedule.stepped(1, now=0.0)
    schedule.ran(cost=0.001, now=0.0)  # cheap: no wait
    assert not schedule.throttled and schedule.note() == ""
    assert schedule.stepped(5, now=0.0)
    schedule.ran(cost=0.040, now=1.0)  # 40 ms: may use 4 ms of each 16.7 ms frame -> waits 0.167 s
    assert schedule.throttled
    assert schedule.interval_s == pytest.approx(0.040 * (1 / 60) / 0.004)
    assert not schedule.stepped(50, now=1.1)
    assert schedule.stepped(0, now=1.0 + schedule.interval_s)
    assert schedule.note() == ("The check takes 40 ms, over the budget of 4 ms a frame: it runs at most "
                               "every 0.17 s.")


def f(x: float) -> float:
    """The book's function_1, written out again."""
    return 0.01 * x**2 + 0.1 * x


def test_the_h_sweep_gives_0_at_1e_50_as_in_the_book() -> None:
    session = Session.from_preset("XOR clouds")
    session.step(1)
    found = gcp.sweep(session)
    assert found.h[0] == pytest.approx(1e-50) and found.h[-1] == pytest.approx(1e-1)
    # at h = 1e-50 the numerical derivative is exactly 0: the error is the whole derivative
    assert found.f_central[0] == gcp.EXACT_1
    assert found.f_forward[0] == gcp.EXACT_1
    assert found.net is not None and found.net[0] == abs(found.net_exact)
    at_1e_4 = int(np.argmin(np.abs(found.h - 1e-4)))
    assert found.f_central[at_1e_4] < 1e-9 and found.net[at_1e_4] < 1e-6
    # forward difference: the truncation error 0.01·h shows for large h
    assert found.f_forward[-1] == pytest.approx(1e-3, rel=1e-6)
    assert gcp.plotted(np.array([0.0, math.nan, 2.0])).tolist() == [gcp.LOG_FLOOR, gcp.LOG_FLOOR, 2.0]
    text = gcp.sweep_readout(found, 1e-50, session)
    assert text.startswith("h = 1e-50: f'(5) ≈ 0 (central), 0 (forward); exact 0.2. 5 + h == 5 in float64")
    assert "Loss along W1[0, 0]: numerical 0, backprop " in text
    at_1e_12 = gcp.sweep_readout(found, 1e-12, session)
    assert at_1e_12.startswith(f"h = 1e-12: f'(5) ≈ {(f(5 + 1e-12) - f(5 - 1e-12)) / 2e-12:.15g} (central)")
    assert "5 + h == 5" not in at_1e_12


def test_numbers_are_written_as_the_readouts_write_them() -> None:
    assert gcp.sci(0.0) == "0"
    assert gcp.sci(-3.2e-10) == "−3.20e-10"
    assert gcp.sci(0.2) == "0.2"
    assert gcp.h_text(1e-4) == "1e-4" and gcp.h_text(1e-50) == "1e-50"
    assert gcp.h_text(10 ** -4.5) == "3.16e-05"
    assert gcp.digits(-0.2000000000057) == "−0.2000000000057"
    assert gcp.sentences("One.", "", "Two.") == "One. Two."
    assert gcp.sentences("一。", "二。") == "一。二。"


def test_a_regression_network_is_checked_too() -> None:
    session = Session.from_preset("Sine", Config(activation="sigmoid", hidden=(6,)))
    session.step(3)
    result = gcp.run_check(session)
    assert result is not None and not result.perceptron
    assert result.overall < gcp.AGREE
    found = gcp.sweep(session)
    assert found.weight == "W1[0, 0]" and found.net is not None


def test_the_hover_text_reads_both_values_of_a_cell() -> None:
    backprop, numerical = np.array([[0.5, -0.25, 0.0]]), np.array([[0.5, -0.2500001, 0.0]])
    block = gcp.Block("b2", (3,), backprop, numerical, 0.5, 1e-7)
    assert block.hover_text(0, 1) == "b2[1]: backpropagation −0.25, numerical −0.25, difference 1.00e-07"


def test_the_loss_is_swept_along_the_loss_surfaces_first_parameter() -> None:
    session = Session.from_preset("XOR clouds")
    session.step(2)
    session.set_surface_params(("W2", 13), ("W1", 0))
    assert gcp.swept_weight(session) == ("W2", 13)
    found = gcp.sweep(session)
    assert found.weight == "W2[1, 5]"  # W2 is 8×8: flat index 13 is row 1, column 5
    model, batch = session.model, gcp.batch_of(session)
    assert batch is not None
    assert found.net_exact == model.gradient(batch.X, batch.t)["W2"][1, 5]


def test_a_kink_on_the_batch_is_named_instead_of_a_wrong_gradient() -> None:
    """ReLU units that are off on a point pass exactly 0 on (biases start at 0): the central difference
    straddles the kink there. The readout says so rather than calling backpropagation wrong."""
    from visualnet.core import data

    X = np.array([[0.0, 0.0], [1.0, 0.5], [-0.5, 1.0], [0.3, -0.8]] * 3)
    y = np.array([0, 1, 1, 0] * 3)
    session = Session(data.Dataset(X, y, "classification", 2))
    result = gcp.run_check(session)
    assert result is not None
    model = session.model
    assert result.kinks == gcp.kinks_near(model, session.trainer.X_train[:10], 1e-4) > 0
    z = session.trainer.X_train[:10] @ model.params["W1"] + model.params["b1"]
    assert result.kinks >= int(np.count_nonzero(np.abs(z) < 1e-4))  # the first layer's alone (the origin)
    assert result.overall >= gcp.CLOSE  # the kinks spoil the central difference here
    assert "kink at 0" in result.readout() and "disagree" not in result.readout()
    session.configure(activation="tanh")
    assert gcp.kinks_near(session.model, X, 1e-4) == 0  # tanh has no kink
