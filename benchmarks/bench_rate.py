"""Speed benchmark: the training clock at a rate, with its real event loop; iterations and frames a second.

    .venv/bin/python benchmarks/bench_rate.py [--rate max] [--seconds 6] [--size 1600x1000] [--points 200]
                                              [--all-views]

The window offscreen at `--size`, every view visible, [2, 8, 8, 2] (SGD, batch 10) on XOR clouds, the
training clock running at `--rate` iterations a second (or "max") for `--seconds`, the event loop doing
what it does in the app (ticks, refreshes, paints). Prints the iterations a second reached, the frames
a second drawn (clock ticks that trained; at max every tick trains), the median and 95th percentile
of the time between the starts of two ticks (the gap: a tick that had to wait makes it longer), of the
time a tick itself took (its frame's work: training, and at max the drawing of the frame before too,
see app.training_clock), and of the training time of a frame (median, p95 and worst, against the pace's
budget). The issue's bar at max: at least 5,000 iterations a second while the window draws 50
frames a second or more. The load average is printed too. `--all-views` opens the late panels as well
(bench_frame.open_panels: the neuron maps, the hidden space, the inspector, ...).

    .venv/bin/python benchmarks/bench_rate.py --compare OTHER_TREE [--points 200 --points 10000] [--repeat 2]

measures OTHER_TREE's visualnet ("before", e.g. a copy of the package's directory) and this tree's in
turns, each run in a fresh process, alternating which goes first, and prints one table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (visualnet.app.main)
sys.path.append(str(Path(__file__).resolve().parents[1]))  # after PYTHONPATH: --compare's other tree wins

import numpy as np
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from visualnet.app.window import MainWindow
from visualnet.app.workers import LatestWins
from visualnet.core import data
from visualnet.pace import MAX_RATE
from visualnet.session import Config, Session


def measure(rate: int, seconds: float, size: tuple[int, int], points: int,
            all_views: bool = False) -> dict[str, float]:
    """Run the clock at `rate` for `seconds` (the late panels open too: `all_views`); the figures."""
    ds = data.PRESETS["XOR clouds"].make(n=points, seed=0)
    win = MainWindow(Session(ds, Config(hidden=(8, 8), batch_size=10, lr=0.1)))
    win.resize(*size)
    win.show()
    win.dataset_view.fit_view()
    for dock in win.docks.values():  # every view on screen
        dock.show()
    QApplication.processEvents()
    if all_views:
        from bench_frame import open_panels  # (beside this script)

        open_panels(win)
    win.controls.speedSpin.setValue(rate)
    ticks: list[tuple[float, float]] = []  # (start, duration) of each tick
    trained: list[int] = []
    train_ms: list[float] = []  # each trained frame's training time (the trainer's own clock)
    # connected after the window's own handler: it runs when the tick is done, which took last_frame_ms
    win.clock.timeout.connect(lambda: ticks.append((time.perf_counter() - win.last_frame_ms / 1e3,
                                                    win.last_frame_ms)))
    win.bridge.stepped.connect(lambda report: (trained.append(report.iterations_done),
                                               train_ms.append(1e3 * report.seconds)))
    start = win.session.trainer.iteration
    win.set_playing(True)
    loop = QEventLoop()
    QTimer.singleShot(round(seconds * 1000), loop.quit)
    t0 = time.perf_counter()
    loop.exec()
    elapsed = time.perf_counter() - t0
    win.set_playing(False)
    done = win.session.trainer.iteration - start
    starts = np.array([start for start, _ in ticks])
    gaps = np.diff(starts) * 1e3
    work = np.array([ms for _, ms in ticks] or [0.0])
    win.close()
    train = np.asarray(train_ms or [0.0])
    return {"it/s": done / elapsed, "frames/s": len(trained) / elapsed, "ticks/s": len(ticks) / elapsed,
            "median ms": float(np.median(gaps)), "p95 ms": float(np.percentile(gaps, 95)),
            "tick median ms": float(np.median(work)), "tick p95 ms": float(np.percentile(work, 95)),
            "per frame": statistics.mean(trained) if trained else 0.0,
            "train median ms": float(np.median(train)), "train p95 ms": float(np.percentile(train, 95)),
            "train max ms": float(train.max()), "load": os.getloadavg()[0]}


def line(f: dict[str, float]) -> str:
    """One run's figures on a line."""
    return (f"{f['it/s']:,.0f} iterations/s, {f['frames/s']:.1f} frames/s ({f['per frame']:.0f} iterations a "
            f"frame), tick gap median {f['median ms']:.1f} ms, p95 {f['p95 ms']:.1f} ms; a tick's work "
            f"median {f.get('tick median ms', 0):.1f} ms, p95 {f.get('tick p95 ms', 0):.1f}; training a "
            "frame "
            f"median {f['train median ms']:.2f} ms, p95 {f['train p95 ms']:.2f}, "
            f"worst {f['train max ms']:.2f} (load {f['load']:.2f})")


