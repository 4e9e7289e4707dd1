"""The training loss of the live model around its parameters: heatmap, contours, the path, the next step.

Four modes (the combo box `surfaceModeCombo`):

- two parameters (exact): the loss as two chosen scalar parameters vary, every other one held;
- random directions: the plane through the current parameters along two filter-normalised,
  orthonormal random directions (Li et al., 2018), axes α and β; "New directions" draws others;
- PCA of the training path: the plane of the path's first two principal components through the
  current parameters, each axis labelled with its share of the path's variance;
- 1-D: the loss along the straight line from the initial (t = 0) to the current (t = 1) parameters.

The two planes move with the network: they are re-centred on the current parameters whenever the
surface is recomputed (at most every SURFACE_INTERVAL_S while training runs), and between two
recomputes the path and the current point are projected on the plane the surface was computed on.
A "3-D" box shows the active surface as an OpenGL surface where OpenGL works (see opengl_problem).

Per frame only the path, its dots, the arrow and the current point change: one item draws them all
(surface_overlay.SurfaceOverlay), and the work on the path is incremental (PathThinner).
"""

from __future__ import annotations

import importlib.util
import math
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QHideEvent, QOffscreenSurface, QOpenGLContext
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from visualnet.app import palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.plotting import (
    FastCurve,
    FastImageItem,
    FastScatter,
    TextBox,
    WrapRow,
    cache_axes,
    cache_drawing,
    caption_label,
    fixed_window_plot,
    nice_ceil,
    set_text,
    surface_colorbar,
)
from visualnet.app.views.param_chooser import ParamChooser, param_label
from visualnet.app.views.surface_overlay import MARK_COLOR, SurfaceOverlay
from visualnet.app.views.surface_path import PARAM_LIMIT, Box, PathThinner, dot_indices, drawable
from visualnet.core import contours, grids
from visualnet.core.landscape import Plane
from visualnet.core.training import StepReport
from visualnet.session import ROLE_TRAIN, SURFACE_MAX_POINTS, Session

Param = tuple[str, int]  # (key in model.params, flat index)
Window = tuple[tuple[float, float], tuple[float, float]]

SURFACE_RES = 41  # samples per axis of the surface, fewer for a large network (grids.SURFACE_BUDGET)
MIN_RES = 5  # ... but never fewer than this: a coarser surface would show nothing
SURFACE_INTERVAL_S = 0.1  # recompute the surface at most this often while training runs
MAX_DUTY = 0.25  # ... and never spend more than this fraction of wall time on it
MIN_SPAN = 2.0  # the window is never narrower than this along either parameter (or α, β: [-1, 1])
PCA_MIN_SPAN = 0.5  # ... or along a principal component (plain parameter-space distance)
GROW_MARGIN = 0.3  # when the window grows, pad the path's extent by this fraction on each side
EDGE = 0.04  # a point closer than this fraction of the span to an edge counts as leaving
LOSS_FLOOR, LOSS_CAP = 1e-6, 1e6  # log-scaled colours: losses clipped into [floor, cap]
MAX_DECADES = 3.0  # the colour scale covers at most this many factors of ten
N_CONTOURS = 6
ARROW_MIN, ARROW_MAX = 0.08, 0.3  # arrow length as a fraction of the window (normalised diagonal)

LINE_POINTS = 61  # the 1-D line: about this many losses from t = -LINE_EXTEND to 1 + LINE_EXTEND
MIN_LINE_POINTS = 11  # ... fewer for a large network (grids.LINE_BUDGET), but never fewer than this
LINE_EXTEND = 0.25
LINE_SHRINK = 0.3  # the line's loss range is kept until the losses fill less than this share of it

# (key, combo text, tooltip)
MODES = (
    ("exact", "Two parameters", "Exact: the loss as two chosen parameters vary, every other one held"),
    ("random", "Random directions",
     "A plane through the current weights along two random directions, filter-normalised"
     " (Li et al., 2018) and orthonormal"),
    ("pca", "PCA of the path",
     "The plane of the training path's first two principal components, through the current weights"),
    ("line", "1-D line", "The loss along the straight line from the initial to the current weights"),
)
PLANE_MODES = ("random", "pca")

CONTOUR_COLOR = "#A0FFFFFF"  # #AARRGGBB: translucent white reads on every viridis shade


def scalar_params(params: dict[str, np.ndarray]) -> list[Param]:
    """Every scalar parameter of a model, in the model's key order, then row-major."""
    return [(k, i) for k, v in params.items() for i in range(v.size)]


def sticky_window(points: np.ndarray, window: Window | None, min_span: float = MIN_SPAN) -> Window:
    """Keep `window` while every point (m, 2) is well inside it; else a new one around them all."""
    if window is not None:
        lo = np.array([window[0][0], window[1][0]])
        hi = np.array([window[0][1], window[1][1]])
        inner = EDGE * (hi - lo)
        if np.all(points >= lo + inner) and np.all(points <= hi - inner):
            return window
    lo, hi = points.min(axis=0), points.max(axis=0)
    span = np.maximum((hi - lo) * (1 + 2 * GROW_MARGIN), min_span)
    mid = (lo + hi) / 2
    return (float(mid[0] - span[0] / 2), float(mid[0] + span[0] / 2)), \
        (float(mid[1] - span[1] / 2), float(mid[1] + span[1] / 2))


