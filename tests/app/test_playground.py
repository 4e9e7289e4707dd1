"""The optimizer playground driven with real mouse and keyboard events (offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from tests.app.mouse import drag
from visualnet.app import palette, theme
from visualnet.app.playground import CUSTOM, MIN_PLOT_PX, OptimizerPlayground
from visualnet.app.playground_paths import PATH_WIDTH
from visualnet.core.race import BOOK_CHAPTER_6
from visualnet.core.surfaces import BOOK, SURFACES
from visualnet.presenters.geometry import clip_segments, thin_to_cells
from visualnet.presenters.playground import DOT_GRID_PX, MAX_DOTS, PATH_CELL_PX, RunnerDrawing


def screen_pos(w: OptimizerPlayground, x: float, y: float) -> QPoint:
    """Where data coordinates (x, y) are in the plot's viewport, once the layout has settled."""
    # the axes size themselves while painting, which moves the ViewBox one event loop pass later
    pos = None
    for _ in range(20):
        w.plot.viewport().repaint()
        QApplication.processEvents()
        now = w.plot.mapFromScene(w.viewbox.mapViewToScene(QPointF(x, y)))
        if now == pos:
            break
        pos = now
    return pos


def drawn(w: OptimizerPlayground) -> dict[str, RunnerDrawing]:
    """What the race item draws this frame, by optimizer name."""
    return {d.name: d for d in w.race_item.runners}


def heads(w: OptimizerPlayground) -> np.ndarray:
    """(k, 2) the drawn heads, in the order of the active runners."""
    return np.array([d.head for d in w.race_item.runners]).reshape(-1, 2)


def assert_all_finite(w: OptimizerPlayground) -> None:
    """No NaN or infinity in anything the two items draw."""
    arrays = [*w.surface_item.drawn_arrays(), *w.race_item.drawn_arrays()]
    assert len(arrays) == 5 + 1 + 3 + 3 * len(w.race.active)  # every array is checked (field arrows too)
    for a in arrays:
        assert np.isfinite(a).all()


def test_defaults_race_the_books_four_on_the_books_function(playground) -> None:
    w = playground
    assert w.objectName() == "optimizerPlayground"
    assert w.race.surface is BOOK and w.race.start == (-7.0, 2.0)
    assert [r.name for r in w.race.active] == ["SGD", "Momentum", "AdaGrad", "Adam"]
    assert {n: s.value() for n, s in w.lr_spins.items()} == dict(BOOK.lrs)
    assert w.function.currentText() == BOOK.name
    assert_all_finite(w)


def test_dragging_the_start_point_moves_it_and_resets_paths(qtbot, playground) -> None:
    w = playground
    w.step(5)
    assert all(len(r.path) == 6 for r in w.race.active)
    drag(qtbot, w.plot.viewport(), screen_pos(w, -7.0, 2.0), screen_pos(w, 4.0, -3.0))
    px, py = w.viewbox.viewPixelSize()
    assert w.race.start[0] == pytest.approx(4.0, abs=2 * px)
    assert w.race.start[1] == pytest.approx(-3.0, abs=2 * py)
    assert w.race.steps == 0
    for r in w.race.runners:
        np.testing.assert_array_equal(r.path, [w.race.start])
    np.testing.assert_allclose(w.race_item.start, w.race.start)
    np.testing.assert_allclose(heads(w), [w.race.start] * len(w.race.active))
    for r in w.race.active:
        assert len(drawn(w)[r.name].path) == 1  # one point: no segment yet


def test_a_drag_off_the_start_point_changes_nothing(qtbot, playground) -> None:
    w = playground
    w.step(3)
    view_range = w.viewbox.viewRange()
    drag(qtbot, w.plot.viewport(), screen_pos(w, 5.0, -3.0), screen_pos(w, 2.0, 1.0))
    assert w.race.start == (-7.0, 2.0) and w.race.steps == 3
    np.testing.assert_allclose(w.viewbox.viewRange(), view_range)  # the view does not pan either


