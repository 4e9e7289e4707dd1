"""Where the perceptron's two handles sit in the data view, and the w, b a drag of one of them gives (no Qt).

The data view draws the line w·x + b = 0 clipped to the view and the arrow of w from the line's middle
(`presenters.dataset.perceptron_glyphs`, always 1/5 of the view's smaller side long). The line handle
sits at the arrow's foot: dragging it moves the line along w (b changes, w does not). The tip handle
sits at the arrow's tip: dragging it turns w and stretches it (|w| grows with the arrow's length), and
the line turns with it about the foot, which stays on the line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from visualnet.core.training import MAX_PARAM
from visualnet.presenters.dataset import perceptron_glyphs
from visualnet.translatable import QT_TRANSLATE_NOOP

Array = npt.NDArray[np.float64]
Range = tuple[float, float]
Handle = Literal["line", "tip"]

__all__ = ["LINE_TIP", "MIN_STRETCH", "TIP_TIP", "Handle", "HandleDrag", "HandlePlaces", "handle_places",
           "readout"]

LINE_TIP = QT_TRANSLATE_NOOP("PerceptronHandles", "Drag: move the line along w (changes the bias b; w stays)")
TIP_TIP = QT_TRANSLATE_NOOP("PerceptronHandles", "Drag: turn w and stretch it (changes w1 and w2; the line "
                                                 "turns about its handle)")
MIN_STRETCH = 0.05  # the tip is kept this share of the arrow's length from the foot: w never reaches 0


@dataclass(frozen=True)
class HandlePlaces:
    """The two handles in data coordinates, and the arrow's length they were placed for."""

    line: Array  # (2,) the arrow's foot, on the line w·x + b = 0
    tip: Array  # (2,) the arrow's tip
    length: float  # |tip - foot| in data units

    def at(self, handle: Handle) -> Array:
        """Where `handle` is."""
        return self.line if handle == "line" else self.tip


def handle_places(w: npt.ArrayLike, b: float, xlim: Range, ylim: Range) -> HandlePlaces | None:
    """The handles of the line and arrow the data view draws; None when it draws none (w = 0, or the
    line outside the view)."""
    glyphs = perceptron_glyphs(np.asarray(w, float).reshape(2), float(b), xlim, ylim)
    if glyphs is None:
        return None
    foot, tip = np.asarray(glyphs.foot, float), np.asarray(glyphs.tip, float)
    return HandlePlaces(foot, tip, float(np.hypot(*(tip - foot))))


@dataclass(frozen=True)
class HandleDrag:
    """A drag of one handle from `start` (the mouse's press, data coordinates), from weights w, b."""

    handle: Handle
    w: Array  # (2,) when the drag started
    b: float
    places: HandlePlaces  # ... and the handles then
    start: Array  # (2,) where the mouse was pressed

    def weights_at(self, p: npt.ArrayLike) -> tuple[Array, float]:
        """(w, b) with the mouse at data point `p` (the handle moved by p - start)."""
        moved = np.asarray(p, float).reshape(2) - self.start
        if self.handle == "line":
            # the line through the moved foot, w kept: w·(foot + moved) + b' = 0, and w·foot = -b
            return self.w.copy(), _clip(self.b - float(self.w @ moved))
        foot, length = self.places.line, self.places.length
        arrow = self.places.tip + moved - foot
        reach = float(np.hypot(*arrow))
        if reach < MIN_STRETCH * length:  # too near the foot to say a direction: keep w's, shortened
            arrow = self.places.tip - foot if reach == 0 else arrow
            arrow = arrow * (MIN_STRETCH * length / float(np.hypot(*arrow)))
            reach = MIN_STRETCH * length
        # w along the arrow, |w| scaled as the arrow's length; the line through the foot: b = -w·foot
        w = np.clip(arrow * (float(np.hypot(*self.w)) / length), -MAX_PARAM, MAX_PARAM)
        return w, _clip(-float(w @ foot))


def _clip(b: float) -> float:
    """A bias the session takes (within ±MAX_PARAM)."""
    return float(np.clip(b, -MAX_PARAM, MAX_PARAM))


def readout(w: npt.ArrayLike, b: float) -> str:
    """The weights as the course writes them, e.g. 'w = (0.50, −0.50)   b = 0.70' (by a dragged handle)."""
    w1, w2 = np.asarray(w, float).reshape(2)
    return f"w = ({w1:.2f}, {w2:.2f})   b = {b:.2f}".replace("-", "−")
