"""Timeline benchmark: the memory a long run's snapshots take, and what keeping them costs per step.

    .venv/bin/python benchmarks/bench_timeline.py [--iterations 1000000] [--optimizers SGD Adam]

Trains a [2, 8, 8, 2] network on 200 moons points (batch 10) for the given iterations, in frames of
1,000 (as the window's fastest speed does), and prints: the snapshots kept, the timeline's own count
of their bytes, the growth of the process's resident memory over the run (what the issue's ≤ 50 MB
bar is about), and the microseconds per iteration with and without the timeline (the same process,
in turns). The machine's load average is printed too.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as the app does (visualnet.app.main)

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from visualnet.session import Config, Session

MB = 2**20


def resident() -> int:
    """The process's resident memory in bytes (Linux), or 0."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def session(optimizer: str) -> Session:
    return Session.from_preset("Moons", Config(hidden=(8, 8), optimizer=optimizer, lr=0.01), n=200)


def per_step(optimizer: str, keep: bool, steps: int = 20000) -> float:
    """Microseconds per iteration over `steps` (after a warm-up), with or without the timeline."""
    s = session(optimizer)
    if not keep:
        s.trainer.timeline.add = lambda snapshot: None  # type: ignore[method-assign]
    s.step(2000)
    t0 = time.perf_counter()
    for _ in range(steps // 1000):
        s.step(1000)
    return (time.perf_counter() - t0) / steps * 1e6


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--iterations", type=int, default=1_000_000)
    p.add_argument("--optimizers", nargs="+", default=["SGD", "Adam"])
    args = p.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f}")
    for name in args.optimizers:
        times: dict[bool, list[float]] = {True: [], False: []}
        for _ in range(3):
            for keep in (False, True):
                times[keep].append(per_step(name, keep))
        print(f"{name}: {statistics.median(times[False]):.1f} us/iteration without the timeline, "
              f"{statistics.median(times[True]):.1f} with it (medians of 3, in turns)")
        s = session(name)
        before = resident()
        t0 = time.perf_counter()
        for _ in range(args.iterations // 1000):
            s.step(1000)
        elapsed = time.perf_counter() - t0
        tl = s.trainer.timeline
        print(f"{name}: {args.iterations:,} iterations in {elapsed:.0f} s; {len(tl):,} snapshots kept "
              f"(the newest {tl.dense:,} one by one), {tl.nbytes / MB:.1f} MB by the timeline's count, "
              f"resident memory +{(resident() - before) / MB:.1f} MB")
        del s


if __name__ == "__main__":
    main()
