"""handbook.atomic: a file is written whole or not at all, and a failure is said in bokmål.

Real files, a real full disk (a tmpfs as root, else a file-size limit), a read-only folder, and a
writer killed with SIGKILL in the middle of its write.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from handbook import atomic
from faults import can_mount, file_size_limit, files_under, limit_file_size, read_only, read_only_works, small_disk

ROOT = Path(__file__).resolve().parent.parent
OLD = b"the previous good file\n"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_write_replaces_the_file_whole_and_leaves_nothing_else(tmp_path):
    target = tmp_path / "a.bin"
    target.write_bytes(OLD)
    data = os.urandom(300_000)
    assert atomic.write_bytes(target, data) == len(data)
    assert target.read_bytes() == data
    assert files_under(tmp_path) == ["a.bin"]


def test_modes_new_files_follow_the_umask_replaced_keep_theirs_private_ones_are_0600(tmp_path):
    old = os.umask(0o022)
    try:
        atomic.write_bytes(tmp_path / "new.pdf", b"x")
        assert _mode(tmp_path / "new.pdf") == 0o644
        kept = tmp_path / "kept.pdf"
        kept.write_bytes(b"old")
        kept.chmod(0o640)
        atomic.write_bytes(kept, b"new")
        assert _mode(kept) == 0o640
        atomic.write_bytes(tmp_path / "private.conf", b"x", private=True)
        assert _mode(tmp_path / "private.conf") == 0o600
        folder = atomic.ensure_dir(tmp_path / "a" / "b", private=True)
        assert _mode(folder) == 0o700 and _mode(folder.parent) == 0o700
    finally:
        os.umask(old)


def _assert_refused(exc: atomic.WriteError, target: Path, words: str) -> None:
    text = exc.message()
    assert words in text, text
    assert f"«{target.name}» ble ikke lagret." in text
    assert not any(english in text for english in ("No space", "Read-only", "Permission", "No such", "Errno"))


@pytest.mark.skipif(not can_mount(), reason="mounting a tmpfs needs root; the file-size limit test covers this")
def test_a_full_disk_keeps_the_old_file_and_leaves_no_partial_file(tmp_path):
    with small_disk(tmp_path / "disk", 64 * 1024) as disk:
        target = disk / "Håndbok.pdf"
        target.write_bytes(OLD)
        with pytest.raises(atomic.WriteError) as caught:
            atomic.write_bytes(target, b"%PDF" + os.urandom(200_000))
        _assert_refused(caught.value, target, "Disken er full.")
        assert target.read_bytes() == OLD
        assert files_under(disk) == ["Håndbok.pdf"]


def test_a_file_size_limit_keeps_the_old_file_and_leaves_no_partial_file(tmp_path):
    target = tmp_path / "cache.json"
    target.write_bytes(OLD)
    with file_size_limit(40_000), pytest.raises(atomic.WriteError) as caught:
        atomic.write_bytes(target, os.urandom(100_000))
    _assert_refused(caught.value, target, "større enn det som kan lagres her")
    assert target.read_bytes() == OLD
    assert files_under(tmp_path) == ["cache.json"]


def test_a_read_only_folder_and_a_missing_folder_are_said_in_bokmal(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "x.pdf").write_bytes(OLD)
    with read_only(folder):
        if not read_only_works(folder):
            pytest.skip("root without mount: a read-only folder cannot be made here")
        with pytest.raises(atomic.WriteError) as caught:
            atomic.write_bytes(folder / "x.pdf", b"new")
        assert "skrivebeskyttet" in caught.value.message() or "skrivetilgang" in caught.value.message()
    assert (folder / "x.pdf").read_bytes() == OLD
    with pytest.raises(atomic.WriteError) as caught:
        atomic.write_bytes(tmp_path / "gone" / "x.pdf", b"new")
    _assert_refused(caught.value, tmp_path / "gone" / "x.pdf", "Mappen finnes ikke.")


def test_a_check_that_fails_keeps_the_old_file(tmp_path):
    target = tmp_path / "x.pdf"
    target.write_bytes(OLD)
    with pytest.raises(atomic.WriteError) as caught:
        atomic.write_bytes(target, b"%PDF-1.4 cut off", check=lambda ends: ends.rstrip().endswith(b"%%EOF"))
    assert "ikke skrevet helt ferdig" in caught.value.message()
    assert target.read_bytes() == OLD
    assert files_under(tmp_path) == ["x.pdf"]


SLOW_WRITER = textwrap.dedent("""
    import sys, time
    from handbook import atomic
    def produce(fh):
        for _ in range(10_000):
            fh.write(b"y" * 4096)
            fh.flush()
            time.sleep(0.01)
    atomic.write_with(sys.argv[1], produce)
""")


def test_a_writer_killed_with_sigkill_leaves_the_old_file_and_the_next_write_sweeps_its_part(tmp_path):
    target = tmp_path / "settings.json"
    target.write_bytes(OLD)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(target)], env=env) as child:
        try:
            deadline = time.monotonic() + 60
            while not any(p.name.endswith(".part") and p.stat().st_size > 8192 for p in tmp_path.iterdir()):
                assert child.poll() is None and time.monotonic() < deadline, "the writer never started"
                time.sleep(0.02)
        finally:
            os.kill(child.pid, signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    assert target.read_bytes() == OLD
    leftovers = [p for p in files_under(tmp_path) if p.endswith(".part")]
    assert len(leftovers) == 1 and leftovers[0].startswith(".settings.json.")
    atomic.write_bytes(target, b"new")
    assert target.read_bytes() == b"new"
    assert files_under(tmp_path) == ["settings.json"]


def test_the_limit_in_a_subprocess_gives_efbig_not_a_signal(tmp_path):
    """RLIMIT_FSIZE in a child (the way tests without root fill a disk): a bokmål message, exit 3."""
    script = textwrap.dedent("""
        import sys
        from handbook import atomic
        try:
            atomic.write_bytes(sys.argv[1], b"z" * 100_000)
        except atomic.WriteError as exc:
            print(exc.message())
            sys.exit(3)
    """)
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "big.bin")], capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), preexec_fn=limit_file_size(10_000), timeout=60)
    assert done.returncode == 3, done.stderr
    assert "«big.bin» ble ikke lagret." in done.stdout
    assert files_under(tmp_path) == []
