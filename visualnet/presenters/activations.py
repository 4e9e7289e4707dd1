"""What the activation view draws: h(z) of every activation, h'(z) of the one in use, and where z lies.

No Qt: the curves, the histogram of the first hidden layer's pre-activations z over the training
points (as a percentage per bin), its axis range, the legend rows and the caption are computed here.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import activations
from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron
from visualnet.presenters.numbers import finite
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, Translate, untranslated

Array = npt.NDArray[np.float64]

__all__ = [
    "ALWAYS_SHOWN",
    "CURVE_Z",
    "EDGES",
    "H_RANGE",
    "LABELS",
    "N_BINS",
    "SATURATION",
    "Z_LIMIT",
    "ActivationFrame",
    "HistogramScale",
    "caption",
    "chosen_activation",
    "curve",
    "derivative_curve",
    "grid_lines",
    "histogram_share",
    "legend_rows",
    "preactivations",
    "present",
    "uniform_counts",
    "visible_curves",
]

Z_LIMIT = 5.0  # the plot shows z in [-5, 5]; pre-activations beyond fall into the edge bars
H_RANGE = (-1.4, 2.6)  # h(z) range: sigmoid/tanh fully visible, ReLU/identity leave through the edges
SATURATION = 4.0  # |z| > 4: sigmoid'(z) < 0.018 and tanh'(z) < 0.0014, the unit barely learns
N_BINS = 40
EDGES = np.linspace(-Z_LIMIT, Z_LIMIT, N_BINS + 1)  # the histogram's bins, 0.25 wide
CURVE_Z = np.linspace(-Z_LIMIT, Z_LIMIT, 201)  # 0.05 apart: smooth at any dock size, z = 0 a sample
# the names the legend shows (the course's: 阶跃函数, 恒等函数; sigmoid, ReLU stay as they are)
LABELS = {"step": QT_TRANSLATE_NOOP("Activations", "step"),
          "sigmoid": QT_TRANSLATE_NOOP("Activations", "sigmoid"),
          "tanh": QT_TRANSLATE_NOOP("Activations", "tanh"),
          "relu": QT_TRANSLATE_NOOP("Activations", "ReLU"),
          "leaky_relu": QT_TRANSLATE_NOOP("Activations", "leaky ReLU"),
          "identity": QT_TRANSLATE_NOOP("Activations", "identity"),
          "elu": QT_TRANSLATE_NOOP("Activations", "ELU"),
          "softplus": QT_TRANSLATE_NOOP("Activations", "softplus"),
          "swish": QT_TRANSLATE_NOOP("Activations", "swish (SiLU)"),
          "gelu": QT_TRANSLATE_NOOP("Activations", "GELU")}
FORMULA_NAMES = {"swish": "swish"}  # where a label is more than a name to write h′(z) with
HISTOGRAM = QT_TRANSLATE_NOOP("Activations", "z histogram")
NO_POINTS = QT_TRANSLATE_NOOP("Activations", "No training points: add some to see the pre-activations.")
BEYOND = QT_TRANSLATE_NOOP("Activations", "; {share} of z beyond ±{limit} (edge bars)")
FIRES = QT_TRANSLATE_NOOP("Activations", "The perceptron fires (w·x + b > 0) on {fire} of {n} training "
                          "points{tail}.")
DEAD = {"relu": QT_TRANSLATE_NOOP("Activations", "{dead} of {units} ReLUs dead (z ≤ 0 on every training "
                                  "point){tail}."),
        "leaky_relu": QT_TRANSLATE_NOOP("Activations", "{dead} of {units} leaky ReLUs negative everywhere "
                                        "(z ≤ 0 on every training point){tail}.")}
SATURATED = QT_TRANSLATE_NOOP("Activations", "{share} of {name} inputs saturated (|z| > {limit}), {always} "
                              "of {units} units on every point{tail}.")
# ELU, softplus, swish, GELU: smooth and never dead (h' is 0 on no whole interval), yet h' fades for z << 0
FADING = QT_TRANSLATE_NOOP("Activations", "{share} of {name} inputs below −{limit}, where its slope is "
                           "nearly 0; {always} of {units} units there on every point{tail}.")
SMOOTH_RELUS = ("elu", "softplus", "swish", "gelu")
IDENTITY = QT_TRANSLATE_NOOP("Activations", "Identity: never saturates, but stacked layers stay one linear "
                             "map{tail}.")
# leaky ReLU, ELU, softplus, swish and GELU only when chosen: at most six curves and a legend of two rows
ALWAYS_SHOWN = ("step", "sigmoid", "tanh", "relu", "identity")
BAR_HEIGHT = 0.65  # the tallest bar stands at about 2/3 of the histogram axis
MIN_HISTOGRAM_TOP = 5.0  # percent: a flat histogram still gets an axis to 5 %
SHRINK_BELOW = 2.5  # the axis shrinks only when it is this many times too tall (no jitter)


# ------------------------------------------------------------------------------------------ curves

def curve(name: str) -> Array:
    """h(z) at CURVE_Z."""
    return activations.get(name).forward(CURVE_Z)


def derivative_curve(name: str) -> Array:
    """h'(z) at CURVE_Z."""
    return activations.get(name).derivative(CURVE_Z)


