"""The first hit of an understood situation is the one thing to do (issue 18, round 4).

Rules by kind, tested over whole query sets and on sentences written for the rule (never the
held-out sets' words): a whole situation shows a help-list entry or a flowchart step with a number
first, for the one harmed; a calm reading never leads with the 112 step; a question for what to do
gets the step; a short situation says what it is right after; a topic or a fact keeps its text first.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest


SETS = Path(__file__).parent
SITUATION_SETS = ["situational_queries.json", "situational_heldout.json", "situational_heldout_2.json",
                  "situational_heldout_3.json", "situational_heldout_4.json"]


def _queries():
    out = []
    for name in SITUATION_SETS:
        with open(SETS / name, encoding="utf-8") as fh:
            out += [q["q"] for q in json.load(fh)]
    return out


def _node(handbook, hit):
    return next((n for n in handbook.flow.nodes if n.section_id == hit.id), None)


def test_a_whole_situation_shows_a_number_first(engine):
    """Over every situation we hold: when the search reads a whole situation, the first hit is a
    help-list entry or a step with a number — not a card, a definition or the plan's text."""
    checked = 0
    for q in _queries():
        situation = engine.situation(q)
        if not situation.whole or not situation.lead_docs:
            continue
        first = engine.search(q, limit=1)[0]
        assert first.kind in ("contact", "flow") and first.contacts, (q, first.id)
        checked += 1
    assert checked >= 150  # the rule is what most situations go through


def test_a_calm_reading_never_leads_with_a_step_for_danger_now(engine, handbook):
    for q in _queries():
        reading, hits = engine.search_read(q, limit=1)
        node = _node(handbook, hits[0]) if hits else None
        if reading.urgent or node is None or not node.urgent:
            continue
        # only the worker's own safety step may lead calmly: it is the only step for her card
        assert all(n.urgent for n in handbook.flow.nodes if n.card == node.card), (q, node.id)


@pytest.mark.parametrize(
    "typed, contact",
    [
        ("barnebarnet på 6 har blåmerker etter helgen hos bestemor", "barnevernstjenesten"),
        ("oldefar på 91 blir dyttet av barnebarnet", "vern-for-eldre"),
        ("bestemor forteller at barnebarnet har fått juling av faren", "barnevernstjenesten"),
    ],
)
def test_the_one_harmed_decides_the_service(engine, typed, contact):
    first = engine.search(typed, limit=1)[0]
    assert contact in first.contacts, (typed, first.id)


def test_the_worker_harmed_gets_her_own_safety_step_before_the_client_s_service(engine):
    for typed in ("sønnen til pasienten dyttet meg i gangen", "datteren til brukeren kjeftet på meg på besøket"):
        first = engine.search(typed, limit=1)[0]
        assert first.page == "flyt" and "sikkerhet" in first.title.lower(), (typed, first.id)


def test_help_to_stop_comes_before_the_child_it_names(engine):
    first = engine.search("jeg er redd jeg skal miste kontrollen og slå ungen min", limit=1)[0]
    assert {"atv-follo", "reform", "familievernkontoret"} & set(first.contacts), first.id


@pytest.mark.parametrize("typed", ["tvangsekteskap, hva gjør jeg", "hvem ringer jeg om kjønnslemlestelse"])
def test_a_question_for_what_to_do_gets_the_step(engine, typed):
    first = engine.search(typed, limit=1)[0]
    assert first.kind in ("contact", "flow") and "kompetanseteamet" in first.contacts, (typed, first.id)


@pytest.mark.parametrize("typed, form", [("han slår kona si", "voldsformer#fysisk-vold"),
                                         ("mannen kontrollerer henne", "voldsformer#")])
def test_a_short_situation_says_what_it_is_right_after(engine, typed, form):
    hits = engine.search(typed, limit=2)
    assert hits[0].kind in ("contact", "flow")
    assert hits[1].id.startswith(form), [h.id for h in hits]


@pytest.mark.parametrize(
    "typed, page",
    [("hvor mange kvinner blir voldtatt", "plan/3-omfang-av-vold-og-overgrep"),
     ("vold i nære relasjoner definisjon", "plan/2-vold-i-naere-relasjoner")],
)
def test_a_fact_keeps_its_text_first(engine, typed, page):
    assert engine.search(typed, limit=1)[0].page == page


def test_someone_who_acts_and_asks_for_help_is_asking_for_help_to_stop(engine):
    reading, hits = engine.search_read("han klarer ikke å la være å slå når han drikker, og nå ber han om hjelp", limit=1)
    assert "vil-slutte" in reading.ids
    assert {"atv-follo", "reform", "familievernkontoret"} & set(hits[0].contacts), hits[0].id
    # the one harmed asking for help is not
    assert "vil-slutte" not in engine.read("hun blir slått og vil ha hjelp").ids
    assert "vil-slutte" not in engine.read("han slår henne og hun trenger hjelp").ids


def test_abuse_long_ago_goes_to_the_incest_centre_first(engine):
    hits = engine.search("hun forteller at bestefaren misbrukte henne seksuelt da hun var liten", limit=1)
    assert "kisif" in hits[0].contacts, hits[0].id
    # a childhood word alone reads nothing
    assert "tidligere-overgrep" not in engine.read("da hun var liten var hun mye hos bestemor").ids
