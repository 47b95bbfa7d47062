"""``handbook search`` and ``handbook index`` on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from handbook.cli import main
from handbook.search import store

ROOT = Path(__file__).resolve().parent.parent


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_json_has_the_agreed_shape(capsys):
    code, out, _ = run(capsys, "search", "KISIF", "--json", "--limit", "3")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"query", "took_ms", "understood", "urgent", "hits"}
    assert data["understood"] == [] and data["urgent"] is False  # a name: nothing to understand
    assert data["query"] == "KISIF" and data["took_ms"] >= 0
    assert 1 <= len(data["hits"]) <= 3
    hit = data["hits"][0]
    assert set(hit) == {"id", "page", "title", "anchor", "score", "snippet", "text", "because", "contacts"}
    assert hit["id"] == "hjelpeliste#kisif" and hit["page"] == "hjelpeliste" and hit["anchor"] == "kisif"
    assert "<mark>KISIF</mark>" in hit["snippet"] and "64 97 23 00" in hit["text"]


def test_search_json_is_utf8_not_escaped(capsys):
    _, out, _ = run(capsys, "search", "økonomisk vold", "--json", "--limit", "1")
    assert "Økonomisk" in out


def test_search_readable_by_default(capsys):
    code, out, _ = run(capsys, "search", "legevakt", "--limit", "2")
    assert code == 0
    assert "Follo legevakt" in out and "[hjelpeliste#follo-legevakt]" in out and "*" in out
    assert not out.lstrip().startswith("{")
    assert "fordi:" not in out  # the words found it


def test_search_says_which_situation_brought_a_hit(capsys):
    _, out, _ = run(capsys, "search", "far slår og barna ser på", "--limit", "1")
    assert "fordi: barn" in out
    _, out, _ = run(capsys, "search", "far slår og barna ser på", "--limit", "1", "--json")
    hit = json.loads(out)["hits"][0]
    assert "barn" in hit["because"] and "barnevernstjenesten" in hit["contacts"]


def test_search_without_hits_says_so(capsys):
    code, out, _ = run(capsys, "search", "qqqzzzxxx")
    assert code == 0 and "Ingen treff" in out
    code, out, _ = run(capsys, "search", "qqqzzzxxx", "--json")
    assert json.loads(out)["hits"] == []


def test_search_batch_prints_one_json_object_per_line(capsys, tmp_path):
    queries = ["vold", "64 97 23 00", "", 'title:"(AND*', "tvangsgifte"]
    batch = tmp_path / "queries.txt"
    batch.write_text("\n".join(queries) + "\n", encoding="utf-8")
    code, out, _ = run(capsys, "search", "--batch", str(batch), "--json", "--limit", "2")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(queries)
    for q, line in zip(queries, lines):
        data = json.loads(line)
        assert data["query"] == q and len(data["hits"]) <= 2
    assert json.loads(lines[1])["hits"][0]["id"] == "hjelpeliste#kisif"
    assert json.loads(lines[2])["hits"] == []


def test_search_needs_a_query_or_a_batch(capsys):
    code, _, err = run(capsys, "search")
    assert code == 2 and "oppgi et søk (QUERY)" in err


def test_search_with_a_missing_batch_file_fails_cleanly(capsys, tmp_path):
    code, _, err = run(capsys, "search", "--batch", str(tmp_path / "nope.txt"), "--json")
    assert code == 2 and "kan ikke lese" in err and "nope.txt" in err


def test_search_with_another_content_folder(capsys, tmp_content):
    plan = tmp_content / "plan" / "00-forord.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nOrdet tyttebærsyltetøy står bare her.\n", encoding="utf-8")
    code, out, _ = run(capsys, "search", "tyttebærsyltetøy", "--json", "--content", str(tmp_content))
    assert code == 0 and json.loads(out)["hits"][0]["id"] == "plan/forord"


def test_index_out_builds_a_shippable_index(capsys, tmp_path, handbook):
    out_dir = tmp_path / "index"
    code, out, _ = run(capsys, "index", "--out", str(out_dir))
    assert code == 0 and str(out_dir) in out
    meta = store.read_meta(out_dir)
    assert meta and meta["documents"] > 50
    from handbook.search import SearchEngine

    with SearchEngine.open(handbook, shipped=out_dir, cache=tmp_path / "cache") as e:
        assert e.source == "shipped"
    # again into the same folder: replaced in place, still valid
    code, _, _ = run(capsys, "index", "--out", str(out_dir))
    assert code == 0 and store.read_meta(out_dir)["signature"] == meta["signature"]


def test_index_refuses_to_replace_a_folder_that_is_not_an_index(capsys, tmp_path):
    precious = tmp_path / "docs"
    precious.mkdir()
    (precious / "notes.txt").write_text("keep me")
    code, _, err = run(capsys, "index", "--out", str(precious))
    assert code == 1 and "Oppgi en tom eller ny mappe" in err
    assert (precious / "notes.txt").read_text() == "keep me"


def test_index_without_out_fills_the_users_cache(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "c"))
    code, out, _ = run(capsys, "index")
    assert code == 0 and "er bygd" in out
    code, out, _ = run(capsys, "index")
    assert code == 0 and "allerede oppdatert" in out
    assert len(list((tmp_path / "c" / "index").iterdir())) == 1


def test_search_as_a_real_process_for_the_eval_tool():
    proc = subprocess.run(
        [sys.executable, "-m", "handbook", "search", "tvangsgifte", "--json", "--limit", "3"],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    data = json.loads(proc.stdout.decode("utf-8"))
    assert any("tvangsekteskap" in (h["title"] + h["text"]).lower() for h in data["hits"])
