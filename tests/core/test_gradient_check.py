"""The gradient check's core: relative error, backprop against the numerical gradient, and h itself."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import activations, gradient_check
from visualnet.core.gradient_check import central_diff, compare, forward_diff, function_1, relative_error
from visualnet.core.layers import Affine
from visualnet.core.mlp import MLP, TASKS
from visualnet.core.perceptron import Perceptron

SMOOTH_ENOUGH = [name for name in activations.NAMES if name != "step"]  # step: 0 everywhere, jumps


KINK_MARGIN = 1e-2  # no hidden pre-activation this close to 0: ReLU's kink lies far beyond h = 1e-4


def hidden_preactivations(model: MLP, X: np.ndarray) -> list[np.ndarray]:
    """A = x·W + b of every hidden layer, through the model's own layers."""
    found, x = [], np.asarray(X, dtype=np.float64)
    for layer in model.layers[:-1]:
        x = layer.forward(x)
        if isinstance(layer, Affine):
            found.append(x)
    return found


def random_net(activation: str, task: str, depth: int, seed: int) -> tuple[MLP, np.ndarray, np.ndarray]:
    """A net of `depth` hidden layers as the app starts one (He / Xavier weights) with random biases
    too, and a batch of random points none of which lies on a kink (else the next seed's)."""
    for attempt in range(seed * 1000, seed * 1000 + 1000):
        rng = np.random.default_rng(attempt)
        n_in, n_out = (1, 1) if task == "regression" else (2, 3)
        hidden = [int(rng.integers(2, 9)) for _ in range(depth)]
        model = MLP([n_in, *hidden, n_out], activation=activation, task=task, seed=attempt)
        for key, p in model.params.items():
            if key.startswith("b"):
                p[...] = rng.normal(0.0, 0.3, p.shape)
        X = rng.normal(0.0, 1.0, (16, n_in))
        t = rng.normal(0.0, 1.0, (16, 1)) if task == "regression" else rng.integers(0, n_out, 16)
        if all(np.min(np.abs(a)) > KINK_MARGIN for a in hidden_preactivations(model, X)):
            return model, X, t
    raise AssertionError("no random net without a kink near a point")


def test_relative_error_is_max_difference_over_max_size() -> None:
    a, b = np.array([1.0, -2.0, 0.5]), np.array([1.1, -2.0, 0.5])
    assert relative_error(a, b) == pytest.approx(0.1 / 4.0)
    assert relative_error(a, a) == 0.0
    assert relative_error(a, -a) == 1.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0  # no 0/0
    assert relative_error([a, a], [b, a]) == pytest.approx(0.1 / 4.0)


@pytest.mark.parametrize("activation", SMOOTH_ENOUGH)
@pytest.mark.parametrize("task", TASKS)
@pytest.mark.parametrize("depth", [1, 2, 3])
def test_backprop_agrees_with_the_numerical_gradient(activation: str, task: str, depth: int) -> None:
    for seed in range(5):
        model, X, t = random_net(activation, task, depth, seed)
        before = {k: v.copy() for k, v in model.params.items()}
        found = compare(model, X, t)
        assert found.overall < 1e-6, (activation, task, depth, seed, found.errors)
        assert all(e < 1e-6 for e in found.errors.values())
        assert list(found.errors) == list(model.params)
        for k, v in before.items():  # the numerical gradient restores every weight
            assert np.array_equal(model.params[k], v)


def test_the_books_1e_7_shows_where_a_point_is_confidently_wrong() -> None:
    model = MLP([2, 3], activation="identity", seed=0)
    model.params["W1"][...] = [[8.0, -8.0, 0.0], [0.0, 0.0, 0.0]]
    X = np.array([[1.0, 0.0], [-1.0, 0.5], [0.3, 0.2]])
    t = np.array([1, 0, 2])  # the first point's class has a probability of about 1e-7
    y = model.predict_proba(X)[0, 1]
    assert y < 1e-6
    exact = compare(model, X, t)
    book = compare(model, X, t, with_delta=True)
    assert exact.overall < 1e-8  # backprop is the derivative of −log y, to rounding
    assert book.overall > 1e-2  # and not of −log(y + 1e-7)
    for key in model.params:
        assert np.array_equal(exact.backprop[key], book.backprop[key])
        assert np.allclose(book.numerical[key], model.numerical_gradient(X, t)[key], rtol=0, atol=0)


