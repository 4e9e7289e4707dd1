"""What the data view draws, computed from the session without Qt: the decision field as colours, the class
boundaries, the perceptron's exact line and weight vector, the regression curve, the misclassified rings,
the selection, the point under the mouse, the view that fits the data, and the texts under the plot.

The widget (visualnet/app/views/dataset_view.py) keeps its items and pushes these arrays into them.
Texts are marked for Qt's lupdate with `QT_TRANSLATE_NOOP` in the "DatasetView" context; the widget
translates them with its own `tr`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import contours, fast_mlp, grids, perceptron
from visualnet.core.grids import FieldShape
from visualnet.core.protocols import Model
from visualnet.session import ROLE_TEST, ROLE_TRAIN, Session
from visualnet.translatable import QT_TRANSLATE_NOOP

Array = npt.NDArray[np.float64]
Indices = npt.NDArray[np.intp]
Range = tuple[float, float]

__all__ = [
    "FIT_MARGIN",
    "HELP",
    "HIT_RADIUS_PX",
    "N_ROLES",
    "FieldPicture",
    "PerceptronGlyphs",
    "Predictions",
    "TaskTexts",
    "decision_field",
    "field_and_classes",
    "field_colors",
    "field_note",
    "field_picture",
    "field_shape",
    "fit_range",
    "hidden_points",
    "misclassified",
    "perceptron_glyphs",
    "point_at",
    "points_in_rect",
    "predict_classes",
    "regression_curve",
    "selection_tooltip",
    "style_numbers",
    "task_texts",
]

N_ROLES = 3  # train, validation, test: a point's style is label * N_ROLES + role
HIT_RADIUS_PX = 9.0  # a click this close to a point (in screen pixels) grabs it
FIT_MARGIN = 1.25  # "fit view": the points' half extent (at least 0.5) times this, on each side


HELP = QT_TRANSLATE_NOOP(
    "DatasetView",
    "Click: add a point · drag a point: move it · right-click: delete it · drag empty space: pan\n"
    "Shift+drag: select the points in a rectangle (Ctrl+Shift+drag adds to the selection) · "
    "Shift+click: select or unselect one point\n"
    "Dragging a selected point moves them all · Delete removes them · Esc clears · Ctrl+A selects all")
SELECTED_ONE = QT_TRANSLATE_NOOP("DatasetView", "1 point selected")
SELECTED_MANY = QT_TRANSLATE_NOOP("DatasetView", "{count} points selected")
FIELD_NOTE = QT_TRANSLATE_NOOP("DatasetView", "decision field at {nx}×{ny} for this large network")


# ---------------------------------------------------------------- texts


@dataclass(frozen=True)
class TaskTexts:
    """The axis labels and the key under the plot for a task (untranslated)."""

    bottom: str
    left: str
    key: str
    key_tip: str


_TASK_TEXTS = {
    # x and t are different quantities: in regression a point is an input x and its target t
    "regression": TaskTexts(
        QT_TRANSLATE_NOOP("DatasetView", "x (input)"), QT_TRANSLATE_NOOP("DatasetView", "t (target)"),
        QT_TRANSLATE_NOOP("DatasetView", "● filled: training · ○ hollow: validation · □ square: test · "
                                         "line: the network's output y(x)"),
        QT_TRANSLATE_NOOP("DatasetView", "Each point is an input x and its target t. Training points are "
                                         "filled, validation points hollow circles, test points hollow "
                                         "squares; the line is what the network outputs for each x.")),
    "classification": TaskTexts(
        "x₁", "x₂",
        QT_TRANSLATE_NOOP("DatasetView", "● filled: training · ○ hollow: validation · □ square: test · "
                                         "◯ ringed: misclassified"),
        QT_TRANSLATE_NOOP("DatasetView", "Training points are filled, validation points hollow circles, "
                                         "test points hollow squares. A red ring marks a training point "
                                         "the model classifies wrongly at its current weights.")),
}


def task_texts(task: str) -> TaskTexts:
    """The axis labels and key for 'classification' or 'regression'."""
    return _TASK_TEXTS["regression" if task == "regression" else "classification"]


def field_note(shape: FieldShape, translate: Callable[[str], str] = str) -> str:
    """The note that a large network's field is sampled more coarsely than the pixels, or ""."""
    return translate(FIELD_NOTE).format(nx=shape.nx, ny=shape.ny) if shape.coarser else ""


