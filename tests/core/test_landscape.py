"""Loss landscapes of the network: filter-normalised orthonormal directions, PCA planes, plane losses."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import grids, landscape
from visualnet.core.data import moons
from visualnet.core.mlp import MLP
from visualnet.core.optimizers import SGD


@pytest.fixture
def net() -> MLP:
    model = MLP([2, 8, 8, 2], activation="relu", seed=3)
    rng = np.random.default_rng(1)
    for key in model.params:  # non-zero biases too, so the bias options differ
        model.params[key] += 0.1 * rng.standard_normal(model.params[key].shape)
    return model


def test_flatten_round_trip(net) -> None:
    v = landscape.flatten(net.params)
    assert v.shape == (net.param_count,)
    back = landscape.unflatten(v, net.params)
    assert list(back) == list(net.params)
    for k in net.params:
        np.testing.assert_array_equal(back[k], net.params[k])
    with pytest.raises(ValueError):
        landscape.unflatten(v[:-1], net.params)


def test_filter_normalised_columns_have_the_weights_norms(net) -> None:
    d1, d2 = landscape.random_directions(net.params, seed=5)
    for d in (d1, d2):
        for key, w in net.params.items():
            if w.ndim == 2:
                # each filter (the weights into one neuron, a column of W) has the norm of the weights'
                np.testing.assert_allclose(np.linalg.norm(d[key], axis=0), np.linalg.norm(w, axis=0),
                                           rtol=1e-12)
            else:
                assert not d[key].any()  # the paper's "ignore biases": biases do not move
    # the two are different random draws, and (for a net this small) clearly not orthogonal
    v1, v2 = landscape.flatten(d1), landscape.flatten(d2)
    assert abs(v1 @ v2) / (np.linalg.norm(v1) * np.linalg.norm(v2)) > 1e-3


def test_bias_option_weights_copies_the_biases(net) -> None:
    d1, _ = landscape.random_directions(net.params, seed=5, bias="weights")
    np.testing.assert_array_equal(d1["b2"], net.params["b2"])
    with pytest.raises(ValueError):
        landscape.random_directions(net.params, bias="scaled")


def test_random_directions_are_orthonormal_after_normalisation(net) -> None:
    u1, u2 = landscape.orthonormal_directions(net.params, seed=5)
    v1, v2 = landscape.flatten(u1), landscape.flatten(u2)
    np.testing.assert_allclose([v1 @ v1, v2 @ v2, v1 @ v2], [1.0, 1.0, 0.0], atol=1e-14)
    # Gram–Schmidt keeps the first direction's line: u1 is d1 / ‖d1‖, so still filter-normalised
    d1, _ = landscape.random_directions(net.params, seed=5)
    np.testing.assert_allclose(v1, landscape.flatten(d1) / np.linalg.norm(landscape.flatten(d1)),
                               rtol=1e-12)
    assert not u2["b1"].any()
    # the same seed gives the same directions, another seed others
    again, _ = landscape.orthonormal_directions(net.params, seed=5)
    other, _ = landscape.orthonormal_directions(net.params, seed=6)
    np.testing.assert_array_equal(landscape.flatten(again), v1)
    assert not np.allclose(landscape.flatten(other), v1)


def test_random_plane_axes_are_as_long_as_the_weights(net) -> None:
    plane = landscape.random_plane(net.params, seed=2)
    w_norm = np.linalg.norm(np.concatenate([w.ravel() for w in net.params.values() if w.ndim == 2]))
    v1, v2 = landscape.flatten(plane.d1), landscape.flatten(plane.d2)
    np.testing.assert_allclose([np.linalg.norm(v1), np.linalg.norm(v2), v1 @ v2 / w_norm**2],
                               [w_norm, w_norm, 0.0], atol=1e-12)
    # the first axis is exactly the filter-normalised direction
    for key, w in net.params.items():
        if w.ndim == 2:
            np.testing.assert_allclose(np.linalg.norm(plane.d1[key], axis=0), np.linalg.norm(w, axis=0),
                                       rtol=1e-12)
    assert plane.center["W1"] is not net.params["W1"]  # a snapshot: training on does not move it
    raw = landscape.random_plane(net.params, seed=2, orthogonal=False)
    np.testing.assert_array_equal(raw.d2["W3"], landscape.random_directions(net.params, seed=2)[1]["W3"])


def test_pca_plane_of_a_straight_path_is_exact(net) -> None:
    rng = np.random.default_rng(0)
    start = landscape.flatten(net.params)
    direction = rng.standard_normal(start.size)
    s = np.sort(rng.uniform(0, 3, 40))
    path = start + s[:, None] * direction  # (40, P) points on one line
    plane = landscape.pca_plane(path, net.params)
    assert plane.kind == "pca"
    assert plane.explained[0] == pytest.approx(1.0, abs=1e-12)
    assert plane.explained[1] == pytest.approx(0.0, abs=1e-12)
    np.testing.assert_array_equal(landscape.flatten(plane.center), path[-1])  # centred at the end
    coords = landscape.project(path, plane)
    np.testing.assert_allclose(coords[:, 1], 0.0, atol=1e-10)
    np.testing.assert_allclose(coords[-1], 0.0, atol=1e-12)
    assert coords[0, 0] < 0  # oriented so that training moves along +a
    # the projections reconstruct the points: center + a·d1 + b·d2
    rebuilt = np.array([landscape.flatten(plane.point(a, b)) for a, b in coords])
    np.testing.assert_allclose(rebuilt, path, atol=1e-10)
    np.testing.assert_allclose(np.abs(np.diff(coords[:, 0])), np.diff(s) * np.linalg.norm(direction),
                               rtol=1e-9)


def test_pca_plane_of_a_planar_path_explains_everything(net) -> None:
    rng = np.random.default_rng(1)
    P = net.param_count
    a, b = rng.standard_normal(P), rng.standard_normal(P)
    t = np.linspace(0, 4, 60)
    path = landscape.flatten(net.params) + np.outer(np.cos(t) * 3, a) + np.outer(np.sin(2 * t), b)
    plane = landscape.pca_plane(path, net.params, center="mean")
    assert sum(plane.explained) == pytest.approx(1.0, abs=1e-12)
    assert plane.explained[0] > plane.explained[1] > 0
    np.testing.assert_allclose(landscape.flatten(plane.center), path.mean(axis=0))
    coords = landscape.project(path, plane)
    rebuilt = landscape.flatten(plane.center) + coords[:, :1] * landscape.flatten(plane.d1) \
        + coords[:, 1:] * landscape.flatten(plane.d2)
    np.testing.assert_allclose(rebuilt, path, atol=1e-10)
    with pytest.raises(ValueError):
        landscape.pca_plane(path[:1], net.params)


def test_pca_plane_of_a_real_training_path(net) -> None:
    d = moons(n=100, seed=0)
    X, t = d.inputs(), d.targets()
    opt = SGD(lr=0.3)
    path = [landscape.flatten(net.params)]
    for _ in range(60):
        opt.update(net.params, net.gradient(X, t))
        path.append(landscape.flatten(net.params))
    plane = landscape.pca_plane(np.array(path), net.params)
    assert 0.5 < plane.explained[0] <= 1.0 and 0.0 <= plane.explained[1] <= plane.explained[0]
    np.testing.assert_array_equal(landscape.flatten(plane.center), path[-1])


@pytest.mark.parametrize("kind", ["random", "pca"])
def test_plane_losses_equal_the_loss_one_point_at_a_time(net, kind) -> None:
    d = moons(n=60, noise=0.2, seed=4)
    X, t = d.inputs(), d.targets()
    if kind == "random":
        plane = landscape.random_plane(net.params, seed=9)
    else:
        rng = np.random.default_rng(2)
        walk = landscape.flatten(net.params) + np.cumsum(0.05 * rng.standard_normal((20, net.param_count)), 0)
        plane = landscape.pca_plane(walk, net.params)
    alphas, betas = np.linspace(-1, 1, 5), np.linspace(-0.5, 0.7, 4)
    Z = landscape.plane_losses(net, X, t, plane, alphas, betas, dtype=np.float64)
    assert Z.shape == (4, 5)
    kept = net.copy_params()
    reference = MLP([2, 8, 8, 2], activation="relu", seed=0)
    for i, b in enumerate(betas):  # the loop lives in the test only
        for j, a in enumerate(alphas):
            reference.set_params(plane.point(a, b))
            assert Z[i, j] == pytest.approx(reference.loss(X, t), rel=1e-10)
    for k in kept:  # computing the plane leaves the live network untouched
        np.testing.assert_array_equal(net.params[k], kept[k])
    # the default float32 agrees to single precision
    Z32 = landscape.plane_losses(net, X, t, plane, alphas, betas)
    np.testing.assert_allclose(Z32, Z, rtol=1e-4)


def _train_30_steps(net):
    """Moons (X, t) and the weights before 30 SGD steps on them; `net` keeps the trained weights."""
    d = moons(n=60, seed=4)
    X, t = d.inputs(), d.targets()
    initial = net.copy_params()
    opt = SGD(lr=0.5)
    for _ in range(30):
        opt.update(net.params, net.gradient(X, t))
    return X, t, initial


def test_interpolation_from_initial_to_current(net) -> None:
    X, t, initial = _train_30_steps(net)
    alphas, losses = landscape.interpolation(net, X, t, initial, n=11, dtype=np.float64)
    ref = grids.loss_along_line(net, X, t, initial, net.params, 11, np.float64)
    np.testing.assert_array_equal(alphas, ref[0])
    np.testing.assert_array_equal(losses, ref[1])
    assert losses[-1] == pytest.approx(net.loss(X, t), rel=1e-10)
    check = MLP([2, 8, 8, 2], seed=0)
    check.set_params(initial)
    assert losses[0] == pytest.approx(check.loss(X, t), rel=1e-10)


@pytest.mark.parametrize("T", [5, 40, 400])  # fewer, and more, path points than the 114 parameters
def test_pca_axes_match_the_svd_of_the_path(net, T) -> None:
    rng = np.random.default_rng(T)
    P = net.param_count
    # a path with two clear main directions and a little noise
    a, b = rng.standard_normal(P), rng.standard_normal(P)
    s = np.linspace(0, 1, T)
    path = landscape.flatten(net.params) + np.outer(3 * s, a) + np.outer(np.sin(3 * s), b) \
        + 1e-3 * rng.standard_normal((T, P))
    plane = landscape.pca_plane(path, net.params, center="mean")
    centred = path - path.mean(axis=0)
    _, sv, vt = np.linalg.svd(centred, full_matrices=False)
    for k, d in enumerate((plane.d1, plane.d2)):
        assert abs(landscape.flatten(d) @ vt[k]) == pytest.approx(1.0, abs=1e-9)  # the same axis
    np.testing.assert_allclose(plane.explained, sv[:2] ** 2 / np.sum(sv**2), rtol=1e-9)


def test_line_reaches_beyond_both_ends_with_0_and_1_exact(net) -> None:
    X, t, initial = _train_30_steps(net)
    alphas, losses = landscape.interpolation(net, X, t, initial, n=61, extend=0.25, dtype=np.float64)
    assert alphas[0] == -0.25 and alphas[-1] == 1.25 and len(alphas) == 61
    assert np.all(np.diff(alphas) > 0)
    i0, i1 = np.flatnonzero(alphas == 0.0)[0], np.flatnonzero(alphas == 1.0)[0]
    assert losses[i1] == pytest.approx(net.loss(X, t), rel=1e-10)
    check = MLP([2, 8, 8, 2], seed=0)
    check.set_params(initial)
    assert losses[i0] == pytest.approx(check.loss(X, t), rel=1e-10)
    # beyond the ends: the same line, continued
    for a, loss in zip(alphas[[0, -1]], losses[[0, -1]], strict=True):
        check.set_params({k: initial[k] + a * (net.params[k] - initial[k]) for k in initial})
        assert loss == pytest.approx(check.loss(X, t), rel=1e-10)


@pytest.mark.parametrize(("n", "extend"), [(2, 0.0), (50, 0.0), (61, 0.25), (41, 0.2), (9, 1.0)])
def test_line_alphas_hold_0_and_1_exactly(n, extend) -> None:
    a = grids.line_alphas(n, extend)
    assert 0.0 in a and 1.0 in a and abs(len(a) - n) <= 2
    assert a[0] == pytest.approx(-extend, abs=0.5 / max(1, n)) and np.allclose(np.diff(a), a[1] - a[0])
    with pytest.raises(ValueError):
        grids.line_alphas(1)


def test_path_projection_reprojects_only_what_changed(net) -> None:
    rng = np.random.default_rng(3)
    plane = landscape.random_plane(net.params, seed=1)
    P = net.param_count
    path = landscape.flatten(net.params) + np.cumsum(0.1 * rng.standard_normal((50, P)), axis=0)
    keys = np.arange(50)
    proj = landscape.PathProjection(plane)
    np.testing.assert_allclose(proj(path[:30], keys[:30]), landscape.project(path[:30], plane), atol=1e-12)
    # the tail record is replaced by a newer one and more records follow: the same as from scratch
    path[29] += 0.5
    np.testing.assert_allclose(proj(path, keys), landscape.project(path, plane), atol=1e-12)
    # the history thins (every other record dropped): the rows' keys differ, so all are projected
    np.testing.assert_allclose(proj(path[::2], keys[::2]), landscape.project(path[::2], plane), atol=1e-12)
    # points on the plane come back exactly: center + a·d1 + b·d2 -> (a, b)
    ab = rng.uniform(-2, 2, (10, 2))
    on_plane = np.array([landscape.flatten(plane.point(a, b)) for a, b in ab])
    np.testing.assert_allclose(landscape.project(on_plane, plane), ab, atol=1e-10)


def test_pca_plane_of_a_short_straight_path_is_still_a_plane(net) -> None:
    # fewer points than parameters, all on one line: no second direction of variance
    start = landscape.flatten(net.params)
    direction = np.zeros(start.size)
    direction[3] = 1.0
    path = start + np.linspace(0, 1, 6)[:, None] * direction
    plane = landscape.pca_plane(path, net.params)
    v1, v2 = landscape.flatten(plane.d1), landscape.flatten(plane.d2)
    np.testing.assert_allclose([v1 @ v1, v2 @ v2, v1 @ v2], [1.0, 1.0, 0.0], atol=1e-12)
    assert plane.explained[1] == pytest.approx(0.0, abs=1e-12)
    coords = landscape.project(path, plane)
    assert np.all(np.isfinite(coords)) and np.allclose(coords[:, 1], 0.0, atol=1e-12)
