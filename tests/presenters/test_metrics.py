"""The confusion matrix against a direct count, precision / recall / F1 against their definitions, and the
session's sets, perceptron and regression."""

from __future__ import annotations

import math

import numpy as np
import pytest

from visualnet.core import data
from visualnet.presenters import metrics
from visualnet.session import ROLE_TEST, ROLE_TRAIN, ROLE_VAL, Config, Session


def direct_count(true: np.ndarray, predicted: np.ndarray, k: int) -> np.ndarray:
    """The confusion matrix by a loop over the points: the reference."""
    counts = np.zeros((k, k), int)
    for t, p in zip(true, predicted, strict=True):
        counts[t, p] += 1
    return counts


@pytest.mark.parametrize("k", [2, 3, 5, 8])
def test_the_counts_are_a_direct_count(k: int) -> None:
    rng = np.random.default_rng(k)
    true, predicted = rng.integers(0, k, 500), rng.integers(0, k, 500)
    counts = metrics.confusion_counts(true, predicted, k)
    assert counts.shape == (k, k) and counts.sum() == 500
    np.testing.assert_array_equal(counts, direct_count(true, predicted, k))


def test_precision_recall_f1_and_accuracy_follow_their_definitions() -> None:
    # class 0: 3 right, 1 taken for 1; class 1: 2 right, 2 taken for 0; class 2: none; 1 point taken for 2
    true = np.array([0, 0, 0, 0, 1, 1, 1, 1, 1])
    predicted = np.array([0, 0, 0, 1, 1, 1, 0, 0, 2])
    c = metrics.confusion(np.arange(9) + 100, true, predicted, 3)
    np.testing.assert_array_equal(c.counts, [[3, 1, 0], [2, 2, 1], [0, 0, 0]])
    # precision = right / predicted as c; recall = right / of class c
    np.testing.assert_allclose(c.precision[:2], [3 / 5, 2 / 3])
    np.testing.assert_allclose(c.recall[:2], [3 / 4, 2 / 5])
    assert c.precision[2] == 0.0  # one point predicted as 2, none right
    assert math.isnan(c.recall[2])  # no point of class 2: undefined, not 0
    for j in range(2):
        p, r = c.precision[j], c.recall[j]
        assert c.f1[j] == pytest.approx(2 * p * r / (p + r))
    assert math.isnan(c.f1[2])
    assert c.accuracy == pytest.approx(5 / 9) and c.n == 9 and c.k == 3
    np.testing.assert_array_equal(c.support, [4, 5, 0])
    np.testing.assert_array_equal(c.cell_points(1, 0), [106, 107])
    np.testing.assert_array_equal(c.cell_points(2, 2), np.zeros(0, int))


def test_f1_is_zero_when_precision_and_recall_are_zero() -> None:
    c = metrics.confusion(np.arange(2), np.array([0, 1]), np.array([1, 0]), 2)
    np.testing.assert_array_equal(c.precision, [0, 0])
    np.testing.assert_array_equal(c.f1, [0, 0])
    assert c.accuracy == 0.0


def test_an_empty_set_has_zero_counts_and_no_accuracy() -> None:
    c = metrics.confusion(np.zeros(0, int), np.zeros(0, int), np.zeros(0, int), 2)
    np.testing.assert_array_equal(c.counts, np.zeros((2, 2)))
    assert math.isnan(c.accuracy) and np.isnan(c.precision).all() and np.isnan(c.recall).all()
    assert metrics.accuracy_message(c) == metrics.NO_POINTS


@pytest.mark.parametrize("role", [ROLE_TRAIN, ROLE_VAL, ROLE_TEST])
def test_a_session_set_is_counted_with_the_model_s_own_predictions(role: int) -> None:
    s = Session.from_preset("Spirals", Config(split=(6, 2, 2), hidden=(6,)), n=300)
    s.step(40)
    c = metrics.for_session(s, role)
    idx = s.indices(role)
    assert len(idx) > 0 and c.n == len(idx)
    predicted = s.model.predict(s.dataset.X[idx])
    np.testing.assert_array_equal(c.counts, direct_count(s.dataset.y[idx], predicted, 2))
    right = int(np.sum(s.model.predict(s.dataset.X[idx]) == s.dataset.y[idx]))
    assert c.accuracy == pytest.approx(right / len(idx))
    if role == ROLE_TRAIN:  # the trainer's own accuracy on the training set
        assert c.accuracy == pytest.approx(s.current_metrics().accuracy)


