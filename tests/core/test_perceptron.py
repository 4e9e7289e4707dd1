"""The perceptron: course gate presets, the learning rule, Novikoff's bound, and the model protocol."""

import numpy as np
import pytest

from visualnet.core import Perceptron, optimizers
from visualnet.core.perceptron import GATES

INPUTS = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
TRUTH = {  # written out by hand, rows in the order of INPUTS
    "AND": [0, 0, 0, 1],
    "NAND": [1, 1, 1, 0],
    "OR": [0, 1, 1, 1],
    "XOR": [0, 1, 1, 0],
}


def train_until_converged(p: Perceptron, X, t, lr=0.1, max_epochs=100) -> int:
    """Cycle the rule over the data until an epoch makes no update; return total updates."""
    total = 0
    for _ in range(max_epochs):
        updates = p.fit_epoch(X, t, lr)
        total += updates
        if updates == 0:
            return total
    raise AssertionError("did not converge")


def test_gate_presets_have_the_course_weights():
    assert GATES["AND"] == ((0.5, 0.5), -0.7)
    assert GATES["NAND"] == ((-0.5, -0.5), 0.7)
    assert GATES["OR"] == ((0.5, 0.5), -0.2)
    p = Perceptron.gate("and")
    assert p.w.tolist() == [0.5, 0.5] and p.b == -0.7


@pytest.mark.parametrize("gate", ["AND", "NAND", "OR"])
def test_gate_presets_compute_their_truth_tables(gate):
    p = Perceptron.gate(gate)
    assert p.predict(INPUTS).tolist() == TRUTH[gate]
    assert p.errors(INPUTS, TRUTH[gate]) == 0
    assert p.loss(INPUTS, TRUTH[gate]) == 0.0


def test_output_is_one_only_strictly_above_zero():
    p = Perceptron((1.0, 0.0), -1.0)
    assert p.predict(np.array([[1.0, 0.0], [1.0 + 1e-9, 0.0], [0.5, 0.0]])).tolist() == [0, 1, 0]


@pytest.mark.parametrize("gate", ["AND", "NAND", "OR"])
def test_rule_learns_separable_gates_from_zero(gate):
    p = Perceptron()
    assert p.w.tolist() == [0.0, 0.0] and p.b == 0.0
    train_until_converged(p, INPUTS, TRUTH[gate])
    assert p.accuracy(INPUTS, TRUTH[gate]) == 1.0


def test_rule_never_solves_xor():
    p = Perceptron()
    for _ in range(100):
        p.fit_epoch(INPUTS, TRUTH["XOR"], lr=0.1)
        # one line can get at most 3 of the 4 XOR points right
        assert p.errors(INPUTS, TRUTH["XOR"]) >= 1
        assert p.accuracy(INPUTS, TRUTH["XOR"]) <= 0.75


def test_train_step_reports_updates_and_applies_the_rule():
    p = Perceptron((0.2, -0.1), 0.0)
    assert p.train_step(np.array([1.0, 1.0]), 1, lr=0.5) is False  # 0.1 > 0: already right
    assert p.train_step(np.array([2.0, 1.0]), 0, lr=0.5) is True  # 0.3 > 0 but t = 0
    # w += lr (t - y) x = 0.5 * (0 - 1) * (2, 1), b += 0.5 * (0 - 1)
    np.testing.assert_allclose(p.w, [-0.8, -0.6])
    assert p.b == pytest.approx(-0.5)


def test_novikoff_bound_on_a_separable_set():
    rng = np.random.default_rng(7)
    u = np.array([1.0, -2.0, 0.5])  # a separating (w1, w2, b)
    X = rng.uniform(-3, 3, size=(200, 2))
    Xa = np.hstack([X, np.ones((200, 1))])  # inputs with a 1 appended, so b is a weight
    margin = Xa @ u
    keep = np.abs(margin) > 0.3  # a clear gap on both sides of the line
    X, Xa, t = X[keep], Xa[keep], (margin[keep] > 0).astype(int)
    R = np.max(np.linalg.norm(Xa, axis=1))
    gamma = np.min(np.abs(Xa @ u)) / np.linalg.norm(u)
    updates = train_until_converged(Perceptron(), X, t, lr=1.0, max_epochs=10_000)
    assert updates <= (R / gamma) ** 2
    assert updates > 0


def test_sgd_with_batch_size_one_is_the_perceptron_rule():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(60, 2))
    t = (X[:, 0] - 0.5 * X[:, 1] + 0.3 + rng.normal(scale=0.5, size=60) > 0).astype(int)  # noisy
    by_rule = Perceptron((0.3, -0.2), 0.1)
    by_sgd = Perceptron((0.3, -0.2), 0.1)
    sgd = optimizers.SGD(lr=0.25)
    for epoch in range(3):
        for i in range(len(X)):
            by_rule.train_step(X[i], t[i], lr=0.25)
            sgd.update(by_sgd.params, by_sgd.gradient(X[i : i + 1], t[i : i + 1]))
            assert np.array_equal(by_sgd.params["w"], by_rule.params["w"]), (epoch, i)
            assert np.array_equal(by_sgd.params["b"], by_rule.params["b"]), (epoch, i)


