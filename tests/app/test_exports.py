"""Exports: PNG / SVG of views, the window as PNG, weights as NPZ / CSV, the GIF and MP4 recorders, menu."""

from __future__ import annotations

import json
import os
import threading
import time
import xml.etree.ElementTree as ET

import imageio.v3 as iio
import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFileDialog,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
)

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


def many_points(window, n: int) -> None:
    from visualnet.app.commands import ReplaceDatasetCommand

    rng = np.random.default_rng(3)

    dataset = window.session.dataset.copy()
    dataset.X, dataset.y = rng.normal(size=(n, 2)), rng.integers(0, 2, n)
    window.undo_stack.push(ReplaceDatasetCommand(window.session, dataset, "many points"))


def cancel_when_shown(window, qtbot) -> list[str]:
    """Click Cancel on the progress dialog as soon as it is up; returns the status-bar texts seen then."""
    said: list[str] = []

    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QProgressDialog) and dialog.isVisible():
            said.append(window.statusBar().currentMessage())
            qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, attempt)

    QTimer.singleShot(0, attempt)
    return said


def test_svg_of_many_points_reports_progress_and_can_be_cancelled(window, tmp_path):
    many_points(window, 400)
    calls: list[tuple[int, int]] = []
    ok = exports.export_view_svg(window.dataset_view, tmp_path / "all.svg",
                                 progress=lambda i, n: calls.append((i, n)))
    assert ok and ET.parse(tmp_path / "all.svg").getroot().tag == f"{SVG}svg"
    done = [i for i, _ in calls]
    assert len(calls) >= 400 // exports.SVG_TICK_PATHS  # about one call per 50 of the 400 spots' paths
    assert done == sorted(done) and all(i < n for i, n in calls)
    assert calls[0][1] >= 400  # the estimate counts every spot

    seen: list[int] = []
    ok = exports.export_view_svg(window.dataset_view, tmp_path / "cut.svg",
                                 progress=lambda i, n: seen.append(i), cancelled=lambda: len(seen) >= 2)
    assert ok is False and len(seen) == 2  # stopped at the first check after the Cancel
    assert not (tmp_path / "cut.svg").exists()
    exports.export_view_svg(window.dataset_view, tmp_path / "again.svg")  # the exporter is itself again
    assert ET.parse(tmp_path / "again.svg").getroot().tag == f"{SVG}svg"


def test_the_svg_menu_entry_cancelled_from_its_dialog_writes_nothing(window, tmp_path, monkeypatch, qtbot):
    many_points(window, 600)
    window.set_playing(True)
    target = tmp_path / "view.svg"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    monkeypatch.setattr(exports.long_tasks, "MIN_PROGRESS_MS", 0)  # show the dialog at once

    cancel_when_shown(window, qtbot)
    menu = exports.export_menu(window)
    next(a for a in menu.actions() if a.objectName() == "exportViewSvg").trigger()
    assert not target.exists()
    assert window.statusBar().currentMessage() == "Export cancelled: no file written"
    assert not window.clock.isActive()  # training paused for the export


def test_png_of_many_points_reports_progress_and_can_be_cancelled(window, tmp_path):
    many_points(window, 3000)
    window.dataset_view.fit_view()  # every point in view (pyqtgraph draws only those)
    QApplication.processEvents()
    calls: list[tuple[int, int]] = []
    size = exports.export_view_png(window.dataset_view, tmp_path / "all.png", width=1600,
                                   progress=lambda i, n: calls.append((i, n)))
    assert image_size(tmp_path / "all.png") == size and size[0] == 1600
    done = [i for i, _ in calls]
    total = calls[0][1]
    assert total >= 3000  # every point is in view, plus the rings of the misclassified ones
    assert len(calls) == (total - 1) // exports.PNG_TICK_SPOTS  # one call per 500 spots drawn
    assert done == sorted(done) and all(i < n for i, n in calls)
    plain = QImage()
    exports.export_view_png(window.dataset_view, tmp_path / "plain.png", width=1600)
    plain.load(str(tmp_path / "plain.png"))
    assert plain == QImage(str(tmp_path / "all.png"))  # counting the spots draws exactly the same

    seen: list[int] = []
    with pytest.raises(exports.Cancelled):
        exports.export_view_png(window.dataset_view, tmp_path / "cut.png", width=1600,
                                progress=lambda i, n: seen.append(i), cancelled=lambda: len(seen) >= 2)
    assert len(seen) == 2  # no progress after the Cancel: the remaining spots were skipped
    assert not (tmp_path / "cut.png").exists()
    assert window.dataset_view.plot.updatesEnabled()  # the view paints again
    exports.export_view_png(window.dataset_view, tmp_path / "again.png", width=1600)  # patch undone
    assert QImage(str(tmp_path / "again.png")) == plain


