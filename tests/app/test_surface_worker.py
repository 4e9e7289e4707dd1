"""The loss surface computed on a worker thread: frames go on, the old surface stays with its age, the
newest result wins, an error is a caption, and the worker stops with the view."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtWidgets import QVBoxLayout, QWidget

from visualnet.app.bridge import SessionBridge
from visualnet.app.views.loss_surface_view import LossSurfaceView
from visualnet.app.workers import LatestWins
from visualnet.core import fast_mlp
from visualnet.presenters.loss_surface import LossSurface
from visualnet.presenters.surface_numbers import log_loss
from visualnet.session import Session

TIMEOUT_S = 10.0


@pytest.fixture(autouse=True)
def _on_the_worker(monkeypatch):
    monkeypatch.setattr(LatestWins, "mode", "worker")


def make_view(qtbot, session: Session) -> LossSurfaceView:
    """A shown view that recomputes the surface whenever it is behind, its first surface drawn."""
    view = LossSurfaceView(session, SessionBridge(session))
    qtbot.addWidget(view)
    view.surface_interval_s = 0.0
    view.resize(480, 420)
    view.show()
    view.refresh()
    view.flush()
    assert view.image.image is not None and view.presenter.pending is None
    return view


def held(monkeypatch, view: LossSurfaceView):
    """Make the view's next surface computations wait for a gate; returns (gate, started, weights seen)."""
    gate, started = threading.Event(), threading.Event()
    seen: list[np.ndarray] = []
    real = view.surface.slice_losses

    def slow(*args, **kwargs):
        seen.append(kwargs["model"].theta.copy())  # the weights the job computes with, as it starts
        started.set()
        assert gate.wait(TIMEOUT_S)
        return real(*args, **kwargs)

    monkeypatch.setattr(view.surface, "slice_losses", slow)
    return gate, started, seen


def test_the_surface_is_computed_off_the_gui_thread_and_arrives(qtbot) -> None:
    s = Session()
    view = make_view(qtbot, s)
    threads = []
    real = view.surface.slice_losses
    view.surface.slice_losses = lambda *a, **k: threads.append(threading.get_ident()) or real(*a, **k)
    s.step(5)
    view.refresh()
    assert view.presenter.pending is not None  # handed to the worker, not computed in the refresh
    qtbot.waitUntil(lambda: view.presenter.pending is None, timeout=5000)
    assert threads and threads[0] != threading.get_ident()
    expected = log_loss(LossSurface(s).slice_losses(*view.axes_window, res=view.res))
    np.testing.assert_array_equal(view.image.image, expected)
    assert view.presenter.shown_iteration == s.trainer.iteration


def test_training_goes_on_while_the_worker_computes_on_a_copy(qtbot, monkeypatch) -> None:
    s = Session()
    view = make_view(qtbot, s)
    view.presenter.age_every_s = 0.0  # the age said every frame (else at most every 0.25 s)
    old = view.image.image
    gate, started, seen = held(monkeypatch, view)
    s.step(3)
    view.refresh()
    request = view.presenter.pending
    assert request is not None and request.model is not s.model
    assert started.wait(TIMEOUT_S)
    asked_at = s.model.theta.copy()
    for _ in range(12):  # frames go on: training changes the live weights in place meanwhile
        s.step(1)
        view.refresh()
        assert view.image.image is old and view.image.isVisible()  # the old surface stays
    # the surface shown is of the weights before those 3 + 12 steps
    assert "Surface from 15 steps ago." in view.caption.text()
    assert view.presenter.pending is request  # one computation at a time: no new request per frame
    # the copy has a fast route of its own, not the live model's workspaces
    assert fast_mlp.route(request.model) is not fast_mlp.route(s.model)
    view.surface_interval_s = 60.0  # the next surface waits: the one that arrives stays on screen
    gate.set()
    qtbot.waitUntil(lambda: view.image.image is not old, timeout=5000)
    np.testing.assert_array_equal(seen[0], asked_at)  # the weights of the request, not of now
    assert view.presenter.shown_iteration == request.iteration and view.presenter.pending is None
    assert "Surface from 12 steps ago." in view.caption.text()  # it is of the weights 12 steps back
    view.flush()  # an export: the surface of now
    assert view.presenter.shown_iteration == s.trainer.iteration and "steps ago" not in view.caption.text()


def test_an_outdated_request_is_never_shown(qtbot, monkeypatch) -> None:
    s = Session()
    view = make_view(qtbot, s)
    gate, started, _seen = held(monkeypatch, view)
    s.step(2)
    view.refresh()
    outdated = view.presenter.pending
    assert started.wait(TIMEOUT_S)
    view.mode_combo.setCurrentIndex(view.mode_combo.findData("random"))  # another mode meanwhile
    assert view.presenter.pending is not outdated
    assert not view.image.isVisible()  # the exact surface is not drawn over the plane's axes
    gate.set()
    qtbot.waitUntil(lambda: view.presenter.pending is None, timeout=5000)
    qtbot.wait(50)
    assert view.image.isVisible() and view.presenter._image_of[0] == "random"
    expected = log_loss(LossSurface(s).plane_losses(view.plane, *view.axes_window, res=view.res))
    np.testing.assert_allclose(view.image.image, expected, rtol=1e-6)


