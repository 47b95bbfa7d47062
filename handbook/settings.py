"""The reader's settings, declared once, stored in QSettings, read through one validated path.

Each setting has a name, a type, a default, a user-facing label and a one-line
description in :data:`DECLARED` (after qutebrowser's ``configdata.yml``). Only
values that differ from the default are written, so the store stays empty for a
user who changes nothing. Values are stored as JSON text, which keeps lists and
booleans intact in every QSettings backend (the INI backend would turn ``[x]``
into ``x``). ``settings_version`` allows migrations (after Zeal's ``settings.cpp``).

Every read goes through :func:`parse_stored`: a stored value that is not valid
JSON, not of the declared type, not finite (``Infinity``, ``NaN``, ``1e99999``)
or out of range is *never* returned. It is replaced by the default, removed from
the store, and its name is kept in :meth:`Settings.take_resets` so the window can
say once, in Norwegian, which setting was reset. Nothing in a settings file can
stop the app from starting.

Every write is checked (:meth:`Settings.set` returns whether it reached the disk). QSettings
writes its file whole (a temporary file, renamed), but only says ``AccessError``, and keeps
saying it after the disk is fine again; so each save is confirmed by a fresh QSettings on the
same file, and a failure is explained once, in bokmål («Mappen er skrivebeskyttet»), by
writing a probe through :mod:`handbook.atomic`. What was not saved stays for the session.
Pinned pages are changed by :meth:`Settings.update_list`, which first reads what another
instance may have written, so two instances merge their pins instead of dropping one.
The settings file names pages she pinned or read: it is created ``0600`` in a ``0700`` folder.

The store is passed in: app.py creates the user's QSettings (where it lives is
app.py's business); tests pass an INI file in a temporary folder.
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal

from handbook import atomic

SETTINGS_VERSION = 2
VERSION_KEY = "settings_version"
ZOOM_MIN, ZOOM_MAX, ZOOM_STEP = 50, 300, 10
MAX_TEXT = 4096  # a path or an id longer than this is not something the app wrote
MAX_ITEMS = 500  # favourites/recent: the app keeps far fewer


@dataclass(frozen=True)
class Setting:
    """One declared setting.

    Args:
        name: the key in the store.
        type: bool, int, str or list (of str).
        default: the value when nothing (valid) is stored.
        label: the setting's name as the user knows it (bokmål), for the reset notice.
        description: what it does, for developers.
        bounds: (min, max) for int settings.
        choices: the only values a str setting may take (empty: any text).
    """

    name: str
    type: type
    default: object
    label: str
    description: str
    bounds: tuple[int, int] | None = None
    choices: tuple[str, ...] = ()

    def fresh_default(self):
        return list(self.default) if isinstance(self.default, list) else self.default  # type: ignore[arg-type]


DECLARED: tuple[Setting, ...] = (
    Setting("zoom", int, 100, "Tekststørrelse",
            "Text size of pages, lists and results in percent (50–300).", (ZOOM_MIN, ZOOM_MAX)),
    Setting("discreet", bool, True, "Diskrete navn",
            "Neutral names where others see them: the window title 'Håndbok', 'Håndbok.pdf' as the suggested "
            "PDF name, 'Håndbok' as the print job's name."),
    Setting("keep_history", bool, False, "Husk sist leste sider",
            "Remember recently read pages between runs (off: nothing is written)."),
    Setting("content_dir", str, "", "Innholdsmappe", "A content folder to use instead of the shipped one ('' = shipped)."),
    Setting("pack_folder", str, "", "Mappe med innholdspakker",
            "A folder (USB stick, shared drive) checked at start for a newer signed content pack ('' = none)."),
    Setting("stale_months", int, 12, "Varsel om gammelt innhold",
            "Months after the content's date before the start page and About say it may be out of date.", (1, 120)),
    Setting("sidebar", str, "auto", "Innholdsfortegnelse",
            "Sidebar: 'auto' (shown when the window is wide), 'shown' or 'hidden'.", choices=("auto", "shown", "hidden")),
    Setting("favourites", list, [], "Festede sider", "Pinned section ids, shown in the sidebar."),
    Setting("recent", list, [], "Sist leste sider", "Recently read section ids; written only while keep_history is on."),
)
_BY_NAME = {s.name: s for s in DECLARED}


class InvalidSetting(ValueError):
    """A stored or given value that the setting cannot take."""


def _no_constants(name: str):
    raise InvalidSetting(f"{name} is not a number")  # JSON's NaN, Infinity, -Infinity


def parse_stored(setting: Setting, raw: object) -> object:
    """The typed value of ``raw`` as read from the store.

    Raises:
        InvalidSetting: raw is not JSON text of the declared type, or not finite, or out of bounds.
    """
    if not isinstance(raw, str):  # e.g. a list, when an INI line holds a comma
        raise InvalidSetting(f"{setting.name}: stored as {type(raw).__name__}")
    try:
        value = json.loads(raw, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:
        raise InvalidSetting(f"{setting.name}: not JSON") from exc
    return validate(setting, value)


def validate(setting: Setting, value: object) -> object:
    """``value`` as the setting's type, or InvalidSetting. Never raises anything else."""
    if setting.type is bool:
        if isinstance(value, bool):
            return value
    elif setting.type is int:
        if isinstance(value, float) and math.isfinite(value) and value.is_integer():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool):
            low, high = setting.bounds or (-(2**31), 2**31 - 1)
            if low <= value <= high:
                return value
    elif setting.type is str:
        if isinstance(value, str) and len(value) <= MAX_TEXT and "\x00" not in value:
            if not setting.choices or value in setting.choices:
                return value
    elif setting.type is list:
        if (isinstance(value, list) and len(value) <= MAX_ITEMS
                and all(isinstance(v, str) and 0 < len(v) <= MAX_TEXT for v in value)):
            return list(value)
    raise InvalidSetting(f"{setting.name}: {str(value)[:40]!r} is not a valid value")


