"""The activation functions, the chosen one highlighted, over a histogram of the first layer's z."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QLabel, QWidget

from visualnet.app import palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import (
    FastCurve,
    TextBox,
    add_right_viewbox,
    add_top_legend,
    cache_axes,
    cache_drawing,
    finite,
    fit_top_legend,
    set_text,
    stack_view,
)
from visualnet.core import activations
from visualnet.session import Session

Z_LIMIT = 5.0  # the plot shows z in [-5, 5]; pre-activations beyond fall into the edge bars
H_RANGE = (-1.4, 2.6)  # h(z) range: sigmoid/tanh fully visible, ReLU/identity leave through the edges
SATURATION = 4.0  # |z| > 4: sigmoid'(z) < 0.018 and tanh'(z) < 0.0014, the unit barely learns
N_BINS = 40
CURVE_Z = np.linspace(-Z_LIMIT, Z_LIMIT, 201)  # 0.05 apart: smooth at any dock size, z = 0 a sample

# One Okabe–Ito colour per activation (the same colours as the class palette, so nothing clashes).
COLORS = {
    "step": palette.CLASS_COLORS[7],
    "sigmoid": palette.CLASS_COLORS[0],
    "tanh": palette.CLASS_COLORS[2],
    "relu": palette.CLASS_COLORS[3],
    "leaky_relu": palette.CLASS_COLORS[4],
    "identity": palette.CLASS_COLORS[1],
}
LABELS = {"step": "step", "sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU",
          "leaky_relu": "leaky ReLU", "identity": "identity"}
ALWAYS_SHOWN = ("step", "sigmoid", "tanh", "relu", "identity")  # leaky ReLU only when chosen
# From the plot's background toward its ink (theme.shade): #E6E6E6 and #A8A8A8 on the light theme
GRID_SHADE = 0.12  # a grid that recedes behind every curve
HISTOGRAM_EDGE_SHADE = 0.42
HISTOGRAM_FILL_ALPHA = 45  # the ink at 18%: bars that tint the plot, not cover the curves
CURVE_CONTRAST = 3.0  # WCAG's minimum for graphics that carry meaning (the chosen curve)


def uniform_counts(values: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """np.histogram(np.clip(values, edges[0], edges[-1]), edges) for equally spaced edges, without a sort.

    Given the edges as an array, np.histogram sorts the values (~2 ms for 80,000 of them). With
    equal bins, v falls in bin floor((v - e0) / width), values beyond the ends in the end bins;
    only a value within rounding distance of an inner edge may land one bin off, so those few
    are placed by a search among the edges themselves.
    """
    n_bins = len(edges) - 1
    # in place where possible: each fresh 0.5 MB temporary costs more in page faults than its math
    position = values - float(edges[0])
    position *= n_bins / float(edges[-1] - edges[0])
    np.clip(position, 0.0, float(n_bins), out=position)
    index = position.astype(np.intp)
    offset = position - index
    near = np.flatnonzero(((offset < 1e-9) | (offset > 1 - 1e-9)) & (position > 0) & (position < n_bins))
    index[near] = np.searchsorted(edges, values[near], "right") - 1
    # bins are [e_i, e_i+1), the last one closed: v == e[-1] belongs to it, as in np.histogram
    index[index == n_bins] = n_bins - 1
    return np.bincount(index, minlength=n_bins)


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
        pi.setLabel("bottom", "z (pre-activation)")
        pi.setLabel("left", "h(z)")
        # A static grid of our own: the axes' grid is repainted with every histogram update (costly).
        gx, gy = np.arange(-Z_LIMIT, Z_LIMIT + 1), np.arange(np.ceil(H_RANGE[0]), H_RANGE[1])
        grid_x = np.concatenate([np.repeat(gx, 2), np.tile([-Z_LIMIT, Z_LIMIT], len(gy))])
        grid_y = np.concatenate([np.tile(H_RANGE, len(gx)), np.repeat(gy, 2)])
        self.grid = pg.PlotDataItem(grid_x, grid_y, connect="pairs", antialias=False)
        self.grid.setZValue(-10)
        pi.addItem(self.grid, ignoreBounds=True)
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.vb.setMouseEnabled(x=False, y=False)
        pi.setRange(xRange=(-Z_LIMIT, Z_LIMIT), yRange=H_RANGE, padding=0.02)

        # The histogram lives on its own right-hand axis (share of all z values) behind the curves.
        self.hist_vb = add_right_viewbox(pi, "% of z values")
        pi.getAxis("right").enableAutoSIPrefix(False)
        self.edges = np.linspace(-Z_LIMIT, Z_LIMIT, N_BINS + 1)
        # bars as one stepped, filled curve: a single path to paint, updated with setData
        self.hist = Histogram(self.edges)
        self.hist_vb.addItem(self.hist)
        self.hist_vb.setYRange(0, 100, padding=0)

        # Pens made once per theme (apply_theme): full and faded per activation, the dashed derivatives.
        self._pens: dict[str, tuple[QPen, QPen]] = {}
        self._dpens: dict[str, QPen] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        for name in activations.NAMES:
            if name not in COLORS:  # an activation the core adds later: shown once it has a colour
                continue
            curve = pg.PlotDataItem(CURVE_Z, activations.get(name).forward(CURVE_Z), name=LABELS[name])
            pi.addItem(curve)
            self.curves[name] = curve
        self.derivative = pg.PlotDataItem(CURVE_Z, np.zeros_like(CURVE_Z), name="h′(z)")
        pi.addItem(self.derivative)
        self.legend = add_top_legend(pi, columns=4)
        # Only the histogram changes per frame; the curves, grid and axes are redrawn from pixmaps.
        cache_drawing(self.grid, self.derivative, *self.curves.values())
        cache_axes(pi)
        self._chosen = ""
        self._histogram_top = 100.0
        self._theme: theme.Theme | None = None
        self.apply_theme(theme.current())
        bridge.modelReset.connect(self._on_model_reset)
        self._on_model_reset()

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
        if self.session.config.model == "Perceptron":
            return "step"
        name = activations.get(self.session.config.activation).name
        return name if name in self.curves else "identity"

    def preactivations(self) -> np.ndarray:
        """z of the first hidden layer on the training points, (n, units); the perceptron has one unit."""
        X = self.session.trainer.X_train
        model = self.session.model
        if len(X) == 0:
            return np.empty((0, 1))
        # the MLP's first hidden layer, or the perceptron's single unit w·x + b
        z = model.hidden_preactivations(X) if hasattr(model, "hidden_preactivations") else model.net_input(X)
        return np.asarray(z, float).reshape(len(X), -1)

    # ---------------------------------------------------------------- updates

    def _on_model_reset(self) -> None:
        """A new network may use another activation: move the highlight and the legend entries."""
        self._set_chosen(self.chosen_activation())
        self.refresh()

    def _set_chosen(self, chosen: str) -> None:
        if chosen == self._chosen:
            return
        self._chosen = chosen
        for name, curve in self.curves.items():
            curve.setPen(self._pens[name][0 if name == chosen else 1])
            curve.setZValue(10 if name == chosen else 0)
            curve.setVisible(name in ALWAYS_SHOWN or name == chosen)
        self.derivative.setPen(self._dpens[chosen])
        self.derivative.setData(CURVE_Z, activations.get(chosen).derivative(CURVE_Z))
        self.derivative.setZValue(11)
        # The legend lists what is drawn; its rows change only here, never per frame.
        self.legend.clear()
        for name, curve in self.curves.items():
            if curve.isVisible():
                self.legend.addItem(curve, LABELS[name] + ("  ◀" if name == chosen else ""))
        self.legend.addItem(self.derivative, f"{LABELS[chosen]}′(z)")
        self.legend.addItem(self.hist, "z histogram")
        fit_top_legend(self.plot.getPlotItem(), self.legend)

    def refresh(self) -> None:
        """Redraw the histogram of z and the caption from the current model."""
        self._set_chosen(self.chosen_activation())
        z = finite(self.preactivations())
        values = z.reshape(-1)
        counts = uniform_counts(values, self.edges)  # the edge bars collect what lies beyond ±5
        share = 100.0 * counts / max(1, values.size)  # percent of all z values
        if self.hist.yData is None or not np.array_equal(self.hist.yData, share):
            self.hist.setData(self.edges, share)
        self._fit_histogram_axis(float(share.max(initial=0.0)))
        set_text(self.caption, self._caption(z))

    def _fit_histogram_axis(self, top: float) -> None:
        """Keep the tallest bar at about 2/3 of the height, rescaling only on big changes (no jitter)."""
        target = max(top / 0.65, 5.0)
        if top > self._histogram_top or target < self._histogram_top / 2.5:
            self._histogram_top = target
            self.hist_vb.setYRange(0, target, padding=0)

    def _caption(self, z: np.ndarray) -> str:
        """One line on what the histogram shows for the chosen activation."""
        n_points, units = z.shape
        if n_points == 0:
            return "No training points: add some to see the pre-activations."
        name = self._chosen
        beyond = float(np.mean(np.abs(z) > Z_LIMIT))
        tail = f"; {beyond:.0%} of z beyond ±{Z_LIMIT:g} (edge bars)" if beyond >= 0.005 else ""
        if name == "step":
            fire = int(np.sum(z > 0))
            return f"The perceptron fires (w·x + b > 0) on {fire} of {z.size} training points{tail}."
        if name in ("relu", "leaky_relu"):
            dead = int(np.sum(np.all(z <= 0, axis=0)))  # z ≤ 0 on every point: no gradient ever flows
            what = "ReLUs dead" if name == "relu" else "leaky ReLUs negative everywhere"
            return f"{dead} of {units} {what} (z ≤ 0 on every training point){tail}."
        if name in ("sigmoid", "tanh"):
            saturated = np.abs(z) > SATURATION
            always = int(np.sum(np.all(saturated, axis=0)))
            return (f"{np.mean(saturated):.0%} of {name} inputs saturated (|z| > {SATURATION:g}), "
                    f"{always} of {units} units on every point{tail}.")
        return f"Identity: never saturates, but stacked layers stay one linear map{tail}."
