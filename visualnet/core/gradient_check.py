"""Gradient check (book 5.7.3): backpropagation against the numerical gradient, and the step h itself.

`compare` puts a model's backprop gradient beside its numerical one (central differences, h = 1e-4,
the book's numerical_gradient, the forward pass through the layers) and measures how far apart they
are. Which loss is differentiated matters: the book's cross-entropy is -log(y + 1e-7), while
SoftmaxWithLoss's backward, (y − t) / N, is the derivative of -log(y) — the two gradients differ by
about 1e-7 / y at a point whose class has probability y, which for a confidently wrong point is far
above rounding. So by default the numerical gradient is taken of the loss backpropagation
differentiates (`exact_loss`: the same layers, the cross-entropy without the 1e-7, as a log-softmax);
`with_delta=True` takes the book's loss as the model computes it, to show the difference.

The rest is the book's numerical_diff (4.3.1) with h free, so a learner sees why h = 1e-4: a large h
leaves a truncation error, a tiny one a rounding error, and h = 1e-50 gives 0 (5 + 1e-50 == 5 in float64).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from visualnet.core.functions import numerical_gradient
from visualnet.core.mlp import MLP, as_targets
from visualnet.core.protocols import Model

__all__ = [
    "TINY",
    "Comparison",
    "central_diff",
    "compare",
    "exact_loss",
    "forward_diff",
    "function_1",
    "loss_along",
    "relative_error",
]

Array = np.ndarray

TINY = 1e-300  # keeps 0 / 0 (two all-zero gradients) at 0 instead of NaN
Masks = Sequence[Array | None] | None  # dropout masks, one per hidden layer, as MLP.last_masks gives them


def relative_error(a: Array | Sequence[Array], b: Array | Sequence[Array]) -> float:
    """max |a − b| / max(|a| + |b|, TINY) over every entry: 0 when equal, 1 when opposite or one is 0."""
    a_flat = np.concatenate([np.ravel(x) for x in a]) if isinstance(a, list | tuple) else np.ravel(a)
    b_flat = np.concatenate([np.ravel(x) for x in b]) if isinstance(b, list | tuple) else np.ravel(b)
    if a_flat.size == 0:
        return 0.0
    # one scale for the whole block: a tiny entry of a large gradient does not count as a large error
    diff = float(np.max(np.abs(a_flat - b_flat)))
    scale = float(np.max(np.abs(a_flat) + np.abs(b_flat)))
    return diff / max(scale, TINY)


@dataclass(frozen=True)
class Comparison:
    """Both gradients of every parameter block, and how far apart they are."""

    backprop: dict[str, Array]
    numerical: dict[str, Array]
    errors: dict[str, float]  # relative_error per block
    overall: float  # relative_error over all blocks at once
    masks: Masks = None  # the dropout masks backprop drew (both gradients are of that network)


def exact_loss(model: Model, X: Array, t: Array, masks: Masks = None) -> float:
    """The loss backpropagation differentiates: a classifier's cross-entropy without the book's 1e-7,
    plus the weights' penalty, through the dropout masks the gradient drew (`masks`; None: none)."""
    if not isinstance(model, MLP):
        return float(model.loss(X, t))
    if model.task != "classification":
        return float(model.loss(X, t, masks))
    z = model.scores(X, masks)  # through the layers
    # -log softmax(z) = log sum exp(z - max) - (z - max): finite even where softmax underflows to 0
    shifted = z - z.max(axis=1, keepdims=True)
    log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    t = as_targets(t, model.task, model.n_outputs)
    picked = log_y[np.arange(len(z)), t] if t.ndim == 1 else (t * log_y).sum(axis=1)
    return float(-picked.sum() / len(z)) + model.penalty_value()


def _masks_of(model: Model) -> Masks:
    """The dropout masks the model's last gradient used: the numerical gradient must see the same net."""
    return model.last_masks() if isinstance(model, MLP) and model.drops else None


def compare(model: Model, X: Array, t: Array, with_delta: bool = False) -> Comparison:
    """model.gradient (backprop) against central differences (h = 1e-4) on (X, t), block by block.

    The numerical gradient is of `exact_loss`, or with `with_delta` of model.loss (log(y + 1e-7)); with
    dropout, both through the masks backprop drew (a fixed mask makes the network one function).
    """
    with np.errstate(all="ignore"):
        backprop = {k: np.array(v, dtype=np.float64) for k, v in model.gradient(X, t).items()}
        masks = _masks_of(model)
        if with_delta and masks is None:
            numerical = {k: np.array(v, dtype=np.float64) for k, v in model.numerical_gradient(X, t).items()}
        elif with_delta:
            assert isinstance(model, MLP)  # only an MLP drops units
            numerical = {k: numerical_gradient(lambda _p: model.loss(X, t, masks), p)
                         for k, p in model.params.items()}
        else:
            numerical = {k: numerical_gradient(lambda _p: exact_loss(model, X, t, masks), p)
                         for k, p in model.params.items()}
    keys = list(model.params)
    errors = {k: relative_error(backprop[k], numerical[k]) for k in keys}
    overall = relative_error([backprop[k] for k in keys], [numerical[k] for k in keys])
    return Comparison(backprop, numerical, errors, overall, masks)


# ---------------------------------------------------------------------------------- one parameter

def function_1(x: float) -> float:
    """The book's example f(x) = 0.01x² + 0.1x; f'(x) = 0.02x + 0.1, so f'(5) = 0.2."""
    return 0.01 * x**2 + 0.1 * x


def central_diff(f: Callable[[float], float], x: float, h: float) -> float:
    """(f(x + h) − f(x − h)) / 2h, the book's numerical_diff with h chosen."""
    return (f(x + h) - f(x - h)) / (2 * h)


def forward_diff(f: Callable[[float], float], x: float, h: float) -> float:
    """(f(x + h) − f(x)) / h, the book's "bad" first version: its error is of order h."""
    return (f(x + h) - f(x)) / h


def loss_along(model: Model, X: Array, t: Array, key: str, index: int,
               masks: Masks = None) -> Callable[[float], float]:
    """`exact_loss` (through `masks`) as a function of the one weight params[key].flat[index] (restored
    after each call)."""
    p = model.params[key].reshape(-1)  # a view: the params are contiguous arrays

    def f(w: float) -> float:
        saved = float(p[index])
        p[index] = w
        try:
            return exact_loss(model, X, t, masks)
        finally:
            p[index] = saved

    return f
