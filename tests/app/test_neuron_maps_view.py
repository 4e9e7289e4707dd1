"""The neuron maps: small maps equal to the layers by hand, hover shows one large in the data view, click
pins it, dead ReLUs marked, less frequent refresh over the budget, and the dock in the window."""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QMainWindow, QWidget

from tests.app.mouse import click, send_mouse
from visualnet.app.bridge import SessionBridge
from visualnet.app.views.dataset_view import DatasetView
from visualnet.app.views.neuron_maps_view import NeuronMapsView
from visualnet.core import grids
from visualnet.presenters import neuron_maps as present
from visualnet.session import Config, Session


class Clock:
    """A fake perf_counter: every call is `tick` seconds after the last."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


_shown: list[QWidget] = []  # the test's windows, alive until it ends (Python owns them)


@pytest.fixture(autouse=True)
def _forget_windows():
    yield
    _shown.clear()


def make_pair(qtbot, session: Session) -> tuple[DatasetView, NeuronMapsView]:
    """A data view and the neuron maps side by side, shown."""
    bridge = SessionBridge(session)
    box = QWidget()
    row = QHBoxLayout(box)
    dv = DatasetView(session, bridge)
    view = NeuronMapsView(session, bridge, dv)
    row.addWidget(dv, 1)
    row.addWidget(view, 1)
    bridge.setParent(box)
    qtbot.addWidget(box)
    _shown.append(box)
    box.resize(1200, 640)
    box.show()
    qtbot.waitExposed(box)
    # the layouts settle: a late pass may still resize the data view (its locked aspect then widens its
    # range, and the maps follow in an update of their own that a test's frozen clock would count)
    last = None
    for _ in range(50):
        qtbot.wait(20)
        now = dv.viewbox.viewRange()
        if now == last:
            break
        last = now
    view.refresh()
    return dv, view


@pytest.fixture
def pair(qtbot) -> tuple[DatasetView, NeuronMapsView]:
    return make_pair(qtbot, Session.from_preset("XOR clouds", Config(hidden=(8, 8, 8))))


def centre_of(view: NeuronMapsView, k: int, j: int) -> QPoint:
    """Where map (k, j) is in the maps' viewport."""
    return view.plot.mapFromScene(view.items[k][j].sceneBoundingRect().center())


def empty_spot(view: NeuronMapsView) -> QPoint:
    """A place in the maps' viewport right of the first map, in the gap between two columns (on no map)."""
    a = view.items[0][0].sceneBoundingRect()
    gap = (present.PITCH_X - 1) / 2  # half the gap between two columns, in map widths
    return view.plot.mapFromScene(a.right() + gap * a.width(), a.center().y())


def move_to(qtbot, view: NeuronMapsView, pos: QPoint) -> None:
    """A real mouse move over the maps (sent, as `click` sends its events, so the two agree on where the
    mouse is), after pyqtgraph's least time between two moves it heeds (mouseRateLimit: 10 ms)."""
    none = Qt.MouseButton.NoButton
    qtbot.wait(15)
    send_mouse(view.plot.viewport(), QEvent.Type.MouseMove, pos, none, none)


def by_hand(session: Session, xlim, ylim, ny: int, nx: int) -> list[np.ndarray]:
    """[h1, h2, h3] (ny·nx, 8) of a ReLU net on the grid, computed with plain numpy."""
    xs, ys = np.linspace(*xlim, nx), np.linspace(*ylim, ny)
    gx, gy = np.meshgrid(xs, ys)
    h = np.column_stack([gx.ravel(), gy.ravel()])
    p, out = session.model.params, []
    for i in (1, 2, 3):
        h = np.maximum(0, h @ p[f"W{i}"] + p[f"b{i}"])
        out.append(h)
    return out


def covers_the_data_views_range(view: NeuronMapsView, dv: DatasetView) -> bool:
    """Whether the maps' grid spans the data view's range now (the inputs' maps hold the grid's x, y)."""
    if view.maps is None:
        return False
    (x0, x1), (y0, y1) = dv.viewbox.viewRange()
    gx, gy = view.maps.layers[0].Z[0], view.maps.layers[0].Z[1]
    return bool(np.allclose([gx[0, 0], gx[0, -1], gy[0, 0], gy[-1, 0]], [x0, x1, y0, y1], rtol=0, atol=1e-12))


