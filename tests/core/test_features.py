"""Input features (x₁, x₂, x₁², x₂², x₁x₂, sin x₁, sin x₂): columns, the feature layer, every route."""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.exact import exact_loss, relative_error
from visualnet.core import activations, fast_mlp, features, grids, landscape
from visualnet.core.functions import numerical_gradient
from visualnet.core.layers import FeatureLayer
from visualnet.core.mlp import MLP
from visualnet.core.stacked_losses import batched_loss, plane_losses

SMOOTH = [name for name in activations.NAMES if name != "step"]
DIRECT = {  # each feature written out independently of core.features
    "x1": lambda x, y: x, "x2": lambda x, y: y, "x1sq": lambda x, y: x**2, "x2sq": lambda x, y: y**2,
    "x1x2": lambda x, y: x * y, "sinx1": lambda x, y: np.sin(x), "sinx2": lambda x, y: np.sin(y),
}


def points(n: int = 9, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).uniform(-2.5, 2.5, (n, 2))


def net_with(ids: tuple[str, ...], activation: str = "tanh", hidden: tuple[int, ...] = (5, 4),
             n_out: int = 3, seed: int = 0) -> MLP:
    rng = np.random.default_rng(seed + 100)
    model = MLP([len(ids), *hidden, n_out], activation=activation, seed=seed, features=ids)
    for p in model.params.values():
        p += 0.2 * rng.standard_normal(p.shape)
    return model


def test_names_labels_and_order():
    assert features.NAMES == ("x1", "x2", "x1sq", "x2sq", "x1x2", "sinx1", "sinx2")
    labels = [features.LABELS[f] for f in features.NAMES]
    assert labels == ["x₁", "x₂", "x₁²", "x₂²", "x₁x₂", "sin x₁", "sin x₂"]
    assert features.canonical(["sinx2", "x1", "x1x2"]) == ("x1", "x1x2", "sinx2")
    for bad in ([], ["x1", "x1"], ["x3"]):
        with pytest.raises(ValueError):
            features.canonical(bad)


@pytest.mark.parametrize("ids", [features.NAMES, ("x1",), ("x1x2", "sinx1"), ("x2sq", "x1")])
def test_columns_equal_a_direct_computation(ids):
    X = points()
    expected = np.column_stack([DIRECT[f](X[:, 0], X[:, 1]) for f in ids])
    np.testing.assert_array_equal(features.columns(X, ids), expected)


def test_the_raw_points_are_the_default_columns():
    X = points()
    assert features.columns(X, ("x1", "x2")) is X  # no copy on the usual route
    np.testing.assert_array_equal(features.columns(X, ("x2", "x1")), X[:, ::-1])


def test_the_feature_layer_backward_is_the_chain_rule():
    X = points(6)
    layer = FeatureLayer(features.NAMES)
    weights = np.random.default_rng(1).normal(size=(6, 7))  # L = Σ weights * columns

    def loss(_x: np.ndarray) -> float:
        return float((weights * layer.forward(X)).sum())

    numeric = numerical_gradient(loss, X)
    layer.forward(X)
    np.testing.assert_allclose(layer.backward(weights), numeric, rtol=1e-6, atol=1e-8)


def test_the_model_takes_raw_points():
    model = net_with(("x1", "x1sq", "x1x2"))
    X = points()
    assert model.n_inputs == 2 and model.sizes[0] == 3 and model.features == ("x1", "x1sq", "x1x2")
    cols = model.input_columns(X)
    np.testing.assert_array_equal(cols, np.column_stack([X[:, 0], X[:, 0] ** 2, X[:, 0] * X[:, 1]]))
    layers = model.forward_all(X)
    np.testing.assert_array_equal(layers[0], cols)
    np.testing.assert_allclose(model.hidden_preactivations(X), cols @ model.params["W1"] + model.params["b1"])
    # the first Affine multiplies the columns: the same network without features, fed the columns
    plain = MLP(model.sizes, activation="tanh")
    plain.set_params(model.params)
    np.testing.assert_array_equal(model.scores(X), plain.scores(cols))
    with pytest.raises(ValueError, match="number of features"):
        MLP([2, 4, 2], features=("x1", "x2", "x1sq"))


