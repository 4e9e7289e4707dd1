"""The data view's decision field off the GUI thread: `FieldWorker`.

From FIELD_WORKER_POINTS points on, while the app runs (app.workers.LatestWins), the field and the classes
of the training points (the rings) are computed together on a worker from a copy of the model, so the
two always show the same weights and arrive in one repaint. One computation at a time: a frame that comes
meanwhile only marks the field behind, and `arrived` says when to ask again (a new request every frame
would outdate each result before it arrives, and the field would stand still while training runs fast).
A new request also waits until FIELD_EVERY_S has passed since the last one; `due` says when it may come.
"""

from __future__ import annotations

import math
import time
from functools import partial

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from visualnet.app import frame_gate
from visualnet.app.workers import LatestWins
from visualnet.core.grids import FieldShape
from visualnet.core.protocols import Network
from visualnet.netrace import clone_model
from visualnet.presenters import dataset as present
from visualnet.session import Session

# from this many points on, the field goes to the worker: its ~2 ms never grow with the points, but the
# rest of such a frame does (training, rings; issue 19's p95 at 10,000 points)
FIELD_WORKER_POINTS = 5_000
KEY = "field"
# a new field at most this often (20 a second): a worker computing one field after another keeps a core
# and the interpreter busy all the time, and the frames it overlaps come late (issue 19: at 10,000 points
# and "max" the tick gap's p95 went from ~19 ms to ~17 ms, and training ran faster too)
FIELD_EVERY_S = 0.05
Result = tuple[tuple[object, ...], present.FieldPicture, np.ndarray]  # what `arrived` gives
# present.field_picture's arguments after the model: x and y ranges, samples, class colours, contour,
# discretize
FieldArgs = tuple[tuple[float, float], tuple[float, float], FieldShape, np.ndarray, bool, bool]


def model_copy(model: Network) -> Network:
    """A copy of the model with its weights now, for a worker (training changes the model in place);
    an MLP keeps its input features and dropout ratios (dropout scales the field at evaluation)."""
    return clone_model(model)


class FieldWorker(QObject):
    """Computes the field and the rings' classes on a worker, one request at a time."""

    # (what the training points were picked from, the FieldPicture, their classes (m,)), on the GUI thread
    arrived = Signal(object, object, object)
    failed = Signal()
    due = Signal()  # a field held back by FIELD_EVERY_S may be asked for now (the view asks again)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.jobs = LatestWins(self)
        self.jobs.finished.connect(self._on_finished)
        self.jobs.failed.connect(self._on_failed)
        self.pending = False  # a request is being computed (or its result is on its way)
        self.behind = False  # ... and the field shown will be behind when it arrives: ask again then
        self.clock = time.perf_counter
        self._asked_at = -math.inf
        self._wait = QTimer(self)  # the end of FIELD_EVERY_S after a request held back
        self._wait.setSingleShot(True)
        self._wait.timeout.connect(self._on_wait_over)

    def wanted(self, session: Session) -> bool:
        """Whether the session's field goes to the worker now (a large dataset, an event loop running)."""
        return len(session.dataset) >= FIELD_WORKER_POINTS and self.jobs.is_threaded()

    def ask(self, session: Session, predictions: present.Predictions, args: FieldArgs) -> None:
        """Compute the field of `args` (present.field_picture's after the model) and the training
        points' classes with a copy of the session's model, unless one is being computed or was asked
        for less than FIELD_EVERY_S ago (then: behind, and asked again when that one arrives or `due`)."""
        if self.pending:
            self.behind = True
            return
        wait = self._asked_at + FIELD_EVERY_S - self.clock()
        if wait > 0:
            self.behind = True
            if not self._wait.isActive():
                self._wait.start(max(1, math.ceil(1000 * wait)))
            return
        self._asked_at = self.clock()
        key, rows = predictions.training_rows(session)
        job = partial(present.field_and_classes, model_copy(session.model), rows, *args)
        self.pending, self.behind = True, False
        self.jobs.submit(KEY, lambda: (key, *job()))

    def cancel(self) -> None:
        """Forget the request being computed: the field is drawn here now, newer than it."""
        self.jobs.cancel(KEY)
        self._wait.stop()
        self.pending = self.behind = False

    def take_behind(self) -> bool:
        """Whether frames came while the field arriving now was computed (reset by asking)."""
        behind, self.behind = self.behind, False
        return behind

    def wait(self) -> None:
        """Bring the field being computed in now."""
        self.jobs.wait()

    def _on_wait_over(self) -> None:
        if frame_gate.put_off(self._wait):  # training runs: the next frame asks (in the frame)
            return
        if self.behind and not self.pending:
            self.due.emit()

    def _on_finished(self, _key: str, result: Result) -> None:
        self.pending = False
        self.arrived.emit(*result)

    def _on_failed(self, _key: str, _error: Exception) -> None:
        self.pending = False  # (logged by LatestWins)
        self.failed.emit()
