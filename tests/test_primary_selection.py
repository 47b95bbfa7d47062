"""Quick hide forgets the X primary selection too (issue 19, defect 9).

On Linux, selecting text puts it in the primary selection: one middle-click anywhere pastes it.
The query selected in the search box (or in the find bar, or the help list's filter) survived a
quick hide and «Fortsett». Real X11: a private Xvfb, the app on Qt's xcb plugin, keys typed into
the real window, and a second X client that reads the primary selection as a middle-click would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SECRET = "mannen min slår meg"

APP = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from handbook.app import create_window
    from handbook.content import load_handbook
    sys.path.insert(0, sys.argv[4])
    import screen
    folder, where, secret = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    window, _search, _settings = create_window(QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window.set_handbook(load_handbook(sys.argv[5]))
    window.resize(1000, 700)
    window.show()
    window.activateWindow()
    CTRL = Qt.KeyboardModifier.ControlModifier

    def field():
        if where == "search":
            return window.search_box
        if where == "find":
            window.open_section("plan/4-plikt-til-a-handle")
            QTest.keyClick(window, Qt.Key.Key_F, CTRL)
            return window.page_view.find_bar.edit
        window.open_section("hjelpeliste")
        return screen.help_filter(window)

    def select():
        edit = field()
        edit.setFocus()
        QTest.keyClicks(edit, secret)
        QTest.keyClick(edit, Qt.Key.Key_A, CTRL)  # select it all, as she would before deleting it
        (folder / "selected").write_text(edit.selectedText())
        QTimer.singleShot(50, wait_for_hide)

    def wait_for_hide():
        if not (folder / "hide").exists():
            QTimer.singleShot(50, wait_for_hide)
            return
        window.actions["hide"].trigger()  # what Esc Esc and Ctrl+Shift+H do
        window.neutral.button.click()  # «Fortsett»
        (folder / "hidden").write_text("")
        QTimer.singleShot(50, wait_for_quit)

    def wait_for_quit():
        if (folder / "quit").exists():
            app.quit()
        else:
            QTimer.singleShot(50, wait_for_quit)

    QTimer.singleShot(300, select)
    app.exec()
""")

READ_SELECTION = textwrap.dedent("""
    from PySide6.QtGui import QClipboard, QGuiApplication
    app = QGuiApplication([])
    print(repr(QGuiApplication.clipboard().text(QClipboard.Mode.Selection)))
""")


@pytest.fixture
def x_display():
    """A private Xvfb display (its number chosen by Xvfb, so it collides with no other)."""
    if not shutil.which("Xvfb"):
        pytest.skip("Xvfb is not installed")
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    assert number, "Xvfb did not start"
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def _env(display: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_", "WAYLAND"))}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
    return env


def _primary(display: str) -> str:
    done = subprocess.run([sys.executable, "-c", READ_SELECTION], env=_env(display), capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return eval(done.stdout.strip())  # noqa: S307 - the repr of a str printed by our own script


def _wait_for(path: Path, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not path.exists():
        assert proc.poll() is None, proc.stderr.read()
        assert time.monotonic() < deadline, f"the app never wrote {path.name}"
        time.sleep(0.05)


@pytest.mark.parametrize("where", ["search", "find", "filter"])
def test_quick_hide_clears_the_primary_selection(tmp_path, x_display, where):
    with subprocess.Popen([sys.executable, "-c", APP, str(tmp_path), where, SECRET, str(ROOT / "tests"),
                           str(ROOT / "content")], env=_env(x_display), stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True) as app:
        try:
            _wait_for(tmp_path / "selected", app)
            assert (tmp_path / "selected").read_text() == SECRET
            assert _primary(x_display) == SECRET, "the selection did not reach X: nothing to test here"
            (tmp_path / "hide").write_text("")
            _wait_for(tmp_path / "hidden", app)
            assert SECRET not in _primary(x_display), "a middle-click after «Fortsett» pastes the query"
        finally:
            (tmp_path / "quit").write_text("")
            try:
                app.wait(timeout=30)
            except subprocess.TimeoutExpired:
                app.kill()
