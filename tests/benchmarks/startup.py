"""Benchmark: start-up, side by side with an empty PySide6 window – time to window, time to the
first answer, and memory.

In one run, interleaved so that the machine's load falls on all alike:

- **time to window**: process spawn until its window is mapped and visible, by
  ``../shared/tools/time_to_window.sh`` (its own Xvfb), for an empty PySide6 ``QMainWindow``,
  the handbook from source (``python -m handbook``) and the frozen bundle (``--exe``);
- **time to first answer**: on Xvfb, spawn the program, wait for its window, type «krisesenter»
  with xdotool, and poll the window's pixels (ImageMagick ``import``) until the first hit is
  shown selected – a block in the theme's selection colour, which the results list paints only
  around its first hit; polling every ~0.1 s, so the figure is that coarse;
- **time to contents**: the handbook shows its window's frame first and makes its contents once
  the frame is painted (``handbook.ui.main_window``); the time from spawn until the frame and then
  the contents (tool bar, search field, start page) were first painted, which the X server does not
  show an observer, comes from the program itself (``HANDBOOK_STARTUP_TRACE``, see
  ``handbook/startup_trace.py``); the empty window reports its own first paint the same way
  (a separate script, so that the time-to-window runs measure the plain one);
- **RSS** (``/proc/PID/status``) when the window is shown and after the first answer.

Run from the repository root (needs xvfb, xdotool, x11-utils, imagemagick)::

    .venv/bin/python tests/benchmarks/startup.py                      # source and the empty window
    .venv/bin/python tests/benchmarks/startup.py --exe dist/handbook/handbook --runs 12
    .venv/bin/python tests/benchmarks/startup.py --json

Before and after in the same run: ``--before DIR`` measures the source in DIR too (a checkout of
main, e.g. ``git archive main | tar -x -C DIR``), ``--before-exe`` its frozen build.

RSS after a working day's first round is ``tests/benchmarks/working_day.py``'s figure.

The source runs use bytecode caches (``__pycache__``, written by the warm-up start), as an
installed program does: ``PYTHONDONTWRITEBYTECODE`` is dropped from the environment.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# ../shared beside the checkout (or beside the folder of work trees)
TIME_TO_WINDOW = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
                      ROOT.parent / "shared") / "tools" / "time_to_window.sh"
EMPTY_WINDOW = ("from PySide6.QtWidgets import QApplication, QMainWindow\n"
                "app = QApplication([])\nw = QMainWindow()\nw.setWindowTitle('Tomt vindu')\nw.resize(911, 512)\n"
                "w.show()\napp.exec()\n")
# The same empty window, reporting its first paint as the handbook does (handbook/startup_trace.py)
EMPTY_WINDOW_TRACED = ("import os, time\nfrom PySide6.QtWidgets import QApplication, QMainWindow\n"
                       "class Window(QMainWindow):\n"
                       "    def paintEvent(self, event):\n"
                       "        path = os.environ.pop('HANDBOOK_STARTUP_TRACE', '')\n"
                       "        if path:\n"
                       "            with open(path, 'a') as trace:\n"
                       "                trace.write(f'window-painted {time.time():.6f}\\n')\n"
                       "        super().paintEvent(event)\n"
                       "app = QApplication([])\nw = Window()\nw.setWindowTitle('Tomt vindu')\nw.resize(911, 512)\n"
                       "w.show()\napp.exec()\n")
# The selected hit's background: the theme's (handbook.ui.tokens.LIGHT["accent"]), and Fusion's
# default highlight for code from before the theme (--before)
SELECTED = ((0x00, 0x62, 0xBA), (0x30, 0x8C, 0xC6))
MB = 1024 * 1024


def programs(exe: str | None, before: str = "", before_exe: str = "") -> list[tuple[str, list[str], str, dict]]:
    """(label, command, window-title regex, environment changes) for each program measured."""
    python = sys.executable
    # -P: the code comes from PYTHONPATH (this checkout, or --before's), not from the working folder
    found = [("empty PySide6 window", [python, "-c", EMPTY_WINDOW], "Tomt vindu", {}),
             ("handbook, source", [python, "-P", "-m", "handbook"], "ndbok", {})]
    if exe:
        found.append(("handbook, frozen", [str(Path(exe).resolve())], "ndbok", {}))
    if before:
        found.append(("before: source", [python, "-P", "-m", "handbook"], "ndbok",
                      {"PYTHONPATH": str(Path(before).resolve())}))
    if before_exe:
        found.append(("before: frozen", [str(Path(before_exe).resolve())], "ndbok", {}))
    return found


def environment(home: Path) -> dict[str, str]:
    # PYTHONDONTWRITEBYTECODE goes too: an installed program (pip install .) runs from compiled
    # bytecode; without the caches every start compiles the app's modules again (~0.2 s here).
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_CACHE_HOME=str(home / "cache"),
               HANDBOOK_THEME="light", PYTHONPATH=str(ROOT))
    return env


def time_to_window(command: list[str], name: str, runs: int, display: int, env: dict) -> list[float]:
    deadline = time.monotonic() + 10
    while Path(f"/tmp/.X{display}-lock").exists() and time.monotonic() < deadline:
        time.sleep(0.1)  # the previous call's Xvfb is still going away
    out = subprocess.run(["bash", str(TIME_TO_WINDOW), "-n", str(runs), "-w", "1", "-d", str(display),
                          "--name", name, "--", *command], capture_output=True, text=True, env=env, timeout=600)
    times = [float(m) for m in re.findall(r"^run \d+: (\d+) ms", out.stdout, re.M)]
    if not times:
        raise SystemExit(f"time_to_window failed for {command[0]}:\n{out.stdout}\n{out.stderr}")
    return times


class Xvfb:
    """A private X display for the first-answer runs."""

    def __init__(self, display: int) -> None:
        # -noreset: Xvfb resets when its last client leaves, and a program started then could not
        # connect («could not connect to display») between two measured runs
        self.display = f":{display}"
        self.proc = subprocess.Popen(["Xvfb", self.display, "-screen", "0", "1366x768x24", "-nolisten", "tcp", "-noreset"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while subprocess.run(["xdpyinfo", "-display", self.display], capture_output=True).returncode != 0:
            if time.monotonic() > deadline:
                raise SystemExit(f"Xvfb {self.display} did not start")
            time.sleep(0.05)
        time.sleep(0.2)
        if self.proc.poll() is not None:  # the display was someone else's: ours could not start
            raise SystemExit(f"display {self.display} is in use: choose another with --display")

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def _selected_hit_shown(window_id: str, env: dict) -> bool:
    shot = subprocess.run(["import", "-silent", "-window", window_id, "-depth", "8", "rgb:-"],
                          capture_output=True, env=env, timeout=30)
    data = shot.stdout
    targets = {bytes(colour) for colour in SELECTED}
    count = 0
    for i in range(0, len(data) - 2, 3 * 7):  # every 7th pixel is plenty for a block of thousands
        if data[i:i + 3] in targets:
            count += 1
            if count >= 300:
                return True
    return False


def _spawn_until_shown(command: list[str], name: str, env: dict) -> tuple[subprocess.Popen, str, float]:
    """Spawn ``command`` in its own session and wait for its window: (process, window id, seconds to it).
    The caller ends the process (:func:`_stop`), also when this raises."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"{command[0]} exited: {proc.stderr.read().decode()[-2000:]}")
            found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name],
                                   capture_output=True, text=True, env=env).stdout.split()
            if found:
                return proc, found[0], time.perf_counter() - start
    except BaseException:
        _stop(proc)
        raise


