"""PySide reads the source of every module imported after it; the app tells it not to.

PySide 6.11's ``__feature__`` support (``shibokensupport.feature``) decides for each newly
imported module whether it "uses PySide" by reading its whole source (``inspect.getsource``),
which ``linecache`` then keeps for the life of the process: 346 files and 133,000 lines, about
11 MB of the heap after a working day's first round from source, and the reading itself at
start-up. The answer matters only to modules that select features (``from __feature__ import
snake_case``), and those set it themselves; for every other module 0 ("no features") and -1
("ignore this module") select the same, no, features. So every module is taken to use PySide,
without reading it. A frozen program has no sources and never paid this; where the private hook
is missing (another PySide version) nothing changes.
"""

from __future__ import annotations


def skip_source_scan() -> bool:
    """Stop PySide reading the sources of modules imported from now on; True if it was stopped."""
    try:
        from shibokensupport import feature  # noqa: PLC0415 - exists once PySide6 is imported
    except ImportError:
        return False
    if not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    feature._mod_uses_pyside = _uses_pyside
    return True


def _uses_pyside(_module) -> bool:
    return True
