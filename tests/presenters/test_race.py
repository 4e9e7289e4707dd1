"""The network race's texts and marks without Qt: readouts, the plane's caption, where a path leaves."""

from __future__ import annotations

import numpy as np

from visualnet.netrace import NetworkRace
from visualnet.presenters import race
from visualnet.session import Session

COLORS = {"muted": "#909090", "error": "#CC0000"}


def test_a_path_leaving_the_window_is_marked_where_it_leaves() -> None:
    lo, hi = np.array([-1.0, -1.0]), np.array([1.0, 1.0])
    path = np.array([[0.0, 0.0], [0.5, 0.0], [3.0, 0.0]])
    np.testing.assert_allclose(race.exit_point(path, lo, hi), [1.0, 0.0])
    outside = np.array([[5.0, 5.0], [6.0, 6.0]])  # never inside: the nearest point of the window
    np.testing.assert_allclose(race.exit_point(outside, lo, hi), [1.0, 1.0])


def test_readouts_and_caption() -> None:
    session = Session()
    r = NetworkRace(session)
    r.step(3)
    sgd = r.racer("SGD")
    line = race.readout(sgd, r.iteration, COLORS)
    assert line.startswith("3 · ") and line.endswith("%")  # iteration · loss · accuracy
    assert race.first_params(r.start_weights) == ["W1[0,0]", "W1[0,1]"]
    text = race.caption(session, "axes", r.start_weights, 1)
    assert "along W1[0,0] and W1[0,1]" in text
    assert f"on {len(session.trainer.X_train)} training points" in text
    assert race.surface_res(session) == race.SURFACE_RES  # a small network: the finest grid
