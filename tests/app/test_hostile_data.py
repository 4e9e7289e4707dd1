"""Data a learner should not train on, but will: the window says what it cannot do and keeps going."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.app.mouse import nonfinite_items
from visualnet.app.window import MainWindow
from visualnet.core import data
from visualnet.session import Config, Session


def all_drawn_finite(win: MainWindow) -> bool:
    """No plot item of any view holds NaN or infinity."""
    return not nonfinite_items(win)


def open_window(qtbot, settings, dataset, **config) -> MainWindow:
    """A shown window on the given data."""
    win = MainWindow(Session(dataset, Config(**config)), settings=settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    return win


def points(X, y=None) -> data.Dataset:
    """A classification dataset from raw arrays."""
    X = np.asarray(X, float).reshape(-1, 2)
    return data.Dataset(X, np.zeros(len(X), np.int64) if y is None else np.asarray(y), n_classes=2)


@pytest.mark.parametrize(("dataset", "message"), [
    (points(np.empty((0, 2))), "add some points"),
    (points([[0.2, 0.3]]), "second class"),
    (points(np.random.default_rng(0).normal(size=(30, 2))), "second class"),
])
def test_untrainable_data_is_explained(qtbot, settings, dataset, message):
    win = open_window(qtbot, settings, dataset)
    win.actionStep.trigger()
    assert message in win.statusBar().currentMessage()
    assert message in win.dataset_view.banner.toPlainText()
    win.actionPlay.trigger()
    assert not win.clock.isActive()
    assert win.session.trainer.iteration == 0
    assert all_drawn_finite(win)


def test_identical_and_duplicate_points_train_without_nan(qtbot, settings):
    X = np.zeros((40, 2))
    y = np.arange(40) % 2  # the same place, both classes: nothing to separate
    win = open_window(qtbot, settings, points(X, y))
    for _ in range(30):
        win.actionStep.trigger()
    assert win.session.trainer.iteration == 30
    assert all_drawn_finite(win)


def test_far_away_points_and_a_huge_learning_rate(qtbot, settings):
    rng = np.random.default_rng(1)
    X = np.vstack([rng.normal(size=(50, 2)), [[1e6, -1e6], [-3e5, 2e5]]])
    y = (X[:, 0] > 0).astype(np.int64)
    win = open_window(qtbot, settings, points(X, y), lr=10.0, optimizer="SGD")
    win.controls.speedSpin.setValue(50)
    for _ in range(20):
        win.session.step(50)
        if win.session.trainer.diverged:
            break
    assert all(np.all(np.isfinite(v)) for v in win.session.model.params.values())
    assert all_drawn_finite(win)


def test_fifty_thousand_points_stay_responsive(qtbot, settings):
    ds = data.PRESETS["Moons"].make(n=50_000, seed=0)
    win = open_window(qtbot, settings, ds)
    for _ in range(5):
        win.actionStep.trigger()
    win.add_point(0.0, 0.0)
    win.actionUndo.trigger()
    assert len(win.session.dataset) == 50_000
    assert win.session.trainer.iteration == 5
    assert all_drawn_finite(win)


def test_typed_numbers_are_range_checked(qtbot, settings):
    win = open_window(qtbot, settings, data.PRESETS["Moons"].make(seed=0))
    c = win.controls
    for spin, text, expected in [(c.batchSizeSpin, "99999999", c.batchSizeSpin.maximum()),
                                 (c.speedSpin, "0", 1)]:
        spin.setFocus()
        spin.selectAll()
        qtbot.keyClicks(spin, text)
        qtbot.keyClick(spin, Qt.Key.Key_Return)
        assert spin.value() == expected or spin.minimum() <= spin.value() <= spin.maximum()
    lr = c.learningRate.spin
    lr.setFocus()
    lr.selectAll()
    qtbot.keyClicks(lr, "1000")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    assert 1e-4 <= win.session.optimizer.lr <= 10
    c.hiddenEdit.setText("0,5")
    c.hiddenEdit.editingFinished.emit()
    assert win.session.config.hidden == (8, 8)  # refused: a layer of 0 neurons
    assert "1 to 6 layers" in c.hiddenEdit.toolTip()
