"""Every weight matrix and bias of the model as a signed heatmap, one column per layer."""

from __future__ import annotations

import math
import time
from functools import cache, lru_cache

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QTimer
from PySide6.QtGui import QFont, QFontMetricsF, QHideEvent, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsView,
    QStackedWidget,
    QWidget,
)

from visualnet.app import palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import ElidedLabel, FastImageItem, FastScatter, finite, set_text, stack_view
from visualnet.session import Session

MIN_LEVEL = 1e-6  # an all-zero matrix (fresh biases) still gets a valid, symmetric colour scale
HOVER_HINT = "Hover a cell to read its value."
DIAGRAM_HINT = "Edges: blue +, orange −, width |w|."


def as_matrix(a: np.ndarray) -> np.ndarray:
    """The array as it is drawn: 2-D as is, a vector or scalar as one row (float32, C-contiguous)."""
    a = np.asarray(a)
    m = a if a.ndim == 2 else a.reshape(1, -1)
    return np.ascontiguousarray(finite(m), dtype=np.float32)


def symmetric_levels(m: np.ndarray) -> tuple[float, float]:
    """(-m, m) with m the largest |value|: zero is always the white middle of the colormap."""
    top = max(float(np.max(np.abs(m), initial=0.0)), MIN_LEVEL)
    return -top, top


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
    index = np.clip(np.rint((m / top + 1.0) * 127.5), 0, 255).astype(np.intp)
    return _signed_lut()[index]


def cell_name(key: str, shape: tuple[int, ...], row: int, col: int) -> str:
    """'W2[3, 5]' for a matrix, 'b1[5]' for a vector, 'b' for a scalar."""
    if len(shape) == 2:
        return f"{key}[{row}, {col}]"
    return f"{key}[{col}]" if len(shape) == 1 else key


def signed(value: float) -> str:
    """A number with a real minus sign, as in print; tiny gradients in scientific notation."""
    text = f"{value:.3f}" if value == 0 or abs(value) >= 1e-3 else f"{value:.2e}"
    return text.replace("-", "−")


TITLE_ROOM = 1.4  # rows of space above each heatmap for its title
COLUMN_GAP = 1.5  # columns of space between layers
MIN_COLUMN = 4.0  # a narrow matrix (W3 of 8×2) still gets room for a short title
MIN_EXTENT = (10.0, 6.0)  # the canvas shows at least this many cells, so a perceptron's 1×2 w stays small
TITLE_INTERVAL_S = 0.1  # the titles' scales (±m) change at most 10 times a second; the colours every step
# greys from the plot's background toward its ink (theme.shade): #A0A0A0 and #808080 on the light theme
FRAME_SHADE = 0.46  # a frame that sets white (zero) cells off a white background
NODE_SHADE = 0.614


class HeatmapPanel:
    """One parameter's title, image and frame, placed on the shared canvas at (x, y) in cell units."""

    def __init__(self, canvas: pg.ViewBox, key: str, shape: tuple[int, ...], x: float, y: float,
                 room: float, frame_pen: QPen) -> None:
        self.key, self.shape, self.room = key, shape, room  # room: title width available, in cells
        self.data = as_matrix(np.zeros(shape))
        rows, cols = self.data.shape
        self.rect = QRectF(x, y, cols, rows)
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
        self.title.setPos(x, y - 0.1)
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
        high = self.levels[1]
        name = prefix + self.key
        scale = "all 0" if high <= MIN_LEVEL else f"±{high:.2g}"
        dims = "" if self.key.lower().startswith("b") else " ({}×{})".format(*self.data.shape)
        variants = (f"{name}{dims}  {scale}", f"{name}  {scale}", name)
        font = self.title.textItem.font().toString()  # projector mode draws titles 1.5× larger
        fits = [t for t in variants if _title_width(t, font) <= self.room * cell_px]
        text = fits[0] if fits else name
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


def layer_columns(keys: list[str]) -> list[list[str]]:
    """Group parameter names into layers: W1 with b1, w with b; in the model's order."""
    columns: dict[str, list[str]] = {}
    for key in keys:
        columns.setdefault(key[1:], []).append(key)
    # within a layer the weights go above the biases, whatever the dict order
    return [sorted(group, key=lambda k: k.lower().startswith("b")) for group in columns.values()]


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


