"""A handbook page: rendered HTML in a QTextBrowser, with find and highlights.

The browser never fetches anything: links are not followed by Qt
(``setOpenLinks(False)``), ``hb:`` links are routed by the main window, web
addresses are shown in a bar with a copy button (the laptops are offline), and
the document (:class:`~handbook.ui.safe_text.SafeDocument`) serves only the charts
drawn here and the content folder's own images, and refuses everything else.

Signals:
    openSection(str): the user followed an internal link (a section id).
    copied(str): an address was copied (for the confirmation message).
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QTextEdit, QVBoxLayout, QWidget

from handbook.content.model import CHART_SCHEME as CONTENT_CHART_SCHEME
from handbook.ui import charts
from handbook.ui.find_bar import FindBar
from handbook.ui.safe_text import SafeDocument
from handbook.ui.table_widths import balance_columns

CHART_SCHEME = CONTENT_CHART_SCHEME.rstrip(":")
_CHART_IMAGE = re.compile(r'<img src="' + re.escape(CONTENT_CHART_SCHEME) + r'([A-Za-z0-9_-]+)"')
CHART_WIDTH = 640
CHART_MIN_WIDTH = 320
_TABLE = re.compile(r"<table>")
# Qt drops an empty <a name>; the anchor must wrap the heading's text to survive.
_ANCHOR_HEADING = re.compile(r'^<a name="([^"]+)"></a>\s*<h([1-6])([^>]*)>(.*?)</h\2>', re.S)


def page_css(pal: QPalette) -> str:
    """The page style sheet, from palette roles (dark mode, high contrast).

    A chart's caption sits tight above it, a table's source tight below it; the
    handbook's editorial notes (``p.merknad``) stand apart from the plan's text on a
    tinted, indented block.
    """
    text = pal.color(QPalette.ColorRole.Text).name()
    muted = pal.color(QPalette.ColorRole.PlaceholderText).name()
    alt = pal.color(QPalette.ColorRole.AlternateBase).name()
    return (
        f"body {{ color: {text}; }} "
        f"th {{ background-color: {alt}; text-align: left; }} "
        f"em {{ color: {muted}; }} h1 {{ margin-top: 0; }} "
        "p, li { line-height: 135%; } "
        "p.figur { margin-top: 14px; margin-bottom: 4px; } "
        f"span.figurtekst {{ color: {muted}; font-size: small; }} "
        "p.diagram { line-height: 100%; margin-top: 0; margin-bottom: 14px; } "
        "p.tabelltittel { margin-top: 14px; margin-bottom: 4px; } "
        "p.kilde { margin-top: 4px; font-size: small; } "
        f"p.merknad {{ background-color: {alt}; color: {text}; margin-left: 12px; margin-right: 12px; "
        "margin-top: 10px; margin-bottom: 14px; font-style: italic; } "
        f"p.merknad em {{ color: {text}; }}"
    )


def print_palette() -> QPalette:
    """Black on white, for paper, whatever the screen's theme."""
    pal = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Text, "#000000"),
        (QPalette.ColorRole.Base, "#ffffff"),
        (QPalette.ColorRole.Link, "#1a4fa0"),
        (QPalette.ColorRole.PlaceholderText, "#444444"),
        (QPalette.ColorRole.AlternateBase, "#eeeeee"),
    ):
        pal.setColor(role, QColor(colour))
    return pal


def page_body_html(page, handbook, chart_width: int = CHART_WIDTH, chart_heights: dict[str, int] | None = None) -> str:
    """The page's sections, with tables bordered and each chart (placed by the content) ``chart_width`` wide.

    Args:
        chart_heights: a height for each chart (paper reserves the room and draws the chart there).
    """
    heights = chart_heights or {}

    def size(match: re.Match) -> str:
        height = heights.get(match.group(1))
        return match.group(0) + f' width="{chart_width}"' + (f' height="{height}"' if height else "")

    parts = []
    for section in page.sections:
        html = _ANCHOR_HEADING.sub(r'<h\2\3><a name="\1">\4</a></h\2>', section.html, count=1)
        html = _CHART_IMAGE.sub(size, html)
        parts.append(_TABLE.sub('<table border="1" cellspacing="0" cellpadding="5">', html))
    return "\n".join(parts)


def printable_document(page, handbook) -> QTextDocument:
    """``page`` as a black-on-white document for printing or PDF, charts included.

    Charts are drawn with the paper's 11 pt font, as wide as A4's text, as vector graphics
    (:class:`~handbook.ui.charts.PaperDocument`): sharp on paper, their numbers text in a PDF.
    """
    from handbook.ui import paper

    pal = print_palette()
    font = QFont(QTextDocument().defaultFont())
    font.setPointSizeF(paper.BODY_PT)
    tables = {t.id: t for t in handbook.tables if t.chart}
    doc = charts.PaperDocument(tables, pal, font, CONTENT_CHART_SCHEME, content_dir=handbook.content_dir)
    doc.setDefaultStyleSheet(page_css(pal))
    width = int(paper.text_width())
    heights = {table_id: int(doc.chart_height(table_id)) + 1 for table_id in tables}
    doc.setHtml(page_body_html(page, handbook, width, heights))
    return doc


