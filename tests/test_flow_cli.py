"""`handbook flow --paths` and `handbook flow --json`: the flowchart for the coordinator and the reviewer."""

from __future__ import annotations

import json
import re

import yaml

from handbook.cli import main
from handbook.flowchart.report import route_summary

NODE_KEYS = {"id", "kind", "text", "source", "supplementary", "contacts", "answers", "next"}


def _run(capsys, *args) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_is_the_graph_with_numbers_as_digits(capsys, handbook, content_dir):
    code, out, err = _run(capsys, "--content", str(content_dir), "flow", "--json")
    assert code == 0 and not err
    data = json.loads(out)
    assert set(data) == {"start", "nodes"} and data["start"] == handbook.flow.start
    assert [n["id"] for n in data["nodes"]] == [n.id for n in handbook.flow.nodes]
    by_id = {n["id"]: n for n in data["nodes"]}
    for node in data["nodes"]:
        assert set(node) == NODE_KEYS, node["id"]
        assert isinstance(node["supplementary"], bool)
        for contact in node["contacts"]:
            assert set(contact) == {"id", "name", "numbers"}
            assert all(isinstance(n, str) and re.fullmatch(r"\d+", n) for n in contact["numbers"]), contact
        for answer in node["answers"]:
            assert set(answer) == {"label", "goto"} and answer["goto"] in by_id
        assert node["next"] is None or node["next"] in by_id
    police = next(c for c in by_id["ring-112"]["contacts"] if c["id"] == "politiet")
    assert police["numbers"] == ["112", "02800"]
    assert by_id["ring-113"]["supplementary"] is True and by_id["hvem"]["supplementary"] is False
    assert by_id["meld-barnevernet"]["supplementary"] is True  # the legal threshold beside the plan's words
    assert by_id["skriv-ned"]["next"] is None and not by_id["skriv-ned"]["answers"]


def test_paths_lists_every_path_with_answers_then_numbers(capsys, handbook, content_dir):
    code, out, err = _run(capsys, "--content", str(content_dir), "flow", "--paths")
    assert code == 0 and not err
    head = out.split("\n\n")[0].splitlines()
    shape = route_summary(handbook.flow, {c.id: c for c in handbook.contacts})
    assert head == [
        f"Flytskjemaet har {shape.routes} veier fra første spørsmål til et siste steg.",
        f"Trykk per vei (svar og «Neste»): færrest {shape.fewest}, median {shape.median:g}, flest {shape.most}.",
        "Veier som ikke viser politiets nummer: 0.",
        "Veier som slutter uten et nummer å ringe: 0.",
    ]
    assert shape.median <= 7 and shape.fewest == 1
    blocks = re.split(r"\n(?=Vei \d+ )", out.strip())[1:]
    assert len(blocks) == len(handbook.flow.all_routes()) > 50
    # Each block is a different walk: two answers leading to the same step are two paths, each
    # printed with its own answer (a reviewer must see every answer a worker can give).
    walks = [tuple(b.splitlines()[1:-2]) for b in blocks]
    assert len(set(walks)) == len(walks), "two paths print the same steps and answers"
    for block in blocks:
        lines = block.splitlines()
        assert re.match(r"Vei \d+ \(\d+ valg, slutter i «[a-z0-9-]+»\):", lines[0]), lines[0]
        assert lines[-3].endswith("(siste steg)"), block
        assert lines[-2].startswith("  Numre: ")
        assert lines[-1].startswith("  Hvor skriver du? ") and len(lines[-1]) > 40, block  # every last step says where
        assert all("  →  " in line for line in lines[1:-3]), block
    child = next(
        b for b in blocks
        if "→  Et barn eller en ungdom" in b and "[barn-fare]" in b and "→  En voksen i hjemmet blir også utsatt" in b
    )
    numbers = child.splitlines()[-2]
    for digits in ("95939637", "116111", "02800", "64972300"):
        assert digits in numbers, numbers
    assert "meldingen til barnevernet" in child.splitlines()[-1]
    # The numbers shown fit the person answered for: Vern for eldre for an older person, not for an adult under 63.
    adult = [b for b in blocks if "→  En voksen bruker, 18–62 år" in b]
    older = [b for b in blocks if "→  En eldre person, over 62 år" in b]
    assert adult and older
    assert not [b for b in adult if "80030196" in b]
    assert all("80030196" in b for b in older)


def test_the_summary_counts_routes_without_a_police_number(handbook):
    """The count is real: a chart whose police are taken off one step shows routes without them."""
    from dataclasses import replace

    from handbook.content.flow import Flow

    flow = handbook.flow
    contacts = {c.id: c for c in handbook.contacts}
    cut = Flow(flow.start, tuple(replace(n, contacts=tuple(c for c in n.contacts if c != "politiet"))
                                 if n.id in {"annen-voksen", "usikker", "usikker-barn", "barn-i-hjemmet-usikker"}
                                 else n for n in flow.nodes), flow.intro)
    assert route_summary(flow, contacts).without_police == 0
    assert route_summary(cut, contacts).without_police > 0  # e.g. «En kollega», «mindre sannsynlig», «Nei»
    ends = replace(flow.node("usikker"), contacts=())
    bare = Flow(flow.start, tuple(ends if n.id == "usikker" else n for n in flow.nodes), flow.intro)
    assert route_summary(bare, contacts).ending_without_number > 0


def test_flow_needs_paths_or_json(capsys, content_dir):
    try:
        main(["--content", str(content_dir), "flow"])
    except SystemExit as exc:
        assert exc.code == 2
    else:  # pragma: no cover - argparse always exits here
        raise AssertionError("'handbook flow' without --paths or --json must be refused")
    assert "--paths" in capsys.readouterr().err


def test_a_broken_flowchart_is_reported_not_printed(capsys, tmp_content):
    path = tmp_content / "flyt.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    next(n for n in data["nodes"] if n["id"] == "hvem")["answers"][0]["goto"] = "finnes-ikke"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    code, out, err = _run(capsys, "--content", str(tmp_content), "flow", "--paths")
    assert code == 1 and not out
    assert re.search(r"flyt\.yaml(:\d+)?: steg 'hvem'", err) and "goto 'finnes-ikke' viser ikke til noe steg" in err
    assert "Traceback" not in err
