"""The app's size limits in one place: what files, controls and edits accept."""

from __future__ import annotations

MAX_POINTS = 100_000  # points in one dataset: no file, edit or paste may pass it (issue 12, item 5)
MAX_CLASSES = 8  # class labels 0..7
MAX_HIDDEN_LAYERS = 6  # hidden layers of an MLP
# neurons in one hidden layer: six layers of 64 keep a model reset < 0.5 s and a frame < 50 ms with
# every view shown (issue 12, item 9; benchmarks/bench_bignet.py) and their grids fine enough to
# read (a 9×9 loss surface; six of 128 would get 5×5)
MAX_HIDDEN_WIDTH = 64
