"""Saving and opening a session: `to_document` and `apply_document`, all of a file or nothing.

Mixed into `Session`: a document is checked and its dataset, roles and network are built on the side
(`_staged`, with the session's own builders), then swapped in with plain assignments, so a bad file
leaves the session exactly as it was and says why in plain words.
"""

from __future__ import annotations

import contextlib
import dataclasses
from typing import TYPE_CHECKING, cast

import numpy as np
from numpy.typing import NDArray

from visualnet import files
from visualnet.core import data
from visualnet.core.schedules import Schedule
from visualnet.core.stopping import StopRule
from visualnet.events import Events
from visualnet.limits import MAX_CLASSES
from visualnet.selection import NO_POINTS
from visualnet.translatable import QT_TRANSLATE_NOOP, TranslatableError

if TYPE_CHECKING:
    from visualnet.session import Config, Network, PreviousRun, Session

# Settings newer than the first session files: a file without them means their defaults (not the
# session's current value: an old file's network had two raw inputs, no penalty and no dropout).
NEWER_KEYS = ("features", "penalty", "penalty_rate", "dropout")


class DocumentsMixin:
    """A session to a document and back."""

    events: Events
    config: Config
    dataset: data.Dataset
    roles: NDArray[np.int8]
    current_label: int
    previous_run: PreviousRun | None
    schedule: Schedule
    stop_rule: StopRule

    if TYPE_CHECKING:  # Session's own, used here
        def present_weights(self) -> contextlib.AbstractContextManager[None]: ...
        @staticmethod
        def _size_problem(total: int, edit: bool = True) -> files.Filled | None: ...
        def _fresh_roles(self, dataset: data.Dataset | None = None,
                         config: Config | None = None) -> np.ndarray: ...
        @staticmethod
        def _checked_roles(roles: np.ndarray, n: int) -> np.ndarray: ...
        def _built(self, config: Config, dataset: data.Dataset, roles: NDArray[np.int8]) -> Network: ...
        def _install(self, network: Network) -> None: ...
        def _set_selection(self, chosen: NDArray[np.int64]) -> bool: ...

    def to_document(self, preset: str | None = None, include_weights: bool = True) -> files.SessionDocument:
        """Everything needed to restore this session (weights optional): the present weights, also while
        the timeline shows an earlier iteration."""
        with self.present_weights():
            doc = files.document_from_session(cast("Session", self), preset)
        if not include_weights:
            doc.weights = None
        return doc

    def apply_document(self, doc: files.SessionDocument) -> None:
        """Restore a saved session (or just a dataset, for a CSV): all of it, or nothing.

        Everything is checked and the new model, optimizer and trainer are built on the side before
        anything is swapped in; on any failure the session is left exactly as it was, no event is
        emitted, and ValueError says what is wrong in plain words. The selection is dropped: it
        named points of the dataset before.
        """
        try:
            dataset, roles, network = self._staged(doc)  # the session is not touched yet
            plan = self._plan_of(doc)
        except Exception as err:  # whatever failed, the session must stay whole
            if isinstance(err, TranslatableError):  # its own words, in the language the window speaks
                raise TranslatableError(err.message) from None
            if isinstance(err, ValueError | KeyError):
                raise ValueError(str(err).strip("'\"")) from None
            raise TranslatableError(QT_TRANSLATE_NOOP("Session", "this session could not be opened ({kind}: "
                                                                 "{problem})"),
                                    kind=type(err).__name__, problem=str(err)) from err
        # the swap: plain assignments, nothing here can fail
        self.dataset, self.roles = dataset, roles
        self.current_label = min(self.current_label, max(0, int(dataset.n_classes or 0) - 1))
        self.previous_run = None  # another session, another lesson: nothing to compare with
        if plan is not None:
            self.schedule, self.stop_rule = plan
        self._install(network)
        selection_changed = self._set_selection(NO_POINTS)
        self.events.emit("model_reset")
        self.events.emit("data_changed")
        self.events.emit("config_changed")
        if selection_changed:
            self.events.emit("selection_changed")

    def _staged(self, doc: files.SessionDocument) -> tuple[data.Dataset, NDArray[np.int8], Network]:
        """The dataset, roles and network a document makes, checked and built without touching the session."""
        config = dataclasses.replace(self.config, hyper=dict(self.config.hyper))
        if doc.config:  # a key left out keeps the current setting, but a newer one is its default
            newer = {k: getattr(type(config), k) for k in NEWER_KEYS if k not in doc.config}
            config = dataclasses.replace(config, **newer, **files.check_settings(doc.config))
        dataset = doc.dataset.copy().validate()
        problem = self._size_problem(len(dataset), edit=False)
        if problem:
            raise TranslatableError(problem.message)
        if dataset.task == "classification" and int(dataset.n_classes or 0) > MAX_CLASSES:
            raise TranslatableError(QT_TRANSLATE_NOOP("Session", "a dataset has at most {most} classes"),
                                    most=MAX_CLASSES)
        roles = (self._fresh_roles(dataset, config) if doc.roles is None
                 else self._checked_roles(doc.roles, len(dataset)))
        network = self._built(config, dataset, roles)
        if doc.weights is not None:
            params = network.model.params
            self._fit_weights(params, doc.weights)
            network = dataclasses.replace(network, initial_params={k: v.copy() for k, v in params.items()})
        return dataset, roles, network

    def _plan_of(self, doc: files.SessionDocument) -> tuple[Schedule, StopRule] | None:
        """The schedule and stop rule a session file gives (the defaults where it has none); None for a
        dataset alone (a CSV), which keeps the session's."""
        if doc.config is None:
            return None
        plan = doc.plan or {}
        return Schedule(**plan.get("schedule", {})), StopRule(**plan.get("stop", {}))

    @staticmethod
    def _fit_weights(params: dict[str, np.ndarray], weights: dict[str, np.ndarray]) -> None:
        """Copy saved weights into a new model's params; ValueError if their names or shapes differ."""
        fits = weights.keys() == params.keys() and all(
            np.shape(weights[k]) == params[k].shape for k in params)
        if not fits:
            raise TranslatableError(QT_TRANSLATE_NOOP("Session", "the saved weights do not fit this network "
                                                                 "({shapes})"),
                                    shapes=", ".join(f"{k} {v.shape}" for k, v in params.items()))
        for key, value in weights.items():
            params[key][...] = value  # in place: the optimizer and views hold these arrays
