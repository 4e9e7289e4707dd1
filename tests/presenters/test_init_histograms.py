"""Activations at initialisation without Qt: the histograms against a forward pass by hand, the same
seed's draws under each initialisation, zeros' single bar, the book's saturation and squeeze, the
session untouched."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from visualnet.core import data
from visualnet.core.mlp import MLP
from visualnet.presenters import dataset as dataset_present
from visualnet.presenters import init_histograms as present
from visualnet.session import Config, Session
from visualnet.translatable import untranslated


@pytest.fixture
def session() -> Session:
    """A tanh network [2, 6, 5, 4, 2] on the XOR clouds, seed 3."""
    return Session(config=Config(hidden=(6, 5, 4), activation="tanh", seed=3))


def grid_by_hand(X: np.ndarray) -> np.ndarray:
    """The 41 × 41 grid over the plane the data view fits to X, row by row."""
    (x0, x1), (y0, y1) = dataset_present.fit_range(X)
    gx, gy = np.meshgrid(np.linspace(x0, x1, 41), np.linspace(y0, y1, 41))
    return np.column_stack([gx.ravel(), gy.ravel()])


def he_weights_by_hand(sizes: list[int], seed: int) -> dict[str, np.ndarray]:
    """He's weights: σ = sqrt(2 / n_in) times the seed's standard normal draws, layer after layer; b = 0."""
    rng = np.random.default_rng(seed)
    out = {}
    for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes), start=1):
        out[f"W{i}"] = np.sqrt(2.0 / n_in) * rng.standard_normal((n_in, n_out))
        out[f"b{i}"] = np.zeros(n_out)
    return out


def tanh_layers(params: dict[str, np.ndarray], X: np.ndarray, hidden: int) -> list[np.ndarray]:
    """h1 = tanh(X W1 + b1), h2 = tanh(h1 W2 + b2), ...: the hidden layers' activations."""
    out, x = [], X
    for i in range(1, hidden + 1):
        x = np.tanh(x @ params[f"W{i}"] + params[f"b{i}"])
        out.append(x)
    return out


def test_counts_are_the_histograms_of_a_forward_pass_by_hand(session: Session) -> None:
    params = present.choice_params(session.model, "he", session.config.seed, session.initial_params)
    expected = he_weights_by_hand(session.model.sizes, 3)
    for key, value in expected.items():
        np.testing.assert_allclose(params[key], value, rtol=1e-15)
    found = present.init_histograms(session.model, params, session.dataset.X, session.task)
    by_hand = tanh_layers(expected, grid_by_hand(session.dataset.X), 3)
    assert [layer.name for layer in found.layers] == ["h1", "h2", "h3"]
    for layer, h, units in zip(found.layers, by_hand, (6, 5, 4), strict=True):
        np.testing.assert_array_equal(layer.edges, np.linspace(-1.0, 1.0, 32))  # tanh's whole interval
        counts, _ = np.histogram(h.ravel(), layer.edges)
        np.testing.assert_array_equal(layer.counts, counts)
        assert layer.counts.sum() == 41 * 41 * units and layer.units == units
        assert layer.mean == pytest.approx(h.mean()) and layer.std == pytest.approx(h.std())
    assert not found.same


def test_the_sessions_own_are_its_initial_weights_and_the_session_is_untouched(session: Session) -> None:
    start = {k: v.copy() for k, v in session.initial_params.items()}
    session.step(30)  # trained: the model's weights are no longer the initial ones
    now = session.model.copy_params()
    params = present.choice_params(session.model, "session", session.config.seed, session.initial_params)
    found = present.init_histograms(session.model, params, session.dataset.X, session.task)
    by_hand = tanh_layers(start, grid_by_hand(session.dataset.X), 3)
    for layer, h in zip(found.layers, by_hand, strict=True):
        np.testing.assert_array_equal(layer.counts, np.histogram(h.ravel(), layer.edges)[0])
    for key, value in now.items():  # nothing of the session changed
        np.testing.assert_array_equal(session.model.params[key], value)
        np.testing.assert_array_equal(session.initial_params[key], start[key])
    # the auto setting of a tanh network is Xavier: the same weights as the Xavier choice
    xavier = present.choice_params(session.model, "xavier", session.config.seed, session.initial_params)
    for key, value in start.items():
        np.testing.assert_allclose(xavier[key], value, rtol=1e-15)


def test_zeros_puts_every_activation_in_one_bar(session: Session) -> None:
    for activation, value in (("tanh", 0.0), ("sigmoid", 0.5), ("relu", 0.0)):
        session.configure(activation=activation)
        params = present.choice_params(session.model, "zeros", 0, session.initial_params)
        assert all(not v.any() for v in params.values())
        found = present.init_histograms(session.model, params, session.dataset.X, session.task)
        assert found.same
        for layer in found.layers:
            full = np.flatnonzero(layer.counts)
            assert len(full) == 1 and layer.counts[full[0]] == 41 * 41 * layer.units
            assert layer.edges[full[0]] <= value < layer.edges[full[0] + 1]  # the bar of h(0)
            assert layer.std == 0.0 and layer.mean == value


