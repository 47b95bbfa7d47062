"""The help list's filter chips, in at most two rows: the commonest needs as chips, the rest in «Flere …».

The content's tags grew from 16 to 22; at 911×512 they took three rows and left the police's
entry alone on the screen. Each chip is a Tab stop (:class:`~handbook.ui.choice_buttons.OneOf`);
the tags that do not fit in two rows go, least common first, into one drop-down at the end of
the second row, so every need stays one choice away by mouse and by keyboard.

Signals:
    changed(): the chosen tag changed (by a chip or by the drop-down).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QComboBox, QPushButton, QWidget

from handbook.ui.choice_buttons import OneOf
from handbook.ui.wrap_layout import WrapLayout

MAX_ROWS = 2


class TagChips(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = WrapLayout(self)
        self.group = OneOf(self)
        self.more = QComboBox(self)
        self.more.setAccessibleName(self.tr("Flere behov"))
        self.more.setToolTip(self.tr("Behov som ikke får plass som knapper"))
        # As wide as «Flere …», not as its longest entry: the chips keep the room; the list opens wider.
        self.more.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.more.setMinimumContentsLength(len(self.tr("Flere …")) + 1)
        self.more.hide()
        self.group.buttonClicked.connect(self._chip_clicked)
        self.more.activated.connect(self._more_chosen)

    def set_tags(self, tags: list[str]) -> None:
        """Chips for «Alle» and ``tags`` (commonest first); as many as two rows hold."""
        for button in self.group.buttons():
            self.group.removeButton(button)
            button.deleteLater()
        while self.row.count():
            self.row.takeAt(0)
        for tag in ["", *tags]:
            chip = QPushButton(tag or self.tr("Alle"), self)
            chip.setCheckable(True)
            chip.setProperty("tag", tag)
            chip.setProperty("chip", True)  # the style's smaller padding (handbook/ui/style.py)
            chip.setAccessibleName(self.tr("Vis bare: {t}").format(t=tag) if tag else self.tr("Vis alle"))
            chip.setChecked(not tag)
            self.group.addButton(chip)
            self.row.addWidget(chip)
        self.row.addWidget(self.more)
        self.fit()

    def current_tag(self) -> str:
        if self.more.isVisibleTo(self) and self.more.currentIndex() > 0:
            return self.more.currentData() or ""
        button = self.group.checkedButton()
        return button.property("tag") if button is not None else ""

    def set_tag(self, tag: str) -> None:
        """Choose ``tag`` ("" for all): its chip if it shows, else its entry in «Flere …»."""
        chip = next((b for b in self.group.buttons() if b.property("tag") == tag and not b.isHidden()), None)
        index = self.more.findData(tag) if tag else -1
        if chip is None and index <= 0:
            chip = next((b for b in self.group.buttons() if not b.property("tag")), None)
        self.group.select(chip)  # None: no chip checked, the drop-down holds the tag
        self.more.setCurrentIndex(0 if chip is not None else index)

    def fit(self) -> None:
        """Show as many chips as two rows hold at this width; the rest go into «Flere …»."""
        chosen = self.current_tag()
        chips = self.group.buttons()
        for chip in chips:
            chip.show()
        self.more.hide()
        width = self.width()
        shown = len(chips)
        if width > 0 and chips:
            row_height = max(max(chip.sizeHint().height() for chip in chips), self.more.sizeHint().height())
            allowed = MAX_ROWS * row_height + (MAX_ROWS - 1) * self.row.spacing()
            while shown > 1 and self.row.heightForWidth(width) > allowed:
                shown -= 1
                chips[shown].hide()
                self.more.show()
        self.more.blockSignals(True)
        self.more.clear()
        self.more.addItem(self.tr("Flere …"), "")
        for chip in chips[shown:]:
            self.more.addItem(chip.property("tag"), chip.property("tag"))
        self.more.view().setMinimumWidth(self.more.view().sizeHintForColumn(0) + 24)  # the open list: whole words
        self.more.blockSignals(False)
        self.set_tag(chosen)

    def _chip_clicked(self, _chip) -> None:
        self.more.setCurrentIndex(0)
        self.changed.emit()

    def _more_chosen(self, index: int) -> None:
        self.set_tag(self.more.itemData(index) or "")
        self.changed.emit()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.fit()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit()
