"""Issue 12, the session's and the files' part: documents apply whole or not at all, one set of rules for
settings, the point limit, 49 MB files of any shape, messages with line and column."""

from __future__ import annotations

import dataclasses
import json
import math
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from visualnet import files, limits
from visualnet.core import data
from visualnet.files import session_file
from visualnet.session import Config, Session

ISSUE_FILE = ('{"format":1,"dataset":{"task":"classification","X":[[0,0],[1,1],[2,0],[0,2]],'
              '"y":[0,1,2,1]},"config":{"optimizer":"Adam","hyper":{"lr":0.5}}}')


# everything a session is made of: apply_document replaces all of them at once, or none
STATE_FIELDS = ("config", "dataset", "roles", "current_label", "model", "optimizer", "trainer",
                "initial_params", "surface_params")


def recorder(session: Session) -> list[str]:
    """A list that collects the names of the events the session emits."""
    seen: list[str] = []
    for name in session.events.names:
        session.events.connect(name, lambda *a, n=name: seen.append(n))
    return seen


def snapshot(session: Session) -> dict[str, Any]:
    """The session's state fields (the objects themselves) and a copy of the config."""
    return {"fields": {k: session.__dict__[k] for k in STATE_FIELDS},
            "config": dataclasses.replace(session.config, hyper=dict(session.config.hyper)),
            "weights": {k: v.copy() for k, v in session.model.params.items()},
            "iteration": session.trainer.iteration}


def assert_untouched(session: Session, before: dict[str, Any]) -> None:
    """Every state field is the very object it was; the config and weights hold the same values."""
    for key, value in before["fields"].items():
        assert session.__dict__[key] is value, key
    assert session.config == before["config"]
    for k, v in before["weights"].items():
        np.testing.assert_array_equal(session.model.params[k], v)
    assert session.trainer.iteration == before["iteration"]
    assert session.trainer.model is session.model and session.trainer.optimizer is session.optimizer


def trained() -> Session:
    """A session that has trained a little, so a rollback has something to lose."""
    s = Session()
    s.step(10)
    return s


# ------------------------------------------------------------------- 1. the issue's file, all-or-nothing


def test_the_issues_session_file_opens_with_its_learning_rate(tmp_path):
    path = tmp_path / "issue.json"
    path.write_text(ISSUE_FILE)
    doc = files.load_session(path)
    assert "lr" not in doc.config["hyper"] and doc.config["lr"] == 0.5
    assert any("learning rate" in note for note in doc.notes)  # said, not silently dropped
    s = Session()
    s.apply_document(doc)  # was: TypeError, optimizers.get() got multiple values for 'lr'
    assert type(s.optimizer).__name__ == "Adam" and s.optimizer.lr == 0.5
    assert s.trainer.optimizer is s.optimizer and s.trainer.model is s.model
    assert s.step(3) is not None


def test_a_second_learning_rate_in_hyper_is_ignored_with_a_note(tmp_path):
    payload = json.loads(ISSUE_FILE)
    payload["config"]["lr"] = 0.01
    path = tmp_path / "old.json"
    path.write_text(json.dumps(payload))
    doc = files.load_session(path)
    assert doc.config["lr"] == 0.01 and doc.config["hyper"] == {}
    assert "ignored" in doc.notes[0]


def test_hyper_never_carries_a_learning_rate():
    s = trained()
    before = snapshot(s)
    seen = recorder(s)
    with pytest.raises(ValueError, match="learning rate is a setting of its own"):
        s.configure(hyper={"lr": 0.3})
    assert_untouched(s, before)
    assert seen == []


def test_an_unexpected_failure_while_applying_changes_nothing(monkeypatch):
    s = trained()
    doc = Session.from_preset("Moons").to_document()
    before = snapshot(s)
    seen = recorder(s)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("visualnet.session.Trainer", broken)
    with pytest.raises(ValueError, match=r"could not be opened .*disk on fire"):
        s.apply_document(doc)
    assert_untouched(s, before)
    assert seen == []
    monkeypatch.undo()
    s.apply_document(doc)  # the same document applies once the fault is gone
    assert seen == ["model_reset", "data_changed", "config_changed"]
    assert s.dataset.same_as(doc.dataset)


@pytest.mark.parametrize("spoil", [
    lambda doc: setattr(doc, "config", {"lr": -1.0}),
    lambda doc: setattr(doc, "config", {"activation": "mish"}),
    lambda doc: setattr(doc, "config", {"hyper": {"lr": 0.5}}),
    lambda doc: setattr(doc, "roles", np.zeros(3, np.int8)),
    lambda doc: setattr(doc, "roles", np.full(len(doc.dataset), 7, np.int8)),
    lambda doc: setattr(doc, "weights", {"W1": np.zeros((2, 3))}),
    lambda doc: setattr(doc, "dataset", data.Dataset(np.zeros((3, 2)), np.array([0, 1, 9]), n_classes=10)),
], ids=["negative lr", "unknown activation", "lr in hyper", "roles too short", "role 7", "weights",
        "ten classes"])
