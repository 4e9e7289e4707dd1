"""The typed boxes every panel shares, and the controls the optimizer playground and the network race
share: one optimizer's on/off box, learning-rate box and hyper-parameter boxes, a Play / Step / Reset
row, and the clock of a catch-up.

The number boxes (`NumberSpin`, `DecimalSpin`) read what an input method types (`１６`, `０．１`,
`１ｅ－３`) through `visualnet.textinput`, and refuse what they cannot read with the reason (their
tooltip and `refused`), never by silently dropping a character.
Widget -> model is a plain call (`on_change`); the callers set values back with signals blocked.
Their texts follow the language by themselves (the transport buttons, the hyper-parameter tips): the
panels that use them need not retranslate them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCheckBox,
    QDoubleSpinBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QWidget,
)

from visualnet import textinput
from visualnet.app import i18n
from visualnet.textinput import State
from visualnet.translatable import QT_TRANSLATE_NOOP, Message

HYPER_LABELS = {"momentum": "m", "decay_rate": "ρ", "beta1": "β1", "beta2": "β2"}
HYPER_TIPS = {
    "momentum": QT_TRANSLATE_NOOP(
        "OptimizerWidgets", "momentum: the share of the last step carried into the next (v = m·v − lr·g)"),
    "decay_rate": QT_TRANSLATE_NOOP(
        "OptimizerWidgets", "decay rate ρ: how slowly the running mean of g² forgets (h = ρh + (1 − ρ)g²)"),
    "beta1": QT_TRANSLATE_NOOP(
        "OptimizerWidgets", "β1: how slowly Adam's running mean of the gradient forgets"),
    "beta2": QT_TRANSLATE_NOOP(
        "OptimizerWidgets", "β2: how slowly Adam's running mean of the squared gradient forgets"),
}
LR_RANGE = (1e-4, 10.0)
# an optimizer brought back into a race retakes its steps in slices of this many seconds, one per turn
# of the event loop: near the playground's step limit of a million, or after 50,000 iterations of a
# network, that is seconds of work, and the window answers between two slices
CATCH_UP_BUDGET_S = 0.015


Validated = tuple[QValidator.State, str, int]


# why a number box refuses a readable number; translated where shown, with its values filled in
NEGATIVE = QT_TRANSLATE_NOOP("NumberField", "no negative numbers here")
LARGEST = QT_TRANSLATE_NOOP("NumberField", "the largest is {value}")
SMALLEST = QT_TRANSLATE_NOOP("NumberField", "the smallest is {value}")
DECIMALS = QT_TRANSLATE_NOOP("NumberField", "at most {decimals} digits after the decimal point")
UNUSABLE = QT_TRANSLATE_NOOP("NumberField", "'{text}' cannot be used here")
KEPT = QT_TRANSLATE_NOOP("NumberField", "{reason}; kept {value}")
NOT_TAKEN = QT_TRANSLATE_NOOP("NumberField", "Not taken: {reason}")


class _TypedNumber:
    """What both number boxes share: full-width text read, refusals explained, Enter reported."""

    def __init__(self, box: NumberSpin | DecimalSpin, integer: bool) -> None:
        self.box = box
        self.integer = integer
        # the reason shown in the tooltip, until something readable is typed: a message, so that
        # it is shown in a language chosen meanwhile
        self.refusal: Message | None = None
        self.tip = ""  # the box's own tooltip, given back then
        self.refused_now = False
        # the refusal stays in the tooltip until the user changes the text (Enter alone keeps it)
        box.lineEdit().textEdited.connect(lambda _text: self.accepted())

    def core(self, folded: str) -> str:
        """The number part of folded text: without the box's prefix, suffix and spaces."""
        t = folded.strip()
        prefix, suffix = self.box.prefix().strip(), self.box.suffix().strip()
        if prefix and t.startswith(prefix):
            t = t[len(prefix):]
        if suffix and t.endswith(suffix):
            t = t[: -len(suffix)]
        return t.strip()

    def validate(self, text: str, pos: int, base: Callable[[str, int], Validated]) -> Validated:
        """Qt's validate on the folded text, after our grammar: refusals say why."""
        folded = textinput.fold(text)
        special = self.box.specialValueText()
        if special and folded.strip() == special:
            return base(folded, pos)
        core = self.core(folded)
        verdict = textinput.check_number(core, self.integer, self.box.locale().decimalPoint())
        if verdict.state is State.INVALID:
            self.refuse(verdict.as_message())
            return QValidator.State.Invalid, text, pos
        if core.startswith("-") and self.box.minimum() >= 0:
            self.refuse(Message(NEGATIVE))
            return QValidator.State.Invalid, text, pos
        if verdict.state is State.INTERMEDIATE:  # "1e", "-": Qt refuses them, more typing makes a number
            return QValidator.State.Intermediate, folded, pos
        state, out, new_pos = base(folded, pos)
        if state == QValidator.State.Invalid:
            self.refuse(self._range_reason(core))
            return QValidator.State.Invalid, text, pos
        return state, out, new_pos

    def _range_reason(self, core: str) -> Message:
        """Why a readable number is refused: its range or its decimals."""
        box = self.box
        try:
            value = textinput.parse_number(core, self.integer, box.locale().decimalPoint())
        except textinput.InputRefusedError as err:
            return err.verdict.as_message()
        shown = cast("Callable[[float], str]", box.textFromValue)  # a box's own bound (an int for NumberSpin)
        if value > box.maximum():
            return Message(LARGEST, value=shown(box.maximum()))
        if value < box.minimum():
            return Message(SMALLEST, value=shown(box.minimum()))
        if isinstance(box, QDoubleSpinBox):
            return Message(DECIMALS, decimals=box.decimals())
        return Message(UNUSABLE, text=core)

    def for_qt(self, text: str) -> str:
        """Typed text as Qt's own reading understands it (ASCII digits, signs and points)."""
        return textinput.fold(text)

    def fixup(self, text: str) -> None:
        """Unfinished text on Enter or focus out: Qt keeps the last value, and we say why."""
        core = self.core(textinput.fold(text))
        verdict = textinput.check_number(core, self.integer, self.box.locale().decimalPoint())
        reason = verdict.as_message() if verdict.state is not State.ACCEPTABLE else self._range_reason(core)
        shown = cast("Callable[[float], str]", self.box.textFromValue)  # its value (an int for NumberSpin)
        self.refuse(Message(KEPT, reason=reason, value=shown(self.box.value())))

    def refuse(self, reason: Message) -> None:
        """Show why typed text was not taken (tooltip) and tell the panel (`refused`, translated)."""
        if self.refusal is None:
            self.tip = self.box.toolTip()
        self.refusal = reason
        self.refused_now = True
        self._show_refusal()
        self.box.refused.emit(i18n.translated(reason))

    def _show_refusal(self) -> None:
        shown = i18n.translated(Message(NOT_TAKEN, reason=self.refusal))
        self.box.setToolTip(f"{shown}\n\n{self.tip}" if self.tip else shown)

    def set_tip(self, tip: str) -> None:
        """The box's own tooltip (e.g. in a new language); a refusal shown stays above it, translated."""
        if self.refusal is not None:
            self.tip = tip
            self._show_refusal()
        else:
            self.box.setToolTip(tip)

    def accepted(self) -> None:
        """The text was changed to something readable: the box's own tooltip comes back."""
        if self.refusal is not None:
            self.refusal = None
            self.box.setToolTip(self.tip)

    def key_press(self, event: QKeyEvent, base: Callable[[QKeyEvent], None]) -> None:
        """Enter that commits a value reports `valueEntered` (the panel hands focus back)."""
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        self.refused_now = False
        base(event)
        if enter and not self.refused_now:
            self.box.valueEntered.emit()


