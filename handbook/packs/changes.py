"""What changes between two handbooks, in words a worker reads: one summary for the app and the e-mail.

``compare(old, new)`` finds, per service in the help list, the numbers and opening hours added,
changed or removed (and a new name or description), the flowchart steps added, removed or changed,
and the pages changed; ``render_text`` is what ``handbook pack diff`` prints (the coordinator pastes
it into an e-mail to the services), ``render_html`` what the app shows before anything changes. Both
render the same lines of the same :class:`Summary`, so the words are the same.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from handbook.packs.manifest import Edition

NUMBERS = "Telefonnumre og åpningstider"
FLOW = "Flytskjemaet «Hva gjør jeg nå?»"
PAGES = "Sider"
OTHER = "Annet"
_MAX_LISTED = 6  # sections named for one changed page


@dataclass
class Group:
    """One service, step or page and what changed in it."""

    title: str
    lines: list[str] = field(default_factory=list)


@dataclass
class Summary:
    old: Edition | None
    new: Edition
    numbers: list[Group] = field(default_factory=list)
    flow: list[Group] = field(default_factory=list)
    pages: list[Group] = field(default_factory=list)
    other: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.numbers or self.flow or self.pages or self.other)

    def heading(self) -> str:
        if self.old is None:
            return f"Innholdsversjon {self.new.text()}"
        return f"Innholdsversjon {self.old.text()} → {self.new.text()}"

    def counts(self) -> str:
        """One line: how much changes (for the dialog's first line and the folder notice)."""
        parts = []
        if self.numbers:
            parts.append(_count(len(self.numbers), "tjeneste", "tjenester") + " i hjelpelisten")
        if self.flow:
            parts.append(_count(len(self.flow), "steg", "steg") + " i flytskjemaet")
        if self.pages:
            parts.append(_count(len(self.pages), "side", "sider"))
        if not parts:
            return "Ingen endringer i numre, flytskjema eller sider."
        return "Endret: " + ", ".join(parts) + "."

    def sections(self) -> list[tuple[str, list[Group], str]]:
        """(heading, groups, what to say when there are none)."""
        return [
            (NUMBERS, self.numbers, "Ingen numre eller åpningstider er endret."),
            (FLOW, self.flow, "Ingen steg er endret."),
            (PAGES, self.pages, "Ingen sider er endret."),
        ]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _number(n) -> str:
    return f"{n.display} ({n.label})" if n.label else n.display


# -- the help list ------------------------------------------------------------------


def _number_lines(old, new) -> list[str]:
    """Numbers of one service: the same digits are the same number (a new label is said); the
    rest is paired by label (a changed number) and what is left was added or removed."""
    lines: list[str] = []
    old_left, new_left = list(old.numbers), list(new.numbers)
    for n in list(new_left):
        match = next((o for o in old_left if o.digits == n.digits), None)
        if match is not None:
            old_left.remove(match)
            new_left.remove(n)
            if match.label != n.label:
                lines.append(f"Nummeret {n.display} heter nå «{n.label}» (før «{match.label}»).")
    for n in list(new_left):
        match = next((o for o in old_left if o.label == n.label), None)
        if match is not None:
            old_left.remove(match)
            new_left.remove(n)
            lines.append(f"Nummer endret: {match.display} → {n.display}" + (f" ({n.label})" if n.label else "") + ".")
    lines += [f"Nytt nummer: {_number(n)}." for n in new_left]
    lines += [f"Nummer fjernet: {_number(n)}." for n in old_left]
    return lines


def _hours_line(old: str, new: str) -> str | None:
    if old == new:
        return None
    if not old:
        return f"Åpningstider lagt til: {new}"
    if not new:
        return f"Åpningstider fjernet (var: {old})"
    return f"Åpningstider endret: {old} → {new}"


def _contacts(old_hb, new_hb) -> list[Group]:
    old = {c.id: c for c in old_hb.contacts}
    groups = []
    for c in new_hb.contacts:
        before = old.pop(c.id, None)
        if before is None:
            numbers = ", ".join(_number(n) for n in c.numbers) or "uten telefonnummer"
            group = Group(f"Ny i hjelpelisten: {c.name}", [f"Numre: {numbers}."])
            if c.hours:
                group.lines.append(f"Åpningstider: {c.hours}")
            groups.append(group)
            continue
        lines = []
        if before.name != c.name:
            lines.append(f"Nytt navn (før «{before.name}»).")
        lines += _number_lines(before, c)
        hours = _hours_line(before.hours, c.hours)
        if hours:
            lines.append(hours)
        if before.url != c.url:
            lines.append(f"Nettadresse endret: {before.url or 'ingen'} → {c.url or 'ingen'}.")
        if before.plan_text != c.plan_text and c.plan_text:
            lines.append(f"Planens tekst: «{' '.join(c.plan_text.split())}»")
        if before.description != c.description:
            lines.append("Beskrivelsen er endret.")
        if (before.supplement, before.sources) != (c.supplement, c.sources):
            lines.append("Den utfyllende veiledningen eller kildene er endret.")
        if lines:
            groups.append(Group(c.name, lines))
    for c in old.values():
        numbers = ", ".join(_number(n) for n in c.numbers) or "uten telefonnummer"
        groups.append(Group(f"Fjernet fra hjelpelisten: {c.name}", [f"Numrene var: {numbers}."]))
    return groups


# -- the flowchart -------------------------------------------------------------------


def _step_title(node) -> str:
    text = " ".join(node.text.split())
    return f"«{text if len(text) <= 90 else text[:87].rstrip() + ' …'}»"


def _flow(old_hb, new_hb) -> list[Group]:
    old_flow, new_flow = getattr(old_hb, "flow", None), getattr(new_hb, "flow", None)
    old = {n.id: n for n in old_flow.nodes} if old_flow is not None else {}
    names = {c.id: c.name for c in (*old_hb.contacts, *new_hb.contacts)}
    groups = []
    if new_flow is None:
        return [Group("Flytskjemaet er fjernet.", [])] if old else []
    if old_flow is not None and old_flow.start != new_flow.start:
        groups.append(Group("Flytskjemaet begynner med et annet steg.", []))
    for node in new_flow.nodes:
        before = old.pop(node.id, None)
        if before is None:
            groups.append(Group(f"Nytt steg: {_step_title(node)}", []))
            continue
        lines = []
        if before.text != node.text:
            lines.append(f"Teksten er endret (før: {_step_title(before)}).")
        if before.detail != node.detail:
            lines.append("Forklaringen under teksten er endret.")
        if [(a.label, a.goto) for a in before.answers] != [(a.label, a.goto) for a in node.answers] \
                or before.next != node.next:
            lines.append("Svarene, eller hvor de fører, er endret.")
        added = [names.get(c, c) for c in node.contacts if c not in before.contacts]
        removed = [names.get(c, c) for c in before.contacts if c not in node.contacts]
        if added:
            lines.append("Kontakt nå også: " + ", ".join(added) + ".")
        if removed:
            lines.append("Ikke lenger kontakt: " + ", ".join(removed) + ".")
        if not added and not removed and list(before.contacts) != list(node.contacts):
            lines.append("Rekkefølgen på hvem du kontakter er endret.")
        if before.urgent != node.urgent:
            lines.append("Steget er nå merket som akutt." if node.urgent else "Steget er ikke lenger merket som akutt.")
        if (before.supplementary, before.supplement, before.sources, before.card, before.source, before.forms) != \
                (node.supplementary, node.supplement, node.sources, node.card, node.source, node.forms):
            lines.append("Kilder, henvisninger eller utfyllende veiledning er endret.")
        if lines:
            groups.append(Group(f"Endret steg: {_step_title(node)}", lines))
    for node in old.values():
        groups.append(Group(f"Steg fjernet: {_step_title(node)}", []))
    return groups


# -- pages ---------------------------------------------------------------------------


# The help list and the flowchart are pages made from their data, which are compared above
# service by service and step by step; of these pages only the introduction is compared here.
_GENERATED = ("hjelpeliste", "flyt")


def _pages(old_hb, new_hb) -> list[Group]:
    old = {p.id: p for p in old_hb.pages}
    groups = []
    for page in new_hb.pages:
        before = old.pop(page.id, None)
        if before is None:
            groups.append(Group(f"Ny side: {page.title}", []))
            continue
        if page.id in _GENERATED:
            if before.sections[:1] and page.sections[:1] and before.sections[0].text != page.sections[0].text:
                groups.append(Group(f"Endret side: {page.title}", ["Innledningen er endret."]))
            continue
        old_sections = {s.id: s for s in before.sections}
        changed = []
        for s in page.sections:
            was = old_sections.pop(s.id, None)
            if was is None or (was.title, was.text) != (s.title, s.text):
                changed.append(s.title)
        changed += [s.title for s in old_sections.values()]
        if not changed and before.title == page.title:
            continue
        title = page.title if before.title == page.title else f"{page.title} (før «{before.title}»)"
        lines = []
        if changed:
            shown = "; ".join(changed[:_MAX_LISTED]) + (f" og {len(changed) - _MAX_LISTED} til" if len(changed) > _MAX_LISTED else "")
            lines.append(f"Endret: {shown}.")
        groups.append(Group(f"Endret side: {title}", lines))
    for page in old.values():
        groups.append(Group(f"Side fjernet: {page.title}", []))
    return groups


def compare(old_hb, new_hb) -> Summary:
    """What changes when ``new_hb`` replaces ``old_hb`` (``old_hb`` None: everything is new)."""
    new_meta = new_hb.meta
    summary = Summary(
        None if old_hb is None else Edition(old_hb.meta.content_version, old_hb.meta.content_date),
        Edition(new_meta.content_version, new_meta.content_date),
    )
    if old_hb is None:
        return summary
    summary.numbers = _contacts(old_hb, new_hb)
    summary.flow = _flow(old_hb, new_hb)
    summary.pages = _pages(old_hb, new_hb)
    old_meta = old_hb.meta
    if (old_meta.plan_title, old_meta.plan_period, old_meta.plan_signed) != \
            (new_meta.plan_title, new_meta.plan_period, new_meta.plan_signed):
        summary.other.append(f"Planen: {new_meta.plan_title}, vedtatt {new_meta.plan_signed.strftime('%d.%m.%Y')}.")
    if dict(old_hb.synonyms) != dict(new_hb.synonyms) or \
            [(c.id, c.words, c.contacts, c.cards) for c in old_hb.concepts] != \
            [(c.id, c.words, c.contacts, c.cards) for c in new_hb.concepts]:
        summary.other.append("Søket kjenner nye eller endrede hverdagsord (synonymer og situasjoner).")
    return summary


# -- rendering -----------------------------------------------------------------------


def render_text(summary: Summary) -> str:
    """The summary as plain text (``handbook pack diff``; an e-mail to the services)."""
    out = [summary.heading(), summary.counts(), ""]
    for heading, groups, none in summary.sections():
        out.append(f"{heading}:")
        if not groups:
            out.append(f"  {none}")
        for group in groups:
            out.append(f"  • {group.title}")
            out += [f"      {line}" for line in group.lines]
        out.append("")
    if summary.other:
        out.append(f"{OTHER}:")
        out += [f"  • {line}" for line in summary.other]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def render_html(summary: Summary) -> str:
    """The same summary for the app's dialog (a QTextBrowser with a safe document)."""
    e = html.escape
    out = [f"<p><b>{e(summary.heading())}</b><br>{e(summary.counts())}</p>"]
    for heading, groups, none in summary.sections():
        out.append(f"<h3>{e(heading)}</h3>")
        if not groups:
            out.append(f"<p>{e(none)}</p>")
            continue
        out.append("<ul>")
        for group in groups:
            lines = "".join(f"<br>{e(line)}" for line in group.lines)
            out.append(f"<li><b>{e(group.title)}</b>{lines}</li>")
        out.append("</ul>")
    if summary.other:
        out.append(f"<h3>{e(OTHER)}</h3><ul>" + "".join(f"<li>{e(line)}</li>" for line in summary.other) + "</ul>")
    return "".join(out)