def grid_lines() -> tuple[Array, Array]:
    """The plot's grid as pairs of points: a vertical line at every integer z, a horizontal at every h."""
    gx, gy = np.arange(-Z_LIMIT, Z_LIMIT + 1), np.arange(np.ceil(H_RANGE[0]), H_RANGE[1])
    x = np.concatenate([np.repeat(gx, 2), np.tile([-Z_LIMIT, Z_LIMIT], len(gy))])
    y = np.concatenate([np.tile(H_RANGE, len(gx)), np.repeat(gy, 2)])
    return x, y


def visible_curves(chosen: str, drawn: Collection[str]) -> list[str]:
    """The curves shown (of those `drawn`, in their order): the usual ones, and the chosen one."""
    return [name for name in drawn if name in ALWAYS_SHOWN or name == chosen]


def legend_rows(chosen: str, drawn: Collection[str], translate: Translate = untranslated) -> list[str]:
    """The legend's texts: the curves shown (the chosen one marked ◀), its derivative, the histogram."""
    rows = [LABELS[name].in_language(translate) + ("  ◀" if name == chosen else "")
            for name in visible_curves(chosen, drawn)]
    # the derivative is a formula: the function's name as the core spells it, in every language
    # (swish without its other name: "swish′(z)")
    return [*rows, f"{FORMULA_NAMES.get(chosen, LABELS[chosen])}′(z)", HISTOGRAM.in_language(translate)]


# ------------------------------------------------------------------------------------------ the session

def chosen_activation(session: Session, drawn: Collection[str]) -> str:
    """The name of the hidden activation in use (the perceptron's is the step); 'identity' for one
    the view does not draw."""
    if session.config.model == "Perceptron":
        return "step"
    name = activations.get(session.config.activation).name
    return name if name in drawn else "identity"


def preactivations(session: Session) -> Array:
    """z of the first hidden layer on the training points, (n, units); the perceptron has one unit."""
    X = session.trainer.X_train
    model = session.model
    if len(X) == 0:
        return np.empty((0, 1))
    # the MLP's first hidden layer, or the perceptron's single unit w·x + b
    if isinstance(model, MLP):
        z = model.hidden_preactivations(X)
    elif isinstance(model, Perceptron):
        z = model.net_input(X)
    else:
        return np.empty((0, 1))
    return np.asarray(z, float).reshape(len(X), -1)


# ------------------------------------------------------------------------------------------ histogram

