"""visualnet's files: exact round trips, plain errors for bad files, no exception but FileFormatError."""

from __future__ import annotations

import csv
import dataclasses
import json
import os
import pickle
import stat
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from visualnet import files
from visualnet.core import activations, optimizers
from visualnet.core.data import PRESETS, Dataset, split_indices
from visualnet.files import (
    FORMAT_VERSION,
    MAX_BYTES,
    MAX_ROWS,
    FileFormatError,
    SessionDocument,
    atomic,
    atomic_write_bytes,
    atomic_write_text,
    config_to_dict,
    csv_data,
    document_from_session,
    load_any,
    load_dataset_csv,
    load_session,
    reading,
    save_dataset_csv,
    save_session,
    session_file,
    sniff,
)
from visualnet.limits import MAX_HIDDEN_LAYERS, MAX_HIDDEN_WIDTH

FUZZ = settings(max_examples=200, deadline=None)

# values whose text form is easy to get wrong: 0.30000000000000004, a subnormal, the largest float, -0.0
AWKWARD = np.array([[0.1 + 0.2, 1e-300, -0.0], [5e-324, 1.7976931348623157e308, -1 / 3]])
WEIGHTS = {"W1": AWKWARD, "b1": np.array([-0.0, 2.0**-1022, 123456789.123456789]), "b": np.array(-0.0)}
CONFIG = {"model": "MLP", "hidden": [8, 4], "activation": "tanh", "init": 0.01, "optimizer": "Adam",
          "lr": 0.001, "batch_size": 16, "split": [6, 2, 2], "seed": 42,
          "hyper": {"beta1": 0.9, "beta2": 0.999}, "features": ["x1", "x2", "x1x2"], "penalty": "l2",
          "penalty_rate": 0.01, "dropout": [0.2, 0.0]}


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """A file `name` in `folder` holding `content` (text is written as UTF-8, newlines untouched)."""
    path = folder / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def document(ds: Dataset, seed: int = 0) -> SessionDocument:
    """A full document for `ds`: split roles, every setting, awkward weights."""
    roles = split_indices(len(ds), (6, 2, 2), seed).role(len(ds)).astype(np.int8)
    return SessionDocument(ds, roles, dict(CONFIG), {k: v.copy() for k, v in WEIGHTS.items()}, "Moons")


