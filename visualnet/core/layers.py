"""Layers as in the book (common/layers.py): `forward` caches what `backward` needs.

Every layer works on batches `x: (N, n)`, one row per sample. These are the reference formulas:
the MLP is built from them, fast_mlp computes the same numbers with fewer numpy calls, and
stacked_losses evaluates them for many parameter settings at once (tests hold all three together).
"""

from __future__ import annotations

import numpy as np

from visualnet.core import activations, features, functions
from visualnet.core.activations import Activation

__all__ = ["ActivationLayer", "Affine", "Dropout", "FeatureLayer", "IdentityWithLoss", "SoftmaxWithLoss"]

Array = np.ndarray
_EMPTY = np.empty((0, 0))  # what a layer holds before its first forward pass


class Affine:
    """Fully connected layer `out = x W + b` whose W and b live in a shared params dict."""

    def __init__(self, params: dict[str, Array], w_key: str, b_key: str) -> None:
        # keep the dict, not the arrays: a model whose params are replaced still sees the new ones
        self.params = params
        self.w_key = w_key
        self.b_key = b_key
        self.x: Array = _EMPTY
        self.dW: Array = _EMPTY
        self.db: Array = _EMPTY

    @property
    def W(self) -> Array:
        """Weights (n_in, n_out)."""
        return self.params[self.w_key]

    @property
    def b(self) -> Array:
        """Bias (n_out,)."""
        return self.params[self.b_key]

    def forward(self, x: Array) -> Array:
        """x: (N, n_in) -> (N, n_out)."""
        self.x = x
        params = self.params  # (the W and b properties, read directly: this runs every iteration)
        out = x @ params[self.w_key]
        out += params[self.b_key]  # in place on the fresh product: one temporary fewer than x W + b
        return out

    def backward(self, dout: Array) -> Array:
        """dL/dout (N, n_out) -> dL/dx (N, n_in); stores dW and db."""
        # out = x W + b:  dL/dW = x^T dout,  dL/db = sum over the batch of dout,  dL/dx = dout W^T
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.params[self.w_key].T


class ActivationLayer:
    """Elementwise activation `out = h(x)`."""

    def __init__(self, activation: str | Activation) -> None:
        self.activation = activations.get(activation)
        self.x: Array = _EMPTY

    def forward(self, x: Array) -> Array:
        """Apply h elementwise, remembering x."""
        self.x = x
        return self.activation.forward(x)

    def backward(self, dout: Array) -> Array:
        """Chain rule: dL/dx = dL/dout * h'(x)."""
        return dout * self.activation.derivative(self.x)


class FeatureLayer:
    """The input features (core.features): raw points x (N, 2) -> their columns (N, k); no parameters."""

    def __init__(self, ids: tuple[str, ...]) -> None:
        self.ids = ids
        self.x: Array = _EMPTY

    def forward(self, x: Array) -> Array:
        """The chosen feature columns of each point."""
        self.x = x
        return features.columns(x, self.ids)

    def backward(self, dout: Array) -> Array:
        """dL/dcolumns (N, k) -> dL/dx (N, 2), each feature's partial derivatives by the chain rule."""
        return features.gradient_to_points(self.x, self.ids, dout)


class Dropout:
    """The book's Dropout: while training each unit is kept with probability 1 - ratio (a new mask per
    batch) and the others output 0; at evaluation every unit passes, scaled by 1 - ratio, so a unit's
    output is on average what training saw."""

    def __init__(self, ratio: float = 0.0) -> None:
        self.ratio = float(ratio)
        self.mask: Array | None = None  # the last training mask (True: kept); None after an evaluation

    def forward(self, x: Array, rng: np.random.Generator | None = None, mask: Array | None = None) -> Array:
        """Training (a generator to draw the mask from, or the mask itself): x * mask; else x (1 - ratio)."""
        if mask is None and rng is not None and self.ratio > 0.0:
            mask = rng.random(x.shape) > self.ratio  # the book's np.random.rand(*x.shape) > ratio
        self.mask = mask
        if mask is not None:
            return x * mask
        return x if self.ratio == 0.0 else x * (1.0 - self.ratio)

    def backward(self, dout: Array) -> Array:
        """A dropped unit passes no gradient: dL/dx = dL/dout * mask (at evaluation, * (1 - ratio))."""
        if self.mask is not None:
            return dout * self.mask
        return dout if self.ratio == 0.0 else dout * (1.0 - self.ratio)


class SoftmaxWithLoss:
    """Output layer for classification: softmax, then cross-entropy against t (labels or one-hot)."""

    def __init__(self) -> None:
        self.y: Array = _EMPTY
        self.t: Array = _EMPTY

    def forward(self, x: Array, t: Array) -> float:
        """Scores x (N, k) -> mean cross-entropy of softmax(x)."""
        self.output(x, t)
        return functions.cross_entropy_error(self.y, t)

    def output(self, x: Array, t: Array) -> Array:
        """The forward pass without the loss value (backward needs only y and t): y = softmax(x)."""
        self.t = t
        self.y = functions.softmax(x)
        return self.y

    def backward(self, dout: float = 1.0) -> Array:
        """dL/dx (N, k)."""
        # softmax + cross-entropy: dL/dz = (y - t) / N
        n = self.y.shape[0]
        if self.t.ndim == 1:
            dx = self.y.copy()
            # y - t for one-hot t given as labels: subtract 1 at each row's label, dx[i, t_i] -= 1,
            # through the flat positions (a 1-D index is cheaper than dx[np.arange(n), t])
            dx.reshape(-1)[functions.label_positions(self.t, dx.shape[1])] -= 1.0
        else:
            dx = self.y - self.t
        dx *= dout / n
        return dx


class IdentityWithLoss:
    """Output layer for regression: identity, then the squared error 0.5 * sum (y - t)^2 / N."""

    def __init__(self) -> None:
        self.y: Array = _EMPTY
        self.t: Array = _EMPTY

    def forward(self, x: Array, t: Array) -> float:
        """Outputs x (N, m), targets t (N, m) -> squared error."""
        self.output(x, t)
        return functions.mean_squared_error(x, t)

    def output(self, x: Array, t: Array) -> Array:
        """The forward pass without the loss value (backward needs only y and t): y = x."""
        self.y = x
        self.t = t
        return x

    def backward(self, dout: float = 1.0) -> Array:
        """dL/dx (N, m)."""
        # E = 0.5 * sum (y - t)^2 / N  =>  dE/dy = (y - t) / N
        return (self.y - self.t) * (dout / self.y.shape[0])
