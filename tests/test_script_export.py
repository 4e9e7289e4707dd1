"""The exported script repeats the app's run: run it in a subprocess, compare the final loss bit for bit."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from visualnet import script_export
from visualnet.session import ROLE_TEST, ROLE_TRAIN, ROLE_VAL, Config, Session

# the app trains in chunks (speed iterations per frame, 500 per snapshot chunk); the script in one call.
# Chunking changes which iterations the history records, never the parameter updates.
CHUNKS = (1, 7, 1, 50, 3, 200, 500)


def train_like_the_app(session: Session, steps: int) -> None:
    """Step the session in uneven chunks until `steps` iterations are done."""
    done, chunks = 0, iter(CHUNKS * 100)
    while done < steps:
        report = session.step(min(next(chunks), steps - done))
        assert report is not None and report.diverged is None
        done += report.iterations_done


def run_script(session: Session, tmp_path: Path, preset: str | None = None) -> dict[str, str]:
    """Export the session's run, run the script with this interpreter, return its `name: value` lines."""
    path = tmp_path / "run.py"
    written = script_export.export_script(script_export.run_document(session, preset),
                                          session.trainer.iteration, path)
    assert written[0] == path
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}  # the script sets it itself
    result = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    return dict(line.split(": ", 1) for line in result.stdout.splitlines())


def app_loss(session: Session) -> float:
    """The final training loss the app shows (the history's last record)."""
    return float(session.history.train_loss[-1])


def assert_same_loss(printed: dict[str, str], session: Session) -> None:
    # repr round-trips a float exactly, so the printed text must be the app's number, bit for bit
    assert int(printed["iterations"]) == session.trainer.iteration
    assert printed["final training loss"] == repr(app_loss(session))
    X, t, *_ = session.role_arrays()
    model = session.model
    data_loss = model.data_loss(X, t) if hasattr(model, "data_loss") else model.loss(X, t)  # no penalty
    assert float(printed["final training loss"]) == float(data_loss)


def test_mlp_classification_with_adam_and_a_three_way_split(tmp_path):
    config = Config(hidden=(6, 4), activation="tanh", optimizer="Adam", lr=0.02, batch_size=16,
                    split=(6, 2, 2), seed=3)
    session = Session.from_preset("Moons", config, seed=3)
    train_like_the_app(session, 400)
    assert session.role_counts()[1] > 0  # a validation set exists and is passed on
    printed = run_script(session, tmp_path, "Moons")
    assert_same_loss(printed, session)
    assert app_loss(session) < 0.5  # it did learn: the comparison is not between two untrained nets


def test_mlp_with_momentum_hyperparameter_and_a_set_init(tmp_path):
    config = Config(hidden=(8,), activation="relu", optimizer="Momentum", lr=0.05,
                    hyper={"momentum": 0.7}, init=0.3, seed=11)
    session = Session.from_preset("XOR clouds", config, seed=11)
    train_like_the_app(session, 300)
    text = script_export.python_script(script_export.run_document(session), 300)
    assert "momentum=0.7" in text and "init=0.3" in text
    assert_same_loss(run_script(session, tmp_path), session)


@pytest.mark.parametrize("activation", ["swish", "gelu", "elu", "softplus"])
def test_newer_activations_are_exported_and_run(tmp_path, activation):
    config = Config(hidden=(6, 5), activation=activation, optimizer="Adam", lr=0.02, batch_size=16, seed=4)
    session = Session.from_preset("Moons", config, seed=4)
    train_like_the_app(session, 150)
    text = script_export.python_script(script_export.run_document(session), 150)
    assert f'activation="{activation}"' in text
    assert "# He initial weights" in text  # ReLU's smooth relatives start as ReLU does
    assert_same_loss(run_script(session, tmp_path, "Moons"), session)


def test_regression_preset(tmp_path):
    session = Session.from_preset("Sine", Config(hidden=(16,), activation="tanh", lr=0.05))
    assert session.task == "regression"
    train_like_the_app(session, 600)
    assert_same_loss(run_script(session, tmp_path, "Sine"), session)


@pytest.mark.parametrize("steps", [2, 25])
def test_perceptron_on_and(tmp_path, steps):
    session = Session.from_preset("AND", Config(model="Perceptron", lr=0.1))
    train_like_the_app(session, steps)
    printed = run_script(session, tmp_path, "AND")
    assert_same_loss(printed, session)
    # the loss reaches 0 once the line separates AND: compare the line itself too
    line = printed["the line w·x + b = 0"]
    w_text, b_text = line.removeprefix("w = ").split(", b = ")
    assert ast.literal_eval(w_text) == session.model.w.tolist()
    assert float(b_text) == session.model.b


def test_large_dataset_goes_to_a_csv_beside_the_script(tmp_path):
    session = Session.from_preset("Blobs", Config(hidden=(4,)), n=script_export.INLINE_MAX_POINTS + 500)
    train_like_the_app(session, 60)
    printed = run_script(session, tmp_path)
    assert (tmp_path / "run_data.csv").is_file()
    assert "np.loadtxt" in (tmp_path / "run.py").read_text()
    assert len((tmp_path / "run.py").read_text().splitlines()) < 80  # the points are not inline
    assert_same_loss(printed, session)


