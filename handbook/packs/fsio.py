"""Files written for good: a new file, written and fsynced (folders are fsynced with :func:`handbook.atomic.fsync_dir`).

What the store unpacks must be on the disk before the pointer names it (see :mod:`store`). These are
new files in a folder nobody reads until the pointer names it, so they need no temporary name; the
pointer itself, and every file that replaces another, goes through :mod:`handbook.atomic`.
"""

from __future__ import annotations

import os
from pathlib import Path


def write_new_file(path: Path, data: bytes) -> None:
    """Create ``path`` (it must not exist), write ``data`` and fsync it."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o644)
    try:
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
    finally:
        os.close(fd)
