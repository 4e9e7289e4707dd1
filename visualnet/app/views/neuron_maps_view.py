"""Neuron maps: every unit's output over the input plane as a small live map, one column per layer.

What is drawn comes from visualnet.presenters.neuron_maps (no Qt). Hovering a map shows it large in the
data view, over the decision field, until the mouse leaves; a click pins it there (a second click, or
Escape, unpins). The maps follow the data view's range and every training step, less often when one
update, its paint included, costs more than its share of a frame (the caption says so); an update with
the same weights and range as the last is skipped. While training, the dead / saturated flags (a pass
over every training point) and the tooltips of the maps not under the mouse follow every FLAGS_S, the
ranges written under the maps every TEXTS_S (the map under the mouse: every update).
"""

from __future__ import annotations

import math
import time
import weakref
from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget

from visualnet.app import i18n, palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import caption_label, set_text
from visualnet.app.views import live
from visualnet.app.views.panel_turns import Exposure, PaintTimed, TakesTurns
from visualnet.app.views.point_items import SmoothImageItem
from visualnet.presenters import dataset as dataset_present
from visualnet.presenters import neuron_maps as present
from visualnet.presenters.frame_budget import DrawnFrom, shared_by
from visualnet.session import Session

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import HoverEvent, MouseClickEvent

    from visualnet.app.views.dataset_view import DatasetView

__all__ = ["Exposure", "MapItem", "NeuronMapsPlot", "NeuronMapsView", "PaintTimed"]

SMALL_TEXT = 0.85  # the ranges' and marks' font, of the application's
OVERLAY_Z = 0.5  # above the field (-10) and the class boundary (0), below the points (>= 9)
Unit = tuple[int, int]  # (layer index, unit index)


def _marks(flags: present.Flags) -> dict[int, tuple[str | None, ...]]:
    """What the flags write on the maps ('dead', 'sat.' or nothing), by column."""
    return {k: tuple(f.mark if f is not None else None for f in column) for k, column in flags.items()}


class NeuronMapsPlot(PaintTimed, pg.GraphicsLayoutWidget):
    """The maps' canvas: its first paint after an update counts in that update's cost."""


class MapItem(SmoothImageItem):
    """One unit's small map: tells the view when the mouse enters or leaves it, and when it is clicked."""

    def __init__(self, view: NeuronMapsView, unit: Unit) -> None:
        super().__init__(axisOrder="row-major")
        self._view = weakref.ref(view)  # weak: the view holds its maps (a cycle would delay its deletion)
        self.unit = unit
        self.place = (0.0, 0.0)  # the lower-left corner in the canvas (a map is 1 × 1)
        self._placed_shape: tuple[int, ...] = ()


    @property
    def view(self) -> NeuronMapsView:
        """The neuron-maps view this map belongs to."""
        view = self._view()
        assert view is not None  # the view outlives its items
        return view
    def place_at(self, x: float, y: float) -> None:
        """Draw the map over the unit square whose lower-left corner is (x, y)."""
        self.place = (x, y)
        if self.image is not None:
            self.setRect(x, y, 1.0, 1.0)

    def show_colors(self, rgb: np.ndarray) -> None:
        """Show ready-made colours (ny, nx, 3) over its place (set again when the image's shape changes);
        the same colours as shown (an input's map while training) are not set again, nor painted."""
        if self.image is not None and np.array_equal(self.image, rgb):
            return
        self.setImage(rgb, levels=None)
        if rgb.shape != self._placed_shape:  # setRect scales by the image's size
            self._placed_shape = rgb.shape
            self.setRect(*self.place, 1.0, 1.0)
        self.setAcceptHoverEvents(True)

    def hoverEvent(self, ev: HoverEvent) -> None:
        """Enter: show this map large in the data view; exit: back to what was shown before."""
        if ev.isExit():
            self.view.hover(None, self.unit)
        else:
            self.view.hover(self.unit)

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        """A left click pins this map in the data view, or unpins it."""
        if ev.button() == Qt.MouseButton.LeftButton:
            ev.accept()
            self.view.toggle_pin(self.unit)
        else:
            ev.ignore()


