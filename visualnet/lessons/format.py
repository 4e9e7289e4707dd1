"""What a lesson is: texts in two languages, a setup, a window layout, tools and checked tasks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from visualnet.pace import FRAMES_PER_SECOND, RATE_TOP
from visualnet.translatable import TranslatableError

__all__ = ["DOCKS", "LANGUAGES", "TOOLS", "Check", "Lesson", "LessonError", "Localized", "Setup", "Task",
           "WindowSetup"]

LANGUAGES = ("en", "zh_CN")
# MainWindow.docks' keys a lesson may show
DOCKS = ("Controls", "Lessons", "Loss curve", "Loss surface", "Activations", "Weights")
# extra controls the lesson panel offers: w1, w2, b spin boxes of the perceptron
TOOLS = ("perceptron_weights",)


class Localized(str):
    """A text in English and Simplified Chinese: as a `str`, the English one (so code that only shows
    or compares text keeps working); `get(lang)` gives the learner's, the English if there is none."""

    zh_CN: str

    def __new__(cls, en: str, zh_CN: str = "") -> Localized:
        """The English text `en` with its Chinese `zh_CN` ("" when there is none)."""
        text = super().__new__(cls, en)
        text.zh_CN = zh_CN
        return text

    @property
    def en(self) -> str:
        """The English text."""
        return str.__str__(self)

    def get(self, lang: str) -> str:
        """The text in `lang` ("en", "zh_CN"; any "zh…" reads the Simplified one), else the English."""
        if lang.startswith("zh") and self.zh_CN:
            return self.zh_CN
        return self.en

    def __repr__(self) -> str:
        """Both texts, for debugging."""
        return f"Localized({self.en!r}, {self.zh_CN!r})"


@dataclass(frozen=True)
class Check:
    """How the app knows a task is done: one of checks.KINDS and its parameters."""

    kind: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Task:
    """One thing the learner does, checked live."""

    id: str
    text: Localized
    check: Check


@dataclass(frozen=True)
class Setup:
    """The data (a preset or the lesson's own points), the settings and the training speed."""

    preset: str | None
    count: int | None = None  # None: the preset's own
    noise: float | None = None
    classes: int | None = None
    points: tuple[tuple[float, float, int], ...] | None = None  # (x1, x2, label) instead of a preset
    config: dict[str, object] = field(default_factory=dict)  # Session.configure's keywords, checked
    rate: int = 300  # training iterations per second (pace.MAX_RATE: as fast as the window allows)

    @property
    def speed(self) -> int:
        """Iterations per frame at the display's 60 frames a second (what a scripted learner steps)."""
        return max(1, round(min(self.rate, RATE_TOP) / FRAMES_PER_SECOND))


@dataclass(frozen=True)
class WindowSetup:
    """The docks a lesson shows and the controls (objectNames) it highlights."""

    show: tuple[str, ...] = ()
    highlight: tuple[str, ...] = ()


@dataclass(frozen=True)
class Lesson:
    """One idea of the course as a ready-to-run setup with tasks the app checks."""

    id: str
    title: Localized
    idea: Localized
    watch: Localized
    setup: Setup
    window: WindowSetup = WindowSetup()
    tools: tuple[str, ...] = ()
    tasks: tuple[Task, ...] = ()
    source: str | None = None  # the file it was read from, if any

    @property
    def preset(self) -> str | None:
        """The setup's data preset (None when the lesson brings its own points)."""
        return self.setup.preset

    @property
    def config(self) -> dict[str, object]:
        """The setup's settings."""
        return self.setup.config


class LessonError(TranslatableError):
    """A lesson file that cannot be used: one message naming what is wrong and where."""
