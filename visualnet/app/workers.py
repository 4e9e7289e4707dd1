"""Slow computations off the GUI thread, the newest request winning: `LatestWins`.

A view hands `submit(key, fn)` a function that reads nothing the GUI thread changes (copies of the
model and the data): it runs on the helper's own one-thread pool, so jobs never run side by side
(`core.stacked_losses` keeps module-level buffers). A request that has not started yet when a newer one
of the same key comes is skipped; a result of a request that is no longer the newest is thrown away.
The newest result reaches the GUI thread through a queued signal, `finished(key, result)`; an
exception raised by the job comes as `failed(key, error)` instead and never leaves the helper.

numpy releases the GIL inside BLAS and large ufuncs, so on two cores a job overlaps with the frames.
Where jobs run is `LatestWins.mode`: "inline" (the default: tests and scripts, so that what is drawn
right after a refresh is the newest state and tests stay deterministic), "event loop" (the app: on the
worker while an event loop runs, inline where none does, as before a `--snapshot`), or "worker"
(always: benchmarks, the worker's own tests). `wait()` brings a job's result in at once (an export).

While the training clock holds the frame gate (app.frame_gate: while it runs), a result that arrives is
put off to the next frame, which delivers it with its own work (`frame_gate.run_put_off`): it then costs
that frame's time, not the next frame's start. A held result no frame takes in is delivered by its timer.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys
import threading
import weakref
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from PySide6.QtCore import QObject, Qt, QThread, QThreadPool, QTimer, Signal

from visualnet.app import frame_gate

log = logging.getLogger("visualnet")

MODES = ("inline", "event loop", "worker")
# the worker thread's nice value (Linux): where other programs keep the cores busy, the frames come
# first and the surface later (benchmarks/README.md: p95 frames at 10,000 points under load)
JOB_NICE = 10


def _wait_for(pool: QThreadPool, *_: object) -> None:
    """Let the pool's running job end (nothing to wait for where Python has already let it go)."""
    with contextlib.suppress(RuntimeError):  # at the interpreter's exit the pool may go first
        pool.waitForDone()


_HELPERS: weakref.WeakSet[LatestWins] = weakref.WeakSet()  # every helper alive, for _stop_all


@atexit.register
def _stop_all() -> None:
    """At the interpreter's exit, before it tears Python down: no job may be running Python code then
    (a worker thread in a half-finalized interpreter crashes the process), so forget what is queued and
    let the running jobs end."""
    for helper in list(_HELPERS):
        with contextlib.suppress(RuntimeError):  # its Qt side already deleted: nothing runs
            helper.shutdown()


def _yield_to_the_gui() -> None:
    """Lower this (worker) thread's priority where the system allows: a busy machine runs the frames
    first (Linux: a thread's nice value is its own; elsewhere nothing changes)."""
    if hasattr(os, "setpriority") and sys.platform.startswith("linux"):
        with contextlib.suppress(OSError):
            tid = threading.get_native_id()
            if os.getpriority(os.PRIO_PROCESS, tid) < JOB_NICE:
                os.setpriority(os.PRIO_PROCESS, tid, JOB_NICE)


