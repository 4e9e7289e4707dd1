"""Issue 14, input a person would type: full-width text from an input method, refusals that say why,
Enter that hands the keyboard back, the learning-rate box's digits and the class buttons' state."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QInputMethodEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from visualnet.app.bridge import SessionBridge
from visualnet.app.controls import ControlPanel
from visualnet.app.optimizer_widgets import DecimalSpin, NumberSpin, hyper_spin, lr_spin
from visualnet.core import data
from visualnet.session import Session


class Desk(QWidget):
    """The panel beside a stand-in for the data view, wired as the window wires them."""

    def __init__(self) -> None:
        super().__init__()
        self.session = Session()
        self.bridge = SessionBridge(self.session)
        self.panel = ControlPanel(self.session, self.bridge)
        self.view = QWidget(objectName="standInDataView")
        self.view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.view.setMinimumSize(200, 200)
        row = QHBoxLayout(self)
        row.addWidget(self.panel)
        row.addWidget(self.view)
        self.sent: list[tuple[str, object]] = []
        self.refusals: list[str] = []
        self.done = 0
        self.played = 0
        self.panel.settingChanged.connect(lambda name, value: self.sent.append((name, value)))
        self.panel.settingChanged.connect(lambda name, value: self.session.configure(**{name: value}))
        self.panel.inputRefused.connect(self.refusals.append)
        self.panel.editingDone.connect(self._on_done)
        self.panel.editingDone.connect(self.view.setFocus)  # the one line the window needs
        self.play = QAction("Play", self)
        self.play.setShortcut(QKeySequence("Space"))
        self.play.triggered.connect(self._on_play)
        self.addAction(self.play)

    def _on_done(self) -> None:
        self.done += 1

    def _on_play(self) -> None:
        self.played += 1


@pytest.fixture
def desk(qtbot) -> Desk:
    """The panel and a stand-in data view in one shown, active window."""
    d = Desk()
    qtbot.addWidget(d)
    d.resize(700, 760)
    d.show()
    d.activateWindow()
    qtbot.waitExposed(d)
    return d


def commit(widget: QWidget, text: str) -> None:
    """Type `text` as an input method does: one commit string (QTest.keyClicks cannot type CJK)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def type_into(qtbot, widget: QWidget, text: str) -> None:
    """Focus `widget`, select what it shows and commit `text` over it."""
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=1000)
    widget.selectAll()
    commit(widget, text)


# ------------------------------------------------------------------------------ the hidden-layer field


@pytest.mark.parametrize(("typed", "shown", "sizes"), [
    ("１６，１６", "16,16", (16, 16)), ("8、4", "8,4", (8, 4)), ("８　，　４", "8 , 4", (8, 4)),
])
def test_full_width_layer_lists_are_read(qtbot, desk, typed, shown, sizes):
    edit = desk.panel.hiddenEdit
    type_into(qtbot, edit, typed)
    assert edit.text() == shown  # folded as typed: what the field shows is what is applied
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert desk.sent == [("hidden", sizes)] and desk.session.config.hidden == sizes
    assert desk.refusals == []


@pytest.mark.parametrize(("typed", "reason"), [
    ("16;16", "';' is not read here"), ("16 16", "separate the numbers with commas"),
    ("１６．５", "no decimal point"),
])
def test_a_list_it_cannot_read_is_refused_with_the_reason(qtbot, desk, typed, reason):
    edit = desk.panel.hiddenEdit
    before = edit.text()
    type_into(qtbot, edit, typed)
    assert edit.text() == before  # refused whole: nothing dropped, nothing joined (never 161)
    assert desk.refusals and reason in desk.refusals[-1] and "Hidden layers" in desk.refusals[-1]
    assert reason in edit.toolTip()
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert desk.sent == []


def test_an_unfinished_list_on_enter_says_what_is_missing_and_keeps_the_keyboard(qtbot, desk):
    edit = desk.panel.hiddenEdit
    type_into(qtbot, edit, "８，")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert desk.sent == [] and desk.done == 0 and edit.hasFocus()
    assert "missing after the last comma" in desk.refusals[-1]


# ------------------------------------------------------------------------------ the number boxes


@pytest.mark.parametrize(("name", "typed", "setting", "value"), [
    ("batchSizeSpin", "３２", "batch_size", 32),
    ("seedSpin", "\u3000７\u3000", "seed", 7),
    ("learningRateSpin", "０．０５", "lr", 0.05),
    ("learningRateSpin", "０。２５", "lr", 0.25),
    ("learningRateSpin", "１ｅ－３", "lr", 1e-3),
])
def test_full_width_numbers_are_read(qtbot, desk, name, typed, setting, value):
    spin = desk.panel.findChild((NumberSpin, DecimalSpin)[setting == "lr"], name)
    type_into(qtbot, spin, typed)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert desk.sent == [(setting, value)]
    assert getattr(desk.session.config, setting) == value
    assert desk.refusals == []


def test_the_data_boxes_read_full_width_numbers(qtbot, desk):
    asked: list[tuple] = []
    desk.panel.presetRequested.connect(lambda *args: asked.append(args))
    type_into(qtbot, desk.panel.noiseSpin, "0．3")
    qtbot.keyClick(desk.panel.noiseSpin, Qt.Key.Key_Return)
    type_into(qtbot, desk.panel.countSpin, "１２０")
    qtbot.keyClick(desk.panel.countSpin, Qt.Key.Key_Return)
    assert asked[-1][1:3] == (120, pytest.approx(0.3))


