"""Languages: Qt's translators for our messages and Qt's own, the choice of language, the Chinese font."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QLabel

from visualnet.app import i18n
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, TranslatableError


@pytest.fixture
def language(qapp: QApplication) -> Iterator[i18n.Language]:
    lang = i18n.language()
    yield lang
    lang.apply("en")  # the rest of the suite runs in English with the usual font


def test_chinese_translates_our_messages_and_qts_own(language: i18n.Language) -> None:
    assert language.apply("zh_CN") == "zh_CN"
    assert QCoreApplication.translate("Readouts", "iteration {n}") == "迭代 {n}"
    assert QCoreApplication.translate("textinput", "no negative numbers") == "不能是负数"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # qtbase_zh_CN.qm
    assert language.apply("en") == "en"
    assert QCoreApplication.translate("Readouts", "iteration {n}") == "iteration {n}"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_switching_announces_the_language(language: i18n.Language) -> None:
    heard: list[str] = []
    language.changed.connect(heard.append)
    language.apply("zh_CN")
    language.apply("en")
    assert heard == ["zh_CN", "en"]


@pytest.mark.parametrize(("locale", "expected"), [
    ("zh_CN", "zh_CN"), ("zh_SG", "zh_CN"), ("zh_TW", "en"), ("en_US", "en"), ("de_DE", "en"),
    ("ja_JP", "en"),
])
def test_system_means_the_systems_language_when_we_speak_it(locale: str, expected: str) -> None:
    assert i18n.resolve("system", QLocale(locale)) == expected
    assert i18n.resolve("zh_CN", QLocale("en_US")) == "zh_CN"
    assert i18n.resolve("en", QLocale("zh_CN")) == "en"


def test_an_unknown_language_is_refused_in_plain_words() -> None:
    with pytest.raises(ValueError, match="choose one of system, en, zh_CN"):
        i18n.resolve("fr")


def test_the_simplified_chinese_font_is_chosen_by_name() -> None:
    # a Japanese CJK font covers the same code points with other glyph shapes: never picked first
    assert i18n.cjk_family(["DejaVu Sans", "Noto Sans CJK JP", "Noto Sans CJK SC"]) == "Noto Sans CJK SC"
    assert i18n.cjk_family(["Arial", "Microsoft YaHei"]) == "Microsoft YaHei"
    assert i18n.cjk_family(["DejaVu Sans", "Noto Sans CJK JP"]) is None


@pytest.mark.parametrize("installed", [["DejaVu Sans", "Noto Sans CJK SC"], ["DejaVu Sans"]])
def test_chinese_text_gets_a_chinese_font_or_a_note(language: i18n.Language, qapp: QApplication,
                                                     monkeypatch: pytest.MonkeyPatch,
                                                     installed: list[str]) -> None:
    monkeypatch.setattr(i18n.QFontDatabase, "families", staticmethod(lambda *_: installed))
    language.apply("zh_CN")
    has_font = "Noto Sans CJK SC" in installed
    assert language.missing_font is not has_font
    assert ("Noto Sans CJK SC" in qapp.font().families()) is has_font
    language.apply("en")
    assert "Noto Sans CJK SC" not in qapp.font().families() and not language.missing_font


def test_a_marked_text_is_a_string_that_knows_its_context(language: i18n.Language) -> None:
    marked = QT_TRANSLATE_NOOP("Readouts", "iteration {n}")
    assert marked == "iteration {n}" and isinstance(marked, str) and marked.context == "Readouts"
    language.apply("zh_CN")
    assert i18n.translated(marked) == "迭代 {n}"
    assert i18n.translated("iteration {n}") == "iteration {n}"  # a plain str is shown as it is
    assert i18n.translated(Message(marked, n=3)) == "迭代 3"
    language.apply("en")
    assert i18n.translated(Message(marked, n=3)) == "iteration 3"


def test_an_error_is_read_in_the_language_spoken(language: i18n.Language) -> None:
    error = TranslatableError(QT_TRANSLATE_NOOP("textinput", "{} has more than {} digits"), "123456", 5)
    assert str(error) == "123456 has more than 5 digits"  # the English, for logs and tests
    language.apply("zh_CN")
    assert i18n.error_text(error) != str(error) and "123456" in i18n.error_text(error)
    assert i18n.error_text(ValueError("plain")) == "plain"


def test_a_widget_follows_the_language_at_once(language: i18n.Language, qapp: QApplication) -> None:
    label = QLabel()

    def retranslate() -> None:
        label.setText(QCoreApplication.translate("Readouts", "iteration {n}"))

    retranslate()
    i18n.follow_language(label, retranslate)
    language.apply("zh_CN")
    qapp.processEvents()  # Qt posts LanguageChange to every widget
    assert label.text() == "迭代 {n}"
    language.apply("en")
    qapp.processEvents()
    assert label.text() == "iteration {n}"


def test_a_follower_does_not_keep_its_widget_alive(qapp: QApplication) -> None:
    class Panel(QLabel):
        def retranslate(self) -> None:
            self.setText("x")

    panel = Panel()
    i18n.follow_language(panel, panel.retranslate)
    watcher = weakref.ref(panel)
    del panel
    gc.collect()
    assert watcher() is None  # no reference cycle through the filter


def test_the_app_has_one_language(qapp: QApplication) -> None:
    assert i18n.language() is i18n.language()
    assert i18n.language().parent() is qapp


def test_the_font_keeps_its_size_and_gains_the_chinese_family(language: i18n.Language,
                                                               qapp: QApplication) -> None:
    size = qapp.font().pointSizeF()
    language.apply("zh_CN")
    family = i18n.cjk_family(QFontDatabase.families())
    assert qapp.font().pointSizeF() == size
    assert language.missing_font == (family is None)
    if family is not None:
        assert family in qapp.font().families()
    language.apply("en")
    assert family not in qapp.font().families()