def test_edited_roles_and_weights_from_a_file_are_carried(tmp_path):
    session = Session.from_preset("Circles", Config(hidden=(5,), seed=2), n=60)
    doc = session.to_document()  # as if opened from a saved session with its own roles and weights
    doc.roles[:] = ROLE_TRAIN
    doc.roles[::5], doc.roles[1::9] = ROLE_TEST, ROLE_VAL
    doc.weights = {k: v + 0.05 for k, v in doc.weights.items()}
    session.apply_document(doc)
    train_like_the_app(session, 120)
    text = script_export.python_script(script_export.run_document(session), 120)
    assert "role = points[:, 3]" in text and "start = {" in text
    assert_same_loss(run_script(session, tmp_path), session)


def test_inline_data_is_exact_and_seeded_weights_are_not_written_out():
    session = Session.from_preset("Spirals", n=30)
    text = script_export.python_script(script_export.run_document(session), 10)
    assert "start = {" not in text  # the seed gives them
    assert "split_indices" in text
    compile(text, "run.py", "exec")
    literal = text[text.index("points = np.array(") + len("points = np.array("): text.index("])\n") + 1]
    rows = np.array(ast.literal_eval(literal))
    np.testing.assert_array_equal(rows[:, :2], session.dataset.X)
    np.testing.assert_array_equal(rows[:, 2], session.dataset.y)


def test_data_csv_reads_back_exactly():
    session = Session.from_preset("Moons", n=40)
    session.roles[:] = ROLE_TRAIN
    session.roles[::7] = ROLE_TEST  # roles no split would draw: they travel as a column
    text = script_export.data_csv(script_export.run_document(session))
    header, *rows = text.splitlines()
    assert header == "x1,x2,label,role"
    table = np.array([[float(v) for v in row.split(",")] for row in rows])
    np.testing.assert_array_equal(table[:, :2], session.dataset.X)
    np.testing.assert_array_equal(table[:, 3], session.roles)


def test_untrainable_session_is_refused():
    session = Session.from_preset("Moons", n=20)
    session.remove_points(np.flatnonzero(session.dataset.y == 1))  # one class left
    with pytest.raises(ValueError, match="cannot be trained"):
        script_export.python_script(session.to_document(), 10)
    with pytest.raises(ValueError):
        script_export.python_script(script_export.run_document(Session()), -1)


def test_a_schedule_and_early_stopping_are_exported(tmp_path):
    from visualnet.core.schedules import Schedule
    from visualnet.core.stopping import StopRule

    config = Config(hidden=(8,), activation="tanh", optimizer="SGD", lr=0.3, batch_size=10, split=(6, 2, 2))
    session = Session.from_preset("Moons", config, seed=2)
    session.set_schedule(Schedule("cosine", every=20, floor=0.05))
    session.set_stop_rule(StopRule(epochs=25, patience=4, restore_best=True))
    done = 0
    while done < 2000:  # frame by frame until a stop condition ends the run
        report = session.step(37)
        assert report is not None
        done += report.iterations_done
        if report.stopped:
            break
    assert report.stopped is not None
    printed = run_script(session, tmp_path, "Moons")
    assert_same_loss(printed, session)


def test_features_penalty_and_dropout_are_exported(tmp_path):
    config = Config(hidden=(8, 6), activation="tanh", optimizer="Adam", lr=0.02, batch_size=12, seed=5,
                    features=("x1", "x2", "x1sq", "x2sq", "x1x2"), penalty="l2", penalty_rate=0.003,
                    dropout=(0.3, 0.1))
    session = Session.from_preset("Circles", config, seed=5)
    train_like_the_app(session, 300)
    text = script_export.python_script(script_export.run_document(session), 300)
    assert 'features=("x1", "x2", "x1sq", "x2sq", "x1x2")' in text and "x₁², x₂², x₁x₂" in text
    assert 'model.penalty, model.penalty_rate = "l2", 0.003' in text
    assert "model.dropout = [0.3, 0.1]" in text
    printed = run_script(session, tmp_path, "Circles")
    assert_same_loss(printed, session)
    assert printed["penalty"] == repr(float(session.history.penalty[-1])) != "0.0"
    assert app_loss(session) < 0.6


def test_l1_and_zeros_init_are_exported(tmp_path):
    config = Config(hidden=(5,), activation="sigmoid", optimizer="SGD", lr=0.5, init="zeros",
                    penalty="l1", penalty_rate=0.01, seed=2)
    session = Session.from_preset("XOR clouds", config, seed=2)
    session.configure(features=("sinx1",))  # one feature: a one-element tuple in the script
    train_like_the_app(session, 120)
    text = script_export.python_script(script_export.run_document(session), 120)
    assert 'init="zeros"' in text and '"l1", 0.01' in text and 'features=("sinx1",)' in text
    printed = run_script(session, tmp_path)
    assert_same_loss(printed, session)
    assert printed["penalty"] == repr(float(session.history.penalty[-1]))
