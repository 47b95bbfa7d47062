"""Issue 13: hostile and damaged content folders cannot hurt the app.

Every case of ``hostile_corpus`` is a content folder built here. For each:
``handbook check`` exits 1 (0 for the accepted ones) with a Norwegian problem naming
the file, no traceback, within a memory cap and a generous hang guard (a timeout,
not a time assertion); loading it in-process opens no file outside the folder.
"""

from __future__ import annotations

import builtins
import io
import os
import re
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

import hostile_corpus as corpus
from handbook.content import ContentError, load_handbook
from windows import settings_store

ROOT = Path(__file__).resolve().parent.parent
HANG_GUARD_S = 120  # a hang guard only: these finish in seconds
MEMORY_CAP = 2 * 1024**3  # address space of the check process; its peak RSS is asserted lower
MAX_RSS_MB = 400

# Runs `handbook ARGS` with an address-space cap and reports its peak RSS on stderr.
_GUARDED = (
    "import resource, sys\n"
    "cap = int(sys.argv[1])\n"
    "resource.setrlimit(resource.RLIMIT_AS, (cap, cap))\n"
    "from handbook.cli import main\n"
    "code = main(sys.argv[2:])\n"
    "sys.stderr.write('maxrss_kb=%d\\n' % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    "sys.exit(code)\n"
)


