"""The Windows and macOS code paths, checked here on Linux.

Only the pipeline (.github/workflows/release.yml) builds on Windows and macOS. What
can be checked without those machines is checked here: the names the installer
script, build.py, the spec and the workflow must agree on; the lock file serving
every runner; where a frozen app finds its data; where each OS keeps the cache and
the settings; the system font sizes of each OS; the run-time hook's platform branch.
"""

from __future__ import annotations

import os
import re
import runpy
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
import build as build_script  # noqa: E402 - build/build.py, beside bundle_rules
import bundle_rules  # noqa: E402

from handbook import __version__, paths  # noqa: E402
from windows import settings_store

ISS = ROOT / "build" / "installer.iss"
WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"
LOCK = ROOT / "build" / "requirements.lock"


def _markers(system: str, python: str = "3.11.9") -> dict[str, str]:
    machine = {"win32": "AMD64", "darwin": "arm64"}.get(system, "x86_64")
    return {
        "sys_platform": system, "platform_system": {"win32": "Windows", "darwin": "Darwin"}.get(system, "Linux"),
        "os_name": "nt" if system == "win32" else "posix", "platform_machine": machine,
        "python_version": python.rsplit(".", 1)[0], "python_full_version": python, "implementation_name": "cpython",
        "platform_python_implementation": "CPython", "implementation_version": python, "platform_release": "",
        "platform_version": "", "extra": "",
    }


# --- the lock file ---------------------------------------------------------------------------


def test_the_lock_pins_every_package_exactly_with_hashes():
    entries = re.split(r"\n(?=\S)", LOCK.read_text(encoding="utf-8"))
    packages = [e for e in entries if e.strip() and not e.startswith("#")]
    assert len(packages) >= 20
    for entry in packages:
        first = entry.splitlines()[0]
        assert re.match(r"^[a-z0-9][a-z0-9._-]*==[^\s;]+( ;.*)? \\$", first), first
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"no hash: {first}"


@pytest.mark.parametrize("system, needs, lacks", [
    ("win32", {"pywin32-ctypes", "pefile", "colorama"}, {"macholib"}),
    ("darwin", {"macholib"}, {"pywin32-ctypes", "pefile"}),
    ("linux", set(), {"pywin32-ctypes", "pefile", "macholib"}),
])
def test_the_lock_serves_each_runner_with_its_own_pyinstaller_dependencies(system, needs, lacks):
    pins = build_script.locked_pins(LOCK, _markers(system))
    assert needs <= set(pins)
    assert not lacks & set(pins)
    for name in ("pyside6-essentials", "shiboken6", "pyinstaller", "pytest-qt", "whoosh-reloaded", "setuptools"):
        assert name in pins


@pytest.mark.parametrize("python", ["3.11.0", "3.11.9"])
def test_the_lock_never_pairs_pyside_6_12_with_a_mortal_none(python):
    pins = build_script.locked_pins(LOCK, _markers("win32", python))
    for name in ("pyside6-essentials", "shiboken6"):
        assert tuple(int(n) for n in pins[name].split(".")[:2]) < (6, 12), (name, pins[name])
    assert pins["pyside6-essentials"] == pins["shiboken6"]


def test_this_environment_holds_the_locked_versions_or_build_py_says_which_differ():
    problems = build_script.environment_problems(LOCK)
    assert all(re.match(r"^[a-z0-9._-]+: locked \S+, installed \S+", p) for p in problems), problems


# --- names the installer, build.py, the spec and the workflow share --------------------------


@pytest.mark.parametrize("system, machine, tag", [
    ("win32", "AMD64", "windows-x64"), ("darwin", "arm64", "macos-arm64"), ("darwin", "x86_64", "macos-x64"),
    ("linux", "x86_64", "linux-x86_64"), ("linux", "aarch64", "linux-arm64"),
])
def test_archive_names_say_the_platform(monkeypatch, system, machine, tag):
    monkeypatch.setattr(sys, "platform", system)
    monkeypatch.setattr(build_script.platform, "machine", lambda: machine)
    assert build_script.platform_tag() == tag


