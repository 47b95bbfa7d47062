"""Qt's own dialogs and menus speak bokmål: the ones this app opens, opened the way the app opens them.

With the app's catalogue installed (as ``app.run`` does), each test opens a real dialog or context
menu through the app and checks two things: Qt asked for no string our catalogue lacks
(``QtRequests``), and no shown text reads as English.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QPushButton, QTreeView

from handbook import paths, translations
from qt_menus import OFFSCREEN_LIMITS, close_menu, open_context_menu
from qt_texts import QtRequests, english_words, menu_texts, run_modal, shown_texts, strip_accelerators
from windows import open_window, settings_store

ROOT = Path(__file__).resolve().parent.parent
PAGE = "plan/3-omfang-av-vold-og-overgrep"


@pytest.fixture(scope="module")
def catalogue(qapp, tmp_path_factory):
    """Qt's bokmål catalogue, compiled from the .ts into a fresh cache and installed as the app does."""
    locale = QLocale()
    translator = translations.install(qapp, paths.resources_dir(), tmp_path_factory.mktemp("qm-cache"))
    assert translator is not None and not translator.isEmpty()
    yield translator
    QApplication.removeTranslator(translator)
    QLocale.setDefault(locale)


@pytest.fixture
def window(qtbot, catalogue, handbook, tmp_path):
    return open_window(qtbot, handbook, settings_store(tmp_path))


def _assert_norwegian(texts, requests: QtRequests) -> None:
    assert not requests.missing, f"Qt strings without bokmål: {sorted(requests.missing)}"
    english = {t: english_words(t) for t in texts if english_words(t)}
    assert not english, f"English on screen: {english}"


def test_the_catalogue_compiles_from_the_source_and_translates(catalogue):
    assert catalogue.translate("QFileDialog", "&Look in:") == "Se &i:"
    assert catalogue.translate("QLineEdit", "&Undo") == "&Angre"
    assert catalogue.translate("QPrintDialog", "Print to File (PDF)") == "Skriv til fil (PDF)"


def test_menu_shortcuts_name_the_keys_in_norwegian_and_still_work(catalogue):
    assert QKeySequence("Alt+Left").toString(QKeySequence.SequenceFormat.NativeText) == "Alt+Venstre"
    assert QKeySequence("Ctrl+Shift+H").toString(QKeySequence.SequenceFormat.NativeText) == "Ctrl+Shift+H"
    # The app's keys are written in English in shortcuts.py and must still parse with the catalogue on.
    assert QKeySequence("Alt+Left") == QKeySequence(Qt.KeyboardModifier.AltModifier | Qt.Key.Key_Left)
    assert QKeySequence("Ctrl+Shift+S") == QKeySequence(
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier | Qt.Key.Key_S)


@OFFSCREEN_LIMITS
def test_save_as_pdf_dialog_is_norwegian_discreet_and_starts_in_documents(qtbot, window, catalogue):
    window.open_section(PAGE)

    def inspect(dialog: QFileDialog):
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        texts = shown_texts(dialog)
        menu = open_context_menu(qtbot, dialog.findChild(QTreeView, "treeView"))
        texts += menu_texts(menu)
        close_menu(qtbot, menu)
        return texts, dialog.selectedFiles(), dialog.testOption(QFileDialog.Option.DontUseNativeDialog)

    with QtRequests(catalogue) as requests:
        texts, selected, widget_dialog = run_modal(qtbot, window.actions["save_pdf"].trigger, inspect, QFileDialog)
    texts = strip_accelerators(texts)
    assert widget_dialog  # Qt's own dialog: no native "recent files" entry, and our catalogue applies
    assert {"Lagre som PDF", "Lagre", "Avbryt", "Filnavn:", "Se i:", "Navn", "Størrelse"} <= set(texts)
    assert Path(selected[0]).name == "Håndbok.pdf"  # not «3. Omfang av vold og overgrep.pdf»
    _assert_norwegian(texts, requests)


@OFFSCREEN_LIMITS
def test_choosing_a_content_folder_is_norwegian_too(qtbot, window, catalogue):
    dialog = window.settings_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.advanced_button.click()
    browse = next(b for b in dialog.findChildren(QPushButton) if b.text().startswith("Velg mappe"))
    with QtRequests(catalogue) as requests:
        texts = strip_accelerators(run_modal(qtbot, browse.click, shown_texts, QFileDialog, over=dialog))
    assert {"Velg innholdsmappe", "Avbryt", "Mappe:", "Se i:"} <= set(texts)
    _assert_norwegian(texts, requests)


