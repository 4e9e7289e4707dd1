"""Activation functions against math-module references and numerical derivatives."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from visualnet.core import activations

X = np.array([-3.0, -1.5, -0.2, 0.3, 1.0, 2.5])
SMOOTH = [name for name in activations.NAMES if name != "step"]


def test_names_and_lookup():
    assert set(activations.NAMES) == {"step", "sigmoid", "tanh", "relu", "leaky_relu", "identity",
                                      "elu", "softplus", "swish", "gelu"}
    for name in activations.NAMES:
        act = activations.get(name.upper())
        assert act.name == name
        assert act is getattr(activations, name)
    with pytest.raises(ValueError):
        activations.get("mish")


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("step", lambda v: 1.0 if v > 0 else 0.0),
        ("sigmoid", lambda v: 1.0 / (1.0 + math.exp(-v))),
        ("tanh", math.tanh),
        ("relu", lambda v: max(v, 0.0)),
        ("leaky_relu", lambda v: v if v > 0 else 0.01 * v),
        ("identity", lambda v: v),
    ],
)
def test_forward_matches_scalar_reference(name, reference):
    got = activations.get(name).forward(X)
    np.testing.assert_allclose(got, [reference(v) for v in X], rtol=1e-12, atol=0)


@pytest.mark.parametrize("name", SMOOTH)
def test_derivative_matches_central_difference(name):
    act = activations.get(name)
    h = 1e-5
    numeric = (act.forward(X + h) - act.forward(X - h)) / (2 * h)
    np.testing.assert_allclose(act.derivative(X), numeric, rtol=1e-7, atol=1e-9)


def test_step_derivative_is_zero_everywhere():
    x = np.linspace(-5, 5, 101)
    assert np.all(activations.step.derivative(x) == 0)
    assert np.array_equal(activations.step.forward(np.array([-1.0, 0.0, 1e-9])), [0.0, 0.0, 1.0])


def test_sigmoid_is_stable_for_huge_inputs():
    x = np.array([-1000.0, -745.0, 0.0, 745.0, 1000.0])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        y = activations.sigmoid.forward(x)
        d = activations.sigmoid.derivative(x)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(d))
    assert y[0] == 0.0 and y[2] == 0.5 and y[-1] == 1.0


def test_float32_stays_float32_and_ints_become_float64():
    for act in map(activations.get, activations.NAMES):
        assert act.forward(X.astype(np.float32)).dtype == np.float32
        assert act.derivative(X.astype(np.float32)).dtype == np.float32
        assert act.forward(np.array([1, -2])).dtype == np.float64


def test_relu_keeps_nan():
    # a diverged network must stay visibly NaN instead of being clipped to 0
    assert np.isnan(activations.relu.forward(np.array([np.nan]))[0])


@given(arrays(np.float64, st.integers(1, 20), elements=st.floats(-1e6, 1e6)))
def test_sigmoid_symmetry_and_range(x):
    s = activations.sigmoid.forward(x)
    assert np.all((s >= 0) & (s <= 1))
    # sigma(-x) = 1 - sigma(x)
    np.testing.assert_allclose(activations.sigmoid.forward(-x), 1 - s, atol=1e-15)
