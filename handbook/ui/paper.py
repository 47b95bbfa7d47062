"""Printing and "Lagre som PDF" of a page or card, on A4, paginated here.

"Lagre som PDF" writes with QPdfWriter and never touches the print system: a
QPrinter loads the platform's print support, which asks CUPS on 127.0.0.1:631
(or a municipal ``CUPS_SERVER``) for printers and can stall for seconds. The
print system is opened only when the user prints.

Both lay the document out the same way (:func:`paginate`): A4, 18 mm margins,
an 11 pt body; a heading, a table's title, a chart's caption or a lead-in line
ending in ":" is never left alone at the foot of a page, and a table's header
row is never left without a row under it. Each page gets a footer with the
title and "Side n av N"; the page count stops at the last line of text, so
there is no blank last page.

A PDF is painted into memory and checked (``%PDF-`` … ``%%EOF``) before one byte reaches
the disk, then written through :mod:`handbook.atomic` (temporary file, fsync, size check,
rename): a full disk or a read-only folder raises :class:`~handbook.atomic.WriteError`
with its bokmål message, the previous file stays as it was, and «Lagret» is said only after
the rename. The print dialog's «Skriv til fil» takes the same way. Printing says what
happened in bokmål (:func:`print_with_dialog`): no printer, a printer that would not start.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPagedPaintDevice,
    QPainter,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)
from PySide6.QtWidgets import QWidget

from handbook import atomic
from handbook.ui.table_widths import balance_columns

PAGE_MARGIN_MM = 18.0
BODY_PT = 11.0
FOOTER_PT = 8.0
PDF_DPI = 600
CREATOR = "Håndbok – vold i nære relasjoner"
MAX_PASSES = 200  # keep-with-next moves; each pass moves one block to a new page


def _tr(text: str) -> str:
    return QCoreApplication.translate("printing", text)


def a4_layout(landscape: bool = False, margin_mm: float = PAGE_MARGIN_MM) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    margins = QMarginsF(margin_mm, margin_mm, margin_mm, margin_mm)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, margins, QPageLayout.Unit.Millimeter)


def pdf_writer(target: str | QIODevice, title: str, layout: QPageLayout | None = None) -> QPdfWriter:
    """A QPdfWriter for ``target`` (a path or a device) with an A4 page layout; no print system involved."""
    writer = QPdfWriter(target)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(layout or a4_layout())
    writer.setTitle(title)
    writer.setCreator(CREATOR)
    return writer


def layout_dpi() -> float:
    """The resolution a QTextDocument without a paint device lays text out at (the screen's)."""
    screen = QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInchY() if screen is not None else 96.0


def text_width(page_layout: QPageLayout | None = None, dpi: float | None = None) -> float:
    """The width of a page's text in layout pixels (A4 with 18 mm margins by default)."""
    return (page_layout or a4_layout()).paintRect(QPageLayout.Unit.Inch).width() * (dpi or layout_dpi())


@dataclass(frozen=True)
class Pages:
    """A paginated document: its page size in layout pixels and how many pages hold content."""

    doc: QTextDocument
    width: float
    height: float
    count: int


def _footer_height(dpi: float) -> float:
    return FOOTER_PT / 72 * dpi * 2.4


def _keeps_with_next(block: QTextBlock) -> bool:
    """A heading, a lead-in ending in ':' or a block right before a table or a chart."""
    text = block.text().strip()
    if not text or "\ufffc" in text:
        return False
    if block.blockFormat().headingLevel() > 0 or text.endswith(":"):
        return True
    following = block.next()
    if not following.isValid():
        return False
    if QTextCursor(following).currentTable() is not None and QTextCursor(block).currentTable() is None:
        return True
    return "\ufffc" in following.text()  # a chart (an image) follows its caption


def _page_of(y: float, page_height: float) -> int:
    """The page a line starting at ``y`` is on (a line moved to a new page may start a hair above it)."""
    return int((y + 1.0) // page_height)


def _break_before(doc: QTextDocument, block: QTextBlock) -> None:
    fmt = QTextBlockFormat(block.blockFormat())
    fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    QTextCursor(block).setBlockFormat(fmt)
    _relayout(doc)


def _relayout(doc: QTextDocument) -> None:
    """Lay the whole document out again, now: Qt's incremental layout after a format change
    leaves later blocks (and tables) at stale places until it gets round to them."""
    doc.markContentsDirty(0, doc.characterCount())
    doc.documentLayout().documentSize()


def _line_top(doc: QTextDocument, block: QTextBlock, last: bool = False) -> float:
    """Where the block's first (or last) line starts: a line that did not fit was moved to the
    next page, while the block's own rectangle still starts on the page before."""
    top = doc.documentLayout().blockBoundingRect(block).top()
    lines = block.layout()
    if lines is not None and lines.lineCount():
        top += lines.lineAt(lines.lineCount() - 1 if last else 0).y()
    return top


def _at_page_top(doc: QTextDocument, block: QTextBlock, page_height: float) -> bool:
    top = _line_top(doc, block)
    return abs(top - round(top / page_height) * page_height) < 1.0


def _chain_start(doc: QTextDocument, block: QTextBlock, page_height: float) -> QTextBlock:
    """The first of the blocks before ``block`` that keep with the next one on its page: they
    move together (a lead-in, a table title, a table), or a lead-in would be left behind."""
    page = _page_of(_line_top(doc, block), page_height)
    start = block
    previous = start.previous()
    while (previous.isValid() and _keeps_with_next(previous) and not _at_page_top(doc, start, page_height)
           and _page_of(_line_top(doc, previous, last=True), page_height) == page):
        start = previous
        previous = start.previous()
    return start


def _lonely_block(doc: QTextDocument, page_height: float) -> QTextBlock | None:
    """The first block that must move to the next page to stay with what follows it."""
    block = doc.begin()
    while block.isValid():
        following = block.next()
        if following.isValid() and _keeps_with_next(block) and not _at_page_top(doc, block, page_height):
            first = _page_of(_line_top(doc, block), page_height)
            here = _page_of(_line_top(doc, block, last=True), page_height)
            if here > first or _page_of(_line_top(doc, following), page_height) > here:
                return block  # split over two pages, or the last line on a page before what it leads to
        block = following
    return None


def _lonely_header(doc: QTextDocument, page_height: float) -> QTextBlock | None:
    """The block before a table whose header rows end a page, with the body rows on the next."""
    seen = set()
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None and table.firstPosition() not in seen:
            seen.add(table.firstPosition())
            header_rows = table.format().headerRowCount()
            if 0 < header_rows < table.rows():
                head = _line_top(doc, table.cellAt(0, 0).firstCursorPosition().block())
                body = _line_top(doc, table.cellAt(header_rows, 0).firstCursorPosition().block())
                before = doc.findBlock(table.firstPosition() - 1)
                if _page_of(body, page_height) > _page_of(head, page_height) and before.isValid() \
                        and QTextCursor(before).currentTable() is None:
                    return before
        block = block.next()
    return None


def _content_bottom(doc: QTextDocument) -> float:
    layout = doc.documentLayout()
    block = doc.lastBlock()
    while block.isValid():
        if block.text().strip() or QTextCursor(block).currentTable() is not None:
            return layout.blockBoundingRect(block).bottom()
        block = block.previous()
    return 0.0


def paginate(doc: QTextDocument, page_layout: QPageLayout | None = None, dpi: float | None = None) -> Pages:
    """Lay ``doc`` out on A4 pages (in layout pixels), keeping headings and captions with what follows.

    Args:
        doc: a document made for paper (black on white); its default font is set to 11 pt.
        page_layout: the page (A4 portrait with 18 mm margins by default).
        dpi: the layout's resolution (the screen's by default).
    """
    page_layout = page_layout or a4_layout()
    dpi = dpi or layout_dpi()
    font = QFont(doc.defaultFont())
    font.setPointSizeF(BODY_PT)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    rect = page_layout.paintRect(QPageLayout.Unit.Inch)
    width, height = text_width(page_layout, dpi), rect.height() * dpi - _footer_height(dpi)
    balance_columns(doc, width)
    doc.setPageSize(QSizeF(width, height))
    _relayout(doc)
    for _ in range(MAX_PASSES):
        block = _lonely_block(doc, height) or _lonely_header(doc, height)
        if block is None:
            break
        start = _chain_start(doc, block, height)
        if _at_page_top(doc, start, height):
            break  # the chain is longer than a page: leave it as it is
        _break_before(doc, start)
    count = max(1, int(max(0.0, _content_bottom(doc) - 1.0) // height) + 1)
    return Pages(doc, width, height, count)


def render(pages: Pages, device: QPagedPaintDevice, title: str, dpi: float | None = None) -> None:
    """Paint ``pages`` on ``device`` (a QPdfWriter or a QPrinter), one page each, with footers."""
    dpi = dpi or layout_dpi()
    resolution = device.resolution() if hasattr(device, "resolution") else device.logicalDpiY()
    scale = resolution / dpi
    painter = QPainter()
    if not painter.begin(device):
        raise OSError(_tr("Kunne ikke skrive PDF-filen eller starte utskriften."))
    try:
        footer_font = QFont(pages.doc.defaultFont())
        footer_font.setPixelSize(round(FOOTER_PT / 72 * dpi))  # layout pixels, like the text it sits under
        footer_font.setBold(False)
        for page in range(pages.count):
            if page:
                device.newPage()
            painter.save()
            painter.scale(scale, scale)
            painter.translate(0, -page * pages.height)
            clip = QRectF(0, page * pages.height, pages.width, pages.height)
            pages.doc.drawContents(painter, clip)
            if hasattr(pages.doc, "paint_extras"):
                painter.setClipRect(clip)
                pages.doc.paint_extras(painter, clip)
            painter.restore()
            painter.save()
            painter.scale(scale, scale)
            painter.setFont(footer_font)
            box = QRectF(QPointF(0, pages.height), QSizeF(pages.width, _footer_height(dpi)))
            painter.drawLine(box.topLeft() + QPointF(0, 4), box.topRight() + QPointF(0, 4))
            flags = Qt.AlignmentFlag.AlignBottom
            painter.drawText(box, int(flags | Qt.AlignmentFlag.AlignLeft), title)
            painter.drawText(box, int(flags | Qt.AlignmentFlag.AlignRight),
                             _tr("Side {n} av {total}").format(n=page + 1, total=pages.count))
            painter.restore()
    finally:
        painter.end()


def is_whole_pdf(data: bytes) -> bool:
    """Whether ``data`` (or its first and last bytes) is a PDF that was finished: ``%PDF-`` … ``%%EOF``."""
    return data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def pdf_bytes(paint: Callable[[QPdfWriter], object], title: str, layout: QPageLayout | None = None) -> tuple[bytes, object]:
    """Paint a PDF into memory with ``paint(writer)``: (the checked bytes, what ``paint`` returned).

    Raises:
        atomic.WriteError: the PDF could not be made whole (nothing was written anywhere).
    """
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf_writer(buffer, title, layout)
    result = paint(writer)
    del writer  # the trailer is written when the painter ends; the writer must not outlive the buffer
    data = bytes(buffer.data())
    buffer.close()
    if not is_whole_pdf(data):
        raise atomic.WriteError(title, what=_tr("PDF-en ble ikke laget ferdig."),
                                advice=_tr("Prøv igjen, og meld fra om feilen hvis den kommer igjen."))
    return data, result


def write_pdf(path: str, paint: Callable[[QPdfWriter], object], title: str,
              layout: QPageLayout | None = None) -> object:
    """Paint a PDF and write it to ``path`` whole or not at all; returns what ``paint`` returned.

    Raises:
        atomic.WriteError: the PDF was not saved; its ``message()`` says why in bokmål, the
            previous file at ``path`` is unchanged and no partial file is left.
    """
    data, result = pdf_bytes(paint, title, layout)
    atomic.write_bytes(path, data, check=is_whole_pdf)
    return result


def save_pdf(doc: QTextDocument, path: str, title: str) -> int:
    """Write ``doc`` as an A4 PDF to ``path`` (no print system). Returns the number of pages.

    Raises:
        atomic.WriteError: the PDF was not saved (see :func:`write_pdf`).
    """
    return write_pdf(path, lambda writer: _paint_pages(doc, writer, title), title)


def _paint_pages(doc: QTextDocument, device, title: str) -> int:
    pages = paginate(doc, device.pageLayout())
    render(pages, device, title)
    return pages.count


def saved_message(path: str) -> str:
    return _tr("Lagret: {p}").format(p=path)


def not_saved_message(error: atomic.WriteError, path: str) -> str:
    """«Håndbok.pdf» ble ikke lagret. Disken er full. Frigjør plass …"""
    return error.message(os.path.basename(path) or path)


def print_with_dialog(parent: QWidget, paint: Callable[[object], object], job_name: str,
                      layout: QPageLayout | None = None, shown: str | None = None) -> str:
    """Show the print dialog and print with ``paint(device)``. Opens the print system.

    Returns:
        What happened, in bokmål, for the status line ('' when the user cancelled): sent to the
        printer, saved (the dialog's «Skriv til fil», written like «Lagre som PDF»), no printer
        on this machine, or a printer that would not start. Never raises for any of these.
        ``shown`` names the document in that message (default: ``job_name``).
    """
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrinterInfo
    from PySide6.QtWidgets import QDialog

    from handbook.ui.geometry import fit_dialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(layout or a4_layout())
    printer.setDocName(job_name)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_tr("Skriv ut"))
    fit_dialog(dialog)  # its own size is taller than a 300 % screen
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return ""
    if printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:  # «Skriv til fil»: the same way as «Lagre som PDF»
        path = printer.outputFileName()
        if not path or path.endswith(("/", "\\")) or os.path.isdir(path):  # no printer, no file name: Qt's default
            if not QPrinterInfo.availablePrinters():
                return _tr("Fant ingen skriver på denne maskinen. Lagre siden som PDF (Ctrl+Shift+S), og skriv ut "
                           "PDF-en fra en maskin med skriver.")
            return _tr("Ingen skriver var valgt. Velg en skriver, eller lagre siden som PDF (Ctrl+Shift+S).")
        try:
            write_pdf(path, paint, job_name, printer.pageLayout())
        except atomic.WriteError as error:
            return not_saved_message(error, path)
        return saved_message(path)
    try:
        paint(printer)
    except OSError:
        return _tr("Utskriften kunne ikke startes. Sjekk at skriveren er slått på og koblet til, eller lagre "
                   "siden som PDF (Ctrl+Shift+S).")
    return _tr("Sendt til skriveren: {t}").format(t=shown or job_name)


def print_document(parent: QWidget, doc: QTextDocument, job_name: str, shown: str | None = None) -> str:
    """Print ``doc`` through the print dialog; what happened, in bokmål ('' if cancelled)."""
    return print_with_dialog(parent, lambda device: _paint_pages(doc, device, job_name), job_name, shown=shown)
