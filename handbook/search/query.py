"""Turn what a user typed into Whoosh query objects — never into query syntax.

The text is tokenised with the index's own analysis (:mod:`analysis`); each
word becomes a *unit*: a disjunction of ways it can match, best first:

- the stemmed word in title, name, keywords, body and page title (weighted per field);
- completions of the last word while it is being typed (prefix);
- a one-edit correction, only if the word itself is in no field (typo);
- its parts, if it is a compound the handbook never uses whole ("telefonnummer");
- longer compounds that contain it, via the n-gram field ("vold" → "partnervold");
- synonyms from ``content/synonymer.yaml`` (one word or several).

Digit groups typed like a phone number become one number unit; paragraph
numbers ("3-3 a", "§ 282", "2.4") are number tokens. Units are scored apart
and combined by the engine with a coordination factor, so a question's extra
words never sink the answer. Nothing the user types is parsed as syntax, so
quotes, ``AND``, ``title:``, ``*`` and brackets are just characters.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Iterable, Mapping

from whoosh.query import And, Or, Phrase, Query, Term

from handbook.search.analysis import Tok, clean, fold, grams, is_stop, stem, tokenize

#: Weight of a match in each field (BM25 per field, summed: a BM25F-style blend).
FIELD_WEIGHTS: dict[str, float] = {"name": 4.0, "title": 2.5, "keywords": 2.0, "body": 1.0, "parent": 0.3}
PREFIX_WEIGHT = 0.75  # a completion of the word being typed
FUZZY_WEIGHT = 0.6  # a one-edit correction
SPLIT_WEIGHT = 0.7  # the parts of an unknown compound
GRAM_WEIGHT = 0.35  # a longer compound containing the word
SYNONYM_WEIGHT = 0.9  # a synonym from the editable list
PHRASE_WEIGHT = 0.6  # bonus for words next to each other, as typed
PARTS_WEIGHT = 0.2  # the separate digit groups of a phone number

MAX_QUERY_CHARS = 500
MAX_UNITS = 12
MAX_EXPANSIONS = 24
MIN_FUZZY_LEN = 5
MIN_SPLIT_LEN = 6
MIN_PART_LEN = 3
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class Vocabulary:
    """The index's terms per field, in memory, for expansions without a disk seek."""

    def __init__(self, reader, fields: Iterable[str] = (*FIELD_WEIGHTS, "gram")):
        self.by_field: dict[str, frozenset[str]] = {}
        df: dict[str, int] = {}
        for name in fields:
            terms = set()
            for raw, info in reader.iter_field(name):
                term = raw.decode("utf-8") if isinstance(raw, bytes) else raw
                terms.add(term)
                if name != "gram":
                    df[term] = max(df.get(term, 0), info.doc_frequency())
            self.by_field[name] = frozenset(terms)
        self.df = df
        self.words = frozenset(df)
        self.sorted = sorted(df)
        self.grams = self.by_field.get("gram", frozenset())

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
        found = {t for t in _edits1(term) if t in self.df}
        found.discard(term)
        return sorted(found, key=lambda t: (-self.df[t], t))[:MAX_EXPANSIONS]


def _edits1(word: str) -> set[str]:
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


@dataclass
class Unit:
    """One thing the user asked for (a word, a phrase with a synonym, a number).

    A document's score for the unit is its best score among ``alts`` (the
    ways the unit can match), so one word never counts twice.
    """

    label: str
    alts: list[Query]


