"""Reading ``flyt.yaml`` into a :class:`~handbook.content.flow.Flow`, reporting structure problems. No Qt.

A step is declared once, as :data:`STEP` (:mod:`handbook.content.schema`): its keys in
reading order, and the checks across them. Every problem about a step is shown on the
step's ``id:`` line, where the coordinator looks for it. The file's own keys (``start``,
``nodes``, ``intro``, ``records``, ``record_sources``) are :data:`FLOW_TOP`, read by the
same engine: a problem about one of them is on its line.
"""

from __future__ import annotations

import re

from handbook.content.flow import KINDS, Answer, Flow, Node
from handbook.content.schema import (
    ENTRY,
    STOP,
    Entry,
    Key,
    MapOf,
    Option,
    Rule,
    Schema,
    Sources,
    UnknownKeys,
    id_lines,
    is_id,
    is_web_address,
    lacks_sources,
    read_file,
)
from handbook.content.yamlio import line_of

# Three or more digits (maybe grouped) look like a phone number: numbers belong in hjelpeliste.yaml.
_PHONE_LIKE = re.compile(r"\d[\d ]{1,}\d")
# A legal reference is not a phone number: "§ 196", "§§ 282 og 283", "§ 23 nr. 4".
_LAW_REF = re.compile(r"§§?\s*\d+(?:\s*[a-z]\b)?(?:\s*(?:og|til|–|-|,)\s*\d+(?:\s*[a-z]\b)?)*")


def phone_like(text: str) -> str | None:
    """The first run of digits in ``text`` that looks like a phone number (legal references excepted)."""
    found = _PHONE_LIKE.search(_LAW_REF.sub("§", text))
    return found.group(0) if found else None


# -- the flowchart's key types (a wrong type reads as empty; the checks below say what is missing) --------


def _text(item, key: str) -> str:
    value = item.get(key) if isinstance(item, dict) else None
    return value.strip() if isinstance(value, str) else ""


class StepText(Option):
    def read(self, entry: Entry, key: str) -> str:
        return _text(entry.data, key)


class StepFlag(Option):
    def read(self, entry: Entry, key: str) -> bool:
        value = entry.data.get(key, False)
        if not isinstance(value, bool):
            entry.add(f"'{key}' må være true eller false, ikke '{value}'.")
            return False
        return value


class StepTextList(Option):
    def read(self, entry: Entry, key: str) -> tuple[str, ...]:
        raw = entry.data.get(key)
        if raw is None:
            return ()
        if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
            entry.add(f"'{key}' må være en liste med tekster, f.eks. [politiet].")
            return ()
        return tuple(x.strip() for x in raw)


def _stop(message: str):
    """A check that reports ``message`` on the entry and reads no further."""

    def report(entry: Entry, *_values) -> object:
        entry.add(message)
        return STOP

    return report


_WHOLE_ANSWER = "oppgi både 'label:' (teksten på knappen) og 'goto:' (en steg-id)."
ANSWER = Schema(
    Key("label", StepText()), Key("goto", StepText()), Key("short", StepText()), Key("about", StepText()),
    Rule(lambda entry, v: None if v["label"] and v["goto"] else _stop(_WHOLE_ANSWER)(entry)),
    not_mapping=_stop(_WHOLE_ANSWER),
)


class Answers(Option):
    def read(self, entry: Entry, key: str) -> tuple[Answer, ...]:
        raw = entry.data.get(key)
        if raw is None:
            return ()
        if not isinstance(raw, list):
            entry.add("'answers' må være en liste med '- label: … / goto: …'.")
            return ()
        out = []
        for j, item in enumerate(raw):
            v = ANSWER.read(item, entry.rel, f"{entry.where}, svar {j + 1}", entry.problems, anchor=entry.anchor, lines=ENTRY)
            if v.ok:
                out.append(Answer(label=v["label"], goto=v["goto"], short=v["short"], about=v["about"]))
        return tuple(out)


_WHOLE_SOURCE = "skriv '- title: <tittel>' og 'url: https://…' (nettadressen er valgfri)."
SOURCE = Schema(
    Key("title", StepText()), Key("url", StepText()),
    Rule(lambda entry, v: None if v["title"] and (not v["url"] or is_web_address(v["url"])) else _stop(_WHOLE_SOURCE)(entry)),
    not_mapping=_stop(_WHOLE_SOURCE),
)
SOURCES = Sources(SOURCE, lambda entry, key: [] if entry.data.get(key) is None else
                  (entry.data[key] if isinstance(entry.data[key], list) else [None]), keep_bad=False)


