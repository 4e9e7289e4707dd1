"""The one refresh route: a live view hears of a session change from the bridge signal that names it.

The session emits plain events; `SessionBridge` re-emits them as Qt signals; each live view connects,
once, to the signals that name what it draws (`follow`). Nobody else calls a view's `refresh()` for a
session change, so no view depends on the order in which others are told. A view out of sight (a
closed or tabbed-away dock) does no work: it is marked stale and, when it is shown again, redraws
everything from the session with `refresh()`.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Callable
from typing import Protocol, cast

from PySide6.QtCore import QEvent, QObject, Qt, SignalInstance
from PySide6.QtWidgets import QWidget

__all__ = ["LiveView", "catch_up", "follow", "is_stale", "on_screen"]

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
    """Redraws a stale view (its parent) when it is shown."""

    def __init__(self, view: QWidget) -> None:
        super().__init__(view)
        self.stale = False
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On Show: a view that missed changes while hidden redraws from the session."""
        if event.type() == QEvent.Type.Show and self.stale and watched is self.parent():
            self.stale = False
            refresh = getattr(watched, "refresh", None)
            if callable(refresh):
                refresh()
        return False


def _catch_up_of(view: QWidget) -> _CatchUp:
    found = view.findChild(_CatchUp, options=_DIRECT)
    return found if isinstance(found, _CatchUp) else _CatchUp(view)


class _Relay(QObject):
    """One followed signal of a view: a child of the view, so Qt drops the connection with the view.

    It holds no strong reference to the view (its parent) nor to a handler bound to it: the view's
    Python object would then live in a reference cycle, freed at some later garbage collection —
    for a window Python owns, that deletes the widget at a random moment, even in the middle of a
    paint (a crash seen in the test suite).
    """

    def __init__(self, view: QWidget, catch_up: _CatchUp, handler: Callable[..., None]) -> None:
        super().__init__(view)
        self.catch_up = catch_up
        self.handler = handler

    @property
    def view(self) -> QWidget:
        """The view this relay belongs to (its parent)."""
        return cast(QWidget, self.parent())

    @property
    def handler(self) -> Callable[..., None] | None:
        """What runs when the signal fires while the view is on screen (None once the view is gone)."""
        if isinstance(self._handler, weakref.WeakMethod):
            method: Callable[..., None] | None = self._handler()
            return method
        return self._handler

    @handler.setter
    def handler(self, handler: Callable[..., None] | None) -> None:
        assert handler is not None
        self._handler: Callable[..., None] | weakref.WeakMethod = (
            weakref.WeakMethod(handler) if inspect.ismethod(handler) else handler)

    def fire(self, *args: object) -> None:
        """Run the handler now if the view is on screen, else leave the view stale."""
        handler = self.handler
        if handler is None:  # the view is being deleted
            return
        if on_screen(self.view):
            handler(*args)
        else:
            self.catch_up.stale = True


def follow(view: QWidget, signal: SignalInstance, handler: Callable[..., None]) -> None:
    """Call `handler(*args)` when `signal` fires while `view` is on screen; otherwise mark the view
    stale, so that it redraws with `refresh()` when it is shown. `handler` is best a method of the
    view: a lambda or closure that holds the view keeps it alive until the garbage collector runs."""
    signal.connect(_Relay(view, _catch_up_of(view), handler).fire)


def catch_up(view: QWidget) -> None:
    """Redraw `view` with `refresh()` now if it is on screen, else mark it stale: it redraws when shown
    (a new language: the texts it computes on refresh are said again)."""
    if not on_screen(view):
        _catch_up_of(view).stale = True
        return
    refresh = getattr(view, "refresh", None)
    if callable(refresh):
        refresh()


def is_stale(view: QWidget) -> bool:
    """Whether `view` missed a change while out of sight and has not redrawn since."""
    found = view.findChild(_CatchUp, options=_DIRECT)
    return isinstance(found, _CatchUp) and found.stale
