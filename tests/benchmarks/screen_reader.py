"""What a screen reader gets: the real app over AT-SPI, walked in each place a worker goes.

Starts a private Xvfb (1366×768, the app at 150 %: 911×512), the accessibility bus and the app
from source with Qt's AT-SPI bridge on, drives it by keys with xdotool (Ctrl+K and typing, F4,
F2, answer keys, F1, Ctrl+,), and in each place walks the app's accessibility tree as Orca does:
every object that is focusable and showing must have a name. On the flowchart's questions it
also finds the question among the focusable objects (a Tab stop of its own, read before the
answers). Prints one line per place and exits 1 if anything is unnamed or a question is no stop.

Run from the repository root with the system Python (it has ``pyatspi``; the venv has not), in a
session bus of its own (never install dbus-x11)::

    dbus-run-session -- python3 tests/benchmarks/screen_reader.py --python .venv/bin/python

Needs at-spi2-core, python3-pyatspi, xvfb, xdotool, x11-utils.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pyatspi

ROOT = Path(__file__).resolve().parents[2]
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
APP_NAME = "handbok"  # handbook.paths.APP_NAME: the application's name on the bus
FIRST_QUESTION = "Er det akutt fare for liv og helse nå?"
SITUATION = "sønnen tar pengene til mor på 84 og truer henne"

# (place, keys to press before it: "type:TEXT" types, else xdotool key names)
PLACES = [
    ("start", []),
    ("results «krisesenter»", ["ctrl+k", "type:krisesenter"]),
    ("results: what was understood (chips, hand-over)", ["ctrl+k", "ctrl+a", f"type:{SITUATION}"]),
    ("help list (F4)", ["Escape", "F4"]),
    ("flowchart: first question (F2)", ["F2"]),
    ("flowchart: second question", ["5"]),
    ("flowchart: an action step", ["1"]),
    ("About (F1)", ["F1"]),
    ("settings (Ctrl+,)", ["Escape", "ctrl+comma"]),
]


def xdo(display: str, *args: str) -> None:
    subprocess.run(["xdotool", *args], env={**os.environ, "DISPLAY": display}, check=False, capture_output=True)


def find_app(timeout: float = 30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            a = desktop.getChildAtIndex(i)
            if a is not None and APP_NAME in (a.name or "").lower():
                return a
        time.sleep(0.3)
    return None


def walk(app) -> dict:
    """Focusable and showing objects, those without a name, and the names of the focusable ones."""
    seen = {"objects": 0, "focusable": 0, "unnamed": [], "names": []}

    def visit(a, depth: int) -> None:
        if a is None or depth > 60:
            return
        seen["objects"] += 1
        try:
            state = a.getState()
        except Exception:  # noqa: BLE001 - an object gone while walking
            return
        if state.contains(pyatspi.STATE_FOCUSABLE) and state.contains(pyatspi.STATE_SHOWING):
            seen["focusable"] += 1
            name = (a.name or "").strip()
            seen["names"].append(name)
            if not name:
                parent = a.parent
                seen["unnamed"].append(f"{a.getRoleName()} in {parent.getRoleName() if parent else '?'} "
                                       f"«{(parent.name or '')[:40] if parent else ''}»")
        for i in range(a.childCount):
            try:
                visit(a.getChildAtIndex(i), depth + 1)
            except Exception:  # noqa: BLE001
                pass

    visit(app, 0)
    return seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=str(ROOT / ".venv" / "bin" / "python"), help="the Python that runs the app")
    parser.add_argument("--display", type=int, default=71)
    parser.add_argument("--scale", default="1.5")
    parser.add_argument("--shots", default="", help="a folder for a screenshot of each place")
    args = parser.parse_args(argv)
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        raise SystemExit("run inside dbus-run-session (see the module docstring)")
    for tool in ("Xvfb", "xdotool", "xdpyinfo"):
        if shutil.which(tool) is None:
            raise SystemExit(f"missing {tool}")
    display = f":{args.display}"
    home = Path(tempfile.mkdtemp(prefix="handbook-atspi-"))
    procs = []
    try:
        procs.append(subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
                                      stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        while subprocess.run(["xdpyinfo", "-display", display], capture_output=True).returncode != 0:
            time.sleep(0.1)
        procs.append(subprocess.Popen([BUS_LAUNCHER, "--launch-immediately"], stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL))
        time.sleep(1.0)
        env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
        env.update(DISPLAY=display, HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
                   XDG_CACHE_HOME=str(home / "cache"), QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                   QT_SCALE_FACTOR=args.scale, HANDBOOK_THEME="light", PYTHONPATH=str(ROOT))
        app_proc = subprocess.Popen([args.python, "-m", "handbook"], env=env, cwd=ROOT,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        procs.append(app_proc)
        window = ""
        deadline = time.time() + 120
        while not window and time.time() < deadline:
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "ndbok"], capture_output=True,
                                   text=True, env={**os.environ, "DISPLAY": display})
            window = found.stdout.split()[0] if found.stdout.split() else ""
            time.sleep(0.2)
        if not window:
            raise SystemExit("the window did not show")
        time.sleep(4)  # the content read and the index opened (the first start builds it)
        app = find_app()
        if app is None:
            raise SystemExit("the app is not on the accessibility bus")
        failed = False
        print(f"AT-SPI walk of {APP_NAME} at {args.scale}× on 1366×768:")
        def focus_top() -> None:
            """No window manager here: give the X focus by hand to the app's newest window (a dialog)."""
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(app_proc.pid)],
                                   capture_output=True, text=True, env={**os.environ, "DISPLAY": display})
            ids = [int(w) for w in found.stdout.split()] or [int(window)]
            xdo(display, "windowfocus", "--sync", str(max(ids)))

        for place, keys in PLACES:
            for key in keys:
                focus_top()
                if key.startswith("type:"):
                    xdo(display, "type", "--delay", "20", key[5:])
                else:
                    xdo(display, "key", key)
                time.sleep(0.4)
            time.sleep(1.0)
            seen = walk(app)
            if args.shots:  # what the screen showed when it was walked
                shot = Path(args.shots) / f"{PLACES.index((place, keys)):02d}.png"
                subprocess.run(["import", "-window", "root", str(shot)], env={**os.environ, "DISPLAY": display})
            line = (f"  {place}: {seen['objects']} objects, {seen['focusable']} focusable and showing, "
                    f"{len(seen['unnamed'])} without a name")
            if seen["unnamed"]:
                failed = True
                line += ": " + "; ".join(seen["unnamed"])
            if place.startswith("flowchart: first question"):
                stop = FIRST_QUESTION in seen["names"]
                failed |= not stop
                line += f"; the question «{FIRST_QUESTION}» a focus stop: {'yes' if stop else 'NO'}"
            print(line, flush=True)
        return 1 if failed else 0
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
