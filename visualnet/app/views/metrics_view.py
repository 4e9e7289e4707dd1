"""The confusion matrix of one set (training, validation or test), each class's precision, recall and F1
under it, and the accuracy; live with every step.

What is shown comes from visualnet.presenters.metrics (no Qt). Rows are the true class, columns the
predicted class; a cell's shade grows with its count, the diagonal (points classified right) is framed.
Hovering a cell says what it counts; clicking it selects those points in the data view.
"""

from __future__ import annotations

import time
from typing import TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPaintEvent, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from visualnet.app import i18n, palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import caption_label, set_text
from visualnet.app.views import live
from visualnet.app.views.panel_turns import Exposure, TakesTurns
from visualnet.presenters import metrics as present
from visualnet.presenters.frame_budget import DrawnFrom, shared_by
from visualnet.presenters.neuron_maps import RefreshSchedule
from visualnet.session import ROLE_TEST, ROLE_TRAIN, ROLE_VAL, Session

__all__ = ["MetricsView", "VerticalLabel"]

# the shade of a cell with the most points (a count of 0 is the table's own background): an indigo no
# class colour uses, so a dark cell never reads as "class 3"
SHADE_END = {"light": "#3949AB", "dark": "#8C9EFF"}
FULL_SHADE = 0.85  # the fullest cell is this far from the background to SHADE_END
W = TypeVar("W", bound=QWidget)
ROLE_BUTTONS = {ROLE_TRAIN: "confusionSetTrain", ROLE_VAL: "confusionSetValidation",
                ROLE_TEST: "confusionSetTest"}


class VerticalLabel(QWidget):
    """A text drawn bottom to top: the matrix's row axis title."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self._text = ""
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)

    def text(self) -> str:
        """The text drawn."""
        return self._text

    def setText(self, text: str) -> None:
        """Draw `text` (and fit the width to the font)."""
        self._text = text
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:
        """One line of text wide, its length tall."""
        fm = self.fontMetrics()
        return QSize(fm.height() + 4, fm.horizontalAdvance(self._text) + 8)

    def minimumSizeHint(self) -> QSize:
        """As the size hint: a title cut short says nothing."""
        return self.sizeHint()

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text turned a quarter to the left, centred."""
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.translate(0, self.height())
        painter.rotate(-90)
        painter.drawText(0, 0, self.height(), self.width(), int(Qt.AlignmentFlag.AlignCenter), self._text)
        painter.end()


class _DiagonalFrame(QStyledItemDelegate):
    """Draws a cell as usual, and a frame round the cells of the diagonal (the points classified right)."""

    def __init__(self, parent: QTableWidget, color: str) -> None:
        super().__init__(parent)
        self.pen = QPen(QColor(color), 2)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        """The cell, then its frame if it is on the diagonal."""
        super().paint(painter, option, index)
        if index.row() == index.column():
            painter.save()
            painter.setPen(self.pen)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()


def _named(widget: W, name: str) -> W:
    """`widget` with its objectName set (tests and the window find it by that name)."""
    widget.setObjectName(name)
    return widget


