"""The fast plot items draw and measure exactly what pyqtgraph's own items do."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtGui import QImage, QPen
from PySide6.QtWidgets import QApplication

from visualnet.app import palette
from visualnet.app.plotting import FastCurve, FastImageItem, FastScatter, move_spots, set_spot_visible

SPOT_STYLE = {"size": 10, "pen": palette.pen("#202020", 1.5), "brush": palette.brush("#3070C0")}


def _plot_with(qtbot, item: pg.GraphicsObject) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    qtbot.addWidget(plot)
    plot.resize(320, 240)
    plot.addItem(item)
    plot.show()
    qtbot.waitExposed(plot)
    return plot


def _pixels(plot: pg.PlotWidget) -> np.ndarray:
    QApplication.processEvents()
    img = plot.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.width(), 4).copy()


@pytest.fixture
def twins(qtbot):
    """A FastScatter and a plain ScatterPlotItem, each in a plot of its own, fed the same spots."""
    rng = np.random.default_rng(1)
    xy = rng.normal(size=(60, 2))
    fast, plain = FastScatter(**SPOT_STYLE), pg.ScatterPlotItem(**SPOT_STYLE)
    plots = []
    for item in (fast, plain):
        item.setData(pos=xy)
        plots.append(_plot_with(qtbot, item))
        plots[-1].setRange(xRange=(-3, 3), yRange=(-3, 3), padding=0)
    return fast, plain, plots, xy


def _same_everywhere(twins) -> None:
    fast, plain, (p_fast, p_plain), _ = twins
    assert fast.boundingRect() == plain.boundingRect()
    for ax in (0, 1):
        assert fast.dataBounds(ax) == pytest.approx(plain.dataBounds(ax), abs=1e-12)
    np.testing.assert_array_equal(_pixels(p_fast), _pixels(p_plain))


def test_fast_scatter_draws_and_measures_as_pyqtgraph_through_changes(twins) -> None:
    fast, plain, (p_fast, p_plain), xy = twins
    _same_everywhere(twins)
    _same_everywhere(twins)  # a repaint with nothing changed reuses the fragments: the same pixels
    for plot in (p_fast, p_plain):  # zoom: new pixel size, new screen positions
        plot.setRange(xRange=(-1.5, 2), yRange=(-2, 1), padding=0)
    _same_everywhere(twins)
    moved = xy + 0.4
    for item in (fast, plain):  # moved in place, as a drag does
        move_spots(item, moved)
    _same_everywhere(twins)
    for item in (fast, plain):  # one spot hidden
        set_spot_visible(item, 3, False)
    _same_everywhere(twins)
    for item in (fast, plain):  # new data, a new style
        item.setData(pos=xy[:20] * 0.5, symbol="s")
    _same_everywhere(twins)
    for plot in (p_fast, p_plain):  # a resize with the same range
        plot.resize(280, 300)
    _same_everywhere(twins)


def test_fast_scatter_bounds_of_non_finite_data_are_pyqtgraphs() -> None:
    xy = np.array([[0.0, 1.0], [np.nan, 2.0], [3.0, np.inf]])
    fast, plain = FastScatter(pos=xy, size=5), pg.ScatterPlotItem(pos=xy, size=5)
    for ax in (0, 1):
        assert fast.dataBounds(ax) == plain.dataBounds(ax)


@pytest.mark.parametrize("opts", [
    {},
    {"fillLevel": -2.0, "brush": "r"},
    {"pen": QPen(palette.pen("#000000", 3.0))},  # a copy, made non-cosmetic below
    {"stepMode": "center"},
])
def test_fast_curve_bounds_equal_pyqtgraphs(opts: dict) -> None:
    rng = np.random.default_rng(2)
    y = rng.normal(size=50)
    x = np.arange(51.0) if opts.get("stepMode") else np.arange(50.0)
    if "pen" in opts:
        opts["pen"].setCosmetic(False)  # a width in data units pads the bounds
    fast, plain = FastCurve(x, y, **opts), pg.PlotCurveItem(x, y, **opts)
    for ax in (0, 1):
        assert fast.dataBounds(ax) == pytest.approx(plain.dataBounds(ax), abs=1e-12)
    y2 = y.copy()
    y2[5] = np.nan  # NaN: pyqtgraph's own scan decides
    fast.setData(x, y2, **opts)
    plain.setData(x, y2, **opts)
    for ax in (0, 1):
        assert fast.dataBounds(ax) == plain.dataBounds(ax)


def test_fast_image_keeps_opaque_colours_opaque_and_exact(qtbot) -> None:
    rgb = np.random.default_rng(3).integers(0, 256, size=(7, 5, 3), dtype=np.uint8)
    item = FastImageItem(axisOrder="row-major")
    item.setImage(rgb, levels=None)
    item.render()
    assert item.qimage.format() == QImage.Format.Format_RGB32  # drawn scaled without blending
    img = item.qimage.convertToFormat(QImage.Format.Format_RGB888)
    got = np.frombuffer(img.constBits(), np.uint8).reshape(7, img.bytesPerLine())[:, : 5 * 3].reshape(7, 5, 3)
    np.testing.assert_array_equal(got, rgb)
    rgba = np.dstack([rgb, np.full((7, 5), 128, np.uint8)])
    item.setImage(rgba, levels=None)
    item.render()
    assert item.qimage.format() == QImage.Format.Format_ARGB32_Premultiplied  # alpha kept


def test_wrap_row_moves_its_tail_to_a_second_line_instead_of_clipping(qtbot) -> None:
    from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel

    from visualnet.app.plotting import WrapRow

    mode, box = QComboBox(), QCheckBox("3-D")
    mode.addItem("Two parameters")
    a, b = QComboBox(), QComboBox()
    a.addItem("W1[0,0]")
    b.addItem("W1[0,1]")
    row = WrapRow([mode, box], [a, QLabel("and"), b])
    qtbot.addWidget(row)
    row.show()
    row.resize(row.needed_width() + 40, 60)
    QApplication.processEvents()
    assert row.wrapped is False
    assert a.y() == mode.y()  # one line
    row.resize(row.needed_width() // 2 + 60, 80)
    QApplication.processEvents()
    assert row.wrapped is True
    assert a.y() > mode.y()  # the tail went below
    for w in (mode, box, a, b):  # nothing squeezed below what it needs to show its text
        assert w.width() >= w.sizeHint().width()
    row.resize(row.needed_width() + 40, 60)
    QApplication.processEvents()
    assert row.wrapped is False and a.y() == mode.y()


def test_an_elided_label_never_widens_its_row_and_keeps_the_whole_text(qtbot):
    from visualnet.app.plotting import ElidedLabel

    text = "W2[3,4] = +0.123456 (row 3 of h1 times column 4 of W2)"
    label = ElidedLabel(text)
    qtbot.addWidget(label)
    assert label.toolTip() == text and label.text() == text
    assert label.minimumSizeHint().width() < label.fontMetrics().horizontalAdvance("W2")
    label.resize(60, 20)
    label.show()
    image = label.grab().toImage()  # painted without raising, cut to its width
    assert image.width() == 60
    label.setText("short")
    assert label.toolTip() == "short"
