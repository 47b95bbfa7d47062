"""Reading YAML and front matter with errors that name the file and line.

Messages are in Norwegian bokmål; the part PyYAML writes stays as PyYAML says it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from handbook.content.errors import Problems


class _UniqueKeyLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys instead of silently keeping the last."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"nøkkelen '{key}' står to ganger", key_node.start_mark
            )
        seen[key] = loader.construct_object(value_node, deep=deep)
    return seen


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def parse_yaml(text: str, rel: str, problems: Problems, line_offset: int = 0) -> Any:
    """Parse YAML text; on a syntax error record it with its line and return None."""
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        what = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if isinstance(exc, yaml.constructor.ConstructorError) and "står to ganger" in what:
            fix = "Slett den ene, eller slå dem sammen."
        else:
            fix = "Sjekk innrykk, kolon og anførselstegn."
        problems.add(rel, f"YAML-feil: {what}. {fix}", line)
        return None


def read_text(path: Path, rel: str, problems: Problems) -> str | None:
    """Read a UTF-8 file; record a problem if it is missing, unreadable or empty."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        problems.add(rel, "filen mangler. Legg tilbake filen fra den leverte innholdsmappen.")
        return None
    except UnicodeDecodeError as exc:
        problems.add(rel, f"filen er ikke UTF-8-tekst (byte {exc.start}). Lagre den som UTF-8.")
        return None
    except OSError as exc:
        problems.add(rel, f"filen kan ikke leses ({exc.strerror}). Sjekk at du har tilgang til å lese den.")
        return None
    if not text.strip():
        problems.add(rel, "filen er tom. Legg tilbake innholdet, eller fjern filen.")
        return None
    return text


def load_yaml_file(path: Path, rel: str, problems: Problems) -> Any:
    text = read_text(path, rel, problems)
    if text is None:
        return None
    before = len(problems.items)
    data = parse_yaml(text, rel, problems)
    if data is None and len(problems.items) == before:
        problems.add(rel, "filen inneholder ingen data. Legg tilbake innholdet fra den leverte innholdsmappen.")
    return data


def split_front_matter(text: str, rel: str, problems: Problems) -> tuple[dict | None, str, int]:
    """Split ``---`` front matter from a Markdown body.

    Returns:
        (front matter dict or None, body, the body's first line number).
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.add(rel, "filen må begynne med en topptekst mellom to '---'-linjer (id, title, order, source).", 1)
        return None, text, 1
    for i in range(1, len(lines)):
        if lines[i].strip() == "---":
            meta = parse_yaml("".join(lines[1:i]), rel, problems, line_offset=1)
            if meta is None:
                return None, "".join(lines[i + 1 :]), i + 2
            if not isinstance(meta, dict):
                problems.add(rel, "toppteksten må være linjer med 'nøkkel: verdi'. Skriv én nøkkel per linje.", 2)
                return None, "".join(lines[i + 1 :]), i + 2
            return meta, "".join(lines[i + 1 :]), i + 2
    problems.add(rel, "toppteksten mangler den avsluttende '---'-linjen. Legg til en linje med '---' etter toppteksten.", 1)
    return None, text, 1


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None
