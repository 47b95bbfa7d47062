"""``handbook search`` and ``handbook index``: the engine on the command line."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

from handbook import atomic, terminal
from handbook.content.errors import printable
from handbook.content.model import Handbook
from handbook.search import store
from handbook.search.engine import SearchEngine, SearchResult


def _record(result: SearchResult) -> dict:
    """``{"query", "took_ms", "understood": [{"id", "label", "words"}], "urgent", "hits"}``."""
    return {
        "query": result.query,
        "took_ms": round(result.took_ms, 3),
        **result.reading.to_json(),
        "hits": [h.to_json() for h in result.hits],
    }


MAX_QUERY_BYTES = 64 * 1024  # a longer --batch line is cut here (the rest of the line is skipped)
MAX_LINE_BYTES = 1024 * 1024  # a --batch line longer than this is not a query: the batch stops


class BatchError(ValueError):
    """The --batch input is not a text file of queries (a NUL byte, or a line without end)."""


def _readable(result: SearchResult, out) -> None:
    bold = out.isatty()
    hits, took_ms, reading = result.hits, result.took_ms, result.reading
    query = printable(result.query)  # a query from a file may hold terminal escape codes
    if query.strip():
        labels = " · ".join(printable(u.label) for u in reading.understood)
        print(f"Forstått: {labels}" if labels else "Forstått: ingenting bestemt (se «Hva gjør jeg nå?», F2)", file=out)
        if reading.urgent:
            print("Akutt: ring 112 først.", file=out)
    if not hits:
        print(f"Ingen treff for «{query}».", file=out)
        return
    print(f"{len(hits)} treff for «{query}» ({took_ms:.1f} ms):", file=out)
    for i, hit in enumerate(hits, 1):
        print(f"\n{i}. {printable(hit.title)}  [{hit.id}]  {hit.score:.2f}", file=out)
        s = hit.marked
        parts, at = [], 0
        for start, end in s.marks:
            word = s.text[start:end]
            parts += [s.text[at:start], f"\033[1m{word}\033[0m" if bold else f"*{word}*"]
            at = end
        parts.append(s.text[at:])
        print("   " + re.sub(r"\s+", " ", printable("".join(parts))).strip(), file=out)
        if hit.because:
            print("   fordi: " + " · ".join(r.label for r in hit.because), file=out)


def batch_queries(source):
    """Each line of a binary file as a query: invalid UTF-8 becomes U+FFFD, never an error.

    Lines longer than :data:`MAX_QUERY_BYTES` are cut there and the rest of the line skipped, up to
    :data:`MAX_LINE_BYTES`. Reading always ends: a NUL byte (``/dev/zero``, a binary file) or a line
    longer than that raises :class:`BatchError`.
    """
    while True:
        line = source.readline(MAX_QUERY_BYTES + 1)
        if not line:
            return
        if b"\0" in line:
            raise BatchError("inneholder NUL-tegn, så den er ikke en tekstfil med ett søk per linje")
        if len(line) > MAX_QUERY_BYTES and not line.endswith(b"\n"):
            skipped = len(line)
            while True:  # skip the rest of an overlong line, but not forever
                rest = source.readline(MAX_QUERY_BYTES)
                skipped += len(rest)
                if b"\0" in rest:
                    raise BatchError("inneholder NUL-tegn, så den er ikke en tekstfil med ett søk per linje")
                if not rest or rest.endswith(b"\n"):
                    break
                if skipped > MAX_LINE_BYTES:
                    raise BatchError(f"har en linje på over {MAX_LINE_BYTES // (1024 * 1024)} MB uten linjeskift, så "
                                     "den er ikke en tekstfil med ett søk per linje")
            line = line[:MAX_QUERY_BYTES]
        yield line.decode("utf-8", errors="replace").rstrip("\r\n")


def run_search(handbook: Handbook, args) -> int:
    """Search once (QUERY) or once per line of ``--batch FILE``."""
    query = " ".join(args.query) if args.query else None
    if query is None and not args.batch:
        print("handbook search: oppgi et søk (QUERY) eller --batch FILE.", file=sys.stderr)
        return 2
    engine = SearchEngine.open(handbook)
    out = sys.stdout
    try:
        if args.batch:
            try:
                source = sys.stdin.buffer if args.batch == "-" else open(args.batch, "rb")  # noqa: SIM115
            except OSError as exc:
                from handbook.content.safeio import oserror_text

                print(
                    f"handbook search: kan ikke lese {printable(args.batch)} ({oserror_text(exc)}). Sjekk filnavnet.",
                    file=sys.stderr,
                )
                return 2
            with source:
                try:
                    for query in batch_queries(source):
                        result = engine.timed_search(query, args.limit)
                        if args.json:
                            out.write(terminal.dumps(_record(result), out) + "\n")
                        else:
                            _readable(result, out)
                        out.flush()
                except BatchError as exc:
                    print(f"handbook search: {printable(args.batch)} {exc}. Oppgi en tekstfil (UTF-8), ett søk per "
                          "linje.", file=sys.stderr)
                    return 2
            return 0
        result = engine.timed_search(query, args.limit)
        if args.json:
            out.write(terminal.dumps(_record(result), out) + "\n")
        else:
            _readable(result, out)
        return 0
    finally:
        engine.close()


def run_index(handbook: Handbook, args) -> int:
    """Build the index into ``--out DIR`` (packaging) or make sure the cache holds one."""
    from handbook import paths
    from handbook.search.documents import documents, signature

    t0 = time.perf_counter()
    docs = list(documents(handbook))
    sig = signature(docs)
    try:
        if args.out:
            target = Path(args.out)
            if target.is_dir() and any(target.iterdir()) and store.read_meta(target) is None:
                print(
                    f"handbook index: {target} er en mappe som inneholder noe annet enn en søkeindeks. "
                    "Oppgi en tom eller ny mappe.",
                    file=sys.stderr,
                )
                return 1
            store.build_folder(docs, sig, target, private=False)  # it ships: readable by every user
            where, how = target, "built"
        else:
            opened = store.open_or_build(docs, sig, shipped=None, cache=paths.cache_dir() / "index")
            opened.index.close()
            where, how = opened.path, opened.source
    except OSError as exc:  # no English errno text, no temporary folder's path: what happened, and what to do
        what, advice = atomic.what_happened(exc)
        print(f"handbook index: søkeindeksen ble ikke skrevet til {printable(str(args.out or paths.cache_dir()))}. "
              f"{what} {advice}", file=sys.stderr)
        return 1
    ms = (time.perf_counter() - t0) * 1000
    label = {"cache": "var allerede oppdatert", "built": "er bygd", "memory": "holdes i minnet (ingen skrivbar mappe)"}
    print(f"Søkeindeksen {label.get(how, how)}: {len(docs)} seksjoner, signatur {sig}, {ms:.0f} ms → {where or '(minnet)'}")
    return 0