@dataclass
class Plan:
    """The queries for one search, and what to mark in snippets.

    Attributes:
        units: Scored apart; a document's coordination is the share it matches.
        bonus: Extra score for words found next to each other (not counted in coordination).
        terms: Index terms (stems, numbers) whose occurrences are marked.
        fragments: Folded words marked where they occur inside a longer word.
    """

    units: list[Unit] = field(default_factory=list)
    bonus: list[Query] = field(default_factory=list)
    terms: set[str] = field(default_factory=set)
    fragments: set[str] = field(default_factory=set)


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
        primary = [t for t in toks if not t.extra]
        extras = [t for t in toks if t.extra]
        plan = Plan()
        if not primary:
            return plan
        content = [t for t in primary if t.number or not is_stop(t.folded)] or primary
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
        plan.units = units[:MAX_UNITS]
        plan.bonus = self._phrases(content)
        return plan

    # -- units -------------------------------------------------------------

    def _fields_query(self, term: str, weight: float = 1.0) -> Query | None:
        subs = [
            Term(name, term, boost=w * weight)
            for name, w in FIELD_WEIGHTS.items()
            if term in self.vocab.by_field.get(name, ())
        ]
        if not subs:
            return None
        return subs[0] if len(subs) == 1 else Or(subs)

    def _exact(self, t: Tok, plan: Plan) -> Query | None:
        term = t.folded if t.number else stem(t.folded)
        plan.terms.add(term)
        return self._fields_query(term)

    def _word_query(self, t: Tok, is_last: bool, extras: list[Tok], plan: Plan) -> Query | None:
        """All ways a word matches, as one query (inside an And)."""
        alts = self._word_alts(t, is_last, extras, plan)
        if not alts:
            return None
        return alts[0] if len(alts) == 1 else Or(alts)

    def _word_alts(self, t: Tok, is_last: bool, extras: list[Tok], plan: Plan) -> list[Query]:
        alts: list[Query] = []
        exact = self._exact(t, plan)
        if exact is not None:
            alts.append(exact)
        if t.number:
            for x in extras:
                if x.start == t.start and x.folded != t.folded and not (len(x.folded) >= 5 and x.folded.isdigit()):
                    q = self._fields_query(x.folded, 1.2 if x.folded.startswith(t.folded) else 0.8)
                    if q is not None:
                        plan.terms.add(x.folded)
                        alts.append(q)
            if is_last and len(t.folded) >= 3:
                alts.extend(self._expansions(self.vocab.prefixed(t.folded), PREFIX_WEIGHT, plan))
            return alts
        s = stem(t.folded)
        known = s in self.vocab
        if is_last and len(s) >= 3:
            alts.extend(self._expansions(self.vocab.prefixed(s), PREFIX_WEIGHT, plan))
        if not known and len(t.folded) >= MIN_FUZZY_LEN:
            alts.extend(self._expansions(self.vocab.near(s), FUZZY_WEIGHT, plan))
            if len(t.folded) >= MIN_SPLIT_LEN:
                split = self._split(t.folded, plan)
                if split is not None:
                    alts.append(split)
        g = self._grams(t.folded, plan)
        if g is not None:
            alts.append(g)
        return alts

    def _expansions(self, terms: list[str], weight: float, plan: Plan) -> list[Query]:
        """One query for all ``terms`` (completions or corrections), or none."""
        out = []
        for term in terms:
            q = self._fields_query(term, weight)
            if q is not None:
                plan.terms.add(term)
                out.append(q)
        if not out:
            return []
        return [out[0] if len(out) == 1 else Or(out)]

    def _grams(self, folded: str, plan: Plan) -> Query | None:
        gs = grams(folded)
        if not gs or not all(g in self.vocab.grams for g in gs):
            return None
        plan.fragments.add(folded)
        w = GRAM_WEIGHT / len(gs)
        return Term("gram", gs[0], boost=GRAM_WEIGHT) if len(gs) == 1 else And([Term("gram", g, boost=w) for g in gs])

    def _split(self, folded: str, plan: Plan) -> Query | None:
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
        qa, qb = self._fields_query(sh), self._fields_query(st)
        if qa is None or qb is None:
            return None
        plan.terms.update((sh, st))
        return And([qa, qb], boost=SPLIT_WEIGHT)

    def _phone_unit(self, ph: Tok, parts: list[Tok], plan: Plan) -> Unit:
        plan.terms.add(ph.folded)
        alts = []
        whole = self._fields_query(ph.folded)
        if whole is not None:
            alts.append(whole)
        part_qs = [self._fields_query(p.folded, PARTS_WEIGHT) for p in parts]
        if all(q is not None for q in part_qs):
            alts.append(And(part_qs))
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
        alts: list[Query] = []
        word_qs = [self._word_query(t, t is last, extras, plan) for t in words]
        word_qs = [q for q in word_qs if q is not None]
        if word_qs:
            alts.append(word_qs[0] if len(word_qs) == 1 else And(word_qs))
        for target in targets:
            q = self._target_query(target, plan)
            if q is not None:
                alts.append(q)
        return Unit(" ".join(t.raw for t in words), alts)

    def _target_query(self, target: str, plan: Plan) -> Query | None:
        toks = [t for t in tokenize(clean(target)) if not t.extra]
        toks = [t for t in toks if t.number or not is_stop(t.folded)] or toks
        qs = []
        for t in toks:
            q = self._exact(t, plan)
            if q is None:
                q = self._grams(t.folded, plan)
            if q is None:
                return None
            qs.append(q)
        if not qs:
            return None
        q = qs[0] if len(qs) == 1 else And(qs)
        q.boost = q.boost * SYNONYM_WEIGHT if hasattr(q, "boost") else SYNONYM_WEIGHT
        return q

    # -- bonus -----------------------------------------------------------------

    def _phrases(self, content: list[Tok]) -> list[Query]:
        out = []
        for a, b in zip(content, content[1:]):
            if a.number or b.number or b.pos - a.pos > 2:
                continue
            sa, sb = stem(a.folded), stem(b.folded)
            subs = [
                Phrase(name, [sa, sb], boost=PHRASE_WEIGHT * w)
                for name, w in FIELD_WEIGHTS.items()
                if name != "parent" and sa in self.vocab.by_field[name] and sb in self.vocab.by_field[name]
            ]
            if subs:
                out.append(Or(subs) if len(subs) > 1 else subs[0])
        return out

