"""stacked_losses: the loss of many parameter settings at once equals the loss one setting at a time."""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.test_mlp import data
from visualnet.core import grids, landscape
from visualnet.core.data import moons
from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron
from visualnet.core.stacked_losses import batched_loss, plane_losses


def loss_with(model: MLP, X, t, values: dict) -> float:
    """The loss with some parameters temporarily replaced (one setting at a time)."""
    saved = model.copy_params()
    model.set_params(values)
    try:
        return model.loss(X, t)
    finally:
        model.set_params(saved)


def reference(net: MLP, X: np.ndarray, t: np.ndarray, plane: landscape.Plane, alphas: np.ndarray,
              betas: np.ndarray) -> np.ndarray:
    """The loss at every node of the grid, one network per node (the slow, obvious way)."""
    check = MLP(net.sizes, activation=net.activation_name, task=net.task)
    out = np.empty((len(betas), len(alphas)))
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            check.set_params(plane.point(a, b))
            out[i, j] = check.loss(X, t)
    return out


def make(sizes: list[int], activation: str, task: str, n: int, seed: int):
    rng = np.random.default_rng(seed)
    net = MLP(sizes, activation=activation, task=task, seed=seed)
    for v in net.params.values():  # non-zero biases, so the bias terms are checked too
        v += 0.2 * rng.standard_normal(v.shape)
    X = rng.uniform(-1.5, 1.5, (n, sizes[0]))
    t = np.sin(2 * X[:, :1]) if task == "regression" else rng.integers(0, sizes[-1], n)
    return net, X, t


CASES = [
    ([2, 8, 8, 2], "relu", "classification", 60),
    ([2, 8, 8, 2], "relu", "classification", 61),  # an odd number of points
    ([2, 2], "relu", "classification", 30),  # no hidden layer: the first layer is the output
    ([2, 6, 3], "tanh", "classification", 40),  # three classes: the general softmax
    ([2, 5, 4, 3, 2], "sigmoid", "classification", 33),  # deeper
    ([2, 7, 2], "leaky_relu", "classification", 50),
    ([1, 8, 1], "relu", "regression", 45),
    ([1, 6, 6, 1], "tanh", "regression", 20),
]


@pytest.mark.parametrize(("sizes", "activation", "task", "n"), CASES)
def test_plane_losses_equal_the_loss_one_point_at_a_time(sizes, activation, task, n) -> None:
    net, X, t = make(sizes, activation, task, n, seed=len(sizes) + n)
    plane = landscape.random_plane(net.params, seed=4, bias="weights")  # biases move too
    alphas, betas = np.linspace(-1.0, 1.2, 7), np.linspace(-0.8, 0.9, 5)
    ref = reference(net, X, t, plane, alphas, betas)
    Z64 = plane_losses(net, X, t, plane.center, plane.d1, plane.d2, alphas, betas, dtype=np.float64)
    np.testing.assert_allclose(Z64, ref, rtol=1e-10)  # float64: equal to rounding
    Z32 = plane_losses(net, X, t, plane.center, plane.d1, plane.d2, alphas, betas)
    np.testing.assert_allclose(Z32, ref, rtol=2e-5)  # float32 (the default): single precision
    # tiny blocks (one node at a time, a row split into pieces) give the same numbers
    tiny = plane_losses(net, X, t, plane.center, plane.d1, plane.d2, alphas, betas, dtype=np.float64,
                            block_elements=1)
    np.testing.assert_allclose(tiny, Z64, rtol=1e-12)
    three = plane_losses(net, X, t, plane.center, plane.d1, plane.d2, alphas, betas, dtype=np.float64,
                             block_elements=3 * (max(sizes[1:]) + 1) * n)
    np.testing.assert_allclose(three, Z64, rtol=1e-12)