@pytest.mark.parametrize(("name", "typed", "reason"), [
    ("batchSizeSpin", "１６，１６", "',' is not read here"),  # Qt's own reading makes it 1616
    ("batchSizeSpin", "1,000", "without thousands separators"),
    ("seedSpin", "４．５", "a whole number is needed"),
    ("learningRateSpin", "0,1", "'.' as the decimal point"),
    ("learningRateSpin", "２０", "the largest is 10.0"),
    ("speedSpin", "－５", "no negative numbers here"),
])
def test_a_number_it_cannot_read_is_refused_with_the_reason(qtbot, desk, name, typed, reason):
    spin = desk.panel.findChild((NumberSpin, DecimalSpin)[name == "learningRateSpin"], name)
    before = spin.value()
    type_into(qtbot, spin, typed)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == before and desk.sent == []
    assert any(reason in r for r in desk.refusals), desk.refusals
    assert reason in spin.toolTip()
    type_into(qtbot, spin, spin.textFromValue(before))
    assert "Not taken" not in spin.toolTip()  # readable text again: the box's own tip is back


def test_a_number_out_of_range_on_enter_says_what_was_kept(qtbot, desk):
    spin = desk.panel.speedSpin
    before = spin.value()
    type_into(qtbot, spin, "０")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == before and desk.done == 0 and spin.hasFocus()
    assert f"the smallest is 1; kept {before}" in desk.refusals[-1]


# ------------------------------------------------------------------------------ Enter, then Space


@pytest.mark.parametrize("name", ["batchSizeSpin", "learningRateSpin", "hiddenEdit"])
def test_enter_hands_the_keyboard_back_so_space_plays(qtbot, desk, name):
    field = desk.panel.findChild(QWidget, name)
    text = {"batchSizeSpin": "16", "learningRateSpin": "0.2", "hiddenEdit": "4,4"}[name]
    type_into(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert desk.done == 1
    qtbot.waitUntil(desk.view.hasFocus, timeout=1000)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    assert desk.played == 1
    assert field.text() if name == "hiddenEdit" else field.text().strip()  # not blanked by the Space


def test_focus_leaving_a_field_is_not_an_enter(qtbot, desk):
    spin = desk.panel.batchSizeSpin
    type_into(qtbot, spin, "24")
    desk.panel.seedSpin.setFocus()
    qtbot.waitUntil(lambda: not spin.hasFocus(), timeout=1000)
    assert desk.session.config.batch_size == 24 and desk.done == 0


# ------------------------------------------------------------------------------ the learning-rate box


@pytest.mark.parametrize(("lr", "text"), [(0.1, "0.100"), (0.0316, "0.0316"), (2.5, "2.50"), (10.0, "10.0"),
                                          (1e-4, "0.000100"), (0.012345, "0.0123")])
def test_the_learning_rate_box_shows_three_significant_digits(desk, lr, text):
    desk.panel.learningRate.setValue(lr)
    assert desk.panel.learningRate.spin.text() == text


def test_enter_on_a_rounded_learning_rate_keeps_the_exact_value(qtbot, desk):
    s = desk.session
    s.configure(lr=0.012345)
    desk.sent.clear()
    spin = desk.panel.learningRate.spin
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=1000)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert s.config.lr == 0.012345 and desk.sent == []  # shown as 0.0123, still 0.012345


def test_the_learning_rate_slider_has_room(desk):
    slider = desk.panel.learningRate.slider
    assert slider.minimumWidth() >= 200 and slider.width() >= 200
    assert slider.isVisible() and desk.panel.learningRate.spin.isVisible()


# ------------------------------------------------------------------------------ the class buttons


def test_class_buttons_are_disabled_in_regression(desk):
    buttons = [desk.panel.findChild(QWidget, f"classButton{k}") for k in range(8)]
    assert all(b.isEnabled() for b in buttons)
    desk.session.set_dataset(data.regression_curve("sine", seed=0))
    assert desk.session.task == "regression"
    assert not any(b.isEnabled() for b in buttons)  # a regression point has a target, not a class
    desk.session.set_dataset(data.moons(seed=0))
    assert all(b.isEnabled() for b in buttons)


# ------------------------------------------------------------------------------ the optimizer boxes


def test_the_race_and_playground_boxes_read_full_width_numbers(qtbot):
    got: list[tuple] = []
    lr = lr_spin("SGD", "raceLrSGD", 0.1, lambda name, v: got.append((name, v)), "tip")
    momentum = hyper_spin("momentum", "raceMomentumMomentum", 0.9, lambda v: got.append(("m", v)))
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.addWidget(lr)
    row.addWidget(momentum)
    qtbot.addWidget(holder)
    holder.show()
    holder.activateWindow()
    qtbot.waitExposed(holder)
    refused: list[str] = []
    lr.refused.connect(refused.append)
    type_into(qtbot, lr, "０．０５")
    qtbot.keyClick(lr, Qt.Key.Key_Return)
    type_into(qtbot, momentum, "０．８５")
    qtbot.keyClick(momentum, Qt.Key.Key_Return)
    assert got == [("SGD", 0.05), ("m", 0.85)]
    type_into(qtbot, lr, "０，５")
    assert refused and "',' is not read here" in refused[-1] and lr.value() == 0.05
