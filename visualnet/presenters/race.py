"""What the network race writes and where its marks go, Qt-free: each racer's readout, the caption of
the plane, the plane's grid resolution, the point where a path leaves the window.

Texts are marked in the "RaceView" context and translated through the `translate` the view passes in.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from visualnet.core import grids
from visualnet.netrace import Racer
from visualnet.presenters.geometry import clip_segments
from visualnet.presenters.loss_surface import surface_sample
from visualnet.presenters.param_names import param_label
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Translate, untranslated

__all__ = ["SURFACE_RES", "caption", "exit_point", "first_params", "readout", "surface_res"]

SURFACE_RES = 41  # the plane's grid, at most (coarser for large networks: surface_res)
OFF = QT_TRANSLATE_NOOP("RaceView", "off")
DIVERGED = QT_TRANSLATE_NOOP("RaceView", "✕ diverged at {iteration}")
CATCHING_UP = QT_TRANSLATE_NOOP("RaceView", "catching up… {done} of {total}")
CAPTIONS = {
    "pca": QT_TRANSLATE_NOOP(
        "RaceView", "Loss on {n} training points over the plane through the common start ○ along PC1 and "
                    "PC2, the first two principal components of all paths (% of their spread)."),
    "axes": QT_TRANSLATE_NOOP(
        "RaceView", "Loss on {n} training points over the plane through the common start ○ along {first} and "
                    "{second} (no step yet)."),
    "random": QT_TRANSLATE_NOOP(
        "RaceView", "Loss on {n} training points over the plane through the common start ○ along two random "
                    "directions (no step yet)."),
}
COARSER = QT_TRANSLATE_NOOP("RaceView", "{res}×{res}, coarser for this many weights and points.")
REFITTED = QT_TRANSLATE_NOOP("RaceView", "Refitted every {n} iterations.")


def readout(r: Racer, iteration: int, colors: Mapping[str, str], translate: Translate = untranslated) -> str:
    """A racer's line (HTML): its iteration, loss and accuracy; or off, diverged, catching up (coloured)."""
    if not r.active:
        return f"<span style='color:{colors['muted']}'>{OFF.in_language(translate)}</span>"
    if r.diverged:
        text = DIVERGED.in_language(translate).format(iteration=r.diverged_at)
        return f"<span style='color:{colors['error']}'>{text}</span>"
    if r.catching_up:
        text = CATCHING_UP.in_language(translate).format(done=f"{r.iteration:,}", total=f"{iteration:,}")
        return f"<span style='color:{colors['muted']}'>{text}</span>"
    loss, acc = r.last("train_loss"), r.last("train_acc")
    parts = [str(r.iteration), f"{loss:.3g}" if math.isfinite(loss) else "–"]
    if math.isfinite(acc):
        parts.append(f"{acc:.0%}")
    return " · ".join(parts)


def first_params(weights: Mapping[str, np.ndarray]) -> list[str]:
    """Names of the first two scalar parameters, e.g. ['w[0]', 'w[1]']."""
    scalars = [(k, i) for k, v in weights.items() for i in range(v.size)][:2]
    return [param_label(k, weights[k].shape, i) for k, i in scalars]


def surface_res(session: Session) -> int:
    """The finest plane grid within the surface budget: 41×41 for small networks, coarser for large."""
    X = surface_sample(session)[0]
    cost = (0 if X is None else len(X)) * grids.forward_cost(session.model)  # racers copy it
    return grids.budget_res(grids.SURFACE_BUDGET, cost, SURFACE_RES, 5)


def caption(session: Session, kind: str, weights: Mapping[str, np.ndarray], steps_per_surface: int,
            translate: Translate = untranslated) -> str:
    """What the plane shows: the loss over which points, along which directions (`kind`: pca | axes |
    random), how fine, how often refitted."""
    n = len(surface_sample(session)[0])
    first, second = first_params(weights) if kind == "axes" else ("", "")
    sentences = [CAPTIONS.get(kind, CAPTIONS["random"]).in_language(translate).format(
        n=n, first=first, second=second)]
    res = surface_res(session)
    if res < SURFACE_RES:
        sentences.append(COARSER.in_language(translate).format(res=res))
    if steps_per_surface > 1:
        sentences.append(REFITTED.in_language(translate).format(n=steps_per_surface))
    text = sentences[0]
    for sentence in sentences[1:]:  # English sentences are spaced; Chinese ones follow a 。 directly
        text += sentence if text.endswith("。") else f" {sentence}"
    return text


def exit_point(path: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """The last point of `path` drawn inside the box [lo, hi]: where it finally leaves it."""
    x, y = clip_segments(path, lo, hi)
    if len(x):
        return np.array([x[-1], y[-1]])
    return np.clip(path[-1], lo, hi)
