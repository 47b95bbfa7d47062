"""The flowchart for the coordinator and the reviewer: every path as text, the graph as JSON. No Qt.

``handbook flow --paths`` prints :func:`paths_text`: each path from the first
question to a last step, the answers chosen, then every number reached on the
way. ``handbook flow --json`` prints :func:`graph` — the steps with their
contacts' numbers as digits — so a reviewer can check the chart without the app.
"""

from __future__ import annotations

from handbook.content.flow import Flow


def graph(flow: Flow, contacts_by_id) -> dict:
    """The chart as plain data: ``{"start", "nodes": [{"id", "kind", "text", "source",
    "supplementary", "contacts": [{"id", "name", "numbers"}], "answers": [{"label", "goto"}], "next"}]}``.

    ``supplementary`` is true when any part of the step is beyond the plan (the
    whole step, or a supplement beside the plan's words). Numbers are digits only.
    """
    nodes = []
    for node in flow.nodes:
        contacts = []
        for cid in node.contacts:
            contact = contacts_by_id.get(cid)
            numbers = [n.digits for n in contact.numbers] if contact else []
            contacts.append({"id": cid, "name": contact.name if contact else "", "numbers": numbers})
        nodes.append(
            {
                "id": node.id,
                "kind": node.kind,
                "text": node.text,
                "source": node.source,
                "supplementary": node.has_supplementary,
                "contacts": contacts,
                "answers": [{"label": a.label, "goto": a.goto} for a in node.answers],
                "next": node.next,
            }
        )
    return {"start": flow.start, "nodes": nodes}


def numbers_reached(flow: Flow, path: list[str], contacts_by_id) -> list[tuple[str, tuple[str, ...]]]:
    """(contact name, its numbers as digits) for each contact on ``path``, once, in order of appearance."""
    seen: set[str] = set()
    out = []
    for nid in path:
        for cid in flow.node(nid).contacts:  # type: ignore[union-attr]
            contact = contacts_by_id.get(cid)
            if contact is None or cid in seen or not contact.numbers:
                continue
            seen.add(cid)
            out.append((contact.name, tuple(n.digits for n in contact.numbers)))
    return out


def paths_text(flow: Flow, contacts_by_id) -> str:
    """Every path from start to a last step, readable: the steps with the answer chosen, then the numbers."""
    routes = flow.all_routes()
    lines = [
        f"Flytskjemaet har {len(routes)} veier fra første spørsmål til et siste steg.",
        "Hver vei viser stegene med svaret som er valgt, og til slutt numrene brukeren får se på veien.",
        "",
    ]
    for i, route in enumerate(routes, 1):
        path = [nid for nid, _ in route]
        choices = [label for _, label in route[:-1]]
        end = flow.node(path[-1])
        lines.append(f"Vei {i} ({len(choices)} valg, slutter i «{end.id}»):")  # type: ignore[union-attr]
        for step, nid in enumerate(path, 1):
            node = flow.node(nid)
            text = " ".join(node.text.split())  # type: ignore[union-attr]
            after = f"  →  {choices[step - 1]}" if step <= len(choices) else "  (siste steg)"
            lines.append(f"  {step}. [{nid}] {text}{after}")
        reached = numbers_reached(flow, path, contacts_by_id)
        shown = "; ".join(f"{name}: {', '.join(digits)}" for name, digits in reached) or "ingen"
        lines.append(f"  Numre: {shown}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
