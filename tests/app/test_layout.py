"""The window's layout on the screens learners and teachers have: minimums, shares, panels, restore."""

from __future__ import annotations

import contextlib

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QRect, QSize
from PySide6.QtWidgets import QLabel, QScrollArea, QTabBar

from visualnet.app import layout
from visualnet.app.window import MainWindow

SIZES = [(1024, 700), (1024, 768), (1280, 800), (1366, 768), (1920, 1080)]  # 1024×768: a projector
VIEW_DOCKS = ("Loss curve", "Loss surface", "Activations", "Weights")


def pretend_screen(monkeypatch, width: int, height: int) -> QRect:
    """Make the window see a screen of this available size (offscreen it is 800x800)."""
    rect = QRect(0, 0, width, height)
    monkeypatch.setattr(layout, "available_geometry", lambda: rect)
    return rect


def open_window(qtbot, monkeypatch, size, projector=False, settings=None) -> MainWindow:
    pretend_screen(monkeypatch, *size)
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.set_theme(projector=projector)
    win.resize(*size)
    win.show()
    qtbot.waitExposed(win)
    qtbot.wait(120)  # the posted font change, a possible new arrangement and the plots' own layouts
    return win


def settled(qtbot, win: MainWindow) -> None:
    """No layout problem once the posted layouts (docks, then the plots inside) have run."""
    with contextlib.suppress(qtbot.TimeoutError):
        qtbot.waitUntil(lambda: not win.layout_problems(), timeout=1000)
    assert win.layout_problems() == []


def assert_every_view_fits(qtbot, win: MainWindow) -> None:
    """Each of the four plots, brought to the front in turn (tabs), keeps its minimum; the data view its
    share; nothing sticks out of the window."""
    settled(qtbot, win)
    tabbed = [t for t in VIEW_DOCKS if win.tabifiedDockWidgets(win.docks[t])]
    for title in tabbed:
        win.docks[title].raise_()
        assert win.docks[title] in layout.shown_docks(win)
        settled(qtbot, win)
    for bar in win.findChildren(QTabBar):  # an elided tab title has its whole title as a tooltip
        if bar.isVisibleTo(win):
            assert all(bar.tabToolTip(i) == bar.tabText(i).replace("&", "") for i in range(bar.count()))
    if tabbed:
        win.docks["Controls"].raise_()
        qtbot.wait(5)
    # the measurement itself: the data view's numbers and the shown plots' areas
    assert win.dataset_view.width() >= layout.DATA_SHARE * win.width() - 1
    assert win.dataset_view.height() >= layout.DATA_MIN_HEIGHT


def assert_panel_usable(win: MainWindow, title: str, minimum: QSize) -> None:
    """A big panel is a tab with its room or a window of at least its minimum, on the screen."""
    dock = win.docks[title]
    assert dock.isVisible()
    scale = 1.5 if win.projector else 1.0
    if dock.isFloating():
        assert layout.available_geometry().contains(dock.geometry())
        assert dock.width() >= minimum.width() * min(scale, 1.0)
        assert dock.height() >= minimum.height() * min(scale, 1.0)
    else:
        assert dock.widget().width() >= minimum.width() and dock.widget().height() >= minimum.height()
    for area in layout.plot_areas(dock.widget(), title):
        assert area.width >= layout.PLOT_MIN.width() and area.height >= layout.PLOT_MIN.height(), area


@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_view_keeps_its_minimum_with_nothing_the_race_or_the_playground_open(
        qtbot, monkeypatch, size, projector):
    win = open_window(qtbot, monkeypatch, size, projector)
    assert win.size() == QSize(*size)  # no arrangement widened the window past the screen
    assert_every_view_fits(qtbot, win)
    data_before = win.dataset_view.size()

    win.actionRace.trigger()
    qtbot.wait(30)
    assert_panel_usable(win, "Network race", layout.RACE_MIN)
    assert_every_view_fits(qtbot, win)
    win.docks["Network race"].close()
    qtbot.wait(10)
    assert win.dataset_view.size() == data_before  # closing gives the space back (none was taken)

    win.actionPlayground.trigger()
    qtbot.wait(30)
    assert_panel_usable(win, "Optimizer playground", layout.PLAYGROUND_MIN)
    assert_every_view_fits(qtbot, win)
    playground = win.docks["Optimizer playground"].widget()
    controls = playground.findChild(QScrollArea, "playgroundControls")
    readouts = [w for w in playground.findChildren(QLabel) if w.objectName().startswith("playgroundReadout")]
    assert len(readouts) == 6
    for readout in readouts:  # all six optimizers' rows are reachable (scrolled to if need be)
        controls.ensureWidgetVisible(readout)
        top_left = readout.mapTo(controls.viewport(), QPoint(0, 0))
        assert controls.viewport().rect().contains(QRect(top_left, QSize(1, readout.height())))
    win.docks["Optimizer playground"].close()
    qtbot.wait(10)
    assert win.dataset_view.size() == data_before
    win.set_theme(projector=False)


