"""One way to write a file: whole or not at all, and a bokmål answer when it cannot be done.

Every file the app writes (a PDF she saves, the flowchart summary, caches, the index metadata, the
compiled Qt catalogue) goes through :func:`write_bytes` (or :func:`write_json`, or :func:`write_with`
for a writer that streams into a file object):

1. the bytes go to a temporary file *in the same folder* (``.<name>.<pid>-<random>.part``), so the
   rename below never crosses a file system;
2. the file is flushed and ``fsync``-ed, and its size is checked against what was meant to be
   written (a full disk that lost a block is caught here, not by the reader);
3. it is renamed over the target (atomic on POSIX and on Windows' ``MoveFileEx``), and the folder
   is ``fsync``-ed so the rename itself survives a power cut;
4. on *any* error the temporary file is removed and :class:`WriteError` is raised. Its
   :meth:`~WriteError.message` says in bokmål what happened and what to do («Disken er full …»).

So a caller says «Lagret» only after :func:`write_bytes` returned, and never leaves half a file.
A process killed in the middle leaves only a ``.part`` file, never a cut target; the next write of
the same target removes such leftovers of dead processes (:func:`sweep_partials`).

Permissions: a new file gets what ``open()`` would give it (``0o666`` less the umask), a replaced
file keeps its mode, and ``private=True`` (settings, caches: files under the user's home that name
what she pinned or read) makes it ``0o600`` in a folder created ``0o700`` (:func:`ensure_dir`).

No Qt here: content packs, the search index and the command line use it too.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

PART_SUFFIX = ".part"
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700

# What happened, and what to do: bokmål for the errors a write meets in the field.
_WHAT = {
    errno.ENOSPC: ("Disken er full.", "Frigjør plass på disken, eller lagre et annet sted."),
    errno.EDQUOT: ("Diskkvoten din er brukt opp.", "Slett noe du ikke trenger, eller lagre et annet sted."),
    errno.EFBIG: ("Filen ble større enn det som kan lagres her.", "Lagre et annet sted."),
    errno.EROFS: ("Mappen er skrivebeskyttet.", "Velg en annen mappe, for eksempel Dokumenter."),
    errno.EACCES: ("Du har ikke skrivetilgang til mappen.", "Velg en annen mappe, for eksempel Dokumenter."),
    errno.EPERM: ("Du har ikke skrivetilgang til mappen.", "Velg en annen mappe, for eksempel Dokumenter."),
    errno.ENOENT: ("Mappen finnes ikke.", "Velg en mappe som finnes (ble en minnepinne tatt ut?)."),
    errno.ENOTDIR: ("En del av stien er en fil, ikke en mappe.", "Velg en annen mappe."),
    errno.EISDIR: ("Det finnes allerede en mappe med det navnet.", "Velg et annet filnavn."),
    errno.ENAMETOOLONG: ("Filnavnet eller stien er for lang.", "Velg et kortere filnavn eller en annen mappe."),
    errno.EIO: ("Disken svarte med en skrivefeil.", "Sjekk at disken eller minnepinnen er koblet til, og prøv igjen."),
    errno.EMFILE: ("Programmet har for mange filer åpne.", "Lukk programmet og start det igjen."),
    errno.ETXTBSY: ("Filen er i bruk.", "Lukk programmet som bruker den, eller velg et annet filnavn."),
    errno.EBUSY: ("Filen er i bruk.", "Lukk programmet som bruker den, eller velg et annet filnavn."),
}
_SHORT = {  # for one-line notes (the command line, a cache that could not be kept)
    errno.ENOSPC: "disken er full",
    errno.EDQUOT: "diskkvoten er brukt opp",
    errno.EFBIG: "filen ble for stor",
    errno.EROFS: "skrivebeskyttet disk",
    errno.EACCES: "ingen skrivetilgang",
    errno.EPERM: "ingen skrivetilgang",
    errno.ENOENT: "mappen finnes ikke",
    errno.ENOTDIR: "en del av stien er en fil, ikke en mappe",
    errno.EISDIR: "det finnes en mappe med det navnet",
    errno.ENAMETOOLONG: "for lang sti",
    errno.EIO: "skrivefeil på disken",
}


def what_happened(exc: BaseException) -> tuple[str, str]:
    """(what happened, what to do) in bokmål for a failed write; never the OS's English words."""
    if isinstance(exc, WriteError):
        return exc.what, exc.advice
    code = getattr(exc, "errno", None)
    if code in _WHAT:
        return _WHAT[code]
    if isinstance(exc, OSError) and code:
        name = errno.errorcode.get(code, str(code))
        return f"Filen kunne ikke skrives (feilkode {name}).", "Prøv en annen mappe."
    return "Filen kunne ikke skrives.", "Prøv en annen mappe."


def reason(exc: BaseException) -> str:
    """A few words in bokmål for why ``exc`` happened («disken er full»), for one-line notes."""
    code = getattr(exc, "errno", None)
    if code in _SHORT:
        return _SHORT[code]
    if isinstance(exc, WriteError):
        return exc.what.rstrip(".").lower()
    if isinstance(exc, OSError) and code:
        return f"feilkode {errno.errorcode.get(code, str(code))}"
    return "ukjent feil"


