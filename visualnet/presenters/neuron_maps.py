"""What the neuron maps draw, without Qt: every unit's output over the input plane, its range, colours
and whether it is dead or saturated on the training points.

A grid over the data view's range goes forward through the model's own layers (their W, b and
activation, read from `model.layers` without touching the caches backward needs): for every layer the
pre-activations A = x W + b and the outputs Z = h(A) of each unit, the output layer's Z being softmax(A)
(classification) or A itself (regression); dropout as at evaluation (the next layer takes Z·(1 − ratio)).
The perceptron has one unit: A = w·x + b, Z = step(A). A network with input features (x₁², sin x₂, ...)
gets a first column of maps, one per feature: the columns its first layer multiplies.

Colours (`ramp_colors`): each map is drawn over its own range [lo, hi] (written beside it), with the
data view's own colouring of a two-class field (`presenters.dataset.field_colors`): u = (v − lo) /
(hi − lo) is taken as the probability of the "high" class. Hidden units go from class 0's colour (low)
through white (the middle of the range) to class 1's (high), so the map reads like the decision field
it feeds; an output unit k of a two-class net goes from the other class's colour to class k's (when its
range is 0 … 1 its map is the decision field itself), of a net with more classes from white to class k's.
A diverging scale centred on 0 would leave half of it unused for ReLU units (outputs ≥ 0).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import activations, functions, grids
from visualnet.core import features as input_features
from visualnet.core.layers import ActivationLayer, Affine, Dropout
from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron
from visualnet.core.protocols import Model
from visualnet.presenters import activations as activation_labels
from visualnet.presenters.frame_budget import BUDGET_S, FRAME_S, FrameBudget, FrameShare
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, Translate, untranslated

__all__ = [
    "BUDGET_S",
    "FLAGS_S",
    "FRAME_S",
    "MAP_RES",
    "TEXTS_S",
    "Flag",
    "Flags",
    "LayerMaps",
    "Layout",
    "NeuronMaps",
    "RefreshSchedule",
    "activation_name",
    "flags",
    "header",
    "label",
    "large_shape",
    "layer_colors",
    "layer_outputs",
    "layout",
    "map_colors",
    "map_layers",
    "mark_text",
    "neuron_field",
    "neuron_maps",
    "number",
    "ramp_colors",
    "ramp_ends",
    "range_text",
    "rows_per_column",
    "supported",
    "train_flags",
    "unit_label",
]

Array = npt.NDArray[np.float64]
Range = tuple[float, float]

MAP_RES = 32  # samples along each axis of a small map (drawn smoothed)
# the large map's samples, at most: a quarter of the field's (drawn smoothed; ~0.6 ms for [2, 8, 8, 8, 2])
LARGE_MAX_NODES = grids.FIELD_MAX_NODES // 4
SMOOTHING = 0.5  # weight of the newest update's time in the running mean the schedule goes by
# while training, the flags (a forward pass over every training point) are found again at most this often;
# an edit of the weights, new data or a new network finds them at once
FLAGS_S = 0.5
# while training, the ranges written under the maps change at most this often: a number that changes with
# every frame cannot be read, and each new text is laid out again (~50 µs)
TEXTS_S = 0.25
SATURATION_EPS = 1e-3  # a sigmoid/tanh output this close to a limit is saturated (its slope is ~eps)
SATURATED_SHARE = 0.95  # ... on this share of the training points: "nearly all"

DEAD = QT_TRANSLATE_NOOP("NeuronMaps", "dead")
SATURATED = QT_TRANSLATE_NOOP("NeuronMaps", "sat.")
DEAD_WHY = QT_TRANSLATE_NOOP("NeuronMaps", "Dead ReLU: its output is 0 on every training point, so no "
                                           "gradient flows through it and it no longer learns.")
SATURATED_WHY = QT_TRANSLATE_NOOP("NeuronMaps", "Saturated: its output is within {eps} of {limits} on "
                                                "{share} of the training points, where its slope is almost "
                                                "0: it learns very slowly.")
STEP_WHY = QT_TRANSLATE_NOOP("NeuronMaps", "Step: flat everywhere, so no gradient flows through it "
                                           "(backpropagation cannot train it).")
LABEL = QT_TRANSLATE_NOOP("NeuronMaps", "{name}: {activation}, range {lo} … {hi}")
THROTTLED = QT_TRANSLATE_NOOP("NeuronMaps", "One update takes {ms} ms, over the budget of {budget} ms: the "
                                            "maps refresh every {seconds} s.")
NOT_2D = QT_TRANSLATE_NOOP("NeuronMaps", "Neuron maps are drawn over the input plane: they are for "
                                         "classification with two inputs.")
INPUTS = QT_TRANSLATE_NOOP("NeuronMaps", "inputs")
INPUT_LABEL = QT_TRANSLATE_NOOP("NeuronMaps", "{name}: input feature, range {lo} … {hi}")
INPUT_LAYER, INPUT_KIND = "x", "input"  # the features' column: its name and "activation"


@dataclass(frozen=True)
class Flag:
    """Why a unit is marked: `mark` the short text on its map, `why` the tooltip (both untranslated)."""

    mark: str
    why: Message


@dataclass(frozen=True)
class LayerMaps:
    """One layer's units over the grid: pre-activations A and outputs Z, (units, ny, nx) each."""

    name: str  # "h1", "h2", ... or "y" (the output layer)
    activation: str  # the name of h: "relu", ..., "softmax", "identity", "step"
    A: Array
    Z: Array
    lo: Array  # (units,) each map's own range of Z (finite values; 0 … 0 when none is finite)
    hi: Array
    flags: tuple[Flag | None, ...]  # per unit: dead / saturated on the training points, or None
    unit_names: tuple[str, ...] = ()  # the features' own names (x₁², ...) for the inputs' column

    def unit_name(self, unit: int) -> str:
        """'h1[3]', or an input's feature name 'x₁²'."""
        return self.unit_names[unit] if self.unit_names else f"{self.name}[{unit}]"

    @property
    def units(self) -> int:
        """The number of units (maps) of this layer."""
        return int(self.Z.shape[0])


