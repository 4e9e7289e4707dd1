"""Exact marks in the data view: equal scales, the perceptron's exact line at right angles to w, a
field as fine as the screen, and rings and readouts of the current weights."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt

from visualnet.app import readouts
from visualnet.app.bridge import SessionBridge
from visualnet.app.views.dataset_view import DatasetView
from visualnet.core import data, grids
from visualnet.session import ROLE_TRAIN, Config, Session


def make_view(qtbot, session: Session, width: int = 900, height: int = 500) -> DatasetView:
    """A data view shown at width × height (offscreen)."""
    bridge = SessionBridge(session)
    view = DatasetView(session, bridge)
    view.bridge_kept = bridge  # the session's events reach the view through it while the view lives
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    view.fit_view()
    view.refresh()
    return view


def on_screen(view: DatasetView, x: float, y: float) -> np.ndarray:
    """Where the data point (x, y) is drawn, in scene pixels."""
    p = view.viewbox.mapViewToScene(QPointF(float(x), float(y)))
    return np.array([p.x(), p.y()])


def rings(view: DatasetView) -> np.ndarray:
    """The centres of every ring drawn (both ring items), sorted by (x, y)."""
    parts = [np.column_stack(item.getData()) for item in (view.wrong, view.wrong_lifted) if len(item.data)]
    xy = np.vstack(parts) if parts else np.empty((0, 2))
    return xy[np.lexsort(xy.T[::-1])]


@pytest.mark.parametrize("size", [(1100, 450), (420, 700)])
def test_equal_scales_and_the_data_fit_with_margins(qtbot, size: tuple[int, int]) -> None:
    s = Session.from_preset("Moons", n=200, seed=0)  # wider than tall
    view = make_view(qtbot, s, *size)
    assert view.viewbox.state["aspectLocked"] == 1.0
    px, py = view.viewbox.viewPixelSize()
    assert px == pytest.approx(py, rel=1e-9)  # a unit of x₁ as long on screen as one of x₂
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    lo, hi = s.dataset.X.min(axis=0), s.dataset.X.max(axis=0)
    assert x0 < lo[0] and x1 > hi[0] and y0 < lo[1] and y1 > hi[1]  # every point, with a margin
    # the range is widened along one axis, not the data stretched: the other keeps the fit's 25 %
    half = np.maximum((hi - lo) / 2, 0.5) * 1.25
    assert min((x1 - x0) / (2 * half[0]), (y1 - y0) / (2 * half[1])) == pytest.approx(1.0, rel=1e-6)
    # a resize keeps both: still equal scales, still every point in view
    view.resize(size[1], size[0])
    qtbot.waitUntil(lambda: view.viewbox.width() < view.viewbox.height() if size[0] > size[1]
                    else view.viewbox.width() > view.viewbox.height())
    px, py = view.viewbox.viewPixelSize()
    assert px == pytest.approx(py, rel=1e-9)
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    assert x0 < lo[0] and x1 > hi[0] and y0 < lo[1] and y1 > hi[1]


@pytest.mark.parametrize(("w", "b"), [((0.5, 0.5), -0.7), ((1.0, -0.3), 0.2), ((0.02, 1.0), -0.5),
                                      ((3.0, 0.0), -1.5)])
def test_the_perceptron_line_is_exact_and_at_right_angles_on_screen(qtbot, w, b) -> None:
    s = Session.from_preset("AND", config=Config(model="Perceptron"))
    view = make_view(qtbot, s, 1200, 500)  # a wide window: the view is not square
    s.model.params["w"][:] = w
    s.model.params["b"][:] = b
    view.refresh()
    xs, ys = view.boundary.getData()
    assert len(xs) == 2  # one straight segment, not a contour of the sampled field
    ends = np.column_stack([xs, ys])
    wv = np.array(w)
    np.testing.assert_allclose(ends @ wv + b, 0.0, atol=1e-12)
    direction = (ends[1] - ends[0]) / np.linalg.norm(ends[1] - ends[0])
    assert abs(wv @ direction) < 1e-9
    # clipped to the view: both ends on its edges
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    for x, y in ends:
        assert x0 - 1e-9 <= x <= x1 + 1e-9 and y0 - 1e-9 <= y <= y1 + 1e-9
        assert min(abs(x - x0), abs(x - x1), abs(y - y0), abs(y - y1)) < 1e-9
    # the arrow w starts on the line, points along w, and is at 90° to the line on screen
    ax, ay = view.normal.getData()
    foot, tip = np.array([ax[0], ay[0]]), np.array([ax[1], ay[1]])
    assert foot @ wv + b == pytest.approx(0.0, abs=1e-12)
    arrow = on_screen(view, *tip) - on_screen(view, *foot)
    line = on_screen(view, *ends[1]) - on_screen(view, *ends[0])
    angle = math.degrees(math.acos(abs(arrow @ line) / np.linalg.norm(arrow) / np.linalg.norm(line)))
    assert angle == pytest.approx(90.0, abs=0.01)
    assert view.normal_head.isVisible()
    # and its head points the same way: ArrowItem's angle 0 points left, turning clockwise on screen
    head = math.radians(180.0 + view.normal_head.opts["angle"])
    np.testing.assert_allclose([math.cos(head), math.sin(head)], arrow / np.linalg.norm(arrow), atol=1e-6)
    assert np.linalg.norm(on_screen(view, *tip) - [view.normal_head.scenePos().x(),
                                                   view.normal_head.scenePos().y()]) < 1e-6


def test_a_perceptron_line_outside_the_view_draws_nothing(qtbot) -> None:
    s = Session.from_preset("AND", config=Config(model="Perceptron"))
    view = make_view(qtbot, s)
    s.model.params["w"][:] = (1.0, 1.0)
    s.model.params["b"][:] = -100.0
    view.refresh()
    assert len(view.boundary.getData()[0] if view.boundary.getData()[0] is not None else []) == 0
    assert not view.normal_head.isVisible()


def test_the_field_follows_the_view_in_pixels(qtbot) -> None:
    s = Session.from_preset("Moons", n=200, seed=0)
    view = make_view(qtbot, s, 500, 350)
    small = view.field.image.shape[:2]
    assert small == view.field_shape == grids.field_shape(view.viewbox.width(), view.viewbox.height(),
                                                          grids.forward_cost(s.model))[:2]
    view.resize(1150, 800)  # the data view of a 1920×1080 window
    qtbot.waitUntil(lambda: view.field.image.shape[:2] != small)
    ny, nx = view.field.image.shape[:2]
    assert ny > small[0] and nx > small[1]
    # samples a few screen pixels apart (drawn smoothed): no visible blocks
    spacing_x, spacing_y = view.viewbox.width() / (nx - 1), view.viewbox.height() / (ny - 1)
    assert spacing_x < 5.0 and spacing_y < 5.0
    # the image covers the view, each pixel centred on its sample
    rect = view.field.mapRectToParent(view.field.boundingRect())
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    assert rect.left() < x0 and rect.right() > x1 and rect.top() < y0 and rect.bottom() > y1
    assert not view.field_note.isVisible()


def test_a_large_network_gets_a_coarser_field_and_a_note(qtbot) -> None:
    s = Session(data.PRESETS["XOR clouds"].make(n=200, seed=0), Config(hidden=(64, 64, 64, 64)))
    view = make_view(qtbot, s, 1150, 800)
    ny, nx = view.field.image.shape[:2]
    assert ny * nx * grids.forward_cost(s.model) <= grids.FIELD_BUDGET
    assert view.field_note.isVisible()
    assert view.field_note.toPlainText() == f"decision field at {nx}×{ny} for this large network"


def test_rings_and_readouts_follow_points_added_while_paused(qtbot) -> None:
    s = Session.from_preset("XOR clouds", n=100, seed=0)
    view = make_view(qtbot, s)
    s.step(300)
    view.refresh()
    # three training points of class 0 where the network is sure of class 1, added while paused
    X = s.trainer.X_train
    deep = X[np.argmax(s.model.predict_proba(X)[:, 1])]
    for k in range(3):
        xy = deep[None, :] + 0.01 * k
        s.insert_points([len(s.dataset)], xy, np.array([0]), roles=np.array([ROLE_TRAIN]))
        view.refresh()  # as the window does on data_changed
    train = s.roles == ROLE_TRAIN
    wrong = train & (s.model.predict(s.dataset.inputs()) != s.dataset.y)
    expected = s.dataset.X[wrong]
    np.testing.assert_array_equal(rings(view), expected[np.lexsort(expected.T[::-1])])
    m = s.current_metrics()
    assert m.misclassified == int(wrong.sum()) >= 3
    right = int(train.sum() - wrong.sum())
    percent = readouts.percent_text(right, int(train.sum()))
    assert readouts.status_texts(s)["accuracy"] == f"train accuracy {percent}%"
    assert m.accuracy == pytest.approx(right / train.sum(), abs=0)


def test_the_key_explains_the_marks_and_regression_labels_its_target(qtbot) -> None:
    s = Session.from_preset("XOR clouds", n=100, seed=0)
    view = make_view(qtbot, s)
    key = view.key.text()
    for word in ("filled", "hollow", "square", "ringed"):
        assert word in key
    assert view.key.isVisible() and view.key.objectName() == "datasetKey"
    axis = view.plot.getPlotItem().getAxis
    assert (axis("bottom").labelText, axis("left").labelText) == ("x₁", "x₂")
    assert view.viewbox.state["aspectLocked"] == 1.0
    s.set_dataset(data.PRESETS["Sine"].make(seed=0))
    view.refresh()
    assert axis("left").labelText == "t (target)" and axis("bottom").labelText == "x (input)"
    assert not view.viewbox.state["aspectLocked"]  # x and t are different quantities
    assert "ringed" not in view.key.text()


def test_the_loss_curve_names_its_loss(qtbot) -> None:
    from visualnet.app.views.loss_curve_view import LossCurveView

    s = Session.from_preset("XOR clouds", n=100, seed=0)
    bridge = SessionBridge(s)
    view = LossCurveView(s, bridge)
    view.bridge_kept = bridge
    qtbot.addWidget(view)
    view.resize(420, 300)
    view.show()
    s.step(5)
    view.refresh()
    view.readout_text.flush()
    left = view.plot.getPlotItem().getAxis("left")
    assert left.labelText == "cross-entropy" and "cross-entropy" in view.readout.text()
    s.configure(model="Perceptron")
    s.step(2)
    view.refresh()
    view.readout_text.flush()
    assert left.labelText == "perceptron criterion" and "perceptron criterion" in view.readout.text()
    s.set_dataset(data.PRESETS["Sine"].make(seed=0))
    assert left.labelText == "squared error"


# ----- the window's status bar (needs MainWindow._update_status to call readouts.status_texts)

def test_status_bar_accuracy_is_the_models_now_after_adding_points_while_paused(window, qtbot) -> None:
    s = window.session
    s.set_dataset(data.PRESETS["XOR clouds"].make(n=100, seed=0))
    s.step(300)
    window.settle()
    assert window.status_labels["accuracy"].text().startswith("train accuracy ")
    before = window.status_labels["accuracy"].text()
    # three clicks, as a learner adds points, of class 0 where the network is sure of class 1
    view = window.dataset_view
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    xs, ys = np.linspace(x0, x1, 40)[2:-2], np.linspace(y0, y1, 40)[2:-2]
    grid = np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2)
    px = view.viewbox.viewPixelSize()[0]
    free = grid[np.min(np.linalg.norm(grid[:, None] - s.dataset.X[None], axis=2), axis=1) > 40 * px]
    deep = free[np.argmax(s.model.predict_proba(free)[:, 1])]  # no point near, class 1 for sure
    window.choose_class(0)
    for k in range(3):
        scene = view.viewbox.mapViewToScene(QPointF(deep[0] + 12 * px * k, deep[1]))
        qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton,
                         pos=view.plot.mapFromScene(scene))
    assert len(s.dataset) == 103 and s.trainer.iteration == 300  # paused: no step was taken
    window.settle()
    train = s.roles == ROLE_TRAIN
    X, t = s.dataset.X[train], s.dataset.y[train]
    right = int(np.sum(s.model.predict(X) == t))
    expected = f"train accuracy {readouts.percent_text(right, len(X))}%"
    assert window.status_labels["accuracy"].text() == expected
    assert window.status_labels["loss"].text() == f"train cross-entropy {s.model.loss(X, t):.4g}"
    assert train[100:].any() and expected != before  # the split gave some of the three to training


def test_perceptron_status_never_says_loss_0_beside_a_ring(window) -> None:
    s = window.session
    s.set_dataset(data.PRESETS["AND"].make(seed=0))
    s.configure(model="Perceptron")
    s.model.params["w"][:] = (1.0, 1.0)
    s.model.params["b"][:] = -1.5
    i = int(np.flatnonzero(s.dataset.y == 1)[0])
    s.move_points([i], [[0.75, 0.75]])  # on the line: criterion 0, misclassified
    window.settle()
    assert window.status_labels["loss"].text() == "misclassified 1 of 4"
    assert window.status_labels["accuracy"].text() == "train accuracy 75.0%"
    assert "wrong side" in window.status_labels["loss"].toolTip()
