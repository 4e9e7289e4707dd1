"""The activation functions, the chosen one highlighted, over a histogram of the first layer's z."""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QLabel, QWidget

from visualnet.app import frame_gate, i18n, palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import (
    FastCurve,
    TextBox,
    add_right_viewbox,
    add_top_legend,
    cache_axes,
    cache_drawing,
    fit_top_legend,
    set_text,
    stack_view,
)
from visualnet.app.views import live
from visualnet.core import activations
from visualnet.presenters import activations as present
from visualnet.session import Session

BUSY_S = 0.0005  # a refresh that costs more than this ...
BUSY_EVERY_S = 0.05  # ... follows training at most this often: 20 pictures a second

# One colour per activation: Okabe–Ito's for the first six (the class palette's, so nothing clashes).
COLORS = {
    "step": palette.CLASS_COLORS[7],
    "sigmoid": palette.CLASS_COLORS[0],
    "tanh": palette.CLASS_COLORS[2],
    "relu": palette.CLASS_COLORS[3],
    "leaky_relu": palette.CLASS_COLORS[4],
    "identity": palette.CLASS_COLORS[1],
    # ReLU's smooth relatives, each drawn only when chosen (beside the five above): colours apart from
    # those five, with a contrast of 4.3 or more on white (theme.readable lightens them on dark)
    "elu": "#7B4FB8",  # violet
    "softplus": "#8A7A00",  # olive, the Okabe–Ito yellow darkened until it reads on white
    "swish": "#8C510A",  # brown
    "gelu": "#C2185B",  # raspberry
}
# From the plot's background toward its ink (theme.shade): #E6E6E6 and #A8A8A8 on the light theme
GRID_SHADE = 0.12  # a grid that recedes behind every curve
HISTOGRAM_EDGE_SHADE = 0.42
HISTOGRAM_FILL_ALPHA = 45  # the ink at 18%: bars that tint the plot, not cover the curves
CURVE_CONTRAST = 3.0  # WCAG's minimum for graphics that carry meaning (the chosen curve)


class Histogram(FastCurve):
    """The z histogram as one stepped, filled curve: a bare curve, as a PlotDataItem's setData costs
    ~0.3 ms in Python, every frame."""

    def __init__(self, edges: np.ndarray) -> None:
        super().__init__(edges, np.zeros(len(edges) - 1), stepMode="center", fillLevel=0.0)

    def setFillBrush(self, brush: QBrush) -> None:
        """Fill with `brush`, kept as opts['fillBrush'] too: where the legend's sample looks for it."""
        self.setBrush(brush)
        self.opts["fillBrush"] = brush


