"""Whole grids at once: the decision field over the input plane and loss surfaces over parameters.

Orientation: every 2-D result is indexed [row, col] = [y index, x index] with both axes ascending,
i.e. `field[i, j]` belongs to the point (xs[j], ys[i]) and row 0 is the bottom of the plot.

Loss surfaces evaluate `stacked_losses.batched_loss` with the varied parameters stacked along a
leading axis G (one entry per grid node), so there is no Python loop over grid points, only over
chunks that keep the intermediate arrays cache-sized. A plane through all the parameters of an MLP
(`loss_plane`, `loss_along_line`) goes through `stacked_losses.plane_losses` (its first layer is
linear in the plane's two coordinates); a slice through two weights (`loss_slice`) keeps
batched_loss, which leaves out the units those weights do not feed.
Where the loss is NaN or infinite (a far-away weight makes the network overflow) the value is
replaced by the largest finite loss of that grid (the "cap"; 0 if none is finite), so views get
finite numbers and a colour scale that still fits the finite part.

Large networks: a grid costs (nodes × points × multiply-adds of one forward pass), and a forward
pass costs about one multiply-add per parameter. `forward_cost` and `budget_res` turn a budget of
multiply-adds into the finest resolution that fits it, so that a view of a large network keeps its
frame time by showing a coarser grid (and says so) instead of freezing the window.

The decision field follows the screen (`field_shape`): a sample every FIELD_SPACING_PX pixels of
the view, drawn smoothed, so it has no visible blocks at any window size; a small network's cost
per sample is numpy's overhead rather than multiply-adds, hence a cap on the samples as well.

The decision field runs an MLP's forward passes through `fast_mlp` (the layers' formulas, fewer
numpy calls). `dtype` is passed on to `batched_loss` / `plane_losses` when given (an MLP's
surfaces are computed in float32 by default, ~1e-6 relative to `loss`; np.float64 agrees with
`loss` to rounding); None keeps that default.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from visualnet.core import fast_mlp, stacked_losses
from visualnet.core.mlp import MLP
from visualnet.core.protocols import Model, Network

__all__ = [
    "FieldShape",
    "budget_res",
    "cap_nonfinite",
    "decision_field",
    "field_shape",
    "forward_cost",
    "grid_axes",
    "grid_points",
    "line_alphas",
    "loss_along_line",
    "loss_plane",
    "loss_slice",
    "param_window",
    "regression_curve",
]

Array = np.ndarray
Params = dict[str, Array]
FIELD_CHUNK = 4096  # grid points per forward pass of the decision field
PLANE_CHUNK_FLOATS = 1 << 20  # G·n·width floats per batched_loss call (which blocks finer itself)
# Multiply-adds one grid may cost (a large network's grids are about 10-20 per ns on one core; a
# small one's cost is numpy's per-call overhead and never reaches these budgets):
FIELD_BUDGET = 80e6  # the decision field, every frame: 100×100 up to 8,000 parameters (~7 ms)
FIELD_SPACING_PX = 4.0  # screen pixels between the field's samples (it is drawn smoothed)
FIELD_MAX_NODES = 40_000  # ... at most (~0.1 µs a sample for a small network: forward, colours, contour)
FIELD_MIN_RES = 16  # samples along either axis, at least (a coarser grid would show nothing)
SURFACE_BUDGET = 300e6  # a loss surface, at most every 0.1 s: 41×41 for [2, 8, 8, 2] on 1,000 points
LINE_BUDGET = 50e6  # the loss along a line, every frame: 61 points up to 5,000 parameters on 160 points


def forward_cost(model: Model) -> int:
    """Multiply-adds of one point's forward pass: one per weight and bias (activations are cheaper)."""
    return max(1, sum(int(np.size(v)) for v in model.params.values()))


