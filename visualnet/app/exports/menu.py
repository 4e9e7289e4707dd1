"""File → Export: each export behind a file dialog, with a busy cursor or a progress dialog, its
problems said in plain words that name the user's file (`window.show_problem`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QMenu,
    QMessageBox,
    QWidget,
)

from visualnet import script_export
from visualnet.app import file_dialogs, i18n
from visualnet.app.exports import images, long_tasks, recording, weights
from visualnet.app.exports.target import ExportError, plain_problem, writable_target
from visualnet.app.optimizer_widgets import NumberSpin
from visualnet.pace import FRAMES_PER_SECOND, RATE_TOP

if TYPE_CHECKING:
    from visualnet.app.window import MainWindow

__all__ = ["ExportMenu", "ask_gif_settings", "export_menu"]

T = TypeVar("T")


def ask_gif_settings(parent: QWidget, steps: int = 5, title: str = "",
                     max_frames: int = recording.MAX_GIF_FRAMES) -> tuple[int, int, bool] | None:
    """Ask for (frames, iterations per frame, whole window?); None if cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title or QCoreApplication.translate("ExportMenu", "Record training as GIF"))
    frames_spin, steps_spin = NumberSpin(), NumberSpin()  # full-width digits read, refusals explained
    frames_spin.setRange(1, max_frames)
    frames_spin.setValue(100)
    frames_spin.setToolTip(QCoreApplication.translate(
        "ExportMenu", "One frame every few iterations; played at {fps} frames a second").format(
        fps=recording.GIF_FPS))
    steps_spin.setRange(1, 100_000)
    steps_spin.setValue(max(1, steps))
    whole = QCheckBox(QCoreApplication.translate("ExportMenu", "The whole window (else the data view)"))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout(dialog)
    form.addRow(QCoreApplication.translate("ExportMenu", "Frames"), frames_spin)
    form.addRow(QCoreApplication.translate("ExportMenu", "Iterations per frame"), steps_spin)
    form.addRow(whole)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return frames_spin.value(), steps_spin.value(), whole.isChecked()


def _ask_path(window: QWidget, title: str, name: str, kind: str, suffix: str,
              folder: str | None = None) -> str | None:
    """A save dialog for one export, in the folder that `folder` kind of file (by default: by the
    suffix) last went to; pictures and videos start in the Pictures folder, the rest in Documents."""
    settings = getattr(window, "settings", None)
    filters = QCoreApplication.translate("ExportMenu", "{kind} (*{suffix});;All files (*)").format(
        kind=kind, suffix=suffix)
    kind_folder = folder or file_dialogs.kind_of(name)
    path, _ = file_dialogs.ask_save(window, kind_folder, settings, title, name, filters)
    if not path:
        return None
    return path if Path(path).suffix else path + suffix


def _attempt(window: MainWindow, path: str, action: Callable[[], T]) -> tuple[bool, T | None]:
    """Check the target, run one export: (True, its result), or say what went wrong, naming the
    user's file in plain words, and return (False, None)."""
    try:
        writable_target(path)  # nothing is rendered, recorded or trained for a file that cannot be
        return True, action()
    except ExportError as err:
        window.show_problem(QCoreApplication.translate("ExportMenu", "Export failed"),
                            QCoreApplication.translate("ExportMenu", "{problem}.").format(
                                problem=i18n.error_text(err)))
    except (OSError, ValueError) as err:
        text = QCoreApplication.translate("ExportMenu", "Cannot write {path}: {problem}.")
        window.show_problem(QCoreApplication.translate("ExportMenu", "Export failed"),
                            text.format(path=path, problem=i18n.translated(plain_problem(err, path))))
    return False, None


@contextlib.contextmanager
def _busy(window: MainWindow, text: str) -> Iterator[None]:
    """Say what the app is doing in the status bar, with a busy cursor, while a short task runs."""
    window.statusBar().showMessage(text)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
        if window.statusBar().currentMessage() == text:
            window.statusBar().clearMessage()


