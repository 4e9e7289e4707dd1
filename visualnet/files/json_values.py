"""Parsed JSON, checked: each value a file gives becomes a typed one, or a `ReadError` that says where.

JSON from a file is untrusted: any type may stand anywhere, numbers may be huge or not finite, lists
may hold millions of entries. `loads` refuses NaN, infinity, long integers, deep nesting and more values
than a session holds before it builds them; the checkers below turn one value each into what the app
uses (`where` is the value's place in the file, e.g. "config.hidden[1]", for the message).
"""

from __future__ import annotations

import contextlib
import itertools
import json
import math
import re
from typing import Any, TypeGuard

import numpy as np
from numpy.typing import NDArray

from visualnet.files.reading import ReadError, clip
from visualnet.limits import MAX_POINTS, MAX_WEIGHTS
from visualnet.translatable import QT_TRANSLATE_NOOP

__all__ = [
    "FloatArray", "IntArray", "Json", "choice", "float_array", "int_array", "is_int", "is_number", "key_name",
    "loads", "number_in", "short_text", "show", "whole_in", "wholes_in",
]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
Json = Any  # a value as json.loads gives it (dict, list, str, int, float, bool or None), not yet checked


def is_int(v: object) -> TypeGuard[int]:
    """Whether `v` is a JSON integer."""
    return type(v) is int  # JSON true/false are bools, which Python counts as ints


def is_number(v: object) -> TypeGuard[int | float]:
    """Whether `v` is a JSON number."""
    return type(v) is int or type(v) is float


NUMBER_TYPES = frozenset({int, float})  # exactly: JSON's true and false are bools


def show(v: object) -> str:
    """A short description of a JSON value for a message (never the whole of a big list)."""
    if isinstance(v, str | int | float) and not isinstance(v, bool):
        return clip(repr(v))
    if v is None or isinstance(v, bool):
        return json.dumps(v)
    if isinstance(v, list):
        return QT_TRANSLATE_NOOP("files", "a list")
    return QT_TRANSLATE_NOOP("files", "an object")


def _reject_constant(name: str) -> Json:
    """json's hook for NaN and Infinity: refused."""
    raise ReadError(QT_TRANSLATE_NOOP("files", "{name} is not allowed: every number must be finite"),
                    name=name)


def _short_int(text: str) -> int:
    """json's hook for integers: at most 30 digits."""
    # Python refuses ints of over 4300 digits with a confusing message, and converts long ones in
    # quadratic time; none of ours needs 30 digits
    if len(text) > 30:
        raise ReadError(QT_TRANSLATE_NOOP("files", "the number {text} has too many digits"), text=clip(text))
    return int(text)


def _json_budget() -> dict[str, int]:
    """The most of each JSON token a valid session can hold: its points, labels, roles and weights."""
    return {
        "[": MAX_POINTS + MAX_WEIGHTS + 10_000,  # a list per point and per weight row
        "{": 10_000,  # a session has a handful of objects
        ":": 100_000,  # and a few hundred keys
        ",": 4 * MAX_POINTS + 2 * MAX_WEIGHTS + 10_000,  # x1, x2, label, role per point; weights
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
            raise ReadError(_TOO_MANY[char], found=found, most=most)


_TOO_MANY = {  # whole sentences: the words for what is counted differ by language
    "[": QT_TRANSLATE_NOOP("files", "holds {found:,} lists; a visualnet session has at most {most:,}"),
    "{": QT_TRANSLATE_NOOP("files", "holds {found:,} objects; a visualnet session has at most {most:,}"),
    ":": QT_TRANSLATE_NOOP("files",
                           "holds {found:,} named entries; a visualnet session has at most {most:,}"),
    ",": QT_TRANSLATE_NOOP("files", "holds {found:,} values; a visualnet session has at most {most:,}"),
}


def loads(text: str) -> Json:
    """Parse JSON text, refusing NaN, infinity, huge integers, absurd nesting and absurd sizes."""
    _check_json_size(text)
    # json's own C parser for floats (a Python callback per float costs a second per million): a
    # float too large becomes inf, which every check of a value that is used refuses ("not
    # finite", "must be a number in ..."); unknown keys are ignored anyway. Ints are fewer (labels,
    # roles) and need their length checked.
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_int=_short_int)
    except json.JSONDecodeError as e:
        # json's own words for what is wrong (English, as Python writes them)
        raise ReadError(QT_TRANSLATE_NOOP("files", "is not valid JSON ({reason})"), reason=e.msg,
                        line=e.lineno, column=e.colno) from e
    except RecursionError as e:
        raise ReadError(QT_TRANSLATE_NOOP("files", "is nested too deeply to be a visualnet file")) from e


