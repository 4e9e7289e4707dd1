"""Files in the window: open, save, recent files, drag-and-drop, autosave and crash recovery."""

from __future__ import annotations

import concurrent.futures
import os
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QFileDialog, QWidget

from visualnet import files
from visualnet.session import Session

# runs a piece of work, perhaps behind a progress dialog: (True, its result) or (False, None) if cancelled
Runner = Callable[[Callable[[], object]], tuple[bool, object]]

AUTOSAVE_NAME = "autosave.visualnet.json"
AUTOSAVE_DELAY_MS = 1500  # a change is on disk within 2 seconds
MAX_RECENT = 8
FILE_FILTERS = "visualnet sessions (*.json);;Datasets (*.csv);;All files (*)"


class ApplyDocumentCommand(QUndoCommand):
    """Open a file (a session or a dataset) as one undo step."""

    def __init__(self, session: Session, doc: files.SessionDocument, text: str) -> None:
        super().__init__(text)
        self.session = session
        self.new = doc
        self.old = session.to_document()

    def redo(self) -> None:
        """Apply the opened file."""
        self.session.apply_document(self.new)

    def undo(self) -> None:
        """Bring back the session as it was before the file was opened."""
        self.session.apply_document(self.old)


class _SaveState:
    """Whether a save in another thread may still replace the file, or was cancelled first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._written = False

    def commit(self, write: Callable[[], None]) -> bool:
        """Run `write` (the atomic replace) unless cancelled; False if it was."""
        with self._lock:  # a Cancel waits for a replace under way: then the save counts as done
            if self._cancelled:
                return False
            write()
            self._written = True
            return True

    def cancel(self) -> bool:
        """Cancel the save; True if nothing was written, False if the file was already replaced."""
        with self._lock:
            self._cancelled = True
            return not self._written


def _write(path: str, doc: files.SessionDocument | None, dataset: object, state: _SaveState) -> bool:
    """Write the session `doc` (or the CSV of `dataset`) to `path`, unless `state` is cancelled first.

    Plain Python and numpy, no Qt: it may run in a worker thread. The slow part (the text, and
    reading it back to check it opens) goes to a scratch file; the file at `path` is replaced in one
    atomic step at the end, so a Cancel at any time before leaves the previous file as it was.
    """
    with tempfile.TemporaryDirectory(prefix="visualnet-save-") as folder:
        scratch = os.path.join(folder, Path(path).name)
        if doc is not None:
            files.save_session(scratch, doc)
        else:
            files.save_dataset_csv(scratch, dataset)
        data = Path(scratch).read_bytes()
    return state.commit(lambda: files.atomic_write_bytes(path, data))


class DocumentController(QObject):
    """Knows the current file, the recent files and the autosave; reports problems as plain text."""

    message = Signal(str)  # a status line for the user
    problem = Signal(str, str)  # (title, text) for a dialog: a file could not be read or written
    fileChanged = Signal(str)

    def __init__(self, session: Session, settings: QSettings | None, data_dir: str | Path | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.current_path: str | None = None
        self.preset: str | None = None
        self.autosave_path: Path | None = None
        self._lock: QLockFile | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        # the timer's autosave writes on a worker thread: 100,000 points take ~1.4 s to write, and
        # an autosave every 2 s of editing must not freeze the window for that long
        self._timer.timeout.connect(lambda: self.autosave_now(background=True))
        self._writer: concurrent.futures.ThreadPoolExecutor | None = None
        self._pending: concurrent.futures.Future | None = None
        if data_dir is not None:
            self._claim_autosave(Path(data_dir))
        for name in ("data_changed", "model_reset", "config_changed"):
            session.events.connect(name, lambda *_: self.schedule_autosave())

    # ---------------------------------------------------------------- opening and saving

    def read(self, path: str, run: Runner | None = None) -> files.SessionDocument | None:
        """Read and validate a file; on a problem, say so and return None (nothing is changed).

        `run(work)` -> (done, result) may run the read elsewhere (behind a progress dialog with
        Cancel); done False means cancelled. The signals are emitted here, in the caller's thread.
        """
        try:
            if run is None:
                return files.load_any(path)
            done, doc = run(lambda: files.load_any(path))
        except files.FileFormatError as err:
            self.problem.emit("Could not open the file", str(err))
            return None
        if not done:
            self.message.emit(f"Opening {Path(path).name} was cancelled: nothing changed.")
            return None
        return doc

    def opened(self, path: str) -> None:
        """Remember a file that was opened successfully."""
        self.current_path = path if files.sniff(path) == "json" else None
        self.add_recent(path)
        self.fileChanged.emit(self.current_path or "")
        self.message.emit(f"Opened {Path(path).name}.")

    def save(self, path: str | None = None, parent: QWidget | None = None, run: Runner | None = None) -> bool:
        """Save the session (JSON) or the dataset (CSV) by the file's extension; ask where if needed.

        The writing runs through `run(work)` -> (done, result) (by default behind a busy dialog with
        Cancel when it takes over half a second: 100,000 points take ~1.5 s); done False means the
        user cancelled, and the file on disk is then the one that was there before.
        """
        parent = parent if parent is not None else self._dialog_parent()
        if path is None:
            path = self.current_path or self.ask_save_path(parent)
            if not path:
                return False
        name = Path(path).name
        if run is None and parent is not None:
            from visualnet.app import exports  # the progress helpers live with the other long tasks

            def run(work: Callable[[], object]) -> tuple[bool, object]:
                return exports.run_in_background(parent, f"Saving {name}…", "Save", work)
        session_file = not path.lower().endswith(".csv")
        # what to write is taken now, in the GUI thread: training may go on while it is written
        doc = self.session.to_document(self.preset) if session_file else None
        dataset = None if session_file else self.session.dataset.copy()
        self.message.emit(f"Saving {name}…")
        try:
            if run is None:
                _write(path, doc, dataset, _SaveState())
                done = True
            else:
                state = _SaveState()
                done, _ = run(lambda: _write(path, doc, dataset, state))
                if not done and not state.cancel():  # too late: it was on disk before the Cancel
                    done = True
        except (OSError, ValueError) as err:
            self.problem.emit("Could not save", f"{name}: {err}")
            return False
        if not done:
            self.message.emit(f"Saving {name} was cancelled: the file on disk is as it was.")
            return False
        if session_file:
            self.current_path = path
            self.fileChanged.emit(path)
        self.add_recent(path)
        self.message.emit(f"Saved {name}.")
        return True

    def _dialog_parent(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def ask_save_path(self, parent: QWidget | None) -> str:
        """A save dialog; '' when cancelled."""
        path, chosen = QFileDialog.getSaveFileName(parent, "Save session", "session.json", FILE_FILTERS)
        if path and not Path(path).suffix:
            path += ".csv" if "csv" in chosen else ".json"
        return path

    # ---------------------------------------------------------------- recent files

    def recent(self) -> list[str]:
        """Recently opened or saved files, newest first, that still exist."""
        if self.settings is None:
            return []
        paths = self.settings.value("recentFiles", [], type=list) or []
        return [p for p in paths if os.path.exists(p)]

    def add_recent(self, path: str) -> None:
        """Put a file at the top of the recent list."""
        if self.settings is None:
            return
        path = os.path.abspath(path)
        paths = [path, *[p for p in self.recent() if p != path]][:MAX_RECENT]
        self.settings.setValue("recentFiles", paths)

    # ---------------------------------------------------------------- autosave and recovery

    def _claim_autosave(self, data_dir: Path) -> None:
        """The first running instance owns the autosave; a second one writes its own file."""
        data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = QLockFile(str(data_dir / "autosave.lock"))
        self._lock.setStaleLockTime(0)  # only a live process holds the lock; a crashed one's is stale
        if self._lock.tryLock(0):
            self.autosave_path = data_dir / AUTOSAVE_NAME
        else:
            self._lock = None
            self.autosave_path = data_dir / f"autosave-{os.getpid()}.visualnet.json"

    def schedule_autosave(self) -> None:
        """Save soon (within AUTOSAVE_DELAY_MS of the first unsaved change)."""
        if self.autosave_path is not None and not self._timer.isActive():
            self._timer.start()

    def autosave_now(self, clean_exit: bool = False, background: bool = False) -> None:
        """Write the autosave atomically (temporary file + rename); now, or on the worker thread.

        The document is taken here, in the GUI thread (copies of the data and weights), so the
        worker never reads the session; writes happen one at a time, in order, so the last wins.
        """
        if self.autosave_path is None:
            return
        self._timer.stop()
        doc = self.session.to_document(self.preset)
        doc.meta["clean_exit"] = clean_exit
        doc.meta["file"] = self.current_path or ""
        if background:
            if self._writer is None:
                self._writer = concurrent.futures.ThreadPoolExecutor(1, "visualnet-autosave")
            self._pending = self._writer.submit(self._write_autosave, self.autosave_path, doc)
        else:
            self.wait_for_autosave()
            self._write_autosave(self.autosave_path, doc)

    def wait_for_autosave(self) -> None:
        """Let a background autosave finish (before a write of our own, or on exit)."""
        if self._pending is not None:
            self._pending.result()
            self._pending = None

    def _write_autosave(self, path: Path, doc: files.SessionDocument) -> None:
        """Write one autosave; a failure is a status message (emitted to the GUI thread), not an error."""
        try:
            files.save_session(path, doc)
        except (OSError, ValueError) as err:
            self.message.emit(f"Autosave failed: {err}")

    def recover(self) -> files.SessionDocument | None:
        """The autosaved session, if there is one this instance owns."""
        if self._lock is None or self.autosave_path is None or not self.autosave_path.exists():
            return None
        try:
            return files.load_session(self.autosave_path)
        except files.FileFormatError as err:
            self.message.emit(f"The autosave could not be read ({err.problem}); starting fresh.")
            return None

    def recovery_message(self, doc: files.SessionDocument) -> str:
        """What to tell the user about a restored autosave."""
        when = doc.meta.get("saved_at", "")
        try:
            when = datetime.fromisoformat(when).astimezone().strftime("%Y-%m-%d %H:%M")
        except (TypeError, ValueError):
            when = "the last run"
        if doc.meta.get("clean_exit"):
            return f"Restored your session from {when}."
        return f"visualnet was closed unexpectedly: recovered your work from {when}."

    def shutdown(self) -> None:
        """Final save on exit; a second instance removes its private autosave instead."""
        if self.autosave_path is None:
            return
        if self._lock is None:
            self._timer.stop()
            self.wait_for_autosave()
            self.autosave_path.unlink(missing_ok=True)
        else:
            self.autosave_now(clean_exit=True)
            self._lock.unlock()
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        self.autosave_path = None
