"""L2 (the book's weight decay) and L1 penalties: values and gradients by hand, backprop, every route."""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.exact import exact_loss, relative_error
from visualnet.core import activations, fast_mlp, features, landscape, optimizers
from visualnet.core.functions import numerical_gradient
from visualnet.core.history import History, Metrics
from visualnet.core.mlp import MLP
from visualnet.core.stacked_losses import batched_loss, plane_losses
from visualnet.core.training import Trainer

SMOOTH = [name for name in activations.NAMES if name != "step"]


def make(penalty: str, rate: float = 0.3, activation: str = "tanh", ids: tuple[str, ...] | None = None,
         seed: int = 0, n: int = 12):
    """A 3-class network with random biases, its penalty set, and n points."""
    rng = np.random.default_rng(seed)
    n_in = 2 if ids is None else len(ids)
    model = MLP([n_in, 5, 4, 3], activation=activation, seed=seed, features=ids)
    for p in model.params.values():
        p += 0.3 * rng.standard_normal(p.shape)
    model.penalty, model.penalty_rate = penalty, rate
    X = rng.uniform(-2, 2, (n, 2))
    t = rng.integers(0, 3, n)
    return model, X, t


def test_penalty_values_by_hand():
    model = MLP([2, 2, 2], seed=0)
    model.params["W1"][...] = [[1.0, -2.0], [0.5, 0.0]]
    model.params["W2"][...] = [[-1.0, 3.0], [0.0, 0.0]]
    model.params["b1"][...] = [100.0, -100.0]  # biases are not penalised
    assert model.penalty_value() == 0.0  # "none"
    model.penalty, model.penalty_rate = "l2", 0.1
    # λ/2·ΣW² = 0.05 · (1 + 4 + 0.25 + 1 + 9)
    assert model.penalty_value() == pytest.approx(0.05 * 15.25)
    model.penalty = "l1"  # λ·Σ|W| = 0.1 · (1 + 2 + 0.5 + 1 + 3)
    assert model.penalty_value() == pytest.approx(0.75)
    model.penalty_rate = 0.0
    assert model.penalty_value() == 0.0


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_penalty_gradients_by_hand(penalty):
    model, X, t = make(penalty)
    with_penalty = {k: v.copy() for k, v in model.gradient(X, t).items()}
    model.penalty = "none"
    data_only = model.gradient(X, t)
    for key, W in model.params.items():
        added = with_penalty[key] - data_only[key]
        # λW or λ·sign(W) on the weights; the biases have no penalty
        expected = 0.3 * (W if penalty == "l2" else np.sign(W)) if key.startswith("W") else np.zeros_like(W)
        np.testing.assert_allclose(added, expected, rtol=1e-12, atol=1e-15, err_msg=key)


@pytest.mark.parametrize("activation", SMOOTH)
@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_backprop_with_a_penalty_matches_the_numerical_gradient(penalty, activation):
    model, X, t = make(penalty, activation=activation, ids=features.NAMES, seed=1)
    for i in range(1, model.n_layers + 1):  # L1: weights away from 0, where |W| has its kink
        W = model.params[f"W{i}"]
        W[np.abs(W) < 0.05] = 0.05
    grads = model.gradient(X, t)
    for key, p in model.params.items():
        numeric = numerical_gradient(lambda _p: exact_loss(model, X, t), p)
        assert relative_error(grads[key], numeric) < 1e-6, key


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_loss_is_data_loss_plus_penalty(penalty):
    model, X, t = make(penalty)
    assert model.penalty_value() > 0
    assert model.loss(X, t) == pytest.approx(model.data_loss(X, t) + model.penalty_value(), rel=1e-15)


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_the_fast_route_adds_the_same_penalty(penalty):
    model, X, t = make(penalty, ids=("x1", "x2", "x1x2"), n=40)
    fast = fast_mlp.route(model)
    assert fast is not None
    assert fast.penalty_value() == pytest.approx(model.penalty_value(), rel=1e-14)
    assert fast.loss(X, t) == pytest.approx(model.loss(X, t), rel=1e-13)
    assert fast.data_loss(X, t) == pytest.approx(model.data_loss(X, t), rel=1e-13)
    grads = model.gradient(X, t)
    for dtype, rtol in ((np.float64, 1e-12), (np.float32, 1e-3)):
        flat = fast.layout.unflatten(fast.gradient(X, t, dtype=dtype))
        for key, g in grads.items():
            np.testing.assert_allclose(flat[key], g, rtol=rtol, atol=1e-5 if dtype == np.float32 else 1e-15)
    # set in place on the model: the route follows
    model.penalty_rate = 0.0
    assert fast_mlp.route(model).loss(X, t) == pytest.approx(model.data_loss(X, t), rel=1e-13)


