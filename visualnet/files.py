"""visualnet's files: CSV datasets and JSON sessions, read from untrusted input safely and written atomically.

Every failure to read a file becomes a `FileFormatError` naming the file, the line (and for JSON the
column) where it can, and the problem in plain words. Sessions are JSON only, never pickle. A session
file (format 1) is

    {"format": 1, "app": "visualnet",
     "meta": {"app_version": "0.1.0", "saved_at": "2025-01-31T12:00:00+00:00"},
     "preset": "Moons" | null,
     "dataset": {"task": "classification", "n_classes": 2, "X": [[x1, x2], ...], "y": [0, 1, ...]},
     "roles": [0, 1, 2, ...] | null,
     "config": {"model": "MLP", "hidden": [8, 8], "activation": "relu", ...} | null,
     "weights": {"W1": [[...], ...], "b1": [...], ...} | null}

Unknown keys (at the top, in "dataset" and in "config") are ignored, so a newer file that only adds
keys still opens; a missing "config" key means "the default". A change that old readers must not
misread bumps FORMAT_VERSION.

Settings obey one set of rules, here (`check_settings`), for files and `Session.configure` alike.
The learning rate is "lr" only, never an entry of "hyper": a file in which an older visualnet left
one in "hyper" still opens, that value becoming "lr" when the file has none (else it is ignored),
and `SessionDocument.notes` says so. A file's size is checked before it is parsed: more lists,
objects or values than any session holds are refused at once, whatever the file's shape.
"""

from __future__ import annotations

import codecs
import contextlib
import dataclasses
import importlib
import itertools
import json
import math
import os
import re
import secrets
import stat
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

import numpy as np

from visualnet import __version__
from visualnet.core.data import Dataset
from visualnet.limits import (
    MAX_CLASSES,
    MAX_HIDDEN_LAYERS,
    MAX_HIDDEN_WIDTH,
    MAX_PARAMETERS,
    MAX_POINTS,
    parameter_count,
)

__all__ = [
    "FORMAT_VERSION",
    "MAX_BYTES",
    "MAX_ROWS",
    "FileFormatError",
    "SessionDocument",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_settings",
    "config_to_dict",
    "document_from_session",
    "load_any",
    "load_dataset_csv",
    "load_session",
    "save_dataset_csv",
    "save_session",
    "sniff",
]

FORMAT_VERSION = 1
MAX_BYTES = 50 * 1024 * 1024  # larger files are refused before a byte is read
MAX_ROWS = MAX_POINTS  # points in one dataset (the name files have always exported)
MAX_WEIGHTS = 1_000_000  # numbers in all weight arrays together
MAX_CSV_LINE = 1000  # characters in one CSV line: a row is two or three numbers
# The settings every way in accepts (files and Session.configure share these rules: `check_settings`).
LR_RANGE = (1e-6, 1e3)  # up to 1e3: divergence is part of the lesson
BATCH_RANGE = (1, MAX_POINTS)
SEED_RANGE = (0, 2**31 - 1)
SPLIT_MAX = 1000  # a share of the split ratio
CSV_HEADERS: dict[str, tuple[str, ...]] = {"classification": ("x1", "x2", "label"), "regression": ("x", "y")}
MODELS = ("Perceptron", "MLP")
INITS = ("auto", "he", "xavier")  # or a number: the standard deviation of the initial weights
# used only when the core module that owns the names is not there
FALLBACK_ACTIVATIONS = ("step", "sigmoid", "tanh", "relu", "leaky_relu", "identity")
FALLBACK_OPTIMIZERS = ("SGD", "Momentum", "Nesterov", "AdaGrad", "RMSprop", "Adam")
FALLBACK_HYPER = ("momentum", "decay_rate", "beta1", "beta2")

PathLike = str | os.PathLike[str]


class FileFormatError(ValueError):
    """A file visualnet cannot read: `path`, `line`, `column` (1-based, or None), `problem` in plain words."""

    def __init__(self, path: PathLike, problem: str, line: int | None = None,
                 column: int | None = None) -> None:
        self.path = os.fsdecode(path)
        self.line = line
        self.column = column
        self.problem = problem
        super().__init__(str(self))

    def __str__(self) -> str:
        name = os.path.basename(self.path) or self.path
        where = name if self.line is None else f"{name}, line {self.line}"
        if self.line is not None and self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.problem}"

    def __reduce__(self) -> tuple[Any, ...]:
        # exceptions pickle as cls(*args); ours has its own signature
        return type(self), (self.path, self.problem, self.line, self.column)


