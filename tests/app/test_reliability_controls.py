"""Issue 12, the controls' part: they show what the session uses, and use the app's limits."""

from __future__ import annotations

import math

import pytest
from PySide6.QtGui import QValidator

from visualnet.app.bridge import SessionBridge
from visualnet.app.controls import ControlPanel
from visualnet.app.log_slider import SLIDER_STEPS
from visualnet.core import data
from visualnet.limits import MAX_HIDDEN_LAYERS, MAX_HIDDEN_WIDTH
from visualnet.session import Session


@pytest.fixture
def panel(qtbot) -> ControlPanel:
    """A control panel on a fresh session whose changes are applied as the window applies them."""
    session = Session()
    bridge = SessionBridge(session)
    controls = ControlPanel(session, bridge)
    controls.bridge = bridge  # kept alive with the panel
    controls.sent = []
    controls.settingChanged.connect(lambda name, value: controls.sent.append((name, value)))
    qtbot.addWidget(controls)
    controls.show()
    return controls


def open_with(session: Session, **config: object) -> None:
    """Apply a document with these settings, as opening a file does."""
    doc = session.to_document()
    doc.config.update(config)
    session.apply_document(doc)


# ------------------------------------------------------------------------------ 12. the learning rate


@pytest.mark.parametrize(("lr", "text"), [(1e-6, "0.00000100"), (2.5e-6, "0.00000250"),
                                          (100.0, "100")])
def test_a_learning_rate_outside_the_slider_shows_as_itself(panel, lr, text):
    s = panel.session
    open_with(s, lr=lr)
    slider, spin = panel.learningRate.slider, panel.learningRate.spin
    assert panel.learningRate.value() == lr
    assert spin.value() == pytest.approx(lr, rel=1e-9)
    assert spin.text() == text
    assert spin.minimum() <= lr <= spin.maximum()
    low, high = panel.learningRate.bounds()
    assert low <= lr <= high  # the slider's range grew to hold it
    assert slider.value() == round(math.log(lr / low) / math.log(high / low) * SLIDER_STEPS)
    assert s.config.lr == lr and s.optimizer.lr == lr  # nothing clamped was sent back
    assert panel.sent == []


def test_the_slider_range_shrinks_back_and_still_drives_the_session(panel):
    s = panel.session
    panel.settingChanged.connect(lambda name, value: s.configure(**{name: value}))
    open_with(s, lr=1e-6)
    assert panel.learningRate.bounds() == pytest.approx((1e-6, 10.0))
    panel.learningRate.slider.setValue(0)
    assert s.config.lr == pytest.approx(1e-6)
    open_with(s, lr=0.1)
    assert panel.learningRate.bounds() == pytest.approx((1e-4, 10.0))
    assert panel.learningRate.spin.text() == "0.100"


# ------------------------------------------------------------------------------------- 12. the split


@pytest.mark.parametrize(("split", "text"), [((1, 1000), "1:1000"), ((3, 3, 4), "3:3:4"), ((1, 0), "1:0")])
def test_an_uncommon_split_shows_as_itself(panel, split, text):
    s = panel.session
    combo = panel.splitCombo
    open_with(s, split=list(split))
    assert combo.objectName() == "splitCombo"
    assert combo.currentText() == text
    assert combo.count() == len(data.SPLIT_PRESETS) + 1
    combo.activated.emit(combo.currentIndex())  # choosing it again asks for that very split
    assert panel.sent == [("split", split)]


def test_the_extra_split_item_follows_the_session(panel):
    s = panel.session
    combo = panel.splitCombo
    open_with(s, split=[1, 1000])
    s.configure(split=(3, 3, 4))
    assert [combo.itemText(i) for i in range(combo.count())] == [*data.SPLIT_PRESETS, "3:3:4"]
    s.configure(split=(6, 2, 2))
    assert combo.currentText() == "6:2:2" and combo.count() == len(data.SPLIT_PRESETS)
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    assert panel.sent[-1] == ("split", data.SPLIT_PRESETS[combo.itemText(0)])


# ------------------------------------------------------------------------------ 9. the hidden layers


def test_the_hidden_layer_control_uses_the_app_limits(panel):
    edit = panel.hiddenEdit
    validator = edit.validator()
    most = ",".join([str(MAX_HIDDEN_WIDTH)] * MAX_HIDDEN_LAYERS)
    assert validator.validate(most, 0)[0] == QValidator.State.Acceptable  # typed; too many weights: refused
    assert validator.validate(most + ",1", 0)[0] == QValidator.State.Invalid
    edit.setText(most)
    edit.editingFinished.emit()
    assert panel.sent == [] and "weights and biases" in edit.toolTip()
    edit.setText(str(MAX_HIDDEN_WIDTH + 1))
    edit.editingFinished.emit()
    assert panel.sent == []  # refused by the same rule as files and Session.configure
    assert f"1 to {MAX_HIDDEN_LAYERS} layers of 1 to {MAX_HIDDEN_WIDTH} neurons" in edit.toolTip()
    edit.setText(f"{MAX_HIDDEN_WIDTH},2")
    edit.editingFinished.emit()
    assert panel.sent == [("hidden", (MAX_HIDDEN_WIDTH, 2))]
    assert "1 to" not in edit.toolTip()


# ------------------------------------------------------------------------------ one list of activations

def test_the_activation_combo_lists_the_cores_activations(panel: ControlPanel) -> None:
    from visualnet.core import activations

    combo = panel.activationCombo
    names = [combo.itemText(i) for i in range(combo.count())]
    assert sorted(names) == sorted(activations.NAMES)  # every one the core has, none other
    assert names == ["relu", "leaky_relu", "elu", "softplus", "swish", "gelu", "sigmoid", "tanh", "identity",
                     "step"]  # the order users know, the newer ones beside ReLU


def test_the_panel_follows_the_session_and_catches_up_when_shown(qtbot) -> None:
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    from visualnet.app.views import live

    session = Session()
    window = QWidget()
    qtbot.addWidget(window)
    bridge = SessionBridge(session)
    controls = ControlPanel(session, bridge)
    QVBoxLayout(window).addWidget(controls)
    window.show()
    qtbot.waitExposed(window)
    session.configure(batch_size=24, activation="tanh")  # nobody calls sync_from_session
    assert controls.batchSizeSpin.value() == 24 and controls.activationCombo.currentText() == "tanh"
    controls.hide()  # e.g. the controls' dock closed
    session.configure(batch_size=32, split=(6, 2, 2))
    assert live.is_stale(controls) and controls.batchSizeSpin.value() == 24
    controls.show()
    assert controls.batchSizeSpin.value() == 32 and controls.splitCombo.currentText() == "6:2:2"
    tr, va, te = session.role_counts()
    assert controls.splitLabel.text() == f"train {tr} · validation {va} · test {te}"
