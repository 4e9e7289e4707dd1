"""Files in the window: open, save, recent files, drag-and-drop, autosave and crash recovery."""

from __future__ import annotations

import concurrent.futures
import os
import re
import tempfile
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Protocol, TypeVar

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QSettings, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QWidget

from visualnet import files
from visualnet.app import file_dialogs, i18n
from visualnet.app.commands import TranslatedCommand
from visualnet.app.exports import long_tasks
from visualnet.app.recovery import Orphan, local_time
from visualnet.core.data import Dataset
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message

T = TypeVar("T")


class Runner(Protocol):
    """Runs work, perhaps behind a progress dialog: (True, its result), or (False, None) if cancelled."""

    def __call__(self, work: Callable[[], T], /) -> tuple[bool, T | None]: ...


AUTOSAVE_NAME = "autosave.visualnet.json"
# a second running instance autosaves to autosave-<pid>.visualnet.json and holds autosave-<pid>.lock
# (autosave-<pid>-<k> for a further window of one process); a file of that name whose lock is free
# belongs to an instance that ended without closing
ORPHAN_NAME = re.compile(r"autosave-(\d+(?:-\d+)?)\.visualnet\.json")
AUTOSAVE_DELAY_MS = 1500  # a change is on disk within 2 seconds
MAX_RECENT = 8


def file_filters() -> str:
    """The Open and Save dialogs' filters, in the language spoken (the patterns stay as they are)."""
    return QCoreApplication.translate("DocumentController",
                                      "visualnet sessions (*.json);;Datasets (*.csv);;All files (*)")


class ApplyDocumentCommand(TranslatedCommand):
    """Open a file (a session or a dataset) as one undo step."""

    def __init__(self, session: Session, doc: files.SessionDocument, text: str | Message,
                 old: files.SessionDocument | None = None) -> None:
        """With `old`, `doc` is applied already (`old` is the state before): the first redo is skipped."""
        super().__init__(text)
        self.session = session
        self.new = doc
        self.old = session.to_document() if old is None else old
        self._applied = old is not None

    def redo(self) -> None:
        """Apply the opened file."""
        if self._applied:  # QUndoStack.push calls redo(): the document is on already
            self._applied = False
            return
        self.session.apply_document(self.new)

    def undo(self) -> None:
        """Bring back the session as it was before the file was opened."""
        self.session.apply_document(self.old)


def push_document(stack: QUndoStack, session: Session, doc: files.SessionDocument,
                  text: str | Message) -> None:
    """Apply `doc` and record it as one undo step; ValueError (plain words) and no step if it does not apply.

    The document is applied first, outside the stack: an exception inside QUndoCommand.redo would
    leave the command on the stack and reach the user as "Error calling Python override".
    """
    old = session.to_document()
    session.apply_document(doc)  # all or nothing: on ValueError the session is as it was
    stack.push(ApplyDocumentCommand(session, doc, text, old=old))


def _plain_os_error(err: OSError) -> str:
    """An OSError in plain words, without Python's [Errno n] prefix (ours translate, the system's do not)."""
    if isinstance(err, (FileExistsError, NotADirectoryError)):
        return files.filled(QT_TRANSLATE_NOOP("DocumentController", "a file is in the way"))
    if err.strerror:
        return err.strerror.lower() if err.strerror[:1].isupper() else err.strerror
    return str(err)


def problem_text(err: Exception) -> str:
    """An error's text as a str that still translates where it carries a `Message` (see files.Filled)."""
    message = getattr(err, "message", None)
    return files.Filled(message) if isinstance(message, Message) else str(err)


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


def _write(path: str, doc: files.SessionDocument | None, dataset: Dataset | None, state: _SaveState) -> bool:
    """Write the session `doc` (or the CSV of `dataset`) to `path`, unless `state` is cancelled first.

    Plain Python and numpy, no Qt: it may run in a worker thread. The slow part (the text, and
    reading it back to check it opens) goes to a scratch file; the file at `path` is replaced in one
    atomic step at the end, so a Cancel at any time before leaves the previous file as it was. The
    scratch folder is beside the target, on its disk: a full temporary folder must not fail a save.
    """
    target_folder = os.path.dirname(os.path.realpath(path))
    with tempfile.TemporaryDirectory(prefix=".visualnet-save-", dir=target_folder) as folder:
        scratch = os.path.join(folder, Path(path).name)
        if doc is not None:
            files.save_session(scratch, doc)
        elif dataset is not None:
            files.save_dataset_csv(scratch, dataset)
        data = Path(scratch).read_bytes()
    return state.commit(lambda: files.atomic_write_bytes(path, data))


