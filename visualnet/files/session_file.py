"""Session files: JSON (never pickle) that holds a dataset and, optionally, roles, settings and weights.

A session file (format 1) is

    {"format": 1, "app": "visualnet",
     "meta": {"app_version": "0.1.0", "saved_at": "2025-01-31T12:00:00+00:00"},
     "preset": "Moons" | null,
     "dataset": {"task": "classification", "n_classes": 2, "X": [[x1, x2], ...], "y": [0, 1, ...]},
     "roles": [0, 1, 2, ...] | null,
     "config": {"model": "MLP", "hidden": [8, 8], "activation": "relu", ...} | null,
     "weights": {"W1": [[...], ...], "b1": [...], ...} | null,
     "view": {"show_test": true, "discretize": false}}   (optional: the data view's toggles)

Unknown keys (at the top, in "dataset" and in "config") are ignored, so a newer file that only adds
keys still opens; a missing "config" key means "the default". A change that old readers must not
misread bumps FORMAT_VERSION. The settings obey `check_settings`; a file in which an older visualnet
left the learning rate in "hyper" still opens, that value becoming "lr" when the file has none (else
it is ignored), and `SessionDocument.notes` says so. What is saved is read back before it is written,
so a file visualnet saves always opens again.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import math
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from visualnet import __version__
from visualnet.core.data import Dataset
from visualnet.core.schedules import Schedule
from visualnet.core.stopping import StopRule
from visualnet.files.atomic import atomic_write_text
from visualnet.files.csv_data import CSV_HEADERS, MAX_ROWS, load_dataset_csv
from visualnet.files.json_values import (
    FloatArray,
    Json,
    float_array,
    int_array,
    is_int,
    is_number,
    key_name,
    loads,
    short_text,
    show,
    whole_in,
)
from visualnet.files.reading import PathLike, ReadError, decode, filled, read_bytes, reading
from visualnet.files.settings import RULES
from visualnet.limits import MAX_CLASSES, MAX_WEIGHTS
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, TranslatableError

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

    from visualnet.session import Session

__all__ = [
    "FORMAT_VERSION", "SessionDocument", "config_to_dict", "document_from_session", "load_any",
    "load_session", "save_session", "sniff",
]

FORMAT_VERSION = 1


@dataclass(eq=False)
class SessionDocument:
    """What a file holds: a dataset and, from a session file, roles, settings and weights (else None)."""

    dataset: Dataset
    roles: NDArray[np.int8] | None = None  # (n,) int8: 0 train, 1 validation, 2 test
    config: dict[str, Any] | None = None  # session.Config's fields as JSON types (lists, not tuples)
    weights: dict[str, FloatArray] | None = None  # the model's params, float64
    preset: str | None = None  # the preset the data came from (informational)
    meta: dict[str, Any] = field(default_factory=dict)  # app_version, saved_at (ISO 8601)
    # what reading changed to open the file, in plain words (translatable: `Filled` strs)
    notes: list[str] = field(default_factory=list)
    view: dict[str, bool] | None = None  # the data view's toggles (VIEW_KEYS), None: as they are
    # the learning-rate schedule and the stop conditions ({"schedule": {...}, "stop": {...}}), None: none
    plan: dict[str, dict[str, Any]] | None = None


VIEW_KEYS = ("show_test", "discretize")  # "view": test points shown, the field discretized


SCHEDULE_KEYS = ("kind", "factor", "every", "floor")  # core.schedules.Schedule's fields
STOP_KEYS = ("epochs", "iterations", "target_loss", "target_accuracy", "patience", "restore_best")


def _plan(value: Json) -> dict[str, dict[str, Any]] | None:
    """The schedule and stop conditions a file holds, checked as the app checks them; a bad one refuses the
    file with the key that is wrong (they change how training runs: no silent default)."""
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"schedule", "stop"}:
        raise ReadError(QT_TRANSLATE_NOOP("files", "plan must be an object with \"schedule\" and \"stop\", "
                                                   "not {value}"), value=show(value))
    out: dict[str, dict[str, Any]] = {}
    for part, keys, make in (("schedule", SCHEDULE_KEYS, Schedule), ("stop", STOP_KEYS, StopRule)):
        given = value.get(part)
        if given is None:
            continue
        if not isinstance(given, dict) or set(given) - set(keys):
            raise ReadError(QT_TRANSLATE_NOOP("files", "plan.{part} must be an object with {keys}, not "
                                                       "{value}"), part=part, keys=", ".join(keys),
                            value=show(given))
        odd = [k for k, v in given.items() if not _plan_value_fits(k, v)]
        if odd:
            raise ReadError(QT_TRANSLATE_NOOP("files", "plan.{part}.{key} is {value}"), part=part, key=odd[0],
                            value=show(given[odd[0]]))
        try:
            make(**given)  # the same rules the app obeys
        except (TypeError, ValueError) as err:
            raise ReadError(QT_TRANSLATE_NOOP("files", "plan.{part}: {problem}"), part=part,
                            problem=str(err)) from None
        out[part] = dict(given)
    return out or None


def _plan_value_fits(key: str, value: Json) -> bool:
    """Whether a plan's value has its key's type: a name, a true/false, or a number."""
    if key == "restore_best":
        return isinstance(value, bool)
    return isinstance(value, str) if key == "kind" else is_number(value)


def plan_of(schedule: Schedule, rule: StopRule) -> dict[str, dict[str, Any]] | None:
    """A session's schedule and stop rule as a file's "plan" (None when both are the defaults)."""
    out: dict[str, dict[str, Any]] = {}
    if schedule != Schedule():
        out["schedule"] = dataclasses.asdict(schedule)
    if rule != StopRule():
        out["stop"] = {k: v for k, v in dataclasses.asdict(rule).items() if v is not None}
    return out or None


def _view(value: Json) -> dict[str, bool] | None:
    """The view options a file holds: the known keys with true/false values; anything else is left out
    (they are the look, not the work: an odd value is not worth refusing the file for)."""
    if not isinstance(value, dict):
        return None
    out = {key: value[key] for key in VIEW_KEYS if isinstance(value.get(key), bool)}
    return out or None


def _problem_of(error: Exception) -> object:
    """An error's `Message` (it translates), else its text."""
    message = getattr(error, "message", None)
    return message if isinstance(message, Message) else str(error)


