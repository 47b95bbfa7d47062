"""The second layer alone: with the loader's HTML refusal bypassed, no view opens a file.

The content folder carries every form of resource reference the issue found (``<img src>``
absolute, ``file:``, ``../``; ``background`` on table/td/body; CSS ``url()``; ``<link>``
style sheets; Markdown images) in Markdown and in YAML fields shown by the help list and
the flowchart. Layer 1 (:mod:`handbook.content.markup`, the renderer's policy, the link
check) is switched off, the window shows every page, the help list, the flowchart, the
results and the printable documents, and the kernel (inotify) reports whether anything
opened the canary files outside the folder. An integration test does the same for the
issue's own reproduction (``file:///dev/zero``) under strace, with a memory cap.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

import hostile_corpus as corpus
from screen import hits_shown
from windows import settings_store

ROOT = Path(__file__).resolve().parent.parent
IN_ACCESS, IN_OPEN = 0x1, 0x20

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify and strace are Linux tools")


class OpenWatch:
    """Counts opens and reads of the files in a folder, by anyone in this process (inotify)."""

    def __init__(self, folder: Path) -> None:
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        assert self.fd >= 0
        assert self.libc.inotify_add_watch(self.fd, os.fsencode(folder), IN_OPEN | IN_ACCESS) >= 0

    def events(self) -> list[str]:
        names = []
        while True:
            try:
                data = os.read(self.fd, 65536)
            except BlockingIOError:
                return names
            at = 0
            while at < len(data):
                _wd, _mask, _cookie, length = struct.unpack_from("iIII", data, at)
                names.append(data[at + 16 : at + 16 + length].rstrip(b"\0").decode())
                at += 16 + length

    def close(self) -> None:
        os.close(self.fd)


def hostile_markup(outside: Path) -> str:
    png = outside / "secret.png"
    return "\n\n".join(
        [
            f'<img src="file://{png}">',
            f'<img src="{png}">',
            '<img src="../outside/secret.png">',
            f'<table background="{png}"><tr><td background="file://{png}">celle</td></tr></table>',
            f'<body background="{png}">',
            f'<p style="background-image: url(file://{png})">css</p>',
            f'<link rel="stylesheet" href="{outside / "style.css"}">',
            f"<style>@import url({outside / 'style.css'});</style>",
            f"![bilde]({png})",
            "![bilde](../outside/secret.png)",
            f'Avsnitt\n{{: style="background-image: url(file://{png})" }}',
        ]
    )


def write_hostile_folder(tmp_path: Path, content_dir: Path) -> tuple[Path, Path]:
    target = tmp_path / "content"
    shutil.copytree(content_dir, target)
    outside = tmp_path / "outside"
    corpus.write_canaries(outside)
    tag = f'<img src="{outside / "secret.png"}">'
    corpus.add_after_line(target, corpus.PLAN4, corpus.ANCHOR_LINE, hostile_markup(outside))
    corpus.replace(target, corpus.PLAN4, "title: 4.", f"summary: '{tag}'\ntitle: 4.")
    _inject_yaml(target / "hjelpeliste.yaml", "contacts", tag, ("name", "description", "plan_text"), "tags")
    _inject_yaml(target / "voldsformer.yaml", "forms", tag, ("name", "definition"), "examples")
    # The flowchart refuses digits in step texts (phone numbers belong in the help list): a relative path.
    _inject_yaml(target / "flyt.yaml", "nodes", '<img src="../outside/secret.png">', ("text", "detail"), None)
    contacts = yaml.safe_load((target / "hjelpeliste.yaml").read_text(encoding="utf-8"))
    for contact in contacts["contacts"]:
        for number in contact.get("numbers", []):
            number["label"] = f"{tag} {number['label']}"
    (target / "hjelpeliste.yaml").write_text(yaml.safe_dump(contacts, allow_unicode=True), encoding="utf-8")
    return target, outside


def _inject_yaml(path: Path, key: str, tag: str, fields: tuple[str, ...], list_field: str | None) -> None:
    """Put ``tag`` in front of each entry's text ``fields`` and into its ``list_field``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for entry in data[key]:
        for field in fields:
            if isinstance(entry.get(field), str):
                entry[field] = f"{tag} {entry[field]}"
        if list_field and isinstance(entry.get(list_field), list):
            entry[list_field] = [tag, *entry[list_field]]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def bypass_layer_one(monkeypatch) -> None:
    """Switch off every refusal of the loader's half of the policy."""
    from handbook.content import loader, markup, render

    monkeypatch.setattr(markup, "find_html", lambda text: [])
    monkeypatch.setattr(render._RawHtmlPolicy, "run", lambda self, text: text)
    monkeypatch.setattr(render._AttributePolicy, "run", lambda self, root: None)
    monkeypatch.setattr(loader._Loader, "_check_references", lambda *args, **kwargs: None)


def _paint(widget) -> None:
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    widget.grab()


