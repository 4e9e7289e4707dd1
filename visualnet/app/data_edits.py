"""The window's edits of the data and settings, each one undo step (mixed into MainWindow).

Every edit goes through an undo command (visualnet.app.commands) to the session; the session's events
then tell the views. Edits that would break a limit are refused here, before a command is pushed.
"""

from __future__ import annotations

import dataclasses
from typing import Any, cast

import numpy as np

from visualnet import lessons
from visualnet.app.commands import (
    AddPointsCommand,
    MovePointsCommand,
    RemovePointsCommand,
    ReplaceDatasetCommand,
)
from visualnet.app.documents import push_document
from visualnet.app.window_parts import WindowParts
from visualnet.core import data
from visualnet.limits import MAX_POINTS
from visualnet.session import RESET_KEYS, Session


class DataEditsMixin(WindowParts):
    """Presets, lessons, settings and point edits."""

    def apply_setting(self, name: str, value: object) -> None:
        """A control changed a setting; say so when it needs a new network."""
        self.set_playing(self.clock.isActive() and name not in RESET_KEYS)  # a new network starts paused
        try:
            reset = self.session.configure(**{name: value})
        except (ValueError, KeyError) as err:
            self.statusBar().showMessage(f"Not changed: {err}", 6000)
            self.controls.sync_from_session()
            return
        if reset:
            self.statusBar().showMessage(f"New network: changing the {name} needs fresh weights.", 5000)

    def choose_class(self, label: int) -> None:
        """The class that a click adds."""
        if self.session.task != "classification":
            return
        self.session.current_label = int(label)
        self.classActions.actions()[label].setChecked(True)
        self.controls.sync_from_session()

    def load_preset(self, name: str, count: int | None = None, noise: float | None = None,
                    classes: int | None = None) -> None:
        """Replace the dataset with a preset, as one undo step."""
        preset = data.PRESETS[name]
        kwargs: dict[str, Any] = {}  # n: int, noise: float, the class count: int
        if count is not None:
            kwargs["n"] = int(count)
        if noise is not None:
            kwargs["noise"] = float(noise)
        if classes is not None and preset.class_param:
            kwargs[preset.class_param] = min(int(classes), preset.max_classes)
        dataset = preset.make(seed=self.session.config.seed, **kwargs)
        if len(dataset) > MAX_POINTS:  # checked before the command: a failing redo would stay on the stack
            self.statusBar().showMessage(f"Not loaded: {len(dataset):,} points is more than the "
                                         f"{MAX_POINTS:,} a dataset may hold.", 8000)
            return
        self.preset_name = name
        self.documents.preset = name
        self.dataset_view.request_fit()
        self.undo_stack.push(ReplaceDatasetCommand(self.session, dataset, f"Load preset {name}"))
        self.controls.show_preset(name, len(dataset), float(kwargs.get("noise", preset.noise)),
                                  max(2, cast(int, dataset.n_classes)))  # set by Dataset.__post_init__

    def start_lesson(self, lesson: lessons.Lesson) -> None:
        """Load a lesson's data and settings as one undo step."""
        self.set_playing(False)
        try:
            staged = Session(config=dataclasses.replace(self.session.config))
            lessons.apply(staged, lesson)
            self.dataset_view.request_fit()
            push_document(self.undo_stack, self.session, staged.to_document(lesson.preset),
                          f"Lesson {lesson.title}")
        except ValueError as err:
            self.dataset_view.cancel_fit()
            self.show_problem("Could not start the lesson", f"{lesson.title}: {err}")
            return
        self.preset_name = self.documents.preset = lesson.preset
        self.controls.show_preset(lesson.preset, len(self.session.dataset), self.controls.noiseSpin.value())
        self.statusBar().showMessage(f"{lesson.title}: {lesson.watch}", 15000)

    def _on_task_requested(self, task: str) -> None:
        if task != self.session.task:
            self.load_preset("Sine" if task == "regression" else "XOR clouds")

    def add_point(self, x: float, y: float) -> None:
        """Add a point of the current class where the user clicked."""
        if self._refuse_points(1):
            return
        label = self.session.current_label if self.session.task == "classification" else 0
        self.undo_stack.push(AddPointsCommand(self.session, np.array([[x, y]]), np.array([label])))

    def _refuse_points(self, n: int) -> bool:
        """Refuse (with a message) an edit adding `n` points past the limit, before any command is pushed."""
        problem = self.session.room_for(n)
        if problem:
            self.last_problem = f"Not added: {problem}"
            self.statusBar().showMessage(self.last_problem, 8000)
        return bool(problem)

    def remove_point(self, index: int) -> None:
        """Delete one point."""
        self.undo_stack.push(RemovePointsCommand(self.session, [index], "Delete point"))

    def move_point(self, index: int, x: float, y: float, drag_id: int, finished: bool) -> None:
        """Move a point as the mouse drags it; one drag is one undo step."""
        self.undo_stack.push(MovePointsCommand(self.session, [index], np.array([[x, y]]), drag_id, finished))

    def move_points(self, indices: np.ndarray, xy: np.ndarray, drag_id: int, finished: bool) -> None:
        """Move several points together (a drag of the selection); one drag is one undo step."""
        self.undo_stack.push(MovePointsCommand(self.session, indices, xy, drag_id, finished))

    def delete_hovered(self) -> None:
        """Delete the selected points (one undo step), or else the point under the mouse, if any."""
        chosen = self.session.selection
        if len(chosen):
            text = "Delete point" if len(chosen) == 1 else f"Delete {len(chosen)} points"
            self.undo_stack.push(RemovePointsCommand(self.session, chosen, text))
            return
        i = self.dataset_view.hovered_index
        if 0 <= i < len(self.session.dataset):
            self.remove_point(i)
            self.dataset_view.hovered_index = -1

    def clear_points(self) -> None:
        """Remove every point (undoable)."""
        empty = self.session.dataset.copy()
        empty.X, empty.y = np.empty((0, 2)), np.empty(0, np.int64)
        self.undo_stack.push(ReplaceDatasetCommand(self.session, empty, "Clear all points"))
