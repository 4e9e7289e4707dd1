"""Activation functions h(x) with their derivatives h'(x), elementwise on any-shape arrays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "NAMES",
    "Activation",
    "get",
    "identity",
    "leaky_relu",
    "relu",
    "sigmoid",
    "step",
    "tanh",
]

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """A named activation: `forward(x)` is h(x), `derivative(x)` is h'(x) at the pre-activation x.

    `derivative_from_output(y)` is the same h'(x) written through the output y = h(x), as the
    book's Sigmoid layer (y (1 - y)) and Relu layer (the mask y > 0) compute it; the fast route
    backpropagates that way and so keeps no pre-activations.
    """

    name: str
    _forward: Callable[[Array], Array]
    _derivative: Callable[[Array], Array]
    _derivative_from_output: Callable[[Array], Array]
    _forward_in_place: Callable[[Array, Array | float], Array] | None = None  # h(x) over x, (x, zeros)

    def forward(self, x: Array) -> Array:
        """Return h(x) elementwise (float32 stays float32, anything else becomes float64)."""
        return self._forward(_as_float(x))

    def derivative(self, x: Array) -> Array:
        """Return h'(x) elementwise (x is the input, not the output)."""
        return self._derivative(_as_float(x))

    def derivative_from_output(self, y: Array) -> Array:
        """Return h'(x) from y = h(x) (the same numbers as derivative(x))."""
        return self._derivative_from_output(y)

    def forward_in_place(self, x: Array, zeros: Array | None = None) -> Array:
        """Write h(x) over the float array x and return it; `zeros`, zeros shaped like x, may speed it up.

        (ReLU as np.maximum(x, zeros): on cache-sized arrays numpy vectorises the maximum of two
        arrays better than that of an array and the scalar 0.)
        """
        if self._forward_in_place is not None:
            return self._forward_in_place(x, 0.0 if zeros is None else zeros)
        x[...] = self._forward(x)
        return x

    def __call__(self, x: Array) -> Array:
        return self.forward(x)

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


def _as_float(x: Array) -> Array:
    if type(x) is not np.ndarray:  # (the common case, a float array, is checked cheaply first)
        x = np.asarray(x)
    return x if x.dtype.char in "fd" else x.astype(np.float64)  # "f", "d": float32, float64


def _sigmoid(x: Array) -> Array:
    # 1 / (1 + e^-x) for x >= 0 and e^x / (1 + e^x) for x < 0, so exp never sees a positive argument;
    # with e = e^-|x| <= 1 the numerator is 1 or e, i.e. max(e, x >= 0) (faster than np.where)
    e = np.exp(-np.abs(x))
    return np.maximum(e, x >= 0) / (1.0 + e)


def _sigmoid_derivative(x: Array) -> Array:
    # sigma'(x) = sigma(x) (1 - sigma(x))
    s = _sigmoid(x)
    return s * (1.0 - s)


LEAKY_SLOPE = 0.01  # leaky ReLU slope for x <= 0

step = Activation(
    "step",
    lambda x: (x > 0).astype(x.dtype),
    # the step is flat wherever it is differentiable: no gradient flows through it
    lambda x: np.zeros_like(x),
    lambda y: np.zeros_like(y),
)
sigmoid = Activation("sigmoid", _sigmoid, _sigmoid_derivative, lambda y: y * (1.0 - y))
tanh = Activation(
    "tanh",
    np.tanh,
    # tanh'(x) = 1 - tanh(x)^2
    lambda x: 1.0 - np.tanh(x) ** 2,
    lambda y: 1.0 - y**2,
)
relu = Activation(
    "relu",
    lambda x: np.maximum(x, 0.0),  # np.maximum keeps NaN, so a diverged network stays visibly NaN
    # relu'(x) = 1 for x > 0 else 0 (0 at the kink, as the book's mask x <= 0); y > 0 exactly where x > 0
    lambda x: (x > 0).astype(x.dtype),
    lambda y: y > 0,
    lambda x, zeros: np.maximum(x, zeros, out=x),
)
leaky_relu = Activation(
    "leaky_relu",
    lambda x: np.maximum(x, LEAKY_SLOPE * x),  # = x for x > 0, slope * x below (slope < 1)
    lambda x: np.where(x > 0, 1.0, LEAKY_SLOPE).astype(x.dtype),
    lambda y: np.where(y > 0, 1.0, LEAKY_SLOPE).astype(y.dtype),  # the slope keeps the sign
)
identity = Activation(
    "identity",
    lambda x: x.copy(),
    lambda x: np.ones_like(x),
    lambda y: np.ones_like(y),
)

_BY_NAME: dict[str, Activation] = {a.name: a for a in (step, sigmoid, tanh, relu, leaky_relu, identity)}
NAMES: tuple[str, ...] = tuple(_BY_NAME)


def get(name: str | Activation) -> Activation:
    """Return the activation called `name` (case-insensitive); an Activation is returned as is."""
    if isinstance(name, Activation):
        return name
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return _BY_NAME[key]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose from {', '.join(NAMES)}") from None
