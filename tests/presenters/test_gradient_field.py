"""The gradient field and the step readout without Qt: every arrow is −∇ at its grid point (exact, from
an independent gradient), one scale for all, and the readout's numbers are the next SGD step."""

from __future__ import annotations

import copy
import re

import numpy as np
import pytest

from visualnet.core import data
from visualnet.core.surfaces import SURFACES, Surface, from_formula
from visualnet.presenters import gradient_field as gf
from visualnet.presenters.surface_frame import SurfacePresenter
from visualnet.presenters.surface_numbers import update_formula, update_text
from visualnet.session import Config, Session


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def presenter(s: Session, mode: str = "exact", field: bool = True) -> SurfacePresenter:
    p = SurfacePresenter(s, Clock())
    p.follow_model()
    p.set_mode(mode)
    p.set_field(field)
    return p


def gradient_at(model, X: np.ndarray, t: np.ndarray, params: dict) -> dict:
    """The layers' backpropagation on a deep copy holding `params`: independent of the fast route."""
    twin = copy.deepcopy(model)
    twin.set_params(params)
    return twin.gradient(X, t)


def sessions() -> list[Session]:
    """Each activation × task × depth 1-3, and the perceptron."""
    out = []
    for depth, act in zip((1, 2, 3), ("relu", "sigmoid", "tanh"), strict=True):
        out.append(Session(config=Config(hidden=(4,) * depth, activation=act, seed=depth)))
        sine = Session.from_preset("Sine")
        sine.configure(hidden=(3,) * depth, activation=act)
        out.append(sine)
    perceptron = Session()
    perceptron.configure(model="Perceptron")
    out.append(perceptron)
    for s in out:
        s.step(7)
    return out


# ------------------------------------------------------------------ the grid and the scale

def test_points_are_cell_centres_and_the_longest_arrow_fills_a_cell() -> None:
    window = ((-2.0, 2.0), (0.0, 10.0))
    points = gf.field_points(window, 4)
    np.testing.assert_allclose(np.unique(points[:, 0]), [-1.5, -0.5, 0.5, 1.5])
    np.testing.assert_allclose(np.unique(points[:, 1]), [1.25, 3.75, 6.25, 8.75])
    assert tuple(points[1]) == (-0.5, 1.25)  # rows follow y, x varies along a row
    grads = np.arange(32.0).reshape(16, 2) - 7.0
    field = gf.make_field(points, grads, window, 4)
    tails, tips = field.arrows()
    shares = np.hypot((tips - tails)[:, 0] / 4.0, (tips - tails)[:, 1] / 10.0)
    assert shares.max() == pytest.approx(gf.FILL / 4)  # a cell is a quarter of each axis
    np.testing.assert_allclose(tips - tails, -field.scale * grads)  # one scale for every arrow
    np.testing.assert_allclose((tails + tips) / 2, points)  # centred on their points: none leaves the window


def test_zero_and_non_finite_gradients_draw_no_arrow() -> None:
    window = ((0.0, 1.0), (0.0, 1.0))
    points = gf.field_points(window, 2)
    grads = np.array([[0.0, 0.0], [np.nan, 1.0], [np.inf, 0.0], [3.0, -4.0]])
    field = gf.make_field(points, grads, window, 2)
    tails, tips = field.arrows()
    assert len(tails) == 1 and np.isnan(field.gradients[1:3]).all()
    np.testing.assert_allclose(tips - tails, -field.scale * grads[3:])
    assert gf.make_field(points, np.zeros((4, 2)), window, 2).scale == 0.0


def test_arrow_heads_are_pixel_sized_and_short_shafts_have_none() -> None:
    tails = np.array([[0.0, 0.0], [10.0, 10.0], [50.0, 50.0]])
    tips = tails + np.array([[40.0, 0.0], [1.0, 0.0], [0.0, -9.0]])
    lines = gf.arrow_lines(tails, tips)
    assert len(lines) == 3 + 2 * 2  # three shafts, two heads (the 1 px shaft has none)
    np.testing.assert_allclose(lines[:3], np.hstack([tails, tips]))
    heads = lines[3:]
    np.testing.assert_allclose(heads[:, :2], tips[[0, 2, 0, 2]])
    length = np.hypot(heads[:, 2] - heads[:, 0], heads[:, 3] - heads[:, 1])
    np.testing.assert_allclose(length, [gf.HEAD_PX, 3.0, gf.HEAD_PX, 3.0])  # a third of a short shaft
    assert (heads[[0, 2], 2] < 40.0).all()  # the head's strokes point back along the shaft


