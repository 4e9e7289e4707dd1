"""Datasets the learner draws or picks, their train/val/test split, and mini-batch sampling."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from visualnet.core.timeline import SamplerState

__all__ = [
    "GATES",
    "PRESETS",
    "SPLIT_PRESETS",
    "Dataset",
    "MiniBatchIterator",
    "Preset",
    "Split",
    "blobs",
    "circles",
    "logic_gate",
    "moons",
    "regression_curve",
    "spirals",
    "split_indices",
    "xor_clouds",
]

Array = np.ndarray
TASKS = ("classification", "regression")
LIMIT = 1.2  # non-gate presets keep their points inside [-LIMIT, LIMIT]^2
GATE_MARGIN = 0.2  # jittered gate points stay inside [-GATE_MARGIN, 1 + GATE_MARGIN]^2


@dataclass(eq=False)
class Dataset:
    """Points as drawn, `X` (n, 2) float64, with labels `y` (n,) int64 in 0..n_classes-1."""

    X: Array
    y: Array
    task: str = "classification"
    n_classes: int | None = None

    def __post_init__(self) -> None:
        self.X = np.asarray(self.X, dtype=np.float64).reshape(-1, 2)
        self.y = np.asarray(self.y, dtype=np.int64).reshape(-1)
        if self.n_classes is None:
            top = int(self.y.max()) + 1 if self.y.size else 0
            self.n_classes = max(2, top) if self.task == "classification" else 0

    def __len__(self) -> int:
        return int(self.X.shape[0])

    @property
    def is_regression(self) -> bool:
        """True for a regression dataset (points are (x, target))."""
        return self.task == "regression"

    def inputs(self) -> Array:
        """Network inputs: `X` (n, 2) for classification, `X[:, :1]` (n, 1) for regression."""
        return self.X[:, :1] if self.is_regression else self.X

    def targets(self) -> Array:
        """Network targets: labels `y` (n,) for classification, `X[:, 1:]` (n, 1) for regression."""
        return self.X[:, 1:] if self.is_regression else self.y

    def copy(self) -> Dataset:
        """An independent copy (arrays copied)."""
        return Dataset(self.X.copy(), self.y.copy(), self.task, self.n_classes)

    def same_as(self, other: object) -> bool:
        """True when `other` is a Dataset with the same task, class count, points and labels."""
        return (
            isinstance(other, Dataset)
            and self.task == other.task
            and self.n_classes == other.n_classes
            and np.array_equal(self.X, other.X)
            and np.array_equal(self.y, other.y)
        )

    def validate(self) -> Dataset:
        """Raise ValueError with a plain message if the dataset is malformed; return self."""
        if self.task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, not {self.task!r}")
        if self.X.ndim != 2 or self.X.shape[1] != 2:
            raise ValueError(f"X must have shape (n, 2), got {self.X.shape}")
        if self.y.shape != (self.X.shape[0],):
            raise ValueError(f"y must have shape ({self.X.shape[0]},) to match X, got {self.y.shape}")
        if not np.isfinite(self.X).all():
            raise ValueError("X contains NaN or infinite coordinates")
        k = int(self.n_classes or 0)
        if self.task == "classification":
            if k < 2:
                raise ValueError(f"a classification dataset needs n_classes >= 2, got {k}")
            if self.y.size and (self.y.min() < 0 or self.y.max() >= k):
                raise ValueError(f"labels must lie in 0..{k - 1}, got {self.y.min()}..{self.y.max()}")
        else:
            if k not in (0, 1):
                raise ValueError(f"a regression dataset has n_classes 0 or 1, got {k}")
            if self.y.size and (self.y != 0).any():
                raise ValueError("a regression dataset's labels must all be 0 (targets are X[:, 1])")
        return self


# ---------------------------------------------------------------------------------------------- generators

GATES: dict[str, tuple[int, int, int, int]] = {
    # labels for the corners (0,0), (1,0), (0,1), (1,1), in the book's x1, x2 order
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "NAND": (1, 1, 1, 0),
    "XOR": (0, 1, 1, 0),
}
_CORNERS = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])


def _balanced_counts(n: int, k: int) -> Array:
    """Split n into k counts that differ by at most one (the first ones get the extra)."""
    counts = np.full(k, n // k, dtype=np.int64)
    counts[: n % k] += 1
    return counts


def _clip_lengths(offsets: Array, max_len: float) -> Array:
    """Shorten every 2-D offset longer than max_len to max_len (direction kept)."""
    length = np.hypot(offsets[:, 0], offsets[:, 1])
    scale = np.minimum(1.0, max_len / np.maximum(length, 1e-300))
    return offsets * scale[:, None]


def _classification(X: Array, y: Array, k: int) -> Dataset:
    return Dataset(np.clip(X, -LIMIT, LIMIT), y, "classification", k)


def logic_gate(name: str, n: int = 4, noise: float = 0.0, seed: int = 0) -> Dataset:
    """The 4 corners of {0,1}^2 labelled by gate `name`; n > 4 adds copies jittered by `noise` (std)."""
    key = name.upper()
    if key not in GATES:
        raise ValueError(f"unknown gate {name!r}; choose from {', '.join(GATES)}")
    rng = np.random.default_rng(seed)
    corner = np.arange(n) % 4
    X = _CORNERS[corner].copy()
    # the first four points are the exact truth table; later ones are its jittered copies
    X[4:] += rng.normal(0.0, noise, size=(max(n - 4, 0), 2))
    X = np.clip(X, -GATE_MARGIN, 1.0 + GATE_MARGIN)
    return Dataset(X, np.asarray(GATES[key])[corner], "classification", 2)


def blobs(n: int = 200, noise: float = 0.15, seed: int = 0, k: int = 2) -> Dataset:
    """k Gaussian blobs (std `noise`) on a circle, balanced; always linearly separable."""
    rng = np.random.default_rng(seed)
    counts = _balanced_counts(n, k)
    y = np.repeat(np.arange(k), counts)
    angles = np.pi / 4 + 2 * np.pi * np.arange(k) / k
    centers = 0.65 * np.column_stack([np.cos(angles), np.sin(angles)])
    # a point closer to its own centre than half the gap to the nearest other centre lies in that
    # centre's Voronoi cell, and Voronoi cells are separated by linear (softmax) boundaries
    gap = 2 * 0.65 * np.sin(np.pi / k)
    offsets = _clip_lengths(rng.normal(0.0, noise, size=(n, 2)), 0.49 * gap)
    return _classification(centers[y] + offsets, y, k)


def xor_clouds(n: int = 200, noise: float = 0.2, seed: int = 0) -> Dataset:
    """Four clouds at (±0.5, ±0.5); class 1 where x·y < 0 (the XOR of the signs), balanced."""
    rng = np.random.default_rng(seed)
    quadrant = np.repeat(np.arange(4), _balanced_counts(n, 4))
    centers = np.array([[0.5, 0.5], [-0.5, -0.5], [0.5, -0.5], [-0.5, 0.5]])
    # offsets shorter than 0.5 keep every point in its own quadrant, so the label is exact
    offsets = _clip_lengths(rng.normal(0.0, noise, size=(n, 2)), 0.49)
    y = (quadrant >= 2).astype(np.int64)
    return _classification(centers[quadrant] + offsets, y, 2)


def circles(n: int = 200, noise: float = 0.08, seed: int = 0, factor: float = 0.5) -> Dataset:
    """An outer ring (class 0, radius 1) around an inner ring (class 1, radius `factor`)."""
    rng = np.random.default_rng(seed)
    counts = _balanced_counts(n, 2)
    y = np.repeat(np.arange(2), counts)
    theta = rng.uniform(0.0, 2 * np.pi, size=n)
    radius = np.where(y == 0, 1.0, factor)
    X = radius[:, None] * np.column_stack([np.cos(theta), np.sin(theta)])
    return _classification(X + rng.normal(0.0, noise, size=(n, 2)), y, 2)


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaved half circles, scaled into about [-1.1, 1.1] x [-0.6, 0.6]."""
    rng = np.random.default_rng(seed)
    counts = _balanced_counts(n, 2)
    y = np.repeat(np.arange(2), counts)
    s = rng.uniform(0.0, np.pi, size=n)
    # upper moon (cos s, sin s); lower moon (1 - cos s, 0.5 - sin s); the pair spans [-1, 2] x [-0.5, 1]
    X = np.where(
        (y == 0)[:, None],
        np.column_stack([np.cos(s), np.sin(s)]),
        np.column_stack([1.0 - np.cos(s), 0.5 - np.sin(s)]),
    )
    X = 0.75 * (X - [0.5, 0.25])
    return _classification(X + rng.normal(0.0, noise, size=(n, 2)), y, 2)


