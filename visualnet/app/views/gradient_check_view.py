"""Gradient check: backpropagation beside the numerical gradient for every block, and the step h swept.

What is drawn comes from visualnet/presenters/gradient_check.py; this widget only paints it. The
check runs on "Check now" and, when switched on, every N training steps, less often when it costs
more than its share of a frame (the readout says so).
"""

from __future__ import annotations

import math
import time
from typing import TypeVar

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from visualnet.app import i18n, palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import ElidedLabel, TextBox, WrapRow, label_axis, set_text
from visualnet.app.views import live
from visualnet.app.views.weights_view import FRAME_SHADE, HeatmapPanel, signed_colors
from visualnet.core.perceptron import Perceptron
from visualnet.core.training import StepReport
from visualnet.presenters import gradient_check as gcp
from visualnet.presenters.weights import PanelPlace
from visualnet.session import Session

__all__ = ["GradientCheckView", "HSweepPanel"]

DEFAULT_EVERY = 10
SWEEP_INTERVAL_MS = 250  # the h sweep follows the weights: its cost (6-8 ms) four times a second at most
W = TypeVar("W", bound=QWidget)


def _named(widget: W, name: str) -> W:
    """`widget` with its objectName set (tests and the window find it by that name)."""
    widget.setObjectName(name)
    return widget