def train(model: MLP, X: np.ndarray, t: np.ndarray, steps: int) -> Trainer:
    trainer = Trainer(model, optimizers.get("Momentum", lr=0.05), X, t, batch_size=7, seed=3)
    trainer.step(steps)
    return trainer


@pytest.mark.parametrize("penalty", ["l2", "l1"])
def test_training_on_the_fast_route_equals_training_on_the_layers(penalty, monkeypatch):
    fast_model, X, t = make(penalty, ids=("x1", "x2", "x1sq", "sinx2"), n=30)
    layer_model, _, _ = make(penalty, ids=("x1", "x2", "x1sq", "sinx2"), n=30)
    fast = train(fast_model, X, t, 25)
    monkeypatch.setattr(fast_mlp, "route", lambda model: None)  # the trainer's layers route
    layers = train(layer_model, X, t, 25)
    for key, p in fast_model.params.items():
        np.testing.assert_allclose(p, layer_model.params[key], rtol=1e-10, atol=1e-12, err_msg=key)
    np.testing.assert_allclose(fast.history.penalty, layers.history.penalty, rtol=1e-10)


def test_the_history_keeps_data_loss_and_penalty_apart():
    model, X, t = make("l2", rate=0.5, n=30)
    trainer = train(model, X, t, 10)
    h = trainer.history
    assert h.train_loss[-1] == pytest.approx(model.data_loss(X, t), rel=1e-12)  # no penalty in it
    assert h.penalty[-1] == pytest.approx(model.penalty_value(), rel=1e-12) and h.penalty[-1] > 0
    assert np.all(h.penalty > 0) and len(h.penalty) == len(h.iteration)
    assert np.all(np.isfinite(h.batch_loss[1:]))
    # the weight decay shrinks the weights: the penalty falls while the data barely pulls
    assert h.penalty[-1] < h.penalty[0]


def test_without_a_penalty_the_column_is_zero():
    model, X, t = make("none", n=20)
    h = train(model, X, t, 5).history
    assert np.all(h.penalty == 0.0)


def test_thinning_cutting_and_putting_back_keep_the_penalty_column():
    h = History(max_records=8)
    nan = float("nan")
    for i in range(40):
        h.record(i, i / 10, Metrics(1.0, nan, nan, nan, nan, nan), penalty=i * 0.5)
    np.testing.assert_array_equal(h.penalty, h.iteration * 0.5)  # thinned: still each record's own
    before = h.penalty.copy()
    tail = h.cut_after(int(h.iteration[len(h.iteration) // 2]))
    assert len(h.penalty) < len(before)
    h.put_back(tail)
    np.testing.assert_array_equal(h.penalty, before)


@pytest.mark.parametrize("penalty", ["l2", "l1"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_loss_surfaces_show_the_loss_gradient_descent_follows(penalty, dtype):
    model, X, t = make(penalty, activation="relu", ids=("x1", "x2", "x2sq"), n=25)
    rtol = 1e-10 if dtype == np.float64 else 2e-5
    values = np.linspace(-1.5, 1.5, 7)
    stacked = np.repeat(model.params["W2"][None], len(values), axis=0)
    stacked[:, 2, 1] = values
    expected = []
    saved = model.params["W2"][2, 1]
    for v in values:
        model.params["W2"][2, 1] = v
        expected.append(model.loss(X, t))
    model.params["W2"][2, 1] = saved
    np.testing.assert_allclose(batched_loss(model, X, t, {"W2": stacked}, dtype=dtype), expected, rtol=rtol)
    for bias in ("weights", "zero"):
        plane = landscape.random_plane(model.params, seed=2, bias=bias)
        alphas, betas = np.linspace(-1, 1, 5), np.linspace(-0.7, 0.6, 4)
        Z = plane_losses(model, X, t, plane.center, plane.d1, plane.d2, alphas, betas, dtype=dtype)
        check, _, _ = make(penalty, activation="relu", ids=("x1", "x2", "x2sq"), n=25)
        for i, b in enumerate(betas):
            for j, a in enumerate(alphas):
                check.set_params(plane.point(a, b))
                assert Z[i, j] == pytest.approx(check.loss(X, t), rel=rtol)


def test_a_copy_keeps_features_penalty_and_dropout():
    model, X, t = make("l1", ids=("x1", "x1x2", "sinx1"))
    model.dropout = [0.4]
    twin = model.copy()
    assert (twin.features, twin.penalty, twin.penalty_rate, twin.dropout) == (
        model.features, model.penalty, model.penalty_rate, model.dropout)
    assert twin.loss(X, t) == model.loss(X, t)
    twin.params["W1"] += 1.0  # its own weights
    assert twin.loss(X, t) != model.loss(X, t)
