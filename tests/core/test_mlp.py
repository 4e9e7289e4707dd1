"""The MLP: shapes, initialisation, learning XOR, and batched losses for loss surfaces."""

import numpy as np
import pytest

from visualnet.core import MLP, functions, optimizers

XOR_X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
XOR_T = np.array([0, 1, 1, 0])


def data(n=40, seed=0, n_classes=2):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2)), rng.integers(0, n_classes, size=n)


def test_params_shapes_and_dtypes():
    m = MLP([2, 8, 8, 2])
    assert list(m.params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    shapes = {"W1": (2, 8), "b1": (8,), "W2": (8, 8), "b2": (8,), "W3": (8, 2), "b3": (2,)}
    assert {k: p.shape for k, p in m.params.items()} == shapes
    assert all(p.dtype == np.float64 for p in m.params.values())
    assert all(np.all(m.params[f"b{i}"] == 0) for i in (1, 2, 3))
    assert m.param_count == 2 * 8 + 8 + 8 * 8 + 8 + 8 * 2 + 2
    assert (m.sizes, m.n_outputs, m.activation_name, m.task) == ([2, 8, 8, 2], 2, "relu", "classification")


def test_forward_is_affine_activation_affine():
    m = MLP([2, 3, 2], activation="tanh", seed=4)
    X, _ = data(5)
    p = m.params
    scores = np.tanh(X @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"]
    np.testing.assert_allclose(m.scores(X), scores, rtol=1e-14)
    np.testing.assert_allclose(m.predict_proba(X), functions.softmax(scores), rtol=1e-14)
    assert m.predict(X).tolist() == scores.argmax(axis=1).tolist()
    np.testing.assert_allclose(m.hidden_preactivations(X), X @ p["W1"] + p["b1"], rtol=1e-14)
    layers = m.forward_all(X)
    assert [a.shape for a in layers] == [(5, 2), (5, 3), (5, 2)]
    np.testing.assert_allclose(layers[1], np.tanh(X @ p["W1"] + p["b1"]), rtol=1e-14)


def test_regression_outputs_and_loss():
    m = MLP([1, 6, 1], activation="sigmoid", task="regression", seed=2)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10, 1))
    t = rng.normal(size=(10, 1))
    y = m.predict(X)
    assert y.shape == (10, 1)
    assert m.loss(X, t) == pytest.approx(0.5 * np.sum((y - t) ** 2) / 10, rel=1e-14)
    assert m.loss(X, t.ravel()) == m.loss(X, t)  # (N,) targets are (N, 1)
    with pytest.raises(ValueError):
        m.predict_proba(X)


def test_classification_loss_and_accuracy():
    m = MLP([2, 5, 3], seed=1)
    X, t = data(30, seed=1, n_classes=3)
    y = m.predict_proba(X)
    assert m.loss(X, t) == pytest.approx(-np.mean(np.log(y[np.arange(30), t] + 1e-7)), rel=1e-14)
    assert m.loss(X, np.eye(3)[t]) == pytest.approx(m.loss(X, t), rel=1e-14)
    assert m.accuracy(X, t) == pytest.approx(np.mean(y.argmax(axis=1) == t))
    assert m.accuracy(X, np.eye(3)[t]) == m.accuracy(X, t)


def test_mlp_learns_xor():
    m = MLP([2, 8, 8, 2], activation="relu", seed=0)
    opt = optimizers.Adam(lr=0.05)
    for _ in range(300):
        opt.update(m.params, m.gradient(XOR_X, XOR_T))
    assert m.accuracy(XOR_X, XOR_T) == 1.0
    assert m.loss(XOR_X, XOR_T) < 0.05


@pytest.mark.parametrize(("activation", "expected"), [("relu", 2.0), ("leaky_relu", 2.0), ("sigmoid", 1.0)])
def test_default_init_is_he_or_xavier(activation, expected):
    m = MLP([400, 500, 3], activation=activation, seed=0)
    # 200,000 draws: the sample std is within 1% of the true one
    assert np.std(m.params["W1"]) == pytest.approx(np.sqrt(expected / 400), rel=0.01)
    assert np.std(m.params["W2"]) == pytest.approx(np.sqrt(expected / 500), rel=0.05)


def test_init_can_be_named_or_a_number():
    def std(**kw):
        return np.std(MLP([400, 500], **kw).params["W1"])

    assert std(activation="relu", init="xavier") == pytest.approx(np.sqrt(1 / 400), rel=0.01)
    assert std(activation="tanh", init="he") == pytest.approx(np.sqrt(2 / 400), rel=0.01)
    assert std(init=0.01) == pytest.approx(0.01, rel=0.01)
    with pytest.raises(ValueError):
        MLP([2, 2], init="glorot-ish")


def test_same_seed_same_params_other_seed_other_params():
    a, b, c = MLP([2, 8, 2], seed=3), MLP([2, 8, 2], seed=3), MLP([2, 8, 2], seed=4)
    assert all(np.array_equal(a.params[k], b.params[k]) for k in a.params)
    assert not np.array_equal(a.params["W1"], c.params["W1"])


def test_layers_see_in_place_updates_and_replaced_arrays():
    m = MLP([2, 4, 2], seed=0)
    X, t = data(10)
    before = m.loss(X, t)
    w1 = m.params["W1"]
    m.set_params({"W1": np.zeros((2, 4))})
    assert m.params["W1"] is w1 and np.all(w1 == 0)
    assert m.loss(X, t) != before
    m.params["W2"] = np.zeros((4, 2))  # even a replaced array is what the layers use
    assert m.loss(X, t) == pytest.approx(np.log(2), rel=1e-6)


def test_copy_params_is_independent():
    m = MLP([2, 4, 2])
    copy = m.copy_params()
    copy["W1"][...] = 99
    assert not np.any(m.params["W1"] == 99)


def test_no_hidden_layer():
    m = MLP([2, 3])
    X, _ = data(4)
    assert m.hidden_preactivations(X).shape == (4, 0)
    assert m.predict(X).shape == (4,)
