"""The forward-pass inspector's numbers against an independent numpy computation of the book's formulas."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron
from visualnet.presenters import inspector as present
from visualnet.presenters import inspector_text as text

ACTIVATIONS = ("step", "sigmoid", "tanh", "relu", "leaky_relu", "identity")
# the activations as the book writes them, not as the core computes them
H = {
    "step": lambda a: (a > 0).astype(float),
    "sigmoid": lambda a: 1.0 / (1.0 + np.exp(-a)),
    "tanh": np.tanh,
    "relu": lambda a: np.where(a > 0, a, 0.0),
    "leaky_relu": lambda a: np.where(a > 0, a, 0.01 * a),
    "identity": lambda a: a,
}


def shown(html: str, name: str) -> np.ndarray:
    """The numbers of the matrix called `name` that `html` shows, as floats, row by row."""
    for kind, content in SECTIONS[html]:
        if kind != "eq" or isinstance(content, str):
            continue
        for m in content:
            if isinstance(m, text.Shown) and m.name == name:
                assert all(c in html for row in m.cells for c in row)  # written out as it is
                return np.array([[float(c) for c in row] for row in m.cells])
    raise AssertionError(f"{name} is not shown")


SECTIONS: dict[str, list[text.Section]] = {}


def to_html(p: present.Pass, show_overflow: bool = False) -> str:
    """The inspector's html, its sections kept for `shown`."""
    html = text.to_html(p, show_overflow=show_overflow)
    SECTIONS[html] = text.sections(p, show_overflow=show_overflow)
    return html


def close_to_display(text_values: np.ndarray, exact: np.ndarray) -> None:
    """The shown numbers are the exact ones rounded to the shown digits."""
    exact = np.atleast_2d(exact)
    assert text_values.shape == exact.shape
    rounded = np.array([[float(text.number(v)) for v in row] for row in exact])
    np.testing.assert_array_equal(text_values, rounded)
    np.testing.assert_allclose(text_values, exact, rtol=10.0 ** (1 - text.DIGITS), atol=1e-300)


def random_net(activation: str, task: str, depth: int, seed: int) -> MLP:
    rng = np.random.default_rng(seed)
    hidden = [int(n) for n in rng.integers(1, 6, size=depth - 1)]
    sizes = [1, *hidden, 1] if task == "regression" else [2, *hidden, int(rng.integers(2, 5))]
    net = MLP(sizes, activation=activation, task=task, seed=seed)
    for p in net.params.values():  # biases too: not all zero
        p[...] += 0.3 * rng.standard_normal(p.shape)
    return net


def reference(net: MLP, X: np.ndarray, activation: str) -> tuple[list[tuple[np.ndarray, ...]], np.ndarray]:
    """[(A, Z), ...] per layer and the scores, by the book's formulas."""
    layers, z = [], X
    for i in range(1, net.n_layers + 1):
        a = z @ net.params[f"W{i}"] + net.params[f"b{i}"]
        z = H[activation](a) if i < net.n_layers else a
        layers.append((a, z))
    return layers, z


CASES = [(act, task, depth) for act in ACTIVATIONS for task in ("classification", "regression")
         for depth in (1, 2, 3)]


