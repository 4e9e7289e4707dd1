"""Qt fixtures: a main window on a temporary settings file, shown offscreen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings


@pytest.fixture(autouse=True)
def _no_unexpected_save_question(request, monkeypatch):
    """A Save / Discard / Cancel box nobody answers would hang the run: fail instead.

    A test that expects the question answers it on its window (`win.ask_unsaved_changes = ...`),
    or is marked `asks_unsaved` and clicks the real box.
    """
    from visualnet.app.window import MainWindow

    if request.node.get_closest_marker("asks_unsaved"):
        return

    def unexpected(self) -> str:
        raise AssertionError("closing asked Save / Discard / Cancel, which this test did not expect")

    monkeypatch.setattr(MainWindow, "ask_unsaved_changes", unexpected)


@pytest.fixture
def settings(tmp_path) -> QSettings:
    """A QSettings in a temporary file, never the user's own."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, settings):
    """The real main window at 1280x800, shown (offscreen)."""
    from visualnet.app.window import MainWindow

    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.set_playing(False)


@pytest.fixture
def chinese(qapp):
    """Chinese chosen for the test; English afterwards, whatever happened (the suite runs in English)."""
    from tests.app.visible_text import speak
    from visualnet.app import i18n

    speak("zh_CN")
    yield i18n.language()
    speak("en")


@pytest.fixture
def english_afterwards(qapp):
    """For a test that switches the language itself: English again afterwards."""
    from tests.app.visible_text import speak

    yield
    speak("en")


@pytest.fixture
def playground(qtbot):
    """The optimizer playground alone at 900×600, shown offscreen."""
    from visualnet.app.playground import OptimizerPlayground

    w = OptimizerPlayground()
    qtbot.addWidget(w)
    w.resize(900, 600)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.set_playing(False)