def selection_tooltip(count: int, translate: Callable[[str], str] = str) -> str:
    """The data view's tooltip: how many points are selected (if any), then the mouse help."""
    help_text = translate(HELP)
    if not count:
        return help_text
    head = translate(SELECTED_ONE) if count == 1 else translate(SELECTED_MANY).format(count=count)
    return f"{head}\n{help_text}"


# ---------------------------------------------------------------- the decision field


def field_colors(probs: Array, class_rgb: Array, discretize: bool = False) -> npt.NDArray[np.uint8]:
    """RGB (res, res, 3) uint8 of a decision field: white blended toward the class colours.

    probs: (res, res, k) class probabilities; class_rgb: (>= k, 3) colours in 0..1. The blend of
    the class colours is weighted by probability; its opacity grows with the confidence, 0 when all
    classes are equally likely and 1 when one is certain, so unsure regions are paler. With
    `discretize`, each pixel is the colour of its most probable class at full strength (hard regions).
    """
    k = probs.shape[-1]
    if discretize:
        solid = np.rint(255.0 * np.asarray(class_rgb[:k], np.float64)).astype(np.uint8)
        return solid[np.argmax(probs, axis=-1)]  # (a NaN probability: argmax takes it, as predict does)
    columns = [probs[..., j] for j in range(k)]
    # one whole (res, res) plane at a time: numpy is 3x slower over a trailing axis of 2 or 3
    confidence = (functools.reduce(np.maximum, columns) - 1.0 / k) / (1.0 - 1.0 / k)
    alpha = 0.12 + 0.5 * confidence
    out = np.empty((*probs.shape[:2], 3), np.uint8)
    for c in range(3):
        blend = sum(p * (255.0 * class_rgb[j, c]) for j, p in enumerate(columns))
        out[..., c] = 255.0 + alpha * (blend - 255.0)
    return out


def field_shape(session: Session, width_px: float, height_px: float) -> FieldShape:
    """The field's samples for a view of this many pixels: every few pixels, coarser for a network whose
    forward pass would not fit the frame budget at that density."""
    return grids.field_shape(width_px, height_px, grids.forward_cost(session.model))


@dataclass(frozen=True)
class FieldPicture:
    """The decision field as an image over the view, and the class boundaries traced in it."""

    rgb: npt.NDArray[np.uint8]  # (ny, nx, 3), rows = y
    rect: tuple[float, float, float, float]  # x, y, width, height: each pixel centred on its sample
    boundary_x: Array  # segment ends in pairs (connect="pairs"); empty if not traced
    boundary_y: Array


def decision_field(session: Session, xlim: Range, ylim: Range, shape: FieldShape, class_rgb: Array,
                   contour: bool = True, discretize: bool = False) -> FieldPicture:
    """The field sampled on `shape` over the view and, with `contour`, its class boundaries; with
    `discretize`, as hard class regions (field_colors)."""
    return field_picture(session.model, xlim, ylim, shape, class_rgb, contour, discretize)


def field_picture(model: Model, xlim: Range, ylim: Range, shape: FieldShape, class_rgb: Array,
                  contour: bool = True, discretize: bool = False) -> FieldPicture:
    """`decision_field` of `model` (a copy of the session's: a worker thread may compute it)."""
    res = (shape.ny, shape.nx)
    probs = grids.decision_field(model, xlim, ylim, res)  # (ny, nx, k), rows = y
    xs, ys = grids.grid_axes(xlim, ylim, res)
    # grid samples include both ends of the range: each pixel is centred on its sample
    dx, dy = xs[1] - xs[0], ys[1] - ys[0]
    rect = (xs[0] - dx / 2, ys[0] - dy / 2, xs[-1] - xs[0] + dx, ys[-1] - ys[0] + dy)
    bx, by = contours.class_boundaries(probs, xs, ys) if contour else (np.empty(0), np.empty(0))
    return FieldPicture(field_colors(probs, class_rgb, discretize), rect, np.asarray(bx, float),
                        np.asarray(by, float))


@dataclass(frozen=True)
class PerceptronGlyphs:
    """The perceptron's line w·x + b = 0 clipped to the view, and w drawn from the line's middle."""

    line: Array  # (2, 2) the two ends
    foot: Array  # (2,) where w starts: on the line, in view
    tip: Array  # (2,) where w's arrow head is
    head_angle: float  # degrees, as pyqtgraph's ArrowItem takes it