EDGE_LEVELS = 4  # |w| / m is drawn in this many widths (and shades), per sign
EDGE_WIDTHS = (0.6, 1.2, 2.2, 3.4)
# a large network's diagram draws only its strongest edges: six layers of 64 neurons have 20,928,
# and drawing them all costs ~70 ms a frame (Qt draws ~150 wide antialiased lines a millisecond); each
# layer keeps its share of this many
MAX_EDGES = 600


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
        self.keys: list[str] = []
        self.segments: list[tuple[np.ndarray, np.ndarray]] = []
        self.labels: list[pg.TextItem] = []
        self.edges_total = 0  # edges of the network
        self.edges_per_layer: list[int] = []  # edges drawn per weight matrix: all, or its strongest

    def apply_theme(self, new: theme.Theme) -> None:
        """Nodes filled with the plot's background (white on the light theme) and ringed in grey."""
        if new == self._theme:
            return
        self._theme = new
        self.nodes.setPen(palette.pen(theme.shade(new, NODE_SHADE), 1.2))
        self.nodes.setBrush(palette.brush(new.plot_background))

    def set_architecture(self, params: dict[str, np.ndarray]) -> None:
        """Lay the nodes out, one column per layer (the only place the text labels are made)."""
        pi = self.getPlotItem()
        for label in self.labels:
            pi.removeItem(label)
        self.keys = [k for k in params if not k.lower().startswith("b")]
        # a perceptron's w (2,) is a 2×1 matrix: two inputs into one unit
        shapes = [np.shape(params[k]) if np.ndim(params[k]) == 2 else (np.size(params[k]), 1)
                  for k in self.keys]
        sizes = [shapes[0][0]] + [s[1] for s in shapes]
        ys = [np.arange(n) - (n - 1) / 2 for n in sizes]  # each layer centred on y = 0
        self.nodes.setData(np.concatenate([np.full(n, float(i)) for i, n in enumerate(sizes)]),
                           np.concatenate(ys))
        self.segments = []
        self.edges_total = sum(n_in * n_out for n_in, n_out in shapes)
        self.edges_per_layer = [n_in * n_out if self.edges_total <= MAX_EDGES
                                else max(1, MAX_EDGES * n_in * n_out // self.edges_total)
                                for n_in, n_out in shapes]
        for layer, (n_in, n_out) in enumerate(shapes):
            # edge (i, j) of W (n_in, n_out) as a pair of points: (layer, y_i) -> (layer + 1, y_j)
            y0, y1 = np.meshgrid(ys[layer], ys[layer + 1], indexing="ij")
            x = np.tile([layer, layer + 1.0], n_in * n_out)
            y = np.column_stack([y0.ravel(), y1.ravel()]).ravel()
            self.segments.append((x, y))
        self.labels = []
        for i, y in enumerate(ys[0]):  # name the inputs, as the course writes them
            self.labels.append(pg.TextItem(f"x{i + 1}", color=palette.FOREGROUND, anchor=(1.3, 0.5)))
            self.labels[-1].setPos(0, y)
        for label in self.labels:
            pi.addItem(label)
        half = max(sizes) / 2
        pi.setRange(xRange=(-0.35, len(sizes) - 0.75), yRange=(-half, half), padding=0.04)

    def show_weights(self, arrays: dict[str, np.ndarray]) -> None:
        """Sort every edge into its (sign, |w| / m level) bucket and push the buckets' segments."""
        xs: list[np.ndarray] = []
        ys: list[np.ndarray] = []
        codes: list[np.ndarray] = []
        for key, (x, y), keep in zip(self.keys, self.segments, self.edges_per_layer, strict=True):
            w = finite(np.asarray(arrays[key], float)).ravel()
            m = max(float(np.max(np.abs(w), initial=0.0)), MIN_LEVEL)
            x2, y2 = x.reshape(-1, 2), y.reshape(-1, 2)
            if keep < w.size:  # a large network: its strongest edges only
                strongest = np.argpartition(np.abs(w), w.size - keep)[w.size - keep :]
                w, x2, y2 = w[strongest], x2[strongest], y2[strongest]
            level = np.clip(np.ceil(np.abs(w) / m * EDGE_LEVELS), 1, EDGE_LEVELS).astype(int)
            codes.append(np.where(w < 0, level - 1, EDGE_LEVELS + level - 1))
            xs.append(x2)
            ys.append(y2)
        if not codes:
            return
        code, x2, y2 = np.concatenate(codes), np.concatenate(xs), np.concatenate(ys)
        for b, item in enumerate(self.buckets):
            mask = code == b
            item.setData(x2[mask].ravel(), y2[mask].ravel())

    def hint(self) -> str:
        """How to read the edges, and how many are drawn when not all of them are."""
        shown = sum(self.edges_per_layer)
        if shown >= self.edges_total:
            return DIAGRAM_HINT
        return f"{DIAGRAM_HINT} The strongest {shown:,} of {self.edges_total:,} edges."


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
        self.hover = ElidedLabel(HOVER_HINT)  # a long readout must not widen the dock: it ends in …
        self.hover.setObjectName("weightsHover")
        self.show_gradients = QCheckBox("Show gradients")
        self.show_gradients.setObjectName("weightsShowGradients")
        self.show_gradients.setToolTip("Show ∂L/∂W of the last step instead of the weights")
        self.show_gradients.toggled.connect(self._on_gradients_toggled)
        self.show_diagram = QCheckBox("Network")
        self.show_diagram.setObjectName("weightsShowDiagram")
        self.show_diagram.setToolTip("Draw the network: edge colour is the weight's sign, width its size")
        self.show_diagram.toggled.connect(self._on_diagram_toggled)
        self.diagram = NetworkDiagram()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.plot)
        self.pages.addWidget(self.diagram)
        stack_view(self, self.pages, self.hover, self.show_diagram, self.show_gradients)

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
        self.colorbar.setToolTip("Each matrix has its own colour scale: m is its largest |value|, "
                                 "shown in its title. White is 0, blue positive, orange negative.")
        self.plot.addItem(self.colorbar, row=0, col=1)
        self.cursor = QGraphicsRectItem(0, 0, 1, 1)  # outlines the hovered cell
        self.cursor.setPen(palette.pen(palette.ACCENT, 2.0))
        self.cursor.setZValue(10)
        self.cursor.hide()
        self.canvas.addItem(self.cursor)
        self._theme = theme.current()
        self._frame_pen = palette.pen(theme.shade(self._theme, FRAME_SHADE))

        self.panels: dict[str, HeatmapPanel] = {}
        self._extent = QRectF(0, 0, *MIN_EXTENT)
        self._titles_at = -math.inf  # when a title last changed (time.perf_counter)
        self._titles_timer = QTimer(self)
        self._titles_timer.setSingleShot(True)
        self._titles_timer.timeout.connect(self.show_titles)
        self.canvas.sigResized.connect(self._fit)
        self._hover_pos: QPointF | None = None
        self.plot.scene().sigMouseMoved.connect(self._on_mouse_moved)
        bridge.modelReset.connect(self._on_model_reset)
        self._on_model_reset()

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
        params = self.session.model.params
        columns = layer_columns(list(params))
        shapes = {k: as_matrix(np.zeros(np.shape(v))).shape for k, v in params.items()}
        # weights on one row, biases on a row below the tallest weight matrix, a layer per column
        bias_y = max(shapes[g[0]][0] for g in columns) + TITLE_ROOM
        self.panels = {}
        x = 0.0
        for group in columns:
            step = max(MIN_COLUMN, *(shapes[k][1] for k in group)) + COLUMN_GAP
            for i, key in enumerate(group):
                self.panels[key] = HeatmapPanel(self.canvas, key, np.shape(params[key]), x, bias_y * i,
                                                room=step - 0.3, frame_pen=self._frame_pen)
            x += step
        width = x - COLUMN_GAP
        height = bias_y + 1 if any(len(g) > 1 for g in columns) else bias_y - TITLE_ROOM
        w, h = max(width, MIN_EXTENT[0]), max(height + TITLE_ROOM, MIN_EXTENT[1])
        self._extent = QRectF((width - w) / 2, -TITLE_ROOM - (h - height - TITLE_ROOM) / 2, w, h)
        for key in columns[-1]:  # the last column has no gap after it: only the canvas's own margin
            self.panels[key].room = step - COLUMN_GAP + (w - width) / 2 - 0.1
        self.diagram.set_architecture(params)
        if self.show_diagram.isChecked():  # another network: another count of edges drawn
            self.hover.setText(self.diagram.hint())
        self._hover_pos = None
        self.cursor.hide()
        self._fit()

    def _fit(self) -> None:
        """Show every matrix whatever the dock's shape (the aspect lock pads the other direction)."""
        self.canvas.setRange(self._extent, padding=0.02)
        self.refresh()
        self.show_titles()  # at once: they shorten or lengthen with the cell size

    # ---------------------------------------------------------------- values

    def displayed_arrays(self) -> dict[str, np.ndarray]:
        """The arrays drawn now: the parameters, or their gradients when the toggle is on."""
        if not self.show_gradients.isChecked():
            return self.session.model.params
        trainer = self.session.trainer
        if trainer.last_grads:  # the mini-batch gradient the last step descended along
            return trainer.last_grads
        if len(trainer.X_train) == 0:
            return {k: np.zeros_like(v) for k, v in self.session.model.params.items()}
        # before the first step: the full training-set gradient at the current weights
        return self.session.model.gradient(trainer.X_train, trainer.t_train)

    def _on_gradients_toggled(self) -> None:
        self.refresh()
        self.show_titles()  # "∂L/∂" in front at once

    def _on_diagram_toggled(self, on: bool) -> None:
        self.pages.setCurrentWidget(self.diagram if on else self.plot)
        self.hover.setText(self.diagram.hint() if on else HOVER_HINT)
        self.refresh()

    def _prefix(self) -> str:
        return "∂L/∂" if self.show_gradients.isChecked() else ""

    def refresh(self) -> None:
        """Push the current weights (or gradients) into the existing images."""
        arrays = self.displayed_arrays()
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
                name = cell_name(key, panel.shape, row, col)
                set_text(self.hover, f"{self._prefix()}{name} = {signed(float(panel.data[row, col]))}")
                corner = panel.cell_center(row, col) - QPointF(0.5, 0.5)
                self.cursor.setPos(corner)
                self.cursor.show()
                return
        set_text(self.hover, HOVER_HINT)
        self.cursor.hide()

    def leaveEvent(self, event: QEvent) -> None:
        """Forget the hovered cell when the mouse leaves the view."""
        self._hover_pos = None
        self.hover.setText(self.diagram.hint() if self.show_diagram.isChecked() else HOVER_HINT)
        self.cursor.hide()
        super().leaveEvent(event)
