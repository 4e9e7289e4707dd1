"""Optimizers racing on test surfaces: the book's chapter-6 figure, divergence, Distill's facts."""

from __future__ import annotations

import math

import numpy as np
import pytest

from visualnet.core import optimizers
from visualnet.core import race as race_module
from visualnet.core.race import BOOK_CHAPTER_6, MAX_PARAM, Entry, Race
from visualnet.core.surfaces import BOOK, SURFACES, from_formula


def book_chapter_6_paths() -> dict[str, np.ndarray]:
    """The book's ch06/optimizer_compare_naive.py, written out step by step: 31 points per optimizer."""

    def df(x: float, y: float) -> tuple[float, float]:
        return x / 10.0, 2.0 * y

    paths = {}
    # SGD, lr 0.95: p -= lr * g
    x, y = -7.0, 2.0
    pts = [(x, y)]
    for _ in range(30):
        gx, gy = df(x, y)
        x -= 0.95 * gx
        y -= 0.95 * gy
        pts.append((x, y))
    paths["SGD"] = np.array(pts)
    # Momentum, lr 0.1, momentum 0.9: v = 0.9 v - lr g; p += v
    x, y, vx, vy = -7.0, 2.0, 0.0, 0.0
    pts = [(x, y)]
    for _ in range(30):
        gx, gy = df(x, y)
        vx = 0.9 * vx - 0.1 * gx
        vy = 0.9 * vy - 0.1 * gy
        x += vx
        y += vy
        pts.append((x, y))
    paths["Momentum"] = np.array(pts)
    # AdaGrad, lr 1.5: h += g²; p -= lr g / (sqrt(h) + 1e-7)
    x, y, hx, hy = -7.0, 2.0, 0.0, 0.0
    pts = [(x, y)]
    for _ in range(30):
        gx, gy = df(x, y)
        hx += gx * gx
        hy += gy * gy
        x -= 1.5 * gx / (math.sqrt(hx) + 1e-7)
        y -= 1.5 * gy / (math.sqrt(hy) + 1e-7)
        pts.append((x, y))
    paths["AdaGrad"] = np.array(pts)
    # Adam, lr 0.3, beta1 0.9, beta2 0.999, the book's form with the bias correction in lr_t
    x, y, mx, my, vx, vy = -7.0, 2.0, 0.0, 0.0, 0.0, 0.0
    pts = [(x, y)]
    for it in range(1, 31):
        gx, gy = df(x, y)
        lr_t = 0.3 * math.sqrt(1.0 - 0.999**it) / (1.0 - 0.9**it)
        mx += (1 - 0.9) * (gx - mx)
        my += (1 - 0.9) * (gy - my)
        vx += (1 - 0.999) * (gx**2 - vx)
        vy += (1 - 0.999) * (gy**2 - vy)
        x -= lr_t * mx / (math.sqrt(vx) + 1e-7)
        y -= lr_t * my / (math.sqrt(vy) + 1e-7)
        pts.append((x, y))
    paths["Adam"] = np.array(pts)
    return paths


def test_book_chapter_6_preset_reproduces_the_book() -> None:
    assert BOOK_CHAPTER_6.surface is BOOK and BOOK_CHAPTER_6.start == (-7.0, 2.0)
    assert BOOK_CHAPTER_6.steps == 30
    assert [(e.optimizer, e.lr) for e in BOOK_CHAPTER_6.entries] == [
        ("SGD", 0.95), ("Momentum", 0.1), ("AdaGrad", 1.5), ("Adam", 0.3)]
    race = BOOK_CHAPTER_6.race()
    race.step(BOOK_CHAPTER_6.steps)
    expected = book_chapter_6_paths()
    assert [r.name for r in race.runners] == list(expected)
    for r in race.runners:
        assert r.steps == 30 and not r.diverged
        np.testing.assert_allclose(r.path, expected[r.name], rtol=1e-13, atol=1e-15, err_msg=r.name)
        np.testing.assert_array_equal(r.path_steps, np.arange(31))
        assert r.value == pytest.approx(BOOK.f(*expected[r.name][-1]), rel=1e-12)


def test_stepping_one_at_a_time_equals_stepping_many() -> None:
    one, many = BOOK_CHAPTER_6.race(), BOOK_CHAPTER_6.race()
    for _ in range(30):
        one.step()
    many.step(30)
    for a, b in zip(one.runners, many.runners, strict=True):
        np.testing.assert_array_equal(a.path, b.path)


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_every_optimizer_lowers_the_book_function(name) -> None:
    race = Race(BOOK, None, [Entry(name, BOOK.lrs[name])])
    f0 = BOOK.f(*BOOK.start)
    race.step(30)
    r = race.runners[0]
    assert not r.diverged
    assert r.value < 0.1 * f0
    assert r.grad_norm < np.hypot(*BOOK.gradient(*BOOK.start))


