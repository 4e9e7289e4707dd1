"""Command line: launch the window, or render a snapshot offscreen (`--snapshot out.png`)."""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import sys
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import visualnet
from visualnet.translatable import (
    QT_TRANSLATE_NOOP,
    Marked,
    Message,
    TranslatableError,
    Translate,
    message_of,
    untranslated,
)

if TYPE_CHECKING:
    from PySide6.QtCore import QCoreApplication

    from visualnet.app.window import MainWindow

# a test hook: once the window is up and the event loop runs, the process id is written to this file
READY_FILE_ENV = "VISUALNET_READY_FILE"
# SIGTERM and SIGINT save the autosave and end the app with 128 + the signal's number (143, 130),
# the shell's convention for "ended by this signal", so scripts can still tell why it ended
HANDLED_SIGNALS = (signal.SIGTERM, signal.SIGINT)

NO_DISPLAY = QT_TRANSLATE_NOOP(
    "CommandLine",
    "visualnet needs a display to open its window, and none was found (DISPLAY and WAYLAND_DISPLAY\n"
    "are unset). You can:\n"
    "  - run it on a virtual display:   xvfb-run -a visualnet\n"
    "  - or render the window to a PNG: visualnet --snapshot out.png [--preset xor] [--steps 200]")

# argparse's own texts (usage, section titles, its error messages), by the msgid argparse asks gettext for
ARGPARSE_TEXTS = (
    QT_TRANSLATE_NOOP("argparse", "usage: "),
    QT_TRANSLATE_NOOP("argparse", "positional arguments"),
    QT_TRANSLATE_NOOP("argparse", "options"),
    QT_TRANSLATE_NOOP("argparse", "show this help message and exit"),
    QT_TRANSLATE_NOOP("argparse", "%(prog)s: error: %(message)s\n"),
    QT_TRANSLATE_NOOP("argparse", "argument %(argument_name)s: %(message)s"),
    QT_TRANSLATE_NOOP("argparse", "unrecognized arguments: %s"),
    QT_TRANSLATE_NOOP("argparse", "expected one argument"),
    QT_TRANSLATE_NOOP("argparse", "the following arguments are required: %s"),
    QT_TRANSLATE_NOOP("argparse", "ambiguous option: %(option)s could match %(matches)s"),
    QT_TRANSLATE_NOOP("argparse", "ignored explicit argument %r"),
    QT_TRANSLATE_NOOP("argparse", "invalid %(type)s value: %(value)r"),
    QT_TRANSLATE_NOOP("argparse", "invalid choice: %(value)r (choose from %(choices)s)"),
)


