"""Worker threads never touch Qt, and Python's garbage collector runs on the GUI thread only.

The content loads and the index opens in worker threads. A worker that emits a signal on a QObject
races with the GUI thread deleting that object (the window closed, new content chosen), and a
garbage collection that happens to run in a worker destroys Qt objects outside the GUI thread;
either can crash the process. These drive the real window and the real index.
"""

from __future__ import annotations

import gc
import threading
import weakref

from PySide6.QtCore import QObject

from handbook import app as app_module
from handbook.ui import gui_gc
from windows import settings_store


def _join(name: str) -> None:
    for thread in [t for t in threading.enumerate() if t.name == name]:
        thread.join(timeout=120)
        assert not thread.is_alive(), f"{name} did not finish"


def _delete_now(qtbot, window) -> None:
    gone = []
    window.destroyed.connect(lambda *_: gone.append(True))
    window.deleteLater()
    qtbot.waitUntil(lambda: gone == [True], timeout=5_000)


def test_a_window_deleted_while_its_index_opens_is_left_alone(qtbot, handbook, tmp_path):
    """The cache is empty (conftest), so the index is being built when the window goes away."""
    window, search, _settings = app_module.create_window(settings_store(tmp_path))
    window.show()
    window.set_handbook(handbook)
    search.open(handbook)
    assert any(t.name == "open-search" for t in threading.enumerate())
    _delete_now(qtbot, window)
    _join("open-search")  # a worker that emitted on the deleted controller fails here (thread exception)
    qtbot.wait(50)  # the result would be picked up now, if anything were left to pick it up


def test_a_window_deleted_while_its_content_loads_is_left_alone(qtbot, tmp_path):
    window, search, settings = app_module.create_window(settings_store(tmp_path))
    window.show()
    app_module.load_startup_content_in_background(window, search, settings, None)
    assert any(t.name == "content-loader" for t in threading.enumerate())
    _delete_now(qtbot, window)
    _join("content-loader")
    qtbot.wait(50)


class _Cycle(QObject):
    """A Qt object in a reference cycle: only the cyclic collector can free it."""

    def __init__(self, freed_in: list) -> None:
        super().__init__()
        self.me = self
        self.destroyed.connect(lambda *_: freed_in.append(threading.current_thread()))


def test_garbage_is_collected_on_the_gui_thread_only(qtbot, tmp_path):
    window, _search, _settings = app_module.create_window(settings_store(tmp_path))
    qtbot.addWidget(window)
    assert not gc.isenabled(), "automatic collection would run in whichever thread allocates"
    freed_in: list = []
    cycle = _Cycle(freed_in)
    ref = weakref.ref(cycle)
    del cycle

    def allocate() -> None:  # a worker that allocates as the content loader does
        keep = [[i] for i in range(200_000)]
        del keep

    worker = threading.Thread(target=allocate, name="allocating-worker")
    worker.start()
    worker.join()
    assert ref() is not None, "collected in the worker"
    gui_gc._last_full = 0.0  # the next tick may do a full collection
    junk = [[i] for i in range(20_000)]  # pass the thresholds from the GUI thread
    junk2 = [[j] for j in range(20_000)]
    qtbot.waitUntil(lambda: ref() is None, timeout=10_000)
    assert freed_in == [threading.main_thread()]
    del junk, junk2


def test_the_timer_collects_what_the_thresholds_say(qtbot, tmp_path):
    """The same rule as automatic collection: past the youngest generation's threshold, it is collected."""
    window, _search, _settings = app_module.create_window(settings_store(tmp_path))
    qtbot.addWidget(window)
    gc.collect()
    for _ in range(10):
        cycle: dict = {}
        cycle["me"] = cycle
    del cycle
    keep = [[i] for i in range(gc.get_threshold()[0] + 10)]  # past the threshold, from this thread
    assert gui_gc.collect_if_due() >= 10
    assert gc.get_count()[0] < gc.get_threshold()[0]
    del keep
