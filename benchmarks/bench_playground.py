"""Playground and landscape benchmark: race frames per second, and a random-direction loss plane.

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_playground.py

Figures (each the median of many runs):

- one playground frame with all six optimizers racing on Rosenbrock: `race.step(n)` + `refresh()`
  (every item's setData, the readouts) + a synchronous repaint of the whole plot, offscreen; at 1
  and 10 steps per frame, with the arrows off and on, once the paths are 2,000 steps long, with the
  playground at its size in the default window's dock (470×380), at 900×600 and at a large
  1600×1000 (target: 60 fps, i.e. <= 16.7 ms per frame). The playground draws the race with one
  item (`playground_paths.RunnersItem`) and the surface from one picture made per plot size; the
  benchmark checks that no frame makes that picture again;
- the loss of a trained [2, 8, 8, 2] ReLU network on 300 spiral points over a 41×41 plane through two
  orthonormal filter-normalised random directions (`landscape.plane_losses`, float32; target <= 15 ms),
  next to bench_core's loss slice over two first-layer weights on the same network, which shows how
  busy the machine is right now (its own target is also 15 ms).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the tests: tiny nets only lose to BLAS threads
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np

from visualnet.core import landscape, optimizers
from visualnet.core.data import spirals
from visualnet.core.grids import loss_slice, param_window
from visualnet.core.mlp import MLP
from visualnet.core.surfaces import SURFACES

FRAME_TARGET_MS = 1000 / 60
PLANE_TARGET_MS = 15.0
SEED = 0


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median wall, best wall and median CPU milliseconds of fn() over `runs` runs, after two warm-ups.

    CPU time is this thread's own: on a shared machine the wall time also counts the waits for a
    core, the CPU time only the work (offscreen drawing is done on the CPU, in this thread); the
    best run is what an idle machine would give every time.
    """
    fn()
    fn()
    wall, cpu = [], []
    for _ in range(runs):
        t0, c0 = time.perf_counter(), time.thread_time()
        fn()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    return 1e3 * statistics.median(wall), 1e3 * min(wall), 1e3 * statistics.median(cpu)


def verdict(ms: float, target: float) -> str:
    return f"target <= {target:.1f} ms: {'ok' if ms <= target else 'MISSED'}"


SIZES = ((470, 380, "the default dock"), (900, 600, ""), (1600, 1000, "large"))


def bench_frames(runs: int, width: int, height: int, name: str) -> None:
    from PySide6.QtWidgets import QApplication

    from visualnet.app import palette
    from visualnet.app.playground import OptimizerPlayground

    app = QApplication.instance() or QApplication([])
    palette.configure_pyqtgraph()
    w = OptimizerPlayground()
    w.resize(width, height)
    w.show()
    app.processEvents()
    w.set_surface(SURFACES["Rosenbrock"])
    for box in w.checks.values():
        box.setChecked(True)
    w.step(2000)
    app.processEvents()
    plot = w.plot.size()
    print(f"playground, six optimizers on Rosenbrock, {width}x{height}{f' ({name})' if name else ''} "
          f"offscreen, plot {plot.width()}x{plot.height()}, "
          f"paths of {len(w.race.runner('Adam').path)} points:")
    for arrows in (False, True):
        for box in w.glyph_checks.values():
            box.setChecked(arrows)
        for steps in (1, 10):
            def update(n: int = steps) -> None:
                w.step(n)

            def frame(n: int = steps) -> None:
                w.step(n)
                w.plot.viewport().repaint()

            up, up_best, _ = median_ms(update, runs)
            full, full_best, full_cpu = median_ms(frame, runs)
            label = f"{steps:>2} step{'s' if steps > 1 else ' '}/frame, arrows {'on ' if arrows else 'off'}"
            print(f"  {label}: step + setData {up:5.2f} ms (best {up_best:5.2f}); + repaint {full:5.2f} ms "
                  f"(best {full_best:5.2f}, CPU {full_cpu:5.2f}) = {1000 / full:3.0f} fps "
                  f"({verdict(full, FRAME_TARGET_MS)})")
    renders = w.surface_item.renders
    w.step(1)
    w.plot.viewport().repaint()
    assert w.surface_item.renders == renders, "a frame made the surface's picture again"
    race_only, _, _ = median_ms(lambda: w.race.step(1), runs)
    print(f"  the race alone, six optimizers, one step: {race_only:.3f} ms")
    w.close()


def bench_plane(runs: int) -> None:
    d = spirals(n=300, seed=SEED)
    X, t = d.inputs(), d.targets()
    net = MLP([2, 8, 8, 2], activation="relu", task="classification", seed=SEED)
    opt = optimizers.SGD(lr=0.1)
    for _ in range(200):  # a live network, some way into training
        opt.update(net.params, net.gradient(X, t))
    plane = landscape.random_plane(net.params, seed=SEED)
    a = np.linspace(-1.0, 1.0, 41)
    ms, best, cpu = median_ms(lambda: landscape.plane_losses(net, X, t, plane, a, a), runs)
    print(f"loss plane, random directions, 41x41, 300 points, [2, 8, 8, 2], all {net.param_count} parameters "
          f"moving: {ms:.2f} ms (best {best:.2f}, CPU {cpu:.2f}; {verdict(ms, PLANE_TARGET_MS)})")
    w = net.params["W1"].ravel()
    v1, v2 = param_window(w[0], 2.0, 41), param_window(w[1], 2.0, 41)
    ref, ref_best, _ = median_ms(lambda: loss_slice(net, X, t, ("W1", 0), ("W1", 1), v1, v2), runs)
    print(f"  for the machine's load now: bench_core's loss slice over W1[0], W1[1] on the same net: "
          f"{ref:.2f} ms (best {ref_best:.2f}; its target {PLANE_TARGET_MS:.0f} ms); "
          f"plane / slice = {ms / ref:.2f}")


def main() -> None:
    runs = 41
    print(f"load average {os.getloadavg()[0]:.2f}")
    for width, height, name in SIZES:
        bench_frames(runs, width, height, name)
    bench_plane(runs)
    print(f"load average {os.getloadavg()[0]:.2f} (at the end)")


if __name__ == "__main__":
    main()
