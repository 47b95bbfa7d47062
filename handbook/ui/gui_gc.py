"""Python's cyclic garbage collector runs on the GUI thread only.

CPython collects cyclic garbage in whichever thread happens to allocate when a threshold is passed.
While the content loads or the index opens in a worker thread, that can be the worker, and a cycle
that holds Qt objects (a closed dialog, a lambda holding a widget) is then destroyed outside the GUI
thread, which Qt does not allow and which can crash the process. Mature PySide/PyQt applications
(Anki, for one) therefore turn automatic collection off and collect from a GUI-thread timer; the
same thresholds decide which generation is collected, so memory behaves as before.
"""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QCoreApplication, QTimer

from handbook import native_memory

TICK_MS = 500
FULL_EVERY_S = 10.0  # a full collection walks every object (~30 ms here): not at every tick

_timer: QTimer | None = None
_last_full = time.monotonic()


def collect_if_due() -> int:
    """Collect the oldest generation whose threshold is passed, as automatic collection would.

    The oldest generation waits at least ``FULL_EVERY_S`` between collections, as CPython's own
    rule (a full collection only when it would examine enough new objects) keeps it rare.
    """
    global _last_full
    counts, thresholds = gc.get_count(), gc.get_threshold()
    if counts[2] > thresholds[2] and time.monotonic() - _last_full >= FULL_EVERY_S:
        _last_full = time.monotonic()
        return gc.collect(2)
    for generation in (1, 0):
        if counts[generation] > thresholds[generation]:
            return gc.collect(generation)
    return 0


def install(app: QCoreApplication) -> None:
    """From now on, collect only on ``app``'s (the GUI) thread. Idempotent."""
    global _timer
    if _timer is not None:
        return
    gc.disable()
    native_memory.limit_arenas(1)  # before any worker thread starts, as this is
    _timer = QTimer(app)
    _timer.setInterval(TICK_MS)
    _timer.timeout.connect(collect_if_due)
    _timer.start()
