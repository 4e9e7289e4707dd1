"""The MLP: shapes, initialisation, learning XOR, and batched losses for loss surfaces."""

import numpy as np
import pytest

from visualnet.core import MLP, functions, optimizers

XOR_X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
XOR_T = np.array([0, 1, 1, 0])


def data(n=40, seed=0, n_classes=2):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 2)), rng.integers(0, n_classes, size=n)


def loss_with(model: MLP, X, t, values: dict) -> float:
    """The loss with some parameters temporarily replaced (one setting at a time)."""
    saved = model.copy_params()
    model.set_params(values)
    try:
        return model.loss(X, t)
    finally:
        model.set_params(saved)


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
    got = m.batched_loss(X, t, {"W1": stack}, dtype=dtype)
    assert got.shape == (36,) and got.dtype == np.float64
    tol = {"rtol": 1e-12} if dtype == np.float64 else {"rtol": 1e-5, "atol": 1e-6}
    np.testing.assert_allclose(got, expected, **tol)


def test_batched_loss_default_agrees_closely_with_loss():
    m = MLP([2, 8, 8, 2], seed=1)
    X, t = data(300)
    stack = grid_of_w1(m, n=11)
    expected = [loss_with(m, X, t, {"W1": w}) for w in stack]
    np.testing.assert_allclose(m.batched_loss(X, t, {"W1": stack}), expected, rtol=1e-5, atol=1e-6)


def test_batched_loss_over_b2():
    m = MLP([2, 6, 5, 3], activation="sigmoid", seed=2)
    X, t = data(30, n_classes=3)
    stack = np.random.default_rng(0).normal(size=(9, 5))
    expected = [loss_with(m, X, t, {"b2": b}) for b in stack]
    np.testing.assert_allclose(m.batched_loss(X, t, {"b2": stack}, dtype=np.float64), expected, rtol=1e-12)


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
    np.testing.assert_allclose(m.batched_loss(X, t, stacks, dtype=np.float64), expected, rtol=1e-12)
    np.testing.assert_allclose(m.batched_loss(X, t, stacks), expected, rtol=1e-5, atol=1e-6)


def test_batched_loss_with_one_hot_targets_and_last_layer_only():
    m = MLP([2, 4, 3], seed=5)
    X, t = data(25, n_classes=3)
    stack = np.random.default_rng(2).normal(size=(4, 4, 3))
    expected = [loss_with(m, X, t, {"W2": w}) for w in stack]
    got = m.batched_loss(X, np.eye(3)[t], {"W2": stack}, dtype=np.float64)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_batched_loss_many_settings_spanning_several_blocks(monkeypatch):
    monkeypatch.setattr("visualnet.core.mlp.BLOCK_ELEMENTS", 1000)  # forces many small blocks
    m = MLP([2, 8, 8, 2], seed=1)
    X, t = data(50)
    stack = grid_of_w1(m, n=5)
    expected = [loss_with(m, X, t, {"W1": w}) for w in stack]
    np.testing.assert_allclose(m.batched_loss(X, t, {"W1": stack}, dtype=np.float64), expected, rtol=1e-12)


def test_batched_loss_rejects_bad_stacks():
    m = MLP([2, 3, 2])
    X, t = data(5)
    with pytest.raises(ValueError):
        m.batched_loss(X, t, {"W1": np.zeros((4, 3, 2))})  # W1 is (2, 3)
    with pytest.raises(ValueError):
        m.batched_loss(X, t, {"W1": np.zeros((4, 2, 3)), "b1": np.zeros((5, 3))})  # G differs
    with pytest.raises(KeyError):
        m.batched_loss(X, t, {"W9": np.zeros((4, 2, 3))})
