"""The fast routes compute the layers' formulas: the same scores, losses and gradients on every case.

The reference is the MLP itself (the book's layers, whose gradient tests/core/test_gradients.py
checks against central differences). fast_mlp (training steps, the decision field) must agree
with it to rounding; stacked_losses (loss surfaces) to rounding in float64 and to single
precision in float32, its default.
"""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import activations, fast_mlp, landscape
from visualnet.core.mlp import MLP
from visualnet.core.stacked_losses import batched_loss, plane_losses

CASES = [(a, task, depth) for a in activations.NAMES for task in ("classification", "regression")
         for depth in (1, 2, 3)]


def make(activation: str, task: str, depth: int, seed: int = 0, n: int = 23):
    """A random network (random biases too) of `depth` hidden layers and n points fitting the task."""
    rng = np.random.default_rng(seed)
    n_in, n_out = (2, 3) if task == "classification" else (1, 2)
    model = MLP([n_in, *[5, 4, 6][:depth], n_out], activation=activation, task=task, seed=seed)
    for p in model.params.values():
        p += 0.3 * rng.standard_normal(p.shape)
    X = rng.normal(size=(n, n_in))
    t = rng.integers(0, n_out, n) if task == "classification" else rng.normal(size=(n, n_out))
    return model, X, t


@pytest.mark.parametrize(("activation", "task", "depth"), CASES)
def test_fast_route_equals_the_layers(activation, task, depth) -> None:
    model, X, t = make(activation, task, depth)
    fast = fast_mlp.route(model)
    assert fast is not None
    np.testing.assert_allclose(fast.scores(X), model.scores(X), rtol=1e-13, atol=1e-15)
    assert fast.loss(X, t) == pytest.approx(model.loss(X, t), rel=1e-13)
    if task == "classification":
        np.testing.assert_allclose(fast.predict_proba(X), model.predict_proba(X), rtol=1e-13, atol=1e-15)
        one_hot = np.eye(model.n_outputs)[t]
        assert fast.loss(X, one_hot) == pytest.approx(model.loss(X, one_hot), rel=1e-13)
    grads = model.gradient(X, t)
    flat = fast.gradient(X, t)
    assert flat.shape == model.theta.shape
    fast_grads = fast.layout.unflatten(flat)
    assert fast_grads.keys() == grads.keys() == model.params.keys()
    for key, g in grads.items():
        np.testing.assert_allclose(fast_grads[key], g, rtol=1e-12, atol=1e-15, err_msg=key)


@pytest.mark.parametrize("rows", [1, 7, fast_mlp.WORKSPACE_ROWS + 5])
def test_fast_route_equals_the_layers_for_any_batch_size(rows) -> None:
    model, X, t = make("tanh", "classification", 2, seed=1, n=rows)
    fast = fast_mlp.route(model)
    assert fast is not None
    for _ in range(2):  # the second call reuses the buffers of the first
        np.testing.assert_allclose(fast.scores(X), model.scores(X), rtol=1e-13, atol=1e-15)
        np.testing.assert_allclose(fast.gradient(X, t), model.layout.flatten(model.gradient(X, t)),
                                   rtol=1e-12, atol=1e-15)


def test_the_route_follows_in_place_updates_and_steps_aside_for_replaced_arrays() -> None:
    model, X, t = make("relu", "classification", 2, seed=2)
    fast = fast_mlp.route(model)
    assert fast is not None and fast_mlp.route(model) is fast  # one route per model
    model.params["W2"] *= 0.5  # in place: the route sees it
    assert fast.loss(X, t) == pytest.approx(model.loss(X, t), rel=1e-13)
    model.params["W1"] = model.params["W1"].copy()  # replaced: theta no longer holds W1
    assert fast_mlp.route(model) is None
    other = MLP([2, 4, 2])
    other.params["b1"] = np.zeros(4)  # replaced before any route was made
    assert fast_mlp.route(other) is None
    assert fast_mlp.route(object()) is None


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize(("activation", "task", "depth"), CASES)
def test_stacked_losses_equal_the_layers(activation, task, depth, dtype) -> None:
    model, X, t = make(activation, task, depth, seed=3)
    rng = np.random.default_rng(4)
    settings = [{k: p + 0.2 * rng.standard_normal(p.shape) for k, p in model.params.items()}
                for _ in range(3)]
    expected = []
    for setting in settings:
        check = MLP(model.sizes, activation=activation, task=task)
        check.set_params(setting)
        expected.append(check.loss(X, t))
    stacked = {k: np.stack([s[k] for s in settings]) for k in model.params}
    tol = {"rtol": 1e-10} if dtype == np.float64 else {"rtol": 2e-5, "atol": 1e-6}
    np.testing.assert_allclose(batched_loss(model, X, t, stacked, dtype=dtype), expected, **tol)

    plane = landscape.random_plane(model.params, seed=5, bias="weights")
    a, b = np.array([-0.5, 0.0, 0.7]), np.array([-0.3, 0.4])
    ref = np.empty((len(b), len(a)))
    check = MLP(model.sizes, activation=activation, task=task)
    for i, bi in enumerate(b):
        for j, aj in enumerate(a):
            check.set_params(plane.point(aj, bi))
            ref[i, j] = check.loss(X, t)
    got = plane_losses(model, X, t, plane.center, plane.d1, plane.d2, a, b, dtype=dtype)
    np.testing.assert_allclose(got, ref, **tol)


@pytest.mark.parametrize("activation", activations.NAMES)
@pytest.mark.parametrize("task", ["classification", "regression"])
def test_the_float64_route_equals_the_layers_on_wide_nets_and_large_batches(activation, task) -> None:
    # where FastMLP.gradient's default takes float32 (tests/core/test_fast32.py), dtype=float64 and
    # the module's gradient(), which the views and the gradient check read, keep the layers' numbers
    rng = np.random.default_rng(6)
    n_in, n_out = (2, 3) if task == "classification" else (1, 2)
    model = MLP([n_in, 64, 32, n_out], activation=activation, task=task, seed=6)
    model.theta += 0.1 * rng.standard_normal(model.theta.shape)
    X = rng.normal(size=(1024, n_in))
    t = rng.integers(0, n_out, 1024) if task == "classification" else rng.normal(size=(1024, n_out))
    fast = fast_mlp.route(model)
    assert fast is not None and fast.uses_float32(len(X))
    layers = model.gradient(X, t)
    by_module = fast_mlp.gradient(model, X, t)
    flat = fast.gradient(X, t, dtype=np.float64)
    np.testing.assert_array_equal(model.layout.flatten(by_module), flat)
    for key, g in layers.items():
        np.testing.assert_allclose(by_module[key], g, rtol=1e-12, atol=1e-15, err_msg=key)
    assert fast.loss(X, t) == pytest.approx(model.loss(X, t), rel=1e-13)  # the loss is never float32
