"""Small plotting helpers the views share: finite data, a twin y axis, a legend in the title row,
and the cheap ways to update a plot every frame (cached drawings, text set only when it changes)."""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QGraphicsItem, QHBoxLayout, QLabel, QVBoxLayout, QWidget


def finite(a: np.ndarray) -> np.ndarray:
    """`a` with every non-finite value replaced by 0: nothing NaN or inf reaches a plot item."""
    a = np.asarray(a, float)
    return a if np.all(np.isfinite(a)) else np.where(np.isfinite(a), a, 0.0)


def stack_view(view: QWidget, main: QWidget, *row: QWidget) -> None:
    """The views' shape: `main` filling the top, a row of small widgets below (the first stretches)."""
    line = QHBoxLayout()
    line.setContentsMargins(4, 0, 4, 0)
    for i, widget in enumerate(row):
        line.addWidget(widget, 1 if i == 0 else 0)
    layout = QVBoxLayout(view)
    layout.setContentsMargins(0, 0, 0, 2)
    layout.setSpacing(2)
    layout.addWidget(main, 1)
    layout.addLayout(line)


def add_right_viewbox(plot_item: pg.PlotItem, label: str) -> pg.ViewBox:
    """A second ViewBox sharing the x axis, scaled by the right axis; drawn behind, mouse-inert."""
    vb = pg.ViewBox(enableMouse=False, enableMenu=False)
    plot_item.showAxis("right")
    plot_item.scene().addItem(vb)
    axis = plot_item.getAxis("right")
    axis.linkToView(vb)
    axis.setLabel(label)
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
    return legend


def fit_top_legend(plot_item: pg.PlotItem, legend: pg.LegendItem) -> None:
    """Give the title row the legend's height, after its rows changed."""
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


NICE_MANTISSAS = (1.0, 1.5, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0)


def nice_ceil(value: float) -> float:
    """The smallest of 1, 1.5, 2, 3, 4, 5, 6, 8 times a power of ten that is ≥ value (value > 0)."""
    exponent = math.floor(math.log10(value))
    m = next(m for m in NICE_MANTISSAS if m * 10.0**exponent >= value * (1 - 1e-12))
    return float(f"{m * 10.0**exponent:.12g}")  # 0.3, not 0.30000000000000004



def set_text(label: QLabel, text: str) -> None:
    """Set a label's text only when it differs: a new text means a new layout (and often a relayout)."""
    if label.text() != text:
        label.setText(text)


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