# ------------------------------------------------------------------ the playground's functions

@pytest.mark.parametrize("surface", [*SURFACES.values(), from_formula("sin(x)*cos(y) + (x^2 + y^2)/20")],
                         ids=lambda s: s.name)
def test_the_playgrounds_arrows_are_minus_the_exact_gradient(surface: Surface) -> None:
    field = gf.surface_field(surface)
    assert field.res == gf.FIELD_RES and len(field.points) == gf.FIELD_RES**2
    x, y = field.points.T
    # the independent reference: central differences of f itself
    h = 1e-6
    numeric = np.column_stack([(surface.f(x + h, y) - surface.f(x - h, y)) / (2 * h),
                               (surface.f(x, y + h) - surface.f(x, y - h)) / (2 * h)])
    np.testing.assert_allclose(field.gradients, numeric, rtol=1e-5, atol=1e-4)
    tails, tips = field.arrows()
    keep = (field.gradients != 0).any(axis=1)
    np.testing.assert_allclose(tips - tails, -field.scale * field.gradients[keep])


# ------------------------------------------------------------------ the loss surface

@pytest.mark.parametrize("index", range(7))
def test_two_parameter_arrows_are_minus_the_partial_derivatives(index: int) -> None:
    s = sessions()[index]
    p = presenter(s)
    frame = p.frame()
    assert frame.problem is None and frame.image is not None
    field = frame.image.field
    assert field is not None and field.res == gf.FIELD_RES
    X, t = p.surface.sample()
    (k1, i1), (k2, i2) = s.surface_params
    for (v1, v2), g in zip(field.points, field.gradients, strict=True):
        params = s.model.copy_params()
        params[k1].reshape(-1)[i1], params[k2].reshape(-1)[i2] = v1, v2
        grads = gradient_at(s.model, X, t, params)  # every other weight held at its value
        np.testing.assert_allclose(g, [grads[k1].reshape(-1)[i1], grads[k2].reshape(-1)[i2]],
                                   rtol=1e-9, atol=1e-12)
    tails, tips = field.arrows()
    keep = (field.gradients != 0).any(axis=1)
    np.testing.assert_allclose(tips - tails, -field.scale * field.gradients[keep])
    (x0, x1), (y0, y1) = frame.window
    both = np.vstack([tails, tips])
    assert (both >= [x0, y0]).all() and (both <= [x1, y1]).all()


@pytest.mark.parametrize("mode", ["random", "pca"])
def test_plane_arrows_are_the_gradient_projected_on_the_plane(mode: str) -> None:
    s = Session(data.PRESETS["XOR clouds"].make(n=120, seed=1), Config(hidden=(5, 4), activation="tanh"))
    s.step(20)
    p = presenter(s, mode)
    frame = p.frame()
    assert frame.image is not None and p.plane is not None
    field, plane = frame.image.field, p.plane
    assert field is not None
    X, t = p.surface.sample()
    for (a, b), g in zip(field.points, field.gradients, strict=True):
        grads = gradient_at(s.model, X, t, plane.point(a, b))
        dot1 = sum(float(np.vdot(grads[k], plane.d1[k])) for k in grads)
        dot2 = sum(float(np.vdot(grads[k], plane.d2[k])) for k in grads)
        np.testing.assert_allclose(g, [dot1, dot2], rtol=1e-9, atol=1e-12)
    # and it is the slope of the loss the plane shows: central differences along a and b
    (a, b) = field.points[17]
    h = 1e-5
    losses = p.surface.plane_losses(plane, (a - h, a + h), (b - h, b + h), res=3)  # float32 inside
    numeric = [(losses[1, 2] - losses[1, 0]) / (2 * h), (losses[2, 1] - losses[0, 1]) / (2 * h)]
    np.testing.assert_allclose(field.gradients[17], numeric, rtol=0.05, atol=5e-3)


