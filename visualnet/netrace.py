"""The optimizer race on the live network: several optimizers train copies of the session's model.

`NetworkRace(session)` gives every racer (an optimizer with its own learning rate and
hyper-parameters) its own copy of the session's network, all starting from the SAME weights: the
session's *initial* weights by default (`start="initial"`: the race replays training from the
beginning, so an SGD racer with the session's settings retraces the session's own run), or its
current ones (`start="current"`: the race continues from where the learner is). Each racer has its
own `core.training.Trainer` on the session's training / validation / test split, with the
session's batch size and seed, so every racer draws the same mini-batches in the same order; its
History holds its losses, accuracies and parameter path. The session's model, optimizer and
history are never touched.

Plain events (`Events`, no Qt): `restarted` (racers rebuilt from the session: the dataset, split,
batch size or network changed, or Reset), `stepped(n)`, `diverged(name, message)` and
`settings_changed` (a learning rate, hyper-parameter or racer on/off). The race follows the
session's own events: a data edit, a new split, batch size or seed, or a new network restarts it
(a `lazy` race, one nobody is looking at, only notes that it is `stale` and restarts when next
used, so a hidden panel costs nothing while points are dragged).

Catching up: a racer brought back into a race that has run on restarts and must train every
iteration the race did (50,000 of them take seconds). `set_active` only marks it `catching_up`;
`catch_up(budget_s)` trains it in slices of about `budget_s` seconds, so a window can spread the
work over its frames, and the race waits (`step` does nothing) until every racer is level again.
Its own Trainer draws the same mini-batches in the same order whatever the slices, and the slices
end on the history's recording grid (see `_slice_end`), so they record, and measure, what one call
would: the same numbers to the last bit.

Divergence: a racer whose step leaves the finite numbers is stopped by its Trainer at its last
finite weights; the race records `diverged_at` (the iteration that failed) and steps it no more
until a restart. Every array handed out for drawing is finite.

The picture of the paths: the plane through the common start spanned by the first two principal
components of all active racers' paths together (`landscape.pca_plane`; diverged racers are left
out of the fit, or a path that ran off would be the plane alone), each path projected on it, and
the loss over that plane (`landscape.plane_losses`) on the session's surface sample.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from typing import NamedTuple

import numpy as np

from visualnet.core import MLP, landscape, optimizers
from visualnet.core.protocols import Network
from visualnet.core.race import CatchUpBudget, Entry
from visualnet.core.training import History, Trainer
from visualnet.events import Events
from visualnet.presenters.loss_surface import surface_sample
from visualnet.session import RoleArrays, Session

__all__ = ["DEFAULT_LRS", "DEFAULT_ON", "EVENTS", "START_MODES", "NetworkRace", "Racer", "clone_model"]

Array = np.ndarray
EVENTS = ("restarted", "stepped", "diverged", "settings_changed")
START_MODES = ("initial", "current")
# Learning rates that train a small MLP on the presets (the 2-D playground's are for its functions)
DEFAULT_LRS = {"SGD": 0.1, "Momentum": 0.05, "Nesterov": 0.05, "AdaGrad": 0.05, "RMSprop": 0.005,
               "Adam": 0.01}
DEFAULT_ON = ("SGD", "Momentum", "AdaGrad", "Adam")  # the book's chapter-6 four
# The plane is fitted to evenly thinned paths: the SVD costs (rows² × parameters), and a few dozen
# points per path pin a plane down as well as thousands do. Rows × parameters stays under this:
PCA_FLOATS = 60_000
PCA_POINTS = (8, 256)  # ... with at least / at most this many points per racer
# the session's events that make the race's setup out of date: new data or roles, a new network
_RESTART_ON = ("data_changed", "model_reset")
CATCH_UP_SLICE = 16  # the first slice of a catch-up, in iterations (later ones are sized to the budget)


class _Projection(NamedTuple):
    """A racer's path projected on a plane, kept to project only new records next time."""

    plane: landscape.Plane
    history: History
    stride: int
    coords: Array  # (m, 2)
    iterations: Array  # (m,) the records' iterations when projected


