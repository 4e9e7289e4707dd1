"""Small plotting helpers the views share: finite data, a twin y axis, a legend in the title row,
and the cheap ways to update a plot every frame (cached drawings, text set only when it changes)."""

from __future__ import annotations

import math
import time
import weakref

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsItem,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QStyleOptionGraphicsItem,
    QVBoxLayout,
    QWidget,
)

from visualnet.app import frame_gate, palette


def stack_view(view: QWidget, main: QWidget, *row: QWidget, readout: QWidget | None = None) -> None:
    """The views' shape: `main` filling the top, a row of small widgets below (the first stretches);
    a `readout` gets a line of its own above that row, so a narrow dock never cuts it to "H…"."""
    line = QHBoxLayout()
    line.setContentsMargins(4, 0, 4, 0)
    for i, widget in enumerate(row):
        line.addWidget(widget, 1 if i == 0 and readout is None else 0)
    if readout is not None:
        line.addStretch(1)
    layout = QVBoxLayout(view)
    layout.setContentsMargins(0, 0, 0, 2)
    layout.setSpacing(2)
    layout.addWidget(main, 1)
    if readout is not None:
        readout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(readout)
    layout.addLayout(line)


def label_axis(axis: pg.AxisItem | pg.PlotItem, side_or_text: str, text: str | None = None) -> None:
    """Label an axis of unitless numbers, which are never rescaled ("0.5", not "500 (x0.001)"):
    `label_axis(plot_item, "left", text)` or `label_axis(axis, text)` (a colour bar's).

    pyqtgraph 0.14 rescales a unitless axis whose values stay below 1 (its default SI-prefix ranges);
    every `setLabel` resets the ranges, so they are given with the label each time.
    """
    if isinstance(axis, pg.PlotItem):
        axis, side_or_text = axis.getAxis(side_or_text), text or ""
    axis.setLabel(side_or_text, siPrefixEnableRanges=())


def add_right_viewbox(plot_item: pg.PlotItem, label: str) -> pg.ViewBox:
    """A second ViewBox sharing the x axis, scaled by the right axis; drawn behind, mouse-inert."""
    plot_item.showAxis("right")
    axis = plot_item.getAxis("right")
    axis.setLabel(label)
    return twin_viewbox(plot_item, axis)


def twin_viewbox(plot_item: pg.PlotItem, axis: pg.AxisItem) -> pg.ViewBox:
    """A ViewBox sharing the plot's x axis and scaled by `axis` (pyqtgraph's MultiplePlotAxes example):
    drawn behind the plot's own, mouse-inert, always covering the same rectangle."""
    vb = pg.ViewBox(enableMouse=False, enableMenu=False)
    plot_item.scene().addItem(vb)
    axis.linkToView(vb)
    vb.setXLink(plot_item.vb)
    vb.setZValue(-100)  # below the PlotItem, so the main ViewBox keeps the mouse and is drawn on top
    vb.disableAutoRange()

    def follow() -> None:  # the twin must cover exactly the main ViewBox's rectangle
        vb.setGeometry(plot_item.vb.sceneBoundingRect())

    plot_item.vb.sigResized.connect(follow)
    follow()
    return vb


def add_top_legend(plot_item: pg.PlotItem, columns: int) -> pg.LegendItem:
    """A frameless legend in the plot's (unused) title row: above the data, never covering it."""
    legend = pg.LegendItem(colCount=columns, labelTextSize="8pt", horSpacing=4, verSpacing=-6, frame=False)
    # the title label owns that cell; a plot here never has a title, so the legend takes its place
    plot_item.layout.removeItem(plot_item.titleLabel)
    plot_item.titleLabel.hide()
    # spanning the axes' columns too, so a wide legend never pushes the right axis out of view
    plot_item.layout.addItem(legend, 0, 0, 1, 3)
    # its width never widens the plot past its view (that would clip the right axis): in a narrow
    # plot the entries wrap onto more rows instead
    legend.setMinimumWidth(1)  # set, it replaces the minimum its entries' row would have
    _legend_columns[legend] = columns
    plot_item.geometryChanged.connect(lambda: fit_top_legend(plot_item, legend))
    return legend


