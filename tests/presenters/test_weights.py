"""The weights view's presenter, without Qt: heatmap layout, colour scales, texts, the network diagram."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from visualnet.core import data
from visualnet.presenters import weights
from visualnet.session import Session

DEFAULT = {"W1": (2, 8), "b1": (8,), "W2": (8, 8), "b2": (8,), "W3": (8, 2), "b3": (2,)}  # [2, 8, 8, 2]
PERCEPTRON = {"w": (2,), "b": ()}


# ------------------------------------------------------------------------------------------ values

def test_as_matrix_draws_vectors_and_scalars_as_one_row_and_non_finite_values_as_zero() -> None:
    m = weights.as_matrix(np.array([[1.0, np.nan], [np.inf, -2.0]]))
    assert m.dtype == np.float32 and m.flags.c_contiguous
    np.testing.assert_array_equal(m, [[1.0, 0.0], [0.0, -2.0]])
    assert weights.as_matrix(np.arange(3.0)).shape == (1, 3)
    assert weights.as_matrix(np.float64(2.5)).shape == (1, 1)
    assert weights.matrix_shape((4, 3)) == (4, 3)
    assert weights.matrix_shape((5,)) == (1, 5)
    assert weights.matrix_shape(()) == (1, 1)


def test_levels_are_symmetric_and_never_empty() -> None:
    assert weights.symmetric_levels(np.array([[-3.0, 2.0]])) == (-3.0, 3.0)
    assert weights.symmetric_levels(np.zeros((2, 2))) == (-weights.MIN_LEVEL, weights.MIN_LEVEL)


def test_colour_index_puts_zero_in_the_middle_and_the_ends_at_plus_minus_m() -> None:
    index = weights.colour_index(np.array([-2.0, -1.0, 0.0, 1.0, 2.0, 9.0, -9.0]), 2.0)
    # (v / m + 1) * 127.5, rounded: -m -> 0, 0 -> 128 (127.5 rounds to even), +m -> 255; beyond: clipped
    np.testing.assert_array_equal(index, [0, 64, 128, 191, 255, 255, 0])


def test_displayed_arrays_are_the_weights_or_the_gradient() -> None:
    session = Session()
    assert weights.displayed_arrays(session, gradients=False) is session.model.params
    before = weights.displayed_arrays(session, gradients=True)  # no step yet: the training set's gradient
    expected = session.model.gradient(session.trainer.X_train, session.trainer.t_train)
    for key in expected:
        np.testing.assert_allclose(before[key], expected[key])
    session.step(3)
    assert weights.displayed_arrays(session, gradients=True) is session.trainer.last_grads


def test_displayed_gradient_without_training_points_is_zero() -> None:
    session = Session(data.Dataset(np.zeros((0, 2)), np.zeros(0, np.int64)))
    grads = weights.displayed_arrays(session, gradients=True)
    assert set(grads) == set(session.model.params)
    assert all(not np.any(g) and g.shape == session.model.params[k].shape for k, g in grads.items())


# ------------------------------------------------------------------------------------------ texts

def test_cell_names_and_values_read_as_the_course_writes_them() -> None:
    assert weights.cell_name("W2", (8, 8), 3, 5) == "W2[3, 5]"
    assert weights.cell_name("b1", (8,), 0, 5) == "b1[5]"
    assert weights.cell_name("b", (), 0, 0) == "b"
    assert weights.signed(-0.4123) == "−0.412"
    assert weights.signed(0.0) == "0.000"
    assert weights.signed(-1.2e-4) == "−1.20e−04"
    assert weights.hover_text("∂L/∂", "W2", (8, 8), 3, 5, -0.5) == "∂L/∂W2[3, 5] = −0.500"


def test_titles_go_from_the_longest_to_the_bare_name() -> None:
    assert weights.title_variants("", "W1", 2, 8, 0.4567) == ("W1 (2×8)  ±0.46", "W1  ±0.46", "W1")
    assert weights.title_variants("∂L/∂", "b1", 1, 8, 3.0) == ("∂L/∂b1  ±3", "∂L/∂b1  ±3", "∂L/∂b1")
    assert weights.title_variants("", "b2", 1, 2, weights.MIN_LEVEL)[0] == "b2  all 0"


# ------------------------------------------------------------------------------------------ heatmaps

def test_layers_group_weights_above_their_biases() -> None:
    assert weights.layer_columns(list(DEFAULT)) == [["W1", "b1"], ["W2", "b2"], ["W3", "b3"]]
    assert weights.layer_columns(["b1", "W1"]) == [["W1", "b1"]]
    assert weights.layer_columns(list(PERCEPTRON)) == [["w", "b"]]


def test_heatmap_layout_of_the_default_network() -> None:
    layout = weights.heatmap_layout(DEFAULT)
    places = layout.places
    assert list(places) == list(DEFAULT)
    bias_y = 8 + weights.TITLE_ROOM  # below the tallest weight matrix (W2, 8 rows) and a title's room
    # one column per layer, max(MIN_COLUMN, widest matrix) + COLUMN_GAP wide: 9.5, 9.5, 5.5
    assert [(places[k].x, places[k].y) for k in places] == [
        (0.0, 0.0), (0.0, bias_y), (9.5, 0.0), (9.5, bias_y), (19.0, 0.0), (19.0, bias_y)]
    drawn = [(2, 8), (1, 8), (8, 8), (1, 8), (8, 2), (1, 2)]
    assert [(places[k].rows, places[k].cols) for k in places] == drawn
    assert places["W1"].room == pytest.approx(9.2) and places["W3"].room == pytest.approx(3.9)
    assert places["b1"].shape == (8,)
    # 23 cells wide (19 + 5.5 - 1.5), the biases' row and the titles' room high
    height = bias_y + 1 + weights.TITLE_ROOM
    np.testing.assert_allclose(layout.extent, (0.0, -weights.TITLE_ROOM, 23.0, height))


def test_a_perceptron_is_centred_in_the_least_extent() -> None:
    layout = weights.heatmap_layout(PERCEPTRON)
    assert (layout.places["w"].rows, layout.places["w"].cols) == (1, 2)
    assert (layout.places["b"].x, layout.places["b"].y) == (0.0, 1 + weights.TITLE_ROOM)
    # 4 cells of heatmaps (MIN_COLUMN) centred in the 10 × 6 the canvas shows at least
    np.testing.assert_allclose(layout.extent, (-3.0, -2.0, 10.0, 6.0))
    assert layout.places["w"].room == pytest.approx(6.9)  # the last column reaches the canvas's margin


# ------------------------------------------------------------------------------------------ diagram

def test_diagram_of_the_default_network() -> None:
    net = weights.diagram_layout(DEFAULT)
    assert net.keys == ["W1", "W2", "W3"]
    np.testing.assert_array_equal(net.node_x, np.repeat([0.0, 1.0, 2.0, 3.0], [2, 8, 8, 2]))
    np.testing.assert_array_equal(net.node_y[:2], [-0.5, 0.5])  # each layer centred on y = 0
    np.testing.assert_array_equal(net.node_y[2:10], np.arange(8) - 3.5)
    assert net.edges_total == net.edges_per_layer[0] + 64 + 16 == 96
    assert net.inputs == [("x1", -0.5), ("x2", 0.5)]
    x, y = net.segments[1]  # W2: edge (i, j) from (1, y_i) to (2, y_j), row-major as W2.ravel()
    assert x.shape == y.shape == (64, 2)
    np.testing.assert_array_equal(x[11], [1.0, 2.0])
    np.testing.assert_array_equal(y[11], [1 - 3.5, 3 - 3.5])
    assert net.x_range == (-0.35, 3.25) and net.y_range == (-4.0, 4.0)
    assert weights.diagram_hint(net) == weights.DIAGRAM_HINT


def test_a_perceptron_is_two_inputs_into_one_unit() -> None:
    net = weights.diagram_layout(PERCEPTRON)
    assert net.keys == ["w"] and net.edges_per_layer == [2]
    np.testing.assert_array_equal(net.node_x, [0.0, 0.0, 1.0])
    assert weights.diagram_layout({}).keys == []


def test_edges_are_sorted_by_sign_and_by_size_within_their_matrix() -> None:
    shapes = {"W1": (2, 2), "b1": (2,), "W2": (2, 1), "b2": (1,)}
    net = weights.diagram_layout(shapes)
    arrays = {"W1": np.array([[1.0, -0.5], [0.1, -0.26]]), "W2": np.array([[2.0], [0.0]])}
    buckets = weights.edge_buckets(net, arrays)
    assert len(buckets) == 2 * weights.EDGE_LEVELS
    # level ceil(4 |w| / m), m the largest |w| of its matrix; negative buckets 0-3, positive 4-7
    # W1 (m = 1): 1.0 -> +4, -0.5 -> -2, 0.1 -> +1, -0.26 -> -2; W2 (m = 2): 2.0 -> +4, 0.0 -> +1
    assert [len(x) // 2 for x, _ in buckets] == [0, 2, 0, 0, 2, 0, 0, 2]
    x, y = buckets[7]  # W1[0, 0] and W2[0, 0], each as the pair of its two ends
    np.testing.assert_array_equal(x, [0.0, 1.0, 1.0, 2.0])
    np.testing.assert_array_equal(y, [-0.5, -0.5, -0.5, 0.0])
    nan = {"W1": np.full((2, 2), np.nan), "W2": np.ones((2, 1))}  # a diverged network draws no NaN
    assert all(np.all(np.isfinite(x)) and np.all(np.isfinite(y)) for x, y in weights.edge_buckets(net, nan))


def test_a_large_network_draws_its_strongest_edges_and_says_so() -> None:
    sizes = [2, *([64] * 6), 2]
    shapes: dict[str, tuple[int, ...]] = {}
    for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes), start=1):
        shapes[f"W{i}"], shapes[f"b{i}"] = (n_in, n_out), (n_out,)
    net = weights.diagram_layout(shapes)
    total = 2 * 64 * 2 + 5 * 64 * 64
    assert net.edges_total == total == 20_736
    # each matrix keeps its share of MAX_EDGES: 600 * 128 // total = 3, 600 * 4096 // total = 118
    assert net.edges_per_layer == [3, 118, 118, 118, 118, 118, 3]
    rng = np.random.default_rng(0)
    arrays = {k: rng.normal(size=s) for k, s in shapes.items()}
    buckets = weights.edge_buckets(net, arrays)
    assert sum(len(x) // 2 for x, _ in buckets) == 596 <= weights.MAX_EDGES
    # the strongest weight of every matrix is among them, in the widest bucket of its sign
    widest_negative, widest_positive = buckets[weights.EDGE_LEVELS - 1], buckets[-1]
    widest = np.concatenate([widest_negative[0], widest_positive[0]]).reshape(-1, 2)[:, 0]
    assert set(np.unique(widest)) == set(range(7))
    assert weights.diagram_hint(net) == f"{weights.DIAGRAM_HINT} The strongest 596 of 20,736 edges."
