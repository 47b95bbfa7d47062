"""Situations a home-care worker meets, walked through the flowchart as she would answer.

Each scenario gives the answers in the worker's order (a few words of the button she
presses, or "Neste") and asserts what she reaches: the numbers on the way, the duty
cards, and how many choices it took. The first six are the development scenarios;
the rest are our own of the same kind. Then the rules that must hold for *every* path,
whatever the words: they are what makes the chart safe for situations nobody wrote down.
No Qt: the model is walked directly (the step view walks the same FlowWalk).
"""

from __future__ import annotations

from collections import deque

import pytest

from handbook.content.flow import primary_number
from handbook.flowchart.walk import FlowWalk
from handbook.content.phones import EMERGENCY


class Walked:
    """A walk through the chart with a worker's answers, and what she has been shown."""

    def __init__(self, handbook, *answers: str):
        self.handbook = handbook
        self.walk = FlowWalk(handbook.flow)
        self.contacts = {c.id: c for c in handbook.contacts}
        self.reached_at: dict[str, int] = {}  # number → choices taken when it was first shown
        self.cards: set[str] = set()
        self._see()
        for answer in answers:
            targets = self.walk.current.targets()
            matches = [i for i, (label, _) in enumerate(targets) if answer.lower() in label.lower()]
            assert matches, f"at '{self.walk.current.id}' no answer says «{answer}»: {[t[0] for t in targets]}"
            assert self.walk.answer(matches[0])
            self._see()

    def _see(self) -> None:
        node = self.walk.current
        for cid in node.contacts:
            for n in self.contacts[cid].numbers:
                self.reached_at.setdefault(n.digits, len(self.walk.choices))
        if node.card:
            self.cards.add(node.card.split("#")[0])

    @property
    def numbers(self) -> set[str]:
        return set(self.reached_at)

    @property
    def steps(self) -> list[str]:
        return self.walk.steps

    def within(self, number: str) -> int:
        assert number in self.reached_at, f"{number} never shown on {self.steps}"
        return self.reached_at[number]


POLICE, NON_URGENT_POLICE, MEDICAL = "112", "02800", "113"
BARNEVERN, KISIF, LEGEVAKT = "95939637", "64972300", "116117"
VERN_FOR_ELDRE, KOMPETANSETEAMET, OVERGREPSMOTTAKET = "80030196", "47809050", "23487090"
ALARMTELEFONEN, ATV, REFORM, STOTTESENTER = "116111", "45395343", "22340960", "80040008"


# -- the development scenarios (../shared/flow_scenarios.md) -----------------------


def test_1_mother_hit_children_heard_it_starting_with_the_children(handbook):
    """Children who hear violence count (plan 2.1); the mother gets the police; the crisis centre protects."""
    w = Walked(handbook, "Nei", "Et barn", "Neste", "Ja, eller jeg vet ikke", "Neste", "Beskyttelse", "Neste",
               "politiet er allerede varslet", "barnevernet vet det allerede")
    assert {BARNEVERN, NON_URGENT_POLICE, POLICE, KISIF} <= w.numbers
    assert w.within(BARNEVERN) <= 2
    assert w.walk.current.is_end and "lederen" in w.walk.current.text
    assert {"veileder/opplysningsplikt-barnevernet", "veileder/avvergingsplikt", "veileder/nar-du-er-bekymret"} <= w.cards


def test_1_mother_hit_children_heard_it_starting_with_the_mother(handbook):
    w = Walked(handbook, "Nei", "En voksen", "Beskyttelse", "Neste", "mest sannsynlig", "Neste",
               "barnevernet vet det ikke", "Neste")
    assert {KISIF, NON_URGENT_POLICE, POLICE, BARNEVERN} <= w.numbers
    assert w.within(KISIF) <= 3
    end = w.walk.current
    assert end.is_end and "pasientjournalen" in end.detail  # record it where the service records such things


def test_2_older_client_with_bruises_and_an_angry_son(handbook):
    w = Walked(handbook, "Nei", "En eldre", "Neste", "Legehjelp", "Neste", "mest sannsynlig", "Neste", "Nei")
    assert w.within(VERN_FOR_ELDRE) <= 3
    assert {LEGEVAKT, VERN_FOR_ELDRE, NON_URGENT_POLICE} <= w.numbers
    assert "veileder/legehjelp-og-dokumentasjon" in w.cards
    assert "fastlegen" in handbook.flow.node("legehjelp").supplement  # or her GP
    vern = handbook.contact("vern-for-eldre")
    assert vern.hours and "09.00–15.00" in vern.hours  # the opening hours are shown with the number