def _config(value: Json, notes: list[str]) -> dict[str, Any]:
    """The settings a file holds, by the rules of `check_settings`; an old file's hyper.lr becomes lr."""
    if not isinstance(value, dict):
        raise ReadError(QT_TRANSLATE_NOOP("files", "config must be an object, not {value}"),
                        value=show(value))
    hyper = value.get("hyper")
    if isinstance(hyper, dict) and "lr" in hyper:
        # An older visualnet let a learning rate into the hyper-parameters (and then could not open
        # the file it saved): the file still opens, the learning rate is config.lr, and the
        # window can say what was done (notes).
        hyper = dict(hyper)
        lr = hyper.pop("lr")
        value = {**value, "hyper": hyper}
        if "lr" in value:
            notes.append(filled(
                QT_TRANSLATE_NOOP("files", "the file's hyper-parameters held a second learning rate "
                                           "({ignored}); it was ignored: the learning rate is {lr}"),
                ignored=show(lr), lr=show(value["lr"])))
        else:
            value["lr"] = lr
            notes.append(filled(
                QT_TRANSLATE_NOOP("files", "the file's learning rate ({lr}) was among its hyper-parameters; "
                                           "it is used as the learning rate"), lr=show(lr)))
    return {key: check(value[key], f"config.{key}") for key, check in RULES.items() if key in value}


