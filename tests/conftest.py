"""Shared fixtures: the real content, temporary copies to break, an isolated cache."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory, monkeypatch):
    """Every test gets its own cache and data folders, and never sees a user's content override or packs."""
    monkeypatch.setenv("HANDBOOK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("HANDBOOK_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("HANDBOOK_CONTENT", raising=False)


@pytest.fixture(autouse=True)
def _collect_between_tests():
    """Once a window exists, automatic garbage collection is off and a GUI-thread timer collects
    (handbook.ui.gui_gc); tests that never run the event loop get the same collection here."""
    yield
    import sys

    gui_gc = sys.modules.get("handbook.ui.gui_gc")
    if gui_gc is not None:
        gui_gc.collect_if_due()


@pytest.fixture(scope="session")
def content_dir() -> Path:
    return CONTENT


@pytest.fixture(scope="session")
def handbook():
    """The real handbook, loaded once."""
    from handbook.content import load_handbook

    return load_handbook(CONTENT)


@pytest.fixture(scope="module")
def engine(handbook):
    """An in-memory search engine (no shipped index, no cache) on the real content, one per module;
    strict, so an unexpected error fails the test instead of giving no hits."""
    from handbook.search import SearchEngine

    eng = SearchEngine.open(handbook, shipped=None, cache=None)
    eng.strict = True
    yield eng
    eng.close()


@pytest.fixture
def tmp_content(tmp_path) -> Path:
    """A writable copy of the real content folder, to break in a test."""
    dest = tmp_path / "content"
    shutil.copytree(CONTENT, dest)
    return dest
