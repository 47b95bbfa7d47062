"""Where content, resources, the shipped index and the user's cache live, and under which names.

One module answers "where is X" for a source checkout, an installed wheel and a
frozen (PyInstaller) bundle. ``HANDBOOK_CONTENT`` / ``--content`` override the
content folder; ``HANDBOOK_CACHE_DIR`` overrides the cache and ``HANDBOOK_DATA_DIR`` the data
folder that holds installed content packs (tests use both).

Every name the app leaves on the computer is neutral (README, "Diskresjon"): the
cache folder, the settings file, the window class and the desktop entry are all
:data:`APP_NAME`, "handbok". Versions before used :data:`LEGACY_APP_NAME`,
which named the topic; ``handbook.legacy`` moves a user's files from it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "handbok"
ORGANIZATION = "Aas kommune"
LEGACY_APP_NAME = "handbok-vold"
_PACKAGE_DIR = Path(__file__).resolve().parent


def settle_home(environ=os.environ) -> None:
    """Give HOME its value from the user database when it is unset or empty (POSIX).

    Qt takes an unset HOME to mean "/", so settings and dialogs reached for ``/.config/…``
    at the root of the disk, while the cache (platformdirs) went to the real home folder.
    Called first thing by the command line and the app, before Qt reads it.
    """
    if os.name != "posix" or environ.get("HOME"):
        return
    try:
        import pwd

        home = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError):
        return
    if home and os.path.isdir(home):
        environ["HOME"] = home


def _bundle_root() -> Path | None:
    """The folder that holds shipped data, or None when running from a checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    data = _PACKAGE_DIR / "_data"
    if data.is_dir():
        return data
    return None


def _data_dir(name: str) -> Path:
    root = _bundle_root()
    if root is not None and (root / name).is_dir():
        return root / name
    return _PACKAGE_DIR.parent / name


def default_content_dir() -> Path:
    """The content folder that ships with the app (or the checkout's ``content/``)."""
    override = os.environ.get("HANDBOOK_CONTENT")
    if override:
        return Path(override)
    return _data_dir("content")


def resources_dir() -> Path:
    """Icons, styles and desktop files."""
    return _data_dir("resources")


def shipped_index_dir() -> Path | None:
    """Where a prebuilt, read-only search index ships; None in a source checkout."""
    root = _bundle_root()
    return root / "index" if root is not None else None


def cache_dir() -> Path:
    """The user's cache folder: rebuilt indexes go here, never into the app folder."""
    override = os.environ.get("HANDBOOK_CACHE_DIR")
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def data_dir() -> Path:
    """The user's data folder: content packs the user installed live in its ``innhold/``.

    Not the cache (a cleaned cache must not take the coordinator's update with it) and never
    the app folder (it may be read-only). Neutral name, like the cache.
    """
    override = os.environ.get("HANDBOOK_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def packs_dir() -> Path:
    """Where installed content packs and the pointer to the one in use live."""
    return data_dir() / "innhold"


def legacy_cache_dir() -> Path:
    """The cache folder of versions before the neutral names (removed at start; it is only a cache)."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(LEGACY_APP_NAME, appauthor=False))
