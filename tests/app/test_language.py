"""The whole app in Chinese: chosen from View → Language, at once, with no English left; and back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMenu
from pytestqt.qtbot import QtBot

from tests.app.visible_text import english_left, report
from visualnet.app import i18n
from visualnet.app.window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    yield w
    i18n.language().apply("en")  # the rest of the suite runs in English
    QApplication.processEvents()


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]


def test_chinese_from_the_menu_reaches_every_window_and_english_comes_back(window: MainWindow,
                                                                            qtbot: QtBot) -> None:
    english_menus = _menu_titles(window)
    window.session.step(5)
    window.actionLanguageChinese.trigger()
    QApplication.processEvents()
    assert window.actionLanguageChinese.isChecked()
    assert window.settings is not None and window.settings.value("view/language") == "zh_CN"
    left = english_left(window)
    assert not left, report(left)
    for dock in ("Lessons", "Loss curve", "Loss surface", "Activations", "Weights"):  # hidden tabs too
        window.docks[dock].show()
        window.docks[dock].raise_()
        QApplication.processEvents()
        left = english_left(window.docks[dock])
        assert not left, report(left)
    window.show_playground()
    window.show_race()
    QApplication.processEvents()
    for name in ("Optimizer playground", "Network race"):  # built after the switch: born in Chinese
        left = english_left(window.docks[name])
        assert not left, report(left)

    window.actionLanguageEnglish.trigger()
    QApplication.processEvents()
    assert _menu_titles(window) == english_menus
    assert window.settings.value("view/language") == "en"



def test_panels_built_before_the_switch_retranslate(window: MainWindow) -> None:
    window.show_playground()
    window.show_race()
    QApplication.processEvents()
    window.set_language("zh_CN")
    QApplication.processEvents()
    for name in ("Optimizer playground", "Network race"):
        left = english_left(window.docks[name])
        assert not left, report(left)
