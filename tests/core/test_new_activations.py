"""ELU, softplus, swish (SiLU) and GELU: values against independent formulas, derivatives against
central differences, backpropagation through an MLP against numerical gradients, the fast route
against the layers, and the names a file or the gradient check meets."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest

from visualnet import files
from visualnet.core import activations, fast_mlp, gradient_check
from visualnet.core.mlp import MLP, init_std
from visualnet.presenters import gradient_check as check_view
from visualnet.session import Config, Session

NEW = ("elu", "softplus", "swish", "gelu")
# a grid over [-6, 6] that misses 0 (ELU's h'' jumps there) by at least 0.01
GRID = np.concatenate([np.linspace(-6.0, -0.01, 300), np.linspace(0.013, 6.0, 300)])


def gelu_tanh(v: float) -> float:
    """GELU's tanh approximation, written from its definition with the math module."""
    return 0.5 * v * (1.0 + math.tanh(math.sqrt(2.0 / math.pi) * (v + 0.044715 * v**3)))


REFERENCES = {
    "elu": lambda v: v if v > 0 else math.exp(v) - 1.0,
    "softplus": lambda v: math.log1p(math.exp(v)),
    "swish": lambda v: v / (1.0 + math.exp(-v)),
    "gelu": gelu_tanh,
}


def relative_error(a: np.ndarray, n: np.ndarray) -> float:
    """max |a - n| / max(1e-8, max |a| + max |n|), as tests/core/test_gradients.py measures it."""
    return float(np.max(np.abs(a - n)) / max(1e-8, np.max(np.abs(a)) + np.max(np.abs(n))))


# ----------------------------------------------------------------------------- names and values

def test_the_core_knows_them_by_name_and_alias() -> None:
    assert activations.NAMES[-4:] == NEW
    for name in NEW:
        assert activations.get(name.upper()) is getattr(activations, name)
    assert activations.get("silu") is activations.swish
    assert activations.get(" SiLU ") is activations.swish
    assert activations.get("gelu-tanh") is activations.gelu
    assert set(activations.RELU_LIKE) == {"relu", "leaky_relu", *NEW}


@pytest.mark.parametrize("name", NEW)
def test_values_match_the_scalar_formulas(name: str) -> None:
    x = np.array([-30.0, -6.0, -1.28, -0.75, -0.2, 0.0, 0.3, 1.0, 2.5, 8.0, 30.0])
    expected = [REFERENCES[name](v) for v in x]
    np.testing.assert_allclose(activations.get(name).forward(x), expected, rtol=1e-12, atol=1e-300)


def test_gelu_is_the_tanh_approximation_of_x_phi_x() -> None:
    # the exact GELU is x Phi(x) = 0.5 x (1 + erf(x / sqrt 2)); the approximation stays within 1e-3
    x = np.linspace(-6, 6, 241)
    exact = np.array([0.5 * v * (1.0 + math.erf(v / math.sqrt(2.0))) for v in x])
    error = np.abs(activations.gelu.forward(x) - exact)
    assert error.max() < 1e-3 and error.max() > 1e-6  # close, and not the erf form itself


def test_the_shapes_a_learner_sees() -> None:
    elu, softplus, swish, gelu = (activations.get(n) for n in NEW)
    assert elu.forward(np.array([-50.0]))[0] == pytest.approx(-1.0)  # ELU levels off at -alpha = -1
    assert softplus.forward(np.array([0.0]))[0] == pytest.approx(math.log(2.0))
    # swish and GELU dip below 0: minimum -0.2785 at x = -1.2785 and -0.170 near x = -0.75
    x = np.linspace(-3, 0, 30001)
    assert swish.forward(x).min() == pytest.approx(-0.278464, abs=1e-6)
    assert x[np.argmin(swish.forward(x))] == pytest.approx(-1.278465, abs=1e-4)
    assert gelu.forward(x).min() == pytest.approx(-0.17, abs=2e-3)


# ----------------------------------------------------------------------------- derivatives

