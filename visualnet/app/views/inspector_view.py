"""The forward-pass inspector: the numbers of one point's (or the mini-batch's) pass through the network.

The numbers and their layout come from visualnet.presenters.inspector (no Qt); this widget holds the
point to inspect (picked in the data view or typed), the switches, and a scrolling rich-text view.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from visualnet.app import i18n
from visualnet.app.bridge import SessionBridge
from visualnet.app.optimizer_widgets import DecimalSpin
from visualnet.app.views import live
from visualnet.presenters import inspector as present
from visualnet.presenters import inspector_text
from visualnet.session import Session

__all__ = ["ForwardInspector"]

COORDINATE_RANGE = (-1e6, 1e6)
# numbers rewritten on every one of 60 frames a second are not read; ten times a second are, and
# its layout then costs a few frames in a second (bench_frame, 1600×1000: 12.0 → 7.2 ms median)
REFRESH_INTERVAL_S = 0.1


def _coordinate_spin(name: str) -> DecimalSpin:
    """A box for one coordinate of the inspected point (full-width digits accepted)."""
    spin = DecimalSpin()
    spin.setObjectName(name)
    spin.setAccessibleName(name)
    spin.setDecimals(4)
    spin.setRange(*COORDINATE_RANGE)
    spin.setSingleStep(0.1)
    spin.setKeyboardTracking(False)  # one value when typing ends, not one per key
    spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    return spin


class ForwardInspector(QWidget):
    """One point's forward pass with the real numbers of the current step; the mini-batch's, switched on."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forwardInspectorView")
        self.session = session
        self.point: tuple[float, float] | None = None  # the inspected point, as drawn (x₁, x₂) or (x, t)
        self.index = -1  # the data point it is (its label gives the loss), or -1
        self._count = 0  # the number of points when it was picked (an edit renumbers them)
        self.shown: present.NetworkPass | present.PerceptronPass | None = None  # the pass on screen
        self._html = ""  # ... as written
        self._written_at = -math.inf  # when the numbers were last written (perf_counter seconds)
        self._pending = QTimer(self)  # the newest numbers, written once the interval has passed
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self.refresh)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.x1Label, self.x2Label = QLabel(), QLabel()
        self.x1Spin, self.x2Spin = _coordinate_spin("inspectorX1"), _coordinate_spin("inspectorX2")
        self.batchCheck, self.overflowCheck = QCheckBox(), QCheckBox()
        self.copyButton = QPushButton()
        self.text = QTextBrowser()
        for widget, name in ((self.hint, "inspectorHint"), (self.batchCheck, "inspectorBatch"),
                             (self.overflowCheck, "inspectorOverflow"), (self.copyButton, "inspectorCopy"),
                             (self.text, "inspectorText")):
            widget.setObjectName(name)
        # wide matrices scroll sideways instead of being squeezed or clipped
        self.text.setLineWrapMode(QTextBrowser.LineWrapMode.NoWrap)
        self._lay_out()
        for spin in (self.x1Spin, self.x2Spin):
            spin.valueChanged.connect(self._on_typed)
        self.batchCheck.toggled.connect(self.refresh)
        self.overflowCheck.toggled.connect(self.refresh)
        self.copyButton.clicked.connect(self.copy_numpy)
        live.follow(self, bridge.stepped, self._on_stepped)
        live.follow(self, bridge.weightsChanged, self._on_stepped)
        live.follow(self, bridge.modelReset, self.refresh)
        live.follow(self, bridge.dataChanged, self._on_stepped)  # a dragged point: its new position
        live.follow(self, bridge.configChanged, self.refresh)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def _lay_out(self) -> None:
        row = QHBoxLayout()
        for widget in (self.x1Label, self.x1Spin, self.x2Label, self.x2Spin):
            row.addWidget(widget)
        row.addStretch(1)
        switches = QHBoxLayout()
        switches.addWidget(self.batchCheck)
        switches.addWidget(self.overflowCheck)
        switches.addStretch(1)
        switches.addWidget(self.copyButton)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.hint)
        layout.addLayout(row)
        layout.addLayout(switches)
        layout.addWidget(self.text, 1)

    def retranslate(self) -> None:
        """Every fixed text in the language now spoken; the pass is written again."""
        self.hint.setText(self.tr("Alt+click or Alt+hover in the data view, click a point, or type the "
                                  "coordinates: the pass of that point, with the numbers of this step."))
        self.batchCheck.setText(self.tr("Mini-batch"))
        self.batchCheck.setToolTip(self.tr("Show the pass of the last mini-batch as matrices: A = XW + B "
                                           "for all N rows at once."))
        self.overflowCheck.setText(self.tr("Overflow (+1000)"))
        self.overflowCheck.setToolTip(self.tr("Push the scores by +1000: the naive softmax overflows, the "
                                              "stable one gives the same probabilities."))
        self.copyButton.setText(self.tr("Copy as NumPy"))
        self.copyButton.setToolTip(self.tr("Copy Python code that reproduces these numbers with numpy."))
        self._label_coordinates()
        self.refresh()

    def _label_coordinates(self) -> None:
        """x₁, x₂ for a classification; x and its target t for a regression."""
        regression = self.session.task == "regression"
        self.x1Label.setText("x:" if regression else "x₁:")
        self.x2Label.setText("t:" if regression else "x₂:")
        self.x1Spin.setToolTip(self.tr("The input x of the point to inspect") if regression
                               else self.tr("The first input x₁ of the point to inspect"))
        self.x2Spin.setToolTip(self.tr("The target t of the point (a loss needs a data point)")
                               if regression else self.tr("The second input x₂ of the point to inspect"))

    # ---------------------------------------------------------------- the point

    def inspect(self, x: float, y: float, index: int = -1) -> None:
        """Show the pass of the point (x, y) of the data view; `index` the data point it is, or -1."""
        self.point, self.index = (float(x), float(y)), int(index)
        self._count = len(self.session.dataset)  # how many points there were when it was picked
        self._show_coordinates()
        live.catch_up(self)  # out of sight (a closed dock): written when shown

    def _on_typed(self, _value: float) -> None:
        self.inspect(self.x1Spin.value(), self.x2Spin.value(), -1)

    def _show_coordinates(self) -> None:
        if self.point is None:
            return
        for spin, value in zip((self.x1Spin, self.x2Spin), self.point, strict=True):
            spin.blockSignals(True)  # showing the point is not typing one
            spin.setValue(value)
            spin.blockSignals(False)

    def _follow_point(self) -> None:
        """The inspected data point where it is now (dragged), found again after points were added or
        removed before it, or no data point once it is gone."""
        X = self.session.dataset.X
        if self.index < 0:
            return
        if self.index >= len(X) or len(X) != self._count:
            # other points came or went: the inspected one is where its coordinates are, if anywhere
            same: list[int] = [] if self.point is None else \
                np.flatnonzero((np.asarray(self.point) == X).all(axis=1)).tolist()
            self.index = int(same[0]) if len(same) else -1
            self._count = len(X)
            return
        xy = (float(X[self.index, 0]), float(X[self.index, 1]))
        if xy != self.point:
            self.point = xy
            self._show_coordinates()

    # ---------------------------------------------------------------- drawing

    def _on_stepped(self, *_args: object) -> None:
        """A training step or a drag: the new numbers now if the last were written 0.1 s ago, else
        as soon as that has passed (the newest state is always shown, never a stale one)."""
        wait = self._written_at + REFRESH_INTERVAL_S - time.perf_counter()
        if wait <= 0:
            self.refresh()
        elif not self._pending.isActive():
            self._pending.start(max(1, math.ceil(1000 * wait)))

    def flush(self) -> None:
        """Write the newest numbers now if some are waiting (a snapshot, an export)."""
        if self._pending.isActive():
            self.refresh()

    def refresh(self) -> None:
        """Compute the pass with the current weights and write it out."""
        self._pending.stop()
        self._written_at = time.perf_counter()
        self._label_coordinates()
        softmax = self.session.task == "classification" and self.session.config.model == "MLP"
        self.overflowCheck.setEnabled(softmax)  # only a softmax output can overflow
        self._follow_point()
        self.shown = self.current_pass()
        if self.shown is None:
            self._html = ""
            self.text.setHtml(self._nothing_text())
            return
        html = inspector_text.to_html(self.shown, i18n.translate, self.overflowCheck.isChecked())
        if html == self._html:
            return  # the same numbers (paused, the same place hovered again): no new layout
        self._html = html
        scroll = self.text.verticalScrollBar().value(), self.text.horizontalScrollBar().value()
        self.text.setHtml(html)
        # a training step rewrites the numbers; the reader keeps their place
        self.text.verticalScrollBar().setValue(scroll[0])
        self.text.horizontalScrollBar().setValue(scroll[1])

    def _nothing_text(self) -> str:
        if self.batchCheck.isChecked():
            return self.tr("No mini-batch yet: take a training step, then the pass of the batch it used "
                           "is shown here.")
        return self.tr("No point chosen yet: Alt+click in the data view, or type x₁ and x₂ above.")

    def current_pass(self) -> present.NetworkPass | present.PerceptronPass | None:
        """The pass shown: the inspected point's, or the last mini-batch's; None when there is none."""
        s = self.session
        lr = float(s.config.lr)
        batch = max(1, min(int(s.config.batch_size), len(s.trainer.X_train)))  # the step's mini-batch
        if self.batchCheck.isChecked():
            rows = s.trainer.last_batch
            X, t = s.trainer.X_train, s.trainer.t_train
            if len(rows) == 0 or len(X) == 0 or int(rows.max()) >= len(X):
                return None
            return present.forward_pass(s.model, X[rows], t[rows], lr, batch)
        if self.point is None:
            return None
        point = np.array(self.point)
        regression = s.task == "regression"
        X = point[None, :1] if regression else point[None, :]
        return present.forward_pass(s.model, X, self._target(), lr, batch)

    def _target(self) -> np.ndarray | None:
        """The inspected data point's target: its label, or in a regression its t; None for no data point."""
        if self.index < 0:
            return None
        ds = self.session.dataset
        if ds.task == "regression":
            return ds.X[self.index : self.index + 1, 1:]
        label = int(ds.y[self.index])
        n_out = int(self.session.model.n_outputs)
        return np.array([label]) if label < n_out else None

    def copy_numpy(self) -> None:
        """Put code that reproduces the numbers shown on the clipboard."""
        if self.shown is not None:
            QGuiApplication.clipboard().setText(present.numpy_code(self.shown))
