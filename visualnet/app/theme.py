"""Light and dark themes and a large-text projector mode, applied to the widgets and to every plot.

The widgets get Qt's Fusion style with a QPalette (Fusion draws from the palette alone, so both
themes look the same on every OS). The plots are pyqtgraph scenes, which ignore the QPalette:
`style_plots` walks every GraphicsView under a widget and sets its background, axes, labels,
legends and text items. It is generic (no view is named), so a view added later only needs
`style_plots(its_widget)` once it exists. Colours a view picks itself (a grid, faded curves, text in
class colours) come from `shade`, `ink`, `readable` and `faded` here: a widget with an
`apply_theme(theme)` method gets it called by `style_plots` and remakes those pens and brushes there,
once per theme change.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar, cast

import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QPen
from PySide6.QtWidgets import QApplication, QDockWidget, QScrollArea, QWidget

from visualnet.app import palette, plotting
from visualnet.app.views.history_curves import HistoryCurve

T = TypeVar("T")

__all__ = [
    "NAMES",
    "PROJECTOR_LINE_SCALE",
    "PROJECTOR_SCALE",
    "THEMES",
    "Theme",
    "apply",
    "contrast",
    "current",
    "faded",
    "ink",
    "mix",
    "qt_palette",
    "readable",
    "resolve",
    "shade",
    "style_plots",
]

PROJECTOR_SCALE = 1.5  # every font, widget or plot, in projector mode (a back row reads ~1.5× bigger text)
PROJECTOR_LINE_SCALE = 1.6  # curve widths in projector mode: a 1.5 px line vanishes on a projector
TICK_FONT_RATIO = 0.9  # tick numbers a little smaller than the widget text, as pyqtgraph has them


@dataclass(frozen=True)
class Theme:
    """The colours of one theme: widget roles and the plots' background and ink."""

    name: str
    window: str  # window and panel background
    base: str  # text fields, lists
    alternate: str
    text: str
    button: str
    highlight: str
    highlighted_text: str
    link: str
    disabled_text: str
    secondary_text: str  # captions and hints: quieter than the text, still readable (PlaceholderText)
    tooltip_base: str
    plot_background: str
    plot_ink: str  # axes, tick numbers, labels, legends, plot text

    @property
    def is_dark(self) -> bool:
        """Whether light text sits on a dark background."""
        return QColor(self.window).lightnessF() < 0.5


THEMES: dict[str, Theme] = {
    "light": Theme("light", window="#EFEFEF", base="#FFFFFF", alternate="#F5F5F5", text="#1E1E1E",
                   button="#E8E8E8", highlight="#2A6FB8", highlighted_text="#FFFFFF", link="#0060B0",
                   disabled_text="#9A9A9A", secondary_text="#5E5E5E", tooltip_base="#FFFFDC",
                   plot_background="#FFFFFF", plot_ink=palette.FOREGROUND),
    # not black: a #1E1E1E plot keeps the class colours and the white-based decision field calm
    "dark": Theme("dark", window="#2B2B2B", base="#1E1E1E", alternate="#262626", text="#E4E4E4",
                  button="#3A3A3A", highlight="#3D85D1", highlighted_text="#FFFFFF", link="#74B9FF",
                  disabled_text="#7A7A7A", secondary_text="#A8A8A8", tooltip_base="#3A3A3A",
                  plot_background="#1E1E1E", plot_ink="#D4D4D4"),
}
NAMES = ("light", "dark", "system")

_base_font: QFont | None = None  # the application font before any projector scaling
_current: Theme = THEMES["light"]  # the theme `apply` set last


def current() -> Theme:
    """The theme applied last (light before any)."""
    return _current


# ------------------------------------------------------------------------------------------ colours


