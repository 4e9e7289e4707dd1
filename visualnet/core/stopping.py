"""When training stops by itself: after so many epochs or iterations, at a target loss or accuracy, or
when the validation loss has not improved for `patience` epochs (early stopping, the best weights kept).

Each condition stops the run once, when it becomes true (the epoch count reached, the loss crossing the
target): training started again goes on past it. Early stopping then waits another `patience` epochs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from visualnet.translatable import QT_TRANSLATE_NOOP, filled

__all__ = ["StopRule", "Stopper"]

Array = np.ndarray


@dataclass(frozen=True)
class StopRule:
    """The conditions (None: not used)."""

    epochs: int | None = None  # stop when this many epochs are done
    iterations: int | None = None  # ... or this many iterations
    target_loss: float | None = None  # ... or when the training loss is at or below this
    target_accuracy: float | None = None  # ... or the training accuracy at or above this (0..1)
    patience: int | None = None  # early stopping: epochs without a lower validation loss
    restore_best: bool = False  # early stopping puts back the weights of the lowest validation loss

    def __post_init__(self) -> None:
        for name in ("epochs", "iterations", "patience"):
            value = getattr(self, name)
            if value is not None and (int(value) != value or value < 1):
                raise ValueError(f"{name} is a whole number of at least 1, not {value}")
        if self.target_loss is not None and not (self.target_loss > 0 and math.isfinite(self.target_loss)):
            raise ValueError(f"the target loss is a positive number, not {self.target_loss}")
        if self.target_accuracy is not None and not (0 < self.target_accuracy <= 1):
            raise ValueError(f"the target accuracy is in (0, 1], not {self.target_accuracy}")

    @property
    def active(self) -> bool:
        """Whether any condition is set."""
        return any(v is not None for v in (self.epochs, self.iterations, self.target_loss,
                                           self.target_accuracy, self.patience))


class Stopper:
    """Follows a run and says when a StopRule's condition became true (a marked text) — once each."""

    def __init__(self, rule: StopRule) -> None:
        self.rule = rule
        self.reset()

    def reset(self) -> None:
        """A new run: nothing met, no best validation loss yet."""
        self.best_loss = math.inf
        self.best_iteration = -1
        self.best_params: Array | None = None
        self.epochs_without_better = 0
        self._target_met = False

    def iterations_allowed(self, iteration: int, n: int) -> int:
        """Of n iterations asked for at `iteration`, how many run before the iteration count stops them."""
        limit = self.rule.iterations
        if limit is None or iteration >= limit:
            return n  # reached before (training was started again): no more stop on it
        return min(n, limit - iteration)

    def after_iteration(self, iteration: int, epoch: int, epoch_ended: bool) -> str | None:
        """After an iteration: the iteration or epoch count reached?"""
        rule = self.rule
        if rule.iterations is not None and iteration == rule.iterations:
            return filled(QT_TRANSLATE_NOOP("Stopping", "stopped after {n:,} iterations"), n=iteration)
        if rule.epochs is not None and epoch_ended and epoch == rule.epochs:
            return filled(QT_TRANSLATE_NOOP("Stopping", "stopped after {n} epochs"), n=epoch)
        return None

    def after_record(self, train_loss: float, train_acc: float) -> str | None:
        """After the training set was measured: a target reached (the first time it is)?"""
        rule = self.rule
        met = ((rule.target_loss is not None and train_loss <= rule.target_loss)
               or (rule.target_accuracy is not None and train_acc >= rule.target_accuracy - 1e-12))
        if not met:
            self._target_met = False  # it may be crossed again later
            return None
        if self._target_met:
            return None
        self._target_met = True
        if rule.target_loss is not None and train_loss <= rule.target_loss:
            return filled(QT_TRANSLATE_NOOP("Stopping", "stopped: the training loss reached {target}"),
                          target=f"{rule.target_loss:g}")
        return filled(QT_TRANSLATE_NOOP("Stopping", "stopped: the training accuracy reached {target}%"),
                      target=f"{100 * (rule.target_accuracy or 0):g}")

    def at_epoch_end(self, iteration: int, val_loss: float, params: Array) -> str | None:
        """At the end of an epoch, with the validation loss then: has it stopped improving?"""
        if self.rule.patience is None or not math.isfinite(val_loss):
            return None
        if val_loss < self.best_loss:
            self.best_loss, self.best_iteration = val_loss, iteration
            self.best_params = params.copy()
            self.epochs_without_better = 0
            return None
        self.epochs_without_better += 1
        if self.epochs_without_better < self.rule.patience:
            return None
        self.epochs_without_better = 0  # started again, it waits another `patience` epochs
        return filled(QT_TRANSLATE_NOOP(
            "Stopping", "stopped early: the validation loss has not improved for {n} epochs (best {best} at "
                        "iteration {at:,})"), n=self.rule.patience, best=f"{self.best_loss:.4g}",
            at=self.best_iteration)
