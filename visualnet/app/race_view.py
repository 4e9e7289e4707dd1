"""The network race panel: optimizers training copies of the live network, loss curves and paths.

The race itself is `visualnet.netrace.NetworkRace`; this panel draws it and turns clicks into
settings. Every plot item, pen and brush is made once; a frame only pushes arrays into them.

Its refresh route: the race (no Qt) follows the session's events itself and restarts on the ones
that change what it copies; the panel hears of that one way, the race's "restarted" event. Out of
sight, the race is `lazy` (it only notes that it is stale), and the panel brings it and itself up
to date when shown again (`set_on_screen`), as `views.live.follow` does for the live views.

Every text follows the language (`retranslate`); the start box keeps its keys as item data.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSignalBlocker, Qt, QTimer
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QHideEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from visualnet.app import i18n, palette
from visualnet.app.optimizer_widgets import (
    CATCH_UP_BUDGET_S,
    PLAY,
    RESET,
    STEP,
    CatchUpClock,
    NumberSpin,
    hyper_row,
    hyper_spin,
    lr_spin,
    play_text,
    set_tip,
    transport_buttons,
    use_check,
)
from visualnet.app.playground import BACKGROUND_STOPS, CONTOUR_COLOR, ERROR_COLOR
from visualnet.app.plotting import (
    FastImageItem,
    cache_axes,
    cache_drawing,
    caption_label,
    fixed_window_plot,
    label_axis,
    surface_colorbar,
)
from visualnet.app.views.loss_curve_view import LOG_FLOOR, LossAxis, RoundRangeViewBox
from visualnet.core import contours, grids, landscape, optimizers
from visualnet.netrace import NetworkRace, Racer
from visualnet.presenters import race as race_text
from visualnet.presenters.geometry import clip_segments, sticky_window, thin_path
from visualnet.presenters.playground import contour_levels
from visualnet.presenters.surface_numbers import log_loss, loss_ticks
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP

FRAME_MS = 16  # the panel's clock: at most ~60 frames per second
SURFACE_INTERVAL_S = 0.3  # while playing, the plane and its surface are refitted at most this often
MAX_DUTY = 0.25  # ... and never take more than this share of the time
TEXT_INTERVAL_S = 0.1  # while playing, the readouts change at most this often
N_CONTOURS = 10
MIN_SPAN = 1.0  # the plane's window is never narrower than this (a distance in parameter space)
SHRINK_FACTOR = 5.0  # a window this many times wider than the paths need is fitted anew
LOSS_VIEW_CAP = 4.0  # the loss plot shows losses up to this many times the starting loss
READOUT_COLORS = {"muted": "#909090", "error": ERROR_COLOR}  # a racer that is off or catching up; diverged
START_TEXTS = {"initial": QT_TRANSLATE_NOOP("RaceView", "from initial weights"),
               "current": QT_TRANSLATE_NOOP("RaceView", "from current weights")}


def racer_color(r: Racer) -> str:
    """The racer's colour: the same one the optimizer has in the 2-D playground."""
    return palette.CLASS_COLORS[r.color % len(palette.CLASS_COLORS)]


