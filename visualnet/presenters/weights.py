"""What the weights view draws: each parameter as a signed heatmap, and the network as nodes and edges.

No Qt: the layout of the heatmaps (in cell units), their colour scales and titles, the diagram's
nodes and edges (sorted into sign × width buckets, the strongest 600 of a large network) and the
texts under the view are computed here as arrays and strings; the widget only paints them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import fast_mlp, features
from visualnet.core.perceptron import Perceptron, as_labels
from visualnet.core.separability import (
    MANY_CLASSES,
    NO_POINTS,
    NOT_SEPARABLE,
    ONE_CLASS,
    Separation,
    separation,
)
from visualnet.presenters.numbers import finite
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, Translate, untranslated

Array = npt.NDArray[np.float64]
Shape = tuple[int, ...]

__all__ = [
    "COLUMN_GAP",
    "DIAGRAM_EDIT_TIP",
    "DIAGRAM_HINT",
    "EDGE_LEVELS",
    "GRADIENTS_NO_EDIT",
    "GRADIENT_PREFIX",
    "HEATMAP_EDIT_TIP",
    "HOVER_HINT",
    "LOCKED_MARK",
    "MAX_EDGES",
    "MIN_COLUMN",
    "MIN_EXTENT",
    "MIN_LEVEL",
    "TITLE_ROOM",
    "DiagramLayout",
    "HeatmapLayout",
    "PanelPlace",
    "Pick",
    "RuleReadout",
    "as_matrix",
    "bias_key",
    "cell_at",
    "cell_centres",
    "cell_name",
    "colour_index",
    "diagram_hint",
    "diagram_layout",
    "diagram_marks",
    "displayed_arrays",
    "drawn_edges",
    "edge_at",
    "edge_buckets",
    "finite",
    "heatmap_layout",
    "hover_text",
    "input_names",
    "layer_columns",
    "layer_of",
    "matrix_shape",
    "node_at",
    "nudge_step",
    "pick",
    "pick_cell",
    "pick_in_diagram",
    "row_names",
    "rule_readout",
    "signed",
    "symmetric_levels",
    "title_at",
    "title_variants",
]

MIN_LEVEL = 1e-6  # an all-zero matrix (fresh biases) still gets a valid, symmetric colour scale
HOVER_HINT = QT_TRANSLATE_NOOP("Weights", "Hover a cell to read its value.")
LOCKED_MARK = QT_TRANSLATE_NOOP("Weights", "{readout} (locked)")
DIAGRAM_HINT = QT_TRANSLATE_NOOP("Weights", "Edges: blue +, orange −, width |w|.")
STRONGEST = QT_TRANSLATE_NOOP("Weights", "{hint} The strongest {shown} of {total} edges.")
ALL_ZERO = QT_TRANSLATE_NOOP("Weights", "all 0")
GRADIENT_PREFIX = "∂L/∂"  # in front of every name while the gradients are shown

TITLE_ROOM = 1.4  # rows of space above each heatmap for its title
COLUMN_GAP = 1.5  # columns of space between layers
MIN_COLUMN = 4.0  # a narrow matrix (W3 of 8×2) still gets room for a short title
MIN_EXTENT = (10.0, 6.0)  # the canvas shows at least this many cells, so a perceptron's 1×2 w stays small
# cells left of the first matrix for its rows' names (the input features): about 0.35 a character at
# the titles' font in a dock-sized view ("x₁" 1.2 cells, "sin x₂" 2.6)
ROW_LABEL_ROOM = (0.5, 0.35)

EDGE_LEVELS = 4  # |w| / m is drawn in this many widths (and shades), per sign
# a large network's diagram draws only its strongest edges: six layers of 64 neurons have 20,928,
# and drawing them all costs ~70 ms a frame (Qt draws ~150 wide antialiased lines a millisecond); each
# layer keeps its share of this many
MAX_EDGES = 600


# ------------------------------------------------------------------------------------------ values

def matrix_shape(shape: Shape) -> tuple[int, int]:
    """(rows, cols) a parameter of `shape` is drawn as: 2-D as is, a vector or scalar as one row."""
    return (shape[0], shape[1]) if len(shape) == 2 else (1, int(np.prod(shape)))


def as_matrix(a: npt.ArrayLike) -> npt.NDArray[np.float32]:
    """The array as it is drawn: 2-D as is, a vector or scalar as one row (float32, C-contiguous)."""
    a = np.asarray(a)
    m = a if a.ndim == 2 else a.reshape(1, -1)
    return np.ascontiguousarray(finite(m), dtype=np.float32)


def symmetric_levels(m: npt.NDArray[np.floating]) -> tuple[float, float]:
    """(-m, m) with m the largest |value|: zero is always the white middle of the colormap."""
    top = max(float(np.max(np.abs(m), initial=0.0)), MIN_LEVEL)
    return -top, top


def colour_index(m: npt.NDArray[np.floating], top: float) -> npt.NDArray[np.intp]:
    """Each value's entry in a 256-colour diverging table: 0 is -top, 255 is +top, 0 falls in the middle."""
    return np.clip(np.rint((m / top + 1.0) * 127.5), 0, 255).astype(np.intp)


