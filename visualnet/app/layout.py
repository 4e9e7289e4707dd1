"""The window's layout rules: first-launch size, the arrangement that fits a size, and the checks.

The rules are plain functions of sizes (testable without a window); `measure` and `problems`
read a laid-out window and say which view is under its minimum.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, QSize
from PySide6.QtGui import QGuiApplication, QHelpEvent
from PySide6.QtWidgets import QDockWidget, QToolTip, QWidget

DATA_SHARE = 0.45  # of the window's width, for the data view: the main picture
DATA_MIN_HEIGHT = 360  # px, from 1024x700 up
PLOT_MIN = QSize(160, 120)  # px of plot area (inside the axes): smaller and the axes stop being readable
PLAYGROUND_MIN = QSize(700, 450)  # all six optimizers' rows and a plot worth dragging on
RACE_MIN = QSize(620, 560)  # the racers' table, the transport and two readable plots
INSPECTOR_MIN = QSize(640, 540)  # a layer's x · W + b side by side, a few rows of numbers
GRADIENT_CHECK_MIN = QSize(560, 480)  # two heatmaps per block side by side and the h sweep
NEURON_MAPS_MIN = QSize(420, 480)  # four layers of 8 maps, each large enough to read its shape
HIDDEN_SPACE_MIN = QSize(360, 380)  # a readable plot, the pair's name, the layer box and "Next pair"
INIT_HISTOGRAMS_MIN = QSize(480, 320)  # four layers' histograms in a row, each with readable bars
CONFUSION_MIN = QSize(300, 300)  # the set switch, a 3×3 matrix, precision / recall / F1 and the accuracy
MAXIMISE_UP_TO = 1366  # px of screen width: a laptop's window opens maximised
DEFAULT_SIZE = QSize(1400, 900)  # what a big screen gets on first launch
WIDE_RIGHT_WIDTH = 330  # px, the right column (loss curve over activations) in the wide arrangement
WIDE_BOTTOM_HEIGHT = 300  # px, the row under the data view (loss surface, weights), at least
BOTTOM_SHARE = 0.33  # of a taller window's height: room for the surface's step written out under it
SEPARATOR = 6  # px between two docks, or a dock and the data view (Fusion's splitter handles)
COMPACT_SIDE_WIDTH = 400  # px, the column of tabs in the compact arrangement

WIDE, COMPACT = "wide", "compact"


def available_geometry() -> QRect:
    """The primary screen's available geometry (tests monkeypatch this to pretend other screens)."""
    screen = QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, 1280, 800)


def first_size(available: QRect) -> QSize:
    """The first launch's window size: the default, never larger than the screen's free area."""
    return DEFAULT_SIZE.boundedTo(available.size())


def should_maximise(available: QRect) -> bool:
    """A laptop-sized screen (up to 1366 px wide) gets a maximised window."""
    return available.width() <= MAXIMISE_UP_TO


def fits(window: QRect, available: QRect, frame: int = 12) -> bool:
    """Whether a window's rectangle lies on the available screen area (give or take its `frame`)."""
    return available.adjusted(-frame, -frame, frame, frame).contains(window)


def arrangement_for(width: int, height: int, scale: float = 1.0, side: int = 320, bottom: int = 0) -> str:
    """WIDE (data view, a right column, plots under the data view) when every part fits its minimum at
    this window size, font scale, controls' width `side` and bottom row's least width `bottom`; else
    COMPACT (the other views as tabs beside the controls)."""
    data_width = width - side - WIDE_RIGHT_WIDTH * scale - SEPARATOR
    # the menu, tool and status bars take ~80 px at the normal font; the bottom row its height
    data_height = height - (80 + WIDE_BOTTOM_HEIGHT) * scale
    fits_width = data_width >= max(DATA_SHARE * width, bottom)
    return WIDE if fits_width and data_height >= DATA_MIN_HEIGHT else COMPACT


def bottom_height(height: int, scale: float = 1.0) -> int:
    """The wide arrangement's bottom row: its least height, a third of a tall window (the data view
    keeps the rest)."""
    return max(round(WIDE_BOTTOM_HEIGHT * scale), round(BOTTOM_SHARE * height))


def right_width(width: int, scale: float = 1.0, side: int = 320) -> int:
    """The wide arrangement's right column: its least width, more in a wide window (a fifth of it),
    as long as the data view keeps its share."""
    least = round(WIDE_RIGHT_WIDTH * scale)
    roomy = min(round(0.22 * width), int((1 - DATA_SHARE) * width) - side - SEPARATOR)
    return max(least, roomy)


def panel_placement(room: QSize, minimum: QSize) -> str:
    """Where a panel opens: "tab" beside the loss surface if that tab has its minimum room, else "window"."""
    return "tab" if room.width() >= minimum.width() and room.height() >= minimum.height() else "window"


def window_rect(wanted: QSize, minimum: QSize, available: QRect) -> QRect:
    """A panel's own window: `wanted` grown to `minimum`, kept on the screen (with room for its
    title bar and frame), centred on it."""
    room = available.adjusted(8, 32, -8, -8)
    size = wanted.expandedTo(minimum).boundedTo(room.size())
    rect = QRect(QPoint(0, 0), size)
    rect.moveCenter(room.center())
    return rect


