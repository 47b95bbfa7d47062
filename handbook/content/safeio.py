"""Reading a content folder's files without hanging, exhausting memory or leaving the folder.

Every file the loader reads goes through :class:`ContentFiles`:

- only regular files are opened: FIFOs, devices and sockets are refused after an
  ``lstat``/``stat`` (a FIFO is never opened, since opening one blocks), and the
  file is opened non-blocking and checked again with ``fstat``;
- a symbolic link is followed only when its target stays inside the folder;
- each file has a size limit, and all files read together have one;
- text must be UTF-8 without control characters (they hide in terminals and in
  headings); line ends are normalised to ``\\n``.

Each refusal is a Norwegian problem naming the file and the limit. What was read is
kept (texts for line look-ups, digests for the content fingerprint).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

from handbook.content import limits
from handbook.content.errors import Problems
from handbook.digest import sha256

_O_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)  # a FIFO swapped in after the stat must not block the open
    | getattr(os, "O_NOFOLLOW", 0)  # the path given is already resolved: a new link is refused
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)  # Windows: no newline translation
)
# C0 and C1 controls except tab/newline/carriage return, DEL, the Unicode line and paragraph
# separators (they break line counting) and the bidirectional overrides (they reorder text).
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

_ERRNO_TEXT = {
    errno.EACCES: "ingen tilgang",
    errno.EPERM: "ingen tilgang",
    errno.ENOENT: "filen finnes ikke",
    errno.EISDIR: "det er en mappe",
    errno.ELOOP: "lenken går i ring eller ble endret under lesingen",
    errno.ENAMETOOLONG: "navnet er for langt",
    errno.EIO: "lesefeil på disken",
    errno.ENXIO: "ingen enhet",
}


def oserror_text(exc: OSError) -> str:
    """An OSError in Norwegian words (the exception's own text is English)."""
    return _ERRNO_TEXT.get(exc.errno or 0, f"feilkode {errno.errorcode.get(exc.errno or 0, exc.errno)}")


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "en navngitt rørledning (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhetsfil"
    if stat.S_ISSOCK(mode):
        return "en sokkel (socket)"
    if stat.S_ISDIR(mode):
        return "en mappe"
    return "ikke en vanlig fil"


def control_character(text: str) -> tuple[int, str] | None:
    """The line and code point (``U+001B``) of the first control character in ``text``."""
    m = CONTROL.search(text)
    if m is None:
        return None
    return text.count("\n", 0, m.start()) + 1, f"U+{ord(m.group()):04X}"


class ContentFiles:
    """The files of one content folder, read within the limits.

    Args:
        root: The content folder.
        problems: Where refusals go.
    """

    def __init__(self, root: Path, problems: Problems) -> None:
        self.root = root
        self.real_root = os.path.realpath(root)
        self.problems = problems
        self.total = 0
        self.texts: dict[str, str] = {}
        self.digests: dict[str, bytes] = {}
        self._over_total = False
        self.markup = 0  # formatting characters read so far (see limits.MAX_MARKUP_TOTAL)

    # -- where -------------------------------------------------------------------

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def _inside(self, real: str) -> bool:
        try:
            return os.path.commonpath([real, self.real_root]) == self.real_root
        except ValueError:  # another drive on Windows
            return False

    def resolve(self, path: Path, rel: str, report: bool = True) -> str | None:
        """``path`` with links resolved, or None (reported) when it leaves the folder."""
        real = os.path.realpath(path)
        if self._inside(real):
            return real
        if report:
            self.problems.add(
                rel,
                "filen er en lenke som peker ut av innholdsmappen (eller en sti med '..'). Bare filer inne i "
                "mappen leses; kopier filen inn i mappen i stedet for å lenke til den.",
            )
        return None

    def exists(self, path: Path) -> bool:
        """True if anything (even a broken link) is at ``path``; never opens it."""
        try:
            os.lstat(path)
            return True
        except OSError:
            return False

    def is_dir(self, path: Path) -> bool:
        """A folder inside the content folder (links are followed only inside it)."""
        real = self.resolve(path, self.rel(path), report=False)
        return real is not None and os.path.isdir(real)

    def markdown_files(self, folder: Path) -> list[Path]:
        """The ``*.md`` entries of ``folder``, sorted, at most the page limit (more is reported)."""
        rel = self.rel(folder) + "/"
        try:
            with os.scandir(folder) as entries:
                names = []
                for entry in entries:
                    if entry.name.endswith(".md"):
                        names.append(entry.name)
                        if len(names) > limits.MAX_PAGES_PER_FOLDER:
                            self.problems.add(
                                rel,
                                f"mappen har flere enn {limits.MAX_PAGES_PER_FOLDER} .md-filer (grensen). "
                                "Slå sammen sider eller fjern filer som ikke hører til.",
                            )
                            return []
        except OSError as exc:
            self.problems.add(rel, f"mappen kan ikke leses ({oserror_text(exc)}). Sjekk at du har lesetilgang til den.")
            return []
        return [folder / name for name in sorted(names)]

    # -- reading -----------------------------------------------------------------

    def read_bytes(self, path: Path, rel: str, limit: int = limits.MAX_FILE_BYTES) -> bytes | None:
        """The bytes of a regular file inside the folder, or None (reported)."""
        try:
            os.lstat(path)
        except FileNotFoundError:
            self.problems.add(rel, "filen mangler. Legg tilbake filen fra den leverte innholdsmappen.")
            return None
        except OSError as exc:
            self.problems.add(rel, f"filen kan ikke leses ({oserror_text(exc)}). Sjekk at du har tilgang til å lese den.")
            return None
        real = self.resolve(path, rel)  # links and '..' resolved: it must still be inside the folder
        if real is None:
            return None
        try:
            st = os.stat(real)  # stat, never open: opening a FIFO blocks
        except OSError:
            self.problems.add(rel, "filen er en lenke som ikke peker til noen fil. Erstatt lenken med selve filen.")
            return None
        if not stat.S_ISREG(st.st_mode):
            self.problems.add(rel, f"dette er {_kind_of(st.st_mode)}, ikke en vanlig fil. Bare vanlige tekstfiler leses; fjern den.")
            return None
        if st.st_size > limit:
            self._too_big(rel, limit)
            return None
        if self._over_total or self.total + st.st_size > limits.MAX_TOTAL_BYTES:
            self._total_exceeded(rel)
            return None
        try:
            fd = os.open(real, _O_FLAGS)
        except OSError as exc:
            self.problems.add(rel, f"filen kan ikke leses ({oserror_text(exc)}). Sjekk at du har tilgang til å lese den.")
            return None
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # swapped between the stat and the open
                self.problems.add(rel, "filen ble byttet ut mens den ble lest. Bare vanlige tekstfiler leses.")
                return None
            chunks, size = [], 0
            while size <= limit:
                chunk = os.read(fd, min(64 * 1024, limit + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
        except OSError as exc:
            self.problems.add(rel, f"filen kan ikke leses ({oserror_text(exc)}). Sjekk at du har tilgang til å lese den.")
            return None
        finally:
            os.close(fd)
        if size > limit:  # it grew after the stat
            self._too_big(rel, limit)
            return None
        data = b"".join(chunks)
        self.total += len(data)
        self.digests[rel] = sha256(data).digest()
        return data

    def read_text(self, path: Path, rel: str) -> str | None:
        """A UTF-8 text file, line ends normalised; None (reported) if it is missing, unreadable,
        too large, not UTF-8, holds control characters or is empty."""
        data = self.read_bytes(path, rel)
        if data is None:
            return None
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            self.problems.add(rel, f"filen er ikke UTF-8-tekst (byte {exc.start}). Lagre den som UTF-8.", line)
            return None
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        found = control_character(text)
        if found is not None:
            line, code = found
            self.problems.add(
                rel,
                f"linjen har et usynlig kontrolltegn ({code}). Slett det; kontrolltegn skjules i tekst og terminaler.",
                line,
            )
            return None
        if not text.strip():
            self.problems.add(rel, "filen er tom. Legg tilbake innholdet, eller fjern filen.")
            return None
        before = self.markup
        self.markup += sum(text.count(c) for c in "*_[`<&")
        if self.markup > limits.MAX_MARKUP_TOTAL:
            if before <= limits.MAX_MARKUP_TOTAL:
                self.problems.add(
                    rel,
                    f"innholdet har til sammen over {limits.MAX_MARKUP_TOTAL} formateringstegn (* _ [ ` < &), "
                    "grensen for hele mappen. Fjern formatering som ikke trengs.",
                )
            return None
        self.texts[rel] = text
        return text

    def fingerprint(self, salt: str) -> str:
        """A hash of every file read (path and bytes), in path order."""
        digest = sha256(salt.encode())
        for rel in sorted(self.digests):
            digest.update(rel.encode() + b"\0" + self.digests[rel])
        return digest.hexdigest()[:32]

    # -- limits ------------------------------------------------------------------

    def _too_big(self, rel: str, limit: int) -> None:
        self.problems.add(
            rel,
            f"filen er større enn grensen på {limits.size_text(limit)} per fil. Del den i flere sider, "
            "eller sjekk at det er riktig fil.",
        )

    def _total_exceeded(self, rel: str) -> None:
        if not self._over_total:
            self.problems.add(
                rel,
                f"innholdsmappen er for stor: filene er til sammen over grensen på "
                f"{limits.size_text(limits.MAX_TOTAL_BYTES)}. Fjern filer som ikke hører til innholdet.",
            )
        self._over_total = True
