"""Training on film: run the training and grab a view (or the window) every few iterations, as an animated
GIF (Pillow) or an MP4 video (H.264, through imageio-ffmpeg), captioned with the iteration and the loss.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QCoreApplication, QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QProgressDialog, QWidget

from visualnet import files
from visualnet.app.exports.images import settle_window
from visualnet.app.exports.long_tasks import CancelCheck, Progress, run_with_progress
from visualnet.app.exports.target import (
    ExportError,
    WriteError,
    move_into_place,
    scratch_beside,
    writable_target,
    writing,
)
from visualnet.translatable import QT_TRANSLATE_NOOP, TranslatableError

if TYPE_CHECKING:
    from visualnet.app.window import MainWindow
    from visualnet.session import Session

__all__ = [
    "FORMATS", "GIF_FPS", "MAX_GIF_FRAMES", "MAX_GIF_WIDTH", "MAX_MP4_FRAMES", "MAX_MP4_WIDTH", "MP4_QUALITY",
    "ffmpeg_problem", "record", "record_gif", "record_mp4", "record_with_progress",
]

GIF_FPS = 20
MAX_GIF_FRAMES = 500  # frames are held until the GIF is written: at most 500 × 800 × 600 bytes
MAX_GIF_WIDTH = 800  # wider grabs are scaled down: a GIF is for sharing, not for print
MAX_MP4_FRAMES = 6000  # frames stream to ffmpeg, none is held: five minutes at 20 fps
MAX_MP4_WIDTH = 1920  # a video is for slides: full-HD wide at most
MP4_QUALITY = 7  # imageio-ffmpeg's 0..10 scale; 7 keeps the thin boundary lines and the text sharp

Pixels = NDArray[np.uint8]  # (h, w, 3) RGB


def _frame(widget: QWidget, caption: str, size: tuple[int, int] | None, max_width: int) -> Pixels:
    """Grab `widget`, scale it (to `size`, or to at most `max_width`), caption it: (h, w, 3) uint8."""
    settle_window(widget)  # the readouts as of this frame
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


def _caption(session: Session) -> str:
    """The frame's caption: the iteration and the training loss."""
    loss = session.history.train_loss[-1] if len(session.history) else np.nan
    iteration = session.trainer.iteration
    if np.isfinite(loss):
        return QCoreApplication.translate("recording", "iteration {n} · training loss {loss}").format(
            n=iteration, loss=f"{loss:.4g}")
    return QCoreApplication.translate("recording", "iteration {n}").format(n=iteration)


FrameWriter = Callable[[Pixels], object]  # adds one frame to the file


@contextlib.contextmanager
def _gif_writer(path: str, fps: float) -> Iterator[FrameWriter]:
    import imageio.v3 as iio  # here, not at the top: it costs the app's start 60 ms

    # each frame is quantized to 256 colours as it is added, so a frame costs one byte a pixel
    with iio.imopen(path, "w", extension=".gif", plugin="pillow") as gif:
        # Pillow merges identical consecutive frames: the caption's iteration keeps them apart
        # Pillow's keywords, which imageio's PluginV3.write does not declare (hence the ignore)
        yield lambda pixels: gif.write(  # type: ignore[call-arg]
            pixels, is_batch=False, bits=8, duration=1000 / fps, loop=0)


def ffmpeg_problem() -> str | None:
    """Why MP4 cannot be written here (no imageio-ffmpeg, no ffmpeg binary), or None if it can."""
    try:
        import imageio_ffmpeg

        imageio_ffmpeg.get_ffmpeg_exe()
    except ImportError:
        return QT_TRANSLATE_NOOP("recording", "the imageio-ffmpeg package is not installed (pip install "
                                              "imageio-ffmpeg)")
    except RuntimeError as err:  # it raises this when neither its own binary nor a system ffmpeg exists
        return files.filled(QT_TRANSLATE_NOOP("recording", "no ffmpeg program was found ({reason})"),
                            reason=str(err))
    return None


@contextlib.contextmanager
def _mp4_writer(path: str, fps: float) -> Iterator[FrameWriter]:
    problem = ffmpeg_problem()
    if problem:
        raise ExportError(QT_TRANSLATE_NOOP("recording", "An MP4 needs ffmpeg: {problem}"), problem=problem)
    import imageio_ffmpeg

    encoder = None

    def write(pixels: Pixels) -> None:
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
        raise WriteError(QT_TRANSLATE_NOOP("recording", "ffmpeg failed: {reason}"), reason=str(err)) from err
    finally:
        if encoder is not None:
            encoder.close()  # flushes and waits for ffmpeg: the file is complete after this


