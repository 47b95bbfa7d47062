"""Search: Norwegian full-text search over the handbook's sections (Whoosh, no Qt).

Usage::

    from handbook.search import SearchEngine

    engine = SearchEngine.open(handbook)      # shipped / cached / rebuilt / in-memory index
    for hit in engine.search("tvangsgifte"):  # never raises, whatever the text
        hit.id, hit.page, hit.anchor, hit.title, hit.kind, hit.score, hit.snippet, hit.terms,
        hit.because, hit.contacts                 # which situation brought it; whose numbers answer it

    service = open_search(handbook)           # for the app: search() → SearchResult(query, took_ms, hits)

Modules: :mod:`analysis` (tokens, folding, stemming), :mod:`documents`
(schema, one document per section, signature), :mod:`store` (index on disk:
atomic builds, checks, fallbacks), :mod:`query` (user text → query objects),
:mod:`scoring` (BM25F over the postings), :mod:`situations` (who and what a
description is about → the actions and contacts it leads to), :mod:`quantity`
(questions for an amount), :mod:`ranking`, :mod:`snippets`, :mod:`textmatch`
(find in page with the same analysis), :mod:`engine` and :mod:`service` (what
the app calls).
"""

from handbook.search.engine import Hit, SearchEngine
from handbook.search.service import SearchResult, SearchService, open_search
from handbook.search.snippets import Snippet


def build_index(handbook, out_dir):
    """Build the index for ``handbook`` into ``out_dir`` atomically (packaging); returns the folder."""
    from pathlib import Path

    from handbook.search import store
    from handbook.search.documents import documents, signature

    docs = list(documents(handbook))
    return store.build_folder(docs, signature(docs), Path(out_dir))


__all__ = ["SearchEngine", "SearchService", "SearchResult", "Hit", "Snippet", "open_search", "build_index"]
