"""The reader's settings, declared once, stored in QSettings.

Each setting has a name, a type, a default and a one-line description in
:data:`DECLARED` (after qutebrowser's ``configdata.yml``). Only values that
differ from the default are written, so the store stays empty for a user who
changes nothing. Values are stored as JSON text, which keeps lists and booleans
intact in every QSettings backend (the INI backend would turn ``[x]`` into
``x``). ``settings_version`` allows migrations (after Zeal's ``settings.cpp``).

The store is passed in: app.py creates the user's QSettings; tests pass an
INI file in a temporary folder.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from PySide6.QtCore import QObject, QSettings, Signal

SETTINGS_VERSION = 1
VERSION_KEY = "settings_version"
ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 50, 300, 10


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: object
    description: str


DECLARED: tuple[Setting, ...] = (
    Setting("zoom", int, 100, "Text size of pages, lists and results in percent (50–300)."),
    Setting("discreet_title", bool, False, "Show only 'Håndbok' in the window title."),
    Setting("keep_history", bool, False, "Remember recently read pages between runs (off: nothing is written)."),
    Setting("content_dir", str, "", "A content folder to use instead of the shipped one ('' = shipped)."),
    Setting("sidebar", str, "auto", "Sidebar: 'auto' (shown when the window is wide), 'shown' or 'hidden'."),
    Setting("favourites", list, [], "Pinned section ids, shown in the sidebar."),
    Setting("recent", list, [], "Recently read section ids; written only while keep_history is on."),
)
_BY_NAME = {s.name: s for s in DECLARED}


def _coerce(setting: Setting, value: object) -> object:
    """The value as the setting's type, or the default if it cannot be."""
    try:
        if setting.type is bool:
            return bool(value) if isinstance(value, (bool, int)) else setting.default
        if setting.type is int:
            value = int(value)  # type: ignore[arg-type]
            if setting.name == "zoom":
                value = max(ZOOM_MIN, min(ZOOM_MAX, value))
            return value
        if setting.type is str:
            return value if isinstance(value, str) else setting.default
        if setting.type is list:
            return [str(v) for v in value] if isinstance(value, list) else list(setting.default)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        pass
    return setting.default


class Settings(QObject):
    """Typed access to the declared settings.

    Signals:
        changed(str): a setting's value changed; the argument is its name.
    """

    changed = Signal(str)

    def __init__(self, store: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._migrate()

    def _migrate(self) -> None:
        version = self._store.value(VERSION_KEY)
        if version is None:
            return  # nothing stored yet; the version is written with the first value
        # Version 1 is the first; later versions add their migrations here.

    def get(self, name: str):
        setting = _BY_NAME[name]
        raw = self._store.value(name)
        if raw is None:
            return list(setting.default) if isinstance(setting.default, list) else setting.default
        try:
            value = json.loads(str(raw))
        except ValueError:
            return setting.default
        return _coerce(setting, value)

    def set(self, name: str, value) -> None:
        setting = _BY_NAME[name]
        value = _coerce(setting, value)
        if value == self.get(name):
            return
        if value == setting.default:
            self._store.remove(name)
            if self._store.allKeys() == [VERSION_KEY]:
                self._store.remove(VERSION_KEY)  # back to all defaults: an empty store
        else:
            self._store.setValue(name, json.dumps(value, ensure_ascii=False))
            self._store.setValue(VERSION_KEY, SETTINGS_VERSION)
        self._store.sync()
        self.changed.emit(name)

    def stored_keys(self) -> list[str]:
        """Keys actually written to the store (for tests and diagnostics)."""
        return list(self._store.allKeys())
