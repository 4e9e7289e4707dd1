"""The model's options beside its layers: input features, initial weights, and regularization.

`FeatureToggles` (the Playground's column of inputs, as a grid of toggles) and `InitChooser` are rows of
the control panel's Model group; `RegularizationGroup` (weight penalty L2 / L1 with its λ, and the
dropout ratio per hidden layer) is a group of its own: those change while training, weights kept.
Each widget sends `settingChanged(name, value)` (the session's Config names) as the panel does, and
shows the session again with `sync(session)`, signals blocked.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from visualnet import files, textinput
from visualnet.app import i18n
from visualnet.app.optimizer_widgets import DecimalSpin, set_tip
from visualnet.core import features
from visualnet.limits import MAX_HIDDEN_LAYERS
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, TranslatableError

# the toggles' objectNames, and where each sits: x₁'s relatives on the top row, x₂'s below, x₁x₂ beside both
BUTTON_NAMES = {"x1": "featureX1", "x2": "featureX2", "x1sq": "featureX1Sq", "x2sq": "featureX2Sq",
                "x1x2": "featureX1X2", "sinx1": "featureSinX1", "sinx2": "featureSinX2"}
GRID_PLACES = {"x1": (0, 0), "x1sq": (0, 1), "sinx1": (0, 2), "x2": (1, 0), "x2sq": (1, 1), "sinx2": (1, 2),
               "x1x2": (0, 3)}
FEATURE_TIPS = {
    "x1": QT_TRANSLATE_NOOP("ModelOptions", "x₁: the point's horizontal coordinate, as it is."),
    "x2": QT_TRANSLATE_NOOP("ModelOptions", "x₂: the point's vertical coordinate, as it is."),
    "x1sq": QT_TRANSLATE_NOOP("ModelOptions", "x₁²: large far left and far right alike. With x₂² a single "
                                              "neuron can draw a circle."),
    "x2sq": QT_TRANSLATE_NOOP("ModelOptions", "x₂²: large far up and far down alike. With x₁² a single "
                                              "neuron can draw a circle."),
    "x1x2": QT_TRANSLATE_NOOP("ModelOptions", "x₁x₂: positive in the top-right and bottom-left quarters, "
                                              "negative in the other two: XOR in one number."),
    "sinx1": QT_TRANSLATE_NOOP("ModelOptions", "sin x₁: waves along x₁, for stripes and spirals."),
    "sinx2": QT_TRANSLATE_NOOP("ModelOptions", "sin x₂: waves along x₂, for stripes and spirals."),
}
FEATURES_TIP = QT_TRANSLATE_NOOP(
    "ModelOptions", "The inputs the network is given: each toggle feeds it one number computed from the "
                    "point (x₁, x₂). The input layer has one neuron per input. Changing them builds a new "
                    "network (fresh weights).")
FEATURES_OFF = QT_TRANSLATE_NOOP(
    "ModelOptions", "Input features are for an MLP classifying points of the plane: a perceptron and "
                    "regression (one input x) use the inputs as they are.")
LAST_FEATURE = QT_TRANSLATE_NOOP("ModelOptions", "Inputs: keep at least one; the network needs an input.")

INIT_NAMES = {"auto": QT_TRANSLATE_NOOP("ModelOptions", "auto"),
              "he": QT_TRANSLATE_NOOP("ModelOptions", "He"),
              "xavier": QT_TRANSLATE_NOOP("ModelOptions", "Xavier"),
              "sigma": QT_TRANSLATE_NOOP("ModelOptions", "σ ="),
              "zeros": QT_TRANSLATE_NOOP("ModelOptions", "zeros")}
INIT_ITEM_TIPS = {
    "auto": QT_TRANSLATE_NOOP("ModelOptions", "He for ReLU and its relatives, Xavier for the others."),
    "he": QT_TRANSLATE_NOOP("ModelOptions", "He: σ = √(2/n) for a layer of n inputs. ReLU zeroes half of "
                                            "its inputs; twice Xavier's variance makes up for it."),
    "xavier": QT_TRANSLATE_NOOP("ModelOptions", "Xavier: σ = √(1/n) for a layer of n inputs, so each "
                                                "layer's outputs spread about as much as its inputs "
                                                "(sigmoid, tanh)."),
    "sigma": QT_TRANSLATE_NOOP("ModelOptions", "The same standard deviation σ for every layer (the box "
                                               "beside). 0.01 makes the signal fade layer after layer; 1 "
                                               "pushes sigmoid to 0 and 1, where its slope vanishes."),
    "zeros": QT_TRANSLATE_NOOP("ModelOptions", "Every weight 0: the neurons of a layer start equal, get "
                                               "equal gradients and stay equal. The network learns no more "
                                               "than one neuron per layer."),
}
INIT_TIP = QT_TRANSLATE_NOOP(
    "ModelOptions", "How the first weights are drawn: at random around 0, with a standard deviation σ. "
                    "Too small and the activations fade toward 0, too large and sigmoid saturates; He and "
                    "Xavier choose σ from the number of inputs of each layer. Changing it draws new weights.")
INIT_OFF = QT_TRANSLATE_NOOP("ModelOptions", "A perceptron starts from w = 0, b = 0: the initial weights "
                                             "are an MLP's setting.")
SIGMA_TIP = QT_TRANSLATE_NOOP("ModelOptions", "σ, the standard deviation of every initial weight (choose "
                                              "σ = in the list to use it).")

PENALTY_NAMES = {"none": QT_TRANSLATE_NOOP("ModelOptions", "none"),
                 "l2": QT_TRANSLATE_NOOP("ModelOptions", "L2"),
                 "l1": QT_TRANSLATE_NOOP("ModelOptions", "L1")}
PENALTY_TIP = QT_TRANSLATE_NOOP(
    "ModelOptions", "A penalty on large weights, added to the loss: training then prefers small weights, "
                    "and overfits less. L2, the book's weight decay, adds λ/2·ΣW² over every weight matrix "
                    "(not the biases): each step also shrinks each weight by lr·λ·W. L1 adds λ·Σ|W| and "
                    "pulls small weights to exactly 0. It changes while training: the weights stay.")
RATE_TIP = QT_TRANSLATE_NOOP(
    "ModelOptions", "λ, the strength of the penalty. 0.0001 to 0.01 is usual; a large λ pulls every "
                    "weight toward 0 and the boundary flattens. It changes while training: the weights stay.")
DROPOUT_TIP = QT_TRANSLATE_NOOP(
    "ModelOptions", "Dropout ratio per hidden layer, comma-separated: '0.5, 0' switches off each neuron "
                    "of the first hidden layer with probability 0.5 at every training step, and none of the "
                    "second. The field, the loss and the accuracy use every neuron, its output times "
                    "(1 − ratio), as the book's Dropout layer does. At most 0.9 each; empty is none. It "
                    "changes while training: the weights stay.")
DROPOUT_OFF = QT_TRANSLATE_NOOP("ModelOptions", "Dropout acts on hidden layers: a perceptron has none.")
PENALTY_OFF = QT_TRANSLATE_NOOP("ModelOptions", "The perceptron's rule takes no penalty: weight penalties "
                                                "are an MLP's setting.")
DROPOUT_PLACEHOLDER = QT_TRANSLATE_NOOP("ModelOptions", "e.g. 0.5, 0")
GROUP_TITLE = QT_TRANSLATE_NOOP("ModelOptions", "Regularization")
LABELS = {"features": QT_TRANSLATE_NOOP("ModelOptions", "Inputs"),
          "init": QT_TRANSLATE_NOOP("ModelOptions", "Initial weights"),
          "penalty": QT_TRANSLATE_NOOP("ModelOptions", "Weight penalty"),
          "dropout": QT_TRANSLATE_NOOP("ModelOptions", "Dropout")}
# the names a refusal in the status bar gives these fields (the panel's FIELD_LABELS takes them in)
FIELD_LABELS = {"initStdSpin": QT_TRANSLATE_NOOP("ModelOptions", "σ"),
                "penaltyRateSpin": QT_TRANSLATE_NOOP("ModelOptions", "λ"),
                "dropoutEdit": LABELS["dropout"]}
NOT_TAKEN = QT_TRANSLATE_NOOP("ModelOptions", "Dropout: not taken: {reason}")
TOO_MANY = QT_TRANSLATE_NOOP("ModelOptions", "at most {count} ratios, one per hidden layer")
EMPTY_RATIO = QT_TRANSLATE_NOOP("ModelOptions", "a ratio is missing between two commas")
SIGMA_DEFAULT = 0.01  # the book's chapter-6 "small" σ: what the box offers before one is chosen
RATE_LADDER = (0.0, 1e-5, 3e-5, 1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)


def _named(widget: QWidget, name: str) -> None:
    widget.setObjectName(name)
    widget.setAccessibleName(name)


def _combo(name: str, values: Mapping[str, str]) -> QComboBox:
    combo = QComboBox()
    for value in values:
        combo.addItem(value, userData=value)
    _named(combo, name)
    return combo


def _show_names(combo: QComboBox, names: Mapping[str, str], tips: Mapping[str, str] | None = None) -> None:
    """Each item's name (and tip) in the language spoken; the value stays its item data."""
    for i in range(combo.count()):
        value = combo.itemData(i)
        combo.setItemText(i, i18n.translated(names[value]))
        if tips is not None:
            combo.setItemData(i, i18n.translated(tips[value]), Qt.ItemDataRole.ToolTipRole)