class _ReadError(Exception):
    """Internal: a problem found while reading, turned into a FileFormatError (or ValueError on save)."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


@contextmanager
def _reading(path: PathLike) -> Iterator[None]:
    """Turn the internal problems of reading `path` into FileFormatError."""
    try:
        yield
    except _ReadError as e:
        raise FileFormatError(path, e.problem, e.line, e.column) from e.__cause__


# ------------------------------------------------------------------------------------------ raw bytes


def _os_problem(e: OSError | ValueError) -> str:
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if isinstance(e, PermissionError):
        return "permission denied: visualnet may not read it"
    if isinstance(e, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(e, OSError):
        return f"cannot be read ({e.strerror or e})"
    return "is not a valid file name"  # e.g. an embedded NUL character


def _read_bytes(path: PathLike, limit: int | None = None) -> bytes:
    """The file's bytes (the first `limit` if given), after checking it is a regular file <= MAX_BYTES."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as e:
        raise _ReadError(_os_problem(e)) from e
    if stat.S_ISDIR(info.st_mode):
        raise _ReadError("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise _ReadError("is not a regular file")  # a pipe or device could block or never end
    if info.st_size > MAX_BYTES:
        size = info.st_size / 2**20
        raise _ReadError(f"is {size:.0f} MB; files over {MAX_BYTES // 2**20} MB are not opened")
    try:
        with open(path, "rb") as f:
            # one byte past the limit: the file may have grown since stat
            data = f.read(MAX_BYTES + 1 if limit is None else limit)
    except (OSError, ValueError) as e:
        raise _ReadError(_os_problem(e)) from e
    if len(data) > MAX_BYTES:
        raise _ReadError(f"is over {MAX_BYTES // 2**20} MB; such files are not opened")
    return data


def _line_at(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def _decode(data: bytes, kind: str) -> str:
    """UTF-8 text without its optional BOM; binary files are refused with the line of the first bad byte."""
    data = data.removeprefix(codecs.BOM_UTF8)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _ReadError(f"contains NUL bytes: it is a binary file, not {kind} text", _line_at(data, nul))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise _ReadError(f"is not UTF-8 text (byte 0x{data[e.start]:02x})", _line_at(data, e.start)) from e


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# ----------------------------------------------------------------------------------------------- CSV

# decimal numbers only: Python's float() would also take "1_000", "nan", "infinity" and non-ASCII digits
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)


def _csv_number(text: str, column: str) -> float:
    if not text:
        raise _ReadError(f"{column} is empty")
    if _NON_FINITE.fullmatch(text):
        raise _ReadError(f"{text!r} is not a finite number (NaN and infinity are not allowed)")
    if not _NUMBER.fullmatch(text):
        raise _ReadError(f"{_clip(repr(text))} is not a number")
    value = float(text)
    if not math.isfinite(value):
        raise _ReadError(f"{_clip(repr(text))} is too large")
    return value


def _csv_label(text: str) -> int:
    value = _csv_number(text, "the label")
    if not value.is_integer():
        raise _ReadError(f"label {_clip(repr(text))} is not a whole number")
    if not 0 <= value < MAX_CLASSES:
        top = MAX_CLASSES - 1
        raise _ReadError(f"label {int(value)} is outside 0..{top} (at most {MAX_CLASSES} classes)")
    return int(value)


def _csv_task(fields: list[str], line: str) -> str:
    names = tuple(f.lower() for f in fields)
    for task, header in CSV_HEADERS.items():
        if names == header:
            return task
    if len(fields) == 1 and (";" in line or "\t" in line):
        raise _ReadError("columns must be separated by commas")
    raise _ReadError(f"the header must be 'x1,x2,label' (classification) or 'x,y' (regression), "
               f"not {_clip(repr(line))}")


_SPACE = re.compile(r"\s*")


def _content_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, stripped text) of each line that is not blank, in order.

    Runs of blank lines are skipped by one regular-expression match, not one Python step per line,
    so a file of millions of empty lines costs no more than its size. Lines end at LF, CRLF or CR
    only (str.splitlines would also split at form feeds and U+2028 and shift the line numbers).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # returns `text` itself when there is none
    pos, number = 0, 1
    while True:
        start = _SPACE.match(text, pos).end()  # past blank lines and a line's leading spaces
        if start == len(text):
            return
        line_start = text.rfind("\n", pos, start) + 1 or pos
        number += text.count("\n", pos, line_start)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > MAX_CSV_LINE:  # checked before the line is copied or split
            raise _ReadError(f"is {end - start:,} characters long; a row is a few numbers "
                             f"(at most {MAX_CSV_LINE:,} characters)", number)
        yield number, text[start:end].strip()
        pos, number = end + 1, number + 1