STEP_SOURCES = Schema(Key("sources", SOURCES), not_mapping=_stop(_WHOLE_SOURCE))  # the chart's 'record_sources', read as a step's 'sources'


# -- the checks across a step's keys ------------------------------------------------------------


def _not_a_step(entry: Entry) -> object:
    entry.problems.add(entry.rel, f"{entry.where} må være linjer med 'nøkkel: verdi' (id, kind, text, source, …).",
                       entry.anchor)
    return STOP


def _id(entry: Entry, v: dict):
    if not v["id"]:
        entry.add("'id' mangler. Legg til 'id: en-kort-id'.")
        return STOP
    if not is_id(v["id"]):
        entry.add("id-en kan bare inneholde a–z, 0–9 og '-' (f.eks. 'ring-112').")
    return None


def _kind(entry: Entry, v: dict) -> None:
    if v["kind"] not in KINDS:
        entry.add(f"'kind' må være en av {', '.join(KINDS)}, ikke '{v['kind']}'.")


def _required(key: str, message: str):
    return Rule(lambda entry, v: None if v[key] else entry.add(message, key))


def _beyond_the_plan_has_sources(entry: Entry, v: dict) -> None:
    if lacks_sources(v["supplementary"] or bool(v["supplement"]), v["sources"]):
        entry.add("et steg eller en del som ikke er fra planen, må oppgi offentlige kilder. Legg til "
                  "'sources:' med '- title: …' og 'url: https://…'.")


def _no_phone_numbers(entry: Entry, v: dict) -> None:
    checked = [("'text'", v["text"]), ("'detail'", v["detail"]), ("'supplement'", v["supplement"]),
               ("'record'", v["record"])]
    checked += [(f"svaret '{a.label}'", f"{a.label} {a.short}") for a in v["answers"]]
    checked += [(f"søkeordet '{k}'", k) for k in v["keywords"]]
    for label, value in checked:
        found = phone_like(value)
        if found:
            entry.add(f"{label} inneholder et nummer ('{found}'). Skriv telefonnumre bare i "
                      "hjelpeliste.yaml, og før opp kontakten under 'contacts:'.")


def _fits_its_kind(entry: Entry, v: dict) -> None:
    kind, answers = v["kind"], v["answers"]
    if kind == "question":
        if len(answers) < 2:
            entry.add(f"et spørsmål trenger minst to svar (hvert med 'label:' og 'goto:'), men har {len(answers)}.")
        if v["next"]:
            entry.add("et spørsmål går videre via svarene sine. Fjern 'next:'.")
    elif answers:
        entry.add(f"bare spørsmål ('question') kan ha 'answers:'. Bruk 'next:' for et steg av typen '{kind or '?'}'.")
    if kind == "action" and not v["next"] and not v["contacts"]:
        entry.add("et handlingssteg ('action') trenger noen å kontakte eller et neste steg. Legg til "
                  "'contacts: [id fra hjelpeliste.yaml]' eller 'next: <steg-id>'.")


STEP = Schema(
    Key("id", StepText()),
    Rule(_id),
    UnknownKeys("ukjent nøkkel '{key}'. Tillatte nøkler: {allowed}.", fatal=False),
    Key("kind", StepText()),
    Rule(_kind),
    Key("text", StepText()),
    _required("text", "'text' mangler. Skriv spørsmålet, eller hva brukeren skal gjøre."),
    Key("source", StepText()),
    _required("source", "'source' mangler. Oppgi planseksjonen eller pliktkortet steget bygger på "
                        "(f.eks. plan/4-plikt-til-a-handle#plikt-til-a-avverge)."),
    Key("answers", Answers()),
    Key("contacts", StepTextList()),
    Key("keywords", StepTextList()),
    Key("forms", StepTextList()),  # ids from voldsformer.yaml: the step links to their definitions
    Key("next", StepText()),
    Key("card", StepText()),
    Key("detail", StepText()),
    Key("supplement", StepText()),
    Key("record", StepText()),  # a last step's own «where to write» (else the chart's 'records' line)
    Key("urgent", StepFlag()),
    Key("supplementary", StepFlag()),
    Key("sources", SOURCES),
    Rule(_beyond_the_plan_has_sources),
    Rule(_no_phone_numbers),
    Rule(_fits_its_kind),
    not_mapping=lambda entry: _not_a_step(entry),
)


# -- the file ---------------------------------------------------------------------------------------


