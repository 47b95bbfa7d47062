"""One declarative schema for every content file: typed keys, checked by one engine. No Qt.

Each kind of entry in the content (a help-list contact, a statistics table, a page's front
matter, a flowchart step, a situation concept …) is declared once as a :class:`Schema`: its
keys in the order they are read, each with a type (``Key("name", Text())``), and the checks
across keys (``Rule``) where they belong. :meth:`Schema.read` checks one mapping read from
YAML and returns its values. Adding a key to a file is one line in its schema; the key is
then allowed, read and checked, and a mistake in it is reported.

A file's own top-level keys are a schema too, read by :func:`read_file` as an entry without
a label (``flyt.yaml``, ``situasjoner.yaml``, ``synonymer.yaml``, ``hjelpeliste.yaml``,
``statistikk.yaml``, ``voldsformer.yaml``; ``meta.yaml`` and ``tiltak.yaml`` are read as one
labelled entry each); :class:`MapOf` reads a mapping whose keys are the coordinator's own (a
word and its synonyms, whom a line is about).

Every problem names the file and the line, taken from the YAML node: the loader's mappings
and lists (:class:`handbook.content.yamlio.Mapping`, ``Sequence``) know the line of each key
and list item. Where a problem has no key of its own, it is put on the entry's ``id:`` line
(:func:`id_lines`). No message is ever read back to find its line.

The rules every file shares are written once, here: the id rule (:data:`ID_PATTERN`,
:func:`is_id`), the sources rule (:func:`is_web_address`, :class:`Sources`) and the
supplement rule (:func:`lacks_sources`, :class:`Supplement`). Each family of files keeps
the wording its coordinator knows (:mod:`handbook.content.fields` for the data files and
front matter, :mod:`handbook.content.flow_parse` for the flowchart,
:mod:`handbook.content.concepts` for the situation concepts).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from handbook.content.errors import Problems
from handbook.content.model import Source
from handbook.content.yamlio import Mapping, Sequence, line_of

# -- the rules every file shares ---------------------------------------------------------

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # an entry's id: a readable anchor (a–z, 0–9, '-')
PAGE_ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[/-][a-z0-9]+)*$")  # a page's id: the same, with '/' after its folder
WEB_SCHEMES = ("https://", "http://")
# Only an id of a–z, 0–9 and '-' stands for its entry's line (an id with other characters is reported
# at its own line; a problem about such an entry as a whole has no line in the data files, as before
# the schema, and is on the step's own line in the flowchart).
_NAMED = re.compile(r"[a-z0-9-]+")


def is_id(value: str) -> bool:
    """The id rule: a–z, 0–9 and single '-' between them."""
    return bool(ID_PATTERN.match(value))


def is_web_address(url: str) -> bool:
    """The sources rule's address: a web address (https:// or http://)."""
    return url.startswith(WEB_SCHEMES)


def lacks_sources(beyond_plan: bool, sources: Iterable) -> bool:
    """The supplement rule: what is not from the adopted plan must name public sources."""
    return bool(beyond_plan) and not tuple(sources)


def id_lines(items: Any) -> dict[str, int]:
    """For each entry of a list read from YAML, its id → the line of its ``id:`` key (the first, if
    an id is used twice): where a problem about the entry as a whole is shown."""
    out: dict[str, int] = {}
    for item in items if isinstance(items, list) else ():
        raw = item.get("id") if isinstance(item, Mapping) else None
        line = item.key_lines.get("id") if isinstance(item, Mapping) and hasattr(item, "key_lines") else None
        name = str(raw) if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""
        if _NAMED.fullmatch(name) and line is not None:
            out.setdefault(name, line)
    return out


# -- an entry being read --------------------------------------------------------------------

KEY, VALUE, ENTRY = "key", "value", "entry"  # where a problem about a key is shown: its key, its value, the entry


