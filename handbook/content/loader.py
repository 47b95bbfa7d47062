"""Load a content folder into a validated :class:`Handbook`, or raise ContentError.

Steps (after MkDocs' build): read the data files → read each Markdown page's
front matter → expand data placeholders → split into sections → render →
resolve every link and reference. Every problem is collected, so one run of
``handbook check`` reports all of them; nothing is returned half-loaded.
"""

from __future__ import annotations

import html as htmllib
import re
from pathlib import Path
from typing import Any

from handbook.content import generate, limits, markup, phones
from handbook.content.concepts import parse_concepts, validate_concepts
from handbook.content.concepts import FILE as CONCEPTS_FILE
from handbook.content.flow import Flow
from handbook.content.flow_checks import validate_flow
from handbook.content.flow_page import flow_page
from handbook.content.flow_parse import parse_flow
from handbook.content.page_ids import HELP_LIST, VIOLENCE_FORMS
from handbook.content.errors import ContentError, Problem, Problems
from handbook.content.fields import Fields
from handbook.content.model import (
    CHART_SCHEME,
    Contact,
    Handbook,
    Measure,
    Measures,
    Meta,
    SUPPLEMENTARY_BANNER,
    Page,
    PhoneNumber,
    Section,
    Source,
    StatTable,
    Strategy,
    ViolenceForm,
)
from handbook.content.render import (
    INTERNAL_SCHEME,
    Renderer,
    anchor_html,
    html_to_text,
    section_number,
    split_sections,
)
from handbook.content.safeio import ContentFiles
from handbook.content.yamlio import as_date, date_problem, line_of, load_yaml_file, split_front_matter

CONTENT_FORMAT = 1
PAGE_KEYS = {"id", "title", "order", "source", "supplementary", "sources", "summary", "keywords"}
MARKDOWN_FOLDERS = (("plan", "plan"), ("veileder", "card"))
EDITORIAL_NOTE_LABEL = "Merknad fra håndboka:"
_PAGE_ID = re.compile(r"^[a-z0-9]+(?:[/-][a-z0-9]+)*$")
_ENTRY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# [ \t]*, not \s*: \s* would swallow the blank line after the placeholder and run the text
# that follows (a note, the next sentence of the plan) into one paragraph with the table's last line.
_TABLE_PLACEHOLDER = re.compile(r"^\[\[tabell:([A-Za-z0-9_-]+)\]\][ \t\r]*$", re.M)
_CHART_PLACEHOLDER = re.compile(r"^\[\[diagram:([A-Za-z0-9_-]+)\]\][ \t\r]*$", re.M)
_MEASURES_PLACEHOLDER = re.compile(r"^\[\[tiltak\]\][ \t\r]*$", re.M)
# Stands for a chart while the Markdown is rendered; replaced by the chart's HTML after.
_CHART_MARK = "\ue000diagram:{}\ue000"
_CHART_STAND_IN = re.compile("<p>\ue000diagram:([A-Za-z0-9_-]+):(under|over|)\ue000</p>")
_EXTERNAL_OK = ("https://", "http://", "mailto:", "tel:")


def load_handbook(content_dir: Path | str) -> Handbook:
    """Load and validate ``content_dir``.

    Raises:
        ContentError: with every problem found, each naming its file.
    """
    return _Loader(Path(content_dir)).load()


