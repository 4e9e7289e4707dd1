"""Exports: a view as PNG or SVG, the window as PNG, the weights as NPZ or CSV, training as an animated GIF.

Every file is written whole or not at all (through `files.atomic_write_*`). `export_menu(window)` is
the File → Export menu that offers them all, each behind a file dialog.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # makes pg.exporters available
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGraphicsItem,
    QGraphicsScene,
    QMenu,
    QProgressDialog,
    QSpinBox,
    QWidget,
)

from visualnet import files, script_export

__all__ = [
    "GIF_FPS",
    "MAX_GIF_FRAMES",
    "MAX_GIF_WIDTH",
    "ask_gif_settings",
    "export_menu",
    "export_view_png",
    "export_view_svg",
    "export_weights_csv",
    "export_weights_npz",
    "export_window_png",
    "read_weights_csv",
    "record_gif",
    "record_with_progress",
]

GIF_FPS = 20
MAX_GIF_FRAMES = 500  # frames are held until the GIF is written: at most 500 × 800 × 600 bytes
MAX_GIF_WIDTH = 800  # wider grabs are scaled down: a GIF is for sharing, not for print
MAX_EXPORT_WIDTH = 16384
WEIGHTS_CSV_HEADER = ("key", "row", "col", "value")

Target = QWidget | QGraphicsItem | QGraphicsScene


# ------------------------------------------------------------------------------------------ images


def _graphics(target: Target) -> QGraphicsItem | QGraphicsScene:
    """What pyqtgraph's exporters take: a PlotItem (or any item), or the scene of a view as shown."""
    if isinstance(target, QGraphicsItem | QGraphicsScene):
        return target
    view = getattr(target, "plot", target)  # our views keep their PlotWidget in `.plot`
    if isinstance(view, pg.GraphicsView):
        return view.scene()
    raise TypeError(f"cannot export {type(target).__name__}: give a plot widget, a PlotItem or a scene")


def _image_bytes(image: QImage | QPixmap, fmt: str = "PNG") -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):
        raise OSError(f"Qt could not encode the image as {fmt}")
    return bytes(data.data())


def export_view_png(target: Target, path: files.PathLike, width: int | None = None) -> tuple[int, int]:
    """Render a plot (a view, PlotWidget, PlotItem or scene) to a PNG, `width` pixels wide; returns (w, h)."""
    exporter = pg.exporters.ImageExporter(_graphics(target))
    if width is not None:
        if not 1 <= int(width) <= MAX_EXPORT_WIDTH:
            raise ValueError(f"width must be 1 to {MAX_EXPORT_WIDTH} pixels, not {width}")
        exporter.parameters()["width"] = int(width)  # the height follows the aspect ratio
    image = exporter.export(toBytes=True)
    files.atomic_write_bytes(path, _image_bytes(image))
    return image.width(), image.height()


def _closed_as_lines(d: str) -> str:
    """SVG path data with each closepath 'Z' written as a line back to its subpath's start."""
    out, start = [], "0,0"
    for token in d.split():
        closes = token[-1] in "Zz"
        token = token.rstrip("Zz")
        if token:
            if token[0] in "Mm":
                start = token[1:]
            out.append(token)
        if closes:
            out.append(f"L{start}")
    return " ".join(out)


@contextlib.contextmanager
def _svg_closed_paths() -> Iterator[None]:
    """Let pyqtgraph's SVG exporter read the closed paths that Qt 6 writes ('... L0,0 Z').

    pyqtgraph <= 0.14.0 parses path data as 'x,y' pairs only and fails on every ViewBox's background
    rectangle (pyqtgraph issue #3495). Its exporter keeps what Qt's plain SVG lacks (each plot clipped
    to its box), so rewrite 'Z' for it rather than lose that.
    """
    module = sys.modules[pg.exporters.SVGExporter.__module__]
    original = module.correctCoordinates

    def correct(node, defs, item, options):
        for path in node.getElementsByTagName("path"):
            path.setAttribute("d", _closed_as_lines(path.getAttribute("d")))
        return original(node, defs, item, options)

    module.correctCoordinates = correct
    try:
        yield
    finally:
        module.correctCoordinates = original


