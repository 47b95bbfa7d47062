"""Ranking: per-unit scores, coordination, and the title match.

For each unit of a query (a word, a synonym span, a number) a document gets
the score of its best matching alternative (plus a little of the others).
Units add up; the sum is scaled by the share of units the document covers
(squared), so a question's extra words never sink the answer and a section
with all the words beats one with only the rarest. Finally the title: the more
the typed words and the section's title overlap (Dice), the higher, and more
so when the title names a service, a form of violence or a duty card.
"""

from __future__ import annotations

import heapq
from typing import Mapping, Sequence

from handbook.search.analysis import STOP_WORDS, title_words
from handbook.search.query import Alt, Plan
from handbook.search.scoring import Evaluator

COORD_EXPONENT = 2.0  # how much matching every word of the query counts
MIN_RELATIVE_SCORE = 0.04  # hits scoring below this share of the best are dropped
TIEBREAK = 0.1  # share of a unit's other matching alternatives added to its best
FULL_COVER = 0.99  # a document with every word of the query as typed
SITUATION_DECAY = 0.7
KEYWORD_DECAY = 1.0  # one concept typed as a keyword: each of its answers adds in full
REPEATED_ANSWER = 0.5  # a document whose contact or card is already higher up
SITUATION_WORDS = 0.15  # share of its own word score a document keeps in a whole situation  # each further document a situation lifts gets this much less of its bonus
TITLE_MATCH = 0.4  # bonus when the title is what was typed (its stop words count if typed: "hva er vold")
NAME_MATCH = 0.8  # the same when the title names a service, a form of violence or a duty card
UNIT_CACHE_SIZE = 256


def _split_title(title: str) -> tuple[frozenset[str], frozenset[str]]:
    """A title's folded words: (content words, stop words)."""
    words = title_words(title)
    return words - STOP_WORDS, words & STOP_WORDS


