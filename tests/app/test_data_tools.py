"""The data view's tools with real mouse input: brush, jitter, magnet and erase change only the points
within the radius, each stroke is one undo step, tools switch from the strip and by key, and the
Select tool draws a rubber band without Shift."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSpinBox, QToolBar

from tests.app.mouse import drag, send_mouse
from visualnet.app.window import MainWindow
from visualnet.core.data import Dataset
from visualnet.presenters import brushes

LEFT, NO_BUTTON = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
TOOLS = {"put": "toolPut", "brush": "toolBrush", "jitter": "toolJitter", "magnet": "toolMagnet",
         "erase": "toolErase", "select": "toolSelect"}


@pytest.fixture
def win(window: MainWindow) -> MainWindow:
    """The window on a 41 × 41 grid of points over [-1, 1]², two classes, the view showing [-1.5, 1.5]²."""
    window.connect_data_tools()  # what MainWindow._connect does (calling it twice connects once)
    g = np.linspace(-1, 1, 41)
    X = np.column_stack([np.repeat(g, 41), np.tile(g, 41)])
    window.session.set_dataset(Dataset(X, (X[:, 0] > 0).astype(int)))
    window.dataset_view.viewbox.setRange(xRange=(-1.5, 1.5), yRange=(-1.5, 1.5), padding=0)
    window.undo_stack.clear()
    return window


def choose(win: MainWindow, tool: str) -> None:
    """Choose a tool with its action in the strip (as a click on its button does)."""
    strip = win.dataset_view.findChild(QToolBar, "dataTools")
    strip.findChild(QAction, TOOLS[tool]).trigger()
    assert win.dataset_view.tools.tool == tool


def to_viewport(win: MainWindow, x: float, y: float) -> QPoint:
    """The viewport pixel of data coordinates."""
    view = win.dataset_view
    return view.plot.mapFromScene(view.viewbox.mapViewToScene(QPointF(x, y)))


def pixel_distance(win: MainWindow, X: np.ndarray, at: QPoint) -> np.ndarray:
    """Screen distance in pixels of each point of X from a viewport pixel."""
    view = win.dataset_view
    c = view.viewbox.mapSceneToView(view.plot.mapToScene(at))
    px, py = view.viewbox.viewPixelSize()
    return np.hypot((X[:, 0] - c.x()) / px, (X[:, 1] - c.y()) / py)


def hold(qtbot, win: MainWindow, at: QPoint, ms: int = 200) -> None:
    """Press the left button at a place, keep it there for `ms`, release."""
    vp = win.dataset_view.plot.viewport()
    send_mouse(vp, QEvent.Type.MouseMove, at, NO_BUTTON, NO_BUTTON)
    send_mouse(vp, QEvent.Type.MouseButtonPress, at, LEFT, LEFT)
    qtbot.wait(ms)
    send_mouse(vp, QEvent.Type.MouseButtonRelease, at, LEFT, NO_BUTTON)
    assert not win.dataset_view.brushes.timer.isActive()


def radius(win: MainWindow) -> int:
    return win.dataset_view.findChild(QSpinBox, "toolRadius").value()


def test_the_strip_has_six_exclusive_tools_put_first_and_two_boxes(win):
    strip = win.dataset_view.findChild(QToolBar, "dataTools")
    actions = {name: strip.findChild(QAction, name) for name in TOOLS.values()}
    assert all(a is not None and a.isCheckable() for a in actions.values())
    assert actions["toolPut"].isChecked() and win.dataset_view.tools.tool == "put"
    actions["toolMagnet"].trigger()
    assert [n for n, a in actions.items() if a.isChecked()] == ["toolMagnet"]
    assert all(a.text() and a.toolTip() for a in actions.values())
    assert strip.findChild(QSpinBox, "toolRadius").isEnabled()
    assert strip.findChild(QSpinBox, "toolIntensity").isEnabled()
    actions["toolSelect"].trigger()
    assert not strip.findChild(QSpinBox, "toolRadius").isEnabled()  # no radius to a rubber band


def test_keys_choose_the_tools_while_the_data_view_has_the_keyboard(qtbot, win):
    view = win.dataset_view
    win.activateWindow()
    view.plot.setFocus()
    qtbot.waitUntil(view.plot.hasFocus)
    for key, tool in ((Qt.Key.Key_B, "brush"), (Qt.Key.Key_J, "jitter"), (Qt.Key.Key_M, "magnet"),
                      (Qt.Key.Key_E, "erase"), (Qt.Key.Key_A, "select"), (Qt.Key.Key_P, "put")):
        qtbot.keyClick(view.plot, key)
        assert view.tools.tool == tool
    before = len(win.session.history)
    qtbot.keyClick(view.plot, Qt.Key.Key_S)  # still the window's Step, not a tool
    assert view.tools.tool == "put"
    assert len(win.session.history) == before + 1


def test_brush_adds_points_of_the_current_class_within_the_radius_as_one_undo_step(qtbot, win):
    before_X, before_y = win.session.dataset.X.copy(), win.session.dataset.y.copy()
    win.choose_class(2)
    choose(win, "brush")
    at = to_viewport(win, 0.3, -0.2)
    t0 = time.perf_counter()
    hold(qtbot, win, at)
    held = time.perf_counter() - t0
    X, y = win.session.dataset.X, win.session.dataset.y
    n = len(before_X)
    added = len(X) - n
    # strength 30 %: 300 points a second; at least the first tick's (for 30 ms), at most the time held's
    assert 9 <= added <= 300 * (held + 0.03) + 1
    np.testing.assert_array_equal(X[:n], before_X)  # no old point moved or went
    np.testing.assert_array_equal(y[:n], before_y)
    assert np.all(y[n:] == 2)
    assert pixel_distance(win, X[n:], at).max() <= radius(win) + 1.0
    assert win.undo_stack.count() == 1
    win.undo_stack.undo()
    np.testing.assert_array_equal(win.session.dataset.X, before_X)
    np.testing.assert_array_equal(win.session.dataset.y, before_y)
    win.undo_stack.redo()
    assert len(win.session.dataset) == n + added and np.all(win.session.dataset.y[n:] == 2)


def test_a_moving_brush_sprays_along_its_path(qtbot, win):
    choose(win, "brush")
    n = len(win.session.dataset)
    a, b = to_viewport(win, -1.0, -1.0), to_viewport(win, 1.0, 0.5)
    drag(qtbot, win.dataset_view.plot.viewport(), a, b, steps=12)
    new = win.session.dataset.X[n:]
    assert len(new) > 0
    # each new point lies within the radius of the segment the cursor travelled (in pixels)
    view = win.dataset_view
    px, py = view.viewbox.viewPixelSize()
    pa, pb = (np.array([p.x(), p.y()]) for p in (view.viewbox.mapSceneToView(view.plot.mapToScene(q))
                                                  for q in (a, b)))
    P, A, B = new / [px, py], pa / [px, py], pb / [px, py]
    t = np.clip(((P - A) @ (B - A)) / ((B - A) @ (B - A)), 0, 1)
    assert np.hypot(*(P - (A + t[:, None] * (B - A))).T).max() <= radius(win) + 1.5
    assert win.undo_stack.count() == 1


@pytest.mark.parametrize("tool", ["jitter", "magnet"])
def test_jitter_and_magnet_move_only_points_within_the_radius_as_one_undo_step(qtbot, win, tool):
    before = win.session.dataset.X.copy()
    choose(win, tool)
    at = to_viewport(win, 0.1, 0.2)
    inside = pixel_distance(win, before, at) <= radius(win)
    assert inside.sum() > 10
    hold(qtbot, win, at)
    X = win.session.dataset.X
    moved = np.any(before != X, axis=1)
    assert moved.sum() > 5
    assert not np.any(moved & ~inside)  # nothing outside the circle where the stroke began moved
    np.testing.assert_array_equal(win.session.dataset.y, (before[:, 0] > 0).astype(int))
    if tool == "magnet":  # every moved point came nearer the cursor, none passed it
        d0, d1 = pixel_distance(win, before[moved], at), pixel_distance(win, X[moved], at)
        assert np.all(d1 < d0)
    assert win.undo_stack.count() == 1
    win.undo_stack.undo()
    np.testing.assert_array_equal(win.session.dataset.X, before)


def test_erase_removes_only_points_within_the_radius_as_one_undo_step(qtbot, win):
    before_X, before_y = win.session.dataset.X.copy(), win.session.dataset.y.copy()
    roles = win.session.roles.copy()
    choose(win, "erase")
    a, b = to_viewport(win, -0.5, 0.0), to_viewport(win, 0.5, 0.1)
    r = radius(win)
    near = (pixel_distance(win, before_X, a) <= r) | (pixel_distance(win, before_X, b) <= r)
    drag(qtbot, win.dataset_view.plot.viewport(), a, b, steps=10)
    X = win.session.dataset.X
    kept = np.array([np.any(np.all(before_X[i] == X, axis=1)) for i in range(len(before_X))])
    assert not kept[near].any()  # the circles at both ends were swept clean
    # the points left are the old ones outside the swept path, in their order, untouched
    # exactly the points near the path the cursor swept (its pixels rounded: within a pixel)
    view = win.dataset_view
    ends = [view.viewbox.mapSceneToView(view.plot.mapToScene(q)) for q in (a, b)]
    swept = brushes.segment_distances(before_X, (ends[0].x(), ends[0].y()), (ends[1].x(), ends[1].y()),
                                      view.viewbox.viewPixelSize())
    gone = ~kept
    assert gone.sum() == len(before_X) - len(X)
    assert np.all(gone[swept <= radius(win) - 1]) and not np.any(gone[swept > radius(win) + 1])
    np.testing.assert_array_equal(X, before_X[kept])
    np.testing.assert_array_equal(win.session.dataset.y, before_y[kept])
    assert win.undo_stack.count() == 1  # the ticks of the stroke merged
    win.undo_stack.undo()
    np.testing.assert_array_equal(win.session.dataset.X, before_X)
    np.testing.assert_array_equal(win.session.dataset.y, before_y)
    np.testing.assert_array_equal(win.session.roles, roles)
    win.undo_stack.redo()
    np.testing.assert_array_equal(win.session.dataset.X, before_X[kept])


def test_two_strokes_are_two_undo_steps(qtbot, win):
    choose(win, "brush")
    n = len(win.session.dataset)
    hold(qtbot, win, to_viewport(win, -0.5, -0.5), 60)
    after_first = len(win.session.dataset)
    hold(qtbot, win, to_viewport(win, 0.5, 0.5), 60)
    assert win.undo_stack.count() == 2
    win.undo_stack.undo()
    assert len(win.session.dataset) == after_first > n
    win.undo_stack.undo()
    assert len(win.session.dataset) == n


def test_select_draws_a_rubber_band_without_shift(qtbot, win):
    before = win.session.dataset.X.copy()
    choose(win, "select")
    a, b = to_viewport(win, -0.52, -0.32), to_viewport(win, 0.28, 0.47)
    drag(qtbot, win.dataset_view.plot.viewport(), a, b)  # starts on empty space or on a point alike
    view = win.dataset_view
    c0, c1 = (view.viewbox.mapSceneToView(view.plot.mapToScene(q)) for q in (a, b))
    (x0, x1), (y0, y1) = sorted((c0.x(), c1.x())), sorted((c0.y(), c1.y()))
    inside = np.flatnonzero((before[:, 0] >= x0) & (before[:, 0] <= x1) & (before[:, 1] >= y0)
                            & (before[:, 1] <= y1))
    assert len(inside) > 20
    np.testing.assert_array_equal(win.session.selection, inside)
    np.testing.assert_array_equal(win.session.dataset.X, before)  # nothing moved, nothing added
    assert win.undo_stack.count() == 0


def test_the_brush_circle_follows_the_cursor_with_the_radius(qtbot, win):
    view = win.dataset_view
    circle = view.brushes.circle
    vp = view.plot.viewport()
    at = to_viewport(win, 0.2, 0.4)
    send_mouse(vp, QEvent.Type.MouseMove, at, NO_BUTTON, NO_BUTTON)
    assert not circle.isVisible()  # Put: no circle
    choose(win, "jitter")
    send_mouse(vp, QEvent.Type.MouseMove, at, NO_BUTTON, NO_BUTTON)
    assert circle.isVisible()
    view.findChild(QSpinBox, "toolRadius").setValue(25)
    rect = circle.rect()
    px, py = view.viewbox.viewPixelSize()
    c = view.viewbox.mapSceneToView(view.plot.mapToScene(at))
    assert rect.center().x() == pytest.approx(c.x()) and rect.center().y() == pytest.approx(c.y())
    assert rect.width() / 2 / px == pytest.approx(25) and rect.height() / 2 / py == pytest.approx(25)
    choose(win, "put")
    assert not circle.isVisible()


def test_put_still_adds_with_a_click_and_brush_clicks_add_no_single_point(qtbot, win):
    n = len(win.session.dataset)
    at = to_viewport(win, 1.3, 1.3)  # off the grid
    hold(qtbot, win, at, 0)
    assert len(win.session.dataset) == n + 1  # Put: one point
    np.testing.assert_allclose(win.session.dataset.X[-1], [1.3, 1.3], atol=0.02)
    choose(win, "erase")
    hold(qtbot, win, to_viewport(win, 1.45, -1.45), 0)  # a click far from every point
    assert len(win.session.dataset) == n + 1  # erased nothing, added nothing


def test_the_intensity_sets_the_spray_rate(qtbot, win):
    choose(win, "brush")
    win.dataset_view.findChild(QSpinBox, "toolIntensity").setValue(1)  # 10 points a second
    n = len(win.session.dataset)
    hold(qtbot, win, to_viewport(win, 0.0, 0.0), 0)
    assert len(win.session.dataset) == n  # the first tick owes a third of a point: none yet
    assert brushes.SPRAY_PER_S * 1 * 0.03 < 1


def test_a_spray_past_the_point_limit_adds_what_fits_and_says_why(win):
    from visualnet.limits import MAX_POINTS

    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (MAX_POINTS - 5, 2))
    win.session.set_dataset(Dataset(X, np.zeros(len(X), int)))
    win.dataset_view.sprayRequested.emit(np.full((20, 2), 0.5), 99)  # what a brush's tick asks for
    assert len(win.session.dataset) == MAX_POINTS
    assert "Not added" in win.statusBar().currentMessage()
    win.dataset_view.sprayRequested.emit(np.full((3, 2), 0.5), 99)  # full: nothing more
    assert len(win.session.dataset) == MAX_POINTS
    win.undo_stack.undo()
    assert len(win.session.dataset) == MAX_POINTS - 5