def test_agrees_with_batched_loss_on_a_41_by_41_grid() -> None:
    d = moons(n=300, noise=0.2, seed=1)
    X, t = d.inputs(), d.targets()
    net = MLP([2, 8, 8, 2], seed=2)
    plane = landscape.random_plane(net.params, seed=3)
    a = np.linspace(-1, 1, 41)
    fast = plane_losses(net, X, t, plane.center, plane.d1, plane.d2, a, a, dtype=np.float64)
    A, B = np.tile(a, 41), np.repeat(a, 41)  # node i·41 + j is (a[j], a[i])
    stacked = {k: c + np.multiply.outer(A, plane.d1[k]) + np.multiply.outer(B, plane.d2[k])
               for k, c in plane.center.items()}
    slow = batched_loss(net, X, t, stacked, dtype=np.float64).reshape(41, 41)
    np.testing.assert_allclose(fast, slow, rtol=1e-10)


def test_one_hot_targets_and_missing_direction_keys() -> None:
    net, X, t = make([2, 8, 8, 3], "relu", "classification", 40, seed=5)
    one_hot = np.eye(3)[t]
    d1 = {"W2": np.ones_like(net.params["W2"])}  # only W2 moves along a, only b3 along b
    d2 = {"b3": np.ones_like(net.params["b3"])}
    center = net.copy_params()
    a, b = np.linspace(-1, 1, 4), np.linspace(0, 2, 3)
    full = {k: d1.get(k, np.zeros_like(v)) for k, v in center.items()}, \
        {k: d2.get(k, np.zeros_like(v)) for k, v in center.items()}
    plane = landscape.Plane(center, *full)
    ref = reference(net, X, t, plane, a, b)
    for targets in (t, one_hot):
        got = plane_losses(net, X, targets, center, d1, d2, a, b, dtype=np.float64)
        np.testing.assert_allclose(got, ref, rtol=1e-10)


def test_overflow_gives_finite_capped_losses() -> None:
    net, X, t = make([2, 8, 8, 2], "relu", "classification", 30, seed=6)
    plane = landscape.random_plane(net.params, seed=1)
    a = np.array([-1e30, 0.0, 1e30])  # far-away nodes: float32 overflows there
    z = plane_losses(net, X, t, plane.center, plane.d1, plane.d2, a, [0.0])
    assert np.isfinite(z[0, 1])
    capped = grids.loss_plane(net, X, t, plane.center, plane.d1, plane.d2, a, [0.0])
    assert np.all(np.isfinite(capped)) and capped[0, 1] == z[0, 1]


