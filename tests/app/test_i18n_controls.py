"""The control panel in Chinese: no English left, refusals in Chinese, the chosen values kept; and back."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtGui import QUndoStack, QValidator
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from tests.app.visible_text import english_left, report, speak
from visualnet.app.bridge import SessionBridge
from visualnet.app.commands import AddPointsCommand, load_preset_text, retranslate_stack
from visualnet.app.controls import ControlPanel
from visualnet.app.optimizer_widgets import hyper_spin, transport_buttons
from visualnet.session import Session


@pytest.fixture
def panel(qtbot: QtBot) -> ControlPanel:
    session = Session()
    bridge = SessionBridge(session)
    controls = ControlPanel(session, bridge)
    controls.bridge = bridge  # type: ignore[attr-defined]  # kept alive with the panel
    qtbot.addWidget(controls)
    controls.show_preset("XOR clouds", len(session.dataset), 0.2)  # as the window does at start
    controls.show()
    return controls


def _pick(combo: QComboBox, value: str) -> None:
    """Choose the item holding `value` as a user does (the combo's activated signal)."""
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def test_the_panel_speaks_chinese_and_english_again(panel: ControlPanel, chinese: None) -> None:
    left = english_left(panel)
    assert not left, report(left)
    assert panel.presetCombo.currentText() == "异或点云"
    assert "学习率" in panel.learningRate.spin.toolTip()
    assert panel.splitLabel.text().startswith("训练 ")
    speak("en")
    assert panel.presetCombo.currentText() == "XOR clouds"
    assert panel.learningRate.spin.toolTip().startswith("The learning rate")
    assert panel.hiddenEdit.placeholderText() == "e.g. 8,8"
    tr, va, te = panel.session.role_counts()
    assert panel.splitLabel.text() == f"train {tr} · validation {va} · test {te}"
    assert english_left(panel) != []  # English is back (it is what the check looks for)


def test_a_panel_built_in_chinese_has_no_english(qtbot: QtBot, chinese: None) -> None:
    session = Session()
    bridge = SessionBridge(session)
    controls = ControlPanel(session, bridge)
    qtbot.addWidget(controls)
    left = english_left(controls)
    assert not left, report(left)


def test_typed_text_refused_is_explained_in_chinese(panel: ControlPanel, chinese: None) -> None:
    said: list[str] = []
    panel.inputRefused.connect(said.append)
    edit = panel.hiddenEdit
    assert panel.hiddenValidator.validate("8,x", 0)[0] == QValidator.State.Invalid
    assert said[-1] == "隐藏层：无法识别“x”：只能输入整数和逗号，例如 8,8"
    assert edit.toolTip().startswith("未采用：")
    edit.setText("0,5")  # readable, but no layer has 0 neurons
    edit.editingFinished.emit()
    assert panel.session.config.hidden == (8, 8)
    assert edit.toolTip().startswith("可用 1 到")
    spin = panel.countSpin
    spin.lineEdit().setText("１０ｘ")  # what an input method may type
    spin.interpretText()
    assert said[-1].startswith("点数：") and "不是数字的一部分" in said[-1]
    assert spin.toolTip().startswith("未采用：")
    speak("en")
    assert edit.toolTip().startswith("Use 1 to")  # the refusals shown follow the language
    assert spin.toolTip().startswith("Not taken: 'x' is not part of a number")
    assert spin.toolTip().endswith("How many points the preset makes.")


def test_the_chosen_values_survive_a_change_of_language(panel: ControlPanel) -> None:
    session = panel.session
    sent: list[tuple[str, object]] = []
    panel.settingChanged.connect(lambda name, value: sent.append((name, value)))
    panel.settingChanged.connect(lambda name, value: session.configure(**{name: value}))
    requested: list[str] = []
    panel.presetRequested.connect(lambda name, *_: requested.append(name))
    _pick(panel.modelCombo, "MLP")
    _pick(panel.activationCombo, "tanh")
    _pick(panel.optimizerCombo, "Adam")
    _pick(panel.presetCombo, "Spirals")
    assert sent == [("model", "MLP"), ("activation", "tanh"), ("optimizer", "Adam")]
    assert requested == ["Spirals"]  # values, never the texts shown
    panel.show_preset("Spirals", 300, 0.05, 3)
    config = dataclasses.replace(session.config)  # a copy: the session's own may change in place
    try:
        speak("zh_CN")
        assert session.config == config
        assert panel.presetCombo.currentData() == "Spirals" and panel.presetCombo.currentText() == "螺旋"
        assert panel.activationCombo.currentData() == "tanh"
        assert panel.optimizerCombo.currentText() == "Adam"  # the course keeps the names in English
        assert panel.modelCombo.currentText() == "多层感知机（MLP）"
        _pick(panel.activationCombo, "step")
        assert sent[-1] == ("activation", "step")
        assert panel.activationCombo.currentText() == "阶跃函数（step）"
        panel.sync_from_session()
        assert panel.activationCombo.currentData() == "step"
    finally:
        speak("en")
    assert session.config == dataclasses.replace(config, activation="step")
    shown = [panel.presetCombo.currentText(), panel.activationCombo.currentText(),
             panel.optimizerCombo.currentText(), panel.modelCombo.currentText()]
    assert shown == ["Spirals", "step", "Adam", "MLP"]


def test_undo_texts_are_chinese_and_follow_the_language(qapp: QApplication, chinese: None) -> None:
    session = Session()
    stack = QUndoStack()
    stack.push(AddPointsCommand(session, np.array([[0.1, 0.2]]), np.array([0])))
    assert stack.undoText() == "添加点"
    text = load_preset_text("XOR clouds")
    stack.push(AddPointsCommand(session, np.array([[0.3, 0.2]]), np.array([0]), text))
    assert stack.undoText() == "加载预设“异或点云”"
    speak("en")
    retranslate_stack(stack)
    assert stack.undoText() == "Load preset XOR clouds" and stack.command(0).text() == "Add point"


def test_the_shared_optimizer_widgets_follow_the_language(qtbot: QtBot, chinese: None) -> None:
    play, step, reset = transport_buttons("test")
    momentum = hyper_spin("momentum", "testMomentum", 0.9, lambda _v: None)
    for w in (play, step, reset, momentum):
        qtbot.addWidget(w)
    assert [play.text(), step.text(), reset.text()] == ["开始", "单步", "重置"]
    play.setChecked(True)
    assert play.text() == "暂停"
    assert momentum.toolTip().startswith("动量")
    speak("en")
    assert [play.text(), step.text(), reset.text()] == ["Pause", "Step", "Reset"]
    assert momentum.toolTip().startswith("momentum:")
