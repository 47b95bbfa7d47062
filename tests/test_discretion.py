"""Discretion on a laptop that may be used where the abuser lives (README, "Diskresjon").

The real app runs a working session with HOME and the XDG folders in a temporary folder; afterwards
every file it left is listed: the names are neutral, nothing typed or read is stored, Qt's file
dialog leaves no last folder behind, and settings of the old name were moved to the new one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handbook import legacy
from handbook.settings import Settings
from handbook.ui.file_dialogs import suggested_pdf_name

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).parent))
import app_session  # noqa: E402 - the session program, for its typed words
from windows import settings_store


def _home(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_", "XDG_"))}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"),
               XDG_DATA_HOME=str(home / ".local/share"), XDG_STATE_HOME=str(home / ".local/state"),
               TMPDIR=str(tmp_path / "tmp"), PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    for key in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "TMPDIR"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    return env


def _files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


@pytest.fixture
def session(tmp_path):
    """Run the session once, with settings and a cache left by a version that used the old name."""
    env = _home(tmp_path)
    home = Path(env["HOME"])
    old_conf = home / ".config" / "Aas kommune" / "handbok-vold.conf"
    old_conf.parent.mkdir(parents=True)
    old_conf.write_text('[General]\nzoom=130\nsettings_version=1\n', encoding="utf-8")
    old_index = home / ".cache" / "handbok-vold" / "index" / "abc"
    old_index.mkdir(parents=True)
    (old_index / "MAIN_1.toc").write_bytes(b"old index")
    out = tmp_path / "saved"
    out.mkdir()
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "app_session.py"), str(out)], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    return home, out, report, done.stderr, tmp_path / "tmp"


def test_a_session_leaves_only_neutral_names_and_nothing_typed_or_read(session):
    home, out, report, stderr, tmp = session
    # What others see: the window title, the window class / app id, the suggested PDF name.
    assert report["title"] == "Håndbok"
    assert report["application"] == "handbok" and report["desktop_file"] == "handbok"
    assert report["suggested"] == "Håndbok.pdf"
    assert Path(report["pdf"]) == out / "Håndbok.pdf" and (out / "Håndbok.pdf").read_bytes().startswith(b"%PDF")
    # The offscreen platform says what it cannot do for dialogs; nothing else may be on stderr.
    assert [line for line in stderr.splitlines() if not line.startswith("This plugin does not support")] == []

    files = _files(home)
    assert not [f for f in files if "vold" in f.lower()], files  # no name gives the topic away
    # Everything the app keeps: its index and Qt catalogue in the cache, and the moved settings.
    unexpected = [f for f in files if not f.startswith((".cache/handbok/index/", ".cache/handbok/translations/"))
                  and f != ".config/Aas kommune/handbok.conf"]
    assert unexpected == [], unexpected  # no QtProject.conf, no recently-used.xbel, no history
    assert list(tmp.iterdir()) == []
    # Nothing typed is in any of them; nothing read outside the index (which holds every page).
    for name in files:
        data = (home / name).read_bytes()
        secrets = [app_session.TYPED, app_session.FILTERED]
        if "/index/" not in name:
            secrets += ["3-omfang-av-vold", "hjelpeliste", "Omfang"]
        for secret in secrets:
            assert secret.encode() not in data, f"{secret!r} written to {name}"


def test_settings_and_cache_of_the_old_name_are_moved_and_removed(session):
    home, _out, _report, _stderr, _tmp = session
    assert not (home / ".config" / "Aas kommune" / "handbok-vold.conf").exists()
    assert not (home / ".cache" / "handbok-vold").exists()
    moved = settings_store(home / ".config" / "Aas kommune", "handbok.conf")
    settings = Settings(moved)
    assert settings.get("zoom") == 130  # the user's own choice survives the move
    assert settings.get("discreet") is True
    assert sorted(moved.allKeys()) == ["settings_version", "zoom"]


def test_moving_never_overwrites_settings_already_under_the_new_name(tmp_path):
    old = settings_store(tmp_path, "old.conf")
    old.setValue("zoom", "150")
    new = settings_store(tmp_path, "new.conf")
    new.setValue("zoom", "90")
    new.sync()
    assert legacy.move_settings(new, old)
    assert new.value("zoom") == "90"
    assert not (tmp_path / "old.conf").exists()
    assert not legacy.move_settings(new, settings_store(tmp_path, "none.conf"))


def test_discreet_title_setting_of_version_1_becomes_the_default(tmp_path):
    store = settings_store(tmp_path, "s.conf")
    store.setValue("discreet_title", "true")
    store.setValue("settings_version", 1)
    settings = Settings(store)
    assert settings.get("discreet") is True
    assert settings.stored_keys() == []  # a store of defaults is empty


@pytest.mark.parametrize(("title", "discreet", "name"), [
    ("3. Omfang av vold og overgrep", True, "Håndbok.pdf"),
    ("3. Omfang av vold og overgrep", False, "3. Omfang av vold og overgrep.pdf"),
    ("Hvem kan hjelpe? / «Krise»: 1|2", False, "Hvem kan hjelpe «Krise» 1 2.pdf"),
    ("", False, "Håndbok.pdf"),
])
def test_suggested_pdf_names(title, discreet, name):
    assert suggested_pdf_name(title, discreet) == name


@pytest.mark.qt_log_ignore(r"This plugin does not support propagateSizeHints\(\)")
@pytest.mark.parametrize("discreet", [True, False])
def test_the_flowchart_suggests_a_neutral_pdf_name_too(qtbot, handbook, tmp_path, discreet):
    from PySide6.QtWidgets import QFileDialog

    from handbook.app import create_window
    from qt_texts import run_modal

    window, _search, settings = create_window(settings_store(tmp_path, "s.ini"))
    qtbot.addWidget(window)
    window.show()
    window.set_handbook(handbook)
    settings.set("discreet", discreet)
    window.start_flow()
    name = run_modal(qtbot, window.actions["save_pdf"].trigger, lambda d: Path(d.selectedFiles()[0]).name, QFileDialog)
    assert (name == "Håndbok.pdf") is discreet
    assert discreet or name.startswith("hva-gjor-jeg-na-sammendrag-")
