"""Exports: a view as PNG or SVG, the window as PNG, the weights as NPZ or CSV, training as a GIF or MP4.

Every file is written whole or not at all (through `files.atomic_write_*`, or for a recording a
hidden scratch file beside the target, renamed into place: never the system's temporary folder, which
may be small, and removed after a failure or a Cancel). Before any work the target's folder is
checked (`writable_target`): an export that cannot be written fails at once, before it renders,
records or trains anything. Every problem is an `ExportError` in plain words that names the user's
file, never a scratch file. `export_menu(window)` is the File → Export menu that offers them all,
each behind a file dialog.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import csv
import errno
import io
import json
import os
import secrets
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # makes pg.exporters available
from PySide6.QtCore import QBuffer, QByteArray, QEventLoop, QIODevice, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGraphicsItem,
    QGraphicsScene,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from visualnet import files, script_export
from visualnet.app import file_dialogs
from visualnet.app.optimizer_widgets import NumberSpin

__all__ = [
    "GIF_FPS",
    "MAX_GIF_FRAMES",
    "MAX_GIF_WIDTH",
    "MAX_MP4_FRAMES",
    "Cancelled",
    "ExportError",
    "ask_gif_settings",
    "export_menu",
    "export_view_png",
    "export_view_svg",
    "export_weights_csv",
    "export_weights_npz",
    "export_window_png",
    "ffmpeg_problem",
    "read_weights_csv",
    "record",
    "record_gif",
    "record_mp4",
    "record_with_progress",
    "run_in_background",
    "run_with_progress",
    "writable_target",
]

GIF_FPS = 20
MAX_GIF_FRAMES = 500  # frames are held until the GIF is written: at most 500 × 800 × 600 bytes
MAX_GIF_WIDTH = 800  # wider grabs are scaled down: a GIF is for sharing, not for print
MAX_MP4_FRAMES = 6000  # frames stream to ffmpeg, none is held: five minutes at 20 fps
MAX_MP4_WIDTH = 1920  # a video is for slides: full-HD wide at most
MP4_QUALITY = 7  # imageio-ffmpeg's 0..10 scale; 7 keeps the thin boundary lines and the text sharp
SVG_TICK_PATHS = 50  # an SVG export reports progress and checks Cancel every this many paths
PNG_TICK_SPOTS = 500  # a PNG export, every this many scatter spots (~40 ms of drawing at 80 µs a spot)
MIN_PROGRESS_MS = 500  # work shorter than this shows no dialog (the status bar still says it)
MAX_EXPORT_WIDTH = 16384
WEIGHTS_CSV_HEADER = ("key", "row", "col", "value")

Target = QWidget | QGraphicsItem | QGraphicsScene


# ------------------------------------------------------------------------------- where files go


class ExportError(OSError):
    """An export that cannot write its file, said in plain words that name the user's file."""


