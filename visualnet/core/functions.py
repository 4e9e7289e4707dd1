"""Softmax, the two losses of the course, and the book's numerical gradient."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np

__all__ = ["cross_entropy_error", "mean_squared_error", "numerical_gradient", "softmax"]

Array = np.ndarray

EPS_LOG = 1e-7  # keeps log(0) finite in the cross-entropy, as in the book
H = 1e-4  # central-difference step, as in the book
# up to this many classes, softmax takes its row max and row sum column by column (see softmax)
FEW_COLUMNS = 8


def softmax(x: Array) -> Array:
    """Softmax along the last axis (row-wise); a 1-D input is one row and stays 1-D."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 2 and x.shape[1] <= FEW_COLUMNS:
        return _softmax_few_columns(x)
    # softmax(x) = softmax(x - c) for any c; c = max keeps every exp() in (0, 1]
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _softmax_few_columns(x: Array) -> Array:
    """softmax of (N, k) rows for small k: the same formula and the same result as the general path.

    numpy reduces along a short last axis (max/sum over 2 columns) one row at a time, which is slow;
    k elementwise passes over the columns (np.maximum, +) do the same arithmetic about 3x faster.
    """
    k = x.shape[1]
    m = x[:, 0]
    for j in range(1, k):
        m = np.maximum(m, x[:, j])
    e = x - m[:, None]
    np.exp(e, out=e)
    s = e[:, 0].copy()
    for j in range(1, k):
        s += e[:, j]
    e /= s[:, None]
    return e


def _as_batch(y: Array, t: Array) -> tuple[Array, Array]:
    """Make a 1-D `y` a batch of one and give `t` either y's shape (one-hot/values) or (N,) labels."""
    y = np.asarray(y, dtype=np.float64)
    t = np.asarray(t)
    if y.ndim == 1:
        y = y.reshape(1, -1)
    if t.size == y.size:
        return y, t.reshape(y.shape)
    return y, t.reshape(y.shape[0]).astype(np.intp)


def _one_hot(labels: Array, k: int) -> Array:
    """(N,) int labels -> (N, k) float64 one-hot rows."""
    out = np.zeros((labels.shape[0], k))
    out[np.arange(labels.shape[0]), labels] = 1.0
    return out


@lru_cache(maxsize=16)
def row_indices(n: int) -> Array:
    """np.arange(n), cached and read-only: the row index that picks one entry per row, y[rows, t]."""
    rows = np.arange(n)
    rows.flags.writeable = False
    return rows


@lru_cache(maxsize=16)
def _row_starts(n: int, k: int) -> Array:
    rows = np.arange(0, n * k, k)
    rows.flags.writeable = False
    return rows


def label_positions(t: Array, k: int) -> Array:
    """Flat positions of y[i, t[i]] in a C-contiguous (N, k) array: y.reshape(-1)[positions]."""
    return _row_starts(t.shape[0], k) + t


def cross_entropy_batches(y: Array, t: Array) -> Array:
    """Cross-entropy of `y` (..., N, k) against `t` (N,) labels or (N, k); one value per leading index."""
    n = y.shape[-2]
    if t.ndim == 1:
        # only the true class's term of -sum t log y survives when t is one-hot
        picked = y[..., row_indices(n), t]
        picked += EPS_LOG  # picked is a fresh copy (fancy indexing), so in place is safe
        return -np.log(picked, out=picked).sum(axis=-1) / n
    return -(t * np.log(y + EPS_LOG)).sum(axis=(-2, -1)) / n


def squared_error_batches(y: Array, t: Array) -> Array:
    """0.5 * sum (y - t)^2 / N of `y` (..., N, m) against `t` (N, m); one value per leading index."""
    d = y - t
    return 0.5 * (d * d).sum(axis=(-2, -1)) / y.shape[-2]


def cross_entropy_error(y: Array, t: Array) -> float:
    """E = -sum t log(y + 1e-7) / N; `t` one-hot or int labels; a 1-D `y` is a batch of one."""
    y, t = _as_batch(y, t)
    return float(cross_entropy_batches(y, t))


def mean_squared_error(y: Array, t: Array) -> float:
    """E = 0.5 * sum (y - t)^2 / N; `t` values/one-hot or int labels; a 1-D `y` is a batch of one."""
    y, t = _as_batch(y, t)
    if t.ndim == 1 and y.shape[1] > 1:
        t = _one_hot(t, y.shape[1])
    return float(squared_error_batches(y, t.astype(np.float64)))


def numerical_gradient(f: Callable[[Array], float], x: Array) -> Array:
    """Central differences (f(x+h) - f(x-h)) / 2h, h=1e-4, for every entry of float array `x` (restored)."""
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"])
    while not it.finished:
        idx = it.multi_index
        saved = float(x[idx])
        x[idx] = saved + H
        f_plus = f(x)
        x[idx] = saved - H
        f_minus = f(x)
        x[idx] = saved
        grad[idx] = (f_plus - f_minus) / (2 * H)
        it.iternext()
    return grad
