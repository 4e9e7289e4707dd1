"""Weights edited by hand in the window: typed, nudged, locked, zeroed, dragged; each edit one undo step."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QInputMethodEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QMenu

from tests.app.mouse import click, drag
from tests.app.test_novikoff import perceptron_window
from visualnet.presenters import perceptron_handles as handles
from visualnet.presenters import weights


def shown_weights(window):
    """The weights view, its dock shown and raised (on the heatmaps)."""
    dock = window.docks["Weights"]
    dock.show()
    dock.raise_()
    QApplication.processEvents()
    view = window.weights_view
    assert view.plot.isVisible()
    return view


def cell_pos(view, key: str, row: int, col: int) -> QPoint:
    """The viewport pixel in the middle of heatmap cell (row, col) of `key`."""
    place = view.places[key]
    scene = view.canvas.mapViewToScene(QPointF(place.x + col + 0.5, place.y + row + 0.5))
    return view.plot.mapFromScene(scene)


def editor(view) -> QLineEdit:
    found = view.findChild(QLineEdit, "weightEditor")
    assert found is not None
    return found


def type_value(qtbot, view, key: str, row: int, col: int, text: str) -> QLineEdit:
    """Click a cell and type `text` (ASCII keys) into the editor that opens."""
    click(view.plot.viewport(), cell_pos(view, key, row, col))
    field = editor(view)
    assert field.isVisible()
    QTest.keyClicks(field, text)
    return field


def commit(field: QLineEdit, text: str) -> None:
    """What an input method sends when it commits `text` (full-width digits: no key press)."""
    field.selectAll()
    QApplication.sendEvent(field, QInputMethodEvent("", []))
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def wheel(widget, pos: QPoint, notches: int, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """One real wheel event of `notches` notches over `pos`."""
    event = QWheelEvent(QPointF(pos), QPointF(widget.mapToGlobal(pos)), QPoint(0, 0),
                        QPoint(0, 120 * notches), Qt.MouseButton.NoButton, modifiers,
                        Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


# the offscreen platform cannot raise a popup menu or let it grab the keyboard, and says so
POPUP = pytest.mark.qt_log_ignore("This plugin does not support raise",
                                  "does not support grabbing the keyboard")


def menu_action(qtbot, window, name: str) -> None:
    """Click the action `name` of the weights menu that is open."""
    menu = window.weights_view.editing.menu
    assert isinstance(menu, QMenu)
    qtbot.waitUntil(menu.isVisible)
    action = next(a for a in menu.actions() if a.objectName() == name)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())


def test_a_typed_value_is_the_weight_and_one_undo_step(qtbot, window) -> None:
    view = shown_weights(window)
    W1 = window.session.model.params["W1"]
    before, count = float(W1[0, 1]), window.undo_stack.count()
    field = type_value(qtbot, view, "W1", 0, 1, "0.375")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert not field.isVisible()
    assert W1[0, 1] == 0.375
    assert np.allclose(view.panels["W1"].data[0, 1], 0.375)  # the heatmap follows at once
    assert window.undo_stack.count() == count + 1
    assert window.undo_stack.undoText() == "Set W1[0, 1]"
    window.undo_stack.undo()
    assert W1[0, 1] == before  # exactly
    window.undo_stack.redo()
    assert W1[0, 1] == 0.375


def test_full_width_digits_from_an_input_method(qtbot, window) -> None:
    view = shown_weights(window)
    click(view.plot.viewport(), cell_pos(view, "b2", 0, 2))
    field = editor(view)
    commit(field, "－０．７５")
    assert field.text() == "－０．７５"
    QTest.keyClick(field, Qt.Key.Key_Enter)
    assert window.session.model.params["b2"][2] == -0.75


def test_escape_cancels_and_nonsense_is_refused_with_a_reason(qtbot, window) -> None:
    view = shown_weights(window)
    W2 = window.session.model.params["W2"].copy()
    count = window.undo_stack.count()
    field = type_value(qtbot, view, "W2", 1, 0, "1.5")
    QTest.keyClick(field, Qt.Key.Key_Escape)
    assert not field.isVisible()
    field = type_value(qtbot, view, "W2", 1, 0, "x")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert field.isVisible()  # still open, to correct
    assert "'x' is not part of a number" in window.statusBar().currentMessage()
    np.testing.assert_array_equal(window.session.model.params["W2"], W2)
    assert window.undo_stack.count() == count


def test_an_edit_of_a_network_since_reset_is_dropped_by_undo(qtbot, window) -> None:
    view = shown_weights(window)
    field = type_value(qtbot, view, "W1", 0, 0, "4")
    QTest.keyClick(field, Qt.Key.Key_Return)
    count = window.undo_stack.count()
    window.reset_weights()
    fresh = {k: v.copy() for k, v in window.session.model.params.items()}
    window.undo_stack.undo()  # the edit was of the old network: nothing happens to the new one
    for key, value in fresh.items():
        np.testing.assert_array_equal(window.session.model.params[key], value)
    assert window.undo_stack.count() == count - 1  # ... and the step is gone


def test_wheel_nudges_merge_into_one_step(qtbot, window) -> None:
    view = shown_weights(window)
    W1 = window.session.model.params["W1"]
    before = float(W1[1, 3])
    step = weights.nudge_step(W1)
    count = window.undo_stack.count()
    pos = cell_pos(view, "W1", 1, 3)
    for _ in range(3):
        wheel(view.plot.viewport(), pos, 1)
    wheel(view.plot.viewport(), pos, -1, Qt.KeyboardModifier.ShiftModifier)  # ten times as far back
    assert W1[1, 3] == pytest.approx(before + 3 * step - 10 * step)
    assert window.undo_stack.count() == count + 1
    window.undo_stack.undo()
    assert W1[1, 3] == before


@POPUP
def test_a_locked_weight_keeps_its_value_through_training(qtbot, window) -> None:
    view = shown_weights(window)
    session = window.session
    click(view.plot.viewport(), cell_pos(view, "W2", 2, 1), Qt.MouseButton.RightButton)
    menu_action(qtbot, window, "weightLockAction")
    assert session.is_locked("W2", 2 * session.model.params["W2"].shape[1] + 1)
    # a padlock on that cell, and the hover readout says so
    marks = view.lock_marks.getData()
    place = view.places["W2"]
    assert (list(marks[0]), list(marks[1])) == ([place.x + 1.5], [place.y + 2.5])
    before = {k: v.copy() for k, v in session.model.params.items()}
    session.step(100)
    after = session.model.params
    assert after["W2"][2, 1] == before["W2"][2, 1]
    changed = after["W2"] != before["W2"]
    # the others learn (those into a unit that ReLU keeps dead get no gradient and stay too)
    assert changed.sum() > after["W2"].size // 2
    assert not np.array_equal(after["W1"], before["W1"])
    view._on_mouse_moved(view.plot.mapToScene(cell_pos(view, "W2", 2, 1)))
    assert view.hover.text().endswith("(locked)")
    window.undo_stack.undo()  # the lock is one step too
    assert not session.is_locked("W2", 2 * after["W2"].shape[1] + 1)


@POPUP
def test_zero_layer_is_one_step_and_undo_brings_the_values_back(qtbot, window) -> None:
    view = shown_weights(window)
    params = window.session.model.params
    W2, b2 = params["W2"].copy(), params["b2"].copy()
    click(view.plot.viewport(), cell_pos(view, "W2", 0, 0), Qt.MouseButton.RightButton)
    menu_action(qtbot, window, "layerZeroAction")
    assert not params["W2"].any() and not params["b2"].any()
    assert window.undo_stack.undoText() == "Zero layer (W2, b2)"
    window.undo_stack.undo()
    np.testing.assert_array_equal(params["W2"], W2)
    np.testing.assert_array_equal(params["b2"], b2)


@POPUP
def test_randomize_and_lock_a_layer_from_its_title(qtbot, window) -> None:
    view = shown_weights(window)
    session = window.session
    place = view.places["W1"]
    title = view.plot.mapFromScene(view.canvas.mapViewToScene(QPointF(place.x + 0.5, place.y - 0.5)))
    click(view.plot.viewport(), title)
    assert [a.objectName() for a in view.editing.menu.actions() if a.objectName()] == [
        "layerLockAction", "layerZeroAction", "layerRandomizeAction"]
    W1 = session.model.params["W1"].copy()
    menu_action(qtbot, window, "layerRandomizeAction")
    drawn = session.model.params["W1"]
    assert not np.array_equal(drawn, W1) and np.all(np.isfinite(drawn)) and drawn.std() > 0
    click(view.plot.viewport(), title, Qt.MouseButton.RightButton)
    menu_action(qtbot, window, "layerLockAction")
    assert len(session.locks["W1"]) == W1.size and len(session.locks["b1"]) == session.model.params["b1"].size
    frozen = {k: session.model.params[k].copy() for k in ("W1", "b1")}
    session.step(50)
    for key, value in frozen.items():
        np.testing.assert_array_equal(session.model.params[key], value)
    assert len(view.lock_marks.getData()[0]) == W1.size + frozen["b1"].size


def test_editing_while_training_pauses(qtbot, window) -> None:
    view = shown_weights(window)
    window.set_playing(True)
    assert window.clock.isActive()
    click(view.plot.viewport(), cell_pos(view, "W1", 0, 0))
    assert not window.clock.isActive()
    QTest.keyClick(editor(view), Qt.Key.Key_Escape)
    window.set_playing(True)
    wheel(view.plot.viewport(), cell_pos(view, "W1", 0, 0), 1)
    assert not window.clock.isActive()


def test_the_diagram_edits_an_edge_and_a_node_bias(qtbot, window) -> None:
    view = shown_weights(window)
    view.show_diagram.setChecked(True)
    QApplication.processEvents()
    vb = view.diagram.getPlotItem().vb
    network = view.diagram.network
    # the edge W2[1, 2]: from unit 1 of layer 1 to unit 2 of layer 2, picked a quarter of the way
    # along (edges cross in their middles)
    x2, y2 = network.segments[1]
    index = 1 * window.session.model.params["W2"].shape[1] + 2
    along = QPointF(float(0.75 * x2[index, 0] + 0.25 * x2[index, 1]),
                    float(0.75 * y2[index, 0] + 0.25 * y2[index, 1]))
    middle = vb.mapViewToScene(along)
    click(view.diagram.viewport(), view.diagram.mapFromScene(middle))
    field = editor(view)
    QTest.keyClicks(field, "2.5")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert window.session.model.params["W2"][1, 2] == 2.5
    # the node of unit 0 of the output layer: its bias b3[0]
    sizes = [len(np.flatnonzero(network.node_x == c)) for c in np.unique(network.node_x)]
    node = sum(sizes[:-1])
    at = vb.mapViewToScene(QPointF(float(network.node_x[node]), float(network.node_y[node])))
    click(view.diagram.viewport(), view.diagram.mapFromScene(at))
    QTest.keyClicks(editor(view), "-1")
    QTest.keyClick(editor(view), Qt.Key.Key_Return)
    assert window.session.model.params["b3"][0] == -1.0


def test_an_earlier_iteration_shown_refuses_an_edit(qtbot, window) -> None:
    view = shown_weights(window)
    session = window.session
    session.step(300)
    session.show_iteration(0)
    if session.shown_iteration is None:
        pytest.skip("no earlier snapshot kept")
    shown = session.model.params["W1"].copy()
    count = window.undo_stack.count()
    field = type_value(qtbot, view, "W1", 0, 0, "3")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert "Not set" in window.statusBar().currentMessage()
    np.testing.assert_array_equal(session.model.params["W1"], shown)
    assert window.undo_stack.count() == count


def _data_pixel(window, p) -> QPoint:
    view = window.dataset_view
    return view.plot.mapFromScene(view.viewbox.mapViewToScene(QPointF(float(p[0]), float(p[1]))))


@pytest.mark.parametrize("handle", ["line", "tip"])
def test_dragging_a_perceptron_handle_sets_w_and_b_as_the_geometry_says(qtbot, window, handle) -> None:
    perceptron_window(window, "AND")
    session = window.session
    session.set_weights({"w": [0.5, 0.5], "b": [-0.7]})
    window.undo_stack.clear()
    handles_ = window.perceptron_handles
    QApplication.processEvents()
    places = handles_.places()
    assert places is not None and handles_.line.isVisible() and handles_.tip.isVisible()
    w0, b0 = session.model.w.copy(), session.model.b
    viewport = window.dataset_view.plot.viewport()
    start = _data_pixel(window, places.at(handle))
    end = start + QPoint(-30, 25)
    drag(qtbot, viewport, start, end)
    # the geometry of the drag as the presenter computes it, from the pixels the mouse went through
    vb = window.dataset_view.viewbox
    p0 = vb.mapSceneToView(window.dataset_view.plot.mapToScene(start))
    p1 = vb.mapSceneToView(window.dataset_view.plot.mapToScene(end))
    geometry = handles.HandleDrag(handle, w0, b0, places, np.array([p0.x(), p0.y()]))
    expected_w, expected_b = geometry.weights_at((p1.x(), p1.y()))
    np.testing.assert_allclose(session.model.w, expected_w, rtol=1e-9, atol=1e-12)
    assert session.model.b == pytest.approx(expected_b, rel=1e-9, abs=1e-12)
    if handle == "line":
        np.testing.assert_array_equal(session.model.w, w0)  # the line only moves along w
        assert session.model.b != b0
    else:
        assert not np.allclose(session.model.w, w0)
    assert window.undo_stack.count() == 1  # the whole drag: one step
    assert len(session.dataset) == 4  # the drag added no point
    window.undo_stack.undo()
    np.testing.assert_array_equal(session.model.w, w0)
    assert session.model.b == b0


def test_handles_hidden_for_a_network(qtbot, window) -> None:
    QApplication.processEvents()
    assert not window.perceptron_handles.line.isVisible()
    assert not window.perceptron_handles.tip.isVisible()


def test_tooltips_say_what_click_scroll_and_right_click_do(qtbot, window) -> None:
    view = shown_weights(window)
    for tip in (view.plot.toolTip(), view.diagram.toolTip()):
        assert "Click" in tip and "scroll" in tip and "right-click" in tip


def test_unused_event_type_is_left_alone(qtbot, window) -> None:
    """The wheel off the cells is not taken (the view may scroll or zoom as before)."""
    view = shown_weights(window)
    event = QWheelEvent(QPointF(1, 1), QPointF(1, 1), QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    assert view.editing.eventFilter(view.plot.viewport(), event) is False
    assert QEvent.Type.Wheel == event.type()


@POPUP
def test_the_edits_speak_chinese(qtbot, window, chinese) -> None:
    """The menu, the editor's tip, the steps' names and the handles' tips (zh_CN, once translated)."""
    from tests.app.visible_text import english_words

    view = shown_weights(window)
    click(view.plot.viewport(), cell_pos(view, "W1", 0, 0), Qt.MouseButton.RightButton)
    menu = view.editing.menu
    assert isinstance(menu, QMenu)
    shown = [a.text() for a in menu.actions() if a.text()] + [a.toolTip() for a in menu.actions() if a.text()]
    menu_action(qtbot, window, "layerZeroAction")
    click(view.plot.viewport(), cell_pos(view, "W1", 0, 0))
    shown += [editor(view).toolTip(), window.undo_stack.undoText()]
    shown += [view.plot.toolTip(), view.diagram.toolTip()]
    shown += [window.perceptron_handles.line.toolTip(), window.perceptron_handles.tip.toolTip()]
    left = [text for text in shown if english_words(text)]
    assert left == []


def test_undo_of_an_edit_after_more_training_puts_back_only_that_weight(qtbot, window) -> None:
    s = window.session
    s.step(50)
    before = s.model.params["W1"].copy()
    window.edit_weight("W1", 0, 0.75)
    s.step(100)  # training moves every weight on
    trained = s.model.params["W1"].copy()
    window.undo_stack.undo()
    W1 = s.model.params["W1"].reshape(-1)
    assert W1[0] == before.reshape(-1)[0]  # the edited weight is back as it was
    assert np.array_equal(W1[1:], trained.reshape(-1)[1:])  # the training since stays