@pytest.mark.parametrize("name", NEW)
def test_derivative_matches_central_differences(name: str) -> None:
    act = activations.get(name)
    h = 1e-5
    numeric = (act.forward(GRID + h) - act.forward(GRID - h)) / (2 * h)
    derivative = act.derivative(GRID)
    assert relative_error(derivative, numeric) < 1e-9
    np.testing.assert_allclose(derivative, numeric, rtol=1e-6, atol=1e-9)


def test_elus_slope_is_continuous_at_0() -> None:
    # h'(0) = 1 from both sides; only h'' jumps (0 above, 1 below), so a central difference is off by h/4
    x = np.array([-1e-12, 0.0, 1e-12])
    np.testing.assert_allclose(activations.elu.derivative(x), 1.0, rtol=1e-11)
    h = 1e-6
    central = (activations.elu.forward(np.array([h])) - activations.elu.forward(np.array([-h]))) / (2 * h)
    assert central[0] == pytest.approx(1.0 - h / 4, rel=1e-9)


@pytest.mark.parametrize("name", ["elu", "softplus"])
def test_derivative_from_the_output_is_the_same_slope(name: str) -> None:
    act = activations.get(name)
    x = np.concatenate([GRID, [-40.0, 0.0, 40.0]])
    assert act.from_output
    np.testing.assert_allclose(act.derivative_from_output(act.forward(x)), act.derivative(x), rtol=1e-12,
                               atol=1e-16)


@pytest.mark.parametrize("name", ["swish", "gelu"])
def test_swish_and_gelu_need_the_input_for_their_slope(name: str) -> None:
    act = activations.get(name)
    assert not act.from_output
    # one output, two inputs, two slopes: on each side of the dip
    x = np.linspace(-4, 0, 40001)
    y = act.forward(x)
    low = x[np.argmin(y)]
    a = x[x < low][np.argmin(np.abs(y[x < low] - y.min() / 2))]
    b = x[x > low][np.argmin(np.abs(y[x > low] - y.min() / 2))]
    assert act.forward(np.array([a]))[0] == pytest.approx(act.forward(np.array([b]))[0], abs=1e-3)
    assert act.derivative(np.array([a]))[0] < 0 < act.derivative(np.array([b]))[0]
    with pytest.raises(ValueError, match="not a function of its output"):
        act.derivative_from_output(y)


@pytest.mark.parametrize("name", NEW)
def test_huge_inputs_give_finite_values_without_warnings(name: str) -> None:
    act = activations.get(name)
    x = np.array([-1e300, -1000.0, -745.0, 0.0, 745.0, 1000.0, 1e300])
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        y, d = act.forward(x), act.derivative(x)
    assert np.all(np.isfinite(y)) and np.all(np.isfinite(d))
    assert y[-1] == 1e300 and d[-1] == 1.0 and d[0] == 0.0  # linear above, flat far below


@pytest.mark.parametrize("name", NEW)
def test_float32_stays_float32_and_nan_stays_nan(name: str) -> None:
    act = activations.get(name)
    x32 = GRID.astype(np.float32)
    assert act.forward(x32).dtype == np.float32 and act.derivative(x32).dtype == np.float32
    if act.from_output:
        assert act.derivative_from_output(act.forward(x32)).dtype == np.float32
    assert np.isnan(act.forward(np.array([np.nan]))[0])  # a diverged network stays visibly NaN


# ----------------------------------------------------------------------------- networks

def make(activation: str, task: str, depth: int, seed: int = 0, n: int = 12):
    """A random network (random biases too) and n points fitting the task."""
    rng = np.random.default_rng(seed)
    n_out = 3 if task == "classification" else 2
    model = MLP([2, *[6, 5, 4][:depth], n_out], activation=activation, task=task, seed=seed)
    for p in model.params.values():
        p += 0.3 * rng.standard_normal(p.shape)
    X = rng.normal(size=(n, 2))
    t = rng.integers(0, n_out, n) if task == "classification" else rng.normal(size=(n, n_out))
    return model, X, t


