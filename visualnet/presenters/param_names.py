"""The names of a model's scalar parameters, as the loss surface's axes and choosers show them:
'W1[0,1]', 'weight from input 1 to layer 1 unit 2'."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

Param = tuple[str, int]  # (key in model.params, flat index)


def scalar_params(params: dict[str, npt.NDArray[np.float64]]) -> list[Param]:
    """Every scalar parameter of a model, in the model's key order, then row-major."""
    return [(k, i) for k, v in params.items() for i in range(v.size)]


def param_label(key: str, shape: tuple[int, ...], flat: int) -> str:
    """'W1[0,1]' for entry `flat` of an array of `shape`; just 'b' for a one-element array."""
    if math.prod(shape) == 1:
        return key
    idx = np.unravel_index(flat, shape)
    return f"{key}[{','.join(str(int(i)) for i in idx)}]"


def param_tooltip(key: str, shape: tuple[int, ...], flat: int) -> str:
    """A plain-words description of one scalar parameter (W1[i,j]: input i -> unit j)."""
    if key[:1] == "W" and len(shape) == 2:
        i, j = np.unravel_index(flat, shape)
        layer = key[1:] or "1"
        src = "input" if layer == "1" else f"layer {int(layer) - 1} unit"
        return f"weight from {src} {int(i) + 1} to layer {layer} unit {int(j) + 1}"
    if key[:1] == "b" and len(shape) == 1 and key[1:]:
        return f"bias of layer {key[1:]} unit {flat + 1}"
    return param_label(key, shape, flat)


def array_tooltip(key: str, shape: tuple[int, ...]) -> str:
    """What one array of the model is, for its combo box entry ('weights into layer 2, 8 × 8')."""
    size = " × ".join(str(n) for n in shape) or "1"
    if key[:1] == "W" and key[1:]:
        return f"weights into layer {key[1:]} ({size})"
    if key[:1] == "b" and key[1:]:
        return f"biases of layer {key[1:]} ({size})"
    return f"{key} ({size})"


def row_col(shape: tuple[int, ...], flat: int) -> tuple[int, int]:
    """(row, column) of entry `flat`: a vector's entries are columns of row 0."""
    if len(shape) == 2:
        r, c = divmod(flat, shape[1])
        return int(r), int(c)
    return 0, int(flat)
