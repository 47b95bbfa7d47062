"""At start: the installed content pack, when there is a usable one newer than the shipped content.

Runs in the worker thread that loads the content (no Qt). Dead imports' leftovers are swept first;
an installed pack whose signature or files no longer hold is skipped (its predecessor is tried), and
None means the caller shows the shipped content, the fallback when nothing else is usable.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def installed_handbook(store, validate):
    """The loaded handbook of the best installed pack, or None.

    Args:
        store: a :class:`handbook.packs.store.PackStore`, or None for this user's.
        validate: ``validate(folder) -> (handbook | None, problems)`` (app.validate_content).
    """
    from handbook import paths
    from handbook.packs.store import content_order, user_store

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
