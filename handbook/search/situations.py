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
from handbook.search.analysis import Tok, is_stop, stem, strict_stem
from handbook.search.query import edits1
from handbook.search.situation_words import (
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
_AGE_AFTER = {"aring", "arig", "aringen"}  # "80-åring", "16-årig"
_AGE_BEFORE = {"pa"}  # "gutten på 7"
_YEARS, _OLD = "ar", "gammel"  # "16 år gammel"


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
                (c.words, False, ""),
                (getattr(c, "near", ()), True, ""),
                (getattr(c, "relatives", ()), False, "relative"),
                (getattr(c, "victim_words", ()), False, "victim"),
            )
            for words, near, role in lists:
                for w in words:
                    word_forms, gaps = phrase_forms(w)
                    if word_forms:
                        self._words.append(_Word(i, word_forms, near=near, gaps=gaps, role=role))
        self._requires = [
            frozenset(f for w in getattr(c, "requires", ()) for pair in concept_word_forms(w) for f in pair) for c in self.concepts
        ]
        index = {c.id: i for i, c in enumerate(self.concepts)}
        self._overrides = [frozenset(index[o] for o in getattr(c, "overrides", ()) if o in index) for c in self.concepts]
        self._acts = frozenset(i for i, c in enumerate(self.concepts) if getattr(c, "act", False))
        self._by_form: dict[str, list[tuple[int, int]]] = {}
        for wi, w in enumerate(self._words):
            for ti, (folded, st) in enumerate(w.tokens):
                for key in dict.fromkeys((folded, st)):
                    self._by_form.setdefault(key, []).append((wi, ti))
        self._sorted_word_forms = sorted({f for w in self._words for f, _ in w.tokens})
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

        put(dict.fromkeys((q.folded, st, strict_stem(q.folded))), EXACT)
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
            put([e for e in edits1(q.folded) if e in self._by_form and len(e) >= MIN_TYPO], TYPO)
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
        per_pos = [self._token_matches(t, typing and i == len(toks) - 1) for i, t in enumerate(toks)]
        read = []
        for t, matches in zip(toks, per_pos):
            if t.number or not is_stop(t.folded):
                exact = any(s >= EXACT for _, _, s in matches)
                guess = [self._words[wi].tokens[ti][0] for wi, ti, s in matches if s in (PREFIX, TYPO)]
                read.append(guess[0] if guess and not exact and len(set(guess)) == 1 else t.folded)
        # where each word's tokens matched: word → token index → [(position, strength)]
        hits: dict[int, dict[int, list[tuple[int, float]]]] = {}
        for pos, matches in enumerate(per_pos):
            for wi, ti, s in matches:
                hits.setdefault(wi, {}).setdefault(ti, []).append((pos, s))
        best: dict[int, tuple[float, tuple[int, ...]]] = {}
        near_found: list[tuple[int, int]] = []
        who_found: list[tuple[_Word, float, tuple[int, ...]]] = []
        for wi, by_token in hits.items():
            word = self._words[wi]
            found = best_phrase_match(by_token, len(word.tokens), word.gaps)
            if found is None:
                continue
            strength, positions = found
            if word.near:
                near_found.extend((word.concept, p) for p in positions)
                continue
            strength *= 1.0 + PHRASE_STEP * (len(word.tokens) - 1)
            if self.concepts[word.concept].kind == "who":
                who_found.append((word, strength, positions))  # weighed once the acts are known
            elif strength > best.get(word.concept, (0.0, ()))[0]:
                best[word.concept] = (strength, positions)
        acts = {p for ci, (_, ps) in best.items() if ci in self._acts for p in ps}
        states = {p for ci, (_, ps) in best.items() if ci not in self._acts for p in ps}
        aged = self._ages(toks)
        other_harmed = False
        for word, strength, positions in who_found:
            role = who_role(toks, positions, acts, states)
            other_harmed |= role == "victim"
            if word.role == "relative" and role == "victim":
                continue  # "slår barnebarnet": the grandchild is not the older person's relative here
            if word.role == "relative" and any(0 < p - max(positions) <= 2 for _, _, p in aged):
                continue  # "niesen på 8": the age says who she is
            if word.role == "victim" and role != "victim":
                continue
            if word.role == "" and role == "agent":
                strength *= AGENT_SHARE
            if strength > best.get(word.concept, (0.0, ()))[0]:
                best[word.concept] = (strength, positions)
        for ci, strength, pos in aged:
            if strength > best.get(ci, (0.0, ()))[0]:
                best[ci] = (strength, (pos,))
        what_positions = {p for ci, (_, ps) in best.items() if self.concepts[ci].kind == "what" for p in ps}
        for ci, pos in near_found:
            if ci not in best and any(abs(pos - p) <= NEAR_WINDOW for p in what_positions):
                best[ci] = (EXACT, (pos,))
        if any(self._requires):
            present = {f for t in toks for f in (t.folded, stem(t.folded))}
            harmed = who_was_harmed(toks, acts)
            someone_else = (other_harmed or "other" in harmed) and "self" not in harmed
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

    def _ages(self, toks: list[Tok]) -> list[tuple[int, float, int]]:
        """Concepts whose ``ages`` hold an age in the query ("på 7", "16 år", "80-åring")."""
        out = []
        for i, t in enumerate(toks):
            if not t.number or not t.folded.isdigit():
                continue
            after = [x.folded for x in toks[i + 1 : i + 3]]
            before = toks[i - 1].folded if i > 0 else ""
            aged = (after[:1] and after[0] in _AGE_AFTER) or after[:2] == [_YEARS, _OLD] or before in _AGE_BEFORE
            if not aged:
                continue
            age = int(t.folded)
            for ci, c in enumerate(self.concepts):
                ages = getattr(c, "ages", None)
                if ages and ages[0] <= age <= ages[1]:
                    out.append((ci, EXACT, i))
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

    def _asks_for_fact(self, toks: list[Tok]) -> bool:
        words = [t.folded for t in toks]
        for cue in self._fact_cues:
            n = len(cue)
            if any(tuple(words[i : i + n]) == cue for i in range(len(words) - n + 1)):
                return True
        return False

    # -- the bonus -------------------------------------------------------------

    def situation(self, text: str) -> Situation:
        """The concepts in ``text`` and the bonus each document gets from them."""
        result = Situation()
        per_doc: dict[int, list[Reason]] = {}
        toks, typing = typed_words(text)
        matches, result.explained, read = self._match(toks, typing)
        result.names_a_title = read in self._named_titles
        scale = FACT_SHARE if matches and self._asks_for_fact(toks) else 1.0
        kinds = [self.concepts[ci].kind for ci, _, _ in matches]
        if matches and "what" not in kinds:
            scale *= WHO_ONLY_SHARE
        words = sum(1 for t in toks if t.number or not is_stop(t.folded))
        told = any(self.concepts[ci].kind == "what" and len(ps) >= SENTENCE_PHRASE for ci, _, ps in matches)
        told = told or len(toks) >= SENTENCE_TOKENS
        result.whole = "what" in kinds and (len(kinds) >= 2 or words >= SENTENCE_WORDS or told)
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
                if not result.whole and doc in self._violence_form_docs:
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
        return result
