"""The forward-pass inspector with real input: a point picked in the data view (Alt+click, a click on a
point, Alt+hover) or typed, its numbers following training and drags, in English and in Chinese."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QInputMethodEvent, QMouseEvent
from PySide6.QtWidgets import QApplication, QHBoxLayout, QWidget

from tests.app.mouse import click, drag
from tests.app.visible_text import english_left, english_words, report, speak
from visualnet.app.bridge import SessionBridge
from visualnet.app.views.dataset_view import DatasetView
from visualnet.app.views.inspector_view import ForwardInspector
from visualnet.presenters import inspector as present
from visualnet.presenters import inspector_text
from visualnet.session import Session

ALT = Qt.KeyboardModifier.AltModifier
LEFT, NO_BUTTON = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton


class Pair(QWidget):
    """The data view beside the inspector, wired as the window wires them."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.bridge = SessionBridge(session, self)
        self.data = DatasetView(session, self.bridge)
        self.inspector = ForwardInspector(session, self.bridge)
        self.data.inspectRequested.connect(self.inspector.inspect)
        layout = QHBoxLayout(self)
        layout.addWidget(self.data, 1)
        layout.addWidget(self.inspector, 1)


@pytest.fixture
def pair(qtbot) -> Iterator[Pair]:
    session = Session.from_preset("XOR clouds", n=40)
    w = Pair(session)
    qtbot.addWidget(w)
    w.resize(1300, 600)
    w.show()
    qtbot.waitExposed(w)
    yield w


def send(widget: QWidget, kind: QEvent.Type, pos: QPoint, button: Qt.MouseButton, buttons: Qt.MouseButton,
         modifiers: Qt.KeyboardModifier) -> None:
    """One real QMouseEvent with keyboard modifiers held."""
    local = QPointF(pos)
    QApplication.sendEvent(widget, QMouseEvent(kind, local, widget.mapToGlobal(local), button, buttons,
                                               modifiers))


def alt_click(widget: QWidget, pos: QPoint) -> None:
    """Press and release at one place with Alt held."""
    send(widget, QEvent.Type.MouseMove, pos, NO_BUTTON, NO_BUTTON, ALT)
    send(widget, QEvent.Type.MouseButtonPress, pos, LEFT, LEFT, ALT)
    send(widget, QEvent.Type.MouseButtonRelease, pos, LEFT, NO_BUTTON, ALT)


def to_viewport(view: DatasetView, x: float, y: float) -> QPoint:
    """Viewport position of data coordinates."""
    return view.plot.mapFromScene(view.viewbox.mapViewToScene(QPointF(x, y)))


def to_data(view: DatasetView, pos: QPoint) -> tuple[float, float]:
    p = view.viewbox.mapSceneToView(view.plot.mapToScene(pos))
    return p.x(), p.y()


def first_score(inspector: ForwardInspector) -> float:
    p = inspector.shown
    assert isinstance(p, present.NetworkPass)
    return float(p.scores[0, 0])


def test_alt_click_on_a_point_shows_its_pass_and_loss(pair: Pair) -> None:
    s, view, inspector = pair.session, pair.data, pair.inspector
    n = len(s.dataset)
    i = 3
    alt_click(view.plot.viewport(), to_viewport(view, *s.dataset.X[i]))
    assert inspector.index == i and inspector.point == tuple(s.dataset.X[i])
    assert len(s.dataset) == n  # Alt+click adds nothing
    p = inspector.shown
    assert isinstance(p, present.NetworkPass) and p.loss is not None
    np.testing.assert_allclose(p.scores, s.model.scores(s.dataset.X[i : i + 1]), rtol=1e-12)
    assert p.loss.value == pytest.approx(s.model.loss(s.dataset.X[i : i + 1], s.dataset.y[i : i + 1]))
    text = inspector.text.toPlainText()
    assert inspector_text.number(p.loss.value) in text and "(1×2)" in text
    assert inspector.x1Spin.value() == pytest.approx(s.dataset.X[i, 0], abs=1e-4)


