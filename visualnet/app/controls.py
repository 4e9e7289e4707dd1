"""The control panel: data, model and training settings, each with a tooltip that teaches its idea.

Its texts are the marked tables below, set by `ControlPanel.retranslate` when built and whenever the
language changes. The combos hold the values the session speaks (English names) as item data and
show them translated, so nothing compares a text shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QSignalBlocker, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from visualnet import files, textinput
from visualnet.app import i18n, model_options, palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.log_slider import LogSlider
from visualnet.app.model_options import FeatureToggles, InitChooser, RegularizationGroup
from visualnet.app.optimizer_widgets import DecimalSpin, NumberSpin, set_tip
from visualnet.app.rate_control import RateSlider, RateSpin
from visualnet.app.status_bar import StatusLabel
from visualnet.app.training_plan import TrainingPlan
from visualnet.app.views import live
from visualnet.core import activations, data, optimizers
from visualnet.limits import MAX_CLASSES, MAX_HIDDEN_LAYERS, MAX_HIDDEN_WIDTH, MAX_PARAMETERS
from visualnet.pace import DEFAULT_RATE
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, TranslatableError


def hidden_activations() -> tuple[str, ...]:
    """The activation combo's names, from the core's one list: ReLU and its relatives first (what a
    hidden layer uses today), the step last (no gradient flows through it), the rest in the core's order."""
    first, last = activations.RELU_LIKE, ("step",)
    middle = [name for name in activations.NAMES if name not in first + last]
    return tuple(name for name in (*first, *middle, *last) if name in activations.NAMES)


HIDDEN_ACTIVATIONS = hidden_activations()
# Every text here is marked for lupdate and translated where shown (ControlPanel.retranslate)
TIPS = {
    "preset": QT_TRANSLATE_NOOP(
        "ControlPanel", "A ready-made dataset. Choosing one replaces the points (Ctrl+Z brings yours back)."),
    "count": QT_TRANSLATE_NOOP("ControlPanel", "How many points the preset makes."),
    "noise": QT_TRANSLATE_NOOP("ControlPanel", "How far the points scatter from the clean pattern."),
    "n_classes": QT_TRANSLATE_NOOP(
        "ControlPanel", "How many classes (blobs) or arms (spirals) the preset makes."),
    "task": QT_TRANSLATE_NOOP(
        "ControlPanel",
        "Classification predicts a class (softmax + cross-entropy); regression predicts a "
        "number (identity output + mean squared error)."),
    "classes": QT_TRANSLATE_NOOP(
        "ControlPanel", "The class a click adds (keys 1–8). Each class keeps its colour everywhere."),
    "model": QT_TRANSLATE_NOOP(
        "ControlPanel",
        "A perceptron is one step-function neuron (a straight line); an MLP stacks layers of "
        "neurons with non-linear activations, so it can bend its boundary."),
    "hidden": QT_TRANSLATE_NOOP(
        "ControlPanel", "Neurons per hidden layer, comma-separated: '8,8' is two layers of eight."),
    "activation": QT_TRANSLATE_NOOP(
        "ControlPanel", "The non-linear function h(a) each hidden neuron applies to its input a = x·w + b."),
    "optimizer": QT_TRANSLATE_NOOP(
        "ControlPanel",
        "How a gradient becomes a step: SGD steps straight down the gradient; the others add "
        "momentum or per-weight step sizes."),
    "lr": QT_TRANSLATE_NOOP(
        "ControlPanel",
        "The learning rate: how far each step moves the weights along the negative gradient. "
        "Too small crawls, too large overshoots and explodes. Changing it never resets training."),
    "batch": QT_TRANSLATE_NOOP(
        "ControlPanel",
        "Points per mini-batch: each iteration computes the gradient on this many training points."),
    "split": QT_TRANSLATE_NOOP(
        "ControlPanel",
        "How the points are divided: train (learned from), validation (watched while training) "
        "and test (judged at the end). 8:2 is train:test, 6:2:2 is train:validation:test."),
    "seed": QT_TRANSLATE_NOOP(
        "ControlPanel",
        "The random seed for the initial weights, the split and the batch order: same seed, same run."),
    "speed": QT_TRANSLATE_NOOP(
        "ControlPanel", "Training iterations per second, on a log scale: 1 to 10 show every step one by "
                        "one; max trains as fast as the window still draws smoothly. Type a number or "
                        "\"max\"."),
}
HIDDEN_RULE = Message(
    QT_TRANSLATE_NOOP(
        "ControlPanel",
        "Use 1 to {layers} layers of 1 to {width} neurons, at most {weights} weights in all, e.g. 8,8"),
    layers=MAX_HIDDEN_LAYERS, width=MAX_HIDDEN_WIDTH, weights=f"{MAX_PARAMETERS:,}")
