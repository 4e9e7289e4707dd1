"""Datasets, generators, splits and mini-batches."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core.data import (
    GATES,
    PRESETS,
    SPLIT_PRESETS,
    Dataset,
    MiniBatchIterator,
    blobs,
    logic_gate,
    regression_curve,
    spirals,
    split_indices,
    xor_clouds,
)

pytestmark = pytest.mark.filterwarnings("error")

NAMES = ["AND", "OR", "NAND", "XOR", "Blobs", "XOR clouds", "Circles", "Moons", "Spirals", "Sine",
         "Polynomial", "Step"]


# ----------------------------------------------------------------------------------------------- Dataset

def test_dataset_coerces_and_infers_classes():
    d = Dataset([[0, 0], [1, 1], [2, 2]], [0, 2, 1])
    assert d.X.dtype == np.float64 and d.X.shape == (3, 2)
    assert d.y.dtype == np.int64
    assert d.n_classes == 3 and len(d) == 3
    assert Dataset(np.zeros((0, 2)), []).n_classes == 2


def test_inputs_and_targets_by_task():
    X = np.array([[0.1, 0.5], [0.2, -0.3]])
    c = Dataset(X, [0, 1])
    assert c.inputs() is c.X and c.targets() is c.y
    r = Dataset(X, [0, 0], task="regression")
    assert r.n_classes == 0
    np.testing.assert_array_equal(r.inputs(), [[0.1], [0.2]])
    np.testing.assert_array_equal(r.targets(), [[0.5], [-0.3]])
    assert r.inputs().shape == (2, 1) and r.targets().shape == (2, 1)


def test_copy_and_same_as():
    d = blobs(n=20, seed=3)
    c = d.copy()
    assert c.same_as(d) and c.X is not d.X
    c.X[0, 0] += 1e-9
    assert not c.same_as(d)
    assert not d.same_as("not a dataset")
    assert not d.same_as(Dataset(d.X, d.y, n_classes=3))


@pytest.mark.parametrize(
    ("X", "y", "kw", "message"),
    [
        (np.zeros((3, 2)), [0, 1], {}, "y must have shape"),
        ([[0.0, np.nan]], [0], {}, "NaN or infinite"),
        ([[0.0, 0.0]], [2], {"n_classes": 2}, "labels must lie in 0..1"),
        ([[0.0, 0.0]], [-1], {"n_classes": 2}, "labels must lie"),
        ([[0.0, 0.0]], [0], {"n_classes": 1}, "n_classes >= 2"),
        ([[0.0, 0.0]], [0], {"task": "ranking"}, "task must be"),
        ([[0.0, 0.0]], [1], {"task": "regression", "n_classes": 0}, "labels must all be 0"),
    ],
)
def test_validate_rejects(X, y, kw, message):
    with pytest.raises(ValueError, match=message):
        Dataset(X, y, **kw).validate()


def test_validate_accepts_presets():
    for name in NAMES:
        assert PRESETS[name].make(seed=1).validate() is not None


# -------------------------------------------------------------------------------------------- generators

def test_presets_order_and_defaults():
    assert list(PRESETS) == NAMES
    assert [p.is_regression for p in PRESETS.values()] == [False] * 9 + [True] * 3
    for p in PRESETS.values():
        d = p.make()
        assert len(d) == p.n
        assert d.task == p.task


@pytest.mark.parametrize("gate", list(GATES))
def test_gate_is_exact_truth_table(gate):
    d = logic_gate(gate)
    np.testing.assert_array_equal(d.X, [[0, 0], [1, 0], [0, 1], [1, 1]])
    x1, x2 = d.X[:, 0].astype(bool), d.X[:, 1].astype(bool)
    truth = {"AND": x1 & x2, "OR": x1 | x2, "NAND": ~(x1 & x2), "XOR": x1 ^ x2}[gate]
    np.testing.assert_array_equal(d.y, truth.astype(int))
    assert d.n_classes == 2


def test_gate_copies_are_jittered_and_in_range():
    d = logic_gate("xor", n=40, noise=0.1, seed=5)
    np.testing.assert_array_equal(d.X[:4], [[0, 0], [1, 0], [0, 1], [1, 1]])
    corners = np.array([[0, 0], [1, 0], [0, 1], [1, 1]])[np.arange(40) % 4]
    assert 0 < np.abs(d.X[4:] - corners[4:]).max() < 0.5
    assert d.X.min() >= -0.2 and d.X.max() <= 1.2
    np.testing.assert_array_equal(d.y, np.tile([0, 1, 1, 0], 10))
    with pytest.raises(ValueError, match="unknown gate"):
        logic_gate("NOR")


@pytest.mark.parametrize("name", NAMES[4:])
def test_generators_deterministic_and_in_range(name):
    p = PRESETS[name]
    a, b, c = p.make(seed=7), p.make(seed=7), p.make(seed=8)
    assert a.same_as(b)
    assert not a.same_as(c)
    assert np.abs(a.X).max() <= 1.2
    # the shapes fill the view: they are not squeezed into a corner
    assert np.abs(a.X).max() > 0.6


@pytest.mark.parametrize("name", ["Blobs", "XOR clouds", "Circles", "Moons", "Spirals"])
@pytest.mark.parametrize("n", [1, 7, 200, 301])
def test_classification_labels_are_balanced(name, n):
    d = PRESETS[name].make(n=n, seed=2)
    counts = np.bincount(d.y, minlength=d.n_classes)
    assert counts.sum() == n
    assert counts.max() - counts.min() <= (1 if name != "XOR clouds" else 2)


def test_blobs_k_classes_linearly_separable():
    for k in (2, 3, 5):
        d = blobs(n=300, noise=0.4, seed=k, k=k)
        assert d.n_classes == k
        np.testing.assert_array_equal(np.bincount(d.y), np.full(k, 300 // k) + (np.arange(k) < 300 % k))
        # the linear rule "nearest blob centre" (argmax of c·x - |c|²/2) labels every point correctly
        angles = np.pi / 4 + 2 * np.pi * np.arange(k) / k
        c = 0.65 * np.column_stack([np.cos(angles), np.sin(angles)])
        scores = d.X @ c.T - 0.5 * (c * c).sum(axis=1)
        np.testing.assert_array_equal(scores.argmax(axis=1), d.y)


def test_xor_clouds_labels_follow_sign_product():
    d = xor_clouds(n=400, noise=0.5, seed=1)
    np.testing.assert_array_equal(d.y, (d.X[:, 0] * d.X[:, 1] < 0).astype(int))
    assert np.bincount(d.y).tolist() == [200, 200]


def test_spiral_arms():
    for arms in range(2, 6):
        d = spirals(n=100, seed=0, arms=arms)
        assert d.n_classes == arms and set(d.y.tolist()) == set(range(arms))
    with pytest.raises(ValueError, match=r"2\.\.5 arms"):
        spirals(arms=6)


@pytest.mark.parametrize("kind", ["sine", "poly", "step"])
def test_regression_curves(kind):
    d = regression_curve(kind, n=50, noise=0.0, seed=4)
    assert d.task == "regression" and d.n_classes == 0
    assert (d.y == 0).all()
    x, f = d.inputs()[:, 0], d.targets()[:, 0]
    assert x.min() >= -1 and x.max() <= 1
    expected = {"sine": 0.8 * np.sin(np.pi * x), "poly": 1.8 * x**3 - 1.2 * x,
                "step": np.where(x < 0, -0.5, 0.5)}[kind]
    np.testing.assert_allclose(f, expected)
    noisy = regression_curve(kind, n=50, noise=0.1, seed=4)
    np.testing.assert_array_equal(noisy.X[:, 0], d.X[:, 0])  # same x, only the targets get noise
    assert 0.03 < np.std(noisy.X[:, 1] - d.X[:, 1]) < 0.2
    with pytest.raises(ValueError, match="unknown curve"):
        regression_curve("cubic")


def test_preset_make_overrides():
    d = PRESETS["Spirals"].make(n=60, noise=0.0, seed=1, arms=3)
    assert len(d) == 60 and d.n_classes == 3
    assert PRESETS["Sine"].make(seed=3).same_as(regression_curve("sine", 40, 0.05, 3))


# ------------------------------------------------------------------------------------------------ splits

def _expected_sizes(n, ratios):
    """Largest remainder written out by hand, one part at a time."""
    r = [float(x) for x in ratios]
    quotas = [n * x / sum(r) for x in r]
    sizes = [int(np.floor(q)) for q in quotas]
    rest = sorted(range(len(r)), key=lambda i: (-(quotas[i] - sizes[i]), i))
    for i in rest[: n - sum(sizes)]:
        sizes[i] += 1
    return sizes


@pytest.mark.parametrize("ratios", [(8, 2), (6, 2, 2), (7, 3), (1, 1, 1), (5, 3, 2), (0.7, 0.15, 0.15)])
def test_split_sizes_exact_disjoint_covering(ratios):
    for n in [*range(0, 40), 99, 100, 101, 1000, 1001]:
        s = split_indices(n, ratios, seed=n)
        sizes = _expected_sizes(n, ratios if len(ratios) == 3 else (ratios[0], 0, ratios[1]))
        if n >= 1 and sizes[0] == 0:
            continue  # covered by test_split_keeps_a_training_point
        assert list(s.sizes) == sizes, (n, ratios)
        allidx = np.concatenate([s.train, s.val, s.test])
        np.testing.assert_array_equal(np.sort(allidx), np.arange(n))


def test_split_hand_checked_sizes():
    assert split_indices(10, "8:2").sizes == (8, 0, 2)
    assert split_indices(10, "6:2:2").sizes == (6, 2, 2)
    assert split_indices(7, "8:2").sizes == (6, 0, 1)  # quotas 5.6, 1.4
    assert split_indices(7, "6:2:2").sizes == (4, 2, 1)  # 4.2, 1.4, 1.4: the tie goes to val
    assert split_indices(13, "6:2:2").sizes == (8, 3, 2)  # 7.8, 2.6, 2.6
    assert SPLIT_PRESETS == {"8:2": (8, 2), "6:2:2": (6, 2, 2)}


def test_split_keeps_a_training_point():
    assert split_indices(1, "8:2").sizes == (1, 0, 0)
    assert split_indices(2, "8:2").sizes == (2, 0, 0)  # quotas 1.6, 0.4: the .6 remainder wins
    assert split_indices(1, "6:2:2").sizes == (1, 0, 0)
    assert split_indices(2, "6:2:2").sizes == (1, 1, 0)
    assert split_indices(1, (1, 9)).sizes == (1, 0, 0)
    assert split_indices(3, (1, 5, 5)).sizes == (1, 1, 1)
    assert split_indices(0, "8:2").sizes == (0, 0, 0)


def test_split_seeded_and_roles():
    a, b, c = split_indices(50, "6:2:2", 3), split_indices(50, "6:2:2", 3), split_indices(50, "6:2:2", 4)
    for x, y in zip((a.train, a.val, a.test), (b.train, b.val, b.test), strict=True):
        np.testing.assert_array_equal(x, y)
    assert not np.array_equal(a.train, c.train)
    role = a.role(50)
    assert role.shape == (50,)
    np.testing.assert_array_equal(np.flatnonzero(role == 0), a.train)
    np.testing.assert_array_equal(np.flatnonzero(role == 1), a.val)
    np.testing.assert_array_equal(np.flatnonzero(role == 2), a.test)


def test_split_rejects_bad_ratios():
    for bad in [(1,), (1, 2, 3, 4), (-1, 2), (0, 0), "9:1"]:
        with pytest.raises(ValueError):
            split_indices(10, bad)


# ----------------------------------------------------------------------------------------------- batches

@pytest.mark.parametrize("n", [1, 5, 16, 17, 100])
@pytest.mark.parametrize("batch", [1, 3, 7, 16, 32, 1000])
def test_each_epoch_visits_every_sample_once(n, batch):
    it = MiniBatchIterator(n, batch, seed=1)
    per_epoch = -(-n // batch)
    orders = []
    for epoch in range(3):
        seen = []
        for k in range(per_epoch):
            b = it.next_batch()
            assert len(b) == (min(batch, n - k * batch))
            assert it.epoch_ended == (k == per_epoch - 1)
            seen.append(b)
        seen = np.concatenate(seen)
        np.testing.assert_array_equal(np.sort(seen), np.arange(n))
        orders.append(seen)
        assert it.epoch == epoch + 1
        assert it.epoch_progress == 0.0
    assert it.iteration == 3 * per_epoch
    if n >= 5:
        assert not np.array_equal(orders[0], orders[1])  # reshuffled every epoch


def test_batches_seeded_progress_and_batch_size_change():
    a, b = MiniBatchIterator(10, 4, seed=9), MiniBatchIterator(10, 4, seed=9)
    np.testing.assert_array_equal(a.next_batch(), b.next_batch())
    assert a.epoch_progress == 0.4 and not a.epoch_ended
    a.batch_size = 5
    assert len(a.next_batch()) == 5 and a.epoch_progress == 0.9
    assert len(a.next_batch()) == 1 and a.epoch_ended and a.epoch == 1


def test_batches_resize_and_empty():
    it = MiniBatchIterator(10, 4, seed=0)
    it.next_batch()
    it.resize(3)
    assert it.epoch_progress == 0.0
    b = it.next_batch()
    np.testing.assert_array_equal(np.sort(b), [0, 1, 2])
    assert it.epoch_ended and it.epoch == 1 and it.iteration == 2
    it.resize(0)
    assert it.next_batch().size == 0 and it.iteration == 2 and not it.epoch_ended
