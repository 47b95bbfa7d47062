"""The situation concepts (``content/situasjoner.yaml``): read and checked like all content. No Qt.

A concept is a *who* (a child, a partner, an older person, the worker) or a
*what* (an injury, threats, money …) with the everyday words people type for it,
and the stable ids it leads to: help-list contacts, duty cards, forms of
violence. Search (:mod:`handbook.search.situations`) recognises the words and
ranks what they lead to first; this module only reads and validates them, so
``handbook check`` names the file and line of every mistake.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from handbook.content.errors import Problems
from handbook.content.model import Concept

FILE = "situasjoner.yaml"
KINDS = ("who", "what")
KEYS = {"id", "kind", "label", "words", "near", "relatives", "victim_words", "requires", "ages", "contacts", "cards", "forms", "weight",
        "overrides", "act"}
MAX_AGE = 130
WEIGHT_RANGE = (0.1, 3.0)
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WORD = re.compile(r"[^\W\d_]{2,}|\d+")


def _lines(text: str) -> dict:
    """Line numbers (1-based) of the entries under ``concepts:`` and of their keys and list items.

    Returns ``{i: (entry line, {key: (value line, [item lines])})}``; empty when
    the text does not have that shape (the data checks report that).
    """
    try:  # the file was already read by the bounded loader; this only finds lines
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return {}
    if not isinstance(root, yaml.MappingNode):
        return {}
    seq = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == "concepts"), None)
    if not isinstance(seq, yaml.SequenceNode):
        return {}
    out = {}
    for i, entry in enumerate(seq.value):
        keys = {}
        if isinstance(entry, yaml.MappingNode):
            for k, v in entry.value:
                items = [n.start_mark.line + 1 for n in v.value] if isinstance(v, yaml.SequenceNode) else []
                keys[getattr(k, "value", "")] = (v.start_mark.line + 1, items)
        out[i] = (entry.start_mark.line + 1, keys)
    return out


def parse_concepts(data: Any, text: str, problems: Problems, rel: str = FILE) -> list[Concept]:
    """Read the concepts; every problem names the line and what to write instead.

    References (contacts, cards, forms) are checked later by :func:`validate_concepts`,
    once everything else is loaded.
    """
    if not isinstance(data, dict) or not isinstance(data.get("concepts"), list) or not data["concepts"]:
        problems.add(rel, "filen må ha en liste under 'concepts:', og listen kan ikke være tom.", 1)
        return []
    for key in data:
        if key != "concepts":
            problems.add(rel, f"ukjent nøkkel '{key}' øverst i filen. Bare 'concepts:' er tillatt.")
    lines = _lines(text)
    concepts: list[Concept] = []
    seen: dict[str, int | None] = {}
    override_lines: dict[str, tuple[int | None, list[int]]] = {}
    for i, item in enumerate(data["concepts"]):
        entry_line, key_lines = lines.get(i, (None, {}))
        reader = _Entry(item, i, rel, problems, entry_line, key_lines)
        concept = reader.concept()
        if concept is None:
            continue
        if concept.id in seen:
            first = f" (første gang på linje {seen[concept.id]})" if seen[concept.id] else ""
            problems.add(
                rel, f"{reader.where}: id-en '{concept.id}' er brukt to ganger{first}. Gi hvert begrep sin egen id.", entry_line
            )
            continue
        seen[concept.id] = entry_line
        override_lines[concept.id] = key_lines.get("overrides", (entry_line, []))
        concepts.append(concept)
    for c in concepts:
        value_line, items = override_lines[c.id]
        for j, ref in enumerate(c.overrides):
            if ref not in seen or ref == c.id:
                problems.add(
                    rel,
                    f"begrep '{c.id}': '{ref}' under 'overrides' er ikke et annet begrep i filen. "
                    f"Bruk en av: {', '.join(sorted(set(seen) - {c.id}))}.",
                    items[j] if j < len(items) else value_line,
                )
    return concepts


class _Entry:
    """One concept's fields, with the line of each problem."""

    def __init__(self, item: Any, index: int, rel: str, problems: Problems, line: int | None, key_lines: dict):
        self.item, self.rel, self.problems, self.line, self.key_lines = item, rel, problems, line, key_lines
        raw_id = item.get("id") if isinstance(item, dict) else None
        self.where = f"begrep '{raw_id}'" if isinstance(raw_id, str) and raw_id else f"begrep {index + 1}"
        self.ok = True

    def bad(self, message: str, key: str | None = None, item: int | None = None) -> None:
        self.ok = False
        line = self.line
        if key is not None and key in self.key_lines:
            value_line, items = self.key_lines[key]
            line = items[item] if item is not None and item < len(items) else value_line
        self.problems.add(self.rel, f"{self.where}: {message}", line)

    def text(self, key: str) -> str:
        value = self.item.get(key)
        if not isinstance(value, str) or not value.strip():
            self.bad(f"'{key}' mangler eller er ikke tekst. Skriv '{key}: …'.", key)
            return ""
        return value.strip()

    def words(self, key: str, required: bool) -> tuple[str, ...]:
        value = self.item.get(key)
        if value is None:
            if required:
                self.bad(f"'{key}' mangler. Skriv ordene folk bruker: '{key}: [ord, uttrykk på flere ord]'.", key)
            return ()
        if not isinstance(value, list) or (required and not value):
            self.bad(f"'{key}' må være en liste med ord. Skriv '{key}: [ord, ord]'.", key)
            return ()
        out: list[str] = []
        folded: set[str] = set()
        for j, word in enumerate(value):
            if isinstance(word, (int, float)) and not isinstance(word, bool):
                word = str(word)
            if not isinstance(word, str) or not _WORD.search(word):
                self.bad(
                    f"'{key}' har '{word}', som ikke er et ord søket kan bruke. Skriv ord med minst to bokstaver.",
                    key,
                    j,
                )
                continue
            norm = " ".join(word.lower().split())
            if norm in folded:
                self.bad(f"ordet '{word}' står to ganger under '{key}'. Slett det ene.", key, j)
                continue
            folded.add(norm)
            out.append(norm)
        return tuple(out)

    def ids(self, key: str) -> tuple[str, ...]:
        value = self.item.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
            self.bad(f"'{key}' må være en liste med id-er, f.eks. '{key}: [kisif]'.", key)
            return ()
        return tuple(x.strip() for x in value)

    def ages(self) -> tuple[int, int] | None:
        value = self.item.get("ages")
        if value is None:
            return None
        ok = isinstance(value, dict) and set(value) <= {"from", "to"} and "from" in value
        lo, hi = (value.get("from"), value.get("to", MAX_AGE)) if ok else (None, None)
        if not all(isinstance(x, int) and not isinstance(x, bool) and 0 <= x <= MAX_AGE for x in (lo, hi)) or lo > hi:
            self.bad(f"'ages' må være to heltall mellom 0 og {MAX_AGE}, f.eks. 'ages: {{from: 0, to: 17}}'.", "ages")
            return None
        return (lo, hi)

    def flag(self, key: str) -> bool:
        value = self.item.get(key, False)
        if not isinstance(value, bool):
            self.bad(f"'{key}' må være true eller false.", key)
            return False
        return value

    def weight(self) -> float:
        value = self.item.get("weight", 1.0)
        lo, hi = WEIGHT_RANGE
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            self.bad(f"'weight' må være et tall mellom {lo} og {hi}, f.eks. 'weight: 1.5'.", "weight")
            return 1.0
        return float(value)

    def concept(self) -> Concept | None:
        if not isinstance(self.item, dict):
            self.bad("et begrep må være linjer med 'nøkkel: verdi' (id, kind, label, words …).")
            return None
        for key in self.item:
            if key not in KEYS:
                self.bad(f"ukjent nøkkel '{key}'. Tillatte nøkler: {', '.join(sorted(KEYS))}.", str(key))
        cid = self.text("id")
        if cid and not _ID.match(cid):
            self.bad(f"id-en '{cid}' kan bare inneholde a–z, 0–9 og '-'.", "id")
        kind = self.item.get("kind")
        if kind not in KINDS:
            self.bad(f"'kind' må være who (hvem det gjelder) eller what (hva som skjer), ikke '{kind}'.", "kind")
        concept = Concept(
            id=cid,
            kind=kind if kind in KINDS else "what",
            label=self.text("label"),
            words=self.words("words", required=True),
            near=self.words("near", required=False),
            ages=self.ages(),
            contacts=self.ids("contacts"),
            cards=self.ids("cards"),
            forms=self.ids("forms"),
            weight=self.weight(),
            relatives=self.words("relatives", required=False),
            victim_words=self.words("victim_words", required=False),
            requires=self.words("requires", required=False),
            overrides=self.ids("overrides"),
            act=self.flag("act"),
            line=self.line or 0,
        )
        if concept.act and kind != "what":
            self.bad("'act: true' passer bare for et «what»-begrep (noe som gjøres mot noen).", "act")
        if not (concept.contacts or concept.cards or concept.forms):
            self.bad("begrepet fører ingen steder. Legg til 'contacts:', 'cards:' eller 'forms:'.")
        return concept if self.ok else None


def validate_concepts(
    concepts: list[Concept], contact_ids: set[str], section_ids: set[str], form_ids: set[str], problems: Problems,
    text: str, rel: str = FILE,
) -> None:
    """Check that every contact, card and form a concept names exists."""
    lines = _lines(text)
    by_line = {entry_line: keys for entry_line, keys in lines.values()}
    for c in concepts:
        key_lines = by_line.get(c.line, {})
        checks = (
            ("contacts", c.contacts, contact_ids, "hjelpeliste.yaml", sorted(contact_ids)),
            ("cards", c.cards, section_ids, "et pliktkort eller en seksjon", None),
            ("forms", c.forms, form_ids, "voldsformer.yaml", sorted(form_ids)),
        )
        for key, refs, known, where, hint in checks:
            for j, ref in enumerate(refs):
                if ref in known:
                    continue
                value_line, items = key_lines.get(key, (c.line or None, []))
                line = items[j] if j < len(items) else value_line
                choices = f" Bruk en av: {', '.join(hint)}." if hint else " Bruk en id som veileder/avvergingsplikt."
                problems.add(rel, f"begrep '{c.id}': '{ref}' under '{key}' finnes ikke i {where}.{choices}", line)
