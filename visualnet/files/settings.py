"""The rules every setting obeys, whether it comes from a file, a control or code (`check_settings`).

Names are matched case-insensitively and returned as the app spells them; numbers are checked against
the ranges below and the size limits in visualnet.limits. The learning rate is "lr" only, never an
entry of "hyper".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from visualnet.core import activations, features, optimizers
from visualnet.files.json_values import (
    Json,
    choice,
    is_number,
    key_name,
    number_in,
    show,
    whole_in,
    wholes_in,
)
from visualnet.files.reading import ReadError
from visualnet.limits import MAX_HIDDEN_LAYERS, MAX_HIDDEN_WIDTH, MAX_PARAMETERS, MAX_POINTS, parameter_count
from visualnet.translatable import QT_TRANSLATE_NOOP, TranslatableError

__all__ = [
    "BATCH_RANGE", "DROPOUT_MAX", "HYPER_NAMES", "INITS", "LR_RANGE", "MODELS", "PENALTIES",
    "PENALTY_RATE_RANGE", "RULES", "SEED_RANGE", "SPLIT_MAX", "check_settings",
]

LR_RANGE = (1e-6, 1e3)  # up to 1e3: divergence is part of the lesson
BATCH_RANGE = (1, MAX_POINTS)
SEED_RANGE = (0, 2**31 - 1)
SPLIT_MAX = 1000  # a share of the split ratio
MODELS = ("Perceptron", "MLP")
INITS = ("auto", "he", "xavier", "zeros")  # or a number: the standard deviation of the initial weights
PENALTIES = ("none", "l2", "l1")  # weight decay λ/2·ΣW², or λ·Σ|W|
PENALTY_RATE_RANGE = (0.0, 10.0)  # λ
DROPOUT_MAX = 0.9  # a hidden layer's dropout ratio is 0 ..= 0.9 (1 would silence it)
# every optimizer's hyper-parameters other than the learning rate (momentum, beta1, ...)
HYPER_NAMES = tuple(sorted({k for d in optimizers.DEFAULTS.values() for k in d} - {"lr"}))


def _init(value: Json, where: str) -> str | float:
    """A way to draw the first weights by name, or the standard deviation itself."""
    if isinstance(value, str):
        return choice(value, where, INITS)
    if not (is_number(value) and 0 < value <= 10):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} must be one of {names} or a standard "
                                                   "deviation in (0, 10]"),
                        where=where, names=", ".join(INITS))
    return float(value)


def _features(value: Json, where: str) -> list[str]:
    """The network's input features by id (core.features.NAMES), in NAMES order: one or more, none twice."""
    names = features.NAMES
    if not (isinstance(value, list) and 1 <= len(value) <= len(names)):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} must be a list of 1 to {most} input features "
                                                   "from {names}, not {value}"),
                        where=where, most=len(names), names=", ".join(names), value=show(value))
    chosen = [choice(v, f"{where}[{i}]", names) for i, v in enumerate(value)]
    twice = next((name for i, name in enumerate(chosen) if name in chosen[:i]), None)
    if twice is not None:
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} names the input feature {name} twice"),
                        where=where, name=twice)
    return list(features.canonical(chosen))


def _dropout(value: Json, where: str) -> list[float]:
    """Each hidden layer's dropout ratio (missing layers: 0), each from 0 up to DROPOUT_MAX."""
    if not (isinstance(value, list) and len(value) <= MAX_HIDDEN_LAYERS):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} must be a list of at most {most} dropout "
                                                   "ratios, one a hidden layer, not {value}"),
                        where=where, most=MAX_HIDDEN_LAYERS, value=show(value))
    for i, v in enumerate(value):
        if not (is_number(v) and 0 <= v <= DROPOUT_MAX):
            raise ReadError(QT_TRANSLATE_NOOP("files", "{where}[{i}] is {value}: a dropout ratio is a "
                                                       "number from 0 to {most}"),
                            where=where, i=i, value=show(v), most=DROPOUT_MAX)
    return [float(v) for v in value]


