"""The forward-pass inspector's numbers: one point (or a mini-batch) through the learner's own network.

Every number is computed here, without Qt, with the book's formulas written out step by step:
A = X·W + b and Z = h(A) per layer, the scores, softmax with its maximum subtracted, the predicted
class and the point's loss as visualnet.core computes it; for the perceptron w·x + b, the step and the
rule's update. `numpy_code` writes them as code that reproduces them with plain numpy;
visualnet.presenters.inspector_text as the matrices the inspector shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from visualnet.core import features as input_features
from visualnet.core.functions import EPS_LOG
from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron

__all__ = ["NetworkPass", "Pass", "PerceptronPass", "forward_pass", "numpy_code", "shape_text"]

Array = np.ndarray

PUSH = 1000.0  # what the overflow switch adds to every score: exp(1000) overflows float64

# numpy for each activation, as the book writes it (the code "Copy as NumPy" gives)
ACTIVATION_CODE = {
    "relu": "np.maximum({a}, 0.0)",
    "sigmoid": "1.0 / (1.0 + np.exp(-{a}))",
    "tanh": "np.tanh({a})",
    "leaky_relu": "np.maximum({a}, 0.01 * {a})",
    "step": "({a} > 0).astype(float)",
    "identity": "{a}.copy()",
    "elu": "np.where({a} > 0, {a}, np.expm1(np.minimum({a}, 0.0)))",
    "softplus": "np.maximum({a}, 0.0) + np.log1p(np.exp(-np.abs({a})))",
    "swish": "{a} / (1.0 + np.exp(-{a}))",
    "gelu": "0.5 * {a} * (1.0 + np.tanh(np.sqrt(2.0 / np.pi) * ({a} + 0.044715 * {a}**3)))",
}


@dataclass(frozen=True)
class Layer:
    """One Affine layer (and its activation): A = inputs · W + b, Z = h(A) (None for the output layer)."""

    index: int  # 1, 2, ...: the parameters W{index}, b{index}
    inputs: Array  # (N, n_in): the batch X, or Z of the layer before
    W: Array  # (n_in, n_out)
    b: Array  # (n_out,)
    A: Array  # (N, n_out)
    Z: Array | None
    keep: float = 1.0  # 1 − the dropout ratio after Z: at evaluation the next layer takes Z·keep


@dataclass(frozen=True)
class Softmax:
    """softmax(s) = exp(s − max s) / Σ exp(s − max s), row by row."""

    peak: Array  # (N, 1) the row maximum subtracted
    shifted: Array  # (N, k) s − max
    exps: Array  # (N, k)
    total: Array  # (N, 1) the row sums
    probs: Array  # (N, k), each row summing to 1


@dataclass(frozen=True)
class Overflow:
    """The scores pushed by PUSH through a naive softmax (overflows) and the stable one (unchanged)."""

    pushed: Array  # (N, k) scores + PUSH
    naive: Array  # exp(s) / Σ exp(s) without the maximum subtracted: inf / nan where float64 overflows
    bad: Array  # (N, k) bool: where `naive` is not finite
    stable: Array  # softmax of the pushed scores: the same probabilities as before


@dataclass(frozen=True)
class PointLoss:
    """The loss of the labelled points, as visualnet.core computes it (the mean over the N rows)."""

    kind: str  # "cross_entropy" | "squared_error"
    target: Array  # labels (N,) for cross-entropy, values (N, m) for the squared error
    terms: Array  # (N,) each row's loss: −log(p_t + 1e-7), or ½ Σ (y − t)²
    value: float  # the mean of `terms`


@dataclass(frozen=True)
class NetworkPass:
    """An MLP's forward pass of N rows, every intermediate kept."""

    activation: str
    task: str
    layers: tuple[Layer, ...]
    scores: Array  # (N, k) the last layer's A
    softmax: Softmax | None  # classification only
    overflow: Overflow | None
    predicted: Array | None  # (N,) argmax of the scores (classification)
    loss: PointLoss | None  # when the points have targets
    points: Array | None = None  # (N, 2) the raw points, when the network computes input features
    features: tuple[str, ...] | None = None  # the feature ids (core.features), or None for raw inputs

    @property
    def inputs(self) -> Array:
        """X (N, n_in): what W1 multiplies (the feature columns when the network has features)."""
        return self.layers[0].inputs