def writable_target(path: files.PathLike) -> str:
    """`path` (absolute) if a file can be written there now, else ExportError saying why.

    Checked before an export renders, records or trains anything: a missing folder, a file where
    the folder should be, a folder or read-only file at the path, a folder the user may not write in.
    """
    path = os.path.abspath(os.fsdecode(path))
    target = os.path.realpath(path)  # a link is written through to its target (files.atomic_write_bytes)
    folder = os.path.dirname(target)
    if os.path.isdir(target):
        raise ExportError(f"Cannot write {path}: it is a folder")
    if not os.path.isdir(folder):
        above = folder
        while above != os.path.dirname(above) and not os.path.lexists(above):
            above = os.path.dirname(above)
        if os.path.lexists(above) and not os.path.isdir(above):
            raise ExportError(f"Cannot write {path}: {above} is a file, not a folder")
        raise ExportError(f"Cannot write {path}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"Cannot write {path}: you may not write in the folder {folder}")
    if files.is_read_only(target):  # the same rule as Save: a file made read-only is kept
        raise ExportError(f"Cannot write {path}: the file is read-only")
    return path


_PROBLEMS = {  # what an errno means to someone saving a file (by name: not every system has each)
    getattr(errno, name): text for name, text in (
        ("ENOENT", "its folder does not exist"),
        ("ENOTDIR", "a file is in the way of its folder"),
        ("EISDIR", "it is a folder"),
        ("EACCES", "permission denied"),
        ("EPERM", "permission denied"),
        ("EROFS", "the disk is read-only"),
        ("ENOSPC", "the disk is full"),
        ("EDQUOT", "the disk quota is used up"),
        ("EFBIG", "the file is too large for the disk"),
    ) if hasattr(errno, name)
}


def _problem(err: OSError | ValueError, path: str, scratch: tuple[str, ...] = ()) -> str:
    """What went wrong, in plain words: by errno where there is one (its file name is ours, perhaps a
    hidden scratch file, so it is never shown), else the message with any scratch name as `path`."""
    number = getattr(err, "errno", None)
    if number in _PROBLEMS:
        return _PROBLEMS[number]
    text = getattr(err, "strerror", None) if number is not None else None
    text = text or str(err) or type(err).__name__
    for name in scratch:
        text = text.replace(name, path)
    return text


@contextlib.contextmanager
def _writing(path: str, *scratch: str) -> Iterator[None]:
    """Turn an OSError raised while writing `path` into an ExportError naming `path`."""
    try:
        yield
    except ExportError:
        raise
    except OSError as err:
        raise ExportError(f"Cannot write {path}: {_problem(err, path, scratch)}") from err


def _write_bytes(path: files.PathLike, data: bytes) -> None:
    """files.atomic_write_bytes, its errors naming `path` (not its hidden temporary file)."""
    path = os.path.abspath(os.fsdecode(path))
    with _writing(path):
        files.atomic_write_bytes(path, data)


@contextlib.contextmanager
def _scratch_beside(path: str, suffix: str) -> Iterator[str]:
    """A free hidden file name in `path`'s folder, ending in `suffix` (writers pick their format by
    it); the file is removed on the way out unless `_move_into_place` took it."""
    folder, name = os.path.split(os.path.realpath(path))
    scratch = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.part{suffix}")
    try:
        yield scratch
    finally:
        with contextlib.suppress(OSError):
            os.unlink(scratch)


def _move_into_place(scratch: str, path: str) -> None:
    """Rename the finished scratch file to `path` (one file system: atomic), keeping path's mode."""
    target = os.path.realpath(path)
    with open(scratch, "rb+") as f:
        os.fsync(f.fileno())  # the bytes are on disk before the name points at them
    with contextlib.suppress(OSError):
        os.chmod(scratch, stat.S_IMODE(os.stat(target).st_mode))  # replacing a file keeps its mode
    os.replace(scratch, target)


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


@contextlib.contextmanager
def _counted_spots(tick: Callable[[], bool]) -> Iterator[None]:
    """While an image export renders, call `tick()` before every scatter spot pyqtgraph draws; once it
    returns True (cancelled), draw no more spots.

    An exported scatter draws each spot as a vector path (~80 µs each: 20,000 points take seconds),
    inside Qt's QGraphicsScene.render. An exception must not cross that C++ call, so a Cancel turns
    the remaining spots into no-ops and the caller drops the image afterwards.
    """
    module = sys.modules[pg.ScatterPlotItem.__module__]
    draw = module.drawSymbol
    stopped = False

    def counted(*args, **kwargs):
        nonlocal stopped
        if stopped or tick():
            stopped = True
            return None
        return draw(*args, **kwargs)

    module.drawSymbol = counted  # pyqtgraph's paint looks it up by name: patched for this export only
    try:
        yield
    finally:
        module.drawSymbol = draw


def _visible_spots(graphics: QGraphicsItem | QGraphicsScene) -> int:
    """How many scatter spots an image export of `graphics` draws: those inside their plot's view."""
    scene = graphics if isinstance(graphics, QGraphicsScene) else graphics.scene()
    count = 0
    for item in scene.items() if scene is not None else []:
        if not isinstance(item, pg.ScatterPlotItem) or not item.isVisible():
            continue
        if not isinstance(graphics, QGraphicsScene) and not graphics.isAncestorOf(item):
            continue
        x, y, rect = item.data["x"], item.data["y"], item.viewRect()
        if rect is None:
            count += len(x)
        else:  # pyqtgraph culls the spots outside the view before drawing
            count += int(np.count_nonzero((x >= rect.left()) & (x <= rect.right())
                                          & (y >= rect.top()) & (y <= rect.bottom())))
    return count


def _views_of(graphics: QGraphicsItem | QGraphicsScene) -> list[QWidget]:
    scene = graphics if isinstance(graphics, QGraphicsScene) else graphics.scene()
    return list(scene.views()) if scene is not None else []


def export_view_png(target: Target, path: files.PathLike, width: int | None = None,
                    progress: Callable[[int, int], object] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> tuple[int, int]:
    """Render a plot (a view, PlotWidget, PlotItem or scene) to a PNG, `width` pixels wide; returns (w, h).

    With many points it reports progress(spots drawn, spots) and checks cancelled(): on a Cancel it
    raises Cancelled and writes nothing.
    """
    path = writable_target(path)  # before the rendering, which can take seconds
    graphics = _graphics(target)
    exporter = pg.exporters.ImageExporter(graphics)
    if width is not None:
        if not 1 <= int(width) <= MAX_EXPORT_WIDTH:
            raise ValueError(f"width must be 1 to {MAX_EXPORT_WIDTH} pixels, not {width}")
        exporter.parameters()["width"] = int(width)  # the height follows the aspect ratio
    if progress is None and cancelled is None:
        image = exporter.export(toBytes=True)
    else:
        total, done, stop = max(1, _visible_spots(graphics)), 0, False

        def tick() -> bool:
            nonlocal done, stop
            done += 1
            if done % PNG_TICK_SPOTS == 0:
                if progress is not None:
                    progress(min(done, total - 1), total)  # may process events: a Cancel lands here
                stop = cancelled is not None and cancelled()
            return stop

        # the progress dialog lets paint events through while the scene is half-way through its
        # export render (its items in export mode): its own views must not paint it meanwhile
        views = [v for v in _views_of(graphics) if v.updatesEnabled()]
        for view in views:
            view.setUpdatesEnabled(False)
        try:
            with _counted_spots(tick):
                image = exporter.export(toBytes=True)
        finally:
            for view in views:
                view.setUpdatesEnabled(True)
        if stop:
            raise Cancelled
    _write_bytes(path, _image_bytes(image))
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


class Cancelled(Exception):  # noqa: N818 - a signal, not an error
    """The user pressed Cancel during a long export."""


@contextlib.contextmanager
def _svg_closed_paths(tick: Callable[[], None] | None = None) -> Iterator[None]:
    """Let pyqtgraph's SVG exporter read the closed paths that Qt 6 writes ('... L0,0 Z').

    pyqtgraph <= 0.14.0 parses path data as 'x,y' pairs only and fails on every ViewBox's background
    rectangle (pyqtgraph issue #3495). Its exporter keeps what Qt's plain SVG lacks (each plot clipped
    to its box), so rewrite 'Z' for it rather than lose that. `tick()` is called for every path it
    transforms: the export's progress, and the place a Cancel can stop it (by raising).
    """
    module = sys.modules[pg.exporters.SVGExporter.__module__]
    original, transform = module.correctCoordinates, module.fn.transformCoordinates

    def correct(node, defs, item, options):
        for path in node.getElementsByTagName("path"):
            path.setAttribute("d", _closed_as_lines(path.getAttribute("d")))
        return original(node, defs, item, options)

    def counted_transform(*args, **kwargs):
        tick()
        return transform(*args, **kwargs)

    module.correctCoordinates = correct
    if tick is not None:
        # `fn` is pyqtgraph.functions itself: patched only while this export runs (the GUI thread's)
        module.fn.transformCoordinates = counted_transform
    try:
        yield
    finally:
        module.correctCoordinates = original
        module.fn.transformCoordinates = transform


def _svg_paths_estimate(graphics: QGraphicsItem | QGraphicsScene) -> int:
    """About how many paths the SVG of `graphics` will have: one per spot of a scatter, one per item."""
    if isinstance(graphics, QGraphicsScene):
        items = graphics.items()
    else:
        scene = graphics.scene()
        items = [graphics, *(i for i in (scene.items() if scene else []) if graphics.isAncestorOf(i))]
    return sum(len(i.data) if isinstance(i, pg.ScatterPlotItem) else 1 for i in items)


def export_view_svg(target: Target, path: files.PathLike,
                    progress: Callable[[int, int], object] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> bool:
    """Render a plot (a view, PlotWidget, PlotItem or scene) to an SVG file; False if cancelled.

    A scatter of many points makes a long export (pyqtgraph writes each spot as a path: ~2 s per
    1,000 points), so it reports progress(paths done, about how many) and checks cancelled().
    """
    path = writable_target(path)  # before the rendering, which can take seconds
    graphics = _graphics(target)
    total, done = max(1, _svg_paths_estimate(graphics)), 0

    def tick() -> None:
        nonlocal done
        done += 1
        if done % SVG_TICK_PATHS == 0:
            if progress is not None:
                progress(min(done, total - 1), total)
            if cancelled is not None and cancelled():
                raise Cancelled

    try:
        with _svg_closed_paths(tick if progress or cancelled else None):
            svg = pg.exporters.SVGExporter(graphics).export(toBytes=True)
    except Cancelled:
        return False
    _write_bytes(path, svg)
    return True



def _settle(widget: QWidget) -> None:
    """Let the MainWindow holding `widget` show its newest readouts (a panel in its own window too)."""
    host = widget
    while host is not None and not hasattr(host, "settle"):
        host = host.parentWidget()
    if host is not None:
        host.settle()

def export_window_png(widget: QWidget, path: files.PathLike) -> tuple[int, int]:
    """The widget (the whole window, say) as it is on screen, to a PNG; returns (w, h) in pixels."""
    path = writable_target(path)
    _settle(widget)  # the readouts as of now
    pixmap = widget.grab()
    _write_bytes(path, _image_bytes(pixmap))
    return pixmap.width(), pixmap.height()


# ----------------------------------------------------------------------------------------- weights


def export_weights_npz(session: Any, path: files.PathLike) -> None:
    """The parameters (W1, b1, ... or w, b) as float64 arrays plus 'config', the settings as JSON text."""
    path = writable_target(path)
    params = session.model.params
    if "config" in params:
        raise ValueError("a parameter named 'config' would clash with the settings entry")
    buffer = io.BytesIO()
    config = json.dumps(files.config_to_dict(session.config))
    np.savez(buffer, **{k: np.asarray(v, dtype=np.float64) for k, v in params.items()},
             config=np.array(config))
    _write_bytes(path, buffer.getvalue())


def export_weights_csv(session: Any, folder_or_path: files.PathLike) -> Path:
    """All parameters in one long CSV, `key,row,col,value`; a folder gets weights.csv. Returns the path.

    One file in long form opens in any spreadsheet and pivots in pandas. A 1-D parameter (a bias,
    the perceptron's w) is one row, row 0, as `b` is added to each row of XW. Values are repr-exact.
    """
    path = Path(os.fsdecode(folder_or_path))
    if path.is_dir():
        path = path / "weights.csv"
    path = Path(writable_target(path))
    lines = [",".join(WEIGHTS_CSV_HEADER)]
    for key, value in session.model.params.items():
        matrix = np.atleast_2d(np.asarray(value, dtype=np.float64))
        lines += [f"{key},{r},{c},{float(v)!r}" for (r, c), v in np.ndenumerate(matrix)]
    _write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
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


# ---------------------------------------------------------------------------------- GIF and MP4


def _frame(widget: QWidget, caption: str, size: tuple[int, int] | None, max_width: int) -> np.ndarray:
    """Grab `widget`, scale it (to `size`, or to at most `max_width`), caption it: (h, w, 3) uint8."""
    _settle(widget)  # the readouts as of this frame
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    if size is not None and (image.width(), image.height()) != size:
        image = image.scaled(*size, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    elif size is None and image.width() > max_width:
        image = image.scaledToWidth(max_width, Qt.TransformationMode.SmoothTransformation)
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


FrameWriter = Callable[[np.ndarray], object]


@contextlib.contextmanager
def _gif_writer(path: str, fps: float) -> Iterator[FrameWriter]:
    import imageio.v3 as iio  # here, not at the top: it costs the app's start 60 ms

    # each frame is quantized to 256 colours as it is added, so a frame costs one byte a pixel
    with iio.imopen(path, "w", extension=".gif", plugin="pillow") as gif:
        # Pillow merges identical consecutive frames: the caption's iteration keeps them apart
        yield lambda pixels: gif.write(pixels, is_batch=False, bits=8, duration=1000 / fps, loop=0)


def ffmpeg_problem() -> str | None:
    """Why MP4 cannot be written here (no imageio-ffmpeg, no ffmpeg binary), or None if it can."""
    try:
        import imageio_ffmpeg

        imageio_ffmpeg.get_ffmpeg_exe()
    except ImportError:
        return "the imageio-ffmpeg package is not installed (pip install imageio-ffmpeg)"
    except RuntimeError as err:  # it raises this when neither its own binary nor a system ffmpeg exists
        return f"no ffmpeg program was found ({err})"
    return None


@contextlib.contextmanager
def _mp4_writer(path: str, fps: float) -> Iterator[FrameWriter]:
    problem = ffmpeg_problem()
    if problem:
        raise ExportError(f"An MP4 needs ffmpeg: {problem}")
    import imageio_ffmpeg

    encoder = None

    def write(pixels: np.ndarray) -> None:
        nonlocal encoder
        # H.264 in yuv420p (what every player and slide program plays) needs an even width and height
        h, w = pixels.shape[0] & ~1, pixels.shape[1] & ~1
        if encoder is None:
            encoder = imageio_ffmpeg.write_frames(
                path, (w, h), fps=fps, codec="libx264", pix_fmt_out="yuv420p", macro_block_size=1,
                quality=MP4_QUALITY, ffmpeg_log_level="error", output_params=["-movflags", "+faststart"])
            encoder.send(None)  # start ffmpeg
        encoder.send(np.ascontiguousarray(pixels[:h, :w]))

    try:
        yield write
    except (BrokenPipeError, RuntimeError) as err:  # ffmpeg stopped (a full disk, a bad codec)
        raise OSError(f"ffmpeg failed: {err}") from err
    finally:
        if encoder is not None:
            encoder.close()  # flushes and waits for ffmpeg: the file is complete after this


FORMATS = {  # suffix -> (writer, most frames, widest frame)
    ".gif": (_gif_writer, MAX_GIF_FRAMES, MAX_GIF_WIDTH),
    ".mp4": (_mp4_writer, MAX_MP4_FRAMES, MAX_MP4_WIDTH),
}


def record(window: Any, path: files.PathLike, frames: int, steps_per_frame: int,
           progress: Callable[[int, int], object] | None = None,
           cancelled: Callable[[], bool] | None = None, widget: QWidget | None = None,
           fps: float = GIF_FPS) -> int:
    """Train and film: `frames` times run `steps_per_frame` iterations and grab `widget` (default: the
    data view), captioned with the iteration and loss, into an animated GIF that loops or an MP4
    (H.264), chosen by the suffix of `path`.

    Calls progress(i, frames) after frame i and checks cancelled() before each frame. Returns the
    frames written. Cancelled, it writes no file and returns 0; when training stops by itself
    (diverged) the frames so far are written. Training is paused first; the run stays trained.
    A target that cannot be written is refused before anything is trained (ExportError).
    """
    suffix = Path(os.fsdecode(path)).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot record {suffix or 'a file without a suffix'}: use .gif or .mp4")
    return _record_as(suffix, window, path, frames, steps_per_frame, progress, cancelled, widget, fps)


def _record_as(suffix: str, window: Any, path: files.PathLike, frames: int, steps_per_frame: int,
               progress: Callable[[int, int], object] | None, cancelled: Callable[[], bool] | None,
               widget: QWidget | None, fps: float) -> int:
    """`record` in the format of `suffix` (".gif" or ".mp4") whatever the suffix of `path`."""
    writer, max_frames, max_width = FORMATS[suffix]
    if not 1 <= frames <= max_frames:
        raise ValueError(f"frames must be 1 to {max_frames}, not {frames}")
    if steps_per_frame < 1:
        raise ValueError(f"steps per frame must be at least 1, not {steps_per_frame}")
    session = window.session
    problem = session.training_problem()
    if problem:
        raise ValueError(f"cannot train: {problem}")
    path = writable_target(path)  # refused now, not after minutes of training and filming
    window.set_playing(False)
    widget = widget or window.dataset_view
    done, size = 0, None
    # written to a hidden file beside the target and renamed into place whole: a Cancel or a
    # failure leaves nothing, here or in the system's temporary folder
    with _scratch_beside(path, suffix) as scratch, _writing(path, scratch):
        with writer(scratch, fps) as write:
            for _ in range(frames):
                if cancelled is not None and cancelled():
                    return 0
                report = session.step(steps_per_frame)  # the views refresh through the bridge
                if report is None or report.iterations_done == 0:
                    break
                pixels = _frame(widget, _caption(session), size, max_width)
                size = (pixels.shape[1], pixels.shape[0])
                write(pixels)
                done += 1
                if progress is not None:
                    progress(done, frames)
                if report.diverged:
                    break
        if done:
            _move_into_place(scratch, path)
    return done


def record_gif(window: Any, path: files.PathLike, frames: int, steps_per_frame: int,
               progress: Callable[[int, int], object] | None = None,
               cancelled: Callable[[], bool] | None = None, widget: QWidget | None = None,
               fps: float = GIF_FPS) -> int:
    """`record` to an animated GIF at `path`, whatever its suffix."""
    return _record_as(".gif", window, path, frames, steps_per_frame, progress, cancelled, widget, fps)


def record_mp4(window: Any, path: files.PathLike, frames: int, steps_per_frame: int,
               progress: Callable[[int, int], object] | None = None,
               cancelled: Callable[[], bool] | None = None, widget: QWidget | None = None,
               fps: float = GIF_FPS) -> int:
    """`record` to an MP4 (H.264) at `path`, whatever its suffix (ExportError when ffmpeg is missing)."""
    return _record_as(".mp4", window, path, frames, steps_per_frame, progress, cancelled, widget, fps)


def run_with_progress(parent: QWidget, label: str, title: str, total: int,
                      work: Callable[[Callable[[int, int], object], Callable[[], bool]], Any],
                      dialog: QProgressDialog | None = None) -> Any:
    """Run `work(progress, cancelled)` behind a window-modal progress dialog whose Cancel stops it.

    The dialog appears only if the work runs past MIN_PROGRESS_MS; the status bar says what is
    happening meanwhile. Returns what `work` returns.
    """
    owned = dialog is None
    if dialog is None:
        dialog = QProgressDialog(label, "Cancel", 0, total, parent)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(MIN_PROGRESS_MS)
    dialog.setRange(0, total)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    status = parent.statusBar() if hasattr(parent, "statusBar") else None
    if status is not None:
        status.showMessage(label)

    def progress(i: int, n: int) -> None:
        if dialog.maximum() != n:
            dialog.setMaximum(n)
        # a window-modal dialog's setValue processes events: that is when a Cancel click lands
        dialog.setValue(i)

    try:
        return work(progress, dialog.wasCanceled)
    finally:
        if status is not None and status.currentMessage() == label:
            status.clearMessage()
        dialog.close()
        if owned:
            dialog.deleteLater()


_worker: concurrent.futures.ThreadPoolExecutor | None = None


def run_in_background(parent: QWidget, label: str, title: str, work: Callable[[], Any]) -> tuple[bool, Any]:
    """Run `work()` (pure Python and numpy: no Qt objects) on a worker thread; (True, its result),
    or (False, None) if the user pressed Cancel. Its exceptions are raised here, in the GUI thread.

    Work done within MIN_PROGRESS_MS returns at once, as a plain call would. Longer work shows a
    busy progress dialog whose Cancel returns at once: the result is dropped, nothing is applied
    (Python cannot stop a thread, so a read already begun runs to its end, unseen, and is freed).
    """
    global _worker
    if _worker is None:  # one thread: long tasks come one at a time, behind a modal dialog
        _worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="visualnet-work")
    future = _worker.submit(work)
    with contextlib.suppress(concurrent.futures.TimeoutError):
        return True, future.result(timeout=MIN_PROGRESS_MS / 1000)
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)  # 0..0: a busy bar, no estimate
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    status = parent.statusBar() if hasattr(parent, "statusBar") else None
    if status is not None:
        status.showMessage(label)
    dialog.show()
    try:
        while not future.done():
            if dialog.wasCanceled():
                future.cancel()
                return False, None
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 30)
            with contextlib.suppress(concurrent.futures.TimeoutError):
                future.result(timeout=0.03)
        return True, future.result()
    finally:
        if status is not None and status.currentMessage() == label:
            status.clearMessage()
        dialog.close()
        dialog.deleteLater()


def record_with_progress(window: QWidget, path: files.PathLike, frames: int, steps_per_frame: int,
                         widget: QWidget | None = None, dialog: QProgressDialog | None = None) -> int:
    """`record` (GIF or MP4, by the suffix) behind a progress dialog whose Cancel stops it; returns
    the frames written (0 when cancelled)."""
    kind = "an MP4 video" if os.fsdecode(path).lower().endswith(".mp4") else "a GIF"
    return run_with_progress(
        window, f"Recording the training as {kind}…", "Record training", frames,
        lambda progress, cancelled: record(window, path, frames, steps_per_frame, progress=progress,
                                           cancelled=cancelled, widget=widget),
        dialog)


# ------------------------------------------------------------------------------ the Export menu


def ask_gif_settings(parent: QWidget, steps: int = 5, title: str = "Record training as GIF",
                     max_frames: int = MAX_GIF_FRAMES) -> tuple[int, int, bool] | None:
    """Ask for (frames, iterations per frame, whole window?); None if cancelled."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(title)
    frames_spin, steps_spin = NumberSpin(), NumberSpin()  # full-width digits read, refusals explained
    frames_spin.setRange(1, max_frames)
    frames_spin.setValue(100)
    frames_spin.setToolTip(f"One frame every few iterations; played at {GIF_FPS} frames a second")
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


def _ask_path(window: QWidget, title: str, name: str, kind: str, suffix: str,
              folder: str | None = None) -> str | None:
    """A save dialog for one export, in the folder that `folder` kind of file (by default: by the
    suffix) last went to; pictures and videos start in the Pictures folder, the rest in Documents."""
    settings = getattr(window, "settings", None)
    path, _ = file_dialogs.ask_save(window, folder or file_dialogs.kind_of(name), settings, title, name,
                                    f"{kind} (*{suffix});;All files (*)")
    if not path:
        return None
    return path if Path(path).suffix else path + suffix


def _attempt(window: Any, path: str, action: Callable[[], Any]) -> tuple[bool, Any]:
    """Check the target, run one export: (True, its result), or say what went wrong, naming the
    user's file in plain words, and return (False, None)."""
    try:
        writable_target(path)  # nothing is rendered, recorded or trained for a file that cannot be
        return True, action()
    except ExportError as err:
        window.show_problem("Export failed", f"{err}.")
    except (OSError, ValueError) as err:
        window.show_problem("Export failed", f"Cannot write {path}: {_problem(err, path)}.")
    return False, None


@contextlib.contextmanager
def _busy(window: Any, text: str) -> Iterator[None]:
    """Say what the app is doing in the status bar, with a busy cursor, while a short task runs."""
    window.statusBar().showMessage(text)
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
        if window.statusBar().currentMessage() == text:
            window.statusBar().clearMessage()


def _export(window: Any, title: str, name: str, kind: str, suffix: str,
            action: Callable[[str], object], folder: str | None = None) -> None:
    """Ask for a file and run `action(path)` on it; it returns False when the user cancelled it."""
    path = _ask_path(window, title, name, kind, suffix, folder)
    if not path:
        return
    with _busy(window, f"Writing {os.path.basename(path)}…"):
        ok, result = _attempt(window, path, lambda: action(path))
    if ok:
        window.statusBar().showMessage(
            "Export cancelled: no file written" if result is False else f"Saved {path}", 6000)


def _png_with_progress(window: Any, view: Target, path: str, width: int) -> bool:
    """The PNG export behind a progress dialog: 20,000 points take seconds (False if cancelled)."""
    window.set_playing(False)  # the dialog lets events through: the plot must hold still meanwhile
    try:
        run_with_progress(window, f"Writing {os.path.basename(path)}…", "Export PNG", 1,
                          lambda progress, cancelled: export_view_png(view, path, width, progress, cancelled))
    except Cancelled:
        return False
    return True


def _svg_with_progress(window: Any, view: Target, path: str) -> bool:
    """The SVG export behind a progress dialog: thousands of points take seconds (False if cancelled)."""
    window.set_playing(False)  # the dialog lets events through: the plot must hold still meanwhile
    return run_with_progress(window, f"Writing {os.path.basename(path)}…", "Export SVG", 1,
                             lambda progress, cancelled: export_view_svg(view, path, progress, cancelled))


def _offer_gif_instead(window: Any, problem: str) -> bool:
    """Explain why MP4 is not possible here and ask whether to record a GIF; True for yes."""
    box = QMessageBox(QMessageBox.Icon.Information, "MP4 needs ffmpeg",
                      f"An MP4 cannot be written here: {problem}.\n\nRecord an animated GIF instead?",
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, window)
    box.setDefaultButton(QMessageBox.StandardButton.Yes)
    return box.exec() == QMessageBox.StandardButton.Yes


def _record(window: Any, suffix: str = ".gif") -> None:
    if suffix == ".mp4":
        problem = ffmpeg_problem()
        if problem:
            window.statusBar().showMessage(f"MP4 export unavailable: {problem}", 8000)
            if not _offer_gif_instead(window, problem):
                return
            suffix = ".gif"
    video = suffix == ".mp4"
    title = "Record training as MP4" if video else "Record training as GIF"
    settings = ask_gif_settings(window, window.controls.speedSpin.value(), title,
                                MAX_MP4_FRAMES if video else MAX_GIF_FRAMES)
    if settings is None:
        return
    frames, steps, whole = settings
    path = _ask_path(window, title, "training" + suffix, "MP4 video" if video else "Animated GIF", suffix)
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
            lambda p: _png_with_progress(window, view, p, max(1600, view.width())))),
        ("exportViewSvg", "Data view as SVG…", lambda: _export(
            window, "Export the data view", "data-view.svg", "SVG drawings", ".svg",
            lambda p: _svg_with_progress(window, view, p))),
        ("exportWindowPng", "Window as PNG…", lambda: _export(
            window, "Export the window", "visualnet.png", "PNG images", ".png",
            lambda p: export_window_png(window, p))),
        None,
        ("exportWeightsNpz", "Weights as NumPy .npz…", lambda: _export(
            window, "Export the weights", "weights.npz", "NumPy archives", ".npz",
            lambda p: export_weights_npz(window.session, p))),
        ("exportWeightsCsv", "Weights as CSV…", lambda: _export(
            window, "Export the weights", "weights.csv", "CSV files", ".csv",
            lambda p: export_weights_csv(window.session, p), folder="weights")),
        None,
        ("exportGif", "Training as animated GIF…", lambda: _record(window, ".gif")),
        ("exportMp4", "Training as MP4 video…", lambda: _record(window, ".mp4")),
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
