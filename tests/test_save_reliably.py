"""«Lagret» means saved: a PDF or a flowchart summary is written whole, or the user is told why not.

Issue 19, defects 1 and 2. Real windows, real PDFs, a real full disk (a tmpfs as root, otherwise a
file-size limit on this process), a real read-only folder, a real missing folder, and printing on a
machine whose print server has no printer (a fresh process, as printing loads CUPS).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from qt_menus import OFFSCREEN_LIMITS
from faults import file_size_limit, files_under, read_only, read_only_works, small_disk
import screen
from windows import settings_store

ROOT = Path(__file__).resolve().parent.parent
OLD_PDF = b"%PDF-1.4\n% the previous good file\n%%EOF\n"
ROOM = 24 * 1024  # every PDF the app writes is larger (summary ~30 KB, diagram ~40 KB, pages 65-70 KB)
ENGLISH = re.compile(r"No space|Read-only|Permission denied|No such file|Errno|Traceback|OSError")


@pytest.fixture
def window(qtbot, handbook, tmp_path):
    from handbook.app import create_window

    win, _search, _settings = create_window(settings_store(tmp_path))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.set_handbook(handbook)
    return win


class Cramped:
    """A folder where about ROOM bytes fit: a tmpfs as root, else a file-size limit while saving."""

    def __init__(self, tmp_path: Path) -> None:
        self._disk = small_disk(tmp_path / "disk", ROOM + 4096)
        self.folder = self._disk.__enter__()
        self.limited = self.folder is None
        if self.limited:
            self.folder = tmp_path / "disk"
        (self.folder / "Håndbok.pdf").write_bytes(OLD_PDF)

    def saving(self):
        return file_size_limit(ROOM) if self.limited else _nothing()

    def close(self) -> None:
        self._disk.__exit__(None, None, None)


class _nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


@pytest.fixture
def cramped(tmp_path):
    disk = Cramped(tmp_path)
    yield disk
    disk.close()


def _shown(window) -> str:
    return screen.message_shown(window)


def _assert_refused(window, folder: Path, *words: str) -> None:
    text = _shown(window)
    assert text, "nothing was said"
    assert "Lagret" not in text, text
    assert any(w in text for w in words), text
    assert not ENGLISH.search(text), text
    assert (folder / "Håndbok.pdf").read_bytes() == OLD_PDF, "the previous good file was damaged"
    assert [f for f in files_under(folder) if f != ".filler"] == ["Håndbok.pdf"], "a partial file was left"


def test_a_page_pdf_on_a_nearly_full_disk_is_not_reported_as_saved(window, cramped):
    window.open_section("hjelpeliste")
    with cramped.saving():
        window.save_pdf(str(cramped.folder / "Håndbok.pdf"))
    _assert_refused(window, cramped.folder, "Disken er full", "større enn det som kan lagres")


@pytest.mark.parametrize("diagram", [False, True], ids=["summary", "diagram"])
def test_a_flowchart_pdf_on_a_nearly_full_disk_is_not_cut_silently(window, cramped, diagram):
    window.start_flow()
    window.flow_view.step_view.answer(0)
    with cramped.saving():
        window.flow_view.save_pdf(str(cramped.folder / "Håndbok.pdf"), diagram=diagram)
    _assert_refused(window, cramped.folder, "Disken er full", "større enn det som kan lagres")


def test_saved_means_a_whole_pdf_at_the_path(window, tmp_path):
    window.open_section("plan/3-omfang-av-vold-og-overgrep")
    path = tmp_path / "kap3.pdf"
    window.save_pdf(str(path))
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert _shown(window) == f"Lagret: {path}"
    window.start_flow()
    window.flow_view.save_pdf(str(tmp_path / "sammendrag.pdf"), diagram=False)
    assert (tmp_path / "sammendrag.pdf").read_bytes().rstrip().endswith(b"%%EOF")
    assert _shown(window) == f"Lagret: {tmp_path / 'sammendrag.pdf'}"
    assert files_under(tmp_path).count("sammendrag.pdf") == 1


def test_a_read_only_folder_is_said_and_nothing_is_raised(window, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    (folder / "Håndbok.pdf").write_bytes(OLD_PDF)
    window.open_section("hjelpeliste")
    with read_only(folder):
        if not read_only_works(folder):
            pytest.skip("root without mount: no read-only folder here")
        window.save_pdf(str(folder / "Håndbok.pdf"))
    _assert_refused(window, folder, "skrivebeskyttet", "skrivetilgang")


def test_a_missing_folder_is_said_and_nothing_is_raised(window, tmp_path):
    window.open_section("hjelpeliste")
    window.save_pdf(str(tmp_path / "borte" / "Håndbok.pdf"))
    text = _shown(window)
    assert "Mappen finnes ikke" in text and "Lagret" not in text, text
    assert not (tmp_path / "borte").exists()


@OFFSCREEN_LIMITS
def test_the_save_dialog_path_reports_a_full_disk_through_the_action(qtbot, window, cramped):
    """Ctrl+Shift+S → the real dialog → a full disk: a message, no exception out of the slot."""
    window.open_section("hjelpeliste")
    target = cramped.folder / "Håndbok.pdf"

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QMessageBox) and dialog.isVisible():  # «… finnes allerede. Erstatte?»
            dialog.button(QMessageBox.StandardButton.Yes).click()
            return
        QTimer.singleShot(20, answer)  # before accept(): it runs the overwrite question's own loop
        if isinstance(dialog, QFileDialog) and dialog.isVisible():
            dialog.selectFile(str(target))
            dialog.accept()

    QTimer.singleShot(0, answer)
    with cramped.saving():
        window.actions["save_pdf"].trigger()
    _assert_refused(window, cramped.folder, "Disken er full", "større enn det som kan lagres")


PRINT_WITHOUT_PRINTER = textwrap.dedent("""
    import sys
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QDialog
    app = QApplication([])
    from handbook.app import create_window
    from handbook.content import load_handbook
    window, _search, _settings = create_window(QSettings(sys.argv[1] + "/s.ini", QSettings.Format.IniFormat))
    window.set_handbook(load_handbook(sys.argv[2]))
    window.show()
    dialogs = []
    def accept():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            dialogs.append(type(dialog).__name__)
            dialog.accept()
        QTimer.singleShot(20, accept)
    QTimer.singleShot(0, accept)
    for where in ("hjelpeliste", "flow-steps", "flow-diagram"):
        if where == "hjelpeliste":
            window.open_section("hjelpeliste")
        else:
            window.start_flow()
            window.flow_view.stack.setCurrentIndex(1 if where == "flow-diagram" else 0)
        window.actions["print"].trigger()
        app.processEvents()
        print("SAID:", window.status.text() if window.status.isVisible() else "")
        window.status.hide()
""")


def test_printing_with_no_printer_gives_a_calm_message_and_no_traceback(tmp_path):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there: a print server with no printer, as on a laptop at home
    env = dict(os.environ, CUPS_SERVER=f"127.0.0.1:{port}", QT_QPA_PLATFORM="offscreen", HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    with subprocess.Popen([sys.executable, "-c", PRINT_WITHOUT_PRINTER, str(tmp_path), str(ROOT / "content")],
                          env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          start_new_session=True) as process:
        try:
            out, err = process.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            out, err = process.communicate()
    assert "Traceback" not in err, err
    assert process.returncode == 0, err
    said = [line[len("SAID: "):] for line in out.splitlines() if line.startswith("SAID: ")]
    assert len(said) == 3, out
    for text in said:
        assert "skriver" in text and "PDF" in text, said
        assert not ENGLISH.search(text), text
