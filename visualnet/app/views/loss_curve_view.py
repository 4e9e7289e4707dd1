"""Training, validation and test loss against iteration, accuracy on a second axis, epoch marks; the
penalty and the loss the gradient descends when there is one, and the learning rate on a third axis."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QSettings, QSignalBlocker, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QLabel, QWidget

from visualnet.app import i18n, palette, readouts, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import (
    TextBox,
    ThrottledText,
    add_right_viewbox,
    add_top_legend,
    cache_axes,
    fit_top_legend,
    stack_view,
    twin_viewbox,
)
from visualnet.app.views import live
from visualnet.app.views.history_curves import CurvesPainter, EpochMarks, HistoryCurve, same_data
from visualnet.app.views.timeline_bar import TimelineBar
from visualnet.presenters import loss_curve
from visualnet.presenters.loss_curve import LOG_FLOOR, LossCurvePresenter, Series, peak_decimate
from visualnet.session import Session

__all__ = ["LOG_FLOOR", "LossAxis", "LossCurveView", "RoundRangeViewBox"]

EPOCH_ALPHA = 0x40  # the epoch marks: the plot's ink at 25%, faint behind the curves
TEXT_CONTRAST = 4.5  # WCAG AA for normal text: the readout's coloured numbers on the window
READOUT_INTERVAL_S = 0.1  # the numbers under the plot change at most 10 times a second
# beside palette.LOSS_COLORS: the penalty, and the learning rate (Okabe-Ito orange and sky blue)
EXTRA_COLORS = {"penalty": "#E69F00", "lr": "#56B4E9"}
SHOW_LR_KEY = "view/show_learning_rate"  # in QSettings, once the learner has chosen


class LossAxis(pg.AxisItem):
    """The loss axis: on a log scale, only 1, 2 and 5 of each decade are labelled, so labels never pile up."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """pyqtgraph's labels, blanked except at 1·10^k, 2·10^k and 5·10^k when there are many."""
        strings = super().logTickStrings(values, scale, spacing)
        if len(strings) <= 4:  # a short range within one decade: every label is needed
            return strings
        mantissa = np.round(10 ** (np.asarray(values, float) % 1.0)).astype(int)
        return [t if m in (1, 2, 5, 10) else "" for t, m in zip(strings, mantissa, strict=True)]


class RoundRangeViewBox(pg.ViewBox):
    """A ViewBox whose auto-range snaps outward to round numbers, so it changes only now and then.

    Auto-ranging to the data's exact extent moves the axes a little with every training step, and
    pyqtgraph then regenerates their tick pictures and repaints the plot twice per frame. The
    snapped ranges are the presenter's (`loss_curve.snapped_range`).
    """

    def __init__(self, **kwargs: Any) -> None:  # pg.ViewBox's keywords
        super().__init__(**kwargs)
        # (last x, lowest y, highest y) of the data, told by the view: no scan of every item's bounds
        self.extent: tuple[float, float, float] | None = None

    def childrenBounds(self, frac: tuple[float, float] | None = None,
                       orthoRange: tuple[float | None, float | None] = (None, None),
                       items: list[QGraphicsItem] | None = None) -> list[list[float]]:
        """The items' bounds, snapped outward (in log10 units when the loss axis is logarithmic)."""
        if self.extent is not None and items is None:
            x1, y0, y1 = self.extent
        else:
            (_, x1), (y0, y1) = (b if b is not None else (0.0, 1.0)
                                  for b in super().childrenBounds(frac, orthoRange, items))
        x_range, y_range = loss_curve.snapped_range(x1, y0, y1, log=bool(self.state["logMode"][1]))
        return [list(x_range), list(y_range)]

    def updateAutoRange(self) -> None:
        """pyqtgraph's auto-range, skipped when the snapped range is the one shown (most frames)."""
        plain = (self.state["autoRange"] == [1.0, 1.0] and not any(self.state["autoVisibleOnly"])
                 and not any(self.state["autoPan"]) and self.extent is not None)
        if plain and all(math.isclose(a, b, rel_tol=1e-12) for target, shown in
                         zip(self.childrenBounds(), self.viewRange(), strict=True)
                         for a, b in zip(target, shown, strict=True)):
            # what pyqtgraph's own would leave behind: without it, pyqtgraph asks again at every
            # paint (measured: +0.2 ms a frame); the one pyqtgraph attribute this view writes
            self._autoRangeNeedsUpdate = False
            return
        super().updateAutoRange()

    def queueUpdateAutoRange(self) -> None:
        """Flag the auto-range for the next paint, without repainting the whole box for it.

        pyqtgraph's also calls update() on the ViewBox, which repaints the plot whenever a curve
        changes; the view settles the range itself after each refresh (updateAutoRange), so a
        curve that grew by a point repaints only around that point.
        """
        if self.extent is None:
            super().queueUpdateAutoRange()
        else:
            self._autoRangeNeedsUpdate = True