FORMATS = {  # suffix -> (writer, most frames, widest frame)
    ".gif": (_gif_writer, MAX_GIF_FRAMES, MAX_GIF_WIDTH),
    ".mp4": (_mp4_writer, MAX_MP4_FRAMES, MAX_MP4_WIDTH),
}


def record(window: MainWindow, path: files.PathLike, frames: int, steps_per_frame: int,
           progress: Progress | None = None,
           cancelled: CancelCheck | None = None, widget: QWidget | None = None,
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
        raise TranslatableError(QT_TRANSLATE_NOOP("recording", "cannot record {suffix}: use .gif or .mp4"),
                                suffix=suffix or QT_TRANSLATE_NOOP("recording", "a file without a suffix"))
    return _record_as(suffix, window, path, frames, steps_per_frame, progress, cancelled, widget, fps)


def _record_as(suffix: str, window: MainWindow, path: files.PathLike, frames: int, steps_per_frame: int,
               progress: Progress | None, cancelled: CancelCheck | None,
               widget: QWidget | None, fps: float) -> int:
    """`record` in the format of `suffix` (".gif" or ".mp4") whatever the suffix of `path`."""
    writer, max_frames, max_width = FORMATS[suffix]
    if not 1 <= frames <= max_frames:
        raise TranslatableError(QT_TRANSLATE_NOOP("recording", "frames must be 1 to {most}, not {frames}"),
                                most=max_frames, frames=frames)
    if steps_per_frame < 1:
        raise TranslatableError(QT_TRANSLATE_NOOP("recording",
                                                  "steps per frame must be at least 1, not {steps}"),
                                steps=steps_per_frame)
    session = window.session
    problem = session.training_problem()
    if problem:
        raise TranslatableError(QT_TRANSLATE_NOOP("recording", "cannot train: {problem}"), problem=problem)
    path = writable_target(path)  # refused now, not after minutes of training and filming
    window.set_playing(False)
    widget = widget or window.dataset_view
    done, size = 0, None
    # written to a hidden file beside the target and renamed into place whole: a Cancel or a
    # failure leaves nothing, here or in the system's temporary folder
    with scratch_beside(path, suffix) as scratch, writing(path, scratch):
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
            move_into_place(scratch, path)
    return done


def record_gif(window: MainWindow, path: files.PathLike, frames: int, steps_per_frame: int,
               progress: Progress | None = None,
               cancelled: CancelCheck | None = None, widget: QWidget | None = None,
               fps: float = GIF_FPS) -> int:
    """`record` to an animated GIF at `path`, whatever its suffix."""
    return _record_as(".gif", window, path, frames, steps_per_frame, progress, cancelled, widget, fps)


def record_mp4(window: MainWindow, path: files.PathLike, frames: int, steps_per_frame: int,
               progress: Progress | None = None,
               cancelled: CancelCheck | None = None, widget: QWidget | None = None,
               fps: float = GIF_FPS) -> int:
    """`record` to an MP4 (H.264) at `path`, whatever its suffix (ExportError when ffmpeg is missing)."""
    return _record_as(".mp4", window, path, frames, steps_per_frame, progress, cancelled, widget, fps)


def record_with_progress(window: MainWindow, path: files.PathLike, frames: int, steps_per_frame: int,
                         widget: QWidget | None = None, dialog: QProgressDialog | None = None) -> int:
    """`record` (GIF or MP4, by the suffix) behind a progress dialog whose Cancel stops it; returns
    the frames written (0 when cancelled)."""
    label = (QCoreApplication.translate("recording", "Recording the training as an MP4 video…")
             if os.fsdecode(path).lower().endswith(".mp4")
             else QCoreApplication.translate("recording", "Recording the training as a GIF…"))
    return run_with_progress(
        window, label, QCoreApplication.translate("recording", "Record training"), frames,
        lambda progress, cancelled: record(window, path, frames, steps_per_frame, progress=progress,
                                           cancelled=cancelled, widget=widget),
        dialog)
