"""When a costly panel updates: every time while an update fits its share of a frame, else less often.

A panel (the neuron maps, the gradient check, the confusion matrix) may spend BUDGET_S of every frame
(FRAME_S) on average: an update that costs c seconds waits c · FRAME_S / BUDGET_S before the next, and
its caption says so (`note`).
"""

from __future__ import annotations

import math

from visualnet.translatable import Message, Translate, untranslated

__all__ = ["BUDGET_S", "FRAME_S", "FrameBudget"]

FRAME_S = 1 / 60
BUDGET_S = 0.004  # an update may take this much of every frame; above it the panel updates less often


class FrameBudget:
    """Whether an update may run now, from the cost of the last ones."""

    def __init__(self, throttled_text: str, smoothing: float = 1.0) -> None:
        self.throttled_text = throttled_text  # a marked text with {ms}, {budget} and {seconds}
        self.smoothing = smoothing  # the newest cost's weight in the running mean (1: the last alone)
        self.cost = 0.0  # seconds an update takes
        self.runs = 0
        self.not_before = -math.inf

    @property
    def throttled(self) -> bool:
        """Whether the last update cost more than the budget (so the next waits)."""
        return self.cost > BUDGET_S

    @property
    def interval_s(self) -> float:
        """The least time between two updates: they may use BUDGET_S of every FRAME_S on average."""
        return self.cost * FRAME_S / BUDGET_S

    def due(self, now: float) -> bool:
        """Whether an update may run now."""
        return now >= self.not_before

    def ran(self, cost: float, now: float) -> None:
        """An update ran at `now` and took `cost` seconds."""
        # a running mean: one slow frame (a collection, another process) is no trend
        self.cost = cost if self.runs == 0 else (1 - self.smoothing) * self.cost + self.smoothing * cost
        self.runs += 1
        self.not_before = now + self.interval_s if self.throttled else -math.inf

    def note(self, translate: Translate = untranslated) -> str:
        """The caption saying the panel updates less often, or ''."""
        if not self.throttled:
            return ""
        return Message(self.throttled_text, ms=f"{1000 * self.cost:.3g}", budget=f"{1000 * BUDGET_S:.0f}",
                       seconds=f"{self.interval_s:.2g}").text(translate)
