"""The control panel: data, model and training settings, each with a tooltip that teaches its idea."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QSignalBlocker, Signal
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
from visualnet.app import palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.log_slider import LogSlider
from visualnet.app.optimizer_widgets import DecimalSpin, NumberSpin
from visualnet.app.views import live
from visualnet.core import activations, data, optimizers
from visualnet.limits import MAX_CLASSES, MAX_HIDDEN_LAYERS, MAX_HIDDEN_WIDTH, MAX_PARAMETERS
from visualnet.session import Session


def hidden_activations() -> tuple[str, ...]:
    """The activation combo's names, from the core's one list: the ReLUs first (what a hidden layer
    uses today), the step last (no gradient flows through it), the rest in the core's order."""
    first, last = ("relu", "leaky_relu"), ("step",)
    middle = [name for name in activations.NAMES if name not in first + last]
    return tuple(name for name in (*first, *middle, *last) if name in activations.NAMES)


HIDDEN_ACTIVATIONS = hidden_activations()
TIPS = {
    "preset": "A ready-made dataset. Choosing one replaces the points (Ctrl+Z brings yours back).",
    "count": "How many points the preset makes.",
    "noise": "How far the points scatter from the clean pattern.",
    "n_classes": "How many classes (blobs) or arms (spirals) the preset makes.",
    "task": "Classification predicts a class (softmax + cross-entropy); regression predicts a number "
            "(identity output + mean squared error).",
    "classes": "The class a click adds (keys 1–8). Each class keeps its colour everywhere.",
    "model": "A perceptron is one step-function neuron (a straight line); an MLP stacks layers of "
             "neurons with non-linear activations, so it can bend its boundary.",
    "hidden": "Neurons per hidden layer, comma-separated: '8,8' is two layers of eight.",
    "hidden_refused": f"Use 1 to {MAX_HIDDEN_LAYERS} layers of 1 to {MAX_HIDDEN_WIDTH} neurons, "
                      f"at most {MAX_PARAMETERS:,} weights in all, e.g. 8,8",
    "activation": "The non-linear function h(a) each hidden neuron applies to its input a = x·w + b.",
    "optimizer": "How a gradient becomes a step: SGD steps straight down the gradient; the others add "
                 "momentum or per-weight step sizes.",
    "lr": "The learning rate: how far each step moves the weights along the negative gradient. "
          "Too small crawls, too large overshoots and explodes. Changing it never resets training.",
    "batch": "Points per mini-batch: each iteration computes the gradient on this many training points.",
    "split": "How the points are divided: train (learned from), validation (watched while training) "
             "and test (judged at the end). 8:2 is train:test, 6:2:2 is train:validation:test.",
    "seed": "The random seed for the initial weights, the split and the batch order: same seed, same run.",
    "speed": "Training iterations per frame. 1 draws every single iteration.",
}


def _combo(name: str, items: list[str], tip: str) -> QComboBox:
    combo = QComboBox()
    combo.addItems(items)
    combo.setObjectName(name)
    combo.setAccessibleName(name)
    combo.setToolTip(tip)
    return combo


def split_text(split: tuple[int, ...]) -> str:
    """A split ratio as the split control shows it: (8, 2) -> "8:2"."""
    return ":".join(str(int(n)) for n in split)


def _spin(name: str, lo: int, hi: int, tip: str) -> NumberSpin:
    spin = NumberSpin()
    spin.setRange(lo, hi)
    spin.setObjectName(name)
    spin.setAccessibleName(name)
    spin.setToolTip(tip)
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
}