def _dataset(value: Json) -> Dataset:
    """The points and labels a file holds."""
    if value is None:
        raise ReadError(QT_TRANSLATE_NOOP("files", "has no dataset"))
    if not isinstance(value, dict):
        raise ReadError(QT_TRANSLATE_NOOP("files", "dataset must be an object, not {value}"),
                        value=show(value))
    task = value.get("task")
    if not (isinstance(task, str) and task in CSV_HEADERS):
        raise ReadError(QT_TRANSLATE_NOOP("files", "dataset.task must be 'classification' or 'regression', "
                                                   "not {value}"), value=show(task))
    points = value.get("X")
    if isinstance(points, list) and len(points) > MAX_ROWS:
        raise ReadError(QT_TRANSLATE_NOOP("files", "dataset has more than {most:,} points"), most=MAX_ROWS)
    X = float_array(points, "dataset.X", 2 * MAX_ROWS)
    if X.shape == (0,):
        X = X.reshape(0, 2)
    if X.ndim != 2 or X.shape[1] != 2:
        raise ReadError(QT_TRANSLATE_NOOP("files", "dataset.X must be a list of [x1, x2] points"))
    n = len(X)
    if task == "regression":
        y = int_array(value.get("y"), "dataset.y", n, 0, 0,
                      QT_TRANSLATE_NOOP("files", "0 (a regression dataset has no labels)"))
        k = whole_in(value.get("n_classes", 0), "dataset.n_classes", 0, 1)
    else:
        y = int_array(value.get("y"), "dataset.y", n, 0, MAX_CLASSES - 1,
                       Message(QT_TRANSLATE_NOOP("files", "a class label 0..{top}"), top=MAX_CLASSES - 1))
        top = int(y.max()) + 1 if n else 0
        k = whole_in(value.get("n_classes", max(2, top)), "dataset.n_classes", max(2, top), MAX_CLASSES)
    try:
        return Dataset(X, y, task, k).validate()
    except ValueError as e:  # a last guard; the checks above should already have caught it
        raise ReadError(QT_TRANSLATE_NOOP("files", "dataset: {problem}"), problem=_problem_of(e)) from e


def _weights(value: Json) -> dict[str, FloatArray]:
    """The weight arrays a file holds, by name; MAX_WEIGHTS numbers in all at most."""
    if not (isinstance(value, dict) and len(value) <= 64):
        raise ReadError(QT_TRANSLATE_NOOP("files", "weights must be an object of at most 64 named arrays, "
                                                   "not {value}"), value=show(value))
    out: dict[str, FloatArray] = {}
    budget = MAX_WEIGHTS
    for k, v in value.items():
        # the budget is for all arrays together: say so, not "has more than 0 numbers"
        out[key_name(k, "weights")] = array = float_array(
            v, f"weights.{k}", budget, ReadError(
                QT_TRANSLATE_NOOP("files", "the weights hold more than {most:,} numbers in all "
                                           "(weights.{key} is past the limit)"), most=MAX_WEIGHTS, key=k))
        budget -= array.size
    return out


def _meta(value: Json) -> dict[str, Any]:
    """The informational entries: plain text, number, true/false or null values only; others dropped."""
    if not isinstance(value, dict):
        return {}
    out: dict[str, Any] = {}
    for k, v in value.items():
        try:
            plain = v is None or isinstance(v, bool) or is_int(v) or (type(v) is float and math.isfinite(v))
            out[short_text(k, "meta", 64)] = v if plain else short_text(v, "meta")  # 1e999 (inf) is dropped
        except ReadError:
            continue  # meta is informational: an odd entry is not worth refusing the file for
    return out


def _document(obj: Json) -> SessionDocument:
    """Validate a parsed session file completely."""
    if not isinstance(obj, dict):
        raise ReadError(QT_TRANSLATE_NOOP("files", "is not a visualnet session (expected a JSON "
                                                   "object)"))
    if "format" not in obj:
        raise ReadError(QT_TRANSLATE_NOOP("files", "has no format version: it is not a visualnet session "
                                                   "file"))
    version = obj["format"]
    if not is_int(version):
        raise ReadError(QT_TRANSLATE_NOOP("files", "format {version} is not a version number"),
                        version=show(version))
    if version > FORMAT_VERSION:
        raise ReadError(QT_TRANSLATE_NOOP("files", "format {version} is newer than this visualnet "
                                                   "understands ({known}); update visualnet to open it"),
                        version=version, known=FORMAT_VERSION)
    if version < 1:
        raise ReadError(QT_TRANSLATE_NOOP("files", "format {version} is not a visualnet format"),
                        version=version)
    if obj.get("app", "visualnet") != "visualnet":
        raise ReadError(QT_TRANSLATE_NOOP("files", "was written by {app}, not visualnet"),
                        app=show(obj["app"]))
    dataset = _dataset(obj.get("dataset"))
    roles, config, weights, preset = (obj.get(k) for k in ("roles", "config", "weights", "preset"))
    notes: list[str] = []
    return SessionDocument(
        dataset=dataset,
        roles=None if roles is None else int_array(
            roles, "roles", len(dataset), 0, 2,
            QT_TRANSLATE_NOOP("files", "a role (0 train, 1 validation, 2 test)")).astype(np.int8),
        config=None if config is None else _config(config, notes),
        weights=None if weights is None else _weights(weights),
        preset=None if preset is None else short_text(preset, "preset"),
        meta=_meta(obj.get("meta")),
        notes=notes,
        view=_view(obj.get("view")),
        plan=_plan(obj.get("plan")),
    )


