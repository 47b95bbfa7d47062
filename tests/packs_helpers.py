"""Real content packs for the tests: throwaway keys, edited copies of the real content, signed files.

Every key here is made in the test's temporary folder and thrown away with it; no private key is
committed. The numbers these packs change are test data, never written into ``content/``.
"""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from handbook.packs import archive, keys
from handbook.packs.build import build, make_manifest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
KISIF = "64972300"  # the plan's number for KISIF, in content/hjelpeliste.yaml
NEW_KISIF = "64972399"  # test data: the "changed" number a pack brings


@dataclass
class KeyPair:
    signing: object
    public: keys.PublicKey

    @property
    def trusted(self) -> dict[str, bytes]:
        return {self.public.id: self.public.raw}


@functools.lru_cache(maxsize=1)
def shipped_handbook():
    """The real content, loaded once (for manifests of hand-made packs)."""
    from handbook.content import load_handbook

    return load_handbook(CONTENT)


def new_key() -> KeyPair:
    from nacl.signing import SigningKey

    signing = SigningKey.generate()
    return KeyPair(signing, keys.public_of(signing, "test"))


def edit_meta(folder: Path, version: str, date: str) -> None:
    meta = folder / "meta.yaml"
    lines = []
    for line in meta.read_text(encoding="utf-8").splitlines():
        if line.startswith("content_version:"):
            line = f"content_version: {version}"
        elif line.startswith("content_date:"):
            line = f"content_date: {date}"
        lines.append(line)
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")


def content_version(tmp: Path, version: str, date: str, kisif: str | None = None, name: str | None = None) -> Path:
    """A copy of the real content with a new version and date; ``kisif`` changes KISIF's number."""
    folder = tmp / (name or f"content-{version}")
    shutil.copytree(CONTENT, folder)
    edit_meta(folder, version, date)
    if kisif is not None:
        help_list = folder / "hjelpeliste.yaml"
        help_list.write_text(help_list.read_text(encoding="utf-8").replace(KISIF, kisif), encoding="utf-8")
    return folder


def write_pack(folder: Path, key: KeyPair, out: Path, replaces=None) -> Path:
    data, _manifest = build(folder, key.signing, replaces)
    out.write_bytes(data)
    return out


def raw_pack(folder: Path, key: KeyPair, version: str, date: str) -> bytes:
    """A signed pack of every regular file in ``folder`` as it is, without ``handbook check`` (to carry
    broken content); the manifest says ``version`` and ``date`` (what its meta.yaml should say)."""
    import dataclasses
    import datetime as dt

    files = {}
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    manifest = dataclasses.replace(make_manifest(shipped_handbook(), files), content_version=version,
                                   content_date=dt.date.fromisoformat(date))
    return archive.pack_bytes(manifest, files, key.signing)


def hostile_pack(folder: Path, key: KeyPair, version: str = "9.0.0") -> bytes:
    """Every entry of ``folder`` as a zip member, whatever it is (links, FIFOs, sockets, folders, huge
    files, odd names), with a manifest that lists the regular files, signed: what a key holder gone
    wrong could send. The archive's limits and then ``handbook check`` must stop it."""
    import io

    buf = io.BytesIO()
    files = {}
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        entries = []
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(folder).as_posix()
            mode = os.lstat(path).st_mode
            info = zipfile.ZipInfo(archive.CONTENT_PREFIX + rel + ("/" if stat.S_ISDIR(mode) else ""), (2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = mode << 16
            if stat.S_ISLNK(mode):
                body = os.readlink(path).encode()
            elif stat.S_ISREG(mode) and os.access(path, os.R_OK):
                body = path.read_bytes()
                files[rel] = body
            else:
                body = b""
            if stat.S_ISDIR(mode) and rel in ("plan", "veileder"):
                continue  # the folders themselves are implied by their files
            entries.append((info, body))
        import dataclasses

        manifest = dataclasses.replace(make_manifest(shipped_handbook(), files), content_version=version)
        zf.writestr(zipfile.ZipInfo(archive.MANIFEST, (2020, 1, 1, 0, 0, 0)), manifest.to_json())
        for info, body in entries:
            zf.writestr(info, body)
    return archive.seal(buf.getvalue(), key.signing)


def zip_of(entries: list[tuple[str, bytes]], key: KeyPair | None, *, mode: int | None = None,
           method: int = zipfile.ZIP_DEFLATED, flag_bits: int = 0) -> bytes:
    """A zip of (name, bytes) with a real manifest of the regular content files; signed when ``key``."""
    import io

    files = {n[len(archive.CONTENT_PREFIX):]: b for n, b in entries if n.startswith(archive.CONTENT_PREFIX)}
    manifest = make_manifest(shipped_handbook(), files)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo(archive.MANIFEST, (2020, 1, 1, 0, 0, 0)), manifest.to_json())
        for name, body in entries:
            info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
            info.compress_type = method
            info.external_attr = (mode if mode is not None else (stat.S_IFREG | 0o644)) << 16
            zf.writestr(info, body)
    data = buf.getvalue()
    if flag_bits:  # zipfile resets the flags it writes: set them in every local and central header
        patched = bytearray(data)
        for signature, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            i = patched.find(signature)
            while i != -1:
                patched[i + at] |= flag_bits
                i = patched.find(signature, i + 4)
        data = bytes(patched)
    return archive.seal(data, key.signing) if key is not None else data


def tree_digest(folder: Path) -> dict[str, str]:
    """Path → SHA-256 (or link target, or 'dir') of everything under ``folder``: byte for byte."""
    out = {}
    if not folder.exists():
        return out
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if path.is_symlink():
            out[rel] = "->" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            out[rel] = "dir"
    return out


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
