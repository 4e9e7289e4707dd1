"""Issue 12 in the window: documents that do not apply, recovery that must not stop a start,
other instances' work, the point limit, refused opens, write-protected files, one read per snapshot."""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton

from visualnet import files, lessons
from visualnet.app.documents import AUTOSAVE_NAME
from visualnet.app.main import main as run_main
from visualnet.app.recovery import RecoveryDialog
from visualnet.app.window import MainWindow
from visualnet.core import data
from visualnet.limits import MAX_POINTS

# issue 12, item 1: valid-looking; it crashed the app (lr given twice to Adam) and left it half applied
ITEM1 = {"format": 1, "dataset": {"task": "classification", "X": [[0, 0], [1, 1], [2, 0], [0, 2]],
                                  "y": [0, 1, 2, 1]},
         "config": {"optimizer": "Adam", "hyper": {"lr": 0.5}}}
# reads fine, cannot be applied: the weights of another network's shape
BAD_WEIGHTS = {"format": 1, "dataset": {"task": "classification", "X": [[0, 0], [1, 1]], "y": [0, 1]},
               "config": {"hidden": [4]}, "weights": {"W1": [[1.0]], "b1": [0.0]}}
ASIDE = re.compile(r"autosave-unreadable-\d{4}-\d\d-\d\dT\d{6}\.visualnet\.json")


def make_window(qtbot, settings, data_dir: Path | None = None) -> MainWindow:
    """A window (autosave on in data_dir when given)."""
    win = MainWindow(settings=settings, data_dir=None if data_dir is None else str(data_dir))
    qtbot.addWidget(win)
    return win


def boxes(win: MainWindow) -> list[QMessageBox]:
    """The message boxes the window shows now."""
    return [b for b in win.findChildren(QMessageBox) if b.isVisible()]


def close_boxes(win: MainWindow) -> None:
    """Close what the window showed, so the next step starts clean."""
    for box in boxes(win):
        box.close()


def state(win: MainWindow) -> tuple:
    """What a half-applied document would change."""
    s = win.session
    return (s.dataset.X.copy(), s.dataset.y.copy(), s.roles.copy(), s.config, s.trainer, s.model,
            {k: v.copy() for k, v in s.model.params.items()})


def assert_same_state(a: tuple, b: tuple) -> None:
    """Everything as it was: the same objects, the same numbers."""
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])
    np.testing.assert_array_equal(a[2], b[2])
    assert a[3] == b[3] and a[4] is b[4] and a[5] is b[5]
    for k in a[6]:
        np.testing.assert_array_equal(a[6][k], b[6][k])


def write_json(path: Path, obj: object) -> Path:
    """Write `obj` as JSON to `path`."""
    path.write_text(json.dumps(obj))
    return path


# ------------------------------------------------------------------ items 1 and 6: all or nothing, no step


def test_the_item_1_file_opens_whole(qtbot, settings, tmp_path):
    win = make_window(qtbot, settings)
    assert win.open_file(str(write_json(tmp_path / "item1.json", ITEM1)))
    s = win.session
    assert len(s.dataset) == 4 and s.config.optimizer == "Adam" and s.config.lr == 0.5
    # the old file's learning rate among the hyper-parameters: taken as the learning rate, and said so
    assert "item1.json" in win.statusBar().currentMessage()
    assert "learning rate (0.5)" in win.statusBar().currentMessage()
    win.actionStep.trigger()  # the new trainer trains the new model
    assert s.trainer.iteration == 1 and s.trainer.model is s.model


def test_a_document_that_does_not_apply_changes_nothing_and_says_one_thing(qtbot, settings, tmp_path):
    win = make_window(qtbot, settings)
    win.session.step(5)
    before = state(win)
    path = write_json(tmp_path / "bad.json", BAD_WEIGHTS)
    assert not win.open_file(str(path))
    assert_same_state(state(win), before)
    assert win.undo_stack.count() == 0  # item 6: a refused Open leaves no undo step
    shown = boxes(win)
    assert len(shown) == 1 and shown[0].text() == win.last_problem
    assert win.last_problem.startswith("bad.json: ") and "Python override" not in win.last_problem
    close_boxes(win)
    win.actionStep.trigger()  # and the old trainer still trains the old model
    assert win.session.trainer.iteration == 6


def test_a_refused_open_leaves_the_view_where_the_user_put_it(qtbot, settings, tmp_path):
    win = make_window(qtbot, settings)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    vb = win.dataset_view.viewbox
    vb.setRange(xRange=(5, 6), yRange=(5, 6), padding=0)
    before = vb.viewRange()
    assert not win.open_file(str(write_json(tmp_path / "bad.json", BAD_WEIGHTS)))
    close_boxes(win)
    win.add_point(5.5, 5.5)  # the next edit is an edit, not the refused file arriving: no re-fit
    assert np.allclose(vb.viewRange(), before)


