"""Softmax and the losses on hand-computed cases; the numerical gradient on a known function."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from visualnet.core import functions

# the book's example (chapter 3): softmax([0.3, 2.9, 4.0])
BOOK_A = np.array([0.3, 2.9, 4.0])
BOOK_SOFTMAX = [0.01821127, 0.24519181, 0.73659691]
# the book's example (chapter 4): "2" is the true class, the network says 0.6 for it
BOOK_Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
BOOK_T = np.eye(10)[2]


def test_softmax_book_example():
    np.testing.assert_allclose(functions.softmax(BOOK_A), BOOK_SOFTMAX, atol=5e-9)


def test_softmax_by_hand_and_row_wise():
    e = [math.exp(v) for v in (1.0, 2.0, 3.0)]
    expected = [v / sum(e) for v in e]
    x = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    y = functions.softmax(x)
    assert y.shape == (2, 3)
    np.testing.assert_allclose(y[0], expected, rtol=1e-14)
    np.testing.assert_allclose(y[1], [1 / 3] * 3, rtol=1e-14)


def test_softmax_one_dimensional_stays_one_dimensional():
    y = functions.softmax(np.array([1.0, 2.0, 3.0]))
    assert y.shape == (3,)


def test_softmax_large_inputs_are_stable():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = functions.softmax(np.array([1010.0, 1000.0, 990.0]))
    assert np.all(np.isfinite(y))
    assert y.sum() == pytest.approx(1.0, abs=1e-15)
    # only differences matter: same as softmax([20, 10, 0])
    e = [math.exp(20), math.exp(10), 1.0]
    np.testing.assert_allclose(y, [v / sum(e) for v in e], rtol=1e-14)


@given(arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(1, 6)), elements=st.floats(-1e300, 1e300)))
def test_softmax_properties_for_any_finite_input(x):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = functions.softmax(x)
    assert y.shape == x.shape
    assert np.all(np.isfinite(y)) and np.all(y >= 0)
    np.testing.assert_allclose(y.sum(axis=1), 1.0, rtol=1e-12)
    # the largest score gets the largest probability
    rows = np.arange(len(x))
    assert np.all(y[rows, x.argmax(axis=1)] == y.max(axis=1))


@given(
    arrays(np.float64, st.integers(1, 8), elements=st.floats(-50, 50)),
    st.floats(-1e3, 1e3),
)
def test_softmax_is_shift_invariant(x, c):
    np.testing.assert_allclose(functions.softmax(x + c), functions.softmax(x), rtol=1e-9, atol=1e-15)


def test_cross_entropy_book_example_one_hot_and_labels():
    expected = -math.log(0.6 + 1e-7)  # 0.5108...
    assert functions.cross_entropy_error(BOOK_Y, BOOK_T) == pytest.approx(expected, rel=1e-14)
    assert functions.cross_entropy_error(BOOK_Y, 2) == pytest.approx(expected, rel=1e-14)
    assert functions.cross_entropy_error(BOOK_Y, np.array([2])) == pytest.approx(expected, rel=1e-14)


def test_cross_entropy_is_the_batch_mean():
    y = np.array([[0.7, 0.2, 0.1], [0.25, 0.25, 0.5]])
    labels = np.array([0, 2])
    expected = -(math.log(0.7 + 1e-7) + math.log(0.5 + 1e-7)) / 2
    assert functions.cross_entropy_error(y, labels) == pytest.approx(expected, rel=1e-14)
    assert functions.cross_entropy_error(y, np.eye(3)[labels]) == pytest.approx(expected, rel=1e-14)


def test_cross_entropy_of_zero_probability_is_finite():
    assert functions.cross_entropy_error(np.array([1.0, 0.0]), 1) == pytest.approx(-math.log(1e-7))


def test_mean_squared_error_book_example():
    # the book: 0.5 * sum (y - t)^2 = 0.0975 for the example above
    assert functions.mean_squared_error(BOOK_Y, BOOK_T) == pytest.approx(0.0975, rel=1e-12)
    assert functions.mean_squared_error(BOOK_Y, 2) == pytest.approx(0.0975, rel=1e-12)


def test_mean_squared_error_batches_and_regression_targets():
    y = np.array([[1.0, 2.0], [0.0, 0.5]])
    t = np.array([[0.0, 1.0], [1.0, 0.0]])
    # (1 + 1 + 1 + 0.25) * 0.5 / 2
    assert functions.mean_squared_error(y, t) == pytest.approx(0.8125, rel=1e-14)
    # labels 1 and 0 -> one-hot rows [0, 1] and [1, 0]: (1 + 1 + 1 + 0.25) * 0.5 / 2
    assert functions.mean_squared_error(y, np.array([1, 0])) == pytest.approx(0.8125, rel=1e-14)
    # regression: (N, 1) outputs against (N,) targets: 0.5 * (0.25 + 4) / 2
    y = np.array([[1.5], [-1.0]])
    assert functions.mean_squared_error(y, np.array([1.0, 1.0])) == pytest.approx(1.0625)


def test_numerical_gradient_book_example():
    # f(x0, x1) = x0^2 + x1^2 at (3, 4): gradient (6, 8)
    x = np.array([3.0, 4.0])
    g = functions.numerical_gradient(lambda v: float(np.sum(v**2)), x)
    np.testing.assert_allclose(g, [6.0, 8.0], rtol=1e-8)
    assert np.array_equal(x, [3.0, 4.0])  # restored


def test_numerical_gradient_any_shape():
    rng = np.random.default_rng(3)
    x = rng.normal(size=(2, 3, 2))
    a = rng.normal(size=x.shape)
    # f = sum(a * x^3) has gradient 3 a x^2
    g = functions.numerical_gradient(lambda v: float(np.sum(a * v**3)), x)
    np.testing.assert_allclose(g, 3 * a * x**2, rtol=1e-6, atol=1e-9)
