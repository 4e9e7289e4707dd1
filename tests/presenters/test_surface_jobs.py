"""A new plane (random directions, the path's PCA; the first one too) is found with the surface (on the
worker): the same plane, window, path and losses as found at once; an outdated request's result is
dropped; nothing of the path is projected again on the GUI thread."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import landscape
from visualnet.presenters.loss_surface import LossSurface, ending_now
from visualnet.presenters.surface_frame import SurfaceFrame, SurfacePresenter
from visualnet.presenters.surface_jobs import PlaneJob, compute, find_plane
from visualnet.session import Session


def shown_pca(s: Session, deferred: bool, mode: str = "pca") -> SurfacePresenter:
    """A presenter in a plane mode with its first surface shown (computed at once)."""
    p = SurfacePresenter(s, clock=lambda: 0.0)
    p.surface_interval_s = 0.0
    p.follow_model()
    p.set_mode(mode)
    p.frame()
    p.deferred = deferred
    return p


def same_window(a: tuple, b: tuple) -> None:
    """Windows equal but for the last bits: a path's rows projected in batches of another size (a new
    record, the weights of now) round differently in the matrix product."""
    np.testing.assert_allclose(np.array(a), np.array(b), rtol=1e-12, atol=1e-15)


def same_as_at_once(deferred: SurfacePresenter, inline: SurfacePresenter) -> SurfaceFrame:
    """The next frames of both: the plane found on the worker is the one found at once, and so are the
    window, the surface and the path drawn; the deferred frame."""
    arrived, expected = deferred.frame(), inline.frame()
    assert arrived.new_plane and arrived.image is not None and expected.image is not None
    assert deferred.plane is not None and inline.plane is not None
    same_plane(deferred.plane, inline.plane)
    same_window(deferred.window, inline.window)
    np.testing.assert_allclose(arrived.image.log_loss, expected.image.log_loss, rtol=1e-6)
    np.testing.assert_allclose(arrived.path, expected.path, rtol=1e-12, atol=1e-15)
    return arrived


def same_plane(a: landscape.Plane, b: landscape.Plane) -> None:
    for key in a.center:
        for d in ("center", "d1", "d2"):
            np.testing.assert_array_equal(getattr(a, d)[key], getattr(b, d)[key])
    assert a.explained == b.explained


def test_a_deferred_pca_recompute_finds_the_plane_with_the_surface_as_the_inline_one_does() -> None:
    s = Session.from_preset("XOR clouds")
    s.step(40)
    inline, deferred = shown_pca(s, False), shown_pca(s, True)
    s.step(25)
    first_plane = deferred.plane
    frame = deferred.frame()
    job = frame.request.plane_job
    assert isinstance(job, PlaneJob) and frame.request.plane is None
    assert deferred.plane is first_plane  # nothing slow on this thread: the shown plane stays
    hist = s.history
    assert job.rows is not hist.params and not np.shares_memory(job.rows, hist.params)  # copies
    np.testing.assert_array_equal(job.rows, hist.params)
    np.testing.assert_array_equal(job.keys, hist.iteration)
    path = ending_now(job.rows[: job.shown], landscape.flatten(job.like))
    np.testing.assert_array_equal(path, LossSurface(s).recorded_path())
    result = compute(deferred.surface, frame.request)  # what the worker runs
    assert deferred.receive(result)
    arrived = deferred.frame()
    assert arrived.new_plane and arrived.image is not None

    expected = inline.frame()  # the same step, the plane found at once
    assert expected.image is not None
    for key in s.model.params:
        np.testing.assert_array_equal(deferred.plane.d1[key], inline.plane.d1[key])
        np.testing.assert_array_equal(deferred.plane.center[key], inline.plane.center[key])
    assert deferred.plane.explained == inline.plane.explained
    same_window(deferred.window, inline.window)
    np.testing.assert_allclose(arrived.image.log_loss, expected.image.log_loss, rtol=1e-6)
    np.testing.assert_allclose(arrived.path, expected.path, rtol=1e-12, atol=1e-15)


def test_an_outdated_plane_request_is_dropped_and_the_newest_shown() -> None:
    s = Session.from_preset("XOR clouds")
    s.step(40)
    p = shown_pca(s, True)
    s.step(10)
    old = p.frame().request
    p.set_mode("random")  # another mode since: what the old request brings is never shown
    p.set_mode("pca")
    p.deferred = False
    p.frame()
    p.deferred = True
    s.step(10)
    newest = p.frame().request
    assert old is not None and newest is not None and newest.plane_job is not None
    assert not p.receive(compute(p.surface, old))
    shown = p.plane
    assert p.receive(compute(p.surface, newest))
    p.frame()
    assert p.plane is not shown and p.shown_iteration == newest.iteration


def test_a_path_too_short_for_a_plane_is_said_not_raised() -> None:
    s = Session.from_preset("XOR clouds")
    like = {k: np.array(v) for k, v in s.model.params.items()}
    flat = np.concatenate([v.ravel() for v in like.values()])
    job = PlaneJob("pca", 0, like, np.vstack([flat, flat, flat]), np.arange(3), 3, 0, None, 0.5)
    with pytest.raises(ValueError, match="train a few steps first"):
        find_plane(job)  # three records, standing still: no direction to find


@pytest.mark.parametrize("mode", ["random", "pca"])
def test_the_first_plane_is_found_on_the_worker_as_at_once(mode: str) -> None:
    s = Session.from_preset("XOR clouds")
    for _ in range(30):
        s.step(5)
    inline = SurfacePresenter(s, clock=lambda: 0.0)
    deferred = SurfacePresenter(s, clock=lambda: 0.0)
    deferred.deferred = True
    for p in (inline, deferred):
        p.follow_model()
        p.set_mode(mode)
    frame = deferred.frame()
    request = frame.request
    assert request is not None and request.plane_job is not None and request.plane_job.window is None
    assert deferred.plane is None and len(frame.path) == 0 and frame.problem is None  # nothing found here
    assert deferred.frame().request is None  # while it is being found, not asked for again
    assert deferred.receive(compute(deferred.surface, request))  # what the worker runs
    arrived = same_as_at_once(deferred, inline)
    fresh = LossSurface(s).plane_path(deferred.plane)
    np.testing.assert_allclose(arrived.path, fresh, rtol=1e-12, atol=1e-15)


def test_a_random_plane_recomputed_is_found_on_the_worker_as_at_once() -> None:
    s = Session.from_preset("XOR clouds")
    s.step(40)
    inline, deferred = shown_pca(s, False, "random"), shown_pca(s, True, "random")
    s.step(25)  # the weights moved: a new plane through them, the same directions' seed
    shown = deferred.plane
    frame = deferred.frame()
    assert frame.request is not None and frame.request.plane_job is not None
    assert frame.request.plane_job.kind == "random" and deferred.plane is shown
    assert deferred.receive(compute(deferred.surface, frame.request))
    same_as_at_once(deferred, inline)


def test_the_path_found_on_the_worker_is_not_projected_again_here(monkeypatch) -> None:
    s = Session.from_preset("XOR clouds")
    for _ in range(30):
        s.step(5)
    p = SurfacePresenter(s, clock=lambda: 0.0)
    p.deferred = True
    p.follow_model()
    p.set_mode("pca")
    request = p.frame().request
    assert p.receive(compute(p.surface, request))
    s.step(5)  # one record more since the job copied them
    projected: list[int] = []
    real = landscape.PathProjection._project
    monkeypatch.setattr(landscape.PathProjection, "_project",
                        lambda self, rows: projected.append(len(rows)) or real(self, rows))
    frame = p.frame()
    assert frame.new_plane
    # the last record again (it may have been a replaced tail), the new one and the weights of now: not
    # the 31 projected on the worker
    assert len(s.history) > 30 and sum(projected) <= 4
    np.testing.assert_allclose(frame.path, LossSurface(s).plane_path(p.plane), rtol=1e-12, atol=1e-15)


def test_a_first_plane_the_worker_cannot_find_is_asked_for_again_only_once_training_moves() -> None:
    s = Session.from_preset("XOR clouds")
    s.step(1)  # two records: the path cannot span a plane yet
    p = SurfacePresenter(s, clock=lambda: 0.0)
    p.surface_interval_s = 0.0
    p.deferred = True
    p.follow_model()
    p.set_mode("pca")
    request = p.frame().request
    assert request is not None and request.plane_job is not None
    assert p.receive(compute(p.surface, request))
    said = p.frame()
    assert said.request is None and said.problem is not None  # "train a few steps first", once
    assert p.frame().request is None  # paused: not asked for again and again
    for _ in range(5):
        s.step(3)
    again = p.frame().request  # training moved the path: tried again
    assert again is not None and again.plane_job is not None
    assert p.receive(compute(p.surface, again))
    assert p.frame().image is not None and p.plane is not None


def test_a_plane_found_while_the_learner_rewound_draws_the_path_of_now() -> None:
    s = Session.from_preset("XOR clouds")
    s.step(32)
    p = shown_pca(s, True)
    s.step(68)
    request = p.frame().request
    assert request is not None and request.plane_job is not None
    # while the worker finds the plane, the learner goes back and trains another way to the same iteration
    s.rewind_to(32)
    s.set_learning_rate(float(s.optimizer.lr) * 3)
    s.step(68)
    assert p.receive(compute(p.surface, request))
    frame = p.frame()
    np.testing.assert_allclose(frame.path, LossSurface(s).plane_path(p.plane), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("deferred", [False, True])
def test_a_plane_that_no_longer_exists_says_why_and_hides_the_old_one(deferred: bool) -> None:
    s = Session.from_preset("XOR clouds")
    s.step(200)
    p = shown_pca(s, deferred)
    assert p.plane is not None
    s.show_iteration(0)  # the timeline at the start: no path leads there yet
    p.set_field(True)  # (a surface due)
    frame = p.frame()
    assert p.plane is None and frame.problem is not None and "train a few steps" in str(frame.problem)
