"""What the loss-surface view draws, as arrays and plain values, and when its surface is recomputed.

Four modes: two parameters (exact), random directions, PCA of the training path (both planes through
the current parameters), and the 1-D line from the initial to the current weights (see
`visualnet.app.views.loss_surface_view`). `SurfacePresenter` keeps the axes' window (sticky: it moves
only when the path leaves it), the plane, the rate limit of the surface (at most every
SURFACE_INTERVAL_S while training runs, never more than MAX_DUTY of the time, held back while points
are dragged), the next-step arrow and the caption. Whether the surface is behind is read from the
session (the trainer's iteration, the data arrays), so a view that was hidden catches up when shown.
The gradient field (`presenters.gradient_field`), when switched on, is computed with the surface and
never in between; `step_readout` writes the next step W ← W − η·g out with the arrow's gradient.

"What to compute" and "show it" are apart (`presenters.surface_jobs`): a due surface is a
`SurfaceRequest` (the window, a copy of the model, the sample, the plane or a PCA plane to find, the
grid), `compute(request)` reads nothing else, so the view may run it on a worker thread (`deferred`);
`receive(result)` keeps the newest request's result for the next `frame()`, which shows it with its plane
and window. Meanwhile the old surface stays, its age (training steps since its weights) in the caption;
results of outdated requests are dropped.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from visualnet.core import grids
from visualnet.core.landscape import Plane
from visualnet.netrace import clone_model
from visualnet.presenters import gradient_field
from visualnet.presenters.geometry import PARAM_LIMIT, Box, PathThinner, Window, dot_indices, drawable
from visualnet.presenters.loss_surface import LossSurface, sample_note
from visualnet.presenters.param_names import Param, param_label, scalar_params
from visualnet.presenters.surface_jobs import (
    MAX_DECADES,
    N_CONTOURS,
    PlaneJob,
    Problem,
    SurfaceImage,
    SurfaceRequest,
    SurfaceResult,
    compute,
    find_plane,
    problem_of,
    window_around,
)
from visualnet.presenters.surface_numbers import LOSS_CAP, arrow_scale, two_digits, update_text
from visualnet.session import ROLE_TRAIN, Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, Translate, untranslated

# what the view and the tests import from here (the request and its computation live in surface_jobs)
__all__ = ["LINE_EXTEND", "LINE_POINTS", "LINE_SHRINK", "MAX_DECADES", "MAX_DOTS", "MODES", "N_CONTOURS",
           "SURFACE_RES", "LineFrame", "Marks", "Problem", "SurfaceFrame", "SurfaceImage",
           "SurfacePresenter", "SurfaceRequest", "SurfaceResult"]

Array = npt.NDArray[np.float64]

SURFACE_RES = 41  # samples per axis of the surface, fewer for a large network (grids.SURFACE_BUDGET)
MIN_RES = 5  # ... but never fewer than this: a coarser surface would show nothing
SURFACE_INTERVAL_S = 0.1  # recompute the surface at most this often while training runs
MAX_DUTY = 0.25  # ... and never spend more than this fraction of wall time on it
MIN_SPAN = 2.0  # the window is never narrower than this along either parameter (or α, β: [-1, 1])
PCA_MIN_SPAN = 0.5  # ... or along a principal component (plain parameter-space distance)
MAX_DOTS = 40  # the path's dots are thinned to at most this many
AGE_EVERY_S = 0.25  # the caption says the surface's growing age at most this often

LINE_POINTS = 61  # the 1-D line: about this many losses from t = -LINE_EXTEND to 1 + LINE_EXTEND
MIN_LINE_POINTS = 11  # ... fewer for a large network (grids.LINE_BUDGET), but never fewer than this
LINE_EXTEND = 0.25
LINE_SHRINK = 0.3  # the line's loss range is kept until the losses fill less than this share of it

# (key, combo text, tooltip): marked texts, translated where the combo box shows them
MODES = (
    ("exact", QT_TRANSLATE_NOOP("LossSurface", "Two parameters"),
     QT_TRANSLATE_NOOP("LossSurface", "Exact: the loss as two chosen parameters vary, every other one held")),
    ("random", QT_TRANSLATE_NOOP("LossSurface", "Random directions"),
     QT_TRANSLATE_NOOP("LossSurface", "A plane through the current weights along two random directions, "
                                      "filter-normalised (Li et al., 2018) and orthonormal")),
    ("pca", QT_TRANSLATE_NOOP("LossSurface", "PCA of the path"),
     QT_TRANSLATE_NOOP("LossSurface", "The plane of the training path's first two principal components, "
                                      "through the current weights")),
    ("line", QT_TRANSLATE_NOOP("LossSurface", "1-D line"),
     QT_TRANSLATE_NOOP("LossSurface", "The loss along the straight line from the initial to the current "
                                      "weights")),
)
PLANE_MODES = ("random", "pca")

# the captions' sentences (a value in braces is filled in after translating)
NO_SURFACE = QT_TRANSLATE_NOOP("LossSurface", "No loss surface: {problem}.")
NO_LINE = QT_TRANSLATE_NOOP("LossSurface", "No loss line: {problem}.")
SAME_PARAMETER = QT_TRANSLATE_NOOP("LossSurface", "choose two different parameters")
RANDOM_CAPTION = QT_TRANSLATE_NOOP("LossSurface", "Random directions (seed {seed}), filter-normalised, "
                                   "orthonormal, through the current weights; the path projected on them.")
PCA_CAPTION = QT_TRANSLATE_NOOP("LossSurface", "The path's two main directions, through the current weights; "
                                "the path projected on them.")
ONE_HELD = QT_TRANSLATE_NOOP("LossSurface", "{name} fixed at its current value.")
OTHERS_HELD = QT_TRANSLATE_NOOP("LossSurface", "Other {n} parameters fixed at their current values.")
ARROW_SCALED = QT_TRANSLATE_NOOP("LossSurface", " Arrow = next step −lr·∇L {factor}.")
COARSER = QT_TRANSLATE_NOOP("LossSurface", "{n}×{n}, coarser for this many weights and points")
REFRESHED = QT_TRANSLATE_NOOP("LossSurface", " Surface refreshed every {steps} steps ({size}, {ms} ms).")
SURFACE_AT = QT_TRANSLATE_NOOP("LossSurface", " Surface at {size}.")
SURFACE_AGE = QT_TRANSLATE_NOOP("LossSurface", " Surface from {steps} steps ago.")
LINE_CAPTION = QT_TRANSLATE_NOOP("LossSurface", "The loss on the straight line from the initial weights "
                                 "(t = 0) to the current ones (t = 1), and {extend} beyond.")
LINE_POINTS_NOTE = QT_TRANSLATE_NOOP("LossSurface", " {n} points along it, fewer for this many weights and "
                                     "points.")
ALPHA_AXIS = QT_TRANSLATE_NOOP("LossSurface", "α   (1 = the length of the weights)")


# ------------------------------------------------------------------ what a frame draws

@dataclass(frozen=True)
class SurfaceFrame:
    """What the 2-D map shows this frame: the window, a new surface if one is due, the points."""

    problem: Problem | None  # why there is no surface (said in the caption), or None
    window: Window
    new_window: bool  # the window moved: the plot's range and the overlay's bounds follow
    new_plane: bool  # another plane (PCA: the axes' explained variances changed)
    image: SurfaceImage | None  # a recomputed surface, else None (the last one stays)
    catch_up_ms: int | None  # the surface is behind: recompute it after this long unless a frame does
    path: Array  # (m, 2) the whole path, finite and clipped
    box: Box | None  # its corners
    current: Array  # (2,) the current point
    request: SurfaceRequest | None = None  # deferred: a surface to compute, on a worker (the view's)


@dataclass(frozen=True)
class Marks:
    """The overlay's marks: the thinned path and its dots (None: unchanged), the point, the arrow."""

    path: Array | None
    dots: Array | None
    marker: Array | None
    arrow: Array | None  # (2, 2) start and tip, or None


