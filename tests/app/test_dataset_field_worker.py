"""The decision field of a large dataset (and its rings) computed on a worker while the app runs: the same
picture as computed at once, the old one shown until it arrives, one computation at a time, a request made
outdated by a field computed here never shown."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from visualnet.app.bridge import SessionBridge
from visualnet.app.views import field_worker
from visualnet.app.views.dataset_view import DatasetView
from visualnet.app.views.field_worker import FIELD_WORKER_POINTS
from visualnet.app.workers import LatestWins
from visualnet.core import data
from visualnet.presenters import dataset as present
from visualnet.session import Config, Session

TIMEOUT_S = 10.0


@pytest.fixture(autouse=True)
def _on_the_worker(monkeypatch):
    monkeypatch.setattr(LatestWins, "mode", "worker")
    # each request at once (the tests below time the worker, not the spacing of requests: that has its own)
    monkeypatch.setattr(field_worker, "FIELD_EVERY_S", 0.0)


def large_session() -> Session:
    ds = data.PRESETS["XOR clouds"].make(n=FIELD_WORKER_POINTS, seed=0)
    return Session(ds, Config(hidden=(8, 8), batch_size=10, lr=0.1))


def make_view(qtbot, session: Session) -> DatasetView:
    bridge = SessionBridge(session)
    view = DatasetView(session, bridge)
    view.bridge = bridge  # the session's events reach the view through it: kept while the view lives
    qtbot.addWidget(view)
    view.resize(500, 400)
    view.show()
    qtbot.waitExposed(view)
    qtbot.wait(50)  # laid out: its field asked for over the final range
    view.flush()
    return view


def expected_picture(view: DatasetView) -> present.FieldPicture:
    """The field of the session's model now, computed on this thread over the view's range."""
    (x0, x1), (y0, y1) = view.viewbox.viewRange()
    shape = present.field_shape(view.session, view.viewbox.width(), view.viewbox.height())
    return present.decision_field(view.session, (x0, x1), (y0, y1), shape, view._class_rgb)


def test_a_large_dataset_s_field_is_computed_off_the_gui_thread_and_equals_the_inline_one(
        qtbot, monkeypatch) -> None:
    s = large_session()
    view = make_view(qtbot, s)
    threads: list[int] = []
    real = present.field_picture
    monkeypatch.setattr(present, "field_picture",
                        lambda *a, **k: threads.append(threading.get_ident()) or real(*a, **k))
    before = view.field.image.copy()
    s.step(20)
    view.refresh_field()
    np.testing.assert_array_equal(view.field.image, before)  # the old picture stays meanwhile
    qtbot.waitUntil(lambda: bool(threads) and not view.fields.jobs.busy("field"), timeout=5000)
    qtbot.waitUntil(lambda: not np.array_equal(view.field.image, before), timeout=5000)
    assert threads[0] != threading.get_ident()
    want = expected_picture(view)
    np.testing.assert_array_equal(view.field.image, want.rgb)
    xs, ys = view.boundary.getData()
    np.testing.assert_array_equal(xs, want.boundary_x)
    np.testing.assert_array_equal(ys, want.boundary_y)
    np.testing.assert_array_equal(ringed(view), expected_rings(s))  # the rings came with it


def ringed(view: DatasetView) -> np.ndarray:
    """The ringed points' positions (k, 2), sorted (the rings of lifted points drawn apart too)."""
    items = (view.wrong.data, view.wrong_lifted.data)
    parts = [np.column_stack([d["x"], d["y"]])[d["visible"]] for d in items if len(d)]
    xy = np.vstack(parts) if parts else np.empty((0, 2))
    return xy[np.lexsort(xy.T[::-1])]


def expected_rings(s: Session) -> np.ndarray:
    """The misclassified training points of the model now, predicted on this thread, sorted."""
    bad = present.misclassified(s, s.model.predict(s.dataset.inputs()))
    xy = s.dataset.X[bad]
    return xy[np.lexsort(xy.T[::-1])]


def held_field(qtbot, monkeypatch) -> tuple[Session, DatasetView, threading.Event]:
    """A view of a large dataset whose next field, asked for after 20 steps, waits on the worker for the
    gate returned."""
    s = large_session()
    view = make_view(qtbot, s)
    gate = threading.Event()
    real = present.field_picture
    monkeypatch.setattr(present, "field_picture", lambda *a, **k: gate.wait(TIMEOUT_S) and real(*a, **k))
    s.step(20)
    view.refresh_field()
    return s, view, gate


