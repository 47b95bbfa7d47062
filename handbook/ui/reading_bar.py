"""What the search understood, as chips above the results: «Forstått: eldre · penger · akutt».

Each chip is a button that opens a menu to read the same words as something else («Les som:
barn») or to remove it, with a «×» button beside it that removes it at once; both are reached
with Tab and named for a screen reader («Endre: eldre», «Fjern: eldre»). A changed reading is
sent out as :attr:`ReadingBar.changed` and the results are ranked by it at once; «Angre» goes
back to what the search understood itself. «Gå trinn for trinn med dette» opens the flowchart
with the answers the reading implies. When a description is understood as nothing, the bar
says so (the results list offers «Hva gjør jeg nå?» and the help list first).

Signals:
    changed(object): the user removed or changed a chip; the new ``Reading``.
    reset(): the user asked for the search's own reading again.
    handOver(): «Gå trinn for trinn med dette».
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QToolButton, QWidget

from handbook.ui import fonts
from handbook.ui.wrap_layout import WrapLayout

MIN_HEIGHT = 32  # a chip is a target for a tired hand too (WCAG 2.5.8 asks at least 24 px)
# The chip's two buttons are flat (autoRaise): the app's style (handbook/ui/style.py)
# gives them no box until focused, then its focus ring, and the chip's own padding.


def nothing_understood(reading) -> bool:
    """A description (someone named, or three words or more) in which the search understood nothing."""
    if reading is None or reading.understood or not reading.text.strip():
        return False
    return (reading.situation or len(reading.content_positions) >= 3) and not reading.names_a_title


class Chip(QFrame):
    """One understood concept: its label (opens the menu) and «×» (removes it)."""

    def __init__(self, understood, alternatives, parent: QWidget) -> None:
        super().__init__(parent)
        self.understood = understood
        self.setObjectName("ReadingChip")
        # a thin line in the palette's mid tone around label and «×» (dark mode and high contrast follow)
        self.setFrameShape(QFrame.Shape.Box)
        self.setFrameShadow(QFrame.Shadow.Plain)
        self.setForegroundRole(QPalette.ColorRole.Mid)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        label = understood.label
        self.button = QToolButton(self)
        self.button.setText(f"{label} ▾")
        self.button.setAccessibleName(self.tr("Endre: {label}").format(label=label))
        words = " ".join(understood.words)
        self.button.setToolTip(self.tr("Forstått av «{words}». Velg for å lese det som noe annet, eller fjerne det.")
                               .format(words=words))
        self.button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.button.setMinimumHeight(MIN_HEIGHT)
        self.button.setAutoRaise(True)
        fonts.set_relative_font(self.button, 1.0, bold=understood.urgent)
        self.menu = QMenu(self.button)
        self.menu.setTitle(self.tr("Les «{words}» som:").format(words=words))
        heading = self.menu.addAction(self.tr("Les «{words}» som:").format(words=words))
        heading.setEnabled(False)
        for alt_id, alt_label in alternatives:
            action = self.menu.addAction(alt_label)
            action.setData(alt_id)
        self.menu.addSeparator()
        self.remove_action = self.menu.addAction(self.tr("Fjern «{label}»").format(label=label))
        self.button.clicked.connect(self.open_menu)  # Space, Enter or a click
        self.remove_button = QToolButton(self)
        self.remove_button.setText("×")
        self.remove_button.setAccessibleName(self.tr("Fjern: {label}").format(label=label))
        self.remove_button.setToolTip(self.tr("Fjern «{label}» og sorter treffene på nytt").format(label=label))
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.remove_button.setMinimumHeight(MIN_HEIGHT)
        self.remove_button.setMinimumWidth(MIN_HEIGHT)
        self.remove_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        fonts.set_relative_font(self.remove_button, 1.0)
        self.remove_button.setAutoRaise(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(2, 0, 2, 0)
        row.setSpacing(0)
        row.addWidget(self.button)
        row.addWidget(self.remove_button)


    def open_menu(self) -> None:
        """Show the chip's menu under it, the first alternative active (arrows move, Enter chooses, Esc closes)."""
        choices = [a for a in self.menu.actions() if a.isEnabled() and not a.isSeparator()]
        if choices:
            self.menu.setActiveAction(choices[0])
        self.menu.popup(self.button.mapToGlobal(self.button.rect().bottomLeft()))


