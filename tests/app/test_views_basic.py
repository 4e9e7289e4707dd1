"""The activation, weights and loss-curve views: items made once, data following the session."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from visualnet.app import palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.views.activation_view import ActivationView
from visualnet.app.views.dataset_view import field_colors
from visualnet.app.views.loss_curve_view import LossCurveView
from visualnet.app.views.weights_view import WeightsView, signed_colors
from visualnet.core import activations
from visualnet.presenters.weights import as_matrix, signed
from visualnet.session import Session

VIEWS = {"activationView": ActivationView, "weightsView": WeightsView, "lossCurveView": LossCurveView}


@pytest.fixture
def session() -> Session:
    """The default session: XOR clouds, MLP [2, 8, 8, 2] with ReLU."""
    return Session()


def make(qtbot, cls: type, session: Session) -> QWidget:
    """A view at a realistic dock size, shown (hover needs a visible viewport)."""
    view = cls(session, SessionBridge(session))
    qtbot.addWidget(view)
    view.resize(420, 300)
    view.show()
    qtbot.waitExposed(view)
    view.refresh()
    return view


def plot_items(view: QWidget) -> list:
    """Every data-carrying item in the view's scenes (the weights view's diagram too)."""
    kinds = (pg.PlotDataItem, pg.ImageItem, pg.ScatterPlotItem)
    widgets = [view.plot] + ([view.diagram] if hasattr(view, "diagram") else [])
    # the loss curves are items of their own that say what they draw (`drawn_arrays`)
    items = [it for w in widgets for it in w.scene().items()]
    return [it for it in items if isinstance(it, kinds) or hasattr(it, "drawn_arrays")]


def item_arrays(item: object) -> list[np.ndarray]:
    """The numeric arrays an item would draw."""
    if hasattr(item, "drawn_arrays"):
        return [np.asarray(a, float) for a in item.drawn_arrays()]
    if isinstance(item, pg.PlotDataItem):
        return [np.asarray(a, float) for a in (item.xData, item.yData) if a is not None]
    if isinstance(item, pg.ScatterPlotItem):
        return [np.asarray(item.data["x"], float), np.asarray(item.data["y"], float)]
    if isinstance(item, pg.ImageItem):
        out = [] if item.image is None else [np.asarray(item.image, float)]
        levels = item.getLevels()
        return out + ([] if levels is None else [np.asarray(levels, float)])
    raise TypeError(item)


@pytest.mark.parametrize("name", list(VIEWS))
def test_plot_widget_is_named(qtbot, session: Session, name: str) -> None:
    view = make(qtbot, VIEWS[name], session)
    assert view.plot.objectName() == name
    assert view.plot.accessibleName() == name


# ------------------------------------------------------------------------------------- data view field

@pytest.mark.parametrize("k", [2, 3, 5])
def test_field_colors_blend_class_colours_by_confidence(k: int) -> None:
    rng = np.random.default_rng(k)
    probs = rng.dirichlet(np.ones(k), size=(7, 9))
    rgb = palette.class_rgb()
    # the definition, one pixel at a time: white blended toward the probability-weighted colours,
    # with an opacity of 0.12 when the classes are tied up to 0.62 when one is certain
    blend = probs @ rgb[:k]
    confidence = (probs.max(axis=-1) - 1 / k) / (1 - 1 / k)
    alpha = (0.12 + 0.5 * confidence)[..., None]
    expected = (255 * (1 - alpha + alpha * blend)).astype(np.uint8)
    got = field_colors(probs, rgb)
    assert got.shape == (7, 9, 3) and got.dtype == np.uint8
    assert np.abs(got.astype(int) - expected.astype(int)).max() <= 1  # float rounding of the last bit
    certain = np.zeros((1, 1, k))
    certain[..., 1] = 1.0
    np.testing.assert_allclose(field_colors(certain, rgb)[0, 0], 255 * (0.38 + 0.62 * rgb[1]), atol=1)


# ------------------------------------------------------------------------------------ activation view

def test_activation_items_persist_and_histogram_moves(qtbot, session: Session) -> None:
    view = make(qtbot, ActivationView, session)
    curves, hist, deriv = dict(view.curves), view.hist, view.derivative
    before = np.array(hist.yData, float)
    session.step(50)
    view.refresh()
    assert view.curves == curves and view.hist is hist and view.derivative is deriv
    after = np.array(hist.yData, float)
    assert not np.array_equal(before, after)
    assert after.sum() == pytest.approx(100.0)  # percent of all z of the first hidden layer
    z = session.model.hidden_preactivations(session.trainer.X_train)
    counts, _ = np.histogram(np.clip(z, -5, 5), bins=view.edges)
    np.testing.assert_allclose(after, 100 * counts / z.size)


def costly_histogram(qtbot) -> tuple[Session, ActivationView, list[int]]:
    """An activation view whose refresh is costly (forced), after two steps: the second one's refresh put
    off; the iterations it refreshes at, as they come."""
    from visualnet.core import data

    s = Session(data.PRESETS["XOR clouds"].make(n=2_000, seed=0))
    view = make(qtbot, ActivationView, s)
    view._cost = 1.0  # as a refresh over many points costs (ms, here forced)
    refreshed: list[int] = []
    real = view.refresh
    view.refresh = lambda: (refreshed.append(s.trainer.iteration), real())  # type: ignore[method-assign]
    s.step(1)
    s.step(1)  # within BUSY_EVERY_S of the last refresh: put off
    return s, view, refreshed


def test_a_costly_histogram_follows_training_at_most_twenty_times_a_second(qtbot) -> None:
    from visualnet.app.views import activation_view

    s, view, refreshed = costly_histogram(qtbot)
    assert refreshed == [] and view._pending.isActive()  # waits for the timer
    qtbot.waitUntil(lambda: refreshed == [2], timeout=int(2000 * activation_view.BUSY_EVERY_S) + 500)
    z = s.model.hidden_preactivations(s.trainer.X_train)  # the newest weights' histogram, not an old one
    counts, _ = np.histogram(np.clip(z, -5, 5), bins=view.edges)
    np.testing.assert_allclose(np.array(view.hist.yData, float), 100 * counts / z.size)
    s.add_point((0.3, 0.3), 1)  # an edit is drawn at once
    assert refreshed[-1] == 2 and len(refreshed) == 2


def test_activation_highlight_follows_config(qtbot, session: Session) -> None:
    view = make(qtbot, ActivationView, session)
    assert view.curves["relu"].opts["pen"].widthF() > view.curves["sigmoid"].opts["pen"].widthF()
    assert "ReLUs dead" in view.caption.text()
    session.configure(activation="sigmoid")
    view.refresh()
    assert view.curves["sigmoid"].opts["pen"].widthF() > view.curves["relu"].opts["pen"].widthF()
    x, y = view.derivative.getOriginalDataset()
    np.testing.assert_allclose(y, activations.sigmoid.derivative(x))
    assert "saturated" in view.caption.text()
    assert not view.curves["leaky_relu"].isVisible()  # shown only when it is the one in use
    session.configure(activation="leaky_relu")
    assert view.curves["leaky_relu"].isVisible()
    assert view.curves["leaky_relu"].opts["pen"].widthF() > view.curves["relu"].opts["pen"].widthF()


@pytest.mark.parametrize("name", ["elu", "softplus", "swish", "gelu"])
def test_activation_view_draws_each_newer_activation(qtbot, session: Session, name: str) -> None:
    from visualnet.app.views.activation_view import COLORS
    from visualnet.presenters import activations as present

    view = make(qtbot, ActivationView, session)
    assert not view.curves[name].isVisible()  # shown only when it is the one in use
    session.configure(activation="silu" if name == "swish" else name)
    view.refresh()
    curve = view.curves[name]
    assert curve.isVisible() and view.chosen_activation() == name
    x, y = curve.getOriginalDataset()
    np.testing.assert_allclose(y, activations.get(name).forward(x))
    assert curve.opts["pen"].widthF() > view.curves["relu"].opts["pen"].widthF()
    x, y = view.derivative.getOriginalDataset()
    np.testing.assert_allclose(y, activations.get(name).derivative(x))
    assert view.derivative.opts["pen"].color().name() == curve.opts["pen"].color().name()
    # beside the five always drawn, in a colour none of them has
    shown = [n for n, c in view.curves.items() if c.isVisible()]
    assert shown == [*present.ALWAYS_SHOWN[:4], "identity", name]
    assert COLORS[name] not in {COLORS[n] for n in present.ALWAYS_SHOWN}
    texts = [label.text for _, label in view.legend.items]
    assert f"{present.LABELS[name]}  ◀" in texts and len(texts) == 8
    assert view.legend.width() <= view.plot.getPlotItem().width()  # wrapped to the plot's width
    assert "where its slope is nearly 0" in view.caption.text()


def test_activation_perceptron_uses_step(qtbot, session: Session) -> None:
    view = make(qtbot, ActivationView, session)
    session.configure(model="Perceptron")
    view.refresh()
    assert view.chosen_activation() == "step"
    assert np.asarray(view.hist.yData).sum() == pytest.approx(100.0)
    assert "fires" in view.caption.text()


# --------------------------------------------------------------------------------------- weights view

def test_weights_one_heatmap_per_parameter(qtbot, session: Session) -> None:
    view = make(qtbot, WeightsView, session)
    assert len(view.images) == 6  # W1 b1 W2 b2 W3 b3 of [2, 8, 8, 2]
    for key, panel in view.panels.items():
        np.testing.assert_array_equal(panel.data, as_matrix(session.model.params[key]))
        low, high = panel.levels
        top = max(np.abs(session.model.params[key]).max(), 1e-6)  # fresh biases are all 0
        assert low == -high and high == pytest.approx(top, rel=1e-6)
        # drawn as ready-made colours: white at 0, the ends of the colormap at -m and +m
        np.testing.assert_array_equal(panel.image.image, signed_colors(panel.data, high))
    session.configure(hidden=(4,))
    assert len(view.images) == 2 * 2
    assert [p.data.shape for p in view.panels.values()] == [(2, 4), (1, 4), (4, 2), (1, 2)]
    assert [p.image.image.shape for p in view.panels.values()] == [(2, 4, 4), (1, 4, 4), (4, 2, 4), (1, 2, 4)]


def test_signed_colors_are_symmetric_around_white() -> None:
    m = np.array([[-2.0, -1.0, 0.0, 1.0, 2.0]])
    rgba = signed_colors(m, 2.0).astype(int)
    assert rgba.shape == (1, 5, 4) and np.all(rgba[..., 3] == 255)
    assert np.all(rgba[0, 2, :3] >= 240)  # 0 is (nearly) white
    assert rgba[0, 4, 2] > rgba[0, 4, 0] and rgba[0, 0, 0] > rgba[0, 0, 2]  # + blue, − orange
    # the same distance from 0 is the same distance from white, on either side
    assert abs(rgba[0, 1, :3].sum() - rgba[0, 3, :3].sum()) < 80


def test_weights_items_persist_and_data_changes(qtbot, session: Session) -> None:
    view = make(qtbot, WeightsView, session)
    images = list(view.images)
    before = [p.data.copy() for p in view.panels.values()]
    session.step(50)
    view.refresh()
    assert view.images == images and all(a is b for a, b in zip(view.images, images, strict=True))
    for panel, old, key in zip(view.panels.values(), before, session.model.params, strict=True):
        np.testing.assert_array_equal(panel.data, as_matrix(session.model.params[key]))
        np.testing.assert_array_equal(panel.image.image, signed_colors(panel.data, panel.levels[1]))
        assert not np.array_equal(panel.data, old)


def test_weights_gradient_toggle(qtbot, session: Session) -> None:
    view = make(qtbot, WeightsView, session)
    session.step(5)
    toggle = view.findChild(QWidget, "weightsShowGradients")
    toggle.click()
    grads = session.trainer.last_grads
    for key, panel in view.panels.items():
        np.testing.assert_array_equal(panel.data, as_matrix(grads[key]))
        np.testing.assert_array_equal(panel.image.image, signed_colors(panel.data, panel.levels[1]))
    toggle.click()
    for key, panel in view.panels.items():
        np.testing.assert_array_equal(panel.data, as_matrix(session.model.params[key]))


def test_weights_gradient_toggle_before_training(qtbot, session: Session) -> None:
    view = make(qtbot, WeightsView, session)
    view.show_gradients.setChecked(True)
    grads = session.model.gradient(session.trainer.X_train, session.trainer.t_train)
    np.testing.assert_array_equal(view.panels["W1"].data, as_matrix(grads["W1"]))


def test_weights_hover_shows_cell_value(qtbot, session: Session) -> None:
    view = make(qtbot, WeightsView, session)
    session.step(20)
    view.refresh()
    panel = view.panels["W2"]
    scene_pos = view.canvas.mapViewToScene(panel.cell_center(3, 5))
    qtbot.mouseMove(view.plot.viewport(), view.plot.mapFromScene(scene_pos))
    value = session.model.params["W2"][3, 5]
    qtbot.waitUntil(lambda: view.hover.text() == f"W2[3, 5] = {signed(value)}", timeout=2000)


def test_weights_network_diagram_follows_signs(qtbot, session: Session) -> None:
    view = make(qtbot, WeightsView, session)
    view.findChild(QWidget, "weightsShowDiagram").click()
    assert view.pages.currentWidget() is view.diagram
    buckets = list(view.diagram.buckets)
    weights = [session.model.params[k] for k in ("W1", "W2", "W3")]
    assert len(view.diagram.nodes.data) == 2 + 8 + 8 + 2

    def counts() -> tuple[int, int]:
        half = len(buckets) // 2  # negative buckets first, then positive
        points = [0 if b.xData is None else len(b.xData) for b in buckets]
        return sum(points[:half]) // 2, sum(points[half:]) // 2

    assert counts() == (sum(int((w < 0).sum()) for w in weights), sum(int((w >= 0).sum()) for w in weights))
    session.step(50)
    view.refresh()
    assert view.diagram.buckets == buckets
    assert counts() == (sum(int((w < 0).sum()) for w in weights), sum(int((w >= 0).sum()) for w in weights))


# ----------------------------------------------------------------------------------- loss curve view

def test_loss_curve_follows_history(qtbot, session: Session) -> None:
    view = make(qtbot, LossCurveView, session)
    curves, accs, epochs = dict(view.curves), dict(view.acc_curves), view.epochs
    before = view.curves["train"].yData.copy()
    session.step(50)
    view.refresh()
    assert view.curves == curves and view.acc_curves == accs and view.epochs is epochs
    hist = session.history
    train = view.curves["train"]
    np.testing.assert_array_equal(train.xData, hist.iteration)
    np.testing.assert_array_equal(train.yData, hist.train_loss)
    assert len(train.yData) > len(before)
    # the default 8:2 split is training:test, no validation set
    # the test set is measured once a step() call (a frame): the curve holds the measured points
    measured = np.isfinite(hist.test_loss)
    np.testing.assert_array_equal(view.curves["test"].yData, hist.test_loss[measured])
    np.testing.assert_array_equal(view.acc_curves["train"].yData, hist.train_acc)
    np.testing.assert_array_equal(view.acc_curves["test"].yData, hist.test_acc[measured])
    assert view.curves["val"].xData is None or len(view.curves["val"].xData) == 0
    # one pair of points (a vertical segment) per epoch mark
    np.testing.assert_array_equal(view.epochs.xData[::2], hist.epoch_marks)
    assert len(hist.epoch_marks) > 0
    # the readout changes at most 10 times a second: the newest text arrives within 0.1 s
    qtbot.waitUntil(lambda: "iteration&nbsp;50" in view.readout.text(), timeout=1000)


def test_loss_curve_log_toggle_keeps_values_finite(qtbot, session: Session) -> None:
    view = make(qtbot, LossCurveView, session)
    session.step(30)
    view.log_toggle.setChecked(True)
    assert view.plot.getPlotItem().ctrl.logYCheck.isChecked()
    for item in plot_items(view):
        assert all(np.all(np.isfinite(a)) for a in item_arrays(item))


# ------------------------------------------------------------------------------------------ divergence

def test_nothing_non_finite_after_divergence(qtbot, session: Session) -> None:
    views = [make(qtbot, cls, session) for cls in VIEWS.values()]
    views += [make(qtbot, WeightsView, session)]
    views[1].show_gradients.setChecked(True)
    views[3].show_diagram.setChecked(True)
    session.configure(optimizer="SGD", lr=1e3)
    for _ in range(100):
        report = session.step(20)
        for view in views:
            view.refresh()
        if report is not None and report.diverged:
            break
    assert session.trainer.diverged
    for view in views:
        view.refresh()
        items = plot_items(view)
        assert items
        for item in items:
            for a in item_arrays(item):
                assert np.all(np.isfinite(a)), (type(view).__name__, item)


# ------------------------------------------------------------------------- cheap per-frame updates (E)

def _on_screen(view: QWidget, widget: QWidget) -> np.ndarray:
    """(h, w, 3) pixels of `widget` as the screen shows them now: what earlier paints left there."""
    from PySide6.QtWidgets import QApplication

    shot = QApplication.primaryScreen().grabWindow(view.winId()).toImage()
    x, y = widget.mapTo(view, widget.rect().topLeft()).toTuple()
    return _pixels(shot)[y:y + widget.height(), x:x + widget.width()]


def _pixels(image) -> np.ndarray:
    image = image.convertToFormat(image.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return rows[:, :image.width(), :3].copy()


def _painted_steps(qtbot, session: Session, frames: int, per_frame: int):
    """A loss-curve view after `frames` frames of `per_frame` steps, each refreshed and painted."""
    from PySide6.QtWidgets import QApplication

    view = make(qtbot, LossCurveView, session)
    for _ in range(frames):
        session.step(per_frame)
        view.refresh()
        QApplication.processEvents()
    return view, view.plot.viewport()


def test_loss_curve_painted_step_by_step_equals_a_fresh_drawing(qtbot, session: Session) -> None:
    # Each step repaints only around the new end of the curves; what accumulates on screen must be
    # exactly what a full drawing gives, dashed test curves and epoch marks included.
    view, viewport = _painted_steps(qtbot, session, frames=120, per_frame=3)
    fresh = _pixels(viewport.grab().toImage())
    np.testing.assert_array_equal(_on_screen(view, viewport), fresh)
    assert len(view.curves["test"].xData) > 100  # the dashed curve was there all along
    # and a view that draws the same history at once, with no cached lines, draws the same pixels
    other = make(qtbot, LossCurveView, session)
    for side in ("left", "right"):  # an axis widens for the longest numbers it has shown, never narrows
        width = view.plot.getPlotItem().getAxis(side).width()
        other.plot.getPlotItem().getAxis(side).setWidth(width)
    QApplication.processEvents()
    np.testing.assert_array_equal(_pixels(other.plot.viewport().grab().toImage()), fresh)


def test_loss_curve_draws_nothing_non_finite_after_divergence(qtbot, session: Session) -> None:
    view = make(qtbot, LossCurveView, session)
    for _ in range(40):  # some history first, then a step size that blows up
        session.step(1)
        view.refresh()
        QApplication.processEvents()
    session.configure(optimizer="SGD", lr=50.0)
    for _ in range(100):
        report = session.step(1)
        view.refresh()
        QApplication.processEvents()  # paints: the lines are cut from what the curves hold
        if report is not None and report.diverged:
            break
    assert session.trainer.diverged
    view.log_toggle.setChecked(True)
    QApplication.processEvents()
    curves = [*view.curves.values(), *view.acc_curves.values(), view.epochs.curve]
    assert sum(len(c.drawn_arrays()[2]) for c in curves) > 0
    for curve in curves:
        for a in curve.drawn_arrays():
            assert np.all(np.isfinite(a)), curve.name()


def test_loss_curve_history_pans_with_the_mouse(qtbot, session: Session) -> None:
    # the ViewBoxes paint nothing themselves (no border): they must still take the mouse
    from PySide6.QtCore import QPoint

    from tests.app.mouse import drag

    view = make(qtbot, LossCurveView, session)
    for _ in range(60):
        session.step(1)
    view.refresh()
    vb = view.plot.getPlotItem().vb
    before = vb.viewRange()[0]
    centre = view.plot.mapFromScene(vb.sceneBoundingRect().center())
    drag(qtbot, view.plot.viewport(), centre, centre + QPoint(-80, 0))
    after = vb.viewRange()[0]
    assert after[0] > before[0] and after[1] > before[1]  # dragged left: later iterations come into view
    assert not vb.autoRangeEnabled()[0]
    x = view.curves["train"].xData  # the curve now holds the stretch in view (and one point either side)
    assert x[1] >= after[0] and x[-2] <= after[1]


def test_loss_curve_hidden_from_its_legend_or_restyled_is_repainted(qtbot, session: Session) -> None:
    # the curves are painted by one item per ViewBox: hiding one (a click on its legend sample) or
    # giving it a new pen (a theme) must still repaint the screen, as a fresh drawing shows it
    from PySide6.QtWidgets import QApplication

    from tests.app.mouse import click

    view, viewport = _painted_steps(qtbot, session, frames=40, per_frame=1)
    train = view.curves["train"]
    sample = next(s for s, label in view.legend.items if label.text == train.name())
    before = _pixels(viewport.grab().toImage())
    click(viewport, view.plot.mapFromScene(sample.sceneBoundingRect().center()))
    QApplication.processEvents()
    assert not train.isVisible()
    shown = _on_screen(view, viewport)
    np.testing.assert_array_equal(shown, _pixels(viewport.grab().toImage()))
    assert np.any(shown != before)  # the blue training curve is gone
    click(viewport, view.plot.mapFromScene(sample.sceneBoundingRect().center()))
    view.acc_curves["train"].setPen(palette.pen("#123456", 3.0))
    QApplication.processEvents()
    assert train.isVisible()
    # in the plot (pyqtgraph's legend sample shows a new pen only when the legend is restyled too)
    box = view.plot.mapFromScene(view.plot.getPlotItem().vb.sceneBoundingRect()).boundingRect()
    rows, cols = slice(box.top(), box.bottom()), slice(box.left(), box.right())
    np.testing.assert_array_equal(_on_screen(view, viewport)[rows, cols],
                                  _pixels(viewport.grab().toImage())[rows, cols])


def test_loss_curve_step_repaints_only_the_end(qtbot, session: Session) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    view = make(qtbot, LossCurveView, session)
    for _ in range(52):  # one record per step, as when training at speed 1
        session.step(1)
        view.refresh()
        QApplication.processEvents()
    areas: list[int] = []

    class Paints(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint:
                areas.append(sum(r.width() * r.height() for r in event.region()))
            return False

    spy = Paints()
    view.plot.viewport().installEventFilter(spy)
    session.step(1)  # 53 on an x axis snapped to 0..60: no new range, no epoch mark (48, 64)
    view.refresh()
    QApplication.processEvents()
    vb = view.plot.getPlotItem().vb
    assert areas and max(areas) < 0.25 * vb.width() * vb.height()


def boxed_label(qtbot, text: str, size: tuple[int, int], keep_height: bool = False):
    """A word-wrapped label with `text` in a TextBox on top of a shown widget of `size`, laid out;
    (label, box, the layout requests the widget gets from now on: it holds the widget)."""
    from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout

    from visualnet.app.plotting import TextBox

    outer = QWidget()
    qtbot.addWidget(outer)
    label = QLabel(text)
    label.setWordWrap(True)
    box = TextBox(label, keep_height=keep_height)
    layout = QVBoxLayout(outer)
    layout.addWidget(box)
    layout.addStretch(1)  # the box gets the height it asks for, no more
    outer.resize(*size)
    outer.show()
    qtbot.waitExposed(outer)
    QApplication.processEvents()  # the first layout
    requests = _LayoutRequests(outer)
    requests.widget = outer  # kept alive with the test's reference
    return label, box, requests


def test_text_box_relays_out_only_for_another_height(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    label, box, requests = boxed_label(qtbot, "iteration 1 · loss 0.5", (300, 100))
    label.setText("iteration 2 · loss 0.4")
    QApplication.processEvents()
    assert requests.count == 0 and label.text() == "iteration 2 · loss 0.4"
    one_line = box.height()
    label.setText(" ".join(["a long readout that needs more lines"] * 4))
    qtbot.waitUntil(lambda: box.height() > one_line, timeout=1000)  # the request goes on, then the layout
    assert box.height() >= label.heightForWidth(box.width())
    assert label.geometry() == box.rect()  # the label fills its box


def test_a_text_box_that_keeps_its_height_does_not_shrink_until_told(qtbot) -> None:
    from PySide6.QtWidgets import QApplication

    long_text = " ".join(["a caption with a line that comes and goes"] * 3)
    label, box, requests = boxed_label(qtbot, long_text, (300, 200), keep_height=True)
    tall = box.height()
    assert tall >= label.heightForWidth(box.width())
    label.setText("one line")  # the line that went: its room stays, nothing is laid out again
    QApplication.processEvents()
    assert box.height() == tall and requests.count == 0
    label.setText(long_text)  # ... and came back
    QApplication.processEvents()
    assert box.height() == tall and requests.count == 0
    label.setText("one line")
    box.forget_height()  # another kind of caption: the box fits its text again
    qtbot.waitUntil(lambda: box.height() < tall, timeout=1000)
    assert box.height() >= label.heightForWidth(box.width())


def test_peak_decimate_keeps_every_spike_and_the_newest_point() -> None:
    from visualnet.presenters.loss_curve import peak_decimate

    rng = np.random.default_rng(1)
    x = np.arange(5000.0)
    y = rng.normal(size=5000)
    y[1234], y[4321] = 40.0, -40.0  # one-sample spikes
    xs, ys = peak_decimate(x, y, (0.0, 5000.0), columns=200)
    assert len(xs) <= 2 * 200 + 30 and len(xs) == len(ys)
    assert ys.max() == 40.0 and ys.min() == -40.0
    assert xs[-1] == 4999.0 and ys[-1] == y[-1]
    assert np.all(np.diff(xs) >= 0)
    # short curves are drawn as they are; a zoomed-in view gets the visible stretch at full detail
    np.testing.assert_array_equal(peak_decimate(x[:300], y[:300], (0.0, 5000.0), 200)[1], y[:300])
    xz, yz = peak_decimate(x, y, (1000.0, 1100.0), columns=200)
    np.testing.assert_array_equal(xz, x[999:1102])  # one point either side leaves the view
    np.testing.assert_array_equal(yz, y[999:1102])


def test_between_two_frames_at_max_a_costly_histogram_waits_for_the_next_frame(qtbot) -> None:
    from visualnet.app import frame_gate

    s, view, refreshed = costly_histogram(qtbot)
    frame_gate.hold(0.5)  # the clock runs at "max": work between frames waits for the next frame
    try:
        qtbot.wait(150)  # the put-off refresh's time comes between two frames ...
        assert refreshed == [] and view._pending.isActive()  # ... and waits
        s.step(1)  # the next frame's stepped draws it, in the frame
        assert refreshed == [3] and not view._pending.isActive()
    finally:
        frame_gate.release()


def test_between_two_frames_at_max_a_throttled_text_waits_for_the_next_frame(qtbot) -> None:
    from PySide6.QtWidgets import QLabel

    from visualnet.app import frame_gate
    from visualnet.app.plotting import ThrottledText

    label = QLabel("a")
    qtbot.addWidget(label)
    label.show()
    text = ThrottledText(label, interval_s=0.05)
    text.set("b")  # the first change: shown at once
    text.set("c")  # within interval_s: put off
    assert label.text() == "b"
    frame_gate.hold(0.5)
    try:
        qtbot.wait(150)
        assert label.text() == "b" and text._timer.isActive()  # not between two frames
        text.set("d")  # the next frame's text: shown in the frame, the newest
        assert label.text() == "d" and not text._timer.isActive()
    finally:
        frame_gate.release()
    text.set("e")
    qtbot.waitUntil(lambda: label.text() == "e", timeout=1000)  # no hold: by the timer, as before


def test_weights_titles_follow_the_scale_at_most_ten_times_a_second(qtbot, session: Session) -> None:
    from PySide6.QtCore import QTimer

    view = make(qtbot, WeightsView, session)

    def titles_match() -> bool:
        return all(f"±{p.levels[1]:.2g}" in p.title.toPlainText() for p in view.panels.values()
                   if p.levels[1] > 1e-6)

    for _ in range(5):
        session.step(20)
        view.refresh()
    qtbot.waitUntil(titles_match, timeout=1000)  # the newest scale shows within 0.1 s
    session.step(20)
    view.refresh()
    view.hide()  # a closed dock shows its pending titles and keeps no timer running
    assert titles_match()
    assert not any(t.isActive() for t in view.findChildren(QTimer))


def test_between_two_frames_at_max_the_weights_titles_wait_for_the_next_frame(qtbot, session) -> None:
    from visualnet.app import frame_gate

    view = make(qtbot, WeightsView, session)
    shown = [p.title.toPlainText() for p in view.panels.values()]
    view._titles_at = 1e18  # a title just changed: the next ones are put off
    session.step(50)
    view.refresh()
    assert view._titles_timer.isActive()
    frame_gate.hold(0.5)
    try:
        view._titles_at = -1e18  # their time has come, between two frames at "max"
        view._titles_timer.start(1)
        qtbot.wait(100)
        assert [p.title.toPlainText() for p in view.panels.values()] == shown  # not between frames
        session.step(1)
        view.refresh()  # the next frame shows the newest scale
        assert all(f"±{p.levels[1]:.2g}" in p.title.toPlainText() for p in view.panels.values())
    finally:
        frame_gate.release()


class _LayoutRequests(QObject):
    """Counts the layout requests a widget receives."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.count += 1
        return False


