"""Activation functions h(x) with their derivatives h'(x), elementwise on any-shape arrays."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

__all__ = [
    "ALIASES",
    "NAMES",
    "RELU_LIKE",
    "Activation",
    "elu",
    "gelu",
    "get",
    "identity",
    "leaky_relu",
    "relu",
    "sigmoid",
    "softplus",
    "step",
    "swish",
    "tanh",
]

Array = np.ndarray


@dataclass(frozen=True)
class Activation:
    """A named activation: `forward(x)` is h(x), `derivative(x)` is h'(x) at the pre-activation x.

    `derivative_from_output(y)` is the same h'(x) written through the output y = h(x), as the
    book's Sigmoid layer (y (1 - y)) and Relu layer (the mask y > 0) compute it; the fast route
    backpropagates that way and so keeps no pre-activations. Swish and GELU are not monotonic:
    one y comes from two x, so their h'(x) is no function of y (`from_output` is False).
    """

    name: str
    _forward: Callable[[Array], Array]
    _derivative: Callable[[Array], Array]
    _derivative_from_output: Callable[[Array], Array] | None
    _forward_in_place: Callable[[Array, Array | float], Array] | None = None  # h(x) over x, (x, zeros)

    def forward(self, x: Array) -> Array:
        """Return h(x) elementwise (float32 stays float32, anything else becomes float64)."""
        return self._forward(_as_float(x))

    def derivative(self, x: Array) -> Array:
        """Return h'(x) elementwise (x is the input, not the output)."""
        return self._derivative(_as_float(x))

    @property
    def from_output(self) -> bool:
        """True if h'(x) can be computed from the output y = h(x) alone (derivative_from_output)."""
        return self._derivative_from_output is not None

    def derivative_from_output(self, y: Array) -> Array:
        """Return h'(x) from y = h(x) (the same numbers as derivative(x)); ValueError if not from_output."""
        if self._derivative_from_output is None:
            raise ValueError(f"{self.name}'s derivative is not a function of its output: use derivative(x)")
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


# ----- smooth relatives of ReLU: linear for large z, near 0 (with a slope that fades) for z << 0 -----

def _elu(x: Array) -> Array:
    # ELU (alpha = 1): x for x > 0, e^x - 1 below; expm1 of min(x, 0) never overflows
    return np.where(x > 0, x, np.expm1(np.minimum(x, 0.0)))


def _softplus(x: Array) -> Array:
    # log(1 + e^x) = max(x, 0) + log(1 + e^-|x|): exp never sees a positive argument
    return np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))


def _swish_derivative(x: Array) -> Array:
    # (x s)' = s + x s (1 - s) = s (1 + x (1 - s)), s = sigma(x)
    s = _sigmoid(x)
    return s * (1.0 + x * (1.0 - s))


GELU_C = float(np.sqrt(2.0 / np.pi))  # the tanh approximation's sqrt(2 / pi)
GELU_A = 0.044715  # and its cubic coefficient


def _gelu_parts(x: Array) -> tuple[Array, Array, Array]:
    """xc, xc^2 and t = tanh(sqrt(2/pi) xc (1 + 0.044715 xc^2)) for GELU, with xc = x clipped to ±100."""
    # beyond |x| ~ 7.5, t is exactly ±1 in float64 already: the clip changes no value, and x^3 no
    # longer overflows; c x (1 + a x^2) is c (x + a x^3) without a power (x**3 costs 10 times x*x)
    xc = np.minimum(np.maximum(x, -100.0), 100.0)
    x2 = xc * xc
    return xc, x2, np.tanh(GELU_C * xc * (1.0 + GELU_A * x2))


def _gelu(x: Array) -> Array:
    # 0.5 x (1 + t)
    return 0.5 * x * (1.0 + _gelu_parts(x)[2])


def _gelu_derivative(x: Array) -> Array:
    # d/dx 0.5 x (1 + t), t = tanh(u), u = c (x + a x^3):  0.5 (1 + t) + 0.5 c x (1 - t^2) (1 + 3 a x^2)
    # (with xc for x: where the clip acts, 1 - t^2 is exactly 0)
    xc, x2, t = _gelu_parts(x)
    return 0.5 * (1.0 + t) + (0.5 * GELU_C) * xc * (1.0 - t * t) * (1.0 + 3.0 * GELU_A * x2)


elu = Activation(
    "elu",
    _elu,
    # elu'(x) = 1 for x > 0, e^x below (1 at 0 from both sides: continuous, the kink is in h'')
    lambda x: np.where(x > 0, 1.0, np.exp(np.minimum(x, 0.0))).astype(x.dtype),
    # below 0, e^x = y + 1; y > 0 exactly where x > 0
    lambda y: np.where(y > 0, 1.0, y + 1.0).astype(y.dtype),
)
softplus = Activation(
    "softplus",
    _softplus,
    # softplus'(x) = sigma(x), the sigmoid
    _sigmoid,
    # y = log(1 + e^x)  =>  e^-y = 1 / (1 + e^x) = 1 - sigma(x), so sigma(x) = 1 - e^-y = -expm1(-y)
    lambda y: -np.expm1(-y),
)
swish = Activation(
    "swish",  # also called SiLU (sigmoid-weighted linear unit): x sigma(x)
    lambda x: x * _sigmoid(x),
    _swish_derivative,
    None,  # not monotonic (a dip to -0.28 at x = -1.28): h'(x) needs x itself
)
gelu = Activation(
    "gelu",  # the tanh approximation of x Phi(x) (PyTorch's gelu(approximate="tanh"), "gelu_tanh")
    _gelu,
    _gelu_derivative,
    None,  # not monotonic (a dip to -0.17 near x = -0.75): h'(x) needs x itself
)

_BY_NAME: dict[str, Activation] = {a.name: a for a in (
    step, sigmoid, tanh, relu, leaky_relu, identity, elu, softplus, swish, gelu)}
NAMES: tuple[str, ...] = tuple(_BY_NAME)
ALIASES: dict[str, str] = {"silu": "swish", "gelu_tanh": "gelu"}  # other names get() accepts
# ReLU and its smooth relatives (about linear for z > 0, about 0 below): He initial weights suit them
RELU_LIKE: tuple[str, ...] = ("relu", "leaky_relu", "elu", "softplus", "swish", "gelu")


def get(name: str | Activation) -> Activation:
    """Return the activation called `name` (any case, or an alias: "silu"); an Activation as it is."""
    if isinstance(name, Activation):
        return name
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    try:
        return _BY_NAME[ALIASES.get(key, key)]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose from {', '.join(NAMES)}") from None