@pytest.mark.parametrize(("activation", "task", "depth"), CASES)
def test_every_number_shown_is_the_books_formula(activation: str, task: str, depth: int) -> None:
    rng = np.random.default_rng(CASES.index((activation, task, depth)))  # (str hashes vary per run)
    for trial in range(3):
        net = random_net(activation, task, depth, seed=trial)
        X = rng.uniform(-3, 3, size=(1, net.sizes[0]))
        regression = task == "regression"
        target = rng.uniform(-2, 2, size=(1, 1)) if regression else rng.integers(0, net.sizes[-1], 1)
        p = present.forward_pass(net, X, target)
        assert isinstance(p, present.NetworkPass)
        html = to_html(p, show_overflow=True)
        layers, scores = reference(net, X, activation)
        for layer, (a, z) in zip(p.layers, layers, strict=True):
            i = layer.index
            np.testing.assert_allclose(layer.A, a, rtol=1e-12, atol=1e-12)
            close_to_display(shown(html, f"W{i}"), net.params[f"W{i}"])
            close_to_display(shown(html, f"b{i}"), net.params[f"b{i}"])
            close_to_display(shown(html, f"A{i}"), a)
            if i < net.n_layers:
                assert layer.Z is not None
                np.testing.assert_allclose(layer.Z, z, rtol=1e-12, atol=1e-12)
                close_to_display(shown(html, f"Z{i}"), z)
        close_to_display(shown(html, "X"), X)
        np.testing.assert_allclose(p.scores, scores, rtol=1e-12, atol=1e-12)
        assert p.loss is not None
        assert p.loss.value == pytest.approx(net.loss(X, target), rel=1e-12)  # the core's own number
        assert text.number(p.loss.value) in html
        if task == "classification":
            check_softmax(p, scores, target, html)
        else:
            expected = 0.5 * float(((scores - target) ** 2).sum())
            assert p.loss.value == pytest.approx(expected, rel=1e-12)


def check_softmax(p: present.NetworkPass, scores: np.ndarray, target: np.ndarray, html: str) -> None:
    s = p.softmax
    assert s is not None and p.predicted is not None
    c = scores.max()
    e = np.exp(scores - c)
    probs = e / e.sum()
    close_to_display(shown(html, "c"), [[c]])
    close_to_display(shown(html, "s − c"), scores - c)
    close_to_display(shown(html, "exp(s − c)"), e)
    close_to_display(shown(html, "Σ"), [[e.sum()]])
    close_to_display(shown(html, "p"), probs)
    np.testing.assert_allclose(s.probs, probs, rtol=1e-12)
    assert s.probs.sum() == pytest.approx(1.0, abs=1e-12)
    assert f"sum to {text.number(s.probs[0].sum())}" in html and text.number(s.probs[0].sum()) == "1"
    assert int(p.predicted[0]) == int(scores.argmax())
    assert f"Predicted class: {int(scores.argmax())}." in html
    assert p.loss is not None
    assert p.loss.value == pytest.approx(-np.log(probs[0, int(target[0])] + 1e-7), rel=1e-12)


def test_the_naive_softmax_is_marked_exactly_where_float64_overflows() -> None:
    rng = np.random.default_rng(1)
    for _ in range(50):
        scores = rng.uniform(-400, 400, size=(3, 4)) * rng.choice([1e-3, 1.0], size=(3, 1))
        o = present.overflow(scores)
        with np.errstate(all="ignore"):
            e = np.exp(scores + 1000.0)
            naive = e / e.sum(axis=1, keepdims=True)
        np.testing.assert_array_equal(o.bad, ~np.isfinite(naive))
        np.testing.assert_array_equal(np.isnan(o.naive), np.isnan(naive))
        assert o.bad.any()  # exp(1000) overflows: the course's point
        # adding a constant changes nothing in the stable softmax
        np.testing.assert_allclose(o.stable, present.softmax_steps(scores).probs, rtol=1e-9, atol=1e-300)
        marks = np.array(text.shown("naive", o.naive, bad=o.bad).marks)
        np.testing.assert_array_equal(marks == text.BAD, o.bad[: text.MAX_ROWS])  # each overflow marked


def test_the_overflow_shows_only_when_switched_on() -> None:
    net = random_net("relu", "classification", 2, 0)
    p = present.forward_pass(net, np.array([[0.5, -0.5]]))
    assert "s + 1000" not in to_html(p)
    html = to_html(p, show_overflow=True)
    assert "s + 1000" in html and (">inf<" in html or ">nan<" in html)
    assert p.overflow is not None and p.softmax is not None
    close_to_display(shown(html, "stable"), p.overflow.stable)
    close_to_display(shown(html, "s + 1000"), p.scores + 1000.0)
    np.testing.assert_allclose(p.overflow.stable, p.softmax.probs, rtol=1e-9)