@dataclass(frozen=True)
class NeuronMaps:
    """Every layer's maps over the grid xs × ys (rows = y, both ascending) and the rect they cover."""

    layers: tuple[LayerMaps, ...]
    xs: Array
    ys: Array
    rect: tuple[float, float, float, float]  # x, y, width, height: each pixel centred on its sample


def supported(model: Model, task: str) -> bool:
    """Whether maps over the input plane mean something: a 2-input classifier (MLP or perceptron)."""
    if isinstance(model, Perceptron):
        return True
    return isinstance(model, MLP) and task == "classification" and model.n_inputs == 2


def _hidden_name(i: int) -> str:
    return f"h{i}"


def layer_outputs(model: Model, X: Array, upto: int | None = None) -> list[tuple[str, str, Array, Array]]:
    """(name, activation, A, Z) of every layer (up to layer index `upto`, 0 for h1) for the points X (n, 2):
    A, Z (n, units). The features' columns (if any) come first, as in the model, but are no layer here."""
    X = np.asarray(X, dtype=np.float64)
    with np.errstate(all="ignore"):
        if isinstance(model, Perceptron):
            a = (X @ model.params["w"] + model.params["b"][0])[:, None]
            return [("y", "step", a, activations.step.forward(a))]
        assert isinstance(model, MLP)
        out: list[tuple[str, str, Array, Array]] = []
        x = a = model.input_columns(X)  # (the feature layer, if any: it has no cache backward needs)
        for layer in model.layers:
            if isinstance(layer, Affine):
                a = x @ layer.W + layer.b  # the layer's formula, without its forward's cache for backward
                x = a
            elif isinstance(layer, ActivationLayer):
                x = layer.activation.forward(a)
                out.append((_hidden_name(len(out) + 1), layer.activation.name, a, x))
                if upto is not None and len(out) > upto:
                    return out  # the later layers are not asked for
            elif isinstance(layer, Dropout) and layer.ratio > 0.0:
                x = x * (1.0 - layer.ratio)  # evaluation: every unit passes, scaled (the book's Dropout)
        if model.task == "classification":
            out.append(("y", "softmax", a, functions.softmax(a)))
        else:
            out.append(("y", "identity", a, a))
        return out


