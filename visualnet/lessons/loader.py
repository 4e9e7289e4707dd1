"""Reading a lesson from JSON: every key checked, a bad one named in one LessonError."""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import NoReturn

from visualnet.core import data, optimizers
from visualnet.files import check_settings, reading, settings
from visualnet.lessons.checks import GATE_OUTPUTS, KINDS, NUMERIC_KEYS, OPS, SETTING_KEYS, SPLITS
from visualnet.lessons.format import (
    DOCKS,
    LANGUAGES,
    TOOLS,
    Check,
    Lesson,
    LessonError,
    Localized,
    Setup,
    Task,
    WindowSetup,
)
from visualnet.limits import MAX_CLASSES, MAX_POINTS
from visualnet.pace import MAX_RATE, rate_of_speed
from visualnet.translatable import QT_TRANSLATE_NOOP, Marked, Message, TranslatableError

__all__ = ["FORMAT", "MAX_FILE_BYTES", "is_lesson", "load", "parse"]

FORMAT = 1  # the "visualnet_lesson" version this code reads
MAX_FILE_BYTES = 1 << 20
MAX_SPEED = 1000
KEYS = ("visualnet_lesson", "id", "title", "idea", "watch", "setup", "window", "tools", "tasks")
SETUP_KEYS = ("preset", "count", "noise", "classes", "points", "config", "speed", "rate")
WINDOW_KEYS = ("show", "highlight")
TASK_KEYS = ("id", "text", "check")

# what a JSON value is, in the words of the messages
AN_OBJECT = QT_TRANSLATE_NOOP("LessonFile", "an object")
A_LIST = QT_TRANSLATE_NOOP("LessonFile", "a list")
TEXT = QT_TRANSLATE_NOOP("LessonFile", "text")
A_NUMBER = QT_TRANSLATE_NOOP("LessonFile", "a number")
A_WHOLE_NUMBER = QT_TRANSLATE_NOOP("LessonFile", "a whole number")
A_DECIMAL = QT_TRANSLATE_NOOP("LessonFile", "a decimal number")
TRUE_OR_FALSE = QT_TRANSLATE_NOOP("LessonFile", "true or false")
NOTHING = QT_TRANSLATE_NOOP("LessonFile", "null")


def _fail(template: str, **values: object) -> NoReturn:
    raise LessonError(template, **values)


def _type_name(value: object) -> Marked:
    if isinstance(value, bool):
        return TRUE_OR_FALSE
    if isinstance(value, int):
        return A_WHOLE_NUMBER
    if isinstance(value, float):
        return A_DECIMAL
    if isinstance(value, str):
        return TEXT
    if isinstance(value, list):
        return A_LIST
    if isinstance(value, dict):
        return AN_OBJECT
    return NOTHING


def _wrong(where: str, expected: Marked, value: object) -> NoReturn:
    _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: expected {expected}, not {got}"),
          where=where, expected=expected, got=_type_name(value))


def _object(value: object, where: str, keys: tuple[str, ...]) -> dict[str, object]:
    if not isinstance(value, dict):
        _wrong(where, AN_OBJECT, value)
    unknown = next((k for k in value if k not in keys), None)
    if unknown is not None:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: unknown key \"{key}\"; the keys are {choices}"),
              where=where, key=unknown, choices=", ".join(keys))
    return value


def _required(obj: Mapping[str, object], key: str, where: str) -> object:
    if key not in obj:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: the key \"{key}\" is missing"), where=where, key=key)
    return obj[key]