class GradientCheckView(QWidget):
    """Both gradients of every parameter block side by side on one colour scale, and their errors."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradientCheckView")
        self.session = session
        self.bridge = bridge
        self.result: gcp.CheckResult | None = None
        self.schedule = gcp.CheckSchedule(DEFAULT_EVERY)
        self.clock = time.perf_counter

        self.plot = pg.GraphicsLayoutWidget()
        self.plot.setBackground("w")
        self.plot.setObjectName("gradientCheckHeatmaps")
        self.canvas = self.plot.addViewBox(row=0, col=0, lockAspect=True, invertY=True,
                                           enableMouse=False, enableMenu=False)
        self.canvas.setDefaultPadding(0.0)
        self.headers = (pg.TextItem(color=palette.FOREGROUND, anchor=(0, 1)),
                        pg.TextItem(color=palette.FOREGROUND, anchor=(0, 1)))
        for header in self.headers:
            self.canvas.addItem(header)
        self.panels: list[tuple[HeatmapPanel, HeatmapPanel]] = []
        self._theme = theme.current()
        self._frame_pen = palette.pen(theme.shade(self._theme, FRAME_SHADE))

        self.hover = _named(ElidedLabel(), "gradientCheckHover")  # a long readout must not widen the dock
        self._hover_pos: QPointF | None = None
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        self.readout = _named(QLabel(), "gradientCheckReadout")
        self.readout.setWordWrap(True)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.check_now = _named(QPushButton(), "gradientCheckNow")
        self.check_now.clicked.connect(self.run_check)
        self.auto = _named(QCheckBox(), "gradientCheckAuto")
        self.auto.toggled.connect(self._on_auto_toggled)
        self.every = _named(QSpinBox(), "gradientCheckEvery")
        self.every.setRange(1, 100_000)
        self.every.setValue(DEFAULT_EVERY)
        self.every.valueChanged.connect(self._on_every_changed)
        self.with_delta = _named(QCheckBox(), "gradientCheckDelta")
        self.with_delta.toggled.connect(self._on_delta_toggled)

        self.sweep_panel = HSweepPanel(session)
        self.tabs = _named(QTabWidget(), "gradientCheckTabs")
        self.tabs.addTab(self._check_page(), "")
        self.tabs.addTab(self.sweep_panel, "")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        self._sweep_pending = QTimer(self)  # the h sweep follows training, a few times a second
        self._sweep_pending.setSingleShot(True)
        self._sweep_pending.timeout.connect(self._on_tab_changed)
        bridge.modelReset.connect(self._on_model_reset)  # panels are items: remade even out of sight
        live.follow(self, bridge.stepped, self._on_stepped)
        live.follow(self, bridge.weightsChanged, self._on_stepped)
        live.follow(self, bridge.dataChanged, self._on_stepped)  # the loss along the weight: new points
        live.follow(self, bridge.modelReset, self.refresh)
        live.follow(self, bridge.surfaceParamsChanged, self._on_tab_changed)  # the swept weight
        self._on_model_reset()
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def _check_page(self) -> QWidget:
        page = QWidget()
        # a narrow dock moves the every-N controls onto a second line instead of clipping them
        row = WrapRow(head=[self.check_now, self.with_delta], tail=[self.auto, self.every])
        row.setContentsMargins(4, 0, 4, 0)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        for label in (self.hover, self.readout):
            label.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.hover)
        layout.addWidget(TextBox(self.readout))  # a new readout while training repaints only itself
        layout.addWidget(row)
        return page

    def retranslate(self) -> None:
        """Buttons, tips, tabs, headers and the readouts in the language now spoken."""
        self.tabs.setTabText(0, self.tr("Backprop vs numerical"))
        self.tabs.setTabText(1, self.tr("The step h"))
        self.check_now.setText(self.tr("Check now"))
        self.check_now.setToolTip(self.tr("Compute both gradients on the last mini-batch at the current "
                                          "weights"))
        self.auto.setText(self.tr("Check every N steps"))
        self.auto.setToolTip(self.tr("Check again while training; a check that costs more than its share "
                                     "of a frame runs less often"))
        self.every.setPrefix(self.tr("N = "))
        self.with_delta.setText(self.tr("Book's loss −log(y + 1e-7)"))
        self.with_delta.setToolTip(self.tr("Differentiate the book's cross-entropy −log(y + 1e-7) "
                                           "numerically. Backpropagation's (y − t) / N is the derivative of "
                                           "−log y, so off, the numerical gradient is of −log y; on, a point "
                                           "whose class has a small probability y shows the 1e-7 as an "
                                           "error of about 1e-7 / y."))
        tip = self.tr("Relative error of a block: max |a − b| / max(|a| + |b|) over its entries, a the "
                      "backpropagation gradient and b the numerical one. Below 1e-6 they agree.")
        self.readout.setToolTip(tip)
        self.plot.setToolTip(self.tr("Each row has one colour scale for both gradients, ±m in its title: "
                                     "white is 0, blue positive, orange negative.") + "\n" + tip)
        self.sweep_panel.retranslate()
        self._show_texts()

    def apply_theme(self, new: theme.Theme) -> None:
        """Frame the heatmaps in the theme's grey (theme.style_plots calls this)."""
        if new == self._theme:
            return
        self._theme = new
        self._frame_pen = palette.pen(theme.shade(new, FRAME_SHADE))
        for pair in self.panels:
            for panel in pair:
                panel.frame.setPen(self._frame_pen)

    # ---------------------------------------------------------------- panels

    def _on_model_reset(self) -> None:
        """A new network: new panels of its shapes, and no result yet (the old one was another net)."""
        for pair in self.panels:
            for panel in pair:
                for item in panel.items:
                    self.canvas.removeItem(item)
        shapes = {k: tuple(np.shape(v)) for k, v in self.session.model.params.items()}
        places, extent = gcp.pair_layout(shapes)
        self.panels = []
        for place in places:
            room = place.x_numerical - place.x_backprop - 0.3
            left, right = (HeatmapPanel(self.canvas, PanelPlace(place.key, shapes[place.key], x, place.y,
                                                              place.rows, place.cols, room), self._frame_pen)
                         for x in (place.x_backprop, place.x_numerical))
            self.panels.append((left, right))
        if places:
            for header, x in zip(self.headers, (places[0].x_backprop, places[0].x_numerical), strict=True):
                header.setPos(x, gcp.HEADER_Y)
        self.canvas.setRange(QRectF(*extent), padding=0.02)
        self.result = None
        self._show_texts()

    def refresh(self) -> None:
        """Redraw from the last result (a new network has none); the sweep follows the weights."""
        if self.result is not None and self.result.shapes != self._shapes():
            self.result = None
        self._show_result()
        if self.tabs.currentWidget() is self.sweep_panel:
            self.sweep_panel.refresh()

    def _shapes(self) -> dict[str, tuple[int, ...]]:
        return {k: tuple(np.shape(v)) for k, v in self.session.model.params.items()}

    # ---------------------------------------------------------------- the check

    def run_check(self) -> None:
        """Compare backprop with the numerical gradient now, and show both."""
        start = self.clock()
        self.result = gcp.run_check(self.session, self.with_delta.isChecked())
        if self.tabs.currentWidget() is self.sweep_panel:
            self.sweep_panel.refresh()  # part of the check's cost: it sweeps the loss again
        end = self.clock()
        self.schedule.ran(end - start, end)
        self._show_result()

    def _on_stepped(self, report: StepReport | None = None) -> None:
        if self.tabs.currentWidget() is self.sweep_panel and not self._sweep_pending.isActive():
            # the swept loss is the current weights': again, at most four times a second (6-8 ms each)
            self._sweep_pending.start(SWEEP_INTERVAL_MS)
        if not self.auto.isChecked():
            return
        done = report.iterations_done if isinstance(report, StepReport) else 1
        if self.schedule.stepped(done, self.clock()):
            self.run_check()
        else:
            self._show_texts()

    def _on_auto_toggled(self, on: bool) -> None:
        self.schedule.steps = 0
        if on:
            self.run_check()

    def _on_delta_toggled(self) -> None:
        if self.result is not None:
            self.run_check()

    def _on_every_changed(self, n: int) -> None:
        self.schedule.every = n

    def _on_tab_changed(self, *_: object) -> None:
        if self.tabs.currentWidget() is self.sweep_panel:
            self.sweep_panel.refresh()

    def _show_result(self) -> None:
        """Paint both gradients of every block on their shared scale, and the texts."""
        result = self.result
        for (left, right), block in zip(self.panels, result.blocks if result else [], strict=False):
            for panel, values in ((left, block.backprop), (right, block.numerical)):
                panel.data = values.astype(np.float32)  # what is drawn; the hover reads the block
                panel.levels = (-block.top, block.top)
                panel.image.setImage(signed_colors(values, block.top), levels=None)
        if result is None:
            for pair in self.panels:
                for panel in pair:
                    panel.data = np.zeros_like(panel.data)
                    panel.image.setImage(signed_colors(panel.data, 1.0), levels=None)
        self._show_texts()

    def _show_texts(self) -> None:
        """Titles, headers and readout of the last result in the language now spoken."""
        result = self.result
        perceptron = isinstance(self.session.model, Perceptron)
        for header, text in zip(self.headers, gcp.headers(perceptron, i18n.translate), strict=True):
            if header.toPlainText() != text:
                header.setText(text)
        for (left, right), pair_key in zip(self.panels, self._shapes(), strict=False):
            block = next((b for b in result.blocks if b.key == pair_key), None) if result else None
            titles = block.titles(i18n.translate) if block else (f"∂L/∂{pair_key}", "")
            for panel, text in zip((left, right), titles, strict=True):
                if panel.title.toPlainText() != text:
                    panel.title.setText(text)
        if result is None and gcp.batch_of(self.session) is None:
            text = i18n.translated(gcp.NO_POINTS)
        elif result is None:
            text = self.tr("Press Check now to compare backpropagation with the numerical gradient.")
        else:
            text = result.readout(i18n.translate)
        note = self.schedule.note(i18n.translate) if self.auto.isChecked() else ""
        set_text(self.readout, gcp.sentences(text, note))
        self._show_hover()

    # ---------------------------------------------------------------- hover

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        self._hover_pos = scene_pos
        self._show_hover()

    def _show_hover(self) -> None:
        """Both values of the cell under the mouse, and their difference; else how to get them."""
        if self._hover_pos is not None and self.result is not None:
            p = self.canvas.mapSceneToView(self._hover_pos)
            for pair, block in zip(self.panels, self.result.blocks, strict=False):
                for panel in pair:
                    cell = panel.cell_at(p)
                    if cell is not None:
                        set_text(self.hover, block.hover_text(*cell, translate=i18n.translate))
                        return
        set_text(self.hover, i18n.translated(gcp.HOVER_HINT))

    def leaveEvent(self, event: QEvent) -> None:
        """Forget the hovered cell when the mouse leaves the view."""
        self._hover_pos = None
        self._show_hover()
        super().leaveEvent(event)


