"""Playing a lesson: set the session up for it, then follow the session and tick each task when done."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection

import numpy as np

from visualnet.core import Perceptron, data
from visualnet.core.training import StepReport
from visualnet.lessons.checks import Play, holds
from visualnet.lessons.format import Lesson
from visualnet.session import Config, Session
from visualnet.textinput import InputRefusedError, parse_number
from visualnet.translatable import QT_TRANSLATE_NOOP, TranslatableError

__all__ = ["Tracker", "apply", "dataset_for"]

NOT_A_PERCEPTRON = QT_TRANSLATE_NOOP("Lesson", "the weights tool needs the Perceptron model")
FOLLOWED = ("stepped", "diverged", "config_changed", "model_reset", "data_changed", "weights_changed")


def dataset_for(lesson: Lesson, seed: int = 0) -> data.Dataset:
    """The lesson's points: its own, or its preset's with its count, noise and classes."""
    setup = lesson.setup
    if setup.points is not None:
        rows = np.array(setup.points, float).reshape(-1, 3)
        labels = rows[:, 2].astype(np.int64)
        return data.Dataset(rows[:, :2].copy(), labels, "classification", max(2, int(labels.max()) + 1))
    assert setup.preset is not None
    preset = data.PRESETS[setup.preset]
    extra: dict[str, str | float] = {}
    if setup.classes is not None and preset.class_param:
        extra[preset.class_param] = min(setup.classes, preset.max_classes)
    # a count or noise of None is the preset's own
    return preset.make(setup.count, setup.noise, seed, **extra)


def apply(session: Session, lesson: Lesson) -> None:
    """Set a session up for a lesson: the data, then the settings (the defaults but the lesson's), then
    fresh weights. Settings the lesson leaves out go back to their defaults, so what it shows happens."""
    settings = {**dataclasses.asdict(Config()), **lesson.setup.config}
    seed = settings["seed"]
    assert isinstance(seed, int)
    session.set_dataset(dataset_for(lesson, seed))
    session.configure(**settings)
    session.reset_weights()


class Tracker:
    """Follows a session's events, judges every task of `lesson` and keeps which are done."""

    def __init__(self, session: Session, lesson: Lesson, done: Collection[str] = ()) -> None:
        self.session = session
        self.lesson = lesson
        self.play = Play()
        # a task once done stays done (progress remembered elsewhere comes in through `done`)
        self.done: dict[str, bool] = {task.id: task.id in done for task in lesson.tasks}
        self.on_change: Callable[[], None] | None = None
        self._handlers: list[tuple[str, Callable[..., None]]] = [
            ("stepped", self._on_stepped), ("diverged", self._on_diverged),
            *((name, self._on_change_of_state) for name in FOLLOWED[2:])]
        for name, handler in self._handlers:
            session.events.connect(name, handler)
        self.evaluate()

    @property
    def complete(self) -> bool:
        """Whether every task is done."""
        return all(self.done.values())

    def close(self) -> None:
        """Stop following the session."""
        for name, handler in self._handlers:
            self.session.events.disconnect(name, handler)
        self._handlers = []

    # --------------------------------------------------------------------------------- the learner

    def answer(self, task_id: str, text: str) -> bool:
        """Judge a typed answer (full-width digits welcome); True if it is right (the task is then done)."""
        task = next(t for t in self.lesson.tasks if t.id == task_id)
        try:
            typed = parse_number(text)
        except InputRefusedError:
            return False
        value, tolerance = task.check.params["value"], task.check.params["tolerance"]
        assert isinstance(value, float) and isinstance(tolerance, float)
        if abs(typed - value) > tolerance + 1e-9 * abs(value):
            return False
        self.play.answered.add(task_id)
        self.evaluate()
        return True

    def set_perceptron(self, w1: float, w2: float, b: float) -> None:
        """Give the perceptron these weights and bias (the "perceptron_weights" tool): a new run from them."""
        model = self.session.model
        if not isinstance(model, Perceptron):
            raise TranslatableError(NOT_A_PERCEPTRON)
        model.params["w"][...] = (w1, w2)
        model.params["b"][...] = b
        self.session.trainer.reset()  # the run starts from the learner's weights
        self.session.initial_params = {k: v.copy() for k, v in model.params.items()}
        self.session.events.emit("model_reset")  # every view follows (and so does this tracker)

    # --------------------------------------------------------------------------------- judging

    def evaluate(self) -> None:
        """Judge every task not yet done; call on_change if any became done."""
        newly = [task.id for task in self.lesson.tasks if not self.done[task.id]
                 and holds(task.check.kind, task.check.params, self.session, self.play, task.id)]
        for task_id in newly:
            self.done[task_id] = True
        if newly and self.on_change is not None:
            self.on_change()

    def _on_stepped(self, report: StepReport) -> None:
        if report.iterations_done:
            self.play.add_iterations(self.session.config, report.iterations_done)
        self.evaluate()

    def _on_diverged(self, message: str) -> None:
        self.play.diverged_lr = float(self.session.config.lr)
        self.play.iterations_since_divergence = 0
        self.evaluate()

    def _on_change_of_state(self) -> None:
        self.evaluate()
