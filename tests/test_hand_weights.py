"""Weights set by hand, locks and the timeline, through the session (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.session import Config, Session
from visualnet.translatable import TranslatableError


def moons(optimizer: str = "SGD") -> Session:
    return Session.from_preset("Moons", Config(hidden=(8, 8), optimizer=optimizer, lr=0.05), n=200)


def test_a_set_weight_is_the_value_typed_and_announced() -> None:
    s = moons()
    heard: list[str] = []
    s.events.connect("weights_changed", lambda: heard.append("w"))
    old = s.model.params["W2"].reshape(-1)[5]
    assert s.set_weight("W2", 5, 1.25) == old
    assert s.model.params["W2"].reshape(-1)[5] == 1.25
    assert heard == ["w"]
    # the loss the readouts show is the new weights' at once, and the history's newest record too
    assert s.current_metrics().loss == pytest.approx(float(s.model.loss(*s.role_arrays()[:2])))
    assert s.history.train_loss[-1] == pytest.approx(s.current_metrics().loss)


@pytest.mark.parametrize("value", [np.nan, np.inf, 2e6])
def test_a_bad_weight_is_refused_and_nothing_changes(value: float) -> None:
    s = moons()
    before = s.model.params["b1"].copy()
    with pytest.raises(TranslatableError):
        s.set_weight("b1", 0, value)
    assert np.array_equal(s.model.params["b1"], before)


def test_locked_weight_stays_for_100_iterations_while_the_rest_change() -> None:
    s = moons("Adam")
    s.set_locked("W1", [3])
    w = s.model.params["W1"].reshape(-1)
    before = w.copy()
    s.step(100)
    assert w[3] == before[3]
    assert np.all(np.delete(w, 3) != np.delete(before, 3))
    assert s.is_locked("W1", 3) and not s.is_locked("W1", 2)
    s.set_weight("W1", 3, 0.5)  # a locked weight set by hand keeps the new value
    s.step(10)
    assert w[3] == 0.5
    s.set_locked("W1", [3], locked=False)
    s.step(10)
    assert w[3] != 0.5


def test_layer_values() -> None:
    s = moons()
    assert np.array_equal(s.layer_values("W2", "zero"), np.zeros((8, 8)))
    a, b = s.layer_values("W2", "random", 1), s.layer_values("W2", "random", 2)
    assert a.shape == (8, 8) and not np.array_equal(a, b)
    assert np.std(a) == pytest.approx(np.sqrt(2 / 8), rel=0.35)  # He for ReLU


def test_scrubbing_shows_the_weights_of_a_run_stopped_there() -> None:
    s = moons("Momentum")
    s.step(300)
    shown = s.show_iteration(120)
    assert shown == 120  # within the newest 4,096: every iteration is kept
    fresh = moons("Momentum")
    fresh.step(120)
    for key, value in fresh.model.params.items():
        np.testing.assert_allclose(s.model.params[key], value, rtol=0, atol=1e-12)
    assert s.shown_iteration == 120
    with pytest.raises(TranslatableError):
        s.set_weight("W1", 0, 1.0)  # an edit needs the present (or a resume) first
    doc = s.to_document()  # a save keeps the present weights
    live = moons("Momentum")
    live.step(300)
    np.testing.assert_array_equal(doc.weights["W1"], live.model.params["W1"])
    s.show_present()
    np.testing.assert_array_equal(s.model.params["W1"], live.model.params["W1"])


def test_resume_from_here_continues_as_a_run_that_never_went_past() -> None:
    s = moons("Adam")
    s.step(250)
    s.show_iteration(90)
    rewound = s.resume_from_shown()
    assert rewound is not None and s.trainer.iteration == 90 and s.shown_iteration is None
    assert s.history.iteration[-1] == 90
    s.step(60)
    straight = moons("Adam")
    straight.step(150)
    for key, value in straight.model.params.items():
        np.testing.assert_array_equal(s.model.params[key], value)
    s.undo_rewind(rewound)  # the run to 250 is back
    longer = moons("Adam")
    longer.step(250)
    assert s.trainer.iteration == 250
    for key, value in longer.model.params.items():
        np.testing.assert_array_equal(s.model.params[key], value)
    np.testing.assert_array_equal(s.history.iteration, longer.history.iteration)


def test_a_step_while_scrubbed_goes_on_from_the_present() -> None:
    s = moons()
    s.step(50)
    s.show_iteration(10)
    s.step(5)
    assert s.shown_iteration is None and s.trainer.iteration == 55
    straight = moons()
    straight.step(55)
    np.testing.assert_array_equal(s.model.params["W3"], straight.model.params["W3"])


def test_best_so_far_is_the_lowest_validation_loss() -> None:
    s = Session.from_preset("Moons", Config(hidden=(8, 8), lr=0.05, split=(6, 2, 2)), n=200)
    for _ in range(80):  # frame by frame, as the window trains: a record after each
        s.step(5)
    h = s.history
    best = s.best_iteration()
    assert h.val_loss[h.iteration == best][0] == np.nanmin(h.val_loss)
    plain = moons()  # no validation set: the training loss
    for _ in range(40):
        plain.step(5)
    h = plain.history
    assert h.train_loss[h.iteration == plain.best_iteration()][0] == np.nanmin(h.train_loss)


def test_a_new_network_shows_the_present() -> None:
    s = moons()
    s.step(40)
    s.show_iteration(5)
    s.configure(hidden=(4,))
    assert s.shown_iteration is None and s.trainer.iteration == 0


def test_the_loss_surface_path_ends_at_the_iteration_shown() -> None:
    from visualnet.presenters.loss_surface import LossSurface

    s = moons()
    for _ in range(30):
        s.step(10)
    surface = LossSurface(s)
    assert len(surface.path()) == len(s.history)
    s.show_iteration(100)
    path = surface.path()
    h = s.history
    assert len(path) == np.count_nonzero(h.iteration <= 100)
    np.testing.assert_array_equal(path[-1], surface.values())  # the record at 100 is the weights shown
    s.show_present()
    assert len(surface.path()) == len(h)


def test_the_loss_readout_tells_the_weights_shown() -> None:
    from visualnet.presenters.loss_curve import LossCurvePresenter

    s = Session.from_preset("Moons", Config(hidden=(8, 8), lr=0.05, split=(6, 2, 2)), n=200)
    for _ in range(30):
        s.step(10)
    s.show_iteration(123)  # no record at 123: the readout measures the weights shown
    presenter = LossCurvePresenter(s)
    series = presenter.frame(False, presenter.legend_rows()).series
    X, t, Xv, tv, _, _ = s.role_arrays()
    assert series["train"][0][-1] == 123
    assert series["train"][1][-1] == pytest.approx(float(s.model.loss(X, t)), rel=1e-12)
    assert series["val"][1][-1] == pytest.approx(float(s.model.loss(Xv, tv)), rel=1e-12)


def test_going_back_after_a_change_of_optimizer_starts_it_afresh() -> None:
    s = moons("Momentum")
    s.step(100)
    s.configure(optimizer="Adam")
    s.step(20)
    s.show_iteration(40)
    s.resume_from_shown()
    assert s.optimizer.state == {} and getattr(s.optimizer, "iter", 0) == 0  # Momentum's v is not Adam's
    report = s.step(50)
    assert report is not None and report.diverged is None


def test_going_back_resets_early_stopping_and_the_scheduled_rate() -> None:
    from visualnet.core.schedules import Schedule
    from visualnet.core.stopping import StopRule

    s = Session.from_preset("Moons", Config(hidden=(8,), lr=0.2, split=(6, 2, 2)), n=200)
    s.set_schedule(Schedule("step", factor=0.1, every=1))
    s.set_stop_rule(StopRule(patience=3, restore_best=True))
    s.step(300)
    s.show_iteration(5)
    s.resume_from_shown()
    assert s.optimizer.lr == pytest.approx(0.2)  # epoch 0.4: the rate of that point of the run
    stopper = s.trainer.stopper
    assert stopper is not None and stopper.best_iteration == -1  # nothing of the dropped run
