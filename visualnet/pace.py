"""How many training iterations each frame runs: a rate in iterations per second, within a frame budget.

The training clock ticks once per frame (~60 times a second). At a rate r, a frame dt seconds after the
last one owes r·dt iterations; the whole ones run and the fraction is carried to the next frame, so 1 to
10 iterations a second show every step one at a time, and 10,000 run ~170 a frame. No frame trains for
longer than its share of the frame (`TRAIN_BUDGET_S`, from the measured time an iteration takes): what
the budget cannot run is dropped, not owed, so a slow machine trains slower instead of stalling. The
rate MAX_RATE means as fast as the budget allows; there the window, which draws a frame before training
it, gives the time left before the frame's deadline as the budget instead (app.training_clock), and the
trainer stops at that deadline. `reached` is the rate actually run over the last second.

A frame's training time is a cost per call (the record a call makes: the loss over every training point,
~1 ms at 10,000 points) plus a cost per iteration; the two are measured apart, so a frame of n iterations
is budgeted as fixed + n·per iteration. Spread over the iterations, the fixed cost would be counted n
times too little in a frame that runs more of them than the frames it was measured in. Frames vary
(caches, collections, other processes): planned to fill the budget on average, half of them would
overrun it, so the plan leaves room for the frames' overruns (SPREAD_MARGIN times their moving average,
a frame within its plan counting as 0: for a normal spread σ that average is 0.4σ, the room 1.6σ).
"""

from __future__ import annotations

import math
from collections import deque

__all__ = ["DEFAULT_RATE", "FRAMES_PER_SECOND", "MAX_RATE", "RATE_TOP", "TRAIN_BUDGET_S", "Pace",
           "rate_of_speed"]

FRAMES_PER_SECOND = 60  # the display clock (training_clock.FRAME_MS)
RATE_TOP = 10_000  # the highest rate the control names, in iterations per second
MAX_RATE = RATE_TOP + 1  # the control's maximum: "max", as fast as the frame budget allows
DEFAULT_RATE = 300  # the default data reach their plateau in ~2-3 s, each frame still a few steps
TRAIN_BUDGET_S = 0.006  # training time per frame at most: the views draw in the rest of the ~16.7 ms
FIRST_GUESS_S = 50e-6  # the time of one iteration until one is measured
MAX_CATCH_UP_S = 0.1  # a late frame (a busy machine, a dialog) owes at most this much time's iterations
REACHED_WINDOW_S = 1.0  # the reached rate is measured over this much time
SPREAD_MARGIN = 4.0  # the room left for a frame's overrun, in moving averages of the overruns


def rate_of_speed(speed: int) -> int:
    """The rate of an older speed in iterations per frame (a lesson file's `speed`, a saved setting)."""
    return min(RATE_TOP, max(1, int(speed)) * FRAMES_PER_SECOND)


class Pace:
    """Iterations per frame for a rate, and the rate reached."""

    def __init__(self, rate: int = DEFAULT_RATE) -> None:
        self.rate = rate
        self.seconds_per_iteration = FIRST_GUESS_S  # measured: a moving average over the last frames
        self.seconds_per_call = 0.0  # the fixed cost of a frame's call (its record), measured alike
        self.spread = 0.0  # a moving average of how far frames' training ran over their plan, in seconds
        self._owed = 0.0
        self._last: float | None = None
        self._done: deque[tuple[float, int]] = deque()  # (time, iterations) of the frames of the last second

    @property
    def unlimited(self) -> bool:
        """Whether the rate is "max": as many iterations as the frame budget allows."""
        return self.rate >= MAX_RATE

    def start(self, now: float) -> None:
        """Training starts (or resumes) now: the first frame runs one iteration at once."""
        self._last = now
        self._owed = 1.0
        self._done.clear()

    def budget(self, room_s: float | None = None) -> int:
        """The most iterations a frame may run: what fits in its training time after the call's fixed
        cost, at least one. That time is TRAIN_BUDGET_S, or `room_s` where the caller knows how much of
        the frame is left (at "max" the window trains until the frame's deadline, after drawing). A caller
        that gives the room also ends the training there (Trainer.step's deadline): no room is kept then
        for frames that run over their plan."""
        if room_s is None:
            room = TRAIN_BUDGET_S - self.seconds_per_call - SPREAD_MARGIN * self.spread
        else:
            room = room_s - self.seconds_per_call
        return max(1, int(room / max(self.seconds_per_iteration, 1e-9)))

    def iterations(self, now: float, room_s: float | None = None) -> int:
        """How many iterations the frame at time `now` runs (0: none due yet), within `budget(room_s)`."""
        last = now if self._last is None else self._last
        self._last = now
        dt = min(max(now - last, 0.0), MAX_CATCH_UP_S)
        most = self.budget(room_s)
        if self.unlimited:
            return most
        self._owed += self.rate * dt
        n = min(int(self._owed), most)
        # what the budget could not run is dropped: owing it would only make every later frame late
        self._owed = min(self._owed - n, 1.0)
        return n

    def ran(self, iterations: int, seconds: float, now: float, fixed: float = 0.0) -> None:
        """A frame ran `iterations` in `seconds` of training (the views' drawing not counted), `fixed`
        of them a cost per call (its record), not per iteration."""
        if iterations > 0 and seconds > 0 and math.isfinite(seconds):
            fixed = min(max(fixed, 0.0), seconds) if math.isfinite(fixed) else 0.0
            planned = self.seconds_per_call + iterations * self.seconds_per_iteration
            overrun = min(max(seconds - planned, 0.0), TRAIN_BUDGET_S)
            self.spread += 0.2 * (overrun - self.spread)
            sample = (seconds - fixed) / iterations
            # moving averages: one odd frame (a collection, another process) moves them a little
            self.seconds_per_iteration += 0.2 * (sample - self.seconds_per_iteration)
            self.seconds_per_call += 0.2 * (fixed - self.seconds_per_call)
        self._done.append((now, iterations))
        while self._done and now - self._done[0][0] > REACHED_WINDOW_S:
            self._done.popleft()

    def reached(self, now: float) -> float:
        """Iterations per second run over the last second (0 when none ran)."""
        recent = [(t, n) for t, n in self._done if now - t <= REACHED_WINDOW_S]
        if len(recent) < 2:
            return 0.0
        span = recent[-1][0] - recent[0][0]
        # the first frame's iterations ran before the span began
        return sum(n for _, n in recent[1:]) / span if span > 0 else 0.0
