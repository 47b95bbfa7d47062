"""The index on disk: shipped, cached, rebuilt when broken, atomic, shared by two app instances."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handbook.search import SearchEngine, build_index, store
from handbook.search.documents import documents, signature

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def docs(handbook):
    return list(documents(handbook))


@pytest.fixture(scope="module")
def sig(docs):
    return signature(docs)


def open_engine(handbook, cache, shipped=None) -> SearchEngine:
    return SearchEngine.open(handbook, shipped=shipped, cache=cache)


def works(engine: SearchEngine) -> bool:
    hits = engine.search("kisif", limit=1)
    return bool(hits) and hits[0].id == "hjelpeliste#kisif"


def index_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != store.META_FILE)


def segment(folder: Path) -> Path:
    return next(p for p in folder.iterdir() if p.suffix == ".seg")


def tmp_dirs(cache: Path) -> list[Path]:
    return [p for p in cache.iterdir() if p.name.startswith((".tmp-", ".trash-"))] if cache.exists() else []


# -- the normal path -------------------------------------------------------------


def test_first_open_builds_then_opens_the_cache(handbook, tmp_path, sig):
    cache = tmp_path / "cache"
    with open_engine(handbook, cache) as e:
        assert e.source == "built" and e.path == cache / sig and works(e)
    with open_engine(handbook, cache) as e:
        assert e.source == "cache" and works(e)
    assert [p.name for p in cache.iterdir()] == [sig]


def test_build_records_a_fingerprint(handbook, tmp_path, docs, sig):
    build_index(handbook, tmp_path / "out")  # its time is measured by tests/benchmarks/latency.py
    meta = json.loads((tmp_path / "out" / store.META_FILE).read_text())
    assert meta["signature"] == sig and meta["documents"] == len(docs)
    assert set(meta["files"]) == {p.name for p in index_files(tmp_path / "out")} - {"MAIN_WRITELOCK"}


def test_signature_covers_content_and_versions(handbook, docs, sig, monkeypatch):
    changed = [dict(d) for d in docs]
    changed[0]["body"] += " endret"
    assert signature(changed) != sig
    monkeypatch.setattr("handbook.search.documents.SCHEMA_VERSION", 999)
    assert signature(docs) != sig
    monkeypatch.undo()
    monkeypatch.setattr("whoosh.versionstring", lambda: "0.0.0")
    assert signature(docs) != sig


def test_shipped_index_is_opened_read_only(handbook, tmp_path):
    shipped = tmp_path / "shipped"
    build_index(handbook, shipped)
    before = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in shipped.iterdir()}
    for p in shipped.iterdir():
        p.chmod(0o444)
    shipped.chmod(0o555)
    try:
        cache = tmp_path / "cache"
        with open_engine(handbook, cache, shipped=shipped) as e:
            assert e.source == "shipped" and e.path == shipped and works(e)
        assert not cache.exists()
        after = {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in shipped.iterdir()}
        assert after == before
    finally:
        shipped.chmod(0o755)


def test_content_override_rebuilds_into_the_cache(handbook, tmp_path, tmp_content):
    from handbook.content import load_handbook

    shipped = tmp_path / "shipped"
    build_index(handbook, shipped)
    plan = tmp_content / "plan" / "00-forord.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\nEt nytt ord: blåbærsyltetøy.\n", encoding="utf-8")
    override = load_handbook(tmp_content)
    with open_engine(override, tmp_path / "cache", shipped=shipped) as e:
        assert e.source == "built"
        assert e.search("blåbærsyltetøy", limit=1)[0].id == "plan/forord"


# -- broken indexes are rebuilt ------------------------------------------------------


def _built(handbook, cache, sig) -> Path:
    with open_engine(handbook, cache) as e:
        assert e.source == "built"
    return cache / sig


def _assert_rebuilt(handbook, cache, sig):
    with open_engine(handbook, cache) as e:
        assert e.source == "built" and works(e)
    with open_engine(handbook, cache) as e:
        assert e.source == "cache" and works(e)
    assert store.open_folder(cache / sig, sig, len(list(documents(handbook)))) is not None
    assert tmp_dirs(cache) == []


def test_truncated_file_is_rebuilt(handbook, tmp_path, sig):
    folder = _built(handbook, tmp_path, sig)
    seg = segment(folder)
    seg.write_bytes(seg.read_bytes()[: seg.stat().st_size // 2])
    _assert_rebuilt(handbook, tmp_path, sig)


@pytest.mark.parametrize("victim", ["segment", "toc"])
def test_random_bytes_are_rebuilt(handbook, tmp_path, sig, victim):
    folder = _built(handbook, tmp_path, sig)
    path = segment(folder) if victim == "segment" else next(folder.glob("*.toc"))
    path.write_bytes(os.urandom(path.stat().st_size))
    _assert_rebuilt(handbook, tmp_path, sig)


@pytest.mark.parametrize("victim", ["segment", "toc", "meta", "all"])
def test_missing_files_are_rebuilt(handbook, tmp_path, sig, victim):
    folder = _built(handbook, tmp_path, sig)
    if victim == "all":
        shutil.rmtree(folder)
    elif victim == "meta":
        (folder / store.META_FILE).unlink()
    else:
        (segment(folder) if victim == "segment" else next(folder.glob("*.toc"))).unlink()
    _assert_rebuilt(handbook, tmp_path, sig)


def test_empty_folder_and_garbage_meta_are_rebuilt(handbook, tmp_path, sig):
    (tmp_path / sig).mkdir()
    _assert_rebuilt(handbook, tmp_path, sig)
    (tmp_path / sig / store.META_FILE).write_text("{not json", encoding="utf-8")
    _assert_rebuilt(handbook, tmp_path, sig)


@pytest.mark.parametrize("field, value", [("signature", "0" * 32), ("format", 999), ("documents", 1)])
def test_index_from_another_version_is_rebuilt(handbook, tmp_path, sig, field, value):
    folder = _built(handbook, tmp_path, sig)
    meta_path = folder / store.META_FILE
    meta = json.loads(meta_path.read_text())
    meta[field] = value
    meta_path.write_text(json.dumps(meta))
    _assert_rebuilt(handbook, tmp_path, sig)


def test_a_new_analyzer_version_builds_a_new_index(handbook, tmp_path, sig, monkeypatch):
    _built(handbook, tmp_path, sig)
    monkeypatch.setattr("handbook.search.documents.ANALYZER_VERSION", 999)
    with open_engine(handbook, tmp_path) as e:
        assert e.source == "built" and e.path != tmp_path / sig and works(e)


def test_unreadable_file_is_rebuilt(handbook, tmp_path, sig):
    folder = _built(handbook, tmp_path, sig)
    seg = segment(folder)
    seg.unlink()
    seg.mkdir()  # reading it fails with IsADirectoryError
    _assert_rebuilt(handbook, tmp_path, sig)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_file_without_read_permission_is_rebuilt(handbook, tmp_path, sig):
    folder = _built(handbook, tmp_path, sig)
    segment(folder).chmod(0)
    with open_engine(handbook, tmp_path) as e:
        assert works(e)


def test_broken_shipped_index_falls_back_to_the_cache(handbook, tmp_path):
    shipped = tmp_path / "shipped"
    build_index(handbook, shipped)
    seg = segment(shipped)
    seg.write_bytes(b"\0" * seg.stat().st_size)
    with open_engine(handbook, tmp_path / "cache", shipped=shipped) as e:
        assert e.source == "built" and works(e)


def test_no_writable_folder_keeps_the_index_in_memory(handbook, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with open_engine(handbook, blocker / "cache") as e:
        assert e.source == "memory" and e.path is None and works(e)
    with open_engine(handbook, None) as e:
        assert e.source == "memory" and works(e)


def test_default_cache_comes_from_paths(handbook, tmp_path, monkeypatch, sig):
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path / "user-cache"))
    with SearchEngine.open(handbook, shipped=None) as e:
        assert e.path == tmp_path / "user-cache" / "index" / sig


# -- crashes and concurrency -----------------------------------------------------------

_SLOW_BUILD = r"""
import sys, time
from pathlib import Path
from handbook.content import load_handbook
from handbook.search import store
from handbook.search.documents import documents, signature

