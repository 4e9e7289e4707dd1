"""Optimizers racing on a two-parameter Surface from one start point (the book's chapter-6 figure, live).

Each runner owns one optimizer from `visualnet.core.optimizers` and a position p = (x, y). A step
is the book's contract: g = ∇f(p); optimizer.update({"p": p}, {"p": g}) moves p in place. Learning
rates and hyper-parameters are plain attributes of the optimizers, so they change between steps
without a reset; moving the start point or changing the surface restarts every runner.

Divergence: when a step leaves the finite numbers (or |x| or |y| exceeds MAX_PARAM, or f or ∇f
is no longer finite there), the position goes back to the last finite point, the path ends
there and the runner records `diverged_at`, the step number that failed; it takes no more steps.

Catching up: a runner brought back into a race that has already run restarts and must retake
every step the race took (a million near the step limit: seconds of work). `set_active` only marks
it `catching_up`; `catch_up(budget_s)` retakes the steps in slices of about `budget_s` seconds, so
a window can spread them over its frames, and the race waits (`step` does nothing) until every
runner is level again. A runner's steps depend only on its own previous step, so the slices give
exactly the numbers one call would.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import cast

import numpy as np

from visualnet.core import optimizers
from visualnet.core.surfaces import BOOK, Surface

__all__ = ["BOOK_CHAPTER_6", "MAX_PARAM", "MAX_PATH", "CatchUpBudget", "Entry", "Preset", "Race", "Runner"]

Array = np.ndarray
Point = tuple[float, float]
MAX_PARAM = 1e8  # beyond this a position counts as diverged
MAX_PATH = 4096  # path points kept per runner; longer runs are thinned evenly (every 2nd, 4th, ...)
CATCH_UP_SLICE = 64  # the first slice of a catch-up, in steps (later ones are sized to the budget)


@dataclass(frozen=True)
class Entry:
    """One contestant: optimizer name, its lr and other hyper-parameters, a colour index (None: by name)."""

    optimizer: str
    lr: float
    hyper: Mapping[str, float] = field(default_factory=dict)
    color: int | None = None


class Runner:
    """One optimizer's walk over the surface: position, bounded path, last step, divergence."""

    def __init__(self, entry: Entry, surface: Surface, start: Point, max_path: int = MAX_PATH) -> None:
        self.optimizer = optimizers.get(entry.optimizer, lr=entry.lr, **dict(entry.hyper))
        self.name = self.optimizer.name
        self.color = entry.color if entry.color is not None else optimizers.NAMES.index(self.name)
        self.active = True
        self._cap = max(4, int(max_path))
        self._path = np.empty((self._cap + 1, 2))
        self._path_steps = np.empty(self._cap + 1, dtype=np.int64)
        # counts the times the recorded path was rewritten (a restart, a thinning past the cap) rather
        # than appended to: a view may keep what it derived from the path while this stays the same
        self.rewrites = 0
        self.restart(surface, start)

    def __repr__(self) -> str:
        state = f"diverged at {self.diverged_at}" if self.diverged_at else f"f={self.value:.4g}"
        return f"Runner({self.optimizer!r}, steps={self.steps}, {state})"

    def restart(self, surface: Surface, start: Point) -> None:
        """Back to `start` on `surface` with a fresh optimizer state (hyper-parameters kept)."""
        self.surface = surface
        self.optimizer.reset()
        self.rewrites += 1
        self._p = np.array([float(start[0]), float(start[1])])
        self._params = {"p": self._p}  # the optimizer moves this array in place
        self.steps = 0
        self.diverged_at: int | None = None
        self.catching_up = False  # brought back into a race that ran on: it still has steps to retake
        self._n = 0
        self._stride = 1
        self.last_gradient = np.zeros(2)  # the gradient the last step used
        self.last_step = np.zeros(2)  # the change the last step made to (x, y)
        self.velocity: Array | None = None  # v (Momentum, Nesterov) or m (Adam) after the last step
        self.value, self.gradient = self._evaluate(self._p)
        if not (math.isfinite(self.value) and np.isfinite(self.gradient).all()):
            self.diverged_at = 0  # a start where f is undefined: nothing to run
        self._record()

    @property
    def position(self) -> Array:
        """(2,) the current (x, y), a copy."""
        return self._p.copy()

    @property
    def grad_norm(self) -> float:
        """|∇f| at the current position."""
        return float(np.hypot(*self.gradient))

    @property
    def diverged(self) -> bool:
        """True once a step left the finite numbers."""
        return self.diverged_at is not None

    @property
    def path(self) -> Array:
        """(m, 2) positions so far, finite, oldest first (a view: copy it to keep it)."""
        return self._path[: self._n]

    @property
    def path_steps(self) -> Array:
        """(m,) the step number of each path point (0 is the start)."""
        return self._path_steps[: self._n]

    def step(self, n: int = 1) -> int:
        """Take up to n steps (fewer if it diverges); returns how many were taken."""
        taken = 0
        p, params, opt = self._p, self._params, self.optimizer
        while taken < n and self.diverged_at is None:
            prev = p.copy()
            g = self.gradient
            opt.update(params, {"p": g})
            self.steps += 1
            taken += 1
            x, y = float(p[0]), float(p[1])
            ok = math.isfinite(x) and math.isfinite(y) and abs(x) <= MAX_PARAM and abs(y) <= MAX_PARAM
            if ok:
                value, grad = self._evaluate(p)
                ok = math.isfinite(value) and math.isfinite(grad[0]) and math.isfinite(grad[1])
            if not ok:
                p[:] = prev  # the path ends at the last finite point
                self.diverged_at = self.steps
                break
            self.last_gradient = g
            self.last_step = opt.last_step["p"].copy()  # what the optimizer added to p
            self.value, self.gradient = value, grad
            v = opt.velocity("p")
            self.velocity = None if v is None else v.copy()
            self._record()
        return taken

    def _evaluate(self, p: Array) -> tuple[float, Array]:
        """f and ∇f at p (scalars through the surface's vectorised functions)."""
        with np.errstate(all="ignore"):
            # numpy scalars, not 0-d arrays: the same vectorised formulas, at a fraction of the cost per call
            x, y = cast(Array, np.float64(p[0])), cast(Array, np.float64(p[1]))
            value = float(self.surface.fn(x, y))
            gx, gy = self.surface.grad_fn(x, y)
        return value, np.array([float(gx), float(gy)])

    def _record(self) -> None:
        """Append the position; past the cap keep only every (2·stride)-th step (and the newest)."""
        n = self._n
        if n and self._path_steps[n - 1] % self._stride:
            n -= 1  # an off-grid newest point only stood for "now": the newer one replaces it
        self._path[n] = self._p
        self._path_steps[n] = self.steps
        n += 1
        if n > self._cap:
            self._stride *= 2
            self.rewrites += 1
            keep = self._path_steps[:n] % self._stride == 0
            keep[-1] = True
            m = int(keep.sum())
            self._path[:m] = self._path[:n][keep]
            self._path_steps[:m] = self._path_steps[:n][keep]
            n = m
        self._n = n


