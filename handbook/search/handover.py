"""From what the search understood to the flowchart: the answers a reading implies. No Qt.

«Gå trinn for trinn med dette» opens the flowchart with these answers chosen (the path shows
them, «Tilbake» changes them), at the first step the reading cannot answer. Nothing here names a
node or an answer: each question's answer labels are read by the same reading layer as a query
(«Et barn eller en ungdom under 18 år» reads as *barn*), and an answer is chosen when it names
what the reading holds and no other answer of that question does:

- an answer that names a *who* («Et barn …», «En eldre person …», «Meg selv …») needs that who
  in the reading — the one harmed, when the reading knows who was harmed;
- an answer counts only the concepts no other answer of the question names, so a word that
  several answers share («vold» in «… et barn som ser eller hører vold» and «… den som utøver
  vold …») decides nothing;
- a step for danger now is chosen only for an urgent reading (its own urgent step first); for a
  calm reading only the worker's own safety step is, for the worker herself, and when the one
  answer left leads to no such step («Nei, ikke akkurat nå»), that is the answer.

The walk stops at an action or a last step (the user acts on it) and at a question the reading
does not answer clearly.
"""

from __future__ import annotations

from typing import Callable, Sequence

from handbook.search.reading import Reading

MARGIN = 1.25  # the chosen answer must count this much more than the next one
URGENT_STEP = 10.0  # the search's own urgent step for an urgent reading


def implied_answers(
    flow,
    concepts: Sequence,
    reading: Reading,
    read: Callable[[str], Reading],
    urgent_step: str | None = None,
) -> list[int]:
    """The answer indexes the reading implies, from the flowchart's start (see the module docstring).

    Args:
        flow: The flowchart (:class:`~handbook.content.flow.Flow`).
        concepts: The handbook's concepts (their kind, weight and cards).
        reading: What the search understood (as the user may have changed it).
        read: Reads a text as a query does (the answer labels).
        urgent_step: The node id of the step the search puts first for an urgent reading.
    """
    if flow is None or not reading.understood:
        return []
    by_id = {c.id: c for c in concepts}
    weight = {u.id: u.strength * getattr(by_id.get(u.id), "weight", 1.0) for u in reading.understood}
    whos = {u.id for u in reading.understood if u.kind == "who"}
    harmed = {u.id for u in reading.understood if u.kind == "who" and u.harmed}
    cards = {card for u in reading.understood for card in getattr(by_id.get(u.id), "cards", ())}
    answers: list[int] = []
    node = flow.node(flow.start)
    seen: set[str] = set()
    while node is not None and node.kind == "question" and node.id not in seen:
        seen.add(node.id)
        labels = [set(read(a.label).ids) for a in node.answers]
        allowed, scores = [], []
        for i, answer in enumerate(node.answers):
            target = flow.node(answer.goto)
            ok = target is not None and (reading.urgent or not target.urgent or _own_urgent_step(flow, target, cards))
            allowed.append(ok)
            scores.append(_score(i, labels, by_id, weight, harmed or whos) if ok else 0.0)
            if ok and reading.urgent and answer.goto == urgent_step:
                scores[-1] += URGENT_STEP
        choice = _choice(allowed, scores, [a.goto for a in node.answers])
        if choice is None:
            break
        answers.append(choice)
        node = flow.node(node.answers[choice].goto)
    return answers


def _own_urgent_step(flow, target, cards: set[str]) -> bool:
    """A step for danger now that is a concept's own (the worker's safety: only urgent steps cite its card)."""
    return bool(target.card) and target.card in cards and all(n.urgent for n in flow.nodes if n.card == target.card)


def _score(i: int, labels: list[set[str]], by_id: dict, weight: dict[str, float], who_wanted: set[str]) -> float:
    ids = labels[i]
    label_whos = {c for c in ids if getattr(by_id.get(c), "kind", "") == "who"}
    if label_whos and not label_whos & who_wanted:
        return 0.0  # «Et barn …» when the one harmed is not a child
    others = set().union(*(labels[:i] + labels[i + 1:]))
    return sum(weight[c] for c in ids - others if c in weight)


def _choice(allowed: list[bool], scores: list[float], targets: list[str]) -> int | None:
    """The answer that counts clearly more than any answer leading elsewhere (two answers to the
    same step are one choice), or the one answer allowed when none counts."""
    options = sorted((s, -i) for i, (ok, s) in enumerate(zip(allowed, scores)) if ok)
    if not options:
        return None
    best, index = options[-1]
    rivals = [s for s, i in options if targets[-i] != targets[-index]]
    if best > 0 and (not rivals or best >= MARGIN * max(rivals)):
        return -index
    if best <= 0 and len({targets[-i] for _, i in options}) == 1:
        return -index  # the one answer a calm reading can give («Nei, ikke akkurat nå»)
    return None
