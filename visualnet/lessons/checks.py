"""The fixed vocabulary of checks a lesson's task may use, and how each is judged on a session.

Each check looks at the session as it is now and at `Play`, what happened in this lesson so far (the
tracker keeps it). The kinds, with their parameters:

- accuracy_at_least {value, split}: the share of `split` points classified right is at least value
  (split: train | validation | test, default train).
- loss_below {value, split}: the loss on `split` is below value.
- perceptron_computes {gate, by_hand}: the perceptron gives the gate's output (AND | NAND | OR | XOR, or
  ALWAYS: 1 everywhere) on the four corners (0,0), (1,0), (0,1), (1,1), whatever the data; with
  by_hand true, only with weights the learner typed (no training iteration since).
- trained_iterations_at_least {n}: the current run has at least n iterations.
- epochs_at_least {n}: the current run has completed at least n epochs.
- diverged {}: training diverged in this lesson.
- recovered_after_divergence {loss_below}: after a divergence, training went on at a lower learning rate
  and the training loss is now below loss_below.
- setting {key, op, value}: a setting compares: op eq | le | ge | in (value a list); key a setting of
  Session.config, or hidden_units (neurons in all hidden layers) or hidden_layers.
- trained_with {key, op, value, n}: at least n training iterations ran while the setting compared so.
- optimizer_compared {names, n}: at least n iterations (default 50) ran with each optimizer named.
- overfitting {margin}: the validation loss rose by `margin` (a share, default 0.1) above its lowest while
  the training loss kept falling, to half of what it was then or less.
- saturated_or_dead_at_least {fraction}: of the first hidden layer on the training points, the share of
  sigmoid/tanh inputs with |z| > 4 (saturated), or of ReLU units with z <= 0 on every point (dead).
- answer {value, tolerance}: the learner typed this number (within tolerance, default 0).
- all_of {checks}: every check in the list holds at once.
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from visualnet.core import MLP, Perceptron
from visualnet.core.perceptron import GATE_INPUTS, GATE_TARGETS
from visualnet.session import Config, Session

__all__ = ["GATE_OUTPUTS", "KINDS", "OPS", "SATURATION", "SETTING_KEYS", "SPLITS", "Kind", "Param", "Play",
           "holds", "saturated_or_dead", "setting_value"]

SATURATION = 4.0  # |z| > 4: sigmoid'(z) < 0.018, the unit barely learns (the activation view's line)
SPLITS = ("train", "validation", "test")
# outputs on the corners (0,0), (1,0), (0,1), (1,1): the course's gates, and a neuron that always fires
GATE_OUTPUTS: dict[str, np.ndarray] = {**GATE_TARGETS, "ALWAYS": np.ones(4, np.int64)}
OPS = ("eq", "le", "ge", "in")
NUMERIC_KEYS = ("lr", "batch_size", "seed", "hidden_units", "hidden_layers")
SETTING_KEYS = (*(f.name for f in dataclasses.fields(Config)), "hidden_units", "hidden_layers")


@dataclass
class Play:
    """What happened in this lesson so far: divergence, iterations per settings, right answers."""

    diverged_lr: float | None = None  # the learning rate of the last divergence
    iterations_since_divergence: int = 0  # trained at a lower learning rate since then
    trained: dict[str, tuple[Config, int]] = field(default_factory=dict)  # settings' key -> iterations
    answered: set[str] = field(default_factory=set)  # answer tasks answered right

    def add_iterations(self, config: Config, n: int) -> None:
        """Count n iterations trained with `config`."""
        key = json.dumps(dataclasses.asdict(config), sort_keys=True, default=str)
        before = self.trained.get(key, (config, 0))[1]
        self.trained[key] = (dataclasses.replace(config, hyper=dict(config.hyper)), before + n)
        if self.diverged_lr is not None and config.lr < self.diverged_lr:
            self.iterations_since_divergence += n


@dataclass(frozen=True)
class Param:
    """A check's parameter: its kind of value, and its default (None: required)."""

    type: str  # number | int | bool | split | gate | key | op | value | names | checks
    default: object = None


Judge = Callable[[Session, Play, str, Mapping[str, object]], bool]


@dataclass(frozen=True)
class Kind:
    """One check kind: its parameters and its judge(session, play, task_id, params)."""

    params: Mapping[str, Param]
    judge: Judge


# ------------------------------------------------------------------------------------------- settings

def setting_value(config: Config, key: str) -> object:
    """The value of setting `key` (a Config field, hidden_units or hidden_layers)."""
    if key == "hidden_units":
        return sum(config.hidden)
    if key == "hidden_layers":
        return len(config.hidden)
    return getattr(config, key)


def _same(a: object, b: object) -> bool:
    """Equal as a learner means it: names ignore case, numbers ignore rounding, lists match tuples."""
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    if isinstance(a, Sequence) and isinstance(b, Sequence) and not isinstance(a, str | bytes):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, int | float) and isinstance(b, int | float):
        return math.isclose(a, b, rel_tol=1e-9)
    return a == b


def compares(actual: object, op: str, value: object) -> bool:
    """Whether `actual` op `value` (eq, le, ge, in)."""
    if op == "in":
        return isinstance(value, Sequence) and any(_same(actual, v) for v in value)
    if op == "eq":
        return _same(actual, value)
    if not (isinstance(actual, int | float) and isinstance(value, int | float)):
        return False
    # a little slack: 2 typed in a log slider may land on 1.9999999
    return actual <= value * (1 + 1e-9) if op == "le" else actual >= value * (1 - 1e-9)


