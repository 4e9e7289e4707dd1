"""What the gradient check view draws: both gradients per block on one scale, their errors, the h sweep.

No Qt. The check runs on the mini-batch the last training step descended along (before the first
step: the whole training set), at the current weights. Relative error of a block: max |a − b| over
its entries divided by max(|a| + |b|) (core.gradient_check.relative_error). The numerical gradient
is of the loss backpropagation differentiates (the cross-entropy without the book's 1e-7), or, when
asked, of the book's loss itself (core.gradient_check explains why they differ).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import gradient_check as gc
from visualnet.core.layers import ActivationLayer, Dropout
from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron
from visualnet.presenters.frame_budget import BUDGET_S, FrameBudget
from visualnet.presenters.numbers import finite
from visualnet.presenters.weights import COLUMN_GAP, MIN_LEVEL, TITLE_ROOM, cell_name, matrix_shape
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, Translate, untranslated

__all__ = [
    "AGREE",
    "BUDGET_S",
    "CLOSE",
    "EXACT_1",
    "HEADER_Y",
    "HOVER_HINT",
    "H_DEFAULT",
    "H_EXPONENTS",
    "LOG_FLOOR",
    "NO_POINTS",
    "X_1",
    "Block",
    "CheckResult",
    "CheckSchedule",
    "Place",
    "Sweep",
    "batch_of",
    "digits",
    "h_text",
    "headers",
    "pair_layout",
    "plotted",
    "run_check",
    "sci",
    "sentences",
    "sweep",
    "sweep_readout",
    "swept_weight",
]

Array = npt.NDArray[np.float64]

AGREE = 1e-6  # below: backpropagation is right (the book sees ~1e-10)
CLOSE = 1e-2  # below: nearly (a kink of ReLU or the step within h of a point, or a float32-like rounding)
# the every-N check may take this much of each 16 ms frame on average; a dearer check waits longer
H_DEFAULT = 1e-4
H_EXPONENTS = np.arange(-50.0, -0.99, 0.25)  # log10 h of the sweep: 1e-50 … 1e-1 in quarter decades
X_1 = 5.0  # the book's point: f'(5) of f(x) = 0.01x² + 0.1x
EXACT_1 = 0.2
HEADER_Y = -TITLE_ROOM - 0.3  # the column headers' baseline, in cells
LOG_FLOOR = 1e-20  # an error of exactly 0 is drawn here (a log axis has no 0)

BACKPROP = QT_TRANSLATE_NOOP("GradientCheck", "backpropagation")
FORMULA = QT_TRANSLATE_NOOP("GradientCheck", "formula")  # the perceptron's gradient is a formula, no layers
NUMERICAL = QT_TRANSLATE_NOOP("GradientCheck", "numerical (h = 1e-4)")
BLOCK_ERROR = QT_TRANSLATE_NOOP("GradientCheck", "error {error}")
LAST_BATCH = QT_TRANSLATE_NOOP("GradientCheck", "the last mini-batch ({n} points)")
FIRST_POINTS = QT_TRANSLATE_NOOP("GradientCheck", "the first {n} training points (no step yet)")
READOUT = QT_TRANSLATE_NOOP("GradientCheck", "Iteration {iteration}, on {batch}: relative error {error}. "
                                             "{verdict}")
VERDICT_AGREE = QT_TRANSLATE_NOOP("GradientCheck", "Backpropagation agrees with the numerical gradient.")
VERDICT_CLOSE = QT_TRANSLATE_NOOP("GradientCheck", "Close: a kink (ReLU, step) within h of a point "
                                                   "makes the two differ a little.")
VERDICT_WRONG = QT_TRANSLATE_NOOP("GradientCheck", "They disagree: the gradient is wrong, or a kink lies "
                                                   "within h of a point.")
VERDICT_KINKS = QT_TRANSLATE_NOOP(
    "GradientCheck",
    "{n} pre-activations lie within h of the kink at 0 (biases start at 0, and a unit that is off everywhere "
    "passes exactly 0 on): there the central difference straddles the kink and the two gradients differ. "
    "Train a few steps and check again.")
VERDICT_L1_KINKS = QT_TRANSLATE_NOOP(
    "GradientCheck",
    "{n} weights lie within h of 0, where L1's |W| has a kink (L1 pulls weights to 0 and keeps them "
    "near it): there the central difference straddles the kink and the two gradients differ.")
KINKED = ("relu", "leaky_relu", "step")  # activations with a kink at 0
DELTA_NOTE = QT_TRANSLATE_NOOP("GradientCheck", "The numerical gradient here is of −log(y + 1e-7), "
                                                "backpropagation's of −log y: they differ by about 1e-7 / y.")
KINK_NOTE = QT_TRANSLATE_NOOP("GradientCheck", "The perceptron criterion mean((y − t)·a) has a kink where a "
                                               "point lies on the line; elsewhere the two agree.")
HOVER = QT_TRANSLATE_NOOP("GradientCheck", "{cell}: backpropagation {backprop}, numerical {numerical}, "
                                           "difference {difference}")
HOVER_HINT = QT_TRANSLATE_NOOP("GradientCheck", "Hover a cell to read both of its values.")
NO_POINTS = QT_TRANSLATE_NOOP("GradientCheck", "No training points to check the gradient on.")
THROTTLED = QT_TRANSLATE_NOOP("GradientCheck", "The check takes {ms} ms, over the budget of {budget} ms a "
                                               "frame: it runs at most every {seconds} s.")
SWEEP_F = QT_TRANSLATE_NOOP("GradientCheck", "h = {h}: f'(5) ≈ {central} (central), {forward} (forward); "
                                             "exact 0.2.")
SWEEP_ZERO = QT_TRANSLATE_NOOP("GradientCheck", "5 + h == 5 in float64, so f(5 + h) − f(5 − h) = 0: the "
                                                "numerical derivative is 0.")
SWEEP_NET = QT_TRANSLATE_NOOP("GradientCheck", "Loss along {weight}: numerical {numerical}, "
                                               "backprop {exact}.")


def sci(value: float) -> str:
    """A number as the readouts write it: 3.2e-10, 0, nan; a real minus sign."""
    if value == 0:
        return "0"
    text = f"{value:.3g}" if 1e-3 <= abs(value) < 1e4 else f"{value:.2e}"
    return "−" + text[1:] if text.startswith("-") else text


def digits(value: float) -> str:
    """Every digit float64 holds (15 significant): what h does shows in the last ones."""
    text = f"{value:.15g}"
    return "−" + text[1:] if text.startswith("-") else text


def sentences(*parts: str) -> str:
    """Whole sentences one after another: a space after an English full stop, none after "。"."""
    text = ""
    for part in filter(None, parts):
        text += part if not text or text.endswith(("。", "：", "；")) else " " + part
    return text


def h_text(h: float) -> str:
    """h as 1e-4 or 3.16e-5."""
    exponent = math.log10(h)
    if abs(exponent - round(exponent)) < 1e-9:
        return f"1e{round(exponent)}"
    return f"{h:.3g}"


# ------------------------------------------------------------------------------------------ the batch

@dataclass(frozen=True)
class Batch:
    """The points the check runs on, and how the readout names them."""

    X: Array
    t: np.ndarray
    name: Message


def batch_of(session: Session) -> Batch | None:
    """The last step's mini-batch (before any step: the first batch_size points); None without points."""
    trainer = session.trainer
    X, t = trainer.X_train, trainer.t_train
    if len(X) == 0:
        return None
    batch = np.asarray(trainer.last_batch, dtype=np.intp)
    batch = batch[batch < len(X)]  # points removed since the step are gone from it
    if trainer.iteration > 0 and len(batch):
        return Batch(X[batch], t[batch], Message(LAST_BATCH, n=len(batch)))
    # no step yet: the first batch_size points (a check costs its time per point: not the whole set)
    first = slice(0, max(1, min(len(X), int(session.config.batch_size))))
    return Batch(X[first], t[first], Message(FIRST_POINTS, n=len(X[first])))


