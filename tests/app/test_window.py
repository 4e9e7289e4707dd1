"""The main window driven with real mouse and keyboard events."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QSlider, QSpinBox

import visualnet.app
from tests.app.mouse import click, drag
from visualnet.app.window import MainWindow

VIEW_NAMES = ("datasetView", "activationView", "weightsView", "lossSurfaceView", "lossCurveView")


def viewport_pos(window: MainWindow, x: float, y: float) -> QPoint:
    """Where data coordinates (x, y) are in the data view's viewport."""
    plot = window.dataset_view.plot
    scene = window.dataset_view.viewbox.mapViewToScene(QPointF(x, y))
    return plot.mapFromScene(scene)


def isolated_point(window: MainWindow) -> int:
    """A point near the view's centre with no other point within 25 screen pixels."""
    X = window.session.dataset.X
    px, py = window.dataset_view.viewbox.viewPixelSize()
    P = X / np.array([px, py])
    d = np.sqrt(((P[:, None, :] - P[None, :, :]) ** 2).sum(-1)) + np.eye(len(X)) * 1e9
    (x0, x1), (y0, y1) = window.dataset_view.viewbox.viewRange()
    centre = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    ok = np.flatnonzero(d.min(axis=1) > 25)
    return int(ok[np.argmin(np.abs(X[ok] - centre).sum(axis=1))])


def test_public_names_exist(window):
    assert isinstance(window, visualnet.app.MainWindow)
    for name in VIEW_NAMES:
        w = window.findChild(pg.GraphicsView, name)
        assert w is not None, name
        assert w.accessibleName() == name
    for cls, name in [(QSlider, "learningRateSlider"), (QDoubleSpinBox, "learningRateSpin"),
                      (QSpinBox, "batchSizeSpin"), (QSpinBox, "speedSpin"), (QComboBox, "modelCombo"),
                      (QComboBox, "activationCombo"), (QComboBox, "optimizerCombo"),
                      (QComboBox, "presetCombo")]:
        w = window.findChild(cls, name)
        assert w is not None and w.accessibleName() == name, name
    for name in ("actionPlay", "actionStep", "actionReset"):
        assert getattr(window, name).objectName() == name


def test_drag_moves_exactly_that_point_and_the_field_follows(qtbot, window):
    s = window.session
    window.session.step(50)
    window.refresh_views()
    before = s.dataset.X.copy()
    field_before = window.dataset_view.field.image.copy()
    i = isolated_point(window)
    start = viewport_pos(window, *before[i])
    target = (before[i, 0] + 0.6, before[i, 1] - 0.4)
    end = viewport_pos(window, *target)
    window.set_playing(True)  # the field follows the drag while the model trains on the moved point
    drag(qtbot, window.dataset_view.plot.viewport(), start, end)
    window.set_playing(False)
    after = s.dataset.X
    moved = np.flatnonzero(np.any(after != before, axis=1))
    assert moved.tolist() == [i]
    # Screen pixels round the position: within a pixel or two of the target.
    px, py = window.dataset_view.viewbox.viewPixelSize()
    assert abs(after[i, 0] - target[0]) <= 2 * px and abs(after[i, 1] - target[1]) <= 2 * py
    assert not np.array_equal(window.dataset_view.field.image, field_before)
    # The trainer sees the new position at once.
    role = int(s.roles[i])
    X_role = [s.trainer.X_train, s.trainer.X_val, s.trainer.X_test][role]
    assert np.any(np.all(X_role == after[i], axis=1))
    # The ring of misclassified points is redrawn for the new position while paused, too.
    window.actionStep.trigger()
    wrong = window.dataset_view.wrong.getData()
    pred = s.model.predict(s.dataset.X)
    bad = (pred != s.dataset.y) & (s.roles == 0)
    assert len(wrong[0]) == int(bad.sum())
    # One drag is one undo step, and undo puts the point back exactly.
    assert window.undo_stack.count() == 1
    window.actionUndo.trigger()
    np.testing.assert_array_equal(s.dataset.X, before)


