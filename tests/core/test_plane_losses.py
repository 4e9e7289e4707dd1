"""MLP.plane_losses: the loss over a plane of parameters equals the loss computed one point at a time."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import grids, landscape
from visualnet.core.data import moons
from visualnet.core.mlp import MLP


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
    Z64 = net.plane_losses(X, t, plane.center, plane.d1, plane.d2, alphas, betas, dtype=np.float64)
    np.testing.assert_allclose(Z64, ref, rtol=1e-10)  # float64: equal to rounding
    Z32 = net.plane_losses(X, t, plane.center, plane.d1, plane.d2, alphas, betas)
    np.testing.assert_allclose(Z32, ref, rtol=2e-5)  # float32 (the default): single precision
    # tiny blocks (one node at a time, a row split into pieces) give the same numbers
    tiny = net.plane_losses(X, t, plane.center, plane.d1, plane.d2, alphas, betas, dtype=np.float64,
                            block_elements=1)
    np.testing.assert_allclose(tiny, Z64, rtol=1e-12)
    three = net.plane_losses(X, t, plane.center, plane.d1, plane.d2, alphas, betas, dtype=np.float64,
                             block_elements=3 * (max(sizes[1:]) + 1) * n)
    np.testing.assert_allclose(three, Z64, rtol=1e-12)


def test_agrees_with_batched_loss_on_a_41_by_41_grid() -> None:
    d = moons(n=300, noise=0.2, seed=1)
    X, t = d.inputs(), d.targets()
    net = MLP([2, 8, 8, 2], seed=2)
    plane = landscape.random_plane(net.params, seed=3)
    a = np.linspace(-1, 1, 41)
    fast = net.plane_losses(X, t, plane.center, plane.d1, plane.d2, a, a, dtype=np.float64)
    A, B = np.tile(a, 41), np.repeat(a, 41)  # node i·41 + j is (a[j], a[i])
    stacked = {k: c + np.multiply.outer(A, plane.d1[k]) + np.multiply.outer(B, plane.d2[k])
               for k, c in plane.center.items()}
    slow = net.batched_loss(X, t, stacked, dtype=np.float64).reshape(41, 41)
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
        got = net.plane_losses(X, targets, center, d1, d2, a, b, dtype=np.float64)
        np.testing.assert_allclose(got, ref, rtol=1e-10)


def test_overflow_gives_finite_capped_losses() -> None:
    net, X, t = make([2, 8, 8, 2], "relu", "classification", 30, seed=6)
    plane = landscape.random_plane(net.params, seed=1)
    a = np.array([-1e30, 0.0, 1e30])  # far-away nodes: float32 overflows there
    z = net.plane_losses(X, t, plane.center, plane.d1, plane.d2, a, [0.0])
    assert np.isfinite(z[0, 1])
    capped = grids.loss_plane(net, X, t, plane.center, plane.d1, plane.d2, a, [0.0])
    assert np.all(np.isfinite(capped)) and capped[0, 1] == z[0, 1]


def test_the_live_network_is_untouched() -> None:
    net, X, t = make([2, 8, 8, 2], "relu", "classification", 30, seed=7)
    kept = net.copy_params()
    plane = landscape.random_plane(net.params, seed=2)
    net.plane_losses(X, t, plane.center, plane.d1, plane.d2, np.linspace(-1, 1, 5), np.linspace(-1, 1, 5))
    for k, v in kept.items():
        np.testing.assert_array_equal(net.params[k], v)
