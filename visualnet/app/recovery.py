"""Work left by a visualnet that ended without closing: the orphaned autosaves and the dialog that
offers them (Restore, Keep for later or Discard)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QPushButton, QWidget

from visualnet import files
from visualnet.app import i18n


@dataclass
class Orphan:
    """The autosave of an instance that ended without closing, waiting to be restored or discarded."""

    path: Path
    doc: files.SessionDocument | None  # None when it cannot be read
    problem: str = ""  # why it cannot be read, in plain words

    def describe(self) -> str:
        """One line for the list: its points and when it was saved, or why it cannot be read."""
        if self.doc is None:
            return QCoreApplication.translate("Orphan", "{file}: cannot be read ({problem})").format(
                file=self.path.name, problem=i18n.translated(self.problem))
        n = len(self.doc.dataset)
        when = local_time(self.doc.meta.get("saved_at"), "")
        if not when:
            points = QCoreApplication.translate("Orphan", "1 point, saved at an unknown time") if n == 1 \
                else QCoreApplication.translate("Orphan", "{n} points, saved at an unknown time")
            return points.format(n=f"{n:,}")
        points = QCoreApplication.translate("Orphan", "1 point, saved {time}") if n == 1 \
            else QCoreApplication.translate("Orphan", "{n} points, saved {time}")
        return points.format(n=f"{n:,}", time=when)


def local_time(iso: object, fallback: str = "at an unknown time") -> str:
    """An ISO 8601 time from a file's meta as the user's local 'YYYY-MM-DD HH:MM'."""
    try:
        return datetime.fromisoformat(str(iso)).astimezone().strftime("%Y-%m-%d %H:%M")
    except (TypeError, ValueError):
        return fallback


class RecoveryDialog(QDialog):
    """Work left by instances that ended without closing: Restore, Keep for later or Discard, each."""

    def __init__(self, orphans: list[Orphan], restore: Callable[[Orphan], bool],
                 keep: Callable[[Path], None], discard: Callable[[Path], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self._keep = keep
        self._open: dict[Path, list[QPushButton]] = {}
        self._orphans = orphans
        self._rows: list[tuple[QLabel, list[QPushButton]]] = []  # each orphan's line and buttons
        grid = QGridLayout(self)
        self._intro = QLabel()
        grid.addWidget(self._intro, 0, 0, 1, 4)
        for row, orphan in enumerate(orphans, start=1):
            label = QLabel()
            grid.addWidget(label, row, 0)
            buttons = [QPushButton() for _ in range(3)]
            self._rows.append((label, buttons))
            for col, (button, name) in enumerate(zip(buttons, ("restore", "keep", "discard"), strict=True)):
                button.setObjectName(f"{name}{row - 1}")
                grid.addWidget(button, row, col + 1)
            buttons[0].setEnabled(orphan.doc is not None)
            buttons[0].clicked.connect(lambda _=False, o=orphan: self._settle(o.path, restore(o)))
            buttons[1].clicked.connect(lambda _=False, p=orphan.path: self._settle(p, keep))
            buttons[2].clicked.connect(lambda _=False, p=orphan.path: self._settle(p, discard))
            self._open[orphan.path] = buttons
        self.setModal(False)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """The dialog's texts in the language now spoken."""
        self.setWindowTitle(self.tr("Recover unsaved work"))
        self._intro.setText(self.tr("Another visualnet window ended without closing. Its unsaved work:"))
        texts = (self.tr("Restore"), self.tr("Keep for later"), self.tr("Discard"))
        for orphan, (label, buttons) in zip(self._orphans, self._rows, strict=True):
            label.setText(orphan.describe())
            for button, text in zip(buttons, texts, strict=True):
                button.setText(text)

    def pending(self) -> list[Path]:
        """The orphans not settled yet."""
        return list(self._open)

    def _settle(self, path: Path, done: bool | Callable[[Path], None]) -> None:
        """Grey out an orphan's buttons once it is settled: restored (`done` True), kept or discarded."""
        if callable(done):  # keep or discard: always settles it
            done(path)
        elif not done:  # a restore that failed: the orphan is still open
            return
        for button in self._open.pop(path, []):
            button.setEnabled(False)
        if not self._open:
            self.accept()

    def done(self, result: int) -> None:
        """Closing the dialog keeps whatever was not settled for a later launch."""
        for path in self.pending():
            self._keep(path)
        self._open.clear()
        super().done(result)
