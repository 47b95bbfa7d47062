"""The reader on small laptops: 911×512 (1366×768 at 150 %) and 1024×576 (1280×720 at 125 %).

Real window, real content, real search. In every view: no horizontal scrollbar, nothing wider
than its viewport (a view that turned its scrollbar off must not cut instead), and the buttons a
worker needs are inside the window, not below the fold.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QLabel, QScrollArea, QTextBrowser, QWidget

from handbook.app import create_window
from handbook.content.flow import record_line, step_number
from handbook.ui.history import HOME, Location
from handbook.ui.sidebar_toggle import AUTO_MIN_WIDTH
from screen import RESULTS, help_entry_box, help_filter, search_for, view_on_screen
from windows import settings_store

SIZES = [(911, 512), (1024, 576)]


def _settle(qtbot, rounds: int = 4) -> None:
    for _ in range(rounds):
        QApplication.processEvents()
    qtbot.wait(1)


def _window(qtbot, handbook, store, size, search_ready: bool = False):
    window, search, _settings = create_window(store)
    qtbot.addWidget(window)
    if size[1] < window.minimumHeight():  # 683×384: the window's own minimum is issue 20's; the views must fit
        window.setMinimumSize(1, 1)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.set_handbook(handbook)
    if search_ready:
        with qtbot.waitSignal(search.ready, timeout=60_000):
            search.open(handbook)
    _settle(qtbot)
    assert (window.width(), window.height()) == size
    return window


@pytest.fixture(params=SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def small(request, qtbot, handbook, tmp_path):
    return _window(qtbot, handbook, settings_store(tmp_path), request.param)


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def assert_inside(widget: QWidget, area: QWidget, what: str) -> None:
    """``widget`` is shown and lies wholly inside ``area`` (a viewport or the window)."""
    assert widget.isVisible(), f"{what} is not shown"
    rect = _rect_in(widget, area)
    assert area.rect().contains(rect), f"{what} at {rect.getRect()} is outside {area.rect().getRect()}"


def assert_no_sideways_scrolling(window) -> None:
    """No visible horizontal scrollbar anywhere, and no content wider than the viewport showing it."""
    for area in window.findChildren(QAbstractScrollArea):
        if not area.isVisible():
            continue
        name = area.accessibleName() or type(area).__name__
        assert not area.horizontalScrollBar().isVisible(), f"{name} scrolls sideways"
        viewport = area.viewport().width()
        if isinstance(area, QTextBrowser):
            width = area.document().size().width()
            assert width <= viewport + 1, f"{name}: the text is {width:.0f} px wide in a {viewport} px view"
        elif isinstance(area, QScrollArea) and area.widget() is not None:
            inner = area.widget()
            assert inner.width() <= viewport, f"{name}: {inner.width()} px wide in a {viewport} px view"
            assert inner.minimumSizeHint().width() <= viewport, f"{name} needs {inner.minimumSizeHint().width()} px"


def assert_toolbar_fits(window) -> None:
    for button in (window.sidebar_button, window.back_button, window.home_button, window.hide_button,
                   window.menu_button):
        assert_inside(button, window, button.text())
    assert window.search_box.width() >= 200


def test_the_sidebar_starts_hidden_and_every_toolbar_button_fits(small):
    assert small.width() < AUTO_MIN_WIDTH
    assert not small.sidebar.isVisible()
    assert not small.sidebar_button.isChecked()
    assert_toolbar_fits(small)
    assert small.views.width() == small.width()


def test_start_page_reflows_with_its_three_entries_in_view(qtbot, small):
    home = small.home
    assert view_on_screen(small) == HOME
    for button in (home.flow_button, home.help_button, home.search_button):
        assert_inside(button, home.viewport(), button.text())
    assert_no_sideways_scrolling(small)
    # With the sidebar shown as well (Ctrl+B) the entries stack instead of being cut.
    qtbot.keyClick(small.search_box, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot)
    assert small.sidebar.isVisible()
    for button in (home.flow_button, home.help_button, home.search_button):
        assert _rect_in(button, home.viewport()).right() <= home.viewport().width(), button.text()
    assert_no_sideways_scrolling(small)


@pytest.mark.parametrize("section", [
    "plan/3-omfang-av-vold-og-overgrep#3-5-lokale-forhold",
    "plan/vedlegg-tiltak",
    "hjelpeliste",
    "voldsformer",
    "veileder/avvergingsplikt",
])
def test_pages_have_no_sideways_scrolling(qtbot, small, section):
    small.open_section(section)
    _settle(qtbot)
    assert_no_sideways_scrolling(small)
    assert_toolbar_fits(small)
    for zoom in (150, 200):
        small.settings.set("zoom", zoom)
        _settle(qtbot)
        assert_no_sideways_scrolling(small)


def test_help_list_numbers_are_in_view(qtbot, small):
    small.open_section("hjelpeliste")
    _settle(qtbot)
    view = small.help_view
    assert_inside(help_filter(small), small, "the filter box")
    first = help_entry_box(small)
    for button in first.number_buttons:
        assert _rect_in(button, view.scroll.viewport()).right() <= view.scroll.viewport().width()
    assert_no_sideways_scrolling(small)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_results_fit(qtbot, handbook, tmp_path, size):
    small = _window(qtbot, handbook, settings_store(tmp_path), size, search_ready=True)
    search_for(qtbot, small, "krisesenter", clear=False)
    _settle(qtbot)
    assert view_on_screen(small) == RESULTS
    assert_no_sideways_scrolling(small)


def test_every_flowchart_step_has_its_answers_and_next_in_view(qtbot, small, handbook):
    """A worker in a hurry never has to scroll to find how to go on, on any step of the real chart."""
    small.start_flow()
    panel = small.flow_view
    view = panel.step_view
    _settle(qtbot)
    for node in handbook.flow.nodes:
        panel.show_node(node.id)
        _settle(qtbot, 2)
        assert view.scroll.verticalScrollBar().value() == 0
        keys = list(view.answer_buttons) + ([view.next_button] if view.next_button is not None else [])
        if node.kind == "question":
            assert len(view.answer_buttons) == len(node.answers), node.id
        if node.next and node.kind != "question":
            assert view.next_button is not None, node.id
        for button in keys:
            area = view.scroll.viewport() if view.scroll.isAncestorOf(button) else small
            assert_inside(button, area, f"{node.id}: {button.text()}")
        if node.kind != "question" and view.copy_buttons:
            # the number to dial, and its copy button, without scrolling
            assert view.primary_label is not None, node.id
            assert_inside(view.primary_label, view.scroll.viewport(), f"{node.id}: {view.primary_label.text()}")
            assert_inside(view.copy_buttons[0], view.scroll.viewport(), f"{node.id}: Kopier")
        assert_inside(view.back_button, small, f"{node.id}: Tilbake")
        assert_no_sideways_scrolling(small)


@pytest.mark.parametrize("size", [(911, 512), (683, 384)], ids=["911x512", "683x384-200%"])
def test_on_every_route_the_number_the_action_and_the_way_on_are_in_view(qtbot, handbook, tmp_path, size):
    """911×512 (1366×768 at 150 %) and 683×384 (the same screen at 200 %), every route walked as a
    worker answers (so the path above the step is as long as it gets): on every step the
    instruction, the number to dial with its copy button, and the way on – the answers, «Neste», or
    on the last step its summary and «Start på nytt» – are all in view without scrolling, and a last
    step says where to write («Hvor skriver du?») for whom she answered. A step with the child
    welfare service shows the number that answers at night in view as well."""
    small = _window(qtbot, handbook, settings_store(tmp_path), size)
    small.start_flow()
    panel = small.flow_view
    view = panel.step_view
    flow = handbook.flow
    alarm = handbook.contact("alarmtelefonen").numbers[0]
    seen: set[tuple[str, int]] = set()
    for route in flow.all_routes():
        view.restart()
        for position, (node_id, label) in enumerate(route):
            node = flow.node(node_id)
            assert view.walk.current.id == node_id
            key = (node_id, position)
            if key not in seen:  # the same step at the same depth looks the same
                seen.add(key)
                _settle(qtbot, 2)
                where = f"{node_id} (step {position + 1} of a route)"
                assert view.scroll.verticalScrollBar().value() == 0, where
                viewport = view.scroll.viewport()
                assert_inside(view.text_label, viewport, f"{where}: the instruction")
                if view.copy_buttons:
                    assert_inside(view.primary_label, viewport, f"{where}: {view.primary_label.text()}")
                    assert_inside(view.copy_buttons[0], viewport, f"{where}: Kopier")
                if "barnevernstjenesten" in node.contacts:
                    assert_inside(_number_label(view, alarm), viewport, f"{where}: the night number")
                if node.kind == "question":
                    for button in view.answer_buttons:
                        assert_inside(button, viewport, f"{where}: {button.text()}")
                elif node.next:
                    assert_inside(view.next_button, small, f"{where}: Neste")
                else:
                    assert_inside(view.end_label, small, f"{where}: siste steg")
                    assert_inside(view.record_label, small, f"{where}: Hvor skriver du?")
                    assert record_line(flow, node, view.walk.about) in view.record_label.accessibleDescription()
                    for button in view.summary_buttons:
                        assert_inside(button, small, f"{where}: {button.text()}")
                    assert_inside(view.restart_button, small, f"{where}: Start på nytt")
            if label:
                index = [t for t, _ in node.targets()].index(label)
                view.answer(index)
    assert len(seen) >= len(flow.nodes)


def _number_label(view, number) -> QLabel:
    """The label showing ``number`` on the current step (its accessible name says which)."""
    wanted = f"Telefon {number.display}"
    found = [w for w in view.body.findChildren(QLabel) if w.accessibleName() == wanted and w.isVisible()]
    assert found, f"{number.display} is not shown"
    return found[0]


def test_urgent_steps_show_every_contact_number_and_the_way_on_without_scrolling(qtbot, small, handbook):
    """On every urgent step, reached by clicking answers as a worker would: the instruction, every
    contact's number for this moment (the largest first), the explanations of contacts beyond the
    plan still marked with their sources, and "Neste"/the answers, all without scrolling."""
    flow = handbook.flow
    urgent = [n for n in flow.nodes if n.urgent and flow.path_to(n.id)]
    assert urgent, "the chart has no urgent step"
    contacts = {c.id: c for c in handbook.contacts}
    small.start_flow()
    panel = small.flow_view
    view = panel.step_view
    _settle(qtbot)
    for node in urgent:
        view.restart()
        _settle(qtbot, 2)
        path = flow.path_to(node.id)
        for here, there in zip(path, path[1:]):
            step = flow.node(here)
            assert view.walk.current.id == here
            if step.kind == "question":
                index = next(i for i, a in enumerate(step.answers) if a.goto == there)
                button = view.answer_buttons[index]
            else:
                button = view.next_button
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            _settle(qtbot, 2)
        assert view.walk.current.id == node.id
        viewport = view.scroll.viewport()
        assert view.scroll.verticalScrollBar().value() == 0
        assert_inside(view.text_label, viewport, f"{node.id}: the instruction")
        shown = [step_number(node, contacts[cid]) for cid in node.contacts if contacts[cid].numbers]
        assert shown, node.id
        labels = [_number_label(view, number) for number in shown]
        for number, label in zip(shown, labels):
            assert_inside(label, viewport, f"{node.id}: {number.display}")
        tops = [label.mapTo(viewport, QPoint(0, 0)).y() for label in labels]
        assert tops == sorted(tops), f"{node.id}: the numbers are not in the step's order"
        assert labels[0].font().pointSizeF() > max((lb.font().pointSizeF() for lb in labels[1:]), default=0)
        keys = list(view.answer_buttons) + ([view.next_button] if view.next_button is not None else [])
        assert keys or node.is_end, node.id
        for button in keys:
            area = viewport if view.scroll.isAncestorOf(button) else small
            assert_inside(button, area, f"{node.id}: {button.text()}")
        if node.is_end:
            assert_inside(view.end_label, small, f"{node.id}: last step")
        # Guidance beyond the plan stays marked on the step, with its sources.
        beyond = [contacts[cid] for cid in node.contacts if contacts[cid].supplementary]
        marks = [w for w in view.body.findChildren(QLabel) if w.property("supplementary") and w.isVisible()]
        if node.has_supplementary or beyond:
            assert marks, f"{node.id}: the supplementary mark is missing"
        for contact in beyond:
            text = " ".join(m.text() for m in marks)
            assert contact.name in text or any(s.title in text for s in contact.sources), f"{node.id}: {contact.id}"
        assert_no_sideways_scrolling(small)


def test_flowchart_keys_still_work_after_a_denser_step(qtbot, small, handbook):
    """The fit rebuilds buttons; the keyboard focus and keys must survive it."""
    small.start_flow()
    panel = small.flow_view
    _settle(qtbot)
    question = max((n for n in handbook.flow.nodes if n.kind == "question"), key=lambda n: len(n.answers))
    panel.show_node(question.id)
    _settle(qtbot)
    assert QApplication.focusWidget() is panel.step_view.answer_buttons[0]
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)
    assert panel.walk.current.id == question.answers[0].goto


def test_flowchart_diagram_opens_as_wide_as_the_window_and_fit_shows_all_of_it(qtbot, small):
    small.start_flow()
    panel = small.flow_view
    panel.show_diagram()
    _settle(qtbot)
    view = panel.diagram
    assert_no_sideways_scrolling(small)  # the diagram too: its first look is as wide as the view
    assert panel.scene.font_px * view.zoom() >= view.LEGIBLE_PX - 0.01  # the first look is legible
    assert_inside(panel.diagram_button, small, "Hele flytskjemaet")
    view.fit()
    _settle(qtbot)
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    items = panel.scene.itemsBoundingRect()
    assert shown.adjusted(-1, -1, 1, 1).contains(items), "«Tilpass til vinduet» must show the whole flowchart"


def test_settings_dialog_fits(qtbot, small, tmp_path):
    dialog = small.settings_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    budget = (small.width(), small.height() - 32)  # the window manager's title bar
    assert dialog.width() <= budget[0] and dialog.height() <= budget[1]
    assert dialog.minimumSizeHint().height() <= budget[1]
    # A folder with problems: the list of problems opens, and the dialog still fits.
    broken = tmp_path / "tom"
    broken.mkdir()
    dialog.folder.setText(str(broken))
    dialog.accept()
    _settle(qtbot)
    assert dialog.errors.isVisible()
    assert dialog.width() <= budget[0] and dialog.height() <= budget[1]
    for button in dialog.findChildren(QWidget):
        if button.isVisible() and button.metaObject().className() == "QPushButton":
            assert_inside(button, dialog, button.property("text"))


def test_sidebar_toggle_by_key_and_button_is_remembered(qtbot, handbook, tmp_path):
    store = settings_store(tmp_path)
    window = _window(qtbot, handbook, store, (911, 512))
    assert not window.sidebar.isVisible()
    qtbot.mouseClick(window.sidebar_button, Qt.MouseButton.LeftButton)
    _settle(qtbot)
    assert window.sidebar.isVisible() and window.sidebar_button.isChecked()
    assert window.settings.get("sidebar") == "shown"
    window.close()
    again = _window(qtbot, handbook, settings_store(tmp_path), (911, 512))
    assert again.sidebar.isVisible()
    qtbot.keyClick(again.search_box, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    _settle(qtbot)
    assert not again.sidebar.isVisible()
    assert again.settings.get("sidebar") == "hidden"
    again.resize(1366, 768)
    _settle(qtbot)
    assert not again.sidebar.isVisible()  # the user's choice wins over the width


def test_without_a_choice_the_sidebar_follows_the_width(qtbot, handbook, tmp_path):
    window = _window(qtbot, handbook, settings_store(tmp_path), (1366, 768))
    assert window.sidebar.isVisible()
    window.resize(911, 512)
    _settle(qtbot)
    assert not window.sidebar.isVisible()
    assert window.settings.stored_keys() == []  # nothing written until the user chooses


def test_sidebar_titles_wrap_instead_of_ending_in_an_ellipsis(qtbot, handbook, tmp_path):
    window = _window(qtbot, handbook, settings_store(tmp_path), (911, 512))
    window.actions["sidebar"].trigger()
    window.open_section("plan/3-omfang-av-vold-og-overgrep#3-5-lokale-forhold")
    _settle(qtbot)
    tree = window.sidebar
    assert tree.width() < 300
    checked = 0
    for item in tree.findItems("*", Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive):
        rect = tree.visualItemRect(item)
        if not rect.isValid() or rect.bottom() < 0 or rect.top() > tree.viewport().height():
            continue
        fm = tree.fontMetrics() if not item.font(0).bold() else __import__("PySide6.QtGui").QtGui.QFontMetrics(item.font(0))
        needed = fm.boundingRect(QRect(0, 0, rect.width() - 8, 10_000), int(Qt.TextFlag.TextWordWrap), item.text(0))
        assert needed.height() <= rect.height(), f"«{item.text(0)}» needs {needed.height()} px, has {rect.height()}"
        checked += 1
    assert checked >= 8


def test_home_view_after_resize_back_to_wide(qtbot, small):
    small.resize(1366, 768)
    _settle(qtbot)
    small.go(Location(HOME))
    home = small.home
    tops = {_rect_in(b, home.viewport()).top() for b in (home.flow_button, home.help_button, home.search_button)}
    assert len(tops) == 1  # side by side again
