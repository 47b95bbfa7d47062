"""Text zoom of the window: the pages and lists grow with the setting; the sidebar less, so the page keeps room."""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QSplitter, QWidget

from handbook.ui import fonts

SIDEBAR_ZOOM_MAX = 130
SIDEBAR_MIN_WIDTH = 240


def apply_zoom(window: QWidget, splitter: QSplitter, sidebar: QWidget, base_font: QFont, zoom: int) -> None:
    """Set the fonts of ``splitter`` (pages, lists) and ``sidebar`` for ``zoom`` percent of ``base_font``."""
    font = QFont(base_font)
    font.setPointSizeF(base_font.pointSizeF() * zoom / 100)
    splitter.setFont(font)
    # The sidebar grows less, so the page keeps the room at 200 % on a small screen.
    side = QFont(base_font)
    side.setPointSizeF(base_font.pointSizeF() * min(zoom, SIDEBAR_ZOOM_MAX) / 100)
    sidebar.setFont(side)
    fonts.refresh(splitter)
    sizes = splitter.sizes()
    if sidebar.isVisibleTo(window) and sizes and sizes[0] < SIDEBAR_MIN_WIDTH and sum(sizes) > 3 * SIDEBAR_MIN_WIDTH:
        splitter.setSizes([SIDEBAR_MIN_WIDTH, sum(sizes) - SIDEBAR_MIN_WIDTH])
