"""When a costly panel updates: every time while an update fits its share of a frame, else less often;
and not at all while nothing it draws from has changed.

A panel (the neuron maps, the hidden space, the gradient check, the confusion matrix) may spend BUDGET_S
of every frame (FRAME_S) on average: an update that costs c seconds (its refresh, and its paint where the
panel times that too) waits c · FRAME_S / BUDGET_S before the next, and its caption says so (`note`).

The panels of one session that follow training every frame share one budget too (`FrameShare`,
`shared_by(session)`): while the updates of those on screen cost more than BUDGET_S together, they take
turns — one update among them a frame, the panel that waited longest first — so a frame pays for about
one of them, not for all (each of k still refreshes about 60 / k times a second); their captions say so.

`DrawnFrom` remembers what the last update drew from, so a redraw of the same state is skipped.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Sequence

import numpy as np

from visualnet.translatable import QT_TRANSLATE_NOOP, Message, Translate, untranslated

__all__ = ["ACTIVE_S", "BUDGET_S", "FRAME_S", "DrawnFrom", "FrameBudget", "FrameShare", "shared_by"]

FRAME_S = 1 / 60
_VALUES = (bool, int, float, str, tuple)  # compared by equality in DrawnFrom (others: by identity)
BUDGET_S = 0.004  # an update may take this much of every frame; above it the panel updates less often
ACTIVE_S = 0.25  # a panel that asked to update within this time shares the budget; older ones are gone
TURN_GAP_S = 0.9 * FRAME_S  # taking turns: the least time from one turn to the next (ticks jitter)
# (no cost in the text: a caption whose text changes every frame lays the window out again every frame)
TURNS = QT_TRANSLATE_NOOP("FrameBudget", "The {k} live panels together take more than {budget} ms a frame: "
                                         "they take turns, each refreshing every {seconds} s.")


class FrameShare:
    """One budget for several panels: while together they cost more than BUDGET_S a frame, they take
    turns — one update among them every frame (FRAME_S), the panel that waited longest first."""

    def __init__(self) -> None:
        self._asked: dict[int, tuple[FrameBudget, float]] = {}  # the members by id: (member, last ask)
        self._granted: dict[int, float] = {}  # ... when each last had its turn
        self._waiting: set[int] = set()  # ... those ready to update, told to wait for their turn
        self._order: dict[int, int] = {}  # ... and the order they joined in
        self._joined = 0
        self._last_turn = -math.inf  # when the last turn was given

    def members(self, now: float) -> list[FrameBudget]:
        """The panels that asked to update within ACTIVE_S, in the order they joined."""
        for key, (_member, asked) in list(self._asked.items()):
            if abs(now - asked) > ACTIVE_S:  # gone (closed, out of sight), or of another clock
                del self._asked[key], self._order[key]
                self._granted.pop(key, None)
                self._waiting.discard(key)
        return [m for key, (m, _asked) in sorted(self._asked.items(), key=lambda kv: self._order[kv[0]])]

    def taking_turns(self, now: float) -> int:
        """How many panels take turns now (0: none do, the budget holds them all)."""
        members = self.members(now)
        return len(members) if len(members) > 1 and sum(m.total for m in members) > BUDGET_S else 0

    def wait_s(self, member: FrameBudget, now: float, ready: bool = True) -> float:
        """Seconds until `member`'s turn; 0: its turn, now (taken, when it is `ready` to update). Asking
        makes it a member for ACTIVE_S."""
        key = id(member)
        if key not in self._order:
            self._order[key] = self._joined
            self._joined += 1
        self._asked[key] = (member, now)
        if not ready:
            return 0.0
        if self.taking_turns(now):
            mine = self._granted.get(key, -math.inf)
            gap = self._last_turn + TURN_GAP_S - now
            if gap <= 0 and any(self._granted.get(other, -math.inf) < mine
                                for other in self._waiting if other != key):
                gap = TURN_GAP_S  # another has waited for longer: it goes first
            if gap > 0:
                self._waiting.add(key)
                return gap
        self._waiting.discard(key)
        self._granted[key] = self._last_turn = now
        return 0.0


_SHARES: weakref.WeakKeyDictionary[object, FrameShare] = weakref.WeakKeyDictionary()


def shared_by(owner: object) -> FrameShare:
    """The budget shared by the live panels of `owner` (a session: the panels of one window, docked or
    floating; another window's, or a test's own session, share another)."""
    share = _SHARES.get(owner)
    if share is None:
        share = _SHARES[owner] = FrameShare()
    return share


class FrameBudget:
    """Whether an update may run now, from the cost of the last ones."""

    def __init__(self, throttled_text: str, smoothing: float = 1.0, share: FrameShare | None = None) -> None:
        self.throttled_text = throttled_text  # a marked text with {ms}, {budget} and {seconds}
        self.smoothing = smoothing  # the newest cost's weight in the running mean (1: the last alone)
        self.share = share  # the budget it shares with other panels (they take turns), or None
        self.cost = 0.0  # seconds an update's refresh takes
        self.paint_cost = 0.0  # ... and its paint (0 for a panel that does not time it)
        self.runs = 0
        self.paints = 0
        self.last_run = -math.inf

    @property
    def total(self) -> float:
        """Seconds one update takes: its refresh and its paint."""
        return self.cost + self.paint_cost

    @property
    def throttled(self) -> bool:
        """Whether the last update cost more than the budget (so the next waits)."""
        return self.total > BUDGET_S

    @property
    def interval_s(self) -> float:
        """The least time between two updates: they may use BUDGET_S of every FRAME_S on average."""
        return self.total * FRAME_S / BUDGET_S

    @property
    def not_before(self) -> float:
        """When the next update may run."""
        return self.last_run + self.interval_s if self.throttled else -math.inf

    def due(self, now: float) -> bool:
        """Whether an update may run now (its own pace, and its turn where it shares a budget)."""
        return self.wait_s(now) <= 0.0

    def wait_s(self, now: float) -> float:
        """Seconds until an update may run (0: now; where it shares a budget, its turn is then taken)."""
        own = max(0.0, self.not_before - now)
        if self.share is None:
            return own
        return max(own, self.share.wait_s(self, now, ready=own == 0.0))

    def turn_s(self, now: float) -> float:
        """Seconds until its turn among the panels it shares a budget with, its own pace aside (an update
        put off until now has waited that out); 0: its turn, taken."""
        return self.share.wait_s(self, now) if self.share is not None else 0.0

    def _mean(self, old: float, new: float, count: int) -> float:
        # a running mean: one slow frame (a collection, another process) is no trend
        return new if count == 0 else (1 - self.smoothing) * old + self.smoothing * new

    def ran(self, cost: float, now: float) -> None:
        """An update ran at `now` and its refresh took `cost` seconds."""
        self.cost = self._mean(self.cost, cost, self.runs)
        self.runs += 1
        self.last_run = now

    def painted(self, cost: float) -> None:
        """The panel's paint after an update took `cost` seconds: counted in the update's cost."""
        self.paint_cost = self._mean(self.paint_cost, cost, self.paints)
        self.paints += 1

    def note(self, translate: Translate = untranslated, now: float | None = None) -> str:
        """The caption saying the panel updates less often (over its own budget, or taking turns with the
        other panels at `now`), or ''."""
        k = self.share.taking_turns(now) if self.share is not None and now is not None else 0
        if not self.throttled and k:
            return Message(TURNS, k=str(k), budget=f"{1000 * BUDGET_S:.0f}",
                           seconds=f"{k * FRAME_S:.2g}").text(translate)
        if not self.throttled:
            return ""
        return Message(self.throttled_text, ms=f"{1000 * self.total:.3g}", budget=f"{1000 * BUDGET_S:.0f}",
                       seconds=f"{self.interval_s:.2g}").text(translate)


class DrawnFrom:
    """What an update drew from: objects (the model, the dataset, a choice) compared by identity or
    equality, arrays (the weights) by value; an update whose inputs are `same` as the last is skipped."""

    def __init__(self) -> None:
        self._objects: tuple[object, ...] | None = None  # held: an id is never reused while compared
        self._arrays: list[np.ndarray] = []

    def same(self, objects: tuple[object, ...], arrays: Sequence[np.ndarray]) -> bool:
        """Whether `objects` and `arrays` are those remembered (the same objects, equal arrays)."""
        known = self._objects
        return (known is not None and len(objects) == len(known) and len(arrays) == len(self._arrays)
                and all(a is b or (type(a) is type(b) and isinstance(a, _VALUES) and a == b)
                        for a, b in zip(objects, known, strict=True))
                and all(np.array_equal(a, b) for a, b in zip(arrays, self._arrays, strict=True)))

    def remember(self, objects: tuple[object, ...], arrays: Sequence[np.ndarray]) -> None:
        """These are what the update now drawn drew from (the arrays are copied: weights change in place)."""
        self._objects = objects
        self._arrays = [np.array(a, copy=True) for a in arrays]

    def forget(self) -> None:
        """The next update draws, whatever its inputs."""
        self._objects = None
        self._arrays = []
