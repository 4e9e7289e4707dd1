"""What the optimizer playground draws, as arrays and plain values: the function's shades and contour
levels, each runner's path thinned to the screen and clipped near the window, its step dots and head,
the glyph arrows in screen pixels, and the readouts (marked for translation: the widget passes its
`translate`). No Qt (the widget is `app.playground`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from visualnet.core import contours, optimizers
from visualnet.core.race import Race, Runner
from visualnet.core.surfaces import Surface
from visualnet.presenters.geometry import PathThinner, clip_segments, dot_indices, pixel_arrow
from visualnet.translatable import QT_TRANSLATE_NOOP, Translate, untranslated

Array = npt.NDArray[np.float64]

SURFACE_RES = 161  # samples per axis of the drawn surface
N_CONTOURS = 14
MAX_DOTS = 200  # step dots per path (thinned evenly beyond)
DOT_GRID_PX = 4.0  # at most one step dot per cell of this many screen pixels
PATH_CELL_PX = 1.5  # path points closer than this (in a cell this size) are drawn as one
CLIP_MARGIN = 1.0  # paths are clipped to the window widened by this many spans on each side
ARROW_MIN_PX, ARROW_MAX_PX = 20.0, 160.0  # glyph arrows are drawn within these lengths, direction kept
HEAD_PX, HEAD_DEG = 9.0, 26.0
GLYPHS = ("gradient", "velocity", "step")


def rank_image(Z: Array) -> npt.NDArray[np.float32]:
    """Each value's rank among all of Z, in [0, 1], float32: every shade is used, whatever f's range.

    Where f is not a finite number (outside the domain of log or sqrt) the rank is 1, the darkest.
    """
    finite = np.isfinite(Z).ravel()
    flat = np.where(finite, Z.ravel(), np.inf)
    ranks = np.empty(flat.size)
    ranks[np.argsort(flat, kind="stable")] = np.linspace(0.0, 1.0, flat.size)
    ranks[~finite] = 1.0
    return np.ascontiguousarray(ranks.reshape(Z.shape), dtype=np.float32)


def contour_levels(Z: Array, n: int = N_CONTOURS) -> Array:
    """Levels at quantiles of f, denser towards the bottom (where the optimizers end up)."""
    finite = Z[np.isfinite(Z)]
    if finite.size == 0:
        return np.zeros(0)
    q = ((np.arange(n) + 1.0) / (n + 1.0)) ** 1.7
    levels: Array = np.unique(np.quantile(finite, q))
    return levels


@dataclass(frozen=True)
class SurfacePicture:
    """One function as the playground shows it (made once per function)."""

    shades: npt.NDArray[np.float32]  # (res, res) ranks in [0, 1], row 0 at the bottom
    rect: tuple[float, float, float, float]  # (x, y, width, height): the cell centres on the grid
    segments: Array  # (2k, 2) contour segment pairs
    minima: Array  # (m, 2)
    clip: tuple[Array, Array]  # (lo, hi): the window widened by CLIP_MARGIN spans on each side
    caption: str  # "f(x, y) = …<br>∇f = (…, …)" (rich text)


def surface_picture(s: Surface) -> SurfacePicture:
    """Shades, contours, minima, clip window and caption of a function over its window."""
    xs, ys, Z = s.grid(SURFACE_RES)
    (x0, x1), (y0, y1) = s.xlim, s.ylim
    dx, dy = (x1 - x0) / (SURFACE_RES - 1), (y1 - y0) / (SURFACE_RES - 1)
    cx, cy = contours.contour_segments(Z, xs, ys, contour_levels(Z))
    lo, hi = np.array([x0, y0]), np.array([x1, y1])
    span = hi - lo
    gx, gy = s.gradient_text
    grad = f"<br>∇f = ({gx}, {gy})" if gx else ""
    return SurfacePicture(rank_image(Z), (x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy),
                          np.column_stack([cx, cy]), np.array(s.minima, dtype=float).reshape(-1, 2),
                          (lo - CLIP_MARGIN * span, hi + CLIP_MARGIN * span), f"f(x, y) = {s.formula}{grad}")


@dataclass(frozen=True)
class RunnerDrawing:
    """What one optimizer shows this frame, in data coordinates (every array finite).

    path: (m, 2) a polyline, or segment pairs (2k, 2) when `pairs` (a path clipped to the window);
    dots: (k, 2) the step dots; head: (2,) the current position; diverged: marked with a ×.
    """

    name: str
    color: str
    path: Array
    pairs: bool
    dots: Array
    head: Array
    diverged: bool = False


class RunnerGeometry:
    """Each runner's path and step dots thinned to the screen as they grow (one PathThinner each)."""

    def __init__(self, names: Iterable[str]) -> None:
        # per runner: the path, a point per cell of PATH_CELL_PX; its dots, one per DOT_GRID_PX cell
        # (the head marks "now": the newest point gets a dot only when it enters a new cell)
        self.thinners = {n: (PathThinner("cells"), PathThinner("cells", keep_last=False)) for n in names}

    def drawing(self, r: Runner, color: str, pixel: Array, clip: tuple[Array, Array]) -> RunnerDrawing:
        """What runner r shows now: its path thinned to the pixels and clipped, dots, head (all finite)."""
        lo, hi = clip
        if not (pixel[0] > 0 and pixel[1] > 0):
            pixel = (hi - lo) / 1000.0  # not laid out yet
        path_thinner, dot_thinner = self.thinners[r.name]
        path, _ = path_thinner(r.path, PATH_CELL_PX * pixel, version=r.rewrites)
        pairs = not (np.all(path.min(axis=0) >= lo) and np.all(path.max(axis=0) <= hi))
        if pairs:  # part of it ran far away: draw what is near the window, exactly
            path = np.column_stack(clip_segments(path, lo, hi)).reshape(-1, 2)
        dots, _ = dot_thinner(r.path, DOT_GRID_PX * pixel, version=r.rewrites)
        dots = dots[np.all((dots >= lo) & (dots <= hi), axis=1)]
        if len(dots) > MAX_DOTS:
            dots = dots[dot_indices(len(dots), MAX_DOTS)]
        return RunnerDrawing(r.name, color, path, pairs, dots, np.clip(r.position, lo, hi), r.diverged)


