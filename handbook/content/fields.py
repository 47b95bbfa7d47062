"""Checking mappings read from YAML: required keys, unknown keys, simple types.

Messages are in Norwegian bokmål (the coordinator and the settings dialog read
them); YAML keys inside them stay as written in the files.
"""

from __future__ import annotations

from typing import Any

from handbook.content.errors import Problems
from handbook.content.yamlio import line_of


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


def _short(value: Any) -> str:
    """A value quoted in a message: one line, at most 40 characters (lists are not expanded)."""
    if isinstance(value, (list, dict)):
        return _what(value)
    text = " ".join(str(value).split())
    return text if len(text) <= 40 else text[:39] + "…"


class Fields:
    """Reads typed fields from one YAML mapping and reports what is wrong.

    Args:
        data: The mapping.
        rel: The file, for messages.
        where: Which entry ("kontakt 'kisif'"), for messages.
        problems: Where problems go.
        allowed: Every key the entry may have; others are reported.
    """

    def __init__(self, data: Any, rel: str, where: str, problems: Problems, allowed: set[str]):
        self.rel, self.where, self.problems = rel, where, problems
        if not isinstance(data, dict):
            problems.add(rel, f"{where} må være linjer med 'nøkkel: verdi', ikke {_what(data)}. Skriv én nøkkel per linje.")
            data = {}
        self.data = data
        self.ok = True
        for key in data:
            if key not in allowed:
                self._bad(f"ukjent nøkkel '{_short(key)}'. Tillatte nøkler: {', '.join(sorted(allowed))}.", key)

    def line(self, key: str | None = None) -> int | None:
        """The file line of ``key`` (or of the entry), when the YAML loader recorded it."""
        return line_of(self.data, key)

    def add(self, message: str, key: str | None = None, line: int | None = None) -> None:
        """Report a problem with this entry (not counted against ``ok``), at ``line`` or ``key``'s line."""
        self.problems.add(self.rel, f"{self.where}: {message}", line or self.line(key))

    def _bad(self, message: str, key: str | None = None) -> None:
        self.ok = False
        self.add(message, key)

    def str(self, key: str, required: bool = True, default: str | None = "") -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self._bad(f"'{key}' mangler eller er tom. Legg til '{key}: …'.", key)
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self._bad(f"'{key}' må være tekst. Skriv '{key}: …' med tekst etter kolonet.", key)
            return default
        return value.strip()

    def int(self, key: str, required: bool = True, default: int = 0) -> int:
        value = self.data.get(key)
        if value is None:
            if required:
                self._bad(f"'{key}' mangler. Legg til '{key}: <et heltall>'.", key)
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(f"'{key}' må være et heltall, ikke '{_short(value)}'. Skriv for eksempel '{key}: 3'.", key)
            return default
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self._bad(f"'{key}' må være true eller false. Skriv '{key}: true' eller '{key}: false'.", key)
            return default
        return value

    def list(self, key: str, required: bool = False) -> list:
        value = self.data.get(key)
        if value is None:
            if required:
                self._bad(f"'{key}' mangler. Legg til en liste: '{key}: [ … ]'.", key)
            return []
        if not isinstance(value, list):
            self._bad(f"'{key}' må være en liste. Skriv '{key}: [ … ]'.", key)
            return []
        return value

    def str_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        out = []
        for item in self.list(key, required):
            if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                out.append(str(item).strip())
            else:
                self._bad(f"'{key}' må være en liste med tekster, men har '{_short(item)}'. Skriv hvert element som tekst.", key)
        return tuple(out)
