"""Big-network benchmark: model reset and frame times of the largest accepted network in the real window.

    .venv/bin/python benchmarks/bench_bignet.py [--frames 30] [--resets 5] [--profile] [--hidden 128,128]
                                                [--points 200]

The window is shown offscreen at 1280x800 with every view visible, on XOR clouds of 200 points
(--points N for another count), ReLU, SGD at batch 10. For the largest network the limits accept
(six layers of 64, and one of 256 then one of 80: both just within MAX_PARAMETERS weights and
biases) and for the default [2, 8, 8, 2] it prints:

- a model reset: `Session.reset_weights()` (the new network and its trainer) plus the window's
  refresh of every view it triggers, then the paint (target < 0.5 s);
- a frame: one training iteration (speed 1) announced through the session's signals, so every
  visible view refreshes, then the paint (target < 50 ms), with the loss surface in its default
  mode (two parameters), then in each other mode;

each as the median and 90th percentile of wall-clock milliseconds. --hidden measures another
network instead of the largest (even one beyond the limits, to see what they protect against).
With --profile it also prints cProfile's top functions (cumulative time) over that network's resets
and frames. Nothing is asserted: the figures are for the README and the issue's closing note.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import os
import pstats
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (visualnet.app.main)

import numpy as np
from PySide6.QtWidgets import QApplication

from visualnet.app.window import MainWindow
from visualnet.core import data
from visualnet.limits import MAX_HIDDEN_LAYERS, MAX_HIDDEN_WIDTH
from visualnet.session import Config, Session

LARGEST = (64,) * MAX_HIDDEN_LAYERS  # the deepest network of the widest layers within MAX_PARAMETERS
WIDE = (MAX_HIDDEN_WIDTH, 80)  # one layer as wide as allowed, the next as wide as the budget lets
DEFAULT = (8, 8)


def make_window(hidden: tuple[int, ...], points: int = 200,
                size: tuple[int, int] = (1280, 800)) -> MainWindow:
    """The window on XOR-clouds points with an MLP of `hidden`, every view visible, shown."""
    ds = data.PRESETS["XOR clouds"].make(n=points, seed=0)
    session = Session(ds, Config(activation="relu", batch_size=10))
    # set past the settings' validation: --hidden may ask for a network beyond the limits
    session.config.hidden = hidden
    session.reset_weights()
    win = MainWindow(session)
    win.resize(*size)
    win.show()
    QApplication.processEvents()
    return win


def wall_ms(fn: Callable[[], object]) -> float:
    """Milliseconds from calling `fn` to the window repainted."""
    t0 = time.perf_counter()
    fn()
    QApplication.processEvents()
    return 1e3 * (time.perf_counter() - t0)


def measure(hidden: tuple[int, ...], points: int, frames: int, resets: int,
            profile: cProfile.Profile | None = None) -> tuple[list[float], dict[str, list[float]]]:
    """Reset ms, and frame ms in each loss-surface mode (the default "exact" first), of a window with
    an MLP of `hidden` on `points`, after a short warm-up."""
    win = make_window(hidden, points)
    view = win.loss_surface_view
    try:
        for _ in range(3):  # first paints, caches, the loss surface's first computation
            wall_ms(lambda: win.session.step(1))
        if profile is not None:
            profile.enable()
        reset = [wall_ms(win.session.reset_weights) for _ in range(resets)]
        frame = {"exact": [wall_ms(lambda: win.session.step(1)) for _ in range(frames)]}
        if profile is not None:
            profile.disable()
        for mode in ("random", "pca", "line"):
            view.mode_combo.setCurrentIndex(view.mode_combo.findData(mode))
            for _ in range(3):
                wall_ms(lambda: win.session.step(1))
            frame[mode] = [wall_ms(lambda: win.session.step(1)) for _ in range(frames)]
        return reset, frame
    finally:
        win.close()


def summary(times: list[float]) -> str:
    """'median 12.3 ms, p90 15.0 ms'."""
    return f"median {statistics.median(times):7.1f} ms, p90 {np.percentile(times, 90):7.1f} ms"


def main() -> None:
    """Measure the largest accepted network, then the default one."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--frames", type=int, default=30)
    p.add_argument("--resets", type=int, default=5)
    p.add_argument("--profile", action="store_true", help="cProfile the largest network's resets and frames")
    p.add_argument("--points", type=int, default=200, help="points of the XOR-clouds dataset")
    p.add_argument("--hidden", type=lambda text: tuple(int(n) for n in text.split(",")), default=None,
                   metavar="N,N,...", help="the hidden layers to measure instead of the largest accepted")
    args = p.parse_args()
    app = QApplication.instance() or QApplication([])
    print(f"visualnet big-network benchmark (offscreen, 1280x800, every view visible, "
          f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f})")
    for hidden in ((LARGEST, WIDE) if args.hidden is None else (args.hidden,)) + (DEFAULT,):
        sizes = [2, *hidden, 2]
        n_params = sum((a + 1) * b for a, b in itertools.pairwise(sizes))
        profile = cProfile.Profile() if args.profile and hidden != DEFAULT else None
        reset, frame = measure(hidden, args.points, args.frames, args.resets, profile)
        print(f"\n{sizes} ({n_params:,} parameters), {args.points:,} points")
        print(f"  model reset: {summary(reset)}   (target < 500 ms)")
        print(f"  frame:       {summary(frame.pop('exact'))}   (target < 50 ms)")
        for mode, times in frame.items():
            print(f"    loss surface in mode {mode + ':':7} {summary(times)}")
        if profile is not None:
            pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
    print(f"\nload average after: {os.getloadavg()[0]:.2f}")
    app.quit()


if __name__ == "__main__":
    main()