def _select(combo: QComboBox, value: object) -> None:
    index = combo.findData(value)
    if index >= 0 and index != combo.currentIndex():
        combo.setCurrentIndex(index)


# ------------------------------------------------------------------------------------------ inputs


class FeatureToggles(QWidget):
    """The input features as small toggles; the last one ticked cannot be unticked."""

    settingChanged = Signal(str, object)
    inputRefused = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _named(self, "featureToggles")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        self.buttons: dict[str, QToolButton] = {}
        for name in features.NAMES:
            button = QToolButton()
            _named(button, BUTTON_NAMES[name])
            button.setText(features.LABELS[name])  # mathematics: not translated
            button.setCheckable(True)
            button.setMinimumSize(24, 22)  # not fixed: it grows with the font in projector mode
            button.setStyleSheet("QToolButton { padding: 0px 3px; }"
                                 "QToolButton:checked { background: palette(highlight);"
                                 " color: palette(highlighted-text); }")
            button.clicked.connect(lambda _on, n=name: self._on_clicked(n))
            row, col = GRID_PLACES[name]
            if name == "x1x2":  # beside both rows, as tall as they are
                button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
            grid.addWidget(button, row, col, 2 if name == "x1x2" else 1, 1)
            self.buttons[name] = button
        grid.setColumnStretch(len(GRID_PLACES), 1)

    def changeEvent(self, event: QEvent) -> None:
        """A new font (projector mode): the toggles take it too. A widget with a style sheet of its own
        keeps the font it was polished with, so it is handed on here."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            for button in self.buttons.values():
                button.setFont(self.font())
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def chosen(self) -> tuple[str, ...]:
        """The features ticked, in the core's order."""
        return tuple(n for n in features.NAMES if self.buttons[n].isChecked())

    def retranslate(self) -> None:
        """Each toggle's tip, and the row's; while they are off, why."""
        row = i18n.translated(FEATURES_TIP if self.isEnabled() else FEATURES_OFF)
        for name, button in self.buttons.items():
            button.setToolTip(f"{i18n.translated(FEATURE_TIPS[name])}\n\n{row}")
        self.setToolTip(row)

    def _on_clicked(self, name: str) -> None:
        chosen = self.chosen()
        if not chosen:  # the last one: ticked again, and the user told why
            with QSignalBlocker(self.buttons[name]):
                self.buttons[name].setChecked(True)
            self.inputRefused.emit(i18n.translated(LAST_FEATURE))
            return
        self.settingChanged.emit("features", chosen)

    def sync(self, session: Session) -> None:
        """Tick the session's features; usable for an MLP classifying the plane only."""
        on = set(session.config.features)
        for name, button in self.buttons.items():
            with QSignalBlocker(button):
                button.setChecked(name in on)
        usable = session.config.model == "MLP" and session.task == "classification"
        if usable != self.isEnabled():
            self.setEnabled(usable)
            self.retranslate()


