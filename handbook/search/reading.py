"""What the search understood in a query: the reading the results say above them. No Qt.

A :class:`Reading` lists the concepts found in the words of a query, each with
a short bokmål label for a chip («eldre», «penger», «akutt») and the words of
the query that brought it, and whether the situation is urgent. The ranking is
computed from the reading, so a chip the user removes or changes re-ranks the
results at once::

    reading = engine.read("mor på 90 blir slått av sønnen")
    [u.label for u in reading.understood]          # ['eldre', 'vold']
    hits = engine.search(text, reading=reading.without("eldre"))
    hits = engine.search(text, reading=reading.replaced("eldre", "barn", "barn"))

Safety rules sit above the ranking (:func:`urgency`): a weapon, strangling or
a threat to kill (a concept marked ``urgent`` in ``situasjoner.yaml``), a
violent act happening «nå», or a young child alone with a drunk or violent
adult make the reading urgent, and the flowchart's urgent step for it comes
first. A keyword alone («kvelertak») is not a situation and keeps its
definition first. A query that names nobody («deling av seksuelle bilder»,
«statistikk voldtekt») or asks for a fact is a topic: its literal answer comes
first and what the concepts lead to follows.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Sequence

from handbook.search.ages import PERSON_WORDS, find_ages
from handbook.search.analysis import Tok, fold, is_stop, stem

WEAK = 0.5  # a word matched only by folding and stemming («rommet» for «rømme»)
CUE = "cue"  # a ``needs_cue`` word: counts only beside another *what*
WEAK_CUE = "weak"  # a weak match: counts only beside another concept
YOUNG_CHILD = 12  # up to this age a child alone with a drunk or violent adult is in danger now

# Someone is named: a situation, not a topic («deling av seksuelle bilder»).
PRONOUNS = frozenset(
    {"han", "hun", "ho", "hen", "henne", "ham", "honom", "dem", "de", "dei", "meg", "jeg", "eg", "vi", "oss",
     "seg", "noen", "nokon", "sin", "sitt", "sine", "hennes", "hans", "deres", "mi", "min", "mitt", "mine",
     "ungene", "ungane", "folk", "menn", "kvinner", "foreldre", "foreldrene"}
)
_ALONE = frozenset({"alene", "aleine", "aleina", "aleinde", "einsam", "ensom", "aleine", "uten", "alone"})
_DRUNK = frozenset(
    {"full", "fulle", "drukket", "drikker", "drikk", "drakk", "drukke", "beruset", "ruset", "rusa", "pavirket",
     "fyll", "fylla", "fyllesyk", "alkohol", "alkoholisert", "dopet", "dopa", "hoy", "stein", "rus", "ruspavirket"}
)
NOW_WINDOW = 3  # words between «nå» and the act it says is happening now
_NOW = frozenset({"nå", "na", "naa", "no"})  # «nå» (typed without å), nynorsk «no»
_NOW_FORMS = frozenset({"fysisk-vold", "seksuell-vold", "psykisk-vold", "sosial-vold"})  # acts that are danger now


@dataclass(frozen=True)
class Understood:
    """One concept the search found in a query.

    Attributes:
        id: The concept's id in ``situasjoner.yaml``.
        label: Short bokmål text for a chip («eldre»).
        kind: ``who`` or ``what``.
        words: The words of the query that brought it, as typed.
        strength: How sure (1.0: a listed word as written; less for a typo, a
            half-typed word, a compound).
        positions: Where those words are (token positions; for re-ranking).
        urgent: The concept means danger now.
        because: Why, when it was inferred rather than read («alder 5», «alene med beruset voksen»).
    """

    id: str
    label: str
    kind: str
    words: tuple[str, ...]
    strength: float = 1.0
    positions: tuple[int, ...] = ()
    urgent: bool = False
    because: str = ""
    harmed: bool = False  # a *who* that names the one harmed («barnebarnet har blåmerker»)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "words": list(self.words)}


@dataclass(frozen=True)
class Reading:
    """What the search understood in one query (see the module docstring).

    Attributes:
        text: The query.
        understood: The concepts, strongest first.
        situation: Someone is named (a person, a pronoun, an age): a situation, not a topic.
        question: The query asks for a fact («hvor mange», «hva er», «statistikk»).
        action: The query asks what to do or whom to call («hva gjør jeg», «hvem ringer jeg»).
        names_a_title: The query is the title of a service, a form of violence or a card.
        explained: The share of the query's words (stop words aside) the concepts explain.
        age_spans: Character spans of the ages («på 90»): not matched as numbers.
    """

    text: str
    understood: tuple[Understood, ...] = ()
    situation: bool = False
    question: bool = False
    names_a_title: bool = False
    explained: float = 0.0
    age_spans: tuple[tuple[int, int], ...] = ()
    content_positions: frozenset[int] = field(default_factory=frozenset)
    action: bool = False

    @property
    def urgent(self) -> bool:
        """Danger now: the flowchart's urgent step comes first."""
        return any(u.urgent for u in self.understood)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(u.id for u in self.understood)

    def __bool__(self) -> bool:
        return bool(self.understood)

    def without(self, concept_id: str) -> "Reading":
        """The reading with one concept removed: its words count as plain words only.

        Removing the urgent concept («akutt») takes the urgent step away from the top.
        """
        return self._with(tuple(u for u in self.understood if u.id != concept_id))

    def replaced(self, concept_id: str, new_id: str, label: str, kind: str | None = None, urgent: bool = False) -> "Reading":
        """The reading with one concept read as another, from the same words («gammel»: barn, not eldre)."""
        out = []
        for u in self.understood:
            if u.id == concept_id:
                u = replace(u, id=new_id, label=label, kind=kind or u.kind, urgent=urgent, because="")
            if all(o.id != u.id for o in out):
                out.append(u)
        return self._with(tuple(out))

    def _with(self, understood: tuple[Understood, ...]) -> "Reading":
        explained = {p for u in understood for p in u.positions}
        content = self.content_positions
        share = len(content & explained) / len(content) if content else (1.0 if explained else 0.0)
        return replace(self, understood=understood, explained=share)

    def to_json(self) -> dict[str, Any]:
        """``{"understood": [{"id", "label", "words"}], "urgent": bool}`` (``search --json``)."""
        return {"understood": [u.to_json() for u in self.understood], "urgent": self.urgent}


