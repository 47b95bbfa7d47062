"""Fidelity: the content equals the plan's values, transcribed here a second time.

The expected values below were read independently from the clean copy of the
plan (../shared/seed, chapters 3.5, 5 and the appendix). If a coordinator
updates a number after a new plan, this test must be updated with it: that is
the point — a number never changes silently.
"""

from __future__ import annotations

import re

import pytest

from handbook.content.export import export_records

PLAN_NUMBERS = {
    "politiet": {"02800", "112"},  # and 64993000: see WITHHELD
    "follo-legevakt": {"116117"},
    "barnevernstjenesten": {"95939637"},
    "alarmtelefonen": {"116111"},
    "kisif": {"64972300"},
    "overgrepsmottaket": {"23487090"},
    "atv-follo": {"45395343"},
    "stottesenter": {"80040008"},
    "familievernkontoret": {"64914660"},
    "reform": {"22340960"},
    "kompetanseteamet": {"47809050"},
    "vern-for-eldre": {"80030196"},
    "dinutvei": set(),
}
# Numbers the plan lists that the handbook does not offer as a number to call, because no public
# source confirms them (issue 17): the plan's line keeps them word for word, the help list says
# which number to call instead, and content/README.md asks the coordinator to confirm them.
WITHHELD = {
    "politiet": {"64993000"},  # «Politiet i Follo»: Follo is part of Øst politidistrikt; 02800 is the number
}
# Entries that are not in the plan's list at all: each must be marked and sourced, and its
# numbers are checked here against the public source named in hjelpeliste.yaml.
SUPPLEMENTARY_NUMBERS = {
    "medisinsk-nodnummer": {"113"},  # helsenorge.no «Ring 113»
}

BARNEVERN = [
    ["Vold i hjemmet/barnet vitne til vold", 44, 69, 94],
    ["Barnet utsatt for fysisk vold", 21, 42, 54],
    ["Barnet utsatt for psykisk vold", 5, 23, 33],
]
OVERNATTING = [
    ["Kvinner", 1277, 891, 1786, 1507],
    ["Menn", 62, 28, 121, 61],
    ["Barn", 1523, 823, 1865, 1490],
    ["Sum", 2862, 1751, 3772, 3055],
]
DAGSAMTALER = [
    ["Ås", 101, 5, 161, 7],
    ["Nordre Follo", 60, 1, 254, 4],
    ["Nesodden", 13, 1, 101, 5],
    ["Vestby", 59, 3, 132, 7],
    ["Frogn", 33, 2, 41, 2],
    ["Enebakk", 15, 1, 40, 1],
    ["Andre", 32, None, 39, None],
    ["Ukjente", 24, None, 42, None],
    ["Sum", 337, None, 810, None],
]
# number: (responsible, deadline, cost)
MEASURES = {
    "1.1": ("Virksomhetsledere", "Ferdigstilt 2023", "Innenfor ordinær ramme"),
    "1.2": ("Virksomhetsledere", "2024", "Innenfor ordinær ramme"),
    "1.3": (
        "Virksomhetsledere, Krise- og incestsenteret i Follo, politiet og nasjonalt kunnskapssenter "
        "om vold og traumatiske stress",
        "2024",
        "Innenfor ordinær ramme",
    ),
    "1.4": ("Virksomhetslederne", "2024", "Søke støtte fra Bufdir"),
    "2.1": ("Koordinator for vold i nære relasjoner", "2023", "Innenfor ordinær ramme"),
    "2.2": ("Enhetsledere", "Årlig", "Innenfor ordinær ramme"),
    "2.3": ("Enhetsledere", "Årlig", None),
    "2.4": ("Koordinator for vold i nære relasjoner", "2024", "Innenfor ordinær ramme"),
    "3.1": ("Virksomhetsledere i oppvekst og KISIF", "årlig", "Innenfor ordinær ramme"),
    "3.2": ("Virksomhetsleder", "2024", "Innenfor ordinær ramme"),
}
PLAN_HEADINGS = [
    "Forord", "1. Innledning", "1.1 Om planen", "2. Vold i nære relasjoner", "2.1 Hva er vold?",
    "2.2 Definisjon av vold i nære relasjoner", "2.3 Hvem utsettes for vold?", "2.4 Vold er straffbart",
    "3. Omfang av vold og overgrep", "3.1 Voldtekt", "3.2 Fysisk vold", "3.3 Digital vold",
    "3.4 Forebygging av vold og overgrep", "3.5 Lokale forhold", "4. Plikt til å handle og avverge vold",
    "5. Hvor kan du få hjelp?", "6. Mål og strategier", "6.1 Mål", "6.2 Strategier",
]
OCR_DAMAGE = re.compile(
    r"AIie|\bti l\b|\bt i l\b|Ärlig|\bÄs\b|\bAs kommune|p§|f§r|Freon|Innholdsfortegneise|over rrep|"
    r"Vold tek t|l ivet|kv inner|omt ren t|el ler|særl ig|\( 1 4 % \)|p likt\.no"
)