def test_the_books_failures_show_sigmoid_saturates_with_sigma_1_and_squeezes_with_sigma_001() -> None:
    s = Session(config=Config(hidden=(50, 50, 50, 50, 50), activation="sigmoid", seed=0))

    def layers(choice: present.Choice) -> list[present.LayerHistogram]:
        params = present.choice_params(s.model, choice, 0, s.initial_params)
        return present.init_histograms(s.model, params, s.dataset.X, s.task).layers

    def at_ends(layer: present.LayerHistogram) -> float:  # share in the first and last 2 of 31 bars
        return (layer.counts[:2].sum() + layer.counts[-2:].sum()) / layer.counts.sum()

    big, tiny, xavier = layers(1.0), layers(0.01), layers("xavier")
    assert np.all(layers("session")[-1].counts == xavier[-1].counts)  # auto is Xavier for sigmoid
    assert all(at_ends(layer) > 0.4 and layer.std > 0.35 for layer in big[1:])  # saturated: piled at 0 and 1
    assert all(at_ends(layer) < 0.05 for layer in xavier)
    assert all(layer.std < 0.02 and abs(layer.mean - 0.5) < 0.05 for layer in tiny)  # all near 0.5
    assert all(set(np.flatnonzero(layer.counts)) <= {14, 15, 16} for layer in tiny)  # the middle 3 of 31
    assert all(layer.std > 0.05 for layer in xavier)  # Xavier keeps them spread through the layers


def test_relu_histograms_span_the_values_with_zero_in_them() -> None:
    s = Session(config=Config(hidden=(8, 8), activation="relu", seed=1))
    params = present.choice_params(s.model, "he", 1, s.initial_params)
    found = present.init_histograms(s.model, params, s.dataset.X, s.task)
    top = max(float(np.max(h)) for h in tanh_free_relu(params, grid_by_hand(s.dataset.X)))
    np.testing.assert_allclose(found.layers[0].edges, np.linspace(0.0, top, 32))
    np.testing.assert_array_equal(found.layers[1].edges, found.layers[0].edges)  # one scale for all layers


def tanh_free_relu(params: dict[str, np.ndarray], X: np.ndarray) -> list[np.ndarray]:
    """h1 = max(0, X W1 + b1), h2 = max(0, h1 W2 + b2)."""
    h1 = np.maximum(0.0, X @ params["W1"] + params["b1"])
    return [h1, np.maximum(0.0, h1 @ params["W2"] + params["b2"])]


def test_models_without_hidden_layers_say_why() -> None:
    perceptron = Session(config=Config(model="Perceptron"))
    assert str(present.why_not(perceptron.model)) == str(present.PERCEPTRON)
    assert str(present.why_not(MLP([2, 3]))) == str(present.NO_HIDDEN)  # a softmax of the inputs
    assert present.why_not(Session().model) is None


def test_a_regression_is_fed_points_along_its_x_axis() -> None:
    s = Session(data.PRESETS["Sine"].make(seed=0), Config(hidden=(5,), activation="tanh"))
    assert s.task == "regression"
    points = present.input_points(s.dataset.X, s.task)
    (x0, x1), _ = dataset_present.fit_range(s.dataset.X)
    np.testing.assert_allclose(points[:, 0], np.linspace(x0, x1, 41 * 41))
    params = present.choice_params(s.model, "session", 0, s.initial_params)
    found = present.init_histograms(s.model, params, s.dataset.X, s.task)
    h = np.tanh(points @ params["W1"] + params["b1"])
    np.testing.assert_array_equal(found.layers[0].counts, np.histogram(h.ravel(), found.layers[0].edges)[0])
    assert "along the x axis" in str(found.caption)


def test_choice_names_and_settings() -> None:
    assert str(present.choice_name("session", "auto", "relu")) == "This session's (auto: He)"
    assert str(present.choice_name("session", "auto", "tanh")) == "This session's (auto: Xavier)"
    assert str(present.choice_name("session", 0.5, "tanh")) == "This session's (σ = 0.5)"
    assert [present.choice_name(c, "auto").text(untranslated) for c in present.CHOICES[1:]] == \
        ["He", "Xavier", "σ = 1", "σ = 0.01", "zeros"]
    assert present.setting_of("session", "he") == "he" and present.setting_of(0.01, "he") == 0.01


def test_input_features_are_the_networks_and_each_layer_shows_h_before_dropouts_scaling() -> None:
    from visualnet.core import features

    ids = ("x1", "x2", "x1sq", "sinx2")
    s = Session(config=Config(hidden=(6, 4), activation="tanh", seed=5, features=ids, dropout=(0.5, 0.0)))
    assert s.model.sizes[0] == 4
    params = present.choice_params(s.model, "he", 5, s.initial_params)
    assert params["W1"].shape == (4, 6)
    he = np.sqrt(2 / 4) * np.random.default_rng(5).standard_normal((4, 6))  # He for 4 inputs, seed 5
    np.testing.assert_allclose(params["W1"], he, rtol=1e-15)
    found = present.init_histograms(s.model, params, s.dataset.X, s.task)
    columns = features.columns(grid_by_hand(s.dataset.X), ids)
    h1 = np.tanh(columns @ params["W1"] + params["b1"])  # h itself: where tanh piles up shows
    h2 = np.tanh(h1 * (1 - 0.5) @ params["W2"] + params["b2"])  # the next layer takes the book's scaling
    for layer, h in zip(found.layers, (h1, h2), strict=True):
        np.testing.assert_array_equal(layer.counts, np.histogram(h.ravel(), layer.edges)[0])
