"""The app's state: dataset, split, selection, model, optimizer, trainer, history; plain events, no Qt.

Everything the window shows is read from a `Session`; every user action is a call on it. It is
usable from a notebook or a test without a display:

    s = Session.from_preset("XOR clouds")
    s.step(100)
    s.model.loss(s.dataset.inputs(), s.dataset.targets())
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from visualnet import files
from visualnet.core import MLP, Perceptron, data, optimizers
from visualnet.core.features import DEFAULT as DEFAULT_FEATURES
from visualnet.core.schedules import Schedule
from visualnet.core.stopping import Stopper, StopRule
from visualnet.core.training import History, StepReport, Trainer
from visualnet.events import Events
from visualnet.hand_weights import HandWeightsMixin, TimelineView
from visualnet.limits import MAX_CLASSES, MAX_POINTS
from visualnet.selection import (
    NO_POINTS,
    SelectionMixin,
    renumbered_after_insertion,
    renumbered_after_removal,
)
from visualnet.session_documents import DocumentsMixin
from visualnet.translatable import QT_TRANSLATE_NOOP, TranslatableError

ROLE_TRAIN, ROLE_VAL, ROLE_TEST = 0, 1, 2
MIN_SPLIT_POINTS = 10  # fewer points than this all go to training
SURFACE_MAX_POINTS = 1000  # the loss surface of larger training sets uses a fixed random sample

EVENTS = (
    "data_changed",  # (): points, labels or roles changed
    "model_reset",  # (): a new network (new weights, empty history)
    "stepped",  # (StepReport): training iterations were run
    "diverged",  # (message): training stopped; the weights from before the loss blew up are back
    "config_changed",  # (): any setting changed (learning rate, optimizer, batch size, ...)
    "surface_params_changed",  # (): the two parameters of the loss-surface view changed
    "selection_changed",  # (): the selected points changed (always after the data_changed that caused it)
    "weights_changed",  # (): weights set other than by a step (an edit, the timeline, an undo); locks too
    "stopped",  # (message): a stop condition ended training (epochs, a target, early stopping)
)

# Settings whose change needs a new network (the rest keep the current weights).
RESET_KEYS = frozenset({"model", "hidden", "activation", "init", "seed", "features"})
# The loss each model trains on, as CurrentMetrics.loss_kind names it.
LOSS_CROSS_ENTROPY, LOSS_SQUARED_ERROR = "cross_entropy", "squared_error"
LOSS_PERCEPTRON = "perceptron_criterion"
Params = dict[str, NDArray[np.float64]]
SurfaceParams = tuple[tuple[str, int], tuple[str, int]]  # two scalar parameters: (array name, flat index)


@dataclass
class Config:
    """Every setting the learner can change."""

    model: str = "MLP"  # "Perceptron" | "MLP"
    hidden: tuple[int, ...] = (8, 8)
    activation: str = "relu"
    init: str | float = "auto"  # "auto" = He for ReLU, Xavier otherwise; "he", "xavier", "zeros"; or a std
    optimizer: str = "SGD"
    lr: float = 0.1
    batch_size: int = 10
    split: tuple[int, ...] = (8, 2)
    seed: int = 0
    hyper: dict[str, float] = field(default_factory=dict)  # optimizer hyper-parameters (momentum, ...)
    features: tuple[str, ...] = DEFAULT_FEATURES  # an MLP's inputs on 2-D data (core.features.NAMES)
    penalty: str = "none"  # "none" | "l2" (weight decay λ/2·ΣW²) | "l1" (λ·Σ|W|)
    penalty_rate: float = 0.001  # λ
    dropout: tuple[float, ...] = ()  # the dropout ratio after hidden layer i + 1 (missing: 0)


class RoleArrays(NamedTuple):
    """The inputs and targets of each split role, as the trainer takes them."""

    X_train: NDArray[np.float64]
    t_train: np.ndarray  # int labels (n,) or float targets (n, 1)
    X_val: NDArray[np.float64] | None
    t_val: np.ndarray | None
    X_test: NDArray[np.float64] | None
    t_test: np.ndarray | None


def n_classes(dataset: data.Dataset) -> int:
    """The dataset's number of classes (0 for regression): `Dataset.n_classes`, set once it is made."""
    return int(dataset.n_classes or 0)


