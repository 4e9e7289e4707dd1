"""The app's size limits in one place: what files, controls and edits accept."""

from __future__ import annotations

MAX_POINTS = 100_000  # points in one dataset: no file, edit or paste may pass it (issue 12, item 5)
MAX_CLASSES = 8  # class labels 0..7
MAX_HIDDEN_LAYERS = 6  # hidden layers of an MLP
MAX_HIDDEN_WIDTH = 256  # neurons in one hidden layer
