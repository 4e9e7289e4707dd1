"""A logarithmic slider bound to an exact spin box: one float value, two ways to set it."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QHBoxLayout, QSlider, QWidget

from visualnet.app.optimizer_widgets import DecimalSpin

SLIDER_STEPS = 1000
SIGNIFICANT = 3  # the spin box shows 0.100, 0.0316, 2.50: the slider's own rounding
MIN_SLIDER_WIDTH = 200  # px: a thousand steps over four decades need room to be dragged precisely


class LogSlider(QWidget):
    """A slider over [low, high] on a log scale with a spin box for the exact value.

    A value set from outside beyond [low, high] (a learning rate of 1e-6 from a file) is shown as
    it is: both widgets' range grows to the decade that holds it, and shrinks back to [low, high]
    once the value is inside again. What the user drags or types stays within the range shown.
    The spin box shows 3 significant digits of the exact value. With `stacked` the caller places
    `slider` and `spin` itself (the control panel gives the slider a row of its own).
    """

    valueChanged = Signal(float)

    def __init__(self, low: float, high: float, value: float, decimals: int = 6,
                 parent: QWidget | None = None, stacked: bool = False) -> None:
        super().__init__(parent)
        self._base = math.log10(low), math.log10(high)
        self._low, self._high = self._base
        self._decimals = decimals
        self._value = float(value)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.slider.setMinimumWidth(MIN_SLIDER_WIDTH)
        self.spin = DecimalSpin(significant=SIGNIFICANT)
        self.spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.spin.setKeyboardTracking(False)  # commit typed numbers on Enter / focus out, not per key
        if not stacked:
            layout = QHBoxLayout(self)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.addWidget(self.slider, 3)
            layout.addWidget(self.spin, 2)
        else:
            self.hide()  # an empty holder: the slider and the box live in the caller's layout
        self._follow(self._value)
        self._show(self._value)
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)

    def value(self) -> float:
        """The current value."""
        return self._value

    def setValue(self, value: float) -> None:
        """Set the value from outside; emits valueChanged only when it really changes."""
        value = float(value)
        if not (math.isfinite(value) and value > 0):
            return  # no place on a log scale; the caller's checks say why
        self._follow(value)
        self._show(value)
        self._commit(value)

    def bounds(self) -> tuple[float, float]:
        """The range the slider and spin box cover now."""
        return 10**self._low, 10**self._high

    def _follow(self, value: float) -> None:
        """Cover [low, high] and the decade that holds `value`; spin-box decimals enough to show it."""
        exponent = math.log10(value)
        low = min(self._base[0], math.floor(exponent))
        high = max(self._base[1], math.ceil(exponent))
        # e.g. 1e-6 needs 6 decimals and 2.5e-6 two more to show its digits (0.0000025)
        decimals = max(self._decimals, 2 - math.floor(low))
        self._low, self._high = low, high
        with QSignalBlocker(self.spin):
            self.spin.setDecimals(decimals)
            self.spin.setRange(10**low, 10**high)

    def _to_position(self, value: float) -> int:
        frac = (math.log10(value) - self._low) / (self._high - self._low)
        return round(frac * SLIDER_STEPS)

    def _from_position(self, pos: int) -> float:
        # Round to 3 significant digits so slider values read cleanly (0.0316, not 0.031622776).
        v = 10 ** (self._low + (self._high - self._low) * pos / SLIDER_STEPS)
        return float(f"{v:.3g}")

    def _show(self, value: float) -> None:
        # Both widgets are updated with their signals blocked so they never ping-pong.
        with QSignalBlocker(self.slider), QSignalBlocker(self.spin):
            self.slider.setValue(self._to_position(value))
            self.spin.setValue(value)

    def _on_slider(self, pos: int) -> None:
        value = self._from_position(pos)
        with QSignalBlocker(self.spin):
            self.spin.setValue(value)
        self._commit(value)

    def _on_spin(self, value: float) -> None:
        with QSignalBlocker(self.slider):
            self.slider.setValue(self._to_position(value))
        self._commit(value)

    def _commit(self, value: float) -> None:
        if value != self._value:
            self._value = value
            self.valueChanged.emit(value)
