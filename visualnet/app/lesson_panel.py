"""One lesson on screen: its title, idea and what to watch, its tasks ticking live, its tools.

`LessonView` shows a lesson in the language now spoken and ticks its tasks; `PerceptronTool` is the
"perceptron_weights" tool (w1, w2, b typed or stepped); `arrange_window` brings the panels a lesson
needs forward and `highlight` puts a coloured frame around the controls it talks about.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping

from PySide6.QtCore import QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDockWidget,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from visualnet import lessons
from visualnet.app import i18n
from visualnet.app.bridge import SessionBridge
from visualnet.app.optimizer_widgets import DecimalSpin
from visualnet.app.views import live
from visualnet.core import Perceptron
from visualnet.session import Session

__all__ = ["HIGHLIGHT_COLOR", "HighlightFrame", "LessonView", "PerceptronTool", "arrange_window", "highlight",
           "highlighted"]

HIGHLIGHT_COLOR = "#FF9800"  # amber: reads as "look here" on the light and the dark theme alike
WEIGHT_RANGE = 10.0  # the perceptron's w1, w2 and b as the tool lets them be typed


def highlight(root: QWidget, names: Iterable[str]) -> list[QWidget]:
    """Frame the widgets under `root` with these objectNames (and no others); returns those framed."""
    for frame in root.findChildren(HighlightFrame):
        frame.remove()
    found = []
    for name in names:
        control = root.findChild(QWidget, name)
        if control is not None and control.parentWidget() is not None:
            HighlightFrame(control)
            found.append(control)
    return found


def highlighted(root: QWidget) -> list[QWidget]:
    """The widgets under `root` that a lesson has framed."""
    return [frame.control for frame in root.findChildren(HighlightFrame)]


def arrange_window(window: QMainWindow, docks: Mapping[str, QDockWidget],
                   wanted: lessons.WindowSetup) -> None:
    """Show the panels a lesson needs and frame the controls it talks about, the lesson's own text
    staying in sight: where the panel shares a tab group with what must be in front (the controls, or
    every view in a small window), it moves to a place of its own under that group."""
    shown = [docks[key] for key in wanted.show if key in docks]
    for dock in shown:
        dock.show()
        dock.raise_()
    framed = highlight(window, wanted.highlight)
    controls, panel = docks["Controls"], docks["Lessons"]
    panel.show()
    if any(controls.isAncestorOf(widget) for widget in framed):
        front: QDockWidget | None = controls
    else:
        front = next((dock for dock in reversed(shown) if dock is not panel), None)
    if front is not None:
        if panel in window.tabifiedDockWidgets(front):
            window.addDockWidget(window.dockWidgetArea(front), panel, Qt.Orientation.Vertical)
            window.resizeDocks([front, panel], [1, 1], Qt.Orientation.Vertical)
        front.show()
        front.raise_()
    panel.raise_()
    scroll = controls.widget()
    if front is controls and isinstance(scroll, QScrollArea):
        # the controls scroll in a short window: the framed ones scrolled into sight (the first surely)
        # once the docks' new sizes are laid out (posted events)
        QTimer.singleShot(0, scroll, lambda: _scroll_to(scroll, framed))


def _scroll_to(scroll: QScrollArea, widgets: list[QWidget]) -> None:
    """Scroll so that the widgets are in sight: each as little as it needs, the first last."""
    for widget in reversed(widgets):
        scroll.ensureWidgetVisible(widget, 10, 30)


class HighlightFrame(QFrame):
    """A coloured frame around a control a lesson talks about, drawn over the control's parent (a
    frame of its own: the control's look and its own style sheet, a refused entry's red, stay)."""

    MARGIN = 3  # px around the control

    def __init__(self, control: QWidget) -> None:
        parent = control.parentWidget()
        assert parent is not None
        super().__init__(parent)
        self.control = control
        self.setObjectName("lessonHighlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks reach the control
        self.setStyleSheet(f"QFrame#lessonHighlight {{ border: 2px solid {HIGHLIGHT_COLOR}; "
                           "border-radius: 4px; background: transparent; }")
        control.installEventFilter(self)
        self._follow()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Follow the control as it moves, resizes, shows or hides; never consume the event."""
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide):
            self._follow()
        return False

    def _follow(self) -> None:
        m = self.MARGIN
        self.setGeometry(self.control.geometry().adjusted(-m, -m, m, m))
        self.setVisible(not self.control.isHidden())
        self.raise_()

    def remove(self) -> None:
        """Take the frame away."""
        self.control.removeEventFilter(self)
        self.hide()
        self.setParent(None)  # out of findChildren's reach at once
        self.deleteLater()


