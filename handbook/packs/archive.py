"""The ``.handbok`` file: a zip archive whose every byte is signed, read within hard limits.

Layout::

    manifest.json              what the pack is (see :mod:`manifest`), with every file's SHA-256
    content/meta.yaml          the content folder's files (.md and .yaml only, at most one folder deep)
    content/plan/00-forord.md
    …
    <zip comment>              "HANDBOK-SIG1", the signing key's id (8 bytes), an Ed25519 signature (64 bytes)

The signature covers ``DOMAIN`` + every byte of the file before the comment, the end-of-archive
record with the comment's length included, so a change to any byte is found before the archive is
parsed at all; a file cut short loses its end record and is reported as truncated. Only after the
signature holds is the archive opened, and even then every limit of a content folder applies
(:mod:`handbook.content.limits`): member count, names (no '..', no absolute paths, no backslashes),
regular files only (no links, folders or devices), no encryption, only stored/deflated members,
sizes per file and in total checked before anything is inflated, and each member inflated no further
than its limit.
"""

from __future__ import annotations

import io
import os
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from handbook.content import limits
from handbook.digest import sha256
from handbook.packs import errors
from handbook.packs.errors import PackRefused
from handbook.packs.keys import KEY_ID_BYTES, key_id
from handbook.packs import manifest as manifest_mod

SUFFIX = ".handbok"
SIG_MAGIC = b"HANDBOK-SIG1"
SIG_LEN = len(SIG_MAGIC) + KEY_ID_BYTES + 64
DOMAIN = b"handbok-pack-v1\x00"
EOCD = b"PK\x05\x06"
EOCD_LEN = 22
LOCAL_HEADER = b"PK\x03\x04"
MANIFEST = "manifest.json"
CONTENT_PREFIX = "content/"
MAX_MANIFEST_BYTES = 256 * limits.KIB
# A pack holds at most what a content folder may: 4 MB of files (deflate only makes it smaller),
# two page folders of 300 pages and the data files.
MAX_PACK_BYTES = limits.MAX_TOTAL_BYTES + MAX_MANIFEST_BYTES + 1 * limits.MIB
MAX_MEMBERS = 2 * limits.MAX_PAGES_PER_FOLDER + 40
ALLOWED_SUFFIXES = (".md", ".yaml")
_SEGMENT = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_ZIP_DATE = (2020, 1, 1, 0, 0, 0)  # fixed: the same folder gives the same bytes before signing


def _invalid(detail: str) -> PackRefused:
    return PackRefused(errors.INVALID, f"Pakken kan ikke brukes: {detail} Ingenting er endret. {errors.ASK}")


def valid_name(rel: str) -> str | None:
    """Why ``rel`` (a path inside the content folder) may not be in a pack, or None if it may."""
    if not rel or "\\" in rel or rel.startswith("/") or ":" in rel:
        return "stien er ikke en enkel sti inne i innholdsmappen"
    parts = rel.split("/")
    if any(p in ("", ".", "..") for p in parts):
        return "stien går ut av innholdsmappen («..» eller tom del)"
    if len(parts) > 2:
        return "filen ligger dypere enn én mappe inne i innholdsmappen"
    if not all(_SEGMENT.match(p) for p in parts):
        return "navnet har andre tegn enn a–z, 0–9, «.», «-» og «_»"
    if not rel.endswith(ALLOWED_SUFFIXES):
        return "bare .md- og .yaml-filer kan være med i en pakke"
    return None


# -- reading ----------------------------------------------------------------------


def read_bounded(path: Path) -> bytes:
    """The file's bytes, or a refusal: missing, unreadable, not a regular file, or over the size limit."""
    path = Path(path)
    try:
        st = os.stat(path)
    except OSError as exc:
        raise PackRefused(errors.UNREADABLE, f"Filen {path.name} kan ikke leses ({_os_text(exc)}).") from exc
    if not stat.S_ISREG(st.st_mode):
        raise PackRefused(errors.NOT_A_PACK, f"{path.name} er ikke en vanlig fil, og derfor ikke en innholdspakke.")
    if st.st_size > MAX_PACK_BYTES:
        raise PackRefused(errors.TOO_LARGE, f"Filen {path.name} er {st.st_size / limits.MIB:.1f} MB, større enn en "
                          f"innholdspakke kan være ({limits.size_text(MAX_PACK_BYTES)}). Den brukes ikke.")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise PackRefused(errors.UNREADABLE, f"Filen {path.name} kan ikke leses ({_os_text(exc)}).") from exc
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise PackRefused(errors.NOT_A_PACK, f"{path.name} er ikke en vanlig fil.")
        chunks, size = [], 0
        while size <= MAX_PACK_BYTES:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as exc:
        raise PackRefused(errors.UNREADABLE, f"Filen {path.name} kan ikke leses ({_os_text(exc)}).") from exc
    finally:
        os.close(fd)
    if size > MAX_PACK_BYTES:
        raise PackRefused(errors.TOO_LARGE, f"Filen {path.name} er større enn en innholdspakke kan være.")
    return b"".join(chunks)