def test_an_open_applied_before_its_undo_step_still_undoes_and_redoes(qtbot, settings, tmp_path):
    win = make_window(qtbot, settings)
    before = win.session.dataset.copy()
    circles = data.PRESETS["Circles"].make(n=30, seed=3)
    path = tmp_path / "circles.json"
    files.save_session(path, files.SessionDocument(circles))
    assert win.open_file(str(path)) and win.undo_stack.count() == 1
    assert win.session.dataset.same_as(circles)
    win.actionUndo.trigger()
    assert win.session.dataset.same_as(before)
    win.actionRedo.trigger()
    assert win.session.dataset.same_as(circles)


def test_a_lesson_that_does_not_apply_changes_nothing(qtbot, settings, monkeypatch):
    win = make_window(qtbot, settings)
    before = state(win)

    def refuse(doc):
        raise ValueError("the saved weights do not fit this network")

    monkeypatch.setattr(win.session, "apply_document", refuse)
    win.start_lesson(lessons.LESSONS[1])
    assert_same_state(state(win), before)
    assert win.undo_stack.count() == 0
    shown = boxes(win)
    assert len(shown) == 1 and "do not fit" in shown[0].text()
    close_boxes(win)


# ------------------------------------------------------------------ item 2: recovery never stops a start


def _format2(path: Path) -> None:
    write_json(path, {**BAD_WEIGHTS, "format": 2, "weights": None})


CORRUPT_AUTOSAVES = {
    "corrupt bytes": lambda p: p.write_bytes(b'{"format": 1, "dataset": \x00\xff\xfe garbage'),
    "format 2": _format2,
    "weights that do not fit": lambda p: write_json(p, BAD_WEIGHTS),
    "a folder": lambda p: (p.mkdir(), (p / "inside.txt").write_text("kept")),
}


@pytest.mark.parametrize("kind", list(CORRUPT_AUTOSAVES))
def test_an_autosave_that_cannot_be_restored_is_kept_aside(qtbot, settings, tmp_path, kind):
    autosave = tmp_path / AUTOSAVE_NAME
    CORRUPT_AUTOSAVES[kind](autosave)
    original = autosave.read_bytes() if autosave.is_file() else None
    win = make_window(qtbot, settings, tmp_path)  # starts
    fresh = MainWindow()
    qtbot.addWidget(fresh)
    assert win.session.dataset.same_as(fresh.session.dataset)  # a fresh session, nothing half applied
    aside = [p for p in tmp_path.iterdir() if ASIDE.fullmatch(p.name)]
    assert len(aside) == 1
    assert original is None or aside[0].read_bytes() == original
    assert str(aside[0]) in win.last_problem and len(boxes(win)) == 1
    close_boxes(win)
    win.add_point(0.1, 0.2)
    win.close()  # the next autosave goes to the usual name, and the kept one stays as it was
    assert len(files.load_session(autosave).dataset) == len(fresh.session.dataset) + 1
    assert original is None or aside[0].read_bytes() == original
    assert aside[0].exists()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_autosave_is_kept_aside(qtbot, settings, tmp_path):
    autosave = write_json(tmp_path / AUTOSAVE_NAME, BAD_WEIGHTS)
    autosave.chmod(0)
    win = make_window(qtbot, settings, tmp_path)
    assert any(ASIDE.fullmatch(p.name) for p in tmp_path.iterdir())
    close_boxes(win)


def test_an_autosave_that_cannot_be_read_is_kept_aside(qtbot, settings, tmp_path, monkeypatch):
    autosave = write_json(tmp_path / AUTOSAVE_NAME, BAD_WEIGHTS)
    real = files.load_session

    def unreadable(path):  # as root reads any file, the refusal is made here
        if Path(path) == autosave:
            raise files.FileFormatError(path, "permission denied: visualnet may not read it")
        return real(path)

    monkeypatch.setattr(files, "load_session", unreadable)
    win = make_window(qtbot, settings, tmp_path)
    aside = [p for p in tmp_path.iterdir() if ASIDE.fullmatch(p.name)]
    assert len(aside) == 1 and "permission denied" in win.last_problem and str(aside[0]) in win.last_problem
    close_boxes(win)


def test_a_set_aside_autosave_never_overwrites_another(qtbot, settings, tmp_path):
    for _ in range(2):
        write_json(tmp_path / AUTOSAVE_NAME, BAD_WEIGHTS)
        win = make_window(qtbot, settings, tmp_path)
        close_boxes(win)
        win.close()
    assert len([p for p in tmp_path.iterdir() if "unreadable" in p.name]) == 2


# ------------------------------------------------------------------ item 3: a data folder that cannot be used


