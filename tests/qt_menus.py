"""Test helpers: open a widget's real context menu, as a right click would, and find its actions."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QWidget

# The offscreen platform cannot raise a popup, grab the keyboard for it or pass a dialog's size
# hints to a window manager, and says so.
OFFSCREEN_LIMITS = pytest.mark.qt_log_ignore(
    r"This plugin does not support (raise\(\)|grabbing the keyboard|propagateSizeHints\(\))")


def open_context_menu(qtbot, widget: QWidget, pos: QPoint | None = None) -> QMenu:
    """Right-click ``widget`` (at ``pos``, default its centre) and return the menu Qt pops up."""
    target = widget.viewport() if hasattr(widget, "viewport") else widget
    local = pos if pos is not None else target.rect().center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, local, target.mapToGlobal(local))
    QApplication.sendEvent(target, event)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    return QApplication.activePopupWidget()


def close_menu(qtbot, menu: QMenu) -> None:
    menu.close()
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None)


def menu_action(menu: QMenu, object_name: str):
    """The menu's action with this object name (Qt names its standard ones: 'edit-undo', 'edit-paste', …)."""
    for action in menu.actions():
        if action.objectName() == object_name:
            return action
    names = [a.objectName() or a.text() for a in menu.actions()]
    raise AssertionError(f"no action {object_name!r} in the context menu: {names}")
