"""The one way to lay a model's parameters out as a flat vector: W1, b1, W2, b2, ... one after another.

A `Layout` records each key's shape and where it starts; the history, the trainer, the fast
route, the landscape planes and the optimizer race all flatten and split with it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

__all__ = ["Layout", "flatten", "unflatten"]

Array = np.ndarray


class Layout:
    """Arrays laid out one after the other in a flat vector, in the order of `shapes` (key -> shape)."""

    def __init__(self, shapes: Mapping[str, tuple[int, ...]]) -> None:
        self.shapes: dict[str, tuple[int, ...]] = {key: tuple(int(n) for n in s) for key, s in shapes.items()}
        self.keys: tuple[str, ...] = tuple(self.shapes)
        self.offsets: dict[str, int] = {}
        self.size = 0
        for key, shape in self.shapes.items():
            self.offsets[key] = self.size
            self.size += math.prod(shape)

    @classmethod
    def of(cls, params: Mapping[str, npt.ArrayLike]) -> Layout:
        """The layout of a parameter dict, in its key order."""
        return cls({key: np.shape(p) for key, p in params.items()})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Layout) and self.shapes == other.shapes

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Layout({self.shapes})"

    def index(self, key: str, i: int) -> int:
        """Where params[key].ravel()[i] sits in the flat vector."""
        return self.offsets[key] + int(i)

    def flatten(self, params: Mapping[str, npt.ArrayLike], out: Array | None = None) -> Array:
        """One vector (size,) holding params' arrays in this layout's order (written into `out` if given)."""
        parts = [np.asarray(params[key], dtype=np.float64).reshape(-1) for key in self.keys]
        if out is None:
            return np.concatenate(parts) if parts else np.zeros(0)
        np.concatenate(parts, out=out)
        return out

    def unflatten(self, vector: Array) -> dict[str, Array]:
        """{key: view of `vector` shaped like that parameter} (views: writing them writes the vector)."""
        if vector.shape != (self.size,):
            raise ValueError(f"a vector of shape {vector.shape} does not fit parameters of {self.size}")
        return {key: vector[o : o + math.prod(s)].reshape(s)
                for (key, s), o in zip(self.shapes.items(), self.offsets.values(), strict=True)}


def flatten(params: Mapping[str, npt.ArrayLike]) -> Array:
    """All parameters as one float64 vector, in the mapping's key order (the History's order too)."""
    parts = [np.asarray(p, dtype=np.float64).reshape(-1) for p in params.values()]
    return np.concatenate(parts) if parts else np.zeros(0)


def unflatten(vector: npt.ArrayLike, like: Mapping[str, npt.ArrayLike]) -> dict[str, Array]:
    """Split a flat vector into new arrays shaped like `like`'s (same key order)."""
    v = np.asarray(vector, dtype=np.float64)
    layout = Layout.of(like)
    if v.shape != (layout.size,):
        raise ValueError(f"a vector of {v.size} values does not fit parameters of {layout.size}")
    return {key: part.copy() for key, part in layout.unflatten(v).items()}
