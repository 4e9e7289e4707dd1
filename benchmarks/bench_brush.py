"""Brush benchmark: strokes of the data view's brushes on a large dataset, through the real window.

    .venv/bin/python benchmarks/bench_brush.py [--points 10000] [--stroke 1000] [--all-views]

Each tick goes the way the mouse's does: the stroke's tick (data_tools.BrushStrokes) asks for one edit,
the window pushes an undo command (merged into the stroke's), the session emits its event, every visible
view refreshes, and Qt paints. A brush stroke sprays `--stroke` points at full strength (30 points a
tick) while the cursor crosses the view; a jitter and a magnet stroke move the points under the cursor
for as many ticks. Prints the median milliseconds per tick and the frames per second they allow (the
first bar: 30 or more at 10,000 points), the 95th percentile (issue 19's: a stroke redraws within 16 ms),
the slowest tick, the undo of each stroke (one step), and the machine's load. `--all-views` opens the
late panels as well (bench_frame.open_panels).
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

from visualnet.app.views.data_tools import TICK_MS
from visualnet.app.window import MainWindow
from visualnet.core import data
from visualnet.presenters.brushes import Tool
from visualnet.session import Session


def stroke(win: MainWindow, tool: Tool, ticks: int, path: np.ndarray
           ) -> tuple[list[float], list[float], float, int]:
    """One stroke of `tool` along `path` (ticks, 2) in data units, a tick at each place: the wall clock
    and this process's CPU ms of each tick with the paint after it, the ms of its undo, and how many
    points the stroke added or moved."""
    view = win.dataset_view
    view.tools.set_tool(tool)
    brushes = view.brushes
    wall, cpu = [], []
    index = win.undo_stack.index()
    for k in range(ticks):
        t0, c0 = time.perf_counter(), time.process_time()
        if k == 0:
            brushes.begin(QPointF(*path[0]))  # as a press: the first tick at once
            brushes.timer.stop()  # the benchmark ticks the stroke itself, one tick a frame
        else:
            brushes.move_to(QPointF(*path[k]))
            brushes.act(TICK_MS / 1000)
        QApplication.processEvents()
        wall.append(1e3 * (time.perf_counter() - t0))
        cpu.append(1e3 * (time.process_time() - c0))
    brushes.end()
    assert win.undo_stack.index() == index + 1, "a stroke is one undo step"
    touched = len(getattr(win.undo_stack.command(index), "indices", ()))
    t0 = time.perf_counter()
    win.undo_stack.undo()
    QApplication.processEvents()
    return wall, cpu, 1e3 * (time.perf_counter() - t0), touched


def main() -> None:
    """Time a brush, a jitter and a magnet stroke and print the figures."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--points", type=int, default=10_000)
    p.add_argument("--stroke", type=int, default=1000, help="points a brush stroke sprays")
    p.add_argument("--size", default="1600x1000")
    p.add_argument("--all-views", action="store_true", help="open the late panels too (bench_frame's)")
    args = p.parse_args()
    app = QApplication.instance() or QApplication([])
    w, h = (int(v) for v in args.size.split("x"))
    win = MainWindow(Session(data.PRESETS["XOR clouds"].make(n=args.points, seed=0)))
    win.resize(w, h)
    win.show()
    win.connect_data_tools()  # as MainWindow._connect does
    QApplication.processEvents()
    if args.all_views:
        from bench_frame import open_panels  # (beside this script)

        open_panels(win)
    settle = time.perf_counter() + 1.0  # the window's start ends (its scenes' first layouts, a surface
    while time.perf_counter() < settle:  # on its worker), as before a person's first stroke: ~13 ms
        QApplication.processEvents()  # of the first tick were that, not the stroke
        time.sleep(0.01)
    view = win.dataset_view
    view.tools.intensity.setValue(100)  # 1,000 points a second: 30 a tick
    view.tools.radius.setValue(40)
    ticks = -(-args.stroke // 30)
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    t = np.linspace(0.15, 0.85, ticks)[:, None]
    path = np.column_stack([x0 + (x1 - x0) * t, y0 + (y1 - y0) * (0.3 + 0.4 * t)])  # across the view
    load = f", load average {os.getloadavg()[0]:.2f}" if platform.system() != "Windows" else ""
    views = "every view and late panel" if args.all_views else "every view"
    print(f"visualnet brush benchmark: {args.points:,} points, window {w}x{h}, {views} visible, "
          f"paused, {ticks} ticks a stroke, radius 40 px, strength 100 %{load}")
    strokes: list[tuple[Tool, str]] = [("brush", f"brush stroke of {args.stroke:,} points"),
                                       ("jitter", "jitter stroke"), ("magnet", "magnet stroke")]
    for tool, what in strokes:
        n = len(win.session.dataset)
        wall, cpu, undo, touched = stroke(win, tool, ticks, path)
        ms = statistics.median(wall)
        p95 = float(np.percentile(wall, 95))
        total = sum(wall)
        print(f"  {what:30s} median {ms:6.2f} ms a tick = {1e3 / ms:6.1f} frames/s"
              f"  {'(>= 30: met)' if ms <= 1e3 / 30 else '(< 30: MISSED)'}  p95 {p95:6.2f} ms"
              f" {'(<= 16: met)' if p95 <= 16 else '(> 16: MISSED)'}"
              f"  slowest {max(wall):6.2f} ms (tick {int(np.argmax(wall)) + 1})"
              f"  CPU {statistics.median(cpu):6.2f} ms  stroke {total:7.1f} ms  undo {undo:6.2f} ms"
              f"  ({touched:,} points {'added' if tool == 'brush' else 'moved'})")
        assert len(win.session.dataset) == n, "the undo took the stroke back"
    win.close()
    app.quit()


if __name__ == "__main__":
    main()
