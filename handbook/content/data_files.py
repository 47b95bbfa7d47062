"""Reading the data files (meta, help list, statistics, measures, forms of violence, synonyms, concepts). No Qt.

Each file's entries are declared once below as a schema (:mod:`handbook.content.schema`,
types from :mod:`handbook.content.fields`): its keys in reading order and the checks
across them. So are the files' own top-level keys: :data:`CONTACTS_TOP`, :data:`TABLES_TOP`,
:data:`FORMS_TOP` and :data:`SYNONYMS_TOP` (read by :func:`~handbook.content.schema.read_file`),
and :data:`META` and :data:`MEASURES` (meta.yaml and tiltak.yaml are one entry each).
:class:`DataFileReader` is the part of the loader that reads each file with its schema and
builds the model objects.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from handbook.content import markup, phones
from handbook.content.concepts import FILE as CONCEPTS_FILE
from handbook.content.concepts import parse_concepts
from handbook.content.fields import (
    SUPPLEMENT,
    TOP_UNKNOWN,
    Date,
    Flag,
    Id,
    Integer,
    List,
    Text,
    TextList,
    Unread,
    quoted,
    schema,
)
from handbook.content.model import (
    Contact,
    Measure,
    Measures,
    Meta,
    PhoneNumber,
    StatTable,
    Strategy,
    ViolenceForm,
)
from handbook.content.schema import (
    FILE_LINE,
    STOP,
    Entry,
    Key,
    MapOf,
    Option,
    Rule,
    Schema,
    Values,
    id_lines,
    is_web_address,
    lacks_sources,
    read_file,
)
from handbook.content.yamlio import line_of, load_yaml_file

META = schema(
    Key("plan_signed", Date()), Key("content_date", Date()), Key("title", Text()), Key("plan_title", Text()),
    Key("owner", Text()), Key("plan_period", Text()), Key("content_version", Text()), Key("update_note", Text()),
)

NUMBER = schema(Key("number", Text()), Key("label", Text()))


class Numbers(Option):
    """A contact's ``numbers:``, each a valid Norwegian number or short number (said on the contact)."""

    def read(self, entry: Entry, key: str) -> tuple[PhoneNumber, ...]:
        numbers = []
        for j, item in enumerate(List().read(entry, key)):
            values = NUMBER.read(item, entry.rel, f"{entry.where}, nummer {j + 1}", entry.problems, anchor=entry.anchor)
            raw = values["number"] or ""
            digits = phones.canonical(raw)
            if raw and not phones.is_valid(digits):
                entry.note(f"'{raw}' er ikke et gyldig norsk telefonnummer eller kortnummer. Kontroller det mot planen (kap. 5).")
            numbers.append(PhoneNumber(digits=digits, label=values["label"] or "", display=phones.display(digits)))
        return tuple(numbers)


def _number_or_address(entry: Entry, values: dict) -> None:
    url = values["url"]
    if not values["numbers"] and not url:
        entry.note("kontakten har verken nummer eller nettadresse. Legg til minst ett nummer under 'numbers' eller en 'url'.")
    if url and not is_web_address(url):
        entry.add(f"nettadressen '{markup.short(url)}' må begynne med https://.", "url")


def _beyond_the_plan_has_sources(entry: Entry, values: dict) -> None:
    plan_text, hours = values["plan_text"], values["hours"] or ""
    if lacks_sources(plan_text is None or bool(hours), values["supplement"][1]):
        what = "'hours'" if plan_text is not None else "en oppføring uten 'plan_text'"
        entry.note(f"{what} er ikke fra planen og må ha en offentlig kilde. Legg til "
                   "'supplement:' med 'text:' og 'sources:' (tittel og nettadresse).")


CONTACT = schema(
    Key("id", Id()), Key("numbers", Numbers()), Key("url", Text(required=False, default=None)), Rule(_number_or_address),
    Key("checked", Date("datoen da numrene sist ble sammenlignet med planen,")), Key("supplement", SUPPLEMENT),
    Key("plan_text", Text(required=False, default=None)), Key("hours", Text(required=False)),
    Rule(_beyond_the_plan_has_sources), Key("name", Text()), Key("tags", TextList()),
    Key("description", Text(required=False)), Key("order", Integer(required=False, default=None)),
    Key("not_for", TextList()),  # whom the flowchart does not show it for (an answer's 'about' in flyt.yaml)
)


