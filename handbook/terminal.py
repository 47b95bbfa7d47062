"""The command line's output on any terminal: never a UnicodeEncodeError, JSON always valid.

A terminal or a pipe whose encoding cannot hold «æøå» (``PYTHONIOENCODING=ascii``, ``LANG=C`` on an
old system, a Windows code page) crashed every command with a traceback. :func:`prepare` makes
stdout and stderr replace what they cannot show (``?``) instead, and :func:`dumps` writes JSON with
``\\u`` escapes there, so it stays exact and parseable.
"""

from __future__ import annotations

import codecs
import sys


def unicode_stream(stream) -> bool:
    """Whether ``stream`` can take any text (a UTF encoding)."""
    encoding = getattr(stream, "encoding", None) or "ascii"
    try:
        return codecs.lookup(encoding).name.startswith("utf")
    except LookupError:
        return False


def prepare() -> None:
    """stdout and stderr replace characters their encoding lacks, rather than raising."""
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and not unicode_stream(stream) and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="replace")
            except (ValueError, OSError):  # a stream that cannot be changed: leave it
                pass


def dumps(value, stream=None, **kwargs) -> str:
    """``json.dumps`` for ``stream`` (stdout by default): UTF-8 where it can, ``\\u`` escapes where not."""
    import json  # here, not at the top: the app's start (python -m handbook) imports this module

    return json.dumps(value, ensure_ascii=not unicode_stream(stream or sys.stdout), **kwargs)
