"""One mini-batch iteration at a time (its records kept by core.history), divergence and what stops a run."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field

import numpy as np

from visualnet.core import fast_mlp
from visualnet.core.data import MiniBatchIterator
from visualnet.core.history import PARAM_BUDGET, History, HistoryTail, Metrics
from visualnet.core.mlp import MLP, as_targets
from visualnet.core.params import Layout
from visualnet.core.perceptron import Perceptron
from visualnet.core.protocols import Model, Optimizer
from visualnet.core.schedules import Schedule
from visualnet.core.stopping import Stopper
from visualnet.core.timeline import Snapshot, Timeline, generator_state, set_generator_state, snapshot_bytes
from visualnet.translatable import QT_TRANSLATE_NOOP, filled

__all__ = ["FLAT_KEY", "MAX_PARAM", "PARAM_BUDGET", "RISE_FACTOR", "History", "HistoryTail", "Metrics",
           "Rewound", "RuleCount", "Snapshots", "StepReport", "Trainer"]

Array = np.ndarray
MAX_PARAM = 1e6  # a weight or bias beyond ±MAX_PARAM counts as divergence
SNAPSHOTS = 16  # recent finite parameter vectors kept to go back to after a divergence
RISE_FACTOR = 1.5  # a loss above this many times the run's lowest means the blow-up had begun
_NAN = float("nan")
ONLY_THE_LAST = 1 << 62  # a record spacing no iteration reaches: a call records its last iteration only
# an MLP's parameters go to the optimizer as one vector under this key: every optimizer formula is
# elementwise, so one pass over the vector updates the whole network (about half the numpy calls)
FLAT_KEY = "theta"


@dataclass(frozen=True)
class Rewound:
    """What `Trainer.rewind` dropped: enough for `Trainer.undo_rewind` to bring the run back whole."""

    iteration: int  # the iteration gone back to
    present: Snapshot  # the run as it stood before the rewind
    history: HistoryTail  # the records from `iteration` on
    timeline: list[Snapshot]  # the snapshots after `iteration`


class Snapshots:
    """The last few finite parameter vectors with their training losses, and the best one of the run.

    On divergence the trainer goes back to the newest snapshot whose loss was still within
    RISE_FACTOR of the lowest loss so far: the weights from before the loss began to blow up (the
    last finite ones are often already huge, every unit saturated, and no smaller step recovers).
    """

    def __init__(self, size: int = SNAPSHOTS) -> None:
        self.size = size
        self.clear()

    def clear(self) -> None:
        """Forget every snapshot (a new run, or new data: old losses no longer compare)."""
        self._ring: list[tuple[Array, float]] = []
        self.best: tuple[Array, float] | None = None

    def add(self, flat: Array, loss: float) -> None:
        """Keep a copy of `flat`, whose full training loss is `loss` (finite)."""
        if not math.isfinite(loss):
            return
        copy = flat.copy()
        self._ring.append((copy, loss))
        del self._ring[:-self.size]
        if self.best is None or loss <= self.best[1]:
            self.best = (copy, loss)

    def before_the_rise(self) -> Array | None:
        """The newest snapshot whose loss was at most RISE_FACTOR x the lowest, else the best; or None."""
        if self.best is None:
            return None
        limit = RISE_FACTOR * self.best[1]
        return next((flat for flat, loss in reversed(self._ring) if loss <= limit), self.best[0])


@dataclass
class StepReport:
    """What one `Trainer.step(n)` call did."""

    iterations_done: int
    diverged: str | None = None
    batch: Array = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    grads: dict[str, Array] | None = None
    message: str | None = None  # e.g. "no training points"
    seconds: float = 0.0  # the time the iterations took (what a training clock paces itself by)
    stopped: str | None = None  # why a stop condition ended the call (a marked text), or None
    # of `seconds`, the records' (full-set metrics, history, snapshots): a cost per record, not per
    # iteration, so a clock can tell the two apart
    record_seconds: float = 0.0


@dataclass
class RuleCount:
    """A perceptron run's updates since its weights were last set: what Novikoff's bound counts."""

    updates: int = 0  # points the rule changed w, b on: the wrong outputs in each step's mini-batch
    largest_batch: int = 0  # the largest mini-batch of a step that updated
    other_steps: int = 0  # steps that updated with an optimizer other than SGD (not the rule)
    points_changed: bool = False  # the training points changed during the run
    first_lr: float | None = None  # the learning rate of the first step that updated
    lr_changed: bool = False  # a later updating step had another (the bound needs one η throughout)


def _loss_and_acc(model: Model, X: Array | None, t: Array | None, classify: bool) -> tuple[float, float]:
    if X is None or t is None or len(X) == 0:
        return _NAN, _NAN
    if isinstance(model, MLP):
        # one forward pass through the layers for both: exactly model.loss and model.accuracy (the
        # numbers the exported script prints), the class being the largest score
        t = np.asarray(t)
        scores = model.scores(X)
        loss = model.last_layer.forward(scores, as_targets(t, model.task, model.n_outputs))
        if not classify:
            return loss, _NAN
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        return loss, float(np.mean(scores.argmax(axis=1) == labels))
    loss = float(model.loss(X, t))
    return loss, (float(model.accuracy(X, t)) if classify else _NAN)


class Trainer:
    """Runs mini-batch gradient descent on `model` with `optimizer`, one iteration at a time."""

    def __init__(self, model: Model, optimizer: Optimizer, X_train: Array, t_train: Array,
                 X_val: Array | None = None, t_val: Array | None = None,
                 X_test: Array | None = None, t_test: Array | None = None,
                 batch_size: int = 16, seed: int = 0, max_records: int = 5000,
                 record_every: int = 1, keep_timeline: bool = True,
                 held_out_once_a_call: bool = False) -> None:
        self.model = model
        self.optimizer = optimizer
        self._seed = seed
        self._max_records = max_records
        self._record_every = max(1, int(record_every))
        # full-set metrics cost forward passes over every set: a call of many steps (a fast frame)
        # records them about this many times plus at its last iteration; None: every grid point;
        # 0: the last iteration only (every iteration is still counted)
        self.max_records_per_call: int | None = 2
        self._batches = MiniBatchIterator(0, batch_size, seed)
        # the dropout masks' generator: its state is in every snapshot, so a resumed run draws the
        # same masks as the first time (reset() seeds it again)
        self.noise = np.random.default_rng([2, seed])
        self.history = History(Layout.of(model.params).shapes, max_records, base_stride=self._record_every)
        self.snapshots = Snapshots()
        self.timeline = Timeline()  # every step's weights, optimizer and sampler, thinned with age
        self.keep_timeline = keep_timeline  # False: only the start and weights set by hand (a race's racers)
        # True: a call's records before its last measure the training set only (validation and test
        # once a call, i.e. once a frame, however many iterations it runs)
        self.held_out_once_a_call = held_out_once_a_call
        # locked parameters keep their values through training: {key: (flat indices, values)}
        self._locks: dict[str, tuple[Array, Array]] = {}
        self.base_lr = float(optimizer.lr)  # the learner's rate: a schedule moves optimizer.lr from it
        self.schedule = Schedule()
        self.stopper: Stopper | None = None  # stops the run by itself (epochs, a target, early stopping)
        self.iteration = 0
        self.set_data(X_train, t_train, X_val, t_val, X_test, t_test)  # nothing trained: starts the run

    # ------------------------------------------------------------------------------------------ state
    @property
    def batch_size(self) -> int:
        """Mini-batch size (may change between steps; larger than the set means the whole set)."""
        return self._batches.batch_size

    @batch_size.setter
    def batch_size(self, value: int) -> None:
        self._batches.batch_size = int(value)

    @property
    def record_every(self) -> int:
        """Iterations between records; full-set metrics are measured only when recording."""
        # it doubles as the history thins; every step() call also records its last iteration
        return self.history.stride

    @record_every.setter
    def record_every(self, value: int) -> None:
        self._record_every = self.history.base_stride = self.history.stride = max(1, int(value))

    @property
    def epoch(self) -> int:
        """Completed epochs."""
        return self._batches.epoch

    @property
    def epoch_float(self) -> float:
        """Completed epochs plus the fraction of the current one."""
        return self._batches.epoch + self._batches.epoch_progress

    @property
    def batches(self) -> MiniBatchIterator:
        """The mini-batch sampler."""
        return self._batches

    def reset(self) -> None:
        """Restart the run from the model's current parameters: history, counters, optimizer state."""
        shapes = Layout.of(self.model.params).shapes
        if self.history.param_shapes != shapes:
            self.history = History(shapes, self._max_records, base_stride=self._record_every)
        else:
            self.history.clear()
        size = self.history.param_size
        # two flat buffers: the last parameters known to be finite, and the ones just produced
        self._flat = np.empty(size)
        self._flat_new = np.empty(size)
        self._scratch = np.empty(size)  # evaluate()'s own copy, never one of the two above
        self.iteration = 0
        # a fresh sampler from the seed: a reset run repeats the first one batch for batch
        self._batches = MiniBatchIterator(len(self.X_train), self._batches.batch_size, self._seed)
        self.noise = np.random.default_rng([2, self._seed])
        self.diverged: str | None = None
        self.last_grads: dict[str, Array] | None = None
        self.last_batch = np.zeros(0, dtype=np.int64)
        self.rule = RuleCount()
        self.optimizer.reset()
        self._metrics_cache: tuple[Array, Metrics] | None = None
        self._flatten(self._flat)
        metrics = self.evaluate()
        self.history.record(0, 0.0, metrics, _NAN, self._flat, self._lr_now(),
                            self._penalty_now())
        self.snapshots.clear()
        self.snapshots.add(self._flat, metrics.train_loss)
        self.timeline.clear()
        self.timeline.add(self._snapshot(self._flat))
        self._lock_values()
        if self.stopper is not None:
            self.stopper.reset()

    def forget_metrics(self) -> None:
        """A setting that changes evaluation changed (dropout's scaling): measure the sets again."""
        self._metrics_cache = None

    def remeasure(self) -> None:
        """What is measured changed, not the weights (dropout's scaling, the penalty): measure the sets
        again, and the newest record, if it is of this iteration, tells the new figures (a readout read
        from the history is never stale, even while paused)."""
        self._metrics_cache = None
        h = self.history
        if len(h) == 0 or h.iteration[-1] != self.iteration:
            return
        self._flatten(self._flat)
        h.record(self.iteration, self.epoch_float, self.evaluate(), float(h.batch_loss[-1]), self._flat,
                 self._lr_now(), self._penalty_now())

    def clear_divergence(self) -> None:
        """Allow steps again after a divergence (the restored parameters are kept)."""
        self.diverged = None

    def set_data(self, X_train: Array, t_train: Array, X_val: Array | None = None,
                 t_val: Array | None = None, X_test: Array | None = None,
                 t_test: Array | None = None) -> None:
        """Replace the data (e.g. a point was dragged) keeping the model, optimizer and counters."""
        self.X_train, self.t_train = np.asarray(X_train, dtype=np.float64), np.asarray(t_train)
        self.X_val, self.t_val = X_val, t_val
        self.X_test, self.t_test = X_test, t_test
        self._metrics_cache = None
        if self.iteration == 0:
            # Nothing trained yet: start exactly as a fresh run on this data would (same batches,
            # and the initial loss measured on the new points).
            self.reset()
        else:
            self.snapshots.clear()  # losses on the old points say nothing about the new ones
            self.rule.points_changed = True
            if len(self.X_train) != self._batches.n:
                self._batches.resize(len(self.X_train))
                self.last_batch = np.zeros(0, dtype=np.int64)  # its indices now name other points

    # ------------------------------------------------------------------- weights set by hand, locks
    @property
    def locks(self) -> dict[str, Array]:
        """The locked parameters: {key: flat indices} (copies)."""
        return {key: idx.copy() for key, (idx, _) in self._locks.items()}

    def set_locks(self, locks: dict[str, Array]) -> None:
        """Lock these parameters ({key: flat indices}) at their present values; the others are free."""
        self._locks = {key: (np.unique(np.asarray(idx, np.intp)), np.empty(0))
                       for key, idx in locks.items() if len(idx)}
        self._lock_values()

    def _lock_values(self) -> None:
        """The values locked parameters keep: the ones they have now."""
        params = self.model.params
        self._locks = {key: (idx, params[key].reshape(-1)[idx].copy())
                       for key, (idx, _) in self._locks.items()
                       if key in params and (not len(idx) or idx.max() < params[key].size)}

    def _hold_locks(self) -> None:
        params = self.model.params
        for key, (idx, values) in self._locks.items():
            np.put(params[key], idx, values)  # in place: the layers and the fast route hold the arrays

    def weights_set(self) -> None:
        """The model's parameters were set other than by a step (in place): the run goes on from them.

        The newest record and snapshot become the new weights (at the same iteration), a divergence is
        forgotten, locked parameters keep their new values and the perceptron's rule count restarts.
        """
        self._metrics_cache = None
        self.diverged = None
        self.rule = RuleCount()
        self._lock_values()
        self._flatten(self._flat)
        metrics = self.evaluate()
        self.history.record(self.iteration, self.epoch_float, metrics, _NAN, self._flat, self._lr_now(),
                            self._penalty_now())
        self.snapshots.clear()
        self.snapshots.add(self._flat, metrics.train_loss)
        self.timeline.add(self._snapshot(self._flat))

    # --------------------------------------------------------------------------------- the timeline
    def _snapshot(self, flat: Array) -> Snapshot:
        state = self.optimizer.snapshot()
        return Snapshot(self.iteration, flat.copy(), state, self._batches.state(), self.epoch_float,
                        snapshot_bytes(flat, state), generator_state(self.noise))

    def rewind(self, iteration: int) -> Rewound:
        """Go back to the kept snapshot nearest `iteration` and drop the run after it (history, timeline);
        returns what `undo_rewind` needs to bring it all back. Training goes on from there exactly as it
        went on the first time, as long as the data and settings are the same."""
        present = self._snapshot(self._flatten(self._flat))
        target = self.timeline.nearest(iteration)
        assert target is not None  # reset() keeps iteration 0
        rewound = Rewound(target.iteration, present, self.history.cut_after(target.iteration - 1),
                          self.timeline.cut_after(target.iteration))
        self._go_to(target)
        self.timeline.add(target)
        return rewound

    def undo_rewind(self, rewound: Rewound) -> None:
        """Bring back the run `rewind` dropped (whatever was trained since goes)."""
        self._go_to(rewound.present)
        self.history.cut_after(rewound.iteration - 1)  # the record made on going back, and any since
        self.history.put_back(rewound.history)
        self.timeline.cut_after(rewound.iteration)  # what was trained since the rewind goes
        self.timeline.put_back(rewound.timeline)

    def _go_to(self, snap: Snapshot) -> None:
        self._restore(snap.params)
        self.optimizer.restore(snap.optimizer)
        if snap.sampler is not None:
            self._batches.restore(snap.sampler)
        if snap.noise is not None:
            set_generator_state(self.noise, snap.noise)
        self.iteration = snap.iteration
        if not self.schedule.constant:  # the rate of that point of the run (the readouts show it)
            self.optimizer.lr = self.schedule.rate(self.base_lr, self.epoch_float)
        if self.stopper is not None:  # the best weights it kept may be of the run dropped
            self.stopper.reset()
        self._metrics_cache = None
        self.diverged = None
        self.last_grads = None
        self.last_batch = np.zeros(0, dtype=np.int64)
        self._lock_values()
        self._flatten(self._flat)
        metrics = self.evaluate()
        self.history.cut_after(snap.iteration - 1)
        self.history.record(snap.iteration, self.epoch_float, metrics, _NAN, self._flat, self._lr_now(),
                            self._penalty_now())
        self.snapshots.clear()
        self.snapshots.add(self._flat, metrics.train_loss)

    # ----------------------------------------------------------------------------------------- metrics
    def evaluate(self) -> Metrics:
        """Loss/accuracy on the full sets at the current parameters (cached until params or data change)."""
        now = self._flatten(self._scratch)
        cache = self._metrics_cache
        if cache is not None and np.array_equal(cache[0], now):
            return cache[1]
        classify = self.model.task == "classification"
        with np.errstate(all="ignore"):
            metrics = Metrics(*_loss_and_acc(self.model, self.X_train, self.t_train, classify),
                              *_loss_and_acc(self.model, self.X_val, self.t_val, classify),
                              *_loss_and_acc(self.model, self.X_test, self.t_test, classify))
        self._metrics_cache = (now.copy(), metrics)
        return metrics

    def _evaluate_train(self) -> Metrics:
        """The training set's loss and accuracy only (validation and test NaN), not cached."""
        with np.errstate(all="ignore"):
            loss, acc = _loss_and_acc(self.model, self.X_train, self.t_train,
                                      self.model.task == "classification")
        return Metrics(loss, acc, _NAN, _NAN, _NAN, _NAN)

    def _flatten(self, out: Array) -> Array:
        return self.history.layout.flatten(self.model.params, out)

    def _restore(self, flat: Array) -> None:
        """Copy a flat vector back into the model's arrays, in place (layers keep their references)."""
        for k, v in self.history.unflatten(flat).items():
            self.model.params[k][...] = v

    # -------------------------------------------------------------------------------------------- step
    def step(self, n: int = 1, deadline: float | None = None) -> StepReport:
        """Run up to n mini-batch iterations; stop early (and restore the parameters) on divergence.

        With a `deadline` (a time.perf_counter() value) the call also ends with the iteration that starts
        once it has passed, recorded as a call's last iteration always is: a window's frame trains until
        the time it has left, never later, however long each iteration happens to take.
        """
        start = time.perf_counter()
        if self.diverged is not None:
            return StepReport(0, self.diverged, message=self.diverged)
        X, t = self.X_train, self.t_train
        if len(X) == 0:
            return StepReport(0, None, message="no training points")
        model, optimizer, batches, history = self.model, self.optimizer, self._batches, self.history
        fast = fast_mlp.route(model)  # an MLP's fast route (the same formulas as its layers), or None
        mlp = model if fast is None and isinstance(model, MLP) else None
        noise = self.noise
        drops = mlp is not None and mlp.drops  # only then do steps draw from `noise`
        noise_state = generator_state(noise)  # (a snapshot's copy: it changes only where masks are drawn)
        params = model.params if fast is None else {FLAT_KEY: fast.theta}
        # ravelled views of the parameters: a flat copy is one concatenate, not a dict walk
        ravelled = [p.reshape(-1) for p in params.values()]
        # reshape(-1) either views the array or copies it (a copy shares no memory at all): a
        # non-contiguous parameter falls back to copying through the dict
        shared = all(np.may_share_memory(v, p) for v, p in zip(ravelled, params.values(), strict=True))
        views = ravelled if shared else None
        flat, flat_new = self._flatten(self._flat), self._flat_new
        grads: dict[str, Array] | None = None
        batch = self.last_batch
        done = 0
        # a perceptron's step updates w, b on each wrong point of its batch (SGD: the perceptron rule)
        perceptron = model if isinstance(model, Perceptron) else None
        wrong = 0
        every = self._record_spacing(n)
        locks, timeline = bool(self._locks), self.timeline if self.keep_timeline else None
        stopper, stopped = self.stopper, None
        if stopper is not None:
            n = stopper.iterations_allowed(self.iteration, n)
        schedule = None if self.schedule.constant else self.schedule
        size: int | None = None  # a snapshot's bytes: the same for every step of this call
        record_seconds = 0.0
        with np.errstate(all="ignore"):  # overflow is expected on the way to a divergence
            for k in range(n):
                final = k == n - 1 or (deadline is not None and time.perf_counter() >= deadline)
                i = self.iteration + 1
                if schedule is not None:  # the rate for the epoch this iteration starts in
                    optimizer.lr = schedule.rate(self.base_lr, batches.epoch + batches.epoch_progress)
                batch = batches.next_batch()
                Xb, tb = X[batch], t[batch]
                if every < history.stride:  # the history thinned during this call
                    every = history.stride
                recording = final or i % every == 0
                if perceptron is not None:
                    wrong = perceptron.errors(Xb, tb)  # before the update: the points it is made on
                if mlp is not None:  # the layers: dropout masks from the trainer's generator
                    batch_loss = mlp.data_loss(Xb, tb) if recording else 0.0
                    grads = mlp.gradient(Xb, tb, rng=noise)
                    if drops:
                        noise_state = generator_state(noise)
                elif fast is None:
                    batch_loss = float(model.loss(Xb, tb)) if recording else 0.0
                    grads = model.gradient(Xb, tb)
                else:
                    batch_loss = fast.data_loss(Xb, tb) if recording else 0.0
                    grads = {FLAT_KEY: fast.gradient(Xb, tb)}
                optimizer.update(params, grads)
                if locks:
                    self._hold_locks()
                if views is None:
                    self._flatten(flat_new)
                else:
                    np.concatenate(views, out=flat_new)
                # ||p||^2 <= MAX^2 proves every |p| <= MAX and finite in one dot product; only a
                # failure needs the exact test (NaN fails every comparison)
                sq = float(np.dot(flat_new, flat_new))
                problem = None
                if not (sq <= MAX_PARAM * MAX_PARAM):
                    problem = self._check(flat_new)
                if problem is None and not math.isfinite(batch_loss):
                    problem = "the loss exploded"
                if problem is not None:
                    self._diverge(problem, i, flat)
                    break
                flat, flat_new = flat_new, flat
                self.iteration = i
                done += 1
                if batches.epoch_ended:
                    history.mark_epoch(i, batches.epoch)
                if recording:
                    record_start = time.perf_counter()
                    last = final or not self.held_out_once_a_call
                    metrics = self.evaluate() if last else self._evaluate_train()
                    if not math.isfinite(metrics.train_loss):
                        # the step landed somewhere finite but the loss overflowed there: undo it
                        self.iteration = i - 1
                        done -= 1
                        self._diverge("the loss exploded", i, flat_new)
                        break
                    history.record(i, self.epoch_float, metrics, batch_loss, flat, optimizer.lr,
                                   self._penalty_now())
                    self.snapshots.add(flat, metrics.train_loss)
                    record_seconds += time.perf_counter() - record_start
                if wrong:  # counted once the step stands
                    self._count_rule(wrong, len(batch))
                if timeline is not None:  # the step, to scrub back to and resume from
                    state = optimizer.snapshot()
                    if size is None:
                        size = snapshot_bytes(flat, state)
                    epoch = batches.epoch + batches.epoch_progress
                    timeline.add(Snapshot(i, flat.copy(), state, batches.state(), epoch, size, noise_state))
                if stopper is not None:
                    stopped = self._stop_check(stopper, flat, recording)
                    if stopped is not None:
                        break
                if final:
                    break  # (the deadline passed: this iteration was the call's last)
        self._flat, self._flat_new = flat, flat_new
        if fast is not None and grads is not None:
            grads = fast.layout.unflatten(grads[FLAT_KEY])  # the model's keys (views of the vector)
        self.last_grads = grads
        self.last_batch = batch
        return StepReport(done, self.diverged, batch, grads, self.diverged, time.perf_counter() - start,
                          stopped, record_seconds)

    def _stop_check(self, stopper: Stopper, flat: Array, recorded: bool) -> str | None:
        """After iteration `self.iteration`: has a stop condition become true? The run then ends there,
        recorded (and, for early stopping with restore_best, back at the best validation weights)."""
        batches = self._batches
        why = stopper.after_iteration(self.iteration, batches.epoch, batches.epoch_ended)
        if why is None and batches.epoch_ended and stopper.rule.patience is not None:
            with np.errstate(all="ignore"):
                val_loss, _ = _loss_and_acc(self.model, self.X_val, self.t_val,
                                            self.model.task == "classification")
            why = stopper.at_epoch_end(self.iteration, val_loss, flat)
            if why is not None and stopper.rule.restore_best and stopper.best_params is not None:
                self._restore(stopper.best_params)
                self.optimizer.reset()
                self._metrics_cache = None
                recorded = False  # the weights are new: recorded below
        if why is None and recorded:  # the targets are checked where the training set is measured
            newest = self.history
            why = stopper.after_record(float(newest.train_loss[-1]), float(newest.train_acc[-1]))
        if why is not None and not recorded:
            self._flatten(self._flat)
            self.history.record(self.iteration, self.epoch_float, self.evaluate(), _NAN, self._flat,
                                self._lr_now(), self._penalty_now())
            if self.keep_timeline:
                self.timeline.add(self._snapshot(self._flat))
        return why

    def _penalty_now(self) -> float:
        """The model's weight penalty (0 for a model without one): the History's penalty column."""
        return float(self.model.penalty_value()) if isinstance(self.model, MLP) else 0.0

    def _lr_now(self) -> float:
        return float(getattr(self.optimizer, "lr", _NAN))

    def _count_rule(self, wrong: int, batch_size: int) -> None:
        rule = self.rule
        rule.updates += wrong
        rule.largest_batch = max(rule.largest_batch, batch_size)
        rule.other_steps += type(self.optimizer).name != "SGD"
        lr = float(getattr(self.optimizer, "lr", 0.0))
        if wrong and rule.first_lr is None:
            rule.first_lr = lr
        elif wrong and lr != rule.first_lr:
            rule.lr_changed = True  # from w = 0 the bound holds for any one η, not for a changing one

    def _record_spacing(self, n: int) -> int:
        """Iterations between records in a call of n steps."""
        # the history's stride, doubled while the call would record more than max_records_per_call:
        # a power-of-two multiple of the stride, so every record still lies on the history's grid
        every = self.history.stride
        cap = self.max_records_per_call
        if cap == 0:  # no iteration number is a multiple of this: only the call's last is recorded
            return ONLY_THE_LAST
        while cap and n // every > cap:
            every *= 2
        return every

    @staticmethod
    def _check(flat: Array) -> str | None:
        if not np.isfinite(flat).all():
            return QT_TRANSLATE_NOOP("Training", "the loss exploded")
        if np.abs(flat).max() > MAX_PARAM:
            return filled(QT_TRANSLATE_NOOP("Training", "the weights grew beyond ±{limit}"),
                          limit=f"{MAX_PARAM:.0e}".replace("e+0", "e"))
        return None

    def _diverge(self, problem: str, iteration: int, last_good: Array) -> None:
        before = self.snapshots.before_the_rise()
        restored = last_good if before is None else before
        self._restore(restored)
        self.optimizer.reset()  # momentum/Adam state was built on the bad gradients
        self._metrics_cache = None
        # the newest record is now the restored weights: curves and paths end where training resumes
        self.history.record(self.iteration, self.epoch_float, self.evaluate(), _NAN, restored, self._lr_now(),
                            self._penalty_now())
        self.timeline.add(self._snapshot(restored))
        # a str for logs and tests that still translates as a whole where it is shown (translatable.py)
        self.diverged = filled(QT_TRANSLATE_NOOP("Training", "{problem} at iteration {iteration}: "
                                                             "try a smaller learning rate"),
                               problem=problem, iteration=iteration)
