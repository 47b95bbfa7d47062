"""Reading a page: the place is kept across zoom and resizes; ch. 3.5's charts, tables and notes.

Real window, real content (offscreen).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from handbook.app import create_window
from windows import settings_store

SECTION_35 = "plan/3-omfang-av-vold-og-overgrep#3-5-lokale-forhold"
KISIF = "plan/3-omfang-av-vold-og-overgrep#tall-fra-kisif"


def _settle(qtbot) -> None:
    for _ in range(4):
        QApplication.processEvents()
    qtbot.wait(1)


@pytest.fixture
def window(qtbot, handbook, tmp_path):
    store = settings_store(tmp_path)
    window, _search, _settings = create_window(store)
    qtbot.addWidget(window)
    window.resize(911, 512)
    window.show()
    qtbot.waitExposed(window)
    window.set_handbook(handbook)
    _settle(qtbot)
    return window


def top_line(window) -> str:
    """The text of the line at the top of the page view."""
    browser = window.page_view.browser
    cursor = browser.cursorForPosition(QPoint(2, 2))
    cursor.select(QTextCursor.SelectionType.LineUnderCursor)
    return cursor.selectedText().strip()


@pytest.mark.parametrize("target, heading", [
    (SECTION_35, "3.5 Lokale forhold"),
    (KISIF, "Tall fra Krise- og incestsenter i Follo (KISIF)"),
])
def test_ctrl_plus_three_times_keeps_the_place(qtbot, window, target, heading):
    window.open_section(target)
    _settle(qtbot)
    assert top_line(window) == heading
    browser = window.page_view.browser
    start = browser.verticalScrollBar().value()
    for _ in range(3):
        qtbot.keyClick(browser, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
        _settle(qtbot)
        assert top_line(window) == heading
    assert window.settings.get("zoom") == 130
    assert browser.verticalScrollBar().value() != start  # the page did grow: the place was kept, not the pixels
    qtbot.keyClick(browser, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot)
    assert top_line(window) == heading


def test_showing_the_sidebar_keeps_the_place(qtbot, window):
    window.open_section(KISIF)
    _settle(qtbot)
    heading = top_line(window)
    window.actions["sidebar"].trigger()
    _settle(qtbot)
    assert window.sidebar.isVisible()
    assert top_line(window) == heading
    window.resize(1366, 768)
    _settle(qtbot)
    assert top_line(window) == heading
