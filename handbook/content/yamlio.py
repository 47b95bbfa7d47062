"""Reading YAML and front matter with errors that name the file and line, in Norwegian.

Every YAML text of the content (data files, page headers) is parsed by
:class:`ContentLoader`, a safe loader that also

- refuses aliases and anchors (``&a`` / ``*a``: an alias "bomb" expands to gigabytes),
- refuses nesting deeper than :data:`~handbook.content.limits.MAX_YAML_DEPTH`,
- refuses duplicate keys, impossible dates (``2026-02-30``) and overlong numbers,
- refuses raw HTML and unbounded Markdown in every text value
  (:func:`handbook.content.markup.text_problems`), and
- remembers the line of every mapping key and list item (:class:`Mapping`,
  :class:`Sequence`), so field checks can name the line.

It uses libyaml when PyYAML has it (ten times faster; libyaml itself stops at 1,000
levels), the pure-Python parser otherwise.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from handbook.content import limits, markup
from handbook.content.errors import Problems

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_MAX_INT_DIGITS = 30


class Mapping(dict):
    """A YAML mapping that knows its line and each key's line (1-based, in the file)."""

    line: int | None = None
    key_lines: dict

    def line_of(self, key: Any) -> int | None:
        return getattr(self, "key_lines", {}).get(key, self.line)


class Sequence(list):
    """A YAML list that knows its line and each item's line."""

    line: int | None = None
    item_lines: list

    def line_of(self, index: int) -> int | None:
        lines = getattr(self, "item_lines", [])
        return lines[index] if 0 <= index < len(lines) else self.line


class InvalidDate(str):
    """A YAML date that does not exist (``2026-02-30``): kept as text so the field check names it."""


class _Refused(yaml.MarkedYAMLError):
    """A Norwegian refusal with its position; the message is shown as it is."""

    def __init__(self, message: str, mark) -> None:
        super().__init__(problem=message, problem_mark=mark)
        self.message = message


def line_of(value: Any, key: Any = None) -> int | None:
    """The file line of ``value`` (a Mapping/Sequence), or of its ``key``; None if unknown."""
    if isinstance(value, Mapping):
        return value.line_of(key) if key is not None else value.line
    if isinstance(value, Sequence):
        return value.line_of(key) if isinstance(key, int) else value.line
    return None


class ContentLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The content's YAML loader (see the module docstring)."""

    def __init__(self, stream, line_offset: int = 0) -> None:
        super().__init__(stream)
        self.line_offset = line_offset
        self.findings: list[tuple[int, str]] = []  # (line, message): problems that do not stop the parse

    def line(self, node) -> int:
        return node.start_mark.line + 1 + self.line_offset

    def get_single_data(self):
        node = self.get_single_node()
        if node is None:
            return None
        self._check_tree(node)
        return self.construct_document(node)

    def _check_tree(self, root) -> None:
        """Refuse aliases (a node reached twice) and deep nesting, without recursion."""
        seen: set[int] = set()
        stack = [(root, 1)]
        while stack:
            node, depth = stack.pop()
            if id(node) in seen:
                raise _Refused(
                    "YAML-aliaser ('&navn' og '*navn') er ikke tillatt i innholdet. Skriv verdien ut der den skal stå.",
                    node.start_mark,
                )
            seen.add(id(node))
            if depth > limits.MAX_YAML_DEPTH:
                raise _Refused(
                    f"lister og nøkler står mer enn {limits.MAX_YAML_DEPTH} nivåer inni hverandre (grensen). "
                    "Flat ut strukturen.",
                    node.start_mark,
                )
            if isinstance(node, yaml.SequenceNode):
                stack.extend((child, depth + 1) for child in node.value)
            elif isinstance(node, yaml.MappingNode):
                for key, value in node.value:
                    stack.append((key, depth + 1))
                    stack.append((value, depth + 1))


def _construct_mapping(loader: ContentLoader, node: yaml.MappingNode) -> Mapping:
    data = Mapping()
    data.line = loader.line(node)
    data.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=False)
        try:
            hash(key)
        except TypeError:
            raise _Refused("en nøkkel må være tekst, ikke en liste eller mapping.", key_node.start_mark) from None
        if key in data:
            raise yaml.constructor.ConstructorError(
                None, None, f"nøkkelen '{markup.short(str(key))}' står to ganger", key_node.start_mark
            )
        data[key] = loader.construct_object(value_node, deep=False)
        data.key_lines[key] = loader.line(key_node)
    return data