def test_click_adds_a_point_of_the_current_class(qtbot, window):
    s = window.session
    n = len(s.dataset)
    qtbot.keyClick(window, Qt.Key.Key_2)  # class 2 (label 1)
    assert s.current_label == 1
    xr, yr = window.dataset_view.viewbox.viewRange()
    # An empty corner of the view: no point within the hit radius.
    pos = viewport_pos(window, xr[0] + 0.03 * (xr[1] - xr[0]), yr[1] - 0.03 * (yr[1] - yr[0]))
    click(window.dataset_view.plot.viewport(), pos)
    assert len(s.dataset) == n + 1
    assert s.dataset.y[-1] == 1
    # A right click on it deletes it again.
    click(window.dataset_view.plot.viewport(), viewport_pos(window, *s.dataset.X[-1]),
          Qt.MouseButton.RightButton)
    assert len(s.dataset) == n


def test_learning_rate_slider_changes_lr_and_keeps_the_weights(qtbot, window):
    s = window.session
    s.step(20)
    weights = {k: v.copy() for k, v in s.model.params.items()}
    slider = window.findChild(QSlider, "learningRateSlider")
    slider.setFocus()
    old_lr = s.optimizer.lr
    for _ in range(3):
        qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    assert s.optimizer.lr != old_lr and s.optimizer.lr > old_lr
    assert s.optimizer.lr == window.findChild(QDoubleSpinBox, "learningRateSpin").value()
    assert s.trainer.iteration == 20
    for k, v in s.model.params.items():
        np.testing.assert_array_equal(v, weights[k])
    spin = window.findChild(QDoubleSpinBox, "learningRateSpin")
    spin.setValue(0.25)
    assert s.optimizer.lr == 0.25


def _item_data(window) -> dict[str, list]:
    """Every plot item of every view, with a copy of its data."""
    out: dict[str, list] = {}
    for name in VIEW_NAMES:
        widget = window.findChild(pg.GraphicsView, name)
        items = []
        for item in widget.scene().items():
            if isinstance(item, pg.ImageItem) and item.image is not None:
                items.append((item, np.array(item.image, copy=True)))
            elif isinstance(item, (pg.PlotDataItem, pg.PlotCurveItem)):  # bare curves too
                _, y = item.getData()
                items.append((item, None if y is None else np.array(y, copy=True)))
            elif hasattr(item, "drawn_arrays"):  # an item drawing several marks (the surface overlay)
                arrays = [np.ravel(a) for a in item.drawn_arrays()]
                items.append((item, np.concatenate(arrays) if arrays else None))
        out[name] = items
    return out


def test_steps_change_every_view_in_place(qtbot, window):
    window.session.step(5)
    window.refresh_views()
    before = _item_data(window)
    for _ in range(20):
        window.actionStep.trigger()
    after = _item_data(window)
    for name in VIEW_NAMES:
        old_items = [it for it, _ in before[name]]
        new_items = [it for it, _ in after[name]]
        assert new_items == old_items, f"{name} replaced its items"
        changed = [not (a is None and b is None) and (a is None or b is None or a.shape != b.shape
                                                      or not np.array_equal(a, b))
                   for (_, a), (_, b) in zip(before[name], after[name], strict=True)]
        assert any(changed), f"{name} did not change after 20 steps"


def test_play_pause_step_reset(qtbot, window):
    s = window.session
    assert s.trainer.iteration == 0
    window.actionStep.trigger()
    assert s.trainer.iteration == 1
    qtbot.keyClick(window, Qt.Key.Key_S)
    assert s.trainer.iteration == 2
    window.actionPlay.trigger()
    assert window.clock.isActive() and window.actionPlay.isChecked()
    qtbot.waitUntil(lambda: s.trainer.iteration >= 10, timeout=5000)
    window.actionPlay.trigger()
    assert not window.clock.isActive()
    stopped_at = s.trainer.iteration
    qtbot.wait(50)
    assert s.trainer.iteration == stopped_at
    w1 = s.model.params["W1"].copy()
    window.actionReset.trigger()
    assert s.trainer.iteration == 0
    assert s.history.iteration.tolist() == [0]  # only the initial state is recorded
    np.testing.assert_array_equal(s.model.params["W1"], s.initial_params["W1"])
    assert not np.array_equal(w1, s.model.params["W1"])


def test_300_frames_then_close_leaves_no_timer(qtbot, window):
    win = window
    win.controls.speedSpin.setValue(180)  # iterations a second: 3 a frame
    frames = 0

    def count() -> None:
        nonlocal frames
        frames += 1

    win.clock.timeout.connect(count)
    win.set_playing(True)
    qtbot.waitUntil(lambda: frames >= 300, timeout=60_000)
    win.close()
    assert not win.clock.isActive()
    assert all(not t.isActive() for t in win.findChildren(QTimer))
    assert win.session.trainer.iteration >= 700  # 300 frames take at least 4.8 s: 864 at 180 a second


