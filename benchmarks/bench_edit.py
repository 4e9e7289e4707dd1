"""Editing benchmark: adding, dragging and undoing on a large dataset, through the real window.

    .venv/bin/python benchmarks/bench_edit.py [--points 10000] [--repeats 60] [--all-views]

Each edit goes through the same path as the mouse: an undo command, the session, its events, every
visible view refreshed, and Qt's paint. Prints the median milliseconds and the rate it allows
(the first bar: 30 edits per second or better at 10,000 points) and the 95th percentile (issue 19's: a
point drag at 10,000 points redraws within 16 ms), then the selection's edits:
one mouse move of a rubber band, of a drag of 100 selected points, and deleting them (with its undo).
The machine's load is printed too: on a shared machine the figures grow with it. `--all-views` opens
the late panels as well (bench_frame.open_panels).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (visualnet.app.main)

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from visualnet.app.window import MainWindow
from visualnet.core import data
from visualnet.session import Session


def timed(action, repeats: int) -> tuple[float, float, float]:
    """Median ms of `action(k)` followed by the event loop's paint: wall clock, and this process's
    CPU time (the app is one thread: on a busy machine the wall clock also counts the waits for a
    core, the CPU time does not); and the wall clock's 95th percentile."""
    wall, cpu = [], []
    for k in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        action(k)
        QApplication.processEvents()
        wall.append(1e3 * (time.perf_counter() - t0))
        cpu.append(1e3 * (time.process_time() - c0))
    return statistics.median(wall), statistics.median(cpu), float(np.percentile(wall, 95))


def main() -> None:
    """Time the three edits and print the figures."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--points", type=int, default=10_000)
    p.add_argument("--repeats", type=int, default=60)
    p.add_argument("--size", default="1600x1000")
    p.add_argument("--all-views", action="store_true", help="open the late panels too (bench_frame's)")
    args = p.parse_args()
    app = QApplication.instance() or QApplication([])
    w, h = (int(v) for v in args.size.split("x"))
    win = MainWindow(Session(data.PRESETS["XOR clouds"].make(n=args.points, seed=0)))
    win.resize(w, h)
    win.show()
    QApplication.processEvents()
    if args.all_views:
        from bench_frame import open_panels  # (beside this script)

        open_panels(win)
    rng = np.random.default_rng(0)
    xy = rng.uniform(-1, 1, (args.repeats, 2))
    load = f", load average {os.getloadavg()[0]:.2f}" if platform.system() != "Windows" else ""
    views = "every view and late panel" if args.all_views else "every view"
    print(f"visualnet edit benchmark: {args.points:,} points, window {w}x{h}, {views} visible, "
          f"paused{load}")
    results = {
        "add a point": timed(lambda k: win.add_point(*xy[k]), args.repeats),
        "drag a point (one mouse move)": timed(
            lambda k: win.move_point(5, *xy[k], drag_id=42, finished=False), args.repeats),
        "undo": timed(lambda k: win.undo_stack.undo(), args.repeats),
    }
    for name, (ms, cpu, p95) in results.items():
        print(f"  {name:32s} median {ms:7.2f} ms  = {1e3 / ms:6.1f} per second"
              f"  {'(>= 30/s: met)' if ms <= 1e3 / 30 else '(< 30/s: MISSED)'}   CPU {cpu:6.2f} ms"
              f"  p95 {p95:6.2f} ms {'(<= 16: met)' if p95 <= 16 else '(> 16: MISSED)'}")
    view = win.dataset_view
    corner = QPointF(-1.0, -1.0)
    chosen = rng.choice(len(win.session.dataset), min(100, len(win.session.dataset)), replace=False)
    start = win.session.dataset.X[chosen].copy()

    def band(k: int) -> None:
        view.select_in_rect(corner, QPointF(*xy[k]), finished=False)

    def drag_selected(k: int) -> None:
        view.set_selection(chosen)
        win.move_points(chosen, start + 0.1 * xy[k], drag_id=43, finished=False)

    def delete_selected(k: int) -> None:
        view.set_selection(chosen)
        win.delete_hovered()  # the Delete key's slot: the selection goes, as one undo step
        win.undo_stack.undo()

    selection = {
        "rubber band (one mouse move)": timed(band, args.repeats),
        "drag 100 selected (one move)": timed(drag_selected, args.repeats),
        "delete 100 selected, then undo": timed(delete_selected, args.repeats // 2),
    }
    for name, (ms, cpu, p95) in selection.items():
        print(f"  {name:32s} median {ms:7.2f} ms  = {1e3 / ms:6.1f} per second"
              f"                   CPU {cpu:6.2f} ms  p95 {p95:6.2f} ms")
    win.close()
    app.quit()


if __name__ == "__main__":
    main()