# ------------------------------------------------------------------------------------------ the check

@dataclass(frozen=True)
class Block:
    """One parameter block as drawn: both gradients as matrices, their shared scale ±top, its error."""

    key: str
    shape: tuple[int, ...]
    backprop: Array  # (rows, cols) as drawn: a vector is one row; float64, the numbers compared
    numerical: Array
    top: float
    error: float

    def hover_text(self, row: int, col: int, translate: Translate = untranslated) -> str:
        """'W2[3, 5]: backpropagation −0.0123, numerical −0.0123, difference 1.20e-11'."""
        a, b = float(self.backprop[row, col]), float(self.numerical[row, col])
        return Message(HOVER, cell=cell_name(self.key, self.shape, row, col), backprop=sci(a),
                       numerical=sci(b), difference=sci(abs(a - b))).text(translate)

    def titles(self, translate: Translate = untranslated) -> tuple[str, str]:
        """The block's two titles: '∂L/∂W1  ±0.12' over backprop, 'error 3.2e-10' over numerical."""
        error = Message(BLOCK_ERROR, error=sci(self.error)).text(translate)
        return f"∂L/∂{self.key}  ±{self.top:.2g}", error


def headers(perceptron: bool, translate: Translate = untranslated) -> tuple[str, str]:
    """The two columns' names: backpropagation (the perceptron: its formula) and numerical."""
    return (FORMULA if perceptron else BACKPROP).in_language(translate), NUMERICAL.in_language(translate)


