"""Files, documents and exports in Chinese: read errors, file filters, the export menu, session messages."""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from tests.app.visible_text import english_left, english_words, speak
from visualnet import files
from visualnet.app import i18n
from visualnet.app.exports import ask_gif_settings
from visualnet.app.window import MainWindow
from visualnet.core import data
from visualnet.files.reading import Filled, ReadError
from visualnet.session import Session
from visualnet.translatable import QT_TRANSLATE_NOOP, TranslatableError

NO_POINTS = data.Dataset(np.zeros((0, 2)), np.zeros(0, np.int64), "classification", 2)


def close_boxes(win: MainWindow) -> None:
    """Close the message boxes a problem opened (they are not modal)."""
    for box in QApplication.topLevelWidgets():
        if box.isVisible() and box is not win and box.windowTitle():
            box.close()


def bad_csv(tmp_path: Path) -> Path:
    """A CSV whose third line holds something that is not a number (and no Latin letters)."""
    path = tmp_path / "broken.csv"
    path.write_text("x1,x2,label\n0.1,0.2,0\n0.3,1.2.3,1\n")
    return path


# ------------------------------------------------------------------------------ unchanged English


def test_converted_errors_read_as_the_same_english() -> None:
    err = files.FileFormatError("/data/moons.csv", "'abc' is not a number", 7)
    assert str(err) == "moons.csv, line 7: 'abc' is not a number"
    assert isinstance(err, ValueError) and isinstance(err, TranslatableError)
    with pytest.raises(ValueError) as info:
        files.check_settings({"lr": -1})
    assert str(info.value) == "lr must be a number in 1e-06..1000, not -1"
    with pytest.raises(ValueError) as info:
        Session().set_learning_rate(-1.0)
    assert str(info.value) == "the learning rate must be a positive number, not -1.0"
    with pytest.raises(ValueError) as info:
        files.save_dataset_csv("/nowhere/x.csv", NO_POINTS)
    assert str(info.value) == "a dataset with no points cannot be saved as CSV: it would not open again"
    problem = ReadError(QT_TRANSLATE_NOOP("files", "{where} has a bad name {name}"), where="weights",
                        name="'1x'", line=4)
    assert (problem.problem, problem.line, problem.column) == ("weights has a bad name '1x'", 4, None)


def test_a_read_error_keeps_its_line_and_pickles_translatable(tmp_path: Path) -> None:
    with pytest.raises(files.FileFormatError) as info:
        files.load_dataset_csv(bad_csv(tmp_path))
    err = info.value
    assert str(err) == "broken.csv, line 3: '1.2.3' is not a number"
    assert (err.line, err.problem) == (3, "'1.2.3' is not a number")
    assert isinstance(err.problem, Filled)  # a str that still translates as a whole
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.line == 3 and isinstance(again.problem, Filled)


def test_a_filled_text_is_its_english_and_translates_whole() -> None:
    text = files.filled(QT_TRANSLATE_NOOP("files", "is over {most} MB; such files are not opened"), most=50)
    assert text == "is over 50 MB; such files are not opened" and "50 MB" in text

    def metric(context: str, source: str) -> str:
        return source.replace("MB", "megabytes")

    assert text.in_language(metric) == "is over 50 megabytes; such files are not opened"


# ------------------------------------------------------------------------------ in Chinese


def test_a_bad_file_is_explained_in_chinese_with_its_line(qtbot, settings, tmp_path, chinese) -> None:
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    path = bad_csv(tmp_path)
    assert not win.open_file(str(path))
    assert win.last_problem == "broken.csv，第 3 行：'1.2.3' 不是数"
    assert english_words(win.last_problem.removeprefix("broken.csv")) == []
    close_boxes(win)
    speak("en")
    assert not win.open_file(str(path))
    assert win.last_problem == "broken.csv, line 3: '1.2.3' is not a number"
    close_boxes(win)


def test_error_text_follows_the_language(tmp_path, chinese) -> None:
    payload = tmp_path / "lesson.json"
    payload.write_text('{"format": 1, "dataset": {"task": "clustering"}}')
    with pytest.raises(files.FileFormatError) as info:
        files.load_session(payload)
    assert i18n.error_text(info.value) == ("lesson.json：dataset.task 必须是 'classification' 或 "
                                           "'regression'，而不是 'clustering'")
    speak("en")
    assert i18n.error_text(info.value) == str(info.value) == (
        "lesson.json: dataset.task must be 'classification' or 'regression', not 'clustering'")


def test_the_file_dialogs_filters_are_chinese(qtbot, settings, tmp_path, monkeypatch, chinese) -> None:
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    asked: list[tuple[str, str]] = []

    def dialog(parent, title, start, filters):
        asked.append((title, filters))
        return "", ""

    win.documents.ask_open_path(win, dialog)
    win.documents.ask_save_path(win, dialog)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    next(a for a in win.export_menu.actions() if a.objectName() == "exportViewPng").trigger()
    assert asked == [
        ("打开", "visualnet 会话 (*.json);;数据集 (*.csv);;所有文件 (*)"),
        ("保存会话", "visualnet 会话 (*.json);;数据集 (*.csv);;所有文件 (*)"),
        ("导出数据视图", "PNG 图像 (*.png);;所有文件 (*)"),
    ]


def test_the_export_menu_speaks_chinese_and_english_again(window, chinese) -> None:
    menu = window.export_menu
    assert english_left(menu) == []
    assert menu.title() == "导出(&E)"
    speak("en")
    assert menu.title() == "&Export"
    texts = {a.objectName(): a.text() for a in menu.actions() if a.objectName()}
    assert texts["exportViewPng"] == "Data view as PNG…" and texts["exportScript"] == "Python script…"


def test_a_failed_export_says_so_in_chinese(window, tmp_path, monkeypatch, chinese) -> None:
    missing = tmp_path / "missing" / "weights.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a: (str(missing), ""))
    next(a for a in window.export_menu.actions() if a.objectName() == "exportWeightsCsv").trigger()
    assert window.last_problem == f"无法写入 {missing}：文件夹 {missing.parent} 不存在。"
    close_boxes(window)


def test_session_messages_translate(chinese) -> None:
    session = Session()
    session.set_dataset(NO_POINTS)
    assert i18n.translated(session.training_problem()) == "请先添加一些数据点再训练（在数据视图中点击）"
    with pytest.raises(ValueError) as info:
        session.configure(hidden=[256] * 6)
    assert i18n.error_text(info.value).startswith("hidden 256,256,256,256,256,256 将构成一个最多有")
    speak("en")
    assert i18n.translated(session.training_problem()) == "add some points to train (click in the data view)"


def test_autosave_off_is_said_in_chinese(qtbot, settings, tmp_path, chinese) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be")
    win = MainWindow(settings=settings, data_dir=str(blocker / "data"))
    qtbot.addWidget(win)
    text = win.report_storage()
    assert text.startswith("自动保存已关闭：无法创建数据文件夹") and "请用“文件 > 保存”保存你的工作" in text
    close_boxes(win)


def test_the_recording_dialog_speaks_chinese(window, chinese) -> None:
    left: list[tuple[str, str]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        left.extend(english_left(dialog))
        left.append(("title", "" if dialog.windowTitle() == "将训练录制为 GIF" else dialog.windowTitle()))
        dialog.reject()

    QTimer.singleShot(0, answer)
    assert ask_gif_settings(window, 3) is None
    assert left == [("title", "")]
