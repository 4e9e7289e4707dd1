"""The gradient field: −∇L (or −∇f) as arrows over a coarse grid, the book's figure of the gradient of
x0² + x1² (chapter 4, `gradient_2d.py`), for the loss-surface view and the optimizer playground.

One arrow sits in the middle of each cell of a res × res grid over the window (matplotlib's
`pivot="mid"`), so no arrow leaves the window. Every arrow is −scale·∇ with one `scale` for the whole
field, chosen so that the longest arrow fills FILL of a cell: the lengths compare, as in the book.

The gradients themselves: the playground's functions have exact ones (`core.surfaces`); the loss
surface's come from the network's `gradient()` (backpropagation) at each grid point — in the
two-parameter mode the two partial derivatives with every other weight held, on a plane
θ = c + a·d1 + b·d2 the chain rule's (∇L·d1, ∇L·d2), the full gradient projected on the plane's two
directions (the gradient of the loss as the plane shows it). No Qt.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import fast_mlp
from visualnet.core.landscape import Plane
from visualnet.core.protocols import Network
from visualnet.core.surfaces import Surface
from visualnet.netrace import clone_model

Array = npt.NDArray[np.float64]
Window = tuple[tuple[float, float], tuple[float, float]]
Param = tuple[str, int]

FIELD_RES = 11  # arrows per axis, at most (the book's figure has 18 × 18 on a larger plot)
FIELD_MIN_RES = 5  # ... and at least, however large the network
FIELD_BUDGET = 100e6  # multiply-adds one field may cost (it is computed with the surface, not per frame)
FILL = 0.9  # the longest arrow is this share of a cell
HEAD_PX, HEAD_DEG = 6.0, 25.0  # the arrows' heads: strokes this many screen pixels long, this far off
MIN_SHAFT_PX = 2.0  # a shorter arrow is drawn as its shaft alone (a head would hide its direction)


@dataclass(frozen=True)
class Field:
    """∇ at the grid's points (n, 2) and the one factor the arrows −scale·∇ are drawn with."""

    points: Array  # (n, 2) cell centres, data coordinates; rows follow y, then x
    gradients: Array  # (n, 2) the gradient there (NaN where it is not finite)
    scale: float  # arrow = −scale · gradient (0 when every gradient is zero or not finite)
    res: int

    def arrows(self) -> tuple[Array, Array]:
        """(tails, tips), each (k, 2): the finite, non-zero arrows, centred on their points."""
        step = -self.scale * self.gradients
        keep = np.isfinite(step).all(axis=1) & (step != 0).any(axis=1)
        half = step[keep] / 2
        return self.points[keep] - half, self.points[keep] + half


def field_points(window: Window, res: int) -> Array:
    """(res², 2) the centres of a res × res grid of cells over the window, row-major [y, x]."""
    (x0, x1), (y0, y1) = window
    xs = x0 + (np.arange(res) + 0.5) * (x1 - x0) / res
    ys = y0 + (np.arange(res) + 0.5) * (y1 - y0) / res
    return np.column_stack([np.tile(xs, res), np.repeat(ys, res)])


def make_field(points: Array, gradients: Array, window: Window, res: int) -> Field:
    """The field of these gradients, scaled so the longest arrow is FILL of a cell (in window shares:
    the two axes may have very different units)."""
    (x0, x1), (y0, y1) = window
    with np.errstate(all="ignore"):
        share = np.hypot(gradients[:, 0] / (x1 - x0), gradients[:, 1] / (y1 - y0))
    finite = share[np.isfinite(share)]
    longest = float(finite.max()) if finite.size else 0.0
    scale = FILL / (res * longest) if longest > 0 and math.isfinite(longest) else 0.0
    grads = np.where(np.isfinite(gradients).all(axis=1, keepdims=True), gradients, np.nan)
    return Field(points, grads, scale, res)


def surface_field(surface: Surface, res: int = FIELD_RES) -> Field:
    """−∇f of a playground function over its window, from its exact gradient."""
    window = (surface.xlim, surface.ylim)
    points = field_points(window, res)
    gx, gy = surface.gradient(points[:, 0], points[:, 1])
    return make_field(points, np.column_stack([gx, gy]), window, res)


def slice_gradients(model: Network, X: Array, t: Array, p1: Param, p2: Param, points: Array) -> Array:
    """(n, 2) ∂L/∂p1, ∂L/∂p2 with p1, p2 set to each point's (x, y) and every other weight held."""
    twin = clone_model(model)  # the live model's weights stay as they are
    (k1, i1), (k2, i2) = p1, p2
    out = np.empty((len(points), 2))
    with np.errstate(all="ignore"):  # a diverged corner of the window gives NaN, drawn as nothing
        for row, (v1, v2) in enumerate(points.tolist()):
            twin.params[k1].reshape(-1)[i1] = v1
            twin.params[k2].reshape(-1)[i2] = v2
            grads = fast_mlp.gradient(twin, X, t)
            out[row] = grads[k1].reshape(-1)[i1], grads[k2].reshape(-1)[i2]
    return out


def plane_gradients(model: Network, X: Array, t: Array, plane: Plane, points: Array) -> Array:
    """(n, 2) ∇L·d1, ∇L·d2 at θ = c + a·d1 + b·d2 for each point's (a, b): the chain rule on the plane."""
    twin = clone_model(model)
    out = np.empty((len(points), 2))
    with np.errstate(all="ignore"):
        for row, (a, b) in enumerate(points.tolist()):
            twin.set_params(plane.point(a, b))
            grads = fast_mlp.gradient(twin, X, t)
            out[row] = (sum(float(np.vdot(grads[k], plane.d1[k])) for k in plane.d1),
                        sum(float(np.vdot(grads[k], plane.d2[k])) for k in plane.d2))
    return out


def arrow_lines(tails: Array, tips: Array) -> Array:
    """(m, 4) screen-pixel strokes (x0, y0, x1, y1) of arrows given in screen pixels: each shaft, and
    for a shaft of MIN_SHAFT_PX or more the head's two strokes (HEAD_PX long, or a third of the shaft)."""
    shaft = tips - tails
    length = np.hypot(shaft[:, 0], shaft[:, 1])
    headed = length >= MIN_SHAFT_PX
    back = -shaft[headed] / length[headed, None] * np.minimum(HEAD_PX, length[headed] / 3)[:, None]
    c, s = math.cos(math.radians(HEAD_DEG)), math.sin(math.radians(HEAD_DEG))
    tip = tips[headed]
    wings = [tip + np.column_stack([c * back[:, 0] - k * back[:, 1], k * back[:, 0] + c * back[:, 1]])
             for k in (s, -s)]
    return np.concatenate([np.hstack([tails, tips]), np.hstack([tip, wings[0]]), np.hstack([tip, wings[1]])])
