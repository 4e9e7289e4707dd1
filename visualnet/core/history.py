"""A run's records: losses and accuracies per iteration in bounded buffers, epoch marks, parameter vectors."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from visualnet.core.params import Layout

__all__ = ["PARAM_BUDGET", "History", "HistoryTail", "Metrics"]

Array = np.ndarray
PARAM_BUDGET = 1 << 22  # floats the history may spend on parameter vectors (32 MB)
_NAN = float("nan")


class Metrics(NamedTuple):
    """Loss and accuracy on the full train/val/test sets (NaN where a set is empty or accuracy n/a)."""

    train_loss: float
    train_acc: float
    val_loss: float
    val_acc: float
    test_loss: float
    test_acc: float


class History:
    """Per-iteration records kept in preallocated buffers, thinned so memory stays bounded forever.

    Records sit on a grid of iterations that are multiples of `stride` (base_stride at first), except
    possibly the newest one (the "tail", so curves reach the present); a newer record replaces an
    off-grid tail. When more than `max_records` are held, only the multiples of 2·stride (and the
    tail) are kept and the stride doubles, so the whole run stays covered evenly with at most
    `max_records` points. Columns are float64 buffers; NaN marks what was not measured. `revision`
    counts the times records were rewritten or cut (thinned, cleared, cut after an iteration): what is
    computed from the records and kept (a projected path) is good while it is unchanged.
    """

    COLUMNS = ("epoch", "train_loss", "train_acc", "val_loss", "val_acc", "test_loss", "test_acc",
               "batch_loss", "lr", "penalty")

    def __init__(self, param_shapes: dict[str, tuple[int, ...]] | None = None, max_records: int = 5000,
                 param_budget: int = PARAM_BUDGET, base_stride: int = 1) -> None:
        if max_records < 2:
            raise ValueError(f"max_records must be at least 2, got {max_records}")
        self.max_records = max_records
        self.base_stride = max(1, int(base_stride))  # the stride after clear()
        self.layout = Layout(param_shapes or {})  # how a record's parameter vector splits into arrays
        self.param_shapes = self.layout.shapes
        self.param_keys = self.layout.keys
        self.param_size = self.layout.size
        cap = max_records + 2  # one spare: a tail put back (an undo) may overshoot by one before thinning
        self._iteration = np.zeros(cap, dtype=np.int64)
        self._cols = {name: np.full(cap, np.nan) for name in self.COLUMNS}
        # parameter vectors only while they fit the budget (a 4,000-weight net would need 160 MB)
        keep_params = 0 < self.param_size * cap <= param_budget
        self._params = np.zeros((cap, self.param_size)) if keep_params else None
        self._marks = np.zeros(max_records + 2, dtype=np.int64)
        self._mark_epochs = np.zeros(max_records + 2, dtype=np.int64)
        self.revision = 0
        self.clear()

    def clear(self) -> None:
        """Forget every record and epoch mark (buffers are kept)."""
        self.revision += 1
        self._n = 0
        self.stride = self.base_stride
        self._n_marks = 0
        self.mark_stride = 1

    def __len__(self) -> int:
        return self._n

    # views: cheap, valid until the next record; copy them to keep them
    @property
    def iteration(self) -> Array:
        """(n,) int64 iterations of the records."""
        return self._iteration[: self._n]

    def column(self, name: str) -> Array:
        """(n,) float64 view of one of COLUMNS (NaN where not measured)."""
        return self._cols[name][: self._n]

    epoch = property(lambda self: self.column("epoch"), doc="(n,) fractional epochs.")
    train_loss = property(lambda self: self.column("train_loss"), doc="(n,) full training-set loss.")
    train_acc = property(lambda self: self.column("train_acc"), doc="(n,) training accuracy.")
    val_loss = property(lambda self: self.column("val_loss"), doc="(n,) validation loss (NaN if none).")
    val_acc = property(lambda self: self.column("val_acc"), doc="(n,) validation accuracy.")
    test_loss = property(lambda self: self.column("test_loss"), doc="(n,) test loss (NaN if none).")
    test_acc = property(lambda self: self.column("test_acc"), doc="(n,) test accuracy.")
    batch_loss = property(lambda self: self.column("batch_loss"), doc="(n,) loss of the step's batch.")
    lr = property(lambda self: self.column("lr"), doc="(n,) the learning rate in use (a schedule moves it).")
    penalty = property(lambda self: self.column("penalty"),
                       doc="(n,) the weights' L1 / L2 penalty at each record (0: none); not in the losses.")

    @property
    def params(self) -> Array | None:
        """(n, param_size) flattened parameters after each recorded iteration, or None (over budget)."""
        return None if self._params is None else self._params[: self._n]

    @property
    def epoch_marks(self) -> Array:
        """Iterations at which an epoch ended (every `mark_stride`-th epoch once thinned)."""
        return self._marks[: self._n_marks]

    @property
    def epoch_mark_numbers(self) -> Array:
        """The epoch number completed at each of `epoch_marks`."""
        return self._mark_epochs[: self._n_marks]

    def params_array(self) -> Array:
        """Like `params`, but (0, param_size) instead of None when parameters are not recorded."""
        p = self.params
        return np.empty((0, self.param_size)) if p is None else p

    def flat_offset(self, key: str) -> int:
        """Where parameter `key` starts in a flattened parameter vector."""
        return self.layout.offsets[key]

    def flat_index(self, key: str, index: int) -> int:
        """The column of params[key].ravel()[index] in a flattened parameter vector."""
        return self.layout.index(key, index)

    def unflatten(self, vector: Array) -> dict[str, Array]:
        """Split a flat parameter vector back into {key: array of its shape} (views)."""
        return self.layout.unflatten(vector)

    def wants(self, iteration: int) -> bool:
        """True if `iteration` lies on the recording grid."""
        return iteration % self.stride == 0

    def record(self, iteration: int, epoch: float, metrics: Metrics, batch_loss: float = _NAN,
               params: Array | None = None, lr: float = _NAN, penalty: float = 0.0) -> None:
        """Append a record (or replace an off-grid or same-iteration tail) and thin if over max_records."""
        n = self._n
        if n and (self._iteration[n - 1] == iteration or self._iteration[n - 1] % self.stride):
            n -= 1  # the tail was only a placeholder for "now": the newer record replaces it
        self._iteration[n] = iteration
        cols = self._cols
        cols["epoch"][n] = epoch
        for name, value in zip(Metrics._fields, metrics, strict=True):
            cols[name][n] = value
        cols["batch_loss"][n] = batch_loss
        cols["lr"][n] = lr
        cols["penalty"][n] = penalty
        if self._params is not None and params is not None:
            self._params[n] = params
        self._n = n + 1
        if self._n > self.max_records:
            self._thin()

    def _thin(self) -> None:
        self.revision += 1  # records rewritten in place
        while self._n > self.max_records:
            self.stride *= 2
            it = self._iteration[: self._n]
            keep = it % self.stride == 0
            keep[-1] = True  # the newest record always stays
            m = int(keep.sum())
            # boolean indexing copies first, so writing back into the front of the buffer is safe
            self._iteration[:m] = it[keep]
            for col in self._cols.values():
                col[:m] = col[: self._n][keep]
            if self._params is not None:
                self._params[:m] = self._params[: self._n][keep]
            self._n = m

    def cut_after(self, iteration: int) -> HistoryTail:
        """Drop the records and epoch marks after `iteration`; returns them so `put_back` can restore them."""
        n, m = self._n, self._n_marks
        j = int(np.searchsorted(self._iteration[:n], iteration, side="right"))
        k = int(np.searchsorted(self._marks[:m], iteration, side="right"))
        columns = {name: c[j:n].copy() for name, c in self._cols.items()}
        tail = HistoryTail(self._iteration[j:n].copy(), columns,
                           None if self._params is None else self._params[j:n].copy(),
                           self._marks[k:m].copy(), self._mark_epochs[k:m].copy())
        self._n, self._n_marks = j, k
        self.revision += 1  # the places of the records cut go to others (a new run's, the same iterations)
        return tail

    def put_back(self, tail: HistoryTail) -> None:
        """Restore records that `cut_after` removed (an undo): whatever was recorded since at or after
        their first iteration goes."""
        firsts = [int(a[0]) for a in (tail.iteration, tail.marks) if len(a)]
        if not firsts:
            return
        self.cut_after(min(firsts) - 1)
        for i in range(len(tail.iteration)):
            self._append(int(tail.iteration[i]), {name: c[i] for name, c in tail.columns.items()},
                         None if tail.params is None else tail.params[i])
        for it, epoch in zip(tail.marks, tail.mark_epochs, strict=True):
            self._marks[self._n_marks], self._mark_epochs[self._n_marks] = it, epoch
            self._n_marks += 1
            self._thin_marks()

    def _append(self, iteration: int, values: dict[str, float], params: Array | None) -> None:
        n = self._n
        self._iteration[n] = iteration
        for name, value in values.items():
            self._cols[name][n] = value
        if self._params is not None and params is not None:
            self._params[n] = params
        self._n = n + 1
        if self._n > self.max_records:
            self._thin()

    def mark_epoch(self, iteration: int, epoch: int) -> None:
        """Note that epoch number `epoch` ended at `iteration` (kept for every mark_stride-th epoch)."""
        if epoch % self.mark_stride:
            return
        self._marks[self._n_marks] = iteration
        self._mark_epochs[self._n_marks] = epoch
        self._n_marks += 1
        self._thin_marks()

    def _thin_marks(self) -> None:
        while self._n_marks > self.max_records:
            self.mark_stride *= 2
            keep = self._mark_epochs[: self._n_marks] % self.mark_stride == 0
            m = int(keep.sum())
            self._marks[:m] = self._marks[: self._n_marks][keep]
            self._mark_epochs[:m] = self._mark_epochs[: self._n_marks][keep]
            self._n_marks = m


@dataclass(frozen=True)
class HistoryTail:
    """Records and epoch marks cut from a History, to put back."""

    iteration: Array
    columns: dict[str, Array]
    params: Array | None
    marks: Array
    mark_epochs: Array
