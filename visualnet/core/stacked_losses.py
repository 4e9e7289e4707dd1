"""The loss of many parameter settings at once: the arithmetic behind the loss surfaces.

`batched_loss(model, X, t, params)` takes some parameters with an extra leading axis of G
settings (a stack) and returns the G losses; `plane_losses` does the same for a grid over a plane
center + a·d1 + b·d2 through every parameter, using the plane's structure. grids.py and
landscape.py call them; they compute the layers' formulas (the input features, Affine, the
activation, dropout's evaluation scaling, softmax with cross-entropy or the squared error) plus the
weights' penalty, i.e. `model.loss`, the loss gradient descent follows; tests hold them to
`model.loss` one setting at a time.

Layout: feature-major arrays (features, g settings, N points), each layer's input with a last
row of ones, so a layer is one product [W; b]^T [a; 1] over all g·N columns and the softmax runs
over contiguous rows. Work is split into blocks whose widest layer holds about BLOCK_ELEMENTS
numbers: big enough that numpy's per-call overhead vanishes, small enough to stay in cache (a
whole 41x41 grid of a 32-wide net on 1000 points would be 430 MB per layer).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from visualnet.core import functions
from visualnet.core.mlp import MLP, as_targets
from visualnet.core.perceptron import Perceptron, as_labels

__all__ = ["BLOCK_ELEMENTS", "PLANE_BLOCK_ELEMENTS", "batched_loss", "plane_losses"]

Array = np.ndarray

BLOCK_ELEMENTS = 1 << 18  # numbers in the widest layer of one block of stacked settings
PLANE_BLOCK_ELEMENTS = 1 << 18  # plane_losses: the same per block of grid nodes (~1 MB in float32)
# the blocks' arrays, kept for the next block and the next call (a surface is several calls): on
# some systems writing freshly allocated megabytes costs more than the math
_buffers: dict[tuple[object, ...], Array] = {}
_BUFFERS_KEPT = 32


def batched_loss(model: MLP | Perceptron, X: Array, t: Array, params: Mapping[str, Array],
                 dtype: npt.DTypeLike = np.float32) -> Array:
    """The losses (G,) float64 of G stacked parameter settings.

    `params` maps some keys to arrays of shape (G, *model.params[key].shape); the other keys come
    from model.params. An MLP computes in `dtype`: float32 (default) is about twice as fast as
    float64 and agrees with `loss` within ~1e-6; np.float64 agrees to rounding.
    """
    if isinstance(model, Perceptron):
        return _perceptron_batched_loss(model, X, t, params)
    stacked = {key: np.asarray(v) for key, v in params.items()}
    G = _check_stacked(model, stacked)
    t = as_targets(t, model.task, model.n_outputs)
    X = model.input_columns(X)
    if t.ndim == 1:
        # the loss is a mean over the points, so their order is free: sorted by label, each
        # class's points are one slice (see _softmax_cross_entropy)
        order = np.argsort(t, kind="stable")
        X, t = X[order], t[order]
    first = min(int(key[1:]) for key in stacked)  # first layer that depends on the stack
    # (W_i, b_i) of every layer, the stacked ones with their leading axis of G settings
    layers = {i: (stacked.get(f"W{i}", model.params[f"W{i}"]), stacked.get(f"b{i}", model.params[f"b{i}"]))
              for i in range(1, model.n_layers + 1)}

    N = X.shape[0]
    a = np.ones((model.sizes[0] + 1, 1, N), dtype=dtype)
    a[:-1, 0] = X.T
    # layers before the first stacked parameter are the same for every setting: compute them once
    for i in range(1, first):
        a = _stacked_layer(model, i, a, *layers[i], 1, dtype, {})
    offset = _fixed_units(model, first, layers, a, dtype)

    width = max(model.sizes[first - 1 :])
    block = max(1, BLOCK_ELEMENTS // (width * N))
    out = np.empty(G)
    if len(_buffers) > _BUFFERS_KEPT:
        _buffers.clear()
    for lo in range(0, G, block):
        # a block of settings, not a loop over settings: every op below is vectorised over g
        rows = slice(lo, lo + block)
        g = len(range(G)[rows])
        z = a
        for i in range(first, model.n_layers + 1):
            W, b = layers[i]
            z = _stacked_layer(model, i, z, W[rows] if W.ndim == 3 else W, b[rows] if b.ndim == 2 else b,
                               g, dtype, _buffers, offset if i == first + 1 else None)
        out[rows] = _stacked_loss(model, z, t)
    return out + _stacked_penalty(model, stacked, G)


def _stacked_penalty(model: MLP, stacked: Mapping[str, Array], G: int) -> Array | float:
    """model.penalty_value() (G,) of each stacked setting: λ/2·ΣW² or λ·Σ|W| over every weight matrix."""
    if model.penalty == "none" or model.penalty_rate == 0.0:
        return 0.0
    total = np.zeros(G)
    for i in range(1, model.n_layers + 1):
        W = np.asarray(stacked.get(f"W{i}", model.params[f"W{i}"]), dtype=np.float64)
        axes = (-2, -1)  # a stacked W sums per setting, a shared one to one number
        total += (0.5 * (W * W).sum(axis=axes) if model.penalty == "l2" else np.abs(W).sum(axis=axes))
    return model.penalty_rate * total


def _stacked_loss(model: MLP, z: Array, t: Array) -> Array:
    """The loss layer's mean loss (g,) of feature-major scores z (k, g, N)."""
    if model.task == "classification":
        return _softmax_cross_entropy(z, t)
    return _squared_error(z, t)