def _luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance: the sRGB channels linearised, weighted by the eye's sensitivity."""
    def linear(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    rgba = cast("tuple[float, float, float, float]", colour.getRgbF())  # PySide6's stub says object
    r, g, b = (linear(v) for v in rgba[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: QColor | str, b: QColor | str) -> float:
    """The WCAG 2 contrast ratio of two opaque colours, 1 (same) to 21 (black on white)."""
    la, lb = sorted((_luminance(QColor(a)), _luminance(QColor(b))))
    return (lb + 0.05) / (la + 0.05)


def mix(a: QColor | str, b: QColor | str, t: float) -> QColor:
    """The opaque colour `t` of the way from `a` to `b` (channel by channel, rounded)."""
    rgb_a, rgb_b = (cast("tuple[int, int, int, int]", QColor(c).getRgb())[:3] for c in (a, b))  # stub: object
    return QColor(*(round(x + (y - x) * t) for x, y in zip(rgb_a, rgb_b, strict=True)))


def shade(theme: Theme, t: float) -> str:
    """The grey `t` of the way from the plot background to the plot ink: 0.12 is a grid line.

    The light theme's greys were picked on white with #303030 ink, so the same `t` gives the same
    grey there (#E6E6E6 at 0.12) and a grey as far from the dark background in the dark theme.
    """
    return mix(theme.plot_background, theme.plot_ink, t).name()


def ink(theme: Theme, alpha: int) -> QColor:
    """The plot ink at `alpha` (0–255): faint marks that darken, or lighten, what is behind them."""
    colour = QColor(theme.plot_ink)
    colour.setAlpha(alpha)
    return colour


def readable(colour: str, theme: Theme, minimum: float, background: str | None = None) -> str:
    """`colour`, lightened toward white until it has `minimum` contrast on a dark theme's background
    (the plot's unless `background` is given); in the light theme every colour stays as designed."""
    background = theme.plot_background if background is None else background
    if not theme.is_dark or contrast(colour, background) >= minimum:
        return colour
    t = _least(lambda t: contrast(mix(colour, "#FFFFFF", t), background) >= minimum)
    return mix(colour, "#FFFFFF", t).name()


def _least(reaches: Callable[[float], bool]) -> float:
    """The least t in [0, 1] for which `reaches(t)` holds, to 1e-6 (it must hold from there on up)."""
    lo, hi = 0.0, 1.0
    for _ in range(20):  # bisection: 2^-20 is finer than one of 255 colour steps
        t = (lo + hi) / 2
        lo, hi = (lo, t) if reaches(t) else (t, hi)
    return hi


FADED_ALPHA = 0x55  # light theme: a curve not in use is its colour at a third of its strength
FADED_CONTRAST_DARK = 2.0  # dark theme: every faded curve this far from the background


def faded(colour: str, theme: Theme) -> QColor:
    """A curve's colour for when it is only context: it recedes, yet stays visible.

    On white a third of the colour is enough (contrast 1.3–1.7). On a dark background the same
    alpha leaves the dark colours (the step's grey, the sigmoid's blue) at 1.3 and thin dim lines
    read weaker than on white, so there each colour is mixed into the background just until it
    reaches FADED_CONTRAST_DARK: all faded curves equally quiet, none lost.
    """
    if not theme.is_dark:
        c = QColor(colour)
        c.setAlpha(FADED_ALPHA)
        return c
    full, background = readable(colour, theme, FADED_CONTRAST_DARK), theme.plot_background
    # contrast grows as the mix moves from the background toward the (lighter) colour
    return mix(background, full, _least(lambda t: contrast(mix(background, full, t), background)
                                        >= FADED_CONTRAST_DARK))


def resolve(name: str) -> Theme:
    """The theme called `name`; "system" is dark when the OS says so, otherwise light."""
    if name == "system":
        hints = QGuiApplication.styleHints()
        dark = hints is not None and hints.colorScheme() == Qt.ColorScheme.Dark
        return THEMES["dark" if dark else "light"]
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}; choose one of: {', '.join(NAMES)}")
    return THEMES[name]


def qt_palette(theme: Theme) -> QPalette:
    """A QPalette with every role the Fusion style reads set from `theme`."""
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    p = QPalette()
    colours = {
        role.Window: theme.window, role.WindowText: theme.text, role.Base: theme.base,
        role.AlternateBase: theme.alternate, role.Text: theme.text, role.Button: theme.button,
        role.ButtonText: theme.text, role.BrightText: "#FF5050", role.Highlight: theme.highlight,
        role.HighlightedText: theme.highlighted_text, role.Link: theme.link, role.LinkVisited: theme.link,
        role.ToolTipBase: theme.tooltip_base, role.ToolTipText: theme.text,
        role.PlaceholderText: theme.secondary_text,
    }
    for r, c in colours.items():
        p.setColor(r, QColor(c))
    for r in (role.WindowText, role.Text, role.ButtonText):
        p.setColor(group.Disabled, r, QColor(theme.disabled_text))
    # Fusion draws frames and bevels from these: derived from the window colour so both themes get depth
    window = QColor(theme.window)
    p.setColor(role.Light, window.lighter(150))
    p.setColor(role.Midlight, window.lighter(115))
    p.setColor(role.Mid, window.darker(130) if not theme.is_dark else window.lighter(130))
    p.setColor(role.Dark, window.darker(160) if not theme.is_dark else window.darker(130))
    p.setColor(role.Shadow, QColor("#000000"))
    return p


# ------------------------------------------------------------------------------------------ plots


def _remember(item: object, key: str, current: T) -> T:
    """The item's own (unthemed) value of `key`: taken from the item the first time, and again
    whenever its current value is not the one the theme set last (its view changed it since)."""
    base_key, set_key = f"_theme_base_{key}", f"_theme_set_{key}"
    if not hasattr(item, base_key) or getattr(item, set_key, None) != current:
        setattr(item, base_key, current)
    return getattr(item, base_key)


def _set(item: object, key: str, value: T) -> T:
    """Note that the theme set `key` to `value` (see `_remember`); returns `value`."""
    setattr(item, f"_theme_set_{key}", value)
    return value


def _scaled_font(base: QFont, scale: float) -> QFont:
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * scale)
    return font


