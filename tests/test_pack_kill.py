"""kill -9 while a pack is applied, and two imports at once: real processes, real SIGKILL.

A child process (tests/pack_child.py) imports pack 1.2.0, printing each stage as it reaches it; the
test kills it with SIGKILL at 20 points spread over every stage (a random delay after the stage's
line, up to the time that stage takes), alternately over the shipped content and over an installed
1.1.0. On the next start — a fresh store reading the same folder, as the app does — the content
chosen must be either the old or the new one, complete (every file byte for byte), loadable, and
searchable; the store must take the update again afterwards.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from handbook.content import load_handbook
from handbook.packs import archive
from handbook.packs.errors import PackRefused
from handbook.packs.startup import content_order, index_dir_for, read_edition
from handbook.packs.store import PackStore
from packs_helpers import CONTENT, KISIF, NEW_KISIF, content_version, files_of, new_key, write_pack

ROOT = Path(__file__).resolve().parent.parent
CHILD = ROOT / "tests" / "pack_child.py"
SHIPPED = read_edition(CONTENT)
STAGES = ["start", "verified", "unpacking", "checking", "indexing", "prepared", "renamed", "switched", "done"]
POINTS = 20

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("kill")
    key = new_key()
    public = tmp / "test.pub"
    public.write_text(key.public.line() + "\n")
    v11 = content_version(tmp, "1.1.0", "2027-01-15")
    v12 = content_version(tmp, "1.2.0", "2027-03-01", kisif=NEW_KISIF)
    packs = {"1.1.0": write_pack(v11, key, tmp / "a.handbok"), "1.2.0": write_pack(v12, key, tmp / "b.handbok")}
    template = tmp / "template" / "innhold"
    store = PackStore(template, key.trusted, SHIPPED)
    store.commit(store.prepare(archive.open_pack(packs["1.1.0"], key.trusted)))
    files = {"1.0.0": files_of(CONTENT), "1.1.0": files_of(v11), "1.2.0": files_of(v12)}
    return {"key": key, "public": public, "packs": packs, "template": template, "files": files}


def child(root: Path, world, version: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDBOOK_")}
    env["HANDBOOK_CACHE_DIR"] = str(root.parent / "cache")
    return subprocess.Popen([sys.executable, str(CHILD), str(root), str(world["public"]), str(world["packs"][version])],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)


def stage_times(lines: list[str]) -> dict[str, float]:
    return {parts[1]: float(parts[2]) for parts in (line.split() for line in lines) if parts and parts[0] == "stage"}


def check_next_start(root: Path, world, old: str) -> str:
    """What a fresh start finds: the old or the new content, complete and searchable. Returns its version."""
    store = PackStore(root, world["key"].trusted, SHIPPED)
    store.sweep()
    folder, _installed = content_order(store, CONTENT)[0]
    hb = load_handbook(folder)
    version = hb.meta.content_version
    assert version in (old, "1.2.0"), version
    assert files_of(folder) == world["files"][version], f"{version} is not complete"
    from handbook.search.engine import SearchEngine

    engine = SearchEngine.open(hb, shipped=index_dir_for(folder), cache=root.parent / "cache-check")
    try:
        number = NEW_KISIF if version == "1.2.0" else KISIF
        assert "kisif" in engine.search(number)[0].contacts
    finally:
        engine.close()
    # What the kill left is swept, except a folder killed between its mkdir and its marker (a few
    # microseconds), which the sweep takes a minute later (store.MARKER_GRACE).
    assert [p.name for p in root.glob(".new-*/.preparing")] == [] if root.exists() else True
    assert all(not any(p.iterdir()) for p in root.glob(".new-*")) if root.exists() else True
    try:  # the store takes the update after the crash
        store.commit(store.prepare(archive.open_pack(world["packs"]["1.2.0"], store.trusted)))
    except PackRefused as exc:
        assert version == "1.2.0" and exc.reason == "same_version"
    assert store.current().manifest.content_version == "1.2.0"
    return version


def test_kill_9_at_20_points_of_applying_leaves_the_old_or_the_new_content_complete(world, tmp_path):
    calibration = tmp_path / "calibration" / "innhold"
    proc = child(calibration, world, "1.2.0")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    times = stage_times(out.splitlines())
    assert list(times) == STAGES, out
    spans = {s: max(0.002, times[STAGES[i + 1]] - times[s]) if i + 1 < len(STAGES) else 0.002
             for i, s in enumerate(STAGES)}

    rng = random.Random(21)
    targets = [STAGES[i % len(STAGES)] for i in range(POINTS)]
    rng.shuffle(targets)
    rows = []
    for i, target in enumerate(targets):
        old = "1.0.0" if i % 2 == 0 else "1.1.0"
        root = tmp_path / f"run-{i:02d}" / "innhold"
        if old == "1.1.0":
            shutil.copytree(world["template"], root)
        delay = rng.uniform(0, spans[target])
        proc = child(root, world, "1.2.0")
        seen = []
        for line in proc.stdout:
            parts = line.split()
            if parts and parts[0] == "stage":
                seen.append(parts[1])
                if parts[1] == target:
                    break
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        rest, err = proc.communicate(timeout=60)
        seen += [p.split()[1] for p in rest.splitlines() if p.startswith("stage")]
        killed = proc.returncode == -signal.SIGKILL
        assert killed or proc.returncode == 0, err
        version = check_next_start(root, world, old)
        rows.append((i, old, target, round(delay * 1000, 1), seen[-1] if seen else "-", killed,
                     "new" if version == "1.2.0" else "old"))
    print("\npoint  from   kill after   delay ms  last stage  killed  next start")
    for row in rows:
        print("{:>5}  {:<5}  {:<11}  {:>8}  {:<10}  {!s:<6}  {}".format(*row))
    outcomes = Counter(r[-1] for r in rows)
    print(f"old: {outcomes['old']}, new: {outcomes['new']}, killed: {sum(r[5] for r in rows)} of {POINTS}")
    assert outcomes["old"] and outcomes["new"]  # the kills landed on both sides of the switch
    assert set(r[2] for r in rows) == set(STAGES)


def test_two_imports_at_once_never_corrupt_the_store(world, tmp_path):
    outcomes = Counter()
    for round_ in range(4):
        root = tmp_path / f"round-{round_}" / "innhold"
        older, newer = child(root, world, "1.1.0"), child(root, world, "1.2.0")
        (out_old, err_old), (out_new, err_new) = older.communicate(timeout=300), newer.communicate(timeout=300)
        assert newer.returncode == 0 and "applied 1.2.0" in out_new, err_new
        assert (older.returncode, out_old.splitlines()[-1]) in ((0, "applied 1.1.0"), (3, "refused rollback")), err_old
        outcomes[out_old.splitlines()[-1]] += 1
        store = PackStore(root, world["key"].trusted, SHIPPED)
        current = store.current()
        assert current.manifest.content_version == "1.2.0"
        assert files_of(current.content_dir) == world["files"]["1.2.0"]
        state = store.state()
        if older.returncode == 0:
            assert store.verify(state.previous).manifest.content_version == "1.1.0"
        else:
            assert state.previous == ""
        assert sorted(p.name for p in root.iterdir()) == sorted(
            [".lock", "current.json", state.current] + ([state.previous] if state.previous else []))
    # The same pack twice at once: one applies it, the other is told it is already there.
    root = tmp_path / "same" / "innhold"
    first, second = child(root, world, "1.2.0"), child(root, world, "1.2.0")
    results = sorted([first.communicate(timeout=300)[0].splitlines()[-1], second.communicate(timeout=300)[0].splitlines()[-1]])
    assert results == ["applied 1.2.0", "refused same_version"]
    print(f"\nolder pack in 4 races: {dict(outcomes)}")
