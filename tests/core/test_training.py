"""History (bounded, thinned evenly) and Trainer (steps, recording, divergence, data changes)."""

from __future__ import annotations

import re

import numpy as np
import pytest

from visualnet.core import optimizers
from visualnet.core.data import blobs, logic_gate, moons, regression_curve, split_indices
from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron
from visualnet.core.training import FLAT_KEY, RISE_FACTOR, History, Metrics, Trainer

# numpy floating-point warnings (overflow on the way to a divergence) must not escape
pytestmark = pytest.mark.filterwarnings("error")

DIVERGED = re.compile(
    r"^the (loss exploded|weights grew beyond ±1e6) at iteration (\d+): try a smaller learning rate$"
)


def _metrics(v: float) -> Metrics:
    return Metrics(v, v, v, v, v, v)


def _trainer(n=200, sizes=(2, 8, 2), lr=0.3, opt="SGD", batch=16, seed=0, **kw) -> Trainer:
    d = blobs(n=n, seed=seed)
    model = MLP(list(sizes), activation="relu", task="classification", seed=seed)
    return Trainer(model, optimizers.get(opt, lr=lr), d.inputs(), d.targets(), batch_size=batch,
                   seed=seed, **kw)


# ---------------------------------------------------------------------------------------------- History

def test_history_stays_bounded_over_100k_iterations_and_keeps_first_and_last():
    h = History({"W": (2, 3), "b": (3,)}, max_records=500)
    h.record(0, 0.0, _metrics(0.0), 0.0, np.zeros(9))
    for i in range(1, 100_001):
        # the trainer records on the grid and the last iteration of every step() call: here every one
        h.record(i, i / 10, _metrics(float(i)), -float(i), np.full(9, float(i)))
        assert len(h) <= 500
    it = h.iteration
    assert it[0] == 0 and it[-1] == 100_000
    assert np.all(np.diff(it) > 0)
    # all records but the newest sit on the (doubled) grid, evenly spaced
    assert h.stride == 256  # 500 records cover 100k iterations at stride 2^8 = 256 (391 points)
    assert np.all(it[:-1] % h.stride == 0)
    np.testing.assert_array_equal(np.diff(it[:-1]), h.stride)
    # every column stayed aligned with its iteration through all the thinning
    np.testing.assert_array_equal(h.train_loss, it)
    np.testing.assert_array_equal(h.test_acc, it)
    np.testing.assert_array_equal(h.batch_loss[1:], -it[1:])
    np.testing.assert_array_equal(h.epoch, it / 10)
    np.testing.assert_array_equal(h.params, np.repeat(it[:, None], 9, axis=1))


def test_history_tail_is_replaced_and_grid_records_kept():
    h = History({"w": (2,)}, max_records=100, base_stride=4)
    for i in range(0, 11):
        h.record(i, 0.0, _metrics(i), params=np.zeros(2))
    # 0, 4, 8 on the grid and 10, the newest, as the tail
    np.testing.assert_array_equal(h.iteration, [0, 4, 8, 10])
    h.record(10, 0.0, _metrics(99.0))  # the same iteration again replaces it
    np.testing.assert_array_equal(h.iteration, [0, 4, 8, 10])
    assert h.train_loss[-1] == 99.0
    h.clear()
    assert len(h) == 0 and h.stride == 4 and len(h.epoch_marks) == 0


def test_history_views_are_cheap_and_unflatten():
    h = History({"W1": (2, 3), "b1": (3,), "W2": (3, 1)})
    assert h.param_keys == ("W1", "b1", "W2") and h.param_size == 12
    assert [h.flat_offset(k) for k in h.param_keys] == [0, 6, 9]
    assert h.flat_index("W2", 2) == 11
    v = np.arange(12.0)
    parts = h.unflatten(v)
    np.testing.assert_array_equal(parts["W1"], [[0, 1, 2], [3, 4, 5]])
    np.testing.assert_array_equal(parts["W2"], [[9], [10], [11]])
    h.record(0, 0.0, _metrics(1.0), params=v)
    assert np.shares_memory(h.train_loss, h.train_loss)  # a view of the buffer, not a new list
    assert h.train_loss.base is not None
    np.testing.assert_array_equal(h.params_array(), [v])


