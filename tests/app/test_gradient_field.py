"""The gradient field in the loss-surface view and the playground, and the step readout, as drawn: one
item each, the presenter's arrows, computed with the surface only, and no English left in Chinese."""

from __future__ import annotations

import numpy as np
import pytest

from tests.app.mouse import nonfinite_items
from tests.app.visible_text import english_left, speak
from visualnet.app.bridge import SessionBridge
from visualnet.app.layout import PLOT_MIN
from visualnet.app.playground import OptimizerPlayground
from visualnet.app.views.loss_surface_view import LossSurfaceView
from visualnet.core.surfaces import SURFACES
from visualnet.presenters import gradient_field as gf
from visualnet.session import Session


@pytest.fixture
def view(qtbot) -> LossSurfaceView:
    """A shown view after a few steps, recomputing its surface on every refresh, the field switched on."""
    s = Session()
    v = LossSurfaceView(s, SessionBridge(s))
    qtbot.addWidget(v)
    v.surface_interval_s = 0.0
    v.resize(520, 460)
    v.show()
    qtbot.waitExposed(v)
    s.step(5)
    v.field_check.setChecked(True)
    return v


@pytest.fixture
def chinese_afterwards(qapp):
    """English again after the test, whatever happened (the suite runs in English)."""
    yield
    speak("en")


def test_the_check_box_draws_the_presenters_field_in_one_item(view: LossSurfaceView) -> None:
    assert view.field_check.objectName() == "gradientFieldCheck"
    assert view.field_check.text() == "Gradient field"
    items = list(view.plot.getPlotItem().items)
    s = view.session
    s.step(2)
    view.refresh()  # a surface every refresh here: the field comes with it
    drawn = view.field
    assert drawn.isVisible() and len(drawn.tails) == gf.FIELD_RES**2
    # what the item draws is the field of −∇L at the grid points over the window, one scale for all
    X, t = view.surface.sample()
    points = gf.field_points(view.axes_window, gf.FIELD_RES)
    field = gf.make_field(points, gf.slice_gradients(s.model, X, t, *s.surface_params, points),
                          view.axes_window, gf.FIELD_RES)
    np.testing.assert_allclose(drawn.tips - drawn.tails, -field.scale * field.gradients)
    np.testing.assert_allclose((drawn.tails + drawn.tips) / 2, points)
    assert list(view.plot.getPlotItem().items) == items  # the same items: nothing made per frame
    view.field_check.setChecked(False)
    assert not view.field.isVisible()
    view.refresh()
    assert not view.field.isVisible() and len(view.field.tails) == 0


def test_the_field_is_computed_with_the_surface_not_every_frame(qtbot, monkeypatch) -> None:
    s = Session()
    v = LossSurfaceView(s, SessionBridge(s))
    qtbot.addWidget(v)
    v.resize(520, 460)
    v.show()
    calls: list[int] = []
    real = gf.slice_gradients
    monkeypatch.setattr(gf, "slice_gradients", lambda *a: calls.append(1) or real(*a))
    v.surface_interval_s = 60.0  # the surface waits a minute between two recomputes while training
    v.field_check.setChecked(True)
    assert calls == [1]  # switched on: at once
    for _ in range(5):
        s.step(1)
        v.refresh()
    assert calls == [1]  # training frames move the path, not the field


def test_plane_modes_draw_the_field_and_the_line_has_none(view: LossSurfaceView) -> None:
    for mode in ("random", "pca"):
        view.mode_combo.setCurrentIndex(view.mode_combo.findData(mode))
        view.session.step(5)
        view.refresh()
        assert view.field_check.isVisible() and view.field.isVisible() and len(view.field.tails) > 0
        assert not view.update_box.isVisible()  # the written-out step is the exact mode's
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("line"))
    assert not view.field_check.isVisible()


def test_the_field_paints_without_an_error_and_holds_no_nan(view: LossSurfaceView, caplog) -> None:
    view.field.update()
    view.grab()  # paint() logs (instead of raising) when it fails
    assert not [r for r in caplog.records if r.levelname == "ERROR"]
    assert nonfinite_items(view) == []


def test_the_step_readout_writes_the_update_out_under_the_plot(view: LossSurfaceView) -> None:
    view.session.step(3)
    view.refresh()
    view.update_text.flush()
    text = view.update_label.text()
    assert view.update_box.isVisible() and text == view.presenter.step_readout(None)
    assert text.count("←") == 2 and "stepping against it" in text
    assert view.session.surface_params[0] == ("W1", 0) and text.startswith("W1[0,0] ← ")
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("random"))
    assert not view.update_box.isVisible()  # the two parameters' step: not on a plane