def _rows(entry: Entry, values: dict) -> None:
    """Each row as many cells as 'columns', every cell after the first a number or null."""
    columns, raw_rows, rows = values["columns"], values["rows"], []
    for r, row in enumerate(raw_rows):
        if not isinstance(row, list) or len(row) != len(columns):
            entry.add(f"rad {r + 1} må være en liste med {len(columns)} celler, like mange som i 'columns'.", line=line_of(raw_rows, r))
            continue
        for cell in row[1:]:
            if cell is not None and (isinstance(cell, bool) or not isinstance(cell, (int, float))):
                entry.add(f"rad {r + 1} har '{markup.short(str(cell))}' der det skal stå et tall eller null.", line=line_of(raw_rows, r))
        rows.append(tuple(row))
    values["rows"] = tuple(rows)


TABLE = schema(
    # Id(): one id, one table: a second table with the plan's id replaced its figures on screen (issue 19)
    Key("columns", TextList(required=True)), Key("rows", List(required=True)), Rule(_rows), Key("id", Id()),
    Key("title", Text()), Key("source", Text()), Key("unit", Text(required=False)), Key("chart", Flag()),
    Key("total_row", Text(required=False, default=None)), Key("note", Text(required=False, default=None)),
)

MEASURE = schema(
    Key("number", Text()), Key("title", Text()), Key("description", Text(required=False)), Key("responsible", Text()),
    Key("deadline", Text()), Key("cost", Text(required=False, default=None)),
)


class MeasureList(Option):
    """A strategy's ``measures:``."""

    def read(self, entry: Entry, key: str) -> tuple[Measure, ...]:
        out = []
        items = List(required=True).read(entry, key)
        for j, item in enumerate(items):
            num = item.get("number") if isinstance(item, dict) else None
            v = MEASURE.read(item, entry.rel, f"tiltak {num or j + 1}", entry.problems, anchor=line_of(items, j))
            out.append(Measure(number=v["number"] or "", title=v["title"] or "", description=v["description"] or "",
                               responsible=v["responsible"] or "", deadline=v["deadline"] or "", cost=v["cost"]))
        return tuple(out)


STRATEGY = schema(Key("measures", MeasureList()), Key("number", Integer()), Key("title", Text()))


class Strategies(Option):
    def read(self, entry: Entry, key: str) -> tuple[Strategy, ...]:
        out = []
        items = List(required=True).read(entry, key)
        for i, item in enumerate(items):
            v = STRATEGY.read(item, entry.rel, f"strategi {i + 1}", entry.problems, anchor=line_of(items, i))
            out.append(Strategy(number=v["number"], title=v["title"] or "", measures=v["measures"]))
        return tuple(out)


MEASURES = schema(
    Key("strategies", Strategies()), Key("title", Text()), Key("period", Text()), Key("intro", Text()),
    Key("source", Unread()),
)


def _form_has_text(entry: Entry, values: dict) -> None:
    if not (values["plan_text"] or values["definition"] or values["supplementary"][0]):
        entry.note("teksten mangler. Legg til planens tekst ('plan_text'/'definition') eller en 'supplementary' med kilder.")


FORM = schema(
    Key("id", Id()), Key("supplementary", SUPPLEMENT), Key("plan_text", Text(required=False, default=None)),
    Key("definition", Text(required=False, default=None)), Rule(_form_has_text), Key("name", Text()),
    Key("examples", TextList()), Key("everyday_words", TextList()), Key("related", TextList()),
    Key("duty_cards", TextList()), Key("order", Integer(required=False, default=None)),
)


_SYNONYMS_SHAPE = "filen må ha 'synonyms:' med ett ord per linje (ord: [ord som også skal gi treff])."