def budget_res(budget: float, cost_per_node: float, max_res: int, min_res: int = 2,
               dims: int = 2) -> int:
    """The finest resolution r <= max_res whose r**dims nodes of `cost_per_node` fit `budget`
    (never below min_res: a coarser grid would show nothing)."""
    fits = int((budget / max(cost_per_node, 1e-300)) ** (1.0 / dims) + 1e-9)
    return max(min_res, min(max_res, fits))


class FieldShape(NamedTuple):
    """A decision field's samples along y and x, and whether the budget made it coarser than asked."""

    ny: int
    nx: int
    coarser: bool


def field_shape(width_px: float, height_px: float, cost_per_node: float,
                spacing_px: float = FIELD_SPACING_PX, budget: float = FIELD_BUDGET,
                max_nodes: int = FIELD_MAX_NODES, min_res: int = FIELD_MIN_RES) -> FieldShape:
    """The samples of a field over a view of width_px × height_px screen pixels: one every
    `spacing_px` (ends included), or evenly fewer so that ny·nx fits both `max_nodes` and
    `budget` multiply-adds at `cost_per_node`; never fewer than min_res along an axis.
    `coarser` says the budget, not the cap, set the spacing (a large network: the view says so)."""
    w, h = max(float(width_px), 1.0), max(float(height_px), 1.0)
    by_budget = budget / max(cost_per_node, 1e-300)
    limit = max(min(float(max_nodes), by_budget), float(min_res * min_res))
    spacing = float(spacing_px)
    if (w / spacing + 1) * (h / spacing + 1) > limit:
        # the spacing s with (w/s + 1)(h/s + 1) = limit: w·h·u² + (w + h)·u + 1 - limit = 0, u = 1/s
        u = (-(w + h) + np.sqrt((w + h) ** 2 + 4 * w * h * (limit - 1))) / (2 * w * h)
        spacing = max(spacing, 1.0 / u)
    nx, ny = max(min_res, int(w / spacing + 1e-9) + 1), max(min_res, int(h / spacing + 1e-9) + 1)
    if nx * ny > limit:  # a thin view: one axis is held at min_res, the other gets what is left
        if ny == min_res:
            nx = max(min_res, int(limit // ny))
        else:
            ny = max(min_res, int(limit // nx))
    wanted = (int(w / spacing_px + 1e-9) + 1) * (int(h / spacing_px + 1e-9) + 1)
    return FieldShape(ny, nx, by_budget < min(wanted, max_nodes))


def _shape(res: int | tuple[int, int]) -> tuple[int, int]:
    """(ny, nx) of a grid given as one resolution for both axes or as (ny, nx)."""
    if isinstance(res, tuple | list):
        return int(res[0]), int(res[1])
    return int(res), int(res)


def grid_axes(xlim: tuple[float, float], ylim: tuple[float, float],
              res: int | tuple[int, int]) -> tuple[Array, Array]:
    """Evenly spaced, ascending `xs` (nx,) over xlim and `ys` (ny,) over ylim, ends included;
    res is (ny, nx), or one number for both."""
    ny, nx = _shape(res)
    return np.linspace(xlim[0], xlim[1], nx), np.linspace(ylim[0], ylim[1], ny)


@lru_cache(maxsize=8)
def _grid_points(xlim: tuple[float, float], ylim: tuple[float, float], shape: tuple[int, int]) -> Array:
    xs, ys = grid_axes(xlim, ylim, shape)
    pts = np.empty((*shape, 2))
    pts[:, :, 0] = xs[None, :]  # x varies along a row
    pts[:, :, 1] = ys[:, None]  # y varies down the rows
    flat = pts.reshape(-1, 2)
    flat.flags.writeable = False  # shared by the cache
    return flat


def grid_points(xlim: tuple[float, float], ylim: tuple[float, float], res: int | tuple[int, int]) -> Array:
    """(ny·nx, 2) points in row-major [y, x] order: point i·nx + j is (xs[j], ys[i]) (read-only)."""
    return _grid_points((float(xlim[0]), float(xlim[1])), (float(ylim[0]), float(ylim[1])), _shape(res))


def decision_field(model: Model, xlim: tuple[float, float], ylim: tuple[float, float],
                   res: int | tuple[int, int] = 100) -> Array:
    """(ny, nx, k) class probabilities over the plane (res = (ny, nx) or one number for both);
    [i, j] is the point (xs[j], ys[i])."""
    ny, nx = _shape(res)
    pts = grid_points(xlim, ylim, (ny, nx))
    fast = fast_mlp.route(model)
    forward = model if fast is None else fast
    with np.errstate(all="ignore"):
        # chunks keep each layer's activations in cache: faster than one 40,000-row pass
        parts = [forward.predict_proba(pts[s : s + FIELD_CHUNK]) for s in range(0, len(pts), FIELD_CHUNK)]
    proba = parts[0] if len(parts) == 1 else np.concatenate(parts)
    return proba.reshape(ny, nx, -1)


def regression_curve(model: Model, xlim: tuple[float, float], res: int = 200) -> tuple[Array, Array]:
    """The regression model's output over x: `xs` (res,) ascending and `ys` (res,)."""
    xs = np.linspace(xlim[0], xlim[1], res)
    with np.errstate(all="ignore"):
        ys = np.asarray(model.predict(xs[:, None]), dtype=np.float64).reshape(res, -1)[:, 0]
    return xs, ys


def cap_nonfinite(z: Array) -> Array:
    """Replace NaN/±inf in z (in place) by the largest finite value of z, or 0 if there is none."""
    bad = ~np.isfinite(z)
    if bad.any():
        cap = float(z[~bad].max()) if not bad.all() else 0.0
        z[bad] = cap
    return z


def param_window(value: float, span: float = 2.0, n: int = 41) -> Array:
    """n evenly spaced values over [value - span, value + span]; the middle one is value (n odd)."""
    return np.linspace(value - span, value + span, n)


def _width(model: Network) -> int:
    """The widest layer: a bound on the per-point size of any intermediate of batched_loss."""
    return max([1, *(int(np.shape(p)[-1]) for p in model.params.values() if np.ndim(p))])


def loss_plane(model: Network, X: Array, t: Array, center: Params, d1: Params, d2: Params,
               alphas: ArrayLike, betas: ArrayLike, dtype: type | None = None) -> Array:
    """(len(betas), len(alphas)) losses at params = center + a·d1 + b·d2; rows follow betas."""
    if isinstance(model, MLP):
        # an MLP's plane uses its structure (the first layer is linear in a and b)
        center = {k: np.asarray(v, dtype=np.float64) for k, v in center.items()}
        with np.errstate(all="ignore"):
            z = stacked_losses.plane_losses(model, X, t, center, d1, d2, np.asarray(alphas),
                                            np.asarray(betas), dtype or np.float32)
        return cap_nonfinite(z)
    return _stacked_plane(model, X, t, center, d1, d2, alphas, betas, dtype)


def _stacked_plane(model: Network, X: Array, t: Array, center: Params, d1: Params, d2: Params,
                   alphas: ArrayLike, betas: ArrayLike, dtype: type | None = None) -> Array:
    """loss_plane through `stacked_losses.batched_loss`: the grid's parameters stacked on a leading axis."""
    alphas = np.asarray(alphas, dtype=np.float64).reshape(-1)
    betas = np.asarray(betas, dtype=np.float64).reshape(-1)
    a = np.tile(alphas, len(betas))  # grid node g = row·len(alphas) + col
    b = np.repeat(betas, len(alphas))
    G = a.size
    current = model.params
    moving = [k for k in center if np.any(d1.get(k, 0.0)) or np.any(d2.get(k, 0.0))]
    # a key that does not move but whose centre differs from the model's value still has to be given:
    # a broadcast view repeats it G times without copying
    fixed = [k for k in center if k not in moving and center[k] is not current.get(k)
             and not np.array_equal(center[k], current[k])]
    if not moving and not fixed:
        fixed = [next(iter(center))]  # a flat plane: the model still needs one stacked key
    z = np.empty(G)
    chunk = max(1, PLANE_CHUNK_FLOATS // max(1, len(X) * _width(model)))
    with np.errstate(all="ignore"):
        for s in range(0, G, chunk):
            ac, bc = a[s : s + chunk], b[s : s + chunk]
            g = ac.size
            stacked: Params = {}
            for k in moving:
                c = np.asarray(center[k], dtype=np.float64)
                lead = (g,) + (1,) * c.ndim
                p = np.broadcast_to(c, (g, *c.shape)).copy()
                if k in d1:
                    p += ac.reshape(lead) * d1[k]
                if k in d2:
                    p += bc.reshape(lead) * d2[k]
                stacked[k] = p
            for k in fixed:
                c = np.asarray(center[k], dtype=np.float64)
                stacked[k] = np.broadcast_to(c, (g, *c.shape))
            z[s : s + g] = stacked_losses.batched_loss(model, X, t, stacked, dtype or np.float32)
    return cap_nonfinite(z).reshape(len(betas), len(alphas))


def loss_slice(model: Network, X: Array, t: Array, p1: tuple[str, int], p2: tuple[str, int],
               values1: Array, values2: Array, dtype: type | None = None) -> Array:
    """(len(values2), len(values1)) losses as p1 takes values1 (cols) and p2 values2 (rows), others held."""
    # p1, p2 = (key, index into params[key].ravel()): one scalar parameter each
    if tuple(p1) == tuple(p2):
        raise ValueError(f"the two parameters of a loss slice must differ, both are {p1}")
    params = model.params
    # centre = current params with the two chosen entries zeroed, d1/d2 = unit vectors on them: then
    # centre + a·d1 + b·d2 is exactly a and b there (0 + a·1 + b·0) and exactly the current value
    # everywhere else (c + a·0 + b·0), so the slice is exact, not interpolated
    center = dict(params)
    d1: Params = {}
    d2: Params = {}
    for (key, index), d in ((p1, d1), (p2, d2)):
        if center[key] is params[key]:
            center[key] = params[key].copy()
        center[key].reshape(-1)[index] = 0.0
        d[key] = np.zeros_like(params[key])
        d[key].reshape(-1)[index] = 1.0
    # batched_loss's route: it leaves out of the stack the units that the two weights do not feed
    return _stacked_plane(model, X, t, center, d1, d2, values1, values2, dtype)


def line_alphas(n: int = 50, extend: float = 0.0) -> Array:
    """About n evenly spaced values from -extend to 1 + extend, with 0 and 1 exactly among them."""
    if n < 2 or not extend >= 0:
        raise ValueError(f"a line needs n >= 2 values and extend >= 0, got n={n}, extend={extend}")
    # k steps of 1/k between 0 and 1 and m more beyond each end: n = k + 2m + 1
    k = max(1, round((n - 1) / (1 + 2 * extend)))
    m = round(extend * k)
    return np.arange(-m, k + m + 1) / k


def loss_along_line(model: Network, X: Array, t: Array, start: Params, end: Params,
                    n: int = 50, dtype: type | None = None, extend: float = 0.0) -> tuple[Array, Array]:
    """Losses at (1 - a)·start + a·end for a in line_alphas(n, extend): returns (alphas, losses).

    a = 0 is `start` and a = 1 is `end` (both exactly among the alphas); extend > 0 goes that far
    beyond both ends, in units of the line's length.
    """
    alphas = line_alphas(n, extend)
    direction = {k: np.asarray(end[k], dtype=np.float64) - start[k] for k in start}
    return alphas, loss_plane(model, X, t, start, direction, {}, alphas, [0.0], dtype)[0]
