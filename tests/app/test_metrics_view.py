"""The confusion-matrix panel: its cells are a direct count of the chosen set and follow every step, the set
switch (an empty set disabled), hover and click on a cell, regression and the perceptron, and its dock."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QTableWidget, QToolButton, QWidget

from tests.app.mouse import click, send_mouse
from tests.app.test_neuron_maps_view import Clock
from visualnet.app import layout, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.menus import SHORTCUTS_HELP
from visualnet.app.views.metrics_view import MetricsView
from visualnet.core import data
from visualnet.presenters import metrics
from visualnet.presenters.neuron_maps import RefreshSchedule
from visualnet.session import ROLE_TEST, ROLE_TRAIN, Config, Session

_shown: list[QWidget] = []  # the test's views, alive until it ends (Python owns them)


@pytest.fixture(autouse=True)
def _forget_views():
    yield
    _shown.clear()


def make_view(qtbot, session: Session) -> MetricsView:
    """The panel alone, shown, following the session through a bridge."""
    bridge = SessionBridge(session)
    view = steady(MetricsView(session, bridge))
    bridge.setParent(view)
    qtbot.addWidget(view)
    _shown.append(view)
    view.resize(420, 520)
    view.show()
    qtbot.waitExposed(view)
    return view


def steady(view: MetricsView) -> MetricsView:
    """Every update free from now on: none is put off, whatever the machine's load."""
    view.clock = lambda: 0.0
    view.schedule = RefreshSchedule()  # the updates so far timed on the real clock forgotten
    return view


def direct_count(session: Session, role: int) -> np.ndarray:
    """The confusion matrix by a loop over the set's points, with the model's own predictions."""
    idx = session.indices(role)
    predicted = session.model.predict(session.dataset.X[idx])
    k = max(2, int(session.dataset.n_classes or 0))
    counts = np.zeros((k, k), int)
    for t, p in zip(session.dataset.y[idx], predicted, strict=True):
        counts[t, p] += 1
    return counts


def shown_counts(view: MetricsView) -> np.ndarray:
    """The numbers in the matrix's cells, as read off the table."""
    t = view.table
    return np.array([[int(t.item(i, j).text().replace(",", "")) for j in range(t.columnCount())]
                     for i in range(t.rowCount())])


def cell_centre(table: QTableWidget, row: int, column: int) -> QPoint:
    return table.visualRect(table.model().index(row, column)).center()


def button(view: MetricsView, name: str) -> QToolButton:
    found = view.findChild(QToolButton, name)
    assert found is not None
    return found


def test_the_cells_are_a_direct_count_and_follow_each_step(qtbot) -> None:
    s = Session.from_preset("XOR clouds", Config(hidden=(4,)))
    view = make_view(qtbot, s)
    np.testing.assert_array_equal(shown_counts(view), direct_count(s, ROLE_TRAIN))
    before = shown_counts(view)
    s.step(60)  # through the bridge: the view hears `stepped`
    after = shown_counts(view)
    np.testing.assert_array_equal(after, direct_count(s, ROLE_TRAIN))
    assert not np.array_equal(before, after)  # the untrained net's mistakes were corrected
    assert after.sum() == s.role_counts()[0]
    right = int(np.trace(after))
    assert view.accuracy.text().startswith("Accuracy ") and f"({right} of {after.sum()} points right)" \
        in view.accuracy.text()
    # precision and recall under the matrix: the diagonal over its column's and its row's sum
    diagonal = np.diag(after)
    for row, ratios in enumerate((diagonal / after.sum(axis=0), diagonal / after.sum(axis=1))):
        shown = [view.per_class.item(row, j).text() for j in range(2)]
        assert shown == [metrics.ratio_text(v) for v in ratios]
    assert [view.per_class.verticalHeaderItem(i).text() for i in range(3)] == ["Precision", "Recall", "F1"]


def test_the_switch_shows_each_set_and_disables_an_empty_one(qtbot) -> None:
    s = Session.from_preset("XOR clouds")  # split 8:2, no validation set
    s.step(30)
    view = make_view(qtbot, s)
    switch = view.findChild(QWidget, "confusionSet")
    assert switch is not None and switch.isVisible()
    train, val, test = (button(view, n) for n in ("confusionSetTrain", "confusionSetValidation",
                                                   "confusionSetTest"))
    assert train.isChecked() and not val.isEnabled() and test.isEnabled()
    assert test.text() == f"Test\n{s.role_counts()[2]}"
    qtbot.mouseClick(test, Qt.MouseButton.LeftButton)
    assert view.role == ROLE_TEST and test.isChecked()
    np.testing.assert_array_equal(shown_counts(view), direct_count(s, ROLE_TEST))
    s.configure(split=(6, 2, 2))  # a validation set now: its button can be used
    assert val.isEnabled()
    qtbot.mouseClick(val, Qt.MouseButton.LeftButton)
    np.testing.assert_array_equal(shown_counts(view), direct_count(s, 1))
    s.configure(split=(8, 2))  # the validation set is gone: back to training
    assert not val.isEnabled() and view.role == ROLE_TRAIN and train.isChecked()
    np.testing.assert_array_equal(shown_counts(view), direct_count(s, ROLE_TRAIN))


