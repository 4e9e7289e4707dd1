"""The optimizer playground driven with real mouse and keyboard events (offscreen)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QApplication

from tests.app.mouse import drag
from visualnet.app import palette
from visualnet.app.playground import CUSTOM, OptimizerPlayground, PathThinner, clip_segments, thin_to_pixels
from visualnet.core.race import BOOK_CHAPTER_6, Entry, Race
from visualnet.core.surfaces import BOOK, SURFACES


@pytest.fixture
def playground(qtbot) -> OptimizerPlayground:
    """The playground alone at 900×600, shown offscreen."""
    w = OptimizerPlayground()
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.set_playing(False)


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


def item_points(item) -> np.ndarray:
    """(m, 2) the data a PlotDataItem / ScatterPlotItem holds."""
    if hasattr(item, "getData"):
        x, y = item.getData()
    else:
        x, y = item.data["x"], item.data["y"]
    if x is None:
        return np.empty((0, 2))
    return np.column_stack([x, y])


def all_items(w: OptimizerPlayground) -> list:
    return [w.image, w.contours, w.minima, w.start_marker, w.heads, *w.glyphs.values(),
            *(i for items in w.runner_items.values() for i in items.items())]


def assert_all_finite(w: OptimizerPlayground) -> None:
    for item in all_items(w):
        if item is w.image:
            assert np.isfinite(item.image).all()
        else:
            assert np.isfinite(item_points(item)).all()


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
    np.testing.assert_allclose(item_points(w.start_marker), [w.race.start])
    np.testing.assert_allclose(item_points(w.heads), [w.race.start] * len(w.race.active))
    for r in w.race.active:
        assert len(item_points(w.runner_items[r.name].path)) == 1  # one point: no segment yet


def test_a_drag_off_the_start_point_changes_nothing(qtbot, playground) -> None:
    w = playground
    w.step(3)
    view_range = w.viewbox.viewRange()
    drag(qtbot, w.plot.viewport(), screen_pos(w, 5.0, -3.0), screen_pos(w, 2.0, 1.0))
    assert w.race.start == (-7.0, 2.0) and w.race.steps == 3
    np.testing.assert_allclose(w.viewbox.viewRange(), view_range)  # the view does not pan either


def test_step_and_play_update_the_same_items(qtbot, playground) -> None:
    w = playground
    before = {id(i) for i in all_items(w)}
    scene_items = len(w.plot.getPlotItem().items)
    qtbot.mouseClick(w.step_button, Qt.MouseButton.LeftButton)
    assert w.race.steps == 1
    sgd = w.race.runner("SGD")
    np.testing.assert_array_equal(item_points(w.runner_items["SGD"].path), sgd.path)
    np.testing.assert_array_equal(item_points(w.runner_items["SGD"].dots), sgd.path)
    np.testing.assert_array_equal(item_points(w.heads), [r.position for r in w.race.active])
    qtbot.mouseClick(w.play, Qt.MouseButton.LeftButton)
    assert w.playing and w.play.text() == "Pause"
    qtbot.waitUntil(lambda: w.race.steps >= 6, timeout=5000)
    qtbot.mouseClick(w.play, Qt.MouseButton.LeftButton)
    assert not w.playing and w.play.text() == "Play"
    assert {id(i) for i in all_items(w)} == before
    assert len(w.plot.getPlotItem().items) == scene_items
    for r in w.race.active:  # the first steps are many pixels long: every step is drawn
        np.testing.assert_array_equal(item_points(w.runner_items[r.name].path), r.path)
        assert len(r.path) == w.race.steps + 1
    np.testing.assert_array_equal(item_points(w.heads), [r.position for r in w.race.active])
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
    pts = item_points(w.runner_items["SGD"].path)
    assert (pts >= lo - 1e-9).all() and (pts <= hi + 1e-9).all()


def test_a_bad_formula_shows_the_reason_and_keeps_the_surface(qtbot, playground) -> None:
    w = playground
    image = w.image.image.copy()
    w.formula.clear()
    qtbot.keyClicks(w.formula, "x.__class__")
    qtbot.keyClick(w.formula, Qt.Key.Key_Return)
    assert w.formula_error.isVisible()
    assert "attribute access" in w.formula_error.text()
    assert w.race.surface is BOOK and w.function.currentText() == BOOK.name
    np.testing.assert_array_equal(w.image.image, image)
    # choosing "Custom formula…" with the bad text in the box refuses too
    w.function.setCurrentText(CUSTOM)
    assert w.function.currentText() == BOOK.name and w.race.surface is BOOK
    # a good one is raced on; the message goes away
    w.formula.clear()
    qtbot.keyClicks(w.formula, "x^2 + 3*y^2")
    qtbot.keyClick(w.formula, Qt.Key.Key_Return)
    assert not w.formula_error.isVisible()
    assert w.race.surface.name == "Custom: x^2 + 3*y^2" and w.function.currentText() == CUSTOM
    assert not np.array_equal(w.image.image, image)
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
    np.testing.assert_allclose(item_points(w.minima), [[1.0, 1.0]])


def test_unchecking_hides_an_optimizer_and_checking_brings_it_back_caught_up(playground) -> None:
    w = playground
    w.step(5)
    w.checks["Nesterov"].setChecked(True)
    nesterov = w.race.runner("Nesterov")
    assert nesterov.active and nesterov.steps == 5
    assert w.runner_items["Nesterov"].path.isVisible()
    w.checks["SGD"].setChecked(False)
    assert not w.runner_items["SGD"].path.isVisible()
    assert len(item_points(w.heads)) == 4
    assert w.readouts["SGD"].text().endswith("off</span>")


def test_glyph_arrows_start_at_the_heads(playground) -> None:
    w = playground
    w.step(3)
    w.glyph_checks["gradient"].setChecked(True)
    item = w.glyphs["gradient"]
    assert item.isVisible() and not w.glyphs["velocity"].isVisible()
    pts = item_points(item).reshape(-1, 6, 2)  # per arrow: shaft, then two head strokes
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
    assert len(item_points(w.glyphs["velocity"])) == 2 * 6
    w.glyph_checks["step"].setChecked(True)
    steps = item_points(w.glyphs["step"]).reshape(-1, 6, 2)
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


def test_clip_segments_keeps_the_visible_part_exactly() -> None:
    lo, hi = np.array([-1.0, -1.0]), np.array([1.0, 1.0])
    path = np.array([[0.0, 0.0], [0.5, 0.0], [3.0, 0.0], [3.0, 3.0], [-3.0, -3.0]])
    x, y = clip_segments(path, lo, hi)
    # inside; from inside to the right edge; outside entirely; through the box corner to corner
    np.testing.assert_allclose(np.column_stack([x, y]),
                               [[0, 0], [0.5, 0], [0.5, 0], [1, 0], [1, 1], [-1, -1]])
    assert clip_segments(path[:1], lo, hi)[0].size == 0


def test_a_formula_undefined_everywhere_is_refused_one_undefined_in_part_is_drawn(playground) -> None:
    w = playground
    w.formula.setText("log(-1 - x^2) + y")
    w.formula.returnPressed.emit()
    assert w.formula_error.isVisible() and "no finite value" in w.formula_error.text()
    assert w.race.surface is BOOK
    w.formula.setText("sqrt(x) + y^2")  # undefined for x < 0, where the start point is
    w.formula.returnPressed.emit()
    assert not w.formula_error.isVisible()
    assert w.image.image[:, 0].max() == 1.0  # the undefined half is drawn darkest
    assert "undefined at the start" in w.readouts["SGD"].text()
    w.step(5)
    assert w.race.steps == 5 and all(len(r.path) == 1 for r in w.race.runners)
    assert_all_finite(w)


def test_path_thinner_equals_thinning_the_whole_path_every_frame() -> None:
    rng = np.random.default_rng(3)
    # a small cap, so the paths are rewritten (thinned) many times; a reset and a new cell midway
    race = Race(SURFACES["Rosenbrock"], None, [Entry("RMSprop", 0.01), Entry("SGD", 0.001)], max_path=64)
    thinners = {r.name: (PathThinner(), PathThinner(keep_last=False)) for r in race.runners}
    cell = np.array([0.01, 0.02])
    for frame in range(300):
        race.step(int(rng.integers(1, 12)))
        if frame == 150:
            race.reset()
        if frame == 200:
            cell = cell * 3
        for r in race.runners:
            path, dots = thinners[r.name]
            np.testing.assert_array_equal(path.thinned(r.path, r.rewrites, cell),
                                          thin_to_pixels(r.path, cell))
            np.testing.assert_array_equal(dots.thinned(r.path, r.rewrites, cell),
                                          thin_to_pixels(r.path, cell, keep_last=False))


def test_head_markers_follow_the_runners_in_their_colours(playground) -> None:
    w = playground
    for n in (1, 7):  # moved in place while the same runners race
        w.step(n)
        np.testing.assert_allclose(item_points(w.heads), [r.position for r in w.race.active])
    w.checks["Momentum"].setChecked(False)  # another set of runners: new spots, their colours
    w.step(2)
    np.testing.assert_allclose(item_points(w.heads), [r.position for r in w.race.active])
    colours = [b.color().name().upper() for b in w.heads.data["brush"]]
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
