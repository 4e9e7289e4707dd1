"""The weights view's perceptron readout: updates so far and Novikoff's bound, in both languages."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication

from tests.app.visible_text import english_left, report, speak
from visualnet.app.bridge import SessionBridge
from visualnet.app.views.weights_view import WeightsView
from visualnet.core import data
from visualnet.core.separability import separation
from visualnet.presenters.weights import rule_readout
from visualnet.session import Session


def choose(window, combo_name: str, value: str) -> None:
    """Pick `value` (item data) in one of the control panel's combo boxes, as a click would."""
    combo = getattr(window.controls, combo_name)
    combo.setCurrentIndex(combo.findData(value))
    combo.activated.emit(combo.currentIndex())
    QApplication.processEvents()


def perceptron_window(window, preset: str):
    """The window on `preset` (its four corners, as the book has them) with a perceptron: its weights view."""
    c = window.controls
    c.presetCombo.setCurrentText(preset)
    c.presetCombo.activated.emit(c.presetCombo.currentIndex())
    window.session.set_dataset(data.PRESETS[preset].make(seed=0))  # without the controls' noise
    choose(window, "modelCombo", "Perceptron")
    assert window.session.config.model == "Perceptron"
    return window.weights_view


def test_xor_says_not_separable_in_the_window(qtbot, window) -> None:
    view = perceptron_window(window, "XOR")
    assert view.rule_readout.isVisibleTo(window)
    assert "not linearly separable" in view.rule_readout.text()
    window.session.step(20)
    QApplication.processEvents()
    updates = window.session.trainer.rule.updates
    assert updates > 0 and f"so far: {updates}." in view.rule_readout.text()


def test_an_mlp_has_no_rule_readout(qtbot, window) -> None:
    assert window.session.config.model == "MLP"
    assert not window.weights_view.rule_readout.isVisibleTo(window)


def test_and_shows_the_bound_of_its_widest_line(qtbot, window) -> None:
    view = perceptron_window(window, "AND")
    trainer = window.session.trainer
    found = separation(trainer.X_train, trainer.t_train)
    assert found.separable
    readout = rule_readout(window.session)
    assert readout is not None and readout.separation.bound == pytest.approx(found.bound)
    radius = np.sqrt(np.max(np.sum(trainer.X_train**2, axis=1)) + 1)  # ‖(x1, x2, 1)‖
    assert found.radius == pytest.approx(radius)
    assert f"({radius:.3g}/{found.gamma:.3g})² = {found.bound:,.1f}." in view.rule_readout.text()


def test_the_classic_rule_claims_its_bound_and_keeps_it(qtbot, window) -> None:
    perceptron_window(window, "AND")
    window.session.configure(batch_size=1)
    window.session.step(200)
    QApplication.processEvents()
    readout = rule_readout(window.session)
    assert readout is not None
    assert "at most this often" in window.weights_view.rule_readout.text()
    assert 0 < readout.updates <= readout.bound == pytest.approx(readout.separation.bound)


@pytest.mark.parametrize(("change", "says"), [
    ({"batch_size": 10}, "mini-batches of up to"),
    ({"optimizer": "Adam"}, "another optimizer"),
])
def test_the_readout_says_which_bound_holds(change: dict[str, object], says: str) -> None:
    session = Session.from_preset("Blobs")
    session.configure(model="Perceptron", **change)
    session.step(5)
    readout = rule_readout(session)
    assert readout is not None and says in readout.text


def test_other_start_weights_are_said() -> None:
    session = Session.from_preset("AND")
    session.configure(model="Perceptron")
    session.model.params["w"][...] = (0.3, -0.2)
    session.trainer.reset()
    readout = rule_readout(session)
    assert readout is not None and "started from other weights" in readout.text


@pytest.fixture
def chinese_then_english(qapp):
    """Chinese for the test, English again afterwards whatever happened."""
    speak("zh_CN")
    yield
    speak("en")


@pytest.mark.parametrize("preset", ["XOR", "AND", "Blobs"])
def test_the_readout_speaks_chinese_and_english_again(qtbot, chinese_then_english, preset: str) -> None:
    session = Session.from_preset(preset)
    session.configure(model="Perceptron")
    view = WeightsView(session, SessionBridge(session))
    qtbot.addWidget(view)
    view.resize(420, 300)
    view.show()
    qtbot.waitExposed(view)
    session.step(30)
    view.refresh()
    assert view.rule_readout.isVisible()
    assert english_left(view) == [], report(english_left(view))
    assert "感知机规则" in view.rule_readout.text()
    speak("en")
    assert view.rule_readout.text().startswith("Perceptron-rule updates so far:")
    assert view.rule_readout.toolTip().startswith("Novikoff's theorem")


def test_a_learning_rate_changed_mid_run_voids_the_claim() -> None:
    """From w = 0 the bound holds for any one η, not when η changes between updates."""
    from visualnet.presenters.weights import rule_readout
    from visualnet.session import Config, Session

    s = Session.from_preset("Blobs", Config(model="Perceptron", batch_size=1, lr=1.0), seed=0)
    while s.trainer.rule.updates == 0:
        s.step(1)
    s.configure(lr=1e-3)
    s.step(200)
    text = rule_readout(s).text
    assert s.trainer.rule.lr_changed and "one learning rate" in text and "at most this often" not in text
