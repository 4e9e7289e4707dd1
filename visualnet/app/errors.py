"""One handler for every unexpected exception: log the traceback, pause, tell the user once, go on."""

from __future__ import annotations

import logging
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from visualnet.app import i18n

LOG_NAME = "visualnet.log"
log = logging.getLogger("visualnet")


def setup_logging(log_dir: str | Path) -> Path:
    """Send visualnet's log to a rotating file in `log_dir`; returns its path.

    OSError when the folder cannot be made or the file written: the caller starts without a log.
    """
    path = Path(log_dir) / LOG_NAME
    path.parent.mkdir(parents=True, exist_ok=True)
    if not any(isinstance(h, RotatingFileHandler) and h.baseFilename == str(path) for h in log.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    return path


class ErrorReporter(QObject):
    """Installed as sys.excepthook: exceptions in slots, timers and views end up here, not in a crash."""

    caught = Signal(str)  # a one-line summary of what went wrong

    def __init__(self, window: QWidget, log_path: Path | None) -> None:
        super().__init__(window)
        self.window = window
        self.log_path = log_path
        self.count = 0
        self._box: QMessageBox | None = None
        self._previous = sys.excepthook

    def install(self) -> None:
        """Take over sys.excepthook (PySide6 reports exceptions raised in slots through it)."""
        self._previous = sys.excepthook
        sys.excepthook = self.handle

    def uninstall(self) -> None:
        """Give sys.excepthook back."""
        if sys.excepthook == self.handle:
            sys.excepthook = self._previous

    def handle(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        """Log the traceback, pause training, and show one dialog (not one per timer tick)."""
        if issubclass(exc_type, KeyboardInterrupt):
            self._previous(exc_type, exc, tb)
            return
        self.count += 1
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("unexpected error\n%s", text)
        summary = self._summary(exc_type, exc, tb)
        pause = getattr(self.window, "set_playing", None)
        if pause is not None:
            pause(False)
        self.caught.emit(summary)
        if self._box is None:
            self._show(summary)

    def _summary(self, exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
        """One line: the error, in the language spoken where it carries a message, and where it was raised."""
        error = f"{exc_type.__name__}: {i18n.error_text(exc)}"
        where = traceback.extract_tb(tb)[-1] if tb is not None else None
        if where is None:
            return error
        return self.tr("{error} in {file}:{line} ({function})").format(
            error=error, file=Path(where.filename).name, line=where.lineno, function=where.name)

    def _show(self, summary: str) -> None:
        if self.log_path:
            text = self.tr("visualnet hit an unexpected error and paused training. Your data is untouched "
                           "and you can keep working.\n\n{error}\n\nThe details are in {log}.")
        else:
            text = self.tr("visualnet hit an unexpected error and paused training. Your data is untouched "
                           "and you can keep working.\n\n{error}")
        self._box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Something went wrong"),
                                text.format(error=summary, log=self.log_path), QMessageBox.StandardButton.Ok,
                                self.window)
        self._box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self._box.finished.connect(self._on_closed)
        self._box.open()

    def _on_closed(self) -> None:
        self._box = None
