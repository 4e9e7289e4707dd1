"""The status bar: the session's readouts (iteration, epoch, loss, accuracy, speed) and the selection's note.

The texts come from `visualnet.app.readouts` (Qt-free); this module only shows them. The status bar
follows the session's signals itself, like every live view: training steps, data edits, new networks
and settings change its numbers, a new selection its message.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QPushButton

from visualnet.app import readouts
from visualnet.app.plotting import ThrottledText
from visualnet.app.window_parts import WindowParts

READOUT_KEYS = (*readouts.KEYS, "speed")
# the widest text each readout is expected to hold (a label grows if a text is wider)
WIDEST = {"iteration": "iteration 0000000", "epoch": "epoch 000000", "loss": "train cross-entropy 0.0000e-00",
          "accuracy": "train accuracy 100.0%", "speed": "00,000 it/s"}


class StatusLabel(QLabel):
    """A label of fixed size, as wide as the widest text it has held (or `widest`).

    For a status-bar readout, or any label with a new text every frame (the timeline's caption).
    QLabel.setText asks for a new layout, which climbs to the main window (a layout pass and a
    repaint of the status bar at every new number) unless the label's size is fixed: Qt's
    updateGeometry stops at a widget whose minimum and maximum sizes are equal. It fills its own
    background, so a new text repaints the label alone, not the status bar under it.
    """

    def __init__(self, widest: str) -> None:
        super().__init__()
        self._widest = widest
        self.setAutoFillBackground(True)
        self._fit()

    def setText(self, text: str) -> None:
        """Show `text`, growing once if it is wider than any before (the fixed size never shrinks)."""
        super().setText(text)
        if self.fontMetrics().horizontalAdvance(text) > self.fontMetrics().horizontalAdvance(self._widest):
            self._widest = text
            self._fit()

    def changeEvent(self, event: QEvent) -> None:
        """A new font (projector mode, a theme) needs another size."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        fm, m, pad = self.fontMetrics(), self.contentsMargins(), 2 * self.margin()
        width = fm.horizontalAdvance(self._widest) + m.left() + m.right() + pad + 6
        self.setFixedSize(max(90, width), fm.height() + m.top() + m.bottom() + pad)


class StatusBarMixin(WindowParts):
    """The readouts in the window's status bar (mixed into MainWindow)."""

    def _create_status_bar(self) -> None:
        self.status_labels: dict[str, QLabel] = {}
        for key in READOUT_KEYS:
            label = StatusLabel(WIDEST[key])
            label.setObjectName(f"status_{key}")
            self.statusBar().addPermanentWidget(label)
            self.status_labels[key] = label
        # at most 10 new texts a second: each one re-lays out and repaints the whole status bar
        self._status_text = {key: ThrottledText(label) for key, label in self.status_labels.items()}
        # a failed autosave stays in sight until one succeeds: a 10-second message is easily missed
        self.autosave_warning = QPushButton()
        self.autosave_warning.setObjectName("autosaveWarning")
        self.autosave_warning.setStyleSheet("QPushButton#autosaveWarning { background: #b71c1c; color: white;"
                                            " font-weight: bold; border: none; padding: 2px 8px; }")
        self.autosave_warning.clicked.connect(lambda: self.documents.save(parent=self))
        self.autosave_warning.hide()
        self.statusBar().insertPermanentWidget(0, self.autosave_warning)
        b = self.bridge
        # looked up at each call (not bound now): a benchmark may time the instance's _update_status
        for signal in (b.stepped, b.dataChanged, b.modelReset, b.configChanged, b.weightsChanged):
            signal.connect(lambda *_: self._update_status())
        b.selectionChanged.connect(self._on_selection_changed)

    def _update_status(self) -> None:
        s, lab = self.session, self._status_text
        # the session as it is now (an edit while paused included), never the last step's record
        for key, text in readouts.status_texts(s, QCoreApplication.translate).items():
            lab[key].set(text)
        tip = readouts.status_tips(s, QCoreApplication.translate)["loss"]
        if self.status_labels["loss"].toolTip() != tip:
            self.status_labels["loss"].setToolTip(tip)
        ips = self._iterations_per_second if self.clock.isActive() else 0.0
        lab["speed"].set(self.tr("{rate} it/s").format(rate=f"{ips:,.0f}") if ips else self.tr("paused"))

    def _retranslate_status(self) -> None:
        """The status bar's texts in the language now spoken: the readouts, the warning, the note."""
        self.autosave_warning.setText(self.tr("Autosave failed: your latest changes are not on disk"))
        self._update_status()
        if len(self.session.selection):  # a message of another kind is left to time out
            self._on_selection_changed()

    def _on_selection_changed(self) -> None:
        count = len(self.session.selection)
        if count == 1:
            self.statusBar().showMessage(self.tr(
                "1 point selected: drag it to move it, Delete removes it, Esc clears the selection."))
        elif count:
            self.statusBar().showMessage(self.tr(
                "{count} points selected: drag one to move them all, Delete removes them, Esc clears the "
                "selection.").format(count=count))
        else:
            self.statusBar().clearMessage()
