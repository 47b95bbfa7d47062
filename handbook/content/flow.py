"""The decision flowchart ("Hva gjør jeg nå?"): model, validation and its page. No Qt.

The flowchart is content (``content/flyt.yaml``) that a coordinator edits, so it
is read and checked like all other content. The loader calls three functions:

- :func:`parse_flow` reads the YAML into a :class:`Flow` (structure problems);
- :func:`flow_page` turns it into page ``flyt``, one section per node, so every
  step is exported and indexed (section id ``flyt#<node id>``);
- :func:`validate_flow` checks the graph once every page is known: unknown
  ``goto``/``next``/contact ids, unreachable nodes, cycles, sources and cards
  that do not resolve.

:class:`FlowWalk` is the path a user takes through the chart (answers, back,
restart, jump); the step view and the diagram share one.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field

from handbook.content.model import SUPPLEMENTARY_BANNER, Source

KINDS = ("question", "action", "info")
NODE_KEYS = {
    "id", "kind", "text", "source", "answers", "contacts", "next", "card", "detail", "keywords",
    "urgent", "supplementary", "supplement", "sources",
}
TOP_KEYS = {"start", "nodes", "intro"}
PAGE_ID = "flyt"
PAGE_TITLE = "Hva gjør jeg nå?"
PAGE_ORDER = 102
FILE = "flyt.yaml"
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Three or more digits (maybe grouped) look like a phone number: numbers belong in hjelpeliste.yaml.
_PHONE_LIKE = re.compile(r"\d[\d ]{1,}\d")
# A legal reference is not a phone number: "§ 196", "§§ 282 og 283", "§ 23 nr. 4".
_LAW_REF = re.compile(r"§§?\s*\d+(?:\s*[a-z]\b)?(?:\s*(?:og|til|–|-|,)\s*\d+(?:\s*[a-z]\b)?)*")


def phone_like(text: str) -> str | None:
    """The first run of digits in ``text`` that looks like a phone number (legal references excepted)."""
    found = _PHONE_LIKE.search(_LAW_REF.sub("§", text))
    return found.group(0) if found else None
END_NOTE = "Dette er siste steg. Skriv ut sammendraget av veien du har gått, til lederen din eller til notatet ditt."


@dataclass(frozen=True)
class Answer:
    """One answer to a question: the button label, the node it leads to, and an
    optional short form for the arrow in the diagram (the button shows ``label``)."""

    label: str
    goto: str
    short: str = ""

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

    @property
    def section_id(self) -> str:
        return f"{PAGE_ID}#{self.id}"

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


def step_number(node: Node, contact):
    """The number of ``contact`` meant for this step: on an urgent step its first
    emergency number, on any other step its first number that is not an emergency
    number (02800 before 112 for the police); else its first number. None if it has none."""
    return contact.number_for(node.urgent)


def primary_number(node: Node, contacts_by_id):
    """The (contact, number) a step shows largest, or None if it names no number:
    :func:`step_number` of the first of the step's contacts that has a number, so the
    stressed reader's eye lands on the number meant for this moment."""
    for cid in node.contacts:
        contact = contacts_by_id.get(cid)
        if contact is not None and contact.numbers:
            return contact, step_number(node, contact)
    return None


@dataclass(frozen=True)
class Flow:
    """The whole flowchart: a start node and its nodes (in file order)."""

    start: str
    nodes: tuple[Node, ...]
    intro: str = ""
    _by_id: dict = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {n.id: n for n in self.nodes})

    def node(self, node_id: str) -> Node | None:
        return self._by_id.get(node_id)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._by_id

    def edges(self) -> list[tuple[str, str, str]]:
        """Every edge as (from id, to id, label), only between known nodes."""
        return [(n.id, t, label) for n in self.nodes for label, t in n.targets() if t in self._by_id]

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

    def ends(self) -> list[str]:
        """Nodes with no way onward: where a path through the chart stops."""
        return [n.id for n in self.nodes if not n.targets()]

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

    def all_paths(self, limit: int = 10000) -> list[list[str]]:
        """Every distinct sequence of steps from start to an end (answers that lead to the same step count once)."""
        seen: dict[tuple[str, ...], None] = {}
        for route in self.all_routes(limit):
            seen.setdefault(tuple(nid for nid, _ in route), None)
        return [list(p) for p in seen]


# -- reading -----------------------------------------------------------------