# ------------------------------------------------------------------------------------------ initial weights


class InitChooser(QWidget):
    """auto / He / Xavier / σ = [box] / zeros: how the first weights are drawn."""

    settingChanged = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.combo = _combo("initCombo", INIT_NAMES)
        self.spin = DecimalSpin(significant=3)
        _named(self.spin, "initStdSpin")
        self.spin.setDecimals(6)
        self.spin.setRange(1e-4, 10.0)
        self.spin.setStepType(QAbstractSpinBox.StepType.AdaptiveDecimalStepType)
        self.spin.setKeyboardTracking(False)
        self.spin.setValue(SIGMA_DEFAULT)
        row.addWidget(self.combo, 1)
        row.addWidget(self.spin, 1)
        self.combo.activated.connect(lambda _: self._emit())
        self.spin.valueChanged.connect(self._on_sigma)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def chosen(self) -> str | float:
        """The init the controls show: a name, or σ itself."""
        value = str(self.combo.currentData())
        return float(self.spin.value()) if value == "sigma" else value

    def retranslate(self) -> None:
        """Item names and tips in the language spoken."""
        _show_names(self.combo, INIT_NAMES, INIT_ITEM_TIPS)
        set_tip(self.combo, i18n.translated(INIT_TIP if self.combo.isEnabled() else INIT_OFF))
        set_tip(self.spin, i18n.translated(SIGMA_TIP))

    def _on_sigma(self, _value: float) -> None:
        if self.combo.currentData() == "sigma":  # else the box waits until σ = is chosen
            self._emit()

    def _emit(self) -> None:
        self.spin.setEnabled(self.combo.currentData() == "sigma")
        self.settingChanged.emit("init", self.chosen())

    def sync(self, session: Session) -> None:
        """Show the session's init (a number is σ); usable for an MLP (a perceptron starts from zero)."""
        init = session.config.init
        with QSignalBlocker(self.combo), QSignalBlocker(self.spin):
            if isinstance(init, int | float):
                _select(self.combo, "sigma")
                self.spin.setValue(float(init))
            else:
                _select(self.combo, init)
        mlp = session.config.model == "MLP"
        self.spin.setEnabled(mlp and self.combo.currentData() == "sigma")
        if self.combo.isEnabled() != mlp:
            self.combo.setEnabled(mlp)
            self.retranslate()