def test_frozen_executables_of_each_platform(tmp_path):
    win = bundle_rules.frozen_executables(tmp_path, "win32")
    assert [p.relative_to(tmp_path).as_posix() for p in win] == ["handbook/handbook-cli.exe", "handbook/handbook.exe"]
    mac = bundle_rules.frozen_executables(tmp_path, "darwin")
    assert [p.relative_to(tmp_path).as_posix() for p in mac] == ["Håndbok.app/Contents/MacOS/handbook"]
    assert bundle_rules.frozen_executables(tmp_path, "linux") == [tmp_path / "handbook" / "handbook"]


def _iss() -> str:
    raw = ISS.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup 6 needs the UTF-8 byte-order mark for å and æ"
    return raw[3:].decode("utf-8")


def _iss_value(text: str, key: str) -> str:
    return re.search(rf"^{key}=(.*)$", text, re.M).group(1).strip()


def test_installer_script_installs_what_build_py_makes():
    text = _iss()
    defines = dict(re.findall(r'^\s*#define (\w+) "([^"]*)"', text, re.M))
    assert defines["AppVersion"] == __version__  # the fallback when ISCC gets no /DAppVersion
    windows_app = bundle_rules.frozen_executables(Path("dist"), "win32")[1]
    assert defines["AppExe"] == windows_app.name
    source = re.search(r'^Source: "([^"]+)"', text, re.M).group(1)
    assert source == f"dist\\{bundle_rules.APP_NAME}\\*"
    assert _iss_value(text, "OutputDir") == "dist"
    assert _iss_value(text, "OutputBaseFilename") == f"{bundle_rules.APP_NAME}-{{#AppVersion}}-windows-x64-setup"
    root = ROOT / _iss_value(text, "SourceDir").replace("\\", "/").replace("..", ".")
    assert (ROOT / _iss_value(text, "SetupIconFile").replace("\\", "/")).is_file()
    assert root.resolve() == ROOT.resolve() or _iss_value(text, "SourceDir") == ".."
    assert _iss_value(text, "PrivilegesRequired") == "lowest"  # no administrator rights needed
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", _iss_value(text, "AppId"))
    assert 'MessagesFile: "compiler:Languages\\Norwegian.isl"' in text
    assert "Type: filesandordirs; Name: \"{app}\\_internal\"" in text  # an update leaves no old files


def test_installer_shows_the_programs_terms_and_ships_the_licence_folder():
    from handbook import licenses

    text = _iss()
    assert _iss_value(text, "LicenseFile") == licenses.PROJECT_LICENSE_FILE
    assert (ROOT / licenses.PROJECT_LICENSE_FILE).read_text(encoding="utf-8").strip()
    # Inno Setup reads a LicenseFile without byte-order mark as UTF-8 only from 6.3 on; the script says so.
    assert not (ROOT / licenses.PROJECT_LICENSE_FILE).read_bytes().startswith(b"\xef\xbb\xbf")
    assert "#if Ver < EncodeVer(6, 3, 0)" in text
    # The folder the build writes (bundle_licenses → _internal/licenses/OVERSIKT.txt) must exist to build.
    summary = f"dist\\{bundle_rules.APP_NAME}\\_internal\\{licenses.FOLDER}\\{licenses.SUMMARY}"
    assert f'#if !FileExists(AddBackslash(SourcePath) + "..\\{summary}")' in text, summary


def test_workflow_uses_the_names_the_installer_and_build_make():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "build\\installer.iss" in text
    assert "windows-x64-setup.exe" in text and "handbook-cli.exe" in text
    assert "--require-hashes" in text and "build/requirements.lock" in text
    assert "build/build.py --env current" in text and "build/check_bundle.py" in text
    for runner in ("windows-", "macos-", "ubuntu-"):
        assert f"os: {runner}" in text


# --- where a frozen app finds its data, and where each OS keeps the user's files --------------