def _parse_csv(text: str) -> Dataset:
    task = ""
    header: tuple[str, ...] = ()
    coords: list[float] = []
    labels: list[int] = []
    for number, line in _content_lines(text):
        fields = [f.strip() for f in line.split(",")]
        try:
            if not task:
                task = _csv_task(fields, line)
                header = CSV_HEADERS[task]
                continue
            if len(fields) != len(header):
                raise _ReadError(f"expected {len(header)} columns ({','.join(header)}), found {len(fields)}")
            if len(coords) == 2 * MAX_ROWS:
                raise _ReadError(f"has more than {MAX_ROWS:,} points")
            coords += [_csv_number(fields[0], header[0]), _csv_number(fields[1], header[1])]
            if task == "classification":
                labels.append(_csv_label(fields[2]))
        except _ReadError as e:
            raise _ReadError(e.problem, number) from None
    if not coords:
        raise _ReadError("has no points" + ("" if task else " (the file is empty)"))
    X = np.array(coords, dtype=np.float64).reshape(-1, 2)
    if task == "regression":
        return Dataset(X, np.zeros(len(X), np.int64), "regression", 0)
    y = np.array(labels, dtype=np.int64)
    return Dataset(X, y, "classification", max(2, int(y.max()) + 1))


def load_dataset_csv(path: PathLike) -> Dataset:
    """Read a CSV dataset written by `save_dataset_csv` (or by hand, numpy, pandas, a spreadsheet)."""
    with _reading(path):
        return _parse_csv(_decode(_read_bytes(path), "CSV"))


def _check_saveable(dataset: Dataset) -> None:
    """Refuse (ValueError) a dataset whose CSV would not open again."""
    dataset.validate()
    if len(dataset) == 0:
        raise ValueError("a dataset with no points cannot be saved as CSV: it would not open again")
    if len(dataset) > MAX_ROWS:
        raise ValueError(f"a dataset of more than {MAX_ROWS:,} points would not open again")
    if dataset.task == "classification" and dataset.y.max() >= MAX_CLASSES:
        raise ValueError(f"labels go from 0 to {MAX_CLASSES - 1}")


def save_dataset_csv(path: PathLike, dataset: Dataset) -> None:
    """Write `dataset` as CSV (header x1,x2,label or x,y) with repr-exact numbers, atomically."""
    _check_saveable(dataset)
    # tolist() gives Python floats, whose repr is the shortest text that reads back bit for bit
    points = dataset.X.tolist()
    if dataset.task == "regression":
        rows = [f"{x!r},{t!r}" for x, t in points]
    else:
        rows = [f"{a!r},{b!r},{k}" for (a, b), k in zip(points, dataset.y.tolist(), strict=True)]
    atomic_write_text(path, "\n".join([",".join(CSV_HEADERS[dataset.task]), *rows]) + "\n")


# ------------------------------------------------------------------------------------- JSON values


def _is_int(v: Any) -> bool:
    return type(v) is int  # JSON true/false are bools, which Python counts as ints


def _is_number(v: Any) -> bool:
    return type(v) is int or type(v) is float


_NUMBER_TYPES = frozenset({int, float})  # exactly: JSON's true and false are bools


def _show(v: Any) -> str:
    """A short description of a JSON value for a message (never the whole of a big list)."""
    if isinstance(v, str | int | float) and not isinstance(v, bool):
        return _clip(repr(v))
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    return "a list" if isinstance(v, list) else "an object"


def _reject_constant(name: str) -> Any:
    raise _ReadError(f"{name} is not allowed: every number must be finite")


