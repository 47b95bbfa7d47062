"""About shows what a user or IT support needs: versions and content date, no paths."""

from __future__ import annotations

import platform
import sys

import PySide6
from PySide6.QtCore import Qt, QTimer, qVersion
from PySide6.QtWidgets import QApplication, QPushButton, QTextBrowser

from handbook import __version__
from handbook.app import create_window
from windows import settings_store


def _open_about_with_f1(qtbot, window) -> tuple[str, str]:
    """Press F1 as a user would; read the modal dialog's text, press its copy button, close it."""
    seen: dict[str, str] = {}

    def read_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, read_and_close)
            return
        seen["title"] = dialog.windowTitle()
        seen["text"] = dialog.findChild(QTextBrowser).toPlainText()
        copy = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Kopier versjonsinformasjon")
        copy.click()
        seen["clipboard"] = QApplication.clipboard().text()
        dialog.reject()

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTimer.singleShot(0, read_and_close)
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F1)
    assert seen.get("title") == "Om håndboka"
    return seen["text"], seen["clipboard"]


def test_about_shows_versions_and_content_date_but_no_paths(qtbot, tmp_path, handbook):
    window, _search, _settings = create_window(settings_store(tmp_path, "s.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.set_handbook(handbook)
    text, clipboard = _open_about_with_f1(qtbot, window)
    for expected in (__version__, platform.python_version(), qVersion(), PySide6.__version__,
                     handbook.meta.content_version, handbook.meta.content_date.strftime("%d.%m.%Y"), "innebygd"):
        assert expected in text
        assert expected in clipboard
    for label in ("Programversjon", "Innholdsdato", "Python", "Qt", "PySide6"):
        assert f"{label}:" in clipboard
    for leak in (sys.prefix, str(handbook.content_dir), "handbook check", ".venv", "site-packages"):
        assert leak not in text
        assert leak not in clipboard


def test_about_says_when_the_content_is_a_folder_from_the_settings(qtbot, tmp_path, tmp_content):
    from handbook.content import load_handbook

    window, _search, _settings = create_window(settings_store(tmp_path, "s.ini"))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.set_handbook(load_handbook(tmp_content))
    text, _clipboard = _open_about_with_f1(qtbot, window)
    assert "egen mappe" in text
    assert str(tmp_content) not in text
