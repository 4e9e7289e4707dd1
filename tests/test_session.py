"""The app state without Qt: edits, split roles, settings that do or do not reset, events."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import data, grids
from visualnet.session import ROLE_TRAIN, Config, Session


def recorder(session: Session) -> list[str]:
    """A list that collects the names of the events the session emits."""
    seen: list[str] = []
    for name in session.events.names:
        session.events.connect(name, lambda *a, n=name: seen.append(n))
    return seen


def test_learning_rate_change_keeps_weights_and_history():
    s = Session()
    s.step(30)
    w = {k: v.copy() for k, v in s.model.params.items()}
    s.set_learning_rate(0.5)
    assert s.optimizer.lr == 0.5
    assert s.trainer.iteration == 30
    for k in w:
        np.testing.assert_array_equal(w[k], s.model.params[k])
    with pytest.raises(ValueError):
        s.set_learning_rate(-1.0)


def test_architecture_change_resets_and_says_so():
    s = Session()
    s.step(10)
    seen = recorder(s)
    assert s.configure(hidden=(4,)) is True
    assert "model_reset" in seen
    assert s.model.sizes == [2, 4, 2]
    assert s.trainer.iteration == 0
    assert s.configure(optimizer="Adam") is False
    assert type(s.optimizer).__name__ == "Adam"


def test_optimizer_change_keeps_weights():
    s = Session()
    s.step(10)
    w = s.model.params["W1"].copy()
    s.configure(optimizer="Momentum", lr=0.05)
    np.testing.assert_array_equal(w, s.model.params["W1"])
    assert s.optimizer.lr == 0.05
    s.step(1)
    assert s.trainer.iteration == 11


def test_edits_keep_roles_aligned_and_model_trainable():
    s = Session()
    n = len(s.dataset)
    i = s.add_point((0.1, 0.2), label=1)
    assert i == n and len(s.roles) == n + 1
    assert s.dataset.y[-1] == 1
    s.move_points([0], np.array([[0.5, -0.5]]))
    assert tuple(s.dataset.X[0]) == (0.5, -0.5)
    X, y, roles = s.remove_points([0, 3])
    assert len(s.dataset) == n - 1 and len(s.roles) == n - 1
    s.insert_points([0, 3], X, y, roles)
    assert len(s.dataset) == n + 1
    np.testing.assert_array_equal(s.dataset.X[0], X[0])
    assert s.step(3) is not None


def test_new_points_follow_the_split_ratio():
    s = Session(data.Dataset(np.empty((0, 2)), np.empty(0, np.int64), n_classes=2),
                Config(split=(6, 2, 2)))
    rng = np.random.default_rng(0)
    for _ in range(100):
        s.add_point(tuple(rng.uniform(-1, 1, 2)), label=int(rng.integers(2)))
    assert s.role_counts() == (60, 20, 20)


def test_a_new_class_grows_the_output_layer():
    s = Session()
    assert s.model.sizes[-1] == 2
    seen = recorder(s)
    s.add_point((0.0, 0.0), label=2)
    assert s.model.sizes[-1] == 3
    assert "model_reset" in seen


def test_training_problems_are_plain_words():
    empty = Session(data.Dataset(np.empty((0, 2)), np.empty(0, np.int64), n_classes=2))
    assert "add some points" in empty.training_problem()
    assert empty.step(5) is None
    one_class = Session(data.Dataset(np.random.default_rng(0).normal(size=(10, 2)),
                                     np.zeros(10, np.int64), n_classes=2))
    assert "second class" in one_class.training_problem()
    s = Session()
    s.add_point((0, 0), label=2)
    s.configure(model="Perceptron")
    assert "two classes" in s.training_problem()


def test_divergence_is_reported_once_and_weights_stay_finite():
    s = Session(config=Config(lr=1e3, optimizer="SGD", activation="relu"))
    messages: list[str] = []
    s.events.connect("diverged", messages.append)
    for _ in range(200):
        s.step(10)
        if messages:
            break
    assert messages and "iteration" in messages[0]
    assert all(np.all(np.isfinite(v)) for v in s.model.params.values())


def test_perceptron_on_a_gate():
    s = Session.from_preset("AND", Config(model="Perceptron", lr=0.1, batch_size=1))
    assert s.surface_params == (("w", 0), ("w", 1))
    s.step(200)
    X, t = s.dataset.inputs(), s.dataset.targets()
    train = s.indices(ROLE_TRAIN)
    assert s.model.accuracy(X[train], t[train]) == 1.0


def test_a_saved_session_restores_data_settings_and_weights(tmp_path):
    from visualnet import files

    s = Session.from_preset("Moons", Config(hidden=(5, 3), optimizer="Adam", lr=0.01, split=(6, 2, 2)))
    s.step(25)
    path = tmp_path / "lesson.json"
    files.save_session(path, s.to_document(preset="Moons"))
    t = Session()
    t.apply_document(files.load_session(path))
    assert t.dataset.same_as(s.dataset)
    np.testing.assert_array_equal(t.roles, s.roles)
    assert t.config == s.config
    for k, v in s.model.params.items():
        np.testing.assert_array_equal(t.model.params[k], v)
    X, y = s.dataset.inputs(), s.dataset.targets()
    assert t.model.loss(X, y) == s.model.loss(X, y)


def test_weights_that_do_not_fit_change_nothing():
    from visualnet import files

    s = Session()
    s.step(10)
    doc = s.to_document()
    doc.weights = {"W1": np.zeros((2, 3)), "b1": np.zeros(3)}
    before = s.dataset.copy(), s.model.params["W1"].copy()
    with pytest.raises(ValueError, match="do not fit"):
        s.apply_document(files.SessionDocument(doc.dataset, doc.roles, {"hidden": [4]}, doc.weights))
    assert s.dataset.same_as(before[0])
    np.testing.assert_array_equal(s.model.params["W1"], before[1])
    assert s.trainer.iteration == 10


def test_a_perceptron_never_meets_regression_data():
    s = Session.from_preset("Sine")
    with pytest.raises(ValueError, match="classifies"):
        s.configure(model="Perceptron")
    assert s.config.model == "MLP"
    c = Session.from_preset("AND", Config(model="Perceptron"))
    c.set_dataset(data.PRESETS["Sine"].make(seed=0))
    assert c.config.model == "MLP" and c.model.sizes[0] == 1
    assert c.step(5) is not None


def test_new_data_before_training_starts_like_a_fresh_run():
    moons = data.PRESETS["Moons"].make(n=120, seed=0)
    edited = Session()
    edited.set_dataset(moons.copy())  # a preset chosen before pressing play
    fresh = Session(moons.copy())
    edited.step(40)
    fresh.step(40)
    for k, v in fresh.model.params.items():
        np.testing.assert_array_equal(edited.model.params[k], v)


@pytest.mark.parametrize("optimizer", ["SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam"])
@pytest.mark.parametrize("activation", ["relu", "leaky_relu", "sigmoid", "tanh", "identity", "step"])
@pytest.mark.parametrize("preset", ["Moons", "Sine"])
def test_any_combination_at_an_absurd_learning_rate_stays_finite(optimizer, activation, preset):
    s = Session.from_preset(preset, Config(optimizer=optimizer, activation=activation, lr=10.0,
                                           hidden=(8, 8), batch_size=5))
    messages: list[str] = []
    s.events.connect("diverged", messages.append)
    for _ in range(30):
        s.step(10)
        if messages:
            break
    assert all(np.all(np.isfinite(v)) for v in s.model.params.values())
    X, t = s.dataset.inputs(), s.dataset.targets()
    assert np.isfinite(s.model.loss(X, t))
    if messages:
        assert "iteration" in messages[0] and "smaller learning rate" in messages[0]
        assert s.step(1).iterations_done == 0  # paused until the learner changes something


# ------------------------------------------------------------------- the metrics of this moment

def test_current_metrics_follow_an_edit_while_paused():
    s = Session.from_preset("XOR clouds", n=200, seed=0)
    s.step(400)
    X, t = s.trainer.X_train, s.trainer.t_train
    m = s.current_metrics()
    assert m.loss_kind == "cross_entropy" and m.n_train == len(X)
    assert m.loss == pytest.approx(s.model.loss(X, t), rel=1e-12)
    assert m.accuracy == s.model.accuracy(X, t)
    # training points of the wrong class right where the network is sure: no step is taken, yet
    # the metrics are those of the new points at the same weights (the history still says before)
    before = s.history.train_acc[-1]
    proba = grids.decision_field(s.model, (-2, 2), (-2, 2), 9).reshape(-1, 2)
    sure = np.argmax(proba[:, 1])
    xy = np.array(np.unravel_index(sure, (9, 9))[::-1]) * 0.5 - 2.0  # (x, y) of that grid node
    for _ in range(12):
        i = s.add_point(tuple(xy), label=0)
        s.roles[i] = ROLE_TRAIN
    s.set_dataset(s.dataset, s.roles)  # the roles above made official
    assert s.trainer.iteration == 400 and s.history.train_acc[-1] == before
    X, t = s.trainer.X_train, s.trainer.t_train
    m = s.current_metrics()
    assert m.n_train == len(X)
    assert m.accuracy == pytest.approx(s.model.accuracy(X, t), abs=0) and m.accuracy < before
    assert m.misclassified == int(np.sum(s.model.predict(X) != t)) >= 12
    assert m.loss == pytest.approx(s.model.loss(X, t), rel=1e-12)


def test_current_metrics_are_cached_until_weights_or_data_change(monkeypatch):
    s = Session.from_preset("Moons", n=100, seed=0)
    s.step(5)
    calls = []
    real = s.model.scores
    monkeypatch.setattr(s.model, "scores", lambda X: calls.append(len(X)) or real(X))
    first = s.current_metrics()
    s.current_metrics()
    assert calls == []  # the step measured these weights already
    s.model.params["b1"][0] += 0.5  # new weights (as an optimizer changes them, in place)
    assert s.current_metrics() != first and len(calls) >= 1
    n = len(calls)
    s.current_metrics()
    assert len(calls) == n
    s.move_points([0], [[5.0, 5.0]])  # new data
    s.current_metrics()
    assert len(calls) > n


def test_current_metrics_name_the_perceptron_criterion_and_count_mistakes():
    s = Session.from_preset("AND", config=Config(model="Perceptron"))
    s.model.params["w"][:] = (1.0, 1.0)
    s.model.params["b"][:] = -1.0  # (1, 0) and (0, 1) lie on the line: step 0; (1, 1) fires
    m = s.current_metrics()
    assert m.loss_kind == "perceptron_criterion"
    assert (m.misclassified, m.n_train, m.accuracy) == (0, 4, 1.0)
    s.model.params["b"][:] = -1.5  # (1, 1) at a = 0.5 still fires; now move it onto the line
    s.move_points([3], [[0.75, 0.75]])
    m = s.current_metrics()
    # the criterion is 0 (a = 0 on the line) though that point is misclassified
    assert m.loss == 0.0 and m.misclassified == 1 and m.accuracy == 0.75
    regression = Session.from_preset("Sine")
    r = regression.current_metrics()
    assert r.loss_kind == "squared_error" and np.isnan(r.accuracy) and r.misclassified == 0


def test_a_frame_records_the_loss_once_and_counts_every_iteration():
    # a window's frame is one step() call: its loss history samples what a frame can draw (one
    # record, measured over every training point), while every iteration is trained and counted
    s = Session(data.PRESETS["XOR clouds"].make(n=2_000, seed=0), Config(batch_size=10, split=(6, 2, 2)))
    s.record_each_call_once()  # as the window does
    assert len(s.history) == 1  # the start
    for frame in range(1, 6):
        report = s.step(20 + frame)
        assert report is not None and report.iterations_done == 20 + frame
        assert len(s.history) == 1 + frame
    h = s.history
    np.testing.assert_array_equal(h.iteration, [0, 21, 43, 66, 90, 115])
    assert s.trainer.iteration == 115
    # each record holds every set's figures: validation and test are measured once a frame too
    assert np.isfinite(h.val_loss).all() and np.isfinite(h.test_acc).all()
    assert h.train_loss[-1] == pytest.approx(s.trainer.evaluate().train_loss, rel=1e-12)


def test_a_scripts_long_call_still_records_a_curve_and_the_setting_survives_new_weights():
    s = Session.from_preset("XOR clouds")
    s.step(200)
    assert len(s.history) >= 3  # the start, inside the call, its end
    s.record_each_call_once()
    s.reset_weights()  # a new trainer keeps the window's choice
    s.step(200)
    assert len(s.history) == 2


def test_a_step_announced_later_emits_its_events_then():
    s = Session()
    seen = recorder(s)
    report = s.step(5, announce=False)
    assert report is not None and report.iterations_done == 5 and s.trainer.iteration == 5
    assert seen == []  # trained, not said yet (a window at "max" says it in its next frame)
    s.announce(report)
    assert seen == ["stepped"]


def test_an_announced_divergence_comes_after_its_step():
    s = Session(config=Config(lr=1e3, optimizer="SGD", activation="relu"))
    seen = recorder(s)
    for _ in range(200):
        report = s.step(10, announce=False)
        assert report is not None
        if report.diverged:
            break
    assert report.diverged and seen == []
    s.announce(report)
    assert seen == ["stepped", "diverged"]
