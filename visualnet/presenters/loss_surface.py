"""The loss-surface math over a session: the training sample it uses, the loss over two chosen
parameters, over a plane (random directions, PCA of the path), along the line from the initial
weights, and the path and next step projected on each.

`Session` keeps the state (the model, the history, `surface_params`); `LossSurface` reads it and keeps
what is expensive to make again (the sample, a plane's projected path) until what it came from changes.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from visualnet.core import fast_mlp, grids, landscape
from visualnet.core.protocols import Network
from visualnet.core.training import History
from visualnet.session import ROLE_TRAIN, SURFACE_MAX_POINTS, Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, TranslatableError, Translate, untranslated

Array = npt.NDArray[np.float64]
Param = tuple[str, int]  # (key in model.params, flat index)
Limits = tuple[float, float]


def surface_sample(session: Session) -> tuple[Array, Array]:
    """The training points the loss surface is computed on (X, t): all, or a fixed sample of large sets.

    The surface costs (grid cells × points); past SURFACE_MAX_POINTS a random subset seeded by the
    session's seed keeps it interactive. Slices through the sample are exact for that sample.
    """
    train = session.indices(ROLE_TRAIN)
    if len(train) > SURFACE_MAX_POINTS:
        rng = np.random.default_rng(session.config.seed)
        train = train[np.sort(rng.choice(len(train), SURFACE_MAX_POINTS, replace=False))]
    return session.dataset.inputs()[train], session.dataset.targets()[train]


SAMPLE_NOTES = {  # exact (the surface and its arrow) or not
    True: QT_TRANSLATE_NOOP("LossSurface", "Surface and arrow use a fixed random sample of {sample} of the "
                            "{n} training points."),
    False: QT_TRANSLATE_NOOP("LossSurface", "Uses a fixed random sample of {sample} of the {n} training "
                             "points."),
}


def sample_note(session: Session, exact: bool, translate: Translate = untranslated) -> str:
    """' Surface and arrow use a fixed random sample of 1,000 of the N training points.' (large sets)."""
    n = session.role_counts()[ROLE_TRAIN]
    if n <= SURFACE_MAX_POINTS:
        return ""
    note = SAMPLE_NOTES[exact]
    return " " + Message(note, sample=f"{SURFACE_MAX_POINTS:,}", n=f"{n:,}").text(translate)


TOO_LARGE = QT_TRANSLATE_NOOP("LossSurface", "this network is too large for its training path to be recorded")
FEW_STEPS = QT_TRANSLATE_NOOP("LossSurface", "train a few steps first: the plane follows the training path")


def ending_now(rows: Array, now: Array) -> Array:
    """The finite rows (m, P), then the parameters of now (P,) unless they are the last row: the path."""
    path = rows[np.isfinite(rows).all(axis=1)]
    if len(path) and np.array_equal(path[-1], now):
        return path
    stacked: Array = np.vstack([path, now])
    return stacked


def pca_plane(path: Array, like: Mapping[str, Array]) -> landscape.Plane:
    """landscape.pca_plane of a recorded path, or in plain words why there is none (it stands still)."""
    if len(path) < 3 or not np.ptp(path, axis=0).any():
        raise TranslatableError(FEW_STEPS)
    return landscape.pca_plane(path, like)


def path_on_plane(projection: landscape.PathProjection, rows: Array, keys: Array, shown: int,
                  now: Array) -> Array:
    """The first `shown` recorded rows (m, P), keyed by their iterations, then the parameters of now
    unless they are the last of them, on the projection's plane: the finite points (k, 2)."""
    coords: Array = projection(rows, keys)[:shown]
    if len(coords) == 0 or not np.array_equal(rows[len(coords) - 1], now):
        coords = np.vstack([coords, landscape.project(now, projection.plane)])
    finite: Array = coords[np.isfinite(coords).all(axis=1)]
    return finite


