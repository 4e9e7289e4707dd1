"""Languages: Qt's translators for our messages and Qt's own, the choice of language, the Chinese font."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtWidgets import QApplication

from visualnet.app import i18n


@pytest.fixture
def language(qapp: QApplication) -> Iterator[i18n.Language]:
    lang = i18n.Language(qapp)
    yield lang
    lang.apply("en")  # the rest of the suite runs in English with the usual font
    lang.deleteLater()


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
