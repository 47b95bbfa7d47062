"""The house keeps its shape: small modules, and a main window that wires and switches.

No module of ``handbook/`` is over 500 lines; the main window is under 400 and never asks what
kind of view it has (no ``hasattr``/``isinstance``/``getattr``, no ``currentWidget() is …``):
every view answers the same calls (``handbook/ui/views.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "handbook"
MAX_LINES = 500
WINDOW = PACKAGE / "ui" / "main_window.py"
WINDOW_MAX_LINES = 400


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_no_module_is_over_500_lines():
    big = {str(p.relative_to(PACKAGE)): _lines(p) for p in PACKAGE.rglob("*.py") if _lines(p) > MAX_LINES}
    assert not big, f"split these by what they hold: {big}"


def test_the_main_window_is_under_400_lines():
    assert _lines(WINDOW) < WINDOW_MAX_LINES


def test_the_main_window_never_asks_what_kind_of_view_it_has():
    tree = ast.parse(WINDOW.read_text(encoding="utf-8"))
    asks = [f"line {n.lineno}: {n.func.id}()" for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in ("hasattr", "isinstance", "getattr")]
    asks += [f"line {n.lineno}: currentWidget() is …" for n in ast.walk(tree)
             if isinstance(n, ast.Compare) and isinstance(n.left, ast.Call) and isinstance(n.left.func, ast.Attribute)
             and n.left.func.attr == "currentWidget"]
    assert not asks, asks


def test_the_rules_see_the_package():
    """Guard: the rules above read the real package (its biggest module is near the limit)."""
    sizes = [_lines(p) for p in PACKAGE.rglob("*.py")]
    assert len(sizes) > 80 and max(sizes) > 300


def test_tests_make_their_settings_in_one_place():
    """A widget test gets its own INI settings from ``tests/windows.settings_store``, not a QSettings of its own
    (a subprocess's script, being text, is not counted)."""
    tests = Path(__file__).resolve().parent
    own = []
    for path in sorted(tests.glob("*.py")):
        if path.name == "windows.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own += [f"{path.name}:{n.lineno}" for n in ast.walk(tree)
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "QSettings"]
    assert not own, own
    windows = ast.parse((tests / "windows.py").read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.Call) and getattr(n.func, "id", "") == "QSettings" for n in ast.walk(windows))
