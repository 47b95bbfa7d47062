"""Latency in-process: opening the index, and each search as a user types.

Two workloads, each search returning 20 hits with snippets like the app:

- the dev queries plus 1,000 random prefixes of them (seeded), as before;
- keystrokes: every situational query (the shared set and ours) typed letter by
  letter, one search per keystroke, as the search box sends them — the longer
  descriptions that the situation layer reads.

The index is fresh (postings are read from disk as terms first appear), so
first-time terms count too. Wall-clock and CPU time are reported; on a shared
machine the CPU time is the search alone.

Usage: .venv/bin/python tests/benchmarks/latency.py [--content DIR] [--prefixes N]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from common import (
    DEV_QUERIES,
    OWN_SITUATIONS,
    OWN_SITUATIONS_HELD_OUT,
    OWN_SITUATIONS_HELD_OUT_2,
    OWN_SITUATIONS_HELD_OUT_3,
    OWN_SITUATIONS_HELD_OUT_4,
    OWN_SITUATIONS_HELD_OUT_5,
    SITUATIONAL_QUERIES,
    load_handbook,
    load_queries,
    percentile,
)


def workload(queries: list[str], prefixes: int, seed: int = 20231127) -> list[str]:
    """The queries, then ``prefixes`` random prefixes of them (what is sent while typing)."""
    rng = random.Random(seed)
    out = list(queries)
    for _ in range(prefixes):
        q = rng.choice(queries)
        out.append(q[: rng.randint(1, len(q))])
    return out


def keystrokes(queries: list[str]) -> list[str]:
    """Every query typed letter by letter: one text per keystroke."""
    return [q[:n] for q in queries for n in range(1, len(q) + 1)]


def measure(engine, texts: list[str], limit: int = 20) -> dict:
    wall, cpu = [], []
    for text in texts:
        c0, t0 = time.process_time(), time.perf_counter()
        engine.search(text, limit=limit)
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return {
        "queries": len(texts),
        "p50_ms": percentile(wall, 50),
        "p95_ms": percentile(wall, 95),
        "p99_ms": percentile(wall, 99),
        "max_ms": max(wall),
        "cpu_p50_ms": percentile(cpu, 50),
        "cpu_p99_ms": percentile(cpu, 99),
    }


def run(content: Path | None = None, prefixes: int = 1000, verbose: bool = True) -> dict:
    from handbook.search import SearchEngine

    handbook = load_handbook(content)
    texts = workload([q["q"] for q in load_queries(DEV_QUERIES)], prefixes)
    with tempfile.TemporaryDirectory(prefix="handbook-latency-") as tmp:
        cache = Path(tmp) / "cache"
        t0 = time.perf_counter()
        engine = SearchEngine.open(handbook, shipped=None, cache=cache)
        build_ms = (time.perf_counter() - t0) * 1000
        assert engine.source == "built"
        engine.close()
        opens = []
        for _ in range(5):
            t0 = time.perf_counter()
            engine = SearchEngine.open(handbook, shipped=None, cache=cache)
            opens.append((time.perf_counter() - t0) * 1000)
            assert engine.source == "cache"
            if len(opens) < 5:
                engine.close()
        result = measure(engine, texts)
        situations = [q["q"] for path in (SITUATIONAL_QUERIES, OWN_SITUATIONS, OWN_SITUATIONS_HELD_OUT, OWN_SITUATIONS_HELD_OUT_2, OWN_SITUATIONS_HELD_OUT_3, OWN_SITUATIONS_HELD_OUT_4,
                                    OWN_SITUATIONS_HELD_OUT_5) for q in load_queries(path)]
        typed = measure(engine, keystrokes(situations))
        engine.close()
    result.update(
        keystrokes=typed,
        sections=len(handbook.sections),
        build_and_open_ms=build_ms,
        open_cached_ms=min(opens),
    )
    if verbose:
        print(
            f"latency: {result['queries']} searches on {result['sections']} sections: "
            f"p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms "
            f"(max {result['max_ms']:.1f}; CPU p99 {result['cpu_p99_ms']:.2f} ms); "
            f"build+open {build_ms:.0f} ms, open cached {min(opens):.0f} ms",
            flush=True,
        )
        print(
            f"keystrokes: {typed['queries']} searches, situations typed letter by letter: "
            f"p50 {typed['p50_ms']:.2f} ms, p95 {typed['p95_ms']:.2f} ms, p99 {typed['p99_ms']:.2f} ms "
            f"(max {typed['max_ms']:.1f}; CPU p50 {typed['cpu_p50_ms']:.2f} ms, CPU p99 {typed['cpu_p99_ms']:.2f} ms)",
            flush=True,
        )
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--content", type=Path)
    ap.add_argument("--prefixes", type=int, default=1000)
    args = ap.parse_args()
    run(args.content, args.prefixes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
