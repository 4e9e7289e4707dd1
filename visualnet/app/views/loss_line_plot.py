"""The loss surface view's 1-D mode: the loss along the line from the initial (t = 0) to the current
weights (t = 1), both ends marked and named."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt

from visualnet.app import palette
from visualnet.app.plotting import FastCurve, FastScatter, cache_axes
from visualnet.app.views.surface_overlay import MARK_COLOR
from visualnet.presenters.surface_frame import LineFrame

__all__ = ["LossLinePlot"]


class LossLinePlot(pg.PlotWidget):
    """The plot of the loss along the line: its curve, its two ends and their names."""

    def __init__(self) -> None:
        super().__init__(background="w")
        self.setObjectName("lossLineView")
        self.setAccessibleName("lossLineView")
        pi = self.getPlotItem()
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.getViewBox().setMouseEnabled(x=False, y=False)
        pi.showGrid(x=True, y=True, alpha=0.15)
        for name in ("bottom", "left"):
            pi.getAxis(name).setPen(palette.pen(palette.FOREGROUND))
            pi.getAxis(name).setTextPen(palette.pen(palette.FOREGROUND))
            pi.getAxis(name).enableAutoSIPrefix(False)  # "0.0004", not "400 (x0.001)"
        pi.getAxis("bottom").setTicks([[(v, f"{v:g}") for v in (-0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25)]])
        dashed = palette.pen("#B0B0B0", 1.0, Qt.PenStyle.DashLine)
        self.ticks = [pg.InfiniteLine(pos=v, angle=90, pen=dashed) for v in (0.0, 1.0)]
        for line in self.ticks:
            pi.addItem(line, ignoreBounds=True)
        self.curve = FastCurve(pen=palette.pen(palette.FOREGROUND, 2.0))
        pi.addItem(self.curve)
        # t = 0 (initial) hollow, t = 1 (now) the accent colour, as the current point elsewhere
        self.ends = FastScatter(size=11, pen=palette.pen(palette.FOREGROUND, 1.5))
        self._end_brushes = [palette.brush("#FFFFFF"), palette.brush(MARK_COLOR)]
        pi.addItem(self.ends)
        self.labels = [pg.TextItem("", color=palette.FOREGROUND, anchor=(0.5, 1.3)) for _ in range(2)]
        for label in self.labels:
            pi.addItem(label)
        # the loss range changes only when the losses leave it (or shrink well inside it), so the
        # axes and their grid are redrawn then, not at every step as an auto-range would
        pi.enableAutoRange(y=False)
        cache_axes(pi)

    def name(self, bottom: str, initial: str, now: str) -> None:
        """The t axis's title and the two ends' names, in the language spoken."""
        self.getPlotItem().setLabel("bottom", bottom)
        for label, text in zip(self.labels, (initial, now), strict=True):
            label.setText(text)

    def draw(self, line: LineFrame) -> None:
        """The loss along the line, or nothing while the line has a problem (the caption says which)."""
        shown = line.problem is None
        if shown:
            self.curve.setData(line.alphas, line.losses)
            if line.loss_range is not None:
                self.getPlotItem().setYRange(*line.loss_range, padding=0)
            self.ends.setData([0.0, 1.0], line.ends, brush=self._end_brushes)
            for label, x, y in zip(self.labels, (0.0, 1.0), line.ends, strict=True):
                label.setPos(float(x), float(y))
        for item in (self.curve, self.ends, *self.labels):
            item.setVisible(shown)
