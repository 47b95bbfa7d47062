"""Checking mappings read from YAML: required keys, unknown keys, simple types."""

from __future__ import annotations

from typing import Any

from handbook.content.errors import Problems


class Fields:
    """Reads typed fields from one YAML mapping and reports what is wrong.

    Args:
        data: The mapping.
        rel: The file, for messages.
        where: Which entry ("contact 'kisif'"), for messages.
        problems: Where problems go.
        allowed: Every key the entry may have; others are reported.
    """

    def __init__(self, data: Any, rel: str, where: str, problems: Problems, allowed: set[str]):
        self.rel, self.where, self.problems = rel, where, problems
        if not isinstance(data, dict):
            problems.add(rel, f"{where} must be a mapping of 'key: value' lines, not {type(data).__name__}.")
            data = {}
        self.data = data
        self.ok = True
        for key in data:
            if key not in allowed:
                self._bad(f"unknown key '{key}'. Allowed keys: {', '.join(sorted(allowed))}.")

    def _bad(self, message: str) -> None:
        self.ok = False
        self.problems.add(self.rel, f"{self.where}: {message}")

    def str(self, key: str, required: bool = True, default: str | None = "") -> str | None:
        value = self.data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self._bad(f"'{key}' is missing or empty. Add '{key}: …'.")
            return default
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            self._bad(f"'{key}' must be text.")
            return default
        return value.strip()

    def int(self, key: str, required: bool = True, default: int = 0) -> int:
        value = self.data.get(key)
        if value is None:
            if required:
                self._bad(f"'{key}' is missing. Add '{key}: <a whole number>'.")
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self._bad(f"'{key}' must be a whole number, not '{value}'.")
            return default
        return value

    def bool(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self._bad(f"'{key}' must be true or false.")
            return default
        return value

    def list(self, key: str, required: bool = False) -> list:
        value = self.data.get(key)
        if value is None:
            if required:
                self._bad(f"'{key}' is missing. Add a list: '{key}: [ … ]'.")
            return []
        if not isinstance(value, list):
            self._bad(f"'{key}' must be a list.")
            return []
        return value

    def str_list(self, key: str, required: bool = False) -> tuple[str, ...]:
        out = []
        for item in self.list(key, required):
            if isinstance(item, (str, int)) and not isinstance(item, bool) and str(item).strip():
                out.append(str(item).strip())
            else:
                self._bad(f"'{key}' must be a list of texts; found '{item}'.")
        return tuple(out)
