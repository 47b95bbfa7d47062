"""Work off the GUI thread whose result comes back on it, without the worker touching Qt.

Opening the search index and reading the content run in worker threads so that the window never
waits. A Python thread that emits a signal on a QObject races with the GUI thread deleting that
object (the window closed, new content chosen meanwhile), and emitting on a half-deleted object
crashes the process. So here the worker only fills a :class:`concurrent.futures.Future`, which is
plain Python; a timer owned by the receiving object polls it on the GUI thread and hands the future
to the callback there. If the owner is deleted first, its timer goes with it and the result is
simply dropped.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QTimer

if TYPE_CHECKING:
    from concurrent.futures import Future

POLL_MS = 10  # how soon a finished result is picked up; a frame is 16 ms


class Background(QObject):
    """Runs functions in worker threads; calls ``done(future)`` on the GUI thread when each ends."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._pending: list[tuple[Future, Callable[[Future], Any]]] = []
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def run(self, work: Callable[[], Any], done: Callable[[Future], Any], name: str) -> None:
        """Start ``work()`` in a daemon thread named ``name``; ``done`` gets its future (result or exception)."""
        from concurrent.futures import Future  # after the first paint: nothing runs in the background before it

        future: Future = Future()

        def target() -> None:  # touches nothing but the future
            try:
                future.set_result(work())
            except BaseException as exc:  # noqa: BLE001 - handed to ``done`` on the GUI thread
                future.set_exception(exc)

        self._pending.append((future, done))
        threading.Thread(target=target, name=name, daemon=True).start()
        self._timer.start()

    def _poll(self) -> None:
        finished = [item for item in self._pending if item[0].done()]
        if not finished:
            return
        self._pending = [item for item in self._pending if not item[0].done()]
        if not self._pending:
            self._timer.stop()
        for future, done in finished:
            done(future)