def _list(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        _wrong(where, A_LIST, value)
    return value


def _text(value: object, where: str) -> str:
    if not isinstance(value, str):
        _wrong(where, TEXT, value)
    if not value.strip():
        _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: the text is empty"), where=where)
    return value


def _number(value: object, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        _wrong(where, A_NUMBER, value)
    if not (math.isfinite(value) and low <= value <= high):
        _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: {value} is outside {low} to {high}"),
              where=where, value=value, low=low, high=high)
    return float(value)


def _whole(value: object, where: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        _wrong(where, A_WHOLE_NUMBER, value)
    _number(value, where, low, high)
    return value


def _one_of(value: object, where: str, choices: tuple[str, ...]) -> str:
    """`value` as spelled in `choices` (case ignored)."""
    text = _text(value, where)
    found = next((c for c in choices if c.lower() == text.lower()), None)
    if found is None:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: \"{value}\" is not one of {choices}"),
              where=where, value=text, choices=", ".join(choices))
    return found


def _localized(value: object, where: str) -> Localized:
    """A text: a plain string (English only) or {"en": ..., "zh_CN": ...}."""
    if isinstance(value, str):
        return Localized(_text(value, where))
    texts = _object(value, where, LANGUAGES)
    if "en" not in texts:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: the English text (\"en\") is missing"), where=where)
    zh = texts.get("zh_CN")
    return Localized(_text(texts["en"], f"{where}.en"),
                     "" if zh is None else _text(zh, f"{where}.zh_CN"))


# ------------------------------------------------------------------------------------------ setup

def _points(value: object, where: str) -> tuple[tuple[float, float, int], ...]:
    rows = _list(value, where)
    if not 1 <= len(rows) <= MAX_POINTS:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: give 1 to {most} points"), where=where,
              most=MAX_POINTS)
    out = []
    for i, row in enumerate(rows):
        here = f"{where}[{i}]"
        if not (isinstance(row, list) and len(row) == 3):
            _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: a point is [x1, x2, label]"), where=here)
        x1 = _number(row[0], f"{here}[0]", -1e6, 1e6)
        x2 = _number(row[1], f"{here}[1]", -1e6, 1e6)
        out.append((x1, x2, _whole(row[2], f"{here}[2]", 0, MAX_CLASSES - 1)))
    return tuple(out)


def _config(value: object, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        _wrong(where, AN_OBJECT, value)
    try:
        return check_settings(value)
    except KeyError:  # a name that is no setting
        unknown = ", ".join(sorted(str(k) for k in set(value) - set(settings.RULES)))
        problem: object = Message(QT_TRANSLATE_NOOP("LessonFile", "unknown settings: {names}"), names=unknown)
    except ValueError as err:  # its message translates (a TranslatableError's, or a Filled text)
        problem = err.message if isinstance(err, TranslatableError) else err.args[0] if err.args else str(err)
    _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: {problem}"), where=where, problem=problem)


def _setup(value: object) -> Setup:
    raw = _object(value, "setup", SETUP_KEYS)
    preset, points = raw.get("preset"), raw.get("points")
    if (preset is None) == (points is None):
        _fail(QT_TRANSLATE_NOOP("LessonFile", "setup: give either a \"preset\" or \"points\""))
    optional = {k: raw.get(k) for k in ("count", "noise", "classes")}
    setup = Setup(
        preset=None if preset is None else _one_of(preset, "setup.preset", tuple(data.PRESETS)),
        count=None if optional["count"] is None else _whole(optional["count"], "setup.count", 1, MAX_POINTS),
        noise=None if optional["noise"] is None else _number(optional["noise"], "setup.noise", 0.0, 1.0),
        classes=None if optional["classes"] is None else _whole(optional["classes"], "setup.classes", 2,
                                                                MAX_CLASSES),
        points=None if points is None else _points(points, "setup.points"),
        config=_config(raw.get("config", {}), "setup.config"),
        rate=_rate(raw),
    )
    _check_model_fits(setup)
    return setup


def _rate(raw: dict[str, object]) -> int:
    """The training speed: `rate` in iterations per second (up to pace.MAX_RATE, "max"), or an older
    file's `speed` in iterations per frame (60 frames a second)."""
    if "rate" in raw:
        return _whole(raw["rate"], "setup.rate", 1, MAX_RATE)
    return rate_of_speed(_whole(raw.get("speed", 5), "setup.speed", 1, MAX_SPEED))


def _check_model_fits(setup: Setup) -> None:
    """A perceptron needs two classes: refuse what the session would refuse later."""
    if setup.config.get("model") != "Perceptron":
        return
    if setup.preset is not None and data.PRESETS[setup.preset].is_regression:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "setup.config.model: a perceptron classifies; {preset} is "
                                "regression data"), preset=setup.preset)
    labels = [p[2] for p in setup.points] if setup.points else [(setup.classes or 2) - 1]
    if max(labels) > 1:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "setup.config.model: a perceptron separates two classes only"))


