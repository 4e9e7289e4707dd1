"""What a model and an optimizer must offer: the contracts the Trainer, grids, landscape and race rely on.

`MLP` and `Perceptron` follow `Model`; every class of optimizers.py follows `Optimizer`. They
are structural (typing.Protocol): a class follows them by having the members, not by inheriting.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias

import numpy as np

if TYPE_CHECKING:
    from visualnet.core.mlp import MLP
    from visualnet.core.perceptron import Perceptron

__all__ = ["Model", "Network", "Optimizer"]

Array = np.ndarray


class Model(Protocol):
    """A network the app trains and draws: parameters by key, loss, gradient and predictions.

    Targets t: labels (n,) int or one-hot (n, k) for classification, (n, 1) floats for regression.
    """

    task: str  # "classification" | "regression"
    n_outputs: int
    params: dict[str, Array]  # float64 arrays, mutated in place by optimizers (never replaced)

    @property
    def param_count(self) -> int:
        """Number of weights and biases."""
        ...

    def loss(self, X: Array, t: Array) -> float:
        """Mean loss over the points X (n, n_in)."""
        ...

    def accuracy(self, X: Array, t: Array) -> float:
        """Fraction classified correctly (NaN for regression)."""
        ...

    def gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """dL/dparam by backpropagation; same keys and shapes as params."""
        ...

    def numerical_gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """dL/dparam by central differences (h = 1e-4)."""
        ...

    def predict(self, X: Array) -> Array:
        """Labels (n,) for classification, outputs (n, n_outputs) for regression."""
        ...

    def predict_proba(self, X: Array) -> Array:
        """Class probabilities (n, k); classification only."""
        ...

    def copy_params(self) -> dict[str, Array]:
        """Independent copies of the parameters."""
        ...

    def set_params(self, params: Mapping[str, Array]) -> None:
        """Copy values into the existing arrays, in place."""
        ...


# the concrete networks: what stacked_losses (the loss surfaces) and the network race know how to handle
Network: TypeAlias = "MLP | Perceptron"


class Optimizer(Protocol):
    """The book's contract: update(params, grads) moves the arrays of params in place, by key."""

    lr: float
    state: dict[str, dict[str, Array]]  # buffer name -> key -> array (v, h, m ...)
    last_step: dict[str, Array]  # key -> the change the last update applied

    @property
    def name(self) -> str:
        """"SGD", "Momentum", ... (optimizers.NAMES)."""
        ...

    @property
    def hyperparams(self) -> dict[str, float]:
        """Current hyper-parameters, lr included."""
        ...

    def update(self, params: Mapping[str, Array], grads: Mapping[str, Array]) -> None:
        """One step on every array of params, in place."""
        ...

    def reset(self) -> None:
        """Forget the state built so far."""
        ...

    def snapshot(self) -> Any:
        """A copy of the state, for `restore` (the timeline keeps one per step)."""
        ...

    def restore(self, snapshot: Any) -> None:
        """Go back to the state a `snapshot()` gave."""
        ...

    def velocity(self, key: str) -> Array | None:
        """The momentum-like buffer of `key`, or None."""
        ...