def loss_ticks(lo: float, hi: float, max_ticks: int = 5) -> list[tuple[float, str]]:
    """Ticks (log10 position, label) at round losses within [lo, hi] (log10), 2..max_ticks of them."""
    # pyqtgraph's log axis labels whole decades (minor ones only when there is room): a loss
    # that spans less than a decade would get no label at all in a small dock
    decades = range(math.floor(lo) - 1, math.ceil(hi) + 1)
    wide = [((1,), every) for every in (1, 2, 3, 5, 10, 20, 50, 100)]
    narrow = [((1, 2, 5), 1), ((1, 2, 3, 5), 1), ((1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9), 1)]
    for mantissas, every in wide + narrow:
        values = [m * 10.0**d for d in decades if d % every == 0 for m in mantissas]
        inside = [v for v in values if lo <= math.log10(v) <= hi]
        if 2 <= len(inside) <= max_ticks:
            break
    else:  # a very narrow range: label its two ends
        inside = [10.0**lo, 10.0**hi]
    return [(math.log10(v), _loss_text(v)) for v in inside]


def _loss_text(v: float) -> str:
    """0.08, 0.5, 2, 1e-5: short and exact enough for a colour bar."""
    if 1e-3 <= v < 1e4:
        return f"{float(f'{v:.2g}'):g}"
    exponent = math.floor(math.log10(v))
    return f"{float(f'{v / 10.0**exponent:.2g}'):g}e{exponent}"


def arrow_scale(norm: float, previous: float = 1.0) -> float:
    """The factor that brings an arrow of length `norm` (a fraction of the window) into
    [ARROW_MIN, ARROW_MAX]: 1 if it fits, else a round 1-2-5 number (or its inverse).

    The previous factor is kept while it still fits, so the caption's "×20" stays put while the
    gradient shrinks, instead of changing (and re-laying out the dock) at every frame.
    """
    if ARROW_MIN <= norm <= ARROW_MAX:
        return 1.0
    if ARROW_MIN <= norm * previous <= ARROW_MAX:
        return previous
    # ARROW_MAX / ARROW_MIN = 3.75 > 2.5, the widest gap of 1-2-5: a round factor always fits
    if norm < ARROW_MIN:
        return nice_ceil(ARROW_MIN / norm, (1, 2, 5, 10))
    return 1.0 / nice_ceil(norm / ARROW_MAX, (1, 2, 5, 10))


def _two_digits(v: float) -> str:
    """651 -> '650', 1234 -> '1,200', 4.56 -> '4.6': a caption number that does not flicker."""
    return f"{float(f'{v:.2g}'):,g}"


def log_loss(surface: np.ndarray) -> np.ndarray:
    """log10 of the loss, clipped into [floor, cap]; NaN (overflowed) counts as the cap; float32."""
    s = np.nan_to_num(surface, nan=LOSS_CAP, posinf=LOSS_CAP, neginf=LOSS_FLOOR)
    return np.ascontiguousarray(np.log10(np.clip(s, LOSS_FLOOR, LOSS_CAP)), dtype=np.float32)


_GL_PROBLEM: list[str | None] = []  # opengl_problem's answer, found once


def opengl_problem() -> str | None:
    """Why the 3-D surface cannot be shown here, in plain words, or None when OpenGL works.

    Checked without touching OpenGL where it cannot work (the offscreen platform of tests and
    snapshots), so no Qt warning is ever logged; the answer is kept for the session.
    """
    if _GL_PROBLEM:
        return _GL_PROBLEM[0]
    problem: str | None = None
    if QGuiApplication.platformName() in ("offscreen", "minimal"):
        problem = "no OpenGL display here (offscreen)"
    elif importlib.util.find_spec("OpenGL") is None:
        problem = "it needs the PyOpenGL package"
    else:
        context = QOpenGLContext()
        surface = QOffscreenSurface()
        surface.create()
        if not (context.create() and context.makeCurrent(surface)):
            problem = "no OpenGL context on this display"
        else:
            context.doneCurrent()
        surface.destroy()
    _GL_PROBLEM.append(problem)
    return problem


