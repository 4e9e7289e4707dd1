"""What the late live panels share: no work while out of sight, paints timed, and turns over the frame budget.

`Exposure` tells whether a panel's drawing would be seen now; `PaintTimed` times a view's first paint after
an update; `TakesTurns` redraws a panel at once when it is seen and its FrameBudget allows, else once, by a
timer, when its turn comes (the neuron maps, the hidden space and the confusion matrix).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QDockWidget, QWidget

from visualnet.app import frame_gate
from visualnet.app.views import live
from visualnet.presenters.frame_budget import FrameBudget

__all__ = ["Exposure", "PaintTimed", "TakesTurns"]


class Exposure(QObject):
    """Whether a panel's drawing would be seen now; if not, its redraw once it is.

    Qt keeps a dock whose tab is behind another's visible (moved out of the window) and says so only with
    the dock's visibilityChanged; and live.on_screen takes a closed floating dock for a window never shown
    (drawn, as a script's). For the panel of a dock that is closed or behind, an update is skipped
    (`missed`) and the panel redraws with refresh() when the dock is seen again; any other panel out of
    sight is live's (stale: redrawn when shown).
    """

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self.missed = False
        self.behind = False  # its dock's tab is behind another's
        self._dock: QDockWidget | None = None
        view.installEventFilter(self)
        self._follow_dock()

    @property
    def view(self) -> QWidget:
        """The panel watched (the parent)."""
        return cast(QWidget, self.parent())

    def put_off(self) -> bool:
        """True when drawing the panel now would not be seen: it then redraws when it is (nothing to do)."""
        view, dock = self.view, self._dock
        if dock is not None and (dock.isHidden() or self.behind):
            self.missed = True
            return True
        if not live.on_screen(view):
            live.catch_up(view)  # stale: redrawn when shown
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The panel put into a dock (or taken out): follow that dock's visibility."""
        if event.type() == QEvent.Type.ParentChange and watched is self.parent():
            self._follow_dock()
        return False

    def _follow_dock(self) -> None:
        dock = self.view.parentWidget()
        dock = dock if isinstance(dock, QDockWidget) else None
        if dock is self._dock:
            return
        if self._dock is not None:
            self._dock.visibilityChanged.disconnect(self._on_dock_visibility)
        self._dock, self.behind = dock, False
        if dock is not None:
            dock.visibilityChanged.connect(self._on_dock_visibility)

    def _on_dock_visibility(self, visible: bool) -> None:
        """The dock's tab came to the front (or went behind), or it was shown (or hidden)."""
        self.behind = not visible
        if visible and self.missed:
            self.missed = False
            QTimer.singleShot(0, self, self._redraw)  # once the tab's switch is done

    def _redraw(self) -> None:
        live.catch_up(self.view)


class PaintTimed:
    """Mixed into a pyqtgraph view (before it): its first paint after an update is timed, and the time
    handed to that update's FrameBudget (`painted`), so a panel's cost counts what it makes Qt draw."""

    _owed: tuple[Callable[[float], None], Callable[[], float]] | None = None

    def owe(self, report: Callable[[float], None], clock: Callable[[], float]) -> None:
        """Time the next paint with `clock` and hand its duration to `report`."""
        self._owed = (report, clock)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The view's paint, timed when an update owes it."""
        owed, self._owed = self._owed, None
        if owed is None:
            super().paintEvent(event)  # type: ignore[misc]
            return
        report, clock = owed
        start = clock()
        super().paintEvent(event)  # type: ignore[misc]
        report(clock() - start)


class TakesTurns:
    """Mixed into a live panel with `exposure`, `schedule` (its FrameBudget) and `clock`: `_update_when_due`
    draws now (`_turn`) when the panel is seen and its schedule allows, else once, by the `_pending` timer,
    when its turn comes (out of sight: when it is seen again)."""

    exposure: Exposure
    schedule: FrameBudget
    clock: Callable[[], float]
    _pending: QTimer

    def _make_turns(self) -> None:
        """The timer that draws the newest state once the schedule allows."""
        self._pending = QTimer(cast(QObject, self))
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self._catch_up)

    def _turn(self) -> None:
        """The panel's update (each panel's own)."""
        raise NotImplementedError

    def _update_when_due(self) -> bool:
        """Redraw now if the schedule allows (True), else as soon as it does (out of sight: when seen)."""
        if self.exposure.put_off():
            return False
        now = self.clock()
        if self.schedule.due(now):
            self._pending.stop()  # (an update put off before: this one is newer)
            self._turn()
            return True
        if not self._pending.isActive():
            self._pending.start(max(1, math.ceil(1000 * self.schedule.wait_s(now))))
        return False

    def _catch_up(self) -> None:
        """The put-off update's time has come: drawn now if it is seen and its turn, else later (and
        between two frames while training runs, by the next frame: app.frame_gate)."""
        if self.exposure.put_off():
            return
        if frame_gate.put_off(self._pending):  # the next frame's stepped draws it, if its turn has come
            return
        wait = self.schedule.turn_s(self.clock())
        if wait > 0:
            self._pending.start(max(1, math.ceil(1000 * wait)))
        else:
            self._turn()
