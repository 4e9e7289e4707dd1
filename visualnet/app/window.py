"""The main window: the data view in the middle, the other views in docks, controls, menus, status.

MainWindow is put together from mixins of one job each: its actions and menus (menus.py), the docks
and their arrangement (dock_layout.py), the training clock (training_clock.py), the edits of data and
settings (data_edits.py), the file commands (file_commands.py) and the status bar (status_bar.py).
Every view follows the session's signals itself (views/live.py); the window never redraws them on an
event, only on request (`refresh_views`: a snapshot, an export).
"""

from __future__ import annotations

import site
import sys
from pathlib import Path
from typing import cast

from PySide6.QtCore import QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QIcon, QResizeEvent, QShowEvent, QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QWidget

from visualnet.app import i18n, layout, palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.controls import ControlPanel
from visualnet.app.data_edits import DataEditsMixin
from visualnet.app.dock_layout import DockLayoutMixin
from visualnet.app.documents import DocumentController
from visualnet.app.file_commands import FileCommandsMixin
from visualnet.app.menus import SHORTCUTS_HELP, MenusMixin
from visualnet.app.plotting import ThrottledText
from visualnet.app.recovery import RecoveryDialog
from visualnet.app.status_bar import StatusBarMixin, StatusLabel
from visualnet.app.timeline_edits import TimelineMixin
from visualnet.app.training_clock import FRAME_MS, TrainingClockMixin
from visualnet.app.views.activation_view import ActivationView
from visualnet.app.views.dataset_view import DatasetView
from visualnet.app.views.live import LiveView, on_screen
from visualnet.app.views.loss_curve_view import LossCurveView
from visualnet.app.views.loss_surface_view import LossSurfaceView
from visualnet.app.views.perceptron_handles import install as install_perceptron_handles
from visualnet.app.views.weights_view import WeightsView
from visualnet.app.weight_edits import WeightEditsMixin
from visualnet.app.welcome import WelcomePanel
from visualnet.pace import DEFAULT_RATE, Pace, rate_of_speed
from visualnet.session import Session

__all__ = ["FRAME_MS", "SHORTCUTS_HELP", "MainWindow", "StatusLabel", "app_icon"]

ASSETS = Path(__file__).resolve().parents[2] / "assets"


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