@dataclass(frozen=True)
class PerceptronPass:
    """The perceptron on N points: a = x·w + b, y = step(a); the rule's update where labelled."""

    x: Array  # (N, 2)
    w: Array  # (2,)
    b: float
    a: Array  # (N,)
    y: Array  # (N,) 0 or 1
    target: Array | None  # (N,) 0 or 1
    lr: float
    dw: Array | None  # (N, 2) lr (t − y) x: what the rule adds to w for each point (0 when right)
    db: Array | None  # (N,) lr (t − y)
    batch: int = 1  # the training step's mini-batch: a step moves w by the batch's mean of these

    @property
    def inputs(self) -> Array:
        """X (N, 2)."""
        return self.x


Pass = NetworkPass | PerceptronPass


def forward_pass(model: MLP | Perceptron, X: Array, target: Array | None = None, lr: float = 1.0,
                 batch: int = 1) -> Pass:
    """The forward pass of the rows X (N, n_in); `target` labels (N,) or values (N, m) add the loss
    (for the perceptron, `batch` is the training step's mini-batch size, which divides the rule's step)."""
    X = np.atleast_2d(np.asarray(X, dtype=np.float64))
    if isinstance(model, Perceptron):
        return _perceptron_pass(model, X, target, float(lr), int(batch))
    return _network_pass(model, X, target)


def _network_pass(model: MLP, X: Array, target: Array | None) -> NetworkPass:
    layers = []
    z = model.input_columns(X)  # the feature columns, or X itself
    ratios = model.dropout
    with np.errstate(all="ignore"):  # a diverged network shows its inf / nan, marked
        for i in range(1, model.n_layers + 1):
            W, b = model.params[f"W{i}"].copy(), model.params[f"b{i}"].copy()
            a = z @ W + b
            nxt = model.activation.forward(a) if i < model.n_layers else None
            # the book's Dropout at evaluation: every unit on, scaled by 1 − ratio
            keep = 1.0 - ratios[i - 1] if nxt is not None else 1.0
            layers.append(Layer(i, z, W, b, a, nxt, keep))
            z = a if nxt is None else (nxt if keep == 1.0 else nxt * keep)
    scores = layers[-1].A
    # the raw points kept apart only when the network computes other columns from them
    raw = (X, model.features) if model.features not in (None, input_features.DEFAULT) else (None, None)
    if model.task != "classification":
        values = None if target is None else np.asarray(target, float).reshape(scores.shape)
        loss = None if values is None else _squared_error(scores, values)
        return NetworkPass(model.activation_name, model.task, tuple(layers), scores, None, None, None, loss,
                           *raw)
    soft = softmax_steps(scores)
    labels = None if target is None else np.asarray(target).astype(np.intp).reshape(-1)
    loss = None if labels is None else _cross_entropy(soft.probs, labels)
    return NetworkPass(model.activation_name, model.task, tuple(layers), scores, soft, overflow(scores),
                       scores.argmax(axis=1), loss, *raw)


def softmax_steps(scores: Array) -> Softmax:
    """softmax written out: the maximum subtracted first, so every exp() is at most 1."""
    with np.errstate(all="ignore"):
        peak = scores.max(axis=1, keepdims=True)
        shifted = scores - peak
        exps = np.exp(shifted)
        total = exps.sum(axis=1, keepdims=True)
        return Softmax(peak, shifted, exps, total, exps / total)


def overflow(scores: Array) -> Overflow:
    """The course's point: adding a constant changes nothing, but the naive formula overflows."""
    pushed = scores + PUSH
    with np.errstate(all="ignore"):  # the overflow is what is shown
        e = np.exp(pushed)
        naive = e / e.sum(axis=1, keepdims=True)
    return Overflow(pushed, naive, ~np.isfinite(naive), softmax_steps(pushed).probs)


