"""Worker threads share the main thread's malloc arena (glibc), instead of keeping one each.

glibc gives a thread that allocates while another holds the main arena an arena of its own, and
an arena keeps the pages it once used. The start-up's content loading and index opening run in
worker threads, and Python's lock lets one thread run at a time anyway, so extra arenas bring no
speed, only resident memory left behind (issue 20: about 1 MB after a working day's first
round). ``mallopt(M_ARENA_MAX, 1)`` is glibc's documented switch (``mallopt(3)``; the
environment's ``MALLOC_ARENA_MAX`` does the same but must be set before the process starts).
Elsewhere (Windows, macOS, musl) nothing is done.
"""

from __future__ import annotations

import sys

M_ARENA_MAX = -8  # glibc's malloc.h


def limit_arenas(count: int = 1) -> bool:
    """Threads allocate from at most ``count`` arenas from now on. True if glibc took it."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version  # noqa: B018 - glibc only: musl has no such symbol
        return bool(libc.mallopt(ctypes.c_int(M_ARENA_MAX), ctypes.c_int(count)))
    except (OSError, AttributeError):
        return False
