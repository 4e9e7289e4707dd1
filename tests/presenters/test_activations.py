"""The activation view's presenter, without Qt: curves, the histogram of z, its axis, legend and caption."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import activations
from visualnet.presenters import activations as present
from visualnet.session import Session

DRAWN = activations.NAMES  # the view draws every activation the core has


def test_uniform_counts_is_numpys_histogram_of_the_clipped_values() -> None:
    rng = np.random.default_rng(2)
    for edges in (np.linspace(-5, 5, 41), np.linspace(-1.3, 2.7, 17)):
        on_edges = np.concatenate([edges, np.nextafter(edges, np.inf), np.nextafter(edges, -np.inf)])
        for scale in (0.1, 1.0, 10.0):
            values = np.concatenate([rng.normal(0.3, scale, 3000), on_edges, [1e300, -1e300]])
            expected, _ = np.histogram(np.clip(values, edges[0], edges[-1]), bins=edges)
            np.testing.assert_array_equal(present.uniform_counts(values, edges), expected)


def test_histogram_share_is_the_percent_of_z_per_bin_with_the_tails_in_the_end_bins() -> None:
    z = np.array([[-7.0, 0.1], [0.2, 9.0]])
    share = present.histogram_share(z)
    assert share.shape == (present.N_BINS,) and share.sum() == pytest.approx(100.0)
    assert share[0] == share[-1] == 25.0  # -7 and 9 beyond ±5
    assert share[20] == 50.0  # 0.1 and 0.2 in [0, 0.25)
    np.testing.assert_array_equal(present.histogram_share(np.empty((0, 1))), np.zeros(present.N_BINS))


def test_the_histogram_axis_rescales_only_on_big_changes() -> None:
    scale = present.HistogramScale()
    assert scale.top == 100.0
    assert scale.fit(30.0) is None  # 30 / 0.65 = 46: not 2.5 times smaller than 100
    assert scale.fit(10.0) == pytest.approx(10 / 0.65)  # 15.4 < 100 / 2.5
    assert scale.fit(12.0) is None  # still under the top
    assert scale.fit(20.0) == pytest.approx(20 / 0.65)  # a bar above the top: at once
    assert scale.fit(1.0) == 5.0  # a flat histogram keeps an axis to 5 %


def test_curves_are_the_core_activations_on_the_plotted_z() -> None:
    z = present.CURVE_Z
    assert z[0] == -present.Z_LIMIT and z[-1] == present.Z_LIMIT and 0.0 in z
    np.testing.assert_array_equal(present.curve("relu"), np.maximum(z, 0))
    np.testing.assert_allclose(present.derivative_curve("tanh"), 1 - np.tanh(z) ** 2)
    x, y = present.grid_lines()
    # a vertical line at every integer z in [-5, 5], a horizontal one at h = -1, 0, 1, 2
    assert len(x) == len(y) == 2 * (11 + 4)
    np.testing.assert_array_equal(x[:4], [-5, -5, -4, -4])
    np.testing.assert_array_equal(y[-2:], [2, 2])


def test_legend_lists_what_is_drawn_and_marks_the_chosen_activation() -> None:
    assert present.legend_rows("relu", DRAWN) == [
        "step", "sigmoid", "tanh", "ReLU  ◀", "identity", "ReLU′(z)", "z histogram"]
    assert "leaky_relu" not in present.visible_curves("relu", DRAWN)
    assert present.visible_curves("leaky_relu", DRAWN) == ["step", "sigmoid", "tanh", "relu", "leaky_relu",
                                                           "identity"]
    assert present.legend_rows("leaky_relu", DRAWN)[4:6] == ["leaky ReLU  ◀", "identity"]


def test_the_chosen_activation_follows_the_session() -> None:
    session = Session()
    assert present.chosen_activation(session, DRAWN) == "relu"
    session.configure(activation="sigmoid")
    assert present.chosen_activation(session, DRAWN) == "sigmoid"
    assert present.chosen_activation(session, ["relu", "identity"]) == "identity"  # one not drawn
    session.configure(model="Perceptron")
    assert present.chosen_activation(session, DRAWN) == "step"


def test_preactivations_are_the_first_hidden_layers_or_the_perceptrons_net_input() -> None:
    session = Session()
    X = session.trainer.X_train
    np.testing.assert_allclose(present.preactivations(session), X @ session.model.params["W1"]
                               + session.model.params["b1"])
    session.configure(model="Perceptron")
    z = present.preactivations(session)
    assert z.shape == (len(X), 1)
    np.testing.assert_allclose(z[:, 0], X @ session.model.params["w"] + session.model.params["b"])


def test_captions_count_dead_saturated_and_firing_units() -> None:
    z = np.array([[1.0, -1.0, 0.5], [2.0, -3.0, -0.5]])  # unit 1 is never positive
    assert present.caption(z, "relu") == "1 of 3 ReLUs dead (z ≤ 0 on every training point)."
    assert present.caption(z, "leaky_relu").startswith("1 of 3 leaky ReLUs negative everywhere")
    assert present.caption(z, "step") == "The perceptron fires (w·x + b > 0) on 3 of 6 training points."
    wide = np.array([[4.5, 6.0], [-5.0, 0.0]])  # 3 of 4 saturated, unit 0 on both points; 6 beyond ±5
    assert present.caption(wide, "tanh") == ("75% of tanh inputs saturated (|z| > 4), 1 of 2 units on every"
                                             " point; 25% of z beyond ±5 (edge bars).")
    assert present.caption(z, "identity").startswith("Identity: never saturates")
    assert present.caption(np.empty((0, 1)), "relu").startswith("No training points")


def test_present_gives_the_views_whole_frame() -> None:
    session = Session()
    session.step(20)
    frame = present.present(session, DRAWN)
    z = session.model.hidden_preactivations(session.trainer.X_train)
    assert frame.chosen == "relu"
    counts, _ = np.histogram(np.clip(z, -5, 5), bins=present.EDGES)
    np.testing.assert_allclose(frame.share, 100 * counts / z.size)
    assert frame.caption == present.caption(z, "relu")