def test_step_and_play_update_the_same_items(qtbot, playground) -> None:
    w = playground
    items = (w.surface_item, w.race_item)
    screen_pos(w, 0.0, 0.0)  # the layout settled (the axes size themselves at the first paint)
    renders = w.surface_item.renders
    scene_items = len(w.plot.getPlotItem().items)
    qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)
    assert w.race.steps == 1
    sgd = w.race.runner("SGD")
    np.testing.assert_array_equal(drawn(w)["SGD"].path, sgd.path)
    np.testing.assert_array_equal(drawn(w)["SGD"].dots, sgd.path)
    np.testing.assert_array_equal(heads(w), [r.position for r in w.race.active])
    qtbot.mouseClick(w.play, Qt.MouseButton.LeftButton)
    assert w.playing and w.play.text() == "Pause"
    qtbot.waitUntil(lambda: w.race.steps >= 6, timeout=5000)
    qtbot.mouseClick(w.play, Qt.MouseButton.LeftButton)
    assert not w.playing and w.play.text() == "Play"
    # the same two items in the scene, and the surface's picture was not made again for a frame
    assert all(i.scene() is w.plot.scene() for i in items)
    assert (w.surface_item, w.race_item) == items and w.surface_item.renders == renders
    assert len(w.plot.getPlotItem().items) == scene_items
    for r in w.race.active:  # the first steps are many pixels long: every step is drawn
        np.testing.assert_array_equal(drawn(w)[r.name].path, r.path)
        assert len(r.path) == w.race.steps + 1
    np.testing.assert_array_equal(heads(w), [r.position for r in w.race.active])
    assert w.status.text() == f"step {w.race.steps}"
    qtbot.mouseClick(w.reset_button, Qt.MouseButton.LeftButton)
    assert w.race.steps == 0 and all(len(r.path) == 1 for r in w.race.runners)


def test_book_preset_plays_exactly_the_books_race_and_stops_at_30(qtbot, playground) -> None:
    w = playground
    w.function.setCurrentText("Himmelblau")
    w.checks["RMSprop"].setChecked(True)
    w.lr_spins["SGD"].setValue(0.5)
    w.speed.setValue(1000)
    qtbot.mouseClick(w.preset, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.playing, timeout=5000)
    assert w.race.steps == 30 and w.function.currentText() == BOOK.name
    reference = BOOK_CHAPTER_6.race()
    reference.step(30)
    assert [r.name for r in w.race.active] == [r.name for r in reference.runners]
    for ref in reference.runners:
        np.testing.assert_array_equal(w.race.runner(ref.name).path, ref.path)
        assert w.lr_spins[ref.name].value() == ref.optimizer.lr
    assert w.status.text() == "step 30 of 30"
    w.grab()  # it paints without a Qt warning


def test_learning_rate_changes_mid_run_without_reset(playground) -> None:
    w = playground
    w.step(4)
    w.lr_spins["SGD"].setValue(0.2)
    assert w.race.runner("SGD").optimizer.lr == 0.2 and w.race.steps == 4
    w.step(1)
    sgd = w.race.runner("SGD")
    np.testing.assert_allclose(sgd.last_step, -0.2 * sgd.last_gradient)


def test_divergence_shows_in_the_readout_and_nothing_non_finite_is_drawn(playground) -> None:
    w = playground
    w.lr_spins["SGD"].setValue(1.5)
    w.step(40)
    assert "diverged at step 26" in w.readouts["SGD"].text()
    assert w.race.runner("SGD").diverged_at == 26
    for box in w.glyph_checks.values():
        box.setChecked(True)
    assert_all_finite(w)
    # the path ran off to 1e8: what reaches Qt is clipped to the widened window
    lo, hi = w._clip
    sgd, shown = w.race.runner("SGD"), drawn(w)["SGD"]
    assert shown.pairs  # cut into segment pairs: only what is near the window
    assert (shown.path >= lo - 1e-9).all() and (shown.path <= hi + 1e-9).all()
    # the path ends at the last finite point, where the head is drawn and marked as diverged
    np.testing.assert_array_equal(sgd.path[-1], sgd.position)
    np.testing.assert_array_equal(shown.head, np.clip(sgd.position, lo, hi))
    assert shown.diverged and not any(d.diverged for n, d in drawn(w).items() if n != "SGD")
    # the segments drawn are exactly the clipped path
    np.testing.assert_array_equal(shown.path, np.column_stack(clip_segments(
        thin_to_cells(sgd.path, PATH_CELL_PX * np.array(w.viewbox.viewPixelSize())), lo, hi)))


