"""Themes and projector mode: the widgets' palette, every plot's colours and fonts, the saved choice."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from visualnet.app import palette, theme


@pytest.fixture(autouse=True)
def back_to_light():
    """The palette and font are the application's: leave them as the other tests expect."""
    yield
    theme.apply(None, "light", projector=False)


def plot_views(window) -> list[pg.GraphicsView]:
    views = window.findChildren(pg.GraphicsView)
    assert len(views) >= 5  # the five views' plots, at least
    return views


def axes(view: pg.GraphicsView) -> list[pg.AxisItem]:
    return [item for item in view.scene().items() if isinstance(item, pg.AxisItem)]


def assert_plots_in(window, t: theme.Theme) -> None:
    """Every plot in the window has the theme's background, and every axis its ink."""
    ink = QColor(t.plot_ink)
    checked = 0
    for view in plot_views(window):
        assert view.backgroundBrush().color() == QColor(t.plot_background), view.objectName()
        for axis in axes(view):
            assert axis.pen().color() == ink
            assert axis.textPen().color() == ink
            assert axis.labelStyle["color"].lower() == t.plot_ink.lower()
            checked += 1
    assert checked >= 10


def window_colour(role: QPalette.ColorRole) -> QColor:
    return QApplication.palette().color(role)


def test_dark_and_back_to_light_recolours_the_widgets_and_every_plot(window, qtbot):
    assert window.actionThemeLight.isChecked()
    assert QApplication.style().name().lower() == "fusion"
    assert_plots_in(window, theme.THEMES["light"])

    window.actionThemeDark.trigger()
    dark = theme.THEMES["dark"]
    assert window.actionThemeDark.isChecked() and not window.actionThemeLight.isChecked()
    assert window_colour(QPalette.ColorRole.Window) == QColor(dark.window)
    assert window_colour(QPalette.ColorRole.WindowText) == QColor(dark.text)
    # the widgets follow through posted events
    qtbot.waitUntil(lambda: window.palette().color(QPalette.ColorRole.Window) == QColor(dark.window))
    assert_plots_in(window, dark)

    window.actionThemeLight.trigger()
    assert window_colour(QPalette.ColorRole.Window) == QColor(theme.THEMES["light"].window)
    assert_plots_in(window, theme.THEMES["light"])


def test_a_panel_opened_later_gets_the_theme(window):
    window.actionThemeDark.trigger()
    window.show_playground()  # built on first use, after the theme was applied
    playground = window.docks["Optimizer playground"].widget()
    views = playground.findChildren(pg.GraphicsView)
    assert views
    for view in views:
        assert view.backgroundBrush().color() == QColor(theme.THEMES["dark"].plot_background)
        for axis in axes(view):
            assert axis.textPen().color() == QColor(theme.THEMES["dark"].plot_ink)


def test_text_in_the_plots_takes_the_ink_and_new_text_too(window):
    window.actionThemeDark.trigger()
    ink = QColor(theme.THEMES["dark"].plot_ink)

    def text_items() -> list[pg.TextItem]:
        return [i for v in plot_views(window) for i in v.scene().items() if isinstance(i, pg.TextItem)]

    inked = [i for i in text_items() if i.color == ink]
    assert inked  # the weights' titles and the network's input names were dark grey
    assert all(i.color != QColor(palette.FOREGROUND) for i in text_items())
    window.session.configure(hidden=(3, 3, 3))  # a new network: new labels are made
    assert all(i.color != QColor(palette.FOREGROUND) for i in text_items())
    legend_labels = [label for v in plot_views(window) for item in v.scene().items()
                     if isinstance(item, pg.LegendItem) for _s, label in item.items]
    assert legend_labels
    assert all(pg.mkColor(label.opts["color"]) == ink for label in legend_labels)


