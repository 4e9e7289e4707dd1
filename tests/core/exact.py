"""The loss backpropagation differentiates, for the gradient tests of features, penalties and dropout."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from visualnet.core.mlp import MLP


def exact_loss(model: MLP, X: np.ndarray, t: np.ndarray,
               masks: Sequence[np.ndarray | None] | None = None) -> float:
    """Cross-entropy without the book's 1e-7 inside the log (backprop's (y - t) / N is the derivative of
    -log y), through the given dropout masks (None: evaluation), plus the weights' penalty."""
    z = model.scores(X, masks)
    shifted = z - z.max(axis=1, keepdims=True)
    log_y = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_y[np.arange(len(z)), t].mean()) + model.penalty_value()


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    """max |a - b| / max(1e-8, max |a| + max |b|): robust when a gradient is tiny everywhere."""
    return float(np.max(np.abs(a - b)) / max(1e-8, np.max(np.abs(a)) + np.max(np.abs(b))))
