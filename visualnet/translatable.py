"""Texts marked for Qt's translation in code that does not import Qt (the core's neighbours, presenters).

`QT_TRANSLATE_NOOP(context, text)` is the name Qt's lupdate looks for: it puts `text` into the `.ts`
under `context` and returns it unchanged; the Qt layer translates it where it shows it, through a
`Translate` function (`QCoreApplication.translate`; `untranslated` leaves the text as written).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["QT_TRANSLATE_NOOP", "Translate", "untranslated"]

Translate = Callable[[str, str], str]


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation in `context`; return it unchanged."""
    return text


def untranslated(context: str, text: str) -> str:
    """No translation: the text as written."""
    return text
