"""The situation layer: from the words of a situation to the actions and contacts that answer it.

"Gutten sier at pappa slår ham" names no service, no duty and no form of
violence, yet the answer is clear: a child (→ barnevernet) and violence. The
concepts in ``content/situasjoner.yaml`` say which everyday words mean which
*who* and *what*, and which stable ids they lead to (help-list contacts, duty
cards, forms of violence). This module finds the concepts in a query and turns
them into a bonus for the documents they lead to:

- a contact → its help-list entry and every flowchart step that lists it;
- a card → the card (or its section) and every flowchart step that cites it;
- a form of violence → its definition, at half weight (the definition comes
  after what to do).

Concept words are analysed like everything else (folding, light stemming), and
matched with the same tolerances as the index: the word being typed completes
a concept word, a word the handbook does not know is forgiven one typo, and an
unknown compound counts by its last part ("ansiktssår" → "sår"); a present
participle counts as its verb ("truende" → "truer"). A phrase may have one other
word between two of its words ("låser henne inne"), a few where it has a "…"
("redd … jeg … skade"). A concept's ``near`` words ("meg") count only next to a
*what* word ("truet meg"); an age ("gutten på 7", "80 år") counts for the
concept whose ``ages`` hold it; a concept with ``requires`` counts only when one
of those words is in the query (the worker's own safety needs "jeg", "meg",
"oss", "besøk" …, so "hun tør ikke dra hjem" is about someone else).

Who was harmed: a *what* marked ``act`` ("slår", "truer") is done by the *who*
just before it and to the *who* after it ("bestefar slår barnebarnet"; "truet
av nevøen" the other way round). A who word for the one who acted counts
little; a relative word ("barnebarnet" for an older person) does not count when
the relative was harmed, and a ``victim_words`` word ("barnebarnet" for a
child) counts only then. A concept's ``overrides`` count little when it is
found: help to stop hitting goes before "slår", the worker's own safety before
the services for victims when she is the one harmed. A flowchart step for one
*who* (the worker's safety, the child duty) is reached through that who, not
through a contact it shares with others.

How much a document gets: each concept gives its targets ``strength × weight
× share`` (a flowchart step for the concept's own contact gets all, the entry a
little less, the card less, the definition half; a concept's first contact more
than its second). A document reached by several concepts gets its strongest
share plus a little of the others. A *whole* situation — what happened, with
who it happened to or with more, or told in a sentence — puts what it leads to
before anything the words alone find (:mod:`ranking` orders it, one answer per
contact or card near the top); a concept typed as a keyword ("slår", "barn")
only adds to the words, so the definition of "slår" stays first with what to do
beside it. A question for a fact ("hva er", "hvor mange") or a query that is the
title of a service, form or card is answered by the words.

Independently of the concepts, a query that is the start of a help-list name
("Krisese", "Barnever") brings that entry first, so its number stays in view
while the name is typed.

Every bonus keeps its reasons, so a hit can say which concept brought it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

from handbook.content.page_ids import HELP_LIST, VIOLENCE_FORMS, section_id
from handbook.search.analysis import Tok, is_stop, strict_stem
from handbook.search.reading import Reading
from handbook.search.situation_match import ConceptMatcher
from handbook.search.situation_words import concept_word_forms, typed_words

# A target's share of a concept's bonus: a flowchart step says what to do and shows the
# numbers, the help-list entry shows them, the card explains; the definition comes after.
STEP_SHARE, CONTACT_SHARE, CARD_SHARE, CITE_SHARE, FORM_SHARE = 1.0, 0.95, 0.9, 0.8, 0.5
KEYWORD_FORM_SHARE = 1.0  # the definition's share when the concept is typed as a keyword
NOT_FIRST_IN_STEP = 0.9  # a concept's contact listed after another on a step (not the number shown largest)
PRIORITY_STEP = 0.25  # the 2nd contact of a concept gets 1/1.25 of the 1st, the 3rd 1/1.5
OTHER_REASONS = 0.3  # share of a document's further concepts added to its strongest one
FACT_SHARE = 0.35  # a question for a fact ("hvor mange", "hva er") wants the plan's text, not an action
WHO_ONLY_SHARE = 0.5  # "barn" alone is a topic; "barn" + what happened is a situation
SENTENCE_WORDS = 3  # words (stop words aside) that make a description, not a keyword
SENTENCE_PHRASE = 3  # or a *what* phrase this long ("må gifte seg", "redd … jeg … skade")
SENTENCE_TOKENS = 7  # or this many words of any kind ("han vil ikke at hun skal treffe venninnene sine")
NAME_WEIGHT = 2.0  # a help-list name being typed
MIN_NAME_LETTERS = 5
LEAD_SHARE = 0.9  # the lead concept's answers with a number that may come first: its own, not a neighbour's
SHORT_WORDS = 3  # a whole situation told in this few words (stop words aside) shows what it is second
OVERRIDDEN = 0.25  # a concept another found concept overrides ("slår" beside "vil ha hjelp til å slutte")


@dataclass(frozen=True)
class Reason:
    """Why a document got a bonus: a concept (its id and label), and how much it added."""

    concept: str
    label: str
    share: float


@dataclass
class Situation:
    """What the layer found in one query.

    Attributes:
        concepts: (concept id, strength) of every concept found, strongest first.
        explained: The share of the query's words (stop words aside) that concepts explain.
        whole: A whole situation (what happened, with who or with something
            else, or told in a sentence): what it leads to comes before anything
            the words alone find. A concept typed as a keyword ("slår", "barn",
            "tar pengene hennes") only adds to what the words find.
        answers: doc number → the contacts, cards and forms it answers with, so
            that the top of the list does not repeat one answer.
        names_a_title: The query is the title of a service, a form or a card
            (typos read as the concept word they match).
        bonus: doc number → bonus in units of the best lexical score.
        reasons: doc number → the concepts that gave it, largest share first.
    """

    concepts: list[tuple[str, float]] = field(default_factory=list)
    bonus: dict[int, float] = field(default_factory=dict)
    explained: float = 0.0
    whole: bool = False
    answers: dict[int, frozenset[str]] = field(default_factory=dict)
    names_a_title: bool = False
    reasons: dict[int, tuple[Reason, ...]] = field(default_factory=dict)
    reading: Reading | None = None
    urgent_doc: int | None = None  # the flowchart's urgent step for an urgent reading: it comes first
    lead_docs: tuple[int, ...] = ()  # a whole situation's first hit is one of these (see :meth:`SituationLayer.lead`)
    lead_own: tuple[int, ...] = ()  # of those, the lead concept's own steps (its contact and its card): before the rest
    explain_doc: int | None = None  # a short whole situation shows this definition second («hun blir slått av mannen sin»)

    def __bool__(self) -> bool:
        return bool(self.bonus)


class SituationLayer:
    """Finds concepts in a query and the documents they lead to. No Qt; cheap per query.

    Args:
        concepts: The handbook's concepts.
        unit_ids: Each document's unit id, by document number.
        unit_sections: Each document's section ids, by document number.
        contacts: The help list (for entry ids and names).
        flow: The flowchart (steps listing a contact or citing a card), or None.
        known: Words the index holds (stems and numbers): such a word is never
            taken for a typo or a compound.
        named_titles: The folded words (stop words aside) of each title of a
            service, a form of violence or a duty card: a query that names one,
            even with a typo, is answered by the words, not the situation.
        plain_words: Words the handbook writes without æ, ø or å (see :class:`ConceptMatcher`).
    """

    def __init__(
        self,
        concepts: Sequence,
        unit_ids: Sequence[str],
        unit_sections: Sequence[Iterable[str]],
        contacts: Sequence,
        flow=None,
        known: Iterable[str] = (),
        named_titles: Iterable[frozenset[str]] = (),
        plain_words: Iterable[str] = (),
    ):
        self.concepts = list(concepts)
        self.matcher = ConceptMatcher(concepts, known, named_titles, plain_words)
        self._doc_of_section: dict[str, int] = {}
        self._first_of_page: dict[str, int] = {}
        for doc, sections in enumerate(unit_sections):
            for sid in sections:
                self._doc_of_section.setdefault(sid, doc)
                self._first_of_page.setdefault(sid.split("#", 1)[0], doc)
        for doc, uid in enumerate(unit_ids):
            self._doc_of_section[uid] = doc
        self._numbered: list[list[int]] = []  # per concept: its help-list entries and steps with numbers, best first
        self._calm_numbered: list[list[int]] = []  # the same without the steps for danger now (unless its own)
        self._own_steps: list[set[int]] = []  # steps that list the concept's contact and cite its card
        self._targets = [self._concept_targets(c, contacts, flow) for c in self.concepts]
        self._violence_form_docs = {d for d in (self._doc(section_id(VIOLENCE_FORMS, f)) for c in self.concepts for f in c.forms) if d is not None}
        index = {c.id: i for i, c in enumerate(self.concepts)}
        self._overrides = [frozenset(index[o] for o in getattr(c, "overrides", ()) if o in index) for c in self.concepts]
        self._index = index
        urgent_steps = [n.section_id for n in getattr(flow, "nodes", ()) or () if getattr(n, "urgent", False)]
        self._urgent_docs = [d for d in (self._doc(sid) for sid in urgent_steps) if d is not None]
        self._names = []
        for c in contacts:
            doc = self._doc_of_section.get(section_id(HELP_LIST, c.id))
            word_forms = concept_word_forms(c.name)
            if doc is not None and word_forms:
                self._names.append((doc, word_forms, c.name))

    # -- targets ---------------------------------------------------------------

    def _doc(self, ref: str) -> int | None:
        doc = self._doc_of_section.get(ref)
        return doc if doc is not None else self._first_of_page.get(ref)

    def _concept_targets(self, concept, contacts, flow) -> dict[int, tuple[float, frozenset[str]]]:
        """doc → (share of the concept's bonus, the answers it gives: contact, card or form ids).

        Also notes the targets that show a number (help-list entries, steps listing contacts)
        in ``self._numbered``: the first hit of a whole situation is one of them.

        Contacts are listed in order of priority (the first gets all, later ones
        less). A flowchart step that lists the concept's contacts gets their
        priority, less when it also lists others; a step that cites the concept's
        card gets a little less than the card; a definition gets half.
        """
        out: dict[int, tuple[float, frozenset[str]]] = {}
        numbered: set[int] = set()
        urgent: set[int] = set()  # steps for danger now that a calm reading does not lead with

        def add(ref: str, share: float, answers: set[str], with_number: bool = False) -> None:
            doc = self._doc(ref)
            if doc is None:
                return
            old, keys = out.get(doc, (0.0, frozenset()))
            out[doc] = (max(old, share), keys | answers)
            if with_number:
                numbered.add(doc)

        priority = {cid: 1.0 / (1.0 + PRIORITY_STEP * i) for i, cid in enumerate(concept.contacts)}
        nodes = flow.nodes if flow is not None else ()
        # A step for one *who* (the worker's own safety, the child duty) is reached through
        # that who, not through a contact it shares with others ("låst inne" → the police,
        # but not the worker's-safety step).
        reserved = {card for c in self.concepts if c.kind == "who" and c is not concept for card in c.cards}
        reserved -= set(concept.cards)
        for cid, p in priority.items():
            add(section_id(HELP_LIST, cid), CONTACT_SHARE * p, {cid}, True)
        for node in nodes:
            if node.card in reserved:
                continue
            mine = [c for c in node.contacts if c in priority]
            if mine:
                own = len(mine) / len(node.contacts)
                # the step's first contact is the number it shows largest: the concept's own counts most there
                lead = max(priority[c] * (1.0 if c == node.contacts[0] else NOT_FIRST_IN_STEP) for c in mine)
                add(node.section_id, STEP_SHARE * lead * (0.5 + 0.5 * own), set(mine), True)
                if node.urgent and not (node.card in concept.cards and _only_urgent_cite(nodes, node.card)):
                    urgent.add(self._doc(node.section_id))  # a step for danger now that is not this concept's own
        for card in concept.cards:
            add(card, CARD_SHARE, {card})
            citing = [n for n in nodes if n.card == card]
            for node in citing:
                add(node.section_id, CITE_SHARE, {card}, bool(node.contacts))
                if node.urgent and not _only_urgent_cite(nodes, card):
                    urgent.add(self._doc(node.section_id))  # «vold» → the 112 step only when it is danger now
        for form in concept.forms:
            add(section_id(VIOLENCE_FORMS, form), FORM_SHARE, {form})
        ordered = sorted(numbered, key=lambda d: (-out[d][0], d))
        self._numbered.append(ordered)
        cited = {self._doc(n.section_id) for n in nodes if n.card in concept.cards}
        self._own_steps.append({d for d in ordered if d in cited and out[d][1] - set(concept.cards)})
        self._calm_numbered.append([d for d in ordered if d not in urgent])
        return out

    def _name_docs(self, toks: list[Tok], typing: bool) -> list[int]:
        """Help-list entries whose name starts with what was typed ("Krisese", "Politiet i")."""
        if not toks or sum(len(t.folded) for t in toks) < MIN_NAME_LETTERS:
            return []
        out = []
        for doc, name, _ in self._names:
            if len(toks) > len(name):
                continue
            ok = True
            for i, t in enumerate(toks):
                folded, st = name[i]
                last = i == len(toks) - 1
                if t.folded == folded or strict_stem(t.folded) == st:
                    continue
                if last and typing and folded.startswith(t.folded):
                    continue
                ok = False
                break
            if ok:
                out.append(doc)
        return out

    # -- the bonus -------------------------------------------------------------

    def read(self, text: str) -> Reading:
        """What the layer understood in ``text`` (see :mod:`handbook.search.reading`)."""
        return self.matcher.read(text)

    def situation(self, text: str, reading: Reading | None = None) -> Situation:
        """The concepts in ``text`` (or in ``reading``, as the user changed it) and the bonus each document gets."""
        reading = reading if reading is not None else self.read(text)
        result = Situation(reading=reading, explained=reading.explained, names_a_title=reading.names_a_title)
        per_doc: dict[int, list[Reason]] = {}
        toks, typing = typed_words(text)
        matches = [(self._index[u.id], u.strength, u.positions) for u in reading.understood if u.id in self._index]
        scale = FACT_SHARE if matches and reading.question else 1.0
        kinds = [self.concepts[ci].kind for ci, _, _ in matches]
        if matches and "what" not in kinds:
            scale *= WHO_ONLY_SHARE
        words = sum(1 for t in toks if t.number or not is_stop(t.folded))
        told = any(self.concepts[ci].kind == "what" and len(ps) >= SENTENCE_PHRASE for ci, _, ps in matches)
        told = told or len(toks) >= SENTENCE_TOKENS
        result.whole = "what" in kinds and (len(kinds) >= 2 or words >= SENTENCE_WORDS or told or reading.action)
        # a topic («deling av seksuelle bilder») or a question for a fact keeps its literal answer first
        result.whole = result.whole and reading.situation and not reading.question
        if kinds and "what" not in kinds and not reading.question and (
            reading.age_spans or (reading.situation and (told or reading.action) and self._has_own_service(matches))
        ):
            # «mor på 90», «gutten kommer sulten og skitten på skolen …»: a child, an older person
            # or the worker described (by age, or at length) is what the query is about
            scale = 1.0
            result.whole = True
        found = {ci for ci, _, _ in matches}
        effective: dict[int, float] = {}
        overridden = {o for ci in found for o in self._overrides[ci]} & found
        overridden = {o for ci in found - overridden for o in self._overrides[ci]} & found
        for ci, strength, _ in matches:
            c = self.concepts[ci]
            if ci in overridden:
                strength *= OVERRIDDEN  # "vil ha hjelp til å slutte å slå": the help, not "slår"
            result.concepts.append((c.id, strength))
            effective[ci] = strength * c.weight
            # weights rank concepts against each other; a keyword alone adds at most its plain share
            weight = c.weight if result.whole else min(c.weight, 1.0)
            for doc, (share, answers) in self._targets[ci].items():
                if not result.whole and not reading.question and doc in self._violence_form_docs:
                    share = KEYWORD_FORM_SHARE  # a word typed alone: what it means, with what to do beside it
                per_doc.setdefault(doc, []).append(Reason(c.id, c.label, strength * weight * share * scale))
                result.answers[doc] = result.answers.get(doc, frozenset()) | answers
        for doc, reasons in per_doc.items():
            reasons.sort(key=lambda r: -r.share)
            # the same answer for two reasons counts a little more, not twice
            result.bonus[doc] = reasons[0].share + OTHER_REASONS * sum(r.share for r in reasons[1:])
            result.reasons[doc] = tuple(reasons)
        named = self._name_docs(toks, typing)
        for doc in named:
            result.bonus[doc] = result.bonus.get(doc, 0.0) + NAME_WEIGHT
        if named:
            result.explained = 1.0  # the words are (the start of) a name
        if reading.urgent:
            result.urgent_doc = self._urgent_doc(reading, found)
        if result.whole and not named:
            lead = self.lead(reading, effective, found - overridden)
            docs = (self._numbered if reading.urgent else self._calm_numbered)[lead] if lead is not None else []
            if docs:
                targets = self._targets[lead]
                best = max(targets[d][0] for d in docs)
                result.lead_docs = tuple(d for d in docs if targets[d][0] >= LEAD_SHARE * best)
                result.lead_own = tuple(d for d in result.lead_docs if d in self._own_steps[lead])
            if words <= SHORT_WORDS:
                result.explain_doc = self._explaining(effective)
        return result

    def lead(self, reading: Reading, effective: dict[int, float], overriding: set[int]) -> int | None:
        """The concept whose number a whole situation shows first.

        A concept that overrides another found one is what the query is about (help to stop
        hitting, the wish to leave, the worker's own safety); else the one harmed when that is a
        child, an older person, a person with a disability or the worker herself («who is harmed
        decides the service»); else the concept that counts most. Only concepts with a number.
        """
        harmed = {self._index[u.id] for u in reading.understood if u.harmed and u.id in self._index}
        with_number = [ci for ci in effective if self._numbered[ci]]
        about = [ci for ci in with_number if ci in overriding and self._overrides[ci] & set(effective)]
        deciding = [ci for ci in with_number if ci in harmed and self.concepts[ci].weight >= 1.0]
        pool = about or deciding or with_number
        return max(pool, key=lambda ci: (effective[ci], -ci)) if pool else None

    def _explaining(self, effective: dict[int, float]) -> int | None:
        """The definition of the strongest *what* with a form: a short query shows it second."""
        whats = [ci for ci in effective if self.concepts[ci].kind == "what" and self.concepts[ci].forms]
        if not whats:
            return None
        best = max(whats, key=lambda ci: (effective[ci], -ci))
        return self._doc(section_id(VIOLENCE_FORMS, self.concepts[best].forms[0]))

    def _has_own_service(self, matches) -> bool:
        """A *who* found that has a service of its own (a child, an older person, the worker herself)."""
        return any(self.concepts[ci].kind == "who" and self.concepts[ci].weight >= 1.0 and self._numbered[ci]
                   for ci, _, _ in matches)

    def _urgent_doc(self, reading: Reading, found: set[int]) -> int | None:
        """The flowchart's urgent step for an urgent reading: the worker's own safety when she is
        the one in danger, else the step the urgent concept leads to most."""
        urgent = [self._index[u.id] for u in reading.understood if u.urgent and u.id in self._index]
        own = [ci for ci in found if self.matcher.requires[ci]]  # the worker herself
        best, share = None, 0.0
        for ci in own + urgent:
            for doc in self._urgent_docs:
                value = self._targets[ci].get(doc, (0.0,))[0]
                if value > share:
                    best, share = doc, value
            if best is not None:
                return best
        return best


def _only_urgent_cite(nodes, card: str) -> bool:
    """Only steps for danger now cite ``card`` (the worker's own safety): such a step is its concept's own."""
    return all(n.urgent for n in nodes if n.card == card)
