"""Runs searches for the UI: opens the index off the GUI thread, queries on it.

Opening the index may build it (Whoosh, ~100 ms or more), so it runs in a
worker thread after the window is shown; only that call moves, the worker
touches no Qt object (:mod:`handbook.ui.background`), and a generation counter
drops an index opened for content that has since been replaced. Queries are fast (a few ms) and run on the GUI thread, coalesced by a
zero-delay timer so that a burst of keystrokes gives one search per frame.

Signals:
    ready(): the index is open; searches return hits from now on.
    failed(str): the index could not be opened (the message says why).
    results(object): a ``SearchResult`` for the latest query text.
"""

from __future__ import annotations

import traceback

from PySide6.QtCore import QObject, QTimer, Signal

from handbook.ui.background import Background


def open_service(handbook, cache_dir=None, shipped_dir=None):
    """Open the search service (may build the index: call it off the GUI thread)."""
    from handbook.search import open_search

    return open_search(handbook, cache_dir=cache_dir, shipped_dir=shipped_dir)


def hit_terms(hit) -> tuple[str, ...]:
    """The words of a hit to highlight on the page."""
    return tuple(hit.terms)


class SearchController(QObject):
    ready = Signal()
    failed = Signal(str)
    results = Signal(object)

    def __init__(self, cache_dir=None, shipped_dir=None, parent: QObject | None = None, limit: int = 20) -> None:
        super().__init__(parent)
        self._cache_dir = cache_dir
        self._shipped_dir = shipped_dir
        self._service = None
        self._generation = 0
        self._limit = limit
        self._text = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)
        self._background = Background(self)

    @property
    def is_ready(self) -> bool:
        return self._service is not None

    @property
    def service(self):
        return self._service

    def open(self, handbook) -> None:
        """Open (or build) the index for ``handbook`` in a worker thread."""
        self._generation += 1
        self._service = None
        generation = self._generation
        cache_dir, shipped_dir = self._cache_dir, self._shipped_dir

        self._background.run(lambda: open_service(handbook, cache_dir, shipped_dir),
                             lambda future: self._on_opened(generation, future), name="open-search")

    def _on_opened(self, generation: int, future) -> None:
        if generation != self._generation:
            return  # an index for content that has been replaced meanwhile
        error = future.exception()
        if error is not None:  # reported to the UI, never lost in a thread
            self.failed.emit("".join(traceback.format_exception(error)))
            return
        service = future.result()
        self._service = service
        self.ready.emit()
        if self._text:
            self._run()

    def query(self, text: str) -> None:
        """Ask for results for ``text``; the answer comes as ``results``."""
        self._text = text
        if text.strip():
            self._timer.start()
        else:
            self._timer.stop()

    def search_now(self, text: str):
        """A synchronous search (smoke test, tests); None while the index is not open."""
        if self._service is None:
            return None
        return self._service.search(text, limit=self._limit)

    def _run(self) -> None:
        if self._service is None or not self._text.strip():
            return
        self.results.emit(self._service.search(self._text, limit=self._limit))
