"""The numbers the loss-surface view shows: log-scaled losses, the colour bar's round ticks, the arrow's
round scale factor, caption numbers that do not flicker, and the next step W ← W − η·g written out."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from visualnet.presenters.numbers import nice_ceil
from visualnet.translatable import QT_TRANSLATE_NOOP, Message, Translate, untranslated

Array = npt.NDArray[np.float64]
Ticks = list[tuple[float, str]]

LOSS_FLOOR, LOSS_CAP = 1e-6, 1e6  # log-scaled colours: losses clipped into [floor, cap]
ARROW_MIN, ARROW_MAX = 0.08, 0.3  # arrow length as a fraction of the window (normalised diagonal)
ONE_TWO_FIVE = (1.0, 2.0, 5.0, 10.0)  # arrow scales: 1, 2 or 5 × a power of ten


def loss_ticks(lo: float, hi: float, max_ticks: int = 5) -> Ticks:
    """Ticks (log10 position, label) at round losses within [lo, hi] (log10), 2..max_ticks of them."""
    # pyqtgraph's log axis labels whole decades (minor ones only when there is room): a loss
    # that spans less than a decade would get no label at all in a small dock
    decades = range(math.floor(lo) - 1, math.ceil(hi) + 1)
    wide = [((1.0,), every) for every in (1, 2, 3, 5, 10, 20, 50, 100)]
    narrow = [((1.0, 2.0, 5.0), 1), ((1.0, 2.0, 3.0, 5.0), 1), ((1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9), 1)]
    for mantissas, every in wide + narrow:
        values = [m * 10.0**d for d in decades if d % every == 0 for m in mantissas]
        inside = [v for v in values if lo <= math.log10(v) <= hi]
        if 2 <= len(inside) <= max_ticks:
            break
    else:  # a very narrow range: label its two ends
        inside = [10.0**lo, 10.0**hi]
    return [(math.log10(v), _loss_text(v)) for v in inside]


def _loss_text(v: float) -> str:
    """0.08, 0.5, 2, 1e-5: short and exact enough for a colour bar."""
    if 1e-3 <= v < 1e4:
        return f"{float(f'{v:.2g}'):g}"
    exponent = math.floor(math.log10(v))
    return f"{float(f'{v / 10.0**exponent:.2g}'):g}e{exponent}"


def arrow_scale(norm: float, previous: float = 1.0) -> float:
    """The factor that brings an arrow of length `norm` (a fraction of the window) into
    [ARROW_MIN, ARROW_MAX]: 1 if it fits, else a round 1-2-5 number (or its inverse).

    The previous factor is kept while it still fits, so the caption's "×20" stays put while the
    gradient shrinks, instead of changing (and re-laying out the dock) at every frame.
    """
    if ARROW_MIN <= norm <= ARROW_MAX:
        return 1.0
    if ARROW_MIN <= norm * previous <= ARROW_MAX:
        return previous
    # ARROW_MAX / ARROW_MIN = 3.75 > 2.5, the widest gap of 1-2-5: a round factor always fits
    if norm < ARROW_MIN:
        return nice_ceil(ARROW_MIN / norm, ONE_TWO_FIVE)
    return 1.0 / nice_ceil(norm / ARROW_MAX, ONE_TWO_FIVE)


def two_digits(v: float) -> str:
    """651 -> '650', 1234 -> '1,200', 4.56 -> '4.6': a caption number that does not flicker."""
    return f"{float(f'{v:.2g}'):,g}"


def log_loss(surface: Array) -> npt.NDArray[np.float32]:
    """log10 of the loss, clipped into [floor, cap]; NaN (overflowed) counts as the cap; float32."""
    s = np.nan_to_num(surface, nan=LOSS_CAP, posinf=LOSS_CAP, neginf=LOSS_FLOOR)
    return np.ascontiguousarray(np.log10(np.clip(s, LOSS_FLOOR, LOSS_CAP)), dtype=np.float32)


# the step readout: one line per parameter, its update with the numbers filled in and why the minus
# sign (a step against the slope goes downhill), keyed by the slope's sign
SLOPE_SENTENCES = {
    -1: QT_TRANSLATE_NOOP("LossSurface", "{update}   the slope is negative: stepping against it increases "
                          "{name}"),
    1: QT_TRANSLATE_NOOP("LossSurface", "{update}   the slope is positive: stepping against it decreases "
                         "{name}"),
    0: QT_TRANSLATE_NOOP("LossSurface", "{update}   the slope is zero: {name} stays where it is"),
}
FULL_BATCH = QT_TRANSLATE_NOOP("LossSurface", "g is the slope over all {n} training points; a training step "
                               "takes it over a mini-batch of {batch}, so its g differs a little.")
NOT_SGD = QT_TRANSLATE_NOOP("LossSurface", "This is plain SGD's rule; {optimizer} shapes its steps "
                            "differently.")
MOST_DIGITS = 12  # w and its new value get as many significant digits as it takes to tell them apart


def signed(v: float, digits: int = 3, zeros: bool = True) -> str:
    """`v` to `digits` significant digits with a true minus sign: '−0.350', '0.160', '1.00e−05';
    without `zeros` the trailing zeros go: '0.1'."""
    if v == 0:
        return "0"
    text = f"{v:#.{digits}g}" if zeros else f"{v:.{digits}g}"
    return text.rstrip(".").replace("-", "−")


def update_formula(name: str, w: float, g: float, lr: float) -> str:
    """'W1[0,1] ← 0.412 − 0.1 × (−0.35) = 0.447': one SGD step of one parameter, numbers filled in."""
    new = w - lr * g
    digits = 3
    while new != w and digits < MOST_DIGITS and signed(w, digits) == signed(new, digits):
        digits += 1  # a small step: enough digits that the new value visibly differs
    slope = signed(g)
    if g < 0:
        slope = f"({slope})"
    return f"{name} ← {signed(w, digits)} − {signed(lr, 6, zeros=False)} × {slope} = {signed(new, digits)}"


def update_text(names: list[str], values: tuple[float, float], grads: tuple[float, float], lr: float,
                optimizer: str, translate: Translate = untranslated, n_train: int = 0, batch: int = 0) -> str:
    """The next gradient-descent step W ← W − η·g of each parameter, one line each (and a note when
    the optimizer is not plain SGD); "" when a number is not finite."""
    if not all(math.isfinite(v) for v in (*values, *grads, lr)):
        return ""
    lines = []
    for name, w, g in zip(names, values, grads, strict=True):
        sentence = SLOPE_SENTENCES[int(np.sign(g))]
        lines.append(Message(sentence, update=update_formula(name, w, g, lr), name=name).text(translate))
    if 0 < batch < n_train:  # the drawn gradient is the full batch's, as the surface is the full loss
        lines.append(Message(FULL_BATCH, n=n_train, batch=batch).text(translate))
    if optimizer != "SGD":
        lines.append(Message(NOT_SGD, optimizer=optimizer).text(translate))
    return "\n".join(lines)
