"""What the confusion-matrix panel shows, without Qt: counts of true against predicted class on one set
(train, validation or test), each class's precision, recall and F1, and the accuracy.

Rows are the true class, columns the predicted class: cell (i, j) counts the points of class i the
model puts in class j, so the diagonal holds the points classified right. For class c,

    precision = C[c, c] / sum_i C[i, c]   (of the points predicted c, the share that are c)
    recall    = C[c, c] / sum_j C[c, j]   (of the points of class c, the share predicted c)
    F1        = 2 · precision · recall / (precision + recall)

and the accuracy is trace(C) / sum(C). A ratio whose denominator is 0 (no point predicted c, or
none of class c) is NaN: it is undefined, not 0. Classes are named as the data view's keys: class
n is label n − 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from visualnet.core.perceptron import Perceptron
from visualnet.presenters import dataset as dataset_present
from visualnet.presenters.frame_budget import DrawnFrom
from visualnet.session import ROLE_TEST, ROLE_TRAIN, ROLE_VAL, Session, n_classes
from visualnet.translatable import QT_TRANSLATE_NOOP, Marked, Message

__all__ = [
    "NO_POINTS",
    "REGRESSION",
    "ROLES",
    "Confusion",
    "PredictionCache",
    "accuracy_message",
    "cell_message",
    "confusion",
    "confusion_counts",
    "empty_roles",
    "for_session",
    "number",
    "percent_or_dash",
    "ratio_text",
    "unavailable",
]

ROLES = (ROLE_TRAIN, ROLE_VAL, ROLE_TEST)
REGRESSION = QT_TRANSLATE_NOOP("Metrics", "A confusion matrix is for classification: it counts which class "
                                          "the network predicts for the points of each class. These data "
                                          "are a regression (a curve to fit): see the loss curve instead.")
NO_POINTS = QT_TRANSLATE_NOOP("Metrics", "No points in this set: add points, or choose a split with one.")
ONE_CELL = QT_TRANSLATE_NOOP("Metrics", "{count} points of class {true} predicted as class {predicted}")
ONE_CELL_RIGHT = QT_TRANSLATE_NOOP("Metrics", "{count} points of class {true} predicted as class {predicted} "
                                              "(right)")
ONE_POINT = QT_TRANSLATE_NOOP("Metrics", "1 point of class {true} predicted as class {predicted}")
ONE_POINT_RIGHT = QT_TRANSLATE_NOOP("Metrics", "1 point of class {true} predicted as class {predicted} "
                                               "(right)")
ACCURACY = QT_TRANSLATE_NOOP("Metrics", "Accuracy {percent}% ({right} of {n} points right)")


@dataclass(frozen=True)
class Confusion:
    """One set's confusion matrix and the numbers read from it."""

    counts: NDArray[np.int64]  # (k, k): row = true class, column = predicted class
    indices: NDArray[np.int64]  # (n,) the set's points, as dataset indices
    true: NDArray[np.int64]  # (n,) their labels
    predicted: NDArray[np.int64]  # (n,) the model's classes for them

    @property
    def k(self) -> int:
        """Number of classes (rows and columns)."""
        return int(self.counts.shape[0])

    @property
    def n(self) -> int:
        """Number of points counted."""
        return int(self.counts.sum())

    @property
    def support(self) -> NDArray[np.int64]:
        """(k,) points of each true class (the row sums)."""
        return self.counts.sum(axis=1)

    @property
    def precision(self) -> NDArray[np.float64]:
        """(k,) C[c, c] / column sum; NaN for a class nothing is predicted as."""
        return _ratio(np.diag(self.counts), self.counts.sum(axis=0))

    @property
    def recall(self) -> NDArray[np.float64]:
        """(k,) C[c, c] / row sum; NaN for a class without points."""
        return _ratio(np.diag(self.counts), self.counts.sum(axis=1))

    @property
    def f1(self) -> NDArray[np.float64]:
        """(k,) the harmonic mean of precision and recall (0 when both are 0, NaN when either is)."""
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r, zero_over_zero=0.0)

    @property
    def accuracy(self) -> float:
        """trace / total: the share classified right (NaN without points)."""
        return float(np.trace(self.counts) / self.n) if self.n else float("nan")

    @property
    def shades(self) -> NDArray[np.float64]:
        """(k, k) each cell's count over the largest: 0 (none) … 1 (the fullest cell), its colour's depth."""
        return self.counts / max(1, int(self.counts.max(initial=0)))

    def cell_points(self, true: int, predicted: int) -> NDArray[np.int64]:
        """Dataset indices of the set's points of class `true` predicted as `predicted`."""
        return self.indices[(self.true == true) & (self.predicted == predicted)]


