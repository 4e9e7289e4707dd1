"""Issue 18: the views' presenters with input features (x₁², sin x₂, ...) and dropout, checked against
plain numpy: the neuron maps' first column, the hidden space through the features, the diagram's and
the heatmaps' input names, the first layer's pre-activations."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import features
from visualnet.core.mlp import MLP
from visualnet.presenters import activations as act_present
from visualnet.presenters import hidden_space, weights
from visualnet.presenters import neuron_maps as present
from visualnet.session import Config, Session

XLIM, YLIM = (-2.0, 1.5), (-1.0, 2.5)
IDS = ("x1", "x1sq", "x1x2", "sinx2")


def grid(ny: int, nx: int) -> np.ndarray:
    """The grid's points (ny·nx, 2), rows = y ascending, by hand."""
    gx, gy = np.meshgrid(np.linspace(*XLIM, nx), np.linspace(*YLIM, ny))
    return np.column_stack([gx.ravel(), gy.ravel()])


def by_hand_columns(P: np.ndarray) -> np.ndarray:
    """x₁, x₁², x₁x₂, sin x₂ of each point, written out."""
    return np.column_stack([P[:, 0], P[:, 0] ** 2, P[:, 0] * P[:, 1], np.sin(P[:, 1])])


@pytest.fixture
def net() -> MLP:
    return MLP([4, 5, 3, 2], activation="tanh", seed=3, features=IDS)


def test_the_first_column_of_maps_is_each_feature_over_the_plane(net: MLP) -> None:
    maps = present.neuron_maps(net, XLIM, YLIM, np.empty((0, 2)), res=(7, 11))
    assert [layer.units for layer in maps.layers] == [4, 5, 3, 2]
    inputs = maps.layers[0]
    assert (inputs.name, inputs.activation) == ("x", "input")
    assert inputs.unit_names == ("x₁", "x₁²", "x₁x₂", "sin x₂")
    P = grid(7, 11)
    cols = by_hand_columns(P)
    np.testing.assert_allclose(cols, features.columns(P, IDS), rtol=1e-15)
    for j in range(4):
        np.testing.assert_allclose(inputs.Z[j], cols[:, j].reshape(7, 11), rtol=1e-12, atol=1e-15)
        assert (inputs.lo[j], inputs.hi[j]) == pytest.approx((cols[:, j].min(), cols[:, j].max()))
    # the next column is h1 over the same grid, through the features
    h1 = np.tanh(cols @ net.params["W1"] + net.params["b1"])
    np.testing.assert_allclose(maps.layers[1].Z[4], h1[:, 4].reshape(7, 11), rtol=1e-12, atol=1e-15)
    assert present.header(inputs) == "inputs" and present.header(maps.layers[1]) == "h1 · tanh"
    lo, hi = present.number(float(inputs.lo[1])), present.number(float(inputs.hi[1]))
    assert present.label(inputs, 1) == f"x₁²: input feature, range {lo} … {hi}"
    assert present.label(maps.layers[1], 0).startswith("h1[0]: tanh")


def test_the_inputs_are_never_flagged(net: MLP) -> None:
    X = np.random.default_rng(0).uniform(-1, 1, (40, 2))
    relu = MLP([4, 6, 2], seed=0, features=IDS)
    relu.params["b1"][...] = -100  # every h1 ReLU dead
    maps = present.neuron_maps(relu, XLIM, YLIM, X, res=5)
    assert maps.layers[0].flags == (None,) * 4
    assert all(f is not None and f.mark == "dead" for f in maps.layers[1].flags)


def test_a_large_map_counts_the_inputs_as_column_0(net: MLP) -> None:
    Z, (lo, hi), _rect = present.neuron_field(net, 0, 2, XLIM, YLIM, (9, 6))
    cols = by_hand_columns(grid(9, 6))
    np.testing.assert_allclose(Z, cols[:, 2].reshape(9, 6), rtol=1e-12, atol=1e-15)
    assert (lo, hi) == (Z.min(), Z.max())
    Z2, _, _ = present.neuron_field(net, 2, 1, XLIM, YLIM, (9, 6))
    h2 = np.tanh(np.tanh(cols @ net.params["W1"] + net.params["b1"]) @ net.params["W2"] + net.params["b2"])
    np.testing.assert_allclose(Z2, h2[:, 1].reshape(9, 6), rtol=1e-12, atol=1e-15)


