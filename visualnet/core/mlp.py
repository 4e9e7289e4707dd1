"""A multi-layer perceptron built from the book's layers, read as the book's MultiLayerNet.

[features ->] Affine -> activation -> Dropout -> ... -> Affine -> loss layer: `scores` loops the
layers forward, `loss` puts the last layer on top and adds the weights' penalty, `gradient` runs
backward through them (common/multi_layer_net.py and multi_layer_net_extend.py).
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
from visualnet.core import features as input_features
from visualnet.core.layers import (
    ActivationLayer,
    Affine,
    Dropout,
    FeatureLayer,
    IdentityWithLoss,
    SoftmaxWithLoss,
)
from visualnet.core.params import Layout

__all__ = ["MLP", "TASKS", "as_targets"]

Array = np.ndarray
Layer = FeatureLayer | Affine | ActivationLayer | Dropout

TASKS = ("classification", "regression")


def as_targets(t: Array, task: str, n_outputs: int) -> Array:
    """Targets as the loss layers take them: labels (N,) int or one-hot (N, k); (N, m) floats to regress."""
    t = np.asarray(t)
    if task == "regression":
        return t.astype(np.float64).reshape(t.shape[0], n_outputs)
    return t.astype(np.intp, copy=False) if t.ndim == 1 else t.astype(np.float64, copy=False)


def init_std(init: str | float | None, activation: str, n_in: int) -> float:
    """He: sqrt(2 / n_in) suits ReLU and its kin (RELU_LIKE); Xavier: sqrt(1 / n_in) suits sigmoid/tanh;
    zeros: 0 (every weight alike, so every unit of a layer learns the same: the book's warning)."""
    if init is None:
        init = "he" if activation in activations.RELU_LIKE else "xavier"
    if isinstance(init, str):
        name = init.lower()
        if name == "he":
            return float(np.sqrt(2.0 / n_in))
        if name == "xavier":
            return float(np.sqrt(1.0 / n_in))
        if name == "zeros":
            return 0.0
        raise ValueError(f"unknown init {init!r}; use 'he', 'xavier', 'zeros' or a float std")
    return float(init)


class MLP:
    """Fully connected network; `sizes` like [2, 8, 8, 2] = 2 inputs, two hidden layers of 8, 2 outputs.

    With `features` (ids of core.features, e.g. ("x1", "x2", "x1sq")) the network takes raw points
    (n, 2) and its first layer computes those columns: sizes[0] == len(features).
    """

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        task: str = "classification",
        init: str | float | None = None,
        seed: int = 0,
        features: Sequence[str] | None = None,
    ) -> None:
        if len(sizes) < 2 or any(int(s) < 1 for s in sizes):
            raise ValueError(f"sizes needs at least an input and an output size >= 1, got {sizes!r}")
        if task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {task!r}")
        self.sizes = [int(s) for s in sizes]
        self.features: tuple[str, ...] | None = None
        if features is not None:
            self.features = tuple(features)
            input_features.canonical(self.features)  # ValueError for an unknown or a repeated id
            if len(self.features) != self.sizes[0]:
                raise ValueError(f"sizes[0] must be the number of features {self.features}, got {sizes!r}")
        self.n_inputs = self.sizes[0] if self.features is None else 2  # raw input columns X has
        self.activation = activations.get(activation)
        self.activation_name = self.activation.name
        self.task = task
        self.n_outputs = self.sizes[-1]
        self.n_layers = len(self.sizes) - 1  # number of Affine layers
        # the penalty on the weights (not the biases) that loss adds and gradient differentiates
        self.penalty = "none"  # "none" | "l2": λ/2·ΣW² (the book's weight decay) | "l1": λ·Σ|W|
        self.penalty_rate = 0.0  # λ
        # the generator dropout masks come from when gradient is given none (a trainer gives its own)
        self.rng = np.random.default_rng([1, seed])

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
            std = init_std(init, self.activation_name, n_in)
            if std:  # (zeros: W stays 0, b stays 0)
                W[...] = std * rng.standard_normal(W.shape)  # b stays 0

        # [features ->] Affine -> activation -> Dropout -> ... -> Affine (the book's MultiLayerNetExtend)
        self.layers: list[Layer] = [] if self.features is None else [FeatureLayer(self.features)]
        self.dropout_layers: list[Dropout] = []
        for i in range(1, self.n_layers + 1):
            self.layers.append(Affine(self.params, f"W{i}", f"b{i}"))
            if i < self.n_layers:
                self.layers.append(ActivationLayer(self.activation))
                self.dropout_layers.append(Dropout(0.0))
                self.layers.append(self.dropout_layers[-1])
        self.last_layer: SoftmaxWithLoss | IdentityWithLoss = (
            SoftmaxWithLoss() if task == "classification" else IdentityWithLoss())

    def __repr__(self) -> str:
        extra = "" if self.features is None else f", features={self.features}"
        return f"MLP(sizes={self.sizes}, activation={self.activation_name!r}, task={self.task!r}{extra})"

    @property
    def dropout(self) -> list[float]:
        """The dropout ratio after each hidden layer's activation (0: none); assign a list to change them."""
        return [layer.ratio for layer in self.dropout_layers]

    @dropout.setter
    def dropout(self, ratios: Sequence[float]) -> None:
        ratios = list(ratios)
        for i, layer in enumerate(self.dropout_layers):
            layer.ratio = float(ratios[i]) if i < len(ratios) else 0.0

    @property
    def drops(self) -> bool:
        """True if a hidden layer drops units while training (a ratio above 0)."""
        return any(layer.ratio > 0.0 for layer in self.dropout_layers)

    # ----- forward -------------------------------------------------------------------------------

    def input_columns(self, X: Array) -> Array:
        """What the first Affine multiplies: the feature columns of raw points X (n, 2), or X itself."""
        if self.features is None:
            return np.asarray(X, dtype=np.float64)
        return input_features.columns(X, self.features)

    def _forward(self, X: Array, rng: np.random.Generator | None = None,
                 masks: Sequence[Array | None] | None = None) -> Array:
        """Scores through every layer: at evaluation (no rng, no masks), or training with dropout masks
        drawn from `rng` or given (`masks`, one per hidden layer, as `last_masks` returns them)."""
        x = np.asarray(X, dtype=np.float64)
        d = 0
        for layer in self.layers:
            if isinstance(layer, Dropout):
                x = layer.forward(x, rng, None if masks is None else masks[d])
                d += 1
            else:
                x = layer.forward(x)
        return x

    def scores(self, X: Array, masks: Sequence[Array | None] | None = None) -> Array:
        """Network output before the loss layer (the book's predict): X (n, n_inputs) -> (n, n_outputs);
        with `masks` (as `last_masks` returns them) the training pass those dropout masks give."""
        return self._forward(X, masks=masks)

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
        """[input columns, h1, h2, ..., output]: what the first Affine multiplies, every hidden layer's
        output as the next Affine takes it (after dropout's evaluation scaling) and the final output."""
        x = self.input_columns(X)
        out = [x]
        for layer in self.layers[self.features is not None:]:
            x = layer.forward(x)
            if isinstance(layer, Dropout):
                out.append(x)
        out.append(functions.softmax(x) if self.task == "classification" else x)
        return out

    def hidden_preactivations(self, X: Array) -> Array:
        """First hidden layer's pre-activations Z = X W1 + b1: (n, h1), or (n, 0) without a hidden layer."""
        X = np.asarray(X, dtype=np.float64)
        if self.n_layers < 2:
            return np.empty((X.shape[0], 0))
        return self.input_columns(X) @ self.params["W1"] + self.params["b1"]

    # ----- loss and gradients --------------------------------------------------------------------

    def penalty_value(self) -> float:
        """The penalty loss adds: λ/2·ΣW² (l2) or λ·Σ|W| (l1) over every weight matrix, not the biases."""
        if self.penalty == "none" or self.penalty_rate == 0.0:
            return 0.0
        weights = [self.params[f"W{i}"] for i in range(1, self.n_layers + 1)]
        if self.penalty == "l2":
            return 0.5 * self.penalty_rate * float(sum(np.vdot(W, W) for W in weights))
        return self.penalty_rate * float(sum(np.abs(W).sum() for W in weights))

    def penalty_gradient(self, W: Array) -> Array | None:
        """d penalty / dW of one weight matrix: λW (l2) or λ·sign(W) (l1); None without a penalty."""
        if self.penalty == "none" or self.penalty_rate == 0.0:
            return None
        return self.penalty_rate * (W if self.penalty == "l2" else np.sign(W))

    def data_loss(self, X: Array, t: Array, masks: Sequence[Array | None] | None = None) -> float:
        """Mean loss over the batch, no penalty: cross-entropy (classification) or 0.5 * squared error."""
        return self.last_layer.forward(self.scores(X, masks), as_targets(t, self.task, self.n_outputs))

    def loss(self, X: Array, t: Array, masks: Sequence[Array | None] | None = None) -> float:
        """What gradient differentiates: the data loss plus the penalty (the book's MultiLayerNetExtend).

        At evaluation (every unit, scaled by dropout's 1 - ratio), or with the given dropout masks.
        """
        return self.data_loss(X, t, masks) + self.penalty_value()

    def accuracy(self, X: Array, t: Array) -> float:
        """Fraction of correctly classified points (NaN for regression, where it has no meaning)."""
        if self.task != "classification":
            return float("nan")
        t = np.asarray(t)
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        return float(np.mean(self.predict(X) == labels))

    def gradient(self, X: Array, t: Array, rng: np.random.Generator | None = None,
                 masks: Sequence[Array | None] | None = None, training: bool = True) -> dict[str, Array]:
        """dL/dparam by backpropagation through the layers; same keys as params.

        Training: dropout masks drawn from `rng` (default: the model's own generator) or given.
        `training=False`: the gradient of the loss as measured (every unit on, scaled by 1 − ratio):
        the slope of the loss surfaces the views draw.
        """
        if not training:
            rng, masks = None, None
        elif masks is None and rng is None:
            rng = self.rng
        # forward: every layer keeps what its backward needs (and each Dropout its mask)
        scores = self._forward(X, rng=rng, masks=masks)
        self.last_layer.forward(scores, as_targets(t, self.task, self.n_outputs))
        dout = self.last_layer.backward(1.0)
        for layer in reversed(self.layers):
            if isinstance(layer, FeatureLayer):
                break  # the data needs no gradient
            dout = layer.backward(dout)
        grads: dict[str, Array] = {}
        for layer in self.layers:
            if isinstance(layer, Affine):
                grads[layer.w_key], grads[layer.b_key] = layer.dW, layer.db
                extra = self.penalty_gradient(layer.W)
                if extra is not None:
                    grads[layer.w_key] = layer.dW + extra
        return grads

    def last_masks(self) -> list[Array | None]:
        """The dropout masks of the last gradient, one per hidden layer (None: nothing dropped)."""
        return [layer.mask for layer in self.dropout_layers]

    def numerical_gradient(self, X: Array, t: Array,
                           masks: Sequence[Array | None] | None = None) -> dict[str, Array]:
        """dL/dparam by central differences (h = 1e-4) through the layers; slow, for checking backprop.

        With dropout, of the network the `masks` make (as `last_masks` gives those `gradient` drew), or
        without masks of the loss as measured, which `gradient(training=False)` differentiates.
        """
        return {
            key: functions.numerical_gradient(lambda _p: self.loss(X, t, masks), p)
            for key, p in self.params.items()
        }

    def copy(self) -> MLP:
        """A new MLP of the same shape, features, penalty and dropout ratios, with copies of the weights."""
        twin = MLP(self.sizes, self.activation_name, self.task, features=self.features)
        twin.penalty, twin.penalty_rate, twin.dropout = self.penalty, self.penalty_rate, self.dropout
        twin.set_params(self.params)
        return twin

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
