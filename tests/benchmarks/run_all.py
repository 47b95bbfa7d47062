"""Run every search benchmark, print the numbers and write docs/search-benchmarks.md.

Relevance on six query sets beside four peers, prefix stability of help-list names,
latency as typed and per keystroke, and (unless --quick) a 100× larger handbook.
Exits 1 when a target is missed (dev keywords hit@3 ≥ 0.95 and MRR ≥ 0.85; shared
situations hit@3 ≥ 0.90 and MRR ≥ 0.80; CPU p99 ≤ 10 ms per search).

Usage: .venv/bin/python tests/benchmarks/run_all.py [--content DIR] [--factor 100] [--no-write] [--quick]

--quick skips the 100× scale run (it builds an index of ~11,500 sections).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path

import latency
import prefix
import relevance
import scale
from common import (
    DEV_QUERIES,
    OWN_QUERIES,
    OWN_SITUATIONS,
    OWN_SITUATIONS_HELD_OUT,
    OWN_SITUATIONS_HELD_OUT_2,
    ROOT,
    SITUATIONAL_QUERIES,
    load_queries,
)

DOC = ROOT / "docs" / "search-benchmarks.md"
#: Targets: the keyword dev set (first round), the situational set (issue 11), keystroke latency.
TARGETS = {"dev": (0.95, 0.85), "situ": (0.90, 0.80), "p99_ms": 10.0}
SET_TITLES = {
    "dev": "dev keywords",
    "own": "own keywords",
    "situ": "situations (shared)",
    "situ-own": "own situations, tuned on",
    "situ-held": "own situations, held out",
    "situ-held2": "own situations, held out (round 2)",
    "situ-held3": "own situations, held out (round 3)",
    "situ-held4": "own situations, held out (round 4)",
    "kw-held4": "own keywords, held out (round 4)",
    "situ-held5": "own situations, held out (round 5)",
    "blind": "earlier blind set (reported apart)",
}


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the start"
    return f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}{load}"


def _table(results: dict) -> list[str]:
    """One row per search, one column per query set: hit@1 / hit@3 / MRR@10."""
    sets = list(results)
    rankers = list(next(iter(results.values()))) if results else []
    head = ["Search", *(f"{SET_TITLES.get(n, n)} ({next(iter(results[n].values()))['queries']})" for n in sets)]
    lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * len(sets)]
    for label in rankers:
        name = f"**{label}**" if label == "ours" else label
        cells = []
        for n in sets:
            s = results[n].get(label)
            cells.append(f"{s['hit@1']:.3f} / {s['hit@3']:.3f} / {s['mrr@10']:.3f}" if s else "–")
        lines.append("| " + " | ".join([name, *cells]) + " |")
    return lines


def _prefix_lines(pre: dict) -> list[str]:
    lines = [
        "| Search | names whose number stays first from the 5th letter | prefixes with the number first |",
        "| --- | ---: | ---: |",
    ]
    for label, r in pre.items():
        if label == "typos":
            continue
        name = f"**{label}**" if label == "ours" else label
        lines.append(f"| {name} | {r['stable']}/{r['contacts']} | {r['passed']}/{r['prefixes']} |")
    return lines


def _met(summary: dict | None, target: tuple[float, float]) -> str:
    if not summary:
        return "not measured"
    ok = summary["hit@3"] >= target[0] and summary["mrr@10"] >= target[1]
    return f"{'met' if ok else 'NOT met'} (hit@3 {summary['hit@3']:.3f}, MRR {summary['mrr@10']:.3f})"


def write_doc(rel: dict, lat: dict, big: dict | None, pre: dict | None, machine: str) -> str:
    own_n = len(load_queries(OWN_QUERIES))
    known = [q["q"] for q in load_queries(OWN_QUERIES) if q.get("known_miss")]
    out = [
        "# Search benchmarks",
        "",
        f"Measured {dt.date.today().isoformat()} on {machine}, by "
        "`.venv/bin/python tests/benchmarks/run_all.py` (this file is written by that command).",
        "",
        "## Relevance",
        "",
        "Scored by `../shared/tools/eval_search.py` (hit@k, MRR@10; a hit is relevant when its title and",
        "text hold all words of one expected group: for the situations, the right number or action).",
        "Every search sees the same content: ours through `handbook search --json --limit 10`, the peers",
        "through `handbook export --jsonl` of it. Each cell is hit@1 / hit@3 / MRR@10.",
        "",
        "Query sets:",
        f"- *dev keywords*: `../shared/dev_queries.json` ({len(load_queries(DEV_QUERIES))} queries);",
        f"- *own keywords*: `tests/search_queries.json` ({own_n} queries written as a home-care worker types",
        "  them: everyday words, typos, no æøå, questions, phone numbers, paragraph numbers, half-typed words);",
        f"- *situations (shared)*: `../shared/situational_queries.json` ({len(load_queries(SITUATIONAL_QUERIES))} "
        "descriptions of what a worker saw or was told);",
        f"- *own situations*: `tests/situational_queries.json` ({len(load_queries(OWN_SITUATIONS))}) and "
        f"`tests/situational_heldout.json` ({len(load_queries(OWN_SITUATIONS_HELD_OUT))}), written together",
        "  before any tuning (every who × what: a child, a partner or adult, an older person, the worker",
        "  herself × injury, sexual abuse, forced marriage, threats, money, locking in, fear, wanting to",
        "  leave, wanting help to stop; typos, dialect, no æøå). The first was used for tuning; the held-out",
        "  one never was, so it is the honest figure for queries we have not seen.",
        f"- *own situations, round 2*: {len(load_queries(OWN_SITUATIONS_HELD_OUT_2))} queries in "
        "`tests/situational_heldout_2.json`, written",
        "  together with 26 added to the tuning set, before the change they measure, for the kinds a blind",
        "  evaluation found weak: a perpetrator who wants help to stop, a third person the worker describes",
        "  (not the worker herself), threats and intimate images online, kinship words (a grandchild hurt,",
        "  a son-in-law taking money), forced marriage said indirectly, a worker harassed by a client, a",
        "  push with symptoms. Never tuned on.",
        "- *own situations, round 3*: `tests/situational_heldout_3.json`, written before the reading layer",
        "  (acute cues, ages, neglect, economic abuse of older people, deprivation of liberty, stalking,",
        "  digital control, disabilities). Never tuned on.",
        "- *round 4*: `tests/situational_heldout_4.json` (situations) and `tests/keywords_heldout_4.json`",
        "  (keywords and facts), written before the round-4 change (the first hit by kind, phone digit",
        "  groups, the chips). The situations were read after measuring and a coverage pass followed, so",
        "  from then on they count as tuned on.",
        "- *round 5*: `tests/situational_heldout_5.json`, written after the round-4 change and before that",
        "  coverage pass. Never tuned on: the honest own figure.",
        "- *earlier blind set*: `tests/situational_blind.json`, written by the lead; reported apart, never",
        "  tuned on, its misses not read.",
        "",
        "Each round's before and after, beside the OR + prefix peer: [search-rounds.md](search-rounds.md).",
        "",
        *_table(rel),
        "",
        "Peers: *Qt Assistant* is SQLite FTS5 with `porter unicode61`, the query passed as typed (as",
        "Assistant does); *typical FTS5 app* quotes each word, adds `*` and ANDs them; *search engine",
        "default* ORs the words with `*` under one BM25 ranking (what an Elasticsearch match query or Lunr",
        "does by default); *Ctrl+F* is a PDF viewer's substring search, sections in document order.",
        "",
        f"Targets: dev keywords hit@3 ≥ {TARGETS['dev'][0]}, MRR ≥ {TARGETS['dev'][1]} — "
        f"{_met(rel.get('dev', {}).get('ours'), TARGETS['dev'])}; situations (shared) hit@3 ≥ "
        f"{TARGETS['situ'][0]}, MRR ≥ {TARGETS['situ'][1]} — {_met(rel.get('situ', {}).get('ours'), TARGETS['situ'])}.",
    ]
    if known:
        out += ["", "Own queries marked as known misses (kept as strict xfail tests): "
                + ", ".join(f"«{q}»" for q in known) + "."]
    if pre:
        typos = pre.get("typos", {})
        out += [
            "",
            "## Prefix stability",
            "",
            "Every help-list name typed letter by letter, from the 5th letter to the whole name (`tests/benchmarks/",
            "prefix.py`): does the first hit show that service's number? For us: the number the results list",
            "shows large (a help-list entry, or a flowchart step or duty card that leads to it); for the peers:",
            "the number in the first hit's text.",
            "",
            *_prefix_lines(pre),
            "",
            f"Service names with a typo or as people say them («krisesentr», «legevakta», «overgrepsmotaket» …):",
            f"ours shows the number in the top 3 for {sum(typos.values())}/{len(typos)}.",
        ]
    keys = lat.get("keystrokes")
    out += [
        "",
        "## Latency (in-process)",
        "",
        f"*As typed*: {lat['queries']} searches, the dev queries plus 1,000 random prefixes of them. *Keystrokes*:",
        f"{keys['queries'] if keys else 0} searches, every situational query (shared and own) typed letter by letter,",
        "one search per keystroke. Each search returns 20 hits with marked snippets, like the app; the",
        "index is freshly opened, so terms seen for the first time are read from disk during the run.",
        "",
        "| Handbook | Workload | Sections | p50 | p95 | p99 | CPU p50 | CPU p99 | Index build | Open |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| real | as typed | {lat['sections']} | {lat['p50_ms']:.2f} ms | {lat['p95_ms']:.2f} ms | {lat['p99_ms']:.2f} ms "
        f"| {lat['cpu_p50_ms']:.2f} ms | {lat['cpu_p99_ms']:.2f} ms | {lat['build_and_open_ms']:.0f} ms (with open) "
        f"| {lat['open_cached_ms']:.0f} ms (cached) |",
    ]
    if keys:
        out.append(
            f"| real | keystrokes | {lat['sections']} | {keys['p50_ms']:.2f} ms | {keys['p95_ms']:.2f} ms | {keys['p99_ms']:.2f} ms "
            f"| {keys['cpu_p50_ms']:.2f} ms | {keys['cpu_p99_ms']:.2f} ms | | |"
        )
    if big:
        out.append(
            f"| synthetic ×{big['factor']} | as typed | {big['sections']} | {big['p50_ms']:.2f} ms | {big['p95_ms']:.2f} ms "
            f"| {big['p99_ms']:.2f} ms | {big['cpu_p50_ms']:.2f} ms | {big['cpu_p99_ms']:.2f} ms "
            f"| {big['build_s']:.1f} s ({big['index_mb']:.1f} MB) | {big['open_ms']:.0f} ms (shipped) |"
        )
    worst = max(lat["cpu_p99_ms"], keys["cpu_p99_ms"] if keys else 0.0)
    out += [
        "",
        f"Target on the real handbook: p99 ≤ {TARGETS['p99_ms']:.0f} ms per search — "
        f"{'met' if worst <= TARGETS['p99_ms'] else 'NOT met'} in CPU time (worst CPU p99 {worst:.2f} ms).",
        "Wall-clock times include whatever else the machine was doing (six engineers share its two cores);",
        "CPU time is the search alone.",
    ]
    if big:
        out += [
            "",
            f"The synthetic handbook repeats every page {big['factor']} times; in each copy a fifth of the words",
            "are swapped for made-up words and paragraphs are shuffled, so the vocabulary grows as it",
            f"would in a larger real handbook ({big['text_mb']:.1f} MB of text). See `tests/benchmarks/scale.py`.",
        ]
    return "\n".join(out) + "\n"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--content", type=Path)
    ap.add_argument("--factor", type=int, default=100)
    ap.add_argument("--quick", action="store_true", help="skip the scale run")
    ap.add_argument("--no-write", action="store_true", help=f"do not write {DOC.relative_to(ROOT)}")
    args = ap.parse_args()
    machine = _machine()
    print(f"machine: {machine}", flush=True)
    print("== relevance (eval_search.py, one process per query) ==", flush=True)
    rel = relevance.run(args.content)
    print("== prefix stability ==", flush=True)
    pre = prefix.run(args.content)
    print("== latency ==", flush=True)
    lat = latency.run(args.content)
    big = None
    if not args.quick:
        print(f"== scale ×{args.factor} ==", flush=True)
        big = scale.run(args.content, args.factor)
    text = write_doc(rel, lat, big, pre, machine)
    print()
    print(text)
    if not args.no_write:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text(text, encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
    met = all(
        rel.get(name, {}).get("ours", {}).get("hit@3", 0) >= TARGETS[name][0]
        and rel.get(name, {}).get("ours", {}).get("mrr@10", 0) >= TARGETS[name][1]
        for name in ("dev", "situ")
    )
    worst = max(lat["cpu_p99_ms"], lat.get("keystrokes", {}).get("cpu_p99_ms", 0.0))
    return 0 if met and worst <= TARGETS["p99_ms"] else 1


if __name__ == "__main__":
    sys.exit(main())