def _ink(colour: QColor, theme: Theme) -> QColor:
    """Text and lines drawn in the light theme's ink take the theme's ink; other colours stay."""
    return QColor(theme.plot_ink) if colour.name().upper() == palette.FOREGROUND.upper() else colour


def _style_axis(axis: pg.AxisItem, theme: Theme, point_size: float, scale: float) -> None:
    ink = QColor(theme.plot_ink)
    axis.setPen(pg.mkPen(ink))
    axis.setTextPen(pg.mkPen(ink))  # also sets the label's CSS colour
    tick_font = QFont(QApplication.font())
    tick_font.setPointSizeF(point_size * TICK_FONT_RATIO)
    axis.setTickFont(tick_font)
    # tick density follows the text size: numbers 1.5x bigger get 1/1.5 as many ticks, so they never crowd
    axis.setTickDensity(1.0 / scale)
    # the label is HTML styled from its CSS options: set again with the new size, all else as it was
    style = {**axis.labelStyle, "font-size": f"{point_size:.1f}pt"}
    axis.setLabel(axis.labelText, axis.labelUnits, axis.labelUnitPrefix, unitPower=axis.unitPower,
                  siPrefixEnableRanges=axis.getSIPrefixEnableRanges(), **style)
    axis.resizeEvent()  # keep the label centred on its (now larger or smaller) text
    # an axis its view gave a fixed width or height (a colour bar's) must grow with its numbers
    for side, setter in (("fixedWidth", axis.setWidth), ("fixedHeight", axis.setHeight)):
        current = getattr(axis, side)
        if current is not None:
            base = _remember(axis, side, current)
            setter(_set(axis, side, round(base * scale)))


def _style_curve(item: pg.PlotDataItem | pg.PlotCurveItem | HistoryCurve, line_scale: float) -> None:
    """Widen a curve's pen by `line_scale` (projector mode), from its own width, reversibly."""
    current = item.opts.get("pen")
    if not isinstance(current, QPen):
        return
    base = _remember(item, "pen", QPen(current))
    if base.style() == Qt.PenStyle.NoPen:
        return
    pen = QPen(base)
    # a cosmetic width 0 draws 1 px wide: scale from 1
    pen.setWidthF(max(base.widthF(), 1.0) * line_scale if line_scale != 1 else base.widthF())
    item.setPen(_set(item, "pen", pen))


def _style_legend(legend: pg.LegendItem, theme: Theme, scale: float) -> None:
    base_size = _remember(legend, "size", legend.opts["labelTextSize"])
    size = base_size
    if isinstance(base_size, str) and base_size.endswith("pt"):
        size = f"{float(base_size[:-2]) * scale:.1f}pt"
    legend.setLabelTextSize(_set(legend, "size", size))
    legend.setLabelTextColor(QColor(theme.plot_ink))
    for _sample, label in legend.items:  # the labels keep their text: re-render it in the new style
        label.setText(label.text)
    if legend.opts.get("brush") is not None:
        legend.setBrush(QColor(theme.plot_background).lighter(110 if theme.is_dark else 100))
    parent = legend.parentItem()
    if isinstance(parent, pg.PlotItem) and parent.layout.itemAt(0, 0) is legend:
        plotting.fit_top_legend(parent, legend)  # a legend in the title row: its row follows its height
    else:
        legend.updateSize()


def _style_text(item: pg.TextItem, theme: Theme, scale: float) -> None:
    base_colour = _remember(item, "colour", QColor(item.color))
    item.setColor(_set(item, "colour", _ink(base_colour, theme)))
    base_font = _remember(item, "font", QFont(item.textItem.font()))
    item.setFont(_set(item, "font", _scaled_font(base_font, scale)))


def _style_label(label: pg.LabelItem, theme: Theme, point_size: float) -> None:
    """A plot title or a free-standing label: the theme's ink, unless it has its own colour."""
    base = _remember(label, "colour", label.opts.get("color"))
    colour = QColor(theme.plot_ink) if base is None else _ink(pg.mkColor(base), theme)
    label.setText(label.text, color=_set(label, "colour", colour), size=f"{point_size:.1f}pt")