class ReadingBar(QWidget):
    """«Forstått: …» with a chip per understood concept (see the module docstring)."""

    changed = Signal(object)
    reset = Signal()
    handOver = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ReadingBar")
        self.setAccessibleName(self.tr("Det søket forsto"))
        self.reading = None
        self.edited = False
        self.chips: list[Chip] = []
        self._concepts: list = []
        self._flow = False
        self._refocus: int | None = None  # after a chip was removed or changed: where the keyboard goes
        self.title = QLabel(self.tr("Forstått:"), self)
        self.title.setMinimumHeight(MIN_HEIGHT)
        fonts.set_relative_font(self.title, 1.0, bold=True)
        self.nothing = QLabel(self)
        self.nothing.setMinimumHeight(MIN_HEIGHT)
        self.undo_button = QPushButton(self.tr("Angre"), self)
        self.undo_button.setAccessibleName(self.tr("Angre endringene i det søket forsto"))
        self.undo_button.setMinimumHeight(MIN_HEIGHT)
        self.undo_button.clicked.connect(self.reset)
        self.flow_button = QPushButton(self.tr("Gå trinn for trinn med dette"), self)
        self.flow_button.setAccessibleName(self.tr("Gå trinn for trinn med dette i flytskjemaet «Hva gjør jeg nå?»"))
        self.flow_button.setToolTip(self.tr("Åpner «Hva gjør jeg nå?» med svarene dette gir, valgt. Du kan endre dem med Tilbake."))
        self.flow_button.setMinimumHeight(MIN_HEIGHT)
        self.flow_button.clicked.connect(self.handOver)
        self.layout_ = WrapLayout(self, spacing=8)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setAutoFillBackground(True)
        self._rebuild()

    def set_handbook(self, handbook) -> None:
        """The concepts a chip can be read as, and whether there is a flowchart to hand over to."""
        self._concepts = list(getattr(handbook, "concepts", ()) or ())
        self._flow = getattr(handbook, "flow", None) is not None
        self.show_reading(None)

    def show_reading(self, reading, edited: bool = False) -> None:
        """Show ``reading`` (None or an empty query: hide the bar)."""
        self.reading = reading
        self.edited = edited and reading is not None
        self._rebuild()

    def labels(self) -> list[str]:
        """The chips' labels, as shown."""
        return [c.understood.label for c in self.chips]

    def _alternatives(self, understood) -> list[tuple[str, str]]:
        taken = {u.id for u in self.reading.understood}
        return sorted(((c.id, c.label) for c in self._concepts if c.kind == understood.kind and c.id not in taken),
                      key=lambda a: a[1])

    def _rebuild(self) -> None:
        for chip in self.chips:
            chip.hide()
            chip.setParent(None)  # out of the window at once: its menu holds the words typed (quick hide)
            chip.deleteLater()
        self.chips = []
        while self.layout_.count():
            self.layout_.takeAt(0)
        reading = self.reading
        shown = reading is not None and bool(reading.text.strip()) and (bool(reading.understood) or self.edited
                                                                         or nothing_understood(reading))
        self.setVisible(shown)
        for widget in (self.title, self.nothing, self.undo_button, self.flow_button):
            widget.hide()
        if not shown:
            return
        self.layout_.addWidget(self.title)
        self.title.show()
        for understood in reading.understood:
            chip = Chip(understood, self._alternatives(understood), self)
            chip.menu.triggered.connect(lambda action, u=understood: self._menu_chosen(u, action))
            chip.remove_button.clicked.connect(lambda _=False, u=understood: self._remove(u))
            self.chips.append(chip)
            self.layout_.addWidget(chip)
            chip.show()
        if not reading.understood:
            self.nothing.setText(self.tr("ingenting bestemt. Velg «Hva gjør jeg nå?» (F2) eller hjelpelisten (F4) under.")
                                 if not self.edited else self.tr("ingenting (alt er fjernet): treffene er ordene alene."))
            self.layout_.addWidget(self.nothing)
            self.nothing.show()
        if self.edited:
            self.layout_.addWidget(self.undo_button)
            self.undo_button.show()
        if reading.understood and self._flow:
            self.layout_.addWidget(self.flow_button)
            self.flow_button.show()
        self._chain_focus()
        if self._refocus is not None:
            # the keyboard stays in the bar: on the chip now in that place, else on «Angre»
            target = self.chips[min(self._refocus, len(self.chips) - 1)].button if self.chips else self.undo_button
            self._refocus = None
            if not target.isHidden():
                target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _chain_focus(self) -> None:
        """Tab goes through the chips in the order shown, then «Angre» and the flowchart button, then on
        to the results list (chips made later would otherwise come last in the window's chain)."""
        chain = [self.title, *(w for c in self.chips for w in (c.button, c.remove_button)), self.undo_button, self.flow_button]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def _remove(self, understood) -> None:
        self._refocus = self.chips.index(self._chip_of(understood))
        self.changed.emit(self.reading.without(understood.id))

    def _menu_chosen(self, understood, action) -> None:
        if action is None:
            return
        if action is self._chip_of(understood).remove_action:
            self._remove(understood)
            return
        self._refocus = self.chips.index(self._chip_of(understood))
        new_id = action.data()
        concept = next((c for c in self._concepts if c.id == new_id), None)
        if concept is None:
            return
        self.changed.emit(self.reading.replaced(understood.id, concept.id, concept.label, concept.kind,
                                                bool(getattr(concept, "urgent", False))))

    def _chip_of(self, understood) -> Chip:
        return next(c for c in self.chips if c.understood is understood)
