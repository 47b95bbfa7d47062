"""Start-up milestones for the start-up benchmark: off unless ``HANDBOOK_STARTUP_TRACE`` names a file.

``tests/benchmarks/startup.py`` sets it to learn when the window's frame and its contents were
first painted, which no outside observer of the X server can see (the window is mapped once; its
paints are the program's own). Each milestone appends ``name seconds-since-the-epoch`` to the file.
Nothing is written, and nothing is read, when the variable is unset.
"""

from __future__ import annotations

import os
import time

VARIABLE = "HANDBOOK_STARTUP_TRACE"


def mark(name: str) -> None:
    """Append ``name`` and the time now to the trace file, if there is one (never raises)."""
    path = os.environ.get(VARIABLE)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as trace:
            trace.write(f"{name} {time.time():.6f}\n")
    except OSError:
        pass  # a benchmark's file: the app goes on without it