class PageBuilder:
    """Turns a Markdown body into a :class:`Page` of rendered sections.

    Shared by the loader and the generated pages (help list, forms, flowchart).
    """

    def __init__(self, problems: Problems, tables: dict[str, StatTable], measures: Measures | None):
        self.problems = problems
        self.tables = tables
        self.measures = measures
        self.renderer = Renderer()
        self.links: list[tuple[str, int, str, str]] = []  # (file, line, page id, target)

    def build(
        self,
        *,
        page_id: str,
        title: str,
        order: int,
        kind: str,
        source: str,
        body: str,
        rel: str,
        first_line: int = 1,
        supplementary: bool = False,
        sources: tuple[Source, ...] = (),
        summary: str = "",
        keywords: dict[str, tuple[str, ...]] | None = None,
    ) -> Page:
        """Build a page.

        Args:
            keywords: Extra search words per anchor ("" for the first section).
        """
        keywords = keywords or {}
        if self.measures is not None:
            body = _MEASURES_PLACEHOLDER.sub(lambda _: generate.measures_markdown(self.measures), body)
        raws = split_sections(body, first_line)
        if not raws or raws[0].level != 1:
            self.problems.add(rel, "teksten under toppteksten må begynne med én overskrift med '# ' (sidens tittel).", first_line)
        sections: list[Section] = []
        seen: set[str] = set()
        banner_at = _banner_position(raws) if supplementary else -1
        for i, raw in enumerate(raws):
            if raw.level == 0:
                continue
            anchor = "" if i == 0 and raw.level == 1 else raw.anchor
            if anchor in seen:
                self.problems.add(
                    rel, f"overskriften '{raw.title}' gjentar ankeret '#{anchor}'. Gi den sitt eget {{#anchor}}.", raw.line
                )
                continue
            seen.add(anchor)
            chunk, table_ids = self._expand_tables(raw.body, rel, raw.line)
            try:
                rendered, links = self.renderer.render(f"{'#' * raw.level} {raw.title}\n\n{chunk}")
            except (RecursionError, MemoryError) as exc:
                self.problems.add(rel, _too_complex(exc), raw.line)
                continue
            for message in self.renderer.refused:
                self.problems.add(rel, message, raw.line)
            rendered = _label_notes(self._insert_charts(rendered))
            for target in links:
                self.links.append((rel, raw.line, page_id, target))
            html = anchor_html(anchor) + rendered
            if i == banner_at:
                html = anchor_html(anchor) + _banner_html() + rendered
            sid = f"{page_id}#{anchor}" if anchor else page_id
            sections.append(
                Section(
                    id=sid,
                    page=page_id,
                    title=raw.title,
                    anchor=anchor,
                    level=raw.level,
                    kind=kind,
                    markdown=chunk,
                    html=html,
                    text=html_to_text(rendered),
                    number=section_number(raw.title),
                    keywords=tuple(keywords.get(anchor, ())),
                    parent_title=title,
                    tables=tuple(table_ids),
                )
            )
        if sources and sections:
            last = sections[-1]
            block = _sources_html(sources)
            sections[-1] = _replace(last, html=last.html + block, text=last.text + "\n" + html_to_text(block))
        return Page(
            id=page_id,
            title=title,
            order=order,
            kind=kind,
            source=source,
            sections=tuple(sections),
            path=rel,
            supplementary=supplementary,
            sources=sources,
            summary=summary,
        )

    def _expand_tables(self, body: str, rel: str, line: int) -> tuple[str, list[str]]:
        """Replace [[tabell:id]] by the table and [[diagram:id]] by a stand-in for its chart.

        A table with ``chart: true`` and no [[diagram:id]] in the same section gets its chart
        right after the table.
        """
        ids: list[str] = []
        placed = set(_CHART_PLACEHOLDER.findall(body))
        known = ", ".join(sorted(self.tables)) or "ingen"

        def table(match: re.Match) -> str:
            tid = match.group(1)
            table = self.tables.get(tid)
            if table is None:
                self.problems.add(rel, f"[[tabell:{tid}]] viser ikke til noen tabell i statistikk.yaml. Bruk en av: {known}.", line)
                return ""
            ids.append(tid)
            block = generate.table_markdown(table)
            if table.chart and tid not in placed:
                block += "\n\n" + _CHART_MARK.format(tid + ":over")
            return block

        def chart(match: re.Match) -> str:
            tid = match.group(1)
            table = self.tables.get(tid)
            if table is None:
                self.problems.add(rel, f"[[diagram:{tid}]] viser ikke til noen tabell i statistikk.yaml. Bruk en av: {known}.", line)
                return ""
            if not table.chart:
                self.problems.add(
                    rel, f"[[diagram:{tid}]]: tabellen har «chart: false» i statistikk.yaml. "
                    "Sett «chart: true» eller fjern plassholderen.", line,
                )
                return ""
            ids.append(tid)
            at = body.find(f"[[tabell:{tid}]]")
            return _CHART_MARK.format(tid + (":" if at < 0 else ":under" if at > match.start() else ":over"))

        body = _CHART_PLACEHOLDER.sub(chart, body)
        return _TABLE_PLACEHOLDER.sub(table, body), list(dict.fromkeys(ids))

    def _insert_charts(self, rendered: str) -> str:
        """Put each chart's HTML where its stand-in paragraph is."""

        def sub(match: re.Match) -> str:
            table = self.tables[match.group(1)]
            return generate.chart_html(table, CHART_SCHEME, table_is=match.group(2))

        return _CHART_STAND_IN.sub(sub, rendered)


