"""The status bar's readouts as text, made from the session alone (no Qt): the window only shows them.

Every number is the state at this moment (`Session.current_metrics`), never the last training
step's record: an edit while paused changes them at once. Each loss readout says which loss it is;
the perceptron's shows how many training points it misclassifies, since its criterion can be 0
with a point on the wrong side (a point exactly on the line contributes (y - t)·0 = 0).

The texts are Qt-translatable without importing Qt here: they are marked for lupdate with
`QT_TRANSLATE_NOOP` and translated through the `translate` the window passes in
(`QCoreApplication.translate`); the default leaves them as written.
"""

from __future__ import annotations

import math

from visualnet.session import LOSS_CROSS_ENTROPY, LOSS_PERCEPTRON, LOSS_SQUARED_ERROR, Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Translate, untranslated

CONTEXT = "Readouts"
KEYS = ("iteration", "epoch", "loss", "accuracy")


ITERATION = QT_TRANSLATE_NOOP("Readouts", "iteration {n}")
ITERATION_SHOWN = QT_TRANSLATE_NOOP("Readouts", "iteration {n} of {now} (timeline)")
EPOCH = QT_TRANSLATE_NOOP("Readouts", "epoch {n}")
LOSS_TEXTS = {
    LOSS_CROSS_ENTROPY: QT_TRANSLATE_NOOP("Readouts", "train cross-entropy {loss}"),
    LOSS_SQUARED_ERROR: QT_TRANSLATE_NOOP("Readouts", "train squared error {loss}"),
}
LOSS_TIPS = {
    LOSS_CROSS_ENTROPY: QT_TRANSLATE_NOOP(
        "Readouts", "The loss training minimises, on the training points at the current weights: "
        "the mean cross-entropy of the softmax outputs."),
    LOSS_SQUARED_ERROR: QT_TRANSLATE_NOOP(
        "Readouts", "The loss training minimises, on the training points at the current weights: "
        "E = ½·Σ(y − t)² / N."),
    LOSS_PERCEPTRON: QT_TRANSLATE_NOOP(
        "Readouts", "Training points on the wrong side of the line w·x + b = 0 at the current "
        "weights (the ringed ones). The perceptron rule moves the line only for these."),
}
LOSS_NAMES = {
    LOSS_CROSS_ENTROPY: QT_TRANSLATE_NOOP("Readouts", "cross-entropy"),
    LOSS_SQUARED_ERROR: QT_TRANSLATE_NOOP("Readouts", "squared error"),
    LOSS_PERCEPTRON: QT_TRANSLATE_NOOP("Readouts", "perceptron criterion"),
}
MISCLASSIFIED = QT_TRANSLATE_NOOP("Readouts", "misclassified {wrong} of {n}")
NO_LOSS = QT_TRANSLATE_NOOP("Readouts", "no training points")
ACCURACY = QT_TRANSLATE_NOOP("Readouts", "train accuracy {percent}%")


def status_texts(session: Session, translate: Translate = untranslated) -> dict[str, str]:
    """The texts of the status bar's readouts (KEYS) for the session as it is now."""
    tr = lambda text: translate(CONTEXT, text)  # noqa: E731 - one context for every readout
    trainer, m = session.trainer, session.current_metrics()
    texts = {"iteration": tr(ITERATION).format(n=trainer.iteration),
             "epoch": tr(EPOCH).format(n=trainer.epoch), "accuracy": ""}
    shown = session.shown_iteration
    snapshot = None if shown is None else trainer.timeline.nearest(shown)
    if shown is not None and snapshot is not None:  # the timeline shows an earlier iteration
        texts["iteration"] = tr(ITERATION_SHOWN).format(n=shown, now=trainer.iteration)
        texts["epoch"] = tr(EPOCH).format(n=int(snapshot.epoch))
    if m.n_train == 0:
        texts["loss"] = tr(NO_LOSS)
        return texts
    if m.loss_kind == LOSS_PERCEPTRON:
        texts["loss"] = tr(MISCLASSIFIED).format(wrong=m.misclassified, n=m.n_train)
    else:
        value = f"{m.loss:.4g}" if math.isfinite(m.loss) else "–"
        texts["loss"] = tr(LOSS_TEXTS[m.loss_kind]).format(loss=value)
    if math.isfinite(m.accuracy):
        texts["accuracy"] = tr(ACCURACY).format(percent=percent_text(m.n_train - m.misclassified, m.n_train))
    return texts


def percent_text(right: int, n: int) -> str:
    """right / n as a percentage with one decimal, rounded, but never "100.0" while a point is
    wrong nor "0.0" while one is right (1 wrong of 5,000 is 99.98 %, not 100 % beside a ring)."""
    tenths = (2000 * right + n) // (2 * n)  # integer round-half-up of 1000·right/n
    if right < n:
        tenths = min(tenths, 999)
    if right > 0:
        tenths = max(tenths, 1)
    return f"{tenths // 10}.{tenths % 10}"


def percent(fraction: float, decimals: int = 0) -> str:
    """A fraction in 0..1 as a percentage rounded to `decimals`, but never 100 unless it is 1,
    nor 0 unless it is 0 (an accuracy of 399/400 is "99%", not "100%" beside a ringed point)."""
    step = 10.0 ** -decimals
    value = round(100.0 * fraction, decimals)
    if fraction < 1.0:
        value = min(value, 100.0 - step)
    if fraction > 0.0:
        value = max(value, step)
    return f"{value:.{decimals}f}"


def loss_name(session: Session, translate: Translate = untranslated) -> str:
    """The name of the loss the session's model trains on ("cross-entropy", ...), for labels."""
    return translate(CONTEXT, LOSS_NAMES[session.loss_kind])


def status_tips(session: Session, translate: Translate = untranslated) -> dict[str, str]:
    """Tooltips that say what the loss readout measures (the others need none)."""
    return {"loss": translate(CONTEXT, LOSS_TIPS[session.loss_kind])}