class Entry:
    """One mapping being read: its file, its label («kontakt 'kisif'»), its lines, where problems go.

    Args:
        data: The mapping (anything else is reported by the schema, and read as empty).
        rel: The file, for messages.
        where: Which entry, for messages ("" for a whole file: its messages stand alone).
        problems: Where problems go.
        anchor: The line for a problem that has no line of its own (the entry's ``id:`` line).
        lines: Where a problem about a key is shown: ``KEY`` (the key's line, else the entry's),
            ``VALUE`` (the value's line, its items' lines), or ``ENTRY`` (always ``anchor``).
    """

    def __init__(self, data: Any, rel: str, where: str, problems: Problems, *, anchor: int | None = None,
                 lines: str = KEY, context: dict | None = None) -> None:
        self.raw = data
        self.context = context if context is not None else {}  # what a check needs from outside the entry
        self.data = data if isinstance(data, dict) else {}
        self.rel, self.where, self.problems = rel, where, problems
        self.anchor = anchor
        self.lines = lines
        self.ok = True

    def line(self, key: Any = None, item: int | None = None) -> int | None:
        """The line for a problem about ``key`` (its ``item``-th element), or about the entry."""
        if self.lines == ENTRY:
            return self.anchor
        if self.lines == VALUE:
            if key is None or key not in self.data:
                return self.anchor
            value = self.data[key]
            if isinstance(value, Sequence) and item is not None and 0 <= item < len(getattr(value, "item_lines", ())):
                return value.item_lines[item]
            found = value.line if isinstance(value, (Mapping, Sequence)) else line_of(self.data, key)
            return found if found is not None else self.anchor
        found = line_of(self.data, key)
        return found if found is not None else self.anchor

    def labelled(self, message: str) -> str:
        """``message`` after the entry's label; a whole file (no label) says it alone."""
        return f"{self.where}: {message}" if self.where else message

    def add(self, message: str, key: Any = None, item: int | None = None, line: int | None = None) -> None:
        """Report a problem with this entry (its label first), at ``line`` or ``key``'s line."""
        self.problems.add(self.rel, self.labelled(message), line or self.line(key, item))

    def note(self, message: str) -> None:
        """Report a problem about the entry as a whole, on its ``id:`` line (``anchor``)."""
        self.problems.add(self.rel, self.labelled(message), self.anchor)

    def bad(self, message: str, key: Any = None, item: int | None = None, line: int | None = None) -> None:
        """Report a problem that makes the entry unusable."""
        self.ok = False
        self.add(message, key, item, line)


# -- the schema --------------------------------------------------------------------------------


class Option:
    """The type of a key: :meth:`read` returns its value, reporting through the entry."""

    def read(self, entry: Entry, key: str) -> Any:  # pragma: no cover - every type overrides it
        raise NotImplementedError


@dataclass(frozen=True)
class Key:
    """One key of an entry and its type."""

    name: str
    type: Option


@dataclass(frozen=True)
class Rule:
    """A check across keys, run where it stands among the keys. ``check(entry, values)`` may
    return :data:`STOP` to read no further (the entry cannot be used)."""

    check: Callable[[Entry, dict], Any]


STOP = object()


@dataclass(frozen=True)
class UnknownKeys:
    """Where the entry's unknown keys are reported, and in which words (``{key}``, ``{allowed}``)."""

    message: str
    short: Callable[[Any], str] = str
    fatal: bool = True  # the entry is unusable (data files, concepts), or only reported (flowchart steps)


class Values(dict):
    """The values read from one entry; ``ok`` is False when the entry cannot be used."""

    def __init__(self, entry: Entry) -> None:
        super().__init__()
        self.entry = entry

    @property
    def ok(self) -> bool:
        return self.entry.ok


class Schema:
    """The keys of one kind of entry, in reading order, with the checks across them.

    Args:
        steps: :class:`Key`, :class:`Rule` and one :class:`UnknownKeys` (where unknown keys are reported).
        not_mapping: ``not_mapping(entry)`` reports an entry that is not 'key: value' lines, and
            returns :data:`STOP` if nothing more can be read from it.
    """

    def __init__(self, *steps, not_mapping: Callable[[Entry], Any]) -> None:
        self.steps = steps
        self.keys = tuple(s.name for s in steps if isinstance(s, Key))
        self.not_mapping = not_mapping

    def allowed(self) -> str:
        return ", ".join(sorted(self.keys))

    def read(self, data: Any, rel: str, where: str, problems: Problems, *, anchor: int | None = None,
             lines: str = KEY, context: dict | None = None) -> Values:
        """Check ``data`` (one entry, labelled ``where`` in messages) and return its values.

        Args:
            anchor: The entry's ``id:`` line, for problems about the entry as a whole.
            lines: Where a problem about a key is shown (``KEY``, ``VALUE`` or ``ENTRY``).
            context: What the checks need from outside the entry (the ids seen so far, the folder …).
        """
        entry = Entry(data, rel, where, problems, anchor=anchor, lines=lines, context=context)
        values = Values(entry)
        if not isinstance(data, dict) and self.not_mapping(entry) is STOP:
            entry.ok = False
            return values
        for step in self.steps:
            if isinstance(step, Key):
                values[step.name] = step.type.read(entry, step.name)
            elif isinstance(step, UnknownKeys):
                for key in entry.data:
                    if key not in self.keys:
                        message = step.message.format(key=step.short(key), allowed=self.allowed())
                        (entry.bad if step.fatal else entry.add)(message, key)
            elif step.check(entry, values) is STOP:
                entry.ok = False
                return values
        return values


