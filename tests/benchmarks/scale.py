"""Scale: a synthetic handbook 100 times larger — index build time and query latency.

Every page is copied N times with new ids; in each copy about a fifth of the
words are swapped for made-up words (so the vocabulary grows as in a larger
real handbook, instead of repeating) and paragraphs are shuffled. Titles keep
their words, so the dev queries still find things.

Usage: .venv/bin/python tests/benchmarks/scale.py [--factor 100] [--content DIR]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import sys
import tempfile
import time
from pathlib import Path

from common import DEV_QUERIES, load_handbook, load_queries
from latency import measure, workload

_WORD = re.compile(r"[^\W\d_]{4,}")
_SYLLABLES = ["ka", "ro", "vel", "stad", "mer", "tin", "bo", "sk", "and", "rik", "lu", "fjel", "nes", "ør", "å", "gar"]


def _pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def _mutate(text: str, rng: random.Random, vocab: list[str], share: float = 0.2) -> str:
    paragraphs = text.split("\n\n")
    head, rest = paragraphs[0], paragraphs[1:]
    rng.shuffle(rest)
    body = "\n\n".join([head, *rest])
    return _WORD.sub(lambda m: rng.choice(vocab) if rng.random() < share else m.group(), body)


def synthetic(handbook, factor: int, seed: int = 7):
    """``handbook`` with every page repeated ``factor`` times (the original plus mutated copies)."""
    rng = random.Random(seed)
    vocab = [_pseudo_word(rng) for _ in range(20000)]
    pages = list(handbook.pages)
    for k in range(1, factor):
        for page in handbook.pages:
            pid = f"{page.id}-x{k}"
            sections = tuple(
                dataclasses.replace(
                    s,
                    id=f"{pid}#{s.anchor}" if s.anchor else pid,
                    page=pid,
                    text=_mutate(s.text, rng, vocab) if s.text != s.title else s.text,
                    keywords=tuple(s.keywords),
                )
                for s in page.sections
            )
            pages.append(dataclasses.replace(page, id=pid, sections=sections))
    return dataclasses.replace(handbook, pages=tuple(pages), fingerprint=f"synthetic-x{factor}")


def run(content: Path | None = None, factor: int = 100, prefixes: int = 1000, verbose: bool = True) -> dict:
    from handbook.search import SearchEngine, build_index

    base = load_handbook(content)
    t0 = time.perf_counter()
    big = synthetic(base, factor)
    make_s = time.perf_counter() - t0
    texts = workload([q["q"] for q in load_queries(DEV_QUERIES)], prefixes)
    with tempfile.TemporaryDirectory(prefix="handbook-scale-") as tmp:
        out = Path(tmp) / "index"
        t0 = time.perf_counter()
        build_index(big, out)
        build_s = time.perf_counter() - t0
        size_mb = sum(p.stat().st_size for p in out.iterdir()) / 1e6
        t0 = time.perf_counter()
        engine = SearchEngine.open(big, shipped=out, cache=None)
        open_ms = (time.perf_counter() - t0) * 1000
        assert engine.source == "shipped"
        result = measure(engine, texts)
        engine.close()
    result.update(
        factor=factor,
        sections=len(big.sections),
        text_mb=sum(len(s.text) for s in big.sections) / 1e6,
        build_s=build_s,
        index_mb=size_mb,
        open_ms=open_ms,
        synthesize_s=make_s,
    )
    if verbose:
        print(
            f"scale ×{factor}: {result['sections']} sections ({result['text_mb']:.1f} MB text): "
            f"index build {build_s:.1f} s ({size_mb:.1f} MB), open {open_ms:.0f} ms; "
            f"search p50 {result['p50_ms']:.2f} ms, p95 {result['p95_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms "
            f"(CPU p99 {result['cpu_p99_ms']:.2f} ms)",
            flush=True,
        )
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--content", type=Path)
    ap.add_argument("--factor", type=int, default=100)
    ap.add_argument("--prefixes", type=int, default=1000)
    args = ap.parse_args()
    run(args.content, args.factor, args.prefixes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
