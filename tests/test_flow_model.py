"""The flowchart as content: its validation, its required paths and its page. No Qt."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from handbook.content import ContentError, load_handbook
from handbook.content.export import export_records
from handbook.flowchart.walk import FlowWalk

ROOT = Path(__file__).resolve().parent.parent


def _flow_data(content: Path) -> dict:
    return yaml.safe_load((content / "flyt.yaml").read_text(encoding="utf-8"))


def _write(content: Path, data: dict) -> None:
    (content / "flyt.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _node(data: dict, node_id: str) -> dict:
    return next(n for n in data["nodes"] if n["id"] == node_id)


def _flow_problems(content: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_handbook(content)
    return [p.message for p in info.value.problems if p.file == "flyt.yaml"]


def _break_goto(d):
    next(a for a in _node(d, "akutt")["answers"] if a["label"].startswith("Nei"))["goto"] = "finnes-ikke"


def _break_contact(d):
    _node(d, "ring-112")["contacts"] = ["politi"]


def _break_reach(d):
    d["nodes"].append({"id": "glemt", "kind": "action", "text": "Et steg ingen peker på.",
                       "source": "plan/5-hvor-kan-du-fa-hjelp", "contacts": ["kisif"]})


def _break_answers(d):
    _node(d, "barn-fare")["answers"] = _node(d, "barn-fare")["answers"][:1]


def _break_action(d):
    n = _node(d, "utover")
    n.pop("contacts")
    n.pop("next")


def _break_cycle(d):
    _node(d, "skriv-ned")["next"] = "akutt"


def _break_source(d):
    _node(d, "meld-barnevernet")["source"] = "plan/4-plikt-til-a-handle#finnes-ikke"


def _break_card(d):
    _node(d, "ring-112")["card"] = "veileder/finnes-ikke"


def _break_phone(d):
    _node(d, "beskyttelse")["text"] = "Ring KISIF på 64 97 23 00."


def _break_next(d):
    _node(d, "usikker")["next"] = "hjelpen"


def _break_law_looks_fine(d):
    """A legal reference is not a phone number, but a number beside it still is."""
    _node(d, "avverge")["supplement"] += " Ring 64 97 23 00 (straffeloven § 196)."


def _break_sources(d):
    _node(d, "ring-112").pop("sources")


def _break_form(d):
    _node(d, "avhengig")["forms"] = ["okonomisk-volt"]


def _break_about(d):
    _node(d, "hvem")["answers"][0]["about"] = "barnet"


def _break_record(d):
    _node(d, "egen-sikkerhet")["record"] = "Ring 64 97 23 00 og skriv avvik."


@pytest.mark.parametrize(
    ("breaker", "node_id", "fix"),
    [
        (_break_goto, "akutt", "goto 'finnes-ikke' viser ikke til noe steg. Bruk en av: "),
        (_break_contact, "ring-112", "kontakten 'politi' finnes ikke i hjelpeliste.yaml. Bruk en av: "),
        (_break_reach, "glemt", "kan ikke nås fra start 'akutt'"),
        (_break_answers, "barn-fare", "et spørsmål trenger minst to svar"),
        (_break_action, "utover", "trenger noen å kontakte eller et neste steg"),
        (_break_cycle, "akutt", "er del av en sløyfe"),
        (_break_source, "meld-barnevernet", "source 'plan/4-plikt-til-a-handle#finnes-ikke' peker ikke til noen side eller seksjon"),
        (_break_card, "ring-112", "card 'veileder/finnes-ikke' peker ikke til noen side eller seksjon"),
        (_break_phone, "beskyttelse", "Skriv telefonnumre bare i hjelpeliste.yaml"),
        (_break_next, "usikker", "next 'hjelpen' viser ikke til noe steg"),
        (_break_law_looks_fine, "avverge", "'supplement' inneholder et nummer ('64 97 23 00')"),
        (_break_sources, "ring-112", "ikke er fra planen, må oppgi offentlige kilder"),
        (_break_form, "avhengig", "voldsformen 'okonomisk-volt' finnes ikke i voldsformer.yaml. Bruk en av: "),
        (_break_about, "hvem", "about 'barnet' har ingen linje under 'records:'"),
        (_break_record, "egen-sikkerhet", "'record' inneholder et nummer ('64 97 23 00')"),
    ],
)
def test_broken_flow_is_refused_naming_file_node_and_fix(tmp_content, breaker, node_id, fix):
    data = _flow_data(tmp_content)
    breaker(data)
    _write(tmp_content, data)
    messages = _flow_problems(tmp_content)
    assert any(f"steg '{node_id}'" in m and fix in m for m in messages), messages


def test_records_without_sources_and_an_unknown_not_for_are_refused(tmp_content):
    """The «where to write» lines are beyond the plan (sources required); a contact's not_for names
    someone an answer is about, or the coordinator hears which ones there are."""
    data = _flow_data(tmp_content)
    data.pop("record_sources")
    _write(tmp_content, data)
    help_list = tmp_content / "hjelpeliste.yaml"
    help_list.write_text(help_list.read_text(encoding="utf-8").replace("not_for: [barn, voksen]", "not_for: [barn, gammel]"),
                         encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_handbook(tmp_content)
    messages = [(p.file, p.message) for p in info.value.problems]
    assert any(f == "flyt.yaml" and "'records' er ikke fra planen" in m and "record_sources" in m for f, m in messages), messages
    assert any(f == "hjelpeliste.yaml" and "not_for 'gammel'" in m and "barn, eldre" in m for f, m in messages), messages


def test_cycle_message_shows_the_loop(tmp_content):
    data = _flow_data(tmp_content)
    _break_cycle(data)
    _write(tmp_content, data)
    loop = next(m for m in _flow_problems(tmp_content) if "sløyfe" in m)
    assert "skriv-ned → " in loop and "endre én 'goto:' eller 'next:'" in loop


def test_check_command_names_flyt_yaml(tmp_content, capsys):
    from handbook.cli import main

    data = _flow_data(tmp_content)
    _break_goto(data)
    _write(tmp_content, data)
    assert main(["--content", str(tmp_content), "check"]) == 1
    err = capsys.readouterr().err
    # The line is that of the step's 'id:' (the flowchart's checks name the entry; the loader finds its line).
    assert re.search(r"flyt\.yaml:\d+: steg 'akutt', svar 'Nei, ikke akkurat nå': goto 'finnes-ikke' viser ikke til noe steg", err), err
    assert "Traceback" not in err


def test_real_flow_loads(handbook):
    flow = handbook.flow
    assert flow is not None and flow.start == "akutt"
    assert set(flow.reachable()) == {n.id for n in flow.nodes}


def test_every_path_ends_in_a_last_step_after_someone_to_call(handbook):
    flow = handbook.flow
    paths = flow.all_paths()
    assert len(paths) > 10
    for path in paths:
        assert flow.node(path[-1]).is_end, path
        assert any(flow.node(n).contacts for n in path), f"{path}: the path must say who to contact"


def _path_to_contact(flow, contact_id):
    return [p for p in flow.all_paths() if any(contact_id in flow.node(n).contacts for n in p)]


@pytest.mark.parametrize(
    ("node_id", "contacts"),
    [
        ("ring-112", {"politiet", "medisinsk-nodnummer"}),
        ("ring-113", {"medisinsk-nodnummer", "politiet"}),
        ("egen-sikkerhet", {"politiet"}),
        ("meld-barnevernet", {"barnevernstjenesten", "alarmtelefonen", "politiet"}),
        ("varsle-politiet", {"politiet", "kisif"}),
        ("barn-i-hjemmet-meld", {"politiet", "barnevernstjenesten", "alarmtelefonen", "kisif"}),
        ("usikker-barn", {"barnevernstjenesten", "alarmtelefonen", "politiet"}),
        ("legehjelp", {"follo-legevakt"}),
        ("overgrep", {"overgrepsmottaket", "follo-legevakt"}),
        ("beskyttelse", {"kisif", "politiet"}),
        ("vern-for-eldre", {"vern-for-eldre"}),
        ("kompetanseteamet", {"kompetanseteamet", "politiet"}),
        ("kompetanseteamet-barn", {"kompetanseteamet", "barnevernstjenesten", "alarmtelefonen", "politiet"}),
        ("avhengig", {"politiet", "vern-for-eldre"}),
        ("annen-voksen", {"kisif", "politiet"}),
        ("utover", {"atv-follo", "reform", "politiet"}),
        ("rad", {"kisif", "stottesenter", "dinutvei"}),
        ("barn-politiet", {"politiet", "alarmtelefonen", "barnevernstjenesten", "kisif"}),
        ("okonomisk", {"vern-for-eldre", "politiet", "stottesenter"}),
    ],
)
def test_required_paths_reach_the_right_help(handbook, node_id, contacts):
    flow = handbook.flow
    node = flow.node(node_id)
    assert node is not None and node.kind == "action"
    assert contacts <= set(node.contacts)
    assert flow.path_to(node_id)[0] == "akutt"


def test_acute_danger_is_the_first_question_and_one_answer_from_112(handbook):
    flow = handbook.flow
    walk = FlowWalk(flow)
    assert "akutt fare" in walk.current.text
    assert walk.answer(0) and walk.current.id == "ring-112" and walk.current.urgent
    police = handbook.contact("politiet")
    assert police.numbers[0].digits == "112"


def test_child_step_says_you_need_not_be_sure(handbook):
    node = handbook.flow.node("meld-barnevernet")
    assert "Du trenger ikke være sikker" in node.text
    assert "https://www.barnevernvakten.no/bekymringsmelding" in node.detail
    assert node.card == "veileder/opplysningsplikt-barnevernet"


def test_avvergingsplikt_step_overrides_confidentiality(handbook):
    node = handbook.flow.node("varsle-politiet")
    assert "opphever eventuell taushetsplikt" in node.detail
    assert node.card == "veileder/avvergingsplikt"


@pytest.mark.parametrize("node_id", ["avverge", "varsle-politiet"])
def test_the_plans_avverge_sentence_has_the_legal_threshold_beside_it(handbook, node_id):
    """Finding 6: the plan's 'tror du, eller vet du' stays, the law's threshold stands beside it, marked."""
    node = handbook.flow.node(node_id)
    assert "tror" in (node.text + node.detail).lower()
    assert "sikkert eller mest sannsynlig" in node.supplement
    assert "§ 196" in node.supplement and node.sources


def test_every_step_rests_on_the_plan_or_a_sourced_card(handbook):
    for node in handbook.flow.nodes:
        for ref in filter(None, (node.source, node.card)):
            section = handbook.section(ref)
            page = handbook.page(section.page if section else ref)
            assert page is not None, (node.id, ref)
            if page.kind != "plan":
                assert page.kind == "card" and page.supplementary and page.sources, (node.id, ref)
        if node.source and handbook.page(node.source.split("#")[0]).kind == "card":
            assert node.has_supplementary, f"{node.id} rests on a supplementary card and must be marked"


def test_steps_beyond_the_plan_are_marked_with_their_sources(handbook):
    """Finding 10: 'tell your leader, write it down', 113 and the worker's own safety are not in the plan."""
    for node_id in ("skriv-ned", "ring-113", "egen-sikkerhet", "overgrep", "usikker"):
        node = handbook.flow.node(node_id)
        assert node.supplementary and node.sources, node_id
        assert all(s.url.startswith("https://") for s in node.sources), node_id
        section = handbook.section(node.section_id)
        assert "Utfyllende veiledning – ikke en del av den vedtatte planen" in section.text
    for node_id in ("legehjelp", "kompetanseteamet", "vern-for-eldre", "meld-barnevernet", "beskyttelse"):
        node = handbook.flow.node(node_id)
        assert node.supplement and node.sources, node_id
    assert "lederen" in handbook.flow.node("skriv-ned").text


