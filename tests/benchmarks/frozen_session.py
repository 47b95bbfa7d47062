"""The frozen bundle through a working day on a real X server: typed by xdotool, watched from outside.

    .venv/bin/python tests/benchmarks/frozen_session.py --exe dist/handbook/handbook --display :91

Starts Xvfb on ``--display`` (unless one answers there), starts the frozen program with
a fresh home folder, and types the queries of ``tests/working_day.py`` into it at about
human speed (``xdotool type``), with the same kinds of actions between them: Down/Enter
to open a result and Alt+Left back, F2 and answers, F4 and a help-list filter, Esc Esc
and the neutral screen's button (Space), Ctrl+plus/minus. After every query it checks
that the process is alive and samples its resident memory (/proc/PID/status). At the
end Ctrl+Q must end the program with exit code 0 (the 6.12.0 build aborted with 134).
A screenshot of the last screen goes to ``--screenshot``. Linux only (xdotool, /proc).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

MB = 1024 * 1024


def queries() -> list[str]:
    """The working day's queries (read from tests/working_day.py without importing Qt)."""
    import ast

    tree = ast.parse((ROOT / "tests" / "working_day.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "QUERIES":
            return [q for q, _typo in ast.literal_eval(node.value)]
    raise SystemExit("no QUERIES in tests/working_day.py")


def rss(pid: int) -> int:
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def xdo(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env=dict(os.environ, DISPLAY=display), check=True, timeout=120)


def ensure_xvfb(display: str) -> subprocess.Popen | None:
    env = dict(os.environ, DISPLAY=display)
    if subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode == 0:
        return None
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        if subprocess.run(["xdpyinfo"], env=env, capture_output=True).returncode == 0:
            return server
        time.sleep(0.1)
    raise SystemExit(f"Xvfb did not start on {display}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", type=Path, default=ROOT / "dist" / "handbook" / "handbook")
    parser.add_argument("--display", default=":91")
    parser.add_argument("--delay-ms", type=int, default=40, help="xdotool's delay between typed keys")
    parser.add_argument("--screenshot", type=Path, help="save the last screen here (PNG)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    for tool in ("Xvfb", "xdotool", "xdpyinfo"):
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is needed")
    server = ensure_xvfb(args.display)
    tmp = Path(tempfile.mkdtemp(prefix="handbook-frozen-day-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HANDBOOK_", "PYTHON", "QT_"))}
    env.update(DISPLAY=args.display, HOME=str(tmp), XDG_CONFIG_HOME=str(tmp / ".config"),
               XDG_CACHE_HOME=str(tmp / ".cache"), HANDBOOK_CACHE_DIR=str(tmp / "cache"), LANG="C.UTF-8")
    log = open(tmp / "stderr.txt", "w+", encoding="utf-8")
    started = time.monotonic()
    app = subprocess.Popen([str(args.exe)], env=env, stdout=subprocess.DEVNULL, stderr=log)
    try:
        found = subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--pid", str(app.pid)],
                               env=dict(os.environ, DISPLAY=args.display), capture_output=True, text=True, timeout=120)
        window = found.stdout.split()[0]
        # No window manager on Xvfb: give the window the keyboard focus, so Qt sees it active and its
        # shortcuts (Ctrl+K, F2, F4, Ctrl+Q …) work, not only typing.
        xdo(args.display, "windowfocus", "--sync", window)
        time.sleep(3)  # content and index load after the window shows
        rss_start = rss(app.pid)
        samples, typed = [], 0
        key = lambda *keys: xdo(args.display, "key", "--delay", "60", *keys)  # noqa: E731
        for i, query in enumerate(queries()):
            key("ctrl+k", "ctrl+a", "BackSpace")
            xdo(args.display, "type", "--delay", str(args.delay_ms), query)
            typed += len(query)
            time.sleep(0.3)
            if i % 2 == 0:
                key(*["Down"] * (i % 3), "Return")
                time.sleep(0.3)
                key("alt+Left")
            if i % 5 == 1:
                key("F2", "2", "1", "Return", "2", "Home", "alt+Home")
            if i % 5 == 3:
                key("F4")
                xdo(args.display, "type", "--delay", str(args.delay_ms), "politi")
                key("ctrl+a", "BackSpace")
            if i % 7 == 6:
                key("Escape", "Escape")
                time.sleep(0.3)
                key("space")  # the neutral screen's one button has the focus
            if i % 6 == 4:
                key("ctrl+plus", "ctrl+plus", "ctrl+minus", "ctrl+0")
            if app.poll() is not None:
                raise SystemExit(f"the program died after {typed} typed characters (exit {app.returncode})")
            samples.append(rss(app.pid))
        if args.screenshot and shutil.which("import"):
            subprocess.run(["import", "-display", args.display, "-window", "root", str(args.screenshot)], check=False)
        rss_end = rss(app.pid)
        key("ctrl+q")
        code = app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
        if server is not None:
            server.terminate()
    log.seek(0)
    stderr = [line.rstrip() for line in log if line.strip()]
    result = {
        "exe": str(args.exe), "typed_characters": typed, "queries": len(samples), "exit_code": code,
        "rss_start_mb": round(rss_start / MB, 1), "rss_after_first_quarter_mb": round(samples[len(samples) // 4] / MB, 1),
        "rss_max_mb": round(max(samples) / MB, 1), "rss_end_mb": round(rss_end / MB, 1),
        "session_s": round(time.monotonic() - started), "stderr_lines": stderr[:20],
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        for k, v in result.items():
            print(f"{k}: {v}")
    return 0 if code == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