NOT_TAKEN = QT_TRANSLATE_NOOP("ControlPanel", "Not taken: {reason}")
REFUSED_VALUE = QT_TRANSLATE_NOOP("ControlPanel", "{rule} ({reason})")
CLASS_TIP = QT_TRANSLATE_NOOP("ControlPanel", "{tip} (this is class {n}, key {n})")
CLASS_NAME = QT_TRANSLATE_NOOP("ControlPanel", "class {n}")
SPLIT_COUNTS = QT_TRANSLATE_NOOP("ControlPanel", "train {train} · validation {val} · test {test}")
GROUPS = {"data": QT_TRANSLATE_NOOP("ControlPanel", "Data"),
          "model": QT_TRANSLATE_NOOP("ControlPanel", "Model"),
          "training": QT_TRANSLATE_NOOP("ControlPanel", "Training")}
# the row labels of the form (a refusal in the status bar names its field with the same words)
LABELS = {
    "preset": QT_TRANSLATE_NOOP("ControlPanel", "Preset"),
    "points": QT_TRANSLATE_NOOP("ControlPanel", "Points"),
    "noise": QT_TRANSLATE_NOOP("ControlPanel", "noise"),
    "classes": QT_TRANSLATE_NOOP("ControlPanel", "Classes"),
    "task": QT_TRANSLATE_NOOP("ControlPanel", "Task"),
    "class": QT_TRANSLATE_NOOP("ControlPanel", "Class"),
    "split": QT_TRANSLATE_NOOP("ControlPanel", "Split"),
    "model": QT_TRANSLATE_NOOP("ControlPanel", "Model"),
    "hidden": QT_TRANSLATE_NOOP("ControlPanel", "Hidden layers"),
    "activation": QT_TRANSLATE_NOOP("ControlPanel", "Activation"),
    "optimizer": QT_TRANSLATE_NOOP("ControlPanel", "Optimizer"),
    "lr": QT_TRANSLATE_NOOP("ControlPanel", "Learning rate"),
    "batch": QT_TRANSLATE_NOOP("ControlPanel", "Batch size"),
    "seed": QT_TRANSLATE_NOOP("ControlPanel", "Seed"),
    "speed": QT_TRANSLATE_NOOP("ControlPanel", "Speed (iter/s)"),
    **model_options.LABELS,  # "features", "init", ...: the names a reset message gives them too
}
HIDDEN_PLACEHOLDER = QT_TRANSLATE_NOOP("ControlPanel", "e.g. 8,8")
# What each combo shows for a value it holds (the value itself, in English, is its item data: the
# session, the files and the tests speak it). A value missing here is shown as it is.
PRESET_NAMES = {
    "AND": QT_TRANSLATE_NOOP("ControlPanel", "AND"),
    "OR": QT_TRANSLATE_NOOP("ControlPanel", "OR"),
    "NAND": QT_TRANSLATE_NOOP("ControlPanel", "NAND"),
    "XOR": QT_TRANSLATE_NOOP("ControlPanel", "XOR"),
    "Blobs": QT_TRANSLATE_NOOP("ControlPanel", "Blobs"),
    "XOR clouds": QT_TRANSLATE_NOOP("ControlPanel", "XOR clouds"),
    "Circles": QT_TRANSLATE_NOOP("ControlPanel", "Circles"),
    "Moons": QT_TRANSLATE_NOOP("ControlPanel", "Moons"),
    "Spirals": QT_TRANSLATE_NOOP("ControlPanel", "Spirals"),
    "Sine": QT_TRANSLATE_NOOP("ControlPanel", "Sine"),
    "Polynomial": QT_TRANSLATE_NOOP("ControlPanel", "Polynomial"),
    "Step": QT_TRANSLATE_NOOP("ControlPanel", "Step"),
}
TASK_NAMES = {"classification": QT_TRANSLATE_NOOP("ControlPanel", "classification"),
              "regression": QT_TRANSLATE_NOOP("ControlPanel", "regression")}