def _check_stacked(model: MLP, stacked: Mapping[str, Array]) -> int:
    """Validate stacked parameter shapes and return the common stack size G."""
    if not stacked:
        raise ValueError("batched_loss needs at least one stacked parameter")
    sizes = set()
    for key, v in stacked.items():
        if key not in model.params:
            raise KeyError(f"unknown parameter {key!r}; have {sorted(model.params)}")
        if v.shape[1:] != model.params[key].shape:
            raise ValueError(f"{key}: expected (G, {model.params[key].shape}), got {v.shape}")
        sizes.add(v.shape[0])
    if len(sizes) != 1:
        raise ValueError(f"stacked parameters disagree on G: {sorted(sizes)}")
    return sizes.pop()


def _fixed_units(model: MLP, first: int, layers: dict[int, tuple[Array, Array]], a: Array,
                 dtype: npt.DTypeLike) -> Array | None:
    """Leave out of the stack the units of layer `first` that no setting changes.

    A slice through two weights of one layer (the usual loss surface) moves only the units
    those weights feed: the other units, and their share of the next layer's input, are the
    same for every setting. They are computed once here, from the shared input a, and their
    share returned as an offset (n_next, 1, N) for the next layer; layers[first] keeps only the
    moving units and layers[first + 1] only their weights. None (and no change) when it does
    not apply: an output layer, a stacked next layer, or every unit moving.
    """
    if first == model.n_layers:
        return None
    W, b = layers[first]
    W_next, b_next = layers[first + 1]
    if W_next.ndim == 3 or b_next.ndim == 2:
        return None  # the next layer is stacked too
    moving = np.zeros(model.sizes[first], dtype=bool)
    if W.ndim == 3:
        moving |= np.any(W[:1] != W, axis=(0, 1))
    if b.ndim == 2:
        moving |= np.any(b != b[:1], axis=0)
    if moving.all() or not moving.any():
        return None
    fixed = ~moving
    W0, b0 = (W[0] if W.ndim == 3 else W), (b[0] if b.ndim == 2 else b)  # fixed units agree
    h = _stacked_layer(model, first, a, W0[:, fixed], b0[fixed], 1, dtype, {})
    offset = (W_next[fixed].T.astype(dtype) @ h[:-1, 0] + b_next.astype(dtype)[:, None])[:, None]
    layers[first] = (W[..., moving], b[..., moving])
    layers[first + 1] = (W_next[moving], np.zeros_like(b_next))
    return offset


def _stacked_layer(model: MLP, i: int, a: Array, W: Array, b: Array, g: int, dtype: npt.DTypeLike,
                   buffers: dict[tuple[object, ...], Array], offset: Array | None = None) -> Array:
    """Layer i: a (n_in + 1, 1 or g, N) with a last row of ones -> its output.

    W, b: (n_in, n_out), (n_out,), or with a leading axis of g settings. The output is
    (n_out + 1, g, N) with a last row of ones for a hidden layer (activation applied),
    (n_out, g, N) scores for the last; it lives in `buffers`, reused across blocks. `offset`
    (n_out, 1, N) is added before the activation (see _fixed_units).
    """
    n_in, n_out = W.shape[-2:]
    hidden = i < model.n_layers
    shape = (n_out + hidden, g, a.shape[-1])
    key = ("layer", i, hidden, shape, dtype)  # (a hidden layer's buffer keeps its row of ones)
    out = buffers.get(key)
    if out is None:
        out = buffers[key] = np.empty(shape, dtype=dtype)
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
        model.activation.forward_in_place(z, _zeros(buffers, z.shape, dtype))
        _dropout_scale(model, i, z)
        return out
    return z


