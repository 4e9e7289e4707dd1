"""A multi-layer perceptron built from the book's layers: Affine -> activation -> ... -> Affine -> loss.

`self.layers` are the book's layer objects, one Python call per layer and direction. The MLP runs
the same computation through a faster route (`_Workspace`, `_forward`, `_backward`) that differs
in bookkeeping only, not in formulas:

- every parameter lives in one flat vector (W1, b1, W2, b2, ...), `params[key]` being views of
  it, so [W_i; b_i] is one (n_in + 1, n_out) block of it, and `gradient` returns its gradients
  laid out the same way (optimizers then update all parameters in one pass);
- the bias is the weight of an input that is always 1 (the book draws it so): a layer's input is
  kept with an extra column of ones, and then x W + b = [x, 1] [W; b] is one matrix product, and
  [dW; db] = [x, 1]^T dout is another (the column of ones sums dout over the batch);
- those inputs live in buffers kept per batch size, in Fortran (column) order, so each layer
  writes its output straight into the next layer's input and ReLU runs in place.

For small networks numpy's cost per call, not the arithmetic, dominates a training step; this
route makes about half as many calls. If a parameter array is replaced (params["W1"] = new array),
the flat vector no longer holds the parameters and the MLP falls back on the layers.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence

import numpy as np
import numpy.typing as npt

from visualnet.core import activations, functions, optimizers
from visualnet.core.layers import (
    ActivationLayer,
    Affine,
    IdentityWithLoss,
    Relu,
    SoftmaxWithLoss,
)

__all__ = ["MLP"]

Array = np.ndarray

TASKS = ("classification", "regression")
# batched_loss works on blocks of stacked settings whose widest layer holds about this many numbers:
# big enough that numpy's per-call overhead vanishes, small enough to stay in cache (and in memory
# for large grids: a whole 41x41 grid of a 32-wide net on 1000 points would be 430 MB per layer)
BLOCK_ELEMENTS = 1 << 18
# forward passes run on at most this many rows at a time, in buffers kept for the next call
WORKSPACE_ROWS = 4096
WORKSPACES_KEPT = 8  # batch sizes whose buffers are kept (the batch, the field's chunks, the sets)
# plane_losses: numbers per block of grid nodes in its widest layer (about 1 MB in float32, L2-sized)
PLANE_BLOCK_ELEMENTS = 1 << 18


def _init_std(init: str | float | None, activation: str, n_in: int) -> float:
    """He: sqrt(2 / n_in) suits ReLU-like units; Xavier: sqrt(1 / n_in) suits sigmoid/tanh."""
    if init is None:
        init = "he" if activation in ("relu", "leaky_relu") else "xavier"
    if isinstance(init, str):
        name = init.lower()
        if name == "he":
            return float(np.sqrt(2.0 / n_in))
        if name == "xavier":
            return float(np.sqrt(1.0 / n_in))
        raise ValueError(f"unknown init {init!r}; use 'he', 'xavier' or a float std")
    return float(init)


class _Workspace:
    """Buffers for one batch size n: each layer's input with a last column of ones (the bias input)."""

    def __init__(self, sizes: Sequence[int], n: int) -> None:
        # Fortran order: each column is contiguous, so a layer's output columns [:, :-1] are one
        # contiguous block that matmul and ReLU write in place, and the ones stay untouched
        self.inputs = [np.ones((n, k + 1), order="F") for k in sizes[:-1]]
        self.data = self.inputs[0][:, :-1]  # where X goes
        self.hidden = [a[:, :-1] for a in self.inputs[1:]]  # each hidden layer's activations
        self.pre = [np.empty((n, k), order="F") for k in sizes[1:-1]]  # pre-activations (not ReLU)
        # ReLU as np.maximum(h, zeros): numpy vectorises the maximum of two arrays, not of an array
        # and the scalar 0 (about 3x slower on large arrays)
        self.zeros = [np.zeros((n, k), order="F") for k in sizes[1:-1]]


