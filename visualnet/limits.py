"""The app's size limits in one place: what files, controls and edits accept."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

MAX_POINTS = 100_000  # points in one dataset: no file, edit or paste may pass it (issue 12, item 5)
MAX_CLASSES = 8  # class labels 0..7
MAX_HIDDEN_LAYERS = 6  # hidden layers of an MLP
MAX_HIDDEN_WIDTH = 256  # neurons in one hidden layer (one wide layer is cheap: 256 -> 2,824 parameters)
# Weights and biases of the whole network, counted for 2 inputs and MAX_CLASSES outputs (the most any
# data asks for). The cost of a frame grows with this count, not with the widths: six layers of 64
# (21,512) keep a model reset < 0.5 s and a frame < 50 ms with every view shown, and the loss
# surface's grid fine enough to read (9×9; six of 128 would get 5×5). issue 12, item 9;
# benchmarks/bench_bignet.py.
MAX_PARAMETERS = 22_000
MAX_WEIGHTS = 1_000_000  # numbers in all the weight arrays of one session file together


def parameter_count(hidden: Sequence[int], n_in: int = 2, n_out: int = MAX_CLASSES) -> int:
    """Weights and biases of an MLP [n_in, *hidden, n_out]: each layer's W (a×b) and b (b)."""
    sizes = [n_in, *hidden, n_out]
    return sum((a + 1) * b for a, b in itertools.pairwise(sizes))
