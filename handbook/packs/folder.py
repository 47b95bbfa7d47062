"""The newest usable pack in a folder the coordinator named (a USB stick, a shared drive).

Checked at start in a worker thread; the app only *offers* what it finds. Files that are refused
(unsigned, tampered, older …) are skipped and logged: a worker cannot fix them, and the coordinator
sees the reason with ``handbook pack verify``.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from handbook.packs import archive
from handbook.packs.errors import PackRefused
from handbook.packs.manifest import version_key

log = logging.getLogger(__name__)
MAX_FILES = 50  # .handbok files looked at in one folder (newest names first)


@dataclass(frozen=True)
class Found:
    path: Path
    pack: archive.Pack


def newest_pack(folder: Path, trusted: Mapping[str, bytes], newer_than: tuple[str | None, ...] = ()) -> Found | None:
    """The pack in ``folder`` with the highest content version above every version in ``newer_than``
    (the content in use, a version the user undid), whose signature and files hold; else None."""
    floor = max((version_key(v) for v in newer_than if v and version_key(v) is not None), default=None)
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.endswith(archive.SUFFIX) and not e.name.startswith(".")]
    except OSError as exc:
        log.info("handbook: mappen med innholdspakker kan ikke leses (%s)", exc)
        return None
    best: Found | None = None
    for name in sorted(names, reverse=True)[:MAX_FILES]:
        path = Path(folder) / name
        try:
            pack = archive.open_pack(path, trusted)
        except PackRefused as exc:
            log.info("handbook: %s brukes ikke: %s", path, exc.message)
            continue
        key = pack.manifest.version_key
        if floor is not None and key <= floor:
            continue
        if best is None or key > best.pack.manifest.version_key:
            best = Found(path, pack)
    return best
