"""Undoable edits of the weights by hand (Qt's undo framework): one gesture is one undo step.

A typed value, a layer zeroed or drawn anew, a wheel gesture of nudges on one weight (merged), a
drag of the perceptron's handles (merged), a lock or an unlock: each a command. The edit is made
before the command is pushed (the session may refuse it, and a refusal must not leave a step on the
stack), so a command's first `redo` does nothing. A command made for another network (the network
was reset since) can do nothing any more: it makes itself obsolete and the stack drops it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import NDArray
from PySide6.QtGui import QUndoCommand

from visualnet.app.commands import TranslatedCommand
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message

__all__ = ["DRAG_HANDLE_ID", "NUDGE_ID", "LocksCommand", "WeightsCommand"]

Params = dict[str, NDArray[np.float64]]

NUDGE_ID = 1701  # the nudges of one wheel gesture on one weight merge into one step
DRAG_HANDLE_ID = 1702  # ... and the moves of one drag of a perceptron handle

SET_WEIGHT = QT_TRANSLATE_NOOP("UndoCommand", "Set {name}")
NUDGE_WEIGHT = QT_TRANSLATE_NOOP("UndoCommand", "Nudge {name}")
ZERO_LAYER = QT_TRANSLATE_NOOP("UndoCommand", "Zero layer ({names})")
RANDOMIZE_LAYER = QT_TRANSLATE_NOOP("UndoCommand", "Randomize layer ({names})")
LOCK_WEIGHT = QT_TRANSLATE_NOOP("UndoCommand", "Lock {name}")
UNLOCK_WEIGHT = QT_TRANSLATE_NOOP("UndoCommand", "Unlock {name}")
LOCK_LAYER = QT_TRANSLATE_NOOP("UndoCommand", "Lock layer ({names})")
UNLOCK_LAYER = QT_TRANSLATE_NOOP("UndoCommand", "Unlock layer ({names})")
MOVE_LINE = QT_TRANSLATE_NOOP("UndoCommand", "Move the perceptron's line")
TURN_W = QT_TRANSLATE_NOOP("UndoCommand", "Turn the perceptron's w")


class _HandEdit(TranslatedCommand):
    """A command on the weights of one network (the session's model when it was made)."""

    def __init__(self, session: Session, text: str | Message) -> None:
        super().__init__(text)
        self.session = session
        self.model = session.model
        self._first = True  # the edit was made before the push

    def _usable(self) -> bool:
        """Whether the network is still the one edited, its present weights in the model; else the
        command is dropped (a reset made it meaningless)."""
        if self.session.model is not self.model:
            self.setObsolete(True)
            return False
        self.session.show_present()  # an undo edits the present weights, not an iteration shown
        return True

    def redo(self) -> None:
        """Make the edit (the first time it was made already)."""
        if self._first:
            self._first = False
        elif self._usable():
            self.apply(redo=True)

    def undo(self) -> None:
        """Take the edit back."""
        if self._usable():
            self.apply(redo=False)

    def apply(self, redo: bool) -> None:
        """Set what the edit set (redo) or what it found (undo)."""
        raise NotImplementedError


class WeightsCommand(_HandEdit):
    """Whole parameter arrays set: `before` and `after` ({key: array}); merged with `merge` as a key."""

    def __init__(self, session: Session, before: Mapping[str, NDArray[np.float64]],
                 after: Mapping[str, NDArray[np.float64]], text: str | Message,
                 merge: tuple[int, object] | None = None, finished: bool = True) -> None:
        super().__init__(session, text)
        self.before: Params = {k: np.array(v, float) for k, v in before.items()}
        self.after: Params = {k: np.array(v, float) for k, v in after.items()}
        self.merge = merge  # (command id, what must match: the weight and gesture, or the drag)
        self.finished = finished  # a finished drag takes no more moves

    def id(self) -> int:
        """NUDGE_ID or DRAG_HANDLE_ID for edits that merge, else -1 (never merged)."""
        return -1 if self.merge is None else self.merge[0]

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a later edit of the same gesture: the values found stay this command's."""
        if not isinstance(other, WeightsCommand) or other.merge != self.merge or self.finished:
            return False
        for key, value in other.before.items():
            self.before.setdefault(key, value)
        self.after.update(other.after)
        self.finished = other.finished
        if all(np.array_equal(self.before[k], self.after[k]) for k in self.after):
            self.setObsolete(True)  # back where the gesture started: no step
        return True

    def apply(self, redo: bool) -> None:
        """Put the edited values back (as they were after the edit on redo, before it on undo)."""
        # only the values the edit changed: training since then moved the others, and they stay
        target = self.after if redo else self.before
        params = self.session.model.params
        values: Params = {}
        for key, value in target.items():
            changed = self.before[key] != self.after[key]
            values[key] = np.where(changed, value, params[key])
        self.session.set_weights(values)


class LocksCommand(_HandEdit):
    """Parameters locked or freed: `changed` {key: flat indices whose lock changed}, all to `locked`."""

    def __init__(self, session: Session, changed: Mapping[str, NDArray[np.intp]], locked: bool,
                 text: str | Message) -> None:
        super().__init__(session, text)
        self.changed = {k: np.asarray(v, np.intp).copy() for k, v in changed.items()}
        self.locked = locked

    def apply(self, redo: bool) -> None:
        """Lock (or free) them again, or take that back."""
        for key, indices in self.changed.items():
            self.session.set_locked(key, indices, self.locked == redo)
