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

import bisect
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from handbook.content.page_ids import HELP_LIST, VIOLENCE_FORMS, section_id
from handbook.search.ages import PERSON_WORDS, find_ages
from handbook.search.analysis import Tok, is_stop, stem, strict_stem
from handbook.search.query import edits1
from handbook.search.reading import CUE, PRONOUNS, WEAK, WEAK_CUE, Reading, read_parts
from handbook.search.situation_words import (
    SELF,
    best_phrase_match,
    concept_word_forms,
    phrase_forms,
    present_of_participle,
    typed_words,
    who_role,
    who_was_harmed,
)

EXACT = 1.0
PREFIX = 0.8  # the word being typed completes a concept word
TYPO = 0.8  # one edit away, for a word the handbook does not know
COMPOUND = 0.7  # an unknown compound whose last part is a concept word
PHRASE_STEP = 0.25  # each further word of a matched phrase makes it more specific
NEAR_WINDOW = 2  # a ``near`` word counts this close to a *what* word
MIN_PREFIX = 4  # letters typed before a concept word is completed
MIN_TYPO = 5
MIN_HEAD = 3  # letters of a compound's last part, and of what comes before it
# A target's share of a concept's bonus: a flowchart step says what to do and shows the
# numbers, the help-list entry shows them, the card explains; the definition comes after.
STEP_SHARE, CONTACT_SHARE, CARD_SHARE, CITE_SHARE, FORM_SHARE = 1.0, 0.95, 0.9, 0.8, 0.5
KEYWORD_FORM_SHARE = 1.0  # the definition's share when the concept is typed as a keyword
PRIORITY_STEP = 0.25  # the 2nd contact of a concept gets 1/1.25 of the 1st, the 3rd 1/1.5
OTHER_REASONS = 0.3  # share of a document's further concepts added to its strongest one
# A question for a fact ("hvor mange", "hva er") wants the plan's text, not an action.
FACT_CUES = ("hvor mange", "hvor mye", "hvor stor", "hvor ofte", "hva er", "hva betyr", "hva menes",
             "antall", "andel", "prosent", "statistikk", "definisjon")
FACT_SHARE = 0.35
WHO_ONLY_SHARE = 0.5  # "barn" alone is a topic; "barn" + what happened is a situation
SENTENCE_WORDS = 3  # words (stop words aside) that make a description, not a keyword
SENTENCE_PHRASE = 3  # or a *what* phrase this long ("må gifte seg", "redd … jeg … skade")
SENTENCE_TOKENS = 7  # or this many words of any kind ("han vil ikke at hun skal treffe venninnene sine")
NAME_WEIGHT = 2.0  # a help-list name being typed
MIN_NAME_LETTERS = 5
AGENT_SHARE = 0.3  # a *who* word that did the act ("bestefar slår …") says little about who was harmed
OVERRIDDEN = 0.25  # a concept another found concept overrides ("slår" beside "vil ha hjelp til å slutte")
_POSSESSIVE = frozenset({"sin", "si", "sitt", "sine", "hennes", "hans", "deres"})  # "mannen sin": someone else's partner
PARTNER = "partner"  # the *who* concept for a partner (a colleague's partner is not the worker's client)
# A parent harmed by a grown son, daughter or sibling is an older person («broren presser mamma»).
_PARENTS = frozenset({"mor", "moren", "mora", "mamma", "mammaen", "far", "faren", "pappa", "pappaen", "foreldrene"})
_GROWN_KIN = frozenset({"sonn", "sonnen", "datter", "datteren", "dattera", "bror", "broren", "soster", "sosteren",
                        "sostera", "svigersonn", "svigersonnen", "svigerdatter", "svigerdatteren", "sonnene", "dotrene"})


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

    def __bool__(self) -> bool:
        return bool(self.bonus)


