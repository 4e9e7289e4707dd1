"""Files in the window: open, save, bad files, drag-and-drop, autosave and recovery after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QProgressDialog

from visualnet import files
from visualnet.app.window import MainWindow
from visualnet.core import data


def make_window(qtbot, settings, data_dir=None) -> MainWindow:
    """A window (autosave on in data_dir when given)."""
    win = MainWindow(settings=settings, data_dir=None if data_dir is None else str(data_dir))
    qtbot.addWidget(win)
    return win


def test_save_and_open_a_session_round_trips(qtbot, settings, tmp_path):
    win = make_window(qtbot, settings)
    win.load_preset("Moons")
    win.session.configure(optimizer="Adam", lr=0.02)
    win.session.step(30)
    path = str(tmp_path / "moons.json")
    assert win.documents.save(path)
    other = make_window(qtbot, settings)
    assert other.open_file(path)
    assert other.session.dataset.same_as(win.session.dataset)
    assert other.session.config == win.session.config
    for k, v in win.session.model.params.items():
        np.testing.assert_array_equal(other.session.model.params[k], v)
    assert path in win.documents.recent()
    # Opening is one undo step.
    other.actionUndo.trigger()
    assert other.session.dataset.same_as(data.PRESETS["XOR clouds"].make(seed=0))


def test_a_bad_file_says_why_and_changes_nothing(qtbot, settings, tmp_path):
    win = make_window(qtbot, settings)
    bad = tmp_path / "broken.csv"
    bad.write_text("x1,x2,label\n0.1,0.2,0\n0.3,abc,1\n")
    before = win.session.dataset.copy()
    assert not win.open_file(str(bad))
    assert "broken.csv" in win.last_problem and "line 3" in win.last_problem
    assert win.session.dataset.same_as(before)
    assert win.undo_stack.count() == 0
    for box in QApplication.topLevelWidgets():
        if box.isVisible() and box is not win and box.windowTitle():
            box.close()


def _slow_loader(monkeypatch, seconds: float, finished: list | None = None) -> None:
    """Make every file read take `seconds` (as a file of 100,000 rows does); note each end in `finished`."""
    real = files.load_any

    def slow(path):
        time.sleep(seconds)
        if finished is not None:
            finished.append(path)
        return real(path)

    monkeypatch.setattr(files, "load_any", slow)


def test_a_slow_open_shows_progress_and_cancel_changes_nothing(qtbot, settings, tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    files.save_dataset_csv(path, data.PRESETS["Moons"].make(seed=1))
    win = make_window(qtbot, settings)
    before = win.session.dataset.copy()
    finished: list = []
    _slow_loader(monkeypatch, 3.0, finished)
    seen: list[str] = []
    _press_cancel_at(900, seen)
    assert not win.open_file(str(path))
    assert not finished  # Cancel returned while the read was still going
    assert seen == ["Reading big.csv…"]
    assert win.session.dataset.same_as(before)
    assert win.undo_stack.count() == 0
    assert "cancelled" in win.statusBar().currentMessage()


def test_a_slow_open_that_finishes_is_applied(qtbot, settings, tmp_path, monkeypatch):
    path = tmp_path / "big.csv"
    moons = data.PRESETS["Moons"].make(seed=1)
    files.save_dataset_csv(path, moons)
    win = make_window(qtbot, settings)
    _slow_loader(monkeypatch, 0.8)
    assert win.open_file(str(path))
    np.testing.assert_array_equal(win.session.dataset.X, moons.X)
    assert win.undo_stack.count() == 1


def test_dropping_a_csv_opens_it(qtbot, settings, tmp_path):
    win = make_window(qtbot, settings)
    ds = data.PRESETS["Circles"].make(n=60, seed=3)
    path = tmp_path / "circles.csv"
    files.save_dataset_csv(path, ds)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    ev = QDropEvent(QPoint(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                    Qt.KeyboardModifier.NoModifier)
    win.dropEvent(ev)
    assert win.session.dataset.same_as(ds)


def test_autosave_within_two_seconds_and_recovery(qtbot, settings, tmp_path):
    win = make_window(qtbot, settings, tmp_path)
    win.add_point(0.25, 0.5)
    autosave = tmp_path / "autosave.visualnet.json"
    qtbot.waitUntil(autosave.exists, timeout=2000)
    saved = files.load_session(autosave)
    assert saved.dataset.same_as(win.session.dataset)
    assert saved.meta["clean_exit"] is False
    # A second instance does not touch the first one's autosave.
    second = make_window(qtbot, settings, tmp_path)
    second.add_point(-0.5, -0.5)
    second.documents.autosave_now()
    assert files.load_session(autosave).dataset.same_as(win.session.dataset)
    second.ask_unsaved_changes = lambda: "discard"  # its unsaved point: the user says Discard
    second.close()
    assert list(tmp_path.glob("autosave-*.json")) == []
    n = len(win.session.dataset)
    win.close()
    assert files.load_session(autosave).meta["clean_exit"] is True
    again = make_window(qtbot, settings, tmp_path)
    assert len(again.session.dataset) == n
    assert "Restored" in again.recovered_message
    again.close()


CHILD = textwrap.dedent("""
    import os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication, QProgressDialog
    from visualnet.app.window import MainWindow
    app = QApplication([])
    win = MainWindow(data_dir=sys.argv[1])
    if sys.argv[2] == "edit":
        for k in range(5):
            win.add_point(0.1 * k, -0.2 * k)
        deadline = time.time() + 10
        path = os.path.join(sys.argv[1], "autosave.visualnet.json")
        while not os.path.exists(path) and time.time() < deadline:
            app.processEvents()
            time.sleep(0.02)
        print("SAVED", len(win.session.dataset), flush=True)
        while True:
            app.processEvents()
            time.sleep(0.02)
    else:
        print("N", len(win.session.dataset), getattr(win, "recovered_message", ""), flush=True)
