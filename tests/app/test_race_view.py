"""The network race panel in the real window, driven with real clicks (offscreen)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import Qt, QTimer

from tests.app.mouse import nonfinite_items
from visualnet.app import layout
from visualnet.app.race_view import LOSS_VIEW_CAP, RaceView
from visualnet.app.window import SHORTCUTS_HELP


def open_race(window) -> RaceView:
    """Open the race through its action and return the panel."""
    window.actionRace.trigger()
    view = window.findChild(RaceView, "raceView")
    assert view is not None and view.isVisible()
    return view


def items(view: RaceView) -> list:
    """Every plot item the panel draws with."""
    return [view.image, view.contours, view.start_marker, view.heads, view.crosses, view.loss_crosses,
            *view.paths.values(), *view.loss_curves.values()]


def curve_xy(item) -> np.ndarray:
    """(m, 2) the points a PlotDataItem / PlotCurveItem / ScatterPlotItem holds."""
    if isinstance(item, pg.ScatterPlotItem):
        x, y = item.data["x"], item.data["y"]
    else:
        x, y = item.getData()
    if x is None:
        return np.empty((0, 2))
    return np.column_stack([x, y])


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_race_opens_in_a_window_of_its_own_where_no_tab_has_room(qtbot, window) -> None:
    assert window.actionRace.shortcut().toString() == "Ctrl+Shift+R"
    # the F1 list names it (and the playground's) with the shortcut the action really has
    for action in (window.actionRace, window.actionPlayground):
        assert f"<b>{action.shortcut().toString()}</b>" in SHORTCUTS_HELP
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert window.actionRace in view_menu.actions()
    view = open_race(window)
    dock = window.docks["Network race"]
    assert dock.objectName() == "NetworkRaceDock" and dock.widget() is view
    # at 1280x800 the loss surface's tab is far smaller than the race needs: its own window, on screen
    assert window.docks["Loss surface"].widget().height() < layout.RACE_MIN.height()
    assert dock.isFloating() and dock.isWindow()
    assert dock.width() >= layout.RACE_MIN.width() and dock.height() >= layout.RACE_MIN.height()
    assert layout.available_geometry().contains(dock.geometry())
    for name in ("raceLossPlot", "raceSurfacePlot", "racePlayButton"):
        assert view.findChild(object, name) is not None
    window.actionRace.trigger()  # a second time reuses it
    assert len(window.findChildren(RaceView)) == 1
    # it races the window's own session, from its initial weights, and shows the four defaults
    assert view.race.session is window.session
    assert [name for name, c in view.loss_curves.items() if c.isVisible()] == [
        "SGD", "Momentum", "AdaGrad", "Adam"]
    assert nonfinite_items(view) == []


def test_step_and_play_update_the_same_items(qtbot, window) -> None:
    view = open_race(window)
    before = [id(i) for i in items(view)]
    n_loss = len(view.loss_plot.getPlotItem().items)
    n_surface = len(view.surface_plot.getPlotItem().items)
    session_iteration = window.session.trainer.iteration
    click(qtbot, view.step_button)
    assert view.race.iteration == 1
    for r in view.race.active:
        np.testing.assert_array_equal(curve_xy(view.loss_curves[r.name]), np.column_stack(r.curve()))
    click(qtbot, view.play)
    assert view.playing and view.play.text() == "Pause"
    qtbot.waitUntil(lambda: view.race.iteration >= 30, timeout=10_000)
    click(qtbot, view.play)
    assert not view.playing and view.play.text() == "Play"
    assert [id(i) for i in items(view)] == before
    assert len(view.loss_plot.getPlotItem().items) == n_loss
    assert len(view.surface_plot.getPlotItem().items) == n_surface
    coords = view.race.project(view._plane)
    for r in view.race.active:
        np.testing.assert_array_equal(curve_xy(view.loss_curves[r.name]), np.column_stack(r.curve()))
        path = curve_xy(view.paths[r.name])
        np.testing.assert_allclose(path[-1], coords[r.name][-1])  # the path ends at the racer's weights
        assert r.iteration == view.race.iteration
    np.testing.assert_allclose(curve_xy(view.heads), [coords[r.name][-1] for r in view.race.active])
    sgd = view.race.racer("SGD")
    assert view.readouts["SGD"].text().startswith(f"{sgd.iteration} · ")
    assert window.session.trainer.iteration == session_iteration  # the main run is untouched
    click(qtbot, view.reset_button)
    assert view.race.iteration == 0 and all(r.iteration == 0 for r in view.race.racers)
    assert nonfinite_items(view) == []


def test_a_diverging_racer_is_cut_and_marked_and_the_others_go_on(qtbot, window) -> None:
    window.load_preset("Sine")  # regression: plain SGD at lr 10 leaves the finite numbers in a few steps
    view = open_race(window)
    view.lr_spins["SGD"].setValue(10.0)
    assert view.race.racer("SGD").optimizer.lr == 10.0
    for _ in range(20):
        click(qtbot, view.step_button)
    sgd = view.race.racer("SGD")
    assert sgd.diverged and sgd.iteration < 20
    assert f"diverged at {sgd.diverged_at}" in view.readouts["SGD"].text()
    others = [r for r in view.race.active if r is not sgd]
    assert all(r.iteration == 20 and not r.diverged for r in others)
    coords = view.race.project(view._plane)
    (x0, x1), (y0, y1) = view.surface_plot.getPlotItem().getViewBox().viewRange()
    lo, hi = np.array([x0, y0]) - 1e-9, np.array([x1, y1]) + 1e-9
    cross = curve_xy(view.crosses)
    assert cross.shape == (1, 2) and np.all((cross >= lo) & (cross <= hi))
    end = coords["SGD"][-1]
    if np.all((end >= lo) & (end <= hi)):
        np.testing.assert_allclose(cross[0], end, atol=1e-12)  # ✕ where its path ends (weights restored)
    else:  # it ran off: the ✕ is where its path leaves the window, the path is cut there
        assert np.isclose(cross[0], lo).any() or np.isclose(cross[0], hi).any()
    sgd_path = curve_xy(view.paths["SGD"])
    assert len(sgd_path) and np.all((sgd_path >= lo) & (sgd_path <= hi))
    x, y = sgd.curve()
    # the loss plot stops a few times above the common starting loss: a loss of 1e11 is drawn there
    shown_top = LOSS_VIEW_CAP * y[0]
    np.testing.assert_allclose(curve_xy(view.loss_crosses), [[x[-1], min(y[-1], shown_top)]])
    assert curve_xy(view.loss_curves["SGD"])[:, 1].max() <= shown_top
    assert curve_xy(view.loss_curves["SGD"])[-1, 0] == sgd.iteration  # the curve is cut there
    assert len(curve_xy(view.heads)) == len(others)
    view.log_toggle.setChecked(True)
    assert nonfinite_items(view) == []
    view.grab()  # paints without a Qt warning


def test_learning_rate_and_settings_change_mid_run_without_a_reset(qtbot, window) -> None:
    view = open_race(window)
    for _ in range(5):
        click(qtbot, view.step_button)
    w = view.race.racer("Adam").model.copy_params()
    view.lr_spins["Adam"].setValue(0.05)
    view.hyper_spins["Adam"]["beta1"].setValue(0.8)
    view.hyper_spins["Momentum"]["momentum"].setValue(0.5)
    adam = view.race.racer("Adam")
    assert adam.optimizer.lr == 0.05 and adam.optimizer.beta1 == pytest.approx(0.8)
    assert view.race.racer("Momentum").optimizer.momentum == pytest.approx(0.5)
    assert view.race.iteration == 5 and adam.iteration == 5
    for k, v in w.items():
        np.testing.assert_array_equal(adam.model.params[k], v)


def test_a_racer_switched_on_joins_and_one_switched_off_disappears(qtbot, window) -> None:
    view = open_race(window)
    for _ in range(4):
        click(qtbot, view.step_button)
    view.checks["Nesterov"].setChecked(True)
    # it catches up on the next turns of the event loop (issue 12, case 10), said in its readout
    assert "catching up… 0 of 4" in view.readouts["Nesterov"].text()
    assert "waiting for Nesterov" in view.status.text()
    qtbot.waitUntil(lambda: not view.race.catching_up, timeout=5000)
    assert not view.catch_up_timer.isActive() and "waiting" not in view.status.text()
    view.checks["SGD"].setChecked(False)
    assert view.race.racer("Nesterov").iteration == 4
    assert view.loss_curves["Nesterov"].isVisible() and view.paths["Nesterov"].isVisible()
    assert not view.loss_curves["SGD"].isVisible() and not view.paths["SGD"].isVisible()
    assert [label.text for _, label in view.legend.items] == ["Momentum", "Nesterov", "AdaGrad", "Adam"]
    assert "off" in view.readouts["SGD"].text()


def test_the_race_restarts_when_the_data_change_even_while_hidden(qtbot, window) -> None:
    view = open_race(window)
    for _ in range(3):
        click(qtbot, view.step_button)
    window.load_preset("Moons")
    assert view.race.iteration == 0
    n = len(window.session.dataset)
    assert all(len(r.trainer.X_train) + len(r.trainer.X_test) == n for r in view.race.racers)
    click(qtbot, view.step_button)
    window.docks["Network race"].close()
    assert not view.isVisible() and view.race.lazy
    window.add_point(0.5, 0.5)
    assert view.race.stale and view.race.iteration == 1  # a hidden race pays nothing per edit
    window.actionRace.trigger()
    assert not view.race.stale and view.race.iteration == 0
    assert all(len(r.trainer.X_train) + len(r.trainer.X_test) == n + 1 for r in view.race.racers)


def test_hiding_or_closing_stops_every_timer(qtbot, window) -> None:
    view = open_race(window)
    click(qtbot, view.play)
    qtbot.waitUntil(lambda: view.race.iteration >= 4, timeout=10_000)
    window.dock_beside_surface(window.docks["Network race"])
    window.docks["Loss surface"].raise_()  # tabbed away: covered by the other tab
    qtbot.waitUntil(lambda: not view.playing, timeout=2000)
    assert view.race.lazy
    window.actionRace.trigger()
    click(qtbot, view.play)
    assert view.playing
    window.docks["Network race"].close()
    assert not view.playing
    window.actionRace.trigger()
    click(qtbot, view.play)
    qtbot.waitUntil(lambda: view.race.iteration >= 8, timeout=10_000)
    window.close()
    assert all(not t.isActive() for t in window.findChildren(QTimer))


def test_no_race_without_data(qtbot, window) -> None:
    view = open_race(window)
    window.clear_points()
    assert view.race.problem is not None
    assert view.caption.text().startswith("No race:")
    click(qtbot, view.play)
    assert not view.playing
    click(qtbot, view.step_button)
    assert view.race.iteration == 0
    assert nonfinite_items(view) == []


def test_a_race_hidden_while_the_network_changed_restarts_before_it_steps_or_draws(qtbot, window) -> None:
    view = open_race(window)
    view.step(3)
    window.docks["Network race"].close()
    assert view.race.lazy
    window.session.configure(hidden=(5,))  # another network while nobody looks at the race
    assert view.race.stale
    view.refresh(surface=True)  # a redraw now must not pair the old networks with the new session
    assert not view.race.stale and view.race.iteration == 0
    assert all(r.model.sizes == window.session.model.sizes for r in view.race.racers)
    window.session.configure(hidden=(3, 3))
    view.step(2)  # nor a step
    assert view.race.iteration == 2
    assert all(r.model.sizes == window.session.model.sizes for r in view.race.racers)
    assert nonfinite_items(view) == []


def test_a_catch_up_waits_while_the_panel_is_hidden_and_goes_on_when_shown(qtbot, window) -> None:
    view = open_race(window)
    for _ in range(40):
        view.race.step(100)
    view.checks["Nesterov"].setChecked(True)
    assert view.catch_up_timer.isActive()
    window.docks["Network race"].close()  # hidden: its clocks stop, the catch-up too
    assert not view.catch_up_timer.isActive()
    behind = view.race.racer("Nesterov").iteration
    qtbot.wait(50)
    assert view.race.racer("Nesterov").iteration == behind < 4000
    window.actionRace.trigger()  # shown again: it goes on, and the race waits for it meanwhile
    assert view.catch_up_timer.isActive()
    qtbot.waitUntil(lambda: not view.race.catching_up, timeout=20_000)
    assert view.race.racer("Nesterov").iteration == view.race.iteration == 4000
    assert view.readouts["Nesterov"].text().startswith("4000 · ")


def test_the_colour_bars_numbers_are_never_rescaled(qtbot):
    """pyqtgraph 0.14 writes "(x0.001)" on a unitless axis whose values stay below 1: not on ours."""
    from visualnet.session import Session

    view = RaceView(Session())
    qtbot.addWidget(view)
    view.show()
    view.step(20)
    view.refresh(surface=True)
    axis = view.colorbar.axis
    assert axis.autoSIPrefixScale == 1.0 and axis.labelUnitPrefix == ""