_legend_columns: weakref.WeakKeyDictionary[pg.LegendItem, int] = weakref.WeakKeyDictionary()


def _legend_width(legend: pg.LegendItem, columns: int) -> float:
    """The width of `legend`'s entries laid out in `columns` columns (filled row by row)."""
    gap = legend.layout.horizontalSpacing()
    # the entries' own widths (a laid-out label is as wide as its column)
    hint = Qt.SizeHint.PreferredSize
    widths = [sample.effectiveSizeHint(hint).width() + label.effectiveSizeHint(hint).width() + 2 * gap
              for sample, label in legend.items]
    return sum(max(widths[j::columns]) for j in range(min(columns, len(widths))))


def fit_top_legend(plot_item: pg.PlotItem, legend: pg.LegendItem) -> None:
    """Give the legend as many columns (up to those it was made with) as the plot's width holds, and
    the title row its height, after its entries or the plot's width changed."""
    most = _legend_columns.get(legend, legend.columnCount)
    room = plot_item.width()
    columns = next((c for c in range(most, 1, -1) if _legend_width(legend, c) <= room), 1)
    if legend.items and columns != legend.columnCount:
        legend.setColumnCount(columns)
    legend.updateSize()
    plot_item.layout.setRowFixedHeight(0, legend.height() if legend.items else 0)


# ---------------------------------------------------------------------------- cheap per-frame updates

def cache_drawing(*items: QGraphicsItem) -> None:
    """Keep each item's drawing as a pixmap until it changes: a repaint around it is then one blit.

    For items that change rarely (axes, static curves, a surface recomputed every 100 ms): when
    something else in the same plot changes, Qt repaints the items under it too, and replaying an
    axis picture or stroking an 800-point curve costs far more than copying its pixels.
    """
    for item in items:
        # a PlotDataItem draws nothing itself: its curve and symbols are child items
        parts = (item.curve, item.scatter) if isinstance(item, pg.PlotDataItem) else (item,)
        for part in parts:
            part.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)


def cache_axes(plot_item: pg.PlotItem) -> None:
    """Cache the drawing of every axis of a plot (they change only when their range does)."""
    cache_drawing(*(plot_item.getAxis(name) for name in ("left", "bottom", "right", "top")))


FAST_FORMAT = QImage.Format.Format_ARGB32_Premultiplied  # what the raster engine draws without converting
OPAQUE_FORMAT = QImage.Format.Format_RGB32  # the same without alpha: scaled and copied, not blended


class FastImageItem(pg.ImageItem):
    """An ImageItem whose picture is kept in the raster painter's own pixel format.

    pyqtgraph hands Qt RGB888, RGBA8888 or indexed images, and Qt converts those again at every
    scaled draw: a 100×100 field drawn 7× larger costs 1.5 ms that way, 0.47 ms premultiplied and
    0.21 ms as opaque RGB32, which needs no blending. Converting once, when the data change, is a
    few microseconds. Ready-made colours (uint8 RGB or RGBA set with `levels=None`, no lookup
    table) skip pyqtgraph's general conversion (~0.1 ms per image, and its levels would rescale the
    colours).
    """

    def render(self) -> None:
        """Make the QImage from the data, once per change: RGB32 when opaque, else premultiplied."""
        img = self.image
        if (img is not None and img.dtype == np.uint8 and img.ndim == 3 and img.shape[2] in (3, 4)
                and img.size and self.levels is None and self.lut is None and not self.autoDownsample
                and self.axisOrder == "row-major"):
            h, w, c = img.shape
            rgb = QImage.Format.Format_RGB888 if c == 3 else QImage.Format.Format_RGBA8888
            data = np.ascontiguousarray(img)
            # convertToFormat copies: the QImage does not keep a view of `data`
            self.qimage = QImage(data.data, w, h, w * c, rgb).convertToFormat(
                OPAQUE_FORMAT if c == 3 else FAST_FORMAT)
            self._renderRequired = self._unrenderable = False
            return
        super().render()
        if self.qimage is not None and self.qimage.format() not in (FAST_FORMAT, OPAQUE_FORMAT):
            opaque = not self.qimage.hasAlphaChannel()
            self.qimage = self.qimage.convertToFormat(OPAQUE_FORMAT if opaque else FAST_FORMAT)