def test_help_list_numbers_equal_the_plan(handbook):
    got = {c.id: {n.digits for n in c.numbers} for c in handbook.contacts if not c.supplementary}
    assert got == PLAN_NUMBERS
    contacts = {c.id: c for c in handbook.contacts}
    for cid, digits in WITHHELD.items():
        for d in digits:
            assert d in contacts[cid].plan_text.replace(" ", ""), (cid, d)  # the plan's line, verbatim
        assert "ikke tatt med" in contacts[cid].supplement, cid  # and the user is told why it is missing
    extra = {c.id: {n.digits for n in c.numbers} for c in handbook.contacts if c.supplementary}
    assert extra == SUPPLEMENTARY_NUMBERS


def test_entries_beyond_the_plan_are_marked_and_sourced(handbook):
    page = handbook.page("hjelpeliste")
    for contact in handbook.contacts:
        section = handbook.section(contact.section_id)
        if contact.supplementary or contact.supplement or contact.hours:
            assert contact.sources and all(s.url.startswith("https://") for s in contact.sources), contact.id
            assert "Utfyllende veiledning – ikke en del av den vedtatte planen" in section.text, contact.id
        if contact.supplementary:
            assert "står ikke i planens hjelpeliste" in section.text
    assert "listen er ikke uttømmende" in page.sections[0].text  # the intro, from hjelpeliste.yaml


def test_help_list_numbers_appear_verbatim_in_plan_text(handbook):
    for contact in handbook.contacts:
        if contact.supplementary:
            continue
        compact = contact.plan_text.replace(" ", "")
        for n in contact.numbers:
            assert n.digits in compact, (contact.id, n.digits)


def test_chapter_5_numbers_match_the_help_list(handbook):
    chapter = handbook.page("plan/5-hvor-kan-du-fa-hjelp")
    text = " ".join(s.text for s in chapter.sections).replace(" ", "")
    numbers_in_chapter = set(re.findall(r"\d{3,8}", text)) - {"2023", "2027", "62"}
    in_list = {n.digits for c in handbook.contacts for n in c.numbers if not c.supplementary}
    withheld = set().union(*WITHHELD.values())
    assert numbers_in_chapter == in_list | withheld
    assert not in_list & withheld


def test_numbers_display_grouped(handbook):
    shown = {n.digits: n.display for c in handbook.contacts for n in c.numbers}
    assert shown["64972300"] == "64 97 23 00"
    assert shown["116117"] == "116 117"
    assert shown["02800"] == "02800"
    assert shown["112"] == "112"
    assert shown["80030196"] == "800 30 196"


def _rows(handbook, table_id):
    table = next(t for t in handbook.tables if t.id == table_id)
    return [list(r) for r in table.rows]


def test_statistics_tables_equal_the_plan(handbook):
    assert _rows(handbook, "barnevern-bekymringsmeldinger") == BARNEVERN
    assert _rows(handbook, "kisif-overnattingsdogn") == OVERNATTING
    assert _rows(handbook, "kisif-dagsamtaler-2022") == DAGSAMTALER


def test_sums_that_do_not_add_up_are_flagged_not_corrected(handbook):
    """The plan's own Sum row for 2020 and 2022 differs from its rows; we keep the plan's
    figures and say so in the table's note, rather than silently 'fixing' an adopted document."""
    for table in handbook.tables:
        if not table.total_row:
            continue
        rows = [r for r in table.rows if r[0] != table.total_row]
        total = next(r for r in table.rows if r[0] == table.total_row)
        for col, header in enumerate(table.columns[1:], start=1):
            if total[col] is None:
                continue
            added = sum(r[col] or 0 for r in rows)
            if added != total[col]:
                assert table.note and str(total[col]) in table.note and str(added) in table.note, (
                    f"{table.id}, {header}: the plan says {total[col]}, the rows add up to {added}; "
                    "the note must say so"
                )