def test_history_skips_parameters_over_budget():
    h = History({"W": (64, 64)}, max_records=5000)
    assert h.params is None
    assert h.params_array().shape == (0, 4096)
    h.record(0, 0.0, _metrics(1.0), params=np.zeros(4096))
    assert len(h) == 1


def test_epoch_marks_bounded():
    h = History({}, max_records=50)
    for e in range(1, 10_001):
        h.mark_epoch(3 * e, e)
        assert len(h.epoch_marks) <= 50
    assert np.all(h.epoch_mark_numbers % h.mark_stride == 0)
    np.testing.assert_array_equal(h.epoch_marks, 3 * h.epoch_mark_numbers)
    assert h.epoch_mark_numbers[-1] > 9_000


# ---------------------------------------------------------------------------------------------- Trainer

def test_trainer_lowers_the_loss_on_blobs():
    tr = _trainer(lr=0.3)
    first = tr.history.train_loss[0]
    report = tr.step(300)
    assert report.iterations_done == 300 and report.diverged is None
    assert tr.iteration == 300 and tr.epoch == 300 // 13  # 200 points = 12 batches of 16 + one of 8
    last = tr.history.train_loss[-1]
    assert last < 0.25 * first
    assert tr.history.train_acc[-1] >= 0.97
    # the recorded loss is the model's loss on the whole training set at that moment
    assert last == pytest.approx(tr.model.loss(tr.X_train, tr.t_train), rel=1e-12)


def test_records_every_iteration_then_metrics_match():
    d = moons(n=50, seed=1)
    s = split_indices(50, "6:2:2", seed=1)
    X, t = d.inputs(), d.targets()
    model = MLP([2, 6, 2], activation="tanh", task="classification", seed=1)
    tr = Trainer(model, optimizers.get("SGD", lr=0.1), X[s.train], t[s.train], X[s.val], t[s.val],
                 X[s.test], t[s.test], batch_size=8)
    tr.max_records_per_call = None  # record every iteration, however many one call runs
    for _ in range(5):
        tr.step(1)
        assert tr.history.val_loss[-1] == pytest.approx(model.loss(X[s.val], t[s.val]), rel=1e-12)
        assert tr.history.test_acc[-1] == model.accuracy(X[s.test], t[s.test])
    tr.step(7)
    h = tr.history
    np.testing.assert_array_equal(h.iteration, np.arange(13))
    assert np.isnan(h.batch_loss[0]) and np.isfinite(h.batch_loss[1:]).all()
    np.testing.assert_array_equal(h.params[-1], np.concatenate([p.ravel() for p in model.params.values()]))
    # 30 training points, batch 8 -> an epoch is 4 iterations
    np.testing.assert_array_equal(h.epoch_marks, [4, 8, 12])
    np.testing.assert_allclose(h.epoch[[4, 6]], [1.0, 1 + 16 / 30])  # 16 of 30 points into epoch 2


def test_no_validation_set_gives_nan_columns():
    tr = _trainer(n=40)
    tr.step(3)
    assert np.isnan(tr.history.val_loss).all() and np.isnan(tr.history.test_acc).all()


def test_record_every_records_grid_and_last_iteration():
    tr = _trainer(record_every=4)
    tr.step(10)
    np.testing.assert_array_equal(tr.history.iteration, [0, 4, 8, 10])
    tr.step(1)
    np.testing.assert_array_equal(tr.history.iteration, [0, 4, 8, 11])
    tr.step(1)
    np.testing.assert_array_equal(tr.history.iteration, [0, 4, 8, 12])


