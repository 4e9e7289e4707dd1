"""Activations at initialisation: a histogram of each hidden layer's activations (the book's chapter 6).

What is drawn comes from visualnet.presenters.init_histograms (no Qt): the network's hidden layers fed the
input plane's grid, with the session's initial weights or, chosen in the view, the same network under
another initialisation (He, Xavier, σ = 1, σ = 0.01, zeros), computed aside: the session is untouched
until "Use this initialisation" asks for it. The histograms follow a new network (a reset, other
settings) and new data (the grid covers the data's plane); training does not change them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QWidget

from visualnet.app import i18n, palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import caption_label, set_text, stack_view
from visualnet.app.views import live
from visualnet.app.views.panel_turns import Exposure, TakesTurns
from visualnet.core.mlp import MLP
from visualnet.presenters import init_histograms as present
from visualnet.presenters.frame_budget import shared_by
from visualnet.presenters.neuron_maps import RefreshSchedule
from visualnet.session import Session

__all__ = ["InitHistogramsView"]

BAR_COLOR = "#0072B2"  # the loss curve's training blue: one colour, the layers differ by their place
PLOTS_PER_ROW = 4  # more hidden layers than this wrap onto another row


class InitHistogramsView(TakesTurns, QWidget):
    """One histogram per hidden layer of its activations at initialisation, for a chosen initialisation."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None,
                 apply: Callable[[str, object], None] | None = None) -> None:
        """`apply(name, value)` changes a setting the way the window does (default: session.configure)."""
        super().__init__(parent)
        self.setObjectName("initHistogramsView")
        self.session = session
        self.apply = apply or (lambda name, value: session.configure(**{name: value}))
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setObjectName("initHistogramsPlot")
        self.canvas.setAccessibleName("initHistogramsPlot")
        self.plots: list[pg.PlotItem] = []
        self._titles: list[str] = []  # the plots' titles as set (restyled only when they change)
        self.bars: list[pg.BarGraphItem] = []
        self.shown: present.InitHistograms | None = None  # what the plots show now
        self._drawn_on: object = None  # the input plane of the last refresh (present.input_plane)
        # a drag or a brush stroke out of the plane redraws them every frame: they take turns with the
        # other panels then, over the frame's budget for panels
        self.schedule = RefreshSchedule(shared_by(session))
        self.clock = time.perf_counter
        self.exposure = Exposure(self)  # no work while out of sight (a tab behind another, a closed dock)
        self._make_turns()

        self.choice_label = QLabel()
        self.choice = QComboBox()
        self.choice.setObjectName("initChoice")
        self.choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for choice in present.CHOICES:
            self.choice.addItem("", choice)
        self.choice_label.setBuddy(self.choice)
        self.choice.currentIndexChanged.connect(lambda _row: self.refresh())
        self.use_button = QPushButton()
        self.use_button.setObjectName("useInit")
        self.use_button.clicked.connect(self.use_choice)
        self.note = caption_label("initHistogramsNote")  # why nothing is drawn, or what is
        stack_view(self, self.canvas, self.choice_label, self.choice, self.use_button, readout=self.note)

        live.follow(self, bridge.modelReset, self.refresh)
        live.follow(self, bridge.configChanged, self.refresh)  # dropout scales the evaluation
        live.follow(self, bridge.dataChanged, self._on_data_changed)  # the grid covers the data's plane
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Label, button, tips and the texts drawn, in the language now spoken."""
        self.choice_label.setText(self.tr("Initialisation"))
        self.choice.setToolTip(self.tr("The weights the histograms are computed with: the session's own, or "
                                       "the same network (same seed) initialised another way"))
        self.use_button.setText(self.tr("Use this initialisation"))
        self.use_button.setToolTip(self.tr("Give the session's network this initialisation (a new network: "
                                           "fresh weights, training starts again)"))
        live.catch_up(self)

    # ---------------------------------------------------------------- choices

    @property
    def chosen(self) -> present.Choice:
        """The initialisation the histograms show: "session", "he", "xavier", "zeros" or a σ."""
        data = self.choice.currentData()
        return data if isinstance(data, str | float) else "session"

    def choose(self, choice: present.Choice) -> None:
        """Show the histograms of `choice` (one of present.CHOICES), as picking it in the combo box would."""
        self.choice.setCurrentIndex(present.CHOICES.index(choice))

    def use_choice(self) -> None:
        """Configure the session with the chosen initialisation (a new network)."""
        setting = present.setting_of(self.chosen, self.session.config.init)
        if setting != self.session.config.init:
            self.apply("init", setting)

    def _name_choices(self) -> None:
        """The combo box's texts (the session's own is named after its setting, which may change)."""
        for row, choice in enumerate(present.CHOICES):
            text = i18n.translated(present.choice_name(choice, self.session.config.init,
                                                       self.session.config.activation))
            if self.choice.itemText(row) != text:
                self.choice.setItemText(row, text)

    # ---------------------------------------------------------------- drawing

    def _on_data_changed(self) -> None:
        # the histograms see the data only through the plane they cover: a point dragged inside it
        # changes nothing here (at 10,000 points, a drag would otherwise cost ~5 ms a move)
        if present.input_plane(self.session.dataset.X) != self._drawn_on:
            self._update_when_due()

    def _turn(self) -> None:
        """What a turn draws (TakesTurns): the histograms over the data's plane of now."""
        if present.input_plane(self.session.dataset.X) != self._drawn_on:
            self.refresh()

    def refresh(self) -> None:
        """Compute the histograms for the chosen initialisation and draw them."""
        self._pending.stop()
        start = self.clock()
        self._draw()
        end = self.clock()
        self.schedule.ran(end - start, end)

    def _draw(self) -> None:
        s = self.session
        self._drawn_on = present.input_plane(s.dataset.X)
        self._name_choices()
        setting = present.setting_of(self.chosen, s.config.init)
        problem = present.why_not(s.model)
        self.use_button.setEnabled(problem is None and setting != s.config.init)
        if problem is not None or not isinstance(s.model, MLP):
            self.shown = None
            self._make_plots(0)
            set_text(self.note, i18n.translated(problem or ""))
            return
        params = present.choice_params(s.model, self.chosen, s.config.seed, s.initial_params)
        self.shown = found = present.init_histograms(s.model, params, s.dataset.X, s.task)
        self._make_plots(len(found.layers))
        # each bar as a share of its layer's values: layers of other widths compare on one axis
        shares = [100.0 * layer.counts / max(int(layer.counts.sum()), 1) for layer in found.layers]
        top = max((float(share.max()) for share in shares), default=1.0)
        titles = [f"{layer.name} ({layer.units})" for layer in found.layers]
        restyle = titles != self._titles  # (a new text, or new plots: made without the theme's ink)
        for plot, bars, layer, share in zip(self.plots, self.bars, found.layers, shares, strict=True):
            bars.setOpts(x0=layer.edges[:-1], x1=layer.edges[1:], height=share)
            plot.setXRange(float(layer.edges[0]), float(layer.edges[-1]), padding=0.02)
            plot.setYRange(0.0, max(top, 1.0), padding=0.05)  # one height for all: shares compare
        for plot in self.plots[::PLOTS_PER_ROW]:  # the first of each row names the axis
            if plot.getAxis("left").labelText != self.tr("% of values"):
                plot.setLabel("left", self.tr("% of values"))
                restyle = True
        if restyle:  # the titles and new axes in the theme's ink (restyling every axis costs ~1 ms)
            for plot, title in zip(self.plots, titles, strict=True):
                plot.setTitle(title)
            self._titles = titles
            theme.style_plot_view(self.canvas, theme.current())
        lines = [i18n.translated(found.caption)]
        if found.same:
            lines.append(i18n.translated(present.SAME))
        lines.append(" · ".join(i18n.translated(present.layer_numbers(layer)) for layer in found.layers))
        set_text(self.note, " ".join(lines))

    def _make_plots(self, n: int) -> None:
        """`n` histogram plots in rows of PLOTS_PER_ROW (remade only when the number changes)."""
        if len(self.plots) == n:
            return
        self.canvas.clear()
        self.plots, self.bars, self._titles = [], [], []
        for i in range(n):
            plot = self.canvas.addPlot(row=i // PLOTS_PER_ROW, col=i % PLOTS_PER_ROW)
            plot.setMenuEnabled(False)
            plot.hideButtons()
            plot.setMouseEnabled(x=False, y=False)
            plot.getAxis("left").setStyle(showValues=i % PLOTS_PER_ROW == 0)  # the first of a row: shares
            for side in ("left", "bottom"):  # σ = 0.01's tiny values read 0.001, not 1 (x0.001)
                plot.getAxis(side).enableAutoSIPrefix(False)
            bars = pg.BarGraphItem(x0=[0.0], x1=[1.0], height=[0.0], brush=BAR_COLOR,
                                   pen=palette.pen(BAR_COLOR, 1.0))
            plot.addItem(bars)
            self.plots.append(plot)
            self.bars.append(bars)
