"""The timeline under the loss curve (`historySlider`): drag back through training, resume from there."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSlider, QVBoxLayout, QWidget

from visualnet.app import i18n
from visualnet.app.bridge import SessionBridge
from visualnet.app.status_bar import StatusLabel
from visualnet.app.views import live
from visualnet.presenters.timeline import TimelineState, timeline_state
from visualnet.session import Session

# the caption's room at first: it grows (one new layout) only when the iterations get another digit
WIDEST_CAPTION = "00,000 / 00,000"


class TimelineBar(QWidget):
    """A slider over every iteration so far, the iteration shown, and Resume from here / Best so far / Now."""

    scrubRequested = Signal(int)  # the iteration dragged to
    resumeRequested = Signal()
    bestRequested = Signal()
    presentRequested = Signal()

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("historySlider")
        self.slider.setAccessibleName("historySlider")
        self.slider.setMinimum(0)
        # a new text every frame: a label of fixed size, or each one would re-lay out the whole window
        self.caption = StatusLabel(WIDEST_CAPTION)
        self.caption.setObjectName("historyCaption")
        self.caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.resume = QPushButton()
        self.resume.setObjectName("resumeHere")
        self.best = QPushButton()
        self.best.setObjectName("bestSoFar")
        self.now = QPushButton()
        self.now.setObjectName("timelineNow")
        # the slider on a line of its own (a narrow dock still gives it the width to aim with), the
        # caption and the buttons under it
        lines = QVBoxLayout(self)
        lines.setContentsMargins(4, 0, 4, 0)
        lines.setSpacing(0)
        top = QHBoxLayout()
        top.addWidget(self.slider, 1)
        top.addWidget(self.caption)  # "120 / 200": the whole sentence is its tooltip
        lines.addLayout(top)
        row = QHBoxLayout()
        row.addStretch(1)
        for button in (self.resume, self.best, self.now):
            button.setAutoDefault(False)
            row.addWidget(button)
        lines.addLayout(row)
        self._asked: int | None = None  # the iteration the learner dragged to (the nearest kept is shown)
        self.state: TimelineState | None = None
        # the learner's moves only (a drag, a click on the groove, the keys): never our own setValue
        self.slider.actionTriggered.connect(self._on_action)
        self.slider.sliderMoved.connect(self._on_moved)
        self.resume.clicked.connect(self.resumeRequested)
        self.best.clicked.connect(self.bestRequested)
        self.now.clicked.connect(self.presentRequested)
        for signal in (bridge.stepped, bridge.modelReset, bridge.weightsChanged, bridge.dataChanged):
            live.follow(self, signal, self._on_session_changed)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Buttons and tips in the language now spoken."""
        self.resume.setText(self.tr("Resume from here"))
        self.resume.setToolTip(self.tr("Train on from the iteration shown: the later run is dropped "
                                       "(Undo brings it back)"))
        self.best.setText(self.tr("Best so far"))
        self.best.setToolTip(self.tr("Show the iteration with the lowest validation loss (training loss "
                                     "without a validation set)"))
        self.now.setText(self.tr("Now"))
        self.now.setToolTip(self.tr("Back to the present weights"))
        self.refresh()

    def _on_session_changed(self, *_: object) -> None:
        if self.session.shown_iteration is None:
            self._asked = None  # training went on, or the present is back
        self.refresh()

    def refresh(self) -> None:
        """Range, position and caption from the session."""
        state = timeline_state(self.session, self._asked, i18n.translated)
        self.state = state
        self.slider.blockSignals(True)  # our own moves are no requests
        if self.slider.maximum() != state.now:
            self.slider.setMaximum(state.now)
            self.slider.setPageStep(max(1, state.now // 20))
        if self.slider.value() != state.position and not self.slider.isSliderDown():
            self.slider.setValue(state.position)
        self.slider.blockSignals(False)
        if self.caption.text() != state.short:
            self.caption.setText(state.short)
        if self.caption.toolTip() != state.caption:
            self.caption.setToolTip(state.caption)
            self.caption.setAccessibleDescription(state.caption)
        if self.slider.toolTip() != state.tooltip:
            self.slider.setToolTip(state.tooltip)
        self.resume.setEnabled(state.viewing)
        self.now.setEnabled(state.viewing)
        self.best.setEnabled(state.now > 0)

    def _on_action(self, _action: int) -> None:
        # actionTriggered comes before the value changes: sliderPosition is where it is going
        if not self.slider.isSliderDown():
            self._request(self.slider.sliderPosition())

    def _on_moved(self, value: int) -> None:
        self._request(value)

    def _request(self, value: int) -> None:
        self._asked = int(value)
        self.scrubRequested.emit(int(value))
