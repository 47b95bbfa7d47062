"""The search results list: one rich row per hit, drawn by a delegate.

A row shows the title, "page › section", the snippet with the matched words
in bold and the answer: the numbers grouped and large (largest for the top
hit) for a contact and for a flowchart step or duty card that leads to one,
or the definition of a form of violence; then which situation brought it
("fordi: barn · skade"). Colours come from the palette, so the list follows
dark mode and high contrast.

Signals:
    openItem(object): the user activated a row (Enter, click); a ResultItem.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QAbstractItemView, QLabel, QListView, QStyle, QStyledItemDelegate, QVBoxLayout, QWidget

from handbook.ui.reading_bar import ReadingBar
from handbook.ui.results_model import ITEM_ROLE, ResultsModel
from handbook.ui.safe_text import SafeDocument

PAD = 10


def open_hint(kind: str) -> str:
    """The top row's key hint: Ctrl+C copies the number, Enter opens where the hit is."""
    tr = QCoreApplication.translate
    if kind == "contact":
        return tr("ResultsView", "Ctrl+C kopierer nummeret · Enter åpner hjelpelisten")
    if kind == "flow":
        return tr("ResultsView", "Ctrl+C kopierer nummeret · Enter åpner steget i flytskjemaet")
    if kind == "card":
        return tr("ResultsView", "Ctrl+C kopierer nummeret · Enter åpner pliktkortet")
    return tr("ResultsView", "Ctrl+C kopierer nummeret · Enter åpner teksten")


def row_html(item, top: bool, colours: dict[str, str]) -> str:
    """The HTML of one result row."""
    parts = [
        f'<div style="font-size:large; font-weight:600;">{html.escape(item.hit.title)}</div>',
        f'<div style="color:{colours["muted"]};">{html.escape(item.breadcrumb)}</div>',
    ]
    if item.numbers:
        size = "xx-large" if top else "x-large"
        for display, _digits, label in item.numbers:
            parts.append(
                f'<div><span style="font-size:{size}; font-weight:bold;">{html.escape(display)}</span>'
                f'&nbsp;&nbsp;<span style="color:{colours["muted"]};">{html.escape(label)}</span></div>'
            )
        if top:
            hint = open_hint(item.hit.kind)
            parts.append(f'<div style="color:{colours["muted"]};">{html.escape(hint)}</div>')
    if item.definition:
        size = "large" if top else "medium"
        parts.append(f'<div style="font-size:{size};">{html.escape(item.definition)}</div>')
    snippet = (item.hit.snippet or "").replace("<mark>", "<b>").replace("</mark>", "</b>")
    if snippet and not item.has_answer:
        parts.append(f"<div>{snippet}</div>")
    if item.because:
        why = QCoreApplication.translate("ResultsView", "fordi: {why}").format(why=" · ".join(item.because))
        parts.append(f'<div style="color:{colours["muted"]};"><i>{html.escape(why)}</i></div>')
    return "".join(parts)


class ResultDelegate(QStyledItemDelegate):
    """Paints a row's HTML with QTextDocument; caches documents per row and width."""

    def __init__(self, view: QListView) -> None:
        super().__init__(view)
        self._view = view
        self._cache: dict[tuple, QTextDocument] = {}

    def clear_cache(self) -> None:
        self._cache.clear()

    def _document(self, index: QModelIndex, selected: bool) -> QTextDocument:
        item = index.data(ITEM_ROLE)
        width = max(200, self._view.viewport().width() - 2 * PAD)
        key = (index.row(), id(item), width, selected, self._view.font().pointSizeF())
        doc = self._cache.get(key)
        if doc is None:
            pal = self._view.palette()
            text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
            muted = pal.color(text_role) if selected else pal.color(QPalette.ColorRole.PlaceholderText)
            doc = SafeDocument()  # a snippet never loads anything
            doc.setDefaultFont(self._view.font())
            doc.setDocumentMargin(0)
            doc.setDefaultStyleSheet(f"body {{ color: {pal.color(text_role).name()}; }}")
            doc.setHtml(row_html(item, index.row() == 0, {"muted": muted.name()}))
            doc.setTextWidth(width)
            self._cache[key] = doc
        return doc

    def paint(self, painter, option, index) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        style = self._view.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, self._view)
        doc = self._document(index, selected)
        painter.save()
        painter.translate(option.rect.left() + PAD, option.rect.top() + PAD)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, self._view.palette().color(role))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        if option.state & QStyle.StateFlag.State_HasFocus:
            painter.save()
            pen = painter.pen()
            pen.setColor(self._view.palette().color(QPalette.ColorRole.Highlight))
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()

    def sizeHint(self, option, index) -> QSize:
        doc = self._document(index, False)
        return QSize(self._view.viewport().width(), int(doc.size().height()) + 2 * PAD)


