"""The lessons panel: the course's lessons in order, the chosen one's idea and tasks ticking live, Next.

The window starts a lesson (`data_edits.start_lesson`) and hands the panel the lesson's `Tracker`
(`begin`); the panel shows the tracker's ticks, remembers them (`Progress`, in the window's QSettings)
and leads on with Next.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QSettings, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from visualnet import lessons
from visualnet.app import i18n
from visualnet.app.bridge import SessionBridge
from visualnet.app.lesson_panel import LessonView
from visualnet.core import Perceptron
from visualnet.textinput import InputRefusedError, parse_number

__all__ = ["Progress", "WelcomePanel"]


class Progress:
    """Which tasks of which lessons are done: {lesson id: task ids}, kept under "lessons/done"."""

    KEY = "lessons/done"

    def __init__(self, settings: QSettings | None) -> None:
        self.settings = settings
        self._done: dict[str, set[str]] = {}
        stored = settings.value(self.KEY, "") if settings is not None else ""
        try:  # JSON text: an ini file keeps it as written on every platform
            loaded = json.loads(str(stored)) if stored else {}
        except ValueError:
            loaded = {}  # a damaged entry loses the ticks, never the start
        if isinstance(loaded, dict):
            self._done = {str(k): {str(t) for t in v} for k, v in loaded.items() if isinstance(v, list)}

    def done(self, lesson_id: str) -> set[str]:
        """The ids of the lesson's tasks done so far."""
        return set(self._done.get(lesson_id, ()))

    def complete(self, lesson: lessons.Lesson) -> bool:
        """Every task of the lesson done."""
        return {task.id for task in lesson.tasks} <= self.done(lesson.id)

    def forget(self, lesson_id: str | None = None) -> None:
        """Forget one lesson's done tasks, or every lesson's (None): a shared computer's next learner."""
        if lesson_id is None:
            self._done.clear()
        else:
            self._done.pop(lesson_id, None)
        if self.settings is not None:
            self.settings.setValue(self.KEY, json.dumps({k: sorted(v) for k, v in self._done.items()}))

    def add(self, lesson_id: str, task_ids: Iterable[str]) -> bool:
        """Remember these tasks as done; True if any was new."""
        known = self._done.setdefault(lesson_id, set())
        new = set(task_ids) - known
        if new:
            known |= new
            if self.settings is not None:
                self.settings.setValue(self.KEY, json.dumps({k: sorted(v) for k, v in self._done.items()}))
        return bool(new)