def perceptron_glyphs(w: Array, b: float, xlim: Range, ylim: Range) -> PerceptronGlyphs | None:
    """The exact line (not a contour of the sampled field) and the weight vector at right angles to it,
    1/5 of the view's smaller side long; None if w = 0 or the line is outside the view."""
    ends = perceptron.boundary_segment(w, b, xlim, ylim)
    if ends is None:
        return None
    u = w / float(np.hypot(*w))
    foot = ends.mean(axis=0)
    tip = foot + 0.2 * min(xlim[1] - xlim[0], ylim[1] - ylim[0]) * u
    # ArrowItem's angle 0 points left (180° on screen) and turns clockwise, as screen y grows
    # downward: w's direction on screen is (u₁, -u₂) (equal scales), at atan2(-u₂, u₁).
    angle = float(np.degrees(np.arctan2(-u[1], u[0]))) - 180.0
    return PerceptronGlyphs(np.asarray(ends, float), foot, tip, angle)


def regression_curve(session: Session, xlim: Range, res: int = 200) -> tuple[Array, Array]:
    """The network's output y(x) across the view, finite samples only: (xs, ys)."""
    xs, ys = grids.regression_curve(session.model, xlim, res)
    xs, ys = np.ravel(xs), np.ravel(ys)
    ok = np.isfinite(ys)
    return xs[ok], ys[ok]


# ---------------------------------------------------------------- the points


def style_numbers(session: Session) -> Indices:
    """Each point's style, label * N_ROLES + role (regression points all have label 0)."""
    ds = session.dataset
    labels = np.zeros(len(ds.X), np.intp) if session.task == "regression" else ds.y.astype(np.intp)
    return labels * N_ROLES + session.roles


class Predictions:
    """The model's class for every training point (-1 for the others: no ring is drawn on them),
    predicted again only where needed.

    With the same weights as last time (an edit while paused) only the points that moved, were added or
    became training points are predicted again; any other call predicts every training point.
    """

    def __init__(self) -> None:
        self._inputs: Array = np.empty((0, 2))
        self._classes: Indices = np.zeros(0, np.intp)
        # the training points' indices and inputs, picked out once per dataset and roles (the session
        # replaces those arrays on every edit): a boolean pick of 10,000 rows costs more than the pass
        self._rows_of: tuple[object, ...] = ()
        self._rows: tuple[Indices, Array] = (np.zeros(0, np.intp), np.empty((0, 2)))

    def __call__(self, session: Session, same_model: bool) -> Indices:
        """Classes (n,) of the session's training points at its model's current weights, -1 elsewhere."""
        inputs = session.dataset.inputs()
        train = session.roles == ROLE_TRAIN
        n, k = len(inputs), min(len(inputs), len(self._inputs))
        again = np.zeros(0, np.intp)
        if same_model:
            moved = np.any(inputs[:k] != self._inputs[:k], axis=1) | (self._classes[:k] < 0)
            again = np.concatenate([np.flatnonzero(moved), np.arange(k, n)])
            again = again[train[again]]
        classes = np.full(n, -1, np.intp)
        if not same_model or len(again) > n // 2:
            rows, X = self._training_rows(session, train)
            classes[rows] = predict_classes(session.model, X)
        else:
            classes[:k] = self._classes[:k]
            classes[~train] = -1
            if len(again):
                classes[again] = predict_classes(session.model, inputs[again])
        self._inputs, self._classes = inputs.copy(), classes
        return classes

    def training_rows(self, session: Session) -> tuple[tuple[object, ...], Array]:
        """What the training points are picked from (a key for `take`) and their inputs (m, d): for a
        worker to predict with a copy of the model. The classes kept so far are forgotten (they are of
        older weights than the worker's)."""
        self._inputs, self._classes = np.empty((0, 2)), np.zeros(0, np.intp)
        _, X = self._training_rows(session, session.roles == ROLE_TRAIN)
        return self._rows_of, X

    def take(self, session: Session, key: tuple[object, ...], classes: Indices) -> Indices | None:
        """The classes (m,) of the training points of `key` (`training_rows`), computed elsewhere: kept
        as the session's predictions and returned as (n,) with -1 elsewhere; None if the data changed."""
        now = (session.dataset, session.dataset.X, session.roles)
        if len(key) != len(now) or not all(a is b for a, b in zip(key, now, strict=True)) \
                or key is not self._rows_of:
            return None
        inputs = session.dataset.inputs()
        full = np.full(len(inputs), -1, np.intp)
        full[self._rows[0]] = classes
        self._inputs, self._classes = inputs.copy(), full
        return full

    def _training_rows(self, session: Session, train: npt.NDArray[np.bool_]) -> tuple[Indices, Array]:
        """The training points' indices and inputs (m, d), made once per dataset and roles."""
        key = (session.dataset, session.dataset.X, session.roles)
        if len(key) != len(self._rows_of) or not all(a is b for a, b in zip(key, self._rows_of, strict=True)):
            rows = np.flatnonzero(train)
            self._rows_of, self._rows = key, (rows, session.dataset.inputs().take(rows, axis=0))
        return self._rows