class ResultsView(QListView):
    """The list of hits; its delegate re-lays rows when the width or font changes."""

    openItem = Signal(object)

    def __init__(self, model: ResultsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self._delegate = ResultDelegate(self)
        self.setItemDelegate(self._delegate)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setUniformItemSizes(False)
        self.setWordWrap(True)
        self.setSpacing(2)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(self.tr("Søkeresultater"))
        model.modelReset.connect(self._delegate.clear_cache)
        self.activated.connect(self._activate)
        self.clicked.connect(self._activate)

    def _activate(self, index: QModelIndex) -> None:
        item = index.data(ITEM_ROLE)
        if item is not None:
            self.openItem.emit(item)

    def resizeEvent(self, event) -> None:
        self._delegate.clear_cache()
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self._delegate.clear_cache()
            self.scheduleDelayedItemsLayout()
        super().changeEvent(event)

    def move(self, delta: int) -> None:
        """Move the current row by ``delta`` (arrow keys forwarded from the search box)."""
        rows = self.model().rowCount()
        if not rows:
            return
        row = self.currentIndex().row() if self.currentIndex().isValid() else -1
        row = max(0, min(rows - 1, row + delta))
        self.setCurrentIndex(self.model().index(row, 0))

    def open_current(self) -> bool:
        index = self.currentIndex()
        if not index.isValid() and self.model().rowCount():
            index = self.model().index(0, 0)
        if index.isValid():
            self._activate(index)
            return True
        return False


SHOWN_QUERY_CHARS = 60  # the line above the results quotes at most this much of the query


def shown_query(query: str, most: int = SHOWN_QUERY_CHARS) -> str:
    """The query as the line above the results quotes it: on one line, cut with «…» when long
    (a pasted page filled the window and pushed the hits out of sight)."""
    if len(query) <= most and query.isprintable():
        return query  # as typed, a trailing space too: the line names exactly what the hits are for
    text = " ".join(query.split())
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


class ResultsPanel(QWidget):
    """A heading ("5 treff for «x»") and what the search understood (chips) above the results list.

    A chip the user removes or changes asks ``search`` (the search controller) to rank the same
    text by the changed reading; «Angre» asks for its own reading again. «Gå trinn for trinn med
    dette» asks it which flowchart answers the reading implies and hands them to ``walk``.
    """

    def __init__(self, model: ResultsModel, parent: QWidget | None = None, search=None, walk=None) -> None:
        super().__init__(parent)
        self.model = model
        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.reading_bar = ReadingBar(self)
        self.view = ResultsView(model, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.heading)
        layout.addWidget(self.reading_bar)
        layout.addWidget(self.view, 1)
        model.modelReset.connect(self._update_heading)
        model.modelReset.connect(self._show_reading)
        if search is not None:
            self.reading_bar.changed.connect(search.rerank)
            self.reading_bar.reset.connect(lambda: search.rerank(None))
        if search is not None and walk is not None:
            self.reading_bar.handOver.connect(lambda: walk(search.flow_answers(model.query)))
        # No focus proxy on the panel: Qt skips a proxy's owner's children when Tab enters it, and
        # the chips above the list would never be reached (Tab follows the screen: toolbar, chips, hits).

    def focusInEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().focusInEvent(event)
        self.view.setFocus(event.reason())  # the panel given the focus (the stack, setFocus): the hits

    def set_handbook(self, handbook) -> None:
        self.reading_bar.set_handbook(handbook)

    def _show_reading(self) -> None:
        self.reading_bar.show_reading(self.model.reading, self.model.edited)
        QWidget.setTabOrder(self.reading_bar.flow_button, self.view)  # the chips, then the hits

    def current_number(self) -> tuple[str, str, str] | None:
        """(display, digits, whose) of the first number of the selected result (else the first result), or None."""
        index = self.view.currentIndex()
        item = self.model.item(index.row() if index.isValid() else 0)
        if item is None or not item.numbers:
            return None
        display, digits, _label = item.numbers[0]
        return display, digits, item.owner(0)

    def set_waiting(self) -> None:
        self.heading.setText(self.tr("Søket gjøres klart …"))

    def _update_heading(self) -> None:
        n = self.model.hit_count()
        q = shown_query(self.model.query)
        if not q:
            self.heading.setText("")
        elif n == 0:
            self.heading.setText(
                self.tr("Ingen treff for «{q}». Prøv et annet ord, eller se «Hvem kan hjelpe?» (F4).").format(q=q)
            )
        else:
            self.heading.setText(self.tr("{n} treff for «{q}» – piltaster for å velge, Enter for å åpne").format(n=n, q=q))
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, 0))
