"""Network race benchmark: six optimizers training [2, 8, 8, 2] at batch 16, frame by frame.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_race.py

Figures, for the race panel alone at 560×860 offscreen on XOR clouds (200 points, 160 training):

- one frame as the panel's clock runs it while playing: every racer's `step(n)` + `refresh()`
  (loss curves, paths projected on the plane, heads, readouts; the plane, its 41×41 surface and
  contours are refitted at most every 0.3 s) + a synchronous repaint of both plots. Printed as the
  median and the mean over 300 consecutive frames (the mean includes the refits), and the 95th
  percentile; at 1 and 5 iterations per frame, once the paths are 2,000 iterations long
  (target: 30 frames per second, i.e. a mean <= 33.3 ms);
- the parts: the six racers' steps alone, a refit of the plane + surface alone.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the tests: tiny nets only lose to BLAS threads
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from visualnet.core import optimizers
from visualnet.session import Config, Session

FRAME_TARGET_MS = 1000 / 30
FRAMES = 300


def verdict(ms: float, target: float) -> str:
    return f"target <= {target:.1f} ms: {'ok' if ms <= target else 'MISSED'}"


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from visualnet.app import palette
    from visualnet.app.race_view import RaceView

    app = QApplication.instance() or QApplication([])
    palette.configure_pyqtgraph()
    session = Session(config=Config(hidden=(8, 8), batch_size=16))
    view = RaceView(session)
    view.resize(560, 860)
    view.show()
    app.processEvents()
    for name in optimizers.NAMES:
        view.checks[name].setChecked(True)
    race = view.race
    assert len(race.active) == 6 and session.model.sizes == [2, 8, 8, 2]
    for _ in range(1000):  # two iterations a frame: paths of about 2,000 recorded points
        race.step(2)
    view.refresh(surface=True)
    app.processEvents()
    print(f"network race, six optimizers, {session.model.sizes} batch 16, 560x860 offscreen, "
          f"paths of {len(race.racer('Adam').path())} points:")
    # playing, but the clock never fires by itself: each frame is one _on_tick, timed here
    view.timer.setInterval(3_600_000)
    view.set_playing(True)
    for steps in (1, 5):
        view.speed.setValue(steps)
        wall, cpu = [], []
        for _ in range(FRAMES):
            t0, c0 = time.perf_counter(), time.thread_time()
            view._on_tick()
            view.loss_plot.viewport().repaint()
            view.surface_plot.viewport().repaint()
            wall.append(1e3 * (time.perf_counter() - t0))
            cpu.append(1e3 * (time.thread_time() - c0))
        mean = statistics.fmean(wall)
        print(f"  {steps} it/frame: median {statistics.median(wall):5.1f} ms, mean {mean:5.1f} ms "
              f"(CPU {statistics.fmean(cpu):5.1f}), 95th percentile {np.percentile(wall, 95):5.1f} ms "
              f"= {1000 / mean:3.0f} fps ({verdict(mean, FRAME_TARGET_MS)})")
    view.set_playing(False)
    steps = []
    for _ in range(50):
        t0 = time.perf_counter()
        race.step(1)
        steps.append(1e3 * (time.perf_counter() - t0))
    print(f"  the six racers' step alone (1 iteration): {statistics.median(steps):.2f} ms")
    refits = []
    for _ in range(20):
        t0 = time.perf_counter()
        view._refit_plane()
        refits.append(1e3 * (time.perf_counter() - t0))
    print(f"  a refit of the plane + 41x41 surface + contours: {statistics.median(refits):.1f} ms "
          f"(best {min(refits):.1f})")
    view.close()


if __name__ == "__main__":
    main()
