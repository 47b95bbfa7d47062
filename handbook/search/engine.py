"""The search service: ``SearchEngine.open(handbook).search(text)`` → ranked :class:`Hit` list."""

from __future__ import annotations

import heapq
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any


from handbook.content.model import Handbook
from handbook.search import store
from handbook.search.documents import documents, is_named, signature, units
from handbook.search.query import Plan, QueryBuilder, Vocabulary
from handbook.search.scoring import Evaluator
from handbook.search.analysis import STOP_WORDS, title_words
from handbook.search.snippets import Snippet, make_snippet

COORD_EXPONENT = 2.0  # how much matching every word of the query counts
MIN_RELATIVE_SCORE = 0.04  # hits scoring below this share of the best are dropped
TIEBREAK = 0.1  # share of a unit's other matching alternatives added to its best
TITLE_MATCH = 0.4  # bonus when the title is what was typed (its stop words count if typed: "hva er vold")
NAME_MATCH = 0.8  # the same when the title names a service, a form of violence or a duty card
UNIT_CACHE_SIZE = 256
DEFAULT_LIMIT = 20
_DEFAULT: Any = object()


@dataclass(frozen=True)
class Hit:
    """One search result: a section, its score and a marked snippet.

    Attributes:
        id: Section id (``page`` or ``page#anchor``).
        page: Page id.
        title: Section heading.
        anchor: Anchor within the page ("" for the page's top).
        kind: ``plan``, ``card``, ``contact``, ``violence`` or ``flow``.
        score: Relevance; higher is better (only comparable within one search).
        snippet: The best passage as HTML-escaped text, matched words in ``<mark>``.
        text: The section's plain text.
        marked: The passage as plain text plus mark spans (``marked.html(...)``
            renders it with other tags); ``marked.words`` lists every matched
            word as written in the section, for highlighting on the page.
    """

    id: str
    page: str
    title: str
    anchor: str
    kind: str
    score: float
    snippet: str
    text: str
    marked: Snippet

    @property
    def terms(self) -> tuple[str, ...]:
        """Every matched word as written in the section, for highlighting on the page."""
        return self.marked.words

    words = terms

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "page": self.page,
            "title": self.title,
            "anchor": self.anchor,
            "score": round(self.score, 4),
            "snippet": self.snippet,
            "text": self.text,
        }


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query: the text, how long it took and the ranked hits."""

    query: str
    took_ms: float
    hits: list[Hit]


class SearchService:
    """The UI's view of search: ``search(text, limit)`` → :class:`SearchResult`."""

    def __init__(self, engine: "SearchEngine"):
        self.engine = engine

    def search(self, text: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
        t0 = time.perf_counter()
        hits = self.engine.search(text, limit=limit)
        return SearchResult(text, (time.perf_counter() - t0) * 1000, hits)

    def close(self) -> None:
        self.engine.close()


def open_search(handbook: Handbook, cache_dir: Path | None = None, shipped_dir: Path | None = None) -> SearchService:
    """Open search for the app.

    Args:
        cache_dir: The app's cache folder (default ``paths.cache_dir()``); the
            index goes to its ``index/`` subfolder.
        shipped_dir: The shipped index folder (default ``paths.shipped_index_dir()``).
    """
    cache = Path(cache_dir) / "index" if cache_dir is not None else _DEFAULT
    shipped = Path(shipped_dir) if shipped_dir is not None else _DEFAULT
    return SearchService(SearchEngine.open(handbook, shipped=shipped, cache=cache))


def _split_title(title: str) -> tuple[frozenset[str], frozenset[str]]:
    """A title's folded words: (content words, stop words)."""
    words = title_words(title)
    return words - STOP_WORDS, words & STOP_WORDS


class SearchEngine:
    """Searches one handbook. Thread-safe (one search at a time); no Qt.

    Build it with :meth:`open`, which picks the shipped index, the cached one,
    or builds one (see :mod:`handbook.search.store`).

    Attributes:
        source: Where the index came from: ``shipped``, ``cache``, ``built`` or ``memory``.
        path: The index folder (None in memory).
        open_ms: Time :meth:`open` took, including any build.
    """

    def __init__(self, handbook: Handbook, opened: store.OpenedIndex):
        self.handbook = handbook
        self.source = opened.source
        self.path = opened.path
        self.signature = opened.signature
        self.open_ms = 0.0
        self._index = opened.index
        self._reader = reader = self._index.reader()
        vocab = Vocabulary(reader)
        self._eval = Evaluator(reader, reader.doc_count_all())
        self._ids = [fields["id"] for fields in reader.all_stored_fields()]
        self._units = {u.id: u for u in units(handbook)}
        heads = [self._units[i].head if i in self._units else None for i in self._ids]
        self._title_words = [_split_title(h.title) if h else (frozenset(), frozenset()) for h in heads]
        self._unit_cache: dict[tuple, dict] = {}
        self._named = [any(is_named(s) for s in self._units[i].sections) if i in self._units else False for i in self._ids]
        self._builder = QueryBuilder(vocab, handbook.synonyms)
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls,
        handbook: Handbook,
        *,
        shipped: Path | None = _DEFAULT,
        cache: Path | None = _DEFAULT,
    ) -> "SearchEngine":
        """Open search for ``handbook``.

        Args:
            shipped: A prebuilt read-only index folder (default: the bundle's); None for none.
            cache: The folder for rebuilt indexes (default: the user's cache); None to
                keep the index in memory only.
        """
        from handbook import paths

        t0 = time.perf_counter()
        if shipped is _DEFAULT:
            shipped = paths.shipped_index_dir()
        if cache is _DEFAULT:
            try:
                cache = paths.cache_dir() / "index"
            except Exception:  # noqa: BLE001 - no home folder: memory only
                cache = None
        docs = list(documents(handbook))
        opened = store.open_or_build(docs, signature(docs), shipped=shipped, cache=cache)
        engine = cls(handbook, opened)
        engine.open_ms = (time.perf_counter() - t0) * 1000
        return engine

    def close(self) -> None:
        self._reader.close()
        self._index.close()

    def __enter__(self) -> "SearchEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- searching -------------------------------------------------------------

    def search(self, text: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
        """The best sections for ``text``, best first. Never raises for any text."""
        if not isinstance(text, str) or limit <= 0:
            return []
        with self._lock:
            plan = self._builder.build(text)
            ranked = self._rank(plan, limit)
        terms, fragments = frozenset(plan.terms), frozenset(plan.fragments)
        hits = []
        for docnum, score in ranked:
            unit = self._units.get(self._ids[docnum])
            if unit is None:
                continue
            head, text = unit.head, unit.text
            marked = make_snippet(text, terms, fragments)
            hits.append(
                Hit(
                    id=head.id,
                    page=head.page,
                    title=head.title,
                    anchor=head.anchor,
                    kind=head.kind,
                    score=score,
                    snippet=marked.html(),
                    text=text,
                    marked=marked,
                )
            )
        return hits

    def explain(self, text: str) -> Plan:
        """The query plan for ``text`` (for tests and tuning)."""
        with self._lock:
            return self._builder.build(text)

    def _scores(self, query) -> dict[int, float]:
        return self._eval.evaluate(query)

    def _unit_scores(self, alts) -> dict[int, tuple[float, float]]:
        """doc → (score, cover) for one unit: the best alternative, plus a little of the others.

        A synonym's scores are raised so that its best document scores at
        least like the best document for the word itself. Cached: while a
        user types, every unit but the last repeats.
        """
        key = tuple(alts)
        cached = self._unit_cache.get(key)
        if cached is not None:
            return cached
        literal = [(a, self._scores(a.query)) for a in alts if not a.synonym]
        synonyms = [(a, self._scores(a.query)) for a in alts if a.synonym]
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

    def _rank(self, plan: Plan, limit: int | None = None) -> list[tuple[int, float]]:
        """The best ``limit`` documents (all if None) with their final scores, best first."""
        unit_scores = [s for s in (self._unit_scores(u.alts) for u in plan.units) if s]
        if not unit_scores:
            return []
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
            for doc, s in self._scores(q).items():
                if doc in total:
                    total[doc] += s
        inv = 1.0 / len(unit_scores)
        base = sorted(
            ((score * (covered[doc] * inv) ** COORD_EXPONENT, doc) for doc, score in total.items()),
            reverse=True,
        )
        # The title bonus multiplies by at most 1 + NAME_MATCH: stop once no
        # remaining document can reach the current top ``limit``.
        words = plan.words
        most = 1.0 + max(NAME_MATCH, TITLE_MATCH)
        final: list[tuple[float, int]] = []
        best: list[float] = []  # min-heap of the top ``limit`` final scores
        for score, doc in base:
            if limit is not None and len(best) >= limit and score * most < best[0]:
                break
            if words:
                content, stops = self._title_words[doc]
                shared = len(words & content) + len(words & stops)
                size = len(content) + len(stops & words)
                if shared and size:
                    # Dice similarity of the words typed and the title (its stop
                    # words count when typed); a named service, form or card counts more
                    dice = 2 * shared / (len(words) + size)
                    score *= 1.0 + (NAME_MATCH if self._named[doc] else TITLE_MATCH) * dice
            final.append((score, doc))
            if limit is not None:
                if len(best) < limit:
                    heapq.heappush(best, score)
                elif score > best[0]:
                    heapq.heapreplace(best, score)
        final.sort(key=lambda sd: (-sd[0], sd[1]))
        if limit is not None:
            final = final[:limit]
        floor = final[0][0] * MIN_RELATIVE_SCORE
        return [(d, s) for s, d in final if s >= floor]