def test_first_launch_fits_the_screen_and_a_laptop_gets_a_maximised_window(qtbot, monkeypatch):
    available = pretend_screen(monkeypatch, 1280, 800)
    win = MainWindow()
    qtbot.addWidget(win)
    assert win.width() <= available.width() and win.height() <= available.height()
    assert layout.first_size(QRect(0, 0, 1920, 1080)) == layout.DEFAULT_SIZE  # a big screen: the default
    assert layout.first_size(QRect(0, 0, 1024, 700)) == QSize(1024, 700)
    assert layout.should_maximise(available) and not layout.should_maximise(QRect(0, 0, 1920, 1080))
    win.show_on_screen()
    assert win.isMaximized()


def test_a_saved_size_is_restored_only_if_it_fits_this_screen(qtbot, monkeypatch, settings):
    pretend_screen(monkeypatch, 1920, 1080)
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    first.setGeometry(100, 80, 1700, 1000)
    first.write_settings()
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert again.restored_geometry and again.geometry() == QRect(100, 80, 1700, 1000)
    pretend_screen(monkeypatch, 1280, 800)  # the same settings on a laptop
    laptop = MainWindow(settings=settings)
    qtbot.addWidget(laptop)
    assert not laptop.restored_geometry
    assert laptop.width() <= 1280 and laptop.height() <= 800
    assert laptop.layout_note == layout.restored_note()


def test_a_crushed_saved_layout_is_discarded_on_restore(qtbot, monkeypatch, settings):
    first = open_window(qtbot, monkeypatch, (1280, 800), settings=settings)
    assert first.arrangement == layout.WIDE
    # what the old race did: the loss curve and the activations crushed to slivers, then saved
    first.resizeDocks([first.docks["Loss curve"], first.docks["Activations"]], [30, 900],
                      pg.QtCore.Qt.Orientation.Vertical)
    qtbot.wait(30)
    assert any(p.startswith("Loss curve") for p in first.layout_problems())
    first.write_settings()

    second = open_window(qtbot, monkeypatch, (1280, 800), settings=settings)
    assert second.restored_layout
    qtbot.waitUntil(lambda: second.statusBar().currentMessage() == layout.restored_note(), timeout=2000)
    qtbot.wait(30)
    assert second.layout_problems() == []


def test_a_good_saved_layout_is_kept(qtbot, monkeypatch, settings):
    first = open_window(qtbot, monkeypatch, (1280, 800), settings=settings)
    first.docks["Weights"].hide()
    first.write_settings()
    second = open_window(qtbot, monkeypatch, (1280, 800), settings=settings)
    qtbot.wait(400)  # past the check of the restored layout
    assert second.docks["Weights"].isHidden()  # the user's choice stays
    assert second.statusBar().currentMessage() != layout.restored_note()


def test_reset_layout_brings_every_panel_back(qtbot, monkeypatch):
    win = open_window(qtbot, monkeypatch, (1280, 800))
    win.docks["Weights"].hide()
    win.tabifyDockWidget(win.docks["Controls"], win.docks["Loss curve"])
    win.resizeDocks([win.docks["Controls"]], [700], pg.QtCore.Qt.Orientation.Horizontal)
    qtbot.wait(30)
    assert win.layout_problems()  # the data view lost its share
    win.findChild(type(win.actionResetLayout), "actionResetLayout").trigger()
    assert not win.docks["Weights"].isHidden()
    assert not win.tabifiedDockWidgets(win.docks["Loss curve"])
    settled(qtbot, win)


def test_a_narrower_window_switches_to_tabs_rather_than_slivers(qtbot, monkeypatch):
    win = open_window(qtbot, monkeypatch, (1920, 1080))
    assert win.arrangement == layout.WIDE
    win.resize(1024, 700)
    qtbot.wait(30)
    assert win.arrangement == layout.COMPACT
    assert_every_view_fits(qtbot, win)
    win.resize(1920, 1080)
    qtbot.wait(30)
    assert win.arrangement == layout.WIDE and win.layout_problems() == []


