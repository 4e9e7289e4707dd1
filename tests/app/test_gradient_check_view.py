"""The gradient check view: Check now fills both heatmaps and the readout, every N steps, h, Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import Qt

from tests.app.visible_text import english_left, report, speak
from visualnet.app.bridge import SessionBridge
from visualnet.app.views.gradient_check_view import GradientCheckView
from visualnet.presenters import gradient_check as gcp
from visualnet.session import Config, Session


class Clock:
    """A fake perf_counter: every call is `tick` seconds after the last (a check costs one tick)."""

    def __init__(self, tick: float) -> None:
        self.now, self.tick = 0.0, tick

    def __call__(self) -> float:
        self.now += self.tick
        return self.now


def make_view(qtbot, session: Session) -> GradientCheckView:
    bridge = SessionBridge(session)
    view = GradientCheckView(session, bridge)
    bridge.setParent(view)  # lives as long as the view
    view.clock = Clock(0.001)  # a check "costs" 1 ms: within the frame budget
    qtbot.addWidget(view)
    view.resize(560, 640)
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.fixture
def view(qtbot) -> GradientCheckView:
    return make_view(qtbot, Session.from_preset("XOR clouds"))


@pytest.fixture
def in_chinese(qapp) -> Iterator[None]:
    speak("zh_CN")
    yield
    speak("en")  # the rest of the suite runs in English


def test_it_is_named_for_the_window(view: GradientCheckView) -> None:
    assert view.objectName() == "gradientCheckView"
    assert view.result is None
    assert view.readout.text().startswith("Press Check now")


def test_check_now_fills_both_heatmaps_and_the_readout(qtbot, view: GradientCheckView) -> None:
    view.session.step(3)
    qtbot.mouseClick(view.check_now, Qt.MouseButton.LeftButton)
    result = view.result
    assert result is not None and result.iteration == 3
    assert len(view.panels) == len(view.session.model.params)
    for (left, right), block in zip(view.panels, result.blocks, strict=True):
        np.testing.assert_array_equal(left.data, block.backprop.astype(np.float32))
        np.testing.assert_array_equal(right.data, block.numerical.astype(np.float32))
        assert left.levels == right.levels == (-block.top, block.top)  # one scale for both
        assert left.title.toPlainText().startswith(f"∂L/∂{block.key}  ±")
        assert right.title.toPlainText() == f"error {gcp.sci(block.error)}"
    assert view.readout.text() == result.readout()
    assert "relative error" in view.readout.text() and "agrees" in view.readout.text()
    assert "max |a − b| / max(|a| + |b|)" in view.readout.toolTip()


def test_the_books_loss_switch_checks_again(view: GradientCheckView) -> None:
    view.session.step(2)
    view.run_check()
    view.with_delta.setChecked(True)
    assert view.result is not None and view.result.with_delta
    assert "1e-7 / y" in view.readout.text()


def test_every_n_steps_runs_the_check_on_steps(view: GradientCheckView) -> None:
    view.every.setValue(3)
    view.auto.setChecked(True)  # checks at once
    assert view.result is not None and view.result.iteration == 0
    view.session.step(1)
    view.session.step(1)
    assert view.result.iteration == 0
    view.session.step(1)
    assert view.result.iteration == 3
    view.session.step(5)  # one frame of 5 steps: due
    assert view.result.iteration == 8
    view.auto.setChecked(False)
    view.session.step(10)
    assert view.result.iteration == 8


def test_a_dear_check_runs_less_often_and_says_so(view: GradientCheckView) -> None:
    view.clock = Clock(0.05)  # 50 ms a check: over the budget
    view.every.setValue(1)
    view.auto.setChecked(True)
    assert view.schedule.throttled
    assert "over the budget of 4 ms a frame" in view.readout.text()
    view.session.step(1)  # the fake clock is 50 ms on; the check must wait 50 ms × 60/(1000/4)… longer
    assert view.result is not None and view.result.iteration == 0


def test_a_new_network_forgets_the_old_result(view: GradientCheckView) -> None:
    view.run_check()
    view.session.configure(hidden=(3,))
    assert view.result is None
    assert [left.key for left, _ in view.panels] == ["W1", "b1", "W2", "b2"]
    view.run_check()
    assert view.result is not None and [b.key for b in view.result.blocks] == ["W1", "b1", "W2", "b2"]


def test_the_perceptron_is_checked_on_its_criterion(qtbot) -> None:
    view = make_view(qtbot, Session.from_preset("XOR clouds", Config(model="Perceptron")))
    view.session.step(2)
    view.run_check()
    assert view.headers[0].toPlainText() == "formula"
    assert [left.key for left, _ in view.panels] == ["w", "b"]


def test_the_h_slider_marks_h_and_shows_0_at_1e_50(view: GradientCheckView) -> None:
    view.session.step(1)
    view.tabs.setCurrentWidget(view.sweep_panel)
    sweep = view.sweep_panel
    assert sweep.found.net is not None  # the loss along W1[0, 0] is swept when the tab is shown
    view.session.set_surface_params(("b1", 2), ("W1", 0))
    assert sweep.found.weight == "b1[2]"  # it follows the loss surface's first parameter
    assert sweep.h_label.text() == "h = 1e-4"
    sweep.set_h(1e-50)
    assert sweep.h == pytest.approx(1e-50)
    assert sweep.marker.value() == pytest.approx(-50.0)  # the axes are log10 h
    assert "the numerical derivative is 0" in sweep.readout.text()
    assert sweep.curves["central"].yData[0] == gcp.EXACT_1  # error 0.2: the numerical derivative is 0


def test_chinese_leaves_no_english_and_english_comes_back(view: GradientCheckView, in_chinese) -> None:
    view.session.step(3)
    view.auto.setChecked(True)
    view.run_check()
    assert english_left(view) == [], report(english_left(view))
    assert "相对误差" in view.readout.text()
    view.tabs.setCurrentWidget(view.sweep_panel)
    view.sweep_panel.set_h(1e-50)
    assert english_left(view) == [], report(english_left(view))
    speak("en")
    assert view.check_now.text() == "Check now"
    assert view.sweep_panel.readout.text().startswith("h = 1e-50: f'(5)")
    view.tabs.setCurrentIndex(0)
    assert view.readout.text().startswith("Iteration 3, on the last mini-batch")


def test_hovering_a_cell_reads_both_of_its_values(qtbot, view: GradientCheckView) -> None:
    view.session.step(2)
    view.run_check()
    assert view.hover.text() == "Hover a cell to read both of its values."
    right = view.panels[2][1]  # W2, its numerical gradient
    block = view.result.blocks[2] if view.result else None
    assert block is not None and block.key == "W2"
    scene_pos = view.canvas.mapViewToScene(right.cell_center(3, 1))
    qtbot.mouseMove(view.plot.viewport(), view.plot.mapFromScene(scene_pos))
    a, b = block.backprop[3, 1], block.numerical[3, 1]
    assert view.hover.text() == (f"W2[3, 1]: backpropagation {gcp.sci(a)}, numerical {gcp.sci(b)}, "
                                 f"difference {gcp.sci(abs(a - b))}")


def test_the_h_sweep_follows_training(qtbot) -> None:
    """The loss along the weight is the current weights': a step redraws the sweep (a few times a second)."""
    from visualnet.app.bridge import SessionBridge
    from visualnet.app.views.gradient_check_view import GradientCheckView
    from visualnet.session import Session

    session = Session()
    view = GradientCheckView(session, SessionBridge(session))
    qtbot.addWidget(view)
    view.show()
    view.tabs.setCurrentWidget(view.sweep_panel)
    qtbot.waitUntil(lambda: view.sweep_panel.found is not None, timeout=2000)
    before = view.sweep_panel.found.net_exact
    session.step(50)
    qtbot.waitUntil(lambda: view.sweep_panel.found.net_exact != before, timeout=2000)