def test_the_exact_loss_is_the_books_without_the_1e_7() -> None:
    model, X, t = random_net("sigmoid", "classification", 2, 1)
    y = model.predict_proba(X)[np.arange(len(X)), t]
    assert gradient_check.exact_loss(model, X, t) == pytest.approx(-np.mean(np.log(y)), rel=1e-12)
    assert gradient_check.exact_loss(model, X, np.eye(3)[t]) == pytest.approx(-np.mean(np.log(y)), rel=1e-12)
    regression, Xr, tr = random_net("tanh", "regression", 1, 1)
    assert gradient_check.exact_loss(regression, Xr, tr) == regression.loss(Xr, tr)


class OffByTenPercent(MLP):
    """A test double: backpropagation with a mistake (every gradient 10 % too large, b1 of the wrong sign)."""

    def gradient(self, X: np.ndarray, t: np.ndarray) -> dict[str, np.ndarray]:
        grads = {k: 1.1 * g for k, g in super().gradient(X, t).items()}
        grads["b1"] = -grads["b1"]
        return grads


@pytest.mark.parametrize("task", TASKS)
def test_a_wrong_gradient_shows_a_large_error(task: str) -> None:
    model, X, t = random_net("sigmoid", task, 2, 0)
    wrong = OffByTenPercent(model.sizes, activation="sigmoid", task=task)
    wrong.set_params(model.params)
    found = compare(wrong, X, t)
    assert found.overall > 1e-2
    assert found.errors["b1"] == pytest.approx(1.0, rel=0.1)
    assert all(e > 1e-2 for e in found.errors.values())


def test_the_perceptron_criterion_agrees_away_from_its_kink() -> None:
    rng = np.random.default_rng(1)
    model = Perceptron((0.7, -0.4), 0.1)
    X = rng.normal(0.0, 1.0, (20, 2))
    t = rng.integers(0, 2, 20)
    assert np.min(np.abs(model.net_input(X))) > 1e-3  # no point within h of the line
    assert compare(model, X, t).overall < 1e-9


def test_h_1e_50_gives_0_as_in_the_book() -> None:
    assert function_1(5.0) == pytest.approx(0.75)
    assert central_diff(function_1, 5.0, 1e-50) == 0.0  # 5 + 1e-50 == 5 in float64
    assert forward_diff(function_1, 5.0, 1e-50) == 0.0
    assert central_diff(function_1, 5.0, 1e-4) == pytest.approx(0.2, abs=1e-9)
    # forward difference: error 0.01·h (truncation); central: none on a quadratic, only rounding
    assert forward_diff(function_1, 5.0, 1e-1) - 0.2 == pytest.approx(1e-3, rel=1e-6)
    assert abs(central_diff(function_1, 5.0, 1e-1) - 0.2) < 1e-12


def test_loss_along_one_weight_restores_it_and_its_slope_is_the_gradient() -> None:
    model, X, t = random_net("tanh", "classification", 2, 4)
    f = gradient_check.loss_along(model, X, t, "W2", 3)
    w = float(model.params["W2"].reshape(-1)[3])
    assert f(w) == gradient_check.exact_loss(model, X, t)
    f(w + 1.0)
    assert float(model.params["W2"].reshape(-1)[3]) == w
    exact = model.gradient(X, t)["W2"].reshape(-1)[3]
    assert central_diff(f, w, 1e-4) == pytest.approx(exact, rel=1e-6, abs=1e-10)
