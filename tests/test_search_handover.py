"""From the reading to the flowchart (no Qt): the answers a reading implies, from the start.

Steps are recognised by what they are (urgent or not, the contacts they list, the card they cite),
never by node id, so the rules hold when the flowchart is rewritten.
"""

from __future__ import annotations

import pytest

from handbook.flowchart.walk import FlowWalk


def _walk(handbook, answers) -> FlowWalk:
    walk = FlowWalk(handbook.flow)
    assert walk.follow(answers) == len(answers)
    return walk


def _first_answer_is_calm(handbook, walk) -> bool:
    start = handbook.flow.node(walk.steps[0])
    chosen = next(a for a in start.answers if a.label == walk.choices[0])
    return not handbook.flow.node(chosen.goto).urgent


@pytest.mark.parametrize(
    "typed, contact",
    [("mor på 90 blir slått av sønnen", "vern-for-eldre"), ("gutten sier at pappa slår ham", "barnevernstjenesten"),
     ("jeg vil ha hjelp til å slutte å slå", "atv-follo")],
)
def test_a_calm_reading_walks_to_the_step_for_the_one_harmed(engine, handbook, typed, contact):
    walk = _walk(handbook, engine.flow_answers(typed))
    assert walk.current.kind == "action" and contact in walk.current.contacts, walk.steps
    assert _first_answer_is_calm(handbook, walk)  # «Nei, ikke akkurat nå», shown on the path
    assert len(walk.choices) >= 2


def test_an_urgent_reading_stops_at_the_step_for_danger_now(engine, handbook):
    walk = _walk(handbook, engine.flow_answers("han står med kniv og truer henne nå"))
    assert walk.current.urgent and walk.current.contacts[0] == "politiet", walk.steps
    assert len(walk.choices) == 1


def test_someone_not_breathing_goes_to_the_medical_emergency_number(engine, handbook):
    walk = _walk(handbook, engine.flow_answers("hun puster ikke"))
    assert walk.current.urgent and walk.current.contacts[0] == "medisinsk-nodnummer", walk.steps


def test_the_worker_walks_to_her_own_safety(engine, handbook):
    walk = _walk(handbook, engine.flow_answers("jeg gruer meg til neste besøk hos han"))
    assert walk.current.card == "veileder/egen-sikkerhet", walk.steps


def test_the_walk_stops_at_the_first_question_the_reading_cannot_answer(engine, handbook):
    # a woman hit by her partner: the reading says nothing of who she is in the chart's words
    walk = _walk(handbook, engine.flow_answers("hun blir slått av mannen sin"))
    assert walk.current.kind == "question" and len(walk.choices) == 1


def test_a_changed_reading_changes_the_answers(engine, handbook):
    text = "mor på 90 blir slått av sønnen"
    reading = engine.read(text)
    as_child = _walk(handbook, engine.flow_answers(text, reading.replaced("eldre", "barn", "barn", "who")))
    assert "barnevernstjenesten" in as_child.current.contacts, as_child.steps
    without = _walk(handbook, engine.flow_answers(text, reading.without("eldre")))
    assert without.current.kind == "question", without.steps


def test_nothing_understood_implies_no_answer(engine):
    assert engine.flow_answers("hun sitter på rommet sitt") == []
    assert engine.flow_answers("") == []
