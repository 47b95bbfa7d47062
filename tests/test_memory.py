"""What keeps the resident memory down stays done (issue 20: RSS after a working day's first round).

Each guard is structural and deterministic (which modules are loaded, which objects are kept),
never a memory figure: ``tests/benchmarks/working_day.py`` measures the RSS.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Loaded by nothing the app does: OpenSSL's libssl, sockets, asyncio's thirty modules, and the
# installed packages' metadata (Markdown looks its extensions up there when they are named by string).
NOT_LOADED = ("asyncio", "ssl", "_ssl", "socket", "urllib.request", "http.client", "cached_property",
              "importlib.metadata", "email", "_hashlib",  # _hashlib: OpenSSL's libcrypto (handbook.digest)
              # Snowball's other thirteen languages: the app stems Norwegian only
              "whoosh.lang.snowball.english", "whoosh.lang.snowball.swedish", "whoosh.lang.snowball.russian")

SEARCH_PROBE = r"""
import json, sys, tempfile
from pathlib import Path
from handbook.content import load_handbook
from handbook.search import SearchEngine

handbook = load_handbook(Path(sys.argv[1]))
cache = Path(tempfile.mkdtemp())
for _ in range(2):  # built into the cache, then opened from it
    engine = SearchEngine.open(handbook, shipped=None, cache=cache)
    engine.strict = True
    hits = [hit.id for query in ("krisesenter", "mannen min slår meg", "barnevernet") for hit in engine.search(query)]
    source = engine.source
    engine.close()
print(json.dumps({"hits": len(hits), "source": source, "loaded": sorted(m for m in sys.argv[2:] if m in sys.modules)}))
"""


def _run(probe: str, *args: str) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=180)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_content_and_search_load_no_network_asyncio_or_metadata_module(content_dir):
    """Whoosh's imports of urllib.request, of cached-property (→ asyncio) and of hashlib (→ OpenSSL) are
    stood in for while it loads; Markdown gets its extensions as instances; our SHA-256 is CPython's."""
    result = _run(SEARCH_PROBE, str(content_dir), *NOT_LOADED)
    assert result["hits"] > 0 and result["source"] == "cache"
    assert result["loaded"] == [], f"loaded by opening search and searching: {result['loaded']}"


def test_the_stand_ins_leave_the_real_modules_importable():
    """After Whoosh is imported, the names belong to the real modules again, Whoosh's property works, and
    Snowball's package, made without its ``__init__``, has all its languages once Whoosh asks for one."""
    probe = r"""
import json, sys
from handbook.search import store
import whoosh.reading, whoosh.compat
import cached_property, urllib.request
from whoosh.filedb.filestore import RamStorage
from whoosh.fields import Schema, TEXT
index = RamStorage().create_index(Schema(body=TEXT))
with index.writer() as writer:
    writer.add_document(body="vold")
reader = index.reader()
from handbook.search.analysis import stem
norwegian_only = sorted(m.rsplit(".", 1)[1] for m in sys.modules if m.startswith("whoosh.lang.snowball."))
from whoosh.lang import stemmer_for_language
import whoosh.lang.snowball
print(json.dumps({
    "stems": [stem("barnevernet"), stemmer_for_language("en")("running"), stemmer_for_language("sv")("flickorna")],
    "languages": [norwegian_only, len(whoosh.lang.snowball.classes)],
    "real": [hasattr(cached_property, "threaded_cached_property"), hasattr(urllib.request, "Request")],
    "deleted": repr(reader.deleted_docs_set), "cached": "deleted_docs_set" in vars(reader),
}))
"""
    result = _run(probe)
    assert result == {"real": [True, True], "deleted": "frozenset()", "cached": True,
                      "stems": ["barnevern", "run", "flick"], "languages": [["bases", "norwegian"], 14]}


def test_the_index_is_held_once_after_it_is_opened_from_checked_bytes(handbook, tmp_path):
    """The checked bytes are what Whoosh reads: opening and searching copies no index file or part of one.

    Whoosh's RamStorage copied a file whole into a BytesIO, and its compound file copied each part
    again: the index was in memory three times (about 2.8 MB of 4.2).
    """
    import tracemalloc

    from handbook.search import store
    from handbook.search.documents import documents, signature
    from handbook.search.scoring import Evaluator  # noqa: F401 - imported before tracing starts

    docs = list(documents(handbook))
    sig = signature(docs)
    folder = store.build_folder(docs, sig, tmp_path / sig)
    size = sum(p.stat().st_size for p in folder.iterdir() if p.name != store.META_FILE)
    assert size > 256 * 1024  # big enough that a copy would show

    tracemalloc.start()
    try:
        index = store.open_folder(folder, sig, len(docs))
        before = tracemalloc.take_snapshot()
        reader = index.reader()
        for term in (b"vold", b"barnevern", b"krisesent"):
            for field in reader.indexed_field_names():
                if (field, term) in reader:
                    list(reader.postings(field, term).all_ids())
        after = tracemalloc.take_snapshot()
    finally:
        tracemalloc.stop()
    grown = [stat for stat in after.compare_to(before, "lineno") if stat.size_diff > 64 * 1024]
    reader.close()
    index.close()
    assert grown == [], "copied while opening the reader and reading postings:\n" + "\n".join(map(str, grown))
