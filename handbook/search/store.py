"""The index on disk: build it atomically, check it, and find a usable one.

Order of preference when the app opens search:

1. the shipped, read-only index (packaging builds it with ``handbook index --out``);
2. the user's cache (``paths.cache_dir()/index/<signature>``);
3. a fresh build into that cache folder;
4. a fresh build in memory, when no folder is writable.

An index folder is used only if its ``handbook-index.json`` is valid, names the
expected signature (documents + analyzer + schema + Whoosh version), and every
file it lists has the recorded size and SHA-256 (:mod:`handbook.search.integrity`).
Anything else — missing, truncated, random bytes, deep nesting, another version,
unreadable — is rebuilt, never raised. The checked files are opened from memory,
so nothing changed on disk under the running app can kill it or change its hits.

Builds go to a unique temporary sibling folder, named with the builder's process
id, and are renamed into place, so a build that is killed leaves only a temporary
folder that is never opened; the next start removes it (its process is gone), while
a live build's folder is left alone. Two app instances never write the same folder.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from whoosh.filedb.filestore import FileStorage, RamStorage
from whoosh.index import Index

from handbook import atomic
from handbook.search import integrity
from handbook.search.byte_files import SharedBufferFile
from handbook.search.documents import schema
from handbook.search.integrity import META_FILE, META_FORMAT, read_meta  # noqa: F401 - the store's public names

log = logging.getLogger(__name__)

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
    """A RamStorage whose writer's scratch files stay in memory too, and whose files are read uncopied.

    Whoosh's own puts the scratch files in ``<tmp>/MAIN.tmp``: a name every process shares (two
    app instances building at once delete each other's files), and content written to disk
    when the point was to write nothing. Its ``open_file`` copies a file's bytes, and its
    compound file copies each part again (:mod:`handbook.search.byte_files`).
    """

    def temp_storage(self, name=None):
        return RamStorage()

    def open_file(self, name, **kwargs):
        """The file's bytes as they are, not copied (Whoosh's copies them, and each part again)."""
        if name not in self.files:
            raise NameError(name)
        return SharedBufferFile(self.files[name], name=name, onclose=kwargs.get("onclose"))


def build_memory(docs: Sequence[dict[str, str]], signature: str) -> OpenedIndex:
    """An index that lives only in this process (no writable folder): nothing touches the disk."""
    index = _MemoryStorage().create_index(schema(), indexname=INDEX_NAME)
    write_documents(index, docs)
    return OpenedIndex(index, "memory", None, signature)


def build_folder(docs: Sequence[dict[str, str]], signature: str, target: Path, private: bool = True) -> Path:
    """Build the index for ``docs`` into ``target`` atomically.

    The index is written and fsynced in a temporary sibling folder, then
    renamed to ``target``. If another process installed a valid index there
    meanwhile, that one is kept.

    Args:
        private: the user's cache (folder 0700, files 0600); False for an index that ships
            (packaging: readable by every user, as the umask allows).

    Raises:
        OSError: when the parent folder is not writable.
    """
    parent = target.parent
    atomic.ensure_dir(parent, private=private)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{target.name[:24]}-{os.getpid()}-", dir=parent))
    try:
        storage = FileStorage(str(tmp))
        index = storage.create_index(schema(), indexname=INDEX_NAME)
        write_documents(index, docs)
        index.close()
        storage.close()
        _write_meta(tmp, signature, len(docs), private)
        if not private:
            tmp.chmod(0o777 & ~_umask())  # mkdtemp made it 0700
        atomic.fsync_dir(tmp)
        _install(tmp, target, signature, len(docs))
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return target


def open_folder(path: Path, signature: str, doc_count: int) -> Index | None:
    """Open the index in ``path`` if it is complete and built for ``signature``, from memory.

    Every file is read whole and checked against its recorded size and SHA-256 first; the
    index is then opened from those bytes, so no later change to the files can reach it.
    """
    try:
        meta = read_meta(path)
        if meta is None or meta["signature"] != signature or meta["documents"] != doc_count:
            return None
        files = integrity.verified_files(path, meta)
        if files is None:
            return None
        storage = _MemoryStorage()
        storage.files = files
        index = storage.open_index(indexname=INDEX_NAME)
        if index.doc_count_all() != doc_count:
            index.close()
            return None
        return index
    except Exception as exc:  # noqa: BLE001 - any failure means "not usable, rebuild"
        log.info("handbook: søkeindeksen i %s kan ikke brukes og bygges på nytt (%s)", path, type(exc).__name__)
        return None


def os_reason(exc: BaseException) -> str:
    """Why ``exc`` happened, in bokmål (the OS's own words are English)."""
    return atomic.reason(exc)


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
        sweep(cache, keep=target)  # a killed build's folder goes at the next start
        index = open_folder(target, signature, count)
        if index is not None:
            return OpenedIndex(index, "cache", target, signature)
        try:
            build_folder(docs, signature, target)
            sweep(cache, keep=target)
        except Exception as exc:  # noqa: BLE001 - a cache that cannot be written is never the user's problem
            log.warning("handbook: kan ikke lagre søkeindeksen i %s (%s); søket bruker en indeks i minnet.",
                        cache, os_reason(exc))
        else:
            index = open_folder(target, signature, count)
            if index is not None:
                return OpenedIndex(index, "built", target, signature)
    return build_memory(docs, signature)


_BUILDER = re.compile(r"\.tmp-.*-(\d+)-[^-]+")


def _dead_build(entry: Path, age: float) -> bool:
    """A temporary build folder whose builder is gone: its process id names no live process, or it is old."""
    if age > _STALE_SECONDS:
        return True
    match = _BUILDER.fullmatch(entry.name)
    return match is not None and not atomic.pid_alive(int(match.group(1)))


def sweep(cache: Path, keep: Path) -> None:
    """Remove the folders of dead builds and all but the newest few cached indexes."""
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
            if entry.name.startswith(".trash-") or (entry.name.startswith(".tmp-") and _dead_build(entry, age)):
                shutil.rmtree(entry, ignore_errors=True)
            elif not entry.name.startswith(".") and entry != keep:
                versions.append((entry.stat().st_mtime, entry))
        except OSError:
            continue
    versions.sort(reverse=True)
    for _, entry in versions[_KEEP_VERSIONS - 1 :]:
        shutil.rmtree(entry, ignore_errors=True)


# -- internals ----------------------------------------------------------------


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_meta(folder: Path, signature: str, doc_count: int, private: bool = True) -> None:
    mode = atomic.PRIVATE_FILE if private else 0o666 & ~_umask()  # the cache is hers alone, like the settings
    for path in folder.iterdir():
        if path.is_file():
            path.chmod(mode)
            atomic.fsync_file(path)
    meta = {
        "format": META_FORMAT,
        "signature": signature,
        "documents": doc_count,
        "files": integrity.describe(folder),
        "built": time.strftime("%Y-%m-%dT%H:%M:%S"),
    }
    atomic.write_json(folder / META_FILE, meta, private=private)


def _meta_ok(folder: Path, signature: str, doc_count: int) -> bool:
    """Whether ``folder`` holds a complete, checked index for ``signature`` (never raises)."""
    try:
        meta = read_meta(folder)
        return (meta is not None and meta["signature"] == signature and meta["documents"] == doc_count
                and integrity.verified_files(folder, meta) is not None)
    except Exception:  # noqa: BLE001 - anything odd means "not usable"
        return False


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
