"""The gradient check's verdict and the views' gradients with an L1 penalty and with dropout."""

from __future__ import annotations

import numpy as np

from visualnet.core import fast_mlp
from visualnet.core import gradient_check as gc
from visualnet.core.functions import numerical_gradient
from visualnet.presenters import gradient_check as present
from visualnet.presenters.weights import displayed_arrays
from visualnet.session import Config, Session


def test_l1_weights_held_near_zero_are_named_as_the_kink_not_a_wrong_gradient():
    s = Session(config=Config(penalty="l1", penalty_rate=0.01, activation="tanh"))
    s.step(3500)
    near = sum(int((np.abs(s.model.params[f"W{i}"]) < present.H_DEFAULT).sum()) for i in (1, 2, 3))
    assert near > 0  # L1 keeps some weights within h of 0
    found = present.run_check(s)
    assert found is not None and found.l1_kinks == near
    if found.overall >= present.CLOSE:
        assert "L1" in found.readout() and "wrong" not in found.readout()


def test_without_l1_no_weight_counts_as_a_kink():
    s = Session(config=Config(penalty="l2", penalty_rate=0.01, activation="tanh"))
    s.step(200)
    found = present.run_check(s)
    assert found is not None and found.l1_kinks == 0


def test_relu_kinks_are_counted_through_the_dropout_masks():
    s = Session(config=Config(dropout=(0.5, 0.5)))  # ReLU, biases 0: a row of dropped units gives z = 0
    found = present.run_check(s)
    assert found is not None
    masks = s.model.last_masks()
    assert found.kinks == present.kinks_near(s.model, present.batch_of(s).X, present.H_DEFAULT, masks) > 0
    if found.overall >= present.CLOSE:
        assert "wrong" not in found.readout()


def test_the_views_gradient_with_dropout_is_the_slope_of_the_loss_as_measured():
    s = Session(config=Config(dropout=(0.5, 0.5), activation="tanh"))
    model, X, t = s.model, s.trainer.X_train, s.trainer.t_train
    drawn = fast_mlp.gradient(model, X, t)
    slope = {k: numerical_gradient(lambda _p: gc.exact_loss(model, X, t), p) for k, p in model.params.items()}
    assert gc.relative_error(list(drawn.values()), list(slope.values())) < 1e-6
    again = fast_mlp.gradient(model, X, t)  # no random masks: the same on every call
    for k in drawn:
        np.testing.assert_array_equal(drawn[k], again[k])


def test_the_weights_views_first_gradient_is_the_same_on_every_redraw():
    s = Session(config=Config(dropout=(0.5,), hidden=(6,)))
    first = displayed_arrays(s, gradients=True)
    second = displayed_arrays(s, gradients=True)
    for k in first:
        np.testing.assert_array_equal(first[k], second[k])
