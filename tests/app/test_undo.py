"""Random edit sequences through Qt's undo stack: undo-all and redo-all restore exact states."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QUndoStack

from visualnet.app.commands import (
    AddPointsCommand,
    MovePointsCommand,
    RemovePointsCommand,
    ReplaceDatasetCommand,
)
from visualnet.core import data
from visualnet.session import Session

coord = st.floats(-2, 2, allow_nan=False, allow_infinity=False)
edit = st.one_of(
    st.tuples(st.just("add"), coord, coord, st.integers(0, 3)),
    st.tuples(st.just("move"), st.integers(0, 10_000), coord, coord, st.booleans()),
    st.tuples(st.just("remove"), st.lists(st.integers(0, 10_000), min_size=1, max_size=4)),
    st.tuples(st.just("preset"), st.sampled_from(["AND", "Moons", "Circles", "Spirals"]), st.integers(0, 3)),
)


def apply(stack: QUndoStack, s: Session, op: tuple, drag: int) -> None:
    """Push one edit as the window would."""
    n = len(s.dataset)
    if op[0] == "add":
        stack.push(AddPointsCommand(s, np.array([[op[1], op[2]]]), np.array([op[3]])))
    elif op[0] == "move" and n:
        stack.push(MovePointsCommand(s, [op[1] % n], np.array([[op[2], op[3]]]), drag, op[4]))
    elif op[0] == "remove" and n:
        stack.push(RemovePointsCommand(s, [i % n for i in op[1]]))
    elif op[0] == "preset":
        stack.push(ReplaceDatasetCommand(s, data.PRESETS[op[1]].make(seed=op[2]), op[1]))


def snapshot(s: Session) -> tuple:
    """Everything an edit may change."""
    return s.dataset.X.copy(), s.dataset.y.copy(), s.roles.copy(), s.dataset.n_classes, s.dataset.task


def same(a: tuple, b: tuple) -> bool:
    """Exact equality of two snapshots."""
    pairs = zip(a, b, strict=True)
    return all(np.array_equal(x, y) if isinstance(x, np.ndarray) else x == y for x, y in pairs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(edit, min_size=1, max_size=25), drags=st.lists(st.integers(1, 3), min_size=25,
                                                                   max_size=25))
def test_undo_all_then_redo_all_restores_exact_states(qapp, ops, drags):
    s = Session(data.PRESETS["XOR clouds"].make(n=30, seed=1))
    stack = QUndoStack()
    start = snapshot(s)
    for op, drag in zip(ops, drags, strict=False):
        apply(stack, s, op, drag)
    end = snapshot(s)
    while stack.canUndo():
        stack.undo()
    assert same(snapshot(s), start)
    while stack.canRedo():
        stack.redo()
    assert same(snapshot(s), end)


def test_one_drag_is_one_undo_step(qapp):
    s = Session()
    stack = QUndoStack()
    x0 = s.dataset.X[3].copy()
    for k in range(20):
        stack.push(MovePointsCommand(s, [3], np.array([[0.01 * k, 0.0]]), drag_id=7, finished=k == 19))
    stack.push(MovePointsCommand(s, [3], np.array([[0.5, 0.5]]), drag_id=8, finished=True))
    assert stack.count() == 2
    stack.undo()
    np.testing.assert_array_equal(s.dataset.X[3], [0.19, 0.0])
    stack.undo()
    np.testing.assert_array_equal(s.dataset.X[3], x0)
