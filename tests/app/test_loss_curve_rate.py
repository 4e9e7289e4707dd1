"""The loss curve's learning rate (its own log axis, a toggle that follows the schedule until clicked and is
then remembered) and, with a penalty, the data loss, the penalty and their sum as lines of their own."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QCheckBox

from visualnet.app.bridge import SessionBridge
from visualnet.app.views.loss_curve_view import SHOW_LR_KEY, LossCurveView
from visualnet.core.schedules import Schedule
from visualnet.session import Config, Session

LEFT = Qt.MouseButton.LeftButton


def make(qtbot, session: Session, settings: QSettings | None = None) -> LossCurveView:
    """The loss curve alone at a dock's size, shown, remembering its toggle in `settings`."""
    bridge = SessionBridge(session)
    view = LossCurveView(session, bridge)
    view.bridge = bridge  # kept alive with the view
    view.use_settings(settings)
    qtbot.addWidget(view)
    view.resize(460, 320)
    view.show()
    qtbot.waitExposed(view)
    return view


def legend_names(view: LossCurveView) -> list[str]:
    return [label.text for _, label in view.legend.items]


@pytest.fixture
def settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def test_the_learning_rate_line_is_the_historys_rate_on_a_log_axis(qtbot, settings) -> None:
    s = Session(config=Config(lr=0.5, batch_size=10))
    view = make(qtbot, s, settings)
    toggle = view.findChild(QCheckBox, "showLearningRate")
    assert not toggle.isChecked() and not view.lr_axis.isVisible()  # a constant rate: off by default
    s.set_schedule(Schedule("step", factor=0.5, every=1.0))
    assert toggle.isChecked() and view.lr_axis.isVisible()  # a schedule: on by itself
    assert "learning rate" in legend_names(view)
    for _ in range(6):
        s.step(10)
    h = s.history
    x, y = view.lr_curve.getData()
    np.testing.assert_array_equal(x, h.iteration)
    np.testing.assert_allclose(10 ** y, h.lr, rtol=1e-12)
    assert h.lr[0] == 0.5 and h.lr[-1] < 0.5 / 4  # the step schedule halved it every epoch
    lo, hi = view.lr_vb.viewRange()[1]  # the whole decades around the rates, and a little margin
    decades = np.floor(np.log10(h.lr.min())), np.ceil(np.log10(h.lr.max()))
    assert lo == pytest.approx(decades[0] - 0.03 * (decades[1] - decades[0]))
    assert hi == pytest.approx(decades[1] + 0.03 * (decades[1] - decades[0]))
    assert view.lr_axis.logMode
    assert not settings.contains(SHOW_LR_KEY)  # no choice of the learner's yet


def test_a_click_is_remembered_and_beats_the_schedule(qtbot, settings) -> None:
    s = Session()
    s.set_schedule(Schedule("cosine", every=5.0))
    view = make(qtbot, s, settings)
    toggle = view.findChild(QCheckBox, "showLearningRate")
    assert toggle.isChecked()
    s.step(30)
    qtbot.mouseClick(toggle, LEFT)
    assert not toggle.isChecked() and not view.lr_axis.isVisible() and not view.lr_curve.isVisible()
    assert len(view.lr_curve.getData()[0]) == 0 and "learning rate" not in legend_names(view)
    assert settings.value(SHOW_LR_KEY, type=bool) is False
    s.set_schedule(Schedule("exponential", factor=0.9))  # the learner chose: the toggle stays off
    assert not toggle.isChecked()
    # a new window's loss curve starts as the learner left it, whatever the schedule
    again = make(qtbot, s, settings)
    assert not again.findChild(QCheckBox, "showLearningRate").isChecked()
    qtbot.mouseClick(again.lr_toggle, LEFT)
    assert settings.value(SHOW_LR_KEY, type=bool) is True
    s.set_schedule(Schedule())
    assert again.lr_toggle.isChecked() and len(again.lr_curve.getData()[0]) == len(s.history)


def test_without_a_penalty_the_curve_is_as_before(qtbot) -> None:
    s = Session()
    view = make(qtbot, s)
    s.step(20)
    assert legend_names(view) == ["train loss", "test loss", "train acc", "test acc"]
    assert len(view.curves["penalty"].getData()[0]) == 0 and len(view.curves["total"].getData()[0]) == 0


def test_with_a_penalty_the_data_loss_the_penalty_and_their_sum_are_lines(qtbot) -> None:
    s = Session()
    view = make(qtbot, s)
    s.step(10)  # records without a penalty first
    s.configure(penalty="l2", penalty_rate=0.01)  # (the newest record is measured again: with it)
    s.step(30)
    h = s.history
    assert np.any(h.penalty > 0)
    assert legend_names(view)[:3] == ["train data loss", "penalty", "data loss + penalty"]
    np.testing.assert_array_equal(view.curves["train"].getData()[1], h.train_loss)
    np.testing.assert_array_equal(view.curves["penalty"].getData()[1], h.penalty)
    np.testing.assert_allclose(view.curves["total"].getData()[1], h.train_loss + h.penalty, rtol=1e-15)
    np.testing.assert_array_equal(view.curves["total"].getData()[0], h.iteration)
    # the L2 penalty is λ/2 · ΣW² over the weight matrices of the network as it is now
    W = [v for k, v in s.model.params.items() if k.startswith("W")]
    assert h.penalty[-1] == pytest.approx(0.01 / 2 * sum(float((w ** 2).sum()) for w in W))
    qtbot.waitUntil(lambda: "penalty&nbsp;" in view.readout.text(), timeout=1000)  # (at most 10 a second)
    view.log_toggle.setChecked(True)  # on a log axis: log10 of each (the record before the penalty: none)
    on = h.penalty > 0
    assert h.penalty[0] == 0 and on[-1] and not on.all()
    np.testing.assert_array_equal(view.curves["penalty"].getData()[0], h.iteration[on])
    np.testing.assert_allclose(view.curves["penalty"].getData()[1], np.log10(h.penalty[on]))


def test_the_window_remembers_the_toggle_in_its_settings(qtbot, window) -> None:
    from visualnet.app.window import MainWindow

    toggle = window.loss_curve_view.findChild(QCheckBox, "showLearningRate")
    assert not toggle.isChecked()  # the default session's rate is constant
    window.docks["Loss curve"].raise_()
    qtbot.mouseClick(toggle, LEFT)
    assert toggle.isChecked() and window.settings.value(SHOW_LR_KEY, type=bool) is True
    again = MainWindow(settings=window.settings)  # the next launch
    qtbot.addWidget(again)
    assert again.loss_curve_view.lr_toggle.isChecked() and again.session.schedule.constant