def test_the_png_menu_entry_cancelled_from_its_dialog_keeps_the_old_file(window, tmp_path, monkeypatch,
                                                                        qtbot):
    many_points(window, 6000)
    window.set_playing(True)
    target = tmp_path / "view.png"
    target.write_bytes(b"the previous export")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(target), ""))
    monkeypatch.setattr(exports.long_tasks, "MIN_PROGRESS_MS", 0)  # show the dialog at once
    said = cancel_when_shown(window, qtbot)
    menu = exports.export_menu(window)
    next(a for a in menu.actions() if a.objectName() == "exportViewPng").trigger()
    assert said == ["Writing view.png…"]  # the status bar said what was running
    assert target.read_bytes() == b"the previous export"
    assert window.statusBar().currentMessage() == "Export cancelled: no file written"
    assert not window.clock.isActive()  # training paused for the export
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob(".*"))  # no temporary file left


def test_a_short_export_says_so_in_the_status_bar_while_it_runs(window, tmp_path, monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(exports.weights, "export_weights_npz",
                        lambda session, p: said.append(window.statusBar().currentMessage()))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(tmp_path / "w.npz"), ""))
    menu = exports.export_menu(window)
    next(a for a in menu.actions() if a.objectName() == "exportWeightsNpz").trigger()
    assert said == ["Writing w.npz…"]
    assert window.statusBar().currentMessage() == f"Saved {tmp_path / 'w.npz'}"


def test_closed_paths_become_lines_back_to_the_start():
    assert exports.images._closed_as_lines("M0,0 L4,0 L4,3 L0,3 L0,0 Z") == "M0,0 L4,0 L4,3 L0,3 L0,0 L0,0"
    assert exports.images._closed_as_lines("M1,1 L2,2Z M5,5 L6,6 z") == "M1,1 L2,2 L1,1 M5,5 L6,6 L5,5"


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


@pytest.mark.parametrize("suffix", [".gif", ".mp4"])
@pytest.mark.parametrize("k", [0, 1, 3])
def test_cancel_after_k_frames_stops_training_and_leaves_no_file(window, tmp_path, k, suffix):
    if suffix == ".mp4" and exports.ffmpeg_problem():
        pytest.skip(f"MP4 needs ffmpeg: {exports.ffmpeg_problem()}")
    done: list[int] = []
    out = tmp_path / "out"
    out.mkdir()
    path = out / f"cut{suffix}"
    n = exports.record(window, path, 10, 2, progress=lambda i, _n: done.append(i),
                       cancelled=lambda: len(done) >= k)
    assert n == 0
    assert window.session.trainer.iteration == 2 * k  # no training after the cancel
    assert list(out.iterdir()) == []  # no file, not even a partial one


def test_a_run_that_diverges_keeps_the_frames_so_far(window, tmp_path):
    window.apply_setting("lr", 1000.0)  # the largest accepted rate: diverges within a few iterations
    n = exports.record_gif(window, tmp_path / "boom.gif", 50, 5)
    assert 1 <= n < 50
    assert gif_frames(tmp_path / "boom.gif").shape[0] == n


def test_progress_dialog_cancel_button_stops_the_recording(window, tmp_path, qtbot):
    class ClickCancelAt(QProgressDialog):
        """Clicks its own Cancel button once the recording reports frame 4."""

        def setValue(self, value: int) -> None:
            super().setValue(value)
            if value == 4:
                qtbot.mouseClick(self.findChild(QPushButton), Qt.MouseButton.LeftButton)

    dialog = ClickCancelAt("Recording", "Cancel", 0, 1, window)
    n = exports.record_with_progress(window, tmp_path / "dlg.gif", 20, 2, dialog=dialog)
    assert n == 0
    assert window.session.trainer.iteration == 8  # stopped right after frame 4
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert not dialog.isVisible()
    assert not (tmp_path / "dlg.gif").exists()


