"""Qt's own texts stay bokmål whatever happened to the compiled catalogue (issue 19, defect 6).

The compiled ``.qm`` in the cache (or beside the ``.ts``) is untrusted input: truncated on a first
start with a nearly full disk, overwritten, unreadable, or impossible to write at all. Each case
runs the real ``translations.install`` in a fresh process (a translator is process-wide) and asks
Qt for its own «Cancel».
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from handbook import translations
from faults import small_disk

ROOT = Path(__file__).resolve().parent.parent
RESOURCES = ROOT / "resources"

INSTALL = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from PySide6.QtCore import QCoreApplication
    from handbook import translations
    app = QCoreApplication([])
    resources, cache = Path(sys.argv[1]), Path(sys.argv[2])
    translations.install(app, resources, cache)
    print(QCoreApplication.translate("QPlatformTheme", "Cancel"), flush=True)
    if len(sys.argv) > 3:  # then the files under it change while it runs
        for qm in list(cache.rglob("*.qm")) + list(resources.rglob("*.qm")):
            os.truncate(qm, 0)
        words = [QCoreApplication.translate("QPlatformTheme", w) for w in ("Cancel", "Save", "Open", "Close", "&Yes")]
        print(" ".join(words), flush=True)
""")


def _install(resources: Path, cache: Path, *extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDBOOK_")}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen", PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-c", INSTALL, str(resources), str(cache), *extra], env=env,
                          capture_output=True, text=True, timeout=180)


def _cached_name(resources: Path) -> str:
    ts = translations.source_file(resources)
    return f"{translations.CATALOGUE}-{hashlib.sha256(ts.read_bytes()).hexdigest()[:16]}.qm"


@pytest.fixture
def resources(tmp_path) -> Path:
    """The resources as a source checkout has them: the .ts, no compiled .qm beside it."""
    dest = tmp_path / "resources"
    shutil.copytree(RESOURCES, dest, ignore=shutil.ignore_patterns("*.qm", "icons"))
    return dest


@pytest.fixture
def good_qm(tmp_path, resources) -> bytes:
    qm = tmp_path / "good.qm"
    translations.compile_catalogue(translations.source_file(resources), qm)
    return qm.read_bytes()


def _bokmal(done: subprocess.CompletedProcess) -> None:
    assert done.returncode == 0, f"exit {done.returncode}: {done.stderr[-2000:]}"
    assert done.stdout.splitlines()[0] == "Avbryt", (done.stdout, done.stderr[-2000:])


def test_a_truncated_catalogue_in_the_cache_is_compiled_again(tmp_path, resources, good_qm):
    cache = tmp_path / "cache"
    (cache / "translations").mkdir(parents=True)
    (cache / "translations" / _cached_name(resources)).write_bytes(good_qm[: len(good_qm) * 28 // 100])
    _bokmal(_install(resources, cache))
    assert (cache / "translations" / _cached_name(resources)).read_bytes() == good_qm


def test_an_overwritten_catalogue_in_the_cache_is_compiled_again(tmp_path, resources, good_qm):
    cache = tmp_path / "cache"
    (cache / "translations").mkdir(parents=True)
    (cache / "translations" / _cached_name(resources)).write_bytes(os.urandom(len(good_qm)))
    _bokmal(_install(resources, cache))


def test_an_unreadable_catalogue_in_the_cache_is_compiled_into_memory(tmp_path, resources):
    cache = tmp_path / "cache"
    (cache / "translations" / _cached_name(resources)).mkdir(parents=True)  # a folder where the file should be
    _bokmal(_install(resources, cache))


def test_no_writable_cache_still_gives_bokmal(tmp_path, resources):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    _bokmal(_install(resources, blocker / "cache"))


def test_a_damaged_shipped_catalogue_falls_back(tmp_path, resources, good_qm):
    translations.source_file(resources).with_suffix(".qm").write_bytes(good_qm[:5000])
    _bokmal(_install(resources, tmp_path / "cache"))


def test_a_first_start_on_a_nearly_full_disk_gives_bokmal_and_leaves_no_cut_catalogue(tmp_path, resources, good_qm):
    with small_disk(tmp_path / "disk", 16 * 1024) as disk:
        if disk is None:
            pytest.skip("mounting a tmpfs needs root; the truncated-catalogue test covers the damage")
        _bokmal(_install(resources, disk / "cache"))
        left = [p for p in (disk / "cache").rglob("*") if p.is_file()]
        assert all(p.read_bytes() == good_qm for p in left), [(p.name, p.stat().st_size) for p in left]
    _bokmal(_install(resources, tmp_path / "roomy"))


def test_the_catalogue_changed_under_the_running_app_changes_nothing(tmp_path, resources):
    cache = tmp_path / "cache"
    done = _install(resources, cache, "truncate-after")
    assert done.returncode == 0, f"exit {done.returncode} (-7 is SIGBUS): {done.stderr[-2000:]}"
    assert done.stdout.splitlines() == ["Avbryt", "Avbryt Lagre Åpne Lukk &Ja"], done.stdout