def test_projector_mode_enlarges_every_font_and_thickens_lines(window, qtbot):
    view = window.loss_curve_view.plot
    axis = view.getPlotItem().getAxis("bottom")
    curve = window.loss_curve_view.curves["train"]
    app_points = QApplication.font().pointSizeF()
    tick_points = axis.style["tickFont"].pointSizeF()
    width = curve.opts["pen"].widthF()
    controls_min_width = window.docks["Controls"].widget().minimumWidth()
    fixed = {a: a.fixedWidth for v in plot_views(window) for a in axes(v) if a.fixedWidth is not None}
    assert fixed  # the weights' colour bar

    window.actionProjector.trigger()
    assert window.projector and window.actionProjector.isChecked()
    assert QApplication.font().pointSizeF() == pytest.approx(app_points * theme.PROJECTOR_SCALE)
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(tick_points * theme.PROJECTOR_SCALE)
    for v in plot_views(window):  # every axis, not just this one
        for a in axes(v):
            assert a.style["tickFont"].pointSizeF() >= tick_points * theme.PROJECTOR_SCALE - 0.01
    assert curve.opts["pen"].widthF() == pytest.approx(width * theme.PROJECTOR_LINE_SCALE)
    for a, w in fixed.items():  # an axis its view gave a fixed width (a colour bar's) grows too
        assert a.fixedWidth == round(w * theme.PROJECTOR_SCALE)
    for dock in window.docks.values():  # the titles too (Qt draws them in its own cached font)
        assert dock.font().pointSizeF() == pytest.approx(app_points * theme.PROJECTOR_SCALE)
    # the controls' column widens with its text, so nothing is clipped
    qtbot.waitUntil(lambda: window.docks["Controls"].widget().minimumWidth() > controls_min_width)

    window.actionProjector.trigger()  # off again: back to the sizes it had, not smaller or larger
    assert QApplication.font().pointSizeF() == pytest.approx(app_points)
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(tick_points)
    assert curve.opts["pen"].widthF() == pytest.approx(width)
    assert all(a.fixedWidth == w for a, w in fixed.items())


def test_a_pen_a_view_sets_later_is_widened_from_its_own_width(window):
    window.set_theme(projector=True)
    curve = window.loss_curve_view.curves["val"]
    curve.setPen(palette.pen("#123456", 3.0))  # as a view would, after the theme
    window.set_theme(projector=True)
    assert curve.opts["pen"].widthF() == pytest.approx(3.0 * theme.PROJECTOR_LINE_SCALE)
    assert curve.opts["pen"].color() == QColor("#123456")
    window.set_theme(projector=False)
    assert curve.opts["pen"].widthF() == pytest.approx(3.0)


def test_the_choice_round_trips_through_the_settings(window, settings, qtbot):
    from visualnet.app.window import MainWindow

    window.actionThemeDark.trigger()
    window.actionProjector.trigger()
    window.write_settings()
    assert settings.value("view/theme") == "dark"
    again = MainWindow(settings=settings)
    qtbot.addWidget(again)
    assert again.theme_name == "dark" and again.projector
    assert again.actionThemeDark.isChecked() and again.actionProjector.isChecked()
    assert window_colour(QPalette.ColorRole.Window) == QColor(theme.THEMES["dark"].window)
    settings.setValue("view/theme", "purple")  # a hand-edited or future value: light, no error
    settings.setValue("view/projector", False)
    third = MainWindow(settings=settings)
    qtbot.addWidget(third)
    assert third.theme_name == "light" and third.actionThemeLight.isChecked() and not third.projector


def test_system_follows_the_operating_systems_colour_scheme(monkeypatch):
    class Hints:
        def __init__(self, scheme):
            self.scheme = scheme

        def colorScheme(self):
            return self.scheme

    from PySide6.QtCore import Qt

    monkeypatch.setattr(QGuiApplication, "styleHints", staticmethod(lambda: Hints(Qt.ColorScheme.Dark)))
    assert theme.resolve("system") is theme.THEMES["dark"]
    monkeypatch.setattr(QGuiApplication, "styleHints", staticmethod(lambda: Hints(Qt.ColorScheme.Light)))
    assert theme.resolve("system") is theme.THEMES["light"]
    with pytest.raises(ValueError, match="unknown theme"):
        theme.resolve("purple")


@pytest.mark.parametrize("name", ["light", "dark"])
def test_text_and_class_colours_read_on_the_background(name):
    """WCAG contrast: text 4.5:1 on the panels and plots; the class colours, drawn with a white
    outline on the plots, at least 1.5:1 on the plot background (the outline does the rest)."""

    def luminance(c: QColor) -> float:
        def lin(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
        r, g, b = (lin(x) for x in c.getRgbF()[:3])
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    def contrast(a: str, b: str) -> float:
        la, lb = sorted((luminance(QColor(a)), luminance(QColor(b))), reverse=True)
        return (la + 0.05) / (lb + 0.05)

    t = theme.THEMES[name]
    assert contrast(t.text, t.window) >= 4.5
    assert contrast(t.text, t.base) >= 4.5
    assert contrast(t.plot_ink, t.plot_background) >= 4.5
    outlined = [c for c in palette.CLASS_COLORS if contrast(c, t.plot_background) < 1.5]
    assert len(outlined) <= 1, outlined  # the yellow on white; on dark every class stands out


def test_pens_are_as_wide_in_logical_pixels_on_a_high_dpi_screen(monkeypatch):
    palette.pen.cache_clear()
    monkeypatch.setattr(palette, "device_pixel_ratio", lambda: 2.0)
    try:
        assert palette.pen("#000000", 1.5).widthF() == pytest.approx(3.0)
        assert palette.pen("#000000", 1.5).isCosmetic()
    finally:
        palette.pen.cache_clear()
