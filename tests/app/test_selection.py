"""Selecting several points in the data view with real mouse and keyboard input: the rubber band,
moving and deleting the selection as one undo step, and when the selection is dropped."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.app.mouse import click, drag
from visualnet.app.window import MainWindow

SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT, NO_BUTTON = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton


def send(widget: QWidget, kind: QEvent.Type, pos: QPoint, button: Qt.MouseButton, buttons: Qt.MouseButton,
         modifiers: Qt.KeyboardModifier) -> None:
    """One real QMouseEvent with keyboard modifiers held."""
    local = QPointF(pos)
    event = QMouseEvent(kind, local, widget.mapToGlobal(local), button, buttons, modifiers)
    QApplication.sendEvent(widget, event)


def shift_drag(qtbot, widget: QWidget, start: QPoint, end: QPoint, steps: int = 8,
               modifiers: Qt.KeyboardModifier = SHIFT) -> None:
    """Press at start, move to end in steps and release, with Shift (or `modifiers`) held."""
    send(widget, QEvent.Type.MouseMove, start, NO_BUTTON, NO_BUTTON, modifiers)
    send(widget, QEvent.Type.MouseButtonPress, start, LEFT, LEFT, modifiers)
    for k in range(1, steps + 1):
        send(widget, QEvent.Type.MouseMove, start + (end - start) * (k / steps), NO_BUTTON, LEFT, modifiers)
        qtbot.wait(5)
    send(widget, QEvent.Type.MouseButtonRelease, end, LEFT, NO_BUTTON, modifiers)
    qtbot.wait(5)


def viewport(window: MainWindow) -> QWidget:
    """The widget the data view's mouse events go to."""
    return window.dataset_view.plot.viewport()


def to_data(window: MainWindow, pos: QPoint) -> tuple[float, float]:
    """Data coordinates of a viewport position."""
    p = window.dataset_view.viewbox.mapSceneToView(window.dataset_view.plot.mapToScene(pos))
    return p.x(), p.y()


def to_viewport(window: MainWindow, x: float, y: float) -> QPoint:
    """Viewport position (rounded to a pixel) of data coordinates."""
    scene = window.dataset_view.viewbox.mapViewToScene(QPointF(x, y))
    return window.dataset_view.plot.mapFromScene(scene)


def inside(X: np.ndarray, a: tuple[float, float], b: tuple[float, float]) -> np.ndarray:
    """Indices of the rows of X inside the rectangle with corners a and b."""
    (x0, x1), (y0, y1) = sorted((a[0], b[0])), sorted((a[1], b[1]))
    return np.flatnonzero((X[:, 0] >= x0) & (X[:, 0] <= x1) & (X[:, 1] >= y0) & (X[:, 1] <= y1))


def band_select(qtbot, window: MainWindow, fx: tuple[float, float] = (0.3, 0.55),
                fy: tuple[float, float] = (0.3, 0.6)) -> np.ndarray:
    """Shift-drag a rubber band over a fraction of the viewport; returns the points inside it,
    computed from the dataset's coordinates."""
    vp = viewport(window)
    start = QPoint(int(fx[0] * vp.width()), int(fy[0] * vp.height()))
    end = QPoint(int(fx[1] * vp.width()), int(fy[1] * vp.height()))
    shift_drag(qtbot, vp, start, end)
    return inside(window.session.dataset.X, to_data(window, start), to_data(window, end))


def empty_spot(window: MainWindow) -> QPoint:
    """A viewport position with no point within 30 pixels."""
    vp = viewport(window)
    P = np.array([[q.x(), q.y()] for q in (to_viewport(window, *x) for x in window.session.dataset.X)])
    for fx in np.linspace(0.05, 0.95, 19):
        for fy in np.linspace(0.05, 0.95, 19):
            pos = QPoint(int(fx * vp.width()), int(fy * vp.height()))
            if np.min(np.hypot(P[:, 0] - pos.x(), P[:, 1] - pos.y())) > 30:
                return pos
    raise AssertionError("no empty place in the view")