class Steps(Option):
    """``nodes:`` every step read with :data:`STEP`, each step's problems on its ``id:`` line (a step
    without a usable id: on its own line); a step whose id is used before is reported and left out.
    None when there is no list of steps (the chart has nothing to show)."""

    def read(self, entry: Entry, key: str) -> tuple[Node, ...] | None:
        raw = entry.data.get(key)
        if not isinstance(raw, list) or not raw:
            entry.bad("filen må ha en liste med steg under 'nodes:', og listen kan ikke være tom.", key)
            return None
        anchors = id_lines(raw)
        nodes: list[Node] = []
        seen: set[str] = set()
        for i, item in enumerate(raw):
            nid = _text(item, "id")
            line = anchors.get(nid)
            anchor = line or line_of(raw, i)
            v = STEP.read(item, entry.rel, f"steg '{nid}'" if nid else f"steg {i + 1}", entry.problems,
                          anchor=anchor, lines=ENTRY)
            if not v.ok:
                continue
            if nid in seen:
                entry.problems.add(entry.rel, f"steg '{nid}': id-en er brukt to ganger. Gi hvert steg sin egen id.", anchor)
                continue
            seen.add(nid)
            nodes.append(Node(
                id=nid, kind=v["kind"], text=v["text"], source=v["source"], answers=v["answers"],
                contacts=v["contacts"], next=v["next"] or None, card=v["card"] or None, detail=v["detail"],
                keywords=v["keywords"], urgent=v["urgent"], supplementary=v["supplementary"],
                supplement=v["supplement"], sources=v["sources"], forms=v["forms"], record=v["record"], line=line,
            ))
        return tuple(nodes)


_RECORDS_SHAPE = "'records' må være linjer med 'hvem: hvor du skriver', f.eks. 'barn: I meldingen til barnevernet.'"


class RecordLine(Option):
    """One line of ``records:`` (whom a route is about → where its last step says to write); no phone numbers."""

    def read(self, entry: Entry, key: str) -> str:
        value = entry.data.get(key)
        if not isinstance(key, str) or not isinstance(value, str) or not value.strip():
            entry.bad(_RECORDS_SHAPE, key)
            return ""
        text = " ".join(value.split())
        found = phone_like(text)
        if found:
            entry.add(f"'records', '{key.strip()}' inneholder et nummer ('{found}'). Skriv telefonnumre bare i "
                      "hjelpeliste.yaml.", key)
        return text


class RecordSources(Option):
    """``record_sources:`` read as a step's ``sources`` (each problem on its source's line, else on the key's)."""

    def read(self, entry: Entry, key: str) -> tuple:
        v = STEP_SOURCES.read({"sources": entry.data.get(key)}, entry.rel, f"'{key}'", entry.problems,
                              anchor=entry.line(key))
        return v["sources"] if v.ok else ()


def _records_have_sources(entry: Entry, v: dict) -> None:
    if lacks_sources(isinstance(entry.data.get("records"), dict), v["record_sources"]):
        entry.add("'records' er ikke fra planen og må ha offentlige kilder: legg til 'record_sources:' med "
                  "'- title: …' og 'url: https://…'.", "records")


def _not_a_chart(entry: Entry) -> object:
    entry.note("filen må ha 'start:' og en liste med steg under 'nodes:'.")
    return STOP


# flyt.yaml's top-level keys: a new key is one line here (and a field on Flow)
FLOW_TOP = Schema(
    UnknownKeys("ukjent nøkkel '{key}'. Tillatte nøkler: {allowed}.", fatal=False),
    Key("start", StepText()),
    _required("start", "'start:' mangler. Oppgi id-en til det første steget, f.eks. 'start: akutt'."),
    Key("nodes", Steps()),
    Rule(lambda entry, v: STOP if v["nodes"] is None else None),
    Key("intro", StepText()),
    Key("records", MapOf(RecordLine(), _RECORDS_SHAPE)),  # not from the plan: needs 'record_sources'
    Key("record_sources", RecordSources()),
    Rule(_records_have_sources),
    not_mapping=_not_a_chart,
)


def parse_flow(data, rel: str, problems) -> Flow | None:
    """Read ``flyt.yaml`` data into a :class:`Flow`, reporting structure problems.

    Returns None only when nothing usable is there (not a mapping, no nodes).
    """
    v = read_file(FLOW_TOP, data, rel, problems)
    if v.get("nodes") is None:
        return None
    return Flow(start=v["start"], nodes=v["nodes"], intro=v["intro"],
                records={who.strip(): text for who, text in v["records"].items()}, record_sources=v["record_sources"])
