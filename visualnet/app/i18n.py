"""Languages: English or 简体中文 through Qt's translators, and Chinese text in a Simplified Chinese font.

Our messages come from `visualnet/translations/visualnet_<lang>.qm` (made from the `.ts` sources with
`python3 dev.py translations`, i.e. the PySide6 wheel's pyside6-lupdate and pyside6-lrelease); Qt's own
(standard buttons, file dialogs) from `qtbase_<lang>.qm` in Qt's translations folder. Installing or
removing a translator sends every widget a LanguageChange event, so a running window can retranslate.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

__all__ = ["CHOICES", "CJK_FAMILIES", "LANGUAGES", "Language", "cjk_family", "resolve", "translations_dir"]

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
        self.missing_font = False  # Chinese chosen and no Simplified Chinese font installed
        self._translators: list[QTranslator] = []
        self._base_font = QFont(app.font())

    def apply(self, choice: str) -> str:
        """Speak `choice` ("system", "en" or "zh_CN") from now on; returns the language spoken."""
        lang = resolve(choice)
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
        font = QFont(self._base_font)
        self.missing_font = False
        if lang == "zh_CN":
            family = cjk_family(QFontDatabase.families())
            if family is None:
                self.missing_font = True
            else:
                # Latin text keeps the UI font; Han characters come from the Simplified Chinese one
                font.setFamilies([*self._base_font.families(), family])
        self.app.setFont(font)
