"""The Schedule and stopping group sets the session's schedule and stop rule; a stop pauses training."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QSpinBox

from visualnet.core.schedules import Schedule


def test_choosing_a_schedule_and_a_stop_sets_the_session(window, qtbot) -> None:
    plan = window.controls.plan
    combo = plan.findChild(QComboBox, "scheduleCombo")
    combo.setCurrentIndex(combo.findData("cosine"))
    combo.activated.emit(combo.currentIndex())  # as a click on the item does
    assert window.session.schedule.kind == "cosine"
    assert plan.plot.isVisibleTo(plan) and len(plan.curve.yData) == 200
    epochs = plan.findChild(QSpinBox, "stopEpochsSpin")
    epochs.lineEdit().selectAll()
    qtbot.keyClicks(epochs, "2")
    qtbot.keyClick(epochs, Qt.Key.Key_Return)
    assert window.session.stop_rule.epochs == 2
    window.set_playing(True)
    qtbot.waitUntil(lambda: not window.clock.isActive(), timeout=10_000)  # the stop pauses the clock
    assert window.session.trainer.epoch == 2
    assert "stopped after 2 epochs" in window.statusBar().currentMessage()
    assert plan.rate_now.text().startswith("η now ")


def test_the_controls_follow_a_session_opened(window) -> None:
    window.session.set_schedule(Schedule("step", factor=0.25, every=3))
    plan = window.controls.plan
    assert plan.scheduleCombo.currentData() == "step" and plan.factorSpin.value() == 0.25
    assert plan.everySpin.value() == 3.0 and not plan.floorSpin.isVisibleTo(plan)