def _construct_sequence(loader: ContentLoader, node: yaml.SequenceNode):
    data = Sequence()
    data.line = loader.line(node)
    data.item_lines = [loader.line(child) for child in node.value]
    yield data
    data.extend(loader.construct_object(child, deep=False) for child in node.value)


def _construct_str(loader: ContentLoader, node: yaml.ScalarNode) -> str:
    value = loader.construct_scalar(node)
    for offset, message in markup.text_problems(value):
        loader.findings.append((loader.line(node) + value.count("\n", 0, offset), message))
    return value


def _construct_timestamp(loader: ContentLoader, node: yaml.ScalarNode):
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return InvalidDate(node.value)


def _construct_int(loader: ContentLoader, node: yaml.ScalarNode) -> int:
    if len(node.value) > _MAX_INT_DIGITS:
        raise _Refused(
            f"tallet er lengre enn {_MAX_INT_DIGITS} sifre. Sett det i anførselstegn hvis det er tekst.", node.start_mark
        )
    return yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)


ContentLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
ContentLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
ContentLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
ContentLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
ContentLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)

# PyYAML's messages (its "problem" texts, in English) → what to tell the coordinator.
_YAML_PROBLEMS = (
    ("mapping values are not allowed", "et kolon (':') står der det ikke kan stå"),
    ("could not find expected ':'", "fant ikke kolonet (':') etter en nøkkel"),
    ("found character that cannot start any token", "et tegn kan ikke stå her (tabulator, '@' eller '`' først i en verdi)"),
    ("found unexpected end of stream", "filen slutter før et anførselstegn eller en parentes er lukket"),
    ("found unknown escape character", "ukjent tegn etter '\\' i tekst i doble anførselstegn"),
    ("did not find expected key", "innrykket stemmer ikke med linjene over"),
    ("did not find expected '-' indicator", "innrykket stemmer ikke med listen over"),
    ("did not find expected node content", "en verdi mangler"),
    ("did not find expected ',' or ']'", "en liste i [ ] mangler ',' eller ']'"),
    ("did not find expected ',' or '}'", "en mapping i { } mangler ',' eller '}'"),
    ("expected <block end>", "innrykket stemmer ikke med linjene over"),
    ("but found another document", "filen kan bare ha ett dokument (fjern '---' inne i filen)"),
    ("could not determine a constructor", "YAML-merkelapper (som '!!python/…') er ikke tillatt"),
    ("found undefined alias", "YAML-aliaser ('*navn') er ikke tillatt i innholdet"),
    ("exceeded maximum nesting depth", "lister og nøkler står for dypt inni hverandre"),
    ("tab", "tabulator kan ikke brukes til innrykk; bruk mellomrom"),
)


def _norwegian(problem: str) -> str:
    for needle, text in _YAML_PROBLEMS:
        if needle in problem:
            return text
    return "oppsettet er ugyldig her"


def parse_yaml(text: str, rel: str, problems: Problems, line_offset: int = 0) -> Any:
    """Parse YAML text; record every problem with its line and return None if it cannot be read."""
    loader = ContentLoader(text, line_offset)
    try:
        data = loader.get_single_data()
    except _Refused as exc:
        problems.add(rel, exc.message, exc.problem_mark.line + 1 + line_offset)
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 + line_offset if mark is not None else None
        problem = getattr(exc, "problem", None) or ""
        if problem.startswith("nøkkelen '"):
            problems.add(rel, f"YAML-feil: {problem}. Slett den ene, eller slå dem sammen.", line)
        else:
            problems.add(rel, f"YAML-feil: {_norwegian(problem)}. Sjekk innrykk, kolon og anførselstegn.", line)
        return None
    except (RecursionError, MemoryError):
        problems.add(rel, "YAML-teksten er for dypt nestet eller for stor til å leses. Forenkle strukturen.", line_offset or None)
        return None
    finally:
        loader.dispose()
    for line, message in loader.findings:
        problems.add(rel, message, line)
    return None if loader.findings else data


def load_yaml_file(files, path: Path, rel: str, problems: Problems) -> Any:
    """Read (within the limits, see :mod:`handbook.content.safeio`) and parse one YAML file."""
    text = files.read_text(path, rel)
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


_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, InvalidDate):
        return None
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


def date_problem(key: str, value: Any, what: str = "en dato") -> str:
    """Why ``value`` is not a date, for ``key`` (Norwegian)."""
    if isinstance(value, str) and _DATE.match(value.strip()):
        return f"'{key}: {markup.short(value)}' er ikke en dato som finnes (sjekk måned og dag). Skriv {what} som ÅÅÅÅ-MM-DD."
    return f"'{key}' må være {what} skrevet ÅÅÅÅ-MM-DD."
