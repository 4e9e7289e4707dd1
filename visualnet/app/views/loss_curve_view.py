"""Training, validation and test loss against iteration, accuracy on a second axis, epoch marks."""

from __future__ import annotations

import logging
import math

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.PlotCurveItem import arrayToLineSegments
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import QCheckBox, QGraphicsItem, QLabel, QWidget

from visualnet.app import palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import (
    TextBox,
    ThrottledText,
    add_right_viewbox,
    add_top_legend,
    cache_axes,
    fit_top_legend,
    nice_ceil,
    peak_decimate,
    stack_view,
)
from visualnet.session import Session

_log = logging.getLogger(__name__)

LOG_FLOOR = 1e-12  # a loss of exactly 0 has no logarithm
EPOCH_ALPHA = 0x40  # the epoch marks: the plot's ink at 25%, faint behind the curves
TEXT_CONTRAST = 4.5  # WCAG AA for normal text: the readout's coloured numbers on the window
MIN_EPOCH_GAP_PX = 12.0  # closer epoch marks would grey the plot out: show every 2nd, 4th, ... then
X_MIN_SPAN = 10.0  # the iteration axis shows at least 0..10
READOUT_INTERVAL_S = 0.1  # the numbers under the plot change at most 10 times a second


def _solid(pen: QPen) -> QPen:
    """The pen with a solid line (the same pen if it is solid already)."""
    if pen.style() == Qt.PenStyle.SolidLine:
        return pen
    solid = QPen(pen)
    solid.setStyle(Qt.PenStyle.SolidLine)
    return solid


