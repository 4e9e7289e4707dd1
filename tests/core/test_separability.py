"""Separability of two classes in the plane, the widest line, and Novikoff's bound on the perceptron rule."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import optimizers
from visualnet.core.data import MiniBatchIterator
from visualnet.core.perceptron import GATE_INPUTS, GATE_TARGETS, Perceptron
from visualnet.core.separability import (
    MANY_CLASSES,
    NO_POINTS,
    NOT_SEPARABLE,
    ONE_CLASS,
    SEPARABLE,
    augmented_margin,
    augmented_radius,
    convex_hull,
    separation,
)
from visualnet.core.training import Trainer

SQRT2 = np.sqrt(2.0)


def random_separable(rng: np.random.Generator, gap: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Points in a shifted square labelled by a random line, none closer to it than `gap`; both classes."""
    while True:
        n = int(rng.integers(2, 60))
        X = rng.uniform(-2.0, 2.0, size=(n, 2)) + rng.uniform(-1.5, 1.5, size=2)
        angle = rng.uniform(0.0, 2.0 * np.pi)
        side = X @ np.array([np.cos(angle), np.sin(angle)]) - rng.uniform(-1.0, 1.0)
        keep = np.abs(side) > gap
        labels = (side[keep] > 0).astype(np.int64)
        if 0 < labels.sum() < len(labels):
            return X[keep], labels


def brute_margin(X: np.ndarray, labels: np.ndarray) -> float:
    """The widest margin over directions u: (min over class 1 − max over class 0 of u·x) / 2, the best
    of a grid of angles, refined three times around the best one."""
    lo, hi = 0.0, 2.0 * np.pi
    best = -np.inf
    for _ in range(4):
        theta = np.linspace(lo, hi, 20_001)
        proj = X @ np.stack([np.cos(theta), np.sin(theta)])
        gap = proj[labels == 1].min(axis=0) - proj[labels == 0].max(axis=0)
        k = int(gap.argmax())
        best = max(best, float(gap[k]) / 2.0)
        step = theta[1] - theta[0]
        lo, hi = theta[k] - 2 * step, theta[k] + 2 * step
    return best


# ------------------------------------------------------------------------------------------ hulls

def test_the_hull_keeps_corners_only_counter_clockwise() -> None:
    square = np.array([[0, 0], [2, 0], [2, 2], [0, 2], [1, 0], [1, 1], [0, 1], [2, 2], [0.5, 0.5]], float)
    hull = convex_hull(square)
    assert hull.tolist() == [[0, 0], [2, 0], [2, 2], [0, 2]]  # no edge midpoint, no duplicate, no inside


@pytest.mark.parametrize(("points", "expected"), [
    ([[1, 1]], [[1, 1]]),
    ([[1, 1], [1, 1], [1, 1]], [[1, 1]]),
    ([[0, 0], [1, 1], [2, 2], [3, 3]], [[0, 0], [3, 3]]),  # collinear: the two ends
    ([[2, 0], [0, 0], [1, 0]], [[0, 0], [2, 0]]),
    (np.zeros((0, 2)), np.zeros((0, 2))),
])
def test_degenerate_hulls(points: list[list[float]], expected: list[list[float]]) -> None:
    assert convex_hull(np.array(points, float)).tolist() == np.array(expected, float).tolist()


@pytest.mark.parametrize("seed", range(10))
def test_a_large_cloud_lies_inside_its_hull(seed: int) -> None:
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(3000, 2)) * rng.uniform(0.1, 3, size=2)
    hull = convex_hull(X)
    nxt = np.roll(hull, -1, axis=0)
    edge = nxt - hull
    # every point on the left of (or on) every side, every corner a strict left turn, corners are points
    cross = edge[:, 0, None] * (X[:, 1] - hull[:, 1, None]) - edge[:, 1, None] * (X[:, 0] - hull[:, 0, None])
    assert cross.min() >= -1e-9
    turn = edge[:, 0] * np.roll(edge, -1, axis=0)[:, 1] - edge[:, 1] * np.roll(edge, -1, axis=0)[:, 0]
    assert (turn > 0).all()
    assert all(any(np.array_equal(c, x) for x in X) for c in hull)


