"""No dead code in handbook/: vulture, with a whitelist, in the normal test run (as qutebrowser runs it).

Code counts as used when the package, its tests, the benchmarks or the packaging scripts use
it; names that only Qt, Whoosh, Markdown or Python itself call are in tests/vulture_whitelist.py.
"""

from __future__ import annotations

from pathlib import Path

import vulture

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "handbook"
WHITELIST = ROOT / "tests" / "vulture_whitelist.py"
MIN_CONFIDENCE = 60  # vulture's default: 60 % is everything it can name (unused names, methods, attributes)


def dead_code(package: Path, *users: Path) -> list[str]:
    """vulture's report for what ``package`` defines and nothing in ``package`` or ``users`` uses."""
    finder = vulture.Vulture(verbose=False)
    finder.scavenge([str(package), *(str(u) for u in users)])
    return [item.get_report() for item in finder.get_unused_code(min_confidence=MIN_CONFIDENCE)
            if Path(item.filename).resolve().is_relative_to(package.resolve())]


def test_the_package_has_no_dead_code():
    found = dead_code(PACKAGE, ROOT / "tests", ROOT / "build", WHITELIST)
    assert not found, "dead code (delete it, or whitelist what outside code calls):\n" + "\n".join(found)


def test_the_finder_would_see_dead_code(tmp_path):
    """Guard: the same call reports an unused function and attribute, so the test above can fail."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text("def used():\n    return 1\n\n\ndef never_called():\n    return 2\n\n\nused()\n",
                                    encoding="utf-8")
    found = dead_code(package, WHITELIST)
    assert len(found) == 1 and "never_called" in found[0], found
