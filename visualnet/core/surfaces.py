"""Two-parameter test functions f(x, y) with exact gradients, for racing optimizers on them.

Every function is vectorised (x and y broadcast against each other) and comes with a view window,
a start point, its known minima and learning rates that show each optimizer at its typical best
on it (`lrs`; the book's function uses the book's chapter-6 values). A `Surface` can also be built
from a typed formula (`from_formula`): its gradient is the formula's symbolic derivative, exact.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from visualnet.core import grids
from visualnet.core.expression import evaluate_tree
from visualnet.core.formula import parse
from visualnet.translatable import QT_TRANSLATE_NOOP

__all__ = [
    "BEALE",
    "BOOK",
    "BOWL",
    "CUSTOM_WINDOW",
    "HIMMELBLAU",
    "ROSENBROCK",
    "SADDLE",
    "SURFACES",
    "Surface",
    "from_formula",
]

Array = np.ndarray
Window = tuple[float, float]
Point = tuple[float, float]
CUSTOM_WINDOW: tuple[Window, Window] = ((-5.0, 5.0), (-5.0, 5.0))


def _frozen(d: Mapping[str, float] | None = None) -> Mapping[str, float]:
    return MappingProxyType(dict(d or {}))


def _lrs(sgd: float, momentum: float, nesterov: float, adagrad: float, rmsprop: float,
         adam: float) -> Mapping[str, float]:
    """Suggested learning rates, in optimizers.NAMES order."""
    return _frozen({"SGD": sgd, "Momentum": momentum, "Nesterov": nesterov, "AdaGrad": adagrad,
                    "RMSprop": rmsprop, "Adam": adam})


@dataclass(frozen=True, eq=False)
class Surface:
    """f(x, y) with its exact gradient, a default view window and start point."""

    name: str  # English, the key in SURFACES; a described one is marked for translation ("Surface")
    formula: str  # how to write f, for captions
    fn: Callable[[Array, Array], Array]
    grad_fn: Callable[[Array, Array], tuple[Array, Array]]
    xlim: Window
    ylim: Window
    start: Point
    minima: tuple[Point, ...] = ()
    lrs: Mapping[str, float] = field(default_factory=_frozen)  # suggested lr per optimizer name
    gradient_text: tuple[str, str] = ("", "")  # (df/dx, df/dy) as text, where known

    def __repr__(self) -> str:
        return f"Surface({self.name!r})"

    def f(self, x: Array | float, y: Array | float) -> Array:
        """f(x, y), float64, broadcast over x and y; overflow gives inf/NaN, never a warning."""
        with np.errstate(all="ignore"):
            v = self.fn(np.asarray(x, np.float64), np.asarray(y, np.float64))
        return np.broadcast_to(v, np.broadcast_shapes(np.shape(x), np.shape(y))).astype(np.float64)

    def gradient(self, x: Array | float, y: Array | float) -> tuple[Array, Array]:
        """(df/dx, df/dy), exact, broadcast over x and y."""
        with np.errstate(all="ignore"):
            gx, gy = self.grad_fn(np.asarray(x, np.float64), np.asarray(y, np.float64))
        shape = np.broadcast_shapes(np.shape(x), np.shape(y))
        return np.broadcast_to(gx, shape).astype(np.float64), np.broadcast_to(gy, shape).astype(np.float64)

    def grid(self, res: int = 161, xlim: Window | None = None,
             ylim: Window | None = None) -> tuple[Array, Array, Array]:
        """(xs, ys, Z) over the window: Z[i, j] = f(xs[j], ys[i]) (rows follow y, as grids.py)."""
        xs, ys = grids.grid_axes(xlim or self.xlim, ylim or self.ylim, res)
        return xs, ys, self.f(xs[None, :], ys[:, None])


# ----------------------------------------------------------------------------------------------- the six


def _book(x: Array, y: Array) -> Array:
    return x**2 / 20.0 + y**2


def _book_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return x / 10.0, 2.0 * y


def _bowl(x: Array, y: Array) -> Array:
    return x**2 + y**2


def _bowl_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 2.0 * x, 2.0 * y


def _rosenbrock(x: Array, y: Array) -> Array:
    # a curved valley y = x^2 with steep walls; the minimum (1, 1) sits in its flat floor
    return (1.0 - x) ** 2 + 100.0 * (y - x**2) ** 2


def _rosenbrock_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return -2.0 * (1.0 - x) - 400.0 * x * (y - x**2), 200.0 * (y - x**2)


def _saddle(x: Array, y: Array) -> Array:
    # a minimum along x, a maximum along y: gradient descent creeps away along y
    return x**2 - y**2


def _saddle_grad(x: Array, y: Array) -> tuple[Array, Array]:
    return 2.0 * x, -2.0 * y


def _beale_terms(x: Array, y: Array) -> tuple[Array, Array, Array]:
    return 1.5 - x + x * y, 2.25 - x + x * y**2, 2.625 - x + x * y**3


def _beale(x: Array, y: Array) -> Array:
    a, b, c = _beale_terms(x, y)
    return a**2 + b**2 + c**2


def _beale_grad(x: Array, y: Array) -> tuple[Array, Array]:
    a, b, c = _beale_terms(x, y)
    # chain rule term by term: d(a^2) = 2 a da, with da/dx = y - 1, da/dy = x, and so on
    gx = 2.0 * (a * (y - 1.0) + b * (y**2 - 1.0) + c * (y**3 - 1.0))
    gy = 2.0 * (a * x + b * 2.0 * x * y + c * 3.0 * x * y**2)
    return gx, gy


def _himmelblau(x: Array, y: Array) -> Array:
    # four equally deep minima: where you start decides where you end
    return (x**2 + y - 11.0) ** 2 + (x + y**2 - 7.0) ** 2


def _himmelblau_grad(x: Array, y: Array) -> tuple[Array, Array]:
    a, b = x**2 + y - 11.0, x + y**2 - 7.0
    return 4.0 * x * a + 2.0 * b, 2.0 * a + 4.0 * y * b


BOOK = Surface(
    QT_TRANSLATE_NOOP("Surface", "Book: x²/20 + y²"),
    "x²/20 + y²", _book, _book_grad, (-10.0, 10.0), (-5.0, 5.0), (-7.0, 2.0),
    minima=((0.0, 0.0),),
    # chapter 6's values for SGD, Momentum, AdaGrad and Adam; RMSprop and Nesterov chosen alike
    lrs=_lrs(0.95, 0.1, 0.1, 1.5, 0.15, 0.3),
    gradient_text=("x/10", "2y"),
)
BOWL = Surface(
    QT_TRANSLATE_NOOP("Surface", "Bowl: x² + y²"),
    "x² + y²", _bowl, _bowl_grad, (-5.0, 5.0), (-5.0, 5.0), (-4.0, 3.0),
    minima=((0.0, 0.0),),
    lrs=_lrs(0.1, 0.05, 0.05, 1.0, 0.1, 0.3),
    gradient_text=("2x", "2y"),
)
ROSENBROCK = Surface(
    "Rosenbrock", "(1 − x)² + 100 (y − x²)²", _rosenbrock, _rosenbrock_grad, (-2.0, 2.0), (-1.0, 3.0),
    (-1.2, 1.0), minima=((1.0, 1.0),),
    lrs=_lrs(0.001, 0.0005, 0.0005, 1.0, 0.01, 0.1),
    gradient_text=("−2(1 − x) − 400 x (y − x²)", "200 (y − x²)"),
)
SADDLE = Surface(
    QT_TRANSLATE_NOOP("Surface", "Saddle: x² − y²"),
    "x² − y²", _saddle, _saddle_grad, (-2.0, 2.0), (-2.0, 2.0), (-1.8, 0.02),
    minima=(),
    lrs=_lrs(0.05, 0.02, 0.02, 0.3, 0.02, 0.05),
    gradient_text=("2x", "−2y"),
)
BEALE = Surface(
    "Beale", "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", _beale, _beale_grad,
    (-4.5, 4.5), (-4.5, 4.5), (1.0, 1.5), minima=((3.0, 0.5),),
    lrs=_lrs(0.003, 0.0005, 0.0005, 0.5, 0.01, 0.1),
)
HIMMELBLAU = Surface(
    "Himmelblau", "(x² + y − 11)² + (x + y² − 7)²", _himmelblau, _himmelblau_grad, (-5.0, 5.0), (-5.0, 5.0),
    (0.0, 0.0),
    minima=((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186), (3.584428, -1.848126)),
    lrs=_lrs(0.01, 0.005, 0.005, 1.0, 0.05, 0.2),
)

SURFACES: dict[str, Surface] = {s.name: s for s in (BOOK, BOWL, ROSENBROCK, SADDLE, BEALE, HIMMELBLAU)}


def from_formula(text: str, xlim: Window = CUSTOM_WINDOW[0], ylim: Window = CUSTOM_WINDOW[1],
                 start: Point | None = None, lrs: Mapping[str, float] | None = None) -> Surface:
    """A Surface from a typed formula in x and y; raises formula.FormulaError if it is refused.

    The gradient is the parse tree's symbolic derivative (exact, not finite differences).
    """
    formula = parse(text)
    tree, dx, dy = formula.tree, formula.dx, formula.dy

    # the trees evaluated directly: Surface.f / gradient (and a race's step) set the error state
    def fn(x: Array, y: Array) -> Array:
        return evaluate_tree(tree, x, y)

    def grad_fn(x: Array, y: Array) -> tuple[Array, Array]:
        return evaluate_tree(dx, x, y), evaluate_tree(dy, x, y)

    if start is None:  # three quarters of the way to the top-left corner
        start = (xlim[0] + 0.125 * (xlim[1] - xlim[0]), ylim[0] + 0.875 * (ylim[1] - ylim[0]))
    return Surface(
        f"Custom: {text.strip()}", str(formula), fn, grad_fn, xlim, ylim,
        (float(start[0]), float(start[1])), lrs=_frozen(lrs or BOWL.lrs),
        gradient_text=(str(formula.dx), str(formula.dy)),
    )
