"""The book's optimizers (chapter 6, common/optimizer.py): one contract, `update(params, grads)`, in place.

Hyper-parameters (`lr`, `momentum`, `decay_rate`, `beta1`, `beta2`) are plain attributes, so a
slider may change them between steps. For the views, `state[name][key]` holds the optimizer's
buffers (v, h, m), `velocity(key)` the momentum-like one, and `last_step[key]` the change applied
to each parameter by the last update. None of them is copied per step (a copy of every parameter
each iteration is a real cost for small networks): an array read from them may be updated in place
by the next update, so copy what must be kept.
"""

from __future__ import annotations

import inspect
import math
import operator
from collections.abc import Mapping
from typing import Any, ClassVar

import numpy as np

__all__ = [
    "DEFAULTS",
    "NAMES",
    "SGD",
    "AdaGrad",
    "Adam",
    "FlatGradients",
    "FlatLayout",
    "Momentum",
    "Nesterov",
    "Optimizer",
    "RMSprop",
    "get",
]

Array = np.ndarray

EPS = 1e-7  # keeps the adaptive step finite while h (or v) is still zero, as in the book


class FlatLayout:
    """Arrays laid out one after the other in a flat vector: `shapes` (key -> shape) in order."""

    def __init__(self, shapes: Mapping[str, tuple[int, ...]]) -> None:
        self.shapes = {key: tuple(shape) for key, shape in shapes.items()}
        self.size = 0
        # (key, where in the flat vector, shape to view it as, None for a 1-D array)
        self._slots: list[tuple[str, slice, tuple[int, ...] | None]] = []
        for key, shape in self.shapes.items():
            n = math.prod(shape)
            self._slots.append((key, slice(self.size, self.size + n), None if len(shape) == 1 else shape))
            self.size += n

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FlatLayout) and self.shapes == other.shapes

    __hash__ = None  # type: ignore[assignment]

    def views(self, flat: Array) -> dict[str, Array]:
        """key -> the view of `flat` where that array lies."""
        return {key: flat[where] if shape is None else flat[where].reshape(shape)
                for key, where, shape in self._slots}


class FlatGradients(dict):
    """A gradients dict whose arrays also form one flat vector, laid out like the model's parameters.

    The arrays of the dict (key -> gradient, filled in by whoever computes them) are views of
    `flat`, placed as `layout` says;
    `param_arrays` are the model's parameter arrays (in order), laid out the same way over the
    vector `params_flat`. `Optimizer.update` recognises it: as long as the params it is given are
    exactly those arrays, it updates the whole network with one step on the flat vectors instead
    of one per parameter. The result is the same (every optimizer here is elementwise); it is
    faster because for a small network numpy's cost per call, not the arithmetic, dominates.
    """

    def __init__(self, flat: Array, layout: FlatLayout, params_flat: Array,
                 param_arrays: tuple[Array, ...]) -> None:
        super().__init__()
        self.flat = flat
        self.layout = layout
        self.params_flat = params_flat
        self.param_arrays = param_arrays

    def lies_under(self, params: Mapping[str, Array]) -> bool:
        """True if `params` holds exactly the parameter arrays these gradients were laid out for."""
        arrays = self.param_arrays
        return len(params) == len(arrays) and all(map(operator.is_, params.values(), arrays))


_ALL = "<all parameters>"  # the key of a flat update, which asks _buffer for the whole flat buffer


