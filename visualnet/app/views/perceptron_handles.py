"""The perceptron's two handles in the data view: drag the line along w (b), or w's arrow tip (w).

`install(dataset_view, session, bridge)` adds them to the data view's plot above its points and returns
`PerceptronHandles`, whose `dragRequested` the window turns into one undoable edit per drag. Where the
handles are and what a drag sets is worked out by `presenters.perceptron_handles` (no Qt); these items
only paint the handles and hand on the mouse. Hidden unless the model is a perceptron whose line is in view.
"""

from __future__ import annotations

import itertools
import weakref
from typing import TYPE_CHECKING, cast

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, QPointF, Qt, Signal

from visualnet.app import i18n, palette
from visualnet.app.bridge import SessionBridge
from visualnet.app.views import live
from visualnet.core.perceptron import Perceptron
from visualnet.presenters import perceptron_handles as present
from visualnet.presenters.perceptron_handles import Handle, HandleDrag
from visualnet.session import Session

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent, MouseDragEvent

    from visualnet.app.views.dataset_view import DatasetView

__all__ = ["HANDLE_SIZE", "HANDLE_Z", "HandleItem", "PerceptronHandles", "install"]

HANDLE_Z = 12.5  # above the points (10) and the hovered point's ring (12), below the rubber band (13)
HANDLE_SIZE = 14  # px
_drag_ids = itertools.count(1)


class HandleItem(pg.ScatterPlotItem):
    """One handle: a spot that hands its drags (in data coordinates) to `owner`, and swallows clicks."""

    def __init__(self, owner: PerceptronHandles, handle: Handle, pen: str, brush: str, alpha: int) -> None:
        super().__init__(size=HANDLE_SIZE, pxMode=True, symbol="o", pen=palette.pen(pen, 2.0),
                         brush=palette.brush(brush, alpha))
        self._owner = weakref.ref(owner)  # weak: the owner holds its handles
        self.handle: Handle = handle
        self.setZValue(HANDLE_Z)
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    @property
    def owner(self) -> PerceptronHandles:
        """The handles' owner, which turns drags into edits."""
        owner = self._owner()
        assert owner is not None  # it outlives its items
        return owner

    def mouseDragEvent(self, ev: MouseDragEvent) -> None:
        """A left drag that starts on the handle moves it; any other drag is the plot's."""
        if ev.button() != Qt.MouseButton.LeftButton:
            ev.ignore()
            return
        if ev.isStart() and not len(self.pointsAt(ev.buttonDownPos())):
            ev.ignore()
            return
        ev.accept()
        vb = self.getViewBox()
        start, p = vb.mapSceneToView(ev.buttonDownScenePos()), vb.mapSceneToView(ev.scenePos())
        self.owner.drag(self.handle, (start.x(), start.y()), (p.x(), p.y()), ev.isStart(), ev.isFinish())

    def mouseClickEvent(self, ev: MouseClickEvent) -> None:
        """A click on the handle adds no point under it."""
        if len(self.pointsAt(ev.pos())):
            ev.accept()
        else:
            ev.ignore()


class PerceptronHandles(QObject):
    """The line handle (b) and the tip handle (w) of the perceptron, following the session."""

    dragRequested = Signal(object, float, int, bool, str)  # w (2,), b, drag id, finished, "line" or "tip"

    def __init__(self, view: DatasetView, session: Session, bridge: SessionBridge) -> None:
        super().__init__(view)
        self.session = session
        self.line = HandleItem(self, "line", "#FFFFFF", palette.FOREGROUND, 220)
        self.tip = HandleItem(self, "tip", palette.ACCENT, "#FFFFFF", 70)  # a ring: the arrow head shows
        self.label = pg.TextItem(color=palette.FOREGROUND, anchor=(0, 1.2))  # w and b while dragging
        self.label.setZValue(HANDLE_Z)
        pi = view.plot.getPlotItem()
        for item in (self.line, self.tip, self.label):
            pi.addItem(item, ignoreBounds=True)
        self._drag: tuple[HandleDrag, int] | None = None
        view.viewbox.sigRangeChanged.connect(lambda *_: self.refresh())
        view.viewbox.sigResized.connect(lambda *_: self.refresh())
        live.follow(view, bridge.stepped, self.refresh)
        live.follow(view, bridge.weightsChanged, self.refresh)
        live.follow(view, bridge.modelReset, self.refresh)
        self.retranslate()
        i18n.follow_language(view, self.retranslate)
        self.refresh()

    @property
    def view(self) -> DatasetView:
        """The data view: its Qt parent (an attribute would make a reference cycle with it)."""
        return cast("DatasetView", self.parent())

    def retranslate(self) -> None:
        """What a drag of each handle does, as its tooltip."""
        self.line.setToolTip(i18n.translated(present.LINE_TIP))
        self.tip.setToolTip(i18n.translated(present.TIP_TIP))

    def places(self) -> present.HandlePlaces | None:
        """Where the handles are now (data coordinates), None when none are shown."""
        model = self.session.model
        if not isinstance(model, Perceptron) or self.session.task != "classification":
            return None
        (x0, x1), (y0, y1) = self.view.viewbox.viewRange()
        return present.handle_places(model.w, model.b, (x0, x1), (y0, y1))

    def refresh(self, *_: object) -> None:
        """Put the handles where the line and arrow are (the one being dragged stays under the mouse)."""
        places = self.places()
        for item in (self.line, self.tip):
            item.setVisible(places is not None)
            if places is not None and not (self._drag is not None and self._drag[0].handle == item.handle):
                item.setData(*(np.atleast_1d(v) for v in places.at(item.handle)))
        self.label.setVisible(places is not None and self._drag is not None)
        if self._drag is not None and isinstance(self.session.model, Perceptron):
            self.label.setText(present.readout(self.session.model.w, self.session.model.b))

    def drag(self, handle: Handle, start: tuple[float, float], p: tuple[float, float], first: bool,
             finished: bool) -> None:
        """The mouse at data point `p` in a drag of `handle` that started at `start`."""
        model = self.session.model
        if first or self._drag is None:
            places = self.places()
            if places is None or not isinstance(model, Perceptron):
                return
            begun = HandleDrag(handle, model.w.copy(), model.b, places, np.array(start))
            self._drag = (begun, next(_drag_ids))
        drag, drag_id = self._drag
        w, b = drag.weights_at(p)
        item = self.line if handle == "line" else self.tip
        item.setData([p[0]], [p[1]])
        self.label.setPos(QPointF(*p))
        if finished:
            self._drag = None
        self.dragRequested.emit(w, b, drag_id, finished, handle)
        self.refresh()


def install(view: DatasetView, session: Session, bridge: SessionBridge) -> PerceptronHandles:
    """Add the perceptron's handles to the data view; the window connects `dragRequested`."""
    return PerceptronHandles(view, session, bridge)
