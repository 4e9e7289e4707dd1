"""Command line: launch the window, or render a snapshot offscreen (`--snapshot out.png`)."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

import visualnet

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from visualnet.app.window import MainWindow

# a test hook: once the window is up and the event loop runs, the process id is written to this file
READY_FILE_ENV = "VISUALNET_READY_FILE"
# SIGTERM and SIGINT save the autosave and end the app with 128 + the signal's number (143, 130),
# the shell's convention for "ended by this signal", so scripts can still tell why it ended
HANDLED_SIGNALS = (signal.SIGTERM, signal.SIGINT)

NO_DISPLAY = """visualnet needs a display to open its window, and none was found (DISPLAY and WAYLAND_DISPLAY
are unset). You can:
  - run it on a virtual display:   xvfb-run -a visualnet
  - or render the window to a PNG: visualnet --snapshot out.png [--preset xor] [--steps 200]"""


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1600x1000, got {text!r}") from None
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        raise argparse.ArgumentTypeError(f"size {w}x{h} is out of range (320x240 to 8000x8000)")
    return w, h


def _steps(text: str) -> int:
    n = int(text)
    if not 0 <= n <= 10_000_000:
        raise argparse.ArgumentTypeError("steps must be between 0 and 10,000,000")
    return n


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command-line options."""
    p = argparse.ArgumentParser(prog="visualnet", description="Watch a neural network learn.")
    p.add_argument("file", nargs="?", help="a session (.json) or dataset (.csv) to open")
    p.add_argument("--version", action="version", version=f"visualnet {visualnet.__version__}")
    p.add_argument("--snapshot", metavar="OUT.png", help="render the window offscreen to a PNG and exit")
    p.add_argument("--record", metavar="OUT.gif|OUT.mp4",
                   help="film --steps training iterations offscreen as --frames frames (GIF or MP4) and exit")
    p.add_argument("--frames", type=int, default=40, help="frames of a --record video (default 40)")
    p.add_argument("--preset", default=None, help="data preset to start with (e.g. xor, moons, spirals, and)")
    p.add_argument("--steps", type=_steps, default=200, help="training iterations before the snapshot")
    p.add_argument("--size", type=_size, default=(1600, 1000), help="window size for the snapshot, WxH")
    p.add_argument("--theme", choices=("light", "dark", "system"), default=None,
                   help="the colour theme (else the one last chosen in View)")
    p.add_argument("--projector", action="store_true", help="large text and thicker lines")
    return p.parse_args(argv)


def resolve_preset(name: str) -> str:
    """Match a preset name loosely: 'xor' -> 'XOR', 'xor-clouds' -> 'XOR clouds'."""
    from visualnet.core.data import PRESETS

    wanted = name.lower().replace("-", " ").replace("_", " ").strip()
    for key in PRESETS:
        if key.lower() == wanted:
            return key
    raise ValueError(f"unknown preset {name!r}; choose one of: {', '.join(PRESETS)}")


def has_display() -> bool:
    """Whether Qt can open a window here (or was told which platform to use)."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `visualnet` command."""
    # Tiny networks: BLAS threads only add hand-off latency. Must be set before numpy loads.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        preset = resolve_preset(args.preset) if args.preset else None
    except ValueError as err:
        print(f"visualnet: {err}", file=sys.stderr)
        return 2
    scripted = bool(args.snapshot or args.record)  # offscreen, never the user's settings or autosave
    if args.snapshot and args.record:
        print("visualnet: choose --snapshot or --record, not both", file=sys.stderr)
        return 2
    if scripted:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2

    from PySide6.QtCore import QSettings, QStandardPaths, QTimer
    from PySide6.QtWidgets import QApplication

    from visualnet import files
    from visualnet.app.errors import ErrorReporter, setup_logging
    from visualnet.app.window import MainWindow

    doc = None
    if scripted and args.file:
        # A bad file in a scripted run: one line on stderr, exit code 2, never a traceback.
        # It is read once, here; the window applies what was read.
        try:
            doc = files.load_any(args.file)
        except files.FileFormatError as err:
            print(f"visualnet: {err}", file=sys.stderr)
            return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("visualnet")
    app.setOrganizationName("visualnet")
    if scripted:  # a snapshot or a recording never reads or writes the user's settings and autosave
        window = MainWindow()
    else:
        data_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        log_path, log_problem = None, "" if data_dir else "no folder for the app's data was found"
        try:
            log_path = setup_logging(data_dir) if data_dir else None
        except OSError as err:  # the app runs without its log rather than not at all
            log_problem = f"the log cannot be written in {data_dir} ({err.strerror or err})"
        window = MainWindow(settings=QSettings(), data_dir=data_dir)
        notice = window.report_storage(log_problem)
        if notice:  # no log file holds it: the terminal, if any, should
            print(f"visualnet: {notice}", file=sys.stderr)
        reporter = ErrorReporter(window, log_path)
        reporter.caught.connect(lambda text: window.statusBar().showMessage(f"Error: {text}", 10000))
        reporter.install()
    if args.theme or args.projector:
        window.set_theme(args.theme, True if args.projector else None)
    if preset:
        window.load_preset(preset)
        window.undo_stack.clear()
    if args.file:
        opened = window.open_document(doc, args.file) if doc is not None else window.open_file(args.file)
        if not opened and scripted:
            print(f"visualnet: {window.last_problem}", file=sys.stderr)
            return 2
    window.undo_stack.clear()
    window.documents.modified = False  # what the command line asked for is not new work
    if args.snapshot:
        return snapshot(window, args.snapshot, args.steps, args.size)
    if args.record:
        return record(window, args.record, args.frames, args.steps, args.size)

    ended_by: list[int] = []

    def on_signal(signum: int) -> None:
        if ended_by:  # a second Ctrl+C while closing: the first one is being handled
            return
        ended_by.append(signum)
        window.close_for_signal()
        app.exit(128 + signum)

    restore_signals = install_signal_handlers(app, on_signal)
    window.show_on_screen()
    ready = os.environ.get(READY_FILE_ENV)
    if ready:
        QTimer.singleShot(0, lambda: _write_ready(ready))
    try:
        code = app.exec()
    finally:
        restore_signals()
    # closing the last window also asks the loop to quit (with 0): the signal's code wins
    return 128 + ended_by[0] if ended_by else code