def _os_text(exc: OSError) -> str:
    from handbook.content.safeio import oserror_text

    return oserror_text(exc)


TRUNCATED_TEXT = ("Filen er ufullstendig: den ble trolig avbrutt under kopiering eller nedlasting. "
                  "Kopier pakken på nytt fra koordinatoren. Ingenting er endret.")


@dataclass(frozen=True)
class Sealed:
    """A pack file split into what is signed and the signature."""

    signed: bytes
    key_id: str
    signature: bytes


def split(data: bytes) -> Sealed:
    """Find the signature in a pack file's bytes (no signature check yet).

    Refusals: ``truncated`` (empty, or the end record is missing or cut), ``not_a_pack`` (not a zip
    archive), ``unsigned`` (a zip without our signature).
    """
    if not data:
        raise PackRefused(errors.TRUNCATED, "Filen er tom. " + TRUNCATED_TEXT)
    if not data.startswith(LOCAL_HEADER):
        if LOCAL_HEADER.startswith(data[:4]) and len(data) < 4:
            raise PackRefused(errors.TRUNCATED, TRUNCATED_TEXT)
        raise PackRefused(errors.NOT_A_PACK, "Filen er ikke en innholdspakke for håndboka (.handbok). Ingenting er endret.")
    end = len(data) - SIG_LEN - EOCD_LEN
    if end >= 0 and data[end:end + 4] == EOCD and _comment_length(data, end) == SIG_LEN \
            and data[-SIG_LEN:].startswith(SIG_MAGIC):
        record = data[-SIG_LEN:]
        kid = record[len(SIG_MAGIC):len(SIG_MAGIC) + KEY_ID_BYTES].hex()
        return Sealed(data[:-SIG_LEN], kid, record[len(SIG_MAGIC) + KEY_ID_BYTES:])
    # Not our layout: find the zip's own end record (its comment is at most 65535 bytes).
    at = data.rfind(EOCD, max(0, len(data) - EOCD_LEN - 0xFFFF))
    while at >= 0:
        if at + EOCD_LEN <= len(data) and at + EOCD_LEN + _comment_length(data, at) == len(data):
            comment = data[at + EOCD_LEN:]
            if comment.startswith(SIG_MAGIC):
                raise PackRefused(errors.TAMPERED, "Signaturen i pakken er skadet. Pakken brukes ikke. "
                                  "Be koordinatoren om en ny kopi. Ingenting er endret.")
            raise PackRefused(errors.UNSIGNED, "Pakken er ikke signert. Programmet tar bare i bruk innhold som "
                              "koordinatoren har signert med «handbook pack build». Ingenting er endret. " + errors.ASK)
        at = data.rfind(EOCD, max(0, len(data) - EOCD_LEN - 0xFFFF), at)
    raise PackRefused(errors.TRUNCATED, TRUNCATED_TEXT)


def _comment_length(data: bytes, at: int) -> int:
    if at + EOCD_LEN > len(data):
        return -1
    return struct.unpack_from("<H", data, at + 20)[0]


def verify(sealed: Sealed, trusted: Mapping[str, bytes]) -> None:
    """Check the signature with the trusted key it names: ``unknown_key`` or ``tampered``."""
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    public = trusted.get(sealed.key_id)
    if public is None:
        raise PackRefused(errors.UNKNOWN_KEY, f"Pakken er signert med en nøkkel programmet ikke kjenner (nøkkel "
                          f"{sealed.key_id}). Den kommer ikke fra koordinatoren, eller programmet mangler koordinatorens "
                          "nye nøkkel. Ingenting er endret. " + errors.ASK)
    try:
        VerifyKey(public).verify(DOMAIN + sealed.signed, sealed.signature)
    except BadSignatureError:
        raise PackRefused(errors.TAMPERED, "Pakken er endret etter at den ble signert, så innholdet kan være feil. "
                          "Den brukes ikke. Be koordinatoren om en ny kopi. Ingenting er endret.") from None