def test_status_readouts_keep_their_size_and_grow_for_a_wider_text(window) -> None:
    label = window.status_labels["iteration"]
    bar = _LayoutRequests(window.statusBar())
    QApplication.processEvents()
    bar.count = 0
    size = label.size()
    for n in (1, 22, 333, 4444):
        label.setText(f"iteration {n}")
        QApplication.processEvents()
    assert label.size() == size and bar.count == 0  # no new layout of the status bar or window
    wide = "iteration 123456789012345"
    label.setText(wide)
    QApplication.processEvents()
    assert label.width() >= label.fontMetrics().horizontalAdvance(wide)  # grew: not clipped


def test_loss_surface_caption_changes_without_a_new_layout(window) -> None:
    view = window.loss_surface_view
    requests = _LayoutRequests(view)
    for text in ("Arrow = next step ×5.", "Arrow = next step ×10."):  # one line; the box settles
        view.caption.setText(text)
        QApplication.processEvents()
    requests.count = 0
    width = view.caption.width()
    for text in ("Arrow = next step ×20.", "Arrow = next step ÷50."):  # one line each
        view.caption.setText(text)
        QApplication.processEvents()
    assert requests.count == 0
    assert view.caption.width() == width and view.caption.isVisible()


# ------------------------------------------------------------------------- the refresh route (live.follow)