def test_the_status_bar_says_what_is_recording_while_it_records(window, tmp_path):
    seen: list[str] = []
    n = exports.run_with_progress(window, "Recording the training as a GIF…", "Record", 3,
                                  lambda progress, cancelled: [seen.append(
                                      window.statusBar().currentMessage()), progress(1, 3)] and 7)
    assert n == 7
    assert seen == ["Recording the training as a GIF…"]
    assert window.statusBar().currentMessage() == ""  # and says nothing stale afterwards


# -------------------------------------------------------------------------------------------- MP4

needs_ffmpeg = pytest.mark.skipif(exports.ffmpeg_problem() is not None,
                                  reason=f"MP4 needs ffmpeg: {exports.ffmpeg_problem()}")


def mp4_frames(path) -> np.ndarray:
    return iio.imread(path, plugin="FFMPEG", index=None)  # read back through imageio-ffmpeg


@needs_ffmpeg
def test_mp4_has_one_frame_per_step_and_an_even_size(window, tmp_path):
    window.resize(1281, 801)  # an odd-sized data view: H.264 in yuv420p needs even sides
    calls: list[tuple[int, int]] = []
    n = exports.record_mp4(window, tmp_path / "run.mp4", 12, 2, progress=lambda i, k: calls.append((i, k)))
    assert n == 12
    assert calls[-1] == (12, 12)
    assert window.session.trainer.iteration == 24
    frames = mp4_frames(tmp_path / "run.mp4")
    assert frames.shape[0] == 12
    h, w = frames.shape[1:3]
    view = window.dataset_view
    assert (w % 2, h % 2) == (0, 0)
    assert view.width() - 1 <= w <= view.width() and view.height() - 1 <= h <= view.height()
    # not a blank video: the frames show the field's colours and change as the network learns
    assert frames[0].std() > 10 and np.abs(frames[-1].astype(int) - frames[0]).mean() > 0.1


@needs_ffmpeg
def test_mp4_of_the_whole_window_through_the_progress_dialog(window, tmp_path):
    n = exports.record_with_progress(window, tmp_path / "win.mp4", 3, 1, widget=window)
    assert n == 3
    frames = mp4_frames(tmp_path / "win.mp4")
    assert frames.shape[0] == 3
    assert frames.shape[2] == window.width() - window.width() % 2  # 1280 fits under MAX_MP4_WIDTH


def test_without_ffmpeg_mp4_says_why_and_writes_nothing(window, tmp_path, monkeypatch):
    monkeypatch.setattr(exports.recording, "ffmpeg_problem", lambda: "no ffmpeg program was found")
    with pytest.raises(OSError, match="no ffmpeg"):
        exports.record_mp4(window, tmp_path / "x.mp4", 3, 1)
    assert not (tmp_path / "x.mp4").exists()


@pytest.mark.parametrize("take_gif", [False, True])
def test_the_mp4_action_without_ffmpeg_offers_a_gif(window, tmp_path, monkeypatch, take_gif):
    monkeypatch.setattr(exports.recording, "ffmpeg_problem", lambda: "no ffmpeg program was found")
    monkeypatch.setattr(exports.menu, "ask_gif_settings",
                        lambda parent, steps, title, max_frames: (2, 1, False))
    asked: list[str] = []

    def save_as(*args):
        name = os.path.basename(args[2])  # the suggested file, in the folder pictures go to
        asked.append(name)
        return str(tmp_path / name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    explained: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        explained.append(box.text())
        box.button(QMessageBox.StandardButton.Yes if take_gif else QMessageBox.StandardButton.No).click()

    QTimer.singleShot(0, answer)
    menu = exports.export_menu(window)
    next(a for a in menu.actions() if a.objectName() == "exportMp4").trigger()
    assert "ffmpeg" in explained[0] and "GIF" in explained[0]
    if take_gif:
        assert asked == ["training.gif"]
        assert gif_frames(tmp_path / "training.gif").shape[0] == 2
    else:
        assert asked == [] and not list(tmp_path.glob("training.*"))
        assert "ffmpeg" in window.statusBar().currentMessage()


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
              "exportGif": "training.gif", "exportMp4": "training.mp4", "exportScript": "run.py"}
    if exports.ffmpeg_problem():
        del wanted["exportMp4"]
    assert set(actions) >= set(wanted)
    monkeypatch.setattr(exports.menu, "ask_gif_settings", lambda parent, steps, *_: (3, 2, False))
    for name, file_name in wanted.items():
        target = tmp_path / file_name
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, t=target: (str(t), ""))
        actions[name].trigger()
        assert target.is_file(), name
        assert str(target) in window.statusBar().currentMessage()
    assert image_size(tmp_path / "view.png")[0] >= 1600  # the data view exports at print width
    assert gif_frames(tmp_path / "training.gif").shape[0] == 3
    if "exportMp4" in wanted:
        assert mp4_frames(tmp_path / "training.mp4").shape[0] == 3
    compile((tmp_path / "run.py").read_text(), "run.py", "exec")