def test_the_live_network_is_untouched() -> None:
    net, X, t = make([2, 8, 8, 2], "relu", "classification", 30, seed=7)
    kept = net.copy_params()
    plane = landscape.random_plane(net.params, seed=2)
    plane_losses(net, X, t, plane.center, plane.d1, plane.d2, np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    for k, v in kept.items():
        np.testing.assert_array_equal(net.params[k], v)




# ----- batched_loss: G parameter settings in one call ------------------------------------------


def grid_of_w1(m: MLP, n=6):
    """W1 stacks where two entries run over an n x n grid, everything else as in m."""
    w = np.linspace(-3, 3, n)
    a, b = np.meshgrid(w, w)
    stack = np.repeat(m.params["W1"][None], n * n, axis=0)
    stack[:, 0, 1] = a.ravel()
    stack[:, 1, 2] = b.ravel()
    return stack


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_batched_loss_over_w1_entries(dtype):
    m = MLP([2, 8, 8, 2], seed=1)
    X, t = data(50)
    stack = grid_of_w1(m)
    expected = [loss_with(m, X, t, {"W1": w}) for w in stack]
    got = batched_loss(m, X, t, {"W1": stack}, dtype=dtype)
    assert got.shape == (36,) and got.dtype == np.float64
    tol = {"rtol": 1e-12} if dtype == np.float64 else {"rtol": 1e-5, "atol": 1e-6}
    np.testing.assert_allclose(got, expected, **tol)


def test_batched_loss_default_agrees_closely_with_loss():
    m = MLP([2, 8, 8, 2], seed=1)
    X, t = data(300)
    stack = grid_of_w1(m, n=11)
    expected = [loss_with(m, X, t, {"W1": w}) for w in stack]
    np.testing.assert_allclose(batched_loss(m, X, t, {"W1": stack}), expected, rtol=1e-5, atol=1e-6)


def test_batched_loss_over_b2():
    m = MLP([2, 6, 5, 3], activation="sigmoid", seed=2)
    X, t = data(30, n_classes=3)
    stack = np.random.default_rng(0).normal(size=(9, 5))
    expected = [loss_with(m, X, t, {"b2": b}) for b in stack]
    np.testing.assert_allclose(batched_loss(m, X, t, {"b2": stack}, dtype=np.float64), expected, rtol=1e-12)


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_batched_loss_over_several_keys_at_once(task):
    m = MLP([2, 5, 4, 2], activation="tanh", task=task, seed=3)
    rng = np.random.default_rng(1)
    X = rng.normal(size=(20, 2))
    t = rng.integers(0, 2, size=20) if task == "classification" else rng.normal(size=(20, 2))
    G = 7
    stacks = {
        "b1": rng.normal(size=(G, 5)),
        "W2": rng.normal(size=(G, 5, 4)),
        "W3": rng.normal(size=(G, 4, 2)),
    }
    expected = [loss_with(m, X, t, {k: v[g] for k, v in stacks.items()}) for g in range(G)]
    np.testing.assert_allclose(batched_loss(m, X, t, stacks, dtype=np.float64), expected, rtol=1e-12)
    np.testing.assert_allclose(batched_loss(m, X, t, stacks), expected, rtol=1e-5, atol=1e-6)


def test_batched_loss_with_one_hot_targets_and_last_layer_only():
    m = MLP([2, 4, 3], seed=5)
    X, t = data(25, n_classes=3)
    stack = np.random.default_rng(2).normal(size=(4, 4, 3))
    expected = [loss_with(m, X, t, {"W2": w}) for w in stack]
    got = batched_loss(m, X, np.eye(3)[t], {"W2": stack}, dtype=np.float64)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_batched_loss_many_settings_spanning_several_blocks(monkeypatch):
    monkeypatch.setattr("visualnet.core.stacked_losses.BLOCK_ELEMENTS", 1000)  # forces many small blocks
    m = MLP([2, 8, 8, 2], seed=1)
    X, t = data(50)
    stack = grid_of_w1(m, n=5)
    expected = [loss_with(m, X, t, {"W1": w}) for w in stack]
    np.testing.assert_allclose(batched_loss(m, X, t, {"W1": stack}, dtype=np.float64), expected, rtol=1e-12)


def test_batched_loss_rejects_bad_stacks():
    m = MLP([2, 3, 2])
    X, t = data(5)
    with pytest.raises(ValueError):
        batched_loss(m, X, t, {"W1": np.zeros((4, 3, 2))})  # W1 is (2, 3)
    with pytest.raises(ValueError):
        batched_loss(m, X, t, {"W1": np.zeros((4, 2, 3)), "b1": np.zeros((5, 3))})  # G differs
    with pytest.raises(KeyError):
        batched_loss(m, X, t, {"W9": np.zeros((4, 2, 3))})


def test_perceptron_batched_loss_matches_one_setting_at_a_time():
    rng = np.random.default_rng(2)
    X = rng.normal(size=(25, 2))
    t = rng.integers(0, 2, size=25)
    p = Perceptron((0.1, 0.2), -0.1)
    W = rng.normal(size=(7, 2))
    B = rng.normal(size=(7, 1))
    expected = [Perceptron(w, b[0]).loss(X, t) for w, b in zip(W, B, strict=True)]
    np.testing.assert_allclose(batched_loss(p, X, t, {"w": W, "b": B}), expected, rtol=1e-13)
    only_w = [Perceptron(w, -0.1).loss(X, t) for w in W]
    np.testing.assert_allclose(batched_loss(p, X, t, {"w": W}), only_w, rtol=1e-13)
