"""A scripted learner takes the whole course through the window: it starts the first lesson with a
click, does every task the way the task asks (typing into the controls, the perceptron's weights and
the answer field, choosing with the arrow keys, training with S, Step or Play and then faster), sees
each task's box tick, and goes on with Next — within the minute of training each lesson promises at
its own speed. What each lesson promises in numbers is tested without Qt (tests/test_lesson_*.py)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from tests.app.test_lesson_panel import type_into
from visualnet import lessons
from visualnet.app.lesson_panel import highlighted
from visualnet.app.training_clock import FRAME_MS
from visualnet.app.window import MainWindow

LEFT = Qt.MouseButton.LeftButton
# the course's weights and biases for the gates (the book's chapter 2)
GATES = {"AND": ("0.5", "0.5", "-0.7"), "NAND": ("-0.5", "-0.5", "0.7"), "OR": ("0.5", "0.5", "-0.2"),
         "ALWAYS": ("0.5", "0.5", "0.1")}
FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
# checks that training alone brings about, once the lesson is set up
TRAINING = ("accuracy_at_least", "loss_below", "trained_iterations_at_least", "epochs_at_least",
            "overfitting", "saturated_or_dead_at_least")


class Learner:
    """Does a lesson's tasks through the window, as a learner would."""

    def __init__(self, qtbot, window: MainWindow) -> None:
        self.qtbot, self.win = qtbot, window
        self.controls = window.controls

    @property
    def lesson(self) -> lessons.Lesson:
        """The lesson running."""
        assert self.win.welcome.active is not None
        return self.win.welcome.active

    def box(self, task_id: str) -> QCheckBox:
        """The tick box of a task of the running lesson."""
        box = self.win.welcome.findChild(QCheckBox, f"task_{task_id}")
        assert box is not None, task_id
        return box

    # ---------------------------------------------------------------- input

    def type_into(self, field: QWidget, text: str, enter: bool = True) -> None:
        """Select a field's text and type over it (full-width text as an input method commits it),
        then press Enter unless told not to."""
        type_into(self.qtbot, field, text)
        if enter:
            self.qtbot.keyClick(field, Qt.Key.Key_Return)

    def choose(self, combo: QComboBox, value: object) -> None:
        """Pick the item holding `value` in a combo box with the arrow keys."""
        index = combo.findData(value)
        if index < 0:
            index = combo.findText(str(value), Qt.MatchFlag.MatchFixedString)
        assert index >= 0, (combo.objectName(), value)
        combo.setFocus()
        while combo.currentIndex() != index:
            key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
            self.qtbot.keyClick(combo, key)

    def set_setting(self, key: str, op: str, value: object) -> None:
        """Make setting `key` compare `op` to `value`, through its control."""
        wanted = value[0] if op == "in" and isinstance(value, list) else value
        c = self.controls
        if key == "lr":
            self.type_into(c.learningRate.spin, f"{float(wanted):g}")
        elif key == "batch_size":
            self.type_into(c.batchSizeSpin, str(int(wanted)))
        elif key in ("hidden_units", "hidden"):
            text = str(int(wanted)) if key == "hidden_units" else ",".join(str(n) for n in wanted)
            self.type_into(c.hiddenEdit, text)
        elif key == "hidden_layers":
            self.type_into(c.hiddenEdit, ",".join(["4"] * int(wanted)))
        elif key == "split":
            self.choose(c.splitCombo, ":".join(str(n) for n in wanted))
        else:
            self.choose(getattr(c, f"{key}Combo"), wanted)

    # ---------------------------------------------------------------- training

    def train_until(self, done: Callable[[], bool], what: str) -> int:
        """Train until `done`: a few Step clicks, then frames at the lesson's speed; within the minute
        of frames the lesson promises. Returns the iterations it took."""
        speed = self.lesson.setup.speed
        budget = speed * 60_000 // FRAME_MS
        trained = 0
        for _ in range(3):
            if done():
                return trained
            self.win.actionStep.trigger()
            trained += 1
        while not done():
            assert trained < budget, f"{self.lesson.id}: {what} not done after {trained} iterations"
            if self.win.session.step(speed * 10) is None:  # ten frames
                pytest.fail(f"{self.lesson.id}: cannot train ({self.win.session.training_problem()})")
            trained += speed * 10
        return trained

    # ---------------------------------------------------------------- tasks

    def do(self, task: lessons.Task) -> None:
        """Do one task and see its box tick."""
        self.act(task.check.kind, task.check.params, task.id)
        ticked = self.box(task.id).isChecked
        if not ticked():
            self.train_until(ticked, task.id)
        assert ticked(), f"{self.lesson.id}: {task.id}"

    def act(self, kind: str, p: Mapping[str, object], task_id: str) -> None:
        """What the learner does for a check of this kind (training, if any, comes after)."""
        recipe = RECIPES.get((self.lesson.id, task_id))
        if recipe is not None:
            recipe(self)
        elif kind == "perceptron_computes":
            self.make_gate(str(p["gate"]))
        elif kind == "answer":
            row = self.box(task_id).parentWidget()
            field = row.findChild(QLineEdit, "answerEdit")
            value = float(p["value"])
            self.type_into(field, f"{value:g}".translate(FULL_WIDTH))  # as a Chinese input method types
        elif kind in ("setting", "trained_with"):
            self.set_setting(str(p["key"]), str(p["op"]), p["value"])
            if kind == "trained_with":
                self.train_until(lambda: self.win.welcome.tracker.done[task_id], task_id)
        elif kind == "optimizer_compared":
            for name in p["names"]:
                self.choose(self.controls.optimizerCombo, name)
                self.win.actionReset.trigger()  # each run from the same weights, as the lesson says
                self.win.session.step(int(p.get("n", 50)))
        elif kind == "diverged":
            self.set_setting("lr", "eq", 3.0)  # "try 2 or more"
        elif kind == "recovered_after_divergence":
            self.recover()
        elif kind == "all_of":
            for sub in p["checks"]:
                self.act(sub.kind, sub.params, task_id)
        else:
            assert kind in TRAINING, kind

    def make_gate(self, gate: str) -> None:
        """With the weights tool: type the gate's weights; without it: the gate's data, for the
        perceptron rule to learn (training follows)."""
        tool = self.win.welcome.view.tool
        if tool.isVisible():
            assert tool.isEnabled()
            for key, text in zip(("w1", "w2", "b"), GATES[gate], strict=True):
                self.type_into(tool.spins[key], text, enter=False)
        elif self.win.preset_name != gate:
            self.choose(self.controls.presetCombo, gate)

    def recover(self) -> None:
        """Lower the learning rate below the one that diverged (the lesson's advice) and train on."""
        diverged = self.win.welcome.tracker.play.diverged_lr
        assert diverged is not None, "recovering needs a divergence first"
        lr = float(self.lesson.setup.config.get("lr", 0.1))
        self.set_setting("lr", "eq", lr if lr < diverged else diverged / 20)


