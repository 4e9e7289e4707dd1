"""The book's Dropout layer: masks while training, (1 - ratio) at evaluation, reproducible masks."""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.exact import exact_loss, relative_error
from visualnet.core import activations, fast_mlp, optimizers
from visualnet.core.functions import numerical_gradient
from visualnet.core.layers import Dropout
from visualnet.core.mlp import MLP
from visualnet.core.training import Trainer

SMOOTH = [name for name in activations.NAMES if name != "step"]


def make(activation: str = "tanh", task: str = "classification", dropout=(0.5, 0.3), seed: int = 0,
         n: int = 20):
    rng = np.random.default_rng(seed)
    n_out = 3 if task == "classification" else 2
    model = MLP([2, 6, 5, n_out], activation=activation, task=task, seed=seed)
    for p in model.params.values():
        p += 0.3 * rng.standard_normal(p.shape)
    model.dropout = list(dropout)
    X = rng.uniform(-2, 2, (n, 2))
    t = rng.integers(0, n_out, n) if task == "classification" else rng.normal(size=(n, n_out))
    return model, X, t


@pytest.mark.parametrize("ratio", [0.1, 0.5, 0.9])
def test_the_dropped_fraction_is_the_ratio(ratio):
    layer = Dropout(ratio)
    rng = np.random.default_rng(0)
    x = np.ones((400, 50))
    dropped = [np.mean(layer.forward(x, rng) == 0.0) for _ in range(20)]  # 400,000 units in all
    assert np.mean(dropped) == pytest.approx(ratio, abs=0.003)
    kept = layer.forward(x, rng)
    np.testing.assert_array_equal(kept, layer.mask.astype(float))  # kept units pass unchanged
    np.testing.assert_array_equal(layer.backward(np.full_like(x, 2.0)), 2.0 * layer.mask)


def test_evaluation_scales_by_one_minus_the_ratio():
    layer = Dropout(0.3)
    x = np.arange(12.0).reshape(3, 4)
    np.testing.assert_allclose(layer.forward(x), 0.7 * x)
    assert layer.mask is None
    assert Dropout(0.0).forward(x) is x  # no dropout: nothing computed
    model, X, _ = make(dropout=(0.5, 0.25))
    p = model.params
    # evaluation by hand: h1 = tanh(X W1 + b1)·0.5, h2 = tanh(h1 W2 + b2)·0.75
    h1 = np.tanh(X @ p["W1"] + p["b1"]) * 0.5
    h2 = np.tanh(h1 @ p["W2"] + p["b2"]) * 0.75
    np.testing.assert_allclose(model.scores(X), h2 @ p["W3"] + p["b3"], rtol=1e-14)
    layers = model.forward_all(X)
    np.testing.assert_allclose(layers[1], h1, rtol=1e-14)  # what the next Affine takes
    np.testing.assert_allclose(layers[2], h2, rtol=1e-14)


def test_the_model_ratios_are_set_in_place():
    model, _, _ = make(dropout=())
    assert model.dropout == [0.0, 0.0] and not model.drops
    model.dropout = [0.2]
    assert model.dropout == [0.2, 0.0] and model.drops
    assert fast_mlp.route(model) is None  # the layers train while units drop
    model.dropout = []
    assert fast_mlp.route(model) is not None


@pytest.mark.parametrize("activation", SMOOTH)
def test_the_gradient_with_a_fixed_mask_matches_the_numerical_gradient(activation):
    model, X, t = make(activation, task="regression", seed=2)
    model.penalty, model.penalty_rate = "l2", 0.1
    grads = model.gradient(X, t, rng=np.random.default_rng(5))
    masks = model.last_masks()
    assert all(m is not None and 0 < m.mean() < 1 for m in masks)
    for key, p in model.params.items():
        numeric = numerical_gradient(lambda _p: model.loss(X, t, masks=masks), p)
        assert relative_error(grads[key], numeric) < 1e-6, key
    # and the gradient given those masks is the same gradient
    again = model.gradient(X, t, masks=masks)
    for key, g in grads.items():
        np.testing.assert_array_equal(again[key], g)


def test_masks_come_from_the_generator_given():
    model, X, t = make()
    a = model.gradient(X, t, rng=np.random.default_rng(9))
    first = model.last_masks()
    b = model.gradient(X, t, rng=np.random.default_rng(9))
    for m1, m2 in zip(first, model.last_masks(), strict=True):
        np.testing.assert_array_equal(m1, m2)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])
    model.gradient(X, t, rng=np.random.default_rng(10))
    assert not np.array_equal(first[0], model.last_masks()[0])


def test_a_zero_ratio_draws_nothing():
    model, X, t = make(dropout=(0.0, 0.0))
    rng = np.random.default_rng(1)
    state = rng.bit_generator.state
    model.gradient(X, t, rng=rng)
    assert rng.bit_generator.state == state
    assert model.last_masks() == [None, None]


def test_the_trainer_measures_without_masks():
    model, X, t = make(n=40)
    trainer = Trainer(model, optimizers.get("SGD", lr=0.1), X, t, batch_size=8, seed=1)
    trainer.step(12)
    assert fast_mlp.route(model) is None
    assert trainer.history.train_loss[-1] == pytest.approx(model.data_loss(X, t), rel=1e-12)
    assert trainer.evaluate().train_loss == pytest.approx(model.data_loss(X, t), rel=1e-12)


def test_a_trainer_run_repeats_mask_for_mask():
    runs = []
    for _ in range(2):
        model, X, t = make(n=40)
        trainer = Trainer(model, optimizers.get("Adam", lr=0.01), X, t, batch_size=8, seed=4)
        trainer.step(30)
        runs.append(model.theta.copy())
    np.testing.assert_array_equal(runs[0], runs[1])


def test_rewinding_resumes_the_run_bit_for_bit():
    model, X, t = make(n=40)
    trainer = Trainer(model, optimizers.get("Momentum", lr=0.05), X, t, batch_size=8, seed=4)
    trainer.step(30)
    first = model.theta.copy()
    trainer.rewind(11)
    assert trainer.iteration == 11
    trainer.step(19)
    np.testing.assert_array_equal(model.theta, first)



@pytest.mark.parametrize("activation", ["relu", "tanh", "gelu"])
def test_a_classifier_gradient_with_a_fixed_mask_matches_the_numerical_gradient(activation):
    model, X, t = make(activation, seed=3)
    model.penalty, model.penalty_rate = "l1", 0.05
    grads = model.gradient(X, t, rng=np.random.default_rng(8))
    masks = model.last_masks()
    for key, p in model.params.items():
        numeric = numerical_gradient(lambda _p: exact_loss(model, X, t, masks), p)
        assert relative_error(grads[key], numeric) < 1e-6, key


def test_the_books_comparison_holds_with_dropout_through_the_masks_or_in_evaluation():
    model = MLP([2, 6, 5, 3], activation="tanh", seed=3)
    model.dropout = [0.5, 0.3]
    rng = np.random.default_rng(2)
    X, t = rng.normal(size=(20, 2)), rng.integers(0, 3, 20)
    def flat(grads: dict[str, np.ndarray]) -> np.ndarray:
        return np.concatenate([g.ravel() for g in grads.values()])

    drawn = model.gradient(X, t)
    assert relative_error(flat(drawn), flat(model.numerical_gradient(X, t, model.last_masks()))) < 1e-6
    measured = model.gradient(X, t, training=False)
    assert relative_error(flat(measured), flat(model.numerical_gradient(X, t))) < 1e-6
