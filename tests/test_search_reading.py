"""What the search understood (the reading the chips show), ages, safety rules and the misreadings corpus.

The misreadings corpus (tests/misreadings.json) holds every misreading issue 18 names and the
ones found while building the reading: each says what must not come first (a contact whose number
would mislead, a concept that must not be read) and, where useful, what must be in the top 3.
Tests name contacts and concepts, never flowchart node ids: the urgent step is found by what it is
(an urgent step that lists the police).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from handbook.content import ContentError, load_handbook

MISREADINGS = Path(__file__).parent / "misreadings.json"


def _urgent_police_step(hit, handbook) -> bool:
    node = next((n for n in handbook.flow.nodes if n.section_id == hit.id), None)
    return node is not None and bool(getattr(node, "urgent", False)) and "politiet" in node.contacts


def _own_safety(hit) -> bool:
    return hit.page == "veileder/egen-sikkerhet" or "egen sikkerhet" in hit.title.lower()


# -- the reading ---------------------------------------------------------------------------------


def test_the_reading_names_concepts_with_labels_and_the_words_that_brought_them(engine):
    reading = engine.read("sønnen tar pengene til mora på 84")
    by_id = {u.id: u for u in reading.understood}
    assert {"eldre", "penger"} <= set(by_id)
    assert by_id["eldre"].label == "eldre" and "84" in by_id["eldre"].words
    assert "pengene" in by_id["penger"].words
    assert reading.urgent is False
    assert reading.to_json()["understood"][0].keys() == {"id", "label", "words"}


def test_nothing_understood_is_said(engine):
    reading = engine.read("strategi 2")
    assert not reading and reading.to_json() == {"understood": [], "urgent": False}


def test_removing_a_concept_reranks_without_it(engine):
    text = "sønnen tar pengene til mora på 84"
    reading = engine.read(text)
    first = engine.search(text, limit=1)[0]
    assert "vern-for-eldre" in first.contacts
    without = engine.search(text, limit=3, reading=reading.without("eldre"))
    assert "vern-for-eldre" not in without[0].contacts
    assert all("eldre" not in [r.concept for r in h.because] for h in without)


def test_changing_a_concept_reads_the_same_words_as_another(engine):
    text = "hun på 70 blir slått"
    reading = engine.read(text)
    assert "eldre" in reading.ids
    changed = reading.replaced("eldre", "barn", "barn", "who")
    assert "barn" in changed.ids and "eldre" not in changed.ids
    hits = engine.search(text, limit=3, reading=changed)
    assert "barnevernstjenesten" in {c for h in hits for c in h.contacts}


def test_removing_the_urgent_concept_takes_112_off_the_top(engine, handbook):
    text = "han står med kniv i stua nå"
    reading = engine.read(text)
    assert reading.urgent
    assert _urgent_police_step(engine.search(text, limit=1)[0], handbook)
    calm = reading.without("akutt")
    assert not calm.urgent
    assert not _urgent_police_step(engine.search(text, limit=1, reading=calm)[0], handbook)


# -- safety above ranking ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "5 år gammel alene hjemme med full voldelig far",
        "ungen på 3 er aleine med en far som har drukket",
        "han holder en kniv mot henne",
        "mannen tok kvelertak på henne i natt",
        "eksen har truet med å drepe henne",
        "han slår henne nå",
    ],
)
def test_acute_cues_put_the_112_step_first(engine, handbook, typed):
    reading, hits = engine.search_read(typed, limit=3)
    assert reading.urgent, [u.id for u in reading.understood]
    assert _urgent_police_step(hits[0], handbook), [h.id for h in hits]


def test_the_worker_in_danger_gets_her_own_safety_step_first(engine):
    hits = engine.search("jeg er på besøk og han truer meg med kniv", limit=1)
    assert _own_safety(hits[0])


# -- ages -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, who",
    [("mor på 90", "eldre"), ("mann 70 år", "eldre"), ("moren som er 85", "eldre"), ("15-åringen gråter", "barn"),
     ("jenta er 12", "barn"), ("5 år gammel", "barn"), ("gutten på sju", "barn"), ("80-åringen blir slått", "eldre")],
)
def test_ages_decide_child_or_older_person(engine, typed, who):
    assert who in engine.read(typed).ids


@pytest.mark.parametrize("typed", ["mor på 90", "mor 90 år", "far på 48 blir slått", "hun på 70 ble dyttet"])
def test_an_age_never_matches_part_of_a_phone_number(engine, handbook, typed):
    reading = engine.read(typed)
    ages = [typed[s:e] for s, e in reading.age_spans]
    assert ages
    for hit in engine.search(typed, limit=5):
        for cid in hit.contacts:
            contact = next(c for c in handbook.contacts if c.id == cid)
            for number in contact.numbers:
                # the hit is not there for a number that merely holds the age's digits
                assert not (hit.kind == "contact" and not hit.because and any(a in number.display.split() for a in ages))


# -- the misreadings corpus -----------------------------------------------------------------------


def _corpus():
    with open(MISREADINGS, encoding="utf-8") as fh:
        return json.load(fh)


def test_the_misreadings_corpus_holds_every_misreading_issue_18_names():
    texts = " | ".join(m["q"] for m in _corpus())
    for needle in ("mor på 90", "mor 90 år", "mann 70 år", "5 år gammel", "drukket", "rommet", "kollegaen",
                   "ikke vasket", "barnebarnet har blåmerker", "skrive over huset"):
        assert needle in texts, needle
    assert len(_corpus()) >= 30


@pytest.mark.parametrize("item", _corpus(), ids=lambda m: m["q"])
def test_misreadings_do_not_come_back(engine, handbook, item):
    reading, hits = engine.search_read(item["q"], limit=5)
    ids = set(reading.ids)
    assert hits, item["q"]
    first = hits[0]
    for cid in item.get("not_first", []):
        assert cid not in first.contacts, (item["why"], first.id)
    for cid in item.get("first", []):
        assert cid in first.contacts, (item["why"], [h.id for h in hits])
    for cid in item.get("top3", []):
        assert cid in {c for h in hits[:3] for c in h.contacts}, (item["why"], [h.id for h in hits[:3]])
    for concept in item.get("concepts", []):
        assert concept in ids, (item["why"], ids)
    for concept in item.get("not_concepts", []):
        assert concept not in ids, (item["why"], ids)
    if "urgent" in item:
        assert reading.urgent is item["urgent"], item["why"]
    if item.get("not_own_safety"):
        assert not any(_own_safety(h) for h in hits[:3]), item["why"]
    if "first_id" in item:
        assert first.id == item["first_id"], item["why"]


# -- fact and topic questions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, page",
    [("statistikk voldtekt", "plan/3-omfang-av-vold-og-overgrep"),
     ("botid i norge og språkkunnskaper", "plan/2-vold-i-naere-relasjoner"),
     ("deling av seksuelle bilder statistikk", "plan/3-omfang-av-vold-og-overgrep")],
)
def test_fact_and_topic_questions_keep_their_literal_answer_in_the_top_2(engine, typed, page):
    assert page in [h.page for h in engine.search(typed, limit=2)]


def test_someone_for_men_to_talk_to_is_reform_first(engine):
    assert "reform" in engine.search("noen menn kan snakke med", limit=1)[0].contacts


# -- the help-list filter --------------------------------------------------------------------------


def test_the_help_list_filter_puts_the_best_match_first(engine):
    assert engine.contacts_matching("vern")[0] == "vern-for-eldre"
    assert "vern-for-eldre" in engine.contacts_matching("økonomisk")
    assert "vern-for-eldre" in engine.contacts_matching("okonomisk overgrep mot mor på 80")


# -- sources ------------------------------------------------------------------------------------------


def test_every_concept_names_its_public_sources(handbook):
    for concept in handbook.concepts:
        assert concept.sources, concept.id
        assert all(s.title and (s.url or "").startswith("http") for s in concept.sources), concept.id


def test_a_bad_source_is_named_with_file_and_line(tmp_content):
    path = tmp_content / "situasjoner.yaml"
    text = path.read_text(encoding="utf-8")
    old = '      - {title: "Bufdir: Hva er omsorgssvikt?", url: "https://www.bufdir.no/barnevern/omsorgssvikt/"}'
    assert old in text
    path.write_text(text.replace(old, '      - {title: "Bufdir", url: "ftp://bufdir"}', 1), encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_handbook(tmp_content)
    line = text[: text.index(old)].count("\n") + 1
    assert any(str(p).startswith(f"situasjoner.yaml:{line}: ") and "https://" in str(p) for p in err.value.problems)
