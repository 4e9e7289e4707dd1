"""The main window: the data view in the middle, the other views in docks, controls, menus, status."""

from __future__ import annotations

import dataclasses
import logging
import os
import site
import sys
import time
from collections import deque
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, QEvent, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QIcon,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QWidget,
)

import visualnet
from visualnet import files, lessons
from visualnet.app import exports, layout, palette, readouts, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.commands import (
    AddPointsCommand,
    MovePointsCommand,
    RemovePointsCommand,
    ReplaceDatasetCommand,
)
from visualnet.app.controls import ControlPanel
from visualnet.app.documents import DocumentController, push_document
from visualnet.app.plotting import ThrottledText
from visualnet.app.recovery import Orphan, RecoveryDialog
from visualnet.app.views.activation_view import ActivationView
from visualnet.app.views.dataset_view import DatasetView
from visualnet.app.views.loss_curve_view import LossCurveView
from visualnet.app.views.loss_surface_view import LossSurfaceView
from visualnet.app.views.weights_view import WeightsView
from visualnet.app.welcome import WelcomePanel
from visualnet.core import data
from visualnet.limits import MAX_CLASSES, MAX_POINTS
from visualnet.session import Session

ASSETS = Path(__file__).resolve().parents[2] / "assets"
FRAME_MS = 16  # one display clock for every live panel (~60 frames per second)
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


def app_icon() -> QIcon:
    """The app icon from assets/ (the SVG, with the PNG sizes for platforms that want bitmaps)."""
    icon = QIcon()
    # the repository's assets/, a packaged app's, or an installed wheel's (share/visualnet/assets)
    for folder in (ASSETS, Path(getattr(sys, "_MEIPASS", ASSETS)) / "assets",
                   Path(sys.prefix) / "share" / "visualnet" / "assets",
                   Path(site.getuserbase()) / "share" / "visualnet" / "assets"):  # pip install --user
        for size in (16, 32, 48, 64, 128, 256, 512):
            png = folder / f"visualnet-{size}.png"
            if png.exists():
                icon.addFile(str(png), QSize(size, size))
        if not icon.isNull():
            break
    return icon


