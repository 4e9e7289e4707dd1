"""What the forward-pass inspector writes: each formula with its matrices side by side, shapes above them.

`sections` turns a pass (visualnet.presenters.inspector) into headings, sentences and equations, every
matrix a `Shown` (its entries as text, the first rows and columns); `to_html` lays them out as
preformatted text, columns aligned — a QTextDocument lays that out about ten times faster than tables,
which matters for a view that is rewritten every training step.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np

from visualnet.core import features as input_features
from visualnet.presenters.inspector import NetworkPass, Pass, PerceptronPass, Softmax, shape_text
from visualnet.translatable import QT_TRANSLATE_NOOP, Translate, untranslated

__all__ = ["DIGITS", "Shown", "number", "sections", "shown", "to_html"]

Array = np.ndarray

DIGITS = 5  # significant digits shown: the tests compare to this precision
MAX_ROWS = 10  # rows shown (then ⋮): a batch's first, a weight matrix of a wide layer's first
MAX_COLS = 10  # columns shown (then …)
HIGHLIGHT = "background-color:#ffe9a8; color:#000000"  # the entry followed, and what made it
BAD = "color:#d62728; font-weight:bold"  # inf and nan


def number(v: float) -> str:
    """A number as the inspector shows it: DIGITS significant digits; inf and nan as numpy prints them."""
    return f"{float(v):.{DIGITS}g}"


@dataclass(frozen=True)
class Shown:
    """A matrix as shown: its name, its shape, and its first rows and columns as text."""

    name: str
    shape: str
    cells: list[list[str]]
    marks: list[list[str]]  # per cell: "" or the style of a highlighted or overflowed entry
    more_rows: bool
    more_cols: bool


def shown(name: str, a: Array, column: int | None = None, bad: Array | None = None) -> Shown:
    """`a` (a vector is one row) with entry column `column` highlighted and the `bad` ones marked."""
    rows = np.atleast_2d(a)
    flags = np.zeros(rows.shape, bool) if bad is None else np.atleast_2d(bad)
    r, c = min(len(rows), MAX_ROWS), min(rows.shape[1], MAX_COLS)
    cells = [[number(rows[i, j]) for j in range(c)] for i in range(r)]
    marks = [[BAD if flags[i, j] or not np.isfinite(rows[i, j]) else HIGHLIGHT if j == column else ""
              for j in range(c)] for i in range(r)]
    return Shown(name, shape_text(np.asarray(a)), cells, marks, len(rows) > r, rows.shape[1] > c)


Equation = tuple[Shown | str, ...]  # matrices and the operators between them
Section = tuple[str, str | Equation]  # ("h", heading) | ("p", sentence) | ("eq", equation)

HEAD_LAYER = QT_TRANSLATE_NOOP("Inspector", "Layer {i}: A{i} = {x} · W{i} + b{i}")
HEAD_ACTIVATION = QT_TRANSLATE_NOOP("Inspector", "Activation: Z{i} = h(A{i}), h = {name}")
HEAD_SCORES = QT_TRANSLATE_NOOP("Inspector", "Output scores: y = A{i} (identity output)")
HEAD_SOFTMAX = QT_TRANSLATE_NOOP(
    "Inspector", "softmax, the stable way: subtract the maximum c, exponentiate, divide by the sum")
SUMS_TO_ONE = QT_TRANSLATE_NOOP("Inspector", "The probabilities of each row sum to {total}.")
PREDICTED = QT_TRANSLATE_NOOP("Inspector", "Predicted class: {k}.")
PREDICTED_BATCH = QT_TRANSLATE_NOOP("Inspector", "Predicted classes: {classes}")
ARGMAX_NOTE = QT_TRANSLATE_NOOP(
    "Inspector",
    "The predicted class needs no softmax: softmax keeps the order of the scores, so argmax of the "
    "scores is the same class.")
LOSS_CE = QT_TRANSLATE_NOOP(
    "Inspector",
    "Loss of this point (cross-entropy, label t = {t}): E = −log(p_t + 1e-7) = −log({p} + 1e-7) = {loss}")
LOSS_CE_BATCH = QT_TRANSLATE_NOOP(
    "Inspector", "Loss of the batch (cross-entropy): E = −(1/N) Σ log(p_t + 1e-7) = {loss}")
LOSS_SE = QT_TRANSLATE_NOOP(
    "Inspector",
    "Loss of this point (squared error, target t = {t}): E = ½ Σ (y − t)² = ½ ({y} − {t})² = {loss}")
LOSS_SE_BATCH = QT_TRANSLATE_NOOP(
    "Inspector", "Loss of the batch (squared error): E = (1/N) Σ ½ Σ (y − t)² = {loss}")
NO_LABEL = QT_TRANSLATE_NOOP(
    "Inspector", "This point has no label: pick a point of the data to see its loss.")
HEAD_OVERFLOW = QT_TRANSLATE_NOOP(
    "Inspector",
    "Overflow: the same scores + 1000. The naive exp(s) / Σ exp(s) overflows (inf, nan in red); "
    "the stable softmax gives the same probabilities as before: adding a constant changes nothing.")
NAIVE = QT_TRANSLATE_NOOP("Inspector", "naive")
STABLE = QT_TRANSLATE_NOOP("Inspector", "stable")
HEAD_PERCEPTRON = QT_TRANSLATE_NOOP("Inspector", "Perceptron: a = x · w + b, y = 1 if a > 0 else 0")
PERCEPTRON_OUT = QT_TRANSLATE_NOOP("Inspector", "a = {a}, so y = {y}.")
RULE_NONE = QT_TRANSLATE_NOOP("Inspector", "Label t = {t} = y: the rule would not update on this point.")
RULE_UPDATE = QT_TRANSLATE_NOOP(
    "Inspector",
    "Label t = {t} ≠ y: the rule would update, w ← w + η (t − y) x = w + ({dw}), "
    "b ← b + η (t − y) = b + ({db}), with η = {lr}.")
RULE_BATCH = QT_TRANSLATE_NOOP("Inspector", "The rule would update on {n} of these {total} points.")
RULE_AVERAGED = QT_TRANSLATE_NOOP("Inspector", "A training step takes the mean over its mini-batch of {b} "
                                  "points: this point alone moves w and b by 1/{b} of that.")


FEATURES_NOTE = QT_TRANSLATE_NOOP("Inspector", "Input features: the network takes {labels}, computed from "
                                                "each point (x₁, x₂).")
DROPOUT_NOTE = QT_TRANSLATE_NOOP("Inspector", "Dropout at evaluation: every unit stays on, and Z{i} "
                                              "is multiplied by 1 − {ratio} = {keep}, as the book's Dropout "
                                              "layer does.")


def sections(p: Pass, translate: Translate = untranslated, show_overflow: bool = False) -> list[Section]:
    """The pass as headings, sentences and equations, in the language `translate` speaks."""
    if isinstance(p, PerceptronPass):
        return _perceptron_sections(p, translate)
    return _network_sections(p, translate, show_overflow)


def _network_sections(p: NetworkPass, tr: Translate, show_overflow: bool) -> list[Section]:
    out: list[Section] = []
    last = len(p.layers)
    # the entry followed (one point): the predicted class's score, made by that column of W and b
    top = int(p.predicted[0]) if p.predicted is not None and len(p.predicted) == 1 else None
    if p.features is not None and p.points is not None:
        labels = ", ".join(input_features.LABELS[f] for f in p.features)
        out.append(("p", FEATURES_NOTE.in_language(tr).format(labels=labels)))
        out.append(("eq", (shown("(x₁, x₂)", p.points), "→", shown("X", p.inputs))))
    x = "X"
    for layer in p.layers:
        i = layer.index
        col = top if i == last else None
        out.append(("h", HEAD_LAYER.in_language(tr).format(i=i, x=x)))
        out.append(("eq", (shown(x, layer.inputs), "·", shown(f"W{i}", layer.W, col), "+",
                           shown(f"b{i}", layer.b, col), "=", shown(f"A{i}", layer.A, col))))
        if layer.Z is not None:
            out.append(("p", HEAD_ACTIVATION.in_language(tr).format(i=i, name=p.activation)))
            out.append(("eq", (shown(f"A{i}", layer.A), "→", shown(f"Z{i}", layer.Z))))
            x = f"Z{i}"
            if layer.keep != 1.0:  # the next layer takes D = Z·(1 − ratio)
                out.append(("p", DROPOUT_NOTE.in_language(tr).format(i=i, ratio=number(1.0 - layer.keep),
                                                                      keep=number(layer.keep))))
                x = f"D{i}"
                out.append(("eq", (shown(f"Z{i}", layer.Z), "×", number(layer.keep), "=",
                                   shown(x, layer.Z * layer.keep))))
    if p.softmax is None:
        out.append(("p", HEAD_SCORES.in_language(tr).format(i=last)))
    else:
        out += _softmax_sections(p, p.softmax, top, tr, show_overflow)
    return out + _loss_sections(p, tr)


def _softmax_sections(p: NetworkPass, s: Softmax, top: int | None, tr: Translate,
                      show_overflow: bool) -> list[Section]:
    out: list[Section] = [
        ("h", HEAD_SOFTMAX.in_language(tr)),
        ("eq", (shown("s", p.scores, top), "−", shown("c", s.peak), "=", shown("s − c", s.shifted, top))),
        ("eq", (shown("exp(s − c)", s.exps, top), "÷", shown("Σ", s.total), "=", shown("p", s.probs, top))),
        ("p", SUMS_TO_ONE.in_language(tr).format(total=number(float(s.probs[0].sum()))))]
    predicted = p.predicted if p.predicted is not None else np.zeros(0, int)
    if len(predicted) == 1:
        out.append(("p", PREDICTED.in_language(tr).format(k=int(predicted[0]))))
    else:
        more = " …" if len(predicted) > MAX_ROWS else ""
        classes = ", ".join(str(int(k)) for k in predicted[:MAX_ROWS]) + more
        out.append(("p", PREDICTED_BATCH.in_language(tr).format(classes=classes)))
    out.append(("p", ARGMAX_NOTE.in_language(tr)))
    if show_overflow and p.overflow is not None:
        o = p.overflow
        out.append(("p", HEAD_OVERFLOW.in_language(tr)))
        out.append(("eq", (shown("s + 1000", o.pushed), "→", shown(NAIVE.in_language(tr), o.naive, bad=o.bad),
                           "|", shown(STABLE.in_language(tr), o.stable))))
    return out


def _loss_sections(p: NetworkPass, tr: Translate) -> list[Section]:
    loss = p.loss
    if loss is None:
        return [("p", NO_LABEL.in_language(tr))]
    if len(loss.terms) > 1:
        batch = LOSS_CE_BATCH if loss.kind == "cross_entropy" else LOSS_SE_BATCH
        return [("p", batch.in_language(tr).format(loss=number(loss.value)))]
    if loss.kind == "cross_entropy" and p.softmax is not None:
        t = int(loss.target[0])
        text = LOSS_CE.in_language(tr).format(t=t, p=number(p.softmax.probs[0, t]), loss=number(loss.value))
        return [("p", text)]
    y, t = p.scores[0, 0], loss.target[0, 0]
    return [("p", LOSS_SE.in_language(tr).format(t=number(t), y=number(y), loss=number(loss.value)))]


def _perceptron_sections(p: PerceptronPass, tr: Translate) -> list[Section]:
    out: list[Section] = [
        ("h", HEAD_PERCEPTRON.in_language(tr)),
        ("eq", (shown("X", p.x), "·", shown("w", p.w[:, None]), "+", shown("b", np.array([p.b])), "=",
                shown("a", p.a[:, None]), "→", shown("y", p.y[:, None].astype(float))))]
    if len(p.a) == 1:
        out.append(("p", PERCEPTRON_OUT.in_language(tr).format(a=number(p.a[0]), y=int(p.y[0]))))
    if p.target is None or p.dw is None or p.db is None:
        out.append(("p", NO_LABEL.in_language(tr)))
    elif len(p.a) > 1:
        n = int(np.count_nonzero(p.target != p.y))
        out.append(("p", RULE_BATCH.in_language(tr).format(n=n, total=len(p.a))))
    elif p.target[0] == p.y[0]:
        out.append(("p", RULE_NONE.in_language(tr).format(t=int(p.target[0]))))
    else:
        dw = ", ".join(number(v) for v in p.dw[0])
        out.append(("p", RULE_UPDATE.in_language(tr).format(t=int(p.target[0]), dw=dw, db=number(p.db[0]),
                                                            lr=number(p.lr))))
        if p.batch > 1:  # the app's step is SGD on the batch's mean criterion, not the rule point by point
            out.append(("p", RULE_AVERAGED.in_language(tr).format(b=p.batch)))
    return out


# ---------------------------------------------------------------- layout


def to_html(p: Pass, translate: Translate = untranslated, show_overflow: bool = False) -> str:
    """The pass as rich text: headings, sentences, and each equation as aligned preformatted text."""
    parts = []
    for kind, content in sections(p, translate, show_overflow):
        if isinstance(content, str):
            tag = "h4" if kind == "h" else "p"
            parts.append(f"<{tag}>{html.escape(content)}</{tag}>")
        else:
            parts.append(f"<pre>{equation_text(content)}</pre>")
    return "".join(parts)


Line = tuple[str, int]  # a line's html and its width in characters


def _block(m: Shown) -> list[Line]:
    """A matrix as lines: its name and shape, then one bracketed row per line."""
    widths = [max(len(row[j]) for row in m.cells) for j in range(len(m.cells[0]))] if m.cells else []
    lines = [(html.escape(f"{m.name} {m.shape}"), len(m.name) + 1 + len(m.shape))]
    for row, marks in zip(m.cells, m.marks, strict=True):
        cells = [_marked(text.rjust(w), mark) for text, w, mark in zip(row, widths, marks, strict=True)]
        more = " …" if m.more_cols else ""
        lines.append(("[" + " ".join(cells) + more + "]", sum(widths) + len(widths) + 1 + len(more)))
    if m.more_rows:
        lines.append((" ⋮", 2))
    return lines


def _marked(text: str, mark: str) -> str:
    return f'<span style="{mark}">{text}</span>' if mark else text


def equation_text(parts: Equation) -> str:
    """Matrices side by side, their names on the first line, the operators on the middle row."""
    blocks = [_block(m) if isinstance(m, Shown) else [] for m in parts]
    height = max(len(b) for b in blocks)
    middle = 1 + (height - 2) // 2  # the middle data row (line 0 holds the names)
    lines = [""] * height
    for part, block in zip(parts, blocks, strict=True):
        if isinstance(part, str):
            width = len(part) + 2
            block = [(f" {html.escape(part)} ", width) if k == middle else ("", 0) for k in range(height)]
        width = max(w for _, w in block)
        for k in range(height):
            text, w = block[k] if k < len(block) else ("", 0)
            lines[k] += text + " " * (width - w + 1)
    return "\n".join(line.rstrip() for line in lines)
