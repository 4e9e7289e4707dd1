"""Test surfaces: values, exact gradients against central differences, windows, formulas."""

from __future__ import annotations

import numpy as np
import pytest

from visualnet.core import optimizers, surfaces
from visualnet.core.formula import FormulaError
from visualnet.core.surfaces import BOOK, SURFACES, from_formula

NAMES = list(SURFACES)


def sample(surface: surfaces.Surface, n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(*surface.xlim, n), rng.uniform(*surface.ylim, n)


def central(surface: surfaces.Surface, x: np.ndarray, y: np.ndarray, h: float = 1e-5):
    """Central differences (f(p + h) - f(p - h)) / 2h along x and y."""
    return ((surface.f(x + h, y) - surface.f(x - h, y)) / (2 * h),
            (surface.f(x, y + h) - surface.f(x, y - h)) / (2 * h))


def test_registry_order_and_names() -> None:
    assert NAMES == ["Book: x²/20 + y²", "Bowl: x² + y²", "Rosenbrock", "Saddle: x² − y²", "Beale",
                     "Himmelblau"]
    assert BOOK.xlim == (-10.0, 10.0) and BOOK.ylim == (-5.0, 5.0) and BOOK.start == (-7.0, 2.0)


@pytest.mark.parametrize("name", NAMES)
def test_gradient_matches_central_differences(name) -> None:
    s = SURFACES[name]
    x, y = sample(s)
    gx, gy = s.gradient(x, y)
    nx, ny = central(s, x, y)
    scale = np.abs(s.f(x, y)).max() + 1
    np.testing.assert_allclose(gx, nx, rtol=1e-6, atol=1e-8 * scale)
    np.testing.assert_allclose(gy, ny, rtol=1e-6, atol=1e-8 * scale)


@pytest.mark.parametrize("name", NAMES)
def test_window_start_minima_and_suggested_rates(name) -> None:
    s = SURFACES[name]
    assert s.xlim[0] < s.start[0] < s.xlim[1] and s.ylim[0] < s.start[1] < s.ylim[1]
    for mx, my in s.minima:
        assert s.f(mx, my) == pytest.approx(0.0, abs=1e-9)
        assert np.hypot(*s.gradient(mx, my)) < 1e-4
    assert set(s.lrs) == set(optimizers.NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_vectorised_grid_orientation(name) -> None:
    s = SURFACES[name]
    xs, ys, Z = s.grid(res=21)
    assert Z.shape == (21, 21) and Z.dtype == np.float64
    # rows follow y, columns follow x, both ascending (grids.py's convention)
    assert Z[3, 17] == s.f(xs[17], ys[3])
    assert xs[0] == s.xlim[0] and ys[-1] == s.ylim[1]


def test_known_values() -> None:
    assert BOOK.f(-7.0, 2.0) == pytest.approx(49 / 20 + 4)
    assert SURFACES["Rosenbrock"].f(1.0, 1.0) == 0.0
    assert SURFACES["Saddle: x² − y²"].f(1.0, 2.0) == -3.0
    assert SURFACES["Beale"].f(3.0, 0.5) == 0.0
    assert SURFACES["Himmelblau"].f(3.0, 2.0) == 0.0
    np.testing.assert_array_equal(BOOK.gradient(-7.0, 2.0), (-0.7, 4.0))


def test_formula_surface_equals_the_built_in_one() -> None:
    custom = from_formula("(1 - x)^2 + 100*(y - x^2)^2", xlim=(-2, 2), ylim=(-1, 3))
    ref = SURFACES["Rosenbrock"]
    x, y = sample(ref)
    np.testing.assert_allclose(custom.f(x, y), ref.f(x, y), rtol=1e-14)
    np.testing.assert_allclose(custom.gradient(x, y), ref.gradient(x, y), rtol=1e-12, atol=1e-12)
    assert custom.gradient_text == ("-2*(1 - x) - 400*(y - x^2)*x", "200*(y - x^2)")
    assert custom.name == "Custom: (1 - x)^2 + 100*(y - x^2)^2"


def test_formula_surface_gradient_matches_central_differences() -> None:
    s = from_formula("sin(x)*cos(y) + (x^2 + y^2)/20")
    x, y = sample(s)
    gx, gy = s.gradient(x, y)
    nx, ny = central(s, x, y)
    np.testing.assert_allclose(gx, nx, rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(gy, ny, rtol=1e-6, atol=1e-9)
    assert s.start == (-3.75, 3.75)
    assert s.gradient(1.0, 2.0)[0].shape == ()


def test_formula_surface_refuses_like_the_parser() -> None:
    with pytest.raises(FormulaError, match="attribute access"):
        from_formula("x.__class__")
