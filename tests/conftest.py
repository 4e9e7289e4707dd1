"""Test setup: Qt runs offscreen unless a platform is given, settings never touch the user's own."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Our networks are tiny: BLAS threads only add hand-off latency (and thrash on a busy 2-core machine).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