def displayed_arrays(session: Session, gradients: bool) -> dict[str, Array]:
    """The arrays drawn: the parameters, or with `gradients` their gradient ∂L/∂W."""
    model = session.model
    if not gradients:
        return model.params
    trainer = session.trainer
    if trainer.last_grads:  # the mini-batch gradient the last step descended along
        return trainer.last_grads
    if len(trainer.X_train) == 0:
        return {k: np.zeros_like(v) for k, v in model.params.items()}
    # before the first step: the full training-set gradient at the current weights (as measured:
    # without dropout masks, so the same on every redraw)
    return fast_mlp.gradient(model, trainer.X_train, trainer.t_train)


# ------------------------------------------------------------------------------------------ texts

def cell_name(key: str, shape: Shape, row: int, col: int) -> str:
    """'W2[3, 5]' for a matrix, 'b1[5]' for a vector, 'b' for a scalar."""
    if len(shape) == 2:
        return f"{key}[{row}, {col}]"
    return f"{key}[{col}]" if len(shape) == 1 else key


def signed(value: float) -> str:
    """A number with a real minus sign, as in print; tiny gradients in scientific notation."""
    text = f"{value:.3f}" if value == 0 or abs(value) >= 1e-3 else f"{value:.2e}"
    return text.replace("-", "−")


def hover_text(prefix: str, key: str, shape: Shape, row: int, col: int, value: float, locked: bool = False,
               translate: Translate = untranslated) -> str:
    """The readout of the hovered cell, e.g. 'W2[3, 5] = −0.412' or '∂L/∂b1[2] = 1.20e-04'; a locked
    parameter's says so: 'W2[3, 5] = −0.412 (locked)'."""
    text = f"{prefix}{cell_name(key, shape, row, col)} = {signed(value)}"
    return Message(LOCKED_MARK, readout=text).text(translate) if locked else text


def title_variants(prefix: str, key: str, rows: int, cols: int, high: float,
                   translate: Translate = untranslated) -> tuple[str, str, str]:
    """A heatmap's titles, longest first: name, size and scale; name and scale; the name alone."""
    name = prefix + key
    scale = ALL_ZERO.in_language(translate) if high <= MIN_LEVEL else f"±{high:.2g}"
    dims = "" if key.lower().startswith("b") else f" ({rows}×{cols})"
    return f"{name}{dims}  {scale}", f"{name}  {scale}", name


# ------------------------------------------------------------------------------------------ heatmaps

def layer_columns(keys: Sequence[str]) -> list[list[str]]:
    """Group parameter names into layers: W1 with b1, w with b; in the model's order."""
    columns: dict[str, list[str]] = {}
    for key in keys:
        columns.setdefault(key[1:], []).append(key)
    # within a layer the weights go above the biases, whatever the dict order
    return [sorted(group, key=lambda k: k.lower().startswith("b")) for group in columns.values()]


@dataclass(frozen=True)
class PanelPlace:
    """Where one parameter's heatmap goes on the shared canvas, in cell units (y grows downwards)."""

    key: str
    shape: Shape  # the parameter's own shape
    x: float
    y: float
    rows: int
    cols: int
    room: float  # width available to its title, in cells


@dataclass(frozen=True)
class HeatmapLayout:
    """Every heatmap's place, and the canvas rectangle (x, y, width, height) that shows them all."""

    places: dict[str, PanelPlace]
    extent: tuple[float, float, float, float]
    # the first weight matrix's rows named (the inputs): (text, x of its right end, y of the row's middle)
    row_labels: tuple[tuple[str, float, float], ...] = ()


