"""Lessons: the course's ideas as files of text, setup, window layout and tasks the app checks.

A lesson is a JSON file (see `loader.parse` and the README's "Lesson files"); the built-in ones live in
builtin/ and load in file-name order. `apply` sets a session up for a lesson and a `Tracker` follows
the session, ticking each task as its check (checks.py) holds.
"""

from __future__ import annotations

from pathlib import Path

from visualnet.lessons.checks import KINDS, Play, saturated_or_dead
from visualnet.lessons.format import (
    DOCKS,
    TOOLS,
    Check,
    Lesson,
    LessonError,
    Localized,
    Setup,
    Task,
    WindowSetup,
)
from visualnet.lessons.loader import is_lesson, is_lesson_file, load, parse
from visualnet.lessons.tracker import Tracker, apply, dataset_for

__all__ = ["BUILTIN", "BUILTIN_DIR", "DOCKS", "KINDS", "LESSONS", "TOOLS", "Check", "Lesson", "LessonError",
           "Localized", "Play", "Setup", "Task", "Tracker", "WindowSetup", "apply", "builtin_paths", "by_id",
           "dataset_for", "is_lesson", "is_lesson_file", "load", "parse", "saturated_or_dead"]

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"


def builtin_paths() -> list[Path]:
    """The built-in lesson files, in their order (by file name)."""
    return sorted(BUILTIN_DIR.glob("*.json"))


BUILTIN: tuple[Lesson, ...] = tuple(load(path) for path in builtin_paths())
LESSONS = BUILTIN  # the name the app used before lessons were files


def by_id(lesson_id: str) -> Lesson:
    """The built-in lesson with this id; KeyError if there is none."""
    for lesson in BUILTIN:
        if lesson.id == lesson_id:
            return lesson
    raise KeyError(lesson_id)
