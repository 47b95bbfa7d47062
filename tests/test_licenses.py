"""Third-party licences: collected from real installed distributions, shown in «Om» → «Lisenser».

The frozen bundle's folder is checked in tests/test_packaging.py (marker ``packaging``).
"""

from __future__ import annotations

import re
import shutil
import sys
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QPushButton, QTextBrowser, QWidget

from handbook import licenses
from windows import settings_store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build"))
import bundle_licenses  # noqa: E402 - build/ holds the build's half

LGPL = "GNU LESSER GENERAL PUBLIC LICENSE"
PSF = "PYTHON SOFTWARE FOUNDATION LICENSE VERSION 2"


# --- the model, from the real environment ----------------------------------------------------------

def test_from_source_every_runtime_dependency_has_its_licence_text():
    components = {c.name: c for c in licenses.source_components()}
    needed = {d.metadata["Name"].replace("_", "-") for d in licenses.runtime_distributions()} - {"handbok-vold"}
    assert {"PySide6-Essentials", "shiboken6", "Markdown", "Whoosh-Reloaded", "PyYAML", "phonenumbers",
            "platformdirs"} <= needed
    assert needed <= set(components)
    for component in components.values():
        assert component.texts and all(t.text.strip() for t in component.texts), component.name
    assert PSF in components["Python"].texts[0].text
    qt = components["Qt"]
    assert qt.version == metadata.version("PySide6-Essentials") and qt.license == "LGPL-3.0-only"
    assert any(LGPL in t.text for t in qt.texts)
    assert "Alle rettigheter forbeholdt" in components[licenses.PROJECT_TITLE].texts[0].text


