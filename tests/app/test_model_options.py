"""Issue 18's model options in the control panel: input features, initial weights, weight penalty and
dropout, each driven as a user does and checked on the session's config and its model."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QToolButton
from pytestqt.qtbot import QtBot

from visualnet.app.bridge import SessionBridge
from visualnet.app.controls import ControlPanel
from visualnet.app.model_options import RATE_LADDER, check_ratios, parse_ratios, ratios_text
from visualnet.core import features
from visualnet.core.mlp import MLP
from visualnet.session import Config, Session


def make_panel(qtbot: QtBot, session: Session) -> ControlPanel:
    """A control panel whose changes are applied as the window applies them (session.configure)."""
    bridge = SessionBridge(session)
    panel = ControlPanel(session, bridge)
    panel.bridge = bridge  # type: ignore[attr-defined]  # kept alive with the panel
    panel.refusals = []  # type: ignore[attr-defined]
    panel.settingChanged.connect(lambda name, value: session.configure(**{name: value}))
    panel.inputRefused.connect(panel.refusals.append)  # type: ignore[attr-defined]
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


@pytest.fixture
def panel(qtbot: QtBot) -> ControlPanel:
    return make_panel(qtbot, Session())


def toggle(panel: ControlPanel, feature: str) -> QToolButton:
    name = {"x1": "featureX1", "x2": "featureX2", "x1sq": "featureX1Sq", "x2sq": "featureX2Sq",
            "x1x2": "featureX1X2", "sinx1": "featureSinX1", "sinx2": "featureSinX2"}[feature]
    button = panel.findChild(QToolButton, name)
    assert button is not None, name
    return button


def click(qtbot: QtBot, button: QToolButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def pick(combo: QComboBox, value: str) -> None:
    """Choose the item holding `value` as a user does (the combo's activated signal)."""
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())


def type_into(qtbot: QtBot, widget, text: str) -> None:
    """Select all, type `text` as an input method does (one commit string: QTest cannot type CJK) and
    press Enter."""
    widget.setFocus()
    target = widget.lineEdit() if hasattr(widget, "lineEdit") else widget
    target.selectAll()
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(target, event)
    qtbot.keyClick(target, Qt.Key.Key_Return)


# ------------------------------------------------------------------------------------------ features


def test_the_seven_toggles_show_the_features_and_the_session_s_choice(panel: ControlPanel) -> None:
    for name in features.NAMES:
        button = toggle(panel, name)
        assert button.text() == features.LABELS[name] and button.isCheckable()
        assert button.isChecked() == (name in ("x1", "x2"))
        assert button.isEnabled() and button.toolTip()


def test_ticking_x1_squared_gives_the_network_a_third_input(qtbot: QtBot, panel: ControlPanel) -> None:
    s = panel.session
    old = s.model
    click(qtbot, toggle(panel, "x1sq"))
    assert s.config.features == ("x1", "x2", "x1sq")
    assert s.model is not old and isinstance(s.model, MLP)  # a new network: the input layer follows
    assert s.model.features == ("x1", "x2", "x1sq")
    assert s.model.params["W1"].shape == (3, 8)
    X = s.dataset.X[:5]
    np.testing.assert_allclose(s.model.input_columns(X), np.column_stack([X, X[:, 0] ** 2]))
    click(qtbot, toggle(panel, "x1"))  # off again: in the core's order, whatever the clicks' order
    assert s.config.features == ("x2", "x1sq") and s.model.params["W1"].shape == (2, 8)


def test_the_last_feature_cannot_be_unticked(qtbot: QtBot, panel: ControlPanel) -> None:
    s = panel.session
    click(qtbot, toggle(panel, "x1"))
    assert s.config.features == ("x2",)
    model = s.model
    click(qtbot, toggle(panel, "x2"))
    assert toggle(panel, "x2").isChecked()  # ticked again
    assert s.config.features == ("x2",) and s.model is model  # nothing changed, no new network
    assert panel.refusals == ["Inputs: keep at least one; the network needs an input."]  # type: ignore[attr-defined]


def test_features_are_off_for_a_perceptron_and_for_regression(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, Session.from_preset("AND", Config(model="Perceptron")))
    assert not panel.features.isEnabled() and not toggle(panel, "x1sq").isEnabled()
    assert panel.features.toolTip().startswith("Input features are for an MLP")
    assert "Input features are for an MLP" in toggle(panel, "x1sq").toolTip()  # what hovering a toggle says
    pick(panel.modelCombo, "MLP")
    assert panel.features.isEnabled() and panel.features.toolTip().startswith("The inputs the network")
    sine = make_panel(qtbot, Session.from_preset("Sine"))
    assert not sine.features.isEnabled()
    assert sine.session.model.features is None  # a curve's x enters as it is