def export_view_svg(target: Target, path: files.PathLike) -> None:
    """Render a plot (a view, PlotWidget, PlotItem or scene) to an SVG file."""
    with _svg_closed_paths():
        svg = pg.exporters.SVGExporter(_graphics(target)).export(toBytes=True)
    files.atomic_write_bytes(path, svg)


def export_window_png(widget: QWidget, path: files.PathLike) -> tuple[int, int]:
    """The widget (the whole window, say) as it is on screen, to a PNG; returns (w, h) in pixels."""
    pixmap = widget.grab()
    files.atomic_write_bytes(path, _image_bytes(pixmap))
    return pixmap.width(), pixmap.height()


# ----------------------------------------------------------------------------------------- weights


def export_weights_npz(session: Any, path: files.PathLike) -> None:
    """The parameters (W1, b1, ... or w, b) as float64 arrays plus 'config', the settings as JSON text."""
    params = session.model.params
    if "config" in params:
        raise ValueError("a parameter named 'config' would clash with the settings entry")
    buffer = io.BytesIO()
    config = json.dumps(files.config_to_dict(session.config))
    np.savez(buffer, **{k: np.asarray(v, dtype=np.float64) for k, v in params.items()},
             config=np.array(config))
    files.atomic_write_bytes(path, buffer.getvalue())


def export_weights_csv(session: Any, folder_or_path: files.PathLike) -> Path:
    """All parameters in one long CSV, `key,row,col,value`; a folder gets weights.csv. Returns the path.

    One file in long form opens in any spreadsheet and pivots in pandas. A 1-D parameter (a bias,
    the perceptron's w) is one row, row 0, as `b` is added to each row of XW. Values are repr-exact.
    """
    path = Path(os.fsdecode(folder_or_path))
    if path.is_dir():
        path = path / "weights.csv"
    lines = [",".join(WEIGHTS_CSV_HEADER)]
    for key, value in session.model.params.items():
        matrix = np.atleast_2d(np.asarray(value, dtype=np.float64))
        lines += [f"{key},{r},{c},{float(v)!r}" for (r, c), v in np.ndenumerate(matrix)]
    files.atomic_write_text(path, "\n".join(lines) + "\n")
    return path


def read_weights_csv(path: files.PathLike,
                     like: Mapping[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Read `export_weights_csv`'s file: 2-D arrays, or the shapes of `like` (a model's params) if given."""
    cells: dict[str, dict[tuple[int, int], float]] = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        if tuple(next(reader, ())) != WEIGHTS_CSV_HEADER:
            raise ValueError(f"{os.fsdecode(path)}: the header must be {','.join(WEIGHTS_CSV_HEADER)}")
        for key, row, col, value in reader:
            cells.setdefault(key, {})[int(row), int(col)] = float(value)
    out = {}
    for key, entries in cells.items():
        rows, cols = (max(i for i, _ in entries) + 1), (max(j for _, j in entries) + 1)
        matrix = np.full((rows, cols), np.nan)
        for (i, j), v in entries.items():
            matrix[i, j] = v
        out[key] = matrix if like is None else matrix.reshape(np.shape(like[key]))
    return out


# -------------------------------------------------------------------------------------------- GIF


def _frame(widget: QWidget, caption: str, size: tuple[int, int] | None) -> np.ndarray:
    """Grab `widget`, scale it (to `size`, or to at most MAX_GIF_WIDTH), caption it: (h, w, 3) uint8."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    if size is not None and (image.width(), image.height()) != size:
        image = image.scaled(*size, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    elif size is None and image.width() > MAX_GIF_WIDTH:
        image = image.scaledToWidth(MAX_GIF_WIDTH, Qt.TransformationMode.SmoothTransformation)
    painter = QPainter(image)
    metrics = painter.fontMetrics()
    box = QRect(0, 0, metrics.horizontalAdvance(caption) + 12, metrics.height() + 6)
    box.moveBottomLeft(image.rect().bottomLeft())
    painter.fillRect(box, QColor(255, 255, 255, 210))
    painter.setPen(QColor(30, 30, 30))
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, caption)
    painter.end()
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), np.uint8, count=h * stride).reshape(h, stride)
    return rows[:, : 3 * w].reshape(h, w, 3).copy()


