"""The neuron maps' numbers against the layers computed by hand on the same grid; flags, colours, schedule."""

from __future__ import annotations

import time

import numpy as np
import pytest

from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron
from visualnet.presenters import dataset as dataset_present
from visualnet.presenters import neuron_maps as present
from visualnet.session import Config, Session

# the activations as the book writes them, not as the core computes them
H = {
    "step": lambda a: (a > 0).astype(float),
    "sigmoid": lambda a: 1.0 / (1.0 + np.exp(-a)),
    "tanh": np.tanh,
    "relu": lambda a: np.maximum(0.0, a),
    "leaky_relu": lambda a: np.where(a > 0, a, 0.01 * a),
    "identity": lambda a: a,
}
CLASS_RGB = np.array([[0.0, 0.447, 0.698], [0.902, 0.624, 0.0], [0.0, 0.62, 0.451]])
XLIM, YLIM = (-1.5, 2.0), (-1.0, 1.25)


def by_hand_grid(ny: int, nx: int) -> np.ndarray:
    """The grid's points (ny·nx, 2), row i = y index, column j = x index, both ascending."""
    xs, ys = np.linspace(*XLIM, nx), np.linspace(*YLIM, ny)
    gx, gy = np.meshgrid(xs, ys)  # (ny, nx) each: [i, j] = (xs[j], ys[i])
    return np.column_stack([gx.ravel(), gy.ravel()])


def softmax(a: np.ndarray) -> np.ndarray:
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh", "leaky_relu", "step", "identity"])
def test_every_map_is_the_layer_computed_by_hand(activation: str) -> None:
    net = MLP([2, 8, 8, 8, 2], activation=activation, seed=3)
    rng = np.random.default_rng(0)
    for key in ("b1", "b2", "b3", "b4"):
        net.params[key][...] = rng.normal(0, 0.5, net.params[key].shape)
    ny, nx = 7, 11
    maps = present.neuron_maps(net, XLIM, YLIM, np.empty((0, 2)), res=(ny, nx))
    P = by_hand_grid(ny, nx)
    W1, b1, W2, b2 = net.params["W1"], net.params["b1"], net.params["W2"], net.params["b2"]
    W3, b3, W4, b4 = net.params["W3"], net.params["b3"], net.params["W4"], net.params["b4"]
    h = H[activation]
    A1 = P @ W1 + b1
    A2 = h(A1) @ W2 + b2
    A3 = h(A2) @ W3 + b3
    A4 = h(A3) @ W4 + b4
    expected = [(A1, h(A1)), (A2, h(A2)), (A3, h(A3)), (A4, softmax(A4))]
    assert [layer.name for layer in maps.layers] == ["h1", "h2", "h3", "y"]
    assert [layer.activation for layer in maps.layers] == [activation] * 3 + ["softmax"]
    for layer, (A, Z) in zip(maps.layers, expected, strict=True):
        assert layer.Z.shape == (Z.shape[1], ny, nx)
        for j in range(Z.shape[1]):
            np.testing.assert_allclose(layer.A[j], A[:, j].reshape(ny, nx), rtol=1e-12, atol=1e-12)
            np.testing.assert_allclose(layer.Z[j], Z[:, j].reshape(ny, nx), rtol=1e-12, atol=1e-12)
            # its own range: the map's least and greatest value
            assert layer.lo[j] == layer.Z[j].min() and layer.hi[j] == layer.Z[j].max()
            assert layer.lo[j] == pytest.approx(Z[:, j].min(), abs=1e-12)
    np.testing.assert_array_equal(maps.xs, np.linspace(*XLIM, nx))
    np.testing.assert_array_equal(maps.ys, np.linspace(*YLIM, ny))
    dx, dy = maps.xs[1] - maps.xs[0], maps.ys[1] - maps.ys[0]
    assert maps.rect == pytest.approx((XLIM[0] - dx / 2, YLIM[0] - dy / 2, XLIM[1] - XLIM[0] + dx,
                                       YLIM[1] - YLIM[0] + dy))


def test_the_perceptron_has_one_map_its_step() -> None:
    p = Perceptron((0.7, -1.2), 0.3)
    maps = present.neuron_maps(p, XLIM, YLIM, np.empty((0, 2)), res=(5, 9))
    P = by_hand_grid(5, 9)
    a = P[:, 0] * 0.7 - 1.2 * P[:, 1] + 0.3
    (layer,) = maps.layers
    assert (layer.name, layer.activation, layer.units) == ("y", "step", 1)
    np.testing.assert_allclose(layer.A[0], a.reshape(5, 9), rtol=1e-12)
    np.testing.assert_array_equal(layer.Z[0], (a > 0).reshape(5, 9).astype(float))
    assert layer.flags == (None,)  # the perceptron's rule needs no gradient: nothing to flag