def load_session(path: PathLike) -> SessionDocument:
    """Read and fully validate a session file (JSON; never pickle)."""
    with reading(path):
        return _document(loads(decode(read_bytes(path), "JSON")))


def _plain(value: object) -> Json:
    """json.dumps fallback: numpy arrays and scalars as plain lists and numbers."""
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} cannot be written to a session file")


def _pretty(value: Json, level: int = 0) -> str:
    """Indented JSON that keeps each innermost list on one line (a point, a weight row)."""
    pad = "  " * (level + 1)
    if isinstance(value, dict) and value:
        items = [f"{pad}{json.dumps(str(k))}: {_pretty(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + "  " * level + "}"
    if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
        rows = [pad + _pretty(v, level + 1) for v in value]
        return "[\n" + ",\n".join(rows) + "\n" + "  " * level + "]"
    # floats are written with repr, the shortest text that reads back bit for bit
    return json.dumps(value, allow_nan=False, default=_plain)


def save_session(path: PathLike, doc: SessionDocument) -> None:
    """Write `doc` as a session file, atomically; ValueError (file untouched) if it would not load again."""
    ds = doc.dataset
    try:
        payload = {
            "format": FORMAT_VERSION,
            "app": "visualnet",
            "meta": {**doc.meta, "app_version": __version__,
                     "saved_at": datetime.now(UTC).isoformat(timespec="seconds")},
            "preset": doc.preset,
            "dataset": {"task": ds.task, "n_classes": ds.n_classes, "X": ds.X.tolist(), "y": ds.y.tolist()},
            "roles": None if doc.roles is None else np.asarray(doc.roles).tolist(),
            "config": doc.config,
            "weights": None if doc.weights is None else {
                k: np.asarray(v, dtype=np.float64).tolist() for k, v in doc.weights.items()},
        }
        if doc.plan is not None:  # only then: a file without a plan is as before
            payload["plan"] = doc.plan
        if doc.view is not None:  # only then: a file without view options is as before
            payload["view"] = {key: bool(doc.view[key]) for key in VIEW_KEYS if key in doc.view}
        text = _pretty(payload) + "\n"
        _document(loads(text))  # what is saved must open again: check it with the reader itself
    except (ReadError, ValueError, TypeError) as e:
        raise TranslatableError(QT_TRANSLATE_NOOP("files", "cannot save {name}: {problem}"),
                                name=os.path.basename(os.fsdecode(path)), problem=_problem_of(e)) from e
    atomic_write_text(path, text)


def config_to_dict(config: DataclassInstance) -> dict[str, Any]:
    """A session.Config (any dataclass) as plain JSON types: tuples become lists, numpy scalars numbers."""
    out = dataclasses.asdict(config)
    return json.loads(json.dumps(out, default=_plain))  # one pass turns tuples and numpy into JSON types


def document_from_session(session: Session, preset: str | None = None) -> SessionDocument:
    """A document of a Session's current state (reads dataset, roles, config and model.params)."""
    return SessionDocument(
        dataset=session.dataset.copy(),
        roles=np.asarray(session.roles, dtype=np.int8).copy(),
        config=config_to_dict(session.config),
        weights={k: np.array(v, dtype=np.float64) for k, v in session.model.params.items()},
        preset=preset,
        # a session-like object without a schedule or stop rule (an older caller) has the defaults
        plan=plan_of(getattr(session, "schedule", Schedule()), getattr(session, "stop_rule", StopRule())),
    )


# ------------------------------------------------------------------------------- opening any file


def sniff(path: PathLike) -> Literal["csv", "json"]:
    """"csv" or "json": by extension (.csv, .json, .visualnet.json), else by the first non-space byte."""
    name = os.fsdecode(path).lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith(".csv"):
        return "csv"
    with reading(path):
        head = read_bytes(path, limit=65536).removeprefix(codecs.BOM_UTF8).lstrip()
    return "json" if head[:1] in (b"{", b"[") else "csv"


def load_any(path: PathLike) -> SessionDocument:
    """Open a CSV dataset or a session file (for "Open…" and drag-and-drop)."""
    if sniff(path) == "csv":
        return SessionDocument(load_dataset_csv(path))
    return load_session(path)
