"""Command line: launch the window, or render a snapshot offscreen (`--snapshot out.png`)."""

from __future__ import annotations

import argparse
import os
import sys

import visualnet

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
    if args.snapshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 2

    from PySide6.QtCore import QSettings, QStandardPaths
    from PySide6.QtWidgets import QApplication

    from visualnet import files
    from visualnet.app.errors import ErrorReporter, setup_logging
    from visualnet.app.window import MainWindow

    if args.snapshot and args.file:
        # A bad file in a scripted run: one line on stderr, exit code 2, never a traceback.
        try:
            files.load_any(args.file)
        except files.FileFormatError as err:
            print(f"visualnet: {err}", file=sys.stderr)
            return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("visualnet")
    app.setOrganizationName("visualnet")
    if args.snapshot:  # a snapshot never reads or writes the user's settings and autosave
        window = MainWindow()
    else:
        data_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        window = MainWindow(settings=QSettings(), data_dir=data_dir)
        reporter = ErrorReporter(window, setup_logging(data_dir))
        reporter.caught.connect(lambda text: window.statusBar().showMessage(f"Error: {text}", 10000))
        reporter.install()
    if args.theme or args.projector:
        window.set_theme(args.theme, True if args.projector else None)
    if preset:
        window.load_preset(preset)
        window.undo_stack.clear()
    if args.file and not window.open_file(args.file) and args.snapshot:
        print(f"visualnet: {window.last_problem}", file=sys.stderr)
        return 2
    window.undo_stack.clear()
    if args.snapshot:
        return snapshot(window, args.snapshot, args.steps, args.size)
    window.show()
    return app.exec()


def snapshot(window, path: str, steps: int, size: tuple[int, int]) -> int:
    """Train `steps` iterations, render the whole window to `path`, exit code 0 on success."""
    from PySide6.QtWidgets import QApplication

    window.resize(*size)
    window.show()
    QApplication.processEvents()
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
    QApplication.processEvents()
    ok = window.grab().save(path)
    window.close()
    if not ok:
        print(f"visualnet: could not write the snapshot to {path}", file=sys.stderr)
        return 1
    print(f"visualnet: saved {path} ({size[0]}x{size[1]}, {done} iterations)")
    return 0