def _cross_entropy(probs: Array, labels: Array) -> PointLoss:
    # only the true class's term of −Σ t log y survives when t is one-hot (core.functions)
    with np.errstate(all="ignore"):
        terms = -np.log(probs[np.arange(len(labels)), labels] + EPS_LOG)
    return PointLoss("cross_entropy", labels, terms, float(terms.mean()))


def _squared_error(y: Array, t: Array) -> PointLoss:
    with np.errstate(all="ignore"):
        terms = 0.5 * ((y - t) ** 2).sum(axis=1)
    return PointLoss("squared_error", t, terms, float(terms.mean()))


def _perceptron_pass(model: Perceptron, X: Array, target: Array | None, lr: float,
                     batch: int = 1) -> PerceptronPass:
    w, b = model.params["w"].copy(), float(model.params["b"][0])
    a = X @ w + b
    y = (a > 0).astype(np.int64)
    if target is None:
        return PerceptronPass(X, w, b, a, y, None, lr, None, None, batch)
    t = np.asarray(target).astype(np.int64).reshape(-1)
    change = lr * (t - y)  # the rule: w += η (t − y) x, b += η (t − y); zero where y = t
    return PerceptronPass(X, w, b, a, y, t, lr, change[:, None] * X, change, batch)


def shape_text(a: Array) -> str:
    """(N×k) for a matrix, (k,) for a vector."""
    return f"({a.shape[0]}×{a.shape[1]})" if a.ndim == 2 else f"({a.shape[0]},)"


# ---------------------------------------------------------------- Copy as NumPy


def _literal(a: Array) -> str:
    """The array as a numpy literal that reads back exactly (repr of Python floats round-trips)."""
    return f"np.array({np.asarray(a).tolist()!r})"


def numpy_code(p: Pass) -> str:
    """Plain numpy code that reproduces the pass's numbers (`scores` or `a`, `p`, `loss`)."""
    lines = ["import numpy as np", "", f"X = {_literal(p.inputs)}  # {shape_text(p.inputs)}"]
    if isinstance(p, PerceptronPass):
        lines += [f"w = {_literal(p.w)}", f"b = {p.b!r}", "a = X @ w + b", "y = (a > 0).astype(int)"]
        if p.target is not None:
            lines += [f"t = {_literal(p.target)}", f"lr = {p.lr!r}",
                      "dw = lr * (t - y)[:, None] * X  # the perceptron rule", "db = lr * (t - y)"]
        return "\n".join(lines) + "\n"
    if p.features is not None and p.points is not None:  # X holds the raw points; the features from them
        lines[2] = f"X = {_literal(p.points)}  # {shape_text(p.points)}: the points (x1, x2)"
        labels = ", ".join(input_features.LABELS[f] for f in p.features)
        lines.append(f"X = np.column_stack([{', '.join(input_features.CODE[f] for f in p.features)}])"
                     f"  # the input features {labels}")
    z = "X"
    for layer in p.layers:
        i = layer.index
        lines += [f"W{i} = {_literal(layer.W)}  # {shape_text(layer.W)}", f"b{i} = {_literal(layer.b)}",
                  f"A{i} = {z} @ W{i} + b{i}"]
        if layer.Z is not None:
            lines.append(f"Z{i} = " + ACTIVATION_CODE[p.activation].format(a=f"A{i}") + f"  # {p.activation}")
            z = f"Z{i}"
            if layer.keep != 1.0:
                lines.append(f"Z{i} = Z{i} * {layer.keep!r}  # dropout at evaluation: x (1 - ratio)")
    lines.append(f"scores = A{len(p.layers)}")
    if p.softmax is not None:
        lines += ["c = scores.max(axis=1, keepdims=True)  # subtract the maximum: no overflow",
                  "e = np.exp(scores - c)", "p = e / e.sum(axis=1, keepdims=True)",
                  "predicted = scores.argmax(axis=1)  # no softmax needed"]
    if p.loss is not None:
        lines.append(f"t = {_literal(p.loss.target)}")
        if p.loss.kind == "cross_entropy":
            lines.append("loss = np.mean(-np.log(p[np.arange(len(t)), t] + 1e-7))")
        else:
            lines.append("loss = np.mean(0.5 * ((scores - t) ** 2).sum(axis=1))")
    return "\n".join(lines) + "\n"