def _banner_position(raws) -> int:
    """Where the supplementary banner goes: above the card's "Utfyllende veiledning"
    section, so the plan's own words above it are not mistaken for supplementary text;
    at the top when the card has no such section."""
    for i, raw in enumerate(raws):
        if raw.title.lower().startswith("utfyllende veiledning"):
            return i
    return 0


def _data_page(builder: PageBuilder, *, title: str, intro: str, parts: list[str], **page) -> Page:
    """A page generated from a data file: a title, an intro, then one section per entry."""
    body = f"# {title}\n\n{intro}\n\n" + "\n\n".join(parts)
    return builder.build(title=title, body=body, **page)


def _replace(section: Section, **changes: Any) -> Section:
    from dataclasses import replace

    return replace(section, **changes)


def _label_notes(rendered: str) -> str:
    """Open each editorial note (a paragraph marked ``{: .merknad }``) with its label, so it is
    not read as the plan's text, on screen, on paper and by a screen reader."""
    return rendered.replace('<p class="merknad">', f'<p class="merknad"><b>{EDITORIAL_NOTE_LABEL}</b> ')


def _banner_html() -> str:
    return (
        '<p class="supplementary" style="background-color:#fff4ce; color:#3b2e00; padding:6px;">'
        f"<b>{SUPPLEMENTARY_BANNER}.</b></p>"
    )


def _sources_html(sources: tuple[Source, ...]) -> str:
    items = []
    for s in sources:
        title = htmllib.escape(s.title)
        items.append(f'<li><a href="{htmllib.escape(s.url)}">{title}</a></li>' if s.url else f"<li>{title}</li>")
    return "<h3>Kilder</h3><ul>" + "".join(items) + "</ul>"