def test_layout_and_speed_are_remembered(qtbot, settings):
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.resize(1300, 820)
    first.docks["Weights"].hide()
    first.controls.speedSpin.setValue(7)
    first.close()
    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    second.show()
    assert second.controls.speedSpin.value() == 7
    assert second.docks["Weights"].isHidden()
    # (The offscreen screen is smaller than 1300x820, so restoreGeometry clamps the size here.)
    assert settings.value("window/geometry") is not None


def test_a_lesson_loads_in_one_undo_step(qtbot, window):
    from visualnet.lessons import LESSONS

    before = window.session.dataset.copy()
    window.welcome.list.setCurrentRow(0)  # 1 · A perceptron learns AND
    qtbot.mouseClick(window.welcome.start, Qt.MouseButton.LeftButton)
    s = window.session
    assert s.config.model == "Perceptron" and len(s.dataset) == 4
    assert window.controls.modelCombo.currentText() == "Perceptron"
    assert LESSONS[0].title in window.statusBar().currentMessage()
    for _ in range(40):
        window.actionStep.trigger()
    X, t = s.dataset.inputs(), s.dataset.targets()
    assert s.model.accuracy(X, t) == 1.0
    window.actionUndo.trigger()
    assert window.session.dataset.same_as(before) and window.session.config.model == "MLP"


def test_the_first_run_opens_on_the_lessons(qtbot, settings):
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.show()
    assert not win.docks["Lessons"].visibleRegion().isEmpty()
    assert settings.value("welcome/shown", type=bool)


def test_presets_through_the_controls(qtbot, window):
    c = window.controls
    c.presetCombo.setCurrentText("Spirals")
    c.presetCombo.activated.emit(c.presetCombo.currentIndex())
    assert window.session.dataset.n_classes == 2 and c.classesSpin.isEnabled()
    c.classesSpin.setValue(4)
    assert window.session.dataset.n_classes == 4
    assert window.session.model.sizes[-1] == 4
    c.countSpin.setValue(120)
    assert len(window.session.dataset) == 120
    assert window.undo_stack.count() == 3  # each choice is one undo step
    c.presetCombo.setCurrentText("Sine")
    c.presetCombo.activated.emit(c.presetCombo.currentIndex())
    assert window.session.task == "regression" and not c.classesSpin.isEnabled()
    assert c.taskCombo.currentText() == "regression"


def test_the_optimizer_playground_opens_in_a_dock(qtbot, window):
    from visualnet.app.playground import OptimizerPlayground

    window.actionPlayground.trigger()
    pg_widget = window.findChild(OptimizerPlayground, "optimizerPlayground")
    assert pg_widget is not None and pg_widget.isVisible()
    window.actionPlayground.trigger()  # a second time reuses it
    assert len(window.findChildren(OptimizerPlayground)) == 1


def test_every_setting_that_needs_new_weights_pauses_training(qtbot, window):
    from visualnet.session import RESET_KEYS

    assert "init" in RESET_KEYS  # the one list: the window has none of its own
    window.set_playing(True)
    window.apply_setting("init", 0.5)  # a new network from a new initial scale
    assert not window.clock.isActive()
    window.set_playing(True)
    window.apply_setting("lr", 0.05)  # keeps the weights, and the training going
    assert window.clock.isActive()
    window.set_playing(False)


def test_the_status_bar_and_the_data_view_follow_the_session_without_the_window(qtbot, window):
    s = window.session

    def halo() -> np.ndarray:
        return np.column_stack(window.dataset_view.selected.getData())

    s.step(3)  # straight on the session: no window method runs
    qtbot.waitUntil(lambda: window.status_labels["iteration"].text() == "iteration 3", timeout=2000)
    s.select([0, 2])
    assert window.statusBar().currentMessage().startswith("2 points selected")
    np.testing.assert_array_equal(halo(), s.dataset.X[[0, 2]])
    s.remove_points([1])  # the session renumbers the selection; the halo follows
    np.testing.assert_array_equal(s.selection, [0, 1])
    np.testing.assert_array_equal(halo(), s.dataset.X[[0, 1]])
    s.clear_selection()
    assert window.statusBar().currentMessage() == ""