class Optimizer:
    """Base class: subclasses compute each parameter's step; `update` adds it in place."""

    name: ClassVar[str] = ""
    velocity_state: ClassVar[str | None] = None  # which state buffer velocity() shows

    def __init__(self, lr: float) -> None:
        self.lr = lr
        self.state: dict[str, dict[str, Array]] = {}
        self._last_step: dict[str, Array] = {}
        # a flat update keeps its buffers flat: name -> (vector, layout, views), the views being
        # what state[name][key] hold
        self._flat_state: dict[str, tuple[Array, FlatLayout, dict[str, Array]]] = {}
        self._layout: FlatLayout | None = None  # the layout of the flat update in progress
        self._last_flat_step: tuple[Array, FlatLayout] | None = None  # split into last_step when read

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparams.items())
        return f"{type(self).__name__}({args})"

    @property
    def hyperparams(self) -> dict[str, float]:
        """Current hyper-parameter values, e.g. {"lr": 0.01, "momentum": 0.9}."""
        return {k: getattr(self, k) for k in inspect.signature(type(self)).parameters}

    @property
    def last_step(self) -> dict[str, Array]:
        """The change the last update applied to each parameter (valid until the next update)."""
        if self._last_flat_step is not None:  # split the flat step only when someone looks
            step, layout = self._last_flat_step
            self._last_step = layout.views(step)
            self._last_flat_step = None
        return self._last_step

    def update(self, params: Mapping[str, Array], grads: Mapping[str, Array]) -> None:
        """Move every parameter one step, mutating the arrays in params in place."""
        self._begin_update()
        if isinstance(grads, FlatGradients) and grads.lies_under(params):
            # the same formulas on the flat vectors: one pass for the whole network
            self._layout = grads.layout
            step = self._step(_ALL, grads.flat)
            grads.params_flat += step  # in place: the params arrays are views of it
            self._last_flat_step = (step, grads.layout)
            return
        self._last_flat_step = None
        last_step = self._last_step
        for key, p in params.items():
            g = grads[key]
            if type(g) is not np.ndarray or g.dtype != p.dtype:
                g = np.asarray(g, dtype=p.dtype)
            step = self._step(key, g)
            p += step  # in place: models, views and layers keep the same array objects
            last_step[key] = step  # no copy: each step is a fresh array (or, for Momentum, v)

    def reset(self) -> None:
        """Forget all state (velocities, squared-gradient sums, step count)."""
        self.state.clear()
        self._flat_state.clear()
        self._last_step = {}
        self._last_flat_step = None

    def velocity(self, key: str) -> Array | None:
        """The momentum-like buffer for `key` (v for Momentum/Nesterov, m for Adam), else None."""
        if self.velocity_state is None:
            return None
        return self.state.get(self.velocity_state, {}).get(key)

    def _buffer(self, name: str, key: str, like: Array) -> Array:
        """State buffer `name` of parameter `key`, zeroed on first use or when the shape changed."""
        buffers = self.state.setdefault(name, {})
        if key is _ALL:
            return self._flat_buffer(name, buffers)
        buf = buffers.get(key)
        if buf is None or buf.shape != like.shape:
            buf = buffers[key] = np.zeros_like(like)
        return buf

    def _flat_buffer(self, name: str, buffers: dict[str, Array]) -> Array:
        """The flat state buffer `name` for the current layout; state[name][key] are its views."""
        layout = self._layout
        flat = self._flat_state.get(name)
        # reuse it while the layout is the same and no per-parameter update replaced a view since
        if flat is not None and (flat[1] is layout or flat[1] == layout) and all(
                buffers.get(key) is view for key, view in flat[2].items()):
            return flat[0]
        vector = np.zeros(layout.size)
        views = layout.views(vector)
        for key, view in views.items():
            old = buffers.get(key)
            if old is not None and old.shape == view.shape:
                view[...] = old  # carry the state built so far over
            buffers[key] = view
        self._flat_state[name] = (vector, layout, views)
        return vector

    def _begin_update(self) -> None:
        """Hook run once per update, before the parameters (Adam counts steps here)."""

    def _step(self, key: str, g: Array) -> Array:
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent: p -= lr * g."""

    name = "SGD"

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)

    def _step(self, key: str, g: Array) -> Array:
        return -self.lr * g


class Momentum(Optimizer):
    """Momentum: v = momentum * v - lr * g; p += v."""

    name = "Momentum"
    velocity_state = "v"

    def __init__(self, lr: float = 0.01, momentum: float = 0.9) -> None:
        super().__init__(lr)
        self.momentum = momentum

    def _step(self, key: str, g: Array) -> Array:
        v = self._buffer("v", key, g)
        v *= self.momentum
        v -= self.lr * g
        return v  # the step is v itself: last_step[key] is then the live buffer, not a copy


class Nesterov(Momentum):
    """Nesterov accelerated gradient in the book's form (v *= m; v -= lr g; p += m^2 v - (1 + m) lr g)."""

    name = "Nesterov"

    def _step(self, key: str, g: Array) -> Array:
        v = super()._step(key, g)  # the same velocity update as Momentum
        m = self.momentum
        # look-ahead: the step already contains the next momentum push m * (m v) and the gradient twice
        return m * m * v - (1 + m) * self.lr * g


