"""The window's frame comes first, its contents once the frame is painted (``app.run``).

What must hold across the two steps: it is one and the same window; text typed into the frame
before the search field existed is searched for; the title stays discreet unless she chose
otherwise; closing the frame early is harmless; and in a real start the contents follow the frame.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from handbook.app import create_window, show_frame
from handbook.ui.main_window import MainWindow
from windows import settings_store

ROOT = Path(__file__).resolve().parent.parent


def test_the_frame_becomes_the_window_and_keeps_what_she_typed(qtbot, handbook, tmp_path):
    frame = MainWindow()
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    assert frame.centralWidget() is None and frame.windowTitle() == "Håndbok"
    qtbot.keyClicks(frame, "krisesenter")  # her first keys, before the search field exists

    window, search, _settings = create_window(settings_store(tmp_path), window=frame)
    assert window is frame and window.centralWidget() is not None
    assert window.search_box.text() == "krisesenter"
    assert window.results_list.is_current()  # the search has begun: the results list waits for the index
    window.set_handbook(handbook)
    with qtbot.waitSignal(search.ready, timeout=60_000):
        search.open(handbook)
    qtbot.waitUntil(lambda: window.results_model.rowCount() > 0, timeout=10_000)
    first = window.results_model.index(0, 0).data()
    assert "Krise" in str(first)


def test_the_window_opens_inside_the_screen(qtbot):
    from handbook.ui.geometry import available

    frame = MainWindow()
    qtbot.addWidget(frame)
    room = available(frame)
    assert room.width() < 1280  # the offscreen screen is 800 wide: smaller than the window would like
    assert (frame.width(), frame.height()) == (min(1280, room.width()), min(720, room.height()))
    frame.show()
    qtbot.waitExposed(frame)
    assert frame.screen().availableGeometry().contains(frame.frameGeometry().topLeft())
    assert frame.width() <= frame.screen().availableGeometry().width()


def test_keys_that_are_not_text_are_not_kept(qtbot, tmp_path):
    from PySide6.QtCore import Qt

    frame = MainWindow()
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Tab, Qt.Key.Key_Down):
        qtbot.keyClick(frame, key)
    window, _search, _settings = create_window(settings_store(tmp_path), window=frame)
    assert window.search_box.text() == ""


@pytest.mark.parametrize("discreet", [True, False])
def test_the_title_is_discreet_until_the_settings_say_otherwise(qtbot, tmp_path, discreet):
    from handbook.settings import Settings

    store = settings_store(tmp_path)
    Settings(store).set("discreet", discreet)  # as she left it last time
    frame = show_frame(QApplication.instance())
    qtbot.addWidget(frame)
    assert frame.windowTitle() == "Håndbok"
    window, _search, _settings = create_window(store, window=frame)
    assert (window.windowTitle() == "Håndbok") is discreet
    assert discreet or window.windowTitle() == "Håndbok – vold i nære relasjoner"


def test_the_contents_are_made_once(qtbot, tmp_path):
    window, search, settings = create_window(settings_store(tmp_path))
    qtbot.addWidget(window)
    with pytest.raises(RuntimeError):
        window.build(settings, search, None)


def test_closing_the_frame_before_its_contents_is_harmless(qtbot):
    frame = MainWindow()
    qtbot.addWidget(frame)
    frame.show()
    qtbot.waitExposed(frame)
    assert frame.close()
    assert not frame.isVisible()


def test_a_real_start_paints_the_frame_then_the_contents(tmp_path):
    """``python -m handbook``, offscreen: the start-up trace (handbook/startup_trace.py) says the
    frame was painted, and then the contents – in that order, in a real process."""
    trace = tmp_path / "trace"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache"),
           "PYTHONPATH": str(ROOT), "HANDBOOK_STARTUP_TRACE": str(trace)}
    proc = subprocess.Popen([sys.executable, "-m", "handbook"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        marks: list[str] = []
        while "window-painted" not in marks and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            marks = [line.split()[0] for line in trace.read_text().splitlines()] if trace.exists() else []
        assert proc.poll() is None, proc.stderr.read()
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
    assert marks == ["frame-painted", "window-painted"], err
    times = [float(line.split()[1]) for line in trace.read_text().splitlines()]
    assert times[0] <= times[1]