def map_layers(model: Model, X: Array, upto: int | None = None) -> list[tuple[str, str, Array, Array]]:
    """The maps' columns for the points X (n, 2), up to column `upto`: the input features' columns of a
    network that has them (A = Z = the columns), then every layer_outputs layer."""
    X = np.asarray(X, dtype=np.float64)
    first: list[tuple[str, str, Array, Array]] = []
    if isinstance(model, MLP) and model.features is not None:
        columns = model.input_columns(X)
        first.append((INPUT_LAYER, INPUT_KIND, columns, columns))
        if upto == 0:
            return first
    later = None if upto is None else upto - len(first)
    return first + layer_outputs(model, X, later)


def _ranges(Z: Array) -> tuple[Array, Array]:
    """Each column's finite min and max (0, 0 for a column without a finite value)."""
    lo, hi = Z.min(axis=0), Z.max(axis=0)
    if np.isfinite(lo).all() and np.isfinite(hi).all():  # (a NaN or an inf anywhere shows in min or max)
        return lo, hi
    finite = np.isfinite(Z)
    lo = np.where(finite, Z, np.inf).min(axis=0)
    hi = np.where(finite, Z, -np.inf).max(axis=0)
    none = ~finite.any(axis=0)
    lo[none], hi[none] = 0.0, 0.0
    return lo, hi


_LIMITS = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}


def flags(activation: str, A: Array, Z: Array) -> tuple[Flag | None, ...]:
    """Each unit's flag from its values on the training points (A, Z: (n, units)); none without points.

    Dead ReLU: output 0 on every point (A ≤ 0: the gradient h'(A) is 0 on all of them). Saturated
    sigmoid/tanh: output within SATURATION_EPS of a limit on at least SATURATED_SHARE of the points
    (h' there is below ~eps). Step: always flagged, h' = 0 wherever it is defined.
    """
    units = Z.shape[1]
    if len(Z) == 0:
        return (None,) * units
    if activation == "relu":
        dead = np.all(Z == 0.0, axis=0)
        return tuple(Flag(DEAD, Message(DEAD_WHY)) if d else None for d in dead)
    if activation == "step":
        return (Flag(SATURATED, Message(STEP_WHY)),) * units
    if activation in _LIMITS:
        low, high = _LIMITS[activation]
        near = (np.abs(Z - low) < SATURATION_EPS) | (np.abs(Z - high) < SATURATION_EPS)
        share = near.mean(axis=0)
        limits = f"{low:g} / {high:g}"
        return tuple(Flag(SATURATED, Message(SATURATED_WHY, eps=f"{SATURATION_EPS:g}", limits=limits,
                                             share=f"{s:.0%}")) if s >= SATURATED_SHARE else None
                     for s in share)
    return (None,) * units


Flags = dict[int, tuple[Flag | None, ...]]  # by map column (map_layers' order): each unit's flag


def train_flags(model: Model, X_train: Array) -> Flags:
    """The hidden units' flags from the training points X_train (n, 2), by map column: one forward pass
    through the hidden layers (the output layer and the inputs are never flagged). None without points."""
    if not isinstance(model, MLP) or len(X_train) == 0 or len(model.sizes) < 3:
        return {}
    first = 0 if model.features is None else 1  # the inputs' column
    columns = map_layers(model, X_train, upto=first + len(model.sizes) - 3)  # up to the last hidden layer
    return {k: flags(act, A, Z) for k, (_name, act, A, Z) in enumerate(columns) if act != INPUT_KIND}


