"""Matching concept words in a query: which *who* and *what* it names, and how sure. No Qt.

The situation layer (:mod:`handbook.search.situations`) turns what this finds
into a bonus for the documents the concepts lead to; :mod:`handbook.search.reading`
turns it into the reading the results say above them. See the situation layer's
docstring for the tolerances (typing, typos, compounds, phrases with gaps) and
who-was-harmed rules.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Iterable, Sequence

from handbook.search.ages import PERSON_WORDS, find_ages
from handbook.search.analysis import Tok, clean, is_stop, stem, strict_stem, tokenize
from handbook.search.query import edits1
from handbook.search.reading import CUE, PRONOUNS, WEAK, WEAK_CUE, Reading, read_parts
from handbook.search.situation_words import (
    OTHERS,
    PASSIVE,
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
# A question for a fact ("hvor mange", "hva er") wants the plan's text, not an action.
# A question for what to do or whom to call wants the action, even with one concept («tvangsgiftet, hva gjør jeg»).
ACTION_CUES = ("hva gjør jeg", "hva skal jeg gjøre", "hva bør jeg gjøre", "hvem ringer jeg", "hvem skal jeg ringe",
               "hvem kontakter jeg", "hvem kan hjelpe", "hva gjer eg", "kva gjer eg", "kva skal eg gjere",
               "kven ringer eg", "hvor ringer jeg")
FACT_CUES = ("hvor mange", "hvor mye", "hvor stor", "hvor ofte", "hva er", "hva betyr", "hva menes",
             "antall", "andel", "prosent", "statistikk", "definisjon")
_LETTERS = re.compile(r"[^\W\d_]+")
_ACCENTED = frozenset("æøåäöü")
AGENT_SHARE = 0.3  # a *who* word that did the act ("bestefar slår …") says little about who was harmed
_POSSESSIVE = frozenset({"sin", "si", "sitt", "sine", "hennes", "hans", "deres"})  # "mannen sin": someone else's partner
HELP_TO_STOP = "vil-slutte"  # the concept for the one who acts and wants help to stop
# The wish for help: beside an act done to no one named, the one who acts is asking.
HELP_CUES = ("vil ha hjelp", "ber om hjelp", "trenger hjelp", "ønsker hjelp", "vil få hjelp", "søker hjelp",
             "vil ha noen å snakke med", "ber han om hjelp", "ber hun om hjelp", "vil han ha hjelp",
             "vil hun ha hjelp")
PARTNER = "partner"  # the *who* concept for a partner (a colleague's partner is not the worker's client)
# A parent harmed by a grown son, daughter or sibling is an older person («broren presser mamma»).
_PARENTS = frozenset({"mor", "moren", "mora", "mamma", "mammaen", "far", "faren", "pappa", "pappaen", "foreldrene"})
_GROWN_KIN = frozenset({"sonn", "sonnen", "datter", "datteren", "dattera", "bror", "broren", "soster", "sosteren",
                        "sostera", "svigersonn", "svigersonnen", "svigerdatter", "svigerdatteren", "sonnene", "dotrene"})


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


def accented_tokens(phrase: str) -> tuple[bool, ...]:
    """Per word of a concept phrase (as :func:`phrase_forms` gives them): written with æ, ø or å."""
    return tuple(t.raw != t.folded for t in tokenize(clean(phrase.replace("…", " "))) if not t.extra)


def plain_forms(text: str) -> list[str]:
    """The words of ``text`` written without æ, ø or å (lowercase)."""
    return [w for w in _LETTERS.findall(text.lower()) if not _ACCENTED & set(w)]


def _all_words(concept) -> list[str]:
    lists = ("words", "near", "relatives", "victim_words", "needs_cue")
    return [w for name in lists for w in getattr(concept, name, ())]


@dataclass(frozen=True)
class Matched:
    """What :meth:`ConceptMatcher._match` found: (concept index, strength, positions) strongest
    first, the share of the words explained, the words as read, and the *who* concepts harmed."""

    concepts: list[tuple[int, float, tuple[int, ...]]]
    explained: float
    read: frozenset[str]
    victims: frozenset[int]


def _has_cue(toks: Sequence[Tok], cues: Sequence[tuple[str, ...]]) -> bool:
    return bool(_cue_positions(toks, cues))


def _cue_positions(toks: Sequence[Tok], cues: Sequence[tuple[str, ...]]) -> list[int]:
    words = [t.folded for t in toks]
    return [i + k for cue in cues for i in range(len(words) - len(cue) + 1)
            if tuple(words[i : i + len(cue)]) == cue for k in range(len(cue))]


def _names_an_object(toks: Sequence[Tok], p: int) -> bool:
    """Whether the act at ``p`` is done to someone named right after it («slår henne», «slo på kona»)."""
    after = [t.folded for t in toks[p + 1 : p + 3]]
    if after and after[0] in ("pa", "til", "mot") and len(after) > 1:
        after = after[1:]
    return bool(after) and (after[0] in OTHERS or after[0] in SELF or after[0] in PERSON_WORDS)


def _is_child(concept) -> bool:
    ages = getattr(concept, "ages", None)
    return bool(ages) and ages[0] == 0


class ConceptMatcher:
    """Finds the concepts in a query's words. No Qt; cheap per query.

    Args:
        concepts: The handbook's concepts.
        known: Words the index holds (stems and numbers): such a word is never
            taken for a typo or a compound.
        plain_words: Words the handbook writes without æ, ø or å (folded): typed so,
            such a word is itself, not a concept word with æøå («klarer» is not «klår»,
            «far» is not «får»).
        named_titles: The folded words (stop words aside) of each title of a
            service, a form of violence or a duty card.
    """

    def __init__(
        self,
        concepts: Sequence,
        known: Iterable[str] = (),
        named_titles: Iterable[frozenset[str]] = (),
        plain_words: Iterable[str] = (),
    ):
        self.concepts = list(concepts)
        self.named_titles = frozenset(named_titles)
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
                        self._words.append(_Word(i, word_forms, near, gaps, role, cue, accented_tokens(w)))
        self.requires = [
            frozenset(f for w in getattr(c, "requires", ()) for pair in concept_word_forms(w) for f in pair) for c in self.concepts
        ]
        index = {c.id: i for i, c in enumerate(self.concepts)}
        self._acts = frozenset(i for i, c in enumerate(self.concepts) if getattr(c, "act", False))
        self._partner = index.get(PARTNER)
        self._help_to_stop = index.get(HELP_TO_STOP)
        self._help_cues = [tuple(f for f, _ in concept_word_forms(c)) for c in HELP_CUES]
        # concepts whose own words say «seg» («må gifte seg»): for them «… seg» is still the act
        self._reflexive = frozenset(i for i, c in enumerate(self.concepts) if any(" seg" in f" {w} " for w in c.words))
        self._by_form: dict[str, list[tuple[int, int]]] = {}
        for wi, w in enumerate(self._words):
            for ti, (folded, st) in enumerate(w.tokens):
                for key in dict.fromkeys((folded, st)):
                    self._by_form.setdefault(key, []).append((wi, ti))
        self._sorted_word_forms = sorted({f for w in self._words for f, _ in w.tokens})
        # every concept word and every word of the handbook is a known word: typo tolerance
        # never turns one known word into another («drukket» is not «brukket»)
        self._known = frozenset(known) | {f for w in self._words for pair in w.tokens for f in pair}
        plain = set(plain_words) | {t for c in self.concepts for w in _all_words(c) for t in plain_forms(w)}
        self._plain = frozenset(plain) | {stem(f) for f in plain}
        self._fact_cues = [tuple(f for f, _ in concept_word_forms(c)) for c in FACT_CUES]
        self._action_cues = [tuple(f for f, _ in concept_word_forms(c)) for c in ACTION_CUES]

    def read(self, text: str) -> Reading:
        """What was understood in ``text`` (see :mod:`handbook.search.reading`)."""
        toks, typing = typed_words(text)
        m = self._match(toks, typing)
        harmed = {self.concepts[ci].id for ci in m.victims}
        reading = read_parts(self, text, toks, m.concepts, m.explained, m.read, self._asks_for_fact(toks), harmed)
        if not reading.understood or not _has_cue(toks, self._action_cues):
            return reading
        return replace(reading, action=True, names_a_title=False)  # «tvangsekteskap, hva gjør jeg»: the step


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
        typed_accented = q.raw != q.folded
        for wt in [wt for wt, s in found.items() if s == EXACT]:
            word, ti = self._words[wt[0]], wt[1]
            accented = ti < len(word.accented) and word.accented[ti]
            if typed_accented and not accented:
                del found[wt]  # «får» is not «far»: æøå typed are meant
            elif accented and not typed_accented:
                if q.folded in self._plain or st in self._plain:
                    del found[wt]  # «klarer», «far»: a word of its own, written without æøå
                elif word.tokens[ti][0] != q.folded:
                    found[wt] = WEAK  # only a stem in common: «rommet» is not surely «rømme»
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

    def _match(self, toks: list[Tok], typing: bool) -> "Matched":
        """The concepts found, the share of the query's words they explain, the query's
        words (stop words aside) with typos and half-typed words read as the concept words
        they match, and the *who* concepts that name the one harmed."""
        if not toks:
            return Matched([], 0.0, frozenset(), frozenset())
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
        victims: set[int] = set()  # the *who* concepts that name the one harmed
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
            if role == "victim":
                victims.add(word.concept)
        for ci, strength, _, positions in aged:  # the age joins any other word for the same person
            old_strength, old_positions = best.get(ci, (0.0, ()))
            best[ci] = (max(strength, old_strength), tuple(sorted(set(old_positions) | set(positions))))
            if who_role(toks, positions, acts, states) == "victim":
                victims.add(ci)
        older = next((ci for ci, c in enumerate(self.concepts) if getattr(c, "ages", None) and c.ages[0] >= 60), None)
        if older is not None and older not in best and not any(a.years < 18 for a in ages):
            kin = any(t.folded in _GROWN_KIN for t in toks)
            for p, t in enumerate(toks):
                if kin and t.folded in _PARENTS and (
                    who_role(toks, (p,), acts, states) == "victim" or (p and toks[p - 1].folded in ("til", "fra"))
                ):
                    best[older] = (0.8, (p,))  # inferred: a grown child's parent
                    victims.add(older)
                    break
        self._asks_help_to_stop(toks, acts, victims, best)
        what_positions = {p for ci, (_, ps) in best.items() if self.concepts[ci].kind == "what" for p in ps}
        for ci, pos in near_found:
            if ci not in best and any(abs(pos - p) <= NEAR_WINDOW for p in what_positions):
                best[ci] = (EXACT, (pos,))
        if any(self.requires):
            present = {f for t in toks for f in (t.folded, stem(t.folded))}
            harmed = who_was_harmed(toks, acts)
            someone_else = (other_harmed or "other" in harmed) and "self" not in harmed
            # «kollegaen min blir slått av mannen sin»: her own partner, not the worker's client
            someone_else |= self._partner in best and "self" not in harmed and not present & SELF and any(
                t.folded in _POSSESSIVE for p in best[self._partner][1] for t in toks[p + 1 : p + 2]
            )
            for ci in list(best):
                if self.requires[ci] and (someone_else or not self.requires[ci] & present):
                    # the worker's own safety needs "jeg", "meg", "oss", "besøk" …, and is not
                    # what "jeg er redd for at han slår henne" is about
                    del best[ci]
                elif self.requires[ci] and "self" in harmed:
                    victims.add(ci)  # «truet meg»: the worker is the one harmed
        victims &= set(best)
        if victims:
            # who is harmed decides: another grown-up *who* only says who did it, or where
            # («barnebarnet har blåmerker etter helga hos bestefar»); a child is never mere context
            for ci in list(best):
                c = self.concepts[ci]
                if c.kind == "who" and ci not in victims and not _is_child(c):
                    best[ci] = (best[ci][0] * AGENT_SHARE, best[ci][1])
        out = [(ci, s, ps) for ci, (s, ps) in best.items()]
        out.sort(key=lambda x: -x[1] * self.concepts[x[0]].weight)
        content = {i for i, t in enumerate(toks) if t.number or not is_stop(t.folded)}
        # ages and words for a person are understood too («kvinne 45 år blir slått av mannen»)
        explained = {p for _, _, ps in out for p in ps} | consumed
        explained |= {i for i, t in enumerate(toks) if t.folded in PERSON_WORDS and i in content}
        share = len(content & explained) / len(content) if content else (1.0 if explained else 0.0)
        return Matched(out, share, frozenset(read), frozenset(victims))

    def _age_concepts(self, years: int) -> list[int]:
        """Concepts whose ``ages`` hold ``years`` (a child up to 17, an older person from 62)."""
        return [ci for ci, c in enumerate(self.concepts) if getattr(c, "ages", None) and c.ages[0] <= years <= c.ages[1]]

    def _asks_help_to_stop(self, toks: list[Tok], acts: set[int], victims: set[int], best: dict) -> None:
        """«han klarer ikke å la være å slå når han blir sint og vil ha hjelp»: an act done to no one
        named, and the wish for help, is the one who acts asking for help to stop."""
        stop = self._help_to_stop
        if stop is None or stop in best or victims or not acts:
            return
        wish = _cue_positions(toks, self._help_cues)
        if not wish or any(_names_an_object(toks, p) for p in acts):
            return
        if any(p and toks[p - 1].folded in PASSIVE for p in acts):
            return  # «hun blir slått og vil ha hjelp»: the one harmed asks
        best[stop] = (EXACT, tuple(sorted(set(wish) | acts)))

    def _asks_for_fact(self, toks: list[Tok]) -> bool:
        return _has_cue(toks, self._fact_cues)
