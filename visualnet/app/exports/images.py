"""Images of the app: a plot as PNG or SVG (pyqtgraph's exporters), the window as PNG (a screen grab).

A plot of many points takes seconds to export (each scatter spot is drawn as a vector path), so
both plot exports report progress and stop on Cancel (`Cancelled`); pyqtgraph is patched for the
length of one export only, where its exporters give no hook (see `_counted_spots`, `_svg_closed_paths`).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any
from xml.dom.minidom import Element

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters  # makes pg.exporters available
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QWidget

from visualnet import files
from visualnet.app.exports.target import WriteError, writable_target, write_bytes
from visualnet.translatable import QT_TRANSLATE_NOOP

__all__ = [
    "MAX_EXPORT_WIDTH", "PNG_TICK_SPOTS", "SVG_TICK_PATHS", "Cancelled", "Target", "export_view_png",
    "export_view_svg", "export_window_png", "settle_window",
]

SVG_TICK_PATHS = 50  # an SVG export reports progress and checks Cancel every this many paths
PNG_TICK_SPOTS = 500  # a PNG export, every this many scatter spots (~40 ms of drawing at 80 µs a spot)
MAX_EXPORT_WIDTH = 16384

Target = QWidget | QGraphicsItem | QGraphicsScene  # what a plot export takes


class Cancelled(Exception):  # noqa: N818 - a signal, not an error
    """The user pressed Cancel during a long export."""


def _graphics(target: Target) -> QGraphicsItem | QGraphicsScene:
    """What pyqtgraph's exporters take: a PlotItem (or any item), or the scene of a view as shown."""
    if isinstance(target, QGraphicsItem | QGraphicsScene):
        return target
    view = getattr(target, "plot", target)  # our views keep their PlotWidget in `.plot`
    if isinstance(view, pg.GraphicsView):
        return view.scene()
    raise TypeError(f"cannot export {type(target).__name__}: give a plot widget, a PlotItem or a scene")


def _image_bytes(image: QImage | QPixmap, fmt: str = "PNG") -> bytes:
    """The image encoded as `fmt` (PNG by default)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, fmt):  # type: ignore[call-overload]  # a str format works; the stub wants bytes
        raise WriteError(QT_TRANSLATE_NOOP("exports", "Qt could not encode the image as {format}"),
                         format=fmt)
    return bytes(data.data())


@contextlib.contextmanager
def _counted_spots(tick: Callable[[], bool]) -> Iterator[None]:
    """While an image export renders, call `tick()` before every scatter spot pyqtgraph draws; once it
    returns True (cancelled), draw no more spots.

    An exported scatter draws each spot as a vector path (~80 µs each: 20,000 points take seconds),
    inside Qt's QGraphicsScene.render. An exception must not cross that C++ call, so a Cancel turns
    the remaining spots into no-ops and the caller drops the image afterwards.
    """
    module: Any = sys.modules[pg.ScatterPlotItem.__module__]  # its functions, patched below
    draw = module.drawSymbol
    stopped = False

    def counted(*args: object, **kwargs: object) -> object:
        nonlocal stopped
        if stopped or tick():
            stopped = True
            return None
        return draw(*args, **kwargs)

    module.drawSymbol = counted  # pyqtgraph's paint looks it up by name: patched for this export only
    try:
        yield
    finally:
        module.drawSymbol = draw


def _visible_spots(graphics: QGraphicsItem | QGraphicsScene) -> int:
    """How many scatter spots an image export of `graphics` draws: those inside their plot's view."""
    scene = graphics if isinstance(graphics, QGraphicsScene) else graphics.scene()
    count = 0
    for item in scene.items() if scene is not None else []:
        if not isinstance(item, pg.ScatterPlotItem) or not item.isVisible():
            continue
        if not isinstance(graphics, QGraphicsScene) and not graphics.isAncestorOf(item):
            continue
        x, y, rect = item.data["x"], item.data["y"], item.viewRect()
        if rect is None:
            count += len(x)
        else:  # pyqtgraph culls the spots outside the view before drawing
            count += int(np.count_nonzero((x >= rect.left()) & (x <= rect.right())
                                          & (y >= rect.top()) & (y <= rect.bottom())))
    return count


def _views_of(graphics: QGraphicsItem | QGraphicsScene) -> list[QWidget]:
    """The widgets that show `graphics`' scene."""
    scene = graphics if isinstance(graphics, QGraphicsScene) else graphics.scene()
    return list(scene.views()) if scene is not None else []


