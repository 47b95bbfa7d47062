"""Search: ``SearchEngine.open(handbook).search(text)`` → ranked :class:`Hit` list.

The app opens it with :func:`open_search` (its cache folder) and asks
:meth:`SearchEngine.timed_search` for a :class:`SearchResult` (the text, the time, the hits).
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handbook.content.model import Handbook
from handbook.search import quantity, store
from handbook.search.analysis import STOP_WORDS, title_words
from handbook.search.documents import documents, is_named, signature, units
from handbook.search.handover import implied_answers
from handbook.search.query import Plan, QueryBuilder, Vocabulary
from handbook.search.ranking import Ranker
from handbook.search.scoring import Evaluator
from handbook.search.reading import Reading
from handbook.search.situation_match import plain_forms
from handbook.search.situations import Reason, Situation, SituationLayer
from handbook.search.snippets import Snippet, make_snippet

log = logging.getLogger(__name__)

DEFAULT_LIMIT = 20
FILTER_SHARE = 0.3  # the help-list filter keeps entries scoring at least this share of the best
LEAD_POOL = 12  # documents a whole situation looks through for its lead's answer
QUANTITY_POOL = 30  # documents an amount question looks at again (see :mod:`quantity`)
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
        text: The section's plain text (for a duty card's bare title: the title
            and the section below it, which is where the hit opens the card).
        marked: The passage as plain text plus mark spans (``marked.html(...)``
            renders it with other tags); ``marked.words`` lists every matched
            word as written in the section, for highlighting on the page.
        because: The situation concepts that brought the hit (largest share
            first); empty when the words alone found it.
        contacts: Help-list contact ids whose numbers answer this hit: a
            contact's own, the contacts a flowchart step lists, or those of the
            steps that cite a duty card (or the part of it) the hit is.
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
    because: tuple[Reason, ...] = ()
    contacts: tuple[str, ...] = ()

    @property
    def terms(self) -> tuple[str, ...]:
        """Every matched word as written in the section, for highlighting on the page."""
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
            "because": [r.label for r in self.because],
            "contacts": list(self.contacts),
        }


def answer_contacts(unit, handbook: Handbook, most: int = 2) -> tuple[str, ...]:
    """The contacts whose numbers answer ``unit`` (see :attr:`Hit.contacts`)."""
    head = unit.head
    known = {c.id for c in handbook.contacts}
    nodes = handbook.flow.nodes if handbook.flow is not None else ()
    if head.kind == "contact":
        return (head.anchor,) if head.anchor in known else ()
    if head.kind == "flow":
        node = next((n for n in nodes if n.section_id == head.id), None)
        return tuple(c for c in node.contacts if c in known) if node is not None else ()
    if head.kind == "card":
        ids = {s.id for s in unit.sections}
        citing = sorted((n for n in nodes if n.card in ids), key=lambda n: n.urgent)
        cited = [c for n in citing for c in n.contacts if c in known]  # the steps for every day first
        return tuple(dict.fromkeys(cited))[:most]
    return ()


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query: the text, how long it took, the ranked hits and the reading they were ranked by."""

    query: str
    took_ms: float
    hits: list[Hit]
    reading: Reading = Reading("")


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
        self.strict = False  # True: let an unexpected error out of search() (tests)
        self._reader = reader = self._index.reader()
        self._ids = [fields["id"] for fields in reader.all_stored_fields()]
        self._units = {u.id: u for u in units(handbook)}
        docs = [self._units.get(i) for i in self._ids]
        self._ranker = Ranker(
            Evaluator(reader, reader.doc_count_all()),
            titles=[u.head.title if u else "" for u in docs],
            named=[bool(u) and any(is_named(s) for s in u.sections) for u in docs],
        )
        self._contacts = [answer_contacts(u, handbook) if u else () for u in docs]
        self._texts = [u.text if u else "" for u in docs]
        self._display: dict[str, str] = {}  # unit id → text without navigation lines, filled as hits need it
        self._builder = QueryBuilder(Vocabulary(reader), handbook.synonyms)
        self._situations = SituationLayer(
            handbook.concepts,
            self._ids,
            [[s.id for s in u.sections] if u else [] for u in docs],
            handbook.contacts,
            handbook.flow,
            known=self._builder.vocab.words,
            named_titles=[frozenset(title_words(u.head.title) - STOP_WORDS) for u in docs if u and is_named(u.head)],
            plain_words={w for u in docs if u for w in plain_forms(u.text)},
        )
        self._labels: dict[str, Reading] = {}  # the flowchart's answer labels, read
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

    def search(self, text: str, limit: int = DEFAULT_LIMIT, *, reading: Reading | None = None) -> list[Hit]:
        """The best sections for ``text``, best first.

        ``reading`` (from :meth:`read`, changed by the user: ``reading.without("eldre")``,
        ``reading.replaced("eldre", "barn", "barn")``) ranks by that reading instead of the
        one the search would make; the words still match as typed. The text is never
        parsed as query syntax, so no text can fail; should anything else go wrong, the
        error is logged and there are no hits.
        """
        return self.search_read(text, limit, reading=reading)[1]

    def read(self, text: str) -> Reading:
        """What the search understood in ``text``: concepts with labels and words, and ``urgent``."""
        if not isinstance(text, str):
            return Reading("")
        try:
            with self._lock:
                return self._situations.read(text)
        except Exception:
            if self.strict:
                raise
            log.exception("reading failed for %r", text[:100])
            return Reading(text)

    def search_read(self, text: str, limit: int = DEFAULT_LIMIT, *, reading: Reading | None = None) -> tuple[Reading, list[Hit]]:
        """The reading of ``text`` (or ``reading`` as given) and the hits ranked by it."""
        if not isinstance(text, str) or limit <= 0:
            return Reading(text if isinstance(text, str) else ""), []
        try:
            return self._search(text, limit, reading)
        except Exception:
            if self.strict:
                raise
            log.exception("search failed for %r", text[:100])
            return Reading(text), []

    def _search(self, text: str, limit: int, reading: Reading | None = None) -> tuple[Reading, list[Hit]]:
        with self._lock:
            situation = self._situations.situation(text, reading)
            plan = self._builder.build(_without_ages(text, situation.reading))
            ranked = self._rank(plan, situation, limit, text)
        terms, fragments = frozenset(plan.terms), frozenset(plan.fragments)
        hits = []
        for docnum, score in ranked:
            unit = self._units.get(self._ids[docnum])
            if unit is None:
                continue
            head, text = unit.head, unit.text
            shown = self._display.get(unit.id)
            if shown is None:
                shown = self._display.setdefault(unit.id, unit.display_text)
            marked = make_snippet(shown, terms, fragments)
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
                    because=() if situation.names_a_title else situation.reasons.get(docnum, ()),
                    contacts=self._contacts[docnum],
                )
            )
        return situation.reading, hits

    def timed_search(self, text: str, limit: int = DEFAULT_LIMIT, *, reading: Reading | None = None) -> SearchResult:
        """:meth:`search_read`, with the text and the time it took (the window and ``handbook search`` show both)."""
        t0 = time.perf_counter()
        read, hits = self.search_read(text, limit, reading=reading)
        return SearchResult(text, (time.perf_counter() - t0) * 1000, hits, read)

    def flow_answers(self, text: str, reading: Reading | None = None) -> list[int]:
        """The flowchart answers the reading of ``text`` (or ``reading``, as the user changed it)
        implies, from the start (:mod:`handbook.search.handover`); [] when it implies none."""
        flow = self.handbook.flow
        if flow is None or not isinstance(text, str):
            return []
        try:
            with self._lock:
                situation = self._situations.situation(text, reading)
                doc = situation.urgent_doc
                section = self._ids[doc] if doc is not None else None
                step = next((n.id for n in flow.nodes if n.section_id == section), None)
                return implied_answers(flow, self.handbook.concepts, situation.reading, self._read_label, step)
        except Exception:
            if self.strict:
                raise
            log.exception("flowchart answers failed for %r", text[:100])
            return []

    def _read_label(self, label: str) -> Reading:
        """An answer label of the flowchart, read as a query (cached; the lock is held)."""
        reading = self._labels.get(label)
        if reading is None:
            reading = self._labels[label] = self._situations.read(label)
        return reading

    def explain(self, text: str) -> Plan:
        """The query plan for ``text`` (for tests and tuning)."""
        with self._lock:
            return self._builder.build(text)

    def contacts_matching(self, text: str) -> list[str]:
        """Help-list contact ids whose entry the search finds for ``text``, best first (the help list's filter)."""
        if not isinstance(text, str) or not text.strip():
            return []
        try:
            with self._lock:
                situation = self._situations.situation(text)
                ranked = self._rank(self._builder.build(_without_ages(text, situation.reading)), situation, None, text)
        except Exception:
            if self.strict:
                raise
            log.exception("contact filter failed for %r", text[:100])
            return []
        entries = []
        for docnum, score in ranked:
            unit = self._units.get(self._ids[docnum])
            if unit is not None and unit.head.kind == "contact" and unit.head.anchor:
                entries.append((unit.head.anchor, score))
        # a filter keeps what answers the words, not every entry that mentions one in passing
        best = max((s for _, s in entries), default=0.0)
        return [cid for cid, s in entries if s >= best * FILTER_SHARE]

    def situation(self, text: str, reading: Reading | None = None) -> Situation:
        """The concepts the situation layer finds in ``text`` (for tests and tuning)."""
        with self._lock:
            return self._situations.situation(text, reading)

    def unit_scores(self, plan: Plan) -> list[dict[str, float]]:
        """Per unit of ``plan``: section id → score (for tests and tuning)."""
        with self._lock:
            per_unit = [self._ranker.unit_scores(u.alts) for u in plan.units]
        return [{self._ids[d]: s for d, (s, _) in scores.items()} for scores in per_unit]

    def _rank(self, plan: Plan, situation: Situation, limit: int | None, text: str = "") -> list[tuple[int, float]]:
        asked = quantity.asked_words(text, self._builder.synonyms) if text else ()
        pool = None if asked else limit  # an amount question re-ranks a wider pool
        if situation.lead_docs and pool is not None:
            pool = max(pool, LEAD_POOL)  # the lead's answer may stand a little further down
        if situation.names_a_title:
            ranked = self._ranker.rank(plan, pool)
        else:
            ranked = self._ranker.rank(plan, pool, situation.bonus, situation.explained, situation.whole, situation.answers)
        if asked:
            head = [(d, s * quantity.factor(self._texts[d], asked)) for d, s in ranked[:QUANTITY_POOL]]
            ranked = sorted(head, key=lambda ds: (-ds[1], ds[0])) + ranked[QUANTITY_POOL:]
            ranked = ranked[:limit] if limit is not None else ranked
        ranked = _lead_first(ranked, situation)
        ranked = ranked[:limit] if limit is not None else ranked
        urgent = situation.urgent_doc
        if urgent is not None and not situation.names_a_title:
            # safety above ranking: danger now puts the flowchart's urgent step first
            top = ranked[0][1] if ranked else 1.0
            ranked = [(urgent, top * 1.01 + 1e-9)] + [(d, s) for d, s in ranked if d != urgent]
            ranked = ranked[:limit] if limit is not None else ranked
        return ranked


