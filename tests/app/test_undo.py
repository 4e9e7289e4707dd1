"""Random edit sequences through Qt's undo stack: undo-all and redo-all restore exact states, and
the data view draws exactly the dataset after every edit."""

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
from visualnet.app.views import dataset_view
from visualnet.app.views.dataset_view import N_ROLES, point_styles
from visualnet.core import data
from visualnet.session import ROLE_TRAIN, Session

coord = st.floats(-2, 2, allow_nan=False, allow_infinity=False)
edit = st.one_of(
    st.tuples(st.just("add"), coord, coord, st.integers(0, 3)),
    st.tuples(st.just("move"), st.integers(0, 10_000), coord, coord, st.booleans()),
    st.tuples(st.just("move several"), st.lists(st.integers(0, 10_000), min_size=2, max_size=6), coord, coord,
              st.booleans()),
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
    elif op[0] == "move several" and n:
        idx = np.unique([i % n for i in op[1]])
        stack.push(MovePointsCommand(s, idx, s.dataset.X[idx] + [op[2], op[3]], drag, op[4]))
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


def test_a_drag_of_several_points_is_one_undo_step(qapp):
    s = Session()
    stack = QUndoStack()
    idx = np.array([2, 5, 11])
    start = s.dataset.X.copy()
    for k in range(1, 16):
        stack.push(MovePointsCommand(s, idx, start[idx] + [0.01 * k, -0.02 * k], drag_id=3, finished=k == 15))
    assert stack.count() == 1 and stack.undoText() == "Move points"
    np.testing.assert_allclose(s.dataset.X[idx] - start[idx], [[0.15, -0.3]] * 3, atol=1e-12)
    stack.undo()
    np.testing.assert_array_equal(s.dataset.X, start)


def drawn_points(view: dataset_view.DatasetView) -> list[tuple]:
    """Every point spot the data view shows: (x, y, symbol, pen, brush), sorted."""
    rows = []
    for item in (view.points, view.lifted):
        if item.isVisible():
            d = item.data[item.data["visible"]]
            rows += [(r["x"], r["y"], r["symbol"], id(r["pen"]), id(r["brush"])) for r in d]
    return sorted(rows)


def expected_points(s: Session) -> list[tuple]:
    """What drawn_points must be for the session's dataset (style from the label and role)."""
    styles = point_styles()
    labels = np.zeros(len(s.dataset), int) if s.task == "regression" else s.dataset.y
    out = []
    for (x, y), label, role in zip(s.dataset.X, labels, s.roles, strict=True):
        symbol, pen, brush = styles[int(label) * N_ROLES + int(role)]
        out.append((x, y, symbol, id(pen), id(brush)))
    return sorted(out)


def drawn_rings(view: dataset_view.DatasetView) -> list[tuple]:
    """Where the rings of misclassified points are drawn, sorted."""
    return sorted((float(x), float(y)) for item in (view.wrong, view.wrong_lifted) if item.isVisible()
                  for x, y in zip(*item.getData(), strict=True))


def check_drawn(window) -> None:
    """The data view shows exactly the session's points, rings and selection."""
    s, view = window.session, window.dataset_view
    assert drawn_points(view) == expected_points(s)
    if s.task == "classification" and len(s.dataset):
        bad = (s.model.predict(s.dataset.inputs()) != s.dataset.y) & (s.roles == ROLE_TRAIN)
        assert drawn_rings(view) == sorted(map(tuple, s.dataset.X[bad].tolist()))
    sel = view.selected_indices()
    assert np.all(sel < len(s.dataset))
    halo = np.column_stack(view.selected.getData()) if len(sel) else np.empty((0, 2))
    np.testing.assert_array_equal(halo, s.dataset.X[sel])


def test_the_data_view_draws_exactly_the_data_through_random_edits_and_undo(window, monkeypatch):
    monkeypatch.setattr(dataset_view, "MAX_ADDED_LIFTED", 7)  # also cross the redraw-all threshold
    rng = np.random.default_rng(4)
    s, view = window.session, window.dataset_view
    start = snapshot(s)
    drag_ids = iter(range(10_000, 20_000))
    actions = ["add"] * 6 + ["drag", "drag several", "delete selection", "right-click", "undo", "undo",
                             "redo", "preset", "step", "select", "clear selection"]
    for _ in range(160):
        n = len(s.dataset)
        action = rng.choice(actions)
        if action == "add":
            window.add_point(*rng.uniform(-1.5, 1.5, 2))
        elif action == "drag" and n:
            i, drag_id = int(rng.integers(n)), next(drag_ids)
            for k in range(4):
                window.move_point(i, *(s.dataset.X[i] + rng.normal(0, 0.05, 2)), drag_id, k == 3)
        elif action == "drag several" and n > 3:
            idx, drag_id = np.sort(rng.choice(n, 3, replace=False)), next(drag_ids)
            for k in range(4):
                window.move_points(idx, s.dataset.X[idx] + rng.normal(0, 0.05, 2), drag_id, k == 3)
        elif action == "delete selection" and n > 3:
            view.set_selection(rng.choice(n, 3, replace=False))
            window.actionDelete.trigger()
        elif action == "right-click" and n:
            window.remove_point(int(rng.integers(n)))  # the session renumbers the selection itself
        elif action == "undo":
            window.undo_stack.undo()
        elif action == "redo":
            window.undo_stack.redo()
        elif action == "preset":
            window.load_preset(str(rng.choice(["XOR clouds", "Moons", "AND", "Circles"])), count=40)
        elif action == "step":
            s.step(3)
        elif action == "select" and n:
            view.set_selection(rng.choice(n, min(n, 5), replace=False))
        elif action == "clear selection":
            view.clear_selection()
        check_drawn(window)
    end = snapshot(s)
    while window.undo_stack.canUndo():
        window.undo_stack.undo()
        check_drawn(window)
    assert same(snapshot(s), start)
    while window.undo_stack.canRedo():
        window.undo_stack.redo()
    check_drawn(window)
    assert same(snapshot(s), end)