def test_runner_exposes_gradient_velocity_and_last_step() -> None:
    race = Race(BOOK, None, [Entry("SGD", 0.95), Entry("Momentum", 0.1), Entry("Adam", 0.3)])
    race.step(3)
    sgd, mom, adam = race.runners
    # the last step is the difference of the last two path points, and for SGD it is -lr * last gradient
    for r in race.runners:
        np.testing.assert_allclose(r.last_step, r.path[-1] - r.path[-2], rtol=1e-12, atol=1e-14)
        np.testing.assert_array_equal(r.gradient, BOOK.gradient(*r.position))
    np.testing.assert_allclose(sgd.last_step, -0.95 * sgd.last_gradient)
    np.testing.assert_array_equal(sgd.last_gradient, BOOK.gradient(*sgd.path[-2]))
    assert sgd.velocity is None
    np.testing.assert_array_equal(mom.velocity, mom.last_step)  # Momentum: p += v
    np.testing.assert_array_equal(adam.velocity, adam.optimizer.state["m"]["p"])
    assert mom.velocity is not mom.optimizer.state["v"]["p"]  # a copy, not the live buffer


def test_divergence_is_cut_where_it_happened() -> None:
    # the book function's y-curvature is 2: SGD with lr > 1 overshoots further every step,
    # y_k = (1 - 2 lr)^k y_0 = 2 (-2)^k for lr 1.5, past MAX_PARAM = 1e8 at k = 26 (2^27 > 1e8)
    race = Race(BOOK, None, [Entry("SGD", 1.5)])
    race.step(40)
    r = race.runners[0]
    assert r.diverged and r.diverged_at == 26
    assert r.steps == 26 and len(r.path) == 26  # steps 0..25
    assert np.isfinite(r.path).all() and np.abs(r.path).max() <= MAX_PARAM
    k = np.arange(26)
    np.testing.assert_allclose(r.path[:, 1], 2.0 * (-2.0) ** k, rtol=1e-12)
    np.testing.assert_allclose(r.path[:, 0], -7.0 * 0.85**k, rtol=1e-12)
    np.testing.assert_array_equal(r.position, r.path[-1])
    assert math.isfinite(r.value) and np.isfinite(r.gradient).all()
    race.step(5)  # a diverged runner stays where it was cut
    assert r.steps == 26 and len(r.path) == 26


def test_leaving_the_domain_of_a_formula_counts_as_divergence() -> None:
    # f = log(x) + y²: SGD with lr 1 from x = 0.5 jumps to x = 0.5 - 1/0.5 = -1.5, where log is NaN
    race = Race(from_formula("log(x) + y^2"), (0.5, 1.0), [Entry("SGD", 1.0)])
    race.step(3)
    r = race.runners[0]
    assert r.diverged_at == 1
    np.testing.assert_array_equal(r.path, [[0.5, 1.0]])


def quadratic_race(lam: float, lr: float, momentum: float | None) -> Race:
    """f = λ/2 (x² + y²): curvature λ along every direction."""
    entry = Entry("SGD", lr) if momentum is None else Entry("Momentum", lr, {"momentum": momentum})
    return Race(from_formula(f"{lam}/2*(x^2 + y^2)"), (1.0, -0.5), [entry])


def converges(race: Race, steps: int = 600) -> bool:
    race.step(steps)
    r = race.runners[0]
    return bool(not r.diverged and np.hypot(*r.position) < 1e-6)


@pytest.mark.parametrize("lam", [0.5, 3.0])
@pytest.mark.parametrize(("alpha_lambda", "expected"),
                         [(0.1, True), (1.0, True), (1.9, True), (2.1, False), (3.0, False)])
def test_distill_gradient_descent_converges_iff_alpha_lambda_below_2(lam, alpha_lambda, expected) -> None:
    # x_{k+1} = (1 - αλ) x_k: converges iff |1 - αλ| < 1, i.e. 0 < αλ < 2
    assert converges(quadratic_race(lam, alpha_lambda / lam, None)) is expected


@pytest.mark.parametrize("lam", [0.5, 3.0])
@pytest.mark.parametrize(("alpha_lambda", "expected"),
                         [(0.1, True), (1.0, True), (3.0, True), (3.7, True), (3.9, False), (5.0, False)])
def test_distill_momentum_converges_iff_alpha_lambda_below_2_plus_2_beta(lam, alpha_lambda, expected) -> None:
    # with β = 0.9 the bound is 2 + 2β = 3.8: momentum takes steps gradient descent cannot (αλ = 3)
    assert converges(quadratic_race(lam, alpha_lambda / lam, 0.9)) is expected