def test_opening_a_file_shows_its_features_and_options(panel: ControlPanel) -> None:
    s = panel.session
    doc = s.to_document()
    doc.config.update(features=["x1sq", "x2sq"], penalty="l1", penalty_rate=0.05, dropout=[0.2],
                      init=0.3)
    s.apply_document(doc)
    assert [n for n in features.NAMES if toggle(panel, n).isChecked()] == ["x1sq", "x2sq"]
    assert panel.regularization.penaltyCombo.currentData() == "l1"
    assert panel.regularization.penaltyRateSpin.value() == pytest.approx(0.05)
    assert panel.regularization.penaltyRateSpin.isEnabled()
    assert panel.regularization.dropoutEdit.text() == "0.2"
    assert panel.initChooser.combo.currentData() == "sigma"
    assert panel.initChooser.spin.value() == pytest.approx(0.3) and panel.initChooser.spin.isEnabled()


# ------------------------------------------------------------------------------------------ initial weights


def test_zeros_makes_every_weight_zero(panel: ControlPanel) -> None:
    s = panel.session
    combo = panel.findChild(QComboBox, "initCombo")
    assert combo is panel.initChooser.combo and not panel.initChooser.spin.isEnabled()
    pick(combo, "zeros")
    assert s.config.init == "zeros"
    assert all(not np.any(v) for v in s.model.params.values())


def test_sigma_is_taken_from_its_box(qtbot: QtBot, panel: ControlPanel) -> None:
    s = panel.session
    pick(panel.initChooser.combo, "sigma")
    spin = panel.initChooser.spin
    assert spin.isEnabled() and s.config.init == pytest.approx(0.01)
    type_into(qtbot, spin, "0.5")
    assert s.config.init == pytest.approx(0.5)
    # the weights are drawn with that σ (96 of them: their spread is 0.5 within sampling error)
    W = np.concatenate([v.ravel() for k, v in s.model.params.items() if k.startswith("W")])
    assert 0.35 < float(np.std(W)) < 0.65
    pick(panel.initChooser.combo, "he")
    assert s.config.init == "he" and not spin.isEnabled()
    assert float(np.std(s.model.params["W2"])) == pytest.approx(np.sqrt(2 / 8), rel=0.35)


# ------------------------------------------------------------------------------------------ regularization


def test_the_penalty_and_its_rate_change_in_place(qtbot: QtBot, panel: ControlPanel) -> None:
    s = panel.session
    s.step(30)
    model, weights = s.model, s.model.copy_params()
    rate = panel.findChild(type(panel.regularization.penaltyRateSpin), "penaltyRateSpin")
    assert rate is not None and not rate.isEnabled()  # no penalty: no λ
    pick(panel.findChild(QComboBox, "penaltyCombo"), "l2")
    assert s.config.penalty == "l2" and s.model is model and model.penalty == "l2"
    assert rate.isEnabled()
    type_into(qtbot, rate, "0.01")
    assert s.config.penalty_rate == pytest.approx(0.01) and model.penalty_rate == pytest.approx(0.01)
    assert s.model is model and s.trainer.iteration == 30  # no reset: the run goes on
    for k, v in weights.items():
        np.testing.assert_array_equal(model.params[k], v)
    # the penalty is the book's weight decay: λ/2 ΣW² over the weight matrices
    expected = 0.5 * 0.01 * sum(float(np.sum(v**2)) for k, v in weights.items() if k.startswith("W"))
    assert model.penalty_value() == pytest.approx(expected)


def test_the_rate_steps_along_a_log_ladder(qtbot: QtBot, panel: ControlPanel) -> None:
    s = panel.session
    pick(panel.regularization.penaltyCombo, "l1")
    rate = panel.regularization.penaltyRateSpin
    assert rate.value() == pytest.approx(0.001)
    rate.stepBy(1)
    assert s.config.penalty_rate == pytest.approx(0.003)
    rate.stepBy(2)
    assert s.config.penalty_rate == pytest.approx(0.03)
    rate.setValue(0.002)  # between two rungs: a step goes to the next one
    rate.stepBy(-1)
    assert s.config.penalty_rate == pytest.approx(0.001)
    rate.stepBy(-20)
    assert s.config.penalty_rate == 0.0 and rate.text() == "0"
    rate.stepBy(1)
    assert s.config.penalty_rate == RATE_LADDER[1]


