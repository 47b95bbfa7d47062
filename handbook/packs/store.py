"""Installed content packs: prepared beside the content in use, swapped in by one atomic write.

Layout of the store (``paths.packs_dir()``, e.g. ``~/.local/share/handbok/innhold/``)::

    current.json            the pointer: {"format": 1, "current": "1.1.0-3f9a2c1d", "previous": "", "undone": null}
    .lock                   held (flock / msvcrt) while the pointer changes and folders are removed
    1.1.0-3f9a2c1d/         an installed pack: pakke.handbok (the signed file, as received),
                            content/ (its files) and index/ (its search index, built before the swap)
    .new-77c0e1a2/          a pack being prepared (its .preparing file is locked while its process lives)

Applying a pack (:meth:`PackStore.prepare` then :meth:`PackStore.commit`):

1. the signed file is checked (signature, structure, limits, hashes; :mod:`archive`) and must be
   newer than the content in use (an installed pack or the shipped content);
2. it is unpacked into ``.new-<token>/`` beside the installed ones, checked with the same loader and
   limits as ``handbook check``, and its search index is built there; every file is fsynced;
3. under the lock: the version is checked again (another import may have won meanwhile), the
   folder is renamed to ``<version>-<token>`` and ``current.json`` is replaced in one
   ``os.replace``: that write is the switch. The previous content stays for «Angre oppdatering».

A process killed at any point leaves either the old pointer (old content, untouched) or the new one
(new content, complete: it was written and fsynced before the pointer named it). Leftover folders are
swept later. At start, :meth:`PackStore.candidates` checks the installed pack again (its signature
with the keys the app trusts, every file's SHA-256 against its manifest) and falls back to the
previous one, and the caller to the shipped content, when a check fails.

``previous`` in the pointer: a folder name, ``""`` for the shipped content, or null when there is
nothing to undo. ``undone`` is the version last undone, so a folder that still holds it does not
offer it again.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable, Mapping

from handbook import atomic
from handbook.packs import archive, errors
from handbook.packs.errors import PackRefused
from handbook.packs.fsio import write_new_file
from handbook.packs.lock import FileLock
from handbook.packs.manifest import Edition, Manifest, date_text, version_key

log = logging.getLogger(__name__)

POINTER = "current.json"
LOCK = ".lock"
PACK_FILE = "pakke.handbok"
CONTENT = "content"
INDEX = "index"
STAGING = ".new-"
PREPARING = ".preparing"
POINTER_FORMAT = 1
STALE_SECONDS = 3600
MARKER_GRACE = 60  # a .new- folder without its marker this long after it was made belongs to a dead import
LOCK_TIMEOUT = 30.0

Progress = Callable[[str], None]


def _quiet(stage: str) -> None:
    pass


@dataclass(frozen=True)
class State:
    """What the pointer says (see the module doc)."""

    current: str | None = None
    previous: str | None = None
    undone: str | None = None


@dataclass(frozen=True)
class Installed:
    """An installed pack whose files have been checked."""

    name: str
    folder: Path
    manifest: Manifest

    @property
    def content_dir(self) -> Path:
        return self.folder / CONTENT

    @property
    def index_dir(self) -> Path:
        return self.folder / INDEX

    @property
    def edition(self) -> Edition:
        return self.manifest.edition


@dataclass
class Prepared:
    """A pack unpacked, checked and indexed beside the installed content, not yet in use."""

    folder: Path
    token: str
    pack: archive.Pack
    handbook: object
    lock: FileLock | None

    @property
    def manifest(self) -> Manifest:
        return self.pack.manifest


def _disk(exc: OSError) -> PackRefused:
    from handbook.search.store import os_reason

    return PackRefused(errors.DISK, f"Det nye innholdet kunne ikke lagres på denne maskinen ({os_reason(exc)}). "
                       "Innholdet du har, er uendret.")


class PackStore:
    """The installed packs in ``root``.

    Args:
        root: the store folder (``paths.packs_dir()``).
        trusted: key id → public key bytes (``keys.trusted_keys()``).
        shipped: the shipped content's edition (``startup.read_edition(paths.default_content_dir())``);
            a pack must be newer than it too.
    """

    def __init__(self, root: Path, trusted: Mapping[str, bytes], shipped: Edition | None = None) -> None:
        self.root = Path(root)
        self.trusted = dict(trusted)
        self.shipped = shipped

    # -- reading ----------------------------------------------------------------

    def state(self) -> State:
        try:
            with open(self.root / POINTER, "rb") as fh:
                data = json.loads(fh.read(64 * 1024).decode("utf-8"))
        except FileNotFoundError:
            return State()
        except (OSError, ValueError, UnicodeDecodeError):
            log.warning("handbook: %s kan ikke leses; det innebygde innholdet brukes", self.root / POINTER)
            return State()
        if not isinstance(data, dict) or data.get("format") != POINTER_FORMAT:
            return State()

        def name(key: str) -> str | None:
            value = data.get(key)
            if value == "" and key == "previous":
                return ""
            if isinstance(value, str) and value and "/" not in value and "\\" not in value and not value.startswith("."):
                return value
            return None

        undone = data.get("undone")
        return State(name("current"), name("previous"), undone if isinstance(undone, str) else None)

    def verify(self, name: str) -> Installed | None:
        """The installed pack ``name`` if its signature and every file hold, else None (logged)."""
        folder = self.root / name
        try:
            pack = archive.open_pack(folder / PACK_FILE, self.trusted)
            found = {}
            content = folder / CONTENT
            for path in content.rglob("*"):
                if path.is_symlink() or (not path.is_file() and not path.is_dir()):
                    raise ValueError(f"{path} er ikke en vanlig fil")
                if path.is_file():
                    found[path.relative_to(content).as_posix()] = path
            if set(found) != set(pack.files):
                raise ValueError("filene stemmer ikke med pakken")
            for rel, path in found.items():
                with open(path, "rb") as fh:
                    if fh.read(len(pack.files[rel]) + 1) != pack.files[rel]:
                        raise ValueError(f"{rel} stemmer ikke med pakken")
        except (PackRefused, OSError, ValueError) as exc:
            log.warning("handbook: det installerte innholdet %s kan ikke brukes (%s)", name, exc)
            return None
        return Installed(name, folder, pack.manifest)

    def candidates(self) -> list[Installed]:
        """The installed packs to try at start, newest first: the current one, then the previous (checked)."""
        state = self.state()
        out = []
        for name in (state.current, state.previous):
            if name:
                installed = self.verify(name)
                if installed is not None:
                    out.append(installed)
        return out

    def current(self) -> Installed | None:
        state = self.state()
        return self.verify(state.current) if state.current else None

    def baseline(self) -> Edition | None:
        """The newest content the user has: the installed pack or the shipped content."""
        editions = [e for e in (self.shipped, *(c.edition for c in self.candidates()[:1])) if e is not None]
        editions = [e for e in editions if version_key(e.content_version) is not None]
        return max(editions, key=lambda e: version_key(e.content_version), default=None)

    def can_undo(self) -> bool:
        return self.state().previous is not None

    def check_newer(self, manifest: Manifest) -> None:
        """Refuse a pack that is not newer than the content the user has (``rollback``/``same_version``)."""
        base = self.baseline()
        if base is None:
            return
        new, old = manifest.version_key, version_key(base.content_version)
        if new == old:
            raise PackRefused(errors.SAME_VERSION, f"Pakken har innholdsversjon {manifest.content_version} "
                              f"({date_text(manifest.content_date)}), den samme som du allerede har. Ingenting er endret.")
        if new < old:
            raise PackRefused(errors.ROLLBACK, f"Pakken har innholdsversjon {manifest.content_version} "
                              f"({date_text(manifest.content_date)}), som er eldre enn innholdet du har "
                              f"({base.text()}). Eldre innhold tas ikke i bruk. Ingenting er endret.")

    # -- applying ---------------------------------------------------------------

    def prepare(self, pack: archive.Pack, progress: Progress = _quiet) -> Prepared:
        """Unpack, check and index ``pack`` beside the installed content (nothing in use changes).

        Raises:
            PackRefused: not newer (``rollback``/``same_version``), content fails ``handbook check``
                (``check``, with every problem as file:line), or the disk (``disk``).
        """
        from handbook.content import ContentError, load_handbook
        from handbook.search import build_index

        self.check_newer(pack.manifest)
        token = uuid.uuid4().hex[:8]
        folder = self.root / f"{STAGING}{token}"
        lock = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            folder.mkdir()
            lock = FileLock(folder / PREPARING)
            lock.acquire(blocking=False)
            progress("unpacking")
            write_new_file(folder / PACK_FILE, pack.raw)
            content = folder / CONTENT
            content.mkdir()
            made = {content}
            for rel in sorted(pack.files):
                target = content / rel
                if target.parent not in made:
                    target.parent.mkdir()
                    made.add(target.parent)
                write_new_file(target, pack.files[rel])
            for path in sorted(made, reverse=True):
                atomic.fsync_dir(path)
            atomic.fsync_dir(folder)
            progress("checking")
            try:
                handbook = load_handbook(content)
            except ContentError as exc:
                raise PackRefused(errors.CHECK, f"Innholdet i pakken (versjon {pack.manifest.content_version}) har feil, "
                                  "så den brukes ikke. Ingenting er endret. Koordinatoren må rette dette og lage en "
                                  "ny pakke:", [str(p) for p in exc.problems]) from None
            meta = handbook.meta
            if meta.content_version != pack.manifest.content_version or meta.content_date != pack.manifest.content_date:
                raise PackRefused(errors.TAMPERED, "Pakken henger ikke sammen: versjonen i meta.yaml er ikke den "
                                  "pakken oppgir. Den brukes ikke. Be koordinatoren om en ny pakke. Ingenting er endret.")
            progress("indexing")
            build_index(handbook, folder / INDEX)
            atomic.fsync_dir(folder)
            progress("prepared")
            return Prepared(folder, token, pack, handbook, lock)
        except BaseException as exc:
            if lock is not None:
                lock.release()
            shutil.rmtree(folder, ignore_errors=True)
            if isinstance(exc, OSError):
                raise _disk(exc) from exc
            raise

    def discard(self, prepared: Prepared) -> None:
        """Forget a prepared pack (the user said no, or it was refused)."""
        if prepared.lock is not None:
            prepared.lock.release()
            prepared.lock = None
        shutil.rmtree(prepared.folder, ignore_errors=True)

    def _lock(self) -> FileLock:
        self.root.mkdir(parents=True, exist_ok=True)
        return FileLock(self.root / LOCK, timeout=LOCK_TIMEOUT)

    def commit(self, prepared: Prepared, progress: Progress = _quiet) -> Installed:
        """Swap the prepared pack in: one atomic replace of the pointer. Returns what is now installed.

        Raises:
            PackRefused: another import installed the same or a newer version meanwhile, another
                update holds the lock for too long (``busy``), or the disk (``disk``). The
                prepared folder is discarded and the content in use stays.
        """
        try:
            lock = self._lock()
            lock.acquire()
        except TimeoutError:
            self.discard(prepared)
            raise PackRefused(errors.BUSY, "En annen oppdatering av innholdet pågår. Vent litt, og prøv igjen. "
                              "Ingenting er endret.") from None
        except OSError as exc:
            self.discard(prepared)
            raise _disk(exc) from exc
        try:
            try:
                self.check_newer(prepared.manifest)
            except PackRefused:
                self.discard(prepared)
                raise
            state = self.state()
            name = f"{prepared.manifest.content_version}-{prepared.token}"
            final = self.root / name
            try:
                if prepared.lock is not None:  # released (Windows renames no folder with an open file), kept
                    prepared.lock.release()      # as a file: a .new- folder always has its marker
                    prepared.lock = None
                os.rename(prepared.folder, final)
                atomic.fsync_dir(self.root)
                (final / PREPARING).unlink(missing_ok=True)
                progress("renamed")
                self._write_state(State(current=name, previous=state.current or "", undone=None))
            except OSError as exc:
                shutil.rmtree(prepared.folder, ignore_errors=True)
                if not (self.state().current == name):
                    shutil.rmtree(final, ignore_errors=True)
                raise _disk(exc) from exc
            progress("switched")
            prepared.folder = final
            if state.previous:
                shutil.rmtree(self.root / state.previous, ignore_errors=True)
            self._sweep(keep={name, state.current or ""})
            progress("done")
            return Installed(name, final, prepared.manifest)
        finally:
            lock.release()

    def undo(self) -> State:
        """«Angre oppdatering»: the previous content (a pack, or the shipped content) becomes current.

        Raises:
            PackRefused: ``nothing_to_undo``, ``busy`` or ``disk``.
        """
        try:
            lock = self._lock()
            lock.acquire()
        except TimeoutError:
            raise PackRefused(errors.BUSY, "En oppdatering av innholdet pågår. Vent litt, og prøv igjen.") from None
        except OSError as exc:
            raise _disk(exc) from exc
        try:
            state = self.state()
            if state.previous is None or not state.current:
                raise PackRefused(errors.NOTHING_TO_UNDO, "Det er ingen oppdatering å angre.")
            if state.previous and self.verify(state.previous) is None:
                raise PackRefused(errors.NOTHING_TO_UNDO, "Det forrige innholdet er ikke lenger helt, så "
                                  "oppdateringen kan ikke angres. " + errors.ASK)
            current = self.verify(state.current)
            undone = current.manifest.content_version if current is not None else state.undone
            new = State(current=state.previous or None, previous=None, undone=undone)
            try:
                self._write_state(new)
            except OSError as exc:
                raise _disk(exc) from exc
            shutil.rmtree(self.root / state.current, ignore_errors=True)
            self._sweep(keep={state.previous or ""})
            return new
        finally:
            lock.release()

    def sweep(self) -> None:
        """Remove what dead imports left (at start; skipped when another update holds the lock).
        Writes nothing when no pack was ever installed: a session leaves no trace it need not."""
        if not (self.root / POINTER).exists() and not any(self.root.glob(f"{STAGING}*")):
            return
        try:
            lock = self._lock()
            if not lock.acquire(blocking=False):
                return
        except OSError:
            return
        try:
            state = self.state()
            self._sweep(keep={state.current or "", state.previous or ""})
        finally:
            lock.release()

    # -- internals --------------------------------------------------------------

    def _write_state(self, state: State) -> None:
        """Write the pointer whole or not at all (:func:`handbook.atomic.write_bytes`: a temporary file,
        fsync, one rename, the folder fsynced): that rename is the switch."""
        data = json.dumps({"format": POINTER_FORMAT, "current": state.current, "previous": state.previous,
                           "undone": state.undone, "written": dt.datetime.now().isoformat(timespec="seconds")},
                          indent=1).encode("utf-8")
        atomic.write_bytes(self.root / POINTER, data, private=True)

    def _sweep(self, keep: set[str]) -> None:
        """Under the lock: remove folders no pointer names, except packs still being prepared."""
        now = time.time()
        try:
            entries = list(os.scandir(self.root))
        except OSError:
            return
        for entry in entries:
            name = entry.name
            if name in (POINTER, LOCK) or name in keep:
                continue
            path = Path(entry.path)
            try:
                age = now - entry.stat(follow_symlinks=False).st_mtime
                if name.startswith(STAGING) and entry.is_dir(follow_symlinks=False):
                    marker = path / PREPARING
                    if marker.exists():
                        probe = FileLock(marker)
                        if not probe.acquire(blocking=False):
                            continue  # its process is still preparing it
                        probe.release()
                    elif age < MARKER_GRACE:
                        continue  # just made: its marker comes a moment after the folder
                    shutil.rmtree(path, ignore_errors=True)
                elif name.startswith(f".{POINTER}.") and age > STALE_SECONDS:
                    path.unlink(missing_ok=True)
                elif entry.is_dir(follow_symlinks=False) and not name.startswith("."):
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                continue


def with_content_dir(handbook, content_dir: Path):
    """The handbook with ``content_dir`` set (after the prepared folder was renamed into place)."""
    return replace(handbook, content_dir=str(content_dir))
