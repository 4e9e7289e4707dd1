"""What the loss curve view draws, from the session's History: series, axis ranges, epoch marks, readout.

With a penalty (L2 / L1) the History's training loss is the data loss alone: the penalty and the sum
the gradient descends (data loss + penalty) are series of their own. The learning rate in use is a
series too, drawn on a log axis of its own (a schedule moves it by decades).

No Qt: the view (visualnet/app/views/loss_curve_view.py) pushes these arrays into its items and paints.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import features
from visualnet.core.mlp import MLP
from visualnet.presenters.numbers import nice_ceil
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Marked, Translate, untranslated

Array = npt.NDArray[np.float64]
Series = dict[str, tuple[Array, Array]]  # name -> (iterations, values), finite values only
Range = tuple[tuple[float, float], tuple[float, float]]  # ((x0, x1), (y0, y1))

LOG_FLOOR = 1e-12  # a loss of exactly 0 has no logarithm
X_MIN_SPAN = 10.0  # the iteration axis shows at least 0..10
MIN_EPOCH_GAP_PX = 12.0  # closer epoch marks would grey the plot out: show every 2nd, 4th, ... then
EPOCH_MARK_Y = (-1.0, 2.0)  # a mark's ends on the accuracy axis: past its 0..1, so it spans the plot
LOSSES = ("train", "val", "test")
NO_LOSS_YET = QT_TRANSLATE_NOOP("LossCurve", "No loss yet: add training points.")
ITERATION = QT_TRANSLATE_NOOP("LossCurve", "iteration {n}")
ACCURACY = QT_TRANSLATE_NOOP("LossCurve", "accuracy {values}")
SET_NAMES = {"train": QT_TRANSLATE_NOOP("LossCurve", "train"), "val": QT_TRANSLATE_NOOP("LossCurve", "val"),
             "test": QT_TRANSLATE_NOOP("LossCurve", "test")}
# the legend's rows: what each curve is
CURVE_NAMES = {
    "train": QT_TRANSLATE_NOOP("LossCurve", "train loss"),
    "val": QT_TRANSLATE_NOOP("LossCurve", "val loss"),
    "test": QT_TRANSLATE_NOOP("LossCurve", "test loss"),
    "train_acc": QT_TRANSLATE_NOOP("LossCurve", "train acc"),
    "val_acc": QT_TRANSLATE_NOOP("LossCurve", "val acc"),
    "test_acc": QT_TRANSLATE_NOOP("LossCurve", "test acc"),
    # with a penalty (L2 / L1): the training loss is the data loss, and the gradient descends the sum
    "train_data": QT_TRANSLATE_NOOP("LossCurve", "train data loss"),
    "penalty": QT_TRANSLATE_NOOP("LossCurve", "penalty"),
    "total": QT_TRANSLATE_NOOP("LossCurve", "data loss + penalty"),
    "lr": QT_TRANSLATE_NOOP("LossCurve", "learning rate"),
}
PENALTY = QT_TRANSLATE_NOOP("LossCurve", "penalty {value}")
PENALTY_CURVES = ("penalty", "total")  # on the loss axis, after the training loss

# the run before the last change of model settings, drawn faintly to compare with ("previous")
PREVIOUS = QT_TRANSLATE_NOOP("LossCurve", "previous run")
PREVIOUS_WITH = QT_TRANSLATE_NOOP("LossCurve", "previous run ({settings})")
SETTING_TEXTS = {  # activation names stay as the course writes them (sigmoid, ReLU …)
    "hidden": QT_TRANSLATE_NOOP("LossCurve", "hidden {value}"),
    "seed": QT_TRANSLATE_NOOP("LossCurve", "seed {value}"),
    "init": QT_TRANSLATE_NOOP("LossCurve", "init {value}"),
    "features": QT_TRANSLATE_NOOP("LossCurve", "inputs {value}"),
}
# He and Xavier are names: the same in every language
INIT_NAMES: dict[str, str] = {"auto": QT_TRANSLATE_NOOP("LossCurve", "auto"), "he": "He", "xavier": "Xavier",
                              "zeros": QT_TRANSLATE_NOOP("LossCurve", "zeros")}
MODEL_NAMES = {"Perceptron": QT_TRANSLATE_NOOP("LossCurve", "perceptron"),
               "MLP": QT_TRANSLATE_NOOP("LossCurve", "MLP")}


def _setting_text(key: str, value: object, translate: Translate) -> str:
    if key == "model" and str(value) in MODEL_NAMES:
        return MODEL_NAMES[str(value)].in_language(translate)
    if key == "hidden" and isinstance(value, tuple | list):
        value = ",".join(str(v) for v in value)
    if key == "features" and isinstance(value, tuple | list):
        value = ", ".join(features.LABELS.get(str(f), str(f)) for f in value)
    if key == "init" and str(value) in INIT_NAMES:
        name = INIT_NAMES[str(value)]
        value = name.in_language(translate) if isinstance(name, Marked) else name
    elif key == "init":
        value = f"σ = {value}"
    template = SETTING_TEXTS.get(key)
    return str(value) if template is None else template.in_language(translate).format(value=value)


def previous_name(settings: Mapping[str, object], translate: Translate = untranslated) -> str:
    """The legend's name of the previous run: what it was trained with, where a setting changed."""
    if not settings:
        return PREVIOUS.in_language(translate)
    parts = ", ".join(_setting_text(k, v, translate) for k, v in settings.items())
    return PREVIOUS_WITH.in_language(translate).format(settings=parts)