def valid_payload() -> dict[str, Any]:
    """A small valid session file as a dict, for the bad-file cases to spoil."""
    return {
        "format": 1, "app": "visualnet", "meta": {"app_version": "0.1.0"}, "preset": "XOR",
        "dataset": {"task": "classification", "n_classes": 2,
                    "X": [[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [1.0, 1.0]], "y": [0, 1, 1, 0]},
        "roles": [0, 0, 1, 2],
        "config": dict(CONFIG),
        "weights": {"W1": [[0.5, -0.5], [1.0, 2.0]], "b1": [0.0, 0.1]},
    }


def assert_valid_dataset(ds: Any) -> None:
    """What every loader promises about a Dataset it returns."""
    assert isinstance(ds, Dataset)
    ds.validate()
    assert ds.X.dtype == np.float64 and ds.X.shape == (len(ds), 2) and np.isfinite(ds.X).all()
    assert ds.y.dtype == np.int64 and len(ds) <= MAX_ROWS
    if ds.task == "classification":
        assert 2 <= ds.n_classes <= files.MAX_CLASSES


def assert_valid_document(doc: Any) -> None:
    """What load_session promises about a SessionDocument it returns."""
    assert isinstance(doc, SessionDocument)
    assert_valid_dataset(doc.dataset)
    n = len(doc.dataset)
    if doc.roles is not None:
        assert doc.roles.dtype == np.int8 and doc.roles.shape == (n,) and set(doc.roles.tolist()) <= {0, 1, 2}
    if doc.config is not None:
        assert set(doc.config) <= set(CONFIG)
    if doc.weights is not None:
        assert sum(w.size for w in doc.weights.values()) <= files.MAX_WEIGHTS
        for w in doc.weights.values():
            assert w.dtype == np.float64 and w.ndim <= 2 and np.isfinite(w).all()
    assert doc.preset is None or isinstance(doc.preset, str)
    assert isinstance(doc.meta, dict)


def fails(load: Callable[[Path], Any], path: Path, fragment: str, line: int | None = None) -> FileFormatError:
    """Assert that loading `path` raises FileFormatError naming the file, `line` and `fragment`."""
    with pytest.raises(FileFormatError) as info:
        load(path)
    err = info.value
    assert err.line == line
    assert fragment in err.problem
    where = path.name if line is None else f"{path.name}, line {line}"
    if err.column is not None:
        where += f", column {err.column}"
    assert str(err) == f"{where}: {err.problem}"
    return err


# ---------------------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("name", PRESETS)
@pytest.mark.parametrize("seed", [0, 7])
def test_csv_round_trips_every_preset_exactly(tmp_path, name, seed):
    ds = PRESETS[name].make(seed=seed)
    path = tmp_path / "data.csv"
    save_dataset_csv(path, ds)
    back = load_dataset_csv(path)
    assert np.array_equal(back.X, ds.X) and np.array_equal(back.y, ds.y)
    assert (back.task, back.n_classes) == (ds.task, ds.n_classes)
    # numpy reads it as it is
    table = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    assert np.array_equal(table[:, :2], ds.X)
    if ds.task == "classification":
        assert path.read_text().startswith("x1,x2,label\n")
        assert np.array_equal(table[:, 2], ds.y)
    else:
        assert path.read_text().startswith("x,y\n") and table.shape == (len(ds), 2)


def test_csv_reads_with_the_standard_csv_module(tmp_path):
    ds = PRESETS["Spirals"].make()
    path = tmp_path / "spirals.csv"
    save_dataset_csv(path, ds)
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [float(r["x1"]) for r in rows] == ds.X[:, 0].tolist()
    assert [int(r["label"]) for r in rows] == ds.y.tolist()


def test_csv_reads_with_pandas(tmp_path):
    pd = pytest.importorskip("pandas")
    ds = PRESETS["Spirals"].make()
    path = tmp_path / "spirals.csv"
    save_dataset_csv(path, ds)
    frame = pd.read_csv(path)
    assert list(frame.columns) == ["x1", "x2", "label"]
    assert np.array_equal(frame[["x1", "x2"]].to_numpy(), ds.X)


@pytest.mark.parametrize("name", PRESETS)
def test_session_round_trips_every_preset_with_roles_config_and_weights(tmp_path, name):
    ds = PRESETS[name].make(seed=3)
    doc = document(ds)
    path = tmp_path / "lesson.visualnet.json"
    save_session(path, doc)
    back = load_session(path)
    assert back.dataset.same_as(ds)
    assert back.roles.dtype == np.int8 and np.array_equal(back.roles, doc.roles)
    assert back.config == CONFIG
    assert back.weights.keys() == WEIGHTS.keys()
    for k, w in WEIGHTS.items():
        assert back.weights[k].shape == w.shape
        assert np.array_equal(back.weights[k], w)
        assert np.array_equal(np.signbit(back.weights[k]), np.signbit(w))  # -0.0 stays -0.0
    assert back.preset == "Moons"
    assert back.meta["app_version"]
    assert datetime.fromisoformat(back.meta["saved_at"]).tzinfo is not None
    text = path.read_text()
    assert json.loads(text)["format"] == FORMAT_VERSION and '"app": "visualnet"' in text


def test_session_keeps_a_class_count_larger_than_the_labels_need(tmp_path):
    ds = Dataset(np.zeros((3, 2)), np.array([0, 1, 1]), "classification", 5)
    save_session(tmp_path / "s.json", SessionDocument(ds))
    back = load_session(tmp_path / "s.json")
    assert back.dataset.n_classes == 5
    assert (back.roles, back.config, back.weights, back.preset) == (None, None, None, None)


def test_a_session_may_hold_an_empty_dataset(tmp_path):
    empty = Dataset(np.empty((0, 2)), np.empty(0, np.int64))
    save_session(tmp_path / "s.json", SessionDocument(empty, np.empty(0, np.int8)))
    back = load_session(tmp_path / "s.json")
    assert len(back.dataset) == 0 and back.roles.shape == (0,)


def test_document_from_a_session_round_trips(tmp_path):
    @dataclasses.dataclass
    class Config:  # the shape of session.Config: tuples and numpy scalars must come out as JSON types
        hidden: tuple[int, ...] = (8, 8)
        lr: float = 0.1
        seed: int = 0
        split: tuple[int, ...] = (8, 2)

    ds = PRESETS["Circles"].make()
    config = Config(lr=np.float64(0.1), seed=np.int64(3))  # a slider may hand over numpy scalars
    session = SimpleNamespace(dataset=ds, roles=np.zeros(len(ds), np.int8), config=config,
                              model=SimpleNamespace(params={"W1": AWKWARD}))
    doc = document_from_session(session, preset="Circles")
    assert doc.config == {"hidden": [8, 8], "lr": 0.1, "seed": 3, "split": [8, 2]}
    assert doc.weights["W1"] is not AWKWARD  # a snapshot, not the live array
    save_session(tmp_path / "s.json", doc)
    back = load_session(tmp_path / "s.json")
    assert back.config == doc.config and back.preset == "Circles"
    assert np.array_equal(back.weights["W1"], AWKWARD)


def test_config_to_dict_takes_the_real_config():
    session = pytest.importorskip("visualnet.session", exc_type=ImportError)
    out = config_to_dict(session.Config())
    assert out.keys() == CONFIG.keys()
    assert isinstance(out["hidden"], list) and isinstance(out["split"], list)


def test_load_any_opens_both_kinds(tmp_path):
    ds = PRESETS["Moons"].make()
    save_dataset_csv(tmp_path / "m.csv", ds)
    save_session(tmp_path / "m.json", document(ds))
    from_csv = load_any(tmp_path / "m.csv")
    assert from_csv.dataset.same_as(ds) and from_csv.config is None and from_csv.roles is None
    assert load_any(tmp_path / "m.json").config == CONFIG
    # no telling extension: the content decides
    os.rename(tmp_path / "m.json", tmp_path / "lesson")
    assert load_any(tmp_path / "lesson").dataset.same_as(ds)


@pytest.mark.parametrize(("name", "content", "kind"), [
    ("a.csv", "{}", "csv"),  # the extension wins
    ("a.JSON", "x,y", "json"),
    ("a.visualnet.json", "", "json"),
    ("a.txt", "\ufeff \n\t{\"format\": 1}", "json"),
    ("a", "  [1]", "json"),
    ("a.dat", "x1,x2,label\n", "csv"),
    ("empty", "", "csv"),
])
def test_sniff(tmp_path, name, content, kind):
    assert sniff(write(tmp_path, name, content)) == kind


# ------------------------------------------------------------------------------------ CSV tolerance


def test_csv_tolerates_bom_crlf_spaces_case_and_blank_lines(tmp_path):
    text = "\ufeff X1 , x2,LABEL \r\n\r\n 0.5 , -1e-3 , 2 \r\n+.25,3.,0\r\n\r\n  \r\n"
    ds = load_dataset_csv(write(tmp_path, "ok.csv", text))
    assert np.array_equal(ds.X, [[0.5, -0.001], [0.25, 3.0]])
    assert ds.y.tolist() == [2, 0] and ds.n_classes == 3


def test_csv_reads_old_mac_line_ends_and_whole_number_labels(tmp_path):
    ds = load_dataset_csv(write(tmp_path, "ok.csv", "x,y\r1,2\r3,4"))
    assert ds.task == "regression" and ds.n_classes == 0 and ds.X.tolist() == [[1, 2], [3, 4]]
    assert load_dataset_csv(write(tmp_path, "f.csv", "x1,x2,label\n0,0,1.0\n")).y.tolist() == [1]


# --------------------------------------------------------------------------------------- bad CSVs


@pytest.mark.parametrize(("content", "line", "fragment"), [
    ("x1,x2,label\n0,0,0\n1,abc,1\n", 3, "'abc' is not a number"),
    ("x1,x2,label\n0,0\n", 2, "expected 3 columns (x1,x2,label), found 2"),
    ("x1,x2,label\n0,0,0,9\n", 2, "found 4"),
    ("x,y\n1,2,3\n", 2, "expected 2 columns (x,y), found 3"),
    ("x1,x2,label\n0,nan,1\n", 2, "'nan' is not a finite number"),
    ("x1,x2,label\n-Infinity,0,1\n", 2, "not a finite number"),
    ("x,y\n1e999,0\n", 2, "'1e999' is too large"),
    ("x1,x2,label\n0,0,1.5\n", 2, "label '1.5' is not a whole number"),
    ("x1,x2,label\n0,0,0\n0,0,8\n", 3, "label 8 is outside 0..7"),
    ("x1,x2,label\n0,0,-1\n", 2, "label -1 is outside 0..7"),
    ("x1,x2,label\n0,0,one\n", 2, "'one' is not a number"),
    ("x1,x2,label\n0,,1\n", 2, "x2 is empty"),
    ("x,y\n1_000,2\n", 2, "is not a number"),
    ("x,y\n\u0663,2\n", 2, "is not a number"),  # an Arabic-Indic digit, which float() would take
    ("x1,x2,label\n", None, "has no points"),
    ("x1,x2,label\n\n\n", None, "has no points"),
    ("", None, "has no points"),
    ("  \n\n", None, "has no points"),
    ("a,b,c\n1,2,0\n", 1, "the header must be 'x1,x2,label' (classification) or 'x,y'"),
    ("0.5,0.5,1\n", 1, "the header must be"),
    ("x1;x2;label\n0;0;0\n", 1, "separated by commas"),
    ("\n\nx,y,z\n", 3, "the header must be"),
])
def test_bad_csv_is_refused_with_its_line(tmp_path, content, line, fragment):
    fails(load_dataset_csv, write(tmp_path, "moons.csv", content), fragment, line)


def test_binary_csv_is_refused_with_the_line_of_the_first_bad_byte(tmp_path):
    fails(load_dataset_csv, write(tmp_path, "a.csv", b"x1,x2,label\n0,0,0\n\x00\x01\x02"), "binary", 3)
    err = fails(load_dataset_csv, write(tmp_path, "b.csv", b"x,y\n0,1\n0,\xff\n"), "not UTF-8", 3)
    assert "0xff" in err.problem
    fails(load_session, write(tmp_path, "c.json", b'{\n"format": 1,\n"\xc3"}'), "not UTF-8", 3)


def test_too_many_rows_is_refused_at_the_first_row_too_many(tmp_path, monkeypatch):
    monkeypatch.setattr(csv_data, "MAX_ROWS", 5)
    monkeypatch.setattr(session_file, "MAX_ROWS", 5)
    rows = "".join(f"{i},0,0\n" for i in range(5))
    assert len(load_dataset_csv(write(tmp_path, "five.csv", "x1,x2,label\n" + rows))) == 5
    fails(load_dataset_csv, write(tmp_path, "six.csv", "x1,x2,label\n" + rows + "5,0,0\n"),
          "more than 5 points", 7)
    payload = valid_payload()
    payload["dataset"]["X"] *= 2
    payload["dataset"]["y"] *= 2
    payload["roles"] = None
    fails(load_session, write(tmp_path, "big.json", json.dumps(payload)), "more than 5 points")


# ------------------------------------------------------------------------------ unreadable files


@pytest.mark.parametrize("load", [load_dataset_csv, load_session, load_any, sniff])
def test_missing_file_and_folder(tmp_path, load):
    fails(load, tmp_path / "gone.lesson", "no such file")
    (tmp_path / "folder.lesson").mkdir()
    fails(load, tmp_path / "folder.lesson", "is a folder")


def test_a_pipe_is_refused_without_blocking(tmp_path):
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes here")
    os.mkfifo(tmp_path / "pipe.csv")
    fails(load_dataset_csv, tmp_path / "pipe.csv", "not a regular file")


def test_permission_denied(tmp_path, monkeypatch):
    path = write(tmp_path, "locked.csv", "x,y\n1,2\n")

    def denied(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(reading, "open", denied, raising=False)
    fails(load_dataset_csv, path, "permission denied")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_permission_denied_for_real(tmp_path):
    path = write(tmp_path, "locked.csv", "x,y\n1,2\n")
    path.chmod(0)
    fails(load_dataset_csv, path, "permission denied")


@pytest.mark.parametrize("load", [load_dataset_csv, load_session, load_any])
def test_a_file_over_max_bytes_is_refused_without_reading_it(tmp_path, monkeypatch, load):
    path = tmp_path / "huge.dat"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)  # sparse: takes no disk space

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(reading, "open", never, raising=False)
    fails(load, path, "files over 50 MB are not opened")


def test_file_format_error_reads_well_and_pickles():
    err = FileFormatError("/data/moons.csv", "'abc' is not a number", 7)
    assert str(err) == "moons.csv, line 7: 'abc' is not a number"
    assert isinstance(err, ValueError) and err.path == "/data/moons.csv"
    assert str(FileFormatError(Path("a/b.json"), "no such file")) == "b.json: no such file"
    again = pickle.loads(pickle.dumps(err))
    assert (again.path, again.line, again.problem) == (err.path, err.line, err.problem)


# ---------------------------------------------------------------------------------- bad sessions


def spoil(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """A change to the valid payload: set the dotted `path` to `value`, or delete it if value is DELETE."""
    keys = path.split(".")

    def change(payload: dict[str, Any]) -> None:
        target = payload
        for k in keys[:-1]:
            target = target[k]
        if value is DELETE:
            del target[keys[-1]]
        else:
            target[keys[-1]] = value

    return change


DELETE = object()


@pytest.mark.parametrize(("change", "fragment"), [
    (spoil("format", DELETE), "has no format version"),
    (spoil("format", 7), "format 7 is newer than this visualnet understands (1)"),
    (spoil("format", "1"), "format '1' is not a version number"),
    (spoil("format", True), "format true is not a version number"),
    (spoil("format", 0), "format 0 is not a visualnet format"),
    (spoil("app", "other"), "was written by 'other'"),
    (spoil("dataset", DELETE), "has no dataset"),
    (spoil("dataset", [1, 2]), "dataset must be an object"),
    (spoil("dataset.task", "clustering"), "dataset.task must be 'classification' or 'regression'"),
    (spoil("dataset.task", ["x"]), "dataset.task must be"),
    (spoil("dataset.X", [[0, 0], [1, 0, 5], [0, 1], [1, 1]]), "dataset.X[1] has 3 numbers, expected 2"),
    (spoil("dataset.X", [[0, 0], [1, "0"], [0, 1], [1, 1]]), "dataset.X[1][1] is '0', not a number"),
    (spoil("dataset.X", [[0, 0], [1, True], [0, 1], [1, 1]]), "dataset.X[1][1] is true, not a number"),
    (spoil("dataset.X", [0, 0, 1, 1]), "list of [x1, x2] points"),
    (spoil("dataset.X", [[[0, 0]], [0, 1]]), "dataset.X[0][0] is a list, not a number"),
    (spoil("dataset.X", {"a": 1}), "dataset.X must be a list of numbers, not an object"),
    (spoil("dataset.y", [0, 1, 8, 0]), "dataset.y[2] is 8, not a class label 0..7"),
    (spoil("dataset.y", [0, 1, 1.0, 0]), "dataset.y[2] is 1.0"),
    (spoil("dataset.y", [0, 1, False, 0]), "dataset.y[2] is false"),
    (spoil("dataset.y", [0, 1]), "dataset.y has 2 entries for 4 points"),
    (spoil("dataset.y", DELETE), "dataset.y must be a list, not null"),
    (spoil("dataset.n_classes", 1), "dataset.n_classes must be a whole number in 2..8"),
    (spoil("dataset.n_classes", 9), "dataset.n_classes must be a whole number in 2..8"),
    (spoil("dataset.task", "regression"), "dataset.y[1] is 1, not 0"),
    (spoil("roles", [0, 1]), "roles has 2 entries for 4 points"),
    (spoil("roles", [0, 1, 3, 0]), "roles[2] is 3, not a role"),
    (spoil("roles", "train"), "roles must be a list"),
    (spoil("config", [1]), "config must be an object"),
    (spoil("config.model", "CNN"), "config.model is 'CNN'; choose from Perceptron, MLP"),
    (spoil("config.hidden", []), f"config.hidden must be a list of 1 to {MAX_HIDDEN_LAYERS} whole numbers"),
    (spoil("config.hidden", [8] * (MAX_HIDDEN_LAYERS + 1)),
     f"config.hidden must be a list of 1 to {MAX_HIDDEN_LAYERS}"),
    (spoil("config.hidden", [8, 0]),
     f"config.hidden[1] must be a whole number in 1..{MAX_HIDDEN_WIDTH}, not 0"),
    (spoil("config.hidden", [MAX_HIDDEN_WIDTH + 1]),
     f"config.hidden[0] must be a whole number in 1..{MAX_HIDDEN_WIDTH}"),
    (spoil("config.hidden", [8.0]), "config.hidden[0] must be a whole number"),
    (spoil("config.activation", "mish"), "config.activation is 'mish'; choose from"),
    (spoil("config.optimizer", "LBFGS"), "config.optimizer is 'LBFGS'; choose from"),
    (spoil("config.init", "uniform"), "config.init is 'uniform'; choose from auto, he, xavier"),
    (spoil("config.init", -1), "config.init must be one of auto, he, xavier, zeros or a standard deviation"),
    (spoil("config.features", []), "config.features must be a list of 1 to 7 input features"),
    (spoil("config.features", ["x1", "x3"]), "config.features[1] is 'x3'; choose from x1, x2, x1sq"),
    (spoil("config.features", ["x1", "X1"]), "config.features names the input feature x1 twice"),
    (spoil("config.penalty", "l3"), "config.penalty is 'l3'; choose from none, l2, l1"),
    (spoil("config.penalty_rate", -0.1), "config.penalty_rate must be a number in 0..10"),
    (spoil("config.penalty_rate", 11), "config.penalty_rate must be a number in 0..10"),
    (spoil("config.dropout", 0.5), "config.dropout must be a list of at most 6 dropout ratios"),
    (spoil("config.dropout", [0.5, 0.95]), "config.dropout[1] is 0.95: a dropout ratio is a number from"),
    (spoil("config.dropout", [-0.1]), "config.dropout[0] is -0.1: a dropout ratio"),
    (spoil("config.lr", 0), "config.lr must be a number in 1e-06..1000, not 0"),
    (spoil("config.lr", 1001.0), "config.lr must be a number in 1e-06..1000"),
    (spoil("config.lr", -0.1), "config.lr must be a number in 1e-06..1000, not -0.1"),
    (spoil("config.lr", "0.1"), "config.lr must be a number"),
    (spoil("config.batch_size", 0), "config.batch_size must be a whole number in 1..100,000"),
    (spoil("config.split", [8]), "config.split must be a list of 2 to 3 whole numbers"),
    (spoil("config.split", [8, -1]), "config.split[1] must be a whole number in 0..1,000"),
    (spoil("config.split", [0, 2]), "config.split gives training no share"),
    (spoil("config.split", [8, 1001]), "config.split[1] must be a whole number in 0..1,000"),
    (spoil("config.seed", -1), "config.seed must be a whole number in 0..2,147,483,647"),
    (spoil("config.seed", 2**31), "config.seed must be a whole number"),
    (spoil("config.hyper", {"momentum": -1}), "config.hyper.momentum must be a number from 0 up to"),
    (spoil("config.hyper", {"beta1": 1.0}), "config.hyper.beta1 must be a number from 0 up to (not incl"),
    (spoil("config.hyper", {"later": 1e9}), "config.hyper.later must be a number in -1e+06..1e+06"),
    (spoil("config.hyper", {"bad key": 1}), "config.hyper has a bad name 'bad key'"),
    (spoil("config.hyper", [1]), "config.hyper must be an object"),
    (spoil("weights", [1]), "weights must be an object"),
    (spoil("weights.W1", [[[1.0]]]), "weights.W1[0][0] is a list, not a number"),
    (spoil("weights.W1", [[1.0, 2.0], [3.0]]), "weights.W1[1] has 1 numbers, expected 2"),
    (spoil("weights.W1", [[1.0, None]]), "weights.W1[0][1] is null, not a number"),
    (spoil("weights.W1", "big"), "weights.W1 must be a list of numbers, not 'big'"),
    (spoil("weights.no good", [1.0]), "weights has a bad name 'no good'"),
    (spoil("preset", 5), "preset must be text"),
    (spoil("preset", "\ud800"), "preset must be text"),
])
def test_bad_session_is_refused(tmp_path, change, fragment):
    payload = valid_payload()
    change(payload)
    path = write(tmp_path, "lesson.json", json.dumps(payload, indent=1))
    with pytest.raises(FileFormatError) as info:
        load_session(path)
    assert str(info.value).startswith("lesson.json: ")
    if fragment is not None:
        assert fragment in info.value.problem


def test_weights_over_the_budget_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(session_file, "MAX_WEIGHTS", 5)
    payload = valid_payload()  # W1 (4 numbers) fits; b1 (2 more) does not
    fails(load_session, write(tmp_path, "w.json", json.dumps(payload)),
          "the weights hold more than 5 numbers in all (weights.b1 is past the limit)")


@pytest.mark.parametrize(("content", "line", "fragment"), [
    ('{\n"format": 1,\n"dataset": [1,,2]\n}', 3, "is not valid JSON (Expecting value)"),
    ("", 1, "is not valid JSON"),
    ('{"format": 1, "dataset": {"task": "regression", "X": [[NaN, 0]], "y": [0]}}', None,
     "NaN is not allowed"),
    ('{"format": 1, "x": -Infinity}', None, "-Infinity is not allowed"),
    ('{"format": 1, "dataset": {"task": "regression", "X": [[1e999, 0]], "y": [0]}}', None,
     "dataset.X has a number that is not finite"),
    ('{"format": 1, "x": ' + "9" * 5000 + "}", None, "has too many digits"),
    ("[" * 200_000 + "]" * 200_000, None, "is nested too deeply"),
    ("[1, 2]", None, "is not a visualnet session (expected a JSON object)"),
    ('"text"', None, "is not a visualnet session"),
])
def test_bad_json_is_refused(tmp_path, content, line, fragment):
    fails(load_session, write(tmp_path, "s.json", content), fragment, line)


def test_unknown_keys_are_ignored_and_names_are_made_canonical(tmp_path):
    payload = valid_payload()
    payload["future"] = {"anything": [1, 2, {"deep": None}]}
    payload["dataset"]["colour"] = "red"
    payload["config"] |= {"batch_norm": 0.5, "optimizer": "adam", "activation": "Leaky-ReLU", "init": "He",
                          "penalty": "L2", "features": ["x2", "X1"]}
    payload["meta"] |= {"note": [1, 2], "author": "Ada", "lines": 3}
    doc = load_session(write(tmp_path, "s.json", json.dumps(payload)))
    assert "batch_norm" not in doc.config
    assert doc.config["penalty"] == "l2" and doc.config["features"] == ["x1", "x2"]  # in NAMES order
    names = doc.config["optimizer"], doc.config["activation"], doc.config["init"]
    assert names == ("Adam", "leaky_relu", "he")
    assert doc.meta == {"app_version": "0.1.0", "author": "Ada", "lines": 3}  # odd entries dropped


def test_missing_settings_stay_missing(tmp_path):
    payload = valid_payload()
    payload["config"] = {"lr": 0.5}
    for key in ("roles", "weights", "preset", "meta", "app"):
        del payload[key]
    del payload["dataset"]["n_classes"]
    doc = load_session(write(tmp_path, "s.json", json.dumps(payload)))
    assert doc.config == {"lr": 0.5} and doc.roles is None and doc.weights is None and doc.meta == {}
    assert doc.dataset.n_classes == 2


def test_the_settings_know_every_activation_and_optimizer_of_the_core():
    for name in activations.NAMES:  # any case, '-' or ' ' for '_': spelled back as the core spells it
        spelled = name.upper().replace("_", "-")
        assert files.check_settings({"activation": spelled}) == {"activation": name}
    for name, defaults in optimizers.DEFAULTS.items():
        assert files.check_settings({"optimizer": f" {name.lower()} "}) == {"optimizer": name}
        hyper = {k: v for k, v in defaults.items() if k != "lr"}
        assert files.check_settings({"hyper": hyper}) == {"hyper": hyper}
        for key in hyper:  # each weighs the past against the present: 1 would never forget
            with pytest.raises(ValueError, match=f"hyper.{key} must be a number from 0 up to"):
                files.check_settings({"hyper": {**hyper, key: 1.0}})
    with pytest.raises(ValueError, match="choose from " + ", ".join(activations.NAMES)):
        files.check_settings({"activation": "mish"})


# ----------------------------------------------------------------------------------------- saving


def test_saving_what_would_not_load_again_is_refused_and_writes_nothing(tmp_path):
    ds = PRESETS["XOR"].make()
    path = tmp_path / "s.json"
    for doc in (
        SessionDocument(ds, weights={"W1": np.array([1.0, np.nan])}),
        SessionDocument(ds, weights={"W1": np.ones((2, 2, 2))}),
        SessionDocument(ds, roles=np.array([0, 1])),
        SessionDocument(ds, config={"lr": -1.0}),
        SessionDocument(ds, meta={"when": datetime.now()}),
    ):
        with pytest.raises(ValueError, match=r"cannot save s\.json"):
            save_session(path, doc)
    assert not path.exists() and list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="no points"):
        save_dataset_csv(tmp_path / "e.csv", Dataset(np.empty((0, 2)), np.empty(0, np.int64)))
    with pytest.raises(ValueError, match="labels go from 0 to 7"):
        save_dataset_csv(tmp_path / "e.csv", Dataset(np.zeros((1, 2)), [9], n_classes=10))
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------- atomic writes


def test_atomic_write_replaces_and_keeps_permissions(tmp_path):
    path = write(tmp_path, "a.csv", "old")
    path.chmod(0o640)
    atomic_write_text(path, "new\n")
    assert path.read_text() == "new\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.csv"]
    atomic_write_bytes(tmp_path / "b.bin", b"\x00\xff")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"


