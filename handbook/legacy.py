"""Moving a user's files away from the old name, which gave the topic away.

Versions before the neutral names kept the settings as "handbok-vold"
(``~/.config/Aas kommune/handbok-vold.conf``; on Windows the registry key
``HKEY_CURRENT_USER\\Software\\Aas kommune\\handbok-vold``) and the search cache in
``~/.cache/handbok-vold``. At start the app moves the settings to the neutral name
once, removes the old file, and deletes the old cache: it is rebuilt on demand and
nothing in it is the user's. Only ``app.run`` calls this: tests and tools never
touch a user's real files.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings

from handbook import paths
from handbook.settings import prepare_store_file


def native_store(app_name: str) -> QSettings:
    """The user's settings for ``app_name`` in QSettings' native place (INI file, registry, plist)."""
    return QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, paths.ORGANIZATION, app_name)


def move_settings(new: QSettings, old: QSettings) -> bool:
    """Copy ``old`` into ``new`` unless ``new`` has settings already, then empty and remove ``old``.

    Returns:
        Whether there was anything under the old name.
    """
    keys = old.allKeys()
    if not keys:
        return False
    if not new.allKeys():
        prepare_store_file(new)  # created 0600 in a 0700 folder: it names pages she pinned or read
        for key in keys:
            new.setValue(key, old.value(key))
        new.sync()
    old.clear()
    old.sync()
    file = Path(old.fileName())
    if file.is_file():  # an INI file or a plist; the registry has no file, and keeps an empty key
        file.unlink()
    return True


def settings_store() -> QSettings:
    """The user's settings store under the neutral name, with any settings of the old name moved into it."""
    store = native_store(paths.APP_NAME)
    move_settings(store, native_store(paths.LEGACY_APP_NAME))
    return store


def remove_cache(folder: Path) -> None:
    """Delete the old cache folder: its index and catalogue, then the folder if nothing else is in it."""
    if not folder.is_dir():
        return
    for name in ("index", "translations"):
        shutil.rmtree(folder / name, ignore_errors=True)
    try:
        folder.rmdir()
    except OSError:
        pass  # something that is not ours is in it: leave it