def compare(other: str, args: argparse.Namespace) -> None:
    """Each dataset size in turns in fresh processes, OTHER_TREE's visualnet and this tree's; one table."""
    trees = {"before": os.path.abspath(other), "after": str(Path(__file__).resolve().parents[1])}
    views = ", every late panel open too" if args.all_views else ""
    print(f"rate {args.rate} at {args.size}{views}, {args.seconds:g} s a run, before ({trees['before']}) "
          f"and after ({trees['after']}) in turns; load average {os.getloadavg()[0]:.2f}")
    rows = []
    for points in args.points or [200]:
        runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
        for k in range(args.repeat):
            for name in (("before", "after") if k % 2 == 0 else ("after", "before")):
                cmd = [sys.executable, os.path.abspath(__file__), "--rate", args.rate, "--seconds",
                       str(args.seconds), "--size", args.size, "--points", str(points), "--json",
                       *(["--all-views"] if args.all_views else [])]
                env = dict(os.environ, PYTHONPATH=trees[name])
                out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
                runs[name].append(json.loads(out.strip().splitlines()[-1]))
                print(f"  {points:>6,} points, {name:6s}: {line(runs[name][-1])}", flush=True)
        rows.append((points, runs))
    print("\nsummary, median of the runs: it/s, frames/s, tick gap p95 ms, tick work p95 ms, "
          "training p95 ms: before -> after")
    for points, runs in rows:
        b, a = ({key: statistics.median(r[key] for r in runs[name]) for key in runs[name][0]}
                for name in ("before", "after"))
        before, after = (f"{f['it/s']:7,.0f} / {f['frames/s']:4.1f} / {f['p95 ms']:5.1f} / "
                         f"{f['tick p95 ms']:5.1f} / {f['train p95 ms']:5.2f}" for f in (b, a))
        print(f"  {points:>6,} points: {before}  ->  {after}")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rate", default="max", help='iterations a second, or "max"')
    p.add_argument("--seconds", type=float, default=6.0)
    p.add_argument("--size", default="1600x1000")
    p.add_argument("--points", type=int, action="append", help="dataset size (repeat for several with "
                   "--compare; default 200)")
    p.add_argument("--all-views", action="store_true", help="open the late panels too (bench_frame's)")
    p.add_argument("--compare", metavar="OTHER_TREE", help="measure OTHER_TREE's visualnet too, in turns")
    p.add_argument("--repeat", type=int, default=2, help="runs of each tree with --compare")
    p.add_argument("--json", action="store_true", help=argparse.SUPPRESS)  # one run's figures (--compare)
    args = p.parse_args()
    if args.compare:
        compare(args.compare, args)
        return
    LatestWins.mode = "event loop"  # the loss surface on its worker, as the app runs it (main.py)
    points = (args.points or [200])[0]
    rate = MAX_RATE if args.rate == "max" else int(args.rate)
    w, _, h = args.size.partition("x")
    QApplication.instance() or QApplication([])
    if not args.json:
        print(f"load average {os.getloadavg()[0]:.2f}")
    f = measure(rate, args.seconds, (int(w), int(h)), points, args.all_views)
    if args.json:
        print(json.dumps(f))
        return
    views = ", every late panel open too" if args.all_views else ""
    print(f"rate {args.rate} at {args.size}, {points} points{views}: {line(f)}")


if __name__ == "__main__":
    main()
