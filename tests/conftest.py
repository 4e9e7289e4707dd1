"""Test setup: Qt runs offscreen unless a platform is given, settings never touch the user's own."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