def setting(name: str) -> Setting:
    return _BY_NAME[name]


def store_file(store: QSettings) -> Path | None:
    """The file a QSettings writes (None for the Windows registry)."""
    if sys.platform == "win32" and store.format() == QSettings.Format.NativeFormat:
        return None
    name = store.fileName()
    return Path(name) if name and os.path.isabs(name) else None


def prepare_store_file(store: QSettings) -> None:
    """Before the first write: the folder ``0700`` and an empty file ``0600`` (QSettings keeps a file's mode)."""
    path = store_file(store)
    if path is None or path.exists():
        return
    try:
        atomic.ensure_dir(path.parent, private=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, atomic.PRIVATE_FILE))
    except OSError:
        pass  # the write that follows fails and says so


def store_saved(store: QSettings) -> bool:
    """Whether everything set on ``store`` is on disk: a fresh QSettings on the same file syncs and reports.

    (The store's own ``status()`` stays ``AccessError`` after the first failure, even once the disk is fine.)
    """
    probe = QSettings(store.fileName(), store.format())
    probe.sync()
    return probe.status() == QSettings.Status.NoError


def why_not_saved(store: QSettings) -> str:
    """Why the settings file cannot be written, in bokmål («Mappen er skrivebeskyttet.»)."""
    path = store_file(store)
    if path is not None:
        try:
            atomic.write_bytes(path.parent / f".{path.name}.probe", bytes(4096))  # a block: a full disk says so
        except atomic.WriteError as error:
            return error.what
        (path.parent / f".{path.name}.probe").unlink(missing_ok=True)
    return "Filen kunne ikke skrives."


