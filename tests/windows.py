"""The real main window for widget tests, opened the two ways the tests need.

Each test gets its own settings in a temporary INI file, so no test sees another's zoom,
pins or sidebar choice.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from handbook.app import create_window, load_startup_content


def settings_store(folder: Path, name: str = "settings.ini") -> QSettings:
    """Settings in the INI file ``folder/name`` (every test's own, never the user's)."""
    return QSettings(str(folder / name), QSettings.Format.IniFormat)


def open_window(qtbot, handbook, store: QSettings, *, active: bool = False):
    """The window, shown, with ``handbook`` set and its search index open (the session's content)."""
    window, search, _settings = create_window(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    if active:
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow)
    window.set_handbook(handbook)
    with qtbot.waitSignal(search.ready, timeout=60_000):
        search.open(handbook)
    return window


def open_window_as_the_app_does(qtbot, store: QSettings):
    """The window, shown and active, its shipped content loaded the way ``app.run`` loads it."""
    window, search, settings = create_window(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    with qtbot.waitSignal(search.ready, timeout=60_000):
        assert load_startup_content(window, search, settings, None)
    return window
