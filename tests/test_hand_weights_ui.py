"""What a click, a wheel notch or a handle drag picks and sets when weights are edited by hand (no Qt)."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.presenters import perceptron_handles as handles
from visualnet.presenters import weights
from visualnet.presenters.dataset import perceptron_glyphs

SHAPES = {"W1": (2, 4), "b1": (4,), "W2": (4, 3), "b2": (3,)}


def test_a_click_picks_the_cell_under_it() -> None:
    places = weights.heatmap_layout(SHAPES).places
    w2 = places["W2"]
    picked = weights.pick_cell(places, w2.x + 2.3, w2.y + 1.9)  # row 1, col 2 of a 4×3 matrix
    assert picked == weights.Pick("W2", 1 * 3 + 2, 1, 2)
    assert picked.name(SHAPES["W2"]) == "W2[1, 2]"
    b1 = places["b1"]
    assert weights.pick_cell(places, b1.x + 3.5, b1.y + 0.5) == weights.Pick("b1", 3, 0, 3)
    assert weights.pick_cell(places, w2.x + 3.01, w2.y + 0.5) is None  # just right of the last column
    assert weights.pick_cell(places, w2.x + 0.5, w2.y - 0.01) is None  # just above: the title
    assert weights.title_at(places, w2.x + 0.5, w2.y - 0.5) == "W2"
    assert weights.title_at(places, w2.x + 0.5, w2.y + 0.5) is None


def test_the_flat_index_is_numpy_s() -> None:
    W = np.arange(12.0).reshape(4, 3)
    for index in range(W.size):
        p = weights.pick("W2", W.shape, index)
        assert W[p.row, p.col] == W.reshape(-1)[index]
    p = weights.pick("w", (2,), 1)
    assert (p.row, p.col, p.name((2,))) == (0, 1, "w[1]")


def test_locked_cells_are_marked_in_their_middles() -> None:
    place = weights.heatmap_layout(SHAPES).places["W2"]
    x, y = weights.cell_centres(place, [0, 5, 11])
    np.testing.assert_array_equal(x, place.x + np.array([0.5, 2.5, 2.5]))
    np.testing.assert_array_equal(y, place.y + np.array([0.5, 1.5, 3.5]))


def test_layers_and_their_biases() -> None:
    assert weights.layer_of(list(SHAPES), "b2") == ["W2", "b2"]
    assert weights.layer_of(["w", "b"], "w") == ["w", "b"]
    assert weights.bias_key("W3") == "b3" and weights.bias_key("w") == "b"


def test_the_diagram_picks_nodes_then_edges_in_screen_pixels() -> None:
    layout = weights.diagram_layout(SHAPES)
    rng = np.random.default_rng(0)
    arrays = {k: rng.standard_normal(s) for k, s in SHAPES.items()}
    px = (0.01, 0.02)  # data units per pixel: x and y scaled differently
    # node 1 of the hidden layer (x = 1): its bias b1[1]
    hidden = np.flatnonzero(layout.node_x == 1.0)
    x, y = layout.node_x[hidden[1]], layout.node_y[hidden[1]]
    assert weights.pick_in_diagram(layout, arrays, x + 5 * px[0], y, px) == weights.Pick("b1", 1, 0, 1)
    # an input node has no bias, and nothing is near the middle of nowhere
    assert weights.node_at(layout, SHAPES, float(layout.node_x[0]), float(layout.node_y[0]), px) is None
    # W2[2, 0]: a quarter of the way along its segment, 3 pixels off it (perpendicular in pixel space)
    x2, y2 = layout.segments[1]
    i = 2 * 3 + 0
    a = np.array([x2[i, 0] / px[0], y2[i, 0] / px[1]])
    b = np.array([x2[i, 1] / px[0], y2[i, 1] / px[1]])
    normal = np.array([-(b - a)[1], (b - a)[0]]) / np.hypot(*(b - a))
    p = (0.75 * a + 0.25 * b + 3 * normal) * px
    assert weights.edge_at(layout, arrays, p[0], p[1], px) == weights.pick("W2", (4, 3), i)
    far = (0.75 * a + 0.25 * b + 6 * normal) * px
    picked = weights.edge_at(layout, arrays, far[0], far[1], px)
    assert picked is None or picked.index != i  # beyond EDGE_RADIUS_PX from it


def test_a_large_network_picks_only_drawn_edges() -> None:
    shapes = {"W1": (64, 64), "b1": (64,)}
    layout = weights.diagram_layout(shapes)
    w = np.zeros(64 * 64)
    w[:10] = 1.0  # ten edges from input 0 are the strongest: among the drawn ones
    drawn = set(weights.drawn_edges(w, layout.edges_per_layer[0]).tolist())
    assert set(range(10)) <= drawn and len(drawn) == layout.edges_per_layer[0] < w.size
    x2, y2 = layout.segments[0]
    hidden = [i for i in range(w.size) if i not in drawn]
    i = hidden[len(hidden) // 2]
    x, y = 0.9 * x2[i, 0] + 0.1 * x2[i, 1], 0.9 * y2[i, 0] + 0.1 * y2[i, 1]
    picked = weights.edge_at(layout, {"W1": w.reshape(64, 64)}, x, y, (1e-3, 1e-3))
    assert picked is None or picked.index in drawn


def test_diagram_marks_sit_on_locked_edges_and_biases() -> None:
    layout = weights.diagram_layout(SHAPES)
    x, y = weights.diagram_marks(layout, {"W1": np.array([5]), "b2": np.array([2])})
    x2, y2 = layout.segments[0]
    out = np.flatnonzero(layout.node_x == 2.0)[2]
    np.testing.assert_allclose(x, [x2[5].mean(), layout.node_x[out]])
    np.testing.assert_allclose(y, [y2[5].mean(), layout.node_y[out]])


@pytest.mark.parametrize(("values", "step"), [([0.5, -0.2], 0.01), ([3.0], 0.1), ([0.0], 1e-3),
                                              ([2e-5], 1e-3), ([-12.0], 1.0), ([np.nan, 0.4], 0.01)])
def test_a_notch_is_a_power_of_ten_a_tenth_of_the_scale(values, step) -> None:
    assert weights.nudge_step(values) == pytest.approx(step)


def test_the_readout_says_locked() -> None:
    assert weights.hover_text("", "W1", (2, 4), 1, 3, -0.5, locked=True) == "W1[1, 3] = −0.500 (locked)"
    assert weights.hover_text("", "b", (1,), 0, 0, 0.7) == "b[0] = 0.700"


# ------------------------------------------------------------------------------ the perceptron's handles

XLIM, YLIM = (-2.0, 3.0), (-1.5, 2.5)


def test_the_handles_sit_on_the_drawn_arrow() -> None:
    w, b = np.array([0.5, 0.5]), -0.7
    places = handles.handle_places(w, b, XLIM, YLIM)
    glyphs = perceptron_glyphs(w, b, XLIM, YLIM)
    assert places is not None and glyphs is not None
    np.testing.assert_array_equal(places.line, glyphs.foot)
    np.testing.assert_array_equal(places.tip, glyphs.tip)
    assert w @ places.line + b == pytest.approx(0, abs=1e-12)  # the line handle is on the line
    assert places.length == pytest.approx(0.2 * 4.0)
    assert handles.handle_places([0, 0], 1.0, XLIM, YLIM) is None  # no line: no handles
    assert handles.handle_places([1, 0], -50.0, XLIM, YLIM) is None  # out of view


def test_dragging_the_line_moves_it_along_w_only() -> None:
    w, b = np.array([0.6, -0.8]), 0.3
    places = handles.handle_places(w, b, XLIM, YLIM)
    start = places.line + np.array([0.01, 0.02])  # grabbed a little off its middle
    drag = handles.HandleDrag("line", w, b, places, start)
    moved = np.array([0.4, 0.25])
    w2, b2 = drag.weights_at(start + moved)
    np.testing.assert_array_equal(w2, w)
    assert w2 @ (places.line + moved) + b2 == pytest.approx(0, abs=1e-12)  # the foot moved with the mouse
    assert b2 - b == pytest.approx(-w @ moved)  # only the part of the move along w counts
    along_line = np.array([0.8, 0.6])  # at right angles to w: the line stays
    assert drag.weights_at(start + along_line)[1] == pytest.approx(b)


def test_dragging_the_tip_turns_and_stretches_w_about_the_foot() -> None:
    w, b = np.array([0.5, 0.5]), -0.7
    places = handles.handle_places(w, b, XLIM, YLIM)
    drag = handles.HandleDrag("tip", w, b, places, places.tip.copy())
    w0, b0 = drag.weights_at(places.tip)
    np.testing.assert_allclose(w0, w)
    assert b0 == pytest.approx(b)
    # the tip taken to twice the arrow's length, at right angles to where it was
    u = w / np.hypot(*w)
    turned = places.line + 2 * places.length * np.array([-u[1], u[0]])
    w2, b2 = drag.weights_at(turned)
    assert np.hypot(*w2) == pytest.approx(2 * np.hypot(*w))
    assert w2 @ w == pytest.approx(0, abs=1e-12)
    assert w2 @ places.line + b2 == pytest.approx(0, abs=1e-12)  # the line turned about the foot
    # onto the foot itself: w keeps its direction, shortened to MIN_STRETCH of itself, never 0
    w3, _ = drag.weights_at(places.line)
    np.testing.assert_allclose(w3, handles.MIN_STRETCH * w)


def test_the_dragged_weights_read_as_the_course_writes_them() -> None:
    assert handles.readout([0.5, -0.5], 0.7) == "w = (0.50, −0.50)   b = 0.70"
