"""The search index is a cache, and every cache is untrusted input (issue 19, defects 3, 4 and 8).

- Files changed under a running search (truncated, overwritten in place) neither kill it (SIGBUS
  through Whoosh's mmap) nor change its answers: a real ``handbook search --batch -`` process is
  asked the same queries before and after.
- A damaged ``handbook-index.json`` (deep nesting, a NUL in a file name, wrong types, huge,
  binary) is a rebuild, never a traceback in the search area, and the next start uses the rebuilt
  cache.
- A build killed with SIGKILL leaves a ``.tmp-*`` folder that the next start removes; a live
  build's folder is left alone.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from handbook.search import SearchEngine, store
from handbook.search.documents import documents, signature

ROOT = Path(__file__).resolve().parent.parent
QUERIES = ["vold", "krisesenter", "barnevernet melde", "kisif", "mannen min slår meg", "eldre økonomisk"]


@pytest.fixture(scope="module")
def sig(handbook):
    return signature(list(documents(handbook)))


def _env(cache: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDBOOK_")}
    env.update(HANDBOOK_CACHE_DIR=str(cache), PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return env


def _ask(proc: subprocess.Popen, query: str) -> list[str] | None:
    """One query to a running ``search --batch - --json``: the hit ids, or None if it died."""
    try:
        proc.stdin.write(query + "\n")
        proc.stdin.flush()
    except (BrokenPipeError, OSError):
        return None
    line = proc.stdout.readline()
    if not line:
        return None
    return [hit["id"] for hit in json.loads(line)["hits"]]


def _segments(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.name != store.META_FILE)


def _truncate_half(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def _truncate_empty(path: Path) -> None:
    os.truncate(path, 0)


def _overwrite_in_place(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as fh:  # the same inode, as a careless copy or a sync tool would
        fh.write(bytes((i * 7) % 251 for i in range(size)))


def _answers(cache: Path, queries: list[str]) -> dict[str, list[str]]:
    done = subprocess.run([sys.executable, "-m", "handbook", "search", "--batch", "-", "--json", "--limit", "20"],
                          env=_env(cache), input="".join(q + "\n" for q in queries), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return {json.loads(line)["query"]: [h["id"] for h in json.loads(line)["hits"]] for line in done.stdout.splitlines()}


@pytest.mark.parametrize("damage", [_truncate_half, _truncate_empty, _overwrite_in_place],
                         ids=["truncated-half", "truncated-empty", "overwritten"])
def test_files_changed_under_a_running_search_change_nothing(tmp_path, sig, damage):
    cache = tmp_path / "cache"
    expected = _answers(cache, QUERIES)  # builds the cache, and answers from an intact index
    assert all(expected.values()), expected
    folder = cache / "index" / sig
    with subprocess.Popen([sys.executable, "-m", "handbook", "search", "--batch", "-", "--json", "--limit", "20"],
                          env=_env(cache), stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True) as proc:
        try:
            assert _ask(proc, "hjelp") is not None  # the index is open (its words are not asked again below)
            for path in _segments(folder):
                damage(path)
            after = {q: _ask(proc, q) for q in QUERIES}  # words this process has not looked up before
        finally:
            proc.stdin.close()
            proc.wait(timeout=60)
            err = proc.stderr.read()
    assert proc.returncode == 0, f"the search process ended with {proc.returncode} (-7 is SIGBUS): {err[-2000:]}"
    assert after == expected


def _build(handbook, cache: Path, sig: str) -> Path:
    with SearchEngine.open(handbook, shipped=None, cache=cache) as engine:
        assert engine.source in ("built", "cache")
    return cache / sig


def _meta(folder: Path) -> dict:
    return json.loads((folder / store.META_FILE).read_text(encoding="utf-8"))


def _deep(folder: Path) -> None:
    (folder / store.META_FILE).write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")


def _deep_inside(folder: Path) -> None:
    meta = _meta(folder)
    text = json.dumps(meta)
    (folder / store.META_FILE).write_text(text[:-1] + ', "x": ' + "{\"a\": " * 50_000 + "1" + "}" * 50_000 + "}",
                                          encoding="utf-8")


def _nul_in_name(folder: Path) -> None:
    meta = _meta(folder)
    meta["files"]["MAIN\u0000.seg"] = {"size": 1, "sha256": "0" * 64}
    (folder / store.META_FILE).write_text(json.dumps(meta), encoding="utf-8")


def _wrong_types(folder: Path) -> None:
    meta = _meta(folder)
    meta["files"] = {name: {"size": str(info["size"]), "sha256": 5} for name, info in meta["files"].items()}
    (folder / store.META_FILE).write_text(json.dumps(meta), encoding="utf-8")


def _files_a_list(folder: Path) -> None:
    meta = _meta(folder)
    meta["files"] = [[name, info] for name, info in meta["files"].items()]
    (folder / store.META_FILE).write_text(json.dumps(meta), encoding="utf-8")


def _escaping_name(folder: Path) -> None:
    meta = _meta(folder)
    meta["files"]["../../../../etc/passwd"] = {"size": 1, "sha256": "0" * 64}
    (folder / store.META_FILE).write_text(json.dumps(meta), encoding="utf-8")


def _huge(folder: Path) -> None:
    meta = _meta(folder)
    meta["padding"] = "x" * (20 * 1024 * 1024)
    (folder / store.META_FILE).write_text(json.dumps(meta), encoding="utf-8")


def _binary(folder: Path) -> None:
    (folder / store.META_FILE).write_bytes(b"\xff\xfe\x00\x01" * 1000)


def _a_folder(folder: Path) -> None:
    (folder / store.META_FILE).unlink()
    (folder / store.META_FILE).mkdir()


DAMAGES = [_deep, _deep_inside, _nul_in_name, _wrong_types, _files_a_list, _escaping_name, _huge, _binary, _a_folder]


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda f: f.__name__.strip("_"))
def test_damaged_metadata_is_rebuilt_and_the_next_start_uses_the_cache(handbook, tmp_path, sig, damage):
    cache = tmp_path / "cache"
    folder = _build(handbook, cache, sig)
    damage(folder)
    with SearchEngine.open(handbook, shipped=None, cache=cache) as engine:
        assert engine.source == "built", engine.source
        assert engine.search("kisif", limit=1)[0].id == "hjelpeliste#kisif"
    with SearchEngine.open(handbook, shipped=None, cache=cache) as engine:
        assert engine.source == "cache"
    assert _meta(folder)["signature"] == sig


@pytest.mark.parametrize("damage", [_deep, _nul_in_name], ids=["deep", "nul"])
def test_damaged_metadata_never_puts_a_traceback_in_the_search_area(qtbot, handbook, tmp_path, sig, damage):
    from handbook.app import create_window
    from windows import settings_store

    cache = tmp_path / "cache"
    damage(_build(handbook, cache / "index", sig))
    window, search, _settings = create_window(settings_store(tmp_path))
    search._cache_dir = cache  # the window's own controller, pointed at the damaged cache
    search._shipped_dir = None
    qtbot.addWidget(window)
    window.show()
    failures: list[str] = []
    search.failed.connect(failures.append)
    window.set_handbook(handbook)
    search.open(handbook)
    qtbot.waitUntil(lambda: search.is_ready or bool(failures), timeout=120_000)
    banner = window.banner.text() if window.banner.isVisible() else ""
    assert failures == [] and "Traceback" not in banner and "Søket kunne ikke startes" not in banner, banner
    result = search.search_now("kisif")
    assert result.hits and result.hits[0].id == "hjelpeliste#kisif"


def _tmp_dirs(index: Path) -> list[Path]:
    return [p for p in index.iterdir() if p.name.startswith(".tmp-")] if index.exists() else []


def test_a_build_killed_with_sigkill_leaves_nothing_after_the_next_start(tmp_path, sig):
    cache = tmp_path / "cache"
    index = cache / "index"
    leftover = []
    for _attempt in range(20):  # the build takes about a second: catch it while its folder exists
        proc = subprocess.Popen([sys.executable, "-m", "handbook", "index"], env=_env(cache),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120
            while not _tmp_dirs(index) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.005)
            time.sleep(0.05)
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
        leftover = _tmp_dirs(index)
        if leftover:
            break
        if (index / sig).exists():
            import shutil

            shutil.rmtree(index / sig)
    assert leftover, "could not kill a build while its temporary folder existed"
    done = subprocess.run([sys.executable, "-m", "handbook", "index"], env=_env(cache), capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    assert _tmp_dirs(index) == [], "a killed build's folder survived the next start"


LIVE_BUILD = r"""
import sys, time
from pathlib import Path
from handbook.search import store
def slow(index, docs):
    print("building", flush=True)
    time.sleep(120)
store.write_documents = slow
store.build_folder([], "live", Path(sys.argv[1]) / "live")
"""


def test_a_live_builds_folder_is_left_alone(handbook, tmp_path, sig):
    index = tmp_path / "index"
    with subprocess.Popen([sys.executable, "-c", LIVE_BUILD, str(index)], env=_env(tmp_path), stdout=subprocess.PIPE,
                          text=True) as proc:
        try:
            assert proc.stdout.readline().strip() == "building"
            live = _tmp_dirs(index)
            assert live
            with SearchEngine.open(handbook, shipped=None, cache=index) as engine:
                assert engine.source == "built"
            assert all(p.exists() for p in live), "a live build's folder was removed"
        finally:
            proc.kill()
            proc.stdout.close()
