"""An index folder on disk is untrusted input: its metadata is validated, its files are checked and copied in.

``handbook-index.json`` is read with a size limit and parsed defensively (deep nesting, a NUL in a
name, wrong types, a name that leaves the folder: each means "not usable"). The files it lists are
read whole into memory, each checked against the size and SHA-256 recorded when the index was built,
and the index is then opened from those bytes (:func:`verified_files`). Nothing is mapped from disk,
so a file truncated or overwritten under the running app can neither kill it (SIGBUS, which is
what Whoosh's mmap of a cut segment gave) nor change its answers.

No failure here raises: every answer is "use it" or "rebuild it".
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from handbook.digest import sha256

META_FILE = "handbook-index.json"
META_FORMAT = 1
MAX_META_BYTES = 1024 * 1024  # ours is about 1 KB
MAX_FILES = 1000  # ours has two or three
MAX_INDEX_BYTES = 512 * 1024 * 1024  # ours is about 1 MB; the 100× synthetic benchmark 21 MB
_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)


def _count(value: object, low: int = 0, high: int = MAX_INDEX_BYTES) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def valid_meta(meta: object) -> bool:
    """Whether ``meta`` has exactly the shape :func:`store._write_meta` gives it."""
    if not isinstance(meta, dict) or meta.get("format") != META_FORMAT or isinstance(meta.get("format"), bool):
        return False
    if not isinstance(meta.get("signature"), str) or not 0 < len(meta["signature"]) <= 200:
        return False
    if not _count(meta.get("documents"), 0, 10_000_000):
        return False
    files = meta.get("files")
    if not isinstance(files, dict) or not 0 < len(files) <= MAX_FILES:
        return False
    total = 0
    for name, info in files.items():
        if not isinstance(name, str) or not _NAME.fullmatch(name) or name == META_FILE:
            return False
        if not isinstance(info, dict) or not _count(info.get("size")):
            return False
        if not isinstance(info.get("sha256"), str) or not _SHA256.fullmatch(info["sha256"]):
            return False
        total += info["size"]
    return total <= MAX_INDEX_BYTES


def _read_limited(path: Path, limit: int) -> bytes | None:
    """At most ``limit`` bytes of a regular file, or None if it is larger, not a file, or unreadable."""
    try:
        fd = os.open(path, _READ_FLAGS)
    except (OSError, ValueError):
        return None
    try:
        import stat

        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks) if size <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_meta(folder: Path) -> dict | None:
    """The folder's validated metadata, or None (missing, too large, not JSON, any other shape)."""
    raw = _read_limited(Path(folder) / META_FILE, MAX_META_BYTES)
    if raw is None:
        return None
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError, MemoryError):  # UnicodeDecodeError is a ValueError
        return None
    return meta if valid_meta(meta) else None


def verified_files(folder: Path, meta: dict) -> dict[str, bytes] | None:
    """Every file ``meta`` lists, read whole and matching its recorded size and SHA-256; else None."""
    files: dict[str, bytes] = {}
    for name, info in meta["files"].items():
        data = _read_limited(Path(folder) / name, info["size"])
        if data is None or len(data) != info["size"] or sha256(data).hexdigest() != info["sha256"]:
            return None
        files[name] = data
    return files


def describe(folder: Path) -> dict:
    """Size and SHA-256 of each index file in ``folder`` (for the metadata), lock files left out."""
    out = {}
    for path in sorted(Path(folder).iterdir()):
        if path.is_file() and path.name != META_FILE and not path.name.endswith(("LOCK", ".lock")):
            data = path.read_bytes()
            out[path.name] = {"size": len(data), "sha256": sha256(data).hexdigest()}
    return out
