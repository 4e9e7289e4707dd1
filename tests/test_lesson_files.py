"""Lesson files: every built-in one loads in both languages; a bad file gets one clear LessonError."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from visualnet import lessons
from visualnet.lessons import LessonError, Localized, load, parse
from visualnet.lessons.checks import KINDS
from visualnet.session import Session
from visualnet.translatable import message_of

GOOD = {
    "visualnet_lesson": 1,
    "id": "mine",
    "title": {"en": "My lesson", "zh_CN": "我的课"},
    "idea": "An idea in English only.",
    "watch": {"en": "Watch this."},
    "setup": {"preset": "XOR clouds", "config": {"model": "MLP", "hidden": [4], "lr": 0.1}, "speed": 5},
    "window": {"show": ["Loss curve"], "highlight": ["learningRateSpin"]},
    "tasks": [{"id": "t", "text": {"en": "Train.", "zh_CN": "训练。"},
               "check": {"kind": "accuracy_at_least", "value": 0.9}}],
}


def bad(change) -> str:
    """The message of the LessonError that GOOD, changed by `change`, raises."""
    doc = copy.deepcopy(GOOD)
    change(doc)
    with pytest.raises(LessonError) as caught:
        parse(doc)
    return str(caught.value)


def test_the_good_example_parses():
    lesson = parse(GOOD)
    assert lesson.title.get("zh_CN") == "我的课" and lesson.idea.get("zh_CN") == "An idea in English only."
    assert lesson.tasks[0].check.params == {"value": 0.9, "split": "train"}
    assert lesson.setup.config == {"model": "MLP", "hidden": (4,), "lr": 0.1}
    assert lesson.window.show == ("Loss curve",) and lesson.tools == ()


def test_every_builtin_lesson_loads_from_its_file_in_both_languages():
    paths = lessons.builtin_paths()
    assert [load(p) for p in paths] == list(lessons.BUILTIN) and len(paths) >= 16
    for lesson in lessons.BUILTIN:
        texts = [lesson.title, lesson.idea, lesson.watch, *(t.text for t in lesson.tasks)]
        assert all(t.en and t.zh_CN for t in texts), lesson.id
        assert all("，" not in t.en and any("\u4e00" <= c <= "\u9fff" for c in t.zh_CN) for t in texts)
        assert 1 <= len(lesson.tasks) <= 3 and lesson.setup.speed >= 1
        assert set(lesson.window.show) <= set(lessons.DOCKS)


def test_builtin_lessons_follow_the_course_in_file_order():
    ids = [lesson.id for lesson in lessons.BUILTIN]
    order = ["perceptron-gates", "xor-perceptron", "mlp-xor", "activations", "learning-rate", "epochs",
             "optimizers"]
    assert [ids.index(i) for i in order] == sorted(ids.index(i) for i in order)
    assert lessons.LESSONS is lessons.BUILTIN and lessons.by_id("epochs").id == "epochs"
    with pytest.raises(KeyError):
        lessons.by_id("nope")


def test_every_check_kind_is_documented():
    doc = lessons.checks.__doc__ or ""
    assert all(f"- {kind} {{" in doc for kind in KINDS)


def test_localized_falls_back_to_english():
    text = Localized("Hello", "")
    assert text.get("zh_CN") == "Hello" and text.get("en") == "Hello" and text == "Hello"
    assert Localized("Hello", "你好").get("zh_CN") == "你好"
    doc = copy.deepcopy(GOOD)
    doc["tasks"][0]["text"] = {"en": "Train."}  # no Chinese: the English shows
    assert parse(doc).tasks[0].text.get("zh_CN") == "Train."


def in_check(**changes):
    """A change of the first task's check."""
    return lambda d: d["tasks"][0]["check"].update(changes)