def first_answer(command: list[str], name: str, display: str, env: dict) -> dict:
    """Spawn, wait for the window, type «krisesenter», wait for the first hit on screen."""
    env = {**env, "DISPLAY": display}
    start = time.perf_counter()
    proc, window_id, shown = _spawn_until_shown(command, name, env)
    try:
        rss_shown = rss_mb(proc.pid)
        subprocess.run(["xdotool", "windowfocus", "--sync", window_id], env=env, capture_output=True)
        subprocess.run(["xdotool", "type", "--delay", "30", "krisesenter"], env=env, capture_output=True)
        typed = time.perf_counter() - start
        deadline = time.monotonic() + 60
        while not _selected_hit_shown(window_id, env):
            if time.monotonic() > deadline:
                raise SystemExit("no answer within 60 s")
        answered = time.perf_counter() - start
        return {"window_s": shown, "typed_s": typed, "answer_s": answered, "rss_window_mb": rss_shown,
                "rss_answer_mb": rss_mb(proc.pid)}
    finally:
        _stop(proc)


def _stop(proc: subprocess.Popen) -> None:
    """End the measured program and its children (it may have ended already: say why it did)."""
    try:
        os.killpg(proc.pid, 15)
        proc.wait(5)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()


def time_to_contents(command: list[str], display: str, env: dict) -> dict:
    """Spawn, and read from the program's start-up trace when its frame and its contents were first painted."""
    with tempfile.TemporaryDirectory(prefix="handbook-trace-") as folder:
        trace = Path(folder) / "trace"
        if command[1:2] == ["-c"] and command[2] == EMPTY_WINDOW:
            command = [command[0], "-c", EMPTY_WINDOW_TRACED]
        start = time.time()
        proc = subprocess.Popen(command, env={**env, "DISPLAY": display, "HANDBOOK_STARTUP_TRACE": str(trace)},
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            deadline = time.monotonic() + 60
            marks: dict[str, float] = {}
            while "window-painted" not in marks:
                if proc.poll() is not None or time.monotonic() > deadline:
                    return {}
                time.sleep(0.005)
                if trace.exists():
                    marks = {name: float(when) for name, when in
                             (line.split() for line in trace.read_text().splitlines() if len(line.split()) == 2)}
            return {name: (when - start) * 1000 for name, when in marks.items()}
        finally:
            _stop(proc)


def median(values) -> float:
    return statistics.median(values) if values else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exe", default="", help="the frozen program (dist/handbook/handbook), if built")
    parser.add_argument("--before", default="", help="a checkout of the code before (main): its source measured too")
    parser.add_argument("--before-exe", default="", help="the frozen program built from the code before")
    parser.add_argument("--runs", type=int, default=12, help="time-to-window runs per program (in blocks of 3)")
    parser.add_argument("--answers", type=int, default=5, help="first-answer runs per program")
    parser.add_argument("--display", type=int, default=97, help="X display number for the runs")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    for tool in ("Xvfb", "xdotool", "import", "xdpyinfo", "xev"):
        if shutil.which(tool) is None:
            raise SystemExit(f"missing {tool} (apt-get install xvfb xdotool x11-utils imagemagick)")
    home = Path(tempfile.mkdtemp(prefix="handbook-startup-"))
    env = environment(home)
    progs = programs(args.exe, args.before, args.before_exe)
    # The search index is built once into the cache on a source checkout's first start (and the
    # bytecode caches written): not measured.
    for _label, command, _name, changes in progs:
        if command[1:4] == ["-P", "-m", "handbook"]:
            subprocess.run([*command, "search", "krisesenter"], env={**env, **changes}, capture_output=True, timeout=300)

    window: dict[str, list[float]] = {label: [] for label, _c, _n, _e in progs}
    blocks = max(1, args.runs // 3)
    for _ in range(blocks):
        for label, command, name, changes in progs:
            window[label] += time_to_window(command, name, 3, args.display, {**env, **changes})

    answers: dict[str, list[dict]] = {label: [] for label, _c, _n, _e in progs}
    contents: dict[str, list[dict]] = {label: [] for label, _c, _n, _e in progs}
    xvfb = Xvfb(args.display + 1)
    try:
        for _ in range(args.runs):
            for label, command, _name, changes in progs:
                if not label.startswith("before"):  # the code before has no start-up trace
                    contents[label].append(time_to_contents(command, xvfb.display, {**env, **changes}))
        for _ in range(args.answers):
            for label, command, name, changes in progs:
                if label.startswith("empty"):
                    answers[label].append(first_answer_empty(command, name, xvfb.display, {**env, **changes}))
                else:
                    answers[label].append(first_answer(command, name, xvfb.display, {**env, **changes}))
    finally:
        xvfb.close()

    empty = median(window[progs[0][0]])
    empty_painted = median([c["window-painted"] for c in contents[progs[0][0]] if c])
    report = {"load_average": os.getloadavg()[0], "runs": len(window[progs[0][0]]), "programs": []}
    for label, _c, _n, _e in progs:
        row = {
            "program": label,
            "window_ms_median": median(window[label]),
            "window_ms_min": min(window[label]),
            "window_ms_max": max(window[label]),
            "window_vs_empty": median(window[label]) / empty,
            "frame_painted_ms_median": median([c["frame-painted"] for c in contents[label] if "frame-painted" in c]),
            "contents_painted_ms_median": median([c["window-painted"] for c in contents[label] if c]),
            "contents_vs_empty_painted": median([c["window-painted"] for c in contents[label] if c]) / empty_painted,
            "contents_painted_ms_all": sorted(round(c["window-painted"]) for c in contents[label] if c),
            "answer_ms_median": median([a["answer_s"] * 1000 for a in answers[label] if "answer_s" in a]),
            "rss_window_mb": median([a["rss_window_mb"] for a in answers[label]]),
            "rss_answer_mb": median([a["rss_answer_mb"] for a in answers[label] if "rss_answer_mb" in a]),
        }
        report["programs"].append(row)
    if args.json:
        print(json.dumps(report, indent=1))
    else:
        print(f"Start-up, side by side (load average {report['load_average']:.2f}; "
              f"{report['runs']} time-to-window runs and {args.answers} first-answer runs each):")
        print(f"{'':28} {'window median':>14} {'fastest':>8} {'slowest':>8} {'× empty':>8} "
              f"{'frame painted':>14} {'contents painted':>17} {'× empty':>8} "
              f"{'first answer':>13} {'RSS shown':>10} {'RSS answer':>11}")
        for r in report["programs"]:
            print(f"{r['program']:28} {r['window_ms_median']:11.0f} ms {r['window_ms_min']:5.0f} ms "
                  f"{r['window_ms_max']:5.0f} ms {r['window_vs_empty']:8.2f} "
                  f"{r['frame_painted_ms_median']:11.0f} ms {r['contents_painted_ms_median']:14.0f} ms "
                  f"{r['contents_vs_empty_painted']:8.2f} {r['answer_ms_median']:10.0f} ms "
                  f"{r['rss_window_mb']:7.1f} MB {r['rss_answer_mb']:8.1f} MB")
        print("frame painted: the window's frame (title, size, background); contents painted: tool bar, search "
              "field and start page; × empty: against the empty window's first paint. From the programs' "
              "start-up trace; nan: a program without it.")
    return 0


def first_answer_empty(command: list[str], name: str, display: str, env: dict) -> dict:
    """The empty window has no answer: its RSS once shown, for the memory floor."""
    proc, _window_id, shown = _spawn_until_shown(command, name, {**env, "DISPLAY": display})
    try:
        time.sleep(0.5)
        return {"window_s": shown, "rss_window_mb": rss_mb(proc.pid), "rss_answer_mb": rss_mb(proc.pid)}
    finally:
        _stop(proc)


if __name__ == "__main__":
    sys.exit(main())