def test_one_large_map_is_the_same_unit() -> None:
    net = MLP([2, 5, 4, 3], activation="tanh", seed=1)
    Z, (lo, hi), rect = present.neuron_field(net, 1, 2, XLIM, YLIM, (13, 17))
    P = by_hand_grid(13, 17)
    z2 = np.tanh(np.tanh(P @ net.params["W1"] + net.params["b1"]) @ net.params["W2"] + net.params["b2"])[:, 2]
    np.testing.assert_allclose(Z, z2.reshape(13, 17), rtol=1e-12, atol=1e-15)
    assert (lo, hi) == (z2.min(), z2.max())
    small = present.neuron_maps(net, XLIM, YLIM, np.empty((0, 2)), res=(13, 17))
    np.testing.assert_array_equal(Z, small.layers[1].Z[2])
    assert rect == small.rect


def test_a_very_negative_bias_kills_relus_and_says_why() -> None:
    session = Session.from_preset("XOR clouds", Config(hidden=(8, 8, 8)))
    X = session.role_arrays().X_train
    session.model.params["b1"][...] = -100
    maps = present.neuron_maps(session.model, XLIM, YLIM, X)
    assert maps.layers[0].name == "x" and maps.layers[0].flags == (None, None)  # the inputs: never flagged
    h1 = maps.layers[1]
    assert all(f is not None and f.mark == "dead" for f in h1.flags)
    assert "output is 0 on every training point" in str(h1.flags[0].why)
    assert np.all(h1.Z == 0) and np.all(h1.lo == 0) and np.all(h1.hi == 0)
    assert maps.layers[-1].flags == (None, None)  # the output layer is not flagged


def test_only_units_dead_on_every_training_point_are_dead() -> None:
    net = MLP([2, 3, 2], activation="relu", seed=0)
    net.params["W1"][...] = [[1.0, 0.0, -1.0], [0.0, 0.0, 0.0]]
    net.params["b1"][...] = [0.0, -1.0, 0.5]
    # unit 0 fires on the last point only, unit 1 on none, unit 2 on the first two
    X = np.array([[-1.0, 0.0], [-0.2, 0.0], [0.3, 3.0]])
    (h1, _y) = present.neuron_maps(net, XLIM, YLIM, X).layers
    assert [f is not None for f in h1.flags] == [False, True, False]


@pytest.mark.parametrize(("activation", "limits"), [("sigmoid", (0.0, 1.0)), ("tanh", (-1.0, 1.0))])
def test_saturated_units_are_flagged(activation: str, limits: tuple[float, float]) -> None:
    net = MLP([2, 2, 2], activation=activation, seed=0)
    net.params["W1"][...] = [[1000.0, 0.1], [0.0, 0.1]]  # unit 0 saturates on every point off x = 0
    X = np.random.default_rng(1).uniform(-1, 1, (200, 2))
    X[:, 0] = np.where(np.abs(X[:, 0]) < 0.05, 0.5, X[:, 0])
    (h1, _y) = present.neuron_maps(net, XLIM, YLIM, X).layers
    assert h1.flags[0] is not None and h1.flags[0].mark == "sat."
    assert f"{limits[0]:g} / {limits[1]:g}" in str(h1.flags[0].why) and "100%" in str(h1.flags[0].why)
    assert h1.flags[1] is None
    # nearly all, not some: the same unit on points half of which are near x = 0
    X[:100, 0] = 1e-6
    (h1, _y) = present.neuron_maps(net, XLIM, YLIM, X).layers
    assert h1.flags[0] is None


def test_step_units_are_always_flagged_and_no_points_no_flags() -> None:
    net = MLP([2, 3, 2], activation="step", seed=0)
    X = np.array([[0.1, 0.2]])
    (h1, _y) = present.neuron_maps(net, XLIM, YLIM, X).layers
    assert all(f is not None and "no gradient flows" in str(f.why) for f in h1.flags)
    (h1, _y) = present.neuron_maps(net, XLIM, YLIM, np.empty((0, 2))).layers
    assert h1.flags == (None, None, None)


