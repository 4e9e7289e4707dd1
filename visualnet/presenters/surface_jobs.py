"""A loss surface to compute, and computing it: what `SurfacePresenter` hands a worker thread.

A due surface is a `SurfaceRequest` taken on the GUI thread (the window, a copy of the model, the
sample, the plane, the grid); `compute(surface, request)` reads nothing else, so it may run on a worker
(app.workers.LatestWins) while training goes on. A new plane (random directions through the weights of
now, or the path's PCA) comes as a `PlaneJob` (the recorded parameter vectors, copied): the worker finds
the plane, the path on it and the window around that too. The principal components of thousands of
records are the slowest part (~50 ms at 3,750 records of 722 parameters), projecting them the next.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import contours, grids, landscape
from visualnet.core.landscape import Plane
from visualnet.core.protocols import Network
from visualnet.presenters import gradient_field
from visualnet.presenters.geometry import Box, Window, drawable, holds, sticky_window
from visualnet.presenters.gradient_field import Field
from visualnet.presenters.loss_surface import LossSurface, ending_now, path_on_plane, pca_plane
from visualnet.presenters.param_names import Param
from visualnet.presenters.surface_numbers import Ticks, log_loss, loss_ticks
from visualnet.translatable import Message, TranslatableError

Array = npt.NDArray[np.float64]
Problem = str | Message  # why there is nothing to draw: a marked text or a message, translated when said

MAX_DECADES = 3.0  # the colour scale covers at most this many factors of ten
N_CONTOURS = 6


@dataclass(frozen=True)
class SurfaceImage:
    """A recomputed surface: the heatmap, its colour range and ticks, and its contour lines."""

    log_loss: npt.NDArray[np.float32]  # (res, res) log10(loss), rows along the second axis
    rect: tuple[float, float, float, float]  # (x, y, width, height): samples sit on pixel centres
    levels: tuple[float, float]  # the colour range (log10)
    ticks: Ticks  # the colour bar's labels at round losses
    contour_levels: Array  # log10(loss) of the contours
    contours: tuple[Array, Array]  # their segments' (x, y) as start, end pairs
    res: int
    field: Field | None = None  # the gradient field over the same window, when it is switched on


@dataclass(frozen=True)
class PlaneJob:
    """A new plane to find with the surface, through the parameters of now: of `kind` "random" (the
    directions of `seed`) or "pca" (of the recorded path), with copies of what it is found from."""

    kind: str
    seed: int
    like: dict[str, Array]  # the parameters of now (copies): the plane's centre, their layout
    rows: Array  # the recorded parameter vectors (m, P), copied; (0, P) where none are recorded
    keys: Array  # their iterations (m,)
    shown: int  # how many of them lead up to the weights shown (the timeline may show an earlier one)
    revision: int  # the history's revision they were copied at (History.revision)
    window: Window | None  # the window shown now: kept if it holds the path on the new plane
    min_span: float


@dataclass(frozen=True)
class FoundPlane:
    """A plane job's plane, the window around the path on it, and the records' projection on it."""

    plane: Plane
    window: Window
    projection: landscape.PathProjection  # LossSurface.adopt: the records are not projected again


@dataclass(frozen=True)
class SurfaceRequest:
    """What a new surface is computed from, taken on the GUI thread: `compute` reads this alone, so a
    worker thread may compute it while training goes on."""

    mode: str
    window: Window  # with a plane job, the window shown now (the job finds the one on its plane)
    res: int
    model: Network  # the session's model (computed at once) or a copy of it (computed on a worker)
    sample: tuple[Array, Array]  # (X, t), read-only: a data edit replaces them, never changes them
    params: tuple[Param, Param]  # the two parameters (exact mode)
    plane: Plane | None  # the plane (random, PCA), or None: the two parameters (or the plane job's)
    field_res: int  # samples per axis of the gradient field; 0: no field
    iteration: int  # the trainer's iteration then
    plane_job: PlaneJob | None = None  # a PCA plane to find first (on the worker), or None


@dataclass(frozen=True)
class SurfaceResult:
    """A computed surface (or why it could not be), with the request it answers."""

    request: SurfaceRequest
    image: SurfaceImage | None
    problem: Problem | None  # an error in the computation, said as the caption says a problem
    ms: float  # how long it took
    found: FoundPlane | None = None  # what the plane job found

    @property
    def plane(self) -> Plane | None:
        """The plane the surface lies on: the request's, or the one its plane job found."""
        return self.found.plane if self.found is not None else self.request.plane

    @property
    def window(self) -> Window:
        """The window the surface covers."""
        return self.found.window if self.found is not None else self.request.window


