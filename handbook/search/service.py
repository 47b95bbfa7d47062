"""The app's view of search: ``open_search(handbook).search(text)`` → :class:`SearchResult`."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from handbook.content.model import Handbook
from handbook.search.engine import _DEFAULT, DEFAULT_LIMIT, Hit, SearchEngine


@dataclass(frozen=True)
class SearchResult:
    """The answer to one query: the text, how long it took and the ranked hits."""

    query: str
    took_ms: float
    hits: list[Hit]


class SearchService:
    """Wraps a :class:`SearchEngine`: ``search(text, limit)`` → :class:`SearchResult`."""

    def __init__(self, engine: SearchEngine):
        self.engine = engine

    def search(self, text: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
        t0 = time.perf_counter()
        hits = self.engine.search(text, limit=limit)
        return SearchResult(text, (time.perf_counter() - t0) * 1000, hits)

    def contacts_matching(self, text: str) -> list[str]:
        """Help-list contact ids the search finds for ``text`` (the help list's filter)."""
        return self.engine.contacts_matching(text)

    def close(self) -> None:
        self.engine.close()


def open_search(handbook: Handbook, cache_dir: Path | None = None, shipped_dir: Path | None = None) -> SearchService:
    """Open search for the app (may build the index: call it off the GUI thread).

    Args:
        cache_dir: The app's cache folder (default ``paths.cache_dir()``); the
            index goes to its ``index/`` subfolder.
        shipped_dir: The shipped index folder (default ``paths.shipped_index_dir()``).
    """
    cache = Path(cache_dir) / "index" if cache_dir is not None else _DEFAULT
    shipped = Path(shipped_dir) if shipped_dir is not None else _DEFAULT
    return SearchService(SearchEngine.open(handbook, shipped=shipped, cache=cache))
