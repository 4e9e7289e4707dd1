"""The training clock: play, pause, one step, new weights (mixed into MainWindow).

One display clock for every live panel: each tick runs the iterations the speed (iterations per second,
`visualnet.pace`) asks for within the frame's training budget, and the session emits one `stepped`, so the
views redraw once per frame however fast the network trains (and not at all in frames with nothing due).

At "max" a frame draws first and trains after: its tick announces the previous frame's iterations (the
views refresh and paint at once), then trains until the frame's deadline. The time drawing takes varies
from frame to frame (a new loss surface, a worker sharing the interpreter, an axis to lay out again); a
training budget fixed beforehand cannot know it, so some frames ran late. Training last takes what is
left, so drawing never waits, and the picture is one frame (16 ms) behind the network.

At every rate the clock holds the frame gate (app.frame_gate) between two ticks: a worker's result or a
panel's turn that comes meanwhile is done by the next tick, with that frame's own work, not at any
moment between two frames (a new loss surface landing just before a tick made that tick late).
"""

from __future__ import annotations

import math
import time

from PySide6.QtCore import QCoreApplication

from visualnet.app import frame_gate, i18n
from visualnet.app.window_parts import WindowParts
from visualnet.core.training import StepReport

FRAME_MS = 16  # one display clock for every live panel (~60 frames per second)
# the rate reached, under the speed control, changes at most this often: it is measured over a
# second anyway, and each new text there re-lays out the window (a new number every tick at "max")
REACHED_SHOWN_S = 0.25
# work between frames (workers' results, panels' turns) waits this long for the next frame to do it (two
# frames' time: a frame late by less still takes it in; later, its own timer does it)
HOLD_S = 2 * FRAME_MS / 1000
# at "max" a frame trains until this long after its tick: the rest of the FRAME_MS (the tick's own
# bookkeeping, input events, a timer) keeps the next tick on time
DEADLINE_S = 0.0145
# ... less this many times the mean time of a call's record (the loss over every training point, ~1 ms at
# 10,000 points, varies from frame to frame: at 10,000 points the tick gap's p95 went 18.2 -> 17.2 ms)
RECORD_ROOM = 2.0


