"""An exception in a slot or timer is caught once, logged, and the app keeps its data and runs on."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from visualnet.app.errors import ErrorReporter, setup_logging
from visualnet.app.window import MainWindow


@pytest.mark.qt_no_exception_capture
def test_exceptions_in_timers_pause_log_and_show_one_dialog(qtbot, settings, tmp_path):
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    reporter = ErrorReporter(win, setup_logging(tmp_path))
    reporter.install()
    try:
        n = len(win.session.dataset)
        win.set_playing(True)

        def boom() -> None:
            raise RuntimeError("a view blew up")

        timer = QTimer(win)
        timer.timeout.connect(boom)
        timer.start(5)
        qtbot.waitUntil(lambda: reporter.count >= 3, timeout=5000)
        timer.stop()
    finally:
        reporter.uninstall()
    assert not win.clock.isActive()  # training paused
    boxes = [w for w in win.findChildren(QMessageBox) if w.isVisible()]
    assert len(boxes) == 1 and "a view blew up" in boxes[0].text()
    log = (tmp_path / "visualnet.log").read_text()
    assert "RuntimeError: a view blew up" in log and "Traceback" in log
    assert len(win.session.dataset) == n
    win.actionStep.trigger()  # and it keeps working
    assert win.session.trainer.iteration >= 1
    boxes[0].close()
