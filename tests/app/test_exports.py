"""Exports: PNG / SVG of views, the window as PNG, weights as NPZ / CSV, the GIF recorder, the Export menu."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import imageio.v3 as iio
import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QCheckBox, QFileDialog, QProgressDialog, QPushButton, QSpinBox

from visualnet import files
from visualnet.app import exports
from visualnet.session import Config, Session

SVG = "{http://www.w3.org/2000/svg}"
VIEWS = ("dataset_view", "loss_curve_view", "loss_surface_view", "activation_view", "weights_view")


def image_size(path) -> tuple[int, int]:
    image = QImage(str(path))
    assert not image.isNull(), f"{path} does not decode"
    return image.width(), image.height()


# ------------------------------------------------------------------------------------------ images


def test_view_png_is_the_view_as_shown_or_scaled_to_a_width(window, tmp_path):
    plot = window.dataset_view.plot
    size = exports.export_view_png(window.dataset_view, tmp_path / "view.png")
    assert size == image_size(tmp_path / "view.png") == (plot.width(), plot.height())
    w, h = exports.export_view_png(window.dataset_view, tmp_path / "wide.png", width=1000)
    assert (w, h) == image_size(tmp_path / "wide.png")
    assert w == 1000 and h == pytest.approx(1000 * plot.height() / plot.width(), abs=1)
    with pytest.raises(ValueError):
        exports.export_view_png(window.dataset_view, tmp_path / "no.png", width=0)


def test_plot_item_png(window, tmp_path):
    item = window.loss_curve_view.plot.getPlotItem()
    w, h = exports.export_view_png(item, tmp_path / "curve.png")
    assert image_size(tmp_path / "curve.png") == (w, h)
    assert w > 100 and h > 50


@pytest.mark.parametrize("name", VIEWS)
def test_every_view_exports_svg_xml_with_its_plots_clipped(window, tmp_path, name):
    window.session.step(20)
    path = tmp_path / f"{name}.svg"
    exports.export_view_svg(getattr(window, name), path)
    root = ET.parse(path).getroot()
    assert root.tag == f"{SVG}svg"
    assert any(True for _ in root.iter(f"{SVG}path"))
    assert any(True for _ in root.iter(f"{SVG}clipPath"))  # pyqtgraph clips each plot to its box


def test_closed_paths_become_lines_back_to_the_start():
    assert exports._closed_as_lines("M0,0 L4,0 L4,3 L0,3 L0,0 Z") == "M0,0 L4,0 L4,3 L0,3 L0,0 L0,0"
    assert exports._closed_as_lines("M1,1 L2,2Z M5,5 L6,6 z") == "M1,1 L2,2 L1,1 M5,5 L6,6 L5,5"


def test_window_png(window, tmp_path):
    size = exports.export_window_png(window, tmp_path / "window.png")
    ratio = window.devicePixelRatioF()
    assert size == image_size(tmp_path / "window.png")
    assert size == (round(window.width() * ratio), round(window.height() * ratio))


def test_a_view_that_is_not_a_plot_is_refused(window, tmp_path):
    with pytest.raises(TypeError):
        exports.export_view_png(window.controls, tmp_path / "x.png")


# ----------------------------------------------------------------------------------------- weights


@pytest.fixture(params=["MLP", "Perceptron"])
def trained(request) -> Session:
    """A trained session: an MLP on moons, or a perceptron on AND (1-D parameters)."""
    if request.param == "MLP":
        session = Session.from_preset("Moons", Config(hidden=(5, 3)))
    else:
        session = Session.from_preset("AND", Config(model="Perceptron"))
    session.step(40)
    return session


def test_npz_reloads_the_same_arrays_and_the_settings(trained, tmp_path):
    exports.export_weights_npz(trained, tmp_path / "weights.npz")
    with np.load(tmp_path / "weights.npz") as archive:  # no pickle needed: config is a plain string
        assert set(archive.files) == {*trained.model.params, "config"}
        for key, value in trained.model.params.items():
            assert archive[key].dtype == np.float64
            np.testing.assert_array_equal(archive[key], value)
        assert json.loads(str(archive["config"])) == files.config_to_dict(trained.config)


def test_csv_round_trips_exactly(trained, tmp_path):
    path = exports.export_weights_csv(trained, tmp_path)  # a folder gets weights.csv
    assert path == tmp_path / "weights.csv"
    lines = path.read_text().splitlines()
    assert lines[0] == "key,row,col,value"
    assert len(lines) == 1 + sum(v.size for v in trained.model.params.values())
    back = exports.read_weights_csv(path, like=trained.model.params)
    assert back.keys() == trained.model.params.keys()
    for key, value in trained.model.params.items():
        assert back[key].shape == value.shape
        np.testing.assert_array_equal(back[key], value)
    first_1d = next(k for k, v in trained.model.params.items() if v.ndim == 1)
    assert all(line.split(",")[1] == "0" for line in lines[1:] if line.startswith(first_1d + ","))


def test_csv_with_a_wrong_header_is_refused(tmp_path):
    (tmp_path / "w.csv").write_text("a,b,c,d\nW1,0,0,1.0\n")
    with pytest.raises(ValueError, match="header"):
        exports.read_weights_csv(tmp_path / "w.csv")


# -------------------------------------------------------------------------------------------- GIF


def gif_frames(path) -> np.ndarray:
    return iio.imread(path, index=None)  # (frames, h, w, channels)


def test_gif_has_one_frame_per_step_of_the_recording(window, tmp_path):
    calls: list[tuple[int, int]] = []
    n = exports.record_gif(window, tmp_path / "run.gif", 6, 3, progress=lambda i, k: calls.append((i, k)))
    assert n == 6
    assert calls == [(i, 6) for i in range(1, 7)]
    assert window.session.trainer.iteration == 18
    frames = gif_frames(tmp_path / "run.gif")
    assert frames.shape[0] == 6
    plot = window.dataset_view
    assert frames.shape[1:3] == (plot.height(), plot.width())
    assert iio.immeta(tmp_path / "run.gif")["loop"] == 0


def test_gif_of_the_whole_window_is_scaled_to_the_gif_width(window, tmp_path):
    n = exports.record_gif(window, tmp_path / "win.gif", 2, 1, widget=window)
    assert n == 2
    frames = gif_frames(tmp_path / "win.gif")
    assert frames.shape[2] == exports.MAX_GIF_WIDTH
    assert frames.shape[1] == pytest.approx(exports.MAX_GIF_WIDTH * window.height() / window.width(), abs=1)


@pytest.mark.parametrize("k", [0, 1, 3])
def test_cancel_after_k_frames_keeps_k_frames(window, tmp_path, k):
    done: list[int] = []
    path = tmp_path / "cut.gif"
    n = exports.record_gif(window, path, 10, 2, progress=lambda i, _n: done.append(i),
                           cancelled=lambda: len(done) >= k)
    assert n == k
    assert window.session.trainer.iteration == 2 * k  # no training after the cancel
    if k == 0:
        assert not path.exists()  # nothing recorded: no file
    else:
        assert gif_frames(path).shape[0] == k


def test_progress_dialog_cancel_button_stops_the_recording(window, tmp_path, qtbot):
    class ClickCancelAt(QProgressDialog):
        """Clicks its own Cancel button once the recording reports frame 4."""

        def setValue(self, value: int) -> None:
            super().setValue(value)
            if value == 4:
                qtbot.mouseClick(self.findChild(QPushButton), Qt.MouseButton.LeftButton)

    dialog = ClickCancelAt("Recording", "Cancel", 0, 1, window)
    n = exports.record_with_progress(window, tmp_path / "dlg.gif", 20, 2, dialog=dialog)
    assert n == 4
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert not dialog.isVisible()
    assert gif_frames(tmp_path / "dlg.gif").shape[0] == 4


def test_recorder_refuses_bad_requests(window, tmp_path):
    with pytest.raises(ValueError):
        exports.record_gif(window, tmp_path / "a.gif", 0, 1)
    with pytest.raises(ValueError):
        exports.record_gif(window, tmp_path / "a.gif", 3, 0)
    window.clear_points()
    with pytest.raises(ValueError, match="cannot train"):
        exports.record_gif(window, tmp_path / "a.gif", 3, 1)
    assert not (tmp_path / "a.gif").exists()


# ------------------------------------------------------------------------------------------ menu


@pytest.mark.parametrize("accept", [True, False])
def test_gif_settings_dialog(window, accept):
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        frames, steps = dialog.findChildren(QSpinBox)
        assert steps.value() == 3  # starts at the speed it was given
        frames.setValue(7)
        dialog.findChild(QCheckBox).setChecked(True)
        dialog.accept() if accept else dialog.reject()

    QTimer.singleShot(0, answer)
    assert exports.ask_gif_settings(window, 3) == ((7, 3, True) if accept else None)


def test_export_menu_writes_every_kind_of_file(window, tmp_path, monkeypatch):
    window.session.step(25)
    menu = exports.export_menu(window)
    actions = {a.objectName(): a for a in menu.actions() if a.objectName()}
    wanted = {"exportViewPng": "view.png", "exportViewSvg": "view.svg", "exportWindowPng": "window.png",
              "exportWeightsNpz": "weights.npz", "exportWeightsCsv": "weights.csv",
              "exportGif": "training.gif", "exportScript": "run.py"}
    assert set(actions) == set(wanted)
    monkeypatch.setattr(exports, "ask_gif_settings", lambda parent, steps: (3, 2, False))
    for name, file_name in wanted.items():
        target = tmp_path / file_name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target: (str(t), ""))
        actions[name].trigger()
        assert target.is_file(), name
        assert str(target) in window.statusBar().currentMessage()
    assert image_size(tmp_path / "view.png")[0] >= 1600  # the data view exports at print width
    assert gif_frames(tmp_path / "training.gif").shape[0] == 3
    compile((tmp_path / "run.py").read_text(), "run.py", "exec")


def test_export_menu_reports_a_failure_without_raising(window, tmp_path, monkeypatch):
    menu = exports.export_menu(window)
    action = next(a for a in menu.actions() if a.objectName() == "exportWeightsCsv")
    missing = tmp_path / "no such folder" / "weights.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(missing), ""))
    action.trigger()
    assert "weights.csv" in window.last_problem
    assert not missing.exists()