def _caption(session: Any) -> str:
    loss = session.history.train_loss[-1] if len(session.history) else np.nan
    text = f"iteration {session.trainer.iteration}"
    return text + (f" · training loss {loss:.4g}" if np.isfinite(loss) else "")


def record_gif(window: Any, path: files.PathLike, frames: int, steps_per_frame: int,
               progress: Callable[[int, int], object] | None = None,
               cancelled: Callable[[], bool] | None = None, widget: QWidget | None = None,
               fps: float = GIF_FPS) -> int:
    """Train and film: `frames` times run `steps_per_frame` iterations and grab `widget` (default: the
    data view), captioned with the iteration and loss, into an animated GIF that loops.

    Calls progress(i, frames) after frame i and checks cancelled() before each frame. Returns the frames
    written: fewer when cancelled or when training stops (diverged); a GIF of the frames so far is
    still written, and with 0 frames no file is. Training is paused first; the run stays trained.
    """
    import imageio.v3 as iio  # here, not at the top: it costs the app's start 60 ms

    if not 1 <= frames <= MAX_GIF_FRAMES:
        raise ValueError(f"frames must be 1 to {MAX_GIF_FRAMES}, not {frames}")
    if steps_per_frame < 1:
        raise ValueError(f"steps per frame must be at least 1, not {steps_per_frame}")
    session = window.session
    problem = session.training_problem()
    if problem:
        raise ValueError(f"cannot train: {problem}")
    window.set_playing(False)
    widget = widget or window.dataset_view
    done, size = 0, None
    with tempfile.TemporaryDirectory(prefix="visualnet-gif-") as folder:
        tmp = os.path.join(folder, "recording.gif")
        # each frame is quantized to 256 colours as it is added, so a frame costs one byte a pixel
        with iio.imopen(tmp, "w", extension=".gif", plugin="pillow") as gif:
            for _ in range(frames):
                if cancelled is not None and cancelled():
                    break
                report = session.step(steps_per_frame)  # the views refresh through the bridge
                if report is None or report.iterations_done == 0:
                    break
                pixels = _frame(widget, _caption(session), size)
                size = (pixels.shape[1], pixels.shape[0])
                # Pillow merges identical consecutive frames: the caption's iteration keeps them apart
                gif.write(pixels, is_batch=False, bits=8, duration=1000 / fps, loop=0)
                done += 1
                if progress is not None:
                    progress(done, frames)
                if report.diverged:
                    break
        if done:
            files.atomic_write_bytes(path, Path(tmp).read_bytes())
    return done


def record_with_progress(window: QWidget, path: files.PathLike, frames: int, steps_per_frame: int,
                         widget: QWidget | None = None, dialog: QProgressDialog | None = None) -> int:
    """`record_gif` behind a window-modal progress dialog whose Cancel stops it; returns the frames."""
    owned = dialog is None
    if dialog is None:
        dialog = QProgressDialog("Recording the training as a GIF…", "Cancel", 0, frames, window)
        dialog.setWindowTitle("Export GIF")
    dialog.setRange(0, frames)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setValue(0)
    try:
        # a window-modal dialog's setValue processes events: that is when a Cancel click lands
        return record_gif(window, path, frames, steps_per_frame, progress=lambda i, _n: dialog.setValue(i),
                          cancelled=dialog.wasCanceled, widget=widget)
    finally:
        dialog.close()
        if owned:
            dialog.deleteLater()


# ------------------------------------------------------------------------------ the Export menu


