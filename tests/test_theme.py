"""The theme's style sheet must not change what the zoom and the content show.

An application style sheet changes how Qt hands fonts down: without ``fonts.polished`` (ui/app_events.py)
every widget made after its parent's font was set (the help list's entries, the flowchart, a
new step) came out at the application's 9 pt, not the window's 11 pt or the zoom's 22 pt.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from handbook.app import create_window
from handbook.ui.main_window import BASE_POINT_SIZE
from screen import help_entry_box
from windows import open_window, settings_store


def _settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(1)


def _plain_text_size(root: QWidget) -> float:
    """The point size of the most common text under ``root`` (its body text)."""
    sizes = [w.font().pointSizeF() for w in root.findChildren(QLabel) if w.isVisible() and w.text().strip()]
    assert sizes, "no text shown"
    return max(set(sizes), key=sizes.count)


@pytest.mark.parametrize("zoom", [100, 200])
def test_views_made_after_the_zoom_show_text_at_its_size(qtbot, handbook, tmp_path, zoom):
    window, _search, settings = create_window(settings_store(tmp_path))
    qtbot.addWidget(window)
    settings.set("zoom", zoom)
    window.show()
    qtbot.waitExposed(window)
    window.set_handbook(handbook)  # the help list's entries and the flowchart come after the zoom
    assert QApplication.font().pointSizeF() < BASE_POINT_SIZE, "the test needs an app font below the window's"
    expected = BASE_POINT_SIZE * zoom / 100
    window.open_section("hjelpeliste")
    _settle(qtbot)
    assert _plain_text_size(help_entry_box(window)) == pytest.approx(expected)
    window.start_flow()
    _settle(qtbot)
    assert window.flow_view.font().pointSizeF() == pytest.approx(expected)
    qtbot.keyClick(window.flow_view.step_view, Qt.Key.Key_2)  # a new step: new widgets
    _settle(qtbot)
    assert window.flow_view.step_view.font().pointSizeF() == pytest.approx(expected)


def test_supplementary_marks_take_the_theme_and_wrap_long_addresses(qtbot, handbook, tmp_path):
    window = open_window(qtbot, handbook, settings_store(tmp_path))
    window.resize(911, 512)
    window.open_section("hjelpeliste")
    _settle(qtbot)
    marks = [w for w in window.help_view.findChildren(QLabel) if w.property("supplementary") and "Kilder" in w.text()]
    assert marks
    widest = max(marks, key=lambda w: w.minimumSizeHint().width())
    assert widest.minimumSizeHint().width() < 500, "a source's address does not wrap"
    # Marked by the theme's note colours, not a style sheet of its own (which would stop the zoom).
    assert widest.styleSheet() == ""
    fill = widest.grab().toImage().pixelColor(2, widest.height() // 2)
    from handbook.ui import theme

    assert fill.name() == theme.colour("note_surface").name()
    # Copying the address gives the address: the places to wrap are not copied.
    QApplication.clipboard().setText("https://www.bufdir.no/Nye_\u200btall")
    _settle(qtbot)
    assert QApplication.clipboard().text() == "https://www.bufdir.no/Nye_tall"
