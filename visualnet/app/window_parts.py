"""What MainWindow's mixins may use of the window they are mixed into, for the type checker only.

The mixins (menus.py, dock_layout.py, training_clock.py, data_edits.py, file_commands.py,
status_bar.py) subclass `WindowParts`. For mypy it is a QMainWindow declaring the attributes
`MainWindow.__init__` makes and the methods one mixin calls on another; at run time it is `object`,
so nothing changes in MainWindow's classes or their order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["WindowParts"]

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtGui import QAction, QActionGroup, QUndoStack
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QPushButton, QWidget

    from visualnet.app.bridge import SessionBridge
    from visualnet.app.controls import ControlPanel
    from visualnet.app.documents import DocumentController
    from visualnet.app.recovery import RecoveryDialog
    from visualnet.app.theme import Theme
    from visualnet.app.views.activation_view import ActivationView
    from visualnet.app.views.dataset_view import DatasetView
    from visualnet.app.views.loss_curve_view import LossCurveView
    from visualnet.app.views.loss_surface_view import LossSurfaceView
    from visualnet.app.views.weights_view import WeightsView
    from visualnet.app.welcome import WelcomePanel
    from visualnet.pace import Pace
    from visualnet.session import Session

    class WindowParts(QMainWindow):
        """MainWindow as its mixins see it."""

        # made by MainWindow.__init__
        session: Session
        settings: QSettings | None
        bridge: SessionBridge
        undo_stack: QUndoStack
        documents: DocumentController
        preset_name: str
        last_problem: str
        recovery_dialog: RecoveryDialog | None
        dataset_view: DatasetView
        controls: ControlPanel
        welcome: WelcomePanel
        activation_view: ActivationView
        weights_view: WeightsView
        loss_surface_view: LossSurfaceView
        loss_curve_view: LossCurveView
        clock: QTimer  # the training clock: ticks every FRAME_MS while playing
        pace: Pace
        _iterations_per_second: float
        # the layout's state (dock_layout.py): docks made by _create_docks
        docks: dict[str, QDockWidget]
        arrangement: str  # layout.WIDE or layout.COMPACT once arranged, "" before
        restored_geometry: bool
        restored_layout: bool
        _maximise: bool
        _lessons_first: bool
        layout_note: str
        # the look, by MainWindow.set_theme
        _divergence_note: str  # the status bar's "Training paused" while it is shown
        theme_name: str
        theme: Theme
        projector: bool
        # made by MenusMixin and StatusBarMixin
        actionPlay: QAction
        classActions: QActionGroup
        recent_menu: QMenu
        autosave_warning: QPushButton

        # what one part calls on another
        def set_theme(self, name: str | None = None, projector: bool | None = None) -> None: ...
        def set_language(self, choice: str) -> None: ...
        def views(self) -> dict[str, QWidget]: ...
        def toggle_play(self) -> None: ...
        def set_playing(self, playing: bool) -> None: ...
        def _label_play(self) -> None: ...
        def _update_status(self) -> None: ...
        def step_once(self) -> None: ...
        def reset_weights(self) -> None: ...
        def choose_class(self, label: int) -> None: ...
        def delete_hovered(self) -> None: ...
        def clear_points(self) -> None: ...
        def open_dialog(self) -> None: ...
        def open_lesson_file(self, path: str | Path) -> bool: ...
        def save_as_dialog(self) -> None: ...
        def _fill_recent_menu(self) -> None: ...
        def show_problem(self, title: str, text: str) -> None: ...
        def show_playground(self) -> None: ...
        def show_race(self) -> None: ...
        def show_inspector(self, x: float | None = None, y: float | None = None, index: int = -1) -> None: ...
        def show_gradient_check(self) -> None: ...
        def show_neuron_maps(self) -> None: ...
        def show_confusion_matrix(self) -> None: ...
        def show_hidden_space(self) -> None: ...
        def show_init_histograms(self) -> None: ...
        def reset_layout(self) -> None: ...
        def show_lessons(self) -> None: ...
else:
    WindowParts = object