class _Loader:
    def __init__(self, root: Path):
        self.root = root
        self.problems = Problems()
        self.intros: dict[str, str] = {}  # a data file's own 'intro:' text, by file name
        self.files = ContentFiles(root, self.problems)
        self.current = ""  # the file being read, for a problem no check foresaw

    def rel(self, path: Path) -> str:
        return self.files.rel(path)

    def load(self) -> Handbook:
        if not self.root.is_dir():
            raise ContentError(
                [Problem(str(self.root), "innholdsmappen finnes ikke eller er ikke en mappe. Velg mappen som inneholder meta.yaml.")]
            )
        try:
            handbook = self._load()
        except ContentError:
            raise
        except (RecursionError, MemoryError) as exc:
            self.problems.add(self.current or "./", _too_complex(exc))
        except OSError as exc:
            from handbook.content.safeio import oserror_text

            self.problems.add(self.current or "./", f"kunne ikke leses ({oserror_text(exc)}). Sjekk filen og tilgangen til den.")
        except Exception:  # noqa: BLE001 - a loader bug must name the file, never show a traceback
            self.problems.add(
                self.current or "./",
                "filen kunne ikke leses: noe i den fikk kontrollen til å stoppe. Kontroller filen mot den leverte "
                "innholdsmappen, og meld fra om feilen.",
            )
        else:
            return handbook
        self._locate_lines()
        raise ContentError(self.problems.items)

    def _load(self) -> Handbook:
        meta = self._meta()
        contacts = self._contacts()
        tables = self._tables()
        measures = self._measures()
        forms = self._forms()
        synonyms = self._synonyms()
        concepts, concepts_text = self._concepts()
        builder = PageBuilder(self.problems, {t.id: t for t in tables}, measures)
        pages = self._markdown_pages(builder)
        card_titles = {p.id: p.title for p in pages}
        section_titles = {**card_titles, **{s.id: s.title for p in pages for s in p.sections}}
        pages.append(self._contacts_page(builder, contacts))
        pages.append(self._forms_page(builder, forms, card_titles, section_titles))
        flow, flow_page = self._flow(builder, contacts)
        if flow_page is not None:
            pages.append(flow_page)
        self._check_unique_pages(pages)
        self._check_references(builder, pages, forms)
        if flow is not None:
            self._validate_flow(flow, pages, contacts)
        if concepts:
            validate_concepts(
                concepts,
                {c.id for c in contacts},
                {p.id for p in pages} | {s.id for p in pages for s in p.sections},
                {f.id for f in forms},
                self.problems,
                concepts_text,
            )
        self._locate_lines()
        self.problems.raise_if_any()
        assert meta is not None and measures is not None
        return Handbook(
            meta=meta,
            pages=tuple(pages),
            contacts=tuple(contacts),
            forms=tuple(forms),
            tables=tuple(tables),
            measures=measures,
            synonyms=synonyms,
            flow=flow,
            concepts=tuple(concepts),
            fingerprint=self.files.fingerprint(f"format:{CONTENT_FORMAT}\n"),
            content_dir=str(self.root),
        )

    # -- data files ---------------------------------------------------------

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

    # -- pages -------------------------------------------------------------

    def _markdown_pages(self, builder: PageBuilder) -> list[Page]:
        pages: list[Page] = []
        for folder, kind in MARKDOWN_FOLDERS:
            base = self.root / folder
            files = self.files.markdown_files(base) if self.files.is_dir(base) else []
            if not files:
                self.problems.add(f"{folder}/", "mappen mangler eller har ingen .md-filer. Legg tilbake mappen fra den leverte innholdsmappen.")
            for path in files:
                page = self._markdown_page(builder, path, kind)
                if page is not None:
                    pages.append(page)
        return sorted(pages, key=lambda p: (p.kind != "plan", p.order, p.id))

    def _markdown_page(self, builder: PageBuilder, path: Path, kind: str) -> Page | None:
        rel = self.rel(path)
        self.current = rel
        text = self.files.read_text(path, rel)
        if text is None:
            return None
        front, body, first_line = split_front_matter(text, rel, self.problems)
        if front is None:
            return None
        refused = markup.markdown_problems(body)
        for offset, message in refused:
            self.problems.add(rel, message, first_line + offset)
        if refused:
            return None
        f = Fields(front, rel, "toppteksten", self.problems, PAGE_KEYS)
        page_id = f.str("id") or ""
        if page_id and not _PAGE_ID.match(page_id):
            f.add(f"id-en '{markup.short(page_id)}' kan bare inneholde a–z, 0–9, '-' og '/'.", "id")
        folder = path.parent.name
        if page_id and not page_id.startswith(folder + "/"):
            f.add(f"id-en '{markup.short(page_id)}' må begynne med '{folder}/', som mappen filen ligger i.", "id")
        supplementary = f.bool("supplementary")
        sources = self._sources(f)
        if supplementary and not sources:
            self.problems.add(rel, "toppteksten: utfyllende veiledning må oppgi sine offentlige kilder. Legg til 'sources:'.")
        page = builder.build(
            page_id=page_id,
            title=f.str("title") or "",
            order=f.int("order"),
            kind=kind,
            source=f.str("source") or "",
            body=body,
            rel=rel,
            first_line=first_line,
            supplementary=supplementary,
            sources=sources,
            summary=f.str("summary", required=False) or "",
            keywords={"": f.str_list("keywords")},
        )
        return page if f.ok else None

    def _contacts_page(self, builder: PageBuilder, contacts: list[Contact]) -> Page:
        keywords = {
            c.id: tuple([c.name, *c.tags, *(v for n in c.numbers for v in phones.variants(n.digits))])
            for c in contacts
        }
        return _data_page(
            builder,
            page_id=HELP_LIST,
            title="Hvem kan hjelpe?",
            order=100,
            kind="contact",
            source="Temaplan for å motvirke vold i nære relasjoner 2023–2027, kap. 5",
            intro=self.intros.get("hjelpeliste.yaml", ""),
            parts=[generate.contact_markdown(c) for c in contacts],
            rel="hjelpeliste.yaml",
            keywords=keywords,
        )

    def _forms_page(self, builder, forms, card_titles, section_titles) -> Page:
        return _data_page(
            builder,
            page_id=VIOLENCE_FORMS,
            title="Former for vold",
            order=101,
            kind="violence",
            source="Temaplan for å motvirke vold i nære relasjoner 2023–2027, kap. 2.1–2.2",
            intro="Vold i nære relasjoner omfatter flere former for vold (planen, kap. 2.1 og 2.2).",
            parts=[generate.form_markdown(f, card_titles, section_titles) for f in forms],
            rel="voldsformer.yaml",
            keywords={f.id: tuple([*f.everyday_words, *f.examples]) for f in forms},
        )

    def _flow(self, builder: PageBuilder, contacts: list[Contact]) -> tuple[Flow | None, Page | None]:
        name = "flyt.yaml"
        if not self.files.exists(self.root / name):
            return None, None
        data = self._yaml(name)
        if data is None:
            return None, None
        flow = parse_flow(data, name, self.problems)
        if flow is None:
            return None, None
        return flow, flow_page(flow, builder, {c.id: c for c in contacts})

    def _validate_flow(self, flow: Flow, pages: list[Page], contacts: list[Contact]) -> None:
        ids = {p.id for p in pages} | {s.id for p in pages for s in p.sections}
        validate_flow(flow, ids, {c.id for c in contacts}, "flyt.yaml", self.problems)

    # -- cross-checks --------------------------------------------------------

    def _check_unique_pages(self, pages: list[Page]) -> None:
        seen: dict[str, str] = {}
        for p in pages:
            if p.id in seen:
                self.problems.add(p.path, f"side-id-en '{p.id}' er også brukt i {seen[p.id]}. Hver id må være unik.")
            else:
                seen[p.id] = p.path

    def _line_of(self, rel: str, needle: str, fallback: int | None) -> int | None:
        """The line of ``needle`` in a content file that was read, for precise messages."""
        text = self.files.texts.get(rel, "")
        index = text.find(needle) if needle else -1
        return text.count("\n", 0, index) + 1 if index >= 0 else fallback

    def _locate_lines(self) -> None:
        """Give a line to problems reported without one, where the entry they name can be found.

        Checks outside this module (the flowchart's, for one) name an entry as "steg 'id'";
        its ``id: …`` line is where the coordinator should look.
        """
        for i, problem in enumerate(self.problems.items):
            if problem.line is not None:
                continue
            m = _NAMED_ENTRY.match(problem.message)
            text = self.files.texts.get(problem.file)
            if m is None or text is None:
                continue
            found = re.search(rf"^[ \t-]*id:[ \t]*[\"']?{re.escape(m.group(1))}[\"']?[ \t]*$", text, re.M)
            if found is not None:
                self.problems.items[i] = Problem(problem.file, problem.message, text.count("\n", 0, found.start()) + 1)

    def _check_references(self, builder: PageBuilder, pages: list[Page], forms: list[ViolenceForm]) -> None:
        section_ids = {s.id for p in pages for s in p.sections}
        page_ids = {p.id for p in pages}

        def resolves(target: str, page_id: str) -> bool:
            if target.startswith("#"):
                target = page_id + target
            return target in section_ids or target in page_ids

        for rel, line, page_id, target in builder.links:
            line = self._line_of(rel, f"]({target}", line)
            if target.startswith("img:"):
                self.problems.add(rel, f"bilder støttes ikke (appen laster aldri filer eller nettsider): '{target[4:]}'. Fjern bildet.", line)
            elif target.startswith(_EXTERNAL_OK):
                continue
            elif ":" in target.split("#")[0]:
                self.problems.add(rel, f"lenken '{target}' bruker en adressetype som ikke støttes. Bruk https:// eller en seksjons-id.", line)
            elif not resolves(target, page_id):
                self.problems.add(
                    rel,
                    f"lenken '{target}' peker ikke til noen side eller seksjon. "
                    "Kontroller id-en (f.eks. plan/4-plikt-til-a-handle#melde-til-barnevernet).",
                    line,
                )
        for form in forms:
            for ref in (*form.related, *form.duty_cards):
                if ref not in section_ids and ref not in page_ids:
                    self.problems.add(
                        "voldsformer.yaml",
                        f"voldsform '{form.id}': '{ref}' peker ikke til noen side eller seksjon. "
                        "Kontroller id-en i 'related' eller 'duty_cards'.",
                    )


_NAMED_ENTRY = re.compile(r"^[a-zæøå]+ '([a-z0-9-]+)'")


def _too_complex(exc: BaseException) -> str:
    limit = "for dypt nestet" if isinstance(exc, RecursionError) else "for stor"
    return (
        f"innholdet er {limit} til å leses (grensene står i content/README.md). "
        "Forenkle eller del opp filen."
    )


__all__ = ["load_handbook", "PageBuilder", "ContentError", "INTERNAL_SCHEME", "SUPPLEMENTARY_BANNER", "CHART_SCHEME",
           "EDITORIAL_NOTE_LABEL"]
