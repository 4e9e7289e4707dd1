"""The optimizer playground and the network race in Chinese, switched at run time, and back in English."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest

from tests.app.visible_text import english_left, english_words, speak
from visualnet.app import i18n
from visualnet.app.playground import CUSTOM
from visualnet.app.race_view import RaceView
from visualnet.core.formula import FormulaError, parse
from visualnet.core.surfaces import BOOK
from visualnet.session import Session

# the formula language's own names, kept in Latin letters in Chinese too (asked for in visible_text.KEPT)
FORMULA_NAMES = {"pi", "tan"}


def english(widget) -> list[tuple[str, str]]:
    """The texts of `widget` still holding English, the formula language's names aside."""
    return [(where, text) for where, text in english_left(widget)
            if set(english_words(text)) - FORMULA_NAMES]


@pytest.fixture
def race(qtbot) -> Iterator[RaceView]:
    """The network race alone on a fresh session, shown offscreen."""
    view = RaceView(Session())
    qtbot.addWidget(view)
    view.resize(700, 800)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.set_playing(False)


def test_the_playground_speaks_chinese_and_english_again(playground, english_afterwards) -> None:
    w = playground
    w.lr_spins["SGD"].setValue(1.5)
    w.step(40)  # SGD diverges: its readout says where
    w.stop_at.setValue(100)
    speak("zh_CN")
    assert english(w) == []
    assert w.play.text() == "开始" and w.status.text() == "第 40 步，共 100 步"
    assert "发散" in w.readouts["SGD"].text()
    assert w.function.currentText() == "书中的函数：x²/20 + y²" and w.function.currentData() == BOOK.name
    assert w.function.itemText(w.function.count() - 1) == "自定义公式…"
    w.set_playing(True)
    assert w.play.text() == "暂停"
    w.set_playing(False)
    speak("en")
    assert w.play.text() == "Play" and w.status.text() == "step 40 of 100"
    assert "diverged at step" in w.readouts["SGD"].text()
    assert w.function.currentText() == BOOK.name and w.function.itemText(w.function.count() - 1) == CUSTOM
    assert w.preset.text() == "Book, chapter 6" and w.glyph_checks["gradient"].text() == "gradient"


def test_choosing_a_function_in_chinese_chooses_it_by_its_key(playground, english_afterwards) -> None:
    speak("zh_CN")
    w = playground
    w.function.setCurrentIndex(w.function.findData("Rosenbrock"))
    assert w.race.surface.name == "Rosenbrock" and w.function.currentText() == "Rosenbrock"
    w.function.setCurrentIndex(w.function.findData(BOOK.name))
    assert w.race.surface is BOOK


def test_a_runner_catching_up_is_told_in_chinese(playground, english_afterwards) -> None:
    w = playground
    w.step(50)
    speak("zh_CN")
    w.checks["Nesterov"].setChecked(True)  # it retakes the 50 steps on the next turns of the event loop
    assert "正在追赶" in w.readouts["Nesterov"].text() and "等待 Nesterov 追上" in w.status.text()
    assert english(w) == []


def test_a_bad_formula_is_refused_in_chinese_and_in_english_after_a_switch(playground, english_afterwards,
                                                                           qtbot) -> None:
    w = playground
    speak("zh_CN")
    w.formula.setText("2 x")
    w.formula.returnPressed.emit()
    assert w.formula_error.isVisible() and w.race.surface is BOOK
    assert w.formula_error.text() == "未采用：第 3 个字符处：“2”和“x”之间缺少运算符（请写成 2*x）"
    assert english(w) == []
    speak("en")  # the message shown follows the language
    assert w.formula_error.text() == ("Not used: at character 3: missing operator between '2' and 'x' "
                                      "(write 2*x)")
    speak("zh_CN")
    w.formula.setText("log(-1 - x^2) + y")
    w.formula.returnPressed.emit()
    assert w.formula_error.text() == "未采用：在 x ∈ [-5, 5]、y ∈ [-5, 5] 上，f 没有有限值"


@pytest.mark.parametrize(("text", "chinese"), [
    ("x.y", "第 2 个字符处：“x”后面有“.”：不允许访问属性"),
    ("sin(x", "第 6 个字符处：sin( 缺少闭合的“)”，公式就结束了"),
    ("", "第 1 个字符处：公式为空"),
])
def test_formula_errors_carry_their_message_for_translation(english_afterwards, text, chinese) -> None:
    with pytest.raises(FormulaError) as refused:
        parse(text)
    english_text = str(refused.value)
    speak("zh_CN")
    assert i18n.error_text(refused.value) == chinese
    speak("en")
    assert i18n.error_text(refused.value) == english_text


def test_the_race_speaks_chinese_and_english_again(race, english_afterwards) -> None:
    view = race
    view.step(3)
    view.checks["Nesterov"].setChecked(True)  # catching up: its readout and the status say so
    speak("zh_CN")
    assert english(view) == []
    assert view.play.text() == "开始" and view.log_toggle.text() == "对数坐标"
    assert view.start_combo.currentText() == "从初始权重开始" and view.start_combo.currentData() == "initial"
    view.start_combo.setCurrentIndex(view.start_combo.findData("current"))
    assert view.race.start == "current"
    view.step(2)
    assert view.status.text() == "迭代 2"
    assert view.loss_plot.getPlotItem().getAxis("bottom").labelText == "迭代"
    speak("en")
    assert view.status.text() == "iteration 2" and view.log_toggle.text() == "log loss"
    assert view.start_combo.itemText(0) == "from initial weights"
    assert view.loss_plot.getPlotItem().getAxis("left").labelText == "training loss"
    assert view.caption.text().startswith("Loss on ")


def test_a_race_that_cannot_run_says_why_in_chinese(race, english_afterwards) -> None:
    view = race
    view.session.remove_points(np.arange(len(view.session.dataset)))
    view.refresh()
    speak("zh_CN")
    assert view.caption.text().startswith("无法竞赛：") and english(view) == []
    speak("en")
    assert view.caption.text() == "No race: add some points to train (click in the data view)."


def test_a_diverged_racer_is_marked_in_chinese(race, english_afterwards) -> None:
    view = race
    view.lr_spins["SGD"].setValue(10.0)
    view.race.racer("SGD").optimizer.lr = 1e6  # past the box's range: it leaves the finite numbers at once
    view.step(5)
    assert view.race.racer("SGD").diverged
    speak("zh_CN")
    assert "发散" in view.readouts["SGD"].text() and english(view) == []