def test_more_classes_give_a_larger_matrix_and_an_empty_split_role_none() -> None:
    rng = np.random.default_rng(1)
    X, y = rng.normal(size=(120, 2)), rng.integers(0, 4, 120)
    s = Session(data.Dataset(X, y, "classification", 4), Config(split=(8, 2)))
    c = metrics.for_session(s, ROLE_TRAIN)
    assert c.k == 4 and c.n == s.role_counts()[0]
    assert metrics.empty_roles(s) == {ROLE_VAL}
    assert metrics.for_session(s, ROLE_VAL).n == 0


def test_a_perceptron_gets_two_by_two_and_regression_none() -> None:
    s = Session.from_preset("Blobs", Config(model="Perceptron"))
    s.step(10)
    c = metrics.for_session(s, ROLE_TRAIN)
    assert c.k == 2
    idx = s.indices(ROLE_TRAIN)
    predicted = s.model.predict(s.dataset.X[idx])
    np.testing.assert_array_equal(c.counts, direct_count(s.dataset.y[idx], predicted, 2))
    assert metrics.unavailable(s) is None
    assert metrics.unavailable(Session.from_preset("Sine")) == metrics.REGRESSION


def test_the_cache_runs_the_model_once_per_weights_and_data() -> None:
    s = Session.from_preset("XOR clouds")
    cache = metrics.PredictionCache()
    first = metrics.for_session(s, ROLE_TRAIN, cache)
    metrics.for_session(s, ROLE_TRAIN, cache)
    assert cache.computed == 1
    s.step(5)  # new weights
    after = metrics.for_session(s, ROLE_TRAIN, cache)
    assert cache.computed == 2
    idx = s.indices(ROLE_TRAIN)
    np.testing.assert_array_equal(after.predicted, s.model.predict(s.dataset.X[idx]))
    metrics.for_session(s, ROLE_TEST, cache)  # another set
    assert cache.computed == 3
    s.move_points([int(idx[0])], np.array([[5.0, 5.0]]))  # other points, the same weights
    moved = metrics.for_session(s, ROLE_TRAIN, cache)
    assert cache.computed == 4
    np.testing.assert_array_equal(moved.predicted, s.model.predict(s.dataset.X[idx]))
    assert first.n == moved.n


def test_a_cell_says_what_it_counts() -> None:
    counts = np.array([[5, 1], [12, 0]])
    assert str(metrics.cell_message(counts, 1, 0)) == "12 points of class 2 predicted as class 1"
    assert str(metrics.cell_message(counts, 0, 1)) == "1 point of class 1 predicted as class 2"
    assert str(metrics.cell_message(counts, 0, 0)) == "5 points of class 1 predicted as class 1 (right)"
    assert str(metrics.cell_message(counts, 1, 1)) == "0 points of class 2 predicted as class 2 (right)"


def test_percentages_never_round_to_the_ends_and_undefined_is_a_dash() -> None:
    assert metrics.percent_or_dash(399 / 400) == "99"
    assert metrics.percent_or_dash(1 / 400) == "1"
    assert metrics.percent_or_dash(1.0) == "100" and metrics.percent_or_dash(0.0) == "0"
    assert metrics.percent_or_dash(float("nan")) == "—"
    c = metrics.confusion(np.arange(4), np.array([0, 0, 1, 1]), np.array([0, 0, 1, 0]), 2)
    assert str(metrics.accuracy_message(c)) == "Accuracy 75.0% (3 of 4 points right)"
    assert [metrics.ratio_text(v) for v in (2 / 3, float("nan"), 1.0)] == ["67%", "—", "100%"]


def test_a_cell_s_shade_is_its_share_of_the_largest_count() -> None:
    c = metrics.confusion(np.arange(5), np.array([0, 0, 0, 0, 1]), np.array([0, 0, 0, 1, 1]), 2)
    np.testing.assert_allclose(c.shades, [[1.0, 1 / 3], [0.0, 1 / 3]])
    assert metrics.confusion(np.zeros(0), np.zeros(0), np.zeros(0), 2).shades.max() == 0.0
