"""Ch. 3.5's statistics: each chart with its table and titled, notes set apart, nothing invented.

Real content through the real loader; the page view with real widgets (offscreen).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QTextCursor

from handbook.content import ContentError, load_handbook
from handbook.content.loader import EDITORIAL_NOTE_LABEL
from windows import settings_store

PAGE = "plan/3-omfang-av-vold-og-overgrep"


def _section(handbook, anchor):
    return handbook.section(f"{PAGE}#{anchor}")


def _order(html: str, *needles: str) -> list[int]:
    return [html.index(n) for n in needles]


@pytest.mark.parametrize("anchor, table_id", [
    ("tall-fra-barneverntjenesten", "barnevern-bekymringsmeldinger"),
    ("tall-fra-kisif", "kisif-overnattingsdogn"),
])
def test_each_chart_is_titled_and_stands_with_its_table(handbook, anchor, table_id):
    section = _section(handbook, anchor)
    table = next(t for t in handbook.tables if t.id == table_id)
    html = section.html
    assert html.count(f'src="chart:{table_id}"') == 1
    caption, image, lead, title = _order(
        html, f"<b>Figur: {table.title}</b>", f'src="chart:{table_id}"', "Tallgrunnlag:", f"<strong>{table.title}</strong>"
    )
    assert caption < image < lead < title
    # Nothing but the caption's own paragraph between caption and chart; the table follows the lead.
    assert "<table>" in html[title:] and html[image:lead].count("<p") <= 1
    assert not re.search(r'<img src="chart:[^"]+"[^>]*>\s*</p>\s*$', html), "a chart at the end of the section"


def test_no_chart_stands_after_a_note_saying_its_table_has_none(handbook):
    html = _section(handbook, "tall-fra-kisif").html
    note = html.index("vises derfor uten diagram")
    assert "<img" not in html[note:]


def test_tallgrunnlag_is_never_a_line_of_its_own(handbook):
    for section in handbook.page(PAGE).sections:
        assert not re.search(r"<p>\s*Tallgrunnlag:\s*</p>", section.html), section.id


def test_editorial_notes_are_their_own_labelled_paragraphs(handbook):
    notes = []
    for section in handbook.page(PAGE).sections:
        notes += re.findall(r'<p class="merknad">(.*?)</p>', section.html, re.S)
    assert len(notes) == 3  # the police figure, the Sum row, the mixed table
    for note in notes:
        assert note.startswith(f"<b>{EDITORIAL_NOTE_LABEL}</b>")
        assert "Antall dagsamtaler" not in note and "Antall innbyggere" not in note  # no plan text runs in


def test_the_police_chart_is_still_said_to_be_missing(handbook):
    section = _section(handbook, "tall-fra-politiet")
    assert "en figur med politiets tall" in section.text and "ikke gjengitt" in section.text
    assert "<img" not in section.html and "<table" not in section.html
    assert section.tables == ()


def test_the_plan_text_and_numbers_are_unchanged(handbook):
    text = " ".join(" ".join(s.text for s in handbook.page(PAGE).sections).split())
    for sentence in (
        "Tallmaterialet for Ås kommune viser et økende antall bekymringsmeldinger til barnevernet som handler om vold i "
        "nære relasjoner:",
        "Antall overnattingsdøgn ved KISIF økte drastisk fra 2020 til 2021, og ble noe redusert i 2022.",
        "Antall overnattingsdøgn pr år v/ KISIF:",
        "Tall politiet viser at et økende antall innbyggere i kommunen har anmeldt vold i nære relasjoner:",
    ):
        assert sentence in text
    for number in ("44 69 94", "1277 891 1786 1507", "2862 1751 3772 3055", "337 810"):
        assert number in text


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_handbook(content)
    return [str(p) for p in info.value.problems]


def test_a_chart_placeholder_for_an_unknown_table_names_file_and_line(tmp_content):
    _edit(tmp_content / "plan" / "03-omfang.md", "[[diagram:kisif-overnattingsdogn]]", "[[diagram:kisif-natt]]")
    found = _problems(tmp_content)
    assert any(re.match(r"plan/03-omfang\.md:\d+: \[\[diagram:kisif-natt\]\] viser ikke til noen tabell", p) for p in found), found


def test_a_chart_placeholder_for_a_table_without_a_chart_is_refused(tmp_content):
    _edit(tmp_content / "plan" / "03-omfang.md", "[[diagram:kisif-overnattingsdogn]]", "[[diagram:kisif-dagsamtaler-2022]]")
    found = _problems(tmp_content)
    assert any("plan/03-omfang.md" in p and "chart: false" in p for p in found), found


def test_without_a_placeholder_the_chart_follows_its_table(tmp_content):
    _edit(tmp_content / "plan" / "03-omfang.md", "[[diagram:kisif-overnattingsdogn]]\n", "")
    handbook = load_handbook(tmp_content)
    html = handbook.section(f"{PAGE}#tall-fra-kisif").html
    table_end = html.index("</table>")
    chart = html.index('src="chart:kisif-overnattingsdogn"')
    assert table_end < chart < html.index("Antall dagsamtaler")
    assert "tabellen over" in html[table_end:chart]


def test_the_page_view_shows_each_chart_right_after_its_caption_without_empty_space(qtbot, handbook, tmp_path):

    from handbook.app import create_window

    window, _search, _settings = create_window(settings_store(tmp_path, "s.ini"))
    qtbot.addWidget(window)
    window.resize(1024, 576)
    window.show()
    qtbot.waitExposed(window)
    window.set_handbook(handbook)
    window.open_section(f"{PAGE}#tall-fra-kisif")
    view = window.page_view
    doc = view.browser.document()
    layout = doc.documentLayout()
    charts_seen = 0
    block = doc.begin()
    while block.isValid():
        if "\ufffc" in block.text():
            charts_seen += 1
            name = block.begin().fragment().charFormat().toImageFormat().name()
            image = view.browser.charts[name.removeprefix("chart:")]
            assert block.previous().text().startswith("Figur: ")
            following = block.next()
            assert following.text().startswith("Tallgrunnlag: ")
            assert QTextCursor(following.next()).currentTable() is not None
            height = layout.blockBoundingRect(block).height()
            drawn = image.height() / image.devicePixelRatio()
            assert drawn > 100 and height <= drawn + 24, f"{height - drawn:.0f} px of empty space after the chart"
        block = block.next()
    assert charts_seen == 2