def _short_int(text: str) -> int:
    # Python refuses ints of over 4300 digits with a confusing message, and converts long ones in
    # quadratic time; none of ours needs 30 digits
    if len(text) > 30:
        raise _ReadError(f"the number {_clip(text)} has too many digits")
    return int(text)


def _json_budget() -> dict[str, int]:
    """The most of each JSON token a valid session can hold: its points, labels, roles and weights."""
    return {
        "[": MAX_ROWS + MAX_WEIGHTS + 10_000,  # a list per point and per weight row
        "{": 10_000,  # a session has a handful of objects
        ":": 100_000,  # and a few hundred keys
        ",": 4 * MAX_ROWS + 2 * MAX_WEIGHTS + 10_000,  # x1, x2, label, role per point; weights
    }


def _check_json_size(text: str) -> None:
    """Refuse text with far more values than any session holds, before parsing builds them all.

    A 50 MB file of `[]` or `{}` or `0,` would become tens of millions of Python objects (gigabytes,
    seconds); counting the characters that open them costs milliseconds. Characters inside strings
    count too: only a file that is not a visualnet session has that many.
    """
    for char, most in _json_budget().items():
        found = text.count(char)
        if found > most:
            what = {"[": "lists", "{": "objects", ":": "named entries", ",": "values"}[char]
            raise _ReadError(f"holds {found:,} {what}; a visualnet session has at most {most:,}")


def _loads(text: str) -> Any:
    """Parse JSON text, refusing NaN, infinity, huge integers, absurd nesting and absurd sizes."""
    _check_json_size(text)
    # json's own C parser for floats (a Python callback per float costs a second per million): a
    # float too large becomes inf, which every check of a value that is used refuses ("not
    # finite", "must be a number in ..."); unknown keys are ignored anyway. Ints are fewer (labels,
    # roles) and need their length checked.
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_int=_short_int)
    except json.JSONDecodeError as e:
        raise _ReadError(f"is not valid JSON ({e.msg})", e.lineno, e.colno) from e
    except RecursionError as e:
        raise _ReadError("is nested too deeply to be a visualnet file") from e


def _float_array(value: Any, where: str, max_size: int, too_many: str = "") -> np.ndarray:
    """A finite float64 array of at most 2 dims from a number or (nested) list; size checked first.

    `too_many` is the problem when the array holds more than `max_size` numbers (by default
    "`where` has more than `max_size` numbers").
    """
    too_many = too_many or f"{where} has more than {max_size:,} numbers"
    if _is_number(value):
        value = [value]
        shape: tuple[int, ...] = ()
    elif not isinstance(value, list):
        raise _ReadError(f"{where} must be a list of numbers, not {_show(value)}")
    elif _NUMBER_TYPES.issuperset(map(type, value)):
        shape = (len(value),)
    else:
        if not isinstance(value[0], list):
            raise _ReadError(f"{where}[0] is {_show(value[0])}, not a list of numbers")
        width = len(value[0])
        if width == 0:  # rows of nothing: millions of them would cost time and hold no number
            raise _ReadError(f"{where}[0] is an empty list, not a list of numbers")
        if len(value) * width > max_size:
            raise _ReadError(too_many)
        # the types and widths of a million numbers checked in C; the loop below only finds the
        # first bad one for the message
        fine = ({list}.issuperset(map(type, value)) and {width}.issuperset(map(len, value))
                and _NUMBER_TYPES.issuperset(map(type, itertools.chain.from_iterable(value))))
        for i, row in enumerate(() if fine else value):
            if not isinstance(row, list):
                raise _ReadError(f"{where}[{i}] is {_show(row)}, not a list of numbers")
            if len(row) != width:
                raise _ReadError(f"{where}[{i}] has {len(row)} numbers, expected {width}")
            for j, v in enumerate(row):
                if not _is_number(v):
                    raise _ReadError(f"{where}[{i}][{j}] is {_show(v)}, not a number")
        shape = (len(value), width)
    if math.prod(shape) > max_size:
        raise _ReadError(too_many)
    try:
        array = np.array(value, dtype=np.float64).reshape(shape)
    except OverflowError as e:  # an integer beyond float range
        raise _ReadError(f"{where} has a number too large") from e
    if not np.isfinite(array).all():
        raise _ReadError(f"{where} has a number that is not finite")
    return array


