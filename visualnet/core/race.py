"""Optimizers racing on a two-parameter Surface from one start point (the book's chapter-6 figure, live).

Each runner owns one optimizer from `visualnet.core.optimizers` and a position p = (x, y). A step
is the book's contract: g = ∇f(p); optimizer.update({"p": p}, {"p": g}) moves p in place. Learning
rates and hyper-parameters are plain attributes of the optimizers, so they change between steps
without a reset; moving the start point or changing the surface restarts every runner.

Divergence: when a step leaves the finite numbers (or |x| or |y| exceeds MAX_PARAM, or f or ∇f
is no longer finite there), the position goes back to the last finite point, the path ends
there and the runner records `diverged_at`, the step number that failed; it takes no more steps.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np

from visualnet.core import optimizers
from visualnet.core.surfaces import BOOK, Surface

__all__ = ["BOOK_CHAPTER_6", "MAX_PARAM", "MAX_PATH", "Entry", "Preset", "Race", "Runner"]

Array = np.ndarray
Point = tuple[float, float]
MAX_PARAM = 1e8  # beyond this a position counts as diverged
MAX_PATH = 4096  # path points kept per runner; longer runs are thinned evenly (every 2nd, 4th, ...)


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
            x, y = np.float64(p[0]), np.float64(p[1])
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


class Race:
    """Several optimizers from one start point on one surface, stepped together."""

    def __init__(self, surface: Surface, start: Point | None = None, entries: Iterable[Entry] = (),
                 max_path: int = MAX_PATH) -> None:
        self.surface = surface
        self.start: Point = _point(start if start is not None else surface.start)
        self.steps = 0  # steps the race has taken (an active runner has taken as many, unless diverged)
        self.runners = [Runner(e, surface, self.start, max_path) for e in entries]

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

    def step(self, n: int = 1) -> None:
        """Advance every active runner n steps."""
        for r in self.active:
            r.step(n)
        self.steps += int(n)

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
        """Take a runner out of the race, or bring it in: it restarts and catches up to `steps`."""
        r = self.runner(which)
        if active and not r.active:
            r.restart(self.surface, self.start)
            r.step(self.steps)
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
