"""The timeline under the loss curve: drag back through training; resume from there; best so far."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QSlider, QWidget

from tests.app.mouse import drag
from visualnet.session import Config, Session


def trained(window, iterations: int = 200) -> None:
    window.session.configure(hidden=(8, 8), lr=0.05, split=(6, 2, 2))
    for _ in range(iterations // 10):
        window.session.step(10)


def test_dragging_the_slider_shows_every_view_at_that_iteration(window, qtbot) -> None:
    trained(window)
    slider = window.findChild(QSlider, "historySlider")
    assert slider is not None and slider.maximum() == 200 and slider.value() == 200
    window.set_playing(True)
    field_before = window.dataset_view.field.image.copy()
    slider.triggerAction(QSlider.SliderAction.SliderToMinimum)  # as the Home key does
    assert not window.clock.isActive()  # scrubbing pauses training
    assert window.session.shown_iteration == 0
    fresh = Session(window.session.dataset, Config(hidden=(8, 8), lr=0.05, split=(6, 2, 2)))
    for key, value in fresh.model.params.items():
        np.testing.assert_allclose(window.session.model.params[key], value, atol=1e-12, rtol=0)
    assert not np.array_equal(window.dataset_view.field.image, field_before)  # the data view followed
    heat = window.weights_view.displayed_arrays()
    np.testing.assert_allclose(heat["W1"], fresh.model.params["W1"], atol=1e-12)
    bar = window.loss_curve_view.timeline
    assert bar.caption.text() == "0 / 200" and bar.state.caption == "showing iteration 0 of 200"
    assert window.loss_curve_view.shown_mark.isVisible()
    # a real drag of the handle to the middle
    handle_y = slider.height() // 2
    drag(qtbot, slider, QPoint(3, handle_y), QPoint(slider.width() // 2, handle_y))
    shown = window.session.shown_iteration
    assert shown is not None and 40 < shown < 160
    np.testing.assert_allclose(window.session.model.params["W2"],
                               window.session.trainer.timeline.nearest(shown).params[
                                   window.session.history.flat_offset("W2"):][:64].reshape(8, 8), atol=0)


def test_resume_from_here_is_one_undo_step(window, qtbot) -> None:
    trained(window)
    window.session.show_iteration(60)
    resume = window.findChild(QPushButton, "resumeHere")
    assert resume.isEnabled()
    qtbot.mouseClick(resume, Qt.MouseButton.LeftButton)
    assert window.session.trainer.iteration == 60 and window.session.shown_iteration is None
    assert window.findChild(QSlider, "historySlider").maximum() == 60
    window.undo_stack.undo()
    assert window.session.trainer.iteration == 200
    assert window.findChild(QSlider, "historySlider").maximum() == 200
    window.undo_stack.redo()
    assert window.session.trainer.iteration == 60


def test_best_so_far_and_now(window, qtbot) -> None:
    trained(window, 300)
    qtbot.mouseClick(window.findChild(QPushButton, "bestSoFar"), Qt.MouseButton.LeftButton)
    h = window.session.history
    assert window.session.shown_iteration == window.session.best_iteration()
    assert h.val_loss[h.iteration == window.session.shown_iteration][0] == np.nanmin(h.val_loss)
    qtbot.mouseClick(window.findChild(QPushButton, "timelineNow"), Qt.MouseButton.LeftButton)
    assert window.session.shown_iteration is None
    assert not window.loss_curve_view.shown_mark.isVisible()


def test_play_while_scrubbed_trains_on_from_the_present(window) -> None:
    trained(window)
    window.session.show_iteration(20)
    window.step_once()
    assert window.session.trainer.iteration == 201 and window.session.shown_iteration is None


def test_a_resume_of_a_run_that_is_gone_undoes_nothing(window) -> None:
    trained(window)
    window.session.show_iteration(60)
    window.resume_from_shown()
    window.reset_weights()  # a new run: the resume's run is gone
    window.undo_stack.undo()
    assert window.session.trainer.iteration == 0  # the new network keeps its own (empty) run
    assert window.session.history.iteration[-1] == 0


class LayoutRequests(QObject):
    """Counts the LayoutRequest events each watched widget receives."""

    def __init__(self, *widgets: QWidget) -> None:
        super().__init__()
        self.counts = {w: 0 for w in widgets}
        for w in widgets:
            w.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and watched in self.counts:
            self.counts[watched] += 1
        return False


def test_a_new_caption_every_frame_lays_out_nothing(window, qtbot) -> None:
    bar = window.loss_curve_view.timeline
    caption = window.findChild(QLabel, "historyCaption")
    assert caption is bar.caption
    for _ in range(3):  # the first frames: every view's first paint, sizes settled
        window.session.step(20)
        QApplication.processEvents()
    requests = LayoutRequests(bar, window)
    texts = []
    for _ in range(20):  # a frame at a fast rate: 20 iterations, a new caption, the event loop runs
        window.session.step(20)
        QApplication.processEvents()
        texts.append(caption.text())
    assert texts[0] == "80 / 80" and texts[-1] == "460 / 460" and len(set(texts)) == 20
    # a label whose size follows its text would ask its bar, the dock and the whole window for a new
    # layout at each text (150 layout passes in 150 frames); this one keeps its size
    assert requests.counts == {bar: 0, window: 0}
    caption.setText("1,234,567 / 1,234,567")  # wider than it was made for: it grows, once
    assert caption.width() >= caption.fontMetrics().horizontalAdvance("1,234,567 / 1,234,567")
