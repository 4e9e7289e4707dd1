"""The activations-at-initialisation view with real clicks and keys: the bars are the presenter's histograms
of a forward pass by hand, the choice recomputes them aside, "Use this initialisation" configures the
session, new networks redraw them, models without hidden layers say why, and Ctrl+Shift+I opens the dock."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QDockWidget, QLabel, QPushButton

from visualnet.app.bridge import SessionBridge
from visualnet.app.menus import SHORTCUTS_HELP
from visualnet.app.views.init_histograms_view import InitHistogramsView
from visualnet.presenters import dataset as dataset_present
from visualnet.session import Config, Session

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def view(qtbot) -> InitHistogramsView:
    """The view alone on a sigmoid network [2, 6, 5, 2] (seed 2), shown at 600 × 360."""
    session = Session(config=Config(hidden=(6, 5), activation="sigmoid", seed=2))
    bridge = SessionBridge(session)
    w = InitHistogramsView(session, bridge)
    w.bridge = bridge  # kept alive with the view
    qtbot.addWidget(w)
    w.resize(600, 360)
    w.show()
    qtbot.waitExposed(w)
    return w


def bars(view: InitHistogramsView) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each plot's bars as drawn: (left edges, heights)."""
    return [(np.asarray(b.opts["x0"], float), np.asarray(b.opts["height"], float)) for b in view.bars]


def sigmoid_layers(params: dict[str, np.ndarray], X: np.ndarray) -> list[np.ndarray]:
    """h1 = σ(X W1 + b1), h2 = σ(h1 W2 + b2), by hand."""
    h1 = 1 / (1 + np.exp(-(X @ params["W1"] + params["b1"])))
    return [h1, 1 / (1 + np.exp(-(h1 @ params["W2"] + params["b2"])))]


def grid(X: np.ndarray) -> np.ndarray:
    (x0, x1), (y0, y1) = dataset_present.fit_range(X)
    gx, gy = np.meshgrid(np.linspace(x0, x1, 41), np.linspace(y0, y1, 41))
    return np.column_stack([gx.ravel(), gy.ravel()])


def choose(qtbot, view: InitHistogramsView, text: str) -> None:
    """Pick an entry of the combo box by its text, with the keyboard (as a learner would)."""
    combo = view.findChild(QComboBox, "initChoice")
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, text
    while combo.currentIndex() != target:
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)


def test_the_bars_are_histograms_of_the_initial_weights_forward_pass(qtbot, view: InitHistogramsView) -> None:
    s = view.session
    start = {k: v.copy() for k, v in s.initial_params.items()}
    s.step(20)  # training moves the weights, not the histograms at initialisation
    layers = sigmoid_layers(start, grid(s.dataset.X))
    edges = np.linspace(0.0, 1.0, 32)
    assert len(view.bars) == 2
    for (x0, heights), h, layer in zip(bars(view), layers, view.shown.layers, strict=True):
        np.testing.assert_allclose(x0, edges[:-1])
        counts = np.histogram(h.ravel(), edges)[0]
        np.testing.assert_array_equal(layer.counts, counts)
        np.testing.assert_allclose(heights, 100 * counts / h.size, rtol=1e-12)  # shares of the layer's values
    assert [p.titleLabel.text for p in view.plots] == ["h1 (6)", "h2 (5)"]
    note = view.findChild(QLabel, "initHistogramsNote").text()
    assert "41 × 41 grid over the input plane" in note
    assert f"h2: mean {layers[1].mean():.2g}, std {layers[1].std():.2g}" in note
    assert view.findChild(QComboBox, "initChoice").currentText() == "This session's (auto: Xavier)"
    assert not view.findChild(QPushButton, "useInit").isEnabled()  # the session has it already


def test_choosing_recomputes_aside_and_zeros_is_one_bar(qtbot, view: InitHistogramsView) -> None:
    s = view.session
    before = s.model.copy_params()
    choose(qtbot, view, "σ = 1")
    assert view.chosen == 1.0
    rng = np.random.default_rng(2)  # the same seed's draws, σ = 1
    params = {"W1": rng.standard_normal((2, 6)), "b1": np.zeros(6), "W2": rng.standard_normal((6, 5)),
              "b2": np.zeros(5)}
    edges = np.linspace(0.0, 1.0, 32)
    for (_, heights), h in zip(bars(view), sigmoid_layers(params, grid(s.dataset.X)), strict=True):
        np.testing.assert_allclose(heights, 100 * np.histogram(h.ravel(), edges)[0] / h.size, rtol=1e-12)
    choose(qtbot, view, "zeros")
    for (x0, heights), layer in zip(bars(view), view.shown.layers, strict=True):
        full = np.flatnonzero(heights)
        assert len(full) == 1 and heights[full[0]] == 100.0  # every value in one bar
        assert layer.counts[full[0]] == 41 * 41 * layer.units
        assert x0[full[0]] <= 0.5 < x0[full[0]] + 1 / 31  # σ(0) = 0.5 for every unit
    assert "Every unit computes the same value" in view.findChild(QLabel, "initHistogramsNote").text()
    for key, value in before.items():  # the session is untouched
        np.testing.assert_array_equal(s.model.params[key], value)
    assert s.config.init == "auto"