def neuron_maps(model: Model, xlim: Range, ylim: Range, X_train: Array,
                res: int | tuple[int, int] = MAP_RES, known_flags: Flags | None = None) -> NeuronMaps:
    """Every unit's A and Z over a grid of `res` samples spanning xlim × ylim, with ranges and the flags
    from the training points X_train (or `known_flags`, train_flags found earlier: X_train is not used)."""
    ny, nx = (res, res) if isinstance(res, int) else res
    pts = grids.grid_points(xlim, ylim, (ny, nx))
    on_grid = map_layers(model, pts)
    found = train_flags(model, X_train) if known_flags is None else known_flags
    layers = []
    for k, (name, act, A, Z) in enumerate(on_grid):
        lo, hi = _ranges(Z)
        units = Z.shape[1]
        unit_flags = found.get(k, ())
        if len(unit_flags) != units:  # flags of another network (it has just been replaced): none yet
            unit_flags = (None,) * units
        names = _feature_names(model) if act == INPUT_KIND else ()
        # (units, ny, nx): one contiguous map per unit, rows = y as the grid's points are ordered
        layers.append(LayerMaps(name, act, _per_unit(A, ny, nx), _per_unit(Z, ny, nx), lo, hi, unit_flags,
                                names))
    xs, ys = grids.grid_axes(xlim, ylim, (ny, nx))
    return NeuronMaps(tuple(layers), xs, ys, _rect(xs, ys))


def _feature_names(model: Model) -> tuple[str, ...]:
    chosen = model.features if isinstance(model, MLP) else None
    return tuple(input_features.LABELS[f] for f in chosen or ())


def _per_unit(V: Array, ny: int, nx: int) -> Array:
    return np.ascontiguousarray(V.T.reshape(V.shape[1], ny, nx))


def _rect(xs: Array, ys: Array) -> tuple[float, float, float, float]:
    """The rectangle of an image whose pixels are centred on the samples (as the data view's field)."""
    dx = xs[1] - xs[0] if len(xs) > 1 else 1.0
    dy = ys[1] - ys[0] if len(ys) > 1 else 1.0
    return (float(xs[0] - dx / 2), float(ys[0] - dy / 2), float(xs[-1] - xs[0] + dx),
            float(ys[-1] - ys[0] + dy))


def large_shape(model: Model, width_px: float, height_px: float) -> grids.FieldShape:
    """The samples of the data view's large map: as its field's, at most LARGE_MAX_NODES (drawn smoothed)."""
    return grids.field_shape(width_px, height_px, grids.forward_cost(model), max_nodes=LARGE_MAX_NODES)


def neuron_field(model: Model, layer: int, unit: int, xlim: Range, ylim: Range,
                 shape: tuple[int, int]) -> tuple[Array, Range, tuple[float, float, float, float]]:
    """One unit's output Z over a (ny, nx) grid (the data view's large map): (Z, its range, rect).
    `layer` counts the maps' columns (map_layers: the inputs first, if the network has features)."""
    ny, nx = shape
    outputs = map_layers(model, grids.grid_points(xlim, ylim, (ny, nx)), upto=layer)
    Z = outputs[layer][3][:, unit].reshape(ny, nx)
    lo, hi = _ranges(Z.reshape(-1, 1))
    xs, ys = grids.grid_axes(xlim, ylim, (ny, nx))
    return Z, (float(lo[0]), float(hi[0])), _rect(xs, ys)


# ---------------------------------------------------------------- where the maps go

PITCH_X = 1.7  # map widths from one column of maps to the next (a map is 1 × 1): room for the range text
PITCH_Y = 1.45  # ... from one row to the next: room for the range under each map
LAYER_GAP = 0.35  # extra room between two layers' columns
HEAD_ROOM = 0.5  # above the top row: the layers' names
WRAP_GAIN = 1.25  # a layer's units wrap into more columns only if that makes the maps this much larger


@dataclass(frozen=True)
class Layout:
    """Where each map's lower-left corner is (by layer, by unit), where the layers' names go, the extent."""

    places: tuple[tuple[tuple[float, float], ...], ...]
    headers: tuple[tuple[float, float], ...]  # the middle of the bottom of each layer's name
    xrange: Range
    yrange: Range


