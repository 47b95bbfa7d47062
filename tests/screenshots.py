"""Make the README's screenshots: the real window, offscreen, on a simulated laptop screen.

    .venv/bin/python tests/screenshots.py                       # 911×512 (what 1366×768 at 150 % gives Qt), light
    .venv/bin/python tests/screenshots.py --scheme dark --suffix=-dark --only search-situation,flow-urgent
    .venv/bin/python tests/screenshots.py --screen 1366x768 --scale 2 --size '' --suffix=-200pct

Each shot is a list of steps done as a user does them (keys, typing), then a grab of the window
into ``docs/screenshots/NAME-WxH{suffix}.png``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"

SHOTS = {
    "start": [],
    "search-situation": ["type:gutten sier pappa slår"],
    "search-chips": ["type:sønnen tar pengene til mor på 84 og truer henne"],
    "flow-from-search": ["type:sønnen tar pengene til mor på 84 og truer henne", "handover"],
    "flow-urgent": ["key:F2", "key:1"],
    "flow-hvem": ["key:F2", "key:5"],
    "flow-barn": ["key:F2", "key:5", "key:1"],
    "flow-egen-sikkerhet": ["key:F2", "key:4"],
    "flow-last-step": ["key:F2", "key:5", "key:1", "end"],
    "help-list": ["key:F4"],
    "page-3.5": ["open:plan/3-omfang-av-vold-og-overgrep#3-5-lokale-forhold"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--screen", default="1920x1080", help="physical screen size")
    parser.add_argument("--scale", type=float, default=1.0, help="QT_SCALE_FACTOR")
    parser.add_argument("--size", default="911x512", help="window size in logical pixels ('' = the whole screen)")
    parser.add_argument("--scheme", default="light", choices=("light", "dark", "contrast"))
    parser.add_argument("--suffix", default="")
    parser.add_argument("--only", default="", help="comma-separated shot names")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs (default docs/screenshots)")
    args = parser.parse_args(argv)
    width, height = (int(v) for v in args.screen.split("x"))
    tmp = Path(tempfile.mkdtemp(prefix="handbook-shots-"))
    config = tmp / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ.update(QT_QPA_PLATFORM=f"offscreen:configfile={config}", QT_SCALE_FACTOR=str(args.scale),
                      HANDBOOK_THEME=args.scheme)
    os.environ.setdefault("HANDBOOK_CACHE_DIR", str(tmp / "cache"))

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    from handbook.app import create_window, load_startup_content

    sys.path.insert(0, str(ROOT / "tests"))
    from windows import settings_store

    app = QApplication([sys.argv[0]])
    wanted = [n for n in args.only.split(",") if n] or list(SHOTS)
    for name in wanted:
        window, search, settings = create_window(settings_store(tmp, f"{name}.ini"))
        if args.size:
            window.resize(*(int(v) for v in args.size.split("x")))
        else:
            window.setGeometry(app.primaryScreen().availableGeometry())  # the whole screen, as app.run does
        window.show()
        window.activateWindow()
        ready: list[bool] = []
        search.ready.connect(lambda r=ready: r.append(True))
        load_startup_content(window, search, settings, None)
        while not ready:
            app.processEvents()
        for step in SHOTS[name]:
            kind, _, value = step.partition(":")
            target = QApplication.focusWidget() or window
            if kind == "key":
                key = getattr(Qt.Key, f"Key_{value}")
                QTest.keyClick(target, key)
            elif kind == "type":
                QTest.keyClick(window.search_box, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
                QTest.keyClicks(QApplication.focusWidget(), value)
            elif kind == "open":
                window.open_section(value)
            elif kind == "handover":  # «Gå trinn for trinn med dette» above the results
                window.results.reading_bar.flow_button.click()
            elif kind == "end":  # «Neste» (Enter) or the first answer (1) until the last step
                for _ in range(20):
                    step = window.flow_view.step_view
                    if window.flow_view.walk.current.is_end:
                        break
                    QTest.keyClick(step, Qt.Key.Key_1 if step.answer_buttons else Qt.Key.Key_Return)
            QTest.qWait(400)
        # The offscreen platform's mouse rests at (0, 0), on «☰ Innhold», which then shows as under
        # the mouse (tinted, as if pressed): no mouse in these shots, as for a hand on the keyboard.
        for widget in [window, *window.findChildren(QWidget)]:
            if widget.testAttribute(Qt.WidgetAttribute.WA_UnderMouse):
                widget.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, False)
                widget.update()
        QTest.qWait(300)
        logical = window.size()
        path = args.out / f"{name}-{logical.width()}x{logical.height()}{args.suffix}.png"
        window.grab().save(str(path))

        print(path)
        window.close()
        window.deleteLater()
        app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