def test_the_small_maps_are_the_hidden_layers_over_the_data_views_range(qtbot, pair) -> None:
    dv, view = pair
    s = view.session
    # a late layout pass may still resize the data view (its locked aspect then widens x): the maps follow
    qtbot.waitUntil(lambda: covers_the_data_views_range(view, dv), timeout=2000)
    (x0, x1), (y0, y1) = dv.viewbox.viewRange()
    maps = view.maps
    assert maps is not None
    # the inputs x₁, x₂ first (the network's features), then the layers
    assert [layer.units for layer in maps.layers] == [2, 8, 8, 8, 2]
    assert [len(row) for row in view.items] == [2, 8, 8, 8, 2]
    ny, nx = maps.layers[0].Z.shape[1:]
    hidden = by_hand(s, (x0, x1), (y0, y1), ny, nx)
    for k in range(3):
        for j in range(8):
            np.testing.assert_allclose(maps.layers[k + 1].Z[j], hidden[k][:, j].reshape(ny, nx), atol=1e-12)
    colors = present.layer_colors(maps.layers[1], False, view._class_rgb)
    np.testing.assert_array_equal(view.items[1][5].image, colors[5])  # what the item shows
    assert view._ranges[1][5].toPlainText() == present.range_text(maps.layers[1], 5)
    assert view._headers[0].toPlainText() == "inputs"
    assert view._headers[1].toPlainText() == "h1 · ReLU" and view._headers[4].toPlainText() == "y · softmax"


def test_hovering_a_map_shows_it_large_until_the_mouse_leaves(qtbot, pair) -> None:
    dv, view = pair
    field_before = dv.field.image.copy()
    assert not view.overlay.isVisible()
    move_to(qtbot, view, centre_of(view, 2, 4))  # h2[4] (the inputs are column 0)
    assert view.hovered == (2, 4) and view.large == (2, 4)
    assert view.overlay.isVisible() and view.overlay.zValue() == 0.5
    # the large map: unit 4 of h2 over the data view's range, computed by hand on the overlay's grid
    (x0, x1), (y0, y1) = dv.viewbox.viewRange()
    ny, nx = view.large_values.shape
    expected = by_hand(view.session, (x0, x1), (y0, y1), ny, nx)[1][:, 4].reshape(ny, nx)
    np.testing.assert_allclose(view.large_values, expected, atol=1e-12)
    lo, hi = float(expected.min()), float(expected.max())
    np.testing.assert_array_equal(view.overlay.image, present.ramp_colors(
        expected, lo, hi, view._class_rgb[0], view._class_rgb[1]))
    rect = view.overlay.mapRectToParent(view.overlay.boundingRect())
    assert rect.left() <= x0 and rect.right() >= x1 and rect.top() <= y0 and rect.bottom() >= y1
    assert view.overlay_label.isVisible()
    assert view.overlay_label.toPlainText() == present.unit_label("h2[4]", "relu", lo, hi)
    # over another map: that one; off the maps: the decision field again, as it was
    move_to(qtbot, view, centre_of(view, 1, 2))
    assert view.large == (1, 2)
    move_to(qtbot, view, empty_spot(view))
    assert view.large is None and not view.overlay.isVisible() and not view.overlay_label.isVisible()
    assert dv.field.isVisible()
    np.testing.assert_array_equal(dv.field.image, field_before)