class LossSurface:
    """The loss-surface modes of one session: exact slice, random or PCA plane, line."""

    def __init__(self, session: Session) -> None:
        self.session = session
        # the sample is asked for every frame (the arrow) and every surface: made once per dataset,
        # roles and seed, compared by identity (the session replaces those arrays on every edit)
        self._sample_of: tuple[object, ...] = ()
        self._sample: tuple[Array, Array] = (np.empty((0, 2)), np.empty(0))
        # the plane's path: only records new since the last call are projected
        self._projected_history: History | None = None
        self._projected_revision = -1  # the history's revision the projection is of
        self._projection: landscape.PathProjection | None = None

    # ---------------------------------------------------------------- the training sample

    def sample(self) -> tuple[Array, Array]:
        """`surface_sample(session)`, made once per dataset, roles and seed; read-only arrays."""
        s = self.session
        key = (s.dataset, s.roles, s.config.seed)
        made = self._sample_of
        if len(made) == len(key) and all(a is b for a, b in zip(made, key, strict=True)):
            return self._sample
        X, t = surface_sample(s)
        for a in (X, t):
            a.flags.writeable = False  # shared by every caller until the data changes
        self._sample_of, self._sample = key, (X, t)
        return X, t

    def forward_cost(self) -> int:
        """Multiply-adds of one loss over the sample: what one grid sample of a surface costs."""
        X, _ = self.sample()
        return len(X) * grids.forward_cost(self.session.model)

    # ---------------------------------------------------------------- two parameters (exact)

    def values(self) -> tuple[float, float]:
        """The current values of the two surface parameters."""
        (k1, i1), (k2, i2) = self.session.surface_params
        params = self.session.model.params
        return float(params[k1].flat[i1]), float(params[k2].flat[i2])

    def path(self) -> Array:
        """The path the two surface parameters took during training, (m, 2)."""
        hist = self.session.history
        params = hist.params_array()
        if len(params) == 0:
            return np.empty((0, 2))
        cols = [hist.flat_index(k, i) for k, i in self.session.surface_params]
        path: Array = params[: self._records_shown(), cols]
        return path

    def _records_shown(self) -> int:
        """How many history records lead up to the weights shown: all, or those up to the iteration the
        timeline shows (the path then ends there, as it did at that iteration)."""
        hist, shown = self.session.history, self.session.shown_iteration
        return len(hist) if shown is None else int(np.searchsorted(hist.iteration, shown, side="right"))

    def slice_losses(self, lim1: Limits, lim2: Limits, res: int = 41, model: Network | None = None,
                     sample: tuple[Array, Array] | None = None, params: tuple[Param, Param] | None = None,
                     ) -> Array:
        """The training loss over the two surface parameters, others held: (res, res), rows = p2.

        Of the session's model, sample and parameters, or of those given (a worker thread's copies).
        """
        X, t = self.sample() if sample is None else sample
        p1, p2 = self.session.surface_params if params is None else params
        v1, v2 = np.linspace(*lim1, res), np.linspace(*lim2, res)
        losses: Array = grids.loss_slice(self.session.model if model is None else model, X, t, p1, p2, v1, v2)
        return losses

    def gradient(self) -> tuple[float, float]:
        """The training-loss gradient along the two surface parameters, at the current weights.

        Over `sample()`: every training point up to SURFACE_MAX_POINTS, else the same fixed sample
        the surface is computed on, so the arrow is the next full-batch step on that surface.
        """
        X, t = self.sample()
        if len(X) == 0:
            return 0.0, 0.0
        (k1, i1), (k2, i2) = self.session.surface_params
        with np.errstate(all="ignore"):  # asked every frame the weights changed: the fast route's
            grads = fast_mlp.gradient(self.session.model, X, t)
        return float(grads[k1].flat[i1]), float(grads[k2].flat[i2])

    # ---------------------------------------------------------------- planes (issue 5)

    def plane(self, kind: str, seed: int = 0) -> landscape.Plane:
        """The plane of a loss-surface mode through the current parameters.

        kind "random": two filter-normalised orthonormal random directions from `seed`; "pca": the
        first two principal components of the recorded training path (ending at the current
        parameters). Raises ValueError, in plain words, when the plane does not exist.
        """
        self.check_plane(kind)
        params = self.session.model.params
        if kind == "random":
            return landscape.random_plane(params, seed)
        return pca_plane(self.recorded_path(), params)

    def recorded_path(self) -> Array:
        """The recorded parameters (m, P), finite rows only, ending at the current parameters."""
        path = self.session.history.params
        if path is None:
            raise TranslatableError(TOO_LARGE)
        return ending_now(path[: self._records_shown()], landscape.flatten(self.session.model.params))

    def check_plane(self, kind: str) -> None:
        """Raise, in plain words, what is sure to stop the plane of `kind` at a glance (`plane` may
        still find the path standing still); nothing slow: the plane itself may be found elsewhere."""
        if kind == "random":
            if not any(np.ndim(v) >= 2 and np.any(v) for v in self.session.model.params.values()):
                raise TranslatableError(QT_TRANSLATE_NOOP(
                    "LossSurface", "random directions need a weight matrix: choose an MLP"))
        elif kind == "pca":
            if self.session.history.params is None:
                raise TranslatableError(TOO_LARGE)
            if self._records_shown() < 2:  # with the parameters of now: fewer than three points
                raise TranslatableError(FEW_STEPS)
        else:
            raise ValueError(f"unknown plane {kind!r}")

    def records(self) -> tuple[Array, Array, int, int]:
        """Copies of the recorded parameter vectors (m, P) and their iterations (m,), how many lead up to
        the weights shown, and the history's revision: what a worker finds a plane from ((0, P) where
        none are recorded)."""
        hist = self.session.history
        rows = hist.params
        if rows is None:
            return np.empty((0, hist.param_size)), np.empty(0, np.int64), 0, hist.revision
        return rows.copy(), hist.iteration.copy(), self._records_shown(), hist.revision

    def adopt(self, projection: landscape.PathProjection, revision: int) -> None:
        """Keep a projection of this session's records found elsewhere (a worker's, on a new plane, of the
        records as they were at `revision`): `plane_path` on its plane then projects only the records
        that came since, unless records were rewritten or cut meanwhile (a rewind: then all again)."""
        self._projection, self._projected_history = projection, self.session.history
        self._projected_revision = revision

    def plane_losses(self, plane: landscape.Plane, lim1: Limits, lim2: Limits, res: int = 41,
                     model: Network | None = None, sample: tuple[Array, Array] | None = None) -> Array:
        """The training loss over a plane: (res, res), columns along its first axis, rows its second
        (of the session's model and sample, or of those given)."""
        X, t = self.sample() if sample is None else sample
        alphas, betas = np.linspace(*lim1, res), np.linspace(*lim2, res)
        losses: Array = landscape.plane_losses(self.session.model if model is None else model, X, t, plane,
                                               alphas, betas)
        return losses

    def plane_path(self, plane: landscape.Plane) -> Array:
        """The training path and then the current parameters, projected on the plane: (m, 2).

        Rows that are not finite (a diverged step) are left out. Called every frame: only the
        records that are new since the last call with the same plane are projected.
        """
        hist = self.session.history
        now = landscape.flatten(self.session.model.params)
        if hist.params is None:  # a network too large for its path to be recorded: just "now"
            only_now: Array = landscape.project(now, plane)
            return only_now
        projection = self._projection
        # the cache holds while the records it projected stay (a rewind cuts them: a new run may then
        # record the same iterations, which a projection keyed by iteration cannot tell apart)
        if (self._projected_history is not hist or projection is None or projection.plane is not plane
                or self._projected_revision != hist.revision):
            projection = self._projection = landscape.PathProjection(plane)
            self._projected_history, self._projected_revision = hist, hist.revision
        return path_on_plane(projection, hist.params, hist.iteration, self._records_shown(), now)

    # ---------------------------------------------------------------- the line

    def line_losses(self, n: int = 61, extend: float = 0.25) -> tuple[Array, Array]:
        """The training loss along the line from the initial (0) to the current (1) parameters.

        Returns (alphas, losses), going `extend` beyond both ends; 0 and 1 are among the alphas.
        """
        X, t = self.sample()
        s = self.session
        alphas, losses = landscape.interpolation(s.model, X, t, s.initial_params, n=n, extend=extend)
        return alphas, losses
