"""Checking mappings read from YAML: required keys, unknown keys, simple types.

Messages are in Norwegian bokmål (the coordinator and the settings dialog read
them); YAML keys inside them stay as written in the files.
"""

from __future__ import annotations

from typing import Any

from handbook.content.errors import Problems


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
                self._bad(f"ukjent nøkkel '{key}'. Tillatte nøkler: {', '.join(sorted(allowed))}.")

    def _bad(self, message: str) -> None:
        self.ok = False
        self.problems.add(self.rel, f"{self.where}: {message}")

    def str(self, key: str, required: bool = True, default: str | None = "") -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self._bad(f"'{key}' mangler eller er tom. Legg til '{key}: …'.")
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self._bad(f"'{key}' må være tekst. Skriv '{key}: …' med tekst etter kolonet.")
            return default
        return value.strip()

    def int(self, key: str, required: bool = True, default: int = 0) -> int:
        value = self.data.get(key)
        if value is None:
            if required:
                self._bad(f"'{key}' mangler. Legg til '{key}: <et heltall>'.")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(f"'{key}' må være et heltall, ikke '{value}'. Skriv for eksempel '{key}: 3'.")
            return default
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self._bad(f"'{key}' må være true eller false. Skriv '{key}: true' eller '{key}: false'.")
            return default
        return value

    def list(self, key: str, required: bool = False) -> list:
        value = self.data.get(key)
        if value is None:
            if required:
                self._bad(f"'{key}' mangler. Legg til en liste: '{key}: [ … ]'.")
            return []
        if not isinstance(value, list):
            self._bad(f"'{key}' må være en liste. Skriv '{key}: [ … ]'.")
            return []
        return value

    def str_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        out = []
        for item in self.list(key, required):
            if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                out.append(str(item).strip())
            else:
                self._bad(f"'{key}' må være en liste med tekster, men har '{item}'. Skriv hvert element som tekst.")
        return tuple(out)
