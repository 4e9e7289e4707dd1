"""Optimizers against straightforward re-implementations of the book's formulas."""

import numpy as np
import pytest

from visualnet.core import optimizers

SHAPES = {"W": (3, 2), "b": (2,)}


# ----- independent references: one function per formula, plain numpy, state in a dict -------------


def ref_sgd(p, g, s, lr):
    return p - lr * g


def ref_momentum(p, g, s, lr, momentum=0.9):
    s["v"] = momentum * s.get("v", 0.0) - lr * g
    return p + s["v"]


def ref_nesterov(p, g, s, lr, momentum=0.9):
    v = s.get("v", 0.0) * momentum - lr * g
    s["v"] = v
    return p + momentum * momentum * v - (1 + momentum) * lr * g


def ref_adagrad(p, g, s, lr):
    s["h"] = s.get("h", 0.0) + g * g
    return p - lr * g / (np.sqrt(s["h"]) + 1e-7)


def ref_rmsprop(p, g, s, lr, decay_rate=0.99):
    s["h"] = decay_rate * s.get("h", 0.0) + (1 - decay_rate) * g * g
    return p - lr * g / (np.sqrt(s["h"]) + 1e-7)


def ref_adam(p, g, s, lr, beta1=0.9, beta2=0.999):
    # Kingma & Ba's form with bias-corrected m_hat, v_hat; the book folds both corrections into
    # lr_t = lr sqrt(1 - beta2^n) / (1 - beta1^n), which puts its 1e-7 next to sqrt(v), not sqrt(v_hat)
    n = s["n"] = s.get("n", 0) + 1
    s["m"] = beta1 * s.get("m", 0.0) + (1 - beta1) * g
    s["v"] = beta2 * s.get("v", 0.0) + (1 - beta2) * g * g
    m_hat = s["m"] / (1 - beta1**n)
    v_hat = s["v"] / (1 - beta2**n)
    return p - lr * m_hat / (np.sqrt(v_hat) + 1e-7 / np.sqrt(1 - beta2**n))


REFERENCES = {
    "SGD": ref_sgd,
    "Momentum": ref_momentum,
    "Nesterov": ref_nesterov,
    "AdaGrad": ref_adagrad,
    "RMSprop": ref_rmsprop,
    "Adam": ref_adam,
}


def random_problem(seed: int):
    rng = np.random.default_rng(seed)
    params = {k: rng.normal(size=s) for k, s in SHAPES.items()}
    grads = [{k: rng.normal(size=s) for k, s in SHAPES.items()} for _ in range(8)]
    return params, grads


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_update_matches_reference_for_several_steps_with_changing_lr(name):
    params, grads = random_problem(seed=1)
    expected = {k: p.copy() for k, p in params.items()}
    states = {k: {} for k in params}
    opt = optimizers.get(name)
    base = optimizers.DEFAULTS[name]["lr"]
    # the lr changes between steps, as a slider would change it
    for step, (g, factor) in enumerate(zip(grads, [1, 1, 2, 0.5, 3, 1, 0.1, 1], strict=True)):
        opt.lr = base * factor
        opt.update(params, g)
        for k in params:
            expected[k] = REFERENCES[name](expected[k], g[k], states[k], base * factor)
            np.testing.assert_allclose(params[k], expected[k], rtol=1e-12, atol=1e-15, err_msg=f"{k} {step}")