def _export(window: MainWindow, title: str, name: str, kind: str, suffix: str,
            action: Callable[[str], object], folder: str | None = None) -> None:
    """Ask for a file and run `action(path)` on it; it returns False when the user cancelled it."""
    path = _ask_path(window, title, name, kind, suffix, folder)
    if not path:
        return
    with _busy(window, _writing(path)):
        ok, result = _attempt(window, path, lambda: action(path))
    if ok:
        window.statusBar().showMessage(
            QCoreApplication.translate("ExportMenu", "Export cancelled: no file written") if result is False
            else QCoreApplication.translate("ExportMenu", "Saved {path}").format(path=path), 6000)


def _writing(path: str) -> str:
    """What the status bar and the progress dialog say while `path` is written."""
    return QCoreApplication.translate("ExportMenu", "Writing {name}…").format(name=os.path.basename(path))


def _png_with_progress(window: MainWindow, view: images.Target, path: str, width: int) -> bool:
    """The PNG export behind a progress dialog: 20,000 points take seconds (False if cancelled)."""
    window.set_playing(False)  # the dialog lets events through: the plot must hold still meanwhile
    try:
        long_tasks.run_with_progress(
            window, _writing(path), QCoreApplication.translate("ExportMenu", "Export PNG"), 1,
            lambda progress, cancelled: images.export_view_png(view, path, width, progress, cancelled))
    except images.Cancelled:
        return False
    return True


def _svg_with_progress(window: MainWindow, view: images.Target, path: str) -> bool:
    """The SVG export behind a progress dialog: thousands of points take seconds (False if cancelled)."""
    window.set_playing(False)  # the dialog lets events through: the plot must hold still meanwhile
    return long_tasks.run_with_progress(
        window, _writing(path), QCoreApplication.translate("ExportMenu", "Export SVG"), 1,
        lambda progress, cancelled: images.export_view_svg(view, path, progress, cancelled))


