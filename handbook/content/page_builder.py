"""PageBuilder: a Markdown body → a :class:`Page` of rendered sections. No Qt.

Shared by the loader's Markdown pages and the pages generated from data files
(help list, forms of violence, flowchart): data placeholders ([[tabell:id]],
[[diagram:id]], [[tiltak]]) are expanded, the body is split into sections,
each is rendered, and every link is collected for the loader's reference check.
"""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

from handbook.content import generate, limits
from handbook.content.errors import Problems
from handbook.content.model import CHART_SCHEME, SUPPLEMENTARY_BANNER, Measures, Page, Section, Source, StatTable
from handbook.content.render import Renderer, anchor_html, html_to_text, section_number, split_sections

EDITORIAL_NOTE_LABEL = "Merknad fra håndboka:"
# [ \t]*, not \s*: \s* would swallow the blank line after the placeholder and run the text
# that follows (a note, the next sentence of the plan) into one paragraph with the table's last line.
_TABLE_PLACEHOLDER = re.compile(r"^\[\[tabell:([A-Za-z0-9_-]+)\]\][ \t\r]*$", re.M)
_CHART_PLACEHOLDER = re.compile(r"^\[\[diagram:([A-Za-z0-9_-]+)\]\][ \t\r]*$", re.M)
_MEASURES_PLACEHOLDER = re.compile(r"^\[\[tiltak\]\][ \t\r]*$", re.M)
# Stands for a chart while the Markdown is rendered; replaced by the chart's HTML after.
_CHART_MARK = "\ue000diagram:{}\ue000"
_CHART_STAND_IN = re.compile("<p>\ue000diagram:([A-Za-z0-9_-]+):(under|over|)\ue000</p>")


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
        self.section_count = 0  # headings of all pages so far (limits.MAX_SECTIONS_TOTAL)
        self._total_reported = False

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
        if not self._within_section_limits(raws, rel):  # checked before any of them is rendered
            return Page(id=page_id, title=title, order=order, kind=kind, source=source, sections=(), path=rel,
                        supplementary=supplementary, sources=sources, summary=summary)
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
                self.problems.add(rel, too_complex(exc), raw.line)
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

    def _within_section_limits(self, raws, rel: str) -> bool:
        """Whether the page's headings, and all pages' so far, stay within the limits (else a problem)."""
        headings = sum(1 for raw in raws if raw.level)
        if headings > limits.MAX_SECTIONS_PER_FILE:
            self.problems.add(rel, f"filen har {headings} overskrifter; grensen er {limits.MAX_SECTIONS_PER_FILE} per "
                                   "fil. Del siden i flere filer.")
            return False
        self.section_count += headings
        if self.section_count > limits.MAX_SECTIONS_TOTAL:
            if not self._total_reported:
                self._total_reported = True
                self.problems.add(rel, f"sidene har til sammen flere enn {limits.MAX_SECTIONS_TOTAL} overskrifter; "
                                       f"grensen er {limits.MAX_SECTIONS_TOTAL} i alle filene til sammen. Slå sammen "
                                       "eller fjern sider.")
            return False
        return True

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


def data_page(builder: PageBuilder, *, title: str, intro: str, parts: list[str], **page) -> Page:
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


def too_complex(exc: BaseException) -> str:
    limit = "for dypt nestet" if isinstance(exc, RecursionError) else "for stor"
    return (
        f"innholdet er {limit} til å leses (grensene står i content/README.md). "
        "Forenkle eller del opp filen."
    )

