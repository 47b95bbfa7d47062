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
from handbook.flow import FlowWalk

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
    _node(d, "akutt")["answers"][1]["goto"] = "finnes-ikke"


def _break_contact(d):
    _node(d, "ring-112")["contacts"] = ["politi"]


def _break_reach(d):
    d["nodes"].append({"id": "glemt", "kind": "action", "text": "Et steg ingen peker på.",
                       "source": "plan/5-hvor-kan-du-fa-hjelp", "contacts": ["kisif"]})


def _break_answers(d):
    _node(d, "alder")["answers"] = _node(d, "alder")["answers"][:1]


def _break_action(d):
    n = _node(d, "utover")
    n.pop("contacts")


def _break_cycle(d):
    _node(d, "skriv-ned")["next"] = "akutt"


def _break_source(d):
    _node(d, "barn")["source"] = "plan/4-plikt-til-a-handle#finnes-ikke"


def _break_card(d):
    _node(d, "ring-112")["card"] = "veileder/finnes-ikke"


def _break_phone(d):
    _node(d, "beskyttelse")["text"] = "Ring KISIF på 64 97 23 00."


def _break_next(d):
    _node(d, "skriv-ned")["next"] = "hjelpen"


def _break_sources(d):
    _node(d, "ring-112")["supplement"] = "Tekst som ikke står i planen."


@pytest.mark.parametrize(
    ("breaker", "node_id", "fix"),
    [
        (_break_goto, "akutt", "goto 'finnes-ikke' viser ikke til noe steg. Bruk en av: "),
        (_break_contact, "ring-112", "kontakten 'politi' finnes ikke i hjelpeliste.yaml. Bruk en av: "),
        (_break_reach, "glemt", "kan ikke nås fra start 'akutt'"),
        (_break_answers, "alder", "et spørsmål trenger minst to svar"),
        (_break_action, "utover", "trenger noen å kontakte eller et neste steg"),
        (_break_cycle, "akutt", "er del av en sløyfe"),
        (_break_source, "barn", "source 'plan/4-plikt-til-a-handle#finnes-ikke' peker ikke til noen side eller seksjon"),
        (_break_card, "ring-112", "card 'veileder/finnes-ikke' peker ikke til noen side eller seksjon"),
        (_break_phone, "beskyttelse", "Skriv telefonnumre bare i hjelpeliste.yaml"),
        (_break_next, "skriv-ned", "next 'hjelpen' viser ikke til noe steg"),
        (_break_sources, "ring-112", "ikke er fra planen, må oppgi offentlige kilder"),
    ],
)
def test_broken_flow_is_refused_naming_file_node_and_fix(tmp_content, breaker, node_id, fix):
    data = _flow_data(tmp_content)
    breaker(data)
    _write(tmp_content, data)
    messages = _flow_problems(tmp_content)
    assert any(f"steg '{node_id}'" in m and fix in m for m in messages), messages


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
    assert re.search(r"flyt\.yaml:\d+: steg 'akutt', svar 'Nei': goto 'finnes-ikke' viser ikke til noe steg", err), err
    assert "Traceback" not in err


def test_real_flow_loads(handbook):
    flow = handbook.flow
    assert flow is not None and flow.start == "akutt"
    assert set(flow.reachable()) == {n.id for n in flow.nodes}


def test_every_path_from_start_ends_in_an_action(handbook):
    flow = handbook.flow
    paths = flow.all_paths()
    assert len(paths) > 10
    for path in paths:
        end = flow.node(path[-1])
        assert end.kind == "action", path
        assert end.contacts, f"{path}: the last step must say who to contact"


def _path_to_contact(flow, contact_id):
    return [p for p in flow.all_paths() if any(contact_id in flow.node(n).contacts for n in p)]