def _in_a_shown_window(qtbot, cls: type, session: Session) -> tuple[QWidget, QWidget]:
    """A view inside a shown window, as a dock holds it (so hiding the view takes it out of sight)."""
    from PySide6.QtWidgets import QVBoxLayout

    window = QWidget()
    qtbot.addWidget(window)
    view = cls(session, SessionBridge(session))
    QVBoxLayout(window).addWidget(view)
    window.resize(420, 300)
    window.show()
    qtbot.waitExposed(window)
    return window, view


def _shows_the_weights(view: WeightsView, session: Session) -> bool:
    return all(np.array_equal(p.data, as_matrix(session.model.params[k])) for k, p in view.panels.items())


def _shows_the_histogram(view: ActivationView, session: Session) -> bool:
    z = session.model.hidden_preactivations(session.trainer.X_train)
    counts, _ = np.histogram(np.clip(z, -5, 5), bins=view.edges)
    return np.allclose(view.hist.yData, 100 * counts / z.size)


def test_weights_and_activations_follow_the_session_by_themselves(qtbot, session: Session) -> None:
    # the windows are held here: qtbot keeps weak references only
    _window1, weights_view = _in_a_shown_window(qtbot, WeightsView, session)
    _window2, activation_view = _in_a_shown_window(qtbot, ActivationView, session)
    session.step(30)  # stepped: nobody calls refresh()
    assert _shows_the_weights(weights_view, session) and _shows_the_histogram(activation_view, session)
    session.configure(hidden=(4,), activation="tanh")  # model_reset: new panels, another highlight
    assert [p.data.shape for p in weights_view.panels.values()] == [(2, 4), (1, 4), (4, 2), (1, 2)]
    assert _shows_the_weights(weights_view, session) and activation_view._chosen == "tanh"
    assert _shows_the_histogram(activation_view, session)
    weights_view.show_gradients.setChecked(True)
    session.move_points([0, 1, 2], np.array([[3.0, 3.0], [-3.0, 3.0], [3.0, -3.0]]))  # data_changed
    grads = session.model.gradient(session.trainer.X_train, session.trainer.t_train)
    np.testing.assert_array_equal(weights_view.panels["W1"].data, as_matrix(grads["W1"]))
    assert _shows_the_histogram(activation_view, session)


@pytest.mark.parametrize("cls", [WeightsView, ActivationView])
def test_a_view_out_of_sight_waits_and_catches_up_when_shown(qtbot, session: Session, cls: type) -> None:
    from visualnet.app.views import live

    _window, view = _in_a_shown_window(qtbot, cls, session)
    shows = _shows_the_weights if cls is WeightsView else _shows_the_histogram
    view.hide()
    session.step(30)
    assert live.is_stale(view) and not shows(view, session)  # no work for a closed dock
    session.configure(hidden=(5, 3))  # a new network while out of sight: its items are made at once
    if cls is WeightsView:  # (the window themes a new network's items on that same event)
        assert [p.data.shape for p in view.panels.values()][:2] == [(2, 5), (1, 5)]
    assert not shows(view, session)
    view.show()
    assert not live.is_stale(view) and shows(view, session)
