"""The window's actions, menus and tool bar, and the help texts they open (mixed into MainWindow)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMessageBox

import visualnet
from visualnet.app import exports
from visualnet.app.window_parts import WindowParts
from visualnet.limits import MAX_CLASSES

if TYPE_CHECKING:
    from visualnet.app.window import MainWindow

SHORTCUTS_HELP = """<table cellpadding=3>
<tr><td><b>Space</b></td><td>Play / pause training</td></tr>
<tr><td><b>S</b> or <b>→</b></td><td>One training iteration</td></tr>
<tr><td><b>R</b></td><td>Reset the weights (a new network from the seed)</td></tr>
<tr><td><b>1</b> … <b>8</b></td><td>Class of the points a click adds</td></tr>
<tr><td><b>Click</b></td><td>Add a point · <b>drag</b> a point to move it</td></tr>
<tr><td><b>Right-click</b></td><td>Delete the point</td></tr>
<tr><td><b>Shift+drag</b></td><td>Select the points in a rectangle (<b>Ctrl+Shift+drag</b> adds)</td></tr>
<tr><td><b>Shift+click</b></td><td>Select or unselect a point</td></tr>
<tr><td><b>Ctrl+A</b> / <b>Esc</b></td><td>Select all points / clear the selection</td></tr>
<tr><td><b>Delete</b></td><td>Delete the selected points, or else the point under the mouse</td></tr>
<tr><td><b>Ctrl+Z</b> / <b>Ctrl+Shift+Z</b></td><td>Undo / redo an edit</td></tr>
<tr><td><b>F</b></td><td>Fit the data view to the points</td></tr>
<tr><td><b>Ctrl+G</b></td><td>Optimizer playground</td></tr>
<tr><td><b>Ctrl+Shift+R</b></td><td>Network race: optimizers training the network side by side</td></tr>
<tr><td><b>F1</b></td><td>This list</td></tr>
</table>"""


class MenusMixin(WindowParts):
    """Every QAction of the window (each with an objectName), the menus and the tool bar."""

    def _action(self, name: str, text: str, slot: Callable[..., object],
                shortcuts: Sequence[str | QKeySequence | QKeySequence.StandardKey] = (),
                tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setToolTip(tip or text)
        action.setStatusTip(tip or text)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _create_actions(self) -> None:
        self.actionPlay = self._action("actionPlay", "Play", self.toggle_play, ["Space"],
                                       "Play / pause training (Space)")
        self.actionPlay.setCheckable(True)
        self.actionStep = self._action("actionStep", "Step", self.step_once, ["S", "Right"],
                                       "One training iteration: forward, loss, backward, update (S)")
        self.actionReset = self._action("actionReset", "Reset", self.reset_weights, ["R"],
                                        "New initial weights from the seed; the data stay (R)")
        self.actionUndo = self.undo_stack.createUndoAction(self, "Undo")
        self.actionUndo.setObjectName("actionUndo")
        self.actionUndo.setShortcuts(QKeySequence.StandardKey.Undo)
        self.actionRedo = self.undo_stack.createRedoAction(self, "Redo")
        self.actionRedo.setObjectName("actionRedo")
        self.actionRedo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(
            QKeySequence.StandardKey.Redo)])
        self.addActions([self.actionUndo, self.actionRedo])
        self.actionDelete = self._action("actionDelete", "Delete", self.delete_hovered,
                                         ["Delete", "Backspace"],
                                         "Delete the selected points, or else the point under the mouse")
        dv = self.dataset_view
        self.actionSelectAll = self._action("actionSelectAll", "Select all points", dv.select_all,
                                            [QKeySequence.StandardKey.SelectAll],
                                            "Select every point (Shift+drag selects those in a rectangle)")
        self.actionSelectNone = self._action("actionSelectNone", "Select none", dv.clear_selection,
                                             ["Escape"], "Clear the selection")
        self.actionClear = self._action("actionClear", "Clear all points", self.clear_points, [],
                                        "Remove every point (undoable)")
        self.actionFit = self._action("actionFit", "Fit view to data", self.dataset_view.fit_view, ["F"])
        self.actionQuit = self._action("actionQuit", "Quit", self.close, [QKeySequence.StandardKey.Quit])
        self.actionOpen = self._action("actionOpen", "Open…", self.open_dialog,
                                       [QKeySequence.StandardKey.Open],
                                       "Open a session (.json) or a dataset (.csv)")
        self.actionSave = self._action("actionSave", "Save", lambda: self.documents.save(parent=self),
                                       [QKeySequence.StandardKey.Save], "Save the session")
        self.actionSaveAs = self._action("actionSaveAs", "Save As…", self.save_as_dialog,
                                         [QKeySequence("Ctrl+Shift+S")],
                                         "Save the session (.json) or just the points (.csv)")
        self.actionShortcuts = self._action("actionShortcuts", "Keyboard shortcuts", self.show_shortcuts,
                                            [QKeySequence.StandardKey.HelpContents])
        self.actionAbout = self._action("actionAbout", "About visualnet", self.show_about)
        self.actionPlayground = self._action("actionPlayground", "Optimizer playground",
                                             self.show_playground, ["Ctrl+G"],
                                             "Six optimizers racing on a 2-D function")
        self.actionRace = self._action("actionRace", "Network race", self.show_race, ["Ctrl+Shift+R"],
                                       "Several optimizers training the network from the same weights")
        # translated in the window's context (lupdate reads the literal context, not this mixin's name)
        self.actionResetLayout = self._action(
            "actionResetLayout", QCoreApplication.translate("MainWindow", "Reset layout"), self.reset_layout,
            [], QCoreApplication.translate("MainWindow",
                                           "Put every panel back where it starts, sized for this window"))
        self.actionLessons = self._action("actionLessons", "Lessons", self.show_lessons, [],
                                          "The course's ideas as ready-made setups")
        self.themeActions = QActionGroup(self)  # exclusive: one theme at a time
        for name, tip in (("light", "Dark text on light panels"),
                          ("dark", "Light text on dark panels, for a dark room"),
                          ("system", "Light or dark, as the operating system is")):
            a = self._action(f"actionTheme{name.capitalize()}", f"{name.capitalize()} theme",
                             lambda _=False, n=name: self.set_theme(n), [], tip)
            a.setCheckable(True)
            self.themeActions.addAction(a)
        self.actionThemeLight, self.actionThemeDark, self.actionThemeSystem = self.themeActions.actions()
        self.actionProjector = self._action("actionProjector", "Projector mode",
                                            lambda on: self.set_theme(projector=on), [],
                                            "Large text and thicker lines, readable from the back row")
        self.actionProjector.setCheckable(True)
        self.classActions = QActionGroup(self)
        for label in range(MAX_CLASSES):
            a = self._action(f"actionClass{label + 1}", f"Class {label + 1}",
                             lambda _=False, k=label: self.choose_class(k), [str(label + 1)])
            a.setCheckable(True)
            self.classActions.addAction(a)

    def _create_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addActions([self.actionOpen, self.actionSave, self.actionSaveAs])
        self.export_menu = exports.export_menu(cast("MainWindow", self))  # only MainWindow mixes this in
        file_menu.addMenu(self.export_menu)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("recentMenu")
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        file_menu.addSeparator()
        file_menu.addAction(self.actionQuit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.actionUndo, self.actionRedo])
        edit.addSeparator()
        edit.addActions([self.actionSelectAll, self.actionSelectNone, self.actionDelete, self.actionClear])
        train = bar.addMenu("&Train")
        train.addActions([self.actionPlay, self.actionStep, self.actionReset])
        view = bar.addMenu("&View")
        view.addAction(self.actionFit)
        view.addAction(self.actionPlayground)
        view.addAction(self.actionRace)
        view.addAction(self.actionResetLayout)
        view.addSeparator()
        view.addActions([*self.themeActions.actions(), self.actionProjector])
        view.addSeparator()
        for dock in self.docks.values():
            view.addAction(dock.toggleViewAction())
        classes = bar.addMenu("&Classes")
        classes.addActions(self.classActions.actions())
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.actionLessons, self.actionShortcuts, self.actionAbout])

    def _create_toolbar(self) -> None:
        tb = self.addToolBar("Training")
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
        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUTS_HELP)

    def show_about(self) -> None:
        """Version and purpose."""
        QMessageBox.about(self, "About visualnet",
                          f"<b>visualnet {visualnet.__version__}</b><p>Watch a neural network learn.</p>")
