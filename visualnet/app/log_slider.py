"""A logarithmic slider bound to an exact spin box: one float value, two ways to set it."""

from __future__ import annotations

import math

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QHBoxLayout, QSlider, QWidget

SLIDER_STEPS = 1000


class LogSlider(QWidget):
    """A slider over [low, high] on a log scale with a spin box for the exact value."""

    valueChanged = Signal(float)

    def __init__(self, low: float, high: float, value: float, decimals: int = 6,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._low, self._high = math.log10(low), math.log10(high)
        self._value = float(value)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setRange(0, SLIDER_STEPS)
        self.spin = QDoubleSpinBox()
        self.spin.setDecimals(decimals)
        self.spin.setRange(low, high)
        self.spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.spin.setKeyboardTracking(False)  # commit typed numbers on Enter / focus out, not per key
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.slider, 3)
        layout.addWidget(self.spin, 2)
        self._show(self._value)
        self.slider.valueChanged.connect(self._on_slider)
        self.spin.valueChanged.connect(self._on_spin)

    def value(self) -> float:
        """The current value."""
        return self._value

    def setValue(self, value: float) -> None:
        """Set the value from outside; emits valueChanged only when it really changes."""
        value = min(max(float(value), 10**self._low), 10**self._high)
        self._show(value)
        self._commit(value)

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
