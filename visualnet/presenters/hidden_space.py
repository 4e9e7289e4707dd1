"""What the hidden-space view draws, without Qt: the input plane and the data seen by two neurons of a layer.

A hidden layer of an MLP maps every input x to its activations h(x) = h(...h(φ(x) W1 + b1)...W_l + b_l),
φ(x) the network's input features (x₁, x₂, x₁², sin x₂, ...: the point itself without features).
Two of its neurons, i and j, make a plane of their own: x goes to (h_i(x), h_j(x)). The view draws the
data points there, and a grid of straight lines of the input plane (GRID_LINES across, GRID_LINES down,
LINE_POINTS samples each) bent by the same map, so one sees how the layer folds, stretches and squashes
the plane while it trains (ConvNetJS's "hidden space"): a classifier's last hidden layer has to make the
classes separable by lines, which the output layer draws.

The grid lines are one array of (x, y) rows with a NaN row after each line (pyqtgraph's
connect="finite" draws them as one curve). A large data set is drawn through a fixed sample of at most
MAX_POINTS of its points (`shown_points`: the same points every frame, so none flickers): ten thousand
dots of 8 px in a panel a few hundred pixels wide cover each other, and cost ~5 ms a frame to map and
paint. Texts are marked in the "HiddenSpaceView" context.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core.mlp import MLP
from visualnet.core.protocols import Model
from visualnet.presenters.neuron_maps import layer_outputs
from visualnet.translatable import QT_TRANSLATE_NOOP, Message

__all__ = [
    "GRID_LINES",
    "LINE_POINTS",
    "MAX_POINTS",
    "HiddenLayer",
    "HiddenSpace",
    "grid_lines",
    "hidden_layers",
    "hidden_space",
    "next_pair",
    "pair_label",
    "pairs",
    "sampled_note",
    "shown_points",
    "steady_range",
    "why_not",
]

Array = npt.NDArray[np.float64]
Range = tuple[float, float]
Pair = tuple[int, int]

GRID_LINES = 15  # lines of the input grid in each direction
LINE_POINTS = 40  # samples along each line: enough for a smooth bend
MARGIN = 0.08  # a new range leaves this share of the content's extent free on each side
SHRINK = 0.3  # ... and is kept until the content fills less than this share of it
MAX_POINTS = 1_000  # the points drawn at most (a fixed sample of a larger data set)
SAMPLE_SEED = 0  # the sample's generator: the same points for the same number of points

PERCEPTRON = QT_TRANSLATE_NOOP("HiddenSpaceView", "The perceptron has no hidden layer: there is no hidden "
                                                  "space to show. Choose an MLP.")
REGRESSION = QT_TRANSLATE_NOOP("HiddenSpaceView", "The hidden space is drawn for classification with two "
                                                  "inputs (the grid is the input plane).")
NO_HIDDEN = QT_TRANSLATE_NOOP("HiddenSpaceView", "This network has no hidden layer: there is no hidden space "
                                                 "to show. Add a hidden layer.")
ONE_NEURON = QT_TRANSLATE_NOOP("HiddenSpaceView", "Layer {name} has one neuron: a plane needs two. Choose "
                                                  "another layer, or give this one more neurons.")
PAIR = QT_TRANSLATE_NOOP("HiddenSpaceView", "{x} vs {y}")
SAMPLED = QT_TRANSLATE_NOOP("HiddenSpaceView", "{shown} of the {n} points are drawn (a fixed sample).")
THROTTLED = QT_TRANSLATE_NOOP("HiddenSpaceView", "One update takes {ms} ms, over the budget of {budget} ms: "
                                                 "the plane refreshes every {seconds} s.")


@dataclass(frozen=True)
class HiddenLayer:
    """A hidden layer: its place among the layers' outputs (0 for h1), its name and its neurons."""

    index: int
    name: str  # "h1", "h2", ...
    units: int


@dataclass(frozen=True)
class HiddenSpace:
    """The warped grid (m, 2) with NaN rows between lines, and the points (n, 2) in the pair's plane."""

    grid: Array
    points: Array  # row k is the data point k; a point whose activations are not finite is NaN


def hidden_layers(model: Model) -> list[HiddenLayer]:
    """The hidden layers of an MLP, in order (none for a perceptron or a network without one)."""
    if not isinstance(model, MLP):
        return []
    return [HiddenLayer(i, f"h{i + 1}", units) for i, units in enumerate(model.sizes[1:-1])]


