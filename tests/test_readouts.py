"""The status bar's texts, made from the session without Qt: current, and naming their loss."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from visualnet.app import readouts
from visualnet.session import ROLE_TRAIN, Config, Session


def test_the_presenter_needs_no_qt():
    # a fresh interpreter: importing the presenter (and the session it reads) loads no Qt module
    check = "import sys, visualnet.app.readouts; print(sorted(sys.modules))"
    out = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, check=True,
                         timeout=120)
    loaded = out.stdout.strip().splitlines()[-1]
    assert not any(prefix in loaded for prefix in ("PySide6", "shiboken6", "pyqtgraph", "PyQt"))


def test_texts_after_adding_points_while_paused():
    s = Session.from_preset("XOR clouds", n=100, seed=0)
    s.step(300)
    before = readouts.status_texts(s)
    assert before["iteration"] == "iteration 300"
    assert before["loss"].startswith("train cross-entropy ")
    # three training points of class 0 deep in class 1's region, added while paused
    X, t = s.trainer.X_train, s.trainer.t_train
    deep = X[np.argmax(s.model.predict_proba(X)[:, 1])]
    for _ in range(3):
        s.insert_points([len(s.dataset)], deep[None, :], np.array([0]), roles=np.array([ROLE_TRAIN]))
    X, t = s.trainer.X_train, s.trainer.t_train
    now = readouts.status_texts(s)
    right = int(np.sum(s.model.predict(X) == t))
    assert now["accuracy"] == f"train accuracy {100 * right / len(X):.1f}%" != before["accuracy"]
    assert now["loss"] == f"train cross-entropy {s.model.loss(X, t):.4g}" != before["loss"]
    assert now["iteration"] == "iteration 300"  # no step was taken


def test_the_perceptron_shows_its_mistakes_never_loss_0_beside_a_ring():
    s = Session.from_preset("AND", config=Config(model="Perceptron"))
    s.model.params["w"][:] = (1.0, 1.0)
    s.model.params["b"][:] = -1.5
    s.move_points([3], [[0.75, 0.75]])  # a point of class 1 exactly on the line: criterion 0
    assert s.model.loss(s.trainer.X_train, s.trainer.t_train) == 0.0
    texts = readouts.status_texts(s)
    assert texts["loss"] == "misclassified 1 of 4"
    assert texts["accuracy"] == "train accuracy 75.0%"
    assert "loss 0" not in " ".join(texts.values())
    assert "wrong side" in readouts.status_tips(s)["loss"]


def test_regression_names_squared_error_and_has_no_accuracy():
    s = Session.from_preset("Sine")
    texts = readouts.status_texts(s)
    X, t = s.trainer.X_train, s.trainer.t_train
    assert texts["loss"] == f"train squared error {s.model.loss(X, t):.4g}"
    assert texts["accuracy"] == ""


def test_no_training_points():
    s = Session.from_preset("XOR clouds", n=100, seed=0)
    s.remove_points(np.arange(len(s.dataset)))
    texts = readouts.status_texts(s)
    assert texts["loss"] == "no training points" and texts["accuracy"] == ""


@pytest.mark.parametrize(("right", "n", "text"), [
    (3, 4, "75.0"), (2, 3, "66.7"), (1, 3, "33.3"), (4, 4, "100.0"), (0, 4, "0.0"),
    (4999, 5000, "99.9"),  # 99.98 % would round to 100.0 beside a ring
    (1, 5000, "0.1"),  # 0.02 % would round to 0.0 though one point is right
    (1999, 2000, "99.9"), (9995, 10000, "99.9"), (9994, 10000, "99.9"), (994, 1000, "99.4"),
])
def test_percent_text(right: int, n: int, text: str):
    assert readouts.percent_text(right, n) == text


def test_texts_go_through_translate():
    s = Session.from_preset("XOR clouds", n=100, seed=0)
    seen = []

    def translate(context: str, text: str) -> str:
        seen.append((context, text))
        return "»" + text  # a translation keeps the {placeholders}

    texts = readouts.status_texts(s, translate)
    assert texts["iteration"] == "»iteration 0"
    assert {c for c, _ in seen} == {"Readouts"}
    assert ("Readouts", readouts.ACCURACY) in seen


@pytest.mark.parametrize(("fraction", "decimals", "text"), [
    (0.975, 0, "98"), (399 / 400, 0, "99"), (1.0, 0, "100"), (0.0, 0, "0"), (0.001, 0, "1"),
    (0.5, 1, "50.0"), (0.99999, 1, "99.9"), (2 / 3, 1, "66.7"),
])
def test_percent_of_a_fraction(fraction: float, decimals: int, text: str):
    assert readouts.percent(fraction, decimals) == text
