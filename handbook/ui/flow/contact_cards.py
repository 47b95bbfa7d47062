"""The contacts of a flowchart step as cards: name, numbers (the primary largest), copy buttons, web address.

:class:`ContactCards` is part of :class:`~handbook.ui.flow.step_view.StepView` (it uses the
view's ``body``, ``body_layout``, ``contacts``, ``detail_label``, ``number_labels``, ``primary_label``,
``copy_buttons``, ``_link_button`` and ``copy``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout

from handbook.content.flow import primary_number, shown_contacts, step_number
from handbook.ui.flow.step_text import font as _font
from handbook.ui.flow.step_text import linkify as _linkify
from handbook.ui.safe_text import plain_label
from handbook.ui.supplementary import banner_label


class ContactCards:
    """The card-building half of the step view."""

    def _add_contacts(self, node, detail_later: bool) -> None:
        """The step's contacts, then (if ``detail_later``) its explanation, then what the contacts'
        entries say beyond the plan, each banner naming its contact.

        An urgent step, and any step with more than one number to call, shows first one row per
        contact with the number for this moment, the largest first, so every one of them is above
        the fold (the police and the child welfare service on the same step); the contacts' other
        numbers follow the explanation. A step with one contact shows its numbers in one card."""
        about = self.walk.about  # the contacts that fit whom the worker answered for
        primary = primary_number(node, self.contacts, about)
        contacts = [c for c in (self.contacts.get(cid) for cid in shown_contacts(node, self.contacts, about)) if c is not None]
        rows = node.urgent or sum(1 for c in contacts if c.numbers) > 1
        rest = []
        for contact in contacts:
            big = primary[1].digits if primary and primary[0].id == contact.id else None
            first = step_number(node, contact)
            if rows and first is not None:
                self.body_layout.addWidget(self._now_card(contact, first, first.digits == big))
                others = [n for n in contact.numbers if n is not first]
                if others or contact.url:
                    rest.append((contact, others))
            else:
                numbers = sorted(contact.numbers, key=lambda n: (n.digits != big, first is None or n is not first))
                self.body_layout.addWidget(self._contact_card(contact, numbers, big))
        if node.detail and detail_later:
            self.body_layout.addWidget(self._later_detail(node))
        for contact, others in rest:
            title = self.tr("{name} – andre numre").format(name=contact.name) if others else contact.name
            self.body_layout.addWidget(self._contact_card(contact, others, None, title=title, link=False))
        for contact in contacts:
            lead = [self.tr("Står ikke i planens hjelpeliste.")] if contact.supplementary else []
            if contact.hours:
                lead.append(self.tr("Åpningstid: {h}.").format(h=contact.hours))
            if lead:
                label = banner_label(self.body, "", contact.sources, lead=f"{contact.name}: " + " ".join(lead))
                label.setFont(_font(self.font(), 1.0, cap=12))
                self.body_layout.addWidget(label)

    def _later_detail(self, node) -> QLabel:
        """The step's explanation, placed after its numbers or its answers."""
        later = QLabel(_linkify(node.detail), self.body)
        later.setWordWrap(True)
        later.setTextFormat(Qt.TextFormat.RichText)
        later.setOpenExternalLinks(False)  # as the detail above: a click copies the address
        later.linkActivated.connect(lambda url: self.copy(url, url))
        later.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        later.setFont(self.detail_label.font())
        later.setAccessibleName(self.tr("Forklaring"))
        self.detail_after = later
        return later

    def _now_card(self, contact, number, primary: bool) -> QFrame:
        """One row: the number to dial now, the contact's name and the number's label beside it,
        a link to the help list and a copy button."""
        card = self._card(contact)
        row = QHBoxLayout(card)
        densest = getattr(self, "density", 0) >= 3  # 683×384: the same row, in smaller type
        row.setContentsMargins(10, 1 if densest else 4, 10, 1 if densest else 4)
        digits = self._digits(card, number, primary)
        self.number_labels.append(digits)
        row.addWidget(digits)
        row.addSpacing(12)
        words = QVBoxLayout()
        words.setSpacing(0)
        head = QHBoxLayout()
        name = plain_label(contact.name, card)
        name.setWordWrap(True)
        name.setFont(_font(self.font(), 1.0 if densest else 1.15, bold=True, cap=12 if densest else 14))
        head.addWidget(name, 1)
        if not densest:  # at 683×384 the row keeps one line for the name; the help list is one key away (F4)
            show = self._link_button(self.tr("Vis i hjelpelisten"), contact.section_id)
            show.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
            head.addWidget(show)
        words.addLayout(head)
        label = plain_label(self._number_words(contact, number), card)
        label.setWordWrap(True)
        label.setFont(_font(self.font(), 0.95 if densest else 1.05, cap=11 if densest else 13))
        words.addWidget(label)
        row.addLayout(words, 1)
        row.addWidget(self._copy_number(card, contact, number))
        return card

    def _number_words(self, contact, number) -> str:
        """The number's label, with the contact's opening hours beside it when it has them
        (a line open only on weekdays says so where the number is, not two scrolls down)."""
        if contact.hours and contact.hours not in number.label and "døgn" not in number.label:
            return self.tr("{label} · {hours}").format(label=number.label, hours=contact.hours)
        return number.label

    def _card(self, contact) -> QFrame:
        card = QFrame(self.body)
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setBackgroundRole(QPalette.ColorRole.Base)
        card.setAutoFillBackground(True)
        card.setAccessibleName(contact.name)
        return card

    def _digits(self, card: QFrame, number, primary: bool) -> QLabel:
        digits = plain_label(number.display, card)
        if primary:  # the largest text of the step; a little smaller at the densest (683×384, 200 %)
            densest = getattr(self, "density", 0) >= 3
            digits.setFont(_font(self.font(), 2.6, bold=True, cap=22 if densest else 34, floor=1.6))
            digits.setProperty("primary", True)
            self.primary_label = digits
        else:
            digits.setFont(_font(self.font(), 1.45, bold=True, cap=18, floor=1.1))
        digits.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        digits.setAccessibleName(self.tr("Telefon {n}").format(n=number.display))
        return digits

    def _copy_number(self, card: QFrame, contact, number) -> QPushButton:
        copy = QPushButton(self.tr("Kopier"), card)
        copy.setFont(_font(self.font(), 1.1, cap=14))
        copy.setMinimumHeight(36)
        copy.setAccessibleName(self.tr("Kopier nummeret til {name}: {n}").format(name=contact.name, n=number.display))
        copy.setAccessibleDescription(number.label)
        copy.setProperty("digits", number.digits)
        copy.clicked.connect(lambda _=False, n=number, b=copy: self.copy(n.digits, f"{n.display} – {contact.name}", b))
        self.copy_buttons.append(copy)
        return copy

    def _contact_card(self, contact, numbers, primary_digits: str | None, title: str | None = None,
                      link: bool = True) -> QFrame:
        """A contact with ``numbers`` in order (``primary_digits`` largest) and its web address.
        What the entry says beyond the plan is not here: the step shows it after all its cards."""
        card = self._card(contact)
        box = QVBoxLayout(card)
        head = QHBoxLayout()
        name = plain_label(title or contact.name, card)
        name.setWordWrap(True)
        name.setFont(_font(self.font(), 1.3, bold=True, cap=17))
        head.addWidget(name, 1)
        if link:
            show = self._link_button(self.tr("Vis i hjelpelisten"), contact.section_id)
            show.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Preferred)
            head.addWidget(show)
        box.addLayout(head)
        for number in numbers:
            row = QHBoxLayout()
            label = plain_label(self._number_words(contact, number), card)
            label.setWordWrap(True)
            label.setFont(_font(self.font(), 1.15, cap=14))
            row.addWidget(self._digits(card, number, number.digits == primary_digits))
            row.addSpacing(12)
            row.addWidget(label, 1)
            row.addWidget(self._copy_number(card, contact, number))
            box.addLayout(row)
        if contact.url:
            row = QHBoxLayout()
            url = plain_label(contact.url, card)
            url.setFont(_font(self.font(), 1.3, bold=True, cap=17))
            url.setWordWrap(True)
            url.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            copy = QPushButton(self.tr("Kopier adressen"), card)
            copy.setMinimumHeight(36)
            copy.setAccessibleName(self.tr("Kopier nettadressen til {name}").format(name=contact.name))
            copy.setAccessibleDescription(contact.url)
            copy.clicked.connect(lambda _=False, b=copy: self.copy(contact.url, contact.url, b))
            self.copy_buttons.append(copy)
            row.addWidget(url, 1)
            row.addWidget(copy)
            box.addLayout(row)
        return card