class NumberSpin(QSpinBox):
    """A whole-number box that reads full-width digits and says why it refuses what it cannot read."""

    refused = Signal(str)  # why typed text was not taken
    valueEntered = Signal()  # Enter pressed and the typed value taken

    def __init__(self, parent: QWidget | None = None, **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.typed = _TypedNumber(self, integer=True)

    def validate(self, text: str, pos: int) -> Validated:
        """Our grammar first (full-width forms folded), then Qt's range."""
        return self.typed.validate(text, pos, super().validate)

    def valueFromText(self, text: str) -> int:
        """The value of typed text, full-width forms included."""
        return super().valueFromText(self.typed.for_qt(text))

    def fixup(self, text: str) -> str:
        """Explain why unfinished text is not taken."""
        self.typed.fixup(text)
        return super().fixup(textinput.fold(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Report an Enter that took a value."""
        self.typed.key_press(event, super().keyPressEvent)


class DecimalSpin(QDoubleSpinBox):
    """A decimal box like NumberSpin; with `significant` set it shows that many significant digits
    (0.100, 0.0316, 2.50) while keeping the exact value."""

    refused = Signal(str)
    valueEntered = Signal()

    def __init__(self, parent: QWidget | None = None, significant: int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(parent, **kwargs)
        self.significant = significant
        self.typed = _TypedNumber(self, integer=False)

    def validate(self, text: str, pos: int) -> Validated:
        """Our grammar first (full-width forms folded), then Qt's range and decimals."""
        return self.typed.validate(text, pos, super().validate)

    def textFromValue(self, value: float) -> str:
        """The value with `significant` digits (or Qt's way when unset)."""
        if self.significant is None or value == 0 or not math.isfinite(value):
            return super().textFromValue(value)
        digits = self.significant - 1 - math.floor(math.log10(abs(value)))
        text = self.locale().toString(value, "f", min(max(0, digits), self.decimals()))
        return text if self.isGroupSeparatorShown() else text.replace(self.locale().groupSeparator(), "")

    def valueFromText(self, text: str) -> float:
        """The value of typed text; the text shown for the value is that exact value, not its rounding."""
        folded = self.typed.for_qt(text)
        if self.typed.core(folded) == self.textFromValue(self.value()):
            return self.value()  # Enter on an unedited 0.0123 must not turn 0.012345 into 0.0123
        return super().valueFromText(folded)

    def fixup(self, text: str) -> str:
        """Explain why unfinished text is not taken."""
        self.typed.fixup(text)
        return super().fixup(textinput.fold(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Report an Enter that took a value."""
        self.typed.key_press(event, super().keyPressEvent)


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
            tip: str) -> DecimalSpin:
    """A learning-rate box, 1e-4 to 10 in adaptive steps; calls on_change(name, lr) once a value is set."""
    spin = DecimalSpin(objectName=object_name)
    spin.setDecimals(4)
    spin.setRange(*LR_RANGE)
    spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
    spin.setKeyboardTracking(False)  # typing "0.05" is one change, not "0", "0.0", "0.05"
    spin.setValue(lr)
    spin.setToolTip(tip)
    spin.valueChanged.connect(lambda v: on_change(name, v))
    return spin


def hyper_spin(key: str, object_name: str, value: float,
               on_change: Callable[[float], None]) -> DecimalSpin:
    """A compact box for a hyper-parameter in [0, 1) (momentum, ρ, β1, β2), sized for "0.0000"."""
    spin = DecimalSpin(objectName=object_name)
    spin.setDecimals(3 if key != "beta2" else 4)
    spin.setRange(0.0, 0.9999)
    spin.setSingleStep(0.01)
    spin.setKeyboardTracking(False)
    spin.setValue(value)
    spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons)
    spin.setFixedWidth(spin.fontMetrics().horizontalAdvance("0.0000") + 14)
    TranslatedTip(spin, HYPER_TIPS.get(key, key))
    spin.valueChanged.connect(on_change)
    return spin


def hyper_row(boxes: dict[str, QDoubleSpinBox]) -> QHBoxLayout:
    """The hyper-parameter boxes in a row, each after its short label (m, ρ, β1, β2)."""
    row = QHBoxLayout()
    row.setSpacing(2)
    for key, spin in boxes.items():
        label = QLabel(HYPER_LABELS.get(key, key))
        TranslatedTip(label, HYPER_TIPS.get(key, key))
        row.addWidget(label)
        row.addWidget(spin)
    row.addStretch(1)
    return row


class TranslatedTip(QObject):
    """Keeps its parent widget's tooltip, a marked text, in the language spoken."""

    def __init__(self, widget: QWidget, tip: str) -> None:
        super().__init__(widget)  # owned by the widget: no Python reference keeps either alive
        self.tip = tip
        self.retranslate()
        i18n.follow_language(widget, self.retranslate)

    def retranslate(self) -> None:
        """Set the tooltip in the language now spoken (a number box keeps a refusal it shows)."""
        widget = self.parent()
        if isinstance(widget, QWidget):
            set_tip(widget, i18n.translated(self.tip))


def set_tip(widget: QWidget, tip: str) -> None:
    """Give `widget` its own tooltip; a number box keeps a refusal it shows above it."""
    if isinstance(widget, (NumberSpin, DecimalSpin)):
        widget.typed.set_tip(tip)
    else:
        widget.setToolTip(tip)


PLAY = QT_TRANSLATE_NOOP("Transport", "Play")
PAUSE = QT_TRANSLATE_NOOP("Transport", "Pause")
STEP = QT_TRANSLATE_NOOP("Transport", "Step")
RESET = QT_TRANSLATE_NOOP("Transport", "Reset")


def play_text(playing: bool) -> str:
    """What the play button says: "Pause" while playing, "Play" otherwise (in the language spoken)."""
    return i18n.translated(PAUSE if playing else PLAY)


class TransportButton(QPushButton):
    """A button whose text (a marked text) follows the language; a checkable one shows "Play" or "Pause"."""

    def __init__(self, text: str, object_name: str, play: bool = False) -> None:
        super().__init__(objectName=object_name)
        self.marked = text
        self.play = play
        self.setCheckable(play)
        self.toggled.connect(self._on_toggled)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def _on_toggled(self, _checked: bool) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        """Set the text in the language now spoken (the play button's from its checked state)."""
        self.setText(play_text(self.isChecked()) if self.play else i18n.translated(self.marked))


def transport_buttons(prefix: str, suffix: str = "") -> tuple[QPushButton, QPushButton, QPushButton]:
    """Play (checkable, "Pause" while checked), Step and Reset, named f"{prefix}Play{suffix}" and so on."""
    play = TransportButton(PLAY, f"{prefix}Play{suffix}", play=True)
    step = TransportButton(STEP, f"{prefix}Step{suffix}")
    reset = TransportButton(RESET, f"{prefix}Reset{suffix}")
    return play, step, reset
