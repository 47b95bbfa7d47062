"""Relevance: hit@1, hit@3 and MRR@10 for our search and the peers, on the same export.

Runs ``../shared/tools/eval_search.py`` (the shared tool, not a copy) once per
ranker and query set:

- ours: ``handbook search --json --limit 10``
- Qt Assistant: ``fts5_peer.py --tokenize 'porter unicode61'`` (query passed verbatim)
- a typical FTS5 app: ``fts5_peer.py --query-mode tokens --prefix``
- a search engine's default (Elasticsearch match query, Lunr): ``fts5_peer.py --query-mode or --prefix``
- Ctrl+F in a PDF viewer: ``substring_peer.py``

The peers search ``handbook export --jsonl`` of the same content folder.

Query sets: ``dev`` (../shared/dev_queries.json, keywords), ``own`` (tests/search_queries.json,
keywords), ``situ`` (../shared/situational_queries.json: what a worker saw or was told),
``situ-own`` (tests/situational_queries.json, ours, tuned on), ``situ-held`` (tests/
situational_heldout.json, ours, written with them and never tuned on) and ``situ-held2``
(tests/situational_heldout_2.json: a second group written with round 2's additions to the
tuning set — a perpetrator asking for help, a third person described by the worker, threats
and images online, kinship, indirect forced marriage, a worker harassed, falls — never tuned on).

Usage: .venv/bin/python tests/benchmarks/relevance.py [--content DIR] [--sets dev,own,situ,situ-own,situ-held,situ-held2]
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

from common import (
    DEV_QUERIES,
    OWN_QUERIES,
    OWN_SITUATIONS,
    OWN_SITUATIONS_HELD_OUT,
    OWN_SITUATIONS_HELD_OUT_2,
    OWN_SITUATIONS_HELD_OUT_3,
    OWN_SITUATIONS_HELD_OUT_4,
    OWN_KEYWORDS_HELD_OUT_4,
    OWN_SITUATIONS_HELD_OUT_5,
    BLIND_SITUATIONS,
    ROOT,
    SITUATIONAL_QUERIES,
    TOOLS,
)

RANKERS = {
    "ours": "{py} -m handbook search {content} --json --limit 10 {{q}}",
    "Qt Assistant (FTS5, porter unicode61)": (
        "{py3} {tools}/fts5_peer.py --sections {sections} --tokenize 'porter unicode61' --limit 10 --json {{q}}"
    ),
    "typical FTS5 app (tokens, prefix)": (
        "{py3} {tools}/fts5_peer.py --sections {sections} --query-mode tokens --prefix --limit 10 --json {{q}}"
    ),
    "search engine default (OR, prefix, BM25)": (
        "{py3} {tools}/fts5_peer.py --sections {sections} --query-mode or --prefix --limit 10 --json {{q}}"
    ),
    "Ctrl+F (substring)": "{py3} {tools}/substring_peer.py --sections {sections} --limit 10 --json {{q}}",
}
QUERY_SETS = {
    "dev": DEV_QUERIES,
    "own": OWN_QUERIES,
    "situ": SITUATIONAL_QUERIES,
    "situ-own": OWN_SITUATIONS,
    "situ-held": OWN_SITUATIONS_HELD_OUT,
    "situ-held2": OWN_SITUATIONS_HELD_OUT_2,
    "situ-held3": OWN_SITUATIONS_HELD_OUT_3,
    "situ-held4": OWN_SITUATIONS_HELD_OUT_4,
    "kw-held4": OWN_KEYWORDS_HELD_OUT_4,
    "situ-held5": OWN_SITUATIONS_HELD_OUT_5,
    "blind": BLIND_SITUATIONS,
}


def export_sections(content: Path | None, out: Path) -> None:
    cmd = [sys.executable, "-m", "handbook", "export", "--jsonl"]
    if content:
        cmd += ["--content", str(content)]
    with open(out, "w", encoding="utf-8") as fh:
        subprocess.run(cmd, cwd=ROOT, stdout=fh, check=True)


def evaluate(queries: Path, ranker: str, label: str, work: Path, env: dict) -> dict:
    """Run eval_search.py; return its summary and per-query rows."""
    out = work / f"eval-{abs(hash((str(queries), label)))}.json"
    subprocess.run(
        [
            "python3", str(TOOLS / "eval_search.py"),
            "--queries", str(queries), "--ranker", ranker, "--k", "3",
            "--summary-only", "--json-out", str(out), "--label", label,
        ],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    with open(out, encoding="utf-8") as fh:
        return json.load(fh)


def run(content: Path | None = None, sets=tuple(QUERY_SETS), verbose: bool = True) -> dict:
    """{set: {ranker: summary}} for every query set and ranker."""
    results: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="handbook-relevance-") as tmp:
        work = Path(tmp)
        sections = work / "sections.jsonl"
        export_sections(content, sections)
        env = dict(os.environ, HANDBOOK_CACHE_DIR=str(work / "cache"))
        env.pop("HANDBOOK_CONTENT", None)
        fmt = {
            "py": shlex.quote(sys.executable),
            "py3": "python3",
            "tools": shlex.quote(str(TOOLS)),
            "sections": shlex.quote(str(sections)),
            "content": f"--content {shlex.quote(str(content))}" if content else "",
        }
        for name in sets:
            queries = QUERY_SETS[name]
            results[name] = {}
            for label, template in RANKERS.items():
                data = evaluate(queries, template.format(**fmt), label, work, env)
                results[name][label] = data["summary"]
                if verbose:
                    s = data["summary"]
                    print(
                        f"{name:9s} {label:42s} hit@1={s['hit@1']:.3f} hit@3={s['hit@3']:.3f} "
                        f"mrr@10={s['mrr@10']:.3f} errors={s['errors']}",
                        flush=True,
                    )
                if label == "ours" and verbose and name != "blind":  # a blind set's misses are not read
                    for row in data["per_query"]:
                        if not row["rank"] or row["rank"] > 3:
                            print(f"     ours misses top 3: {row['q']!r} (rank {row['rank']})")
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--content", type=Path, help="content folder (default: the shipped one)")
    ap.add_argument("--sets", default=",".join(QUERY_SETS), help=f"query sets: {', '.join(QUERY_SETS)} (comma-separated)")
    args = ap.parse_args()
    run(args.content, tuple(args.sets.split(",")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