def test_a_bad_formula_shows_the_reason_and_keeps_the_surface(qtbot, playground) -> None:
    w = playground
    image = w.surface_item.image.copy()
    w.formula.clear()
    qtbot.keyClicks(w.formula, "x.__class__")
    qtbot.keyClick(w.formula, Qt.Key.Key_Return)
    assert w.formula_error.isVisible()
    assert "attribute access" in w.formula_error.text()
    assert w.race.surface is BOOK and w.function.currentText() == BOOK.name
    np.testing.assert_array_equal(w.surface_item.image, image)
    # choosing "Custom formula…" with the bad text in the box refuses too
    w.function.setCurrentText(CUSTOM)
    assert w.function.currentText() == BOOK.name and w.race.surface is BOOK
    # a good one is raced on; the message goes away
    w.formula.clear()
    qtbot.keyClicks(w.formula, "x^2 + 3*y^2")
    qtbot.keyClick(w.formula, Qt.Key.Key_Return)
    assert not w.formula_error.isVisible()
    assert w.race.surface.name == "Custom: x^2 + 3*y^2" and w.function.currentText() == CUSTOM
    assert not np.array_equal(w.surface_item.image, image)
    assert "∇f = (2*x, 6*y)" in w.caption.text()
    w.step(3)
    assert_all_finite(w)


def test_switching_function_uses_its_window_start_and_rates(playground) -> None:
    w = playground
    rosen = SURFACES["Rosenbrock"]
    w.function.setCurrentText(rosen.name)
    assert w.race.start == rosen.start
    assert w.lr_spins["Adam"].value() == rosen.lrs["Adam"]
    assert w.race.runner("Adam").optimizer.lr == rosen.lrs["Adam"]
    (x0, x1), (y0, y1) = w.viewbox.viewRange()
    assert (x0, x1) == pytest.approx(rosen.xlim) and (y0, y1) == pytest.approx(rosen.ylim)
    np.testing.assert_allclose(w.surface_item.minima, [[1.0, 1.0]])


def test_unchecking_hides_an_optimizer_and_checking_brings_it_back_caught_up(qtbot, playground) -> None:
    w = playground
    w.step(5)
    w.checks["Nesterov"].setChecked(True)
    nesterov = w.race.runner("Nesterov")
    # it catches up on the next turns of the event loop (issue 12, case 10), said in its readout
    assert "catching up… 0%" in w.readouts["Nesterov"].text() and "waiting for Nesterov" in w.status.text()
    qtbot.waitUntil(lambda: not w.race.catching_up, timeout=5000)
    assert not w.catch_up_timer.isActive() and "waiting" not in w.status.text()
    assert nesterov.active and nesterov.steps == 5
    assert "Nesterov" in drawn(w)
    w.checks["SGD"].setChecked(False)
    assert "SGD" not in drawn(w)
    assert len(heads(w)) == 4
    assert w.readouts["SGD"].text().endswith("off</span>")


def test_glyph_arrows_start_at_the_heads(playground) -> None:
    w = playground
    w.step(3)
    w.glyph_checks["gradient"].setChecked(True)
    arrows = w.race_item.arrows
    assert len(arrows["gradient"]) and not len(arrows["velocity"])
    pts = arrows["gradient"].reshape(-1, 6, 2)  # per arrow: shaft, then two head strokes
    assert len(pts) == len(w.race.active)
    pixel = np.array(w.viewbox.viewPixelSize())
    for r, arrow in zip(w.race.active, pts, strict=True):
        np.testing.assert_allclose(arrow[0], r.position)
        # the shaft points exactly along -lr * grad f; its drawn length is kept within 20..160 pixels
        shaft = arrow[1] - arrow[0]
        direction = -r.optimizer.lr * r.gradient
        cosine = shaft @ direction / (np.linalg.norm(shaft) * np.linalg.norm(direction))
        assert cosine == pytest.approx(1.0, abs=1e-12)
        assert 19.9 <= np.hypot(*(shaft / pixel)) <= 160.1
    w.glyph_checks["velocity"].setChecked(True)
    # Momentum (β·v) and Adam (−lr·m) have one, SGD and AdaGrad none
    assert len(w.race_item.arrows["velocity"]) == 2 * 6
    w.glyph_checks["step"].setChecked(True)
    steps = w.race_item.arrows["step"].reshape(-1, 6, 2)
    for r, arrow in zip(w.race.active, steps, strict=True):
        np.testing.assert_allclose(arrow[1], r.position)  # the last step ends at the head
        shaft = arrow[1] - arrow[0]
        cosine = shaft @ r.last_step / (np.linalg.norm(shaft) * np.linalg.norm(r.last_step))
        assert cosine == pytest.approx(1.0, abs=1e-12)
    assert_all_finite(w)