class PerceptronTool(QGroupBox):
    """The perceptron's w1, w2 and b, typed or stepped: the model takes them at once."""

    weightsEdited = Signal(float, float, float)  # w1, w2, b

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("perceptronTool")
        self.session: Session | None = None  # whose model the tool edits, once it follows one
        self.spins: dict[str, DecimalSpin] = {}
        self.labels: dict[str, QLabel] = {}
        row = QHBoxLayout(self)
        for key in ("w1", "w2", "b"):
            spin = DecimalSpin()
            spin.setObjectName(f"perceptron{key.upper()}Spin")
            spin.setAccessibleName(spin.objectName())
            spin.setRange(-WEIGHT_RANGE, WEIGHT_RANGE)
            spin.setDecimals(2)
            spin.setSingleStep(0.1)
            spin.valueChanged.connect(self._edited)
            self.spins[key] = spin
            self.labels[key] = QLabel(key)  # the course's names: w1, w2, b stay as written
            self.labels[key].setBuddy(spin)
            row.addWidget(self.labels[key])
            row.addWidget(spin, 1)
        self.retranslate()
        i18n.follow_language(self, self.retranslate)

    def retranslate(self) -> None:
        """The tool's texts in the language now spoken."""
        self.setTitle(self.tr("The perceptron's weights and bias"))
        tips = {"w1": self.tr("The weight of input x1"), "w2": self.tr("The weight of input x2"),
                "b": self.tr("The bias: how easily the neuron fires (−b is the threshold θ)")}
        for key, tip in tips.items():
            self.spins[key].setToolTip(tip)

    def follow(self, bridge: SessionBridge) -> None:
        """Show the session's perceptron weights as training (or a reset) changes them."""
        self.session = bridge.session
        live.follow(self, bridge.stepped, self.refresh)
        live.follow(self, bridge.weightsChanged, self.refresh)
        live.follow(self, bridge.modelReset, self.refresh)

    def refresh(self, *_args: object) -> None:
        """The model's weights, if it is a perceptron (another model has none to edit here)."""
        model = self.session.model if self.session is not None else None
        for spin in self.spins.values():
            spin.setEnabled(isinstance(model, Perceptron))
        if isinstance(model, Perceptron):
            self.show_weights(float(model.w[0]), float(model.w[1]), model.b)

    def values(self) -> tuple[float, float, float]:
        """(w1, w2, b) as shown."""
        return self.spins["w1"].value(), self.spins["w2"].value(), self.spins["b"].value()

    def show_weights(self, w1: float, w2: float, b: float) -> None:
        """Show the model's weights without sending them back (a box already showing one is left
        alone, so typing in it is never interrupted)."""
        for key, value in zip(("w1", "w2", "b"), (w1, w2, b), strict=True):
            spin = self.spins[key]
            clipped = max(-WEIGHT_RANGE, min(WEIGHT_RANGE, value))
            if round(spin.value(), spin.decimals()) != round(clipped, spin.decimals()):
                with QSignalBlocker(spin):
                    spin.setValue(clipped)

    def _edited(self) -> None:
        self.weightsEdited.emit(*self.values())


class _TaskRow(QWidget):
    """One task: a box that ticks itself when the app sees the task done, the task's text, and for an
    answer task a field to type the answer in."""

    answerGiven = Signal(str, str)  # task id, the typed text

    def __init__(self, task: lessons.Task) -> None:
        super().__init__()
        self.task = task
        self.box = QCheckBox()
        self.box.setObjectName(f"task_{task.id}")
        # ticked by the app, not by hand: the box shows what was checked
        self.box.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # the lesson's words as written ("x < 0")
        self.text.setBuddy(self.box)
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.box, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        self.answer: QLineEdit | None = None
        self.check: QPushButton | None = None
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.verdict.hide()
        self.right: bool | None = None  # the last answer's verdict, None before one
        if task.check.kind == "answer":
            self.answer = QLineEdit()
            self.answer.setObjectName("answerEdit")
            self.answer.setAccessibleName("answerEdit")
            self.check = QPushButton()
            self.check.setObjectName("checkAnswer")
            self.answer.returnPressed.connect(self._give)
            self.check.clicked.connect(self._give)
            row = QHBoxLayout()
            row.setContentsMargins(24, 0, 0, 0)  # under the task's text, not under its box
            row.addWidget(self.answer, 1)
            row.addWidget(self.check)
            layout.addLayout(row)
            layout.addWidget(self.verdict)

    def _give(self) -> None:
        if self.answer is not None:
            self.answerGiven.emit(self.task.id, self.answer.text())

    def show_state(self, lang: str, done: bool, live: bool) -> None:
        """The task's text in `lang`, ticked if done; its answer field open while the lesson runs."""
        self.text.setText(self.task.text.get(lang))
        self.box.setChecked(done)
        self.box.setToolTip(self.tr("Done") if done
                            else self.tr("Not done yet: the app ticks it when it sees it"))
        if self.answer is not None and self.check is not None:
            self.answer.setEnabled(live and not done)
            self.check.setEnabled(live and not done)
            self.answer.setPlaceholderText(self.tr("Type a number, then press Enter"))
            self.check.setText(self.tr("Check"))
            self.show_verdict(self.right)

    def show_verdict(self, right: bool | None) -> None:
        """Say whether the answer was right (None: no answer yet)."""
        self.right = right
        if right is not None:
            self.verdict.setText(self.tr("Right!") if right
                                 else self.tr("Not quite. Think again and try another number."))
        self.verdict.setVisible(right is not None)


