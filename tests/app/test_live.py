"""The refresh route: a view hears while on screen, goes stale out of sight, catches up when shown."""

from __future__ import annotations

import gc
import weakref

import shiboken6
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from visualnet.app.views.live import follow, is_stale


class Source(QObject):
    changed = Signal(object)


class View(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.heard: list[object] = []
        self.refreshes = 0

    def refresh(self) -> None:
        self.refreshes += 1


def test_a_view_hears_while_on_screen_and_catches_up_when_shown_again(qtbot) -> None:
    source, window, view = Source(), QMainWindow(), View()
    window.setCentralWidget(view)
    qtbot.addWidget(window)
    follow(view, source.changed, view.heard.append)
    source.changed.emit(1)  # a window never shown (a snapshot, a script) draws everything
    window.show()
    source.changed.emit(2)
    assert view.heard == [1, 2] and not is_stale(view)
    view.hide()
    source.changed.emit(3)
    source.changed.emit(4)
    assert view.heard == [1, 2] and is_stale(view) and view.refreshes == 0  # no work out of sight
    view.show()
    assert view.refreshes == 1 and not is_stale(view)  # one full redraw, not a replay
    view.hide()
    view.show()
    assert view.refreshes == 1  # shown again with nothing missed: nothing to do


def test_a_deleted_view_is_no_longer_called(qtbot) -> None:
    source, view = Source(), View()
    follow(view, source.changed, lambda value: view.heard.append(value))
    source.changed.emit(1)
    shiboken6.delete(view)
    source.changed.emit(2)  # would raise "Internal C++ object already deleted" if the relay outlived it


def test_following_leaves_no_reference_cycle(qtbot) -> None:
    # a cycle would keep a window Python owns until some later garbage collection, which then deletes
    # it at a random moment — in the suite, once, in the middle of a paint
    source, view = Source(), View()
    follow(view, source.changed, view.refresh)
    follow(view, source.changed, view.heard.append)
    gone = weakref.ref(view)
    gc.disable()
    try:
        del view
        assert gone() is None  # freed at once, by reference counting
    finally:
        gc.enable()
    source.changed.emit(1)


def _freed_at_once(make) -> bool:
    """Whether a view Python owns is freed by reference counting alone when its last name goes."""
    view = make()
    view.show()
    QApplication.processEvents()
    view.close()
    gone = weakref.ref(view)
    gc.disable()
    try:
        del view
        return gone() is None
    finally:
        gc.enable()


def test_the_views_of_this_session_leave_no_reference_cycle(qtbot) -> None:
    # the weights view's editing, the data view's brushes, the perceptron's handles: each holds its view
    # as its Qt parent, not as an attribute (a cycle would let the collector delete the view mid-paint)
    from visualnet.app.bridge import SessionBridge
    from visualnet.app.views.dataset_view import DatasetView
    from visualnet.app.views.perceptron_handles import install
    from visualnet.app.views.weights_view import WeightsView
    from visualnet.session import Config, Session

    session = Session(config=Config(model="Perceptron"))
    bridge = SessionBridge(session)
    assert _freed_at_once(lambda: WeightsView(session, bridge))

    def data_view_with_handles() -> DatasetView:
        view = DatasetView(session, bridge)
        view.handles = install(view, session, bridge)  # as the window keeps them
        return view

    assert _freed_at_once(lambda: DatasetView(session, bridge))
    assert _freed_at_once(data_view_with_handles)