def _hyper(value: Json, where: str) -> dict[str, float]:
    """The optimizer's hyper-parameters other than the learning rate, by name."""
    if not (isinstance(value, dict) and len(value) <= 16):
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} must be an object of at most 16 named "
                                                   "numbers, not {value}"), where=where, value=show(value))
    out: dict[str, float] = {}
    for k, v in value.items():
        name = key_name(k if isinstance(k, str) else repr(k), where)
        if name == "lr":
            raise ReadError(QT_TRANSLATE_NOOP("files", "{where}.lr: the learning rate is a setting of "
                                                       "its own (lr), not a hyper-parameter"), where=where)
        if name in HYPER_NAMES:
            # momentum, RMSprop's decay rate and Adam's betas weigh the past against the present:
            # 1 or more never forgets (and Adam divides by 1 - beta1**t = 0)
            if not (is_number(v) and 0 <= v < 1):
                raise ReadError(QT_TRANSLATE_NOOP("files", "{where}.{name} must be a number from 0 up "
                                                           "to (not including) 1, not {value}"),
                                where=where, name=name, value=show(v))
        else:  # a newer version's hyper-parameter: kept, unused here
            number_in(v, f"{where}.{name}", -1e6, 1e6)
        out[name] = float(v)
    return out


def _split(value: Json, where: str) -> list[int]:
    """The train : validation : test ratio, two or three shares."""
    # zeros are fine for validation and test (1:0 trains on every point), but something must train
    shares = wholes_in(value, where, range(2, 4), 0, SPLIT_MAX)
    if shares[0] == 0:
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} gives training no share: its first "
                                                   "number must be 1 or more"), where=where)
    return shares


def _hidden(value: Json, where: str) -> list[int]:
    """The hidden layers' widths, within the limits on layers, widths and weights."""
    # a limit on the whole network, not only on each layer: a frame's cost follows the weight count
    sizes = wholes_in(value, where, range(1, MAX_HIDDEN_LAYERS + 1), 1, MAX_HIDDEN_WIDTH)
    count = parameter_count(sizes)
    if count > MAX_PARAMETERS:
        raise ReadError(QT_TRANSLATE_NOOP("files", "{where} {sizes} would make a network of up to "
                                                   "{count:,} weights and biases; the views follow at most "
                                                   "{most:,} live: use fewer or narrower layers"),
                        where=where, sizes=",".join(map(str, sizes)), count=count, most=MAX_PARAMETERS)
    return sizes


def _activation(value: Json, where: str) -> str:
    """An activation's name as the core spells it; its aliases ("silu" for swish) are accepted too."""
    if isinstance(value, str):
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        value = activations.ALIASES.get(key, value)
    return choice(value, where, activations.NAMES)


# the check of each setting: (value as JSON gives it, where it is) -> the value the app uses
RULES: dict[str, Callable[[Json, str], object]] = {
    "model": lambda v, w: choice(v, w, MODELS),
    "hidden": _hidden,
    "activation": _activation,
    "init": _init,
    "optimizer": lambda v, w: choice(v, w, optimizers.NAMES),
    "lr": lambda v, w: number_in(v, w, *LR_RANGE),
    "batch_size": lambda v, w: whole_in(v, w, *BATCH_RANGE),
    "split": _split,
    "seed": lambda v, w: whole_in(v, w, *SEED_RANGE),
    "hyper": _hyper,
    "features": _features,
    "penalty": lambda v, w: choice(v, w, PENALTIES),
    "penalty_rate": lambda v, w: number_in(v, w, *PENALTY_RATE_RANGE),
    "dropout": _dropout,
}


def _json_value(value: object) -> Json:
    """A setting from code in the types JSON gives: numpy scalars as numbers, tuples as lists."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, list | tuple | np.ndarray):
        return [_json_value(v) for v in value]
    if isinstance(value, dict):
        return {k: _json_value(v) for k, v in value.items()}
    return value


def check_settings(values: Mapping[str, Any]) -> dict[str, Any]:
    """Settings from code (Session.configure, a control) checked by the rules files obey.

    Returns them canonical (names spelled as the app spells them, hidden and split as tuples of
    ints, numbers as floats or ints); KeyError for a name that is no setting, ValueError in plain
    words for a bad value.
    """
    unknown = set(values) - set(RULES)
    if unknown:
        raise KeyError(f"unknown settings: {sorted(unknown)}")
    try:
        out = {key: RULES[key](_json_value(value), key) for key, value in values.items()}
    except ReadError as e:
        raise TranslatableError(e.message) from None
    return {k: tuple(v) if isinstance(v, list) else v for k, v in out.items()}  # lists: tuples
