"""The network race without Qt: same start, same batches, exact Trainer runs, divergence, the plane."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet import netrace
from visualnet.core import landscape, optimizers
from visualnet.core.data import MiniBatchIterator
from visualnet.core.race import Entry
from visualnet.core.training import Trainer
from visualnet.netrace import DEFAULT_ON, NetworkRace, Racer, clone_model
from visualnet.presenters.loss_surface import surface_sample
from visualnet.session import ROLE_TEST, ROLE_TRAIN, ROLE_VAL, Config, Session

HYPER = {"Momentum": {"momentum": 0.8}, "Nesterov": {"momentum": 0.7}, "RMSprop": {"decay_rate": 0.95},
         "Adam": {"beta1": 0.85, "beta2": 0.99}}
LRS = {"SGD": 0.2, "Momentum": 0.05, "Nesterov": 0.03, "AdaGrad": 0.1, "RMSprop": 0.01, "Adam": 0.02}


def all_six() -> list[Entry]:
    return [Entry(name, LRS[name], HYPER.get(name, {})) for name in optimizers.NAMES]


def split_arrays(s: Session) -> tuple[np.ndarray | None, ...]:
    """(X, t) of the training, validation and test points of a session (None for an empty set)."""
    X, t = s.dataset.inputs(), s.dataset.targets()
    out: list[np.ndarray | None] = []
    for role in (ROLE_TRAIN, ROLE_VAL, ROLE_TEST):
        idx = s.indices(role)
        out += [X[idx], t[idx]] if len(idx) else [None, None]
    return tuple(out)


def snapshot(s: Session) -> tuple[dict[str, np.ndarray], int, int]:
    return s.model.copy_params(), s.trainer.iteration, len(s.history)


def test_defaults_are_the_books_four_with_network_learning_rates() -> None:
    race = NetworkRace(Session())
    assert [r.name for r in race.racers] == list(optimizers.NAMES)
    assert [r.name for r in race.active] == list(DEFAULT_ON)
    assert race.racer("adam").optimizer.lr == 0.01
    assert race.start == "initial"


def test_every_racer_starts_from_the_sessions_initial_weights_and_sees_the_same_batches() -> None:
    s = Session(config=Config(batch_size=16, seed=3))
    s.step(25)  # the session has moved on; the race still starts from its initial weights
    race = NetworkRace(s, all_six())
    for r in race.racers:
        for k, v in s.initial_params.items():
            np.testing.assert_array_equal(r.model.params[k], v)
            assert r.model.params[k] is not s.model.params[k]
    # the same batch sequence, drawn independently: the session's split, batch size and seed
    Xtr, *_ = split_arrays(s)
    batches = MiniBatchIterator(len(Xtr), 16, 3)
    for _ in range(12):  # more than one epoch of 160 points
        race.step(1)
        expected = batches.next_batch()
        for r in race.racers:
            np.testing.assert_array_equal(r.trainer.last_batch, expected)


def test_the_sgd_racers_first_step_is_one_gradient_step_of_the_session_model() -> None:
    s = Session(config=Config(batch_size=8, seed=5))
    race = NetworkRace(s, [Entry("SGD", 0.3), Entry("Adam", 0.01)])
    Xtr, ttr, *_ = split_arrays(s)
    batch = MiniBatchIterator(len(Xtr), 8, 5).next_batch()
    # an independent copy of the session's network computes the gradient on that batch
    probe = clone_model(s.model, s.initial_params)
    grads = probe.gradient(Xtr[batch], ttr[batch])
    race.step(1)
    sgd = race.racer("SGD")
    for k, v in s.initial_params.items():
        np.testing.assert_allclose(sgd.model.params[k], v - 0.3 * grads[k], rtol=0, atol=1e-15)
    assert not np.array_equal(race.racer("Adam").model.params["W1"], sgd.model.params["W1"])


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_a_racer_reproduces_a_standalone_trainer_run_exactly(name: str) -> None:
    s = Session(config=Config(batch_size=12, seed=1, split=(6, 2, 2)))
    race = NetworkRace(s, all_six())
    model = clone_model(s.model, s.initial_params)
    opt = optimizers.get(name, lr=LRS[name], **HYPER.get(name, {}))
    ref = Trainer(model, opt, *split_arrays(s), batch_size=12, seed=1)
    for n in (1, 1, 5, 17, 3, 40):  # as a panel would call it: a few iterations per frame
        race.step(n)
        ref.step(n)
    r = race.racer(name)
    assert r.iteration == ref.iteration == 67
    for k in model.params:
        np.testing.assert_array_equal(r.model.params[k], model.params[k])
    assert np.isfinite(r.history.val_loss).all() and np.isfinite(r.history.test_loss).all()
    for col in ("train_loss", "train_acc", "val_loss", "val_acc", "test_loss", "test_acc", "batch_loss"):
        np.testing.assert_array_equal(r.history.column(col), ref.history.column(col))
    np.testing.assert_array_equal(r.history.iteration, ref.history.iteration)
    np.testing.assert_array_equal(r.history.params_array(), ref.history.params_array())


def test_the_race_never_touches_the_session() -> None:
    s = Session()
    s.step(10)
    before = snapshot(s)
    race = NetworkRace(s, all_six())
    race.step(30)
    race.set_lr("SGD", 0.5)
    race.plane()
    after = snapshot(s)
    for k, v in before[0].items():
        np.testing.assert_array_equal(after[0][k], v)
    assert after[1:] == before[1:]
    assert s.optimizer.lr == s.config.lr


def test_a_diverging_racer_is_cut_and_marked_while_the_others_go_on() -> None:
    s = Session(config=Config(activation="relu"))
    race = NetworkRace(s, [Entry("SGD", 1000.0), Entry("Momentum", 0.05), Entry("Adam", 0.01)])
    seen: list[tuple[str, str]] = []
    race.events.connect("diverged", lambda name, message: seen.append((name, message)))
    for _ in range(20):
        race.step(1)
    sgd = race.racer("SGD")
    assert sgd.diverged and sgd.state == "diverged"
    assert sgd.diverged_at == sgd.iteration + 1 and sgd.iteration < 20
    assert [n for n, _ in seen] == ["SGD"] and f"iteration {sgd.diverged_at}" in seen[0][1]
    assert all(np.isfinite(v).all() for v in sgd.model.params.values())  # the last finite weights
    for other in ("Momentum", "Adam"):
        assert race.racer(other).iteration == 20 and race.racer(other).state == "running"
    stopped_at = sgd.iteration
    race.step(5)
    assert sgd.iteration == stopped_at  # it takes no more steps
    # nothing handed to a plot holds NaN or infinity
    for r in race.racers:
        assert np.isfinite(r.path()).all()
        for col in ("train_loss", "train_acc", "val_loss"):
            assert all(np.isfinite(a).all() for a in r.curve(col))
    plane = race.plane()
    coords = race.project(plane)
    assert all(np.isfinite(c).all() for c in coords.values())
    grid = np.linspace(-2, 2, 9)
    assert np.isfinite(race.surface(plane, grid, grid)).all()
    race.reset()  # Reset brings it back
    assert not sgd.diverged and sgd.iteration == 0


def test_learning_rate_and_hyper_parameters_change_mid_run_without_a_reset() -> None:
    s = Session()
    race = NetworkRace(s, all_six())
    twin = NetworkRace(s, all_six(), follow=False)  # the same race, changed at the same moment
    race.step(10)
    twin.step(10)
    w = race.racer("Momentum").model.copy_params()
    records = len(race.racer("Momentum").history)
    race.set_lr("Momentum", 0.01)
    race.set_hyper("Momentum", momentum=0.5)
    assert race.iteration == 10 and len(race.racer("Momentum").history) == records
    for k, v in w.items():
        np.testing.assert_array_equal(race.racer("Momentum").model.params[k], v)
    # the next steps use the new values, from the same weights and the same momentum buffer
    opt = twin.racer("Momentum").optimizer
    opt.lr, opt.momentum = 0.01, 0.5
    race.step(3)
    twin.step(3)
    for k in w:
        np.testing.assert_array_equal(race.racer("Momentum").model.params[k],
                                      twin.racer("Momentum").model.params[k])
    with pytest.raises(ValueError):
        race.set_lr("SGD", float("nan"))
    with pytest.raises(KeyError):
        race.set_hyper("SGD", momentum=0.9)


def test_a_racer_brought_in_late_catches_up_exactly() -> None:
    s = Session()
    race = NetworkRace(s, all_six())
    race.set_active("Nesterov", False)
    race.step(7)
    race.step(8)
    assert race.racer("Nesterov").iteration == 0
    race.set_active("Nesterov", True)
    assert race.racer("Nesterov").state == "catching up"
    assert race.catch_up() == 15  # no budget: all the way at once
    ref = NetworkRace(s, all_six(), follow=False)
    ref.step(15)
    assert race.racer("Nesterov").iteration == 15 and race.racer("Nesterov").state == "running"
    for k, v in ref.racer("Nesterov").model.params.items():
        np.testing.assert_array_equal(race.racer("Nesterov").model.params[k], v)


def one_go(s: Session, name: str, iterations: int, entries: list[Entry]) -> Racer:
    """A racer caught up as before issue 12: one call of `iterations`, recording every grid point."""
    r = NetworkRace(s, entries, follow=False).racer(name)
    assert r.trainer is not None
    r.trainer.max_records_per_call = None
    r.step(iterations)
    return r


def assert_same_run(a: Racer, b: Racer) -> None:
    """The same weights, batches, history (every record, every column, every path point) and fate."""
    assert a.iteration == b.iteration and a.diverged_at == b.diverged_at and a.message == b.message
    for k, v in b.model.params.items():
        np.testing.assert_array_equal(a.model.params[k], v)
    ha, hb = a.history, b.history
    np.testing.assert_array_equal(ha.iteration, hb.iteration)
    for column in ha.COLUMNS:
        np.testing.assert_array_equal(ha.column(column), hb.column(column))
    np.testing.assert_array_equal(ha.params, hb.params)
    np.testing.assert_array_equal(ha.epoch_marks, hb.epoch_marks)
    np.testing.assert_array_equal(a.trainer.last_batch, b.trainer.last_batch)


@pytest.mark.parametrize(("iterations", "lr", "first_slice", "budget"),
                         [(9_000, 0.02, 16, 0.002), (6_000, 0.02, 7, 0.0), (12_000, 0.02, 3, 0.0),
                          (300, 18.0, 2, 0.0)])
def test_a_catch_up_in_timed_slices_is_the_catch_up_in_one_go(monkeypatch, iterations, lr, first_slice,
                                                             budget) -> None:
    # issue 12, case 10: re-enabling trains in slices of a time budget, never in one blocking call;
    # the slices must give the very numbers of one call. The history thins on the way (stride 1 to
    # 2 to 4); slices of 7 are cut back to its grid points; slices of 3, shorter than a stride of 4,
    # end between them (placeholders the next record replaces); lr 18 diverges at iteration 7, in
    # the fourth slice of 2 (a zero budget: one slice per call)
    monkeypatch.setattr(netrace, "CATCH_UP_SLICE", first_slice)
    s = Session(config=Config(seed=5))
    entries = [Entry("SGD", 0.1), Entry("Momentum", lr, {"momentum": 0.8})]
    race = NetworkRace(s, entries, follow=False)
    race.set_active("Momentum", False)
    race.step(iterations)
    race.set_active("Momentum", True)
    assert race.step(5) == 0 and race.iteration == iterations  # the race waits for the one behind
    diverged: list[str] = []
    race.events.connect("diverged", lambda name, _message: diverged.append(name))
    calls = 0
    while race.catching_up:
        race.catch_up(budget)
        calls += 1
    assert calls > 3  # it really came in slices
    racer = race.racer("Momentum")
    assert_same_run(racer, one_go(s, "Momentum", iterations, entries))
    assert racer.diverged == (lr > 1) and diverged == (["Momentum"] if lr > 1 else [])
    assert racer.state == ("diverged" if lr > 1 else "running")
    assert race.step(1) == 1  # level again: the race goes on


def test_a_racer_caught_up_draws_the_same_batches_as_the_others_from_then_on() -> None:
    s = Session(config=Config(batch_size=8, seed=2))
    race = NetworkRace(s, all_six(), follow=False)
    race.set_active("RMSprop", False)
    race.step(333)
    race.set_active("RMSprop", True)
    while race.catching_up:
        race.catch_up(0.001)
    for _ in range(3):
        race.step(1)
        batches = {tuple(r.trainer.last_batch) for r in race.active}
        assert len(batches) == 1  # one mini-batch, the same for every racer


def test_the_race_restarts_when_the_data_or_the_network_change() -> None:
    s = Session()
    race = NetworkRace(s)
    restarts: list[int] = []
    race.events.connect("restarted", lambda: restarts.append(race.iteration))
    race.step(5)
    s.add_point((0.1, 0.2), 1)
    assert restarts and race.iteration == 0
    assert all(len(r.trainer.X_train) + len(r.trainer.X_test) == len(s.dataset) for r in race.racers)
    race.step(5)
    n = len(restarts)
    s.set_learning_rate(0.3)  # the session's own learning rate is nothing the race copies
    assert len(restarts) == n and race.iteration == 5
    s.configure(batch_size=4)
    assert len(restarts) > n and all(r.trainer.batch_size == 4 for r in race.racers)
    s.configure(hidden=(4,))
    assert all(r.model.sizes == [2, 4, 2] for r in race.racers)
    for k, v in s.initial_params.items():
        np.testing.assert_array_equal(race.racers[0].model.params[k], v)
    race.unfollow()
    race.step(2)
    s.add_point((0.3, 0.2), 0)
    assert race.iteration == 2


def test_the_race_can_start_from_the_current_weights() -> None:
    s = Session()
    s.step(40)
    race = NetworkRace(s, all_six(), start="current")
    for r in race.racers:
        for k, v in s.model.params.items():
            np.testing.assert_array_equal(r.model.params[k], v)
    race.set_start("initial")
    np.testing.assert_array_equal(race.racers[0].model.params["W1"], s.initial_params["W1"])
    with pytest.raises(ValueError):
        race.set_start("halfway")


def test_no_race_without_training_data() -> None:
    s = Session()
    s.remove_points(range(len(s.dataset)))
    race = NetworkRace(s)
    assert race.problem and race.step(3) == 0 and race.iteration == 0
    plane = race.plane()
    grid = np.linspace(-1, 1, 5)
    assert np.isfinite(race.surface(plane, grid, grid)).all()


def test_the_plane_passes_through_the_start_with_orthonormal_axes() -> None:
    s = Session()
    race = NetworkRace(s, all_six())
    plane = race.plane()  # no step yet: random directions stand in
    assert plane.kind == "random"
    race.step(30)
    plane = race.plane()
    assert plane.kind == "pca" and plane.explained[0] >= plane.explained[1] > 0
    np.testing.assert_array_equal(landscape.flatten(plane.center), race.start_vector)
    basis = np.stack([landscape.flatten(plane.d1), landscape.flatten(plane.d2)], axis=1)
    np.testing.assert_allclose(basis.T @ basis, np.eye(2), atol=1e-12)
    coords = race.project(plane)
    for r in race.racers:  # the fast projection is landscape's least squares
        np.testing.assert_allclose(coords[r.name], landscape.project(r.path(), plane), atol=1e-10)
        np.testing.assert_allclose(coords[r.name][0], [0.0, 0.0], atol=1e-12)
    # the axes keep their orientation from one plane to the next
    race.step(1)
    again = race.plane()
    assert landscape.flatten(again.d1) @ basis[:, 0] > 0.9
    assert landscape.flatten(again.d2) @ basis[:, 1] > 0


def test_the_plane_reproduces_paths_that_span_two_directions_exactly() -> None:
    s = Session()
    race = NetworkRace(s, [Entry("SGD", 0.1)])
    race.step(2)  # start + two steps: the displacements span (at most) two directions
    plane = race.plane()
    path = race.racers[0].path()
    coords = race.project(plane)["SGD"]
    rebuilt = np.array([landscape.flatten(plane.point(a, b)) for a, b in coords])
    np.testing.assert_allclose(rebuilt, path, atol=1e-12)
    assert plane.explained[0] + plane.explained[1] == pytest.approx(1.0)


def test_the_surface_equals_the_loss_at_each_plane_point() -> None:
    s = Session()
    race = NetworkRace(s, all_six())
    race.step(20)
    plane = race.plane()
    alphas, betas = np.linspace(-1, 2, 4), np.linspace(-0.5, 0.5, 3)
    Z = race.surface(plane, alphas, betas)
    X, t = surface_sample(s)
    probe = clone_model(s.model)
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            probe.set_params(plane.point(a, b))
            # the MLP computes loss planes in float32 by default: ~1e-6 relative to its float64 loss
            assert Z[i, j] == pytest.approx(probe.loss(X, t), rel=1e-5)


def test_projecting_growing_paths_again_matches_a_fresh_projection() -> None:
    s = Session()
    race = NetworkRace(s, all_six())
    race.step(10)
    plane = race.plane()
    for n in (1, 3, 7, 1, 40):  # records are appended, and an off-grid newest record is replaced
        race.step(n)
        coords = race.project(plane)
        for r in race.racers:
            np.testing.assert_allclose(coords[r.name], landscape.project(r.path(), plane), atol=1e-10)


def test_a_lazy_race_waits_for_its_next_use() -> None:
    s = Session()
    race = NetworkRace(s)
    race.lazy = True
    race.step(4)
    s.add_point((0.2, 0.1), 0)
    assert race.stale and race.iteration == 4  # nothing rebuilt yet
    race.step(1)  # a step first catches up: a restart on the new data, then the step
    assert not race.stale and race.iteration == 1
    assert all(len(r.trainer.X_train) + len(r.trainer.X_test) == len(s.dataset) for r in race.racers)


def test_a_network_too_large_to_record_its_path_is_drawn_from_the_start_to_now() -> None:
    s = Session(config=Config(hidden=(64, 64)))  # ~4,500 parameters: the history keeps no path
    race = NetworkRace(s, all_six())
    race.step(3)
    for r in race.racers:
        assert r.history.params is None
        path = r.path()
        np.testing.assert_array_equal(path[0], race.start_vector)
        np.testing.assert_array_equal(path[-1], landscape.flatten(r.model.params))
    coords = race.project(race.plane())
    assert all(c.shape == (2, 2) and np.isfinite(c).all() for c in coords.values())


def test_the_perceptron_races_too() -> None:
    s = Session.from_preset("AND", config=Config(model="Perceptron"))
    race = NetworkRace(s, [Entry("SGD", 0.1), Entry("Adam", 0.1)])
    still = race.plane()  # zero weights: no weight matrix to normalise random directions by
    assert still.kind == "axes" and np.isfinite(landscape.flatten(still.d1)).all()
    race.step(5)
    assert race.plane().kind == "pca"
    assert all(r.iteration == 5 for r in race.racers)