def new_check(**check):
    """The first task's check replaced."""
    return lambda d: d["tasks"][0].update(check=check)


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d.pop("setup"), "lesson: the key \"setup\" is missing"),
    (in_check(kind="foo"), "tasks[0].check.kind: \"foo\" is not a check; choose from"),
    (lambda d: d["tasks"][0]["check"].pop("value"), "tasks[0].check: the key \"value\" is missing"),
    (in_check(value="high"), "tasks[0].check.value: expected a number, not text"),
    (in_check(valu=1), "tasks[0].check: unknown key \"valu\""),
    (lambda d: d["tasks"][0].update(text={"zh_CN": "训练。"}),
     "tasks[0].text: the English text (\"en\") is missing"),
    (lambda d: d["tasks"].append(copy.deepcopy(d["tasks"][0])),
     "tasks[1].id: the task id \"t\" is used twice"),
    (lambda d: d.update(tasks={}), "tasks: expected a list, not an object"),
    (lambda d: d["setup"].update(preset="Bananas"), "setup.preset: \"Bananas\" is not one of"),
    (lambda d: d["setup"].update(points=[[0, 0, 1]]), "setup: give either a \"preset\" or \"points\""),
    (lambda d: d["setup"]["config"].update(lr=-1), "setup.config: "),
    (lambda d: d["setup"]["config"].update(colour="red"), "setup.config: unknown settings"),
    (lambda d: d["setup"].update(speed=0), "setup.speed: 0 is outside 1 to 1000"),
    (lambda d: d["setup"].update(speed=2.5), "setup.speed: expected a whole number, not a decimal number"),
    (lambda d: d["setup"]["config"].update(model="Perceptron", optimizer="SGD") or d["setup"].update(
        preset="Sine"), "a perceptron classifies"),
    (lambda d: d["window"].update(show=["Loss"]), "window.show[0]: \"Loss\" is not one of"),
    (lambda d: d.update(tools=["hammer"]), "tools[0]: \"hammer\" is not one of perceptron_weights"),
    (lambda d: d.update(visualnet_lesson=2), "this lesson needs a newer visualnet"),
    (lambda d: d.pop("visualnet_lesson"), "this is not a visualnet lesson"),
    (new_check(kind="setting", key="activation", op="le", value=3),
     "tasks[0].check.key: \"le\" compares numbers"),
    (new_check(kind="all_of", checks=[]), "tasks[0].check.checks: the list is empty"),
    (new_check(kind="optimizer_compared", names=["SGD", "Fast"]),
     "tasks[0].check.names[1]: \"Fast\" is not one of"),
    (lambda d: d["setup"].update(preset=None, points=[[0, 0, 9]]), "setup.points[0][2]: 9 is outside 0 to 7"),
])
def test_a_bad_lesson_gets_one_clear_message(change, expected):
    assert expected in bad(change)


def test_a_lesson_error_translates(monkeypatch):
    with pytest.raises(LessonError) as caught:
        parse({**GOOD, "tasks": {}})
    shown = message_of(caught.value, lambda context, text: f"<{context}>{text}")
    assert shown.startswith("<LessonFile>tasks: ") and "<LessonFile>a list" in shown


def test_files_that_are_no_lesson(tmp_path: Path):
    cases = {"broken.json": b'{"visualnet_lesson": 1,', "latin1.json": "{\"id\": \"é\"}".encode("latin-1"),
             "list.json": b"[1, 2]"}
    expected = {"broken.json": "is not valid JSON", "latin1.json": "not UTF-8",
                "list.json": "not a visualnet lesson"}
    for name, raw in cases.items():
        (tmp_path / name).write_bytes(raw)
        with pytest.raises(LessonError, match=expected[name]):
            load(tmp_path / name)
    with pytest.raises(LessonError, match="could not be read"):
        load(tmp_path / "missing.json")


def test_a_teachers_file_with_its_own_points_plays(tmp_path: Path):
    doc = copy.deepcopy(GOOD)
    doc["setup"] = {"points": [[0, 0, 0], [1, 1, 0], [1, 0, 1], [0, 1, 1]], "config": {"model": "MLP",
                    "hidden": [4], "activation": "tanh", "lr": 0.5, "batch_size": 4}, "speed": 10}
    doc["tasks"][0]["check"] = {"kind": "accuracy_at_least", "value": 1}
    path = tmp_path / "xor.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    lesson = load(path)
    assert lesson.source == str(path) and lessons.is_lesson(doc) and not lessons.is_lesson({"points": []})
    s = Session()
    lessons.apply(s, lesson)
    tracker = lessons.Tracker(s, lesson)
    assert len(s.dataset) == 4 and s.config.hidden == (4,)
    for _ in range(200):
        s.step(lesson.setup.speed)
    assert tracker.complete


def test_the_readme_example_is_a_good_lesson_and_is_told_from_a_session(tmp_path: Path):
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### Lesson files"):]
    start = section.index("```json") + len("```json")
    example = section[start:section.index("```", start)]
    path = tmp_path / "my_lesson.json"
    path.write_text(example, encoding="utf-8")
    lesson = load(path)
    assert lesson.id == "xor-small" and len(lesson.tasks) == 3
    assert lessons.is_lesson_file(path)
    session_file = tmp_path / "session.json"
    session_file.write_text(json.dumps({"format": "visualnet-session", "dataset": {}}), encoding="utf-8")
    assert not lessons.is_lesson_file(session_file)
    assert not lessons.is_lesson_file(tmp_path / "missing.json")
    lessons.apply(Session(), lesson)  # its data and settings apply
