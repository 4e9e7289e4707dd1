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

from visualnet.translatable import QT_TRANSLATE_NOOP, Filled, Message, TranslatableError, filled

__all__ = ["MAX_BYTES", "FileFormatError", "Filled", "PathLike", "ReadError", "clip", "decode", "filled",
           "read_bytes", "reading"]

MAX_BYTES = 50 * 1024 * 1024  # larger files are refused before a byte is read

PathLike = str | os.PathLike[str]


def _where(name: str, line: int | None, column: int | None) -> str | Message:
    """Which file (and line, column) a problem is in."""
    if line is None:
        return name
    if column is None:
        return Message(QT_TRANSLATE_NOOP("files", "{name}, line {line}"), name=name, line=line)
    return Message(QT_TRANSLATE_NOOP("files", "{name}, line {line}, column {column}"),
                   name=name, line=line, column=column)


class FileFormatError(TranslatableError):
    """A file visualnet cannot read: `path`, `line`, `column` (1-based, or None), `problem` in plain words.

    `problem` is a str (a `Filled` one when a reader made it: it translates), and `message` the whole
    text, "name, line n: problem", for `i18n.error_text`.
    """

    def __init__(self, path: PathLike, problem: str, line: int | None = None,
                 column: int | None = None) -> None:
        self.path = os.fsdecode(path)
        self.line = line
        self.column = column
        self.problem = problem
        name = os.path.basename(self.path) or self.path
        super().__init__(QT_TRANSLATE_NOOP("files", "{where}: {problem}"), where=_where(name, line, column),
                         problem=problem)

    def __reduce__(self) -> tuple[type[FileFormatError], tuple[str, str, int | None, int | None]]:
        # exceptions pickle as cls(*args); ours has its own signature
        return type(self), (self.path, self.problem, self.line, self.column)


class ReadError(Exception):
    """A problem found while reading, turned into a FileFormatError (or ValueError on save).

    Made like a `Message`: a template marked with QT_TRANSLATE_NOOP and the values for its
    placeholders; `problem` is its English text (a `Filled` str, which translates).
    """

    def __init__(self, template: str, *args: object, line: int | None = None, column: int | None = None,
                 **kwargs: object) -> None:
        self.problem = template if isinstance(template, Filled) and not (args or kwargs) else filled(
            template, *args, **kwargs)
        self.message = self.problem.message
        super().__init__(str(self.problem))
        self.line = line
        self.column = column

    def at(self, line: int | None, column: int | None = None) -> ReadError:
        """The same problem, found at `line` (and `column`)."""
        return ReadError(self.problem, line=line, column=column)


@contextmanager
def reading(path: PathLike) -> Iterator[None]:
    """Turn the internal problems of reading `path` into FileFormatError."""
    try:
        yield
    except ReadError as e:
        raise FileFormatError(path, e.problem, e.line, e.column) from e.__cause__


def _os_problem(e: OSError | ValueError) -> ReadError:
    """Why a file could not be opened, in plain words."""
    if isinstance(e, FileNotFoundError):
        return ReadError(QT_TRANSLATE_NOOP("files", "no such file"))
    if isinstance(e, PermissionError):
        return ReadError(QT_TRANSLATE_NOOP("files", "permission denied: visualnet may not read it"))
    if isinstance(e, IsADirectoryError):
        return ReadError(QT_TRANSLATE_NOOP("files", "is a folder, not a file"))
    if isinstance(e, OSError):
        # the system's own words (its language, not ours)
        return ReadError(QT_TRANSLATE_NOOP("files", "cannot be read ({reason})"), reason=e.strerror or e)
    return ReadError(QT_TRANSLATE_NOOP("files", "is not a valid file name"))  # e.g. an embedded NUL


def read_bytes(path: PathLike, limit: int | None = None) -> bytes:
    """The file's bytes (the first `limit` if given), after checking it is a regular file <= MAX_BYTES."""
    try:
        info = os.stat(path)
    except (OSError, ValueError) as e:
        raise _os_problem(e) from e
    if stat.S_ISDIR(info.st_mode):
        raise ReadError(QT_TRANSLATE_NOOP("files", "is a folder, not a file"))
    if not stat.S_ISREG(info.st_mode):  # a pipe or device could block or never end
        raise ReadError(QT_TRANSLATE_NOOP("files", "is not a regular file"))
    if info.st_size > MAX_BYTES:
        raise ReadError(QT_TRANSLATE_NOOP("files", "is {size:.0f} MB; files over {most} MB are not opened"),
                        size=info.st_size / 2**20, most=MAX_BYTES // 2**20)
    try:
        with open(path, "rb") as f:
            # one byte past the limit: the file may have grown since stat
            data = f.read(MAX_BYTES + 1 if limit is None else limit)
    except (OSError, ValueError) as e:
        raise _os_problem(e) from e
    if len(data) > MAX_BYTES:
        raise ReadError(QT_TRANSLATE_NOOP("files", "is over {most} MB; such files are not opened"),
                        most=MAX_BYTES // 2**20)
    return data


def _line_at(data: bytes, pos: int) -> int:
    """The 1-based line of byte `pos`."""
    return data.count(b"\n", 0, pos) + 1


def decode(data: bytes, kind: str) -> str:
    """UTF-8 text without its optional BOM; binary files are refused with the line of the first bad byte."""
    data = data.removeprefix(codecs.BOM_UTF8)
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ReadError(
            QT_TRANSLATE_NOOP("files", "contains NUL bytes: it is a binary file, not {kind} text"),
            kind=kind, line=_line_at(data, nul))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ReadError(QT_TRANSLATE_NOOP("files", "is not UTF-8 text (byte 0x{byte:02x})"),
                        byte=data[e.start], line=_line_at(data, e.start)) from e


def clip(text: str, width: int = 40) -> str:
    """`text` cut to `width` characters with an ellipsis: a message never quotes a whole line."""
    return text if len(text) <= width else text[: width - 1] + "…"