@OFFSCREEN_LIMITS
def test_replacing_a_file_asks_in_norwegian(qtbot, window, catalogue, tmp_path):
    window.open_section(PAGE)
    existing = tmp_path / "Håndbok.pdf"
    existing.write_bytes(b"%PDF-1.4 old")
    asked = {}

    def inspect_question(box: QMessageBox):
        asked["texts"] = strip_accelerators(shown_texts(box))
        asked["buttons"] = strip_accelerators([b.text() for b in box.buttons()])

    def inspect(dialog: QFileDialog):
        dialog.selectFile(str(existing))
        run_modal(qtbot, dialog.accept, inspect_question, QMessageBox, over=dialog)
        return True

    with QtRequests(catalogue) as requests:
        run_modal(qtbot, window.actions["save_pdf"].trigger, inspect, QFileDialog)
    assert any("finnes fra før" in t and "erstatte" in t for t in asked["texts"]), asked
    assert sorted(asked["buttons"]) == ["Ja", "Nei"]
    assert existing.read_bytes() == b"%PDF-1.4 old"  # "Nei" (the dialog was cancelled): nothing written
    _assert_norwegian(asked["texts"], requests)


@OFFSCREEN_LIMITS
def test_print_dialog_is_norwegian_with_all_options_shown(qtbot, window, catalogue):
    window.open_section(PAGE)

    def inspect(dialog: QPrintDialog):
        buttons = {b.text().replace("&", ""): b for b in dialog.findChildren(QPushButton)}
        buttons["Alternativer >>"].click()
        texts = shown_texts(dialog)
        # "Egenskaper": the page set-up (and, with a real printer, its job options)
        texts += run_modal(qtbot, buttons["Egenskaper"].click, shown_texts, over=dialog)
        return texts

    with QtRequests(catalogue) as requests:
        texts = strip_accelerators(run_modal(qtbot, window.actions["print"].trigger, inspect, QPrintDialog))
    assert {"Skriv ut", "Avbryt", "Skriver", "Utskriftsområde", "Eksemplarer:"} <= set(texts)
    assert {"Skriv til fil (PDF)", "Sidestørrelse:", "Stående", "Liggende", "Marger"} <= set(texts)
    _assert_norwegian(texts, requests)


@OFFSCREEN_LIMITS
def test_context_menus_of_every_text_field_and_the_page_are_norwegian(qtbot, window, catalogue):
    texts = []
    with QtRequests(catalogue) as requests:
        fields = [window.search_box, window.help_view.filter, window.page_view.find_bar.edit]
        window.open_section(PAGE)
        window.page_view.find_bar.open_bar()
        for field in fields:
            field.setText("vold")
            menu = open_context_menu(qtbot, field)
            texts += menu_texts(menu)
            close_menu(qtbot, menu)
        browser = window.page_view.browser
        window.open_section("veileder/avvergingsplikt")
        link = _a_link_position(browser)
        menu = open_context_menu(qtbot, browser, link)
        link_menu = strip_accelerators(menu_texts(menu))
        close_menu(qtbot, menu)
        texts += link_menu
    texts = strip_accelerators(texts)
    assert {"Angre", "Gjør om", "Klipp ut", "Kopier", "Lim inn", "Slett", "Merk alt"} <= set(texts)
    assert "Kopier lenkeadressen" in link_menu
    _assert_norwegian(texts, requests)


def _a_link_position(browser) -> QPoint:
    """Where on screen the page's first web link is, so a right click lands on it."""
    from PySide6.QtGui import QTextCursor

    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor() and fragment.charFormat().anchorHref().startswith("http"):
                cursor = QTextCursor(doc)
                cursor.setPosition(fragment.position() + 1)
                browser.setTextCursor(cursor)
                browser.ensureCursorVisible()
                return browser.cursorRect(cursor).center()
            it += 1
        block = block.next()
    raise AssertionError("no web link on the page")


def test_the_index_message_on_stderr_is_norwegian(tmp_path):
    """A cache the app cannot write to: the search still works from memory (writing nothing, not even
    to the temporary folder), and stderr says so in bokmål."""
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    done = subprocess.run([sys.executable, "-m", "handbook", "search", "krisesenter", "--limit", "1"], cwd=ROOT,
                          env={**_env(), "HANDBOOK_CACHE_DIR": str(blocker / "cache"), "TMPDIR": str(scratch)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "hjelpeliste#kisif" in done.stdout  # the search answered, from memory
    assert list(scratch.iterdir()) == []
    assert "kan ikke lagre søkeindeksen" in done.stderr and "bruker en indeks i minnet" in done.stderr
    assert not english_words(done.stderr.replace(str(blocker), "")), done.stderr


def _env() -> dict:
    import os

    return {k: v for k, v in os.environ.items() if k != "HANDBOOK_CONTENT"}


@pytest.mark.parametrize("args", [["--help"], ["search", "--help"], ["check", "--help"]])
def test_the_command_line_help_is_norwegian(args):
    done = subprocess.run([sys.executable, "-m", "handbook", *args], cwd=ROOT, env=_env(),
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("bruk: handbook")
    assert "valg:" in done.stdout
    prose = re.sub(r"\[[^\]]*\]|\{[^}]*\}|--?[\w-]+|\b[A-Z]{2,}\b", " ", done.stdout)  # not options, FILE, {a,b}
    assert not english_words(prose), done.stdout
