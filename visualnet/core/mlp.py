"""A multi-layer perceptron built from the book's layers, read as the book's MultiLayerNet.

Affine -> activation -> ... -> Affine -> loss layer: `scores` loops the layers forward, `loss`
puts the last layer on top, `gradient` runs backward through them (common/multi_layer_net.py).
This is the reference a learner reads, and it runs: every call of the methods below goes
through the layers.

Speed lives elsewhere: `fast_mlp` computes the same formulas over the same parameters with about
half as many numpy calls (training steps, the decision field), and `stacked_losses`
evaluates them for whole grids of parameter settings (the loss surfaces). For those routes every
parameter is a view of one vector, `theta` (W1, b1, W2, b2, ... in `layout` order); the layers
read the same arrays, so an in-place update reaches all three. Tests hold the routes together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from visualnet.core import activations, functions
from visualnet.core.layers import ActivationLayer, Affine, IdentityWithLoss, SoftmaxWithLoss
from visualnet.core.params import Layout

__all__ = ["MLP", "TASKS", "as_targets"]

Array = np.ndarray

TASKS = ("classification", "regression")


def as_targets(t: Array, task: str, n_outputs: int) -> Array:
    """Targets as the loss layers take them: labels (N,) int or one-hot (N, k); (N, m) floats to regress."""
    t = np.asarray(t)
    if task == "regression":
        return t.astype(np.float64).reshape(t.shape[0], n_outputs)
    return t.astype(np.intp, copy=False) if t.ndim == 1 else t.astype(np.float64, copy=False)


def init_std(init: str | float | None, activation: str, n_in: int) -> float:
    """He: sqrt(2 / n_in) suits ReLU and its kin (RELU_LIKE); Xavier: sqrt(1 / n_in) suits sigmoid/tanh."""
    if init is None:
        init = "he" if activation in activations.RELU_LIKE else "xavier"
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

        # the parameters W1, b1, W2, b2, ...: views of one vector theta (see the module docstring)
        self.layout = Layout({
            key: shape
            for i, (n_in, n_out) in enumerate(zip(self.sizes, self.sizes[1:], strict=False), start=1)
            for key, shape in ((f"W{i}", (n_in, n_out)), (f"b{i}", (n_out,)))})
        self.theta = np.zeros(self.layout.size)
        self.params: dict[str, Array] = self.layout.unflatten(self.theta)
        rng = np.random.default_rng(seed)
        for i, n_in in enumerate(self.sizes[:-1], start=1):
            W = self.params[f"W{i}"]
            W[...] = init_std(init, self.activation_name, n_in) * rng.standard_normal(W.shape)  # b stays 0

        self.layers: list[Affine | ActivationLayer] = []
        for i in range(1, self.n_layers + 1):
            self.layers.append(Affine(self.params, f"W{i}", f"b{i}"))
            if i < self.n_layers:
                self.layers.append(ActivationLayer(self.activation))
        self.last_layer: SoftmaxWithLoss | IdentityWithLoss = (
            SoftmaxWithLoss() if task == "classification" else IdentityWithLoss())

    def __repr__(self) -> str:
        return f"MLP(sizes={self.sizes}, activation={self.activation_name!r}, task={self.task!r})"

    # ----- forward -------------------------------------------------------------------------------

    def scores(self, X: Array) -> Array:
        """Network output before the loss layer (the book's predict): X (n, sizes[0]) -> (n, n_outputs)."""
        x = np.asarray(X, dtype=np.float64)
        for layer in self.layers:
            x = layer.forward(x)
        return x

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

    def loss(self, X: Array, t: Array) -> float:
        """Mean loss over the batch: cross-entropy (classification) or 0.5 * squared error (regression)."""
        return self.last_layer.forward(self.scores(X), as_targets(t, self.task, self.n_outputs))

    def accuracy(self, X: Array, t: Array) -> float:
        """Fraction of correctly classified points (NaN for regression, where it has no meaning)."""
        if self.task != "classification":
            return float("nan")
        t = np.asarray(t)
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        return float(np.mean(self.predict(X) == labels))

    def gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """dL/dparam by backpropagation through the layers; same keys as params."""
        self.loss(X, t)  # forward: every layer keeps what its backward needs
        dout = self.last_layer.backward(1.0)
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
        grads: dict[str, Array] = {}
        for layer in self.layers:
            if isinstance(layer, Affine):
                grads[layer.w_key], grads[layer.b_key] = layer.dW, layer.db
        return grads

    def numerical_gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """dL/dparam by central differences (h = 1e-4) through the layers; slow, for checking backprop."""
        return {
            key: functions.numerical_gradient(lambda _p: self.loss(X, t), p) for key, p in self.params.items()
        }

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
