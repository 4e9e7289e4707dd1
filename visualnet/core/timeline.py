"""Snapshots of a run to scrub back through: every step for the newest, thinned with age, in a budget.

A snapshot holds what a run needs to go on exactly as it would have: the parameter vector, the
optimizer's state (velocities, squared-gradient sums, Adam's step count) and the mini-batch sampler's
state. The newest `dense` iterations are all kept; older ones are kept on a grid whose spacing doubles
with age: an iteration `age` steps old is kept when it is a multiple of 2**level, where level is 0
below `dense` and floor(log2(age / dense)) + 1 above it. Each level then holds dense / 2 snapshots,
so a run of N iterations keeps about dense * (1 + log2(N / dense) / 2) of them. The spacing only grows
with age, so a snapshot dropped once is never wanted again. When the snapshots outgrow the byte
budget, `dense` halves. The first snapshot (iteration 0) always stays.
"""

from __future__ import annotations

import bisect
from collections import deque
from typing import Any, NamedTuple

import numpy as np

__all__ = ["BUDGET", "OVERHEAD", "SamplerState", "Snapshot", "Timeline", "generator_state",
           "set_generator_state", "snapshot_bytes"]

Array = np.ndarray
BUDGET = 40 * 2**20  # bytes of snapshots kept (the ceiling is 50 MB for the whole timeline)
DENSE = 4096  # the newest iterations kept one by one (fewer when the budget needs it)
MIN_DENSE = 64
OVERHEAD = 400  # bytes a snapshot costs beyond its arrays (the objects holding them)


class SamplerState(NamedTuple):
    """Where a mini-batch sampler stood: enough to draw the same batches from there on."""

    iteration: int
    epoch: int
    position: int  # the next batch starts at this index of the epoch's permutation
    n: int  # the training set size the permutation is of
    rng_before_permutation: tuple[int, ...]  # the PCG64 generator's state before it drew that permutation


class Snapshot(NamedTuple):
    """The model, optimizer and sampler after `iteration` steps.

    A tuple of numbers, arrays and tuples: one is made per training step, and the garbage collector
    stops tracking such tuples, so a timeline of thousands costs collections nothing.
    """

    iteration: int
    params: Array  # the flat parameter vector (a copy the snapshot owns)
    optimizer: Any  # Optimizer.snapshot(): kind, the buffers (name, key, shape), in one vector, counters
    sampler: SamplerState | None
    epoch: float  # completed epochs plus the fraction of the current one
    nbytes: int  # roughly the memory it holds
    noise: tuple[int, ...] | None = None  # the dropout masks' generator (generator_state), if it has one


def generator_state(rng: np.random.Generator) -> tuple[int, ...]:
    """A PCG64 generator's state as a tuple of ints (not its dict: a timeline keeps thousands)."""
    state = rng.bit_generator.state
    return (state["state"]["state"], state["state"]["inc"], state["has_uint32"], state["uinteger"])


def set_generator_state(rng: np.random.Generator, state: tuple[int, ...]) -> None:
    """Put a PCG64 generator back where `generator_state` saw it: the same numbers follow."""
    value, inc, has_uint32, uinteger = state
    rng.bit_generator.state = {"bit_generator": "PCG64", "state": {"state": value, "inc": inc},
                               "has_uint32": has_uint32, "uinteger": uinteger}


def snapshot_bytes(params: Array, optimizer: Any) -> int:
    """The `nbytes` of a snapshot of these (the same for every step of a run)."""
    buffers = optimizer[2] if isinstance(optimizer, tuple) and len(optimizer) == 4 else None
    return params.nbytes + (0 if buffers is None else buffers.nbytes) + OVERHEAD


