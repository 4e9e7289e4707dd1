"""The loss-surface math over a session, without Qt: the sample, the slice, the gradient, the planes,
the projected path and its cache."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from visualnet.core import data, landscape
from visualnet.presenters.loss_surface import LossSurface, sample_note, surface_sample
from visualnet.session import ROLE_TRAIN, SURFACE_MAX_POINTS, Config, Session


def train_arrays(s: Session) -> tuple[np.ndarray, np.ndarray]:
    idx = s.indices(ROLE_TRAIN)
    return s.dataset.inputs()[idx], s.dataset.targets()[idx]


def test_the_loss_surface_presenters_import_without_qt():
    code = ("import sys, visualnet.presenters.loss_surface, visualnet.presenters.surface_frame, "
            "visualnet.presenters.geometry, visualnet.presenters.playground; "
            "sys.exit(any(m.startswith(('PySide6', 'pyqtgraph', 'shiboken6')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_surface_path_follows_the_two_chosen_parameters():
    s = Session()
    s.set_surface_params(("W1", 3), ("b1", 2))
    s.step(40)
    path = LossSurface(s).path()
    assert path.shape[1] == 2 and len(path) > 1
    assert path[-1, 0] == pytest.approx(s.model.params["W1"].flat[3])
    assert path[-1, 1] == pytest.approx(s.model.params["b1"][2])
    assert LossSurface(s).values() == (s.model.params["W1"].flat[3], s.model.params["b1"][2])
    with pytest.raises(KeyError):
        s.set_surface_params(("W9", 0), ("W1", 0))


def test_surface_parameters_stay_valid_for_a_one_neuron_regression():
    s = Session.from_preset("Sine", Config(hidden=(8,)))
    s.set_surface_params(("W1", 5), ("W1", 6))
    s.configure(hidden=(1,))  # W1 is 1×1 now
    (k1, i1), (k2, i2) = s.surface_params
    assert (k1, i1) != (k2, i2)
    assert i1 < s.model.params[k1].size and i2 < s.model.params[k2].size
    assert LossSurface(s).slice_losses((-1, 1), (-1, 1), res=5).shape == (5, 5)


def test_the_slice_is_the_loss_one_point_at_a_time():
    s = Session()
    s.step(10)
    losses = LossSurface(s).slice_losses((-1.0, 2.0), (-0.5, 0.5), res=4)
    (k1, i1), (k2, i2) = s.surface_params
    p = s.model.params
    for i, v2 in enumerate(np.linspace(-0.5, 0.5, 4)):  # rows follow the second parameter
        for j, v1 in enumerate(np.linspace(-1.0, 2.0, 4)):
            saved = p[k1].flat[i1], p[k2].flat[i2]
            p[k1].flat[i1], p[k2].flat[i2] = v1, v2
            expected = float(s.model.loss(*train_arrays(s)))
            p[k1].flat[i1], p[k2].flat[i2] = saved
            assert losses[i, j] == pytest.approx(expected, rel=1e-5)


def test_surface_gradient_is_the_gradient_over_the_surface_sample():
    small = Session(data.PRESETS["XOR clouds"].make(n=200, seed=0))
    small.step(5)
    full = small.model.gradient(*train_arrays(small))
    (k1, i1), (k2, i2) = small.surface_params
    # through the fast route: the layers' backprop to rounding
    np.testing.assert_allclose(LossSurface(small).gradient(), (full[k1].flat[i1], full[k2].flat[i2]),
                               rtol=1e-12, atol=1e-15)

    big = Session(data.PRESETS["XOR clouds"].make(n=3000, seed=0))
    big.step(5)
    Xs, ts = surface_sample(big)
    assert len(Xs) == SURFACE_MAX_POINTS < big.role_counts()[ROLE_TRAIN]
    g = big.model.gradient(Xs, ts)
    (k1, i1), (k2, i2) = big.surface_params
    np.testing.assert_allclose(LossSurface(big).gradient(), (g[k1].flat[i1], g[k2].flat[i2]),
                               rtol=1e-12, atol=1e-15)


def test_surface_sample_is_kept_until_the_data_changes():
    s = Session(data.PRESETS["XOR clouds"].make(n=3000, seed=0))
    surface = LossSurface(s)
    X1, t1 = surface.sample()
    assert surface.sample()[0] is X1  # made once, shared
    assert not X1.flags.writeable and not t1.flags.writeable
    train = s.indices(ROLE_TRAIN)
    s.move_points([train[0]], [[9.0, 9.0]])  # a training point moves: a new sample
    X2, _ = surface.sample()
    assert X2 is not X1
    # the same seeded pick as before: only the moved point differs, if it is in the sample
    Xall, _ = train_arrays(s)
    pick = np.random.default_rng(s.config.seed).choice(len(Xall), 1000, replace=False)
    np.testing.assert_array_equal(X2, Xall[np.sort(pick)])
    np.testing.assert_array_equal(surface_sample(s)[0], X2)  # uncached: the same points


def test_the_sample_note_names_a_large_training_set_only():
    assert sample_note(Session(), exact=True) == ""
    big = Session(data.PRESETS["XOR clouds"].make(n=3000, seed=0))
    n = big.role_counts()[ROLE_TRAIN]
    assert sample_note(big, exact=True) == \
        f" Surface and arrow use a fixed random sample of 1,000 of the {n:,} training points."
    assert sample_note(big, exact=False).startswith(" Uses a fixed random sample")


def test_planes_say_why_they_do_not_exist():
    s = Session()
    with pytest.raises(ValueError, match="train a few steps"):
        LossSurface(s).plane("pca")
    with pytest.raises(ValueError, match="unknown plane"):
        LossSurface(s).plane("diagonal")
    gate = Session.from_preset("AND")
    gate.configure(model="Perceptron", split=(1, 0))
    with pytest.raises(ValueError, match="choose an MLP"):
        LossSurface(gate).plane("random")
    for _ in range(5):
        s.step(1)
    assert LossSurface(s).plane("pca").kind == "pca"


def test_plane_path_stays_the_projection_of_the_history_as_it_thins():
    s = Session()
    s.trainer.history.max_records = 60  # thin early: the records change under the cached projection
    surface = LossSurface(s)
    plane = surface.plane("random", seed=2)
    for k in range(150):
        s.step(1 + k % 3)
        if k % 7 == 0:
            expected = landscape.project(surface.recorded_path(), plane)
            np.testing.assert_allclose(surface.plane_path(plane), expected, atol=1e-12)
    assert len(s.history) <= 61


def test_the_line_runs_from_the_initial_to_the_current_weights():
    s = Session()
    s.step(20)
    alphas, losses = LossSurface(s).line_losses(n=61, extend=0.25)
    assert alphas[0] == pytest.approx(-0.25) and alphas[-1] == pytest.approx(1.25)
    end = losses[np.flatnonzero(alphas == 1.0)[0]]
    assert end == pytest.approx(float(s.model.loss(*train_arrays(s))), rel=2e-5)


def test_plane_path_after_a_rewind_is_the_new_run_s_even_at_the_same_iterations():
    s = Session.from_preset("XOR clouds")
    s.step(32)
    s.step(68)
    surface = LossSurface(s)
    plane = surface.plane("random", 0)
    before = surface.plane_path(plane)  # projected once, kept by iteration
    s.rewind_to(32)
    s.set_learning_rate(float(s.optimizer.lr) * 3)
    s.step(68)  # another run through the same iterations
    after = surface.plane_path(plane)
    np.testing.assert_allclose(after, LossSurface(s).plane_path(plane), rtol=1e-12, atol=1e-15)
    assert not np.allclose(after[-1], before[-1])  # (the run did go elsewhere)
