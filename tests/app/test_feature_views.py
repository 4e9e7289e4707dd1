"""Issue 18, the views with input features: the diagram's input nodes and W1's heatmap rows are named
by the features, the neuron maps start with one map per feature (hover shows it large), and the hidden
space goes through the features; all follow a change of features."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtWidgets import QWidget

from tests.app.mouse import send_mouse
from tests.app.test_neuron_maps_view import make_pair
from visualnet.app.bridge import SessionBridge
from visualnet.app.views.hidden_space_view import HiddenSpaceView
from visualnet.app.views.weights_view import WeightsView
from visualnet.core import features
from visualnet.presenters import dataset as dataset_present
from visualnet.session import Config, Session

IDS = ("x1", "x2", "x1sq", "sinx2")
NAMES = ["x₁", "x₂", "x₁²", "sin x₂"]

_kept: list[QWidget] = []


@pytest.fixture(autouse=True)
def _forget_widgets():
    yield
    _kept.clear()


@pytest.fixture
def session() -> Session:
    return Session.from_preset("Circles", Config(features=IDS, hidden=(6, 5)))


def shown(qtbot, widget: QWidget, bridge: SessionBridge, size: tuple[int, int]) -> QWidget:
    bridge.setParent(widget)
    qtbot.addWidget(widget)
    _kept.append(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.wait(20)  # the layouts settle
    return widget


def test_the_diagram_and_w1_s_rows_are_named_by_the_features(qtbot, session: Session) -> None:
    bridge = SessionBridge(session)
    view = shown(qtbot, WeightsView(session, bridge), bridge, (700, 480))
    assert isinstance(view, WeightsView)
    assert [label.toPlainText() for label in view.diagram.labels] == NAMES
    assert [label.toPlainText() for label in view.row_labels] == NAMES
    w1 = view.places["W1"]
    for row, label in enumerate(view.row_labels):
        assert label.pos().x() < w1.x and label.pos().y() == pytest.approx(w1.y + row + 0.5)
        assert label.isVisible()  # 4 rows of a 4×6 matrix in 700 px: tall enough to read
    # on the canvas, left of W1 and inside the range shown
    (x0, _x1), _ = view.canvas.viewRange()
    assert x0 <= w1.x - 2.5  # room for "sin x₂"
    session.configure(features=("x1x2",))  # a new network: one input
    assert [label.toPlainText() for label in view.diagram.labels] == ["x₁x₂"]
    assert [label.toPlainText() for label in view.row_labels] == ["x₁x₂"]
    assert view.panels["W1"].data.shape == (1, 6)


def test_the_plain_network_names_its_inputs_in_the_diagram_only(qtbot) -> None:
    s = Session()  # features x₁, x₂: W1 is 2×8, its title says so; the dock keeps its width for titles
    bridge = SessionBridge(s)
    view = shown(qtbot, WeightsView(s, bridge), bridge, (420, 300))
    assert isinstance(view, WeightsView)
    assert [label.toPlainText() for label in view.diagram.labels] == ["x₁", "x₂"] and view.row_labels == []


def test_without_features_the_inputs_are_x1_x2(qtbot) -> None:
    s = Session.from_preset("Sine")  # regression: x enters as it is
    bridge = SessionBridge(s)
    view = shown(qtbot, WeightsView(s, bridge), bridge, (600, 400))
    assert isinstance(view, WeightsView)
    assert [label.toPlainText() for label in view.diagram.labels] == ["x1"] and view.row_labels == []


def test_the_maps_start_with_the_features_and_show_one_large(qtbot, session: Session) -> None:
    dv, view = make_pair(qtbot, session)
    maps = view.maps
    assert maps is not None
    assert [len(row) for row in view.items] == [4, 6, 5, 2]
    assert view._headers[0].toPlainText() == "inputs" and view._headers[1].toPlainText() == "h1 · ReLU"
    # each input map is its feature over the data view's range
    (x0, x1), (y0, y1) = dv.viewbox.viewRange()
    ny, nx = maps.layers[0].Z.shape[1:]
    gx, gy = np.meshgrid(np.linspace(x0, x1, nx), np.linspace(y0, y1, ny))
    cols = features.columns(np.column_stack([gx.ravel(), gy.ravel()]), IDS)
    for j in range(4):
        np.testing.assert_allclose(maps.layers[0].Z[j], cols[:, j].reshape(ny, nx), atol=1e-12)
    assert view.items[0][2].toolTip().startswith("x₁²: input feature, range")
    assert [mark.toPlainText() for mark in view._marks[0]] == NAMES  # each input map names its feature
    assert all(mark.isVisible() for mark in view._marks[0])
    assert not any(mark.isVisible() for mark in view._marks[1])  # no h1 unit is flagged
    # hovering x₁²'s map shows it large in the data view
    pos = view.plot.mapFromScene(view.items[0][2].sceneBoundingRect().center())
    qtbot.wait(15)
    send_mouse(view.plot.viewport(), QEvent.Type.MouseMove, pos, Qt.MouseButton.NoButton,
               Qt.MouseButton.NoButton)
    assert view.large == (0, 2) and view.overlay.isVisible()
    ny, nx = view.large_values.shape
    gx, gy = np.meshgrid(np.linspace(x0, x1, nx), np.linspace(y0, y1, ny))
    np.testing.assert_allclose(view.large_values, (gx**2), atol=1e-12)
    assert view.overlay_label.toPlainText().startswith("x₁²: input feature")
    send_mouse(view.plot.viewport(), QEvent.Type.MouseMove, QPoint(2, 2), Qt.MouseButton.NoButton,
               Qt.MouseButton.NoButton)
    # a change of features: the first column follows
    session.configure(features=("x1x2", "sinx1", "sinx2"))
    assert [len(row) for row in view.items] == [3, 6, 5, 2]
    assert maps is not view.maps and view.maps is not None
    assert view.maps.layers[0].unit_names == ("x₁x₂", "sin x₁", "sin x₂")


def test_the_perceptron_s_maps_have_no_inputs_column(qtbot) -> None:
    _dv, view = make_pair(qtbot, Session.from_preset("AND", Config(model="Perceptron")))
    assert [len(row) for row in view.items] == [1]
    assert view._headers[0].toPlainText() == "y · step"


def test_the_hidden_space_goes_through_the_features(qtbot, session: Session) -> None:
    bridge = SessionBridge(session)
    view = shown(qtbot, HiddenSpaceView(session, bridge), bridge, (500, 420))
    assert isinstance(view, HiddenSpaceView)
    p = session.model.params

    def h1(P: np.ndarray) -> np.ndarray:  # through x₁, x₂, x₁², sin x₂, then the first layer
        cols = np.column_stack([P[:, 0], P[:, 1], P[:, 0] ** 2, np.sin(P[:, 1])])
        return np.maximum(0, cols @ p["W1"] + p["b1"])[:, [0, 1]]

    data = view.points.data
    np.testing.assert_allclose(np.column_stack([data["x"], data["y"]]), h1(session.dataset.X), atol=1e-12)
    (x0, x1), (y0, _) = dataset_present.fit_range(session.dataset.X)
    gx, gy = view.grid.getData()
    bottom = np.column_stack([np.linspace(x0, x1, 40), np.full(40, y0)])  # the plane's bottom line, bent
    np.testing.assert_allclose(np.column_stack([gx[:40], gy[:40]]), h1(bottom), atol=1e-12)
    assert view.note.text().startswith("Each grid line is a straight line of the input plane")
