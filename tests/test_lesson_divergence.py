"""After a divergence the weights from before the loss began to blow up come back, so a lower learning
rate carries on training (issue 15: the last finite weights were often already huge and saturated)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from visualnet.core import data, optimizers
from visualnet.core.data import regression_curve
from visualnet.core.mlp import MLP
from visualnet.core.training import RISE_FACTOR, Snapshots, Trainer
from visualnet.session import Config, Session

pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")


def test_snapshots_go_back_to_before_the_rise():
    snaps = Snapshots(size=4)
    for i, loss in enumerate([1.0, 0.5, 0.4, 0.45, 0.9, 5.0]):
        snaps.add(np.full(2, float(i)), loss)
    # the newest with a loss within RISE_FACTOR of the lowest (0.4): 0.45, the fourth
    np.testing.assert_array_equal(snaps.before_the_rise(), [3.0, 3.0])
    snaps.add(np.full(2, 6.0), 9.0)
    snaps.add(np.full(2, 7.0), float("nan"))  # never kept
    snaps.add(np.full(2, 8.0), 20.0)
    # the ring no longer holds one near the lowest: the best of the run comes back
    np.testing.assert_array_equal(snaps.before_the_rise(), [2.0, 2.0])
    snaps.clear()
    assert snaps.before_the_rise() is None


def _diverging_trainer() -> Trainer:
    d = regression_curve("poly", n=40, seed=0)
    model = MLP([1, 8, 1], activation="relu", task="regression", seed=0)
    tr = Trainer(model, optimizers.get("SGD", lr=50.0), d.inputs(), d.targets(), batch_size=8)
    tr.max_records_per_call = None  # every iteration recorded: the test sees every snapshot
    return tr


def _flat(tr: Trainer) -> np.ndarray:
    return np.concatenate([p.ravel() for p in tr.model.params.values()])


def test_divergence_restores_the_weights_from_before_the_blow_up():
    tr = _diverging_trainer()
    seen: list[tuple[np.ndarray, float]] = [(_flat(tr), tr.evaluate().train_loss)]
    for _ in range(1000):
        r = tr.step(1)
        if r.diverged:
            break
        seen.append((_flat(tr), tr.evaluate().train_loss))
    else:
        pytest.fail("lr=50 never diverged")
    lowest = min(loss for _, loss in seen)
    expected = next(flat for flat, loss in reversed(seen[-16:]) if loss <= RISE_FACTOR * lowest)
    np.testing.assert_array_equal(_flat(tr), expected)
    assert tr.evaluate().train_loss <= RISE_FACTOR * lowest < seen[-1][1]
    # refused until cleared; then a smaller rate trains on and improves on the restored weights
    assert tr.step(5).iterations_done == 0
    restored = tr.evaluate().train_loss
    tr.clear_divergence()
    tr.optimizer.lr = 0.01
    assert tr.step(200).iterations_done == 200 and tr.diverged is None
    assert tr.evaluate().train_loss < restored


def test_new_points_forget_the_old_losses():
    tr = _diverging_trainer()
    tr.optimizer.lr = 0.01
    tr.step(20)
    d = regression_curve("sine", n=30, seed=1)
    tr.set_data(d.inputs(), d.targets())  # the snapshots' losses were measured on other points
    before = _flat(tr)
    tr.optimizer.lr = 1e9  # past ±1e6 in one step
    assert tr.step(1).diverged
    np.testing.assert_array_equal(_flat(tr), before)  # the last finite weights: nothing older compares


def test_a_session_recovers_from_too_large_a_learning_rate():
    s = Session(data.PRESETS["Sine"].make(seed=0), Config(hidden=(8, 8), activation="tanh", lr=0.05))
    s.step(300)
    good = s.trainer.evaluate().train_loss
    s.set_learning_rate(3.0)
    report = None
    for _ in range(20):
        report = s.step(5)
        if report and report.diverged:
            break
    assert report and report.diverged
    # not the last finite weights (±1e4, every tanh saturated) but those of a loss near the best
    assert max(float(np.abs(v).max()) for v in s.model.params.values()) < 10
    assert s.trainer.evaluate().train_loss <= RISE_FACTOR * good
    s.set_learning_rate(0.05)
    s.step(300)
    assert s.trainer.evaluate().train_loss < good


def test_the_snapshots_cost_no_record_of_their_own():
    s = Session(data.PRESETS["Moons"].make(seed=0), dataclasses.replace(Config(), lr=0.1))
    s.step(100)
    assert len(s.trainer.snapshots._ring) <= 16 and s.trainer.snapshots.best is not None
