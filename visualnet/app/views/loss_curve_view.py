"""Training, validation and test loss against iteration, accuracy on a second axis, epoch marks."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QCheckBox, QLabel, QWidget

from visualnet.app import palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import (
    ThrottledText,
    add_right_viewbox,
    add_top_legend,
    cache_axes,
    fit_top_legend,
    nice_ceil,
    set_curve,
    stack_view,
)
from visualnet.session import Session

LOG_FLOOR = 1e-12  # a loss of exactly 0 has no logarithm
EPOCH_COLOR = "#40303030"  # #AARRGGBB: faint, behind the curves
MIN_EPOCH_GAP_PX = 12.0  # closer epoch marks would grey the plot out: show every 2nd, 4th, ... then
X_MIN_SPAN = 10.0  # the iteration axis shows at least 0..10
READOUT_INTERVAL_S = 0.1  # the numbers under the plot change at most 10 times a second


def _curve(pen: QPen, name: str) -> pg.PlotDataItem:
    """A history curve: clipped to the view and peak-downsampled to ~2 points per pixel when long."""
    # 5000 noisy, antialiased points cost tens of ms to paint; min/max per pixel looks the same
    return pg.PlotDataItem(pen=pen, name=name, clipToView=True, autoDownsample=True,
                           downsampleMethod="peak", autoDownsampleFactor=1.0)


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
    pyqtgraph then regenerates their tick pictures and repaints the plot twice per frame. Snapped,
    x runs from 0 to the next 1-1.5-2-3-4-5-6-8 number ≥ 1.1 × the last iteration, and the loss
    from 0 to the next such number above its maximum (whole decades on the log axis).
    """

    def childrenBounds(self, frac=None, orthoRange=(None, None), items=None):
        """The items' bounds, snapped outward (in log10 units when the loss axis is logarithmic)."""
        (_, x1), (y0, y1) = (b if b is not None else (0.0, 1.0)
                              for b in super().childrenBounds(frac, orthoRange, items))
        x1 = nice_ceil(max(1.1 * x1, X_MIN_SPAN))
        if self.state["logMode"][1]:
            y0, y1 = np.floor(y0 - 0.02), np.ceil(y1 + 0.02)
        else:
            y0 = 0.0 if y0 >= 0 else -nice_ceil(-y0)
            y1 = nice_ceil(1.05 * y1) if y1 > 0 else 1.0
        return [[0.0, x1], [float(y0), float(max(y1, y0 + 1e-9))]]