""")


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_a_killed_app_is_recovered_by_the_next_launch(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen([sys.executable, str(script), str(tmp_path), "edit"], stdout=subprocess.PIPE,
                            text=True, env=env)
    try:
        line = proc.stdout.readline().split()
        assert line[0] == "SAVED"
        n = int(line[1])
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    # No half-written file is left next to the autosave.
    assert [p.name for p in tmp_path.iterdir() if "autosave" in p.name and p.suffix != ".lock"] == [
        "autosave.visualnet.json"]
    out = subprocess.run([sys.executable, str(script), str(tmp_path), "check"], capture_output=True,
                         text=True, env=env, timeout=120).stdout.split(maxsplit=2)
    assert out[0] == "N" and int(out[1]) == n
    assert "closed unexpectedly" in out[2]


def test_autosave_is_never_half_written(qtbot, settings, tmp_path, monkeypatch):
    win = make_window(qtbot, settings, tmp_path)
    win.documents.autosave_now()
    autosave = tmp_path / "autosave.visualnet.json"
    good = autosave.read_bytes()

    def explode(*_a, **_k):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", explode)
    win.add_point(0.3, 0.3)
    win.documents.autosave_now()
    assert autosave.read_bytes() == good
    json.loads(good)
    assert [p.name for p in Path(tmp_path).iterdir() if p.name.startswith(".") or "tmp" in p.name] == []
    monkeypatch.undo()
    win.close()


# ------------------------------------------------------------------ a slow save: progress and Cancel


def _slow_writer(monkeypatch, seconds: float) -> None:
    """Make every session write take `seconds` more (as 100,000 points do: ~1.5 s)."""
    real = files.save_session

    def slow(path, doc):
        time.sleep(seconds)
        return real(path, doc)

    monkeypatch.setattr(files, "save_session", slow)


def _press_cancel_at(ms: int, seen: list[str]) -> None:
    def press() -> None:
        dialogs = [w for w in QApplication.topLevelWidgets()
                   if isinstance(w, QProgressDialog) and w.isVisible()]
        seen.extend(d.labelText() for d in dialogs)
        for d in dialogs:
            d.cancel()

    QTimer.singleShot(ms, press)


def test_a_slow_save_shows_progress_and_cancel_keeps_the_previous_file(qtbot, settings, tmp_path,
                                                                        monkeypatch):
    win = make_window(qtbot, settings)
    path = tmp_path / "run.json"
    assert win.documents.save(str(path))
    previous = path.read_bytes()
    win.session.step(40)  # new weights: a save now would write another file
    _slow_writer(monkeypatch, 2.0)
    seen: list[str] = []
    _press_cancel_at(900, seen)
    started = time.perf_counter()
    assert not win.documents.save(parent=win)  # Save: to the current file
    assert time.perf_counter() - started < 1.8  # Cancel returned before the write finished
    assert seen == ["Saving run.json…"]
    assert "cancelled" in win.statusBar().currentMessage()
    time.sleep(1.6)  # the abandoned write runs to its end in its thread...
    assert path.read_bytes() == previous  # ...and never replaces the file
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "settings.ini") == ["run.json"]


def test_a_slow_save_that_finishes_replaces_the_file(qtbot, settings, tmp_path, monkeypatch):
    win = make_window(qtbot, settings)
    path = tmp_path / "run.json"
    path.write_text("an older file")
    win.session.step(40)
    _slow_writer(monkeypatch, 0.8)
    seen: list[str] = []

    def look() -> None:
        seen.extend(w.labelText() for w in QApplication.topLevelWidgets()
                    if isinstance(w, QProgressDialog) and w.isVisible())

    QTimer.singleShot(700, look)  # past half a second: the busy dialog is up
    assert win.documents.save(str(path))
    assert seen == ["Saving run.json…"]
    saved = files.load_session(path)
    for k, v in win.session.model.params.items():
        np.testing.assert_array_equal(saved.weights[k], v)
    assert win.statusBar().currentMessage() == "Saved run.json."
    assert win.documents.current_path == str(path)


def test_saving_100000_points_is_behind_the_busy_dialog(qtbot, settings, tmp_path, monkeypatch):
    win = make_window(qtbot, settings)
    rng = np.random.default_rng(5)
    big = win.session.dataset.copy()
    big.X, big.y = rng.normal(size=(100_000, 2)), rng.integers(0, 2, 100_000)
    win.session.apply_document(files.SessionDocument(big))
    path = tmp_path / "big.json"
    path.write_text("the previous save")
    seen: list[str] = []
    _press_cancel_at(600, seen)  # the real write of 100,000 points takes over a second
    saved = win.documents.save(str(path))
    if not saved:  # cancelled while writing: the old file stays, whole
        assert seen == ["Saving big.json…"]
        assert path.read_text() == "the previous save"
    else:  # written before the Cancel landed (or fast enough that no dialog showed): the whole new file
        assert len(files.load_session(path).dataset) == 100_000


def test_the_timed_autosave_writes_on_a_worker_thread(qtbot, settings, tmp_path, monkeypatch):
    # a big session takes over a second to write: the window must not wait for it
    real = files.save_session
    writers: list[str] = []

    def slow(path, doc):
        time.sleep(0.5)
        writers.append(threading.current_thread().name)
        real(path, doc)

    monkeypatch.setattr(files, "save_session", slow)
    win = make_window(qtbot, settings, tmp_path)
    win.add_point(0.25, 0.5)
    autosave = tmp_path / "autosave.visualnet.json"
    qtbot.waitUntil(autosave.exists, timeout=4000)
    assert writers and all(name.startswith("visualnet-autosave") for name in writers)
    assert files.load_session(autosave).dataset.same_as(win.session.dataset)
    win.add_point(-0.25, 0.5)  # an edit while nothing is pending, then the exit's own save
    win.close()
    saved = files.load_session(autosave)
    assert saved.meta["clean_exit"] is True and saved.dataset.same_as(win.session.dataset)


# ------------------------------------------------------------------------------ issue 14: dialog folders


@pytest.fixture
def folders(tmp_path, monkeypatch) -> dict[str, Path]:
    """Documents and Pictures folders of a pretend user, never the real ones."""
    from PySide6.QtCore import QStandardPaths

    made = {"docs": tmp_path / "Documents", "pics": tmp_path / "Pictures"}
    for folder in made.values():
        folder.mkdir()
    by_location = {QStandardPaths.StandardLocation.DocumentsLocation: str(made["docs"]),
                   QStandardPaths.StandardLocation.PicturesLocation: str(made["pics"])}
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: by_location.get(location, ""))
    return made


class FakeDialog:
    """Answers a file dialog with the next path and records where it started; never opens a window."""

    def __init__(self, *answers: Path | None) -> None:
        self.answers = ["" if a is None else str(a) for a in answers]  # None: the user cancels
        self.started: list[str] = []

    def __call__(self, parent, caption, start, filters) -> tuple[str, str]:
        self.started.append(start)
        return (self.answers.pop(0) if self.answers else ""), ""


def test_save_starts_in_documents_then_where_the_last_session_went(qtbot, settings, folders, tmp_path):
    from visualnet.app.documents import DocumentController
    from visualnet.session import Session

    elsewhere = tmp_path / "course" / "week 3"
    elsewhere.mkdir(parents=True)
    docs = DocumentController(Session(), settings, None)
    dialog = FakeDialog(elsewhere / "mine", None)
    assert docs.ask_save_path(None, dialog) == str(elsewhere / "mine.json")
    assert dialog.started == [str(folders["docs"] / "session.json")]  # the first time: Documents
    assert docs.ask_save_path(None, dialog) == ""  # cancelled: nothing remembered from it
    assert dialog.started[1] == str(elsewhere / "session.json")
    again = DocumentController(Session(), settings, None)  # a relaunch reads the same settings
    opened = FakeDialog(elsewhere / "mine.json")
    assert again.ask_open_path(None, opened) == str(elsewhere / "mine.json")
    assert opened.started == [str(elsewhere)]


def test_a_dataset_remembers_its_folder_and_a_vanished_folder_falls_back(qtbot, settings, folders, tmp_path):
    from visualnet.app import file_dialogs
    from visualnet.app.documents import DocumentController
    from visualnet.session import Session

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    docs = DocumentController(Session(), settings, None)
    docs.ask_open_path(None, FakeDialog(data_dir / "points.csv"))
    assert file_dialogs.start_folder("data", settings) == str(data_dir)
    assert file_dialogs.start_folder("image", settings) == str(folders["pics"])  # pictures: untouched
    data_dir.rmdir()
    assert file_dialogs.start_folder("data", settings) == str(folders["docs"])
    nothing = DocumentController(Session(), None, None)  # no settings: Documents every time
    dialog = FakeDialog(tmp_path / "x.json", None)
    nothing.ask_save_path(None, dialog)
    nothing.ask_save_path(None, dialog)
    assert dialog.started == [str(folders["docs"] / "session.json")] * 2


def test_a_missing_documents_folder_starts_at_home(folders, monkeypatch):
    from visualnet.app import file_dialogs

    folders["docs"].rmdir()
    assert file_dialogs.start_folder("session", None) == str(Path.home())
