"""The forward-pass inspector with input features and dropout: its numbers are the model's."""

from __future__ import annotations

import numpy as np

from visualnet.core.mlp import MLP
from visualnet.presenters import inspector as present
from visualnet.presenters import inspector_text as text

FEATURES = ("x1", "x1sq", "x1x2", "sinx2")


def _model(dropout: float = 0.0) -> MLP:
    model = MLP([len(FEATURES), 5, 4, 3], activation="tanh", features=FEATURES, seed=2)
    model.dropout = [dropout, 0.0]
    return model


def _points() -> np.ndarray:
    return np.random.default_rng(1).normal(size=(6, 2))


def test_the_pass_starts_from_the_feature_columns_and_ends_at_the_models_scores() -> None:
    model, X = _model(dropout=0.3), _points()
    p = present.forward_pass(model, X, np.array([0, 1, 2, 0, 1, 2]))
    assert isinstance(p, present.NetworkPass)
    x1, x2 = X[:, 0], X[:, 1]
    np.testing.assert_array_equal(p.inputs, np.column_stack([x1, x1 * x1, x1 * x2, np.sin(x2)]))
    np.testing.assert_array_equal(p.points, X)
    np.testing.assert_array_equal(p.scores, model.scores(X))  # dropout's evaluation scaling included
    assert p.layers[0].keep == 0.7 and p.layers[1].keep == 1.0
    np.testing.assert_array_equal(p.layers[1].inputs, p.layers[0].Z * 0.7)


def test_copy_as_numpy_reproduces_the_scores_bit_for_bit() -> None:
    model, X = _model(dropout=0.5), _points()
    p = present.forward_pass(model, X, np.array([0, 1, 2, 0, 1, 2]))
    code = present.numpy_code(p)
    assert "np.column_stack" in code and "* 0.5" in code
    scope: dict[str, object] = {}
    exec(code, scope)  # the code the app hands a learner
    np.testing.assert_array_equal(scope["scores"], model.scores(X))
    assert scope["loss"] == p.loss.value  # type: ignore[union-attr]


def test_the_text_names_the_features_and_the_dropout_scaling() -> None:
    p = present.forward_pass(_model(dropout=0.25), _points()[:1])
    words = " ".join(str(part) for _, part in text.sections(p))
    assert "x₁²" in words and "sin x₂" in words
    assert "1 − 0.25 = 0.75" in words


def test_without_features_the_pass_is_as_before() -> None:
    model = MLP([2, 3, 2], seed=0)
    X = _points()
    p = present.forward_pass(model, X)
    assert isinstance(p, present.NetworkPass) and p.points is None and p.features is None
    np.testing.assert_array_equal(p.inputs, X)
    np.testing.assert_array_equal(p.scores, model.scores(X))