def test_shift_drag_selects_exactly_the_points_inside_the_rectangle(qtbot, window):
    s = window.session
    before = s.dataset.X.copy()
    view_range = window.dataset_view.viewbox.viewRange()
    expected = band_select(qtbot, window)
    assert 3 <= len(expected) < len(before)  # the band holds some points, not all
    np.testing.assert_array_equal(window.dataset_view.selected_indices(), expected)
    # Selecting neither moves points nor pans the view, and the band is gone on release.
    np.testing.assert_array_equal(s.dataset.X, before)
    assert window.dataset_view.viewbox.viewRange() == view_range
    assert not window.dataset_view.band.isVisible()
    assert window.undo_stack.count() == 0
    # The selected points are drawn highlighted, and the count is said.
    halo = np.column_stack(window.dataset_view.selected.getData())
    np.testing.assert_array_equal(halo, before[expected])
    assert f"{len(expected)} points selected" in window.statusBar().currentMessage()
    assert f"{len(expected)} points selected" in window.dataset_view.plot.toolTip()
    # Ctrl+Shift+drag adds a second rectangle to the selection.
    vp = viewport(window)
    start = QPoint(int(0.6 * vp.width()), int(0.3 * vp.height()))
    end = QPoint(int(0.8 * vp.width()), int(0.6 * vp.height()))
    shift_drag(qtbot, vp, start, end, modifiers=SHIFT | Qt.KeyboardModifier.ControlModifier)
    second = inside(before, to_data(window, start), to_data(window, end))
    np.testing.assert_array_equal(window.dataset_view.selected_indices(), np.union1d(expected, second))


