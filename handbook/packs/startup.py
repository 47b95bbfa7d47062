"""At start: which content to show (an installed pack newer than the shipped content) and its index.

Runs in the worker thread that loads the content (no Qt). Dead imports' leftovers are swept first;
an installed pack whose signature or files no longer hold is skipped (its predecessor is tried), and
None means the caller shows the shipped content, the fallback when nothing else is usable.
"""

from __future__ import annotations

import logging
from pathlib import Path

from handbook.packs.manifest import Edition, version_key
from handbook.packs.store import CONTENT, INDEX, PACK_FILE, Installed, PackStore

log = logging.getLogger(__name__)


def user_store() -> "PackStore":
    """This user's store, trusting the keys the app ships, against the shipped content's version."""
    from handbook import paths
    from handbook.packs import keys

    return PackStore(paths.packs_dir(), keys.trusted_keys(), read_edition(paths.default_content_dir()))


def read_edition(content_dir: Path) -> Edition | None:
    """The content version and date in a content folder's ``meta.yaml`` (within the content limits)."""
    from handbook.content.errors import Problems
    from handbook.content.safeio import ContentFiles
    from handbook.content.yamlio import as_date, load_yaml_file

    problems = Problems()
    try:
        data = load_yaml_file(ContentFiles(Path(content_dir), problems), Path(content_dir) / "meta.yaml", "meta.yaml",
                              problems)
    except Exception:  # noqa: BLE001 - an unreadable shipped meta.yaml means "unknown", never a crash
        return None
    if not isinstance(data, dict) or not isinstance(data.get("content_version"), str):
        return None
    return Edition(data["content_version"], as_date(data.get("content_date")))


def index_dir_for(content_dir) -> Path | None:
    """The search index an installed pack built for its content, or None for any other folder."""
    if not content_dir:
        return None
    folder = Path(content_dir)
    if folder.name == CONTENT and (folder.parent / PACK_FILE).is_file() and (folder.parent / INDEX).is_dir():
        return folder.parent / INDEX
    return None


def content_order(store: PackStore, shipped_dir: Path) -> list[tuple[Path, Installed | None]]:
    """The content folders to try at start, best first: the installed pack and the one before it,
    each only when newer than the shipped content (a new program version may ship newer content
    than an old pack), then the shipped content, the fallback when nothing else is usable."""
    shipped = version_key(store.shipped.content_version) if store.shipped is not None else None
    out: list[tuple[Path, Installed | None]] = []
    for installed in store.candidates():
        if shipped is None or installed.manifest.version_key > shipped:
            out.append((installed.content_dir, installed))
    out.append((Path(shipped_dir), None))
    return out


def installed_handbook(store, validate):
    """The loaded handbook of the best installed pack, or None.

    Args:
        store: a :class:`handbook.packs.store.PackStore`, or None for this user's.
        validate: ``validate(folder) -> (handbook | None, problems)`` (app.validate_content).
    """
    from handbook import paths

    try:
        store = store if store is not None else user_store()
        store.sweep()
        order = content_order(store, paths.default_content_dir())[:-1]  # the last is the shipped content
    except Exception:  # noqa: BLE001 - a broken store must never stop the start: the shipped content shows
        log.exception("handbook: de installerte innholdspakkene kan ikke leses")
        return None
    for folder, installed in order:
        handbook, problems = validate(folder)
        if handbook is not None:
            return handbook
        log.warning("handbook: innholdspakken %s kan ikke lastes: %s", installed.name, "; ".join(problems[:3]))
    return None