def ask_gif_settings(parent: QWidget, steps: int = 5) -> tuple[int, int, bool] | None:
    """Ask for (frames, iterations per frame, whole window?); None if cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle("Record training as GIF")
    frames_spin, steps_spin = QSpinBox(), QSpinBox()
    frames_spin.setRange(1, MAX_GIF_FRAMES)
    frames_spin.setValue(100)
    steps_spin.setRange(1, 100_000)
    steps_spin.setValue(max(1, steps))
    whole = QCheckBox("The whole window (else the data view)")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    form = QFormLayout(dialog)
    form.addRow("Frames", frames_spin)
    form.addRow("Iterations per frame", steps_spin)
    form.addRow(whole)
    form.addRow(buttons)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return frames_spin.value(), steps_spin.value(), whole.isChecked()


def _ask_path(window: QWidget, title: str, name: str, kind: str, suffix: str) -> str | None:
    path, _ = QFileDialog.getSaveFileName(window, title, name, f"{kind} (*{suffix});;All files (*)")
    if not path:
        return None
    return path if Path(path).suffix else path + suffix


def _attempt(window: Any, path: str, action: Callable[[], Any]) -> tuple[bool, Any]:
    """Run one export: (True, its result), or show what went wrong and return (False, None)."""
    try:
        return True, action()
    except (OSError, ValueError) as err:
        window.show_problem("Export failed", f"{os.path.basename(path)}: {err}")
        return False, None


def _export(window: Any, title: str, name: str, kind: str, suffix: str,
            action: Callable[[str], object]) -> None:
    path = _ask_path(window, title, name, kind, suffix)
    if path and _attempt(window, path, lambda: action(path))[0]:
        window.statusBar().showMessage(f"Saved {path}", 6000)


def _record(window: Any) -> None:
    settings = ask_gif_settings(window, window.controls.speedSpin.value())
    if settings is None:
        return
    frames, steps, whole = settings
    path = _ask_path(window, "Record training as GIF", "training.gif", "Animated GIF", ".gif")
    if not path:
        return
    widget = window if whole else window.dataset_view
    ok, n = _attempt(window, path, lambda: record_with_progress(window, path, frames, steps, widget))
    if ok:
        window.statusBar().showMessage(
            f"Saved {n} frames to {path}" if n else "Recording cancelled: no file written", 8000)


def _script(window: Any) -> None:
    session = window.session
    path = _ask_path(window, "Export as Python script", "visualnet_run.py", "Python scripts", ".py")
    if not path:
        return
    doc = script_export.run_document(session, getattr(window.documents, "preset", None))
    steps = session.trainer.iteration
    if _attempt(window, path, lambda: script_export.export_script(doc, steps, path))[0]:
        window.statusBar().showMessage(
            f"Saved {path}: it repeats these {steps} iterations with visualnet.core", 8000)


def export_menu(window: Any) -> QMenu:
    """File → Export: every export above, each asking for a file name (for the window's File menu)."""
    menu = QMenu("&Export", window)
    menu.setObjectName("exportMenu")
    view = window.dataset_view
    entries: list[tuple[str, str, Callable[[], None]] | None] = [
        ("exportViewPng", "Data view as PNG…", lambda: _export(
            window, "Export the data view", "data-view.png", "PNG images", ".png",
            lambda p: export_view_png(view, p, width=max(1600, view.width())))),
        ("exportViewSvg", "Data view as SVG…", lambda: _export(
            window, "Export the data view", "data-view.svg", "SVG drawings", ".svg",
            lambda p: export_view_svg(view, p))),
        ("exportWindowPng", "Window as PNG…", lambda: _export(
            window, "Export the window", "visualnet.png", "PNG images", ".png",
            lambda p: export_window_png(window, p))),
        None,
        ("exportWeightsNpz", "Weights as NumPy .npz…", lambda: _export(
            window, "Export the weights", "weights.npz", "NumPy archives", ".npz",
            lambda p: export_weights_npz(window.session, p))),
        ("exportWeightsCsv", "Weights as CSV…", lambda: _export(
            window, "Export the weights", "weights.csv", "CSV files", ".csv",
            lambda p: export_weights_csv(window.session, p))),
        None,
        ("exportGif", "Training as animated GIF…", lambda: _record(window)),
        ("exportScript", "Python script…", lambda: _script(window)),
    ]
    for entry in entries:
        if entry is None:
            menu.addSeparator()
            continue
        name, text, slot = entry
        action = menu.addAction(text)
        action.setObjectName(name)
        action.triggered.connect(slot)
    return menu