class HSweepPanel(QWidget):
    """|numerical − exact| against h on log–log axes: the book's f(x) at 5 and the loss along a weight."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradientCheckSweep")
        self.session = session
        self.found = gcp.sweep(None)
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("gradientCheckSweepPlot")
        pi = self.plot.getPlotItem()
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.setLogMode(x=True, y=True)
        pi.showGrid(x=True, y=True, alpha=0.2)
        self.legend = pi.addLegend(offset=(8, -8))  # bottom left: no curve goes there
        self.curves = {
            "central": pi.plot(pen=palette.pen("#1f77b4", 2.0)),
            "forward": pi.plot(pen=palette.pen("#ff7f0e", 1.5, Qt.PenStyle.DashLine)),
            "net": pi.plot(pen=palette.pen("#2ca02c", 2.0)),
        }
        self.marker = pg.InfiniteLine(angle=90, pen=palette.pen(palette.ACCENT, 1.5))
        pi.addItem(self.marker)
        self.slider = _named(QSlider(Qt.Orientation.Horizontal), "gradientCheckH")
        self.slider.setRange(0, len(gcp.H_EXPONENTS) - 1)
        self.slider.setValue(int(np.argmin(np.abs(gcp.H_EXPONENTS - math.log10(gcp.H_DEFAULT)))))
        self.slider.valueChanged.connect(self._on_h_changed)
        self.h_label = _named(QLabel(), "gradientCheckHValue")
        self.readout = _named(QLabel(), "gradientCheckSweepReadout")
        self.readout.setWordWrap(True)
        row = QHBoxLayout()
        row.setContentsMargins(4, 0, 4, 0)
        row.addWidget(self.h_label)
        row.addWidget(self.slider, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.setSpacing(2)
        layout.addWidget(self.plot, 1)
        self.readout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(self.readout)
        layout.addLayout(row)
        self._draw()

    @property
    def h(self) -> float:
        """The h chosen on the slider."""
        return float(10.0 ** gcp.H_EXPONENTS[self.slider.value()])

    def set_h(self, h: float) -> None:
        """Put the slider on the h nearest `h` (log scale)."""
        self.slider.setValue(int(np.argmin(np.abs(gcp.H_EXPONENTS - math.log10(h)))))

    def retranslate(self) -> None:
        """Axis labels, legend names, tips and the readout in the language now spoken."""
        pi = self.plot.getPlotItem()
        label_axis(pi, "bottom", "h")
        label_axis(pi, "left", self.tr("|numerical − exact|"))
        self.legend.clear()
        names = {"central": self.tr("f'(5), central difference"),
                 "forward": self.tr("f'(5), forward difference"),
                 "net": self.tr("loss along one weight, central")}
        for key, curve in self.curves.items():
            if key != "net" or self.found.net is not None:
                self.legend.addItem(curve, names[key])
        self.plot.setToolTip(self.tr("f(x) = 0.01x² + 0.1x at x = 5 (exact 0.2). A large h leaves a "
                                     "truncation error, a tiny one a rounding error; an error of 0 is "
                                     "drawn at 1e-20."))
        self.slider.setToolTip(self.tr("The step h of the numerical derivative, 1e-50 … 1e-1"))
        self._on_h_changed()

    def refresh(self) -> None:
        """Sweep again at the current weights (the loss along the first weight changes as they do)."""
        had_net = self.found.net is not None
        self.found = gcp.sweep(self.session)
        self._draw()
        if had_net != (self.found.net is not None):
            self.retranslate()  # the legend gains or loses the network's row
        else:
            self._on_h_changed()

    def _draw(self) -> None:
        found = self.found
        self.curves["central"].setData(found.h, gcp.plotted(found.f_central))
        self.curves["forward"].setData(found.h, gcp.plotted(found.f_forward))
        if found.net is None:
            self.curves["net"].setData([], [])
        else:
            self.curves["net"].setData(found.h, gcp.plotted(found.net))

    def _on_h_changed(self, *_: object) -> None:
        h = self.h
        self.marker.setPos(QPointF(math.log10(h), 0))  # the axes are log10 h
        set_text(self.h_label, f"h = {gcp.h_text(h)}")
        set_text(self.readout, gcp.sweep_readout(self.found, h, self.session, i18n.translate))