def test_hiding_stops_the_clock(qtbot, playground) -> None:
    w = playground
    w.set_playing(True)
    assert w.timer.isActive()
    w.hide()
    assert not w.timer.isActive() and not w.play.isChecked()


def test_a_formula_undefined_everywhere_is_refused_one_undefined_in_part_is_drawn(playground) -> None:
    w = playground
    w.formula.setText("log(-1 - x^2) + y")
    w.formula.returnPressed.emit()
    assert w.formula_error.isVisible() and "no finite value" in w.formula_error.text()
    assert w.race.surface is BOOK
    w.formula.setText("sqrt(x) + y^2")  # undefined for x < 0, where the start point is
    w.formula.returnPressed.emit()
    assert not w.formula_error.isVisible()
    assert w.surface_item.image[:, 0].max() == 1.0  # the undefined half is drawn darkest
    assert "undefined at the start" in w.readouts["SGD"].text()
    w.step(5)
    assert w.race.steps == 5 and all(len(r.path) == 1 for r in w.race.runners)
    assert_all_finite(w)


def test_head_markers_follow_the_runners_in_their_colours(playground) -> None:
    w = playground
    for n in (1, 7):  # moved in place while the same runners race
        w.step(n)
        np.testing.assert_allclose(heads(w), [r.position for r in w.race.active])
    w.checks["Momentum"].setChecked(False)  # another set of runners: their heads, their colours
    w.step(2)
    np.testing.assert_allclose(heads(w), [r.position for r in w.race.active])
    colours = [d.color.upper() for d in w.race_item.runners]
    assert colours == [palette.CLASS_COLORS[r.color % 8].upper() for r in w.race.active]


def test_shared_optimizer_controls_set_the_race(playground) -> None:
    w = playground
    spin = w.lr_spins["Adam"]
    assert spin.objectName() == "playgroundLrAdam" and (spin.minimum(), spin.maximum()) == (1e-4, 10.0)
    spin.setValue(0.0421)
    assert w.race.runner("Adam").optimizer.lr == pytest.approx(0.0421)
    w.checks["RMSprop"].setChecked(True)
    assert w.race.runner("RMSprop").active
    assert [b.objectName() for b in (w.play, w.step_button, w.reset_button)] == [
        "playgroundPlay", "playgroundStep", "playgroundReset"]


def test_the_race_item_draws_exactly_the_thinned_paths_and_stays_the_same_item(playground) -> None:
    w = playground
    w.function.setCurrentText("Rosenbrock")
    for box in w.checks.values():
        box.setChecked(True)
    item, bounds = w.race_item, QRectF(w.race_item.boundingRect())
    screen_pos(w, 0.0, 0.0)  # laid out: the pixel size is final
    pixel = np.array(w.viewbox.viewPixelSize())
    lo, hi = w._clip
    for n in (1, 10, 500):
        w.step(n)
        assert w.race_item is item and item.boundingRect() == bounds  # bounds change with the surface only
        shown = drawn(w)
        assert list(shown) == [r.name for r in w.race.active] and len(shown) == 6
        for r in w.race.active:
            d = shown[r.name]
            assert not d.pairs and not d.diverged
            np.testing.assert_array_equal(d.path, thin_to_cells(r.path, PATH_CELL_PX * pixel))
            dots = thin_to_cells(r.path, DOT_GRID_PX * pixel, keep_last=False)
            dots = dots[np.all((dots >= lo) & (dots <= hi), axis=1)]
            if len(dots) > MAX_DOTS:
                dots = dots[np.linspace(0, len(dots) - 1, MAX_DOTS).round().astype(int)]
            np.testing.assert_array_equal(d.dots, dots)
            np.testing.assert_array_equal(d.head, r.position)
            assert d.color == palette.CLASS_COLORS[r.color % 8]
    assert len(w.race.runner("Adam").path) == 512  # thinned for the screen: far fewer drawn
    assert len(drawn(w)["Adam"].path) < len(w.race.runner("Adam").path)
    w.function.setCurrentText("Himmelblau")  # another window: new bounds
    assert item.boundingRect() != bounds
    assert_all_finite(w)