MODEL_NAMES = {"Perceptron": QT_TRANSLATE_NOOP("ControlPanel", "Perceptron"),
               "MLP": QT_TRANSLATE_NOOP("ControlPanel", "MLP")}
ACTIVATION_NAMES = {
    "relu": QT_TRANSLATE_NOOP("ControlPanel", "relu"),
    "leaky_relu": QT_TRANSLATE_NOOP("ControlPanel", "leaky_relu"),
    "sigmoid": QT_TRANSLATE_NOOP("ControlPanel", "sigmoid"),
    "tanh": QT_TRANSLATE_NOOP("ControlPanel", "tanh"),
    "identity": QT_TRANSLATE_NOOP("ControlPanel", "identity"),
    "step": QT_TRANSLATE_NOOP("ControlPanel", "step"),
    "elu": QT_TRANSLATE_NOOP("ControlPanel", "elu"),
    "softplus": QT_TRANSLATE_NOOP("ControlPanel", "softplus"),
    "swish": QT_TRANSLATE_NOOP("ControlPanel", "swish"),
    "gelu": QT_TRANSLATE_NOOP("ControlPanel", "gelu"),
}
# what a newer activation is, on its item in the combo (the book's six need no introduction)
ACTIVATION_TIPS = {
    "elu": QT_TRANSLATE_NOOP("ControlPanel", "ELU: z for z > 0, e^z − 1 below. Smooth at 0, never dead: "
                                             "its slope e^z only fades for very negative z."),
    "softplus": QT_TRANSLATE_NOOP("ControlPanel", "softplus: log(1 + e^z), a smooth ReLU; its slope is the "
                                                  "sigmoid of z."),
    "swish": QT_TRANSLATE_NOOP("ControlPanel", "swish, also called SiLU: z · sigmoid(z). Smooth, and dips "
                                               "a little below 0 for negative z."),
    "gelu": QT_TRANSLATE_NOOP("ControlPanel", "GELU in its common tanh approximation, gelu_tanh: "
                                              "0.5 z (1 + tanh(√(2/π) (z + 0.044715 z³))). Like swish, "
                                              "smooth with a small dip below 0."),
}


def preset_title(name: str) -> str:
    """A preset's name as the panel shows it, in the language spoken ("XOR clouds" -> "异或点云")."""
    return i18n.translated(PRESET_NAMES.get(name, name))


def _combo(name: str, values: Mapping[str, str] | list[str]) -> QComboBox:
    """A combo holding `values` as item data; its texts are set by `show_names` (translated)."""
    combo = QComboBox()
    for value in values:
        combo.addItem(value, userData=value)
    combo.setObjectName(name)
    combo.setAccessibleName(name)
    return combo


def show_names(combo: QComboBox, names: Mapping[str, str]) -> None:
    """Show each item's value by its name in `names` (marked texts), in the language spoken."""
    for i in range(combo.count()):
        value = combo.itemData(i)
        combo.setItemText(i, i18n.translated(names.get(value, value)))


def show_item_tips(combo: QComboBox, tips: Mapping[str, str]) -> None:
    """Give the items whose value has a tip in `tips` (marked texts) that tooltip, in the language spoken."""
    for i in range(combo.count()):
        tip = tips.get(combo.itemData(i))
        if tip is not None:
            combo.setItemData(i, i18n.translated(tip), Qt.ItemDataRole.ToolTipRole)


def select_value(combo: QComboBox, value: object) -> None:
    """Select the item holding `value` (the English name the session uses), if there is one."""
    index = combo.findData(value)
    if index >= 0:
        combo.setCurrentIndex(index)


def split_text(split: tuple[int, ...]) -> str:
    """A split ratio as the split control shows it: (8, 2) -> "8:2"."""
    return ":".join(str(int(n)) for n in split)


def _spin(name: str, lo: int, hi: int) -> NumberSpin:
    spin = NumberSpin()
    spin.setRange(lo, hi)
    spin.setObjectName(name)
    spin.setAccessibleName(name)
    spin.setKeyboardTracking(False)
    return spin


