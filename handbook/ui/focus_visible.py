"""Whatever has the keyboard focus is on the screen.

``QScrollArea`` scrolls a focused child into view only when Tab moved the focus there itself;
focus set by the program (a new flowchart step, a help-list entry), by a shortcut or by a screen
reader can land on a control scrolled out of sight – at 200 % most controls are. Every scroll
area the newly focused widget sits in is scrolled to show it.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

MARGIN = 12  # the focus ring and a little air around it


def show_focused(_old: QWidget | None, new: QWidget | None) -> None:
    widget = new
    while widget is not None and not widget.isWindow():
        parent = widget.parentWidget()
        area = parent.parentWidget().parentWidget() if parent is not None and parent.parentWidget() is not None else None
        if isinstance(area, QScrollArea) and area.widget() is parent:
            _show_in(area, new)
        widget = parent


def _show_in(area: QScrollArea, widget: QWidget) -> None:
    """Scroll ``area`` to show all of ``widget`` (its top part when it is taller than the view).

    ``QScrollArea.ensureWidgetVisible`` shows a list only down to its current row, which left the
    home view's lists 32 px high at 200 %.
    """
    pos = widget.mapTo(area.widget(), QPoint(0, 0))
    view = area.viewport().size()
    width = max(1, min(widget.width(), view.width() - 2 * MARGIN))
    height = max(1, min(widget.height(), view.height() - 2 * MARGIN))
    area.ensureVisible(pos.x() + width // 2, pos.y() + height // 2, width // 2 + MARGIN, height // 2 + MARGIN)


def install(app: QApplication) -> None:
    """Keep the focused widget in view in ``app``'s windows (once per application)."""
    if not app.property("handbookFocusVisible"):
        app.focusChanged.connect(show_focused)
        app.setProperty("handbookFocusVisible", True)