class WelcomePanel(QWidget):
    """The lesson list, the chosen lesson (its tasks ticking while it runs), Start and Next."""

    lessonChosen = Signal(object)  # the Lesson to start

    def __init__(self, settings: QSettings | None = None, parent: QWidget | None = None) -> None:
        """`settings`: where the done tasks are remembered (None: for this run only)."""
        super().__init__(parent)
        self.lessons: list[lessons.Lesson] = list(lessons.BUILTIN)  # a lesson file opened joins them
        self.progress = Progress(settings)
        self.tracker: lessons.Tracker | None = None
        self.active: lessons.Lesson | None = None  # the lesson started, whose tasks the tracker checks
        self.bridge: SessionBridge | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("lessonList")
        self.list.setAccessibleName("lessonList")
        self.list.setMinimumHeight(80)
        # one line a lesson, cut short where the panel is narrow (the title is shown in full below)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view = LessonView()
        self.view.answerGiven.connect(self._on_answer)
        self.view.weightsEdited.connect(self._on_weights_edited)
        self.detail = scroll = QScrollArea()
        scroll.setWidget(self.view)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.start = QPushButton()
        self.start.setObjectName("startLesson")
        self.next = QPushButton()
        self.next.setObjectName("nextLesson")
        buttons = QHBoxLayout()
        buttons.addWidget(self.start, 1)
        buttons.addWidget(self.next, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(scroll, 3)
        layout.addLayout(buttons)
        self._fill_list()
        self.list.currentRowChanged.connect(lambda _row: self._show())
        self.list.itemDoubleClicked.connect(lambda _item: self._start())
        self.start.clicked.connect(self._start)
        self.next.clicked.connect(self._next)
        self.list.setCurrentRow(0)
        # right-click: start again (one lesson, or the whole course for the next learner at this computer)
        self.forgetOne, self.forgetAll = QAction(self), QAction(self)
        self.forgetOne.setObjectName("actionForgetLessonProgress")
        self.forgetAll.setObjectName("actionForgetAllProgress")
        self.forgetOne.triggered.connect(lambda: self.forget(self.current().id))
        self.forgetAll.triggered.connect(lambda: self.forget(None))
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.list.addActions([self.forgetOne, self.forgetAll])
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def forget(self, lesson_id: str | None) -> None:
        """Untick one lesson's tasks (or all lessons'): remembered no more, and the running lesson's too."""
        self.progress.forget(lesson_id)
        if self.tracker is not None and self.active is not None and lesson_id in (None, self.active.id):
            for task_id in self.tracker.done:
                self.tracker.done[task_id] = False
            self.tracker.play.answered.clear()
            self.view.clear_answers()
        self._fill_list()
        self._show()

    def retranslate(self) -> None:
        """Every text of the panel in the language now spoken, the lessons' own included."""
        self.intro.setText(self.tr(
            "<b>Welcome to visualnet.</b> Click in the data view to add points (keys 1–8 pick the class), "
            "drag them, right-click to delete. Space plays, S steps, R resets. Pick a lesson to start:"))
        self.start.setText(self.tr("Start this lesson"))
        self.start.setToolTip(self.tr("Set up the lesson's data, settings and panels (Ctrl+Z undoes the data "
                                      "and settings)"))
        self.next.setText(self.tr("Next ›"))
        self.next.setToolTip(self.tr("Start the next lesson"))
        self.forgetOne.setText(self.tr("Untick this lesson's tasks"))
        self.forgetAll.setText(self.tr("Untick every lesson (for the next learner)"))
        self._fill_list()
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        """A new theme: a prominent button takes the new highlight colour."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            for button in (self.start, self.next):
                if button.property("prominent"):
                    self._make_prominent(button, True)

    # ---------------------------------------------------------------- what the window calls

    def current(self) -> lessons.Lesson:
        """The lesson selected in the list."""
        return self.lessons[max(0, self.list.currentRow())]

    def begin(self, lesson: lessons.Lesson, tracker: lessons.Tracker, bridge: SessionBridge) -> None:
        """`lesson` has started: follow its tasks with `tracker` (the previous tracker is closed)."""
        if self.tracker is not None:
            self.tracker.close()
        self.tracker, self.active = tracker, lesson
        tracker.on_change = _weak_call(self._on_progress)
        row = next((i for i, known in enumerate(self.lessons) if known.id == lesson.id), None)
        if row is None:
            self.lessons.append(lesson)  # a teacher's lesson file: listed after the course's own
            row = len(self.lessons) - 1
        self.lessons[row] = lesson
        if bridge is not self.bridge:
            self.bridge = bridge
            self.view.tool.follow(bridge)
        self._fill_list()
        with QSignalBlocker(self.list):
            self.list.setCurrentRow(row)
        self.intro.hide()  # the welcome has done its job: the lesson gets the room
        self._on_progress()
        self.view.clear_answers()  # a lesson started again starts with empty fields
        self.view.tool.refresh()
        # the running lesson in sight in the list, once the panel has its new size (posted events)
        QTimer.singleShot(0, self.list, self._scroll_to_current)

    def done_tasks(self, lesson: lessons.Lesson) -> set[str]:
        """The lesson's tasks done: remembered from before, or ticked by the running lesson."""
        done = self.progress.done(lesson.id)
        if self.tracker is not None and lesson is self.active:
            done |= {task_id for task_id, ok in self.tracker.done.items() if ok}
        return done

    # ---------------------------------------------------------------- inside

    def _fill_list(self) -> None:
        """One item per lesson, in the language now spoken, ticked when all its tasks are done."""
        lang = i18n.language().current
        with QSignalBlocker(self.list):
            row = self.list.currentRow()
            while self.list.count() > len(self.lessons):
                self.list.takeItem(self.list.count() - 1)
            for i, lesson in enumerate(self.lessons):
                item = self.list.item(i) if i < self.list.count() else QListWidgetItem(self.list)
                item.setText(lesson.title.get(lang))  # numbered by its author, as the course's own are
                # a tick the app sets, not the learner: checkable for the eye, not for the mouse
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                complete = self.progress.complete(lesson)
                item.setCheckState(Qt.CheckState.Checked if complete else Qt.CheckState.Unchecked)
                item.setToolTip(self.tr("{title} (done: every task ticked)").format(title=item.text())
                                if complete else item.text())
            self.list.setCurrentRow(max(0, min(row, len(self.lessons) - 1)))

    def _show(self) -> None:
        """The selected lesson in the view; Next prominent once the running lesson is complete."""
        if not self.lessons:
            return
        row = max(0, self.list.currentRow())
        lesson = self.lessons[row]
        live = lesson is self.active
        done = self.done_tasks(lesson)
        last = row == len(self.lessons) - 1
        self.view.show_lesson(lesson, done, live, last)
        complete = all(task.id in done for task in lesson.tasks)
        # what to press now: Start for a lesson not running yet, Next once the running one is done
        self._make_prominent(self.start, not live)
        self._make_prominent(self.next, live and complete and not last)
        self.next.setEnabled(not last)

    def _scroll_to_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.list.scrollToItem(item, QListWidget.ScrollHint.PositionAtCenter)

    def _make_prominent(self, button: QPushButton, on: bool) -> None:
        """A button in the theme's highlight colour, bold, and the default one (Enter) — or plain."""
        button.setDefault(on)
        font = button.font()
        font.setBold(on)
        button.setFont(font)
        if on:
            pal = self.palette()
            back = pal.color(QPalette.ColorRole.Highlight).name()
            text = pal.color(QPalette.ColorRole.HighlightedText).name()
            button.setStyleSheet(f"QPushButton#{button.objectName()} {{ background: {back}; color: {text}; "
                                 "padding: 4px 10px; border-radius: 3px; }")
        else:
            button.setStyleSheet("")
        button.setProperty("prominent", on)

    def _start(self) -> None:
        self.lessonChosen.emit(self.current())

    def _next(self) -> None:
        row = self.list.currentRow() + 1
        if row < len(self.lessons):
            self.list.setCurrentRow(row)
            self._start()

    def _on_progress(self) -> None:
        """A task of the running lesson became done: remember it, tick it (in sight), lead on when all are."""
        if self.active is None:
            return
        done = self.done_tasks(self.active)
        new = done - self.progress.done(self.active.id)
        if self.progress.add(self.active.id, done):
            self._fill_list()
        self._show()
        if new and self.current() is self.active:
            complete = all(task.id in done for task in self.active.tasks)
            first = next(task.id for task in self.active.tasks if task.id in new)
            QTimer.singleShot(0, self.detail, lambda: self._reveal(None if complete else first))

    def _reveal(self, task_id: str | None) -> None:
        """Scroll a task's row into sight (None: the well-done line), if it is still on show."""
        shown = self.view.praise if task_id is None else self.view.rows.get(task_id)
        if shown is not None:
            self.detail.ensureWidgetVisible(shown)

    def _on_answer(self, task_id: str, text: str) -> None:
        if self.tracker is None:
            return
        try:
            parse_number(text)
        except InputRefusedError as err:  # not a number it can read: say why, it is no wrong answer
            self.view.refuse_answer(task_id, i18n.error_text(err))
            return
        right = self.tracker.answer(task_id, text)
        self.view.show_verdict(task_id, right)
        QTimer.singleShot(0, self.detail, lambda: self._reveal(task_id))  # the verdict under the field
        self._on_progress()

    def _on_weights_edited(self, w1: float, w2: float, b: float) -> None:
        if self.tracker is not None and isinstance(self.tracker.session.model, Perceptron):
            self.tracker.set_perceptron(w1, w2, b)


def _weak_call(method: Callable[[], None]) -> Callable[[], None]:
    """Call a widget's method while the widget lives: the tracker must not keep a closed panel alive."""
    ref = weakref.WeakMethod(method)

    def call() -> None:
        bound = ref()
        if bound is not None:
            bound()

    return call
