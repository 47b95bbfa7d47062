"""Usable by every worker: a screen reader, the keyboard only, 200 % and 300 %, weak sight.

The walk (``tests/a11y_probe.py`` with the checks of ``tests/accessibility.py``) runs the real app
in a fresh process per screen, because ``QT_SCALE_FACTOR`` is read once when Qt starts: every view
and dialog, each checked for unnamed controls (through ``QAccessible``), Tab reaching every control
in reading order and on screen, the window on the screen, and text contrast from grabbed pixels.
The tests below the walk check that the measuring itself can fail.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QAccessible, QColor, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QVBoxLayout, QWidget

import accessibility as a11y
from windows import open_window, settings_store

ROOT = Path(__file__).resolve().parent.parent
PROBE = ROOT / "tests" / "a11y_probe.py"

SCREENS = [
    pytest.param("1366x768", 1.5, "light", id="911x512-light"),
    pytest.param("800x480", 1.0, "light", id="800x480-100%"),
    pytest.param("1366x768", 2.0, "light", id="683x384-200%"),
    pytest.param("1920x1080", 3.0, "light", id="640x360-300%"),
    pytest.param("1366x768", 1.5, "dark", id="911x512-dark"),
    pytest.param("1366x768", 1.5, "contrast", id="911x512-high-contrast"),
]


def run_probe(tmp_path: Path, screen: str, scale: float, scheme: str) -> dict:
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_CACHE_HOME": str(tmp_path / "cache"), "HANDBOOK_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": str(ROOT)}
    env.pop("QT_SCALE_FACTOR", None)
    done = subprocess.run([sys.executable, str(PROBE), "--screen", screen, "--scale", str(scale), "--scheme", scheme],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("screen", "scale", "scheme"), SCREENS)
def test_every_view_and_dialog_passes_the_accessibility_walk(tmp_path, screen, scale, scheme):
    report = run_probe(tmp_path, screen, scale, scheme)
    expected = {"start", "results", "help list (from a result)", "page", "page with the table of contents (Ctrl+B)",
                "help list", "flowchart: first question",
                "flowchart: second question", "flowchart: a step", "flowchart: urgent step", "flowchart: whole diagram", "hidden screen",
                "About (F1)", "Lisenser (from About)", "Innstillinger (menu)", "Innstillinger: Avansert open",
                "Skriv ut (menu)", "Skriv ut: Egenskaper", "Lagre som PDF (menu)",
                # issue 18's reading of the search and hand-over, issue 21's content packs
                "results: what was understood", "results: a chip's menu", "results: a chip removed («Angre»)",
                "flowchart: handed over from the search", "Oppdater innhold: velg fil (menu)",
                "start: a newer pack offered", "Oppdater innhold: what changes", "Angre oppdatering (menu)",
                "Oppdater innhold: refused"}
    assert expected <= set(report["places"]), f"not walked: {expected - set(report['places'])}"
    failures = {place: problems for place, problems in report["places"].items() if problems}
    assert not failures, json.dumps(failures, ensure_ascii=False, indent=1)
    assert report["qt_warnings"] == []
    measured = [p for p in report["pairs"] if p[3]]  # enabled text: [ink, background, large, enabled, runs, ratio]
    # The pixel measurement found text: many runs, in several colour pairs. High contrast has four
    # colours, so it has fewer distinct pairs (9) than the other schemes; the runs are counted.
    assert sum(p[4] for p in measured) >= 500 and len(measured) >= 5, \
        "too few text runs measured: the pixel measurement found no text"


# -- the measuring can fail --------------------------------------------------------------------

_KEEP: list[QWidget] = []  # the test's top-level widgets live until qtbot closes them


def _panel(qtbot, text_colour: str, background: str, point_size: float = 11.0, bold: bool = False,
           text: str = "Ring 64 97 23 00 hele døgnet", width: int = 420) -> QLabel:
    holder = QWidget()
    qtbot.addWidget(holder)
    _KEEP.append(holder)
    holder.setFixedSize(width, 80)
    label = QLabel(text, holder)
    pal = label.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(text_colour))
    pal.setColor(QPalette.ColorRole.Window, QColor(background))
    holder.setPalette(pal)
    holder.setAutoFillBackground(True)
    label.setPalette(pal)
    font = label.font()
    font.setPointSizeF(point_size)
    font.setBold(bold)
    label.setFont(font)
    label.setGeometry(10, 10, width - 20, 60)
    holder.show()
    qtbot.waitExposed(holder)
    return label


@pytest.mark.parametrize(("ink", "paper", "fails"), [
    ("#777777", "#efefef", True),    # the key hints before the theme: 3.9:1
    ("#ffffff", "#308cc6", True),    # the first search hit before the theme: 3.7:1
    ("#5b5d60", "#f3f3f4", False),   # the theme's hint text on its window colour: 6.0:1
    ("#000000", "#ffffff", False),
])
def test_the_pixel_measurement_finds_low_contrast_text(qtbot, ink, paper, fails):
    label = _panel(qtbot, ink, paper)
    runs = a11y.text_runs(label.window().grab().toImage(), label.window().devicePixelRatioF())
    assert runs, "no text found in the grab"
    expected = a11y.contrast(QColor(ink), QColor(paper))
    assert any(abs(r.ratio - expected) < 0.15 for r in runs), [f"{r.ink.name()}/{r.background.name()}" for r in runs]
    assert bool(a11y.contrast_problems(label.window())) is fails


def test_large_text_needs_only_three_to_one(qtbot):
    label = _panel(qtbot, "#6f6f6f", "#ffffff", point_size=20, bold=True)  # 5.0:1 … and large
    assert all(r.large for r in a11y.text_runs(label.window().grab().toImage()) if r.rect.height() > 10)
    faint = _panel(qtbot, "#949494", "#ffffff", point_size=20, bold=True)  # 3.0:1, large: passes
    assert a11y.contrast_problems(faint.window()) == []
    small = _panel(qtbot, "#949494", "#ffffff", point_size=10)  # 3.0:1, small: fails
    assert a11y.contrast_problems(small.window())


def test_a_large_bold_heading_with_rings_and_dots_passes(qtbot):
    # The ring of a bold «å» in a large heading is cut off as a line of its own: all ink and its
    # anti-aliased hole, no background. Measured as ink on ink it read 2.7:1 (the flowchart's
    # step text after the hand-over from the search).
    label = _panel(qtbot, "#292c30", "#f3f3f4", point_size=24, bold=True,
                   text="Du kan ringe Vern for eldre for råd – også", width=900)
    runs = a11y.text_runs(label.window().grab().toImage(), label.window().devicePixelRatioF())
    assert len(runs) >= 3
    assert a11y.contrast_problems(label.window()) == [], [f"{r.ink.name()}/{r.background.name()}" for r in runs]


def test_a_word_cut_by_the_side_of_a_scrolled_view_is_not_measured():
    # Qt's file dialog's sidebar cuts a long folder name at its edge: what is left of the last word
    # (a lone «v», all anti-aliasing at 10 pt) read 3.9:1 against the selection. The words before it
    # are measured; a view that is not scrolled is measured to its edge.
    from PySide6.QtGui import QFont, QImage, QPainter

    line = QImage(300, 24, QImage.Format.Format_RGB32)
    line.fill(QColor("#0062ba"))
    painter = QPainter(line)
    font = QFont()
    font.setPointSizeF(10)
    painter.setFont(font)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(QRect(4, 0, 296, 24), Qt.AlignmentFlag.AlignVCenter, "test_every_view_and_dialog_pas1")
    painter.end()
    cuts = range(60, 200)
    for width in cuts:
        runs = a11y.text_runs(line.copy(0, 0, width, 24), 1.0, clipped=True)
        assert [r for r in runs if r.ratio < r.required] == [], width
        assert any(abs(r.ratio - 6.08) < 0.1 for r in runs), width  # the whole words: white on the selection
    unclipped = [a11y.text_runs(line.copy(0, 0, width, 24), 1.0, clipped=False) for width in cuts]
    assert any(r.ratio < r.required for runs in unclipped for r in runs), "the cut piece is what the rule leaves out"


@pytest.mark.parametrize(("ink", "fails"), [("#292c30", False), ("#8a8a8a", True)])
def test_a_trees_branch_arrows_are_no_text_but_its_items_are(qtbot, ink, fails):
    # The table of contents' grey ▸/▾ (4.25:1, a graphic: 3:1 is its measure) read as text that
    # failed 4.5:1; the items' own text is still measured.
    from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

    from handbook.ui import theme, tokens

    holder = QWidget()
    qtbot.addWidget(holder)
    _KEEP.append(holder)
    holder.setFixedSize(320, 160)
    holder.setPalette(theme.palette(tokens.LIGHT))
    tree = QTreeWidget(holder)
    tree.setHeaderHidden(True)
    tree.setGeometry(10, 10, 300, 140)
    palette = tree.palette()
    palette.setColor(QPalette.ColorRole.Text, QColor(ink))
    tree.setPalette(palette)
    for title in ("Planen", "Plikter og veiledning"):
        top = QTreeWidgetItem(tree, [title])
        for child in ("Forord", "1. Innledning"):
            QTreeWidgetItem(top, [child])
    tree.expandAll()
    holder.show()
    qtbot.waitExposed(holder)
    assert bool(a11y.contrast_problems(holder)) is fails
    assert sum(a11y.contrast_pairs(holder).values()) >= 4  # the items are measured


def test_an_unnamed_control_and_a_control_tab_skips_are_found(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    _KEEP.append(root)
    root.setFixedSize(300, 200)
    layout = QVBoxLayout(root)
    named, unnamed, skipped = QPushButton("Lukk"), QPushButton(""), QPushButton("Hopp over")
    skipped.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # what an exclusive QButtonGroup does to its buttons
    for b in (named, unnamed, skipped):
        layout.addWidget(b)
    root.show()
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow)
    assert len(a11y.unnamed_controls(root)) == 1
    # A scroll area whose focus goes to a child is still focusable to AT-SPI: it needs a name too
    # (the start page had none).
    from PySide6.QtWidgets import QScrollArea

    area = QScrollArea(root)
    area.setFocusProxy(named)
    layout.addWidget(area)
    QApplication.processEvents()
    assert len(a11y.unnamed_controls(root)) == 2
    area.setAccessibleName("Startsiden")
    assert len(a11y.unnamed_controls(root)) == 1
    problems = a11y.tab_problems(root, named)
    assert any("«Hopp over» is never reached" in p for p in problems), problems


def test_tab_going_back_up_is_found(qtbot):
    root = QWidget()
    qtbot.addWidget(root)
    _KEEP.append(root)
    root.setFixedSize(300, 200)
    layout = QVBoxLayout(root)
    top, bottom = QPushButton("Øverst"), QPushButton("Nederst")
    layout.addWidget(top)
    layout.addWidget(bottom)
    QWidget.setTabOrder(bottom, top)
    root.show()
    root.activateWindow()
    qtbot.waitUntil(root.isActiveWindow)
    assert any("back up" in p for p in a11y.tab_problems(root, bottom)) or \
        any("back up" in p for p in a11y.tab_problems(root, top))


# -- what a screen reader says -------------------------------------------------------------------

@pytest.fixture
def window(qtbot, handbook, tmp_path):
    w = open_window(qtbot, handbook, settings_store(tmp_path), active=True)
    w.resize(911, 512)
    return w


def _name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)


def _description(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Description)


def test_copy_buttons_name_the_service(qtbot, window):
    qtbot.keyClick(window.search_box, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: window.help_view.isVisible())
    names = [_name(b) for b in window.help_view.findChildren(QPushButton) if b.property("text")[:1].isdigit()]
    assert "Kopier nummeret til Krise- og incestsenteret i Follo (KISIF): 64 97 23 00" in names, names[:5]


def test_the_question_is_read_with_its_first_answer(qtbot, window):
    qtbot.keyClick(window.search_box, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and "Svar 1" in _name(QApplication.focusWidget()))
    focused = QApplication.focusWidget()
    assert "Er det akutt fare for liv og helse nå?" in _description(focused)


def test_the_question_is_a_focus_stop_of_its_own_before_the_answers(qtbot, window):
    qtbot.keyClick(window.search_box, Qt.Key.Key_F2)
    step = window.flow_view.step_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is step.answer_buttons[0])
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    question = QApplication.focusWidget()
    face = QAccessible.queryAccessibleInterface(question)
    assert face.text(QAccessible.Text.Name) == "Er det akutt fare for liv og helse nå?"
    assert face.state().focusable and face.state().focused
    qtbot.keyClick(question, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is step.answer_buttons[0]
    qtbot.keyClick(question, Qt.Key.Key_1)  # the answer keys still answer from the question
    assert window.flow_view.walk.current.id != "akutt"


def test_enter_presses_the_focused_button_as_space_does(qtbot, window):
    qtbot.keyClick(window.search_box, Qt.Key.Key_F2)
    step = window.flow_view.step_view
    qtbot.waitUntil(lambda: QApplication.focusWidget() is step.answer_buttons[0])
    second = step.answer_buttons[1]
    second.setFocus()
    goto = window.flow_view.walk.current.answers[1].goto
    qtbot.keyClick(second, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.flow_view.walk.current.id == goto)  # the focused answer, not the first
    copy = step.copy_buttons[0]
    copy.setFocus()
    qtbot.keyClick(copy, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    qtbot.waitUntil(lambda: QApplication.clipboard().text() == copy.property("digits"))
    assert window.flow_view.walk.current.id == goto  # copied, and still on the step


def test_a_dialog_the_app_filter_saw_goes_with_its_parent(qtbot):
    # The filter that keeps dialogs on the screen looks again once the dialog's layout has sized it;
    # the callable for that held the dialog, and PySide keeps it when the dialog goes first: a
    # dialog deleted with its parent stayed in Python, and closing it again raised «Internal C++
    # object already deleted».
    import gc
    import weakref

    from PySide6.QtWidgets import QDialog

    from handbook.ui import app_events

    app_events.install(QApplication.instance())
    main = QWidget()
    main.resize(300, 200)
    main.show()
    dialog = QDialog(main)
    dialog.show()  # and gone with its parent before the filter's second look
    seen = weakref.ref(dialog)
    del dialog, main
    gc.collect()
    assert seen() is None


def test_the_search_hint_is_never_cut(qtbot, window):
    box = window.search_box
    for width in (1366, 911, 640):
        window.resize(width, 512)
        qtbot.wait(10)
        QApplication.processEvents()
        room = box.width() - 2 * box.height()
        assert box.fontMetrics().horizontalAdvance(box.placeholderText()) <= max(room, box.fontMetrics().horizontalAdvance("Søk"))


def test_no_old_mark_says_where_she_is_while_the_flowchart_is_open(qtbot, window):
    from handbook.ui.sidebar import ID_ROLE

    window.resize(1366, 768)  # wide: the sidebar shows
    window.go_back()
    home = window.home
    home.plan_list.setCurrentRow(1)  # chosen in the start page's list, as the arrow keys and Enter do
    home.plan_list.itemActivated.emit(home.plan_list.currentItem())
    page = window.current_view()
    assert page.name == "page"
    assert [i.data(0, ID_ROLE) for i in window.sidebar.selectedItems()] == [home.plan_list.item(1).data(ID_ROLE)]
    qtbot.keyClick(window.search_box, Qt.Key.Key_F2)
    assert window.current_view().name == "flow"
    assert window.sidebar.selectedItems() == [] and window.sidebar.currentItem() is None
    assert home.plan_list.selectedItems() == [] and home.plan_list.currentItem() is None


def test_the_help_list_at_911x512_has_two_rows_of_chips_and_the_entries_start_in_view(qtbot, window):
    from PySide6.QtCore import QPoint, QRect

    from screen import help_entries_shown, help_entry_box

    qtbot.keyClick(window.search_box, Qt.Key.Key_F4)
    qtbot.waitUntil(lambda: window.help_view.isVisible())
    for _ in range(3):
        QApplication.processEvents()
    chips = [b for b in window.help_view.chip_group.buttons() if b.isVisible()]
    assert len(chips) > 10
    assert len({b.y() for b in chips}) <= 2, "the filter chips take more than two rows"
    viewport = window.help_view.scroll.viewport()
    seen = viewport.rect()

    def in_view(widget, share: float = 1.0) -> bool:
        rect = QRect(widget.mapTo(viewport, QPoint(0, 0)), widget.size())
        shown = rect.intersected(seen)
        return shown.height() >= share * rect.height() and shown.width() == rect.width()

    entries = [help_entry_box(window, cid) for cid in help_entries_shown(window)]
    # The police's entry whole, and the next one begun: its name says the list goes on.
    # (Its number too before the content of 06.12.2026 gave the police's entry a four-line note.)
    assert in_view(entries[0]), "the first entry is not whole in view"
    from PySide6.QtWidgets import QLabel

    name = next(label for label in entries[1].findChildren(QLabel) if label.text() == entries[1].contact.name)
    assert in_view(name), "the second entry's name is not in view"
    # Every need stays one choice away: the chips that do not fit are in «Flere …».
    more = window.help_view.chips_box.more
    hidden = [b.property("tag") for b in window.help_view.chip_group.buttons() if b.isHidden()]
    assert [more.itemData(i) for i in range(1, more.count())] == hidden
    assert not hidden or more.isVisible()