def parse_flow(data, rel: str, problems) -> Flow | None:
    """Read ``flyt.yaml`` data into a :class:`Flow`, reporting structure problems.

    Returns None only when nothing usable is there (not a mapping, no nodes).
    """
    if not isinstance(data, dict):
        problems.add(rel, "filen må ha 'start:' og en liste med steg under 'nodes:'.")
        return None
    for key in data:
        if key not in TOP_KEYS:
            problems.add(rel, f"ukjent nøkkel '{key}'. Tillatte nøkler: {', '.join(sorted(TOP_KEYS))}.")
    raw_nodes = data.get("nodes")
    if not isinstance(raw_nodes, list) or not raw_nodes:
        problems.add(rel, "filen må ha en liste med steg under 'nodes:', og listen kan ikke være tom.")
        return None
    start = data.get("start")
    if not isinstance(start, str) or not start.strip():
        problems.add(rel, "'start:' mangler. Oppgi id-en til det første steget, f.eks. 'start: akutt'.")
        start = ""
    nodes: list[Node] = []
    seen: set[str] = set()
    for i, item in enumerate(raw_nodes):
        node = _parse_node(item, i, rel, problems)
        if node is None:
            continue
        if node.id in seen:
            problems.add(rel, f"steg '{node.id}': id-en er brukt to ganger. Gi hvert steg sin egen id.")
            continue
        seen.add(node.id)
        nodes.append(node)
    intro = data.get("intro") if isinstance(data.get("intro"), str) else ""
    return Flow(start=str(start).strip(), nodes=tuple(nodes), intro=(intro or "").strip())


def _text(item: dict, key: str) -> str:
    value = item.get(key)
    return value.strip() if isinstance(value, str) else ""


def _parse_node(item, index: int, rel: str, problems) -> Node | None:
    if not isinstance(item, dict):
        problems.add(rel, f"steg {index + 1} må være linjer med 'nøkkel: verdi' (id, kind, text, source, …).")
        return None
    nid = _text(item, "id")
    where = f"steg '{nid}'" if nid else f"steg {index + 1}"
    if not nid:
        problems.add(rel, f"{where}: 'id' mangler. Legg til 'id: en-kort-id'.")
        return None
    if not _ID.match(nid):
        problems.add(rel, f"{where}: id-en kan bare inneholde a–z, 0–9 og '-' (f.eks. 'ring-112').")
    for key in item:
        if key not in NODE_KEYS:
            problems.add(rel, f"{where}: ukjent nøkkel '{key}'. Tillatte nøkler: {', '.join(sorted(NODE_KEYS))}.")
    kind = _text(item, "kind")
    if kind not in KINDS:
        problems.add(rel, f"{where}: 'kind' må være en av {', '.join(KINDS)}, ikke '{kind}'.")
    text = _text(item, "text")
    if not text:
        problems.add(rel, f"{where}: 'text' mangler. Skriv spørsmålet, eller hva brukeren skal gjøre.")
    source = _text(item, "source")
    if not source:
        problems.add(
            rel,
            f"{where}: 'source' mangler. Oppgi planseksjonen eller pliktkortet steget bygger på "
            "(f.eks. plan/4-plikt-til-a-handle#plikt-til-a-avverge).",
        )
    answers = _answers(item, where, rel, problems)
    contacts = _str_list(item, "contacts", where, rel, problems)
    keywords = _str_list(item, "keywords", where, rel, problems)
    nxt = _text(item, "next") or None
    card = _text(item, "card") or None
    detail = _text(item, "detail")
    supplement = _text(item, "supplement")
    urgent = _flag(item, "urgent", where, rel, problems)
    supplementary = _flag(item, "supplementary", where, rel, problems)
    sources = _sources(item, where, rel, problems)
    if (supplementary or supplement) and not sources:
        problems.add(
            rel,
            f"{where}: et steg eller en del som ikke er fra planen, må oppgi offentlige kilder. Legg til "
            "'sources:' med '- title: …' og 'url: https://…'.",
        )
    checked = [("'text'", text), ("'detail'", detail), ("'supplement'", supplement)]
    checked += [(f"svaret '{a.label}'", f"{a.label} {a.short}") for a in answers]
    checked += [(f"søkeordet '{k}'", k) for k in keywords]
    for label, value in checked:
        found = phone_like(value)
        if found:
            problems.add(
                rel,
                f"{where}: {label} inneholder et nummer ('{found}'). Skriv telefonnumre bare i "
                "hjelpeliste.yaml, og før opp kontakten under 'contacts:'.",
            )
    if kind == "question":
        if len(answers) < 2:
            problems.add(
                rel, f"{where}: et spørsmål trenger minst to svar (hvert med 'label:' og 'goto:'), men har {len(answers)}."
            )
        if nxt:
            problems.add(rel, f"{where}: et spørsmål går videre via svarene sine. Fjern 'next:'.")
    elif answers:
        problems.add(rel, f"{where}: bare spørsmål ('question') kan ha 'answers:'. Bruk 'next:' for et steg av typen '{kind or '?'}'.")
    if kind == "action" and not nxt and not contacts:
        problems.add(
            rel,
            f"{where}: et handlingssteg ('action') trenger noen å kontakte eller et neste steg. Legg til "
            "'contacts: [id fra hjelpeliste.yaml]' eller 'next: <steg-id>'.",
        )
    return Node(
        id=nid,
        kind=kind,
        text=text,
        source=source,
        answers=answers,
        contacts=contacts,
        next=nxt,
        card=card,
        detail=detail,
        keywords=keywords,
        urgent=urgent,
        supplementary=supplementary,
        supplement=supplement,
        sources=sources,
    )