def expected_series(classification: bool, n_val: int, n_test: int, penalty: bool = False,
                    lr: bool = False) -> tuple[str, ...]:
    """The series a task and split produce (the legend's rows): validation/test only when those sets exist;
    the penalty and data loss + penalty after the training loss when there is a `penalty`, the learning
    rate last when `lr` is shown."""
    keys = ["train", *PENALTY_CURVES * penalty] + ["val"] * (n_val > 0) + ["test"] * (n_test > 0)
    if classification:
        # one held-out accuracy is enough to see over-fitting: validation, else test
        keys += ["train_acc", "val_acc" if n_val else "test_acc"] if n_val or n_test else ["train_acc"]
    return (*keys, *("lr",) * lr)


def history_series(iteration: Array, columns: Mapping[str, Array]) -> Series:
    """(iterations, values) per column ("train" for train_loss, "train_acc", ...), non-finite values out."""
    it = np.asarray(iteration, float)
    out: Series = {}
    for name, values in columns.items():
        y = np.asarray(values, float)
        keep = np.isfinite(y)
        out[name] = (it, y) if keep.all() else (it[keep], y[keep])
    return out


def on_log_axis(y: Array) -> Array:
    """Losses as a log axis places them: log10, with 0 floored at LOG_FLOOR."""
    return np.log10(np.maximum(y, LOG_FLOOR))


def extent(curves: list[tuple[Array, Array]]) -> tuple[float, float, float] | None:
    """(last x, lowest y, highest y) of the curves that have points, or None when none has."""
    drawn = [(x, y) for x, y in curves if len(x)]
    if not drawn:
        return None
    return (max(float(x[-1]) for x, _ in drawn), min(float(y.min()) for _, y in drawn),
            max(float(y.max()) for _, y in drawn))


def lr_range(log_lr: Array) -> tuple[float, float]:
    """The learning-rate axis (log10 units): the whole decades its values span, at least one decade."""
    finite = log_lr[np.isfinite(log_lr)]
    if finite.size == 0:
        return -3.0, 0.0
    lo, hi = math.floor(float(finite.min())), math.ceil(float(finite.max()))
    return float(lo), float(max(hi, lo + 1))


def snapped_range(x1: float, y0: float, y1: float, log: bool) -> Range:
    """The axis ranges for data reaching x1 and spanning y0..y1, snapped outward to round numbers.

    x runs from 0 to the next 1-1.5-2-3-4-5-6-8 number ≥ 1.1 × the last iteration (at least 0..10);
    the loss from 0 (or minus a round number) to the next such number above its maximum, or over
    whole decades when `log` (y0, y1 are then log10 values). A flat curve still gets a range of
    some height: an axis of zero height has no scale.
    """
    x1 = nice_ceil(max(1.1 * x1, X_MIN_SPAN))
    if log:
        y0, y1 = math.floor(y0 - 0.02), math.ceil(y1 + 0.02)
    else:
        y0 = 0.0 if y0 >= 0 else -nice_ceil(-y0)
        y1 = nice_ceil(1.05 * y1) if y1 > 0 else 1.0
    return (0.0, x1), (float(y0), float(max(y1, y0 + 1e-9)))