# ------------------------------------------------------------------------------------------ regularization


class PenaltyRateSpin(DecimalSpin):
    """λ, 0 … 10: typed exactly, stepped along 0, 1e-5, 3e-5, 1e-4, … 3, 10 (a log scale with a 0)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, significant=3)
        self.setDecimals(7)
        self.setRange(0.0, 10.0)
        self.setKeyboardTracking(False)

    def textFromValue(self, value: float) -> str:
        """'0' for no penalty, else three significant digits."""
        return "0" if value == 0 else super().textFromValue(value)

    def stepBy(self, steps: int) -> None:
        """One rung of RATE_LADDER per step, from the rung nearest the value."""
        value = self.value()
        if steps > 0:
            above = [r for r in RATE_LADDER if r > value * (1 + 1e-9)]
            ladder = above[min(steps, len(above)) - 1] if above else RATE_LADDER[-1]
        else:
            below = [r for r in RATE_LADDER if r < value * (1 - 1e-9)]
            ladder = below[max(len(below) + steps, 0)] if below else 0.0
        self.setValue(ladder)

    def stepEnabled(self) -> QAbstractSpinBox.StepEnabledFlag:
        """Up below 10, down above 0."""
        flags = QAbstractSpinBox.StepEnabledFlag.StepNone
        if self.value() < self.maximum():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepUpEnabled
        if self.value() > self.minimum():
            flags |= QAbstractSpinBox.StepEnabledFlag.StepDownEnabled
        return flags


def check_ratios(text: str) -> tuple[QValidator.State, Message | None]:
    """Whether typed `text` reads as dropout ratios ('0.5, 0', full-width forms welcome), and why not
    (or not yet)."""
    t = textinput.fold(text)
    if not t.strip():
        return QValidator.State.Acceptable, None  # no dropout
    parts = [p.strip() for p in t.split(",")]
    if len(parts) > MAX_HIDDEN_LAYERS:
        return QValidator.State.Invalid, Message(TOO_MANY, count=MAX_HIDDEN_LAYERS)
    for i, part in enumerate(parts):
        if not part:
            if i == len(parts) - 1:
                # '0.5,': the next ratio comes
                return QValidator.State.Intermediate, Message(textinput.REASONS["missing"])
            return QValidator.State.Invalid, Message(EMPTY_RATIO)
        verdict = textinput.check_number(part, integer=False)
        if verdict.state is textinput.State.INVALID:
            return QValidator.State.Invalid, verdict.as_message()
        if part.startswith("-"):
            return QValidator.State.Invalid, Message(textinput.REASONS["negative"])
        if verdict.state is textinput.State.INTERMEDIATE:
            return QValidator.State.Intermediate, verdict.as_message()
    return QValidator.State.Acceptable, None


def parse_ratios(text: str) -> tuple[float, ...]:
    """The ratios in acceptable typed `text`: '０．５，０' -> (0.5, 0.0); '' -> ()."""
    t = textinput.fold(text).strip()
    return tuple(float(p) for p in re.split(r"\s*,\s*", t)) if t else ()


def ratios_text(ratios: tuple[float, ...]) -> str:
    """Ratios as the field shows them: (0.5, 0.0) -> '0.5, 0'."""
    return ", ".join(f"{r:g}" for r in ratios)


class RatioListValidator(QValidator):
    """Dropout ratios as typed; what cannot be read is refused with the reason (`refused`)."""

    refused = Signal(object)  # a Message

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable, Intermediate ('0.5,') or Invalid (with `refused` saying why)."""
        state, reason = check_ratios(text)
        if state is QValidator.State.Invalid and reason is not None:
            self.refused.emit(reason)
        return state, (text if state is QValidator.State.Invalid else textinput.fold(text)), pos

    def fixup(self, text: str) -> str:
        """Enter on unfinished ratios ('0.5,'): nothing is applied, and the user is told why."""
        state, reason = check_ratios(text)
        if state is not QValidator.State.Acceptable and reason is not None:
            self.refused.emit(reason)
        return text