def test_changing_lr_takes_effect_immediately():
    params = {"x": np.array([1.0])}
    opt = optimizers.SGD(lr=0.1)
    opt.update(params, {"x": np.array([1.0])})
    opt.lr = 0.5
    opt.update(params, {"x": np.array([1.0])})
    assert params["x"][0] == pytest.approx(1.0 - 0.1 - 0.5)


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_updates_are_in_place_and_last_step_is_the_change(name):
    params, grads = random_problem(seed=2)
    arrays = dict(params)
    opt = optimizers.get(name, lr=0.05)
    for g in grads[:3]:
        before = {k: p.copy() for k, p in params.items()}
        opt.update(params, g)
        for k in params:
            assert params[k] is arrays[k]
            assert not np.array_equal(params[k], before[k])
            np.testing.assert_allclose(opt.last_step[k], params[k] - before[k], rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", optimizers.NAMES)
def test_reset_forgets_the_state(name):
    params, grads = random_problem(seed=3)
    fresh_params = {k: p.copy() for k, p in params.items()}
    opt = optimizers.get(name)
    opt.update(params, grads[0])
    opt.update(params, grads[1])
    opt.reset()
    assert opt.last_step == {}
    start = {k: p.copy() for k, p in params.items()}
    opt.update(params, grads[2])
    fresh = optimizers.get(name)
    fresh.update(fresh_params, grads[2])
    for k in params:
        np.testing.assert_allclose(params[k] - start[k], fresh.last_step[k], rtol=1e-12, atol=1e-15)


def test_state_is_exposed_for_the_views():
    params, grads = random_problem(seed=4)
    momentum = optimizers.Momentum()
    momentum.update(params, grads[0])
    # v = 0.9 * 0 - 0.01 * g
    np.testing.assert_allclose(momentum.velocity("W"), -0.01 * grads[0]["W"], rtol=1e-15)
    assert momentum.velocity("W") is momentum.state["v"]["W"]
    adagrad = optimizers.AdaGrad()
    adagrad.update(params, grads[0])
    np.testing.assert_allclose(adagrad.state["h"]["b"], grads[0]["b"] ** 2)
    assert adagrad.velocity("b") is None
    adam = optimizers.Adam()
    adam.update(params, grads[0])
    assert set(adam.state) == {"m", "v"} and adam.iter == 1
    assert adam.velocity("W") is adam.state["m"]["W"]
    assert optimizers.SGD().velocity("W") is None


def f(p):
    """The book's chapter 6 test function f(x, y) = x^2 / 20 + y^2."""
    return p["x"][0] ** 2 / 20 + p["y"][0] ** 2


@pytest.mark.parametrize(
    ("name", "lr"),
    [("SGD", 0.95), ("Momentum", 0.1), ("Nesterov", 0.1), ("AdaGrad", 1.5), ("RMSprop", 0.1), ("Adam", 0.3)],
)
def test_every_optimizer_descends_the_book_bowl(name, lr):
    params = {"x": np.array([-7.0]), "y": np.array([2.0])}
    opt = optimizers.get(name, lr=lr)
    f0 = f(params)
    for _ in range(30):
        opt.update(params, {"x": params["x"] / 10, "y": 2 * params["y"]})  # grad f = (x / 10, 2y)
    assert f(params) < f0 / 20


def test_names_defaults_and_lookup():
    assert optimizers.NAMES == ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
    assert optimizers.DEFAULTS == {
        "SGD": {"lr": 0.01},
        "Momentum": {"lr": 0.01, "momentum": 0.9},
        "Nesterov": {"lr": 0.01, "momentum": 0.9},
        "AdaGrad": {"lr": 0.01},
        "RMSprop": {"lr": 0.01, "decay_rate": 0.99},
        "Adam": {"lr": 0.001, "beta1": 0.9, "beta2": 0.999},
    }
    opt = optimizers.get("rmsProp", lr=0.2)
    assert isinstance(opt, optimizers.RMSprop)
    assert opt.lr == 0.2 and opt.decay_rate == 0.99
    assert opt.hyperparams == {"lr": 0.2, "decay_rate": 0.99}
    with pytest.raises(ValueError):
        optimizers.get("lbfgs")


def test_hyperparameters_are_plain_attributes():
    params, grads = random_problem(seed=5)
    a, b = optimizers.Momentum(momentum=0.5), optimizers.Momentum()
    b.momentum = 0.5
    pa = {k: p.copy() for k, p in params.items()}
    for g in grads[:3]:
        a.update(params, g)
        b.update(pa, g)
    for k in params:
        np.testing.assert_array_equal(params[k], pa[k])