def _ratio(a: np.ndarray, b: np.ndarray, zero_over_zero: float = float("nan")) -> NDArray[np.float64]:
    """a / b elementwise, NaN where b is 0 (or `zero_over_zero` where a is 0 too), NaN where b is NaN."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    out = np.full(np.broadcast(a, b).shape, np.nan)
    ok = b != 0
    np.divide(a, b, out=out, where=ok)
    out[(~ok) & (a == 0) & ~np.isnan(b)] = zero_over_zero
    return out


def confusion_counts(true: np.ndarray, predicted: np.ndarray, k: int) -> NDArray[np.int64]:
    """(k, k) counts of (true, predicted) pairs: one bincount over the flat cell index true·k + predicted."""
    t = np.asarray(true, np.int64).reshape(-1)
    p = np.asarray(predicted, np.int64).reshape(-1)
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)


def confusion(indices: np.ndarray, true: np.ndarray, predicted: np.ndarray, k: int) -> Confusion:
    """The confusion matrix of labelled points (dataset `indices`) and the model's classes for them."""
    t, p = np.asarray(true, np.int64), np.asarray(predicted, np.int64)
    k = max(k, int(t.max(initial=-1)) + 1, int(p.max(initial=-1)) + 1)  # a label past k still counts
    return Confusion(confusion_counts(t, p, k), np.asarray(indices, np.int64), t, p)


class PredictionCache:
    """The model's classes for one set, kept until the weights (compared by value), the model, the
    points or the roles change: a redraw with the same weights (another language, a hover, a lock) is free."""

    def __init__(self) -> None:
        self._drawn_from = DrawnFrom()  # the model, dataset, roles and set (held: no id reuse), the weights
        self._value: NDArray[np.int64] = np.zeros(0, np.int64)
        self.computed = 0  # forward passes run (tests count them)

    def clear(self) -> None:
        """Forget the cached classes."""
        self._drawn_from.forget()

    def predicted(self, session: Session, role: int, X: np.ndarray) -> NDArray[np.int64]:
        """The model's class (n,) for the inputs `X` of `role` in `session`."""
        sources = (session.model, session.dataset, session.roles, role)
        params = list(session.model.params.values())
        if self._drawn_from.same(sources, params):
            return self._value
        # (through the network's fast route where it has one, as the data view's rings: a third of the time)
        self._value = (np.asarray(dataset_present.predict_classes(session.model, X), np.int64).reshape(-1)
                       if len(X) else np.zeros(0, np.int64))
        self._drawn_from.remember(sources, params)
        self.computed += 1
        return self._value


def empty_roles(session: Session) -> set[int]:
    """The split roles that have no points (their switch is disabled)."""
    return {role for role, count in zip(ROLES, session.role_counts(), strict=True) if count == 0}


def unavailable(session: Session) -> Marked | None:
    """Why there is no confusion matrix (regression), or None."""
    return REGRESSION if session.task != "classification" else None


def for_session(session: Session, role: int, cache: PredictionCache | None = None) -> Confusion:
    """The confusion matrix of the session's model on the points of `role` (k = the data's classes,
    2 for a perceptron's two)."""
    indices = session.indices(role)
    X = session.dataset.inputs()[indices]
    true = session.dataset.y[indices]
    predicted = (cache or PredictionCache()).predicted(session, role, X)
    k = 2 if isinstance(session.model, Perceptron) else max(2, n_classes(session.dataset))
    return confusion(indices, true, predicted, k)


def cell_message(counts: np.ndarray, true: int, predicted: int) -> Message:
    """What cell (true, predicted) counts, in words: '12 points of class 2 predicted as class 1'."""
    count = int(counts[true, predicted])
    right = true == predicted
    names = {"true": true + 1, "predicted": predicted + 1}  # classes are named as their keys: 1 ... 8
    if count == 1:
        return Message(ONE_POINT_RIGHT if right else ONE_POINT, **names)
    return Message(ONE_CELL_RIGHT if right else ONE_CELL, count=f"{count:,}", **names)


def accuracy_message(c: Confusion) -> Message | Marked:
    """The accuracy line under the matrix, or why there is none."""
    if c.n == 0:
        return NO_POINTS
    right = int(np.trace(c.counts))
    return Message(ACCURACY, percent=percent_or_dash(c.accuracy, 1), right=f"{right:,}", n=f"{c.n:,}")


def percent_or_dash(value: float, decimals: int = 0) -> str:
    """A share in 0..1 as a percentage, or '—' if it is undefined (NaN).

    As the status bar's accuracy: never 100 unless it is 1, nor 0 unless it is 0 (399 of 400 right is
    99%, not 100% beside a mistake in the matrix).
    """
    if not np.isfinite(value):
        return "—"
    step = 10.0 ** -decimals
    shown = round(100.0 * value, decimals)
    if value < 1.0:
        shown = min(shown, 100.0 - step)
    if value > 0.0:
        shown = max(shown, step)
    return f"{shown:.{decimals}f}"


def ratio_text(value: float) -> str:
    """A precision, recall or F1 as a whole percentage ('67%'), or '—' where it is undefined."""
    return f"{percent_or_dash(value)}%" if np.isfinite(value) else "—"


def number(count: int) -> str:
    """A count with thousands separators."""
    return f"{int(count):,}"