def _offer_gif_instead(window: MainWindow, problem: str) -> bool:
    """Explain why MP4 is not possible here and ask whether to record a GIF; True for yes."""
    title = QCoreApplication.translate("ExportMenu", "MP4 needs ffmpeg")
    box = QMessageBox(QMessageBox.Icon.Information, title,
                      QCoreApplication.translate(
                          "ExportMenu", "An MP4 cannot be written here: {problem}.\n\nRecord an animated GIF "
                          "instead?").format(problem=i18n.translated(problem)),
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes


def _record(window: MainWindow, suffix: str = ".gif") -> None:
    """Ask how long to film and where, then film the training (MP4 without ffmpeg offers a GIF)."""
    if suffix == ".mp4":
        problem = recording.ffmpeg_problem()
        if problem:
            text = QCoreApplication.translate("ExportMenu", "MP4 export unavailable: {problem}")
            window.statusBar().showMessage(text.format(problem=i18n.translated(problem)), 8000)
            if not _offer_gif_instead(window, problem):
                return
            suffix = ".gif"
    video = suffix == ".mp4"
    title = (QCoreApplication.translate("ExportMenu", "Record training as MP4") if video
             else QCoreApplication.translate("ExportMenu", "Record training as GIF"))
    # a recording's frames each run so many iterations: the speed's share of a frame, as a start
    per_frame = max(1, round(min(window.controls.speedSpin.value(), RATE_TOP) / FRAMES_PER_SECOND))
    settings = ask_gif_settings(window, per_frame, title,
                                recording.MAX_MP4_FRAMES if video else recording.MAX_GIF_FRAMES)
    if settings is None:
        return
    frames, steps, whole = settings
    kind = (QCoreApplication.translate("ExportMenu", "MP4 video") if video
            else QCoreApplication.translate("ExportMenu", "Animated GIF"))
    path = _ask_path(window, title, "training" + suffix, kind, suffix)
    if not path:
        return
    widget = window if whole else window.dataset_view
    ok, n = _attempt(window, path,
                     lambda: recording.record_with_progress(window, path, frames, steps, widget))
    if ok:
        window.statusBar().showMessage(
            QCoreApplication.translate("ExportMenu", "Saved {n} frames to {path}").format(n=n, path=path) if n
            else QCoreApplication.translate("ExportMenu", "Recording cancelled: no file written"), 8000)


def _script(window: MainWindow) -> None:
    """Ask where, then write the run as a Python script that repeats it with visualnet.core."""
    session = window.session
    path = _ask_path(window, QCoreApplication.translate("ExportMenu", "Export as Python script"),
                     "visualnet_run.py", QCoreApplication.translate("ExportMenu", "Python scripts"), ".py")
    if not path:
        return
    doc = script_export.run_document(session, getattr(window.documents, "preset", None))
    steps = session.trainer.iteration
    if _attempt(window, path, lambda: script_export.export_script(doc, steps, path))[0]:
        window.statusBar().showMessage(QCoreApplication.translate(
            "ExportMenu", "Saved {path}: it repeats these {steps} iterations with visualnet.core").format(
            path=path, steps=steps), 8000)


class ExportMenu(QMenu):
    """File → Export: every export above, each asking for a file name; its texts follow the language."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("exportMenu")
        view = window.dataset_view
        entries: list[tuple[str, Callable[[], None]] | None] = [
            ("exportViewPng", lambda: _export(
                window, self.tr("Export the data view"), "data-view.png", self.tr("PNG images"), ".png",
                lambda p: _png_with_progress(window, view, p, max(1600, view.width())))),
            ("exportViewSvg", lambda: _export(
                window, self.tr("Export the data view"), "data-view.svg", self.tr("SVG drawings"), ".svg",
                lambda p: _svg_with_progress(window, view, p))),
            ("exportWindowPng", lambda: _export(
                window, self.tr("Export the window"), "visualnet.png", self.tr("PNG images"), ".png",
                lambda p: images.export_window_png(window, p))),
            None,
            ("exportWeightsNpz", lambda: _export(
                window, self.tr("Export the weights"), "weights.npz", self.tr("NumPy archives"), ".npz",
                lambda p: weights.export_weights_npz(window.session, p))),
            ("exportWeightsCsv", lambda: _export(
                window, self.tr("Export the weights"), "weights.csv", self.tr("CSV files"), ".csv",
                lambda p: weights.export_weights_csv(window.session, p), folder="weights")),
            None,
            ("exportGif", lambda: _record(window, ".gif")),
            ("exportMp4", lambda: _record(window, ".mp4")),
            ("exportScript", lambda: _script(window)),
        ]
        for entry in entries:
            if entry is None:
                self.addSeparator()
                continue
            name, slot = entry
            action = self.addAction("")
            action.setObjectName(name)
            action.triggered.connect(slot)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Set the menu's title and its entries' texts in the language spoken."""
        self.setTitle(self.tr("&Export"))
        texts = {
            "exportViewPng": self.tr("Data view as PNG…"),
            "exportViewSvg": self.tr("Data view as SVG…"),
            "exportWindowPng": self.tr("Window as PNG…"),
            "exportWeightsNpz": self.tr("Weights as NumPy .npz…"),
            "exportWeightsCsv": self.tr("Weights as CSV…"),
            "exportGif": self.tr("Training as animated GIF…"),
            "exportMp4": self.tr("Training as MP4 video…"),
            "exportScript": self.tr("Python script…"),
        }
        for action in self.actions():
            if action.objectName() in texts:
                action.setText(texts[action.objectName()])


def export_menu(window: MainWindow) -> QMenu:
    """File → Export: every export above, each asking for a file name (for the window's File menu)."""
    return ExportMenu(window)