class Timeline:
    """A run's snapshots by iteration, thinned with age within a byte budget.

    Level j holds the snapshots between dense * 2**(j-1) and dense * 2**j steps old (level 0: the newest
    `dense`, every one), each a multiple of 2**j. When a level's oldest outgrows it, it moves up a level
    if it is a multiple of 2**(j+1) and is dropped otherwise; a level's oldest can outgrow it only at a
    multiple of 2**j, so a step looks at about two levels.
    """

    def __init__(self, budget: int = BUDGET, dense: int = DENSE) -> None:
        self.budget = int(budget)
        self.initial_dense = int(dense)
        self.clear()

    def clear(self) -> None:
        """Forget every snapshot (a new run)."""
        self._levels: list[deque[Snapshot]] = [deque()]
        self._ordered: list[Snapshot] | None = None  # all of them, oldest first (made when asked for)
        self.nbytes = 0
        self.dense = self.initial_dense

    def __len__(self) -> int:
        return sum(len(level) for level in self._levels)

    def snapshots(self) -> list[Snapshot]:
        """Every kept snapshot, oldest first (the list is shared until the next change: do not edit it)."""
        if self._ordered is None:
            self._ordered = [s for level in reversed(self._levels) for s in level]
        return self._ordered

    @property
    def iterations(self) -> Array:
        """(k,) int64: the iterations kept, ascending."""
        return np.fromiter((s.iteration for s in self.snapshots()), np.int64)

    @property
    def latest(self) -> Snapshot | None:
        """The newest snapshot, or None."""
        return next((level[-1] for level in self._levels if level), None)

    def add(self, snapshot: Snapshot) -> None:
        """Keep `snapshot` (it replaces any kept at or after its iteration: a new branch of the run)."""
        last = self.latest
        full = last is None or snapshot.iteration != last.iteration + 1
        if last is not None and last.iteration >= snapshot.iteration:
            self.cut_after(snapshot.iteration - 1)
        self._levels[0].append(snapshot)
        self.nbytes += snapshot.nbytes
        self._ordered = None
        self._age(snapshot.iteration, full)
        if self.nbytes > self.budget:
            self._shrink()

    def nearest(self, iteration: int) -> Snapshot | None:
        """The kept snapshot closest to `iteration` (the earlier one on a tie), or None."""
        snaps = self.snapshots()
        if not snaps:
            return None
        j = bisect.bisect_left(snaps, iteration, key=lambda s: s.iteration)
        if j == len(snaps):
            return snaps[-1]
        if snaps[j].iteration == iteration or j == 0:
            return snaps[j]
        before, after = snaps[j - 1], snaps[j]
        return before if iteration - before.iteration <= after.iteration - iteration else after

    def cut_after(self, iteration: int) -> list[Snapshot]:
        """Drop the snapshots after `iteration`; returns them (oldest first) so they can be put back."""
        dropped: list[Snapshot] = []
        for level in self._levels:  # the newest first
            while level and level[-1].iteration > iteration:
                dropped.append(level.pop())
            if level:
                break
        dropped.reverse()
        self.nbytes -= sum(s.nbytes for s in dropped)
        self._ordered = None
        return dropped

    def put_back(self, snapshots: list[Snapshot]) -> None:
        """Append snapshots that `cut_after` returned (an undo), dropping any kept since at or after them."""
        if not snapshots:
            return
        self.cut_after(snapshots[0].iteration - 1)
        self._levels[0].extend(snapshots)
        self.nbytes += sum(s.nbytes for s in snapshots)
        self._ordered = None
        self._age(snapshots[-1].iteration, full=True)
        if self.nbytes > self.budget:
            self._shrink()

    def _age(self, now: int, full: bool) -> None:
        """Move the snapshots that outgrew their level up a level, or drop them."""
        levels = self._levels
        j = 0
        while j < len(levels):
            if not full and j and now % (1 << j):
                return  # a level-j snapshot (a multiple of 2**j) outgrows it only at a multiple of 2**j
            level, limit, up = levels[j], self.dense << j, 2 << j
            while level and now - level[0].iteration >= limit:
                old = level.popleft()
                self._ordered = None
                if old.iteration % up == 0 or old.iteration == 0:
                    if j + 1 == len(levels):
                        levels.append(deque())
                    levels[j + 1].append(old)
                else:
                    self.nbytes -= old.nbytes
            j += 1

    def _shrink(self) -> None:
        """Over budget: keep fewer of the newest one by one (and so fewer on every level)."""
        latest = self.latest
        while latest is not None and self.nbytes > self.budget and self.dense > MIN_DENSE:
            self.dense //= 2
            self._age(latest.iteration, full=True)