def spirals(n: int = 300, noise: float = 0.05, seed: int = 0, arms: int = 2) -> Dataset:
    """`arms` (2..5) interleaved spiral arms of 1.5 turns each, one class per arm, balanced."""
    if not 2 <= arms <= 5:
        raise ValueError(f"spirals need 2..5 arms, got {arms}")
    rng = np.random.default_rng(seed)
    y = np.repeat(np.arange(arms), _balanced_counts(n, arms))
    s = rng.uniform(0.0, 1.0, size=n)
    radius = 0.1 + 0.95 * s
    angle = 3 * np.pi * s + 2 * np.pi * y / arms
    X = radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)])
    return _classification(X + rng.normal(0.0, noise, size=(n, 2)), y, arms)


_CURVES: dict[str, Callable[[Array], Array]] = {
    "sine": lambda x: 0.8 * np.sin(np.pi * x),
    "poly": lambda x: 1.8 * x**3 - 1.2 * x,
    "step": lambda x: np.where(x < 0, -0.5, 0.5),
}


def regression_curve(kind: str = "sine", n: int = 40, noise: float = 0.05, seed: int = 0) -> Dataset:
    """Points (x, f(x) + noise) with x uniform in [-1, 1]; f is "sine", "poly" or "step"."""
    if kind not in _CURVES:
        raise ValueError(f"unknown curve {kind!r}; choose from {', '.join(_CURVES)}")
    rng = np.random.default_rng(seed)
    x = rng.uniform(-1.0, 1.0, size=n)
    f = _CURVES[kind](x) + rng.normal(0.0, noise, size=n)
    X = np.clip(np.column_stack([x, f]), -LIMIT, LIMIT)
    return Dataset(X, np.zeros(n, dtype=np.int64), "regression", 0)


