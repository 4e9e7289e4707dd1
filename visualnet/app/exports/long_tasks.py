"""Long tasks behind a progress dialog with Cancel: exports in the GUI thread (`run_with_progress`), reading
and saving files on a worker thread (`run_in_background`). Work that ends within MIN_PROGRESS_MS
shows no dialog; the status bar says what runs meanwhile.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QCoreApplication, QEventLoop, Qt
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

__all__ = ["MIN_PROGRESS_MS", "CancelCheck", "Progress", "run_in_background", "run_with_progress"]

MIN_PROGRESS_MS = 500  # work shorter than this shows no dialog (the status bar still says it)

Progress = Callable[[int, int], object]  # progress(done, total), called by long work as it goes
CancelCheck = Callable[[], bool]  # cancelled(): True once the user pressed Cancel
T = TypeVar("T")


def run_with_progress(parent: QWidget, label: str, title: str, total: int,
                      work: Callable[[Progress, CancelCheck], T],
                      dialog: QProgressDialog | None = None) -> T:
    """Run `work(progress, cancelled)` behind a window-modal progress dialog whose Cancel stops it.

    The dialog appears only if the work runs past MIN_PROGRESS_MS; the status bar says what is
    happening meanwhile. Returns what `work` returns.
    """
    owned = dialog is None
    if dialog is None:
        dialog = QProgressDialog(label, QCoreApplication.translate("LongTasks", "Cancel"), 0, total, parent)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(MIN_PROGRESS_MS)
    dialog.setRange(0, total)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    status = parent.statusBar() if hasattr(parent, "statusBar") else None
    if status is not None:
        status.showMessage(label)

    def progress(i: int, n: int) -> None:
        if dialog.maximum() != n:
            dialog.setMaximum(n)
        # a window-modal dialog's setValue processes events: that is when a Cancel click lands
        dialog.setValue(i)

    try:
        return work(progress, dialog.wasCanceled)
    finally:
        if status is not None and status.currentMessage() == label:
            status.clearMessage()
        dialog.close()
        if owned:
            dialog.deleteLater()


_worker: concurrent.futures.ThreadPoolExecutor | None = None


def run_in_background(parent: QWidget, label: str, title: str,
                      work: Callable[[], T]) -> tuple[bool, T | None]:
    """Run `work()` (pure Python and numpy: no Qt objects) on a worker thread; (True, its result),
    or (False, None) if the user pressed Cancel. Its exceptions are raised here, in the GUI thread.

    Work done within MIN_PROGRESS_MS returns at once, as a plain call would. Longer work shows a
    busy progress dialog whose Cancel returns at once: the result is dropped, nothing is applied
    (Python cannot stop a thread, so a read already begun runs to its end, unseen, and is freed).
    """
    global _worker
    if _worker is None:  # one thread: long tasks come one at a time, behind a modal dialog
        _worker = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="visualnet-work")
    future = _worker.submit(work)
    with contextlib.suppress(concurrent.futures.TimeoutError):
        return True, future.result(timeout=MIN_PROGRESS_MS / 1000)
    # 0..0: a busy bar, no estimate
    dialog = QProgressDialog(label, QCoreApplication.translate("LongTasks", "Cancel"), 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    status = parent.statusBar() if hasattr(parent, "statusBar") else None
    if status is not None:
        status.showMessage(label)
    dialog.show()
    try:
        while not future.done():
            if dialog.wasCanceled():
                future.cancel()
                return False, None
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 30)
            with contextlib.suppress(concurrent.futures.TimeoutError):
                future.result(timeout=0.03)
        return True, future.result()
    finally:
        if status is not None and status.currentMessage() == label:
            status.clearMessage()
        dialog.close()
        dialog.deleteLater()
