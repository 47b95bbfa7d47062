"""The reader as a user meets it: real widgets (offscreen), real content, real Whoosh index.

Settings go to an INI file in the test's temporary folder, never the user's.
"""

from __future__ import annotations

import re
import socket

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from handbook.app import create_window
from screen import (
    HELP,
    HOME,
    PAGE,
    RESULTS,
    choose_help_tag,
    clipboard,
    click_help_number,
    help_confirmation,
    help_entries_shown,
    help_filter,
    help_says_nothing_found,
    message_shown,
    hits_shown,
    search_for,
    select_row,
    selected_row,
    view_on_screen,
)
from windows import open_window, settings_store


@pytest.fixture
def window(qtbot, handbook, tmp_path):
    return open_window(qtbot, handbook, settings_store(tmp_path))


def test_title_and_search_focus_at_start(qtbot, handbook, tmp_path):
    window, _search, _settings = create_window(settings_store(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.windowTitle().startswith("Håndbok")
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.search_box)


def test_typing_krisesenter_shows_the_number_in_the_results(qtbot, window):
    items = search_for(qtbot, window, "krisesenter")
    assert view_on_screen(window) == RESULTS
    top = items[0]
    assert top.hit.id == "hjelpeliste#kisif"
    assert ("64 97 23 00", "64972300") in [(d, digits) for d, digits, _label in top.numbers]


def test_form_of_violence_result_shows_its_definition(qtbot, window, handbook):
    items = search_for(qtbot, window, "fysisk vold")
    forms = [i for i in items if i.hit.kind == "violence"]
    assert forms and forms[0].definition
    form = next(f for f in handbook.forms if f.section_id == forms[0].hit.id)
    assert forms[0].definition in (form.definition, form.plan_text)


def test_arrows_and_enter_open_the_section_with_highlights(qtbot, window, handbook):
    wanted = "plan/3-omfang-av-vold-og-overgrep#tall-fra-politiet"
    items = search_for(qtbot, window, "politiet tall")
    target = next(i for i, item in enumerate(items) if item.hit.id == wanted)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Down)  # moves, then back up to the wanted row
    qtbot.keyClick(window.search_box, Qt.Key.Key_Up)
    for _ in range(target):
        qtbot.keyClick(window.search_box, Qt.Key.Key_Down)
    assert selected_row(window) == target
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    page = window.page_view
    assert view_on_screen(window) == PAGE
    assert page.section_id == wanted
    words = [w.lower() for w in page.highlighted_words()]
    assert "politiet" in words
    # Scrolled to the section: its heading is inside the view, near the top, on a long page.
    browser = page.browser
    title = handbook.section(wanted).title

    def heading_top() -> int:
        block = browser.document().begin()
        while block.isValid() and block.text() != title:
            block = block.next()
        assert block.isValid()
        cursor = browser.textCursor()
        cursor.setPosition(block.position())
        return browser.cursorRect(cursor).top()

    qtbot.waitUntil(lambda: browser.verticalScrollBar().value() > 0)
    assert 0 <= heading_top() < browser.viewport().height() // 3


def test_escape_clears_search_and_returns(qtbot, window):
    search_for(qtbot, window, "taushetsplikt")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.search_box.text() == ""
    assert view_on_screen(window) == HOME
    assert window.outer.currentWidget() is window.normal  # one Esc does not hide


