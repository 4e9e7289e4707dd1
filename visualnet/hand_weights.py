"""Weights set by hand, locked weights and the timeline of a run: the part of `Session` a learner pokes.

Mixed into `Session`. Every change here emits `weights_changed` (views redraw as after a step). While
the timeline shows an earlier iteration, the model holds that iteration's weights and the present
ones wait in `TimelineView.present`; a training step, a save or `show_present` brings them back.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from visualnet.core.mlp import init_std
from visualnet.core.training import MAX_PARAM, Rewound, Trainer
from visualnet.events import Events
from visualnet.translatable import QT_TRANSLATE_NOOP, TranslatableError

if TYPE_CHECKING:
    from visualnet.core import MLP, Perceptron
    from visualnet.session import Config

Params = dict[str, NDArray[np.float64]]
LayerFill = Literal["zero", "random"]


@dataclass
class TimelineView:
    """Which iteration the model's weights are from: None for the present (then `present` is None)."""

    shown: int | None = None
    present: NDArray[np.float64] | None = None  # the present weights (flat) while an earlier one is shown


class HandWeightsMixin:
    """Set weights by hand, lock them, and go back through the run's timeline."""

    events: Events
    config: Config
    model: MLP | Perceptron
    trainer: Trainer
    timeline_view: TimelineView

    # ---------------------------------------------------------------- weights by hand

    def set_weights(self, values: Mapping[str, ArrayLike]) -> Params:
        """Set whole parameter arrays ({key: values of its shape}); returns the previous ones (copies).

        Refused with a plain message (nothing changes) for an unknown key, a wrong shape, a value that
        is not a finite number within ±1e6, or while an earlier iteration is shown.
        """
        if self.timeline_view.shown is not None:
            raise TranslatableError(QT_TRANSLATE_NOOP(
                "Session", "iteration {iteration} is shown: resume from here, or go back to now, to edit "
                           "the weights"), iteration=self.timeline_view.shown)
        params = self.model.params
        checked: Params = {}
        for key, value in values.items():
            if key not in params:
                raise KeyError(f"no parameter {key!r} in this model")
            array = np.asarray(value, float)
            if array.shape != params[key].shape:
                raise ValueError(f"{key} has shape {params[key].shape}, not {array.shape}")
            if not np.all(np.isfinite(array)) or np.abs(array).max(initial=0) > MAX_PARAM:
                raise TranslatableError(QT_TRANSLATE_NOOP("Session", "a weight is a finite number between "
                                                                     "−1e6 and 1e6"))
            checked[key] = array
        before = {key: params[key].copy() for key in checked}
        for key, array in checked.items():
            params[key][...] = array  # in place: the layers, the optimizer and the views hold these arrays
        self.trainer.weights_set()
        self.events.emit("weights_changed")
        return before

    def set_weight(self, key: str, index: int, value: float) -> float:
        """Set one scalar parameter, `key`'s flat `index`; returns its previous value."""
        array = self.model.params[key].copy()
        if not 0 <= index < array.size:
            raise IndexError(f"{key} has {array.size} values, not {index + 1}")
        array.reshape(-1)[index] = value
        return float(self.set_weights({key: array})[key].reshape(-1)[index])

    def layer_values(self, key: str, fill: LayerFill, draw: int = 0) -> NDArray[np.float64]:
        """New values for parameter array `key`: zeros, or drawn as the network was initialised (He for
        ReLU, Xavier otherwise, or the chosen standard deviation; a bias is drawn like its weights'),
        from the seed and `draw` (a different number gives other values)."""
        shape = self.model.params[key].shape
        if fill == "zero":
            return np.zeros(shape)
        weights_key = "W" + key[1:] if key.startswith("b") and "W" + key[1:] in self.model.params else key
        n_in = self.model.params[weights_key].shape[0] if self.model.params[weights_key].ndim == 2 else 2
        std = init_std(None if self.config.init == "auto" else self.config.init, self.config.activation, n_in)
        if not std:  # "zeros": every weight 0 (not -0.0)
            return np.zeros(shape)
        rng = np.random.default_rng([self.config.seed, draw, sum(map(ord, key))])
        return std * rng.standard_normal(shape)

    # ---------------------------------------------------------------- locks

    @property
    def locks(self) -> dict[str, NDArray[np.intp]]:
        """The locked parameters: {key: flat indices}; they keep their values through training."""
        return self.trainer.locks

    def set_locked(self, key: str, indices: ArrayLike, locked: bool = True) -> None:
        """Lock (or free) these flat indices of parameter `key` at their present values."""
        if key not in self.model.params:
            raise KeyError(f"no parameter {key!r} in this model")
        chosen = np.unique(np.asarray(indices, np.intp).reshape(-1))
        size = self.model.params[key].size
        if len(chosen) and (chosen.min() < 0 or chosen.max() >= size):
            raise IndexError(f"{key} has {size} values")
        locks = self.trainer.locks
        held = locks.get(key, np.zeros(0, np.intp))
        locks[key] = np.union1d(held, chosen) if locked else np.setdiff1d(held, chosen)
        with self.present_weights():  # a lock holds the present value, not one the timeline shows
            self.trainer.set_locks(locks)
        self.events.emit("weights_changed")

    def is_locked(self, key: str, index: int) -> bool:
        """Whether `key`'s flat `index` is locked."""
        return bool(np.isin(index, self.trainer.locks.get(key, ())).any())

    # ---------------------------------------------------------------- the timeline

    @property
    def shown_iteration(self) -> int | None:
        """The earlier iteration whose weights the model holds now, or None for the present."""
        return self.timeline_view.shown

    def show_iteration(self, iteration: int) -> int:
        """Show the run as it was at the kept snapshot nearest `iteration` (the present at or beyond
        the last one); returns the iteration shown. Training from here uses `resume_from_shown`."""
        timeline = self.trainer.timeline
        snap = timeline.nearest(int(iteration))
        if snap is None or snap is timeline.latest or snap.iteration >= self.trainer.iteration:
            self.show_present()
            return self.trainer.iteration
        view = self.timeline_view
        if view.present is None:
            view.present = self.trainer.history.layout.flatten(self.model.params)
        self._put_flat(snap.params)
        view.shown = snap.iteration
        self.events.emit("weights_changed")
        return snap.iteration

    def show_present(self) -> None:
        """Show the present weights again (nothing happens if they are shown)."""
        view = self.timeline_view
        if view.present is None:
            return
        self._put_flat(view.present)
        self.timeline_view = TimelineView()
        self.events.emit("weights_changed")

    @contextlib.contextmanager
    def present_weights(self) -> Iterator[None]:
        """The present weights in the model for the duration (a save while an earlier one is shown)."""
        view = self.timeline_view
        if view.present is None:
            yield
            return
        shown = self.trainer.history.layout.flatten(self.model.params)
        self._put_flat(view.present)
        try:
            yield
        finally:
            self._put_flat(shown)

    def rewind_to(self, iteration: int) -> Rewound:
        """Drop the run after the kept snapshot nearest `iteration` and go on from there: weights,
        optimizer state and mini-batch order as they were then. Returns what `undo_rewind` needs."""
        self._drop_view()
        rewound = self.trainer.rewind(int(iteration))
        self.events.emit("weights_changed")
        return rewound

    def resume_from_shown(self) -> Rewound | None:
        """Training goes on from the iteration shown (the later run is dropped); None if none is shown."""
        shown = self.timeline_view.shown
        return None if shown is None else self.rewind_to(shown)

    def undo_rewind(self, rewound: Rewound) -> None:
        """Bring back the run a rewind dropped (an undo)."""
        self._drop_view()
        self.trainer.undo_rewind(rewound)
        self.events.emit("weights_changed")

    def best_iteration(self) -> int:
        """The recorded iteration of the lowest validation loss (training loss without a validation set)."""
        h = self.trainer.history
        for losses in (h.val_loss, h.train_loss):
            finite = np.isfinite(losses)
            if finite.any():
                return int(h.iteration[np.flatnonzero(finite)[np.argmin(losses[finite])]])
        return self.trainer.iteration

    def _drop_view(self) -> None:
        """Back to the present weights without an event (one follows)."""
        if self.timeline_view.present is not None:
            self._put_flat(self.timeline_view.present)
        self.timeline_view = TimelineView()

    def _put_flat(self, flat: NDArray[np.float64]) -> None:
        for key, value in self.trainer.history.layout.unflatten(flat).items():
            self.model.params[key][...] = value