class DocumentController(QObject):
    """Knows the current file, the recent files and the autosave; reports problems as plain text."""

    message = Signal(str)  # a status line for the user
    problem = Signal(str, str)  # (title, text) for a dialog: a file could not be read or written
    fileChanged = Signal(str)
    autosaveFailed = Signal(str)  # why the last autosave failed; "" once one succeeds again

    def __init__(self, session: Session, settings: QSettings | None, data_dir: str | Path | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.settings = settings
        self.current_path: str | None = None
        self.preset: str | None = None
        self.data_dir: Path | None = None
        self.autosave_path: Path | None = None
        self.autosave_off = ""  # why autosave is off although a data folder was asked for ("" if not)
        self.modified = False  # data or settings changed since the last save or open
        self.autosave_failing = ""  # why the last autosave failed ("" if it did not)
        # the data view's toggles to save with the session (the window sets it), or None
        self.view_options: Callable[[], dict[str, bool]] | None = None
        self._lock: QLockFile | None = None
        self._primary = False  # this instance owns AUTOSAVE_NAME (the others' autosaves are private)
        self._orphan_locks: dict[Path, QLockFile] = {}
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(AUTOSAVE_DELAY_MS)
        # the timer's autosave writes on a worker thread: 100,000 points take ~1.4 s to write, and
        # an autosave every 2 s of editing must not freeze the window for that long
        self._timer.timeout.connect(lambda: self.autosave_now(background=True))
        self._writer: concurrent.futures.ThreadPoolExecutor | None = None
        self._pending: concurrent.futures.Future[None] | None = None
        if data_dir is not None:
            self._claim_autosave(Path(data_dir) if str(data_dir) else None)
        for name in ("data_changed", "model_reset", "config_changed"):
            session.events.connect(name, lambda *_: self._on_changed())

    def _on_changed(self) -> None:
        self.modified = True
        self.schedule_autosave()

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
            self.problem.emit(self.tr("Could not open the file"), i18n.error_text(err))
            return None
        if not done:
            self.message.emit(self.tr("Opening {name} was cancelled: nothing changed.").format(
                name=Path(path).name))
            return None
        return doc

    def opened(self, path: str) -> None:
        """Remember a file that was opened successfully."""
        self.current_path = path if files.sniff(path) == "json" else None
        self.modified = False  # what is on screen is what the file holds
        self.add_recent(path)
        self.fileChanged.emit(self.current_path or "")
        self.message.emit(self.tr("Opened {name}.").format(name=Path(path).name))

    def _document(self) -> files.SessionDocument:
        """The session as a document, with the data view's toggles."""
        doc = self.session.to_document(self.preset)
        if self.view_options is not None:
            doc.view = self.view_options()
        return doc

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
        if files.is_read_only(path):  # a rename would replace it regardless of its mode: refuse instead
            self.problem.emit(self.tr("Could not save"), self.tr(
                "{name} is read-only, so it was not replaced. Save under another name with File > Save As…, "
                "or make the file writable first.").format(name=name))
            return False
        if run is None and parent is not None:
            def run(work: Callable[[], T], /) -> tuple[bool, T | None]:
                return long_tasks.run_in_background(parent, self.tr("Saving {name}…").format(name=name),
                                                    self.tr("Save"), work)
        session_file = not path.lower().endswith(".csv")
        # what to write is taken now, in the GUI thread: training may go on while it is written
        doc = self._document() if session_file else None
        dataset = None if session_file else self.session.dataset.copy()
        self.message.emit(self.tr("Saving {name}…").format(name=name))
        try:
            if run is None:
                _write(path, doc, dataset, _SaveState())
                done = True
            else:
                state = _SaveState()
                done, _ = run(lambda: _write(path, doc, dataset, state))
                if not done and not state.cancel():  # too late: it was on disk before the Cancel
                    done = True
        except OSError as err:
            self._save_failed(name, _plain_os_error(err))
            return False
        except ValueError as err:
            self._save_failed(name, problem_text(err))
            return False
        if not done:
            self.message.emit(self.tr("Saving {name} was cancelled: the file on disk is as it was.").format(
                name=name))
            return False
        if session_file:
            self.current_path = path
            self.modified = False
            self.fileChanged.emit(path)
        self.add_recent(path)
        self.message.emit(self.tr("Saved {name}.").format(name=name))
        return True

    def _save_failed(self, name: str, problem: str) -> None:
        """Say that saving `name` failed, and why."""
        self.problem.emit(self.tr("Could not save"),
                          self.tr("{name}: {problem}").format(name=name, problem=i18n.translated(problem)))

    def _dialog_parent(self) -> QWidget | None:
        parent = self.parent()
        return parent if isinstance(parent, QWidget) else None

    def ask_save_path(self, parent: QWidget | None, dialog: file_dialogs.Dialog | None = None) -> str:
        """A save dialog beside the current file, or in the folder sessions last went to; '' if cancelled."""
        path, chosen = file_dialogs.ask_save(parent, "session", self.settings, self.tr("Save session"),
                                             self.current_path or "session.json", file_filters(), dialog)
        if path and not Path(path).suffix:
            path += ".csv" if "csv" in chosen else ".json"
        file_dialogs.remember(file_dialogs.kind_of(path), self.settings, path)  # a dataset: "data"
        return path

    def ask_open_path(self, parent: QWidget | None, dialog: file_dialogs.Dialog | None = None) -> str:
        """An open dialog in the folder sessions or datasets last came from; '' when cancelled."""
        return file_dialogs.ask_open(parent, "session", self.settings, self.tr("Open"), file_filters(),
                                     dialog)[0]

    # ---------------------------------------------------------------- recent files

    def recent(self) -> list[str]:
        """Recently opened or saved files, newest first, that still exist."""
        if self.settings is None:
            return []
        paths = self.settings.value("recentFiles", [], type=list)
        return [p for p in paths if os.path.exists(p)] if isinstance(paths, list) else []

    def add_recent(self, path: str) -> None:
        """Put a file at the top of the recent list."""
        if self.settings is None:
            return
        path = os.path.abspath(path)
        paths = [path, *[p for p in self.recent() if p != path]][:MAX_RECENT]
        self.settings.setValue("recentFiles", paths)

    # ---------------------------------------------------------------- autosave

    def _claim_autosave(self, data_dir: Path | None) -> None:
        """The first running instance owns the autosave; a second one writes its own file.

        A data folder that cannot be made or written turns autosave off (with the reason in
        `autosave_off`): the app must start anyway.
        """
        if data_dir is None:
            self.autosave_off = files.filled(QT_TRANSLATE_NOOP(
                "DocumentController", "no folder for the app's data was found (is HOME set?)"))
            return
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            self.autosave_off = files.filled(QT_TRANSLATE_NOOP(
                "DocumentController", "the data folder {folder} cannot be made ({problem})"),
                folder=str(data_dir), problem=_plain_os_error(err))
            return
        lock = QLockFile(str(data_dir / "autosave.lock"))
        lock.setStaleLockTime(0)  # only a live process holds the lock; a crashed one's is stale
        if lock.tryLock(0):
            self._lock, self._primary, self.autosave_path = lock, True, data_dir / AUTOSAVE_NAME
        elif lock.error() == QLockFile.LockError.LockFailedError:  # another instance runs
            for k in range(1, 100):
                stem = f"autosave-{os.getpid()}" + (f"-{k}" if k > 1 else "")
                own = QLockFile(str(data_dir / f"{stem}.lock"))
                own.setStaleLockTime(0)
                if own.tryLock(0):  # held while we run: our autosave is an orphan only once we are gone
                    self._lock, self.autosave_path = own, data_dir / f"{stem}.visualnet.json"
                    break
                if own.error() != QLockFile.LockError.LockFailedError:
                    break
        if self.autosave_path is None:
            self.autosave_off = files.filled(QT_TRANSLATE_NOOP(
                "DocumentController", "the data folder {folder} cannot be written"), folder=str(data_dir))
            return
        self.data_dir = data_dir

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
        doc = self._document()
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
        """Write one autosave; a failure is reported (emitted to the GUI thread), not raised."""
        try:
            files.save_session(path, doc)
        except OSError as err:
            self.autosave_failing = _plain_os_error(err)
        except ValueError as err:
            self.autosave_failing = problem_text(err)
        else:
            self.autosave_failing = ""
        self.autosaveFailed.emit(self.autosave_failing)

    def would_lose_work(self) -> bool:
        """Whether closing now would lose changes: they are unsaved and no autosave keeps them for later."""
        if not self.modified:
            return False
        if self._primary and self.autosave_path is not None and self.autosave_failing:
            self.autosave_now(clean_exit=True)  # one more try (the disk may have room again) before asking
        if self.autosave_off or self.autosave_failing:  # asked for, but nothing keeps the work
            return True
        return self.autosave_path is not None and not self._primary  # a private autosave goes on exit

    def shutdown(self, keep: bool = False) -> None:
        """Final save on exit; a second instance removes its private autosave, unless `keep`.

        `keep` (an exit by a signal, when nobody could be asked) leaves it to be offered next launch.
        """
        for path in list(self._orphan_locks):
            self.keep_orphan(path)
        if self.autosave_path is None:
            return
        if self._primary or keep:
            self.autosave_now(clean_exit=True)
        else:
            self._timer.stop()
            self.wait_for_autosave()
            self.autosave_path.unlink(missing_ok=True)
        if self._lock is not None:
            self._lock.unlock()
        if self._writer is not None:
            self._writer.shutdown(wait=True)
            self._writer = None
        self.autosave_path = None
        self.modified = False

    # ---------------------------------------------------------------- recovery

    def recover(self) -> files.SessionDocument | None:
        """The autosaved session, if there is one this instance owns; one that cannot be read is set aside."""
        path = self.autosave_path
        if not self._primary or path is None or not (path.exists() or path.is_symlink()):
            return None
        try:
            return files.load_session(path)
        except files.FileFormatError as err:
            self.set_aside(path, err.problem)
        except OSError as err:
            self.set_aside(path, _plain_os_error(err))
        return None

    def set_aside(self, path: Path, problem: str) -> None:
        """Keep an autosave that cannot be restored under a dated name, never overwritten, and say where."""
        stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
        base = path.name.removesuffix(".visualnet.json")
        aside = path
        for k in range(1, 100):
            aside = path.with_name(f"{base}-unreadable-{stamp}{'' if k == 1 else f'-{k}'}.visualnet.json")
            if not (aside.exists() or aside.is_symlink()):
                break
        title = self.tr("The autosave could not be restored")
        try:
            os.rename(path, aside)
        except OSError as err:
            if path == self.autosave_path:  # what cannot be moved must not be written over either
                self.autosave_path = None
                self.autosave_off = files.filled(QT_TRANSLATE_NOOP(
                    "DocumentController", "the old autosave {path} could not be moved aside"), path=str(path))
            self.problem.emit(title, self.tr(
                "{name} could not be restored ({problem}) nor moved aside ({reason}). It is left as it was: "
                "{path}").format(name=path.name, problem=i18n.translated(problem),
                                 reason=i18n.translated(_plain_os_error(err)), path=path))
            return
        self.problem.emit(title, self.tr(
            "{name} could not be restored: {problem}. It was kept as {aside}; visualnet started without "
            "it.").format(name=path.name, problem=i18n.translated(problem), aside=aside))

    def recovery_message(self, doc: files.SessionDocument) -> str:
        """What to tell the user about a restored autosave."""
        when = local_time(doc.meta.get("saved_at", ""), self.tr("the last run"))
        if doc.meta.get("clean_exit"):
            return self.tr("Restored your session from {when}.").format(when=when)
        return self.tr("visualnet was closed unexpectedly: recovered your work from {when}.").format(
            when=when)

    def orphans(self) -> list[Orphan]:
        """The autosaves of other instances that ended without closing, claimed by this one until settled.

        Holding an orphan's lock keeps another launch from offering the same work twice.
        """
        if self.data_dir is None:
            return []
        found: list[Orphan] = []
        for path in sorted(self.data_dir.iterdir()):
            match = ORPHAN_NAME.fullmatch(path.name)
            if match is None or path == self.autosave_path or path in self._orphan_locks:
                continue
            lock = QLockFile(str(path.with_name(f"autosave-{match[1]}.lock")))
            lock.setStaleLockTime(0)
            if not lock.tryLock(0):  # its instance still runs (or another launch offers it now)
                continue
            self._orphan_locks[path] = lock
            try:
                found.append(Orphan(path, files.load_session(path)))
            except files.FileFormatError as err:
                found.append(Orphan(path, None, err.problem))
            except OSError as err:
                found.append(Orphan(path, None, _plain_os_error(err)))
        return found

    def keep_orphan(self, path: Path) -> None:
        """Leave an orphan for a later launch."""
        lock = self._orphan_locks.pop(path, None)
        if lock is not None:
            lock.unlock()

    def discard_orphan(self, path: Path) -> None:
        """Delete an orphan the user chose to discard."""
        try:
            path.unlink(missing_ok=True)
        except OSError as err:
            self.message.emit(self.tr("{name} could not be deleted: {problem}").format(
                name=path.name, problem=i18n.translated(_plain_os_error(err))))
        self.keep_orphan(path)

    def restored_orphan(self, path: Path) -> None:
        """An orphan now lives in this session: write our autosave first, then drop the orphan."""
        self.autosave_now()
        self.discard_orphan(path)
