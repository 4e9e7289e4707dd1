"""Speed benchmark: the training clock at a rate, with its real event loop; iterations and frames a second.

    .venv/bin/python benchmarks/bench_rate.py [--rate max] [--seconds 6] [--size 1600x1000] [--points 200]

The window offscreen at `--size`, every view visible, [2, 8, 8, 2] (SGD, batch 10) on XOR clouds, the
training clock running at `--rate` iterations a second (or "max") for `--seconds`, the event loop doing
what it does in the app (ticks, refreshes, paints). Prints the iterations a second reached, the frames
a second drawn (clock ticks that trained; at max every tick trains), and the median and 95th
percentile of the time between ticks. The issue's bar at max: at least 5,000 iterations a second while
the window draws 50 frames a second or more. The load average is printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (visualnet.app.main)
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from visualnet.app.window import MainWindow
from visualnet.core import data
from visualnet.pace import MAX_RATE
from visualnet.session import Config, Session


def measure(rate: int, seconds: float, size: tuple[int, int], points: int) -> dict[str, float]:
    """Run the clock at `rate` for `seconds`; the figures."""
    ds = data.PRESETS["XOR clouds"].make(n=points, seed=0)
    win = MainWindow(Session(ds, Config(hidden=(8, 8), batch_size=10, lr=0.1)))
    win.resize(*size)
    win.show()
    win.dataset_view.fit_view()
    for dock in win.docks.values():  # every view on screen
        dock.show()
    QApplication.processEvents()
    win.controls.speedSpin.setValue(rate)
    ticks: list[float] = []
    trained: list[int] = []
    win.clock.timeout.connect(lambda: ticks.append(time.perf_counter()))
    win.bridge.stepped.connect(lambda report: trained.append(report.iterations_done))
    start = win.session.trainer.iteration
    win.set_playing(True)
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    t0 = time.perf_counter()
    loop.exec()
    elapsed = time.perf_counter() - t0
    win.set_playing(False)
    done = win.session.trainer.iteration - start
    gaps = np.diff(ticks) * 1e3
    win.close()
    return {"it/s": done / elapsed, "frames/s": len(trained) / elapsed, "ticks/s": len(ticks) / elapsed,
            "median ms": float(np.median(gaps)), "p95 ms": float(np.percentile(gaps, 95)),
            "per frame": statistics.mean(trained) if trained else 0.0}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rate", default="max", help='iterations a second, or "max"')
    p.add_argument("--seconds", type=float, default=6.0)
    p.add_argument("--size", default="1600x1000")
    p.add_argument("--points", type=int, default=200)
    args = p.parse_args()
    rate = MAX_RATE if args.rate == "max" else int(args.rate)
    w, _, h = args.size.partition("x")
    QApplication.instance() or QApplication([])
    print(f"load average {os.getloadavg()[0]:.2f}")
    f = measure(rate, args.seconds, (int(w), int(h)), args.points)
    print(f"rate {args.rate} at {args.size}, {args.points} points: {f['it/s']:,.0f} iterations/s, "
          f"{f['frames/s']:.1f} frames/s ({f['per frame']:.0f} iterations a frame), "
          f"tick gap median {f['median ms']:.1f} ms, p95 {f['p95 ms']:.1f} ms")


if __name__ == "__main__":
    main()