class AdaGrad(Optimizer):
    """AdaGrad: h += g^2; p -= lr * g / (sqrt(h) + 1e-7): each weight's step shrinks as it keeps moving."""

    name = "AdaGrad"

    def __init__(self, lr: float = 0.01) -> None:
        super().__init__(lr)

    def _step(self, key: str, g: Array) -> Array:
        h = self._buffer("h", key, g)
        h += g * g
        return -self.lr * g / (np.sqrt(h) + EPS)


class RMSprop(Optimizer):
    """RMSprop: h = d h + (1 - d) g^2 (a decaying AdaGrad); p -= lr * g / (sqrt(h) + 1e-7)."""

    name = "RMSprop"

    def __init__(self, lr: float = 0.01, decay_rate: float = 0.99) -> None:
        super().__init__(lr)
        self.decay_rate = decay_rate

    def _step(self, key: str, g: Array) -> Array:
        h = self._buffer("h", key, g)
        h *= self.decay_rate
        h += (1 - self.decay_rate) * g * g
        return -self.lr * g / (np.sqrt(h) + EPS)


class Adam(Optimizer):
    """Adam: running means m of g and v of g^2, bias correction folded into the step size lr_t."""

    name = "Adam"
    velocity_state = "m"

    def __init__(self, lr: float = 0.001, beta1: float = 0.9, beta2: float = 0.999) -> None:
        super().__init__(lr)
        self.beta1 = beta1
        self.beta2 = beta2
        self.iter = 0

    def reset(self) -> None:
        """Forget m, v and the step count."""
        super().reset()
        self.iter = 0

    def _begin_update(self) -> None:
        self.iter += 1
        # m and v start at 0, so early on they underestimate E[g] and E[g^2]; dividing by
        # (1 - beta^iter) corrects that: lr_t = lr * sqrt(1 - beta2^iter) / (1 - beta1^iter)
        self._lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)

    def _step(self, key: str, g: Array) -> Array:
        m = self._buffer("m", key, g)
        v = self._buffer("v", key, g)
        m += (1 - self.beta1) * (g - m)
        v += (1 - self.beta2) * (g * g - v)
        return -self._lr_t * m / (np.sqrt(v) + EPS)


_CLASSES: tuple[type[Optimizer], ...] = (SGD, Momentum, Nesterov, AdaGrad, RMSprop, Adam)
NAMES: tuple[str, ...] = tuple(cls.name for cls in _CLASSES)
# each optimizer's default hyper-parameters, read from its constructor (the book's values)
DEFAULTS: dict[str, dict[str, float]] = {
    cls.name: {p.name: p.default for p in inspect.signature(cls).parameters.values()} for cls in _CLASSES
}


def get(name: str, **hyperparams: Any) -> Optimizer:
    """A new optimizer by case-insensitive name, e.g. get("adam", lr=0.3)."""
    for cls in _CLASSES:
        if cls.name.lower() == name.strip().lower():
            return cls(**hyperparams)
    raise ValueError(f"unknown optimizer {name!r}; choose from {', '.join(NAMES)}")