@dataclass(frozen=True)
class CheckResult:
    """A finished check: the blocks in the model's order, the overall error and where it ran."""

    blocks: list[Block]
    overall: float
    iteration: int
    batch: Message
    perceptron: bool
    with_delta: bool = False
    kinks: int = 0  # pre-activations within h of a kink (ReLU, leaky ReLU, step) on the batch
    l1_kinks: int = 0  # weights within h of L1's kink at W = 0

    @property
    def shapes(self) -> dict[str, tuple[int, ...]]:
        """The parameter shapes the check saw (a new network makes it stale)."""
        return {b.key: b.shape for b in self.blocks}

    def readout(self, translate: Translate = untranslated) -> str:
        """What the line under the heatmaps says."""
        verdict: str | Message = VERDICT_WRONG
        if self.overall < AGREE:
            verdict = VERDICT_AGREE
        elif self.overall < CLOSE:
            verdict = VERDICT_CLOSE
        elif self.kinks:  # not a wrong gradient: the numerical one straddles a kink
            verdict = Message(VERDICT_KINKS, n=self.kinks)
        elif self.l1_kinks:  # likewise: L1's |W| at a weight within h of 0
            verdict = Message(VERDICT_L1_KINKS, n=self.l1_kinks)
        text = Message(READOUT, iteration=self.iteration, batch=self.batch, error=sci(self.overall),
                       verdict=verdict).text(translate)
        if self.perceptron:
            return sentences(text, KINK_NOTE.in_language(translate))
        return sentences(text, DELTA_NOTE.in_language(translate)) if self.with_delta else text