def test_an_uncreatable_data_folder_turns_autosave_off_and_says_so_once(qtbot, settings, tmp_path):
    (tmp_path / "a file").write_text("in the way")
    win = make_window(qtbot, settings, tmp_path / "a file" / "visualnet")
    win.ask_unsaved_changes = lambda: "discard"  # at the end of the test: nothing keeps its point
    assert "cannot be made" in win.documents.autosave_off
    text = win.report_storage("the log cannot be written")
    assert text.startswith("Autosave and the log are off") and "a file" in text
    assert len(boxes(win)) == 1 and win.statusBar().currentMessage() == text
    close_boxes(win)
    win.add_point(0.3, 0.3)  # works
    assert win.documents.would_lose_work()


# ------------------------------------------------------------------ item 4: every orphan, and asking on close


def _orphan(folder: Path, pid: int, points: int) -> Path:
    ds = data.PRESETS["Moons"].make(n=points, seed=pid)
    path = folder / f"autosave-{pid}.visualnet.json"
    files.save_session(path, files.SessionDocument(ds, meta={"clean_exit": False}))
    return path


def _dead_pids(n: int) -> list[int]:
    """Process ids no process has now (a crashed instance's)."""
    pids = []
    for pid in range(4_000_000, 3_000_000, -7919):
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            pids.append(pid)
        except OSError:
            continue
        if len(pids) == n:
            return pids
    pytest.skip("no free process ids")


def test_every_orphaned_autosave_is_offered(qtbot, settings, tmp_path):
    first = make_window(qtbot, settings, tmp_path)  # still running: its autosave is not an orphan
    first.documents.autosave_now()
    p1, p2, p3 = _dead_pids(3)
    a, b, c = _orphan(tmp_path, p1, 40), _orphan(tmp_path, p2, 60), _orphan(tmp_path, p3, 80)
    win = make_window(qtbot, settings, tmp_path)
    dialog = win.recovery_dialog
    assert isinstance(dialog, RecoveryDialog) and dialog.isVisible() and not dialog.isModal()
    win.ask_unsaved_changes = lambda: "discard"  # at the end of the test: it holds restored work
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert any("40 points, saved" in t for t in labels) and any("60 points, saved" in t for t in labels)
    assert any("80 points, saved" in t for t in labels)
    order = sorted([a, b, c])  # the rows are in file-name order
    rows = {path: k for k, path in enumerate(order)}
    # a second window launched now does not offer the same work again
    other = make_window(qtbot, settings, tmp_path)
    assert other.recovery_dialog is None
    dialog.findChild(QPushButton, f"restore{rows[b]}").click()
    assert len(win.session.dataset) == 60 and win.undo_stack.count() == 1
    assert not b.exists()  # it lives in this window now, and in its autosave
    assert len(files.load_session(win.documents.autosave_path).dataset) == 60
    dialog.findChild(QPushButton, f"discard{rows[c]}").click()
    assert not c.exists()
    dialog.findChild(QPushButton, f"keep{rows[a]}").click()
    assert a.exists() and not dialog.isVisible()  # all settled
    other.ask_unsaved_changes = lambda: "discard"
    other.close()
    again = make_window(qtbot, settings, tmp_path)  # kept for later: offered again
    assert again.recovery_dialog is not None and again.recovery_dialog.pending() == [a]
    again.recovery_dialog.close()
    assert a.exists()


