"""Making a pack from a content folder (the coordinator's ``handbook pack build``).

The folder must pass ``handbook check`` first; its ``meta.yaml`` gives the version, date and plan;
every ``.md`` and ``.yaml`` file goes in (hidden files and ``__pycache__`` are skipped; any other
file, a link or a deeper folder is refused with its name, so nothing unexpected is sent out).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from handbook.content import limits
from handbook.digest import sha256
from handbook.packs import archive
from handbook.packs.manifest import FORMAT, PRODUCT, Edition, FileEntry, Manifest, version_key


class BuildError(ValueError):
    """The folder cannot become a pack; ``problems`` name each file and what to do (bokmål)."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def collect(folder: Path) -> dict[str, bytes]:
    """Every file of the content folder that goes into a pack: relative path → bytes."""
    folder = Path(folder)
    problems: list[str] = []
    files: dict[str, bytes] = {}
    total = 0
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        for d in list(dirnames):
            if (base / d).is_symlink():
                problems.append(f"{(base / d).relative_to(folder).as_posix()}: mappen er en lenke. Kopier mappen inn i stedet.")
                dirnames.remove(d)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            path = base / name
            rel = path.relative_to(folder).as_posix()
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode):
                problems.append(f"{rel}: filen er en lenke; en pakke tar bare med vanlige filer. Kopier filen inn i stedet.")
                continue
            if not stat.S_ISREG(st.st_mode):
                problems.append(f"{rel}: ikke en vanlig fil. Fjern den fra innholdsmappen.")
                continue
            why = archive.valid_name(rel)
            if why:
                problems.append(f"{rel}: {why}. Fjern eller flytt filen (en sikkerhetskopi som «…~» hører ikke hjemme her).")
                continue
            if st.st_size > limits.MAX_FILE_BYTES:
                problems.append(f"{rel}: filen er større enn grensen på {limits.size_text(limits.MAX_FILE_BYTES)}.")
                continue
            with open(path, "rb") as fh:
                files[rel] = fh.read(limits.MAX_FILE_BYTES + 1)
            total += len(files[rel])
    if total > limits.MAX_TOTAL_BYTES:
        problems.append(f"./: filene er til sammen over grensen på {limits.size_text(limits.MAX_TOTAL_BYTES)}.")
    if len(files) > archive.MAX_MEMBERS - 1:
        problems.append(f"./: flere enn {archive.MAX_MEMBERS - 1} filer.")
    if problems:
        raise BuildError(problems)
    return files


def make_manifest(handbook, files: dict[str, bytes], replaces: Edition | None = None) -> Manifest:
    m = handbook.meta
    return Manifest(
        product=PRODUCT,
        content_version=m.content_version,
        content_date=m.content_date,
        title=m.title,
        plan_title=m.plan_title,
        plan_period=m.plan_period,
        plan_signed=m.plan_signed,
        replaces=replaces,
        files={rel: FileEntry(len(body), sha256(body).hexdigest()) for rel, body in files.items()},
        format=FORMAT,
    )


def build(folder: Path, signing_key, replaces: Edition | None = None) -> tuple[bytes, Manifest]:
    """The signed pack for ``folder``.

    Raises:
        BuildError: the folder fails ``handbook check``, holds a file a pack cannot carry, has a
            content version that is not numbers with dots, or is not newer than ``replaces``.
    """
    from handbook.content import ContentError, load_handbook

    folder = Path(folder)
    try:
        handbook = load_handbook(folder)
    except ContentError as exc:
        raise BuildError([str(p) for p in exc.problems]) from None
    files = collect(folder)
    version = handbook.meta.content_version
    if version_key(version) is None:
        raise BuildError([f"meta.yaml: content_version «{version}» må være tall med punktum, for eksempel 1.1.0, "
                          "så programmet kan se hvilken utgave som er nyest."])
    if replaces is not None and version_key(version) <= version_key(replaces.content_version):
        raise BuildError([f"meta.yaml: content_version {version} må være høyere enn utgaven den erstatter "
                          f"({replaces.content_version}). Øk versjonen og sett ny content_date."])
    manifest = make_manifest(handbook, files, replaces)
    return archive.pack_bytes(manifest, files, signing_key), manifest