class FastScatter(pg.ScatterPlotItem):
    """A ScatterPlotItem whose bounding rectangle is computed once per change, not once per call.

    Qt asks every item for its boundingRect several times a frame (which items a repaint exposes,
    where a dirty item was); pyqtgraph's scatter works it out anew each time from its data bounds and
    the size of a pixel, ~40 µs a call. What changes it (new data, sizes or styles: pyqtgraph then
    calls `invalidate()`; a new pixel size when the view is zoomed or resized: `viewTransformChanged()`)
    drops the kept rectangle. Not for a scatter moved with setPos or setTransform. Its paint keeps
    pyqtgraph's pixmap fragments while the spots and the screen mapping stay the same (a data view's
    points under a field that changes every step): the one place that reads pyqtgraph's internals,
    for ~0.2 ms of every frame of a large data set (pinned by tests/app/test_plotting_items.py).
    """

    _rect: QRectF | None = None
    _drawn_for: tuple | None = None  # the screen mapping the pixmap fragments were made for

    def invalidate(self) -> None:
        """pyqtgraph's: the data or styles changed (every change of them calls it)."""
        self._drawn_for = None
        self._rect = None
        super().invalidate()

    def viewTransformChanged(self) -> None:
        """pyqtgraph's: the pixel size changed, and with it the spots' padding in data units."""
        self._rect = None
        super().viewTransformChanged()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None) -> None:
        """pyqtgraph's drawing; when neither the spots nor where they land on screen changed since,
        the same pixmap fragments are drawn again without working them out anew (~0.2 ms)."""
        vb, dpr = self.getViewBox(), self.fragmentAtlas.devicePixelRatio()
        if (vb is None or self._exportOpts is not False or self.opts["pxMode"] is not True
                or not self.opts["useCache"] or self.opts.get("compositionMode") is not None
                or (widget is not None and widget.devicePixelRatioF() != dpr)):
            self._drawn_for = None
            super().paint(painter, option, widget)
            return
        t, view = painter.transform(), vb.viewRect()
        key = (t.m11(), t.m12(), t.m21(), t.m22(), t.dx(), t.dy(),
               view.x(), view.y(), view.width(), view.height())
        if key != self._drawn_for:
            self._drawn_for = None
            super().paint(painter, option, widget)  # culls, maps and fills self._pixmapFragments
            self._drawn_for = key
            return
        try:
            painter.resetTransform()  # the fragments are in device pixels, as pyqtgraph draws them
            # drawargs() is (fragments, count): mypy counts the * as filling every parameter
            painter.drawPixmapFragments(*self._pixmapFragments.drawargs(), self.fragmentAtlas.pixmap)  # type: ignore[call-arg]
        except Exception:  # an exception escaping paint() aborts the process under PySide6
            self._drawn_for = None
            painter.setTransform(t)
            super().paint(painter, option, widget)

    def boundingRect(self) -> QRectF:
        """The rectangle pyqtgraph computes, kept until the data or the pixel size change."""
        if self._rect is None:
            rect = super().boundingRect()
            if self.getViewBox() is None:  # no pixel size yet: the padding would be 0
                return rect
            self._rect = rect
        return QRectF(self._rect)


