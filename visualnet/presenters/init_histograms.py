"""What the activations-at-initialisation view draws, without Qt: each hidden layer's histogram.

The book's chapter 6 feeds random inputs through a 5-layer network right after initialisation and
draws a histogram of each layer's activations: with σ = 1 and sigmoid they pile up at 0 and 1 (the
gradient vanishes there), with σ = 0.01 they all sit near 0.5 (every unit says the same: the layers
might as well be one unit), with Xavier (σ = sqrt(1/n), sigmoid/tanh) or He (σ = sqrt(2/n), ReLU) they
stay spread through the layers. With zeros every unit of a layer computes the same value: one bar.

Here the inputs are the input plane's grid (GRID × GRID points over the plane the data view shows when
fitted; for a regression, GRID² points along the x axis), fed through the session's network with its
initial weights, or the same network (same layer sizes, same seed: the same random draws, scaled
otherwise) with another initialisation; the session is not touched. Texts are marked in the
"InitHistogramsView" context.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import activations
from visualnet.core.layers import ActivationLayer
from visualnet.core.mlp import MLP
from visualnet.core.protocols import Model
from visualnet.presenters import dataset as dataset_present
from visualnet.translatable import QT_TRANSLATE_NOOP, Marked, Message

__all__ = [
    "BINS",
    "CHOICES",
    "GRID",
    "InitHistograms",
    "LayerHistogram",
    "bin_edges",
    "choice_name",
    "choice_params",
    "hidden_activations",
    "init_histograms",
    "input_points",
    "setting_of",
    "why_not",
]

Array = npt.NDArray[np.float64]
Params = dict[str, Array]
Choice = str | float  # "session" | "he" | "xavier" | "zeros" | a standard deviation σ

BINS = 31  # bars per histogram (the book draws 30): odd, so h(0) of sigmoid and tanh is a bar's middle
GRID = 41  # input points per side of the plane's grid (1,681 points; a regression: 1,681 along x)
# activations whose values lie in a fixed interval: the histogram spans all of it, so values piled
# up at its ends (saturation) or squeezed in its middle show as such
BOUNDS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0), "step": (0.0, 1.0)}
CHOICES: tuple[Choice, ...] = ("session", "he", "xavier", 1.0, 0.01, "zeros")

PERCEPTRON = QT_TRANSLATE_NOOP("InitHistogramsView", "The perceptron has no hidden layer: there are no "
                                                     "activations to show. Choose an MLP.")
NO_HIDDEN = QT_TRANSLATE_NOOP("InitHistogramsView", "This network has no hidden layer: there are no "
                                                    "activations to show. Add a hidden layer.")
SESSION = QT_TRANSLATE_NOOP("InitHistogramsView", "This session's ({init})")
AUTO = QT_TRANSLATE_NOOP("InitHistogramsView", "auto: {name}")
NAMES: dict[str, Marked] = {
    "he": QT_TRANSLATE_NOOP("InitHistogramsView", "He"),
    "xavier": QT_TRANSLATE_NOOP("InitHistogramsView", "Xavier"),
    "zeros": QT_TRANSLATE_NOOP("InitHistogramsView", "zeros"),
}
SIGMA = "σ = {value:g}"  # math: not translated
GRID_CAPTION = QT_TRANSLATE_NOOP(
    "InitHistogramsView", "Each hidden layer's activations at initialisation: every unit's value at each "
                          "point of a {n} × {n} grid over the input plane.")
LINE_CAPTION = QT_TRANSLATE_NOOP(
    "InitHistogramsView", "Each hidden layer's activations at initialisation: every unit's value at each of "
                          "{n:,} inputs along the x axis.")
SAME = QT_TRANSLATE_NOOP("InitHistogramsView", "Every unit computes the same value: one bar.")
LAYER_NUMBERS = QT_TRANSLATE_NOOP("InitHistogramsView", "{name}: mean {mean:.2g}, std {std:.2g}")


@dataclass(frozen=True)
class LayerHistogram:
    """One hidden layer's histogram: `counts` (BINS,) of its activations between `edges` (BINS + 1,)."""

    name: str  # "h1", "h2", ...
    units: int
    edges: Array
    counts: npt.NDArray[np.int64]
    mean: float
    std: float


@dataclass(frozen=True)
class InitHistograms:
    """Every hidden layer's histogram (one set of edges for all: the layers compare at a glance)."""

    layers: list[LayerHistogram]
    caption: Message
    same: bool  # every activation of every layer is one value (zeros): each histogram is one bar


def why_not(model: Model) -> Message | None:
    """Why there is nothing to draw for this model (a perceptron, no hidden layer), or None."""
    if not isinstance(model, MLP):
        return Message(PERCEPTRON)
    if len(model.sizes) < 3:
        return Message(NO_HIDDEN)
    return None


