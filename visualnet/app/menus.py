"""The window's actions, menus and tool bar, and the help texts they open (mixed into MainWindow)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox

import visualnet
from visualnet.app import exports, i18n
from visualnet.app.commands import retranslate_stack
from visualnet.app.window_parts import WindowParts
from visualnet.limits import MAX_CLASSES
from visualnet.translatable import QT_TRANSLATE_NOOP, Marked, Translate, untranslated

if TYPE_CHECKING:
    from visualnet.app.window import MainWindow

# F1's table, row by row: (keys, what they do). Key names stay as the keyboard labels them; a cell
# with words in it is translated whole (a translation may reorder it, e.g. "S 或 →")
SHORTCUT_ROWS: tuple[tuple[str, str], ...] = (
    ("<b>Space</b>", QT_TRANSLATE_NOOP("Shortcuts", "Play / pause training")),
    (QT_TRANSLATE_NOOP("Shortcuts", "<b>S</b> or <b>→</b>"),
     QT_TRANSLATE_NOOP("Shortcuts", "One training iteration")),
    ("<b>R</b>", QT_TRANSLATE_NOOP("Shortcuts", "Reset the weights (a new network from the seed)")),
    ("<b>1</b> … <b>8</b>", QT_TRANSLATE_NOOP("Shortcuts", "Class of the points a click adds")),
    (QT_TRANSLATE_NOOP("Shortcuts", "<b>Click</b>"),
     QT_TRANSLATE_NOOP("Shortcuts", "Add a point · <b>drag</b> a point to move it")),
    (QT_TRANSLATE_NOOP("Shortcuts", "<b>Right-click</b>"),
     QT_TRANSLATE_NOOP("Shortcuts", "Delete the point")),
    (QT_TRANSLATE_NOOP("Shortcuts", "<b>Shift+drag</b>"),
     QT_TRANSLATE_NOOP("Shortcuts", "Select the points in a rectangle (<b>Ctrl+Shift+drag</b> adds)")),
    (QT_TRANSLATE_NOOP("Shortcuts", "<b>Shift+click</b>"),
     QT_TRANSLATE_NOOP("Shortcuts", "Select or unselect a point")),
    ("<b>Ctrl+A</b> / <b>Esc</b>", QT_TRANSLATE_NOOP("Shortcuts", "Select all points / clear the selection")),
    ("<b>Delete</b>",
     QT_TRANSLATE_NOOP("Shortcuts", "Delete the selected points, or else the point under the mouse")),
    ("<b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b>", QT_TRANSLATE_NOOP("Shortcuts", "Undo / redo an edit")),
    ("<b>F</b>", QT_TRANSLATE_NOOP("Shortcuts", "Fit the data view to the points")),
    ("<b>Ctrl+G</b>", QT_TRANSLATE_NOOP("Shortcuts", "Optimizer playground")),
    ("<b>Ctrl+Shift+R</b>",
     QT_TRANSLATE_NOOP("Shortcuts", "Network race: optimizers training the network side by side")),
    (QT_TRANSLATE_NOOP("Shortcuts", "<b>Alt+click</b>"),
     QT_TRANSLATE_NOOP("Shortcuts", "Inspect a point's forward pass (Alt+hover follows the mouse)")),
    ("<b>Ctrl+I</b>", QT_TRANSLATE_NOOP("Shortcuts", "Forward-pass inspector")),
    ("<b>Ctrl+Shift+G</b>", QT_TRANSLATE_NOOP("Shortcuts", "Gradient check")),
    ("<b>Ctrl+Shift+N</b>", QT_TRANSLATE_NOOP("Shortcuts", "Neuron maps")),
    ("<b>Ctrl+Shift+M</b>", QT_TRANSLATE_NOOP("Shortcuts", "Confusion matrix, precision and recall")),
    ("<b>Ctrl+Shift+H</b>", QT_TRANSLATE_NOOP("Shortcuts", "Hidden space")),
    ("<b>Ctrl+Shift+I</b>", QT_TRANSLATE_NOOP("Shortcuts", "Activations at initialisation")),
    ("<b>F1</b>", QT_TRANSLATE_NOOP("Shortcuts", "This list")),
)


def _cell(text: str, translate: Translate) -> str:
    return text.in_language(translate) if isinstance(text, Marked) else text


def shortcuts_help(translate: Translate = untranslated) -> str:
    """The keyboard and mouse reference as an HTML table, in the language `translate` speaks."""
    rows = "".join(f"<tr><td>{_cell(keys, translate)}</td><td>{_cell(what, translate)}</td></tr>\n"
                   for keys, what in SHORTCUT_ROWS)
    return f"<table cellpadding=3>\n{rows}</table>"


SHORTCUTS_HELP = shortcuts_help()  # in English: what the tests check the shortcuts against


def _say(action: QAction, text: str, tip: str = "") -> None:
    """Give `action` its text, and its tip (the text when it has none) as tooltip and status tip."""
    action.setText(text)
    action.setToolTip(tip or text.replace("&", ""))
    action.setStatusTip(tip or text.replace("&", ""))


class EditAction(QAction):
    """Undo or Redo, named after the edit it would undo or redo, in the language spoken.

    Our own action, not QUndoStack's: that one fixes its "Undo %1" when made, in the language of then.
    """

    def __init__(self, parent: QObject, redo: bool) -> None:
        super().__init__(parent)
        self.redo = redo
        self.edit = ""  # the undo stack's text of the edit, "" when there is none

    def show_edit(self, edit: str) -> None:
        """Name the edit that would be undone or redone now."""
        self.edit = edit
        self.retranslate()

    def retranslate(self) -> None:
        """The text in the language now spoken."""
        if self.redo:
            _say(self, self.tr("Redo {edit}").format(edit=self.edit) if self.edit else self.tr("Redo"))
        else:
            _say(self, self.tr("Undo {edit}").format(edit=self.edit) if self.edit else self.tr("Undo"))


class MenusMixin(WindowParts):
    """Every QAction of the window (each with an objectName), the menus and the tool bar.

    The actions and menus are made without texts; `_retranslate_actions` and `_retranslate_menus`
    give them their texts, at start and whenever the language changes.
    """

    def _action(self, name: str, slot: Callable[..., object],
                shortcuts: Sequence[str | QKeySequence | QKeySequence.StandardKey] = ()) -> QAction:
        action = QAction(self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        self.actionPlay = self._action("actionPlay", self.toggle_play, ["Space"])
        self.actionPlay.setCheckable(True)
        self.actionStep = self._action("actionStep", self.step_once, ["S", "Right"])
        self.actionReset = self._action("actionReset", self.reset_weights, ["R"])
        self._create_undo_actions()
        self.actionDelete = self._action("actionDelete", self.delete_hovered, ["Delete", "Backspace"])
        dv = self.dataset_view
        self.actionSelectAll = self._action("actionSelectAll", dv.select_all,
                                            [QKeySequence.StandardKey.SelectAll])
        self.actionSelectNone = self._action("actionSelectNone", dv.clear_selection, ["Escape"])
        self.actionClear = self._action("actionClear", self.clear_points)
        self.actionFit = self._action("actionFit", dv.fit_view, ["F"])
        self.actionQuit = self._action("actionQuit", self.close, [QKeySequence.StandardKey.Quit])
        self.actionOpen = self._action("actionOpen", self.open_dialog, [QKeySequence.StandardKey.Open])
        self.actionSave = self._action("actionSave", lambda: self.documents.save(parent=self),
                                       [QKeySequence.StandardKey.Save])
        self.actionSaveAs = self._action("actionSaveAs", self.save_as_dialog, [QKeySequence("Ctrl+Shift+S")])
        self.actionShortcuts = self._action("actionShortcuts", self.show_shortcuts,
                                            [QKeySequence.StandardKey.HelpContents])
        self.actionAbout = self._action("actionAbout", self.show_about)
        self.actionPlayground = self._action("actionPlayground", self.show_playground, ["Ctrl+G"])
        self.actionRace = self._action("actionRace", self.show_race, ["Ctrl+Shift+R"])
        self.actionInspector = self._action("actionInspector", lambda: self.show_inspector(), ["Ctrl+I"])
        self.actionGradientCheck = self._action("actionGradientCheck", self.show_gradient_check,
                                                ["Ctrl+Shift+G"])
        self.actionNeuronMaps = self._action("actionNeuronMaps", self.show_neuron_maps, ["Ctrl+Shift+N"])
        self.actionConfusionMatrix = self._action("actionConfusionMatrix", self.show_confusion_matrix,
                                                  ["Ctrl+Shift+M"])
        self.actionHiddenSpace = self._action("actionHiddenSpace", self.show_hidden_space, ["Ctrl+Shift+H"])
        self.actionInitHistograms = self._action("actionInitHistograms", self.show_init_histograms,
                                                 ["Ctrl+Shift+I"])
        self.actionResetLayout = self._action("actionResetLayout", self.reset_layout)
        self.actionLessons = self._action("actionLessons", self.show_lessons)
        self._create_choice_actions()

    def _create_undo_actions(self) -> None:
        stack = self.undo_stack
        self.actionUndo = EditAction(self, redo=False)
        self.actionUndo.setObjectName("actionUndo")
        self.actionUndo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.actionRedo = EditAction(self, redo=True)
        self.actionRedo.setObjectName("actionRedo")
        self.actionRedo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(
            QKeySequence.StandardKey.Redo)])
        # slots of the actions themselves: Qt drops the connections when an action goes
        stack.canUndoChanged.connect(self.actionUndo.setEnabled)
        stack.undoTextChanged.connect(self.actionUndo.show_edit)
        self.actionUndo.triggered.connect(stack.undo)
        stack.canRedoChanged.connect(self.actionRedo.setEnabled)
        stack.redoTextChanged.connect(self.actionRedo.show_edit)
        self.actionRedo.triggered.connect(stack.redo)
        self.actionUndo.setEnabled(stack.canUndo())
        self.actionRedo.setEnabled(stack.canRedo())
        self.addActions([self.actionUndo, self.actionRedo])

    def _create_choice_actions(self) -> None:
        """The exclusive choices: theme, language, the class a click adds."""
        self.themeActions = QActionGroup(self)  # exclusive: one theme at a time
        for name in ("light", "dark", "system"):
            a = self._action(f"actionTheme{name.capitalize()}", lambda _=False, n=name: self.set_theme(n))
            a.setCheckable(True)
            self.themeActions.addAction(a)
        self.actionThemeLight, self.actionThemeDark, self.actionThemeSystem = self.themeActions.actions()
        self.actionProjector = self._action("actionProjector", lambda on: self.set_theme(projector=on))
        self.actionProjector.setCheckable(True)
        self.languageActions = QActionGroup(self)  # exclusive: one language at a time
        for name, choice in (("System", "system"), ("English", "en"), ("Chinese", "zh_CN")):
            a = self._action(f"actionLanguage{name}", lambda _=False, c=choice: self.set_language(c))
            a.setCheckable(True)
            a.setData(choice)
            self.languageActions.addAction(a)
        self.actionLanguageSystem, self.actionLanguageEnglish, self.actionLanguageChinese = \
            self.languageActions.actions()
        self.classActions = QActionGroup(self)
        for label in range(MAX_CLASSES):
            a = self._action(f"actionClass{label + 1}", lambda _=False, k=label: self.choose_class(k),
                             [str(label + 1)])
            a.setCheckable(True)
            self.classActions.addAction(a)

    def _retranslate_actions(self) -> None:
        """The actions' texts and tips in the language now spoken."""
        self._label_play()
        _say(self.actionStep, self.tr("Step"),
             self.tr("One training iteration: forward, loss, backward, update (S)"))
        _say(self.actionReset, self.tr("Reset"),
             self.tr("New initial weights from the seed; the data stay (R)"))
        retranslate_stack(self.undo_stack)  # the edits' names first: Undo and Redo show them
        self.actionUndo.show_edit(self.undo_stack.undoText())
        self.actionRedo.show_edit(self.undo_stack.redoText())
        _say(self.actionDelete, self.tr("Delete"),
             self.tr("Delete the selected points, or else the point under the mouse"))
        _say(self.actionSelectAll, self.tr("Select all points"),
             self.tr("Select every point (Shift+drag selects those in a rectangle)"))
        _say(self.actionSelectNone, self.tr("Select none"), self.tr("Clear the selection"))
        _say(self.actionClear, self.tr("Clear all points"), self.tr("Remove every point (undoable)"))
        _say(self.actionFit, self.tr("Fit view to data"))
        _say(self.actionQuit, self.tr("Quit"))
        _say(self.actionOpen, self.tr("Open…"), self.tr("Open a session (.json) or a dataset (.csv)"))
        _say(self.actionSave, self.tr("Save"), self.tr("Save the session"))
        _say(self.actionSaveAs, self.tr("Save As…"),
             self.tr("Save the session (.json) or just the points (.csv)"))
        _say(self.actionShortcuts, self.tr("Keyboard shortcuts"))
        _say(self.actionAbout, self.tr("About visualnet"))
        _say(self.actionPlayground, self.tr("Optimizer playground"),
             self.tr("Six optimizers racing on a 2-D function"))
        _say(self.actionRace, self.tr("Network race"),
             self.tr("Several optimizers training the network from the same weights"))
        _say(self.actionInspector, self.tr("Forward-pass inspector"),
             self.tr("One point's forward pass with the numbers of this step: A = XW + B, h(A), softmax, "
                     "the loss (Alt+click a point)"))
        _say(self.actionGradientCheck, self.tr("Gradient check"),
             self.tr("Backpropagation against the numerical gradient, block by block"))
        _say(self.actionNeuronMaps, self.tr("Neuron maps"),
             self.tr("Every neuron's output over the input plane; hover a map to see it large in the "
                     "data view"))
        _say(self.actionConfusionMatrix, self.tr("Confusion matrix"),
             self.tr("True against predicted class on the training, validation or test set, with each "
                     "class's precision and recall"))
        _say(self.actionHiddenSpace, self.tr("Hidden space"),
             self.tr("The data and the input grid as two neurons of a hidden layer see them, bending as it "
                     "trains"))
        _say(self.actionInitHistograms, self.tr("Activations at initialisation"),
             self.tr("Each hidden layer's activations with the initial weights, and with He, Xavier, a "
                     "given σ or zeros: why a bad initialisation fails"))
        _say(self.actionResetLayout, self.tr("Reset layout"),
             self.tr("Put every panel back where it starts, sized for this window"))
        _say(self.actionLessons, self.tr("Lessons"), self.tr("The course's ideas as ready-made setups"))
        self._retranslate_choices()

    def _retranslate_choices(self) -> None:
        _say(self.actionThemeLight, self.tr("Light theme"), self.tr("Dark text on light panels"))
        _say(self.actionThemeDark, self.tr("Dark theme"),
             self.tr("Light text on dark panels, for a dark room"))
        _say(self.actionThemeSystem, self.tr("System theme"),
             self.tr("Light or dark, as the operating system is"))
        _say(self.actionProjector, self.tr("Projector mode"),
             self.tr("Large text and thicker lines, readable from the back row"))
        _say(self.actionLanguageSystem, self.tr("System language"),
             self.tr("The operating system's language, if visualnet speaks it; else English"))
        # the languages are named in their own tongue, so either can be found whatever is spoken
        _say(self.actionLanguageEnglish, "English")
        _say(self.actionLanguageChinese, "简体中文")
        for number, action in enumerate(self.classActions.actions(), start=1):
            _say(action, self.tr("Class {n}").format(n=number))

    def _label_play(self) -> None:
        """Play or Pause, as the clock is now."""
        if self.actionPlay.isChecked():
            _say(self.actionPlay, self.tr("Pause"), self.tr("Play / pause training (Space)"))
        else:
            _say(self.actionPlay, self.tr("Play"), self.tr("Play / pause training (Space)"))

    def _retranslate_menus(self) -> None:
        """The menus' and the tool bar's titles in the language now spoken."""
        self.file_menu.setTitle(self.tr("&File"))
        self.recent_menu.setTitle(self.tr("Open &Recent"))
        self.edit_menu.setTitle(self.tr("&Edit"))
        self.train_menu.setTitle(self.tr("&Train"))
        self.view_menu.setTitle(self.tr("&View"))
        self.language_menu.setTitle(self.tr("&Language"))
        self.classes_menu.setTitle(self.tr("&Classes"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.training_toolbar.setWindowTitle(self.tr("Training"))

    def _create_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.file_menu.addActions([self.actionOpen, self.actionSave, self.actionSaveAs])
        self.export_menu = exports.export_menu(cast("MainWindow", self))  # only MainWindow mixes this in
        self.file_menu.addMenu(self.export_menu)
        self.recent_menu = self.file_menu.addMenu("")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.actionQuit)
        self.edit_menu = bar.addMenu("")
        self.edit_menu.addActions([self.actionUndo, self.actionRedo])
        self.edit_menu.addSeparator()
        self.edit_menu.addActions([self.actionSelectAll, self.actionSelectNone, self.actionDelete,
                                   self.actionClear])
        self.train_menu = bar.addMenu("")
        self.train_menu.addActions([self.actionPlay, self.actionStep, self.actionReset])
        self._create_view_menu()
        self.classes_menu = bar.addMenu("")
        self.classes_menu.addActions(self.classActions.actions())
        self.help_menu = bar.addMenu("")
        self.help_menu.addActions([self.actionLessons, self.actionShortcuts, self.actionAbout])

    def _create_view_menu(self) -> None:
        view = self.view_menu = self.menuBar().addMenu("")
        view.addActions([self.actionFit, self.actionPlayground, self.actionRace, self.actionInspector,
                         self.actionGradientCheck, self.actionNeuronMaps, self.actionConfusionMatrix,
                         self.actionHiddenSpace, self.actionInitHistograms, self.actionResetLayout])
        view.addSeparator()  # the data view's own toggles (the buttons under it are the same actions)
        view.addActions([self.dataset_view.toggles.show_test, self.dataset_view.toggles.discretize])
        view.addSeparator()
        view.addActions([*self.themeActions.actions(), self.actionProjector])
        view.addSeparator()  # the language is no part of the look: a group of its own
        self.language_menu = view.addMenu("")
        self.language_menu.setObjectName("languageMenu")
        self.language_menu.addActions(self.languageActions.actions())
        view.addSeparator()
        for dock in self.docks.values():  # each toggle is named after its dock's (translated) title
            view.addAction(dock.toggleViewAction())

    def _create_toolbar(self) -> None:
        tb = self.training_toolbar = self.addToolBar("")
        tb.setObjectName("trainingToolBar")
        tb.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        tb.addActions([self.actionPlay, self.actionStep, self.actionReset])
        tb.addSeparator()
        tb.addActions([self.actionUndo, self.actionRedo])

    def _enable_class_actions(self) -> None:
        """Classes (keys 1-8) only mean something for classification data."""
        self.classActions.setEnabled(self.session.task == "classification")

    def show_shortcuts(self) -> None:
        """The keyboard and mouse reference (F1)."""
        QMessageBox.information(self, self.tr("Keyboard shortcuts"), shortcuts_help(i18n.translate))

    def show_about(self) -> None:
        """Version and purpose."""
        about = self.tr("<b>visualnet {version}</b><p>Watch a neural network learn.</p>")
        QMessageBox.about(self, self.tr("About visualnet"), about.format(version=visualnet.__version__))
