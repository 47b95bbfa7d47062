"""«Hvem kan hjelpe?»: the help list as cards, filterable, one click to copy.

Each card shows the name, who it is for (tags), every number large and
grouped (``PhoneNumber.display``), the description, the web address with a copy
button and the date the numbers were last checked. Clicking a number puts its
digits on the clipboard and a confirmation appears at the top of the list.

The filter uses the search's Norwegian analysis: the entries search finds for
the text (so "krisesenter" keeps KISIF, "redd" the crisis centre too), and every
entry that has all the typed words in any form ("barnevern", "okonomisk").

Signals:
    copied(str): text that was put on the clipboard, for a status message.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from handbook.ui.tag_chips import TagChips
from handbook.ui.confirmation import Confirmation
from handbook.ui.wrap_layout import WrapLayout
from handbook.ui.fonts import set_relative_font
from handbook.ui.quick_hide import forget_text
from handbook.ui.safe_text import plain_label
from handbook.ui.supplementary import banner_label, sources_fold


def _muted(label: QLabel) -> QLabel:
    label.setWordWrap(True)
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, pal.color(QPalette.ColorRole.PlaceholderText))
    label.setPalette(pal)
    return label


class _OneLineHint(QLabel):
    """A word-wrapping label that asks for the width of its text on one line (a wrapping QLabel
    asks for a narrow, tall shape even where the line has room)."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt naming
        hint = super().sizeHint()
        margins = self.contentsMargins()
        return QSize(self.fontMetrics().horizontalAdvance(self.text()) + margins.left() + margins.right() + 2,
                     hint.height())


