"""The point selection lives in the session: it is renumbered with the edits that move indices, dropped
with the points it named, and announced with `selection_changed` (no Qt here)."""

from __future__ import annotations

import numpy as np
import pytest

from tests.test_session import recorder
from visualnet.core import data
from visualnet.session import Session


def test_select_replaces_adds_and_toggles_and_says_so_once_per_change():
    s = Session.from_preset("XOR clouds", n=20)
    seen = recorder(s)
    s.select([5, 2, 2, 99, -1])  # duplicates and indices of no point are dropped
    np.testing.assert_array_equal(s.selection, [2, 5])
    assert s.selection.dtype == np.int64 and not s.selection.flags.writeable
    s.select([7], mode="add")
    np.testing.assert_array_equal(s.selection, [2, 5, 7])
    s.select([5, 9], mode="toggle")
    np.testing.assert_array_equal(s.selection, [2, 7, 9])
    assert seen == ["selection_changed"] * 3
    s.select([9, 7, 2])  # the same selection: no event
    assert seen == ["selection_changed"] * 3
    s.clear_selection()
    assert len(s.selection) == 0 and seen[-1] == "selection_changed"
    with pytest.raises(ValueError, match="mode"):
        s.select([1], mode="invert")  # type: ignore[arg-type]


def test_removing_points_drops_them_from_the_selection_and_renumbers_the_rest():
    s = Session.from_preset("XOR clouds", n=20)
    s.select([1, 4, 8, 15])
    picked = s.dataset.X[[1, 8, 15]].copy()
    seen = recorder(s)
    s.remove_points([4, 0, 10])
    np.testing.assert_array_equal(s.dataset.X[s.selection], picked)
    np.testing.assert_array_equal(s.selection, [0, 6, 12])
    assert seen == ["data_changed", "selection_changed"]  # the data first, then what it did to the selection


def test_inserting_points_renumbers_the_selection_so_it_names_the_same_points():
    s = Session.from_preset("XOR clouds", n=20)
    s.select([0, 3, 19])
    picked = s.dataset.X[[0, 3, 19]].copy()
    X, y, roles = s.remove_points([2, 5, 19])  # 19 drops out; undo puts the points back
    s.insert_points([2, 5, 19], X, y, roles)
    np.testing.assert_array_equal(s.dataset.X[s.selection], picked[:2])
    s.select([0, 5])
    picked = s.dataset.X[[0, 5]].copy()
    s.insert_points([0, 1, 7], np.zeros((3, 2)), np.array([0, 1, 0]))  # ascending final indices
    np.testing.assert_array_equal(s.selection, [2, 8])
    np.testing.assert_array_equal(s.dataset.X[s.selection], picked)


def test_moves_and_a_new_split_keep_the_selection():
    s = Session.from_preset("XOR clouds", n=20)
    s.select([3, 4])
    seen = recorder(s)
    s.move_points([3], np.array([[9.0, 9.0]]))
    s.configure(split=(6, 2, 2))
    np.testing.assert_array_equal(s.selection, [3, 4])
    assert "selection_changed" not in seen


def test_a_new_dataset_or_document_drops_the_selection_but_the_same_points_keep_it():
    s = Session.from_preset("XOR clouds", n=20)
    s.select([3, 4])
    same = s.dataset.copy()
    s.set_dataset(same, s.roles)  # the very same points (an undo that only takes a class back)
    np.testing.assert_array_equal(s.selection, [3, 4])
    seen = recorder(s)
    s.set_dataset(data.PRESETS["XOR clouds"].make(n=20, noise=0.35))
    assert len(s.selection) == 0 and seen[-1] == "selection_changed"
    s.select([1])
    s.apply_document(Session.from_preset("Moons", n=30).to_document())
    assert len(s.selection) == 0


def test_a_document_that_fails_leaves_the_selection_as_it_was():
    s = Session.from_preset("XOR clouds", n=20)
    s.select([3, 4])
    doc = s.to_document()
    doc.weights = {"W1": np.zeros((5, 5))}  # does not fit the network
    with pytest.raises(ValueError):
        s.apply_document(doc)
    np.testing.assert_array_equal(s.selection, [3, 4])