def _extent(sizes: tuple[int, ...], rows: int) -> tuple[float, float]:
    columns = sum(-(-n // rows) for n in sizes)
    return columns * PITCH_X + (len(sizes) - 1) * LAYER_GAP, rows * PITCH_Y + HEAD_ROOM


def rows_per_column(sizes: tuple[int, ...], width_px: float, height_px: float) -> int:
    """How many maps a column holds: one column per layer (as a network is drawn), unless a view of
    width_px × height_px shows the maps WRAP_GAIN times larger with a layer's units in several columns."""
    if not sizes:
        return 1

    def side(rows: int) -> float:  # a map's side in pixels
        w, h = _extent(sizes, rows)
        return min(max(width_px, 1.0) / w, max(height_px, 1.0) / h)

    tallest = max(sizes)
    best = max(range(1, tallest + 1), key=side)
    return best if side(best) > WRAP_GAIN * side(tallest) else tallest


def layout(sizes: tuple[int, ...], rows: int) -> Layout:
    """Each layer's units in columns of `rows` maps, left to right by layer, each layer centred vertically."""
    places, headers, x = [], [], 0.0
    for n in sizes:
        used = min(n, rows)
        top = -(rows - used) / 2 * PITCH_Y  # y of the first row; rows go down, a map keeps y up inside it
        places.append(tuple((x + (j // rows) * PITCH_X, top - (j % rows) * PITCH_Y) for j in range(n)))
        columns = -(-n // rows)
        headers.append((x + (columns - 1) * PITCH_X / 2 + 0.5, 1.05))
        x += columns * PITCH_X + LAYER_GAP
    margin = (PITCH_X - 1) / 2
    width, _height = _extent(sizes, rows) if sizes else (PITCH_X, PITCH_Y)
    return Layout(tuple(places), tuple(headers), (-margin, width - margin),
                  (-(rows - 1) * PITCH_Y - (PITCH_Y - 1), 1.0 + HEAD_ROOM))


# ---------------------------------------------------------------- colours


def ramp_ends(layer: LayerMaps, is_output: bool, unit: int, class_rgb: Array) -> tuple[Array, Array]:
    """The colours (3,) in 0..1 of the low and high ends of a unit's range (see the module docstring)."""
    if is_output and layer.activation == "softmax":
        k = layer.units
        low = class_rgb[1 - unit] if k == 2 else np.ones(3)
        return low, class_rgb[unit % len(class_rgb)]
    return class_rgb[0], class_rgb[1]


def ramp_colors(V: Array, lo: npt.ArrayLike, hi: npt.ArrayLike, low_rgb: npt.ArrayLike,
                high_rgb: npt.ArrayLike) -> npt.NDArray[np.uint8]:
    """RGB (..., ny, nx, 3) uint8 of maps V (..., ny, nx) over their ranges lo … hi (shape V.shape[:-2]),
    as the data view colours a two-class field whose class-"high" probability is u = (V − lo) / (hi − lo)
    (0.5 where lo = hi or V is not finite); low_rgb, high_rgb (..., 3) in 0..1 are the ends' colours.

    field_colors for probabilities (1 − u, u): confidence |2u − 1|, opacity 0.12 + 0.5·confidence over
    white, blend (1 − u)·low + u·high.
    """
    # float32 from u on (bytes come out), in place where possible: a map set of 20 × 32 × 32 in float64
    # temporaries costs three times as much, mostly in the fresh pages each large temporary takes
    lo = np.asarray(lo, np.float64)[..., None, None]
    span = np.asarray(hi, np.float64)[..., None, None] - lo
    flat = ~(span > 0)
    with np.errstate(all="ignore"):
        u = ((np.asarray(V, np.float64) - lo) * (1.0 / np.where(flat, 1.0, span))).astype(np.float32)
    broken = ~np.isfinite(u)
    np.clip(u, 0.0, 1.0, out=u)
    if broken.any() or flat.any():
        u[broken | np.broadcast_to(flat, u.shape)] = 0.5
    alpha = 2.0 * u  # the opacity 0.12 + 0.5·|2u − 1|
    alpha -= 1.0
    np.abs(alpha, out=alpha)
    alpha *= 0.5
    alpha += 0.12
    alpha_u = alpha * u
    low = np.asarray(low_rgb, np.float64) * 255.0
    high = np.asarray(high_rgb, np.float64) * 255.0
    # 255 + alpha·((1 − u)·low + u·high − 255) = 255 + alpha·(low − 255) + (alpha·u)·(high − low)
    to_low = (low - 255.0).astype(np.float32)[..., None, None, :]
    low_to_high = (high - low).astype(np.float32)[..., None, None, :]
    out = np.empty((*u.shape, 3), np.uint8)
    for c in range(3):
        channel = alpha * to_low[..., c]
        channel += alpha_u * low_to_high[..., c]
        channel += 255.0
        out[..., c] = channel
    return out


def layer_colors(layer: LayerMaps, is_output: bool, class_rgb: Array) -> npt.NDArray[np.uint8]:
    """RGB (units, ny, nx, 3) uint8 of every map of a layer, each over its own range."""
    ends = [ramp_ends(layer, is_output, j, class_rgb) for j in range(layer.units)]
    lows, highs = np.array([e[0] for e in ends]), np.array([e[1] for e in ends])
    return ramp_colors(layer.Z, layer.lo, layer.hi, lows, highs)


def map_colors(maps: NeuronMaps, class_rgb: Array) -> list[npt.NDArray[np.uint8]]:
    """layer_colors of every layer (the last is the output layer), in one ramp_colors call for all maps."""
    layers = maps.layers
    if not layers:
        return []
    ends = [ramp_ends(layer, k == len(layers) - 1, j, class_rgb)
            for k, layer in enumerate(layers) for j in range(layer.units)]
    rgb = ramp_colors(np.concatenate([layer.Z for layer in layers]), np.concatenate([la.lo for la in layers]),
                      np.concatenate([layer.hi for layer in layers]), np.array([e[0] for e in ends]),
                      np.array([e[1] for e in ends]))
    return np.split(rgb, np.cumsum([layer.units for layer in layers])[:-1])


# ---------------------------------------------------------------- texts


def number(v: float, digits: int = 3) -> str:
    """A range end, short: `digits` significant digits, a real minus sign."""
    return f"{v:.{digits}g}".replace("-", "−")


def range_text(layer: LayerMaps, unit: int) -> str:
    """The range under a small map, '−0.21 … 4.1' (two significant digits: it fits under the map)."""
    return f"{number(float(layer.lo[unit]), 2)} … {number(float(layer.hi[unit]), 2)}"


def activation_name(activation: str, translate: Translate = untranslated) -> str:
    """The activation as the activations view names it ('ReLU', 'step'); softmax stays as it is."""
    marked = activation_labels.LABELS.get(activation)
    return marked.in_language(translate) if marked is not None else activation


def unit_label(name: str, activation: str, lo: float, hi: float, translate: Translate = untranslated) -> str:
    """'h1[3]: ReLU, range −0.2 … 4.1' (the data view's large map); 'x₁²: input feature, range 0 … 4'."""
    if activation == INPUT_KIND:
        return Message(INPUT_LABEL, name=name, lo=number(lo), hi=number(hi)).text(translate)
    return Message(LABEL, name=name, activation=activation_name(activation, translate), lo=number(lo),
                   hi=number(hi)).text(translate)


def label(layer: LayerMaps, unit: int, translate: Translate = untranslated) -> str:
    """A small map's label: its unit's name, activation and range."""
    return unit_label(layer.unit_name(unit), layer.activation, float(layer.lo[unit]), float(layer.hi[unit]),
                      translate)


def mark_text(layer: LayerMaps, unit: int, translate: Translate = untranslated) -> str:
    """What is written on a small map's corner: its flag ('dead', 'sat.'), an input's feature name, or ''."""
    flag = layer.flags[unit]
    if flag is not None:
        return Message(flag.mark).text(translate)
    return layer.unit_names[unit] if layer.unit_names else ""


def header(layer: LayerMaps, translate: Translate = untranslated) -> str:
    """The name over a column of maps: 'h1 · ReLU', 'y · softmax', or 'inputs'."""
    if layer.activation == INPUT_KIND:
        return INPUTS.in_language(translate)
    return f"{layer.name} · {activation_name(layer.activation, translate)}"


class RefreshSchedule(FrameBudget):
    """When the maps update: every step while one update fits BUDGET_S, else every cost·FRAME_S/BUDGET_S s."""

    def __init__(self, share: FrameShare | None = None) -> None:
        super().__init__(THROTTLED, smoothing=SMOOTHING, share=share)
