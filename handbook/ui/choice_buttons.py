"""One-of-many buttons that Tab reaches: the help list's filter chips, the flowchart's two modes.

An exclusive ``QButtonGroup`` takes Tab away from every button but the checked one (Qt leaves
the rest to the arrow keys, which a worker who has never used them cannot guess). These groups
are not exclusive to Qt; :func:`one_of` keeps exactly one button checked instead, and tells a
screen reader which one is chosen.
"""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QButtonGroup


def one_of(group: QButtonGroup) -> QButtonGroup:
    """Make ``group`` one-of-many for the mouse and the keyboard, every button a Tab stop."""
    group.setExclusive(False)

    def clicked(button: QAbstractButton) -> None:
        select(group, button)

    group.buttonClicked.connect(clicked)
    return group


def select(group: QButtonGroup, chosen: QAbstractButton) -> None:
    """Check ``chosen`` and uncheck the others (no signals)."""
    for button in group.buttons():
        button.blockSignals(True)
        button.setChecked(button is chosen)
        button.blockSignals(False)