def test_back_and_forward(qtbot, window):
    window.open_section("plan/2-vold-i-naere-relasjoner")
    window.open_section("hjelpeliste#politiet")
    window.open_section("veileder/taushetsplikt")
    assert window.page_view.page.id == "veileder/taushetsplikt"
    qtbot.keyClick(window.page_view.browser, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert view_on_screen(window) == HELP
    window.go_back()
    assert view_on_screen(window) == PAGE
    assert window.page_view.page.id == "plan/2-vold-i-naere-relasjoner"
    assert window.actions["forward"].isEnabled()
    qtbot.keyClick(window.page_view.browser, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert view_on_screen(window) == HELP
    window.go_forward()
    assert window.page_view.page.id == "veileder/taushetsplikt"
    assert not window.actions["forward"].isEnabled()


def test_copy_puts_the_digits_on_the_clipboard_and_confirms(qtbot, window, handbook):
    window.open_section("hjelpeliste")
    click_help_number(qtbot, window, "kisif")
    assert clipboard() == "64972300"
    assert "64 97 23 00" in help_confirmation(window)  # shown, and naming the number


def test_help_list_filters_by_tag_and_text(qtbot, window, handbook):
    window.open_section("hjelpeliste")
    choose_help_tag(qtbot, window, "barn")
    assert help_entries_shown(window)
    assert all("barn" in handbook.contact(cid).tags for cid in help_entries_shown(window))
    choose_help_tag(qtbot, window, "")
    qtbot.keyClicks(help_filter(window), "legevakt")
    assert help_entries_shown(window) == ["follo-legevakt"]
    help_filter(window).clear()
    qtbot.keyClicks(help_filter(window), "116 117")
    assert help_entries_shown(window) == ["follo-legevakt"]


def test_help_list_filter_uses_the_search_analysis(qtbot, window):
    window.open_section("hjelpeliste")

    def shown(text):
        help_filter(window).clear()
        qtbot.keyClicks(help_filter(window), text)
        return help_entries_shown(window)

    assert "kisif" in shown("krisesenter")  # the name people use, not the one in the list
    assert "kisif" in shown("krisesentr")  # a typo
    assert "barnevernstjenesten" in shown("barnevernet")  # an inflection
    assert shown("stottesenter") == ["stottesenter"]  # no æøå
    assert shown("64 97") == ["kisif"]  # the start of a number
    assert shown("xyzzy") == [] and help_says_nothing_found(window)


def test_a_situation_shows_the_number_first_and_why(qtbot, window):
    from handbook.ui.results_view import row_html

    items = search_for(qtbot, window, "gutten sier at pappa slår ham")
    top = items[0]
    assert "95939637" in [digits for _d, digits, _label in top.numbers]
    assert "barn" in top.because
    html = row_html(top, True, {"muted": "#777777"})
    assert "fordi: " in html and "font-size:xx-large" in html


def test_a_flowchart_step_shows_its_numbers_as_large_as_a_help_list_entry(qtbot, window):
    from handbook.ui.results_view import row_html

    items = search_for(qtbot, window, "akutt fare ring politiet")
    step = next(i for i in items if i.hit.kind == "flow" and i.numbers)
    entry = next(i for i in items if i.hit.kind == "contact" and i.numbers)
    size = re.compile(r'font-size:([a-z-]+); font-weight:bold;">([\d ]+)<')
    assert size.findall(row_html(step, False, {"muted": "#777"}))[0][0] == size.findall(row_html(entry, False, {"muted": "#777"}))[0][0]
    assert ("112", "112") in [(d, digits) for d, digits, _label in step.numbers]
    assert any(label.startswith("Politiet (Øst politidistrikt)") for _d, _digits, label in step.numbers)
    assert not re.search(r"(Les mer|Bygger på):", step.hit.snippet)


def test_ctrl_c_on_a_flowchart_step_names_the_contact(qtbot, window):
    items = search_for(qtbot, window, "far slår og barna ser på")
    assert items[0].numbers  # answers first
    row = next(i for i, item in enumerate(items) if item.numbers and item.hit.kind == "flow")
    select_row(window, row)
    qtbot.keyClick(window.search_box, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard() == items[row].numbers[0][1]
    assert items[row].owner(0) in message_shown(window) and items[row].owner(0) != items[row].hit.title


def test_find_in_page_uses_the_search_analysis(qtbot, window):
    window.open_section("voldsformer")
    page = window.page_view
    qtbot.keyClick(page.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.find_bar.edit, "okonomisk")  # no ø
    assert page.find_bar.count.text().startswith("1 av ")
    assert page.browser.textCursor().selectedText().lower().startswith("økonomisk")
    window.open_section("veileder/avvergingsplikt")
    page.find_bar.edit.clear()
    qtbot.keyClicks(page.find_bar.edit, "§")  # no words in it: found as typed
    total = page.browser.toPlainText().count("§")
    assert total > 0 and page.find_bar.count.text() == f"1 av {total}"


def test_quick_hide_by_double_escape_clears_search(qtbot, window):
    window.open_section("veileder/avvergingsplikt")
    search_for(qtbot, window, "vold")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Escape)
    assert window.outer.currentWidget() is window.neutral
    assert window.search_box.text() == ""
    assert hits_shown(window) == []
    assert window.windowTitle() == "Håndbok"
    # While hidden, shortcuts reveal nothing.
    assert not window.actions["focus_search"].isEnabled()
    window.neutral.button.click()
    assert window.outer.currentWidget() is window.normal


def test_quick_hide_by_shortcut_and_button(qtbot, window):
    search_for(qtbot, window, "barnevern")
    qtbot.keyClick(window.search_box, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.outer.currentWidget() is window.neutral
    assert window.search_box.text() == ""
    window.restore_from_hide()
    qtbot.mouseClick(window.hide_button, Qt.MouseButton.LeftButton)
    assert window.outer.currentWidget() is window.neutral


def test_zoom_and_favourites_persist(qtbot, handbook, tmp_path):
    first = open_window(qtbot, handbook, settings_store(tmp_path))
    size = first.page_view.browser.font().pointSizeF()
    qtbot.keyClick(first.search_box, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(first.search_box, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert first.settings.get("zoom") == 120
    assert first.page_view.browser.font().pointSizeF() > size
    first.open_section("veileder/taushetsplikt")
    qtbot.keyClick(first.page_view.browser, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert "veileder/taushetsplikt" in first.sidebar.favourite_ids()
    first.close()

    second = open_window(qtbot, handbook, settings_store(tmp_path))
    assert second.settings.get("zoom") == 120
    assert second.sidebar.favourite_ids() == ["veileder/taushetsplikt"]
    assert second.page_view.browser.font().pointSizeF() == pytest.approx(size * 1.2)
    qtbot.keyClick(second.search_box, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert "zoom" not in second.settings.stored_keys()  # defaults are not stored


def test_no_history_on_disk_unless_turned_on(qtbot, window):
    window.open_section("veileder/taushetsplikt")
    search_for(qtbot, window, "barnevern")
    assert window.settings.stored_keys() == []
    window.settings.set("keep_history", True)
    window.open_section("veileder/avvergingsplikt")
    assert window.settings.get("recent") == ["veileder/avvergingsplikt"]


def test_find_in_page_counts_matches(qtbot, window):
    window.open_section("plan/4-plikt-til-a-handle")
    qtbot.keyClick(window.page_view.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.page_view.find_bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "barnevern")
    text = window.page_view.browser.toPlainText().lower()
    total = text.count("barnevern")
    assert total > 1
    assert bar.count.text() == f"1 av {total}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3)
    assert bar.count.text() == f"2 av {total}"
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == f"1 av {total}"


def test_page_never_loads_remote_resources(qtbot, window):
    window.open_section("veileder/avvergingsplikt")
    browser = window.page_view.browser
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    # Refused images come back as a blank 1×1 placeholder: returning nothing would let Qt open the file itself.
    for url in ("https://plikt.no/x.png", "file:///etc/passwd"):
        image = browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url))
        assert image.size().width() == 1 and image.pixel(0, 0) == 0
        assert url in browser.document().refused
    assert not browser.openLinks() and not browser.openExternalLinks()
    browser.anchorClicked.emit(QUrl("https://plikt.no/#avvergingsplikt"))
    assert window.page_view.address_bar.isVisible()
    assert view_on_screen(window) == PAGE  # nothing opened


def test_statistics_page_has_charts(qtbot, window, handbook):
    table = next(t for t in handbook.tables if t.chart)
    section = next(s for s in handbook.sections if table.id in s.tables)
    window.open_section(section.id)
    assert table.id in window.page_view.browser.charts
    assert not window.page_view.browser.charts[table.id].isNull()


def _try_folder(qtbot, window, folder):
    dialog = window.settings_dialog()
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(folder))
    dialog.accept()
    return dialog


@pytest.mark.parametrize("breakage", ["dangling link", "contact without fields"])
def test_broken_content_folder_keeps_old_content_and_shows_errors(qtbot, window, tmp_content, breakage):
    if breakage == "dangling link":
        page = next((tmp_content / "plan").glob("04-*.md"))
        page.write_text(page.read_text(encoding="utf-8") + "\n[Se her](plan/finnes-ikke)\n", encoding="utf-8")
        expected = "plan/finnes-ikke"
    else:
        (tmp_content / "hjelpeliste.yaml").write_text("contacts: [ {id: x} ]\n", encoding="utf-8")
        expected = "hjelpeliste.yaml:1: kontakt 'x': 'name' mangler eller er tom"
    old = window.handbook
    dialog = _try_folder(qtbot, window, tmp_content)
    assert dialog.result() == 0  # not accepted: the dialog stays open with the problems
    assert not dialog.errors.isHidden()
    assert expected in dialog.errors.toPlainText()
    window.apply_settings_dialog(dialog)
    assert window.handbook is old
    assert window.settings.get("content_dir") == ""
    assert window.settings.stored_keys() == []


def test_missing_content_folder_is_refused(qtbot, window, tmp_path):
    dialog = _try_folder(qtbot, window, tmp_path / "finnes-ikke")
    assert dialog.result() == 0
    assert "finnes ikke" in dialog.errors.toPlainText()


def test_good_content_folder_is_taken_into_use(qtbot, window, tmp_content):
    dialog = window.settings_dialog()
    qtbot.addWidget(dialog)
    dialog.folder.setText(str(tmp_content))
    dialog.accept()
    assert dialog.result() == 1
    with qtbot.waitSignal(window.search.ready, timeout=60_000):
        window.apply_settings_dialog(dialog)
    assert window.handbook.content_dir == str(tmp_content)
    assert window.settings.get("content_dir") == str(tmp_content)


def test_save_pdf_writes_an_a4_pdf(qtbot, window, tmp_path):
    window.open_section("hjelpeliste")
    path = window.save_pdf(str(tmp_path / "hjelpeliste.pdf"))
    data = (tmp_path / "hjelpeliste.pdf").read_bytes()
    assert path and data.startswith(b"%PDF")
    assert b"/MediaBox [0 0 595" in data  # A4 width in points


def test_a_whole_session_opens_no_socket(qtbot, handbook, tmp_path, monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network is not allowed in the reader")

    monkeypatch.setattr(socket.socket, "__init__", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    window = open_window(qtbot, handbook, settings_store(tmp_path))
    search_for(qtbot, window, "krisesenter")
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    window.open_section("veileder/avvergingsplikt")
    window.page_view.browser.anchorClicked.emit(__import__("PySide6.QtCore").QtCore.QUrl("https://plikt.no/"))
    window.open_section("plan/3-omfang-av-vold-og-overgrep")
    window.open_section("voldsformer#fysisk-vold")
    window.start_flow()
    window.open_about_dialog = window.open_about  # exercised below without exec
    from handbook.ui.about import AboutDialog

    qtbot.addWidget(AboutDialog(window.handbook, window))
    window.quick_hide()
    window.restore_from_hide()
    assert attempts == []


def test_highlights_stay_in_the_opened_section_and_match_whole_words(qtbot, window):
    items = search_for(qtbot, window, "psykisk vold")
    row = next(i for i, item in enumerate(items) if item.hit.id == "voldsformer#psykisk-vold")
    select_row(window, row)
    qtbot.keyClick(window.search_box, Qt.Key.Key_Return)
    page = window.page_view
    assert page.section_id == "voldsformer#psykisk-vold"
    start, end = page._section_span()
    selections = page._hit_selections
    assert selections
    assert all(start <= s.cursor.selectionStart() and s.cursor.selectionEnd() <= end for s in selections)
    text = page.browser.toPlainText()
    assert "Seksuell vold" not in text[start:end]
    # Whole words: 'vold' is not marked inside 'voldtekt'.
    assert all(s.cursor.selectedText().lower() in {"psykisk", "vold"} | {t.lower() for t in page.terms} for s in selections)


def test_recent_pages_show_only_with_history_on(qtbot, window):
    window.open_section("veileder/taushetsplikt")
    assert window.sidebar.recent_ids() == []
    window.settings.set("keep_history", True)
    window.open_section("hjelpeliste#politiet")
    window.open_section("veileder/avvergingsplikt")
    assert window.sidebar.recent_ids() == ["veileder/avvergingsplikt", "hjelpeliste#politiet"]
    window.settings.set("keep_history", False)
    window.settings.set("recent", [])
    assert window.sidebar.recent_ids() == []
    assert window.settings.stored_keys() == []


def test_slash_and_ctrl_l_focus_search_from_a_page(qtbot, window):
    window.open_section("veileder/taushetsplikt")
    window.page_view.browser.setFocus()
    qtbot.keyClick(window.page_view.browser, Qt.Key.Key_Slash)
    assert window.search_box.hasFocus()
    window.page_view.browser.setFocus()
    qtbot.keyClick(window.page_view.browser, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.search_box.hasFocus()
    assert window.search_box.text() == ""  # "/" focused the box, it did not type into it


def test_mouse_back_button_goes_back(qtbot, window):
    window.open_section("veileder/taushetsplikt")
    window.open_section("hjelpeliste")
    qtbot.mouseClick(window.help_view.scroll.viewport(), Qt.MouseButton.BackButton)
    assert view_on_screen(window) == PAGE
    qtbot.mouseClick(window.page_view.browser.viewport(), Qt.MouseButton.ForwardButton)
    assert view_on_screen(window) == HELP


def test_discreet_title_by_default(qtbot, window):
    assert window.windowTitle() == "Håndbok"
    window.settings.set("discreet", False)
    assert window.windowTitle() == "Håndbok – vold i nære relasjoner"


def test_broken_content_override_at_start_falls_back_and_says_so(qtbot, handbook, tmp_path):
    from handbook.app import load_startup_content

    store = settings_store(tmp_path)
    window, search, settings = create_window(store)
    qtbot.addWidget(window)
    settings.set("content_dir", str(tmp_path / "finnes-ikke"))
    window.show()
    with qtbot.waitSignal(search.ready, timeout=60_000):
        assert load_startup_content(window, search, settings, None)
    assert window.handbook is not None and window.handbook.contacts
    assert not window.banner.isHidden()
    assert "finnes ikke" in window.banner.text()


def test_ctrl_c_in_the_search_box_copies_the_top_number(qtbot, window):
    search_for(qtbot, window, "krisesenter")
    qtbot.keyClick(window.search_box, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert clipboard() == "64972300"
    assert "64 97 23 00" in message_shown(window)


def test_start_up_content_loads_off_the_gui_thread_and_then_shows(qtbot, tmp_path, monkeypatch):
    """The real start-up path: the window is up, the content arrives from a worker thread.

    Applying it in the worker would make Qt warn about objects in another thread, which fails
    the test (qt_log_level_fail); the window must also be usable before the content is there.
    """
    import threading

    from handbook import app as app_module

    seen_threads = []
    real_choose = app_module.choose_content

    def recording_choose(*args):
        seen_threads.append(threading.current_thread())
        return real_choose(*args)

    store = settings_store(tmp_path)
    window, search, settings = create_window(store)
    qtbot.addWidget(window)
    window.show()
    assert window.handbook is None
    monkeypatch.setattr(app_module, "choose_content", recording_choose)
    with qtbot.waitSignal(search.ready, timeout=60_000):
        app_module.load_startup_content_in_background(window, search, settings, None)
        assert window.search_box.isEnabled()
    assert seen_threads and seen_threads[0] is not threading.main_thread()
    assert window.handbook is not None and len(window.handbook.contacts) == 14  # 13 from the plan + 113
    hits = search_for(qtbot, window, "krisesenter")
    assert hits[0].hit.id == "hjelpeliste#kisif"