def test_the_field_comes_only_with_a_surface_and_only_when_switched_on(monkeypatch) -> None:
    s = Session()
    p = presenter(s, field=False)
    first = p.frame().image
    assert first is not None and first.field is None
    assert p.frame().image is None  # nothing new: no surface, no field
    calls = []
    real = gf.slice_gradients
    monkeypatch.setattr(gf, "slice_gradients", lambda *a: calls.append(1) or real(*a))
    p.set_field(True)
    image = p.frame().image  # switched on: the next frame brings surface and field
    assert image is not None and image.field is not None and calls == [1]
    assert p.frame().image is None and calls == [1]  # not every frame
    p.set_field(False)
    assert p.frame().image is None and calls == [1]


def test_a_large_network_gets_a_coarser_field_never_below_the_minimum() -> None:
    s = Session(data.PRESETS["XOR clouds"].make(n=1000, seed=0), Config(hidden=(128, 128)))
    field = presenter(s).frame().image.field
    assert field is not None and gf.FIELD_MIN_RES <= field.res < gf.FIELD_RES


# ------------------------------------------------------------------ the step readout

NUMBER = r"(−?[\d.]+(?:e[−+]\d+)?)"


def numbers(line: str) -> tuple[float, ...]:
    """w, η, g and the new w from 'W1[0,1] ← w − η × (g) = new …'."""
    found = re.match(rf"\S+ ← {NUMBER} − {NUMBER} × \(?{NUMBER}\)? = {NUMBER}", line)
    assert found, line
    return tuple(float(v.replace("−", "-")) for v in found.groups())


@pytest.mark.parametrize("index", range(7))
def test_the_readout_is_the_next_sgd_step_from_the_arrows_gradient(index: int) -> None:
    s = sessions()[index]
    p = presenter(s, field=False)
    p.frame()
    text = p.step_readout(None)
    lines = [line for line in text.split("\n") if "←" in line]  # one per parameter (then the notes)
    assert len(lines) == 2
    n, b = len(s.trainer.X_train), min(s.config.batch_size, len(s.trainer.X_train))
    assert (f"all {n} training points" in text) == (b < n)  # g is the full batch's: said when a step's is not
    X, t = p.surface.sample()
    grads = gradient_at(s.model, X, t, s.model.params)
    lr = s.optimizer.lr
    for line, (key, i), g_arrow in zip(lines, s.surface_params, p.gradient(), strict=True):
        w, eta, g, new = numbers(line)
        w_true, g_true = float(s.model.params[key].reshape(-1)[i]), float(grads[key].reshape(-1)[i])
        assert g_arrow == pytest.approx(g_true, rel=1e-9, abs=1e-12)  # the arrow's gradient is this one
        assert eta == lr
        assert g == pytest.approx(g_true, rel=5e-3, abs=1e-300)  # three digits
        assert w == pytest.approx(w_true, rel=5e-3, abs=1e-12)
        assert new == pytest.approx(w_true - lr * g_true, rel=5e-3, abs=1e-12)
        word = "increases" if g_true < 0 else "decreases" if g_true > 0 else "stays"
        assert word in line
    # a training step of full-batch SGD lands where the readout says
    before = s.model.copy_params()
    step = {k: before[k] - lr * grads[k] for k in before}
    for line, (key, i) in zip(lines, s.surface_params, strict=True):
        assert numbers(line)[3] == pytest.approx(float(step[key].reshape(-1)[i]), rel=5e-3, abs=1e-12)


def test_the_readout_shows_enough_digits_for_a_tiny_step_and_says_the_optimizer() -> None:
    assert update_formula("W1[0,1]", 0.412, -0.35, 0.1) == "W1[0,1] ← 0.412 − 0.1 × (−0.350) = 0.447"
    assert update_formula("b2", -2.0, 1e-4, 0.01) == "b2 ← −2.000000 − 0.01 × 0.000100 = −2.000001"
    assert update_formula("b", 3.0, 0.0, 0.1) == "b ← 3.00 − 0.1 × 0 = 3.00"
    text = update_text(["w[0]", "b"], (1.0, 2.0), (2.0, 0.0), 0.5, "Adam")
    assert text.split("\n")[1].endswith("the slope is zero: b stays where it is")
    assert "Adam" in text.split("\n")[2]
    assert update_text(["w[0]", "b"], (np.nan, 2.0), (2.0, 0.0), 0.5, "SGD") == ""


def test_the_readout_is_empty_where_there_is_no_next_step() -> None:
    s = Session()
    p = presenter(s, "random", field=False)
    assert p.step_readout(None) == ""  # a plane: not two parameters
    p.set_mode("exact")
    assert p.step_readout("no data") == ""
    assert p.step_readout(None) != ""
