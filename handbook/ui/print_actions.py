"""«Skriv ut» and «Lagre som PDF» for whatever view is shown.

The current view either prints itself (the flowchart asks: the path taken or the
whole diagram) or gives a document (:meth:`View.printable`), which goes to the
printer or to a PDF here. Messages go to the window's status line.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QCoreApplication

from handbook.atomic import WriteError


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class PrintActions:
    """Printing for the window.

    Args:
        window: The parent for dialogs.
        current_view: Returns the :class:`~handbook.ui.views.View` on screen.
        discreet: Whether discreet mode is on (neutral job and file names).
        show_message: Shows a confirmation in the status line.
    """

    def __init__(self, window, current_view: Callable, discreet: Callable[[], bool], show_message: Callable[..., None]):
        self.window = window
        self.current_view = current_view
        self.discreet = discreet
        self.show_message = show_message

    def print_current(self) -> None:
        from handbook.ui import paper

        view = self.current_view()
        if view.print_itself():
            return
        printable = view.printable()
        if printable is None:
            self.show_message(_tr("Åpne en side eller hjelpelisten for å skrive ut."))
            return
        doc, title = printable
        said = paper.print_document(self.window, doc, self.job_name(title), shown=title)
        if said:  # sent, saved, or why not: never a traceback
            self.show_message(said, 15_000)

    def save_pdf(self, path: str = "") -> str:
        """Save the current view as PDF (asking where unless ``path`` is given); the path, or '' if not saved.

        «Lagret» is said only once the whole file is on disk; otherwise why not, in bokmål.
        """
        view = self.current_view()
        if not path and view.save_pdf_itself():
            return ""
        printable = view.printable()
        if printable is None:
            self.show_message(_tr("Åpne en side eller hjelpelisten for å lagre som PDF."))
            return ""
        doc, title = printable
        from handbook.ui import paper
        from handbook.ui.file_dialogs import ask_pdf_path

        path = path or ask_pdf_path(self.window, self.pdf_name(title))
        if not path:
            return ""
        try:
            paper.save_pdf(doc, path, title)
        except WriteError as error:
            self.show_message(paper.not_saved_message(error, path), 15_000)
            return ""
        self.show_message(paper.saved_message(path))
        return path

    def pdf_name(self, title: str) -> str:
        from handbook.ui.file_dialogs import suggested_pdf_name

        return suggested_pdf_name(title, self.discreet())

    def job_name(self, title: str) -> str:
        """The print job's name, which the printer's queue and log show to others: neutral when discreet."""
        return _tr("Håndbok") if self.discreet() else title
