"""The speed control: iterations per second on a log slider, "max" at the top; the clock keeps the rate."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSlider, QSpinBox

from visualnet.app.rate_control import MAX_FROM, rate_at, slider_position
from visualnet.pace import DEFAULT_RATE, MAX_RATE, RATE_TOP


def test_the_slider_is_logarithmic_with_max_at_the_top() -> None:
    assert rate_at(0) == 1 and rate_at(MAX_FROM // 2) == 100 and rate_at(MAX_FROM - 1) > 9_000
    assert rate_at(MAX_FROM) == MAX_RATE and slider_position(MAX_RATE) == 1000
    for rate in (1, 10, 300, 5_000, RATE_TOP):
        assert abs(rate_at(slider_position(rate)) - rate) / rate < 0.01


def test_the_box_and_the_slider_are_one_value(window, qtbot) -> None:
    spin = window.findChild(QSpinBox, "speedSpin")
    slider = window.findChild(QSlider, "speedSlider")
    assert spin.value() == DEFAULT_RATE
    slider.triggerAction(QSlider.SliderAction.SliderToMaximum)
    assert spin.value() == MAX_RATE and spin.text() == "max"
    slider.triggerAction(QSlider.SliderAction.SliderToMinimum)
    assert spin.value() == 1
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "max")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == MAX_RATE and slider.value() == slider.maximum()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "2500")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == 2500 and abs(rate_at(slider.value()) - 2500) < 50


@pytest.mark.parametrize("rate", [5, 600])
def test_the_clock_trains_at_the_rate_and_says_what_it_reached(window, qtbot, rate: int) -> None:
    window.controls.speedSpin.setValue(rate)
    start = window.session.trainer.iteration
    t0 = time.perf_counter()
    window.set_playing(True)
    qtbot.wait(1500)
    window.set_playing(False)
    elapsed = time.perf_counter() - t0
    done = window.session.trainer.iteration - start
    # the clock's frames come when the event loop runs them: within 40 % of the rate on a busy machine
    assert 0.6 * rate * elapsed <= done <= 1.05 * rate * elapsed + 2
    reached = window.findChild(QLabel, "speedReached")
    assert reached.text() == ""  # paused: nothing reached
    window.set_playing(True)
    qtbot.wait(1200)
    assert reached.text().startswith("reached ") and reached.text().endswith("/s")
    window.set_playing(False)


def test_a_slow_rate_shows_each_step(window, qtbot) -> None:
    window.controls.speedSpin.setValue(4)
    steps: list[int] = []
    window.bridge.stepped.connect(lambda report: steps.append(report.iterations_done))
    window.set_playing(True)
    qtbot.wait(1100)
    window.set_playing(False)
    assert steps and set(steps) == {1}  # one iteration a frame, and frames without one draw nothing
    assert 3 <= len(steps) <= 6


def test_the_rate_is_remembered_and_an_older_speed_becomes_a_rate(qtbot, settings) -> None:
    from visualnet.app.window import MainWindow

    settings.setValue("training/speed", 5)  # an older app's iterations per frame
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    assert first.controls.speedSpin.value() == 300
    first.controls.speedSpin.setValue(1234)
    first.close()
    second = MainWindow(settings=settings)
    qtbot.addWidget(second)
    assert second.controls.speedSpin.value() == 1234


def test_at_max_the_rate_reached_is_shown_a_few_times_a_second(window, qtbot) -> None:
    # each new text under the speed control re-lays out the window: not at every one of ~60 frames
    shown: list[float | None] = []
    show = window.controls.show_reached
    window.controls.show_reached = lambda rate: (shown.append(rate), show(rate))
    frames: list[int] = []
    window.bridge.stepped.connect(lambda report: frames.append(report.iterations_done))
    window.controls.speedSpin.setValue(MAX_RATE)
    t0 = time.perf_counter()
    window.set_playing(True)
    qtbot.wait(1500)
    elapsed = time.perf_counter() - t0
    rates = [r for r in shown if r is not None]
    assert len(frames) >= 10 and 1 <= len(rates) <= elapsed / 0.25 + 1 < len(frames)
    assert window.controls.speedReached.text().startswith("reached ")
    window.set_playing(False)
    assert shown[-1] is None and window.controls.speedReached.text() == ""  # paused: said at once


def test_at_max_each_frame_draws_the_last_one_s_iterations_and_a_pause_draws_the_rest(window, qtbot) -> None:
    from visualnet.app import frame_gate

    said: list[int] = []
    window.bridge.stepped.connect(lambda report: said.append(report.iterations_done))
    window.controls.speedSpin.setValue(MAX_RATE)
    start = window.session.trainer.iteration
    window.set_playing(True)
    qtbot.waitUntil(lambda: len(said) >= 5, timeout=10_000)
    # a frame trains after drawing: the iterations it ran are said (and drawn) by the next frame
    assert window.session.trainer.iteration - start > sum(said)
    assert frame_gate.wait_s() > 0  # work between frames (a worker's result) waits for the next frame
    window.set_playing(False)
    assert sum(said) == window.session.trainer.iteration - start  # every iteration said, once
    assert frame_gate.wait_s() == 0  # paused: work is done as it comes
    ticks = len(said)
    qtbot.wait(100)
    assert len(said) == ticks  # nothing more after the pause


def test_below_max_work_between_frames_waits_for_the_next_frame_too(window, qtbot) -> None:
    from visualnet.app import frame_gate

    window.controls.speedSpin.setValue(100)
    stepped: list[int] = []
    window.bridge.stepped.connect(lambda report: stepped.append(report.iterations_done))
    window.set_playing(True)
    qtbot.waitUntil(lambda: len(stepped) >= 3, timeout=10_000)
    # between two ticks a worker's result or a panel's turn waits for the next tick (collected there)
    assert frame_gate.wait_s() > 0
    window.controls.speedSpin.setValue(1)  # a tick with nothing due holds the gate as well
    qtbot.wait(100)
    assert frame_gate.wait_s() > 0
    window.set_playing(False)
    assert frame_gate.wait_s() == 0  # paused: work is done as it comes


@pytest.mark.parametrize("rate", [100, MAX_RATE])
def test_a_stop_condition_met_in_a_frame_leaves_the_gate_open(window, qtbot, rate) -> None:
    from visualnet.app import frame_gate
    from visualnet.core.stopping import StopRule

    s = window.session
    s.set_stop_rule(StopRule(iterations=s.trainer.iteration + 3))
    window.controls.speedSpin.setValue(rate)
    window.set_playing(True)
    qtbot.waitUntil(lambda: not window.clock.isActive(), timeout=5000)
    assert frame_gate.wait_s() == 0  # paused: nothing waits for a frame that will not come


@pytest.mark.parametrize("rate", [1, MAX_RATE])
def test_work_put_off_between_frames_is_done_by_the_next_frame_even_without_a_step(window, qtbot, rate):
    from PySide6.QtWidgets import QLabel

    from visualnet.app import frame_gate
    from visualnet.app.plotting import ThrottledText

    label = QLabel("a", window)
    label.show()
    text = ThrottledText(label, interval_s=10.0)  # its own timer would show a put-off text in 10 s
    text.set("b")
    window.controls.speedSpin.setValue(rate)
    window.set_playing(True)
    qtbot.waitUntil(lambda: frame_gate.wait_s() > 0, timeout=5000)  # the clock holds the gate
    text.set("c")  # put off (within interval_s of "b") ...
    text._shown_at = -1e9  # ... and now due: between two frames it waits for the next one
    text._on_due()
    assert label.text() == "b" and text._timer.isActive()
    qtbot.waitUntil(lambda: label.text() == "c", timeout=1000)  # a tick did it (at rate 1: no step)
    window.set_playing(False)


@pytest.mark.parametrize("rate", [300, MAX_RATE])
def test_a_pause_says_paused_in_the_status_bar_at_once(window, qtbot, rate) -> None:
    window.controls.speedSpin.setValue(rate)
    label = window.status_labels["speed"]
    window.set_playing(True)
    qtbot.waitUntil(lambda: label.text().endswith("it/s"), timeout=10_000)
    window.set_playing(False)
    qtbot.waitUntil(lambda: label.text() == "paused", timeout=1000)  # not the last rate, left standing


def test_a_pause_that_comes_while_a_frame_draws_trains_nothing_more(window, qtbot, monkeypatch) -> None:
    from visualnet.app import training_clock

    window.controls.speedSpin.setValue(MAX_RATE)
    window.set_playing(True)
    # what the frame's drawing delivers pauses training (a stop condition's dialog, say)
    monkeypatch.setattr(training_clock.QCoreApplication, "sendPostedEvents",
                        lambda: window.set_playing(False))
    before = window.session.trainer.iteration
    window._on_tick()
    assert window.session.trainer.iteration == before and not window.clock.isActive()
    assert window._unannounced is None
