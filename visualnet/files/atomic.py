"""Atomic writes: a crash, a full disk or a Ctrl+C leaves either the old file or the new one, never half.

The bytes go to a hidden temporary file beside the target, are flushed to disk, and the temporary file
is renamed over the target (one step on one file system). A read-only file is never replaced.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat

from visualnet.files.reading import PathLike

__all__ = ["atomic_write_bytes", "atomic_write_text", "is_read_only"]


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