hb = load_handbook(sys.argv[1])
docs = list(documents(hb))
phase = sys.argv[3]

def slow_write(index, docs):
    w = index.writer()
    for i, d in enumerate(docs):
        w.add_document(**d)
        if phase == "adding":
            print("adding", flush=True)
            time.sleep(0.05)
    w.commit()

def slow_install(tmp, target, signature, doc_count):
    print("installing", flush=True)
    time.sleep(60)

store.write_documents = slow_write
if phase == "installing":
    store._install = slow_install
store.build_folder(docs, signature(docs), Path(sys.argv[2]) / signature(docs))
print("done", flush=True)
"""


@pytest.fixture
def frozen(tmp_content):
    """A private copy of the content (the real folder may change while subprocesses run)."""
    from handbook.content import load_handbook

    hb = load_handbook(tmp_content)
    return tmp_content, hb, signature(list(documents(hb)))


@pytest.mark.parametrize("phase", ["adding", "installing"])
def test_a_build_killed_midway_leaves_no_broken_index(frozen, tmp_path, phase):
    content_dir, handbook, sig = frozen
    cache = tmp_path / "cache"
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_BUILD, str(content_dir), str(cache), phase],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout.readline().strip() == phase
        time.sleep(0.1)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
        proc.stdout.close()
    leftovers = tmp_dirs(cache)
    assert leftovers, "the killed build left its temporary folder"
    assert not (cache / sig).exists()
    # the next start ignores the leftover, builds a good index, and a later sweep removes it
    with open_engine(handbook, cache) as e:
        assert e.source == "built" and works(e)
    old = time.time() - 2 * 3600
    for p in leftovers:
        if p.exists():
            os.utime(p, (old, old))
    store.sweep(cache, keep=cache / sig)
    assert tmp_dirs(cache) == []


def test_half_written_temp_folder_with_truncated_files_is_ignored(handbook, tmp_path, sig):
    cache = tmp_path / "cache"
    folder = _built(handbook, cache, sig)
    half = cache / ".tmp-half-written"
    shutil.copytree(folder, half)
    for p in half.iterdir():
        p.write_bytes(p.read_bytes()[: p.stat().st_size // 3])
    shutil.rmtree(folder)
    with open_engine(handbook, cache) as e:
        assert e.source == "built" and works(e)
    assert half.exists()  # young: another instance might still be writing it


_OPEN_AND_SEARCH = r"""
import sys
from pathlib import Path
from handbook.content import load_handbook
from handbook.search import SearchEngine
hb = load_handbook(sys.argv[1])
with SearchEngine.open(hb, shipped=None, cache=Path(sys.argv[2])) as e:
    hits = e.search("kisif", limit=1)
    print(e.source, hits[0].id if hits else "-")