@dataclass(frozen=True)
class Preset:
    """A named generator with its default size and noise."""

    name: str
    factory: Callable[..., Dataset]
    n: int
    noise: float
    task: str = "classification"
    kwargs: dict[str, str | float] = field(default_factory=dict)  # the generator's own keywords
    class_param: str | None = None  # the generator's keyword for the number of classes, if it has one
    max_classes: int = 2

    @property
    def is_regression(self) -> bool:
        """True if the preset makes a regression dataset."""
        return self.task == "regression"

    def make(self, n: int | None = None, noise: float | None = None, seed: int = 0,
             **kw: str | float) -> Dataset:
        """Generate the dataset; unspecified n/noise use the preset's defaults, kw override its kwargs."""
        return self.factory(
            n=self.n if n is None else n,
            noise=self.noise if noise is None else noise,
            seed=seed,
            **{**self.kwargs, **kw},
        )


def _gate(name: str) -> Callable[..., Dataset]:
    def make(n: int = 4, noise: float = 0.0, seed: int = 0) -> Dataset:
        return logic_gate(name, n=n, noise=noise, seed=seed)

    return make


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        *(Preset(g, _gate(g), 4, 0.0) for g in GATES),
        Preset("Blobs", blobs, 200, 0.15, class_param="k", max_classes=8),
        Preset("XOR clouds", xor_clouds, 200, 0.2),
        Preset("Circles", circles, 200, 0.08),
        Preset("Moons", moons, 200, 0.1),
        Preset("Spirals", spirals, 300, 0.05, class_param="arms", max_classes=5),
        Preset("Sine", regression_curve, 40, 0.05, "regression", {"kind": "sine"}),
        Preset("Polynomial", regression_curve, 40, 0.05, "regression", {"kind": "poly"}),
        Preset("Step", regression_curve, 40, 0.05, "regression", {"kind": "step"}),
    )
}

# --------------------------------------------------------------------------------------------------- splits

SPLIT_PRESETS: dict[str, tuple[int, ...]] = {"8:2": (8, 2), "6:2:2": (6, 2, 2)}
TRAIN, VAL, TEST = 0, 1, 2  # roles in Split.role()


@dataclass(frozen=True)
class Split:
    """Disjoint sorted index arrays `train`, `val`, `test` whose union is range(n)."""

    train: Array
    val: Array
    test: Array

    def role(self, n: int) -> Array:
        """(n,) int array: 0 = train, 1 = val, 2 = test (for drawing the points)."""
        roles = np.zeros(n, dtype=np.int64)
        roles[self.val] = VAL
        roles[self.test] = TEST
        return roles

    @property
    def sizes(self) -> tuple[int, int, int]:
        """(n_train, n_val, n_test)."""
        return len(self.train), len(self.val), len(self.test)


def _split_sizes(n: int, ratios: tuple[float, float, float]) -> Array:
    """Part sizes summing to n, by the largest-remainder (Hamilton) method."""
    r = np.asarray(ratios, dtype=np.float64)
    quota = n * r / r.sum()
    sizes = np.floor(quota).astype(np.int64)
    # hand the seats lost to rounding down to the largest fractional parts; a stable sort breaks
    # ties in train, val, test order
    order = np.argsort(-(quota - sizes), kind="stable")
    sizes[order[: n - int(sizes.sum())]] += 1
    if n >= 1 and sizes[0] == 0:
        # a split of one or two points still trains on something: take from the biggest other part
        donor = 1 + int(np.argmax(sizes[1:]))
        sizes[donor] -= 1
        sizes[0] = 1
    return sizes


