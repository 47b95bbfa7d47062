"""Ed25519 key pairs for signing content packs, through PyNaCl (libsodium). No cryptography by hand.

Files (plain text, so they can be read, printed and compared):

- the private key, ``NAME.key``: the first line ``handbok-ed25519-private-v1``, the second the
  32-byte seed in base64. Written once, readable by its owner only (0600). It never enters the
  repository, a shared drive or an e-mail; it stays with the coordinator (README, «Nøkler»).
- the public key, ``NAME.pub``: one line ``handbok-ed25519 <base64 key> <comment>``. It ships in the
  app: every ``*.pub`` file in ``resources/keys/`` is trusted (in a built app that folder is inside
  the program's own folder, which only an administrator can change).

A key's id is the first 16 hex digits of the SHA-256 of its public bytes; packs name the key they
were signed with by this id, so the app says which key it did not know.
"""

from __future__ import annotations

import base64
import binascii
import logging
import os
from dataclasses import dataclass
from pathlib import Path

from handbook.digest import sha256

PRIVATE_HEADER = "handbok-ed25519-private-v1"
PUBLIC_TAG = "handbok-ed25519"
KEY_ID_BYTES = 8
MAX_KEY_FILE = 4096  # a key file is a line or two; anything larger is not one
MAX_TRUSTED = 64

log = logging.getLogger(__name__)


class KeyFileError(ValueError):
    """A key file that cannot be read (the message is bokmål)."""


def key_id(public: bytes) -> str:
    """The id packs carry: 16 hex digits of SHA-256 of the 32 public bytes."""
    return sha256(public).hexdigest()[: 2 * KEY_ID_BYTES]


@dataclass(frozen=True)
class PublicKey:
    raw: bytes
    comment: str = ""

    @property
    def id(self) -> str:
        return key_id(self.raw)

    def line(self) -> str:
        text = f"{PUBLIC_TAG} {base64.b64encode(self.raw).decode()}"
        return f"{text} {self.comment}".rstrip()


def _read_small(path: Path) -> str:
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        raise KeyFileError(f"{path}: nøkkelfilen kan ikke leses ({exc.strerror or exc}).") from exc
    if len(data) > MAX_KEY_FILE:
        raise KeyFileError(f"{path}: filen er for stor til å være en nøkkelfil.")
    try:
        return data.decode("ascii")
    except UnicodeDecodeError as exc:
        raise KeyFileError(f"{path}: filen er ikke en nøkkelfil.") from exc


def _b64(text: str, size: int, path: Path, what: str) -> bytes:
    try:
        raw = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise KeyFileError(f"{path}: {what} er ødelagt (ikke base64).") from exc
    if len(raw) != size:
        raise KeyFileError(f"{path}: {what} har feil lengde.")
    return raw


def parse_public(text: str, path: Path = Path("?")) -> PublicKey:
    parts = text.strip().split(None, 2)
    if len(parts) < 2 or parts[0] != PUBLIC_TAG:
        raise KeyFileError(f"{path}: ikke en offentlig nøkkel for håndboka (første ord skal være «{PUBLIC_TAG}»).")
    return PublicKey(_b64(parts[1], 32, path, "nøkkelen"), parts[2] if len(parts) > 2 else "")


def read_public(path: Path) -> PublicKey:
    return parse_public(_read_small(Path(path)), Path(path))


def read_private(path: Path):
    """The ``nacl.signing.SigningKey`` in a private key file."""
    from nacl.signing import SigningKey

    path = Path(path)
    lines = _read_small(path).splitlines()
    if len(lines) < 2 or lines[0].strip() != PRIVATE_HEADER:
        if lines and lines[0].startswith(PUBLIC_TAG):
            raise KeyFileError(f"{path}: dette er den offentlige nøkkelen (.pub). Bruk den private (.key).")
        raise KeyFileError(f"{path}: ikke en privat nøkkel for håndboka.")
    return SigningKey(_b64(lines[1], 32, path, "nøkkelen"))


def public_of(signing_key, comment: str = "") -> PublicKey:
    return PublicKey(bytes(signing_key.verify_key), comment)


def generate(stem: Path, comment: str) -> tuple[Path, Path, PublicKey]:
    """Make a key pair: ``stem.key`` (private, 0600, never overwritten) and ``stem.pub``.

    Raises:
        FileExistsError: either file is already there.
    """
    from nacl.signing import SigningKey

    stem = Path(stem)
    private_path, public_path = stem.with_suffix(".key"), stem.with_suffix(".pub")
    for path in (private_path, public_path):
        if path.exists():
            raise FileExistsError(str(path))
    key = SigningKey.generate()
    public = public_of(key, comment)
    seed = base64.b64encode(bytes(key)).decode()
    fd = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    with os.fdopen(fd, "w", encoding="ascii", newline="\n") as fh:
        fh.write(f"{PRIVATE_HEADER}\n{seed}\n")
        fh.flush()
        os.fsync(fh.fileno())
    fd = os.open(public_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    with os.fdopen(fd, "w", encoding="ascii", newline="\n") as fh:
        fh.write(public.line() + "\n")
    return private_path, public_path, public


def trusted_keys(folder: Path | None = None) -> dict[str, bytes]:
    """key id → public bytes for every ``*.pub`` in ``folder`` (default: the app's ``resources/keys``).

    A file that is not a key is skipped (logged), never trusted.
    """
    if folder is None:
        from handbook import paths

        folder = paths.resources_dir() / "keys"
    out: dict[str, bytes] = {}
    try:
        files = sorted(Path(folder).glob("*.pub"))
    except OSError:
        return out
    for path in files[:MAX_TRUSTED]:
        try:
            key = read_public(path)
        except KeyFileError as exc:
            log.warning("handbook: %s", exc)
            continue
        out[key.id] = key.raw
    return out
