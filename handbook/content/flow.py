"""The decision flowchart ("Hva gjør jeg nå?") as content: its model. No Qt.

The flowchart is content (``content/flyt.yaml``) that a coordinator edits, so it
is read and checked like all other content. The loader calls three functions:

- :func:`~handbook.content.flow_parse.parse_flow` reads the YAML into a :class:`Flow`
  (structure problems);
- :func:`~handbook.content.flow_page.flow_page` turns it into page ``flyt``, one section
  per node, so every step is exported and indexed (section id ``flyt#<node id>``);
- :func:`~handbook.content.flow_checks.validate_flow` checks the graph once every page is
  known: unknown ``goto``/``next``/contact ids, unreachable nodes, cycles, sources and
  cards that do not resolve.

The path a user takes through the chart is :class:`handbook.flowchart.walk.FlowWalk`.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from handbook.content.page_ids import FLOW, section_id

if TYPE_CHECKING:  # the model module holds the Handbook, which holds a Flow
    from handbook.content.model import Source

KINDS = ("question", "action", "info")
# What each kind of step is called in the step view, the diagram and the page's text: one wording.
STEP_KIND_LABELS = {"question": "Spørsmål", "action": "Gjør dette nå", "info": "Viktig"}
PAGE_TITLE = "Hva gjør jeg nå?"
PAGE_ORDER = 102
FILE = "flyt.yaml"
END_NOTE = "Dette er siste steg. Skriv ut sammendraget av veien du har gått, til lederen din eller til notatet ditt."


# The route is about nobody yet (the acute answers, before «Hvem er utsatt?»): every contact is shown,
# and the last step's «where to write» is the general one.
UNKNOWN = "ukjent"


@dataclass(frozen=True)
class Answer:
    """One answer to a question: the button label, the node it leads to, an optional
    short form for the arrow in the diagram (the button shows ``label``), and ``about``:
    whom the route is about from here on (``barn``, ``eldre``, ``voksen`` …), which
    decides the contacts shown (:func:`shown_contacts`) and where the last step says to
    write (:func:`record_line`)."""

    label: str
    goto: str
    short: str = ""
    about: str = ""

    @property
    def diagram_label(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class Node:
    """One step of the flowchart.

    Attributes:
        kind: ``question`` (answers), ``action`` (contacts and/or next) or ``info`` (next,
            or nothing when it is the last step).
        source: The plan section or duty card this step rests on (a section or page id).
        card: Optional duty card (section or page id) with more guidance.
        detail: Optional longer explanation under the text.
        urgent: An emergency step: an emergency number (112/113) is the number shown largest.
        supplementary: The whole step is beyond the plan (its sources say where it comes from).
        supplement: A part beyond the plan, shown under the plan's words with the banner.
        sources: Public sources for ``supplementary`` / ``supplement``.
        forms: Forms of violence (ids from ``voldsformer.yaml``) the step is about: the step
            links to their definitions («Hva er det? Økonomisk vold»).
        record: On a last step, where to write instead of the chart's line for whom the route
            is about (:func:`record_line`), e.g. the worker's own safety: a deviation report.
    """

    id: str
    kind: str
    text: str
    source: str
    answers: tuple[Answer, ...] = ()
    contacts: tuple[str, ...] = ()
    next: str | None = None
    card: str | None = None
    detail: str = ""
    keywords: tuple[str, ...] = ()
    urgent: bool = False
    supplementary: bool = False
    supplement: str = ""
    sources: tuple[Source, ...] = ()
    forms: tuple[str, ...] = ()
    record: str = ""
    line: int | None = field(default=None, compare=False)  # its 'id:' line in flyt.yaml, for messages

    @property
    def section_id(self) -> str:
        return section_id(FLOW, self.id)

    @property
    def is_end(self) -> bool:
        """The last step of a path: nothing comes after it."""
        return not self.answers and not self.next

    @property
    def has_supplementary(self) -> bool:
        """Any part of the step is beyond the plan (the whole step or a supplement)."""
        return self.supplementary or bool(self.supplement)

    def targets(self) -> list[tuple[str, str]]:
        """Outgoing edges as (label, node id): answers in order, then ``next``."""
        out = [(a.label, a.goto) for a in self.answers]
        if self.next:
            out.append(("Neste", self.next))
        return out


def tells_to_ring_emergency(node: Node) -> bool:
    """The step is urgent, or its instruction tells her to ring an emergency number («Er noen i fare
    nå, ring politiets nødnummer»): then the number it shows for the police is that one."""
    return node.urgent or "nødnummer" in node.text.lower()


def step_number(node: Node, contact):
    """The number of ``contact`` meant for this step: on a step that is urgent or tells her to ring
    an emergency number, its first emergency number; on any other step its first number that is
    not an emergency number (02800 before 112 for the police); else its first number. None if it
    has none."""
    return contact.number_for(tells_to_ring_emergency(node))


def shown_contacts(node: Node, contacts_by_id, about: str = "") -> tuple[str, ...]:
    """The step's contact ids that fit whom the route is about: a contact that says it is
    ``not_for`` that person (Vern for eldre is not for a child or an adult under 63) is left
    out; when nobody is known yet (``about`` empty or :data:`UNKNOWN`) every contact is shown."""
    if not about or about == UNKNOWN:
        return node.contacts
    return tuple(cid for cid in node.contacts
                 if about not in getattr(contacts_by_id.get(cid), "not_for", ()))


def primary_number(node: Node, contacts_by_id, about: str = ""):
    """The (contact, number) a step shows largest, or None if it names no number:
    :func:`step_number` of the first of the step's contacts (those shown for ``about``)
    that has a number, so the stressed reader's eye lands on the number meant for this moment."""
    for cid in shown_contacts(node, contacts_by_id, about):
        contact = contacts_by_id.get(cid)
        if contact is not None and contact.numbers:
            return contact, step_number(node, contact)
    return None