def test_points_edited_while_the_field_is_computed_get_their_rings_here(qtbot, monkeypatch) -> None:
    s, view, gate = held_field(qtbot, monkeypatch)  # with the training points of now
    s.move_points([0, 1], np.array([[3.0, 3.0], [-3.0, 3.0]]))  # (the view follows the data change)
    gate.set()
    view.flush()
    qtbot.wait(20)
    assert not view.fields.jobs.busy("field")
    np.testing.assert_array_equal(ringed(view), expected_rings(s))


def test_a_small_dataset_s_field_is_computed_at_once(qtbot) -> None:
    s = Session.from_preset("XOR clouds")
    view = make_view(qtbot, s)
    s.step(20)
    view.refresh_field()
    np.testing.assert_array_equal(view.field.image, expected_picture(view).rgb)  # no waiting


def test_frames_faster_than_the_worker_wait_for_it_and_then_get_the_field_of_now(qtbot, monkeypatch) -> None:
    s = large_session()
    view = make_view(qtbot, s)
    gate = threading.Event()
    runs: list[int] = []
    real = present.field_picture

    def slow(*args, **kwargs):
        runs.append(1)
        assert gate.wait(TIMEOUT_S)
        return real(*args, **kwargs)

    monkeypatch.setattr(present, "field_picture", slow)
    for _ in range(6):  # frames come while the first field is computed: no new request each
        s.step(20)
        view.refresh_field()
    gate.set()
    qtbot.waitUntil(lambda: len(runs) == 2 and not view.fields.jobs.busy("field"), timeout=5000)
    view.flush()
    assert len(runs) == 2  # the first, and one for the weights of now once it arrived
    np.testing.assert_array_equal(view.field.image, expected_picture(view).rgb)
    np.testing.assert_array_equal(ringed(view), expected_rings(s))


def test_an_inline_field_is_not_replaced_by_an_older_one_from_the_worker(qtbot, monkeypatch) -> None:
    s, view, gate = held_field(qtbot, monkeypatch)
    monkeypatch.setattr(field_worker, "FIELD_WORKER_POINTS", 10**9)  # now computed at once
    gate.set()
    s.step(20)
    view.refresh_field()
    view.fields.wait()
    qtbot.wait(50)
    np.testing.assert_array_equal(view.field.image, expected_picture(view).rgb)


def test_the_workers_copy_keeps_features_and_dropout():
    from visualnet.app.views.field_worker import model_copy
    from visualnet.core.mlp import MLP

    model = MLP([3, 4, 2], features=("x1", "x2", "x1sq"), seed=1)
    model.dropout = [0.4]
    twin = model_copy(model)
    assert isinstance(twin, MLP) and twin.features == model.features and twin.dropout == [0.4]
    X = np.random.default_rng(0).normal(size=(5, 2))
    np.testing.assert_array_equal(twin.scores(X), model.scores(X))


def held_back_field(qtbot, monkeypatch, every_s: float):
    """A large session's view whose field was just asked for (FIELD_EVERY_S = every_s), after a step: the
    next field held back; (session, view, the fields computed as they come)."""
    monkeypatch.setattr(field_worker, "FIELD_EVERY_S", every_s)
    s = large_session()
    view = make_view(qtbot, s)
    view.flush()
    runs: list[float] = []
    real = present.field_picture
    monkeypatch.setattr(present, "field_picture", lambda *a, **k: runs.append(1) or real(*a, **k))
    view.fields._asked_at = view.fields.clock()  # a field was just asked for
    s.step(20)
    view.refresh_field()
    return s, view, runs


def test_a_new_field_waits_its_turn_and_comes_when_due(qtbot, monkeypatch) -> None:
    s, view, runs = held_back_field(qtbot, monkeypatch, 0.2)
    assert view.fields.behind and not view.fields.pending and runs == []  # held back: not its turn yet
    qtbot.waitUntil(lambda: len(runs) == 1 and not view.fields.jobs.busy("field"), timeout=5000)
    view.flush()
    np.testing.assert_array_equal(view.field.image, expected_picture(view).rgb)  # the weights of now
    np.testing.assert_array_equal(ringed(view), expected_rings(s))


def test_between_two_frames_at_max_a_field_held_back_is_asked_for_by_the_next_frame(qtbot, monkeypatch):
    from visualnet.app import frame_gate

    s, view, runs = held_back_field(qtbot, monkeypatch, 0.05)
    assert view.fields.behind and runs == []  # held back
    frame_gate.hold(0.5)  # at "max": its time comes between two frames ...
    try:
        qtbot.wait(150)
        assert runs == [] and view.fields._wait.isActive()  # ... and waits for the next frame
        s.step(20)
        view.refresh_field()  # the next frame asks for it
        qtbot.waitUntil(lambda: len(runs) == 1 and not view.fields.jobs.busy("field"), timeout=5000)
    finally:
        frame_gate.release()
    view.flush()
    np.testing.assert_array_equal(view.field.image, expected_picture(view).rgb)