def _window(value: object) -> WindowSetup:
    raw = _object(value, "window", WINDOW_KEYS)
    show = tuple(_one_of(v, f"window.show[{i}]", DOCKS) for i, v in enumerate(_list(raw.get("show", []),
                                                                                      "window.show")))
    highlight = tuple(_text(v, f"window.highlight[{i}]")
                      for i, v in enumerate(_list(raw.get("highlight", []), "window.highlight")))
    return WindowSetup(show, highlight)


# ------------------------------------------------------------------------------------------ tasks

def _param(kind_type: str, value: object, where: str) -> object:
    """One check parameter, checked by its type (see checks.Param)."""
    if kind_type == "number":
        return _number(value, where, -1e12, 1e12)
    if kind_type == "int":
        return _whole(value, where, 0, 10**9)
    if kind_type == "bool":
        if not isinstance(value, bool):
            _wrong(where, TRUE_OR_FALSE, value)
        return value
    if kind_type == "split":
        return _one_of(value, where, SPLITS)
    if kind_type == "gate":
        return _one_of(value, where, tuple(GATE_OUTPUTS))
    if kind_type == "key":
        return _one_of(value, where, SETTING_KEYS)
    if kind_type == "op":
        return _one_of(value, where, OPS)
    if kind_type == "names":
        return tuple(_one_of(v, f"{where}[{i}]", optimizers.NAMES) for i, v in enumerate(_list(value, where)))
    if kind_type == "checks":
        checks = _list(value, where)
        if not checks:
            _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: the list is empty"), where=where)
        return tuple(_check(c, f"{where}[{i}]") for i, c in enumerate(checks))
    return value  # "value": any JSON value, checked with its op below


def _check(value: object, where: str) -> Check:
    if not isinstance(value, dict):
        _wrong(where, AN_OBJECT, value)
    kind = _text(_required(value, "kind", where), f"{where}.kind")
    if kind not in KINDS:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: \"{value}\" is not a check; choose from {choices}"),
              where=f"{where}.kind", value=kind, choices=", ".join(KINDS))
    spec = KINDS[kind].params
    _object(value, where, ("kind", *spec))
    params: dict[str, object] = {}
    for name, param in spec.items():
        if param.default is None:
            params[name] = _param(param.type, _required(value, name, where), f"{where}.{name}")
        else:
            params[name] = _param(param.type, value.get(name, param.default), f"{where}.{name}")
    if "op" in params:
        _check_comparison(params, where)
    return Check(kind, params)


def _check_comparison(params: dict[str, object], where: str) -> None:
    """le / ge compare a number setting with a number; in takes a list."""
    op, value = params["op"], params["value"]
    if op in ("le", "ge"):
        if params["key"] not in NUMERIC_KEYS:
            _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: \"{op}\" compares numbers; choose a key from "
                                    "{choices}"),
                  where=f"{where}.key", op=op, choices=", ".join(NUMERIC_KEYS))
        _number(value, f"{where}.value", -1e12, 1e12)
    elif op == "in":
        _list(value, f"{where}.value")


