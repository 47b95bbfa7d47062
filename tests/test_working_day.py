"""A whole working day in one session: the app must stay up, answer every key, and not grow.

The first release died after about 300 typed characters (PySide6 6.12.0 on
Python 3.11 dropped a reference to None on every Qt call); the short tests never
typed that much. This test types more than 1,000 characters over 60 queries at
one key at a time, waiting for each key's results to be painted, and between
searches opens results and goes back, walks the flowchart, filters the help
list, hides the screen and comes back, and zooms. It asserts:

- every key is answered on screen (``Worker`` fails naming what did not appear);
- the window is alive throughout and closes with Ctrl+Q at the end of the day;
- ``sys.getrefcount(None)`` never falls below where the day began (where None is
  mortal): the fault that killed the app, caught as an assertion before it aborts;
- resident memory after the first round grows by at most 25 MB over the rest of the day;
- no Qt warning is logged (``qt_log_level_fail = WARNING`` in pyproject fails the test).

No wall-clock assertions: ``benchmarks/working_day.py`` reports the times.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from working_day import CTRL, WAIT_MS, Worker, rounds
from windows import open_window_as_the_app_does, settings_store

MB = 1024 * 1024
MAX_GROWTH = 25 * MB
# References to None/True/False that keep a faulty PySide from aborting the interpreter before the
# refcount assertion below can report it (the counts are compared, so the cushion hides nothing).
_CUSHION = [None, True, False] * 200_000


def none_is_mortal() -> bool:
    """False where None is immortal (PEP 683, Python 3.12+): its count then never moves."""
    before = sys.getrefcount(None)
    holders = [None] * 100
    mortal = sys.getrefcount(None) != before
    del holders
    return mortal


@pytest.fixture
def day_window(qtbot, tmp_path):
    """The real window with the shipped content, loaded as the app loads it, settings in a temporary INI file."""
    return open_window_as_the_app_does(qtbot, settings_store(tmp_path))


def waiter(qtbot):
    """qtbot.waitUntil, after first processing what is pending without sleeping (as the event loop would)."""
    app = QApplication.instance()

    def wait_until(predicate, what: str) -> None:
        for _ in range(50):
            if predicate():
                return
            app.processEvents()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        try:
            qtbot.waitUntil(predicate, timeout=WAIT_MS)
        except qtbot.TimeoutError:
            raise AssertionError(f"not responsive: {what}") from None

    return wait_until


@pytest.mark.long_session
def test_a_working_day_in_one_session(qtbot, day_window):
    window = day_window
    start_refs = sys.getrefcount(None)
    mortal = none_is_mortal()

    def after_each_query() -> None:
        assert window.isVisible(), "the window vanished"
        if mortal:
            assert sys.getrefcount(None) >= start_refs, (
                f"references to None fell by {start_refs - sys.getrefcount(None)}: "
                "PySide drops references on Qt calls (see tests/test_refcount_guard.py)")

    worker = Worker(window, waiter(qtbot), after_each_query)
    for number, queries in enumerate(rounds(4)):
        worker.round(queries, number)
    stats = worker.stats

    assert stats.characters >= 1000, stats.characters
    assert stats.queries >= 50, stats.queries
    assert stats.opened >= 20 and stats.flow_steps >= 20 and stats.help_filters >= 10
    assert stats.hides >= 6 and stats.zooms >= 20
    growth = stats.rss[-1] - stats.rss[0]
    print(f"\nworking day: {stats.characters} keys, {stats.queries} queries; RSS after round 1 "
          f"{stats.rss[0] / MB:.1f} MB, at the end {stats.rss[-1] / MB:.1f} MB (growth {growth / MB:+.1f} MB)")
    assert growth <= MAX_GROWTH, f"memory grew by {growth / MB:.1f} MB after the first round"

    worker.press(Qt.Key.Key_Q, CTRL)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT_MS)