@dataclass(frozen=True)
class _Word:
    """A concept word or phrase, analysed: (folded, stem) per token.

    ``gaps[i]`` is how many other words may come between token i and i+1
    (MAX_GAP, or WIDE_GAP where the phrase has a "…"). ``role`` is "" for a
    plain word, "relative" (counts unless the relative was harmed) or "victim"
    (counts only when they were).
    """

    concept: int
    tokens: tuple[tuple[str, str], ...]
    near: bool = False
    gaps: tuple[int, ...] = ()
    role: str = ""
    cue: bool = False  # a ``needs_cue`` word: counts only beside another *what*
    accented: tuple[bool, ...] = ()  # per token: written with æ, ø or å


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
    ):
        self.concepts = list(concepts)
        self._named_titles = frozenset(named_titles)
        self._known = frozenset(known)
        self._doc_of_section: dict[str, int] = {}
        self._first_of_page: dict[str, int] = {}
        for doc, sections in enumerate(unit_sections):
            for sid in sections:
                self._doc_of_section.setdefault(sid, doc)
                self._first_of_page.setdefault(sid.split("#", 1)[0], doc)
        for doc, uid in enumerate(unit_ids):
            self._doc_of_section[uid] = doc
        self._targets = [self._concept_targets(c, contacts, flow) for c in self.concepts]
        self._violence_form_docs = {d for d in (self._doc(section_id(VIOLENCE_FORMS, f)) for c in self.concepts for f in c.forms) if d is not None}
        self._words: list[_Word] = []
        for i, c in enumerate(self.concepts):
            lists = (
                (c.words, False, "", False),
                (getattr(c, "near", ()), True, "", False),
                (getattr(c, "relatives", ()), False, "relative", False),
                (getattr(c, "victim_words", ()), False, "victim", False),
                (getattr(c, "needs_cue", ()), False, "", True),
            )
            for words, near, role, cue in lists:
                for w in words:
                    word_forms, gaps = phrase_forms(w)
                    if word_forms:
                        accented = tuple(bool(set(part) & set("æøåÆØÅ")) for part in w.replace("…", " ").split())
                        self._words.append(_Word(i, word_forms, near, gaps, role, cue, accented))
        self._requires = [
            frozenset(f for w in getattr(c, "requires", ()) for pair in concept_word_forms(w) for f in pair) for c in self.concepts
        ]
        index = {c.id: i for i, c in enumerate(self.concepts)}
        self._overrides = [frozenset(index[o] for o in getattr(c, "overrides", ()) if o in index) for c in self.concepts]
        self._acts = frozenset(i for i, c in enumerate(self.concepts) if getattr(c, "act", False))
        self._partner = index.get(PARTNER)
        # concepts whose own words say «seg» («må gifte seg»): for them «… seg» is still the act
        self._reflexive = frozenset(i for i, c in enumerate(self.concepts) if any(" seg" in f" {w} " for w in c.words))
        self._index = index
        urgent_steps = [n.section_id for n in getattr(flow, "nodes", ()) or () if getattr(n, "urgent", False)]
        self._urgent_docs = [d for d in (self._doc(sid) for sid in urgent_steps) if d is not None]
        self._by_form: dict[str, list[tuple[int, int]]] = {}
        for wi, w in enumerate(self._words):
            for ti, (folded, st) in enumerate(w.tokens):
                for key in dict.fromkeys((folded, st)):
                    self._by_form.setdefault(key, []).append((wi, ti))
        self._sorted_word_forms = sorted({f for w in self._words for f, _ in w.tokens})
        # every concept word and every word of the handbook is a known word: typo tolerance
        # never turns one known word into another («drukket» is not «brukket»)
        self._known = self._known | {f for w in self._words for pair in w.tokens for f in pair}
        self._fact_cues = [tuple(f for f, _ in concept_word_forms(c)) for c in FACT_CUES]
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

        Contacts are listed in order of priority (the first gets all, later ones
        less). A flowchart step that lists the concept's contacts gets their
        priority, less when it also lists others; a step that cites the concept's
        card gets a little less than the card; a definition gets half.
        """
        out: dict[int, tuple[float, frozenset[str]]] = {}

        def add(ref: str, share: float, answers: set[str]) -> None:
            doc = self._doc(ref)
            if doc is None:
                return
            old, keys = out.get(doc, (0.0, frozenset()))
            out[doc] = (max(old, share), keys | answers)

        priority = {cid: 1.0 / (1.0 + PRIORITY_STEP * i) for i, cid in enumerate(concept.contacts)}
        nodes = flow.nodes if flow is not None else ()
        # A step for one *who* (the worker's own safety, the child duty) is reached through
        # that who, not through a contact it shares with others ("låst inne" → the police,
        # but not the worker's-safety step).
        reserved = {card for c in self.concepts if c.kind == "who" and c is not concept for card in c.cards}
        reserved -= set(concept.cards)
        for cid, p in priority.items():
            add(section_id(HELP_LIST, cid), CONTACT_SHARE * p, {cid})
        for node in nodes:
            if node.card in reserved:
                continue
            mine = [c for c in node.contacts if c in priority]
            if mine:
                own = len(mine) / len(node.contacts)
                add(node.section_id, STEP_SHARE * max(priority[c] for c in mine) * (0.5 + 0.5 * own), set(mine))
        for card in concept.cards:
            add(card, CARD_SHARE, {card})
            for node in nodes:
                if node.card == card:
                    add(node.section_id, CITE_SHARE, {card})
        for form in concept.forms:
            add(section_id(VIOLENCE_FORMS, form), FORM_SHARE, {form})
        return out

    # -- matching --------------------------------------------------------------

    def _token_matches(self, q: Tok, typing: bool) -> list[tuple[int, int, float]]:
        """(word index, token index, strength) of every concept-word token that ``q`` matches."""
        if q.number:
            return [(wi, ti, EXACT) for wi, ti in self._by_form.get(q.folded, ())]
        st = stem(q.folded)
        found: dict[tuple[int, int], float] = {}

        def put(keys, strength: float) -> None:
            for key in keys:
                for wt in self._by_form.get(key, ()):
                    if strength > found.get(wt, 0.0):
                        found[wt] = strength

        if is_stop(q.folded):  # «han» is not a form of «håner»
            put((q.folded,), EXACT)
            return [(wi, ti, s) for (wi, ti), s in found.items() if self._words[wi].tokens[ti][0] == q.folded]
        put(dict.fromkeys((q.folded, st, strict_stem(q.folded))), EXACT)
        if q.raw == q.folded:  # typed without æøå: «rommet» is not a form of «rømme»
            for wt in [wt for wt, s in found.items() if s == EXACT]:
                word = self._words[wt[0]]
                if wt[1] < len(word.accented) and word.accented[wt[1]] and word.tokens[wt[1]][0] != q.folded:
                    found[wt] = WEAK
        verb = present_of_participle(q.folded)
        if verb and not found:
            put(dict.fromkeys((verb, stem(verb), strict_stem(verb))), EXACT)
        exact = bool(found)
        unknown = not exact and st not in self._known and q.folded not in self._known
        if typing and unknown and len(q.folded) >= MIN_PREFIX:
            i = bisect.bisect_left(self._sorted_word_forms, q.folded)
            longer = []
            while i < len(self._sorted_word_forms) and self._sorted_word_forms[i].startswith(q.folded):
                if self._sorted_word_forms[i] != q.folded:
                    longer.append(self._sorted_word_forms[i])
                i += 1
            put(longer, PREFIX)
        if unknown and not found and len(q.folded) >= MIN_TYPO:
            # a typo keeps the first letter: «drukket» is not «brukket»
            put([e for e in edits1(q.folded) if e in self._by_form and len(e) >= MIN_TYPO and e[0] == q.folded[0]], TYPO)
        if unknown and not found and len(q.folded) >= 2 * MIN_HEAD:
            for cut in range(MIN_HEAD, len(q.folded) - MIN_HEAD + 1):
                head = q.folded[cut:]
                put(dict.fromkeys((head, strict_stem(head))), COMPOUND)
        return [(wi, ti, s) for (wi, ti), s in found.items()]

    def match(self, text: str) -> list[tuple[int, float, tuple[int, ...]]]:
        """(concept index, strength, query positions) of every concept found in ``text``."""
        return self._match(*typed_words(text))[0]

    def _match(self, toks: list[Tok], typing: bool) -> tuple[list[tuple[int, float, tuple[int, ...]]], float, frozenset[str]]:
        """The concepts found, the share of the query's words they explain, and the
        query's words (stop words aside) with typos and half-typed words read as the
        concept words they match."""
        if not toks:
            return [], 0.0, frozenset()
        ages = find_ages(toks)
        consumed = {p for a in ages for p in a.positions}  # «5 år gammel» is an age, not an older person
        per_pos = [
            [] if i in consumed else self._token_matches(t, typing and i == len(toks) - 1) for i, t in enumerate(toks)
        ]
        read = []
        for t, matches in zip(toks, per_pos):
            if t.number or not is_stop(t.folded):
                exact = any(s >= EXACT for _, _, s in matches)
                guess = [self._words[wi].tokens[ti][0] for wi, ti, s in matches if s in (PREFIX, TYPO)]
                read.append(guess[0] if guess and not exact and len(set(guess)) == 1 else t.folded)
        skippable = {i for i, t in enumerate(toks) if is_stop(t.folded) or t.folded in PRONOUNS or t.folded in PERSON_WORDS}
        # where each word's tokens matched: word → token index → [(position, strength)]
        hits: dict[int, dict[int, list[tuple[int, float]]]] = {}
        for pos, matches in enumerate(per_pos):
            for wi, ti, s in matches:
                hits.setdefault(wi, {}).setdefault(ti, []).append((pos, s))
        best: dict[int, tuple[float, tuple[int, ...]]] = {}
        near_found: list[tuple[int, int]] = []
        who_found: list[tuple[_Word, float, tuple[int, ...]]] = []
        cued: dict[int, tuple[float, tuple[int, ...], str]] = {}  # evidence that needs a second cue
        for wi, by_token in hits.items():
            word = self._words[wi]
            found = best_phrase_match(by_token, len(word.tokens), word.gaps, skippable)
            if found is None:
                continue
            strength, positions = found
            if word.near:
                near_found.extend((word.concept, p) for p in positions)
                continue
            after = toks[max(positions) + 1].folded if max(positions) + 1 < len(toks) else ""
            if after == "seg" and word.concept in self._acts and word.concept not in self._reflexive:
                continue  # «tar på seg jakka», «slo seg»: done to oneself, not an act on someone
            need = CUE if word.cue else WEAK_CUE if strength <= WEAK else ""
            strength = (EXACT if need == WEAK_CUE else strength) * (1.0 + PHRASE_STEP * (len(word.tokens) - 1))
            if need:
                if strength > cued.get(word.concept, (0.0,))[0]:
                    cued[word.concept] = (strength, positions, need)
            elif self.concepts[word.concept].kind == "who":
                who_found.append((word, strength, positions))  # weighed once the acts are known
            elif strength > best.get(word.concept, (0.0, ()))[0]:
                best[word.concept] = (strength, positions)
        for ci, (strength, positions, need) in cued.items():
            # «naken», «full»: only beside something else that happened; «rommet» (for «rømme»)
            # only beside another concept
            others = [c for c in best if c != ci and (need == WEAK_CUE or self.concepts[c].kind == "what")]
            # two ambiguous words of different kinds of harm say it together («merker etter slag»)
            others += [c for c, (_, _, n) in cued.items() if c != ci and n == CUE and self.concepts[c].kind == "what"]
            if others and ci not in best:
                best[ci] = (strength, positions)
        acts = {p for ci, (_, ps) in best.items() if ci in self._acts for p in ps}
        states = {p for ci, (_, ps) in best.items() if ci not in self._acts for p in ps}
        aged = [(ci, EXACT, a.number, a.positions) for a in ages for ci in self._age_concepts(a.years)]
        other_harmed = False
        for word, strength, positions in who_found:
            role = who_role(toks, positions, acts, states)
            other_harmed |= role == "victim"
            if word.role == "relative" and role == "victim":
                continue  # "slår barnebarnet": the grandchild is not the older person's relative here
            if word.role == "relative" and any(0 < p - max(positions) <= 2 for _, _, p, _ in aged):
                continue  # "niesen på 8": the age says who she is
            if word.role == "victim" and role != "victim":
                continue
            if word.role == "" and role == "agent":
                strength *= AGENT_SHARE
            if strength > best.get(word.concept, (0.0, ()))[0]:
                best[word.concept] = (strength, positions)
        for ci, strength, _, positions in aged:  # the age joins any other word for the same person
            old_strength, old_positions = best.get(ci, (0.0, ()))
            best[ci] = (max(strength, old_strength), tuple(sorted(set(old_positions) | set(positions))))
        older = next((ci for ci, c in enumerate(self.concepts) if getattr(c, "ages", None) and c.ages[0] >= 60), None)
        if older is not None and older not in best and not any(a.years < 18 for a in ages):
            kin = any(t.folded in _GROWN_KIN for t in toks)
            for p, t in enumerate(toks):
                if kin and t.folded in _PARENTS and (
                    _role(toks, (p,), acts, states) == "victim" or (p and toks[p - 1].folded in ("til", "fra"))
                ):
                    best[older] = (0.8, (p,))  # inferred: a grown child's parent
                    break
        what_positions = {p for ci, (_, ps) in best.items() if self.concepts[ci].kind == "what" for p in ps}
        for ci, pos in near_found:
            if ci not in best and any(abs(pos - p) <= NEAR_WINDOW for p in what_positions):
                best[ci] = (EXACT, (pos,))
        if any(self._requires):
            present = {f for t in toks for f in (t.folded, stem(t.folded))}
            harmed = who_was_harmed(toks, acts)
            someone_else = (other_harmed or "other" in harmed) and "self" not in harmed
            # «kollegaen min blir slått av mannen sin»: her own partner, not the worker's client
            someone_else |= self._partner in best and "self" not in harmed and not present & SELF and any(
                t.folded in _POSSESSIVE for p in best[self._partner][1] for t in toks[p + 1 : p + 2]
            )
            for ci in list(best):
                if self._requires[ci] and (someone_else or not self._requires[ci] & present):
                    # the worker's own safety needs "jeg", "meg", "oss", "besøk" …, and is not
                    # what "jeg er redd for at han slår henne" is about
                    del best[ci]
        out = [(ci, s, ps) for ci, (s, ps) in best.items()]
        out.sort(key=lambda x: -x[1] * self.concepts[x[0]].weight)
        content = {i for i, t in enumerate(toks) if t.number or not is_stop(t.folded)}
        explained = {p for _, _, ps in out for p in ps}
        share = len(content & explained) / len(content) if content else (1.0 if explained else 0.0)
        return out, share, frozenset(read)

    def _age_concepts(self, years: int) -> list[int]:
        """Concepts whose ``ages`` hold ``years`` (a child up to 17, an older person from 62)."""
        return [ci for ci, c in enumerate(self.concepts) if getattr(c, "ages", None) and c.ages[0] <= years <= c.ages[1]]

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

    def _asks_for_fact(self, toks: list[Tok]) -> bool:
        words = [t.folded for t in toks]
        for cue in self._fact_cues:
            n = len(cue)
            if any(tuple(words[i : i + n]) == cue for i in range(len(words) - n + 1)):
                return True
        return False

    # -- the bonus -------------------------------------------------------------

    def read(self, text: str) -> Reading:
        """What the layer understood in ``text`` (see :mod:`handbook.search.reading`)."""
        toks, typing = typed_words(text)
        matches, explained, read = self._match(toks, typing)
        return read_parts(self, text, toks, matches, explained, read, self._asks_for_fact(toks))

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
        result.whole = "what" in kinds and (len(kinds) >= 2 or words >= SENTENCE_WORDS or told)
        # a topic («deling av seksuelle bilder») or a question for a fact keeps its literal answer first
        result.whole = result.whole and reading.situation and not reading.question
        if kinds and "what" not in kinds and reading.age_spans and not reading.question:
            scale = 1.0  # «mor på 90»: a person described by her age is what the query is about
            result.whole = True
        found = {ci for ci, _, _ in matches}
        overridden = {o for ci in found for o in self._overrides[ci]} & found
        overridden = {o for ci in found - overridden for o in self._overrides[ci]} & found
        for ci, strength, _ in matches:
            c = self.concepts[ci]
            if ci in overridden:
                strength *= OVERRIDDEN  # "vil ha hjelp til å slutte å slå": the help, not "slår"
            result.concepts.append((c.id, strength))
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
        return result

    def _urgent_doc(self, reading: Reading, found: set[int]) -> int | None:
        """The flowchart's urgent step for an urgent reading: the worker's own safety when she is
        the one in danger, else the step the urgent concept leads to most."""
        urgent = [self._index[u.id] for u in reading.understood if u.urgent and u.id in self._index]
        own = [ci for ci in found if self._requires[ci]]  # the worker herself
        best, share = None, 0.0
        for ci in own + urgent:
            for doc in self._urgent_docs:
                value = self._targets[ci].get(doc, (0.0,))[0]
                if value > share:
                    best, share = doc, value
            if best is not None:
                return best
        return best

