"""The loss-surface view: items made once and updated in place, honest surface, rate limit, no NaN."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QSpinBox, QVBoxLayout, QWidget

from tests.app.mouse import nonfinite_items
from visualnet.app.bridge import SessionBridge
from visualnet.app.views.loss_surface_view import (
    LINE_EXTEND,
    LossSurfaceView,
    log_loss,
)
from visualnet.core import landscape
from visualnet.core.mlp import MLP
from visualnet.presenters.loss_surface import LossSurface
from visualnet.session import ROLE_TRAIN, SURFACE_MAX_POINTS, Session


def make_view(qtbot, session: Session) -> LossSurfaceView:
    """A shown 480×420 view that recomputes the surface on every refresh."""
    view = LossSurfaceView(session, SessionBridge(session))
    qtbot.addWidget(view)
    view.surface_interval_s = 0.0
    view.resize(480, 420)
    view.show()
    view.refresh()
    return view


def items(view: LossSurfaceView) -> list[object]:
    """Every plot item the view draws."""
    return [view.image, view.contours, view.overlay, view.colorbar]


def train_arrays(s: Session) -> tuple[np.ndarray, np.ndarray]:
    idx = s.indices(ROLE_TRAIN)
    return s.dataset.inputs()[idx], s.dataset.targets()[idx]


def loss_at(s: Session, v1: float, v2: float) -> float:
    """The training loss with the two surface parameters set to v1, v2 (one point, the slow way)."""
    (k1, i1), (k2, i2) = s.surface_params
    p = s.model.params
    saved = p[k1].flat[i1], p[k2].flat[i2]
    p[k1].flat[i1], p[k2].flat[i2] = v1, v2
    try:
        return float(s.model.loss(*train_arrays(s)))
    finally:
        p[k1].flat[i1], p[k2].flat[i2] = saved


def count_surfaces(monkeypatch, view: LossSurfaceView) -> list[int]:
    """A list that grows by one at every surface the view computes over its two parameters."""
    calls: list[int] = []
    real = view.surface.slice_losses
    monkeypatch.setattr(view.surface, "slice_losses", lambda *a, **k: calls.append(1) or real(*a, **k))
    return calls


def assert_path_follows(view: LossSurfaceView, s: Session) -> None:
    """The drawn path is the session's, thinned to about a vertex per pixel: the same two ends, and
    every drawn vertex a vertex of the session's path, in order."""
    drawn = view.overlay.path
    full = LossSurface(s).path()
    np.testing.assert_array_equal(drawn[[0, -1]], full[[0, -1]])
    at = -1
    for vertex in drawn:
        later = np.flatnonzero(np.all(full[at + 1 :] == vertex, axis=1))
        assert len(later), f"{vertex} is not a later vertex of the path"
        at += 1 + int(later[0])
    assert tuple(view.overlay.marker) == LossSurface(s).values()


def finite(*arrays: object) -> bool:
    """True when every value is a finite number (an item's None data counts as empty)."""
    return all(a is None or np.all(np.isfinite(np.asarray(a, dtype=float))) for a in arrays)