def test_hovering_a_cell_says_what_it_counts_and_a_click_selects_its_points(qtbot) -> None:
    s = Session.from_preset("XOR clouds", Config(hidden=(2,)))
    s.step(3)  # an untrained net: mistakes in both off-diagonal cells, most likely
    view = make_view(qtbot, s)
    counts = direct_count(s, ROLE_TRAIN)
    row, column = max(((1, 0), (0, 1)), key=lambda rc: counts[rc])  # the fuller off-diagonal cell
    assert counts[row, column] > 1
    port = view.table.viewport()
    send_mouse(port, QEvent.Type.MouseMove, cell_centre(view.table, row, column), Qt.MouseButton.NoButton,
               Qt.MouseButton.NoButton)
    said = f"{counts[row, column]} points of class {row + 1} predicted as class {column + 1}"
    assert view.caption.text() == said
    assert view.table.item(row, column).toolTip() == said
    click(port, cell_centre(view.table, row, column))
    idx = s.indices(ROLE_TRAIN)
    wanted = idx[(s.dataset.y[idx] == row) & (s.model.predict(s.dataset.X[idx]) == column)]
    np.testing.assert_array_equal(s.selection, np.sort(wanted))
    assert len(s.selection) == counts[row, column]


def test_regression_says_a_confusion_matrix_is_for_classification(qtbot) -> None:
    s = Session.from_preset("XOR clouds")
    view = make_view(qtbot, s)
    s.set_dataset(data.PRESETS["Sine"].make(seed=0))
    assert view.unavailable.isVisible() and "for classification" in view.unavailable.text()
    assert not view.table.isVisible() and not view.findChild(QWidget, "confusionSet").isVisible()
    s.set_dataset(data.PRESETS["Moons"].make(seed=0))  # back to classes: the matrix again
    assert view.table.isVisible() and not view.unavailable.isVisible()
    np.testing.assert_array_equal(shown_counts(view), direct_count(s, ROLE_TRAIN))


def test_a_perceptron_has_a_two_by_two_matrix_and_more_classes_a_larger_one(qtbot) -> None:
    s = Session.from_preset("Blobs", Config(model="Perceptron"))
    s.step(5)
    view = make_view(qtbot, s)
    assert view.table.rowCount() == view.table.columnCount() == 2
    np.testing.assert_array_equal(shown_counts(view), direct_count(s, ROLE_TRAIN))
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(200, 2)), rng.integers(0, 5, 200)
    s.configure(model="MLP")
    s.set_dataset(data.Dataset(X, y, "classification", 5))
    assert view.table.rowCount() == 5 and view.per_class.columnCount() == 5
    np.testing.assert_array_equal(shown_counts(view), direct_count(s, ROLE_TRAIN))
    assert [view.table.verticalHeaderItem(i).text() for i in range(5)] == ["1", "2", "3", "4", "5"]


def test_the_predictions_are_not_computed_again_for_the_same_weights(qtbot) -> None:
    s = Session.from_preset("XOR clouds")
    view = make_view(qtbot, s)
    runs = view.cache.computed
    view.refresh()
    s.set_locked("W1", [0])  # weights_changed without new weights
    assert view.cache.computed == runs
    s.step(1)
    assert view.cache.computed == runs + 1


def test_the_dock_opens_beside_the_loss_curve_from_its_action(qtbot, window) -> None:
    action = window.findChild(QAction, "actionConfusionMatrix")
    assert action is not None and action.shortcut() == QKeySequence("Ctrl+Shift+M")
    assert action in window.view_menu.actions()
    assert "<b>Ctrl+Shift+M</b>" in SHORTCUTS_HELP
    assert window.docks.get("Confusion matrix") is None  # made on first use
    action.trigger()
    dock = window.findChild(QDockWidget, "confusionMatrix")
    assert dock is not None and dock.isVisible() and dock.windowTitle() == "Confusion matrix"
    assert window.docks["Loss curve"] in window.tabifiedDockWidgets(dock)  # a tab beside the loss curve
    assert not dock.isFloating()
    view = dock.widget()
    assert isinstance(view, MetricsView) and view.session is window.session
    steady(view)
    window.session.step(20)
    np.testing.assert_array_equal(shown_counts(view), direct_count(window.session, ROLE_TRAIN))
    dock.close()
    window.show_confusion_matrix()
    assert dock.isVisible() and window.docks["Confusion matrix"] is dock
    assert window.docks["Loss curve"] in window.tabifiedDockWidgets(dock)


