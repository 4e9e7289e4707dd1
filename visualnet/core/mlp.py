"""A multi-layer perceptron built from the book's layers: Affine -> activation -> ... -> Affine -> loss."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from visualnet.core import activations, functions, optimizers
from visualnet.core.layers import (
    ActivationLayer,
    Affine,
    IdentityWithLoss,
    Relu,
    SoftmaxWithLoss,
    batched_affine,
)

__all__ = ["MLP"]

Array = np.ndarray

TASKS = ("classification", "regression")
# batched_loss works on blocks of stacked settings whose widest layer holds about this many numbers:
# big enough that numpy's per-call overhead vanishes, small enough to stay in cache (and in memory
# for large grids: a whole 41x41 grid of a 32-wide net on 1000 points would be 430 MB per layer)
BLOCK_ELEMENTS = 1 << 19


def _init_std(init: str | float | None, activation: str, n_in: int) -> float:
    """He: sqrt(2 / n_in) suits ReLU-like units; Xavier: sqrt(1 / n_in) suits sigmoid/tanh."""
    if init is None:
        init = "he" if activation in ("relu", "leaky_relu") else "xavier"
    if isinstance(init, str):
        name = init.lower()
        if name == "he":
            return float(np.sqrt(2.0 / n_in))
        if name == "xavier":
            return float(np.sqrt(1.0 / n_in))
        raise ValueError(f"unknown init {init!r}; use 'he', 'xavier' or a float std")
    return float(init)


class MLP:
    """Fully connected network; `sizes` like [2, 8, 8, 2] = 2 inputs, two hidden layers of 8, 2 outputs."""

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        task: str = "classification",
        init: str | float | None = None,
        seed: int = 0,
    ) -> None:
        if len(sizes) < 2 or any(int(s) < 1 for s in sizes):
            raise ValueError(f"sizes needs at least an input and an output size >= 1, got {sizes!r}")
        if task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {task!r}")
        self.sizes = [int(s) for s in sizes]
        self.activation = activations.get(activation)
        self.activation_name = self.activation.name
        self.task = task
        self.n_outputs = self.sizes[-1]
        self.n_layers = len(self.sizes) - 1  # number of Affine layers

        # all parameters live in one flat vector, W1, b1, W2, b2, ... one after the other, and
        # params[key] are views of it: then an optimizer can update the whole network at once
        # (see optimizers.FlatGradients), which for small networks is most of an update's cost
        self._layout = optimizers.FlatLayout({
            key: shape
            for i, (n_in, n_out) in enumerate(zip(self.sizes, self.sizes[1:], strict=False), start=1)
            for key, shape in ((f"W{i}", (n_in, n_out)), (f"b{i}", (n_out,)))})
        self._flat = np.zeros(self._layout.size)
        self.params: dict[str, Array] = self._layout.views(self._flat)
        self._param_arrays = tuple(self.params.values())
        rng = np.random.default_rng(seed)
        for i, n_in in enumerate(self.sizes[:-1], start=1):
            std = _init_std(init, self.activation_name, n_in)
            W = self.params[f"W{i}"]
            W[...] = std * rng.standard_normal(W.shape)  # biases stay 0

        self.layers: list[Affine | ActivationLayer] = []
        for i in range(1, self.n_layers + 1):
            self.layers.append(Affine(self.params, f"W{i}", f"b{i}"))
            if i < self.n_layers:
                is_relu = self.activation is activations.relu
                self.layers.append(Relu() if is_relu else ActivationLayer(self.activation))
        self.last_layer = SoftmaxWithLoss() if task == "classification" else IdentityWithLoss()

    def __repr__(self) -> str:
        return f"MLP(sizes={self.sizes}, activation={self.activation_name!r}, task={self.task!r})"

    # ----- forward -------------------------------------------------------------------------------

    def scores(self, X: Array) -> Array:
        """Network output before the loss layer: X (n, sizes[0]) -> (n, n_outputs)."""
        # the same Affine -> activation chain as self.layers, but for inference only: nothing is
        # kept for a backward pass, so each layer's product is updated in place (bias, ReLU), which
        # saves a temporary per layer (the decision field runs this over 40,000 points a frame)
        a = np.asarray(X, dtype=np.float64)
        params = self.params
        for i in range(1, self.n_layers + 1):
            z = a @ params[f"W{i}"]
            z += params[f"b{i}"]
            if i == self.n_layers:
                return z
            if self.activation is activations.relu:
                a = np.maximum(z, 0.0, out=z)
            else:
                a = self.activation.forward(z)
        return a

    def predict(self, X: Array) -> Array:
        """Class labels (n,) for classification, outputs (n, n_outputs) for regression."""
        y = self.scores(X)
        return y.argmax(axis=1) if self.task == "classification" else y

    def predict_proba(self, X: Array) -> Array:
        """Softmax class probabilities (n, n_outputs); classification only."""
        if self.task != "classification":
            raise ValueError("predict_proba is for classification networks")
        return functions.softmax(self.scores(X))

    def forward_all(self, X: Array) -> list[Array]:
        """[X, h1, h2, ..., output]: the input, every hidden layer's activations and the final output."""
        out = [np.asarray(X, dtype=np.float64)]
        x = out[0]
        for layer in self.layers:
            x = layer.forward(x)
            if isinstance(layer, ActivationLayer):
                out.append(x)
        out.append(functions.softmax(x) if self.task == "classification" else x)
        return out

    def hidden_preactivations(self, X: Array) -> Array:
        """First hidden layer's pre-activations Z = X W1 + b1: (n, h1), or (n, 0) without a hidden layer."""
        X = np.asarray(X, dtype=np.float64)
        if self.n_layers < 2:
            return np.empty((X.shape[0], 0))
        return X @ self.params["W1"] + self.params["b1"]

    # ----- loss and gradients --------------------------------------------------------------------

    def _targets(self, t: Array) -> Array:
        """Labels (N,) int or one-hot (N, k) for classification; (N, m) floats for regression."""
        t = np.asarray(t)
        if self.task == "regression":
            return t.astype(np.float64).reshape(t.shape[0], self.n_outputs)
        return t.astype(np.intp, copy=False) if t.ndim == 1 else t.astype(np.float64, copy=False)

    def loss(self, X: Array, t: Array) -> float:
        """Mean loss over the batch: cross-entropy (classification) or 0.5 * squared error (regression)."""
        return self.last_layer.forward(self.scores(X), self._targets(t))

    def accuracy(self, X: Array, t: Array) -> float:
        """Fraction of correctly classified points (NaN for regression, where it has no meaning)."""
        if self.task != "classification":
            return float("nan")
        t = np.asarray(t)
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        return float(np.mean(self.predict(X) == labels))

    def gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """dL/dparam by backpropagation; same keys as params."""
        # forward through the layers (each keeps what its backward needs), then back again
        x = np.asarray(X, dtype=np.float64)
        for layer in self.layers:
            x = layer.forward(x)
        self.last_layer.output(x, self._targets(t))  # the loss value itself is not needed
        dout = self.last_layer.backward(1.0)
        # the gradients are written straight into views of one flat vector laid out like params
        grads = optimizers.FlatGradients(np.empty(self._flat.size), self._layout, self._flat,
                                         self._param_arrays)
        for layer in self.layers[:0:-1]:  # reversed, down to the second layer
            if isinstance(layer, Affine):
                dout = layer.backward(dout, True, grads[layer.w_key], grads[layer.b_key])
            else:
                dout = layer.backward(dout)
        first = self.layers[0]
        first.backward(dout, False, grads[first.w_key], grads[first.b_key])  # the data needs no dL/dx
        return grads

    def numerical_gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """dL/dparam by central differences (h = 1e-4); slow, for checking backprop."""
        return {
            key: functions.numerical_gradient(lambda _p: self.loss(X, t), p) for key, p in self.params.items()
        }

    def batched_loss(
        self, X: Array, t: Array, params: Mapping[str, Array], dtype: npt.DTypeLike = np.float32
    ) -> Array:
        """Loss for G stacked parameter settings at once -> (G,) float64.

        `params` maps some keys to arrays of shape (G, *self.params[key].shape); the other keys
        come from self.params. Computed in `dtype`: float32 (default) is about twice as fast as
        float64 and agrees with `loss` within ~1e-6; pass np.float64 for agreement to rounding.
        """
        stacked = {key: np.asarray(v) for key, v in params.items()}
        G = self._check_stacked(stacked)
        t = self._targets(t)
        first = min(int(key[1:]) for key in stacked)  # first layer that depends on the stack

        # layers before the first stacked parameter are the same for every setting: compute them once
        a = np.asarray(X, dtype=dtype).T  # feature-major (n_in, N)
        for i in range(1, first):
            a = self.activation.forward(batched_affine(a, *self._layer_params(i, {}, None, dtype)))

        width = max(self.sizes[first - 1 :])
        block = max(1, BLOCK_ELEMENTS // (width * a.shape[-1]))
        out = np.empty(G)
        for lo in range(0, G, block):
            # a block of settings, not a loop over settings: every op below is vectorised over g
            rows = slice(lo, lo + block)
            z = a
            for i in range(first, self.n_layers + 1):
                z = batched_affine(z, *self._layer_params(i, stacked, rows, dtype))
                if i < self.n_layers:
                    z = self.activation.forward(z)
            out[rows] = self.last_layer.batched_loss(z, t)
        return out

    def _check_stacked(self, stacked: Mapping[str, Array]) -> int:
        """Validate stacked parameter shapes and return the common stack size G."""
        if not stacked:
            raise ValueError("batched_loss needs at least one stacked parameter")
        sizes = set()
        for key, v in stacked.items():
            if key not in self.params:
                raise KeyError(f"unknown parameter {key!r}; have {sorted(self.params)}")
            if v.shape[1:] != self.params[key].shape:
                raise ValueError(f"{key}: expected (G, {self.params[key].shape}), got {v.shape}")
            sizes.add(v.shape[0])
        if len(sizes) != 1:
            raise ValueError(f"stacked parameters disagree on G: {sorted(sizes)}")
        return sizes.pop()

    def _layer_params(
        self, i: int, stacked: Mapping[str, Array], rows: slice | None, dtype: npt.DTypeLike
    ) -> tuple[Array, Array]:
        """(W_i, b_i) in `dtype`, taking `rows` of the stacked ones."""
        pair = []
        for key in (f"W{i}", f"b{i}"):
            v = stacked[key][rows] if key in stacked else self.params[key]
            pair.append(v.astype(dtype, copy=False))
        return pair[0], pair[1]

    # ----- parameters ----------------------------------------------------------------------------

    @property
    def param_count(self) -> int:
        """Total number of weights and biases."""
        return sum(p.size for p in self.params.values())

    def copy_params(self) -> dict[str, Array]:
        """Independent copies of all parameters."""
        return {key: p.copy() for key, p in self.params.items()}

    def set_params(self, params: Mapping[str, Array]) -> None:
        """Copy values into the existing arrays (in place, so optimizers and views keep their references)."""
        for key, value in params.items():
            if key not in self.params:
                raise KeyError(f"unknown parameter {key!r}")
            value = np.asarray(value, dtype=np.float64)
            if value.shape != self.params[key].shape:
                raise ValueError(f"{key}: expected shape {self.params[key].shape}, got {value.shape}")
            self.params[key][...] = value
