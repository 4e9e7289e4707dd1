"""Where the panels go: the docks, their arrangement for the window's size, the big panels opened on
demand (mixed into MainWindow; the rules themselves are in visualnet.app.layout)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import cast

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import QDockWidget, QScrollArea, QWidget

from visualnet.app import layout, lesson_panel, theme
from visualnet.app.window_parts import WindowParts


class DockLayoutMixin(WindowParts):
    """The docks and their arrangement."""

    def _create_docks(self) -> None:
        scroll = QScrollArea()
        scroll.setWidget(self.controls)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # as narrow as the controls allow (it scrolls up and down, never sideways): the plots need the width
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(self.controls.minimumSizeHint().width() + bar + 4)
        area = Qt.DockWidgetArea
        placements = [("Controls", scroll), ("Lessons", self.welcome), ("Loss curve", self.loss_curve_view),
                      ("Loss surface", self.loss_surface_view), ("Activations", self.activation_view),
                      ("Weights", self.weights_view)]
        # all tabs in one column until the first show arranges them for the window's size: the
        # narrowest start, so the window is never widened to hold an arrangement it will not keep
        for title, widget in placements:
            dock = layout.dock(title, self, widget)
            self.addDockWidget(area.LeftDockWidgetArea, dock)
            if self.docks:
                self.tabifyDockWidget(self.docks["Controls"], dock)
            self.docks[title] = dock
        self.docks["Controls"].raise_()
        self.loss_curve_view.use_settings(self.settings)  # its learning-rate toggle, as last chosen
        # The controls column runs the full height (it scrolls when it must), the right column too: the
        # bottom row then lies under the data view alone.
        for corner, where in ((Qt.Corner.BottomLeftCorner, area.LeftDockWidgetArea),
                              (Qt.Corner.TopLeftCorner, area.LeftDockWidgetArea),
                              (Qt.Corner.TopRightCorner, area.RightDockWidgetArea),
                              (Qt.Corner.BottomRightCorner, area.RightDockWidgetArea)):
            self.setCorner(corner, where)

    def _dock_titles(self) -> dict[str, str]:
        """Each dock's title in the language now spoken, by its key in `self.docks` (kept in English)."""
        return {"Controls": self.tr("Controls"), "Lessons": self.tr("Lessons"),
                "Loss curve": self.tr("Loss curve"), "Loss surface": self.tr("Loss surface"),
                "Activations": self.tr("Activations"), "Weights": self.tr("Weights"),
                "Optimizer playground": self.tr("Optimizer playground"),
                "Network race": self.tr("Network race"),
                "Forward inspector": self.tr("Forward-pass inspector"),
                "Gradient check": self.tr("Gradient check"),
                "Neuron maps": self.tr("Neuron maps"),
                "Confusion matrix": self.tr("Confusion matrix"), "Hidden space": self.tr("Hidden space"),
                "Activations at initialisation": self.tr("Activations at initialisation")}

    def _retranslate_docks(self) -> None:
        """The docks' titles in the language now spoken (View's toggles take them from the docks)."""
        titles = self._dock_titles()
        for key, dock in self.docks.items():
            dock.setWindowTitle(titles.get(key, key))

    def _open_panel(self, key: str, make: Callable[[], QWidget], name: str, minimum: QSize,
                    made: Callable[[QDockWidget], object] | None = None,
                    place: Callable[[QDockWidget, QSize], None] | None = None) -> QDockWidget:
        """Show the panel `key`, built by `make` on first use (so start-up stays quick; `made` then gets
        the new dock before it is shown), where `place` puts it (default: as a tab beside the loss
        surface or a window of its own)."""
        if key not in self.docks:
            dock = layout.dock(key, self, make(), name)
            self.docks[key] = dock
            dock.setWindowTitle(self._dock_titles()[key])
            theme.style_plots(dock, self.theme, self.projector)
            if made is not None:
                made(dock)
        dock = self.docks[key]
        if dock.isHidden():
            (place or self._place_panel)(dock, minimum)
        self._bring_forward(dock)
        return dock

    def show_playground(self) -> None:
        """Open the optimizer playground."""
        from visualnet.app.playground import OptimizerPlayground

        self._open_panel("Optimizer playground", OptimizerPlayground, "OptimizerPlaygroundDock",
                         layout.PLAYGROUND_MIN)

    def show_race(self) -> None:
        """Open the network race (it pauses whenever its dock is hidden: a tab in the back too)."""
        from visualnet.app.race_view import RaceView

        def pause_when_hidden(dock: QDockWidget) -> None:
            dock.visibilityChanged.connect(cast(RaceView, dock.widget()).set_on_screen)

        self._open_panel("Network race", lambda: RaceView(self.session), "NetworkRaceDock", layout.RACE_MIN,
                         pause_when_hidden)

    def show_inspector(self, x: float | None = None, y: float | None = None, index: int = -1) -> None:
        """Show a point's forward pass (the data view's Alt+click or Alt+hover): in the inspector as it
        is if it is on screen (hovering must not raise windows), else opened and brought forward."""
        from visualnet.app.views.inspector_view import ForwardInspector

        dock = self.docks.get("Forward inspector")
        if dock is None or not dock.isVisible() or x is None:
            dock = self._open_panel("Forward inspector", lambda: ForwardInspector(self.session, self.bridge),
                                    "forwardInspector", layout.INSPECTOR_MIN)
        if x is not None and y is not None:
            cast(ForwardInspector, dock.widget()).inspect(x, y, index)

    def show_gradient_check(self) -> None:
        """Open the gradient check (backpropagation against the numerical gradient)."""
        from visualnet.app.views.gradient_check_view import GradientCheckView

        self._open_panel("Gradient check", lambda: GradientCheckView(self.session, self.bridge),
                         "gradientCheck", layout.GRADIENT_CHECK_MIN)

    def show_neuron_maps(self) -> None:
        """Open the neuron maps: each unit's output over the input plane (hovered: large in the data view)."""
        from visualnet.app.views.neuron_maps_view import NeuronMapsView

        self._open_panel("Neuron maps", lambda: NeuronMapsView(self.session, self.bridge, self.dataset_view),
                         "neuronMaps", layout.NEURON_MAPS_MIN)

    def show_confusion_matrix(self) -> None:
        """Open the confusion matrix (with precision and recall), beside the loss curve."""
        from visualnet.app.views.metrics_view import MetricsView

        self._open_panel("Confusion matrix", lambda: MetricsView(self.session, self.bridge),
                         "confusionMatrix", layout.CONFUSION_MIN, place=self._place_beside_loss_curve)

    def show_hidden_space(self) -> None:
        """Open the hidden space: the data and the input grid in the plane of two neurons of a layer."""
        from visualnet.app.views.hidden_space_view import HiddenSpaceView

        self._open_panel("Hidden space", lambda: HiddenSpaceView(self.session, self.bridge),
                         "hiddenSpace", layout.HIDDEN_SPACE_MIN)

    def show_init_histograms(self) -> None:
        """Open the histograms of each hidden layer's activations at initialisation (the book's chapter 6)."""
        from visualnet.app.views.init_histograms_view import InitHistogramsView

        # "Use this initialisation" goes the way the controls' settings go (the window's apply_setting)
        self._open_panel("Activations at initialisation",
                         lambda: InitHistogramsView(self.session, self.bridge,
                                                    apply=self.controls.settingChanged.emit),
                         "initHistograms", layout.INIT_HISTOGRAMS_MIN)

    def _place_beside_loss_curve(self, dock: QDockWidget, minimum: QSize) -> None:
        """Under the loss curve where its dock is tall enough for both, else a tab beside it; where the
        loss curve is closed or in a window of its own, as any big panel."""
        curve = self.docks["Loss curve"]
        if curve.isHidden() or curve.isFloating():
            self._place_panel(dock, minimum)
            return
        if dock.isFloating():
            dock.setWindowFlags(Qt.WindowType.Tool)  # a dock's own floating kind: it can dock again
            dock.setFloating(False)
        area = self.dockWidgetArea(curve)
        self.addDockWidget(area, dock)
        minimum = self._scaled(minimum)
        # the loss curve keeps its own least height (its plot and legend) above the matrix
        height = curve.height()
        if curve.isVisible() and height >= 2 * minimum.height() and not self.tabifiedDockWidgets(curve):
            self.splitDockWidget(curve, dock, Qt.Orientation.Vertical)
            self.resizeDocks([curve, dock], [height - height // 2, height // 2], Qt.Orientation.Vertical)
        else:
            self.tabifyDockWidget(curve, dock)

    def _bring_forward(self, dock: QDockWidget) -> None:
        """Show a panel: the front tab of its group, or its own window on top."""
        dock.show()
        if dock.isFloating():
            dock.activateWindow()
        else:
            dock.raise_()

    def _scaled(self, size: QSize) -> QSize:
        """A minimum in px at the normal font, grown with projector mode's bigger text."""
        scale = theme.PROJECTOR_SCALE if self.projector else 1.0
        return QSize(round(size.width() * scale), round(size.height() * scale))

    def _side_width(self) -> int:
        """The controls' column at its narrowest (it grows with the font)."""
        return self.docks["Controls"].minimumSizeHint().width() + layout.SEPARATOR

    def _wanted_arrangement(self) -> str:
        scale = theme.PROJECTOR_SCALE if self.projector else 1.0
        # the wide arrangement's bottom row holds the loss surface and the weights side by side
        bottom = sum(self.docks[t].minimumSizeHint().width() for t in ("Loss surface", "Weights"))
        return layout.arrangement_for(self.width(), self.height(), scale, self._side_width(), bottom)

    def _place_panel(self, dock: QDockWidget, minimum: QSize) -> None:
        """Open a big panel as a tab beside the loss surface if that tab has its room, else as its own
        window of a usable size: either way no other view gives up any space."""
        minimum = self._scaled(minimum)
        surface = self.docks["Loss surface"]
        room = surface.widget().size() if surface.isVisible() and not surface.isFloating() else QSize()
        if layout.panel_placement(room, minimum) == "tab":
            self.dock_beside_surface(dock)
            return
        dock.setFloating(True)
        # a window of its own (in the task bar, with the system's frame), not a tool palette that
        # would hide the plots under it
        dock.setWindowFlags(Qt.WindowType.Window)
        dock.setWindowTitle(dock.windowTitle())
        available = layout.available_geometry()
        dock.setGeometry(layout.window_rect(dock.sizeHint(), minimum, available))

    def dock_beside_surface(self, dock: QDockWidget) -> None:
        """Put a panel back in the window, as a tab beside the loss surface (from a window of its own too)."""
        if dock.isFloating():
            dock.setWindowFlags(Qt.WindowType.Tool)  # a dock's own floating kind: it can dock again
            dock.setFloating(False)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.tabifyDockWidget(self.docks["Loss surface"], dock)

    def arrange(self) -> None:
        """Lay the docks out for this window's size and font: the wide arrangement where every view
        keeps its minimum, else the other views as tabs beside the controls (never slivers)."""
        scale = theme.PROJECTOR_SCALE if self.projector else 1.0
        d, area, vertical = self.docks, Qt.DockWidgetArea, Qt.Orientation.Vertical
        # the lessons stay in front if they were (the first time: if the first run asked for them)
        lessons_up = (d["Lessons"].isVisible() and not d["Controls"].isVisible()) if self.arrangement \
            else self._lessons_first
        self.arrangement = self._wanted_arrangement()
        for title in ("Controls", "Lessons", "Loss curve", "Loss surface", "Activations", "Weights"):
            d[title].setFloating(False)
        front = d["Lessons"] if lessons_up else d["Controls"]
        self.addDockWidget(area.LeftDockWidgetArea, d["Controls"])
        self.tabifyDockWidget(d["Controls"], d["Lessons"])
        if self.arrangement == layout.WIDE:
            # the loss surface's parameter row is the widest panel: it goes under the data view, whose
            # width it shares with the weights; the narrow plots stack in the right column
            self.addDockWidget(area.RightDockWidgetArea, d["Loss curve"])
            self.splitDockWidget(d["Loss curve"], d["Activations"], vertical)
            self.addDockWidget(area.BottomDockWidgetArea, d["Loss surface"])
            self.splitDockWidget(d["Loss surface"], d["Weights"], Qt.Orientation.Horizontal)
            side = self._side_width()
            self.resizeDocks([d["Controls"], d["Loss curve"]],
                             [side, layout.right_width(self.width(), scale, side)], Qt.Orientation.Horizontal)
            self.resizeDocks([d["Loss surface"]], [layout.bottom_height(self.height(), scale)], vertical)
            self.resizeDocks([d["Loss curve"], d["Activations"]], [1, 1], vertical)
            # the weights as wide as the loss surface leaves them (its row of choosers sets its least width)
            self.resizeDocks([d["Loss surface"], d["Weights"]], [1, 1], Qt.Orientation.Horizontal)
        else:
            for title in ("Loss curve", "Loss surface", "Activations", "Weights"):
                self.tabifyDockWidget(d["Controls"], d[title])
            # the column as narrow as its widest panel allows: the data view takes the rest
            side = max(dock.minimumSizeHint().width() for dock in d.values() if not dock.isFloating())
            wanted = min(round(layout.COMPACT_SIDE_WIDTH * scale),
                         int((1 - layout.DATA_SHARE) * self.width()) - layout.SEPARATOR)
            self.resizeDocks([d["Controls"]], [max(side, wanted)], Qt.Orientation.Horizontal)
        front.raise_()
        if self.welcome.active is not None:  # a running lesson keeps its panels and its own text in sight
            lesson_panel.arrange_window(self, d, self.welcome.active.window)

    def reset_layout(self) -> None:
        """View → Reset layout: every standard panel shown and back in the default arrangement."""
        for title in ("Controls", "Lessons", "Loss curve", "Loss surface", "Activations", "Weights"):
            self.docks[title].show()
        self.arrange()
        back = QCoreApplication.translate("MainWindow", "The default layout is back.")  # the window's context
        self.statusBar().showMessage(back, 5000)

    def show_on_screen(self) -> None:
        """Show the window: maximised on a laptop-sized screen unless a saved size was restored."""
        if self._maximise or (not self.restored_geometry
                              and layout.should_maximise(layout.available_geometry())):
            self.showMaximized()
        else:
            self.show()

    def _fit_arrangement(self) -> None:
        if self.arrangement and self.arrangement != self._wanted_arrangement():
            self.arrange()

    def layout_problems(self) -> list[str]:
        """What breaks the layout rules now (a view under its minimum, a part outside the window)."""
        return layout.problems(self, self.views())

    def check_restored_layout(self) -> bool:
        """Discard a restored layout that leaves a view under its minimum (with a status-bar note);
        True if it was kept."""
        found = self.layout_problems()
        if not found:
            return True
        logging.getLogger("visualnet").info("saved layout discarded: %s", "; ".join(found))
        self.reset_layout()
        self.layout_note = layout.restored_note()
        self.statusBar().showMessage(self.layout_note, 15000)
        return False

    def show_lessons(self) -> None:
        """Bring the lessons panel to the front."""
        dock = self.docks["Lessons"]
        dock.show()
        dock.raise_()
        self._lessons_first = not self.arrangement
