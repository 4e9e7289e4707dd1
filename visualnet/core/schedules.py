"""Learning-rate schedules: the rate at a (fractional) epoch, from the base rate η₀ the learner set.

    constant      η = η₀
    step          η = η₀ · γ^⌊epoch / every⌋         (γ = `factor`: ×0.5 every 10 epochs)
    exponential   η = η₀ · γ^epoch                   (smooth: ×γ per epoch)
    cosine        η = η_min + (η₀ − η_min) · (1 + cos(π · min(epoch, T) / T)) / 2,  η_min = η₀ · `floor`

The trainer sets the optimizer's `lr` from the schedule before every iteration, so whatever shows the
rate (the step written out, the loss surface's arrow) shows the one in use.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["KINDS", "Schedule"]

KINDS = ("constant", "step", "exponential", "cosine")


@dataclass(frozen=True)
class Schedule:
    """A learning-rate schedule; `rate(base, epoch)` is the rate at that point of the run."""

    kind: str = "constant"
    factor: float = 0.5  # step: ×factor every `every` epochs; exponential: ×factor per epoch
    every: float = 10.0  # step: epochs between decays; cosine: epochs T to reach the floor
    floor: float = 0.0  # cosine: the lowest rate as a fraction of the base

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown schedule {self.kind!r}; choose from {', '.join(KINDS)}")
        if not (0.0 < self.factor <= 1.0):
            raise ValueError(f"a schedule's factor is in (0, 1], not {self.factor}")
        if not (self.every > 0 and math.isfinite(self.every)):
            raise ValueError(f"a schedule's epochs are positive, not {self.every}")
        if not (0.0 <= self.floor <= 1.0):
            raise ValueError(f"a cosine schedule's floor is in [0, 1], not {self.floor}")

    @property
    def constant(self) -> bool:
        """Whether the rate never changes."""
        return self.kind == "constant" or (self.kind in ("step", "exponential") and self.factor == 1.0)

    def rate(self, base: float, epoch: float) -> float:
        """The learning rate after `epoch` epochs (fractional: iterations / iterations per epoch)."""
        epoch = max(0.0, epoch)
        if self.kind == "step":
            return base * self.factor ** math.floor(epoch / self.every)
        if self.kind == "exponential":
            return base * self.factor ** epoch
        if self.kind == "cosine":
            low = base * self.floor
            return low + (base - low) * (1.0 + math.cos(math.pi * min(epoch, self.every) / self.every)) / 2.0
        return base