def test_settings_change_mid_run_without_reset() -> None:
    race = Race(BOOK, None, [Entry("SGD", 0.95), Entry("Momentum", 0.1)])
    race.step(5)
    before = race.runner("Momentum").path.copy()
    race.set_lr("SGD", 0.5)
    race.set_hyper("momentum", momentum=0.5)
    assert race.runner("sgd").optimizer.lr == 0.5 and race.runner(1).optimizer.momentum == 0.5
    race.step(1)
    mom = race.runner("Momentum")
    np.testing.assert_array_equal(mom.path[:6], before)  # the past is kept
    assert mom.steps == 6 and race.steps == 6
    # the new step used the new settings and the old velocity
    v_before = before[-1] - before[-2]
    np.testing.assert_allclose(mom.last_step, 0.5 * v_before - 0.1 * mom.last_gradient, atol=1e-15)
    with pytest.raises(KeyError):
        race.set_hyper("SGD", momentum=0.9)


def test_moving_the_start_resets_every_path() -> None:
    race = BOOK_CHAPTER_6.race()
    race.step(10)
    race.set_start((5.0, -3.0))
    assert race.steps == 0
    for r in race.runners:
        np.testing.assert_array_equal(r.path, [[5.0, -3.0]])
        assert r.steps == 0 and r.velocity is None and not r.last_step.any()
    assert race.runner("Adam").optimizer.iter == 0
    race.set_surface(SURFACES["Himmelblau"])
    assert race.start == SURFACES["Himmelblau"].start
    with pytest.raises(ValueError):
        race.set_start((math.nan, 0.0))


def test_a_runner_brought_back_catches_up() -> None:
    race = BOOK_CHAPTER_6.race()
    race.set_active("Adam", False)
    race.step(12)
    adam = race.runner("Adam")
    assert adam.steps == 0
    race.set_active("Adam", True)
    assert adam.catching_up and adam.steps == 0
    assert race.step(3) == 0 and race.steps == 12  # the race waits for it
    assert race.catch_up() == 12
    assert adam.steps == 12 and not adam.catching_up
    race.step(18)
    np.testing.assert_allclose(adam.path, book_chapter_6_paths()["Adam"], rtol=1e-13)


@pytest.mark.parametrize(("lr", "first_slice", "budget"), [(0.1, 64, 0.002), (2.0, 5, 0.0)])
def test_a_catch_up_in_timed_slices_is_the_catch_up_in_one_go(monkeypatch, lr, first_slice, budget) -> None:
    # issue 12, case 10: near a step limit the steps are retaken a slice at a time, with the same
    # numbers; lr 2 makes Momentum diverge at step 42, in the ninth slice of 5 (a zero budget: one
    # first slice per call), where one call would have stopped it, at the same point
    monkeypatch.setattr(race_module, "CATCH_UP_SLICE", first_slice)
    entries = [Entry("SGD", 0.1), Entry("Momentum", lr)]
    race = Race(BOOK, None, entries, max_path=256)
    race.set_active("Momentum", False)
    race.step(40_000)
    race.set_active("Momentum", True)
    calls = 0
    while race.catching_up:
        race.catch_up(budget)
        calls += 1
    assert calls > 3
    ref = Race(BOOK, None, entries, max_path=256).runner("Momentum")
    ref.step(40_000)
    got = race.runner("Momentum")
    assert got.steps == ref.steps and got.diverged_at == ref.diverged_at
    assert got.diverged == (lr > 1)
    np.testing.assert_array_equal(got.path, ref.path)
    np.testing.assert_array_equal(got.path_steps, ref.path_steps)
    np.testing.assert_array_equal(got.position, ref.position)
    assert race.step(1) == 1 and race.steps == 40_001


def test_a_runner_switched_off_while_catching_up_stops_catching_up() -> None:
    race = BOOK_CHAPTER_6.race()
    race.set_active("Adam", False)
    race.step(50)
    race.set_active("Adam", True)
    race.set_active("Adam", False)
    assert not race.catching_up and race.step(1) == 1
    race.set_active("Adam", True)
    race.reset()  # a restart puts everyone at step 0: nobody is behind
    assert not race.catching_up


def test_path_stays_bounded_and_evenly_thinned() -> None:
    race = Race(SURFACES["Rosenbrock"], None, [Entry("Adam", 0.01)], max_path=64)
    race.step(1000)
    r = race.runners[0]
    assert len(r.path) <= 65 and r.steps == 1000
    assert r.path_steps[0] == 0 and r.path_steps[-1] == 1000
    np.testing.assert_array_equal(r.path[-1], r.position)
    gaps = np.diff(r.path_steps[:-1])
    assert (gaps == gaps[0]).all()  # an even grid (the newest point may sit between two)
    np.testing.assert_array_equal(r.path[0], SURFACES["Rosenbrock"].start)


def test_rewrites_count_every_change_that_is_not_an_append() -> None:
    race = Race(SURFACES["Rosenbrock"], None, [Entry("Adam", 0.01)], max_path=16)
    r = race.runners[0]
    before = r.rewrites
    race.step(10)  # within the cap: points are only appended
    assert r.rewrites == before
    kept = r.path.copy()
    race.step(10)  # past the cap: the path is thinned, i.e. rewritten
    assert r.rewrites > before
    assert len(r.path) < len(kept) + 10
    now = r.rewrites
    race.reset()
    assert r.rewrites == now + 1