def test_criterion_and_gradient_match_their_definitions():
    rng = np.random.default_rng(1)
    X = rng.normal(size=(30, 2))
    t = rng.integers(0, 2, size=30)
    p = Perceptron((0.7, -1.1), 0.2)
    a = X @ np.array([0.7, -1.1]) + 0.2
    y = (a > 0).astype(float)
    assert p.loss(X, t) == pytest.approx(np.mean((y - t) * a), rel=1e-14)
    assert p.loss(X, t) > 0  # some points are wrong, each wrong point adds |a|
    g = p.gradient(X, t)
    np.testing.assert_allclose(g["w"], np.mean((y - t)[:, None] * X, axis=0), rtol=1e-14)
    np.testing.assert_allclose(g["b"], [np.mean(y - t)], rtol=1e-14)
    assert p.loss(X, np.eye(2)[t]) == p.loss(X, t)  # one-hot targets work too


def test_weights_are_views_onto_params():
    p = Perceptron((1.0, 2.0), 3.0)
    w_array, b_array = p.params["w"], p.params["b"]
    optimizers.SGD(lr=1.0).update(p.params, {"w": np.array([1.0, 1.0]), "b": np.array([1.0])})
    assert p.w.tolist() == [0.0, 1.0] and p.b == 2.0
    p.w = (5.0, 6.0)
    p.b = -1.0
    assert p.params["w"] is w_array and p.params["b"] is b_array
    assert w_array.tolist() == [5.0, 6.0] and b_array.tolist() == [-1.0]


def test_protocol_shapes():
    p = Perceptron.gate("OR")
    assert p.params["w"].shape == (2,) and p.params["b"].shape == (1,)
    assert p.task == "classification" and p.n_outputs == 2 and p.sizes == [2, 1]
    proba = p.predict_proba(INPUTS)
    assert proba.shape == (4, 2)
    assert proba.tolist() == [[1, 0], [0, 1], [0, 1], [0, 1]]
    assert p.accuracy(INPUTS, TRUTH["OR"]) == 1.0


@pytest.mark.parametrize("kind", ["criterion", "count"])
def test_error_surface_matches_a_loop_over_the_grid(kind):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(15, 2))
    t = rng.integers(0, 2, size=15)
    w1 = np.linspace(-2, 2, 5)
    w2 = np.linspace(-1, 1, 3)
    surface = Perceptron().error_surface(X, t, w1, w2, b=0.3, kind=kind)
    assert surface.shape == (3, 5)  # rows = w2, columns = w1
    for i, v2 in enumerate(w2):
        for j, v1 in enumerate(w1):
            q = Perceptron((v1, v2), 0.3)
            expected = q.loss(X, t) if kind == "criterion" else q.errors(X, t)
            assert surface[i, j] == pytest.approx(expected, rel=1e-13, abs=1e-15)


def test_error_surface_defaults_to_the_current_bias():
    X, t = INPUTS, TRUTH["AND"]
    p = Perceptron.gate("AND")
    s = p.error_surface(X, t, [0.5], [0.5], kind="count")
    assert s.tolist() == [[0.0]]


# ----- the boundary drawn: the exact line w·x + b = 0 clipped to the view ----------------------

@pytest.mark.parametrize("seed", range(20))
def test_boundary_segment_is_the_line_clipped_to_the_rectangle(seed):
    from visualnet.core.perceptron import boundary_segment

    rng = np.random.default_rng(seed)
    w, b = rng.normal(size=2), float(rng.normal())
    xlim, ylim = (-1.3, 1.7), (-0.4, 0.9)
    ends = boundary_segment(w, b, xlim, ylim)
    # the reference: the line's crossings of the four sides, found one side at a time
    hits = []
    for x in xlim:
        if w[1] != 0 and ylim[0] <= (y := -(b + w[0] * x) / w[1]) <= ylim[1]:
            hits.append((x, y))
    for y in ylim:
        if w[0] != 0 and xlim[0] <= (x := -(b + w[1] * y) / w[0]) <= xlim[1]:
            hits.append((x, y))
    if not hits:
        assert ends is None
        return
    assert ends is not None and ends.shape == (2, 2)
    np.testing.assert_allclose(ends @ w + b, 0.0, atol=1e-12)  # both ends on the line
    direction = (ends[1] - ends[0]) / np.linalg.norm(ends[1] - ends[0])
    assert abs(w @ direction) / np.linalg.norm(w) < 1e-9  # w at right angles to it
    # the ends are the two farthest crossings (a corner may be hit twice)
    hits = np.array(hits)
    far = max(np.linalg.norm(p - q) for p in hits for q in hits)
    assert np.linalg.norm(ends[1] - ends[0]) == pytest.approx(far, rel=1e-12)
    for end in ends:
        assert np.min(np.linalg.norm(hits - end, axis=1)) < 1e-12


def test_boundary_segment_axis_parallel_missing_and_degenerate():
    from visualnet.core.perceptron import boundary_segment

    # x₁ = 0.5 (w along x₁): a vertical segment across the whole height
    np.testing.assert_allclose(boundary_segment([2.0, 0.0], -1.0, (0, 1), (-2, 3)), [[0.5, -2], [0.5, 3]])
    assert boundary_segment([2.0, 0.0], -4.0, (0, 1), (-2, 3)) is None  # x₁ = 2: right of the view
    assert boundary_segment([1.0, 1.0], -10.0, (0, 1), (0, 1)) is None  # far above the view
    assert boundary_segment([0.0, 0.0], 1.0, (0, 1), (0, 1)) is None  # w = 0: no line at all
    assert boundary_segment([np.nan, 1.0], 0.0, (0, 1), (0, 1)) is None
    # the course's AND weights on the gate's view: the line x₁ + x₂ = 1.4
    ends = boundary_segment(*GATES["AND"], (-0.2, 1.2), (-0.2, 1.2))
    np.testing.assert_allclose(ends, [[1.2, 0.2], [0.2, 1.2]], atol=1e-15)
