"""The live views in Chinese: no English left in any of them, numbers and all, and English again after."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from tests.app.visible_text import english_left, speak, texts
from visualnet.app.bridge import SessionBridge
from visualnet.app.views.activation_view import ActivationView
from visualnet.app.views.dataset_view import DatasetView
from visualnet.app.views.loss_curve_view import LossCurveView
from visualnet.app.views.loss_surface_view import LossSurfaceView
from visualnet.app.views.weights_view import WeightsView
from visualnet.presenters import activations, loss_curve, param_names, weights
from visualnet.session import Session

VIEWS = (DatasetView, LossCurveView, LossSurfaceView, ActivationView, WeightsView)


def trained_view(qtbot, cls: type, session: Session) -> QWidget:
    """A view at a realistic dock size, shown, after a few training steps (captions with numbers)."""
    bridge = SessionBridge(session)
    view = cls(session, bridge)
    bridge.setParent(view)  # lives as long as the view
    qtbot.addWidget(view)
    view.resize(520, 420)
    view.show()
    qtbot.waitExposed(view)
    session.step(5)
    view.refresh()
    settle(view)
    return view


def settle(view: QWidget) -> None:
    """Show the texts a view shows only every so often (readout, titles) now."""
    if isinstance(view, LossCurveView):
        view.readout_text.flush()
    if isinstance(view, WeightsView):
        view.show_titles()


def all_text(view: QWidget) -> str:
    """Every visible text of the view, in one string."""
    return "\n".join(text for _, text in texts(view))


@pytest.mark.parametrize("cls", VIEWS, ids=lambda c: c.__name__)
def test_a_view_speaks_chinese_and_english_again(qtbot, qapp, english_afterwards, cls: type) -> None:
    view = trained_view(qtbot, cls, Session())
    english = all_text(view)
    assert english_left(view)  # English to begin with
    speak("zh_CN")
    assert english_left(view) == []
    speak("en")
    settle(view)
    assert all_text(view) == english


@pytest.mark.parametrize("mode", ["exact", "random", "pca", "line"])
def test_every_loss_surface_mode_speaks_chinese(qtbot, qapp, english_afterwards, mode: str) -> None:
    session = Session()
    view = trained_view(qtbot, LossSurfaceView, session)
    view.mode_combo.setCurrentIndex(view.mode_combo.findData(mode))
    session.step(5)
    view.refresh()
    speak("zh_CN")
    assert english_left(view) == []
    assert view.mode_combo.currentData() == mode  # the value stays the key
    speak("en")
    assert "Random directions" in [view.mode_combo.itemText(i) for i in range(view.mode_combo.count())]


def test_a_surface_problem_is_said_in_chinese(qtbot, qapp, english_afterwards) -> None:
    view = trained_view(qtbot, LossSurfaceView, Session())
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("pca"))
    view.session.reset_weights()
    view.refresh()
    speak("zh_CN")
    assert "请先训练几步" in view.caption.text()
    speak("en")
    assert "train a few steps first" in view.caption.text()


def test_the_weights_diagram_and_gradients_speak_chinese(qtbot, qapp, english_afterwards) -> None:
    view = trained_view(qtbot, WeightsView, Session())
    view.show_gradients.setChecked(True)
    speak("zh_CN")
    assert english_left(view) == []
    view.show_diagram.setChecked(True)
    assert english_left(view) == []
    assert view.hover.text().startswith("连线")
    speak("en")
    assert view.hover.text().startswith("Edges")


@pytest.mark.parametrize("preset", ["perceptron", "Sine"])
def test_a_perceptron_and_a_regression_speak_chinese(qtbot, qapp, english_afterwards, preset: str) -> None:
    session = Session() if preset == "perceptron" else Session.from_preset(preset)
    views = [trained_view(qtbot, cls, session) for cls in VIEWS]
    speak("zh_CN")
    if preset == "perceptron":
        session.configure(model="Perceptron")
    session.step(3)
    for view in views:
        view.refresh()
        assert english_left(view) == [], type(view).__name__


def test_views_without_points_say_why_in_chinese(qtbot, qapp, english_afterwards) -> None:
    session = Session()
    session.remove_points(np.arange(len(session.dataset)))
    views = [trained_view(qtbot, cls, session) for cls in VIEWS]
    speak("zh_CN")
    for view in views:
        view.refresh()
        assert english_left(view) == [], type(view).__name__
    assert views[0].banner.toPlainText()  # said, and (above) in Chinese


def test_a_hidden_view_speaks_the_new_language_when_shown(qtbot, qapp, english_afterwards) -> None:
    session = Session()
    bridge = SessionBridge(session)
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    views = [cls(session, bridge) for cls in (LossCurveView, LossSurfaceView, ActivationView)]
    for view in views:
        layout.addWidget(view)
    window.resize(600, 900)
    window.show()
    qtbot.waitExposed(window)
    session.step(5)
    for view in views:
        view.hide()
    speak("zh_CN")
    session.step(5)  # unseen: the views are stale
    for view in views:
        view.show()
    qapp.processEvents()
    for view in views:  # the readout shows its newest text within its interval (0.1 s)
        qtbot.waitUntil(lambda view=view: english_left(view) == [], timeout=2000)
    assert "迭代&nbsp;10" in views[0].readout.text().replace("\u2060", "")  # (word joiners between hanzi)


# ---------------------------------------------------------------- the presenters, without Qt

def marked(context: str, text: str) -> str:
    """A stand-in translation that shows what was translated, and in which context."""
    return f"<{context}:{text}>"


def test_presenters_translate_whole_sentences_before_filling_them() -> None:
    z = np.array([[1.0, -1.0], [2.0, -3.0]])
    assert activations.caption(z, "relu", marked) == (
        "<Activations:{dead} of {units} ReLUs dead (z ≤ 0 on every training point){tail}.>"
        .replace("{dead}", "1").replace("{units}", "2").replace("{tail}", ""))
    assert activations.legend_rows("relu", ["step", "relu"], marked)[-1] == "<Activations:z histogram>"
    assert weights.title_variants("", "b1", 1, 2, 0.0, marked)[0] == "b1  <Weights:all 0>"
    assert param_names.param_tooltip("b2", (8,), 5, marked) == "<ParamNames:bias of layer 2 unit 6>"
    empty = {k: (np.empty(0), np.empty(0)) for k in ("train", "val", "test")}
    assert loss_curve.readout(empty, "", True, {}, str, marked) == \
        "<LossCurve:No loss yet: add training points.>"