def test_atomic_write_through_a_symlink_keeps_the_link(tmp_path):
    target = write(tmp_path, "real.csv", "old")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    atomic_write_text(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


@pytest.mark.parametrize(("where", "error"), [
    ("replace", OSError(28, "No space left on device")),
    ("fsync", OSError(5, "Input/output error")),
    ("fsync", KeyboardInterrupt()),  # even an interrupt mid-write cleans up
])
def test_a_failed_write_leaves_the_original_untouched_and_no_temp_file(tmp_path, monkeypatch, where, error):
    path = write(tmp_path, "lesson.json", "original")

    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(atomic.os, where, fail)
    with pytest.raises(type(error)):
        save_session(path, document(PRESETS["XOR"].make()))
    monkeypatch.undo()
    assert path.read_text() == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["lesson.json"]


def test_a_write_that_dies_half_way_leaves_the_original(tmp_path, monkeypatch):
    path = write(tmp_path, "d.csv", "x,y\n1,2\n")
    real_fdopen = os.fdopen

    class HalfFile:
        """A file that writes half of what it is given, then fails like a full disk."""

        def __init__(self, fd: int, mode: str) -> None:
            self.f = real_fdopen(fd, mode)

        def __enter__(self) -> HalfFile:
            return self

        def __exit__(self, *exc: object) -> None:
            self.f.close()

        def write(self, data: bytes) -> None:
            self.f.write(data[: len(data) // 2])
            self.f.flush()
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", HalfFile)
    with pytest.raises(OSError, match="No space"):
        save_dataset_csv(path, PRESETS["Sine"].make())
    monkeypatch.undo()
    assert path.read_text() == "x,y\n1,2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["d.csv"]


def test_files_imports_without_qt():
    code = ("import sys; sys.modules['PySide6'] = sys.modules['pyqtgraph'] = None; "
            "import visualnet.files; "
            "assert not any(m.startswith(('PySide6.', 'pyqtgraph.')) for m in sys.modules)")
    subprocess.run([sys.executable, "-c", code], check=True)


# ------------------------------------------------------------------------- fuzzing: only FileFormatError


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One folder for all fuzz files (hypothesis reruns a test body many times within one fixture)."""
    return tmp_path_factory.mktemp("fuzz")


def load_or_refuse(path: Path, data: bytes) -> None:
    """Write `data` to `path`, then both loaders either return valid results or raise FileFormatError."""
    path.write_bytes(data)
    for load, check in ((load_dataset_csv, assert_valid_dataset), (load_session, assert_valid_document),
                        (load_any, assert_valid_document)):
        try:
            result = load(path)
        except FileFormatError as e:
            assert e.problem and str(e).startswith(path.name)
        else:
            check(result)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes(fuzz_dir, data):
    load_or_refuse(fuzz_dir / "random.bin", data)


@FUZZ
@given(st.text(max_size=300) | st.text(alphabet="xylabe12,.-+e \n\r\t0123456789naif{}[]\":", max_size=300))
def test_random_text(fuzz_dir, text):
    load_or_refuse(fuzz_dir / "random.txt", text.encode("utf-8", "surrogatepass"))


def valid_files() -> list[bytes]:
    """Valid files of both kinds to corrupt."""
    out = []
    for name, n in (("XOR clouds", 6), ("Spirals", 5), ("Sine", 4)):
        ds = PRESETS[name].make(n=n)
        body = "\n".join([",".join(files.CSV_HEADERS[ds.task]),
                          *(",".join(map(repr, row)) for row in ds.X.tolist())])
        if ds.task == "classification":
            body = "\n".join([body.split("\n")[0], *(f"{line},{k}" for line, k in
                                                      zip(body.split("\n")[1:], ds.y.tolist(), strict=True))])
        out.append(body.encode())
    out.append(json.dumps(valid_payload(), indent=1).encode())
    return out


VALID = valid_files()


def test_the_files_the_fuzzer_corrupts_are_valid(fuzz_dir):
    for data in VALID:
        (fuzz_dir / "valid.dat").write_bytes(data)
        assert_valid_document(load_any(fuzz_dir / "valid.dat"))


@st.composite
def corrupted(draw: st.DrawFn) -> bytes:
    """A valid file, truncated, with flipped, inserted or deleted bytes, or with two fields swapped."""
    data = bytearray(draw(st.sampled_from(VALID)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "swap"]))
        i = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "truncate":
            del data[i:]
        elif op == "flip" and data:
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[i:i] = draw(st.binary(min_size=1, max_size=4) | st.sampled_from([b",", b"\n", b"-", b"."]))
        elif op == "delete":
            del data[i : i + draw(st.integers(1, 4))]
        elif op == "swap":
            fields = bytes(data).split(b",")
            if len(fields) > 1:
                a, b = draw(st.lists(st.integers(0, len(fields) - 1), min_size=2, max_size=2, unique=True))
                fields[a], fields[b] = fields[b], fields[a]
                data = bytearray(b",".join(fields))
    return bytes(data)


@FUZZ
@given(corrupted())
def test_corrupted_valid_files(fuzz_dir, data):
    load_or_refuse(fuzz_dir / "corrupt.dat", data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every key / index path into a JSON value."""
    out = [prefix] if prefix else []
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for k, v in items:
        out += _paths(v, (*prefix, k))
    return out


PAYLOAD_PATHS = _paths(valid_payload())


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(PAYLOAD_PATHS), JSON_VALUES), min_size=1, max_size=3))
def test_session_with_random_values_in_its_fields(fuzz_dir, changes):
    payload = valid_payload()
    for path, value in changes:
        target = payload
        try:
            for k in path[:-1]:
                target = target[k]
            target[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this place
    load_or_refuse(fuzz_dir / "fields.json", json.dumps(payload).encode())