def _a_word(value: Any) -> bool:
    """Text the search can use as a word: text that is not blank, or a whole number (read as its digits)."""
    return (isinstance(value, str) and bool(value.strip())) or (isinstance(value, int) and not isinstance(value, bool))


class SynonymWords(Option):
    """What a word of synonymer.yaml also finds: a list of words, or one word written as text."""

    def read(self, entry: Entry, key: Any) -> tuple[str, ...]:
        word = quoted(key)
        if not _a_word(key):
            entry.bad(f"synonyms: '{word}' blir ikke lest som et ord. Sett ordet i anførselstegn, f.eks. "
                      "'\"ja\": [ord, ord]'.", key)
            return ()
        value = entry.data.get(key)
        targets = [value] if isinstance(value, str) else value
        if not isinstance(targets, list):
            entry.bad(f"synonyms: '{word}' må ha en liste med ord. Skriv '{word}: [ord, ord]'.", key)
            return ()
        for j, target in enumerate(targets):
            if not _a_word(target):
                entry.bad(f"synonyms: '{word}' har '{quoted(target)}', som ikke er et ord. Skriv '{word}: [ord, ord]'.",
                          key, line=line_of(targets, j))
        return tuple(str(target).strip() for target in targets)


# synonymer.yaml's top-level keys: a new key is one line here
SYNONYMS_TOP = Schema(
    TOP_UNKNOWN,
    Key("synonyms", MapOf(SynonymWords(), _SYNONYMS_SHAPE, required=True)),
    not_mapping=lambda entry: (entry.note(_SYNONYMS_SHAPE), STOP)[1],
)


# -- the files that hold one list of entries (hjelpeliste.yaml, statistikk.yaml, voldsformer.yaml) ---------

_NO_LIST = "filen må ha en liste under '{key}:', og listen kan ikke være tom."


class EntryList(NamedTuple):
    """A data file's entries as read (each entry's :class:`~handbook.content.schema.Values`), and each
    id's ``id:`` line, where a problem about the entry as a whole is shown."""

    entries: tuple[Values, ...]
    anchors: dict[str, int]


class Entries(Option):
    """A data file's list of entries (``contacts:``, ``tables:``, ``forms:``), which may not be empty:
    each entry read with ``entry_schema``, labelled «label 'id'» (or «label n» without an id), a problem
    about the whole entry on its ``id:`` line; an id used twice is reported at the second (``fields.Id``)."""

    def __init__(self, label: str, entry_schema: Schema) -> None:
        self.label, self.entry_schema = label, entry_schema

    def read(self, entry: Entry, key: str) -> EntryList:
        items = entry.data.get(key)
        if not isinstance(items, list) or not items:
            entry.bad(_NO_LIST.format(key=key), key)
            return EntryList((), {})
        anchors = id_lines(items)
        context: dict = {"ids": set()}
        entries = []
        for i, item in enumerate(items):
            raw = item.get("id") if isinstance(item, dict) else None
            where = f"{self.label} '{markup.short(str(raw))}'" if raw else f"{self.label} {i + 1}"
            anchor = anchors.get(str(raw)) if raw is not None else None
            entries.append(self.entry_schema.read(item, entry.rel, where, entry.problems, anchor=anchor, context=context))
        return EntryList(tuple(entries), anchors)


def _one_list(*keys: Key) -> Schema:
    """The top-level keys of a file that holds one list of entries (and perhaps an ``intro:``)."""
    list_key = next(k.name for k in keys if isinstance(k.type, Entries))
    return Schema(TOP_UNKNOWN, *keys, not_mapping=lambda entry: (entry.note(_NO_LIST.format(key=list_key)), STOP)[1])


# Each file's top-level keys: a new key is one line here
CONTACTS_TOP = _one_list(Key("intro", Text(required=False)), Key("contacts", Entries("kontakt", CONTACT)))
TABLES_TOP = _one_list(Key("tables", Entries("tabell", TABLE)))
FORMS_TOP = _one_list(Key("forms", Entries("voldsform", FORM)))