@pytest.mark.parametrize("activation", SMOOTH)
def test_backprop_with_features_matches_the_numerical_gradient(activation):
    model = net_with(features.NAMES, activation=activation, seed=3)
    X, t = points(8, seed=4), np.random.default_rng(5).integers(0, 3, 8)
    grads = model.gradient(X, t)
    for key, p in model.params.items():
        numeric = numerical_gradient(lambda _p: exact_loss(model, X, t), p)
        assert relative_error(grads[key], numeric) < 1e-6, key


@pytest.mark.parametrize("activation", ["relu", "tanh", "swish", "sigmoid"])
@pytest.mark.parametrize("ids", [features.NAMES, ("x1sq", "x2sq"), ("sinx1",)])
def test_the_fast_route_equals_the_layers_with_features(activation, ids):
    model = net_with(ids, activation=activation, seed=2)
    X, t = points(31, seed=6), np.random.default_rng(7).integers(0, 3, 31)
    fast = fast_mlp.route(model)
    assert fast is not None
    np.testing.assert_allclose(fast.scores(X), model.scores(X), rtol=1e-13, atol=1e-15)
    assert fast.loss(X, t) == pytest.approx(model.loss(X, t), rel=1e-13)
    grads, flat = model.gradient(X, t), fast.layout.unflatten(fast.gradient(X, t, dtype=np.float64))
    for key, g in grads.items():
        np.testing.assert_allclose(flat[key], g, rtol=1e-12, atol=1e-15, err_msg=key)
    single = fast.layout.unflatten(fast.gradient(X, t, dtype=np.float32))
    for key, g in grads.items():
        np.testing.assert_allclose(single[key], g, rtol=1e-3, atol=1e-5, err_msg=key)


def test_the_decision_field_takes_the_features():
    model = net_with(("x1", "x2", "x1sq", "x2sq"), n_out=2)
    field = grids.decision_field(model, (-2, 2), (-1, 1), (5, 7))
    xs, ys = grids.grid_axes((-2, 2), (-1, 1), (5, 7))
    P = np.array([[x, y] for y in ys for x in xs])
    np.testing.assert_allclose(field.reshape(-1, 2), model.predict_proba(P), rtol=1e-12)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_loss_surfaces_take_the_features(dtype):
    model = net_with(("x1", "x2sq", "x1x2", "sinx2"), activation="relu", seed=8)
    X, t = points(40, seed=9), np.random.default_rng(10).integers(0, 3, 40)
    rtol = 1e-10 if dtype == np.float64 else 2e-5
    values = np.linspace(-1, 1, 5)
    stacked = np.repeat(model.params["W1"][None], 5, axis=0)
    stacked[:, 3, 1] = values  # W1's row of sin x₂, column 1
    expected = []
    for v in values:
        saved = model.params["W1"][3, 1]
        model.params["W1"][3, 1] = v
        expected.append(model.loss(X, t))
        model.params["W1"][3, 1] = saved
    np.testing.assert_allclose(batched_loss(model, X, t, {"W1": stacked}, dtype=dtype), expected, rtol=rtol)
    plane = landscape.random_plane(model.params, seed=1, bias="weights")
    alphas, betas = np.linspace(-1, 1, 4), np.linspace(-0.5, 0.5, 3)
    Z = plane_losses(model, X, t, plane.center, plane.d1, plane.d2, alphas, betas, dtype=dtype)
    check = net_with(model.features, activation="relu", seed=8)
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            check.set_params(plane.point(a, b))
            assert Z[i, j] == pytest.approx(check.loss(X, t), rel=rtol)

