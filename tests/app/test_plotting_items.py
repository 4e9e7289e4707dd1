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


# ------------------------------------------------------------- the pyqtgraph API the app relies on
# The suite runs on the newest pyqtgraph the project allows and on the oldest (0.14.0): these tests
# fail first, and by name, when a release changes what the custom items and helpers stand on.


def test_pyqtgraph_is_within_the_tested_versions() -> None:
    major, minor = (int(p) for p in pg.__version__.split(".")[:2])
    assert (0, 14) <= (major, minor) < (0, 15)  # pyproject.toml: pyqtgraph>=0.14,<0.15


def test_numpy_points_reach_qt_through_a_polygon() -> None:
    from visualnet.app import qt_arrays

    xy = np.array([[0.0, 1.0], [2.5, -3.0], [4.0, 5.0]])
    polygon = qt_arrays.polygon_of(xy)
    assert [(p.x(), p.y()) for p in polygon] == [tuple(r) for r in xy]
    qt_arrays.points_of(polygon)[1] = (7.0, 8.0)  # a view of the polygon's own memory
    assert (polygon[1].x(), polygon[1].y()) == (7.0, 8.0)
    qt_arrays.fill_polygon(polygon, xy[:2])
    assert len(polygon) == 2 and (polygon[1].x(), polygon[1].y()) == (2.5, -3.0)


def test_draw_lines_draws_each_row_as_a_separate_line() -> None:
    from PySide6.QtCore import QLineF
    from PySide6.QtGui import QPainter

    from visualnet.app import qt_arrays

    rows = np.array([[5.0, 5.0, 60.0, 9.0], [10.0, 40.0, 10.0, 70.0], [30.0, 30.0, 70.0, 75.0]])
    images = []
    for one_call in (True, False):
        image = QImage(80, 80, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(0)
        painter = QPainter(image)
        painter.setPen(palette.pen("#FF0000", 2.0))
        if one_call:
            qt_arrays.draw_lines(painter, rows)
        else:
            for row in rows:
                painter.drawLine(QLineF(*row))
        painter.end()
        images.append(image)
    assert images[0] == images[1]
    assert not images[0].isNull() and images[0].pixelColor(35, 7).red() > 0


def test_the_items_custom_drawing_stands_on_public_hooks(qtbot) -> None:
    # HistoryCurve and CurvesPainter are GraphicsObjects as in pyqtgraph's customGraphicsItem example:
    # the ViewBox tells them of a new range (viewTransformChanged), asks their dataBounds for its
    # auto-range, and pyqtgraph's exporters switch them with setExportMode; a legend's ItemSample
    # draws its line from the item's opts["pen"]; pyqtgraph builds a path from arrays (arrayToQPath).
    from visualnet.app.views.history_curves import HistoryCurve

    calls: list[str] = []

    class Probe(HistoryCurve):
        def viewTransformChanged(self) -> None:
            calls.append("view")
            super().viewTransformChanged()

    curve = Probe(palette.pen("#3070C0", 2.0), "probe")
    plot = _plot_with(qtbot, curve)
    curve.setData(np.array([0.0, 1.0, 2.0]), np.array([3.0, 1.0, 2.0]))
    plot.getPlotItem().vb.autoRange(padding=0)
    QApplication.processEvents()
    assert "view" in calls
    assert plot.getPlotItem().vb.viewRange() == [[0.0, 2.0], [1.0, 3.0]]
    assert callable(pg.GraphicsObject.setExportMode) and callable(pg.GraphicsObject.informViewBoundsChanged)
    legend = pg.LegendItem()
    legend.addItem(curve, curve.name())
    sample, _label = legend.items[0]
    assert isinstance(sample, pg.ItemSample) and sample.item.opts["pen"] is curve.pen()
    path = pg.arrayToQPath(np.array([0.0, 1.0, 2.0, 3.0]), np.zeros(4), connect="pairs")
    assert path.elementCount() == 4


def test_the_internals_fast_scatter_and_image_read_still_exist(qtbot) -> None:
    # FastScatter redraws pyqtgraph's pixmap fragments, move_spots moves its spots in place, and
    # FastImageItem sets the QImage it renders: where the app still reaches into pyqtgraph, for
    # their measured frame time
    scatter = FastScatter(pos=np.zeros((3, 2)), size=5)
    _plot_with(qtbot, scatter)
    assert callable(scatter._pixmapFragments.drawargs) and scatter.fragmentAtlas.pixmap is not None
    # move_spots (a dragged point among 10,000) writes the spots' coordinates and drops the data bounds
    assert {"x", "y", "visible"} <= set(scatter.data.dtype.names) and hasattr(scatter, "bounds")
    image = FastImageItem(np.zeros((2, 2, 3), np.uint8), levels=None)
    assert hasattr(image, "qimage") and hasattr(image, "_renderRequired") and hasattr(image, "_unrenderable")


def test_loss_curves_follow_the_session_and_catch_up_when_shown(qtbot) -> None:
    # the one refresh route: the view hears of each step from the bridge itself; hidden in a shown
    # window, it only notes that it is stale, and redraws from the session when shown again
    from tests.app.test_views_basic import _in_a_shown_window
    from visualnet.app.views import live
    from visualnet.app.views.loss_curve_view import LossCurveView
    from visualnet.session import Session

    session = Session()
    _window, view = _in_a_shown_window(qtbot, LossCurveView, session)
    session.step(20)  # nobody calls refresh(): the stepped signal does
    np.testing.assert_array_equal(view.curves["train"].yData, session.history.train_loss)
    view.hide()
    drawn = len(view.curves["train"].yData)
    for _ in range(5):
        session.step(20)
    assert len(view.curves["train"].yData) == drawn < len(session.history.train_loss)
    assert live.is_stale(view)
    view.show()
    np.testing.assert_array_equal(view.curves["train"].yData, session.history.train_loss)
    assert not live.is_stale(view)


def _screen(window, widget) -> np.ndarray:
    """What the screen shows of `widget` in `window` now: what all earlier (partial) paints left there."""
    shot = QApplication.primaryScreen().grabWindow(window.winId()).toImage()
    x, y = widget.mapTo(window, widget.rect().topLeft()).toTuple()
    return _pixels_of(shot)[y:y + widget.height(), x:x + widget.width()]


def _pixels_of(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB32)
    rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), -1, 4)
    return rows[:, :image.width(), :3].copy()


