"""The whole app in Chinese: chosen from View → Language, at once, with no English left; and back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QMenu, QWidget
from pytestqt.qtbot import QtBot

from tests.app.visible_text import english_left, report, speak
from visualnet.app import i18n
from visualnet.app.window import MainWindow


def _menu_titles(window: MainWindow) -> list[str]:
    return [a.text() for a in window.menuBar().actions() if isinstance(a.menu(), QMenu)]


def test_chinese_from_the_menu_reaches_every_window_and_english_comes_back(window: MainWindow,
                                                                            english_afterwards: None) -> None:
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
    x, y = window.session.dataset.X[0]
    window.show_inspector(float(x), float(y), 0)
    window.show_gradient_check()
    window.docks["Gradient check"].widget().findChild(QWidget, "gradientCheckNow").click()
    window.show_neuron_maps()
    window.show_confusion_matrix()
    window.show_hidden_space()
    window.show_init_histograms()
    QApplication.processEvents()
    # built after the switch: born in Chinese
    for name in ("Optimizer playground", "Network race", "Forward inspector", "Gradient check", "Neuron maps",
                 "Confusion matrix", "Hidden space", "Activations at initialisation"):
        left = english_left(window.docks[name])
        assert not left, report(left)

    window.actionLanguageEnglish.trigger()
    QApplication.processEvents()
    assert _menu_titles(window) == english_menus
    assert window.settings.value("view/language") == "en"



def test_panels_built_before_the_switch_retranslate(window: MainWindow, english_afterwards: None) -> None:
    window.show_playground()
    window.show_race()
    x, y = window.session.dataset.X[0]
    window.show_inspector(float(x), float(y), 0)
    window.show_gradient_check()
    window.show_neuron_maps()
    window.show_confusion_matrix()
    window.show_hidden_space()
    window.show_init_histograms()
    QApplication.processEvents()
    window.set_language("zh_CN")
    QApplication.processEvents()
    window.settle()
    for name in ("Optimizer playground", "Network race", "Forward inspector", "Gradient check", "Neuron maps",
                 "Confusion matrix", "Hidden space", "Activations at initialisation"):
        left = english_left(window.docks[name])
        assert not left, report(left)


def test_chinese_without_a_chinese_font_says_how_to_get_one(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch,
                                                           english_afterwards: None) -> None:
    monkeypatch.setattr(i18n, "cjk_family", lambda families: None)  # a machine with no CJK font
    speak("zh_CN")
    assert i18n.language().missing_font
    w = MainWindow()
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    assert "fonts-noto-cjk" in w.statusBar().currentMessage()
    w.set_language("en")
    assert not i18n.language().missing_font


def test_numbers_keep_the_dot_in_chinese(window: MainWindow, chinese: i18n.Language) -> None:
    window.controls.learningRate.spin.setValue(0.05)
    assert "0.05" in window.controls.learningRate.spin.text()
    window.session.step(3)
    window.refresh_views()
    assert "," not in window.status_labels["loss"].text().replace("，", "")