def float_array(value: object, where: str, max_size: int, too_many: ReadError | None = None) -> FloatArray:
    """A finite float64 array of at most 2 dims from a number or (nested) list; size checked first.

    `too_many` is the problem when the array holds more than `max_size` numbers (by default
    "`where` has more than `max_size` numbers").
    """
    too_many = too_many or ReadError(QT_TRANSLATE_NOOP("files", "{where} has more than {most:,} numbers"),
                                     where=where, most=max_size)
    if is_number(value):
        value = [value]
        shape: tuple[int, ...] = ()
    elif not isinstance(value, list):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} must be a list of numbers, not {value}"),
                        where=where, value=show(value))
    elif NUMBER_TYPES.issuperset(map(type, value)):
        shape = (len(value),)
    else:
        if not isinstance(value[0], list):
            raise ReadError(QT_TRANSLATE_NOOP("files", "{where}[0] is {value}, not a list of numbers"),
                            where=where, value=show(value[0]))
        width = len(value[0])
        if width == 0:  # rows of nothing: millions of them would cost time and hold no number
            raise ReadError(QT_TRANSLATE_NOOP("files", "{where}[0] is an empty list, not a list of numbers"),
                            where=where)
        if len(value) * width > max_size:
            raise too_many
        # the types and widths of a million numbers checked in C; the loop below only finds the
        # first bad one for the message
        fine = ({list}.issuperset(map(type, value)) and {width}.issuperset(map(len, value))
                and NUMBER_TYPES.issuperset(map(type, itertools.chain.from_iterable(value))))
        for i, row in enumerate(() if fine else value):
            if not isinstance(row, list):
                raise ReadError(QT_TRANSLATE_NOOP("files", "{where}[{i}] is {value}, not a list of numbers"),
                                where=where, i=i, value=show(row))
            if len(row) != width:
                raise ReadError(
                    QT_TRANSLATE_NOOP("files", "{where}[{i}] has {found} numbers, expected {width}"),
                    where=where, i=i, found=len(row), width=width)
            for j, v in enumerate(row):
                if not is_number(v):
                    raise ReadError(QT_TRANSLATE_NOOP("files", "{where}[{i}][{j}] is {value}, not a number"),
                                    where=where, i=i, j=j, value=show(v))
        shape = (len(value), width)
    if math.prod(shape) > max_size:
        raise too_many
    try:
        array = np.array(value, dtype=np.float64).reshape(shape)
    except OverflowError as e:  # an integer beyond float range
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} has a number too large"), where=where) from e
    if not np.isfinite(array).all():
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} has a number that is not finite"), where=where)
    return array


def int_array(value: object, where: str, n: int, lo: int, hi: int, what: object) -> IntArray:
    """An int64 array of exactly n whole numbers in lo..hi, from a JSON list."""
    if not isinstance(value, list):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} must be a list, not {value}"),
                        where=where, value=show(value))
    if len(value) != n:
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} has {found:,} entries for {n:,} points"),
                        where=where, found=len(value), n=n)
    if {int}.issuperset(map(type, value)):  # checked in C; the loop below finds the bad entry
        with contextlib.suppress(OverflowError):  # an int beyond int64
            array = np.array(value, dtype=np.int64).reshape(n)
            if n == 0 or (lo <= array.min() and array.max() <= hi):
                return array
    for i, v in enumerate(value):
        if not (is_int(v) and lo <= v <= hi):
            raise ReadError(QT_TRANSLATE_NOOP("files", "{where}[{i}] is {value}, not {what}"),
                            where=where, i=i, value=show(v), what=what)
    return np.array(value, dtype=np.int64).reshape(n)


def whole_in(value: object, where: str, lo: int, hi: int) -> int:
    """A JSON integer in lo..hi."""
    if not (is_int(value) and lo <= value <= hi):
        raise ReadError(
            QT_TRANSLATE_NOOP("files", "{where} must be a whole number in {lo:,}..{hi:,}, not {value}"),
            where=where, lo=lo, hi=hi, value=show(value))
    return value


def number_in(value: object, where: str, lo: float, hi: float) -> float:
    """A JSON number in lo..hi, as a float."""
    if not (is_number(value) and lo <= value <= hi):  # NaN fails both comparisons
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} must be a number in {lo:g}..{hi:g}, not {value}"),
                        where=where, lo=lo, hi=hi, value=show(value))
    return float(value)


def wholes_in(value: object, where: str, lengths: range, lo: int, hi: int) -> list[int]:
    """A list of `lengths` JSON integers, each in lo..hi."""
    if not (isinstance(value, list) and len(value) in lengths):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} must be a list of {lo} to {hi} whole numbers, "
                                                   "not {value}"),
                        where=where, lo=lengths.start, hi=lengths.stop - 1, value=show(value))
    return [whole_in(v, f"{where}[{i}]", lo, hi) for i, v in enumerate(value)]


_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}", re.ASCII)


def key_name(k: str, where: str) -> str:
    """A name of a weight array or hyper-parameter: an identifier of at most 32 characters."""
    if not _KEY.fullmatch(k):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} has a bad name {name}"), where=where,
                        name=clip(repr(k)))
    return k


def short_text(value: object, where: str, width: int = 200) -> str:
    """Text of at most `width` characters that can be written back as UTF-8."""
    if isinstance(value, str) and len(value) <= width:
        try:
            value.encode("utf-8")  # JSON allows lone surrogates, which no file or widget can hold
            return value
        except UnicodeEncodeError:
            pass
    raise ReadError(
        QT_TRANSLATE_NOOP("files", "{where} must be text of at most {width} characters, not {value}"),
        where=where, width=width, value=show(value))


def choice(value: object, where: str, names: tuple[str, ...]) -> str:
    """The canonical spelling of a name, matched case-insensitively ('-' and ' ' count as '_')."""
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        for name in names:
            if name.lower() == key:
                return name
    raise ReadError(QT_TRANSLATE_NOOP("files", "{where} is {value}; choose from {names}"), where=where,
                    value=show(value), names=", ".join(names))