def test_a_long_call_records_a_few_grid_points_and_its_last():
    tr = _trainer()
    tr.max_records_per_call = 4
    tr.step(100)  # 100 // 16 = 6 > 4, 100 // 32 = 3: every 32nd iteration, and the last
    np.testing.assert_array_equal(tr.history.iteration, [0, 32, 64, 96, 100])
    tr.max_records_per_call = None
    tr.step(5)
    np.testing.assert_array_equal(tr.history.iteration, [0, 32, 64, 96, 100, 101, 102, 103, 104, 105])
    tr.max_records_per_call = 2  # the default
    tr.step(95)  # 95 // 32 = 2: every 32nd (128, 160, 192) and the last (200)
    np.testing.assert_array_equal(tr.history.iteration[-5:], [105, 128, 160, 192, 200])


def test_a_call_that_records_only_its_last_iteration_still_counts_every_one():
    tr = _trainer(record_every=4)
    tr.max_records_per_call = 0  # the session's: one record a frame, whatever its iterations
    report = tr.step(100)
    assert report.iterations_done == 100 and tr.iteration == 100
    np.testing.assert_array_equal(tr.history.iteration, [0, 100])  # 100 is on the grid of 4
    assert tr.history.train_loss[-1] == pytest.approx(tr.model.loss(tr.X_train, tr.t_train), rel=1e-12)
    tr.step(7)  # 107 is off the grid: the newest record, replaced by the next one
    np.testing.assert_array_equal(tr.history.iteration, [0, 100, 107])
    tr.step(5)
    np.testing.assert_array_equal(tr.history.iteration, [0, 100, 112])
    every = _trainer(record_every=4)
    every.max_records_per_call = None
    for n in (100, 7, 5):
        every.step(n)
    # recording less trains the same: the same iterations, batches and weights
    assert every.epoch_float == tr.epoch_float and len(every.history) == 1 + 112 // 4
    for key, value in every.model.params.items():
        np.testing.assert_array_equal(tr.model.params[key], value)
    # the record's own time is reported apart from the iterations' (a cost per call, for a clock)
    assert 0 < report.record_seconds < report.seconds


def test_a_call_without_records_reports_no_record_time():
    tr = _trainer()
    tr.max_records_per_call = 4
    report = tr.step(100)  # records at 32, 64, 96 and 100
    assert len(tr.history) == 5 and 0 < report.record_seconds < report.seconds
    assert tr.step(0).record_seconds == 0.0


def test_same_seed_same_run():
    a, b = _trainer(seed=3), _trainer(seed=3)
    ra, rb = a.step(25), b.step(25)
    np.testing.assert_array_equal(ra.batch, rb.batch)
    for k in a.model.params:
        np.testing.assert_array_equal(a.model.params[k], b.model.params[k])


def test_report_carries_batch_and_grads():
    tr = _trainer(n=10, batch=4)
    r = tr.step(1)
    assert len(r.batch) == 4 and r.grads is tr.last_grads
    assert set(r.grads) == set(tr.model.params)
    for k, g in r.grads.items():
        assert g.shape == tr.model.params[k].shape


def test_batch_larger_than_the_set_is_the_whole_set():
    tr = _trainer(n=12, batch=1000)
    r = tr.step(2)
    np.testing.assert_array_equal(np.sort(r.batch), np.arange(12))
    assert tr.epoch == 2


def test_empty_training_set_does_nothing():
    model = MLP([2, 4, 2], activation="relu", task="classification", seed=0)
    before = {k: v.copy() for k, v in model.params.items()}
    tr = Trainer(model, optimizers.get("SGD", lr=0.1), np.zeros((0, 2)), np.zeros(0, dtype=np.int64))
    r = tr.step(5)
    assert r.iterations_done == 0 and r.message == "no training points" and r.diverged is None
    assert tr.iteration == 0 and np.isnan(tr.history.train_loss[0])
    for k in before:
        np.testing.assert_array_equal(model.params[k], before[k])


