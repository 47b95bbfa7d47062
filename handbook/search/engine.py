"""The search service: ``SearchEngine.open(handbook).search(text)`` → ranked :class:`Hit` list."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh.scoring import BM25F

from handbook.content.model import Handbook
from handbook.search import store
from handbook.search.documents import documents, signature
from handbook.search.query import Plan, QueryBuilder, Vocabulary
from handbook.search.snippets import Snippet, make_snippet

COORD_EXPONENT = 2.0  # how much matching every word of the query counts
MIN_RELATIVE_SCORE = 0.04  # hits scoring below this share of the best are dropped
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
    def words(self) -> tuple[str, ...]:
        return self.marked.words

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
        self._searcher = self._index.searcher(weighting=BM25F(B=0.6, K1=1.2, title_B=0.3, name_B=0.2, keywords_B=0.3))
        reader = self._searcher.reader()
        self._ids = [fields["id"] for fields in reader.all_stored_fields()]
        self._sections = {s.id: s for s in handbook.sections}
        self._builder = QueryBuilder(Vocabulary(reader), handbook.synonyms)
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
        self._searcher.close()
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
            ranked = self._rank(plan)
        terms, fragments = frozenset(plan.terms), frozenset(plan.fragments)
        hits = []
        for docnum, score in ranked[:limit]:
            section = self._sections.get(self._ids[docnum])
            if section is None:
                continue
            marked = make_snippet(section.text, terms, fragments)
            hits.append(
                Hit(
                    id=section.id,
                    page=section.page,
                    title=section.title,
                    anchor=section.anchor,
                    kind=section.kind,
                    score=score,
                    snippet=marked.html(),
                    text=section.text,
                    marked=marked,
                )
            )
        return hits

    def explain(self, text: str) -> Plan:
        """The query plan for ``text`` (for tests and tuning)."""
        with self._lock:
            return self._builder.build(text)

    def _scores(self, query) -> dict[int, float]:
        out: dict[int, float] = {}
        m = query.matcher(self._searcher, self._searcher.context())
        while m.is_active():
            out[m.id()] = m.score()
            m.next()
        return out

    def _unit_scores(self, alts) -> dict[int, float]:
        best: dict[int, float] = {}
        for q in alts:
            for doc, s in self._scores(q).items():
                if s > best.get(doc, 0.0):
                    best[doc] = s
        return best

    def _rank(self, plan: Plan) -> list[tuple[int, float]]:
        unit_scores = [s for s in (self._unit_scores(u.alts) for u in plan.units) if s]
        if not unit_scores:
            return []
        total: dict[int, float] = {}
        matched: dict[int, int] = {}
        for scores in unit_scores:
            for doc, s in scores.items():
                total[doc] = total.get(doc, 0.0) + s
                matched[doc] = matched.get(doc, 0) + 1
        for q in plan.bonus:
            for doc, s in self._scores(q).items():
                if doc in total:
                    total[doc] += s
        n = len(unit_scores)
        final = {doc: score * (matched[doc] / n) ** COORD_EXPONENT for doc, score in total.items()}
        ranked = sorted(final.items(), key=lambda kv: (-kv[1], kv[0]))
        floor = ranked[0][1] * MIN_RELATIVE_SCORE
        return [(d, s) for d, s in ranked if s >= floor]