class MainWindow(MenusMixin, DockLayoutMixin, TrainingClockMixin, TimelineMixin, WeightEditsMixin,
                 DataEditsMixin, FileCommandsMixin, StatusBarMixin, QMainWindow):
    """The simulator: one session, five live views, one training clock."""

    def __init__(self, session: Session | None = None, settings: QSettings | None = None,
                 data_dir: str | None = None) -> None:
        """`data_dir` turns on autosave and recovery there (the app passes the user's data folder)."""
        super().__init__()
        palette.configure_pyqtgraph()
        self.setWindowIcon(app_icon())
        self.session = session or Session()
        self.session.record_each_call_once()  # a call a frame: the loss history samples what frames draw
        self.settings = settings
        self.bridge = SessionBridge(self.session, self)
        self.undo_stack = QUndoStack(self)
        self.preset_name = "XOR clouds"
        self.documents = DocumentController(self.session, settings, data_dir, self)
        self.last_problem = ""
        self.recovery_dialog: RecoveryDialog | None = None
        self._closing_for_signal = False  # SIGTERM / SIGINT: close without asking, keep every autosave
        self.pace = Pace()  # how many iterations each frame of the training clock runs
        self._iterations_per_second = 0.0
        self._divergence_note = ""

        self.dataset_view = DatasetView(self.session, self.bridge)
        self.documents.view_options = self.dataset_view.toggles.options  # saved with the session
        self.setCentralWidget(self.dataset_view)
        # the perceptron's line and w, dragged by their handles (weight_edits.py makes the edits)
        self.perceptron_handles = install_perceptron_handles(self.dataset_view, self.session, self.bridge)
        self.controls = ControlPanel(self.session, self.bridge)
        self.welcome = WelcomePanel(settings)
        self.activation_view = ActivationView(self.session, self.bridge)
        self.weights_view = WeightsView(self.session, self.bridge)
        self.loss_surface_view = LossSurfaceView(self.session, self.bridge)
        self.loss_curve_view = LossCurveView(self.session, self.bridge)
        self.docks: dict[str, QDockWidget] = {}
        self._create_docks()

        self.clock = QTimer(self)  # the training clock (training_clock.py)
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
        self._check_language_action()
        i18n.follow_language(self, self.retranslate)
        self.retranslate()
        self.refresh_views()

    # ---------------------------------------------------------------- construction

    def _connect(self) -> None:
        dv, cp, b = self.dataset_view, self.controls, self.bridge
        dv.addRequested.connect(self.add_point)
        dv.removeRequested.connect(self.remove_point)
        dv.moveRequested.connect(self.move_point)
        dv.movePointsRequested.connect(self.move_points)
        dv.inspectRequested.connect(self.show_inspector)  # Alt+click / Alt+hover: that point's forward pass
        self.connect_data_tools()  # the brushes' strokes (one undo step each)
        cp.presetRequested.connect(self.load_preset)
        cp.taskRequested.connect(self._on_task_requested)
        cp.settingChanged.connect(self.apply_setting)
        cp.classChosen.connect(self.choose_class)
        cp.plan.scheduleChosen.connect(self.session.set_schedule)
        cp.plan.stopChosen.connect(self.session.set_stop_rule)
        self.welcome.lessonChosen.connect(self.start_lesson)
        b.modelReset.connect(lambda: theme.style_plots(self, self.theme, self.projector))  # new items
        b.diverged.connect(self._on_diverged)
        b.stopped.connect(self._on_stopped)  # a stop condition met: pause and say which
        self.documents.message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.documents.problem.connect(self.show_problem)
        self.documents.fileChanged.connect(self._on_file_changed)
        self.documents.autosaveFailed.connect(self._on_autosave_failed)
        # Enter in a field hands the keys back to the data view: Space plays instead of blanking it
        cp.editingDone.connect(lambda: dv.plot.setFocus(Qt.FocusReason.OtherFocusReason))
        cp.inputRefused.connect(lambda text: self.statusBar().showMessage(text, 8000))
        b.dataChanged.connect(self._enable_class_actions)
        self._connect_timeline()
        self._connect_weight_edits()
        self._enable_class_actions()
        self.choose_class(0)
        self.controls.show_preset(self.preset_name, len(self.session.dataset), 0.2)

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

    def set_language(self, choice: str) -> None:
        """Speak `choice` ("system", "en" or "zh_CN") from now on: the running window retranslates."""
        language = i18n.language()
        language.apply(choice)
        if self.settings is not None:
            self.settings.setValue("view/language", choice)
        self._check_language_action()
        self.set_theme()  # the plots' fonts follow the application's (the Chinese family added)
        if language.missing_font:
            self.statusBar().showMessage(i18n.missing_font_note(), 30000)

    def _check_language_action(self) -> None:
        choice = i18n.language().choice
        for action in self.languageActions.actions():
            action.setChecked(action.data() == choice)

    def retranslate(self) -> None:
        """Every text the window itself sets, in the language now spoken (views retranslate themselves)."""
        self._on_file_changed(self.documents.current_path or "")  # the title, with the file's name
        self._retranslate_actions()
        self._retranslate_menus()
        self._retranslate_docks()
        self._retranslate_status()

    # ---------------------------------------------------------------- Qt events

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Past a size where the arrangement no longer fits (or fits again), arrange anew."""
        super().resizeEvent(event)
        self._fit_arrangement()

    def showEvent(self, event: QShowEvent) -> None:
        """The first time on screen: arrange the docks for the window's size, or check the restored
        layout once it is laid out."""
        super().showEvent(event)
        if self._shown_before:
            return
        self._shown_before = True
        if self.layout_note:  # the saved size did not fit this screen
            self.statusBar().showMessage(self.layout_note, 15000)
        if i18n.language().missing_font:  # Chinese chosen, no font to draw it: say how to get one
            self.statusBar().showMessage(i18n.missing_font_note(), 30000)
        if self.restored_layout:
            # once the plots inside the docks have their sizes too (their layouts are posted)
            QTimer.singleShot(300, self, self.check_restored_layout)
        elif not self.arrangement:
            self.arrange()

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

    def close_for_signal(self) -> None:
        """Close at once on SIGTERM / SIGINT: nobody can be asked, so every autosave is kept."""
        self._closing_for_signal = True
        self.close()

    # ---------------------------------------------------------------- drawing on request

    def views(self) -> dict[str, QWidget]:
        """The five live views by their dock's key in `docks` ("Data" for the central one)."""
        return {"Data": self.dataset_view, "Loss curve": self.loss_curve_view,
                "Loss surface": self.loss_surface_view, "Activations": self.activation_view,
                "Weights": self.weights_view}

    def visible_views(self) -> list[QWidget]:
        """The views that are on screen (or all of them, for a window never shown: a snapshot)."""
        return [view for view in self.views().values() if on_screen(view)]

    def refresh_views(self) -> None:
        """Draw every on-screen view and the status bar now (a snapshot or an export asks; events
        reach the views without the window)."""
        for view in self.visible_views():
            cast(LiveView, view).refresh()  # each view is a LiveView
        self._update_status()

    def settle(self) -> None:
        """Show every throttled readout's newest text now: a snapshot or a video frame must show
        the numbers of the state it pictures, not those of up to 0.1 s before."""
        for pending in self.findChildren(ThrottledText):
            pending.flush()
        inspector = self.docks.get("Forward inspector")
        if inspector is not None:
            inspector.widget().flush()  # type: ignore[attr-defined]  # a ForwardInspector
        self.weights_view.show_titles()
        self.loss_surface_view.jobs.wait()  # a surface under way on the worker is shown (with its age)

    # ---------------------------------------------------------------- settings

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
                self._maximise = cast(bool, self.settings.value("window/maximized", False, type=bool))
            else:
                self.layout_note = layout.restored_note()
        state = self.settings.value("window/state")
        if state is not None and self.restoreState(state):  # checked once laid out (showEvent)
            self.restored_layout = True
        self.controls.speedSpin.setValue(self._saved_rate(self.settings))
        name = str(self.settings.value("view/theme", "light"))
        self.theme_name = name if name in theme.NAMES else "light"
        self.projector = cast(bool, self.settings.value("view/projector", False, type=bool))
        self.dataset_view.toggles.restore(self.settings)  # test points shown, field discretized

    @staticmethod
    def _saved_rate(settings: QSettings) -> int:
        """The speed saved, in iterations per second (an older app saved iterations per frame)."""
        try:
            if settings.contains("training/rate"):
                return int(cast("int | str", settings.value("training/rate")))
            if settings.contains("training/speed"):
                return rate_of_speed(int(cast("int | str", settings.value("training/speed"))))
        except (TypeError, ValueError):  # a hand-edited settings file: the default
            pass
        return DEFAULT_RATE

    def write_settings(self) -> None:
        """Remember the window for the next launch."""
        if self.settings is None:
            return
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/rect", self.normalGeometry())
        self.settings.setValue("window/maximized", self.isMaximized())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("training/rate", self.controls.speedSpin.value())
        self.settings.setValue("view/theme", self.theme_name)
        self.settings.setValue("view/projector", self.projector)
        self.dataset_view.toggles.save(self.settings)
        self.settings.sync()