def _lang_in(argv: list[str]) -> str | None:
    """The value of --lang in `argv` (`--lang zh_CN` or `--lang=zh_CN`), or None."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
    return None


def cli_language(argv: list[str]) -> str:
    """The language of the command line ("en" or "zh_CN"), known before argparse runs: --lang's, else
    the one chosen in View (a snapshot or a recording never reads the settings: the system's)."""
    from visualnet.app import i18n

    choice = _lang_in(argv)
    if choice is None and not any(arg.startswith(("--snapshot", "--record")) for arg in argv):
        from PySide6.QtCore import QSettings

        choice = str(QSettings("visualnet", "visualnet").value("view/language", "system"))
    return i18n.resolve(choice if choice in i18n.CHOICES else "system")


def cli_translate(lang: str) -> Translate:
    """A `Translate` in `lang` from our .qm alone: no QCoreApplication, so `--help` stays quick and
    needs no display (Qt's translators work only once an application exists; a QTranslator does not)."""
    from PySide6.QtCore import QTranslator

    from visualnet.app import i18n

    translator = QTranslator()
    if lang == "en" or not translator.load(f"visualnet_{lang}", str(i18n.translations_dir())):
        return untranslated

    def translate(context: str, text: str) -> str:
        return translator.translate(context, text) or text

    return translate


@contextlib.contextmanager
def _argparse_speaking(translate: Translate) -> Iterator[None]:
    """argparse's own texts in the language `translate` speaks, while the block runs.

    argparse asks gettext for them through its module's `_`, looked up at each call: swapped here,
    and back after, so nothing outside the command line's parsing sees the change.
    """
    table = {str(text): text.in_language(translate) for text in ARGPARSE_TEXTS}
    original = getattr(argparse, "_", None)
    if original is None:  # another argparse: its texts stay English
        yield
        return
    setattr(argparse, "_", lambda text: table.get(text, original(text)))  # noqa: B010 - a module's global
    try:
        yield
    finally:
        setattr(argparse, "_", original)  # noqa: B010


def _size(text: str, translate: Translate = untranslated) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        malformed = QT_TRANSLATE_NOOP("CommandLine", "expected WIDTHxHEIGHT such as 1600x1000, got {text}")
        raise argparse.ArgumentTypeError(Message(malformed, text=repr(text)).text(translate)) from None
    if not (320 <= w <= 8000 and 240 <= h <= 8000):
        out_of_range = QT_TRANSLATE_NOOP("CommandLine", "size {size} is out of range (320x240 to 8000x8000)")
        raise argparse.ArgumentTypeError(Message(out_of_range, size=f"{w}x{h}").text(translate))
    return w, h


def _steps(text: str, translate: Translate = untranslated) -> int:
    try:
        n = int(text)
    except ValueError:
        n = -1
    if not 0 <= n <= 10_000_000:
        refused = QT_TRANSLATE_NOOP("CommandLine", "steps must be a whole number between 0 and 10,000,000")
        raise argparse.ArgumentTypeError(refused.in_language(translate))
    return n


def parse_args(argv: list[str], translate: Translate | None = None) -> argparse.Namespace:
    """The command-line options; help and errors in the language of `translate` (else the one chosen)."""
    tr = cli_translate(cli_language(argv)) if translate is None else translate
    with _argparse_speaking(tr):
        return _parser(tr).parse_args(argv)


def _parser(tr: Translate) -> argparse.ArgumentParser:
    def say(text: Marked) -> str:  # argparse fills in %(…)s: a literal % in a translation is doubled
        return text.in_language(tr).replace("%", "%%")

    p = argparse.ArgumentParser(prog="visualnet", description=say(QT_TRANSLATE_NOOP(
        "CommandLine", "Watch a neural network learn.")))
    p.add_argument("file", nargs="?", help=say(QT_TRANSLATE_NOOP(
        "CommandLine", "a session or lesson (.json) or a dataset (.csv) to open")))
    p.add_argument("--version", action="version", version=f"visualnet {visualnet.__version__}",
                   help=say(QT_TRANSLATE_NOOP("CommandLine", "show the version and exit")))
    p.add_argument("--snapshot", metavar="OUT.png", help=say(QT_TRANSLATE_NOOP(
        "CommandLine", "render the window offscreen to a PNG and exit")))
    p.add_argument("--record", metavar="OUT.gif|OUT.mp4", help=say(QT_TRANSLATE_NOOP(
        "CommandLine",
        "film --steps training iterations offscreen as --frames frames (GIF or MP4) and exit")))
    p.add_argument("--frames", type=int, default=40, help=say(QT_TRANSLATE_NOOP(
        "CommandLine", "frames of a --record video (default 40)")))
    p.add_argument("--preset", default=None, help=say(QT_TRANSLATE_NOOP(
        "CommandLine", "data preset to start with (e.g. xor, moons, spirals, and)")))
    p.add_argument("--steps", type=lambda text: _steps(text, tr), default=200, help=say(QT_TRANSLATE_NOOP(
        "CommandLine", "training iterations before the snapshot")))
    p.add_argument("--size", type=lambda text: _size(text, tr), default=(1600, 1000), help=say(
        QT_TRANSLATE_NOOP("CommandLine", "window size for the snapshot, WxH")))
    p.add_argument("--theme", choices=("light", "dark", "system"), default=None, help=say(QT_TRANSLATE_NOOP(
        "CommandLine", "the colour theme (else the one last chosen in View)")))
    p.add_argument("--projector", action="store_true", help=say(QT_TRANSLATE_NOOP(
        "CommandLine", "large text and thicker lines")))
    p.add_argument("--lang", choices=("system", "en", "zh_CN"), default=None, help=say(QT_TRANSLATE_NOOP(
        "CommandLine",
        "the language: en (English), zh_CN (简体中文) or system (else the one last chosen in View)")))
    return p


def resolve_preset(name: str) -> str:
    """Match a preset name loosely: 'xor' -> 'XOR', 'xor-clouds' -> 'XOR clouds'."""
    from visualnet.core.data import PRESETS

    wanted = name.lower().replace("-", " ").replace("_", " ").strip()
    for key in PRESETS:
        if key.lower() == wanted:
            return key
    unknown = QT_TRANSLATE_NOOP("CommandLine", "unknown preset {name}; choose one of: {choices}")
    raise TranslatableError(unknown, name=repr(name), choices=", ".join(PRESETS))


def has_display() -> bool:
    """Whether Qt can open a window here (or was told which platform to use)."""
    if os.environ.get("QT_QPA_PLATFORM") or sys.platform in ("win32", "darwin"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `visualnet` command."""
    # Tiny networks: BLAS threads only add hand-off latency. Must be set before numpy loads.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    argv = sys.argv[1:] if argv is None else argv
    tr = cli_translate(cli_language(argv))  # what is said before the window's language is set up
    args = parse_args(argv, tr)
    try:
        preset = resolve_preset(args.preset) if args.preset else None
    except ValueError as err:
        print(f"visualnet: {message_of(err, tr)}", file=sys.stderr)
        return 2
    scripted = bool(args.snapshot or args.record)  # offscreen, never the user's settings or autosave
    if args.snapshot and args.record:
        refused = QT_TRANSLATE_NOOP("CommandLine", "choose --snapshot or --record, not both").in_language(tr)
        print(f"visualnet: {refused}", file=sys.stderr)
        return 2
    if scripted:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not has_display():
        print(NO_DISPLAY.in_language(tr), file=sys.stderr)
        return 2

    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from visualnet import files, lessons
    from visualnet.app.window import MainWindow

    doc = None
    # a lesson file is read (and a bad one refused) by the window, which then starts the lesson
    if scripted and args.file and not lessons.is_lesson_file(args.file):
        # A bad file in a scripted run: one line on stderr, exit code 2, never a traceback.
        # It is read once, here; the window applies what was read.
        try:
            doc = files.load_any(args.file)
        except files.FileFormatError as err:
            print(f"visualnet: {message_of(err, tr)}", file=sys.stderr)
            return 2
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("visualnet")
    app.setOrganizationName("visualnet")
    # before any widget exists, so every text is made in the language chosen
    from visualnet.app import i18n, workers
    chosen = args.lang or ("system" if scripted else str(QSettings().value("view/language", "system")))
    i18n.language().apply(chosen if chosen in i18n.CHOICES else "system")
    # a snapshot or a recording never reads or writes the user's settings and autosave
    window = MainWindow() if scripted else _interactive_window()
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
    # the interactive app computes loss surfaces on a worker thread while its event loop runs (a
    # script, a test or --snapshot computes them inline: what is drawn is then the same every time)
    workers.LatestWins.mode = "event loop"
    try:
        code = app.exec()
    finally:
        restore_signals()
    # closing the last window also asks the loop to quit (with 0): the signal's code wins
    return 128 + ended_by[0] if ended_by else code


def _interactive_window() -> MainWindow:
    """The window of an interactive run: the user's settings, autosave and log, and the error reporter."""
    from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

    from visualnet.app.errors import ErrorReporter, setup_logging
    from visualnet.app.window import MainWindow

    data_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    log_path, log_problem = None, ""
    if not data_dir:
        log_problem = QCoreApplication.translate("CommandLine", "no folder for the app's data was found")
    try:
        log_path = setup_logging(data_dir) if data_dir else None
    except OSError as err:  # the app runs without its log rather than not at all
        unwritable = QCoreApplication.translate("CommandLine", "the log cannot be written in {folder} "
                                                "({why})")
        log_problem = unwritable.format(folder=data_dir, why=err.strerror or err)
    window = MainWindow(settings=QSettings(), data_dir=data_dir)
    notice = window.report_storage(log_problem)
    if notice:  # no log file holds it: the terminal, if any, should
        print(f"visualnet: {notice}", file=sys.stderr)
    reporter = ErrorReporter(window, log_path)
    said = QCoreApplication.translate("ErrorReporter", "Error: {error}")
    reporter.caught.connect(lambda text: window.statusBar().showMessage(said.format(error=text), 10000))
    reporter.install()
    return window


def record(window: MainWindow, path: str, frames: int, steps: int, size: tuple[int, int]) -> int:
    """Film `steps` training iterations as `frames` frames of the data view (GIF or MP4 by suffix)."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from visualnet.app import exports, i18n

    window.resize(*size)
    window.show()
    QApplication.processEvents()
    try:
        done = exports.record(window, path, frames, max(1, steps // max(frames, 1)))
    except (OSError, ValueError) as err:  # no ffmpeg, a folder that cannot be written, bad numbers
        print(f"visualnet: {i18n.error_text(err)}", file=sys.stderr)
        return 2
    finally:
        window.close()
    said = QCoreApplication.translate("CommandLine", "recorded {path} ({frames} frames)")
    print(f"visualnet: {said.format(path=path, frames=done)}")
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
    from PySide6.QtCore import QCoreApplication

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
        refused = QCoreApplication.translate("CommandLine", "could not write the snapshot to {path}")
        print(f"visualnet: {refused.format(path=path)}", file=sys.stderr)
        return 1
    said = QCoreApplication.translate("CommandLine", "saved {path} ({size}, {iterations} iterations)")
    print(f"visualnet: {said.format(path=path, size=f'{size[0]}x{size[1]}', iterations=done)}")
    return 0
