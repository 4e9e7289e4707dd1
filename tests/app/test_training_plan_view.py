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


def test_the_rate_now_and_the_reached_rate_change_without_a_new_layout(window, qtbot) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QLabel

    from visualnet.core.schedules import Schedule

    class Requests(QObject):
        count = 0

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.LayoutRequest:
                Requests.count += 1
            return False

    window.session.set_schedule(Schedule("cosine", every=2.0))
    panel = window.controls
    rate_now = window.findChild(QLabel, "scheduleRateNow")
    for _ in range(3):  # first paints, sizes settled
        window.session.step(20)
        panel.show_reached(1234.0)
        QApplication.processEvents()
    watcher = Requests()
    panel.installEventFilter(watcher)
    window.installEventFilter(watcher)
    texts = set()
    for k in range(10):
        window.session.step(20)
        panel.show_reached(1000.0 + 37 * k)
        QApplication.processEvents()
        texts.add(rate_now.text())
    assert len(texts) == 10  # a new rate each frame (the cosine moves it)
    assert Requests.count == 0