def why_not(model: Model, task: str, layer: int = 0) -> Message | None:
    """Why there is no hidden space to draw for hidden layer `layer` of this model, or None."""
    if not isinstance(model, MLP):
        return Message(PERCEPTRON)
    if task != "classification" or model.n_inputs != 2:
        return Message(REGRESSION)
    layers = hidden_layers(model)
    if not layers:
        return Message(NO_HIDDEN)
    chosen = layers[min(max(layer, 0), len(layers) - 1)]
    if chosen.units < 2:
        return Message(ONE_NEURON, name=chosen.name)
    return None


def pairs(units: int) -> list[Pair]:
    """Every pair of a layer's neurons, in the order the view cycles: (0, 1), (0, 2), ..., (1, 2), ..."""
    return [(i, j) for i in range(units) for j in range(i + 1, units)]


def next_pair(pair: Pair, units: int) -> Pair:
    """The pair after `pair` in the cycle (after the last, the first); (0, 1) if `pair` is not a pair of
    this layer (it has fewer neurons now)."""
    order = pairs(units)
    if pair not in order:
        return (0, 1)
    return order[(order.index(pair) + 1) % len(order)]


def pair_label(name: str, pair: Pair) -> Message:
    """'h1[0] vs h1[3]': the neurons on the horizontal and the vertical axis."""
    return Message(PAIR, x=f"{name}[{pair[0]}]", y=f"{name}[{pair[1]}]")


def grid_lines(xlim: Range, ylim: Range, lines: int = GRID_LINES, samples: int = LINE_POINTS) -> Array:
    """The input grid: `lines` horizontal then `lines` vertical lines across xlim × ylim, `samples`
    points each, every line followed by a NaN row: ((2 · lines) · (samples + 1), 2)."""
    xs, ys = np.linspace(*xlim, samples), np.linspace(*ylim, samples)
    at_x, at_y = np.linspace(*xlim, lines), np.linspace(*ylim, lines)
    out = np.full((2 * lines, samples + 1, 2), np.nan)
    out[:lines, :samples, 0] = xs  # horizontal line k: y = at_y[k]
    out[:lines, :samples, 1] = at_y[:, None]
    out[lines:, :samples, 0] = at_x[:, None]  # vertical line k: x = at_x[k]
    out[lines:, :samples, 1] = ys
    return out.reshape(-1, 2)


def hidden_space(model: MLP, layer: int, pair: Pair, X: Array, xlim: Range, ylim: Range) -> HiddenSpace:
    """The input grid over xlim × ylim and the points X (n, 2), each pushed through the network up to
    hidden layer `layer` (0 for h1), its input features first: the pair's two activations as (x, y).
    Non-finite values are NaN."""
    grid = grid_lines(xlim, ylim)
    on_grid = np.isfinite(grid[:, 0])
    inputs = np.vstack([grid[on_grid], np.asarray(X, np.float64).reshape(-1, 2)])
    Z = layer_outputs(model, inputs, upto=layer)[layer][3][:, list(pair)]  # (rows, 2): h_i, h_j
    Z = np.where(np.isfinite(Z), Z, np.nan)
    warped = np.full_like(grid, np.nan)
    k = int(on_grid.sum())
    warped[on_grid] = Z[:k]
    return HiddenSpace(warped, Z[k:])


def shown_points(n: int, limit: int = MAX_POINTS) -> npt.NDArray[np.intp]:
    """The indices (ascending) of the points drawn out of n: all of them up to `limit`, else a sample of
    `limit` drawn without replacement by a generator seeded with SAMPLE_SEED (the same for the same n)."""
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(SAMPLE_SEED).choice(n, size=limit, replace=False))


def sampled_note(shown: int, n: int) -> Message | None:
    """'2,000 of the 10,000 points are drawn (a fixed sample).', or None when every point is drawn."""
    return None if shown >= n else Message(SAMPLED, shown=f"{shown:,}", n=f"{n:,}")


def steady_range(shown: Range | None, lo: float, hi: float) -> Range:
    """The axis range to show content spanning lo..hi: `shown` while it holds the content and the content
    fills at least SHRINK of it (the axes do not twitch every frame of training), else lo..hi with a
    margin. A content of no extent gets a range of 1 around it."""
    if not (np.isfinite(lo) and np.isfinite(hi)):
        return shown if shown is not None else (-1.0, 1.0)
    extent = hi - lo
    if shown is not None and shown[0] <= lo and hi <= shown[1] and extent >= SHRINK * (shown[1] - shown[0]):
        return shown
    pad = MARGIN * extent if extent > 0 else 0.5
    return (lo - pad, hi + pad)

