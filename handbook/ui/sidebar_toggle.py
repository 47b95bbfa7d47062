"""Show or hide the sidebar: by the user's choice, else by the window's width.

A 1366×768 laptop at 150 % gives Qt 911×512 pixels; a sidebar there would take
a third of the width from the page. So, until the user chooses, the sidebar is
shown only when the window is at least :data:`AUTO_MIN_WIDTH` wide. The toolbar
button and Ctrl+B (or F9) show or hide it; that choice is remembered, since it
says nothing about what was read.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QSplitter, QWidget

AUTO_MIN_WIDTH = 1100  # logical pixels; 1024×576 (1280×720 at 125 %) starts without the sidebar
CHOICES = ("auto", "shown", "hidden")
SIDEBAR_SHARE = 0.28
SIDEBAR_MIN, SIDEBAR_MAX = 220, 340


def sidebar_width(total: int) -> int:
    """The sidebar's width when it is shown in a window ``total`` pixels wide."""
    return max(SIDEBAR_MIN, min(SIDEBAR_MAX, int(total * SIDEBAR_SHARE)))


class SidebarToggle(QObject):
    """Keeps the sidebar's visibility in line with the setting ``sidebar`` and the window's width.

    Args:
        window: the main window (its resizes are watched).
        splitter: holds the sidebar (index 0) and the views.
        sidebar: the sidebar widget.
        settings: :class:`handbook.settings.Settings`.
        action: the checkable "sidebar" command.
    """

    def __init__(self, window: QWidget, splitter: QSplitter, sidebar: QWidget, settings, action: QAction) -> None:
        super().__init__(window)
        self._window = window
        self._splitter = splitter
        self._sidebar = sidebar
        self._settings = settings
        self._action = action
        action.setCheckable(True)
        action.triggered.connect(self.toggle)
        settings.changed.connect(lambda name: name == "sidebar" and self.apply())
        window.installEventFilter(self)
        self.apply()

    def choice(self) -> str:
        value = self._settings.get("sidebar")
        return value if value in CHOICES else "auto"

    def wanted(self) -> bool:
        choice = self.choice()
        if choice == "auto":
            return self._window.width() >= AUTO_MIN_WIDTH
        return choice == "shown"

    def toggle(self) -> None:
        """Show a hidden sidebar (and move the keyboard there), or hide a shown one."""
        show = not self._sidebar.isVisibleTo(self._window)
        self._settings.set("sidebar", "shown" if show else "hidden")
        if show:
            self._sidebar.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def apply(self) -> None:
        show = self.wanted()
        was = self._sidebar.isVisibleTo(self._window)
        if show != was:
            if not show and self._sidebar.hasFocus():
                self._splitter.widget(1).setFocus(Qt.FocusReason.OtherFocusReason)
            self._sidebar.setVisible(show)
            if show:
                total = sum(self._splitter.sizes()) or self._window.width()
                side = sidebar_width(total)
                self._splitter.setSizes([side, max(1, total - side)])
        self._action.setChecked(show)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt naming
        if obj is self._window and event.type() == QEvent.Type.Resize and self.choice() == "auto":
            self.apply()
        return False
