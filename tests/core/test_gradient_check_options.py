"""The gradient check agrees with backprop with input features, a penalty and dropout switched on."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import gradient_check as gc
from visualnet.core.mlp import MLP

FEATURES = ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")


def _net(penalty: str = "none", rate: float = 0.0, dropout: float = 0.0, activation: str = "tanh") -> MLP:
    model = MLP([len(FEATURES), 6, 5, 3], activation=activation, features=FEATURES, seed=4)
    model.penalty, model.penalty_rate, model.dropout = penalty, rate, [dropout, dropout]
    return model


def _data(n: int = 12) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(9)
    return rng.normal(size=(n, 2)), rng.integers(0, 3, n)


@pytest.mark.parametrize(("penalty", "rate"), [("none", 0.0), ("l2", 0.05), ("l1", 0.05)])
def test_features_and_penalty_agree(penalty: str, rate: float) -> None:
    X, t = _data()
    found = gc.compare(_net(penalty, rate), X, t)
    assert found.overall < 1e-6


def test_the_penalty_is_in_the_checked_loss() -> None:
    X, t = _data()
    model = _net("l2", 0.1)
    weights = sum(float((model.params[f"W{i}"] ** 2).sum()) for i in (1, 2, 3))
    plain = _net()
    assert gc.exact_loss(model, X, t) == pytest.approx(gc.exact_loss(plain, X, t) + 0.05 * weights, rel=1e-12)


@pytest.mark.parametrize("with_delta", [False, True])
def test_dropout_is_checked_through_the_masks_backprop_drew(with_delta: bool) -> None:
    X, t = _data(40)
    model = _net("l2", 0.01, dropout=0.5)
    found = gc.compare(model, X, t, with_delta=with_delta)
    masks = model.last_masks()
    assert all(m is not None and 0 < (m == 0).mean() < 1 for m in masks)  # units were really dropped
    if not with_delta:
        assert found.overall < 1e-6
    # without the masks the numerical gradient is of another network: far off
    evaluation = {k: gc.numerical_gradient(lambda _p: gc.exact_loss(model, X, t), p)
                  for k, p in model.params.items()}
    assert gc.relative_error(list(found.backprop.values()), list(evaluation.values())) > 1e-3


def test_loss_along_one_weight_uses_the_masks() -> None:
    X, t = _data(30)
    model = _net(dropout=0.5)
    exact = float(model.gradient(X, t)["W1"].reshape(-1)[3])
    along = gc.loss_along(model, X, t, "W1", 3, model.last_masks())
    w = float(model.params["W1"].reshape(-1)[3])
    assert gc.central_diff(along, w, 1e-4) == pytest.approx(exact, rel=1e-6, abs=1e-9)
