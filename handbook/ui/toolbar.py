"""The window's top row: Innhold, Tilbake, Fram, Start, the search box, Fest, Skjul and the menu."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QMenu, QToolButton, QWidget

from handbook.ui.search_box import SearchBox
from handbook.ui.toolbar_fit import ToolbarFit

MENU_GROUPS = (("flow", "help_list", "home", "sidebar"), ("find", "zoom_in", "zoom_out", "zoom_reset", "pin"),
               ("print", "save_pdf"), ("settings", "about", "hide", "quit"))


class Toolbar(QWidget):
    """Buttons for the window's actions (``make_actions``), the search box between them.

    Args:
        actions: The window's actions by name.
    """

    def __init__(self, actions: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions = actions
        self.sidebar_button = self._tool("sidebar", self.tr("☰ Innhold"), self.tr("Vis eller skjul innholdsfortegnelsen (Ctrl+B)"))
        self.back_button = self._tool("back", self.tr("◀ Tilbake"), self.tr("Tilbake (Alt+Venstre)"))
        self.forward_button = self._tool("forward", self.tr("Fram ▶"), self.tr("Fram (Alt+Høyre)"))
        self.home_button = self._tool("home", self.tr("Start"), self.tr("Startsiden (Alt+Home)"))
        self.search_box = SearchBox(self)
        self.pin_button = self._tool("pin", self.tr("Fest"), self.tr("Fest siden i sidefeltet (Ctrl+D)"))
        self.pin_button.defaultAction().setCheckable(True)
        self.hide_button = self._tool("hide", self.tr("Skjul"), self.tr("Skjul skjermen straks (Esc Esc eller Ctrl+Shift+H)"))
        self.menu_button = QToolButton(self)
        self.menu_button.setText(self.tr("Meny"))
        self.menu_button.setAccessibleName(self.tr("Meny"))
        self.menu_button.setMinimumHeight(36)
        self.menu_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.menu_button)
        for group in MENU_GROUPS:
            for name in group:
                menu.addAction(actions[name])
            menu.addSeparator()
        self.menu_button.setMenu(menu)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 6, 6, 6)
        for w in (self.sidebar_button, self.back_button, self.forward_button, self.home_button):
            row.addWidget(w)
        row.addWidget(self.search_box, 1)
        for w in (self.pin_button, self.hide_button, self.menu_button):
            row.addWidget(w)
        self.fit = ToolbarFit(self, self.search_box, [  # at 300 %: short texts, then Fram and Fest step aside
            (self.sidebar_button, "☰", False), (self.back_button, "◀", False), (self.forward_button, "▶", True),
            (self.home_button, "", False), (self.pin_button, "", True), (self.hide_button, "", False),
            (self.menu_button, "", False)])

    def _tool(self, action_name: str, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        self.actions[action_name].setIconText(text)
        button.setDefaultAction(self.actions[action_name])
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setMinimumHeight(36)
        return button
