"""The training loss of the live model around its parameters: heatmap, contours, the path, the next step.

Four modes (the combo box `surfaceModeCombo`):

- two parameters (exact): the loss as two chosen scalar parameters vary, every other one held;
- random directions: the plane through the current parameters along two filter-normalised,
  orthonormal random directions (Li et al., 2018), axes α and β; "New directions" draws others;
- PCA of the training path: the plane of the path's first two principal components through the
  current parameters, each axis labelled with its share of the path's variance;
- 1-D: the loss along the straight line from the initial (t = 0) to the current (t = 1) parameters.

What is drawn is decided by `presenters.surface_frame.SurfacePresenter` (the window, the rate limit,
the plane, the thinned path, the arrow, the caption); this widget only paints it. Per frame only the
path, its dots, the arrow and the current point change: one item draws them all
(surface_overlay.SurfaceOverlay). A "3-D" box shows the surface in OpenGL where it works (surface_3d).
"Gradient field" draws −∇L as arrows over a coarse grid (one item, computed with the surface:
presenters.gradient_field); in the exact mode a readout under the plot writes the next step
W ← W − η·g out with its numbers.

While the app runs, a new surface (and its field) is computed on a worker thread (app.workers.LatestWins)
from a copy of the model: the frames go on, the surface shown stays with its age in the caption until the
new one arrives. Where no event loop runs (tests, `--snapshot`) it is computed at once; `flush()` brings
a surface being computed in at once (an export).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import cast

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QHelpEvent, QHideEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from visualnet.app import i18n, palette, theme
from visualnet.app.bridge import SessionBridge
from visualnet.app.layout import PLOT_MIN
from visualnet.app.plotting import (
    FastCurve,
    FastImageItem,
    TextBox,
    ThrottledText,
    WrapRow,
    cache_axes,
    cache_drawing,
    caption_label,
    fixed_window_plot,
    label_axis,
    set_text,
    surface_colorbar,
)
from visualnet.app.views import live
from visualnet.app.views.loss_line_plot import LossLinePlot
from visualnet.app.views.param_chooser import ParamChooser, param_label
from visualnet.app.views.surface_3d import Surface3D, opengl_problem
from visualnet.app.views.surface_overlay import GradientFieldItem, SurfaceOverlay
from visualnet.app.workers import LatestWins
from visualnet.core.landscape import Plane
from visualnet.core.mlp import MLP
from visualnet.presenters.geometry import Window, sticky_window
from visualnet.presenters.loss_surface import LossSurface
from visualnet.presenters.surface_frame import (
    LINE_EXTEND,
    LINE_POINTS,
    LINE_SHRINK,
    MODES,
    SURFACE_RES,
    LineFrame,
    Problem,
    SurfaceImage,
    SurfacePresenter,
    SurfaceResult,
)
from visualnet.presenters.surface_numbers import ARROW_MAX, ARROW_MIN, arrow_scale, log_loss, loss_ticks
from visualnet.session import Session

# what other modules and tests import from here (their homes are the presenters now)
__all__ = ["ARROW_MAX", "ARROW_MIN", "LINE_EXTEND", "LINE_POINTS", "LINE_SHRINK", "SURFACE_RES",
           "LossSurfaceView", "arrow_scale", "log_loss", "loss_ticks", "param_label", "sticky_window"]

CONTOUR_COLOR = "#A0FFFFFF"  # #AARRGGBB: translucent white reads on every viridis shade
READOUT_MARGIN_PX = 4  # the step readout is shown where the plot area keeps PLOT_MIN and this much more


class RoomyTextBox(TextBox):
    """A TextBox that asks for no minimum height: its view shows it only where it fits whole, so it
    never squeezes the plot below its minimum (nor widens the window) and is never clipped."""

    def __init__(self, label: QLabel, fit: Callable[[], None]) -> None:
        super().__init__(label)
        self._fit = fit

    def minimumSizeHint(self) -> QSize:
        """Nothing: a readout that does not fit is hidden."""
        return QSize(0, 0)

    def sizeHint(self) -> QSize:
        """The label's height at the box's width."""
        return QSize(self.label.sizeHint().width(), self.label.heightForWidth(max(self.width(), 1)))

    def hasHeightForWidth(self) -> bool:
        """No: a layout would make the wrapped height a minimum, and the box could never be squeezed
        out of a view that shrinks (its view hides it then)."""
        return False

    def _fit_height(self) -> None:
        """A new width or text: the view decides again whether the readout fits."""
        self._fit()


class LossSurfaceView(QWidget):
    """Heatmap + contours of the training loss around the current parameters, with the training path."""

    _loss_label = ""  # what the colour bar and the line plot's axis call the heights

    def __init__(self, session: Session, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.bridge = bridge
        self.presenter = SurfacePresenter(session)
        self.surface: LossSurface = self.presenter.surface  # the loss-surface math over the session
        self.contour_levels = np.zeros(0)  # log10(loss) of the drawn contours
        self._3d: Surface3D | None = None  # the 3-D page, made on first use where OpenGL works

        self._build_controls()
        self._build_plot()
        self.line_plot = LossLinePlot()  # the 1-D mode
        self.line_curve, self.line_ends = self.line_plot.curve, self.line_plot.ends
        self.pages = QStackedWidget()
        self.pages.addWidget(self.plot)
        self.pages.addWidget(self.line_plot)
        layout = self._column = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(2)
        layout.addWidget(self._controls)
        layout.addWidget(self.pages, 1)
        # the next step written out (exact mode): new numbers every step, shown at most every 0.1 s, and
        # only where it fits (_fit_readout): decided on a resize, checked again once the plot is laid out
        self._readout_key: tuple[object, ...] = ()
        self.update_label.setMinimumHeight(0)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self._fit_readout)
        self.update_box = RoomyTextBox(self.update_label, self._fit_timer.start)
        self._axes_px = 50.0  # the plot widget's height around its plot area (axes, labels, margins)
        self.plot.getPlotItem().getViewBox().sigResized.connect(self._on_plot_resized)
        self.update_box.setVisible(False)
        self.update_text = ThrottledText(self.update_label)
        layout.addWidget(self.update_box)
        # the caption changes about every other frame (the arrow's factor, the surface's lag): in a
        # TextBox a new text repaints the label alone, not the dock and the window around it; the
        # surface's age comes and goes with each surface (below "max"): its line's room stays
        self.caption_box = TextBox(self.caption, keep_height=True)
        self.caption_box.setMinimumHeight(self.caption.minimumHeight())
        layout.addWidget(self.caption_box)

        # A one-shot timer catches up the surface once training pauses between two recomputes.
        self._catch_up = QTimer(self)
        self._catch_up.setSingleShot(True)
        self._catch_up.timeout.connect(self._on_catch_up)
        # new surfaces are computed off the GUI thread while the app runs; the newest one is shown
        self.jobs = LatestWins(self)
        self.jobs.finished.connect(self._on_surface_ready)
        self.jobs.failed.connect(self._on_surface_failed)

        live.follow(self, bridge.stepped, self._on_stepped)
        live.follow(self, bridge.weightsChanged, self._on_stepped)
        live.follow(self, bridge.dataChanged, self._on_data_changed)
        live.follow(self, bridge.modelReset, self._on_model_changed)
        live.follow(self, bridge.surfaceParamsChanged, self._on_model_changed)
        live.follow(self, bridge.configChanged, self.refresh)  # the arrow is −lr·∇L
        self._follow_model()
        self._show_mode_controls()
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """Every fixed text in the language now spoken; the axis labels and the caption said again."""
        self.mode_combo.setAccessibleName(self.tr("Loss surface mode"))
        self.mode_combo.setToolTip(self.tr("What the loss is shown over"))
        for row, (_key, name, tip) in enumerate(MODES):
            self.mode_combo.setItemText(row, i18n.translated(name))
            self.mode_combo.setItemData(row, i18n.translated(tip), Qt.ItemDataRole.ToolTipRole)
        self.and_label.setText(self.tr("and"))
        self.reseed_button.setText(self.tr("New directions"))
        self.reseed_button.setToolTip(self.tr("Draw two other random directions"))
        self.check_3d.setText(self.tr("3-D"))
        self.field_check.setText(self.tr("Gradient field"))
        self.field_check.setToolTip(self.tr(
            "−∇L as arrows over a grid: the way down from every point, as the book draws the gradient of "
            "x0² + x1². Two parameters: their two partial derivatives, every other weight held; a plane: "
            "the gradient projected on its two directions. One scale for all arrows: the longest fills "
            "a cell."))
        self.update_label.setToolTip(self.tr(
            "The next gradient-descent step of the two parameters, numbers filled in: W ← W − η·g, with "
            "η the learning rate (lr) and g = ∂L/∂W the slope of the training loss along W (the red "
            "arrow's gradient). The minus sign sends every step against the slope: downhill."))
        problem = opengl_problem()
        self.check_3d.setToolTip(self.tr("Show the surface in 3-D (drag to turn it)") if problem is None
                                 else self.tr("3-D is not available: {problem}.").format(problem=problem))
        self._loss_label = ""  # (in the language now spoken)
        self._label_loss()
        self.line_plot.name(self.tr("t   (0 = initial weights, 1 = now)"), self.tr("initial"), self.tr("now"))
        self._sync_labels()
        self.presenter.forget_caption()
        self.caption_box.forget_height()  # another language: other lines
        if self.caption.text():  # a caption was drawn: say it again (now, or when the view is shown)
            live.catch_up(self)
            self.update_text.flush()  # the step readout too, without waiting for its next turn

    # ---------------------------------------------------------------- the presenter's state, by name

    @property
    def axes_window(self) -> Window | None:
        """The ranges ((lo1, hi1), (lo2, hi2)) of the two axes the surface is computed and shown over."""
        return self.presenter.window

    @property
    def mode(self) -> str:
        """The shown mode, a key of MODES."""
        return self.presenter.mode

    @property
    def seed(self) -> int:
        """The random directions' seed ("New directions" counts it up)."""
        return self.presenter.seed

    @property
    def plane(self) -> Plane | None:
        """The plane the shown surface was computed on (random and PCA modes)."""
        return self.presenter.plane

    @property
    def res(self) -> int:
        """Samples per axis of the shown surface."""
        return self.presenter.res

    @property
    def line_points(self) -> int:
        """Losses along the shown line."""
        return self.presenter.line_points

    @property
    def surface_interval_s(self) -> float:
        """Seconds between two recomputes of the surface while training runs (0: every refresh)."""
        return self.presenter.surface_interval_s

    @surface_interval_s.setter
    def surface_interval_s(self, seconds: float) -> None:
        self.presenter.surface_interval_s = seconds

    @property
    def gl_view(self) -> QWidget | None:
        """The 3-D page's GLViewWidget, once made."""
        return self._3d.view if self._3d is not None else None

    # ---------------------------------------------------------------- building (once)

    def _build_controls(self) -> None:
        self.mode_combo = QComboBox(objectName="surfaceModeCombo")
        for key, text, _tip in MODES:  # the texts are set (translated) by retranslate; the key is the data
            self.mode_combo.addItem(text, key)
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
        self.and_label = QLabel()
        params.addWidget(self.and_label)
        params.addWidget(self.chooser2)

        self.reseed_button = QPushButton(objectName="surfaceReseedButton")
        self.reseed_button.clicked.connect(self._on_reseed)

        self.check_3d = QCheckBox(objectName="surface3dCheck")
        self.check_3d.setEnabled(opengl_problem() is None)
        self.check_3d.toggled.connect(self._on_3d_toggled)

        self.field_check = QCheckBox(objectName="gradientFieldCheck")
        self.field_check.toggled.connect(self._on_field_toggled)

        # one line when the dock is wide enough; the parameter choice on a second line when not
        self._controls = WrapRow([self.mode_combo, self.check_3d, self.field_check],
                                 [self.param_box, self.reseed_button])
        self.caption = caption_label("lossSurfaceCaption")
        self.caption.installEventFilter(self)  # its tooltip: the step, where it has no room (hidden_step)
        self.update_label = caption_label("surfaceStepReadout")

    def _build_plot(self) -> None:
        self.plot, pi = fixed_window_plot("lossSurfaceView", "lossSurfaceView")
        for name in ("bottom", "left"):
            pi.getAxis(name).setPen(palette.pen(palette.FOREGROUND))
            pi.getAxis(name).setTextPen(palette.pen(palette.FOREGROUND))
            pi.getAxis(name).enableAutoSIPrefix(False)  # "0.0004", not "400 (x0.001)"

        self.image = FastImageItem(axisOrder="row-major")
        self.image.setZValue(-10)
        pi.addItem(self.image)
        self.colorbar = surface_colorbar(self.image, pi, pg.colormap.get("viridis"), "")
        # every contour segment of every level in one item: (start, end) pairs of points
        self.contours = FastCurve(pen=palette.pen(CONTOUR_COLOR, 1.0), connect="pairs")
        self.contours.setZValue(-5)
        pi.addItem(self.contours)
        # −∇L over a coarse grid: one item, drawn again only with a new surface
        self.field = GradientFieldItem()
        self.field.setZValue(-2)
        self.field.setVisible(False)
        pi.addItem(self.field, ignoreBounds=True)
        # the path, its dots, the next-step arrow and the current point: one item, one paint a frame
        self.overlay = SurfaceOverlay()
        pi.addItem(self.overlay, ignoreBounds=True)  # the window sets the range, not the items
        # The surface, its contours, colour bar and axes change every 100 ms at most; the path,
        # marker and arrow move every frame over them: repaint those from pixmaps.
        cache_drawing(self.image, self.contours, self.colorbar, self.field)
        cache_axes(pi)

    def _follow_model(self) -> None:
        """Combos and axis labels for the session's model and surface parameters, and a fresh window."""
        self.caption_box.forget_height()  # another network: other lines
        if self.presenter.follow_model():  # a new network may have other parameters
            shapes = {k: tuple(v.shape) for k, v in self.session.model.params.items()}
            for chooser in (self.chooser1, self.chooser2):
                chooser.set_arrays(shapes)
        # the session's surface parameters, shown without echoing the choice back
        for chooser, p in zip((self.chooser1, self.chooser2), self.session.surface_params, strict=True):
            chooser.set_param(p)
        self._sync_labels()

    def _sync_labels(self) -> None:
        """Axis labels: the two parameters, α and β, or the principal components with their variance."""
        pi = self.plot.getPlotItem()
        exact = (self.chooser1.label(), self.chooser2.label())
        bottom, left = self.presenter.axis_labels(exact, i18n.translate)
        pi.setLabel("bottom", bottom)
        pi.setLabel("left", left)

    def _show_mode_controls(self) -> None:
        """The controls and the page of the current mode."""
        mode = self.presenter.mode
        self.param_box.setVisible(mode == "exact")
        self.reseed_button.setVisible(mode == "random")
        self.check_3d.setVisible(mode != "line")
        self.field_check.setVisible(mode != "line")
        page = self.line_plot if mode == "line" else self._surface_page()
        self.pages.setCurrentWidget(page)
        if mode != "exact":
            self.update_box.setVisible(False)  # the step written out is the two parameters' alone
        self._fit_timer.start()

    def _surface_page(self) -> QWidget:
        """The 3-D page when it is asked for and OpenGL works, else the 2-D plot."""
        if not self.check_3d.isChecked() or opengl_problem() is not None:
            return self.plot
        if self._3d is None:
            self._3d = Surface3D.build()
            if self._3d is None:
                return self.plot
            self.pages.addWidget(self._3d.view)
            self.presenter.surface_dirty = True
        return self._3d.view

    def _showing_3d(self) -> bool:
        return self._3d is not None and self.pages.currentWidget() is self._3d.view

    # ---------------------------------------------------------------- events

    def _on_mode_changed(self, row: int) -> None:
        self.presenter.set_mode(self.mode_combo.itemData(row))
        self.caption_box.forget_height()  # another kind of caption
        self._sync_labels()
        self._show_mode_controls()
        if self.isVisible():
            self.refresh()

    def _on_reseed(self) -> None:
        self.presenter.reseed()
        if self.isVisible():
            self.refresh()

    def _on_3d_toggled(self, _checked: bool) -> None:
        self._show_mode_controls()
        self.presenter.surface_dirty = True
        if self.isVisible():
            self.refresh()

    def _on_field_toggled(self, on: bool) -> None:
        self.presenter.set_field(on)
        if not on:
            self.field.setVisible(False)
            self.field.set_field(None)
        if self.isVisible():
            self.refresh()

    def _on_param_chosen(self, which: int) -> None:
        p = [self.chooser1.param(), self.chooser2.param()]
        if p[0] == p[1]:
            # the same parameter twice is no surface: swap the two instead
            key, i = self.session.surface_params[which]
            p[1 - which] = (key, int(i))
        self.session.set_surface_params(p[0], p[1])

    def _on_model_changed(self) -> None:
        # a new network or two other parameters (or the same two chosen again): start afresh
        self._follow_model()
        self.refresh()

    def _on_stepped(self, _report: object = None) -> None:
        self.refresh()

    def _on_data_changed(self) -> None:
        self.presenter.data_edited()  # the surface waits for the edits to pause; the path does not
        self.refresh()

    def _on_catch_up(self) -> None:
        # no refresh came for a whole interval: training paused, so bring the surface up to date
        if self.isVisible() and self.presenter.behind():
            self.presenter.surface_dirty = True
            self.refresh()

    def _on_surface_ready(self, _key: str, result: SurfaceResult) -> None:
        # a surface computed on the worker: the next refresh shows it (at once, where the view shows)
        if self.presenter.receive(result) and self.isVisible():
            self.refresh()

    def _on_surface_failed(self, _key: str, error: Exception) -> None:
        # an error in the computation: said in the caption as a problem, like one found here
        if self.presenter.failed(None, error) and self.isVisible():
            self.refresh()

    def flush(self) -> None:
        """Show the surface of the weights now, waiting for it (an export or a snapshot of this state)."""
        self.jobs.wait()
        if not self.isVisible():
            return  # a hidden view catches up when shown
        for _ in range(3):  # a surface asked for before the last steps asks for the next one when shown
            if self.presenter.pending is None and not self.presenter.behind():
                return
            if self.presenter.pending is None:
                self.presenter.surface_dirty = True
                self.refresh()
            self.jobs.wait()

    def apply_theme(self, _new: theme.Theme) -> None:
        """Wider path and arrow lines in projector mode, as theme.style_plots widens pyqtgraph's curves."""
        # the overlay is not a pyqtgraph curve, so style_plots cannot widen its pens: it asks the
        # window it sits in (MainWindow.projector; a view on its own is never in projector mode)
        projector = bool(getattr(self.window(), "projector", False))
        line_scale = theme.PROJECTOR_LINE_SCALE if projector else 1.0
        if line_scale != self.overlay.line_scale:
            self.overlay.build_styles(line_scale)
            self.field.build_styles(line_scale)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """The step readout is shown only where it fits: decided at once, before the plot is drawn."""
        super().resizeEvent(event)
        self._fit_readout()

    def _on_plot_resized(self) -> None:
        # the plot area has its new size: measure what the axes take (the font, projector mode)
        area = self.plot.getPlotItem().getViewBox().sceneBoundingRect().height()
        if area > 0 and self.plot.height() > area:
            self._axes_px = self.plot.height() - area
        self._fit_timer.start()

    def _say_step(self, problem: Problem | None) -> None:
        """The step readout's text now; a new mode or a line more or less: does it still fit?"""
        self.update_text.set(self.presenter.step_readout(problem, i18n.translate))
        text = self.update_label.text()
        key = (self.presenter.mode, text.count("\n"), not text)
        if key != self._readout_key:
            self._readout_key = key
            self._fit_readout()

    def _fit_readout(self) -> None:
        """Show the step readout (exact mode) where it fits whole and the plot keeps its minimum area
        (app.layout.PLOT_MIN) under it; hide it where it does not."""
        shown = self.update_box.isVisible()
        show = (self.presenter.mode == "exact" and bool(self.update_label.text())
                and self.pages.currentWidget() is self.plot)
        if show:
            area = self.plot.height() - self._axes_px  # the layout sets the plot's height at once
            need = self.update_label.heightForWidth(max(self.pages.width(), 1)) + self._column.spacing()
            # shown, the area is already what is left beside it; hidden, showing it takes `need`
            left = area if shown else area - need
            show = left >= PLOT_MIN.height() + (0 if shown else READOUT_MARGIN_PX)
        if show and not shown:  # a hidden readout was not kept up to date: say the step now
            problem = self.presenter.training_problem()
            self.update_text.set(self.presenter.step_readout(problem, i18n.translate))
        if show != shown:
            self.update_box.setVisible(show)

    def hidden_step(self) -> str:
        """The step written out, for the caption's tooltip, where the panel is too short to show it under
        the plot ("" where it is shown, or there is none): computed when asked, so never stale."""
        if self.presenter.mode != "exact" or self.update_box.isVisible():
            return ""
        step = self.presenter.step_readout(self.presenter.training_problem(), i18n.translate)
        if not step:
            return ""
        return self.tr("The next step, written out (a taller panel shows it under the plot):") + "\n" + step

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hovering the caption of a short panel shows the step written out."""
        if watched is self.caption and event.type() == QEvent.Type.ToolTip:
            step = self.hidden_step()
            if step:
                QToolTip.showText(cast(QHelpEvent, event).globalPos(), step, self.caption)
                return True
        return super().eventFilter(watched, event)

    def hideEvent(self, event: QHideEvent) -> None:
        """A hidden view (its dock closed, the window closing) catches up on its next refresh instead."""
        self._catch_up.stop()
        self._fit_timer.stop()
        super().hideEvent(event)

    # ---------------------------------------------------------------- drawing

    def _label_loss(self) -> None:
        """Name what the heights are: the training loss, plus the penalty while one is set (the surface is
        the loss the gradient descends)."""
        model = self.session.model
        penalized = isinstance(model, MLP) and model.penalty != "none" and model.penalty_rate > 0
        text = self.tr("training loss + penalty") if penalized else self.tr("training loss")
        if text != self._loss_label:
            self._loss_label = text
            label_axis(self.colorbar.getAxis("left"), text)
            self.line_plot.getPlotItem().setLabel("left", text)

    def refresh(self) -> None:
        """Bring everything drawn up to date with the session: the parameters and labels if the model
        or the parameters changed, the surface when due, the path, marker and arrow every time."""
        self._label_loss()
        p = self.presenter
        if p.out_of_date():
            self._follow_model()
        problem = p.training_problem()
        if p.mode == "line":
            self._draw_line(p.line_frame(problem, i18n.translate))
            return
        p.deferred = self.jobs.is_threaded()
        if not p.deferred:
            self.jobs.wait(deliver=False)  # one computation at a time (core.stacked_losses' buffers)
        frame = p.frame()
        if frame.request is not None:
            self.jobs.submit("surface", partial(p.compute, frame.request))
        if frame.new_plane and p.mode == "pca":
            self._sync_labels()  # the explained variances changed
        if frame.new_window:
            (x0, x1), (y0, y1) = frame.window
            self.plot.getPlotItem().getViewBox().setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)
            self.overlay.set_bounds(QRectF(x0, y0, x1 - x0, y1 - y0))
            self.field.set_bounds(QRectF(x0, y0, x1 - x0, y1 - y0))
        if frame.image is not None:
            self._draw_surface(frame.image, frame.window)
            self.field.set_field(frame.image.field)
        elif frame.catch_up_ms is not None:
            self._catch_up.start(frame.catch_up_ms)
        # the surface shown stays while the next one is computed, unless it is of another mode or model
        shown = frame.problem is None and p.image_matches()
        self.image.setVisible(shown)
        self.contours.setVisible(shown)
        self.field.setVisible(p.field_on and shown and not self._showing_3d())
        if self.update_box.isVisible() or not self.update_label.text():  # hidden, it costs a frame nothing
            self._say_step(frame.problem)

        px, py = self.plot.getPlotItem().getViewBox().viewPixelSize()
        marks = p.marks(frame, (float(px), float(py)))
        self.overlay.set_frame(marks.path, marks.dots, marks.marker, marks.arrow, (float(px), float(py)),
                               frame.box)
        if self._showing_3d() and self._3d is not None:
            self._3d.show_path(frame.path, frame.current)
        note = ""
        gl_problem = opengl_problem()
        if self.check_3d.isChecked() and gl_problem is not None:
            note = " " + self.tr("No 3-D: {problem}.").format(problem=gl_problem)
        caption = p.caption(frame.problem, self.overlay.arrow is not None, note, i18n.translate)
        if caption is not None:
            set_text(self.caption, caption)  # in its TextBox: a repaint only

    def _draw_surface(self, surface: SurfaceImage, window: Window) -> None:
        """The new surface into the same items: image, colour bar, contours (and the 3-D mesh)."""
        start = time.perf_counter()
        self.image.setImage(surface.log_loss, autoLevels=False)
        self.image.setRect(QRectF(*surface.rect))
        self.colorbar.setLevels(surface.levels)
        self.colorbar.axis.setTicks([surface.ticks])  # the image holds log10(loss): label losses
        self.contour_levels = surface.contour_levels
        self.contours.setData(*surface.contours)
        if self._showing_3d() and self._3d is not None:
            self._3d.show_surface(surface.log_loss, surface.levels, window)
        self.presenter.surface_drawn(1000 * (time.perf_counter() - start))  # counts for the duty limit

    def _draw_line(self, line: LineFrame) -> None:
        """The 1-D mode: the loss along the line from the initial to the current weights."""
        self.line_plot.draw(line)
        set_text(self.caption, line.caption)
