"""Tab in the order the screen reads, for a part of a window that makes its widgets anew.

Qt puts a widget made later at the end of the window's Tab chain: a flowchart step's new
answers and numbers came after the «Tilbake» and «Start på nytt» below them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def order_tab_stops(owner: QWidget, areas: list[QWidget], ends: list[QWidget]) -> None:
    """Tab through the shown tab stops of ``areas`` (in the order they were made), then ``ends``,
    then out of ``owner``: to what followed its newest widget, not round into it again."""
    tab = Qt.FocusPolicy.TabFocus
    stops = [w for area in areas for w in area.findChildren(QWidget)
             if w.focusPolicy() & tab == tab and not w.isHidden() and w not in ends]
    outside = (stops[-1] if stops else ends[-1]).nextInFocusChain()
    chain = [*stops, *ends]
    if outside is not None and outside not in chain and not owner.isAncestorOf(outside):
        chain.append(outside)
    for first, second in zip(chain, chain[1:]):
        QWidget.setTabOrder(first, second)
