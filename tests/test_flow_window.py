"""The flowchart inside the reader: F2, a search hit that opens a step, links out to duty cards."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication

from handbook.ui.flow import FlowPanel
from screen import FLOW, PAGE, hit_ids_shown, search_for, section_on_screen, step_on_screen, steps_walked, view_on_screen
from windows import open_window, settings_store


@pytest.fixture
def window(qtbot, handbook, tmp_path):
    return open_window(qtbot, handbook, settings_store(tmp_path), active=True)


def test_the_window_hosts_the_flow_panel(window):
    assert isinstance(window.flow_view, FlowPanel)


def test_f2_opens_the_first_question_ready_for_keys(qtbot, window):
    qtbot.keyClick(window.search_box, Qt.Key.Key_F2)
    panel = window.flow_view
    assert view_on_screen(window) == FLOW
    assert steps_walked(window) == ["akutt"]
    focus = QApplication.focusWidget()
    assert focus is panel.step_view.answer_buttons[0]
    qtbot.keyClick(focus, Qt.Key.Key_1)
    assert step_on_screen(window) == "ring-112"


def test_searching_akutt_fare_opens_the_112_step(qtbot, window):
    items = search_for(qtbot, window, "akutt fare")
    top = hit_ids_shown(window)[:3]
    assert "flyt#ring-112" in top, top
    window.open_result(next(i for i in items if i.hit.id == "flyt#ring-112"))
    panel = window.flow_view
    assert view_on_screen(window) == FLOW
    assert panel.stack.currentIndex() == 0
    assert steps_walked(window) == ["akutt", "ring-112"]
    assert panel.step_view.copy_buttons[0].property("digits") == "112"


def test_duty_card_link_opens_the_card_in_the_reader(qtbot, window):
    panel = window.flow_view
    window.open_section("flyt#meld-barnevernet")
    link = next(
        b for b in panel.step_view.body.findChildren(QAbstractButton)
        if b.property("section") == "veileder/opplysningsplikt-barnevernet"
    )
    qtbot.mouseClick(link, Qt.MouseButton.LeftButton)
    assert view_on_screen(window) == PAGE
    assert section_on_screen(window) == "veileder/opplysningsplikt-barnevernet"