def test_a_frozen_app_reads_content_index_and_resources_from_its_bundle(monkeypatch, tmp_path):
    for name in ("content", "index", "resources"):
        (tmp_path / name).mkdir()
    monkeypatch.setattr(sys, "_MEIPASS", str(tmp_path), raising=False)
    monkeypatch.delenv("HANDBOOK_CONTENT", raising=False)
    assert paths.default_content_dir() == tmp_path / "content"
    assert paths.resources_dir() == tmp_path / "resources"
    assert paths.shipped_index_dir() == tmp_path / "index"


def test_the_cache_never_goes_into_the_program_folder_on_any_os(monkeypatch, tmp_path):
    """Where platformdirs puts the cache for the app's name: the user's folders, never the install folder."""
    from platformdirs.macos import MacOS
    from platformdirs.unix import Unix
    from platformdirs.windows import Windows

    import platformdirs.windows

    local = tmp_path / "AppData" / "Local"
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", lambda csidl: str(local))  # no Windows shell here
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    windows = Path(Windows(paths.APP_NAME, appauthor=False).user_cache_dir)
    assert windows.is_relative_to(local) and paths.APP_NAME in windows.parts
    mac = Path(MacOS(paths.APP_NAME, appauthor=False).user_cache_dir)
    assert mac == tmp_path / "home" / "Library" / "Caches" / paths.APP_NAME
    assert Path(Unix(paths.APP_NAME, appauthor=False).user_cache_dir) == tmp_path / "home" / ".cache" / paths.APP_NAME


def test_settings_names_are_valid_registry_keys_and_file_names_on_every_os(qapp):
    """Windows keeps QSettings in HKCU\\Software\\<organisation>\\<application>, macOS in a .plist, Linux in a .conf."""
    from PySide6.QtCore import QSettings

    from handbook.app import user_settings_store

    store = user_settings_store()
    assert store.format() == QSettings.Format.NativeFormat and store.scope() == QSettings.Scope.UserScope
    for name in (store.organizationName(), store.applicationName()):
        assert name and name == name.strip() and not re.search(r'[\\/:*?"<>|\x00-\x1f]', name), name


# --- the system font of each OS ----------------------------------------------------------------


@pytest.mark.parametrize("family, points, pixels, expected", [
    ("Segoe UI", 9.0, None, 11.0),  # Windows 10/11
    ("Helvetica Neue", 13.0, None, 13.0),  # macOS
    ("DejaVu Sans", 10.0, None, 11.0),  # many Linux desktops
    ("Sans Serif", None, 13, 11.0),  # a desktop that gives Qt a pixel-sized font
])
def test_page_text_is_at_least_11_points_whatever_the_system_font(qtbot, tmp_path, family, points, pixels, expected):
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    from handbook.app import create_window

    original = QApplication.font()
    system = QFont(family)
    if pixels:
        system.setPixelSize(pixels)
    else:
        system.setPointSizeF(points)
    QApplication.setFont(system)
    try:
        window, _search, _settings = create_window(settings_store(tmp_path, "s.ini"))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert window.page_view.font().pointSizeF() == pytest.approx(expected)
        assert window.search_box.font().pointSizeF() > window.page_view.font().pointSizeF() * 0.9
    finally:
        QApplication.setFont(original)


# --- the frozen app's run-time hook ---------------------------------------------------------------


@pytest.mark.parametrize("system, preset, expected", [
    ("linux", None, "xcb"), ("linux", "offscreen", "offscreen"), ("win32", None, None), ("darwin", None, None),
])
def test_runtime_hook_picks_xcb_only_on_linux(monkeypatch, system, preset, expected):
    monkeypatch.setattr(sys, "platform", system)
    if preset is None:
        monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    else:
        monkeypatch.setenv("QT_QPA_PLATFORM", preset)
    runpy.run_path(str(ROOT / "build" / "hooks" / "rthook_qt_platform.py"))
    assert os.environ.get("QT_QPA_PLATFORM") == expected