def test_use_this_initialisation_configures_the_session(qtbot, view: InitHistogramsView) -> None:
    s = view.session
    choose(qtbot, view, "σ = 0.01")
    shown = bars(view)
    button = view.findChild(QPushButton, "useInit")
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    assert s.config.init == 0.01
    rng = np.random.default_rng(2)
    np.testing.assert_allclose(s.initial_params["W1"], 0.01 * rng.standard_normal((2, 6)), rtol=1e-15)
    # the session's own is now σ = 0.01: the combo box names it so, and the bars stay what they were
    combo = view.findChild(QComboBox, "initChoice")
    assert combo.itemText(0) == "This session's (σ = 0.01)"
    assert not button.isEnabled()
    for (x0, h), (x0_before, h_before) in zip(bars(view), shown, strict=True):
        np.testing.assert_array_equal(h, h_before)
        np.testing.assert_array_equal(x0, x0_before)
    choose(qtbot, view, "This session's (σ = 0.01)")
    for (_, h), (_, h_before) in zip(bars(view), shown, strict=True):
        np.testing.assert_array_equal(h, h_before)


def test_a_new_network_redraws_and_a_perceptron_says_why(qtbot, view: InitHistogramsView) -> None:
    s = view.session
    s.configure(hidden=(4, 4, 3), activation="tanh")
    assert len(view.bars) == 3
    np.testing.assert_allclose(bars(view)[0][0][0], -1.0)  # tanh: the bars span -1 .. 1
    s.configure(model="Perceptron")
    assert view.bars == []
    assert "perceptron has no hidden layer" in view.findChild(QLabel, "initHistogramsNote").text()
    assert not view.findChild(QPushButton, "useInit").isEnabled()
    s.configure(model="MLP")
    assert len(view.bars) == 3


def test_ctrl_shift_i_opens_the_dock(qtbot, window) -> None:
    action = window.findChild(QAction, "actionInitHistograms")
    assert action is not None and action.shortcut() == QKeySequence("Ctrl+Shift+I")
    assert action in window.view_menu.actions()
    assert "<b>Ctrl+Shift+I</b>" in SHORTCUTS_HELP
    assert window.docks.get("Activations at initialisation") is None  # made on first use
    window.activateWindow()
    window.dataset_view.setFocus()
    qtbot.keyClick(window.dataset_view, Qt.Key.Key_I,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dock = window.findChild(QDockWidget, "initHistograms")
    assert dock is not None and dock.isVisible() and dock.windowTitle() == "Activations at initialisation"
    view = dock.widget()
    assert isinstance(view, InitHistogramsView) and view.session is window.session
    qtbot.waitUntil(lambda: len(view.bars) == 2)  # the default network: two hidden layers
    # "Use this initialisation" goes through the window (a new network starts paused, says the status bar)
    choose(qtbot, view, "Xavier")
    qtbot.mouseClick(view.findChild(QPushButton, "useInit"), LEFT)
    assert window.session.config.init == "xavier"
    assert "New network" in window.statusBar().currentMessage()
    dock.close()
    action.trigger()
    assert dock.isVisible() and window.docks["Activations at initialisation"] is dock


def test_a_point_moved_inside_the_plane_changes_nothing_and_one_moved_out_of_it_redraws(
        qtbot, view: InitHistogramsView) -> None:
    s = view.session
    drawn = view.shown
    X = s.dataset.X
    inner = int(np.argmin(np.abs(X - X.mean(axis=0)).sum(axis=1)))  # a point well inside the plane
    s.move_points([inner], X[[inner]] + 0.01)
    assert view.shown is drawn  # the same plane: the same histograms, not computed again
    s.move_points([inner], np.array([[40.0, -40.0]]))  # far out: the plane grows
    # redrawn now, or (the last refresh was costly) by the timer of its turn among the panels
    qtbot.waitUntil(lambda: view.shown is not drawn, timeout=2000)
    expected = sigmoid_layers(s.initial_params, grid(s.dataset.X))
    for (_, heights), h in zip(bars(view), expected, strict=True):
        counts, _ = np.histogram(h.ravel(), np.linspace(0.0, 1.0, len(heights) + 1))
        np.testing.assert_allclose(heights, 100.0 * counts / h.size)
