"""Printing and "Lagre som PDF" of the current page or card, on A4.

Both take a QTextDocument made for paper (black on white, see
``PageView.printable_document``), lay it out on A4 with 18 mm margins and an
11 pt body font, and print it with ``QTextDocument.print_``.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


def _a4(printer: QPrinter) -> None:
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait, QMarginsF(18, 18, 18, 18),
                         QPageLayout.Unit.Millimeter)
    printer.setPageLayout(layout)


def _prepare(doc: QTextDocument) -> QTextDocument:
    font = QFont(doc.defaultFont())
    font.setPointSizeF(11)
    doc.setDefaultFont(font)
    return doc


def print_document(parent: QWidget, doc: QTextDocument, title: str) -> bool:
    """Show the print dialog and print ``doc``; False if cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    _a4(printer)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Skriv ut"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _prepare(doc).print_(printer)
    return True


def save_pdf(doc: QTextDocument, path: str, title: str) -> None:
    """Write ``doc`` as an A4 PDF to ``path``."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    _a4(printer)
    printer.setDocName(title)
    printer.setCreator("Håndbok – vold i nære relasjoner")
    _prepare(doc).print_(printer)
