"""Turn what a user typed into query nodes (:mod:`scoring`) — never into query syntax.

The text is tokenised with the index's own analysis (:mod:`analysis`); each
word becomes a *unit*: a disjunction of ways it can match, best first:

- the stemmed word in the text fields (BM25F, see :mod:`scoring`);
- completions of the last word while it is being typed (prefix);
- a one-edit correction, only if the word itself is in no field (typo);
- its parts, if it is a compound the handbook never uses whole ("telefonnummer");
- longer compounds that contain it, via the n-gram field ("vold" → "partnervold");
- synonyms from ``content/synonymer.yaml`` (one word or several).

Digit groups typed like a phone number become one number unit; paragraph
numbers ("3-3 a", "§ 282", "2.4") are number tokens. Units are scored apart
and combined by :mod:`ranking` with a coordination factor, so a question's
extra words never sink the answer. Nothing the user types is parsed as syntax, so
quotes, ``AND``, ``title:``, ``*`` and brackets are just characters.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from handbook.search.analysis import Tok, clean, fold, grams, is_stop, stem, tokenize
from handbook.search.scoring import FIELD_WEIGHTS, GRAM_FIELD, GramQ, Node, PhraseQ, TermQ, all_of, any_of

PREFIX_WEIGHT = 0.75  # a completion of the word being typed
FUZZY_WEIGHT = 0.6  # a one-edit correction
DERIVED_WEIGHT = 0.7  # the word a derived form comes from ('lugging' → 'lugger')
SPLIT_WEIGHT = 0.7  # the parts of an unknown compound
GRAM_WEIGHT = 0.35  # a longer compound containing the word
SYNONYM_WEIGHT = 0.9  # a synonym from the editable list
PHRASE_WEIGHT = 0.5  # bonus for words next to each other, as typed
PARTS_WEIGHT = 0.2  # the separate digit groups of a phone number
NUMBER_AFTER_SIGN_WEIGHT = 0.4  # "§ 196" also matching a plain 196 (say, inside a phone number)

# How fully a match of each kind counts for coordination (the word itself: 1.0).
PREFIX_COVER = 0.9
FUZZY_COVER = 0.9
DERIVED_COVER = 0.9
SPLIT_COVER = 0.8
GRAM_COVER = 0.5

MAX_QUERY_CHARS = 500
MAX_UNITS = 12
MAX_TOKENS = 24  # words and numbers looked at (a pasted paragraph is cut here)
MAX_EXPANSIONS = 24
MAX_EXPANSIONS_KNOWN = 6
MIN_FUZZY_LEN = 5
MAX_WORD_LEN = 40  # longer "words" are not corrected or split (pasted junk)
MIN_SPLIT_LEN = 6
MIN_PART_LEN = 3
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_INFLECTIONS = ("en", "et", "e", "er", "ene")
_DERIVATIONS = ("ingene", "ingen", "inger", "inga", "ing", "elsene", "elsen", "else", "heten", "het", "lige", "lig", "ende")


class Vocabulary:
    """The index's terms per field, in memory, for expansions without a disk seek."""

    def __init__(self, reader, fields: Iterable[str] = (*FIELD_WEIGHTS, GRAM_FIELD)):
        self.by_field: dict[str, frozenset[str]] = {}
        df: dict[str, int] = {}
        for name in fields:
            terms = set()
            for raw, info in reader.iter_field(name):
                term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                terms.add(term)
                if name != GRAM_FIELD:
                    df[term] = max(df.get(term, 0), info.doc_frequency())
            self.by_field[name] = frozenset(terms)
        self.df = df
        self.words = frozenset(df)
        self.sorted = sorted(df)
        self.grams = self.by_field.get(GRAM_FIELD, frozenset())

    def __contains__(self, term: str) -> bool:
        return term in self.df

    def prefixed(self, prefix: str, limit: int = MAX_EXPANSIONS) -> list[str]:
        """Terms starting with ``prefix`` (not itself), most frequent first."""
        i = bisect.bisect_left(self.sorted, prefix)
        out = []
        while i < len(self.sorted) and self.sorted[i].startswith(prefix):
            if self.sorted[i] != prefix:
                out.append(self.sorted[i])
            i += 1
            if len(out) > 400:
                break
        out.sort(key=lambda t: (-self.df[t], len(t), t))
        return out[:limit]

    def near(self, term: str) -> list[str]:
        """Terms one edit (insert, delete, replace, swap) away from ``term``."""
        found = {t for t in edits1(term) if t in self.df}
        found.discard(term)
        return sorted(found, key=lambda t: (-self.df[t], t))[:MAX_EXPANSIONS]