def test_every_measure_equals_the_plan(handbook):
    got = {
        m.number: (m.responsible, m.deadline, m.cost)
        for s in handbook.measures.strategies
        for m in s.measures
    }
    assert got == MEASURES


def test_police_chart_is_declared_missing_not_invented(handbook):
    section = next(s for s in handbook.sections if "politiet" in s.title.lower() and s.page.startswith("plan/3"))
    assert "bilde" in section.text.lower() or "ikke" in section.text.lower()
    years_and_counts = re.findall(r"\b\d{2,5}\b", section.text)
    assert not [n for n in years_and_counts if n not in {"2023", "2027", "3", "5"}], section.text


def test_no_ocr_damage_anywhere_in_content(content_dir):
    hits = []
    for path in content_dir.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".yaml", ".yml"):
            for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if OCR_DAMAGE.search(line):
                    hits.append(f"{path.relative_to(content_dir)}:{i}: {line.strip()}")
    assert not hits, "\n".join(hits)


def test_forord_has_signature_and_date(handbook):
    text = handbook.page("plan/forord").sections[0].text
    assert "Tom-Arne Tørfoss" in text and "Kommunedirektør" in text and "2023" in text


def test_local_goals_9_12_13_14_present(handbook):
    text = " ".join(s.text for s in handbook.page("plan/1-innledning").sections)
    for goal in ("Mål 9", "Mål 12", "Mål 13", "Mål 14"):
        assert goal in text


@pytest.mark.parametrize(
    "form_id",
    ["fysisk-vold", "psykisk-vold", "seksuell-vold", "materiell-vold", "sosial-vold", "okonomisk-vold",
     "latent-vold", "digital-vold", "kjonnslemlestelse", "tvangsekteskap", "negativ-sosial-kontroll"],
)
def test_every_form_of_violence_is_defined(handbook, form_id):
    form = next(f for f in handbook.forms if f.id == form_id)
    assert form.plan_text or form.definition or form.supplementary_text
    assert form.everyday_words, "search needs everyday words for every form"
    if form.supplementary_text:
        assert form.sources, "supplementary text must name its sources"


def test_supplementary_cards_are_marked_and_sourced(handbook):
    cards = handbook.pages_of_kind("card")
    assert {"veileder/avvergingsplikt", "veileder/opplysningsplikt-barnevernet", "veileder/taushetsplikt",
            "veileder/helse-og-omsorgstjenesteloven-3-3a", "veileder/nar-du-er-bekymret",
            "veileder/legehjelp-og-dokumentasjon", "veileder/egen-sikkerhet"} <= {c.id for c in cards}
    for card in cards:
        if card.supplementary:
            assert card.sources
            assert card.html.count("Utfyllende veiledning – ikke en del av den vedtatte planen") == 1, card.id


def test_export_lines_are_valid_and_complete(handbook):
    import json

    from handbook.content.export import export_jsonl

    lines = list(export_jsonl(handbook))
    records = [json.loads(line) for line in lines]
    assert all(set(r) == {"id", "page", "title", "anchor", "text"} for r in records)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids))
    assert all(r["text"].strip() for r in records), [r["id"] for r in records if not r["text"].strip()]
    titles = {r["title"] for r in records}
    missing = [h for h in PLAN_HEADINGS if h not in titles]
    assert not missing
    pages = {r["page"] for r in records}
    assert {"hjelpeliste", "voldsformer"} <= pages
    assert sum(r["page"] == "hjelpeliste" for r in records) == 15  # intro + 13 plan entries + 113
    assert sum(r["page"] == "voldsformer" for r in records) == 12  # intro + 11 forms


def test_export_includes_table_cells(handbook):
    text = " ".join(r["text"] for r in export_records(handbook))
    for value in ("1786", "3772", "Nordre Follo", "254", "Vold i hjemmet/barnet vitne til vold"):
        assert value in text
