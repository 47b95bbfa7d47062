"""Settings that can never stop the app from starting.

Real settings files (INI, written as text the way a person or a broken disk
would leave them), the real Settings service, a real window, and the real
program started in a process with a bad file where it keeps its settings.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel

from handbook.app import create_window
from handbook.settings import DECLARED, VERSION_KEY, Settings
from windows import settings_store

ROOT = Path(__file__).resolve().parent.parent
RESET_WORDS = "satt tilbake til standard"


def _ini(tmp_path: Path, body: str) -> QSettings:
    path = tmp_path / "settings.ini"
    path.write_text("[General]\n" + body + "\n", encoding="utf-8")
    return settings_store(tmp_path)


BAD_VALUES = [
    ("zoom", "Infinity"),
    ("zoom", "-Infinity"),
    ("zoom", "1e99999"),
    ("zoom", "-1e99999"),
    ("zoom", "NaN"),
    ("zoom", "120.5"),
    ("zoom", "99999999999999999999999"),
    ("zoom", "9" * 5000),  # more digits than int() takes from text
    ("zoom", "5"),  # below 50 %
    ("zoom", "301"),
    ("zoom", "true"),
    ("zoom", '"\\"120\\""'),  # a JSON string, as the INI file quotes it
    ("zoom", "[120]"),
    ("zoom", "1, 2"),  # QSettings reads a list
    ("zoom", "@ByteArray(120)"),
    ("zoom", ""),
    ("zoom", "[" * 20000 + "]" * 20000),  # nested deeper than the JSON parser recurses
    ("discreet", "1"),
    ("discreet", "yes"),
    ("keep_history", "NaN"),
    ("content_dir", "12"),
    ("content_dir", '"\\"a\\\\u0000b\\""'),
    ("content_dir", '"\\"' + "x" * 10000 + '\\""'),
    ("favourites", '"\\"veileder/taushetsplikt\\""'),
    ("favourites", "[1, 2]"),
    ("favourites", '"[\\"\\"]"'),
    ("recent", "{}"),
    ("sidebar", '"\\"sideways\\""'),  # not one of auto/shown/hidden
]


@pytest.mark.parametrize("name, raw", BAD_VALUES, ids=[f"{n}={r[:20]}" for n, r in BAD_VALUES])
def test_a_bad_stored_value_becomes_the_default_is_removed_and_reported_once(tmp_path, name, raw):
    store = _ini(tmp_path, f"{name}={raw}\n{VERSION_KEY}=1")
    settings = Settings(store)
    declared = next(s for s in DECLARED if s.name == name)
    assert settings.get(name) == declared.default
    assert settings.take_resets() == [declared.label]
    assert settings.take_resets() == []
    assert settings.get(name) == declared.default
    assert settings.take_resets() == []
    text = (tmp_path / "settings.ini").read_text(encoding="utf-8")
    assert f"{name}=" not in text  # the file is repaired: the next start says nothing
    assert Settings(settings_store(tmp_path)).take_resets() == []


def test_good_values_written_by_the_app_are_kept_beside_a_bad_one(tmp_path):
    store = _ini(tmp_path, "zoom=1e99999")
    first = Settings(store)
    first.set("discreet", False)
    first.set("favourites", ["veileder/taushetsplikt", "hjelpeliste"])
    first.set("content_dir", "/srv/innhold med mellomrom/æøå")
    again = Settings(settings_store(tmp_path))
    assert again.take_resets() == []
    assert again.get("discreet") is False
    assert again.get("favourites") == ["veileder/taushetsplikt", "hjelpeliste"]
    assert again.get("content_dir") == "/srv/innhold med mellomrom/æøå"
    assert again.get("zoom") == 100


def test_set_clamps_zoom_and_refuses_values_it_could_not_read_back(tmp_path):
    settings = Settings(_ini(tmp_path, ""))
    settings.set("zoom", 10_000)
    assert settings.get("zoom") == 300
    for bad in (float("inf"), float("nan"), "120", None, True):
        settings.set("zoom", bad)
        assert settings.get("zoom") == 300
    settings.set("favourites", ["ok", 3])
    assert settings.get("favourites") == []
    assert settings.take_resets() == []


def _visible_texts(window) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisible() and label.text()]


def test_window_opens_with_impossible_settings_and_says_once_in_norwegian(qtbot, tmp_path, handbook):
    body = "zoom=Infinity\nkeep_history=NaN\ndiscreet_title=false\nsettings_version=1"
    window, _search, settings = create_window(_ini(tmp_path, body))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.set_handbook(handbook)
    notices = [t for t in _visible_texts(window) if RESET_WORDS in t]
    assert len(notices) == 1, _visible_texts(window)
    assert "«Tekststørrelse»" in notices[0] and "«Husk sist leste sider»" in notices[0]
    assert "Innstillingene" in notices[0]
    assert settings.get("zoom") == 100 and settings.get("keep_history") is False
    window.zoom_by(10)  # the app still works with the repaired store
    assert settings.get("zoom") == 110
    window.close()

    second, _search, _settings = create_window(settings_store(tmp_path))
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    assert [t for t in _visible_texts(second) if RESET_WORDS in t] == []


def _user_store_path(env: dict[str, str]) -> Path:
    """Where the app keeps the user's settings in this environment (asked of the app itself)."""
    code = "from handbook.app import user_settings_store; print(user_settings_store().fileName())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


@pytest.mark.skipif(sys.platform in ("win32", "darwin"),
                    reason="XDG_CONFIG_HOME moves the user's settings only on Linux (registry / .plist elsewhere)")
@pytest.mark.parametrize("raw", ["Infinity", "-Infinity", "1e99999"])
def test_the_program_starts_with_a_broken_user_settings_file(tmp_path, raw):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_CONTENT", "PYTHON"))}
    env.update(HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"), QT_QPA_PLATFORM="offscreen",
               HANDBOOK_CACHE_DIR=str(tmp_path / "cache"))
    path = _user_store_path(env)
    assert str(path).startswith(str(tmp_path)), path  # never the developer's own settings
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[General]\nzoom={raw}\nsettings_version=1\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "handbook", "--smoke-test"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test OK" in result.stdout
    assert "zoom=" not in path.read_text(encoding="utf-8")
