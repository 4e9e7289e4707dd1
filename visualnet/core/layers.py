"""Layers as in the book: `forward` caches what `backward` needs; plus stacked forwards for loss surfaces.

Training runs on batches `x: (N, n)` (one row per sample). The `batched_*` functions serve
`MLP.batched_loss`: they use a feature-major layout `(n, g, N)` (features, g stacked parameter
settings, samples) so every product is one large matrix multiply and the softmax runs over
contiguous rows.
"""

from __future__ import annotations

import numpy as np

from visualnet.core import activations, functions
from visualnet.core.activations import Activation

__all__ = ["ActivationLayer", "Affine", "IdentityWithLoss", "Relu", "SoftmaxWithLoss", "batched_affine"]

Array = np.ndarray


class Affine:
    """Fully connected layer `out = x W + b` whose W and b live in a shared params dict."""

    def __init__(self, params: dict[str, Array], w_key: str, b_key: str) -> None:
        # keep the dict, not the arrays: a model whose params are replaced still sees the new ones
        self.params = params
        self.w_key = w_key
        self.b_key = b_key
        self.x: Array | None = None
        self.dW: Array | None = None
        self.db: Array | None = None

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

    def backward(self, dout: Array, input_grad: bool = True) -> Array | None:
        """dL/dout (N, n_out) -> dL/dx (N, n_in); stores dW and db.

        `input_grad=False` skips dL/dx (returns None): the first layer's input is the data,
        which nothing upstream needs a gradient for.
        """
        # out = x W + b:  dL/dW = x^T dout,  dL/db = sum over the batch of dout,  dL/dx = dout W^T
        self.dW = self.x.T @ dout
        self.db = dout.sum(axis=0)
        return dout @ self.params[self.w_key].T if input_grad else None


class ActivationLayer:
    """Elementwise activation `out = h(x)`."""

    def __init__(self, activation: str | Activation) -> None:
        self.activation = activations.get(activation)
        self.x: Array | None = None

    def forward(self, x: Array) -> Array:
        """Apply h elementwise, remembering x."""
        self.x = x
        return self.activation.forward(x)

    def backward(self, dout: Array) -> Array:
        """Chain rule: dL/dx = dL/dout * h'(x)."""
        return dout * self.activation.derivative(self.x)


class Relu(ActivationLayer):
    """The book's ReLU layer: out = max(x, 0); backward lets dout through where x > 0, 0 elsewhere.

    The same numbers as ActivationLayer("relu"), with fewer steps: no h'(x) array is built, the
    book's mask zeroes dout in place (dout is the fresh dL/dx of the layer above).
    """

    def __init__(self) -> None:
        super().__init__(activations.relu)
        self.mask: Array | None = None

    def forward(self, x: Array) -> Array:
        """max(x, 0) (NaN stays NaN), remembering where x <= 0."""
        self.x = x
        self.mask = x <= 0
        return np.maximum(x, 0.0)

    def backward(self, dout: Array) -> Array:
        """dout with the entries where x <= 0 set to 0 (in place, as in the book)."""
        np.putmask(dout, self.mask, 0.0)
        return dout


def _labels_if_one_hot(t: Array) -> Array:
    """Turn exactly one-hot rows (N, k) into labels (N,); other targets are returned unchanged."""
    if t.ndim == 2 and np.all((t == 0) | (t == 1)) and np.all(t.sum(axis=1) == 1):
        return t.argmax(axis=1)
    return t


class SoftmaxWithLoss:
    """Output layer for classification: softmax, then cross-entropy against t (labels or one-hot)."""

    def __init__(self) -> None:
        self.y: Array | None = None
        self.t: Array | None = None

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

    @staticmethod
    def batched_loss(z: Array, t: Array) -> Array:
        """Feature-major scores z (k, g, N) -> the g mean cross-entropies (g,) float64; z is overwritten.

        With labels t sorted (as MLP.batched_loss passes them), each class's points are one
        contiguous slice, and y_t is read slice by slice instead of gathered point by point.
        """
        k, n = z.shape[0], z.shape[-1]
        # the same softmax as functions.softmax, over axis 0, in place, one class row at a time
        m = z[0].copy()
        for j in range(1, k):
            np.maximum(m, z[j], out=m)
        z -= m  # softmax is shift-invariant; the max keeps exp() <= 1
        e = np.exp(z, out=z)
        s = e[0].copy()
        for j in range(1, k):
            s += e[j]
        t = _labels_if_one_hot(t)
        if t.ndim == 2:
            log_y = np.log(e / s + functions.EPS_LOG)
            return -(t.T[:, None, :] * log_y).sum(axis=(0, 2), dtype=np.float64) / n
        # one-hot t: only the true class's -log(y_t + 1e-7) survives
        starts = np.searchsorted(t, np.arange(k + 1)) if np.all(t[:-1] <= t[1:]) else None
        if starts is not None:
            y_t = s  # y_t = e_t / s, written over s slice by slice
            for j in range(k):
                lo, hi = starts[j], starts[j + 1]
                np.divide(e[j, :, lo:hi], s[:, lo:hi], out=y_t[:, lo:hi])
        else:
            y_t = e.transpose(1, 0, 2)[:, t, np.arange(n)] / s  # y_t[j, i] = e[t_i, j, i] / s[j, i]
        y_t += functions.EPS_LOG
        return -np.log(y_t, out=y_t).sum(axis=-1, dtype=np.float64) / n


class IdentityWithLoss:
    """Output layer for regression: identity, then the squared error 0.5 * sum (y - t)^2 / N."""

    def __init__(self) -> None:
        self.y: Array | None = None
        self.t: Array | None = None

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

    @staticmethod
    def batched_loss(y: Array, t: Array) -> Array:
        """Feature-major outputs y (m, g, N), targets t (N, m) -> the g squared errors (g,) float64."""
        d = y - t.T[:, None, :]
        return 0.5 * (d * d).sum(axis=(0, 2), dtype=np.float64) / y.shape[-1]


def batched_affine(a: Array, W: Array, b: Array) -> Array:
    """`a W + b` feature-major, for g stacked parameter settings.

    a: (n_in, N) shared or (n_in, g, N); W: (n_in, n_out) or (g, n_in, n_out); b: (n_out,) or (g, n_out).
    Returns (n_out, g, N) when anything is stacked, else (n_out, N).
    """
    if W.ndim == 3:
        g, n_in, n_out = W.shape
        if a.ndim == 2:
            # one input, g weight matrices: stack the matrices' columns into one (n_out*g, n_in) product
            z = (W.transpose(2, 0, 1).reshape(n_out * g, n_in) @ a).reshape(n_out, g, a.shape[-1])
        else:
            # g inputs, g matrices: z[:, j] = W[j]^T a[:, j]
            z = np.ascontiguousarray(np.matmul(W.transpose(0, 2, 1), a.transpose(1, 0, 2)).transpose(1, 0, 2))
    else:
        n_in, n_out = W.shape
        z = (W.T @ a.reshape(n_in, -1)).reshape((n_out, *a.shape[1:]))
    if b.ndim == 2:
        # (g, n_out) -> (n_out, g, 1); a shared z (n_out, N) becomes (n_out, 1, N) and broadcasts to g
        return (z if z.ndim == 3 else z[:, None, :]) + b.T[:, :, None]
    z += b.reshape((-1,) + (1,) * (z.ndim - 1))
    return z