class Settings(QObject):
    """Typed, validated access to the declared settings.

    Signals:
        changed(str): a setting's value changed; the argument is its name.
        wasReset(): a stored value was invalid and has been replaced by its default
            (:meth:`take_resets` names which).
        notSaved(): a change could not be written to disk; it holds for this session
            (:meth:`take_unsaved_reason` says why, once).
    """

    changed = Signal(str)
    wasReset = Signal()
    notSaved = Signal()

    def __init__(self, store: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._resets: list[str] = []
        self._unsaved_reason = ""
        self._reason_told = False
        self._migrate()
        for declared in DECLARED:  # find bad values now, before the window reads any of them
            self.get(declared.name)

    def _migrate(self) -> None:
        version = self._store.value(VERSION_KEY)
        if version is None:
            return  # nothing stored yet; the version is written with the first value
        if str(version) == "1":
            # 1 → 2: 'discreet_title' (off by default, so only ever stored as on) became
            # 'discreet', on by default: a stored 'on' is the new default and goes.
            self._store.remove("discreet_title")
            if self._store.allKeys() == [VERSION_KEY]:
                self._store.remove(VERSION_KEY)
            else:
                self._store.setValue(VERSION_KEY, SETTINGS_VERSION)
            self._sync()

    def get(self, name: str):
        """The setting's value: what is stored if it is valid, else the default (and the bad value is dropped)."""
        declared = _BY_NAME[name]
        raw = self._store.value(name)
        if raw is None:
            return declared.fresh_default()
        try:
            return parse_stored(declared, raw)
        except InvalidSetting:
            self._reset(declared)
            return declared.fresh_default()

    def _reset(self, declared: Setting) -> None:
        self._store.remove(declared.name)
        if self._store.allKeys() == [VERSION_KEY]:
            self._store.remove(VERSION_KEY)
        self._sync()
        if declared.name not in self._resets:
            self._resets.append(declared.name)
            self.wasReset.emit()

    def take_resets(self) -> list[str]:
        """The user-facing labels of settings reset since the last call (each is reported once)."""
        labels = [_BY_NAME[name].label for name in self._resets]
        self._resets = []
        return labels

    def take_unsaved_reason(self) -> str:
        """Why changes could not be saved, in bokmål — the first time it is asked after a failure, then ''."""
        if self._reason_told or not self._unsaved_reason:
            return ""
        self._reason_told = True
        return self._unsaved_reason

    def _sync(self) -> bool:
        """Write what was changed; True when it is on disk (else noted, and ``notSaved`` emitted)."""
        prepare_store_file(self._store)
        self._store.sync()
        if store_saved(self._store):
            path = store_file(self._store)
            if path is not None:
                try:
                    os.chmod(path, atomic.PRIVATE_FILE)
                except OSError:
                    pass
            return True
        if not self._unsaved_reason:
            self._unsaved_reason = why_not_saved(self._store)
        self.notSaved.emit()
        return False

    def update_list(self, name: str, add: str | None = None, remove: str | None = None) -> bool:
        """Add ``add`` to (or take ``remove`` from) a list setting, on top of what is stored *now*.

        Another instance may have changed the list since this one read it; the file is read
        again first, so its change is kept and only this one is applied (pins are merged).

        Returns:
            Whether the change reached the disk (it holds for this session either way).
        """
        self._store.sync()  # picks up what another instance wrote meanwhile
        items = [item for item in self.get(name) if item != remove]
        if add is not None and add not in items:
            items.append(add)
        return self.set(name, items)

    def set(self, name: str, value) -> bool:
        """Store ``value``; an int outside its bounds is clamped, any other bad value is refused.

        Returns:
            False when the change could not be written to disk (it holds for this session;
            ``notSaved`` was emitted); True otherwise, also when nothing needed writing.
        """
        declared = _BY_NAME[name]
        if declared.bounds and isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            value = max(declared.bounds[0], min(declared.bounds[1], int(value)))
        try:
            value = validate(declared, value)
        except InvalidSetting:
            return True  # the app never writes what it could not read back
        if value == self.get(name):
            return True
        if value == declared.default:
            self._store.remove(name)
            if self._store.allKeys() == [VERSION_KEY]:
                self._store.remove(VERSION_KEY)  # back to all defaults: an empty store
        else:
            self._store.setValue(name, json.dumps(value, ensure_ascii=False))
            self._store.setValue(VERSION_KEY, SETTINGS_VERSION)
        saved = self._sync()
        self.changed.emit(name)
        return saved

    def stored_keys(self) -> list[str]:
        """Keys actually written to the store (for tests and diagnostics)."""
        return list(self._store.allKeys())