class CatchUpBudget:
    """Slice sizes for work done a slice at a time within about `budget_s` seconds (None: no limit).

    A step costs microseconds to a millisecond: each slice is twice the last while it took under a
    quarter of the time left (half otherwise), so a call ends close to its budget, never far past it.
    """

    def __init__(self, budget_s: float | None, first: int) -> None:
        self.deadline = None if budget_s is None else time.perf_counter() + budget_s
        self.size = max(1, int(first))
        self._started = time.perf_counter()

    def slice(self, left: int) -> int:
        """How many of the `left` steps to take now (all of them without a budget)."""
        self._started = time.perf_counter()
        return left if self.deadline is None else min(self.size, left)

    def spent(self) -> bool:
        """After a slice: True once the budget is used up (else the next slice is sized)."""
        if self.deadline is None:
            return False
        now = time.perf_counter()
        if now >= self.deadline:
            return True
        took = now - self._started
        self.size = self.size * 2 if took < (self.deadline - now) / 4 else max(1, self.size // 2)
        return False


class Race:
    """Several optimizers from one start point on one surface, stepped together."""

    def __init__(self, surface: Surface, start: Point | None = None, entries: Iterable[Entry] = (),
                 max_path: int = MAX_PATH) -> None:
        self.surface = surface
        self.start: Point = _point(start if start is not None else surface.start)
        self.steps = 0  # steps the race has taken (an active runner has taken as many, unless diverged)
        self.runners = [Runner(e, surface, self.start, max_path) for e in entries]
        self._slice = CATCH_UP_SLICE  # steps in the first slice of the next catch-up call

    def __repr__(self) -> str:
        return f"Race({self.surface.name!r}, start={self.start}, steps={self.steps}, {self.runners})"

    def runner(self, which: int | str) -> Runner:
        """A runner by index or by optimizer name (case-insensitive)."""
        if isinstance(which, int):
            return self.runners[which]
        for r in self.runners:
            if r.name.lower() == which.strip().lower():
                return r
        raise KeyError(f"no runner {which!r}; have {[r.name for r in self.runners]}")

    @property
    def active(self) -> list[Runner]:
        """The runners taking part."""
        return [r for r in self.runners if r.active]

    @property
    def finished(self) -> bool:
        """True when no active runner can move any more (all diverged, or none active)."""
        return all(r.diverged for r in self.active)

    @property
    def catching_up(self) -> list[Runner]:
        """The runners brought back that have not yet retaken the race's steps."""
        return [r for r in self.runners if r.catching_up]

    def step(self, n: int = 1) -> int:
        """Advance every active runner n steps; returns n, or 0 while a runner is still catching up."""
        if self.catching_up:
            return 0  # the race waits for it: every runner stays at the same step
        for r in self.active:
            r.step(n)
        self.steps += int(n)
        return int(n)

    def catch_up(self, budget_s: float | None = None) -> int:
        """Retake the race's steps for the runners brought back, for about `budget_s` seconds (None:
        all of them); returns the steps taken. Slices of any size give the same numbers as one call."""
        budget = CatchUpBudget(budget_s, self._slice)
        taken = 0
        for r in self.catching_up:
            while r.steps < self.steps and not r.diverged:
                taken += r.step(budget.slice(self.steps - r.steps))
                if budget.spent():
                    break
            r.catching_up = r.steps < self.steps and not r.diverged
            if r.catching_up:
                break  # out of time: the next call goes on
        self._slice = budget.size  # the next call starts with a slice that fitted this one's budget
        return taken

    def reset(self) -> None:
        """Every runner back to the start, optimizer state cleared; settings kept."""
        self.steps = 0
        for r in self.runners:
            r.restart(self.surface, self.start)

    def set_start(self, start: Point) -> None:
        """Move the start point (restarts the race)."""
        self.start = _point(start)
        self.reset()

    def set_surface(self, surface: Surface, start: Point | None = None) -> None:
        """Race on another surface, from `start` or the surface's own start (restarts the race)."""
        self.surface = surface
        self.start = _point(start if start is not None else surface.start)
        self.reset()

    def set_lr(self, which: int | str, lr: float) -> None:
        """Change one runner's learning rate now, without a reset."""
        self.runner(which).optimizer.lr = float(lr)

    def set_hyper(self, which: int | str, **hyper: float) -> None:
        """Change one runner's other hyper-parameters (momentum, beta1, ...) now, without a reset."""
        opt = self.runner(which).optimizer
        for key, value in hyper.items():
            if key not in opt.hyperparams:
                raise KeyError(f"{opt.name} has no hyper-parameter {key!r}; it has {list(opt.hyperparams)}")
            setattr(opt, key, float(value))

    def set_active(self, which: int | str, active: bool) -> None:
        """Take a runner out of the race, or bring it in: it restarts, to catch up to `steps` (catch_up)."""
        r = self.runner(which)
        if active and not r.active:
            r.restart(self.surface, self.start)
            # the steps are retaken by catch_up(), a slice at a time (a million take seconds)
            r.catching_up = self.steps > 0 and not r.diverged
        elif not active:
            r.catching_up = False
        r.active = bool(active)


def _point(p: Point | Array) -> Point:
    x, y = (float(v) for v in p)
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError(f"a start point must be finite, got {p!r}")
    return (x, y)


@dataclass(frozen=True)
class Preset:
    """A ready-made race: surface, start point, contestants, and how many steps to show."""

    name: str
    surface: Surface
    start: Point
    entries: tuple[Entry, ...]
    steps: int

    def race(self, max_path: int = MAX_PATH) -> Race:
        """A new Race set up as this preset (not yet stepped)."""
        return Race(self.surface, self.start, self.entries, max_path)


# Deep Learning from Scratch, ch06/optimizer_compare_naive.py: f(x, y) = x²/20 + y² from (-7, 2), 30 steps
BOOK_CHAPTER_6 = Preset(
    "Book, chapter 6", BOOK, (-7.0, 2.0),
    (Entry("SGD", 0.95), Entry("Momentum", 0.1), Entry("AdaGrad", 1.5), Entry("Adam", 0.3)),
    steps=30,
)