class TrainingClockMixin(WindowParts):
    """Play / pause / step / reset, and the measured iterations per second."""

    _unannounced: StepReport | None = None  # at "max": the last frame's iterations, said by the next

    def toggle_play(self) -> None:
        """Start or pause the training clock."""
        self.set_playing(not self.clock.isActive())

    def set_playing(self, playing: bool) -> None:
        """Run or stop the training clock; refuses to run on data it cannot train on."""
        if playing and self._refused():
            playing = False
        if playing:
            if not self.clock.isActive():
                self.pace.start(time.perf_counter())
                self._reached_shown_at = -math.inf  # the first rate reached is shown at once
            self.clock.start()
            if self._divergence_note and self.statusBar().currentMessage() == self._divergence_note:
                self.statusBar().clearMessage()  # "Training paused" is no longer true
        else:
            self.clock.stop()
            self._leave_max()  # the views show where training stopped
            self._iterations_per_second = 0.0
            self.controls.show_reached(None)
            self._update_status()  # "paused", not the last rate (below "max" no step says it)
        self.actionPlay.setChecked(playing)
        self._label_play()

    def step_once(self) -> None:
        """One training iteration (pauses the clock first)."""
        self.set_playing(False)
        if not self._refused():
            self.session.step(1)

    def _refused(self) -> bool:
        """Whether the session cannot train now; if so, the status bar says why."""
        problem = self.session.training_problem()
        if problem:
            why = self.tr("Cannot train: {problem}.").format(problem=i18n.translated(problem))
            self.statusBar().showMessage(why, 5000)
        return problem is not None

    def reset_weights(self) -> None:
        """A new network from the seed; the data stay."""
        self.session.reset_weights()
        self.statusBar().showMessage(self.tr("New initial weights."), 3000)

    def _on_tick(self) -> None:
        t0 = time.perf_counter()
        pace = self.pace
        pace.rate = self.controls.speedSpin.value()
        if pace.unlimited:
            self._draw_then_train(t0)
            return
        frame_gate.start_frame()  # this frame's own work is done as it comes ...
        self._announce()  # (the rate came down from "max": its last frame first)
        n = pace.iterations(t0)
        if n == 0:  # a slow rate: nothing due this frame, nothing to redraw
            pace.ran(0, 0.0, t0)
            now = t0
        else:
            report = self.session.step(n)
            if report is None:
                self.set_playing(False)
                return
            now = time.perf_counter()
            pace.ran(report.iterations_done, report.seconds, now, report.record_seconds)
        frame_gate.run_put_off()  # ... with what was put off since the last (a worker's result, a turn)
        self._show_rate(now)
        self.last_frame_ms = 1e3 * (time.perf_counter() - t0)
        if self.clock.isActive():  # (a stop condition met in this frame's step paused the clock)
            frame_gate.hold(HOLD_S)  # what comes before the next frame: in it

    def _draw_then_train(self, t0: float) -> None:
        """A frame at "max": the previous frame's iterations drawn (refreshed and painted now), then as
        many iterations as fit before the frame's deadline, announced by the next frame."""
        frame_gate.start_frame()  # this frame's own drawing is done as it comes ...
        self._announce()
        frame_gate.run_put_off()  # ... with what was put off since the last (a worker's result, a turn)
        QCoreApplication.sendPostedEvents()  # the paints (and whatever else waits) happen now, not later
        if not self.clock.isActive():
            return  # what waited paused training (a dialog, a stop): nothing more this frame
        start = time.perf_counter()
        pace = self.pace
        # the pace plans the iterations; the deadline ends them where one takes longer than planned (a
        # worker sharing the interpreter, a collection), less room for the call's last record
        room = t0 + DEADLINE_S - start
        n = pace.iterations(start, room_s=room)
        deadline = start + room - RECORD_ROOM * pace.seconds_per_call
        report = self.session.step(n, announce=False, deadline=deadline)
        if report is None:
            self.set_playing(False)
            return
        now = time.perf_counter()
        pace.ran(report.iterations_done, report.seconds, now, report.record_seconds)
        if report.diverged or report.stopped:
            self.session.announce(report)  # at once: the clock pauses on it
        else:
            self._unannounced = report
            frame_gate.hold(HOLD_S)  # results and panels' turns that come before the next frame: in it
        self._show_rate(now)
        self.last_frame_ms = 1e3 * (now - t0)

    def _announce(self) -> None:
        """Emit the events of iterations run but not drawn yet (a frame at "max"), if any."""
        report, self._unannounced = self._unannounced, None
        if report is not None:
            self.session.announce(report)

    def _leave_max(self) -> None:
        """Training left "max" (paused, or a lower rate): the last frame's iterations said, and the frame
        gate open again, with what it held done."""
        self._announce()
        frame_gate.release()

    def _show_rate(self, now: float) -> None:
        """The rate reached, for the status bar and (every REACHED_SHOWN_S) under the speed control."""
        self._iterations_per_second = self.pace.reached(now)
        if not self.clock.isActive():
            self.controls.show_reached(None)
        elif now - getattr(self, "_reached_shown_at", -math.inf) >= REACHED_SHOWN_S:
            self._reached_shown_at = now
            self.controls.show_reached(self._iterations_per_second)

    def _on_stopped(self, message: str) -> None:
        """A stop condition was met: pause, and say which (Play goes on past it)."""
        self.set_playing(False)
        text = self.tr("Training {why}. Play goes on from here.").format(why=i18n.translated(message))
        self.statusBar().showMessage(text, 30000)

    def _on_diverged(self, message: str) -> None:
        self.set_playing(False)
        why = self.tr("Training paused: {problem}. The weights from before the loss blew up are back.")
        self._divergence_note = why.format(problem=i18n.translated(message))
        self.statusBar().showMessage(self._divergence_note, 60000)
