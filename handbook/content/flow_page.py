"""The flowchart's page ``flyt``: one Markdown section per node, so every step is exported and indexed. No Qt."""

from __future__ import annotations

from handbook.content.flow import END_NOTE, FILE, PAGE_ORDER, PAGE_TITLE, STEP_KIND_LABELS, Flow, Node
from handbook.content.model import SUPPLEMENTARY_BANNER
from handbook.content.page_ids import FLOW, VIOLENCE_FORMS, section_id


def flow_page(flow: Flow, builder, contacts_by_id, form_names=None):
    """Build page ``flyt``: a title, then one ``## text {#node-id}`` section per node.

    ``form_names`` maps a form of violence's id to its name, for the links to its definition."""
    order = flow.reachable() + [n.id for n in flow.nodes if n.id not in set(flow.reachable())]
    parts = [f"# {PAGE_TITLE}", ""]
    parts.append(flow.intro or "Flytskjemaet leder deg steg for steg til hva du skal gjøre og hvem du kan ringe.")
    parts.append("")
    keywords: dict[str, tuple[str, ...]] = {"": ("hva gjør jeg", "flytskjema", "steg for steg")}
    incoming = _incoming(flow)
    for nid in order:
        node = flow.node(nid)
        if node is None:
            continue
        parts.append(node_markdown(flow, node, contacts_by_id, form_names))
        parts.append("")
        keywords[node.id] = _keywords(node, incoming.get(node.id, []), contacts_by_id)
    before = len(builder.links)
    page = builder.build(
        page_id=FLOW,
        title=PAGE_TITLE,
        order=PAGE_ORDER,
        kind="flow",
        source="Temaplan for å motvirke vold i nære relasjoner 2023–2027, kap. 4 og 5",
        body="\n".join(parts),
        rel=FILE,
        keywords=keywords,
    )
    # Sources and cards are checked by validate_flow with a message naming the node;
    # drop the loader's generic link check for them so each mistake is reported once.
    refs = {r for n in flow.nodes for r in (n.source, n.card) if r}
    refs |= {section_id(VIOLENCE_FORMS, f) for n in flow.nodes for f in n.forms}
    builder.links[before:] = [link for link in builder.links[before:] if link[3] not in refs]
    return page


def node_markdown(flow: Flow, node: Node, contacts_by_id, form_names=None) -> str:
    """One node as a Markdown section: text, answers, contacts with numbers, forms, card and source."""
    lines = [f"## {_heading(node.text)} {{#{node.id}}}", ""]
    kind_label = STEP_KIND_LABELS.get(node.kind, "")
    if kind_label:
        lines += [f"*{kind_label}*", ""]
    if node.supplementary:
        lines += [f"*{SUPPLEMENTARY_BANNER}.* Dette steget står ikke i planen.", ""]
    if node.detail:
        lines += [node.detail, ""]
    if node.supplement:
        lines += [f"*{SUPPLEMENTARY_BANNER}:* {node.supplement}", ""]
    if node.sources:
        lines += ["Kilder: " + "; ".join(f"[{s.title}]({s.url})" if s.url else s.title for s in node.sources), ""]
    # Answers link to their step by id only: repeating the next step's words here would make
    # a question outrank the step it leads to (a search for "akutt fare" must land on 112).
    for i, a in enumerate(node.answers, 1):
        lines.append(f"{i}. **{a.label}** → [neste steg]({section_id(FLOW, a.goto)})")
    if node.answers:
        lines.append("")
    for cid in node.contacts:
        contact = contacts_by_id.get(cid)
        if contact is None:
            continue
        numbers = ", ".join(f"**{n.display}** ({n.label})" for n in contact.numbers)
        where = f": {numbers}" if numbers else ""
        url = f" – [{contact.url}]({contact.url})" if contact.url else ""
        lines.append(f"- [{contact.name}]({contact.section_id}){where}{url}")
    if node.contacts:
        lines.append("")
    if node.next:
        lines += [f"Så: [neste steg]({section_id(FLOW, node.next)})", ""]
    if node.is_end:
        lines += [END_NOTE, ""]
    if node.forms:
        names = form_names or {}
        links = ", ".join(f"[{names.get(f, f)}]({section_id(VIOLENCE_FORMS, f)})" for f in node.forms)
        lines += [f"Hva er det? {links}", ""]
    if node.card:
        lines += [f"Les mer: [pliktkortet]({node.card})", ""]
    if node.source:
        lines += [f"Bygger på: [kilden]({node.source})", ""]
    return "\n".join(lines).rstrip()


def _heading(text: str) -> str:
    """Node text on one line, safe as a Markdown heading."""
    return " ".join(text.split()).replace("{", "(").replace("}", ")")


def _incoming(flow: Flow) -> dict[str, list[tuple[str, str]]]:
    """For each node: (question text, answer label) of the edges that lead to it."""
    out: dict[str, list[tuple[str, str]]] = {}
    for node in flow.nodes:
        for label, target in node.targets():
            out.setdefault(target, []).append((node.text if node.kind == "question" else "", label))
    return out


def _keywords(node: Node, incoming, contacts_by_id) -> tuple[str, ...]:
    """Search words: the node's own, the questions and answers leading here, contact names and numbers."""
    words = list(node.keywords)
    for question, label in incoming:
        if question:
            words += [question, label]
    for cid in node.contacts:
        contact = contacts_by_id.get(cid)
        if contact is None:
            continue
        words.append(contact.name)
        words += list(contact.tags)
        for n in contact.numbers:
            words.append(n.digits)
            if n.display != n.digits:
                words.append(n.display)
    seen: set[str] = set()
    return tuple(w for w in words if w and not (w in seen or seen.add(w)))
