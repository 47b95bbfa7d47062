"""Printing and PDF for the flowchart.

- The whole diagram on A4 (landscape when it is wider than tall), black on
  white, with a title and the content version: on one page when its text stays
  readable there, else cut into bands over as many pages as needed.
- The path taken, as a summary to hand to a leader: each question with the
  answer chosen, each action with who to call and their numbers, the duty
  cards and the sources.
"""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QFont, QPainter, QTextDocument

from handbook.content.model import SUPPLEMENTARY_BANNER
from handbook.content.flow import primary_number, record_line, shown_contacts, step_number
from handbook.ui import paper as pages
from handbook.ui.safe_text import SafeDocument
from handbook.ui.flow.diagram import DiagramColors, DiagramScene
from handbook.ui.flow.step_text import section_title

PRINT_FONT_PT = 11.0
DIAGRAM_MARGIN_MM = 8.0


def _tr(text: str) -> str:
    return QCoreApplication.translate("FlowPrinting", text)


def paper_scene(handbook, steps: list[str]) -> DiagramScene:
    """A fresh scene in paper colours with the path highlighted."""
    font = QFont()
    font.setPointSizeF(PRINT_FONT_PT)
    scene = DiagramScene(handbook.flow, {c.id: c for c in handbook.contacts}, DiagramColors.paper(), font)
    scene.set_path(steps)
    return scene


def diagram_is_landscape(scene: DiagramScene) -> bool:
    """Landscape when the chart is wider than tall, or when it is too big for one readable
    portrait page (then it is printed in bands, and the wider landscape page keeps the text larger)."""
    rect = scene.sceneRect()
    if rect.width() > rect.height():
        return True
    width_pt, height_pt = 194 / 25.4 * 72, 281 / 25.4 * 72 - 40  # A4 portrait inside 8 mm margins, minus title/footer
    one_page = min(width_pt / rect.width(), height_pt / rect.height())  # points per scene px
    return scene.font_px * one_page < MIN_PRINT_PT


MIN_PRINT_PT = 7.0  # the diagram's text is never printed smaller; a tall chart goes over several pages


def paint_diagram(printer, handbook, steps: list[str]) -> float:
    """Paint the diagram on A4 (``printer`` is a QPrinter or a QPdfWriter): on one page when
    its text stays at least MIN_PRINT_PT there, else full page width, cut into horizontal
    bands, one per page (each page titled "side n av m").
    Returns the scale used (page px per scene px)."""
    scene = paper_scene(handbook, steps)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("could not start printing")
    try:
        page = QRectF(printer.pageLayout().paintRectPixels(printer.resolution()))
        page.moveTo(0, 0)
        title_font = QFont()
        title_font.setPointSizeF(13)
        title_font.setBold(True)
        painter.setFont(title_font)
        line = painter.fontMetrics().height()
        small = QFont()
        small.setPointSizeF(8)
        painter.setFont(small)
        foot = painter.fontMetrics().height()
        target = page.adjusted(0, line * 1.6, 0, -foot * 1.8)
        source = scene.sceneRect()
        one_page = min(target.width() / source.width(), target.height() / source.height())
        readable = MIN_PRINT_PT / 72 * printer.resolution() / scene.font_px  # page px per scene px
        scale = one_page if one_page >= readable else min(readable, target.width() / source.width())
        bands = _bands(scene, source, target.height() / scale) if one_page < readable else [(source.top(), source.bottom())]
        pages = len(bands)
        meta = handbook.meta
        footer = _tr("{title} · {owner} · innhold {version} ({date})").format(
            title=meta.title, owner=meta.owner, version=meta.content_version, date=f"{meta.content_date:%d.%m.%Y}"
        )
        for n in range(pages):
            if n:
                printer.newPage()
            title = _tr("Hva gjør jeg nå? – flytskjema")
            if pages > 1:
                title += " " + _tr("(side {n} av {m})").format(n=n + 1, m=pages)
            painter.setFont(title_font)
            painter.drawText(page, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), title)
            painter.setFont(small)
            painter.drawText(page, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), footer)
            top, bottom = bands[n]
            part = QRectF(source.x(), top, source.width(), bottom - top)
            w, h = part.width() * scale, part.height() * scale
            where = QRectF(target.x() + (target.width() - w) / 2, target.y(), w, h)
            scene.render(painter, where, part, Qt.AspectRatioMode.KeepAspectRatio)
    finally:
        painter.end()
    return scale


def _bands(scene: DiagramScene, source: QRectF, height: float) -> list[tuple[float, float]]:
    """Cut the chart into page-high bands, each cut just above a layer of boxes, so no box is split."""
    lay = scene.layout
    tops = sorted({min(lay.positions[n][1] for n in layer) - 6 for layer in lay.layers if layer})
    bands, start = [], source.top()
    while start < source.bottom() - 1:
        limit = start + height
        if limit >= source.bottom():
            bands.append((start, source.bottom()))
            break
        cuts = [y for y in tops if start + height * 0.3 < y <= limit]
        end = max(cuts) if cuts else limit
        bands.append((start, end))
        start = end
    return bands


def diagram_layout(handbook, steps: list[str]):
    """A4 for the diagram: landscape when it is wider than tall (or printed in bands), 8 mm margins."""
    return pages.a4_layout(diagram_is_landscape(paper_scene(handbook, steps)), margin_mm=DIAGRAM_MARGIN_MM)