def _cell(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    """The item of a cell (every cell has one: `_shape` makes them)."""
    item = table.item(row, column)
    assert item is not None
    return item


def _table(name: str) -> QTableWidget:
    """A read-only table of fixed-size cells, as large as its contents (the panel scrolls, not the table)."""
    table = _named(QTableWidget(), name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    table.setSizeAdjustPolicy(QAbstractItemView.SizeAdjustPolicy.AdjustToContents)
    table.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    for header in (table.horizontalHeader(), table.verticalHeader()):
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setHighlightSections(False)
    table.setWordWrap(False)
    return table


def _swatch(color: str, size: int) -> QIcon:
    """A square of a class's colour, for the header of its row and column."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(color))
    return QIcon(pixmap)


class MetricsView(TakesTurns, QWidget):
    """The confusion matrix, precision, recall and F1 per class, and the accuracy of the chosen set."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confusionMatrixView")
        self.session = session
        self.role = ROLE_TRAIN
        self.confusion: present.Confusion | None = None
        self.cache = present.PredictionCache()
        self.schedule = RefreshSchedule(shared_by(session))  # its pace; turns with the other panels
        self.clock = time.perf_counter
        self.drawn = DrawnFrom()  # the weights, points and set the cells show
        self.exposure = Exposure(self)  # no work while out of sight (a tab behind another, a closed dock)
        self._theme = theme.current()
        self.hovered: tuple[int, int] | None = None  # the cell (true, predicted) under the mouse

        self.set_switch = _named(QWidget(), "confusionSet")
        self.set_buttons = QButtonGroup(self)
        row = QHBoxLayout(self.set_switch)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        for role, name in ROLE_BUTTONS.items():
            button = _named(QToolButton(), name)
            button.setCheckable(True)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            self.set_buttons.addButton(button, role)
            row.addWidget(button)
        self.set_buttons.button(ROLE_TRAIN).setChecked(True)
        self.set_buttons.idClicked.connect(self.choose_set)

        self.predicted_title = _named(QLabel(), "confusionPredictedTitle")
        self.predicted_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.true_title = VerticalLabel("confusionTrueTitle")
        self.table = _table("confusionTable")
        self.table.setItemDelegate(_DiagonalFrame(self.table, self._theme.text))
        self.table.setMouseTracking(True)
        self.table.cellEntered.connect(self._on_cell_entered)
        self.table.cellClicked.connect(self.select_cell)
        self.table.viewport().installEventFilter(self)  # the mouse leaving the cells
        self.per_class = _table("confusionPerClass")
        self.per_class.horizontalHeader().hide()  # its columns are the matrix's, right above them
        self.accuracy = _named(QLabel(), "confusionAccuracy")
        self.accuracy.setWordWrap(True)
        self.caption = caption_label("confusionCaption")
        self.unavailable = _named(QLabel(), "confusionUnavailable")
        self.unavailable.setWordWrap(True)
        self.unavailable.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(2)
        grid.addWidget(self.predicted_title, 0, 1)
        grid.addWidget(self.true_title, 1, 0)
        grid.addWidget(self.table, 1, 1)
        grid.addWidget(self.per_class, 2, 1)
        grid.setColumnStretch(2, 1)
        grid.setRowStretch(3, 1)
        tables = QWidget()
        tables.setLayout(grid)
        # only the tables scroll (eight classes in a narrow dock): the switch and the texts stay in sight
        self.tables_scroll = _named(QScrollArea(), "confusionScroll")
        self.tables_scroll.setWidget(tables)
        self.tables_scroll.setWidgetResizable(True)
        self.tables_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QVBoxLayout(self)
        body.setContentsMargins(4, 4, 4, 2)
        body.addWidget(self.set_switch)
        body.addWidget(self.tables_scroll, 1)
        body.addWidget(self.accuracy)
        body.addWidget(self.caption)
        body.addWidget(self.unavailable, 1)

        self._make_turns()  # the newest state, drawn once the schedule allows
        live.follow(self, bridge.stepped, self._on_stepped)
        live.follow(self, bridge.weightsChanged, self._on_stepped)
        live.follow(self, bridge.dataChanged, self._on_data_changed)
        live.follow(self, bridge.modelReset, self._on_data_changed)
        live.follow(self, bridge.configChanged, self._on_stepped)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """The texts in the language now spoken (the computed ones are drawn again)."""
        self.predicted_title.setText(self.tr("Predicted class →"))
        self.true_title.setText(self.tr("← True class"))
        self.table.setToolTip(self.tr("Rows: the points' true class. Columns: the class the network "
                                      "predicts. The diagonal (framed) counts the points classified right; "
                                      "a darker cell holds more points. Click a cell to select its points."))
        self.per_class.setToolTip(self.tr(
            "Precision: of the points predicted as this class, the share that are of it. Recall: of the "
            "points of this class, the share predicted as it. F1: their harmonic mean. — : no such points."))
        self._name_ratios()
        live.catch_up(self)

    def _name_ratios(self) -> None:
        """The per-class rows' names (F1 is F1 in every language)."""
        self.per_class.setVerticalHeaderLabels([self.tr("Precision"), self.tr("Recall"), "F1"])

    def apply_theme(self, chosen: theme.Theme) -> None:
        """The cells' shades and the diagonal's frame in the new theme (style_plots calls this)."""
        self._theme = chosen
        delegate = self.table.itemDelegate()
        if isinstance(delegate, _DiagonalFrame):
            delegate.pen = QPen(QColor(chosen.text), 2)
        live.catch_up(self)

    def changeEvent(self, event: QEvent) -> None:
        """A new font (projector mode, another language's): cells, headers and widths made again for it."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            for table in (self.table, self.per_class):
                table.setRowCount(0)  # `_fill_matrix` makes the cells again, in the new font
            live.catch_up(self)

    # ---------------------------------------------------------------- the set

    def choose_set(self, role: int) -> None:
        """Show the confusion matrix of the training, validation or test set."""
        if role != self.role:
            self.role = role
            self.refresh()

    def _sync_switch(self) -> None:
        """Each set's button names its size and is disabled when it has no points; an empty set chosen
        falls back to training."""
        counts = self.session.role_counts()
        # the size on a line of its own: three buttons fit a narrow dock, also at the projector's text size
        names = {ROLE_TRAIN: self.tr("Training"), ROLE_VAL: self.tr("Validation"), ROLE_TEST: self.tr("Test")}
        tip = self.tr("{n} points in this set; a set without points cannot be chosen")
        for role, count in zip(present.ROLES, counts, strict=True):
            button = self.set_buttons.button(role)
            text = f"{names[role]}\n{count:,}"
            if button.text() != text:
                button.setText(text)
                button.setToolTip(tip.format(n=f"{count:,}"))
            button.setEnabled(count > 0)
        if counts[self.role] == 0 and self.role != ROLE_TRAIN:
            self.role = ROLE_TRAIN
        button = self.set_buttons.button(self.role)
        if not button.isChecked():
            button.setChecked(True)

    # ---------------------------------------------------------------- refreshing

    def _on_stepped(self, *_args: object) -> None:
        """A step, a weight edit or a setting: redraw now, or when the schedule allows (out of sight:
        when seen)."""
        self._update_when_due()

    def _turn(self) -> None:
        """What a turn draws (TakesTurns)."""
        self.update_counts()

    def _on_data_changed(self) -> None:
        """New points, roles or network: the cached classes are of other points; counted again now, or
        (a drag, a brush stroke: an edit every frame) when the schedule allows."""
        self.cache.clear()
        self.drawn.forget()
        self._update_when_due()

    def refresh(self) -> None:
        """Count the chosen set's points by true and predicted class and show the counts and ratios."""
        self.drawn.forget()
        self.update_counts()

    def update_counts(self) -> None:
        """As refresh, but nothing is counted or drawn again while the weights, the points and the set
        are those shown (a setting that changes neither, a step that changed nothing)."""
        self._pending.stop()
        start = self.clock()
        s = self.session
        why = present.unavailable(s)
        for part in (self.set_switch, self.tables_scroll, self.accuracy, self.caption):
            part.setVisible(why is None)
        self.unavailable.setVisible(why is not None)
        if why is not None:
            self.confusion = None
            set_text(self.unavailable, i18n.translated(why))
            set_text(self.caption, "")
            return
        sources = (s.model, s.dataset, s.roles, self.role)
        weights = list(s.model.params.values())
        if self.confusion is not None and self.drawn.same(sources, weights):
            return
        self._sync_switch()
        c = self.confusion = present.for_session(s, self.role, self.cache)
        self.drawn.remember((s.model, s.dataset, s.roles, self.role), weights)  # (the role may fall back)
        made = self._fill_matrix(c)
        self._fill_per_class(c)
        set_text(self.accuracy, i18n.translated(present.accuracy_message(c)))
        end = self.clock()
        if not made:  # making the cells happens once per class count: not an update's cost
            self.schedule.ran(end - start, end)
        self._show_caption()

    def _show_caption(self) -> None:
        """What the hovered cell counts (at the newest step), else a slower refresh's note, else the hint."""
        c, cell = self.confusion, self.hovered
        if c is not None and cell is not None and max(cell) < c.k:
            set_text(self.caption, i18n.translated(present.cell_message(c.counts, *cell)))
        elif self.schedule.throttled:
            set_text(self.caption, self.tr("Updated every {seconds} s: one update takes {ms} ms.").format(
                seconds=f"{self.schedule.interval_s:.2g}", ms=f"{1000 * self.schedule.total:.3g}"))
        elif turns := self.schedule.note(i18n.translate, self.clock()):
            set_text(self.caption, turns)
        else:
            set_text(self.caption, self.tr("Hover a cell to read it; click it to select its points."))

    def _shape(self, table: QTableWidget, rows: int, columns: int) -> None:
        if table.rowCount() != rows or table.columnCount() != columns:
            table.setRowCount(rows)
            table.setColumnCount(columns)
            for i in range(rows):
                for j in range(columns):
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    table.setItem(i, j, item)

    def _class_headers(self, k: int) -> None:
        """Headers 1 … k with the class's colour, as the data view's keys and buttons."""
        size = self.fontMetrics().height() - 4
        for set_header in (self.table.setVerticalHeaderItem, self.table.setHorizontalHeaderItem):
            for label in range(k):
                item = QTableWidgetItem(str(label + 1))
                item.setIcon(_swatch(palette.CLASS_COLORS[label % len(palette.CLASS_COLORS)], size))
                set_header(label, item)

    def _fill_matrix(self, c: present.Confusion) -> bool:
        """Counts, shades and tips into the matrix's cells; whether the cells had to be made first."""
        k = c.k
        made = self.table.rowCount() != k
        if made:
            self._shape(self.table, k, k)
            self._shape(self.per_class, 3, k)
            self._name_ratios()
            self._class_headers(k)
        shades = c.shades
        background = QColor(self._theme.base)
        end = SHADE_END["dark" if self._theme.is_dark else "light"]
        bold = QFont(self.table.font())
        bold.setBold(True)
        for i in range(k):
            for j in range(k):
                item = _cell(self.table, i, j)
                fill = theme.mix(background, end, FULL_SHADE * float(shades[i, j]))
                black = theme.contrast("#000000", fill) >= theme.contrast("#FFFFFF", fill)
                ink = "#000000" if black else "#FFFFFF"
                text = present.number(c.counts[i, j])
                if item.text() != text:
                    item.setText(text)
                if item.background().color() != fill:
                    item.setBackground(fill)
                    item.setForeground(QColor(ink))
                if i == j and item.font() != bold:
                    item.setFont(bold)
                tip = i18n.translated(present.cell_message(c.counts, i, j))
                if item.toolTip() != tip:
                    item.setToolTip(tip)
        self._fit_columns()
        return made

    def _fill_per_class(self, c: present.Confusion) -> None:
        for row, values in enumerate((c.precision, c.recall, c.f1)):
            for j, value in enumerate(values):
                text = present.ratio_text(float(value))
                item = _cell(self.per_class, row, j)
                if item.text() != text:
                    item.setText(text)

    def _fit_columns(self) -> None:
        """Every column as wide as the widest count or percentage, the two tables' columns aligned."""
        fm = self.fontMetrics()
        pad = fm.horizontalAdvance("0") + 6
        texts = [_cell(self.table, i, j).text() for i in range(self.table.rowCount())
                 for j in range(self.table.columnCount())] + ["100%", "00"]
        width = max(fm.horizontalAdvance(t) for t in texts) + pad
        height = fm.height() + 8
        for table in (self.table, self.per_class):
            for j in range(table.columnCount()):
                if table.columnWidth(j) != width:
                    table.setColumnWidth(j, width)
            table.verticalHeader().setDefaultSectionSize(height)
            table.horizontalHeader().setMinimumSectionSize(1)
        # the row headers (class numbers, or Precision / Recall) as wide in both: the columns line up
        side = max(table.verticalHeader().sizeHint().width() for table in (self.table, self.per_class))
        for table in (self.table, self.per_class):
            table.verticalHeader().setFixedWidth(side)
            table.setFixedSize(table.sizeHint())

    # ---------------------------------------------------------------- the mouse

    def _on_cell_entered(self, row: int, column: int) -> None:
        """The mouse is over a cell: the caption says what it counts."""
        self.hovered = (row, column)
        self._show_caption()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The mouse left the cells: the caption's hint comes back."""
        if watched is self.table.viewport() and event.type() == QEvent.Type.Leave:
            self.hovered = None
            self._show_caption()
        return super().eventFilter(watched, event)

    def select_cell(self, row: int, column: int) -> None:
        """Select, in the data view, the set's points of class `row` predicted as `column`."""
        if self.confusion is not None:
            self.session.select(self.confusion.cell_points(row, column))
