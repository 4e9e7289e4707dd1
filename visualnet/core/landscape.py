"""Loss landscapes of the live network (Li et al., 2018, "Visualizing the Loss Landscape of Neural Nets").

Three ways to look at the loss L(θ) of a network with many parameters θ:

- a plane θ = c + a·d1 + b·d2 through two directions: random ones (`random_plane`) or the training
  path's first two principal components (`pca_plane`); losses over a grid of (a, b) come from
  `grids.loss_plane`, vectorised in `stacked_losses` (`plane_losses`);
- the loss along the straight line from the initial to the current parameters (`interpolation`,
  which is `grids.loss_along_line`);
- (two chosen scalar parameters, with the rest held: `grids.loss_slice`).

Filter normalisation. A random direction d (standard normal entries) would perturb a neuron with
tiny weights as much as one with large weights, and ReLU networks are scale-invariant per neuron,
so the plot would mostly show scale. Li et al. rescale the direction filter by filter: for each
weight matrix W of shape (n_in, n_out), column j (the weights into neuron j) of d is rescaled to
the norm of column j of W, d[:, j] ← d[:, j]·‖W[:, j]‖/‖d[:, j]‖. Biases: we follow the paper's
"ignore biases" option by default (`bias="zero"`: the direction does not move them); `bias="weights"`
is the paper's other choice, d_b = b itself.

Orthogonality. In a network with a few dozen parameters two random directions are far from
orthogonal (the cosine is about 1/√P), so the plane's axes would be skewed. `orthonormal_directions`
therefore applies Gram–Schmidt to the two flattened filter-normalised directions and re-normalises
both to unit length: u1 = d1/‖d1‖ is still filter-normalised up to the one global factor ‖d1‖,
which is ‖W‖ (all weight matrices; every column's norm matches, so the whole does); u2 is d2 minus
its component along u1, re-normalised, so its columns are only approximately proportional to the
weights' any more. `random_plane` (orthogonal by default) scales both unit vectors by ‖W‖, so
a = 1 is a step as long as the weights themselves, the scale of the paper's plots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from visualnet.core import grids
from visualnet.core.params import flatten, unflatten
from visualnet.core.protocols import Network

__all__ = [
    "BIAS_OPTIONS",
    "PathProjection",
    "Plane",
    "filter_normalise",
    "flatten",
    "interpolation",
    "orthonormal_directions",
    "pca_plane",
    "plane_losses",
    "project",
    "random_directions",
    "random_plane",
    "unflatten",
]

Array = np.ndarray
Params = dict[str, Array]
BIAS_OPTIONS = ("zero", "weights")


def filter_normalise(direction: Mapping[str, Array], params: Mapping[str, Array],
                     bias: str = "zero") -> Params:
    """Rescale each column of each 2-D direction to the norm of the weights' column; biases per `bias`."""
    if bias not in BIAS_OPTIONS:
        raise ValueError(f"bias must be one of {BIAS_OPTIONS}, got {bias!r}")
    out: Params = {}
    for key, w in params.items():
        w = np.asarray(w, np.float64)
        d = np.asarray(direction[key], np.float64)
        if w.ndim >= 2:
            # one filter = the weights into one output neuron = one column of W (n_in, n_out)
            w_norm = np.linalg.norm(w.reshape(-1, w.shape[-1]), axis=0)
            d_norm = np.linalg.norm(d.reshape(-1, d.shape[-1]), axis=0)
            with np.errstate(divide="ignore", invalid="ignore"):
                scale = np.where(d_norm > 0, w_norm / d_norm, 0.0)
            out[key] = d * scale
        else:
            out[key] = np.zeros_like(w) if bias == "zero" else w.copy()
    return out


def random_directions(params: Mapping[str, Array], seed: int = 0,
                      bias: str = "zero") -> tuple[Params, Params]:
    """Two random directions, each filter-normalised (not orthogonal; see orthonormal_directions)."""
    rng = np.random.default_rng(seed)
    raw = [{k: rng.standard_normal(np.shape(v)) for k, v in params.items()} for _ in range(2)]
    return filter_normalise(raw[0], params, bias), filter_normalise(raw[1], params, bias)


