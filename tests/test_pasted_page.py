"""A whole page pasted into the search box leaves room for the results (issue 19, defect 8).

The line above the results repeated the query in full: a pasted page filled the window with it
and pushed the hits out of sight. The real window at a small laptop's 911×512, the real clipboard,
Ctrl+V into the search box.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import screen
from windows import open_window, settings_store

CTRL = Qt.KeyboardModifier.ControlModifier


def test_a_pasted_page_does_not_fill_the_result_line(qtbot, handbook, tmp_path):
    window = open_window(qtbot, handbook, settings_store(tmp_path))
    window.resize(911, 512)
    page = "\n\n".join(s.text for s in handbook.page("plan/3-omfang-av-vold-og-overgrep").sections)
    assert len(page) > 3000  # a whole chapter, as she might paste it from an e-mail
    QApplication.clipboard().setText(page)
    window.search_box.setFocus()
    qtbot.keyClick(window.search_box, Qt.Key.Key_V, CTRL)
    qtbot.waitUntil(lambda: bool(screen.hits_shown(window)) and screen.results_for(window) != "")
    heading = window.results.heading
    lines = heading.height() / heading.fontMetrics().lineSpacing()
    assert lines <= 3.5, f"the result line is {lines:.1f} lines high: «{heading.text()[:120]}…»"
    assert len(heading.text()) <= 200, heading.text()[:300]
    assert "…" in heading.text()  # it says the query was longer than what is shown
    assert window.results.view.height() >= 200, "the hits are pushed out of sight"
    QApplication.clipboard().clear()