def test_a_document_that_does_not_fit_changes_nothing(spoil):
    s = trained()
    doc = Session.from_preset("Moons").to_document()
    spoil(doc)
    before = snapshot(s)
    seen = recorder(s)
    with pytest.raises(ValueError) as info:
        s.apply_document(doc)
    assert "Error" not in str(info.value)  # a plain message, not an exception's name
    assert_untouched(s, before)
    assert seen == []


# ------------------------------------------------------------------------------ 5. the point limit


def test_files_and_session_share_the_point_limit():
    assert files.MAX_ROWS == limits.MAX_POINTS


def test_no_edit_passes_the_point_limit():
    n = limits.MAX_POINTS - 2
    rng = np.random.default_rng(0)
    s = Session(data.Dataset(rng.normal(size=(n, 2)), np.arange(n) % 2, n_classes=2))
    assert s.room_for(2) is None
    problem = s.room_for(6)
    assert problem == f"a dataset holds at most {limits.MAX_POINTS:,} points; this edit would make " \
                      f"{limits.MAX_POINTS + 4:,}"
    before = snapshot(s)
    seen = recorder(s)
    with pytest.raises(ValueError, match=f"at most {limits.MAX_POINTS:,} points"):
        s.insert_points(np.arange(n, n + 6), np.zeros((6, 2)), np.zeros(6))
    too_big = data.Dataset(np.zeros((limits.MAX_POINTS + 1, 2)), np.zeros(limits.MAX_POINTS + 1, np.int64),
                           n_classes=2)
    with pytest.raises(ValueError, match="at most"):
        s.set_dataset(too_big)
    with pytest.raises(ValueError, match="at most"):
        s.apply_document(files.SessionDocument(too_big))
    assert_untouched(s, before)
    assert len(s.dataset) == n and seen == []
    s.insert_points([n, n + 1], np.zeros((2, 2)), np.array([0, 1]))  # up to the limit is fine
    assert len(s.dataset) == limits.MAX_POINTS and s.room_for(1) is not None


# ---------------------------------------------------------------- 13. one set of rules for settings


BAD_SETTINGS = [
    {"activation": "mish"}, {"optimizer": "LBFGS"}, {"model": "CNN"}, {"init": "uniform"}, {"init": -1.0},
    {"hidden": ()}, {"hidden": (0,)}, {"hidden": (limits.MAX_HIDDEN_WIDTH + 1,)},
    {"hidden": (4,) * (limits.MAX_HIDDEN_LAYERS + 1)}, {"hidden": (2.5,)},
    {"batch_size": 0}, {"batch_size": -5}, {"batch_size": 2.5}, {"batch_size": True},
    {"lr": 0.0}, {"lr": -0.1}, {"lr": math.nan}, {"lr": math.inf}, {"lr": "0.1"},
    {"split": (1.5, 1)}, {"split": (8, -2)}, {"split": (0, 2)}, {"split": (8,)}, {"split": (1, 1, 1, 1)},
    {"seed": -1}, {"seed": 2**31}, {"seed": 1.5},
    {"hyper": {"momentum": math.nan}}, {"hyper": {"momentum": 1.5}}, {"hyper": {"beta1": 1.0}},
    {"hyper": {"decay_rate": -0.1}}, {"hyper": {"lr": 0.1}}, {"hyper": [0.9]},
]


@pytest.mark.parametrize("change", BAD_SETTINGS, ids=[str(c) for c in BAD_SETTINGS])
def test_a_bad_setting_is_refused_and_nothing_changes(change):
    s = trained()
    before = snapshot(s)
    seen = recorder(s)
    with pytest.raises(ValueError) as info:
        s.configure(**change)
    assert next(iter(change)) in str(info.value)  # the message names the setting
    assert_untouched(s, before)
    assert seen == []


# a file's hyper.lr is taken as its learning rate instead (an older version could write one)
BAD_IN_FILES = [c for c in BAD_SETTINGS if c != {"hyper": {"lr": 0.1}}]


@pytest.mark.parametrize("change", BAD_IN_FILES, ids=[str(c) for c in BAD_IN_FILES])
def test_files_refuse_the_same_settings(tmp_path, change):
    (key, value), = change.items()
    doc = Session().to_document()
    doc.config[key] = list(value) if isinstance(value, tuple) else value
    text = json.dumps({"format": 1, "dataset": {"task": "classification", "X": [[0, 0], [1, 1]], "y": [0, 1]},
                       "config": doc.config})
    path = tmp_path / "s.json"
    path.write_text(text)
    # NaN and infinity are already refused by the JSON reader
    with pytest.raises(files.FileFormatError, match=rf"config\.{key}|must be finite"):
        files.load_session(path)


def test_settings_are_made_canonical():
    s = Session()
    s.configure(hidden=[4, 3], lr=np.float64(0.05), seed=np.int64(3), optimizer="adam",
                activation="Leaky-ReLU")
    cfg = s.config
    assert cfg.hidden == (4, 3) and cfg.optimizer == "Adam" and cfg.activation == "leaky_relu"
    assert type(cfg.lr) is float and type(cfg.seed) is int
    s.configure(split=(1, 0))  # everything trains: zeros are fine where something else has a share
    assert s.role_counts()[1:] == (0, 0)
    with pytest.raises(KeyError):
        s.configure(batch_norm=0.5)
    with pytest.raises(ValueError, match="lr"):
        Session(config=Config(lr=0.0))


