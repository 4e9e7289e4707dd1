"""Every weight matrix and bias of the model as a signed heatmap, one column per layer.

Click, scroll over or right-click a cell (or an edge or node of the network diagram) to edit it:
`WeightEditing` (weight_editor.py) turns that input into requests the window makes undoable edits of;
locked parameters are drawn with a padlock.
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from functools import cache, lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QHideEvent, QPainterPath, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsView,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from visualnet.app import frame_gate, i18n, palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import ElidedLabel, FastImageItem, FastScatter, set_text, stack_view
from visualnet.app.views import live
from visualnet.app.weight_editor import WeightEditing
from visualnet.core.perceptron import Perceptron
from visualnet.presenters import weights
from visualnet.presenters.weights import (
    EDGE_LEVELS,
    HOVER_HINT,
    MAX_EDGES,
    MIN_LEVEL,
    PanelPlace,
    as_matrix,
    colour_index,
    symmetric_levels,
)
from visualnet.session import Session

__all__ = ["EDGE_LEVELS", "MAX_EDGES", "HeatmapPanel", "NetworkDiagram", "WeightsView", "signed_colors"]

TITLE_INTERVAL_S = 0.1  # the titles' scales (±m) change at most 10 times a second; the colours every step
# greys from the plot's background toward its ink (theme.shade): #A0A0A0 and #808080 on the light theme
FRAME_SHADE = 0.46  # a frame that sets white (zero) cells off a white background
NODE_SHADE = 0.614
EDGE_WIDTHS = (0.6, 1.2, 2.2, 3.4)  # px, of the EDGE_LEVELS levels of |w| / m
LOCK_SIZE = 11  # px, the padlock drawn on a locked cell, edge or bias
ROW_LABEL_MIN_PX = 9.0  # the inputs' names beside W1's rows are shown while a row is at least this tall


@cache
def padlock() -> QPainterPath:
    """A padlock glyph as a pyqtgraph symbol (in a unit box around 0, y downwards): shackle and body."""
    path = QPainterPath()
    path.addRect(QRectF(-0.36, 0.0, 0.72, 0.46))  # the body
    path.moveTo(-0.26, 0.0)  # the shackle: a band between two half rings
    path.arcTo(QRectF(-0.26, -0.48, 0.52, 0.5), 180, -180)
    path.lineTo(0.26, 0.0)
    path.lineTo(0.13, 0.0)
    path.arcTo(QRectF(-0.13, -0.35, 0.26, 0.3), 0, 180)
    path.lineTo(-0.13, 0.0)
    path.closeSubpath()
    return path


def lock_marks() -> FastScatter:
    """The item that draws padlocks on locked parameters: dark glyphs ringed in white, on any colour."""
    marks = FastScatter(size=LOCK_SIZE, symbol=padlock(), pen=palette.pen("#FFFFFF", 1.0),
                        brush=palette.brush(palette.FOREGROUND))
    marks.setZValue(20)
    return marks


@cache
def _signed_lut() -> np.ndarray:
    """(256, 4) uint8 RGBA of the diverging colormap: entry 0 is -m, 255 is +m."""
    return palette.diverging_colormap().getLookupTable(nPts=256, alpha=True, mode="byte")


def signed_colors(m: np.ndarray, top: float) -> np.ndarray:
    """RGBA (rows, cols, 4) uint8 of the matrix `m` on the diverging scale -top..top (0 is white).

    The heatmaps get their colours ready-made: an image of floats with levels and a lookup table
    makes pyqtgraph build an indexed image and its colour table in Python at every frame (~0.8 ms
    per matrix, six of them per frame); an RGBA image is drawn as it is.
    """
    return _signed_lut()[colour_index(m, top)]


class HeatmapPanel:
    """One parameter's title, image and frame, placed on the shared canvas where `place` says."""

    def __init__(self, canvas: pg.ViewBox, place: weights.PanelPlace, frame_pen: QPen) -> None:
        self.key, self.shape, self.room = place.key, place.shape, place.room  # room: title width, in cells
        self.data = as_matrix(np.zeros(place.shape))
        self.rect = QRectF(place.x, place.y, place.cols, place.rows)
        self.levels = (-MIN_LEVEL, MIN_LEVEL)  # the values at the two ends of the colour scale
        self.image = FastImageItem(axisOrder="row-major")
        self.image.setImage(signed_colors(self.data, MIN_LEVEL), levels=None)  # ready-made colours
        self.image.setRect(self.rect)
        self.frame = QGraphicsRectItem(self.rect)
        self.frame.setPen(frame_pen)
        self.title = pg.TextItem(color=palette.FOREGROUND, anchor=(0, 1))
        self.title.setFont(_title_font())
        # laying out and drawing text is dear; the repaint around a changed image then blits it
        self.title.textItem.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.title.setPos(place.x, place.y - 0.1)
        self.items = (self.image, self.frame, self.title)
        for item in self.items:
            canvas.addItem(item)

    def show(self, values: np.ndarray) -> None:
        """Draw `values` with levels symmetric around 0."""
        data = as_matrix(values)
        if np.array_equal(data, self.data):
            return  # nothing to redraw (a point drag while paused changes no weight)
        self.data = data
        self.levels = symmetric_levels(self.data)
        self.image.setImage(signed_colors(self.data, self.levels[1]), levels=None)

    def show_title(self, prefix: str, cell_px: float) -> bool:
        """Title the matrix with its scale, as fully as `cell_px`-wide cells allow; True if it changed."""
        rows, cols = self.data.shape
        variants = weights.title_variants(prefix, self.key, rows, cols, self.levels[1], i18n.translate)
        font = self.title.textItem.font().toString()  # projector mode draws titles 1.5× larger
        text = next((t for t in variants if _title_width(t, font) <= self.room * cell_px), variants[-1])
        if text == self.title.toPlainText():  # re-laying out text is the costly part of a frame
            return False
        self.title.setText(text)
        return True

    def cell_center(self, row: int, col: int) -> QPointF:
        """The middle of cell (row, col) in canvas coordinates."""
        return QPointF(self.rect.x() + col + 0.5, self.rect.y() + row + 0.5)

    def cell_at(self, p: QPointF) -> tuple[int, int] | None:
        """(row, col) of the cell at canvas point `p`, or None."""
        if not self.rect.contains(p):
            return None
        row, col = int(p.y() - self.rect.y()), int(p.x() - self.rect.x())
        rows, cols = self.data.shape
        return (row, col) if row < rows and col < cols else None