def test_set_data_keeps_weights_and_optimizer_state():
    tr = _trainer(n=100, opt="Momentum", lr=0.1)
    tr.step(20)
    params = {k: v for k, v in tr.model.params.items()}
    values = {k: v.copy() for k, v in params.items()}
    # an MLP's parameters reach the optimizer as one vector, under FLAT_KEY
    velocity = tr.optimizer.state["v"][FLAT_KEY].copy()
    assert velocity.size == tr.model.param_count and velocity.any()
    d = blobs(n=30, seed=9)
    tr.set_data(d.inputs(), d.targets())
    for k in params:
        assert tr.model.params[k] is params[k]
        np.testing.assert_array_equal(tr.model.params[k], values[k])
    np.testing.assert_array_equal(tr.optimizer.state["v"][FLAT_KEY], velocity)
    assert tr.iteration == 20 and tr.batches.n == 30
    assert tr.evaluate().train_loss == pytest.approx(tr.model.loss(d.inputs(), d.targets()))
    r = tr.step(2)
    assert r.iterations_done == 2 and r.batch.max() < 30


def test_regression_trains_and_has_no_accuracy():
    d = regression_curve("sine", n=40, seed=0)
    model = MLP([1, 16, 1], activation="tanh", task="regression", seed=0)
    tr = Trainer(model, optimizers.get("Adam", lr=0.02), d.inputs(), d.targets(), batch_size=8)
    tr.step(400)
    assert tr.history.train_loss[-1] < 0.3 * tr.history.train_loss[0]
    assert np.isnan(tr.history.train_acc).all()


def _diverging_trainer() -> Trainer:
    d = regression_curve("poly", n=40, seed=0)
    model = MLP([1, 8, 1], activation="relu", task="regression", seed=0)
    return Trainer(model, optimizers.get("SGD", lr=50.0), d.inputs(), d.targets(), batch_size=8)


def test_divergence_restores_the_parameters_from_before_the_blow_up():
    tr = _diverging_trainer()
    losses = [tr.evaluate().train_loss]
    for _ in range(1000):
        it_before = tr.iteration
        r = tr.step(1)
        if r.diverged:
            break
        losses.append(tr.evaluate().train_loss)
    else:
        pytest.fail("lr=50 never diverged")
    # the weights of a loss still near the run's lowest (tests/test_lesson_divergence.py: which one)
    assert tr.evaluate().train_loss <= RISE_FACTOR * min(losses)
    before = {k: v.copy() for k, v in tr.model.params.items()}
    m = DIVERGED.match(r.diverged)
    assert m, r.diverged
    assert int(m.group(2)) == it_before + 1 and tr.iteration == it_before
    assert r.iterations_done == 0 and tr.diverged == r.diverged
    for k in before:
        assert np.isfinite(tr.model.params[k]).all()
        np.testing.assert_array_equal(tr.model.params[k], before[k])
    # refused until cleared
    r2 = tr.step(10)
    assert r2.iterations_done == 0 and r2.diverged == r.diverged
    for k in before:
        np.testing.assert_array_equal(tr.model.params[k], before[k])
    assert tr.iteration == it_before
    # a smaller learning rate trains on from the restored weights
    tr.clear_divergence()
    tr.optimizer.lr = 1e-3
    assert tr.step(5).iterations_done == 5 and tr.diverged is None


def test_divergence_inside_a_multi_step_call():
    tr = _diverging_trainer()
    tr.max_records_per_call = None
    r = tr.step(1000)
    assert r.diverged and 0 < r.iterations_done < 1000
    assert tr.iteration == r.iterations_done
    # every iteration was recorded (record_every=1), so the last record holds the restored weights
    assert tr.history.iteration[-1] == tr.iteration
    np.testing.assert_array_equal(
        tr.history.params[-1], np.concatenate([p.ravel() for p in tr.model.params.values()])
    )
    assert np.isfinite(tr.history.train_loss).all()
    tr.reset()
    assert tr.diverged is None and tr.iteration == 0 and len(tr.history) == 1


