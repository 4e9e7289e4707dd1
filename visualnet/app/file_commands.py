"""Open, save, recent files, autosave recovery and problems said to the user (mixed into MainWindow)."""

from __future__ import annotations

import logging
import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

from visualnet import files, lessons
from visualnet.app import exports, i18n
from visualnet.app.documents import problem_text, push_document
from visualnet.app.recovery import Orphan, RecoveryDialog
from visualnet.app.window_parts import WindowParts
from visualnet.session import Session


class FileCommandsMixin(WindowParts):
    """The File menu's commands and what the document controller reports."""

    def open_file(self, path: str) -> bool:
        """Open a session, dataset or lesson file as one undo step; a bad file changes nothing."""
        if lessons.is_lesson_file(path):  # a teacher's lesson: started like a built-in one
            return self.open_lesson_file(path)
        self.set_playing(False)  # the read may wait behind a progress dialog: no training meanwhile
        name = os.path.basename(path)
        doc = self.documents.read(path, lambda work: exports.run_in_background(
            self, self.tr("Reading {name}…").format(name=name), self.tr("Open"), work))
        if doc is None:
            return False
        return self.open_document(doc, path)

    def open_document(self, doc: files.SessionDocument, path: str) -> bool:
        """Apply a document read from `path` as one undo step; one that does not apply changes nothing."""
        self.set_playing(False)
        name = os.path.basename(path)
        self.dataset_view.request_fit()
        try:
            push_document(self.undo_stack, self.session, doc, self.tr("Open {name}").format(name=name))
        except ValueError as err:  # all or nothing: the session is as it was, and no undo step
            self.dataset_view.cancel_fit()
            self.show_problem(self.tr("Could not open the file"),
                              self.tr("{name}: {problem}").format(name=name, problem=i18n.error_text(err)))
            return False
        self.documents.preset = doc.preset
        self.documents.opened(path)
        if doc.view is not None:  # the data view's toggles as the file has them
            self.dataset_view.toggles.set_options(doc.view)
        if doc.notes:  # what reading changed so that the file opens (an old file's settings)
            notes = self.tr("; ").join(i18n.translated(note) for note in doc.notes)
            self.statusBar().showMessage(
                self.tr("Opened {name}; {notes}.").format(name=name, notes=notes), 15000)
        return True

    def open_dialog(self) -> None:
        """Ask for a file to open."""
        path = self.documents.ask_open_path(self)
        if path:
            self.open_file(path)

    def save_as_dialog(self) -> None:
        """Ask where to save."""
        path = self.documents.ask_save_path(self)
        if path:
            self.documents.save(path)

    def _fill_recent_menu(self) -> None:
        self.recent_menu.clear()
        for path in self.documents.recent():
            # mypy cannot type a lambda's default arguments, hence the ignore
            self.recent_menu.addAction(os.path.basename(path), lambda p=path: self.open_file(p))  # type: ignore[misc]
        self.recent_menu.setEnabled(bool(self.recent_menu.actions()))

    def _on_file_changed(self, path: str) -> None:
        name = os.path.basename(path) if path else ""
        self.setWindowTitle(self.tr("{name} — visualnet").format(name=name) if name
                            else self.tr("visualnet — watch a neural network learn"))

    def show_problem(self, title: str, text: str) -> None:
        """Tell the user what went wrong, without blocking the app (and without a traceback)."""
        self.last_problem = text
        self.statusBar().showMessage(text, 10000)
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, self)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def _recover(self) -> None:
        doc = self.documents.recover()
        path = self.documents.autosave_path
        if doc is None or path is None:
            return
        try:
            self.session.apply_document(doc)
        except ValueError as err:
            self.documents.set_aside(path, problem_text(err))
            return
        except Exception as err:  # whatever an autosave holds, the app must start
            logging.getLogger("visualnet").exception("restoring the autosave failed")
            self.session.apply_document(Session().to_document())  # a fresh start, whatever was half done
            self.documents.set_aside(path, f"{type(err).__name__}: {err}")
            return
        self.documents.preset = doc.preset
        self.dataset_view.fit_view()
        self.recovered_message = self.documents.recovery_message(doc)
        self.statusBar().showMessage(self.recovered_message, 15000)

    def _offer_orphans(self) -> None:
        """Offer the work of every other instance that ended without closing (a non-blocking dialog)."""
        orphans = self.documents.orphans()
        if not orphans:
            return
        self.recovery_dialog = RecoveryDialog(orphans, self._restore_orphan, self.documents.keep_orphan,
                                              self.documents.discard_orphan, self)
        self.recovery_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.recovery_dialog.destroyed.connect(lambda: setattr(self, "recovery_dialog", None))
        self.recovery_dialog.show()

    def _restore_orphan(self, orphan: Orphan) -> bool:
        """Bring an orphan's work into this window (one undo step); one that does not apply is set aside."""
        assert orphan.doc is not None
        self.set_playing(False)
        self.dataset_view.request_fit()
        try:
            push_document(self.undo_stack, self.session, orphan.doc, self.tr("Restore unsaved work"))
        except ValueError as err:
            self.dataset_view.cancel_fit()
            self.documents.set_aside(orphan.path, problem_text(err))
            self.documents.keep_orphan(orphan.path)
            return True
        self.documents.preset = orphan.doc.preset
        self.documents.restored_orphan(orphan.path)
        self.statusBar().showMessage(
            self.tr("Restored the unsaved work ({what}).").format(what=orphan.describe()), 10000)
        return True

    def _on_autosave_failed(self, problem: str) -> None:
        if problem:
            # the controller's own copy translates (a signal carries plain text)
            problem = i18n.translated(self.documents.autosave_failing or problem)
            self.autosave_warning.setToolTip(self.tr(
                "The last autosave failed: {problem}. Click to save the session to a file; this stays until "
                "an autosave succeeds.").format(problem=problem))
            self.autosave_warning.show()
            self.statusBar().showMessage(self.tr("Autosave failed: {problem}").format(problem=problem), 10000)
        else:
            self.autosave_warning.hide()

    def report_storage(self, log_problem: str = "") -> str:
        """Say once (status bar and one non-blocking box) if autosave or the log is off, and why.

        Returns the text said ("" if both are on), for the terminal too.
        """
        autosave = self.documents.autosave_off
        if not autosave and not log_problem:
            return ""
        what = (self.tr("Autosave and the log are off") if autosave and log_problem
                else self.tr("Autosave is off") if autosave else self.tr("The log is off"))
        # both live in the data folder: its problem explains both
        text = self.tr("{what}: {problem}. visualnet works, but keeps nothing by itself: save your work with "
                       "File > Save.").format(what=what, problem=i18n.translated(autosave or log_problem))
        self.show_problem(what, text)
        return text

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dragged local file."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open the first dropped local file."""
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_file(url.toLocalFile())
                event.acceptProposedAction()
                return

    def ask_unsaved_changes(self) -> str:
        """Save / Discard / Cancel for changes nothing would keep: "save", "discard" or "cancel"."""
        buttons = QMessageBox.StandardButton
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Unsaved changes"),
                          self.tr("The changes in this window are not saved to a file, and no autosave keeps "
                                  "them once it closes. Save them first?"),
                          buttons.Save | buttons.Discard | buttons.Cancel, self)
        box.setObjectName("unsavedChangesBox")
        box.setDefaultButton(buttons.Save)
        box.exec()
        chosen = box.standardButton(box.clickedButton())
        box.deleteLater()
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(chosen, "cancel")
