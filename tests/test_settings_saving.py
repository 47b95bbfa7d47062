"""Settings that are not saved never say they were, and two instances keep each other's pins (issue 19, defect 7).

Real INI files in real folders: a read-only folder (a read-only bind mount as root), a full disk,
and two real app processes pinning pages one after the other.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from faults import read_only, read_only_works, small_disk
import screen
from windows import open_window, settings_store

ROOT = Path(__file__).resolve().parent.parent
CTRL = Qt.KeyboardModifier.ControlModifier
PAGE_A = "plan/4-plikt-til-a-handle"
PAGE_B = "plan/3-omfang-av-vold-og-overgrep"


def _said(window) -> str:
    return screen.message_shown(window)


def _pin(qtbot, window, section: str) -> str:
    window.open_section(section)
    window.status.hide()
    qtbot.keyClick(window.page_view.browser, Qt.Key.Key_D, CTRL)
    return _said(window)


def _pinned(window) -> list[str]:
    return list(window.settings.get("favourites"))


def test_a_pin_in_a_read_only_settings_folder_says_so_once_and_stays_for_the_session(qtbot, handbook, tmp_path):
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "settings.ini").write_text("[General]\nzoom=120\nsettings_version=2\n", encoding="utf-8")
    before = (folder / "settings.ini").read_bytes()
    with read_only(folder):
        if not read_only_works(folder):
            pytest.skip("root without mount: no read-only folder here")
        window = open_window(qtbot, handbook, settings_store(folder))
        first = _pin(qtbot, window, PAGE_A)
        assert first != "Festet i sidefeltet.", first
        assert "kunne ikke lagres" in first and "skrivebeskyttet" in first and "lukkes" in first, first
        second = _pin(qtbot, window, PAGE_B)
        assert "skrivebeskyttet" not in second, "the reason is said once, not on every change"
        assert "lukkes" in second and second != "Festet i sidefeltet.", second
        assert _pinned(window) == [PAGE_A, PAGE_B]  # pinned for this session all the same
    assert (folder / "settings.ini").read_bytes() == before


def test_a_pin_on_a_full_disk_says_it_was_not_saved(qtbot, handbook, tmp_path):
    with small_disk(tmp_path / "conf", 8 * 1024) as folder:
        if folder is None:
            pytest.skip("mounting a tmpfs needs root")
        (folder / "settings.ini").write_text("[General]\nzoom=120\nsettings_version=2\n", encoding="utf-8")
        (folder / "filler").write_bytes(b"x" * 4096)
        window = open_window(qtbot, handbook, settings_store(folder))
        said = _pin(qtbot, window, PAGE_A)
        try:
            assert said != "Festet i sidefeltet." and "kunne ikke lagres" in said, said
            text = (folder / "settings.ini").read_text(encoding="utf-8")  # the file, not Qt's in-process cache
            assert text == "[General]\nzoom=120\nsettings_version=2\n", text
        finally:
            window.close()


def test_a_saved_pin_says_so(qtbot, handbook, tmp_path):
    window = open_window(qtbot, handbook, settings_store(tmp_path))
    assert _pin(qtbot, window, PAGE_A) == "Festet i sidefeltet."
    assert PAGE_A in (tmp_path / "settings.ini").read_text(encoding="utf-8")


INSTANCE = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from handbook.app import create_window
    from handbook.content import load_handbook
    window, _search, settings = create_window(QSettings(sys.argv[1], QSettings.Format.IniFormat))
    window.set_handbook(load_handbook(sys.argv[2]))
    settings.get("favourites")  # what this instance saw when it started
    print("ready", flush=True)
    sys.stdin.readline()
    window.open_section(sys.argv[3])
    window.toggle_pin()
    print("done", window.status.text(), flush=True)
""")


def _two_instances(conf: Path, first: str, second: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("HANDBOOK_")}
    env.update(PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    procs = [subprocess.Popen([sys.executable, "-c", INSTANCE, str(conf), str(ROOT / "content"), page], env=env,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for page in (first, second)]
    try:
        for proc in procs:
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()
        for proc in procs:  # one after the other, each having read the file before the other wrote
            proc.stdin.write("go\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            assert line.startswith("done"), proc.stderr.read()
    finally:
        for proc in procs:
            proc.stdin.close()
            proc.wait(timeout=60)
            proc.stdout.close()
            proc.stderr.close()


def _stored_pins(conf: Path) -> list[str]:
    from handbook.settings import Settings

    return Settings(settings_store(conf.parent, conf.name)).get("favourites")


def test_pins_from_two_instances_are_merged_not_dropped(tmp_path):
    conf = tmp_path / "handbok.conf"
    _two_instances(conf, PAGE_A, PAGE_B)
    assert sorted(_stored_pins(conf)) == sorted([PAGE_A, PAGE_B])


def test_an_unpin_in_one_instance_is_not_undone_by_a_pin_in_another(tmp_path):
    conf = tmp_path / "handbok.conf"
    conf.write_text(f'[General]\nfavourites="[\\"{PAGE_A}\\"]"\nsettings_version=2\n', encoding="utf-8")
    assert _stored_pins(conf) == [PAGE_A]
    _two_instances(conf, PAGE_A, PAGE_B)  # the first unpins A, the second (which saw A) pins B
    assert _stored_pins(conf) == [PAGE_B]
