"""The optimizer playground: optimizers racing on a two-parameter function, live (the book's chapter 6).

The race itself is `core.race.Race`; what is drawn (shades, contours, thinned and clipped paths, dots,
arrows, readouts) is worked out by `presenters.playground`; this widget paints it and turns clicks
into settings. The plot holds two items, made once (`playground_paths`): the surface, one picture per
plot size, and the runners, fed by one `set_frame` call per frame. The controls sit in a scrolling
panel beside the plot, in a splitter, so a small dock keeps a usable plot. Every text follows the
language (`retranslate`); the function box keeps its keys (English names) as item data.
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, QSignalBlocker, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from visualnet import textinput
from visualnet.app import i18n, palette, theme
from visualnet.app.optimizer_widgets import (
    CATCH_UP_BUDGET_S,
    PLAY,
    RESET,
    STEP,
    CatchUpClock,
    NumberSpin,
    hyper_row,
    hyper_spin,
    lr_spin,
    play_text,
    set_tip,
    transport_buttons,
    use_check,
)
from visualnet.app.playground_paths import RunnersItem, StartViewBox, SurfaceItem
from visualnet.app.plotting import cache_axes, label_axis
from visualnet.core import optimizers
from visualnet.core.formula import FormulaError
from visualnet.core.race import BOOK_CHAPTER_6, Entry, Preset, Race, Runner
from visualnet.core.surfaces import BOOK, SURFACES, Surface, from_formula
from visualnet.presenters import playground as present
from visualnet.presenters.gradient_field import surface_field
from visualnet.presenters.playground import GLYPHS
from visualnet.translatable import QT_TRANSLATE_NOOP, Message

# what other modules import from here
__all__ = ["BACKGROUND_STOPS", "CONTOUR_COLOR", "ERROR_COLOR", "OptimizerPlayground"]

CUSTOM = "Custom formula…"  # the function box's key (item data) for a typed formula; its English text
DEFAULT_FORMULA = "sin(x)*cos(y) + (x^2 + y^2)/20"
MIN_PLOT_PX = 200  # the plot never gets narrower than this, however narrow the dock
INDENT_PX = 22  # a runner's settings and readout sit under its name, past the checkbox
FRAME_MS = 16  # the fastest timer interval: about 60 frames per second
TEXT_INTERVAL_S = 0.1  # while playing, the number readouts change at most this often (readable, cheap)
BACKGROUND_STOPS = ((0.0, "#FFFFFF"), (1.0, "#A9A9A9"))  # low f light, high f grey: paths stay legible
CONTOUR_COLOR = "#7A7A7A"
ERROR_COLOR = "#C00000"
OFF_COLOR = "#909090"
TEXT_CONTRAST = 4.5  # WCAG AA for normal text: the coloured names and messages on a dark window
# one colour per kind of arrow (each starts at its optimizer's head): one item per kind, not per optimizer
GLYPH_COLORS = {"gradient": "#CC0000", "velocity": "#7B3294", "step": "#202020"}
GLYPH_NAMES = {
    "gradient": QT_TRANSLATE_NOOP("OptimizerPlayground", "gradient"),
    "velocity": QT_TRANSLATE_NOOP("OptimizerPlayground", "momentum"),
    "step": QT_TRANSLATE_NOOP("OptimizerPlayground", "step"),
}
GLYPH_TIPS = {
    "gradient": QT_TRANSLATE_NOOP(
        "OptimizerPlayground",
        "Red: −lr·∇f at the current point, the step plain gradient descent would take from here."),
    "velocity": QT_TRANSLATE_NOOP(
        "OptimizerPlayground",
        "Purple: the momentum carried into the next step: β·v for Momentum and Nesterov "
        "(Momentum's next step is exactly this plus the red arrow); −lr·m for Adam "
        "(m, its running mean of gradients, in the red arrow's units)."),
    "step": QT_TRANSLATE_NOOP(
        "OptimizerPlayground", "Black: the step the optimizer actually took last, ending at its head."),
}
DEFAULT_ON = ("SGD", "Momentum", "AdaGrad", "Adam")


def _invalidate(layout: QLayout) -> None:
    """Forget the sizes `layout` and every layout in it have cached."""
    layout.invalidate()
    for i in range(layout.count()):
        item = layout.itemAt(i)
        inner = item.layout() if item is not None else None
        if inner is not None:
            _invalidate(inner)


class NarrowPanel(QWidget):
    """The controls' panel: it asks for no more width than it needs (the plot wants the rest).

    theme's scroll-area fitting sizes a scroll area from its widget's sizeHint, which would take the
    line edit's and combo box's comfortable widths.
    """

    def sizeHint(self) -> QSize:
        """As wide as the minimum, as tall as it likes."""
        return QSize(self.minimumSizeHint().width(), super().sizeHint().height())


class OptimizerPlayground(QWidget):
    """Optimizers racing on a chosen function from a draggable start point, with readouts and arrows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("optimizerPlayground")
        self.surface: Surface = BOOK
        self._custom: Surface | None = None  # the last accepted formula
        self._refusal: Message | None = None  # why the typed formula was not used, while it shows
        # every optimizer races (the unchecked ones inactive), so a checkbox never rebuilds the race
        entries = [Entry(name, BOOK.lrs[name]) for name in optimizers.NAMES]
        self.race = Race(BOOK, BOOK.start, entries)
        for r in self.race.runners:
            r.active = r.name in DEFAULT_ON
        self._texts: dict[str, str] = {}
        self._text_time = -math.inf
        self._build_plot()
        self._build_controls()
        self._theme: theme.Theme | None = None
        self.apply_theme(theme.current())
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_tick)
        # while a runner brought back catches up: one slice of its steps per turn of the event loop
        self.catch_up_timer = CatchUpClock(self, self._on_catch_up_tick)
        self._catch_up_drawn = -math.inf
        self._set_speed(self.speed.value())
        self._show_surface()
        self.refresh()
        self.viewbox.sigResized.connect(lambda *_: self.refresh())  # arrow heads are sized in pixels
        self.retranslate()
        # the controls start at their narrowest, the plot gets the rest (sizes are shares of the width)
        self.splitter.setSizes([10_000, self.controls.minimumWidth()])
        i18n.follow_language(self, self.retranslate)

    # ------------------------------------------------------------------------------- building (once)

    def _build_plot(self) -> None:
        self.viewbox = StartViewBox()
        self.plot = pg.PlotWidget(viewBox=self.viewbox, background="w")
        self.plot.setObjectName("playgroundPlot")
        pi = self.plot.getPlotItem()
        pi.hideButtons()
        pi.setMenuEnabled(False)
        self.viewbox.setDefaultPadding(0)
        for name in ("bottom", "left"):
            pi.getAxis(name).setPen(palette.pen(palette.FOREGROUND))
            pi.getAxis(name).setTextPen(palette.pen(palette.FOREGROUND))
        label_axis(pi, "bottom", "x")
        label_axis(pi, "left", "y")
        # two items in all (see playground_paths): the surface, drawn into one cached picture, and the
        # race, every runner's path, dots and head, the arrows and the start marker, in one paint()
        self.surface_item = SurfaceItem(BACKGROUND_STOPS, CONTOUR_COLOR)
        self.surface_item.setZValue(-10)
        self.race_item = RunnersItem(GLYPH_COLORS)
        self.race_item.setZValue(10)
        for item in (self.surface_item, self.race_item):
            pi.addItem(item)
        cache_axes(pi)
        # per runner: the path thinned to the pixels, and its step dots
        self.runner_geometry = present.RunnerGeometry(r.name for r in self.race.runners)
        self.viewbox.startDragged.connect(self._on_start_dragged)
        self.caption = QLabel(objectName="playgroundCaption")
        palette.quiet_label(self.caption)
        self.caption.setWordWrap(True)

    def _build_controls(self) -> None:
        self.function = QComboBox(objectName="playgroundFunction")
        for key in [*SURFACES, CUSTOM]:  # the key as data (a plain str): the text is translated
            self.function.addItem(str(key), str(key))
        self.function.currentIndexChanged.connect(self._on_function_chosen)
        self.formula = QLineEdit(DEFAULT_FORMULA, objectName="playgroundFormula")
        self.formula.returnPressed.connect(self._on_formula_entered)
        self.formula.setCursorPosition(0)  # a narrow box shows the formula's beginning
        self.formula_error = QLabel(objectName="playgroundFormulaError")
        self.formula_error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.formula_error.setWordWrap(True)
        self.formula_error.hide()

        # per optimizer a compact block (the panel must leave the plot room in a 470 px dock):
        # [x] name   [lr]
        #     hyper-parameters (m, ρ, β1, β2), where it has any
        #     readout
        grid = QGridLayout()
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(1)
        self.optimizer_header = QLabel()
        grid.addWidget(self.optimizer_header, 0, 0)
        grid.addWidget(QLabel("<b>lr</b>"), 0, 1)
        self.checks: dict[str, QCheckBox] = {}
        self.lr_spins: dict[str, QDoubleSpinBox] = {}
        self.hyper_spins: dict[str, dict[str, QDoubleSpinBox]] = {}
        self.readouts: dict[str, QLabel] = {}
        row = 1
        for r in self.race.runners:
            color = palette.CLASS_COLORS[r.color % 8]
            check = use_check(r.name, f"playgroundUse{r.name}", r.active, self._on_use_toggled)
            check.setStyleSheet(f"QCheckBox {{ color: {color}; font-weight: bold; }}")
            spin = lr_spin(r.name, f"playgroundLr{r.name}", r.optimizer.lr, self.race.set_lr, "")
            spin.setMaximumWidth(spin.fontMetrics().horizontalAdvance("00.0000") + 40)  # room for the arrows
            # mypy cannot type a lambda's default arguments, hence the ignore below
            self.hyper_spins[r.name] = {
                key: hyper_spin(key, f"playground{key.capitalize()}{r.name}",
                                float(getattr(r.optimizer, key)),
                                lambda v, name=r.name, k=key: self.race.set_hyper(name, **{k: v}))  # type: ignore[misc]
                for key in optimizers.DEFAULTS[r.name] if key != "lr"}
            readout = QLabel(objectName=f"playgroundReadout{r.name}")
            readout.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(check, row, 0)
            grid.addWidget(spin, row, 1)
            row += 1
            if self.hyper_spins[r.name]:
                hypers = hyper_row(self.hyper_spins[r.name])
                hypers.setContentsMargins(INDENT_PX, 0, 0, 0)
                grid.addLayout(hypers, row, 0, 1, 2)
                row += 1
            readout.setContentsMargins(INDENT_PX, 0, 0, 4)
            grid.addWidget(readout, row, 0, 1, 2)
            row += 1
            self.checks[r.name], self.lr_spins[r.name], self.readouts[r.name] = check, spin, readout

        self.glyph_checks: dict[str, QCheckBox] = {}
        arrows = QGridLayout()
        arrows.setVerticalSpacing(1)
        self.arrows_header = QLabel()
        arrows.addWidget(self.arrows_header, 0, 0, 1, 2)
        for k, g in enumerate(GLYPHS):
            box = QCheckBox(objectName=f"playgroundArrow{g.capitalize()}")
            box.setStyleSheet(f"QCheckBox {{ color: {GLYPH_COLORS[g]}; }}")
            box.toggled.connect(lambda _on: self.refresh())
            self.glyph_checks[g] = box
            arrows.addWidget(box, 1 + k // 2, k % 2)
        # −∇f over the whole function, the book's figure of a gradient (drawn into the surface's picture)
        self.field_check = QCheckBox(objectName="gradientFieldCheck")
        self.field_check.toggled.connect(lambda _on: self._show_field())
        arrows.addWidget(self.field_check, 2 + (len(GLYPHS) - 1) // 2, 0, 1, 2)

        self.play, self.step_button, self.reset_button = transport_buttons("playground")
        self.play.toggled.connect(self.set_playing)
        self.step_button.clicked.connect(lambda: self.step(1))
        self.reset_button.clicked.connect(self.reset)
        transport = QHBoxLayout()
        for b in (self.play, self.step_button, self.reset_button):
            transport.addWidget(b)

        self.speed = NumberSpin(objectName="playgroundSpeed")
        self.speed.setRange(1, 1000)
        self.speed.setValue(15)
        self.speed.valueChanged.connect(self._set_speed)
        self.stop_at = NumberSpin(objectName="playgroundStopAt")
        self.stop_at.setRange(0, 1_000_000)
        self.speed_label, self.stop_label = QLabel(), QLabel()
        pace = QGridLayout()
        pace.setVerticalSpacing(2)
        pace.addWidget(self.speed_label, 0, 0)
        pace.addWidget(self.speed, 0, 1)
        pace.addWidget(self.stop_label, 1, 0)
        pace.addWidget(self.stop_at, 1, 1)
        pace.setColumnStretch(1, 1)
        self.preset = QPushButton(objectName="playgroundBookPreset")
        self.preset.clicked.connect(lambda: self.apply_preset(BOOK_CHAPTER_6))
        self.status = QLabel(objectName="playgroundStatus")

        panel = QVBoxLayout()
        panel.setContentsMargins(0, 0, 4, 0)
        panel.setSpacing(4)
        panel.addWidget(self.function)
        panel.addWidget(self.caption)  # here, not under the plot: it wraps in the panel's width
        self.custom_label = QLabel()
        panel.addWidget(self.custom_label)
        panel.addWidget(self.formula)
        panel.addWidget(self.formula_error)
        panel.addLayout(transport)
        panel.addWidget(self.status)
        panel.addLayout(grid)
        panel.addLayout(arrows)
        panel.addLayout(pace)
        panel.addWidget(self.preset)
        self.hint = QLabel()
        palette.quiet_label(self.hint)
        self.hint.setWordWrap(True)
        panel.addWidget(self.hint)
        panel.addStretch(1)
        side = NarrowPanel(objectName="playgroundPanel")
        side.setLayout(panel)
        self.panel, self._panel_layout = side, panel
        # the controls scroll (never sideways) when the dock is short; the plot takes the rest
        self.controls = QScrollArea(objectName="playgroundControls")
        self.controls.setWidget(side)
        self.controls.setWidgetResizable(True)
        self.controls.setFrameShape(QFrame.Shape.NoFrame)
        self.controls.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.plot.setMinimumSize(MIN_PLOT_PX, MIN_PLOT_PX)
        # a splitter: the user can give the plot or the controls more room
        self.splitter = QSplitter(Qt.Orientation.Horizontal, objectName="playgroundSplitter")
        self.splitter.addWidget(self.plot)
        self.splitter.addWidget(self.controls)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setChildrenCollapsible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.splitter)

    # ------------------------------------------------------------------------------- language

    def retranslate(self) -> None:
        """Every text in the language now spoken (once when built, again on a language change)."""
        self.plot.setAccessibleName(self.tr("Optimizer playground plot"))
        for i in range(self.function.count()):
            key = self.function.itemData(i)
            # a described function's name is marked in core.surfaces; proper names stay as they are
            text = self.tr("Custom formula…") if key == CUSTOM else i18n.translated(SURFACES[key].name)
            self.function.setItemText(i, text)
        self.function.setToolTip(self.tr("The function f(x, y) the optimizers minimise"))
        self.formula.setPlaceholderText(self.tr("f(x, y), e.g. x^2/20 + y^2"))
        self.formula.setToolTip(self.tr("Numbers, x, y, + − * / ^, parentheses, pi, e and sin cos tan exp "
                                        "log sqrt abs tanh …; press Enter to race on it"))
        self._show_refusal()
        self.custom_label.setText(self.tr("custom f(x, y) ="))
        self.optimizer_header.setText("<b>{}</b>".format(self.tr("optimizer")))
        for name, spin in self.lr_spins.items():
            set_tip(spin, self.tr("{name}'s learning rate; changing it never restarts the race")
                    .format(name=name))
        self.arrows_header.setText("<b>{}</b>".format(self.tr("arrows")))
        self.field_check.setText(self.tr("gradient field"))
        self.field_check.setToolTip(self.tr(
            "Blue: −∇f as arrows over a grid, the way down from every point (the book's figure of the "
            "gradient of x0² + x1²). One scale for all arrows: the longest fills a cell."))
        for g, box in self.glyph_checks.items():
            box.setText(i18n.translated(GLYPH_NAMES[g]))
            box.setToolTip(i18n.translated(GLYPH_TIPS[g]))
        self.speed_label.setText(self.tr("speed"))
        self.speed.setSuffix(self.tr(" steps/s"))
        set_tip(self.speed, self.tr("How fast the race runs"))
        self.stop_label.setText(self.tr("stop at"))
        self.stop_at.setSpecialValueText(self.tr("never"))
        set_tip(self.stop_at, self.tr("Pause when the race reaches this step (0: never)"))
        self.preset.setText(self.tr("Book, chapter 6"))
        self.preset.setToolTip(self.tr("The book's comparison: f = x²/20 + y² from (−7, 2); SGD lr 0.95, "
                                       "Momentum 0.1, AdaGrad 1.5, Adam 0.3; 30 steps"))
        self.hint.setText(self.tr("Drag the white circle to start somewhere else."))
        self._update_texts()
        self._fit_controls()

    def _fit_controls(self) -> None:
        """Buttons and the controls' panel as narrow as their texts in this language allow."""
        # Fusion asks 80 px of every push button: three of them would widen the whole panel. The buttons
        # may not have heard of the language change yet: measure the texts they will show
        texts = [play_text(True), *(i18n.translated(t) for t in (PLAY, STEP, RESET))]
        for b in (self.play, self.step_button, self.reset_button):
            b.setMinimumWidth(max(map(b.fontMetrics().horizontalAdvance, texts)) + 18)
        _invalidate(self._panel_layout)  # a panel not shown yet keeps the sizes its old texts had
        scrollbar = self.controls.verticalScrollBar().sizeHint().width()
        self.controls.setMinimumWidth(self.panel.minimumSizeHint().width() + scrollbar + 4)

    # ------------------------------------------------------------------------------- actions

    def set_playing(self, on: bool) -> None:
        """Start or pause the race clock."""
        if on and self.race.finished:
            on = False
        with QSignalBlocker(self.play):
            self.play.setChecked(on)
        self.play.setText(play_text(on))  # set with its signals blocked: it cannot follow by itself
        if on:
            self.timer.start()
        else:
            self.timer.stop()
            self._update_texts()  # the throttled readouts catch up

    @property
    def playing(self) -> bool:
        """True while the clock runs."""
        return self.timer.isActive()

    def step(self, n: int = 1) -> None:
        """Advance the race n steps and redraw."""
        self.race.step(n)
        self.refresh()

    def reset(self) -> None:
        """Every optimizer back to the start point."""
        self.race.reset()
        self.refresh()

    def set_start(self, x: float, y: float) -> None:
        """Move the start point (inside the window) and restart the race."""
        (x0, x1), (y0, y1) = self.surface.xlim, self.surface.ylim
        self.race.set_start((min(max(x, x0), x1), min(max(y, y0), y1)))
        self.refresh()

    def set_surface(self, surface: Surface) -> None:
        """Race on another function from its own start point, with its suggested learning rates."""
        self.surface = surface
        self.race.set_surface(surface)
        self.stop_at.setValue(0)  # a step limit belonged to the race on the old function
        for name, spin in self.lr_spins.items():
            lr = surface.lrs.get(name, spin.value())
            with QSignalBlocker(spin):
                spin.setValue(lr)
            self.race.set_lr(name, spin.value())  # what the spin box shows is what runs
        self._show_function()
        self._show_surface()
        self.refresh()

    def apply_preset(self, preset: Preset) -> None:
        """Set up a preset race exactly (function, start, contestants, rates) and play it to its end."""
        self.set_playing(False)
        self.set_surface(preset.surface)
        chosen = {e.optimizer: e for e in preset.entries}
        for r in self.race.runners:
            entry = chosen.get(r.name)
            defaults = optimizers.DEFAULTS[r.name]
            for key, value in defaults.items():  # the preset's hyper-parameters, else the book's defaults
                if key != "lr":
                    setattr(r.optimizer, key, (entry.hyper.get(key, value) if entry else value))
            if entry is not None:
                r.optimizer.lr = entry.lr
            with QSignalBlocker(self.lr_spins[r.name]):
                self.lr_spins[r.name].setValue(r.optimizer.lr)
            for key, spin in self.hyper_spins[r.name].items():
                with QSignalBlocker(spin):
                    spin.setValue(getattr(r.optimizer, key))
            with QSignalBlocker(self.checks[r.name]):
                self.checks[r.name].setChecked(entry is not None)
            r.active = entry is not None
        self.race.set_start(preset.start)
        self.stop_at.setValue(preset.steps)
        self.refresh()
        self.set_playing(True)

    # ------------------------------------------------------------------------------- events

    def _show_function(self) -> None:
        """The function box shows the surface raced on (without announcing it)."""
        key = CUSTOM if self.surface is self._custom else str(self.surface.name)
        with QSignalBlocker(self.function):
            self.function.setCurrentIndex(self.function.findData(key))

    def _on_function_chosen(self, index: int) -> None:
        key = self.function.itemData(index)
        if key != CUSTOM:
            self.set_surface(SURFACES[key])
        elif not self._on_formula_entered():  # a refused formula: stay on the surface we have
            self._show_function()

    def _on_formula_entered(self) -> bool:
        """Race on the typed formula; a refused one shows the parser's reason and changes nothing."""
        try:
            surface = from_formula(textinput.fold(self.formula.text()))  # １．５ as 1.5, same positions
        except FormulaError as err:
            return self._refuse(err.message)
        if not np.isfinite(surface.grid(41)[2]).any():
            (x0, x1), (y0, y1) = surface.xlim, surface.ylim
            return self._refuse(Message(QT_TRANSLATE_NOOP(
                "OptimizerPlayground", "f has no finite value for x in [{x0}, {x1}], y in [{y0}, {y1}]"),
                x0=f"{x0:g}", x1=f"{x1:g}", y0=f"{y0:g}", y1=f"{y1:g}"))
        self._refusal = None
        self.formula_error.hide()
        self._custom = surface
        self.set_surface(surface)
        return True

    def _refuse(self, reason: Message) -> bool:
        """Show why the typed formula is not used (in the language spoken, now and after a switch)."""
        self._refusal = reason
        self._show_refusal()
        self.formula_error.show()
        return False

    def _show_refusal(self) -> None:
        """The reason a formula was refused, if one was, in the language now spoken."""
        if self._refusal is not None:
            reason = i18n.translated(self._refusal)
            self.formula_error.setText(self.tr("Not used: {reason}").format(reason=reason))

    def _on_use_toggled(self, name: str, on: bool) -> None:
        self.race.set_active(name, on)  # one brought back catches up, a slice per tick of catch_up_timer
        self._follow_catch_up()
        self.refresh()

    def _follow_catch_up(self) -> None:
        """Run the catch-up clock while a runner is behind and the playground is shown."""
        self.catch_up_timer.follow(bool(self.race.catching_up) and self.isVisible())

    def _on_catch_up_tick(self) -> None:
        """One slice of the catch-up; a redraw every TEXT_INTERVAL_S and at the end."""
        self.race.catch_up(CATCH_UP_BUDGET_S)
        done = not self.race.catching_up
        if done:
            self.catch_up_timer.stop()
        if done or time.perf_counter() - self._catch_up_drawn >= TEXT_INTERVAL_S:
            self.refresh()
            self._update_texts()
            self._catch_up_drawn = time.perf_counter()

    def _on_start_dragged(self, x: float, y: float, _finished: bool) -> None:
        self.set_start(x, y)

    def _set_speed(self, steps_per_s: int) -> None:
        # at most one frame per FRAME_MS; faster speeds take several steps per frame
        interval = max(FRAME_MS, round(1000 / steps_per_s))
        self.timer.setInterval(interval)
        self._steps_per_tick = max(1, round(steps_per_s * interval / 1000))

    def _on_tick(self) -> None:
        n = self._steps_per_tick
        limit = self.stop_at.value()
        if limit:
            n = min(n, limit - self.race.steps)
        if n > 0 and not self.race.finished:
            self.step(n)
        if (limit and self.race.steps >= limit) or self.race.finished:
            self.set_playing(False)

    def showEvent(self, event: QShowEvent) -> None:
        """Shown again: a runner still catching up goes on."""
        super().showEvent(event)
        self._follow_catch_up()

    def hideEvent(self, event: QHideEvent) -> None:
        """A hidden playground stops its clocks (a catch-up waits until it is shown again)."""
        self.set_playing(False)
        self.catch_up_timer.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Closing stops the clocks too."""
        self.set_playing(False)
        self.catch_up_timer.stop()
        super().closeEvent(event)

    # ------------------------------------------------------------------------------- drawing

    def _show_surface(self) -> None:
        """Image, contours, minima and axis ranges of the current surface (once per surface)."""
        picture = present.surface_picture(self.surface)
        self.surface_item.set_surface(picture.shades, QRectF(*picture.rect), picture.segments, picture.minima)
        self.viewbox.setRange(xRange=self.surface.xlim, yRange=self.surface.ylim, padding=0)
        self._clip = picture.clip
        # the runners item's bounds: the clip window (a span beyond the view on every side), so they
        # change only with the surface; what is drawn beyond them is outside the view anyway
        c0, c1 = self._clip
        self.race_item.set_bounds(QRectF(c0[0], c0[1], c1[0] - c0[0], c1[1] - c0[1]))
        self.caption.setText(picture.caption)
        self._show_field()

    def _show_field(self) -> None:
        """The gradient field of the current function, or none (once per function and switch)."""
        if self.field_check.isChecked():
            self.surface_item.set_field(*surface_field(self.surface).arrows())
        elif len(self.surface_item.field_tails):
            self.surface_item.set_field(np.empty((0, 2)), np.empty((0, 2)))

    def refresh(self) -> None:
        """Push the race's state into the race item (one call, no item created) and the readouts."""
        start = self.race.start
        self.viewbox.start = start
        shown = {g for g, box in self.glyph_checks.items() if box.isChecked()}
        pixel = np.array(self.viewbox.viewPixelSize())
        active = list(self.race.active)
        drawings = [self.runner_geometry.drawing(r, palette.CLASS_COLORS[r.color % 8], pixel, self._clip)
                    for r in active]
        arrows = present.glyph_arrows(active, shown, (float(pixel[0]), float(pixel[1])))
        self.race_item.set_frame(drawings, arrows, np.array(start))
        if not self.playing or time.perf_counter() - self._text_time >= TEXT_INTERVAL_S:
            self._update_texts()

    def _update_texts(self) -> None:
        """Readouts per optimizer and the step counter."""
        self._text_time = time.perf_counter()
        for r in self.race.runners:
            self._set_text(self.readouts[r.name], self._readout(r))
        self._set_text(self.status, present.status_text(self.race, self.stop_at.value(), i18n.translate))

    def apply_theme(self, new: theme.Theme) -> None:
        """The optimizers' and arrows' names and the messages in colours readable on the theme's window;
        the race's pens made again (wider in projector mode, as theme.style_plots widens pyqtgraph's)."""
        # the race item is not a pyqtgraph curve, so style_plots cannot widen its pens: it asks the
        # main window it sits in (MainWindow.projector; a playground on its own is never in projector
        # mode), found through the parents: in a window of its own, self.window() is the dock
        host = self.parentWidget()
        while host is not None and not hasattr(host, "projector"):
            host = host.parentWidget()
        projector = bool(getattr(host, "projector", False))
        line_scale = theme.PROJECTOR_LINE_SCALE if projector else 1.0
        if line_scale != self.race_item.line_scale or new != self._theme:
            self.race_item.build_styles(line_scale)
        if new == self._theme:
            return
        self._theme = new

        def text(colour: str) -> str:  # the light theme keeps its colours; a dark one lightens dim ones
            return theme.readable(colour, new, TEXT_CONTRAST, new.window)

        self._text_colors = {"error": text(ERROR_COLOR), "off": text(OFF_COLOR)}
        for r in self.race.runners:
            color = text(palette.CLASS_COLORS[r.color % 8])
            self.checks[r.name].setStyleSheet(f"QCheckBox {{ color: {color}; font-weight: bold; }}")
        for g, box in self.glyph_checks.items():
            box.setStyleSheet(f"QCheckBox {{ color: {text(GLYPH_COLORS[g])}; }}")
        self.formula_error.setStyleSheet(f"color: {self._text_colors['error']};")
        for r in self.race.runners:  # readouts already shown: the same words in the new colours
            if self.readouts[r.name].objectName() in self._texts:
                self._set_text(self.readouts[r.name], self._readout(r))

    def _readout(self, r: Runner) -> str:
        return present.readout(r, self.race.steps, self._text_colors["error"], self._text_colors["off"],
                               i18n.translate)

    def _set_text(self, label: QLabel, text: str) -> None:
        """Set a label only when its text changes (a new text means a relayout)."""
        if self._texts.get(label.objectName()) != text:
            self._texts[label.objectName()] = text
            label.setText(text)