def test_an_error_on_the_worker_is_the_caption_and_the_next_surface_clears_it(qtbot, monkeypatch) -> None:
    s = Session()
    view = make_view(qtbot, s)
    real = view.surface.slice_losses

    def broken(*_a, **_k):
        raise ArithmeticError("the grid broke")

    monkeypatch.setattr(view.surface, "slice_losses", broken)
    s.step(1)
    view.refresh()
    qtbot.waitUntil(lambda: "the grid broke" in view.caption.text(), timeout=5000)
    assert view.caption.text().startswith("No loss surface: ArithmeticError: the grid broke.")
    assert not view.image.isVisible()
    monkeypatch.setattr(view.surface, "slice_losses", real)
    s.step(1)
    view.refresh()
    qtbot.waitUntil(lambda: view.image.isVisible(), timeout=5000)
    assert "No loss surface" not in view.caption.text()


def test_closing_the_parent_with_a_surface_being_computed_stops_the_worker(qtbot, monkeypatch) -> None:
    s = Session()
    parent = QWidget()
    qtbot.addWidget(parent)
    view = LossSurfaceView(s, SessionBridge(s), parent)
    QVBoxLayout(parent).addWidget(view)
    parent.show()
    view.refresh()
    view.flush()
    gate, started, _seen = held(monkeypatch, view)
    view.presenter.surface_dirty = True
    view.refresh()
    assert started.wait(TIMEOUT_S)
    threading.Timer(0.05, gate.set).start()
    parent.close()
    parent.deleteLater()  # its destruction waits for the job: no thread outlives the widgets
    qtbot.waitUntil(lambda: gate.is_set(), timeout=5000)
    qtbot.wait(50)


def test_the_window_trains_with_the_surface_on_the_worker(qtbot, window) -> None:
    view = window.loss_surface_view
    view.surface_interval_s = 0.0
    s = window.session
    for _ in range(30):  # frames as the training clock makes them
        s.step(2)
        qtbot.wait(5)
    view.flush()
    view.refresh()
    view.flush()
    assert view.presenter.shown_iteration == s.trainer.iteration
    expected = log_loss(LossSurface(s).slice_losses(*view.axes_window, res=view.res))
    np.testing.assert_array_equal(view.image.image, expected)


@pytest.mark.parametrize(("preset", "mode"), [("XOR clouds", "exact"), ("XOR clouds", "random"),
                                              ("XOR clouds", "pca"), ("AND", "exact")])
def test_the_worker_draws_what_the_gui_thread_would(qtbot, monkeypatch, preset, mode) -> None:
    s = Session.from_preset(preset)
    s.step(30)
    view = make_view(qtbot, s)
    view.mode_combo.setCurrentIndex(view.mode_combo.findData(mode))
    view.field_check.setChecked(True)
    s.step(4)
    view.refresh()
    view.flush()
    assert view.presenter.pending is None and view.image.isVisible()
    worker_image, worker_tips = view.image.image.copy(), view.field.tips.copy()
    # the same state computed on the GUI thread, as tests and snapshots do
    monkeypatch.setattr(LatestWins, "mode", "inline")
    view.presenter.surface_dirty = True
    view.refresh()
    np.testing.assert_array_equal(view.image.image, worker_image)
    np.testing.assert_array_equal(view.field.tips, worker_tips)


@pytest.mark.parametrize(("mode", "finder"), [("random", "random_plane"), ("pca", "pca_plane"),
                                              ("pca", "PathProjection")])
def test_planes_are_found_and_the_path_projected_on_the_worker(qtbot, monkeypatch, mode, finder) -> None:
    from visualnet.core import landscape

    s = Session.from_preset("XOR clouds")
    for _ in range(20):
        s.step(3)
    view = make_view(qtbot, s)
    threads: list[bool] = []  # whether each call ran on the GUI thread
    real = getattr(landscape, finder)
    monkeypatch.setattr(landscape, finder, lambda *a, **k: threads.append(
        threading.current_thread() is threading.main_thread()) or real(*a, **k))
    view.mode_combo.setCurrentIndex(view.mode_combo.findData(mode))  # the first plane
    view.flush()
    for _ in range(3):  # the planes through the weights as they move
        s.step(3)
        view.refresh()
        view.flush()
    assert view.image.isVisible() and view.presenter.plane is not None
    assert len(threads) >= 4 and not any(threads)  # every plane (and path) found on the worker
