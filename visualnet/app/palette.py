"""One palette for the whole app: class colours, the diverging colormap, pens and brushes made once."""

from __future__ import annotations

from functools import cache
from typing import cast

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QPalette, QPen
from PySide6.QtWidgets import QLabel

# Okabe–Ito, the colour-blind-safe palette: class 0 blue, class 1 orange, then the rest.
CLASS_COLORS: tuple[str, ...] = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#555555",
)
# Signed values (weights, gradients): orange below zero, white at zero, blue above (as TF Playground).
DIVERGING_STOPS = (
    (0.0, "#B35806"), (0.25, "#F1A340"), (0.5, "#F7F7F7"), (0.75, "#67A9CF"), (1.0, "#2166AC"),
)
LOSS_COLORS = {"train": "#0072B2", "val": "#D55E00", "test": "#CC79A7", "accuracy": "#009E73",
               "previous": "#8C8C8C"}  # the run before the last change of settings, to compare
FOREGROUND = "#303030"
ACCENT = "#CC0000"


def class_rgb() -> np.ndarray:
    """(8, 3) float array of the class colours in 0..1, for blending probability fields."""
    # PySide6's stub types getRgbF() as object
    return np.array([cast("tuple[float, ...]", QColor(c).getRgbF())[:3] for c in CLASS_COLORS])


@cache
def diverging_colormap() -> pg.ColorMap:
    """The signed-value colormap, symmetric around 0 when used with levels (-m, m)."""
    pos, colors = zip(*DIVERGING_STOPS, strict=True)
    return pg.ColorMap(np.array(pos), [QColor(c) for c in colors])


def device_pixel_ratio() -> float:
    """Device pixels per logical pixel on the primary screen (2 on most high-DPI screens)."""
    app = cast("QGuiApplication | None", QGuiApplication.instance())  # the stub says QCoreApplication
    screen = app.primaryScreen() if app is not None else None
    return screen.devicePixelRatio() if screen is not None else 1.0


@cache
def pen(color: str, width: float = 1.0, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    """A cosmetic pen `width` logical pixels wide, created once per (colour, width, style) and shared."""
    # A cosmetic pen's width is in device pixels: on a 2× screen a 2 px line would look half as thick
    # as everything else, so the width is given in logical pixels and scaled here.
    p = pg.mkPen(QColor(color), width=width * device_pixel_ratio(), style=style)
    p.setCosmetic(True)
    return p


@cache
def brush(color: str, alpha: int = 255) -> QBrush:
    """A brush, created once per (colour, alpha) and shared."""
    c = QColor(color)
    c.setAlpha(alpha)
    return QBrush(c)


@cache
def class_pen(label: int, width: float = 1.0) -> QPen:
    """The outline pen of class `label`."""
    return pen(CLASS_COLORS[label % len(CLASS_COLORS)], width)


@cache
def class_brush(label: int, alpha: int = 255) -> QBrush:
    """The fill brush of class `label`."""
    return brush(CLASS_COLORS[label % len(CLASS_COLORS)], alpha)


def configure_pyqtgraph() -> None:
    """Global pyqtgraph look: white background, dark foreground, antialiasing."""
    pg.setConfigOptions(background="w", foreground=FOREGROUND, antialias=False, imageAxisOrder="row-major")


def quiet_label(label: QLabel) -> QLabel:
    """Draw a caption or hint in the theme's secondary text colour (the palette's PlaceholderText)."""
    # a palette role, not a fixed grey: it follows the light and dark themes
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label