HIDDEN_DIGITS = len(str(MAX_HIDDEN_WIDTH))
# the name a refusal in the status bar gives each typed field (translated where shown)
FIELD_LABELS = {
    "countSpin": QT_TRANSLATE_NOOP("ControlPanel", "Points"),
    "noiseSpin": QT_TRANSLATE_NOOP("ControlPanel", "Noise"),
    "classesSpin": QT_TRANSLATE_NOOP("ControlPanel", "Classes"),
    "hiddenEdit": QT_TRANSLATE_NOOP("ControlPanel", "Hidden layers"),
    "learningRateSpin": QT_TRANSLATE_NOOP("ControlPanel", "Learning rate"),
    "batchSizeSpin": QT_TRANSLATE_NOOP("ControlPanel", "Batch size"),
    "seedSpin": QT_TRANSLATE_NOOP("ControlPanel", "Seed"),
    "speedSpin": QT_TRANSLATE_NOOP("ControlPanel", "Speed"),
    **model_options.FIELD_LABELS,
}
REFUSAL = QT_TRANSLATE_NOOP("ControlPanel", "{field}: {reason}")


def refused_tip(reason: str | Message) -> str:
    """The hidden-layer field's tooltip while what is typed cannot be read."""
    return f"{i18n.translated(Message(NOT_TAKEN, reason=reason))}\n\n{i18n.translated(TIPS['hidden'])}"


def rule_tip(reason: str | Message) -> str:
    """The hidden-layer field's tooltip while the list typed breaks the app's limits."""
    return i18n.translated(Message(REFUSED_VALUE, rule=HIDDEN_RULE, reason=reason))


class LayerListValidator(QValidator):
    """The hidden-layer list as typed, full-width commas and digits folded ('１６，１６' -> '16,16');
    what it cannot read is refused with the reason (`refused`), never dropped character by character."""

    refused = Signal(object)  # why: a Message, translated where shown (so it can follow the language)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable, Intermediate ('8,') or Invalid (with `refused` saying why)."""
        folded = textinput.fold(text)
        verdict = textinput.check_int_list(folded, MAX_HIDDEN_LAYERS, HIDDEN_DIGITS)
        if verdict.state is textinput.State.INVALID:
            self.refused.emit(verdict.as_message())
            return QValidator.State.Invalid, text, pos
        if verdict.state is textinput.State.INTERMEDIATE:
            return QValidator.State.Intermediate, folded, pos
        return QValidator.State.Acceptable, folded, pos

    def fixup(self, text: str) -> str:
        """Enter on an unfinished list ('8,'): nothing is applied, and the user is told why."""
        verdict = textinput.check_int_list(text, MAX_HIDDEN_LAYERS, HIDDEN_DIGITS)
        if verdict.state is not textinput.State.ACCEPTABLE:
            self.refused.emit(verdict.as_message())
        return text