def clone_model(model: Network, params: Mapping[str, Array] | None = None) -> Network:
    """A new model of the same kind and shape as `model`, holding a copy of `params` (default: its own)."""
    # an MLP keeps its features, penalty and dropout ratios; the Perceptron has a fixed shape
    twin: Network = model.copy() if isinstance(model, MLP) else type(model)()
    twin.set_params(model.params if params is None else params)
    return twin


class Racer:
    """One optimizer training its own copy of the network: model, trainer (history), divergence."""

    def __init__(self, entry: Entry) -> None:
        self.optimizer = optimizers.get(entry.optimizer, lr=entry.lr, **dict(entry.hyper))
        self.name = self.optimizer.name
        self.color = entry.color if entry.color is not None else optimizers.NAMES.index(self.name)
        self.active = True
        self.model: Network | None = None
        self.trainer: Trainer | None = None
        self.diverged_at: int | None = None  # the iteration whose step left the finite numbers
        self.message: str | None = None
        self.catching_up = False  # brought back into a race that ran on: iterations still to train
        self._start = np.zeros(0)

    def __repr__(self) -> str:
        return f"Racer({self.optimizer!r}, iteration={self.iteration}, {self.state})"

    @property
    def history(self) -> History:
        """Its training history (losses, accuracies, parameter path)."""
        assert self.trainer is not None
        return self.trainer.history

    @property
    def iteration(self) -> int:
        """Iterations this racer has trained."""
        return 0 if self.trainer is None else self.trainer.iteration

    @property
    def diverged(self) -> bool:
        """True once a step left the finite numbers (until the race restarts)."""
        return self.diverged_at is not None

    @property
    def state(self) -> str:
        """'running', 'catching up', 'diverged' or 'off'."""
        if self.diverged:
            return "diverged"
        if self.catching_up:
            return "catching up"
        return "running" if self.active else "off"

    def last(self, column: str) -> float:
        """The newest finite value of a history column ('train_loss', 'train_acc', ...), or NaN."""
        values = self.history.column(column)
        finite = np.flatnonzero(np.isfinite(values))
        return float(values[finite[-1]]) if len(finite) else math.nan

    def curve(self, column: str = "train_loss") -> tuple[Array, Array]:
        """(iterations, values) of a history column, non-finite entries dropped: safe to plot."""
        h = self.history
        y = np.asarray(h.column(column), float)
        keep = np.isfinite(y)
        return np.asarray(h.iteration, float)[keep], y[keep]

    def path(self) -> Array:
        """(m, P) flattened parameters from the start to now (after a divergence: the weights restored)."""
        p = self.recorded()
        now = self.unrecorded()
        return p if now is None else np.vstack([p, now[None, :]])

    def recorded(self) -> Array:
        """(m, P) the parameters the history recorded; just the start for a network too large for
        the history to keep its parameters (its path is then the straight line to where it is)."""
        p = self.history.params
        return self._start[None, :] if p is None else p

    def unrecorded(self) -> Array | None:
        """The weights now, flattened, if the last recorded point is not them (else None)."""
        h = self.history
        p = self.recorded()
        assert self.model is not None
        now = landscape.flatten(self.model.params)
        if len(p) and h.iteration[-1] == self.iteration and np.array_equal(p[-1], now):
            return None
        # a divergence restores the weights of an unrecorded step; or the parameters are not kept
        return now

    def rebuild(self, model: Network, start: Mapping[str, Array], data: RoleArrays,
                batch_size: int, seed: int) -> None:
        """A fresh copy of `model` at `start`, a fresh trainer on `data`; the optimizer's settings stay."""
        self.model = model = clone_model(model, start)
        self._start = landscape.flatten(model.params)
        # a racer is never scrubbed back: no timeline (six of them would keep six)
        self.trainer = Trainer(model, self.optimizer, *data, batch_size=batch_size, seed=seed,
                               keep_timeline=False)
        self.diverged_at = None
        self.message = None
        self.catching_up = False

    def catch_up_slice(self, target: int, size: int) -> bool:
        """Train about `size` iterations towards iteration `target`, recording as one call to
        `target` would (every point of the history's grid); True if this slice diverged."""
        assert self.trainer is not None
        self.trainer.max_records_per_call = None  # record at every grid point, as frame by frame
        try:
            return self.step(_slice_end(self.history, self.iteration, target, size) - self.iteration)
        finally:
            self.trainer.max_records_per_call = 2

    def step(self, n: int) -> bool:
        """Train up to n iterations; True if this call diverged."""
        if self.diverged or self.trainer is None:
            return False
        report = self.trainer.step(n)
        if report.diverged:
            # the trainer stopped before the iteration that failed (and restored earlier weights)
            self.diverged_at = self.trainer.iteration + 1
            self.message = report.diverged
            return True
        return False


