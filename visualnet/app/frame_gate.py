"""While the training clock runs, work that comes between two frames waits for the next one.

Work done between two frames (a worker's result drawn, a panel's turn by its timer) would start the next
frame late, so the clock `hold`s the gate for a frame or two after each frame: such work then waits
(`wait_s` says how long) and is done by the next frame, with its own work (at "max": its drawing, before
it trains; app.training_clock). Each frame opens the gate for its own work (`start_frame`); a pause
`release`s it. A hold ends by itself: a clock that stopped strands nothing. A view's timer for work put
off (a throttled refresh, a text) asks `put_off` first: between two frames the work waits, and the next
frame does it (`run_put_off`, or its `stepped` first).
"""

from __future__ import annotations

import contextlib
import math
import time
import weakref

from PySide6.QtCore import QTimer

_held_until = -math.inf  # time.perf_counter() until which work between frames waits
_put_off: weakref.WeakSet[QTimer] = weakref.WeakSet()  # timers whose work waits for the next frame


def hold(seconds: float) -> None:
    """Work that comes in the next `seconds` waits for the next frame."""
    global _held_until
    _held_until = time.perf_counter() + seconds


def start_frame() -> None:
    """A frame's own work begins: done as it comes (what was put off waits for `run_put_off`)."""
    global _held_until
    _held_until = -math.inf


def release() -> None:
    """End the hold (the clock paused): what was put off is done now, and work as it comes again."""
    start_frame()
    run_put_off()


def wait_s() -> float:
    """How long work that comes now waits for a frame (0: not held, do it now)."""
    return max(0.0, _held_until - time.perf_counter())


def put_off(timer: QTimer) -> bool:
    """Whether the work a single-shot `timer` is due for now waits for the next frame (True: `timer` is
    started again for when the hold ends, in case no frame comes to do it)."""
    wait = wait_s()
    if wait <= 0:
        return False
    timer.start(max(1, math.ceil(1000 * wait)))
    _put_off.add(timer)
    return True


def run_put_off() -> None:
    """In a frame, the gate open: do the work put off since the last frame (a worker's result too), as
    each timer would have (a timer stopped meanwhile, its work done by the frame's step, is passed over)."""
    timers = list(_put_off)
    _put_off.clear()
    for timer in timers:
        with contextlib.suppress(RuntimeError):  # its view deleted since
            if timer.isActive():
                timer.stop()
                timer.timeout.emit()
