"""The flowchart for the coordinator and the reviewer: every path as text, the graph as JSON. No Qt.

``handbook flow --paths`` prints :func:`paths_text`: first the shape of the chart
(:func:`route_summary`: how many routes, the fewest, median and most presses, and
how many routes never show a police number or end without a number), then each
path from the first question to a last step, the answers chosen, then every
number reached on the way. ``handbook flow --json`` prints :func:`graph` — the steps with their
contacts' numbers as digits — so a reviewer can check the chart without the app.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from handbook.content.flow import Flow, primary_number, record_line, shown_contacts

POLICE_EMERGENCY = "112"  # a contact with this number is the police


@dataclass(frozen=True)
class RouteSummary:
    """The shape of the chart: what a coordinator checks before reading the routes."""

    routes: int
    fewest: int  # presses (answers and "Neste") from the first question to a last step
    median: float
    most: int
    without_police: int  # routes on which no step shows the police's numbers
    ending_without_number: int  # routes whose last step has no number to call


def route_summary(flow: Flow, contacts_by_id) -> RouteSummary:
    """Count every route of the chart (two answers to the same step are two routes)."""
    routes = flow.all_routes()
    presses = [len(route) - 1 for route in routes] or [0]
    police = {cid for cid, c in contacts_by_id.items() if any(n.digits == POLICE_EMERGENCY for n in c.numbers)}
    without_police = sum(
        1 for route in routes
        if not any(set(shown_contacts(flow.node(nid), contacts_by_id, flow.route_about(route))) & police  # type: ignore[arg-type]
                   for nid, _ in route)
    )
    no_number = sum(1 for route in routes
                    if primary_number(flow.node(route[-1][0]), contacts_by_id, flow.route_about(route)) is None)
    return RouteSummary(len(routes), min(presses), statistics.median(presses), max(presses), without_police, no_number)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


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


def numbers_reached(flow: Flow, path: list[str], contacts_by_id, about: str = "") -> list[tuple[str, tuple[str, ...]]]:
    """(contact name, its numbers as digits) for each contact shown on ``path`` (for ``about``), once, in order."""
    seen: set[str] = set()
    out = []
    for nid in path:
        for cid in shown_contacts(flow.node(nid), contacts_by_id, about):  # type: ignore[arg-type]
            contact = contacts_by_id.get(cid)
            if contact is None or cid in seen or not contact.numbers:
                continue
            seen.add(cid)
            out.append((contact.name, tuple(n.digits for n in contact.numbers)))
    return out


def paths_text(flow: Flow, contacts_by_id) -> str:
    """Every path from start to a last step, readable: the steps with the answer chosen, then the numbers."""
    routes = flow.all_routes()
    shape = route_summary(flow, contacts_by_id)
    lines = [
        f"Flytskjemaet har {shape.routes} veier fra første spørsmål til et siste steg.",
        f"Trykk per vei (svar og «Neste»): færrest {shape.fewest}, median {_number(shape.median)}, flest {shape.most}.",
        f"Veier som ikke viser politiets nummer: {shape.without_police}.",
        f"Veier som slutter uten et nummer å ringe: {shape.ending_without_number}.",
        "",
        "Hver vei viser stegene med svaret som er valgt, så numrene brukeren får se på veien (bare dem som passer",
        "for den hun svarte for), og hvor siste steg sier hun skal skrive.",
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
        about = flow.route_about(route)
        reached = numbers_reached(flow, path, contacts_by_id, about)
        shown = "; ".join(f"{name}: {', '.join(digits)}" for name, digits in reached) or "ingen"
        lines.append(f"  Numre: {shown}")
        record = record_line(flow, end, about)  # type: ignore[arg-type]
        if record:
            lines.append(f"  Hvor skriver du? {record}")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