def _slice_end(history: History, start: int, target: int, size: int) -> int:
    """Where a catch-up slice of about `size` iterations from `start` may end: at `target`, or on
    the history's recording grid no later than the record that next thins it.

    A slice's last iteration is always recorded; on the grid it is a record one call would make
    too. Thinning doubles the stride, and a grid point of the old stride may not be one of the new:
    so no slice runs past the record that thins (the history's free rows + 1 grid points ahead).
    Only when the grid is coarser than a slice (a stride of hundreds, after millions of iterations)
    does a slice end between two grid points, so that it still fits its time: the record it leaves
    there is a placeholder that the next record replaces (as a frame's is), so the history comes
    out the same; only that point's loss is measured once more than in one call.
    """
    stride = history.stride
    size = max(1, size)
    room = max(1, history.max_records - len(history) + 1)
    last = (start // stride + room) * stride
    end = min(start + size, last) // stride * stride
    if end <= start:
        end = start + size
    return min(end, target)


class NetworkRace:
    """Optimizers racing on copies of the session's network, from the same weights on the same batches."""

    def __init__(self, session: Session, entries: Iterable[Entry] | None = None,
                 start: str = "initial", follow: bool = True) -> None:
        if start not in START_MODES:
            raise ValueError(f"start must be one of {START_MODES}, got {start!r}")
        self.session = session
        self.events = Events(*EVENTS)
        self.start = start
        if entries is None:
            entries = [Entry(name, DEFAULT_LRS[name]) for name in optimizers.NAMES]
            self.racers = [Racer(e) for e in entries]
            for r in self.racers:
                r.active = r.name in DEFAULT_ON
        else:
            self.racers = [Racer(e) for e in entries]
        self._following = False
        # lazy: the session's changes only mark the race stale; it restarts when next used (a hidden
        # panel then pays nothing per point dragged)
        self.lazy = False
        self.stale = False
        self._last_axes: tuple[Array, Array] | None = None  # the plane's axes last time (orientation)
        # per racer: (plane, history, stride, coordinates, iterations) of the last projection
        self._projected: dict[str, _Projection] = {}
        self._slice = CATCH_UP_SLICE  # iterations in the first slice of the next catch-up call
        self.restart(emit=False)
        if follow:
            self.follow()

    def __repr__(self) -> str:
        return f"NetworkRace(iteration={self.iteration}, {self.racers})"

    # ---------------------------------------------------------------- the session link

    def follow(self) -> None:
        """Restart whenever the session's data, split, batch size or network change."""
        if not self._following:
            for name in _RESTART_ON:
                self.session.events.connect(name, self._invalidate)
            self.session.events.connect("config_changed", self._on_config_changed)
            self._following = True

    def unfollow(self) -> None:
        """Stop listening to the session (call before dropping the race)."""
        if self._following:
            for name in _RESTART_ON:
                self.session.events.disconnect(name, self._invalidate)
            self.session.events.disconnect("config_changed", self._on_config_changed)
            self._following = False

    def _on_config_changed(self) -> None:
        if self.session.model is self._model and self._setup_key() == self._setup:
            return  # e.g. the session's own learning rate or optimizer: nothing the race copies
        self._invalidate()

    def _invalidate(self) -> None:
        if self.lazy:
            self.stale = True
        else:
            self.restart()

    def sync(self) -> bool:
        """Restart now if the session changed while the race was lazy; True if it did."""
        if self.stale:
            self.restart()
            return True
        return False

    def _setup_key(self) -> tuple[object, ...]:
        """What the race copies from the session besides the data (which any data event changes)."""
        cfg = self.session.config
        return (int(cfg.batch_size), int(cfg.seed), tuple(cfg.split))

    # ---------------------------------------------------------------- setup

    @property
    def problem(self) -> str | None:
        """Why the race cannot run on the session's data, in plain words, or None."""
        return self.session.training_problem()

    def start_params(self) -> dict[str, Array]:
        """The weights every racer starts from (copies)."""
        return {k: v.copy() for k, v in self.start_weights.items()}

    def restart(self, emit: bool = True) -> None:
        """Every racer from the session's current state: data, split, batch size, seed, start weights."""
        s = self.session
        self._model = s.model
        self._setup = self._setup_key()
        source = s.initial_params if self.start == "initial" else s.model.params
        self.start_weights = {k: np.array(v, dtype=np.float64) for k, v in source.items()}
        self.start_vector = landscape.flatten(self.start_weights)
        data = self.session.role_arrays()
        for r in self.racers:
            r.rebuild(s.model, self.start_weights, data, int(s.config.batch_size), int(s.config.seed))
        self.iteration = 0
        self.stale = False
        self._last_axes = None
        if emit:
            self.events.emit("restarted")

    reset = restart  # the panel's Reset: all racers back to the start

    def set_start(self, start: str) -> None:
        """Start from the session's 'initial' or 'current' weights (restarts the race)."""
        if start not in START_MODES:
            raise ValueError(f"start must be one of {START_MODES}, got {start!r}")
        self.start = start
        self.restart()

    # ---------------------------------------------------------------- racers and their settings

    def racer(self, which: int | str) -> Racer:
        """A racer by index or optimizer name (case-insensitive)."""
        if isinstance(which, int):
            return self.racers[which]
        for r in self.racers:
            if r.name.lower() == which.strip().lower():
                return r
        raise KeyError(f"no racer {which!r}; have {[r.name for r in self.racers]}")

    @property
    def active(self) -> list[Racer]:
        """The racers taking part."""
        return [r for r in self.racers if r.active]

    @property
    def finished(self) -> bool:
        """True when no active racer can train any more (all diverged, or none active)."""
        return all(r.diverged for r in self.active)

    def set_lr(self, which: int | str, lr: float) -> None:
        """Change one racer's learning rate now; its weights and history stay."""
        lr = float(lr)
        if not (math.isfinite(lr) and lr > 0):
            raise ValueError(f"the learning rate must be a positive number, not {lr}")
        self.racer(which).optimizer.lr = lr
        self.events.emit("settings_changed")

    def set_hyper(self, which: int | str, **hyper: float) -> None:
        """Change one racer's other hyper-parameters (momentum, decay_rate, beta1, beta2) now."""
        opt = self.racer(which).optimizer
        for key, value in hyper.items():
            if key not in opt.hyperparams or key == "lr":
                raise KeyError(f"{opt.name} has no hyper-parameter {key!r}; it has {list(opt.hyperparams)}")
            if not math.isfinite(float(value)):
                raise ValueError(f"{key} must be a finite number, not {value}")
            setattr(opt, key, float(value))
        self.events.emit("settings_changed")

    def set_active(self, which: int | str, active: bool) -> None:
        """Take a racer out, or bring it in: it restarts, to catch up to the race's iteration (catch_up)."""
        r = self.racer(which)
        if active and not r.active:
            s = self.session
            r.rebuild(s.model, self.start_weights, self.session.role_arrays(), int(s.config.batch_size),
                      int(s.config.seed))
            # the iterations are trained by catch_up(), a slice at a time (50,000 take seconds)
            r.catching_up = self.iteration > 0 and self.problem is None
        elif not active:
            r.catching_up = False
        r.active = bool(active)
        self._last_axes = None
        self.events.emit("settings_changed")

    @property
    def catching_up(self) -> list[Racer]:
        """The racers brought back that have not yet trained the race's iterations."""
        return [r for r in self.racers if r.catching_up]

    def catch_up(self, budget_s: float | None = None) -> int:
        """Train the racers brought back towards the race's iteration for about `budget_s` seconds
        (None: all the way); returns the iterations trained. Emits `diverged` for one that diverged."""
        if self.sync():
            return 0  # restarted on the session as it is now: nobody is behind any more
        budget = CatchUpBudget(budget_s, self._slice)
        done, diverged = 0, []
        for r in self.catching_up:
            while r.iteration < self.iteration and not r.diverged:
                before = r.iteration
                if r.catch_up_slice(self.iteration, budget.slice(self.iteration - r.iteration)):
                    diverged.append(r)
                done += r.iteration - before
                if r.iteration == before and not r.diverged:  # nothing to train on: never spin
                    r.catching_up = False
                    break
                if budget.spent():
                    break
            r.catching_up = r.catching_up and r.iteration < self.iteration and not r.diverged
            if r.catching_up:
                break  # out of time: the next call goes on
        self._slice = budget.size  # the next call starts with a slice that fitted this one's budget
        for r in diverged:
            self.events.emit("diverged", r.name, r.message)
        return done

    # ---------------------------------------------------------------- training

    def step(self, n: int = 1) -> int:
        """Train every active racer that has not diverged n iterations; returns n (0 if none can run,
        or while a racer brought back is still catching up: the race waits for it)."""
        self.sync()
        if self.problem is not None or n <= 0 or self.finished or self.catching_up:
            return 0
        diverged = [r for r in self.active if r.step(n)]
        self.iteration += int(n)
        self.events.emit("stepped", int(n))
        for r in diverged:
            self.events.emit("diverged", r.name, r.message)
        return int(n)

    # ---------------------------------------------------------------- the plane of the paths

    def plane(self) -> landscape.Plane:
        """The plane through the start spanned by the first two principal components of the paths.

        The components are those of the displacements from the start (uncentred PCA: the plane must
        pass through the start). `landscape.pca_plane` centres its points at their mean, so it is
        given the displacements together with their mirror images, whose mean is exactly zero: its
        components are then the singular vectors of the displacements themselves. Before any racer
        has moved, two orthonormal random directions stand in (see `_still_plane`).
        """
        start = self.start_vector
        # a racer that ran off to the edge of the finite numbers would be the whole plane alone:
        # the plane follows the ones still running (all of them if none is)
        active = [r for r in self.active if not r.diverged] or self.active
        lo, hi = PCA_POINTS
        keep = min(hi, max(lo, PCA_FLOATS // (2 * max(1, len(active)) * start.size)))
        parts = []
        for r in active:
            d = r.path() - start
            if len(d) > keep:  # evenly thinned, the first and last kept
                d = d[np.linspace(0, len(d) - 1, keep).round().astype(int)]
            parts.append(d)
        D = np.vstack(parts) if parts else np.zeros((1, start.size))
        if not np.any(D) or start.size < 2:
            self._last_axes = None
            return self._still_plane()
        pca = landscape.pca_plane(np.vstack([D, -D]), self.start_weights, center="mean")
        axes = [landscape.flatten(pca.d1), landscape.flatten(pca.d2)]
        mean = D.mean(axis=0)
        for k in range(2):
            # orientation: as last time if there was a last time (no flipping between frames),
            # else so that the racers' mean displacement has a positive coordinate
            ref = self._last_axes[k] @ axes[k] if self._last_axes is not None else mean @ axes[k]
            if ref < 0:
                axes[k] = -axes[k]
        self._last_axes = (axes[0].copy(), axes[1].copy())
        d1, d2 = (landscape.unflatten(u, self.start_weights) for u in axes)
        return landscape.Plane(self.start_params(), d1, d2, "pca", pca.explained)

    def _still_plane(self) -> landscape.Plane:
        """The plane before anyone moved: two orthonormal filter-normalised random directions, or
        (no weight matrix to normalise by, as the perceptron's) the first two parameters' axes."""
        weights = self.start_weights
        if any(np.ndim(v) >= 2 and np.any(v) for v in weights.values()):
            u1, u2 = landscape.orthonormal_directions(weights, seed=int(self.session.config.seed))
            return landscape.Plane(self.start_params(), u1, u2, "random")
        axes = np.eye(2, self.start_vector.size)
        d1, d2 = (landscape.unflatten(u, weights) for u in axes)
        return landscape.Plane(self.start_params(), d1, d2, "axes")

    def project(self, plane: landscape.Plane) -> dict[str, Array]:
        """Each racer's path in plane coordinates (a, b), (m, 2), finite; the start is (0, 0).

        The race's planes have orthonormal axes (singular vectors, or orthonormalised random
        directions), so `landscape.project`'s least squares reduces to two dot products per point.
        On the same plane only the records added since the last call are projected: a frame then
        costs a few rows, not the whole path (the history's thinning starts it over).
        """
        basis = np.stack([landscape.flatten(plane.d1), landscape.flatten(plane.d2)], axis=1)  # (P, 2)
        origin = landscape.flatten(plane.center) @ basis
        out = {}
        with np.errstate(all="ignore"):
            for r in self.racers:
                out[r.name] = self._project_racer(r, plane, basis, origin)
        return out

    def _project_racer(self, r: Racer, plane: landscape.Plane, basis: Array, origin: Array) -> Array:
        h = r.history
        records = r.recorded()
        cached = self._projected.get(r.name)
        coords = np.empty((len(records), 2))
        done = 0
        if cached is not None and cached.plane is plane and cached.history is h and cached.stride == h.stride:
            done = min(len(cached.coords), len(records))
            # the newest record may be replaced by a later one: keep only rows known to be unchanged
            while done and h.iteration[done - 1] != cached.iterations[done - 1]:
                done -= 1
            done = max(0, done - 1)
            coords[:done] = cached.coords[:done]
        coords[done:] = records[done:] @ basis - origin  # (p - c)·u without an (m, P) temporary
        coords = np.nan_to_num(coords, nan=0.0, posinf=0.0, neginf=0.0)
        self._projected[r.name] = _Projection(plane, h, h.stride, coords, np.array(h.iteration))
        now = r.unrecorded()
        if now is not None:  # one more point: where the racer is
            coords = np.vstack([coords, np.nan_to_num(now[None, :] @ basis - origin)])
        return coords

    def surface(self, plane: landscape.Plane, alphas: Array, betas: Array) -> Array:
        """(len(betas), len(alphas)) training loss over the plane (rows follow b), finite."""
        X, t = surface_sample(self.session)
        if X is None or len(X) == 0:
            return np.zeros((len(betas), len(alphas)))
        # any racer's copy computes it: the plane's parameters are given, not read from the copy
        model = self.racers[0].model
        assert model is not None
        return landscape.plane_losses(model, X, t, plane, alphas, betas)
