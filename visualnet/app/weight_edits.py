"""The window's edits of the weights by hand, each one undo step (mixed into MainWindow).

The weights view asks (a typed value, a wheel nudge, a lock, a layer zeroed or drawn anew) and so do
the perceptron's handles in the data view (a drag); here each request pauses training, is made in the
session (which may refuse it: the refusal goes to the status bar and nothing is pushed) and is pushed
as a command (weight_commands.py). The session's `weights_changed` then redraws every view.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QCoreApplication

from visualnet.app import i18n
from visualnet.app.views.perceptron_handles import PerceptronHandles
from visualnet.app.weight_commands import (
    DRAG_HANDLE_ID,
    LOCK_LAYER,
    LOCK_WEIGHT,
    MOVE_LINE,
    NUDGE_ID,
    NUDGE_WEIGHT,
    RANDOMIZE_LAYER,
    SET_WEIGHT,
    TURN_W,
    UNLOCK_LAYER,
    UNLOCK_WEIGHT,
    ZERO_LAYER,
    LocksCommand,
    WeightsCommand,
)
from visualnet.app.window_parts import WindowParts
from visualnet.presenters import weights
from visualnet.translatable import Message

__all__ = ["WeightEditsMixin"]

Params = dict[str, NDArray[np.float64]]


class WeightEditsMixin(WindowParts):
    """Weights typed, nudged, dragged, locked, zeroed or drawn anew: paused, refused or one undo step."""

    perceptron_handles: PerceptronHandles
    _layer_draws: itertools.count[int]

    def _connect_weight_edits(self) -> None:
        editing = self.weights_view.editing
        self._layer_draws = itertools.count(1)  # each Randomize draws other values
        editing.editStarted.connect(lambda: self.set_playing(False))
        editing.editRequested.connect(self.edit_weight)
        editing.nudgeRequested.connect(self.nudge_weight)
        editing.lockRequested.connect(self.lock_weights)
        editing.fillRequested.connect(self.fill_layer)
        editing.inputRefused.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.perceptron_handles.dragRequested.connect(self.drag_perceptron)

    def _name(self, key: str, index: int) -> str:
        """'W1[0, 1]', 'b2[3]' or 'b': a parameter as the views name it."""
        shape = np.shape(self.session.model.params[key])
        return weights.pick(key, shape, index).name(shape)

    def _set(self, after: Mapping[str, NDArray[np.float64]], text: str | Message,
             merge: tuple[int, object] | None = None, finished: bool = True) -> bool:
        """Pause, set the arrays, push the step; a refusal is said in the status bar. True if set."""
        self.set_playing(False)
        try:
            before = self.session.set_weights(after)
        except (ValueError, KeyError, IndexError) as err:  # TranslatableError is a ValueError
            reason = i18n.error_text(err)
            text = QCoreApplication.translate("WeightEdits", "Not set: {reason}").format(reason=reason)
            self.statusBar().showMessage(text, 8000)
            return False
        self.undo_stack.push(WeightsCommand(self.session, before, after, text, merge, finished))
        return True

    def _with_value(self, key: str, index: int, value: float) -> Params:
        array = self.session.model.params[key].copy()
        array.reshape(-1)[index] = value
        return {key: array}

    def edit_weight(self, key: str, index: int, value: float) -> None:
        """Set one parameter to a typed value (nothing happens if it has it already)."""
        if float(self.session.model.params[key].reshape(-1)[index]) == value:
            self.set_playing(False)
            return
        self._set(self._with_value(key, index, value), Message(SET_WEIGHT, name=self._name(key, index)))

    def nudge_weight(self, key: str, index: int, change: float, gesture: int) -> None:
        """Add `change` to one parameter; the nudges of one wheel gesture are one undo step."""
        value = float(self.session.model.params[key].reshape(-1)[index]) + change
        self._set(self._with_value(key, index, value), Message(NUDGE_WEIGHT, name=self._name(key, index)),
                  merge=(NUDGE_ID, (key, index, gesture)), finished=False)

    def fill_layer(self, keys: Sequence[str], fill: str) -> None:
        """Zero the layer's parameters ("zero") or draw them anew ("random"), one undo step."""
        draw = next(self._layer_draws)
        after = {key: self.session.layer_values(key, "zero" if fill == "zero" else "random", draw=draw)
                 for key in keys}
        self._set(after, Message(ZERO_LAYER if fill == "zero" else RANDOMIZE_LAYER, names=", ".join(keys)))

    def lock_weights(self, indices: Mapping[str, NDArray[np.intp]], locked: bool) -> None:
        """Lock (or free) these parameters ({key: flat indices}), one undo step; they keep their values
        through training."""
        held = self.session.locks
        changed = {}
        for key, idx in indices.items():
            was = np.isin(idx, held.get(key, ()))
            changed[key] = np.asarray(idx, np.intp)[~was if locked else was]  # only those that change
        changed = {k: v for k, v in changed.items() if len(v)}
        if not changed:
            return
        if sum(np.size(v) for v in indices.values()) == 1:
            key, idx = next(iter(indices.items()))
            text = Message(LOCK_WEIGHT if locked else UNLOCK_WEIGHT, name=self._name(key, int(idx[0])))
        else:
            text = Message(LOCK_LAYER if locked else UNLOCK_LAYER, names=", ".join(indices))
        for key, idx in changed.items():
            self.session.set_locked(key, idx, locked)
        self.undo_stack.push(LocksCommand(self.session, changed, locked, text))

    def drag_perceptron(self, w: NDArray[np.float64], b: float, drag_id: int, finished: bool,
                        handle: str) -> None:
        """The perceptron's w and b as a drag of its handles sets them; one drag is one undo step."""
        self._set({"w": np.asarray(w, float), "b": np.array([b])}, MOVE_LINE if handle == "line" else TURN_W,
                  merge=(DRAG_HANDLE_ID, drag_id), finished=finished)