def test_alt_click_on_empty_space_inspects_that_place_without_adding_a_point(pair: Pair) -> None:
    s, view, inspector = pair.session, pair.data, pair.inspector
    vp = view.plot.viewport()
    X = s.dataset.X
    P = np.array([[q.x(), q.y()] for q in (to_viewport(view, *x) for x in X)])
    pos = next(QPoint(int(fx * vp.width()), int(fy * vp.height()))
               for fx in np.linspace(0.05, 0.95, 19) for fy in np.linspace(0.05, 0.95, 19)
               if np.min(np.hypot(P[:, 0] - fx * vp.width(), P[:, 1] - fy * vp.height())) > 30)
    alt_click(vp, pos)
    assert len(s.dataset) == len(X)
    assert inspector.index == -1
    assert inspector.point == pytest.approx(to_data(view, pos))
    p = inspector.shown
    assert isinstance(p, present.NetworkPass) and p.loss is None


def test_a_click_on_a_point_inspects_it_and_a_drag_still_moves_it(qtbot, pair: Pair) -> None:
    s, view, inspector = pair.session, pair.data, pair.inspector
    vp = view.plot.viewport()
    i = 5
    click(vp, to_viewport(view, *s.dataset.X[i]))
    assert inspector.index == i
    before = first_score(inspector)
    start = to_viewport(view, *s.dataset.X[i])
    drag(qtbot, vp, start, start + QPoint(60, 40))
    # the view asks to move the point; here the session does it, as the window's undo command would
    moved = pair.session.dataset.X.copy()
    moved[i] = to_data(view, start + QPoint(60, 40))
    s.move_points([i], moved[[i]])
    inspector.flush()  # written at most ten times a second: now, as a snapshot would
    assert inspector.point == pytest.approx(tuple(moved[i]))
    assert first_score(inspector) != before
    np.testing.assert_allclose(inspector.shown.inputs, moved[[i]])  # type: ignore[union-attr]


def test_alt_hover_inspects_the_place_under_the_mouse(pair: Pair) -> None:
    view, inspector = pair.data, pair.inspector
    vp = view.plot.viewport()
    pos = QPoint(vp.width() // 3, vp.height() // 2)
    send(vp, QEvent.Type.MouseMove, pos, NO_BUTTON, NO_BUTTON, ALT)
    assert inspector.point == pytest.approx(to_data(view, pos), abs=1e-9)
    send(vp, QEvent.Type.MouseMove, pos + QPoint(20, 0), NO_BUTTON, NO_BUTTON, Qt.KeyboardModifier.NoModifier)
    assert inspector.point == pytest.approx(to_data(view, pos), abs=1e-9)  # no Alt: it stays


def test_typed_coordinates_full_width_digits_too(qtbot, pair: Pair) -> None:
    inspector = pair.inspector
    spin = inspector.x1Spin
    pair.activateWindow()
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus, timeout=1000)
    spin.selectAll()
    # a Chinese input method's full-width digits, as one commit string (keyClicks cannot type them)
    event = QInputMethodEvent("", [])
    event.setCommitString("０．５")
    QApplication.sendEvent(spin, event)
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    inspector.x2Spin.setValue(-1.25)
    assert inspector.point == (0.5, -1.25) and inspector.index == -1
    np.testing.assert_allclose(inspector.shown.inputs, [[0.5, -1.25]])  # type: ignore[union-attr]


def test_a_training_step_changes_the_numbers(pair: Pair) -> None:
    s, inspector = pair.session, pair.inspector
    inspector.inspect(0.3, -0.2, -1)
    before = inspector.text.toPlainText()
    s.configure(lr=1.0)
    s.step(5)
    inspector.flush()
    assert inspector.text.toPlainText() != before
    np.testing.assert_allclose(inspector.shown.scores,  # type: ignore[union-attr]
                               s.model.scores(np.array([[0.3, -0.2]])), rtol=1e-12)


