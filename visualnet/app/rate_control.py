"""The training speed in iterations per second: a box (`speedSpin`) and a log slider, "max" at the top."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QSlider, QWidget

from visualnet import textinput
from visualnet.app.optimizer_widgets import NumberSpin, Validated
from visualnet.pace import MAX_RATE, RATE_TOP

SLIDER_STEPS = 1000
MAX_FROM = 980  # the slider's top 2 % is "max"; below, 0 … MAX_FROM spans 1 … RATE_TOP on a log scale


def max_word() -> str:
    """"max" in the language now spoken."""
    return QCoreApplication.translate("RateSpin", "max")


def slider_position(rate: int) -> int:
    """Where a rate sits on the slider."""
    if rate >= MAX_RATE:
        return SLIDER_STEPS
    return round(MAX_FROM * math.log10(max(1, min(rate, RATE_TOP))) / math.log10(RATE_TOP))


def rate_at(position: int) -> int:
    """The rate of a slider position: 1 … 10,000 a second on a log scale, then "max"."""
    if position >= MAX_FROM:
        return MAX_RATE
    return max(1, round(10 ** (math.log10(RATE_TOP) * position / MAX_FROM)))


class RateSpin(NumberSpin):
    """Iterations per second, 1 … 10,000; its maximum reads "max" (as fast as the frame allows)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(1, MAX_RATE)

    def textFromValue(self, value: int) -> str:
        """Digits, or "max" at the top."""
        return max_word() if value >= MAX_RATE else str(value)

    def valueFromText(self, text: str) -> int:
        """"max" (in either language) or a number."""
        if self._is_max(text, whole=True):
            return MAX_RATE
        return super().valueFromText(text)

    def validate(self, text: str, pos: int) -> Validated:
        """"max" and what leads to it are taken; otherwise a whole number as every box reads it."""
        if self._is_max(text, whole=True):
            return QValidator.State.Acceptable, text, pos
        if text.strip() and self._is_max(text, whole=False):
            return QValidator.State.Intermediate, text, pos
        return super().validate(text, pos)

    @staticmethod
    def _is_max(text: str, whole: bool) -> bool:
        typed = textinput.fold(text).strip().lower()
        words = {"max", max_word().lower()}
        return typed in words if whole else any(w.startswith(typed) for w in words)


class RateSlider(QSlider):
    """A log slider bound to a RateSpin: one value, two ways to set it."""

    rateChanged = Signal(int)

    def __init__(self, spin: RateSpin, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.spin = spin
        self.setRange(0, SLIDER_STEPS)
        self.setPageStep(SLIDER_STEPS // 20)
        self._follow(spin.value())
        self.valueChanged.connect(self._on_slider)
        spin.valueChanged.connect(self._follow)

    def _on_slider(self, position: int) -> None:
        rate = rate_at(position)
        if rate != self.spin.value():
            self.spin.setValue(rate)  # the box announces it (valueChanged)

    def _follow(self, rate: int) -> None:
        with QSignalBlocker(self):
            self.setValue(slider_position(rate))