# ------------------------------------------------------------------------------------------ separation

@pytest.mark.parametrize("gate", ["AND", "OR", "NAND"])
def test_the_gates_are_separable_with_the_margin_of_their_diagonal(gate: str) -> None:
    found = separation(GATE_INPUTS, GATE_TARGETS[gate])
    assert found.kind == SEPARABLE
    # a corner against the diagonal segment (1, 0)–(0, 1): half of √2/2
    assert found.margin == pytest.approx(SQRT2 / 4)
    assert found.radius == pytest.approx(np.sqrt(3.0))
    y = 2 * GATE_TARGETS[gate] - 1
    assert (y * (GATE_INPUTS @ found.w + found.b) > 0).all()


def test_and_has_the_augmented_margin_of_its_line() -> None:
    found = separation(GATE_INPUTS, GATE_TARGETS["AND"])
    assert found.w is not None
    # the line x1 + x2 = 1.5: w = (0.5, 0.5), b = -0.75, every point 0.25 from it in w·x + b
    w, b = found.w / found.w[0] * 0.5, found.b / found.w[0] * 0.5
    assert w == pytest.approx([0.5, 0.5]) and b == pytest.approx(-0.75)
    assert found.gamma == pytest.approx(0.25 / np.sqrt(0.25 + 0.25 + 0.5625))
    assert found.bound == pytest.approx(3.0 / found.gamma**2)


def test_xor_is_not_separable() -> None:
    found = separation(GATE_INPUTS, GATE_TARGETS["XOR"])
    assert found.kind == NOT_SEPARABLE and not found.separable
    assert np.isnan(found.bound)


@pytest.mark.parametrize(("xs", "labels", "kind", "margin"), [
    ([0, 1, 2, 3, 4], [0, 0, 0, 1, 1], SEPARABLE, 0.5),  # collinear, apart
    ([0, 2, 1], [0, 0, 1], NOT_SEPARABLE, None),  # collinear, interleaved
    ([0, 1, 1], [0, 0, 1], NOT_SEPARABLE, None),  # the same point in both classes
    ([0, 0, 0, 3, 3], [0, 0, 0, 1, 1], SEPARABLE, 1.5),  # duplicates within a class
    ([0, 1, 2], [1, 1, 1], ONE_CLASS, None),
    ([0, 1, 2], [0, 1, 2], MANY_CLASSES, None),
    ([], [], NO_POINTS, None),
])
def test_crafted_cases(xs: list[float], labels: list[int], kind: str, margin: float | None) -> None:
    X = np.column_stack([np.array(xs, float), 0.5 * np.array(xs, float) + 1.0])  # on a slanted line
    found = separation(X, np.array(labels, dtype=np.int64))
    assert found.kind == kind
    if margin is not None:
        assert found.margin == pytest.approx(margin * np.sqrt(1.25))


def test_touching_hulls_are_not_separable() -> None:
    X = np.array([[0, 0], [2, 0], [1, 0], [1, 1]], float)  # class 1's corner on class 0's side
    assert separation(X, np.array([0, 0, 1, 1])).kind == NOT_SEPARABLE


def test_nested_rings_are_not_separable() -> None:
    theta = np.linspace(0, 2 * np.pi, 400, endpoint=False)
    ring = np.column_stack([np.cos(theta), np.sin(theta)])
    X = np.vstack([ring, 3 * ring])
    assert separation(X, np.r_[np.zeros(400), np.ones(400)]).kind == NOT_SEPARABLE


@pytest.mark.parametrize("seed", range(20))
def test_the_line_is_the_widest_one(seed: int) -> None:
    X, labels = random_separable(np.random.default_rng(seed))
    found = separation(X, labels)
    assert found.kind == SEPARABLE and found.w is not None and found.closest is not None
    # no direction does better, and the best of many directions comes within a hair of it
    widest = brute_margin(X, labels)
    assert widest <= found.margin + 1e-12
    assert widest == pytest.approx(found.margin, rel=1e-9, abs=1e-12)
    p, q = found.closest
    assert np.linalg.norm(q - p) == pytest.approx(2 * found.margin)
    assert augmented_margin(X, labels, found.w, found.b) == found.gamma > 0


