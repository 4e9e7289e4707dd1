"""A seeded monkey: thousands of random user actions on the real window, invariants after each one.

    VISUALNET_MONKEY_ACTIONS=50000 VISUALNET_MONKEY_SEED=7 .venv/bin/python -m pytest tests/app/test_monkey.py

A failure prints the seed and the list of actions, so the run can be replayed exactly.
"""

from __future__ import annotations

import json
import os
import tempfile
import traceback
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QMessageBox, QPushButton

from tests.app.mouse import nonfinite_items
from tests.app.test_selection import LEFT, NO_BUTTON, SHIFT, send
from visualnet.app.window import MainWindow
from visualnet.core import activations, data, optimizers
from visualnet.pace import MAX_RATE
from visualnet.session import MAX_CLASSES

ACTIONS = int(os.environ.get("VISUALNET_MONKEY_ACTIONS", "5000"))
SEED = int(os.environ.get("VISUALNET_MONKEY_SEED", "20261128"))


def check_invariants(win: MainWindow) -> None:
    """The dataset is consistent, the model finite, and nothing non-finite is drawn."""
    s = win.session
    ds = s.dataset
    n = len(ds)
    assert ds.X.shape == (n, 2) and ds.y.shape == (n,) and s.roles.shape == (n,)
    assert np.all(np.isfinite(ds.X))
    assert set(np.unique(s.roles)) <= {0, 1, 2}
    if ds.task == "classification" and n:
        assert ds.y.min() >= 0 and ds.y.max() < ds.n_classes <= MAX_CLASSES
    for key, value in s.model.params.items():
        assert np.all(np.isfinite(value)), key
    assert not nonfinite_items(win), nonfinite_items(win)