@dataclass(frozen=True)
class LineFrame:
    """The 1-D mode: the loss along the line, its two ends, the loss axis's range, the caption."""

    problem: Problem | None
    alphas: Array
    losses: Array
    ends: Array  # (2,) the losses at t = 0 and t = 1
    loss_range: tuple[float, float] | None  # a new range for the loss axis, or None (keep it)
    caption: str


class SurfacePresenter:
    """The loss-surface view's state and decisions, from the session; no Qt."""

    def __init__(self, session: Session, clock: Callable[[], float] = time.perf_counter) -> None:
        self.session = session
        self.surface = LossSurface(session)
        self.clock = clock  # tests inject their own
        self.surface_interval_s = SURFACE_INTERVAL_S
        self.max_res = SURFACE_RES
        self.res = SURFACE_RES  # of the surface shown: max_res, or fewer for a large network
        self.line_points = LINE_POINTS  # of the line shown: LINE_POINTS, or fewer
        self.mode = "exact"  # a key of MODES
        self.seed = 0  # the random directions' seed ("New directions" counts it up)
        self.plane: Plane | None = None  # the plane the shown surface was computed on
        self.plane_problem: Problem | None = None  # why there is no plane (PCA before training, ...)
        self.window: Window | None = None  # the axes' ranges the surface is computed and shown over
        self.contour_levels: Array = np.zeros(0)
        self.line_range: tuple[float, float] | None = None
        self.surface_dirty = True
        self.surface_time = -math.inf  # clock() of the last recompute
        self.surface_ms = 0.0
        self.edit_time = -math.inf  # clock() of the last data edit
        self.steps_per_surface = 0  # training steps between the last two recomputes
        self.arrow_scale = 1.0
        self.field_on = False  # the gradient field is computed with the surface while this is True
        self.deferred = False  # True: frame() hands a due surface out as a request (a worker computes it)
        self.pending: SurfaceRequest | None = None  # the request being computed elsewhere
        self.shown_iteration = 0  # the trainer's iteration of the surface shown
        self.job_problem: Problem | None = None  # why the last computation failed, or None
        self._arrived: SurfaceResult | None = None  # the pending request's result, shown by the next frame
        self._image_of: tuple[object, ...] | None = None  # (mode, seed, model, params) of the image shown
        self._round_scale = 1.0  # the round factor the arrow was drawn with (before any shortening)
        self._shown_for: tuple[object, Param, Param] | None = None  # (model, *surface_params) shown
        self._surface_from: tuple[object, object, object] | None = None  # (trainer, dataset, roles) ...
        self._surface_iteration = 0  # ... and the trainer's iteration then
        self._gradient: tuple[tuple[object, ...], tuple[float, float]] | None = None
        self._problem: tuple[tuple[object, ...], Problem | None] | None = None
        self._thin = PathThinner("arc")  # the drawn path: a vertex per pixel, the new part only
        self._caption_key: tuple[object, ...] = ()
        self._caption_age = 0  # the age the caption says, and when it said it
        self._caption_said = -math.inf
        self.age_every_s = AGE_EVERY_S

    # ---------------------------------------------------------------- what changed

    def out_of_date(self) -> bool:
        """Whether the model or the two parameters changed since the view was set up for them."""
        s = self.session
        shown = self._shown_for
        return shown is None or shown[0] is not s.model or shown[1:] != s.surface_params

    def follow_model(self) -> bool:
        """Start afresh for the session's model and parameters; True when the model is another one."""
        s = self.session
        new_model = self._shown_for is None or self._shown_for[0] is not s.model
        if new_model:
            self.plane = None
        self._shown_for = (s.model, *s.surface_params)
        self.window = None
        self.line_range = None
        self.surface_dirty = True
        self._abandon()
        self._mark_surface_current()
        self.steps_per_surface = 0
        return new_model

    def set_mode(self, mode: str) -> None:
        """Another mode: a new window (and plane, path and line range) from scratch."""
        self.mode = mode
        self.plane = None
        self.line_range = None
        self.window = None
        self.surface_dirty = True
        self._abandon()
        self._thin = PathThinner("arc")

    def reseed(self) -> None:
        """Other random directions."""
        self.seed += 1
        self.plane = None
        self.window = None
        self.surface_dirty = True
        self._abandon()

    def _abandon(self) -> None:
        """What is being computed is for another mode, model or plane: never show it."""
        self.pending = self._arrived = None
        self.job_problem = None

    def receive(self, result: SurfaceResult) -> bool:
        """A computed surface arrived: kept for the next frame if it answers the newest request."""
        if result.request is not self.pending:
            return False  # an outdated request (another window, mode or model since): dropped
        self._arrived = result
        return True

    def failed(self, request: SurfaceRequest | None, error: Exception) -> bool:
        """The newest request's computation raised: its error is said in the caption, as a problem."""
        if request is not None and request is not self.pending:
            return False
        problem = problem_of(error) if isinstance(error, ValueError) else f"{type(error).__name__}: {error}"
        return self.receive(SurfaceResult(self.pending, None, problem, 0.0)) if self.pending else False

    def image_matches(self) -> bool:
        """Whether the image shown is of this mode, seed, model and parameters (not one being replaced)."""
        s = self.session
        return self._image_of == (self.mode, self.seed, s.model, s.surface_params)

    def age(self) -> int:
        """Training steps since the weights of the surface shown."""
        return max(0, self.session.trainer.iteration - self.shown_iteration)

    def set_field(self, on: bool) -> None:
        """Draw the gradient field (or not): a field switched on comes with the next surface, at once."""
        self.field_on = on
        self.surface_dirty = self.surface_dirty or on

    def data_edited(self) -> None:
        """Points were edited: the surface waits until the edits pause for a whole interval (a drag
        edits once per mouse move: it never pays for a surface per move)."""
        self.edit_time = self.clock()

    def behind(self) -> bool:
        """Whether training steps or data edits happened since the surface was computed."""
        s = self.session
        made = self._surface_from
        return (made is None or s.trainer.iteration != self._surface_iteration
                or made[0] is not s.trainer or made[1] is not s.dataset or made[2] is not s.roles)

    def _mark_surface_current(self) -> None:
        s = self.session
        self._surface_from = (s.trainer, s.dataset, s.roles)
        self._surface_iteration = s.trainer.iteration

    def surface_drawn(self, ms: float) -> None:
        """The view took `ms` more to show the new surface: it counts towards the duty limit."""
        self.surface_ms += ms

    def interval(self) -> float:
        """Seconds between two recomputes while training runs or points are dragged."""
        # a slow surface (a wide first layer, many points) also waits MAX_DUTY's share of frame time
        return self.surface_interval_s and max(self.surface_interval_s, self.surface_ms / 1000 / MAX_DUTY)

    def training_problem(self) -> Problem | None:
        """`session.training_problem()`, asked again only when the data, the roles or the model kind
        changed (the session replaces its dataset and roles arrays on every edit)."""
        s = self.session
        key = (s.dataset, s.roles, s.config.model)
        cached = self._problem
        if cached is None or not all(a is b for a, b in zip(cached[0], key, strict=True)):
            self._problem = cached = key, s.training_problem()
        return cached[1]

    # ---------------------------------------------------------------- the 2-D map

    def frame(self) -> SurfaceFrame:
        """This frame's window, points and (when due) a new surface: computed here, or handed out as a
        request when `deferred` (the surface shown stays until its result arrives: `receive`)."""
        s = self.session
        problem = self.training_problem()
        if self.mode == "exact" and s.surface_params[0] == s.surface_params[1]:
            # a model reset can clamp both indices onto the same entry (session.py's _build_model)
            problem = problem or SAME_PARAMETER
        wait = self.interval()
        now = self.clock()
        due = now - self.surface_time >= wait and now - self.edit_time >= wait
        behind = self.behind()
        plane, old_window = self.plane, self.window
        image = self._take_arrived()  # a surface computed elsewhere: shown with its plane and window
        # one computation at a time: while one runs, training steps wait for the next (no starving)
        recompute = self.surface_dirty or (behind and due and self.pending is None)
        plane_job = None
        # a first plane: unless one is being found, or the last try found none (then it is tried again
        # with the next surface due: training moved the path)
        first = self.plane is None and self.pending is None and self.job_problem is None
        if self.mode in PLANE_MODES and problem is None and (first or recompute):
            # a new plane through the current parameters (the surface follows them): deferred, found on
            # the worker with its surface (the path's principal components, its projection are the
            # slow part) while the path stays on the plane shown; else here, at once
            plane_job = self._plane_job()
            if plane_job is None:
                self.plane = None  # there is none now: `plane_problem` says why
            elif not self.deferred:
                self._find_here(plane_job)
                plane_job = None
        if self.mode in PLANE_MODES and self.plane is None:
            problem = problem or self.plane_problem
        path, box, current = self._points()
        window = self._window_around(path, box, current)
        if window != self.window:
            self.window = window
            self.surface_dirty = True
        request, catch_up = None, None
        if problem is None and (self.surface_dirty or (behind and due and self.pending is None)):
            if plane_job is not None:  # its window kept if it holds the path: the one shown (if any)
                shown = self.window if self.plane is not None else None
                request = self._request(self.window, None, replace(plane_job, window=shown))
            else:
                request = self._request(window, self.plane)
            if not self.deferred:
                image, request = self._apply(self.compute(request)), None
        elif behind and self.pending is None:
            catch_up = int(min(max(1.0, 1000 * wait), 2**31 - 1))  # QTimer takes an int32
        if self.job_problem is not None:
            problem = problem or self.job_problem
        return SurfaceFrame(problem, self.window, self.window != old_window, self.plane is not plane, image,
                            catch_up, path, box, current, request)

    def marks(self, frame: SurfaceFrame, pixel: tuple[float, float]) -> Marks:
        """The overlay's marks for a frame, the path thinned for a screen pixel of `pixel` data units."""
        # thousands of sub-pixel steps near a minimum: draw one vertex per pixel of path
        drawn, changed = self._thin(frame.path, pixel)
        path = frame.path
        dots = path[dot_indices(len(path), MAX_DOTS)] if changed else None
        marker = frame.current if self.mode == "exact" or self.plane is not None else None
        arrow = self._arrow(frame.current, frame.problem is None and self.mode == "exact")
        return Marks(drawn if changed else None, dots, marker, arrow)

    def _plane_job(self) -> PlaneJob | None:
        """A new plane of the mode to find (copies of the parameters and the records); None where there
        can be none (`plane_problem` then says why)."""
        self.surface_dirty = True
        try:
            self.surface.check_plane(self.mode)
        except ValueError as err:
            self.plane_problem = problem_of(err)
            return None
        self.plane_problem = None
        like = {k: np.array(v) for k, v in self.session.model.params.items()}
        return PlaneJob(self.mode, self.seed, like, *self.surface.records(), self.window, self._min_span())

    def _find_here(self, job: PlaneJob) -> None:
        """Find the job's plane now, on this thread (the surface is computed here too)."""
        try:
            found = find_plane(job)
        except ValueError as err:
            self.plane, self.plane_problem = None, problem_of(err)
            return
        self.plane = found.plane
        self.surface.adopt(found.projection, job.revision)

    def _points(self) -> tuple[Array, Box | None, Array]:
        """The path (m, 2) in the axes' coordinates, finite and clipped, its box, and the current point."""
        if self.mode == "exact":
            # clipped into the drawable range, and a NaN (overflowed) value drawn at 0
            current = [0.0 if math.isnan(v) else min(max(v, -PARAM_LIMIT), PARAM_LIMIT)
                       for v in self.surface.values()]
            return *drawable(self.surface.path()), np.array(current)
        if self.plane is None:
            return np.empty((0, 2)), None, np.zeros(2)
        # the recorded path ends at the current parameters: its last projected point is "now"
        coords, box = drawable(self.surface.plane_path(self.plane))
        return coords, box, (coords[-1] if len(coords) else np.zeros(2))

    def _window_around(self, path: Array, box: Box | None, current: Array) -> Window:
        """surface_jobs.window_around the path and the current point, from the window shown."""
        return window_around(path, box, current, self.window, self._min_span())

    def _min_span(self) -> float:
        return PCA_MIN_SPAN if self.mode == "pca" else MIN_SPAN

    def _request(self, window: Window, plane: Plane | None,
                 plane_job: PlaneJob | None = None) -> SurfaceRequest:
        """What the next surface is computed from, taken now; it becomes the pending request."""
        s = self.session
        X, t = self.surface.sample()
        res = self._budget(grids.SURFACE_BUDGET, self.max_res, MIN_RES, dims=2)
        # a gradient is a forward and a backward pass: about three forward passes' multiply-adds
        field_res = grids.budget_res(gradient_field.FIELD_BUDGET, 3 * self.surface.forward_cost(),
                                     gradient_field.FIELD_RES, gradient_field.FIELD_MIN_RES, dims=2)
        # training changes the model's arrays in place every step: a worker computes on a copy
        model = clone_model(s.model) if self.deferred else s.model
        request = SurfaceRequest(self.mode, window, res, model, (X, t), s.surface_params,
                                 plane if self.mode in PLANE_MODES else None,
                                 field_res if self.field_on else 0, s.trainer.iteration, plane_job)
        self.pending = request
        self.surface_dirty = False
        self.surface_time = self.clock()
        self.steps_per_surface = max(0, s.trainer.iteration - self._surface_iteration)
        self._mark_surface_current()
        return request

    def compute(self, request: SurfaceRequest) -> SurfaceResult:
        """`surface_jobs.compute` of the request with this presenter's surface math: safe on a worker."""
        return compute(self.surface, request)

    def _take_arrived(self) -> SurfaceImage | None:
        """The surface that arrived since the last frame (deferred), applied; None if none did."""
        result, self._arrived = self._arrived, None
        if result is None:
            return None
        if result.found is not None:
            job = result.request.plane_job
            self.plane = result.found.plane
            self.surface.adopt(result.found.projection, job.revision if job is not None else -1)
        self.window = result.window
        return self._apply(result)

    def _apply(self, result: SurfaceResult) -> SurfaceImage | None:
        """Take a computed surface as the one shown (its grid, contours, time); None if it failed."""
        request = result.request
        if self.pending is request:
            self.pending = None
        self.surface_ms = result.ms
        self.job_problem = result.problem
        if result.image is None:
            return None
        self.res = request.res
        self.contour_levels = result.image.contour_levels
        self.shown_iteration = request.iteration
        self._image_of = (request.mode, self.seed, self.session.model, request.params)
        return result.image

    def _budget(self, budget: float, most: int, fewest: int, dims: int) -> int:
        """Samples per axis of a grid of `dims` axes whose losses fit `budget` multiply-adds: each
        sample is a forward pass of the network over the surface's training sample."""
        return grids.budget_res(budget, self.surface.forward_cost(), most, fewest, dims)

    def _arrow(self, current: Array, shown: bool) -> Array | None:
        """The arrow (2, 2) from the current point along -lr * gradient, its length scaled into view
        and clamped inside the window; None when there is no next step to show."""
        # after a divergence the last gradient belongs to the rejected step: there is no next step
        if not shown or self.session.trainer.diverged or self.window is None:
            self.arrow_scale = 1.0
            return None
        # two numbers each: plain floats are much cheaper per frame than numpy's small arrays
        lr = float(self.session.optimizer.lr)
        step = [-lr * g for g in self.gradient()]
        (x0, x1), (y0, y1) = self.window
        norm = (math.hypot(step[0] / (x1 - x0), step[1] / (y1 - y0))
                if all(math.isfinite(v) for v in step) else 0.0)
        if norm == 0.0:
            self.arrow_scale = 1.0
            return None
        scale = self._round_scale = arrow_scale(norm, self._round_scale)
        # shorten further so that the tip stays inside the window
        here = current.tolist()
        for a, lo, hi in ((0, x0, x1), (1, y0, y1)):
            tip = here[a] + scale * step[a]
            if tip > hi or tip < lo:
                room = (hi if step[a] > 0 else lo) - here[a]
                scale = min(scale, max(room / step[a], 0.0))
        self.arrow_scale = scale
        if not scale > 0:
            return None
        return np.array([here, [here[0] + scale * step[0], here[1] + scale * step[1]]])

    def step_readout(self, problem: Problem | None, translate: Translate = untranslated) -> str:
        """The next gradient-descent step of the two parameters with its numbers (two-parameter mode),
        made from the gradient the arrow is drawn with; "" where there is no next step to show."""
        s = self.session
        if self.mode != "exact" or problem is not None or s.trainer.diverged:
            return ""
        params = s.model.params
        names = [param_label(k, params[k].shape, i) for k, i in s.surface_params]
        n_train = len(s.trainer.X_train)
        return update_text(names, self.surface.values(), self.gradient(), float(s.optimizer.lr),
                           s.optimizer_name(), translate, n_train, min(int(s.config.batch_size), n_train))

    def gradient(self) -> tuple[float, float]:
        """`surface.gradient()` (a full-batch gradient), computed again only when the weights, the
        training sample or the two parameters changed: a paused frame reuses it."""
        s = self.session
        X, t = self.surface.sample()
        weights = b"".join(v.tobytes() for v in s.model.params.values())
        key = (s.model, X, t, s.surface_params, weights)
        cached = self._gradient
        if cached is None or not all(a is b or (type(a) in (tuple, bytes) and a == b)
                                     for a, b in zip(cached[0], key, strict=True)):
            self._gradient = cached = key, self.surface.gradient()
        return cached[1]

    # ---------------------------------------------------------------- the 1-D line

    def line_frame(self, problem: Problem | None, translate: Translate = untranslated) -> LineFrame:
        """The loss along the line from the initial to the current weights (computed every time)."""
        alphas = losses = np.zeros(0)
        ends = np.zeros(2)
        loss_range = None
        if problem is None:
            start = time.perf_counter()
            self.line_points = self._budget(grids.LINE_BUDGET, LINE_POINTS, MIN_LINE_POINTS, dims=1)
            alphas, losses = self.surface.line_losses(self.line_points, LINE_EXTEND)
            losses = np.clip(np.nan_to_num(losses, nan=LOSS_CAP, posinf=LOSS_CAP), 0.0, LOSS_CAP)
            loss_range = self._fit_line_range(float(losses.min()), float(losses.max()))
            ends = losses[[int(np.flatnonzero(alphas == 0.0)[0]), int(np.flatnonzero(alphas == 1.0)[0])]]
            self.surface_ms = 1000 * (time.perf_counter() - start)
            self._mark_surface_current()
            text = Message(LINE_CAPTION, extend=f"{LINE_EXTEND:g}").text(translate)
            if self.line_points < LINE_POINTS:
                text += Message(LINE_POINTS_NOTE, n=self.line_points).text(translate)
        else:
            text = Message(NO_LINE, problem=problem).text(translate)
        self._caption_key = ()  # not the surface's caption any more
        caption = (text + sample_note(self.session, exact=False, translate=translate)).strip()
        return LineFrame(problem, alphas, losses, ends, loss_range, caption)

    def _fit_line_range(self, lo: float, hi: float) -> tuple[float, float] | None:
        """A new range for the loss axis that holds [lo, hi] with a margin, or None while the shown
        one holds them well."""
        shown = self.line_range
        if shown is not None and shown[0] <= lo and hi <= shown[1] and \
                hi - lo >= LINE_SHRINK * (shown[1] - shown[0]):
            return None
        pad = 0.1 * max(hi - lo, 1e-9 * max(abs(hi), 1.0))
        self.line_range = (lo - pad, hi + pad)
        return self.line_range

    # ---------------------------------------------------------------- captions and labels

    def axis_labels(self, exact: tuple[str, str], translate: Translate = untranslated) -> tuple[str, str]:
        """The two axes' labels: the two parameters (`exact`), α and β, or the principal components."""
        if self.mode == "random":
            return ALPHA_AXIS.in_language(translate), "β"
        if self.mode == "pca":
            if self.plane is not None and self.plane.explained is not None:
                e1, e2 = self.plane.explained
                return f"PC1 ({100 * e1:.1f} %)", f"PC2 ({100 * e2:.1f} %)"
            return "PC1", "PC2"
        return exact

    def forget_caption(self) -> None:
        """Make the next caption() say its text even if nothing changed (a new language)."""
        self._caption_key = ()

    def caption(self, problem: Problem | None, arrow_shown: bool, note: str = "",
                translate: Translate = untranslated) -> str | None:
        """One or two short lines: what the axes are, the arrow's scale, how far the surface lags, and
        `note` (3-D); None when the text would be the same as last time."""
        s = self.session
        # everything the text is made from: most frames change none of it
        # computed elsewhere, the surface shown is always a little behind while training runs: how much
        # (said from the first step after it, not only while the next is computed: the caption keeps
        # its lines, and the panel its layout, from frame to frame)
        age = self.age() if self.deferred else 0
        key = (problem, self.mode, self.seed, s.model, s.surface_params, arrow_shown, self.arrow_scale,
               self.steps_per_surface, self.surface_ms, self.res, note, s.role_counts()[ROLE_TRAIN], age > 0)
        now = self.clock()
        # the age alone grows every frame while the next surface is computed: said again at most every
        # age_every_s (a new text repaints the caption, ~0.3 ms a frame), at once with anything else
        same_age = age == self._caption_age or now - self._caption_said < self.age_every_s
        if key == self._caption_key and same_age:
            return None
        self._caption_key, self._caption_age, self._caption_said = key, age, now
        if problem is not None:
            text = Message(NO_SURFACE, problem=problem)
        elif self.mode == "random":
            text = Message(RANDOM_CAPTION, seed=self.seed)
        elif self.mode == "pca":
            text = Message(PCA_CAPTION)
        else:
            text = self._exact_caption(arrow_shown)
        parts = [text.text(translate)]
        if problem is None:
            parts.append(self._lag_note().text(translate))
            if age:
                parts.append(Message(SURFACE_AGE, steps=f"{age:,}").text(translate))
        parts.append(note)
        return ("".join(parts) + sample_note(s, exact=self.mode == "exact", translate=translate)).strip()

    def _lag_note(self) -> Message:
        """How often the surface is recomputed and at what size, when it is not every step at full size."""
        # a large network, many points: a coarser grid keeps up
        size = Message(COARSER if self.res < self.max_res else "{n}×{n}", n=self.res)
        if self.steps_per_surface > 1:
            return Message(REFRESHED, steps=self.steps_per_surface, size=size, ms=two_digits(self.surface_ms))
        if self.res < self.max_res:
            return Message(SURFACE_AT, size=size)
        return Message("")

    def _exact_caption(self, arrow_shown: bool) -> Message:
        """Which parameters are held, and the arrow's scale when it is not drawn to scale."""
        params = self.session.model.params
        n_other = sum(v.size for v in params.values()) - 2
        if n_other == 1:
            key, i = next(c for c in scalar_params(params) if c not in self.session.surface_params)
            held = Message(ONE_HELD, name=param_label(key, params[key].shape, i))
        elif n_other:
            held = Message(OTHERS_HELD, n=f"{n_other:,}")
        else:
            held = Message("")
        if not arrow_shown or 0.67 < self.arrow_scale < 1.5:  # drawn about to scale: nothing to say
            return held
        k = self.arrow_scale
        factor = f"×{two_digits(k)}" if k > 1 else f"÷{two_digits(1 / k)}"
        return Message("{}{}", held, Message(ARROW_SCALED, factor=factor))