def peak_decimate(x: Array, y: Array, x_range: tuple[float, float], columns: int) -> tuple[Array, Array]:
    """The points of the curve (x ascending) worth drawing when x_range spans `columns` pixels.

    Only the visible stretch is kept (plus one point either side, so the line leaves the view
    instead of stopping short). Beyond about two points per pixel column, each run of k points is
    replaced by its maximum and minimum at the run's first x: a vertical stroke covering the same
    pixels, so every spike stays visible (pyqtgraph's "peak" downsampling, without its per-call
    overhead). The points after the last whole run are kept as they are, so the curve still ends
    exactly at its newest point.
    """
    lo, hi = x_range
    i0 = max(int(np.searchsorted(x, lo, "left")) - 1, 0)
    i1 = min(int(np.searchsorted(x, hi, "right")) + 1, len(x))
    x, y = x[i0:i1], y[i0:i1]
    n = len(x)
    budget = 2 * max(columns, 1)
    if n <= budget:
        return x, y
    k = -(-2 * n // budget)  # ceil: points per run, two drawn per run
    runs = (n - 1) // k  # at least the newest point is left as it is
    head = y[: runs * k].reshape(runs, k)
    xs = np.repeat(x[: runs * k: k], 2)
    ys = np.column_stack([head.max(axis=1), head.min(axis=1)]).ravel()
    return np.concatenate([xs, x[runs * k:]]), np.concatenate([ys, y[runs * k:]])


def epoch_marks(ends: Array, numbers: npt.NDArray[np.int64], span_px: float) -> tuple[Array, Array]:
    """The epoch marks to draw as (x, y) point pairs, one vertical segment per kept epoch end.

    Every k-th epoch only when they would crowd together (closer than MIN_EPOCH_GAP_PX over a plot
    `span_px` wide); k a power of two, so the kept marks stay put as training goes on (no flicker).
    """
    ends = np.asarray(ends, float)
    if len(ends) > 1:
        crowding = len(ends) * MIN_EPOCH_GAP_PX / max(span_px, 1.0)
        k = 1 << max(0, math.ceil(math.log2(max(crowding, 1.0))))
        if k > 1:
            ends = ends[np.asarray(numbers) % k == 0]
    return np.repeat(ends, 2), np.tile(np.asarray(EPOCH_MARK_Y), len(ends))


# next to a CJK character (a line may break between any two of them: "训|练")
_BESIDE_CJK = re.compile("(?<=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])(?=\\S)"
                         "|(?<=\\S)(?=[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef])")


def unbreakable(text: str) -> str:
    """`text` as one piece for a line break: its spaces non-breaking (HTML), and a word joiner (U+2060)
    beside each Chinese character; English text only gets its spaces changed."""
    return _BESIDE_CJK.sub("\u2060", text).replace(" ", "&nbsp;")


def readout(series: Series, loss_name: str, classification: bool, colors: Mapping[str, str],
            percent: Callable[[float], str], translate: Translate = untranslated) -> str:
    """The last value of each series, coloured as its curve: 'iteration 200 · loss train 0.08 …' (HTML)."""
    x = series["train"][0]
    if len(x) == 0:
        return NO_LOSS_YET.in_language(translate)
    sets = [k for k in LOSSES if len(series[k][1])]
    names = {k: unbreakable(SET_NAMES[k].in_language(translate)) for k in sets}
    # non-breaking spaces inside a group: a narrow dock wraps between groups, not inside one
    losses = ", ".join(f"<span style='color:{colors[k]};white-space:nowrap'>{names[k]}&nbsp;"
                       f"{series[k][1][-1]:.3g}</span>" for k in sets)
    iteration = unbreakable(ITERATION.in_language(translate).format(n=int(x[-1])))
    parts = [iteration, f"{loss_name} {losses}"]
    if len(series.get("penalty", ((), ()))[1]):  # a run with a penalty: what it adds to the training loss
        value = PENALTY.in_language(translate).format(value=f"{series['penalty'][1][-1]:.3g}")
        parts.append(f"<span style='color:{colors.get('penalty', '')};white-space:nowrap'>"
                     f"{unbreakable(value)}</span>")
    if classification:
        accs = ", ".join(f"{names[k]}&nbsp;{percent(series[k + '_acc'][1][-1])}%" for k in sets
                         if len(series[k + "_acc"][1]))
        accuracy = ACCURACY.in_language(translate).format(values=accs)
        parts.append(f"<span style='color:{colors['accuracy']}'>{accuracy}</span>")
    return " · ".join(parts)


@dataclass(frozen=True)
class CurvesFrame:
    """What the plot shows of the history at one moment."""

    losses: Series  # "train", "val", "test": as the loss axis places them (log10 on a log axis)
    accuracies: Series  # "train", "val", "test": empty arrays for one the legend does not show
    extent: tuple[float, float, float] | None  # of the losses: (last x, lowest y, highest y)
    series: Series  # every column as recorded (finite values), for the readout
    lr: tuple[Array, Array]  # (iterations, log10 of the learning rate); empty when not shown


class LossCurvePresenter:
    """Turns the session's History into what the loss curve view draws."""

    def __init__(self, session: Session) -> None:
        self.session = session

    @property
    def classification(self) -> bool:
        """Whether accuracies exist (and are drawn on the second axis)."""
        return self.session.task == "classification"

    def has_penalty(self) -> bool:
        """Whether the run has a penalty: History.penalty nonzero at some record."""
        penalty = np.asarray(self.session.history.penalty, float)
        return bool(np.any(np.isfinite(penalty) & (penalty != 0)))

    def legend_rows(self, lr: bool = False) -> tuple[str, ...]:
        """The series this task and split produce (the learning rate too, when `lr`), and the previous
        run's loss where one is kept."""
        _, n_val, n_test = self.session.role_counts()
        rows = expected_series(self.classification, n_val, n_test, self.has_penalty(), lr)
        return (*rows, "previous") if self.session.previous_run is not None else rows

    def previous_name(self, translate: Translate = untranslated) -> str:
        """The previous run's name in the legend ("" without one)."""
        run = self.session.previous_run
        return "" if run is None else previous_name(run.settings, translate)

    def series(self) -> Series:
        """(iterations, values) per series of the history, each with its non-finite entries dropped."""
        h = self.session.history
        columns = {}
        for key in LOSSES:
            columns[key] = np.asarray(getattr(h, f"{key}_loss"), float)
            columns[f"{key}_acc"] = np.asarray(getattr(h, f"{key}_acc"), float)
        columns["penalty"] = np.asarray(h.penalty, float)
        columns["total"] = columns["train"] + columns["penalty"]  # what the gradient descends
        columns["lr"] = np.asarray(h.lr, float)
        return history_series(np.asarray(h.iteration, float), columns)

    def frame(self, log: bool, rows: tuple[str, ...]) -> CurvesFrame:
        """The curves to draw: losses on a log axis when `log`, the accuracies of the legend's `rows`."""
        series = self.series()
        empty = (np.empty(0), np.empty(0))
        run = self.session.previous_run
        if run is not None:  # compared on the same axes, so it counts in the range too
            series["previous"] = history_series(run.iteration, {"previous": run.train_loss})["previous"]
        drawn = [k for k in (*LOSSES, *PENALTY_CURVES, "previous") if k in series
                 and (k not in PENALTY_CURVES or k in rows)]
        losses = {k: (series[k][0], on_log_axis(series[k][1])) if log else series[k] for k in drawn}
        if log and "penalty" in drawn:  # a penalty of 0 (before it was turned on) has no logarithm
            x, y = series["penalty"]  # (the readout keeps the whole column: 0 is a value to tell)
            losses["penalty"] = (x[y > 0], on_log_axis(y[y > 0]))
        for key in (*PENALTY_CURVES, "previous"):
            losses.setdefault(key, empty)
        accuracies = {k: series[f"{k}_acc"] if f"{k}_acc" in rows else empty for k in LOSSES}
        it, rate = series["lr"]
        keep = rate > 0  # a rate has a logarithm only when positive
        lr = (it[keep], np.log10(rate[keep])) if "lr" in rows else empty
        if "penalty" not in rows:
            series.pop("penalty")
        readout = self._readout_series(series)
        return CurvesFrame(losses, accuracies, extent(list(losses.values())), readout, lr)

    def _readout_series(self, series: Series) -> Series:
        """What the readout tells: the newest records, or, while the timeline shows an earlier
        iteration, the shown weights' own losses and accuracies (measured now, never a nearby record)."""
        shown = self.session.shown_iteration
        if shown is None:
            return series
        metrics = self.session.trainer.evaluate()._asdict()
        at = np.array([float(shown)])
        found: Series = {}
        for key in LOSSES:
            for column, name in ((f"{key}_loss", key), (f"{key}_acc", f"{key}_acc")):
                value = float(metrics[column])
                found[name] = (at, np.array([value])) if math.isfinite(value) else (np.empty(0), np.empty(0))
        if "penalty" in series:  # the shown weights' own penalty (the model holds them while shown)
            model = self.session.model
            found["penalty"] = (at, np.array([model.penalty_value() if isinstance(model, MLP) else 0.0]))
        return found

    def epoch_marks(self, span_px: float) -> tuple[Array, Array]:
        """The epoch marks as (x, y) point pairs for a plot `span_px` wide."""
        h = self.session.history
        return epoch_marks(np.asarray(h.epoch_marks, float), np.asarray(h.epoch_mark_numbers), span_px)