@pytest.mark.parametrize("style", ["solid", "dash", "dot", "pairs"])
def test_a_history_curve_grown_in_strips_is_drawn_as_at_once(qtbot, style: str) -> None:
    # each new point repaints only a strip around the end; Qt's dashes are continued from where the
    # strip starts along the curve, so the screen ends up as one drawing of the whole curve shows it
    from PySide6.QtCore import Qt

    from visualnet.app.views.history_curves import EpochMarks, HistoryCurve

    rng = np.random.default_rng(3)
    n = 160
    x = np.cumsum(rng.choice([1.0, 2.0], n))
    y = 0.5 + np.cumsum(rng.normal(0, 0.03, n))
    if style == "pairs":
        curve: HistoryCurve = EpochMarks(palette.pen("#404040", 1.0))
        x, y = np.repeat(x[::8], 2), np.tile([-10.0, 10.0], len(x[::8]))
    else:
        line = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine, "dot": Qt.PenStyle.DotLine}
        curve = HistoryCurve(palette.pen("#3070C0", 2.0, line[style]), "walk")
    plot = _plot_with(qtbot, curve)
    plot.getPlotItem().vb.setRange(xRange=(0, x[-1] + 2), yRange=(-2, 3), padding=0)
    plot.getPlotItem().vb.disableAutoRange()
    viewport = plot.viewport()
    for k in range(4, len(x) + 1, 2):
        curve.show_points(x[:k], y[:k])
        QApplication.processEvents()
    np.testing.assert_array_equal(_screen(plot, viewport), _pixels_of(viewport.grab().toImage()))
    rows = curve.drawn_arrays()[2]
    if style == "pairs":  # one vertical mark per pair of points
        np.testing.assert_array_equal(rows, np.column_stack([x[::2], y[::2], x[1::2], y[1::2]]))
    else:  # one line from each point to the next
        np.testing.assert_array_equal(rows, np.column_stack([x[:-1], y[:-1], x[1:], y[1:]]))


def test_a_thinned_history_curve_repaints_only_around_its_end(qtbot) -> None:
    # a long history is drawn as min/max pairs per run of points (peak_decimate): a frame that closes
    # a run replaces the last raw points by a pair, near the end only; that is no reason to repaint
    # the whole plot, and the screen must still end up as one drawing of the whole curve
    from visualnet.app.views.history_curves import HistoryCurve
    from visualnet.presenters.loss_curve import peak_decimate

    rng = np.random.default_rng(5)
    n = 900
    x = np.arange(1.0, n + 1.0)
    y = 0.5 + np.cumsum(rng.normal(0, 0.02, n))
    curve = HistoryCurve(palette.pen("#3070C0", 2.0), "train")
    whole: list[int] = []
    draw_all = curve.setData
    curve.setData = lambda xs, ys: (whole.append(len(xs)), draw_all(xs, ys))  # the full redraws
    plot = _plot_with(qtbot, curve)
    plot.getPlotItem().vb.setRange(xRange=(0, n + 10), yRange=(-1, 2), padding=0)
    plot.getPlotItem().vb.disableAutoRange()
    viewport = plot.viewport()
    frames = range(200, n + 1, 3)
    for k in frames:
        curve.show_points(*peak_decimate(x[:k], y[:k], (0, n + 10), 100))
        QApplication.processEvents()
    runs = {-(-2 * k // 200) for k in frames if k > 200}  # the run lengths: each new one redraws all
    assert len(whole) <= len(runs) + 1 < len(frames) // 20
    np.testing.assert_array_equal(_screen(plot, viewport), _pixels_of(viewport.grab().toImage()))
