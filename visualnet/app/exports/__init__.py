"""Exports: a view as PNG or SVG, the window as PNG, the weights as NPZ or CSV, training as a GIF or MP4.

    target.py      where a file goes: checked first (writable_target), written whole; ExportError
    images.py      a plot as PNG or SVG, the window as PNG, with progress and Cancel
    weights.py     the weights as .npz or as one long CSV (and reading that CSV back)
    recording.py   training filmed as an animated GIF or an MP4 video
    long_tasks.py  long work behind a progress dialog with Cancel (exports, reading, saving)
    menu.py        File → Export: every export above behind a file dialog

Before any work the target's folder is checked: an export that cannot be written fails at once,
before it renders, records or trains anything, with an `ExportError` in plain words that names the
user's file, never a scratch file.
"""

from __future__ import annotations

from visualnet.app.exports.images import (
    MAX_EXPORT_WIDTH,
    PNG_TICK_SPOTS,
    SVG_TICK_PATHS,
    Cancelled,
    export_view_png,
    export_view_svg,
    export_window_png,
)
from visualnet.app.exports.long_tasks import MIN_PROGRESS_MS, run_in_background, run_with_progress
from visualnet.app.exports.menu import ask_gif_settings, export_menu
from visualnet.app.exports.recording import (
    FORMATS,
    GIF_FPS,
    MAX_GIF_FRAMES,
    MAX_GIF_WIDTH,
    MAX_MP4_FRAMES,
    MAX_MP4_WIDTH,
    ffmpeg_problem,
    record,
    record_gif,
    record_mp4,
    record_with_progress,
)
from visualnet.app.exports.target import ExportError, writable_target
from visualnet.app.exports.weights import (
    WEIGHTS_CSV_HEADER,
    export_weights_csv,
    export_weights_npz,
    read_weights_csv,
)

__all__ = [
    "FORMATS",
    "GIF_FPS",
    "MAX_EXPORT_WIDTH",
    "MAX_GIF_FRAMES",
    "MAX_GIF_WIDTH",
    "MAX_MP4_FRAMES",
    "MAX_MP4_WIDTH",
    "MIN_PROGRESS_MS",
    "PNG_TICK_SPOTS",
    "SVG_TICK_PATHS",
    "WEIGHTS_CSV_HEADER",
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