def split_indices(n: int, ratios: tuple[float, ...] | str = "8:2", seed: int = 0) -> Split:
    """Randomly split range(n) by `ratios` (train:test, train:val:test or a SPLIT_PRESETS key)."""
    # sizes: each part gets the floor of its quota n·r/sum(r); the points left over go one each to the
    # parts with the largest fractional remainders (ties: train, val, test), so they always sum to n
    if isinstance(ratios, str):
        if ratios not in SPLIT_PRESETS:
            raise ValueError(f"unknown split {ratios!r}; choose from {', '.join(SPLIT_PRESETS)}")
        ratios = SPLIT_PRESETS[ratios]
    if len(ratios) == 2:
        # the course's 8:2 is training:test; there is no validation set
        ratios = (ratios[0], 0.0, ratios[1])
    if len(ratios) != 3 or min(ratios) < 0 or sum(ratios) <= 0:
        raise ValueError(f"ratios must be 2 or 3 non-negative numbers with a positive sum, got {ratios}")
    n_train, n_val, _ = _split_sizes(n, ratios)
    perm = np.random.default_rng(seed).permutation(n)
    return Split(
        np.sort(perm[:n_train]),
        np.sort(perm[n_train : n_train + n_val]),
        np.sort(perm[n_train + n_val :]),
    )


# ----------------------------------------------------------------------------------------------- batching


class MiniBatchIterator:
    """Mini-batch indices into a training set of n points, reshuffled every epoch."""

    def __init__(self, n: int, batch_size: int = 16, seed: int = 0) -> None:
        self.batch_size = batch_size  # may change between batches
        self.iteration = 0  # batches drawn so far
        self.epoch = 0  # completed epochs
        self.epoch_ended = False  # True when the last batch finished an epoch
        self._rng = np.random.default_rng(seed)
        self.resize(n)

    @property
    def n(self) -> int:
        """The training set size."""
        return self._n

    @property
    def epoch_progress(self) -> float:
        """Fraction of the current epoch already drawn, in [0, 1)."""
        return self._pos / self._n if self._n else 0.0

    def resize(self, n: int) -> None:
        """The training set changed to n points: start a fresh permutation (counters kept)."""
        self._n = int(n)
        self._new_permutation()

    def _new_permutation(self) -> None:
        # the generator's state before each permutation is drawn: enough to draw it again (state())
        state = self._rng.bit_generator.state
        # as a tuple of ints (PCG64's), not the dict: a timeline keeps many, untracked by the collector
        self._rng_before = (state["state"]["state"], state["state"]["inc"], state["has_uint32"],
                            state["uinteger"])
        # a new array, not an in-place shuffle: a returned batch (a view) keeps the old order
        self._perm = self._rng.permutation(self._n)
        self._pos = 0

    def state(self) -> SamplerState:
        """Where the sampler stands, for `restore` (cheap: the permutation is drawn again from it)."""
        return SamplerState(self.iteration, self.epoch, self._pos, self._n, self._rng_before)

    def restore(self, state: SamplerState) -> None:
        """Go back to `state`: the same batches follow as followed it (the same n assumed; else a
        fresh permutation of today's n starts there)."""
        self.iteration, self.epoch = state.iteration, state.epoch
        value, inc, has_uint32, uinteger = state.rng_before_permutation
        self._rng.bit_generator.state = {"bit_generator": "PCG64", "state": {"state": value, "inc": inc},
                                         "has_uint32": has_uint32, "uinteger": uinteger}
        n = self._n
        self._n = state.n
        self._new_permutation()
        self._pos = state.position
        if n != state.n:  # the points changed since: the permutation must be of today's set
            self.resize(n)
        self.epoch_ended = False

    def next_batch(self) -> Array:
        """The next batch's indices; an epoch's batches cover each index exactly once (last may be short)."""
        n = self._n
        if n == 0:
            self.epoch_ended = False
            return self._perm  # empty
        start = self._pos
        stop = min(start + max(1, int(self.batch_size)), n)
        batch = self._perm[start:stop]
        self.iteration += 1
        if stop == n:
            self.epoch += 1
            self.epoch_ended = True
            self._new_permutation()
        else:
            self.epoch_ended = False
            self._pos = stop
        return batch