class ControlPanel(QWidget):
    """All the settings; the window applies what the user changes (widget -> session is a plain set).

    The combos hold the session's values (English names) as item data and show them translated;
    `select_value(combo, value)` selects an item by its value in any language.
    """

    presetRequested = Signal(str, int, float, int)  # name, count, noise, classes
    taskRequested = Signal(str)
    settingChanged = Signal(str, object)  # a Config field and its new value
    classChosen = Signal(int)
    editingDone = Signal()  # Enter took a typed value: the window gives the keyboard back to the data view
    inputRefused = Signal(str)  # why typed text was not taken, for the status bar

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # what retranslate() sets: form labels and group titles, and each widget's own tooltip
        self._labels: list[tuple[QLabel | QGroupBox, str]] = []
        self._tips: list[tuple[QWidget, str]] = []
        # the hidden-layer field's tooltip now: its own, or why what was typed is refused
        self._hidden_tip: Callable[[], str] = lambda: i18n.translated(TIPS["hidden"])
        layout = QVBoxLayout(self)
        layout.addWidget(self._data_group())
        layout.addWidget(self._model_group())
        self.regularization = RegularizationGroup()  # penalty and dropout: changed while training
        layout.addWidget(self.regularization)
        layout.addWidget(self._training_group())
        self.plan = TrainingPlan(session, bridge)  # the learning-rate schedule and the stop conditions
        layout.addWidget(self.plan)
        layout.addStretch(1)
        self._watch_typed_fields()
        for options in (self.features, self.initChooser, self.regularization):
            options.settingChanged.connect(self.settingChanged)
        for refusing in (self.features, self.regularization):
            refusing.inputRefused.connect(self.inputRefused)
        self.regularization.editingDone.connect(self.editingDone)
        live.follow(self, bridge.configChanged, self.sync_from_session)
        live.follow(self, bridge.modelReset, self.sync_from_session)
        live.follow(self, bridge.dataChanged, self._sync_split_label)  # a drag must not repaint every control
        self.retranslate()
        i18n.follow_language(self, self.retranslate)
        self.sync_from_session()

    # ---------------------------------------------------------------- building

    def _group(self, key: str) -> tuple[QGroupBox, QFormLayout]:
        box = QGroupBox()
        self._labels.append((box, GROUPS[key]))
        return box, QFormLayout(box)

    def _label(self, key: str) -> QLabel:
        label = QLabel()
        self._labels.append((label, LABELS[key]))
        return label

    def _tip(self, widget: QWidget, key: str) -> None:
        self._tips.append((widget, TIPS[key]))

    def _data_group(self) -> QGroupBox:
        box, form = self._group("data")
        self.presetCombo = _combo("presetCombo", list(data.PRESETS))
        self.countSpin = _spin("countSpin", 4, 10_000)
        self.noiseSpin = DecimalSpin()
        self.noiseSpin.setObjectName("noiseSpin")
        self.noiseSpin.setAccessibleName("noiseSpin")
        self.noiseSpin.setRange(0.0, 1.0)
        self.noiseSpin.setSingleStep(0.05)
        self.noiseSpin.setKeyboardTracking(False)
        self.classesSpin = _spin("classesSpin", 2, MAX_CLASSES)
        self.taskCombo = _combo("taskCombo", TASK_NAMES)
        self.splitCombo = _combo("splitCombo", list(data.SPLIT_PRESETS))
        for widget, key in ((self.presetCombo, "preset"), (self.countSpin, "count"),
                            (self.noiseSpin, "noise"), (self.classesSpin, "n_classes"),
                            (self.taskCombo, "task"), (self.splitCombo, "split")):
            self._tip(widget, key)
        self.splitLabel = QLabel()
        self.splitLabel.setObjectName("splitLabel")
        form.addRow(self._label("preset"), self.presetCombo)
        row = QHBoxLayout()
        row.addWidget(self.countSpin)
        row.addWidget(self._label("noise"))
        row.addWidget(self.noiseSpin)
        form.addRow(self._label("points"), row)
        form.addRow(self._label("classes"), self.classesSpin)
        form.addRow(self._label("task"), self.taskCombo)
        form.addRow(self._label("class"), self._class_picker())
        form.addRow(self._label("split"), self.splitCombo)
        form.addRow("", self.splitLabel)
        self.presetCombo.activated.connect(lambda _: self._request_preset())
        self.countSpin.valueChanged.connect(lambda _: self._request_preset())
        self.noiseSpin.valueChanged.connect(lambda _: self._request_preset())
        self.classesSpin.valueChanged.connect(lambda _: self._request_preset())
        self.taskCombo.activated.connect(lambda _: self.taskRequested.emit(self.taskCombo.currentData()))
        self.splitCombo.activated.connect(lambda _: self.settingChanged.emit("split", self._chosen_split()))
        return box

    def _class_picker(self) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        self.classGroup = QButtonGroup(self)
        self.classGroup.setExclusive(True)
        for label in range(MAX_CLASSES):
            b = QToolButton()
            b.setCheckable(True)
            b.setObjectName(f"classButton{label}")
            b.setText(str(label + 1))
            b.setMinimumSize(24, 24)  # not fixed: it grows with the font in projector mode
            color = palette.CLASS_COLORS[label]
            b.setStyleSheet(
                f"QToolButton {{ background: {color}; color: white; border: 2px solid {color};"
                " border-radius: 4px; font-weight: bold; }"
                "QToolButton:checked { border: 2px solid palette(window-text); }")
            self.classGroup.addButton(b, label)
            row.addWidget(b)
        row.addStretch(1)
        self.classGroup.idClicked.connect(self.classChosen)
        return holder

    def _model_group(self) -> QGroupBox:
        box, form = self._group("model")
        self.modelCombo = _combo("modelCombo", MODEL_NAMES)
        self.hiddenEdit = QLineEdit()
        self.hiddenEdit.setObjectName("hiddenEdit")
        self.hiddenEdit.setAccessibleName("hiddenEdit")
        # Up to MAX_HIDDEN_LAYERS numbers of as many digits as MAX_HIDDEN_WIDTH has; the values are
        # range-checked when applied, by the rules files obey (files.check_settings).
        self.hiddenValidator = LayerListValidator(self.hiddenEdit)
        self.hiddenValidator.refused.connect(self._on_hidden_refused)
        self.hiddenEdit.setValidator(self.hiddenValidator)
        self._hidden_entered = False
        self._hidden_shown = ""  # the text last applied or shown from the session
        self.activationCombo = _combo("activationCombo", list(HIDDEN_ACTIVATIONS))
        self._tip(self.modelCombo, "model")
        self._tip(self.activationCombo, "activation")
        self.features = FeatureToggles()  # the input features, which the input layer follows
        self.initChooser = InitChooser()
        form.addRow(self._label("model"), self.modelCombo)
        form.addRow(self._label("features"), self.features)
        form.addRow(self._label("hidden"), self.hiddenEdit)
        form.addRow(self._label("activation"), self.activationCombo)
        form.addRow(self._label("init"), self.initChooser)
        self.modelCombo.activated.connect(
            lambda _: self.settingChanged.emit("model", self.modelCombo.currentData()))
        self.hiddenEdit.returnPressed.connect(self._on_hidden_return)  # always just before editingFinished
        self.hiddenEdit.editingFinished.connect(self._on_hidden_edited)
        self.activationCombo.activated.connect(
            lambda _: self.settingChanged.emit("activation", self.activationCombo.currentData()))
        return box

    def _training_group(self) -> QGroupBox:
        box, form = self._group("training")
        # the course keeps the optimizers' names in English: no table of names to translate
        self.optimizerCombo = _combo("optimizerCombo", list(optimizers.NAMES))
        # stacked: the slider gets a row of the panel's full width (>= 200 px), the box sits by its label
        self.learningRate = LogSlider(1e-4, 10.0, self.session.config.lr, parent=self, stacked=True)
        self.learningRate.slider.setObjectName("learningRateSlider")
        self.learningRate.slider.setAccessibleName("learningRateSlider")
        self.learningRate.spin.setObjectName("learningRateSpin")
        self.learningRate.spin.setAccessibleName("learningRateSpin")
        self.batchSizeSpin = _spin("batchSizeSpin", *files.BATCH_RANGE)
        self.seedSpin = _spin("seedSpin", *files.SEED_RANGE)
        # iterations per second: a box (the objectName the lessons and tests know) and a log slider
        self.speedSpin = RateSpin()
        self.speedSpin.setObjectName("speedSpin")
        self.speedSpin.setAccessibleName("speedSpin")
        self.speedSpin.setKeyboardTracking(False)
        self.speedSpin.setValue(DEFAULT_RATE)
        self.speedSlider = RateSlider(self.speedSpin)
        self.speedSlider.setObjectName("speedSlider")
        self.speedSlider.setAccessibleName("speedSlider")
        # the rate training actually reaches, while it runs: a few new texts a second, in a label of
        # fixed size (a new size would re-lay out the panel)
        self.speedReached = StatusLabel("reached 10,000/s")
        self.speedReached.setObjectName("speedReached")
        for widget, key in ((self.optimizerCombo, "optimizer"), (self.learningRate.slider, "lr"),
                            (self.learningRate.spin, "lr"), (self.batchSizeSpin, "batch"),
                            (self.seedSpin, "seed"), (self.speedSpin, "speed"), (self.speedSlider, "speed")):
            self._tip(widget, key)
        form.addRow(self._label("optimizer"), self.optimizerCombo)
        form.addRow(self._label("lr"), self.learningRate.spin)
        form.addRow(self.learningRate.slider)
        form.addRow(self._label("batch"), self.batchSizeSpin)
        form.addRow(self._label("seed"), self.seedSpin)
        form.addRow(self._label("speed"), self.speedSpin)
        form.addRow(self.speedSlider)
        form.addRow(self.speedReached)
        self.optimizerCombo.activated.connect(
            lambda _: self.settingChanged.emit("optimizer", self.optimizerCombo.currentData()))
        self.learningRate.valueChanged.connect(lambda v: self.settingChanged.emit("lr", v))
        self.batchSizeSpin.valueChanged.connect(lambda v: self.settingChanged.emit("batch_size", v))
        self.seedSpin.valueChanged.connect(lambda v: self.settingChanged.emit("seed", v))
        return box

    def _watch_typed_fields(self) -> None:
        """Every number box: Enter that takes a value hands the keyboard back; refusals are reported."""
        spins: list[NumberSpin | DecimalSpin] = [*self.findChildren(NumberSpin),
                                                 *self.findChildren(DecimalSpin)]
        for spin in spins:
            spin.valueEntered.connect(self.editingDone)
            spin.refused.connect(lambda reason, s=spin: self._report_refusal(s.objectName(), reason))

    # ---------------------------------------------------------------- texts

    def retranslate(self) -> None:
        """Set every fixed text (labels, titles, tooltips, combo items) in the language now spoken."""
        for holder, text in self._labels:
            if isinstance(holder, QGroupBox):
                holder.setTitle(i18n.translated(text))
            else:
                holder.setText(i18n.translated(text))
        for widget, tip in self._tips:
            set_tip(widget, i18n.translated(tip))
        show_names(self.presetCombo, PRESET_NAMES)
        show_names(self.taskCombo, TASK_NAMES)
        show_names(self.modelCombo, MODEL_NAMES)
        show_names(self.activationCombo, ACTIVATION_NAMES)
        show_item_tips(self.activationCombo, ACTIVATION_TIPS)
        self.hiddenEdit.setPlaceholderText(i18n.translated(HIDDEN_PLACEHOLDER))
        self.hiddenEdit.setToolTip(self._hidden_tip())
        for label in range(MAX_CLASSES):
            b = self.classGroup.button(label)
            b.setAccessibleName(i18n.translated(Message(CLASS_NAME, n=label + 1)))
            b.setToolTip(i18n.translated(Message(CLASS_TIP, tip=TIPS["classes"], n=label + 1)))
        self._sync_split_label()

    def _set_hidden_tip(self, tip: Callable[[], str]) -> None:
        """Show the hidden-layer field's tooltip `tip()`, now and after a change of language."""
        self._hidden_tip = tip
        self.hiddenEdit.setToolTip(tip())

    def show_reached(self, rate: float | None) -> None:
        """The rate training reaches (None: not training): under the speed slider."""
        text = "" if rate is None else self.tr("reached {rate}/s").format(rate=f"{rate:,.0f}")
        if self.speedReached.text() != text:
            self.speedReached.setText(text)

    def _report_refusal(self, field: str, reason: str | Message) -> None:
        """Tell the window (its status bar) which field refused what, and why."""
        label = FIELD_LABELS.get(field, field)
        self.inputRefused.emit(i18n.translated(Message(REFUSAL, field=label, reason=reason)))

    # ---------------------------------------------------------------- user input

    def _request_preset(self) -> None:
        self.presetRequested.emit(self.presetCombo.currentData(), self.countSpin.value(),
                                  self.noiseSpin.value(), self.classesSpin.value())

    def _on_hidden_return(self) -> None:
        self._hidden_entered = True  # editingFinished follows at once: it applies, then hands back

    def _on_hidden_refused(self, reason: Message) -> None:
        """A character or an unfinished list the layer field cannot read: say why, where the user looks."""
        self._set_hidden_tip(lambda: refused_tip(reason))
        self._report_refusal("hiddenEdit", reason)

    def _on_hidden_edited(self) -> None:
        entered, self._hidden_entered = self._hidden_entered, False
        if self.hiddenEdit.text() == self._hidden_shown:  # nothing typed (or the focus leaving after Enter)
            if entered:
                self.editingDone.emit()
            return
        try:
            sizes = textinput.parse_int_list(self.hiddenEdit.text(), MAX_HIDDEN_LAYERS, HIDDEN_DIGITS)
            files.check_settings({"hidden": sizes})  # the one rule, shared with files and the session
        except ValueError as err:
            # kept as a message, so that the tooltip follows a change of language
            reason = err.message if isinstance(err, TranslatableError) else str(err)
            self.hiddenEdit.setStyleSheet("QLineEdit { border: 1px solid #CC0000; }")
            self._set_hidden_tip(lambda: rule_tip(reason))
            self._report_refusal("hiddenEdit", reason)
            return
        self.hiddenEdit.setStyleSheet("")
        self._set_hidden_tip(lambda: i18n.translated(TIPS["hidden"]))
        self._hidden_shown = self.hiddenEdit.text()
        self.settingChanged.emit("hidden", sizes)
        if entered:
            self.editingDone.emit()

    def _chosen_split(self) -> tuple[int, ...]:
        """The split the split control shows: a preset, or the session's own (e.g. 1:1000)."""
        return tuple(int(n) for n in self.splitCombo.currentText().split(":"))

    def show_preset(self, name: str, count: int, noise: float, classes: int = 2) -> None:
        """Show which preset (and its count, noise and classes) is loaded, without re-requesting it."""
        preset = data.PRESETS[name]
        with (QSignalBlocker(self.presetCombo), QSignalBlocker(self.countSpin),
              QSignalBlocker(self.noiseSpin), QSignalBlocker(self.classesSpin)):
            select_value(self.presetCombo, name)
            self.countSpin.setValue(count)
            self.noiseSpin.setValue(noise)
            self.classesSpin.setMaximum(max(2, preset.max_classes))
            self.classesSpin.setValue(classes)
        self.classesSpin.setEnabled(preset.class_param is not None)

    # ---------------------------------------------------------------- session -> widgets

    def refresh(self) -> None:
        """Show the session as it is now (after the panel was out of sight)."""
        self.sync_from_session()

    def sync_from_session(self) -> None:
        """Show the session's settings; signals blocked so nothing is sent back."""
        s, cfg = self.session, self.session.config
        widgets = (self.modelCombo, self.hiddenEdit, self.activationCombo, self.optimizerCombo,
                   self.learningRate, self.batchSizeSpin, self.seedSpin, self.splitCombo, self.taskCombo)
        blockers = [QSignalBlocker(w) for w in widgets]
        select_value(self.modelCombo, cfg.model)
        self._hidden_shown = ",".join(str(n) for n in cfg.hidden)
        self.hiddenEdit.setText(self._hidden_shown)
        select_value(self.activationCombo, cfg.activation)
        select_value(self.optimizerCombo, s.optimizer_name())
        self.learningRate.setValue(cfg.lr)
        self.batchSizeSpin.setValue(cfg.batch_size)
        self.seedSpin.setValue(cfg.seed)
        self._show_split(tuple(cfg.split))
        select_value(self.taskCombo, s.task)
        del blockers
        mlp = cfg.model == "MLP"
        self.hiddenEdit.setEnabled(mlp)
        self.activationCombo.setEnabled(mlp)
        for options in (self.features, self.initChooser, self.regularization):
            options.sync(s)
        button = self.classGroup.button(s.current_label)
        if button is not None and not button.isChecked():
            button.setChecked(True)
        self._sync_split_label()

    def _show_split(self, split: tuple[int, ...]) -> None:
        """Select the session's split; one that is no preset gets an item of its own (e.g. "1:1000")."""
        presets = len(data.SPLIT_PRESETS)
        text = next((k for k, v in data.SPLIT_PRESETS.items() if tuple(v) == split), split_text(split))
        while self.splitCombo.count() > presets and self.splitCombo.itemText(presets) != text:
            self.splitCombo.removeItem(presets)  # at most one extra item: the session's own split
        if self.splitCombo.findText(text) < 0:
            self.splitCombo.addItem(text, userData=text)
        self.splitCombo.setCurrentIndex(self.splitCombo.findText(text))

    def _sync_split_label(self) -> None:
        """Show how many points train, validate and test (and the task the data sets)."""
        tr, va, te = self.session.role_counts()
        text = i18n.translated(Message(SPLIT_COUNTS, train=tr, val=va, test=te))
        if self.splitLabel.text() != text:
            self.splitLabel.setText(text)
        if self.taskCombo.currentData() != self.session.task:
            with QSignalBlocker(self.taskCombo):
                select_value(self.taskCombo, self.session.task)
        classes = self.session.task == "classification"  # a regression point has a target, no class
        if self.classGroup.button(0).isEnabled() != classes:
            for label in range(MAX_CLASSES):
                self.classGroup.button(label).setEnabled(classes)