def test_a_click_pins_the_map_and_a_second_click_or_escape_unpins(qtbot, pair) -> None:
    _dv, view = pair
    vp = view.plot.viewport()
    click(vp, centre_of(view, 2, 1))
    assert view.pinned == (2, 1)
    move_to(qtbot, view, empty_spot(view))
    assert view.large == (2, 1) and view.overlay.isVisible()  # pinned: it stays after the mouse left
    move_to(qtbot, view, centre_of(view, 0, 0))
    assert view.large == (0, 0)  # hovering another shows that one meanwhile
    move_to(qtbot, view, empty_spot(view))
    assert view.large == (2, 1)
    click(vp, centre_of(view, 2, 1))
    assert view.pinned is None
    move_to(qtbot, view, empty_spot(view))
    assert not view.overlay.isVisible()
    click(vp, centre_of(view, 3, 1))
    move_to(qtbot, view, empty_spot(view))
    assert view.pinned == (3, 1) and view.overlay.isVisible()
    view.plot.setFocus()
    qtbot.keyClick(view.plot, Qt.Key.Key_Escape)
    assert view.pinned is None and not view.overlay.isVisible()


def test_the_large_map_leaves_the_data_views_clicks_alone(qtbot, pair) -> None:
    dv, view = pair
    view.toggle_pin((0, 0))
    assert view.overlay.isVisible()
    # the place in the view farthest from every point
    (x0, x1), (y0, y1) = dv.viewbox.viewRange()
    gx, gy = np.meshgrid(np.linspace(x0, x1, 40)[4:-4], np.linspace(y0, y1, 40)[4:-4])
    places = np.column_stack([gx.ravel(), gy.ravel()])
    X = view.session.dataset.X
    nearest = np.linalg.norm(places[:, None, :] - X[None, :, :], axis=2).min(axis=1)
    far = places[np.argmax(nearest)]
    target = dv.plot.mapFromScene(dv.viewbox.mapViewToScene(pg.Point(*far)))
    with qtbot.waitSignal(dv.addRequested, timeout=1000) as added:
        click(dv.plot.viewport(), target)
    assert added.args == [pytest.approx(far[0], abs=0.02), pytest.approx(far[1], abs=0.02)]


def test_the_large_map_follows_training_and_the_view(qtbot, pair) -> None:
    dv, view = pair
    click(view.plot.viewport(), centre_of(view, 1, 0))  # h1[0] (an input's map does not train)
    move_to(qtbot, view, empty_spot(view))
    before = view.large_values.copy()
    small_before = view.items[1][0].image.copy()
    view.session.step(20)
    qtbot.waitUntil(lambda: not view._pending.isActive())  # a slow update waits for its turn
    assert not np.array_equal(view.large_values, before)
    assert not np.array_equal(view.items[1][0].image, small_before)
    dv.viewbox.setRange(xRange=(-3, 3), yRange=(-3, 3), padding=0)
    qtbot.waitUntil(lambda: not view._pending.isActive())  # a slow update waits for its turn
    (x0, x1), _ = dv.viewbox.viewRange()
    rect = view.overlay.mapRectToParent(view.overlay.boundingRect())
    assert rect.left() == pytest.approx(x0, abs=(x1 - x0) / 20)
    assert view.maps is not None and view.maps.xs[0] == pytest.approx(x0)


def test_a_very_negative_bias_marks_dead_relus(qtbot) -> None:
    s = Session.from_preset("XOR clouds", Config(hidden=(8, 8, 8)))
    bridge = SessionBridge(s)
    view = NeuronMapsView(s, bridge)  # alone: the maps over the range that fits the points
    bridge.setParent(view)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    assert not any(mark.isVisible() for mark in view._marks[1])  # h1 (column 0: the inputs, named)
    s.model.params["b1"][...] = -100
    s.events.emit("weights_changed")
    qtbot.waitUntil(lambda: not view._pending.isActive())  # a slow update waits for its turn
    for k in range(8):
        assert view._marks[1][k].isVisible() and view._marks[1][k].toPlainText() == "dead"
        assert "Dead ReLU" in view.items[1][k].toolTip()
    assert not view._marks[4][0].isVisible()  # the output layer is never marked
    assert [mark.toPlainText() for mark in view._marks[0]] == ["x₁", "x₂"]  # an input: its name, no flag


