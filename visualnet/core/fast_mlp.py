"""The MLP's fast route: the layers' formulas with about half as many numpy calls.

For small networks numpy's cost per call, not the arithmetic, dominates a training step, so this
route changes the bookkeeping and nothing else (tests/core/test_fast_mlp.py holds it to the
layers on every activation, task and depth):

- the bias is the weight of an input that is always 1 (the book draws it so): a layer's input is
  kept with an extra column of ones, so x W + b = [x, 1] [W; b] is one matrix product and
  [dW; db] = [x, 1]^T dout another (the column of ones sums dout over the batch);
- [W_i; b_i] is one (n_in + 1, n_out) block of the model's parameter vector `theta` (W_i's rows
  followed by b_i), and `gradient` returns one vector laid out the same way, so an optimizer
  updates the whole network in one pass;
- the inputs live in buffers kept per batch size, in Fortran (column) order, so each layer writes
  its output straight into the next layer's input and the activation runs in place; backward
  takes h'(x) from the layer's output (`Activation.derivative_from_output`), as the book's
  Sigmoid and Relu layers do; forward and backward write into those buffers, no new arrays;
  swish and GELU, whose h'(x) is no function of the output, have their pre-activations x copied
  aside during a gradient's forward pass and take h'(x) from them (`Activation.derivative`);
- a training step of a large batch through a wide layer (`uses_float32`) runs in float32: the
  weights cast from theta at each call, the loss layer in float64, the gradient returned in
  float64 for the optimizer's float64 theta (tests/core/test_fast32.py bounds the difference).
  `gradient(model, X, t)` below, which the views and the gradient check read, stays float64.

The input features (core.features) are computed from the raw points on the way in, and the
weights' penalty (L1 / L2) is added to `loss` and `gradient` as the model adds it. Dropout has no
fast route: `route` gives None while a ratio is above 0, and the layers train with their masks.

Used where measured to matter: `Trainer.step` and `grids.decision_field`. (Evaluation, a few
forward passes per frame, goes through the layers: the loss the app shows is `model.loss` exactly.)
`route(model)` gives an MLP's route, or None when the model is not an MLP or one of its
parameter arrays was replaced (then `theta` no longer holds the parameters: use the layers).
"""

from __future__ import annotations

import operator
import weakref
from collections.abc import Sequence

import numpy as np

from visualnet.core import activations, functions
from visualnet.core import features as input_features
from visualnet.core.activations import Activation
from visualnet.core.layers import IdentityWithLoss, SoftmaxWithLoss
from visualnet.core.mlp import MLP, as_targets
from visualnet.core.protocols import Model

__all__ = ["FastMLP", "route"]

Array = np.ndarray

# forward passes run on at most this many rows at a time, in buffers kept for the next call
WORKSPACE_ROWS = 4096
WORKSPACES_KEPT = 8  # batch sizes whose buffers are kept (the batch, the field's chunks, the sets)
# FastMLP.gradient runs in float32 for a hidden layer of FLOAT32_WIDTH units or more and from
# FLOAT32_FROM rows x units of the widest one: there it saves 30 % of the time or more
# (benchmarks/README.md, the core section); narrower nets, whatever the batch, keep the layers'
# float64 numbers (a choice: the small nets a learner inspects)
FLOAT32_WIDTH = 32
FLOAT32_FROM = 4096