def _int_array(value: Any, where: str, n: int, lo: int, hi: int, what: str) -> np.ndarray:
    """An int64 array of exactly n whole numbers in lo..hi, from a JSON list."""
    if not isinstance(value, list):
        raise _ReadError(f"{where} must be a list, not {_show(value)}")
    if len(value) != n:
        raise _ReadError(f"{where} has {len(value):,} entries for {n:,} points")
    if {int}.issuperset(map(type, value)):  # checked in C; the loop below finds the bad entry
        with contextlib.suppress(OverflowError):  # an int beyond int64
            array = np.array(value, dtype=np.int64).reshape(n)
            if n == 0 or (lo <= array.min() and array.max() <= hi):
                return array
    for i, v in enumerate(value):
        if not (_is_int(v) and lo <= v <= hi):
            raise _ReadError(f"{where}[{i}] is {_show(v)}, not {what}")
    return np.array(value, dtype=np.int64).reshape(n)


def _whole(value: Any, where: str, lo: int, hi: int) -> int:
    if not (_is_int(value) and lo <= value <= hi):
        raise _ReadError(f"{where} must be a whole number in {lo:,}..{hi:,}, not {_show(value)}")
    return value


def _number(value: Any, where: str, lo: float, hi: float) -> float:
    if not (_is_number(value) and lo <= value <= hi):  # NaN fails both comparisons
        raise _ReadError(f"{where} must be a number in {lo:g}..{hi:g}, not {_show(value)}")
    return float(value)


def _ints(value: Any, where: str, lengths: range, lo: int, hi: int) -> list[int]:
    if not (isinstance(value, list) and len(value) in lengths):
        raise _ReadError(f"{where} must be a list of {lengths.start} to {lengths.stop - 1} whole numbers, "
                   f"not {_show(value)}")
    return [_whole(v, f"{where}[{i}]", lo, hi) for i, v in enumerate(value)]


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}", re.ASCII)


def _key(k: str, where: str) -> str:
    if not _KEY.fullmatch(k):
        raise _ReadError(f"{where} has a bad name {_clip(repr(k))}")
    return k


def _text(value: Any, where: str, width: int = 200) -> str:
    ok = isinstance(value, str) and len(value) <= width
    if ok:
        try:
            value.encode("utf-8")  # JSON allows lone surrogates, which no file or widget can hold
        except UnicodeEncodeError:
            ok = False
    if not ok:
        raise _ReadError(f"{where} must be text of at most {width} characters, not {_show(value)}")
    return value


# ------------------------------------------------------------------------------------ the document


@dataclass(eq=False)
class SessionDocument:
    """What a file holds: a dataset and, from a session file, roles, settings and weights (else None)."""

    dataset: Dataset
    roles: np.ndarray | None = None  # (n,) int8: 0 train, 1 validation, 2 test
    config: dict[str, Any] | None = None  # session.Config's fields as JSON types (lists, not tuples)
    weights: dict[str, np.ndarray] | None = None  # the model's params, float64
    preset: str | None = None  # the preset the data came from (informational)
    meta: dict[str, Any] = field(default_factory=dict)  # app_version, saved_at (ISO 8601)
    notes: list[str] = field(default_factory=list)  # what reading changed to open the file, plain words


def _names(module: str, fallback: tuple[str, ...]) -> tuple[str, ...]:
    """The NAMES of a core module, or `fallback` while that module does not exist."""
    try:
        return tuple(importlib.import_module(f"visualnet.core.{module}").NAMES)
    except ImportError:
        return fallback


def _choice(value: Any, where: str, names: tuple[str, ...]) -> str:
    """The canonical spelling of a name, matched case-insensitively ('-' and ' ' count as '_')."""
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        for name in names:
            if name.lower() == key:
                return name
    raise _ReadError(f"{where} is {_show(value)}; choose from {', '.join(names)}")


def _init(value: Any, where: str) -> str | float:
    if isinstance(value, str):
        return _choice(value, where, INITS)
    if not (_is_number(value) and 0 < value <= 10):
        raise _ReadError(f"{where} must be one of {', '.join(INITS)} or a standard deviation in (0, 10]")
    return float(value)


def _hyper_names() -> tuple[str, ...]:
    """Every optimizer's hyper-parameters other than the learning rate (momentum, beta1, ...)."""
    try:
        defaults = importlib.import_module("visualnet.core.optimizers").DEFAULTS
    except ImportError:
        return FALLBACK_HYPER
    return tuple(sorted({k for d in defaults.values() for k in d} - {"lr"}))


