"""Fonts relative to the zoomed text size: headings and numbers that grow with Ctrl+plus.

A widget whose font is set explicitly no longer follows its parent's font, so
headings sized once at construction would stay small at 200 % zoom. Widgets
marked with :func:`set_relative_font` are re-sized from their parent's font by
:func:`refresh` whenever the zoom changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

_SCALE, _BOLD = "handbookFontScale", "handbookFontBold"


def use_point_sizes() -> None:
    """Give the application font a point size where the desktop gave Qt a pixel size.

    Some desktops (and Qt's own fallback) hand Qt a pixel-sized font, whose
    ``pointSizeF()`` is -1: every "times the parent's size" in the app would then ask
    Qt for a negative point size (a warning each, and unscaled text). Converted once at
    start-up with the screen's logical DPI, everything after is in points.
    """
    font = QApplication.font()
    if font.pointSizeF() > 0 or font.pixelSize() <= 0:
        return
    screen = QGuiApplication.primaryScreen()
    dpi = screen.logicalDotsPerInchY() if screen is not None else 96.0
    font.setPointSizeF(max(1.0, font.pixelSize() * 72.0 / dpi))
    QApplication.setFont(font)


def scaled(base: QFont, factor: float) -> QFont:
    """``base`` at ``factor`` times its size, whether it is sized in points or in pixels."""
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * factor)
    elif base.pixelSize() > 0:
        font.setPixelSize(max(1, round(base.pixelSize() * factor)))
    return font


def _apply(widget: QWidget) -> None:
    parent = widget.parentWidget()
    base = parent.font() if parent is not None else QApplication.font()
    font = scaled(base, float(widget.property(_SCALE)))
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


def polished(widget: QWidget) -> None:
    """A widget is being polished (just before it is first shown; parents before children):
    give it its parent's font again, or size it again if it is sized relative to its parent.

    Under an application style sheet (the theme had one until issue 20) Qt gave a widget made
    *after* its parent's font was set the application's font, not the parent's: the help list's
    entries, the flowchart and every view made on first use came out at 9 pt where the zoom
    asked for 11 (or 22). Without one Qt hands the font down itself; this stays for the widgets
    sized relative to their parent, which are sized again here. :mod:`handbook.ui.app_events`
    calls this for every widget.
    """
    if widget.isWindow():
        return
    if not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
        inherit_now(widget)  # no attribute of its own: all of it from the parent
    elif widget.property(_SCALE) is not None:
        _apply(widget)


def inherit_now(widget: QWidget) -> None:
    """Give a widget just made (not yet shown) its parent's font at once (see :func:`polished`)."""
    if not widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
        widget.setFont(QFont())