class LossCurveView(QWidget):
    """Loss curves (and accuracy for classification) of the session's history, with a readout."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bridge = bridge
        self.plot = pg.PlotWidget(background="w", axisItems={"left": LossAxis("left")},
                                  viewBox=RoundRangeViewBox())
        self.plot.setObjectName("lossCurveView")
        self.plot.setAccessibleName("lossCurveView")
        self.readout = QLabel()
        self.readout.setObjectName("lossReadout")
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setWordWrap(True)  # a narrow dock wraps the readout instead of growing
        self.log_toggle = QCheckBox("log loss")
        self.log_toggle.setObjectName("lossLogScale")
        self.log_toggle.setToolTip("The loss on a logarithmic axis: late, small improvements stay visible")
        self.log_toggle.toggled.connect(self._on_log_toggled)
        stack_view(self, self.plot, self.readout, self.log_toggle)
        self.readout_text = ThrottledText(self.readout, READOUT_INTERVAL_S)

        pi = self.plot.getPlotItem()
        pi.setLabel("bottom", "iteration")
        pi.setLabel("left", "loss")
        pi.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" reads worse than 0.07
        # PlotItem.addItem imposes the plot's own modes on its curves: set them here, not per curve
        pi.setClipToView(True)
        pi.setDownsampling(auto=True, mode="peak")
        pi.vb.setLimits(xMin=0)
        pi.vb.setDefaultPadding(0.0)  # the snapped range leaves the margins
        self.acc_vb = add_right_viewbox(pi, "accuracy")
        self.acc_vb.setYRange(0, 1, padding=0.02)
        cache_axes(pi)  # redrawn only when a range moves to its next round number

        colors = palette.LOSS_COLORS
        self.legend = add_top_legend(pi, columns=4)
        dash, dot = Qt.PenStyle.DashLine, Qt.PenStyle.DotLine
        self.curves = {
            "train": _curve(palette.pen(colors["train"], 2.0), "train loss"),
            "val": _curve(palette.pen(colors["val"], 2.0), "val loss"),
            "test": _curve(palette.pen(colors["test"], 1.5, dash), "test loss"),
        }
        for curve in self.curves.values():
            pi.addItem(curve)
        self.acc_curves = {
            "train": _curve(palette.pen(colors["accuracy"], 1.5), "train acc"),
            "val": _curve(palette.pen(colors["accuracy"], 1.5, dash), "val acc"),
            "test": _curve(palette.pen(colors["accuracy"], 1.5, dot), "test acc"),
        }
        for curve in self.acc_curves.values():
            self.acc_vb.addItem(curve)
        # All epoch marks are one item: vertical segments drawn pairwise, reaching past the
        # accuracy box's fixed 0..1 range so they span the full height (the ViewBox clips them).
        self.epochs = pg.PlotDataItem(pen=palette.pen(EPOCH_COLOR), connect="pairs")
        self.acc_vb.addItem(self.epochs)
        self._legend_rows: tuple[str, ...] = ()
        bridge.modelReset.connect(self._on_layout_change)
        bridge.dataChanged.connect(self._on_layout_change)
        bridge.configChanged.connect(self._on_layout_change)
        self._on_layout_change()

    # ---------------------------------------------------------------- updates

    def _expected_series(self) -> tuple[str, ...]:
        """The series this task and split produce: validation/test only when those sets exist."""
        _, n_val, n_test = self.session.role_counts()
        keys = ["train"] + ["val"] * (n_val > 0) + ["test"] * (n_test > 0)
        if self.session.task == "classification":
            # one held-out accuracy is enough to see over-fitting: validation, else test
            keys += ["train_acc", "val_acc" if n_val else "test_acc"] if n_val or n_test else ["train_acc"]
        return tuple(keys)

    def _on_layout_change(self) -> None:
        """The legend rows and the accuracy axis depend on task and split, not on each step."""
        shown = self._expected_series()
        if shown != self._legend_rows:
            self._legend_rows = shown
            self.legend.clear()  # legend rows are (re)made here only, never per frame
            for key in shown:
                item = self.acc_curves[key[:-4]] if key.endswith("_acc") else self.curves[key]
                self.legend.addItem(item, item.name())
            fit_top_legend(self.plot.getPlotItem(), self.legend)
        classification = self.session.task == "classification"
        axis = self.plot.getPlotItem().getAxis("right")
        if axis.style["showValues"] != classification:  # each change redraws the axis: only on real ones
            axis.setStyle(showValues=classification)
            axis.setLabel("accuracy" if classification else "")
        if self.isVisible():  # a hidden view (a closed or tabbed-away dock) catches up when shown
            self.refresh()

    def _on_log_toggled(self, on: bool) -> None:
        pi = self.plot.getPlotItem()
        pi.setLogMode(y=on)
        pi.getAxis("right").setLogMode(False, False)  # PlotItem logs both y axes; accuracy stays linear
        self.refresh()

    def _series(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """(iterations, values) per series of the history, each with its non-finite entries dropped."""
        h = self.session.history
        it = np.asarray(h.iteration, float)
        out = {}
        for key in ("train", "val", "test"):
            for name, attr in ((key, f"{key}_loss"), (f"{key}_acc", f"{key}_acc")):
                y = np.asarray(getattr(h, attr), float)
                keep = np.isfinite(y)
                out[name] = it[keep], y[keep]
        return out

    def refresh(self) -> None:
        """Push the history's arrays into the existing curves and update the readout."""
        series = self._series()
        log = self.log_toggle.isChecked()
        empty = (np.empty(0), np.empty(0))
        for key, curve in self.curves.items():
            x, y = series.get(key, empty)
            set_curve(curve, x, np.maximum(y, LOG_FLOOR) if log else y)
        for key, curve in self.acc_curves.items():
            shown = key + "_acc" in self._legend_rows
            set_curve(curve, *(series[key + "_acc"] if shown else empty))
        self._update_epochs()
        self.readout_text.set(self._readout(series))
        vb = self.plot.getPlotItem().vb
        if any(vb.autoRangeEnabled()):  # not zoomed or panned by hand: settle the range now, not in paint
            vb.updateAutoRange()

    def _update_epochs(self) -> None:
        """One vertical segment per epoch end; every k-th epoch only when they would crowd together."""
        h = self.session.history
        ends, numbers = np.asarray(h.epoch_marks, float), np.asarray(h.epoch_mark_numbers)
        if len(ends) > 1:
            # k a power of two so the kept marks stay put as training goes on (no flicker)
            span_px = max(self.plot.getPlotItem().vb.width(), 1.0)
            crowding = len(ends) * MIN_EPOCH_GAP_PX / span_px
            k = 1 << max(0, int(np.ceil(np.log2(max(crowding, 1.0)))))
            keep = numbers % k == 0
            ends = ends[keep]
        shown = self.epochs.xData
        if shown is not None and np.array_equal(shown[::2], ends):
            return  # most frames add no epoch mark: nothing to redraw
        self.epochs.setData(np.repeat(ends, 2), np.tile([-1.0, 2.0], len(ends)))

    def _readout(self, series: dict[str, tuple[np.ndarray, np.ndarray]]) -> str:
        """The last value of each series, coloured as its curve: 'iteration 200 · loss train 0.08 …'."""
        x = series["train"][0]
        if len(x) == 0:
            return "No loss yet: add training points."
        colors = palette.LOSS_COLORS
        sets = [k for k in ("train", "val", "test") if len(series[k][1])]
        # non-breaking spaces inside a group: a narrow dock wraps between groups, not inside one
        losses = ", ".join(f"<span style='color:{colors[k]}'>{k}&nbsp;{series[k][1][-1]:.3g}</span>"
                           for k in sets)
        parts = [f"iteration&nbsp;{int(x[-1])}", f"loss {losses}"]
        if self.session.task == "classification":
            accs = ", ".join(f"{k}&nbsp;{series[k + '_acc'][1][-1]:.0%}" for k in sets
                             if len(series[k + "_acc"][1]))
            parts.append(f"<span style='color:{colors['accuracy']}'>accuracy {accs}</span>")
        return " · ".join(parts)
