"""While the training clock runs at "max", work that comes between two frames waits for the next one.

A frame at "max" draws first and then trains until its deadline (app.training_clock). Work done between
two frames (a worker's result drawn, a panel's turn by its timer) would start the next frame late, so the
clock `hold`s the gate for a frame or two after each frame: such work then waits (`wait_s` says how long)
and is done by the next frame's drawing, before it trains. A hold ends by itself: a clock that stopped
strands nothing. A view's timer for work put off (a throttled refresh, a text) asks `put_off` first: at
"max" the next frame's `stepped` does that work, inside the frame.
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QTimer

_held_until = -math.inf  # time.perf_counter() until which work between frames waits


def hold(seconds: float) -> None:
    """Work that comes in the next `seconds` waits for the next frame."""
    global _held_until
    _held_until = time.perf_counter() + seconds


def release() -> None:
    """End the hold (the clock paused or slowed down): work is done as it comes again."""
    global _held_until
    _held_until = -math.inf


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
    return True
