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
  Sigmoid and Relu layers do.

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

from visualnet.core import functions
from visualnet.core.layers import IdentityWithLoss, SoftmaxWithLoss
from visualnet.core.mlp import MLP, as_targets
from visualnet.core.protocols import Model

__all__ = ["FastMLP", "route"]

Array = np.ndarray

# forward passes run on at most this many rows at a time, in buffers kept for the next call
WORKSPACE_ROWS = 4096
WORKSPACES_KEPT = 8  # batch sizes whose buffers are kept (the batch, the field's chunks, the sets)


class _Workspace:
    """Buffers for one batch size n: each layer's input with a last column of ones (the bias input)."""

    def __init__(self, sizes: Sequence[int], n: int) -> None:
        # Fortran order: each column is contiguous, so a layer's output columns [:, :-1] are one
        # contiguous block that matmul and the activation write in place, and the ones stay untouched
        self.inputs = [np.ones((n, k + 1), order="F") for k in sizes[:-1]]
        self.data = self.inputs[0][:, :-1]  # where X goes
        self.hidden = [a[:, :-1] for a in self.inputs[1:]]  # each hidden layer's activations
        self.zeros = [np.zeros((n, k), order="F") for k in sizes[1:-1]]  # see forward_in_place


class FastMLP:
    """An MLP's forward and backward passes over its parameter vector; see the module docstring."""

    def __init__(self, model: MLP) -> None:
        self.sizes = list(model.sizes)
        self.activation = model.activation
        self.task = model.task
        self.n_outputs = model.n_outputs
        self.layout = model.layout
        self.theta = model.theta
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
        self._weights = [block[:-1] for block in self._blocks]  # W_i, the same arrays as params
        self.last_layer = SoftmaxWithLoss() if self.task == "classification" else IdentityWithLoss()
        self._workspaces: dict[int, _Workspace] = {}

    def holds_params(self) -> bool:
        """True while the model's params are still the views of theta (no array was replaced)."""
        params = self._params
        return len(params) == len(self._param_arrays) and all(
            map(operator.is_, params.values(), self._param_arrays))

    def _split(self, vector: Array) -> list[Array]:
        """The blocks [W_i; b_i] (n_in + 1, n_out) of a vector laid out like theta (views)."""
        return [vector[where].reshape(shape) for where, shape in self._block_slices]

    # ----- forward -------------------------------------------------------------------------------

    def scores(self, X: Array) -> Array:
        """The layers' scores (n, n_outputs), possibly in Fortran order (softmax is faster on columns)."""
        X = np.asarray(X)
        n = X.shape[0]
        if n <= WORKSPACE_ROWS:
            return self._forward(self._workspace(n), X)
        out = np.empty((n, self.n_outputs), order="F")
        for lo in range(0, n, WORKSPACE_ROWS):
            rows = X[lo : lo + WORKSPACE_ROWS]
            out[lo : lo + WORKSPACE_ROWS] = self._forward(self._workspace(len(rows)), rows)
        return out

    def predict_proba(self, X: Array) -> Array:
        """Softmax class probabilities (n, n_outputs), C-contiguous; classification only."""
        if self.task != "classification":
            raise ValueError("predict_proba is for classification networks")
        return np.ascontiguousarray(functions.softmax(self.scores(X)))

    def loss(self, X: Array, t: Array) -> float:
        """The model's loss(X, t)."""
        return self.last_layer.forward(self.scores(X), as_targets(t, self.task, self.n_outputs))

    def _workspace(self, n: int) -> _Workspace:
        """The buffers for batch size n (kept for the next call of the same size)."""
        ws = self._workspaces.get(n)
        if ws is None:
            if len(self._workspaces) >= WORKSPACES_KEPT:
                self._workspaces.pop(next(iter(self._workspaces)))  # the oldest
            ws = self._workspaces[n] = _Workspace(self.sizes, n)
        return ws

    def _forward(self, ws: _Workspace, X: Array) -> Array:
        """Scores (n, n_outputs) of X (n rows) computed in ws, which keeps what _backward needs."""
        ws.data[...] = X
        for i, h in enumerate(ws.hidden):
            np.matmul(ws.inputs[i], self._blocks[i], out=h)  # [x, 1] [W; b] = x W + b
            self.activation.forward_in_place(h, ws.zeros[i])
        # a new array (the caller may keep it), in Fortran order: each class's column contiguous
        return np.matmul(ws.inputs[-1], self._blocks[-1], order="F")

    # ----- backward ------------------------------------------------------------------------------

    def gradient(self, X: Array, t: Array) -> Array:
        """dL/dtheta: one vector laid out like theta (layout.unflatten gives the model's keys)."""
        X = np.asarray(X)
        n = X.shape[0]
        ws = self._workspace(n) if n <= WORKSPACE_ROWS else _Workspace(self.sizes, n)
        self.last_layer.output(self._forward(ws, X), as_targets(t, self.task, self.n_outputs))
        grad = np.empty(self.theta.size)
        self._backward(ws, self.last_layer.backward(1.0), self._split(grad))
        return grad

    def _backward(self, ws: _Workspace, dout: Array, grad_blocks: list[Array]) -> None:
        """Backpropagate dL/dscores through the layers of the last _forward, into [dW_i; db_i]."""
        for i in range(len(self._blocks) - 1, -1, -1):
            np.matmul(ws.inputs[i].T, dout, out=grad_blocks[i])  # [x, 1]^T dout = [dW; db]
            if i == 0:
                break  # the data needs no gradient
            dx = np.matmul(dout, self._weights[i].T, order="F")  # dL/dx = dout W^T
            np.multiply(dx, self.activation.derivative_from_output(ws.hidden[i - 1]), out=dx)  # h'(z)
            dout = dx


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
    """The fast route of an MLP whose parameters are still views of its theta; None otherwise."""
    if not isinstance(model, MLP):
        return None
    fast = _ROUTES.get(model)
    if fast is None:
        if not _views_of_theta(model):
            return None
        fast = _ROUTES[model] = FastMLP(model)
    return fast if fast.holds_params() else None


def gradient(model: Model, X: Array, t: Array) -> dict[str, Array]:
    """dL/dparam by key, through the fast route where the model has one, else through its layers."""
    fast = route(model)
    if fast is None:
        return model.gradient(X, t)
    return fast.layout.unflatten(fast.gradient(X, t))
