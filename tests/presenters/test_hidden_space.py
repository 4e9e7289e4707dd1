"""The hidden space's numbers against the layers computed by hand; the cycle of pairs; why not drawn."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron
from visualnet.presenters import hidden_space as present
from visualnet.translatable import untranslated

XLIM, YLIM = (-1.5, 2.0), (-1.0, 1.25)
H = {"tanh": np.tanh, "relu": lambda a: np.maximum(0.0, a), "sigmoid": lambda a: 1.0 / (1.0 + np.exp(-a))}


def by_hand(model: MLP, X: np.ndarray, layer: int) -> np.ndarray:
    """Hidden layer `layer`'s activations (0: h1) as the book writes them: h(X W1 + b1), h(· W2 + b2), ..."""
    h = H[model.activation_name]
    x = X
    for i in range(1, layer + 2):
        x = h(x @ model.params[f"W{i}"] + model.params[f"b{i}"])
    return x


@pytest.mark.parametrize("activation", ["tanh", "relu", "sigmoid"])
@pytest.mark.parametrize("layer", [0, 1])
def test_points_and_grid_are_the_activations_computed_by_hand(activation: str, layer: int) -> None:
    model = MLP([2, 5, 4, 3], activation=activation, seed=3)
    rng = np.random.default_rng(1)
    for key in model.params:  # biases off zero: the test must see them added
        model.params[key][...] = rng.normal(0.0, 0.8, model.params[key].shape)
    X = rng.uniform(-1.5, 1.5, (17, 2))
    pair = (1, 3)
    space = present.hidden_space(model, layer, pair, X, XLIM, YLIM)

    np.testing.assert_allclose(space.points, by_hand(model, X, layer)[:, list(pair)], rtol=1e-12, atol=1e-14)
    # the grid: 15 horizontal lines, then 15 vertical ones, 40 samples each, a NaN row after each line
    assert space.grid.shape == (2 * 15 * 41, 2)
    lines = space.grid.reshape(30, 41, 2)
    assert np.isnan(lines[:, 40]).all() and np.isfinite(lines[:, :40]).all()
    xs, ys = np.linspace(*XLIM, 40), np.linspace(*YLIM, 15)
    third = np.column_stack([xs, np.full(40, ys[2])])  # the third horizontal line: y = ys[2]
    np.testing.assert_allclose(lines[2, :40], by_hand(model, third, layer)[:, list(pair)], rtol=1e-12)
    at_x = np.linspace(*XLIM, 15)[-1]  # the last vertical line: x = the right end
    last = np.column_stack([np.full(40, at_x), np.linspace(*YLIM, 40)])
    np.testing.assert_allclose(lines[29, :40], by_hand(model, last, layer)[:, list(pair)], rtol=1e-12)


def test_grid_lines_span_the_range_with_nan_separators() -> None:
    grid = present.grid_lines((0.0, 3.0), (-1.0, 1.0), lines=3, samples=4)
    rows = grid.reshape(6, 5, 2)
    np.testing.assert_array_equal(rows[0, :4], [[0, -1], [1, -1], [2, -1], [3, -1]])
    np.testing.assert_array_equal(rows[1, :4, 1], [0, 0, 0, 0])
    np.testing.assert_allclose(rows[3, :4], [[0, -1], [0, -1 / 3], [0, 1 / 3], [0, 1]], rtol=1e-15)
    np.testing.assert_array_equal(rows[5, :4, 0], [3, 3, 3, 3])
    assert np.isnan(rows[:, 4]).all()


def test_non_finite_activations_become_nan() -> None:
    model = MLP([2, 3, 2], activation="relu", seed=0)
    model.params["W1"][0, 0] = np.inf
    space = present.hidden_space(model, 0, (0, 1), np.array([[1.0, 0.0], [-1.0, 0.0]]), XLIM, YLIM)
    assert not np.isinf(space.points).any() and not np.isinf(space.grid).any()
    # h1[0] = relu(x₁ · inf + ...): inf (drawn as NaN) for x₁ = 1, relu(-inf) = 0 for x₁ = -1
    assert np.isnan(space.points[0, 0]) and space.points[1, 0] == 0.0


def test_the_cycle_of_pairs() -> None:
    assert present.pairs(4) == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)]
    assert present.pairs(1) == []
    seen, pair = [], (0, 1)
    for _ in range(7):
        seen.append(pair)
        pair = present.next_pair(pair, 4)
    assert seen == [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3), (0, 1)]
    assert present.next_pair((2, 3), 3) == (0, 1)  # the last pair of three neurons wraps round
    assert present.next_pair((4, 6), 3) == (0, 1)  # a pair of a wider layer: start again
    assert present.next_pair((0, 1), 2) == (0, 1)  # two neurons: one pair


def test_layers_and_why_not() -> None:
    mlp = MLP([2, 8, 1, 2])
    layers = present.hidden_layers(mlp)
    assert [(la.index, la.name, la.units) for la in layers] == [(0, "h1", 8), (1, "h2", 1)]
    assert present.why_not(mlp, "classification", 0) is None

    def text(problem: object) -> str:
        assert problem is not None
        return problem.text(untranslated)  # type: ignore[attr-defined]

    assert "h2 has one neuron" in text(present.why_not(mlp, "classification", 1))
    assert "perceptron" in text(present.why_not(Perceptron(), "classification"))
    assert "no hidden layer" in text(present.why_not(MLP([2, 2]), "classification"))
    assert "classification" in text(present.why_not(MLP([1, 8, 1], task="regression"), "regression"))
    assert present.hidden_layers(Perceptron()) == []
    assert present.pair_label("h2", (0, 3)).text(untranslated) == "h2[0] vs h2[3]"


def test_steady_range_keeps_the_axes_until_the_drawing_outgrows_or_shrinks_in_them() -> None:
    first = present.steady_range(None, 0.0, 10.0)
    assert first == pytest.approx((-0.8, 10.8))
    assert present.steady_range(first, 0.5, 9.0) == first  # inside, still filling it: kept
    grown = present.steady_range(first, 0.0, 12.0)  # past its end: fitted again
    assert grown == pytest.approx((-0.96, 12.96))
    assert present.steady_range(grown, 1.0, 2.0) == pytest.approx((0.92, 2.08))  # shrunk: fitted again
    assert present.steady_range(None, 3.0, 3.0) == (2.5, 3.5)  # no extent
    assert present.steady_range(grown, np.nan, 1.0) == grown