def test_over_the_budget_the_maps_refresh_less_often_and_say_so(qtbot, pair) -> None:
    _dv, view = pair
    view.clock = Clock(0.010)  # every update "takes" 10 ms
    view.refresh()
    assert view.schedule.throttled
    assert "over the budget of 4 ms" in view.caption.text()
    shown = view.items[1][0].image.copy()  # h1[0]
    view.session.step(5)  # too soon: waits
    np.testing.assert_array_equal(view.items[1][0].image, shown)
    assert view._pending.isActive()
    view.clock = Clock(0.001)
    qtbot.waitUntil(lambda: not view._pending.isActive(), timeout=2000)
    assert not np.array_equal(view.items[1][0].image, shown)  # the newest state, once allowed


def test_a_perceptron_has_one_map_and_a_regression_says_why_none(qtbot) -> None:
    _dv, view = make_pair(qtbot, Session.from_preset("AND", Config(model="Perceptron")))
    assert [len(row) for row in view.items] == [1]
    assert view._headers[0].toPlainText() == "y · step"
    _dv, view = make_pair(qtbot, Session.from_preset("Sine"))
    assert view.items == [] and view.maps is None
    assert view.caption.text().startswith("Neuron maps are drawn over the input plane")
    view.session.step(3)  # no crash


def test_the_dock_opens_from_the_window_and_from_its_action(qtbot, window) -> None:
    action = window.findChild(QAction, "actionNeuronMaps")
    assert action is not None and action.shortcut() == QKeySequence("Ctrl+Shift+N")
    assert action in window.view_menu.actions()
    action.trigger()
    dock = window.findChild(QDockWidget, "neuronMaps")
    assert dock is not None and dock.isVisible() and dock.windowTitle() == "Neuron maps"
    view = dock.widget()
    assert isinstance(view, NeuronMapsView) and view.data_view is window.dataset_view
    dock.close()
    assert window.show_neuron_maps() is None
    assert dock.isVisible() and window.docks["Neuron maps"] is dock
    qtbot.wait(20)
    view.refresh()
    move_to(qtbot, view, centre_of(view, 0, 1))
    assert view.overlay.isVisible() and view.overlay.scene() is window.dataset_view.plot.scene()
    dock.close()  # out of sight: the data view shows its field again
    assert not view.overlay.isVisible()


def test_the_large_map_grid_is_the_capped_field_grid(pair) -> None:
    dv, view = pair
    view.toggle_pin((0, 0))
    shape = grids.field_shape(dv.viewbox.width(), dv.viewbox.height(), grids.forward_cost(view.session.model),
                              max_nodes=present.LARGE_MAX_NODES)
    assert view.large_values.shape == (shape.ny, shape.nx)


def test_print_the_update_time_of_a_2_8_8_8_2_net(qtbot, window) -> None:
    """Not a bound: one update's time in the window (1280×800) is printed for the record (pytest -s),
    without and with a large map in the data view."""
    window.apply_setting("hidden", (8, 8, 8))
    window.show_neuron_maps()
    view = window.docks["Neuron maps"].widget()
    assert isinstance(view, NeuronMapsView) and view.session.model.sizes == [2, 8, 8, 8, 2]
    qtbot.wait(50)
    dv = window.dataset_view
    times = []
    for pinned in (None, (1, 3)):
        if pinned is not None:
            view.toggle_pin(pinned)
        start = time.perf_counter()
        for _ in range(20):
            view.refresh()
        update = (time.perf_counter() - start) / 20
        start = time.perf_counter()
        for _ in range(5):
            view.plot.viewport().repaint()
            dv.plot.viewport().repaint()
        paint = (time.perf_counter() - start) / 5
        times.append(f"{1000 * update:.2f} ms update + {1000 * paint:.2f} ms paint of both views")
    print(f"\nneuron maps of [2, 8, 8, 8, 2] (maps {view.width()}×{view.height()} px, data view "
          f"{dv.width()}×{dv.height()} px): {times[0]}; with a large map pinned: {times[1]}")


