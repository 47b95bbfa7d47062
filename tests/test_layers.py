"""The layers hold: content, search and the flowchart model import no Qt; nothing imports network code."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "handbook"
PURE = [PACKAGE / "content", PACKAGE / "search", PACKAGE / "packs", PACKAGE / "flowchart", PACKAGE / "paths.py", PACKAGE / "atomic.py",
        PACKAGE / "licenses.py", PACKAGE / "startup_trace.py"]
NETWORK = ("socket", "urllib.request", "http.client", "http.server", "requests", "ssl", "PySide6.QtNetwork", "ftplib", "smtplib")


def modules(path: Path):
    files = [path] if path.is_file() else sorted(path.rglob("*.py"))
    for file in files:
        tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    yield file, alias.name
            elif isinstance(node, ast.ImportFrom) and node.module:
                yield file, node.module
                for alias in node.names:
                    yield file, f"{node.module}.{alias.name}"


@pytest.mark.parametrize("path", PURE, ids=lambda p: p.name)
def test_pure_layers_import_no_qt(path):
    bad = [f"{f.relative_to(PACKAGE)}: {m}" for f, m in modules(path) if m.split(".")[0] in ("PySide6", "shiboken6")]
    assert not bad, bad


def test_nothing_imports_network_code():
    bad = [
        f"{f.relative_to(PACKAGE)}: {m}"
        for f, m in modules(PACKAGE)
        if any(m == n or m.startswith(n + ".") for n in NETWORK)
    ]
    assert not bad, bad


def test_the_pure_layers_really_are_checked():
    """Guard against the rule above passing because it scanned nothing."""
    found = [m for p in PURE for _, m in modules(p)]
    assert any(m.startswith("whoosh") for m in found)
    assert any(m.startswith("markdown") for m in found)


def test_the_widgets_never_import_the_module_that_wires_them():
    """app.py creates the services and hands them to ui/; an import back would be a cycle."""
    bad = [f"{f.relative_to(PACKAGE)}: {m}" for f, m in modules(PACKAGE / "ui")
           if m == "handbook.app" or m.startswith("handbook.app.")]
    assert not bad, bad