def _hyper(value: Any, where: str) -> dict[str, float]:
    if not (isinstance(value, dict) and len(value) <= 16):
        raise _ReadError(f"{where} must be an object of at most 16 named numbers, not {_show(value)}")
    known = _hyper_names()
    out: dict[str, float] = {}
    for k, v in value.items():
        name = _key(k if isinstance(k, str) else repr(k), where)
        if name == "lr":
            raise _ReadError(f"{where}.lr: the learning rate is a setting of its own (lr), "
                             "not a hyper-parameter")
        if name in known:
            # momentum, RMSprop's decay rate and Adam's betas weigh the past against the present:
            # 1 or more never forgets (and Adam divides by 1 - beta1**t = 0)
            if not (_is_number(v) and 0 <= v < 1):
                raise _ReadError(f"{where}.{name} must be a number from 0 up to (not including) 1, "
                                 f"not {_show(v)}")
        else:  # a newer version's hyper-parameter: kept, unused here
            _number(v, f"{where}.{name}", -1e6, 1e6)
        out[name] = float(v)
    return out


def _split(value: Any, where: str) -> list[int]:
    # zeros are fine for validation and test (1:0 trains on every point), but something must train
    shares = _ints(value, where, range(2, 4), 0, SPLIT_MAX)
    if shares[0] == 0:
        raise _ReadError(f"{where} gives training no share: its first number must be 1 or more")
    return shares


def _hidden(value: Any, where: str) -> list[int]:
    # a limit on the whole network, not only on each layer: a frame's cost follows the weight count
    sizes = _ints(value, where, range(1, MAX_HIDDEN_LAYERS + 1), 1, MAX_HIDDEN_WIDTH)
    count = parameter_count(sizes)
    if count > MAX_PARAMETERS:
        raise _ReadError(f"{where} {','.join(map(str, sizes))} would make a network of up to {count:,} "
                         f"weights and biases; the views follow at most {MAX_PARAMETERS:,} live: "
                         "use fewer or narrower layers")
    return sizes


_CONFIG: dict[str, Callable[[Any, str], Any]] = {
    "model": lambda v, w: _choice(v, w, MODELS),
    "hidden": _hidden,
    "activation": lambda v, w: _choice(v, w, _names("activations", FALLBACK_ACTIVATIONS)),
    "init": _init,
    "optimizer": lambda v, w: _choice(v, w, _names("optimizers", FALLBACK_OPTIMIZERS)),
    "lr": lambda v, w: _number(v, w, *LR_RANGE),
    "batch_size": lambda v, w: _whole(v, w, *BATCH_RANGE),
    "split": _split,
    "seed": lambda v, w: _whole(v, w, *SEED_RANGE),
    "hyper": _hyper,
}


