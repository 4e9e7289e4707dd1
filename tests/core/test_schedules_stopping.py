"""Learning-rate schedules and stop conditions, against the formulas and in a training run."""

from __future__ import annotations

import math

import numpy as np
import pytest

from visualnet.core import MLP, data, optimizers
from visualnet.core.schedules import Schedule
from visualnet.core.stopping import Stopper, StopRule
from visualnet.core.training import Trainer


@pytest.mark.parametrize(("schedule", "epoch", "expected"), [
    (Schedule("constant"), 7.3, 0.1),
    (Schedule("step", factor=0.5, every=10), 9.99, 0.1),
    (Schedule("step", factor=0.5, every=10), 10.0, 0.05),
    (Schedule("step", factor=0.5, every=10), 25.0, 0.025),
    (Schedule("exponential", factor=0.9), 3.0, 0.1 * 0.9**3),
    (Schedule("exponential", factor=0.9), 2.5, 0.1 * 0.9**2.5),
    (Schedule("cosine", every=20, floor=0.1), 0.0, 0.1),
    (Schedule("cosine", every=20, floor=0.1), 10.0, 0.01 + 0.09 * 0.5),
    (Schedule("cosine", every=20, floor=0.1), 20.0, 0.01),
    (Schedule("cosine", every=20, floor=0.1), 35.0, 0.01),
])
def test_schedule_values(schedule: Schedule, epoch: float, expected: float) -> None:
    assert schedule.rate(0.1, epoch) == pytest.approx(expected, rel=1e-12)


def test_bad_schedules_are_refused() -> None:
    for bad in (dict(kind="linear"), dict(kind="step", factor=0.0), dict(kind="cosine", every=0),
                dict(kind="cosine", floor=2.0)):
        with pytest.raises(ValueError):
            Schedule(**bad)


def trainer(optimizer: str = "SGD", split: bool = True, lr: float = 0.1) -> Trainer:
    ds = data.PRESETS["Moons"].make(200, noise=0.3, seed=1)
    X, t = ds.inputs(), ds.targets()
    val = slice(150, 200) if split else slice(0, 0)
    return Trainer(MLP([2, 16, 16, 2], activation="tanh", seed=0), optimizers.get(optimizer, lr=lr),
                   X[:150], t[:150], X[val] if split else None, t[val] if split else None,
                   batch_size=10, seed=0)


def test_the_trainer_follows_the_schedule_every_iteration() -> None:
    tr = trainer()
    tr.schedule = Schedule("step", factor=0.5, every=2)  # 15 iterations an epoch
    lrs = []
    for _ in range(75):
        tr.step(1)
        lrs.append(tr.optimizer.lr)
    # iteration k (1-based) starts at epoch (k - 1) / 15: halved after every two epochs
    expected = [0.1 * 0.5 ** math.floor(((k - 1) / 15) / 2) for k in range(1, 76)]
    np.testing.assert_allclose(lrs, expected, rtol=1e-12)
    np.testing.assert_allclose(tr.history.lr[1:], expected, rtol=1e-12)  # recorded with each record


def test_stop_after_epochs_and_iterations_exactly() -> None:
    tr = trainer()
    tr.stopper = Stopper(StopRule(iterations=37))
    tr.stopper.reset()
    report = tr.step(100)
    assert tr.iteration == 37 and report.iterations_done == 37 and report.stopped is not None
    assert tr.history.iteration[-1] == 37
    assert tr.step(5).stopped is None and tr.iteration == 42  # started again, it goes on
    tr2 = trainer()
    tr2.stopper = Stopper(StopRule(epochs=3))
    report = tr2.step(1000)
    assert tr2.epoch == 3 and tr2.iteration == 45 and "3 epochs" in report.stopped


def test_stop_at_a_target_accuracy() -> None:
    tr = trainer(lr=0.3)
    tr.stopper = Stopper(StopRule(target_accuracy=0.85))
    for _ in range(400):
        report = tr.step(5)
        if report.stopped:
            break
    assert report.stopped is not None and tr.history.train_acc[-1] >= 0.85
    assert tr.history.train_acc[-2] < 0.85  # it stopped where it first reached the target


def test_early_stopping_restores_exactly_the_best_weights() -> None:
    tr = trainer("Adam", lr=0.05)
    tr.stopper = Stopper(StopRule(patience=5, restore_best=True))
    best_seen: dict[str, float | np.ndarray] = {"loss": math.inf}
    stopped = None
    while stopped is None and tr.iteration < 30_000:
        before_epoch = tr.epoch
        report = tr.step(1)
        stopped = report.stopped
        if tr.epoch != before_epoch and stopped is None:  # an epoch ended: the validation loss there
            loss = tr.model.loss(tr.X_val, tr.t_val)
            if loss < best_seen["loss"]:
                flat = np.concatenate([p.ravel() for p in tr.model.params.values()])
                best_seen = {"loss": loss, "params": flat}
    assert stopped is not None and "has not improved for 5 epochs" in stopped
    now = np.concatenate([p.ravel() for p in tr.model.params.values()])
    np.testing.assert_array_equal(now, best_seen["params"])
    assert tr.model.loss(tr.X_val, tr.t_val) == pytest.approx(best_seen["loss"], rel=1e-12)