def test_the_batch_overflow_and_copy_switches(pair: Pair) -> None:
    s, inspector = pair.session, pair.inspector
    inspector.batchCheck.setChecked(True)
    assert "training step" in inspector.text.toPlainText()  # no batch before the first step
    s.step(1)
    inspector.flush()
    p = inspector.shown
    assert isinstance(p, present.NetworkPass)
    batch = s.trainer.last_batch
    np.testing.assert_allclose(p.inputs, s.trainer.X_train[batch])
    assert f"({len(batch)}×2)" in inspector.text.toPlainText()
    inspector.overflowCheck.setChecked(True)
    assert "inf" in inspector.text.toPlainText() or "nan" in inspector.text.toPlainText()
    inspector.copyButton.click()
    namespace: dict[str, object] = {}
    exec(QGuiApplication.clipboard().text(), namespace)
    np.testing.assert_allclose(namespace["scores"], s.model.scores(s.trainer.X_train[batch]), rtol=1e-12)


def test_the_perceptron(pair: Pair) -> None:
    s, inspector = pair.session, pair.inspector
    s.configure(model="Perceptron")
    inspector.inspect(*s.dataset.X[0], 0)
    p = inspector.shown
    assert isinstance(p, present.PerceptronPass) and p.target is not None
    assert "w · x + b" in inspector.text.toPlainText() or "x · w + b" in inspector.text.toPlainText()


def test_chinese_leaves_no_english_and_english_comes_back(pair: Pair, english_afterwards: None) -> None:
    s, inspector = pair.session, pair.inspector
    inspector.inspect(*s.dataset.X[0], 0)
    english = inspector.copyButton.text()
    speak("zh_CN")
    assert english_left(inspector) == [], report(english_left(inspector))
    inspector.overflowCheck.setChecked(True)
    assert english_words(inspector.text.toPlainText()) == []
    inspector.batchCheck.setChecked(True)
    assert english_words(inspector.text.toPlainText()) == []
    s.step(1)
    assert english_words(inspector.text.toPlainText()) == []
    s.configure(model="Perceptron")
    inspector.batchCheck.setChecked(False)
    assert english_words(inspector.text.toPlainText()) == []
    speak("en")
    assert inspector.copyButton.text() == english == "Copy as NumPy"
    assert "Perceptron" in inspector.text.toPlainText()


def test_the_window_opens_both_panels_from_the_view_menu_and_alt_click(window, qtbot) -> None:
    from PySide6.QtWidgets import QDockWidget

    window.actionGradientCheck.trigger()
    check = window.findChild(QDockWidget, "gradientCheck")
    assert check is not None and check.isVisible() and check.widget().objectName() == "gradientCheckView"
    assert window.findChild(QDockWidget, "forwardInspector") is None  # built on first use
    view, s = window.dataset_view, window.session
    i = 5
    alt_click(view.plot.viewport(), to_viewport(view, *s.dataset.X[i]))
    dock = window.findChild(QDockWidget, "forwardInspector")
    assert dock is not None and dock.isVisible()
    inspector = dock.widget()
    assert isinstance(inspector, ForwardInspector) and inspector.point == pytest.approx(tuple(s.dataset.X[i]))
    window.actionInspector.trigger()  # the menu entry brings it forward, the point stays
    assert inspector.point == pytest.approx(tuple(s.dataset.X[i]))


def test_numbers_are_written_ten_times_a_second_and_the_newest_always_lands(pair: Pair, qtbot) -> None:
    s, inspector = pair.session, pair.inspector
    inspector.inspect(0.3, -0.2, -1)  # written now
    first = inspector.text.toPlainText()
    for _ in range(5):  # five steps within the interval: written once, when it has passed
        s.step(1)
    assert inspector.text.toPlainText() == first
    qtbot.waitUntil(lambda: inspector.text.toPlainText() != first, timeout=1000)
    np.testing.assert_allclose(inspector.shown.scores,  # type: ignore[union-attr]
                               s.model.scores(np.array([[0.3, -0.2]])), rtol=1e-12)