def test_dragging_a_selected_point_moves_them_all_as_one_undo_step(qtbot, window):
    s = window.session
    chosen = band_select(qtbot, window)
    before = s.dataset.X.copy()
    grab = chosen[len(chosen) // 2]
    start = to_viewport(window, *before[grab])
    assert window.dataset_view.viewbox.point_at(window.dataset_view.plot.mapToScene(start)) in chosen
    end = start + QPoint(60, -40)
    drag(qtbot, viewport(window), start, end)
    after = s.dataset.X
    offsets = after[chosen] - before[chosen]
    # every selected point moved by one and the same offset; the others stayed exactly
    np.testing.assert_allclose(offsets, np.broadcast_to(offsets[0], offsets.shape), rtol=0, atol=1e-12)
    others = np.setdiff1d(np.arange(len(before)), chosen)
    np.testing.assert_array_equal(after[others], before[others])
    # ... the offset of the mouse, to a pixel or two
    px, py = window.dataset_view.viewbox.viewPixelSize()
    assert abs(offsets[0, 0] - 60 * px) <= 2 * px and abs(offsets[0, 1] - 40 * py) <= 2 * py
    # the halo followed, the selection is kept, and the whole drag is one undo step
    np.testing.assert_array_equal(np.column_stack(window.dataset_view.selected.getData()), after[chosen])
    np.testing.assert_array_equal(window.dataset_view.selected_indices(), chosen)
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Move points"
    moved = after.copy()
    window.actionUndo.trigger()
    np.testing.assert_array_equal(s.dataset.X, before)
    np.testing.assert_array_equal(window.dataset_view.selected_indices(), chosen)
    window.actionRedo.trigger()
    np.testing.assert_array_equal(s.dataset.X, moved)


def test_delete_removes_exactly_the_selection_and_undo_restores_the_dataset(qtbot, window):
    s = window.session
    X, y, roles = s.dataset.X.copy(), s.dataset.y.copy(), s.roles.copy()
    chosen = band_select(qtbot, window)
    window.dataset_view.plot.setFocus()
    qtbot.keyClick(window.dataset_view.plot, Qt.Key.Key_Delete)
    keep = np.setdiff1d(np.arange(len(X)), chosen)
    np.testing.assert_array_equal(s.dataset.X, X[keep])
    np.testing.assert_array_equal(s.dataset.y, y[keep])
    np.testing.assert_array_equal(s.roles, roles[keep])
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == f"Delete {len(chosen)} points"
    assert len(window.dataset_view.selected_indices()) == 0  # no stale indices
    assert len(window.dataset_view.selected.getData()[0]) == 0
    window.actionUndo.trigger()  # the exact dataset: same order, labels and roles
    np.testing.assert_array_equal(s.dataset.X, X)
    np.testing.assert_array_equal(s.dataset.y, y)
    np.testing.assert_array_equal(s.roles, roles)
    window.actionRedo.trigger()
    np.testing.assert_array_equal(s.dataset.X, X[keep])


def test_delete_without_a_selection_still_deletes_the_point_under_the_mouse(qtbot, window):
    s = window.session
    X = s.dataset.X.copy()
    i = len(X) // 3
    pos = to_viewport(window, *X[i])
    target = window.dataset_view.viewbox.point_at(window.dataset_view.plot.mapToScene(pos))
    send(viewport(window), QEvent.Type.MouseMove, pos, NO_BUTTON, NO_BUTTON, Qt.KeyboardModifier.NoModifier)
    assert window.dataset_view.hovered_index == target >= 0
    window.actionDelete.trigger()
    np.testing.assert_array_equal(s.dataset.X, np.delete(X, target, axis=0))


def test_escape_or_a_click_on_empty_space_clears_the_selection(qtbot, window):
    s = window.session
    n = len(s.dataset)
    assert len(band_select(qtbot, window))
    window.dataset_view.plot.setFocus()
    qtbot.keyClick(window.dataset_view.plot, Qt.Key.Key_Escape)
    assert len(window.dataset_view.selected_indices()) == 0
    assert window.statusBar().currentMessage() == ""
    assert len(band_select(qtbot, window))
    spot = empty_spot(window)
    click(viewport(window), spot)  # the first click only drops the selection ...
    assert len(window.dataset_view.selected_indices()) == 0
    assert len(s.dataset) == n
    click(viewport(window), spot)  # ... the next one adds a point, as always
    assert len(s.dataset) == n + 1


def test_ctrl_a_selects_all_and_shift_click_toggles_one_point(qtbot, window):
    s = window.session
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    assert window.actionSelectAll in edit.actions()
    window.dataset_view.plot.setFocus()
    qtbot.keyClick(window.dataset_view.plot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(window.dataset_view.selected_indices(), np.arange(len(s.dataset)))
    qtbot.keyClick(window.dataset_view.plot, Qt.Key.Key_Escape)
    i = len(s.dataset) // 2
    pos = to_viewport(window, *s.dataset.X[i])
    target = window.dataset_view.viewbox.point_at(window.dataset_view.plot.mapToScene(pos))
    for expected in ([target], []):
        send(viewport(window), QEvent.Type.MouseMove, pos, NO_BUTTON, NO_BUTTON, SHIFT)
        send(viewport(window), QEvent.Type.MouseButtonPress, pos, LEFT, LEFT, SHIFT)
        send(viewport(window), QEvent.Type.MouseButtonRelease, pos, LEFT, NO_BUTTON, SHIFT)
        np.testing.assert_array_equal(window.dataset_view.selected_indices(), expected)


def test_selection_is_dropped_when_the_dataset_is_replaced(qtbot, window):
    s = window.session
    n = len(s.dataset)
    assert len(band_select(qtbot, window))
    window.load_preset("Moons")
    assert len(window.dataset_view.selected_indices()) == 0
    # the same preset again with the same count: other points, so no selection either
    window.load_preset("XOR clouds", count=n)
    assert len(band_select(qtbot, window))
    window.load_preset("XOR clouds", count=n, noise=0.35)
    assert len(s.dataset) == n and len(window.dataset_view.selected_indices()) == 0
    assert len(band_select(qtbot, window))
    window.actionUndo.trigger()  # back to the previous points: a new dataset too
    assert len(window.dataset_view.selected_indices()) == 0


def test_selection_follows_its_points_when_another_point_is_deleted(qtbot, window):
    s = window.session
    chosen = band_select(qtbot, window)
    picked = s.dataset.X[chosen].copy()
    # right-click a point that is not selected and comes before some selected ones
    X = s.dataset.X
    candidates = [j for j in range(int(chosen.max())) if j not in chosen]
    j = next(j for j in candidates
             if window.dataset_view.viewbox.point_at(
                 window.dataset_view.plot.mapToScene(to_viewport(window, *X[j]))) == j)
    click(viewport(window), to_viewport(window, *X[j]), Qt.MouseButton.RightButton)
    assert len(s.dataset) == len(X) - 1
    np.testing.assert_array_equal(s.dataset.X[window.dataset_view.selected_indices()], picked)
    window.actionUndo.trigger()  # the point comes back before them: the selection is renumbered again
    np.testing.assert_array_equal(window.dataset_view.selected_indices(), chosen)
    np.testing.assert_array_equal(s.dataset.X[chosen], picked)
