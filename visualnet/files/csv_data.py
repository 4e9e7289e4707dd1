"""CSV datasets: `x1,x2,label` (classification) or `x,y` (regression), one point a line.

Read from untrusted input (decimal numbers only, lines and rows capped, every problem with its
line) and written with repr-exact numbers, atomically, so that a saved file reads back bit for bit.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

import numpy as np

from visualnet.core.data import Dataset
from visualnet.files.atomic import atomic_write_text
from visualnet.files.reading import PathLike, ReadError, clip, decode, read_bytes, reading
from visualnet.limits import MAX_CLASSES, MAX_POINTS
from visualnet.translatable import QT_TRANSLATE_NOOP, TranslatableError

__all__ = ["CSV_HEADERS", "MAX_CSV_LINE", "MAX_ROWS", "load_dataset_csv", "save_dataset_csv"]

MAX_ROWS = MAX_POINTS  # points in one dataset (the name files have always exported)
MAX_CSV_LINE = 1000  # characters in one CSV line: a row is two or three numbers
CSV_HEADERS: dict[str, tuple[str, ...]] = {"classification": ("x1", "x2", "label"), "regression": ("x", "y")}


# decimal numbers only: Python's float() would also take "1_000", "nan", "infinity" and non-ASCII digits
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_NON_FINITE = re.compile(r"[+-]?(?:nan|inf|infinity)", re.IGNORECASE)


def _csv_number(text: str, column: str) -> float:
    """A finite decimal number from one field of a row."""
    if not text:
        raise ReadError(QT_TRANSLATE_NOOP("files", "{name} is empty"), name=column)
    if _NON_FINITE.fullmatch(text):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{text} is not a finite number (NaN and infinity are not "
                                                   "allowed)"), text=repr(text))
    if not _NUMBER.fullmatch(text):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{text} is not a number"), text=clip(repr(text)))
    value = float(text)
    if not math.isfinite(value):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{text} is too large"), text=clip(repr(text)))
    return value


def _csv_label(text: str) -> int:
    """A class label: a whole number in 0..MAX_CLASSES-1."""
    value = _csv_number(text, QT_TRANSLATE_NOOP("files", "the label"))
    if not value.is_integer():
        raise ReadError(QT_TRANSLATE_NOOP("files", "label {text} is not a whole number"),
                        text=clip(repr(text)))
    if not 0 <= value < MAX_CLASSES:
        raise ReadError(
            QT_TRANSLATE_NOOP("files", "label {label} is outside 0..{top} (at most {most} classes)"),
            label=int(value), top=MAX_CLASSES - 1, most=MAX_CLASSES)
    return int(value)


def _csv_task(fields: list[str], line: str) -> str:
    """The task the header line names."""
    names = tuple(f.lower() for f in fields)
    for task, header in CSV_HEADERS.items():
        if names == header:
            return task
    if len(fields) == 1 and (";" in line or "\t" in line):
        raise ReadError(QT_TRANSLATE_NOOP("files", "columns must be separated by commas"))
    raise ReadError(QT_TRANSLATE_NOOP("files", "the header must be 'x1,x2,label' (classification) or 'x,y' "
                                               "(regression), not {header}"), header=clip(repr(line)))


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
        skipped = _SPACE.match(text, pos)  # past blank lines and a line's leading spaces
        start = skipped.end() if skipped else pos  # (`\s*` always matches, if only nothing)
        if start == len(text):
            return
        line_start = text.rfind("\n", pos, start) + 1 or pos
        number += text.count("\n", pos, line_start)
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if end - start > MAX_CSV_LINE:  # checked before the line is copied or split
            raise ReadError(QT_TRANSLATE_NOOP("files", "is {length:,} characters long; a row is a few "
                                                       "numbers (at most {most:,} characters)"),
                            length=end - start, most=MAX_CSV_LINE, line=number)
        yield number, text[start:end].strip()
        pos, number = end + 1, number + 1


def _parse_csv(text: str) -> Dataset:
    """The dataset a CSV text holds (the header first, then one point a line)."""
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
                raise ReadError(
                    QT_TRANSLATE_NOOP("files", "expected {expected} columns ({header}), found {found}"),
                    expected=len(header), header=",".join(header), found=len(fields))
            if len(coords) == 2 * MAX_ROWS:
                raise ReadError(QT_TRANSLATE_NOOP("files", "has more than {most:,} points"), most=MAX_ROWS)
            coords += [_csv_number(fields[0], header[0]), _csv_number(fields[1], header[1])]
            if task == "classification":
                labels.append(_csv_label(fields[2]))
        except ReadError as e:
            raise e.at(number) from None
    if not coords:
        raise ReadError(QT_TRANSLATE_NOOP("files", "has no points") if task
                        else QT_TRANSLATE_NOOP("files", "has no points (the file is empty)"))
    X = np.array(coords, dtype=np.float64).reshape(-1, 2)
    if task == "regression":
        return Dataset(X, np.zeros(len(X), np.int64), "regression", 0)
    y = np.array(labels, dtype=np.int64)
    return Dataset(X, y, "classification", max(2, int(y.max()) + 1))


def load_dataset_csv(path: PathLike) -> Dataset:
    """Read a CSV dataset written by `save_dataset_csv` (or by hand, numpy, pandas, a spreadsheet)."""
    with reading(path):
        return _parse_csv(decode(read_bytes(path), "CSV"))


def _check_saveable(dataset: Dataset) -> None:
    """Refuse (ValueError) a dataset whose CSV would not open again."""
    dataset.validate()
    if len(dataset) == 0:
        raise TranslatableError(QT_TRANSLATE_NOOP(
            "files", "a dataset with no points cannot be saved as CSV: it would not open again"))
    if len(dataset) > MAX_ROWS:
        raise TranslatableError(QT_TRANSLATE_NOOP(
            "files", "a dataset of more than {most:,} points would not open again"), most=MAX_ROWS)
    if dataset.task == "classification" and dataset.y.max() >= MAX_CLASSES:
        raise TranslatableError(QT_TRANSLATE_NOOP("files", "labels go from 0 to {top}"), top=MAX_CLASSES - 1)


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

