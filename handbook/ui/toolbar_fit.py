"""The toolbar on a narrow window: shorter texts, then fewer buttons – «Skjul» and «Meny» stay.

At 300 % a 1920×1080 screen is 640 px wide to Qt: the full toolbar needs more, and the buttons at
its right end – «Skjul», the quick hide, and «Meny» – were the ones pushed off. As the bar narrows,
the buttons first show a short text (their accessible names and tooltips stay whole), then the
ones whose actions are also in «Meny» and on keys (Fram, Fest) step aside. The search field
keeps at least ``SEARCH_MIN`` px.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QToolButton, QWidget

SEARCH_MIN = 200


class ToolbarFit(QObject):
    """Watches ``bar``; ``buttons`` is [(button, short text or '', may hide)] in bar order."""

    def __init__(self, bar: QWidget, search: QWidget, buttons: list[tuple[QToolButton, str, bool]]) -> None:
        super().__init__(bar)
        self.bar, self.search, self.buttons = bar, search, buttons
        self.full = {id(b): b.text() for b, _s, _h in buttons}
        self.level = 0
        bar.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        if watched is self.bar and event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange, QEvent.Type.Show):
            self.fit()
        return False

    def _needed(self) -> int:
        layout = self.bar.layout()
        margins = layout.contentsMargins()
        shown = [b for b, _s, _h in self.buttons if not b.isHidden()]
        spacing = layout.spacing() if layout.spacing() >= 0 else 6
        return (sum(b.sizeHint().width() for b in shown) + SEARCH_MIN + spacing * len(shown)
                + margins.left() + margins.right())

    def set_level(self, level: int) -> None:
        self.level = level
        for button, short, may_hide in self.buttons:
            button.setText(short if level >= 1 and short else self.full[id(button)])
            button.setVisible(not (level >= 2 and may_hide))

    def fit(self) -> None:
        """The fullest level that leaves the search field its room."""
        width = self.bar.width()
        for level in (0, 1, 2):
            self.set_level(level)
            if self._needed() <= width:
                return