class MLP:
    """Fully connected network; `sizes` like [2, 8, 8, 2] = 2 inputs, two hidden layers of 8, 2 outputs."""

    def __init__(
        self,
        sizes: Sequence[int],
        activation: str = "relu",
        task: str = "classification",
        init: str | float | None = None,
        seed: int = 0,
    ) -> None:
        if len(sizes) < 2 or any(int(s) < 1 for s in sizes):
            raise ValueError(f"sizes needs at least an input and an output size >= 1, got {sizes!r}")
        if task not in TASKS:
            raise ValueError(f"task must be one of {TASKS}, got {task!r}")
        self.sizes = [int(s) for s in sizes]
        self.activation = activations.get(activation)
        self.activation_name = self.activation.name
        self.task = task
        self.n_outputs = self.sizes[-1]
        self.n_layers = len(self.sizes) - 1  # number of Affine layers

        # the parameters: views of one flat vector, W1, b1, W2, b2, ... (see the module docstring)
        shapes = list(zip(self.sizes, self.sizes[1:], strict=False))
        self._layout = optimizers.FlatLayout({
            key: shape
            for i, (n_in, n_out) in enumerate(shapes, start=1)
            for key, shape in ((f"W{i}", (n_in, n_out)), (f"b{i}", (n_out,)))})
        self._flat = np.zeros(self._layout.size)
        self.params: dict[str, Array] = self._layout.views(self._flat)
        self._param_arrays = tuple(self.params.values())
        # [W_i; b_i] as one (n_in + 1, n_out) block of the flat vector, for the parameters and
        # (the same slices of another vector) for the gradients
        self._block_slices: list[tuple[slice, tuple[int, int]]] = []
        start = 0
        for n_in, n_out in shapes:
            self._block_slices.append((slice(start, start + (n_in + 1) * n_out), (n_in + 1, n_out)))
            start += (n_in + 1) * n_out
        self._blocks = [self._flat[where].reshape(shape) for where, shape in self._block_slices]
        self._weights = [block[:-1] for block in self._blocks]  # W_i, the same arrays as params
        self._keys = [(f"W{i}", f"b{i}") for i in range(1, self.n_layers + 1)]
        self._workspaces: dict[int, _Workspace] = {}
        self._batched_buffers: dict[tuple, Array] = {}  # batched_loss's arrays, kept between calls
        rng = np.random.default_rng(seed)
        for i, n_in in enumerate(self.sizes[:-1], start=1):
            std = _init_std(init, self.activation_name, n_in)
            W = self.params[f"W{i}"]
            W[...] = std * rng.standard_normal(W.shape)  # biases stay 0

        self.layers: list[Affine | ActivationLayer] = []
        for i in range(1, self.n_layers + 1):
            self.layers.append(Affine(self.params, f"W{i}", f"b{i}"))
            if i < self.n_layers:
                is_relu = self.activation is activations.relu
                self.layers.append(Relu() if is_relu else ActivationLayer(self.activation))
        self.last_layer = SoftmaxWithLoss() if task == "classification" else IdentityWithLoss()

    def __repr__(self) -> str:
        return f"MLP(sizes={self.sizes}, activation={self.activation_name!r}, task={self.task!r})"

    # ----- forward -------------------------------------------------------------------------------

    def scores(self, X: Array) -> Array:
        """Network output before the loss layer: X (n, sizes[0]) -> (n, n_outputs)."""
        return np.ascontiguousarray(self._scores(X))

    def _scores(self, X: Array) -> Array:
        """scores(X), possibly in Fortran order (softmax is about twice as fast on its columns)."""
        X = np.asarray(X)
        if not self._flat_holds_params():
            x = X.astype(np.float64, copy=False)
            for layer in self.layers:
                x = layer.forward(x)
            return x
        n = X.shape[0]
        if n <= WORKSPACE_ROWS:
            return self._forward(self._workspace(n), X)
        out = np.empty((n, self.n_outputs), order="F")
        for lo in range(0, n, WORKSPACE_ROWS):
            rows = X[lo : lo + WORKSPACE_ROWS]
            out[lo : lo + WORKSPACE_ROWS] = self._forward(self._workspace(len(rows)), rows)
        return out

    def predict(self, X: Array) -> Array:
        """Class labels (n,) for classification, outputs (n, n_outputs) for regression."""
        y = self._scores(X)
        return y.argmax(axis=1) if self.task == "classification" else np.ascontiguousarray(y)

    def predict_proba(self, X: Array) -> Array:
        """Softmax class probabilities (n, n_outputs); classification only."""
        if self.task != "classification":
            raise ValueError("predict_proba is for classification networks")
        return np.ascontiguousarray(functions.softmax(self._scores(X)))

    def forward_all(self, X: Array) -> list[Array]:
        """[X, h1, h2, ..., output]: the input, every hidden layer's activations and the final output."""
        out = [np.asarray(X, dtype=np.float64)]
        x = out[0]
        for layer in self.layers:
            x = layer.forward(x)
            if isinstance(layer, ActivationLayer):
                out.append(x)
        out.append(functions.softmax(x) if self.task == "classification" else x)
        return out

    def hidden_preactivations(self, X: Array) -> Array:
        """First hidden layer's pre-activations Z = X W1 + b1: (n, h1), or (n, 0) without a hidden layer."""
        X = np.asarray(X, dtype=np.float64)
        if self.n_layers < 2:
            return np.empty((X.shape[0], 0))
        return X @ self.params["W1"] + self.params["b1"]

    # ----- loss and gradients --------------------------------------------------------------------

    def _targets(self, t: Array) -> Array:
        """Labels (N,) int or one-hot (N, k) for classification; (N, m) floats for regression."""
        t = np.asarray(t)
        if self.task == "regression":
            return t.astype(np.float64).reshape(t.shape[0], self.n_outputs)
        return t.astype(np.intp, copy=False) if t.ndim == 1 else t.astype(np.float64, copy=False)

    def loss(self, X: Array, t: Array) -> float:
        """Mean loss over the batch: cross-entropy (classification) or 0.5 * squared error (regression)."""
        return self.last_layer.forward(self._scores(X), self._targets(t))

    def accuracy(self, X: Array, t: Array) -> float:
        """Fraction of correctly classified points (NaN for regression, where it has no meaning)."""
        if self.task != "classification":
            return float("nan")
        t = np.asarray(t)
        labels = t.argmax(axis=1) if t.ndim == 2 else t
        return float(np.mean(self.predict(X) == labels))

    def gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """dL/dparam by backpropagation; same keys as params."""
        X = np.asarray(X)
        if not self._flat_holds_params():
            return self._layer_gradient(X, t)
        n = X.shape[0]
        ws = self._workspace(n) if n <= WORKSPACE_ROWS else _Workspace(self.sizes, n)
        self.last_layer.output(self._forward(ws, X, for_backward=True), self._targets(t))
        dout = self.last_layer.backward(1.0)
        # the gradients: blocks [dW_i; db_i] of one flat vector laid out like the parameters
        grads = optimizers.FlatGradients(np.empty(self._flat.size), self._layout, self._flat,
                                         self._param_arrays)
        blocks = [grads.flat[where].reshape(shape) for where, shape in self._block_slices]
        self._backward(ws, dout, blocks)
        for (w_key, b_key), block in zip(self._keys, blocks, strict=True):
            grads[w_key], grads[b_key] = block[:-1], block[-1]
        return grads

    def _layer_gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """The book's backpropagation through self.layers: forward, then backward layer by layer."""
        x = X.astype(np.float64, copy=False)
        for layer in self.layers:
            x = layer.forward(x)
        self.last_layer.output(x, self._targets(t))  # the loss value itself is not needed
        dout = self.last_layer.backward(1.0)
        for layer in self.layers[:0:-1]:  # reversed, down to the second layer
            dout = layer.backward(dout)
        self.layers[0].backward(dout, input_grad=False)  # the data needs no gradient
        grads: dict[str, Array] = {}
        for layer in self.layers[::2]:  # the Affine layers
            grads[layer.w_key], grads[layer.b_key] = layer.dW, layer.db
        return grads

    # ----- the fast route (see the module docstring) ---------------------------------------------

    def _flat_holds_params(self) -> bool:
        """True while params holds the views of the flat vector (no array was replaced)."""
        params = self.params
        return len(params) == len(self._param_arrays) and all(
            map(operator.is_, params.values(), self._param_arrays))

    def _workspace(self, n: int) -> _Workspace:
        """The buffers for batch size n (kept for the next call of the same size)."""
        ws = self._workspaces.get(n)
        if ws is None:
            if len(self._workspaces) >= WORKSPACES_KEPT:
                self._workspaces.pop(next(iter(self._workspaces)))  # the oldest
            ws = self._workspaces[n] = _Workspace(self.sizes, n)
        return ws

    def _forward(self, ws: _Workspace, X: Array, for_backward: bool = False) -> Array:
        """Scores (n, n_outputs) of X (n rows) computed in ws, which keeps what _backward needs."""
        ws.data[...] = X
        relu = self.activation is activations.relu
        for i, h in enumerate(ws.hidden):
            np.matmul(ws.inputs[i], self._blocks[i], out=h)  # [x, 1] [W; b] = x W + b
            if relu:
                np.maximum(h, ws.zeros[i], out=h)
            else:
                if for_backward:
                    ws.pre[i][...] = h  # h'(z) needs the pre-activation z
                h[...] = self.activation.forward(h)
        # a new array (the caller may keep it), in Fortran order: each class's column contiguous
        return np.matmul(ws.inputs[-1], self._blocks[-1], order="F")

    def _backward(self, ws: _Workspace, dout: Array, grad_blocks: list[Array]) -> None:
        """Backpropagate dL/dscores through the layers of the last _forward, into [dW_i; db_i]."""
        relu = self.activation is activations.relu
        for i in range(self.n_layers - 1, -1, -1):
            np.matmul(ws.inputs[i].T, dout, out=grad_blocks[i])  # [x, 1]^T dout = [dW; db]
            if i == 0:
                break  # the data needs no gradient
            dx = np.matmul(dout, self._weights[i].T, order="F")  # dL/dx = dout W^T
            if relu:
                np.multiply(dx, ws.hidden[i - 1] > 0, out=dx)  # the gradient passes where x > 0
            else:
                dx *= self.activation.derivative(ws.pre[i - 1])
            dout = dx

    def numerical_gradient(self, X: Array, t: Array) -> dict[str, Array]:
        """dL/dparam by central differences (h = 1e-4); slow, for checking backprop."""
        return {
            key: functions.numerical_gradient(lambda _p: self.loss(X, t), p) for key, p in self.params.items()
        }

    def batched_loss(
        self, X: Array, t: Array, params: Mapping[str, Array], dtype: npt.DTypeLike = np.float32
    ) -> Array:
        """Loss for G stacked parameter settings at once -> (G,) float64.

        `params` maps some keys to arrays of shape (G, *self.params[key].shape); the other keys
        come from self.params. Computed in `dtype`: float32 (default) is about twice as fast as
        float64 and agrees with `loss` within ~1e-6; pass np.float64 for agreement to rounding.
        """
        stacked = {key: np.asarray(v) for key, v in params.items()}
        G = self._check_stacked(stacked)
        t = self._targets(t)
        X = np.asarray(X)
        if t.ndim == 1:
            # the loss is a mean over the points, so their order is free: sorted by label, each
            # class's points are one slice (see SoftmaxWithLoss.batched_loss)
            order = np.argsort(t, kind="stable")
            X, t = X[order], t[order]
        first = min(int(key[1:]) for key in stacked)  # first layer that depends on the stack
        # (W_i, b_i) of every layer, the stacked ones with their leading axis of G settings
        layers = {i: (stacked.get(f"W{i}", self.params[f"W{i}"]), stacked.get(f"b{i}", self.params[f"b{i}"]))
                  for i in range(1, self.n_layers + 1)}

        # feature-major layout (features, g settings, N points), each layer's input with a last row
        # of ones, so that a layer is one product [W; b]^T [a; 1] (see _stacked_layer)
        N = X.shape[0]
        a = np.ones((self.sizes[0] + 1, 1, N), dtype=dtype)
        a[:-1, 0] = X.T
        # layers before the first stacked parameter are the same for every setting: compute them once
        for i in range(1, first):
            a = self._stacked_layer(i, a, *layers[i], 1, dtype, {})
        offset = self._fixed_units(first, layers, a, dtype)

        width = max(self.sizes[first - 1 :])
        block = max(1, BLOCK_ELEMENTS // (width * N))
        out = np.empty(G)
        # the blocks' arrays are kept for the next block and the next call (a surface is several
        # calls): on some systems writing freshly allocated megabytes costs more than the math
        buffers = self._batched_buffers
        if len(buffers) > 4 * self.n_layers:
            buffers.clear()
        for lo in range(0, G, block):
            # a block of settings, not a loop over settings: every op below is vectorised over g
            rows = slice(lo, lo + block)
            g = len(range(G)[rows])
            z = a
            for i in range(first, self.n_layers + 1):
                W, b = layers[i]
                z = self._stacked_layer(i, z, W[rows] if W.ndim == 3 else W, b[rows] if b.ndim == 2 else b,
                                        g, dtype, buffers, offset if i == first + 1 else None)
            out[rows] = self.last_layer.batched_loss(z, t)
        return out

    def _fixed_units(self, first: int, layers: dict[int, tuple[Array, Array]], a: Array,
                     dtype: npt.DTypeLike) -> Array | None:
        """Leave out of the stack the units of layer `first` that no setting changes.

        A slice through two weights of one layer (the usual loss surface) moves only the units
        those weights feed: the other units, and their share of the next layer's input, are the
        same for every setting. They are computed once here, from the shared input a, and their
        share returned as an offset (n_next, 1, N) for the next layer; layers[first] keeps only the
        moving units and layers[first + 1] only their weights. None (and no change) when it does
        not apply: an output layer, a stacked next layer, or every unit moving.
        """
        if first == self.n_layers:
            return None
        W, b = layers[first]
        W_next, b_next = layers[first + 1]
        if W_next.ndim == 3 or b_next.ndim == 2:
            return None  # the next layer is stacked too
        moving = np.zeros(self.sizes[first], dtype=bool)
        if W.ndim == 3:
            moving |= np.any(W[:1] != W, axis=(0, 1))
        if b.ndim == 2:
            moving |= np.any(b != b[:1], axis=0)
        if moving.all() or not moving.any():
            return None
        fixed = ~moving
        W0, b0 = (W[0] if W.ndim == 3 else W), (b[0] if b.ndim == 2 else b)  # fixed units agree
        h = self._stacked_layer(first, a, W0[:, fixed], b0[fixed], 1, dtype, {})
        offset = (W_next[fixed].T.astype(dtype) @ h[:-1, 0] + b_next.astype(dtype)[:, None])[:, None]
        layers[first] = (W[..., moving], b[..., moving])
        layers[first + 1] = (W_next[moving], np.zeros_like(b_next))
        return offset

    def _stacked_layer(self, i: int, a: Array, W: Array, b: Array, g: int, dtype: npt.DTypeLike,
                       buffers: dict[tuple, Array], offset: Array | None = None) -> Array:
        """Layer i of batched_loss: a (n_in + 1, 1 or g, N) with a last row of ones -> its output.

        W, b: (n_in, n_out), (n_out,), or with a leading axis of g settings. The output is
        (n_out + 1, g, N) with a last row of ones for a hidden layer (activation applied),
        (n_out, g, N) scores for the last; it lives in `buffers`, reused across blocks. `offset`
        (n_out, 1, N) is added before the activation (see _fixed_units).
        """
        n_in, n_out = W.shape[-2:]
        hidden = i < self.n_layers
        shape = (n_out + hidden, g, a.shape[-1])
        out = buffers.get((i, shape, dtype))
        if out is None:
            out = buffers[(i, shape, dtype)] = np.empty(shape, dtype=dtype)
            if hidden:
                out[-1] = 1.0  # the bias input of the next layer
        z = out[:n_out]  # (n_out, g, N), contiguous
        if W.ndim == 2 and b.ndim == 1:
            # one [W; b] for every setting: one product over all g·N columns
            Wb = np.concatenate((W, b[None]), dtype=dtype)
            np.matmul(Wb.T, a.reshape(n_in + 1, -1), out=z.reshape(n_out, -1))
        elif W.ndim == 2:
            # stacked biases only: the shared product, then each setting's bias
            z[...] = (W.T.astype(dtype) @ a[:-1].reshape(n_in, -1)).reshape(n_out, -1, a.shape[-1])
            z += b.T.astype(dtype)[:, :, None]
        else:
            # stacked weights: Wb[o, j] = [W_j[:, o]; b_j[o]], the setting j's column o of [W; b]
            Wb = np.empty((n_out, g, n_in + 1), dtype=dtype)
            Wb[:, :, :n_in] = W.transpose(2, 0, 1)
            Wb[:, :, n_in] = b.T if b.ndim == 2 else b[:, None]
            if a.shape[1] == 1:
                # one input for all settings: the g weight matrices side by side, one product
                np.matmul(Wb.reshape(n_out * g, n_in + 1), a[:, 0], out=z.reshape(n_out * g, -1))
            else:
                # g inputs, g matrices: z[:, j] = Wb[:, j] a[:, j]
                z[...] = np.matmul(Wb.transpose(1, 0, 2), a.transpose(1, 0, 2)).transpose(1, 0, 2)
        if offset is not None:
            z += offset
        if hidden:
            if self.activation is activations.relu:
                zeros = buffers.get((-i, z.shape, dtype))  # np.maximum(z, zeros) is vectorised,
                if zeros is None:                          # np.maximum(z, 0.0) is not
                    zeros = buffers[(-i, z.shape, dtype)] = np.zeros_like(z)
                np.maximum(z, zeros, out=z)
            else:
                z[...] = self.activation.forward(z)
            return out
        return z

    def plane_losses(
        self, X: Array, t: Array, center: Mapping[str, Array], d1: Mapping[str, Array],
        d2: Mapping[str, Array], alphas: Array, betas: Array, dtype: npt.DTypeLike = np.float32,
        block_elements: int = PLANE_BLOCK_ELEMENTS,
    ) -> Array:
        """Losses (len(betas), len(alphas)) at the parameters center + a·d1 + b·d2 over the grid a × b.

        `center` holds every key; a key that d1 or d2 leaves out does not move along it. The same
        numbers as `batched_loss` on the stacked grid, computed with the plane's structure, on
        blocks of grid nodes (g of them) whose widest layer holds about `block_elements` numbers:

        - layer 1 is linear in (a, b): [x, 1]([W1; b1]_c + a·D1 + b·D2) = Z0 + a·A + b·B, so its
          pre-activations are (1, a, b) · (Z0, A, B): one product with three terms per unit;
        - each later layer is one small product per node with its own [W; b] (a batched matmul);
        - with two classes only z1 - z0 matters (see _two_class_loss): the output layer computes
          that one row, [W; b][:, 1] - [W; b][:, 0], instead of two.

        float32 (default) agrees with `loss` within ~1e-6 relative; np.float64 to rounding.
        """
        alphas = np.asarray(alphas, dtype=np.float64).reshape(-1)
        betas = np.asarray(betas, dtype=np.float64).reshape(-1)
        t = self._targets(t)
        X = np.asarray(X, dtype=np.float64)
        if t.ndim == 1:
            order = np.argsort(t, kind="stable")  # each class one slice (see SoftmaxWithLoss.batched_loss)
            X, t = X[order], t[order]
        N, L = X.shape[0], self.n_layers
        two_class = self.task == "classification" and t.ndim == 1 and self.n_outputs == 2
        # each layer's [W; b] (n_in + 1, n_out) for the centre and the two directions
        C, D, E = ([self._plane_block(p, i) for i in range(1, L + 1)] for p in (center, d1, d2))
        if two_class:  # the output layer's z1 - z0 only: the difference of its two columns
            C[-1], D[-1], E[-1] = (M[-1][:, 1:] - M[-1][:, :1] for M in (C, D, E))
        x1 = np.ones((self.sizes[0] + 1, N))
        x1[:-1] = X.T
        # layer 1: S[f] = (Z0, A, B)[f], (n1, 3, N)
        S = np.stack([M[0].T @ x1 for M in (C, D, E)], axis=1).astype(dtype)
        # layers 2 .. L: (n_out, n_in + 1) matrices [W; b]^T of the centre and the directions
        later = [tuple(M[i].T.astype(dtype) for M in (C, D, E)) for i in range(1, L)]
        al, be = alphas.astype(dtype), betas.astype(dtype)
        na, nb = len(al), len(be)
        cells = max(1, block_elements // ((max(self.sizes[1:]) + 1) * max(N, 1)))
        rows, cols = (max(1, min(nb, cells // na)), na) if cells >= na else (1, cells)
        relu = self.activation is activations.relu
        losses = np.empty((nb, na))
        buffers: dict[tuple, Array] = {}

        def buffer(name: str, shape: tuple[int, ...], ones: bool = False) -> Array:
            """An array kept for the next block of the same shape."""
            buf = buffers.get((name, shape))
            if buf is None:
                buf = buffers[(name, shape)] = (np.zeros if name == "zeros" else np.empty)(shape, dtype)
                if ones:
                    buf[-1] = 1.0  # the bias input of the next layer
            return buf

        def activate(z: Array) -> None:
            """The hidden activation, in place (ReLU as the maximum of two arrays: vectorised)."""
            if relu:
                np.maximum(z, buffer("zeros", z.shape), out=z)
            else:
                z[...] = self.activation.forward(z)

        with np.errstate(all="ignore"):
            for r0 in range(0, nb, rows):
                b_r = be[r0 : r0 + rows]
                for c0 in range(0, na, cols):
                    a_c = al[c0 : c0 + cols]
                    nr, nc = len(b_r), len(a_c)
                    g = nr * nc  # node (i, j) of the block is i·nc + j
                    coef = buffer("coef", (g, 3))
                    coef[:, 0] = 1.0
                    coef[:, 1] = np.tile(a_c, nr)
                    coef[:, 2] = np.repeat(b_r, nc)
                    n1 = S.shape[0]  # the first layer's units (one row, z1 - z0, for a 2-class output)
                    h = buffer("h1", (n1 + (L > 1), g, N), ones=L > 1)
                    np.matmul(coef, S, out=h[:n1])  # h[f] = (1, a, b) · (Z0, A, B)[f]
                    for i, (Ct, Dt, Et) in enumerate(later, start=2):
                        activate(h[:-1])
                        # one (n_out, n_in + 1) matrix per node, one small product per node
                        M = Ct + a_c[None, :, None, None] * Dt + b_r[:, None, None, None] * Et
                        n_out = Ct.shape[0]
                        nxt = buffer(f"h{i}", (n_out + (i < L), g, N), ones=i < L)
                        np.matmul(M.reshape(g, *Ct.shape), h.transpose(1, 0, 2),
                                  out=nxt[:n_out].transpose(1, 0, 2))
                        h = nxt
                    if two_class:
                        block = self._two_class_loss(h[0], int(np.searchsorted(t, 1)))
                    else:
                        block = self.last_layer.batched_loss(h, t)
                    losses[r0 : r0 + nr, c0 : c0 + nc] = block.reshape(nr, nc)
        return losses

    def _plane_block(self, p: Mapping[str, Array], i: int) -> Array:
        """[W_i; b_i] (n_in + 1, n_out) float64 from a mapping; zeros for keys it does not have."""
        block = np.zeros((self.sizes[i - 1] + 1, self.sizes[i]))
        if f"W{i}" in p:
            block[:-1] = p[f"W{i}"]
        if f"b{i}" in p:
            block[-1] = p[f"b{i}"]
        return block

    @staticmethod
    def _two_class_loss(u: Array, n0: int) -> Array:
        """Mean cross-entropy (g,) float64 from u = z1 - z0 (g, N), the first n0 points of class 0.

        The book's -log(y_t + 1e-7) with y_t = e^z_t / (e^z0 + e^z1) = 1 / (1 + e^d), d = z_other -
        z_t = u for class 0 and -u for class 1: one exp and (about) a quarter of a log per point
        instead of two exps and a log. u is overwritten.
        """
        u[:, n0:] *= -1.0
        d = np.exp(u, out=u)
        d += 1.0
        y = np.reciprocal(d, out=d)
        y += functions.EPS_LOG  # now 1e-7 <= y <= 1 + 1e-7
        # Σ log y = Σ log(y_2k · y_2k+1): the product of four such numbers (>= 1e-28) is a normal
        # float32, so two halvings give the same sum with a quarter of the logs
        for _ in range(2):
            n = y.shape[-1]
            if n % 2:
                break
            y = np.multiply(y[:, : n // 2], y[:, n // 2 :], out=y[:, : n // 2])
        return -np.log(y, out=y).sum(axis=-1, dtype=np.float64) / u.shape[-1]

    def _check_stacked(self, stacked: Mapping[str, Array]) -> int:
        """Validate stacked parameter shapes and return the common stack size G."""
        if not stacked:
            raise ValueError("batched_loss needs at least one stacked parameter")
        sizes = set()
        for key, v in stacked.items():
            if key not in self.params:
                raise KeyError(f"unknown parameter {key!r}; have {sorted(self.params)}")
            if v.shape[1:] != self.params[key].shape:
                raise ValueError(f"{key}: expected (G, {self.params[key].shape}), got {v.shape}")
            sizes.add(v.shape[0])
        if len(sizes) != 1:
            raise ValueError(f"stacked parameters disagree on G: {sorted(sizes)}")
        return sizes.pop()

    # ----- parameters ----------------------------------------------------------------------------

    @property
    def param_count(self) -> int:
        """Total number of weights and biases."""
        return sum(p.size for p in self.params.values())

    def copy_params(self) -> dict[str, Array]:
        """Independent copies of all parameters."""
        return {key: p.copy() for key, p in self.params.items()}

    def set_params(self, params: Mapping[str, Array]) -> None:
        """Copy values into the existing arrays (in place, so optimizers and views keep their references)."""
        for key, value in params.items():
            if key not in self.params:
                raise KeyError(f"unknown parameter {key!r}")
            value = np.asarray(value, dtype=np.float64)
            if value.shape != self.params[key].shape:
                raise ValueError(f"{key}: expected shape {self.params[key].shape}, got {value.shape}")
            self.params[key][...] = value