def test_tick_numbers_never_overlap_in_projector_mode(qtbot, monkeypatch):
    win = open_window(qtbot, monkeypatch, (1280, 800), projector=True)
    axis = win.loss_curve_view.plot.getPlotItem().getAxis("bottom")
    projector_ticks = axis.tickSpacing(0.0, 10.0, 2000)[0][0]
    win.set_theme(projector=False)
    assert axis.tickSpacing(0.0, 10.0, 2000)[0][0] < projector_ticks  # bigger text, fewer ticks
    win.set_theme(projector=True)
    qtbot.wait(30)
    for title in VIEW_DOCKS:
        win.docks[title].raise_()
        qtbot.wait(10)
        for view in win.docks[title].widget().findChildren(pg.PlotWidget):
            for name in ("left", "bottom"):
                axis = view.getPlotItem().getAxis(name)
                if not axis.isVisible():
                    continue
                image = pg.QtGui.QImage(8, 8, pg.QtGui.QImage.Format.Format_ARGB32)
                painter = pg.QtGui.QPainter(image)
                specs = axis.generateDrawSpecs(painter)
                painter.end()
                rects = [spec[0] for spec in specs[2]] if specs else []
                for i, a in enumerate(rects):
                    for b in rects[i + 1:]:
                        assert not a.intersects(b), (title, name)
    win.set_theme(projector=False)


def test_the_rules_in_numbers():
    # the wide arrangement where the data view keeps 45 % beside a 320-px controls' column
    assert layout.arrangement_for(1280, 800, 1.0, side=326, bottom=592) == layout.WIDE
    assert layout.arrangement_for(1024, 700, 1.0, side=326, bottom=592) == layout.COMPACT
    assert layout.arrangement_for(1280, 800, 1.5, side=450, bottom=800) == layout.COMPACT  # projector
    assert layout.arrangement_for(1920, 1080, 1.5, side=450, bottom=800) == layout.WIDE
    assert layout.arrangement_for(1920, 600, 1.0, side=326) == layout.COMPACT  # too short for a bottom row
    # the right column grows in a wide window, never past the data view's share
    assert layout.right_width(1280, 1.0, 326) == 330
    assert layout.right_width(1920, 1.0, 326) == round(0.22 * 1920)
    assert 1920 - 326 - layout.right_width(1920, 1.0, 326) - layout.SEPARATOR >= 0.45 * 1920
    # a big panel: a tab only where it has its minimum, else a window on the screen
    assert layout.panel_placement(QSize(800, 600), layout.PLAYGROUND_MIN) == "tab"
    assert layout.panel_placement(QSize(400, 300), layout.PLAYGROUND_MIN) == "window"
    screen = QRect(0, 0, 1024, 700)
    rect = layout.window_rect(QSize(900, 900), layout.PLAYGROUND_MIN, screen)
    assert screen.contains(rect) and rect.width() == 900 and rect.height() >= layout.PLAYGROUND_MIN.height()
    assert layout.window_rect(QSize(10, 10), layout.PLAYGROUND_MIN, screen).size() == layout.PLAYGROUND_MIN
    # a saved window: on this screen (give or take its frame) or not restored
    assert layout.fits(QRect(2, 2, 1280, 800), QRect(0, 0, 1280, 800))
    assert not layout.fits(QRect(0, 0, 1400, 900), QRect(0, 0, 1280, 800))
    assert not layout.fits(QRect(2000, 100, 800, 600), QRect(0, 0, 1920, 1080))  # off-screen


def test_a_dock_title_bar_shows_its_whole_title_as_a_tooltip(qtbot, monkeypatch):
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent
    from PySide6.QtWidgets import QApplication

    shown: list[str] = []  # a real tooltip window warns offscreen ("does not support raise()")
    monkeypatch.setattr(layout.QToolTip, "showText", lambda _pos, text, _widget: shown.append(text))
    win = open_window(qtbot, monkeypatch, (1920, 1080), projector=True)
    dock = win.docks["Weights"]  # a narrow dock whose title Qt may cut short
    assert not win.tabifiedDockWidgets(dock)
    title_bar = QPoint(dock.width() // 2, max(1, dock.widget().geometry().top() // 2))
    QApplication.sendEvent(dock, QHelpEvent(QEvent.Type.ToolTip, title_bar, dock.mapToGlobal(title_bar)))
    assert shown == ["Weights"]
    inside = QPoint(dock.width() // 2, dock.widget().geometry().center().y())
    QApplication.sendEvent(dock, QHelpEvent(QEvent.Type.ToolTip, inside, dock.mapToGlobal(inside)))
    assert shown == ["Weights"]  # over the view the title is no tooltip


@pytest.mark.parametrize("projector", [False, True], ids=["normal", "projector"])
def test_every_weight_title_lies_inside_the_weights_view(qtbot, monkeypatch, projector):
    win = open_window(qtbot, monkeypatch, (1920, 1080), projector=projector)
    view = win.weights_view
    win.session.step(5)
    win.settle()  # the titles as of now
    qtbot.wait(20)
    box = view.canvas.sceneBoundingRect().adjusted(-1, -1, 1, 1)
    for key, panel in view.panels.items():
        assert panel.title.toPlainText().startswith(key)
        assert box.contains(panel.title.sceneBoundingRect()), (key, panel.title.toPlainText())
