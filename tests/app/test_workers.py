"""LatestWins: jobs on one worker thread, the newest request's result delivered on the GUI thread."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtCore import QEventLoop, QObject, QThread, QTimer

from visualnet.app import frame_gate
from visualnet.app.workers import LatestWins

TIMEOUT_S = 10.0


@pytest.fixture
def jobs(qtbot, monkeypatch):
    """A helper on a parent QObject that always runs jobs on its worker, and what it delivers."""
    monkeypatch.setattr(LatestWins, "mode", "worker")
    parent = QObject()
    helper = LatestWins(parent)
    helper.got = []
    helper.finished.connect(lambda key, value: helper.got.append((key, value, QThread.currentThread())))
    helper.failed.connect(lambda key, err: helper.got.append((key, err, QThread.currentThread())))
    yield helper
    helper.shutdown()


def blocked(gate: threading.Event, started: threading.Event | None = None, value: object = None):
    """A job that waits for `gate` (and says when it started) before it returns `value`."""

    def job() -> object:
        if started is not None:
            started.set()
        assert gate.wait(TIMEOUT_S)
        return value

    return job


def test_inline_mode_runs_and_delivers_at_once(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(LatestWins, "mode", "inline")
    helper = LatestWins()
    got = []
    helper.finished.connect(lambda key, value: got.append((key, value)))
    ran_on = []
    helper.submit("k", lambda: ran_on.append(threading.get_ident()) or 42)
    assert got == [("k", 42)] and ran_on == [threading.get_ident()]
    assert not helper.is_threaded()


def test_a_job_runs_on_another_thread_and_its_result_arrives_on_the_gui_thread(qtbot, jobs) -> None:
    ran_on = []
    jobs.submit("k", lambda: ran_on.append(threading.get_ident()) or "done")
    assert jobs.got == []  # nothing yet: the result comes through the event loop
    qtbot.waitUntil(lambda: len(jobs.got) == 1, timeout=5000)
    key, value, thread = jobs.got[0]
    assert (key, value) == ("k", "done") and thread is QThread.currentThread()
    assert ran_on and ran_on[0] != threading.get_ident()
    assert not jobs.busy("k")


def test_only_the_newest_request_is_delivered_and_a_queued_one_never_runs(qtbot, jobs) -> None:
    gate, started = threading.Event(), threading.Event()
    ran = []
    jobs.submit("k", blocked(gate, started, "first"))
    assert started.wait(TIMEOUT_S)  # the first one runs and holds the worker
    jobs.submit("k", lambda: ran.append("second") or "second")  # queued behind it ...
    jobs.submit("k", lambda: ran.append("third") or "third")  # ... and dropped for this one
    assert jobs.busy("k")
    gate.set()
    qtbot.waitUntil(lambda: len(jobs.got) == 1, timeout=5000)
    qtbot.wait(50)
    assert [g[:2] for g in jobs.got] == [("k", "third")]  # "first" finished, outdated: thrown away
    assert ran == ["third"]


def test_keys_do_not_replace_each_other(qtbot, jobs) -> None:
    jobs.submit("a", lambda: 1)
    jobs.submit("b", lambda: 2)
    qtbot.waitUntil(lambda: len(jobs.got) == 2, timeout=5000)
    assert sorted(g[:2] for g in jobs.got) == [("a", 1), ("b", 2)]


def test_an_error_in_a_job_is_delivered_not_raised(qtbot, jobs, caplog) -> None:
    def fails() -> None:
        raise ValueError("no surface here")

    jobs.submit("k", fails)
    qtbot.waitUntil(lambda: len(jobs.got) == 1, timeout=5000)
    key, err, _thread = jobs.got[0]
    assert key == "k" and isinstance(err, ValueError) and str(err) == "no surface here"
    assert "a background job (k) failed" in caplog.text
    jobs.submit("k", lambda: "fine again")  # the worker goes on
    qtbot.waitUntil(lambda: len(jobs.got) == 2, timeout=5000)
    assert jobs.got[1][:2] == ("k", "fine again")


def test_a_cancelled_request_is_never_delivered(qtbot, jobs) -> None:
    gate, started = threading.Event(), threading.Event()
    jobs.submit("k", blocked(gate, started, "late"))
    assert started.wait(TIMEOUT_S)
    jobs.cancel("k")
    gate.set()
    jobs.wait()
    qtbot.wait(50)
    assert jobs.got == [] and not jobs.busy("k")


def test_wait_delivers_the_result_at_once(qtbot, jobs) -> None:
    gate = threading.Event()
    jobs.submit("k", blocked(gate, value=7))
    threading.Timer(0.02, gate.set).start()  # released while wait() blocks the GUI thread
    jobs.wait()
    assert [g[:2] for g in jobs.got] == [("k", 7)]
    qtbot.wait(30)  # the queued signal that follows finds nothing more to deliver
    assert len(jobs.got) == 1


def test_event_loop_mode_is_inline_outside_a_loop_and_threaded_inside(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(LatestWins, "mode", "event loop")
    helper = LatestWins()
    assert not helper.is_threaded()  # a test or a script between loops: at once
    inside = []
    loop = QEventLoop()
    QTimer.singleShot(0, lambda: (inside.append(helper.is_threaded()), loop.quit()))
    loop.exec()
    assert inside == [True]
    monkeypatch.setattr(LatestWins, "mode", "sometimes")
    with pytest.raises(ValueError, match="one of"):
        helper.is_threaded()


def test_deleting_the_parent_waits_for_the_running_job(qtbot, monkeypatch) -> None:
    monkeypatch.setattr(LatestWins, "mode", "worker")
    parent = QObject()
    helper = LatestWins(parent)
    got = []
    helper.finished.connect(lambda key, value: got.append(value))
    gate, started = threading.Event(), threading.Event()
    finished = threading.Event()

    def job() -> str:
        started.set()
        assert gate.wait(TIMEOUT_S)
        finished.set()
        return "after"

    helper.submit("k", job)
    assert started.wait(TIMEOUT_S)
    threading.Timer(0.05, gate.set).start()
    parent.deleteLater()
    qtbot.waitUntil(lambda: finished.is_set(), timeout=5000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(helper), timeout=5000)
    qtbot.wait(50)  # the job ended before the helper went: nothing reached a deleted object
    assert got in ([], ["after"])  # delivered only if the job ended before the parent was deleted


def test_at_the_interpreter_s_exit_no_job_runs_on_and_nothing_queued_starts(qtbot, jobs) -> None:
    from visualnet.app import workers

    gate, started = threading.Event(), threading.Event()
    ran: list[str] = []
    jobs.submit("a", blocked(gate, started, "running"))
    jobs.submit("b", lambda: ran.append("queued") or "queued")
    assert started.wait(TIMEOUT_S)
    threading.Timer(0.02, gate.set).start()  # the running job ends while the exit handler waits for it
    workers._stop_all()  # what atexit runs before Python tears down (a worker then would crash it)
    assert not jobs.busy("a") and not jobs.busy("b") and ran == []
    qtbot.wait(50)
    assert jobs.got == []  # what was running is forgotten: never delivered


def test_a_held_result_waits_for_the_frame_that_collects_it(qtbot, jobs) -> None:
    frame_gate.hold(5.0)
    try:
        jobs.submit("k", lambda: "held")
        qtbot.waitUntil(lambda: not jobs.busy("k"), timeout=5000)  # done on the worker ...
        qtbot.wait(50)
        assert jobs.got == []  # ... and waiting for a frame
        frame_gate.run_put_off()  # the next frame
        assert [(key, value) for key, value, _ in jobs.got] == [("k", "held")]
    finally:
        frame_gate.release()


def test_a_held_result_nobody_collects_arrives_when_the_hold_ends(qtbot, jobs) -> None:
    frame_gate.hold(0.2)
    try:
        jobs.submit("k", lambda: "late")
        qtbot.waitUntil(lambda: len(jobs.got) == 1, timeout=5000)  # by the hold's timer
        assert jobs.got[0][1] == "late"
    finally:
        frame_gate.release()
    jobs.submit("k", lambda: "now")  # after the hold: delivered as it comes
    qtbot.waitUntil(lambda: len(jobs.got) == 2, timeout=5000)


def test_a_timer_due_between_two_frames_is_put_off_until_the_hold_ends(qtbot) -> None:
    from PySide6.QtCore import QTimer

    timer = QTimer()
    timer.setSingleShot(True)
    assert not frame_gate.put_off(timer) and not timer.isActive()  # not held: the work is done now
    frame_gate.hold(0.2)
    try:
        assert frame_gate.put_off(timer)  # held: the next frame does it ...
        assert timer.isActive() and 150 <= timer.interval() <= 200  # ... or the timer, after the hold
    finally:
        frame_gate.release()
        timer.stop()
