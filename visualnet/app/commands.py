"""Undoable edits of the dataset (Qt's undo framework): one user gesture is one undo step.

A command's text (Edit → Undo "Add point") is a marked text or a `Message`, shown in the language
spoken; `retranslate_stack` re-sets the texts of the commands on a stack after a change of language.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from PySide6.QtGui import QUndoCommand, QUndoStack

from visualnet.app import i18n
from visualnet.app.controls import PRESET_NAMES
from visualnet.core.data import Dataset
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message

MOVE_ID = 1001  # commands with the same id() may merge (one drag = one undo step)
STROKE_ID = 1002  # ... and the ticks of one brush stroke (one stroke = one undo step)

ADD_POINT = QT_TRANSLATE_NOOP("UndoCommand", "Add point")
DELETE_POINT = QT_TRANSLATE_NOOP("UndoCommand", "Delete point")
DELETE_POINTS = QT_TRANSLATE_NOOP("UndoCommand", "Delete points")
DELETE_N_POINTS = QT_TRANSLATE_NOOP("UndoCommand", "Delete {n} points")
MOVE_POINT = QT_TRANSLATE_NOOP("UndoCommand", "Move point")
MOVE_POINTS = QT_TRANSLATE_NOOP("UndoCommand", "Move points")
CLEAR_ALL = QT_TRANSLATE_NOOP("UndoCommand", "Clear all points")
LOAD_PRESET = QT_TRANSLATE_NOOP("UndoCommand", "Load preset {name}")
BRUSH_POINTS = QT_TRANSLATE_NOOP("UndoCommand", "Brush points")
JITTER_POINTS = QT_TRANSLATE_NOOP("UndoCommand", "Jitter points")
PULL_POINTS = QT_TRANSLATE_NOOP("UndoCommand", "Pull points")
ERASE_POINTS = QT_TRANSLATE_NOOP("UndoCommand", "Erase points")


def delete_text(n: int) -> str | Message:
    """The text of deleting `n` points: "Delete point" or "Delete 3 points"."""
    return DELETE_POINT if n == 1 else Message(DELETE_N_POINTS, n=n)


def load_preset_text(name: str) -> Message:
    """The text of loading preset `name`, its name as the control panel shows it."""
    return Message(LOAD_PRESET, name=PRESET_NAMES.get(name, name))


class TranslatedCommand(QUndoCommand):
    """A command whose text is a marked text or a Message (a plain str stays as it is), translated."""

    def __init__(self, text: str | Message) -> None:
        super().__init__()
        self.label = text
        self.retranslate()

    def retranslate(self) -> None:
        """Show the text in the language now spoken."""
        self.setText(i18n.translated(self.label))


def retranslate_stack(stack: QUndoStack) -> None:
    """Re-set the text of every command on `stack` in the language now spoken.

    QUndoStack's own undo and redo actions only pick up a command's text when the stack's index
    moves: whoever owns them re-sets their texts afterwards (from `stack.undoText()`).
    """
    for i in range(stack.count()):
        command = stack.command(i)
        if isinstance(command, TranslatedCommand):
            command.retranslate()


class AddPointsCommand(TranslatedCommand):
    """Add points at the end of the dataset."""

    def __init__(self, session: Session, X: np.ndarray, y: np.ndarray,
                 text: str | Message = ADD_POINT) -> None:
        super().__init__(text)
        self.session = session
        self.X = np.asarray(X, float).reshape(-1, 2).copy()
        self.y = np.asarray(y, np.int64).reshape(-1).copy()
        self.indices: list[int] = []
        self.roles: np.ndarray | None = None
        self.old_classes = session.dataset.n_classes

    def redo(self) -> None:
        """Insert the points (with the roles they had, when redone)."""
        self.old_classes = self.session.dataset.n_classes
        n = len(self.session.dataset)
        self.indices = list(range(n, n + len(self.X)))
        self.session.insert_points(self.indices, self.X, self.y, self.roles)
        self.roles = self.session.roles[self.indices].copy()

    def undo(self) -> None:
        """Remove them again (and the class they introduced, if they did)."""
        self.session.remove_points(self.indices)
        ds = self.session.dataset
        if ds.n_classes != self.old_classes:
            self.session.set_dataset(dataclasses.replace(ds, n_classes=self.old_classes), self.session.roles)


class RemovePointsCommand(TranslatedCommand):
    """Remove points; undo puts them back at the same indices with the same roles."""

    def __init__(self, session: Session, indices: list[int] | np.ndarray,
                 text: str | Message = DELETE_POINTS) -> None:
        super().__init__(text)
        self.session = session
        self.indices = sorted({int(i) for i in indices})
        self.saved: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    def redo(self) -> None:
        """Remove the points, remembering them."""
        self.saved = self.session.remove_points(self.indices)

    def undo(self) -> None:
        """Re-insert them where they were."""
        assert self.saved is not None
        X, y, roles = self.saved
        self.session.insert_points(self.indices, X, y, roles)


class MovePointsCommand(TranslatedCommand):
    """Move points; successive moves of one drag merge into a single undo step."""

    def __init__(self, session: Session, indices: list[int] | np.ndarray, new_xy: np.ndarray,
                 drag_id: int, finished: bool = False) -> None:
        super().__init__(MOVE_POINT if len(indices) == 1 else MOVE_POINTS)
        self.session = session
        self.indices = np.asarray(indices, int).copy()
        self.old_xy = session.dataset.X[self.indices].copy()
        self.new_xy = np.asarray(new_xy, float).reshape(-1, 2).copy()
        self.drag_id = drag_id
        self.finished = finished

    def id(self) -> int:
        """Moves share an id so that QUndoStack asks them to merge."""
        return MOVE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a later move of the same drag (the old positions stay the drag's start)."""
        if (not isinstance(other, MovePointsCommand) or other.drag_id != self.drag_id or self.finished
                or not np.array_equal(other.indices, self.indices)):
            return False
        self.new_xy = other.new_xy
        self.finished = other.finished
        return True

    def redo(self) -> None:
        """Put the points at their new places."""
        self.session.move_points(self.indices, self.new_xy)

    def undo(self) -> None:
        """Put them back where the drag started."""
        self.session.move_points(self.indices, self.old_xy)


