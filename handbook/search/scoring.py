"""Query nodes and their BM25F evaluation over the index's postings.

The index (Whoosh) stores, per field, which documents hold a term and how
often. A query is a small tree of the nodes below, built by :mod:`query` from
the user's text (never parsed as syntax). :class:`Evaluator` scores it with
BM25F: a term's frequencies in all text fields are weighted, normalised by
field length, summed and only then saturated, with one idf per term (from the
documents holding it in any field). So a word in a title and in the text
counts more than in the text alone, but not twice as much, and a word that is
everywhere ("Ås") is cheap in every field.

Postings are read from the index once per term and kept in memory: the
handbook is small, and typing repeats terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log
from typing import Mapping, Sequence, Union

#: BM25F weight of each text field (a title word counts like 2.5 text words).
FIELD_WEIGHTS: dict[str, float] = {
    "name": 4.0,
    "title": 2.5,
    "keywords": 2.0,
    "topic": 0.8,
    "body": 1.0,
    "parent": 0.3,
}
#: Length normalisation per field (titles and names are short and even).
FIELD_B: dict[str, float] = {"name": 0.5, "title": 0.3, "keywords": 0.3, "topic": 0.3, "body": 0.6, "parent": 0.0}
K1 = 2.0
GRAM_FIELD = "gram"
PHRASE_FIELDS = ("name", "title", "keywords", "body")
_CACHE_LIMIT = 20000


@dataclass(frozen=True)
class TermQ:
    """A term (stem or number) in every text field, BM25F-scored.

    ``idf_of`` scores it with another term's idf: a completion of a word the
    user typed in full must not outscore the word just because it is rarer.
    """

    term: str
    weight: float = 1.0
    idf_of: str | None = None


@dataclass(frozen=True)
class AnyQ:
    """Documents matching any of ``subs``; a document scores its best match."""

    subs: tuple["Node", ...]
    weight: float = 1.0


@dataclass(frozen=True)
class AllQ:
    """Documents matching all of ``subs``; scores add up."""

    subs: tuple["Node", ...]
    weight: float = 1.0


@dataclass(frozen=True)
class GramQ:
    """Documents holding all n-grams of a word (it occurs inside a longer word)."""

    grams: tuple[str, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class PhraseQ:
    """Documents where term ``b`` follows term ``a`` (at most one word between)."""

    a: str
    b: str
    weight: float = 1.0


Node = Union[TermQ, AnyQ, AllQ, GramQ, PhraseQ]


class Evaluator:
    """Scores query nodes against one open index reader.

    Args:
        reader: A Whoosh ``IndexReader``.
        doc_count: Number of documents.
    """

    def __init__(self, reader, doc_count: int, fields: Mapping[str, float] = FIELD_WEIGHTS):
        self.reader = reader
        self.n = max(doc_count, 1)
        self.fields = dict(fields)
        self.avg = {f: (reader.field_length(f) / self.n) or 1.0 for f in (*self.fields, GRAM_FIELD)}
        self._postings: dict[tuple[str, str], dict[int, float]] = {}
        self._positions: dict[tuple[str, str], dict[int, tuple[int, ...]]] = {}
        self._lengths: dict[str, dict[int, int]] = {f: {} for f in (*self.fields, GRAM_FIELD)}
        self._terms: dict[str, tuple[dict[int, float], float]] = {}

    # -- public -------------------------------------------------------------

    def evaluate(self, node: Node) -> dict[int, float]:
        """doc number → score for ``node`` (only matching documents)."""
        if isinstance(node, TermQ):
            scores, idf = self.term(node.term)
            weight = node.weight
            if node.idf_of is not None:
                _, other = self.term(node.idf_of)
                weight *= min(1.0, other / idf) if idf else 1.0
            return _scaled(scores, weight)
        if isinstance(node, AnyQ):
            best: dict[int, float] = {}
            for sub in node.subs:
                for doc, s in self.evaluate(sub).items():
                    if s > best.get(doc, 0.0):
                        best[doc] = s
            return _scaled(best, node.weight)
        if isinstance(node, AllQ):
            parts = [self.evaluate(sub) for sub in node.subs]
            if not parts or not all(parts):
                return {}
            parts.sort(key=len)
            out = {}
            for doc, s in parts[0].items():
                total = s
                for other in parts[1:]:
                    v = other.get(doc)
                    if v is None:
                        break
                    total += v
                else:
                    out[doc] = total * node.weight
            return out
        if isinstance(node, GramQ):
            return self._grams(node)
        if isinstance(node, PhraseQ):
            return self._phrase(node)
        raise TypeError(f"not a query node: {node!r}")

    def term(self, term: str) -> tuple[dict[int, float], float]:
        """BM25F scores of ``term`` per document, and its idf (cached)."""
        hit = self._terms.get(term)
        if hit is not None:
            return hit
        acc: dict[int, float] = {}
        for f, weight in self.fields.items():
            post = self.postings(f, term)
            if not post:
                continue
            b = FIELD_B.get(f, 0.6)
            scale = b / self.avg[f]
            lengths = self.lengths(f, post)
            for doc, freq in post.items():
                acc[doc] = acc.get(doc, 0.0) + weight * freq / (1.0 - b + scale * lengths[doc])
        idf = self.idf(len(acc))
        k = idf * (K1 + 1)
        scores = {doc: k * tf / (tf + K1) for doc, tf in acc.items()}
        if len(self._terms) > _CACHE_LIMIT:
            self._terms.clear()
        self._terms[term] = (scores, idf)
        return scores, idf

    def idf(self, df: int) -> float:
        return log(1.0 + (self.n - df + 0.5) / (df + 0.5))

    def postings(self, field: str, term: str) -> dict[int, float]:
        """doc → frequency of ``term`` in ``field`` (cached)."""
        key = (field, term)
        post = self._postings.get(key)
        if post is None:
            post = {}
            try:
                if (field, term) in self.reader:
                    post = dict(self.reader.postings(field, term).items_as("weight"))
            except (KeyError, ValueError):
                post = {}
            if len(self._postings) > _CACHE_LIMIT:
                self._postings.clear()
            self._postings[key] = post
        return post

    def positions(self, field: str, term: str) -> dict[int, tuple[int, ...]]:
        key = (field, term)
        pos = self._positions.get(key)
        if pos is None:
            pos = {}
            try:
                if (field, term) in self.reader:
                    pos = {d: tuple(p) for d, p in self.reader.postings(field, term).items_as("positions")}
            except (KeyError, ValueError):
                pos = {}
            if len(self._positions) > _CACHE_LIMIT:
                self._positions.clear()
            self._positions[key] = pos
        return pos

    def lengths(self, field: str, docs) -> dict[int, int]:
        """Field lengths covering at least ``docs`` (all documents when the column reads at once)."""
        cache = self._lengths[field]
        if not cache:
            cache.update(_all_lengths(self.reader, field))
        if len(cache) < self.n:
            for doc in docs:
                if doc not in cache:
                    cache[doc] = self.reader.doc_field_length(doc, field, 0)
        return cache

    def length(self, field: str, doc: int) -> int:
        cache = self._lengths[field]
        if not cache:
            cache.update(_all_lengths(self.reader, field))
        n = cache.get(doc)
        if n is None:
            n = cache[doc] = self.reader.doc_field_length(doc, field, 0)
        return n

    # -- internals ------------------------------------------------------------

    def _grams(self, node: GramQ) -> dict[int, float]:
        posts = [self.postings(GRAM_FIELD, g) for g in node.grams]
        if not posts or not all(posts):
            return {}
        posts.sort(key=len)
        docs = set(posts[0])
        for p in posts[1:]:
            docs.intersection_update(p)
        if not docs:
            return {}
        # The rarest gram says most about the word; score like a body term.
        idf = self.idf(len(posts[0]))
        b = FIELD_B["body"]
        out = {}
        for doc in docs:
            freq = min(p[doc] for p in posts)
            norm = 1.0 - b + b * self.length(GRAM_FIELD, doc) / self.avg[GRAM_FIELD]
            tf = freq / norm
            out[doc] = node.weight * idf * tf * (K1 + 1) / (tf + K1)
        return out

    def _phrase(self, node: PhraseQ) -> dict[int, float]:
        _, idf_a = self.term(node.a)
        _, idf_b = self.term(node.b)
        out: dict[int, float] = {}
        for field in PHRASE_FIELDS:
            pa, pb = self.positions(field, node.a), self.positions(field, node.b)
            if not pa or not pb:
                continue
            w = min(self.fields[field], 2.0)
            for doc in pa.keys() & pb.keys():
                follows = set(pb[doc])
                if any(p + 1 in follows or p + 2 in follows for p in pa[doc]):
                    s = node.weight * w * (idf_a + idf_b) / 2
                    if s > out.get(doc, 0.0):
                        out[doc] = s
        return out


def _all_lengths(reader, field: str) -> dict[int, int]:
    """Every document's length in ``field`` in one read of Whoosh's length column.

    Falls back to nothing (then lengths are read one by one) if the reader is
    not a plain segment reader of the Whoosh 3 codec.
    """
    try:
        from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
        from whoosh.util.numeric import byte_to_length

        column = reader._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        if column is None:
            return {}
        table = [byte_to_length(b) for b in range(256)]
        return {doc: table[b] for doc, b in enumerate(column)}
    except Exception:  # noqa: BLE001 - private API; the slow path still works
        return {}


def _scaled(scores: dict[int, float], weight: float) -> dict[int, float]:
    if weight == 1.0:
        return scores
    return {d: s * weight for d, s in scores.items()}


def any_of(nodes: Sequence[Node], weight: float = 1.0) -> Node | None:
    nodes = [n for n in nodes if n is not None]
    if not nodes:
        return None
    if len(nodes) == 1 and weight == 1.0:
        return nodes[0]
    return AnyQ(tuple(nodes), weight)


def all_of(nodes: Sequence[Node], weight: float = 1.0) -> Node | None:
    if not nodes or any(n is None for n in nodes):
        return None
    if len(nodes) == 1 and weight == 1.0:
        return nodes[0]
    return AllQ(tuple(nodes), weight)