def orthonormal_directions(params: Mapping[str, Array], seed: int = 0,
                           bias: str = "zero") -> tuple[Params, Params]:
    """The filter-normalised random directions made orthonormal: Gram–Schmidt, then unit length."""
    return _orthonormalise(*random_directions(params, seed, bias), params)


def _orthonormalise(d1: Params, d2: Params, like: Mapping[str, Array]) -> tuple[Params, Params]:
    """Gram–Schmidt on the flattened pair, both re-normalised to unit length."""
    v1, v2 = flatten(d1), flatten(d2)
    u1 = v1 / np.linalg.norm(v1)
    w = v2 - (v2 @ u1) * u1  # remove d2's component along d1
    w -= (w @ u1) * u1  # a second pass removes what rounding left
    u2 = w / np.linalg.norm(w)
    return unflatten(u1, like), unflatten(u2, like)


@dataclass(frozen=True)
class Plane:
    """θ = center + a·d1 + b·d2; `explained` holds the PCA variance ratios of the two axes, if any."""

    center: Params
    d1: Params
    d2: Params
    kind: str = "random"  # "random" | "pca"
    explained: tuple[float, float] | None = None

    def point(self, a: float, b: float) -> Params:
        """The parameters at plane coordinates (a, b)."""
        return {k: self.center[k] + a * self.d1[k] + b * self.d2[k] for k in self.center}


def random_plane(params: Mapping[str, Array], seed: int = 0, bias: str = "zero",
                 orthogonal: bool = True) -> Plane:
    """A plane through `params` along two filter-normalised random directions.

    orthogonal=True: the orthonormal directions scaled by ‖W‖ (the norm of every weight matrix
    together), so both axes are as long as the weights; False: the raw filter-normalised pair.
    """
    center = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    d1, d2 = random_directions(params, seed, bias)
    if orthogonal:
        scale = np.linalg.norm(flatten(d1))  # = ‖W‖ (with bias="weights", the biases' norm too)
        u1, u2 = _orthonormalise(d1, d2, params)
        d1 = {k: scale * v for k, v in u1.items()}
        d2 = {k: scale * v for k, v in u2.items()}
    return Plane(center, d1, d2, "random")


def pca_plane(path: Array, like: Mapping[str, Array], center: str = "final") -> Plane:
    """The plane of a training path's first two principal components, with their explained variance.

    path: (T, P) flattened parameters in `like`'s key order (History.params_array()). The
    components come from the path centred at its mean (ordinary PCA); the plane is placed at the
    final point (center="final", as Li et al., so the end of training is the origin) or at the mean.
    Each axis is oriented so that the path's first point has a coordinate <= 0 (training moves +).
    """
    path = np.asarray(path, np.float64)
    if path.ndim != 2 or path.shape[0] < 2 or path.shape[1] < 2:
        raise ValueError(f"a PCA plane needs a (T >= 2, P >= 2) path, got shape {path.shape}")
    mean = path.mean(axis=0)
    vt, var = _principal_axes(path - mean, 2)
    total = float(np.sum((path - mean) ** 2))
    explained = (float(var[0] / total), float(var[1] / total)) if total > 0 else (0.0, 0.0)
    if center not in ("final", "mean"):
        raise ValueError(f"center must be 'final' or 'mean', got {center!r}")
    origin = path[-1] if center == "final" else mean
    axes = []
    for k in range(2):
        u = vt[k]
        if (path[0] - origin) @ u > 0:
            u = -u
        axes.append(u)
    d1, d2 = (unflatten(u, like) for u in axes)
    return Plane(unflatten(origin, like), d1, d2, "pca", explained)