def record_line(flow: "Flow", node: Node, about: str = "") -> str:
    """Where to write, on a last step: the step's own ``record``, else the chart's line for
    whom the route is about, else its line for :data:`UNKNOWN`; "" on any other step."""
    if not node.is_end:
        return ""
    return node.record or flow.records.get(about or UNKNOWN) or flow.records.get(UNKNOWN, "")


@dataclass(frozen=True)
class Flow:
    """The whole flowchart: a start node and its nodes (in file order).

    ``records`` maps whom a route is about (an answer's ``about``, or :data:`UNKNOWN`) to the
    one line a last step shows about where to write; ``record_sources`` are its public sources."""

    start: str
    nodes: tuple[Node, ...]
    intro: str = ""
    records: dict = field(default_factory=dict, compare=False)
    record_sources: tuple = ()
    _by_id: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {n.id: n for n in self.nodes})

    def node(self, node_id: str) -> Node | None:
        return self._by_id.get(node_id)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._by_id

    def reachable(self) -> list[str]:
        """Node ids reachable from start, in breadth-first order."""
        return list(self._parents())

    def _parents(self) -> dict[str, str | None]:
        parents: dict[str, str | None] = {}
        if self.start not in self._by_id:
            return parents
        parents[self.start] = None
        queue = deque([self.start])
        while queue:
            nid = queue.popleft()
            for _, target in self._by_id[nid].targets():
                if target in self._by_id and target not in parents:
                    parents[target] = nid
                    queue.append(target)
        return parents

    def path_to(self, node_id: str) -> list[str]:
        """The shortest path of node ids from start to ``node_id`` ([] if unreachable)."""
        parents = self._parents()
        if node_id not in parents:
            return []
        path = [node_id]
        while parents[path[-1]] is not None:
            path.append(parents[path[-1]])  # type: ignore[arg-type]
        return path[::-1]

    def all_routes(self, limit: int = 10000) -> list[list[tuple[str, str]]]:
        """Every way from start to an end, as (node id, label chosen to leave it) pairs.

        Two answers that lead to the same step are two routes (a worker chooses an answer,
        not a step); the last pair's label is "". ``limit`` guards a broken chart.
        """
        routes: list[list[tuple[str, str]]] = []
        stack: list[list[tuple[str, str]]] = [[(self.start, "")]] if self.start in self._by_id else []
        while stack and len(routes) < limit:
            route = stack.pop()
            here = route[-1][0]
            targets = self._by_id[here].targets()
            if not targets:
                routes.append(route)
                continue
            visited = {nid for nid, _ in route}
            for label, target in reversed(targets):
                if target in self._by_id and target not in visited:
                    stack.append(route[:-1] + [(here, label), (target, "")])
        return routes

    def about(self, steps, choices) -> str:
        """Whom a walk is about: the ``about`` of the last answer chosen on it that has one ("" if none)."""
        found = ""
        for nid, label in zip(steps, choices):
            node = self._by_id.get(nid)
            answer = next((a for a in node.answers if a.label == label), None) if node else None
            if answer is not None and answer.about:
                found = answer.about
        return found

    def route_about(self, route) -> str:
        """:meth:`about` for a route of :meth:`all_routes`."""
        return self.about([nid for nid, _ in route], [label for _, label in route[:-1]])

    def audiences(self) -> set[str]:
        """Every ``about`` an answer of the chart sets."""
        return {a.about for n in self.nodes for a in n.answers if a.about}

    def all_paths(self, limit: int = 10000) -> list[list[str]]:
        """Every distinct sequence of steps from start to an end (answers that lead to the same step count once)."""
        seen: dict[tuple[str, ...], None] = {}
        for route in self.all_routes(limit):
            seen.setdefault(tuple(nid for nid, _ in route), None)
        return [list(p) for p in seen]