class _Workspace:
    """Buffers for one batch size n: each layer's input with a last column of ones (the bias input)."""

    def __init__(self, sizes: Sequence[int], n: int, dtype: type[np.floating] = np.float64) -> None:
        # Fortran order: each column is contiguous, so a layer's output columns [:, :-1] are one
        # contiguous block that matmul and the activation write in place, and the ones stay untouched
        self.inputs = [np.ones((n, k + 1), dtype, order="F") for k in sizes[:-1]]
        self.data = self.inputs[0][:, :-1]  # where X goes
        self.hidden = [a[:, :-1] for a in self.inputs[1:]]  # each hidden layer's activations
        # see forward_in_place (the ReLU's); the sigmoid's, ELU's and softplus's use them as scratch
        self.zeros = [np.zeros((n, k), dtype, order="F") for k in sizes[1:-1]]
        self._shapes = [(n, k) for k in sizes[1:-1]]
        self._dh: list[Array] = []  # made on the first backward pass (forward passes need none)
        self._slope: list[Array] = []
        self._pre: list[Array] = []  # made on the first gradient of an activation not `from_output`
        self.dout = np.empty((n, sizes[-1]), dtype, order="F")  # dL/dscores in float32 (float32 only)

    def backward_buffers(self) -> tuple[list[Array], list[Array]]:
        """dL/dh and h'(x) of each hidden layer, (n, k) in Fortran order."""
        if len(self._dh) < len(self._shapes):
            dtype = self.zeros[0].dtype
            self._dh = [np.empty(shape, dtype, order="F") for shape in self._shapes]
            self._slope = [np.empty(shape, dtype, order="F") for shape in self._shapes]
        return self._dh, self._slope

    def preactivation_buffers(self) -> list[Array]:
        """Where each hidden layer's pre-activations x are kept for h'(x), (n, k) in Fortran order."""
        if len(self._pre) < len(self._shapes):
            dtype = self.zeros[0].dtype
            self._pre = [np.empty(shape, dtype, order="F") for shape in self._shapes]
        return self._pre


def _forward_in_place(activation: Activation, x: Array, zeros: Array) -> None:
    """Write h(x) over x with no new array: the activation's own formula, the same numbers."""
    if activation is activations.relu:
        np.maximum(x, zeros, out=x)  # the ReLU's forward_in_place, one Python call fewer
    elif activation is activations.tanh:
        np.tanh(x, out=x)
    elif activation is activations.sigmoid:
        # sigma(x) = max(e, x >= 0) / (1 + e), e = e^-|x| (activations._sigmoid, step by step)
        e = np.exp(np.negative(np.abs(x, out=zeros), out=zeros), out=zeros)
        np.greater_equal(x, 0.0, out=x)  # x is needed no more: 1 where x >= 0, else 0
        np.divide(np.maximum(e, x, out=x), np.add(1.0, e, out=e), out=x)
    elif activation is activations.elu:
        # elu(x) = max(x, e^min(x, 0) - 1): e^x - 1 >= x, and above 0 the second is 0 (activations._elu)
        np.maximum(x, np.expm1(np.minimum(x, 0.0, out=zeros), out=zeros), out=x)
    elif activation is activations.softplus:
        # max(x, 0) + log(1 + e^-|x|) (activations._softplus, step by step)
        soft = np.log1p(np.exp(np.negative(np.abs(x, out=zeros), out=zeros), out=zeros), out=zeros)
        np.add(np.maximum(x, 0.0, out=x), soft, out=x)
    else:
        activation.forward_in_place(x, zeros)


def _times_slope(activation: Activation, dh: Array, y: Array, slope: Array) -> None:
    """dh *= h'(x), with h'(x) taken from the output y = h(x) and written in `slope` (no new array)."""
    if activation is activations.relu:
        np.multiply(dh, np.greater(y, 0.0, out=slope), out=dh)  # 1 where y > 0, else 0
        return
    if activation is activations.tanh:
        np.subtract(1.0, np.multiply(y, y, out=slope), out=slope)  # 1 - y^2 (y**2 is y*y exactly)
    elif activation is activations.sigmoid:
        np.multiply(y, np.subtract(1.0, y, out=slope), out=slope)  # y (1 - y)
    elif activation is activations.elu:
        np.add(np.minimum(y, 0.0, out=slope), 1.0, out=slope)  # 1 where y > 0, else y + 1 = e^x
    elif activation is activations.softplus:
        np.negative(np.expm1(np.negative(y, out=slope), out=slope), out=slope)  # 1 - e^-y = sigma(x)
    else:
        np.multiply(dh, activation.derivative_from_output(y), out=dh)
        return
    np.multiply(dh, slope, out=dh)


