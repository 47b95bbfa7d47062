"""What a pack says about itself, signed with it: ``manifest.json``.

::

    {"format": 1, "product": "no.aas.kommune.handbok",
     "content_version": "1.1.0", "content_date": "2027-01-15", "title": "Håndbok – …",
     "plan": {"title": "Temaplan …", "period": "2023–2027", "signed": "2023-05-19"},
     "replaces": {"content_version": "1.0.0", "content_date": "2026-11-26"} | null,
     "files": {"meta.yaml": {"size": 584, "sha256": "…"}, "plan/00-forord.md": {…}, …}}

``replaces`` is the edition the coordinator built this one to follow (``pack build --replaces``),
for the change summary; the app's own rule against going back is the content version.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Mapping

from handbook.packs import errors
from handbook.packs.errors import PackRefused

PRODUCT = "no.aas.kommune.handbok"
FORMAT = 1
_VERSION = re.compile(r"^(0|[1-9][0-9]{0,5})(\.(0|[1-9][0-9]{0,5})){0,3}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def version_key(version: str) -> tuple[int, ...] | None:
    """``"1.10.0"`` → ``(1, 10, 0)`` for comparing; None when it is not numbers with dots.
    Trailing zeros do not count: 1.1 and 1.1.0 are the same edition."""
    if not isinstance(version, str) or not _VERSION.match(version):
        return None
    parts = [int(p) for p in version.split(".")]
    while len(parts) > 1 and parts[-1] == 0:
        parts.pop()
    return tuple(parts)


def date_text(date: dt.date | None) -> str:
    return date.strftime("%d.%m.%Y") if date else "ukjent dato"


@dataclass(frozen=True)
class FileEntry:
    size: int
    sha256: str


@dataclass(frozen=True)
class Edition:
    """A content version and its date (what a pack replaces)."""

    content_version: str
    content_date: dt.date | None = None

    def text(self) -> str:
        return f"{self.content_version} ({date_text(self.content_date)})"


@dataclass(frozen=True)
class Manifest:
    product: str
    content_version: str
    content_date: dt.date
    title: str
    plan_title: str
    plan_period: str
    plan_signed: dt.date | None
    replaces: Edition | None
    files: Mapping[str, FileEntry] = field(default_factory=dict)
    format: int = FORMAT

    @property
    def edition(self) -> Edition:
        return Edition(self.content_version, self.content_date)

    @property
    def version_key(self) -> tuple[int, ...]:
        key = version_key(self.content_version)
        assert key is not None  # parse() refuses anything else
        return key

    def to_json(self) -> bytes:
        data = {
            "format": self.format,
            "product": self.product,
            "content_version": self.content_version,
            "content_date": self.content_date.isoformat(),
            "title": self.title,
            "plan": {
                "title": self.plan_title,
                "period": self.plan_period,
                "signed": self.plan_signed.isoformat() if self.plan_signed else None,
            },
            "replaces": None if self.replaces is None else {
                "content_version": self.replaces.content_version,
                "content_date": self.replaces.content_date.isoformat() if self.replaces.content_date else None,
            },
            "files": {name: {"size": e.size, "sha256": e.sha256} for name, e in sorted(self.files.items())},
        }
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _bad(detail: str) -> PackRefused:
    return PackRefused(errors.INVALID, f"Pakken kan ikke brukes: beskrivelsen av innholdet (manifest.json) {detail}. "
                       "Be koordinatoren lage pakken på nytt med «handbook pack build».")


def _date(value, key: str, required: bool = True) -> dt.date | None:
    if value is None and not required:
        return None
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _bad(f"har en ugyldig dato i «{key}»")


def _text(data: dict, key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or len(value) > 1000:
        raise _bad(f"mangler «{key}»")
    return value


def parse(raw: bytes) -> Manifest:
    """Read a manifest; refuses anything that is not exactly the format above (reason ``invalid``,
    ``product`` or ``format``)."""
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=lambda name: None)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise _bad("er ikke gyldig JSON") from None
    if not isinstance(data, dict):
        raise _bad("er ikke et JSON-objekt")
    fmt = data.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise _bad("mangler «format»")
    if fmt > FORMAT:
        raise PackRefused(errors.FORMAT, "Pakken er laget for en nyere versjon av programmet enn denne. "
                          "Programmet må oppdateres før pakken kan tas i bruk. " + errors.ASK)
    if fmt != FORMAT:
        raise _bad(f"har et ukjent format ({fmt})")
    product = data.get("product")
    if product != PRODUCT:
        shown = str(product)[:80] if isinstance(product, str) else "ukjent"
        raise PackRefused(errors.PRODUCT, f"Pakken er laget for et annet program («{shown}»), ikke for denne "
                          "håndboka. Ingenting er endret.")
    version = _text(data, "content_version")
    if version_key(version) is None:
        raise _bad(f"har en innholdsversjon som ikke er tall med punktum («{version[:40]}»)")
    plan = data.get("plan")
    if not isinstance(plan, dict):
        raise _bad("mangler «plan»")
    replaces = data.get("replaces")
    edition = None
    if replaces is not None:
        if not isinstance(replaces, dict):
            raise _bad("har en ugyldig «replaces»")
        old = _text(replaces, "content_version")
        if version_key(old) is None:
            raise _bad("har en ugyldig «replaces»")
        edition = Edition(old, _date(replaces.get("content_date"), "replaces", required=False))
    files = data.get("files")
    if not isinstance(files, dict) or not files:
        raise _bad("mangler listen over filer")
    entries = {}
    for name, entry in files.items():
        if (not isinstance(entry, dict) or not isinstance(entry.get("size"), int) or isinstance(entry.get("size"), bool)
                or entry["size"] < 0 or not isinstance(entry.get("sha256"), str) or not _SHA256.match(entry["sha256"])):
            raise _bad(f"har en ugyldig oppføring for «{str(name)[:80]}»")
        entries[name] = FileEntry(entry["size"], entry["sha256"])
    return Manifest(
        product=product,
        content_version=version,
        content_date=_date(data.get("content_date"), "content_date"),
        title=_text(data, "title"),
        plan_title=_text(plan, "title"),
        plan_period=_text(plan, "period"),
        plan_signed=_date(plan.get("signed"), "plan.signed", required=False),
        replaces=edition,
        files=entries,
        format=fmt,
    )
