"""What the timeline under the loss curve says: which iteration is shown, and how the run is kept."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP

Translate = Callable[[str], str]

NOW = QT_TRANSLATE_NOOP("Timeline", "now: iteration {now:,}")
SHOWN = QT_TRANSLATE_NOOP("Timeline", "showing iteration {shown:,} of {now:,}")
NEAREST = QT_TRANSLATE_NOOP("Timeline",
                            "showing iteration {shown:,} of {now:,} (the nearest kept to {asked:,})")
KEPT_TIP = QT_TRANSLATE_NOOP(
    "Timeline", "Drag to see every view as the network was at that iteration (training pauses). The last "
                "{dense:,} iterations are kept one by one, older ones more sparsely: {kept:,} snapshots, "
                "{megabytes:.1f} MB.")


@dataclass(frozen=True)
class TimelineState:
    """The slider's range and position, and the caption under it."""

    now: int  # the iterations trained so far: the slider's maximum
    position: int  # where the slider stands: the iteration shown, or `now`
    viewing: bool  # an earlier iteration is shown
    caption: str  # the sentence: "showing iteration 120 of 200"
    short: str  # what fits beside the slider: "120 / 200"
    tooltip: str


def timeline_state(session: Session, asked: int | None, translate: Translate = str) -> TimelineState:
    """The timeline of `session`; `asked` is the iteration the learner dragged to (None: not dragging);
    `translate` takes a marked text (i18n.translated)."""
    trainer = session.trainer
    now, shown = trainer.iteration, session.shown_iteration
    if shown is None:
        caption = translate(NOW).format(now=now)
    elif asked is not None and asked != shown:
        caption = translate(NEAREST).format(shown=shown, now=now, asked=asked)
    else:
        caption = translate(SHOWN).format(shown=shown, now=now)
    timeline = trainer.timeline
    tip = translate(KEPT_TIP).format(dense=timeline.dense, kept=len(timeline),
                                     megabytes=timeline.nbytes / 2**20)
    position = now if shown is None else shown
    return TimelineState(now, position, shown is not None, caption, f"{position:,} / {now:,}", tip)