def field_and_classes(model: Model, rows: Array, xlim: Range, ylim: Range, shape: FieldShape,
                      class_rgb: Array, contour: bool = True, discretize: bool = False,
                      ) -> tuple[FieldPicture, Indices]:
    """`field_picture` of `model` and its classes of the points `rows` (m, d): a worker's job, so that
    the field and the rings it brings are of the same weights."""
    return (field_picture(model, xlim, ylim, shape, class_rgb, contour, discretize),
            predict_classes(model, rows))


def predict_classes(model: Model, X: Array) -> Indices:
    """The model's class of each point (n,): its predict(), through the fast route where the model has
    one (the same layers in one workspace: about a third of the time for 10,000 points)."""
    fast = fast_mlp.route(model)
    if fast is None or fast.task != "classification" or len(X) == 0:
        return np.asarray(model.predict(X), np.intp)
    with np.errstate(all="ignore"):
        # the largest score is the largest probability: softmax keeps the order
        return np.asarray(fast.scores(X).argmax(axis=1), np.intp)


def misclassified(session: Session, classes: Indices) -> npt.NDArray[np.bool_]:
    """The training points the model gets wrong (the rings): (n,) bool; none in regression."""
    ds = session.dataset
    if session.task == "regression" or len(ds) == 0:
        return np.zeros(len(ds), bool)
    return np.asarray((classes != ds.y) & (session.roles == ROLE_TRAIN))


def point_at(X: Array, x: float, y: float, pixel: tuple[float, float],
             radius_px: float = HIT_RADIUS_PX, hidden: npt.NDArray[np.bool_] | None = None) -> int:
    """Index of the point nearest (x, y) within `radius_px` screen pixels, or -1.

    pixel: data units per screen pixel along x and y (the axes may have different scales);
    hidden: (n,) the points not shown, which a click never finds.
    """
    if len(X) == 0:
        return -1
    px, py = pixel
    d2 = ((X[:, 0] - x) / px) ** 2 + ((X[:, 1] - y) / py) ** 2
    if hidden is not None:
        d2[hidden] = np.inf
    i = int(np.argmin(d2))
    return i if d2[i] <= radius_px**2 else -1


def points_in_rect(X: Array, corner: tuple[float, float], other: tuple[float, float],
                   hidden: npt.NDArray[np.bool_] | None = None) -> Indices:
    """Indices of the points inside the rectangle with these two corners (edges included), leaving out
    the `hidden` ones (n,)."""
    (x0, x1), (y0, y1) = sorted((corner[0], other[0])), sorted((corner[1], other[1]))
    inside = (X[:, 0] >= x0) & (X[:, 0] <= x1) & (X[:, 1] >= y0) & (X[:, 1] <= y1)
    return np.flatnonzero(inside if hidden is None else inside & ~hidden)


def hidden_points(session: Session, show_test: bool) -> npt.NDArray[np.bool_] | None:
    """The points the data view does not show (n,) bool: the test points when they are hidden; None
    when every point is shown."""
    if show_test:
        return None
    return np.asarray(session.roles == ROLE_TEST)


def fit_range(X: Array) -> tuple[Range, Range]:
    """The x and y ranges that show every point with a margin, and at least the unit square around them
    (the square from -1.5 to 1.5 without points)."""
    if len(X) == 0:
        return (-1.5, 1.5), (-1.5, 1.5)
    lo, hi = X.min(axis=0), X.max(axis=0)
    centre, half = (lo + hi) / 2, np.maximum((hi - lo) / 2, 0.5) * FIT_MARGIN
    return (float(centre[0] - half[0]), float(centre[0] + half[0])), (float(centre[1] - half[1]),
                                                                        float(centre[1] + half[1]))
