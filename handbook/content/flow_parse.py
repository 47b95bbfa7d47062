"""Reading ``flyt.yaml`` into a :class:`~handbook.content.flow.Flow`, reporting structure problems. No Qt."""

from __future__ import annotations

import re

from handbook.content.flow import KINDS, Answer, Flow, Node
from handbook.content.model import Source

NODE_KEYS = {
    "id", "kind", "text", "source", "answers", "contacts", "next", "card", "detail", "keywords",
    "urgent", "supplementary", "supplement", "sources",
}
TOP_KEYS = {"start", "nodes", "intro"}
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# Three or more digits (maybe grouped) look like a phone number: numbers belong in hjelpeliste.yaml.
_PHONE_LIKE = re.compile(r"\d[\d ]{1,}\d")
# A legal reference is not a phone number: "§ 196", "§§ 282 og 283", "§ 23 nr. 4".
_LAW_REF = re.compile(r"§§?\s*\d+(?:\s*[a-z]\b)?(?:\s*(?:og|til|–|-|,)\s*\d+(?:\s*[a-z]\b)?)*")


def phone_like(text: str) -> str | None:
    """The first run of digits in ``text`` that looks like a phone number (legal references excepted)."""
    found = _PHONE_LIKE.search(_LAW_REF.sub("§", text))
    return found.group(0) if found else None


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
