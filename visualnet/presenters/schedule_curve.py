"""The learning-rate schedule's curve the training controls draw: η over the epochs, and the rate now."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from visualnet.core.schedules import Schedule

__all__ = ["POINTS", "ScheduleCurve", "schedule_curve", "span_of"]

POINTS = 200


@dataclass(frozen=True)
class ScheduleCurve:
    """η at POINTS epochs from 0 to `span`."""

    span: float
    epochs: np.ndarray
    rates: np.ndarray


def span_of(schedule: Schedule, epoch: float) -> float:
    """The epochs shown: the schedule's own span (1.5 of its period, or 20), doubled while training passes
    it, so the curve is redrawn only now and then."""
    span = schedule.every * 1.5 if schedule.kind in ("step", "cosine") else 20.0
    while span < epoch * 1.1:
        span *= 2
    return span


def schedule_curve(schedule: Schedule, base: float, span: float) -> ScheduleCurve:
    """η over [0, span] epochs from the base rate."""
    epochs = np.linspace(0.0, span, POINTS)
    return ScheduleCurve(span, epochs, np.array([schedule.rate(base, float(e)) for e in epochs]))
