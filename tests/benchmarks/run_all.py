"""Run every search benchmark, print the numbers and write docs/search-benchmarks.md.

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
import relevance
import scale
from common import DEV_QUERIES, OWN_QUERIES, ROOT, load_queries

DOC = ROOT / "docs" / "search-benchmarks.md"
TARGETS = {"hit@3": 0.95, "mrr@10": 0.85, "p99_ms": 10.0}


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
    lines = [
        "| Search | Query set | hit@1 | hit@3 | MRR@10 |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for set_name, rankers in results.items():
        for label, s in rankers.items():
            name = f"**{label}**" if label == "ours" else label
            lines.append(f"| {name} | {set_name} ({s['queries']}) | {s['hit@1']:.3f} | {s['hit@3']:.3f} | {s['mrr@10']:.3f} |")
    return lines


def write_doc(rel: dict, lat: dict, big: dict | None, machine: str) -> str:
    dev = rel.get("dev", {}).get("ours")
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
        "text hold all words of one expected group). Every search sees the same content: ours through",
        "`handbook search --json --limit 10`, the peers through `handbook export --jsonl` of it.",
        f"Query sets: `dev` is `../shared/dev_queries.json` ({len(load_queries(DEV_QUERIES))} queries); "
        f"`own` is `tests/search_queries.json` ({own_n} queries written as a home-care worker types them:",
        "everyday words, typos, no æøå, questions, phone numbers, paragraph numbers, half-typed words).",
        "",
        *_table(rel),
        "",
        "Peers: *Qt Assistant* is SQLite FTS5 with `porter unicode61`, the query passed as typed (as",
        "Assistant does); *typical FTS5 app* quotes each word, adds `*` and ANDs them; *Ctrl+F* is a PDF",
        "viewer's substring search, sections in document order.",
    ]
    if dev:
        ok = dev["hit@3"] >= TARGETS["hit@3"] and dev["mrr@10"] >= TARGETS["mrr@10"]
        out += ["", f"Target on the dev set: hit@3 ≥ {TARGETS['hit@3']}, MRR ≥ {TARGETS['mrr@10']} — "
                f"{'met' if ok else 'NOT met'} (hit@3 {dev['hit@3']:.3f}, MRR {dev['mrr@10']:.3f})."]
    if known:
        out += ["", "Own queries marked as known misses (kept as strict xfail tests): "
                + ", ".join(f"«{q}»" for q in known) + "."]
    out += [
        "",
        "## Latency (in-process)",
        "",
        f"{lat['queries']} searches: the dev queries plus 1,000 random prefixes of them, as typed; each",
        "returns 20 hits with marked snippets, like the app. The index is freshly opened, so terms seen",
        "for the first time are read from disk during the run.",
        "",
        "| Handbook | Sections | p50 | p95 | p99 | CPU p99 | Index build | Open |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| real | {lat['sections']} | {lat['p50_ms']:.2f} ms | {lat['p95_ms']:.2f} ms | {lat['p99_ms']:.2f} ms "
        f"| {lat['cpu_p99_ms']:.2f} ms | {lat['build_and_open_ms']:.0f} ms (with open) | {lat['open_cached_ms']:.0f} ms (cached) |",
    ]
    if big:
        out.append(
            f"| synthetic ×{big['factor']} | {big['sections']} | {big['p50_ms']:.2f} ms | {big['p95_ms']:.2f} ms "
            f"| {big['p99_ms']:.2f} ms | {big['cpu_p99_ms']:.2f} ms | {big['build_s']:.1f} s ({big['index_mb']:.1f} MB) "
            f"| {big['open_ms']:.0f} ms (shipped) |"
        )
    ok = lat["p99_ms"] <= TARGETS["p99_ms"]
    out += [
        "",
        f"Target on the real handbook: p99 ≤ {TARGETS['p99_ms']:.0f} ms — {'met' if ok else 'NOT met'}.",
        "Wall-clock times include whatever else the machine was doing; CPU time is the search alone.",
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
    print("== latency ==", flush=True)
    lat = latency.run(args.content)
    big = None
    if not args.quick:
        print(f"== scale ×{args.factor} ==", flush=True)
        big = scale.run(args.content, args.factor)
    text = write_doc(rel, lat, big, machine)
    print()
    print(text)
    if not args.no_write:
        DOC.parent.mkdir(parents=True, exist_ok=True)
        DOC.write_text(text, encoding="utf-8")
        print(f"wrote {DOC.relative_to(ROOT)}")
    dev = rel.get("dev", {}).get("ours", {})
    met = dev.get("hit@3", 0) >= TARGETS["hit@3"] and dev.get("mrr@10", 0) >= TARGETS["mrr@10"]
    return 0 if met and lat["p99_ms"] <= TARGETS["p99_ms"] else 1


if __name__ == "__main__":
    sys.exit(main())
