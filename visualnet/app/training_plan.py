"""The learning-rate schedule and the stop conditions: a group of the control panel, and a small plot of η."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from visualnet.app import i18n, palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.optimizer_widgets import DecimalSpin, NumberSpin
from visualnet.app.plotting import label_axis
from visualnet.app.status_bar import StatusLabel
from visualnet.app.views import live
from visualnet.core.schedules import KINDS, Schedule
from visualnet.core.stopping import StopRule
from visualnet.presenters.schedule_curve import schedule_curve, span_of
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP

SCHEDULE_NAMES = {
    "constant": QT_TRANSLATE_NOOP("TrainingPlan", "constant"),
    "step": QT_TRANSLATE_NOOP("TrainingPlan", "step decay"),
    "exponential": QT_TRANSLATE_NOOP("TrainingPlan", "exponential"),
    "cosine": QT_TRANSLATE_NOOP("TrainingPlan", "cosine"),
}
PLOT_HEIGHT = 70  # px: the rate over the epochs, a glance, not a study


def _spin(name: str, lo: int, hi: int, value: int) -> NumberSpin:
    spin = NumberSpin()
    spin.setObjectName(name)
    spin.setAccessibleName(name)
    spin.setRange(lo, hi)
    spin.setValue(value)
    spin.setKeyboardTracking(False)
    return spin


def _decimal(name: str, lo: float, hi: float, value: float, decimals: int = 3) -> DecimalSpin:
    spin = DecimalSpin()
    spin.setObjectName(name)
    spin.setAccessibleName(name)
    spin.setDecimals(decimals)
    spin.setRange(lo, hi)
    spin.setSingleStep(10 ** -min(decimals, 2))
    spin.setValue(value)
    spin.setKeyboardTracking(False)
    return spin


class TrainingPlan(QGroupBox):
    """Schedule (constant, step decay, exponential, cosine) with its rate now and plotted; stop after N
    epochs, at a target loss or accuracy, or when the validation loss stops improving."""

    scheduleChosen = Signal(object)  # a Schedule
    stopChosen = Signal(object)  # a StopRule

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        form = QFormLayout(self)
        self.scheduleCombo = QComboBox()
        self.scheduleCombo.setObjectName("scheduleCombo")
        for kind in KINDS:
            self.scheduleCombo.addItem(kind, kind)
        self.factorSpin = _decimal("scheduleFactorSpin", 0.01, 1.0, 0.5, 3)
        self.everySpin = _decimal("scheduleEpochsSpin", 0.1, 10_000.0, 10.0, 1)
        self.floorSpin = _decimal("scheduleFloorSpin", 0.0, 1.0, 0.0, 2)
        # a new text each frame: a label of fixed size, so that it does not re-lay out the panel
        self.rate_now = StatusLabel("η now 0.0000e-00 (epoch 10000.0)")
        self.rate_now.setObjectName("scheduleRateNow")
        self.plot = pg.PlotWidget()
        self.plot.setObjectName("schedulePlot")
        self.plot.setFixedHeight(PLOT_HEIGHT)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.curve = self.plot.plot(pen=palette.pen(palette.ACCENT, 1.5))
        self.now_mark = pg.ScatterPlotItem(size=7, brush=palette.brush(palette.ACCENT))
        self.plot.addItem(self.now_mark)
        self.stopEpochsSpin = _spin("stopEpochsSpin", 0, 100_000, 0)
        self.stopLossSpin = _decimal("stopLossSpin", 0.0, 100.0, 0.0, 4)
        self.stopAccuracySpin = _spin("stopAccuracySpin", 0, 100, 0)
        self.patienceSpin = _spin("patienceSpin", 0, 10_000, 0)
        self._curve_for: tuple[Schedule, float, float] | None = None  # what the curve was drawn for
        self.restoreBestCheck = QCheckBox()
        self.restoreBestCheck.setObjectName("restoreBestCheck")
        self._labels: dict[str, QLabel] = {key: QLabel() for key in (
            "schedule", "factor", "every", "floor", "epochs", "loss", "accuracy", "patience")}
        self.form = form
        form.addRow(self._labels["schedule"], self.scheduleCombo)
        # a row each, shown only for the schedules that use them: the panel stays narrow
        for key, spin in (("factor", self.factorSpin), ("every", self.everySpin), ("floor", self.floorSpin)):
            form.addRow(self._labels[key], spin)
        form.addRow(self.plot)
        form.addRow(self.rate_now)
        form.addRow(self._labels["epochs"], self.stopEpochsSpin)
        form.addRow(self._labels["loss"], self.stopLossSpin)
        form.addRow(self._labels["accuracy"], self.stopAccuracySpin)
        form.addRow(self._labels["patience"], self.patienceSpin)
        form.addRow(self.restoreBestCheck)
        self.scheduleCombo.activated.connect(lambda _: self._schedule_edited())
        for spin in (self.factorSpin, self.everySpin, self.floorSpin):
            spin.valueChanged.connect(lambda _: self._schedule_edited())
        for stop in (self.stopEpochsSpin, self.stopLossSpin, self.stopAccuracySpin, self.patienceSpin):
            stop.valueChanged.connect(lambda _: self._stop_edited())
        self.restoreBestCheck.toggled.connect(lambda _: self._stop_edited())
        # a step moves only the rate now (and, on a long run, the curve's span); a change of settings,
        # a new network or an edit sets the controls too (setting them every frame repainted the panel)
        live.follow(self, bridge.stepped, self.show_rate)
        for signal in (bridge.modelReset, bridge.configChanged, bridge.weightsChanged):
            live.follow(self, signal, self.refresh)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Every text in the language now spoken."""
        self.setTitle(self.tr("Schedule and stopping"))
        texts = {"schedule": self.tr("Learning rate"), "factor": self.tr("Factor ×"),
                 "every": self.tr("Every (epochs)"), "floor": self.tr("Floor (× η)"),
                 "epochs": self.tr("Stop after epochs"),
                 "loss": self.tr("Stop at loss ≤"), "accuracy": self.tr("Stop at accuracy % ≥"),
                 "patience": self.tr("Early stop: patience")}
        for key, text in texts.items():
            self._labels[key].setText(text)
        for i in range(self.scheduleCombo.count()):
            self.scheduleCombo.setItemText(i, i18n.translated(SCHEDULE_NAMES[self.scheduleCombo.itemData(i)]))
        self.scheduleCombo.setToolTip(self.tr(
            "How the learning rate η moves as training goes on, from the rate set above: step decay "
            "multiplies it by × every so many epochs, exponential by × every epoch, cosine eases it down to "
            "floor × η over so many epochs."))
        for spin in (self.stopEpochsSpin, self.stopLossSpin, self.stopAccuracySpin, self.patienceSpin):
            spin.setSpecialValueText(self.tr("off"))
        self.patienceSpin.setToolTip(self.tr(
            "Early stopping: stop when the validation loss has not improved for this many epochs (needs a "
            "validation set: split 6:2:2)."))
        self.restoreBestCheck.setText(self.tr("then restore the best weights"))
        label_axis(self.plot.getPlotItem(), "bottom", self.tr("epoch"))
        label_axis(self.plot.getPlotItem(), "left", "η")
        self.refresh()

    def _schedule_edited(self) -> None:
        kind = str(self.scheduleCombo.currentData())
        try:
            schedule = Schedule(kind, self.factorSpin.value(), self.everySpin.value(), self.floorSpin.value())
        except ValueError:  # a value between the spins' limits the schedule refuses: keep the one in use
            return
        self.scheduleChosen.emit(schedule)

    def _stop_edited(self) -> None:
        def off_or(value: float) -> float | None:
            return value if value > 0 else None

        epochs, patience = off_or(self.stopEpochsSpin.value()), off_or(self.patienceSpin.value())
        accuracy = off_or(self.stopAccuracySpin.value())
        self.stopChosen.emit(StopRule(
            epochs=None if epochs is None else int(epochs), target_loss=off_or(self.stopLossSpin.value()),
            target_accuracy=None if accuracy is None else accuracy / 100.0,
            patience=None if patience is None else int(patience),
            restore_best=self.restoreBestCheck.isChecked()))

    def refresh(self, *_: object) -> None:
        """The controls as the session has them, the rate now and its curve."""
        s = self.session
        schedule, rule = s.schedule, s.stop_rule
        with QSignalBlocker(self.scheduleCombo):
            self.scheduleCombo.setCurrentIndex(max(0, self.scheduleCombo.findData(schedule.kind)))
        decimals = ((self.factorSpin, schedule.factor), (self.everySpin, schedule.every),
                    (self.floorSpin, schedule.floor), (self.stopLossSpin, rule.target_loss or 0.0))
        for decimal, number in decimals:
            with QSignalBlocker(decimal):
                decimal.setValue(number)
        for whole, count in ((self.stopEpochsSpin, rule.epochs or 0),
                             (self.stopAccuracySpin, round(100 * (rule.target_accuracy or 0.0))),
                             (self.patienceSpin, rule.patience or 0)):
            with QSignalBlocker(whole):
                whole.setValue(int(count))
        with QSignalBlocker(self.restoreBestCheck):
            self.restoreBestCheck.setChecked(rule.restore_best)
        for spin, used in ((self.factorSpin, schedule.kind in ("step", "exponential")),
                           (self.everySpin, schedule.kind in ("step", "cosine")),
                           (self.floorSpin, schedule.kind == "cosine")):
            self.form.setRowVisible(spin, used)
        self.plot.setVisible(not schedule.constant)
        self.show_rate()

    def show_rate(self, *_: object) -> None:
        """The rate now, its mark on the curve, and the curve when its span or the schedule changed."""
        s = self.session
        schedule = s.schedule
        epoch = s.trainer.epoch_float
        base = float(s.config.lr)
        span = span_of(schedule, epoch)
        if (schedule, base, span) != self._curve_for:  # redrawn only when the curve changes
            self._curve_for = (schedule, base, span)
            curve = schedule_curve(schedule, base, span)
            self.curve.setData(curve.epochs, curve.rates)
        now = float(s.optimizer.lr)
        self.now_mark.setData([epoch], [now])
        text = self.tr("η now {rate} (epoch {epoch:.1f})").format(rate=f"{now:.4g}", epoch=epoch)
        if self.rate_now.text() != text:
            self.rate_now.setText(text)
