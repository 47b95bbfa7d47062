"""Runs searches for the UI: opens the index off the GUI thread, queries on it.

Opening the index may build it (Whoosh, ~100 ms or more), so it runs in a
worker thread after the window is shown; only that call moves, the worker
touches no Qt object (:mod:`handbook.ui.background`), and a generation counter
drops an index opened for content that has since been replaced. Queries are fast (a few ms) and run on the GUI thread, coalesced by a
zero-delay timer so that a burst of keystrokes gives one search per frame.

Signals:
    ready(): the index is open; searches return hits from now on.
    failed(str): the index could not be opened: a bokmål message for the user (the traceback goes to
        stderr for a developer, never onto the screen). A damaged cache never gets here: it is rebuilt.
    results(object): a ``SearchResult`` for the latest query text (with the reading it was ranked by).

A reading the user changed (the chips) is kept for the text it was changed for and sent with
each search of it; a new text is read afresh.
"""

from __future__ import annotations

import traceback

from PySide6.QtCore import QObject, QTimer, Signal

from handbook import search
from handbook.ui.background import Background


def _index_dir(handbook, shipped_dir):
    """Content from an installed content pack comes with the index built for it before it was swapped
    in; any other content uses the shipped index (or builds one). Runs in the worker thread."""
    from handbook.packs.startup import index_dir_for

    return index_dir_for(getattr(handbook, "content_dir", None)) or shipped_dir


class SearchController(QObject):
    ready = Signal()
    failed = Signal(str)
    results = Signal(object)

    def __init__(self, cache_dir=None, shipped_dir=None, parent: QObject | None = None, limit: int = 20) -> None:
        super().__init__(parent)
        self._cache_dir = cache_dir
        self._shipped_dir = shipped_dir
        self._engine = None
        self._generation = 0
        self._limit = limit
        self._text = ""
        self.reading = None  # a reading the user changed for the current text (the chips), or None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self._run)
        self._background = Background(self)

    @property
    def is_ready(self) -> bool:
        return self._engine is not None

    @property
    def engine(self):
        """The open :class:`~handbook.search.engine.SearchEngine`, or None while it opens."""
        return self._engine

    def contacts_matching(self, text: str):
        """Help-list contact ids the search finds for ``text`` (the help list's filter); None while the index opens."""
        return self._engine.contacts_matching(text) if self._engine is not None else None

    def open(self, handbook) -> None:
        """Open (or build) the index for ``handbook`` in a worker thread."""
        self._generation += 1
        self._engine = None
        generation = self._generation
        cache_dir, shipped_dir = self._cache_dir, self._shipped_dir

        # search.open_search is loaded on first use (PEP 562): Whoosh is imported in the worker, after the window is shown
        self._background.run(lambda: search.open_search(handbook, cache_dir, _index_dir(handbook, shipped_dir)),
                             lambda future: self._on_opened(generation, future), name="open-search")

    def _on_opened(self, generation: int, future) -> None:
        if generation != self._generation:
            return  # an index for content that has been replaced meanwhile
        error = future.exception()
        if error is not None:  # reported to the UI, never lost in a thread
            traceback.print_exception(error)  # for a developer; the user reads the Norwegian line
            self.failed.emit(self.tr("Søket kunne ikke startes på grunn av en feil i programmet. Sidene, "
                                     "hjelpelisten og flytskjemaet virker. Start programmet på nytt, og meld fra "
                                     "om feilen hvis den kommer igjen."))
            return
        self._engine = future.result()
        self.ready.emit()
        if self._text:
            self._run()

    def query(self, text: str) -> None:
        """Ask for results for ``text`` (a new text is read afresh); the answer comes as ``results``."""
        if text != self._text:
            self.reading = None
        self._text = text
        if text.strip():
            self._timer.start()
        else:
            self.reading = None
            self._timer.stop()

    def rerank(self, reading) -> None:
        """Rank the current text by ``reading`` (the chips as the user changed them; None: the search's own)."""
        self.reading = reading
        if self._text.strip():
            self._timer.start()

    @property
    def edited(self) -> bool:
        """The results are ranked by a reading the user changed."""
        return self.reading is not None

    def flow_answers(self, text: str) -> list[int]:
        """The flowchart answers the reading of ``text`` (as the user changed it) implies."""
        return self._engine.flow_answers(text, self.reading) if self._engine is not None else []

    def search_now(self, text: str):
        """A synchronous search (smoke test, tests); None while the index is not open."""
        if self._engine is None:
            return None
        return self._engine.timed_search(text, limit=self._limit)

    def _run(self) -> None:
        if self._engine is None or not self._text.strip():
            return
        self.results.emit(self._engine.timed_search(self._text, limit=self._limit, reading=self.reading))