class FastMLP:
    """An MLP's forward and backward passes over its parameter vector; see the module docstring."""

    def __init__(self, model: MLP) -> None:
        self.sizes = list(model.sizes)
        self.activation = model.activation
        self.task = model.task
        self.n_outputs = model.n_outputs
        self.layout = model.layout
        self.theta = model.theta
        self.features = model.features  # the input features the first layer takes (None: X as it is)
        # the penalty on the weights, as the model has it (route() copies it at each call)
        self.penalty, self.penalty_rate = model.penalty, model.penalty_rate
        # the dict and the arrays, views of theta, that route() found (not the model: the cache of
        # routes holds this); a replaced array breaks the identity and the route is not used
        self._params = model.params
        self._param_arrays = tuple(model.params.values())
        # [W_i; b_i] is one (n_in + 1, n_out) block of a vector laid out like theta: W_i's rows, then b_i
        self._block_slices: list[tuple[slice, tuple[int, int]]] = []
        for i, (n_in, n_out) in enumerate(zip(self.sizes, self.sizes[1:], strict=False), start=1):
            start = self.layout.offsets[f"W{i}"]
            self._block_slices.append((slice(start, start + (n_in + 1) * n_out), (n_in + 1, n_out)))
        self._blocks = self._split(self.theta)
        # 1 at each weight of theta, 0 at each bias: the penalty is one vector operation over theta
        self._is_weight = np.ones(self.theta.size)
        for block in self._split(self._is_weight):
            block[-1] = 0.0
        self._penalty_scratch = np.empty(self.theta.size)
        self.last_layer = SoftmaxWithLoss() if self.task == "classification" else IdentityWithLoss()
        self._workspaces: dict[tuple[int, type[np.floating]], _Workspace] = {}
        # the float32 route's copy of theta (refreshed from theta at each call) and its gradient
        self._theta32 = np.empty(self.theta.size, np.float32)
        self._blocks32 = self._split(self._theta32)
        self._grad32 = np.empty(self.theta.size, np.float32)
        self._grad32_blocks = self._split(self._grad32)
        self._widest = max(self.sizes[1:-1], default=0)
        # swish, GELU: backward needs each hidden layer's input x, not only its output h(x)
        self._keeps_input = not self.activation.from_output

    def holds_params(self) -> bool:
        """True while the model's params are still the views of theta (no array was replaced)."""
        params = self._params
        return len(params) == len(self._param_arrays) and all(
            map(operator.is_, params.values(), self._param_arrays))

    def _split(self, vector: Array) -> list[Array]:
        """The blocks [W_i; b_i] (n_in + 1, n_out) of a vector laid out like theta (views)."""
        return [vector[where].reshape(shape) for where, shape in self._block_slices]

    # ----- forward -------------------------------------------------------------------------------

    def _columns(self, X: Array) -> Array:
        """What the first layer multiplies: the feature columns of raw points, or X itself."""
        return np.asarray(X) if self.features is None else input_features.columns(X, self.features)

    def scores(self, X: Array) -> Array:
        """The layers' scores (n, n_outputs), possibly in Fortran order (softmax is faster on columns)."""
        X = self._columns(X)
        n = X.shape[0]
        if n <= WORKSPACE_ROWS:
            return self._forward(self._workspace(n), X, self._blocks)
        out = np.empty((n, self.n_outputs), order="F")
        for lo in range(0, n, WORKSPACE_ROWS):
            rows = X[lo : lo + WORKSPACE_ROWS]
            out[lo : lo + WORKSPACE_ROWS] = self._forward(self._workspace(len(rows)), rows, self._blocks)
        return out

    def predict_proba(self, X: Array) -> Array:
        """Softmax class probabilities (n, n_outputs), C-contiguous; classification only."""
        if self.task != "classification":
            raise ValueError("predict_proba is for classification networks")
        return np.ascontiguousarray(functions.softmax(self.scores(X)))

    def data_loss(self, X: Array, t: Array) -> float:
        """The model's data_loss(X, t): no penalty."""
        return self.last_layer.forward(self.scores(X), as_targets(t, self.task, self.n_outputs))

    def loss(self, X: Array, t: Array) -> float:
        """The model's loss(X, t): the data loss plus the weights' penalty."""
        return self.data_loss(X, t) + self.penalty_value()

    def penalty_value(self) -> float:
        """The model's penalty_value(): λ/2·ΣW² (l2) or λ·Σ|W| (l1), the W rows of each [W; b] block."""
        if self.penalty == "none" or self.penalty_rate == 0.0:
            return 0.0
        theta, is_weight = self.theta, self._is_weight
        if self.penalty == "l2":
            return 0.5 * self.penalty_rate * float(np.dot(theta * is_weight, theta))
        return self.penalty_rate * float(np.dot(np.abs(theta), is_weight))

    def _add_penalty_gradient(self, grad: Array) -> None:
        """grad += d penalty / dtheta: λW (l2) or λ·sign(W) (l1) on the weights, 0 on the biases."""
        if self.penalty == "none" or self.penalty_rate == 0.0:
            return
        extra = self._penalty_scratch
        if self.penalty == "l2":
            np.multiply(self.theta, self._is_weight, out=extra)
        else:
            np.multiply(np.sign(self.theta, out=extra), self._is_weight, out=extra)
        extra *= self.penalty_rate
        grad += extra

    def _workspace(self, n: int, dtype: type[np.floating] = np.float64) -> _Workspace:
        """The buffers for batch size n (kept for the next call of the same size)."""
        if n > WORKSPACE_ROWS:
            return _Workspace(self.sizes, n, dtype)
        ws = self._workspaces.get((n, dtype))
        if ws is None:
            if len(self._workspaces) >= WORKSPACES_KEPT:
                self._workspaces.pop(next(iter(self._workspaces)))  # the oldest
            ws = self._workspaces[n, dtype] = _Workspace(self.sizes, n, dtype)
        return ws

    def _forward(self, ws: _Workspace, X: Array, blocks: list[Array], backward: bool = False) -> Array:
        """Scores (n, n_outputs) of X (n rows) computed in ws, which keeps what _backward needs
        (`backward`: a gradient follows, so keep the pre-activations where h' needs them)."""
        ws.data[...] = X
        pre = ws.preactivation_buffers() if backward and self._keeps_input else None
        for i, h in enumerate(ws.hidden):
            np.matmul(ws.inputs[i], blocks[i], out=h)  # [x, 1] [W; b] = x W + b
            if pre is not None:
                np.copyto(pre[i], h)
            _forward_in_place(self.activation, h, ws.zeros[i])
        # a new array (the caller may keep it), in Fortran order: each class's column contiguous
        return np.matmul(ws.inputs[-1], blocks[-1], order="F")

    # ----- backward ------------------------------------------------------------------------------

    def uses_float32(self, n: int) -> bool:
        """True if gradient() on n rows takes the float32 route by default (a large batch and layer)."""
        return self._widest >= FLOAT32_WIDTH and n * self._widest >= FLOAT32_FROM

    def gradient(self, X: Array, t: Array, dtype: type[np.floating] | None = None) -> Array:
        """dL/dtheta: one float64 vector laid out like theta (layout.unflatten gives the model's keys).

        dtype np.float64 computes the layers' formulas to rounding; np.float32 runs them in single
        precision (weights cast from theta, the loss layer in float64); None, the default, takes
        float32 where it pays (`uses_float32`): a training step of a large batch through a wide layer.
        """
        X = self._columns(X)
        n = X.shape[0]
        if dtype is None:
            dtype = np.float32 if self.uses_float32(n) else np.float64
        t = as_targets(t, self.task, self.n_outputs)
        if dtype == np.float64:
            ws = self._workspace(n)
            self.last_layer.output(self._forward(ws, X, self._blocks, backward=True), t)
            grad = np.empty(self.theta.size)
            self._backward(ws, self.last_layer.backward(1.0), self._blocks, self._split(grad))
            self._add_penalty_gradient(grad)
            return grad
        if dtype != np.float32:
            raise ValueError(f"gradient runs in float64 or float32, not {np.dtype(dtype)}")
        ws = self._workspace(n, np.float32)
        self._theta32[...] = self.theta  # the optimizer updated theta (float64) in place
        self.last_layer.output(self._forward(ws, X, self._blocks32, backward=True), t)  # softmax in float64
        ws.dout[...] = self.last_layer.backward(1.0)
        self._backward(ws, ws.dout, self._blocks32, self._grad32_blocks)
        grad = self._grad32.astype(np.float64)
        self._add_penalty_gradient(grad)  # in float64, from theta
        return grad

    def _backward(self, ws: _Workspace, dout: Array, blocks: list[Array], grad_blocks: list[Array]) -> None:
        """Backpropagate dL/dscores through the layers of the last _forward, into [dW_i; db_i]."""
        dhs, slopes = ws.backward_buffers()
        for i in range(len(blocks) - 1, -1, -1):
            np.matmul(ws.inputs[i].T, dout, out=grad_blocks[i])  # [x, 1]^T dout = [dW; db]
            if i == 0:
                break  # the data needs no gradient
            dh = np.matmul(dout, blocks[i][:-1].T, out=dhs[i - 1])  # dL/dh = dout W^T
            if self._keeps_input:  # * h'(x) from the pre-activations the forward pass kept
                np.multiply(dh, self.activation.derivative(ws.preactivation_buffers()[i - 1]), out=dh)
            else:  # * h'(x) from the output h(x)
                _times_slope(self.activation, dh, ws.hidden[i - 1], slopes[i - 1])
            dout = dh


