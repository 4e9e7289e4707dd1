"""The layers' backpropagation against central-difference numerical gradients through the layers (float64).

MLP.gradient and MLP.numerical_gradient both run the book's layers; the fast route is held to
them in test_fast_mlp.py.
"""

import numpy as np
import pytest

from visualnet.core import MLP, Perceptron, activations

SMOOTH = [name for name in activations.NAMES if name != "step"]


def relative_error(a: np.ndarray, n: np.ndarray) -> float:
    """max |a - n| / max(1e-8, max |a| + max |n|): robust when a gradient is tiny everywhere."""
    return float(np.max(np.abs(a - n)) / max(1e-8, np.max(np.abs(a)) + np.max(np.abs(n))))


def make_problem(activation: str, task: str, depth: int, seed: int):
    """A small random network (random biases too) and 6 points; targets fit the task."""
    rng = np.random.default_rng(seed)
    n_out = 3 if task == "classification" else 2
    model = MLP([2, *([5] * depth), n_out], activation=activation, task=task, seed=seed)
    for key, p in model.params.items():
        if key.startswith("b"):
            p[...] = rng.normal(scale=0.5, size=p.shape)
    X = rng.normal(size=(6, 2))
    t = rng.integers(0, n_out, size=6) if task == "classification" else rng.normal(size=(6, n_out))
    return model, X, t


def well_conditioned(model: MLP, X: np.ndarray, t: np.ndarray) -> bool:
    """Data clear of ReLU kinks and, for classification, no tiny true-class probability y_t.

    Backprop's (y - t) / N is the gradient of -log(y_t); the loss is -log(y_t + 1e-7), whose
    gradient differs by the factor y_t / (y_t + 1e-7). With y_t > 0.2 that is below 5e-7.
    """
    if min_abs_preactivation(model, X) <= 1e-2:
        return False
    return model.task == "regression" or model.predict_proba(X)[np.arange(len(t)), t].min() > 0.2


def min_abs_preactivation(model: MLP, X: np.ndarray) -> float:
    """Smallest |z| over all hidden pre-activations: how far the data is from a ReLU kink."""
    a, smallest = X, np.inf
    for i in range(1, model.n_layers):
        z = a @ model.params[f"W{i}"] + model.params[f"b{i}"]
        smallest = min(smallest, float(np.min(np.abs(z))))
        a = model.activation.forward(z)
    return smallest


@pytest.mark.parametrize("depth", [1, 2, 3])
@pytest.mark.parametrize("task", ["classification", "regression"])
@pytest.mark.parametrize("activation", SMOOTH)
def test_backprop_matches_numerical_gradient(activation, task, depth):
    for seed in range(50):  # the first seed that gives a well-conditioned problem
        model, X, t = make_problem(activation, task, depth, seed)
        if well_conditioned(model, X, t):
            break
    else:
        pytest.fail("no seed gave a well-conditioned problem")
    analytic = model.gradient(X, t)
    numeric = model.numerical_gradient(X, t)
    assert analytic.keys() == numeric.keys() == model.params.keys()
    for key, p in model.params.items():
        assert analytic[key].shape == p.shape
        assert relative_error(analytic[key], numeric[key]) < 1e-6, key


def test_backprop_with_one_hot_targets_matches_labels():
    model, X, t = make_problem("tanh", "classification", 2, seed=1)
    by_labels = model.gradient(X, t)
    by_one_hot = model.gradient(X, np.eye(3)[t])
    for key in model.params:
        np.testing.assert_allclose(by_one_hot[key], by_labels[key], rtol=1e-13, atol=1e-15)


def test_step_network_passes_no_gradient_below_the_output_layer():
    model, X, t = make_problem("step", "classification", 2, seed=0)
    g = model.gradient(X, t)
    assert np.all(g["W1"] == 0) and np.all(g["W2"] == 0) and np.all(g["b1"] == 0)
    assert np.any(g["W3"] != 0)
    assert model.predict(X).shape == (6,)


def test_perceptron_gradient_matches_numerical_away_from_the_boundary():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(20, 2))
    t = rng.integers(0, 2, size=20)
    model = Perceptron((0.8, -0.4), 0.1)
    assert np.min(np.abs(model.net_input(X))) > 1e-3  # the criterion is linear in (w, b) here
    analytic = model.gradient(X, t)
    numeric = model.numerical_gradient(X, t)
    for key in ("w", "b"):
        assert relative_error(analytic[key], numeric[key]) < 1e-6


@pytest.mark.parametrize("activation", ["sigmoid", "relu"])
def test_without_the_log_epsilon_backprop_is_exact_to_float_precision(activation, monkeypatch):
    # the 1e-7 inside the cross-entropy's log is the only gap between (y - t) / N and the loss
    monkeypatch.setattr("visualnet.core.functions.EPS_LOG", 0.0)
    model, X, t = make_problem(activation, "classification", 2, seed=5)
    assert min_abs_preactivation(model, X) > 1e-2
    analytic, numeric = model.gradient(X, t), model.numerical_gradient(X, t)
    for key in model.params:
        assert relative_error(analytic[key], numeric[key]) < 1e-8, key