def edits1(word: str) -> set[str]:
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = set()
    for a, b in splits:
        if b:
            out.add(a + b[1:])
            for c in _LETTERS:
                out.add(a + c + b[1:])
        if len(b) > 1:
            out.add(a + b[1] + b[0] + b[2:])
        for c in _LETTERS:
            out.add(a + c + b)
    return out


@dataclass(frozen=True)
class Alt:
    """One way a unit can match.

    Attributes:
        query: The query node (already weighted).
        cover: How fully a document matching it has the unit (1.0 for the
            word itself or a synonym; less for a completion, a correction or a
            longer compound), for the engine's coordination factor.
        synonym: A synonym from the list: it counts as strongly as the word
            itself (its best document scores at least like the word's best).
    """

    query: Node
    cover: float = 1.0
    synonym: bool = False


@dataclass
class Unit:
    """One thing the user asked for (a word, a phrase with a synonym, a number).

    A document's score for the unit is its best score among ``alts``, so one
    word never counts twice.
    """

    label: str
    alts: list[Alt]


@dataclass
class Plan:
    """The queries for one search, and what to mark in snippets.

    Attributes:
        units: Scored apart; a document's coordination is the share it matches.
        bonus: Extra score for words found next to each other (not counted in coordination).
        terms: Index terms (stems, numbers) whose occurrences are marked.
        fragments: Folded words marked where they occur inside a longer word.
        words: Every word typed, folded (stop words too), for the title match.
        unmatched: Words typed that the index has in no form (no unit).
    """

    units: list[Unit] = field(default_factory=list)
    bonus: list[Node] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    fragments: set[str] = field(default_factory=set)
    words: frozenset[str] = frozenset()
    unmatched: int = 0


def _key(words: Iterable[str]) -> str:
    return " ".join(stem(fold(w)) for w in words)