def export_view_png(target: Target, path: files.PathLike, width: int | None = None,
                    progress: Callable[[int, int], object] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> tuple[int, int]:
    """Render a plot (a view, PlotWidget, PlotItem or scene) to a PNG, `width` pixels wide; returns (w, h).

    With many points it reports progress(spots drawn, spots) and checks cancelled(): on a Cancel it
    raises Cancelled and writes nothing.
    """
    path = writable_target(path)  # before the rendering, which can take seconds
    graphics = _graphics(target)
    exporter = pg.exporters.ImageExporter(graphics)
    if width is not None:
        if not 1 <= int(width) <= MAX_EXPORT_WIDTH:
            raise ValueError(f"width must be 1 to {MAX_EXPORT_WIDTH} pixels, not {width}")
        exporter.parameters()["width"] = int(width)  # the height follows the aspect ratio
    if progress is None and cancelled is None:
        image = exporter.export(toBytes=True)
    else:
        total, done, stop = max(1, _visible_spots(graphics)), 0, False

        def tick() -> bool:
            nonlocal done, stop
            done += 1
            if done % PNG_TICK_SPOTS == 0:
                if progress is not None:
                    progress(min(done, total - 1), total)  # may process events: a Cancel lands here
                stop = cancelled is not None and cancelled()
            return stop

        # the progress dialog lets paint events through while the scene is half-way through its
        # export render (its items in export mode): its own views must not paint it meanwhile
        views = [v for v in _views_of(graphics) if v.updatesEnabled()]
        for view in views:
            view.setUpdatesEnabled(False)
        try:
            with _counted_spots(tick):
                image = exporter.export(toBytes=True)
        finally:
            for view in views:
                view.setUpdatesEnabled(True)
        if stop:
            raise Cancelled
    write_bytes(path, _image_bytes(image))
    return image.width(), image.height()


def _closed_as_lines(d: str) -> str:
    """SVG path data with each closepath 'Z' written as a line back to its subpath's start."""
    out, start = [], "0,0"
    for token in d.split():
        closes = token[-1] in "Zz"
        token = token.rstrip("Zz")
        if token:
            if token[0] in "Mm":
                start = token[1:]
            out.append(token)
        if closes:
            out.append(f"L{start}")
    return " ".join(out)


@contextlib.contextmanager
def _svg_closed_paths(tick: Callable[[], None] | None = None) -> Iterator[None]:
    """Let pyqtgraph's SVG exporter read the closed paths that Qt 6 writes ('... L0,0 Z').

    pyqtgraph <= 0.14.0 parses path data as 'x,y' pairs only and fails on every ViewBox's background
    rectangle (pyqtgraph issue #3495). Its exporter keeps what Qt's plain SVG lacks (each plot clipped
    to its box), so rewrite 'Z' for it rather than lose that. `tick()` is called for every path it
    transforms: the export's progress, and the place a Cancel can stop it (by raising).
    """
    module: Any = sys.modules[pg.exporters.SVGExporter.__module__]  # its functions, patched below
    original, transform = module.correctCoordinates, module.fn.transformCoordinates

    def correct(node: Element, defs: object, item: object, options: object) -> object:
        for path in node.getElementsByTagName("path"):
            path.setAttribute("d", _closed_as_lines(path.getAttribute("d")))
        return original(node, defs, item, options)

    def counted_transform(*args: object, **kwargs: object) -> object:
        if tick is not None:
            tick()
        return transform(*args, **kwargs)

    module.correctCoordinates = correct
    if tick is not None:
        # `fn` is pyqtgraph.functions itself: patched only while this export runs (the GUI thread's)
        module.fn.transformCoordinates = counted_transform
    try:
        yield
    finally:
        module.correctCoordinates = original
        module.fn.transformCoordinates = transform


def _svg_paths_estimate(graphics: QGraphicsItem | QGraphicsScene) -> int:
    """About how many paths the SVG of `graphics` will have: one per spot of a scatter, one per item."""
    if isinstance(graphics, QGraphicsScene):
        items = graphics.items()
    else:
        scene = graphics.scene()
        items = [graphics, *(i for i in (scene.items() if scene else []) if graphics.isAncestorOf(i))]
    return sum(len(i.data) if isinstance(i, pg.ScatterPlotItem) else 1 for i in items)


def export_view_svg(target: Target, path: files.PathLike,
                    progress: Callable[[int, int], object] | None = None,
                    cancelled: Callable[[], bool] | None = None) -> bool:
    """Render a plot (a view, PlotWidget, PlotItem or scene) to an SVG file; False if cancelled.

    A scatter of many points makes a long export (pyqtgraph writes each spot as a path: ~2 s per
    1,000 points), so it reports progress(paths done, about how many) and checks cancelled().
    """
    path = writable_target(path)  # before the rendering, which can take seconds
    graphics = _graphics(target)
    total, done = max(1, _svg_paths_estimate(graphics)), 0

    def tick() -> None:
        nonlocal done
        done += 1
        if done % SVG_TICK_PATHS == 0:
            if progress is not None:
                progress(min(done, total - 1), total)
            if cancelled is not None and cancelled():
                raise Cancelled

    try:
        with _svg_closed_paths(tick if progress or cancelled else None):
            svg = pg.exporters.SVGExporter(graphics).export(toBytes=True)
    except Cancelled:
        return False
    write_bytes(path, svg)
    return True


def settle_window(widget: QWidget) -> None:
    """Let the MainWindow holding `widget` show its newest readouts (a panel in its own window too)."""
    host: QWidget | None = widget
    while host is not None and not hasattr(host, "settle"):
        host = host.parentWidget()
    if host is not None:
        host.settle()


def export_window_png(widget: QWidget, path: files.PathLike) -> tuple[int, int]:
    """The widget (the whole window, say) as it is on screen, to a PNG; returns (w, h) in pixels."""
    path = writable_target(path)
    settle_window(widget)  # the readouts as of now
    pixmap = widget.grab()
    write_bytes(path, _image_bytes(pixmap))
    return pixmap.width(), pixmap.height()

