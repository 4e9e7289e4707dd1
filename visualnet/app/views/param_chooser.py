"""Choose one scalar parameter by array, row and column: a few items however large the network is.

A combo box listing every scalar parameter would hold 660,484 entries for six layers of 256
neurons (and take seconds to fill at each model reset); here the combo box lists the model's arrays
(W1, b1, W2, ...) and two spin boxes pick the entry: the row (the input a weight comes from) and the
column (the unit it feeds). A bias vector needs only the column, a one-element array neither.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QWidget

from visualnet.app import i18n
from visualnet.app.optimizer_widgets import NumberSpin
from visualnet.presenters.param_names import Param, array_tooltip, param_label, param_tooltip, row_col

__all__ = ["ParamChooser", "param_label"]


class ParamChooser(QWidget):
    """A combo box of the model's arrays (objectName `name`) and row / column spin boxes
    (`name`Row, `name`Col); `chosen` is emitted with (key, flat index) on a user's change only."""

    chosen = Signal(str, int)

    def __init__(self, name: str, axis: str, parent: QWidget | None = None) -> None:
        # objectName= is a Qt property keyword, which PySide6's stubs omit (see pyproject.toml)
        super().__init__(parent, objectName=f"{name}Box")  # type: ignore[call-arg]
        self.shapes: dict[str, tuple[int, ...]] = {}
        self.axis = axis  # "horizontal" or "vertical"
        self.combo = QComboBox(objectName=name)  # type: ignore[call-arg]
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.row = NumberSpin(objectName=f"{name}Row")
        self.col = NumberSpin(objectName=f"{name}Col")
        for spin in (self.row, self.col):
            spin.setKeyboardTracking(False)  # a typed "12" is one choice, not "1" and then "12"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for w in (self.combo, self.row, self.col):
            layout.addWidget(w)
        self.combo.currentIndexChanged.connect(self._on_array_changed)
        self.row.valueChanged.connect(self._emit)
        self.col.valueChanged.connect(self._emit)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """The names, tips and spin prefixes in the language now spoken (whole sentences per axis)."""
        if self.axis == "horizontal":
            self.combo.setAccessibleName(self.tr("Loss surface horizontal parameter"))
            self.combo.setToolTip(self.tr("The array of the parameter on the horizontal axis of the loss "
                                          "surface"))
            self.row.setAccessibleName(self.tr("Loss surface horizontal parameter row"))
            self.col.setAccessibleName(self.tr("Loss surface horizontal parameter column"))
        else:
            self.combo.setAccessibleName(self.tr("Loss surface vertical parameter"))
            self.combo.setToolTip(self.tr("The array of the parameter on the vertical axis of the loss "
                                          "surface"))
            self.row.setAccessibleName(self.tr("Loss surface vertical parameter row"))
            self.col.setAccessibleName(self.tr("Loss surface vertical parameter column"))
        self.row.setPrefix(self.tr("row "))
        self.col.setPrefix(self.tr("col "))
        self.row.setToolTip(self.tr("The row of the weight: the input (or the previous layer's unit) it "
                                    "comes from"))
        self.col.setToolTip(self.tr("The column: the unit of the layer this weight or bias feeds"))
        self._set_item_tips()
        if self.shapes:
            key, flat = self.param()
            self.setToolTip(param_tooltip(key, self.shapes[key], flat, i18n.translate))

    def set_arrays(self, shapes: dict[str, tuple[int, ...]]) -> None:
        """List the model's arrays (after a reset the shapes may differ); emits nothing."""
        self.shapes = dict(shapes)
        self.combo.blockSignals(True)
        self.combo.clear()
        for key in self.shapes:
            self.combo.addItem(key)
        self._set_item_tips()
        self.combo.blockSignals(False)

    def _set_item_tips(self) -> None:
        """Each array's entry says what the array is ('weights into layer 2 (8 × 8)')."""
        tip = Qt.ItemDataRole.ToolTipRole
        for row, (key, shape) in enumerate(self.shapes.items()):
            self.combo.setItemData(row, array_tooltip(key, shape, i18n.translate), tip)

    def set_param(self, p: Param) -> None:
        """Show (key, flat index) without emitting `chosen`."""
        key, flat = p[0], int(p[1])
        shape = self.shapes[key]
        r, c = row_col(shape, flat)
        for w in (self.combo, self.row, self.col):
            w.blockSignals(True)
        self.combo.setCurrentIndex(list(self.shapes).index(key))
        self._set_ranges(shape)
        self.row.setValue(r)
        self.col.setValue(c)
        for w in (self.combo, self.row, self.col):
            w.blockSignals(False)
        self.setToolTip(param_tooltip(key, shape, flat, i18n.translate))

    def param(self) -> Param:
        """The (key, flat index) shown."""
        key = self.combo.currentText()
        shape = self.shapes[key]
        if len(shape) == 2:
            return key, self.row.value() * shape[1] + self.col.value()
        return key, self.col.value() if math.prod(shape) > 1 else 0

    def label(self) -> str:
        """'W1[0,1]': the shown parameter's name, as the axis label."""
        key, flat = self.param()
        return param_label(key, self.shapes[key], flat)

    def _set_ranges(self, shape: tuple[int, ...]) -> None:
        """Spin ranges of an array; a vector shows the column only, a scalar neither."""
        self.row.setVisible(len(shape) == 2)
        self.col.setVisible(math.prod(shape) > 1)
        self.row.setRange(0, shape[0] - 1 if len(shape) == 2 else 0)
        self.col.setRange(0, max(shape[-1] - 1, 0) if shape else 0)

    def _on_array_changed(self, _index: int) -> None:
        # another array: keep the row and column where they still exist (the spin ranges clamp them)
        for w in (self.row, self.col):
            w.blockSignals(True)
        self._set_ranges(self.shapes[self.combo.currentText()])
        for w in (self.row, self.col):
            w.blockSignals(False)
        self._emit()

    def _emit(self) -> None:
        key, flat = self.param()
        self.setToolTip(param_tooltip(key, self.shapes[key], flat, i18n.translate))
        self.chosen.emit(key, flat)