def _flag(item: dict, key: str, where: str, rel: str, problems) -> bool:
    value = item.get(key, False)
    if not isinstance(value, bool):
        problems.add(rel, f"{where}: '{key}' må være true eller false, ikke '{value}'.")
        return False
    return value


def _sources(item: dict, where: str, rel: str, problems) -> tuple[Source, ...]:
    raw = item.get("sources")
    if raw is None:
        return ()
    out = []
    for j, s in enumerate(raw if isinstance(raw, list) else [None]):
        title = _text(s, "title") if isinstance(s, dict) else ""
        url = _text(s, "url") if isinstance(s, dict) else ""
        if not title or (url and not url.startswith(("https://", "http://"))):
            problems.add(
                rel,
                f"{where}, kilde {j + 1}: skriv '- title: <tittel>' og 'url: https://…' (nettadressen er valgfri).",
            )
            continue
        out.append(Source(title=title, url=url or None))
    return tuple(out)


def _answers(item: dict, where: str, rel: str, problems) -> tuple[Answer, ...]:
    raw = item.get("answers")
    if raw is None:
        return ()
    if not isinstance(raw, list):
        problems.add(rel, f"{where}: 'answers' må være en liste med '- label: … / goto: …'.")
        return ()
    out = []
    for j, a in enumerate(raw):
        label = _text(a, "label") if isinstance(a, dict) else ""
        goto = _text(a, "goto") if isinstance(a, dict) else ""
        short = _text(a, "short") if isinstance(a, dict) else ""
        if not label or not goto:
            problems.add(rel, f"{where}, svar {j + 1}: oppgi både 'label:' (teksten på knappen) og 'goto:' (en steg-id).")
            continue
        out.append(Answer(label=label, goto=goto, short=short))
    return tuple(out)


def _str_list(item: dict, key: str, where: str, rel: str, problems) -> tuple[str, ...]:
    raw = item.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        problems.add(rel, f"{where}: '{key}' må være en liste med tekster, f.eks. [politiet].")
        return ()
    return tuple(x.strip() for x in raw)


# -- checking the graph ---------------------------------------------------------


def validate_flow(flow: Flow, section_ids, contact_ids, rel: str, problems) -> None:
    """Check references and the graph; every problem names the node and the fix."""
    known = {n.id for n in flow.nodes}
    ids_hint = ", ".join(n.id for n in flow.nodes)
    if flow.start and flow.start not in known:
        problems.add(rel, f"start '{flow.start}' viser ikke til noe steg. Bruk en av: {ids_hint}.")
    for node in flow.nodes:
        where = f"steg '{node.id}'"
        for a in node.answers:
            if a.goto not in known:
                problems.add(rel, f"{where}, svar '{a.label}': goto '{a.goto}' viser ikke til noe steg. Bruk en av: {ids_hint}.")
        if node.next and node.next not in known:
            problems.add(rel, f"{where}: next '{node.next}' viser ikke til noe steg. Bruk en av: {ids_hint}.")
        for cid in node.contacts:
            if cid not in contact_ids:
                problems.add(
                    rel,
                    f"{where}: kontakten '{cid}' finnes ikke i hjelpeliste.yaml. Bruk en av: {', '.join(sorted(contact_ids))}.",
                )
        for key, ref in (("source", node.source), ("card", node.card)):
            if ref and ref not in section_ids:
                problems.add(
                    rel,
                    f"{where}: {key} '{ref}' peker ikke til noen side eller seksjon. Bruk en id som "
                    "plan/4-plikt-til-a-handle#plikt-til-a-avverge eller veileder/avvergingsplikt.",
                )
    if flow.start in known:
        reachable = set(flow.reachable())
        for node in flow.nodes:
            if node.id not in reachable:
                problems.add(
                    rel,
                    f"steg '{node.id}' kan ikke nås fra start '{flow.start}'. La 'goto:' i et svar eller en "
                    "'next:' peke til steget, eller fjern det.",
                )
    cycle = find_cycle(flow)
    if cycle:
        loop = " → ".join(cycle)
        problems.add(
            rel,
            f"steg '{cycle[0]}' er del av en sløyfe ({loop}). Flytskjemaet må alltid gå framover: "
            "endre én 'goto:' eller 'next:' i sløyfen.",
        )


