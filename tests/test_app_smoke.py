"""``handbook --smoke-test`` as packaging runs it: a real process, offscreen."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "handbook", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_smoke_test_exits_zero():
    result = _run("--smoke-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke test OK" in result.stdout


def test_smoke_test_fails_on_broken_content(tmp_content):
    (tmp_content / "meta.yaml").write_text("title: 1\n", encoding="utf-8")
    result = _run("--content", str(tmp_content), "--smoke-test")
    assert result.returncode != 0
    assert "FAILED" in result.stderr
