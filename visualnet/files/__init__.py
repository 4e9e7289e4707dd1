"""visualnet's files: CSV datasets and JSON sessions, read from untrusted input safely and written atomically.

    reading.py       the bytes of a file (size-capped, regular files only) as UTF-8 text; FileFormatError
    csv_data.py      CSV datasets: x1,x2,label or x,y
    json_values.py   parsed JSON checked value by value (NaN, huge numbers and huge lists refused)
    settings.py      the rules every setting obeys, from a file or from code (check_settings)
    session_file.py  session files (format 1): SessionDocument, load_session, save_session, load_any
    atomic.py        atomic writes: a crash leaves the old file or the new one, never half

Every failure to read a file becomes a `FileFormatError` naming the file, the line (and for JSON the
column) where it can, and the problem in plain words. Sessions are JSON only, never pickle. A file's
size is checked before it is parsed: more lists, objects or values than any session holds are refused
at once, whatever the file's shape.
"""

from __future__ import annotations

from visualnet.files.atomic import atomic_write_bytes, atomic_write_text, is_read_only
from visualnet.files.csv_data import CSV_HEADERS, MAX_CSV_LINE, MAX_ROWS, load_dataset_csv, save_dataset_csv
from visualnet.files.reading import MAX_BYTES, FileFormatError, Filled, PathLike, filled
from visualnet.files.session_file import (
    FORMAT_VERSION,
    SessionDocument,
    config_to_dict,
    document_from_session,
    load_any,
    load_session,
    save_session,
    sniff,
)
from visualnet.files.settings import (
    BATCH_RANGE,
    INITS,
    LR_RANGE,
    MODELS,
    SEED_RANGE,
    SPLIT_MAX,
    check_settings,
)
from visualnet.limits import MAX_CLASSES, MAX_WEIGHTS

__all__ = [
    "BATCH_RANGE",
    "CSV_HEADERS",
    "FORMAT_VERSION",
    "INITS",
    "LR_RANGE",
    "MAX_BYTES",
    "MAX_CLASSES",
    "MAX_CSV_LINE",
    "MAX_ROWS",
    "MAX_WEIGHTS",
    "MODELS",
    "SEED_RANGE",
    "SPLIT_MAX",
    "FileFormatError",
    "Filled",
    "PathLike",
    "SessionDocument",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_settings",
    "config_to_dict",
    "document_from_session",
    "filled",
    "is_read_only",
    "load_any",
    "load_dataset_csv",
    "load_session",
    "save_dataset_csv",
    "save_session",
    "sniff",
]