# ------------------------------------------------------------------------------------------- judges

def _metric(session: Session, split: object, which: str) -> float:
    metrics = session.trainer.evaluate()
    prefix = {"train": "train", "validation": "val", "test": "test"}[str(split)]
    return float(getattr(metrics, f"{prefix}_{which}"))


def _accuracy_at_least(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    acc = _metric(session, p["split"], "acc")
    return math.isfinite(acc) and acc >= _num(p["value"]) - 1e-12


def _loss_below(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    loss = _metric(session, p["split"], "loss")
    return math.isfinite(loss) and loss < _num(p["value"])


def _perceptron_computes(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    model = session.model
    gate = str(p["gate"]).upper()
    if not isinstance(model, Perceptron):
        return False
    if p.get("by_hand") and session.trainer.iteration > 0:
        return False  # the rule found these weights, not the learner (typing them starts a new run)
    return bool(np.array_equal(model.predict(GATE_INPUTS), GATE_OUTPUTS[gate]))


def _iterations(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    return session.trainer.iteration >= _num(p["n"])


def _epochs(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    return session.trainer.epoch >= _num(p["n"])


def _diverged(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    return play.diverged_lr is not None


def _recovered(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    if play.diverged_lr is None or play.iterations_since_divergence == 0 or session.trainer.diverged:
        return False
    loss = _metric(session, "train", "loss")
    return math.isfinite(loss) and loss < _num(p["loss_below"])


def _setting(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    return compares(setting_value(session.config, str(p["key"])), str(p["op"]), p["value"])


def _trained_with(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    key, op, value = str(p["key"]), str(p["op"]), p["value"]
    done = sum(n for config, n in play.trained.values() if compares(setting_value(config, key), op, value))
    return done >= _num(p["n"])


def _optimizer_compared(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    names = p["names"]
    assert isinstance(names, Sequence)
    each = ({"key": "optimizer", "op": "eq", "value": name, "n": p["n"]} for name in names)
    return all(_trained_with(session, play, task, params) for params in each)


def _overfitting(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    history = session.history
    val, train = history.val_loss, history.train_loss
    ok = np.isfinite(val) & np.isfinite(train)
    val, train = val[ok], train[ok]
    if len(val) < 3:
        return False
    lowest = int(np.argmin(val))
    # the turn: validation back up by the margin while training went on falling (to half of what it
    # was at validation's lowest: a wobble of the first few steps is no overfitting)
    return bool(val[-1] >= (1 + _num(p["margin"])) * val[lowest] and train[-1] <= 0.5 * train[lowest])


def saturated_or_dead(session: Session) -> float:
    """The share of saturated sigmoid/tanh inputs or of dead ReLU units in the first hidden layer."""
    model, X = session.model, session.trainer.X_train
    if not isinstance(model, MLP) or len(X) == 0:
        return 0.0
    z = model.hidden_preactivations(X)
    if z.size == 0:
        return 0.0
    activation = session.config.activation
    if activation in ("relu", "leaky_relu"):
        return float(np.mean(np.all(z <= 0, axis=0)))  # dead: z <= 0 on every point, no gradient flows
    if activation in ("sigmoid", "tanh"):
        return float(np.mean(np.abs(z) > SATURATION))
    return 0.0


def _saturated(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    return saturated_or_dead(session) >= _num(p["fraction"])


def _answer(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    return task in play.answered


def _all_of(session: Session, play: Play, task: str, p: Mapping[str, object]) -> bool:
    checks = p["checks"]
    assert isinstance(checks, Sequence)
    return all(holds(check.kind, check.params, session, play, task) for check in checks)


def _num(value: object) -> float:
    assert isinstance(value, int | float)
    return float(value)


def holds(kind: str, params: Mapping[str, object], session: Session, play: Play, task: str) -> bool:
    """Whether check `kind` with `params` (defaults filled in by the loader) holds now."""
    with np.errstate(all="ignore"):
        return KINDS[kind].judge(session, play, task, params)


_SPLIT = Param("split", "train")
KINDS: dict[str, Kind] = {
    "accuracy_at_least": Kind({"value": Param("number"), "split": _SPLIT}, _accuracy_at_least),
    "loss_below": Kind({"value": Param("number"), "split": _SPLIT}, _loss_below),
    "perceptron_computes": Kind({"gate": Param("gate"), "by_hand": Param("bool", False)},
                                _perceptron_computes),
    "trained_iterations_at_least": Kind({"n": Param("int")}, _iterations),
    "epochs_at_least": Kind({"n": Param("int")}, _epochs),
    "diverged": Kind({}, _diverged),
    "recovered_after_divergence": Kind({"loss_below": Param("number")}, _recovered),
    "setting": Kind({"key": Param("key"), "op": Param("op"), "value": Param("value")}, _setting),
    "trained_with": Kind({"key": Param("key"), "op": Param("op"), "value": Param("value"),
                          "n": Param("int")}, _trained_with),
    "optimizer_compared": Kind({"names": Param("names"), "n": Param("int", 50)}, _optimizer_compared),
    "overfitting": Kind({"margin": Param("number", 0.1)}, _overfitting),
    "saturated_or_dead_at_least": Kind({"fraction": Param("number")}, _saturated),
    "answer": Kind({"value": Param("number"), "tolerance": Param("number", 0.0)}, _answer),
    "all_of": Kind({"checks": Param("checks")}, _all_of),
}
