"""The window's own texts in Chinese (menus, actions, tool bar, dock titles, status bar), switched at
once from View → Language and remembered; and the command line's help and errors in Chinese."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from tests.app.visible_text import english_left, english_words, speak
from visualnet import files
from visualnet.app import i18n
from visualnet.app.errors import ErrorReporter
from visualnet.app.main import parse_args
from visualnet.app.menus import shortcuts_help
from visualnet.app.recovery import Orphan, RecoveryDialog
from visualnet.app.window import MainWindow
from visualnet.session import Session

ROOT = Path(__file__).resolve().parents[2]


def _window_english(win: MainWindow) -> list[tuple[str, str]]:
    """The English left in what the window itself says: menus, tool bar, docks' titles, status bar."""
    parts = (win.menuBar(), win.training_toolbar, win.statusBar())
    left = [pair for part in parts for pair in english_left(part)]
    titles = [win.windowTitle(), *(dock.windowTitle() for dock in win.docks.values())]
    return left + [("title", title) for title in titles if english_words(title)]


def test_the_window_speaks_chinese_and_english_again(window: MainWindow, chinese: None) -> None:
    window.show_playground()
    window.show_race()  # docks made while Chinese is spoken get Chinese titles too
    QApplication.processEvents()
    assert _window_english(window) == []
    assert window.actionPlay.text() == "开始" and window.docks["Loss curve"].windowTitle() == "损失曲线"
    assert window.docks["Loss curve"].toggleViewAction().text() == "损失曲线"  # View's toggle follows
    assert window.status_labels["speed"].text() == "已暂停"
    speak("en")
    assert window.actionPlay.text() == "Play" and window.menuBar().actions()[0].text() == "&File"
    assert window.docks["Network race"].windowTitle() == "Network race"
    assert window.training_toolbar.windowTitle() == "Training"
    assert window.status_labels["speed"].text() == "paused"
    assert window.windowTitle() == "visualnet — watch a neural network learn"
    assert ("QMenuBar menu", "&File") in _window_english(window)  # the check sees the menus


def test_texts_set_as_the_window_runs_follow_the_language(window: MainWindow, chinese: None) -> None:
    window.set_playing(True)
    assert window.actionPlay.text() == "暂停"
    window.dataset_view.select_all()
    assert window.statusBar().currentMessage().startswith(f"已选中 {len(window.session.selection)} 个点")
    speak("en")  # the message on show and the Pause of a running clock are retranslated too
    assert window.actionPlay.text() == "Pause"
    assert window.statusBar().currentMessage().startswith(f"{len(window.session.selection)} points selected")
    window.set_playing(False)
    window.actionClear.trigger()
    speak("zh_CN")
    assert window.actionUndo.text().startswith("撤销") and window.actionRedo.text() == "重做"
    assert window.actionRedo.isEnabled() is False and window.actionUndo.isEnabled()


def test_the_shortcut_list_is_translated_row_by_row(chinese: None) -> None:
    table = shortcuts_help(i18n.translate)
    assert "<b>S</b> 或 <b>→</b>" in table and "本列表" in table
    assert english_words(table) == []


def test_the_recovery_dialog_in_chinese_and_english_again(qtbot: QtBot, chinese: None) -> None:
    doc = files.SessionDocument(Session().dataset, meta={"saved_at": "2026-01-02T03:04:00+00:00"})
    orphans = [Orphan(Path("a.json"), doc), Orphan(Path("b.json"), None)]
    dialog = RecoveryDialog(orphans, lambda _: True, lambda _: None, lambda _: None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert english_left(dialog) == []
    assert "个点，保存于 2026-01-0" in orphans[0].describe() and "无法读取" in orphans[1].describe()
    speak("en")
    assert dialog.windowTitle() == "Recover unsaved work"
    assert "points, saved 2026-01-0" in orphans[0].describe()
    keep = dialog.findChild(QPushButton, "keep1")
    assert keep is not None and keep.text() == "Keep for later"


def test_an_unexpected_error_is_told_in_chinese(window: MainWindow, chinese: None, tmp_path: Path) -> None:
    reporter = ErrorReporter(window, tmp_path / "visualnet.log")
    reporter.handle(RuntimeError, RuntimeError("boom"), None)
    [box] = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert box.windowTitle() == "出错了"
    assert box.text().startswith("visualnet 遇到意外错误") and "RuntimeError: boom" in box.text()
    box.close()


def test_choosing_chinese_in_the_menu_switches_at_once_and_is_remembered(
        qtbot: QtBot, tmp_path: Path, english_afterwards: None) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.show()
    assert win.language_menu.actions() == win.languageActions.actions()
    win.actionLanguageChinese.trigger()
    QApplication.processEvents()
    assert i18n.language().current == "zh_CN" and win.actionLanguageChinese.isChecked()
    assert win.actionPlay.text() == "开始" and win.language_menu.title() == "语言(&L)"
    assert _window_english(win) == []
    settings.sync()
    assert QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat).value("view/language") == "zh_CN"
    win.actionLanguageEnglish.trigger()
    QApplication.processEvents()
    assert win.actionPlay.text() == "Play" and settings.value("view/language") == "en"


def _run(*args: str, **more_env: str) -> subprocess.CompletedProcess[str]:
    """`python -m visualnet args` with no display: the command line needs none."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env.update(more_env)
    return subprocess.run([sys.executable, "-m", "visualnet", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=120, check=False)


def test_help_in_chinese() -> None:
    result = _run("--lang", "zh_CN", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("用法：visualnet") and "观察神经网络如何学习。" in result.stdout
    assert "显示此帮助信息并退出" in result.stdout and "截图前的训练迭代次数" in result.stdout
    assert "show this help" not in result.stdout and "training iterations" not in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the settings' folder is XDG's on Linux")
def test_help_without_lang_speaks_the_language_chosen_in_view(tmp_path: Path) -> None:
    (tmp_path / "visualnet").mkdir()
    (tmp_path / "visualnet" / "visualnet.conf").write_text("[view]\nlanguage=zh_CN\n")
    result = _run("--help", XDG_CONFIG_HOME=str(tmp_path))
    assert result.returncode == 0 and result.stdout.startswith("用法：visualnet"), result.stderr


def test_command_line_errors_in_chinese() -> None:
    result = _run("--lang=zh_CN", "--size", "3")
    assert result.returncode == 2
    assert "visualnet：错误：参数 --size：应为“宽x高”的形式" in result.stderr


def test_help_and_errors_in_english_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parse_args(["--lang", "en", "--theme", "pink"])
    assert "error: argument --theme: invalid choice: 'pink'" in capsys.readouterr().err


def test_a_chinese_snapshot(tmp_path: Path) -> None:
    out = tmp_path / "out.png"
    result = _run("--lang", "zh_CN", "--snapshot", str(out), "--size", "800x600", "--steps", "1")
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size > 1000 and f"visualnet: 已保存 {out}（800x600，1 次迭代）" in result.stdout