class ContactCard(QFrame):
    """One help-list entry."""

    copy_requested = Signal(str, str)  # text to copy, what it is (for the confirmation)

    def __init__(self, contact, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.contact = contact
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self.setAccessibleName(contact.name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)  # dense: on a small laptop more than one entry is in view
        layout.setSpacing(4)
        name = set_relative_font(plain_label(contact.name, self), 1.3, bold=True)
        name.setWordWrap(True)
        layout.addWidget(name)
        if contact.tags:
            layout.addWidget(_muted(plain_label(self.tr("For: {tags}").format(tags=", ".join(contact.tags)), self)))
        self.number_buttons: list[QPushButton] = []
        numbers = QWidget(self)
        numbers_row = WrapLayout(numbers, spacing=16)  # side by side where they fit: more entries in view
        for number in contact.numbers:
            pair = QWidget(numbers)
            row = QHBoxLayout(pair)
            row.setContentsMargins(0, 0, 0, 0)
            button = set_relative_font(QPushButton(number.display, pair), 1.8, bold=True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setToolTip(self.tr("Klikk for å kopiere nummeret"))
            button.setAccessibleName(self.tr("Kopier nummeret til {name}: {n}").format(name=contact.name, n=number.display))
            button.setAccessibleDescription(number.label)
            button.clicked.connect(
                lambda _=False, n=number: self.copy_requested.emit(n.digits, f"{n.display} – {contact.name}")
            )
            self.number_buttons.append(button)
            row.addWidget(button)
            label = _OneLineHint(pair)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setText(number.label)
            label.setWordWrap(True)  # only where the line is too narrow for it
            row.addWidget(label, 1)
            numbers_row.addWidget(pair)
        if contact.numbers:
            layout.addWidget(numbers)
        if contact.description:
            desc = QLabel(contact.description, self)
            desc.setWordWrap(True)
            desc.setTextFormat(Qt.TextFormat.PlainText)
            layout.addWidget(desc)
        if contact.url:
            row = QHBoxLayout()
            url = plain_label(contact.url, self)
            url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            url.setWordWrap(True)
            copy = QPushButton(self.tr("Kopier adressen"), self)
            copy.setAccessibleName(self.tr("Kopier nettadressen til {name}").format(name=contact.name))
            copy.setAccessibleDescription(contact.url)
            copy.clicked.connect(lambda: self.copy_requested.emit(contact.url, contact.url))
            row.addWidget(url, 1)
            row.addWidget(copy)
            layout.addLayout(row)
        if contact.supplementary:
            layout.addWidget(banner_label(self, self.tr("Står ikke i planens hjelpeliste.")))
        if contact.hours or contact.supplement:
            hours = self.tr("Åpningstid: {h}.").format(h=contact.hours) if contact.hours else ""
            layout.addWidget(banner_label(self, contact.supplement, lead=hours))
        checked = contact.checked.strftime("%d.%m.%Y")
        against = self.tr("kilden") if contact.supplementary else self.tr("planens tekst")
        row = QHBoxLayout()
        row.addWidget(_muted(QLabel(self.tr("Numrene ble sist sammenlignet med {what} {d} (ikke ringt opp eller bekreftet "
                                            "hos tjenesten).").format(what=against, d=checked), self)), 1)
        layout.addLayout(row)
        if contact.sources and (contact.hours or contact.supplement):
            sources, shown = sources_fold(self, contact.sources, contact.name)
            row.addWidget(sources, 0, Qt.AlignmentFlag.AlignTop)
            layout.addWidget(shown)

    def matches(self, text: str, tag: str, found: set[str] | None = None) -> bool:
        """Whether the card passes the filter ``text`` (``found``: ids the search found) and the tag chip."""
        if tag and tag not in self.contact.tags:
            return False
        c = self.contact
        typed_digits = text.replace(" ", "").replace("\u00a0", "")
        if typed_digits.isdigit():  # a number, however grouped: its digits in that order
            return any(typed_digits in n.digits for n in c.numbers)
        if not text.strip() or (found is not None and c.id in found):
            return True
        from handbook.search.textmatch import has_all_words  # the search's analysis, after start-up

        hay = " ".join([c.name, c.description or "", c.plan_text or "", " ".join(c.tags), c.url or "", c.supplement])
        return has_all_words(hay, text)


class HelpListView(QWidget):
    copied = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cards: list[ContactCard] = []  # in the order shown
        self._listed: list[str] = []  # contact ids in the help list's own order
        self.matcher = None  # text → contact ids the search finds, or None while search is not ready
        title = set_relative_font(QLabel(self.tr("Hvem kan hjelpe?"), self), 1.4, bold=True)
        self.intro = QLabel(self.tr("Ved akutt fare: ring 112. Klikk på et nummer for å kopiere det."), self)
        self.intro.setWordWrap(True)
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText(self.tr("Filtrer hjelpelisten (navn, behov, nummer)"))
        self.filter.setAccessibleName(self.tr("Filtrer hjelpelisten"))
        self.filter.setClearButtonEnabled(True)
        self.chips_box = TagChips(self)
        self.chip_group = self.chips_box.group  # the chips (tests/screen.py reads them)
        self.confirmation = Confirmation(self)
        self.empty = QLabel(self.tr("Ingen oppføringer passer. Tøm filteret for å se hele listen."), self)
        self.empty.hide()
        self.list_widget = QWidget(self)
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setSpacing(6)
        self.cards_box = QWidget(self.list_widget)
        self.cards_layout = QVBoxLayout(self.cards_box)
        self.cards_layout.setContentsMargins(0, 0, 0, 0)
        self.cards_layout.setSpacing(8)
        # Intro and tag chips scroll with the cards, so at 200 % zoom the cards keep the room.
        self.intro.setParent(self.list_widget)
        self.chips_box.setParent(self.list_widget)
        self.empty.setParent(self.list_widget)
        self.intro.show()
        self.chips_box.show()
        self.empty.hide()
        self.list_layout.addWidget(self.intro)
        self.list_layout.addWidget(self.chips_box)
        self.list_layout.addWidget(self.empty)
        self.list_layout.addWidget(self.cards_box)
        self.list_layout.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.list_widget)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName(self.tr("Hjelpelisten"))
        self.scroll.setAccessibleDescription(self.tr("Filtre og oppføringer; piltastene og Page Down ruller"))
        top = QHBoxLayout()
        top.addWidget(title)
        top.addWidget(self.filter, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.confirmation)
        layout.addWidget(self.scroll, 1)
        self.filter.textChanged.connect(self._apply_filter)
        self.chips_box.changed.connect(self._apply_filter)

    def set_handbook(self, handbook) -> None:
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        while self.cards_layout.count():
            self.cards_layout.takeAt(0)
        if handbook is None:
            self.chips_box.set_tags([])
            return
        counts = Counter(t for c in handbook.contacts for t in c.tags)
        self.chips_box.set_tags(sorted(counts, key=lambda t: (-counts[t], t)))
        self._listed = [c.id for c in handbook.contacts]
        for contact in handbook.contacts:
            card = ContactCard(contact, self.cards_box)
            card.copy_requested.connect(self.copy)
            self.cards.append(card)
            self.cards_layout.addWidget(card)
        self._apply_filter()

    def current_tag(self) -> str:
        return self.chips_box.current_tag()

    def set_tag(self, tag: str) -> None:
        self.chips_box.set_tag(tag)
        self._apply_filter()

    def set_matcher(self, matcher) -> None:
        """Use ``matcher(text)`` (contact ids the search finds, or None) for the filter, and filter again."""
        self.matcher = matcher
        self._apply_filter()

    def refilter(self) -> None:
        """Filter again (search has become ready, or its content changed)."""
        self._apply_filter()

    def _apply_filter(self) -> None:
        text = self.filter.text()
        tag = self.current_tag()
        ranked = self.matcher(text) if self.matcher is not None and text.strip() else None
        found = set(ranked) if ranked is not None else None
        shown = 0
        for card in self.cards:
            visible = card.matches(text, tag, found)
            card.setVisible(visible)
            shown += visible
        self.empty.setVisible(bool(self.cards) and shown == 0)
        self._order(ranked or [])

    def _order(self, ranked: list[str]) -> None:
        """The entries the search ranks, best first («vern»: Vern for eldre), then the rest in the list's
        order; Tab follows the order shown."""
        place = {cid: i for i, cid in enumerate(ranked)}
        listed = {cid: i for i, cid in enumerate(self._listed)}
        order = sorted(self.cards, key=lambda c: (place.get(c.contact.id, len(place)), listed.get(c.contact.id, 0)))
        if order == self.cards:
            return
        self.cards = order  # the cards in the order shown
        while self.cards_layout.count():
            self.cards_layout.takeAt(0)
        for card in order:
            self.cards_layout.addWidget(card)
        chain = [w for card in order for w in card.findChildren(QWidget) if w.focusPolicy() & Qt.FocusPolicy.TabFocus]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def copy(self, text: str, what: str) -> None:
        """Copy ``text`` and show a confirmation naming ``what``."""
        self.confirmation.copy(text, what)
        self.copied.emit(what)

    def show_contact(self, contact_id: str) -> None:
        """Scroll to a contact's card and put the focus on its first number."""
        self.filter.clear()
        self.set_tag("")
        card = next((c for c in self.cards if c.contact.id == contact_id), None)
        if card is None:
            self.scroll.verticalScrollBar().setValue(0)
            for other in self.cards:
                other.setBackgroundRole(QPalette.ColorRole.Base)
            self.filter.setFocus(Qt.FocusReason.OtherFocusReason)  # typing filters at once
            return
        for other in self.cards:
            other.setBackgroundRole(QPalette.ColorRole.AlternateBase if other is card else QPalette.ColorRole.Base)
        QTimer.singleShot(0, lambda: self.scroll.verticalScrollBar().setValue(self.cards_box.y() + card.y() - 6))
        if card.number_buttons:
            card.number_buttons[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        """Back to the whole list, top, nothing marked: the filter's undo history goes too (quick hide)."""
        forget_text(self.filter)
        self.set_tag("")
        self.confirmation.hide()
        self.confirmation.setText("")
        for card in self.cards:
            card.setBackgroundRole(QPalette.ColorRole.Base)
        self.scroll.verticalScrollBar().setValue(0)