def names_someone(toks: Sequence[Tok], understood: Sequence[Understood], has_age: bool) -> bool:
    """True when the query names a person: a *who* concept, a pronoun, a word for a person, an age."""
    if has_age or any(u.kind == "who" for u in understood):
        return True
    return any(t.folded in PRONOUNS or t.folded in PERSON_WORDS for t in toks)


def urgency(toks: Sequence[Tok], understood: list[Understood], concepts: Sequence, ages: Sequence, situation: bool) -> Understood | None:
    """The urgent concept a safety rule adds, or None (see the module docstring).

    Rules, above any ranking, in a situation (someone named, or several words):
    - a concept marked ``urgent`` (a weapon, strangling, a threat to kill) was read;
    - a violent act (physical, sexual, threats, locking in) happening «nå»;
    - a young child (an age up to 12, or a child word with no older age) «alene»
      with a drunk («full», «drukket», «ruset») or violent adult.
    """
    if not situation:
        return None
    template = next((c for c in concepts if getattr(c, "urgent", False) and c.kind == "what"), None)
    if template is None:
        return None
    folded = [t.folded for t in toks]
    if any(u.urgent for u in understood):
        return None  # already read
    by_id = {c.id: c for c in concepts}
    acts = [u for u in understood if getattr(by_id.get(u.id), "act", False)
            and set(getattr(by_id.get(u.id), "forms", ())) & _NOW_FORMS]
    now = [i for i, t in enumerate(toks) if t.raw in _NOW]  # as typed: «noe» folds to «no»
    now = [i for i in now if not (i >= 2 and folded[i - 2 : i] in (["gjor", "jeg"], ["gjore", "jeg"]))]
    # «nå» said of the act («han slår henne nå»), not of another clause («… og nå ber han om hjelp»)
    now = [i for i in now if any(abs(i - p) <= NOW_WINDOW for u in acts for p in u.positions)]
    if acts and now:
        words = (toks[now[0]].raw, *acts[0].words)
        return Understood(template.id, template.label, template.kind, words, 1.0, (now[0],), True, "nå")
    # a child word, not a kinship word of unclear age («barnebarnet»)
    child = [u for u in understood if u.kind == "who" and getattr(by_id.get(u.id), "ages", None)
             and by_id[u.id].ages[0] == 0
             and not {stem(fold(w)) for w in u.words} <= {stem(fold(v)) for v in getattr(by_id[u.id], "victim_words", ())}]
    young = [a for a in ages if a.years <= YOUNG_CHILD]
    older_child = [a for a in ages if YOUNG_CHILD < a.years <= 17]
    alone = [i for i, f in enumerate(folded) if f in _ALONE]
    drunk = [i for i, f in enumerate(folded) if f in _DRUNK]
    violent = [u for u in understood if u in acts or u.id in ("vold", "trusler")]
    if (young or (child and not older_child)) and alone and (drunk or violent):
        words = [toks[alone[0]].raw] + [toks[i].raw for i in drunk[:1]] + [w for u in violent[:1] for w in u.words]
        return Understood(template.id, template.label, template.kind, tuple(words), 1.0, (alone[0], *drunk[:1]),
                          True, "lite barn alene med beruset eller voldelig voksen")
    return None


def content_positions(toks: Sequence[Tok]) -> frozenset[int]:
    return frozenset(i for i, t in enumerate(toks) if t.number or not is_stop(t.folded))


def read_parts(layer, text: str, toks: list[Tok], matches, explained: float, read_words: frozenset[str],
               question: bool, harmed: frozenset[str] | set[str] = frozenset()) -> Reading:
    """Build the :class:`Reading` from what the situation layer matched (``harmed``: ids of the *who* harmed)."""
    understood = []
    for ci, strength, positions in matches:
        c = layer.concepts[ci]
        words = tuple(toks[p].raw for p in sorted(positions) if p < len(toks))
        understood.append(Understood(c.id, c.label, c.kind, words, round(strength, 3), tuple(sorted(positions)),
                                     bool(getattr(c, "urgent", False)), harmed=c.id in harmed))
    ages = find_ages(toks)
    spans = tuple((toks[p].start, toks[p].end) for a in ages for p in a.positions)
    content = content_positions(toks)
    situation = names_someone(toks, understood, bool(ages))
    several = len(content) >= 3
    extra = urgency(toks, understood, layer.concepts, ages, situation or several)
    if extra is not None:
        understood.insert(0, extra)
    elif understood and any(u.urgent for u in understood) and not (situation or several):
        # a keyword alone («kvelertak») is not danger now: its definition first
        understood = [replace(u, urgent=False) for u in understood]
    elif any(u.urgent for u in understood):
        understood.sort(key=lambda u: not u.urgent)
    reading = Reading(text, tuple(understood), situation, question, read_words in layer.named_titles,
                      explained, spans, content)
    return reading._with(reading.understood) if extra is not None else reading