def steps_with_s(learner: Learner) -> None:
    """One iteration at a time, five times, with the S key."""
    before = learner.win.session.trainer.iteration
    for _ in range(5):
        learner.qtbot.keyClick(learner.win, Qt.Key.Key_S)
    assert learner.win.session.trainer.iteration == before + 5


def play_until_ticked(learner: Learner, task_id: str) -> None:
    """Press Play and watch the training clock do it; pause once the task's box ticks."""
    learner.win.actionPlay.trigger()
    try:
        learner.qtbot.waitUntil(learner.box(task_id).isChecked, timeout=15_000)
    finally:
        learner.win.set_playing(False)


# What a task's text asks that its check alone does not say (lesson id, task id): the learner follows it
RECIPES: dict[tuple[str, str], Callable[[Learner], None]] = {
    ("mlp-xor", "small"): lambda learner: learner.type_into(learner.controls.hiddenEdit, "3"),
    ("activations", "saturate"): lambda learner: learner.set_setting("lr", "eq", 10.0),
    ("sgd-loop", "steps"): steps_with_s,
    ("perceptron-rule", "nand"): lambda learner: play_until_ticked(learner, "nand"),
}


def training_stopped_and_said_so(win: MainWindow) -> None:
    """Divergence stops training with its message in the status bar."""
    assert not win.clock.isActive()
    assert "paused" in win.statusBar().currentMessage().lower()


def no_line_gets_xor_right(win: MainWindow) -> None:
    """The perceptron never gets all four XOR points right."""
    s = win.session
    assert s.model.accuracy(s.dataset.inputs(), s.dataset.targets()) < 1.0


# What the window shows once a task is done (the numbers behind each lesson: tests/test_lesson_*.py)
PHENOMENA: dict[tuple[str, str], Callable[[MainWindow], None]] = {
    ("learning-rate", "diverge"): training_stopped_and_said_so,
    ("xor-perceptron", "try"): no_line_gets_xor_right,
}


def test_a_learner_completes_the_course_through_the_window(qtbot, window, qapp):
    win, panel = window, window.welcome
    learner = Learner(qtbot, win)
    assert lessons.BUILTIN, "no built-in lessons"
    tasks = {(lesson.id, task.id) for lesson in lessons.BUILTIN for task in lesson.tasks}
    assert set(RECIPES) | set(PHENOMENA) <= tasks  # a lesson's task renamed: its recipe follows it
    panel.list.setCurrentRow(0)
    qtbot.mouseClick(panel.start, LEFT)
    for number, lesson in enumerate(lessons.BUILTIN):
        assert panel.active is lesson and panel.list.currentRow() == number
        assert win.controls.speedSpin.value() == lesson.setup.rate
        qapp.processEvents()  # the docks laid out where the lesson wants them
        framed = highlighted(win)
        assert sorted(w.objectName() for w in framed) == sorted(lesson.window.highlight)
        assert all(not w.visibleRegion().isEmpty() for w in framed), lesson.id  # scrolled into sight
        for key in (*lesson.window.show, "Lessons"):
            assert not win.docks[key].visibleRegion().isEmpty(), (lesson.id, key)
        assert not panel.next.property("prominent")
        for task in lesson.tasks:
            learner.do(task)
            seen = PHENOMENA.get((lesson.id, task.id))
            if seen is not None:
                seen(win)
        assert panel.tracker is not None and panel.tracker.complete
        assert panel.view.praise.isVisible()
        assert panel.list.item(number).checkState() == Qt.CheckState.Checked
        if number + 1 < len(lessons.BUILTIN):
            assert panel.next.property("prominent") and panel.next.isEnabled()
            qtbot.mouseClick(panel.next, LEFT)
    assert not panel.next.isEnabled()  # the course is done: nothing follows the last lesson
    stack = win.undo_stack
    started = [stack.text(i) for i in range(stack.count()) if stack.text(i).startswith("Lesson ")]
    assert len(started) == len(lessons.BUILTIN)  # each lesson's start is one undo step
