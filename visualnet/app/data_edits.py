"""The window's edits of the data and settings, each one undo step (mixed into MainWindow).

Every edit goes through an undo command (visualnet.app.commands) to the session; the session's events
then tell the views. Edits that would break a limit are refused here, before a command is pushed.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any, cast

import numpy as np
from PySide6.QtCore import QCoreApplication

from visualnet import lessons
from visualnet.app import i18n, lesson_panel
from visualnet.app.commands import (
    CLEAR_ALL,
    JITTER_POINTS,
    PULL_POINTS,
    AddPointsCommand,
    ErasePointsCommand,
    MovePointsCommand,
    NudgePointsCommand,
    RemovePointsCommand,
    ReplaceDatasetCommand,
    SprayPointsCommand,
    delete_text,
    load_preset_text,
)
from visualnet.app.controls import LABELS
from visualnet.app.documents import push_document
from visualnet.app.window_parts import WindowParts
from visualnet.core import data
from visualnet.limits import MAX_POINTS
from visualnet.session import RESET_KEYS, Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Marked, Message, Translate


class LessonTitle(Marked):
    """A lesson's title as a marked text: in whichever language the app speaks when it is shown."""

    localized: lessons.Localized  # (str has a method `title`: not that name)

    def __new__(cls, title: lessons.Localized) -> LessonTitle:
        """`title`, English as its plain text."""
        text = cast("LessonTitle", super().__new__(cls, "", str(title)))
        text.localized = title
        return text

    def __getnewargs__(self) -> tuple[lessons.Localized]:  # type: ignore[override]  # copy: the title
        """What copy passes back to __new__."""
        return (self.localized,)

    def in_language(self, translate: Translate) -> str:
        """The title in the language now spoken (the lesson carries both)."""
        return self.localized.get(i18n.language().current)


