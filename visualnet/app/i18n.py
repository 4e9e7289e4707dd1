"""Languages: English or 简体中文 through Qt's translators, and Chinese text in a Simplified Chinese font.

Our messages come from `visualnet/translations/visualnet_<lang>.qm` (made from the `.ts` sources with
`python3 dev.py translations`, i.e. the PySide6 wheel's pyside6-lupdate and pyside6-lrelease); Qt's own
(standard buttons, file dialogs) from `qtbase_<lang>.qm` in Qt's translations folder. Installing or
removing a translator sends every widget a LanguageChange event, so a running window can retranslate.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from visualnet.translatable import Marked, Message, message_of

__all__ = ["CHOICES", "CJK_FAMILIES", "LANGUAGES", "Language", "cjk_family", "error_text", "follow_language",
           "language", "missing_font_note", "resolve", "translate", "translated", "translations_dir"]

LANGUAGES = ("en", "zh_CN")  # what the app speaks; English is the source text, so it needs no file
CHOICES = ("system", *LANGUAGES)  # what a user may choose (View → Language, --lang, the settings)
# Chosen by name, in this order: a font that merely covers CJK may draw Japanese glyph shapes
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
                "Noto Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei")


def translations_dir() -> Path:
    """Where our .qm files are: beside the package, in source checkouts, wheels and the packaged app."""
    return Path(__file__).resolve().parent.parent / "translations"


def resolve(choice: str, system: QLocale | None = None) -> str:
    """The language a choice means: "en", "zh_CN", or for "system" the system's when we speak it."""
    if choice in LANGUAGES:
        return choice
    if choice != "system":
        raise ValueError(f"unknown language {choice!r}; choose one of {', '.join(CHOICES)}")
    locale = system if system is not None else QLocale.system()
    # Any Chinese locale that is not written in Traditional script reads Simplified Chinese
    traditional = locale.script() == QLocale.Script.TraditionalHanScript
    if locale.language() == QLocale.Language.Chinese and not traditional:
        return "zh_CN"
    return "en"


def cjk_family(families: Iterable[str]) -> str | None:
    """The first of CJK_FAMILIES among the installed `families`, or None."""
    installed = set(families)
    return next((name for name in CJK_FAMILIES if name in installed), None)


class Language(QObject):
    """The application's language: installs the translators and the font of the chosen one."""

    changed = Signal(str)  # the language now spoken ("en" or "zh_CN")

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.current = "en"
        self.choice = "system"  # what was chosen: "system", "en" or "zh_CN"
        self.missing_font = False  # Chinese chosen and no Simplified Chinese font installed
        self._translators: list[QTranslator] = []
        self._base_font = QFont(app.font())

    def apply(self, choice: str) -> str:
        """Speak `choice` ("system", "en" or "zh_CN") from now on; returns the language spoken."""
        lang = resolve(choice)
        self.choice = choice
        for translator in self._translators:
            QCoreApplication.removeTranslator(translator)
        self._translators = [t for t in self._load(lang) if QCoreApplication.installTranslator(t)]
        self._set_font(lang)
        self.current = lang
        self.changed.emit(lang)
        return lang

    def _load(self, lang: str) -> list[QTranslator]:
        if lang == "en":
            return []
        found = []
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        for name, folder in ((f"visualnet_{lang}", str(translations_dir())), (f"qtbase_{lang}", qt_dir)):
            translator = QTranslator(self)
            if translator.load(name, folder):
                found.append(translator)
        return found

    def _set_font(self, lang: str) -> None:
        # only the families change: the size is the theme's (projector mode)
        font = QFont(self.app.font())
        font.setFamilies(self._base_font.families())
        self.missing_font = False
        if lang == "zh_CN":
            family = cjk_family(QFontDatabase.families())
            if family is None:
                self.missing_font = True
            else:
                # Latin text keeps the UI font; Han characters come from the Simplified Chinese one
                font.setFamilies([*self._base_font.families(), family])
        self.app.setFont(font)

def missing_font_note() -> str:
    """What to do when Chinese is chosen and no Simplified Chinese font is installed."""
    return QCoreApplication.translate(
        "Language", "No Simplified Chinese font is installed, so Chinese text may show as boxes. Install one "
        "(Debian/Ubuntu: sudo apt install fonts-noto-cjk; Fedora: google-noto-sans-cjk-fonts; Windows and "
        "macOS have one) and start visualnet again.")


def language() -> Language:
    """The application's one Language (made on first use, a child of the QApplication)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("the language needs a QApplication")
    found = app.findChild(Language, "language")
    if found is None:
        found = Language(app)
        found.setObjectName("language")
    return found


def translate(context: str, text: str) -> str:
    """Qt's translation of `text` in `context` (the `Translate` the Qt-free code is handed)."""
    return QCoreApplication.translate(context, text)


def translated(text: str | Message) -> str:
    """A marked text or a message in the language now spoken; a plain `str` as it is."""
    if isinstance(text, Message):
        return text.text(translate)
    if isinstance(text, Marked):
        return text.in_language(translate)
    return text


def error_text(error: BaseException) -> str:
    """An exception's message in the language now spoken, where it carries a `Message`."""
    return message_of(error, translate)


class _LanguageFilter(QObject):
    """Calls back when its parent widget hears that the language changed."""

    def __init__(self, widget: QObject, callback: Callable[[], object]) -> None:
        super().__init__(widget)
        # a weak method: the widget owns this filter, so a strong one would make a reference cycle
        self._callback = weakref.WeakMethod(callback) if hasattr(callback, "__self__") else lambda: callback
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Retranslate on LanguageChange; never consume the event."""
        if event.type() == QEvent.Type.LanguageChange and watched is self.parent():
            callback = self._callback()
            if callback is not None:
                callback()
        return False


def follow_language(widget: QObject, retranslate: Callable[[], object]) -> None:
    """Call `retranslate` whenever the language changes (Qt's LanguageChange reaches `widget`).

    Qt sends LanguageChange to every widget when a translator is installed or removed. A widget
    sets its texts in one `retranslate()` method, calls it once when built, and follows the language
    with this: the running window then speaks the new language at once.
    """
    _LanguageFilter(widget, retranslate)