def style_plot_view(view: pg.GraphicsView, theme: Theme, scale: float = 1.0,
                    line_scale: float = 1.0) -> None:
    """Theme one pyqtgraph view (a PlotWidget or GraphicsLayoutWidget) and every item in its scene."""
    view.setBackground(QColor(theme.plot_background))
    point_size = QApplication.font().pointSizeF()
    for item in view.scene().items():
        if isinstance(item, pg.AxisItem):
            _style_axis(item, theme, point_size, scale)
        elif isinstance(item, pg.LegendItem):
            _style_legend(item, theme, scale)
        elif isinstance(item, pg.TextItem):
            _style_text(item, theme, scale)
        elif isinstance(item, pg.LabelItem) and not isinstance(item.parentItem(), pg.LegendItem):
            if item.isVisible() and item.text.strip():
                _style_label(item, theme, point_size * 1.1)
        elif isinstance(item, pg.PlotDataItem | HistoryCurve) or (
                isinstance(item, pg.PlotCurveItem) and not isinstance(item.parentItem(), pg.PlotDataItem)):
            _style_curve(item, line_scale)


def _style_dock_titles(root: QWidget) -> None:
    """Dock titles in the application font (so they grow in projector mode).

    QDockWidget paints its title in the platform's own title font, cached when it was made, as long
    as its font is the application's; a font that differs only in its style strategy is drawn as is.
    """
    font = QFont(QApplication.font())
    font.setStyleStrategy(QFont.StyleStrategy.PreferQuality)
    docks = [root] if isinstance(root, QDockWidget) else []
    for dock in docks + root.findChildren(QDockWidget):
        dock.setFont(font)


def _theme_widgets(root: QWidget, theme: Theme) -> None:
    """Call `apply_theme(theme)` of `root` and of every widget under it that has one."""
    for widget in [root, *root.findChildren(QWidget)]:
        hook = getattr(widget, "apply_theme", None)
        if callable(hook):
            hook(theme)


def style_plots(root: QWidget, theme: Theme, projector: bool = False) -> int:
    """Theme every pyqtgraph view inside `root` (and `root` itself) and the titles of its docks;
    returns how many views were styled."""
    # the views' own pens first: the projector widening below then starts from the new ones
    _theme_widgets(root, theme)
    scale = PROJECTOR_SCALE if projector else 1.0
    line_scale = PROJECTOR_LINE_SCALE if projector else 1.0
    views = [root] if isinstance(root, pg.GraphicsView) else []
    views += root.findChildren(pg.GraphicsView)
    for view in views:
        style_plot_view(view, theme, scale, line_scale)
    _style_dock_titles(root)
    return len(views)


# ------------------------------------------------------------------------------------------ the app


def _fit_scroll_areas(root: QWidget) -> None:
    """A scroll area that never scrolls sideways must be as wide as its contents (at their narrowest:
    the plots beside it need the width) at the new font."""
    for area in root.findChildren(QScrollArea):
        inner = area.widget()
        if inner is not None and area.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff:
            narrowest = inner.minimumSizeHint().width()
            area.setMinimumWidth(narrowest + area.verticalScrollBar().sizeHint().width() + 4)


def apply(root: QWidget | None, name: str = "light", projector: bool = False) -> Theme:
    """Apply theme `name` ("light", "dark" or "system") and projector mode to the whole application
    (style, palette, font) and to every plot under `root`; returns the theme used."""
    global _base_font, _current
    theme = _current = resolve(name)
    app = cast("QApplication | None", QApplication.instance())  # the stub says QCoreApplication
    if app is not None:
        if app.style().name().lower() != "fusion":
            app.setStyle("Fusion")
        if _base_font is None:
            _base_font = QFont(app.font())
        app.setPalette(qt_palette(theme))
        # the size is the theme's; the families are the language's (i18n adds the Chinese one)
        font = QFont(app.font())
        font.setPointSizeF(_base_font.pointSizeF() * (PROJECTOR_SCALE if projector else 1.0))
        app.setFont(font)
    # plots made from now on (a panel opened later) start from the theme's colours
    pg.setConfigOptions(background=theme.plot_background, foreground=theme.plot_ink)
    if root is not None:
        with contextlib.suppress(RuntimeError):  # a window being torn down: nothing left to style
            style_plots(root, theme, projector)
            _fit_scroll_areas(root)
        # the widgets take the new application font from posted events: measure again once they have
        QTimer.singleShot(0, root, lambda: _fit_scroll_areas(root))
    return theme