@pytest.mark.parametrize("answers", [("jeg blir selv truet",), ("Nei", "Meg selv")])
def test_3_you_are_threatened_in_the_doorway(handbook, answers):
    w = Walked(handbook, *answers)
    assert len(w.walk.choices) <= 2 and w.walk.current.id == "egen-sikkerhet"
    node = w.walk.current
    assert node.urgent and POLICE in w.numbers
    assert primary_number(node, w.contacts)[1].digits == POLICE
    text = (node.text + " " + node.detail).lower()
    for must in ("gå ut", "lederen", "ikke gå alene"):
        assert must in text, must
    assert "veileder/egen-sikkerhet" in w.cards
    assert node.is_end  # the last step: the summary is offered, and 'start på nytt' for the client


def test_4_girl_who_will_be_married_off(handbook):
    w = Walked(handbook, "Nei", "Et barn", "Neste", "Nei", "tvangsekteskap")
    assert w.walk.current.id == "kompetanseteamet"
    assert {KOMPETANSETEAMET, BARNEVERN, POLICE} <= w.numbers
    assert "reise" in handbook.flow.node("kompetanseteamet").supplement  # police if the travel is imminent


def test_5_raped_last_weekend_and_will_not_report(handbook):
    w = Walked(handbook, "Nei", "En voksen", "voldtekt")
    assert {OVERGREPSMOTTAKET, LEGEVAKT} <= w.numbers
    node = w.walk.current
    assert "anmelde" in node.text  # help without a police report
    assert "bestemmer selv" in node.detail and "avvergingsplikten" in node.detail  # she decides, unless
    assert "veileder/taushetsplikt" in w.cards


def test_6_strangled_and_struggling_to_breathe(handbook):
    w = Walked(handbook, "puster dårlig")
    assert w.within(MEDICAL) <= 2 and w.within(POLICE) <= 2
    node = w.walk.current
    assert node.urgent and primary_number(node, w.contacts)[1].digits == MEDICAL
    assert "kvelertak" in node.detail and "dokumenteres" in node.detail
    assert "veileder/legehjelp-og-dokumentasjon" in w.cards


# -- our own scenarios of the same kind -------------------------------------------


def test_husband_is_hitting_her_right_now(handbook):
    """Violence going on as the worker arrives: the emergency number at once, largest."""
    w = Walked(handbook, "angrepet")
    assert w.within(POLICE) == 1
    node = w.walk.current
    assert primary_number(node, w.contacts)[1].digits == POLICE


def test_teenager_says_her_stepfather_hits_her_mother_does_not_know(handbook):
    w = Walked(handbook, "Nei", "ungdom", "Neste", "Nei", "noen å snakke med")
    assert {BARNEVERN, POLICE, ALARMTELEFONEN} <= w.numbers


def test_demented_man_locked_in_by_his_wife(handbook):
    """Social violence against an older client: Vern for eldre first, then protection."""
    w = Walked(handbook, "Nei", "eldre", "Neste", "Beskyttelse")
    assert w.within(VERN_FOR_ELDRE) == 2 and w.within(KISIF) <= 4
    assert NON_URGENT_POLICE in w.numbers


def test_older_woman_whose_daughter_takes_her_money_worker_unsure(handbook):
    w = Walked(handbook, "Nei", "eldre", "Neste", "Råd", "Neste", "usikker")
    assert {VERN_FOR_ELDRE, KISIF} <= w.numbers
    node = w.walk.current
    assert "lederen" in node.text and "samtykke" in node.detail and "§ 23 nr. 4" in node.detail
    assert "veileder/taushetsplikt" in w.cards


def test_client_wants_to_get_away_from_a_violent_partner(handbook):
    w = Walked(handbook, "Nei", "En voksen", "trygt sted")
    assert w.within(KISIF) == 3 and NON_URGENT_POLICE in w.numbers


def test_clients_son_hits_and_wants_help_to_stop(handbook):
    w = Walked(handbook, "Nei", "utøver vold")
    assert {ATV, REFORM} <= w.numbers


def test_client_injured_after_violence_police_already_called(handbook):
    w = Walked(handbook, "skadet", "Neste", "En voksen", "Legehjelp", "Neste", "allerede varslet", "Nei")
    assert {MEDICAL, LEGEVAKT} <= w.numbers and w.walk.current.is_end