class LossCurveView(QWidget):
    """Loss curves (and accuracy for classification) of the session's history, with a readout."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bridge = bridge
        self.presenter = LossCurvePresenter(session)
        self.plot = pg.PlotWidget(background="w", axisItems={"left": LossAxis("left")},
                                  viewBox=RoundRangeViewBox())
        self.plot.setObjectName("lossCurveView")
        self.plot.setAccessibleName("lossCurveView")
        self.readout = QLabel()
        self.readout.setObjectName("lossReadout")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)  # a narrow dock wraps the readout instead of growing
        self.log_toggle = QCheckBox()
        self.log_toggle.setObjectName("lossLogScale")
        self.log_toggle.toggled.connect(self._on_log_toggled)
        # the learning rate on its own log axis: on by itself while a schedule moves it, until the
        # learner chooses (then remembered, see use_settings)
        self.lr_toggle = QCheckBox()
        self.lr_toggle.setObjectName("showLearningRate")
        self.lr_toggle.setChecked(not session.schedule.constant)
        self.lr_toggle.toggled.connect(self._on_lr_toggled)
        self._lr_auto = True  # the toggle follows the schedule until the learner clicks it
        self._settings: QSettings | None = None
        # the readout's numbers wrap onto a second line and back as their digits change: its room stays
        # (until another width, network, setting or language), so the plot does not jump each time
        self.readout_box = TextBox(self.readout, keep_height=True)
        stack_view(self, self.plot, self.readout_box, self.log_toggle, self.lr_toggle)
        # under the curves, a timeline over every iteration so far (drag back through training)
        self.timeline = TimelineBar(session, bridge)
        lines = self.layout()
        assert lines is not None  # stack_view gave the view its layout
        lines.addWidget(self.timeline)
        self.readout_text = ThrottledText(self.readout, READOUT_INTERVAL_S)

        pi = self.plot.getPlotItem()
        # the loss is named for what it is (cross-entropy, squared error, perceptron criterion)
        self._loss_name = ""  # set by retranslate
        pi.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" reads worse than 0.07
        pi.vb.setLimits(xMin=0)
        pi.vb.setDefaultPadding(0.0)  # the snapped range leaves the margins
        self.acc_vb = add_right_viewbox(pi, "")  # labelled by retranslate
        self.acc_vb.setYRange(0, 1, padding=0.02)
        cache_axes(pi)  # redrawn only when a range moves to its next round number
        for vb in (pi.vb, self.acc_vb):
            # a ViewBox paints only its border, and these have none: no Python paint() per repaint
            # (its background is a child item of its own, painted as before)
            if vb.border is None or vb.border.style() == Qt.PenStyle.NoPen:
                vb.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)

        colors = {**palette.LOSS_COLORS, **EXTRA_COLORS}
        self.legend = add_top_legend(pi, columns=4)
        dash, dot = Qt.PenStyle.DashLine, Qt.PenStyle.DotLine
        self.curves = {  # named by retranslate
            "train": HistoryCurve(palette.pen(colors["train"], 2.0), "train"),
            "val": HistoryCurve(palette.pen(colors["val"], 2.0), "val"),
            "test": HistoryCurve(palette.pen(colors["test"], 1.5, dash), "test"),
            # the run before the last change of settings (another activation, other layers): to compare
            "previous": HistoryCurve(palette.pen(colors["previous"], 1.5, Qt.PenStyle.DashDotLine),
                                     "previous"),
            # with a penalty: the penalty, and the sum the gradient descends (the training loss's colour)
            "penalty": HistoryCurve(palette.pen(colors["penalty"], 1.5), "penalty"),
            "total": HistoryCurve(palette.pen(colors["train"], 2.0, dash), "total"),
        }
        for curve in self.curves.values():
            pi.addItem(curve)
        self.acc_curves = {
            "train": HistoryCurve(palette.pen(colors["accuracy"], 1.5), "train_acc"),
            "val": HistoryCurve(palette.pen(colors["accuracy"], 1.5, dash), "val_acc"),
            "test": HistoryCurve(palette.pen(colors["accuracy"], 1.5, dot), "test_acc"),
        }
        for curve in self.acc_curves.values():
            self.acc_vb.addItem(curve)
        # All epoch marks are one item: vertical segments drawn pairwise, reaching past the
        # accuracy box's fixed 0..1 range so they span the full height (the ViewBox clips them).
        self.epochs = EpochMarks(palette.pen(theme.ink(theme.current(), EPOCH_ALPHA).name(
            QColor.NameFormat.HexArgb)))
        self.acc_vb.addItem(self.epochs)
        # one Python item paints each ViewBox's curves (the epoch marks over the accuracy curves)
        self.curve_painters = (CurvesPainter(list(self.curves.values())),
                               CurvesPainter([*self.acc_curves.values(), self.epochs]))
        pi.vb.addItem(self.curve_painters[0])
        self.acc_vb.addItem(self.curve_painters[1])
        self.lr_axis, self.lr_vb = _add_outer_axis(pi)
        self.lr_axis.setLogMode(False, True)  # its view holds log10(rate): the ticks read 10^k
        self.lr_axis.enableAutoSIPrefix(False)  # a prefix would rescale the log ticks' labels too
        self.lr_curve = HistoryCurve(palette.pen(colors["lr"], 1.5, dot), "lr")
        self.lr_vb.addItem(self.lr_curve)
        self._lr_range: tuple[float, float] | None = None
        self._show_lr_axis(self.lr_toggle.isChecked())
        # where the timeline stands while it shows an earlier iteration
        self.shown_mark = pg.InfiniteLine(angle=90, movable=False,
                                          pen=palette.pen(palette.FOREGROUND, 1.5, Qt.PenStyle.DashLine))
        self.shown_mark.setObjectName("historyMark")
        self.shown_mark.hide()
        pi.vb.addItem(self.shown_mark, ignoreBounds=True)
        self._theme: theme.Theme | None = None
        self._text_colors = {**palette.LOSS_COLORS, **EXTRA_COLORS}  # the readout's, readable on the window
        self._legend_rows: tuple[str, ...] = ()
        self._previous_name = ""
        # the finite (iterations, values) of each curve, as the plot's scale shows them
        self._data: dict[HistoryCurve, tuple[np.ndarray, np.ndarray]] = {}
        self.apply_theme(theme.current())
        # zooming or panning shows another stretch of history, at another density
        pi.vb.sigXRangeChanged.connect(self._draw_curves)
        # the one refresh route: each session change that alters what is drawn, while on screen
        # (the history grows; points, task, split or loss change the legend and axes too)
        for signal in (bridge.stepped, bridge.modelReset, bridge.dataChanged, bridge.configChanged,
                       bridge.weightsChanged):
            live.follow(self, signal, self._on_session_changed)
        for signal in (bridge.modelReset, bridge.configChanged):  # other lines: the readout's room too
            signal.connect(self.readout_box.forget_height)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """The toggle, axis labels, legend and readout in the language now spoken."""
        self.readout_box.forget_height()
        self.log_toggle.setText(self.tr("log loss"))
        self.log_toggle.setToolTip(self.tr("The loss on a logarithmic axis: late, small improvements stay "
                                           "visible"))
        self.lr_toggle.setText(self.tr("lr"))  # the book's name, short: the readout beside keeps its width
        self.lr_toggle.setToolTip(self.tr("The learning rate in use at each iteration, on its own "
                                          "logarithmic axis at the right: see a schedule lower it"))
        self.lr_axis.setLabel(self.tr("learning rate"))
        pi = self.plot.getPlotItem()
        pi.setLabel("bottom", self.tr("iteration"))
        for key, curve in [*self.curves.items(), *((f"{k}_acc", c) for k, c in self.acc_curves.items()),
                           ("lr", self.lr_curve)]:
            if key in loss_curve.CURVE_NAMES:  # the previous run is named by _update_layout
                curve.set_name(i18n.translated(loss_curve.CURVE_NAMES[key]))
        self._legend_rows = ()  # remade, with the new names
        self._loss_name = ""
        pi.getAxis("right").setLabel("")  # labelled again by _update_layout, when it has values
        pi.getAxis("right").setStyle(showValues=False)
        live.catch_up(self)  # the texts computed on refresh: now, or when shown
        self.readout_text.flush()  # a new language is shown at once, not after the readout's interval

    # ---------------------------------------------------------------- updates

    def apply_theme(self, new: theme.Theme) -> None:
        """Epoch marks in the theme's ink and readout colours readable on its window (on a change)."""
        if new == self._theme:
            return
        self._theme = new
        self.epochs.setPen(palette.pen(theme.ink(new, EPOCH_ALPHA).name(QColor.NameFormat.HexArgb)))
        self._text_colors = {k: theme.readable(c, new, TEXT_CONTRAST, new.window)
                             for k, c in {**palette.LOSS_COLORS, **EXTRA_COLORS}.items()}
        self.readout_text.set(self._readout(self.presenter.series()))  # the numbers as they are, recoloured

    def _update_layout(self) -> None:
        """The legend rows, loss name and accuracy axis: they depend on task and split, not on each step."""
        if self._lr_auto and self.lr_toggle.isChecked() == self.session.schedule.constant:
            self._set_lr_toggle(not self.session.schedule.constant)  # a schedule set or taken away
        shown = self.presenter.legend_rows(lr=self.lr_toggle.isChecked())
        previous = self.presenter.previous_name(i18n.translate)
        if shown != self._legend_rows or previous != self._previous_name:
            self._legend_rows, self._previous_name = shown, previous
            self.curves["previous"].set_name(previous)
            # with a penalty, the training loss is the data loss alone: named so beside the sum
            train = "train_data" if "penalty" in shown else "train"
            self.curves["train"].set_name(i18n.translated(loss_curve.CURVE_NAMES[train]))
            self.legend.clear()  # legend rows are (re)made here only, never per frame
            for key in shown:
                item = (self.acc_curves[key[:-4]] if key.endswith("_acc")
                        else self.lr_curve if key == "lr" else self.curves[key])
                self.legend.addItem(item, item.name())
            fit_top_legend(self.plot.getPlotItem(), self.legend)
        name = readouts.loss_name(self.session, i18n.translate)
        if name != self._loss_name:  # a perceptron, a regression: another loss
            self._loss_name = name
            self.plot.getPlotItem().setLabel("left", name)
        classification = self.session.task == "classification"
        axis = self.plot.getPlotItem().getAxis("right")
        if axis.style["showValues"] != classification:  # each change redraws the axis: only on real ones
            axis.setStyle(showValues=classification)
            axis.setLabel(self.tr("accuracy") if classification else "")

    def _on_log_toggled(self, on: bool) -> None:
        pi = self.plot.getPlotItem()
        pi.setLogMode(y=on)
        pi.getAxis("right").setLogMode(False, False)  # PlotItem logs both y axes; accuracy stays linear
        self.refresh()

    def use_settings(self, settings: QSettings | None) -> None:
        """Remember the learning-rate toggle in `settings` (the window's); a choice saved there is used."""
        self._settings = settings
        if settings is not None and settings.contains(SHOW_LR_KEY):
            self._lr_auto = False
            self._set_lr_toggle(bool(settings.value(SHOW_LR_KEY, False, type=bool)))
            live.catch_up(self)

    def _set_lr_toggle(self, on: bool) -> None:
        """Check or uncheck the learning-rate toggle from here (no choice of the learner's), axis and all."""
        with QSignalBlocker(self.lr_toggle):
            self.lr_toggle.setChecked(on)
        self._show_lr_axis(on)

    def _on_lr_toggled(self, on: bool) -> None:
        """The learner chose: the toggle no longer follows the schedule, and the choice is kept."""
        self._lr_auto = False
        if self._settings is not None:
            self._settings.setValue(SHOW_LR_KEY, on)
        self._show_lr_axis(on)
        self.refresh()

    def _show_lr_axis(self, on: bool) -> None:
        """The learning rate's axis, view and curve shown or hidden (hidden, the axis takes no room)."""
        for item in (self.lr_axis, self.lr_vb, self.lr_curve):
            item.setVisible(on)

    def refresh(self) -> None:
        """Bring everything drawn up to date with the session: legend, axes, curves, marks, readout."""
        self._update_layout()
        self._draw_history()

    def _on_session_changed(self, *_args: object) -> None:
        """Any change this view follows: everything drawn is brought up to date (the legend and axes
        cost one comparison when task and split are unchanged)."""
        self.refresh()

    def _draw_history(self) -> None:
        """Push the history's arrays into the existing curves and update the readout."""
        shown = self.session.shown_iteration
        self.shown_mark.setVisible(shown is not None)
        if shown is not None:
            self.shown_mark.setValue(shown)
        # the curves are given log10(loss) on a log axis: they do not follow the plot's log mode
        frame = self.presenter.frame(self.log_toggle.isChecked(), self._legend_rows)
        for key, curve in self.curves.items():
            self._data[curve] = frame.losses[key]
        for key, curve in self.acc_curves.items():
            self._data[curve] = frame.accuracies[key]
        self._data[self.lr_curve] = frame.lr  # (empty while not shown)
        if len(frame.lr[0]):
            lr_range = loss_curve.lr_range(frame.lr[1])
            if lr_range != self._lr_range:  # whole decades: changes only now and then
                self._lr_range = lr_range
                self.lr_vb.setYRange(*lr_range, padding=0.03)  # a rate of exactly 10^k is not on the edge
        vb = self.plot.getPlotItem().vb
        vb.extent = frame.extent  # the loss ViewBox's auto-range, without a scan of its items
        self._draw_curves()
        self._update_epochs()
        self.readout_text.set(self._readout(frame.series))
        if any(vb.autoRangeEnabled()):  # not zoomed or panned by hand: settle the range now, not in paint
            vb.updateAutoRange()

    def _draw_curves(self) -> None:
        """Push each curve's visible, thinned points (a long history: min and max per pixel column)."""
        vb = self.plot.getPlotItem().vb
        x_range = tuple(vb.viewRange()[0])
        columns = int(vb.width())
        for curve, (x, y) in self._data.items():
            if len(x) == 0 and len(curve.xData) == 0:
                continue  # a series this split does not have (no validation set), and none drawn
            curve.show_points(*peak_decimate(x, y, x_range, columns))

    def _update_epochs(self) -> None:
        """One vertical segment per epoch end (every k-th only, when they would crowd together)."""
        x, y = self.presenter.epoch_marks(self.plot.getPlotItem().vb.width())
        if same_data(self.epochs.xData, x):
            return  # most frames add no epoch mark: nothing to redraw
        self.epochs.show_points(x, y)

    def _readout(self, series: Series) -> str:
        """The last value of each series, coloured as its curve: 'iteration 200 · loss train 0.08 …'."""
        return loss_curve.readout(series, self._loss_name, self.presenter.classification, self._text_colors,
                                  readouts.percent, i18n.translate)


def _add_outer_axis(plot_item: pg.PlotItem) -> tuple[pg.AxisItem, pg.ViewBox]:
    """A third y axis right of the right axis, scaling a ViewBox of its own that shares the x axis."""
    axis = pg.AxisItem("right")
    plot_item.layout.addItem(axis, 2, 3)  # row 2: the plot's row; column 3: past the right axis
    return axis, twin_viewbox(plot_item, axis)