class FastCurve(pg.PlotCurveItem):
    """A PlotCurveItem whose data bounds take one min and one max when its data are finite.

    pyqtgraph's scan is NaN-aware (nanmin and nanmax inside a warnings guard), ~25 µs per axis, and
    a curve given new data every frame has its bounds scanned again at the next repaint. Data with
    a NaN or an inf, a fill level or a pen whose width is in data units get pyqtgraph's own bounds,
    so the result is the same either way. The bounds are kept until setData hands in new arrays.
    """

    _bounds_of: tuple[np.ndarray, np.ndarray, list[tuple[float, float] | None]] | None = None

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange: tuple[float, float] | None = None
                   ) -> tuple[float | None, float | None] | None:
        """(min, max) of the data along `ax`."""
        x, y = self.getData()
        pens = [p for p in (self.opts["pen"], self.opts["shadowPen"]) if p is not None]
        if (frac < 1.0 or orthoRange is not None or x is None or len(x) == 0
                or self.opts["fillLevel"] is not None
                or any(not p.isCosmetic() and p.style() != Qt.PenStyle.NoPen for p in pens)):
            return super().dataBounds(ax, frac, orthoRange)
        known = self._bounds_of
        if known is None or known[0] is not x or known[1] is not y:  # (setData makes new arrays)
            known = self._bounds_of = (x, y, [None, None])
        if known[2][ax] is None:
            d = x if ax == 0 else y
            lo, hi = float(d.min()), float(d.max())
            known[2][ax] = (lo, hi) if math.isfinite(lo) and math.isfinite(hi) else super().dataBounds(ax)
        return known[2][ax]