def guarded_cli(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess:
    if sys.platform == "win32":  # no RLIMIT_AS: the hang guard alone
        return subprocess.run([sys.executable, "-m", "handbook", *args], capture_output=True, timeout=HANG_GUARD_S)
    return subprocess.run(
        [*prefix, sys.executable, "-c", _GUARDED, str(MEMORY_CAP), *args],
        capture_output=True,
        timeout=HANG_GUARD_S,
        cwd=ROOT,
    )


def peak_rss_mb(stderr: str) -> float | None:
    m = re.search(r"maxrss_kb=(\d+)", stderr)
    return int(m.group(1)) / 1024 if m else None


ALL_CASES = [pytest.param(c, id=c.name) for c in corpus.CASES + corpus.ACCEPTED]


@pytest.fixture
def hostile(request, tmp_path, content_dir):
    case = request.param
    if not corpus.can_build(case):
        pytest.skip(f"{case.name} needs {case.needs}")
    target, outside = corpus.build(case, content_dir, tmp_path)
    yield case, target, outside
    corpus.restore_permissions(tmp_path)


@pytest.mark.parametrize("hostile", ALL_CASES, indirect=True)
def test_check_names_the_file_in_norwegian_within_bounds(hostile):
    case, target, _outside = hostile
    prefix = corpus.as_non_root() if case.needs == "nonroot" else []
    done = guarded_cli("check", "--content", str(target), prefix=tuple(prefix))
    err = done.stderr.decode("utf-8", errors="replace")
    out = done.stdout.decode("utf-8", errors="replace")
    assert "Traceback" not in err + out and "Error" not in err, err
    assert "\x1b" not in err + out, "control characters reach the terminal"
    rss = peak_rss_mb(err)
    assert rss is not None and rss < MAX_RSS_MB, f"peak RSS {rss} MB"
    if not case.file:
        assert done.returncode == 0, err
        assert out.startswith("OK: ")
        return
    assert done.returncode == 1, err
    lines = [ln.strip() for ln in err.splitlines()]
    assert any(ln.startswith(case.file) and case.says in ln for ln in lines), (case.file, case.says, err)


@contextmanager
def recorded_opens(monkeypatch):
    """Every path opened through Python (os.open, open, io.open) while the block runs."""
    opened: list[str] = []
    real_os_open, real_open = os.open, builtins.open

    def os_open(path, *args, **kwargs):
        opened.append(os.fsdecode(path))
        return real_os_open(path, *args, **kwargs)

    def py_open(file, *args, **kwargs):
        if not isinstance(file, int):
            opened.append(os.fsdecode(file))
        return real_open(file, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(os, "open", os_open)
        m.setattr(builtins, "open", py_open)
        m.setattr(io, "open", py_open)
        yield opened


def _fds() -> set[str]:
    return set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else set()


@pytest.mark.parametrize("hostile", ALL_CASES, indirect=True)
def test_loading_opens_nothing_outside_the_folder(hostile, monkeypatch, handbook):
    case, target, _outside = hostile
    if case.needs == "nonroot" and os.geteuid() == 0:
        pytest.skip("root reads a mode-000 file; the CLI test drops that right")
    inside = os.path.realpath(target)
    fds = _fds()
    with recorded_opens(monkeypatch) as opened:
        try:
            load_handbook(target)
        except ContentError as exc:
            assert case.file, exc.problems
            assert any(str(p).startswith(case.file) for p in exc.problems)
        else:
            assert not case.file, f"{case.name} was accepted"
    outside_opens = [p for p in opened if os.path.commonpath([os.path.realpath(p), inside]) != inside]
    assert outside_opens == []
    assert _fds() <= fds  # nothing left open (a FIFO would stay open, blocked)


def test_problem_lines_point_at_the_key(tmp_content):
    path = tmp_content / "hjelpeliste.yaml"
    text = path.read_text(encoding="utf-8")
    police = text.index("id: politiet")  # the first entry's date, whatever it is
    checked = text.index("checked: ", police)
    text = text[:checked] + "checked: 2026-02-30" + text[checked + len("checked: 2026-11-26"):]
    path.write_text(text, encoding="utf-8")
    line = text[: text.index("checked: 2026-02-30")].count("\n") + 1
    with pytest.raises(ContentError) as info:
        load_handbook(tmp_content)
    found = [str(p) for p in info.value.problems]
    assert f"hjelpeliste.yaml:{line}: kontakt 'politiet': 'checked: 2026-02-30' er ikke en dato som finnes" in "\n".join(found)


def test_yaml_syntax_errors_are_norwegian(tmp_content):
    (tmp_content / "meta.yaml").write_text("title: a: b\nowner: [x\n", encoding="utf-8")
    with pytest.raises(ContentError) as info:
        load_handbook(tmp_content)
    text = "\n".join(str(p) for p in info.value.problems)
    assert "meta.yaml:1: YAML-feil: et kolon (':') står der det ikke kan stå" in text
    assert "not allowed" not in text and "mapping" not in text


def test_renderer_escapes_raw_html_even_when_the_check_is_bypassed():
    from handbook.content.render import Renderer

    renderer = Renderer()
    html, _links = renderer.render('Tekst\n\n<img src="file:///dev/zero">\n\nog <td background="/etc/passwd">x</td>')
    assert "<img" not in html and "<td" not in html
    assert "&lt;img" in html
    assert len(renderer.refused) == 3 and all("rå HTML" in r for r in renderer.refused)  # <img>, <td>, </td>
    html, _ = renderer.render("Avsnitt\n{: style=\"background-image: url(file:///x)\" background=\"/x\" }")
    assert "style" not in html and "background" not in html
    assert any("attributtet 'style'" in r for r in renderer.refused)
    # What the content may use stays: tables (aligned), line breaks in cells, entities, links.
    html, links = renderer.render("| a | b |\n|---|--:|\n| x<br>y | &amp; |\n\n[lenke](plan/x) og <https://x.no>")
    assert renderer.refused == []
    assert 'style="text-align: right;"' in html and "x<br>y" in html and "&amp;" in html
    assert links == ["plan/x", "https://x.no"]


def test_search_batch_reads_bytes(tmp_path, content_dir):
    batch = tmp_path / "queries.txt"
    batch.write_bytes(b"barnevern\n\xff\xfe vold \xc3\n--\n\x1b[31mrod\n")
    done = subprocess.run(
        [sys.executable, "-m", "handbook", "search", "--batch", str(batch), "--json", "--content", str(content_dir)],
        capture_output=True, timeout=HANG_GUARD_S, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    import json

    records = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert [r["query"] for r in records] == ["barnevern", "\ufffd\ufffd vold \ufffd", "--", "\x1b[31mrod"]
    assert records[0]["hits"]
    readable = subprocess.run(
        [sys.executable, "-m", "handbook", "search", "--batch", str(batch), "--content", str(content_dir)],
        capture_output=True, timeout=HANG_GUARD_S, cwd=ROOT,
    )
    assert readable.returncode == 0 and b"\x1b[31m" not in readable.stdout
    assert "«\\x1b[31mrod»".encode() in readable.stdout


def test_search_double_dash_is_a_query(content_dir):
    from handbook.cli import build_parser, main

    done = subprocess.run(
        [sys.executable, "-m", "handbook", "search", "--json", "--content", str(content_dir), "--"],
        capture_output=True, timeout=HANG_GUARD_S, cwd=ROOT, text=True,
    )
    assert done.returncode == 0, done.stderr
    assert '"query": "--"' in done.stdout
    assert build_parser().parse_args(["search", "--", "-x"]).query == ["-x"]
    assert main is not None


def test_content_setting_pointing_at_a_fifo_folder_shows_a_message(qtbot, tmp_content, tmp_path):
    """The settings' folder hangs nothing: the window says which file is wrong and shows the shipped content."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")

    from handbook.app import create_window, load_startup_content_in_background

    os.mkfifo(tmp_content / "plan" / "99-fifo.md")
    store = settings_store(tmp_path)
    window, search, settings = create_window(store)
    qtbot.addWidget(window)
    settings.set("content_dir", str(tmp_content))
    window.show()
    load_startup_content_in_background(window, search, settings, None)
    qtbot.waitUntil(lambda: window.banner.isVisible() and window.handbook is not None, timeout=60_000)
    assert "plan/99-fifo.md" in window.banner.text()
    assert "FIFO" in window.banner.text()
    assert window.handbook.content_dir != str(tmp_content)  # the shipped content is shown


def test_loader_bug_is_a_norwegian_problem_naming_the_file(tmp_content, monkeypatch):
    """An exception no check foresaw names the file being read, never the exception's text."""
    from handbook.content import loader

    def broken(*_args, **_kwargs):
        raise KeyError("an English detail")

    monkeypatch.setattr(loader.PageBuilder, "build", broken)
    with pytest.raises(ContentError) as info:
        load_handbook(tmp_content)
    text = "\n".join(str(p) for p in info.value.problems)
    assert text.startswith("plan/00-forord.md: filen kunne ikke leses")
    assert "English" not in text and "KeyError" not in text