class RegularizationGroup(QGroupBox):
    """Weight penalty (none / L2 / L1) with its λ, and dropout ratios: all changed while training."""

    settingChanged = Signal(str, object)
    inputRefused = Signal(str)
    editingDone = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        _named(self, "regularizationGroup")
        form = QFormLayout(self)
        self.penaltyCombo = _combo("penaltyCombo", PENALTY_NAMES)
        self.penaltyRateSpin = PenaltyRateSpin()
        _named(self.penaltyRateSpin, "penaltyRateSpin")
        self.dropoutEdit = QLineEdit()
        _named(self.dropoutEdit, "dropoutEdit")
        self.validator = RatioListValidator(self.dropoutEdit)
        self.dropoutEdit.setValidator(self.validator)
        self.validator.refused.connect(self._refuse_dropout)
        self._dropout_shown = ""
        self._dropout_entered = False
        self._dropout_refusal: Message | str | None = None  # why the typed ratios were not taken
        self._labels = {key: QLabel() for key in ("penalty", "dropout")}
        row = QHBoxLayout()
        row.addWidget(self.penaltyCombo, 1)
        rate_label = QLabel("λ")  # the book's symbol: not translated
        row.addWidget(rate_label)
        row.addWidget(self.penaltyRateSpin, 1)
        form.addRow(self._labels["penalty"], row)
        form.addRow(self._labels["dropout"], self.dropoutEdit)
        self.penaltyCombo.activated.connect(
            lambda _: self.settingChanged.emit("penalty", self.penaltyCombo.currentData()))
        self.penaltyRateSpin.valueChanged.connect(
            lambda v: self.settingChanged.emit("penalty_rate", float(v)))
        self.dropoutEdit.returnPressed.connect(self._on_dropout_return)
        self.dropoutEdit.editingFinished.connect(self._on_dropout_edited)
        self.dropoutEdit.textEdited.connect(lambda _: self._clear_refusal())
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Title, labels, items and tips in the language spoken."""
        self.setTitle(i18n.translated(GROUP_TITLE))
        for key, label in self._labels.items():
            label.setText(i18n.translated(LABELS[key]))
        _show_names(self.penaltyCombo, PENALTY_NAMES)
        on = self.penaltyCombo.isEnabled()
        set_tip(self.penaltyCombo, i18n.translated(PENALTY_TIP if on else PENALTY_OFF))
        set_tip(self.penaltyRateSpin, i18n.translated(RATE_TIP))
        self.dropoutEdit.setPlaceholderText(i18n.translated(DROPOUT_PLACEHOLDER))
        self._show_dropout_tip()

    def _show_dropout_tip(self) -> None:
        tip = i18n.translated(DROPOUT_TIP if self.dropoutEdit.isEnabled() else DROPOUT_OFF)
        if self._dropout_refusal is not None:
            tip = f"{i18n.translated(Message(NOT_TAKEN, reason=self._dropout_refusal))}\n\n{tip}"
        self.dropoutEdit.setToolTip(tip)

    def _refuse_dropout(self, reason: Message | str) -> None:
        """Ratios that cannot be taken: say why in the tip and the status bar, the field framed in red."""
        self._dropout_refusal = reason
        self._show_dropout_tip()
        self.inputRefused.emit(i18n.translated(Message(NOT_TAKEN, reason=reason)))

    def _clear_refusal(self) -> None:
        if self._dropout_refusal is not None:
            self._dropout_refusal = None
            self.dropoutEdit.setStyleSheet("")
            self._show_dropout_tip()

    def _on_dropout_return(self) -> None:
        self._dropout_entered = True  # editingFinished follows at once: it applies, then hands back

    def _on_dropout_edited(self) -> None:
        entered, self._dropout_entered = self._dropout_entered, False
        text = self.dropoutEdit.text()
        if text != self._dropout_shown:
            try:
                ratios = files.check_settings({"dropout": parse_ratios(text)})["dropout"]
            except ValueError as err:
                self.dropoutEdit.setStyleSheet("QLineEdit { border: 1px solid #CC0000; }")
                self._refuse_dropout(err.message if isinstance(err, TranslatableError) else str(err))
                return
            self._clear_refusal()
            self._dropout_shown = text
            self.settingChanged.emit("dropout", tuple(ratios))
        if entered:
            self.editingDone.emit()

    def sync(self, session: Session) -> None:
        """Show the session's penalty, λ and dropout; λ only with a penalty, dropout only for an MLP."""
        cfg = session.config
        with QSignalBlocker(self.penaltyCombo), QSignalBlocker(self.penaltyRateSpin):
            _select(self.penaltyCombo, cfg.penalty)
            if not math.isclose(self.penaltyRateSpin.value(), cfg.penalty_rate, rel_tol=1e-12, abs_tol=0):
                self.penaltyRateSpin.setValue(cfg.penalty_rate)
        mlp = cfg.model == "MLP"  # a perceptron has no penalty and no hidden layer to drop units of
        self.penaltyRateSpin.setEnabled(mlp and cfg.penalty != "none")
        shown = ratios_text(tuple(cfg.dropout))
        if shown != self.dropoutEdit.text():
            with QSignalBlocker(self.dropoutEdit):
                self.dropoutEdit.setText(shown)
            self._clear_refusal()
        self._dropout_shown = shown
        if self.dropoutEdit.isEnabled() != mlp:
            self.dropoutEdit.setEnabled(mlp)
            self.penaltyCombo.setEnabled(mlp)
            self.retranslate()