# -- a whole file --------------------------------------------------------------------------------

FILE_LINE = 1  # where a file that is not 'key: value' lines is reported


def read_file(schema: Schema, data: Any, rel: str, problems: Problems) -> Values:
    """A file's top-level keys read with ``schema``, as one entry without a label: a problem about
    a key is on the key's line, a key that is missing on the line where the file's keys begin, and
    a file that is not 'key: value' lines on :data:`FILE_LINE`."""
    return schema.read(data, rel, "", problems, anchor=FILE_LINE)


class MapOf(Option):
    """A mapping of the coordinator's own keys to values of one type (synonymer.yaml's words,
    whom each line of flyt.yaml's ``records:`` is about). Each value is read by ``value`` as a key
    of an entry of its own (with the same label), so a problem is on that key's line; a value it
    reports as unusable is left out. Absent, it reads as ``{}``.

    Args:
        value: The type of every value (it checks the key too: the key is the coordinator's text).
        shape: The message when the key is not 'key: value' lines (or is missing, if ``required``).
    """

    def __init__(self, value: Option, shape: str, required: bool = False) -> None:
        self.value, self.shape, self.required = value, shape, required

    def read(self, entry: Entry, key: str) -> dict:
        raw = entry.data.get(key)
        if not isinstance(raw, dict):
            if raw is not None or self.required:
                entry.bad(self.shape, key)
            return {}
        inner = Entry(raw, entry.rel, entry.where, entry.problems, anchor=entry.line(key), context=entry.context)
        out = {}
        for name in raw:
            inner.ok = True
            value = self.value.read(inner, name)
            if inner.ok:
                out[name] = value
        return out


# -- the sources and supplement rules, as types ------------------------------------------------


class Sources(Option):
    """``sources:`` a list of ``- title: …`` with an optional ``url: https://…`` (the sources rule).

    Args:
        source: The schema of one source, in the file's wording (it checks the address with
            :func:`is_web_address`).
        read_list: Reads the list under the key (each family says what a list that is not one gives).
        keep_bad: Keep a source that has a mistake (the data files report and keep it; the
            flowchart reports and drops it).
    """

    def __init__(self, source: Schema, read_list: Callable[[Entry, str], list], keep_bad: bool) -> None:
        self.source = source
        self.read_list = read_list
        self.keep_bad = keep_bad

    def read(self, entry: Entry, key: str) -> tuple[Source, ...]:
        out = []
        for i, item in enumerate(self.read_list(entry, key)):
            values = self.source.read(item, entry.rel, f"{entry.where}, kilde {i + 1}", entry.problems,
                                      anchor=entry.anchor, lines=entry.lines)
            if values.ok or self.keep_bad:
                out.append(Source(title=values.get("title") or "", url=values.get("url") or None))
        return tuple(out)


class Supplement(Option):
    """``supplement:`` / ``supplementary:`` as ``{text, sources}``: text beyond the plan, with its
    public sources (the supplement rule). Reads (text, sources); (None, ()) when the key is absent.

    Args:
        schema: The schema of ``{text, sources}``.
        lacks_sources: The message when there are no sources (``{key}``: the key's name).
    """

    def __init__(self, schema: Schema, lacks_sources: str) -> None:
        self.schema = schema
        self.lacks_sources = lacks_sources

    def read(self, entry: Entry, key: str) -> tuple[str | None, tuple[Source, ...]]:
        raw = entry.data.get(key)
        if raw is None:
            return None, ()
        values = self.schema.read(raw, entry.rel, f"{entry.where}, '{key}'", entry.problems, anchor=entry.anchor,
                                  lines=entry.lines)
        if lacks_sources(True, values["sources"]):
            entry.note(self.lacks_sources.format(key=key))
        return values["text"], values["sources"]
