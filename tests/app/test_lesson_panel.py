"""The lessons panel: starting a lesson sets up the window, tasks tick live, Next leads on, progress is
remembered, lesson files open (or are refused with one message), and the panel speaks Chinese."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit, QMessageBox, QWidget

from tests.app.visible_text import english_left, speak
from visualnet import lessons
from visualnet.app import layout
from visualnet.app.lesson_panel import highlighted
from visualnet.app.welcome import Progress
from visualnet.app.window import MainWindow

LEFT = Qt.MouseButton.LeftButton


def lesson_data(lesson_id: str = "teacher-and", **changes: object) -> dict[str, object]:
    """A small lesson file's contents: a perceptron on AND, two tasks, the learning rate framed."""
    data: dict[str, object] = {
        "visualnet_lesson": 1,
        "id": lesson_id,
        "title": {"en": "A teacher's AND", "zh_CN": "老师的与门"},
        "idea": {"en": "One neuron fires when w·x + b > 0: one line.",
                 "zh_CN": "w·x + b > 0 时神经元输出 1：一条直线。"},
        "watch": {"en": "The line moves with each mistake.", "zh_CN": "每次出错，直线都会移动。"},
        "setup": {"preset": "AND", "config": {"model": "Perceptron", "lr": 0.1, "batch_size": 1,
                                              "optimizer": "SGD"}, "speed": 7},
        "window": {"show": ["Weights", "Loss curve"], "highlight": ["learningRateSpin"]},
        "tools": ["perceptron_weights"],
        "tasks": [
            {"id": "nand", "text": {"en": "Make it compute NAND.", "zh_CN": "让它实现与非门。"},
             "check": {"kind": "perceptron_computes", "gate": "NAND"}},
            {"id": "epoch", "text": {"en": "How many iterations is one epoch here?",
                                     "zh_CN": "这里一个 epoch 是多少次迭代？"},
             "check": {"kind": "answer", "value": 4}},
        ],
    }
    data.update(changes)
    return data


def write_lesson(folder: Path, name: str = "teacher.json", **changes: object) -> Path:
    """A lesson file in `folder`."""
    path = folder / name
    path.write_text(json.dumps(lesson_data(**changes), ensure_ascii=False), encoding="utf-8")
    return path


def boxes(win: QWidget) -> list[QMessageBox]:
    """The message boxes the window shows now."""
    return [b for b in win.findChildren(QMessageBox) if b.isVisible()]


def task_box(win: MainWindow, task_id: str) -> QCheckBox:
    """The tick box of a task of the lesson on show."""
    box = win.welcome.findChild(QCheckBox, f"task_{task_id}")
    assert box is not None
    return box