# ------------------------------------------------------------------------------------ measuring


@dataclass(frozen=True)
class PlotArea:
    """One plot's area inside its axes, in px, and the view (dock title) it belongs to."""

    view: str
    width: float
    height: float
    clipped: bool = False  # the plot (axes, legend) is wider or taller than its view shows


def plot_areas(view: QWidget, name: str) -> list[PlotArea]:
    """The plot areas of every visible pyqtgraph plot in `view` (a layout widget counts as a whole)."""
    areas = []
    for graphics in [view, *view.findChildren(pg.GraphicsView)]:
        if not isinstance(graphics, pg.GraphicsView) or not graphics.isVisibleTo(QWidget.window(view)):
            continue
        if isinstance(graphics, pg.PlotWidget):
            item = graphics.getPlotItem()
            rect = item.getViewBox().sceneBoundingRect()
            port = graphics.viewport()
            clipped = item.width() > port.width() + 1 or item.height() > port.height() + 1
            areas.append(PlotArea(name, rect.width(), rect.height(), clipped))
        else:  # a grid of small images (the weights): the drawing area is the whole canvas
            areas.append(PlotArea(name, graphics.viewport().width(), graphics.viewport().height()))
    return areas


def shown_docks(window: QWidget) -> list[QDockWidget]:
    """The docks a user sees: shown, and the front tab of their group (or floating)."""
    from PySide6.QtWidgets import QMainWindow

    assert isinstance(window, QMainWindow)
    shown = []
    for dock in window.findChildren(QDockWidget):
        if dock.isHidden():
            continue
        tabbed = [d for d in window.tabifiedDockWidgets(dock) if not d.isHidden()]
        # QMainWindow moves the back tabs of a group out of the window, out of sight
        if tabbed and not dock.isFloating() and not dock.geometry().intersects(window.rect()):
            continue
        shown.append(dock)
    return shown


def problems(window: QWidget, views: dict[str, QWidget]) -> list[str]:
    """What breaks the layout rules in a laid-out main window (an empty list when none)."""
    found = []
    data = views.get("Data")
    if data is not None:
        if data.width() < DATA_SHARE * window.width() - 1:
            found.append(f"the data view is {data.width()} px wide, under {DATA_SHARE:.0%} of the window")
        if window.height() >= 700 and data.height() < DATA_MIN_HEIGHT:
            found.append(f"the data view is {data.height()} px tall, under {DATA_MIN_HEIGHT}")
    # by the dock that holds the view: its title is in the language spoken, the name in English
    shown = shown_docks(window)
    for name, view in views.items():
        if name != "Data" and not any(dock.isAncestorOf(view) for dock in shown):
            continue
        for area in plot_areas(view, name):
            if area.width < PLOT_MIN.width() or area.height < PLOT_MIN.height():
                found.append(f"{name}: a plot area of {area.width:.0f}x{area.height:.0f} px")
            if area.clipped:
                found.append(f"{name}: a plot wider or taller than its view (clipped)")
    whole = window.rect()
    # the window's own parts (docks, bars, the central view) and the status bar's readouts; what lies
    # inside a scroll area or a back tab is clipped by design
    parts = [w for w in window.children() if isinstance(w, QWidget)]
    status = getattr(window, "statusBar", None)
    if status is not None:
        parts += status().findChildren(QWidget)
    back_tabs = set(window.findChildren(QDockWidget)) - set(shown_docks(window))
    for child in parts:
        if child.isWindow() or not child.isVisibleTo(window) or child in back_tabs:
            continue
        rect = QRect(child.mapTo(window, QPoint(0, 0)), child.size())
        if not whole.contains(rect):
            found.append(f"{child.objectName() or type(child).__name__} lies outside the window "
                         f"({rect.x()}, {rect.y()}, {rect.width()}x{rect.height()})")
    return found


def restored_note() -> str:
    """The status-bar note when a saved layout is set aside."""
    return QCoreApplication.translate(
        "Layout", "The saved layout did not fit this screen (a view was too small or off-screen): "
                  "the default layout is back.")


class _TitleTip(QObject):
    """Shows a dock's whole title as the tooltip of its title bar, which Qt cuts short in a narrow dock."""

    def eventFilter(self, dock: QObject, event: QEvent) -> bool:
        """A tooltip asked for over the title bar (above the dock's widget) is the title."""
        if event.type() == QEvent.Type.ToolTip and isinstance(dock, QDockWidget) and dock.widget():
            assert isinstance(event, QHelpEvent)
            if event.pos().y() < dock.widget().geometry().top():
                QToolTip.showText(event.globalPos(), dock.windowTitle(), dock)
                return True
        return False


def dock(title: str, parent: QWidget, widget: QWidget, name: str | None = None) -> QDockWidget:
    """A dock holding `widget`, named `name` (default: the title without spaces + "Dock"), its title
    a tooltip over its title bar."""
    made = QDockWidget(title, parent)
    made.setObjectName(name or title.replace(" ", "") + "Dock")
    made.setWidget(widget)
    tip = _TitleTip(made)
    made.installEventFilter(tip)
    return made
