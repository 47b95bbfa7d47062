"""Find in page: a slim bar under the page with a match count.

Ctrl+F opens it, Enter / F3 finds the next match, Shift+Enter / Shift+F3 the
previous one, Esc closes it. The page view does the finding; this widget only
collects the text and shows "3 av 12".

Signals:
    find(str, bool): search for the text; True means backwards.
    closed(): the bar was closed (matches should be cleared).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from handbook.ui.quick_hide import forget_text


class FindBar(QWidget):
    find = Signal(str, bool)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("Finn på siden"))
        self.edit.setAccessibleName(self.tr("Finn på siden"))
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel(self)
        self.count.setAccessibleName(self.tr("Antall treff på siden"))
        self.count.setMinimumWidth(90)
        prev = QPushButton(self.tr("Forrige"), self)
        prev.setToolTip(self.tr("Forrige treff (Shift+F3)"))
        nxt = QPushButton(self.tr("Neste"), self)
        nxt.setToolTip(self.tr("Neste treff (F3)"))
        close = QPushButton(self.tr("Lukk"), self)
        close.setToolTip(self.tr("Lukk søket på siden (Esc)"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(QLabel(self.tr("Finn:"), self))
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.count)
        layout.addWidget(prev)
        layout.addWidget(nxt)
        layout.addWidget(close)
        self.edit.textChanged.connect(lambda t: self.find.emit(t, False))
        prev.clicked.connect(lambda: self.find_next(backward=True))
        nxt.clicked.connect(lambda: self.find_next(backward=False))
        close.clicked.connect(self.close_bar)
        self.setFocusProxy(self.edit)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if self.edit.text():
            self.find.emit(self.edit.text(), False)

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()

    def find_next(self, backward: bool = False) -> None:
        if not self.isVisible():
            self.open_bar()
            return
        self.find.emit(self.edit.text(), backward)

    def set_count(self, current: int, total: int) -> None:
        if not self.edit.text():
            self.count.setText("")
        elif total == 0:
            self.count.setText(self.tr("Ingen treff"))
        else:
            self.count.setText(self.tr("{i} av {n}").format(i=current, n=total))

    def clear(self) -> None:
        """Empty and close the bar, undo history included (quick hide)."""
        forget_text(self.edit)
        self.count.setText("")
        self.hide()

    def keyPressEvent(self, event) -> None:
        key = event.key()
        if key == Qt.Key.Key_Escape:
            self.close_bar()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.find_next(bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        else:
            super().keyPressEvent(event)
