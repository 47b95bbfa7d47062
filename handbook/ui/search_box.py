"""The search box: large, always at the top, keyboard first.

Typing asks for results as you type; arrow and page keys move through the
result list without leaving the box; Enter opens the current result; Esc
clears the text.

Signals:
    query(str): the text changed.
    move(int): move the current result by this many rows.
    accepted(): Enter was pressed.
    cleared(): Esc cleared the box.
    copyAnswer(): Ctrl+C with no text selected (copy the current result's number).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from handbook.ui import fonts

_MOVES = {
    Qt.Key.Key_Down: 1,
    Qt.Key.Key_Up: -1,
    Qt.Key.Key_PageDown: 5,
    Qt.Key.Key_PageUp: -5,
}


class SearchBox(QLineEdit):
    query = Signal(str)
    move = Signal(int)
    accepted = Signal()
    cleared = Signal()
    copyAnswer = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The longest hint that fits whole: a hint cut off («melde til barne…») says nothing.
        self.hints = [self.tr("Søk: skriv f.eks. «krisesenter», «slår», «melde til barnevernet» (Ctrl+K)"),
                      self.tr("Søk: f.eks. «krisesenter», «slår» (Ctrl+K)"),
                      self.tr("Søk, f.eks. «krisesenter»"), self.tr("Søk (Ctrl+K)"), self.tr("Søk")]
        self.setPlaceholderText(self.hints[0])
        self.setAccessibleName(self.tr("Søk i håndboka"))
        self.setAccessibleDescription(self.tr("Resultatene vises mens du skriver. Piltaster velger, Enter åpner, Esc tømmer."))
        self.setClearButtonEnabled(True)
        self.setFont(fonts.scaled(self.font(), 1.3))
        self.setMinimumHeight(36)
        self.textChanged.connect(self.query)

    def fit_hint(self) -> None:
        room = self.width() - 2 * self.height()  # the clear button, the frame and the focus ring
        metrics = self.fontMetrics()
        hint = next((h for h in self.hints if metrics.horizontalAdvance(h) <= room), self.hints[-1])
        if hint != self.placeholderText():
            self.setPlaceholderText(hint)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().resizeEvent(event)
        self.fit_hint()

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt naming
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self.fit_hint()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key in _MOVES and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.move.emit(_MOVES[key])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accepted.emit()
        elif event.matches(QKeySequence.StandardKey.Copy) and not self.hasSelectedText():
            self.copyAnswer.emit()  # nothing selected to copy: copy the top answer's number
        elif key == Qt.Key.Key_Escape:
            if self.text():
                self.clear()
            self.cleared.emit()
        else:
            super().keyPressEvent(event)
