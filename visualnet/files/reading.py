"""Reading untrusted files: the bytes of a regular file of at most MAX_BYTES, as UTF-8 text.

Every problem found while reading becomes a `FileFormatError` naming the file, the line (and for JSON
the column) where it can, and the problem in plain words. The readers raise `ReadError` (no file name:
they see only text) and `reading(path)` adds the file's name.
"""

from __future__ import annotations

import codecs
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["MAX_BYTES", "FileFormatError", "PathLike", "ReadError", "clip", "decode", "read_bytes", "reading"]

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused before a byte is read

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

    def __reduce__(self) -> tuple[type[FileFormatError], tuple[str, str, int | None, int | None]]:
        # exceptions pickle as cls(*args); ours has its own signature
        return type(self), (self.path, self.problem, self.line, self.column)


class ReadError(Exception):
    """A problem found while reading, turned into a FileFormatError (or ValueError on save)."""

    def __init__(self, problem: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(problem)
        self.problem = problem
        self.line = line
        self.column = column


@contextmanager
def reading(path: PathLike) -> Iterator[None]:
    """Turn the internal problems of reading `path` into FileFormatError."""
    try:
        yield
    except ReadError as e:
        raise FileFormatError(path, e.problem, e.line, e.column) from e.__cause__


def _os_problem(e: OSError | ValueError) -> str:
    """Why a file could not be opened, in plain words."""
    if isinstance(e, FileNotFoundError):
        return "no such file"
    if isinstance(e, PermissionError):
        return "permission denied: visualnet may not read it"
    if isinstance(e, IsADirectoryError):
        return "is a folder, not a file"
    if isinstance(e, OSError):
        return f"cannot be read ({e.strerror or e})"
    return "is not a valid file name"  # e.g. an embedded NUL character


def read_bytes(path: PathLike, limit: int | None = None) -> bytes:
    """The file's bytes (the first `limit` if given), after checking it is a regular file <= MAX_BYTES."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as e:
        raise ReadError(_os_problem(e)) from e
    if stat.S_ISDIR(info.st_mode):
        raise ReadError("is a folder, not a file")
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("is not a regular file")  # a pipe or device could block or never end
    if info.st_size > MAX_BYTES:
        size = info.st_size / 2**20
        raise ReadError(f"is {size:.0f} MB; files over {MAX_BYTES // 2**20} MB are not opened")
    try:
        with open(path, "rb") as f:
            # one byte past the limit: the file may have grown since stat
            data = f.read(MAX_BYTES + 1 if limit is None else limit)
    except (OSError, ValueError) as e:
        raise ReadError(_os_problem(e)) from e
    if len(data) > MAX_BYTES:
        raise ReadError(f"is over {MAX_BYTES // 2**20} MB; such files are not opened")
    return data


def _line_at(data: bytes, pos: int) -> int:
    """The 1-based line of byte `pos`."""
    return data.count(b"\n", 0, pos) + 1


def decode(data: bytes, kind: str) -> str:
    """UTF-8 text without its optional BOM; binary files are refused with the line of the first bad byte."""
    data = data.removeprefix(codecs.BOM_UTF8)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ReadError(f"contains NUL bytes: it is a binary file, not {kind} text", _line_at(data, nul))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReadError(f"is not UTF-8 text (byte 0x{data[e.start]:02x})", _line_at(data, e.start)) from e


def clip(text: str, width: int = 40) -> str:
    """`text` cut to `width` characters with an ellipsis: a message never quotes a whole line."""
    return text if len(text) <= width else text[: width - 1] + "…"
