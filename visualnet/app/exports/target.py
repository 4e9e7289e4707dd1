"""Where an export's file goes: checked before any work (`writable_target`), written whole or not at all.

Every file is written through `files.atomic_write_bytes`, or for a recording as a hidden scratch file
beside the target, renamed into place: never the system's temporary folder, which may be small, and
removed after a failure or a Cancel. Every problem is an `ExportError` in plain words that names the
user's file, never a scratch file. No Qt here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Iterator

from visualnet import files
from visualnet.translatable import QT_TRANSLATE_NOOP, Message

__all__ = [
    "ExportError", "WriteError", "move_into_place", "plain_problem", "scratch_beside", "writable_target",
    "write_bytes", "writing",
]


class WriteError(OSError):
    """A failure while writing, in words of ours: `writing` names the user's file before it.

    Made like a `Message` (a marked template and its values): `message` is for `i18n.error_text`,
    str() the English.
    """

    def __init__(self, template: str, *args: object, **kwargs: object) -> None:
        self.message = Message(template, *args, **kwargs)
        super().__init__(str(self.message))


class ExportError(WriteError):
    """An export that cannot write its file, said in plain words that name the user's file."""


_CANNOT_WRITE = QT_TRANSLATE_NOOP("exports", "Cannot write {path}: {problem}")


def writable_target(path: files.PathLike) -> str:
    """`path` (absolute) if a file can be written there now, else ExportError saying why.

    Checked before an export renders, records or trains anything: a missing folder, a file where
    the folder should be, a folder or read-only file at the path, a folder the user may not write in.
    """
    path = os.path.abspath(os.fsdecode(path))
    target = os.path.realpath(path)  # a link is written through to its target (files.atomic_write_bytes)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise ExportError(_CANNOT_WRITE, path=path, problem=QT_TRANSLATE_NOOP("exports", "it is a folder"))
    if not os.path.isdir(folder):
        above = folder
        while above != os.path.dirname(above) and not os.path.lexists(above):
            above = os.path.dirname(above)
        if os.path.lexists(above) and not os.path.isdir(above):
            raise ExportError(_CANNOT_WRITE, path=path, problem=Message(
                QT_TRANSLATE_NOOP("exports", "{above} is a file, not a folder"), above=above))
        raise ExportError(_CANNOT_WRITE, path=path, problem=Message(
            QT_TRANSLATE_NOOP("exports", "the folder {folder} does not exist"), folder=folder))
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(_CANNOT_WRITE, path=path, problem=Message(
            QT_TRANSLATE_NOOP("exports", "you may not write in the folder {folder}"), folder=folder))
    if files.is_read_only(target):  # the same rule as Save: a file made read-only is kept
        raise ExportError(_CANNOT_WRITE, path=path,
                          problem=QT_TRANSLATE_NOOP("exports", "the file is read-only"))
    return path


_PROBLEMS = {  # what an errno means to someone saving a file (by name: not every system has each)
    getattr(errno, name): text for name, text in (
        ("ENOENT", QT_TRANSLATE_NOOP("exports", "its folder does not exist")),
        ("ENOTDIR", QT_TRANSLATE_NOOP("exports", "a file is in the way of its folder")),
        ("EISDIR", QT_TRANSLATE_NOOP("exports", "it is a folder")),
        ("EACCES", QT_TRANSLATE_NOOP("exports", "permission denied")),
        ("EPERM", QT_TRANSLATE_NOOP("exports", "permission denied")),
        ("EROFS", QT_TRANSLATE_NOOP("exports", "the disk is read-only")),
        ("ENOSPC", QT_TRANSLATE_NOOP("exports", "the disk is full")),
        ("EDQUOT", QT_TRANSLATE_NOOP("exports", "the disk quota is used up")),
        ("EFBIG", QT_TRANSLATE_NOOP("exports", "the file is too large for the disk")),
    ) if hasattr(errno, name)
}


def plain_problem(err: OSError | ValueError, path: str, scratch: tuple[str, ...] = ()) -> str:
    """What went wrong, in plain words: by errno where there is one (its file name is ours, perhaps a
    hidden scratch file, so it is never shown), else the message with any scratch name as `path`.

    Ours are marked texts (they translate); the system's words are its own."""
    message = getattr(err, "message", None)
    if isinstance(message, Message):  # already in plain words, ours
        return files.Filled(message)
    number = getattr(err, "errno", None)
    if number in _PROBLEMS:
        return _PROBLEMS[number]
    text = getattr(err, "strerror", None) if number is not None else None
    text = text or str(err) or type(err).__name__
    for name in scratch:
        text = text.replace(name, path)
    return text


@contextlib.contextmanager
def writing(path: str, *scratch: str) -> Iterator[None]:
    """Turn an OSError raised while writing `path` into an ExportError naming `path`."""
    try:
        yield
    except ExportError:
        raise
    except OSError as err:
        raise ExportError(_CANNOT_WRITE, path=path, problem=plain_problem(err, path, scratch)) from err


def write_bytes(path: files.PathLike, data: bytes) -> None:
    """files.atomic_write_bytes, its errors naming `path` (not its hidden temporary file)."""
    path = os.path.abspath(os.fsdecode(path))
    with writing(path):
        files.atomic_write_bytes(path, data)


@contextlib.contextmanager
def scratch_beside(path: str, suffix: str) -> Iterator[str]:
    """A free hidden file name in `path`'s folder, ending in `suffix` (writers pick their format by
    it); the file is removed on the way out unless `move_into_place` took it."""
    folder, name = os.path.split(os.path.realpath(path))
    scratch = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.part{suffix}")
    try:
        yield scratch
    finally:
        with contextlib.suppress(OSError):
            os.unlink(scratch)


def move_into_place(scratch: str, path: str) -> None:
    """Rename the finished scratch file to `path` (one file system: atomic), keeping path's mode."""
    target = os.path.realpath(path)
    with open(scratch, "rb+") as f:
        os.fsync(f.fileno())  # the bytes are on disk before the name points at them
    with contextlib.suppress(OSError):
        os.chmod(scratch, stat.S_IMODE(os.stat(target).st_mode))  # replacing a file keeps its mode
    os.replace(scratch, target)
