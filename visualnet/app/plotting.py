"""Small plotting helpers the views share: finite data, a twin y axis, a legend in the title row."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


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
