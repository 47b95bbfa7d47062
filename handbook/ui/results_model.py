"""The list model behind the search results (after Zeal's ``SearchModel``).

Each row is a :class:`ResultItem`: the engine's hit plus what the list shows
with it — where it is ("page › section"), the answer itself (the numbers of a
contact, and of the contacts a flowchart step or a duty card leads to; the
definition of a form of violence), so a user can read it without opening
anything, and which situation brought it ("fordi: barn · skade").
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt

from handbook.content import page_ids
from handbook.ui.reading_bar import nothing_understood

HIT_ROLE = Qt.ItemDataRole.UserRole + 1
ITEM_ROLE = Qt.ItemDataRole.UserRole + 2


KIND_LABELS = {
    "plan": "Planen",
    "card": "Plikter og veiledning",
    "contact": "Hvem kan hjelpe?",
    "violence": "Former for vold",
    "flow": "Hva gjør jeg nå?",
}


@dataclass(frozen=True)
class ResultItem:
    """One row.

    Attributes:
        numbers: (display, digits, label) of every number shown; for a hit that
            is not the contact itself, the label starts with the contact's name.
        owners: The contact name of each number, for the copy confirmation.
        because: Labels of the situation concepts that brought the hit.
    """

    hit: object
    breadcrumb: str
    numbers: tuple[tuple[str, str, str], ...] = ()  # (display, digits, label)
    definition: str = ""
    owners: tuple[str, ...] = ()
    because: tuple[str, ...] = ()

    @property
    def has_answer(self) -> bool:
        return bool(self.numbers or self.definition)

    def owner(self, i: int) -> str:
        """Whose number ``numbers[i]`` is (the hit's title if unknown)."""
        return self.owners[i] if 0 <= i < len(self.owners) else self.hit.title


def make_item(hit, handbook) -> ResultItem:
    """Build the row for ``hit``: breadcrumb and inline answer."""
    page = handbook.page(hit.page) if handbook is not None else None
    page_title = page.title if page is not None else hit.page
    kind = QCoreApplication.translate("ResultsModel", KIND_LABELS[hit.kind]) if hit.kind in KIND_LABELS else ""
    if not hit.anchor or hit.title == page_title or page_title == kind:
        crumb = kind or page_title
    else:
        crumb = f"{kind} › {page_title}" if kind else page_title
    numbers: list = []
    owners: list = []
    definition = ""
    if handbook is not None:
        own = hit.kind == "contact"
        node = handbook.flow.node(hit.anchor) if hit.kind == "flow" and handbook.flow is not None else None
        urgent = node is not None and node.urgent
        for cid in hit.contacts or ((hit.anchor,) if own and hit.anchor else ()):
            contact = handbook.contact(cid)
            if contact is None:
                continue
            # a contact's own entry shows all its numbers; a step or card the one meant for the
            # moment (as the step view does: an emergency number only on an urgent step)
            moment = contact.number_for(urgent)
            shown = contact.numbers if own else ((moment,) if moment is not None else ())
            for n in shown:
                label = n.label if own else (f"{contact.name} – {n.label}" if n.label else contact.name)
                numbers.append((n.display, n.digits, label))
                owners.append(contact.name)
    if handbook is not None and hit.kind == "violence" and hit.anchor:
        form = next((f for f in handbook.forms if f.id == hit.anchor), None)
        if form is not None:
            definition = form.definition or form.plan_text or ""
    because = tuple(r.label for r in hit.because)
    return ResultItem(hit, crumb, tuple(numbers), definition, tuple(owners), because)


@dataclass(frozen=True)
class Offer:
    """A row the list offers when the search understood nothing in a description: a place to go.

    It answers what a row's hit is asked (``id`` opens it; no numbers, no reasons)."""

    id: str
    title: str
    snippet: str
    page: str = ""
    anchor: str = ""
    kind: str = "offer"
    terms: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    because: tuple = ()


def offers(handbook) -> list[ResultItem]:
    """«Hva gjør jeg nå?» (F2) and the help list (F4), as the first two rows."""
    tr = QCoreApplication.translate
    rows = [
        (page_ids.FLOW, tr("ResultsModel", "Hva gjør jeg nå? (F2)"),
         tr("ResultsModel", "Søket forsto ikke hva som skjedde. Svar på ett spørsmål om gangen, så får du vite hva du skal gjøre og hvem du ringer.")),
        (page_ids.HELP_LIST, tr("ResultsModel", "Hvem kan hjelpe? (F4)"),
         tr("ResultsModel", "Hjelpelisten: alle numrene, og hvem de er for.")),
    ]
    out = []
    for page, title, text in rows:
        if handbook is None or (page == page_ids.FLOW and handbook.flow is None):
            continue
        out.append(ResultItem(Offer(page, title, html.escape(text), page), tr("ResultsModel", "Forslag")))
    return out


class ResultsModel(QAbstractListModel):
    """Rows of search results; replaced as a whole by :meth:`set_results`.

    Attributes:
        query: The text the rows answer.
        reading: What the search understood in it (None without results).
        edited: The user changed that reading (a chip removed or read as another).
    """

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._items: list[ResultItem] = []
        self.query = ""
        self.reading = None
        self.edited = False

    def set_results(self, result, handbook, edited: bool = False) -> None:
        """Show ``result`` (a SearchResult, or None for no results); when it understood nothing in a
        description, «Hva gjør jeg nå?» and the help list come first."""
        self.beginResetModel()
        self.query = result.query if result is not None else ""
        self.reading = result.reading if result is not None else None
        self.edited = edited and result is not None
        self._items = [make_item(h, handbook) for h in result.hits] if result is not None else []
        if result is not None and not edited and nothing_understood(result.reading):
            self._items = offers(handbook) + self._items
        self.endResetModel()

    def clear(self) -> None:
        self.set_results(None, None)

    def hit_count(self) -> int:
        """The rows that are hits (the offered places aside)."""
        return sum(1 for item in self._items if not isinstance(item.hit, Offer))

    def item(self, row: int) -> ResultItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.hit.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return item.breadcrumb
        if role == Qt.ItemDataRole.AccessibleTextRole:
            parts = [item.hit.title, item.breadcrumb]
            parts += [f"{d} {label}" for d, _digits, label in item.numbers]
            if item.definition:
                parts.append(item.definition)
            if item.because:
                parts.append(QCoreApplication.translate("ResultsModel", "Fordi: {why}").format(why=", ".join(item.because)))
            return ". ".join(parts)
        if role == HIT_ROLE:
            return item.hit
        if role == ITEM_ROLE:
            return item
        return None