class ContentBrowser(QTextBrowser):
    """A QTextBrowser that only ever loads the charts it is given (and the content's own images),
    and keeps the reader's place.

    Text zoom and a new width lay the page out anew; the line at the top of the
    view stays at the top (Qt would keep the pixel offset, which then points at
    another part of the page).
    """

    widthChanged = Signal()  # the view got wider or narrower (charts may need redrawing)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDocument(SafeDocument(self))
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # Text wraps; a 1-pixel table border must not bring a horizontal scrollbar.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    @property
    def charts(self) -> dict:
        """The charts shown, by table id (the document serves them as ``chart:ID``)."""
        prefix = CHART_SCHEME + ":"
        return {k[len(prefix):]: v for k, v in self.document().images.items() if k.startswith(prefix)}

    @charts.setter
    def charts(self, images: dict) -> None:
        self.document().images = {f"{CHART_SCHEME}:{key}": image for key, image in images.items()}

    def loadResource(self, kind: int, name: QUrl):  # noqa: N802 - Qt's name
        return self.document().loadResource(kind, name)  # the document's policy, nothing of QTextBrowser's own

    def reading_position(self) -> tuple[int, int]:
        """(document position of the first line in view, that line's offset from the view's top)."""
        if self.verticalScrollBar().value() == 0:
            return 0, 0
        cursor = self.cursorForPosition(QPoint(2, 2))
        return cursor.position(), self.cursorRect(cursor).top()

    def restore_position(self, place: tuple[int, int]) -> None:
        """Scroll so the line at ``place`` (from :meth:`reading_position`) is where it was."""
        position, offset = place
        bar = self.verticalScrollBar()
        if position <= 0:
            bar.setValue(0)
            return
        doc = self.document()
        # Qt lays a long document out lazily and widens the scroll range later: lay it all out
        # now and widen the range as Qt will, or the value is cut to the old range.
        layout = doc.documentLayout()
        layout.blockBoundingRect(doc.lastBlock())
        bar.setMaximum(max(bar.maximum(), int(layout.documentSize().height()) - self.viewport().height()))
        cursor = QTextCursor(doc)
        cursor.setPosition(min(position, doc.characterCount() - 1))
        bar.setValue(bar.value() + self.cursorRect(cursor).top() - offset)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        place = self.reading_position()
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.restore_position(place)
            self.widthChanged.emit()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        place = self.reading_position() if event.type() == QEvent.Type.FontChange else None
        super().changeEvent(event)
        if place is not None:
            self.restore_position(place)


