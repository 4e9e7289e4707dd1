"""The point selection of a session: the chosen points' indices, kept naming the same points across edits.

Mixed into `Session`, which stores the selection in `_selection` and says `selection_changed` on its
events; the edits renumber it with `renumbered_after_removal` and `renumbered_after_insertion`.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

from visualnet.core import data
from visualnet.events import Events

NO_POINTS = np.zeros(0, np.int64)
NO_POINTS.flags.writeable = False
SelectMode = Literal["replace", "add", "toggle"]


class SelectionMixin:
    """Select points (replace, add, toggle), read the selection, clear it."""

    events: Events
    dataset: data.Dataset
    _selection: NDArray[np.int64]  # sorted unique point indices, read-only

    @property
    def selection(self) -> NDArray[np.int64]:
        """The selected points' indices: sorted, unique, read-only."""
        return self._selection

    def select(self, indices: np.ndarray | list[int], mode: SelectMode = "replace") -> None:
        """Select points: exactly `indices` ("replace"), these too ("add"), or flip each ("toggle").

        Indices that name no point are ignored; `selection_changed` is emitted if anything changed.
        """
        chosen = np.unique(np.asarray(indices, np.int64).reshape(-1))
        chosen = chosen[(chosen >= 0) & (chosen < len(self.dataset))]
        if mode == "add":
            chosen = np.union1d(self._selection, chosen)
        elif mode == "toggle":
            chosen = np.setxor1d(self._selection, chosen)
        elif mode != "replace":
            raise ValueError(f"unknown selection mode {mode!r}")
        if self._set_selection(chosen):
            self.events.emit("selection_changed")

    def clear_selection(self) -> None:
        """Select nothing."""
        self.select(NO_POINTS)

    def _set_selection(self, chosen: NDArray[np.int64]) -> bool:
        """Store a (sorted, unique, in-range) selection; whether it differs from the one before."""
        if np.array_equal(chosen, self._selection):
            return False
        chosen = chosen.astype(np.int64)  # a copy the caller cannot change
        chosen.flags.writeable = False
        self._selection = chosen
        return True


def renumbered_after_removal(selection: NDArray[np.int64], removed: NDArray[np.int64]) -> NDArray[np.int64]:
    """`selection` after the points `removed` (sorted, unique) are taken out: removed ones drop out, the
    others move down by the number of removed points before them."""
    kept = selection[~np.isin(selection, removed)]
    return kept - np.searchsorted(removed, kept)


def renumbered_after_insertion(selection: NDArray[np.int64], inserted: np.ndarray) -> NDArray[np.int64]:
    """`selection` after points are inserted so that they end up at the indices `inserted`.

    The i-th inserted point (in index order) has `taken[i] - i` old points before it; old point j
    moves up by the number of inserted points with at most j old points before them.
    """
    if not len(selection) or not len(inserted):
        return selection
    taken = np.sort(np.asarray(inserted, np.int64))
    old_before = taken - np.arange(len(taken))
    return selection + np.searchsorted(old_before, selection, side="right")
