"""params.Layout: the one flat layout of a model's parameters (history, trainer, fast route, planes)."""

import numpy as np
import pytest

from visualnet.core import landscape, params
from visualnet.core.mlp import MLP
from visualnet.core.params import Layout


def test_layout_offsets_index_and_size() -> None:
    layout = Layout({"W1": (2, 3), "b1": (3,), "W2": (3, 1), "b2": (1,)})
    assert layout.keys == ("W1", "b1", "W2", "b2")
    assert layout.offsets == {"W1": 0, "b1": 6, "W2": 9, "b2": 12} and layout.size == 13
    assert layout.index("W2", 2) == 11
    assert layout == Layout.of({k: np.zeros(s) for k, s in layout.shapes.items()})
    assert layout != Layout({"W1": (3, 2), "b1": (3,), "W2": (3, 1), "b2": (1,)})


def test_flatten_and_unflatten_round_trip_in_key_order() -> None:
    net = MLP([2, 4, 3], seed=1)
    layout = Layout.of(net.params)
    v = layout.flatten(net.params)
    np.testing.assert_array_equal(v, np.concatenate([p.ravel() for p in net.params.values()]))
    np.testing.assert_array_equal(params.flatten(net.params), v)
    out = np.empty(layout.size)
    assert layout.flatten(net.params, out) is out
    views = layout.unflatten(out)
    for key, p in net.params.items():
        np.testing.assert_array_equal(views[key], p)
    views["b1"][0] = 7.0  # views: writing them writes the vector
    assert out[layout.offsets["b1"]] == 7.0
    copies = params.unflatten(out, net.params)
    copies["W1"][...] = 0.0  # copies: the vector is untouched
    assert out[:8].any()
    with pytest.raises(ValueError):
        layout.unflatten(out[:-1])
    with pytest.raises(ValueError):
        params.unflatten(out[:-1], net.params)


def test_the_mlp_parameters_are_views_of_theta_in_layout_order() -> None:
    net = MLP([2, 5, 2], seed=0)
    np.testing.assert_array_equal(net.theta, net.layout.flatten(net.params))
    net.theta += 1.0  # one update of the vector reaches every parameter and the layers
    np.testing.assert_array_equal(net.theta, net.layout.flatten(net.params))
    assert landscape.flatten is params.flatten and landscape.unflatten is params.unflatten
