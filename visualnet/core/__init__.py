"""The course's math in plain numpy: activations, losses, networks, optimizers, data, training, grids.

Never imports Qt, so it works in a notebook and in tests without a display.
"""

from visualnet.core import activations, data, functions, grids, optimizers, training
from visualnet.core.data import Dataset
from visualnet.core.mlp import MLP
from visualnet.core.perceptron import Perceptron
from visualnet.core.training import History, Trainer

__all__ = [
    "MLP",
    "Dataset",
    "History",
    "Perceptron",
    "Trainer",
    "activations",
    "data",
    "functions",
    "grids",
    "optimizers",
    "training",
]
