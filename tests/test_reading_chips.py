"""What the search understood, on screen: the chips above the results, and the hand-over to the flowchart.

Real window, real content, real search (offscreen). The tests speak through tests/screen.py:
the chips shown, the hits shown with their numbers, the step on screen, the keys a worker presses.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from screen import (
    FLOW,
    HELP,
    chip_buttons,
    chip_menu,
    chips_shown,
    choices_walked,
    hand_over_button,
    help_entries_shown,
    help_filter,
    hit_ids_shown,
    hits_shown,
    reading_says_nothing,
    search_for,
    step_on_screen,
    steps_walked,
    view_on_screen,
    wait_for_new_hits,
)
from qt_menus import OFFSCREEN_LIMITS
from windows import open_window, settings_store

OLDER = "mor på 90 blir slått av sønnen"
NOTHING = "hun sitter bare på rommet sitt og vil ikke snakke med noen"


@pytest.fixture
def window(qtbot, handbook, tmp_path):
    return open_window(qtbot, handbook, settings_store(tmp_path), active=True)


def _numbers_first(window) -> set[str]:
    """The digits of the numbers the first row shows."""
    return {digits for _display, digits, _label in hits_shown(window)[0].numbers}


def _digits(handbook, contact_id: str) -> set[str]:
    return {n.digits for n in handbook.contact(contact_id).numbers}


def test_a_situation_shows_what_was_understood(qtbot, window, handbook):
    search_for(qtbot, window, OLDER)
    assert {"eldre", "vold"} <= set(chips_shown(window))
    assert _numbers_first(window) & _digits(handbook, "vern-for-eldre")
    assert hand_over_button(window).isVisible()


def test_removing_a_chip_reranks_at_once(qtbot, window, handbook):
    before = search_for(qtbot, window, OLDER)
    before_ids = [h.hit.id for h in before]
    _, remove = chip_buttons(window, "eldre")
    assert remove.accessibleName() == "Fjern: eldre"
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    wait_for_new_hits(qtbot, window, before_ids)
    assert "eldre" not in chips_shown(window) and "vold" in chips_shown(window)
    assert not _numbers_first(window) & _digits(handbook, "vern-for-eldre")
    # «Angre» brings the search's own reading back
    undo = window.results.reading_bar.undo_button
    assert undo.isVisible()
    after_ids = hit_ids_shown(window)
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    wait_for_new_hits(qtbot, window, after_ids)
    assert "eldre" in chips_shown(window) and hit_ids_shown(window) == before_ids


def test_reading_a_chip_as_something_else_reranks(qtbot, window, handbook):
    before = [h.hit.id for h in search_for(qtbot, window, OLDER)]
    menu = chip_menu(window, "eldre")
    as_child = next(a for a in menu.actions() if a.text() == "barn")
    as_child.trigger()
    wait_for_new_hits(qtbot, window, before)
    assert "barn" in chips_shown(window) and "eldre" not in chips_shown(window)
    assert _numbers_first(window) & _digits(handbook, "barnevernstjenesten")


def test_nothing_understood_offers_what_to_do_and_the_help_list_first(qtbot, window):
    search_for(qtbot, window, NOTHING)
    assert reading_says_nothing(window) and chips_shown(window) == []
    assert hit_ids_shown(window)[:2] == ["flyt", "hjelpeliste"]
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)  # the first row: «Hva gjør jeg nå?»
    assert view_on_screen(window) == FLOW and len(steps_walked(window)) == 1


def test_a_name_is_no_description_and_gets_no_offers(qtbot, window, handbook):
    search_for(qtbot, window, "kisif")
    assert not reading_says_nothing(window)
    assert hit_ids_shown(window)[0] == "hjelpeliste#kisif"


def test_the_hand_over_opens_the_step_with_the_answers_chosen(qtbot, window, handbook):
    search_for(qtbot, window, OLDER)
    qtbot.mouseClick(hand_over_button(window), Qt.MouseButton.LeftButton)
    assert view_on_screen(window) == FLOW
    step = handbook.flow.node(step_on_screen(window))
    assert step.kind == "action" and "vern-for-eldre" in step.contacts
    chosen = choices_walked(window)
    assert len(chosen) >= 2 and any("eldre" in c for c in chosen)  # shown on the path
    # changeable: Tilbake goes to the question the last answer was given on
    question = steps_walked(window)[-2]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backspace)
    assert step_on_screen(window) == question


def test_an_urgent_reading_hands_over_to_the_urgent_step(qtbot, window, handbook):
    search_for(qtbot, window, "han står med kniv og truer henne nå")
    assert "akutt" in chips_shown(window)
    qtbot.mouseClick(hand_over_button(window), Qt.MouseButton.LeftButton)
    step = handbook.flow.node(step_on_screen(window))
    assert step.urgent and step.contacts[0] == "politiet"


def test_f4_shows_the_best_match_first(qtbot, window):
    qtbot.keyClick(window.search_box, Qt.Key.Key_F4)
    assert view_on_screen(window) == HELP
    qtbot.keyClicks(help_filter(window), "vern")
    qtbot.waitUntil(lambda: bool(help_entries_shown(window)) and help_entries_shown(window)[0] == "vern-for-eldre")
    # Tab goes through the entries in the order shown
    shown = help_entries_shown(window)
    cards = {c.contact.id: c for c in window.help_view.cards}
    cards[shown[0]].number_buttons[0].setFocus()
    visited: list[str] = []
    for _ in range(40):
        focused = QApplication.focusWidget()
        owner = next((cid for cid, card in cards.items() if card.isAncestorOf(focused)), None)
        if owner is None:
            break
        if owner not in visited:
            visited.append(owner)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    assert len(visited) >= 2 and visited == shown[: len(visited)]


def test_esc_esc_forgets_the_chips(qtbot, window):
    before = search_for(qtbot, window, OLDER)
    qtbot.mouseClick(chip_buttons(window, "eldre")[1], Qt.MouseButton.LeftButton)
    wait_for_new_hits(qtbot, window, [h.hit.id for h in before])
    assert window.search.edited
    assert window.results.reading_bar.isAncestorOf(QApplication.focusWidget())  # the keyboard is on a chip
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert window.outer.currentWidget() is window.neutral
    qtbot.keyClick(window.neutral.button, Qt.Key.Key_Return)
    assert chips_shown(window) == [] and not window.search.edited
    search_for(qtbot, window, OLDER)  # the same words are read afresh: the removed chip is back
    assert "eldre" in chips_shown(window)


@OFFSCREEN_LIMITS
def test_keyboard_only_remove_and_change_a_chip(qtbot, window, handbook):
    before = [h.hit.id for h in search_for(qtbot, window, OLDER)]
    window.search_box.setFocus()
    # Tab follows the screen (issue 20): the toolbar's buttons right of the search box (and the
    # sidebar on the left, where it shows), then the chips
    passed = []
    for _ in range(6):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if window.results.reading_bar.isAncestorOf(QApplication.focusWidget()):
            break
        passed.append(QApplication.focusWidget())
    assert window.menu_button in passed
    assert set(passed) <= {window.pin_button, window.hide_button, window.menu_button, window.sidebar}, passed
    first_chip = window.results.reading_bar.chips[0]
    assert QApplication.focusWidget() is first_chip.button
    assert first_chip.button.accessibleName().startswith("Endre: ")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is first_chip.remove_button
    removed = first_chip.understood.label
    qtbot.keyClick(first_chip.remove_button, Qt.Key.Key_Space)
    before = wait_for_new_hits(qtbot, window, before)
    assert removed not in chips_shown(window)
    # the keyboard stays in the bar, on the chip now in that place: Space opens its menu
    button = QApplication.focusWidget()
    chip = next(c for c in window.results.reading_bar.chips if c.button is button)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(chip.menu.isVisible)
    target = chip.menu.activeAction().text()
    qtbot.keyClick(chip.menu, Qt.Key.Key_Return)
    wait_for_new_hits(qtbot, window, before)
    assert target in chips_shown(window) and chip.understood.label not in chips_shown(window)


def test_a_new_text_is_read_afresh(qtbot, window):
    before = [h.hit.id for h in search_for(qtbot, window, OLDER)]
    qtbot.mouseClick(chip_buttons(window, "eldre")[1], Qt.MouseButton.LeftButton)
    wait_for_new_hits(qtbot, window, before)
    search_for(qtbot, window, "gutten sier at pappa slår ham")
    assert "barn" in chips_shown(window) and not window.search.edited


def test_at_911x512_and_200_percent_the_chips_and_the_first_number_are_in_view(qtbot, handbook, tmp_path):
    window = open_window(qtbot, handbook, settings_store(tmp_path))
    window.resize(911, 512)
    window.settings.set("zoom", 200)
    search_for(qtbot, window, "sønnen tar pengene til mor på 84 og truer henne")
    qtbot.wait(50)
    bar = window.results.reading_bar
    for widget in [w for c in bar.chips for w in (c.button, c.remove_button)] + [bar.flow_button]:
        top_left = widget.mapTo(window, widget.rect().topLeft())
        bottom_right = widget.mapTo(window, widget.rect().bottomRight())
        assert window.rect().contains(top_left) and window.rect().contains(bottom_right), widget.accessibleName()
        assert widget.width() >= widget.minimumSizeHint().width(), widget.accessibleName()  # not cut
    view = window.results.view
    first = view.visualRect(view.model().index(0, 0))
    assert first.top() >= 0 and first.top() + 120 <= view.viewport().height()  # the title and the number show