def test_export_menu_reports_a_failure_without_raising(window, tmp_path, monkeypatch):
    menu = exports.export_menu(window)
    action = next(a for a in menu.actions() if a.objectName() == "exportWeightsCsv")
    missing = tmp_path / "no such folder" / "weights.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(missing), ""))
    action.trigger()
    assert "weights.csv" in window.last_problem
    assert not missing.exists()


# ------------------------------------------------------------------------ long work off the GUI thread


def test_quick_background_work_is_a_plain_call(window):
    assert exports.run_in_background(window, "Reading…", "Open", lambda: 41 + 1) == (True, 42)
    assert not window.findChildren(QProgressDialog)


def test_slow_background_work_shows_a_busy_dialog_and_keeps_the_window_alive(window):
    seen: list[tuple[str, bool]] = []

    def look() -> None:  # runs in the GUI thread while the work runs on the worker
        dialogs = [d for d in window.findChildren(QProgressDialog) if d.isVisible()]
        seen.append((window.statusBar().currentMessage(), bool(dialogs)))

    QTimer.singleShot(exports.MIN_PROGRESS_MS + 200, look)
    done, value = exports.run_in_background(window, "Reading big.csv…", "Open",
                                            lambda: time.sleep(1.2) or "doc")
    assert (done, value) == (True, "doc")
    assert seen == [("Reading big.csv…", True)]
    assert window.statusBar().currentMessage() == ""


def test_cancel_returns_at_once_and_drops_the_result(window, qtbot):
    release = threading.Event()
    ran: list[str] = []

    def work() -> str:
        release.wait(10)
        ran.append("finished")
        return "doc"

    def cancel() -> None:
        dialog = next(d for d in window.findChildren(QProgressDialog) if d.isVisible())
        qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)

    QTimer.singleShot(exports.MIN_PROGRESS_MS + 200, cancel)
    t0 = time.perf_counter()
    assert exports.run_in_background(window, "Reading…", "Open", work) == (False, None)
    assert time.perf_counter() - t0 < 5  # did not wait for the work
    release.set()  # the abandoned work ends on its own; nothing used its result
    qtbot.waitUntil(lambda: ran == ["finished"])


def test_an_error_in_background_work_is_raised_in_the_caller(window):
    def work() -> None:
        time.sleep(exports.MIN_PROGRESS_MS / 1000 + 0.2)
        raise ValueError("line 7: not a number")

    with pytest.raises(ValueError, match="line 7"):
        exports.run_in_background(window, "Reading…", "Open", work)
    assert not [d for d in window.findChildren(QProgressDialog) if d.isVisible()]


# ------------------------------------------------------------------------------ issue 14: dialog folders


def test_export_dialogs_start_in_pictures_or_documents_and_remember_per_kind(window, tmp_path, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    docs, pics, shots = tmp_path / "Documents", tmp_path / "Pictures", tmp_path / "shots"
    for folder in (docs, pics, shots):
        folder.mkdir()
    by_location = {QStandardPaths.StandardLocation.DocumentsLocation: str(docs),
                   QStandardPaths.StandardLocation.PicturesLocation: str(pics)}
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda location: by_location.get(location, ""))
    started: list[str] = []
    answers = [shots / "view.png", docs / "w.npz", shots / "again.png"]

    def save_as(parent, caption, start, filters):
        started.append(start)
        return str(answers.pop(0)), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_as)
    menu = exports.export_menu(window)
    actions = {a.objectName(): a for a in menu.actions()}
    actions["exportWindowPng"].trigger()
    actions["exportWeightsNpz"].trigger()
    actions["exportViewPng"].trigger()
    assert started == [str(pics / "visualnet.png"),  # a picture: Pictures, the first time
                       str(docs / "weights.npz"),  # weights: Documents
                       str(shots / "data-view.png")]  # the next picture: where the last one went
    assert (shots / "view.png").exists() and (docs / "w.npz").exists() and (shots / "again.png").exists()
    assert window.settings.value("dialogs/image") == str(shots)
