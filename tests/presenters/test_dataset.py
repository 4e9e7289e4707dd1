"""The data view's presenter, without Qt: the field's colours and rectangle, the boundaries, the perceptron's
line and arrow, the rings, the hit test, the rubber band, the fitted range and the texts."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from visualnet.core import grids
from visualnet.core.grids import FieldShape
from visualnet.presenters import dataset as present
from visualnet.session import ROLE_TRAIN, Config, Session

RGB = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])


def test_the_presenter_imports_without_qt():
    code = ("import sys, visualnet.presenters.dataset; "
            "sys.exit(any(m.startswith(('PySide6', 'pyqtgraph')) for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_field_colours_are_white_when_unsure_and_deepen_with_confidence():
    probs = np.array([[[0.5, 0.5], [1.0, 0.0], [0.0, 1.0]]])  # (1, 3, 2)
    rgb = present.field_colors(probs, RGB)
    assert rgb.dtype == np.uint8 and rgb.shape == (1, 3, 3)
    # unsure: alpha 0.12 toward the 50/50 blend (127.5, 0, 127.5)
    np.testing.assert_allclose(rgb[0, 0], 255 + 0.12 * (np.array([127.5, 0, 127.5]) - 255), atol=1)
    # certain: alpha 0.62 toward the class colour
    np.testing.assert_allclose(rgb[0, 1], 255 + 0.62 * (np.array([255, 0, 0]) - 255), atol=1)
    np.testing.assert_allclose(rgb[0, 2], 255 + 0.62 * (np.array([0, 0, 255]) - 255), atol=1)


def test_decision_field_centres_each_pixel_on_its_sample_and_traces_the_boundary():
    s = Session.from_preset("XOR clouds", n=80)
    shape = FieldShape(30, 40, False)
    pic = present.decision_field(s, (-2.0, 2.0), (-1.0, 1.0), shape, RGB)
    assert pic.rgb.shape == (30, 40, 3)
    dx, dy = 4.0 / 39, 2.0 / 29
    np.testing.assert_allclose(pic.rect, (-2 - dx / 2, -1 - dy / 2, 4 + dx, 2 + dy))
    probs = grids.decision_field(s.model, (-2.0, 2.0), (-1.0, 1.0), (30, 40))
    np.testing.assert_array_equal(pic.rgb, present.field_colors(probs, RGB))
    assert len(pic.boundary_x) == len(pic.boundary_y) and len(pic.boundary_x) % 2 == 0
    bare = present.decision_field(s, (-2.0, 2.0), (-1.0, 1.0), shape, RGB, contour=False)
    assert len(bare.boundary_x) == 0


def test_field_shape_and_its_note_for_a_large_network():
    small = Session.from_preset("XOR clouds", n=40)
    shape = present.field_shape(small, 600, 400)
    assert shape == grids.field_shape(600, 400, grids.forward_cost(small.model))
    assert present.field_note(shape) == ""
    big = Session.from_preset("XOR clouds", Config(hidden=(100, 100)), n=40)
    coarse = present.field_shape(big, 1600, 1200)
    assert coarse.coarser
    assert present.field_note(coarse) == f"decision field at {coarse.nx}×{coarse.ny} for this large network"
    translated = present.field_note(coarse, lambda text: text.replace("decision field", "Entscheidungsfeld"))
    assert translated.startswith(f"Entscheidungsfeld at {coarse.nx}×")  # translated, then filled in


def test_perceptron_line_is_exact_and_w_points_at_right_angles_from_its_middle():
    w, b = np.array([1.0, 1.0]), -0.5  # the line x + y = 0.5
    g = present.perceptron_glyphs(w, b, (-1.0, 1.0), (-1.0, 1.0))
    assert g is not None
    np.testing.assert_allclose(g.line @ w + b, 0.0, atol=1e-12)
    np.testing.assert_allclose(g.foot, g.line.mean(axis=0))
    arrow = g.tip - g.foot
    np.testing.assert_allclose(np.linalg.norm(arrow), 0.4)  # a fifth of the view's side
    np.testing.assert_allclose(arrow @ (g.line[1] - g.line[0]), 0.0, atol=1e-12)
    assert arrow @ w > 0
    assert g.head_angle == pytest.approx(-45.0 - 180.0)  # up-right on screen: atan2(-u₂, u₁) - 180°
    assert present.perceptron_glyphs(np.zeros(2), 1.0, (-1.0, 1.0), (-1.0, 1.0)) is None
    assert present.perceptron_glyphs(w, -10.0, (-1.0, 1.0), (-1.0, 1.0)) is None  # outside the view


def test_regression_curve_leaves_out_samples_that_are_not_finite():
    s = Session.from_preset("Sine", Config(hidden=(8,)))
    xs, ys = present.regression_curve(s, (-1.0, 1.0), 50)
    assert len(xs) == len(ys) == 50 and np.all(np.isfinite(ys))
    np.testing.assert_allclose(ys, s.model.predict(xs[:, None]).ravel())


def test_rings_are_the_misclassified_training_points_only():
    s = Session.from_preset("XOR clouds", n=60)
    classes = s.model.predict(s.dataset.inputs())
    bad = present.misclassified(s, classes)
    expected = (classes != s.dataset.y) & (s.roles == ROLE_TRAIN)
    np.testing.assert_array_equal(bad, expected)
    flipped = 1 - s.dataset.y
    assert present.misclassified(s, flipped).sum() == (s.roles == ROLE_TRAIN).sum()


def test_predictions_are_only_recomputed_for_moved_or_added_training_points(monkeypatch):
    s = Session.from_preset("XOR clouds", n=40)
    predict = present.Predictions()
    first = predict(s, same_model=False)
    train = s.roles == ROLE_TRAIN
    np.testing.assert_array_equal(first[train], s.model.predict(s.dataset.inputs()[train]))
    assert np.all(first[~train] == -1)  # no ring is drawn on them: never predicted
    calls: list[int] = []
    real = present.predict_classes
    monkeypatch.setattr(present, "predict_classes", lambda m, X: calls.append(len(X)) or real(m, X))
    moved = int(np.flatnonzero(train)[3])
    s.move_points([moved], np.array([[0.9, -0.9]]))
    s.add_point((0.1, 0.2), 1)
    again = predict(s, same_model=True)
    train = s.roles == ROLE_TRAIN
    assert calls == [1 + int(train[-1])]  # the moved point and the new one, if it trains
    np.testing.assert_array_equal(again[train], s.model.predict(s.dataset.inputs()[train]))
    assert np.all(again[~train] == -1)
    np.testing.assert_array_equal(again[:moved], first[:moved])


def test_a_point_that_becomes_a_training_point_is_predicted():
    s = Session.from_preset("XOR clouds", n=40)
    predict = present.Predictions()
    predict(s, same_model=False)
    held_out = int(np.flatnonzero(s.roles != ROLE_TRAIN)[0])
    s.roles = s.roles.copy()
    s.roles[held_out] = ROLE_TRAIN  # (as a new split of the same points would)
    again = predict(s, same_model=True)
    assert again[held_out] == s.model.predict(s.dataset.inputs()[[held_out]])[0]


@pytest.mark.parametrize("preset", ["XOR clouds", "Blobs", "Spirals", "AND"])
def test_predicted_classes_are_the_model_s_predict(preset):
    s = Session.from_preset(preset)
    s.step(30)
    X = np.random.default_rng(0).normal(size=(500, 2)) * 2
    np.testing.assert_array_equal(present.predict_classes(s.model, X), s.model.predict(X))


def test_style_numbers_are_label_times_roles_plus_role():
    s = Session.from_preset("XOR clouds", n=30)
    np.testing.assert_array_equal(present.style_numbers(s), s.dataset.y * present.N_ROLES + s.roles)
    r = Session.from_preset("Sine", Config(hidden=(4,)))
    np.testing.assert_array_equal(present.style_numbers(r), r.roles)


def test_hit_test_measures_in_screen_pixels_on_each_axis():
    X = np.array([[0.0, 0.0], [1.0, 1.0]])
    # 0.01 data units per pixel along x, 0.1 along y: 0.05 in x is 5 px, 0.5 in y is 5 px
    assert present.point_at(X, 0.05, 0.0, (0.01, 0.1)) == 0
    assert present.point_at(X, 0.0, 0.5, (0.01, 0.1)) == 0
    assert present.point_at(X, 0.1, 0.0, (0.01, 0.1)) == -1  # 10 px: outside the 9 px radius
    assert present.point_at(X, 0.98, 1.0, (0.01, 0.1)) == 1
    assert present.point_at(np.empty((0, 2)), 0.0, 0.0, (1.0, 1.0)) == -1


def test_rubber_band_holds_the_points_inside_its_rectangle_edges_included():
    X = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 0.5], [0.5, 0.5]])
    np.testing.assert_array_equal(present.points_in_rect(X, (1.0, 1.0), (0.0, 0.0)), [0, 1, 3])


def test_fit_range_shows_every_point_with_a_margin_and_at_least_a_unit_square():
    assert present.fit_range(np.empty((0, 2))) == ((-1.5, 1.5), (-1.5, 1.5))
    (x0, x1), (y0, y1) = present.fit_range(np.array([[0.0, 0.0], [4.0, 0.2]]))
    assert (x0, x1) == pytest.approx((-0.5, 4.5))  # half extent 2 × 1.25 around 2
    assert (y0, y1) == pytest.approx((0.1 - 0.625, 0.1 + 0.625))  # at least 0.5 × 1.25


def test_texts_follow_the_task_and_the_selection():
    assert present.task_texts("regression").bottom == "x (input)"
    assert present.task_texts("classification").left == "x₂"
    assert "misclassified" in present.task_texts("classification").key
    assert present.selection_tooltip(0) == present.HELP
    assert present.selection_tooltip(1).startswith("1 point selected\n")
    assert present.selection_tooltip(12).startswith("12 points selected\n")