class SprayPointsCommand(AddPointsCommand):
    """Points a brush sprays: the ticks of one stroke merge into one undo step."""

    def __init__(self, session: Session, X: np.ndarray, y: np.ndarray, stroke_id: int) -> None:
        super().__init__(session, X, y, BRUSH_POINTS)
        self.stroke_id = stroke_id

    def id(self) -> int:
        """Brush strokes share an id so that QUndoStack asks them to merge."""
        return STROKE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a later tick of the same stroke: its points were added right after these."""
        if not isinstance(other, SprayPointsCommand) or other.stroke_id != self.stroke_id:
            return False
        assert self.roles is not None and other.roles is not None  # both were done
        self.X = np.concatenate([self.X, other.X])
        self.y = np.concatenate([self.y, other.y])
        self.roles = np.concatenate([self.roles, other.roles])
        self.indices += other.indices
        return True


class NudgePointsCommand(MovePointsCommand):
    """Points a brush moves (jitter, magnet), a few more or fewer each tick; one stroke = one undo step."""

    def __init__(self, session: Session, indices: list[int] | np.ndarray, new_xy: np.ndarray,
                 stroke_id: int, text: str | Message) -> None:
        super().__init__(session, indices, new_xy, stroke_id)
        self.label = text
        self.retranslate()

    def id(self) -> int:
        """Brush strokes share an id so that QUndoStack asks them to merge."""
        return STROKE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a later tick of the same stroke: the points moved by either, each from where the stroke
        found it (the earlier command's start) to where it was put last (the later command's end)."""
        if not isinstance(other, NudgePointsCommand) or other.drag_id != self.drag_id:
            return False
        indices = np.union1d(self.indices, other.indices)
        mine, theirs = np.searchsorted(indices, self.indices), np.searchsorted(indices, other.indices)
        old, new = np.empty((len(indices), 2)), np.empty((len(indices), 2))
        old[theirs], old[mine] = other.old_xy, self.old_xy  # the earlier start wins
        new[mine], new[theirs] = self.new_xy, other.new_xy  # the later end wins
        self.indices, self.old_xy, self.new_xy = indices, old, new
        return True


class ErasePointsCommand(RemovePointsCommand):
    """Points a brush erases: the ticks of one stroke merge into one undo step."""

    def __init__(self, session: Session, indices: list[int] | np.ndarray, stroke_id: int) -> None:
        super().__init__(session, indices, ERASE_POINTS)
        self.stroke_id = stroke_id

    def id(self) -> int:
        """Brush strokes share an id so that QUndoStack asks them to merge."""
        return STROKE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a later tick of the same stroke. Its indices count the points left after this one's
        removal: they are mapped back to indices before the stroke, so that one removal redoes the
        stroke and one insertion undoes it."""
        if not isinstance(other, ErasePointsCommand) or other.stroke_id != self.stroke_id:
            return False
        assert self.saved is not None and other.saved is not None  # both were done
        before = len(self.session.dataset) + len(self.indices) + len(other.indices)  # before the stroke
        left = np.delete(np.arange(before), self.indices)  # left[j]: index before the stroke of point j after
        indices = np.concatenate([self.indices, left[other.indices]])
        order = np.argsort(indices)
        self.indices = [int(i) for i in indices[order]]
        X, y, roles = (np.concatenate([a, b])[order] for a, b in zip(self.saved, other.saved, strict=True))
        self.saved = (X, y, roles)
        return True


class ReplaceDatasetCommand(TranslatedCommand):
    """Replace the whole dataset (a preset, a loaded file, clear all) as one undo step."""

    def __init__(self, session: Session, dataset: Dataset, text: str | Message) -> None:
        super().__init__(text)
        self.session = session
        self.new = dataset.copy()
        self.new_roles: np.ndarray | None = None
        self.old = session.dataset.copy()
        self.old_roles = session.roles.copy()

    def redo(self) -> None:
        """Show the new dataset (with the same split roles when redone)."""
        self.session.set_dataset(self.new.copy(), self.new_roles)
        self.new_roles = self.session.roles.copy()

    def undo(self) -> None:
        """Bring back the dataset as it was."""
        self.session.set_dataset(self.old.copy(), self.old_roles)
