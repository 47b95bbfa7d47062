"""The window's application-wide watchers: quick hide's keys and the mouse's back and forward buttons.

They must see presses in every widget and in the dialogs opened over the window, so they
filter the whole application's events – installed once the window has been painted
(:mod:`handbook.ui.first_paint` says why), removed when it closes.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QApplication, QWidget

from handbook.ui.first_paint import after_first_paint
from handbook.ui.quick_hide import HideKeys
from handbook.ui.shortcuts import MouseNavigation


class Watchers:
    """Esc Esc / Ctrl+Shift+H call ``hide``; the mouse's side buttons call ``back`` and ``forward``."""

    def __init__(self, window: QWidget, painted: QWidget, hide: Callable[[], None], back: Callable[[], None],
                 forward: Callable[[], None]) -> None:
        self.hide_keys = HideKeys(window)
        self.hide_keys.triggered.connect(hide)
        self.mouse_nav = MouseNavigation(window)
        self.mouse_nav.back.connect(back)
        self.mouse_nav.forward.connect(forward)
        self.installed = False
        after_first_paint(painted, self.install)

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self.installed:
            app.installEventFilter(self.hide_keys)
            app.installEventFilter(self.mouse_nav)
            self.installed = True

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.hide_keys)
            app.removeEventFilter(self.mouse_nav)
        self.installed = False