def test_huge_weights_count_as_divergence():
    tr = _trainer(n=40)
    tr.model.params["W1"][0, 0] = 9e5
    tr.optimizer.lr = 1e4  # the next update pushes a weight past 1e6 while the loss stays finite
    r = tr.step(50)
    assert r.diverged is not None and DIVERGED.match(r.diverged)
    assert max(np.abs(p).max() for p in tr.model.params.values()) <= 1e6


def test_trainer_teaches_a_perceptron_the_and_gate():
    d = logic_gate("AND")
    model = Perceptron()
    tr = Trainer(model, optimizers.get("SGD", lr=0.1), d.inputs(), d.targets(), batch_size=1)
    tr.step(200)
    assert tr.history.train_acc[-1] == 1.0 and tr.history.train_loss[-1] == 0.0
    np.testing.assert_array_equal(model.predict(d.X), [0, 0, 0, 1])


def test_reset_repeats_the_run():
    tr = _trainer(seed=4)
    start = {k: v.copy() for k, v in tr.model.params.items()}
    first = tr.step(30).batch.copy()
    loss = tr.history.train_loss[-1]
    tr.model.set_params(start)
    tr.reset()
    assert tr.iteration == 0 and tr.epoch == 0 and len(tr.history) == 1
    np.testing.assert_array_equal(tr.step(30).batch, first)
    assert tr.history.train_loss[-1] == loss


def test_non_contiguous_parameters_are_tracked_too():
    a, b = _trainer(seed=5, sizes=(2, 6, 2)), _trainer(seed=5, sizes=(2, 6, 2))
    b.model.params["W1"] = np.asfortranarray(b.model.params["W1"])  # ravel() of it is a copy
    b.reset()
    a.step(20)
    b.step(20)
    for k in a.model.params:
        np.testing.assert_allclose(b.model.params[k], a.model.params[k], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(b.history.params[-1], a.history.params[-1], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("activation", ["relu", "tanh", "sigmoid"])
def test_evaluate_agrees_exactly_with_the_models_loss_and_accuracy(activation):
    # evaluate() takes loss and accuracy from one forward pass: the same numbers as two calls
    ds = moons(300, noise=0.2, seed=1)
    X, y = ds.X, ds.y
    model = MLP([2, 8, 8, 2], activation=activation, seed=2)
    trainer = Trainer(model, optimizers.get("SGD", lr=0.1), X[:200], y[:200], X[200:250], y[200:250],
                      X[250:], y[250:], batch_size=10)
    trainer.step(7)
    m = trainer.evaluate()
    for (Xs, ys), (loss, acc) in zip(((X[:200], y[:200]), (X[200:250], y[200:250]), (X[250:], y[250:])),
                                     ((m.train_loss, m.train_acc), (m.val_loss, m.val_acc),
                                      (m.test_loss, m.test_acc)), strict=True):
        assert loss == model.loss(Xs, ys)
        assert acc == model.accuracy(Xs, ys)


def test_a_deadline_ends_the_call_with_the_iteration_under_way_and_records_it():
    import time

    trainer = _trainer()
    report = trainer.step(500, deadline=time.perf_counter() - 1.0)  # already passed: one iteration
    assert report.iterations_done == 1 and trainer.iteration == 1
    assert trainer.history.iteration[-1] == 1  # recorded, as a call's last iteration always is
    report = trainer.step(50, deadline=time.perf_counter() + 60.0)  # far off: every iteration runs
    assert report.iterations_done == 50 and trainer.iteration == 51
    assert trainer.history.iteration[-1] == 51


def test_a_deadline_changes_no_number():
    import time

    with_deadline, without = _trainer(), _trainer()
    with_deadline.step(30, deadline=time.perf_counter() + 60.0)
    without.step(30)
    for key, value in without.model.params.items():
        np.testing.assert_array_equal(with_deadline.model.params[key], value)
    np.testing.assert_array_equal(with_deadline.history.train_loss, without.history.train_loss)
