"""The timeline's requests: show an earlier iteration, resume from it, the best so far (a window mixin)."""

from __future__ import annotations

from visualnet.app.commands import TranslatedCommand
from visualnet.app.window_parts import WindowParts
from visualnet.core.training import Rewound
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, Message

RESUME = QT_TRANSLATE_NOOP("UndoCommand", "Resume from iteration {iteration}")


class ResumeCommand(TranslatedCommand):
    """Train on from an earlier iteration: the run after it is dropped; undo brings it back whole."""

    def __init__(self, session: Session, iteration: int) -> None:
        super().__init__(Message(RESUME, iteration=f"{iteration:,}"))
        self.session = session
        self.iteration = iteration
        self.trainer = session.trainer  # the run it rewinds: a new network makes the command obsolete
        self.rewound: Rewound | None = None

    def _usable(self) -> bool:
        if self.session.trainer is self.trainer:
            return True
        self.setObsolete(True)  # the stack drops it: its run is gone (new weights, another network)
        return False

    def redo(self) -> None:
        """Rewind to the iteration (the first time from the view that showed it)."""
        if self._usable():
            self.rewound = self.session.rewind_to(self.iteration)

    def undo(self) -> None:
        """The dropped run is back, as it was."""
        if self.rewound is not None and self._usable():
            self.session.undo_rewind(self.rewound)
            self.rewound = None


class TimelineMixin(WindowParts):
    """Scrubbing pauses training; Resume from here is one undo step."""

    def _connect_timeline(self) -> None:
        bar = self.loss_curve_view.timeline
        bar.scrubRequested.connect(self.show_iteration)
        bar.resumeRequested.connect(self.resume_from_shown)
        bar.bestRequested.connect(self.show_best)
        bar.presentRequested.connect(self.show_present)

    def show_iteration(self, iteration: int) -> None:
        """Every view as the network was at (the kept snapshot nearest) `iteration`; training pauses."""
        self.set_playing(False)
        self.session.show_iteration(iteration)

    def show_best(self) -> None:
        """Show the iteration with the lowest validation loss (training loss without validation)."""
        self.show_iteration(self.session.best_iteration())

    def show_present(self) -> None:
        """Back to the present weights."""
        self.session.show_present()

    def resume_from_shown(self) -> None:
        """Drop the run after the iteration shown and train on from there (one undo step)."""
        shown = self.session.shown_iteration
        if shown is None:
            return
        self.set_playing(False)
        self.undo_stack.push(ResumeCommand(self.session, shown))
        self.statusBar().showMessage(
            self.tr("Training resumes from iteration {iteration:,}; Undo brings the later run back.").format(
                iteration=shown), 6000)