class StatusLabel(QLabel):
    """A status-bar readout of fixed size, as wide as the widest text it has held (or `widest`).

    QLabel.setText asks for a new layout, which climbs to the main window (a layout pass and a
    repaint of the status bar at every new number) unless the label's size is fixed: Qt's
    updateGeometry stops at a widget whose minimum and maximum sizes are equal. It fills its own
    background, so a new text repaints the label alone, not the status bar under it.
    """

    def __init__(self, widest: str) -> None:
        super().__init__()
        self._widest = widest
        self.setAutoFillBackground(True)
        self._fit()

    def setText(self, text: str) -> None:
        """Show `text`, growing once if it is wider than any before (the fixed size never shrinks)."""
        super().setText(text)
        if self.fontMetrics().horizontalAdvance(text) > self.fontMetrics().horizontalAdvance(self._widest):
            self._widest = text
            self._fit()

    def changeEvent(self, event: QEvent) -> None:
        """A new font (projector mode, a theme) needs another size."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._fit()

    def _fit(self) -> None:
        fm, m, pad = self.fontMetrics(), self.contentsMargins(), 2 * self.margin()
        width = fm.horizontalAdvance(self._widest) + m.left() + m.right() + pad + 6
        self.setFixedSize(max(90, width), fm.height() + m.top() + m.bottom() + pad)


class MainWindow(QMainWindow):
    """The simulator: one session, five live views, one training clock."""

    def __init__(self, session: Session | None = None, settings: QSettings | None = None,
                 data_dir: str | None = None) -> None:
        """`data_dir` turns on autosave and recovery there (the app passes the user's data folder)."""
        super().__init__()
        palette.configure_pyqtgraph()
        self.setWindowTitle("visualnet — watch a neural network learn")
        self.setWindowIcon(app_icon())
        self.session = session or Session()
        self.settings = settings
        self.bridge = SessionBridge(self.session, self)
        self.undo_stack = QUndoStack(self)
        self.preset_name = "XOR clouds"
        self.documents = DocumentController(self.session, settings, data_dir, self)
        self.last_problem = ""
        self.recovery_dialog: RecoveryDialog | None = None
        self._closing_for_signal = False  # SIGTERM / SIGINT: close without asking, keep every autosave
        self._frame_times: deque[float] = deque(maxlen=60)
        self._iterations_per_second = 0.0

        self.dataset_view = DatasetView(self.session, self.bridge)
        self.setCentralWidget(self.dataset_view)
        self.controls = ControlPanel(self.session, self.bridge)
        self.welcome = WelcomePanel()
        self.activation_view = ActivationView(self.session, self.bridge)
        self.weights_view = WeightsView(self.session, self.bridge)
        self.loss_surface_view = LossSurfaceView(self.session, self.bridge)
        self.loss_curve_view = LossCurveView(self.session, self.bridge)
        self.docks: dict[str, QDockWidget] = {}
        self._create_docks()

        self.clock = QTimer(self)
        self.clock.setInterval(FRAME_MS)
        self.clock.timeout.connect(self._on_tick)
        self._create_actions()
        self._create_menus()
        self._create_toolbar()
        self._create_status_bar()
        self._connect()
        self.setAcceptDrops(True)
        # the layout's state: the arrangement in use, and whether the saved one was restored
        self.arrangement = ""
        self.restored_geometry = self.restored_layout = self._maximise = self._lessons_first = False
        self._shown_before = False
        self.layout_note = ""
        self.resize(layout.first_size(layout.available_geometry()))
        self.theme_name, self.projector = "light", False
        self.read_settings()
        self.set_theme()
        if self.restored_layout:
            self.arrangement = self._wanted_arrangement()  # what a resize past a threshold changes
        # else arranged when first shown: at its final size, and once (a dock layout rearranged while
        # hidden can leave a tab bar of a dissolved group on screen)
        if self.settings is not None and not self.settings.value("welcome/shown", False, type=bool):
            self.show_lessons()  # the first run opens on the lessons
            self.settings.setValue("welcome/shown", True)
        self._recover()
        self.documents.modified = False  # what a window starts with (or recovered) is no new work
        self._offer_orphans()
        self.refresh_views()

    # ---------------------------------------------------------------- construction

    def _create_docks(self) -> None:
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # as narrow as the controls allow (it scrolls up and down, never sideways): the plots need the width
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(self.controls.minimumSizeHint().width() + bar + 4)
        area = Qt.DockWidgetArea
        placements = [("Controls", scroll), ("Lessons", self.welcome), ("Loss curve", self.loss_curve_view),
                      ("Loss surface", self.loss_surface_view), ("Activations", self.activation_view),
                      ("Weights", self.weights_view)]
        # all tabs in one column until the first show arranges them for the window's size: the
        # narrowest start, so the window is never widened to hold an arrangement it will not keep
        for title, widget in placements:
            dock = layout.dock(title, self, widget)
            self.addDockWidget(area.LeftDockWidgetArea, dock)
            if self.docks:
                self.tabifyDockWidget(self.docks["Controls"], dock)
            self.docks[title] = dock
        self.docks["Controls"].raise_()
        # The controls column runs the full height (it scrolls when it must), the right column too: the
        # bottom row then lies under the data view alone.
        for corner, where in ((Qt.Corner.BottomLeftCorner, area.LeftDockWidgetArea),
                              (Qt.Corner.TopLeftCorner, area.LeftDockWidgetArea),
                              (Qt.Corner.TopRightCorner, area.RightDockWidgetArea),
                              (Qt.Corner.BottomRightCorner, area.RightDockWidgetArea)):
            self.setCorner(corner, where)
        for title in ("Loss curve", "Loss surface", "Activations", "Weights"):
            self.docks[title].visibilityChanged.connect(self._on_dock_visibility)

    def _action(self, name: str, text: str, slot, shortcuts=(), tip: str = "") -> QAction:
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
        self.actionResetLayout = self._action(
            "actionResetLayout", self.tr("Reset layout"), self.reset_layout, [],
            self.tr("Put every panel back where it starts, sized for this window"))
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
        self.export_menu = exports.export_menu(self)
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

    def _create_status_bar(self) -> None:
        self.status_labels: dict[str, QLabel] = {}
        widest = {"iteration": "iteration 0000000", "epoch": "epoch 000000",  # grow if a text is wider
                  "loss": "train cross-entropy 0.0000e-00", "accuracy": "train accuracy 100.0%",
                  "speed": "00,000 it/s"}
        for key in ("iteration", "epoch", "loss", "accuracy", "speed"):
            label = StatusLabel(widest[key])
            label.setObjectName(f"status_{key}")
            self.statusBar().addPermanentWidget(label)
            self.status_labels[key] = label
        # at most 10 new texts a second: each one re-lays out and repaints the whole status bar
        self._status_text = {key: ThrottledText(label) for key, label in self.status_labels.items()}
        # a failed autosave stays in sight until one succeeds: a 10-second message is easily missed
        self.autosave_warning = QPushButton("Autosave failed: your latest changes are not on disk")
        self.autosave_warning.setObjectName("autosaveWarning")
        self.autosave_warning.setStyleSheet("QPushButton#autosaveWarning { background: #b71c1c; color: white;"
                                            " font-weight: bold; border: none; padding: 2px 8px; }")
        self.autosave_warning.clicked.connect(lambda: self.documents.save(parent=self))
        self.autosave_warning.hide()
        self.statusBar().insertPermanentWidget(0, self.autosave_warning)

    def _connect(self) -> None:
        dv, cp, b = self.dataset_view, self.controls, self.bridge
        dv.addRequested.connect(self.add_point)
        dv.removeRequested.connect(self.remove_point)
        dv.moveRequested.connect(self.move_point)
        dv.movePointsRequested.connect(self.move_points)
        dv.selectionChanged.connect(self._on_selection_changed)
        cp.presetRequested.connect(self.load_preset)
        cp.taskRequested.connect(self._on_task_requested)
        cp.settingChanged.connect(self.apply_setting)
        cp.classChosen.connect(self.choose_class)
        self.welcome.lessonChosen.connect(self.start_lesson)
        b.stepped.connect(lambda _report: self.refresh_views())
        b.dataChanged.connect(self.refresh_views)
        b.modelReset.connect(self.refresh_views)
        b.modelReset.connect(lambda: theme.style_plots(self, self.theme, self.projector))  # new items
        b.diverged.connect(self._on_diverged)
        self.documents.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.documents.problem.connect(self.show_problem)
        self.documents.fileChanged.connect(self._on_file_changed)
        self.documents.autosaveFailed.connect(self._on_autosave_failed)
        # Enter in a field hands the keys back to the data view: Space plays instead of blanking it
        cp.editingDone.connect(lambda: dv.plot.setFocus(Qt.FocusReason.OtherFocusReason))
        cp.inputRefused.connect(lambda text: self.statusBar().showMessage(text, 8000))
        b.dataChanged.connect(self._enable_class_actions)
        self._enable_class_actions()
        self.choose_class(0)
        self.controls.show_preset(self.preset_name, len(self.session.dataset), 0.2)

    # ---------------------------------------------------------------- training

    def toggle_play(self) -> None:
        """Start or pause the training clock."""
        self.set_playing(not self.clock.isActive())

    def set_playing(self, playing: bool) -> None:
        """Run or stop the training clock; refuses to run on data it cannot train on."""
        problem = self.session.training_problem()
        if playing and problem:
            self.statusBar().showMessage(f"Cannot train: {problem}.", 5000)
            playing = False
        if playing:
            self.clock.start()
        else:
            self.clock.stop()
        self.actionPlay.setChecked(playing)
        self.actionPlay.setText("Pause" if playing else "Play")

    def step_once(self) -> None:
        """One training iteration (pauses the clock first)."""
        self.set_playing(False)
        problem = self.session.training_problem()
        if problem:
            self.statusBar().showMessage(f"Cannot train: {problem}.", 5000)
            return
        self.session.step(1)

    def reset_weights(self) -> None:
        """A new network from the seed; the data stay."""
        self.session.reset_weights()
        self.statusBar().showMessage("New initial weights.", 3000)

    def _on_tick(self) -> None:
        t0 = time.perf_counter()
        speed = self.controls.speedSpin.value()
        report = self.session.step(speed)
        if report is None:
            self.set_playing(False)
            return
        now = time.perf_counter()
        self._frame_times.append(now)
        if len(self._frame_times) >= 2:
            span = self._frame_times[-1] - self._frame_times[0]
            self._iterations_per_second = speed * (len(self._frame_times) - 1) / max(span, 1e-9)
        self.last_frame_ms = 1e3 * (now - t0)

    def _on_diverged(self, message: str) -> None:
        self.set_playing(False)
        self.statusBar().showMessage(f"Training paused: {message}. The last finite weights are back.")

    # ---------------------------------------------------------------- settings

    def apply_setting(self, name: str, value: object) -> None:
        """A control changed a setting; say so when it needs a new network."""
        self.set_playing(self.clock.isActive() and name not in ("model", "hidden", "activation", "seed"))
        try:
            reset = self.session.configure(**{name: value})
        except (ValueError, KeyError) as err:
            self.statusBar().showMessage(f"Not changed: {err}", 6000)
            self.controls.sync_from_session()
            return
        if reset:
            self.statusBar().showMessage(f"New network: changing the {name} needs fresh weights.", 5000)

    def choose_class(self, label: int) -> None:
        """The class that a click adds."""
        if self.session.task != "classification":
            return
        self.session.current_label = int(label)
        self.classActions.actions()[label].setChecked(True)
        self.controls.sync_from_session()

    # ---------------------------------------------------------------- data edits (undoable)

    def load_preset(self, name: str, count: int | None = None, noise: float | None = None,
                    classes: int | None = None) -> None:
        """Replace the dataset with a preset, as one undo step."""
        preset = data.PRESETS[name]
        kwargs: dict[str, float] = {}
        if count is not None:
            kwargs["n"] = int(count)
        if noise is not None:
            kwargs["noise"] = float(noise)
        if classes is not None and preset.class_param:
            kwargs[preset.class_param] = min(int(classes), preset.max_classes)
        dataset = preset.make(seed=self.session.config.seed, **kwargs)
        if len(dataset) > MAX_POINTS:  # checked before the command: a failing redo would stay on the stack
            self.statusBar().showMessage(f"Not loaded: {len(dataset):,} points is more than the "
                                         f"{MAX_POINTS:,} a dataset may hold.", 8000)
            return
        self.preset_name = name
        self.documents.preset = name
        self.dataset_view.request_fit()
        self.undo_stack.push(ReplaceDatasetCommand(self.session, dataset, f"Load preset {name}"))
        self.controls.show_preset(name, len(dataset), float(kwargs.get("noise", preset.noise)),
                                  max(2, dataset.n_classes))

    def start_lesson(self, lesson: lessons.Lesson) -> None:
        """Load a lesson's data and settings as one undo step."""
        self.set_playing(False)
        try:
            staged = Session(config=dataclasses.replace(self.session.config))
            lessons.apply(staged, lesson)
            self.dataset_view.request_fit()
            push_document(self.undo_stack, self.session, staged.to_document(lesson.preset),
                          f"Lesson {lesson.title}")
        except ValueError as err:
            self.dataset_view.cancel_fit()
            self.show_problem("Could not start the lesson", f"{lesson.title}: {err}")
            return
        self.preset_name = self.documents.preset = lesson.preset
        self.controls.show_preset(lesson.preset, len(self.session.dataset), self.controls.noiseSpin.value())
        self.statusBar().showMessage(f"{lesson.title}: {lesson.watch}", 15000)

    def show_playground(self) -> None:
        """Open the optimizer playground (built on first use, so start-up stays quick)."""
        if "Optimizer playground" not in self.docks:
            from visualnet.app.playground import OptimizerPlayground

            dock = layout.dock("Optimizer playground", self, OptimizerPlayground(), "OptimizerPlaygroundDock")
            self.docks["Optimizer playground"] = dock
            theme.style_plots(dock, self.theme, self.projector)
        dock = self.docks["Optimizer playground"]
        if dock.isHidden():
            self._place_panel(dock, layout.PLAYGROUND_MIN)
        self._bring_forward(dock)

    def set_theme(self, name: str | None = None, projector: bool | None = None) -> None:
        """Switch to theme `name` ("light", "dark", "system") and/or projector mode, app-wide."""
        self.theme_name = self.theme_name if name is None else name
        toggled = projector is not None and bool(projector) != self.projector
        self.projector = self.projector if projector is None else bool(projector)
        self.theme = theme.apply(self, self.theme_name, self.projector)
        getattr(self, f"actionTheme{self.theme_name.capitalize()}").setChecked(True)
        self.actionProjector.setChecked(self.projector)
        # projector mode's bigger text needs bigger panels, or the other arrangement: arranged anew
        # once the widgets have taken the new font (from posted events)
        QTimer.singleShot(0, self, self.arrange if toggled and self.arrangement else self._fit_arrangement)

    def show_race(self) -> None:
        """Open the network race (built on first use; it pauses whenever its dock is hidden)."""
        if "Network race" not in self.docks:
            from visualnet.app.race_view import RaceView

            view = RaceView(self.session)
            dock = layout.dock("Network race", self, view, "NetworkRaceDock")
            dock.visibilityChanged.connect(view.set_on_screen)  # a tab in the back stops the race too
            self.docks["Network race"] = dock
            theme.style_plots(dock, self.theme, self.projector)
        dock = self.docks["Network race"]
        if dock.isHidden():
            self._place_panel(dock, layout.RACE_MIN)
        self._bring_forward(dock)

    def _bring_forward(self, dock: QDockWidget) -> None:
        """Show a panel: the front tab of its group, or its own window on top."""
        dock.show()
        if dock.isFloating():
            dock.activateWindow()
        else:
            dock.raise_()

    # ---------------------------------------------------------------- layout

    def _scaled(self, size: QSize) -> QSize:
        """A minimum in px at the normal font, grown with projector mode's bigger text."""
        scale = theme.PROJECTOR_SCALE if self.projector else 1.0
        return QSize(round(size.width() * scale), round(size.height() * scale))

    def _side_width(self) -> int:
        """The controls' column at its narrowest (it grows with the font)."""
        return self.docks["Controls"].minimumSizeHint().width() + layout.SEPARATOR

    def _wanted_arrangement(self) -> str:
        scale = theme.PROJECTOR_SCALE if self.projector else 1.0
        # the wide arrangement's bottom row holds the loss surface and the weights side by side
        bottom = sum(self.docks[t].minimumSizeHint().width() for t in ("Loss surface", "Weights"))
        return layout.arrangement_for(self.width(), self.height(), scale, self._side_width(), bottom)

    def _place_panel(self, dock: QDockWidget, minimum: QSize) -> None:
        """Open a big panel as a tab beside the loss surface if that tab has its room, else as its own
        window of a usable size: either way no other view gives up any space."""
        minimum = self._scaled(minimum)
        surface = self.docks["Loss surface"]
        room = surface.widget().size() if surface.isVisible() and not surface.isFloating() else QSize()
        if layout.panel_placement(room, minimum) == "tab":
            self.dock_beside_surface(dock)
            return
        dock.setFloating(True)
        # a window of its own (in the task bar, with the system's frame), not a tool palette that
        # would hide the plots under it
        dock.setWindowFlags(Qt.WindowType.Window)
        dock.setWindowTitle(dock.windowTitle())
        available = layout.available_geometry()
        dock.setGeometry(layout.window_rect(dock.sizeHint(), minimum, available))

    def dock_beside_surface(self, dock: QDockWidget) -> None:
        """Put a panel back in the window, as a tab beside the loss surface (from a window of its own too)."""
        if dock.isFloating():
            dock.setWindowFlags(Qt.WindowType.Tool)  # a dock's own floating kind: it can dock again
            dock.setFloating(False)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.docks["Loss surface"], dock)

    def arrange(self) -> None:
        """Lay the docks out for this window's size and font: the wide arrangement where every view
        keeps its minimum, else the other views as tabs beside the controls (never slivers)."""
        scale = theme.PROJECTOR_SCALE if self.projector else 1.0
        d, area, vertical = self.docks, Qt.DockWidgetArea, Qt.Orientation.Vertical
        # the lessons stay in front if they were (the first time: if the first run asked for them)
        lessons_up = (d["Lessons"].isVisible() and not d["Controls"].isVisible()) if self.arrangement \
            else self._lessons_first
        self.arrangement = self._wanted_arrangement()
        for title in ("Controls", "Lessons", "Loss curve", "Loss surface", "Activations", "Weights"):
            d[title].setFloating(False)
        front = d["Lessons"] if lessons_up else d["Controls"]
        self.addDockWidget(area.LeftDockWidgetArea, d["Controls"])
        self.tabifyDockWidget(d["Controls"], d["Lessons"])
        if self.arrangement == layout.WIDE:
            # the loss surface's parameter row is the widest panel: it goes under the data view, whose
            # width it shares with the weights; the narrow plots stack in the right column
            self.addDockWidget(area.RightDockWidgetArea, d["Loss curve"])
            self.splitDockWidget(d["Loss curve"], d["Activations"], vertical)
            self.addDockWidget(area.BottomDockWidgetArea, d["Loss surface"])
            self.splitDockWidget(d["Loss surface"], d["Weights"], Qt.Orientation.Horizontal)
            side = self._side_width()
            self.resizeDocks([d["Controls"], d["Loss curve"]],
                             [side, layout.right_width(self.width(), scale, side)], Qt.Orientation.Horizontal)
            self.resizeDocks([d["Loss surface"]], [round(layout.WIDE_BOTTOM_HEIGHT * scale)], vertical)
            self.resizeDocks([d["Loss curve"], d["Activations"]], [1, 1], vertical)
            # the weights as wide as the loss surface leaves them (its row of choosers sets its least width)
            self.resizeDocks([d["Loss surface"], d["Weights"]], [1, 1], Qt.Orientation.Horizontal)
        else:
            for title in ("Loss curve", "Loss surface", "Activations", "Weights"):
                self.tabifyDockWidget(d["Controls"], d[title])
            # the column as narrow as its widest panel allows: the data view takes the rest
            side = max(dock.minimumSizeHint().width() for dock in d.values() if not dock.isFloating())
            wanted = min(round(layout.COMPACT_SIDE_WIDTH * scale),
                         int((1 - layout.DATA_SHARE) * self.width()) - layout.SEPARATOR)
            self.resizeDocks([d["Controls"]], [max(side, wanted)], Qt.Orientation.Horizontal)
        front.raise_()

    def reset_layout(self) -> None:
        """View → Reset layout: every standard panel shown and back in the default arrangement."""
        for title in ("Controls", "Lessons", "Loss curve", "Loss surface", "Activations", "Weights"):
            self.docks[title].show()
        self.arrange()
        self.statusBar().showMessage(self.tr("The default layout is back."), 5000)

    def show_on_screen(self) -> None:
        """Show the window: maximised on a laptop-sized screen unless a saved size was restored."""
        if self._maximise or (not self.restored_geometry
                              and layout.should_maximise(layout.available_geometry())):
            self.showMaximized()
        else:
            self.show()

    def resizeEvent(self, event) -> None:
        """Past a size where the arrangement no longer fits (or fits again), arrange anew."""
        super().resizeEvent(event)
        self._fit_arrangement()

    def _fit_arrangement(self) -> None:
        if self.arrangement and self.arrangement != self._wanted_arrangement():
            self.arrange()

    def showEvent(self, event) -> None:
        """The first time on screen: arrange the docks for the window's size, or check the restored
        layout once it is laid out."""
        super().showEvent(event)
        if self._shown_before:
            return
        self._shown_before = True
        if self.layout_note:  # the saved size did not fit this screen
            self.statusBar().showMessage(self.layout_note, 15000)
        if self.restored_layout:
            # once the plots inside the docks have their sizes too (their layouts are posted)
            QTimer.singleShot(300, self, self.check_restored_layout)
        elif not self.arrangement:
            self.arrange()

    def layout_problems(self) -> list[str]:
        """What breaks the layout rules now (a view under its minimum, a part outside the window)."""
        views = {"Data": self.dataset_view, "Loss curve": self.loss_curve_view,
                 "Loss surface": self.loss_surface_view, "Activations": self.activation_view,
                 "Weights": self.weights_view}
        return layout.problems(self, views)

    def check_restored_layout(self) -> bool:
        """Discard a restored layout that leaves a view under its minimum (with a status-bar note);
        True if it was kept."""
        found = self.layout_problems()
        if not found:
            return True
        logging.getLogger("visualnet").info("saved layout discarded: %s", "; ".join(found))
        self.reset_layout()
        self.layout_note = layout.restored_note()
        self.statusBar().showMessage(self.layout_note, 15000)
        return False

    def show_lessons(self) -> None:
        """Bring the lessons panel to the front."""
        dock = self.docks["Lessons"]
        dock.show()
        dock.raise_()
        self._lessons_first = not self.arrangement

    def _on_task_requested(self, task: str) -> None:
        if task != self.session.task:
            self.load_preset("Sine" if task == "regression" else "XOR clouds")

    def add_point(self, x: float, y: float) -> None:
        """Add a point of the current class where the user clicked."""
        if self._refuse_points(1):
            return
        label = self.session.current_label if self.session.task == "classification" else 0
        self.undo_stack.push(AddPointsCommand(self.session, np.array([[x, y]]), np.array([label])))

    def _refuse_points(self, n: int) -> bool:
        """Refuse (with a message) an edit adding `n` points past the limit, before any command is pushed."""
        problem = self.session.room_for(n)
        if problem:
            self.last_problem = f"Not added: {problem}"
            self.statusBar().showMessage(self.last_problem, 8000)
        return bool(problem)

    def remove_point(self, index: int) -> None:
        """Delete one point."""
        self.undo_stack.push(RemovePointsCommand(self.session, [index], "Delete point"))

    def move_point(self, index: int, x: float, y: float, drag_id: int, finished: bool) -> None:
        """Move a point as the mouse drags it; one drag is one undo step."""
        self.undo_stack.push(MovePointsCommand(self.session, [index], np.array([[x, y]]), drag_id, finished))

    def move_points(self, indices: np.ndarray, xy: np.ndarray, drag_id: int, finished: bool) -> None:
        """Move several points together (a drag of the selection); one drag is one undo step."""
        self.undo_stack.push(MovePointsCommand(self.session, indices, xy, drag_id, finished))

    def _on_selection_changed(self, count: int) -> None:
        if count:
            self.statusBar().showMessage(f"{count} point{'s' if count != 1 else ''} selected: drag one to "
                                         "move them all, Delete removes them, Esc clears the selection.")
        else:
            self.statusBar().clearMessage()

    def delete_hovered(self) -> None:
        """Delete the selected points (one undo step), or else the point under the mouse, if any."""
        chosen = self.dataset_view.selected_indices()
        if len(chosen):
            text = "Delete point" if len(chosen) == 1 else f"Delete {len(chosen)} points"
            self.undo_stack.push(RemovePointsCommand(self.session, chosen, text))
            return
        i = self.dataset_view.hovered_index
        if 0 <= i < len(self.session.dataset):
            self.remove_point(i)
            self.dataset_view.hovered_index = -1

    def clear_points(self) -> None:
        """Remove every point (undoable)."""
        empty = self.session.dataset.copy()
        empty.X, empty.y = np.empty((0, 2)), np.empty(0, np.int64)
        self.undo_stack.push(ReplaceDatasetCommand(self.session, empty, "Clear all points"))

    # ---------------------------------------------------------------- files

    def open_file(self, path: str) -> bool:
        """Open a session or dataset file as one undo step; a bad file changes nothing."""
        self.set_playing(False)  # the read may wait behind a progress dialog: no training meanwhile
        name = os.path.basename(path)
        doc = self.documents.read(
            path, lambda work: exports.run_in_background(self, f"Reading {name}…", "Open", work))
        if doc is None:
            return False
        return self.open_document(doc, path)

    def open_document(self, doc: files.SessionDocument, path: str) -> bool:
        """Apply a document read from `path` as one undo step; one that does not apply changes nothing."""
        self.set_playing(False)
        name = os.path.basename(path)
        self.dataset_view.request_fit()
        try:
            push_document(self.undo_stack, self.session, doc, f"Open {name}")
        except ValueError as err:  # all or nothing: the session is as it was, and no undo step
            self.dataset_view.cancel_fit()
            self.show_problem("Could not open the file", f"{name}: {err}")
            return False
        self.documents.preset = doc.preset
        self.documents.opened(path)
        if doc.notes:  # what reading changed so that the file opens (an old file's settings)
            self.statusBar().showMessage(f"Opened {name}; {'; '.join(doc.notes)}.", 15000)
        return True

    def open_dialog(self) -> None:
        """Ask for a file to open."""
        path = self.documents.ask_open_path(self)
        if path:
            self.open_file(path)

    def save_as_dialog(self) -> None:
        """Ask where to save."""
        path = self.documents.ask_save_path(self)
        if path:
            self.documents.save(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.documents.recent():
            self.recent_menu.addAction(os.path.basename(path), lambda p=path: self.open_file(p))
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def _on_file_changed(self, path: str) -> None:
        name = os.path.basename(path) if path else ""
        self.setWindowTitle(f"{name} — visualnet" if name else "visualnet — watch a neural network learn")

    def show_problem(self, title: str, text: str) -> None:
        """Tell the user what went wrong, without blocking the app (and without a traceback)."""
        self.last_problem = text
        self.statusBar().showMessage(text, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _recover(self) -> None:
        doc = self.documents.recover()
        path = self.documents.autosave_path
        if doc is None or path is None:
            return
        try:
            self.session.apply_document(doc)
        except ValueError as err:
            self.documents.set_aside(path, str(err))
            return
        except Exception as err:  # whatever an autosave holds, the app must start
            logging.getLogger("visualnet").exception("restoring the autosave failed")
            self.session.apply_document(Session().to_document())  # a fresh start, whatever was half done
            self.documents.set_aside(path, f"{type(err).__name__}: {err}")
            return
        self.documents.preset = doc.preset
        self.dataset_view.fit_view()
        self.recovered_message = self.documents.recovery_message(doc)
        self.statusBar().showMessage(self.recovered_message, 15000)

    def _offer_orphans(self) -> None:
        """Offer the work of every other instance that ended without closing (a non-blocking dialog)."""
        orphans = self.documents.orphans()
        if not orphans:
            return
        self.recovery_dialog = RecoveryDialog(orphans, self._restore_orphan, self.documents.keep_orphan,
                                              self.documents.discard_orphan, self)
        self.recovery_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.recovery_dialog.destroyed.connect(lambda: setattr(self, "recovery_dialog", None))
        self.recovery_dialog.show()

    def _restore_orphan(self, orphan: Orphan) -> bool:
        """Bring an orphan's work into this window (one undo step); one that does not apply is set aside."""
        assert orphan.doc is not None
        self.set_playing(False)
        self.dataset_view.request_fit()
        try:
            push_document(self.undo_stack, self.session, orphan.doc, "Restore unsaved work")
        except ValueError as err:
            self.dataset_view.cancel_fit()
            self.documents.set_aside(orphan.path, str(err))
            self.documents.keep_orphan(orphan.path)
            return True
        self.documents.preset = orphan.doc.preset
        self.documents.restored_orphan(orphan.path)
        self.statusBar().showMessage(f"Restored the unsaved work ({orphan.describe()}).", 10000)
        return True

    def _on_autosave_failed(self, problem: str) -> None:
        if problem:
            self.autosave_warning.setToolTip(f"The last autosave failed: {problem}. Click to save the "
                                             "session to a file; this stays until an autosave succeeds.")
            self.autosave_warning.show()
            self.statusBar().showMessage(f"Autosave failed: {problem}", 10000)
        else:
            self.autosave_warning.hide()

    def report_storage(self, log_problem: str = "") -> str:
        """Say once (status bar and one non-blocking box) if autosave or the log is off, and why.

        Returns the text said ("" if both are on), for the terminal too.
        """
        autosave = self.documents.autosave_off
        if not autosave and not log_problem:
            return ""
        what = ("Autosave and the log are off" if autosave and log_problem
                else "Autosave is off" if autosave else "The log is off")
        # both live in the data folder: its problem explains both
        text = (f"{what}: {autosave or log_problem}. visualnet works, but keeps nothing by itself: "
                "save your work with File > Save.")
        self.show_problem(what, text)
        return text

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dragged local file."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open the first dropped local file."""
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_file(url.toLocalFile())
                event.acceptProposedAction()
                return

    # ---------------------------------------------------------------- refresh

    def visible_views(self) -> list[QWidget]:
        """The views that are on screen (hidden docks skip their work)."""
        views: list[QWidget] = [self.dataset_view]
        for title, view in (("Loss curve", self.loss_curve_view), ("Loss surface", self.loss_surface_view),
                            ("Activations", self.activation_view), ("Weights", self.weights_view)):
            dock = self.docks[title]
            if (not dock.isHidden() and not dock.visibleRegion().isEmpty()) or not self.isVisible():
                views.append(view)
        return views

    def refresh_views(self) -> None:
        """Update every visible view and the status bar once."""
        for view in self.visible_views():
            view.refresh()
        self._update_status()

    def settle(self) -> None:
        """Show every throttled readout's newest text now: a snapshot or a video frame must show
        the numbers of the state it pictures, not those of up to 0.1 s before."""
        for pending in self.findChildren(ThrottledText):
            pending.flush()
        self.weights_view.show_titles()

    def _on_dock_visibility(self, visible: bool) -> None:
        if visible:
            self.refresh_views()

    def _enable_class_actions(self) -> None:
        """Classes (keys 1-8) only mean something for classification data."""
        self.classActions.setEnabled(self.session.task == "classification")

    def _update_status(self) -> None:
        s, lab = self.session, self._status_text
        # the session as it is now (an edit while paused included), never the last step's record
        for key, text in readouts.status_texts(s, QCoreApplication.translate).items():
            lab[key].set(text)
        tip = readouts.status_tips(s, QCoreApplication.translate)["loss"]
        if self.status_labels["loss"].toolTip() != tip:
            self.status_labels["loss"].setToolTip(tip)
        ips = self._iterations_per_second if self.clock.isActive() else 0.0
        lab["speed"].set(f"{ips:,.0f} it/s" if ips else "paused")

    # ---------------------------------------------------------------- help, closing

    def show_shortcuts(self) -> None:
        """The keyboard and mouse reference (F1)."""
        QMessageBox.information(self, "Keyboard shortcuts", SHORTCUTS_HELP)

    def show_about(self) -> None:
        """Version and purpose."""
        QMessageBox.about(self, "About visualnet",
                          f"<b>visualnet {visualnet.__version__}</b><p>Watch a neural network learn.</p>")

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before losing unsaved work; stop the clock; the autosave gets the final state."""
        if not self._closing_for_signal and self.documents.would_lose_work():
            answer = self.ask_unsaved_changes()
            if answer == "cancel" or (answer == "save" and not self.documents.save(parent=self)):
                event.ignore()
                return
        self.set_playing(False)
        self.write_settings()
        for dock in self.docks.values():  # a panel in a window of its own closes with this one
            if dock.isFloating():
                dock.hide()
        if self.recovery_dialog is not None:
            self.recovery_dialog.close()  # what was not settled is kept for a later launch
        self.documents.shutdown(keep=self._closing_for_signal)
        super().closeEvent(event)

    def ask_unsaved_changes(self) -> str:
        """Save / Discard / Cancel for changes nothing would keep: "save", "discard" or "cancel"."""
        buttons = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Warning, "Unsaved changes",
                          "The changes in this window are not saved to a file, and no autosave keeps them "
                          "once it closes. Save them first?",
                          buttons.Save | buttons.Discard | buttons.Cancel, self)
        box.setObjectName("unsavedChangesBox")
        box.setDefaultButton(buttons.Save)
        box.exec()
        chosen = box.standardButton(box.clickedButton())
        box.deleteLater()
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(chosen, "cancel")

    def close_for_signal(self) -> None:
        """Close at once on SIGTERM / SIGINT: nobody can be asked, so every autosave is kept."""
        self._closing_for_signal = True
        self.close()

    def read_settings(self) -> None:
        """Window size, dock layout and speed as the user left them."""
        if self.settings is None:
            return
        rect = self.settings.value("window/rect")
        if isinstance(rect, QRect) and rect.isValid():
            # a size saved on another (bigger) screen, or a window left off this one, is not restored:
            # the window keeps the size that fits this screen
            if layout.fits(rect, layout.available_geometry()):
                self.setGeometry(rect)
                self.restored_geometry = True
                self._maximise = self.settings.value("window/maximized", False, type=bool)
            else:
                self.layout_note = layout.restored_note()
        state = self.settings.value("window/state")
        if state is not None and self.restoreState(state):  # checked once laid out (showEvent)
            self.restored_layout = True
        self.controls.speedSpin.setValue(int(self.settings.value("training/speed", 1)))
        name = str(self.settings.value("view/theme", "light"))
        self.theme_name = name if name in theme.NAMES else "light"
        self.projector = self.settings.value("view/projector", False, type=bool)

    def write_settings(self) -> None:
        """Remember the window for the next launch."""
        if self.settings is None:
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/rect", self.normalGeometry())
        self.settings.setValue("window/maximized", self.isMaximized())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("training/speed", self.controls.speedSpin.value())
        self.settings.setValue("view/theme", self.theme_name)
        self.settings.setValue("view/projector", self.projector)
        self.settings.sync()
