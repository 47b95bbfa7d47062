"""The command line in odd environments (issue 19, defect 8): it always ends, in bokmål, without a traceback.

Real processes: an ASCII-only terminal (``PYTHONIOENCODING=ascii``), ``--batch /dev/zero``, a negative
``--limit``, and ``index --out`` on a read-only mount or a full disk.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from faults import files_under, read_only, read_only_works, small_disk

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = re.compile(r"Errno|Read-only file system|No space left|Permission denied|Traceback|Error:")


def _run(args: list[str], tmp_path: Path, timeout: float = 300, **env_extra: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_", "PYTHONIOENCODING", "LC_", "LANG"))}
    env.update(PYTHONPATH=str(ROOT), HANDBOOK_CACHE_DIR=str(tmp_path / "cache"), **env_extra)
    return subprocess.run([sys.executable, "-m", "handbook", *args], env=env, capture_output=True, timeout=timeout,
                          cwd=tmp_path)


ASCII_COMMANDS = {
    "check": ["check"],
    "export": ["export", "--jsonl"],
    "search": ["search", "kvinne slått av mannen sin, hva gjør jeg nå"],
    "search-json": ["search", "krisesenter", "--json"],
    "flow-paths": ["flow", "--paths"],
    "flow-json": ["flow", "--json"],
    "index": ["index"],
    "help": ["--help"],
    "search-help": ["search", "--help"],
    "version": ["--version"],
    "bad-argument": ["search", "--limit", "mange", "vold"],
}


@pytest.mark.parametrize("name", list(ASCII_COMMANDS))
def test_every_command_works_on_an_ascii_terminal(tmp_path, name):
    done = _run(ASCII_COMMANDS[name], tmp_path, PYTHONIOENCODING="ascii", LC_ALL="C")
    err = done.stderr.decode("ascii", errors="replace")
    assert "Traceback" not in err and "UnicodeEncodeError" not in err, err[-2000:]
    assert done.returncode == (2 if name == "bad-argument" else 0), err[-2000:]
    out = done.stdout.decode("ascii")  # nothing but ASCII reached the terminal
    if name in ("search-json", "flow-json"):
        parsed = json.loads(out)  # still valid JSON, with escapes for æøå
        assert "64972300" in json.dumps(parsed)
    if name == "export":
        first = json.loads(out.splitlines()[0])
        assert first["id"] and first["text"]


def test_a_content_error_on_an_ascii_terminal_is_still_a_message(tmp_path, tmp_content):
    (tmp_content / "statistikk.yaml").write_text("   \n", encoding="utf-8")
    done = _run(["check", "--content", str(tmp_content)], tmp_path, PYTHONIOENCODING="ascii")
    err = done.stderr.decode("ascii", errors="replace")
    assert done.returncode == 1 and "statistikk.yaml" in err and "Traceback" not in err, err


@pytest.mark.parametrize("limit", ["-5", "0", "100000000000"])
def test_a_limit_that_is_not_a_count_is_refused_in_bokmal(tmp_path, limit):
    done = _run(["search", "vold", f"--limit={limit}"], tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 2, done.stdout.decode()
    assert "Ingen treff" not in done.stdout.decode()
    assert "--limit må være et helt tall fra 1 til 1000" in err, err
    assert "argument" not in err and "invalid" not in err, err


def test_batch_from_dev_zero_ends_with_a_message(tmp_path):
    done = _run(["search", "--batch", "/dev/zero", "--json"], tmp_path, timeout=120)
    err = done.stderr.decode()
    assert done.returncode == 2, err
    assert "/dev/zero" in err and "tekstfil" in err, err
    assert "Traceback" not in err


def test_batch_of_one_endless_line_ends_with_a_message(tmp_path):
    endless = tmp_path / "endless.txt"
    with open(endless, "wb") as fh:
        fh.write(b"vold " * 2_000_000)  # 10 MB and no line break
    done = _run(["search", "--batch", str(endless), "--json"], tmp_path, timeout=300)
    err = done.stderr.decode()
    assert done.returncode == 2 and "linjeskift" in err and "Traceback" not in err, err


def test_index_out_on_a_read_only_mount_is_said_in_bokmal_without_temp_paths(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    with read_only(folder):
        if not read_only_works(folder):
            pytest.skip("root without mount: no read-only folder here")
        done = _run(["index", "--out", str(folder / "index")], tmp_path)
    err = done.stderr.decode()
    assert done.returncode == 1, err
    assert "skrivebeskyttet" in err, err
    assert not ENGLISH.search(err) and ".tmp-" not in err, err


def test_index_out_on_a_full_disk_is_said_and_leaves_nothing(tmp_path):
    with small_disk(tmp_path / "disk", 64 * 1024) as disk:
        if disk is None:
            pytest.skip("mounting a tmpfs needs root")
        done = _run(["index", "--out", str(disk / "index")], tmp_path)
        err = done.stderr.decode()
        assert done.returncode == 1, err
        assert "Disken er full" in err and not ENGLISH.search(err) and ".tmp-" not in err, err
        assert files_under(disk) == []