"""


@pytest.mark.parametrize("start", ["empty", "corrupt"])
def test_two_instances_at_once_corrupt_nothing(frozen, tmp_path, start):
    content_dir, handbook, sig = frozen
    cache = tmp_path / "cache"
    if start == "corrupt":
        folder = _built(handbook, cache, sig)
        segment(folder).write_bytes(b"broken")
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _OPEN_AND_SEARCH, str(content_dir), str(cache)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for p, (out, err) in zip(procs, outputs):
        assert p.returncode == 0, err
        source, top = out.split()
        assert source in {"built", "cache"} and top == "hjelpeliste#kisif"
    assert store.open_folder(cache / sig, sig, len(list(documents(handbook)))) is not None
    assert tmp_dirs(cache) == []
    with open_engine(handbook, cache) as e:
        assert e.source == "cache" and works(e)


def test_opening_a_cached_index_reads_it_without_writing(handbook, tmp_path, sig):
    # how fast it opens is measured by tests/benchmarks/latency.py, not asserted here
    _built(handbook, tmp_path, sig)
    before = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in (tmp_path / sig).iterdir()}
    for _ in range(3):
        with open_engine(handbook, tmp_path) as e:
            assert e.source == "cache"
    after = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in (tmp_path / sig).iterdir()}
    assert after == before and tmp_dirs(tmp_path) == []