def uniform_counts(values: Array, edges: Array) -> npt.NDArray[np.intp]:
    """np.histogram(np.clip(values, edges[0], edges[-1]), edges) for equally spaced edges, without a sort.

    Given the edges as an array, np.histogram sorts the values (~2 ms for 80,000 of them). With
    equal bins, v falls in bin floor((v - e0) / width), values beyond the ends in the end bins;
    only a value within rounding distance of an inner edge may land one bin off, so those few
    are placed by a search among the edges themselves.
    """
    n_bins = len(edges) - 1
    # in place where possible: each fresh 0.5 MB temporary costs more in page faults than its math
    position = values - float(edges[0])
    position *= n_bins / float(edges[-1] - edges[0])
    np.clip(position, 0.0, float(n_bins), out=position)
    index = position.astype(np.intp)
    offset = position - index
    near = np.flatnonzero(((offset < 1e-9) | (offset > 1 - 1e-9)) & (position > 0) & (position < n_bins))
    index[near] = np.searchsorted(edges, values[near], "right") - 1
    # bins are [e_i, e_i+1), the last one closed: v == e[-1] belongs to it, as in np.histogram
    index[index == n_bins] = n_bins - 1
    return np.bincount(index, minlength=n_bins)


def histogram_share(z: Array) -> Array:
    """Percent of all z values per bin of EDGES; the end bins collect what lies beyond ±Z_LIMIT."""
    values = z.reshape(-1)
    return 100.0 * uniform_counts(values, EDGES) / max(1, values.size)


class HistogramScale:
    """The histogram axis's top: the tallest bar at about 2/3 of it, rescaled only on big changes."""

    def __init__(self) -> None:
        self.top = 100.0  # percent

    def fit(self, tallest: float) -> float | None:
        """The new top for a tallest bar of `tallest` percent, or None when the axis stays."""
        target = max(tallest / BAR_HEIGHT, MIN_HISTOGRAM_TOP)
        if tallest > self.top or target < self.top / SHRINK_BELOW:
            self.top = target
            return target
        return None


# ------------------------------------------------------------------------------------------ caption

def caption(z: Array, chosen: str, translate: Translate = untranslated) -> str:
    """One line on what the histogram of `z` (n_points, units) shows for the chosen activation."""
    return _caption(z, chosen).text(translate)


def _caption(z: Array, chosen: str) -> Message:
    n_points, units = z.shape
    if n_points == 0:
        return Message(NO_POINTS)
    beyond = float(np.mean(np.abs(z) > Z_LIMIT))
    tail = Message(BEYOND, share=f"{beyond:.0%}", limit=f"{Z_LIMIT:g}") if beyond >= 0.005 else ""
    if chosen == "step":
        return Message(FIRES, fire=int(np.sum(z > 0)), n=z.size, tail=tail)
    if chosen in DEAD:
        dead = int(np.sum(np.all(z <= 0, axis=0)))  # z ≤ 0 on every point: no gradient ever flows
        return Message(DEAD[chosen], dead=dead, units=units, tail=tail)
    if chosen in ("sigmoid", "tanh"):
        saturated = np.abs(z) > SATURATION
        always = int(np.sum(np.all(saturated, axis=0)))
        return Message(SATURATED, share=f"{np.mean(saturated):.0%}", name=chosen, limit=f"{SATURATION:g}",
                       always=always, units=units, tail=tail)
    if chosen in SMOOTH_RELUS:
        # below -4 the slope is under 0.02 in size (ELU e^z, softplus sigma(z)), 0.06 (swish), ~0 (GELU)
        fading = z < -SATURATION
        always = int(np.sum(np.all(fading, axis=0)))
        return Message(FADING, share=f"{np.mean(fading):.0%}", name=LABELS[chosen], limit=f"{SATURATION:g}",
                       always=always, units=units, tail=tail)
    return Message(IDENTITY, tail=tail)


@dataclass(frozen=True)
class ActivationFrame:
    """What one refresh draws: the chosen activation, the histogram (percent per bin) and the caption."""

    chosen: str
    share: Array
    caption: str


def present(session: Session, drawn: Collection[str], translate: Translate = untranslated) -> ActivationFrame:
    """The activation view's picture of the session as it is now."""
    chosen = chosen_activation(session, drawn)
    z = finite(preactivations(session))
    return ActivationFrame(chosen, histogram_share(z), caption(z, chosen, translate))
