"""The network's input features, as TensorFlow Playground offers them: x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂.

A classification MLP may take, instead of the raw point (x₁, x₂), any of these columns computed from
it; its first Affine layer then has one row of weights per feature. With x₁² + x₂² a circle becomes
a line (one neuron separates it); with x₁x₂ the XOR quadrants do.

    columns(X, ("x1", "x1sq"))  ->  (n, 2): [x₁, x₁²] of each point of X (n, 2)

`gradient_to_points` carries dL/dcolumns back to dL/dX (the chain rule of each formula), for the
feature layer's backward pass; the network itself needs no gradient of the data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np

__all__ = ["CODE", "DEFAULT", "LABELS", "NAMES", "canonical", "columns", "gradient_to_points"]

Array = np.ndarray

NAMES = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
DEFAULT = ("x1", "x2")
# display texts: mathematics, the same in every language (not translated)
LABELS = {"x1": "x₁", "x2": "x₂", "x1sq": "x₁²", "x2sq": "x₂²", "x1x2": "x₁x₂", "sinx1": "sin x₁",
          "sinx2": "sin x₂"}
# each feature as numpy code on the raw points X (n, 2): what "Copy as NumPy" writes
CODE = {"x1": "X[:, 0]", "x2": "X[:, 1]", "x1sq": "X[:, 0] * X[:, 0]", "x2sq": "X[:, 1] * X[:, 1]",
        "x1x2": "X[:, 0] * X[:, 1]", "sinx1": "np.sin(X[:, 0])", "sinx2": "np.sin(X[:, 1])"}

# each feature f(x1, x2) and its partial derivatives (df/dx1, df/dx2)
_Formula = Callable[[Array, Array], Array]
_FORMULAS: dict[str, tuple[_Formula, _Formula, _Formula]] = {
    "x1": (lambda a, b: a, lambda a, b: np.ones_like(a), lambda a, b: np.zeros_like(a)),
    "x2": (lambda a, b: b, lambda a, b: np.zeros_like(a), lambda a, b: np.ones_like(a)),
    "x1sq": (lambda a, b: a * a, lambda a, b: 2.0 * a, lambda a, b: np.zeros_like(a)),
    "x2sq": (lambda a, b: b * b, lambda a, b: np.zeros_like(a), lambda a, b: 2.0 * b),
    "x1x2": (lambda a, b: a * b, lambda a, b: b, lambda a, b: a),
    "sinx1": (lambda a, b: np.sin(a), lambda a, b: np.cos(a), lambda a, b: np.zeros_like(a)),
    "sinx2": (lambda a, b: np.sin(b), lambda a, b: np.zeros_like(a), lambda a, b: np.cos(b)),
}


def canonical(ids: Iterable[str]) -> tuple[str, ...]:
    """The ids in NAMES order; ValueError for an unknown id, a repeat or none at all."""
    chosen = list(ids)
    unknown = [f for f in chosen if f not in NAMES]
    if unknown:
        raise ValueError(f"unknown input features {unknown}; choose from {NAMES}")
    if len(set(chosen)) != len(chosen):
        raise ValueError(f"an input feature is named twice in {chosen}")
    if not chosen:
        raise ValueError("a network needs at least one input feature")
    return tuple(f for f in NAMES if f in chosen)


def columns(X: Array, ids: Iterable[str]) -> Array:
    """The feature columns (n, len(ids)) float64 of raw points X (n, 2), in the order of `ids`."""
    X = np.asarray(X, dtype=np.float64)
    ids = tuple(ids)
    if ids == DEFAULT:
        return X  # the raw points themselves: no copy
    x1, x2 = X[:, 0], X[:, 1]
    out = np.empty((X.shape[0], len(ids)))
    for j, f in enumerate(ids):
        out[:, j] = _FORMULAS[f][0](x1, x2)
    return out


def gradient_to_points(X: Array, ids: Iterable[str], dcols: Array) -> Array:
    """dL/dX (n, 2) from dL/dcolumns (n, len(ids)): sum over features of dL/df · ∂f/∂x (chain rule)."""
    X = np.asarray(X, dtype=np.float64)
    x1, x2 = X[:, 0], X[:, 1]
    dX = np.zeros_like(X)
    for j, f in enumerate(ids):
        _, d1, d2 = _FORMULAS[f]
        dX[:, 0] += dcols[:, j] * d1(x1, x2)
        dX[:, 1] += dcols[:, j] * d2(x1, x2)
    return dX