def test_dropout_ratios_change_in_place_full_width_too(qtbot: QtBot, panel: ControlPanel) -> None:
    s = panel.session
    s.step(10)
    model, weights = s.model, s.model.copy_params()
    edit = panel.findChild(QLineEdit, "dropoutEdit")
    assert edit is panel.regularization.dropoutEdit and edit.text() == ""
    type_into(qtbot, edit, "０．５，０")  # as a Chinese input method types it
    assert s.config.dropout == (0.5, 0.0) and s.model is model
    assert model.dropout == [0.5, 0.0]
    for k, v in weights.items():
        np.testing.assert_array_equal(model.params[k], v)
    assert edit.text() == "0.5, 0"  # shown as the session has it


def test_dropout_above_the_limit_is_refused_with_the_reason(qtbot: QtBot, panel: ControlPanel) -> None:
    s = panel.session
    edit = panel.regularization.dropoutEdit
    type_into(qtbot, edit, "0.95")
    assert s.config.dropout == ()
    refusals = panel.refusals  # type: ignore[attr-defined]
    assert refusals and refusals[-1].startswith("Dropout: not taken:") and "0.9" in refusals[-1]
    assert "border" in edit.styleSheet() and edit.toolTip().startswith("Dropout: not taken")
    type_into(qtbot, edit, "0.3")  # a good value clears the refusal
    assert s.config.dropout == (0.3,) and edit.styleSheet() == ""
    assert edit.toolTip().startswith("Dropout ratio per hidden layer")
    refusals.clear()
    qtbot.keyClicks(edit, "a")  # a letter is refused as it is typed, with the reason
    assert edit.text() == "0.3" and refusals and "'a'" in refusals[-1]


def test_the_regularization_is_off_for_a_perceptron(qtbot: QtBot) -> None:
    panel = make_panel(qtbot, Session.from_preset("AND", Config(model="Perceptron")))
    reg = panel.regularization
    assert not reg.dropoutEdit.isEnabled() and not reg.penaltyCombo.isEnabled()
    assert not panel.initChooser.combo.isEnabled()
    assert reg.dropoutEdit.toolTip().startswith("Dropout acts on hidden layers")


@pytest.mark.parametrize(("text", "ratios"), [("", ()), ("0.5", (0.5,)), ("0.5, 0", (0.5, 0.0)),
                                              ("０．２、０．１", (0.2, 0.1)), (" .5 ,0. ", (0.5, 0.0))])
def test_ratio_texts_read_and_written(text: str, ratios: tuple[float, ...]) -> None:
    assert check_ratios(text)[0].name == "Acceptable"
    assert parse_ratios(text) == ratios
    assert parse_ratios(ratios_text(ratios)) == ratios


@pytest.mark.parametrize(("text", "state"), [("0.5,", "Intermediate"), (".", "Intermediate"),
                                             ("0.5,,0", "Invalid"), ("-0.1", "Invalid"), ("x", "Invalid"),
                                             ("0,0,0,0,0,0,0", "Invalid")])
def test_ratio_texts_refused_or_unfinished(text: str, state: str) -> None:
    found, reason = check_ratios(text)
    assert found.name == state and reason is not None


# ------------------------------------------------------------------------------------------ in the window


def test_in_the_window_a_feature_change_says_new_network_and_a_refusal_shows(qtbot: QtBot, window) -> None:
    panel = window.controls
    click(qtbot, toggle(panel, "x1x2"))
    assert window.session.config.features == ("x1", "x2", "x1x2")
    assert window.statusBar().currentMessage() == "New network: a change of “Inputs” needs fresh weights."
    for name in ("x1", "x2"):
        click(qtbot, toggle(panel, name))
    click(qtbot, toggle(panel, "x1x2"))
    assert window.session.config.features == ("x1x2",)
    assert window.statusBar().currentMessage() == "Inputs: keep at least one; the network needs an input."
    window.set_playing(True)
    pick(panel.regularization.penaltyCombo, "l2")  # changed while playing: training goes on
    assert window.clock.isActive() and window.session.model.penalty == "l2"


def test_the_feature_toggles_grow_with_projector_mode(window) -> None:
    from PySide6.QtWidgets import QApplication, QToolButton

    from visualnet.app import theme

    button = window.findChild(QToolButton, "featureX1")
    normal = QApplication.font().pointSizeF()
    try:
        theme.apply(window, "light", projector=True)
        QApplication.processEvents()
        assert button.font().pointSizeF() == QApplication.font().pointSizeF() > normal
    finally:
        theme.apply(window, "light", projector=False)
        QApplication.processEvents()
    assert button.font().pointSizeF() == normal