class LessonView(QWidget):
    """A lesson's texts in the language now spoken, its tasks ticking live, and its tools."""

    answerGiven = Signal(str, str)  # task id, the typed text
    weightsEdited = Signal(float, float, float)  # the perceptron tool's w1, w2, b

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson: lessons.Lesson | None = None
        self.rows: dict[str, _TaskRow] = {}
        self.title = self._label("lessonTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title.setFont(font)
        self.idea = self._label("lessonIdea")
        self.watch = self._label("lessonWatch")
        self.tasks_title = self._label("lessonTasksTitle")
        self.hint = self._label("lessonHint")
        self.tool = PerceptronTool()
        self.tool.weightsEdited.connect(self.weightsEdited)
        self.praise = self._label("lessonWellDone")
        self.tasks = QVBoxLayout()
        layout = QVBoxLayout(self)
        for label in (self.title, self.idea, self.watch, self.tasks_title):
            layout.addWidget(label)
        layout.addLayout(self.tasks)
        for widget in (self.hint, self.tool, self.praise):
            layout.addWidget(widget)
        layout.addStretch(1)

    @staticmethod
    def _label(name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        return label

    def show_lesson(self, lesson: lessons.Lesson, done: set[str], live: bool, last: bool) -> None:
        """Show `lesson` with the tasks in `done` ticked; `live`: it is the lesson running, so its
        fields and tools are open; `last`: no lesson follows it."""
        if lesson is not self.lesson:
            self._build_rows(lesson)
        lang = i18n.language().current
        # a lesson's texts are plain (a teacher may write "x < 0"): escaped into our rich text
        self.title.setText(html.escape(lesson.title.get(lang)))
        self.idea.setText(self.tr("<b>The idea.</b> {text}").format(text=html.escape(lesson.idea.get(lang))))
        self.watch.setText(self.tr("<b>Watch.</b> {text}").format(text=html.escape(lesson.watch.get(lang))))
        self.tasks_title.setText(self.tr("<b>Your tasks</b> (ticked when the app sees them done)"))
        for task_id, row in self.rows.items():
            row.show_state(lang, task_id in done, live)
        self.hint.setText(self.tr("Press <b>Start this lesson</b> to set it up; "
                                  "then the app checks your tasks."))
        self.hint.setVisible(not live)
        self.tool.setVisible("perceptron_weights" in lesson.tools)
        self.tool.setEnabled(live)
        complete = all(task.id in done for task in lesson.tasks)
        if complete:
            self.praise.setText(self.tr("<b>Well done!</b> That was the last lesson.") if last
                                else self.tr("<b>Well done!</b> Every task is done. Go on with <b>Next</b>."))
        self.praise.setVisible(complete)

    def _build_rows(self, lesson: lessons.Lesson) -> None:
        for row in self.rows.values():
            self.tasks.removeWidget(row)
            row.setParent(None)  # out of findChild's reach at once, deleted later
            row.deleteLater()
        self.lesson = lesson
        self.rows = {}
        for task in lesson.tasks:
            row = _TaskRow(task)
            row.answerGiven.connect(self.answerGiven)
            self.tasks.addWidget(row)
            self.rows[task.id] = row

    def show_verdict(self, task_id: str, right: bool) -> None:
        """Say whether the answer typed for a task was right."""
        self.rows[task_id].show_verdict(right)

    def refuse_answer(self, task_id: str, reason: str) -> None:
        """Say why a typed answer cannot be read as a number (it is neither right nor wrong)."""
        row = self.rows[task_id]
        row.show_verdict(None)
        row.verdict.setText(self.tr("Not read: {reason}").format(reason=reason))
        row.verdict.setVisible(True)

    def clear_answers(self) -> None:
        """Empty every answer field and forget the verdicts."""
        for row in self.rows.values():
            if row.answer is not None:
                row.answer.clear()
            row.show_verdict(None)
