"""Quick hide leaves nothing to recover: a whole session, hidden, restored, then every way back tried.

Anyone at the worker's shoulder can press "Fortsett". After it, neither Ctrl+Z nor the
context menu's Undo, back/forward, the help-list filter, find in page nor the last page's
highlights may show anything of what was typed or read before the hide.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from qt_menus import OFFSCREEN_LIMITS, close_menu, menu_action, open_context_menu
from screen import (
    HELP,
    HOME,
    answer_step,
    clipboard,
    click_help_number,
    help_confirmation,
    help_entries_shown,
    help_filter,
    hits_shown,
    results_for,
    search_for,
    select_hit,
    steps_walked,
    view_on_screen,
)
from windows import open_window, settings_store

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
PAGE = "plan/3-omfang-av-vold-og-overgrep#tall-fra-politiet"


@pytest.fixture
def window(qtbot, handbook, tmp_path):
    return open_window(qtbot, handbook, settings_store(tmp_path))


def _work_a_while(qtbot, window) -> None:
    """What a worker does before someone comes in: every place that keeps text or state gets some."""
    search_for(qtbot, window, "politiet tall", clear=False)
    select_hit(window, PAGE)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    assert window.page_view.section_id == PAGE and window.page_view.highlighted_words()
    qtbot.keyClick(window.page_view.browser, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.page_view.find_bar.edit, "anmeldt")
    assert window.page_view._find_selections

    qtbot.keyClick(window.page_view.browser, Qt.Key.Key_F4)
    qtbot.keyClicks(help_filter(window), "legevakt")
    assert help_entries_shown(window) == ["follo-legevakt"]
    click_help_number(qtbot, window, "follo-legevakt")
    assert clipboard() == "116117"

    window.start_flow()
    answer_step(window, 0)
    assert len(steps_walked(window)) > 1

    window.search_box.setFocus()
    window.search_box.selectAll()
    qtbot.keyClicks(window.search_box, "mannen min slår meg")
    assert window.history.can_back()


def _hide_and_come_back(qtbot, window) -> None:
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.outer.currentWidget() is window.neutral
    assert QApplication.focusWidget() is window.neutral.button
    qtbot.keyClick(window.neutral.button, Qt.Key.Key_Return)  # Enter on "Fortsett"
    assert window.outer.currentWidget() is window.normal


def _undo_everything(qtbot, edit) -> None:
    """Ctrl+Z a few times, then the context menu's real Undo action."""
    edit.setFocus()
    for _ in range(3):
        qtbot.keyClick(edit, Qt.Key.Key_Z, CTRL)
    menu = open_context_menu(qtbot, edit)
    undo = menu_action(menu, "edit-undo")
    assert not undo.isEnabled()
    undo.trigger()
    close_menu(qtbot, menu)


@OFFSCREEN_LIMITS
def test_after_a_quick_hide_nothing_of_the_session_comes_back(qtbot, window, handbook):
    _work_a_while(qtbot, window)
    _hide_and_come_back(qtbot, window)

    # The start page, an empty search box, no results, nothing pasted from the handbook.
    assert view_on_screen(window) == HOME
    assert QApplication.focusWidget() is window.search_box
    assert hits_shown(window) == [] and results_for(window) == ""
    assert clipboard() == ""
    assert window.sidebar.currentItem() is None

    # The search box: Ctrl+Z and the context menu's Undo bring nothing back.
    _undo_everything(qtbot, window.search_box)
    assert window.search_box.text() == ""
    assert not window.search_box.isUndoAvailable() and not window.search_box.isRedoAvailable()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Y, CTRL)  # redo
    assert window.search_box.text() == ""
    assert hits_shown(window) == []

    # Back and forward, by keys and by the mouse's side buttons, go nowhere.
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
        qtbot.keyClick(window.search_box, key, ALT)
        assert view_on_screen(window) == HOME
    assert not window.actions["back"].isEnabled() and not window.actions["forward"].isEnabled()
    assert not window.history.can_back() and not window.history.can_forward()

    # The help list opens whole, with an empty filter that has nothing to undo.
    qtbot.keyClick(window.search_box, Qt.Key.Key_F4)
    assert view_on_screen(window) == HELP
    assert help_filter(window).text() == ""
    assert len(help_entries_shown(window)) == len(handbook.contacts)
    _undo_everything(qtbot, help_filter(window))
    assert help_filter(window).text() == ""
    assert len(help_entries_shown(window)) == len(handbook.contacts)
    assert help_confirmation(window) == ""

    # The flowchart starts at its first question.
    window.start_flow()
    assert len(steps_walked(window)) == 1

    # The same page again: no search-word highlights, no find text, nothing to undo in the find bar.
    window.open_section(PAGE)
    assert window.page_view.highlighted_words() == []
    assert window.page_view.browser.extraSelections() == []
    qtbot.keyClick(window.page_view.browser, Qt.Key.Key_F, CTRL)
    find = window.page_view.find_bar.edit
    assert find.text() == "" and window.page_view.find_bar.count.text() == ""
    _undo_everything(qtbot, find)
    assert find.text() == ""
    assert window.page_view.browser.extraSelections() == []


def test_hide_and_restore_by_shortcut_and_button_forget_too(qtbot, window):
    search_for(qtbot, window, "barnevern", clear=False)
    qtbot.keyClick(window.search_box, Qt.Key.Key_H, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.outer.currentWidget() is window.neutral
    assert window.windowTitle() == "Håndbok"
    qtbot.mouseClick(window.neutral.button, Qt.MouseButton.LeftButton)
    assert window.outer.currentWidget() is window.normal
    qtbot.keyClick(window.search_box, Qt.Key.Key_Z, CTRL)
    assert window.search_box.text() == ""


def test_an_ordinary_escape_still_can_be_undone(qtbot, window):
    """Only a hide forgets: one Esc clears the box, and Ctrl+Z brings the text back (no accident lost)."""
    search_for(qtbot, window, "krisesenter", clear=False)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    qtbot.keyClick(window.search_box, Qt.Key.Key_Z, CTRL)
    assert window.search_box.text() == "krisesenter"


@OFFSCREEN_LIMITS
def test_hiding_from_the_save_dialog_closes_it_first(qtbot, window):
    """Ctrl+Shift+H in «Lagre som PDF»: the dialog (which may show a page's title) goes, then the hide."""
    from PySide6.QtWidgets import QFileDialog

    from qt_texts import run_modal

    window.open_section(PAGE)

    def hide_from(dialog):
        qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_H, CTRL | Qt.KeyboardModifier.ShiftModifier)
        return dialog.isVisible()

    still_open = run_modal(qtbot, window.actions["save_pdf"].trigger, hide_from, QFileDialog)
    assert not still_open
    assert window.outer.currentWidget() is window.neutral
    assert QApplication.activeModalWidget() is None


def test_the_first_escape_may_close_a_dialog(qtbot, window):
    """Esc (closes the settings dialog) Esc (in the window): one double tap, and the screen is hidden."""
    dialog = window.settings_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.zoom.setFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.outer.currentWidget() is window.neutral
