"""Time and peak memory of ``handbook check`` on hostile content (issue 13).

Runs ``handbook check`` in a fresh process on every case of ``tests/hostile_corpus.py``
and on the worst inputs we know that stay *within* the limits (a folder filled to the
4 MB total with 512 KB pages of the shapes Python-Markdown is slowest on), and prints
wall time and peak RSS for each.

Usage: .venv/bin/python tests/benchmarks/hostile_check.py [--only NAME]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import hostile_corpus as corpus  # noqa: E402

_MEASURED = (
    "import resource, sys\n"
    "from handbook.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "sys.stderr.write('maxrss_kb=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    "sys.exit(code)\n"
)
KB = 1024


def _fill(root: Path, name: str, unit: str, size: int = 500 * KB) -> None:
    """A page of ``size`` bytes: paragraphs of ``unit`` repeated, each at the length and markup limits."""
    marks = sum(unit.count(c) for c in "*_[`<&")
    per_block = max(1, min(19_000 // len(unit), 400 // marks if marks else 10**9))  # at the limits
    block = unit * per_block
    count = size // (len(block) + 2)
    corpus.new_page(root, name, "\n\n".join([block] * count))


def _within_limits(shape: str, unit: str, pages: int = 7):
    def build(root: Path, outside: Path) -> None:
        for i in range(pages):  # with the real content: just under the 4 MB total
            _fill(root, f"98-{shape}-{i}.md", unit)

    return corpus.Case(f"within-limits-{shape}", build, "", "")


WORST_WITHIN = [
    _within_limits("prose", "Dette er en vanlig setning om vold i nære relasjoner. "),
    _within_limits("emphasis", "**a** _b_ "),
    _within_limits("links", "[a](plan/4-plikt-til-a-handle) "),
    _within_limits("brackets", "[[[[a]]]] "),
    _within_limits("lt", "a <b "),
    _within_limits("entities", "&amp; &#60; "),
    _within_limits("code", "`a` "),
]


def measure(case: corpus.Case) -> tuple[int, float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        target, _outside = corpus.build(case, ROOT / "content", Path(tmp))
        t0 = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", _MEASURED, "check", "--content", str(target)],
            capture_output=True, text=True, cwd=ROOT, timeout=600,
        )
        seconds = time.perf_counter() - t0
        corpus.restore_permissions(Path(tmp))
    m = re.search(r"maxrss_kb=(\d+)", done.stderr)
    return done.returncode, seconds, int(m.group(1)) / 1024 if m else float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only cases whose name contains this")
    args = parser.parse_args()
    cases = [c for c in corpus.CASES + corpus.ACCEPTED + WORST_WITHIN if corpus.can_build(c)]
    cases = [c for c in cases if c.needs != "nonroot"]
    if args.only:
        cases = [c for c in cases if args.only in c.name]
    base = corpus.Case("shipped-content", lambda r, o: None, "", "")
    print("| case | exit | wall s | peak RSS MB |")
    print("| --- | ---: | ---: | ---: |")
    worst_t = worst_m = 0.0
    for case in [base, *cases]:
        code, seconds, rss = measure(case)
        worst_t, worst_m = max(worst_t, seconds), max(worst_m, rss)
        print(f"| {case.name} | {code} | {seconds:.2f} | {rss:.0f} |", flush=True)
    print(f"\nworst: {worst_t:.2f} s, {worst_m:.0f} MB (python {sys.version.split()[0]}, "
          f"{shutil.which('nproc') and subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
