"""The one refresh route: a live view hears of a session change from the bridge signal that names it.

The session emits plain events; `SessionBridge` re-emits them as Qt signals; each live view connects,
once, to the signals that name what it draws (`follow`). Nobody else calls a view's `refresh()` for a
session change, so no view depends on the order in which others are told. A view out of sight (a
closed or tabbed-away dock) does no work: it is marked stale and, when it is shown again, redraws
everything from the session with `refresh()`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Qt, SignalInstance
from PySide6.QtWidgets import QWidget

__all__ = ["LiveView", "follow", "is_stale", "on_screen"]

_DIRECT = Qt.FindChildOption.FindDirectChildrenOnly


class LiveView(Protocol):
    """A view drawn from the session: `refresh()` brings everything it draws up to date."""

    def refresh(self) -> None:
        """Redraw from the session as it is now."""


def on_screen(view: QWidget) -> bool:
    """Whether drawing `view` would be seen: it is shown, or its window is not (a snapshot, a script or
    a test drives a window it never shows, and expects every view drawn)."""
    return view.isVisible() or not QWidget.window(view).isVisible()  # not a view's own `window`


class _CatchUp(QObject):
    """Redraws a stale view when it is shown."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self.view = view
        self.stale = False
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On Show: a view that missed changes while hidden redraws from the session."""
        if watched is self.view and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            refresh = getattr(self.view, "refresh", None)
            if callable(refresh):
                refresh()
        return False


def _catch_up_of(view: QWidget) -> _CatchUp:
    found = view.findChild(_CatchUp, options=_DIRECT)
    return found if isinstance(found, _CatchUp) else _CatchUp(view)


class _Relay(QObject):
    """One followed signal of a view: a child of the view, so Qt drops the connection with the view."""

    def __init__(self, view: QWidget, catch_up: _CatchUp, handler: Callable[..., None]) -> None:
        super().__init__(view)
        self.view, self.catch_up, self.handler = view, catch_up, handler

    def fire(self, *args: object) -> None:
        """Run the handler now if the view is on screen, else leave the view stale."""
        if on_screen(self.view):
            self.handler(*args)
        else:
            self.catch_up.stale = True


def follow(view: QWidget, signal: SignalInstance, handler: Callable[..., None]) -> None:
    """Call `handler(*args)` when `signal` fires while `view` is on screen; otherwise mark the view
    stale, so that it redraws with `refresh()` when it is shown."""
    signal.connect(_Relay(view, _catch_up_of(view), handler).fire)


def is_stale(view: QWidget) -> bool:
    """Whether `view` missed a change while out of sight and has not redrawn since."""
    found = view.findChild(_CatchUp, options=_DIRECT)
    return isinstance(found, _CatchUp) and found.stale