def test_while_training_the_flags_follow_within_their_interval(qtbot, pair) -> None:
    _dv, view = pair
    s = view.session
    now = [100.0]
    view.clock = lambda: now[0]  # time stands still unless the test moves it: every update is free
    # ... its paints too, timed by the same clock: the first paint of a process, timed by the real one
    # before, can take long enough (tens of ms) that the next update waits for its turn; the schedule's
    # running mean forgets it within a few updates
    for _ in range(20):
        view.refresh()
        qtbot.wait(10)
        if not view.schedule.throttled:
            break
    assert not view.schedule.throttled
    assert not any(mark.isVisible() for mark in view._marks[1])
    s.model.params["b1"][...] = -100  # h1 dies (as a too-large step could kill it) ...
    s.step(1)  # ... seen by a training step, not an edit: the maps follow, the flags wait
    assert not any(mark.isVisible() for mark in view._marks[1])
    np.testing.assert_array_equal(view.maps.layers[1].Z, 0.0)  # (the maps are the newest)
    now[0] += present.FLAGS_S
    s.step(1)
    assert all(mark.isVisible() and mark.toPlainText() == "dead" for mark in view._marks[1])
    assert "Dead ReLU" in view.items[1][3].toolTip()


def test_the_hovered_map_s_tooltip_is_the_newest(qtbot, pair) -> None:
    _dv, view = pair
    view.clock = lambda: 100.0  # the flags (and the other maps' tooltips) are not due again
    view.refresh()
    move_to(qtbot, view, centre_of(view, 2, 4))
    assert view.hovered == (2, 4)
    for _ in range(3):
        view.session.step(20)
        layer = view.maps.layers[2]
        assert view.items[2][4].toolTip() == present.label(layer, 4)  # its range at this step


def test_maps_in_a_tab_behind_another_do_no_work(qtbot, monkeypatch) -> None:
    s = Session.from_preset("XOR clouds", Config(hidden=(8, 8)))
    bridge = SessionBridge(s)
    main = QMainWindow()
    main.setCentralWidget(QLabel("data"))
    view = NeuronMapsView(s, bridge)
    view.clock = lambda: 0.0
    docks = [QDockWidget("Neuron maps"), QDockWidget("Other")]
    docks[0].setWidget(view)
    docks[1].setWidget(QLabel("other"))
    for dock in docks:
        main.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    main.tabifyDockWidget(*docks)
    bridge.setParent(main)
    qtbot.addWidget(main)
    _shown.append(main)
    main.resize(900, 700)
    main.show()
    qtbot.waitExposed(main)
    docks[1].raise_()  # the other tab in front: the maps behind it
    qtbot.wait(20)
    assert view.isVisible() and view.exposure.behind  # Qt keeps a tab behind another "visible"
    computed = []
    real = present.neuron_maps
    monkeypatch.setattr(present, "neuron_maps", lambda *a, **k: computed.append(1) or real(*a, **k))
    for _ in range(5):
        s.step(10)
    assert computed == [] and view.exposure.missed
    docks[0].raise_()
    qtbot.waitUntil(lambda: len(computed) == 1)  # drawn once, as soon as its tab is in front again
    p = s.model.params
    (x0, x1), (y0, y1) = view.view_range()
    ny, nx = view.maps.layers[1].Z.shape[1:]
    gx, gy = np.meshgrid(np.linspace(x0, x1, nx), np.linspace(y0, y1, ny))
    first = np.column_stack([gx.ravel(), gy.ravel()]) @ p["W1"] + p["b1"]
    np.testing.assert_allclose(view.maps.layers[1].A[0].ravel(), first[:, 0], atol=1e-12)  # the newest


def test_between_two_frames_at_max_a_put_off_update_waits_for_the_next_frame(qtbot, pair) -> None:
    from visualnet.app import frame_gate

    _dv, view = pair
    view.clock = Clock(0.010)  # over the budget: an update waits for its turn
    view.refresh()
    shown = view.items[1][0].image.copy()
    view.session.step(5)
    assert view._pending.isActive()
    view.clock = lambda: 1000.0  # its turn has come (and updates are free from now on) ...
    frame_gate.hold(0.3)  # ... but the clock runs at "max": work between frames waits for the next frame
    try:
        qtbot.wait(150)
        np.testing.assert_array_equal(view.items[1][0].image, shown)  # not drawn between frames
        assert view._pending.isActive()
        view.session.step(5)  # the next frame's stepped draws it
        assert not np.array_equal(view.items[1][0].image, shown) and not view._pending.isActive()
    finally:
        frame_gate.release()