def choice_name(choice: Choice, session_init: str | float, activation: str = "relu") -> Message:
    """The combo box's text of a choice: 'He', 'σ = 0.01', "This session's (auto: Xavier)" (auto: He
    for `activation` of the ReLU kind, else Xavier, as the network chooses)."""
    if choice == "session":
        return Message(SESSION, init=choice_name(session_init, "auto", activation))
    if choice == "auto":
        chosen = "he" if activation in activations.RELU_LIKE else "xavier"
        return Message(AUTO, name=NAMES[chosen])
    if isinstance(choice, str):
        return Message(NAMES[choice])
    return Message(SIGMA, value=float(choice))


def setting_of(choice: Choice, session_init: str | float) -> str | float:
    """What `configure(init=...)` takes for a choice ("session": the session's own setting)."""
    return session_init if choice == "session" else choice


def choice_params(model: MLP, choice: Choice, seed: int, initial: Params) -> Params:
    """The weights of `model`'s network under an initialisation: the session's `initial` ones, or a
    new network of the same sizes and activation from the same seed (so the same random draws, scaled
    by another σ); zeros: every weight and bias 0."""
    if choice == "session":
        return {k: np.asarray(v, np.float64).copy() for k, v in initial.items()}
    init: str | float | None = None if choice == "auto" else choice
    return MLP(model.sizes, activation=model.activation_name, task=model.task, init=init, seed=seed,
               features=model.features).params


def hidden_activations(model: MLP, params: Params, X: Array) -> list[Array]:
    """Each hidden layer's activations h(A) (n, units) for the inputs X, with weights `params` in a copy
    of `model` (its input features; not dropout's evaluation scaling, which would hide where h itself
    piles up, at 0 and 1 for a saturated sigmoid); `model` is not touched."""
    other = model.copy()
    other.set_params(params)
    found: list[Array] = []
    x = other.input_columns(X)
    with np.errstate(all="ignore"):
        for layer in other.layers[other.features is not None:]:  # Affine, activation, Dropout, ...
            x = layer.forward(x)  # (a Dropout at evaluation: the next layer takes h · (1 − ratio))
            if isinstance(layer, ActivationLayer):
                found.append(x)
    return found


def input_plane(X: Array) -> tuple[tuple[float, float], tuple[float, float]]:
    """The plane the data view fits to the points X (n, 2): the x and y ranges the inputs cover."""
    xlim, ylim = dataset_present.fit_range(np.asarray(X, np.float64).reshape(-1, 2))
    return (float(xlim[0]), float(xlim[1])), (float(ylim[0]), float(ylim[1]))


def input_points(X: Array, task: str) -> Array:
    """The inputs the histograms are of: a GRID × GRID grid over the plane the data view fits to the
    points X (n, 2); for a regression, GRID² values along the fitted x range, as (GRID², 1)."""
    xlim, ylim = input_plane(X)
    if task == "regression":
        return np.linspace(*xlim, GRID * GRID)[:, None]
    gx, gy = np.meshgrid(np.linspace(*xlim, GRID), np.linspace(*ylim, GRID))
    return np.column_stack([gx.ravel(), gy.ravel()])


def bin_edges(values: list[Array], activation: str, bins: int = BINS) -> Array:
    """One set of `bins` + 1 edges for every layer's values: a bounded activation's whole interval,
    else the values' range (with 0 in it); values all equal get a range of 1 around them."""
    if activation in BOUNDS:
        return np.linspace(*BOUNDS[activation], bins + 1)
    finite = np.concatenate([v[np.isfinite(v)] for v in values]) if values else np.empty(0)
    if finite.size == 0:
        return np.linspace(-0.5, 0.5, bins + 1)
    lo, hi = min(float(finite.min()), 0.0), max(float(finite.max()), 0.0)
    if hi - lo <= 1e-12 * max(1.0, abs(lo)):
        lo, hi = lo - 0.5, hi + 0.5
    return np.linspace(lo, hi, bins + 1)


def init_histograms(model: MLP, params: Params, X: Array, task: str) -> InitHistograms:
    """The histograms of each hidden layer's activations over the input plane's grid (see input_points)
    of the data X, with the weights `params`."""
    points = input_points(X, task)
    values = [h.ravel() for h in hidden_activations(model, params, points)]
    edges = bin_edges(values, model.activation_name)
    layers = []
    for i, (h, units) in enumerate(zip(values, model.sizes[1:-1], strict=True), start=1):
        finite = h[np.isfinite(h)]
        counts, _ = np.histogram(finite, edges)
        mean = float(finite.mean()) if finite.size else float("nan")
        std = float(finite.std()) if finite.size else float("nan")
        layers.append(LayerHistogram(f"h{i}", units, edges, counts.astype(np.int64), mean, std))
    caption = (Message(LINE_CAPTION, n=len(points)) if task == "regression"
               else Message(GRID_CAPTION, n=GRID))
    same = bool(values) and all(np.ptp(v[np.isfinite(v)]) == 0 for v in values if np.isfinite(v).any())
    return InitHistograms(layers, caption, same)


def layer_numbers(layer: LayerHistogram) -> Message:
    """A layer's numbers: 'h1: mean 0.5, std 0.21'."""
    return Message(LAYER_NUMBERS, name=layer.name, mean=layer.mean, std=layer.std)
