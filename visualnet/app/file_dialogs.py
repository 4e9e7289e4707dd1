"""File dialogs that start where a person keeps such files, then where they last put one of that kind.

The first time, sessions, datasets, weights and scripts start in the Documents folder, pictures and
videos in the Pictures folder (QStandardPaths); after that each kind starts in the folder its last
file was opened from or saved to, remembered in QSettings under "dialogs/<kind>". Without settings
(a snapshot, most tests) nothing is remembered. The dialog itself is a parameter, so tests answer it
without opening a modal window.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

# (parent, caption, start path, filters) -> (chosen path or "", chosen filter): QFileDialog's signature
Dialog = Callable[[QWidget | None, str, str, str], tuple[str, str]]

Location = QStandardPaths.StandardLocation
STANDARD = {
    "session": Location.DocumentsLocation,
    "data": Location.DocumentsLocation,
    "weights": Location.DocumentsLocation,
    "script": Location.DocumentsLocation,
    "image": Location.PicturesLocation,
    "video": Location.PicturesLocation,
}
SUFFIX_KINDS = {".json": "session", ".csv": "data", ".png": "image", ".svg": "image", ".gif": "video",
                ".mp4": "video", ".npz": "weights", ".py": "script"}


def kind_of(path: str, default: str = "session") -> str:
    """The kind of file a path names, by its extension ('data.csv' -> 'data')."""
    return SUFFIX_KINDS.get(Path(path).suffix.lower(), default)


def standard_folder(kind: str) -> str:
    """The folder a kind of file starts in the first time: Documents or Pictures, else home."""
    folder = QStandardPaths.writableLocation(STANDARD.get(kind, Location.DocumentsLocation))
    return folder if folder and os.path.isdir(folder) else str(Path.home())


def start_folder(kind: str, settings: QSettings | None) -> str:
    """Where a dialog for `kind` starts: the last folder used for that kind, if it still exists."""
    if settings is not None:
        last = str(settings.value(f"dialogs/{kind}", "") or "")
        if last and os.path.isdir(last):
            return last
    return standard_folder(kind)


def remember(kind: str, settings: QSettings | None, path: str) -> None:
    """Keep the folder of a file the user chose, for the next dialog of that kind."""
    if settings is not None and path:
        settings.setValue(f"dialogs/{kind}", str(Path(path).resolve().parent))


def start_path(kind: str, settings: QSettings | None, name: str) -> str:
    """The suggested file: `name` in the kind's start folder (an absolute `name` is kept as it is)."""
    return name if os.path.isabs(name) else os.path.join(start_folder(kind, settings), name)


def ask_save(parent: QWidget | None, kind: str, settings: QSettings | None, title: str, name: str,
             filters: str, dialog: Dialog | None = None) -> tuple[str, str]:
    """A save dialog starting at `name` in the kind's folder: (path or "", the chosen filter)."""
    ask = dialog if dialog is not None else QFileDialog.getSaveFileName  # looked up now: patchable
    path, chosen = ask(parent, title, start_path(kind, settings, name), filters)
    remember(kind, settings, path)
    return path, chosen


def ask_open(parent: QWidget | None, kind: str, settings: QSettings | None, title: str, filters: str,
             dialog: Dialog | None = None) -> tuple[str, str]:
    """An open dialog starting in the kind's folder: (path or "", the chosen filter)."""
    ask = dialog if dialog is not None else QFileDialog.getOpenFileName
    path, chosen = ask(parent, title, start_folder(kind, settings), filters)
    remember(kind, settings, path)
    if kind_of(path, kind) != kind:  # a dataset opened: the next dataset saved starts there
        remember(kind_of(path, kind), settings, path)
    return path, chosen