def test_documentation_goes_to_the_record_not_a_private_note(handbook):
    """Finding 8: health staff record observations in the patient record (hpl §§ 39–40)."""
    node = handbook.flow.node("skriv-ned")
    assert "journalen hennes eller hans" in node.detail and "§§ 39 og 40" in node.detail
    assert "ikke i en brukers journal" in node.detail  # a colleague's or another's story is not the client's record
    card = handbook.page("veileder/nar-du-er-bekymret")
    text = " ".join(s.text for s in card.sections)
    assert "pasientjournal" in text and "Oppbevar notatet trygt" not in text


def test_no_phone_number_is_written_in_flyt_yaml(content_dir):
    """Numbers come from hjelpeliste.yaml only; ids such as 'ring-112' are names, not text.
    A legal reference ('§ 196', '§§ 282 og 283') is not a number to dial."""
    data = _flow_data(content_dir)
    texts = [data.get("intro", "")]
    for n in data["nodes"]:
        texts += [n.get("text", ""), n.get("detail", ""), n.get("supplement", ""), *n.get("keywords", [])]
        texts += [a["label"] for a in n.get("answers", [])]
    for comment in re.findall(r"#.*", (content_dir / "flyt.yaml").read_text(encoding="utf-8")):
        texts.append(comment)
    law = re.compile(r"§§?\s*\d+(?:\s*(?:og|–|-)\s*\d+)*")
    assert not [t for t in texts if re.search(r"\d[\d ]{1,}\d", law.sub("§", t))]


