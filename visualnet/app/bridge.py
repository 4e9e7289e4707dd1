"""Re-emit the session's plain events as Qt signals, so views connect the Qt way."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from visualnet.session import Session


class SessionBridge(QObject):
    """One Qt signal per session event."""

    dataChanged = Signal()
    modelReset = Signal()
    stepped = Signal(object)
    diverged = Signal(object)  # a str; object keeps a translatable one (translatable.Filled) whole
    configChanged = Signal()
    surfaceParamsChanged = Signal()
    selectionChanged = Signal()
    weightsChanged = Signal()
    stopped = Signal(object)  # why (a translatable str): a stop condition ended training

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        ev = session.events
        ev.connect("data_changed", self.dataChanged.emit)
        ev.connect("model_reset", self.modelReset.emit)
        ev.connect("stepped", self.stepped.emit)
        ev.connect("diverged", self.diverged.emit)
        ev.connect("config_changed", self.configChanged.emit)
        ev.connect("surface_params_changed", self.surfaceParamsChanged.emit)
        ev.connect("selection_changed", self.selectionChanged.emit)
        ev.connect("weights_changed", self.weightsChanged.emit)
        ev.connect("stopped", self.stopped.emit)