def save_diagram_pdf(path: str, handbook, steps: list[str]) -> float:
    """Write the diagram as an A4 PDF, one page if it stays readable (QPdfWriter: the print system is not touched).

    Raises:
        atomic.WriteError: not saved (whole or not at all; see :func:`handbook.ui.paper.write_pdf`).
    """
    return pages.write_pdf(path, lambda writer: paint_diagram(writer, handbook, steps),
                           _tr("Hva gjør jeg nå? – flytskjema"), diagram_layout(handbook, steps))


def summary_html(handbook, steps: list[str], choices: list[str], when: dt.datetime | None = None) -> str:
    """The path taken as HTML: questions with answers, actions with contacts and numbers."""
    when = when or dt.datetime.now()
    flow = handbook.flow
    esc = html.escape
    out = [
        "<h1>" + esc(_tr("Hva gjør jeg nå? – sammendrag")) + "</h1>",
        "<p>"
        + esc(_tr("Skrevet ut {when}. Veien gjennom flytskjemaet, til leder eller for notatet ditt.")).format(
            when=f"{when:%d.%m.%Y %H:%M}"
        )
        + "</p>",
        "<ol>",
    ]
    for i, nid in enumerate(steps):
        node = flow.node(nid)
        if node is None:
            continue
        item = [f"<b>{esc(node.text)}</b>"]
        if i < len(choices) and node.kind == "question":
            item.append("<br>" + esc(_tr("Svar:")) + f" <b>{esc(choices[i])}</b>")
        if node.detail and node.kind != "question":
            item.append(f"<br>{esc(node.detail)}")
        if node.has_supplementary:
            lead = _tr("Dette steget står ikke i planen.") if node.supplementary else node.supplement
            item.append(f"<br><i>[{esc(SUPPLEMENTARY_BANNER)}] {esc(lead)}</i>")
            if node.sources:
                item.append("<br><small>" + esc(_tr("Kilder:")) + " " + esc("; ".join(_source(s) for s in node.sources)) + "</small>")
        contacts = {c.id: c for c in handbook.contacts}
        about = flow.about(steps[:i + 1], choices[:i])
        primary = primary_number(node, contacts, about)
        for cid in shown_contacts(node, contacts, about):
            c = contacts.get(cid)
            if c is None:
                continue
            big = primary[1].digits if primary and primary[0].id == cid else None
            first = step_number(node, c)
            ordered = sorted(c.numbers, key=lambda n: (n.digits != big, first is None or n.digits != first.digits))
            numbers = ", ".join(
                (f"<big><b>{esc(n.display).replace(' ', '&nbsp;')}</b></big>" if n.digits == big else
                 f"<b>{esc(n.display).replace(' ', '&nbsp;')}</b>") + f" ({esc(n.label)})"
                for n in ordered
            )
            url = f" {esc(c.url)}" if c.url else ""
            extra = []
            if c.supplementary:
                extra.append(_tr("står ikke i planens hjelpeliste"))
            if c.hours:
                extra.append(_tr("åpningstid: {h}").format(h=c.hours))
            note = f" <i>[{esc(SUPPLEMENTARY_BANNER)}: {esc('; '.join(extra))}]</i>" if extra else ""
            item.append(f"<br>☎ {esc(c.name)}: {numbers}{url}{note}")
        if node.is_end:
            record = record_line(flow, node, flow.about(steps, choices))
            if record:
                item.append("<br><b>" + esc(_tr("Hvor skriver du?")) + "</b> " + esc(record)
                            + f" <i>[{esc(SUPPLEMENTARY_BANNER)}]</i><br><small>" + esc(_tr("Kilder:")) + " "
                            + esc("; ".join(_source(s) for s in flow.record_sources)) + "</small>")
            item.append("<br><i>" + esc(_tr("Siste steg.")) + "</i>")
        refs = []
        if node.card:
            refs.append(esc(_tr("Les mer: {t}").format(t=section_title(handbook, node.card))))
        if node.source:
            refs.append(esc(_tr("Bygger på: {t}").format(t=section_title(handbook, node.source))))
        if refs:
            item.append("<br><i>" + " · ".join(refs) + "</i>")
        out.append("<li>" + "".join(item) + "</li>")
    out.append("</ol>")
    out.append(
        "<p>" + esc(_tr("Notater – hva som ble sagt og gjort, gjerne med de ordene som ble brukt; dato og klokkeslett:"))
        + "</p>"
    )
    out.append("<br><hr>" * 6)
    meta = handbook.meta
    footer = _tr("{title} · {owner} · innhold {version} ({date})").format(
        title=meta.title, owner=meta.owner, version=meta.content_version, date=f"{meta.content_date:%d.%m.%Y}"
    )
    out.append(f"<p><small>{esc(footer)}</small></p>")
    return "\n".join(out)


def _source(source) -> str:
    return f"{source.title} – {source.url}" if source.url else source.title


def summary_document(handbook, steps, choices) -> QTextDocument:
    doc = SafeDocument()
    font = QFont()
    font.setPointSizeF(11)
    doc.setDefaultFont(font)
    doc.setHtml(summary_html(handbook, steps, choices))
    return doc


def save_summary_pdf(path: str, handbook, steps, choices) -> None:
    """Write the path summary as an A4 PDF, paginated like a page (no print system).

    Raises:
        atomic.WriteError: not saved (whole or not at all).
    """
    pages.save_pdf(summary_document(handbook, steps, choices), path, _tr("Hva gjør jeg nå? – sammendrag"))


def print_summary(printer, handbook, steps, choices) -> None:
    """Print the path summary on ``printer``, paginated like a page."""
    doc = summary_document(handbook, steps, choices)
    pages.render(pages.paginate(doc, printer.pageLayout()), printer, _tr("Hva gjør jeg nå? – sammendrag"))
