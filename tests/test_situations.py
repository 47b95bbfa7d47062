"""The situation layer: a worker's own words find what to do and whom to call.

Relevance is asserted on our own query sets (never the shared ones, never
wall-clock time): tests/situational_queries.json is what the layer was tuned
on, tests/situational_heldout.json was written at the same time and never tuned on, and
tests/situational_heldout_2.json was written with round 2's additions to the tuning set (the kinds
a blind evaluation found weak) and never tuned on either.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from handbook.content import ContentError, load_handbook
from handbook.search import SearchEngine

HERE = Path(__file__).parent
TUNING = HERE / "situational_queries.json"
HELD_OUT = HERE / "situational_heldout.json"
HELD_OUT_2 = HERE / "situational_heldout_2.json"
WHO = ["barn", "partner", "eldre", "ansatt"]
WHAT = ["skade", "seksuelle overgrep", "tvangsekteskap", "trusler", "penger", "innesperring", "redsel",
        "vil bort", "vil slutte"]
_DIGIT_GAP = re.compile(r"(?<=\d)\s+(?=\d)")


def _norm(s: str) -> str:
    return _DIGIT_GAP.sub("", s.lower())


def _rank(engine, item) -> int | None:
    """Rank of the first relevant hit, by the rule of ../shared/tools/eval_search.py."""
    for i, hit in enumerate(engine.search(item["q"], limit=10), 1):
        hay = _norm(hit.title + " " + hit.text)
        if any(all(_norm(t) in hay for t in group) for group in item["any"]):
            return i
    return None


def _load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def concepts(engine, text):
    return {cid for cid, _ in engine.situation(text).concepts}


# -- the query sets -----------------------------------------------------------------


def test_query_sets_cover_every_who_and_what_and_do_not_overlap():
    tuning, held, held2 = _load(TUNING), _load(HELD_OUT), _load(HELD_OUT_2)
    assert len(tuning) >= 90 and len(held) >= 20 and len(held2) >= 12
    texts = [{q["q"] for q in s} for s in (tuning, held, held2)]
    assert not (texts[0] & texts[1] or texts[0] & texts[2] or texts[1] & texts[2])
    held += held2
    pairs = {(q["who"], q["what"]) for q in tuning + held}
    assert set(itertools.product(WHO, WHAT)) <= pairs
    for q in tuning + held:
        assert q["any"] and all(group for group in q["any"]), q


@pytest.mark.parametrize(
    "path, hit3, mrr",
    [(TUNING, 0.90, 0.80), (HELD_OUT, 0.85, 0.75), (HELD_OUT_2, 0.85, 0.75)],
    ids=["tuning", "held-out", "held-out-2"],
)
def test_own_situations_find_the_answer_in_the_top_3(engine, path, hit3, mrr):
    ranks = [_rank(engine, q) for q in _load(path)]
    assert sum(1 for r in ranks if r and r <= 3) / len(ranks) >= hit3
    assert sum(1 / r for r in ranks if r) / len(ranks) >= mrr


# -- what a hit says -------------------------------------------------------------------


def test_a_hit_says_which_concept_brought_it(engine):
    top = engine.search("gutten sier at pappa slår ham", limit=3)
    assert any("barnevernstjenesten" in h.contacts for h in top)
    first = top[0]
    assert "barn" in [r.label for r in first.because]
    assert first.to_json()["because"] == [r.label for r in first.because]


def test_words_alone_bring_no_reasons(engine):
    assert all(not h.because for h in engine.search("strategi 2", limit=5))


def test_an_injury_brings_medical_help_before_any_definition(engine):
    hits = engine.search("bruker har sår i ansiktet", limit=5)
    assert hits[0].kind != "violence" and hits[0].contacts
    assert "follo-legevakt" in {c for h in hits[:3] for c in h.contacts}


def test_a_child_and_violence_lead_to_the_child_duty_first(engine):
    first = engine.search("far slår og barna ser på", limit=1)[0]
    assert "barnevernstjenesten" in first.contacts


def test_an_older_person_and_money_lead_to_vern_for_eldre(engine):
    hits = engine.search("sønnen tar pensjonen til moren", limit=3)
    assert any("vern-for-eldre" in h.contacts for h in hits)
    assert {"eldre", "penger"} <= concepts(engine, "sønnen tar pensjonen til moren")


def test_a_keyword_keeps_its_definition_first_and_adds_what_to_do(engine):
    hits = engine.search("slår", limit=3)
    assert hits[0].id == "voldsformer#fysisk-vold"
    assert any(h.kind in {"card", "flow", "contact"} for h in hits[1:])
    blue = engine.search("blåmerker", limit=3)  # used to give the definition alone
    assert "follo-legevakt" in {c for h in blue for c in h.contacts}


def test_a_question_for_a_fact_is_answered_by_the_plan(engine):
    assert engine.search("hvor mange kvinner blir voldtatt", limit=1)[0].page.startswith("plan/")


# -- how words are recognised -------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, concept",
    [
        ("blåmerkene", "skade"),  # inflection
        ("blamerker", "skade"),  # no æøå
        ("sonnen tar pensjonen", "eldre"),
        ("blåmerkr på armen", "skade"),  # one typo in a word the handbook does not know
        ("ansiktssår", "skade"),  # an unknown compound, by its last part
        ("blåm", "skade"),  # the word being typed
        ("han låser henne inne", "innesperring"),  # a phrase with a word inside it
        ("han truet meg", "ansatt"),  # 'meg' next to what happened
        ("gutten på 7", "barn"),  # an age
        ("mannen er 84 år gammel", "eldre"),
        ("de vil gifte bort datteren", "tvangsekteskap"),
        ("hun får truende meldinger", "trusler"),  # a present participle: 'truende' is 'truer'
        ("skremmende oppførsel", "trusler"),
        ("han ble dytta", "vold"),  # dialect past tense
        ("familien har bestemt hvem hun skal gifte seg med", "tvangsekteskap"),  # a phrase with "…" inside
        ("jeg er redd for at jeg kommer til å skade henne", "vil-slutte"),
        ("han sprer nakenbilder av henne", "digital"),
    ],
)
def test_concept_words_are_found_as_the_index_finds_words(engine, typed, concept):
    assert concept in concepts(engine, typed)


@pytest.mark.parametrize(
    "typed, concept",
    [
        ("blåm ", "skade"),  # a finished word is not completed
        ("jeg er bekymret", "ansatt"),  # 'jeg' alone is not the worker's own safety
        ("voldtekt før 13 år", "barn"),  # a number of years is not an age
        ("vold", "seksuelle-overgrep"),  # 'voldta' must not come to mean 'vold'
        ("låser døra", "innesperring"),
        ("hun tør ikke dra hjem", "ansatt"),  # a third person is not the worker: no jeg/meg/oss/besøk
        ("brukeren blir truet av mannen", "ansatt"),
        ("hun er redd han skal skade henne", "vil-slutte"),  # her fear of him, not his wish to stop
        ("barnebarnet hjelper bestemor", "barn"),  # a grandchild of unknown age is not a child
    ],
)
def test_concept_words_do_not_match_too_much(engine, typed, concept):
    assert concept not in concepts(engine, typed)


def test_contact_names_show_their_number_first_while_typed(engine, handbook):
    """Every help-list name typed letter by letter shows its number in the first hit from the 5th letter."""
    misses = []
    for contact in handbook.contacts:
        for n in range(5, len(contact.name) + 1):
            hits = engine.search(contact.name[:n], limit=1)
            if not hits or contact.id not in hits[0].contacts:
                misses.append(contact.name[:n])
    assert misses == []


@pytest.mark.parametrize("typed", ["krisesentr", "krisese", "krisesen", "krisesenter"])
def test_a_typo_or_half_word_in_a_service_name_still_finds_its_number(engine, typed):
    assert "kisif" in engine.search(typed, limit=1)[0].contacts


def test_flowchart_snippets_do_not_end_in_navigation(engine, handbook):
    for node in handbook.flow.nodes:
        hits = [h for h in engine.search(node.text, limit=5) if h.kind == "flow"]
        for h in hits:
            assert not re.search(r"(Les mer|Bygger på|Så):\s*\S+\s*…?$", h.marked.text), h.marked.text


# -- the file a coordinator edits ------------------------------------------------------------


def _edit(tmp_content, old, new):
    path = tmp_content / "situasjoner.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text.replace(old, new, 1)


def test_a_word_added_by_the_coordinator_is_recognised(tmp_content):
    before = load_handbook(tmp_content)
    with SearchEngine.open(before, shipped=None, cache=None) as eng:
        assert "vold" not in concepts(eng, "han dænger kona")
    _edit(tmp_content, "words: [slår, slå,", "words: [dænger, slår, slå,")
    after = load_handbook(tmp_content)
    with SearchEngine.open(after, shipped=None, cache=None) as eng:
        assert "vold" in concepts(eng, "han dænger kona")
        assert "vold" in concepts(eng, "han daenger kona")  # and as folded as any other word
        assert any(r.concept == "vold" for h in eng.search("han dænger kona", limit=5) for r in h.because)


def _line(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


@pytest.mark.parametrize(
    "old, new, needle, says",
    [
        ("contacts: [barnevernstjenesten, alarmtelefonen]", "contacts: [barnevernet, alarmtelefonen]",
         "contacts: [barnevernet", "'barnevernet' under 'contacts' finnes ikke i hjelpeliste.yaml"),
        ("cards: [veileder/taushetsplikt]", "cards: [veileder/taushet]",
         "cards: [veileder/taushet]", "'veileder/taushet' under 'cards' finnes ikke"),
        ("forms: [okonomisk-vold]", "forms: [pengevold]", "forms: [pengevold]", "'pengevold' under 'forms'"),
        ("kind: who\n    label: eldre", "kind: hvem\n    label: eldre", "kind: hvem", "'kind' må være who"),
        ("label: eldre\n", "label: eldre\n    colour: red\n", "colour: red", "ukjent nøkkel 'colour'"),
        ("ages: {from: 62, to: 130}", "ages: {from: 62, to: 12}", "ages: {from: 62, to: 12}", "'ages' må være"),
        ("weight: 1.5\n    words: [eldre", "weight: 9\n    words: [eldre", "weight: 9", "'weight' må være et tall"),
        ("words: [rømme, flytte fra,", "words: [rømme, rømme, flytte fra,", "words: [rømme, rømme", "'rømme' står to ganger"),
        ("words: [krisesenter, krisesenteret,", "words: [krisesenter, '?!',", "words: [krisesenter, '?!'",
         "ikke er et ord søket kan bruke"),
        ("id: vil-bort", "id: vil-slutte", "id: vil-slutte\n    kind: what\n    label: vil slutte",
         "'vil-slutte' er brukt to ganger (første gang på linje"),
        ("overrides: [vil-slutte]\n    contacts: [kisif]\n    sources:",
         "overrides: [vil-stoppe]\n    contacts: [kisif]\n    sources:",
         "overrides: [vil-stoppe]", "'vil-stoppe' under 'overrides' er ikke et annet begrep"),
        ("label: eldre\n", "label: eldre\n    act: true\n", "act: true\n    weight: 1.5", "passer bare for et «what»-begrep"),
    ],
)
def test_mistakes_in_the_concepts_name_file_line_and_fix(tmp_content, old, new, needle, says):
    text = _edit(tmp_content, old, new)
    with pytest.raises(ContentError) as err:
        load_handbook(tmp_content)
    messages = [str(p) for p in err.value.problems if p.file == "situasjoner.yaml"]
    assert any(says in m for m in messages), messages
    line = _line(text, needle)
    assert any(m.startswith(f"situasjoner.yaml:{line}: ") and says in m for m in messages), (line, messages)


def test_a_concept_that_leads_nowhere_is_refused(tmp_content):
    _edit(tmp_content, "    cards: [veileder/taushetsplikt]\n", "")
    with pytest.raises(ContentError) as err:
        load_handbook(tmp_content)
    assert any("fører ingen steder" in str(p) for p in err.value.problems)


def test_the_concepts_file_is_optional(tmp_content):
    (tmp_content / "situasjoner.yaml").unlink()
    hb = load_handbook(tmp_content)
    assert hb.concepts == ()
    with SearchEngine.open(hb, shipped=None, cache=None) as eng:
        assert eng.search("bruker har sår i ansiktet")  # words still work


# -- who was harmed, who acted, who is asking ------------------------------------------------


def _contacts(engine, text, n):
    return {c for h in engine.search(text, limit=n) for c in h.contacts}


def _own_safety(hit) -> bool:
    return hit.id == "flyt#egen-sikkerhet" or hit.page == "veileder/egen-sikkerhet"


@pytest.mark.parametrize(
    "typed",
    [
        "han ber om hjelp fordi han blir så sint at han slår",
        "jeg er redd for å skade kona mi",
        "samboeren angrer etter at han slo og vil gå i behandling",
    ],
)
def test_one_who_hits_and_wants_help_to_stop_gets_that_help_first(engine, typed):
    assert {"atv-follo", "reform", "familievernkontoret"} & set(engine.search(typed, limit=1)[0].contacts)


def test_a_victim_who_wants_to_leave_keeps_her_own_help_first(engine):
    assert "kisif" in engine.search("hun vil flytte fra mannen som slår", limit=1)[0].contacts


@pytest.mark.parametrize(
    "typed",
    ["hun tør ikke dra hjem", "brukeren blir låst inne", "kona blir stengt inne av mannen",
     "jeg er redd for at han slår henne",  # the worker's worry for someone else
     "hun var på besøk hos sønnen og ble slått"],
)
def test_a_third_person_is_not_taken_for_the_worker(engine, typed):
    assert not any(_own_safety(h) for h in engine.search(typed, limit=3))


@pytest.mark.parametrize(
    "typed",
    ["jeg gruer meg til neste besøk", "pårørende var truende mot oss", "en bruker tok meg på rumpa",
     "jeg ble tafset på av en pasient", "brukeren kom med seksuelle kommentarer til meg"],
)
def test_the_worker_herself_finds_her_own_safety(engine, typed):
    assert any(_own_safety(h) for h in engine.search(typed, limit=3))


def test_when_the_worker_is_harmed_her_safety_comes_before_the_services_for_victims(engine):
    assert _own_safety(engine.search("en bruker tok meg på brystet", limit=1)[0])


@pytest.mark.parametrize(
    "typed, found, not_found",
    [
        ("bestefar slår barnebarnet", "barn", "eldre"),  # the one after the act was harmed
        ("barnebarnet på 4 har blåmerker", "barn", "eldre"),  # the injuries are the grandchild's
        ("barnebarnet tar pengene til bestemor", "eldre", "barn"),
        ("bestemor blir truet av barnebarnet", "eldre", "barn"),  # "av": the grandchild did it
        ("svigersønnen styrer pengene til den gamle mannen", "eldre", "barn"),
    ],
)
def test_kinship_words_say_who_was_harmed(engine, typed, found, not_found):
    """The one harmed counts; the one who acted counts little or not at all."""
    strength = dict(engine.situation(typed).concepts)
    assert strength.get(found, 0.0) > 2 * strength.get(not_found, 0.0), strength


def test_a_grandchild_harmed_leads_to_the_child_duty_first(engine):
    assert "barnevernstjenesten" in engine.search("bestefar slår barnebarnet når de er alene", limit=1)[0].contacts
    assert "vern-for-eldre" in engine.search("barnebarnet tar pengene til bestemor", limit=1)[0].contacts


def test_threats_and_images_online_lead_to_the_police_and_kisif_before_the_definition(engine):
    for typed in ("eksen sender truende meldinger hele tiden", "han har lagt ut nakenbilder av henne"):
        hits = engine.search(typed, limit=5)
        assert {"politiet", "kisif"} & set(hits[0].contacts), [h.id for h in hits]
        ids = [h.id for h in hits]
        if "voldsformer#digital-vold" in ids:
            assert ids.index("voldsformer#digital-vold") > 0


def test_forced_marriage_said_indirectly_finds_the_competence_team(engine):
    for typed in ("hun må gifte seg med fetteren sin", "foreldrene har bestemt hvem hun skal gifte seg med"):
        assert "kompetanseteamet" in _contacts(engine, typed, 1)


def test_a_push_with_symptoms_brings_medical_help_first(engine):
    assert {"medisinsk-nodnummer", "follo-legevakt"} & _contacts(engine, "hun kaster opp etter at han dyttet henne", 1)
