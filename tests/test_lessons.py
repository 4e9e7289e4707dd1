"""Each lesson shows what it says it shows, on the real session."""

from __future__ import annotations

import numpy as np

from visualnet import lessons
from visualnet.session import ROLE_TRAIN, Session


def setup(title_start: str) -> Session:
    """A fresh session set up for the lesson whose title starts with `title_start`."""
    lesson = next(le for le in lessons.LESSONS if le.title.startswith(title_start))
    s = Session()
    lessons.apply(s, lesson)
    return s


def train_accuracy(s: Session) -> float:
    """Accuracy on the training points."""
    idx = s.indices(ROLE_TRAIN)
    return s.model.accuracy(s.dataset.inputs()[idx], s.dataset.targets()[idx])


def test_perceptron_learns_and():
    s = setup("1")
    assert type(s.model).__name__ == "Perceptron" and len(s.dataset) == 4
    s.step(40)
    assert train_accuracy(s) == 1.0


def test_xor_defeats_a_perceptron():
    s = setup("2")
    accuracies = []
    for _ in range(100):
        s.step(1)
        accuracies.append(train_accuracy(s))
    assert max(accuracies) < 1.0


def test_an_mlp_bends_around_xor():
    s = setup("3")
    s.step(1500)
    assert train_accuracy(s) >= 0.9


def test_sigmoid_network_learns_circles():
    s = setup("4")
    X, t = s.dataset.inputs(), s.dataset.targets()
    before = s.model.loss(X, t)
    s.step(800)
    assert s.model.loss(X, t) < before


def test_three_classes_use_softmax_with_three_outputs():
    s = setup("5")
    assert s.dataset.n_classes == 3 and s.model.sizes[-1] == 3
    s.step(500)
    p = s.model.predict_proba(s.dataset.inputs())
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    assert train_accuracy(s) > 0.9


def test_too_large_a_learning_rate_explodes_and_recovers():
    s = setup("6")
    messages: list[str] = []
    s.events.connect("diverged", messages.append)
    for _ in range(50):
        s.step(10)
        if messages:
            break
    assert messages and ("exploded" in messages[0] or "grew" in messages[0])
    assert s.trainer.iteration < 50
    s.set_learning_rate(0.05)
    assert s.step(10).iterations_done == 10


def test_six_two_two_split():
    s = setup("7")
    tr, va, te = s.role_counts()
    assert (tr, va, te) == (90, 30, 30)


def test_batch_of_one():
    s = setup("8")
    s.step(5)
    assert s.trainer.batch_size == 1 and len(s.trainer.last_batch) == 1


def test_regression_fits_the_sine():
    s = setup("9")
    assert s.task == "regression" and s.model.sizes == [1, 16, 16, 1]
    X, t = s.dataset.inputs(), s.dataset.targets()
    before = s.model.loss(X, t)
    s.step(1500)
    assert s.model.loss(X, t) < 0.25 * before