def problem_of(error: ValueError) -> Problem:
    """What an error says, kept translatable: a TranslatableError's marked text (a `str`) or message."""
    if not isinstance(error, TranslatableError):
        return str(error)
    message = error.message
    plain = not (message.args or message.kwargs) and isinstance(message.template, str)
    return message.template if plain else message


def window_around(path: Array, box: Box | None, current: Array, window: Window | None,
                  min_span: float) -> Window:
    """sticky_window of the path (m, 2) and the current point (2,); the usual answer (the same window)
    from the path's box alone, in plain floats."""
    if window is not None and box is not None:
        cx, cy = current.tolist()
        if holds(window, box, (cx, cy)):
            return window
    return sticky_window(np.vstack([path, current]), window, min_span)


def find_plane(job: PlaneJob) -> FoundPlane:
    """The job's plane, the path on it and the window around that (as LossSurface.plane, plane_path and
    SurfacePresenter's window find them; a ValueError says why there is no plane)."""
    now = landscape.flatten(job.like)
    if job.kind == "random":
        plane = landscape.random_plane(job.like, job.seed)
    else:
        plane = pca_plane(ending_now(job.rows[: job.shown], now), job.like)
    projection = landscape.PathProjection(plane)
    coords, box = drawable(path_on_plane(projection, job.rows, job.keys, job.shown, now))
    current = coords[-1] if len(coords) else np.zeros(2)
    return FoundPlane(plane, window_around(coords, box, current, job.window, job.min_span), projection)


def compute(surface: LossSurface, request: SurfaceRequest) -> SurfaceResult:
    """The loss over the request's window at its grid, log-scaled, with contours (and the field).

    Reads the request alone and `surface`'s math on the model and sample it holds: safe on a worker
    thread. A ValueError becomes the result's problem; any other error is raised.
    """
    # its cost in wall time, on a worker too: a job slows the frames it overlaps (it shares the
    # cores, the caches and the GIL with them), so the presenter's duty limit bounds that share
    start = time.perf_counter()
    found = None
    try:
        plane, window = request.plane, request.window
        if request.plane_job is not None:
            found = find_plane(request.plane_job)
            plane, window = found.plane, found.window
        image = _surface_image(surface, request, plane, window)
    except ValueError as err:
        return SurfaceResult(request, None, problem_of(err), 1000 * (time.perf_counter() - start))
    return SurfaceResult(request, image, None, 1000 * (time.perf_counter() - start), found)


def _surface_image(surface: LossSurface, request: SurfaceRequest, plane: Plane | None,
                   window: Window) -> SurfaceImage:
    """The request's surface over `window` (on `plane`, else over the two parameters): losses, colour
    range, contours, field."""
    (x0, x1), (y0, y1) = window
    res = request.res
    if plane is None:
        losses = surface.slice_losses((x0, x1), (y0, y1), res=res, model=request.model,
                                      sample=request.sample, params=request.params)
    else:
        losses = surface.plane_losses(plane, (x0, x1), (y0, y1), res=res, model=request.model,
                                      sample=request.sample)
    img = log_loss(losses)
    # samples sit on the pixel centres: the image reaches half a step beyond the window
    dx, dy = (x1 - x0) / (res - 1), (y1 - y0) / (res - 1)
    rect = (x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy)
    # colours span at most MAX_DECADES below the top: a zero-loss region (the perceptron's) would
    # otherwise pull the scale down to the floor and flatten everything else into one colour
    hi = float(img.max())
    lo = max(float(img.min()), hi - MAX_DECADES)
    if hi - lo < 1e-3:  # a flat surface: give the colour bar a range to show
        lo, hi = lo - 0.05, hi + 0.05
    # evenly spaced in log(loss): every contour is the same factor above the one below
    levels = lo + (hi - lo) * (np.arange(N_CONTOURS) + 0.5) / N_CONTOURS
    xs, ys = grids.grid_axes((x0, x1), (y0, y1), res)
    segments = contours.contour_segments(img, xs, ys, levels)
    field = _field(request, plane, window) if request.field_res else None
    return SurfaceImage(img, rect, (lo, hi), loss_ticks(lo, hi), levels, segments, res, field)


def _field(request: SurfaceRequest, plane: Plane | None, window: Window) -> Field:
    """−∇L over a coarse grid of the window: the two partial derivatives (exact mode) or the
    gradient projected on the plane, from the network's gradient() at every grid point."""
    X, t = request.sample
    points = gradient_field.field_points(window, request.field_res)
    if len(X) == 0:
        grads = np.zeros_like(points)
    elif plane is None:
        grads = gradient_field.slice_gradients(request.model, X, t, *request.params, points)
    else:
        grads = gradient_field.plane_gradients(request.model, X, t, plane, points)
    return gradient_field.make_field(points, grads, window, request.field_res)
