"""The controls the optimizer playground and the network race share: one optimizer's on/off box,
learning-rate box and hyper-parameter boxes, a Play / Step / Reset row, and the clock of a catch-up.

Widget -> model is a plain call (`on_change`); the callers set values back with signals blocked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QAbstractSpinBox, QCheckBox, QDoubleSpinBox, QHBoxLayout, QLabel, QPushButton

HYPER_LABELS = {"momentum": "m", "decay_rate": "ρ", "beta1": "β1", "beta2": "β2"}
HYPER_TIPS = {
    "momentum": "momentum: the share of the last step carried into the next (v = m·v − lr·g)",
    "decay_rate": "decay rate ρ: how slowly the running mean of g² forgets (h = ρh + (1 − ρ)g²)",
    "beta1": "β1: how slowly Adam's running mean of the gradient forgets",
    "beta2": "β2: how slowly Adam's running mean of the squared gradient forgets",
}
LR_RANGE = (1e-4, 10.0)
# an optimizer brought back into a race retakes its steps in slices of this many seconds, one per turn
# of the event loop: near the playground's step limit of a million, or after 50,000 iterations of a
# network, that is seconds of work, and the window answers between two slices
CATCH_UP_BUDGET_S = 0.015


class CatchUpClock(QTimer):
    """The clock of a catch-up: calls `tick` at every turn of the event loop while it runs."""

    def __init__(self, parent: QObject, tick: Callable[[], None]) -> None:
        super().__init__(parent)
        self.setInterval(0)  # as often as the event loop turns: input and paints go in between
        self.timeout.connect(tick)

    def follow(self, behind: bool) -> None:
        """Run while someone is `behind` (and the panel is shown), stop otherwise."""
        if behind and not self.isActive():
            self.start()
        elif not behind and self.isActive():
            self.stop()


def use_check(name: str, object_name: str, active: bool, on_toggle: Callable[[str, bool], None],
              tip: str = "") -> QCheckBox:
    """The box that takes optimizer `name` in or out of a race; calls on_toggle(name, on)."""
    check = QCheckBox(name, objectName=object_name)
    check.setChecked(active)
    if tip:
        check.setToolTip(tip)
    check.toggled.connect(lambda on: on_toggle(name, on))
    return check


def lr_spin(name: str, object_name: str, lr: float, on_change: Callable[[str, float], None],
            tip: str) -> QDoubleSpinBox:
    """A learning-rate box, 1e-4 to 10 in adaptive steps; calls on_change(name, lr) once a value is set."""
    spin = QDoubleSpinBox(objectName=object_name)
    spin.setDecimals(4)
    spin.setRange(*LR_RANGE)
    spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
    spin.setKeyboardTracking(False)  # typing "0.05" is one change, not "0", "0.0", "0.05"
    spin.setValue(lr)
    spin.setToolTip(tip)
    spin.valueChanged.connect(lambda v: on_change(name, v))
    return spin


def hyper_spin(key: str, object_name: str, value: float,
               on_change: Callable[[float], None]) -> QDoubleSpinBox:
    """A compact box for a hyper-parameter in [0, 1) (momentum, ρ, β1, β2), sized for "0.0000"."""
    spin = QDoubleSpinBox(objectName=object_name)
    spin.setDecimals(3 if key != "beta2" else 4)
    spin.setRange(0.0, 0.9999)
    spin.setSingleStep(0.01)
    spin.setKeyboardTracking(False)
    spin.setValue(value)
    spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    spin.setFixedWidth(spin.fontMetrics().horizontalAdvance("0.0000") + 14)
    spin.setToolTip(HYPER_TIPS.get(key, key))
    spin.valueChanged.connect(on_change)
    return spin


def hyper_row(boxes: dict[str, QDoubleSpinBox]) -> QHBoxLayout:
    """The hyper-parameter boxes in a row, each after its short label (m, ρ, β1, β2)."""
    row = QHBoxLayout()
    row.setSpacing(2)
    for key, spin in boxes.items():
        label = QLabel(HYPER_LABELS.get(key, key))
        label.setToolTip(HYPER_TIPS.get(key, key))
        row.addWidget(label)
        row.addWidget(spin)
    row.addStretch(1)
    return row


def transport_buttons(prefix: str, suffix: str = "") -> tuple[QPushButton, QPushButton, QPushButton]:
    """Play (checkable), Step and Reset, named f"{prefix}Play{suffix}" and so on."""
    play = QPushButton("Play", objectName=f"{prefix}Play{suffix}")
    play.setCheckable(True)
    step = QPushButton("Step", objectName=f"{prefix}Step{suffix}")
    reset = QPushButton("Reset", objectName=f"{prefix}Reset{suffix}")
    return play, step, reset