class HistoryCurve(pg.PlotCurveItem):
    """One series of the history: finite points, x ascending, growing at the end one step at a time.

    A bare PlotCurveItem fed points the view has already clipped and thinned: a PlotDataItem would
    do that itself, but its setData costs ~0.3 ms in Python against 0.05 ms, five times a frame.
    Its bounding rectangle is the whole view (the ViewBox clips it anyway), so it does not move as
    the curve grows, and a step that only adds or replaces the last points repaints the few pixels
    around them instead of the whole plot with every curve in it.
    """

    END_PAD_PX = 4.0  # beyond the changed points: half the 2 px pen, rounding, and a margin

    def __init__(self, pen: QPen, name: str) -> None:
        super().__init__(pen=pen, name=name, skipFiniteCheck=True)
        # paint() is told the exposed rectangle, not the whole bounding rectangle
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
        self._lengths: tuple[tuple, np.ndarray] | None = None  # (for what, length along the curve)
        self._solid: tuple[QPen, QPen | None] | None = None  # the pen, and the solid pen to draw with

    def boundingRect(self) -> QRectF:
        """The visible range of the ViewBox, in data coordinates (nothing while there are no points)."""
        vb = self.getViewBox()
        if vb is None or self.xData is None or len(self.xData) == 0:
            return QRectF()
        view = vb.viewRect()
        # a non-finite rectangle in the scene's index crashes Qt: then pyqtgraph's own (data bounds)
        finite = all(math.isfinite(v) for v in (view.left(), view.top(), view.width(), view.height()))
        return view if finite else super().boundingRect()

    def dataBounds(self, ax: int, frac: float = 1.0, orthoRange=None):
        """(min, max) along `ax`: ascending, finite data need no NaN-aware scan."""
        if frac < 1.0 or orthoRange is not None or self.xData is None or len(self.xData) == 0:
            return super().dataBounds(ax, frac, orthoRange)
        if ax == 0:
            return float(self.xData[0]), float(self.xData[-1])
        return float(self.yData.min()), float(self.yData.max())

    def paint(self, painter, option, widget) -> None:
        """Draw the curve; should the segment drawing fail, pyqtgraph's own drawing instead."""
        # an exception escaping a paint() that Qt called aborts the whole process under PySide6
        # (seen: a zero-height range once did): a surprise here must cost a plain curve, not the app
        painter.save()
        try:
            self._paint_segments(painter, option, widget)
        except Exception:
            _log.exception("drawing a loss curve's segments failed; using pyqtgraph's drawing")
            painter.restore()
            painter.save()
            super().paint(painter, option, widget)
        finally:
            painter.restore()

    def _paint_segments(self, painter, option, widget) -> None:
        """Draw the segments that reach into the exposed rectangle (all of them when exporting).

        The curve is drawn as separate straight segments with a solid pen (pyqtgraph does so too,
        for wide pens), so a subset paints exactly the pixels the whole set would there. A dashed
        curve is cut into its dashes here, from its first point on: Qt's own dashing restarts its
        pattern where the clip rectangle cuts the curve, so a partial repaint would shift it.
        """
        pen, x, vb = self.opts["pen"], self.xData, self.getViewBox()
        if self._solid is None or self._solid[0] is not pen:  # (the pen, its solid twin or None)
            solid = _solid(pen)
            self._solid = (pen, solid if self._shouldUseDrawLineSegments(solid) else None)
        solid = self._solid[1]
        if self._exportOpts is not False or x is None or len(x) < 2 or vb is None or solid is None:
            super().paint(painter, option, widget)
            return
        px, py = (abs(v) for v in vb.viewPixelSize())
        if not (0 < px < math.inf and 0 < py < math.inf):
            # a range of zero height or width (one flat value, a view squeezed shut): a pixel is no
            # length in data units and the dash lengths below would be infinite; pyqtgraph copes
            super().paint(painter, option, widget)
            return
        # the points whose segments reach into the exposed rectangle (a wide stroke reaches past its ends)
        exposed, margin = option.exposedRect, px * self.END_PAD_PX
        i0 = max(int(np.searchsorted(x, exposed.left() - margin, "left")) - 1, 0)
        i1 = min(int(np.searchsorted(x, exposed.right() + margin, "right")) + 1, len(x))
        if i1 - i0 < 2:
            return
        x0, y0, x1, y1 = self._segments(pen, px, py, i0, i1)
        painter.setRenderHint(painter.RenderHint.Antialiasing, self.opts["antialias"])
        painter.setPen(solid)
        # as pairs of points; drawargs() points into this buffer, which must outlive the call
        pairs = arrayToLineSegments(np.column_stack([x0, x1]).ravel(), np.column_stack([y0, y1]).ravel(),
                                    "pairs", False)
        painter.drawLines(*pairs.drawargs())

    def _segments(self, pen: QPen, px: float, py: float, i0: int, i1: int) -> tuple[np.ndarray, ...]:
        """(x0, y0, x1, y1) of the straight pieces drawn between points i0 and i1 - 1, in data units.

        px, py: the size of a pixel in data units. For a dashed pen, the dashes: the pattern (in pen
        widths, as Qt's) is laid along the curve's length in pixels from its first point, so any
        stretch of the curve gets the same dashes whether drawn alone or with the rest.
        """
        x, y = self.xData[i0:i1], self.yData[i0:i1]
        if pen.style() == Qt.PenStyle.SolidLine:
            return x[:-1], y[:-1], x[1:], y[1:]
        key = (self.xData, self.yData, px, py)
        if self._lengths is None or not all(a is b for a, b in zip(self._lengths[0], key, strict=True)):
            steps = np.hypot(np.diff(self.xData) / px, np.diff(self.yData) / py)
            self._lengths = (key, np.concatenate([[0.0], np.cumsum(steps)]))
        s = self._lengths[1][i0:i1]  # how far along the curve each point lies, in pixels
        pattern = np.asarray(pen.dashPattern(), float) * max(pen.widthF(), 1.0)
        bounds = np.cumsum(pattern)  # dash ends at even indices, gap ends at odd ones
        period = bounds[-1]
        # every place in this stretch where a dash starts or stops, and every vertex
        first = np.floor(s[0] / period)
        cuts = ((np.arange(first, s[-1] // period + 1)[:, None] * period
                 + np.concatenate([[0.0], bounds[:-1]])[None, :]).ravel())
        t = np.union1d(s, cuts[(cuts > s[0]) & (cuts < s[-1])])
        middle = ((t[:-1] + t[1:]) / 2) % period
        on = np.searchsorted(bounds, middle, "right") % 2 == 0  # inside a dash, not a gap
        xt, yt = np.interp(t, s, x), np.interp(t, s, y)
        return xt[:-1][on], yt[:-1][on], xt[1:][on], yt[1:][on]

    def show_points(self, x: np.ndarray, y: np.ndarray) -> None:
        """Draw (x, y); when only the end changed, repaint only around the end."""
        old_x, old_y = self.xData, self.yData
        if old_x is None or len(old_x) == 0:
            old_x = old_y = np.empty(0)
        if np.array_equal(old_x, x) and np.array_equal(old_y, y):
            return  # a refresh that changed nothing (a point drag while paused)
        keep = len(old_x) - 1  # the History may have replaced its last record: compare before it
        vb = self.getViewBox()
        if (vb is None or keep < 2 or len(x) < keep or len(x) - keep > 64
                or not (np.array_equal(x[:keep], old_x[:keep]) and np.array_equal(y[:keep], old_y[:keep]))):
            pg.PlotCurveItem.setData(self, x, y)  # a new history, a thinned one, another scale: all of it
            return
        # from the last unchanged point on, old and new, so the old end is wiped too
        xs = np.concatenate([old_x[keep - 1:], x[keep - 1:]])
        ys = np.concatenate([old_y[keep - 1:], y[keep - 1:]])
        self.xData, self.yData = x, y
        self.invalidateBounds()
        self.path = self.fillPath = self._fillPathList = self._mouseShape = None
        self._lineSegmentsRendered = False
        px, py = (abs(v) * self.END_PAD_PX for v in vb.viewPixelSize())
        # only the visible part, and only finite numbers: a diverging loss (1e300) or a view squeezed
        # shut (a pixel of infinite height) would hand Qt a rectangle past its integer range, which
        # crashes the raster engine's clipping, not just this repaint
        view = vb.viewRect()
        x0, x1 = max(float(xs.min()) - px, view.left()), min(float(xs.max()) + px, view.right())
        y0, y1 = max(float(ys.min()) - py, view.top()), min(float(ys.max()) + py, view.bottom())
        if not all(math.isfinite(v) for v in (x0, x1, y0, y1)):
            pg.PlotCurveItem.setData(self, x, y)  # pyqtgraph's own full redraw copes with anything
            return
        if x0 <= x1 and y0 <= y1:  # else the changed end is out of sight: nothing to repaint
            self.update(QRectF(x0, y0, x1 - x0, y1 - y0))
        self.informViewBoundsChanged()
        self.sigPlotChanged.emit(self)


class _GrowingMarks(HistoryCurve):
    """The line item of EpochMarks: pyqtgraph's PlotDataItem hands it all its data and style on
    every change; when the style is the same and the marks only grew at the end, only the strip
    around the new mark is repainted."""

    def setData(self, *args, **kwargs) -> None:
        """PlotCurveItem.setData, or a repaint of the end when that is all that changed."""
        style = {k: v for k, v in kwargs.items() if k not in ("x", "y")}
        if args or "x" not in kwargs or "y" not in kwargs or any(
                k not in self.opts or not (self.opts[k] is v or self.opts[k] == v) for k, v in style.items()):
            super().setData(*args, **kwargs)
            return
        self.show_points(np.asarray(kwargs["x"]), np.asarray(kwargs["y"]))


class EpochMarks(pg.PlotDataItem):
    """The epoch marks as one item: a vertical segment per mark, drawn pairwise.

    A new epoch every frame (a fast speed) would repaint the whole plot for a 1 px line; the line
    item inside is one that repaints only the strip around a mark added at the end.
    """

    def __init__(self, pen: QPen) -> None:
        super().__init__(pen=pen, connect="pairs")
        stock = self.curve
        stock.setParentItem(None)
        self.curve = _GrowingMarks(pen, "")
        self.curve.setParentItem(self)
        self.curve.sigClicked.connect(self.sigClicked)
        del stock


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

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        # (last x, lowest y, highest y) of the data, told by the view: no scan of every item's bounds
        self.extent: tuple[float, float, float] | None = None

    def childrenBounds(self, frac=None, orthoRange=(None, None), items=None):
        """The items' bounds, snapped outward (in log10 units when the loss axis is logarithmic)."""
        if self.extent is not None and items is None:
            x1, y0, y1 = self.extent
        else:
            (_, x1), (y0, y1) = (b if b is not None else (0.0, 1.0)
                                  for b in super().childrenBounds(frac, orthoRange, items))
        x1 = nice_ceil(max(1.1 * x1, X_MIN_SPAN))
        if self.state["logMode"][1]:
            y0, y1 = np.floor(y0 - 0.02), np.ceil(y1 + 0.02)
        else:
            y0 = 0.0 if y0 >= 0 else -nice_ceil(-y0)
            y1 = nice_ceil(1.05 * y1) if y1 > 0 else 1.0
        return [[0.0, x1], [float(y0), float(max(y1, y0 + 1e-9))]]

    def updateAutoRange(self) -> None:
        """pyqtgraph's auto-range, skipped when the snapped range is the one shown (most frames)."""
        plain = (self.state["autoRange"] == [1.0, 1.0] and not any(self.state["autoVisibleOnly"])
                 and not any(self.state["autoPan"]) and self.extent is not None)
        if plain and all(math.isclose(a, b, rel_tol=1e-12) for target, shown in
                         zip(self.childrenBounds(), self.viewRange(), strict=True)
                         for a, b in zip(target, shown, strict=True)):
            self._autoRangeNeedsUpdate = False  # what pyqtgraph's own would leave behind
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
        stack_view(self, self.plot, TextBox(self.readout), self.log_toggle)
        self.readout_text = ThrottledText(self.readout, READOUT_INTERVAL_S)

        pi = self.plot.getPlotItem()
        pi.setLabel("bottom", "iteration")
        pi.setLabel("left", "loss")
        pi.getAxis("left").enableAutoSIPrefix(False)  # "loss (x0.001)" reads worse than 0.07
        pi.vb.setLimits(xMin=0)
        pi.vb.setDefaultPadding(0.0)  # the snapped range leaves the margins
        self.acc_vb = add_right_viewbox(pi, "accuracy")
        self.acc_vb.setYRange(0, 1, padding=0.02)
        cache_axes(pi)  # redrawn only when a range moves to its next round number

        colors = palette.LOSS_COLORS
        self.legend = add_top_legend(pi, columns=4)
        dash, dot = Qt.PenStyle.DashLine, Qt.PenStyle.DotLine
        self.curves = {
            "train": HistoryCurve(palette.pen(colors["train"], 2.0), "train loss"),
            "val": HistoryCurve(palette.pen(colors["val"], 2.0), "val loss"),
            "test": HistoryCurve(palette.pen(colors["test"], 1.5, dash), "test loss"),
        }
        for curve in self.curves.values():
            pi.addItem(curve)
        self.acc_curves = {
            "train": HistoryCurve(palette.pen(colors["accuracy"], 1.5), "train acc"),
            "val": HistoryCurve(palette.pen(colors["accuracy"], 1.5, dash), "val acc"),
            "test": HistoryCurve(palette.pen(colors["accuracy"], 1.5, dot), "test acc"),
        }
        for curve in self.acc_curves.values():
            self.acc_vb.addItem(curve)
        # All epoch marks are one item: vertical segments drawn pairwise, reaching past the
        # accuracy box's fixed 0..1 range so they span the full height (the ViewBox clips them).
        self.epochs = EpochMarks(palette.pen(theme.ink(theme.current(), EPOCH_ALPHA).name(
            QColor.NameFormat.HexArgb)))
        self.acc_vb.addItem(self.epochs)
        self._theme: theme.Theme | None = None
        self._text_colors = dict(palette.LOSS_COLORS)  # the readout's, made readable on the window
        self.apply_theme(theme.current())
        self._legend_rows: tuple[str, ...] = ()
        # the finite (iterations, values) of each curve, as the plot's scale shows them
        self._data: dict[pg.PlotCurveItem, tuple[np.ndarray, np.ndarray]] = {}
        # zooming or panning shows another stretch of history, at another density
        pi.vb.sigXRangeChanged.connect(self._draw_curves)
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

    def apply_theme(self, new: theme.Theme) -> None:
        """Epoch marks in the theme's ink and readout colours readable on its window (on a change)."""
        if new == self._theme:
            return
        self._theme = new
        self.epochs.setPen(palette.pen(theme.ink(new, EPOCH_ALPHA).name(QColor.NameFormat.HexArgb)))
        self._text_colors = {k: theme.readable(c, new, TEXT_CONTRAST, new.window)
                             for k, c in palette.LOSS_COLORS.items()}
        self.readout_text.set(self._readout(self._series()))  # the numbers as they are, recoloured

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
            # a bare curve does not follow the plot's log mode: it is given log10(loss) itself
            self._data[curve] = (x, np.log10(np.maximum(y, LOG_FLOOR))) if log else (x, y)
        for key, curve in self.acc_curves.items():
            shown = key + "_acc" in self._legend_rows
            self._data[curve] = series[key + "_acc"] if shown else empty
        self._tell_extent()
        self._draw_curves()
        self._update_epochs()
        self.readout_text.set(self._readout(series))
        vb = self.plot.getPlotItem().vb
        if any(vb.autoRangeEnabled()):  # not zoomed or panned by hand: settle the range now, not in paint
            vb.updateAutoRange()

    def _tell_extent(self) -> None:
        """Give the loss ViewBox the loss curves' extent, for its auto-range."""
        losses = [self._data[c] for c in self.curves.values() if len(self._data[c][0])]
        vb = self.plot.getPlotItem().vb
        if not losses:
            vb.extent = None
            return
        vb.extent = (max(float(x[-1]) for x, _ in losses), min(float(y.min()) for _, y in losses),
                     max(float(y.max()) for _, y in losses))

    def _draw_curves(self) -> None:
        """Push each curve's visible, thinned points (a long history: min and max per pixel column)."""
        vb = self.plot.getPlotItem().vb
        x_range = tuple(vb.viewRange()[0])
        columns = int(vb.width())
        for curve, (x, y) in self._data.items():
            curve.show_points(*peak_decimate(x, y, x_range, columns))

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
        colors = self._text_colors
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