def _json_value(value: Any) -> Any:
    """A setting from code in the types JSON gives: numpy scalars as numbers, tuples as lists."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple | np.ndarray):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def check_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """Settings from code (Session.configure, a control) checked by the rules files obey.

    Returns them canonical (names spelled as the app spells them, hidden and split as tuples of
    ints, numbers as floats or ints); KeyError for a name that is no setting, ValueError in plain
    words for a bad value.
    """
    unknown = set(values) - set(_CONFIG)
    if unknown:
        raise KeyError(f"unknown settings: {sorted(unknown)}")
    try:
        out = {key: _CONFIG[key](_json_value(value), key) for key, value in values.items()}
    except _ReadError as e:
        raise ValueError(e.problem) from None
    return {k: tuple(v) if k in ("hidden", "split") else v for k, v in out.items()}


def _config(value: Any, notes: list[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _ReadError(f"config must be an object, not {_show(value)}")
    hyper = value.get("hyper")
    if isinstance(hyper, dict) and "lr" in hyper:
        # An older visualnet let a learning rate into the hyper-parameters (and then could not open
        # the file it saved): the file still opens, the learning rate is config.lr, and the
        # window can say what was done (notes).
        hyper = dict(hyper)
        lr = hyper.pop("lr")
        value = {**value, "hyper": hyper}
        if "lr" in value:
            notes.append(f"the file's hyper-parameters held a second learning rate ({_show(lr)}); "
                         f"it was ignored: the learning rate is {_show(value['lr'])}")
        else:
            value["lr"] = lr
            notes.append(f"the file's learning rate ({_show(lr)}) was among its hyper-parameters; "
                         "it is used as the learning rate")
    return {key: check(value[key], f"config.{key}") for key, check in _CONFIG.items() if key in value}


def _dataset(value: Any) -> Dataset:
    if value is None:
        raise _ReadError("has no dataset")
    if not isinstance(value, dict):
        raise _ReadError(f"dataset must be an object, not {_show(value)}")
    task = value.get("task")
    if not (isinstance(task, str) and task in CSV_HEADERS):
        raise _ReadError(f"dataset.task must be 'classification' or 'regression', not {_show(task)}")
    points = value.get("X")
    if isinstance(points, list) and len(points) > MAX_ROWS:
        raise _ReadError(f"dataset has more than {MAX_ROWS:,} points")
    X = _float_array(points, "dataset.X", 2 * MAX_ROWS)
    if X.shape == (0,):
        X = X.reshape(0, 2)
    if X.ndim != 2 or X.shape[1] != 2:
        raise _ReadError("dataset.X must be a list of [x1, x2] points")
    n = len(X)
    if task == "regression":
        y = _int_array(value.get("y"), "dataset.y", n, 0, 0, "0 (a regression dataset has no labels)")
        k = _whole(value.get("n_classes", 0), "dataset.n_classes", 0, 1)
    else:
        y = _int_array(value.get("y"), "dataset.y", n, 0, MAX_CLASSES - 1,
                       f"a class label 0..{MAX_CLASSES - 1}")
        top = int(y.max()) + 1 if n else 0
        k = _whole(value.get("n_classes", max(2, top)), "dataset.n_classes", max(2, top), MAX_CLASSES)
    try:
        return Dataset(X, y, task, k).validate()
    except ValueError as e:  # a last guard; the checks above should already have caught it
        raise _ReadError(f"dataset: {e}") from e


def _weights(value: Any) -> dict[str, np.ndarray]:
    if not (isinstance(value, dict) and len(value) <= 64):
        raise _ReadError(f"weights must be an object of at most 64 named arrays, not {_show(value)}")
    out: dict[str, np.ndarray] = {}
    budget = MAX_WEIGHTS
    for k, v in value.items():
        # the budget is for all arrays together: say so, not "has more than 0 numbers"
        out[_key(k, "weights")] = array = _float_array(
            v, f"weights.{k}", budget, f"the weights hold more than {MAX_WEIGHTS:,} numbers in all "
            f"(weights.{k} is past the limit)")
        budget -= array.size
    return out


def _meta(value: Any) -> dict[str, Any]:
    """The informational entries: plain text, number, true/false or null values only; others dropped."""
    if not isinstance(value, dict):
        return {}
    out: dict[str, Any] = {}
    for k, v in value.items():
        try:
            plain = v is None or isinstance(v, bool) or _is_int(v) or (type(v) is float and math.isfinite(v))
            out[_text(k, "meta", 64)] = v if plain else _text(v, "meta")  # 1e999 (inf) is dropped
        except _ReadError:
            continue  # meta is informational: an odd entry is not worth refusing the file for
    return out


def _document(obj: Any) -> SessionDocument:
    """Validate a parsed session file completely."""
    if not isinstance(obj, dict):
        raise _ReadError("is not a visualnet session (expected a JSON object)")
    if "format" not in obj:
        raise _ReadError("has no format version: it is not a visualnet session file")
    version = obj["format"]
    if not _is_int(version):
        raise _ReadError(f"format {_show(version)} is not a version number")
    if version > FORMAT_VERSION:
        raise _ReadError(f"format {version} is newer than this visualnet understands ({FORMAT_VERSION}); "
                   "update visualnet to open it")
    if version < 1:
        raise _ReadError(f"format {version} is not a visualnet format")
    if obj.get("app", "visualnet") != "visualnet":
        raise _ReadError(f"was written by {_show(obj['app'])}, not visualnet")
    dataset = _dataset(obj.get("dataset"))
    roles, config, weights, preset = (obj.get(k) for k in ("roles", "config", "weights", "preset"))
    notes: list[str] = []
    return SessionDocument(
        dataset=dataset,
        roles=None if roles is None else _int_array(
            roles, "roles", len(dataset), 0, 2, "a role (0 train, 1 validation, 2 test)").astype(np.int8),
        config=None if config is None else _config(config, notes),
        weights=None if weights is None else _weights(weights),
        preset=None if preset is None else _text(preset, "preset"),
        meta=_meta(obj.get("meta")),
        notes=notes,
    )


def load_session(path: PathLike) -> SessionDocument:
    """Read and fully validate a session file (JSON; never pickle)."""
    with _reading(path):
        return _document(_loads(_decode(_read_bytes(path), "JSON")))


def _plain(value: Any) -> Any:
    """json.dumps fallback: numpy arrays and scalars as plain lists and numbers."""
    if isinstance(value, np.ndarray | np.generic):
        return value.tolist()
    raise TypeError(f"{type(value).__name__} cannot be written to a session file")


def _pretty(value: Any, level: int = 0) -> str:
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
        text = _pretty(payload) + "\n"
        _document(_loads(text))  # what is saved must open again: check it with the reader itself
    except (_ReadError, ValueError, TypeError) as e:
        raise ValueError(f"cannot save {os.path.basename(os.fsdecode(path))}: {e}") from e
    atomic_write_text(path, text)


def config_to_dict(config: Any) -> dict[str, Any]:
    """A session.Config (any dataclass) as plain JSON types: tuples become lists, numpy scalars numbers."""
    out = dataclasses.asdict(config)
    return json.loads(json.dumps(out, default=_plain))  # one pass turns tuples and numpy into JSON types


def document_from_session(session: Any, preset: str | None = None) -> SessionDocument:
    """A document of a Session's current state (reads dataset, roles, config and model.params)."""
    return SessionDocument(
        dataset=session.dataset.copy(),
        roles=np.asarray(session.roles, dtype=np.int8).copy(),
        config=config_to_dict(session.config),
        weights={k: np.array(v, dtype=np.float64) for k, v in session.model.params.items()},
        preset=preset,
    )


