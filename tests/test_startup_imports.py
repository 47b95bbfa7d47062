"""The window is shown before anything slow is imported, and before the views she has not opened are made.

Opening the search index (Whoosh), reading the content (Markdown, YAML) and checking phone numbers
(phonenumbers) come after the first paint; the page, the help list and the flowchart are made
(and their modules imported) when she first opens them. A module-level import in a widget is enough to undo
that silently (it once pulled all of them in through the help list's filter), so this runs the
real start-up path in a fresh interpreter, offscreen, and looks at what was imported when the
window was shown.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from handbook import app as handbook_app

qt = QApplication(sys.argv[:1])
window, search, settings = handbook_app.create_window()
window.show()
qt.processEvents()
shown = sorted(m for m in sys.modules if m.split(".")[0] in ("whoosh", "markdown", "yaml", "phonenumbers")
               or m in ("handbook.search.engine", "handbook.content.loader"))
views = sorted(m for m in sys.modules if m in ("handbook.ui.page_view", "handbook.ui.help_list", "handbook.ui.flow",
                                               "handbook.content.model"))
made = [type(window.views.widget(i)).__name__ for i in range(window.views.count())]
print(json.dumps({"visible": window.isVisible(), "slow": shown, "views": views, "made": made}))
"""


def _probe(tmp_path, code: str) -> dict:
    """Run ``code`` in a fresh interpreter, offscreen, with its own home; the JSON of its last line."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_nothing_slow_is_imported_before_the_window_is_shown(tmp_path):
    result = _probe(tmp_path, PROBE)
    assert result["visible"]
    assert result["slow"] == [], f"imported before the window was shown: {sorted({m.split('.')[0] for m in result['slow']})}"
    assert result["views"] == [], f"imported before the window was shown: {result['views']}"
    assert result["made"] == ["HomeView"], f"made before she opened them: {result['made']}"


def test_the_probe_would_see_a_slow_import(tmp_path):
    """Guard: the same probe does report the slow modules once the content is loaded."""
    probe = PROBE.replace("window.show()", "window.show()\nfrom handbook.content import load_handbook\n"
                                           "window.help_view, window.page_view")
    result = _probe(tmp_path, probe)
    assert "handbook.content.loader" in result["slow"] and "markdown" in result["slow"]
    assert {"handbook.ui.page_view", "handbook.ui.help_list"} <= set(result["views"])
    assert {"HelpListView", "PageView"} <= set(result["made"])


FRAME_PROBE = r"""
import json, sys
import PySide6.QtCore
from PySide6.QtWidgets import QApplication
from handbook import app as handbook_app

qt = QApplication(sys.argv[:1])
window = handbook_app.show_frame(qt)
report = {"visible": window.isVisible(), "title": window.windowTitle(), "contents": window.centralWidget() is not None,
          "qt_namespace": "Qt" in vars(PySide6.QtCore),
          "modules": sorted(m for m in sys.modules if m == "handbook" or m.startswith("handbook."))}
BUILD
print(json.dumps(report))
"""

# What the frame may import: the window class and the little it needs to be a window of the right size.
FRAME_MODULES = {"handbook", "handbook.app", "handbook.content", "handbook.content.page_ids", "handbook.ui",
                 "handbook.ui.geometry", "handbook.ui.history", "handbook.ui.main_window", "handbook.ui.window_frame"}


def _frame_probe(tmp_path, build: str = "") -> dict:
    return _probe(tmp_path, FRAME_PROBE.replace("BUILD", build))


def test_the_frame_is_shown_before_the_readers_widgets_are_imported(tmp_path):
    """The frame answers her click at once: no widget of the reader, and not even Qt's namespace
    (PySide makes its ~90 Python enums on first use), is needed to show it."""
    result = _frame_probe(tmp_path)
    assert result["visible"] and not result["contents"]
    assert result["title"] == "Håndbok"  # discreet until the settings are read
    assert not result["qt_namespace"], "Qt's namespace was made before the frame was shown"
    assert set(result["modules"]) <= FRAME_MODULES, f"imported before the frame: {set(result['modules']) - FRAME_MODULES}"


def test_the_frame_probe_would_see_the_contents(tmp_path):
    """Guard: the same probe reports the namespace and the widget modules once the contents are made."""
    result = _frame_probe(tmp_path, "handbook_app.create_window(window=window)\n"
                                    "report.update(contents=window.centralWidget() is not None, "
                                    "qt_namespace='Qt' in vars(PySide6.QtCore), "
                                    "modules=sorted(m for m in sys.modules if m.startswith('handbook.')))")
    assert result["contents"] and result["qt_namespace"]
    assert {"handbook.ui.toolbar", "handbook.ui.home", "handbook.ui.theme"} <= set(result["modules"])
