"""Hidden space: the data and the input plane's grid seen by two neurons of a hidden layer, live.

What is drawn comes from visualnet.presenters.hidden_space (no Qt): the grid lines of the data's plane
bent by the layers up to the chosen one, and the points where the layer sends them. The layer is
chosen in a combo box; "Next pair" cycles through its neurons' pairs (0, 1), (0, 2), ..., (1, 2), ...
The axes keep their range while the drawing fits it well (they do not twitch every training frame).
An update runs only when the weights (or the data, the layer, the pair) changed since the last one, and
less often when one update, its paint included, costs more than its share of a frame (the caption says
so, as the neuron maps' does); a large data set is drawn through a fixed sample of its points.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from visualnet.app import i18n, palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import FastCurve, caption_label, label_axis, set_text, stack_view
from visualnet.app.views import live
from visualnet.app.views.panel_turns import Exposure, PaintTimed, TakesTurns
from visualnet.app.views.point_items import Spots, SpotStyles, point_styles
from visualnet.core.mlp import MLP
from visualnet.presenters import dataset as dataset_present
from visualnet.presenters import hidden_space as present
from visualnet.presenters.frame_budget import DrawnFrom, FrameBudget, shared_by
from visualnet.session import Session

__all__ = ["HiddenSpaceView"]

POINT_SIZE = 8
GRID_COLOR = "#70808080"  # grey at 44 % opacity (#AARRGGBB): faint on light and dark, behind the points


class HiddenSpacePlot(PaintTimed, pg.PlotWidget):
    """The plane's plot: its first paint after an update counts in that update's cost."""


class HiddenSpaceView(TakesTurns, QWidget):
    """The points and the warped input grid in the plane of two neurons of a hidden layer."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("hiddenSpaceView")
        self.session = session
        self.layer = 0  # the hidden layer shown (0: h1)
        self.pair: present.Pair = (0, 1)  # its two neurons on the horizontal and the vertical axis
        self._ranges: tuple[present.Range, present.Range] | None = None  # the axes' steady ranges
        # its own pace, and turns with the session's other live panels
        self.schedule = FrameBudget(present.THROTTLED, smoothing=0.5, share=shared_by(session))
        self.clock = time.perf_counter
        self.drawn = DrawnFrom()  # the weights, data and choices the items show
        self.exposure = Exposure(self)  # no work while out of sight (a tab behind another, a closed dock)
        self.shown = np.arange(0)  # the indices of the data points drawn (a sample of a large data set)
        self._fitted: tuple[object, tuple[present.Range, present.Range]] = (None, ((-1.0, 1.0), (-1.0, 1.0)))
        self._labels: tuple[str, str] = ("", "")  # the axes' titles (a new title lays the plot out again)

        self.plot = HiddenSpacePlot()
        self.plot.setObjectName("hiddenSpacePlot")
        self.plot.setAccessibleName("hiddenSpacePlot")
        pi = self.plot.getPlotItem()
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.layout.setContentsMargins(1, 1, 14, 1)  # room for the last x tick's label at the right edge
        self.viewbox = pi.getViewBox()
        self.viewbox.setMouseEnabled(x=False, y=False)  # the view sets its range itself, every frame
        self.viewbox.disableAutoRange()
        self.grid = FastCurve(pen=palette.pen(GRID_COLOR, 1.0), connect="finite")
        self.points = Spots(size=POINT_SIZE, pxMode=True)
        self.points.setZValue(10)
        pi.addItem(self.grid)
        pi.addItem(self.points)
        self._spots = SpotStyles(self.points, point_styles())  # the data view's: class colour, role symbol

        self.layer_combo = QComboBox()
        self.layer_combo.setObjectName("hiddenSpaceLayer")
        self.layer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.layer_combo.currentIndexChanged.connect(self._on_layer_chosen)
        self.next_button = QPushButton()
        self.next_button.setObjectName("hiddenSpaceNext")
        self.next_button.clicked.connect(self.next_pair)
        self.pair_label = QLabel()
        self.pair_label.setObjectName("hiddenSpacePair")
        self.note = caption_label("hiddenSpaceNote")  # why nothing is drawn, or what is
        stack_view(self, self.plot, self.pair_label, self.layer_combo, self.next_button, readout=self.note)

        self._make_turns()  # the newest weights, drawn once the schedule allows
        live.follow(self, bridge.stepped, self._on_weights_changed)
        live.follow(self, bridge.weightsChanged, self._on_weights_changed)
        live.follow(self, bridge.dataChanged, self._on_data_changed)
        live.follow(self, bridge.modelReset, self._on_model_reset)
        self._fill_layers()
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Button, tips, the layers' names and the texts drawn, in the language now spoken."""
        self.next_button.setText(self.tr("Next pair"))
        self.next_button.setToolTip(self.tr("Show the next two neurons of this layer"))
        self.layer_combo.setToolTip(self.tr("The hidden layer whose neurons make the plane"))
        self.layer_combo.setAccessibleName(self.tr("Hidden layer"))
        self.refresh()

    # ---------------------------------------------------------------- choices

    def _fill_layers(self) -> None:
        """The combo box lists the model's hidden layers (kept at the same layer when it still exists)."""
        layers = present.hidden_layers(self.session.model)
        self.layer = min(self.layer, max(len(layers) - 1, 0))
        self.layer_combo.blockSignals(True)
        self.layer_combo.clear()
        for layer in layers:
            self.layer_combo.addItem(f"{layer.name} ({layer.units})", layer.index)
        self.layer_combo.setCurrentIndex(self.layer if layers else -1)
        self.layer_combo.blockSignals(False)
        self.layer_combo.setEnabled(len(layers) > 1)
        units = layers[self.layer].units if layers else 0
        if self.pair not in present.pairs(units):
            self.pair = (0, 1)

    def _on_layer_chosen(self, row: int) -> None:
        if row < 0:
            return
        self.layer, self.pair, self._ranges = row, (0, 1), None
        self.refresh()

    def next_pair(self) -> None:
        """Show the layer's next pair of neurons: (0, 1), (0, 2), ..., (1, 2), ..., then (0, 1) again."""
        layers = present.hidden_layers(self.session.model)
        if not layers:
            return
        self.pair = present.next_pair(self.pair, layers[self.layer].units)
        self._ranges = None  # other neurons, other values: the axes fit them anew
        self.refresh()

    # ---------------------------------------------------------------- events

    def _on_model_reset(self) -> None:
        self._fill_layers()
        self._ranges = None
        self.refresh()

    def _on_weights_changed(self, _report: object = None) -> None:
        """A step or a weight edit: redraw now, or when the schedule allows (out of sight: when seen)."""
        self._update_when_due()

    def _on_data_changed(self) -> None:
        """New points or roles: drawn now, or (a drag, a brush stroke: an edit every frame) when the
        schedule allows."""
        self.drawn.forget()
        self._update_when_due()

    def _turn(self) -> None:
        """What a turn draws (TakesTurns)."""
        self.update_plane()

    # ---------------------------------------------------------------- drawing

    def refresh(self) -> None:
        """Push the grid and the points through the network as it is now, into the items, and say what is
        drawn."""
        self.drawn.forget()
        self.update_plane()

    def update_plane(self) -> None:
        """As refresh, but the items are drawn again only when the weights, the data or the layer and pair
        changed since the last time (a step that changed nothing is free)."""
        self._pending.stop()
        s = self.session
        layers = present.hidden_layers(s.model)
        if self.layer_combo.count() != len(layers):  # a view made stale before a reset catches up here
            self._fill_layers()
        problem = present.why_not(s.model, s.task, self.layer)
        self.next_button.setEnabled(problem is None and len(present.pairs(layers[self.layer].units)) > 1)
        if problem is not None or not isinstance(s.model, MLP):
            self.drawn.forget()
            self.grid.setData([], [])
            self._spots.set(np.empty((0, 2)))
            set_text(self.note, i18n.translated(problem or ""))
            set_text(self.pair_label, "")
            return
        name = layers[self.layer].name
        sources = (s.model, s.dataset, s.roles, self.layer, self.pair)
        weights = list(s.model.params.values())
        if not self.drawn.same(sources, weights):
            start = self.clock()
            self._draw(s.model)
            self.drawn.remember(sources, weights)
            end = self.clock()
            self.schedule.ran(end - start, end)
            if self.isVisible():  # its paint is part of this update (not a first paint on showing)
                self.plot.owe(self.schedule.painted, self.clock)
        set_text(self.pair_label, i18n.translated(present.pair_label(name, self.pair)))
        what = self.schedule.note(i18n.translate, self.clock()) or self.tr(
            "Each grid line is a straight line of the input plane, bent by the layers up to {name}").format(
            name=name)
        sampled = present.sampled_note(len(self.shown), len(s.dataset.X))
        if sampled is not None:  # one more sentence
            what = f"{what.rstrip('.。')}. {i18n.translated(sampled)}"
        set_text(self.note, what)
        labels = (f"{name}[{self.pair[0]}]", f"{name}[{self.pair[1]}]")
        if labels != self._labels:  # a new axis title lays the plot out and repaints its axes
            self._labels = labels
            pi = self.plot.getPlotItem()
            label_axis(pi, "bottom", labels[0])
            label_axis(pi, "left", labels[1])

    def _draw(self, model: MLP) -> None:
        """The grid lines and the (sampled) points in the pair's plane, and the axes fitted to them."""
        s = self.session
        X = s.dataset.X
        if self._fitted[0] is not s.dataset:  # a new data set (an edit makes a new one): its sample and plane
            self.shown = present.shown_points(len(X))
            self._fitted = (s.dataset, dataset_present.fit_range(X))  # the data view's plane when fitted
        xlim, ylim = self._fitted[1]
        space = present.hidden_space(model, self.layer, self.pair, X[self.shown], xlim, ylim)
        self.grid.setData(space.grid[:, 0], space.grid[:, 1], connect="finite")
        shown = np.isfinite(space.points).all(axis=1)
        self._spots.set(space.points[shown], dataset_present.style_numbers(s)[self.shown][shown])
        self._fit(np.vstack([space.grid, space.points]))

    def _fit(self, xy: np.ndarray) -> None:
        """Keep the axes' ranges while the drawing fills them well, else fit them to it."""
        finite = xy[np.isfinite(xy).all(axis=1)]
        if len(finite) == 0:
            return
        lo, hi = finite.min(axis=0), finite.max(axis=0)
        old = self._ranges or (None, None)
        ranges = (present.steady_range(old[0], float(lo[0]), float(hi[0])),
                  present.steady_range(old[1], float(lo[1]), float(hi[1])))
        if ranges != self._ranges:
            self._ranges = ranges
            self.viewbox.setRange(xRange=ranges[0], yRange=ranges[1], padding=0)