def input_names(model: object) -> list[str] | None:
    """The network's inputs as the course writes them when it has input features (x₁, x₁², sin x₂, ...);
    None for a model fed the raw inputs (a perceptron, regression)."""
    chosen = getattr(model, "features", None)
    return [features.LABELS[f] for f in chosen] if chosen else None


def row_names(model: object) -> list[str] | None:
    """The names beside W1's rows: the input features' when they are more than the raw x₁, x₂ (the plain
    network's 2×h W1 needs none, and its dock keeps the width for the titles' scales)."""
    chosen = getattr(model, "features", None)
    return input_names(model) if chosen and tuple(chosen) != features.DEFAULT else None


def heatmap_layout(shapes: Mapping[str, Shape], inputs: Sequence[str] | None = None) -> HeatmapLayout:
    """One column per layer, weights on one row and biases on a row below the tallest weight matrix;
    with `inputs`, the first matrix's rows are named by them (room is made on its left)."""
    columns = layer_columns(list(shapes))
    drawn = {k: matrix_shape(s) for k, s in shapes.items()}
    bias_y = max(drawn[g[0]][0] for g in columns) + TITLE_ROOM
    places: dict[str, PanelPlace] = {}
    x, step = 0.0, 0.0
    for group in columns:
        step = max(MIN_COLUMN, *(drawn[k][1] for k in group)) + COLUMN_GAP
        for i, key in enumerate(group):
            places[key] = PanelPlace(key, tuple(shapes[key]), x, bias_y * i, *drawn[key], room=step - 0.3)
        x += step
    width = x - COLUMN_GAP
    height = bias_y + 1 if any(len(g) > 1 for g in columns) else bias_y - TITLE_ROOM
    # at least MIN_EXTENT cells, the heatmaps centred in it
    w, h = max(width, MIN_EXTENT[0]), max(height + TITLE_ROOM, MIN_EXTENT[1])
    for key in columns[-1]:  # the last column has no gap after it: only the canvas's own margin
        last = places[key]
        room = step - COLUMN_GAP + (w - width) / 2 - 0.1
        places[key] = PanelPlace(last.key, last.shape, last.x, last.y, last.rows, last.cols, room)
    extent = ((width - w) / 2, -TITLE_ROOM - (h - height - TITLE_ROOM) / 2, w, h)
    first = places[columns[0][0]]
    if inputs is None or len(inputs) != first.rows:
        return HeatmapLayout(places, extent)
    room = ROW_LABEL_ROOM[0] + ROW_LABEL_ROOM[1] * max(len(text) for text in inputs)
    left = min(extent[0], first.x - room)
    extent = (left, extent[1], extent[0] + extent[2] - left, extent[3])
    labels = tuple((str(text), first.x - 0.15, first.y + row + 0.5) for row, text in enumerate(inputs))
    return HeatmapLayout(places, extent, labels)


# ------------------------------------------------------------------------------------------ diagram

@dataclass(frozen=True)
class DiagramLayout:
    """The network as nodes (one column per layer, each centred on y = 0) and one segment per weight."""

    keys: list[str]  # the weight matrices, in the model's order
    node_x: Array
    node_y: Array
    # per weight matrix W (n_in, n_out): edge (i, j) as the segment (layer, y_i) -> (layer + 1, y_j),
    # as (n_in * n_out, 2) x and y of its two ends
    segments: list[tuple[Array, Array]]
    edges_total: int  # edges of the network
    edges_per_layer: list[int]  # edges drawn per weight matrix: all, or its strongest
    inputs: list[tuple[str, float]]  # the input nodes' names, as the course writes them, and their y
    x_range: tuple[float, float]
    y_range: tuple[float, float]