@cache
def _title_font() -> QFont:
    font = QFont()
    font.setPointSizeF(8.0)
    return font


@lru_cache(maxsize=4)
def _title_metrics(font: str) -> QFontMetricsF:
    described = QFont()
    described.fromString(font)
    return QFontMetricsF(described)


@lru_cache(maxsize=4096)
def _title_width(text: str, font: str) -> float:
    """Width in pixels of a title in `font` (QFont.toString(); the same few hundred texts come back
    frame after frame)."""
    return _title_metrics(font).horizontalAdvance(text)


class NetworkDiagram(pg.PlotWidget):
    """The network as nodes and edges: an edge's colour is its weight's sign, its width |w| / m."""

    def __init__(self) -> None:
        super().__init__(background="w")
        self.setObjectName("weightsDiagram")
        self.setAccessibleName("weightsDiagram")
        pi = self.getPlotItem()
        for side in ("left", "bottom"):
            pi.hideAxis(side)
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.vb.setMouseEnabled(x=False, y=False)
        pi.vb.invertY(True)  # unit 0 on top, as row 0 of the heatmaps
        cmap = palette.diverging_colormap()
        # one item per (sign, level), each with its pen made once: edges are sorted into them per frame
        self.buckets: list[pg.PlotDataItem] = []
        for sign in (-1, 1):
            for level in range(1, EDGE_LEVELS + 1):
                color = cmap.map(0.5 + sign * 0.5 * level / EDGE_LEVELS, mode="qcolor").name()
                item = pg.PlotDataItem(connect="pairs", pen=palette.pen(color, EDGE_WIDTHS[level - 1]))
                item.setZValue(level)  # strong edges on top of weak ones
                pi.addItem(item)
                self.buckets.append(item)
        self.nodes = FastScatter(size=11)
        self._theme: theme.Theme | None = None
        self.apply_theme(theme.current())
        self.nodes.setZValue(EDGE_LEVELS + 1)
        pi.addItem(self.nodes)
        self.network = weights.diagram_layout({})
        self.labels: list[pg.TextItem] = []
        self.lock_marks = lock_marks()
        pi.addItem(self.lock_marks)

    @property
    def keys(self) -> list[str]:
        """The weight matrices drawn, in the model's order."""
        return self.network.keys

    @property
    def edges_total(self) -> int:
        """Edges of the network."""
        return self.network.edges_total

    @property
    def edges_per_layer(self) -> list[int]:
        """Edges drawn per weight matrix: all, or its strongest."""
        return self.network.edges_per_layer

    def apply_theme(self, new: theme.Theme) -> None:
        """Nodes filled with the plot's background (white on the light theme) and ringed in grey."""
        if new == self._theme:
            return
        self._theme = new
        self.nodes.setPen(palette.pen(theme.shade(new, NODE_SHADE), 1.2))
        self.nodes.setBrush(palette.brush(new.plot_background))

    def set_architecture(self, shapes: Mapping[str, tuple[int, ...]],
                         inputs: list[str] | None = None) -> None:
        """Lay the nodes out, one column per layer, the inputs named by `inputs` (the features) or x1, x2,
        ... (the only place the text labels are made)."""
        pi = self.getPlotItem()
        for label in self.labels:
            pi.removeItem(label)
        self.network = network = weights.diagram_layout(shapes, inputs)
        self.nodes.setData(network.node_x, network.node_y)
        self.labels = []
        for text, y in network.inputs:  # the inputs named as the course writes them
            label = pg.TextItem(text, color=palette.FOREGROUND, anchor=(1.3, 0.5))
            label.setPos(0, y)
            pi.addItem(label)
            self.labels.append(label)
        pi.setRange(xRange=network.x_range, yRange=network.y_range, padding=0.04)

    def show_weights(self, arrays: Mapping[str, np.ndarray]) -> None:
        """Push each (sign, |w| / m level) bucket's segments into its item."""
        for item, (x, y) in zip(self.buckets, weights.edge_buckets(self.network, arrays), strict=False):
            item.setData(x, y)

    def hint(self) -> str:
        """How to read the edges, and how many are drawn when not all of them are."""
        return weights.diagram_hint(self.network, i18n.translate)