def open_search(handbook: Handbook, cache_dir: Path | None = None, shipped_dir: Path | None = None) -> SearchEngine:
    """Open search for the app (may build the index: call it off the GUI thread).

    Args:
        cache_dir: The app's cache folder (default ``paths.cache_dir()``); the
            index goes to its ``index/`` subfolder.
        shipped_dir: The shipped index folder (default ``paths.shipped_index_dir()``).
    """
    cache = Path(cache_dir) / "index" if cache_dir is not None else _DEFAULT
    shipped = Path(shipped_dir) if shipped_dir is not None else _DEFAULT
    return SearchEngine.open(handbook, shipped=shipped, cache=cache)


def _lead_first(ranked: list[tuple[int, float]], situation: Situation) -> list[tuple[int, float]]:
    """A whole situation's first hit is the one thing to do: the best-ranked help-list entry or
    step with the number of the concept that decides (:meth:`SituationLayer.lead`), not a
    definition, a card or a neighbouring service."""
    if not situation.lead_docs or situation.names_a_title or not ranked:
        return ranked
    where = {d: i for i, (d, _) in enumerate(ranked)}
    found = [d for d in situation.lead_own if d in where] or [d for d in situation.lead_docs if d in where]
    if not found:
        return ranked
    first = min(found, key=where.get)
    top = ranked[0][1]
    out = [(first, top * 1.01 + 1e-9)] + [(d, s) for d, s in ranked if d != first]
    explain = situation.explain_doc
    if explain is not None and explain in where and explain != first:
        # a short situation («hun blir slått av mannen sin») says what it is right after what to do
        out = [out[0], (explain, out[1][1] if len(out) > 1 else top)] + [(d, s) for d, s in out[1:] if d != explain]
    return out


def _without_ages(text: str, reading: Reading | None) -> str:
    """``text`` with its ages («på 90», «5 år gammel») blanked: an age is not a number to look up."""
    if reading is None or not reading.age_spans:
        return text
    from handbook.search.analysis import clean

    chars = list(clean(text))
    for start, end in reading.age_spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
