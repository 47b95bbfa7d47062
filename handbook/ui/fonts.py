"""Fonts relative to the zoomed text size: headings and numbers that grow with Ctrl+plus.

A widget whose font is set explicitly no longer follows its parent's font, so
headings sized once at construction would stay small at 200 % zoom. Widgets
marked with :func:`set_relative_font` are re-sized from their parent's font by
:func:`refresh` whenever the zoom changes.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

_SCALE, _BOLD = "handbookFontScale", "handbookFontBold"


def _apply(widget: QWidget) -> None:
    parent = widget.parentWidget()
    base = parent.font() if parent is not None else QApplication.font()
    font = QFont(base)
    font.setPointSizeF(base.pointSizeF() * float(widget.property(_SCALE)))
    font.setBold(bool(widget.property(_BOLD)))
    widget.setFont(font)


def set_relative_font(widget: QWidget, scale: float = 1.0, bold: bool = False) -> QWidget:
    """Size ``widget``'s font at ``scale`` times its parent's, now and after zoom changes."""
    widget.setProperty(_SCALE, scale)
    widget.setProperty(_BOLD, bold)
    _apply(widget)
    return widget


def refresh(root: QWidget) -> None:
    """Re-size every marked widget under ``root`` (after the zoom changed)."""
    for widget in root.findChildren(QWidget):
        if widget.property(_SCALE) is not None:
            _apply(widget)