def test_a_step_links_to_the_definitions_it_names(handbook):
    section = handbook.section("flyt#avhengig")
    assert "Hva er det?" in section.text and "Sosial vold" in section.text
    money = handbook.section("flyt#okonomisk")
    assert "Hva er det? Økonomisk vold" in money.text and "voldsformer#okonomisk-vold" in money.html


def test_every_step_is_exported_as_a_section(handbook):
    records = {r["id"]: r for r in export_records(handbook)}
    for node in handbook.flow.nodes:
        record = records[f"flyt#{node.id}"]
        assert record["page"] == "flyt" and record["anchor"] == node.id
        assert record["title"] == " ".join(node.text.split())
    assert "112" in records["flyt#ring-112"]["text"]
    assert "113" in records["flyt#ring-113"]["text"]
    assert "95 93 96 37" in records["flyt#meld-barnevernet"]["text"]
    assert "Dette er siste steg" in records["flyt#skriv-ned"]["text"]
    section = handbook.section("flyt#ring-112")
    assert section.kind == "flow" and "akutt fare" in section.keywords


def test_walk_back_restart_and_jump(handbook):
    walk = FlowWalk(handbook.flow)
    assert walk.answer(4) and walk.answer(0)
    assert walk.steps == ["akutt", "hvem", "meld-barnevernet"]
    assert walk.choices == ["Nei, ikke akkurat nå", "Et barn eller en ungdom under 18 år – også et barn som ser eller hører vold"]
    assert walk.back() and walk.current.id == "hvem"
    walk.restart()
    assert walk.steps == ["akutt"] and not walk.back()
    assert walk.jump("vern-for-eldre")
    assert walk.steps[0] == "akutt" and walk.steps[-1] == "vern-for-eldre"
    assert len(walk.choices) == len(walk.steps) - 1
    assert not walk.jump("finnes-ikke")