class ActivationView(QWidget):
    """h(z) of every activation, the session's one highlighted with h'(z), and where z lies."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bridge = bridge
        self.plot = pg.PlotWidget(background="w")
        self.plot.setObjectName("activationView")
        self.plot.setAccessibleName("activationView")
        self.caption = QLabel()
        self.caption.setObjectName("activationCaption")
        self.caption.setWordWrap(True)
        self.caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        stack_view(self, self.plot, TextBox(self.caption))  # a new caption: no relayout of the dock

        pi = self.plot.getPlotItem()
        pi.setLabel("left", "h(z)")
        # A static grid of our own: the axes' grid is repainted with every histogram update (costly).
        self.grid = pg.PlotDataItem(*present.grid_lines(), connect="pairs", antialias=False)
        self.grid.setZValue(-10)
        pi.addItem(self.grid, ignoreBounds=True)
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.vb.setMouseEnabled(x=False, y=False)
        pi.setRange(xRange=(-present.Z_LIMIT, present.Z_LIMIT), yRange=present.H_RANGE, padding=0.02)

        # The histogram lives on its own right-hand axis (share of all z values) behind the curves.
        self.hist_vb = add_right_viewbox(pi, "")  # labelled by retranslate
        pi.getAxis("right").enableAutoSIPrefix(False)
        self.edges = present.EDGES
        # bars as one stepped, filled curve: a single path to paint, updated with setData
        self.hist = Histogram(self.edges)
        self.hist_vb.addItem(self.hist)
        self.scale = present.HistogramScale()
        self.hist_vb.setYRange(0, self.scale.top, padding=0)

        # Pens made once per theme (apply_theme): full and faded per activation, the dashed derivatives.
        self._pens: dict[str, tuple[QPen, QPen]] = {}
        self._dpens: dict[str, QPen] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        for name in activations.NAMES:
            if name not in COLORS:  # an activation the core adds later: shown once it has a colour
                continue
            curve = pg.PlotDataItem(present.CURVE_Z, present.curve(name), name=present.LABELS[name])
            pi.addItem(curve)
            self.curves[name] = curve
        self.derivative = pg.PlotDataItem(present.CURVE_Z, np.zeros_like(present.CURVE_Z), name="h′(z)")
        pi.addItem(self.derivative)
        self.legend = add_top_legend(pi, columns=4)
        # Only the histogram changes per frame; the curves, grid and axes are redrawn from pixmaps.
        cache_drawing(self.grid, self.derivative, *self.curves.values())
        cache_axes(pi)
        self._chosen = ""
        self._theme: theme.Theme | None = None
        self.apply_theme(theme.current())
        # The highlight and the legend's rows are items: remade on a reset even out of sight, as the
        # window themes a new network's items on that same event. What they show follows `live`.
        bridge.modelReset.connect(self._on_model_reset)
        # a step may wait for the next refresh when refreshing is costly (many points); an edit never
        self._cost, self._last = 0.0, -math.inf
        self._pending = QTimer(self)
        self._pending.setSingleShot(True)
        self._pending.timeout.connect(self._on_pending)
        live.follow(self, bridge.stepped, self._on_stepped)
        for signal in (bridge.dataChanged, bridge.modelReset, bridge.weightsChanged):
            live.follow(self, signal, self._on_session_changed)
        self._on_model_reset()
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Axis labels, legend and caption in the language now spoken."""
        pi = self.plot.getPlotItem()
        pi.setLabel("bottom", self.tr("z (pre-activation)"))
        pi.getAxis("right").setLabel(self.tr("% of z values"))
        if self._chosen:
            self._update_legend()
        live.catch_up(self)  # the texts computed on refresh: now, or when shown

    def apply_theme(self, new: theme.Theme) -> None:
        """Remake the grid, histogram and curve pens in the theme's colours (only when it changed)."""
        if new == self._theme:
            return
        self._theme = new
        self.grid.setPen(palette.pen(theme.shade(new, GRID_SHADE)))
        self.hist.setPen(palette.pen(theme.shade(new, HISTOGRAM_EDGE_SHADE)))
        self.hist.setFillBrush(QBrush(theme.ink(new, HISTOGRAM_FILL_ALPHA)))
        # a dark theme lightens the colours too dark to read on it (the step's grey)
        colors = {n: theme.readable(c, new, CURVE_CONTRAST) for n, c in COLORS.items()}
        self._pens = {n: (palette.pen(c, 3.0), palette.pen(theme.faded(COLORS[n], new).name(
            QColor.NameFormat.HexArgb), 1.5)) for n, c in colors.items()}
        self._dpens = {n: palette.pen(c, 2.0, Qt.PenStyle.DashLine) for n, c in colors.items()}
        chosen, self._chosen = self._chosen, ""
        for name, curve in self.curves.items():
            curve.setPen(self._pens[name][1])
        if chosen:
            self._set_chosen(chosen)  # the highlighted curve and the derivative in the new pens

    # ---------------------------------------------------------------- what the session says

    def chosen_activation(self) -> str:
        """The name of the hidden activation in use (the perceptron's is the step)."""
        return present.chosen_activation(self.session, self.curves)

    def preactivations(self) -> np.ndarray:
        """z of the first hidden layer on the training points, (n, units); the perceptron has one unit."""
        return present.preactivations(self.session)

    # ---------------------------------------------------------------- updates

    def _on_model_reset(self) -> None:
        """A new network may use another activation: move the highlight and the legend entries."""
        self._set_chosen(self.chosen_activation())

    def _on_session_changed(self, *_: object) -> None:
        self._pending.stop()
        self.refresh()

    def _on_stepped(self, *_: object) -> None:
        """Training: at most every BUSY_EVERY_S while a refresh costs over BUSY_S (the z of every training
        point, ~1 ms at 10,000 points), the newest weights then drawn by a timer; else at once."""
        wait = BUSY_EVERY_S - (time.perf_counter() - self._last)
        if self._cost <= BUSY_S or wait <= 0:
            self._on_session_changed()
        elif not self._pending.isActive():
            self._pending.start(max(1, math.ceil(1000 * wait)))

    def _on_pending(self) -> None:
        """The put-off refresh: now, or (between two frames while training runs) by the next frame."""
        if not frame_gate.put_off(self._pending):
            self._on_session_changed()

    def _set_chosen(self, chosen: str) -> None:
        if chosen == self._chosen:
            return
        self._chosen = chosen
        shown = present.visible_curves(chosen, self.curves)
        for name, curve in self.curves.items():
            curve.setPen(self._pens[name][0 if name == chosen else 1])
            curve.setZValue(10 if name == chosen else 0)
            curve.setVisible(name in shown)
        self.derivative.setPen(self._dpens[chosen])
        self.derivative.setData(present.CURVE_Z, present.derivative_curve(chosen))
        self.derivative.setZValue(11)
        self._update_legend()

    def _update_legend(self) -> None:
        """The legend lists what is drawn; its rows change only with the chosen activation, the theme or
        the language, never per frame."""
        chosen = self._chosen
        self.legend.clear()
        shown = present.visible_curves(chosen, self.curves)
        items = [*(self.curves[name] for name in shown), self.derivative, self.hist]
        for item, text in zip(items, present.legend_rows(chosen, self.curves, i18n.translate), strict=True):
            self.legend.addItem(item, text)
        fit_top_legend(self.plot.getPlotItem(), self.legend)

    def refresh(self) -> None:
        """Redraw the highlight, the histogram of z and the caption from the session as it is now."""
        start = time.perf_counter()
        frame = present.present(self.session, self.curves, i18n.translate)
        self._set_chosen(frame.chosen)
        if self.hist.yData is None or not np.array_equal(self.hist.yData, frame.share):
            self.hist.setData(self.edges, frame.share)
        top = self.scale.fit(float(frame.share.max(initial=0.0)))
        if top is not None:
            self.hist_vb.setYRange(0, top, padding=0)
        set_text(self.caption, frame.caption)
        self._last = time.perf_counter()
        self._cost = self._last - start