@pytest.mark.parametrize("task", ["classification", "regression"])
@pytest.mark.parametrize("activation", ["sigmoid", "relu", "step", "elu", "softplus", "swish", "gelu"])
def test_copy_as_numpy_reproduces_the_numbers(activation: str, task: str) -> None:
    net = random_net(activation, task, 3, 7)
    rng = np.random.default_rng(3)
    X = rng.uniform(-2, 2, size=(5, net.sizes[0]))
    t = rng.uniform(-1, 1, size=(5, 1)) if task == "regression" else rng.integers(0, net.sizes[-1], 5)
    p = present.forward_pass(net, X, t)
    namespace: dict[str, object] = {}
    exec(present.numpy_code(p), namespace)  # the code a learner pastes
    np.testing.assert_allclose(namespace["scores"], net.scores(X), rtol=1e-12, atol=1e-12)
    assert namespace["loss"] == pytest.approx(net.loss(X, t), rel=1e-12)
    if task == "classification":
        np.testing.assert_allclose(namespace["p"], net.predict_proba(X), rtol=1e-12)
        np.testing.assert_array_equal(namespace["predicted"], net.predict(X))


def test_a_batch_is_shown_as_matrices_with_its_shapes() -> None:
    net = random_net("tanh", "classification", 2, 4)
    rng = np.random.default_rng(0)
    X = rng.uniform(-2, 2, size=(25, 2))
    t = rng.integers(0, net.sizes[-1], 25)
    p = present.forward_pass(net, X, t)
    html = to_html(p)
    hidden = net.sizes[1]
    assert "(25×2)" in html and f"(2×{hidden})" in html and f"(25×{hidden})" in html
    assert "⋮" in html  # only the first rows are written
    close_to_display(shown(html, "X"), X[: text.MAX_ROWS])
    assert p.loss is not None and p.loss.value == pytest.approx(net.loss(X, t), rel=1e-12)
    assert p.softmax is not None
    np.testing.assert_allclose(p.softmax.probs.sum(axis=1), 1.0, rtol=1e-12)


def test_a_point_without_a_label_has_no_loss() -> None:
    net = random_net("relu", "classification", 2, 0)
    p = present.forward_pass(net, np.array([[0.1, 0.2]]))
    assert isinstance(p, present.NetworkPass) and p.loss is None
    assert "no label" in to_html(p)


def test_the_perceptron_shows_the_rule_and_its_update() -> None:
    rng = np.random.default_rng(5)
    for _ in range(100):
        w, b = rng.uniform(-1, 1, 2), float(rng.uniform(-1, 1))
        x, t, lr = rng.uniform(-2, 2, 2), int(rng.integers(0, 2)), float(rng.uniform(0.01, 1))
        model = Perceptron(w, b)
        p = present.forward_pass(model, x[None, :], np.array([t]), lr)
        assert isinstance(p, present.PerceptronPass)
        a = float(w @ x + b)
        assert p.a[0] == pytest.approx(a, rel=1e-12, abs=1e-15)
        assert p.y[0] == int(a > 0)
        html = to_html(p)
        assert f"a = {text.number(a)}, so y = {int(a > 0)}." in html
        after = Perceptron(w, b)
        updated = after.train_step(x, t, lr)  # the core's rule
        assert p.dw is not None and p.db is not None
        np.testing.assert_allclose(w + p.dw[0], after.w, rtol=1e-12, atol=1e-15)
        assert b + p.db[0] == pytest.approx(after.b, rel=1e-12, abs=1e-15)
        assert ("would update" in html) == updated
        assert ("would not update" in html) == (not updated)
        namespace: dict[str, object] = {}
        exec(present.numpy_code(p), namespace)
        np.testing.assert_allclose(namespace["dw"], p.dw)