@pytest.mark.parametrize(
    ("node_id", "contacts"),
    [
        ("ring-112", {"politiet"}),
        ("meld-barnevernet", {"barnevernstjenesten"}),
        ("varsle-politiet", {"politiet", "barnevernstjenesten"}),
        ("legehjelp", {"follo-legevakt", "overgrepsmottaket"}),
        ("beskyttelse", {"kisif"}),
        ("vern-for-eldre", {"vern-for-eldre"}),
        ("kompetanseteamet", {"kompetanseteamet"}),
        ("utover", {"atv-follo", "reform"}),
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
    assert walk.answer(0) and walk.current.id == "ring-112"
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


def test_every_step_rests_on_plan_chapter_4_or_5_or_a_sourced_card(handbook):
    for node in handbook.flow.nodes:
        for ref in filter(None, (node.source, node.card)):
            section = handbook.section(ref)
            page = handbook.page(section.page if section else ref)
            assert page is not None, (node.id, ref)
            if page.kind == "plan":
                if ref == node.source:
                    assert page.id.startswith(("plan/4-", "plan/5-")), (node.id, ref)
            else:
                assert page.kind == "card" and page.supplementary and page.sources, (node.id, ref)


def test_steps_beyond_the_plan_point_to_a_supplementary_card(handbook):
    """'Tell your leader' and 'write down what you saw and heard' are not in the plan."""
    node = handbook.flow.node("skriv-ned")
    assert "lederen" in node.text and "skriv ned" in node.text
    card = handbook.page(node.card)
    assert card.supplementary and card.sources
    legehjelp = handbook.page(handbook.flow.node("legehjelp").card)
    assert legehjelp.supplementary and all(s.url.startswith("https://") for s in legehjelp.sources)


def test_no_phone_number_is_written_in_flyt_yaml(content_dir):
    """Numbers come from hjelpeliste.yaml only; ids such as 'ring-112' are names, not text."""
    data = _flow_data(content_dir)
    texts = [data.get("intro", "")]
    for n in data["nodes"]:
        texts += [n.get("text", ""), n.get("detail", ""), *n.get("keywords", [])]
        texts += [a["label"] for a in n.get("answers", [])]
    for comment in re.findall(r"#.*", (content_dir / "flyt.yaml").read_text(encoding="utf-8")):
        texts.append(comment)
    assert not [t for t in texts if re.search(r"\d[\d ]{1,}\d", t)]


def test_every_step_is_exported_as_a_section(handbook):
    records = {r["id"]: r for r in export_records(handbook)}
    for node in handbook.flow.nodes:
        record = records[f"flyt#{node.id}"]
        assert record["page"] == "flyt" and record["anchor"] == node.id
        assert record["title"] == " ".join(node.text.split())
    assert "112" in records["flyt#ring-112"]["text"]
    assert "95 93 96 37" in records["flyt#meld-barnevernet"]["text"]
    section = handbook.section("flyt#ring-112")
    assert section.kind == "flow" and "akutt fare" in section.keywords


def test_walk_back_restart_and_jump(handbook):
    walk = FlowWalk(handbook.flow)
    assert walk.answer(1) and walk.answer(0)
    assert walk.steps == ["akutt", "barn", "meld-barnevernet"] and walk.choices == ["Nei", "Ja, jeg tror det"]
    assert walk.back() and walk.current.id == "barn"
    walk.restart()
    assert walk.steps == ["akutt"] and not walk.back()
    assert walk.jump("vern-for-eldre")
    assert walk.steps[0] == "akutt" and walk.steps[-1] == "vern-for-eldre"
    assert len(walk.choices) == len(walk.steps) - 1
    assert not walk.jump("finnes-ikke")


@pytest.mark.parametrize("module", ["handbook/flow.py", "handbook/ui/flow/layout.py"])
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
    from handbook.flow import parse_flow, validate_flow

    problems = Problems()
    flow = parse_flow(data, "flyt.yaml", problems)
    if flow is not None:
        validate_flow(flow, {"plan/4-plikt-til-a-handle"}, {"politiet"}, "flyt.yaml", problems)
    assert all(p.file == "flyt.yaml" and p.message for p in problems.items)
