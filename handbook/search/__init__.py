"""Search: Norwegian full-text search over the handbook's sections (Whoosh, no Qt).

Usage::

    from handbook.search import SearchEngine

    engine = SearchEngine.open(handbook)      # shipped / cached / rebuilt / in-memory index
    for hit in engine.search("tvangsgifte"):  # never raises, whatever the text
        hit.id, hit.page, hit.anchor, hit.title, hit.kind, hit.score, hit.snippet, hit.terms,
        hit.because, hit.contacts                 # which situation brought it; whose numbers answer it

    engine = open_search(handbook)            # for the app: its cache folder; timed_search() → SearchResult

Modules: :mod:`analysis` (tokens, folding, stemming), :mod:`documents`
(schema, one document per section, signature), :mod:`store` (index on disk:
atomic builds, checks, fallbacks), :mod:`query` (user text → query objects),
:mod:`scoring` (BM25F over the postings), :mod:`situations` (who and what a
description is about → the actions and contacts it leads to), :mod:`quantity`
(questions for an amount), :mod:`ranking`, :mod:`snippets`, :mod:`textmatch`
(find in page with the same analysis), :mod:`engine` (what the app calls) and
:mod:`commands` (``handbook search`` and ``handbook index``).
"""

from handbook.search import lean_whoosh

lean_whoosh.install()  # before any module here imports Whoosh: no asyncio, ssl or urllib.request with it


# Loaded on first use (PEP 562): find in page imports ``textmatch`` before the window is shown,
# and that must not bring Whoosh's index code, the content loader or Markdown with it. Plain import
# statements, not importlib with a string: PyInstaller follows these.
def __getattr__(name: str):
    if name in ("Hit", "SearchEngine", "SearchResult", "open_search"):
        from handbook.search import engine as module
    elif name == "Snippet":
        from handbook.search import snippets as module
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def build_index(handbook, out_dir):
    """Build the index for ``handbook`` into ``out_dir`` atomically (packaging); returns the folder."""
    from pathlib import Path

    from handbook.search import store
    from handbook.search.documents import documents, signature

    docs = list(documents(handbook))
    return store.build_folder(docs, signature(docs), Path(out_dir), private=False)


__all__ = ["SearchEngine", "SearchResult", "Hit", "Snippet", "open_search", "build_index"]