class QueryBuilder:
    """Builds a :class:`Plan` for a text against one index's vocabulary.

    Args:
        vocab: The index's terms.
        synonyms: ``word or phrase → words it should also find`` (content/synonymer.yaml).
    """

    def __init__(self, vocab: Vocabulary, synonyms: Mapping[str, Iterable[str]] | None = None):
        self.vocab = vocab
        self.synonyms: dict[str, list[str]] = {}
        for word, targets in (synonyms or {}).items():
            key_words = [t.folded for t in tokenize(clean(str(word))) if not t.extra]
            if not key_words:
                continue
            self.synonyms.setdefault(_key(key_words), []).extend(str(t) for t in targets)
        self.max_key = max((k.count(" ") + 1 for k in self.synonyms), default=1)

    # -- public -----------------------------------------------------------

    def build(self, text: str) -> Plan:
        text = clean(text)[:MAX_QUERY_CHARS]
        typing = bool(text) and not text[-1].isspace()
        toks = tokenize(text)
        primary = [t for t in toks if not t.extra][:MAX_TOKENS]
        end = primary[-1].end if primary else 0
        extras = [t for t in toks if t.extra and t.start < end]
        plan = Plan()
        if not primary:
            return plan
        content = [t for t in primary if t.number or not is_stop(t.folded)] or primary
        seen: set[str] = set()
        content = [t for t in content if not (t.folded in seen or seen.add(t.folded))]  # a word typed twice counts once
        last = primary[-1] if typing else None

        spans = self._synonym_spans(primary)
        phones = [t for t in extras if len(t.folded) >= 5 and t.folded.isdigit()]
        covered: set[int] = set()
        units: list[Unit] = []
        for ph in phones:
            parts = [t for t in primary if ph.start <= t.start and t.end <= ph.end]
            if len(parts) < 2 or any(id(t) in covered for t in parts):
                continue
            covered.update(id(t) for t in parts)
            units.append(self._phone_unit(ph, parts, plan))
        for start, end, targets in spans:
            span = primary[start:end]
            if any(id(t) in covered for t in span):
                continue
            covered.update(id(t) for t in span)
            words = [t for t in span if t in content] or span
            units.append(self._synonym_unit(words, targets, last, extras, plan))
        for t in content:
            if id(t) in covered:
                continue
            alts = self._word_alts(t, t is last, extras, plan)
            if alts:
                units.append(Unit(t.raw, alts))
            else:
                plan.unmatched += 1
        plan.units = units[:MAX_UNITS]
        plan.words = frozenset(t.folded for t in primary)
        plan.bonus = self._phrases(content)
        return plan

    # -- units -------------------------------------------------------------

    def _fields_query(self, term: str, weight: float = 1.0) -> Node | None:
        return TermQ(term, weight) if term in self.vocab else None

    def _exact(self, t: Tok, plan: Plan, weight: float = 1.0) -> Node | None:
        """The word itself: its stem, or the forms its stem can miss.

        Snowball cuts "-er" from 'incestsenter' but "-et" from 'incestsenteret',
        so the unstemmed word and the stems of its inflected forms are tried too.
        """
        if t.number:
            plan.terms.add(t.folded)
            return self._fields_query(t.folded, weight)
        forms = dict.fromkeys((stem(t.folded), t.folded, *(stem(t.folded + e) for e in _INFLECTIONS)))
        found = [f for f in forms if f in self.vocab]
        plan.terms.update(found)
        plan.terms.add(stem(t.folded))
        return any_of([TermQ(f) for f in found], weight)

    def _word_query(self, t: Tok, is_last: bool, extras: list[Tok], plan: Plan) -> Node | None:
        """All ways a word matches, as one node (inside an AllQ)."""
        return any_of([a.query for a in self._word_alts(t, is_last, extras, plan)])

    def _word_alts(self, t: Tok, is_last: bool, extras: list[Tok], plan: Plan) -> list[Alt]:
        alts: list[Alt] = []
        if t.number:
            paragraph = any(x.start == t.start and x.folded.startswith("§") for x in extras)
            exact = self._exact(t, plan, NUMBER_AFTER_SIGN_WEIGHT if paragraph else 1.0)
            if exact is not None:
                alts.append(Alt(exact))
            for x in extras:
                if x.start == t.start and x.folded != t.folded and not (len(x.folded) >= 5 and x.folded.isdigit()):
                    q = self._fields_query(x.folded, 1.2 if x.folded.startswith((t.folded, "§")) else 0.8)
                    if q is not None:
                        plan.terms.add(x.folded)
                        alts.append(Alt(q))
            if is_last and paragraph:
                alts.extend(self._expansions(self.vocab.prefixed("§" + t.folded), PREFIX_WEIGHT, PREFIX_COVER, plan))
            elif is_last and len(t.folded) >= 3:
                alts.extend(self._expansions(self.vocab.prefixed(t.folded), PREFIX_WEIGHT, PREFIX_COVER, plan))
            return alts
        exact = self._exact(t, plan)
        if exact is not None:
            alts.append(Alt(exact))
        s = stem(t.folded)
        known = exact is not None
        if is_last and len(s) >= 3:
            # a word typed in full needs only its likeliest completions
            idf_of = s if exact is not None else None
            limit = MAX_EXPANSIONS_KNOWN if exact is not None else MAX_EXPANSIONS
            alts.extend(self._expansions(self.vocab.prefixed(s, limit), PREFIX_WEIGHT, PREFIX_COVER, plan, idf_of))
        if not known and MIN_FUZZY_LEN <= len(t.folded) <= MAX_WORD_LEN:
            alts.extend(self._expansions(self._derived(t.folded), DERIVED_WEIGHT, DERIVED_COVER, plan))
            corrected = self._expansions(self.vocab.near(s), FUZZY_WEIGHT, FUZZY_COVER, plan)
            alts.extend(corrected)
            # one letter away from a word the handbook uses is a typo ('barnvernet'), not a
            # compound of two common words ('barn' + 'vern')
            if len(t.folded) >= MIN_SPLIT_LEN and not corrected:
                split = self._split(t.folded, plan)
                if split is not None:
                    alts.append(Alt(split, SPLIT_COVER))
        g = self._grams(t.folded, plan)
        if g is not None:
            alts.append(Alt(g, GRAM_COVER))
        return alts

    def _expansions(
        self, terms: list[str], weight: float, cover: float, plan: Plan, idf_of: str | None = None
    ) -> list[Alt]:
        """One alternative for all ``terms`` (completions or corrections), or none."""
        nodes = [TermQ(t, idf_of=idf_of) for t in terms if t in self.vocab]
        plan.terms.update(n.term for n in nodes)
        q = any_of(nodes, weight)
        return [Alt(q, cover)] if q is not None else []

    def _derived(self, folded: str) -> list[str]:
        """Known words this one is derived from ('lugging' → 'lugg', 'tryggheten' → 'trygg')."""
        out = []
        for suffix in _DERIVATIONS:
            base = folded[: -len(suffix)]
            if folded.endswith(suffix) and len(base) >= MIN_PART_LEN + 1:
                for form in (base, stem(base)):
                    if form in self.vocab and form not in out:
                        out.append(form)
        return out

    def _grams(self, folded: str, plan: Plan) -> Node | None:
        """Longer words that contain this one ('vold' → 'partnervold'), by its stem's n-grams."""
        base = stem(folded)
        if len(base) >= 4:
            folded = base
        gs = grams(folded) if len(folded) <= MAX_WORD_LEN else []
        if not gs or not all(g in self.vocab.grams for g in gs):
            return None
        plan.fragments.add(folded)
        return GramQ(tuple(gs), GRAM_WEIGHT)

    def _split(self, folded: str, plan: Plan) -> Node | None:
        """The best two known parts of a compound ('telefonnummer' → telefon + nummer)."""
        best: tuple[int, str, str] | None = None
        for i in range(MIN_PART_LEN, len(folded) - MIN_PART_LEN + 1):
            head, tail = folded[:i], folded[i:]
            heads = [head] + ([head[:-1]] if head[-1] in "se" and len(head) > MIN_PART_LEN else [])
            for h in heads:
                sh, st = stem(h), stem(tail)
                if sh in self.vocab and st in self.vocab:
                    score = min(len(h), len(tail))
                    if best is None or score > best[0]:
                        best = (score, sh, st)
        if best is None:
            return None
        _, sh, st = best
        plan.terms.update((sh, st))
        return all_of([TermQ(sh), TermQ(st)], SPLIT_WEIGHT)

    def _phone_unit(self, ph: Tok, parts: list[Tok], plan: Plan) -> Unit:
        plan.terms.add(ph.folded)
        alts = []
        whole = self._fields_query(ph.folded)
        if whole is not None:
            alts.append(Alt(whole))
        parts_q = all_of([self._fields_query(p.folded) for p in parts], PARTS_WEIGHT)
        if parts_q is not None:
            alts.append(Alt(parts_q, GRAM_COVER))
        return Unit(" ".join(p.raw for p in parts), alts)

    # -- synonyms ------------------------------------------------------------

    def _synonym_spans(self, primary: list[Tok]) -> list[tuple[int, int, list[str]]]:
        """Non-overlapping spans of the query that are synonym keys, longest first."""
        if not self.synonyms:
            return []
        taken = [False] * len(primary)
        out = []
        for n in range(min(self.max_key, len(primary)), 0, -1):
            for i in range(len(primary) - n + 1):
                if any(taken[i : i + n]):
                    continue
                targets = self.synonyms.get(_key(t.folded for t in primary[i : i + n]))
                if targets:
                    out.append((i, i + n, targets))
                    for j in range(i, i + n):
                        taken[j] = True
        return sorted(out)

    def _synonym_unit(self, words: list[Tok], targets: list[str], last, extras, plan: Plan) -> Unit:
        alts: list[Alt] = []
        if len(words) == 1:
            alts.extend(self._word_alts(words[0], words[0] is last, extras, plan))
        else:
            q = all_of([self._word_query(t, t is last, extras, plan) for t in words])
            if q is not None:
                alts.append(Alt(q))
        for target in targets:
            q = self._target_query(target, plan)
            if q is not None:
                alts.append(Alt(q, synonym=True))
        return Unit(" ".join(t.raw for t in words), alts)

    def _target_query(self, target: str, plan: Plan) -> Node | None:
        toks = [t for t in tokenize(clean(target)) if not t.extra]
        toks = [t for t in toks if t.number or not is_stop(t.folded)] or toks
        nodes = []
        for t in toks:
            q = self._exact(t, plan)
            if q is None:
                q = self._grams(t.folded, plan)
            if q is None:
                return None
            nodes.append(q)
        return all_of(nodes, SYNONYM_WEIGHT)

    # -- bonus -----------------------------------------------------------------

    def _phrases(self, content: list[Tok]) -> list[Node]:
        """A bonus for each pair of words typed next to each other that the text has together."""
        out: list[Node] = []
        for a, b in zip(content, content[1:]):
            if a.number or b.number or b.pos - a.pos > 2:
                continue
            sa, sb = stem(a.folded), stem(b.folded)
            if sa in self.vocab and sb in self.vocab:
                out.append(PhraseQ(sa, sb, PHRASE_WEIGHT))
        return out