class Monkey:
    """Random actions, each a small function of the window and a random generator."""

    def __init__(self, win: MainWindow, rng: np.random.Generator, exceptions: list) -> None:
        self.win, self.rng, self.exceptions = win, rng, exceptions
        self.log: list[str] = []
        self.actions = [
            (8, self.add_point), (6, self.drag_point), (3, self.delete_point), (4, self.undo),
            (3, self.redo), (3, self.set_lr), (2, self.set_optimizer), (2, self.set_activation),
            (1, self.set_model), (1, self.set_hidden), (2, self.set_batch), (1, self.set_seed),
            (2, self.set_speed), (2, self.preset), (1, self.set_split), (2, self.choose_class),
            (3, self.play_pause), (10, self.tick), (4, self.step), (1, self.reset), (1, self.toggle_dock),
            (1, self.resize), (1, self.clear), (1, self.set_task), (1, self.surface_params),
            (1, self.surface_mode), (1, self.surface_reseed), (2, self.rubber_band), (1, self.select_keys),
            # a theme switch restyles every widget (~0.2 s) and the race retrains while open: rarer
            (1, self.delete_key), (0.3, self.theme), (0.5, self.race), (0.5, self.race_reenable),
            (1, self.open_session),
        ]
        self.folder = tempfile.TemporaryDirectory(prefix="visualnet-monkey-")
        weights = np.array([w for w, _ in self.actions], float)
        self.p = weights / weights.sum()

    def run(self, count: int) -> None:
        """Do `count` random actions, checking the invariants after each."""
        for _ in range(count):
            _, act = self.actions[self.rng.choice(len(self.actions), p=self.p)]
            self.log.append(act())
            QApplication.processEvents()
            if self.exceptions:  # raised inside a Qt slot: fail here, where the action list is known
                raise AssertionError("".join(traceback.format_exception(*self.exceptions[0])))
            check_invariants(self.win)
            for box in self.win.findChildren(QMessageBox):  # a refused file's message, read and closed
                box.close()

    # ---- the actions; each returns a replayable description
    def _xy(self) -> tuple[float, float]:
        # Mostly inside the view, sometimes far outside it, as a learner's wild click would be.
        scale = 1.5 if self.rng.random() < 0.9 else 1e4
        return tuple(float(v) for v in self.rng.uniform(-scale, scale, 2))

    def add_point(self) -> str:
        x, y = self._xy()
        self.win.add_point(x, y)
        return f"add_point({x:.6g}, {y:.6g})"

    def drag_point(self) -> str:
        n = len(self.win.session.dataset)
        if not n:
            return "drag_point(no points)"
        i, drag = int(self.rng.integers(n)), int(self.rng.integers(1, 10**6))
        steps = int(self.rng.integers(1, 6))
        for k in range(steps):
            x, y = self._xy()
            self.win.move_point(i, x, y, drag, k == steps - 1)
        return f"drag_point({i}, {steps} moves)"

    def delete_point(self) -> str:
        n = len(self.win.session.dataset)
        if not n:
            return "delete_point(no points)"
        i = int(self.rng.integers(n))
        self.win.remove_point(i)
        return f"delete_point({i})"

    def undo(self) -> str:
        self.win.actionUndo.trigger()
        return "undo"

    def redo(self) -> str:
        self.win.actionRedo.trigger()
        return "redo"

    def set_lr(self) -> str:
        # Extreme learning rates included: the slider's whole range and the spin box's ends.
        lr = float(10 ** self.rng.uniform(-4, 1))
        if self.rng.random() < 0.5:
            self.win.controls.learningRate.slider.setValue(int(self.rng.integers(0, 1001)))
            return f"lr slider -> {self.win.session.config.lr}"
        self.win.controls.learningRate.spin.setValue(lr)
        return f"lr spin {lr:.6g}"

    def _combo(self, combo, name: str) -> str:
        combo.setCurrentIndex(int(self.rng.integers(combo.count())))
        combo.activated.emit(combo.currentIndex())
        return f"{name} {combo.currentText()}"

    def set_optimizer(self) -> str:
        return self._combo(self.win.controls.optimizerCombo, "optimizer")

    def set_activation(self) -> str:
        return self._combo(self.win.controls.activationCombo, "activation")

    def set_model(self) -> str:
        return self._combo(self.win.controls.modelCombo, "model")

    def set_split(self) -> str:
        return self._combo(self.win.controls.splitCombo, "split")

    def set_task(self) -> str:
        return self._combo(self.win.controls.taskCombo, "task")

    def preset(self) -> str:
        name = str(self.rng.choice(list(data.PRESETS)))
        count = int(self.rng.choice([4, 30, 200, 2000]))
        noise = float(self.rng.choice([0.0, 0.1, 0.5]))
        self.win.load_preset(name, count, noise)
        return f"preset {name} n={count} noise={noise}"

    def set_hidden(self) -> str:
        sizes = ",".join(str(int(v)) for v in self.rng.integers(1, 17, int(self.rng.integers(1, 4))))
        edit = self.win.controls.hiddenEdit
        edit.setText(sizes)
        edit.editingFinished.emit()
        return f"hidden {sizes}"

    def set_batch(self) -> str:
        b = int(self.rng.choice([1, 2, 10, 32, 500]))
        self.win.controls.batchSizeSpin.setValue(b)
        return f"batch {b}"

    def set_seed(self) -> str:
        seed = int(self.rng.integers(0, 1000))
        self.win.controls.seedSpin.setValue(seed)
        return f"seed {seed}"

    def set_speed(self) -> str:
        speed = int(self.rng.choice([1, 60, 300, MAX_RATE]))
        self.win.controls.speedSpin.setValue(speed)
        return f"speed {speed}"

    def choose_class(self) -> str:
        k = int(self.rng.integers(MAX_CLASSES))
        self.win.choose_class(k)
        return f"class {k}"

    def play_pause(self) -> str:
        self.win.actionPlay.trigger()
        return f"play -> {self.win.clock.isActive()}"

    def tick(self) -> str:
        if self.win.clock.isActive():
            self.win._on_tick()
            return "tick"
        return "tick(paused)"

    def step(self) -> str:
        self.win.actionStep.trigger()
        return "step"

    def reset(self) -> str:
        self.win.actionReset.trigger()
        return "reset"

    def toggle_dock(self) -> str:
        title = str(self.rng.choice(list(self.win.docks)))
        dock = self.win.docks[title]
        dock.setVisible(dock.isHidden())
        return f"dock {title} -> {'shown' if dock.isVisible() else 'hidden'}"

    def resize(self) -> str:
        w, h = int(self.rng.integers(700, 1700)), int(self.rng.integers(500, 1100))
        self.win.resize(w, h)
        return f"resize {w}x{h}"

    def clear(self) -> str:
        self.win.clear_points()
        return "clear"

    def surface_params(self) -> str:
        params = self.win.session.model.params
        keys = [(k, i) for k, v in params.items() for i in range(v.size)]
        a, b = self.rng.choice(len(keys), 2, replace=False)
        self.win.session.set_surface_params(keys[a], keys[b])
        return f"surface {keys[a]} {keys[b]}"

    def surface_mode(self) -> str:
        return self._combo(self.win.findChild(QComboBox, "surfaceModeCombo"), "surface mode")

    def surface_reseed(self) -> str:
        button = self.win.findChild(QPushButton, "surfaceReseedButton")
        if not button.isVisible():  # only the random-directions mode has it
            return "new directions (not shown)"
        button.click()
        return "new directions"

    def rubber_band(self) -> str:
        # a Shift-drag (Ctrl+Shift adds to the selection) between two places of the data view
        viewport = self.win.dataset_view.plot.viewport()
        w, h = max(viewport.width(), 1), max(viewport.height(), 1)
        (x0, x1), (y0, y1) = self.rng.integers(0, w, 2), self.rng.integers(0, h, 2)
        start, end = QPoint(int(x0), int(y0)), QPoint(int(x1), int(y1))
        mods = SHIFT | Qt.KeyboardModifier.ControlModifier if self.rng.random() < 0.3 else SHIFT
        send(viewport, QEvent.Type.MouseMove, start, NO_BUTTON, NO_BUTTON, mods)
        send(viewport, QEvent.Type.MouseButtonPress, start, LEFT, LEFT, mods)
        for k in range(1, 5):
            send(viewport, QEvent.Type.MouseMove, start + (end - start) * (k / 4), NO_BUTTON, LEFT, mods)
        send(viewport, QEvent.Type.MouseButtonRelease, end, LEFT, NO_BUTTON, mods)
        return f"rubber band {start.toTuple()} -> {end.toTuple()}{' adding' if mods != SHIFT else ''}"

    def select_keys(self) -> str:
        plot = self.win.dataset_view.plot
        if self.rng.random() < 0.5:
            QTest.keyClick(plot, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            return "Ctrl+A"
        QTest.keyClick(plot, Qt.Key.Key_Escape)
        return "Esc"

    def delete_key(self) -> str:
        QTest.keyClick(self.win.dataset_view.plot, Qt.Key.Key_Delete)
        return "Delete"

    def theme(self) -> str:
        action = [self.win.actionThemeDark, self.win.actionThemeLight,
                  self.win.actionProjector][int(self.rng.integers(3))]
        action.trigger()
        return f"{action.objectName()} -> {action.isChecked()}"

    def race(self) -> str:
        # open the race, Play or Step it, and mostly close it again in the same action: a race left open
        # retrains on every edit, which would slow the whole run; the one left open sometimes is
        # closed by the next race action, and edits made while it is closed wait for it (its sync)
        dock = self.win.docks.get("Network race")
        if dock is not None and dock.isVisible() and self.rng.random() < 0.5:
            dock.close()
            return "race closed"
        self.win.actionRace.trigger()
        view = self.win.docks["Network race"].widget()
        name = "racePlayButton" if self.rng.random() < 0.5 else "raceStepButton"
        view.findChild(QPushButton, name).click()
        QApplication.processEvents()
        text = f"race opened, {name} (playing: {view.playing})"
        if self.rng.random() < 0.8:
            self.win.docks["Network race"].close()
            text += ", closed"
        return text

    def race_reenable(self) -> str:
        # take an optimizer out of the race, run the others on, bring it back: it catches up
        self.win.actionRace.trigger()
        view = self.win.docks["Network race"].widget()
        checks = [c for c in view.findChildren(QCheckBox) if c.objectName().startswith("raceUse")]
        check = checks[int(self.rng.integers(len(checks)))]
        if check.isChecked():
            check.click()
        view.findChild(QPushButton, "raceStepButton").click()
        check.click()
        QApplication.processEvents()
        self.win.docks["Network race"].close()
        return f"race: {check.objectName()} off, a step, on again"

    # the ways a session file can be subtly wrong: each still parses as JSON
    SPOILERS = (
        ("valid", lambda d: None),
        ("lr in hyper", lambda d: d["config"].update(optimizer="Adam", hyper={"lr": 0.5})),
        ("unknown activation", lambda d: d["config"].update(activation="swishy")),
        ("zero batch", lambda d: d["config"].update(batch_size=0)),
        ("negative lr", lambda d: d["config"].update(lr=-0.1)),
        ("tiny lr", lambda d: d["config"].update(lr=1e-6)),
        ("odd split", lambda d: d["config"].update(split=[1, 1000])),
        ("short roles", lambda d: d.update(roles=d["roles"][:-1])),
        ("weights of another net", lambda d: d["weights"].update(W1=[[0.0]])),
        ("label 9", lambda d: d["dataset"]["y"].__setitem__(0, 9) if d["dataset"]["y"] else None),
        ("three classes", lambda d: d["dataset"].update(y=[i % 3 for i in range(len(d["dataset"]["y"]))],
                                                          n_classes=3)),
        ("newer format", lambda d: d.update(format=99)),
        ("huge hidden layer", lambda d: d["config"].update(hidden=[100_000])),
    )

    def open_session(self) -> str:
        """Open a generated session file: the current one, sometimes subtly spoiled."""
        s = self.win.session
        doc = s.to_document()
        payload = {
            "format": 1, "app": "visualnet",
            "dataset": {"task": s.task, "n_classes": int(s.dataset.n_classes),
                        "X": doc.dataset.X.tolist(), "y": doc.dataset.y.tolist()},
            "roles": doc.roles.tolist(), "config": doc.config,
            "weights": {k: v.tolist() for k, v in doc.weights.items()},
        }
        name, spoil = self.SPOILERS[int(self.rng.integers(len(self.SPOILERS)))]
        if s.task == "regression" and name in ("label 9", "three classes"):
            name, spoil = self.SPOILERS[0]
        spoil(payload)
        path = os.path.join(self.folder.name, f"{len(self.log)}.json")
        Path(path).write_text(json.dumps(payload))
        before = (s.dataset.X.copy(), s.roles.copy(), repr(s.config), self.win.undo_stack.count())
        opened = self.win.open_file(path)
        if not opened:  # refused: nothing changed, no undo step left behind
            after = (s.dataset.X, s.roles, repr(s.config), self.win.undo_stack.count())
            assert np.array_equal(before[0], after[0]) and np.array_equal(before[1], after[1]), name
            assert before[2:] == after[2:], name
        return f"open session ({name}) -> {'opened' if opened else 'refused'}"


@pytest.mark.slow
def test_monkey(qtbot, window):
    win = window
    try:
        with qtbot.capture_exceptions() as exceptions:
            monkey = Monkey(win, np.random.default_rng(SEED), exceptions)
            monkey.run(ACTIONS)
    except BaseException:
        print(f"\nmonkey failed: seed {SEED}, after {len(monkey.log)} actions; the last 40:")
        print("\n".join(monkey.log[-40:]))
        raise
    finally:
        win.set_playing(False)
    assert len(monkey.log) == ACTIONS
    assert all(name in activations.NAMES for name in [win.session.config.activation])
    assert win.session.optimizer_name() in optimizers.NAMES
    # The view stays usable: map a point and back.
    assert isinstance(win.dataset_view.viewbox.mapViewToScene(QPointF(0, 0)), QPointF)