def test_the_hovered_cell_s_words_follow_training_and_leave_with_the_mouse(qtbot) -> None:
    s = Session.from_preset("XOR clouds", Config(hidden=(4,)))
    view = make_view(qtbot, s)
    port = view.table.viewport()
    send_mouse(port, QEvent.Type.MouseMove, cell_centre(view.table, 0, 0), Qt.MouseButton.NoButton,
               Qt.MouseButton.NoButton)
    s.step(80)  # the mouse stays: the words say the newest count
    count = direct_count(s, ROLE_TRAIN)[0, 0]
    assert view.caption.text() == f"{count} points of class 1 predicted as class 1 (right)"
    QApplication.sendEvent(port, QEvent(QEvent.Type.Leave))
    assert view.caption.text().startswith("Hover a cell")


def test_with_room_under_the_loss_curve_the_matrix_goes_there(qtbot, window) -> None:
    window.docks["Activations"].close()  # the loss curve takes the whole right column
    qtbot.wait(20)
    curve = window.docks["Loss curve"]
    assert curve.height() >= 2 * layout.CONFUSION_MIN.height()
    window.show_confusion_matrix()
    qtbot.wait(20)
    dock = window.docks["Confusion matrix"]
    assert not window.tabifiedDockWidgets(dock) and curve.isVisible() and dock.isVisible()
    assert dock.geometry().top() >= curve.geometry().bottom() and dock.x() == curve.x()
    assert dock.height() >= layout.CONFUSION_MIN.height() - 40  # its title bar aside
    assert not window.layout_problems()


def test_dark_cells_get_light_numbers_in_either_theme(qtbot, window) -> None:
    window.session.step(50)
    window.show_confusion_matrix()
    view = steady(window.docks["Confusion matrix"].widget())
    for name in ("dark", "light"):
        window.set_theme(name)
        qtbot.wait(10)
        fullest = np.unravel_index(np.argmax(shown_counts(view)), (2, 2))
        item = view.table.item(*fullest)
        assert theme.contrast(item.foreground().color(), item.background().color()) >= 4.5
        cells = [view.table.item(i, j) for i in range(2) for j in range(2)]
        for cell in (c for c in cells if c.text() == "0"):  # no points: the table's own background
            assert cell.background().color() == QColor(theme.current().base)


def test_an_update_over_its_budget_waits_and_says_so(qtbot) -> None:
    s = Session.from_preset("XOR clouds", Config(hidden=(4,)))
    view = make_view(qtbot, s)
    view.clock = Clock(0.010)  # every update seems to take 10 ms: over the 4 ms budget
    view.refresh()
    assert view.schedule.throttled and view.caption.text().startswith("Updated every ")
    drawn = shown_counts(view)
    s.step(80)
    np.testing.assert_array_equal(shown_counts(view), drawn)  # put off ...
    assert view._pending.isActive()
    qtbot.waitUntil(lambda: np.array_equal(shown_counts(view), direct_count(s, ROLE_TRAIN)), timeout=2000)


def test_a_drag_over_its_budget_takes_turns_and_counts_where_the_points_went(qtbot) -> None:
    s = Session.from_preset("XOR clouds", Config(hidden=(4,)))
    view = make_view(qtbot, s)
    view.clock = Clock(0.010)  # every update seems to take 10 ms: over the 4 ms budget
    view.refresh()
    drawn = shown_counts(view)
    X = s.dataset.X
    far = [int(np.argmax(X[:, 0])), int(np.argmin(X[:, 0]))]  # two points dragged across the plane
    s.move_points(far, X[far][::-1])
    np.testing.assert_array_equal(shown_counts(view), drawn)  # put off ...
    assert view._pending.isActive()
    s.move_points(far, X[far] * -1.0)  # ... the next move too
    qtbot.waitUntil(lambda: not view._pending.isActive(), timeout=2000)  # ... until its turn comes
    np.testing.assert_array_equal(shown_counts(view), direct_count(s, ROLE_TRAIN))  # where they are now


def test_a_matrix_in_a_tab_behind_the_loss_curve_does_no_work(qtbot, window) -> None:
    window.show_confusion_matrix()
    dock = window.docks["Confusion matrix"]
    view = dock.widget()
    assert isinstance(view, MetricsView)
    steady(view)
    curve = window.docks["Loss curve"]
    assert curve in window.tabifiedDockWidgets(dock)
    curve.raise_()  # the loss curve's tab in front: the matrix behind it
    qtbot.wait(20)
    assert view.isVisible() and view.exposure.behind  # Qt keeps a tab behind another "visible"
    runs, shown = view.cache.computed, shown_counts(view)
    for _ in range(5):
        window.session.step(10)
    assert view.cache.computed == runs and view.exposure.missed  # no prediction, no count
    np.testing.assert_array_equal(shown_counts(view), shown)
    dock.raise_()  # in front again: the newest counts right after its first paint
    qtbot.waitUntil(lambda: np.array_equal(shown_counts(view), direct_count(window.session, ROLE_TRAIN)))
    assert view.cache.computed == runs + 1 and not view.exposure.missed