class LatestWins(QObject):
    """Runs jobs one at a time on a worker thread; per key only the newest request's result is delivered."""

    finished = Signal(str, object)  # (key, result) of the newest request of that key
    failed = Signal(str, object)  # (key, exception) of the newest request of that key
    _ready = Signal()  # a job finished (emitted on the worker thread, received on the GUI thread)

    mode: ClassVar[str] = "inline"  # where jobs run, one of MODES (see the module docstring)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # not the global pool: one thread, so jobs never overlap; a child, so it goes with this helper
        pool = self._pool = QThreadPool(self)
        pool.setMaxThreadCount(1)
        self._lock = threading.Lock()
        self._newest: dict[str, int] = {}  # key -> generation of its newest request
        self._open: set[str] = set()  # keys whose newest request has not finished yet
        self._results: dict[str, tuple[int, bool, object]] = {}  # key -> (generation, ok, value)
        self._ready.connect(self._on_ready, Qt.ConnectionType.QueuedConnection)
        self._held = QTimer(self)  # delivers a result put off to the next frame, if no frame does
        self._held.setSingleShot(True)
        self._held.timeout.connect(self._deliver)
        _HELPERS.add(self)
        if parent is not None:
            # before the parent's children (this helper) go, the running job ends: it never signals a
            # deleted object, and no thread outlives the widget (no "destroyed while running")
            parent.destroyed.connect(partial(_wait_for, pool))

    def is_threaded(self) -> bool:
        """Whether a job submitted now runs on the worker thread (else inline)."""
        if self.mode not in MODES:
            raise ValueError(f"LatestWins.mode is one of {MODES}, not {self.mode!r}")
        if self.mode == "event loop":
            return QThread.currentThread().loopLevel() > 0
        return self.mode == "worker"

    def submit(self, key: str, fn: Callable[[], object]) -> None:
        """Run `fn` for `key`: on the worker (a request of that key not started yet is then skipped), or
        inline, and deliver its outcome unless a newer request of `key` came meanwhile."""
        with self._lock:
            generation = self._newest[key] = self._newest.get(key, 0) + 1
            self._open.add(key)
            self._results.pop(key, None)
        if not self.is_threaded():
            self._pool.waitForDone()  # one job at a time, even when this one runs here
            self._run(key, generation, fn)
            self._deliver()
            return
        # a plain callable: Qt wraps it in a runnable of its own, deleted once it has run
        self._pool.start(partial(self._run, key, generation, fn))

    def cancel(self, key: str | None = None) -> None:
        """Forget the requests of `key` (every key: None): what they bring is never delivered."""
        with self._lock:
            for k in list(self._newest) if key is None else [key]:
                self._newest[k] = self._newest.get(k, 0) + 1
                self._open.discard(k)
                self._results.pop(k, None)

    def busy(self, key: str) -> bool:
        """Whether the newest request of `key` is queued or running."""
        with self._lock:
            return key in self._open

    def wait(self, deliver: bool = True) -> None:
        """Let the running and queued jobs finish, and deliver their newest results now (or when the
        event loop runs again: `deliver` False)."""
        self._pool.waitForDone()
        if deliver:
            self._deliver()

    def shutdown(self) -> None:
        """Forget every request and wait for the running job: nothing runs or is delivered after this."""
        self.cancel()
        self._pool.waitForDone()

    # ---------------------------------------------------------------- the two threads meet here

    def _newest_is(self, key: str, generation: int) -> bool:
        with self._lock:
            return self._newest.get(key) == generation

    def _run(self, key: str, generation: int, fn: Callable[[], object]) -> None:
        """On the job's thread: run `fn` if its request is still the newest, and keep its outcome."""
        if not self._newest_is(key, generation):
            return  # a newer request came while this one waited in the queue: it never runs
        if threading.current_thread() is not threading.main_thread():
            _yield_to_the_gui()
        try:
            outcome: tuple[bool, object] = (True, fn())
        except Exception as err:  # a job's error is the view's to show, never a crash
            outcome = (False, err)
        with self._lock:
            if self._newest.get(key) != generation:
                return  # a newer request came (or a cancel): nobody waits for this one
            self._results[key] = (generation, *outcome)
            self._open.discard(key)
        if threading.current_thread() is not threading.main_thread():
            # queued: _deliver runs on the GUI thread; a RuntimeError: the helper is being deleted (its
            # parent waits for this job first)
            with contextlib.suppress(RuntimeError):
                self._ready.emit()

    def _on_ready(self) -> None:
        """On the GUI thread, a job finished: deliver its result now, or hold it for the next frame."""
        if not frame_gate.put_off(self._held):
            self._deliver()

    def _deliver(self) -> None:
        """On the GUI thread: emit what finished and is still the newest of its key."""
        self._held.stop()
        with self._lock:
            ready = [(key, ok, value) for key, (generation, ok, value) in self._results.items()
                     if self._newest.get(key) == generation]
            self._results.clear()
        for key, ok, value in ready:
            if ok:
                self.finished.emit(key, value)
            else:
                log.error("a background job (%s) failed", key, exc_info=value)  # type: ignore[arg-type]
                self.failed.emit(key, value)