def test_the_colours_are_the_data_views_two_class_colours() -> None:
    rng = np.random.default_rng(2)
    V = rng.uniform(-3, 5, (2, 6, 7))
    lo, hi = V.reshape(2, -1).min(axis=1), V.reshape(2, -1).max(axis=1)
    rgb = present.ramp_colors(V, lo, hi, CLASS_RGB[[0, 0]], CLASS_RGB[[1, 1]])
    for m in range(2):
        u = (V[m] - lo[m]) / (hi[m] - lo[m])
        field = dataset_present.field_colors(np.stack([1 - u, u], axis=-1), CLASS_RGB)
        assert np.abs(rgb[m].astype(int) - field.astype(int)).max() <= 1  # the same blend, to rounding
    # the ends of the range are the classes' colours at the field's full confidence; the middle is white-ish
    flat = present.ramp_colors(np.array([[[0.0, 0.5, 1.0]]]), 0.0, 1.0, CLASS_RGB[0], CLASS_RGB[1])[0, 0]
    np.testing.assert_allclose(flat[0], 255 + 0.62 * (255 * CLASS_RGB[0] - 255), atol=1)
    np.testing.assert_allclose(flat[2], 255 + 0.62 * (255 * CLASS_RGB[1] - 255), atol=1)
    np.testing.assert_allclose(flat[1], 255 + 0.12 * (255 * CLASS_RGB[:2].mean(axis=0) - 255), atol=1)


def test_a_flat_or_broken_map_is_drawn_in_the_middle_colour() -> None:
    V = np.array([[[2.0, 2.0], [2.0, 2.0]]])
    middle = present.ramp_colors(np.array([[[0.5]]]), 0.0, 1.0, CLASS_RGB[0], CLASS_RGB[1])[0, 0, 0]
    assert np.all(present.ramp_colors(V, 2.0, 2.0, CLASS_RGB[0], CLASS_RGB[1]) == middle)
    net = MLP([2, 3, 2], seed=0)
    net.params["W1"][0, 0] = np.nan
    maps = present.neuron_maps(net, XLIM, YLIM, np.zeros((2, 2)))
    for k, layer in enumerate(maps.layers):
        assert np.all(np.isfinite(layer.lo)) and np.all(np.isfinite(layer.hi))
        assert present.layer_colors(layer, k == len(maps.layers) - 1, CLASS_RGB).dtype == np.uint8


def test_output_units_go_toward_their_own_class() -> None:
    two = present.neuron_maps(MLP([2, 3, 2], seed=0), XLIM, YLIM, np.empty((0, 2))).layers[-1]
    low, high = present.ramp_ends(two, True, 0, CLASS_RGB)
    np.testing.assert_array_equal(low, CLASS_RGB[1])
    np.testing.assert_array_equal(high, CLASS_RGB[0])
    three = present.neuron_maps(MLP([2, 3, 3], seed=0), XLIM, YLIM, np.empty((0, 2))).layers[-1]
    low, high = present.ramp_ends(three, True, 2, CLASS_RGB)
    np.testing.assert_array_equal(low, np.ones(3))
    np.testing.assert_array_equal(high, CLASS_RGB[2])


def test_labels_and_what_is_supported() -> None:
    net = MLP([2, 4, 2], seed=0)
    layer = present.neuron_maps(net, XLIM, YLIM, np.empty((0, 2))).layers[0]
    layer = present.LayerMaps(layer.name, layer.activation, layer.A, layer.Z, np.full(4, -0.2),
                              np.full(4, 4.1), layer.flags)
    assert present.label(layer, 3) == "h1[3]: ReLU, range −0.2 … 4.1"
    assert present.range_text(layer, 3) == "−0.2 … 4.1"
    assert present.supported(net, "classification")
    assert present.supported(Perceptron(), "classification")
    assert not present.supported(MLP([1, 4, 1], task="regression"), "regression")


def test_the_schedule_slows_down_above_the_budget() -> None:
    s = present.RefreshSchedule()
    s.ran(0.001, now=10.0)
    assert not s.throttled and s.due(10.0) and s.note() == ""
    s = present.RefreshSchedule()
    s.ran(0.008, now=10.0)
    assert s.throttled and not s.due(10.02)
    assert s.interval_s == pytest.approx(0.008 * present.FRAME_S / present.BUDGET_S)
    assert s.due(10.0 + s.interval_s)
    assert s.note() == "One update takes 8 ms, over the budget of 4 ms: the maps refresh every 0.033 s."
    s.ran(0.002, now=11.0)  # the running mean: (8 + 2) / 2 = 5 ms, still over
    assert s.cost == pytest.approx(0.005) and s.throttled


def test_print_the_update_time_of_a_2_8_8_8_2_net() -> None:
    """Not a bound: the time is printed for the record (pytest -s)."""
    session = Session.from_preset("XOR clouds", Config(hidden=(8, 8, 8)))
    X = session.role_arrays().X_train
    start = time.perf_counter()
    for _ in range(20):
        maps = present.neuron_maps(session.model, XLIM, YLIM, X)
        for k, layer in enumerate(maps.layers):
            present.layer_colors(layer, k == 3, CLASS_RGB)
    per = (time.perf_counter() - start) / 20
    print(f"\nneuron maps of [2, 8, 8, 8, 2] at {present.MAP_RES}×{present.MAP_RES}: {1000 * per:.2f} ms "
          "(maps + colours, no drawing)")