def type_into(qtbot, field: QWidget, text: str) -> None:
    """Select what a field holds and type `text` over it, as a learner would: key by key, or (for
    full-width text, which QTest cannot type) as an input method commits it."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text.isascii():
        qtbot.keyClicks(field, text)
        return
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def test_starting_a_lesson_sets_up_the_window(qtbot, window, tmp_path, qapp):
    assert window.open_lesson_file(write_lesson(tmp_path))
    qapp.processEvents()  # the docks' new places are laid out
    s = window.session
    assert s.config.model == "Perceptron" and len(s.dataset) == 4
    assert window.undo_stack.count() == 1  # the data and settings: one undo step
    assert window.controls.speedSpin.value() == 7 * 60  # the file's speed (per frame) as a rate
    assert [w.objectName() for w in highlighted(window)] == ["learningRateSpin"]
    for key in ("Weights", "Loss curve", "Controls", "Lessons"):
        assert not window.docks[key].visibleRegion().isEmpty(), key  # the lesson text beside the control
    assert "A teacher's AND" in window.statusBar().currentMessage()
    assert "w·x + b &gt; 0" in window.welcome.view.idea.text()  # a teacher's text shown as written
    # another lesson takes its own frames: the old one is gone
    window.welcome.list.setCurrentRow(0)
    qtbot.mouseClick(window.welcome.start, LEFT)
    framed = [w.objectName() for w in highlighted(window)]
    assert "learningRateSpin" not in framed or "learningRateSpin" in lessons.BUILTIN[0].window.highlight
    window.actionUndo.trigger()
    assert window.session.config.model == "Perceptron"  # back to the teacher's lesson's settings


@pytest.mark.parametrize("highlight", [["learningRateSpin"], []])
def test_a_small_window_keeps_the_lesson_beside_what_it_talks_about(qtbot, settings, tmp_path, qapp,
                                                                    highlight):
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.resize(1000, 680)
    win.show()
    qtbot.waitExposed(win)
    assert win.arrangement == layout.COMPACT  # every view a tab beside the controls and the lessons
    win.open_lesson_file(write_lesson(tmp_path, window={"show": ["Weights"], "highlight": highlight}))
    qapp.processEvents()
    front = "Controls" if highlight else "Weights"
    for key in (front, "Lessons"):
        assert not win.docks[key].visibleRegion().isEmpty(), key
    if highlight:
        spin = win.controls.learningRate.spin
        assert not spin.visibleRegion().isEmpty()  # scrolled into sight in the short controls column
    win.set_playing(False)


def test_tasks_tick_live_and_the_last_lesson_says_well_done(qtbot, window, tmp_path):
    window.open_lesson_file(write_lesson(tmp_path))
    panel = window.welcome
    assert not task_box(window, "nand").isChecked() and not task_box(window, "epoch").isChecked()
    assert not panel.next.property("prominent")
    # the perceptron tool: typed weights go to the model at once
    tool = panel.view.tool
    assert tool.isVisible() and tool.isEnabled()
    for key, text in (("w1", "-0.5"), ("w2", "-0.5"), ("b", "0.7")):
        type_into(qtbot, tool.spins[key], text)
    assert window.session.model.params["w"].tolist() == [-0.5, -0.5]
    assert task_box(window, "nand").isChecked()
    # a wrong answer says so; a right one in full-width digits ticks
    answer = panel.findChild(QLineEdit, "answerEdit")
    type_into(qtbot, answer, "5")
    qtbot.keyClick(answer, Qt.Key.Key_Return)
    assert not task_box(window, "epoch").isChecked()
    type_into(qtbot, answer, "４")
    qtbot.keyClick(answer, Qt.Key.Key_Return)
    assert task_box(window, "epoch").isChecked()
    assert panel.view.praise.isVisible() and "last lesson" in panel.view.praise.text()
    # the lesson file is listed last, ticked; with nothing after it Next has nowhere to go
    item = panel.list.item(panel.list.count() - 1)
    assert item.checkState() == Qt.CheckState.Checked
    assert not panel.next.isEnabled() and not panel.next.property("prominent")


def test_training_moves_the_perceptron_tool(qtbot, window, tmp_path):
    window.open_lesson_file(write_lesson(tmp_path))
    for _ in range(10):
        window.actionStep.trigger()
    w, b = window.session.model.params["w"], window.session.model.params["b"]
    assert window.welcome.view.tool.values() == pytest.approx((w[0], w[1], b[0]), abs=0.005)


def test_next_starts_the_following_lesson(qtbot, window):
    if len(lessons.BUILTIN) < 2:
        pytest.skip("the course's lessons are not there yet")
    panel = window.welcome
    panel.list.setCurrentRow(0)
    assert panel.start.property("prominent")  # what to press first
    qtbot.mouseClick(panel.start, LEFT)
    assert panel.active is lessons.BUILTIN[0] and not panel.start.property("prominent")
    qtbot.mouseClick(panel.next, LEFT)
    assert panel.active is lessons.BUILTIN[1] and panel.list.currentRow() == 1
    assert window.undo_stack.count() == 2


def test_progress_survives_a_new_window(qtbot, settings, tmp_path):
    first = MainWindow(settings=settings)
    qtbot.addWidget(first)
    path = write_lesson(tmp_path)
    first.open_lesson_file(path)
    first.welcome.tracker.answer("epoch", "4")
    first.welcome.tracker.set_perceptron(-0.5, -0.5, 0.7)
    assert Progress(settings).done("teacher-and") == {"nand", "epoch"}
    first.close()
    again = QSettings(settings.fileName(), QSettings.Format.IniFormat)
    second = MainWindow(settings=again)
    qtbot.addWidget(second)
    second.open_lesson_file(path)
    assert task_box(second, "nand").isChecked() and task_box(second, "epoch").isChecked()
    assert second.welcome.tracker.complete  # a task once done stays done
    item = second.welcome.list.item(second.welcome.list.count() - 1)
    assert item.checkState() == Qt.CheckState.Checked


def test_a_damaged_progress_entry_is_no_progress(settings):
    settings.setValue(Progress.KEY, "{not json")
    assert Progress(settings).done("perceptron-gates") == set()


@pytest.mark.parametrize("contents", [
    "{not json", json.dumps({"visualnet_lesson": 1, "id": "x"}),
    json.dumps(lesson_data(tasks=[{"id": "t", "text": {"en": "?"}, "check": {"kind": "foo"}}])),
])
def test_a_bad_lesson_file_gives_one_message_and_changes_nothing(qtbot, window, tmp_path, contents):
    path = tmp_path / "bad.json"
    path.write_text(contents, encoding="utf-8")
    before = (window.session.dataset.X.copy(), window.session.config, window.welcome.list.count())
    assert not window.open_lesson_file(path)
    shown = boxes(window)
    assert len(shown) == 1 and "bad.json" in shown[0].text()
    assert (before[0] == window.session.dataset.X).all() and window.session.config == before[1]
    assert window.welcome.list.count() == before[2] and window.undo_stack.count() == 0
    shown[0].close()


def test_a_missing_lesson_file_gives_one_message(qtbot, window, tmp_path):
    assert not window.open_lesson_file(tmp_path / "nowhere.json")
    assert len(boxes(window)) == 1
    boxes(window)[0].close()


def test_the_panel_speaks_chinese_and_back(qtbot, window, tmp_path, english_afterwards):
    window.open_lesson_file(write_lesson(tmp_path))
    panel = window.welcome
    answer = panel.findChild(QLineEdit, "answerEdit")
    type_into(qtbot, answer, "5")
    qtbot.keyClick(answer, Qt.Key.Key_Return)  # a verdict on show too
    speak("zh_CN")
    assert english_left(panel) == []
    assert panel.view.title.text().endswith("老师的与门")
    for row in range(panel.list.count()):  # every lesson, not only the one on show
        panel.list.setCurrentRow(row)
        assert english_left(panel) == [], panel.current().id
    speak("en")
    assert panel.start.text() == "Start this lesson"
    assert panel.list.item(panel.list.count() - 1).text().endswith("A teacher's AND")


def test_file_open_the_command_line_and_a_drop_start_a_lesson_file(qtbot, window, tmp_path):
    path = write_lesson(tmp_path)
    assert window.open_file(str(path))  # File → Open and a drop go through open_file
    assert window.welcome.active is not None and window.welcome.active.id == "teacher-and"
    assert window.documents.current_path is None  # a lesson is no document to save back to


def test_a_lesson_file_on_the_command_line_makes_a_snapshot_and_a_bad_one_says_why(tmp_path):
    out = tmp_path / "lesson.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    lesson = str(write_lesson(tmp_path))
    run = subprocess.run([sys.executable, "-m", "visualnet", lesson, "--snapshot", str(out),
                          "--steps", "2", "--size", "800x600", "--lang", "zh_CN"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0 and out.exists(), run.stderr
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(lesson_data(tasks=[{"id": "t", "text": "?", "check": {"kind": "foo"}}])))
    run = subprocess.run([sys.executable, "-m", "visualnet", str(bad), "--snapshot", str(out)],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 2 and "foo" in run.stderr and "Traceback" not in run.stderr


def test_an_answer_it_cannot_read_is_refused_with_the_reason_not_called_wrong(qtbot, window, tmp_path):
    window.open_lesson_file(write_lesson(tmp_path))
    answer = window.welcome.findChild(QLineEdit, "answerEdit")
    type_into(qtbot, answer, "5 apples")
    qtbot.keyClick(answer, Qt.Key.Key_Return)
    row = next(r for r in window.welcome.view.rows.values() if r.answer is answer)
    assert not row.verdict.isHidden() and row.verdict.text().startswith("Not read:")
    assert "Not quite" not in row.verdict.text()


def test_the_next_learner_starts_with_no_ticks(qtbot, settings, tmp_path):
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.open_lesson_file(write_lesson(tmp_path))
    win.welcome.tracker.answer("epoch", "4")
    assert task_box(win, "epoch").isChecked() and Progress(settings).done("teacher-and") == {"epoch"}
    win.welcome.forgetOne.trigger()  # the list's right-click menu: this lesson
    assert not task_box(win, "epoch").isChecked() and Progress(settings).done("teacher-and") == set()
    win.welcome.tracker.answer("epoch", "4")
    win.welcome.forgetAll.trigger()  # every lesson, remembered no more
    assert not task_box(win, "epoch").isChecked()
    assert Progress(QSettings(settings.fileName(), QSettings.Format.IniFormat)).done("teacher-and") == set()


def test_the_undo_text_of_a_lesson_follows_the_language(window, english_afterwards):
    window.start_lesson(lessons.by_id("learning-rate"))
    assert window.actionUndo.text() == "Undo Lesson 15 · The learning rate: too small, too large"
    speak("zh_CN")
    assert "学习率：太小与太大" in window.actionUndo.text() and "Lesson" not in window.actionUndo.text()
