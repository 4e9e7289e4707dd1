"""A scripted learner plays every built-in lesson through the session: each task ends done, and what
each lesson promises happens with its own settings (asserted on numbers)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from visualnet import lessons
from visualnet.core import data
from visualnet.lessons import Tracker, saturated_or_dead
from visualnet.lessons.checks import SATURATION
from visualnet.session import ROLE_TRAIN, Session

MAX_FRAMES = 1800  # a minute of waiting at 30 frames per second: no task may need more


class Learner:
    """Plays one lesson: a session set up by lessons.apply, and a tracker following it."""

    def __init__(self, lesson_id: str) -> None:
        self.lesson = lessons.by_id(lesson_id)
        self.s = Session()
        lessons.apply(self.s, self.lesson)
        self.tracker = Tracker(self.s, self.lesson)
        self.changes = 0
        self.tracker.on_change = self._changed
        assert not any(self.tracker.done.values()), "a task is done before the learner did anything"

    def _changed(self) -> None:
        self.changes += 1

    def play(self, task: str, frames: int = MAX_FRAMES) -> int:
        """Train at the lesson's speed, one step call per frame, until `task` is done; the frames it took."""
        for frame in range(1, frames + 1):
            self.s.step(self.lesson.setup.speed)
            if self.tracker.done[task]:
                return frame
        raise AssertionError(f"{self.lesson.id}: task {task!r} not done after {frames} frames")

    def iterations(self, n: int) -> None:
        """Train n iterations at the lesson's speed."""
        speed = self.lesson.setup.speed
        for _ in range(n // speed):
            self.s.step(speed)
        if n % speed:
            self.s.step(n % speed)

    def answer(self, task: str, text: str) -> None:
        """Type an answer that must be right."""
        assert self.tracker.answer(task, text), f"{self.lesson.id}: {text!r} refused for {task!r}"

    def finish(self) -> None:
        """Every task is done."""
        assert self.tracker.done == {t.id: True for t in self.lesson.tasks}
        assert self.tracker.complete
        assert self.changes >= 1
        self.tracker.close()


def train_accuracy(s: Session) -> float:
    """Accuracy on the training points."""
    idx = s.indices(ROLE_TRAIN)
    return float(s.model.accuracy(s.dataset.inputs()[idx], s.dataset.targets()[idx]))


def test_every_lesson_is_played_here():
    played = {name.removeprefix("test_lesson_").replace("_", "-") for name in globals()
              if name.startswith("test_lesson_")}
    assert played == {lesson.id for lesson in lessons.BUILTIN}


def test_lesson_perceptron_gates():
    le = Learner("perceptron-gates")
    assert le.lesson.tools == ("perceptron_weights",)
    le.tracker.set_perceptron(0.5, 0.5, -0.7)  # the course's AND
    assert le.tracker.done["and"] and not le.tracker.done["nand"]
    le.tracker.set_perceptron(-0.5, -0.5, 0.7)
    le.tracker.set_perceptron(0.5, 0.5, -0.2)
    assert le.s.trainer.iteration == 0 and np.allclose(le.s.initial_params["w"], (0.5, 0.5))
    le.finish()


def test_lesson_perceptron_rule():
    le = Learner("perceptron-rule")
    assert le.play("nand", 100) <= 40
    le.s.set_dataset(data.PRESETS["OR"].make())
    le.play("or", 100)
    assert train_accuracy(le.s) == 1.0
    le.finish()


def test_lesson_bias():
    le = Learner("bias")
    for b, task in ((0.1, "always"), (-0.2, "or"), (-0.7, "and")):
        le.tracker.set_perceptron(0.5, 0.5, b)  # the same weights: only the bias moves the line
        assert le.tracker.done[task]
    le.finish()


def test_lesson_xor_perceptron():
    le = Learner("xor-perceptron")
    wrong = []
    for _ in range(100):
        le.s.step(1)
        wrong.append(le.s.current_metrics().misclassified)
    assert min(wrong) >= 1, "a perceptron got XOR right"
    assert np.median(wrong) == 2  # "usually two" stay ringed
    assert le.tracker.done["try"]
    assert not le.tracker.answer("most", "4")
    assert not le.tracker.answer("most", "three")
    le.answer("most", "３")  # a Chinese input method's digit
    le.finish()


def test_lesson_mlp_xor():
    le = Learner("mlp-xor")
    le.play("all-right")
    assert train_accuracy(le.s) == 1.0
    le.s.configure(hidden=(3,))
    assert not le.tracker.done["small"]
    le.play("small")
    le.finish()


def test_lesson_activations():
    le = Learner("activations")
    sigmoid_frames = le.play("sigmoid")
    assert saturated_or_dead(le.s) < 0.5
    le.s.configure(activation="relu")
    relu_frames = le.play("relu")
    assert relu_frames * 2 < sigmoid_frames  # ReLU learns much sooner
    le.s.set_learning_rate(10.0)  # the largest the window allows
    le.play("saturate", 200)
    assert saturated_or_dead(le.s) >= 0.5  # most ReLUs dead: z <= 0 on every training point
    le.finish()


def test_the_activation_lesson_saturates_sigmoids_too():
    le = Learner("activations")
    le.play("sigmoid")
    le.s.set_learning_rate(10.0)
    le.play("saturate", 200)
    z = le.s.model.hidden_preactivations(le.s.trainer.X_train)
    assert le.s.config.activation == "sigmoid" and np.mean(np.abs(z) > SATURATION) >= 0.5


def test_lesson_forward_pass():
    le = Learner("forward-pass")
    le.s.configure(hidden=(3,))
    assert le.tracker.done["three"]
    assert le.s.model.params["W1"].shape == (2, 3) and le.s.model.params["b1"].shape == (3,)
    le.answer("w1", "6")
    le.answer("b1", "3")
    le.finish()


def test_lesson_output_identity():
    le = Learner("output-identity")
    assert le.s.task == "regression" and le.s.model.sizes[-1] == 1
    le.play("fit")
    le.answer("one-point", "0.02")
    le.finish()


def test_lesson_output_softmax():
    le = Learner("output-softmax")
    assert le.s.dataset.n_classes == 3 and le.s.model.sizes[-1] == 3
    le.play("train")
    p = le.s.model.predict_proba(le.s.dataset.inputs())
    np.testing.assert_allclose(p.sum(axis=1), 1.0)
    le.answer("sum", "1")
    scores = np.array([1000.0, 1001.0])
    shifted = np.exp(scores - scores.max())
    assert not le.tracker.answer("overflow", "0.5")
    le.answer("overflow", f"{shifted[1] / shifted.sum():.2f}")
    le.finish()


def test_lesson_batches():
    le = Learner("batches")
    A1 = le.s.model.hidden_preactivations(le.s.dataset.inputs()[:10])  # one batch of 10 points
    le.answer("rows", str(A1.shape[0]))
    le.answer("cols", str(A1.shape[1]))
    le.s.configure(batch_size=50)
    le.play("fifty")
    n_train = le.s.role_counts()[0]
    assert len(le.s.trainer.last_batch) in (50, n_train % 50)  # an epoch's last batch takes what is left
    le.finish()


def test_lesson_splits_overfitting():
    le = Learner("splits-overfitting")
    assert le.s.role_counts()[1] == 0  # 8:2: no validation set yet
    le.s.configure(split=(6, 2, 2))
    assert le.tracker.done["split"] and le.s.role_counts() == (36, 12, 12)
    le.play("overfit")
    h = le.s.history
    ok = np.isfinite(h.val_loss)
    val, train = h.val_loss[ok], h.train_loss[ok]
    lowest = int(np.argmin(val))
    assert val[-1] > 1.1 * val[lowest] and train[-1] < 0.5 * train[lowest]  # validation up, training down
    assert h.iteration[ok][lowest] >= 50  # a real turn, not a wobble of the first steps
    le.finish()


def test_lesson_two_losses():
    le = Learner("two-losses")
    y, t = np.array([0.8, 0.2]), np.array([1.0, 0.0])
    le.answer("squared", f"{0.5 * np.sum((y - t) ** 2):.2f}")
    le.answer("cross", f"{-math.log(0.8):.2f}")
    le.play("train")
    le.finish()


def roughness(losses: np.ndarray) -> float:
    """How much a loss curve jumps: the mean relative change between neighbouring records."""
    return float(np.mean(np.abs(np.diff(np.log(losses)))))


def test_lesson_mini_batches():
    le = Learner("mini-batches")
    le.s.configure(batch_size=1)
    le.s.trainer.max_records_per_call = None  # every iteration recorded: the curve as drawn
    start = len(le.s.history)
    le.play("one")
    noisy = roughness(le.s.history.train_loss[start:])
    le.s.configure(batch_size=100)
    start = len(le.s.history)
    le.play("hundred")
    smooth = roughness(le.s.history.train_loss[start:])
    assert noisy > 3 * smooth
    le.finish()


def test_lesson_gradient():
    le = Learner("gradient")
    assert not le.tracker.answer("sign", "-0.2")  # the minus sign: a negative slope makes w grow
    le.answer("sign", "+0.2")
    le.play("down")
    assert le.s.history.train_loss[-1] < le.s.history.train_loss[0]
    le.finish()


def test_lesson_learning_rate():
    le = Learner("learning-rate")
    s = le.s
    s.set_learning_rate(0.001)
    before = s.trainer.evaluate().train_loss
    le.play("small")
    crawled = s.trainer.evaluate().train_loss
    s.set_learning_rate(3.0)
    messages: list[str] = []
    s.events.connect("diverged", messages.append)
    le.play("diverge", 50)
    assert messages and "smaller learning rate" in messages[0]
    # the weights from before the blow-up are back: small, and as good as the run was
    restored = s.trainer.evaluate().train_loss
    assert max(float(np.abs(v).max()) for v in s.model.params.values()) < 10
    assert restored <= 1.5 * min(crawled, before)
    s.set_learning_rate(0.05)
    frames = le.play("recover")
    assert s.trainer.evaluate().train_loss < 0.02 and frames < 200
    assert before - crawled < 0.5 * before  # the small rate crawled
    le.finish()


def test_lesson_sgd_loop():
    le = Learner("sgd-loop")
    for _ in range(5):
        le.s.step(1)
    assert le.tracker.done["steps"]
    le.play("train")
    le.finish()


def test_lesson_epochs():
    le = Learner("epochs")
    assert le.s.role_counts()[0] == 200
    le.answer("predict", "８")
    le.s.configure(batch_size=25)
    frames = le.play("three")
    assert le.s.trainer.epoch == 3 and frames * le.lesson.setup.speed == 24
    le.finish()


def test_lesson_optimizers():
    le = Learner("optimizers")
    losses = {}
    for name in ("SGD", "Momentum", "AdaGrad", "Adam"):
        le.s.configure(optimizer=name)
        le.s.reset_weights()  # each from the same start
        le.iterations(200)
        losses[name] = le.s.trainer.evaluate().train_loss
    assert le.tracker.done["compare"]
    assert losses["Adam"] < losses["SGD"]  # the book's picture: Adam goes down fastest
    le.play("adam")
    le.finish()


def test_a_task_once_done_stays_done():
    le = Learner("perceptron-gates")
    le.tracker.set_perceptron(0.5, 0.5, -0.7)
    le.tracker.set_perceptron(0.0, 0.0, 0.0)  # computes no gate any more
    assert le.tracker.done["and"]


def test_progress_comes_back_through_done():
    lesson = lessons.by_id("forward-pass")
    s = Session()
    lessons.apply(s, lesson)
    tracker = Tracker(s, lesson, done={"w1"})
    assert tracker.done == {"three": False, "w1": True, "b1": False}


def test_a_closed_tracker_no_longer_follows():
    le = Learner("sgd-loop")
    le.tracker.close()
    le.iterations(10)
    assert not le.tracker.done["steps"]


@pytest.mark.parametrize("lesson", lessons.BUILTIN, ids=lambda le: le.id)
def test_a_lesson_resets_settings_it_does_not_name(lesson):
    s = Session()
    s.configure(init=5.0, seed=7, hyper={"momentum": 0.5})
    lessons.apply(s, lesson)
    assert s.config.init == "auto" and s.config.seed == 0 and s.config.hyper == {}


def test_the_gates_by_hand_are_not_done_by_the_rule():
    """Lesson 1 asks for weights typed by hand: the rule finding AND on the AND data does not tick it."""
    from visualnet.lessons import Tracker, apply, by_id

    s = Session()
    lesson = by_id("perceptron-gates")
    apply(s, lesson)
    tracker = Tracker(s, lesson)
    s.step(40)
    assert np.array_equal(s.model.predict(np.array([[0, 0], [1, 0], [0, 1], [1, 1]])), [0, 0, 0, 1])
    assert not tracker.done["and"]  # the rule learned it, the learner did not
    tracker.set_perceptron(0.5, 0.5, -0.7)  # the course's AND, typed
    assert tracker.done["and"]
    tracker.close()