def _tasks(value: object) -> tuple[Task, ...]:
    tasks = []
    seen: set[str] = set()
    if not _list(value, "tasks"):  # a lesson with nothing to do would be "done" the moment it opens
        _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: the list is empty"), where="tasks")
    for i, raw in enumerate(_list(value, "tasks")):
        where = f"tasks[{i}]"
        obj = _object(raw, where, TASK_KEYS)
        task_id = _text(_required(obj, "id", where), f"{where}.id")
        if task_id in seen:
            _fail(QT_TRANSLATE_NOOP("LessonFile", "{where}: the task id \"{value}\" is used twice"),
                  where=f"{where}.id", value=task_id)
        seen.add(task_id)
        tasks.append(Task(task_id, _localized(_required(obj, "text", where), f"{where}.text"),
                          _check(_required(obj, "check", where), f"{where}.check")))
    return tuple(tasks)


# ------------------------------------------------------------------------------------------ lessons

def is_lesson(value: object) -> bool:
    """Whether parsed JSON claims to be a lesson (it has the "visualnet_lesson" key)."""
    return isinstance(value, dict) and "visualnet_lesson" in value


def is_lesson_file(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a lesson: a small JSON file with the "visualnet_lesson" key (not a session)."""
    if not str(path).lower().endswith(".json"):
        return False
    try:
        raw = reading.read_bytes(path, MAX_FILE_BYTES + 1)
        return len(raw) <= MAX_FILE_BYTES and is_lesson(json.loads(raw.decode("utf-8-sig")))
    except (reading.ReadError, ValueError):  # unreadable or not JSON: the session reader says why
        return False


def parse(value: object, source: str | None = None) -> Lesson:
    """The lesson in parsed JSON; LessonError names the first thing wrong."""
    if not is_lesson(value):
        _fail(QT_TRANSLATE_NOOP("LessonFile", "this is not a visualnet lesson: it has no "
                                "\"visualnet_lesson\" key"))
    assert isinstance(value, dict)
    raw = _object(value, "lesson", KEYS)
    version = raw["visualnet_lesson"]
    if version != FORMAT:
        if isinstance(version, int) and not isinstance(version, bool) and version > FORMAT:
            _fail(QT_TRANSLATE_NOOP("LessonFile", "this lesson needs a newer visualnet (lesson format "
                                    "{version}; this one reads format {format})"),
                  version=version, format=FORMAT)
        _fail(QT_TRANSLATE_NOOP("LessonFile", "visualnet_lesson: expected {format}, not {value}"),
              format=FORMAT, value=json.dumps(version))
    return Lesson(
        id=_text(_required(raw, "id", "lesson"), "id"),
        title=_localized(_required(raw, "title", "lesson"), "title"),
        idea=_localized(_required(raw, "idea", "lesson"), "idea"),
        watch=_localized(_required(raw, "watch", "lesson"), "watch"),
        setup=_setup(_required(raw, "setup", "lesson")),
        window=_window(raw.get("window", {})),
        tools=tuple(_one_of(t, f"tools[{i}]", TOOLS)
                    for i, t in enumerate(_list(raw.get("tools", []), "tools"))),
        tasks=_tasks(_required(raw, "tasks", "lesson")),
        source=source,
    )


def load(path: str | os.PathLike[str]) -> Lesson:
    """The lesson in a UTF-8 JSON file; LessonError if it cannot be read or is not a good lesson."""
    try:
        raw = reading.read_bytes(path, MAX_FILE_BYTES + 1)
    except reading.ReadError as err:  # in plain, translated words ("no such file", "is a folder" …)
        _fail(QT_TRANSLATE_NOOP("LessonFile", "the lesson file could not be read: {problem}"),
              problem=err.problem)
    if len(raw) > MAX_FILE_BYTES:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "the lesson file is larger than {limit} bytes"),
              limit=MAX_FILE_BYTES)
    try:
        value = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "the lesson file is not UTF-8 text"))
    except json.JSONDecodeError as err:
        _fail(QT_TRANSLATE_NOOP("LessonFile", "the lesson file is not valid JSON: {problem} (line {line}, "
                                "column {column})"), problem=err.msg, line=err.lineno, column=err.colno)
    return parse(value, str(Path(path)))
