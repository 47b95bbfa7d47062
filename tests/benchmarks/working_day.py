"""Benchmark: a working day in one session — memory and per-keystroke time, typing to results painted.

Runs the session of ``tests/working_day.py`` (the same one ``tests/test_working_day.py``
checks) in the real main window, offscreen by default, and reports:

- RSS at start (window shown, content loaded, search ready), after each round, and at the end;
- per-keystroke time from the key press to the results for the new text painted (p50, p90, p99, max);
- the session's counts (keys, queries, results opened, flowchart steps, help-list filters, hides).

Run from the repository root:

    .venv/bin/python tests/benchmarks/working_day.py            # 4 rounds (60 queries, ~1,400 keys)
    .venv/bin/python tests/benchmarks/working_day.py --days 3   # the day three times over, for leaks
    .venv/bin/python tests/benchmarks/working_day.py --json     # one JSON object, for docs/

The session starts as a working day does: the search index is already in the cache (the installed
app ships one; from source, the first start builds it there). It is built beforehand by
``python -m handbook index`` in a separate process; ``--cold`` builds it inside the session instead,
as the very first start from source does (that start also holds the index writer's garbage).

Numbers depend on the machine and on what else runs; the README and docs/ say where they were measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# As the app does (handbook.app.run): PySide, then at once no reading of the sources of the modules
# imported after it. Else PySide reads this harness's own modules (statistics, random, fractions…)
# and linecache keeps them: 1.3 MB in the RSS measured that the app never has.
import PySide6.QtCore  # noqa: E402,F401

from handbook.ui.pyside_sources import skip_source_scan  # noqa: E402

skip_source_scan()

from common import percentile  # noqa: E402
from working_day import Worker, rounds, rss_bytes  # noqa: E402

MB = 1024 * 1024


def wait_until(predicate, what: str, timeout_s: float = 30.0) -> None:
    """Process events (no sleeping, so the time measured is the app's) until predicate() holds."""
    from PySide6.QtCore import QEvent, QEventLoop
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"not responsive: {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the running app's event loop does


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=1, help="run the whole day this many times (default 1)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--cold", action="store_true", help="no index in the cache: the session builds it")
    args = parser.parse_args(argv)

    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QSettings, qVersion
    from PySide6.QtWidgets import QApplication

    from handbook.app import create_window, load_startup_content

    app = QApplication.instance() or QApplication(["handbook-benchmark"])
    tmp = Path(tempfile.mkdtemp(prefix="handbook-day-"))
    os.environ.setdefault("HANDBOOK_CACHE_DIR", str(tmp / "cache"))
    if not args.cold:
        import subprocess

        subprocess.run([sys.executable, "-m", "handbook", "index"], check=True, cwd=ROOT, capture_output=True,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    window, search, settings = create_window(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    window.show()
    window.activateWindow()
    ready = []
    search.ready.connect(lambda: ready.append(True))
    load_startup_content(window, search, settings, None)
    wait_until(lambda: bool(ready) and window.isActiveWindow(), "the search index opens", 120)
    rss_start = rss_bytes()
    index_source = search.engine.source

    worker = Worker(window, wait_until)
    started = time.perf_counter()
    for day in range(args.days):
        for number, queries in enumerate(rounds(4)):
            worker.round(queries, number + 4 * day)
            if not args.json:
                print(f"  day {day + 1} round {number + 1}: RSS {worker.stats.rss[-1] / MB:.1f} MB", flush=True)
    elapsed = time.perf_counter() - started
    s = worker.stats
    keys = s.key_ms
    result = {
        "python": platform.python_version(), "qt": qVersion(), "pyside6": pyside_version,
        "platform": os.environ.get("QT_QPA_PLATFORM", ""),
        "days": args.days, "index": index_source, "keys": s.characters, "queries": s.queries, "opened": s.opened,
        "flow_steps": s.flow_steps, "help_filters": s.help_filters, "hides": s.hides, "zooms": s.zooms,
        "rss_start_mb": round(rss_start / MB, 1),
        "rss_after_round1_mb": round(s.rss[0] / MB, 1),
        "rss_end_mb": round(s.rss[-1] / MB, 1),
        "rss_growth_after_round1_mb": round((s.rss[-1] - s.rss[0]) / MB, 1),
        "rss_per_round_mb": [round(r / MB, 1) for r in s.rss],
        "key_ms_p50": round(percentile(keys, 50), 1), "key_ms_p90": round(percentile(keys, 90), 1),
        "key_ms_p99": round(percentile(keys, 99), 1), "key_ms_max": round(max(keys), 1),
        "key_ms_mean": round(statistics.fmean(keys), 1),
        "session_s": round(elapsed, 1),
    }
    window.close()
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"Python {result['python']}, Qt {result['qt']}, PySide6 {result['pyside6']} ({result['platform']}); "
              f"search index: {result['index']}")
        print(f"{s.characters} keys, {s.queries} queries, {s.opened} results opened, {s.flow_steps} flowchart steps, "
              f"{s.help_filters} help-list filters, {s.hides} quick hides, {s.zooms} zoom steps in {elapsed:.0f} s")
        print(f"RSS: start {result['rss_start_mb']} MB, after round 1 {result['rss_after_round1_mb']} MB, "
              f"end {result['rss_end_mb']} MB (growth after round 1: {result['rss_growth_after_round1_mb']:+} MB)")
        print(f"key → results painted: p50 {result['key_ms_p50']} ms, p90 {result['key_ms_p90']} ms, "
              f"p99 {result['key_ms_p99']} ms, max {result['key_ms_max']} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