def run_check(session: Session, with_delta: bool = False) -> CheckResult | None:
    """Compare both gradients on the check's batch at the current weights; None without points.

    `with_delta`: the numerical gradient of the book's cross-entropy, log(y + 1e-7), as the model
    computes its loss (else of the loss backpropagation differentiates).
    """
    batch = batch_of(session)
    if batch is None:
        return None
    model = session.model
    with_delta = with_delta and model.task == "classification" and not isinstance(model, Perceptron)
    found = gc.compare(model, batch.X, batch.t, with_delta)
    blocks = []
    for key, p in model.params.items():
        a, b = _as_matrix(found.backprop[key]), _as_matrix(found.numerical[key])
        top = max(float(np.max(np.abs(a), initial=0.0)), float(np.max(np.abs(b), initial=0.0)), MIN_LEVEL)
        blocks.append(Block(key, tuple(np.shape(p)), a, b, top, found.errors[key]))
    kinks = kinks_near(model, batch.X, H_DEFAULT, found.masks)
    return CheckResult(blocks, found.overall, session.trainer.iteration, batch.name,
                       isinstance(model, Perceptron), with_delta, kinks, weights_near_zero(model, H_DEFAULT))


def kinks_near(model: object, X: Array, h: float, masks: gc.Masks = None) -> int:
    """How many pre-activations on X lie within h of the kink at 0 of a ReLU, leaky ReLU or step: where
    a central difference sees both sides of it, and disagrees with backpropagation for that alone.
    With dropout, through the masks the check used (a row of dropped units gives z = b exactly)."""
    if not isinstance(model, MLP) or model.activation_name not in KINKED:
        return 0
    count, x, d = 0, model.input_columns(X), 0
    for layer in model.layers[model.features is not None:]:  # the Affine, activation, dropout layers
        if isinstance(layer, ActivationLayer):
            count += int(np.count_nonzero(np.abs(x) < h))  # x: the activation's input
        if isinstance(layer, Dropout):
            x = x * masks[d] if masks is not None and masks[d] is not None else x * (1.0 - layer.ratio)
            d += 1
        else:
            x = layer.forward(x)
    return count


def weights_near_zero(model: object, h: float) -> int:
    """With an L1 penalty, the weights within h of |W|'s kink at 0 (L1 holds many weights there)."""
    if not isinstance(model, MLP) or model.penalty != "l1" or model.penalty_rate == 0.0:
        return 0
    return sum(int(np.count_nonzero(np.abs(model.params[f"W{i}"]) < h)) for i in range(1, model.n_layers + 1))


def _as_matrix(a: np.ndarray) -> Array:
    m = a if a.ndim == 2 else a.reshape(1, -1)
    return np.ascontiguousarray(finite(m))


@dataclass(frozen=True)
class Place:
    """Where a block's two heatmaps go, in cell units (y grows downwards): backprop left, numerical right."""

    key: str
    x_backprop: float
    x_numerical: float
    y: float
    rows: int
    cols: int


def pair_layout(shapes: dict[str, tuple[int, ...]]) -> tuple[list[Place], tuple[float, float, float, float]]:
    """One row per block, the two gradients side by side; and the canvas (x, y, width, height)."""
    drawn = {k: matrix_shape(s) for k, s in shapes.items()}
    width = max([4.0, *(c for _, c in drawn.values())])  # room for a short title over a narrow block
    places, y = [], 0.0
    for key, (rows, cols) in drawn.items():
        places.append(Place(key, 0.0, width + COLUMN_GAP, y, rows, cols))
        y += rows + TITLE_ROOM
    top = 2 * TITLE_ROOM  # the column headers above the first block's titles
    bottom = max(y - TITLE_ROOM, 1.0) + 0.2  # the last block's lower edge, and a margin
    return places, (-0.2, -top, 2 * width + COLUMN_GAP + 0.4, bottom + top)


# ------------------------------------------------------------------------------------------ every N steps

class CheckSchedule(FrameBudget):
    """When the every-N-steps check runs: after N steps, and never more often than its cost allows."""

    def __init__(self, every: int = 10) -> None:
        super().__init__(THROTTLED)  # the last check's cost alone
        self.every = every
        self.steps = 0

    def stepped(self, n: int, now: float) -> bool:
        """n more training steps were taken; True when a check is due now."""
        self.steps += n
        return self.steps >= self.every and self.due(now)

    def ran(self, cost: float, now: float) -> None:
        """A check ran at `now` (any trigger) and took `cost` seconds."""
        self.steps = 0
        super().ran(cost, now)