class NeuronMapsView(TakesTurns, QWidget):
    """Every hidden and output unit's output over the data view's range (and each input feature's, first,
    for a network with features); the hovered or pinned one large."""

    def __init__(self, session: Session, bridge: SessionBridge, data_view: DatasetView | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("neuronMapsView")
        self.session = session
        self.data_view = data_view
        self.schedule = present.RefreshSchedule(shared_by(session))  # its pace; turns with the other panels
        self.clock = time.perf_counter
        self.drawn = DrawnFrom()  # the weights, range and flags the maps show
        self.exposure = Exposure(self)  # no work while out of sight (a tab behind another, a closed dock)
        self.flags: present.Flags = {}  # the hidden units' flags on the training points ...
        self._flags_of: tuple[object, ...] = ()  # ... of this model, data set and roles
        self._flags_at = -math.inf  # ... found at this time
        self._texts_at = -math.inf  # when the ranges under the maps were last written ...
        self._texts_of: object = None  # ... for this model and range (a new one: written at once)
        self.maps: present.NeuronMaps | None = None  # what the small maps show
        self.hovered: Unit | None = None
        self.pinned: Unit | None = None
        self.large: Unit | None = None  # the map shown in the data view, or None
        self.large_values = np.empty((0, 0))  # ... its values as drawn there (rows = y)
        self.items: list[list[MapItem]] = []
        self._ranges: list[list[pg.TextItem]] = []
        self._marks: list[list[pg.TextItem]] = []
        self._headers: list[pg.TextItem] = []
        self._structure: tuple = ()  # (model, layer sizes) the items were made for
        self._class_rgb = palette.class_rgb()
        self._help = ""  # the caption while the maps keep up with every step

        self.plot = NeuronMapsPlot()
        self.plot.setBackground("w")
        self.plot.setObjectName("neuronMapsPlot")
        self.canvas = self.plot.addViewBox(row=0, col=0, lockAspect=True, enableMouse=False, enableMenu=False)
        self.canvas.setDefaultPadding(0.02)
        self._rows = 0  # maps per column in the layout shown
        self.canvas.sigResized.connect(self._place_items)
        self.plot.installEventFilter(self)  # Escape unpins
        self.caption = caption_label("neuronMapsCaption")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 2)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.caption)

        self.overlay = SmoothImageItem(axisOrder="row-major")  # the large map, in the data view
        self.overlay.setZValue(OVERLAY_Z)
        self.overlay.hide()
        self.overlay_label = pg.TextItem(color=palette.FOREGROUND, anchor=(1, 0),
                                         fill=palette.brush("#FFFFFF", 220))
        self.overlay_label.setObjectName("neuronMapsOverlayLabel")
        self.overlay_label.hide()
        if data_view is not None:
            data_view.viewbox.addItem(self.overlay, ignoreBounds=True)
            self.overlay_label.setParentItem(data_view.viewbox)
            data_view.viewbox.sigRangeChanged.connect(self._on_range_changed)
            data_view.viewbox.sigResized.connect(self._on_range_changed)

        self._make_turns()  # the newest state, drawn once the schedule allows
        live.follow(self, bridge.stepped, self._on_stepped)
        live.follow(self, bridge.weightsChanged, self._on_weights_edited)
        live.follow(self, bridge.modelReset, self.refresh)
        live.follow(self, bridge.dataChanged, self._on_stepped)  # new training points: new flags
        live.follow(self, bridge.configChanged, self.refresh)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """The texts in the language now spoken (they are computed: drawn again)."""
        self.plot.setToolTip(self.tr("Each unit's output over the data view's area, on its own range (under "
                                     "it). Hover a map: it is shown large in the data view; click: it stays "
                                     "there (click again or Esc to unpin)."))
        self._help = self.tr("Hover a map to see it large in the data view; click it to keep it there.")
        self.drawn.forget()  # the tooltips and headers are said again
        live.catch_up(self)

    # ---------------------------------------------------------------- the data view's range

    def view_range(self) -> tuple[tuple[float, float], tuple[float, float]]:
        """The data view's x and y ranges (the range that fits the points, without a data view)."""
        if self.data_view is not None:
            (x0, x1), (y0, y1) = self.data_view.viewbox.viewRange()
            return (float(x0), float(x1)), (float(y0), float(y1))
        return dataset_present.fit_range(self.session.dataset.X)

    def _on_range_changed(self, *_args: object) -> None:
        """The data view was panned, zoomed or resized: the maps cover its new range."""
        if self.exposure.put_off():  # out of sight: drawn for the range of then when seen
            return
        if not self._update_when_due() and self.large is not None and self.overlay.isVisible():
            self._draw_large(self.large)  # the large map follows the view at once, the small ones may wait

    # ---------------------------------------------------------------- refreshing

    def _on_stepped(self, *_args: object) -> None:
        """A step, new data or new settings."""
        self._update_when_due()

    def _on_weights_edited(self, *_args: object) -> None:
        """A weight edit (a reset, a drag in the weights view): the flags, texts and tooltips at once."""
        self._flags_at = self._texts_at = -math.inf
        self._flags_of = ()
        self._update_when_due()

    def refresh(self) -> None:
        """Compute every map with the current weights and push them into the items; time it."""
        self.drawn.forget()
        self._texts_at = -math.inf
        self.update_maps()

    def _turn(self) -> None:
        """What a turn draws (TakesTurns)."""
        self.update_maps()

    def update_maps(self) -> None:
        """As refresh, but nothing is computed when the weights and the range are those drawn last and
        the flags are not due again (a step that changed nothing, a settings change they do not show)."""
        self._pending.stop()
        start = self.clock()
        s = self.session
        if not present.supported(s.model, s.task):
            self.maps = None
            self.drawn.forget()
            self._make_items(())
            self.unpin()
            set_text(self.caption, i18n.translated(present.NOT_2D))
            return
        xlim, ylim = self.view_range()
        tips = self._find_flags(start)  # the flags follow less often while training; new ones: every tooltip
        sources = (s.model, (xlim, ylim))
        weights = list(s.model.params.values())
        if self.maps is not None and not tips and self.drawn.same(sources, weights):
            return  # drawn already
        self.maps = present.neuron_maps(s.model, xlim, ylim, np.empty((0, 2)), known_flags=self.flags)
        self.drawn.remember(sources, weights)
        made = self.clock()
        self._make_items(tuple(layer.units for layer in self.maps.layers))
        start += self.clock() - made  # making the items happens once per network: not an update's cost
        self._show_headers()  # (in the language spoken)
        # while training, the numbers follow at most every TEXTS_S; a new range or network at once
        texts = tips or sources != self._texts_of or not 0.0 <= start - self._texts_at < present.TEXTS_S
        if texts:
            self._texts_at, self._texts_of = start, sources
        all_colors = present.map_colors(self.maps, self._class_rgb)
        for k, (layer, colors) in enumerate(zip(self.maps.layers, all_colors, strict=True)):
            for j, item in enumerate(self.items[k]):
                item.show_colors(colors[j])
                if texts or (k, j) == self.hovered:
                    self._show_unit(k, j, layer, tips or (k, j) == self.hovered)
        if self.large is not None:
            self._draw_large(self.large)
        end = self.clock()
        self.schedule.ran(end - start, end)
        if self.isVisible():  # its paint is part of this update (not a first paint on showing)
            self.plot.owe(self.schedule.painted, self.clock)
        set_text(self.caption, self.schedule.note(i18n.translate, end) or self._help)

    def _find_flags(self, now: float) -> bool:
        """Find the flags on the training points again if the model, data or roles changed, the weights
        were edited, or FLAGS_S passed since the last time; whether a unit's flag changed (then every
        map's texts and tooltip are written again)."""
        s = self.session
        of = (s.model, s.dataset, s.roles)
        same_sources = len(of) == len(self._flags_of) and all(
            a is b for a, b in zip(of, self._flags_of, strict=True))
        if same_sources and 0.0 <= now - self._flags_at < present.FLAGS_S:
            return False
        before = self.flags
        self.flags = present.train_flags(s.model, s.role_arrays().X_train)
        self._flags_of, self._flags_at = of, now
        return not same_sources or _marks(before) != _marks(self.flags)

    def _show_unit(self, k: int, j: int, layer: present.LayerMaps, tip: bool = True) -> None:
        """A map's range under it, its mark (dead, sat., or an input's feature name) and, if `tip`, its
        tooltip (a label and the flag's reason: the costliest text, said again only when asked)."""
        rng = present.range_text(layer, j)
        if self._ranges[k][j].toPlainText() != rng:
            self._ranges[k][j].setText(rng)
        flag = layer.flags[j]
        mark = present.mark_text(layer, j, i18n.translate)
        if self._marks[k][j].toPlainText() != mark:
            self._marks[k][j].setText(mark)
            self._marks[k][j].setVisible(bool(mark))  # an empty mark would still draw its background
        if not tip:
            return
        text = present.label(layer, j, i18n.translate)
        if flag is not None:
            text += "\n" + flag.why.text(i18n.translate)
        if self.items[k][j].toolTip() != text:
            self.items[k][j].setToolTip(text)
            self._marks[k][j].setToolTip(text)

    def _make_items(self, sizes: tuple[int, ...]) -> None:
        """One map, range and mark per unit, a header per layer: made again only when the layers change."""
        structure = (self.session.model, sizes)
        if structure == self._structure:
            return
        self._structure = structure
        for item in [*(i for row in self.items for i in row), *(t for row in self._ranges for t in row),
                     *(t for row in self._marks for t in row), *self._headers]:
            self.canvas.removeItem(item)
        self.items, self._ranges, self._marks, self._headers = [], [], [], []
        if self.pinned is not None and not self._exists(self.pinned, sizes):
            self.unpin()
        self.hovered = None
        small = QFont(QApplication.font())
        small.setPointSizeF(small.pointSizeF() * SMALL_TEXT)
        for k, units in enumerate(sizes):
            # the inputs' marks name their features, in ink; the others flag a unit, in the accent colour
            named = self.maps is not None and self.maps.layers[k].activation == present.INPUT_KIND
            header = pg.TextItem(color=palette.FOREGROUND, anchor=(0.5, 1))
            self.canvas.addItem(header)
            self._headers.append(header)
            row, ranges, marks = [], [], []
            for j in range(units):
                item = MapItem(self, (k, j))
                text = pg.TextItem(color=palette.FOREGROUND, anchor=(0.5, 0))
                mark = pg.TextItem(color=palette.FOREGROUND if named else palette.ACCENT, anchor=(0, 0),
                                   fill=palette.brush("#FFFFFF", 200))
                text.setFont(small)
                mark.setFont(small)
                mark.hide()
                for part in (item, text, mark):
                    self.canvas.addItem(part)
                row.append(item)
                ranges.append(text)
                marks.append(mark)
            self.items.append(row)
            self._ranges.append(ranges)
            self._marks.append(marks)
        self._show_headers()
        theme.style_plot_view(self.plot, theme.current())  # the new texts in the theme's ink
        self._rows = 0
        self._place_items()

    def _show_headers(self) -> None:
        """Each column's name: 'inputs', 'h1 · ReLU', ..., 'y · softmax'."""
        if self.maps is None:
            return
        for header, layer in zip(self._headers, self.maps.layers, strict=True):
            text = present.header(layer, i18n.translate)
            if header.toPlainText() != text:
                header.setText(text)

    def _place_items(self, *_args: object) -> None:
        """Put the maps where the layout for the canvas's size has them (again only when that changes),
        and the ranges under them where the rows leave room."""
        sizes = tuple(len(row) for row in self.items)
        rect = self.canvas.boundingRect()
        rows = present.rows_per_column(sizes, rect.width(), rect.height())
        if rows != self._rows:
            self._rows = rows
            places = present.layout(sizes, rows)
            for k, header in enumerate(self._headers):
                header.setPos(*places.headers[k])
                for j, (x, y) in enumerate(places.places[k]):
                    self.items[k][j].place_at(x, y)
                    self._ranges[k][j].setPos(x + 0.5, y)
                    self._marks[k][j].setPos(x, y + 1.0)
            self.canvas.setRange(xRange=places.xrange, yRange=places.yrange, padding=0.0)
        per_px = self.canvas.viewPixelSize()[1]  # canvas units per screen pixel, vertically
        gap_px = (present.PITCH_Y - 1.0) / per_px if per_px > 0 else 0.0
        room = all(gap_px >= text.boundingRect().height() * 0.9 for row in self._ranges for text in row[:1])
        for row in self._ranges:
            for text in row:
                text.setVisible(room)

    @staticmethod
    def _exists(unit: Unit, sizes: tuple[int, ...]) -> bool:
        return 0 <= unit[0] < len(sizes) and 0 <= unit[1] < sizes[unit[0]]

    # ---------------------------------------------------------------- the large map in the data view

    def hover(self, unit: Unit | None, leaving: Unit | None = None) -> None:
        """The mouse is over `unit` (None: it left `leaving`): show it large, or what is pinned."""
        if unit is None and leaving is not None and self.hovered != leaving:
            return  # another map was entered first: that one is shown
        self.hovered = unit
        if unit is not None and self.maps is not None and self._exists(unit, tuple(map(len, self.items))):
            self._show_unit(*unit, self.maps.layers[unit[0]])  # its tooltip at the newest step
        self._show_large()

    def toggle_pin(self, unit: Unit) -> None:
        """Pin `unit` in the data view, or unpin it if it is pinned."""
        self.pinned = None if self.pinned == unit else unit
        self._show_large()

    def unpin(self) -> None:
        """Nothing pinned: the data view shows the hovered map, or its decision field."""
        self.pinned = None
        self._show_large()

    def _show_large(self) -> None:
        unit = self.hovered if self.hovered is not None else self.pinned
        self.large = unit
        if unit is None or self.data_view is None or self.maps is None or not self.isVisible():
            self.overlay.hide()
            self.overlay_label.hide()
            return
        self._draw_large(unit)

    def _draw_large(self, unit: Unit) -> None:
        """The unit's map at the data view's field density over its range, and its label."""
        dv = self.data_view
        maps = self.maps
        if dv is None or maps is None or not self._exists(unit, tuple(la.units for la in maps.layers)):
            return
        xlim, ylim = self.view_range()
        k, j = unit
        shape = present.large_shape(self.session.model, dv.viewbox.width(), dv.viewbox.height())
        values, (lo, hi), rect = present.neuron_field(self.session.model, k, j, xlim, ylim,
                                                      (shape.ny, shape.nx))
        layer = maps.layers[k]
        low, high = present.ramp_ends(layer, k == len(maps.layers) - 1, j, self._class_rgb)
        self.large_values = values
        self.overlay.setImage(present.ramp_colors(values, lo, hi, low, high), levels=None)
        self.overlay.setRect(*rect)
        self.overlay.show()
        self.overlay_label.setText(present.unit_label(layer.unit_name(j), layer.activation, lo, hi,
                                                      i18n.translate))
        self.overlay_label.setPos(dv.viewbox.width() - 6, 4)
        self.overlay_label.show()

    # ---------------------------------------------------------------- Qt events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Escape in the maps unpins (before the window's Escape, which clears the selection)."""
        if watched is self.plot and self.pinned is not None and isinstance(event, QKeyEvent) \
                and event.key() == Qt.Key.Key_Escape:
            if event.type() == QEvent.Type.ShortcutOverride:
                event.accept()
                return True
            if event.type() == QEvent.Type.KeyPress:
                self.unpin()
                return True
        return super().eventFilter(watched, event)

    def showEvent(self, event: object) -> None:
        """Back on screen: the pinned map is shown again."""
        super().showEvent(event)  # type: ignore[arg-type]
        self._show_large()

    def hideEvent(self, event: object) -> None:
        """Out of sight (a closed or tabbed-away dock): the data view shows its field again."""
        super().hideEvent(event)  # type: ignore[arg-type]
        self.hovered = None
        self.overlay.hide()
        self.overlay_label.hide()
