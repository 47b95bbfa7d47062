"""Markdown generated from content data: tables, measures, help list, forms.

Data lives in YAML so it can be checked and reused (charts, copy buttons); the
reader and the search index see it as ordinary Markdown sections.
"""

from __future__ import annotations

import html as htmllib

from handbook.content.model import SUPPLEMENTARY_BANNER, Contact, Measures, StatTable, ViolenceForm


def _cell(value: object) -> str:
    if value is None:
        return ""
    return str(value).replace("|", "\\|").replace("\n", " ")


def _fmt_number(value: object) -> str:
    if isinstance(value, int):
        return f"{value:,}".replace(",", "\u00a0") if value >= 10000 else str(value)
    return _cell(value)


def table_markdown(table: StatTable) -> str:
    """The table with its title, its source and, set apart, the handbook's editorial note.

    The title is the block's first line, so a "Tallgrunnlag:" line written straight above the
    placeholder (no blank line) becomes one paragraph with it instead of a line on its own.
    """
    head = "| " + " | ".join(_cell(c) for c in table.columns) + " |"
    sep = "|" + "|".join([" --- "] + [" ---: "] * (len(table.columns) - 1)) + "|"
    rows = ["| " + " | ".join(_fmt_number(v) for v in row) + " |" for row in table.rows]
    parts = [f"**{_cell(table.title)}**", "{: .tabelltittel }", "", head, sep, *rows, "",
             f"*Kilde: {_cell(table.source)}*", "{: .kilde }"]
    if table.note:
        parts += ["", _cell(table.note), "{: .merknad }"]
    return "\n".join(parts)


def chart_html(table: StatTable, scheme: str, table_is: str = "") -> str:
    """A titled chart of ``table``: a caption, then the image the reader draws for ``scheme:id``.

    Args:
        table_is: "under" or "over" when the table stands just below or above the chart.
    """
    title = htmllib.escape(table.title)
    where = f"tabellen {table_is}" if table_is else f"tabellen «{title}»"
    return (
        f'<p class="figur"><b>Figur: {title}</b><br>'
        f'<span class="figurtekst">Diagrammet er tegnet av håndboka fra tallene i {where}.</span></p>'
        f'<p class="diagram"><img src="{scheme}{htmllib.escape(table.id)}" alt="Figur: {title}"></p>'
    )


def measures_markdown(measures: Measures, level: int = 2) -> str:
    """Each strategy becomes a heading with a table of its measures."""
    hashes = "#" * level
    out: list[str] = []
    for strategy in measures.strategies:
        out.append(f"{hashes} Strategi {strategy.number}: {strategy.title} {{#strategi-{strategy.number}}}")
        out.append("")
        out.append("| Tiltak | Ansvar | Når/Frist | Kostnad |")
        out.append("| --- | --- | --- | --- |")
        for m in strategy.measures:
            what = f"**{_cell(m.number)} {_cell(m.title)}**"
            if m.description:
                what += f"<br>{_cell(m.description)}"
            cost = _cell(m.cost) if m.cost else "–"
            out.append(f"| {what} | {_cell(m.responsible)} | {_cell(m.deadline)} | {cost} |")
        out.append("")
    return "\n".join(out)


SUPPLEMENTARY_MARK = f"*{SUPPLEMENTARY_BANNER}:*"


def checked_note(contact: Contact) -> str:
    """What the entry's date means: compared with the plan's text (or the source), not rung."""
    against = "kilden" if contact.supplementary else "planens tekst"
    return (
        f"Numrene ble sist sammenlignet med {against} {contact.checked:%d.%m.%Y}. "
        "Det betyr ikke at de er ringt opp eller bekreftet hos tjenesten."
    )


def contact_markdown(contact: Contact) -> str:
    lines = [f"## {contact.name} {{#{contact.id}}}", ""]
    for n in contact.numbers:
        lines.append(f"- **{n.display}** – {n.label}")
    if contact.numbers:
        lines.append("")
    if contact.description:
        lines += [contact.description, ""]
    if contact.url:
        lines += [f"Nettside: [{contact.url}]({contact.url})", ""]
    if contact.tags:
        lines += ["For: " + ", ".join(contact.tags), ""]
    if contact.plan_text is not None:
        lines += [f"Fra planen (kap. 5): «{contact.plan_text}»", ""]
    else:
        lines += ["Denne oppføringen står ikke i planens hjelpeliste.", ""]
    if contact.supplement or contact.hours:
        lines += [SUPPLEMENTARY_MARK, ""]
        if contact.hours:
            lines += [f"Åpningstid: {contact.hours}.", ""]
        if contact.supplement:
            lines += [contact.supplement, ""]
        if contact.sources:
            lines += ["Kilder: " + "; ".join(_source_md(s) for s in contact.sources), ""]
    if contact.checked is not None:
        lines.append(checked_note(contact))
    return "\n".join(lines).rstrip()


def _link(target: str, titles: dict[str, str]) -> str:
    """A link to a known page or section; unknown targets stay text (the loader reports them once)."""
    return f"[{titles[target]}]({target})" if target in titles else target


def _source_md(source) -> str:
    return f"[{source.title}]({source.url})" if source.url else source.title


def form_markdown(form: ViolenceForm, card_titles: dict[str, str], section_titles: dict[str, str]) -> str:
    lines = [f"## {form.name} {{#{form.id}}}", ""]
    if form.plan_text:
        lines += [f"Fra planen: «{form.plan_text}»", ""]
    if form.definition:
        lines += [form.definition, ""]
    if form.examples:
        lines += ["Eksempler fra planen: " + ", ".join(form.examples) + ".", ""]
    if form.supplementary_text:
        lines += [
            SUPPLEMENTARY_MARK,
            "",
            form.supplementary_text,
            "",
        ]
        if form.sources:
            lines += ["Kilder: " + "; ".join(_source_md(s) for s in form.sources), ""]
    if form.everyday_words:
        lines += ["Kan beskrives som: " + ", ".join(f"«{w}»" for w in form.everyday_words), ""]
    if form.duty_cards:
        cards = ", ".join(_link(c, card_titles) for c in form.duty_cards)
        lines += ["Plikter som gjelder: " + cards, ""]
    if form.related:
        rel = ", ".join(_link(r, section_titles) for r in form.related)
        lines += ["Les mer i planen: " + rel, ""]
    return "\n".join(lines).rstrip()