# ------------------------------------------------------------------------------------------ the h sweep

@dataclass(frozen=True)
class Sweep:
    """|numerical − exact| against h: the book's f with central and forward differences, and the loss."""

    h: Array
    f_central: Array
    f_forward: Array
    net: Array | None  # along one weight of the network (None without points)
    weight: str
    net_exact: float
    masks: gc.Masks = None  # the dropout masks backprop drew for net_exact (the loss along them)


def _errors(f: Callable[[float], float], x: float, exact: float, hs: Array,
            diff: Callable[..., float]) -> Array:
    with np.errstate(all="ignore"):
        return np.array([abs(diff(f, x, float(h)) - exact) for h in hs])


def swept_weight(session: Session) -> tuple[str, int]:
    """(key, flat index) of the weight the loss is swept along: the loss surface's first parameter."""
    key, index = session.surface_params[0]
    params = session.model.params
    if key in params and 0 <= index < params[key].size:
        return key, int(index)
    return next(iter(params)), 0


def sweep(session: Session | None = None, hs: Array | None = None) -> Sweep:
    """The errors over `hs` (default 1e-50 … 1e-1); the loss along one weight on the check's batch."""
    hs = 10.0 ** H_EXPONENTS if hs is None else np.asarray(hs, dtype=np.float64)
    f = gc.function_1
    central = _errors(f, X_1, EXACT_1, hs, gc.central_diff)
    forward = _errors(f, X_1, EXACT_1, hs, gc.forward_diff)
    batch = batch_of(session) if session is not None else None
    if session is None or batch is None:
        return Sweep(hs, central, forward, None, "", math.nan)
    model = session.model
    key, index = swept_weight(session)
    exact = float(model.gradient(batch.X, batch.t)[key].reshape(-1)[index])
    masks = model.last_masks() if isinstance(model, MLP) and model.drops else None
    loss = gc.loss_along(model, batch.X, batch.t, key, index, masks)
    w = float(model.params[key].reshape(-1)[index])
    net = _errors(loss, w, exact, hs, gc.central_diff)
    shape = model.params[key].shape
    weight = cell_name(key, shape, *(np.unravel_index(index, shape) if len(shape) == 2 else (0, index)))
    return Sweep(hs, central, forward, net, weight, exact, masks)


def plotted(errors: Array) -> Array:
    """Errors as a log axis can draw them: 0 at LOG_FLOOR, nan/inf dropped to the floor too."""
    return np.where(np.isfinite(errors) & (errors > 0), errors, LOG_FLOOR)


def sweep_readout(found: Sweep, h: float, session: Session | None = None,
                  translate: Translate = untranslated) -> str:
    """What h does at the chosen h: f'(5) both ways, 0 at tiny h, and the loss along a weight."""
    f = gc.function_1
    central = gc.central_diff(f, X_1, h)
    forward = gc.forward_diff(f, X_1, h)
    parts = [Message(SWEEP_F, h=h_text(h), central=digits(central), forward=digits(forward)).text(translate)]
    if central == 0.0:
        parts.append(SWEEP_ZERO.in_language(translate))
    batch = batch_of(session) if session is not None else None
    if session is not None and batch is not None and found.net is not None:
        key, index = swept_weight(session)
        w = float(session.model.params[key].reshape(-1)[index])
        with np.errstate(all="ignore"):
            along = gc.loss_along(session.model, batch.X, batch.t, key, index, found.masks)
            numerical = gc.central_diff(along, w, h)
        parts.append(Message(SWEEP_NET, weight=found.weight, numerical=digits(numerical),
                             exact=digits(found.net_exact)).text(translate))
    return sentences(*parts)