class LayerListValidator(QValidator):
    """The hidden-layer list as typed, full-width commas and digits folded ('１６，１６' -> '16,16');
    what it cannot read is refused with the reason (`refused`), never dropped character by character."""

    refused = Signal(str)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Acceptable, Intermediate ('8,') or Invalid (with `refused` saying why)."""
        folded = textinput.fold(text)
        verdict = textinput.check_int_list(folded, MAX_HIDDEN_LAYERS, HIDDEN_DIGITS)
        if verdict.state is textinput.State.INVALID:
            self.refused.emit(verdict.message(QCoreApplication.translate))
            return QValidator.State.Invalid, text, pos
        if verdict.state is textinput.State.INTERMEDIATE:
            return QValidator.State.Intermediate, folded, pos
        return QValidator.State.Acceptable, folded, pos

    def fixup(self, text: str) -> str:
        """Enter on an unfinished list ('8,'): nothing is applied, and the user is told why."""
        verdict = textinput.check_int_list(text, MAX_HIDDEN_LAYERS, HIDDEN_DIGITS)
        if verdict.state is not textinput.State.ACCEPTABLE:
            self.refused.emit(verdict.message(QCoreApplication.translate))
        return text


class ControlPanel(QWidget):
    """All the settings; the window applies what the user changes (widget -> session is a plain set)."""

    presetRequested = Signal(str, int, float, int)  # name, count, noise, classes
    taskRequested = Signal(str)
    settingChanged = Signal(str, object)  # a Config field and its new value
    classChosen = Signal(int)
    editingDone = Signal()  # Enter took a typed value: the window gives the keyboard back to the data view
    inputRefused = Signal(str)  # why typed text was not taken, for the status bar

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        layout = QVBoxLayout(self)
        layout.addWidget(self._data_group())
        layout.addWidget(self._model_group())
        layout.addWidget(self._training_group())
        layout.addStretch(1)
        self._watch_typed_fields()
        live.follow(self, bridge.configChanged, self.sync_from_session)
        live.follow(self, bridge.modelReset, self.sync_from_session)
        live.follow(self, bridge.dataChanged, self._sync_split_label)  # a drag must not repaint every control
        self.sync_from_session()

    # ---------------------------------------------------------------- building

    def _data_group(self) -> QGroupBox:
        box = QGroupBox("Data")
        form = QFormLayout(box)
        self.presetCombo = _combo("presetCombo", list(data.PRESETS), TIPS["preset"])
        self.countSpin = _spin("countSpin", 4, 10_000, TIPS["count"])
        self.noiseSpin = DecimalSpin()
        self.noiseSpin.setObjectName("noiseSpin")
        self.noiseSpin.setAccessibleName("noiseSpin")
        self.noiseSpin.setRange(0.0, 1.0)
        self.noiseSpin.setSingleStep(0.05)
        self.noiseSpin.setKeyboardTracking(False)
        self.noiseSpin.setToolTip(TIPS["noise"])
        self.classesSpin = _spin("classesSpin", 2, MAX_CLASSES, TIPS["n_classes"])
        self.taskCombo = _combo("taskCombo", ["classification", "regression"], TIPS["task"])
        self.splitCombo = _combo("splitCombo", list(data.SPLIT_PRESETS), TIPS["split"])
        self.splitLabel = QLabel()
        self.splitLabel.setObjectName("splitLabel")
        form.addRow("Preset", self.presetCombo)
        row = QHBoxLayout()
        row.addWidget(self.countSpin)
        row.addWidget(QLabel("noise"))
        row.addWidget(self.noiseSpin)
        form.addRow("Points", row)
        form.addRow("Classes", self.classesSpin)
        form.addRow("Task", self.taskCombo)
        form.addRow("Class", self._class_picker())
        form.addRow("Split", self.splitCombo)
        form.addRow("", self.splitLabel)
        self.presetCombo.activated.connect(lambda _: self._request_preset())
        self.countSpin.valueChanged.connect(lambda _: self._request_preset())
        self.noiseSpin.valueChanged.connect(lambda _: self._request_preset())
        self.classesSpin.valueChanged.connect(lambda _: self._request_preset())
        self.taskCombo.activated.connect(lambda _: self.taskRequested.emit(self.taskCombo.currentText()))
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
            b.setAccessibleName(f"class {label + 1}")
            b.setToolTip(f"{TIPS['classes']} (this is class {label + 1}, key {label + 1})")
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
        box = QGroupBox("Model")
        form = QFormLayout(box)
        self.modelCombo = _combo("modelCombo", ["Perceptron", "MLP"], TIPS["model"])
        self.hiddenEdit = QLineEdit()
        self.hiddenEdit.setObjectName("hiddenEdit")
        self.hiddenEdit.setAccessibleName("hiddenEdit")
        self.hiddenEdit.setToolTip(TIPS["hidden"])
        self.hiddenEdit.setPlaceholderText("e.g. 8,8")
        # Up to MAX_HIDDEN_LAYERS numbers of as many digits as MAX_HIDDEN_WIDTH has; the values are
        # range-checked when applied, by the rules files obey (files.check_settings).
        self.hiddenValidator = LayerListValidator(self.hiddenEdit)
        self.hiddenValidator.refused.connect(self._on_hidden_refused)
        self.hiddenEdit.setValidator(self.hiddenValidator)
        self._hidden_entered = False
        self._hidden_shown = ""  # the text last applied or shown from the session
        self.activationCombo = _combo("activationCombo", list(HIDDEN_ACTIVATIONS), TIPS["activation"])
        form.addRow("Model", self.modelCombo)
        form.addRow("Hidden layers", self.hiddenEdit)
        form.addRow("Activation", self.activationCombo)
        self.modelCombo.activated.connect(
            lambda _: self.settingChanged.emit("model", self.modelCombo.currentText()))
        self.hiddenEdit.returnPressed.connect(self._on_hidden_return)  # always just before editingFinished
        self.hiddenEdit.editingFinished.connect(self._on_hidden_edited)
        self.activationCombo.activated.connect(
            lambda _: self.settingChanged.emit("activation", self.activationCombo.currentText()))
        return box

    def _training_group(self) -> QGroupBox:
        box = QGroupBox("Training")
        form = QFormLayout(box)
        self.optimizerCombo = _combo("optimizerCombo", list(optimizers.NAMES), TIPS["optimizer"])
        # stacked: the slider gets a row of the panel's full width (>= 200 px), the box sits by its label
        self.learningRate = LogSlider(1e-4, 10.0, self.session.config.lr, parent=self, stacked=True)
        self.learningRate.slider.setObjectName("learningRateSlider")
        self.learningRate.slider.setAccessibleName("learningRateSlider")
        self.learningRate.spin.setObjectName("learningRateSpin")
        self.learningRate.spin.setAccessibleName("learningRateSpin")
        for w in (self.learningRate.slider, self.learningRate.spin):
            w.setToolTip(TIPS["lr"])
        self.batchSizeSpin = _spin("batchSizeSpin", *files.BATCH_RANGE, TIPS["batch"])
        self.seedSpin = _spin("seedSpin", *files.SEED_RANGE, TIPS["seed"])
        self.speedSpin = _spin("speedSpin", 1, 1000, TIPS["speed"])
        self.speedSpin.setValue(1)
        form.addRow("Optimizer", self.optimizerCombo)
        form.addRow("Learning rate", self.learningRate.spin)
        form.addRow(self.learningRate.slider)
        form.addRow("Batch size", self.batchSizeSpin)
        form.addRow("Seed", self.seedSpin)
        form.addRow("Speed (iter/frame)", self.speedSpin)
        self.optimizerCombo.activated.connect(
            lambda _: self.settingChanged.emit("optimizer", self.optimizerCombo.currentText()))
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

    def _report_refusal(self, field: str, reason: str) -> None:
        """Tell the window (its status bar) which field refused what, and why."""
        label = str(FIELD_LABELS.get(field, field))
        self.inputRefused.emit(QCoreApplication.translate("ControlPanel", "{}: {}").format(
            QCoreApplication.translate("ControlPanel", label), reason))

    # ---------------------------------------------------------------- user input

    def _request_preset(self) -> None:
        self.presetRequested.emit(self.presetCombo.currentText(), self.countSpin.value(),
                                  self.noiseSpin.value(), self.classesSpin.value())

    def _on_hidden_return(self) -> None:
        self._hidden_entered = True  # editingFinished follows at once: it applies, then hands back

    def _on_hidden_refused(self, reason: str) -> None:
        """A character or an unfinished list the layer field cannot read: say why, where the user looks."""
        self.hiddenEdit.setToolTip(QCoreApplication.translate("ControlPanel", "Not taken: {}").format(reason)
                                   + f"\n\n{TIPS['hidden']}")
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
            reason = (err.verdict.message(QCoreApplication.translate)
                      if isinstance(err, textinput.InputRefusedError) else str(err))
            self.hiddenEdit.setStyleSheet("QLineEdit { border: 1px solid #CC0000; }")
            self.hiddenEdit.setToolTip(f"{TIPS['hidden_refused']} ({reason})")
            self._report_refusal("hiddenEdit", reason)
            return
        self.hiddenEdit.setStyleSheet("")
        self.hiddenEdit.setToolTip(TIPS["hidden"])
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
            self.presetCombo.setCurrentText(name)
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
        self.modelCombo.setCurrentText(cfg.model)
        self._hidden_shown = ",".join(str(n) for n in cfg.hidden)
        self.hiddenEdit.setText(self._hidden_shown)
        self.activationCombo.setCurrentText(cfg.activation)
        self.optimizerCombo.setCurrentText(s.optimizer_name())
        self.learningRate.setValue(cfg.lr)
        self.batchSizeSpin.setValue(cfg.batch_size)
        self.seedSpin.setValue(cfg.seed)
        self._show_split(tuple(cfg.split))
        self.taskCombo.setCurrentText(s.task)
        del blockers
        mlp = cfg.model == "MLP"
        self.hiddenEdit.setEnabled(mlp)
        self.activationCombo.setEnabled(mlp)
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
            self.splitCombo.addItem(text)
        self.splitCombo.setCurrentIndex(self.splitCombo.findText(text))

    def _sync_split_label(self) -> None:
        """Show how many points train, validate and test (and the task the data sets)."""
        tr, va, te = self.session.role_counts()
        text = f"train {tr} · validation {va} · test {te}"
        if self.splitLabel.text() != text:
            self.splitLabel.setText(text)
        if self.taskCombo.currentText() != self.session.task:
            with QSignalBlocker(self.taskCombo):
                self.taskCombo.setCurrentText(self.session.task)
        classes = self.session.task == "classification"  # a regression point has a target, no class
        if self.classGroup.button(0).isEnabled() != classes:
            for label in range(MAX_CLASSES):
                self.classGroup.button(label).setEnabled(classes)
