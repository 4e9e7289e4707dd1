"""Decision fields and loss surfaces: orientation, and equality with one-point-at-a-time references."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import grids
from visualnet.core.data import logic_gate, moons, regression_curve
from visualnet.core.grids import (
    cap_nonfinite,
    decision_field,
    grid_axes,
    grid_points,
    loss_along_line,
    loss_plane,
    loss_slice,
    param_window,
)
from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron

pytestmark = pytest.mark.filterwarnings("error")
F64 = np.float64  # batched_loss in float64 agrees with loss() to rounding; the default float32 to ~1e-6


@pytest.fixture
def net():
    return MLP([2, 5, 4, 3], activation="tanh", task="classification", seed=2)


@pytest.fixture
def points():
    d = moons(n=30, seed=4)
    return d.inputs(), d.targets() % 3


def _loss_at(model, X, t, params):
    """The loss with `params` swapped in, one configuration at a time (the reference)."""
    saved = {k: v.copy() for k, v in model.params.items()}
    for k, v in params.items():
        model.params[k][...] = v
    try:
        return model.loss(X, t)
    finally:
        for k, v in saved.items():
            model.params[k][...] = v


def test_grid_axes_and_points_order():
    xs, ys = grid_axes((-1, 1), (0, 2), 5)
    np.testing.assert_array_equal(xs, [-1, -0.5, 0, 0.5, 1])
    np.testing.assert_array_equal(ys, [0, 0.5, 1, 1.5, 2])
    pts = grid_points((-1, 1), (0, 2), 5)
    assert pts.shape == (25, 2)
    for i in range(5):
        for j in range(5):
            np.testing.assert_array_equal(pts[i * 5 + j], [xs[j], ys[i]])
    assert not pts.flags.writeable


def test_decision_field_equals_predict_proba_point_by_point(net):
    xlim, ylim = (-1.5, 1.0), (-0.5, 2.0)
    f = decision_field(net, xlim, ylim, res=13)
    xs, ys = grid_axes(xlim, ylim, 13)
    assert f.shape == (13, 13, 3)
    for i, y in enumerate(ys):
        for j, x in enumerate(xs):
            np.testing.assert_allclose(f[i, j], net.predict_proba(np.array([[x, y]]))[0], rtol=1e-12)


def test_decision_field_orientation_rows_are_y_cols_are_x():
    model = MLP([2, 4, 2], activation="relu", task="classification", seed=0)
    # the class depends on x only: the first layer ignores the y input
    model.params["W1"][1, :] = 0.0
    f = decision_field(model, (-1, 1), (-1, 1), res=20)[..., 1]
    assert np.ptp(f, axis=1).max() > 1e-3  # along a row (x changes) the probability varies
    np.testing.assert_allclose(np.ptp(f, axis=0), 0.0, atol=1e-15)  # down a column it does not


def test_decision_field_chunks_agree(net, monkeypatch):
    full = decision_field(net, (-1, 1), (-1, 1), res=30)
    monkeypatch.setattr(grids, "FIELD_CHUNK", 97)
    np.testing.assert_allclose(decision_field(net, (-1, 1), (-1, 1), res=30), full, rtol=1e-13)


def test_regression_curve_is_predict():
    model = MLP([1, 6, 1], activation="tanh", task="regression", seed=1)
    xs, ys = grids.regression_curve(model, (-1.2, 1.2), res=17)
    np.testing.assert_array_equal(xs, np.linspace(-1.2, 1.2, 17))
    np.testing.assert_allclose(ys, model.predict(xs[:, None])[:, 0], rtol=1e-13)


def test_loss_slice_equals_the_loss_one_point_at_a_time(net, points):
    X, t = points
    before = {k: v.copy() for k, v in net.params.items()}
    v1, v2 = np.linspace(-2, 2, 7), np.linspace(-1, 3, 5)
    z = loss_slice(net, X, t, ("W1", 3), ("b2", 1), v1, v2, dtype=F64)
    assert z.shape == (5, 7)
    for r, b in enumerate(v2):
        for c, a in enumerate(v1):
            p = {k: v.copy() for k, v in before.items()}
            p["W1"].flat[3] = a
            p["b2"].flat[1] = b
            assert z[r, c] == pytest.approx(_loss_at(net, X, t, p), rel=1e-12)
    # the model's default (float32) surface is the same to single precision
    np.testing.assert_allclose(loss_slice(net, X, t, ("W1", 3), ("b2", 1), v1, v2), z, rtol=1e-5)
    for k in before:  # the model is untouched
        np.testing.assert_array_equal(net.params[k], before[k])


def test_loss_slice_two_entries_of_one_array(net, points):
    X, t = points
    v = param_window(0.3, span=1.0, n=5)
    z = loss_slice(net, X, t, ("W2", 0), ("W2", 7), v, v[::-1], dtype=F64)
    p = {k: x.copy() for k, x in net.params.items()}
    p["W2"].flat[0], p["W2"].flat[7] = v[1], v[::-1][3]
    assert z[3, 1] == pytest.approx(_loss_at(net, X, t, p), rel=1e-12)
    with pytest.raises(ValueError, match="must differ"):
        loss_slice(net, X, t, ("W2", 0), ("W2", 0), v, v)


def test_loss_slice_passes_through_the_current_loss(net, points):
    X, t = points
    w, b = net.params["W1"].flat[0], net.params["b1"].flat[2]
    z = loss_slice(net, X, t, ("W1", 0), ("b1", 2), param_window(w, 1.0, 5), param_window(b, 1.0, 5),
                   dtype=F64)
    assert z[2, 2] == pytest.approx(net.loss(X, t), rel=1e-12)


def test_loss_plane_reproduces_random_directions(net, points, monkeypatch):
    X, t = points
    rng = np.random.default_rng(0)
    center = {k: v + rng.normal(0, 0.1, v.shape) for k, v in net.params.items()}
    d1 = {k: rng.normal(size=v.shape) for k, v in net.params.items()}
    d2 = {"W2": rng.normal(size=net.params["W2"].shape)}
    alphas, betas = np.linspace(-1, 1, 4), np.array([-0.5, 0.0, 0.7])
    z = loss_plane(net, X, t, center, d1, d2, alphas, betas, dtype=F64)
    assert z.shape == (3, 4)
    for r, b in enumerate(betas):
        for c, a in enumerate(alphas):
            p = {k: center[k] + a * d1[k] + (b * d2[k] if k in d2 else 0.0) for k in center}
            assert z[r, c] == pytest.approx(_loss_at(net, X, t, p), rel=1e-10)
    # chunking over the grid changes nothing
    monkeypatch.setattr(grids, "PLANE_CHUNK_FLOATS", 1)
    np.testing.assert_allclose(loss_plane(net, X, t, center, d1, d2, alphas, betas, F64), z, rtol=1e-13)


def test_loss_plane_centre_differs_only_in_a_fixed_key(net, points):
    X, t = points
    center = {k: v.copy() for k, v in net.params.items()}
    center["b3"] = center["b3"] + 1.0  # not moving, yet not the model's value
    d1 = {"W1": np.ones_like(center["W1"])}
    z = loss_plane(net, X, t, center, d1, {}, [0.0, 0.5], [0.0], dtype=F64)
    expected = [_loss_at(net, X, t, {**center, "W1": center["W1"] + a}) for a in (0.0, 0.5)]
    np.testing.assert_allclose(z[0], expected, rtol=1e-12)


def test_loss_along_line_endpoints(net, points):
    X, t = points
    start = {k: v.copy() for k, v in net.params.items()}
    end = {k: v * 0.5 + 0.1 for k, v in start.items()}
    alphas, losses = loss_along_line(net, X, t, start, end, n=11, dtype=F64)
    assert losses.shape == (11,) and alphas[0] == 0 and alphas[-1] == 1
    assert losses[0] == pytest.approx(_loss_at(net, X, t, start), rel=1e-12)
    assert losses[-1] == pytest.approx(_loss_at(net, X, t, end), rel=1e-10)
    mid = {k: 0.5 * (start[k] + end[k]) for k in start}
    assert losses[5] == pytest.approx(_loss_at(net, X, t, mid), rel=1e-10)


def test_nonfinite_losses_are_capped_without_warnings():
    d = regression_curve("sine", n=20, seed=0)
    model = MLP([1, 4, 1], activation="relu", task="regression", seed=0)
    X, t = d.inputs(), d.targets()
    v = np.array([-1e300, -1.0, 0.0, 1.0, 1e300])
    z = loss_slice(model, X, t, ("W1", 0), ("W2", 0), v, v, dtype=F64)
    ref = np.empty((5, 5))
    with np.errstate(all="ignore"):
        for r, b in enumerate(v):
            for c, a in enumerate(v):
                p = {k: x.copy() for k, x in model.params.items()}
                p["W1"].flat[0], p["W2"].flat[0] = a, b
                ref[r, c] = _loss_at(model, X, t, p)
    bad = ~np.isfinite(ref)
    assert bad.any() and not bad.all()
    assert np.isfinite(z).all()
    np.testing.assert_allclose(z[~bad], ref[~bad], rtol=1e-12)
    np.testing.assert_array_equal(z[bad], ref[~bad].max())  # the cap: the largest finite loss


def test_cap_nonfinite():
    z = np.array([1.0, np.nan, 3.0, np.inf, -np.inf])
    np.testing.assert_array_equal(cap_nonfinite(z), [1, 3, 3, 3, 3])
    np.testing.assert_array_equal(cap_nonfinite(np.array([np.nan, np.inf])), [0, 0])


def test_param_window():
    w = param_window(0.25, span=2.0, n=41)
    assert w[0] == -1.75 and w[-1] == 2.25 and w[20] == 0.25 and len(w) == 41


def test_perceptron_surfaces_and_field():
    d = logic_gate("OR")
    X, t = d.inputs(), d.targets()
    model = Perceptron((0.5, 0.5), -0.2)
    v = np.linspace(-1, 1, 9)
    z = loss_slice(model, X, t, ("w", 0), ("b", 0), v, v)
    for r, b in enumerate(v):
        for c, a in enumerate(v):
            assert z[r, c] == pytest.approx(_loss_at(model, X, t, {"w": [a, 0.5], "b": [b]}), abs=1e-15)
    f = decision_field(model, (-0.2, 1.2), (-0.2, 1.2), res=8)
    assert f.shape == (8, 8, 2) and set(np.unique(f)) == {0.0, 1.0}


def test_loss_plane_with_zero_directions_is_flat(net, points):
    X, t = points
    z = loss_plane(net, X, t, net.params, {}, {}, [0.0, 1.0], [0.0, 2.0], dtype=F64)
    np.testing.assert_allclose(z, net.loss(X, t), rtol=1e-12)


def test_forward_cost_counts_one_multiply_add_per_parameter(net):
    assert grids.forward_cost(net) == (2 + 1) * 5 + (5 + 1) * 4 + (4 + 1) * 3
    assert grids.forward_cost(Perceptron()) == 3


def test_budget_res_is_the_finest_grid_within_the_budget():
    # 41² nodes of 1,000 multiply-adds fit 1.7e6; one more sample per axis does not
    assert grids.budget_res(41**2 * 1000, 1000, max_res=100) == 41
    assert grids.budget_res(41**2 * 1000 - 1, 1000, max_res=100) == 40
    assert grids.budget_res(1e12, 1000, max_res=100) == 100  # a small network: the full grid
    assert grids.budget_res(1.0, 1000, max_res=100, min_res=5) == 5  # never coarser than min_res
    assert grids.budget_res(61 * 1000, 1000, max_res=100, dims=1) == 61  # a line: one axis
    assert grids.budget_res(1e6, 0, max_res=41) == 41  # no points: nothing to compute


# ------------------------------------------------------------------- the field's shape on screen

def test_field_shape_follows_the_view_in_pixels():
    # a sample every 4 px, ends included, for a small network
    small = grids.field_shape(400, 200, cost_per_node=106, spacing_px=4, max_nodes=10**6)
    assert small == (51, 101, False)
    # a wider view gets more samples across, at the same spacing
    assert grids.field_shape(800, 200, 106, spacing_px=4, max_nodes=10**6)[:2] == (51, 201)
    # past the cap on samples: evenly coarser, within the cap, the same spacing along both axes
    ny, nx, coarser = grids.field_shape(1000, 700, 106, spacing_px=4, max_nodes=20_000)
    assert ny * nx <= 20_000 and not coarser
    assert ny * nx > 0.95 * 20_000  # as fine as fits
    assert (1000 / (nx - 1)) == pytest.approx(700 / (ny - 1), rel=0.02)
    # a large network: the multiply-add budget decides, and says so
    ny, nx, coarser = grids.field_shape(1000, 700, 8000, spacing_px=4, budget=80e6, max_nodes=40_000)
    assert coarser and ny * nx * 8000 <= 80e6 and ny * nx > 0.9 * 10_000
    # never fewer than min_res samples along an axis, however tight
    assert grids.field_shape(1000, 30, 1e9, min_res=16)[:2] == (16, 16)


def test_decision_field_of_a_rectangular_grid():
    model = MLP([2, 4, 3], activation="tanh", task="classification", seed=1)
    f = decision_field(model, (-1, 2), (0, 1), res=(5, 9))
    assert f.shape == (5, 9, 3)
    xs, ys = grid_axes((-1, 2), (0, 1), (5, 9))
    assert len(xs) == 9 and len(ys) == 5
    for i in (0, 2, 4):
        for j in (0, 5, 8):
            one = model.predict_proba(np.array([[xs[j], ys[i]]]))[0]
            np.testing.assert_allclose(f[i, j], one, rtol=1e-12)
