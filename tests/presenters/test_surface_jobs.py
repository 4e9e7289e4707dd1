"""A PCA plane recomputed while a surface is shown is found with the surface (on the worker): the same
plane, window and losses as found at once; an outdated request's result is dropped."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.presenters.loss_surface import LossSurface
from visualnet.presenters.surface_frame import SurfacePresenter
from visualnet.presenters.surface_jobs import PlaneJob, compute, find_plane
from visualnet.session import Session


def shown_pca(s: Session, deferred: bool) -> SurfacePresenter:
    """A presenter in PCA mode with its first surface shown (computed at once, as the first plane is)."""
    p = SurfacePresenter(s, clock=lambda: 0.0)
    p.surface_interval_s = 0.0
    p.follow_model()
    p.set_mode("pca")
    p.frame()
    p.deferred = deferred
    return p


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
    np.testing.assert_array_equal(job.path, LossSurface(s).recorded_path())
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
    assert deferred.window == inline.window
    np.testing.assert_array_equal(arrived.image.log_loss, expected.image.log_loss)
    np.testing.assert_array_equal(arrived.path, expected.path)


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
    job = PlaneJob(np.vstack([flat, flat]), like, None, 0.5)
    with pytest.raises(ValueError, match="train a few steps first"):
        find_plane(job)
