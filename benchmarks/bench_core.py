"""Core benchmark: training iterations per second, the decision field and the loss surfaces.

    .venv/bin/python benchmarks/bench_core.py            # the figures, with targets
    .venv/bin/python benchmarks/bench_core.py --frame    # also one app-like frame
    PYTHONPATH=. /path/to/venv-with-torch/bin/python benchmarks/bench_core.py   # + PyTorch ratios

Every figure is the median of several runs; the contenders of one figure run in turns (ours,
bare, torch, ours, ...) so that a busy machine slows them alike. "ours" is `Trainer.step(n)` with
its defaults: batch sampling, forward, backward, SGD update, the divergence guard and the history
(a long call records full-set metrics at about 2 evenly spaced iterations and its last one).
"bare" is the fast route's gradient + optimizer.update loop alone, to show what the Trainer adds.
For a large batch through a wide layer the route's gradient runs in float32 (`FastMLP.uses_float32`);
"ours float64" is the same Trainer with that route off (the float64 route the views read).
PyTorch, where importable, runs the same network (the same initial weights, the same batches,
nn.CrossEntropyLoss, torch.optim.SGD): in float64 with its default thread count and on one thread
(on a small or busy machine torch's worker threads can cost more than they bring, so the faster of
the two counts), and in float32 on one thread. The targets (issue 19) are against float32 on one
thread; the ratio against the faster float64 run is printed beside it.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
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
TRAIN_CONFIGS = [  # sizes, activation, batch, iterations per run, max ratio ours/torch float32
    ([2, 8, 8, 2], "relu", 16, 1000, 0.25),
    ([2, 16, 16, 2], "relu", 64, 1000, 0.25),
    ([2, 64, 64, 2], "relu", 1024, 100, 1.0),
    ([2, 64, 64, 2], "tanh", 1024, 100, 1.0),  # issue 19's large net
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


@contextlib.contextmanager
def float64_only() -> Iterator[None]:
    """The fast route's gradient in float64 whatever the batch (FastMLP.uses_float32 is False)."""
    saved = fast_mlp.FLOAT32_WIDTH
    fast_mlp.FLOAT32_WIDTH = sys.maxsize
    try:
        yield
    finally:
        fast_mlp.FLOAT32_WIDTH = saved


def ours_step(sizes: list[int], activation: str, batch: int, iters: int, X: np.ndarray,
              t: np.ndarray, float64: bool = False) -> Callable[[], object]:
    model = MLP(sizes, activation=activation, task="classification", seed=SEED)
    trainer = Trainer(model, optimizers.get("SGD", lr=LR), X, t, batch_size=batch, seed=SEED)
    if not float64:
        return lambda: trainer.step(iters)

    def run() -> None:
        with float64_only():
            trainer.step(iters)

    return run


def bare_step(sizes: list[int], activation: str, batch: int, iters: int, X: np.ndarray,
              t: np.ndarray) -> Callable[[], object]:
    model = MLP(sizes, activation=activation, task="classification", seed=SEED)
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


def torch_step(sizes: list[int], activation: str, batch: int, iters: int, X: np.ndarray,
               t: np.ndarray, threads: int | None = None, float32: bool = False) -> Callable[[], object]:
    ours = MLP(sizes, activation=activation, task="classification", seed=SEED)
    dtype = torch.float32 if float32 else torch.float64
    layers: list[torch.nn.Module] = []
    for i in range(len(sizes) - 1):
        lin = torch.nn.Linear(sizes[i], sizes[i + 1]).to(dtype)
        with torch.no_grad():  # the same initial weights: ours is x @ W, torch's is x @ W.T
            lin.weight.copy_(torch.from_numpy(ours.params[f"W{i + 1}"].T.copy()))
            lin.bias.copy_(torch.from_numpy(ours.params[f"b{i + 1}"].copy()))
        layers += [lin, torch.nn.Tanh() if activation == "tanh" else torch.nn.ReLU()]
    net = torch.nn.Sequential(*layers[:-1])
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, tt = torch.from_numpy(X).to(dtype), torch.from_numpy(t)
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
    print(f"training on moons, {len(X)} points, SGD lr={LR}; median of {runs} runs")
    if torch is not None:
        print(f"  PyTorch {torch.__version__}, torch.get_num_threads() = {torch.get_num_threads()}"
              " (the default); targets against float32 on 1 thread")
    else:
        print("  PyTorch not importable: no ratios (see benchmarks/README.md)")
    for sizes, activation, batch, iters, target in TRAIN_CONFIGS:
        fast = fast_mlp.route(MLP(sizes, activation=activation, task="classification", seed=SEED))
        assert fast is not None
        single = fast.uses_float32(batch)  # the Trainer's gradient runs in float32
        fns = {"ours": ours_step(sizes, activation, batch, iters, X, t),
               "bare": bare_step(sizes, activation, batch, iters, X, t)}
        if single:
            fns["ours64"] = ours_step(sizes, activation, batch, iters, X, t, float64=True)
        if torch is not None:
            fns["torch"] = torch_step(sizes, activation, batch, iters, X, t)
            fns["torch1"] = torch_step(sizes, activation, batch, iters, X, t, threads=1)
            fns["torch32"] = torch_step(sizes, activation, batch, iters, X, t, threads=1, float32=True)
        us = {name: 1e6 * s / iters for name, s in median_times(fns, runs).items()}
        route = "float32 route" if single else "float64"
        line = (f"  {sizes!s:16} {activation:4} batch {batch:4}: ours {us['ours']:7.1f} µs/it "
                f"({1e6 / us['ours']:6.0f} it/s, {route}), bare model {us['bare']:7.1f} µs")
        if single:
            line += f", ours float64 {us['ours64']:7.1f} µs"
        print(line)
        if torch is not None:
            ratio32 = us["ours"] / us["torch32"]
            ratio64 = us["ours"] / min(us["torch"], us["torch1"])
            print(f"      torch float64 {us['torch']:7.1f}, on 1 thread {us['torch1']:7.1f} µs; "
                  f"float32 on 1 thread {us['torch32']:7.1f} µs -> ours/torch float32 {ratio32:.2f} "
                  f"(target <= {target}: {verdict(ratio32 <= target)}), ours/torch float64 {ratio64:.2f}")
        else:
            print(f"      (target: <= {target}x PyTorch float32 on one thread)")


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