class DataEditsMixin(WindowParts):
    """Presets, lessons, settings and point edits."""

    def apply_setting(self, name: str, value: object) -> None:
        """A control changed a setting; say so when it needs a new network."""
        self.set_playing(self.clock.isActive() and name not in RESET_KEYS)  # a new network starts paused
        try:
            reset = self.session.configure(**{name: value})
        except (ValueError, KeyError) as err:
            reason = i18n.error_text(err)
            self.statusBar().showMessage(
                QCoreApplication.translate("DataEdits", "Not changed: {reason}").format(reason=reason), 6000)
            self.controls.sync_from_session()
            return
        if reset:
            label = LABELS.get(name)  # the control's own name for the setting, where it has one
            if label is None:
                text = QCoreApplication.translate("DataEdits",
                                                  "New network: this setting needs fresh weights.")
            else:
                text = QCoreApplication.translate(
                    "DataEdits", "New network: a change of “{setting}” needs fresh weights.").format(
                        setting=i18n.translated(label))
            self.statusBar().showMessage(text, 5000)

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
            refusal = QCoreApplication.translate(
                "DataEdits", "Not loaded: {count:,} points is more than the {limit:,} a dataset may hold.")
            self.statusBar().showMessage(refusal.format(count=len(dataset), limit=MAX_POINTS), 8000)
            return
        self.preset_name = name
        self.documents.preset = name
        self.dataset_view.request_fit()
        self.undo_stack.push(ReplaceDatasetCommand(self.session, dataset, load_preset_text(name)))
        self.controls.show_preset(name, len(dataset), float(kwargs.get("noise", preset.noise)),
                                  max(2, cast(int, dataset.n_classes)))  # set by Dataset.__post_init__

    def start_lesson(self, lesson: lessons.Lesson) -> bool:
        """Start a lesson: its data and settings as one undo step, then the window it needs (panels
        shown, controls framed, the training speed) and a tracker that ticks its tasks; False if
        the lesson could not be set up (nothing changed then)."""
        self.set_playing(False)
        lang = i18n.language().current
        title = lesson.title.get(lang)
        try:
            staged = Session(config=dataclasses.replace(self.session.config))
            lessons.apply(staged, lesson)
            self.dataset_view.request_fit()
            # the lesson's title in the language spoken whenever Edit shows it (Undo / Redo)
            undo_text = Message(QT_TRANSLATE_NOOP("DataEdits", "Lesson {title}"),
                                title=LessonTitle(lesson.title))
            push_document(self.undo_stack, self.session, staged.to_document(lesson.setup.preset), undo_text)
        except ValueError as err:
            self.dataset_view.cancel_fit()
            self.show_problem(QCoreApplication.translate("DataEdits", "Could not start the lesson"),
                              QCoreApplication.translate("DataEdits", "{title}: {reason}").format(
                                  title=title, reason=i18n.error_text(err)))
            return False
        self._show_lesson_data(lesson.setup)
        self.controls.speedSpin.setValue(lesson.setup.rate)
        lesson_panel.arrange_window(self, self.docks, lesson.window)
        remembered = self.welcome.progress.done(lesson.id)  # a task once done stays done, across runs
        self.welcome.begin(lesson, lessons.Tracker(self.session, lesson, done=remembered), self.bridge)
        self.statusBar().showMessage(QCoreApplication.translate("DataEdits", "{title}: {watch}").format(
            title=title, watch=lesson.watch.get(lang)), 15000)
        return True

    def _show_lesson_data(self, setup: lessons.Setup) -> None:
        """The controls show the lesson's preset, count, noise and classes."""
        self.documents.preset = setup.preset  # None: the lesson's own points, no preset
        if setup.preset not in data.PRESETS:
            return
        self.preset_name = setup.preset
        noise = setup.noise if setup.noise is not None else data.PRESETS[setup.preset].noise
        classes = max(2, cast(int, self.session.dataset.n_classes))  # set by Dataset.__post_init__
        self.controls.show_preset(setup.preset, len(self.session.dataset), noise, classes)

    def open_lesson_file(self, path: str | Path) -> bool:
        """Open a lesson file (a teacher's) and start it; a bad one gets one message and changes nothing."""
        name = Path(path).name
        try:
            lesson = lessons.load(path)
        except (OSError, ValueError) as err:
            reason = i18n.error_text(err) if isinstance(err, ValueError) else (err.strerror or str(err))
            self.show_problem(QCoreApplication.translate("DataEdits", "Could not open the lesson"),
                              QCoreApplication.translate("DataEdits", "{name}: {reason}").format(
                                  name=name, reason=reason))
            return False
        return self.start_lesson(lesson)

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
            self.last_problem = QCoreApplication.translate("DataEdits", "Not added: {reason}").format(
                reason=i18n.translated(problem))
            self.statusBar().showMessage(self.last_problem, 8000)
        return bool(problem)

    def remove_point(self, index: int) -> None:
        """Delete one point."""
        self.undo_stack.push(RemovePointsCommand(self.session, [index], delete_text(1)))

    def move_point(self, index: int, x: float, y: float, drag_id: int, finished: bool) -> None:
        """Move a point as the mouse drags it; one drag is one undo step."""
        self.undo_stack.push(MovePointsCommand(self.session, [index], np.array([[x, y]]), drag_id, finished))

    def move_points(self, indices: np.ndarray, xy: np.ndarray, drag_id: int, finished: bool) -> None:
        """Move several points together (a drag of the selection); one drag is one undo step."""
        self.undo_stack.push(MovePointsCommand(self.session, indices, xy, drag_id, finished))

    def connect_data_tools(self) -> None:
        """Connect the data view's brushes to their edits (once; called by MainWindow._connect)."""
        dv = self.dataset_view
        if dv.tools_connected:
            return
        dv.tools_connected = True
        dv.sprayRequested.connect(self.spray_points)
        dv.nudgeRequested.connect(self.nudge_points)
        dv.eraseRequested.connect(self.erase_points)

    def spray_points(self, xy: np.ndarray, stroke_id: int) -> None:
        """Add the points a brush sprayed in one tick, of the current class; one stroke is one undo step.
        Past the point limit only those that fit are added, and the status bar says why."""
        xy = np.asarray(xy, float).reshape(-1, 2)
        room = max(0, MAX_POINTS - len(self.session.dataset))
        if len(xy) > room:
            self._refuse_points(len(xy))
            xy = xy[:room]
        if len(xy) == 0:
            return
        label = self.session.current_label if self.session.task == "classification" else 0
        labels = np.full(len(xy), label, np.int64)
        self.undo_stack.push(SprayPointsCommand(self.session, xy, labels, stroke_id))

    def nudge_points(self, indices: np.ndarray, xy: np.ndarray, tool: str, stroke_id: int) -> None:
        """Move the points a brush jittered or pulled in one tick; one stroke is one undo step."""
        text = JITTER_POINTS if tool == "jitter" else PULL_POINTS
        self.undo_stack.push(NudgePointsCommand(self.session, indices, xy, stroke_id, text))

    def erase_points(self, indices: np.ndarray, stroke_id: int) -> None:
        """Remove the points a brush erased in one tick; one stroke is one undo step."""
        self.undo_stack.push(ErasePointsCommand(self.session, indices, stroke_id))

    def delete_hovered(self) -> None:
        """Delete the selected points (one undo step), or else the point under the mouse, if any."""
        chosen = self.session.selection
        if len(chosen):
            self.undo_stack.push(RemovePointsCommand(self.session, chosen, delete_text(len(chosen))))
            return
        i = self.dataset_view.hovered_index
        if 0 <= i < len(self.session.dataset):
            self.remove_point(i)
            self.dataset_view.hovered_index = -1

    def clear_points(self) -> None:
        """Remove every point (undoable)."""
        empty = self.session.dataset.copy()
        empty.X, empty.y = np.empty((0, 2)), np.empty(0, np.int64)
        self.undo_stack.push(ReplaceDatasetCommand(self.session, empty, CLEAR_ALL))
