"""The book's optimizers (chapter 6, common/optimizer.py): one contract, `update(params, grads)`, in place.

Hyper-parameters (`lr`, `momentum`, `decay_rate`, `beta1`, `beta2`) are plain attributes, so a
slider may change them between steps. For the views, `state[name][key]` holds the optimizer's
buffers (v, h, m), `velocity(key)` the momentum-like one, and `last_step[key]` the change applied
to each parameter by the last update. None of them is copied per step (a copy of every parameter
each iteration is a real cost for small networks): an array read from them may be updated in place
by the next update, so copy what must be kept.

An optimizer knows nothing of a model: it updates whatever arrays it is given, by key. Every
formula here is elementwise, so the Trainer hands it a network's parameters as one flat vector
({"theta": vector}) and the whole network moves in one pass.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from typing import ClassVar

import numpy as np

__all__ = [
    "DEFAULTS",
    "NAMES",
    "SGD",
    "AdaGrad",
    "Adam",
    "Momentum",
    "Nesterov",
    "Optimizer",
    "RMSprop",
    "get",
]

Array = np.ndarray

# what snapshot() gives: (the optimizer's class, (name, key, shape) of each buffer, the buffers in one
# vector, counters)
BufferLayout = tuple[tuple[str, str, tuple[int, ...]], ...]
OptimizerState = tuple[str, BufferLayout, "Array | None", tuple[tuple[str, float], ...]]  # kind first
EPS = 1e-7  # keeps the adaptive step finite while h (or v) is still zero, as in the book


class Optimizer:
    """Base class: subclasses compute each parameter's step; `update` adds it in place."""

    name: ClassVar[str] = ""
    velocity_state: ClassVar[str | None] = None  # which state buffer velocity() shows

    def __init__(self, lr: float) -> None:
        self.lr = lr
        self.state: dict[str, dict[str, Array]] = {}
        self.last_step: dict[str, Array] = {}  # the change the last update applied to each parameter

    def __repr__(self) -> str:
        args = ", ".join(f"{k}={v!r}" for k, v in self.hyperparams.items())
        return f"{type(self).__name__}({args})"

    @property
    def hyperparams(self) -> dict[str, float]:
        """Current hyper-parameter values, e.g. {"lr": 0.01, "momentum": 0.9}."""
        return {k: getattr(self, k) for k in inspect.signature(type(self)).parameters}

    def update(self, params: Mapping[str, Array], grads: Mapping[str, Array]) -> None:
        """Move every parameter one step, mutating the arrays in params in place."""
        self._begin_update()
        last_step = self.last_step
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
        self.last_step = {}

    def snapshot(self) -> OptimizerState:
        """A copy of the state (buffers and counters), for `restore` to go back to.

        Plain tuples and one array: a timeline keeps one per training step, and objects the garbage
        collector must track (dicts) would make every collection slower as the timeline grows.
        """
        buffers = [(name, key, b) for name, by_key in self.state.items() for key, b in by_key.items()]
        counters = tuple(self._counters().items())
        if not buffers:
            return type(self).__name__, (), None, counters
        layout = tuple((name, key, b.shape) for name, key, b in buffers)
        return type(self).__name__, layout, np.concatenate([b.reshape(-1) for _, _, b in buffers]), counters

    def restore(self, snapshot: OptimizerState) -> None:
        """Go back to the state `snapshot()` gave (copied: the snapshot stays as it was). A snapshot of
        another kind of optimizer (the learner changed it since) means a fresh start: Momentum's v is not
        Adam's v."""
        kind, layout, flat, counters = snapshot
        if kind != type(self).__name__:
            self.reset()
            return
        self.state = {}
        start = 0
        for name, key, shape in layout:
            size = int(np.prod(shape, dtype=np.int64))
            assert flat is not None
            self.state.setdefault(name, {})[key] = flat[start:start + size].reshape(shape).copy()
            start += size
        self.last_step = {}
        for name, value in counters:
            setattr(self, name, value)

    def _counters(self) -> dict[str, float]:
        """State kept outside the buffers (Adam's step count)."""
        return {}

    def velocity(self, key: str) -> Array | None:
        """The momentum-like buffer for `key` (v for Momentum/Nesterov, m for Adam), else None."""
        if self.velocity_state is None:
            return None
        return self.state.get(self.velocity_state, {}).get(key)

    def _buffer(self, name: str, key: str, like: Array) -> Array:
        """State buffer `name` of parameter `key`, zeroed on first use or when the shape changed."""
        buffers = self.state.setdefault(name, {})
        buf = buffers.get(key)
        if buf is None or buf.shape != like.shape:
            buf = buffers[key] = np.zeros_like(like)
        return buf

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

    def _counters(self) -> dict[str, float]:
        return {"iter": self.iter}

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


def get(name: str, **hyperparams: float) -> Optimizer:
    """A new optimizer by case-insensitive name, e.g. get("adam", lr=0.3)."""
    for cls in _CLASSES:
        if cls.name.lower() == name.strip().lower():
            return cls(**hyperparams)
    raise ValueError(f"unknown optimizer {name!r}; choose from {', '.join(NAMES)}")