def test_the_radius_counts_the_bias_input() -> None:
    assert augmented_radius(np.array([[3.0, 4.0], [0.0, 1.0]])) == pytest.approx(np.sqrt(26.0))


# ------------------------------------------------------------------------------------------ Novikoff

def rule_updates(X: np.ndarray, labels: np.ndarray, lr: float, order: np.random.Generator) -> int:
    """Updates of the classic rule from zero weights, in shuffled passes, until a pass changes nothing."""
    model = Perceptron()
    total = 0
    while True:
        perm = order.permutation(len(X))
        made = model.fit_epoch(X[perm], labels[perm], lr)
        total += made
        if made == 0:
            return total


def test_the_rule_never_exceeds_the_bound_on_100_separable_sets() -> None:
    rng = np.random.default_rng(16)
    for _ in range(100):
        X, labels = random_separable(rng)
        found = separation(X, labels)
        updates = rule_updates(X, labels, float(rng.uniform(0.01, 10.0)), rng)
        assert updates <= found.bound, (updates, found.bound)


def trained(X: np.ndarray, labels: np.ndarray, batch_size: int, lr: float, seed: int) -> Trainer:
    """The app's trainer on a zero perceptron with SGD, stepped until every point is right."""
    trainer = Trainer(Perceptron(), optimizers.get("SGD", lr=lr), X, labels, batch_size=batch_size, seed=seed)
    model = trainer.model
    assert isinstance(model, Perceptron)
    while model.errors(X, labels):
        trainer.step(len(X))
    return trainer


@pytest.mark.parametrize("seed", range(30))
def test_the_apps_rule_counts_its_updates_within_the_bound(seed: int) -> None:
    rng = np.random.default_rng(seed)
    X, labels = random_separable(rng)
    found = separation(X, labels)
    trainer = trained(X, labels, 1, float(rng.uniform(0.01, 3.0)), seed)
    assert 0 < trainer.rule.updates <= found.bound
    assert trainer.rule.largest_batch == 1 and trainer.rule.other_steps == 0


@pytest.mark.parametrize("seed", range(30))
def test_mini_batches_stay_within_batch_size_times_the_bound(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    X, labels = random_separable(rng)
    batch = int(rng.integers(2, 12))
    trainer = trained(X, labels, batch, float(rng.uniform(0.01, 3.0)), seed)
    assert trainer.rule.updates <= min(batch, len(X)) * separation(X, labels).bound
    assert trainer.rule.largest_batch <= batch


def test_the_trainer_counts_what_the_rule_does_point_by_point() -> None:
    rng = np.random.default_rng(7)
    X, labels = random_separable(rng)
    trainer = Trainer(Perceptron(), optimizers.get("SGD", lr=0.5), X, labels, batch_size=1, seed=3)
    trainer.step(5 * len(X))
    twin, order = Perceptron(), MiniBatchIterator(len(X), 1, 3)
    made = sum(twin.train_step(X[i], int(labels[i]), 0.5) for i in
               (int(order.next_batch()[0]) for _ in range(5 * len(X))))
    assert trainer.rule.updates == made
    assert trainer.model.params["w"] == pytest.approx(twin.w)


def test_a_reset_or_new_points_are_noted() -> None:
    X, labels = GATE_INPUTS, GATE_TARGETS["AND"]
    trainer = Trainer(Perceptron(), optimizers.get("Adam", lr=0.1), X, labels, batch_size=1)
    trainer.step(8)
    assert trainer.rule.other_steps > 0 and trainer.rule.updates > 0
    trainer.set_data(X + 0.1, labels)
    assert trainer.rule.points_changed
    trainer.reset()
    assert (trainer.rule.updates, trainer.rule.points_changed) == (0, False)
