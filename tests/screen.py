"""What the user sees and does in the real window, for widget tests.

Tests speak through these: the view on screen, the hits shown (with their numbers), the
help-list entries shown, the step on screen, the text on the clipboard, the message at the
foot of the window. They do not reach into widget attributes (``window.results_model``,
``help_view.cards`` …), so a widget can be renamed or rebuilt in one place: here.
Each function returns what a user could read off the screen, or does what a user does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

# The views a user can tell apart (MainWindow.current_view().name).
HOME, RESULTS, PAGE, HELP, FLOW = "home", "results", "page", "help", "flow"


def view_on_screen(window) -> str:
    """Which view is shown: ``home``, ``results``, ``page``, ``help`` or ``flow``."""
    return window.current_view().name


# -- search ---------------------------------------------------------------------------


def search_for(qtbot, window, text: str, *, clear: bool = True) -> list:
    """Type ``text`` in the search box (emptied first unless ``clear`` is False) and wait for its
    hits; returns the hits shown, best first (see :func:`hits_shown`)."""
    window.search_box.setFocus()
    if clear:
        window.search_box.clear()
    qtbot.keyClicks(window.search_box, text)
    qtbot.waitUntil(lambda: bool(hits_shown(window)) and results_for(window) == text)
    return hits_shown(window)


def hits_shown(window) -> list:
    """The rows of the results list, best first: each has ``hit`` (id, title, kind …), ``breadcrumb``,
    ``numbers`` ((display, digits, label) shown under it), ``definition`` and ``because``."""
    model = window.results.view.model()
    return [model.item(i) for i in range(model.rowCount())]


def hit_ids_shown(window) -> list[str]:
    return [item.hit.id for item in hits_shown(window)]


def results_for(window) -> str:
    """The text the results list shows hits for ("" when it shows none)."""
    return window.results.view.model().query


def select_hit(window, hit_id: str) -> int:
    """Move the selection in the results list to ``hit_id`` (as the arrow keys would); returns its row."""
    model = window.results.view.model()
    row = hit_ids_shown(window).index(hit_id)
    window.results.view.setCurrentIndex(model.index(row, 0))
    return row


def select_row(window, row: int) -> None:
    """Move the selection in the results list to ``row``."""
    window.results.view.setCurrentIndex(window.results.view.model().index(row, 0))


# -- what the search understood (the chips) ----------------------------------------------


def chips_shown(window) -> list[str]:
    """The labels of the chips «Forstått: …» above the results ([] when the bar is hidden)."""
    bar = window.results.reading_bar
    return bar.labels() if bar.isVisible() else []


def reading_says_nothing(window) -> bool:
    """Whether the bar says that the search understood nothing."""
    bar = window.results.reading_bar
    return bar.isVisible() and bar.nothing.isVisible()


def chip_buttons(window, label: str) -> tuple:
    """(the chip's button that opens its menu, its «×») for the chip ``label``."""
    chip = next(c for c in window.results.reading_bar.chips if c.understood.label == label)
    return chip.button, chip.remove_button


def chip_menu(window, label: str):
    """The menu of the chip ``label`` (its «Les som» alternatives and «Fjern»)."""
    return next(c for c in window.results.reading_bar.chips if c.understood.label == label).menu


def hand_over_button(window):
    """«Gå trinn for trinn med dette»."""
    return window.results.reading_bar.flow_button


def wait_for_new_hits(qtbot, window, before: list) -> list:
    """Wait until the hits shown differ from ``before`` (a re-ranking); returns them."""
    qtbot.waitUntil(lambda: hit_ids_shown(window) != before)
    return hit_ids_shown(window)


def choices_walked(window) -> list[str]:
    """The answers chosen on the path through the flowchart (as the path shows them)."""
    return list(window.flow_view.walk.choices)


# -- the help list ----------------------------------------------------------------------


def help_entries_shown(window) -> list[str]:
    """The ids of the help-list entries shown (the filter and the chips let through), in order."""
    return [card.contact.id for card in window.help_view.cards if not card.isHidden()]


def help_filter(window):
    """The help list's filter box (to type in, or to read)."""
    return window.help_view.filter


def click_help_number(qtbot, window, contact_id: str, index: int = 0) -> None:
    """Click the ``index``-th number of a help-list entry (it copies the number)."""
    card = next(c for c in window.help_view.cards if c.contact.id == contact_id)
    qtbot.mouseClick(card.number_buttons[index], Qt.MouseButton.LeftButton)


def help_confirmation(window) -> str:
    """The confirmation at the top of the help list ("" when none is shown)."""
    label = window.help_view.confirmation
    return label.text() if label.isVisible() else ""


# -- the flowchart ----------------------------------------------------------------------


def step_on_screen(window) -> str:
    """The id of the flowchart step shown."""
    return window.flow_view.walk.current.id


def steps_walked(window) -> list[str]:
    """The steps of the path taken so far, from the first question to the one shown."""
    return list(window.flow_view.walk.steps)


def answer_step(window, index: int) -> None:
    """Choose answer ``index`` (0-based) on the step shown, as its button would."""
    window.flow_view.step_view.answer(index)


# -- what else the user reads -----------------------------------------------------------------


def clipboard() -> str:
    """The text on the clipboard."""
    return QApplication.clipboard().text()


def message_shown(window) -> str:
    """The confirmation at the foot of the window ("Kopiert: …"; "" when none is shown)."""
    return window.status.text() if window.status.isVisible() else ""


def section_on_screen(window) -> str:
    """The id of the page section shown in the reading view."""
    return window.page_view.section_id


def selected_row(window) -> int:
    """The row selected in the results list (-1 if none)."""
    return window.results.view.currentIndex().row()


def choose_help_tag(qtbot, window, tag: str) -> None:
    """Click the help list's chip for ``tag`` ("" for «Alle»), or choose it in «Flere …» where it has no chip."""
    chip = next(b for b in window.help_view.chip_group.buttons() if b.property("tag") == tag)
    if not chip.isHidden():
        qtbot.mouseClick(chip, Qt.MouseButton.LeftButton)
        return
    more = window.help_view.chips_box.more
    more.setCurrentIndex(more.findData(tag))
    more.activated.emit(more.currentIndex())  # as choosing it in the open list does


def help_says_nothing_found(window) -> bool:
    """Whether the help list says that no entry matches the filter."""
    return window.help_view.empty.isVisible()


def help_entry_box(window, contact_id: str | None = None):
    """The box of a help-list entry on screen (the first shown when ``contact_id`` is None), for its
    geometry; its ``number_buttons`` are the numbers it shows."""
    shown = help_entries_shown(window)
    wanted = contact_id if contact_id is not None else shown[0]
    return next(c for c in window.help_view.cards if c.contact.id == wanted)