def glyph_vectors(r: Runner) -> dict[str, Array | None]:
    """The three arrows of a runner in (x, y) units: −lr·∇f, the momentum carried on, the last step."""
    opt = r.optimizer
    velocity = None
    if r.velocity is not None:
        # Adam's m is a running mean of gradients: in −lr·∇f's units; Momentum and Nesterov carry β·v
        velocity = (-opt.lr * r.velocity if isinstance(opt, optimizers.Adam)
                    else getattr(opt, "momentum", 1.0) * r.velocity)
    return {"gradient": -opt.lr * r.gradient, "velocity": velocity, "step": r.last_step}


def glyph_arrows(runners: Iterable[Runner], shown: set[str], pixel: tuple[float, float]) -> dict[str, Array]:
    """The shown arrows of every runner, by kind, as (6k, 2) segment pairs (shaft and head strokes)."""
    arrows: dict[str, list[Array]] = {g: [] for g in GLYPHS}
    for r in runners:
        if r.steps == 0 or r.diverged:  # no step yet; or the next one is the one that failed
            continue
        for g, v in glyph_vectors(r).items():
            if g in shown and v is not None and np.all(np.isfinite(v)):
                # the last step ends at the head; the others start there
                arrow = pixel_arrow(r.position, v, pixel, ARROW_MIN_PX, ARROW_MAX_PX, HEAD_PX, HEAD_DEG,
                                    ends_at=g == "step")
                if len(arrow):
                    arrows[g].append(arrow)
    return {g: np.concatenate(a) if a else np.empty((0, 2)) for g, a in arrows.items()}


# the readouts and the status line, marked for translation (context "Playground")
UNDEFINED_AT_START = QT_TRANSLATE_NOOP("Playground", "f is undefined at the start")
DIVERGED_AT = QT_TRANSLATE_NOOP("Playground", "diverged at step {step}")
OFF = QT_TRANSLATE_NOOP("Playground", "off")
CATCHING_UP = QT_TRANSLATE_NOOP("Playground", "catching up… {percent}")
# the status line: the step counter, with the limit and who the race waits for where there are any
STATUS = {
    (False, False): QT_TRANSLATE_NOOP("Playground", "step {steps}"),
    (True, False): QT_TRANSLATE_NOOP("Playground", "step {steps} of {limit}"),
    (False, True): QT_TRANSLATE_NOOP("Playground", "step {steps} · waiting for {names}"),
    (True, True): QT_TRANSLATE_NOOP("Playground", "step {steps} of {limit} · waiting for {names}"),
}


def readout(r: Runner, race_steps: int, error_color: str, off_color: str,
            translate: Translate = untranslated) -> str:
    """One runner's readout (rich text): f and |∇f|, or why it shows none."""
    if r.diverged_at == 0:
        return f"<span style='color:{error_color}'>{UNDEFINED_AT_START.in_language(translate)}</span>"
    if r.diverged:
        text = DIVERGED_AT.in_language(translate).format(step=r.diverged_at)
        return f"<span style='color:{error_color}'>{text}</span>"
    if not r.active:
        return f"<span style='color:{off_color}'>{OFF.in_language(translate)}</span>"
    if r.catching_up:
        done = r.steps / max(1, race_steps)
        text = CATCHING_UP.in_language(translate).format(percent=f"{done:.0%}")
        return f"<span style='color:{off_color}'>{text}</span>"
    return f"f {r.value:.3g} · |∇f| {r.grad_norm:.2g}"


def status_text(race: Race, stop_at: int, translate: Translate = untranslated) -> str:
    """'step 12 of 30 · waiting for Adam': the step counter, the limit and who is catching up."""
    steps = race.steps
    # the race waits for the ones catching up: Play and Step do nothing until they are level
    behind = [r.name for r in race.catching_up]
    template = STATUS[0 < steps <= stop_at, bool(behind)]
    return template.in_language(translate).format(steps=steps, limit=stop_at, names=", ".join(behind))