# ------------------------------------------------------------------------------- opening any file


def sniff(path: PathLike) -> Literal["csv", "json"]:
    """"csv" or "json": by extension (.csv, .json, .visualnet.json), else by the first non-space byte."""
    name = os.fsdecode(path).lower()
    if name.endswith(".json"):
        return "json"
    if name.endswith(".csv"):
        return "csv"
    with _reading(path):
        head = _read_bytes(path, limit=65536).removeprefix(codecs.BOM_UTF8).lstrip()
    return "json" if head[:1] in (b"{", b"[") else "csv"


def load_any(path: PathLike) -> SessionDocument:
    """Open a CSV dataset or a session file (for "Open…" and drag-and-drop)."""
    if sniff(path) == "csv":
        return SessionDocument(load_dataset_csv(path))
    return load_session(path)


# ---------------------------------------------------------------------------------- atomic writes


def is_read_only(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is an existing file nobody may write (by its mode bits) or we may not (os.access).

    The mode bits matter even for root, who may write anything: a file someone made read-only is
    meant to be kept, and an atomic save (a rename over it) would ignore its mode.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not mode & 0o222 or not os.access(path, os.W_OK)


def atomic_write_bytes(path: PathLike, data: bytes) -> None:
    """Write `data` to `path` so that a crash leaves either the old file or the new one, never half."""
    # write through a symlink to its target, rather than replacing the link with a file
    target = os.path.realpath(os.fsdecode(path))
    folder, name = os.path.split(target)
    try:
        mode: int | None = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = None
    # the temporary file must be in the same folder: os.replace is atomic only within one file system
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            # 0o666 & ~umask, like any new file (mkstemp would make it 0o600)
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
            break
        except FileExistsError:
            continue
    else:
        raise FileExistsError(f"cannot create a temporary file next to {target}")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())  # the bytes are on disk before the name points at them
        if mode is not None:
            os.chmod(tmp, mode)  # replacing a file keeps its permissions
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    """Make the rename itself durable (POSIX); best effort, as some systems cannot open folders."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write_text(path: PathLike, text: str, encoding: str = "utf-8") -> None:
    """Write `text` atomically (see atomic_write_bytes); newlines are written as given."""
    atomic_write_bytes(path, text.encode(encoding))
