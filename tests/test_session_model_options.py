"""The session's model options of issue 18: input features, L1/L2 penalty, dropout, zeros init; files."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.test_session import recorder
from visualnet import files
from visualnet.core import features
from visualnet.session import Config, Session


def test_the_defaults_are_the_network_of_before():
    s = Session()
    assert s.config.features == ("x1", "x2") and s.config.penalty == "none"
    assert s.config.penalty_rate == 0.001 and s.config.dropout == ()
    assert s.model.sizes == [2, 8, 8, 2] and s.model.features == ("x1", "x2")
    assert s.model.penalty == "none" and s.model.dropout == [0.0, 0.0]


def test_features_build_a_new_input_layer():
    s = Session()
    s.step(5)
    seen = recorder(s)
    assert s.configure(features=["x1sq", "x1", "sinx2"]) is True  # any order in, NAMES order kept
    assert s.config.features == ("x1", "x1sq", "sinx2")
    assert s.model.features == ("x1", "x1sq", "sinx2") and s.model.sizes == [3, 8, 8, 2]
    assert s.model.params["W1"].shape == (3, 8) and s.model.n_inputs == 2
    assert "model_reset" in seen and s.trainer.iteration == 0
    X = s.dataset.inputs()
    np.testing.assert_array_equal(s.model.input_columns(X)[:, 1], X[:, 0] ** 2)
    assert s.step(20) is not None and s.trainer.iteration == 20


def test_features_are_checked():
    s = Session()
    for bad, words in (([], "1 to 7"), (["x1", "x9"], "x9"), (["x1", "x1"], "twice"), ("x1", "list")):
        with pytest.raises(ValueError, match=words):
            s.configure(features=bad)
    assert s.config.features == ("x1", "x2")


def test_regression_and_the_perceptron_ignore_features():
    s = Session.from_preset("Sine", config=Config(features=("x1", "x1sq")))
    assert s.model.sizes[0] == 1 and s.model.features is None
    assert s.step(5) is not None
    assert s.configure(features=("x2",)) is False  # kept for a classification dataset, no new network
    assert s.config.features == ("x2",) and s.trainer.iteration == 5
    p = Session.from_preset("AND", config=Config(model="Perceptron"))
    assert p.configure(features=("x1sq", "x2sq")) is False
    assert p.configure(model="MLP") is True and p.model.features == ("x1sq", "x2sq")


def test_penalty_and_dropout_change_in_place():
    s = Session()
    s.step(30)
    w = {k: v.copy() for k, v in s.model.params.items()}
    n_records = len(s.history.iteration)
    seen = recorder(s)
    assert s.configure(penalty="L2", penalty_rate=0.05, dropout=(0.5,)) is False
    assert seen == ["config_changed"]
    assert s.config.penalty == "l2" and s.config.dropout == (0.5,)
    assert s.model.penalty == "l2" and s.model.penalty_rate == 0.05 and s.model.dropout == [0.5, 0.0]
    assert s.trainer.iteration == 30 and len(s.history.iteration) == n_records
    for k in w:
        np.testing.assert_array_equal(w[k], s.model.params[k])
    # evaluation now scales the first hidden layer by 1 - 0.5: measured again, not the cached numbers
    X, t = s.trainer.X_train, s.trainer.t_train
    assert s.current_metrics().loss == pytest.approx(s.model.data_loss(X, t))
    s.step(10)
    assert s.history.penalty[-1] == pytest.approx(s.model.penalty_value()) and s.history.penalty[-1] > 0
    s.configure(penalty="none", dropout=())
    assert s.model.dropout == [0.0, 0.0] and s.model.penalty_value() == 0.0


def test_penalty_and_dropout_are_checked():
    s = Session()
    with pytest.raises(ValueError, match="penalty is 'l3'"):
        s.configure(penalty="l3")
    with pytest.raises(ValueError, match=r"penalty_rate must be a number in 0\.\.10"):
        s.configure(penalty_rate=11)
    with pytest.raises(ValueError, match=r"dropout\[0\] is 0.95"):
        s.configure(dropout=(0.95,))
    with pytest.raises(ValueError, match="at most 6"):
        s.configure(dropout=(0.1,) * 7)
    assert s.config == Config()


def test_zeros_init_gives_zero_weights():
    s = Session()
    assert s.configure(init="zeros") is True
    assert all(not np.any(v) for v in s.model.params.values())


def test_a_session_file_keeps_the_options(tmp_path):
    s = Session(config=Config(features=("x1", "x2", "x1x2"), penalty="l1", penalty_rate=0.02,
                              dropout=(0.25, 0.1), init="zeros", hidden=(5, 4)))
    s.step(15)
    path = tmp_path / "s.visualnet.json"
    files.save_session(path, s.to_document())
    back = Session()
    back.apply_document(files.load_session(path))
    assert back.config == s.config
    assert back.model.sizes == [3, 5, 4, 2] and back.model.dropout == [0.25, 0.1]
    assert back.model.penalty == "l1" and back.model.penalty_rate == 0.02
    for k, v in s.model.params.items():
        np.testing.assert_array_equal(back.model.params[k], v)


def test_an_older_file_reads_the_defaults(tmp_path):
    old = Session()
    doc = old.to_document()
    for key in ("features", "penalty", "penalty_rate", "dropout"):
        del doc.config[key]  # a file saved before these settings existed
    path = tmp_path / "old.visualnet.json"
    files.save_session(path, doc)
    s = Session(config=Config(features=("x1sq", "x2sq"), penalty="l2", dropout=(0.5,)))
    s.apply_document(files.load_session(path))
    defaults = Config()
    assert (s.config.features, s.config.penalty, s.config.penalty_rate, s.config.dropout) == (
        defaults.features, defaults.penalty, defaults.penalty_rate, defaults.dropout)
    assert s.model.sizes[0] == 2 and s.model.dropout == [0.0, 0.0]


def test_config_copies_keep_the_new_fields():
    config = Config(features=features.NAMES, penalty="l2", dropout=(0.3,))
    assert dataclasses.replace(config).features == features.NAMES
    assert files.check_settings(dataclasses.asdict(config))["features"] == features.NAMES


def test_resume_from_here_after_dropout_is_bit_for_bit():
    s = Session(config=Config(dropout=(0.5, 0.2), hidden=(8, 6)))
    for _ in range(4):
        s.step(10)
    first = s.model.theta.copy()
    history = s.history.train_loss.copy()
    s.show_iteration(13)
    s.resume_from_shown()
    assert s.trainer.iteration == 13
    s.step(7)
    for _ in range(2):
        s.step(10)
    np.testing.assert_array_equal(s.model.theta, first)
    assert s.history.train_loss[-1] == history[-1]
    # and the masks made a difference: the same run without dropout ends elsewhere
    plain = Session(config=Config(hidden=(8, 6)))
    plain.step(40)
    assert not np.allclose(plain.model.theta, first)


def test_a_new_penalty_or_dropout_is_measured_at_once_while_paused():
    s = Session(config=Config(activation="tanh"))
    s.step(50)
    before = s.history.train_loss[-1]
    n = len(s.history)
    s.configure(penalty="l2", penalty_rate=0.05)
    h = s.history
    assert len(h) == n and h.iteration[-1] == 50  # the newest record, measured again
    assert h.penalty[-1] == pytest.approx(s.model.penalty_value(), rel=1e-12) and h.penalty[-1] > 0
    assert h.train_loss[-1] == before  # the data loss of the same weights
    s.configure(dropout=(0.5, 0.5))
    assert s.history.train_loss[-1] == pytest.approx(s.trainer.evaluate().train_loss, rel=1e-12)
    assert s.history.train_loss[-1] != before  # evaluation scales by 1 − ratio now