def record(window: MainWindow, path: str, frames: int, steps: int, size: tuple[int, int]) -> int:
    """Film `steps` training iterations as `frames` frames of the data view (GIF or MP4 by suffix)."""
    from PySide6.QtWidgets import QApplication

    from visualnet.app import exports

    window.resize(*size)
    window.show()
    QApplication.processEvents()
    try:
        done = exports.record(window, path, frames, max(1, steps // max(frames, 1)))
    except (OSError, ValueError) as err:  # no ffmpeg, a folder that cannot be written, bad numbers
        print(f"visualnet: {err}", file=sys.stderr)
        return 2
    finally:
        window.close()
    print(f"visualnet: recorded {path} ({done} frames)")
    return 0 if done else 1


def _write_ready(path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")


def install_signal_handlers(app: QCoreApplication, on_signal: Callable[[int], None]) -> Callable[[], None]:
    """Run `on_signal(signum)` in the event loop on SIGTERM / SIGINT; returns a function that undoes it.

    Python runs its signal handlers only when it runs bytecode, and Qt's event loop is C++: the
    signal's byte on a wake-up socket makes Qt call into Python, which then runs the handler.
    """
    from PySide6.QtCore import QSocketNotifier, QTimer

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    old_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, app)

    def drain() -> None:
        with contextlib.suppress(OSError):
            reader.recv(512)

    notifier.activated.connect(drain)

    def handler(signum: int, _frame: object) -> None:
        # not here, in the middle of whatever Python code ran: at the event loop's next turn
        QTimer.singleShot(0, lambda: on_signal(signum))

    previous = {sig: signal.signal(sig, handler) for sig in HANDLED_SIGNALS}

    def restore() -> None:
        for sig, old in previous.items():
            signal.signal(sig, old)
        signal.set_wakeup_fd(old_fd)
        notifier.setEnabled(False)
        reader.close()
        writer.close()

    return restore


def _settle(seconds: float) -> None:
    """Run the event loop for `seconds`: what is posted or timed (layouts, deferred fits) happens."""
    import time

    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def snapshot(window: MainWindow, path: str, steps: int, size: tuple[int, int]) -> int:
    """Train `steps` iterations, render the whole window to `path`, exit code 0 on success."""

    window.resize(*size)
    window.show()
    _settle(0.3)  # the posted layouts: the arrangement for this size, then the plots inside the docks
    done = 0
    # in chunks, as the clock would: the history records each chunk's end, so ~200 chunks draw
    # a loss curve as detailed as the live one (one step(steps) call would record only a few points)
    chunk = min(500, max(1, steps // 200))
    while done < steps:
        report = window.session.step(min(chunk, steps - done))
        if report is None or report.iterations_done == 0:
            break
        done += report.iterations_done
    window.refresh_views()
    window.settle()
    _settle(0.1)
    ok = window.grab().save(path)
    window.close()
    if not ok:
        print(f"visualnet: could not write the snapshot to {path}", file=sys.stderr)
        return 1
    print(f"visualnet: saved {path} ({size[0]}x{size[1]}, {done} iterations)")
    return 0
