"""The situation concepts (``content/situasjoner.yaml``): read and checked like all content. No Qt.

A concept is a *who* (a child, a partner, an older person, the worker) or a
*what* (an injury, threats, money …) with the everyday words people type for it,
and the stable ids it leads to: help-list contacts, duty cards, forms of
violence. Search (:mod:`handbook.search.situations`) recognises the words and
ranks what they lead to first; this module only reads and validates them, so
``handbook check`` names the file and line of every mistake.

A concept is declared once, as :data:`CONCEPT` (:mod:`handbook.content.schema`), and the
file's own keys as :data:`CONCEPTS_TOP`; a problem is shown on the line of the value it is
about (or of the list item), from the YAML node.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any

from handbook.content.errors import Problems
from handbook.content.fields import TOP_UNKNOWN
from handbook.content.model import Concept
from handbook.content.schema import (
    STOP,
    VALUE,
    Entry,
    Key,
    Option,
    Rule,
    Schema,
    Sources,
    UnknownKeys,
    is_id,
    is_web_address,
    read_file,
)
from handbook.content.yamlio import Sequence

FILE = "situasjoner.yaml"
KINDS = ("who", "what")
MAX_AGE = 130
WEIGHT_RANGE = (0.1, 3.0)
_WORD = re.compile(r"[^\W\d_]{2,}|\d+")
REFERENCES = ("contacts", "cards", "forms", "overrides")  # the keys whose items name other entries


class Text(Option):
    def read(self, entry: Entry, key: str) -> str:
        value = entry.data.get(key)
        if not isinstance(value, str) or not value.strip():
            entry.bad(f"'{key}' mangler eller er ikke tekst. Skriv '{key}: …'.", key)
            return ""
        return value.strip()


class Words(Option):
    """Words and phrases as people type them (each with two letters or more, once)."""

    def __init__(self, required: bool = False) -> None:
        self.required = required

    def read(self, entry: Entry, key: str) -> tuple[str, ...]:
        value = entry.data.get(key)
        if value is None:
            if self.required:
                entry.bad(f"'{key}' mangler. Skriv ordene folk bruker: '{key}: [ord, uttrykk på flere ord]'.", key)
            return ()
        if not isinstance(value, list) or (self.required and not value):
            entry.bad(f"'{key}' må være en liste med ord. Skriv '{key}: [ord, ord]'.", key)
            return ()
        out: list[str] = []
        folded: set[str] = set()
        for j, word in enumerate(value):
            if isinstance(word, (int, float)) and not isinstance(word, bool):
                word = str(word)
            if not isinstance(word, str) or not _WORD.search(word):
                entry.bad(f"'{key}' har '{word}', som ikke er et ord søket kan bruke. Skriv ord med minst to bokstaver.",
                          key, j)
                continue
            norm = " ".join(word.lower().split())
            if norm in folded:
                entry.bad(f"ordet '{word}' står to ganger under '{key}'. Slett det ene.", key, j)
                continue
            folded.add(norm)
            out.append(norm)
        return tuple(out)


class Ids(Option):
    def read(self, entry: Entry, key: str) -> tuple[str, ...]:
        value = entry.data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
            entry.bad(f"'{key}' må være en liste med id-er, f.eks. '{key}: [kisif]'.", key)
            return ()
        return tuple(x.strip() for x in value)


class Ages(Option):
    def read(self, entry: Entry, key: str) -> tuple[int, int] | None:
        value = entry.data.get(key)
        if value is None:
            return None
        ok = isinstance(value, dict) and set(value) <= {"from", "to"} and "from" in value
        lo, hi = (value.get("from"), value.get("to", MAX_AGE)) if ok else (None, None)
        if not all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= MAX_AGE for x in (lo, hi)) or lo > hi:
            entry.bad(f"'ages' må være to heltall mellom 0 og {MAX_AGE}, f.eks. 'ages: {{from: 0, to: 17}}'.", key)
            return None
        return (lo, hi)


class Flag(Option):
    def read(self, entry: Entry, key: str) -> bool:
        value = entry.data.get(key, False)
        if not isinstance(value, bool):
            entry.bad(f"'{key}' må være true eller false.", key)
            return False
        return value


class Weight(Option):
    def read(self, entry: Entry, key: str) -> float:
        value = entry.data.get(key, 1.0)
        lo, hi = WEIGHT_RANGE
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            entry.bad(f"'weight' må være et tall mellom {lo} og {hi}, f.eks. 'weight: 1.5'.", key)
            return 1.0
        return float(value)


class AsWritten(Option):
    def read(self, entry: Entry, key: str) -> Any:
        return entry.data.get(key)


SOURCE_HINT = "Skriv 'sources: [{title: Navn på kilden, url: https://…}]'."


class SourceText(Option):
    def read(self, entry: Entry, key: str) -> str:
        value = entry.data.get(key)
        return value.strip() if isinstance(value, str) else ""


def _whole_source(entry: Entry, v: dict) -> object:
    if not v["title"]:
        entry.bad(f"kilden må ha 'title:'. {SOURCE_HINT}", "title")
        return STOP
    if v["url"] and not is_web_address(v["url"]):
        entry.bad(f"adressen må begynne med https://. {SOURCE_HINT}", "url")
        return STOP
    return None


def _not_a_source(entry: Entry) -> object:
    entry.bad(f"en kilde må være '{{title: …, url: https://…}}'. {SOURCE_HINT}")
    return STOP


def _source_list(entry: Entry, key: str) -> list:
    value = entry.data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        entry.bad(f"'{key}' må være en liste med kilder. {SOURCE_HINT}", key)
        return []
    return list(value)


# where the words of a concept come from (public lists: NKVTS, Vern for eldre, Bufdir …)
SOURCES = Sources(Schema(UnknownKeys("ukjent nøkkel '{key}' i en kilde. Tillatte nøkler: {allowed}."),
                         Key("title", SourceText()), Key("url", SourceText()), Rule(_whole_source),
                         not_mapping=_not_a_source), _source_list, keep_bad=False)


def _id(entry: Entry, v: dict) -> None:
    if v["id"] and not is_id(v["id"]):
        entry.bad(f"id-en '{v['id']}' kan bare inneholde a–z, 0–9 og '-'.", "id")


def _kind(entry: Entry, v: dict) -> None:
    if v["kind"] not in KINDS:
        entry.bad(f"'kind' må være who (hvem det gjelder) eller what (hva som skjer), ikke '{v['kind']}'.", "kind")


def _act_is_a_what(entry: Entry, v: dict) -> None:
    if v["act"] and v["kind"] != "what":
        entry.bad("'act: true' passer bare for et «what»-begrep (noe som gjøres mot noen).", "act")


def _leads_somewhere(entry: Entry, v: dict) -> None:
    if not (v["contacts"] or v["cards"] or v["forms"]):
        entry.bad("begrepet fører ingen steder. Legg til 'contacts:', 'cards:' eller 'forms:'.")


def _not_a_concept(entry: Entry) -> object:
    entry.bad("et begrep må være linjer med 'nøkkel: verdi' (id, kind, label, words …).")
    return STOP


CONCEPT = Schema(
    UnknownKeys("ukjent nøkkel '{key}'. Tillatte nøkler: {allowed}."),
    Key("id", Text()), Rule(_id), Key("kind", AsWritten()), Rule(_kind), Key("label", Text()),
    Key("words", Words(required=True)), Key("near", Words()), Key("ages", Ages()), Key("contacts", Ids()),
    Key("cards", Ids()), Key("forms", Ids()), Key("weight", Weight()), Key("relatives", Words()),
    Key("victim_words", Words()), Key("requires", Words()), Key("overrides", Ids()), Key("act", Flag()),
    Key("urgent", Flag()), Key("needs_cue", Words()), Key("sources", SOURCES),
    Rule(_act_is_a_what), Rule(_leads_somewhere),
    not_mapping=_not_a_concept,
)


def _reference_lines(item: Any, entry_line: int | None) -> MappingProxyType:
    """key → (line of its list, line of each item), for the keys that name other entries."""
    out = {}
    for key in REFERENCES:
        value = item.get(key) if isinstance(item, dict) else None
        if isinstance(value, Sequence):
            out[key] = (value.line, tuple(getattr(value, "item_lines", ())))
    return MappingProxyType(out)


_NO_CONCEPTS = "filen må ha en liste under 'concepts:', og listen kan ikke være tom."


class Concepts(Option):
    """``concepts:`` every concept read with :data:`CONCEPT`; an id used twice, or an ``overrides``
    that names no other concept, is reported on its line."""

    def read(self, entry: Entry, key: str) -> list[Concept]:
        items = entry.data.get(key)
        if not isinstance(items, list) or not items:
            entry.bad(_NO_CONCEPTS, key)
            return []
        rel, problems = entry.rel, entry.problems
        item_lines = getattr(items, "item_lines", ())
        concepts: list[Concept] = []
        seen: dict[str, int | None] = {}
        for i, item in enumerate(items):
            entry_line = item_lines[i] if i < len(item_lines) else None
            raw_id = item.get("id") if isinstance(item, dict) else None
            where = f"begrep '{raw_id}'" if isinstance(raw_id, str) and raw_id else f"begrep {i + 1}"
            v = CONCEPT.read(item, rel, where, problems, anchor=entry_line, lines=VALUE)
            if not v.ok:
                continue
            if v["id"] in seen:
                first = f" (første gang på linje {seen[v['id']]})" if seen[v["id"]] else ""
                problems.add(rel, f"{where}: id-en '{v['id']}' er brukt to ganger{first}. Gi hvert begrep sin egen id.",
                             entry_line)
                continue
            seen[v["id"]] = entry_line
            concepts.append(Concept(
                id=v["id"], kind=v["kind"], label=v["label"], words=v["words"], near=v["near"], ages=v["ages"],
                contacts=v["contacts"], cards=v["cards"], forms=v["forms"], weight=v["weight"], relatives=v["relatives"],
                victim_words=v["victim_words"], requires=v["requires"], overrides=v["overrides"], act=v["act"],
                urgent=v["urgent"], needs_cue=v["needs_cue"], sources=v["sources"],
                line=entry_line or 0, reference_lines=_reference_lines(item, entry_line),
            ))
        for c in concepts:
            value_line, items_at = c.reference_lines.get("overrides", (c.line or None, ()))
            for j, ref in enumerate(c.overrides):
                if ref not in seen or ref == c.id:
                    problems.add(
                        rel,
                        f"begrep '{c.id}': '{ref}' under 'overrides' er ikke et annet begrep i filen. "
                        f"Bruk en av: {', '.join(sorted(set(seen) - {c.id}))}.",
                        items_at[j] if j < len(items_at) else value_line,
                    )
        return concepts


def _not_a_concepts_file(entry: Entry) -> object:
    entry.note(_NO_CONCEPTS)
    return STOP


# situasjoner.yaml's top-level keys: a new key is one line here
CONCEPTS_TOP = Schema(
    TOP_UNKNOWN,
    Key("concepts", Concepts()),
    not_mapping=_not_a_concepts_file,
)


def parse_concepts(data: Any, problems: Problems, rel: str = FILE) -> list[Concept]:
    """Read the concepts; every problem names the line and what to write instead.

    References (contacts, cards, forms) are checked later by :func:`validate_concepts`,
    once everything else is loaded.
    """
    return read_file(CONCEPTS_TOP, data, rel, problems).get("concepts") or []


def validate_concepts(
    concepts: list[Concept], contact_ids: set[str], section_ids: set[str], form_ids: set[str], problems: Problems,
    rel: str = FILE,
) -> None:
    """Check that every contact, card and form a concept names exists."""
    for c in concepts:
        checks = (
            ("contacts", c.contacts, contact_ids, "hjelpeliste.yaml", sorted(contact_ids)),
            ("cards", c.cards, section_ids, "et pliktkort eller en seksjon", None),
            ("forms", c.forms, form_ids, "voldsformer.yaml", sorted(form_ids)),
        )
        for key, refs, known, where, hint in checks:
            for j, ref in enumerate(refs):
                if ref in known:
                    continue
                value_line, items = c.reference_lines.get(key, (c.line or None, ()))
                line = items[j] if j < len(items) else value_line
                choices = f" Bruk en av: {', '.join(hint)}." if hint else " Bruk en id som veileder/avvergingsplikt."
                problems.add(rel, f"begrep '{c.id}': '{ref}' under '{key}' finnes ikke i {where}.{choices}", line)
