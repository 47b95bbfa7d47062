"""The data files' key types and wording (meta, help list, statistics, measures, forms, front matter).

The types of :mod:`handbook.content.schema` for the YAML data files and the pages' front
matter. Messages are in Norwegian bokmål (the coordinator and the settings dialog read them);
YAML keys inside them stay as written in the files. A problem about a key is on the key's
line; about an entry as a whole, on its ``id:`` line.
"""

from __future__ import annotations

from typing import Any

from handbook.content import markup
from handbook.content.schema import (
    ID_PATTERN,
    Entry,
    Key,
    Option,
    Rule,
    Schema,
    Sources,
    Supplement,
    UnknownKeys,
    is_web_address,
)
from handbook.content.yamlio import as_date, date_problem


def _what(value: Any) -> str:
    """A YAML value's kind in words, for "must be …, not …" messages."""
    if isinstance(value, list):
        return "en liste"
    if isinstance(value, str):
        return "tekst"
    if value is None:
        return "tom"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "et tall"
    return type(value).__name__


def quoted(value: Any) -> str:
    """A value quoted in a message: one line, at most 40 characters (lists are not expanded)."""
    if isinstance(value, (list, dict)):
        return _what(value)
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


UNKNOWN = UnknownKeys("ukjent nøkkel '{key}'. Tillatte nøkler: {allowed}.", short=quoted)
# A file's own top-level keys (read with schema.read_file): an unknown one is reported, the rest is still read.
TOP_UNKNOWN = UnknownKeys("ukjent nøkkel '{key}' øverst i filen. Tillatte nøkler: {allowed}.", short=quoted, fatal=False)


def not_mapping(entry: Entry) -> None:
    """Not 'key: value' lines: say so, and read it as an empty entry (its required keys are then reported)."""
    entry.problems.add(entry.rel, f"{entry.where} må være linjer med 'nøkkel: verdi', ikke {_what(entry.raw)}. "
                                  "Skriv én nøkkel per linje.", entry.anchor)


def schema(*steps) -> Schema:
    """A data file's schema: unknown keys reported first, then ``steps``."""
    return Schema(UNKNOWN, *steps, not_mapping=not_mapping)


class Text(Option):
    """Text (a number is read as its text)."""

    def __init__(self, required: bool = True, default: str | None = "") -> None:
        self.required, self.default = required, default

    def read(self, entry: Entry, key: str) -> str | None:
        value = entry.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.required:
                entry.bad(f"'{key}' mangler eller er tom. Legg til '{key}: …'.", key)
            return self.default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            entry.bad(f"'{key}' må være tekst. Skriv '{key}: …' med tekst etter kolonet.", key)
            return self.default
        return value.strip()


class Integer(Option):
    def __init__(self, required: bool = True, default: int = 0) -> None:
        self.required, self.default = required, default

    def read(self, entry: Entry, key: str) -> int:
        value = entry.data.get(key)
        if value is None:
            if self.required:
                entry.bad(f"'{key}' mangler. Legg til '{key}: <et heltall>'.", key)
            return self.default
        if isinstance(value, bool) or not isinstance(value, int):
            entry.bad(f"'{key}' må være et heltall, ikke '{quoted(value)}'. Skriv for eksempel '{key}: 3'.", key)
            return self.default
        return value


class Flag(Option):
    def read(self, entry: Entry, key: str) -> bool:
        value = entry.data.get(key, False)
        if not isinstance(value, bool):
            entry.bad(f"'{key}' må være true eller false. Skriv '{key}: true' eller '{key}: false'.", key)
            return False
        return value


def read_list(entry: Entry, key: str, required: bool = False) -> list:
    value = entry.data.get(key)
    if value is None:
        if required:
            entry.bad(f"'{key}' mangler. Legg til en liste: '{key}: [ … ]'.", key)
        return []
    if not isinstance(value, list):
        entry.bad(f"'{key}' må være en liste. Skriv '{key}: [ … ]'.", key)
        return []
    return value


class List(Option):
    """A list, its items read by the code that uses them (numbers, rows, strategies)."""

    def __init__(self, required: bool = False) -> None:
        self.required = required

    def read(self, entry: Entry, key: str) -> list:
        return read_list(entry, key, self.required)


class TextList(Option):
    def __init__(self, required: bool = False) -> None:
        self.required = required

    def read(self, entry: Entry, key: str) -> tuple[str, ...]:
        out = []
        for item in read_list(entry, key, self.required):
            if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                out.append(str(item).strip())
            else:
                entry.bad(f"'{key}' må være en liste med tekster, men har '{quoted(item)}'. Skriv hvert element som tekst.", key)
        return tuple(out)


class Date(Option):
    """A date written ÅÅÅÅ-MM-DD (a date that does not exist is named as such)."""

    def __init__(self, what: str = "en dato") -> None:
        self.what = what

    def read(self, entry: Entry, key: str):
        value = as_date(entry.data.get(key))
        if value is None:
            entry.add(date_problem(key, entry.data.get(key), self.what), key)
        return value


class Unread(Option):
    """A key the file may have that nothing reads (kept for the coordinator's notes)."""

    def read(self, entry: Entry, key: str) -> None:
        return None


class Id(Option):
    """The entry's id: required text that follows the id rule (:data:`~handbook.content.schema.ID_PATTERN`),
    used once in its file (the ids seen so far are ``entry.context["ids"]``, when the file's ids must be unique)."""

    def __init__(self, pattern=ID_PATTERN, rule: str = "a–z, 0–9 og '-'") -> None:
        self.pattern = pattern
        self.rule = rule

    def read(self, entry: Entry, key: str) -> str:
        value = Text().read(entry, key) or ""
        if value and not self.pattern.match(value):
            entry.add(f"id-en '{markup.short(value)}' kan bare inneholde {self.rule}.", key)
        seen = entry.context.get("ids")
        if seen is not None:
            if value in seen:
                entry.add(f"id-en '{value}' er brukt to ganger. Hver id må være unik.", key)
            seen.add(value)
        return value


def _web_address(entry: Entry, values: dict) -> None:
    url = values.get("url")
    if url and not is_web_address(url):
        entry.add(f"kildeadressen '{markup.short(url)}' må begynne med https://.", "url")


SOURCE = schema(Key("url", Text(required=False, default=None)), Rule(_web_address), Key("title", Text()),
                Key("accessed", Unread()))
SOURCES = Sources(SOURCE, read_list, keep_bad=True)
SUPPLEMENT = Supplement(schema(Key("text", Text()), Key("sources", SOURCES)),
                        "utfyllende tekst må oppgi sine offentlige kilder. Legg til 'sources:' under '{key}'.")

__all__ = ["Date", "Flag", "Id", "Integer", "List", "SOURCES", "SUPPLEMENT", "TOP_UNKNOWN", "Text", "TextList", "Unread",
           "quoted", "schema", "read_list"]
