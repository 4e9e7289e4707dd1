"""The weights as files: NumPy .npz (with the settings) and one long CSV, `key,row,col,value`. No Qt here."""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from visualnet import files
from visualnet.app.exports.target import writable_target, write_bytes

if TYPE_CHECKING:
    from visualnet.session import Session

__all__ = ["WEIGHTS_CSV_HEADER", "export_weights_csv", "export_weights_npz", "read_weights_csv"]

WEIGHTS_CSV_HEADER = ("key", "row", "col", "value")


def export_weights_npz(session: Session, path: files.PathLike) -> None:
    """The parameters (W1, b1, ... or w, b) as float64 arrays plus 'config', the settings as JSON text."""
    path = writable_target(path)
    params = session.model.params
    if "config" in params:
        raise ValueError("a parameter named 'config' would clash with the settings entry")
    buffer = io.BytesIO()
    config = json.dumps(files.config_to_dict(session.config))
    # Any: numpy's stub checks **arrays against savez's allow_pickle: bool too
    arrays: dict[str, Any] = {k: np.asarray(v, dtype=np.float64) for k, v in params.items()}
    np.savez(buffer, **arrays, config=np.array(config))
    write_bytes(path, buffer.getvalue())


def export_weights_csv(session: Session, folder_or_path: files.PathLike) -> Path:
    """All parameters in one long CSV, `key,row,col,value`; a folder gets weights.csv. Returns the path.

    One file in long form opens in any spreadsheet and pivots in pandas. A 1-D parameter (a bias,
    the perceptron's w) is one row, row 0, as `b` is added to each row of XW. Values are repr-exact.
    """
    path = Path(os.fsdecode(folder_or_path))
    if path.is_dir():
        path = path / "weights.csv"
    path = Path(writable_target(path))
    lines = [",".join(WEIGHTS_CSV_HEADER)]
    for key, value in session.model.params.items():
        matrix = np.atleast_2d(np.asarray(value, dtype=np.float64))
        lines += [f"{key},{r},{c},{float(v)!r}" for (r, c), v in np.ndenumerate(matrix)]
    write_bytes(path, ("\n".join(lines) + "\n").encode("utf-8"))
    return path


def read_weights_csv(path: files.PathLike,
                     like: Mapping[str, NDArray[np.float64]] | None = None) -> dict[str, NDArray[np.float64]]:
    """Read `export_weights_csv`'s file: 2-D arrays, or the shapes of `like` (a model's params) if given."""
    cells: dict[str, dict[tuple[int, int], float]] = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        if tuple(next(reader, ())) != WEIGHTS_CSV_HEADER:
            raise ValueError(f"{os.fsdecode(path)}: the header must be {','.join(WEIGHTS_CSV_HEADER)}")
        for key, row, col, value in reader:
            cells.setdefault(key, {})[int(row), int(col)] = float(value)
    out: dict[str, NDArray[np.float64]] = {}
    for key, entries in cells.items():
        rows, cols = (max(i for i, _ in entries) + 1), (max(j for _, j in entries) + 1)
        matrix = np.full((rows, cols), np.nan)
        for (i, j), v in entries.items():
            matrix[i, j] = v
        out[key] = matrix if like is None else matrix.reshape(np.shape(like[key]))
    return out

