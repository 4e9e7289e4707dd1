"""The names of a model's scalar parameters, as the loss surface's axes and choosers show them:
'W1[0,1]', 'weight from input 1 to layer 1 unit 2'."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from visualnet.translatable import QT_TRANSLATE_NOOP, Message, Translate, untranslated

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


FROM_INPUT = QT_TRANSLATE_NOOP("ParamNames", "weight from input {i} to layer {layer} unit {j}")
FROM_UNIT = QT_TRANSLATE_NOOP("ParamNames", "weight from layer {source} unit {i} to layer {layer} unit {j}")
BIAS = QT_TRANSLATE_NOOP("ParamNames", "bias of layer {layer} unit {j}")
WEIGHTS_INTO = QT_TRANSLATE_NOOP("ParamNames", "weights into layer {layer} ({size})")
BIASES_OF = QT_TRANSLATE_NOOP("ParamNames", "biases of layer {layer} ({size})")


def param_tooltip(key: str, shape: tuple[int, ...], flat: int, translate: Translate = untranslated) -> str:
    """A plain-words description of one scalar parameter (W1[i,j]: input i -> unit j)."""
    if key[:1] == "W" and len(shape) == 2:
        i, j = np.unravel_index(flat, shape)
        layer = key[1:] or "1"
        words = (Message(FROM_INPUT, layer=layer, i=int(i) + 1, j=int(j) + 1) if layer == "1" else
                 Message(FROM_UNIT, source=int(layer) - 1, layer=layer, i=int(i) + 1, j=int(j) + 1))
        return words.text(translate)
    if key[:1] == "b" and len(shape) == 1 and key[1:]:
        return Message(BIAS, layer=key[1:], j=flat + 1).text(translate)
    return param_label(key, shape, flat)


def array_tooltip(key: str, shape: tuple[int, ...], translate: Translate = untranslated) -> str:
    """What one array of the model is, for its combo box entry ('weights into layer 2, 8 × 8')."""
    size = " × ".join(str(n) for n in shape) or "1"
    if key[:1] == "W" and key[1:]:
        return Message(WEIGHTS_INTO, layer=key[1:], size=size).text(translate)
    if key[:1] == "b" and key[1:]:
        return Message(BIASES_OF, layer=key[1:], size=size).text(translate)
    return f"{key} ({size})"


def row_col(shape: tuple[int, ...], flat: int) -> tuple[int, int]:
    """(row, column) of entry `flat`: a vector's entries are columns of row 0."""
    if len(shape) == 2:
        r, c = divmod(flat, shape[1])
        return int(r), int(c)
    return 0, int(flat)