def test_the_readout_never_squeezes_the_plot_nor_is_clipped(qtbot, view: LossSurfaceView) -> None:
    assert view.update_box.minimumSizeHint().height() == 0  # it never makes the dock taller
    view.resize(380, 270)  # too short for the readout under a plot of the minimum size
    qtbot.waitUntil(lambda: not view.update_box.isVisible(), timeout=1000)
    qtbot.wait(50)
    area = view.plot.getPlotItem().getViewBox().sceneBoundingRect()
    assert area.height() >= PLOT_MIN.height()
    view.resize(520, 520)
    qtbot.waitUntil(view.update_box.isVisible, timeout=1000)
    qtbot.wait(50)
    label = view.update_label
    assert label.height() >= label.heightForWidth(label.width())  # all of it: nothing clipped
    assert view.plot.getPlotItem().getViewBox().sceneBoundingRect().height() >= PLOT_MIN.height()


def test_the_view_speaks_chinese_with_the_field_and_the_readout(view: LossSurfaceView,
                                                                chinese_afterwards) -> None:
    view.refresh()
    view.update_text.flush()
    english = (view.field_check.text(), view.field_check.toolTip(), view.update_label.toolTip())
    speak("zh_CN")
    assert english_left(view) == []
    assert view.field_check.text() == "梯度场" and "斜率" in view.update_label.text()
    speak("en")
    view.update_text.flush()
    assert (view.field_check.text(), view.field_check.toolTip(), view.update_label.toolTip()) == english
    assert "the slope is" in view.update_label.text()


# ------------------------------------------------------------------ the playground

def test_the_playground_draws_minus_the_gradient_of_its_function(playground: OptimizerPlayground) -> None:
    w = playground
    assert w.field_check.objectName() == "gradientFieldCheck" and len(w.surface_item.field_tails) == 0
    renders = w.surface_item.renders
    w.field_check.setChecked(True)
    w.grab()
    assert w.surface_item.renders == renders + 1  # drawn into the surface's picture, once
    for name in ("Bowl: x² + y²", "Rosenbrock"):
        w.set_surface(SURFACES[name])
        tails, tips = w.surface_item.field_tails, w.surface_item.field_tips
        field = gf.surface_field(SURFACES[name])
        gx, gy = SURFACES[name].gradient(*field.points.T)
        keep = (np.column_stack([gx, gy]) != 0).any(axis=1)
        np.testing.assert_allclose(tips - tails, -field.scale * np.column_stack([gx, gy])[keep])
        np.testing.assert_allclose((tails + tips) / 2, field.points[keep])
    rendered = w.surface_item.renders
    w.grab()
    w.step(3)
    w.grab()
    assert w.surface_item.renders == rendered + 1  # a new function once; race frames copy the picture
    w.field_check.setChecked(False)
    assert len(w.surface_item.field_tails) == 0


def test_the_playgrounds_field_speaks_chinese(playground: OptimizerPlayground, chinese_afterwards) -> None:
    playground.field_check.setChecked(True)
    speak("zh_CN")
    assert english_left(playground) == []
    assert playground.field_check.text() == "梯度场"
    speak("en")
    assert playground.field_check.text() == "gradient field"


def test_a_short_panel_says_the_step_in_the_captions_tip(qtbot) -> None:
    """Too little room under the plot: the step is not clipped; hovering the caption says it, fresh."""
    from visualnet.app.bridge import SessionBridge
    from visualnet.app.views.loss_surface_view import LossSurfaceView
    from visualnet.session import Session

    session = Session()
    view = LossSurfaceView(session, SessionBridge(session))
    qtbot.addWidget(view)
    view.resize(330, 300)  # the docked panel of a 1280×800 window
    view.show()
    qtbot.waitExposed(view)
    session.step(3)
    view.refresh()
    if view.update_box.isVisible():  # room after all (fonts differ): then there is no tip to give
        assert view.hidden_step() == ""
        return
    first = view.hidden_step()
    assert "←" in first
    session.step(1)  # hidden, the readout is not kept up: the tip is computed when asked, never stale
    assert view.hidden_step() != first
    from visualnet.presenters.param_names import param_label
    from visualnet.presenters.surface_numbers import update_formula

    key, i = session.surface_params[0]
    name = param_label(key, session.model.params[key].shape, i)
    w, g = view.presenter.surface.values()[0], view.presenter.gradient()[0]
    assert update_formula(name, w, g, session.optimizer.lr) in view.hidden_step()