class DataFileReader:
    """The data-file half of the loader (it holds ``root``, ``files``, ``problems``, ``intros`` and ``current``)."""

    def _yaml(self, name: str, required: bool = True) -> Any:
        path = self.root / name
        if not required and not self.files.exists(path):
            return None
        self.current = name
        return load_yaml_file(self.files, path, name, self.problems)

    def _meta(self) -> Meta | None:
        data = self._yaml("meta.yaml")
        if data is None:
            return None
        v = META.read(data, "meta.yaml", "meta", self.problems, anchor=FILE_LINE)
        return Meta(title=v["title"], plan_title=v["plan_title"], owner=v["owner"], plan_period=v["plan_period"],
                    plan_signed=v["plan_signed"], content_version=v["content_version"],
                    content_date=v["content_date"], update_note=v["update_note"])

    def _entries(self, name: str, top: Schema, key: str) -> tuple[Values, ...]:
        """The entries under ``key`` of a file that holds one list, read with its top-level schema
        ``top``; its ``intro:``, if it has one, goes to ``intros`` and its ids' lines to ``anchors``."""
        data = self._yaml(name)
        read = read_file(top, data, name, self.problems) if data is not None else {}
        if "intro" in top.keys:
            self.intros[name] = read.get("intro") or ""
        entries = read.get(key) or EntryList((), {})
        self.anchors[name] = entries.anchors
        return entries.entries

    def _contacts(self) -> list[Contact]:
        contacts = []
        for i, v in enumerate(self._entries("hjelpeliste.yaml", CONTACTS_TOP, "contacts")):
            supplement, sources = v["supplement"]
            contacts.append(Contact(
                id=v["id"], name=v["name"] or "", plan_text=v["plan_text"], numbers=v["numbers"], tags=v["tags"],
                description=v["description"] or "", url=v["url"], checked=v["checked"],
                order=v["order"] if v["order"] is not None else i + 1, sources=sources, supplement=supplement or "",
                hours=v["hours"] or "", not_for=v["not_for"],
            ))
        return sorted(contacts, key=lambda c: c.order)

    def _tables(self) -> list[StatTable]:
        tables = []
        for v in self._entries("statistikk.yaml", TABLES_TOP, "tables"):
            tables.append(StatTable(
                id=v["id"] or "", title=v["title"] or "", source=v["source"] or "", unit=v["unit"] or "",
                columns=v["columns"], rows=v["rows"], chart=v["chart"], total_row=v["total_row"], note=v["note"],
            ))
        return tables

    def _measures(self) -> Measures | None:
        name = "tiltak.yaml"
        data = self._yaml(name)
        if data is None:
            return Measures("", "", "", ())
        v = MEASURES.read(data, name, "tiltak", self.problems, anchor=FILE_LINE)
        return Measures(title=v["title"] or "", period=v["period"] or "", intro=v["intro"] or "",
                        strategies=v["strategies"])

    def _forms(self) -> list[ViolenceForm]:
        forms = []
        for i, v in enumerate(self._entries("voldsformer.yaml", FORMS_TOP, "forms")):
            text, sources = v["supplementary"]
            forms.append(ViolenceForm(
                id=v["id"], name=v["name"] or "", plan_text=v["plan_text"], definition=v["definition"],
                examples=v["examples"], everyday_words=v["everyday_words"], related=v["related"],
                duty_cards=v["duty_cards"], order=v["order"] if v["order"] is not None else i + 1,
                supplementary_text=text, sources=sources,
            ))
        return sorted(forms, key=lambda x: x.order)

    def _synonyms(self) -> dict[str, tuple[str, ...]]:
        name = "synonymer.yaml"
        data = self._yaml(name, required=False)
        if data is None:
            return {}
        groups = read_file(SYNONYMS_TOP, data, name, self.problems).get("synonyms") or {}
        return {str(word).strip().lower(): words for word, words in groups.items()}

    def _concepts(self) -> list:
        """The situation concepts (an optional file)."""
        data = self._yaml(CONCEPTS_FILE, required=False)
        if data is None:
            return []
        return parse_concepts(data, self.problems)