def test_views_open_no_file_when_the_loader_lets_html_through(qtbot, tmp_path, content_dir, monkeypatch):
    from PySide6.QtGui import QImage, QPainter

    from handbook.app import create_window
    from handbook.content import load_handbook

    target, outside = write_hostile_folder(tmp_path, content_dir)
    monkeypatch.chdir(target)  # so "../outside/secret.png" would reach the canary if resolved against the cwd
    bypass_layer_one(monkeypatch)
    handbook = load_handbook(target)
    page = handbook.page("plan/4-plikt-til-a-handle")
    assert "<img" in page.html and "background" in page.html  # layer 1 is really off

    watch = OpenWatch(outside)
    try:
        window, search, _settings = create_window(settings_store(tmp_path, "s.ini"))
        qtbot.addWidget(window)
        window.resize(1024, 700)
        window.show()
        window.set_handbook(handbook)
        search.open(handbook)
        for p in handbook.pages:
            window.open_section(p.id)
            _paint(window)
        window.open_section("hjelpeliste")
        _paint(window)
        window.start_flow()
        _paint(window)
        panel = window.flow_view
        for node in handbook.flow.nodes:
            panel.show_node(node.id)
            _paint(window)
        panel.show_diagram()
        _paint(window)
        with qtbot.waitSignal(search.ready, timeout=60_000, raising=False):
            pass
        window.search_box.setText("politiet")
        qtbot.waitUntil(lambda: bool(hits_shown(window)), timeout=30_000)
        _paint(window)
        doc = window.page_view.printable_document()
        image = QImage(600, 800, QImage.Format.Format_ARGB32)
        painter = QPainter(image)
        doc.drawContents(painter)
        painter.end()
        window.open_section("plan/4-plikt-til-a-handle")
        refused = window.page_view.browser.document().refused
    finally:
        opened = watch.events()
        watch.close()
    assert opened == [], f"files outside the content folder were opened: {opened}"
    # The views were asked for the canaries, and said no: the test saw the attack happen.
    assert any("secret.png" in r for r in refused), refused
    assert any("style.css" in r for r in refused), refused


# The reproduction, with `check` bypassed, run as the real app's smoke test under strace.
_BYPASSED_SMOKE = """
import resource, sys
cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from handbook.content import loader, markup, render
markup.find_html = lambda text: []
render._RawHtmlPolicy.run = lambda self, text: text
render._AttributePolicy.run = lambda self, root: None
loader._Loader._check_references = lambda *args, **kwargs: None
from handbook.cli import main
sys.exit(main(["--smoke-test", "--content", sys.argv[2]]))
"""


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_repro_renders_without_reading_dev_zero_under_strace(tmp_path, content_dir):
    target = tmp_path / "z"
    shutil.copytree(content_dir, target)
    outside = tmp_path / "outside"
    corpus.write_canaries(outside)
    corpus.add_after_line(target, corpus.PLAN4, corpus.ANCHOR_LINE, '<img src="file:///dev/zero">')
    corpus.add_after_line(target, corpus.PLAN4, corpus.ANCHOR_LINE, f'<table background="{outside}/secret.png"><tr><td>x</td></tr></table>')
    log = tmp_path / "strace.log"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", str(log),
         sys.executable, "-c", _BYPASSED_SMOKE, str(4 * 1024**3), str(target)],
        capture_output=True, text=True, timeout=300, cwd=ROOT, env=env,
    )
    trace = log.read_text(errors="replace")
    if "openat(" not in trace:
        pytest.skip("strace cannot trace here (ptrace not permitted)")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "smoke test OK" in done.stdout
    opened = [line for line in trace.splitlines() if "/dev/zero" in line or str(outside) in line]
    assert opened == [], opened


@pytest.mark.skipif(shutil.which("strace") is None, reason="needs strace")
def test_check_opens_no_fifo_device_or_outside_file_under_strace(tmp_path, content_dir):
    target = tmp_path / "content"
    shutil.copytree(content_dir, target)
    outside = tmp_path / "outside"
    corpus.write_canaries(outside)
    os.mkfifo(target / "plan" / "98-fifo.md")
    os.symlink("/dev/zero", target / "plan" / "97-null.md")
    os.symlink(outside / "secret.png", target / "plan" / "96-ut.md")
    log = tmp_path / "strace.log"
    done = subprocess.run(
        ["strace", "-f", "-qq", "-e", "trace=open,openat,openat2", "-o", str(log),
         sys.executable, "-m", "handbook", "check", "--content", str(target)],
        capture_output=True, text=True, timeout=120, cwd=ROOT,
    )
    trace = log.read_text(errors="replace")
    if "openat(" not in trace:
        pytest.skip("strace cannot trace here (ptrace not permitted)")
    assert done.returncode == 1
    for name in ("98-fifo.md", "97-null.md", "96-ut.md"):
        assert f"plan/{name}" in done.stderr
    opened = [ln for ln in trace.splitlines() if any(s in ln for s in ("98-fifo", "/dev/zero", str(outside), "97-null", "96-ut"))]
    assert opened == [], opened
