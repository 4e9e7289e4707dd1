"""Soak benchmark: 100,000 training iterations with every view live; memory and frame-time drift.

    .venv/bin/python benchmarks/bench_soak.py [--iterations 100000] [--speed 10]

Frames run as the training clock runs them (step(speed), every view refreshed, Qt paints). After a
warm-up of 10 % of the run, it prints the resident memory growth (the bar: under 10 MB) and the median
frame time of each tenth of the run (the bar: no upward drift).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (visualnet.app.main)

from PySide6.QtWidgets import QApplication

from visualnet.app.window import MainWindow
from visualnet.core import data
from visualnet.session import Config, Session


def rss_mb() -> float:
    """Current resident set size in MB (Linux /proc; falls back to the peak elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run the soak and print the figures."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--iterations", type=int, default=100_000)
    p.add_argument("--speed", type=int, default=10, help="iterations per frame")
    args = p.parse_args()
    app = QApplication.instance() or QApplication([])
    session = Session(data.PRESETS["XOR clouds"].make(n=200, seed=0), Config(lr=0.05))
    win = MainWindow(session)
    win.resize(1600, 1000)
    win.show()
    QApplication.processEvents()
    frames = args.iterations // args.speed
    warm = frames // 10
    times: list[float] = []
    rss_after_warmup = 0.0
    t_start = time.perf_counter()
    for k in range(frames):
        t0 = time.perf_counter()
        session.step(args.speed)  # emits one `stepped`: every visible view refreshes, as on a tick
        QApplication.processEvents()
        times.append(1e3 * (time.perf_counter() - t0))
        if k == warm:
            rss_after_warmup = rss_mb()
    rss_end = rss_mb()
    total = time.perf_counter() - t_start
    print(f"visualnet soak: {session.trainer.iteration:,} iterations in {frames:,} frames "
          f"({total:.0f} s), every view visible, 1600x1000")
    growth = rss_end - rss_after_warmup
    print(f"  memory after warm-up {rss_after_warmup:.1f} MB, at the end {rss_end:.1f} MB: "
          f"growth {growth:+.1f} MB ({'< 10 MB: met' if growth < 10 else '>= 10 MB: MISSED'})")
    tenth = max(1, frames // 10)
    medians = [statistics.median(times[i : i + tenth]) for i in range(0, frames - tenth + 1, tenth)]
    print("  median frame ms per tenth of the run: " + ", ".join(f"{m:.1f}" for m in medians))
    drift = medians[-1] - statistics.median(medians[1:4]) if len(medians) >= 4 else 0.0
    print(f"  last tenth vs tenths 2-4: {drift:+.1f} ms ({'no upward drift' if drift < 1.0 else 'DRIFT'})")
    print(f"  history records kept: {len(session.history)} (bounded)")
    win.close()
    app.quit()


if __name__ == "__main__":
    main()