def _answer(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Press `button` on the unsaved-changes box once it shows (looking for up to 5 seconds)."""

    def press(tries: int) -> None:
        for box in QApplication.topLevelWidgets():
            if isinstance(box, QMessageBox) and box.objectName() == "unsavedChangesBox" and box.isVisible():
                seen.append(box.text())
                box.button(button).click()
                return
        if tries:
            QTimer.singleShot(20, lambda: press(tries - 1))

    QTimer.singleShot(20, lambda: press(250))


@pytest.mark.asks_unsaved
def test_closing_a_second_instance_with_unsaved_work_asks(qtbot, settings, tmp_path):
    first = make_window(qtbot, settings, tmp_path)
    second = make_window(qtbot, settings, tmp_path)
    second.add_point(0.5, 0.5)
    second.documents.autosave_now()
    private = second.documents.autosave_path
    assert private is not None and private.exists() and private.name != AUTOSAVE_NAME
    seen: list[str] = []
    _answer(QMessageBox.StandardButton.Cancel, seen)
    assert not second.close()  # Cancel: still open, the work still on disk
    assert seen and private.exists()
    target = tmp_path / "kept.json"
    second.documents.current_path = str(target)  # Save goes there without a file dialog
    _answer(QMessageBox.StandardButton.Save, seen)
    assert second.close()
    assert len(seen) == 2 and not private.exists()
    assert files.load_session(target).dataset.same_as(second.session.dataset)
    third = make_window(qtbot, settings, tmp_path)  # nothing changed: closes without asking
    assert third.close() and len(seen) == 2
    first.close()


@pytest.mark.asks_unsaved
def test_discard_on_close_removes_the_private_autosave(qtbot, settings, tmp_path):
    make_window(qtbot, settings, tmp_path)
    second = make_window(qtbot, settings, tmp_path)
    second.add_point(0.5, 0.5)
    second.documents.autosave_now()
    private = second.documents.autosave_path
    seen: list[str] = []
    _answer(QMessageBox.StandardButton.Discard, seen)
    assert second.close() and seen and not private.exists()


# ------------------------------------------------------------------ item 5: the point limit, failed autosaves


def test_adding_a_point_past_the_limit_is_refused_before_any_undo_step(qtbot, settings):
    win = make_window(qtbot, settings)
    rng = np.random.default_rng(3)
    full = data.Dataset(rng.normal(size=(MAX_POINTS, 2)), rng.integers(0, 2, MAX_POINTS))
    win.session.apply_document(files.SessionDocument(full))
    win.add_point(0.1, 0.1)
    assert len(win.session.dataset) == MAX_POINTS
    assert win.undo_stack.count() == 0
    assert "Not added" in win.statusBar().currentMessage()
    assert f"{MAX_POINTS:,}" in win.statusBar().currentMessage()


def test_a_failed_autosave_stays_in_sight_until_one_succeeds(qtbot, settings, tmp_path, monkeypatch):
    win = make_window(qtbot, settings, tmp_path)
    win.show()
    warning = win.findChild(QPushButton, "autosaveWarning")
    assert warning is not None and not warning.isVisible()
    real = files.save_session

    def full_disk(path, doc):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "save_session", full_disk)
    win.add_point(0.2, 0.2)
    win.documents.autosave_now()
    assert warning.isVisible() and "no space left" in warning.toolTip()
    win.statusBar().showMessage("another message", 100)
    qtbot.wait(300)
    assert warning.isVisible()  # not a message that times out
    assert win.documents.would_lose_work()  # closing now would ask first
    monkeypatch.setattr(files, "save_session", real)
    win.documents.autosave_now()
    assert not warning.isVisible()
    assert not win.documents.would_lose_work()


# ------------------------------------------------------------------ item 8: read-only files, the scratch copy


def test_save_over_a_read_only_file_is_refused(qtbot, settings, tmp_path):
    win = make_window(qtbot, settings)
    target = tmp_path / "kept.json"
    target.write_text("the user's own file")
    target.chmod(0o444)
    assert not win.documents.save(str(target))
    assert target.read_text() == "the user's own file"
    assert stat.S_IMODE(target.stat().st_mode) == 0o444
    assert "read-only" in win.last_problem and "kept.json" in win.last_problem
    close_boxes(win)


def test_save_does_not_need_the_temporary_folder(qtbot, settings, tmp_path, monkeypatch):
    win = make_window(qtbot, settings)
    (tmp_path / "not a folder").write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "not a folder"))  # as if /tmp were full
    target = tmp_path / "out" / "run.json"
    target.parent.mkdir()
    assert win.documents.save(str(target))
    assert files.load_session(target).dataset.same_as(win.session.dataset)
    assert [p.name for p in target.parent.iterdir()] == ["run.json"]  # the scratch copy is gone


# ------------------------------------------------------------------ item 11 (snapshot): one read, one line


def test_snapshot_reads_the_file_once(qtbot, tmp_path, monkeypatch):
    path = tmp_path / "moons.json"
    files.save_session(path, files.SessionDocument(data.PRESETS["Moons"].make(n=50, seed=2)))
    reads: list[str] = []
    real = files.load_any
    monkeypatch.setattr(files, "load_any", lambda p: (reads.append(str(p)), real(p))[1])
    out = tmp_path / "shot.png"
    assert run_main(["--snapshot", str(out), "--steps", "0", "--size", "640x480", str(path)]) == 0
    assert out.exists()
    assert reads == [str(path)]


def test_snapshot_of_the_item_1_file_works(qtbot, tmp_path, capsys):
    path = write_json(tmp_path / "item1.json", ITEM1)
    out = tmp_path / "shot.png"
    assert run_main(["--snapshot", str(out), "--steps", "20", "--size", "640x480", str(path)]) == 0
    assert out.exists() and "Traceback" not in capsys.readouterr().err


def test_snapshot_of_a_session_that_does_not_apply_is_one_line_and_exit_2(qtbot, tmp_path, capsys):
    path = write_json(tmp_path / "bad.json", BAD_WEIGHTS)
    out = tmp_path / "shot.png"
    code = run_main(["--snapshot", str(out), "--steps", "0", "--size", "640x480", str(path)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err.count("\n") == 1 and err.startswith("visualnet: bad.json: ") and "Traceback" not in err
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox):
            box.close()
