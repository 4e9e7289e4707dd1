"""The hidden-space view with real clicks: the points and the warped grid are the chosen neurons' activations,
"Next pair" cycles, the layer combo box chooses, training moves the drawing, and models without a hidden
space say why."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton

from visualnet.app.bridge import SessionBridge
from visualnet.app.views.hidden_space_view import HiddenSpaceView
from visualnet.core.data import Dataset
from visualnet.presenters import dataset as dataset_present
from visualnet.presenters import hidden_space as present
from visualnet.session import ROLE_TEST, Session

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def view(qtbot) -> HiddenSpaceView:
    """The view alone, on a tanh network [2, 5, 3, 2] and 30 points of two classes, shown at 500 × 420."""
    session = Session()
    session.configure(hidden=(5, 3), activation="tanh")
    rng = np.random.default_rng(4)
    X = rng.uniform(-1, 1, (30, 2))
    session.set_dataset(Dataset(X, (X[:, 0] * X[:, 1] > 0).astype(int)))
    bridge = SessionBridge(session)
    w = HiddenSpaceView(session, bridge)
    w.bridge = bridge  # kept alive with the view
    w.clock = lambda: 0.0  # every update free: none is put off, whatever the machine's load
    qtbot.addWidget(w)
    w.resize(500, 420)
    w.show()
    qtbot.waitExposed(w)
    return w


def by_hand(session: Session, X: np.ndarray, layers: int) -> np.ndarray:
    """The activations of hidden layer `layers` (1: h1): tanh(X W1 + b1), tanh(· W2 + b2), ..."""
    x = X
    for i in range(1, layers + 1):
        x = np.tanh(x @ session.model.params[f"W{i}"] + session.model.params[f"b{i}"])
    return x


def drawn_points(view: HiddenSpaceView) -> np.ndarray:
    data = view.points.data
    return np.column_stack([data["x"], data["y"]])


def test_points_and_grid_are_the_pairs_activations(view: HiddenSpaceView) -> None:
    s = view.session
    np.testing.assert_allclose(drawn_points(view), by_hand(s, s.dataset.X, 1)[:, [0, 1]], rtol=1e-12)
    # the grid: straight lines of the plane the data view fits, bent by h1
    (x0, x1), (y0, _) = dataset_present.fit_range(s.dataset.X)
    gx, gy = view.grid.getData()
    first = np.column_stack([np.linspace(x0, x1, 40), np.full(40, y0)])  # the bottom line
    bottom = np.column_stack([gx[:40], gy[:40]])
    np.testing.assert_allclose(bottom, by_hand(s, first, 1)[:, [0, 1]], rtol=1e-12)
    assert np.isnan(gx[40]) and len(gx) == 30 * 41
    assert view.findChild(QLabel, "hiddenSpacePair").text() == "h1[0] vs h1[1]"
    # the class colours and role symbols of the data view
    np.testing.assert_array_equal(view._spots._which, dataset_present.style_numbers(s))
    test_symbol = {view._spots.styles[k][0] for k in dataset_present.style_numbers(s)[s.roles == ROLE_TEST]}
    assert test_symbol <= {"s"}


def test_next_pair_cycles_through_the_layers_pairs(qtbot, view: HiddenSpaceView) -> None:
    s = view.session
    button = view.findChild(QPushButton, "hiddenSpaceNext")
    label = view.findChild(QLabel, "hiddenSpacePair")
    seen = []
    for _ in range(11):  # h1 has 5 neurons: 10 pairs, then the first again
        qtbot.mouseClick(button, LEFT)
        seen.append(view.pair)
    assert seen[:4] == [(0, 2), (0, 3), (0, 4), (1, 2)]
    assert seen[8:] == [(3, 4), (0, 1), (0, 2)]
    assert label.text() == "h1[0] vs h1[2]"
    np.testing.assert_allclose(drawn_points(view), by_hand(s, s.dataset.X, 1)[:, [0, 2]], rtol=1e-12)
    assert view.plot.getPlotItem().getAxis("left").labelText == "h1[2]"


def test_the_layer_combo_chooses_the_layer(qtbot, view: HiddenSpaceView) -> None:
    s = view.session
    combo = view.findChild(QComboBox, "hiddenSpaceLayer")
    assert [combo.itemText(i) for i in range(combo.count())] == ["h1 (5)", "h2 (3)"]
    qtbot.mouseClick(view.findChild(QPushButton, "hiddenSpaceNext"), LEFT)
    combo.setCurrentIndex(1)  # as a choice in its list does
    assert view.layer == 1 and view.pair == (0, 1)
    np.testing.assert_allclose(drawn_points(view), by_hand(s, s.dataset.X, 2)[:, [0, 1]], rtol=1e-12)
    for _ in range(3):
        qtbot.mouseClick(view.findChild(QPushButton, "hiddenSpaceNext"), LEFT)
    assert view.pair == (0, 1)  # 3 neurons: (0, 1), (0, 2), (1, 2), round again


def test_training_moves_the_drawing_and_a_new_model_refills_the_layers(view: HiddenSpaceView) -> None:
    s = view.session
    before = drawn_points(view).copy()
    s.step(20)
    view.bridge.stepped.emit(None)  # what the training clock's frame does after its steps
    after = drawn_points(view)
    assert not np.allclose(before, after)
    np.testing.assert_allclose(after, by_hand(s, s.dataset.X, 1)[:, [0, 1]], rtol=1e-12)
    s.configure(hidden=(4,))  # a new network: the bridge says modelReset
    combo = view.findChild(QComboBox, "hiddenSpaceLayer")
    assert [combo.itemText(i) for i in range(combo.count())] == ["h1 (4)"]
    assert view.layer == 0 and view.grid.getData()[0] is not None


@pytest.mark.parametrize(("settings", "why"), [
    ({"model": "Perceptron"}, "perceptron"),
    ({"hidden": (1,)}, "one neuron"),
])
def test_models_without_a_hidden_space_say_why(view: HiddenSpaceView, settings: dict, why: str) -> None:
    view.session.configure(**settings)
    note = view.findChild(QLabel, "hiddenSpaceNote")
    assert why in note.text()
    assert len(view.points.data) == 0 and not view.findChild(QPushButton, "hiddenSpaceNext").isEnabled()
    view.session.configure(model="MLP", hidden=(3, 3))
    assert "bent by the layers" in note.text() and len(view.points.data) == 30


def test_regression_says_why(view: HiddenSpaceView) -> None:
    X = np.column_stack([np.linspace(-1, 1, 9), np.linspace(-1, 1, 9) ** 2])
    view.session.set_dataset(Dataset(X, np.zeros(9, int), task="regression", n_classes=0))
    assert "classification" in view.findChild(QLabel, "hiddenSpaceNote").text()
    assert len(view.points.data) == 0


def test_a_large_data_set_is_drawn_through_a_fixed_sample(qtbot) -> None:
    rng = np.random.default_rng(7)
    X = rng.uniform(-1, 1, (present.MAX_POINTS + 1_000, 2))
    session = Session()
    session.configure(activation="tanh")
    session.set_dataset(Dataset(X, (X[:, 0] > 0).astype(int)))
    bridge = SessionBridge(session)
    view = HiddenSpaceView(session, bridge)
    view.bridge = bridge
    view.clock = lambda: 0.0
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    sample = present.shown_points(len(X))
    assert len(sample) == present.MAX_POINTS
    np.testing.assert_array_equal(view.shown, sample)
    np.testing.assert_allclose(drawn_points(view), by_hand(session, X[sample], 1)[:, [0, 1]], rtol=1e-12)
    np.testing.assert_array_equal(view._spots._which, dataset_present.style_numbers(session)[sample])
    assert f"{present.MAX_POINTS:,} of the {len(X):,} points are drawn" in view.note.text()
    session.step(5)  # training draws the same points, moved
    np.testing.assert_array_equal(view.shown, sample)


def test_the_drawn_grid_is_the_presenters_lines(view: HiddenSpaceView) -> None:
    s = view.session
    xlim, ylim = dataset_present.fit_range(s.dataset.X)
    expected = present.hidden_space(s.model, 0, (0, 1), s.dataset.X, xlim, ylim)
    gx, gy = view.grid.getData()
    np.testing.assert_array_equal(np.isnan(gx), np.isnan(expected.grid[:, 0]))
    np.testing.assert_allclose(np.column_stack([gx, gy]), expected.grid, rtol=1e-12)
    assert view.grid.opts["connect"] == "finite"  # one curve: a NaN row ends each line


def test_an_update_without_new_weights_does_no_work(view: HiddenSpaceView, monkeypatch) -> None:
    calls = []
    real = present.hidden_space
    monkeypatch.setattr(present, "hidden_space", lambda *a: calls.append(1) or real(*a))
    axis = view.plot.getPlotItem().getAxis("bottom")
    set_label = []
    monkeypatch.setattr(axis, "setLabel", lambda *a, **k: set_label.append(a))
    for _ in range(3):
        view.bridge.stepped.emit(None)  # a frame without training (paused, a settings change)
    assert calls == [] and set_label == []
    view.session.step(1)
    assert len(calls) == 1 and set_label == []  # the same axes: their titles are not set again


def test_a_throttled_plane_still_shows_the_newest_weights(qtbot, view: HiddenSpaceView) -> None:
    s = view.session
    ticks = iter(np.arange(0.0, 1e6, 0.010))  # every update seems to take 10 ms: over the 4 ms budget
    view.clock = lambda: float(next(ticks))
    view.refresh()
    assert view.schedule.throttled and view.note.text().startswith("One update takes")
    shown = drawn_points(view).copy()
    s.step(5)
    np.testing.assert_array_equal(drawn_points(view), shown)  # put off ...
    assert view._pending.isActive()
    view.clock = lambda: 0.0  # (from now on free)
    qtbot.waitUntil(lambda: not view._pending.isActive(), timeout=2000)  # ... until its time comes
    np.testing.assert_allclose(drawn_points(view), by_hand(s, s.dataset.X, 1)[:, [0, 1]], rtol=1e-12)


def test_a_throttled_plane_follows_a_drag_by_its_turns_and_shows_where_the_points_went(
        qtbot, view: HiddenSpaceView) -> None:
    s = view.session
    ticks = iter(np.arange(0.0, 1e6, 0.010))  # every update seems to take 10 ms: over the 4 ms budget
    view.clock = lambda: float(next(ticks))
    view.refresh()
    shown = drawn_points(view).copy()
    s.move_points([0], np.array([[0.9, -0.9]]))  # a drag's move: an edit every frame
    np.testing.assert_array_equal(drawn_points(view), shown)  # put off ...
    assert view._pending.isActive()
    s.move_points([0], np.array([[0.8, -0.7]]))  # ... the next move too
    view.clock = lambda: 0.0
    qtbot.waitUntil(lambda: not view._pending.isActive(), timeout=2000)  # ... until its turn comes
    np.testing.assert_allclose(drawn_points(view), by_hand(s, s.dataset.X, 1)[:, [0, 1]], rtol=1e-12)
    assert np.allclose(s.dataset.X[0], [0.8, -0.7])  # (the last place of the drag is the one drawn)


def test_a_closed_plane_does_no_work_and_catches_up_when_shown(qtbot, window, monkeypatch) -> None:
    window.show_hidden_space()
    dock = window.docks["Hidden space"]
    view = dock.widget()
    assert isinstance(view, HiddenSpaceView)
    view.clock = lambda: 0.0
    dock.close()
    calls = []
    real = present.hidden_space
    monkeypatch.setattr(present, "hidden_space", lambda *a: calls.append(1) or real(*a))
    for _ in range(5):
        window.session.step(10)
    assert calls == []
    window.show_hidden_space()  # shown again: drawn once, with the newest weights
    qtbot.waitUntil(lambda: len(calls) == 1)
    qtbot.wait(20)
    assert len(calls) == 1
    s = window.session
    xlim, ylim = dataset_present.fit_range(s.dataset.X)
    expected = real(s.model, view.layer, view.pair, s.dataset.X[view.shown], xlim, ylim)
    np.testing.assert_allclose(drawn_points(view), expected.points[np.isfinite(expected.points).all(axis=1)])