class WrapRow(QWidget):
    """A row of controls that moves its `tail` onto a second line when one line is too narrow
    for all of them (a narrow dock, the projector's large text), instead of squeezing and
    clipping them. `head` stays on the first line, its last widget at the right end."""

    def __init__(self, head: list[QWidget], tail: list[QWidget], spacing: int = 6) -> None:
        super().__init__()
        self.head, self.tail = head, tail
        self.lines = (QHBoxLayout(), QHBoxLayout())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(2)
        outer.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # the minimum is minimumSizeHint's
        for line in self.lines:
            line.setContentsMargins(0, 0, 0, 0)
            line.setSpacing(spacing)
            outer.addLayout(line)
        self.wrapped: bool | None = None
        self._arrange(False)

    def _arrange(self, wrapped: bool) -> None:
        """Put the widgets on one line (head[:-1], tail, stretch, head[-1]) or on two."""
        if wrapped == self.wrapped:
            return
        self.wrapped = wrapped
        for line in self.lines:
            while line.count():
                line.takeAt(0)
        first, second = self.lines
        for w in self.head[:-1] + ([] if wrapped else self.tail):
            first.addWidget(w)
        first.addStretch(1)
        first.addWidget(self.head[-1])
        if wrapped:
            for w in self.tail:
                second.addWidget(w)
            second.addStretch(1)

    def needed_width(self, widgets: list[QWidget] | None = None) -> int:
        """The width the visible ones of `widgets` (default: all) need on one line."""
        shown = [w for w in (self.head + self.tail if widgets is None else widgets) if not w.isHidden()]
        return sum(w.sizeHint().width() for w in shown) + self.lines[0].spacing() * max(len(shown) - 1, 0)

    def minimumSizeHint(self) -> QSize:
        """As narrow as the wider of the two lines: below one line's width, the row wraps."""
        hint = super().minimumSizeHint()
        return QSize(max(self.needed_width(self.head), self.needed_width(self.tail)), hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Wrap when the new width is too small for one line (and unwrap when it is not)."""
        super().resizeEvent(event)
        self._arrange(event.size().width() < self.needed_width())

    def event(self, event: QEvent) -> bool:
        """A widget shown or hidden inside (another mode's controls) may change what fits."""
        if event.type() == QEvent.Type.LayoutRequest:
            self._arrange(self.width() < self.needed_width())
        return super().event(event)


def set_text(label: QLabel, text: str) -> None:
    """Set a label's text only when it differs: a new text means a new layout (and often a relayout)."""
    if label.text() != text:
        label.setText(text)


class ElidedLabel(QLabel):
    """A one-line label that ends in … when it is narrower than its text; the whole text is its tooltip."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText(text)

    def setText(self, text: str) -> None:
        """Show `text` (elided when painted) and keep the whole of it in the tooltip."""
        super().setText(text)
        self.setToolTip(text)

    def minimumSizeHint(self) -> QSize:
        """As narrow as an ellipsis: a long readout must not widen its dock."""
        return QSize(self.fontMetrics().horizontalAdvance("…"), super().minimumSizeHint().height())

    def paintEvent(self, event: object) -> None:
        """Draw the text cut to the width with an ellipsis (no Python exception can escape a paint)."""
        painter = QPainter(self)
        rect = self.contentsRect()
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, int(self.alignment()), text)
        painter.end()


class ThrottledText(QObject):
    """Shows the newest text on a label at most every `interval_s`, and never later than that.

    A readout that changes with every training step changes 60 times a second: nobody reads that,
    and each new text of a word-wrapped label re-lays out its dock (~3 ms a frame here). When the
    label is hidden (its dock closed, the window closing) the pending text is shown at once, so no
    timer outlives it.
    """

    def __init__(self, label: QLabel, interval_s: float = 0.1) -> None:
        super().__init__(label)  # dies with the label
        self.label = label
        self.interval_s = interval_s
        self.clock = time.perf_counter
        self._text = label.text()
        self._shown_at = -math.inf
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._on_due)
        label.installEventFilter(self)

    def set(self, text: str) -> None:
        """Show `text` now if the last change is old enough, else when it is."""
        self._text = text
        wait = self._shown_at + self.interval_s - self.clock()
        if wait <= 0 or text == self.label.text() or not self.label.isVisible():
            self.flush()  # (a hidden label is not painted: a new text costs nothing there)
        elif not self._timer.isActive():
            self._timer.start(max(1, math.ceil(1000 * wait)))

    def _on_due(self) -> None:
        """The text put off: now, or (between two frames while training runs) by the next frame."""
        if not frame_gate.put_off(self._timer):
            self.flush()

    def flush(self) -> None:
        """Show the newest text now."""
        self._timer.stop()
        if self._text != self.label.text():
            self.label.setText(self._text)
            self._shown_at = self.clock()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Flush when the label is hidden."""
        if event.type() == QEvent.Type.Hide:
            self.flush()
        return False


KEPT_WIDTHS = 16  # a TextBox that keeps its height remembers it at this many widths at most


class TextBox(QWidget):
    """Holds a word-wrapped label whose text changes often, so that a new text costs one repaint of
    the label: no new layout of its view, dock and main window, no repaint of the dock beneath it.

    QLabel.setText always asks for a new layout; in a layout that request climbs to the dock and
    the main window (~1 ms with the repaints it causes, for a label that keeps its size). Here the
    label has no layout above it: the box places it, and passes the request on only when the label
    needs another height at the box's width (a line more or less). The label paints its own
    background, so nothing under it is repainted either. With `keep_height` the box keeps the tallest
    height its texts needed at its width (until `forget_height`): a line that comes and goes with
    every other text (a surface's age) does not lay the view out again each time, nor make it jump.
    """

    def __init__(self, label: QLabel, parent: QWidget | None = None, keep_height: bool = False) -> None:
        super().__init__(parent)
        self.label = label
        label.setParent(self)
        label.setAutoFillBackground(True)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._asked = (-1, -1)  # (width, height) the layout last asked for and was told
        self.keep_height = keep_height
        self._kept: dict[int, int] = {}  # with keep_height: width -> the tallest height there so far

    def forget_height(self) -> None:
        """Let a box that keeps its height shrink to its text again (its texts change their kind)."""
        self._kept.clear()
        self.label.updateGeometry()

    def _height(self, width: int) -> int:
        """The label's height at `width` (keep_height: the tallest there so far)."""
        height = self.label.heightForWidth(width)
        if self.keep_height:  # (by width: a layout asks at its own widths, a resize at others)
            height = max(height, self._kept.get(width, 0))
            if len(self._kept) >= KEPT_WIDTHS:
                self._kept.clear()  # a window resized through many widths: only the newest matter
            self._kept[width] = height
        return height

    def sizeHint(self) -> QSize:
        """The label's."""
        return self.label.sizeHint()

    def minimumSizeHint(self) -> QSize:
        """The label's."""
        return self.label.minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        """A wrapped label's height depends on its width."""
        return True

    def heightForWidth(self, width: int) -> int:
        """The label's height at `width` (or the tallest so far: keep_height)."""
        self._asked = (width, self._height(width))
        return self._asked[1]

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The label fills the box."""
        self.label.setGeometry(self.rect())
        self._fit_height()

    def _fit_height(self) -> None:
        """Keep the minimum height at the label's height for the box's width: a dock does not
        honour height-for-width, and a larger font (projector mode) would clip the last line."""
        height = self._height(max(self.width(), 1))
        if height > 0 and height != self.minimumHeight():
            self.setMinimumHeight(height)

    def event(self, event: QEvent) -> bool:
        """A new text in the label (it has no layout to ask): ask ours only for another height."""
        if event.type() == QEvent.Type.LayoutRequest:
            width, height = self._asked
            if width < 0 or self._height(width) != height:
                self.updateGeometry()
            self._fit_height()
            return True
        return super().event(event)


def move_spots(scatter: pg.ScatterPlotItem, xy: np.ndarray) -> None:
    """Move the spots of `scatter` to `xy` (n, 2), same n, keeping their symbols, pens and brushes.

    `setData` would rebuild every spot's style and look its pixmap up again (tens of ms for 10,000
    points); a drag moves one point, so only the coordinates are written, in place.
    """
    data = scatter.data
    if len(data) != len(xy):
        raise ValueError(f"{len(xy)} positions for {len(data)} spots")
    data["x"] = xy[:, 0]
    data["y"] = xy[:, 1]
    scatter.prepareGeometryChange()
    scatter.bounds = [None, None]  # the cached data bounds
    scatter.informViewBoundsChanged()
    scatter.invalidate()
    scatter.sigPlotChanged.emit(scatter)


def place_spots(scatter: pg.ScatterPlotItem, xy: np.ndarray) -> None:
    """Show spots of one style at `xy` (n, 2): nothing to do if they are there already, a move if
    only positions changed, and a new set (which looks every spot's pixmap up again) otherwise."""
    data = scatter.data
    if len(data) == len(xy):
        if not (np.array_equal(data["x"], xy[:, 0]) and np.array_equal(data["y"], xy[:, 1])):
            move_spots(scatter, xy)
    else:
        scatter.setData(pos=xy)
    scatter.setVisible(len(xy) > 0)  # an empty item still costs a paint call


def set_spot_visible(scatter: pg.ScatterPlotItem, i: int, visible: bool) -> None:
    """Show or hide spot `i` alone (no spot's style is looked up again)."""
    scatter.data["visible"][i] = visible
    scatter.invalidate()


def fixed_window_plot(object_name: str, accessible_name: str) -> tuple[pg.PlotWidget, pg.PlotItem]:
    """A plot of a computed surface: it shows exactly the window it is given (no menu, no buttons,
    no mouse pan or zoom, no padding), its samples drawn filtered rather than as blocks."""
    widget = pg.PlotWidget(background="w")
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    # pixel centres stay on the samples: a 41×41 surface is smooth, not a mosaic
    widget.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    pi = widget.getPlotItem()
    pi.setMenuEnabled(False)
    pi.hideButtons()
    pi.layout.setContentsMargins(2, 8, 2, 2)  # room for the top tick label
    vb = pi.getViewBox()
    vb.setMouseEnabled(x=False, y=False)  # panning would reveal nothing computed
    vb.setDefaultPadding(0)
    return widget, pi


def caption_label(object_name: str) -> QLabel:
    """A quiet, word-wrapped caption under a plot, two lines tall whatever its text, so the plot
    above does not jump when the text changes length."""
    label = QLabel(objectName=object_name)  # type: ignore[call-overload]  # a Qt property: see pyproject.toml
    label.setWordWrap(True)
    palette.quiet_label(label)
    label.setMinimumHeight(2 * label.fontMetrics().lineSpacing() + 2)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    return label


def surface_colorbar(image: pg.ImageItem, plot: pg.PlotItem, colormap: pg.ColorMap,
                     label: str) -> pg.ColorBarItem:
    """A fixed (not draggable) colour bar for a surface image, placed at the right of its plot."""
    bar = pg.ColorBarItem(colorMap=colormap, interactive=False, colorMapMenu=False, width=12, label=label)
    for name in ("right", "left"):
        bar.getAxis(name).setTextPen(palette.pen(palette.FOREGROUND))
    bar.setImageItem(image, insert_in=plot)
    return bar