def test_a_theme_or_projector_change_rebuilds_the_race_pens(window) -> None:
    window.show_playground()
    w = window.docks["Optimizer playground"].widget()
    sgd = palette.CLASS_COLORS[0]
    dpr = palette.device_pixel_ratio()
    light = w.race_item.path_pen(sgd)
    assert light.widthF() == pytest.approx(PATH_WIDTH * dpr) and light.isCosmetic()
    window.set_theme(projector=True)
    wide = w.race_item.path_pen(sgd)
    assert wide is not light and wide.widthF() == pytest.approx(PATH_WIDTH * theme.PROJECTOR_LINE_SCALE * dpr)
    window.set_theme("dark")
    assert w.race_item.path_pen(sgd) is not wide  # made again for the new theme
    window.set_theme(projector=False)
    assert w.race_item.path_pen(sgd).widthF() == pytest.approx(PATH_WIDTH * dpr)
    w.step(5)
    window.grab()  # it paints with the new pens, without a Qt warning


def test_hyper_parameters_change_mid_run_and_the_preset_sets_them(playground) -> None:
    w = playground
    assert set(w.hyper_spins["Adam"]) == {"beta1", "beta2"} and not w.hyper_spins["SGD"]
    w.step(3)
    w.hyper_spins["Momentum"]["momentum"].setValue(0.5)
    momentum = w.race.runner("Momentum")
    assert momentum.optimizer.momentum == 0.5 and w.race.steps == 3
    v = momentum.velocity.copy()
    w.step(1)
    np.testing.assert_allclose(momentum.last_step, 0.5 * v - momentum.optimizer.lr * momentum.last_gradient)
    w.apply_preset(BOOK_CHAPTER_6)  # the book's defaults again, in the boxes too
    w.set_playing(False)
    assert w.hyper_spins["Momentum"]["momentum"].value() == momentum.optimizer.momentum == 0.9


def assert_controls_fit(w: OptimizerPlayground) -> None:
    """The plot has room, and no control is narrower than it needs (nothing clipped sideways)."""
    QApplication.processEvents()
    assert w.plot.width() >= MIN_PLOT_PX and w.plot.height() >= MIN_PLOT_PX
    assert w.plot.width() >= w.width() // 2  # the plot gets the larger share
    panel = w.controls.widget()
    assert panel.width() >= panel.minimumSizeHint().width()
    assert w.controls.viewport().width() >= panel.width()  # no sideways scrolling needed
    for child in panel.findChildren(QWidget):
        if child.isVisibleTo(panel) and not isinstance(child, QLabel):
            # Qt's own rule: a minimum width set on the widget replaces its hint
            needs = child.minimumWidth() or child.minimumSizeHint().width()
            assert child.width() >= needs, child.objectName()
        if isinstance(child, QAbstractButton) and child.isVisibleTo(panel):  # its words fit
            assert child.width() >= child.fontMetrics().horizontalAdvance(child.text()) + 8, child.text()
    for label in (*w.readouts.values(), w.status, w.caption):
        assert label.width() >= min(label.sizeHint().width(), panel.width() - 30), label.objectName()
    # Play / Step / Reset sit at the top of the panel: reachable without scrolling
    for b in (w.play, w.step_button, w.reset_button):
        assert b.mapTo(w.controls.viewport(), b.rect().bottomRight()).y() <= w.controls.viewport().height()


@pytest.mark.parametrize("size", [(470, 380), (900, 600)])
def test_the_controls_fit_beside_a_roomy_plot(qtbot, playground, size) -> None:
    w = playground
    w.resize(*size)
    qtbot.waitUntil(lambda: w.width() == size[0])
    w.lr_spins["SGD"].setValue(1.5)
    w.step(40)  # the longest readouts: "diverged at step 26", "f 5.91e-05 · |∇f| 0.0034"
    assert_controls_fit(w)


@pytest.mark.parametrize("size", [(1280, 800), (1100, 700)])
def test_the_playground_dock_is_readable_in_a_small_main_window(qtbot, window, size) -> None:
    window.resize(*size)
    window.show_playground()
    w = window.docks["Optimizer playground"].widget()
    qtbot.waitUntil(lambda: w.isVisible() and w.plot.width() > 0)
    assert_controls_fit(w)


def test_the_playground_keeps_qwidget_geometry(playground: OptimizerPlayground) -> None:
    # an attribute named `geometry` once hid the method: a dock's title-bar tooltip calls it
    assert playground.geometry().size().toTuple() == (900, 600)