class WriteError(OSError):
    """A file could not be written whole. Nothing was left behind, and the old file is unchanged.

    Attributes:
        path: The file that was to be written.
        what: What happened, in bokmål.
        advice: What the user can do, in bokmål.
    """

    def __init__(self, path: os.PathLike | str, cause: BaseException | None = None, what: str = "",
                 advice: str = "") -> None:
        code = getattr(cause, "errno", None) or errno.EIO
        if not what:
            what, advice = what_happened(cause) if cause is not None else ("Filen kunne ikke skrives.", "")
        super().__init__(code, what, str(path))
        self.path = Path(path)
        self.what = what
        self.advice = advice

    def message(self, name: str | None = None) -> str:
        """«{name} ble ikke lagret. Disken er full. Frigjør plass …» (``name`` defaults to the file name)."""
        shown = name if name is not None else self.path.name
        return " ".join(part for part in (f"«{shown}» ble ikke lagret.", self.what, self.advice) if part)

    def __str__(self) -> str:
        return self.message()


def ensure_dir(folder: os.PathLike | str, private: bool = False) -> Path:
    """Create ``folder`` and missing parents (``0o700`` each when ``private``); existing folders are left alone.

    Raises:
        WriteError: the folder cannot be created.
    """
    folder = Path(folder)
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    try:
        for path in reversed(missing):
            try:
                os.mkdir(path, PRIVATE_DIR if private else 0o777)
            except FileExistsError:
                continue
            if private:
                os.chmod(path, PRIVATE_DIR)  # mkdir's mode is cut by the umask; make it exactly 0700
    except OSError as exc:
        raise WriteError(folder / "", exc) from exc
    if not folder.is_dir():
        raise WriteError(folder, OSError(errno.ENOTDIR, "not a directory"))
    return folder


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _mode_for(target: Path, private: bool) -> int:
    if private:
        return PRIVATE_FILE
    try:
        return stat.S_IMODE(os.stat(target).st_mode)  # replacing: keep what the user had
    except OSError:
        return 0o666 & ~_umask()


def _partial_name(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}-{os.urandom(4).hex()}{PART_SUFFIX}")


def pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap check: leave it (Windows removes nothing in use anyway)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def sweep_partials(target: os.PathLike | str) -> int:
    """Remove ``.part`` files of ``target`` left by processes that were killed. Returns how many."""
    target = Path(target)
    prefix = f".{target.name}."
    removed = 0
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return 0
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(PART_SUFFIX)):
            continue
        pid_text = name[len(prefix):-len(PART_SUFFIX)].split("-", 1)[0]
        if pid_text.isdigit() and not pid_alive(int(pid_text)):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed


def fsync_file(path: os.PathLike | str) -> None:
    """Flush a file already written (and closed) to the disk; errors are ignored (best effort)."""
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


def fsync_dir(folder: os.PathLike | str) -> None:
    """Make a rename in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the rename is still atomic
    finally:
        os.close(fd)


def write_with(target: os.PathLike | str, produce: Callable[[object], None], *, private: bool = False,
               check: Callable[[bytes], bool] | None = None) -> int:
    """Write ``target`` whole through ``produce(file)``, which writes into a binary file object.

    ``check``, if given, gets the first and last 64 KB written (head + tail) and must return True.

    Returns:
        The size written, in bytes.
    Raises:
        WriteError: anything failed; the target is as it was and no partial file is left.
    """
    target = Path(target)
    sweep_partials(target)
    partial = _partial_name(target)
    mode = _mode_for(target, private)
    fd = -1
    try:
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
                         | getattr(os, "O_CLOEXEC", 0), PRIVATE_FILE)
            with os.fdopen(fd, "wb") as fh:
                fd = -1  # the file object owns it now
                produce(fh)
                fh.flush()
                size = fh.tell()
                os.fsync(fh.fileno())
                on_disk = os.fstat(fh.fileno()).st_size
                if on_disk != size:
                    raise WriteError(target, OSError(errno.EIO, "short write"),
                                     "Filen ble ikke skrevet helt ferdig.", "Prøv igjen, eller lagre et annet sted.")
            if check is not None and not _checked(partial, size, check):
                raise WriteError(target, OSError(errno.EIO, "check failed"), "Filen ble ikke skrevet helt ferdig.",
                                 "Prøv igjen, eller lagre et annet sted.")
            os.chmod(partial, mode)
            os.replace(partial, target)
        except WriteError:
            raise
        except OSError as exc:
            raise WriteError(target, exc) from exc
    except BaseException:
        if fd >= 0:
            os.close(fd)
        try:
            os.unlink(partial)
        except OSError:
            pass
        raise
    fsync_dir(target.parent)
    return size


def _checked(path: Path, size: int, check: Callable[[bytes], bool]) -> bool:
    """``check`` on what reached the disk: the first 64 KB and the last 64 KB (all of a small file)."""
    with open(path, "rb") as fh:
        head = fh.read(65536)
        if size > 131072:
            fh.seek(size - 65536)
        return check(head + fh.read())


def write_bytes(target: os.PathLike | str, data: bytes, *, private: bool = False,
                check: Callable[[bytes], bool] | None = None) -> int:
    """Write ``data`` to ``target`` whole or not at all (see module doc). Raises :class:`WriteError`."""
    written = write_with(target, lambda fh: fh.write(data), private=private, check=check)
    if written != len(data):  # pragma: no cover - write() of a real file either writes all or raises
        raise WriteError(target, OSError(errno.EIO, "short write"))
    return written


def write_json(target: os.PathLike | str, value: object, *, private: bool = False) -> int:
    return write_bytes(target, (json.dumps(value, ensure_ascii=False, indent=1) + "\n").encode("utf-8"),
                       private=private)
