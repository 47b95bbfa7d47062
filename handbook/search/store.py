"""The index on disk: build it atomically, check it, and find a usable one.

Order of preference when the app opens search:

1. the shipped, read-only index (packaging builds it with ``handbook index --out``);
2. the user's cache (``paths.cache_dir()/index/<signature>``);
3. a fresh build into that cache folder;
4. a fresh build in memory, when no folder is writable.

An index folder is used only if its ``handbook-index.json`` names the expected
signature (documents + analyzer + schema + Whoosh version) and every file it
lists has the recorded size and SHA-256. Anything else — missing, truncated,
random bytes, another version, unreadable — is rebuilt.

Builds go to a unique temporary sibling folder and are renamed into place, so
a build that is killed leaves only a temporary folder that is never opened
(and is swept later), and two app instances never write the same folder.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index

from handbook.search.documents import schema

log = logging.getLogger(__name__)

META_FILE = "handbook-index.json"
META_FORMAT = 1
INDEX_NAME = "MAIN"
_STALE_SECONDS = 3600  # temporary folders older than this belong to dead builds
_KEEP_VERSIONS = 3  # cached indexes kept for other content folders/versions


@dataclass
class OpenedIndex:
    """A usable index and where it came from.

    Attributes:
        index: The open Whoosh index.
        source: ``shipped``, ``cache``, ``built`` or ``memory``.
        path: The index folder, or None for an in-memory index.
        signature: The signature it was built for.
    """

    index: Index
    source: str
    path: Path | None
    signature: str


def write_documents(index: Index, docs: Sequence[dict[str, str]]) -> None:
    writer = index.writer()
    try:
        for doc in docs:
            writer.add_document(**doc)
    except BaseException:
        writer.cancel()
        raise
    writer.commit()


class _MemoryStorage(RamStorage):
    """A RamStorage whose writer's scratch files stay in memory too.

    Whoosh's own puts them in ``<tmp>/MAIN.tmp``: a name every process shares (two app
    instances building at once delete each other's files), and content written to disk
    when the point was to write nothing.
    """

    def temp_storage(self, name=None):
        return RamStorage()


def build_memory(docs: Sequence[dict[str, str]], signature: str) -> OpenedIndex:
    """An index that lives only in this process (no writable folder): nothing touches the disk."""
    index = _MemoryStorage().create_index(schema(), indexname=INDEX_NAME)
    write_documents(index, docs)
    return OpenedIndex(index, "memory", None, signature)


def build_folder(docs: Sequence[dict[str, str]], signature: str, target: Path) -> Path:
    """Build the index for ``docs`` into ``target`` atomically.

    The index is written and fsynced in a temporary sibling folder, then
    renamed to ``target``. If another process installed a valid index there
    meanwhile, that one is kept.

    Raises:
        OSError: when the parent folder is not writable.
    """
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name[:24]}-", dir=parent))
    try:
        storage = FileStorage(str(tmp))
        index = storage.create_index(schema(), indexname=INDEX_NAME)
        write_documents(index, docs)
        index.close()
        storage.close()
        _write_meta(tmp, signature, len(docs))
        _fsync_dir(tmp)
        _install(tmp, target, signature, len(docs))
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def open_folder(path: Path, signature: str, doc_count: int) -> Index | None:
    """Open the index in ``path`` read-only if it is complete and built for ``signature``."""
    try:
        if not _meta_ok(path, signature, doc_count):
            return None
        storage = FileStorage(str(path), readonly=True)
        index = storage.open_index(indexname=INDEX_NAME)
        if index.doc_count_all() != doc_count:
            index.close()
            return None
        return index
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable, rebuild"
        log.info("handbook: søkeindeksen i %s kan ikke brukes og bygges på nytt (%s)", path, exc)
        return None


_OS_REASONS = {
    errno.EACCES: "ingen skrivetilgang",
    errno.EPERM: "ingen skrivetilgang",
    errno.EROFS: "skrivebeskyttet disk",
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.ENAMETOOLONG: "for lang sti",
}


def os_reason(exc: OSError) -> str:
    """Why ``exc`` happened, in bokmål for the common cases (the OS's own words are English)."""
    return _OS_REASONS.get(exc.errno, exc.strerror or str(exc))


def open_or_build(
    docs: Sequence[dict[str, str]],
    signature: str,
    *,
    shipped: Path | None,
    cache: Path | None,
) -> OpenedIndex:
    """Find a usable index for ``docs``, building one where needed (see module doc)."""
    count = len(docs)
    if shipped is not None:
        index = open_folder(shipped, signature, count)
        if index is not None:
            return OpenedIndex(index, "shipped", shipped, signature)
    if cache is not None:
        target = cache / signature
        index = open_folder(target, signature, count)
        if index is not None:
            return OpenedIndex(index, "cache", target, signature)
        try:
            build_folder(docs, signature, target)
            sweep(cache, keep=target)
        except OSError as exc:
            log.warning("handbook: kan ikke lagre søkeindeksen i %s (%s); søket bruker en indeks i minnet.",
                        cache, os_reason(exc))
        else:
            index = open_folder(target, signature, count)
            if index is not None:
                return OpenedIndex(index, "built", target, signature)
    return build_memory(docs, signature)


def sweep(cache: Path, keep: Path) -> None:
    """Remove dead temporary folders and all but the newest few cached indexes."""
    now = time.time()
    versions = []
    try:
        entries = list(cache.iterdir())
    except OSError:
        return
    for entry in entries:
        try:
            if not entry.is_dir():
                continue
            age = now - entry.stat().st_mtime
            if entry.name.startswith((".tmp-", ".trash-")):
                if age > _STALE_SECONDS or entry.name.startswith(".trash-"):
                    shutil.rmtree(entry, ignore_errors=True)
            elif entry != keep:
                versions.append((entry.stat().st_mtime, entry))
        except OSError:
            continue
    versions.sort(reverse=True)
    for _, entry in versions[_KEEP_VERSIONS - 1 :]:
        shutil.rmtree(entry, ignore_errors=True)


# -- internals ----------------------------------------------------------------


def _file_digest(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_meta(folder: Path, signature: str, doc_count: int) -> None:
    files = {}
    for path in sorted(folder.iterdir()):
        if path.is_file() and path.name != META_FILE and not path.name.endswith(("LOCK", ".lock")):
            _fsync_file(path)
            files[path.name] = {"size": path.stat().st_size, "sha256": _file_digest(path)}
    meta = {
        "format": META_FORMAT,
        "signature": signature,
        "documents": doc_count,
        "files": files,
        "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    target = folder / META_FILE
    with open(target, "w", encoding="utf-8") as fh:
        json.dump(meta, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())


def read_meta(folder: Path) -> dict | None:
    try:
        with open(folder / META_FILE, encoding="utf-8") as fh:
            meta = json.load(fh)
    except (OSError, ValueError):
        return None
    return meta if isinstance(meta, dict) else None


def _meta_ok(folder: Path, signature: str, doc_count: int) -> bool:
    meta = read_meta(folder)
    if meta is None or meta.get("format") != META_FORMAT:
        return False
    if meta.get("signature") != signature or meta.get("documents") != doc_count:
        return False
    files = meta.get("files")
    if not isinstance(files, dict) or not files:
        return False
    for name, info in files.items():
        path = folder / name
        if not isinstance(info, dict) or "/" in name or "\\" in name:
            return False
        try:
            if path.stat().st_size != info.get("size") or _file_digest(path) != info.get("sha256"):
                return False
        except OSError:
            return False
    return True


def _install(tmp: Path, target: Path, signature: str, doc_count: int) -> None:
    """Rename ``tmp`` to ``target``; replace a broken ``target``; keep a valid one."""
    try:
        os.rename(tmp, target)
        return
    except OSError:
        pass
    if _meta_ok(target, signature, doc_count):
        return  # another instance installed the same index first
    trash = target.parent / f".trash-{uuid.uuid4().hex[:12]}"
    try:
        os.rename(target, trash)
    except OSError:
        pass
    try:
        os.rename(tmp, target)
    except OSError:
        if not _meta_ok(target, signature, doc_count):
            raise
    finally:
        shutil.rmtree(trash, ignore_errors=True)


def _fsync_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    if os.name == "posix":
        _fsync_file(path)
