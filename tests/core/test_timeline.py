"""The timeline keeps every recent step, thins old ones within its budget; snapshots restore runs exactly."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import MLP, data, optimizers
from visualnet.core.timeline import Snapshot, Timeline
from visualnet.core.training import Trainer


def snap(i: int, size: int = 4) -> Snapshot:
    return Snapshot(i, np.full(size, float(i)), ("SGD", (), None, ()), None, 0.0, 8 * size + 400)


def test_recent_iterations_are_all_kept_and_old_ones_on_a_doubling_grid() -> None:
    tl = Timeline(budget=10**9, dense=64)
    for i in range(5000):
        tl.add(snap(i))
    its = tl.iterations
    now = 4999
    assert np.array_equal(its[-64:], np.arange(now - 63, now + 1))  # the newest 64, one by one
    assert its[0] == 0 and np.all(np.diff(its) > 0)
    age = now - its
    for a, i in zip(age, its, strict=True):  # each kept one sits on its age's grid
        if a >= 64:
            level = int(np.floor(np.log2(a / 64))) + 1
            assert i % 2**level == 0 or i == 0
    # and nothing on that grid is missing (with the grid of the age it has, allowing for the
    # one-step lag of deeper levels: checked at multiples of 2**level only)
    assert len(tl) < 64 + 32 * (np.log2(5000 / 64) + 2)
    assert len(tl) > 64 + 32 * (np.log2(5000 / 64) - 1)


def test_budget_halves_the_dense_stretch() -> None:
    tl = Timeline(budget=500 * (8 * 4 + 400), dense=1024)  # 1,024 recent ones would not fit
    for i in range(20000):
        tl.add(snap(i))
    assert tl.nbytes <= tl.budget
    assert tl.dense < 1024
    assert tl.iterations[0] == 0 and tl.iterations[-1] == 19999


def test_nearest_cut_and_put_back() -> None:
    tl = Timeline(budget=10**9, dense=16)
    for i in range(200):
        tl.add(snap(i))
    kept = tl.iterations
    j = np.searchsorted(kept, 50)
    asked = 50
    got = tl.nearest(asked)
    assert got is not None
    assert abs(got.iteration - asked) == min(abs(kept - asked))
    assert kept[j - 1] <= got.iteration <= kept[j]
    before = tl.iterations.copy()
    dropped = tl.cut_after(120)
    assert tl.iterations[-1] <= 120 and all(s.iteration > 120 for s in dropped)
    tl.add(snap(121))  # a new branch
    tl.put_back(dropped)  # the undo drops it again
    assert np.array_equal(tl.iterations, before)


def test_adding_at_an_earlier_iteration_replaces_the_later_ones() -> None:
    tl = Timeline(budget=10**9, dense=16)
    for i in range(30):
        tl.add(snap(i))
    tl.add(snap(10))
    assert tl.iterations[-1] == 10 and tl.latest is not None and tl.latest.iteration == 10


@pytest.mark.parametrize("optimizer", ["SGD", "Momentum", "Adam"])
def test_a_snapshot_restores_a_run_exactly(optimizer: str) -> None:
    ds = data.PRESETS["Moons"].make(120, seed=3)

    def trainer() -> Trainer:
        model = MLP([2, 6, 2], activation="tanh", seed=1)
        return Trainer(model, optimizers.get(optimizer, lr=0.05), ds.inputs(), ds.targets(), batch_size=7,
                       seed=2)

    first = trainer()
    first.step(60)
    at_60 = first.model.params["W1"].copy()
    first.step(140)
    rewound = first.rewind(60)
    assert first.iteration == 60
    assert np.array_equal(first.model.params["W1"], at_60)
    first.step(140)  # the same batches, the same optimizer state: the same 200th iteration
    straight = trainer()
    straight.step(200)
    for key in straight.model.params:
        np.testing.assert_array_equal(first.model.params[key], straight.model.params[key])
    assert first.history.iteration[-1] == 200
    first.undo_rewind(rewound)
    for key in straight.model.params:
        np.testing.assert_array_equal(first.model.params[key], straight.model.params[key])


def test_history_cut_and_put_back_round_trip() -> None:
    ds = data.PRESETS["Moons"].make(60, seed=3)
    tr = Trainer(MLP([2, 4, 2], seed=1), optimizers.get("SGD", lr=0.1), ds.inputs(), ds.targets(),
                 batch_size=6)
    tr.step(100)
    h = tr.history
    iteration, loss, marks = h.iteration.copy(), h.train_loss.copy(), h.epoch_marks.copy()
    tail = h.cut_after(40)
    assert h.iteration[-1] <= 40 and (len(h.epoch_marks) == 0 or h.epoch_marks[-1] <= 40)
    h.put_back(tail)
    assert np.array_equal(h.iteration, iteration) and np.array_equal(h.train_loss, loss)
    assert np.array_equal(h.epoch_marks, marks)


def test_locked_parameters_keep_their_values() -> None:
    ds = data.PRESETS["Moons"].make(60, seed=3)
    tr = Trainer(MLP([2, 4, 2], seed=1), optimizers.get("Adam", lr=0.05), ds.inputs(), ds.targets(),
                 batch_size=6)
    W1 = tr.model.params["W1"]
    before = W1.copy()
    tr.set_locks({"W1": np.array([0, 5])})
    tr.step(100)
    assert W1.reshape(-1)[0] == before.reshape(-1)[0] and W1.reshape(-1)[5] == before.reshape(-1)[5]
    free = np.delete(np.arange(W1.size), [0, 5])
    assert np.all(W1.reshape(-1)[free] != before.reshape(-1)[free])