def test_a_perceptron_is_still_refused_for_regression_and_works_for_classes():
    s = Session.from_preset("Sine")
    with pytest.raises(ValueError, match="classifies"):
        s.configure(model="Perceptron")
    assert s.config.model == "MLP"
    c = Session.from_preset("AND")
    assert c.configure(model="Perceptron") is True
    assert c.step(5) is not None


# ---------------------------------------------------------------------- 14. messages users can act on


def test_json_errors_give_line_and_column(tmp_path):
    path = tmp_path / "s.json"
    path.write_text('{\n"format": 1,\n  "dataset": [1 2]}')
    with pytest.raises(files.FileFormatError) as info:
        files.load_session(path)
    assert (info.value.line, info.value.column) == (3, 17)
    assert str(info.value) == "s.json, line 3, column 17: is not valid JSON (Expecting ',' delimiter)"


def test_no_message_says_more_than_zero_numbers(tmp_path, monkeypatch):
    monkeypatch.setattr(session_file, "MAX_WEIGHTS", 4)
    payload = {"format": 1, "dataset": {"task": "classification", "X": [[0, 0], [1, 1]], "y": [0, 1]},
               "weights": {"W1": [[1.0, 2.0], [3.0, 4.0]], "b1": [0.0, 0.0]}}
    path = tmp_path / "w.json"
    path.write_text(json.dumps(payload))
    with pytest.raises(files.FileFormatError) as info:
        files.load_session(path)
    assert "more than 0" not in str(info.value)
    assert "the weights hold more than 4 numbers in all" in str(info.value)


# --------------------------------------------------------------------------- 11. 49 MB of anything

SIZE = 49 * 2**20

# name -> (head, unit repeated to about 49 MB, tail)
SHAPES = {
    "objects.json": ("[", "{},", "{}]"),
    "lists.json": ('{"format": 1, "x": [', "[],", "[]]}"),
    "zeros.json": ('{"format": 1, "x": [', "0,", "0]}"),
    # 2.1 million numbers: under the budget of values, so all of them are parsed
    "numbers.json": ('{"format": 1, "x": [', "0.1234567890123456789012,", "0]}"),
    "blank.json": ('{"format": 1,', "\n", '"dataset": {"task": "regression", "X": [[0, 1]], "y": [0]}}'),
    "blank.csv": ("x,y\n", "\n", "0,1\n2,3\n"),
    "spaces.csv": ("x,y\n", "   \r\n", "0,1\n2,3\n"),
    "one_line.csv": ("x1,x2,label\n", "1,", "0"),
    "one_string.json": ('{"format": 1, "x": "', "ab", '"}'),
}

LOAD_AND_MEASURE = textwrap.dedent("""
    import resource, sys, time
    from visualnet import files
    start = time.perf_counter()
    try:
        outcome = f"loaded {len(files.load_any(sys.argv[1]).dataset)} points"
    except files.FileFormatError as e:
        outcome = f"refused: {e}"
    seconds = time.perf_counter() - start
    try:  # the peak of this process only (ru_maxrss may carry the parent's over exec)
        with open("/proc/self/status") as f:
            peak_kb = int(next(line for line in f if line.startswith("VmHWM")).split()[1])
    except OSError:
        peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(seconds, peak_kb / 1024, outcome, sep="\\t")
""")


def write_big(path: Path, head: str, unit: str, tail: str) -> None:
    """About SIZE bytes: head, unit repeated, tail; written in pieces so this process stays small."""
    repeats = (SIZE - len(head) - len(tail)) // len(unit)
    piece = unit * (2**20 // len(unit))
    with open(path, "w", newline="") as f:
        f.write(head)
        for _ in range(repeats // (2**20 // len(unit))):
            f.write(piece)
        f.write(unit * (repeats % (2**20 // len(unit))))
        f.write(tail)


@pytest.mark.parametrize("name", list(SHAPES))
def test_a_49_mb_file_of_any_shape_is_read_fast_in_little_memory(tmp_path, name):
    path = tmp_path / name
    write_big(path, *SHAPES[name])
    assert 48 * 2**20 < path.stat().st_size <= files.MAX_BYTES
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    out = subprocess.run([sys.executable, "-c", LOAD_AND_MEASURE, str(path)], capture_output=True, text=True,
                         env=env, cwd=Path(__file__).parent.parent, timeout=120, check=True).stdout
    seconds, peak_mb, outcome = out.strip().split("\t")
    print(f"{name}: {float(seconds):.2f} s, peak {float(peak_mb):.0f} MB, {outcome[:100]}")
    # the issue asks for 2 s and 500 MB; the time is doubled for a busy CI machine
    assert float(seconds) < 4.0
    assert float(peak_mb) < 500
    assert outcome.startswith(("loaded", "refused")), outcome
    assert "Traceback" not in outcome