def diagram_layout(shapes: Mapping[str, Shape], inputs: Sequence[str] | None = None) -> DiagramLayout:
    """Lay out the nodes and edges of a network whose parameters have these shapes; the input nodes are
    named by `inputs` (the features: x₁², sin x₂, ...), else x1, x2, ..."""
    keys = [k for k in shapes if not k.lower().startswith("b")]
    if not keys:  # no network yet: nothing to draw
        nothing = np.empty(0)
        return DiagramLayout([], nothing, nothing, [], 0, [], [], (0.0, 1.0), (0.0, 1.0))
    # a perceptron's w (2,) is a 2×1 matrix: two inputs into one unit
    dims = [(shapes[k][0], shapes[k][1]) if len(shapes[k]) == 2 else (int(np.prod(shapes[k])), 1)
            for k in keys]
    sizes = [dims[0][0]] + [n_out for _, n_out in dims]
    ys = [np.arange(n) - (n - 1) / 2 for n in sizes]
    total = sum(n_in * n_out for n_in, n_out in dims)
    per_layer = [n_in * n_out if total <= MAX_EDGES else max(1, MAX_EDGES * n_in * n_out // total)
                 for n_in, n_out in dims]
    segments = []
    for layer, (n_in, n_out) in enumerate(dims):
        y0, y1 = np.meshgrid(ys[layer], ys[layer + 1], indexing="ij")
        x = np.tile([float(layer), layer + 1.0], (n_in * n_out, 1))
        segments.append((x, np.column_stack([y0.ravel(), y1.ravel()])))
    half = max(sizes) / 2
    names = ([str(n) for n in inputs] if inputs is not None and len(inputs) == sizes[0]
             else [f"x{i + 1}" for i in range(sizes[0])])
    return DiagramLayout(
        keys=keys,
        node_x=np.concatenate([np.full(n, float(i)) for i, n in enumerate(sizes)]),
        node_y=np.concatenate(ys),
        segments=segments,
        edges_total=total,
        edges_per_layer=per_layer,
        inputs=[(names[i], float(y)) for i, y in enumerate(ys[0])],
        # room on the left for the longest name ("sin x₁" needs about twice "x1")
        x_range=(-0.35 - 0.08 * max(0, max(map(len, names)) - 2), len(sizes) - 0.75),
        y_range=(-half, half),
    )


def drawn_edges(w: Array, keep: int) -> npt.NDArray[np.intp]:
    """The flat indices of the edges of weights `w` that are drawn: all, or the `keep` strongest."""
    if keep >= w.size:
        return np.arange(w.size)
    return np.argpartition(np.abs(w), w.size - keep)[w.size - keep :]  # a large network: the strongest


def edge_buckets(layout: DiagramLayout, arrays: Mapping[str, npt.ArrayLike]) -> list[tuple[Array, Array]]:
    """The segments drawn, as (x, y) pairs of points per bucket: negative weights in levels 1..4, then
    positive ones; level ceil(4 |w| / m) with m the largest |w| of its matrix (a wider, darker line)."""
    xs: list[Array] = []
    ys: list[Array] = []
    codes: list[npt.NDArray[np.intp]] = []
    for key, (x2, y2), keep in zip(layout.keys, layout.segments, layout.edges_per_layer, strict=True):
        w = finite(arrays[key]).ravel()
        m = max(float(np.max(np.abs(w), initial=0.0)), MIN_LEVEL)
        drawn = drawn_edges(w, keep)
        w, x2, y2 = w[drawn], x2[drawn], y2[drawn]
        level = np.clip(np.ceil(np.abs(w) / m * EDGE_LEVELS), 1, EDGE_LEVELS).astype(np.intp)
        codes.append(np.where(w < 0, level - 1, EDGE_LEVELS + level - 1))
        xs.append(x2)
        ys.append(y2)
    if not codes:
        return []
    code, x, y = np.concatenate(codes), np.concatenate(xs), np.concatenate(ys)
    return [(x[code == b].ravel(), y[code == b].ravel()) for b in range(2 * EDGE_LEVELS)]


def diagram_hint(layout: DiagramLayout, translate: Translate = untranslated) -> str:
    """How to read the edges, and how many are drawn when not all of them are."""
    shown = sum(layout.edges_per_layer)
    if shown >= layout.edges_total:
        return DIAGRAM_HINT.in_language(translate)
    strongest = Message(STRONGEST, hint=DIAGRAM_HINT, shown=f"{shown:,}", total=f"{layout.edges_total:,}")
    return strongest.text(translate)


# ------------------------------------------------------------------------------------------ the rule

UPDATES = QT_TRANSLATE_NOOP("Novikoff", "Perceptron-rule updates so far: {count}.")
BOUND = QT_TRANSLATE_NOOP("Novikoff", "Novikoff bound (R/γ)² = ({radius}/{gamma})² = {bound}.")
CLASSIC = QT_TRANSLATE_NOOP("Novikoff", "From w = 0, b = 0 the rule updates at most this often on these "
                                        "points.")
BATCHED = QT_TRANSLATE_NOOP("Novikoff", "With mini-batches of up to {size} points the rule updates at most "
                                        "{size}·(R/γ)² = {bound} times.")
NOT_FROM_ZERO = QT_TRANSLATE_NOOP("Novikoff", "The bound is for a run from w = 0, b = 0; this run started "
                                              "from other weights.")
NOT_THE_RULE = QT_TRANSLATE_NOOP("Novikoff", "The bound is for the perceptron rule, which is SGD; steps "
                                             "with another optimizer are not the rule.")
LR_CHANGED = QT_TRANSLATE_NOOP("Novikoff", "The bound is for one learning rate throughout; it changed during "
                                          "this run, so the count may exceed it.")
POINTS_CHANGED = QT_TRANSLATE_NOOP("Novikoff", "The points changed during the run: the bound is for a new "
                                               "run on them.")
KIND_TEXTS = {
    NOT_SEPARABLE: QT_TRANSLATE_NOOP("Novikoff", "The training points are not linearly separable: no bound, "
                                                 "the rule never stops updating."),
    ONE_CLASS: QT_TRANSLATE_NOOP("Novikoff", "The training points are all of one class: nothing to "
                                             "separate, no bound."),
    MANY_CLASSES: QT_TRANSLATE_NOOP("Novikoff", "Novikoff's bound is for two classes; these points have "
                                                "more."),
    NO_POINTS: QT_TRANSLATE_NOOP("Novikoff", "No training points: no bound."),
}
RULE_TIP = QT_TRANSLATE_NOOP("Novikoff", "Novikoff's theorem: on linearly separable points the "
                                         "perceptron rule, started from w = 0, b = 0, makes at most (R/γ)² "
                                         "updates. R is the largest length of a point (x1, x2, 1); γ is the "
                                         "margin of the widest separating line in that space, "
                                         "min y·(w·x + b)/‖(w, b)‖ with y = ±1.")


@dataclass(frozen=True)
class RuleReadout:
    """The perceptron's readout: updates so far, the data's separation and the bound that applies."""

    updates: int
    separation: Separation
    bound: float  # the bound the text states: (R/γ)², times the batch size for mini-batches; NaN if none
    text: str


_separations: dict[bytes, Separation] = {}  # the last training set's: it is the same every step


def training_separation(X: npt.ArrayLike, t: npt.ArrayLike) -> Separation:
    """How the training points X (n, 2) with targets t lie (cached for the last set of points)."""
    X = np.ascontiguousarray(X, dtype=np.float64)
    labels = np.ascontiguousarray(as_labels(np.asarray(t)))
    key = X.tobytes() + b"|" + labels.tobytes()
    if key not in _separations:
        _separations.clear()
        _separations[key] = separation(X, labels)
    return _separations[key]


def _from_zero(session: Session) -> bool:
    """True when the run started from w = 0, b = 0 (the history's first record is iteration 0)."""
    history = session.trainer.history
    start = history.params_array()
    return len(start) > 0 and int(history.iteration[0]) == 0 and not np.any(start[0])


def rule_readout(session: Session, translate: Translate = untranslated) -> RuleReadout | None:
    """The perceptron's updates so far and Novikoff's bound for its training points; None for an MLP."""
    if not isinstance(session.model, Perceptron):
        return None
    trainer, rule = session.trainer, session.trainer.rule
    found = training_separation(trainer.X_train, trainer.t_train)
    texts = [Message(UPDATES, count=f"{rule.updates:,}").text(translate)]
    bound = float("nan")
    if not found.separable:
        texts.append(KIND_TEXTS[found.kind].in_language(translate))
        return RuleReadout(rule.updates, found, bound, "\n".join(texts))
    bound = found.bound
    texts.append(Message(BOUND, radius=f"{found.radius:.3g}", gamma=f"{found.gamma:.3g}",
                         bound=_count(bound)).text(translate))
    # a step moves (w, b) by lr/B times the sum of its m wrong points y·x̃: along the best line's
    # normal by at least lr·m·γ/B, in length at most lr·m·R/B, and away from the old (w, b) never;
    # Novikoff's two inequalities then give at most B·(R/γ)² wrong points in all (B = 1: the rule)
    size = max(rule.largest_batch, min(trainer.batch_size, len(trainer.X_train)))
    if not _from_zero(session):
        texts.append(NOT_FROM_ZERO.in_language(translate))
    elif rule.other_steps or session.optimizer_name() != "SGD":
        texts.append(NOT_THE_RULE.in_language(translate))
    elif rule.points_changed:
        texts.append(POINTS_CHANGED.in_language(translate))
    elif rule.lr_changed:
        texts.append(LR_CHANGED.in_language(translate))
    elif size > 1:
        bound *= size
        texts.append(Message(BATCHED, size=size, bound=_count(bound)).text(translate))
    else:
        texts.append(CLASSIC.in_language(translate))
    return RuleReadout(rule.updates, found, bound, "\n".join(texts))


def _count(value: float) -> str:
    """A bound on a count, as it reads best: 23.9, 1,234.5, or 3.2e+07."""
    return f"{value:,.1f}" if value < 1e7 else f"{value:.2g}"


# ------------------------------------------------------------------------------------------ editing

HEATMAP_EDIT_TIP = QT_TRANSLATE_NOOP(
    "Weights", "Click a cell: type its value (Enter applies, Esc cancels) · scroll over it: nudge it "
               "(Shift: ten times faster) · right-click: lock it, or lock, zero or randomize its layer "
               "(or click the matrix's title)")
DIAGRAM_EDIT_TIP = QT_TRANSLATE_NOOP(
    "Weights", "Click an edge (a weight) or a node (its bias): type its value (Enter applies, Esc "
               "cancels) · scroll over it: nudge it (Shift: ten times faster) · right-click: lock it, or "
               "lock, zero or randomize its layer")
GRADIENTS_NO_EDIT = QT_TRANSLATE_NOOP("Weights", "Gradients are shown: turn off Show gradients to edit the "
                                                 "weights.")
NODE_RADIUS_PX = 8.0  # a click this close to a node picks its bias
EDGE_RADIUS_PX = 4.0  # ... this close to an edge, its weight


@dataclass(frozen=True)
class Pick:
    """One scalar parameter: `key`'s flat `index`, at (row, col) of the matrix it is drawn as."""

    key: str
    index: int
    row: int
    col: int

    def name(self, shape: Shape) -> str:
        """'W2[3, 5]', 'b1[5]' or 'b'."""
        return cell_name(self.key, shape, self.row, self.col)


def pick(key: str, shape: Shape, index: int) -> Pick:
    """The parameter `key`'s flat `index`, with its place in the drawn matrix."""
    cols = matrix_shape(shape)[1]
    return Pick(key, int(index), int(index) // cols, int(index) % cols)


def bias_key(weight_key: str) -> str:
    """The bias of the layer weights `weight_key` feed: W1 -> b1, w -> b."""
    return "b" + weight_key[1:]


def layer_of(keys: Sequence[str], key: str) -> list[str]:
    """The parameters of `key`'s layer (W1 and b1; a perceptron's w and b), weights first."""
    return next(group for group in layer_columns(keys) if key in group)


def cell_at(place: PanelPlace, x: float, y: float) -> tuple[int, int] | None:
    """(row, col) of the heatmap cell at canvas point (x, y), or None."""
    col, row = math.floor(x - place.x), math.floor(y - place.y)
    return (row, col) if 0 <= row < place.rows and 0 <= col < place.cols else None


def pick_cell(places: Mapping[str, PanelPlace], x: float, y: float) -> Pick | None:
    """The parameter whose heatmap cell is at canvas point (x, y), or None."""
    for key, place in places.items():
        cell = cell_at(place, x, y)
        if cell is not None:
            return Pick(key, cell[0] * place.cols + cell[1], *cell)
    return None


def title_at(places: Mapping[str, PanelPlace], x: float, y: float) -> str | None:
    """The parameter whose title (the strip above its heatmap) is at canvas point (x, y), or None."""
    for key, place in places.items():
        if place.x <= x < place.x + max(place.room, place.cols) and place.y - TITLE_ROOM <= y < place.y:
            return key
    return None


def cell_centres(place: PanelPlace, indices: npt.ArrayLike) -> tuple[Array, Array]:
    """Canvas (x, y) of the middles of the cells of these flat indices."""
    idx = np.asarray(indices, np.intp)
    return (place.x + 0.5 + (idx % place.cols).astype(np.float64),
            place.y + 0.5 + (idx // place.cols).astype(np.float64))


def _layer_sizes(layout: DiagramLayout) -> list[int]:
    """Nodes per column of the diagram (the inputs first)."""
    _, counts = np.unique(layout.node_x, return_counts=True)
    return [int(n) for n in counts]


def node_at(layout: DiagramLayout, shapes: Mapping[str, Shape], x: float, y: float,
            px: tuple[float, float]) -> Pick | None:
    """The bias of the node within NODE_RADIUS_PX of diagram point (x, y); None off the nodes or on an
    input (it has none). `px`: the data units of one screen pixel along x and y."""
    if not len(layout.node_x):
        return None
    d = np.hypot((layout.node_x - x) / px[0], (layout.node_y - y) / px[1])
    nearest = int(np.argmin(d))
    if d[nearest] > NODE_RADIUS_PX:
        return None
    sizes = _layer_sizes(layout)
    starts = np.cumsum([0, *sizes])
    column = int(np.searchsorted(starts, nearest, side="right")) - 1
    if column == 0:
        return None
    key = bias_key(layout.keys[column - 1])
    return pick(key, shapes[key], nearest - int(starts[column])) if key in shapes else None


def edge_at(layout: DiagramLayout, arrays: Mapping[str, npt.ArrayLike], x: float, y: float,
            px: tuple[float, float]) -> Pick | None:
    """The drawn edge (weight) nearest diagram point (x, y), within EDGE_RADIUS_PX, or None."""
    best: tuple[float, Pick] | None = None
    p = np.array([x / px[0], y / px[1]])
    for key, (x2, y2), keep in zip(layout.keys, layout.segments, layout.edges_per_layer, strict=True):
        w = finite(arrays[key]).ravel()
        drawn = drawn_edges(w, keep)
        # in screen pixels: the distance from p to each segment a + s (b - a), s clipped to [0, 1]
        a = np.column_stack([x2[drawn, 0] / px[0], y2[drawn, 0] / px[1]])
        b = np.column_stack([x2[drawn, 1] / px[0], y2[drawn, 1] / px[1]])
        ab = b - a
        s = np.clip(np.einsum("ij,ij->i", p - a, ab) / np.maximum(np.einsum("ij,ij->i", ab, ab), 1e-12), 0, 1)
        d = np.hypot(*(a + s[:, None] * ab - p).T)
        if len(d) and d.min() <= EDGE_RADIUS_PX and (best is None or d.min() < best[0]):
            best = (float(d.min()), pick(key, np.shape(arrays[key]), int(drawn[np.argmin(d)])))
    return None if best is None else best[1]


def pick_in_diagram(layout: DiagramLayout, arrays: Mapping[str, npt.ArrayLike], x: float, y: float,
                    px: tuple[float, float]) -> Pick | None:
    """A node's bias if (x, y) is on a node, else the nearest edge's weight, else None."""
    shapes = {k: np.shape(v) for k, v in arrays.items()}
    return node_at(layout, shapes, x, y, px) or edge_at(layout, arrays, x, y, px)


def diagram_marks(layout: DiagramLayout, locks: Mapping[str, npt.ArrayLike]) -> tuple[Array, Array]:
    """Where the diagram marks locked parameters: (x, y) of locked edges' middles and locked biases' nodes."""
    xs: list[Array] = []
    ys: list[Array] = []
    sizes = _layer_sizes(layout) if len(layout.node_x) else []
    starts = np.cumsum([0, *sizes])
    for column, (key, (x2, y2)) in enumerate(zip(layout.keys, layout.segments, strict=True), start=1):
        idx = np.asarray(locks.get(key, ()), np.intp)
        xs.append(x2[idx].mean(axis=1))
        ys.append(y2[idx].mean(axis=1))
        nodes = starts[column] + np.asarray(locks.get(bias_key(key), ()), np.intp)
        xs.append(layout.node_x[nodes])
        ys.append(layout.node_y[nodes])
    if not xs:
        return np.empty(0), np.empty(0)
    return np.concatenate(xs), np.concatenate(ys)


def nudge_step(values: npt.ArrayLike) -> float:
    """How much one notch of the wheel changes a weight of this matrix: a power of ten a tenth of its
    largest |value| or less (0.5 -> 0.01, 3 -> 0.1), at least 0.001."""
    top = float(np.max(np.abs(finite(np.asarray(values, float))), initial=0.0))
    return 10.0 ** max(math.floor(math.log10(top)) - 1, -3) if top > 0 else 1e-3