def _fake_distribution(site: Path, name: str, license_file: str | None) -> metadata.Distribution:
    info = site / f"{name}-1.0.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.4", f"Name: {name}", "Version: 1.0", "License-Expression: MIT"]
    if license_file:
        lines.append(f"License-File: {license_file}")
        (info / "licenses").mkdir()
        (info / "licenses" / license_file).write_text("MIT License\n\nCopyright (c) Someone\n", encoding="utf-8")
    (info / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (info / "RECORD").write_text("", encoding="utf-8")
    return metadata.PathDistribution(info)


def test_a_distribution_without_licence_text_stops_the_build(tmp_path):
    with pytest.raises(licenses.MissingLicenseText, match=r"newcomer 1\.0 carries no licence text"):
        licenses.distribution_component(_fake_distribution(tmp_path, "newcomer", None))
    found = licenses.distribution_component(_fake_distribution(tmp_path / "b", "wellkept", "LICENSE"))
    assert found.license == "MIT" and found.texts[0].name == "LICENSE" and "Someone" in found.texts[0].text


def test_an_exception_goes_once_the_wheel_carries_its_own_text(tmp_path):
    """TEXTS_OBTAINED_ELSEWHERE may not hide a wheel's own text: the build says to drop the entry."""
    with pytest.raises(licenses.MissingLicenseText, match="remove it from TEXTS_OBTAINED_ELSEWHERE"):
        licenses.distribution_component(_fake_distribution(tmp_path, "shiboken6", "LICENSE"))


def test_every_committed_text_is_named_and_every_named_text_is_committed():
    named = {f for entry in licenses.TEXTS_OBTAINED_ELSEWHERE.values() for f in entry.files} | set(licenses.QT_TEXTS)
    committed = {p.name for p in licenses.committed_texts_dir().iterdir() if p.suffix == ".txt"}
    assert named == committed
    sources = (licenses.committed_texts_dir() / "SOURCES.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in sources for name in committed)


def test_folder_round_trip_keeps_every_text(tmp_path):
    components = licenses.source_components()
    licenses.write_folder(components, tmp_path / "licenses")
    again = licenses.read_folder(tmp_path / "licenses")
    assert [(c.name, c.version, c.license, c.texts) for c in again] == \
        [(c.name, c.version, c.license, c.texts) for c in licenses.ordered(components)]
    table = summary_rows((tmp_path / "licenses" / licenses.SUMMARY).read_text(encoding="utf-8"))
    assert len(table) == len(components)
    for c in components:
        line = next(line for line in table if line.startswith(c.name + " "))
        assert c.version in line and all(path in line for path in c.paths())
        assert all((tmp_path / "licenses" / path).is_file() for path in c.paths())


def summary_rows(summary: str) -> list[str]:
    """The table's rows in OVERSIKT.txt: the lines after the «Navn» header, up to the first blank line."""
    lines = summary.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Navn "))
    rows = []
    for line in lines[start + 1:]:
        if not line.strip():
            break
        rows.append(line)
    return rows


def test_unwrapping_for_the_screen_changes_line_breaks_only():
    texts = [t.text for c in licenses.source_components() for t in c.texts]
    assert len(texts) > 10
    for text in texts:
        shown = licenses.unwrap(text)
        assert shown.split() == text.split()
    gpl = (licenses.committed_texts_dir() / "LGPL-3.0.txt").read_text(encoding="utf-8")
    assert len(licenses.unwrap(gpl).splitlines()) < 0.6 * len(gpl.splitlines())  # paragraphs, not 72-char lines


# --- the build's half: which component made each collected file -------------------------------------

def test_build_traces_bundled_files_to_distributions_python_and_debian_packages(tmp_path):
    import json as json_module

    import yaml

    toc = [("yaml", yaml.__file__, "PYMODULE"), ("json", json_module.__file__, "PYMODULE"),
           ("handbook.licenses", licenses.__file__, "PYMODULE"),
           ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK")]
    system_lib = Path("/usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0")
    debian = shutil.which("dpkg-query") and system_lib.is_file()
    if debian:
        toc.append(("libxcb-cursor.so.0", str(system_lib), "BINARY"))
    by_dist, python, program, native = bundle_licenses.classify(toc, ROOT, [])
    assert set(by_dist) == {"pyyaml"} and python == ["json"] and program == ["handbook.licenses"]
    if debian:
        [component] = bundle_licenses.native_components(native)
        assert component.name == "libxcb-cursor0" and component.covers == ("libxcb-cursor.so.0",)
        assert "Copyright" in component.texts[0].text


def test_build_stops_on_a_native_file_nobody_can_be_found_for(tmp_path):
    stray = tmp_path / "libmystery.so.1"
    stray.write_bytes(b"\x7fELF")
    with pytest.raises(licenses.MissingLicenseText, match=r"libmystery\.so\.1"):
        bundle_licenses.collect([("libmystery.so.1", str(stray), "BINARY")], ROOT, [])


def test_qt_library_names_on_every_platform():
    for name in ("PySide6/Qt/lib/libQt6Core.so.6", "PySide6/Qt6Widgets.dll",
                 "PySide6/Qt/lib/QtGui.framework/Versions/A/QtGui"):
        assert bundle_licenses.QT_LIBRARY.search(name), name
    for name in ("PySide6/QtCore.abi3.so", "PySide6/QtCore.pyd", "libqxcb.so", "PySide6/Qt/lib/libicuuc.so.73"):
        assert not bundle_licenses.QT_LIBRARY.search(name), name


# --- «Om» → «Lisenser», as a user opens it -----------------------------------------------------------

def _window(qtbot, tmp_path, handbook, size=(911, 512)):
    from handbook.app import create_window

    window, _search, _settings = create_window(settings_store(tmp_path, "s.ini"))
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.set_handbook(handbook)
    return window


def _click_row(qtbot, dialog, starts_with: str) -> str:
    """Click the line in the list that starts with ``starts_with``; return what the text view then shows."""
    items = [dialog.list.item(i) for i in range(dialog.list.count())]
    item = next(i for i in items if i.text().startswith(starts_with))
    dialog.list.scrollToItem(item)
    qtbot.mouseClick(dialog.list.viewport(), Qt.MouseButton.LeftButton, pos=dialog.list.visualItemRect(item).center())
    return dialog.findChild(QTextBrowser).toPlainText()


def test_about_licenses_shows_qt_lgpl_and_python_licence(qtbot, tmp_path, handbook):
    window = _window(qtbot, tmp_path, handbook)
    seen: dict[str, str] = {}

    def in_licenses() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.windowTitle() != "Lisenser":
            QTimer.singleShot(20, in_licenses)
            return
        seen["overview"] = dialog.findChild(QTextBrowser).toPlainText()
        seen["qt"] = _click_row(qtbot, dialog, "Qt ")
        seen["python"] = _click_row(qtbot, dialog, "Python ")
        seen["rows"] = "\n".join(dialog.list.item(i).text() for i in range(dialog.list.count()))
        dialog.reject()

    def in_about() -> None:
        about = QApplication.activeModalWidget()
        if about is None:
            QTimer.singleShot(20, in_about)
            return
        button = next(b for b in about.findChildren(QPushButton) if b.text() == "Lisenser")
        QTimer.singleShot(0, in_licenses)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        about.reject()

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTimer.singleShot(0, in_about)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F1)
    assert "Bytte Qt-bibliotekene (LGPL-3.0)" in seen["overview"]
    assert "alle rettigheter forbeholdt" in seen["overview"]
    for name in ("PySide6-Essentials", "shiboken6", "Markdown", "Whoosh-Reloaded", "PyYAML", "phonenumbers"):
        assert name in seen["overview"] and name in seen["rows"]
    assert LGPL in seen["qt"] and "Version 3, 29 June 2007" in seen["qt"]
    assert "Lisens: LGPL-3.0-only" in seen["qt"]
    assert PSF in seen["python"]
    assert "https://" in seen["qt"]  # addresses are shown as text …
    dialog_links = re.findall(r"<a\s", licenses_overview_html())
    assert dialog_links == []  # … and never as links


def licenses_overview_html() -> str:
    from handbook.ui.licenses_dialog import overview_html

    return overview_html(licenses.source_components(), frozen=False)


@pytest.mark.parametrize("size, font_scale", [((911, 512), 1.0), ((683, 384), 1.0), ((911, 512), 2.0)],
                         ids=["911x512", "200%-of-1366x768", "911x512-double-text"])
def test_licenses_dialog_fits_the_window_and_scrolls_instead_of_sideways(qtbot, size, font_scale):
    """911×512 (1366×768 at 150 %), 683×384 (the same screen at 200 %) and doubled text: the dialog stays
    inside the window, the list and the text are both there, the text scrolls down and never sideways."""
    from handbook.ui.licenses_dialog import LicensesDialog

    main = QWidget()
    qtbot.addWidget(main)
    main.resize(*size)
    if font_scale != 1.0:
        font = QFont(QApplication.font())
        font.setPointSizeF(font.pointSizeF() * font_scale)
        main.setFont(font)
    main.show()
    qtbot.waitExposed(main)
    dialog = LicensesDialog(main)
    if font_scale != 1.0:
        dialog.setFont(main.font())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.width() <= size[0] and dialog.height() <= size[1]
    _click_row(qtbot, dialog, "Qt ")
    text, rows = dialog.text, dialog.list
    assert text.height() >= 3 * text.fontMetrics().height()
    assert rows.visualItemRect(rows.item(0)).height() > 0 and rows.height() >= 2 * rows.fontMetrics().height()
    assert text.verticalScrollBar().maximum() > 0  # the LGPL text is long: it scrolls …
    assert text.horizontalScrollBar().maximum() == 0  # … and wraps, never sideways
    assert text.font().pointSizeF() >= 11.0
    narrow = text.width() / text.fontMetrics().averageCharWidth() < 60
    assert not narrow or dialog.splitter.orientation() == Qt.Orientation.Vertical
