"""Number helpers every presenter shares: finite values for drawing, and round axis limits."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

__all__ = ["NICE_MANTISSAS", "finite", "nice_ceil"]

NICE_MANTISSAS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def finite(a: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """`a` as float64 with every non-finite value replaced by 0: nothing NaN or inf reaches a plot."""
    a = np.asarray(a, float)
    return a if np.all(np.isfinite(a)) else np.where(np.isfinite(a), a, 0.0)


def nice_ceil(value: float, mantissas: tuple[float, ...] = NICE_MANTISSAS) -> float:
    """The smallest mantissa × a power of ten that is ≥ value (value > 0); the mantissas run
    from 1 to 10 (by default 1, 1.5, 2, 3, 4, 5, 6, 8, 10)."""
    exponent = math.floor(math.log10(value))
    m = next(m for m in mantissas if m * 10.0**exponent >= value * (1 - 1e-12))
    return float(f"{m * 10.0**exponent:.12g}")  # 0.3, not 0.30000000000000004
