"""One-of-many buttons that Tab reaches: the help list's filter chips, the flowchart's two modes.

A ``QButtonGroup`` (exclusive or not) takes Tab away from every checkable button in it but the
focused one, leaving the rest to the arrow keys, which a worker who has never used them cannot
guess: 16 of the 17 filter chips could not be reached by Tab. :class:`OneOf` keeps exactly one
button checked without a ``QButtonGroup``, so every button stays a Tab stop.

Signals:
    buttonClicked(QAbstractButton): a button was clicked (and is now the checked one).
    idClicked(int): the same, by the id it was added with.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QAbstractButton


class OneOf(QObject):
    buttonClicked = Signal(QAbstractButton)
    idClicked = Signal(int)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._buttons: list[QAbstractButton] = []
        self._ids: dict[int, int] = {}

    def addButton(self, button: QAbstractButton, id: int = -1) -> None:  # noqa: N802, A002 - QButtonGroup's names
        button.setCheckable(True)
        self._buttons.append(button)
        self._ids[hash(button)] = id
        button.clicked.connect(lambda _checked=False, b=button: self._clicked(b))

    def removeButton(self, button: QAbstractButton) -> None:  # noqa: N802
        if button in self._buttons:
            self._buttons.remove(button)
            self._ids.pop(hash(button), None)
            button.clicked.disconnect()

    def buttons(self) -> list[QAbstractButton]:
        return list(self._buttons)

    def checkedButton(self) -> QAbstractButton | None:  # noqa: N802
        return next((b for b in self._buttons if b.isChecked()), None)

    def select(self, chosen: QAbstractButton) -> None:
        """Check ``chosen`` and uncheck the others (no signals)."""
        for button in self._buttons:
            button.setChecked(button is chosen)

    def _clicked(self, button: QAbstractButton) -> None:
        self.select(button)
        self.buttonClicked.emit(button)
        self.idClicked.emit(self._ids.get(hash(button), -1))