def _dropout_scale(model: MLP, i: int, h: Array) -> None:
    """Hidden layer i's output at evaluation, in place: h (1 - ratio), as the Dropout layer does."""
    ratio = model.dropout_layers[i - 1].ratio
    if ratio:
        h *= 1.0 - ratio


def _zeros(buffers: dict[tuple[object, ...], Array], shape: tuple[int, ...], dtype: npt.DTypeLike) -> Array:
    """Zeros of `shape` kept in buffers (see Activation.forward_in_place)."""
    zeros = buffers.get(("zeros", shape, dtype))
    if zeros is None:
        zeros = buffers[("zeros", shape, dtype)] = np.zeros(shape, dtype=dtype)
    return zeros


def plane_losses(
    model: MLP, X: Array, t: Array, center: Mapping[str, Array], d1: Mapping[str, Array],
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
    t = as_targets(t, model.task, model.n_outputs)
    X = model.input_columns(X)
    if t.ndim == 1:
        order = np.argsort(t, kind="stable")  # each class one slice (see _softmax_cross_entropy)
        X, t = X[order], t[order]
    N, L = X.shape[0], model.n_layers
    two_class = model.task == "classification" and t.ndim == 1 and model.n_outputs == 2
    # each layer's [W; b] (n_in + 1, n_out) for the centre and the two directions
    C, D, E = ([_plane_block(model, p, i) for i in range(1, L + 1)] for p in (center, d1, d2))
    if two_class:  # the output layer's z1 - z0 only: the difference of its two columns
        C[-1], D[-1], E[-1] = (M[-1][:, 1:] - M[-1][:, :1] for M in (C, D, E))
    x1 = np.ones((model.sizes[0] + 1, N))
    x1[:-1] = X.T
    # layer 1: S[f] = (Z0, A, B)[f], (n1, 3, N)
    S = np.stack([M[0].T @ x1 for M in (C, D, E)], axis=1).astype(dtype)
    # layers 2 .. L: (n_out, n_in + 1) matrices [W; b]^T of the centre and the directions
    later = [tuple(M[i].T.astype(dtype) for M in (C, D, E)) for i in range(1, L)]
    al, be = alphas.astype(dtype), betas.astype(dtype)
    na, nb = len(al), len(be)
    cells = max(1, block_elements // ((max(model.sizes[1:]) + 1) * max(N, 1)))
    rows, cols = (max(1, min(nb, cells // na)), na) if cells >= na else (1, cells)
    losses = np.empty((nb, na))
    buffers: dict[tuple[object, ...], Array] = {}

    def buffer(name: str, shape: tuple[int, ...], ones: bool = False) -> Array:
        """An array kept for the next block of the same shape."""
        buf = buffers.get((name, shape))
        if buf is None:
            buf = buffers[(name, shape)] = np.empty(shape, dtype)
            if ones:
                buf[-1] = 1.0  # the bias input of the next layer
        return buf

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
                    model.activation.forward_in_place(h[:-1], _zeros(buffers, h[:-1].shape, dtype))
                    _dropout_scale(model, i - 1, h[:-1])
                    # one (n_out, n_in + 1) matrix per node, one small product per node
                    M = Ct + a_c[None, :, None, None] * Dt + b_r[:, None, None, None] * Et
                    n_out = Ct.shape[0]
                    nxt = buffer(f"h{i}", (n_out + (i < L), g, N), ones=i < L)
                    np.matmul(M.reshape(g, *Ct.shape), h.transpose(1, 0, 2),
                              out=nxt[:n_out].transpose(1, 0, 2))
                    h = nxt
                if two_class:
                    block = _two_class_loss(h[0], int(np.searchsorted(t, 1)))
                else:
                    block = _stacked_loss(model, h, t)
                losses[r0 : r0 + nr, c0 : c0 + nc] = block.reshape(nr, nc)
    return losses + _plane_penalty(model, center, d1, d2, alphas, betas)


def _plane_penalty(model: MLP, center: Mapping[str, Array], d1: Mapping[str, Array],
                   d2: Mapping[str, Array], alphas: Array, betas: Array) -> Array | float:
    """model.penalty_value() (len(betas), len(alphas)) at center + a·d1 + b·d2 over the grid."""
    if model.penalty == "none" or model.penalty_rate == 0.0:
        return 0.0
    keys = [f"W{i}" for i in range(1, model.n_layers + 1)]
    C, D, E = (np.concatenate([np.asarray(p[k], np.float64).reshape(-1) if k in p
                               else np.zeros(model.params[k].size) for k in keys]) for p in (center, d1, d2))
    a, b = alphas[None, :], betas[:, None]
    if model.penalty == "l2":
        # Σ(C + aD + bE)² expanded: six dot products instead of a sum over every weight per node
        square = (C @ C + 2 * a * (C @ D) + 2 * b * (C @ E) + a * a * (D @ D) + 2 * a * b * (D @ E)
                  + b * b * (E @ E))
        return 0.5 * model.penalty_rate * square
    moving = (D != 0) | (E != 0)  # Σ|C| of the weights the plane does not move is the same everywhere
    Cm, Dm, Em = C[moving], D[moving], E[moving]
    rows = [np.abs(Cm[None, :] + alphas[:, None] * Dm + beta * Em).sum(axis=1) for beta in betas]
    return model.penalty_rate * (np.abs(C[~moving]).sum() + np.array(rows).reshape(len(betas), len(alphas)))


def _plane_block(model: MLP, p: Mapping[str, Array], i: int) -> Array:
    """[W_i; b_i] (n_in + 1, n_out) float64 from a mapping; zeros for keys it does not have."""
    block = np.zeros((model.sizes[i - 1] + 1, model.sizes[i]))
    if f"W{i}" in p:
        block[:-1] = p[f"W{i}"]
    if f"b{i}" in p:
        block[-1] = p[f"b{i}"]
    return block


# ----- the loss layers on feature-major stacks ------------------------------------------------------


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


def _labels_if_one_hot(t: Array) -> Array:
    """Turn exactly one-hot rows (N, k) into labels (N,); other targets are returned unchanged."""
    if t.ndim == 2 and np.all((t == 0) | (t == 1)) and np.all(t.sum(axis=1) == 1):
        return t.argmax(axis=1)
    return t


def _softmax_cross_entropy(z: Array, t: Array) -> Array:
    """SoftmaxWithLoss on feature-major scores z (k, g, N) -> the g mean losses (g,); z is overwritten.

    With labels t sorted (as batched_loss passes them), each class's points are one contiguous
    slice, and y_t is read slice by slice instead of gathered point by point.
    """
    k, n = z.shape[0], z.shape[-1]
    # the same softmax as functions.softmax, over axis 0, in place, one class row at a time
    m = z[0].copy()
    for j in range(1, k):
        np.maximum(m, z[j], out=m)
    z -= m  # softmax is shift-invariant; the max keeps exp() <= 1
    e = np.exp(z, out=z)
    s = e[0].copy()
    for j in range(1, k):
        s += e[j]
    t = _labels_if_one_hot(t)
    if t.ndim == 2:
        log_y = np.log(e / s + functions.EPS_LOG)
        return -(t.T[:, None, :] * log_y).sum(axis=(0, 2), dtype=np.float64) / n
    # one-hot t: only the true class's -log(y_t + 1e-7) survives
    starts = np.searchsorted(t, np.arange(k + 1)) if np.all(t[:-1] <= t[1:]) else None
    if starts is not None:
        y_t = s  # y_t = e_t / s, written over s slice by slice
        for j in range(k):
            lo, hi = starts[j], starts[j + 1]
            np.divide(e[j, :, lo:hi], s[:, lo:hi], out=y_t[:, lo:hi])
    else:
        y_t = e.transpose(1, 0, 2)[:, t, np.arange(n)] / s  # y_t[j, i] = e[t_i, j, i] / s[j, i]
    y_t += functions.EPS_LOG
    return -np.log(y_t, out=y_t).sum(axis=-1, dtype=np.float64) / n


def _squared_error(y: Array, t: Array) -> Array:
    """IdentityWithLoss on feature-major outputs y (m, g, N), targets t (N, m) -> the g losses (g,)."""
    d = y - t.T[:, None, :]
    return 0.5 * (d * d).sum(axis=(0, 2), dtype=np.float64) / y.shape[-1]


def _perceptron_batched_loss(model: Perceptron, X: Array, t: Array, params: Mapping[str, Array]) -> Array:
    """The perceptron criterion for G settings: params["w"] (G, 2) and/or params["b"] (G, 1) -> (G,)."""
    w = np.asarray(params.get("w", model.params["w"][None, :]), dtype=np.float64)
    b = np.asarray(params.get("b", model.params["b"][None, :]), dtype=np.float64).reshape(-1, 1)
    a = w @ np.asarray(X, dtype=np.float64).T + b  # (G, n)
    return np.mean(((a > 0) - as_labels(t)) * a, axis=1)
