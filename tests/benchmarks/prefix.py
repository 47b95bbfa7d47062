"""Prefix stability: a help-list name typed letter by letter keeps its number in the first hit.

For every contact, every prefix of its name from the 5th letter on ("Krise", "Krise-",
"Krise- o", …, the whole name) is searched as typed. A prefix passes when the first
hit shows that contact's number:

- ours: the first hit's ``contacts`` (what the results list shows large) hold the contact;
- the peers (no such notion): the first hit's title + text hold one of its numbers (or,
  for an entry without a number, its web address), as eval_search.py would judge it.

A contact is *stable* when every one of its prefixes passes. Reported: stable contacts
k/n and passing prefixes. Typos of service names are listed separately (first three hits).

Usage: .venv/bin/python tests/benchmarks/prefix.py [--content DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import sys
from pathlib import Path

from common import TOOLS, load_handbook, normalize

MIN_LETTERS = 5
#: Service names as people misspell or shorten them, and the contact they mean.
TYPOS = {
    "krisesentr": "kisif",
    "krisesenteret": "kisif",
    "barnevernstjensten": "barnevernstjenesten",
    "overgrepsmotaket": "overgrepsmottaket",
    "legevakta": "follo-legevakt",
    "kompetanseteamt": "kompetanseteamet",
    "familievernkontor": "familievernkontoret",
    "alarmtelefon for barn": "alarmtelefonen",
    "vern for eldrre": "vern-for-eldre",
    "støttesenteret": "stottesenter",
}


def _tool(name: str):
    """Import a shared tool as a module (used where it is, never copied)."""
    spec = importlib.util.spec_from_file_location(name, TOOLS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prefixes(name: str) -> list[str]:
    return [name[:n] for n in range(MIN_LETTERS, len(name) + 1) if not name[n - 1].isspace()]


def _answers_in_text(hit: dict, contact) -> bool:
    hay = normalize(hit.get("title", "") + " " + hit.get("text", ""))
    keys = [n.digits for n in contact.numbers] or ([contact.url.lower()] if contact.url else [])
    return any(normalize(k) in hay or k.replace("https://", "") in hay for k in keys)


def measure(first_hit, handbook) -> dict:
    """``first_hit(text, contact) -> bool`` for every prefix of every contact name."""
    stable, passed, total, misses = 0, 0, 0, []
    for contact in handbook.contacts:
        bad = [p for p in prefixes(contact.name) if not first_hit(p, contact)]
        n = len(prefixes(contact.name))
        total += n
        passed += n - len(bad)
        stable += not bad
        if bad:
            misses.append((contact.id, bad[:3]))
    return {"stable": stable, "contacts": len(handbook.contacts), "passed": passed, "prefixes": total, "misses": misses}


def run(content: Path | None = None, verbose: bool = True) -> dict:
    from handbook.content.export import export_records
    from handbook.search import SearchEngine

    handbook = load_handbook(content)
    sections = list(export_records(handbook))
    by_id = {c.id: c for c in handbook.contacts}
    fts5, substring = _tool("fts5_peer"), _tool("substring_peer")
    results: dict[str, dict] = {}
    with SearchEngine.open(handbook, shipped=None, cache=None) as engine:
        results["ours"] = measure(lambda p, c: any(c.id in h.contacts for h in engine.search(p, limit=1)), handbook)
        typos = {t: any(by_id[c].id in h.contacts for h in engine.search(t, limit=3)) for t, c in TYPOS.items()}
    peers = {
        "Qt Assistant (FTS5, porter unicode61)": lambda p: fts5.search(sections, p, 1, "porter unicode61", "qt", False),
        "typical FTS5 app (tokens, prefix)": lambda p: fts5.search(sections, p, 1, mode="tokens", prefix=True),
        "search engine default (OR, prefix, BM25)": lambda p: fts5.search(sections, p, 1, mode="or", prefix=True),
        "Ctrl+F (substring)": lambda p: substring.search(sections, p, 1),
    }
    for label, search in peers.items():
        with contextlib.redirect_stderr(io.StringIO()):  # FTS5 rejecting "Krise-" as syntax is a miss, not news
            results[label] = measure(lambda p, c, s=search: any(_answers_in_text(h, c) for h in s(p)[:1]), handbook)
    results["typos"] = typos
    if verbose:
        for label, r in results.items():
            if label == "typos":
                continue
            print(
                f"prefix stability {label:42s} {r['stable']}/{r['contacts']} names stable, "
                f"{r['passed']}/{r['prefixes']} prefixes show the number first",
                flush=True,
            )
        for cid, bad in results["ours"]["misses"]:
            print(f"     ours loses the number: {cid}: {bad}")
        ok = sum(typos.values())
        print(f"typos in service names (ours, number in the top 3): {ok}/{len(typos)}"
              + "".join(f"; missed {t!r}" for t, v in typos.items() if not v), flush=True)
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--content", type=Path)
    args = ap.parse_args()
    run(args.content)
    return 0


if __name__ == "__main__":
    sys.exit(main())