def find_cycle(flow: Flow) -> list[str]:
    """One cycle as node ids (first id repeated at the end), or [] if the chart is acyclic."""
    white, grey, black = 0, 1, 2
    colour = {n.id: white for n in flow.nodes}
    for root in [n.id for n in flow.nodes]:
        if colour[root] != white:
            continue
        stack: list[tuple[str, int]] = [(root, 0)]
        path: list[str] = [root]
        colour[root] = grey
        while stack:
            nid, i = stack[-1]
            targets = [t for _, t in flow.node(nid).targets() if t in colour]  # type: ignore[union-attr]
            if i < len(targets):
                stack[-1] = (nid, i + 1)
                t = targets[i]
                if colour[t] == grey:
                    return path[path.index(t):] + [t]
                if colour[t] == white:
                    colour[t] = grey
                    stack.append((t, 0))
                    path.append(t)
            else:
                colour[nid] = black
                stack.pop()
                path.pop()
    return []


# -- the page -----------------------------------------------------------------


def flow_page(flow: Flow, builder, contacts_by_id):
    """Build page ``flyt``: a title, then one ``## text {#node-id}`` section per node."""
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
        parts.append(node_markdown(flow, node, contacts_by_id))
        parts.append("")
        keywords[node.id] = _keywords(node, incoming.get(node.id, []), contacts_by_id)
    before = len(builder.links)
    page = builder.build(
        page_id=PAGE_ID,
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
    builder.links[before:] = [link for link in builder.links[before:] if link[3] not in refs]
    return page


def node_markdown(flow: Flow, node: Node, contacts_by_id) -> str:
    """One node as a Markdown section: text, answers, contacts with numbers, card and source."""
    lines = [f"## {_heading(node.text)} {{#{node.id}}}", ""]
    kind_label = {"question": "Spørsmål", "action": "Gjør dette", "info": "Viktig"}.get(node.kind, "")
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
        lines.append(f"{i}. **{a.label}** → [neste steg]({PAGE_ID}#{a.goto})")
    if node.answers:
        lines.append("")
    for cid in node.contacts:
        contact = contacts_by_id.get(cid)
        if contact is None:
            continue
        numbers = ", ".join(f"**{n.display}** ({n.label})" for n in contact.numbers)
        where = f": {numbers}" if numbers else ""
        url = f" – [{contact.url}]({contact.url})" if contact.url else ""
        lines.append(f"- [{contact.name}](hjelpeliste#{contact.id}){where}{url}")
    if node.contacts:
        lines.append("")
    if node.next:
        lines += [f"Så: [neste steg]({PAGE_ID}#{node.next})", ""]
    if node.is_end:
        lines += [END_NOTE, ""]
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


# -- walking the chart ------------------------------------------------------------


class FlowWalk:
    """The path a user takes: the nodes visited and the answer chosen at each.

    ``steps[i]`` is a node id; ``choices[i]`` is the label chosen to leave
    ``steps[i]`` (so ``len(choices) == len(steps) - 1``).
    """

    def __init__(self, flow: Flow):
        self.flow = flow
        self.steps: list[str] = [flow.start]
        self.choices: list[str] = []

    @property
    def current(self) -> Node:
        return self.flow.node(self.steps[-1])  # type: ignore[return-value]

    def answer(self, index: int) -> bool:
        """Choose answer ``index`` (0-based) of a question, or go on from an action/info (index 0)."""
        targets = self.current.targets()
        if not 0 <= index < len(targets):
            return False
        label, target = targets[index]
        if target not in self.flow:
            return False
        self.choices.append(label)
        self.steps.append(target)
        return True

    def back(self) -> bool:
        if len(self.steps) < 2:
            return False
        self.steps.pop()
        self.choices.pop()
        return True

    def restart(self) -> None:
        self.steps = [self.flow.start]
        self.choices = []

    def back_to(self, position: int) -> None:
        """Go back to ``steps[position]`` (a breadcrumb click)."""
        position = max(0, min(position, len(self.steps) - 1))
        del self.steps[position + 1:]
        del self.choices[position:]

    def jump(self, node_id: str) -> bool:
        """Go to ``node_id``: keep the walked path if it is on it, else take the shortest path from start."""
        if node_id not in self.flow:
            return False
        if node_id in self.steps:
            self.back_to(self.steps.index(node_id))
            return True
        path = self.flow.path_to(node_id)
        if not path:
            return False
        choices = []
        for a, b in zip(path, path[1:]):
            node = self.flow.node(a)
            choices.append(next(label for label, t in node.targets() if t == b))  # type: ignore[union-attr]
        self.steps, self.choices = path, choices
        return True

    def edges_taken(self) -> list[tuple[str, str]]:
        return list(zip(self.steps, self.steps[1:]))
