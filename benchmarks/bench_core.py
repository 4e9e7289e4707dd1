"""Core benchmark: training iterations per second, the decision field and the loss surfaces.

    .venv/bin/python benchmarks/bench_core.py            # the figures, with targets
    .venv/bin/python benchmarks/bench_core.py --frame    # also one app-like frame
    PYTHONPATH=. /path/to/venv-with-torch/bin/python benchmarks/bench_core.py   # + PyTorch ratios

Every figure is the median of several runs; the contenders of one figure run in turns (ours,
bare, torch, ours, ...) so that a busy machine slows them alike. "ours" is `Trainer.step(n)` with
its defaults: batch sampling, forward, backward, SGD update, the divergence guard and the history
(a long call records full-set metrics at about 2 evenly spaced iterations and its last one).
"bare" is the fast route's gradient + optimizer.update loop alone, to show what the Trainer adds.
PyTorch, where importable, runs the same network (float64 like ours, the same initial weights,
the same batches, nn.CrossEntropyLoss, torch.optim.SGD) with its default thread count, and again
on one thread: on a small or busy machine torch's worker threads can cost more than they bring, so
the ratio against the faster of the two is the one that counts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# Like the app (visualnet.app.main): one BLAS thread; tiny networks only lose by handing work off.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from visualnet.core import fast_mlp, landscape, optimizers
from visualnet.core.data import MiniBatchIterator, moons, spirals
from visualnet.core.grids import decision_field, loss_slice, param_window
from visualnet.core.mlp import MLP
from visualnet.core.training import Trainer

try:
    import torch
except ImportError:  # the app never needs it; only the comparison does
    torch = None

LR = 0.1
SEED = 0
TRAIN_CONFIGS = [  # sizes, batch, iterations per run, max ratio ours/torch
    ([2, 8, 8, 2], 16, 1000, 0.25),
    ([2, 16, 16, 2], 64, 1000, 0.25),
    ([2, 64, 64, 2], 1024, 100, 1.0),
]
FIELD_TARGET_MS = 5.0
SURFACE_TARGET_MS = 15.0


def median_times(fns: dict[str, Callable[[], object]], runs: int) -> dict[str, float]:
    """Median wall time in seconds of each fn over `runs` runs taken in turns, after one warm-up."""
    times: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():
        fn()
    for _ in range(runs):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[name].append(time.perf_counter() - t0)
    return {name: statistics.median(ts) for name, ts in times.items()}


def median_time(fn: Callable[[], object], runs: int) -> float:
    """Median wall time of fn() in seconds over `runs` runs, after one warm-up."""
    return median_times({"fn": fn}, runs)["fn"]


def make_data(n: int = 2048) -> tuple[np.ndarray, np.ndarray]:
    d = moons(n=n, noise=0.1, seed=SEED)
    return d.inputs(), d.targets()


def ours_step(sizes: list[int], batch: int, iters: int, X: np.ndarray,
              t: np.ndarray) -> Callable[[], object]:
    model = MLP(sizes, activation="relu", task="classification", seed=SEED)
    trainer = Trainer(model, optimizers.get("SGD", lr=LR), X, t, batch_size=batch, seed=SEED)
    return lambda: trainer.step(iters)


def bare_step(sizes: list[int], batch: int, iters: int, X: np.ndarray,
              t: np.ndarray) -> Callable[[], object]:
    model = MLP(sizes, activation="relu", task="classification", seed=SEED)
    fast = fast_mlp.route(model)  # what Trainer.step runs
    assert fast is not None
    opt = optimizers.get("SGD", lr=LR)
    batches = MiniBatchIterator(len(X), batch, SEED)
    theta = {"theta": fast.theta}

    def run() -> None:
        for _ in range(iters):
            idx = batches.next_batch()
            opt.update(theta, {"theta": fast.gradient(X[idx], t[idx])})

    return run


def torch_step(sizes: list[int], batch: int, iters: int, X: np.ndarray,
               t: np.ndarray, threads: int | None = None) -> Callable[[], object]:
    ours = MLP(sizes, activation="relu", task="classification", seed=SEED)
    layers: list[torch.nn.Module] = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1]).double()
        with torch.no_grad():  # the same initial weights: ours is x @ W, torch's is x @ W.T
            lin.weight.copy_(torch.from_numpy(ours.params[f"W{i + 1}"].T.copy()))
            lin.bias.copy_(torch.from_numpy(ours.params[f"b{i + 1}"].copy()))
        layers += [lin, torch.nn.ReLU()]
    net = torch.nn.Sequential(*layers[:-1])
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, tt = torch.from_numpy(X), torch.from_numpy(t)
    batches = MiniBatchIterator(len(X), batch, SEED)

    def run() -> None:
        default = torch.get_num_threads()
        torch.set_num_threads(threads or default)
        for _ in range(iters):
            idx = torch.from_numpy(batches.next_batch())
            opt.zero_grad()
            loss_fn(net(Xt[idx]), tt[idx]).backward()
            opt.step()
        torch.set_num_threads(default)

    return run


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def bench_training(runs: int) -> None:
    X, t = make_data()
    load, cpus = os.getloadavg()[0], os.cpu_count() or 1
    busy = " - the machine is busy: expect slow, noisy figures" if load > cpus - 0.5 else ""
    print(f"load average {load:.1f} on {cpus} CPUs{busy}")
    print(f"training on moons, {len(X)} points, SGD lr={LR}, relu; median of {runs} runs")
    if torch is not None:
        print(f"  PyTorch {torch.__version__}, float64, torch.get_num_threads() = {torch.get_num_threads()}"
              " (the default)")
    else:
        print("  PyTorch not importable: no ratios (see benchmarks/README.md)")
    for sizes, batch, iters, target in TRAIN_CONFIGS:
        fns = {"ours": ours_step(sizes, batch, iters, X, t), "bare": bare_step(sizes, batch, iters, X, t)}
        if torch is not None:
            fns["torch"] = torch_step(sizes, batch, iters, X, t)
            fns["torch1"] = torch_step(sizes, batch, iters, X, t, threads=1)
        us = {name: 1e6 * s / iters for name, s in median_times(fns, runs).items()}
        line = (f"  {sizes!s:16} batch {batch:4}: ours {us['ours']:7.1f} µs/it "
                f"({1e6 / us['ours']:6.0f} it/s), bare model {us['bare']:7.1f} µs")
        if torch is not None:
            ratio = us["ours"] / min(us["torch"], us["torch1"])
            line += (f"; torch {us['torch']:7.1f}, on 1 thread {us['torch1']:7.1f} µs -> ours/torch "
                     f"{ratio:.2f} (target <= {target}: {verdict(ratio <= target)})")
        else:
            line += f" (target: <= {target}x PyTorch)"
        print(line)


def bench_grids(runs: int) -> None:
    model = MLP([2, 16, 16, 2], activation="relu", task="classification", seed=SEED)
    ms = 1e3 * median_time(lambda: decision_field(model, (-1.2, 1.2), (-1.2, 1.2), 200), runs)
    print(f"decision field [2, 16, 16, 2] on 200x200: {ms:.2f} ms "
          f"(target <= {FIELD_TARGET_MS} ms: {verdict(ms <= FIELD_TARGET_MS)})")

    d = spirals(n=300, seed=SEED)
    X, t = d.inputs(), d.targets()
    net = MLP([2, 8, 8, 2], activation="relu", task="classification", seed=SEED)
    w = net.params["W1"].ravel()
    v1, v2 = param_window(w[0], 2.0, 41), param_window(w[1], 2.0, 41)
    ms = 1e3 * median_time(lambda: loss_slice(net, X, t, ("W1", 0), ("W1", 1), v1, v2), runs)
    print(f"loss surface over W1[0], W1[1], 41x41, 300 points, [2, 8, 8, 2]: {ms:.2f} ms "
          f"(target <= {SURFACE_TARGET_MS} ms: {verdict(ms <= SURFACE_TARGET_MS)})")

    # the same network and points over a plane through all 114 parameters: two filter-normalised
    # orthonormal random directions, a and b in [-1, 1] (the loss-surface view's random mode)
    plane = landscape.random_plane(net.params, seed=SEED)
    ab = np.linspace(-1.0, 1.0, 41)
    ms = 1e3 * median_time(lambda: landscape.plane_losses(net, X, t, plane, ab, ab), runs)
    print(f"loss plane along two random directions, 41x41, 300 points, [2, 8, 8, 2]: {ms:.2f} ms "
          f"(target <= {SURFACE_TARGET_MS} ms: {verdict(ms <= SURFACE_TARGET_MS)})")


def bench_frame(runs: int) -> None:
    d = moons(n=250, seed=SEED)
    model = MLP([2, 8, 8, 2], activation="relu", task="classification", seed=SEED)
    trainer = Trainer(model, optimizers.get("SGD", lr=LR), d.inputs(), d.targets(), batch_size=10,
                      seed=SEED)
    iters = 25  # one epoch of 250 points in batches of 10

    def frame() -> None:
        trainer.step(iters)
        decision_field(model, (-1.2, 1.2), (-1.2, 1.2), 100)

    ms = 1e3 * median_time(frame, runs)
    step_ms = 1e3 * median_time(lambda: trainer.step(iters), runs)
    print(f"frame: [2, 8, 8, 2], batch 10, one epoch of 250 points (25 iterations, metrics recorded"
          f" 2-3 times) + a 100x100 field: {ms:.2f} ms (training {step_ms:.2f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="runs per figure (the median is printed)")
    parser.add_argument("--frame", action="store_true", help="also time one app-like frame")
    args = parser.parse_args()
    bench_training(args.runs)
    bench_grids(max(args.runs, 15))
    if args.frame:
        bench_frame(max(args.runs, 15))


if __name__ == "__main__":
    main()