def test_maps_are_for_two_raw_inputs_whatever_the_features() -> None:
    assert present.supported(MLP([7, 3, 2], features=features.NAMES), "classification")
    assert not present.supported(MLP([3, 3, 2]), "classification")  # three raw inputs: no plane


def test_maps_evaluate_dropout_as_the_network_does() -> None:
    net = MLP([2, 6, 5, 3], seed=1)
    net.dropout = [0.5, 0.25]
    P = grid(4, 5)
    out = present.layer_outputs(net, P)
    p = net.params
    h1 = np.maximum(0, P @ p["W1"] + p["b1"])
    h2 = np.maximum(0, (h1 * 0.5) @ p["W2"] + p["b2"])  # every unit passes, scaled by 1 − ratio
    np.testing.assert_allclose(out[0][3], h1, rtol=1e-12)  # a map shows the unit's own output
    np.testing.assert_allclose(out[1][3], h2, rtol=1e-12)
    np.testing.assert_allclose(out[2][2], (h2 * 0.75) @ p["W3"] + p["b3"], rtol=1e-12)
    np.testing.assert_allclose(out[2][2], net.scores(P), rtol=1e-12)  # as the model evaluates
    assert net.last_masks() == [None, None]  # the maps drew no mask


def test_the_hidden_space_goes_through_the_features(net: MLP) -> None:
    X = np.random.default_rng(2).uniform(-1, 1, (12, 2))
    assert hidden_space.why_not(net, "classification") is None
    space = hidden_space.hidden_space(net, 1, (0, 2), X, XLIM, YLIM)
    p = net.params

    def h2(P: np.ndarray) -> np.ndarray:
        return np.tanh(np.tanh(by_hand_columns(P) @ p["W1"] + p["b1"]) @ p["W2"] + p["b2"])[:, [0, 2]]

    np.testing.assert_allclose(space.points, h2(X), rtol=1e-12, atol=1e-15)
    lines = hidden_space.grid_lines(XLIM, YLIM)
    on = np.isfinite(lines[:, 0])
    np.testing.assert_allclose(space.grid[on], h2(lines[on]), rtol=1e-12, atol=1e-15)
    assert np.isnan(space.grid[~on]).all()
    assert hidden_space.why_not(MLP([3, 4, 2]), "classification") is not None  # 3 raw inputs: no plane


def test_the_diagram_and_the_heatmaps_name_the_inputs(net: MLP) -> None:
    shapes = {k: v.shape for k, v in net.params.items()}
    names = weights.input_names(net)
    assert names == ["x₁", "x₁²", "x₁x₂", "sin x₂"]
    diagram = weights.diagram_layout(shapes, names)
    assert [text for text, _ in diagram.inputs] == names
    assert [y for _, y in diagram.inputs] == [-1.5, -0.5, 0.5, 1.5]  # the input column's nodes
    assert diagram.x_range[0] < weights.diagram_layout(shapes).x_range[0]  # room for "sin x₂"
    assert [text for text, _ in weights.diagram_layout(shapes).inputs] == ["x1", "x2", "x3", "x4"]
    heat = weights.heatmap_layout(shapes, names)
    w1 = heat.places["W1"]
    assert [label[0] for label in heat.row_labels] == names
    for row, (_text, x, y) in enumerate(heat.row_labels):
        assert x < w1.x and y == w1.y + row + 0.5  # right-aligned left of W1, on its row's middle
    assert heat.extent[0] <= w1.x - 0.5 - 0.35 * 6  # the canvas shows them ("sin x₂": 6 characters)
    plain = weights.heatmap_layout(shapes)
    assert plain.row_labels == () and plain.places == heat.places
    assert weights.input_names(MLP([2, 3, 2])) is None
    assert weights.row_names(net) == names
    assert weights.row_names(MLP([2, 3, 2], features=("x1", "x2"))) is None  # the plain x₁, x₂: no names
    assert weights.input_names(MLP([2, 3, 2], features=("x1", "x2"))) == ["x₁", "x₂"]


def test_the_first_layer_s_preactivations_go_through_the_features() -> None:
    s = Session.from_preset("Circles", Config(features=("x1sq", "x2sq"), hidden=(3,)))
    z = act_present.preactivations(s)
    X = s.trainer.X_train
    W1, b1 = s.model.params["W1"], s.model.params["b1"]
    np.testing.assert_allclose(z, np.column_stack([X[:, 0] ** 2, X[:, 1] ** 2]) @ W1 + b1, rtol=1e-12)