def test_a_night_visit_when_the_child_welfare_office_is_closed(handbook):
    """No out-of-hours barnevern number is confirmed by a public source: the step says to call the police."""
    node = handbook.flow.node("meld-barnevernet")
    assert "Utenom barnevernets kontortid: ring politiets nødnummer" in node.supplement
    assert "politiet" in node.contacts


# -- rules for every path, whatever the words ---------------------------------------


def _distances(flow) -> dict[str, int]:
    """Fewest choices (answers and "Neste" presses) from the start to each step."""
    dist = {flow.start: 0}
    queue = deque([flow.start])
    while queue:
        nid = queue.popleft()
        for _, target in flow.node(nid).targets():
            if target in flow and target not in dist:
                dist[target] = dist[nid] + 1
                queue.append(target)
    return dist


@pytest.mark.parametrize(
    "contact_id", ["politiet", "barnevernstjenesten", "medisinsk-nodnummer", "vern-for-eldre", "kisif"]
)
def test_the_key_helpers_are_at_most_three_choices_from_the_start(handbook, contact_id):
    flow = handbook.flow
    dist = _distances(flow)
    nearest = min(d for nid, d in dist.items() if contact_id in flow.node(nid).contacts)
    assert nearest <= 3, (contact_id, nearest)


def test_the_workers_own_safety_is_at_most_two_choices_away_from_the_start(handbook):
    flow = handbook.flow
    assert _distances(flow)["egen-sikkerhet"] <= 2
    assert flow.node("egen-sikkerhet").card == "veileder/egen-sikkerhet"


def test_no_path_that_starts_with_a_child_leaves_an_adult_without_the_police(handbook):
    """Every path through a 'child' answer shows the police, and asks about an adult in the same home."""
    flow = handbook.flow
    child_paths = [
        p for p in flow.all_paths()
        if any(flow.node(a).kind == "question" and "barn" in label.lower() and "under 18" in label.lower()
               for a, b in zip(p, p[1:]) for label, t in flow.node(a).targets() if t == b)
    ]
    assert child_paths
    for path in child_paths:
        assert any("politiet" in flow.node(n).contacts for n in path), path
        assert "voksen-ogsa" in path, path


def test_children_who_witness_violence_count_on_every_adult_path(handbook):
    """Every path for an adult or an older person asks about children in the home before it ends."""
    flow = handbook.flow
    for path in flow.all_paths():
        if "hjelp" in path or "utover" in path:
            assert "barn-i-hjemmet" in path or "meld-barnevernet" in path, path
    question = flow.node("barn-i-hjemmet")
    assert "ser eller hører" in question.text


def test_every_path_ends_in_a_last_step_that_says_so(handbook):
    flow = handbook.flow
    from handbook.content.flow import END_NOTE

    ends = {p[-1] for p in flow.all_paths()}
    for end in ends:
        node = flow.node(end)
        assert node.is_end
        assert END_NOTE in handbook.section(node.section_id).text


def test_every_help_list_entry_can_be_reached_in_the_chart(handbook):
    flow = handbook.flow
    shown = {cid for n in flow.nodes for cid in n.contacts}
    assert shown == {c.id for c in handbook.contacts}


def test_urgent_steps_show_an_emergency_number_largest_and_others_never(handbook):
    contacts = {c.id: c for c in handbook.contacts}
    for node in handbook.flow.nodes:
        primary = primary_number(node, contacts)
        if primary is None:
            continue
        if node.urgent:
            assert primary[1].digits in EMERGENCY, node.id
        elif any(n.digits not in EMERGENCY for n in primary[0].numbers):
            assert primary[1].digits not in EMERGENCY, node.id


def test_every_older_person_path_passes_vern_for_eldre_before_any_need(handbook):
    """Finding 3: 'Legehjelp' or 'Beskyttelse' for an older client used to skip Vern for eldre."""
    flow = handbook.flow
    for path in flow.all_paths():
        if "vern-for-eldre" in path:
            assert path.index("vern-for-eldre") < path.index("hjelp"), path


def test_acute_answers_each_lead_to_an_urgent_step(handbook):
    first = handbook.flow.node(handbook.flow.start)
    for a in first.answers:
        if a.label.startswith("Ja"):
            assert handbook.flow.node(a.goto).urgent, a.label