class Ranker:
    """Ranks documents for a query plan (not thread-safe: the engine locks).

    Args:
        evaluator: Scores query nodes against the index.
        titles: Each document's title, by document number.
        named: Whether each document is a named service, form of violence or duty card.
    """

    def __init__(self, evaluator: Evaluator, titles: Sequence[str], named: Sequence[bool]):
        self._eval = evaluator
        self._title_words = [_split_title(t) for t in titles]
        self._named = list(named)
        self._unit_cache: dict[tuple, dict] = {}

    def unit_scores(self, alts: Sequence[Alt]) -> dict[int, tuple[float, float]]:
        """doc → (score, cover) for one unit: the best alternative, plus a little of the others.

        A synonym's scores are raised so that its best document scores at
        least like the best document for the word itself. Cached: while a
        user types, every unit but the last repeats.
        """
        key = tuple(alts)
        cached = self._unit_cache.get(key)
        if cached is not None:
            return cached
        literal = [(a, self._eval.evaluate(a.query)) for a in alts if not a.synonym]
        synonyms = [(a, self._eval.evaluate(a.query)) for a in alts if a.synonym]
        top = max((max(s.values()) for _, s in literal if s), default=0.0)
        for i, (alt, scores) in enumerate(synonyms):
            best = max(scores.values(), default=0.0)
            if best and best < top:
                factor = top / best
                synonyms[i] = (alt, {d: v * factor for d, v in scores.items()})
        per_doc: dict[int, list] = {}
        for alt, scores in (*literal, *synonyms):
            for doc, s in scores.items():
                entry = per_doc.get(doc)
                if entry is None:
                    per_doc[doc] = [s, s, alt.cover]
                else:
                    entry[0] = max(entry[0], s)
                    entry[1] += s
                    entry[2] = max(entry[2], alt.cover)
        out = {doc: (best + TIEBREAK * (total - best), cover) for doc, (best, total, cover) in per_doc.items()}
        if len(self._unit_cache) >= UNIT_CACHE_SIZE:
            self._unit_cache.pop(next(iter(self._unit_cache)))
        self._unit_cache[key] = out
        return out

    def rank(
        self,
        plan: Plan,
        limit: int | None = None,
        bonus: Mapping[int, float] | None = None,
        explained: float = 1.0,
        situation_whole: bool = False,
        answers: Mapping[int, frozenset[str]] | None = None,
    ) -> list[tuple[int, float]]:
        """The best ``limit`` documents (all if None) with their final scores, best first.

        ``bonus`` (from the situation layer) adds to a document's score, in
        units of the best lexical score: 1.0 lifts a document to the top.
        ``explained`` is the share of the query the situation explains: when
        one section has every word typed and the situation explains only part
        of them, that section is what was asked for, and the bonus shrinks to
        that share. For a whole situation (``situation_whole``) the bonus
        decides the order of what it lifts; otherwise it only adds. A document
        whose ``answers`` (contacts, cards) are already higher up counts less,
        so the top shows different answers, not one answer three times.
        """
        bonus = bonus or {}
        whole = situation_whole
        unit_scores = [s for s in (self.unit_scores(u.alts) for u in plan.units) if s]
        if not unit_scores and not bonus:
            return []
        total: dict[int, float] = {}
        covered: dict[int, float] = {}
        if unit_scores:
            unit_scores.sort(key=len, reverse=True)
            first = unit_scores[0]
            total = {doc: s for doc, (s, _) in first.items()}
            covered = {doc: c for doc, (_, c) in first.items()}
            for scores in unit_scores[1:]:
                for doc, (s, cover) in scores.items():
                    if doc in total:
                        total[doc] += s
                        covered[doc] += cover
                    else:
                        total[doc] = s
                        covered[doc] = cover
            for q in plan.bonus:
                for doc, s in self._eval.evaluate(q).items():
                    if doc in total:
                        total[doc] += s
        inv = 1.0 / max(1, len(unit_scores))
        base = sorted(
            ((score * (covered[doc] * inv) ** COORD_EXPONENT, doc) for doc, score in total.items()),
            reverse=True,
        )
        # The title bonus multiplies by at most 1 + NAME_MATCH: stop once no
        # remaining document can reach the current top ``limit``.
        most = 1.0 + max(NAME_MATCH, TITLE_MATCH)
        final: dict[int, float] = {}
        best: list[float] = []  # min-heap of the top ``limit`` final scores
        for score, doc in base:
            if limit is not None and len(best) >= limit and score * most < best[0]:
                break
            score = self._titled(plan, doc, score)
            final[doc] = score
            if limit is not None:
                if len(best) < limit:
                    heapq.heappush(best, score)
                elif score > best[0]:
                    heapq.heapreplace(best, score)
        if bonus:
            # Situations lift the documents they lead to, best first; each further one
            # gets less, so a strong match for the words themselves stays in view.
            ref = max(final.values(), default=0.0) or 1.0
            top = max(final, key=final.get, default=None)
            if top is not None and not plan.unmatched and covered[top] * inv >= FULL_COVER and explained < 1.0:
                bonus = {d: b * explained for d, b in bonus.items()}
                whole = False
            own = {
                doc: final[doc]
                if doc in final
                else self._titled(plan, doc, total.get(doc, 0.0) * (covered.get(doc, 0.0) * inv) ** COORD_EXPONENT)
                for doc in bonus
            }
            # A whole situation puts what it leads to before anything else, in the order of
            # its bonus (the words only break near-ties); one concept alone adds to what
            # the words find.
            words = SITUATION_WORDS if whole else 1.0
            lift = 1.0 if whole else 0.0
            answers = answers or {}
            shown: set[str] = set()
            left = dict(bonus)
            k = 0
            while left:
                value = {d: b * (REPEATED_ANSWER if answers.get(d, frozenset()) & shown else 1.0) for d, b in left.items()}
                doc = min(left, key=lambda d: (-(value[d] + words * own[d] / ref), d))
                decay = SITUATION_DECAY if whole else KEYWORD_DECAY
                final[doc] = ref * (lift + value[doc] * decay**k) + words * own[doc]
                shown |= answers.get(doc, frozenset())
                del left[doc]
                k += 1
        ranked = sorted(((s, d) for d, s in final.items()), key=lambda sd: (-sd[0], sd[1]))
        if limit is not None:
            ranked = ranked[:limit]
        if not ranked:
            return []
        floor = ranked[0][0] * MIN_RELATIVE_SCORE
        return [(d, s) for s, d in ranked if s >= floor]

    def _dice(self, plan: Plan, doc: int) -> float:
        """Dice similarity of the words typed and the document's title (its stop words count when typed)."""
        words = plan.words
        if not words:
            return 0.0
        content, stops = self._title_words[doc]
        shared = len(words & content) + len(words & stops)
        size = len(content) + len(stops & words)
        return 2 * shared / (len(words) + size) if shared and size else 0.0

    def _titled(self, plan: Plan, doc: int, score: float) -> float:
        """``score`` raised by how well the typed words and the document's title overlap.

        A named service, form or card counts more.
        """
        if not score:
            return score
        dice = self._dice(plan, doc)
        return score * (1.0 + (NAME_MATCH if self._named[doc] else TITLE_MATCH) * dice) if dice else score
