"""Rosenblatt's perceptron (book chapter 2) with the perceptron learning rule and its error surfaces."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from visualnet.core.functions import numerical_gradient

__all__ = ["GATES", "GATE_INPUTS", "GATE_TARGETS", "Perceptron", "as_labels", "boundary_segment"]

Array = np.ndarray

# the course's hand-picked weights and biases: (w1, w2), b
GATES: dict[str, tuple[tuple[float, float], float]] = {
    "AND": ((0.5, 0.5), -0.7),
    "NAND": ((-0.5, -0.5), 0.7),
    "OR": ((0.5, 0.5), -0.2),
}
GATE_INPUTS = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
GATE_TARGETS: dict[str, Array] = {
    "AND": np.array([0, 0, 0, 1]),
    "NAND": np.array([1, 1, 1, 0]),
    "OR": np.array([0, 1, 1, 1]),
    "XOR": np.array([0, 1, 1, 0]),  # not linearly separable: no perceptron computes it
}


def as_labels(t: Array) -> Array:
    """Targets as 0/1 labels (n,); one-hot rows (n, 2) are accepted too."""
    t = np.asarray(t)
    return (t.argmax(axis=1) if t.ndim == 2 else t).astype(np.float64)


def boundary_segment(w: Array, b: float, xlim: tuple[float, float],
                     ylim: tuple[float, float]) -> Array | None:
    """The part of the line w·x + b = 0 inside the rectangle xlim × ylim: its two ends (2, 2), or None.

    The line is p0 + s·d with p0 = -b·w/|w|² (its point nearest the origin) and d = (-w2, w1)/|w|,
    so w·d is w1·(-w2) + w2·w1 = 0 exactly: the boundary is at right angles to w, not nearly.
    The rectangle cuts s to an interval (Liang-Barsky clipping); None when it misses the line,
    or when w = 0 (no line: every point is on the same side).
    """
    w = np.asarray(w, dtype=np.float64).reshape(2)
    norm2 = float(w @ w)
    if not (np.isfinite(norm2) and norm2 > 0.0 and np.isfinite(b)):
        return None
    p0 = -b * w / norm2
    d = np.array([-w[1], w[0]]) / np.sqrt(norm2)
    lo, hi = -np.inf, np.inf
    for p, dk, (a, c) in zip(p0, d, (xlim, ylim), strict=True):
        if dk == 0.0:
            if not min(a, c) <= p <= max(a, c):
                return None  # parallel to this side and outside the band
            continue
        s1, s2 = (a - p) / dk, (c - p) / dk
        lo, hi = max(lo, min(s1, s2)), min(hi, max(s1, s2))
    if not lo < hi:
        return None  # misses the rectangle, or only touches a corner
    return np.array([p0 + lo * d, p0 + hi * d])


class Perceptron:
    """y = 1 if w . x + b > 0 else 0, for 2-D inputs; follows the model protocol (params w, b)."""

    task = "classification"
    n_outputs = 2
    activation_name = "step"

    def __init__(self, w: tuple[float, float] | Array = (0.0, 0.0), b: float = 0.0) -> None:
        self.sizes = [2, 1]
        self.params: dict[str, Array] = {
            "w": np.array(w, dtype=np.float64).reshape(2),
            "b": np.array([b], dtype=np.float64),
        }

    @classmethod
    def gate(cls, name: str) -> Perceptron:
        """A perceptron with the course's weights for "AND", "NAND" or "OR"."""
        w, b = GATES[name.upper()]
        return cls(w, b)

    def __repr__(self) -> str:
        return f"Perceptron(w={self.w.tolist()}, b={self.b})"

    # w and b read and write params in place, so optimizer updates and rule updates are the same thing
    @property
    def w(self) -> Array:
        """Weights (2,), a view onto params["w"]."""
        return self.params["w"]

    @w.setter
    def w(self, value: Array) -> None:
        self.params["w"][...] = value

    @property
    def b(self) -> float:
        """Bias, stored in params["b"] (shape (1,))."""
        return float(self.params["b"][0])

    @b.setter
    def b(self, value: float) -> None:
        self.params["b"][0] = value

    # ----- the perceptron ------------------------------------------------------------------------

    def net_input(self, X: Array) -> Array:
        """a = X w + b: (n,)."""
        return np.asarray(X, dtype=np.float64) @ self.params["w"] + self.params["b"][0]

    def predict(self, X: Array) -> Array:
        """Step output 1 if w . x + b > 0 else 0: (n,) int."""
        return (self.net_input(X) > 0).astype(np.int64)

    def predict_proba(self, X: Array) -> Array:
        """One-hot of the step output: (n, 2)."""
        return np.eye(2)[self.predict(X)]

    def train_step(self, x: Array, t: int, lr: float = 1.0) -> bool:
        """Perceptron rule on one point: w += lr (t - y) x, b += lr (t - y); True if it changed anything."""
        x = np.asarray(x, dtype=np.float64)
        y = int(self.net_input(x[None, :])[0] > 0)
        if y == t:
            return False
        w, b = self.params["w"], self.params["b"]
        w += lr * (t - y) * x
        b += lr * (t - y)
        return True

    def fit_epoch(self, X: Array, t: Array, lr: float = 1.0) -> int:
        """One pass of the rule over the points in order; returns how many updates it made."""
        return sum(self.train_step(x, int(ti), lr) for x, ti in zip(X, as_labels(t), strict=True))

    def errors(self, X: Array, t: Array) -> int:
        """Number of misclassified points."""
        return int(np.sum(self.predict(X) != as_labels(t)))

    def accuracy(self, X: Array, t: Array) -> float:
        """Fraction of correctly classified points."""
        return float(np.mean(self.predict(X) == as_labels(t)))

    # ----- the model protocol: the perceptron criterion as a loss -----------------------------------

    def loss(self, X: Array, t: Array) -> float:
        """Perceptron criterion mean((y - t) a), a = w . x + b: >= 0, zero when every point is right."""
        a = self.net_input(X)
        # a wrong 1 has a > 0 and a wrong 0 has a <= 0, so every term (y - t) a is >= 0
        return float(np.mean(((a > 0) - as_labels(t)) * a))

    def gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """d loss / d(w, b) = mean((y - t) x), mean(y - t): SGD on one point is the perceptron rule."""
        X = np.asarray(X, dtype=np.float64)
        err = (self.net_input(X) > 0) - as_labels(t)  # y - t, with y held fixed (the step is flat)
        return {"w": err @ X / len(X), "b": np.array([err.mean()])}

    def numerical_gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """Central differences (h = 1e-4) of the criterion."""
        return {key: numerical_gradient(lambda _p: self.loss(X, t), p) for key, p in self.params.items()}

    def error_surface(
        self,
        X: Array,
        t: Array,
        w1_values: Array,
        w2_values: Array,
        b: float | None = None,
        kind: str = "criterion",
    ) -> Array:
        """Criterion or error count over a (w1, w2) grid at bias b: (len(w2), len(w1)), rows = w2."""
        X = np.asarray(X, dtype=np.float64)
        b = self.b if b is None else b
        w1 = np.asarray(w1_values, dtype=np.float64)[None, :, None]
        w2 = np.asarray(w2_values, dtype=np.float64)[:, None, None]
        a = w1 * X[:, 0] + w2 * X[:, 1] + b  # (len(w2), len(w1), n)
        wrong = (a > 0) - as_labels(t)  # y - t
        if kind == "criterion":
            return np.mean(wrong * a, axis=-1)
        if kind == "count":
            return np.count_nonzero(wrong, axis=-1).astype(np.float64)
        raise ValueError(f"kind must be 'criterion' or 'count', got {kind!r}")

    # ----- parameters ----------------------------------------------------------------------------

    @property
    def param_count(self) -> int:
        """3: two weights and a bias."""
        return 3

    def copy_params(self) -> dict[str, Array]:
        """Independent copies of w and b."""
        return {key: p.copy() for key, p in self.params.items()}

    def set_params(self, params: Mapping[str, Array]) -> None:
        """Copy values into the existing arrays (in place)."""
        for key, value in params.items():
            self.params[key][...] = np.asarray(value, dtype=np.float64).reshape(self.params[key].shape)