def test_widget_names_and_defaults(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    assert view.plot.objectName() == "lossSurfaceView"
    assert view.plot.accessibleName() == "lossSurfaceView"
    assert view.findChild(QComboBox, "surfaceParam1") is view.combo1
    assert view.findChild(QComboBox, "surfaceParam2") is view.combo2
    # the arrays are offered in the model's order, the entry by row and column
    assert [view.combo1.itemText(i) for i in range(view.combo1.count())] == list(s.model.params)
    assert (view.combo1.currentText(), view.combo2.currentText()) == ("W1", "W1")
    row1, col1 = view.findChild(QSpinBox, "surfaceParam1Row"), view.findChild(QSpinBox, "surfaceParam1Col")
    row2, col2 = view.findChild(QSpinBox, "surfaceParam2Row"), view.findChild(QSpinBox, "surfaceParam2Col")
    assert (row1.value(), col1.value(), row2.value(), col2.value()) == (0, 0, 0, 1)
    assert (row1.maximum(), col1.maximum()) == (1, 7)  # W1 is (2, 8)
    pi = view.plot.getPlotItem()
    assert pi.getAxis("bottom").labelText == "W1[0,0]"
    assert pi.getAxis("left").labelText == "W1[0,1]"


def test_steps_update_the_same_items_in_place(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    before = items(view)
    image0 = view.image.image.copy()
    path0 = view.overlay.path.copy()
    marker0 = view.overlay.marker.copy()
    arrow0 = view.overlay.arrow.copy()
    s.step(30)
    view.refresh()
    assert all(a is b for a, b in zip(items(view), before, strict=True))
    assert not np.array_equal(view.image.image, image0)
    assert len(LossSurface(s).path()) > len(path0)
    assert_path_follows(view, s)
    assert not np.array_equal(view.overlay.marker, marker0)
    assert not np.array_equal(view.overlay.arrow, arrow0)


def test_path_and_marker_follow_the_session(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    s.step(30)
    view.refresh()
    assert_path_follows(view, s)
    assert tuple(view.overlay.marker) == LossSurface(s).values()
    # the window holds the whole path and the current point
    x, y = LossSurface(s).path().T
    (x0, x1), (y0, y1) = view.axes_window
    assert x0 < x.min() and x.max() < x1 and y0 < y.min() and y.max() < y1
    assert x1 - x0 >= 2.0 and y1 - y0 >= 2.0


def test_image_is_the_loss_over_the_window(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    s.step(30)
    view.refresh()
    (x0, x1), (y0, y1) = view.axes_window
    res = view.res
    img = view.image.image
    assert img.shape == (res, res) and img.dtype == np.float32
    expected = LossSurface(s).slice_losses((x0, x1), (y0, y1), res=res)
    np.testing.assert_allclose(10.0 ** img.astype(float), expected, rtol=1e-5)
    # independently: a few grid nodes, each with the model's own loss, and each pixel centre
    # drawn exactly at its parameter values
    v1, v2 = np.linspace(x0, x1, res), np.linspace(y0, y1, res)
    for i, j in [(0, 0), (res - 1, 3), (17, res - 1), (res // 2, res // 2)]:
        assert 10.0 ** float(img[i, j]) == pytest.approx(loss_at(s, v1[j], v2[i]), rel=1e-5)
        centre = view.image.mapToParent(QPointF(j + 0.5, i + 0.5))
        assert (centre.x(), centre.y()) == pytest.approx((v1[j], v2[i]))
    lo, hi = view.colorbar.levels()
    assert lo == pytest.approx(img.min()) and hi == pytest.approx(img.max())
    levels = view.contour_levels
    assert len(levels) >= 3 and np.all(np.diff(levels) > 0) and lo < levels[0] and levels[-1] < hi
    # every contour vertex lies on an edge of the grid where the surface crosses one of the levels
    cx, cy = view.contours.getData()
    assert len(cx) > 0 and len(cx) % 2 == 0
    for x, y in list(zip(cx, cy, strict=True))[:: max(1, len(cx) // 25)]:
        col, row = (x - x0) / (v1[1] - v1[0]), (y - y0) / (v2[1] - v2[0])
        i, j = int(np.floor(row + 1e-9)), int(np.floor(col + 1e-9))
        u, w = col - j, row - i
        assert min(u, w) == pytest.approx(0.0, abs=1e-6)  # on a grid line
        ii, jj = min(i + 1, res - 1), min(j + 1, res - 1)
        z = img.astype(float)
        value = (z[i, j] * (1 - u) * (1 - w) + z[i, jj] * u * (1 - w)
                 + z[ii, j] * (1 - u) * w + z[ii, jj] * u * w)
        assert np.min(np.abs(levels - value)) == pytest.approx(0.0, abs=1e-4)


def test_window_is_sticky_and_grows_when_the_path_leaves(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    window = view.axes_window
    s.step(3)
    view.refresh()
    assert view.axes_window == window  # small steps inside: no jitter
    _, x1 = window[0]
    s.model.params["W1"].flat[0] = x1 + 3.0  # the point jumps far outside
    view.refresh()
    (nx0, nx1), _ = view.axes_window
    assert nx0 < x1 + 3.0 < nx1 and nx0 < LossSurface(s).path()[:, 0].min()
    assert view.plot.getPlotItem().getViewBox().viewRange()[0] == pytest.approx([nx0, nx1])


def test_arrow_is_the_next_step_and_its_head_points_along_it(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    s.step(10)
    view.refresh()
    (sx0, sy0), (sx1, sy1) = view.overlay.arrow
    assert (sx0, sy0) == LossSurface(s).values()
    step = -s.optimizer.lr * np.array(LossSurface(s).gradient())
    drawn = np.array([sx1 - sx0, sy1 - sy0])
    assert np.dot(drawn, step) == pytest.approx(np.linalg.norm(drawn) * np.linalg.norm(step))  # parallel
    (x0, x1), (y0, y1) = view.axes_window
    assert x0 <= sx1 <= x1 and y0 <= sy1 <= y1
    # the head as paint() draws it, with the transform the view paints the item with (device pixels)
    t = view.overlay.deviceTransform(view.plot.viewportTransform())
    head = view.overlay.head_polygon(t)
    a, b = t.map(QPointF(sx0, sy0)), t.map(QPointF(sx1, sy1))
    tip = np.array([b.x(), b.y()])
    corners = np.unique(np.round(head, 6), axis=0)
    assert np.min(np.hypot(*(corners - tip).T)) == pytest.approx(0.0, abs=1e-6)  # its tip on the tip
    # the head is symmetric about its axis: from its centre, the tip lies along the shaft on screen
    on_screen = tip - np.array([a.x(), a.y()])
    axis = tip - corners.mean(axis=0)
    assert np.dot(axis / np.linalg.norm(axis), on_screen / np.linalg.norm(on_screen)) > 0.999
    # 12 px long along the shaft whatever the scales (and whatever way the shaft points on screen)
    along = (tip - corners) @ (on_screen / np.linalg.norm(on_screen))
    assert along.max() == pytest.approx(12.0, abs=0.5)


def test_the_overlay_paints_without_an_error(qtbot, caplog) -> None:
    s = trained(20)
    view = make_view(qtbot, s)
    assert view.overlay.arrow is not None and len(view.overlay.dots) > 2
    view.overlay.update()
    view.grab()  # paint() logs (instead of raising, which would abort the process) when it fails
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_the_nan_check_reaches_what_the_overlay_draws(qtbot) -> None:
    view = make_view(qtbot, trained(10))
    assert nonfinite_items(view) == []
    good = view.overlay.path
    view.overlay.path = np.vstack([good, [[np.nan, 0.0]]])  # as if a NaN had slipped through
    assert nonfinite_items(view) == ["lossSurfaceView:SurfaceOverlay"]
    view.overlay.path = good

def test_a_paused_refresh_reuses_the_gradient_until_something_changes(qtbot, monkeypatch) -> None:
    s = Session()
    view = make_view(qtbot, s)
    calls: list[int] = []
    real = view.surface.gradient
    monkeypatch.setattr(view.surface, "gradient", lambda: calls.append(1) or real())
    s.step(5)  # the view follows `stepped` itself: one new gradient
    arrow = view.overlay.arrow.copy()
    assert len(calls) == 1
    view.refresh()  # paused, nothing changed: the same arrow, no new full-batch gradient
    assert len(calls) == 1
    np.testing.assert_array_equal(view.overlay.arrow, arrow)
    train = s.indices(ROLE_TRAIN)
    s.move_points(train, s.dataset.X[train] * 1.5 + 0.2)  # other data: another gradient
    view.refresh()
    assert len(calls) == 2 and not np.array_equal(view.overlay.arrow, arrow)
    s.model.params["W2"].flat[3] += 0.5  # another weight, not one of the two shown: another gradient
    view.refresh()
    assert len(calls) == 3
    step = -s.optimizer.lr * np.array(real())
    (sx0, sy0), (sx1, sy1) = view.overlay.arrow
    drawn = np.array([sx1 - sx0, sy1 - sy0])
    assert np.dot(drawn, step) == pytest.approx(np.linalg.norm(drawn) * np.linalg.norm(step))


def test_projector_mode_widens_the_path_and_the_arrow(window) -> None:
    overlay = window.loss_surface_view.overlay
    widths = [p.widthF() for p in (overlay._path_pen, overlay._halo_pen, overlay._shaft_pen)]
    window.set_theme(projector=True)
    assert [p.widthF() for p in (overlay._path_pen, overlay._halo_pen, overlay._shaft_pen)] == \
        pytest.approx([1.6 * w for w in widths])
    window.set_theme(projector=False)
    assert [p.widthF() for p in (overlay._path_pen, overlay._halo_pen, overlay._shaft_pen)] == \
        pytest.approx(widths)


def test_refresh_from_an_earlier_model_reset_handler(qtbot) -> None:
    s = Session()
    bridge = SessionBridge(s)
    holder: list[LossSurfaceView] = []
    bridge.modelReset.connect(lambda: holder[0].refresh())  # the window's handler runs first
    view = LossSurfaceView(s, bridge)
    holder.append(view)
    qtbot.addWidget(view)
    view.show()
    s.configure(model="Perceptron")
    assert s.surface_params == (("w", 0), ("w", 1))
    assert view.combo1.count() == 2 and view.combo1.currentText() == "w"
    assert view.chooser1.label() == "w[0]" and view.chooser1.row.isHidden()  # a vector: column only
    assert view.plot.getPlotItem().getAxis("left").labelText == "w[1]"


def test_choosing_parameters_in_the_combo_boxes(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    before = items(view)
    view.chooser1.row.setFocus()
    qtbot.keyClick(view.chooser1.row, Qt.Key.Key_Up)  # W1[0,0] -> W1[1,0]: W1 is (2, 8), flat index 8
    assert s.surface_params == (("W1", 8), ("W1", 1))
    assert view.plot.getPlotItem().getAxis("bottom").labelText == "W1[1,0]"
    view.chooser2.col.setFocus()
    qtbot.keyClick(view.chooser2.col, Qt.Key.Key_Up)  # W1[0,1] -> W1[0,2]
    assert s.surface_params == (("W1", 8), ("W1", 2))
    assert view.plot.getPlotItem().getAxis("left").labelText == "W1[0,2]"
    assert all(a is b for a, b in zip(items(view), before, strict=True))
    # the new surface is over the new parameters, around their current values
    (x0, x1), (y0, y1) = view.axes_window
    v = LossSurface(s).values()
    assert x0 < v[0] < x1 and y0 < v[1] < y1
    np.testing.assert_allclose(10.0 ** view.image.image.astype(float),
                               LossSurface(s).slice_losses((x0, x1), (y0, y1), res=view.res), rtol=1e-5)


def test_choosing_the_other_axis_parameter_swaps(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    view.chooser1.col.setValue(1)
    assert s.surface_params == (("W1", 1), ("W1", 0))
    assert (view.chooser1.label(), view.chooser2.label()) == ("W1[0,1]", "W1[0,0]")


def test_surface_is_rate_limited_but_the_path_is_not(qtbot, monkeypatch) -> None:
    s = Session()
    view = make_view(qtbot, s)
    calls = count_surfaces(monkeypatch, view)
    now = [100.0]
    view.presenter.clock = lambda: now[0]
    view.surface_interval_s = 0.1
    s.set_surface_params(("W1", 0), ("W1", 1))  # a change of parameters recomputes at once
    n = len(calls)
    image = view.image.image
    for _ in range(3):
        s.step(2)
        view.refresh()
        now[0] += 0.03
        assert_path_follows(view, s)
    assert len(calls) == n and view.image.image is image
    now[0] += 10.0  # long past the interval (and past the view's own duty-cycle limit)
    s.step(2)
    view.refresh()
    assert len(calls) == n + 1
    assert "every 8 steps" in view.caption.text()


def test_surface_catches_up_when_training_pauses(qtbot, monkeypatch) -> None:
    s = Session()
    view = make_view(qtbot, s)
    calls = count_surfaces(monkeypatch, view)
    view.presenter.clock = lambda: 0.0  # wall time stands still: only the pause timer can recompute
    view.surface_interval_s = 0.02
    view.refresh()
    n = len(calls)
    s.step(5)
    view.refresh()
    assert len(calls) == n
    qtbot.waitUntil(lambda: len(calls) == n + 1, timeout=2000)


def test_closing_the_parent_stops_the_catch_up_timer(qtbot) -> None:
    s = Session()
    parent = QWidget()
    qtbot.addWidget(parent)
    view = LossSurfaceView(s, SessionBridge(s), parent)
    QVBoxLayout(parent).addWidget(view)
    parent.show()
    view.presenter.clock = lambda: 0.0
    view.surface_interval_s = 5.0
    view.refresh()
    s.step(3)
    view.refresh()
    timers = view.findChildren(QTimer)
    assert any(t.isActive() for t in timers)  # waiting to catch the surface up
    parent.close()
    assert not any(t.isActive() for t in timers)


def test_data_edits_recompute_once_they_pause(qtbot, monkeypatch) -> None:
    s = Session()
    view = make_view(qtbot, s)
    calls = count_surfaces(monkeypatch, view)
    now = [0.0]
    view.presenter.clock = lambda: now[0]
    view.surface_interval_s = 0.05
    view.refresh()
    image = view.image.image.copy()
    n = len(calls)
    train = s.indices(ROLE_TRAIN)[:20]
    for k in range(5):  # a drag: one edit (and one refresh) per mouse move, 16 ms apart
        s.move_points(train, np.full((20, 2), 0.1 * k))
        view.refresh()
        now[0] += 0.016
    assert len(calls) == n  # no surface per move
    assert_path_follows(view, s)  # the path and marker still follow
    now[0] += 1.0  # the edits paused: the catch-up timer brings the surface up to date
    qtbot.waitUntil(lambda: len(calls) == n + 1, timeout=2000)
    assert not np.array_equal(view.image.image, image)
    expected = log_loss(LossSurface(s).slice_losses(*view.axes_window, res=view.res))
    np.testing.assert_array_equal(view.image.image, expected)


def test_perceptron_defaults(qtbot) -> None:
    s = Session.from_preset("AND")
    # all four points train: the default 8:2 split puts AND's only class-1 point in the test set
    s.configure(model="Perceptron", lr=0.1, batch_size=1, split=(1, 0))
    view = make_view(qtbot, s)
    assert s.surface_params == (("w", 0), ("w", 1))
    assert (view.chooser1.label(), view.chooser2.label()) == ("w[0]", "w[1]")
    assert [view.combo1.itemText(i) for i in range(view.combo1.count())] == ["w", "b"]
    assert view.plot.getPlotItem().getAxis("bottom").labelText == "w[0]"
    assert "b fixed" in view.caption.text()
    s.step(20)
    view.refresh()
    assert finite(view.image.image, *view.overlay.drawn_arrays())
    assert_path_follows(view, s)
    # the perceptron criterion is 0 where every point is right: the image holds the log floor there
    (x0, x1), (y0, y1) = view.axes_window
    expected = LossSurface(s).slice_losses((x0, x1), (y0, y1), res=view.res)
    np.testing.assert_allclose(10.0 ** view.image.image.astype(float), np.maximum(expected, 1e-6), rtol=1e-5)


def test_model_reset_lists_the_new_parameters(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    before = items(view)
    s.configure(hidden=(3,))
    view.refresh()
    assert [view.combo1.itemText(i) for i in range(view.combo1.count())] == ["W1", "b1", "W2", "b2"]
    assert (view.chooser1.row.maximum(), view.chooser1.col.maximum()) == (1, 2)  # W1 is (2, 3)
    view.combo1.setCurrentIndex(2)  # W2 (3, 2): the column 0 is kept, the row too
    assert s.surface_params[0] == ("W2", 0) and view.chooser1.col.maximum() == 1
    assert all(a is b for a, b in zip(items(view), before, strict=True))
    assert len(view.overlay.path) == len(LossSurface(s).path()) == 1


def test_a_smaller_network_keeps_the_view_working(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    s.set_surface_params(("W1", 14), ("W1", 15))
    s.configure(hidden=(4,))  # W1 shrinks to (2, 4): the session clamps the indices
    view.refresh()
    (k1, i1), (k2, i2) = s.surface_params
    assert (view.chooser1.label(), view.chooser2.label()) == (f"W1[{i1 // 4},{i1 % 4}]",
                                                              f"W1[{i2 // 4},{i2 % 4}]")
    if (k1, i1) == (k2, i2):  # no surface over one parameter twice: say so instead of failing
        assert not view.image.isVisible() and "two different" in view.caption.text()
    else:
        assert view.image.isVisible()


def test_nothing_non_finite_after_divergence(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    s.configure(optimizer="SGD", lr=1e3)
    for _ in range(100):
        s.step(5)
        view.refresh()
        if s.trainer.diverged:
            break
    assert s.trainer.diverged
    view.refresh()
    assert finite(view.image.image, *view.overlay.drawn_arrays(), view.colorbar.levels())
    assert nonfinite_items(view) == []
    assert finite(*view.contours.getData(), view.contour_levels)


def test_no_training_data_hides_the_surface(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    s.remove_points(np.arange(len(s.dataset)))
    view.refresh()
    assert not view.image.isVisible()
    assert "add some points" in view.caption.text()


# ---------------------------------------------------------------- the modes (issue 5)


def trained(steps: int = 40, **config: object) -> Session:
    """A session some way into training, its path recorded step by step."""
    s = Session()
    if config:
        s.configure(**config)
    for _ in range(steps):
        s.step(1)
    return s


def choose_mode(qtbot, view: LossSurfaceView, key: str) -> None:
    """Pick a mode in the combo box with the keyboard, as a user would."""
    combo = view.mode_combo
    combo.setFocus()
    target = combo.findData(key)
    while combo.currentIndex() != target:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)
    view.refresh()


def reference_loss(s: Session, params: dict[str, np.ndarray]) -> float:
    """The training loss at other parameters, with a separate network (the slow, obvious way)."""
    check = MLP(s.model.sizes, activation=s.model.activation_name, task=s.model.task)
    check.set_params(params)
    return float(check.loss(*train_arrays(s)))


def test_mode_combo_lists_the_modes(qtbot) -> None:
    view = make_view(qtbot, Session())
    combo = view.findChild(QComboBox, "surfaceModeCombo")
    assert combo is view.mode_combo
    assert [combo.itemData(i) for i in range(combo.count())] == ["exact", "random", "pca", "line"]
    assert view.mode == "exact" and combo.currentIndex() == 0
    assert view.param_box.isVisible() and not view.reseed_button.isVisible()


def test_switching_modes_updates_the_same_items(qtbot) -> None:
    s = trained()
    view = make_view(qtbot, s)
    before = items(view)
    exact_image = view.image.image.copy()
    choose_mode(qtbot, view, "random")
    assert view.mode == "random" and view.plane is not None and view.plane.kind == "random"
    assert all(a is b for a, b in zip(items(view), before, strict=True))
    assert view.pages.currentWidget() is view.plot and view.image.isVisible()
    assert not np.array_equal(view.image.image, exact_image)
    assert view.reseed_button.isVisible() and not view.param_box.isVisible()
    pi = view.plot.getPlotItem()
    assert pi.getAxis("bottom").labelText.startswith("α") and pi.getAxis("left").labelText == "β"
    # the image is the loss over the plane and the window, on the plane the view holds
    expected = log_loss(LossSurface(s).plane_losses(view.plane, *view.axes_window, res=view.res))
    np.testing.assert_array_equal(view.image.image, expected)
    choose_mode(qtbot, view, "pca")
    assert view.plane.kind == "pca" and all(a is b for a, b in zip(items(view), before, strict=True))
    choose_mode(qtbot, view, "exact")
    assert view.plane is None and view.param_box.isVisible()
    assert pi.getAxis("bottom").labelText == "W1[0,0]"
    np.testing.assert_allclose(10.0 ** view.image.image.astype(float),
                               LossSurface(s).slice_losses(*view.axes_window, res=view.res), rtol=1e-5)


def test_random_plane_is_the_loss_one_point_at_a_time(qtbot) -> None:
    s = trained()
    view = make_view(qtbot, s)
    choose_mode(qtbot, view, "random")
    plane = view.plane
    # through the current parameters, along orthonormal directions of the weights' length
    np.testing.assert_array_equal(landscape.flatten(plane.center), landscape.flatten(s.model.params))
    u1, u2 = landscape.flatten(plane.d1), landscape.flatten(plane.d2)
    assert abs(u1 @ u2) < 1e-9 * (u1 @ u1) and u1 @ u1 == pytest.approx(u2 @ u2, rel=1e-12)
    (x0, x1), (y0, y1) = view.axes_window
    a, b = np.linspace(x0, x1, view.res), np.linspace(y0, y1, view.res)
    img = view.image.image
    for i, j in [(0, 0), (view.res - 1, 5), (20, 20), (7, view.res - 1)]:
        # float32 surface: single precision (and the image holds log10(loss) in float32)
        assert 10.0 ** float(img[i, j]) == pytest.approx(reference_loss(s, plane.point(a[j], b[i])), rel=2e-5)
    # the current point is the plane's origin; the path ends there
    assert tuple(view.overlay.marker) == pytest.approx((0.0, 0.0), abs=1e-9)
    assert tuple(view.overlay.path[-1]) == pytest.approx((0.0, 0.0), abs=1e-9)
    assert view.overlay.arrow is None  # the next-step arrow belongs to the exact mode
    assert "Random directions (seed 0)" in view.caption.text()


def test_new_directions_draws_another_plane(qtbot) -> None:
    s = trained()
    view = make_view(qtbot, s)
    choose_mode(qtbot, view, "random")
    image, d1 = view.image.image.copy(), landscape.flatten(view.plane.d1)
    before = items(view)
    qtbot.mouseClick(view.reseed_button, Qt.MouseButton.LeftButton)
    assert view.seed == 1 and "seed 1" in view.caption.text()
    assert not np.allclose(landscape.flatten(view.plane.d1), d1)
    assert not np.array_equal(view.image.image, image)
    assert all(a is b for a, b in zip(items(view), before, strict=True))


def test_plane_follows_training_at_the_surface_rate(qtbot, monkeypatch) -> None:
    s = trained()
    view = make_view(qtbot, s)
    choose_mode(qtbot, view, "random")
    calls: list[int] = []
    real = view.surface.plane_losses
    monkeypatch.setattr(view.surface, "plane_losses", lambda *a, **k: calls.append(1) or real(*a, **k))
    now = [100.0]
    view.presenter.clock = lambda: now[0]
    view.surface_interval_s = 0.1
    view.presenter.surface_time = now[0]
    plane = view.plane
    for _ in range(3):
        s.step(2)
        view.refresh()
        now[0] += 0.03
        # between recomputes the path and the point are projected on the plane of the surface
        assert view.plane is plane
        np.testing.assert_allclose(view.overlay.path[-1], view.surface.plane_path(plane)[-1])
    assert calls == []
    now[0] += 10.0
    s.step(2)
    view.refresh()
    assert len(calls) == 1 and view.plane is not plane  # re-centred on the current parameters
    np.testing.assert_array_equal(landscape.flatten(view.plane.center), landscape.flatten(s.model.params))


def test_pca_mode_shows_the_explained_variance_and_the_path(qtbot) -> None:
    s = trained(60)
    view = make_view(qtbot, s)
    choose_mode(qtbot, view, "pca")
    plane = view.plane
    assert plane.kind == "pca"
    e1, e2 = plane.explained
    pi = view.plot.getPlotItem()
    assert pi.getAxis("bottom").labelText == f"PC1 ({100 * e1:.1f} %)"
    assert pi.getAxis("left").labelText == f"PC2 ({100 * e2:.1f} %)"
    assert 0 < e2 <= e1 <= 1
    # the path drawn is the recorded path projected on the plane, ending at the current point (0, 0)
    full = view.surface.plane_path(plane)
    assert len(full) == len(LossSurface(s).recorded_path()) > 3
    np.testing.assert_array_equal(view.overlay.path[[0, -1]], full[[0, -1]])
    assert full[-1] == pytest.approx((0.0, 0.0), abs=1e-9)
    (x0, x1), (y0, y1) = view.axes_window
    assert x0 < full[:, 0].min() and full[:, 0].max() < x1 and y0 < full[:, 1].min() and full[:, 1].max() < y1
    # the PCA plane's surface is the loss at those parameters too
    a, b = np.linspace(x0, x1, view.res), np.linspace(y0, y1, view.res)
    assert 10.0 ** float(view.image.image[3, 30]) == pytest.approx(
        reference_loss(s, plane.point(a[30], b[3])), rel=2e-5)


def test_pca_without_a_path_says_so(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    choose_mode(qtbot, view, "pca")
    assert view.plane is None and not view.image.isVisible() and view.overlay.marker is None
    assert "train a few steps" in view.caption.text()
    for _ in range(5):
        s.step(1)
    view.refresh()
    assert view.plane is not None and view.image.isVisible()


def test_line_mode_ends_are_the_initial_and_current_losses(qtbot) -> None:
    s = trained()
    view = make_view(qtbot, s)
    choose_mode(qtbot, view, "line")
    assert view.pages.currentWidget() is view.line_plot
    assert view.line_plot.objectName() == "lossLineView"
    assert not view.check_3d.isVisible() and not view.param_box.isVisible()
    t, losses = view.line_curve.getData()
    assert t[0] == pytest.approx(-LINE_EXTEND) and t[-1] == pytest.approx(1 + LINE_EXTEND)
    assert np.all(np.diff(t) > 0) and np.all(np.isfinite(losses))
    ex, ey = view.line_ends.getData()
    assert list(ex) == [0.0, 1.0]
    assert ey[0] == pytest.approx(reference_loss(s, s.initial_params), rel=2e-5)
    assert ey[1] == pytest.approx(float(s.model.loss(*train_arrays(s))), rel=2e-5)
    # the curve passes through the two marked ends, and follows training
    assert losses[np.flatnonzero(t == 0.0)[0]] == ey[0] and losses[np.flatnonzero(t == 1.0)[0]] == ey[1]
    for _ in range(20):
        s.step(1)
    view.refresh()
    assert view.line_ends.getData()[1][1] == pytest.approx(float(s.model.loss(*train_arrays(s))), rel=2e-5)
    assert "initial weights (t = 0)" in view.caption.text()


def test_3d_falls_back_to_the_map_offscreen(qtbot) -> None:
    s = trained()
    view = make_view(qtbot, s)
    assert not view.check_3d.isEnabled()  # offscreen: no OpenGL, said in the tooltip
    assert "offscreen" in view.check_3d.toolTip()
    choose_mode(qtbot, view, "random")
    before = items(view)
    view.check_3d.setChecked(True)  # even when forced on: the 2-D map and one short line, no error
    view.refresh()
    assert view.pages.currentWidget() is view.plot and view.gl_view is None
    assert view.image.isVisible() and "No 3-D" in view.caption.text()
    assert all(a is b for a, b in zip(items(view), before, strict=True))
    view.grab()  # it paints without a Qt warning


def test_caption_names_the_sample_of_a_large_training_set(qtbot) -> None:
    s = Session.from_preset("Moons", n=1500)
    n_train = len(s.indices(ROLE_TRAIN))
    assert n_train > SURFACE_MAX_POINTS
    view = make_view(qtbot, s)
    note = f"fixed random sample of 1,000 of the {n_train:,} training points"
    for mode in ("exact", "random", "line"):
        choose_mode(qtbot, view, mode)
        assert note in view.caption.text(), mode
    small = make_view(qtbot, Session())
    assert "sample" not in small.caption.text()


def test_plane_modes_draw_nothing_non_finite_after_divergence(qtbot) -> None:
    s = trained(10)
    view = make_view(qtbot, s)
    s.configure(optimizer="SGD", lr=1e3)
    for mode in ("random", "pca", "line"):
        choose_mode(qtbot, view, mode)
        for _ in range(40):
            s.step(5)
            view.refresh()
            if s.trainer.diverged:
                break
        view.refresh()
        assert nonfinite_items(view) == [], mode
        assert finite(view.image.image, view.colorbar.levels(), *view.contours.getData())


def test_perceptron_random_directions_say_why_not(qtbot) -> None:
    s = Session.from_preset("AND")
    s.configure(model="Perceptron", lr=0.1, batch_size=1, split=(1, 0))
    for _ in range(10):
        s.step(1)
    view = make_view(qtbot, s)
    choose_mode(qtbot, view, "random")
    assert view.plane is None and not view.image.isVisible()
    assert "choose an MLP" in view.caption.text()
    choose_mode(qtbot, view, "pca")  # three parameters still have a path to follow
    assert view.plane is not None and view.image.isVisible()
    assert nonfinite_items(view) == []


def test_a_network_too_large_for_its_path(qtbot) -> None:
    s = Session()
    s.configure(hidden=(64, 64))
    assert s.history.params is None  # its path is not recorded (the history's memory budget)
    s.step(3)
    view = make_view(qtbot, s)
    choose_mode(qtbot, view, "random")
    assert view.image.isVisible() and view.overlay.marker is not None
    assert view.overlay.marker[0] == pytest.approx(0.0, abs=1e-9)
    choose_mode(qtbot, view, "pca")
    assert not view.image.isVisible() and "too large" in view.caption.text()


def test_projector_text_wraps_the_surface_controls_instead_of_clipping_them(window, qtbot):
    window.resize(1600, 1000)
    window.set_theme(projector=True)
    qtbot.wait(50)
    view = window.loss_surface_view
    for w in (view.mode_combo, view.combo1, view.combo2, view.chooser1.row, view.chooser2.col, view.check_3d):
        assert w.width() >= w.sizeHint().width(), w.objectName()
    window.set_theme(projector=False)


def test_a_bias_is_chosen_by_its_column_alone(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    chooser = view.chooser2
    chooser.combo.setCurrentIndex(chooser.combo.findText("b2"))  # b2 is (8,): its unit
    assert chooser.row.isHidden() and not chooser.col.isHidden() and chooser.col.maximum() == 7
    chooser.col.setValue(5)
    assert s.surface_params == (("W1", 0), ("b2", 5))
    assert view.plot.getPlotItem().getAxis("left").labelText == "b2[5]"
    assert chooser.toolTip() == "bias of layer 2 unit 6"
    assert "8" in chooser.combo.itemData(chooser.combo.currentIndex(), Qt.ItemDataRole.ToolTipRole)
    # the session's choice is shown without being echoed back as a new one
    s.set_surface_params(("W2", 9), ("W1", 1))  # W2 is (8, 8): row 1, column 1
    assert (view.chooser1.combo.currentText(), view.chooser1.row.value(), view.chooser1.col.value()) == \
        ("W2", 1, 1)
    assert view.chooser1.label() == "W2[1,1]" and not view.chooser1.row.isHidden()


def test_the_line_keeps_its_loss_range_while_the_losses_stay_inside(qtbot) -> None:
    from visualnet.app.views import loss_surface_view

    s = Session()
    view = make_view(qtbot, s)
    choose_mode(qtbot, view, "line")
    vb = view.line_plot.getPlotItem().getViewBox()
    ranges = []
    for _ in range(30):
        s.step(1)
        view.refresh()
        _, losses = view.line_curve.getData()
        lo, hi = vb.viewRange()[1]
        assert lo <= losses.min() and losses.max() <= hi  # every loss in view
        shrink = loss_surface_view.LINE_SHRINK
        assert losses.max() - losses.min() >= shrink * (hi - lo) * 0.999  # and not lost in it
        ranges.append((lo, hi))
    # the axes (and their grid) are redrawn when the range changes: not at every step
    assert len(set(ranges)) < len(ranges) // 2


def test_the_view_exports_as_a_png_of_itself(qtbot, tmp_path) -> None:
    # `window` was once a property holding the axes' ranges, hiding QWidget.window(): exporting the
    # view raised TypeError ('tuple' object is not callable)
    from PySide6.QtGui import QImage

    from visualnet.app import exports

    view = make_view(qtbot, trained(10))
    assert view.window() is view  # a widget on its own is its own window
    w, h = exports.export_window_png(view, tmp_path / "surface.png")
    image = QImage(str(tmp_path / "surface.png"))
    assert (image.width(), image.height()) == (w, h) and (w, h) == (view.width(), view.height())


def test_the_view_follows_the_session_itself_and_catches_up_when_shown(qtbot) -> None:
    from visualnet.app.views import live

    s = Session()
    parent = QWidget()
    qtbot.addWidget(parent)
    view = LossSurfaceView(s, SessionBridge(s), parent)
    QVBoxLayout(parent).addWidget(view)
    view.surface_interval_s = 0.0
    parent.show()
    s.step(10)  # nobody calls refresh(): the view follows `stepped`
    assert tuple(view.overlay.marker) == LossSurface(s).values()
    view.hide()
    s.step(20)
    s.configure(hidden=(3,))  # a new network while hidden: nothing is drawn, the view is stale
    s.step(5)
    assert live.is_stale(view)
    view.show()
    assert not live.is_stale(view)
    assert [view.combo1.itemText(i) for i in range(view.combo1.count())] == ["W1", "b1", "W2", "b2"]
    assert tuple(view.overlay.marker) == LossSurface(s).values()
    expected = log_loss(LossSurface(s).slice_losses(*view.axes_window, res=view.res))
    np.testing.assert_array_equal(view.image.image, expected)


def test_with_a_penalty_the_heights_are_named_loss_plus_penalty(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    bar = view.colorbar.getAxis("left")
    assert bar.labelText == "training loss"
    s.configure(penalty="l2", penalty_rate=0.01)
    s.step(1)  # a frame: the view refreshes
    assert bar.labelText == "training loss + penalty"
    assert view.line_plot.getPlotItem().getAxis("left").labelText == "training loss + penalty"
    s.configure(penalty_rate=0.0)
    s.step(1)
    assert bar.labelText == "training loss"