def members(data: bytes) -> dict[str, bytes]:
    """Every member of the (signed) archive, read within the limits: name → bytes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        raise _invalid("arkivet i pakken er ødelagt.") from None
    if len(infos) > MAX_MEMBERS:
        raise _invalid(f"den har {len(infos)} filer, flere enn grensen på {MAX_MEMBERS}.")
    seen: set[str] = set()
    total = 0
    planned = []
    for info in infos:
        name = info.orig_filename
        shown = _shown(name)
        if name != info.filename:
            raise _invalid(f"filnavnet «{shown}» er ugyldig.")
        if name.casefold() in seen:
            raise _invalid(f"filen «{shown}» finnes to ganger.")
        seen.add(name.casefold())
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)  # 0 when the archive says nothing (zips made on Windows)
        if name.endswith("/") or info.is_dir() or (kind and kind != stat.S_IFREG):
            kind = "en lenke (symbolsk lenke)" if stat.S_ISLNK(mode) else "ikke en vanlig fil"
            raise _invalid(f"«{shown}» er {kind}; en pakke kan bare inneholde vanlige filer.")
        if info.flag_bits & 0x1:
            raise _invalid(f"filen «{shown}» er kryptert.")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _invalid(f"filen «{shown}» er pakket på en måte programmet ikke leser.")
        if name == MANIFEST:
            limit = MAX_MANIFEST_BYTES
        elif name.startswith(CONTENT_PREFIX):
            why = valid_name(name[len(CONTENT_PREFIX):])
            if why:
                raise _invalid(f"filen «{shown}»: {why}.")
            limit = limits.MAX_FILE_BYTES
        else:
            raise _invalid(f"filen «{shown}» hører ikke hjemme i en innholdspakke.")
        if info.file_size > limit:
            raise _invalid(f"filen «{shown}» er større enn grensen på {limits.size_text(limit)} per fil.")
        total += info.file_size
        if total > limits.MAX_TOTAL_BYTES + MAX_MANIFEST_BYTES:
            raise _invalid(f"filene er til sammen over grensen på {limits.size_text(limits.MAX_TOTAL_BYTES)}.")
        planned.append((info, limit))
    out = {}
    for info, limit in planned:
        try:
            with archive.open(info) as fh:
                body = fh.read(limit + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError):
            raise _invalid(f"filen «{_shown(info.filename)}» i arkivet er ødelagt.") from None
        if len(body) != info.file_size:
            raise _invalid(f"filen «{_shown(info.filename)}» har en annen størrelse enn arkivet oppgir.")
        out[info.filename] = body
    return out


def _shown(name: str) -> str:
    from handbook.content.errors import printable

    return printable(name[:120])


@dataclass(frozen=True)
class Pack:
    """A pack whose signature, structure and file hashes hold.

    Attributes:
        manifest: what it says it is.
        files: path inside the content folder → bytes (the manifest's hashes match).
        key_id: the key it was signed with ("" when read without a signature check).
        raw: the file's bytes, kept with an installed pack so its signature can be checked again.
    """

    manifest: manifest_mod.Manifest
    files: Mapping[str, bytes]
    key_id: str
    raw: bytes
    name: str = ""


def open_pack(path: Path, trusted: Mapping[str, bytes] | None) -> Pack:
    """Read and check a pack file; ``trusted`` None skips the signature (only ``pack diff`` does).

    Raises:
        PackRefused: with the reason (see :mod:`errors`).
    """
    return open_bytes(read_bounded(Path(path)), trusted, name=Path(path).name)


def open_bytes(data: bytes, trusted: Mapping[str, bytes] | None, name: str = "") -> Pack:
    sealed = split(data)
    if trusted is not None:
        verify(sealed, trusted)
    found = members(data)
    raw_manifest = found.pop(MANIFEST, None)
    if raw_manifest is None:
        raise _invalid("den mangler beskrivelsen av innholdet (manifest.json).")
    manifest = manifest_mod.parse(raw_manifest)
    files = {n[len(CONTENT_PREFIX):]: body for n, body in found.items()}
    listed = set(manifest.files)
    missing, extra = sorted(listed - set(files)), sorted(set(files) - listed)
    if missing:
        raise _mismatch(f"filen «{_shown(missing[0])}» står i beskrivelsen, men mangler i pakken")
    if extra:
        raise _mismatch(f"filen «{_shown(extra[0])}» er i pakken, men ikke i beskrivelsen")
    for rel, body in files.items():
        entry = manifest.files[rel]
        if len(body) != entry.size or sha256(body).hexdigest() != entry.sha256:
            raise _mismatch(f"filen «{_shown(rel)}» stemmer ikke med beskrivelsen")
    return Pack(manifest, files, sealed.key_id if trusted is not None else "", data, name)


def _mismatch(detail: str) -> PackRefused:
    return PackRefused(errors.TAMPERED, f"Pakken henger ikke sammen: {detail}. Den brukes ikke. "
                       "Be koordinatoren om en ny kopi. Ingenting er endret.")


# -- writing ----------------------------------------------------------------------


def zip_bytes(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip archive of ``entries`` (name, bytes), deflated, fixed dates, regular-file modes, no comment."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in entries:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.create_system = 3
            archive.writestr(info, body)
    return buf.getvalue()


def seal(archive: bytes, signing_key) -> bytes:
    """Sign a zip archive that has no comment: the signature record becomes its comment."""
    if len(archive) < EOCD_LEN or archive[-EOCD_LEN:-EOCD_LEN + 4] != EOCD or _comment_length(archive, len(archive) - EOCD_LEN):
        raise ValueError("seal() needs a zip archive without a comment")
    signed = archive[:-2] + struct.pack("<H", SIG_LEN)
    signature = signing_key.sign(DOMAIN + signed).signature
    public = bytes(signing_key.verify_key)
    return signed + SIG_MAGIC + bytes.fromhex(key_id(public)) + signature


def pack_bytes(manifest: manifest_mod.Manifest, files: Mapping[str, bytes], signing_key) -> bytes:
    """A signed pack: the manifest first, then the content files in path order."""
    entries = [(MANIFEST, manifest.to_json())]
    entries += [(CONTENT_PREFIX + rel, files[rel]) for rel in sorted(files)]
    return seal(zip_bytes(entries), signing_key)