def _views_of_theta(model: MLP) -> bool:
    """True if every parameter array of the model is the view of theta its layout says."""
    start = model.theta.__array_interface__["data"][0]
    layout, params = model.layout, model.params
    return list(params) == list(layout.keys) and all(
        p.dtype == np.float64 and p.shape == layout.shapes[key] and p.flags.c_contiguous
        and p.__array_interface__["data"][0] == start + p.itemsize * layout.offsets[key]
        for key, p in params.items())


# one route per model, made on first use; it holds no reference to the model itself
_ROUTES: weakref.WeakKeyDictionary[MLP, FastMLP] = weakref.WeakKeyDictionary()


def route(model: object) -> FastMLP | None:
    """The fast route of an MLP whose parameters are still views of its theta; None otherwise, and None
    while a hidden layer drops units (dropout: the layers train, with their masks)."""
    if not isinstance(model, MLP) or model.drops:
        return None
    fast = _ROUTES.get(model)
    if fast is None:
        if not _views_of_theta(model):
            return None
        fast = _ROUTES[model] = FastMLP(model)
    fast.penalty, fast.penalty_rate = model.penalty, model.penalty_rate  # set on the model in place
    return fast if fast.holds_params() else None


def gradient(model: Model, X: Array, t: Array) -> dict[str, Array]:
    """dL/dparam by key, through the fast route where the model has one, else through its layers.

    Always float64, the layers' numbers to rounding (the views read it). With dropout, the gradient of
    the loss as measured (no masks: every unit, scaled by 1 − ratio), the slope of the surfaces drawn.
    """
    fast = route(model)
    if fast is None:
        return model.gradient(X, t, training=False) if isinstance(model, MLP) else model.gradient(X, t)
    return fast.layout.unflatten(fast.gradient(X, t, dtype=np.float64))
