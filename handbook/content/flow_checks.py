"""Checking the flowchart's graph once every page is known: references, reachability, cycles. No Qt."""

from __future__ import annotations

from handbook.content.flow import UNKNOWN, Flow
from handbook.content.page_ids import VIOLENCE_FORMS, section_id


def validate_flow(flow: Flow, section_ids, contact_ids, rel: str, problems, not_for=None) -> None:
    """Check references and the graph; every problem names the node and the fix.

    ``not_for`` maps a contact id to whom the help list says the chart does not show it for
    (its ``not_for``): each must be someone an answer's ``about`` names."""
    known = {n.id for n in flow.nodes}
    _check_audiences(flow, not_for or {}, rel, problems)
    ids_hint = ", ".join(n.id for n in flow.nodes)
    if flow.start and flow.start not in known:
        problems.add(rel, f"start '{flow.start}' viser ikke til noe steg. Bruk en av: {ids_hint}.")
    for node in flow.nodes:
        where, line = f"steg '{node.id}'", node.line  # every problem about a step is on its 'id:' line
        for a in node.answers:
            if a.goto not in known:
                problems.add(rel, f"{where}, svar '{a.label}': goto '{a.goto}' viser ikke til noe steg. Bruk en av: {ids_hint}.",
                             line)
        if node.next and node.next not in known:
            problems.add(rel, f"{where}: next '{node.next}' viser ikke til noe steg. Bruk en av: {ids_hint}.", line)
        for cid in node.contacts:
            if cid not in contact_ids:
                problems.add(
                    rel,
                    f"{where}: kontakten '{cid}' finnes ikke i hjelpeliste.yaml. Bruk en av: {', '.join(sorted(contact_ids))}.",
                    line,
                )
        forms = sorted(s.split("#", 1)[1] for s in section_ids if s.startswith(f"{VIOLENCE_FORMS}#"))
        for form in node.forms:
            if section_id(VIOLENCE_FORMS, form) not in section_ids:
                problems.add(
                    rel,
                    f"{where}: voldsformen '{form}' finnes ikke i voldsformer.yaml. Bruk en av: {', '.join(forms)}.",
                    line,
                )
        for key, ref in (("source", node.source), ("card", node.card)):
            if ref and ref not in section_ids:
                problems.add(
                    rel,
                    f"{where}: {key} '{ref}' peker ikke til noen side eller seksjon. Bruk en id som "
                    "plan/4-plikt-til-a-handle#plikt-til-a-avverge eller veileder/avvergingsplikt.",
                    line,
                )
    if flow.start in known:
        reachable = set(flow.reachable())
        for node in flow.nodes:
            if node.id not in reachable:
                problems.add(
                    rel,
                    f"steg '{node.id}' kan ikke nås fra start '{flow.start}'. La 'goto:' i et svar eller en "
                    "'next:' peke til steget, eller fjern det.",
                    node.line,
                )
    cycle = find_cycle(flow)
    if cycle:
        loop = " → ".join(cycle)
        problems.add(
            rel,
            f"steg '{cycle[0]}' er del av en sløyfe ({loop}). Flytskjemaet må alltid gå framover: "
            "endre én 'goto:' eller 'next:' i sløyfen.",
            flow.node(cycle[0]).line,  # type: ignore[union-attr]
        )


def _check_audiences(flow: Flow, not_for: dict, rel: str, problems) -> None:
    """Every ``about`` has a «where to write» line in ``records`` (when the chart has them), and
    every contact's ``not_for`` names someone an answer is about."""
    audiences = flow.audiences()
    if flow.records:
        for node in flow.nodes:
            for a in node.answers:
                if a.about and a.about not in flow.records:
                    problems.add(rel, f"steg '{node.id}', svar '{a.label}': about '{a.about}' har ingen linje under "
                                      f"'records:'. Legg til '{a.about}: <hvor du skriver>'.", node.line)
        if UNKNOWN not in flow.records:
            problems.add(rel, f"'records:' mangler linjen '{UNKNOWN}:' (hvor du skriver før «hvem» er besvart).")
    for cid, whom in sorted(not_for.items()):
        for who in whom:
            if who not in audiences:
                problems.add("hjelpeliste.yaml", f"kontakt '{cid}': not_for '{who}' er ikke et 'about' i flyt.yaml. "
                                                 f"Bruk en av: {', '.join(sorted(audiences)) or '(ingen)'}.")


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
