"""The fast route's float32 training path agrees with its float64 one, which stays the layers' numbers.

Tolerances, from measurements (2026-12-06) with a margin:
- the gradient vector's relative error ||g32 - g64|| / ||g64|| is at most ~8e-7 for smooth
  activations (float32 rounding, eps 1.2e-7, summed over a batch) and ~3e-5 for ReLU and leaky
  ReLU, where a unit whose pre-activation is within rounding of 0 can take the other side of the
  kink; the tests allow 1e-5 and 1e-4;
- 200 SGD or Adam iterations at batch 1024 end at a training loss within ~6e-7 (relative) of the
  float64 run's; the test allows 1e-4.
The loss itself is never computed in float32 (`FastMLP.loss` and the loss layer stay float64).
"""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import activations, fast_mlp, optimizers
from visualnet.core.data import moons, spirals
from visualnet.core.mlp import MLP
from visualnet.core.training import Trainer

KINKED = ("relu", "leaky_relu")  # a unit at the kink may fall on the other side in float32


def make(activation: str, task: str, hidden: list[int], n: int, seed: int = 0):
    """A network with random biases and n random points fitting the task."""
    rng = np.random.default_rng(seed)
    n_in, n_out = (2, 3) if task == "classification" else (1, 2)
    model = MLP([n_in, *hidden, n_out], activation=activation, task=task, seed=seed)
    model.theta += 0.1 * rng.standard_normal(model.theta.shape)  # in place: the route sees it
    X = rng.normal(size=(n, n_in))
    t = rng.integers(0, n_out, n) if task == "classification" else rng.normal(size=(n, n_out))
    return model, X, t


def relative_error(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


@pytest.mark.parametrize("activation", activations.NAMES)
@pytest.mark.parametrize("task", ["classification", "regression"])
@pytest.mark.parametrize(("hidden", "n"), [([64, 64], 1024), ([32, 16, 8], 256), ([128], 4096 + 7)])
def test_the_float32_gradient_agrees_with_float64(activation, task, hidden, n) -> None:
    model, X, t = make(activation, task, hidden, n)
    fast = fast_mlp.route(model)
    assert fast is not None
    g64 = fast.gradient(X, t, dtype=np.float64)
    g32 = fast.gradient(X, t, dtype=np.float32)
    assert g32.dtype == np.float64 and g32.shape == model.theta.shape  # laid out like theta
    tol = 1e-4 if activation in KINKED else 1e-5
    if activation == "step":  # no gradient reaches the hidden layers: only the last block is nonzero
        assert not g32[: -(hidden[-1] + 1) * model.n_outputs].any()
    assert relative_error(g32, g64) <= tol
    # the default picks float32 for these sizes (a layer of >= 32 units, n x its width >= 4096)
    assert fast.uses_float32(n)
    np.testing.assert_array_equal(fast.gradient(X, t), g32)


def test_the_float32_route_follows_in_place_updates_of_theta() -> None:
    model, X, t = make("tanh", "classification", [64, 64], 512, seed=1)
    fast = fast_mlp.route(model)
    assert fast is not None
    before = fast.gradient(X, t, dtype=np.float32)
    model.theta *= 0.5  # what an optimizer does: theta changes in place, float64
    after = fast.gradient(X, t, dtype=np.float32)
    assert relative_error(after, before) > 1e-2  # the weights were cast again, not kept
    assert relative_error(after, fast.gradient(X, t, dtype=np.float64)) <= 1e-5


def test_small_nets_keep_float64_and_only_float_dtypes_are_taken() -> None:
    # the benchmark's small nets, the app's default, and a narrow net at a large batch
    for sizes, batch in (([2, 8, 8, 2], 16), ([2, 16, 16, 2], 64), ([2, 8, 8, 2], 10),
                         ([2, 16, 16, 2], 4096)):
        model = MLP(sizes, activation="tanh", seed=0)
        fast = fast_mlp.route(model)
        assert fast is not None and not fast.uses_float32(batch)
        X, t = np.random.default_rng(0).normal(size=(batch, 2)), np.arange(batch) % 2
        np.testing.assert_array_equal(fast.gradient(X, t), fast.gradient(X, t, dtype=np.float64))
    with pytest.raises(ValueError, match="float64 or float32"):
        fast.gradient(X, t, dtype=np.float16)


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
def test_module_gradient_and_the_layers_stay_float64_on_large_batches(activation) -> None:
    # fast_mlp.gradient (the views, the gradient check) and MLP.gradient: the layers' numbers to
    # rounding even where FastMLP.gradient's default would take float32
    model, X, t = make(activation, "classification", [64, 64], 1024, seed=2)
    fast = fast_mlp.route(model)
    assert fast is not None and fast.uses_float32(len(X))
    flat = model.layout.flatten(fast_mlp.gradient(model, X, t))
    np.testing.assert_array_equal(flat, fast.gradient(X, t, dtype=np.float64))
    layers = model.layout.flatten(model.gradient(X, t))
    np.testing.assert_allclose(flat, layers, rtol=1e-12, atol=1e-15)
    assert relative_error(fast.gradient(X, t), layers) > 1e-9  # while the default is float32


def train(activation: str, optimizer: str, float32: bool, monkeypatch: pytest.MonkeyPatch,
          data_name: str) -> tuple[float, np.ndarray]:
    """Training loss and theta after 200 iterations at batch 1024 of [2, 64, 64, k]."""
    d = moons(n=2048, noise=0.1, seed=0) if data_name == "moons" else spirals(n=2048, seed=0)
    X, t = d.inputs(), d.targets()
    # the Trainer calls FastMLP.gradient with its default: float32 from FLOAT32_FROM on
    monkeypatch.setattr(fast_mlp, "FLOAT32_FROM", 4096 if float32 else 10**18)
    model = MLP([2, 64, 64, int(t.max()) + 1], activation=activation, seed=0)
    fast = fast_mlp.route(model)
    assert fast is not None and fast.uses_float32(1024) == float32
    lr = 0.1 if optimizer == "SGD" else 0.01
    trainer = Trainer(model, optimizers.get(optimizer, lr=lr), X, t, batch_size=1024, seed=0)
    report = trainer.step(200)
    assert report.iterations_done == 200 and trainer.diverged is None
    return model.loss(X, t), model.theta.copy()


@pytest.mark.parametrize(("activation", "optimizer", "data_name"),
                         [("tanh", "SGD", "moons"), ("relu", "Adam", "spirals"), ("sigmoid", "SGD", "moons")])
def test_a_float32_training_run_ends_where_the_float64_run_does(activation, optimizer, data_name,
                                                                monkeypatch) -> None:
    loss32, theta32 = train(activation, optimizer, True, monkeypatch, data_name)
    loss64, theta64 = train(activation, optimizer, False, monkeypatch, data_name)
    assert loss32 == pytest.approx(loss64, rel=1e-4)
    assert relative_error(theta32, theta64) <= 1e-4
    assert not np.array_equal(theta32, theta64)  # the runs did take different routes