def _principal_axes(centred: Array, k: int) -> tuple[Array, Array]:
    """The first k principal directions (k, P) of centred rows (T, P) and their variances s² (k,).

    From the eigenvectors of the smaller Gram matrix, (P, P) = XᵀX or (T, T) = XXᵀ: the same
    directions as the SVD of X (whose rows of Vt they are, up to sign), at a fraction of its cost
    for a long path (T = 5,000 records of ~100 parameters: ~5 ms instead of ~80).
    """
    T, P = centred.shape
    if P <= T:
        var, vecs = np.linalg.eigh(centred.T @ centred)  # ascending eigenvalues
        axes = vecs[:, ::-1][:, :k].T
    else:
        var, vecs = np.linalg.eigh(centred @ centred.T)
        # X = U S Vᵀ: XᵀU = V S, so each direction is Xᵀu normalised
        axes = (centred.T @ vecs[:, ::-1][:, :k]).T
        for i in range(k):
            # an axis of zero variance (a path on a line has no second one) is still a unit vector,
            # orthogonal to the ones before it, so the plane is a plane
            v = axes[i] - axes[:i].T @ (axes[:i] @ axes[i])
            norm = np.linalg.norm(v)
            if norm <= 1e-12 * max(1.0, float(np.abs(centred).max())):
                v = np.eye(P)[int(np.argmin(np.abs(axes[:i]).sum(axis=0)))] if i else np.eye(P)[0]
                v = v - axes[:i].T @ (axes[:i] @ v)
                norm = np.linalg.norm(v)
            axes[i] = v / norm
    var = np.maximum(var[::-1][:k], 0.0)  # rounding can leave tiny negative eigenvalues
    return axes, var


def project(path: Array, plane: Plane) -> Array:
    """(T, 2) plane coordinates (a, b) of flattened points (T, P): least squares, exact on the plane."""
    return PathProjection(plane)(path)


class PathProjection:
    """Plane coordinates of a growing path; called again with the same path plus new rows, it
    projects only the new rows (a training path of 5,000 records is projected once, not per frame)."""

    def __init__(self, plane: Plane) -> None:
        self.plane = plane
        self._basis = np.stack([flatten(plane.d1), flatten(plane.d2)], axis=1)  # (P, 2)
        self._origin = flatten(plane.center) @ self._basis
        # least squares on the plane: the normal equations (BᵀB) c = Bᵀ(x - centre), BᵀB being 2 × 2
        # (diagonal for the orthonormal planes)
        self._inverse = np.linalg.pinv(self._basis.T @ self._basis)  # pinv: never fails
        self._keys = np.empty(0, dtype=np.int64)
        self._coords = np.empty((0, 2))

    def __call__(self, path: Array, keys: Array | None = None) -> Array:
        """(T, 2) coordinates of path (T, P); `keys` (T,) name the rows (e.g. their iterations):
        rows whose keys match the previous call's are not projected again (the last one always is)."""
        path = np.atleast_2d(np.asarray(path, np.float64))
        if keys is None:
            return self._project(path)
        keys = np.asarray(keys)
        known = min(len(self._keys), len(keys)) - 1  # the last row may be a replaced tail
        if known < 1 or not np.array_equal(keys[:known], self._keys[:known]):
            known = 0
        self._coords = np.concatenate([self._coords[:known], self._project(path[known:])])
        self._keys = keys.copy()
        return self._coords

    def _project(self, rows: Array) -> Array:
        with np.errstate(all="ignore"):  # a non-finite row projects to a non-finite point
            return (rows @ self._basis - self._origin) @ self._inverse.T


def plane_losses(model: Network, X: Array, t: Array, plane: Plane, alphas: ArrayLike, betas: ArrayLike,
                 dtype: type | None = None) -> Array:
    """(len(betas), len(alphas)) losses at center + a·d1 + b·d2 (grids.loss_plane; rows follow b)."""
    return grids.loss_plane(model, X, t, plane.center, plane.d1, plane.d2, alphas, betas, dtype)


def interpolation(model: Network, X: Array, t: Array, start: Mapping[str, Array],
                  end: Mapping[str, Array] | None = None, n: int = 50,
                  dtype: type | None = None, extend: float = 0.0) -> tuple[Array, Array]:
    """Losses along the straight line from `start` (e.g. the initial weights) to `end` (default: now).

    Returns (alphas, losses): alpha 0 is `start`, 1 is `end`; extend > 0 goes that far beyond both.
    """
    end = model.params if end is None else end
    return grids.loss_along_line(model, X, t, dict(start), dict(end), n, dtype, extend)
