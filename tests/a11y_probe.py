"""Walk every view and dialog of the real app on one simulated screen; print what fails.

Run in a fresh process (``QT_SCALE_FACTOR`` is read once, when Qt starts), offscreen, on a screen
of the given physical size::

    python tests/a11y_probe.py --screen 1366x768 --scale 1.5          # 911×512, the small laptop
    python tests/a11y_probe.py --screen 1366x768 --scale 2 --scheme dark

The window is placed as ``handbook.app.run`` places it (the whole available screen). The probe
moves as a user does – keys (F2, F4, Alt+Home, Ctrl+K and typing, Enter, F1, Ctrl+,) and the
buttons' own text – and in each place runs the checks of ``tests/accessibility.py``: the window on
the screen, no unnamed control, Tab reaching every control in reading order and on screen, text
contrast from the grabbed pixels. Prints one JSON object: ``{"screen": …, "places": {place:
[problems]}, "pairs": [[ink, background, large, enabled, count, ratio], …]}``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _configure(screen: str, scale: float) -> Path:
    width, height = (int(v) for v in screen.lower().split("x"))
    tmp = Path(tempfile.mkdtemp(prefix="handbook-a11y-"))
    config = tmp / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    os.environ["QT_SCALE_FACTOR"] = str(scale)
    os.environ.setdefault("HANDBOOK_CACHE_DIR", str(tmp / "cache"))
    return tmp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screen", default="1366x768", help="physical screen size, e.g. 1366x768")
    parser.add_argument("--scale", type=float, default=1.5, help="QT_SCALE_FACTOR (1.5 = 150 %%)")
    parser.add_argument("--scheme", default="light", choices=("light", "dark", "contrast"))
    parser.add_argument("--places", default="", help="comma-separated subset of places (default all)")
    parser.add_argument("--dialog", action="append", default=[],
                        help="also open the menu entry with this text and walk its dialog (repeatable)")
    args = parser.parse_args(argv)
    tmp = _configure(args.screen, args.scale)
    os.environ["HANDBOOK_THEME"] = args.scheme
    sys.path.insert(0, str(HERE))

    from PySide6.QtCore import QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

    import accessibility as a11y
    from handbook.app import create_window, load_startup_content
    from PySide6.QtGui import QColor

    app = QApplication([sys.argv[0]])
    warnings: list[str] = []

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def on_message(kind, _context, text):
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            warnings.append(text)

    qInstallMessageHandler(on_message)
    window, search, settings = create_window(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    screen = app.primaryScreen().availableGeometry()
    window.setGeometry(screen)
    window.showMaximized()
    window.activateWindow()
    ready: list[bool] = []
    search.ready.connect(lambda: ready.append(True))
    load_startup_content(window, search, settings, None)
    while not ready:
        app.processEvents()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()
        QTest.qWait(30)

    places: dict[str, list[str]] = {}
    pairs: dict = {}
    wanted = {p for p in args.places.split(",") if p}

    def check(name: str, root: QWidget) -> None:
        if wanted and name not in wanted:
            return
        settle()
        problems = []
        frame = root.window().frameGeometry()
        if not screen.adjusted(-2, -2, 2, 2).contains(frame):  # 2 px: frame margins rounded at 300 %
            problems.append(f"the window {frame.getRect()} is larger than the screen {screen.getRect()}")
        problems += a11y.unnamed_controls(root)
        problems += a11y.contrast_problems(root)
        for key, n in a11y.contrast_pairs(root).items():
            pairs[key] = pairs.get(key, 0) + n
        first = sorted(a11y.controls(root), key=lambda w: (a11y.reading_position(w).y(), a11y.reading_position(w).x()))
        if first:
            problems += a11y.tab_problems(root, first[0])
        places[name] = problems

    def key(k, mod=Qt.KeyboardModifier.NoModifier, target=None) -> None:
        QTest.keyClick(target or QApplication.focusWidget() or window, k, mod)
        settle()

    def button(root: QWidget, text: str) -> QAbstractButton:
        for b in root.findChildren(QAbstractButton):
            if b.isVisible() and b.text().replace("&", "").strip().startswith(text):
                return b
        raise SystemExit(f"no button «{text}» showing")

    def type_query(text: str) -> None:
        key(Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(QApplication.focusWidget(), text)
        settle()
        QTest.qWait(300)
        settle()

    check("start", window)
    type_query("krisesenter")
    check("results", window)
    key(Qt.Key.Key_Return)
    check("help list (from a result)", window)
    type_query("avvergingsplikt")
    key(Qt.Key.Key_Return)
    check("page", window)
    key(Qt.Key.Key_Escape)
    key(Qt.Key.Key_F4)
    check("help list", window)
    key(Qt.Key.Key_F2)
    check("flowchart: first question", window)
    key(Qt.Key.Key_4)
    check("flowchart: second question", window)
    key(Qt.Key.Key_1)
    check("flowchart: a step", window)
    b = button(window, "Hele flytskjemaet")
    b.click()
    check("flowchart: whole diagram", window)
    key(Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    check("hidden screen", window)
    key(Qt.Key.Key_Return)

    def check_dialog(name: str) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            places[name] = ["the dialog did not open"]
            return
        check(name, dialog)
        dialog.reject()

    from PySide6.QtGui import QAction

    def menu_action(text: str) -> QAction:
        for action in window.findChildren(QAction):
            if action.text().replace("&", "").strip().startswith(text):
                return action
        raise SystemExit(f"no menu entry «{text}»")

    # Every dialog the window's menu opens (the About dialog by its key too).
    dialogs = [("About (F1)", lambda: key(Qt.Key.Key_F1, target=window))]
    dialogs += [(f"{text} (menu)", lambda t=text: menu_action(t).trigger())
                for text in ("Innstillinger",) + tuple(args.dialog)]
    for name, open_it in dialogs:
        if wanted and name not in wanted:
            continue
        QTimer.singleShot(300, lambda n=name: check_dialog(n))
        open_it()
        settle()
    print(json.dumps({
        "screen": f"{screen.width()}x{screen.height()}", "scale": args.scale, "scheme": args.scheme,
        "places": places,
        "pairs": sorted([[ink, bg, large, enabled, n, round(a11y.contrast(QColor(ink), QColor(bg)), 2)]
                         for (ink, bg, large, enabled), n in pairs.items()], key=lambda p: p[5]),
        "qt_warnings": warnings,
    }, ensure_ascii=False))
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