class WeightsView(QWidget):
    """Heatmaps of W and b (or their gradients), a shared colour bar and the value under the mouse."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bridge = bridge
        self.plot = pg.GraphicsLayoutWidget()
        self.plot.setBackground("w")
        self.plot.setObjectName("weightsView")
        self.plot.setAccessibleName("weightsView")
        self.plot.ci.setContentsMargins(2, 2, 2, 2)
        # The changed heatmaps and titles make a region of a dozen rectangles: clipping every item to
        # that costs more than repainting the one rectangle around them (~0.4 ms a frame).
        self.plot.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.hover = ElidedLabel()  # a long readout must not widen the dock: it ends in …
        self.hover.setObjectName("weightsHover")
        self.show_gradients = QCheckBox()
        self.show_gradients.setObjectName("weightsShowGradients")
        self.show_gradients.toggled.connect(self._on_gradients_toggled)
        self.show_diagram = QCheckBox()
        self.show_diagram.setObjectName("weightsShowDiagram")
        self.show_diagram.toggled.connect(self._on_diagram_toggled)
        self.diagram = NetworkDiagram()
        self.diagram.scene().sigMouseMoved.connect(self._on_diagram_mouse_moved)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.plot)
        self.pages.addWidget(self.diagram)
        stack_view(self, self.pages, self.show_diagram, self.show_gradients, readout=self.hover)
        # a perceptron's updates and Novikoff's bound: under the view, wrapped (never cut off)
        self.rule_readout = QLabel()
        self.rule_readout.setObjectName("weightsRuleReadout")
        self.rule_readout.setWordWrap(True)
        self.rule_readout.setContentsMargins(4, 0, 4, 0)
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.rule_readout)

        # One canvas for all matrices: every cell is the same size, so shapes compare at a glance.
        self.canvas = self.plot.addViewBox(row=0, col=0, lockAspect=True, invertY=True,
                                           enableMouse=False, enableMenu=False)
        self.canvas.setDefaultPadding(0.0)
        # Each matrix has its own scale ±m (in its title); the bar shows the shared colour code.
        self.colorbar = pg.ColorBarItem(values=(-1, 1), colorMap=palette.diverging_colormap(),
                                        interactive=False, width=10, colorMapMenu=False)
        # labels just inside the ends: the axis drops a label whose text would stick out of it
        self.colorbar.axis.setTicks([[(-0.93, "−m"), (0, "0"), (0.93, "+m")]])
        self.colorbar.axis.setWidth(32)
        self.plot.addItem(self.colorbar, row=0, col=1)
        # outlines the hovered cell (not `cursor`: that would hide QWidget.cursor())
        self.hovered_cell = QGraphicsRectItem(0, 0, 1, 1)
        self.hovered_cell.setPen(palette.pen(palette.ACCENT, 2.0))
        self.hovered_cell.setZValue(10)
        self.hovered_cell.hide()
        self.canvas.addItem(self.hovered_cell)
        self.lock_marks = lock_marks()
        self.canvas.addItem(self.lock_marks)
        self._locks_shown: tuple[object, ...] | None = None  # the locks (and page) the padlocks show
        self._theme = theme.current()
        self._frame_pen = palette.pen(theme.shade(self._theme, FRAME_SHADE))

        self.panels: dict[str, HeatmapPanel] = {}
        self.row_labels: list[pg.TextItem] = []  # the inputs' names beside W1's rows
        self.places: dict[str, PanelPlace] = {}  # where each heatmap is, in cells (what a click picks)
        self._extent = QRectF(0, 0, *weights.MIN_EXTENT)
        self._titles_at = -math.inf  # when a title last changed (time.perf_counter)
        self._titles_timer = QTimer(self)
        self._titles_timer.setSingleShot(True)
        self._titles_timer.timeout.connect(self._on_titles_due)
        self.canvas.sigResized.connect(self._fit)
        self._hover_pos: QPointF | None = None
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        # The panels are items: remade on a reset even out of sight, as the window themes a new
        # network's items on that same event. What they show follows the session through `live`.
        bridge.modelReset.connect(self._on_model_reset)
        live.follow(self, bridge.modelReset, self._redraw)
        live.follow(self, bridge.stepped, self._on_session_changed)
        live.follow(self, bridge.weightsChanged, self._on_session_changed)
        live.follow(self, bridge.dataChanged, self._on_session_changed)  # the gradients depend on the data
        live.follow(self, bridge.configChanged, self._on_session_changed)  # the bound: batch, optimizer
        self.editing = WeightEditing(self)  # click, wheel and right-click edits (the window takes them)
        self._on_model_reset()
        self._redraw()
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """The check boxes, tips, the hint under the view and the titles in the language now spoken."""
        self.show_gradients.setText(self.tr("Show gradients"))
        self.show_gradients.setToolTip(self.tr("Show ∂L/∂W of the last step instead of the weights"))
        self.show_diagram.setText(self.tr("Network"))
        self.show_diagram.setToolTip(self.tr("Draw the network: edge colour is the weight's sign, width its "
                                             "size"))
        self.colorbar.setToolTip(self.tr("Each matrix has its own colour scale: m is its largest |value|, "
                                         "shown in its title. White is 0, blue positive, orange negative."))
        self.hover.setText(self._hint())
        self.plot.setToolTip(i18n.translated(weights.HEATMAP_EDIT_TIP))
        self.diagram.setToolTip(i18n.translated(weights.DIAGRAM_EDIT_TIP))
        self.rule_readout.setToolTip(i18n.translated(weights.RULE_TIP))
        self.show_rule()
        self.show_titles()

    def apply_theme(self, new: theme.Theme) -> None:
        """Frame the heatmaps in the theme's grey (the diagram styles itself: it is a widget too)."""
        if new == self._theme:
            return
        self._theme = new
        self._frame_pen = palette.pen(theme.shade(new, FRAME_SHADE))
        for panel in self.panels.values():
            panel.frame.setPen(self._frame_pen)

    @property
    def images(self) -> list[pg.ImageItem]:
        """The heatmap items, in the model's parameter order."""
        return [p.image for p in self.panels.values()]

    # ---------------------------------------------------------------- the architecture

    def _on_model_reset(self) -> None:
        """A new network may have other shapes: the only place panels are (re)made."""
        for panel in self.panels.values():
            for item in panel.items:
                self.canvas.removeItem(item)
        for label in self.row_labels:
            self.canvas.removeItem(label)
        shapes = {k: np.shape(v) for k, v in self.session.model.params.items()}
        inputs = weights.input_names(self.session.model)
        layout = weights.heatmap_layout(shapes, weights.row_names(self.session.model))
        self.places = dict(layout.places)
        self.panels = {key: HeatmapPanel(self.canvas, place, self._frame_pen)
                       for key, place in layout.places.items()}
        self._extent = QRectF(*layout.extent)
        self.row_labels = []
        for text, x, y in layout.row_labels:
            label = pg.TextItem(text, color=palette.FOREGROUND, anchor=(1, 0.5))
            label.setFont(_title_font())
            label.setPos(x, y)
            self.canvas.addItem(label)
            self.row_labels.append(label)
        self.diagram.set_architecture(shapes, inputs)
        self.rule_readout.setVisible(isinstance(self.session.model, Perceptron))
        if self.show_diagram.isChecked():  # another network: another count of edges drawn
            self.hover.setText(self._hint())
        self._hover_pos = None
        self.hovered_cell.hide()
        self._locks_shown = None
        self.editing.editor.cancel()
        self.canvas.setRange(self._extent, padding=0.02)

    def _fit(self) -> None:
        """Show every matrix whatever the dock's shape (the aspect lock pads the other direction)."""
        self.canvas.setRange(self._extent, padding=0.02)
        self._redraw()

    def _redraw(self) -> None:
        """Draw the values, and the titles at once: they lengthen or shorten with the cell size."""
        self.refresh()
        self.show_titles()

    # ---------------------------------------------------------------- values

    def displayed_arrays(self) -> dict[str, np.ndarray]:
        """The arrays drawn now: the parameters, or their gradients when the toggle is on."""
        return weights.displayed_arrays(self.session, self.show_gradients.isChecked())

    def _on_session_changed(self, *_: object) -> None:
        self.refresh()

    def _on_gradients_toggled(self) -> None:
        self._redraw()  # "∂L/∂" in front at once

    def _on_diagram_toggled(self, on: bool) -> None:
        self.editing.editor.cancel()  # it was over the other page
        self.pages.setCurrentWidget(self.diagram if on else self.plot)
        self.hover.setText(self._hint())
        self.refresh()

    def _hint(self) -> str:
        """What the line under the view says when no cell is hovered."""
        return self.diagram.hint() if self.show_diagram.isChecked() else i18n.translated(HOVER_HINT)

    def _prefix(self) -> str:
        return weights.GRADIENT_PREFIX if self.show_gradients.isChecked() else ""

    def refresh(self) -> None:
        """Push the current weights (or gradients) into the existing images."""
        arrays = self.displayed_arrays()
        self.show_rule()
        self.show_locks()
        if self.show_diagram.isChecked():  # only the page in view is updated
            self.diagram.show_weights(arrays)
            return
        for key, panel in self.panels.items():
            panel.show(arrays[key])
        wait = self._titles_at + TITLE_INTERVAL_S - time.perf_counter()
        if wait <= 0 or not self.isVisible():
            self.show_titles()
        elif not self._titles_timer.isActive():
            self._titles_timer.start(max(1, math.ceil(1000 * wait)))
        if self._hover_pos is not None:
            self._on_mouse_moved(self._hover_pos)

    def show_rule(self) -> None:
        """The perceptron's updates so far and Novikoff's bound (the readout is hidden for an MLP)."""
        readout = weights.rule_readout(self.session, i18n.translate)
        if readout is not None:
            set_text(self.rule_readout, readout.text)

    def show_locks(self) -> None:
        """Padlocks on the locked parameters of the page in view (redrawn only when the locks change)."""
        locks = self.session.locks
        diagram = self.show_diagram.isChecked()
        key = (diagram, self.diagram.network if diagram else None,
               *((k, v.tobytes()) for k, v in sorted(locks.items())))
        if key == self._locks_shown:
            return
        self._locks_shown = key
        if diagram:
            self.diagram.lock_marks.setData(*weights.diagram_marks(self.diagram.network, locks))
            return
        xs, ys = [np.empty(0)], [np.empty(0)]
        for name, indices in locks.items():
            if name in self.places:
                x, y = weights.cell_centres(self.places[name], indices)
                xs.append(x)
                ys.append(y)
        self.lock_marks.setData(np.concatenate(xs), np.concatenate(ys))

    def _on_titles_due(self) -> None:
        """The titles put off: now, or (between two frames while training runs) by the next frame."""
        if not frame_gate.put_off(self._titles_timer):
            self.show_titles()

    def show_titles(self) -> None:
        """Bring every title up to date with its matrix's scale and the room its cells have now.

        A new title text is a text layout and a repaint; the scales change with almost every step
        while training, so they are updated at most every TITLE_INTERVAL_S, never later than that.
        """
        self._titles_timer.stop()
        prefix = self._prefix()
        cell_px = 1.0 / max(self.canvas.viewPixelSize()[0], 1e-9)
        changed = [panel.show_title(prefix, cell_px) for panel in self.panels.values()]
        if any(changed):
            self._titles_at = time.perf_counter()
        for label in self.row_labels:  # the rows' names while a row is tall enough to read them by
            label.setVisible(cell_px >= ROW_LABEL_MIN_PX)

    def hideEvent(self, event: QHideEvent) -> None:
        """Show the pending titles now: no timer outlives a closed dock or window."""
        self.show_titles()
        super().hideEvent(event)

    # ---------------------------------------------------------------- hover

    def _on_mouse_moved(self, scene_pos: QPointF) -> None:
        """Show the value of the cell under the mouse, e.g. 'W2[3, 5] = −0.412'."""
        self._hover_pos = scene_pos
        p = self.canvas.mapSceneToView(scene_pos)
        for key, panel in self.panels.items():
            cell = panel.cell_at(p)
            if cell is not None:
                row, col = cell
                value = float(panel.data[row, col])
                self._say_hovered(weights.Pick(key, row * panel.data.shape[1] + col, row, col), value)
                self.hovered_cell.setPos(panel.cell_center(row, col) - QPointF(0.5, 0.5))
                self.hovered_cell.show()
                return
        set_text(self.hover, self._hint())
        self.hovered_cell.hide()

    def _on_diagram_mouse_moved(self, scene_pos: QPointF) -> None:
        """Show the value of the edge (weight) or node (bias) under the mouse in the diagram."""
        picked = self.editing.pick_at(scene_pos, diagram=True)
        if picked is None:
            set_text(self.hover, self._hint())
            return
        self._say_hovered(picked, float(self.displayed_arrays()[picked.key].reshape(-1)[picked.index]))

    def _say_hovered(self, picked: weights.Pick, value: float) -> None:
        """'W2[3, 5] = −0.412' under the view, '(locked)' after it for a locked parameter."""
        shape = np.shape(self.session.model.params[picked.key])
        locked = self.session.is_locked(picked.key, picked.index)
        text = weights.hover_text(self._prefix(), picked.key, shape, picked.row, picked.col, value, locked,
                                  i18n.translate)
        set_text(self.hover, text)

    def leaveEvent(self, event: QEvent) -> None:
        """Forget the hovered cell when the mouse leaves the view."""
        self._hover_pos = None
        self.hover.setText(self._hint())
        self.hovered_cell.hide()
        super().leaveEvent(event)
