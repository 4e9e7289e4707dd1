"""Texts marked for Qt's translation in code that does not import Qt (the core's neighbours, presenters).

`QT_TRANSLATE_NOOP(context, text)` is the name Qt's lupdate looks for: it puts `text` into the `.ts`
under `context` and returns it as a `Marked` string — still plain text to any code that reads it, but
carrying its context, so the Qt layer can translate it where it shows it (`i18n.translated`), or a
`Translate` function (`QCoreApplication.translate`; `untranslated` leaves the text as written) can.

A message with values to fill in is a `Message`: its template is translated first, then filled, so a
translation may put the values in another order (`{name}` placeholders). An error that a learner reads
(a bad file, a refused input) carries one: `TranslatableError`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

__all__ = [
    "QT_TRANSLATE_NOOP",
    "Filled",
    "Marked",
    "Message",
    "TranslatableError",
    "Translate",
    "filled",
    "message_of",
    "untranslated",
]

Translate = Callable[[str, str], str]


class Marked(str):
    """A text marked for translation: a `str` that remembers its translation context."""

    context: str

    def __new__(cls, context: str, text: str) -> Marked:
        """`text`, to be translated in `context`."""
        marked = super().__new__(cls, text)
        marked.context = context
        return marked

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # copy and pickle need both
        """What copy and pickle pass back to __new__."""
        return self.context, str(self)

    def in_language(self, translate: Translate) -> str:
        """This text in the language `translate` speaks."""
        return translate(self.context, str(self))


def QT_TRANSLATE_NOOP(context: str, text: str) -> Marked:  # the name lupdate looks for
    """Mark `text` for translation in `context`; return it, unchanged, as a `Marked` string."""
    return Marked(context, text)


class Filled(Marked):
    """A message's English text as a plain `str` that still translates as the whole message.

    Code that reads a problem as text (`in`, `==`, f-strings) keeps working, while the Qt layer's
    `i18n.translated` (and a `Message` that holds it as a value) shows it in the language spoken.
    """

    message: Message

    def __new__(cls, message: Message) -> Filled:
        """The English text of `message`, remembering `message` itself."""
        text = cast("Filled", super().__new__(cls, "", str(message)))
        text.message = message
        return text

    def __getnewargs__(self) -> tuple[Message]:  # type: ignore[override]  # copy and pickle: the message
        """What copy and pickle pass back to __new__."""
        return (self.message,)

    def in_language(self, translate: Translate) -> str:
        """The whole message in the language `translate` speaks."""
        return self.message.text(translate)


def filled(template: str, *args: object, **kwargs: object) -> Filled:
    """`Message(template, ...)` as a translatable `str` (see Filled)."""
    return Filled(Message(template, *args, **kwargs))


def untranslated(context: str, text: str) -> str:
    """No translation: the text as written."""
    return text


class Message:
    """A marked template and the values for its `{name}` or `{}` placeholders."""

    def __init__(self, template: str, *args: object, **kwargs: object) -> None:
        self.template = template
        self.args = args
        self.kwargs = kwargs

    def text(self, translate: Translate = untranslated) -> str:
        """The message in the language `translate` speaks (a plain `str` template stays as it is)."""
        template = self.template
        if isinstance(template, Marked):
            template = template.in_language(translate)
        # a value that is itself a message or a marked text is translated too
        fill = [_text(v, translate) for v in self.args]
        named = {k: _text(v, translate) for k, v in self.kwargs.items()}
        return template.format(*fill, **named)

    def __str__(self) -> str:
        """The message as written (English)."""
        return self.text()

    def __repr__(self) -> str:
        """For debugging: the English text."""
        return f"Message({self.text()!r})"


def _text(value: object, translate: Translate) -> object:
    if isinstance(value, Message):
        return value.text(translate)
    if isinstance(value, Marked):
        return value.in_language(translate)
    return value


class TranslatableError(ValueError):
    """An error whose message a learner reads, in their language: `message.text(translate)`."""

    def __init__(self, template: str | Message, *args: object, **kwargs: object) -> None:
        self.message = template if isinstance(template, Message) else Message(template, *args, **kwargs)
        super().__init__(str(self.message))


def message_of(error: BaseException, translate: Translate = untranslated) -> str:
    """An exception's message in the language `translate` speaks, where it carries a `Message`."""
    message = getattr(error, "message", None)
    if isinstance(message, Message):
        return message.text(translate)
    return str(error)