class PageView(QWidget):
    openSection = Signal(str)
    copied = Signal(str)
    findCount = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handbook = None
        self.page = None
        self.section_id = ""
        self.terms: tuple[str, ...] = ()
        self._chart_width = 0
        self.browser = ContentBrowser(self)
        self.browser.setAccessibleName(self.tr("Sideinnhold"))
        self.find_bar = FindBar(self)
        self.address_bar = QWidget(self)
        self.address_label = QLabel(self.address_bar)
        self.address_label.setTextFormat(Qt.TextFormat.PlainText)  # an address from the content: never HTML
        self.address_label.setWordWrap(True)
        copy = QPushButton(self.tr("Kopier adressen"), self.address_bar)
        copy.setAccessibleName(self.tr("Kopier nettadressen"))
        close = QPushButton(self.tr("Lukk"), self.address_bar)
        row = QHBoxLayout(self.address_bar)
        row.setContentsMargins(6, 4, 6, 4)
        row.addWidget(self.address_label, 1)
        row.addWidget(copy)
        row.addWidget(close)
        self.address_bar.hide()
        self._address = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.address_bar)
        layout.addWidget(self.find_bar)
        self._hit_selections: list = []
        self._find_selections: list = []
        self._find_index = -1
        self._find_text = ""
        self.browser.anchorClicked.connect(self._on_link)
        self.browser.widthChanged.connect(self._on_browser_width)
        copy.clicked.connect(self._copy_address)
        close.clicked.connect(self.address_bar.hide)
        self.find_bar.find.connect(self.find_text)
        self.find_bar.closed.connect(self._clear_find)
        self.setFocusProxy(self.browser)

    # -- showing ---------------------------------------------------------------

    def set_handbook(self, handbook) -> None:
        self.handbook = handbook
        self.page = None
        self.section_id = ""
        self.browser.clear()
        self.browser.document().set_content_dir(handbook.content_dir if handbook is not None else None)

    def show_section(self, section_id: str, terms: tuple[str, ...] = ()) -> bool:
        """Show the page holding ``section_id``, scrolled to it, ``terms`` highlighted."""
        if self.handbook is None:
            return False
        section = self.handbook.section(section_id)
        page = self.handbook.page(section.page if section is not None else section_id)
        if page is None:
            return False
        if page is not self.page:
            self.page = page
            self._render()
        self.section_id = section.id if section is not None else page.id
        self.terms = tuple(terms)
        self._highlight_terms()
        anchor = section.anchor if section is not None else ""
        self._scroll_to(anchor)
        QTimer.singleShot(0, lambda a=anchor, sid=self.section_id: sid == self.section_id and self._scroll_to(a))
        return True

    def _scroll_to(self, anchor: str) -> None:
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def chart_width(self) -> int:
        """Charts grow with the zoom like the text around them (11 pt is 100 %), but never
        beyond the view: the page has no sideways scrolling."""
        wanted = int(CHART_WIDTH * max(1.0, self.browser.font().pointSizeF() / 11.0))
        room = self.browser.viewport().width() - 2 * int(self.browser.document().documentMargin()) - 4
        return max(CHART_MIN_WIDTH, min(wanted, room))

    def _render(self) -> None:
        pal = self.browser.palette()
        width = self._chart_width = self.chart_width()
        scale = max(1.0, self.browser.devicePixelRatioF())
        self.browser.charts = {
            t.id: charts.render_chart(t, width, pal, self.browser.font(), scale)
            for t in self.handbook.tables
            if t.chart and any(t.id in s.tables for s in self.page.sections)
        }
        self.browser.document().setDefaultStyleSheet(page_css(pal))
        self.browser.document().setDocumentMargin(16)
        self.browser.setHtml(page_body_html(self.page, self.handbook, width))
        balance_columns(self.browser.document(), self.browser.viewport().width() - 2 * 16)
        self._find_selections = []
        self._find_index = -1
        self._find_text = ""
        if self.find_bar.isVisible() and self.find_bar.edit.text():
            self.find_text(self.find_bar.edit.text(), False)

    def rerender(self) -> None:
        """Render again (zoom, palette or width changed), keeping the reading position."""
        if self.page is None:
            return
        place = self.browser.reading_position()
        self._render()
        self._highlight_terms()
        self.browser.restore_position(place)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            QTimer.singleShot(0, self.rerender)

    def _on_browser_width(self) -> None:
        if self.page is not None and self.browser.charts and self.chart_width() != self._chart_width:
            QTimer.singleShot(0, self._rerender_if_width_changed)

    def _rerender_if_width_changed(self) -> None:
        if self.page is not None and self.browser.charts and self.chart_width() != self._chart_width:
            self.rerender()

    # -- highlights and find -----------------------------------------------------

    def _selections(self, words, fmt: QTextCharFormat, whole_words: bool = False, span=None) -> list:
        """One extra selection per occurrence of each word (within ``span`` = (start, end))."""
        doc = self.browser.document()
        flags = QTextDocument.FindFlag.FindWholeWords if whole_words else QTextDocument.FindFlag(0)
        start, end = span if span is not None else (0, doc.characterCount())
        out = []
        for word in words:
            if not word.strip():
                continue
            cursor = QTextCursor(doc)
            cursor.setPosition(start)
            while True:
                cursor = doc.find(word, cursor, flags)
                if cursor.isNull() or cursor.selectionEnd() > end:
                    break
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cursor
                sel.format = fmt
                out.append(sel)
        out.sort(key=lambda s: s.cursor.selectionStart())
        return out

    def _analysed_selections(self, text: str, fmt: QTextCharFormat) -> list | None:
        """One selection per place the search's analysis finds ``text`` (None: no words in it)."""
        from handbook.search.textmatch import find_spans, query_words  # after the window is shown

        if not query_words(text):
            return None
        doc = self.browser.document()
        out = []
        block = doc.begin()
        while block.isValid():
            for start, end in find_spans(block.text(), text):
                cursor = QTextCursor(doc)
                cursor.setPosition(block.position() + start)
                cursor.setPosition(block.position() + end, QTextCursor.MoveMode.KeepAnchor)
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cursor
                sel.format = fmt
                out.append(sel)
            block = block.next()
        return out

    def _highlight_terms(self) -> None:
        pal = self.browser.palette()
        fmt = QTextCharFormat()
        fmt.setBackground(pal.color(QPalette.ColorRole.Highlight))
        fmt.setForeground(pal.color(QPalette.ColorRole.HighlightedText))
        self._hit_selections = self._selections(self.terms, fmt, whole_words=True, span=self._section_span())
        self._apply_selections()

    def _anchor_positions(self) -> dict[str, int]:
        """Where each named anchor starts in the rendered document."""
        positions: dict[str, int] = {}
        block = self.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                for name in fragment.charFormat().anchorNames():
                    positions.setdefault(name, fragment.position())
                it += 1
            block = block.next()
        return positions

    def _section_span(self) -> tuple[int, int] | None:
        """The part of the page that belongs to the current section, for its highlights."""
        if self.page is None:
            return None
        anchors = self._anchor_positions()
        ids = [s.id for s in self.page.sections]
        if self.section_id not in ids:
            return None
        i = ids.index(self.section_id)
        here = self.page.sections[i].anchor
        start = anchors.get(here, 0) if here else 0
        end = self.browser.document().characterCount()
        for later in self.page.sections[i + 1 :]:
            if later.anchor in anchors and anchors[later.anchor] > start:
                end = anchors[later.anchor]
                break
        return start, end

    def highlighted_words(self) -> list[str]:
        """The page text under each search highlight (for tests and accessibility)."""
        return [s.cursor.selectedText() for s in self._hit_selections]

    def _apply_selections(self) -> None:
        extra = list(self._hit_selections) + list(self._find_selections)
        if 0 <= self._find_index < len(self._find_selections):
            current = QTextEdit.ExtraSelection()
            current.cursor = self._find_selections[self._find_index].cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ff9632"))
            fmt.setForeground(QColor("#000000"))
            current.format = fmt
            extra.append(current)
        self.browser.setExtraSelections(extra)

    def find_text(self, text: str, backward: bool) -> None:
        """Find ``text`` in the page with the search's analysis; marks every match and moves to the next one."""
        fresh = text != self._find_text or self._find_index < 0
        self._find_text = text
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe066"))
        fmt.setForeground(QColor("#000000"))
        # Words are found as search finds them ("barnevern" → "Barnevernstjenesten",
        # "okonomisk" → "Økonomisk"); text without words ("§", "?") is found as typed.
        found = self._analysed_selections(text, fmt) if text else []
        self._find_selections = found if found is not None else self._selections([text], fmt)
        total = len(self._find_selections)
        if not total:
            self._find_index = -1
        elif fresh:
            # New text: the first match at or after the top of the view.
            top = self.browser.cursorForPosition(self.browser.viewport().rect().topLeft()).position()
            self._find_index = next(
                (i for i, s in enumerate(self._find_selections) if s.cursor.selectionStart() >= top), 0
            )
        else:
            self._find_index = (self._find_index + (-1 if backward else 1)) % total
        if total:
            self.browser.setTextCursor(QTextCursor(self._find_selections[self._find_index].cursor))
            self.browser.ensureCursorVisible()
        self._apply_selections()
        self.find_bar.set_count(self._find_index + 1 if total else 0, total)
        self.findCount.emit(self._find_index + 1 if total else 0, total)

    def _clear_find(self) -> None:
        self._find_selections = []
        self._find_index = -1
        self._find_text = ""
        self._apply_selections()
        self.browser.setFocus()

    # -- links ------------------------------------------------------------------

    def _on_link(self, url: QUrl) -> None:
        text = url.toString()
        if text.startswith("hb:"):
            target = text[3:]
            if target.startswith("#") and self.page is not None:
                target = self.page.id + target
            self.openSection.emit(target)
        elif url.scheme() in ("http", "https", "mailto", "tel"):
            self.show_address(text)

    def show_address(self, address: str) -> None:
        """Show a web address with a copy button instead of opening it."""
        self._address = address.removeprefix("mailto:").removeprefix("tel:")
        self.address_label.setText(
            self.tr("Nettadresse (åpnes ikke her – maskinen er uten nett): {a}").format(a=self._address)
        )
        self.address_bar.show()

    def _copy_address(self) -> None:
        QGuiApplication.clipboard().setText(self._address)
        self.copied.emit(self._address)

    # -- printing ---------------------------------------------------------------

    def printable_document(self) -> QTextDocument | None:
        """A black-on-white copy of the page for printing or PDF."""
        return printable_document(self.page, self.handbook) if self.page is not None else None

    def clear(self) -> None:
        """Show nothing: no page, no highlights, no find text, no address (quick hide)."""
        self.page = None
        self.section_id = ""
        self.terms = ()
        self._hit_selections = []
        self._find_selections = []
        self._find_index = -1
        self._find_text = ""
        self.browser.setExtraSelections([])
        self.browser.clear()
        self.find_bar.clear()
        self._address = ""
        self.address_label.setText("")
        self.address_bar.hide()
