"""Reading the data files (meta, help list, statistics, measures, forms of violence, synonyms, concepts). No Qt.

:class:`DataFileReader` is the part of the loader that turns each YAML file into
model objects, reporting every problem with its file and line.
"""

from __future__ import annotations

import re
from typing import Any

from handbook.content import markup, phones
from handbook.content.concepts import FILE as CONCEPTS_FILE
from handbook.content.concepts import parse_concepts
from handbook.content.fields import Fields
from handbook.content.model import (
    Contact,
    Measure,
    Measures,
    Meta,
    PhoneNumber,
    Source,
    StatTable,
    Strategy,
    ViolenceForm,
)
from handbook.content.yamlio import as_date, date_problem, line_of, load_yaml_file

_ENTRY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
        keys = {"title", "plan_title", "owner", "plan_period", "plan_signed", "content_version", "content_date", "update_note"}
        f = Fields(data, "meta.yaml", "meta", self.problems, keys)
        signed, cdate = as_date(f.data.get("plan_signed")), as_date(f.data.get("content_date"))
        for key, value in (("plan_signed", signed), ("content_date", cdate)):
            if value is None:
                f.add(date_problem(key, f.data.get(key)), key)
        meta = Meta(
            title=f.str("title"),
            plan_title=f.str("plan_title"),
            owner=f.str("owner"),
            plan_period=f.str("plan_period"),
            plan_signed=signed,
            content_version=f.str("content_version"),
            content_date=cdate,
            update_note=f.str("update_note"),
        )
        return meta

    def _entries(self, name: str, key: str) -> list:
        data = self._yaml(name)
        if isinstance(data, dict) and isinstance(data.get("intro"), str):
            self.intros[name] = data["intro"].strip()
        if data is None:
            return []
        if not isinstance(data, dict) or not isinstance(data.get(key), list) or not data.get(key):
            self.problems.add(name, f"filen må ha en liste under '{key}:', og listen kan ikke være tom.")
            return []
        return data[key]

    def _entry_fields(self, name: str, key: str, label: str, allowed: set[str]):
        """Each entry of a data file's list, as (index, id, where, Fields), with its id checked once here.

        The id must be a readable anchor (a–z, 0–9, '-') and unique in the file.
        """
        seen: set[str] = set()
        for i, item in enumerate(self._entries(name, key)):
            raw = item.get("id") if isinstance(item, dict) else None
            where = f"{label} '{markup.short(str(raw))}'" if raw else f"{label} {i + 1}"
            f = Fields(item, name, where, self.problems, allowed)
            entry_id = f.str("id") or ""
            if entry_id and not _ENTRY_ID.match(entry_id):
                f.add(f"id-en '{markup.short(entry_id)}' kan bare inneholde a–z, 0–9 og '-'.", "id")
            if entry_id in seen:
                f.add(f"id-en '{entry_id}' er brukt to ganger. Hver id må være unik.", "id")
            seen.add(entry_id)
            yield i, entry_id, where, f

    def _sources(self, f: Fields) -> tuple[Source, ...]:
        out = []
        for i, item in enumerate(f.list("sources")):
            sf = Fields(item, f.rel, f"{f.where}, kilde {i + 1}", self.problems, {"title", "url", "accessed"})
            url = sf.str("url", required=False, default=None)
            if url and not url.startswith(("https://", "http://")):
                sf.add(f"kildeadressen '{markup.short(url)}' må begynne med https://.", "url")
            out.append(Source(title=sf.str("title") or "", url=url))
        return tuple(out)

    def _contacts(self) -> list[Contact]:
        name = "hjelpeliste.yaml"
        allowed = {
            "id", "name", "plan_text", "numbers", "tags", "description", "url", "checked", "order",
            "supplement", "hours",
        }
        contacts: list[Contact] = []
        for i, cid, where, f in self._entry_fields(name, "contacts", "kontakt", allowed):
            numbers = []
            for j, n in enumerate(f.list("numbers")):
                nf = Fields(n, name, f"{where}, nummer {j + 1}", self.problems, {"number", "label"})
                raw = nf.str("number") or ""
                digits = phones.canonical(raw)
                if raw and not phones.is_valid(digits):
                    self.problems.add(
                        name,
                        f"{where}: '{raw}' er ikke et gyldig norsk telefonnummer eller kortnummer. "
                        "Kontroller det mot planen (kap. 5).",
                    )
                numbers.append(PhoneNumber(digits=digits, label=nf.str("label") or "", display=phones.display(digits)))
            url = f.str("url", required=False, default=None)
            if not numbers and not url:
                self.problems.add(
                    name,
                    f"{where}: kontakten har verken nummer eller nettadresse. "
                    "Legg til minst ett nummer under 'numbers' eller en 'url'.",
                )
            if url and not url.startswith(("https://", "http://")):
                f.add(f"nettadressen '{markup.short(url)}' må begynne med https://.", "url")
            checked = as_date(f.data.get("checked"))
            if checked is None:
                f.add(date_problem("checked", f.data.get("checked"), "datoen da numrene sist ble sammenlignet med planen,"), "checked")
            supplement, sources = self._supplement(f)
            plan_text = f.str("plan_text", required=False, default=None)
            hours = f.str("hours", required=False) or ""
            if (plan_text is None or hours) and not sources:
                what = "'hours'" if plan_text is not None else "en oppføring uten 'plan_text'"
                self.problems.add(
                    name,
                    f"{where}: {what} er ikke fra planen og må ha en offentlig kilde. Legg til "
                    "'supplement:' med 'text:' og 'sources:' (tittel og nettadresse).",
                )
            contacts.append(
                Contact(
                    id=cid,
                    name=f.str("name") or "",
                    plan_text=plan_text,
                    numbers=tuple(numbers),
                    tags=f.str_list("tags"),
                    description=f.str("description", required=False) or "",
                    url=url,
                    checked=checked,
                    order=f.int("order", required=False, default=i + 1),
                    sources=sources,
                    supplement=supplement,
                    hours=hours,
                )
            )
        return sorted(contacts, key=lambda c: c.order)

    def _supplement(self, f: Fields) -> tuple[str, tuple[Source, ...]]:
        """An entry's 'supplement: {text, sources}': text beyond the plan, with its public sources."""
        raw = f.data.get("supplement")
        if raw is None:
            return "", ()
        sf = Fields(raw, f.rel, f"{f.where}, 'supplement'", self.problems, {"text", "sources"})
        text = sf.str("text") or ""
        sources = self._sources(sf)
        if not sources:
            self.problems.add(
                f.rel, f"{f.where}: utfyllende tekst må oppgi sine offentlige kilder. Legg til 'sources:' under 'supplement'."
            )
        return text, sources

    def _tables(self) -> list[StatTable]:
        name = "statistikk.yaml"
        allowed = {"id", "title", "source", "unit", "columns", "rows", "chart", "total_row", "note"}
        tables = []
        for i, item in enumerate(self._entries(name, "tables")):
            tid = item.get("id") if isinstance(item, dict) else None
            where = f"tabell '{markup.short(str(tid))}'" if tid else f"tabell {i + 1}"
            f = Fields(item, name, where, self.problems, allowed)
            columns = f.str_list("columns", required=True)
            rows = []
            raw_rows = f.list("rows", required=True)
            for r, row in enumerate(raw_rows):
                if not isinstance(row, list) or len(row) != len(columns):
                    f.add(f"rad {r + 1} må være en liste med {len(columns)} celler, like mange som i 'columns'.", line=line_of(raw_rows, r))
                    continue
                for cell in row[1:]:
                    if cell is not None and (isinstance(cell, bool) or not isinstance(cell, (int, float))):
                        f.add(f"rad {r + 1} har '{markup.short(str(cell))}' der det skal stå et tall eller null.", line=line_of(raw_rows, r))
                rows.append(tuple(row))
            tables.append(
                StatTable(
                    id=f.str("id") or "",
                    title=f.str("title") or "",
                    source=f.str("source") or "",
                    unit=f.str("unit", required=False) or "",
                    columns=columns,
                    rows=tuple(rows),
                    chart=f.bool("chart"),
                    total_row=f.str("total_row", required=False, default=None),
                    note=f.str("note", required=False, default=None),
                )
            )
        return tables

    def _measures(self) -> Measures | None:
        name = "tiltak.yaml"
        data = self._yaml(name)
        if data is None:
            return Measures("", "", "", ())
        f = Fields(data, name, "tiltak", self.problems, {"title", "period", "intro", "source", "strategies"})
        strategies = []
        for i, s in enumerate(f.list("strategies", required=True)):
            sf = Fields(s, name, f"strategi {i + 1}", self.problems, {"number", "title", "measures"})
            measures = []
            for j, m in enumerate(sf.list("measures", required=True)):
                num = m.get("number") if isinstance(m, dict) else None
                mf = Fields(
                    m,
                    name,
                    f"tiltak {num or j + 1}",
                    self.problems,
                    {"number", "title", "description", "responsible", "deadline", "cost"},
                )
                measures.append(
                    Measure(
                        number=mf.str("number") or "",
                        title=mf.str("title") or "",
                        description=mf.str("description", required=False) or "",
                        responsible=mf.str("responsible") or "",
                        deadline=mf.str("deadline") or "",
                        cost=mf.str("cost", required=False, default=None),
                    )
                )
            strategies.append(Strategy(number=sf.int("number"), title=sf.str("title") or "", measures=tuple(measures)))
        return Measures(
            title=f.str("title") or "",
            period=f.str("period") or "",
            intro=f.str("intro") or "",
            strategies=tuple(strategies),
        )

    def _forms(self) -> list[ViolenceForm]:
        name = "voldsformer.yaml"
        allowed = {
            "id", "name", "plan_text", "definition", "examples", "everyday_words",
            "related", "duty_cards", "order", "supplementary",
        }
        forms = []
        for i, fid, where, f in self._entry_fields(name, "forms", "voldsform", allowed):
            supp_text, sources = None, ()
            supp = f.data.get("supplementary")
            if supp is not None:
                sf = Fields(supp, name, f"{where}, 'supplementary'", self.problems, {"text", "sources"})
                supp_text = sf.str("text")
                sources = self._sources(sf)
                if not sources:
                    self.problems.add(
                        name,
                        f"{where}: utfyllende tekst må oppgi sine offentlige kilder. Legg til 'sources:' under 'supplementary'.",
                    )
            plan_text = f.str("plan_text", required=False, default=None)
            definition = f.str("definition", required=False, default=None)
            if not (plan_text or definition or supp_text):
                self.problems.add(
                    name,
                    f"{where}: teksten mangler. Legg til planens tekst ('plan_text'/'definition') "
                    "eller en 'supplementary' med kilder.",
                )
            forms.append(
                ViolenceForm(
                    id=fid,
                    name=f.str("name") or "",
                    plan_text=plan_text,
                    definition=definition,
                    examples=f.str_list("examples"),
                    everyday_words=f.str_list("everyday_words"),
                    related=f.str_list("related"),
                    duty_cards=f.str_list("duty_cards"),
                    order=f.int("order", required=False, default=i + 1),
                    supplementary_text=supp_text,
                    sources=sources,
                )
            )
        return sorted(forms, key=lambda x: x.order)

    def _synonyms(self) -> dict[str, tuple[str, ...]]:
        name = "synonymer.yaml"
        data = self._yaml(name, required=False)
        if data is None:
            return {}
        groups = data.get("synonyms") if isinstance(data, dict) else None
        if not isinstance(groups, dict):
            self.problems.add(name, "filen må ha 'synonyms:' med ett ord per linje (ord: [ord som også skal gi treff]).")
            return {}
        out: dict[str, tuple[str, ...]] = {}
        for word, targets in groups.items():
            if isinstance(targets, str):
                targets = [targets]
            if not isinstance(word, str) or not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
                self.problems.add(name, f"synonyms: '{word}' må ha en liste med ord. Skriv '{word}: [ord, ord]'.")
                continue
            out[word.strip().lower()] = tuple(t.strip() for t in targets)
        return out

    def _concepts(self) -> tuple[list, str]:
        """The situation concepts (optional file) and the file's text, for line numbers."""
        data = self._yaml(CONCEPTS_FILE, required=False)
        if data is None:
            return [], ""
        text = self.files.texts.get(CONCEPTS_FILE, "")
        return parse_concepts(data, text, self.problems), text
