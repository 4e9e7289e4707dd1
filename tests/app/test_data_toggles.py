"""The data view's toggles with real clicks: test points hidden (not drawn, not clickable, not selected),
the field discretized (every pixel a class colour at full strength), both kept in the settings and in a
session file."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolButton

from tests.app.mouse import click, send_mouse
from visualnet import files
from visualnet.app import palette
from visualnet.app.window import MainWindow
from visualnet.core import grids
from visualnet.presenters import dataset as present
from visualnet.session import ROLE_TEST

LEFT = Qt.MouseButton.LeftButton


def toggle(qtbot, win: MainWindow, name: str) -> QAction:
    """Click the toggle's button under the data view; its action."""
    button = win.dataset_view.findChild(QToolButton, name + "Button")
    assert button.isVisible()
    qtbot.mouseClick(button, LEFT)
    return win.dataset_view.findChild(QAction, name)


def drawn(win: MainWindow) -> np.ndarray:
    """Every point the data view draws (its `points` shown and its `lifted`), (k, 2)."""
    view = win.dataset_view
    base = view.points.data[view.points.data["visible"]]
    lifted = view.lifted.data if view.lifted.isVisible() else view.lifted.data[:0]
    xs, ys = np.concatenate([base["x"], lifted["x"]]), np.concatenate([base["y"], lifted["y"]])
    return np.column_stack([xs, ys])


def rows(a: np.ndarray) -> set[tuple[float, float]]:
    return {(float(x), float(y)) for x, y in a}


def viewport_pos(win: MainWindow, xy: np.ndarray):
    view = win.dataset_view
    return view.plot.mapFromScene(view.viewbox.mapViewToScene(QPointF(float(xy[0]), float(xy[1]))))


def test_hidden_test_points_are_neither_drawn_nor_clickable(qtbot, window: MainWindow) -> None:
    s, view = window.session, window.dataset_view
    test = s.roles == ROLE_TEST
    assert test.sum() > 0 and rows(s.dataset.X) == rows(drawn(window))
    action = toggle(qtbot, window, "showTestData")
    assert not action.isChecked()
    assert rows(drawn(window)) == rows(s.dataset.X[~test])  # the scatter holds no test point
    # a click on a test point finds nothing there: with the Select tool, nothing is selected
    view.tools.set_tool("select")
    # a test point with no other point within the click's reach
    pixel = view.viewbox.viewPixelSize()
    j = next(int(k) for k in np.flatnonzero(test)
             if present.point_at(s.dataset.X, *s.dataset.X[k], pixel, hidden=test) < 0)
    target = s.dataset.X[j]
    click(view.plot.viewport(), viewport_pos(window, target))
    assert len(s.selection) == 0
    view.select_all()  # Ctrl+A: the points shown
    np.testing.assert_array_equal(s.selection, np.flatnonzero(~test))
    view.clear_selection()
    view.select_in_rect(QPointF(-5, -5), QPointF(5, 5))  # a rubber band round everything
    np.testing.assert_array_equal(s.selection, np.flatnonzero(~test))
    view.clear_selection()
    # shown again: drawn again
    toggle(qtbot, window, "showTestData")
    assert rows(drawn(window)) == rows(s.dataset.X)
    click(view.plot.viewport(), viewport_pos(window, target))  # now it is found: selected too
    assert j in s.selection


def test_adding_and_dragging_while_test_points_are_hidden(qtbot, window: MainWindow) -> None:
    s = window.session
    toggle(qtbot, window, "showTestData")
    window.add_point(0.05, 0.07)  # what a click on empty space asks for
    test = s.roles == ROLE_TEST
    assert rows(drawn(window)) == rows(s.dataset.X[~test])
    i = int(np.flatnonzero(~test)[3])
    window.move_point(i, 0.3, -0.2, 1, True)
    assert (0.3, -0.2) in rows(drawn(window)) and rows(drawn(window)) == rows(s.dataset.X[~test])


def test_discretized_field_is_the_class_colours_at_full_strength(qtbot, window: MainWindow) -> None:
    view = window.dataset_view
    soft = view.field.image.copy()
    action = toggle(qtbot, window, "discretizeOutput")
    assert action.isChecked()
    hard = view.field.image
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    probs = grids.decision_field(window.session.model, (x0, x1), (y0, y1), view.field_shape)
    solid = np.rint(255 * palette.class_rgb()).astype(np.uint8)
    np.testing.assert_array_equal(hard, solid[probs.argmax(axis=-1)])
    assert len(np.unique(hard.reshape(-1, 3), axis=0)) == 2  # two classes, two colours
    assert len(np.unique(soft.reshape(-1, 3), axis=0)) > 2  # the probabilities: many shades
    toggle(qtbot, window, "discretizeOutput")
    np.testing.assert_array_equal(view.field.image, soft)


def test_toggles_survive_the_settings(qtbot, window: MainWindow, settings) -> None:
    toggle(qtbot, window, "showTestData")
    toggle(qtbot, window, "discretizeOutput")
    window.write_settings()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert not again.dataset_view.toggles.show_test.isChecked()
    assert again.dataset_view.toggles.discretize.isChecked()
    assert rows(drawn(again)) == rows(again.session.dataset.X[again.session.roles != ROLE_TEST])
    toggle_back = again.dataset_view.toggles
    toggle_back.set_options({"show_test": True, "discretize": False})
    again.write_settings()
    third = MainWindow(settings=settings)
    qtbot.addWidget(third)
    assert third.dataset_view.toggles.options() == {"show_test": True, "discretize": False}


def test_session_files_keep_the_view_options(window: MainWindow, tmp_path) -> None:
    path = tmp_path / "s.visualnet.json"
    doc = window.session.to_document()
    files.save_session(path, doc)
    assert "view" not in json.loads(path.read_text())  # none given: the file is as before
    assert files.load_session(path).view is None
    doc.view = {"show_test": False, "discretize": True}
    files.save_session(path, doc)
    assert json.loads(path.read_text())["view"] == {"show_test": False, "discretize": True}
    back = files.load_session(path)
    assert back.view == {"show_test": False, "discretize": True}
    window.dataset_view.toggles.set_options(back.view)
    assert window.dataset_view.toggles.options() == back.view
    # odd values are the look, not the work: left out, the file still opens
    text = json.loads(path.read_text())
    text["view"] = {"show_test": "no", "discretize": True, "zoom": 3}
    path.write_text(json.dumps(text))
    assert files.load_session(path).view == {"discretize": True}
    text["view"] = [1, 2]
    path.write_text(json.dumps(text))
    assert files.load_session(path).view is None


def test_the_eraser_leaves_hidden_test_points(qtbot, window: MainWindow) -> None:
    s, view = window.session, window.dataset_view
    window.connect_data_tools()
    toggle(qtbot, window, "showTestData")
    view.tools.set_tool("erase")
    view.tools.radius.setValue(400)  # the whole view
    test_points = s.dataset.X[s.roles == ROLE_TEST].copy()
    vp, at = view.plot.viewport(), viewport_pos(window, np.array([0.0, 0.0]))
    nothing = Qt.MouseButton.NoButton
    send_mouse(vp, QEvent.Type.MouseMove, at, nothing, nothing)
    send_mouse(vp, QEvent.Type.MouseButtonPress, at, LEFT, LEFT)
    qtbot.wait(60)
    send_mouse(vp, QEvent.Type.MouseButtonRelease, at, LEFT, nothing)
    assert rows(s.dataset.X) == rows(test_points)  # every point shown erased, the hidden ones kept
    assert len(drawn(window)) == 0