@dataclass(frozen=True)
class Network:
    """A new model with its optimizer and trainer, built on the side and swapped in whole."""

    config: Config  # a copy when the data changed it (regression data turns a perceptron into an MLP)
    model: MLP | Perceptron
    optimizer: optimizers.Optimizer
    trainer: Trainer
    initial_params: Params
    surface_params: SurfaceParams


@dataclass(frozen=True)
class CurrentMetrics:
    """The training points' loss and accuracy at the current weights: what the readouts show."""

    loss: float  # the loss training minimises (`loss_kind`); NaN without training points
    loss_kind: str  # LOSS_CROSS_ENTROPY | LOSS_SQUARED_ERROR | LOSS_PERCEPTRON
    accuracy: float  # fraction classified right; NaN for regression or without training points
    misclassified: int  # training points the model gets wrong (the rings); 0 for regression
    n_train: int


@dataclass(frozen=True)
class PreviousRun:
    """The training loss of the run before the last change that needed new weights, to compare with."""

    iteration: np.ndarray
    train_loss: np.ndarray
    settings: dict[str, object]  # the settings that changed, as they were in that run ({}: none)


class Session(SelectionMixin, HandWeightsMixin, DocumentsMixin):
    """Owns the dataset, the split roles, the point selection, the model, the optimizer and the trainer."""

    events: Events
    config: Config
    dataset: data.Dataset
    roles: NDArray[np.int8]  # (n,) ROLE_TRAIN / ROLE_VAL / ROLE_TEST of each point
    current_label: int  # the class a click adds
    model: MLP | Perceptron
    optimizer: optimizers.Optimizer
    trainer: Trainer
    initial_params: Params  # the weights training started from (the line plot's alpha = 0)
    surface_params: SurfaceParams
    previous_run: PreviousRun | None  # kept across a change of model settings or new weights, not new data
    schedule: Schedule  # how the learning rate moves with the epochs (constant: it stays config.lr)
    stop_rule: StopRule  # when training stops by itself (nothing set: never)
    # records a step() call makes besides its last iteration (Trainer.max_records_per_call): a script's
    # long calls still draw a curve; a window records once a frame (`record_each_call_once`)
    records_per_call: int | None = 2

    def __init__(self, dataset: data.Dataset | None = None, config: Config | None = None) -> None:
        self.events = Events(*EVENTS)
        config = config or Config()
        # the same rules as Session.configure and files: a bad setting is refused here too
        self.config = dataclasses.replace(config, **files.check_settings(dataclasses.asdict(config)))
        self.dataset = dataset if dataset is not None else data.PRESETS["XOR clouds"].make(seed=0)
        problem = self._size_problem(len(self.dataset))
        if problem:
            raise ValueError(problem)
        self.current_label = 0
        self.roles = self._fresh_roles()
        self.surface_params = (("W1", 0), ("W1", 1))
        self._selection = NO_POINTS
        self.previous_run = None
        self.schedule, self.stop_rule = Schedule(), StopRule()
        self._install(self._built(self.config, self.dataset, self.roles))

    @classmethod
    def from_preset(cls, name: str, config: Config | None = None, n: int | None = None,
                    noise: float | None = None, seed: int = 0, **kwargs: float) -> Session:
        """A session on one of the data presets (n, noise, seed and the preset's own keywords)."""
        return cls(data.PRESETS[name].make(n, noise, seed, **kwargs), config)

    # ---------------------------------------------------------------- derived views of the data

    @property
    def task(self) -> str:
        """'classification' or 'regression', decided by the dataset."""
        return self.dataset.task

    def indices(self, role: int) -> np.ndarray:
        """Indices of the points that play `role` (train / validation / test)."""
        return np.flatnonzero(self.roles == role)

    def role_counts(self) -> tuple[int, int, int]:
        """How many points are train, validation and test."""
        counts = np.bincount(self.roles, minlength=3)
        return int(counts[0]), int(counts[1]), int(counts[2])

    def training_problem(self) -> str | None:
        """Why the model cannot be trained on this data, in plain words (a marked text), or None."""
        ds = self.dataset
        if len(ds) == 0:
            return QT_TRANSLATE_NOOP("Session", "add some points to train (click in the data view)")
        if self.role_counts()[0] == 0:
            return QT_TRANSLATE_NOOP("Session", "no point is in the training set: add more points")
        if ds.task == "classification":
            train_y = ds.y[self.roles == ROLE_TRAIN]  # (not empty: counted above)
            if not (train_y != train_y[0]).any():  # one class only (np.unique would sort: ~5× slower)
                return QT_TRANSLATE_NOOP("Session", "add points of a second class to train")
            if self.config.model == "Perceptron" and ds.y.max() > 1:
                return QT_TRANSLATE_NOOP("Session",
                                         "a perceptron separates two classes only: choose an MLP for more")
        elif self.config.model == "Perceptron":
            return QT_TRANSLATE_NOOP("Session", "a perceptron classifies; choose an MLP for regression")
        return None

    # ---------------------------------------------------------------- the model

    def _install(self, network: Network) -> None:
        """Swap a network built by `_built` in (nothing here can fail: all-or-nothing)."""
        self.timeline_view = TimelineView()  # a new network is shown as it is
        self.config, self.model, self.optimizer = network.config, network.model, network.optimizer
        self.trainer, self.initial_params = network.trainer, network.initial_params
        self.surface_params = network.surface_params
        self._apply_plan(self.trainer)

    def _built(self, config: Config, dataset: data.Dataset, roles: NDArray[np.int8]) -> Network:
        """A new model, optimizer and trainer for these settings and data; the session is not touched."""
        if config.model == "Perceptron" and dataset.task == "regression":
            config = dataclasses.replace(config, model="MLP")  # a perceptron cannot fit a curve
        surface: SurfaceParams = self.surface_params
        if config.model == "Perceptron":
            model: MLP | Perceptron = Perceptron()
            surface = (("w", 0), ("w", 1))
        else:
            regression = dataset.task == "regression"
            n_out = 1 if regression else max(2, n_classes(dataset))
            # points of 2-D data enter through the chosen features; a curve's x enters as it is
            inputs = None if regression else config.features
            sizes = [1 if inputs is None else len(inputs), *config.hidden, n_out]
            init = None if config.init == "auto" else config.init
            model = MLP(sizes, activation=config.activation, task=dataset.task, init=init, seed=config.seed,
                        features=inputs)
            self._regularize(model, config)
            params = model.params
            if all(k in params for k, _ in surface):
                (k1, i1), (k2, i2) = surface
                surface = ((k1, min(i1, params[k1].size - 1)), (k2, min(i2, params[k2].size - 1)))
            if surface[0] == surface[1] or not all(k in params for k, _ in surface):
                # The first two scalar parameters: two first-layer weights when W1 has two.
                scalars = [(k, i) for k, v in params.items() for i in range(v.size)]
                surface = (scalars[0], scalars[1])
        optimizer = self._new_optimizer(config)
        # validation and test measured once a step() call: once a frame of the window, at any speed
        trainer = Trainer(model, optimizer, *self._arrays_of(dataset, roles),
                          batch_size=config.batch_size, seed=config.seed, held_out_once_a_call=True)
        trainer.max_records_per_call = self.records_per_call
        return Network(config, model, optimizer, trainer, {k: v.copy() for k, v in model.params.items()},
                       surface)

    @staticmethod
    def _new_optimizer(config: Config) -> optimizers.Optimizer:
        name = _canonical_optimizer(config.optimizer)
        # the learning rate is its own setting: hyper never passes a second one (it used to, and
        # optimizers.get() then got `lr` twice)
        hyper = {k: v for k, v in config.hyper.items() if k in optimizers.DEFAULTS[name] and k != "lr"}
        return optimizers.get(name, lr=config.lr, **hyper)

    def optimizer_name(self) -> str:
        """The optimizer's canonical name ('SGD', 'Adam', ...)."""
        return _canonical_optimizer(self.config.optimizer)

    def role_arrays(self) -> RoleArrays:
        """(X, t) of train, validation and test as the trainer takes them; None for an empty set."""
        return self._arrays_of(self.dataset, self.roles)

    @staticmethod
    def _arrays_of(dataset: data.Dataset, roles: np.ndarray) -> RoleArrays:
        """(X, t) of train, validation and test; None for an empty validation or test set."""
        X, t = dataset.inputs(), dataset.targets()
        train, val, test = (np.flatnonzero(roles == role) for role in (ROLE_TRAIN, ROLE_VAL, ROLE_TEST))
        return RoleArrays(X[train], t[train],
                          X[val] if len(val) else None, t[val] if len(val) else None,
                          X[test] if len(test) else None, t[test] if len(test) else None)

    def record_each_call_once(self) -> None:
        """Record only each step() call's last iteration from now on: what a window calling once a frame
        wants (the loss history samples what a frame can draw; every iteration is still counted, and
        each record measures the whole training set, ~1 ms at 10,000 points)."""
        self.records_per_call = 0
        self.trainer.max_records_per_call = 0

    def reset_weights(self) -> None:
        """A fresh network from the seed: new weights, empty history (the run so far kept to compare)."""
        network = self._built(self.config, self.dataset, self.roles)
        self._keep_run({})
        self._install(network)
        self.events.emit("model_reset")

    def _keep_run(self, settings: dict[str, object]) -> None:
        """Keep the run about to end as `previous_run`, if it trained at all (else the older one stays)."""
        h = self.history
        iteration, loss = np.asarray(h.iteration, float), np.asarray(h.train_loss, float)
        if len(iteration) >= 2 and iteration[-1] > 0:
            self.previous_run = PreviousRun(iteration.copy(), loss.copy(), settings)

    def configure(self, **changes: object) -> bool:
        """Change settings; returns True when the change needed (and got) a new network.

        Checked first by the rules files obey (`files.check_settings`): KeyError for a name that is
        no setting, ValueError in plain words for a bad value; then nothing changes and no event.
        """
        checked = files.check_settings(changes)
        changed = {k: v for k, v in checked.items() if getattr(self.config, k) != v}
        if not changed:
            return False
        if changed.get("model") == "Perceptron" and self.task == "regression":
            raise TranslatableError(QT_TRANSLATE_NOOP("Session", "a perceptron classifies; it cannot fit a "
                                                                 "regression curve"))
        reset_keys = set(RESET_KEYS & changed.keys())
        if self.task == "regression" or changed.get("model", self.config.model) == "Perceptron":
            reset_keys.discard("features")  # no network here takes them: nothing to rebuild
        needs_reset = bool(reset_keys)
        resplit = "split" in changed or "seed" in changed
        # the new split and network are made before anything changes: if making them fails,
        # the session is as it was
        new_config = dataclasses.replace(self.config, **changed)
        roles = self._fresh_roles(config=new_config) if resplit else self.roles
        built = self._built(new_config, self.dataset, roles) if needs_reset else None
        if built is not None:  # the run so far, with the settings it had, to compare the new one with
            self._keep_run({k: getattr(self.config, k) for k in sorted(reset_keys)})
        for k, v in changed.items():
            setattr(self.config, k, v)  # in place: whoever holds the config sees the change
        self.roles = roles
        if built is not None:
            # the network of the new settings, with the config object everyone holds
            self._install(dataclasses.replace(built, config=self.config))
            self.events.emit("model_reset")
        else:
            self._apply_training_settings(changed)
        if resplit:  # announced once the trainer has the new roles
            self.events.emit("data_changed")
        self.events.emit("config_changed")
        return needs_reset

    def _apply_training_settings(self, changed: dict[str, object]) -> None:
        """Settings that keep the weights: the learning rate never resets training."""
        if "optimizer" in changed:
            self.optimizer = self._new_optimizer(self.config)
            self.trainer.optimizer = self.optimizer
        if "lr" in changed:
            self.trainer.clear_divergence()
        if "optimizer" in changed or "lr" in changed:
            self._apply_plan(self.trainer)  # the base rate, and the scheduled rate from it
        if "hyper" in changed:
            for k, v in self.config.hyper.items():
                if hasattr(self.optimizer, k):
                    setattr(self.optimizer, k, v)
        if "batch_size" in changed:
            self.trainer.batch_size = int(self.config.batch_size)
        if "split" in changed:
            self.trainer.set_data(*self.role_arrays())
        if changed.keys() & {"penalty", "penalty_rate", "dropout"} and isinstance(self.model, MLP):
            self._regularize(self.model, self.config)
            if self.shown_iteration is None:  # the newest record measures the new settings
                self.trainer.remeasure()
            else:  # the model holds an earlier iteration's weights: the record stays theirs
                self.trainer.forget_metrics()

    @staticmethod
    def _regularize(model: MLP, config: Config) -> None:
        """The penalty and the dropout ratios of `config` on `model`, in place (its weights stay)."""
        model.penalty = config.penalty
        model.penalty_rate = float(config.penalty_rate)
        model.dropout = list(config.dropout)  # missing layers: 0, extra entries: unused

    def set_schedule(self, schedule: Schedule) -> None:
        """Move the learning rate with the epochs (from config.lr); weights and history stay."""
        if schedule == self.schedule:
            return
        self.schedule = schedule
        self._apply_plan(self.trainer)
        self.events.emit("config_changed")

    def set_stop_rule(self, rule: StopRule) -> None:
        """When training stops by itself; the run so far counts (an epoch count already passed does not
        stop it again)."""
        if rule == self.stop_rule:
            return
        self.stop_rule = rule
        self._apply_plan(self.trainer)
        self.events.emit("config_changed")

    def _apply_plan(self, trainer: Trainer) -> None:
        """The schedule and the stop rule on `trainer`, the rate now where the schedule puts it."""
        trainer.base_lr = float(self.config.lr)
        trainer.schedule = self.schedule
        rule = self.stop_rule
        if trainer.stopper is None or trainer.stopper.rule != rule:
            trainer.stopper = Stopper(rule) if rule.active else None
        trainer.optimizer.lr = self.schedule.rate(trainer.base_lr, trainer.epoch_float)

    def set_learning_rate(self, lr: float) -> None:
        """Change the learning rate mid-run; weights and history stay."""
        if not np.isfinite(lr) or lr <= 0:
            raise TranslatableError(
                QT_TRANSLATE_NOOP("Session", "the learning rate must be a positive number, not {lr}"), lr=lr)
        self.configure(lr=lr)

    # ---------------------------------------------------------------- training

    def step(self, n: int = 1, announce: bool = True, deadline: float | None = None) -> StepReport | None:
        """Run up to n training iterations; emits one `stepped` (and `diverged` if it happened).

        Shown an earlier iteration (`show_iteration`), training goes on from the present, not from there.
        With `announce` False nothing is emitted yet: the caller hands the report to `announce` later (the
        window at "max" draws a frame's training in the next frame, before that one trains). With a
        `deadline` (time.perf_counter()) the iterations end once it has passed (`Trainer.step`).
        """
        if self.training_problem() is not None:
            return None
        self.show_present()
        report = self.trainer.step(n, deadline)
        if announce:
            self.announce(report)
        return report

    def announce(self, report: StepReport) -> None:
        """Emit the events of a step taken: `stepped`, then `diverged` or `stopped` if it came to that."""
        self.events.emit("stepped", report)
        if report.diverged:
            self.events.emit("diverged", report.diverged)
        elif report.stopped:
            self.events.emit("stopped", report.stopped)

    def current_metrics(self) -> CurrentMetrics:
        """Loss and accuracy on the training points at the current weights, never the last step's.

        Cheap: the trainer's own evaluation, cached until the weights change (compared by value)
        or its data are set, which every edit of the points, labels or split does. While training
        it is the evaluation the step just recorded, so nothing is computed twice.
        """
        metrics = self.trainer.evaluate()
        n = len(self.trainer.X_train)
        acc = metrics.train_acc if n else np.nan
        # acc is a mean of n booleans: (1 - acc)·n is the count, up to rounding
        wrong = round((1.0 - acc) * n) if np.isfinite(acc) else 0
        loss = float(metrics.train_loss) if n else np.nan
        return CurrentMetrics(loss, self.loss_kind, float(acc), int(wrong), n)

    @property
    def loss_kind(self) -> str:
        """Which loss the model trains on: LOSS_CROSS_ENTROPY, LOSS_SQUARED_ERROR or LOSS_PERCEPTRON."""
        if isinstance(self.model, Perceptron):
            return LOSS_PERCEPTRON
        return LOSS_SQUARED_ERROR if self.task == "regression" else LOSS_CROSS_ENTROPY

    @property
    def history(self) -> History:
        """The training history (losses, accuracies, parameter path)."""
        return self.trainer.history

    # ---------------------------------------------------------------- editing the data

    def room_for(self, n: int) -> str | None:
        """Why `n` more points do not fit (the point limit), in plain words (it translates), or None."""
        return self._size_problem(len(self.dataset) + int(n))

    @staticmethod
    def _size_problem(total: int, edit: bool = True) -> files.Filled | None:
        """Why `total` points are too many (after an edit, or in a dataset as it is), or None."""
        if total <= MAX_POINTS:
            return None
        # every state must stay savable: files refuse more than MAX_POINTS points
        if edit:
            return files.filled(QT_TRANSLATE_NOOP(
                "Session", "a dataset holds at most {most:,} points; this edit would make {total:,}"),
                most=MAX_POINTS, total=total)
        return files.filled(QT_TRANSLATE_NOOP(
            "Session", "a dataset holds at most {most:,} points; this one has {total:,}"),
            most=MAX_POINTS, total=total)

    def set_dataset(self, dataset: data.Dataset, roles: np.ndarray | None = None) -> None:
        """Replace the whole dataset (a preset, a loaded file, an undo); ValueError if it is too big.

        The selection stays only if the new dataset holds the very same points (an undo that only
        takes a class back); other points are new points, and nothing of them is selected.
        """
        dataset.validate()
        problem = self._size_problem(len(dataset))
        if problem:
            raise TranslatableError(problem.message)
        if roles is not None:
            roles = self._checked_roles(roles, len(dataset))  # a copy
        reshaped = (dataset.task != self.dataset.task
                    or max(2, n_classes(dataset)) != max(2, n_classes(self.dataset)))
        same_points = (dataset.task == self.dataset.task and np.array_equal(dataset.X, self.dataset.X)
                       and np.array_equal(dataset.y, self.dataset.y))
        self.dataset = dataset
        self.roles = self._fresh_roles() if roles is None else roles
        self.current_label = min(self.current_label, max(0, n_classes(dataset) - 1))
        self.previous_run = None  # a run on other data is no comparison
        self._data_edited(reshaped, self._selection if same_points else NO_POINTS)

    def add_point(self, xy: tuple[float, float], label: int | None = None) -> int:
        """Add a point of `label` (default: the current class); returns its index."""
        label = self.current_label if label is None else int(label)
        return self.insert_points([len(self.dataset)], np.array([xy], float), np.array([label]))[0]

    def insert_points(self, indices: list[int] | np.ndarray, X: np.ndarray, y: np.ndarray,
                      roles: np.ndarray | None = None) -> list[int]:
        """Insert points so that they end up at `indices` (ascending); roles default to the split."""
        ds = self.dataset
        X = np.asarray(X, float).reshape(-1, 2)
        y = np.asarray(y, np.int64).reshape(-1)
        problem = self._size_problem(len(self.dataset) + len(X))  # room_for's problem, as a message
        if problem:
            raise TranslatableError(problem.message)
        if not np.all(np.isfinite(X)):
            raise TranslatableError(QT_TRANSLATE_NOOP("Session", "a point's coordinates must be finite "
                                                                 "numbers"))
        if ds.task == "classification" and (y.min(initial=0) < 0 or y.max(initial=0) >= MAX_CLASSES):
            raise TranslatableError(QT_TRANSLATE_NOOP("Session", "class labels go from 0 to {top}"),
                                    top=MAX_CLASSES - 1)
        if roles is None:
            roles = np.array([self._next_role(j) for j in range(len(X))], np.int8)
        final = np.asarray(indices, int)
        order = np.argsort(final, kind="stable")
        # np.insert wants positions in the array before insertion: final index minus the
        # number of inserted points ahead of it.
        before = final[order] - np.arange(len(final))
        newX = np.insert(ds.X, before, X[order], axis=0)
        newy = np.insert(ds.y, before, y[order])
        newroles = np.insert(self.roles, before, np.asarray(roles, np.int8)[order])
        classes = n_classes(ds)
        if ds.task == "classification":
            classes = max(classes, int(newy.max(initial=0)) + 1)
        reshaped = classes != n_classes(ds)
        self.dataset = dataclasses.replace(ds, X=newX, y=newy, n_classes=classes)
        self.roles = newroles
        self._data_edited(reshaped, renumbered_after_insertion(self._selection, final))
        return [int(i) for i in indices]

    def move_points(self, indices: list[int] | np.ndarray, XY: np.ndarray) -> None:
        """Move the given points to new positions (n, 2)."""
        XY = np.asarray(XY, float).reshape(-1, 2)
        if not np.all(np.isfinite(XY)):
            raise TranslatableError(QT_TRANSLATE_NOOP("Session", "a point's coordinates must be finite "
                                                                 "numbers"))
        X = self.dataset.X.copy()
        X[np.asarray(indices, int)] = XY
        self.dataset = dataclasses.replace(self.dataset, X=X)
        self._data_edited(False, self._selection)  # moved points are the same points

    def remove_points(self, indices: list[int] | np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Remove points; returns their (X, y, roles) so an undo can put them back."""
        idx = np.unique(np.asarray(indices, int))
        ds = self.dataset
        removed = ds.X[idx].copy(), ds.y[idx].copy(), self.roles[idx].copy()
        keep = np.ones(len(ds), bool)
        keep[idx] = False
        self.dataset = dataclasses.replace(ds, X=ds.X[keep], y=ds.y[keep])
        self.roles = self.roles[keep]
        self._data_edited(False, renumbered_after_removal(self._selection, idx))
        return removed

    def _data_edited(self, reshaped: bool, selection: NDArray[np.int64]) -> None:
        """The points changed: retrain on them, and keep the selection naming the same points."""
        changed = self._set_selection(selection)
        if reshaped:
            # model_reset first: views rebuild their per-layer items before anything redraws.
            self._install(self._built(self.config, self.dataset, self.roles))
            self.events.emit("model_reset")
            self.events.emit("data_changed")
        else:
            self.trainer.set_data(*self.role_arrays())
            self.events.emit("data_changed")
        if changed:
            self.events.emit("selection_changed")

    # ---------------------------------------------------------------- split roles

    def _fresh_roles(self, dataset: data.Dataset | None = None, config: Config | None = None) -> np.ndarray:
        n = len(self.dataset if dataset is None else dataset)
        config = config or self.config
        if n < MIN_SPLIT_POINTS:
            # Too few to hold any out (the four points of a logic gate): every point trains.
            return np.zeros(n, np.int8)
        return data.split_indices(n, config.split, config.seed).role(n).astype(np.int8)

    @staticmethod
    def _checked_roles(roles: np.ndarray, n: int) -> np.ndarray:
        """A copy of `roles` as int8, or ValueError unless it gives each of n points 0, 1 or 2."""
        array = np.asarray(roles)
        if array.shape != (n,):
            raise TranslatableError(
                QT_TRANSLATE_NOOP("Session", "the split roles give {found:,} roles for {n:,} points"),
                found=array.size, n=n)
        if n and (not np.issubdtype(array.dtype, np.integer) or array.min() < 0 or array.max() > 2):
            raise TranslatableError(
                QT_TRANSLATE_NOOP("Session", "a split role is 0 (train), 1 (validation) or 2 (test)"))
        return np.asarray(array.astype(np.int8))

    def _next_role(self, pending: int) -> int:
        """The role a new point takes: the one furthest below its share of the split ratio."""
        ratios = np.array(self.config.split if len(self.config.split) == 3
                          else (self.config.split[0], 0, self.config.split[1]), float)
        counts = np.bincount(self.roles, minlength=3).astype(float)
        total = counts.sum() + pending + 1
        if total < MIN_SPLIT_POINTS:
            return ROLE_TRAIN
        deficit = ratios / ratios.sum() * total - counts
        return int(np.argmax(deficit))

    # ---------------------------------------------------------------- the loss surface's parameters

    def set_surface_params(self, p1: tuple[str, int], p2: tuple[str, int]) -> None:
        """Choose the two parameters the loss-surface view varies."""
        if p1 == p2:
            raise TranslatableError(QT_TRANSLATE_NOOP("Session", "choose two different parameters"))
        for key, i in (p1, p2):
            if key not in self.model.params or not 0 <= i < self.model.params[key].size:
                raise KeyError(f"no parameter {key}[{i}] in this model")
        self.surface_params = (p1, p2)
        self.events.emit("surface_params_changed")


def _canonical_optimizer(name: str) -> str:
    return next(n for n in optimizers.NAMES if n.lower() == name.lower())
