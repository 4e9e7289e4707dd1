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


# ------------------------------------------------------------------ the views' own colours
#
# Thresholds: WCAG 2's contrast ratio. Text needs 4.5 (AA, normal size); a curve that carries
# meaning needs 3 (SC 1.4.11, graphical objects). Marks meant to recede (grid, epoch marks, faded
# curves, histogram) have no WCAG floor: there the light theme is the reference design, and the
# dark theme must make each at least as visible as the light theme does, measured here from the
# light theme's own pens, not from numbers copied into the test.


def seen(colour: QColor, background: str) -> QColor:
    """What a colour with alpha looks like over an opaque background."""
    return theme.mix(background, QColor(colour.red(), colour.green(), colour.blue()), colour.alphaF())


def contrast_on(colour: QColor, background: str) -> float:
    return theme.contrast(seen(colour, background), background)


def view_colours(window) -> dict[str, QColor]:
    """The colours of the items each view chose itself (not the generic axes and text)."""
    act, loss, weights = window.activation_view, window.loss_curve_view, window.weights_view
    colours = {
        "activation grid": act.grid.opts["pen"].color(),
        "histogram edge": act.hist.opts["pen"].color(),
        "histogram fill": act.hist.opts["fillBrush"].color(),
        "epoch marks": loss.epochs.opts["pen"].color(),
        "heatmap frame": next(iter(weights.panels.values())).frame.pen().color(),
        "node ring": weights.diagram.nodes.opts["pen"].color(),
    }
    for name, curve in act.curves.items():
        faded = curve.opts["pen"] if name != act._chosen else act._pens[name][1]
        colours[f"faded {name}"] = faded.color()
        colours[f"chosen {name}"] = act._pens[name][0].color()
    return colours


def test_dark_theme_gives_the_views_own_items_readable_colours(window):
    light_theme, dark_theme = theme.THEMES["light"], theme.THEMES["dark"]
    light = view_colours(window)
    window.actionThemeDark.trigger()
    dark = view_colours(window)
    background = dark_theme.plot_background
    for name, colour in dark.items():
        if name.startswith("chosen"):
            assert contrast_on(colour, background) >= 3.0, name
        else:  # at least as visible as in the light theme
            reference = contrast_on(light[name], light_theme.plot_background)
            assert contrast_on(colour, background) >= reference - 0.02, (name, reference)
    # the grid recedes: fainter than every curve, and nowhere near the light grey it was (13:1)
    grid = contrast_on(dark["activation grid"], background)
    assert grid < min(contrast_on(c, background) for n, c in dark.items() if "faded" in n)
    assert grid < 1.6
    # the nodes are filled with the plot's background, so they are rings on both themes
    assert window.weights_view.diagram.nodes.opts["brush"].color() == QColor(background)

    window.actionThemeLight.trigger()  # and back: exactly the light theme's colours again
    assert view_colours(window) == light


def test_the_light_theme_keeps_the_designed_colours(window):
    c = view_colours(window)
    assert c["activation grid"] == QColor("#E6E6E6")
    assert c["histogram edge"] == QColor("#A8A8A8")
    assert c["epoch marks"] == QColor("#40303030")
    assert c["heatmap frame"] == QColor("#A0A0A0")
    assert c["node ring"] == QColor("#808080")
    assert c["faded sigmoid"] == QColor("#550072B2")


def test_a_theme_change_keeps_the_chosen_curve_highlighted(window):
    act = window.activation_view
    chosen = act._chosen
    window.actionThemeDark.trigger()
    assert act._chosen == chosen
    assert act.curves[chosen].opts["pen"] == act._pens[chosen][0]
    assert act.derivative.opts["pen"] == act._dpens[chosen]
    others = [n for n in act.curves if n != chosen]
    assert all(act.curves[n].opts["pen"] == act._pens[n][1] for n in others)


def test_theme_pens_are_made_once_per_theme_change_not_per_frame(window, monkeypatch):
    made = []
    real_pen = palette.pen
    monkeypatch.setattr(palette, "pen", lambda *a, **k: made.append(a) or real_pen(*a, **k))
    window.actionThemeDark.trigger()
    assert made  # the views made their dark pens
    made.clear()
    for _ in range(5):
        window.session.step(20)
        window.refresh_views()
    window.bridge.modelReset.emit()  # a reset restyles the plots: the same theme, no new pens
    assert made == []


def test_the_loss_readout_is_readable_on_the_dark_window(window):
    window.actionThemeDark.trigger()
    dark, loss = theme.THEMES["dark"], window.loss_curve_view
    for key, colour in loss._text_colors.items():
        assert theme.contrast(colour, dark.window) >= 4.5, key
    window.session.step(5)
    window.refresh_views()
    loss.readout_text.flush()
    assert loss._text_colors["train"] in loss.readout.text()  # the readout is written in them
    window.actionThemeLight.trigger()  # and the readout goes back to the class blue at once
    loss.readout_text.flush()
    assert palette.LOSS_COLORS["train"] in loss.readout.text()


def test_the_playgrounds_coloured_names_are_readable_on_the_dark_window(window):
    window.show_playground()
    playground = window.docks["Optimizer playground"].widget()
    window.actionThemeDark.trigger()
    dark = theme.THEMES["dark"]
    boxes = [*playground.checks.values(), *playground.glyph_checks.values()]
    for box in boxes:
        colour = QColor(box.styleSheet().split("color:")[1].split(";")[0].strip())
        assert theme.contrast(colour, dark.window) >= 4.5, box.text()
    for key, colour in playground._text_colors.items():
        assert theme.contrast(colour, dark.window) >= 4.5, key
    off = next(r for r in playground.race.runners if not r.active)
    assert playground._text_colors["off"] in playground.readouts[off.name].text()
    # training with the playground's tab in front squeezes the loss curve's dashed test curve into a
    # range of no height once: it used to raise inside paint, which crashed PySide
    window.session.step(5)
    window.refresh_views()
    QApplication.processEvents()
    window.actionThemeLight.trigger()  # the light theme keeps SGD in the class blue
    assert palette.CLASS_COLORS[0].lower() in playground.checks["SGD"].styleSheet().lower()


def test_colour_helpers_match_the_wcag_formula():
    assert theme.contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert theme.contrast("#777777", "#777777") == pytest.approx(1.0)
    # WCAG's own example: #767676 on white is the lightest grey at 4.5:1
    assert theme.contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)
    dark = theme.THEMES["dark"]
    lifted = theme.readable("#0072B2", dark, 4.5, dark.window)
    assert theme.contrast(lifted, dark.window) >= 4.5
    assert theme.contrast(lifted, dark.window) < 4.6  # the least lightening that reaches it
    assert theme.readable("#E69F00", theme.THEMES["light"], 4.5) == "#E69F00"  # light: as designed
