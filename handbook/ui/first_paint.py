"""Work that waits until the window has been painted once: the window comes first.

Reading the content, opening the index, the sidebar's tree and the application-wide key and
font watchers all wait for the first paint. An application-wide Python event filter is not
free at start-up: every object that receives an event is then given a Python wrapper, and
PySide builds the Python enums of each new class as it does (about 200 of them, a tenth of a
second on a slow laptop), so the filters are installed only once the window is on the screen.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

FALLBACK_MS = 1000  # a window that is not painted (started minimised) still gets its content


class _FirstPaint(QObject):
    def __init__(self, watched: QWidget, callback: Callable[[], None]) -> None:
        super().__init__(watched)
        self._callback: Callable[[], None] | None = callback
        watched.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self, self._run)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt naming
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._run)  # after this paint has reached the screen
        return False

    def _run(self) -> None:
        callback, self._callback = self._callback, None
        if callback is not None:
            callback()


def after_first_paint(widget: QWidget, callback: Callable[[], None]) -> None:
    """Call ``callback`` once, just after ``widget`` is first painted (or after :data:`FALLBACK_MS`)."""
    _FirstPaint(widget, callback)