class LossSurfaceView(QWidget):
    """Heatmap + contours of the training loss around the current parameters, with the training path."""

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bridge = bridge
        self.clock: Callable[[], float] = time.perf_counter  # tests inject their own
        self.surface_interval_s = SURFACE_INTERVAL_S
        self.max_res = SURFACE_RES
        self.res = SURFACE_RES  # of the surface shown: max_res, or fewer for a large network
        self.line_points = LINE_POINTS  # of the line shown: LINE_POINTS, or fewer
        self.mode = "exact"  # a key of MODES
        self.seed = 0  # the random directions' seed ("New directions" counts it up)
        self.plane: Plane | None = None  # the plane the shown surface was computed on
        self._plane_problem: str | None = None  # why there is no plane (PCA before training, ...)
        self._window: Window | None = None
        self._surface_dirty = True
        self._surface_time = -math.inf  # clock() of the last recompute
        self._surface_ms = 0.0
        self._steps_since_surface = 0  # training steps the surface is behind the path
        self._steps_per_surface = 0  # steps between the last two recomputes (while training)
        self._edited = False  # the data changed since the surface was computed
        self._edit_time = -math.inf  # clock() of the last data edit
        self._arrow_scale = 1.0
        self._round_scale = 1.0  # the round factor the arrow was drawn with (before any shortening)
        self._gradient: tuple[tuple, tuple[float, float]] | None = None  # (what it depends on, the gradient)
        self._thin = PathThinner()  # the drawn path: a vertex per pixel, the new part only each frame
        self._problem: tuple[tuple, str | None] | None = None  # (what it depends on, the answer)
        self._caption_key: tuple = ()  # what the caption's text was made from
        self.contour_levels = np.zeros(0)  # log10(loss) of the drawn contours
        self.gl_view: Any = None  # the 3-D page's GLViewWidget, made on first use where OpenGL works
        self.gl_surface: Any = None

        self._build_controls()
        self._build_plot()
        self._build_line_plot()
        self.pages = QStackedWidget()
        self.pages.addWidget(self.plot)
        self.pages.addWidget(self.line_plot)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self._controls)
        layout.addWidget(self.pages, 1)
        # the caption changes about every other frame (the arrow's factor, the surface's lag): in a
        # TextBox a new text repaints the label alone, not the dock and the window around it
        self.caption_box = TextBox(self.caption)
        self.caption_box.setMinimumHeight(self.caption.minimumHeight())
        layout.addWidget(self.caption_box)

        # A one-shot timer catches up the surface once training pauses between two recomputes.
        self._catch_up = QTimer(self)
        self._catch_up.setSingleShot(True)
        self._catch_up.timeout.connect(self._on_catch_up)

        bridge.dataChanged.connect(self._on_data_changed)
        bridge.modelReset.connect(self._on_model_reset)
        bridge.stepped.connect(self._on_stepped)
        bridge.surfaceParamsChanged.connect(self._on_surface_params_changed)
        self._model: object = None  # the model and parameters the combos and items were made for
        self._shown_params = session.surface_params
        self._resync()
        self._show_mode_controls()

    # ---------------------------------------------------------------- building (once)

    def _build_controls(self) -> None:
        self.mode_combo = QComboBox(objectName="surfaceModeCombo")
        self.mode_combo.setAccessibleName("Loss surface mode")
        self.mode_combo.setToolTip("What the loss is shown over")
        for row, (key, text, tip) in enumerate(MODES):
            self.mode_combo.addItem(text, key)
            self.mode_combo.setItemData(row, tip, Qt.ItemDataRole.ToolTipRole)
        self.mode_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.mode_combo.currentIndexChanged.connect(self._on_mode_changed)

        # each parameter by array, row and column (a combo box of every scalar parameter would hold
        # hundreds of thousands of entries for a large network); combo1 / combo2 are the arrays'
        # combo boxes, named surfaceParam1 / surfaceParam2
        self.chooser1 = ParamChooser("surfaceParam1", "horizontal")
        self.chooser2 = ParamChooser("surfaceParam2", "vertical")
        self.combo1, self.combo2 = self.chooser1.combo, self.chooser2.combo
        self.chooser1.chosen.connect(lambda *_: self._on_param_chosen(0))
        self.chooser2.chosen.connect(lambda *_: self._on_param_chosen(1))
        # the two parameters' choosers, shown in the exact mode only
        self.param_box = QWidget()
        params = QHBoxLayout(self.param_box)
        params.setContentsMargins(0, 0, 0, 0)
        params.setSpacing(4)
        params.addWidget(self.chooser1)
        params.addWidget(QLabel("and"))
        params.addWidget(self.chooser2)

        self.reseed_button = QPushButton("New directions", objectName="surfaceReseedButton")
        self.reseed_button.setToolTip("Draw two other random directions")
        self.reseed_button.clicked.connect(self._on_reseed)

        self.check_3d = QCheckBox("3-D", objectName="surface3dCheck")
        problem = opengl_problem()
        self.check_3d.setEnabled(problem is None)
        self.check_3d.setToolTip("Show the surface in 3-D (drag to turn it)" if problem is None
                                 else f"3-D is not available: {problem}.")
        self.check_3d.toggled.connect(self._on_3d_toggled)

        # one line when the dock is wide enough; the parameter choice on a second line when not
        self._controls = WrapRow([self.mode_combo, self.check_3d], [self.param_box, self.reseed_button])
        self.caption = caption_label("lossSurfaceCaption")

    def _build_plot(self) -> None:
        self.plot, pi = fixed_window_plot("lossSurfaceView", "lossSurfaceView")
        for name in ("bottom", "left"):
            pi.getAxis(name).setPen(palette.pen(palette.FOREGROUND))
            pi.getAxis(name).setTextPen(palette.pen(palette.FOREGROUND))
            pi.getAxis(name).enableAutoSIPrefix(False)  # "0.0004", not "400 (x0.001)"

        self.image = FastImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        pi.addItem(self.image)
        self.colorbar = surface_colorbar(self.image, pi, pg.colormap.get("viridis"), "training loss")
        # every contour segment of every level in one item: (start, end) pairs of points
        self.contours = FastCurve(pen=palette.pen(CONTOUR_COLOR, 1.0), connect="pairs")
        self.contours.setZValue(-5)
        pi.addItem(self.contours)
        # the path, its dots, the next-step arrow and the current point: one item, one paint a frame
        self.overlay = SurfaceOverlay()
        pi.addItem(self.overlay, ignoreBounds=True)  # the window sets the range, not the items
        # The surface, its contours, colour bar and axes change every 100 ms at most; the path,
        # marker and arrow move every frame over them: repaint those from pixmaps.
        cache_drawing(self.image, self.contours, self.colorbar)
        cache_axes(pi)

    def _build_line_plot(self) -> None:
        """The 1-D mode's plot: the loss along the line, its two ends marked."""
        self.line_plot = pg.PlotWidget(background="w")
        self.line_plot.setObjectName("lossLineView")
        self.line_plot.setAccessibleName("lossLineView")
        pi = self.line_plot.getPlotItem()
        pi.setMenuEnabled(False)
        pi.hideButtons()
        pi.getViewBox().setMouseEnabled(x=False, y=False)
        pi.showGrid(x=True, y=True, alpha=0.15)
        for name in ("bottom", "left"):
            pi.getAxis(name).setPen(palette.pen(palette.FOREGROUND))
            pi.getAxis(name).setTextPen(palette.pen(palette.FOREGROUND))
            pi.getAxis(name).enableAutoSIPrefix(False)  # "0.0004", not "400 (x0.001)"
        pi.setLabel("bottom", "t   (0 = initial weights, 1 = now)")
        pi.setLabel("left", "training loss")
        pi.getAxis("bottom").setTicks([[(v, f"{v:g}") for v in (-0.25, 0.0, 0.25, 0.5, 0.75, 1.0, 1.25)]])
        dashed = palette.pen("#B0B0B0", 1.0, Qt.PenStyle.DashLine)
        self.line_ticks = [pg.InfiniteLine(pos=v, angle=90, pen=dashed) for v in (0.0, 1.0)]
        for line in self.line_ticks:
            pi.addItem(line, ignoreBounds=True)
        self.line_curve = FastCurve(pen=palette.pen(palette.FOREGROUND, 2.0))
        pi.addItem(self.line_curve)
        # t = 0 (initial) hollow, t = 1 (now) the accent colour, as the current point elsewhere
        self.line_ends = FastScatter(size=11, pen=palette.pen(palette.FOREGROUND, 1.5))
        self._end_brushes = [palette.brush("#FFFFFF"), palette.brush(MARK_COLOR)]
        pi.addItem(self.line_ends)
        self.line_labels = [pg.TextItem(text, color=palette.FOREGROUND, anchor=(0.5, 1.3))
                            for text in ("initial", "now")]
        for label in self.line_labels:
            pi.addItem(label)
        # the loss range changes only when the losses leave it (or shrink well inside it), so the
        # axes and their grid are redrawn then, not at every step as an auto-range would
        pi.enableAutoRange(y=False)
        self._line_range: tuple[float, float] | None = None
        cache_axes(pi)

    def _fill_combos(self) -> None:
        """List the current model's arrays (after a reset the shapes may differ)."""
        shapes = {k: tuple(v.shape) for k, v in self.session.model.params.items()}
        for chooser in (self.chooser1, self.chooser2):
            chooser.set_arrays(shapes)
        self._n_params = sum(math.prod(s) for s in shapes.values())
        self._sync_combos()

    def _sync_combos(self) -> None:
        """Show the session's surface parameters without echoing the choice back."""
        for chooser, p in zip((self.chooser1, self.chooser2), self.session.surface_params, strict=True):
            chooser.set_param(p)

    def _sync_labels(self) -> None:
        """Axis labels: the two parameters, α and β, or the principal components with their variance."""
        pi = self.plot.getPlotItem()
        if self.mode == "random":
            labels = "α   (1 = the length of the weights)", "β"
        elif self.mode == "pca":
            if self.plane is not None and self.plane.explained is not None:
                labels = tuple(f"PC{k + 1} ({100 * e:.1f} %)" for k, e in enumerate(self.plane.explained))
            else:
                labels = "PC1", "PC2"
        else:
            labels = self.chooser1.label(), self.chooser2.label()
        pi.setLabel("bottom", labels[0])
        pi.setLabel("left", labels[1])

    def _show_mode_controls(self) -> None:
        """The controls and the page of the current mode."""
        self.param_box.setVisible(self.mode == "exact")
        self.reseed_button.setVisible(self.mode == "random")
        self.check_3d.setVisible(self.mode != "line")
        page = self.line_plot if self.mode == "line" else self._surface_page()
        self.pages.setCurrentWidget(page)

    def _surface_page(self) -> QWidget:
        """The 3-D page when it is asked for and OpenGL works, else the 2-D plot."""
        if not self.check_3d.isChecked() or opengl_problem() is not None:
            return self.plot
        if self.gl_view is None:
            self._build_gl()
        return self.gl_view if self.gl_view is not None else self.plot

    def _build_gl(self) -> None:
        """The 3-D page (made once, on first use): the surface as an OpenGL mesh."""
        try:
            import pyqtgraph.opengl as gl
        except ImportError as err:  # PyOpenGL broken rather than missing: say so in the caption
            _GL_PROBLEM[:] = [f"pyqtgraph's OpenGL items failed to load ({err})"]
            return
        self.gl_view = gl.GLViewWidget()
        self.gl_view.setObjectName("lossSurface3d")
        self.gl_view.setBackgroundColor("w")
        self.gl_view.setCameraPosition(distance=40, elevation=30, azimuth=-60)
        self.gl_surface = gl.GLSurfacePlotItem(shader=None, smooth=False, computeNormals=False)
        self.gl_view.addItem(self.gl_surface)
        self.gl_path = gl.GLLinePlotItem(color=(1.0, 1.0, 1.0, 1.0), width=2.0, antialias=True)
        self.gl_view.addItem(self.gl_path)
        self.gl_marker = gl.GLScatterPlotItem(color=(0.8, 0.0, 0.0, 1.0), size=10.0)
        self.gl_view.addItem(self.gl_marker)
        self.pages.addWidget(self.gl_view)
        self._surface_dirty = True

    # ---------------------------------------------------------------- events

    def _on_mode_changed(self, row: int) -> None:
        self.mode = self.mode_combo.itemData(row)
        self.plane = None
        self._line_range = None
        self._window = None
        self._surface_dirty = True
        self._thin = PathThinner()
        self._sync_labels()
        self._show_mode_controls()
        if self.isVisible():
            self.refresh()

    def _on_reseed(self) -> None:
        self.seed += 1
        self.plane = None
        self._window = None
        self._surface_dirty = True
        if self.isVisible():
            self.refresh()

    def _on_3d_toggled(self, _checked: bool) -> None:
        self._show_mode_controls()
        self._surface_dirty = True
        if self.isVisible():
            self.refresh()

    def _on_param_chosen(self, which: int) -> None:
        p = [self.chooser1.param(), self.chooser2.param()]
        if p[0] == p[1]:
            # the same parameter twice is no surface: swap the two instead
            key, i = self.session.surface_params[which]
            p[1 - which] = (key, int(i))
        self.session.set_surface_params(p[0], p[1])

    def _on_surface_params_changed(self) -> None:
        self._resync()
        if self.isVisible():
            self.refresh()

    def _on_model_reset(self) -> None:
        self._resync()
        if self.isVisible():
            self.refresh()

    def _on_data_changed(self) -> None:
        # Edits hold the surface back until they pause for a whole interval (a drag edits once per
        # mouse move: it never pays for a surface per move); the catch-up timer then recomputes it.
        self._edited = True
        self._edit_time = self.clock()

    def _on_stepped(self, report: StepReport) -> None:
        self._steps_since_surface += report.iterations_done

    def _on_catch_up(self) -> None:
        # no refresh came for a whole interval: training paused, so bring the surface up to date
        if self.isVisible() and (self._steps_since_surface > 0 or self._edited):
            self._surface_dirty = True
            self.refresh()

    def apply_theme(self, _new: theme.Theme) -> None:
        """Wider path and arrow lines in projector mode, as theme.style_plots widens pyqtgraph's curves."""
        # the overlay is not a pyqtgraph curve, so style_plots cannot widen its pens: it asks the
        # window it sits in (MainWindow.projector; a view on its own is never in projector mode)
        projector = bool(getattr(QWidget.window(self), "projector", False))  # (self.window: the ranges)
        line_scale = theme.PROJECTOR_LINE_SCALE if projector else 1.0
        if line_scale != self.overlay.line_scale:
            self.overlay.build_styles(line_scale)

    def hideEvent(self, event: QHideEvent) -> None:
        """A hidden view (its dock closed, the window closing) catches up on its next refresh instead."""
        self._catch_up.stop()
        super().hideEvent(event)

    def _resync(self) -> None:
        """Combos, axis labels and a fresh window for the session's model and surface parameters."""
        if self.session.model is not self._model:
            self._fill_combos()  # a new network may have other parameters
            self.plane = None
        else:
            self._sync_combos()
        self._sync_labels()
        self._model = self.session.model
        self._shown_params = self.session.surface_params
        self._window = None
        self._line_range = None
        self._surface_dirty = True
        self._edited = False
        self._steps_since_surface = self._steps_per_surface = 0

    # ---------------------------------------------------------------- per frame

    @property
    def window(self) -> Window | None:
        """The ranges ((lo1, hi1), (lo2, hi2)) of the two axes the surface is computed and shown over."""
        return self._window

    def refresh(self) -> None:
        """Update the items in place: surface when due, path, marker and arrow every time."""
        if self.session.model is not self._model or self.session.surface_params != self._shown_params:
            # another handler of the same signal (the window's) may call refresh before ours runs
            self._resync()
        problem = self._training_problem()
        if self.mode == "line":
            self._refresh_line(problem)
            return
        if self.mode == "exact" and self.session.surface_params[0] == self.session.surface_params[1]:
            # a model reset can clamp both indices onto the same entry (session.py's _build_model)
            problem = problem or "choose two different parameters"

        wait = self._interval()
        now = self.clock()
        due = now - self._surface_time >= wait and now - self._edit_time >= wait
        behind = self._steps_since_surface > 0 or self._edited
        if self.mode in PLANE_MODES and problem is None and (
                self.plane is None or self._surface_dirty or (behind and due)):
            self._new_plane()  # through the current parameters: the surface follows at once
        if self.mode in PLANE_MODES and self.plane is None:
            problem = problem or self._plane_problem
        path, box, current = self._points()
        window = self._window_around(path, box, current)
        if window != self._window:
            self._window = window
            self._surface_dirty = True
            self.plot.getPlotItem().getViewBox().setRange(xRange=window[0], yRange=window[1], padding=0)
            (x0, x1), (y0, y1) = window
            self.overlay.set_bounds(QRectF(x0, y0, x1 - x0, y1 - y0))

        if problem is None and (self._surface_dirty or (behind and due)):
            self._recompute_surface()
        elif behind:
            self._catch_up.start(int(min(max(1.0, 1000 * wait), 2**31 - 1)))  # QTimer takes an int32
        self.image.setVisible(problem is None)
        self.contours.setVisible(problem is None)

        pixel = np.array(self.plot.getPlotItem().getViewBox().viewPixelSize())
        # thousands of sub-pixel steps near a minimum: draw one vertex per pixel of path
        drawn, changed = self._thin(path, pixel)
        dots = None  # the same path (paused, a point drag): the overlay keeps what it has
        if changed:
            dots = path[dot_indices(len(path))]
        else:
            drawn = None
        marker = current if self.mode == "exact" or self.plane is not None else None
        arrow = self._update_arrow(current, problem is None and self.mode == "exact")
        self.overlay.set_frame(drawn, dots, marker, arrow, (float(pixel[0]), float(pixel[1])), box)
        if self.pages.currentWidget() is self.gl_view and self.gl_view is not None:
            self._update_gl_path(path, current)
        self._update_caption(problem)

    def _new_plane(self) -> None:
        """Compute the mode's plane through the current parameters (or say why there is none)."""
        try:
            self.plane = self.session.surface_plane(self.mode, self.seed)
            self._plane_problem = None
        except ValueError as err:
            self.plane, self._plane_problem = None, str(err)
        self._surface_dirty = True
        if self.mode == "pca":
            self._sync_labels()  # the explained variances changed

    def _points(self) -> tuple[np.ndarray, np.ndarray, Box | None]:
        """The path (m, 2) and the current point (2,) in the axes' coordinates, finite and clipped,
        and the path's box."""
        if self.mode == "exact":
            # clipped into the drawable range, and a NaN (overflowed) value drawn at 0
            current = [0.0 if math.isnan(v) else min(max(v, -PARAM_LIMIT), PARAM_LIMIT)
                       for v in self.session.surface_values()]
            return *drawable(self.session.surface_path()), np.array(current)
        if self.plane is None:
            return np.empty((0, 2)), None, np.zeros(2)
        # the recorded path ends at the current parameters: its last projected point is "now"
        coords, box = drawable(self.session.plane_path(self.plane))
        return coords, box, (coords[-1] if len(coords) else np.zeros(2))

    def _window_around(self, path: np.ndarray, box: Box | None, current: np.ndarray) -> Window:
        """sticky_window of the path and the current point; the usual answer (the same window) from
        the path's box alone, in plain floats."""
        min_span = PCA_MIN_SPAN if self.mode == "pca" else MIN_SPAN
        if self._window is None or box is None:
            return sticky_window(np.vstack([path, current]), self._window, min_span)
        (x0, x1), (y0, y1) = self._window
        ix, iy = EDGE * (x1 - x0), EDGE * (y1 - y0)
        px0, py0, px1, py1 = box
        cx, cy = current.tolist()
        if (x0 + ix <= min(px0, cx) and max(px1, cx) <= x1 - ix
                and y0 + iy <= min(py0, cy) and max(py1, cy) <= y1 - iy):
            return self._window
        return sticky_window(np.vstack([path, current]), self._window, min_span)

    def _interval(self) -> float:
        """Seconds between two recomputes while training runs or points are dragged."""
        # a slow surface (a wide first layer, many points) also waits MAX_DUTY's share of frame time
        return self.surface_interval_s and max(self.surface_interval_s, self._surface_ms / 1000 / MAX_DUTY)

    def _recompute_surface(self) -> None:
        (x0, x1), (y0, y1) = self._window  # type: ignore[misc]
        start = time.perf_counter()
        self.res = self._budget(grids.SURFACE_BUDGET, self.max_res, MIN_RES, dims=2)
        if self.mode == "exact":
            losses = self.session.loss_surface((x0, x1), (y0, y1), res=self.res)
        else:
            losses = self.session.plane_surface(self.plane, (x0, x1), (y0, y1), res=self.res)  # type: ignore[arg-type]
        img = log_loss(losses)
        # samples sit on the pixel centres: the image reaches half a step beyond the window
        dx, dy = (x1 - x0) / (self.res - 1), (y1 - y0) / (self.res - 1)
        self.image.setImage(img, autoLevels=False)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy))
        # colours span at most MAX_DECADES below the top: a zero-loss region (the perceptron's) would
        # otherwise pull the scale down to the floor and flatten everything else into one colour
        hi = float(img.max())
        lo = max(float(img.min()), hi - MAX_DECADES)
        if hi - lo < 1e-3:  # a flat surface: give the colour bar a range to show
            lo, hi = lo - 0.05, hi + 0.05
        self.colorbar.setLevels((lo, hi))
        self.colorbar.axis.setTicks([loss_ticks(lo, hi)])  # the image holds log10(loss): label losses
        # evenly spaced in log(loss): every contour is the same factor above the one below
        self.contour_levels = lo + (hi - lo) * (np.arange(N_CONTOURS) + 0.5) / N_CONTOURS
        xs, ys = grids.grid_axes((x0, x1), (y0, y1), self.res)
        self.contours.setData(*contours.contour_segments(img, xs, ys, self.contour_levels))
        if self.pages.currentWidget() is self.gl_view and self.gl_view is not None:
            self._update_gl_surface(img, (lo, hi))
        self._surface_ms = 1000 * (time.perf_counter() - start)  # the whole update, for the duty limit
        self._surface_dirty = self._edited = False
        self._surface_time = self.clock()
        self._steps_per_surface = self._steps_since_surface
        self._steps_since_surface = 0

    def _refresh_line(self, problem: str | None) -> None:
        """The 1-D mode: the loss along the line from the initial to the current weights, every time."""
        shown = problem is None
        if shown:
            start = time.perf_counter()
            self.line_points = self._budget(grids.LINE_BUDGET, LINE_POINTS, MIN_LINE_POINTS, dims=1)
            alphas, losses = self.session.line_losses(self.line_points, LINE_EXTEND)
            losses = np.clip(np.nan_to_num(losses, nan=LOSS_CAP, posinf=LOSS_CAP), 0.0, LOSS_CAP)
            self.line_curve.setData(alphas, losses)
            self._fit_line_range(float(losses.min()), float(losses.max()))
            ends = losses[[int(np.flatnonzero(alphas == 0.0)[0]), int(np.flatnonzero(alphas == 1.0)[0])]]
            self.line_ends.setData([0.0, 1.0], ends, brush=self._end_brushes)
            for label, x, y in zip(self.line_labels, (0.0, 1.0), ends, strict=True):
                label.setPos(float(x), float(y))
            self._surface_ms = 1000 * (time.perf_counter() - start)
            self._steps_since_surface = 0
        for item in (self.line_curve, self.line_ends, *self.line_labels):
            item.setVisible(shown)
        if not shown:
            text = f"No loss line: {problem}."
        else:
            text = ("The loss on the straight line from the initial weights (t = 0) to the current ones"
                    f" (t = 1), and {LINE_EXTEND:g} beyond.")
            if self.line_points < LINE_POINTS:
                text += f" {self.line_points} points along it, fewer for this many weights and points."
        set_text(self.caption, (text + self._sample_note()).strip())
        self._caption_key = ()  # not the surface's caption any more

    def _fit_line_range(self, lo: float, hi: float) -> None:
        """Show [lo, hi] on the line's loss axis: the shown range while it holds them well, else a
        new one with a margin."""
        shown = self._line_range
        if shown is not None and shown[0] <= lo and hi <= shown[1] and \
                hi - lo >= LINE_SHRINK * (shown[1] - shown[0]):
            return
        pad = 0.1 * max(hi - lo, 1e-9 * max(abs(hi), 1.0))
        self._line_range = (lo - pad, hi + pad)
        self.line_plot.getPlotItem().setYRange(*self._line_range, padding=0)

    def _budget(self, budget: float, most: int, fewest: int, dims: int) -> int:
        """Samples per axis of a grid of `dims` axes whose losses fit `budget` multiply-adds: each
        sample is a forward pass of the network over the surface's training sample."""
        X, _ = self.session.surface_sample()
        per_sample = (0 if X is None else len(X)) * grids.forward_cost(self.session.model)
        return grids.budget_res(budget, per_sample, most, fewest, dims)

    def _update_arrow(self, current: np.ndarray, shown: bool) -> np.ndarray | None:
        """The arrow (2, 2) from the current point along -lr * gradient, its length scaled into view
        and clamped inside the window; None when there is no next step to show."""
        # after a divergence the last gradient belongs to the rejected step: there is no next step
        if not shown or self.session.trainer.diverged:
            self._arrow_scale = 1.0
            return None
        # two numbers each: plain floats are much cheaper per frame than numpy's small arrays
        lr = float(self.session.optimizer.lr)
        step = [-lr * g for g in self._surface_gradient()]
        (x0, x1), (y0, y1) = self._window  # type: ignore[misc]
        norm = (math.hypot(step[0] / (x1 - x0), step[1] / (y1 - y0))
                if all(math.isfinite(v) for v in step) else 0.0)
        if norm == 0.0:
            self._arrow_scale = 1.0
            return None
        scale = self._round_scale = arrow_scale(norm, self._round_scale)
        # shorten further so that the tip stays inside the window
        here = current.tolist()
        for a, lo, hi in ((0, x0, x1), (1, y0, y1)):
            tip = here[a] + scale * step[a]
            if tip > hi or tip < lo:
                room = (hi if step[a] > 0 else lo) - here[a]
                scale = min(scale, max(room / step[a], 0.0))
        self._arrow_scale = scale
        if not scale > 0:
            return None
        return np.array([here, [here[0] + scale * step[0], here[1] + scale * step[1]]])

    def _training_problem(self) -> str | None:
        """`session.training_problem()`, asked again only when the data, the roles or the model kind
        changed (the session replaces its dataset and roles arrays on every edit)."""
        s = self.session
        key = (s.dataset, s.roles, s.config.model)
        cached = self._problem
        if cached is None or not all(a is b for a, b in zip(cached[0], key, strict=True)):
            self._problem = cached = key, s.training_problem()
        return cached[1]

    def _surface_gradient(self) -> tuple[float, float]:
        """`session.surface_gradient()` (a full-batch gradient), computed again only when the weights,
        the training sample or the two parameters changed: a paused frame reuses it."""
        s = self.session
        X, t = s.surface_sample()
        weights = b"".join(v.tobytes() for v in s.model.params.values())
        key = (s.model, X, t, s.surface_params, weights)
        cached = self._gradient
        if cached is None or not all(a is b or (type(a) in (tuple, bytes) and a == b)
                                     for a, b in zip(cached[0], key, strict=True)):
            self._gradient = cached = key, tuple(float(v) for v in s.surface_gradient())
        return cached[1]

    # ---------------------------------------------------------------- 3-D (where OpenGL works)

    def _gl_coords(self, x: np.ndarray, y: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, ...]:
        """Window coordinates to the 3-D scene's: x and y over [-10, 10], log-loss heights over [0, 8]."""
        (x0, x1), (y0, y1) = self._window  # type: ignore[misc]
        lo, hi = self._gl_levels
        return (20 * (x - x0) / (x1 - x0) - 10, 20 * (y - y0) / (y1 - y0) - 10,
                8 * (np.clip(z, lo, hi) - lo) / (hi - lo))

    def _update_gl_surface(self, img: np.ndarray, levels: tuple[float, float]) -> None:
        """The GL mesh: the same log-loss samples and viridis colours as the heatmap."""
        self._gl_levels = levels
        # the view's vertical field of view is fixed: a wide, short dock needs the camera further away
        aspect = self.gl_view.width() / max(1, self.gl_view.height())
        self.gl_view.setCameraPosition(distance=float(np.clip(24 + 14 * aspect, 40, 80)))
        (x0, x1), (y0, y1) = self._window  # type: ignore[misc]
        xs, ys = grids.grid_axes((x0, x1), (y0, y1), self.res)
        gx, gy, gz = self._gl_coords(xs, ys, img.astype(float))
        # GLSurfacePlotItem wants z[i, j] at (x[i], y[j]), the image's transpose, and one colour per
        # vertex in that order (vertex i·len(y) + j)
        colors = pg.colormap.get("viridis").map((gz / 8).T.reshape(-1), mode="float")
        self.gl_surface.setData(x=gx, y=gy, z=np.ascontiguousarray(gz.T), colors=colors)
        self._gl_img = img

    def _update_gl_path(self, path: np.ndarray, current: np.ndarray) -> None:
        """The path and the current point on the 3-D surface (heights read off the samples)."""
        if getattr(self, "_gl_img", None) is None or len(path) == 0:
            return
        (x0, x1), (y0, y1) = self._window  # type: ignore[misc]
        pts = np.vstack([path, current])
        # nearest sample's height, lifted a little so the line stays above the mesh
        j = np.clip(np.rint((pts[:, 0] - x0) / (x1 - x0) * (self.res - 1)), 0, self.res - 1).astype(int)
        i = np.clip(np.rint((pts[:, 1] - y0) / (y1 - y0) * (self.res - 1)), 0, self.res - 1).astype(int)
        gx, gy, gz = self._gl_coords(pts[:, 0], pts[:, 1], self._gl_img[i, j].astype(float))
        xyz = np.column_stack([gx, gy, gz + 0.15])
        self.gl_path.setData(pos=xyz[:-1])
        self.gl_marker.setData(pos=xyz[-1:])

    # ---------------------------------------------------------------- caption

    def _sample_note(self) -> str:
        """' Surface and arrow use a fixed random sample of 1,000 of the N training points.' (large sets)."""
        n = self.session.role_counts()[ROLE_TRAIN]
        if n <= SURFACE_MAX_POINTS:
            return ""
        what = "Surface and arrow use" if self.mode == "exact" else "Uses"
        return f" {what} a fixed random sample of {SURFACE_MAX_POINTS:,} of the {n:,} training points."

    def _update_caption(self, problem: str | None) -> None:
        """One or two short lines: what the axes are, the arrow's scale, how far the surface lags."""
        s = self.session
        # everything the text is made from: most frames change none of it
        key = (problem, self.mode, self.seed, s.model, s.surface_params, self.overlay.arrow is not None,
               self._arrow_scale, self._steps_per_surface, self._surface_ms, self.res,
               self.check_3d.isChecked(), s.role_counts()[ROLE_TRAIN])
        if key == self._caption_key:
            return
        self._caption_key = key
        if problem is not None:
            text = f"No loss surface: {problem}."
        elif self.mode == "random":
            text = (f"Random directions (seed {self.seed}), filter-normalised, orthonormal, through"
                    " the current weights; the path projected on them.")
        elif self.mode == "pca":
            text = "The path's two main directions, through the current weights; the path projected on them."
        else:
            n_other = self._n_params - 2
            if n_other == 1:
                choices = scalar_params(self.session.model.params)  # three: a perceptron
                key, i = next(c for c in choices if c not in self.session.surface_params)
                name = param_label(key, self.session.model.params[key].shape, i)
                text = f"{name} fixed at its current value."
            else:
                text = f"Other {n_other:,} parameters fixed at their current values." if n_other else ""
            if self.overlay.arrow is not None and not 0.67 < self._arrow_scale < 1.5:
                k = self._arrow_scale
                factor = f"×{_two_digits(k)}" if k > 1 else f"÷{_two_digits(1 / k)}"
                text += f" Arrow = next step −lr·∇L {factor}."
        if problem is None:
            size = f"{self.res}×{self.res}"
            if self.res < self.max_res:  # a large network, many points: a coarser grid keeps up
                size += ", coarser for this many weights and points"
            if self._steps_per_surface > 1:
                text += (f" Surface refreshed every {self._steps_per_surface} steps"
                         f" ({size}, {_two_digits(self._surface_ms)} ms).")
            elif self.res < self.max_res:
                text += f" Surface at {size}."
        if self.check_3d.isChecked() and self.mode != "line" and opengl_problem() is not None:
            text += f" No 3-D: {opengl_problem()}."
        set_text(self.caption, (text + self._sample_note()).strip())  # in its TextBox: a repaint only