@pytest.mark.parametrize("module", ["handbook/content/flow.py", "handbook/ui/flow/layout.py"])
def test_model_and_layout_import_no_qt(module):
    tree = ast.parse((ROOT / module).read_text(encoding="utf-8"))
    names = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    names += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert not [n for n in names if n.startswith("PySide6")]


_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12))
_values = st.recursive(_scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)
_node_dicts = st.fixed_dictionaries(
    {},
    optional={
        "id": st.one_of(st.sampled_from(["a", "b", "c", "ring-112", "Bad Id"]), _scalars),
        "kind": st.one_of(st.sampled_from(["question", "action", "info", "other"]), _scalars),
        "text": _values,
        "source": st.one_of(st.sampled_from(["plan/4-plikt-til-a-handle", "nope"]), _scalars),
        "answers": st.one_of(
            st.lists(st.fixed_dictionaries({}, optional={"label": _values, "goto": st.sampled_from(["a", "b", "x"])}), max_size=3),
            _values,
        ),
        "contacts": st.one_of(st.lists(st.sampled_from(["politiet", "ukjent"]), max_size=2), _values),
        "next": st.one_of(st.sampled_from(["a", "b", "c", "x"]), _scalars),
        "card": _values,
        "detail": _values,
        "keywords": _values,
        "extra": _values,
    },
)


@settings(max_examples=200, deadline=None)
@given(st.one_of(_values, st.fixed_dictionaries({"start": _values, "nodes": st.one_of(st.lists(_node_dicts, max_size=5), _values)})))
def test_any_flyt_yaml_gives_problems_never_a_crash(data):
    """A coordinator's half-edited file must give messages, never a traceback."""
    from handbook.content.errors import Problems
    from handbook.content.flow_checks import validate_flow
    from handbook.content.flow_parse import parse_flow

    problems = Problems()
    flow = parse_flow(data, "flyt.yaml", problems)
    if flow is not None:
        validate_flow(flow, {"plan/4-plikt-til-a-handle"}, {"politiet"}, "flyt.yaml", problems)
    assert all(p.file == "flyt.yaml" and p.message for p in problems.items)