@pytest.mark.parametrize("depth", [1, 3])
@pytest.mark.parametrize("task", ["classification", "regression"])
@pytest.mark.parametrize("name", NEW)
def test_backprop_matches_the_numerical_gradient(name: str, task: str, depth: int) -> None:
    model, X, t = make(name, task, depth)
    found = gradient_check.compare(model, X, t)  # central differences, h = 1e-4, of the exact loss
    assert found.overall < 1e-6, found.errors
    # and the app's gradient check says so, with no kink counted (the four are smooth)
    assert check_view.kinks_near(model, X, check_view.H_DEFAULT) == 0


@pytest.mark.parametrize("name", NEW)
def test_the_gradient_check_agrees_on_a_fresh_session(name: str) -> None:
    # biases start at 0: a ReLU network would count units at the kink; these have none to count
    session = Session.from_preset("XOR clouds", Config(hidden=(8, 8), activation=name), seed=1)
    result = check_view.run_check(session)
    assert result is not None and result.kinks == 0
    assert result.overall < check_view.AGREE, result.overall
    assert "agrees" in result.readout()


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("task", ["classification", "regression"])
@pytest.mark.parametrize("name", NEW)
def test_the_fast_route_equals_the_layers(name: str, task: str, dtype: type[np.floating]) -> None:
    model, X, t = make(name, task, 2, seed=3, n=29)
    fast = fast_mlp.route(model)
    assert fast is not None
    expected = model.layout.flatten(model.gradient(X, t))
    for _ in range(2):  # the second call reuses the buffers of the first
        np.testing.assert_allclose(fast.scores(X), model.scores(X), rtol=1e-13, atol=1e-15)
        got = fast.gradient(X, t, dtype=dtype)
        if dtype == np.float64:
            np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-15)
        else:
            assert relative_error(got, expected) < 1e-5


def test_only_swish_and_gelu_keep_their_pre_activations() -> None:
    keeping = {"relu": False, "tanh": False, "elu": False, "softplus": False, "swish": True, "gelu": True}
    for name, keeps in keeping.items():
        model, X, t = make(name, "classification", 2)
        fast = fast_mlp.route(model)
        assert fast is not None
        fast.scores(X)  # a forward pass alone never copies them
        ws = fast._workspace(len(X))
        assert ws._pre == []
        fast.gradient(X, t)
        assert bool(ws._pre) == keeps, name


def test_relu_like_activations_start_from_he_weights() -> None:
    for name in NEW:
        assert init_std(None, name, 8) == pytest.approx(math.sqrt(2 / 8))
        assert np.std(MLP([400, 300, 2], activation=name).params["W1"]) == pytest.approx(math.sqrt(2 / 400),
                                                                                        rel=0.02)
    assert init_std(None, "tanh", 8) == pytest.approx(math.sqrt(1 / 8))


# ----------------------------------------------------------------------------- files

@pytest.mark.parametrize("name", NEW)
def test_a_saved_session_reopens_with_its_activation(tmp_path, name: str) -> None:
    session = Session.from_preset("Moons", Config(hidden=(5,), activation=name), seed=2)
    session.step(20)
    path = tmp_path / "run.json"
    files.save_session(path, files.document_from_session(session, "Moons"))
    doc = files.load_session(path)
    assert doc.config is not None and doc.config["activation"] == name
    again = Session(doc.dataset.copy())
    again.apply_document(doc)
    assert again.config.activation == name and again.model.activation is activations.get(name)
    for key, p in session.model.params.items():
        np.testing.assert_array_equal(again.model.params[key], p)


def test_settings_take_the_aliases_and_refuse_an_unknown_name() -> None:
    assert files.check_settings({"activation": "SiLU"}) == {"activation": "swish"}
    assert files.check_settings({"activation": "gelu_tanh"}) == {"activation": "gelu"}
    assert files.check_settings({"activation": "GELU"}) == {"activation": "gelu"}
    with pytest.raises(ValueError, match="choose from step, sigmoid, tanh, relu, leaky_relu, identity, elu, "
                                         "softplus, swish, gelu"):
        files.check_settings({"activation": "mish"})
