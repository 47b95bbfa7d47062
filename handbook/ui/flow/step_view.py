"""One step at a time, in large type: the view a stressed worker uses.

A question shows big numbered answer buttons (keys 1–9, or J/N for Ja/Nei); an
action shows who to call, the step's primary number largest (an emergency number
only on an urgent step), every number grouped with a copy button, and links to its
duty card and source; an info step has a big "Neste" button (Enter). Parts that
are not from the plan carry the «Utfyllende veiledning» banner with their
sources. The last step says so and offers the printed summary. A breadcrumb
shows the path; "Tilbake" (Backspace) and "Start på nytt" (Home) are always there.

Small screens (911×512 at 150 %): "Neste" sits in a footer outside the scrolling
part, so it is never below the fold. A question's answers follow the question;
when they would not all be in view, the step is drawn denser (smaller headings
and buttons, see :data:`DENSITIES`) until they are.

Signals:
    openSection(str): follow a link to a duty card, plan section or help-list entry.
    stepChanged(str): the current node changed (the diagram follows).
    copied(str): a number or address was put on the clipboard.
    printSummaryRequested(): print the summary of the path (offered on the last step).
    pdfSummaryRequested(): save the summary of the path as PDF (offered on the last step).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from handbook.content.flow import STEP_KIND_LABELS, record_line
from handbook.content.page_ids import VIOLENCE_FORMS, section_id
from handbook.flowchart.walk import FlowWalk
from handbook.ui.confirmation import Confirmation
from handbook.ui.flow.contact_cards import ContactCards
from handbook.ui.flow.last_step import LastStepFooter
from handbook.ui.flow.step_text import DENSITIES, section_title
from handbook.ui.tab_order import order_tab_stops
from handbook.ui.flow.step_text import font as _font
from handbook.ui.flow.step_text import linkify as _linkify
from handbook.ui.flow.step_text import short as _short
from handbook.ui.flow.wrap_button import WrapButton
from handbook.ui.safe_text import plain_label
from handbook.ui.supplementary import banner_label

class StepView(ContactCards, LastStepFooter, QWidget):
    openSection = Signal(str)
    stepChanged = Signal(str)
    copied = Signal(str)
    printSummaryRequested = Signal()
    pdfSummaryRequested = Signal()

    def __init__(self, handbook, walk: FlowWalk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.handbook = handbook
        self.walk = walk
        self.contacts = {c.id: c for c in handbook.contacts}
        self.answer_buttons: list[QPushButton] = []
        self.copy_buttons: list[QPushButton] = []
        self.next_button: QPushButton | None = None
        self.density = 0  # index into DENSITIES
        self.summary_buttons: list[QPushButton] = []
        self.detail_after: QLabel | None = None  # a numbered step's explanation, below its numbers
        self.end_label: QLabel | None = None
        self.record_label: QLabel | None = None  # a last step's «Hvor skriver du?», in the footer
        self.primary_label: QLabel | None = None
        self.number_labels: list[QLabel] = []  # an urgent step's numbers for this moment, one per contact
        self.banners: list[QLabel] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Hva gjør jeg nå? Steg for steg"))

        self.breadcrumb = QLabel(self)
        self.breadcrumb.setWordWrap(True)
        self.breadcrumb.setTextFormat(Qt.TextFormat.RichText)
        self.breadcrumb.setAccessibleName(self.tr("Veien du har gått"))
        self.breadcrumb.linkActivated.connect(self._crumb_clicked)

        self.kind_label = QLabel(self)
        self.text_label = plain_label("", self)
        self.text_label.setWordWrap(True)
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # The question (or what to do) is a Tab stop of its own before the answers: a screen reader
        # reads it by itself (Shift+Tab from the first answer, which has the keyboard and carries it too).
        self.text_label.setObjectName("StepText")  # drawn as selected while focused (handbook/ui/style.py)
        self.text_label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.detail_label = QLabel(self)
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.RichText)
        self.detail_label.setOpenExternalLinks(False)  # the app opens no web pages: a click copies the address
        self.detail_label.linkActivated.connect(lambda url: self.copy(url, url))
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)

        self.confirmation = Confirmation(self, margin=8, timeout_ms=6000)

        self.body = QWidget(self)
        self.body_layout = QVBoxLayout(self.body)
        self.body_layout.setContentsMargins(0, 0, 0, 0)
        self.body_layout.setSpacing(10)

        content = QWidget(self)
        column = QVBoxLayout(content)
        column.setContentsMargins(24, 12, 24, 12)
        column.setSpacing(12)
        self.column = column
        column.addWidget(self.kind_label)
        column.addWidget(self.text_label)
        column.addWidget(self.detail_label)
        column.addWidget(self.body)
        column.addStretch(1)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(content)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # text wraps instead

        self.back_button = QPushButton(self.tr("← Tilbake"), self)
        self.back_button.setToolTip(self.tr("Gå ett steg tilbake (Backspace)"))
        self.back_button.setAccessibleName(self.tr("Tilbake ett steg"))
        self.back_button.clicked.connect(self.back)
        self.restart_button = QPushButton(self.tr("⟲ Start på nytt"), self)
        self.restart_button.setToolTip(self.tr("Begynn fra første spørsmål (Home)"))
        self.restart_button.setAccessibleName(self.tr("Start på nytt"))
        self.restart_button.clicked.connect(self.restart)
        for b in (self.back_button, self.restart_button):
            b.setMinimumHeight(40)
        self.keys_hint = QLabel(self)
        self.keys_hint.setWordWrap(True)
        self.keys_hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.keys_hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        # "Neste" lives here, outside the scrolling part: always in view.
        self.footer = QWidget(self)
        self.footer_layout = QVBoxLayout(self.footer)
        self.footer_layout.setContentsMargins(24, 6, 24, 0)

        nav = QHBoxLayout()
        nav.setContentsMargins(24, 0, 24, 8)
        nav.addWidget(self.back_button)
        nav.addWidget(self.restart_button)
        nav.addWidget(self.keys_hint, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        crumb_box = QHBoxLayout()
        crumb_box.setContentsMargins(24, 0, 24, 0)
        crumb_box.addWidget(self.breadcrumb)
        layout.addLayout(crumb_box)
        conf_box = QHBoxLayout()
        conf_box.setContentsMargins(24, 0, 24, 0)
        conf_box.addWidget(self.confirmation)
        layout.addLayout(conf_box)
        layout.addWidget(self.scroll, 1)
        layout.addWidget(self.footer)
        layout.addLayout(nav)
        self._apply_fonts()
        self.render()

    def _apply_fonts(self) -> None:
        """Size the fixed labels from this view's (zoomed) font; steps re-render with it."""
        base = self.font()
        crumb = QFont(base)
        crumb.setPointSizeF(max(9.0, min(base.pointSizeF(), 12.0)))  # the path, not the point
        self.breadcrumb.setFont(crumb)
        d = DENSITIES[self.density]
        self.kind_label.setFont(_font(base, 1.15, bold=True, cap=15))
        self.text_label.setFont(_font(base, d.text[0], bold=True, cap=d.text[1], floor=1.2 if self.density == 0 else 1.05))
        self.detail_label.setFont(_font(base, d.detail[0], cap=d.detail[1]))
        self.column.setSpacing(d.spacing)
        densest = self.density == len(DENSITIES) - 1
        self.column.setContentsMargins(24, 4 if densest else 12, 24, 4 if densest else 12)
        self.keys_hint.setVisible(not densest)  # the keys still work; the hint gives the step its line
        self.body_layout.setSpacing(max(3, d.spacing - 2))
        self.confirmation.setFont(_font(base, 1.2, bold=True, cap=15))
        for b in (self.back_button, self.restart_button):
            b.setFont(_font(base, 1.0 if densest else 1.15, cap=12 if densest else 14))
            b.setMinimumHeight(32 if densest else 40)

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """Text zoom changed (Ctrl+plus in the reader): size everything again."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and hasattr(self, "body_layout"):
            self.render(focus=False)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        """A new size may let the step breathe again, or need it denser."""
        super().resizeEvent(event)
        if event.size() != event.oldSize():
            self._fit(keep_focus=True)

    # -- navigation -----------------------------------------------------------

    def answer(self, index: int) -> bool:
        if self.walk.answer(index):
            self.render()
            return True
        return False

    def back(self) -> None:
        if self.walk.back():
            self.render()

    def restart(self) -> None:
        self.walk.restart()
        self.render()

    def show_node(self, node_id: str) -> bool:
        if self.walk.jump(node_id):
            self.render()
            return True
        return False

    def _crumb_clicked(self, link: str) -> None:
        if link.startswith("step:"):
            self.walk.back_to(int(link[5:]))
            self.render()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        text = event.text().lower()
        node = self.walk.current
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            if key == Qt.Key.Key_Left and mods == Qt.KeyboardModifier.AltModifier:
                self.back()
                return
            super().keyPressEvent(event)
            return
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            if self.answer(key - Qt.Key.Key_1):
                return
        elif text in ("j", "n") and node.kind == "question":
            wanted = "ja" if text == "j" else "nei"
            for i, a in enumerate(node.answers):
                if a.label.lower().split(",")[0].split()[0] == wanted:
                    self.answer(i)
                    return
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and node.kind != "question" and node.next:
            self.answer(0)
            return
        elif key == Qt.Key.Key_Backspace:
            self.back()
            return
        elif key == Qt.Key.Key_Home:
            self.restart()
            return
        super().keyPressEvent(event)

    # -- drawing ----------------------------------------------------------------

    def render(self, focus: bool = True) -> None:
        """Show the walk's current node, as dense as needed for its answers to be in view."""
        self.density = 0
        self._fill()
        self._fit(keep_focus=False)
        first_focus = (self.answer_buttons or [self.next_button])[0]
        self.scroll.verticalScrollBar().setValue(0)
        if focus and first_focus is not None and self.isVisible():
            first_focus.setFocus(Qt.FocusReason.OtherFocusReason)
        elif focus and self.isVisible():
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        self.stepChanged.emit(self.walk.current.id)

    def _order_tab_stops(self) -> None:
        """Tab follows the screen: the step (made anew for each step), then Tilbake and Start på nytt."""
        order_tab_stops(self, [self.scroll.widget(), self.footer], [self.back_button, self.restart_button])

    def key_widgets(self) -> list[QWidget]:
        """What must be in view without scrolling: a question's answers; an action's primary
        number (the one to dial) with its copy button; on an urgent step every contact's number."""
        if self.answer_buttons:
            return list(self.answer_buttons)
        keys: list[QWidget] = [self.primary_label] if self.primary_label is not None else []
        keys += [label for label in self.number_labels if label is not self.primary_label]
        if self.copy_buttons:
            keys.append(self.copy_buttons[0])
        return keys

    def _keys_in_view(self) -> bool:
        """Whether the key widgets lie inside the scrolling part's viewport (scrolled to the top)."""
        keys = self.key_widgets()
        if not keys or not self.isVisible():
            return True
        self.layout().activate()
        viewport = self.scroll.viewport()
        content = self.scroll.widget()
        content.resize(viewport.width(), max(viewport.height(), content.heightForWidth(viewport.width())))
        content.layout().activate()
        for widget in keys:  # the cards' own layouts too
            parent = widget.parentWidget()
            while parent is not None and parent is not content:
                if parent.layout() is not None:
                    parent.layout().activate()
                parent = parent.parentWidget()
        bottom = max(k.mapTo(content, k.rect().bottomLeft()).y() for k in keys)
        return bottom < viewport.height()  # the last pixel row is height - 1

    def _fit(self, keep_focus: bool) -> None:
        """Choose the roomiest density at which the key widgets are in view, and draw the step with it."""
        if not hasattr(self, "footer"):
            return
        focused = next((i for i, b in enumerate(self.answer_buttons) if b.hasFocus()), -1)
        self.crumb_room = True
        self._render_breadcrumb()  # one line at this width
        for density in range(len(DENSITIES)):
            if density != self.density:
                self.density = density
                self._fill()
            if self._keys_in_view():
                break
        else:  # 683×384 (200 %): the number and the way on before the path (in the tooltip, and «Tilbake» works)
            self.crumb_room = False
            self._render_breadcrumb()
        if keep_focus and 0 <= focused < len(self.answer_buttons):
            self.answer_buttons[focused].setFocus(Qt.FocusReason.OtherFocusReason)

    def _fill(self) -> None:
        """Build the current node's widgets at the current density."""
        self._apply_fonts()
        d = DENSITIES[self.density]
        node = self.walk.current
        self.kind_label.setVisible(d.show_kind)
        self._render_breadcrumb()
        self.kind_label.setText(self.tr(STEP_KIND_LABELS[node.kind]) if node.kind in STEP_KIND_LABELS else "")
        self.text_label.setText(node.text)
        self.text_label.setAccessibleName(node.text)
        # A step's numbers come before its explanation: the number to dial first, the why after.
        # A question's explanation follows its answers once the step must be denser.
        detail_later = (node.kind != "question" and bool(node.contacts)) or (node.kind == "question" and self.density > 0)
        if node.detail and not detail_later:
            self.detail_label.setText(_linkify(node.detail))
            self.detail_label.show()
        else:
            self.detail_label.hide()
        self._clear_body()
        if node.kind == "question":
            for i, a in enumerate(node.answers):
                densest = self.density == len(DENSITIES) - 1  # 683×384: one plain line each, tighter padding
                button = self._big_button(f"{i + 1}    {a.label}", *d.answer, lines=d.answer_height,
                                          bold=not densest, padding=8 if densest else 18)
                button.setAccessibleName(self.tr("Svar {n}: {label}").format(n=i + 1, label=a.label))
                # A screen reader lands on the first answer: it reads the question with it.
                button.setAccessibleDescription(self.tr("Spørsmål: {q}").format(q=node.text))
                button.setToolTip(self.tr("Trykk {n}").format(n=i + 1))
                button.clicked.connect(lambda _=False, i=i: self.answer(i))
                self.answer_buttons.append(button)
                self.body_layout.addWidget(button)
            if node.detail and detail_later:
                self.body_layout.addWidget(self._later_detail(node))
            keys = ", ".join(str(i + 1) for i in range(len(node.answers)))
            jn = self.tr(" (eller J/N)") if any(a.label.lower().startswith(("ja", "nei")) for a in node.answers) else ""
            self.keys_hint.setText(self.tr("Svar med tastene {keys}{jn}").format(keys=keys, jn=jn))
        else:
            self._add_contacts(node, detail_later)
            self.keys_hint.setText(self.tr("Enter: neste steg") if node.next else "")
        if node.supplementary:
            self._add_banner(self.tr("Dette steget står ikke i planen."), "", node.sources)
        elif node.supplement:
            self._add_banner("", node.supplement, node.sources)
        record = record_line(self.walk.flow, node, self.walk.about)
        if record:  # the whole line with its sources; the footer shows it without them
            self._add_banner(self.tr("Hvor skriver du?"), record, self.walk.flow.record_sources)
        links = QVBoxLayout()
        links.setSpacing(2)
        links.setContentsMargins(0, 0, 0, 0)
        for form in node.forms:  # the definition that names what she sees (økonomisk vold, digital vold …)
            ref = section_id(VIOLENCE_FORMS, form)
            links.addWidget(self._link_button(self.tr("Hva er det? {t}").format(t=section_title(self.handbook, ref)), ref))
        if node.card:
            links.addWidget(self._link_button(self.tr("Les mer: {t}").format(t=section_title(self.handbook, node.card)), node.card))
        if node.source:
            links.addWidget(
                self._link_button(self.tr("Bygger på: {t}").format(t=section_title(self.handbook, node.source)), node.source)
            )
        holder = QWidget(self.body)
        holder.setLayout(links)
        self.body_layout.addWidget(holder)
        if node.next and node.kind != "question":
            target = self.walk.flow.node(node.next)
            densest = self.density == len(DENSITIES) - 1  # one line: the number above keeps the room
            label = _short(target.text, 40) if densest else target.text
            self.next_button = self._big_button(self.tr("Neste: {t}  →").format(t=label), *d.next, lines=1.4 if densest else 2.0,
                                                parent=self.footer)
            self.next_button.setAccessibleName(self.tr("Neste steg: {t}").format(t=target.text))
            self.next_button.setToolTip(self.tr("Enter"))
            self.next_button.clicked.connect(lambda: self.answer(0))
            self.footer_layout.addWidget(self.next_button)
        if node.is_end:
            self._add_end()
        self.footer.setVisible(self.next_button is not None or bool(self.summary_buttons))
        self.back_button.setEnabled(len(self.walk.steps) > 1)
        for layout in (self.body_layout, self.footer_layout):
            for i in range(layout.count()):
                widget = layout.itemAt(i).widget()
                if widget is not None:
                    widget.show()  # now, not queued by the layout, so the focus can go there
        self._order_tab_stops()  # once shown: a child not yet shown counts as hidden

    def _render_breadcrumb(self) -> None:
        """The path so far on one line: the latest steps with the answer given at each, the earlier
        ones as «…». The current step is not repeated: its text is the heading right below. The
        whole path is in the tooltip and the accessible description."""
        flow = self.walk.flow
        crumbs = [(i, _short(flow.node(nid).text, 40), _short(choice, 30))
                  for i, (nid, choice) in enumerate(zip(self.walk.steps, self.walk.choices))]
        lead = self.tr("Veien din: ")
        whole = " › ".join(f"{flow.node(nid).text} ({choice})" for nid, choice in zip(self.walk.steps, self.walk.choices))
        metrics = QFontMetrics(self.breadcrumb.font())
        room = max(120, self.width() - 48)

        def plain(shown) -> str:
            cut = "… › " if len(shown) < len(crumbs) else ""
            return lead + cut + " › ".join(f"{text} ({choice})" for _, text, choice in shown)

        first = 0
        while first < len(crumbs) - 1 and metrics.horizontalAdvance(plain(crumbs[first:])) > room:
            first += 1
        parts = [f'<a href="step:{i}">{html.escape(text)}</a> <i>({html.escape(choice)})</i>'
                 for i, text, choice in crumbs[first:]]
        self.breadcrumb.setText(lead + ("… › " if first else "") + " › ".join(parts))
        self.breadcrumb.setVisible(bool(crumbs) and getattr(self, "crumb_room", True))
        self.breadcrumb.setToolTip(self.tr("Klikk på et tidligere steg for å gå tilbake dit.") + "\n" + whole)
        self.breadcrumb.setAccessibleDescription(whole)

    def _add_banner(self, lead: str, text: str, sources) -> None:
        label = banner_label(self.body, text, sources, lead=lead)
        label.setFont(_font(self.font(), 1.05, cap=13))
        self.banners.append(label)
        self.body_layout.addWidget(label)

    def _clear_body(self) -> None:
        self.answer_buttons = []
        self.copy_buttons = []
        self.next_button = None
        self.summary_buttons = []
        self.detail_after = None
        self.end_label = None
        self.record_label = None
        self.primary_label = None
        self.number_labels = []
        self.banners = []
        for layout in (self.body_layout, self.footer_layout):
            while layout.count():
                item = layout.takeAt(0)
                widget = item.widget()
                if widget is not None:
                    widget.hide()
                    widget.deleteLater()

    def _big_button(self, text: str, scale: float, cap: float, lines: float = 2.4,
                    parent: QWidget | None = None, bold: bool = True, padding: int = 18) -> WrapButton:
        button = WrapButton(text, parent or self.body, padding=padding)
        button.setFont(_font(self.font(), scale, bold=bold, cap=cap))
        button.setMinimumHeight(int(button.fontMetrics().height() * lines))
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        return button

    def _link_button(self, text: str, section_id: str) -> WrapButton:
        button = WrapButton(text, self.body, padding=6)
        button.setFlat(True)
        button.setCursor(Qt.CursorShape.PointingHandCursor)
        button.label().setForegroundRole(QPalette.ColorRole.Link)
        font = _font(self.font(), 1.05, cap=13)
        font.setUnderline(True)
        button.setFont(font)
        button.setAccessibleName(text)
        button.setProperty("section", section_id)
        button.clicked.connect(lambda: self.openSection.emit(section_id))
        return button

    def copy(self, text: str, what: str, button: QPushButton | None = None) -> None:
        """Put ``text`` on the clipboard and show a confirmation naming ``what``."""
        self.confirmation.copy(text, what)
        if button is not None:
            button.setText(self.tr("Kopiert ✓"))
        self.copied.emit(what)
