"""The lessons panel: the course's ideas as one-click setups, with what to watch for each."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton, QVBoxLayout, QWidget

from visualnet.lessons import LESSONS, Lesson

INTRO = ("<b>Welcome to visualnet.</b> Click in the data view to add points (keys 1–8 pick the class), "
         "drag them, right-click to delete. Space plays, S steps, R resets. Pick a lesson to start:")


class WelcomePanel(QWidget):
    """A list of lessons; choosing one sets the data and the settings for it."""

    lessonChosen = Signal(object)  # the Lesson

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("lessonList")
        self.list.setAccessibleName("lessonList")
        self.list.addItems([lesson.title for lesson in LESSONS])
        self.list.setMinimumHeight(120)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.start = QPushButton("Start this lesson")
        self.start.setObjectName("startLesson")
        self.start.setToolTip("Load the lesson's data and settings (Ctrl+Z undoes it)")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 2)
        layout.addWidget(self.detail, 3)
        layout.addWidget(self.start)
        self.list.currentRowChanged.connect(self._show)
        self.list.itemDoubleClicked.connect(lambda _item: self._start())
        self.start.clicked.connect(self._start)
        self.list.setCurrentRow(0)

    def current(self) -> Lesson:
        """The selected lesson."""
        return LESSONS[max(0, self.list.currentRow())]

    def _show(self, row: int) -> None:
        lesson = LESSONS[max(0, row)]
        self.detail.setText(f"<p><b>The idea.</b> {lesson.idea}</p><p><b>Watch.</b> {lesson.watch}</p>")

    def _start(self) -> None:
        self.lessonChosen.emit(self.current())
