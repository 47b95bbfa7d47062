"""Every place the app writes, made to fail in turn (issue 19: «nothing false, nothing half-written»).

1. **Find the places.** The real app (tests/fault_session.py, started as ``handbook`` starts) runs
   under ``strace -f`` with HOME in a temporary folder; every file it opens for writing, creates,
   renames or makes a folder for is a place it writes. Each must be one of :data:`PLACES` (a new
   one fails this test until it is added here, with what must hold when it fails), and every place
   listed must be seen (so the list cannot go stale).
2. **Break each in turn.** For each place, the same session runs again with that folder holding
   its previous good state and then made to fail: a full disk (a tmpfs with a few KB free, as root)
   and a read-only folder (a read-only bind mount as root, chmod otherwise); once more with a
   file-size limit on the whole process (RLIMIT_FSIZE), which fails every larger write at once.
3. **What must hold.** The app ends normally, with no traceback; nothing says «Lagret» that was
   not saved, and a save that failed says why in bokmål; no partial file (``.part``, ``.tmp-*``,
   a QSaveFile temporary) is left; the previous good state is byte for byte intact; search works
   and Qt's own texts are still bokmål (a cache that cannot be written is used from memory).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from faults import can_mount, fill, limit_file_size, read_only, read_only_works, small_disk

ROOT = Path(__file__).resolve().parent.parent
OLD_PDF = b"%PDF-1.4\n% the previous good file\n%%EOF\n"
OLD_CONF = '[General]\nzoom=120\nfavourites="[\\"hjelpeliste\\"]"\nsettings_version=2\n'
SAVE_STEPS = ("page_pdf", "summary_pdf", "diagram_pdf")
PDF_NAMES = ("side.pdf", "sammendrag.pdf", "flytskjema.pdf")
NORWEGIAN_REASONS = ("Disken er full", "skrivebeskyttet", "skrivetilgang", "større enn det som kan lagres")
ENGLISH = re.compile(r"No space|Read-only file|Permission denied|Errno|Traceback|Error:")


@dataclass(frozen=True)
class Place:
    """A folder the app writes in, relative to the temporary root, and what lives there."""

    name: str
    folder: str
    user_visible: bool  # a failure there must be said to the user (a save she asked for)


PLACES = (
    Place("pdf", "out", True),  # «Lagre som PDF», the flowchart's summary and diagram
    Place("settings", "home/.config/Aas kommune", True),  # handbok.conf: pins, zoom
    Place("qt-dialog-state", "home/.config", False),  # QtProject.conf, put back after «Lagre som PDF»
    Place("index", "home/.cache/handbok/index", False),  # the search index (a cache)
    Place("catalogue", "home/.cache/handbok/translations", False),  # Qt's compiled bokmål (a cache)
)
TOLERATED = ("home/.cache/fontconfig", "home/.cache/mesa_shader_cache")  # system libraries' own caches


def _env(root: Path) -> dict[str, str]:
    home = root / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_", "XDG_"))}
    env.update(HOME=str(home), TMPDIR=str(root / "tmp"), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen",
               PYTHONIOENCODING="utf-8")
    return env


def _prepare(root: Path) -> None:
    """The previous good state: earlier PDFs, settings with a pin, an older index and catalogue."""
    for folder in ("home/.config/Aas kommune", "home/.cache/handbok/index/0000-older-version",
                   "home/.cache/handbok/translations", "out", "tmp"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name in PDF_NAMES:
        (root / "out" / name).write_bytes(OLD_PDF)
    (root / "home/.config/Aas kommune/handbok.conf").write_text(OLD_CONF, encoding="utf-8")
    (root / "home/.cache/handbok/index/0000-older-version/keep.seg").write_bytes(b"an older index")
    (root / "home/.cache/handbok/translations/qtbase_nb-0000000000000000.qm").write_bytes(b"an older catalogue")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _session(root: Path, strace_log: Path | None = None, preexec=None) -> tuple[dict, str, int]:
    command = [sys.executable, str(ROOT / "tests" / "fault_session.py"), str(root / "out")]
    if strace_log is not None:
        command = ["strace", "-f", "-qq", "-o", str(strace_log), "-e",
                   "trace=open,openat,creat,rename,renameat,renameat2,mkdir,mkdirat,truncate,link,linkat", *command]
    done = subprocess.run(command, cwd=root, env=_env(root), capture_output=True, text=True, timeout=600,
                          preexec_fn=preexec)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    return (json.loads(lines[-1]) if lines else {}), done.stderr, done.returncode


_WRITE = re.compile(r'^\d+\s+(open|openat|creat|rename|renameat2?|mkdir|mkdirat|truncate|link|linkat)\((.*)\)\s+=')


def _written(log: str, root: Path) -> set[Path]:
    """Every path under ``root`` the traced process opened for writing, created, renamed or made."""
    paths = set()
    for line in log.splitlines():
        m = _WRITE.match(line)
        if not m:
            continue
        call, args = m.groups()
        if call in ("open", "openat") and not re.search(r"O_WRONLY|O_RDWR|O_CREAT|O_TRUNC", args):
            continue
        for quoted in re.findall(r'"((?:[^"\\]|\\.)*)"', args):
            path = Path(quoted.encode().decode("unicode_escape").encode("latin-1").decode("utf-8", "replace"))
            path = path if path.is_absolute() else root / path
            if root in path.parents:
                paths.add(path)
    return paths


def _place_of(path: Path, root: Path) -> str | None:
    rel = path.relative_to(root).as_posix()
    if rel.startswith("tmp/") or rel == "tmp":
        return "tmp"
    for prefix in TOLERATED:
        if rel == prefix or rel.startswith(prefix + "/"):
            return "tolerated"
    best = None
    for place in PLACES:  # the deepest folder that holds it
        if rel == place.folder or rel.startswith(place.folder + "/"):
            if best is None or len(place.folder) > len(best.folder):
                best = place
    if best is not None and best.name == "qt-dialog-state" and "/" in rel[len(best.folder) + 1:]:
        return None  # only QtProject.conf lives directly in .config
    if best is None and rel in ("home", "home/.config", "home/.cache", "home/.cache/handbok"):
        return "parents"
    return best.name if best else None


@pytest.fixture(scope="module")
def places_written(tmp_path_factory) -> dict[str, set[str]]:
    if shutil.which("strace") is None:
        pytest.skip("strace is not installed")
    root = tmp_path_factory.mktemp("discover")
    _prepare(root)
    log = root / "strace.log"
    report, err, code = _session(root, strace_log=log)
    assert code == 0 and "error" not in report, err[-3000:] + json.dumps(report)
    found: dict[str, set[str]] = {}
    for path in _written(log.read_text(errors="replace"), root):
        found.setdefault(_place_of(path, root) or "UNKNOWN", set()).add(path.relative_to(root).as_posix())
    return found


def test_strace_finds_every_place_the_app_writes_and_no_other(places_written):
    assert "UNKNOWN" not in places_written, f"a place the app writes that this test does not break: " \
                                            f"{sorted(places_written['UNKNOWN'])}"
    missing = [p.name for p in PLACES if p.name not in places_written]
    assert missing == [], f"listed places the session never wrote (stale list or a session step missing): {missing}"
    assert places_written.get("tmp", set()) <= {"tmp"}, f"the app wrote to TMPDIR: {places_written['tmp']}"


def _kinds() -> list[str]:
    return ["full", "read-only"] if can_mount() else ["read-only"]


@contextlib.contextmanager
def _broken(root: Path, place: Place, kind: str):
    """``place``'s folder holding its previous state, then full or read-only while the session runs."""
    folder = root / place.folder
    before = _snapshot(folder)
    if kind == "read-only":
        with read_only(folder):
            if not read_only_works(folder):
                pytest.skip("root without mount: no read-only folder here")
            yield before
        return
    saved = root / f".saved-{place.name}"
    shutil.copytree(folder, saved)
    shutil.rmtree(folder)
    with small_disk(folder, 256 * 1024) as disk:
        assert disk is not None
        shutil.copytree(saved, disk, dirs_exist_ok=True)
        fill(disk, 2048)
        yield before
        (disk / ".filler").unlink()
        after_disk = _snapshot(disk)
        shutil.rmtree(saved)
        saved.mkdir()
        for rel, data in after_disk.items():  # keep what the session left, to be checked after unmount
            (saved / rel).parent.mkdir(parents=True, exist_ok=True)
            (saved / rel).write_bytes(data)
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(saved, folder)
    shutil.rmtree(saved)