class RaceView(QWidget):
    """Racer settings and readouts, Play / Step / Reset, overlaid loss curves, paths on a loss plane."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("raceView")
        self.session = session
        self.race = NetworkRace(session)
        self.race.lazy = True  # until shown: a hidden panel pays nothing for the session's edits
        self._plane: landscape.Plane | None = None
        self._window: tuple[tuple[float, float], tuple[float, float]] | None = None
        self._surface_time = -math.inf
        self._surface_ms = 0.0
        self._steps_per_surface = 0
        self._steps_since_surface = 0
        self._text_time = -math.inf
        self._legend_names: tuple[str, ...] = ()
        self._build_controls()
        self._build_loss_plot()
        self._build_surface_plot()
        self._build_layout()
        self.timer = QTimer(self)
        self.timer.setInterval(FRAME_MS)
        self.timer.timeout.connect(self._on_tick)
        # after the last step of a run, the plane catches up once the clock has been quiet a while
        self._catch_up = QTimer(self)
        self._catch_up.setSingleShot(True)
        self._catch_up.timeout.connect(lambda: self.refresh(surface=True))
        # while a racer brought back catches up: one slice of its training per turn of the event loop
        self.catch_up_timer = CatchUpClock(self, self._on_catch_up_tick)
        self._catch_up_drawn = -math.inf
        self.race.events.connect("restarted", self._on_restarted)
        self.race.events.connect("settings_changed", self._update_legend)
        self._update_legend()
        self.refresh(surface=True)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    # ------------------------------------------------------------------------------- building (once)

    def _build_controls(self) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        self.headers = [QLabel() for _ in range(4)]  # optimizer, lr, settings, the readouts' columns
        for col, header in enumerate(self.headers):
            grid.addWidget(header, 0, col)
        self.checks: dict[str, QCheckBox] = {}
        self.lr_spins: dict[str, QDoubleSpinBox] = {}
        self.hyper_spins: dict[str, dict[str, QDoubleSpinBox]] = {}
        self.readouts: dict[str, QLabel] = {}
        self._texts: dict[str, str] = {}
        for row, r in enumerate(self.race.racers, start=1):
            color = racer_color(r)
            swatch = QLabel(objectName=f"raceSwatch{r.name}")
            swatch.setFixedSize(12, 12)
            swatch.setStyleSheet(f"background: {color}; border: 1px solid #606060;")
            check = use_check(r.name, f"raceUse{r.name}", r.active, self._on_use_toggled)
            lr = lr_spin(r.name, f"raceLr{r.name}", r.optimizer.lr, self.race.set_lr, "")
            # mypy cannot type a lambda's default arguments, hence the ignore below
            self.hyper_spins[r.name] = {
                key: hyper_spin(key, f"race{key.capitalize()}{r.name}", float(getattr(r.optimizer, key)),
                                lambda v, name=r.name, k=key: self.race.set_hyper(name, **{k: v}))  # type: ignore[misc]
                for key in optimizers.DEFAULTS[r.name] if key != "lr"}
            hyper_box = hyper_row(self.hyper_spins[r.name])
            readout = QLabel(objectName=f"raceReadout{r.name}")
            readout.setTextFormat(Qt.TextFormat.RichText)
            readout.setMinimumWidth(readout.fontMetrics().horizontalAdvance("00000 · 0.000 · 100%") + 4)
            name_box = QHBoxLayout()
            name_box.setSpacing(4)
            name_box.addWidget(swatch)
            name_box.addWidget(check)
            grid.addLayout(name_box, row, 0)
            grid.addWidget(lr, row, 1)
            grid.addLayout(hyper_box, row, 2)
            grid.addWidget(readout, row, 3)
            self.checks[r.name], self.lr_spins[r.name], self.readouts[r.name] = check, lr, readout
        grid.setColumnStretch(3, 1)
        self.racer_grid = grid

        self.play, self.step_button, self.reset_button = transport_buttons("race", "Button")
        self.play.toggled.connect(self.set_playing)
        self.step_button.clicked.connect(lambda: self.step(1))
        self.reset_button.clicked.connect(self.reset)
        self.speed = NumberSpin(objectName="raceSpeed")
        self.speed.setRange(1, 200)
        self.speed.setValue(2)
        self.start_combo = QComboBox(objectName="raceStart")
        for key, text in START_TEXTS.items():  # the key as data: the text is translated (retranslate)
            self.start_combo.addItem(text, key)
        self.start_combo.currentIndexChanged.connect(self._on_start_chosen)
        self.log_toggle = QCheckBox(objectName="raceLogScale")
        self.log_toggle.toggled.connect(self._on_log_toggled)
        self.status = QLabel(objectName="raceStatus")

    def _build_loss_plot(self) -> None:
        self.loss_plot = pg.PlotWidget(background="w", axisItems={"left": LossAxis("left")},
                                       viewBox=RoundRangeViewBox())
        self.loss_plot.setObjectName("raceLossPlot")
        pi = self.loss_plot.getPlotItem()
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.layout.setContentsMargins(2, 8, 2, 2)  # room for the top tick label
        pi.getAxis("left").enableAutoSIPrefix(False)
        pi.setClipToView(True)
        pi.setDownsampling(auto=True, mode="peak")
        pi.vb.setLimits(xMin=0)
        pi.vb.setDefaultPadding(0.0)
        cache_axes(pi)
        # inside the plot's top-right corner, where loss curves (high on the left, falling) seldom are;
        # a legend row above the plot would widen it past a narrow dock
        self.legend = pg.LegendItem(offset=(-4, 4), labelTextSize="7.5pt", verSpacing=-8, horSpacing=4,
                                    brush=palette.brush("#FFFFFF"), pen=palette.pen("#C0C0C0"))
        self.legend.setParentItem(pi.vb)
        pi.vb.sigResized.connect(self._fit_legend)
        self.loss_curves: dict[str, pg.PlotDataItem] = {}
        for r in self.race.racers:
            # clipped to the view and peak-downsampled to about one point per pixel, as the main loss curve
            # 1 px: six overlapping curves read better thin, and a wider line costs 3x to draw
            curve = pg.PlotDataItem(pen=palette.pen(racer_color(r), 1.0), name=r.name, clipToView=True,
                                    autoDownsample=True, downsampleMethod="peak", autoDownsampleFactor=1.0,
                                    skipFiniteCheck=True)
            pi.addItem(curve)
            self.loss_curves[r.name] = curve
        # one item for every diverged racer's ✕ (brushes per spot)
        self.loss_crosses = pg.ScatterPlotItem(size=14, symbol="x", pen=None)
        self.loss_crosses.setZValue(20)
        pi.addItem(self.loss_crosses)

    def _build_surface_plot(self) -> None:
        self.surface_plot, pi = fixed_window_plot("raceSurfacePlot", "")  # named in retranslate
        self.image = FastImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        pi.addItem(self.image)
        pos, colors = zip(*BACKGROUND_STOPS, strict=True)  # light = low loss, as the playground
        background = pg.ColorMap(np.array(pos), [QColor(c) for c in colors])
        self.colorbar = surface_colorbar(self.image, pi, background, "")  # labelled in retranslate
        self.contours = pg.PlotCurveItem(pen=palette.pen(CONTOUR_COLOR, 1.0), connect="pairs")
        self.contours.setZValue(-5)
        pi.addItem(self.contours)
        self.paths: dict[str, pg.PlotCurveItem] = {}
        for r in self.race.racers:
            path = pg.PlotCurveItem(pen=palette.pen(racer_color(r), 2.0), skipFiniteCheck=True)
            path.setZValue(10)
            pi.addItem(path)
            self.paths[r.name] = path
        self.start_marker = pg.ScatterPlotItem(size=12, symbol="o", pen=palette.pen(palette.FOREGROUND, 1.5),
                                               brush=palette.brush("#FFFFFF"))
        self.heads = pg.ScatterPlotItem(size=11, symbol="o", pen=palette.pen("#FFFFFF", 1.5))
        self.crosses = pg.ScatterPlotItem(size=16, symbol="x", pen=palette.pen("#FFFFFF", 0.5))
        for z, item in ((14, self.start_marker), (15, self.heads), (16, self.crosses)):
            item.setZValue(z)
            pi.addItem(item)
        self.start_marker.setData([0.0], [0.0])
        cache_drawing(self.image, self.contours, self.colorbar)
        cache_axes(pi)
        self.caption = caption_label("raceCaption")

    def _build_layout(self) -> None:
        transport = QHBoxLayout()
        transport.setSpacing(4)
        for b in (self.play, self.step_button, self.reset_button):
            b.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        for w in (self.play, self.step_button, self.reset_button, self.speed, self.start_combo):
            transport.addWidget(w)
        transport.addStretch(1)
        transport.addWidget(self.status)
        self.plots = QSplitter(Qt.Orientation.Vertical, objectName="raceSplitter")
        self.plots.addWidget(self.loss_plot)
        self.plots.addWidget(self.surface_plot)
        self.plots.setChildrenCollapsible(False)
        for w in (self.loss_plot, self.surface_plot):
            w.setMinimumSize(160, 90)
            w.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        bottom = QHBoxLayout()
        bottom.addWidget(self.caption, 1)
        bottom.addWidget(self.log_toggle, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(3)
        layout.addLayout(self.racer_grid)
        layout.addLayout(transport)
        layout.addWidget(self.plots, 1)
        layout.addLayout(bottom)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Plots side by side when the panel is wide and low, one above the other otherwise."""
        super().resizeEvent(event)
        size = self.plots.size()
        wide = size.width() > 1.6 * size.height()
        orientation = Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical
        if self.plots.orientation() != orientation:
            self.plots.setOrientation(orientation)
            total = size.width() if wide else size.height()
            self.plots.setSizes([total * 2 // 5, total * 3 // 5])  # the surface gets the larger share

    # ------------------------------------------------------------------------------- language

    def retranslate(self) -> None:
        """Every text in the language now spoken (once when built, again on a language change)."""
        titles = (self.tr("optimizer"), "lr", self.tr("settings"), self.tr("iteration · loss · accuracy"))
        for header, title in zip(self.headers, titles, strict=True):
            header.setText(f"<b>{title}</b>")
        for name in self.checks:
            self.checks[name].setToolTip(self.tr("Race {name}: a copy of the network trained by it from the "
                                                 "same weights").format(name=name))
            set_tip(self.lr_spins[name], self.tr("{name}'s learning rate; changing it keeps the weights "
                                                 "(no reset)").format(name=name))
        self.play.setToolTip(self.tr("Train every racer, a few iterations per frame"))
        self.step_button.setToolTip(self.tr("One iteration for every racer: the same mini-batch for all"))
        self.reset_button.setToolTip(self.tr("Every racer back to the start weights"))
        # the buttons may not have heard of the language change yet: measure the texts they will show
        texts = [play_text(True), *(i18n.translated(t) for t in (PLAY, STEP, RESET))]
        for b in (self.play, self.step_button, self.reset_button):
            b.setMinimumWidth(max(map(b.fontMetrics().horizontalAdvance, texts)) + 24)
        self.speed.setSuffix(self.tr(" it/frame"))
        set_tip(self.speed, self.tr("Iterations each racer trains per frame while playing"))
        for i in range(self.start_combo.count()):
            self.start_combo.setItemText(i, i18n.translated(START_TEXTS[self.start_combo.itemData(i)]))
        self.start_combo.setToolTip(self.tr("The weights every racer starts from: the session's initial "
                                            "weights (the race replays training) or its current ones"))
        self.log_toggle.setText(self.tr("log loss"))
        self.log_toggle.setToolTip(self.tr("The loss on a logarithmic axis: late, small improvements stay "
                                           "visible"))
        self.loss_plot.setAccessibleName(self.tr("Network race loss curves"))
        loss_item = self.loss_plot.getPlotItem()
        loss_item.setLabel("bottom", self.tr("iteration"))
        loss_item.setLabel("left", self.tr("training loss"))
        self.surface_plot.setAccessibleName(self.tr("Network race paths on the loss plane"))
        label_axis(self.colorbar.axis, self.tr("loss"))
        self._label_plane()
        self._update_texts(self.race.problem)

    # ------------------------------------------------------------------------------- actions

    @property
    def playing(self) -> bool:
        """True while the race's clock runs."""
        return self.timer.isActive()

    def set_playing(self, on: bool) -> None:
        """Start or pause the race clock (it will not run on data it cannot train on)."""
        if on and (self.race.problem is not None or self.race.finished):
            on = False
        with QSignalBlocker(self.play):
            self.play.setChecked(on)
        self.play.setText(play_text(on))  # set with its signals blocked: it cannot follow by itself
        if on:
            self.timer.start()
        elif self.timer.isActive():
            self.timer.stop()
            self.refresh(surface=True)  # the plane and readouts catch up at once

    def step(self, n: int = 1) -> None:
        """Advance every racer n iterations and redraw (the plane when due)."""
        self.race.sync()  # a race that waited while hidden starts from the session as it is now
        done = self.race.step(n)
        self._steps_since_surface += done
        self.refresh(surface=not self.playing)

    def reset(self) -> None:
        """Every racer back to the start weights (settings kept)."""
        self.race.reset()

    def _on_tick(self) -> None:
        self.step(self.speed.value())
        if self.race.finished or self.race.problem is not None:
            self.set_playing(False)

    def _on_use_toggled(self, name: str, on: bool) -> None:
        self.race.set_active(name, on)  # one brought back catches up, a slice per tick of catch_up_timer
        self._follow_catch_up()
        # the plane is refitted once every racer is level (a refit of long paths costs tens of ms)
        self.refresh(surface=not self.race.catching_up)

    def _follow_catch_up(self) -> None:
        """Run the catch-up clock while a racer is behind (and the panel is on screen)."""
        self.catch_up_timer.follow(bool(self.race.catching_up) and not self.race.lazy)

    def _on_catch_up_tick(self) -> None:
        """One slice of the catch-up; the readouts and curves every TEXT_INTERVAL_S, the plane at the end."""
        self.race.catch_up(CATCH_UP_BUDGET_S)
        if not self.race.catching_up:
            self.catch_up_timer.stop()
            self.refresh(surface=True)
        elif time.perf_counter() - self._catch_up_drawn >= TEXT_INTERVAL_S:
            self.refresh()
            self._catch_up_drawn = time.perf_counter()

    def _on_start_chosen(self, _index: int) -> None:
        self.race.set_start(self.start_combo.currentData())

    def _on_log_toggled(self, on: bool) -> None:
        self.loss_plot.getPlotItem().setLogMode(y=on)
        self.refresh()

    def _on_restarted(self) -> None:
        self._plane = None
        self._window = None
        self._steps_since_surface = self._steps_per_surface = 0
        if not self.race.lazy:
            self.refresh(surface=True)

    def set_on_screen(self, on: bool) -> None:
        """Shown: follow the session's edits at once again; hidden: stop the clocks, edits wait.

        Connected to the dock's visibilityChanged too: a dock tabbed away is covered, not hidden.
        """
        if on:
            self.race.lazy = False
            if not self.race.sync():  # a restart refreshes by itself
                self.refresh(surface=True)
            self._follow_catch_up()
        else:
            self.set_playing(False)
            self._catch_up.stop()
            self.catch_up_timer.stop()  # a racer still behind goes on when the panel is shown again
            self.race.lazy = True

    def showEvent(self, event: QShowEvent) -> None:
        """Shown: catch up with the session."""
        super().showEvent(event)
        self.set_on_screen(True)

    def hideEvent(self, event: QHideEvent) -> None:
        """A hidden panel (its dock closed, the window closing) stops its clocks."""
        self.set_on_screen(False)
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing stops the clocks too."""
        self.set_playing(False)
        self._catch_up.stop()
        self.catch_up_timer.stop()
        super().closeEvent(event)

    # ------------------------------------------------------------------------------- drawing

    def _update_legend(self) -> None:
        """Legend rows for the active racers (remade only when that set changes)."""
        names = tuple(r.name for r in self.race.active)
        if names == self._legend_names:
            return
        self._legend_names = names
        self.legend.clear()
        for name in names:
            self.legend.addItem(self.loss_curves[name], name)
        self._fit_legend()

    def _fit_legend(self, *_args: object) -> None:
        """The legend only where it leaves the curves room (the racer table's swatches name them too)."""
        vb = self.loss_plot.getPlotItem().vb
        legend = self.legend.boundingRect()
        fits = legend.width() < 0.6 * vb.width() and legend.height() < 0.6 * vb.height()
        if self.legend.isVisible() != fits:
            self.legend.setVisible(fits)

    def refresh(self, surface: bool = False) -> None:
        """Push the race's state into the items; refit the plane and its surface if asked and due."""
        if self.race.stale:  # the racers still hold the session as it was: never draw them on today's data
            self.race.sync()  # (its "restarted" event redraws, unless the panel is hidden)
            return
        problem = self.race.problem
        self._draw_losses()
        coords = None
        if problem is None and (surface or self._plane is None or self._surface_due()):
            coords = self._refit_plane()
        elif problem is None and self._steps_since_surface and not self._catch_up.isActive():
            self._catch_up.start(max(1, int(1000 * self._interval())))
        if problem is None and coords is None and self._plane is not None:
            coords = self.race.project(self._plane)  # until the next refit the paths go on over this plane
        self._draw_paths(coords or {})
        for item in (self.image, self.contours):
            item.setVisible(problem is None)
        if not self.playing or time.perf_counter() - self._text_time >= TEXT_INTERVAL_S:
            self._update_texts(problem)

    def _interval(self) -> float:
        """Seconds between two plane refits while playing (a slow surface waits longer)."""
        return max(SURFACE_INTERVAL_S, self._surface_ms / 1000 / MAX_DUTY)

    def _surface_due(self) -> bool:
        return self._steps_since_surface > 0 and time.perf_counter() - self._surface_time >= self._interval()

    def _draw_losses(self) -> None:
        log = self.log_toggle.isChecked()
        # a loss that ran off to 1e20 would flatten every other curve: the plot stops at a few times
        # the common starting loss (the readouts say the real number)
        start = [r.curve("train_loss")[1][:1] for r in self.race.active]
        cap = LOSS_VIEW_CAP * float(np.max(np.concatenate([*start, [LOG_FLOOR]])))
        crosses, brushes = [], []
        for r in self.race.racers:
            curve = self.loss_curves[r.name]
            if not r.active:
                curve.setVisible(False)
                continue
            x, y = r.curve("train_loss")
            y = np.clip(y, LOG_FLOOR if log else -np.inf, cap)
            curve.setData(x, y)
            curve.setVisible(True)
            if r.diverged and len(x):
                crosses.append((x[-1], y[-1]))
                brushes.append(palette.brush(racer_color(r)))
        xy = np.array(crosses, float).reshape(-1, 2)
        if log and len(xy):
            xy[:, 1] = np.log10(xy[:, 1])  # a scatter in a log-mode plot is placed by its log
        self.loss_crosses.setData(xy[:, 0], xy[:, 1], brush=brushes)
        self.loss_crosses.setVisible(len(xy) > 0)
        vb = self.loss_plot.getPlotItem().vb
        if any(vb.autoRangeEnabled()):
            vb.updateAutoRange()

    def _refit_plane(self) -> dict[str, np.ndarray]:
        """The plane of all paths, a window around them, the loss over it; returns the paths on it."""
        t0 = time.perf_counter()
        self._plane = self.race.plane()
        coords = self.race.project(self._plane)
        # the window follows the racers still running: one that ran off leaves it, cut at its edge
        shown = [r for r in self.race.active if not r.diverged] or self.race.active
        pts = np.vstack([[0.0, 0.0], *(coords[r.name] for r in shown)])
        if self._window is not None:
            # sticky_window only grows: after a racer ran off and was cut, shrink back to the rest
            span = np.array([hi - lo for lo, hi in self._window])
            if np.any(np.maximum(np.ptp(pts, axis=0), MIN_SPAN) * SHRINK_FACTOR < span):
                self._window = None
        self._window = window = sticky_window(pts, self._window, min_span=MIN_SPAN)
        (x0, x1), (y0, y1) = window
        res = race_text.surface_res(self.session)
        alphas, betas = grids.grid_axes((x0, x1), (y0, y1), res)
        img = log_loss(self.race.surface(self._plane, alphas, betas))
        dx, dy = (x1 - x0) / (res - 1), (y1 - y0) / (res - 1)
        self.image.setImage(img, autoLevels=False)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy))
        hi = float(img.max())
        lo = max(float(img.min()), hi - 3.0)  # at most three decades of colour
        if hi - lo < 1e-3:
            lo, hi = lo - 0.05, hi + 0.05
        self.colorbar.setLevels((lo, hi))
        self.colorbar.axis.setTicks([loss_ticks(lo, hi)])
        levels = contour_levels(np.clip(img, lo, hi), N_CONTOURS)
        self.contours.setData(*contours.contour_segments(img, alphas, betas, levels))
        self.surface_plot.getPlotItem().getViewBox().setRange(xRange=window[0], yRange=window[1], padding=0)
        self._label_plane()
        self._surface_ms = 1000 * (time.perf_counter() - t0)
        self._surface_time = time.perf_counter()
        self._steps_per_surface = self._steps_since_surface
        self._steps_since_surface = 0
        return coords

    def _label_plane(self) -> None:
        """The plane's axes: principal components (with their share of the spread), or what stands in."""
        pi = self.surface_plot.getPlotItem()
        kind = self._plane.kind if self._plane is not None else "pca"
        if kind == "pca":
            explained = self._plane.explained if self._plane is not None else None
            shares = [f" ({e:.0%})" for e in explained] if explained is not None else ["", ""]
            label_axis(pi, "bottom", f"PC1{shares[0]}")
            label_axis(pi, "left", f"PC2{shares[1]}")
        elif kind == "axes":
            first, second = race_text.first_params(self.race.start_weights)
            label_axis(pi, "bottom", first)
            label_axis(pi, "left", second)
        else:
            label_axis(pi, "bottom", self.tr("random direction 1"))
            label_axis(pi, "left", self.tr("random direction 2"))

    def _draw_paths(self, coords: dict[str, np.ndarray]) -> None:
        """Each active racer's path (plane coordinates), its head, and ✕ where one diverged."""
        pixel = np.array(self.surface_plot.getPlotItem().getViewBox().viewPixelSize())
        lo, hi = np.full(2, -np.inf), np.full(2, np.inf)
        if self._window is not None:
            (x0, x1), (y0, y1) = self._window
            lo, hi = np.array([x0, y0]), np.array([x1, y1])
        heads: list[np.ndarray] = []  # (x, y) of each racer still running, or stopped
        head_brushes: list[QBrush] = []
        crosses: list[np.ndarray] = []
        cross_brushes: list[QBrush] = []
        for r in self.race.racers:
            path = self.paths[r.name]
            c = coords.get(r.name)
            if c is None or not r.active:
                path.setVisible(False)
                continue
            drawn = thin_path(c, pixel)
            if np.all(drawn.min(axis=0) >= lo) and np.all(drawn.max(axis=0) <= hi):
                path.setData(drawn[:, 0], drawn[:, 1], connect="all")
            else:  # it ran out of the window: the part inside, exactly (no huge numbers reach Qt)
                path.setData(*clip_segments(drawn, lo, hi), connect="pairs")
            path.setVisible(True)
            brush = palette.brush(racer_color(r))
            # the ✕ sits where it stopped, or where its path leaves the window towards there
            end = c[-1] if np.all((c[-1] >= lo) & (c[-1] <= hi)) else race_text.exit_point(c, lo, hi)
            (crosses if r.diverged else heads).append(end)
            (cross_brushes if r.diverged else head_brushes).append(brush)
        for item, pts, brushes in ((self.heads, heads, head_brushes), (self.crosses, crosses, cross_brushes)):
            xy = np.array(pts, float).reshape(-1, 2)
            item.setData(xy[:, 0], xy[:, 1], brush=brushes)
            item.setVisible(len(xy) > 0)
        self.start_marker.setVisible(bool(coords))

    def _update_texts(self, problem: str | None) -> None:
        """Readouts per racer, the status line and the caption."""
        self._text_time = time.perf_counter()
        for r in self.race.racers:
            self._set_text(self.readouts[r.name], race_text.readout(r, self.race.iteration, READOUT_COLORS,
                                                                      i18n.translate))
        n, behind = self.race.iteration, ", ".join(r.name for r in self.race.catching_up)
        if behind:  # the race waits for them: Play and Step do nothing until they are level
            status = self.tr("iteration {n} · waiting for {names}").format(n=n, names=behind)
        else:
            status = self.tr("iteration {n}").format(n=n)
        self._set_text(self.status, status)
        if problem is not None:  # the session's reason, marked for translation there
            caption = self.tr("No race: {problem}.").format(problem=i18n.translated(problem))
        else:
            kind = self._plane.kind if self._plane is not None else "random"
            caption = race_text.caption(self.session, kind, self.race.start_weights, self._steps_per_surface,
                                        i18n.translate)
        self._set_text(self.caption, caption)

    def _set_text(self, label: QLabel, text: str) -> None:
        """Set a label only when its text changes (a new text means a relayout)."""
        if self._texts.get(label.objectName()) != text:
            self._texts[label.objectName()] = text
            label.setText(text)
