"""The Qt application: `MainWindow` and the `main()` entry point."""

from __future__ import annotations

from typing import TYPE_CHECKING

from visualnet.app.main import main

if TYPE_CHECKING:
    from visualnet.app.window import MainWindow

__all__ = ["MainWindow", "main"]


def __getattr__(name: str) -> type[MainWindow]:
    # The window imports Qt; load it on first use so `visualnet --version` stays instant.
    if name == "MainWindow":
        from visualnet.app.window import MainWindow

        return MainWindow
    raise AttributeError(name)