def _leftovers(folder: Path) -> list[str]:
    """Partial files: atomic.py's .part, an index build's .tmp-*, QSaveFile's name.XXXXXX, our probe."""
    bad = re.compile(r"\.part$|^\.tmp-|\.probe$|\.conf\.[A-Za-z0-9]{6}$")
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if any(bad.search(part) for part in p.parts))


def _check_common(report: dict, err: str, code: int) -> None:
    assert code == 0, f"exit {code}: {err[-3000:]}"
    assert "Traceback" not in err, err[-3000:]
    assert "error" not in report, report
    assert report["top_hit"] == "hjelpeliste#kisif", report  # search works (from memory, if need be)
    assert report["cancel"] == "Avbryt", report  # Qt's texts stay bokmål


@pytest.mark.parametrize("kind", _kinds())
@pytest.mark.parametrize("place", PLACES, ids=lambda p: p.name)
def test_each_place_made_to_fail_in_turn(places_written, tmp_path, place, kind):
    root = tmp_path
    _prepare(root)
    with _broken(root, place, kind) as before:
        report, err, code = _session(root)
    _check_common(report, err, code)
    folder = root / place.folder
    after = _snapshot(folder)
    assert {k: v for k, v in after.items() if k in before} == before, "the previous good state was changed"
    assert _leftovers(folder) == [], f"partial files left: {_leftovers(folder)}"
    if place.name == "pdf":
        for step in SAVE_STEPS:
            text = report[step]
            assert "Lagret" not in text and "ble ikke lagret" in text, (step, text)
            assert any(reason in text for reason in NORWEGIAN_REASONS) and not ENGLISH.search(text), (step, text)
    else:  # PDFs elsewhere are saved, whole, and said so
        for step, name in zip(SAVE_STEPS, PDF_NAMES):
            data = (root / "out" / name).read_bytes()
            assert report[step] == f"Lagret: {root / 'out' / name}" and data.rstrip().endswith(b"%%EOF"), (step, report)
    settings_file = root / "home/.config/Aas kommune/handbok.conf"  # under both settings places
    if place.name in ("settings", "qt-dialog-state") and kind == "read-only":
        assert report["pin"] != "Festet i sidefeltet." and "kunne ikke lagres" in report["pin"], report["pin"]
        assert any(reason in report["pin"] for reason in NORWEGIAN_REASONS), report["pin"]
    elif place.name in ("settings", "qt-dialog-state"):  # full: the pin may fit in the last block, or not
        saved = "plan/4-plikt-til-a-handle" in settings_file.read_text(encoding="utf-8")
        assert (report["pin"] == "Festet i sidefeltet.") == saved, (report["pin"], saved)  # never a false word
        if not saved:
            assert "kunne ikke lagres" in report["pin"] and "Disken er full" in report["pin"], report["pin"]
    else:
        assert report["pin"] == "Festet i sidefeltet.", report
    if place.name == "index":
        assert report["source"] == "memory", report


def test_a_file_size_limit_on_the_whole_app(places_written, tmp_path):
    """RLIMIT_FSIZE: every write over 16 KB fails at once (PDFs, index, catalogue); the settings fit."""
    root = tmp_path
    _prepare(root)
    before = _snapshot(root)
    report, err, code = _session(root, preexec=limit_file_size(16 * 1024))
    _check_common(report, err, code)
    after = _snapshot(root)
    assert {k: v for k, v in after.items() if k in before and not k.endswith("handbok.conf")} == \
        {k: v for k, v in before.items() if not k.endswith("handbok.conf")}
    assert _leftovers(root) == [], _leftovers(root)
    for step in SAVE_STEPS:
        assert "ble ikke lagret" in report[step] and "Lagret:" not in report[step], (step, report[step])
    assert report["source"] == "memory" and report["pin"] == "Festet i sidefeltet.", report
