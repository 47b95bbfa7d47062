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

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QAbstractButton, QApplication, QWidget

    import accessibility as a11y
    from handbook.app import create_window, load_startup_content
    from PySide6.QtGui import QColor

    app = QApplication([sys.argv[0]])
    warnings: list[str] = []

    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    def on_message(kind, _context, text):
        # The offscreen platform cannot pass a window's size limits on (xcb, Windows and macOS do);
        # Qt's own print properties dialog sets them as it opens; nor raise a popup menu (a chip's)
        # or let it grab the keyboard (tests/qt_menus.py). Any other warning counts.
        if text in ("This plugin does not support propagateSizeHints()", "This plugin does not support raise()",
                    "This plugin does not support grabbing the keyboard"):
            return
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            warnings.append(text)

    qInstallMessageHandler(on_message)
    from windows import settings_store

    # Content packs (issue 21's «Oppdater innhold …»): a throwaway key the store trusts, a newer pack
    # in the coordinator's folder (offered under the tool bar) and one whose content is broken.
    from packs_helpers import CONTENT, content_version, new_key, raw_pack, write_pack
    from handbook.packs.startup import read_edition
    from handbook.packs.store import PackStore

    pack_key = new_key()
    pack_folder = tmp / "koordinator"
    pack_folder.mkdir()
    newer = write_pack(content_version(tmp, "1.1.0", "2027-01-15"), pack_key, pack_folder / "innhold-1.1.0.handbok")
    broken_dir = content_version(tmp, "1.2.0", "2027-02-01", name="broken")
    (broken_dir / "hjelpeliste.yaml").write_text("kontakter: [\n", encoding="utf-8")
    broken = tmp / "innhold-1.2.0.handbok"
    broken.write_bytes(raw_pack(broken_dir, pack_key, "1.2.0", "2027-02-01"))
    pack_store = PackStore(tmp / "innhold", pack_key.trusted, read_edition(CONTENT))

    window, search, settings = create_window(settings_store(tmp), pack_store=pack_store)
    from handbook import paths, translations

    translations.install(app, paths.resources_dir(), paths.cache_dir())  # as app.run does: Qt's dialogs in bokmål
    screen = app.primaryScreen().availableGeometry()
    window.setGeometry(screen)
    window.showMaximized()
    window.activateWindow()
    ready: list[bool] = []
    search.ready.connect(lambda: ready.append(True))
    load_startup_content(window, search, settings, None, store=pack_store)
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
        places[name] = places.get(name, []) + problems

    def key(k, mod=Qt.KeyboardModifier.NoModifier, target=None) -> None:
        QTest.keyClick(target or QApplication.focusWidget() or window, k, mod)
        settle()

    def button(root: QWidget, text: str) -> QAbstractButton:
        for b in root.findChildren(QAbstractButton):
            if b.isVisible() and b.text().replace("&", "").strip(" ▸▾").startswith(text):
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
    key(Qt.Key.Key_Return, target=window.search_box)  # the check's Tab walk moved the keyboard
    check("help list (from a result)", window)
    # What the search understood (issue 18): chips, each with its menu and «×», and the hand-over.
    type_query("sønnen tar pengene til mor på 84 og truer henne")
    bar = window.results.reading_bar
    if not bar.chips or not bar.flow_button.isVisible():
        raise SystemExit(f"no chips or hand-over for a situation: {bar.labels()}")
    check("results: what was understood", window)
    if not wanted or "results: a chip's menu" in wanted:
        chip = bar.chips[0]
        chip.button.setFocus(Qt.FocusReason.TabFocusReason)
        key(Qt.Key.Key_Space)
        QTest.qWait(100)
        if not chip.menu.isVisible():
            raise SystemExit("the chip's menu did not open")
        check("results: a chip's menu", chip.menu)
        chip.menu.close()
        settle()
    bar.chips[-1].remove_button.click()  # the reading changed: «Angre» shows
    settle()
    QTest.qWait(300)
    settle()
    check("results: a chip removed («Angre»)", window)
    bar.flow_button.click()
    settle()
    check("flowchart: handed over from the search", window)
    type_query("avvergingsplikt")
    key(Qt.Key.Key_Return)
    check("page", window)
    key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier, window)  # «☰ Innhold»: the table of contents
    if not window.sidebar.isVisible():
        raise SystemExit("Ctrl+B did not show the table of contents")
    check("page with the table of contents (Ctrl+B)", window)
    key(Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier, window)
    key(Qt.Key.Key_Escape)
    key(Qt.Key.Key_F4)
    check("help list", window)
    def step_in_view(name: str) -> None:
        """What the step is for is in view without scrolling: a question's first answer; an action's
        number with its copy button (every number on an urgent step) and the way on, «Neste»."""
        if (wanted and name not in wanted) or screen.height() < 384:
            return  # below 200 % on a 1366×768 laptop (300 %: 360 px) the step scrolls; Tab shows each control
        settle()
        places.setdefault(name, [])
        step = window.flow_view.step_view
        if step.answer_buttons:  # a question: the first answer at least (keys 1–5 answer the rest)
            shown = step.answer_buttons[:1]
        elif window.flow_view.walk.current.urgent:  # every emergency number, its copy button, «Neste»
            shown = [w for w in step.key_widgets() + ([step.next_button] if step.next_button else []) if w.isVisible()]
        else:  # an action: the number to dial with its copy button, and «Neste»
            shown = [w for w in (step.primary_label, *step.copy_buttons[:1], step.next_button) if w is not None]
        for widget in shown:
            rect, seen = a11y.visible_rect(widget), widget.rect()
            if rect.height() < 0.6 * seen.height() or rect.width() < 0.6 * seen.width():
                places[name].append(f"the step's {a11y.describe(widget)} is not in view without scrolling")

    # Each step is looked at before its check: the Tab walk scrolls the step to each control.
    key(Qt.Key.Key_F2)
    step_in_view("flowchart: first question")
    check("flowchart: first question", window)
    answer = lambda k: key(k, target=window.flow_view.step_view)  # noqa: E731 - the check's Tab walk moved the focus
    answer(Qt.Key.Key_5)  # «Nei, ikke akkurat nå»: «Hvem er utsatt?»
    step_in_view("flowchart: second question")
    check("flowchart: second question", window)
    answer(Qt.Key.Key_1)
    step_in_view("flowchart: a step")
    check("flowchart: a step", window)
    key(Qt.Key.Key_F2, target=window)  # from the start again; 1: «Akutt fare», every emergency number at once
    answer(Qt.Key.Key_1)
    step_in_view("flowchart: urgent step")
    check("flowchart: urgent step", window)
    b = button(window, "Hele ")  # «Hele flytskjemaet», «Hele skjemaet» where the header is narrow
    b.click()
    check("flowchart: whole diagram", window)
    key(Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    check("hidden screen", window)
    key(Qt.Key.Key_Return)

    from PySide6.QtGui import QAction

    def menu_action(text: str) -> QAction:
        for action in window.findChildren(QAction):
            if action.text().replace("&", "").strip().startswith(text):
                return action
        raise SystemExit(f"no menu entry «{text}»")

    def visit(name: str, open_it, inside=None) -> None:
        """Open a dialog with ``open_it`` (which runs its exec()), check it, run ``inside(dialog)``
        (which may visit dialogs opened from it), then close it."""
        before = QApplication.activeModalWidget()

        def in_dialog() -> None:
            dialog = QApplication.activeModalWidget()
            if dialog is None or dialog is before:
                places[name] = ["the dialog did not open"]
                return
            check(name, dialog)
            if inside is not None:
                inside(dialog)
            dialog.reject()

        if wanted and name not in wanted and inside is None:
            return
        QTimer.singleShot(300, in_dialog)
        open_it()
        settle()

    def about_inside(dialog) -> None:
        visit("Lisenser (from About)", button(dialog, "Lisenser").click)

    def settings_inside(dialog) -> None:
        button(dialog, "Avansert").click()
        settle()
        check("Innstillinger: Avansert open", dialog)

    def print_inside(dialog) -> None:
        properties = next((b for b in dialog.findChildren(QAbstractButton)
                           if b.isVisible() and b.isEnabled() and b.text().replace("&", "").startswith("Egenskaper")), None)
        if properties is None:
            places["Skriv ut: Egenskaper"] = ["no enabled «Egenskaper» button in the print dialog"]
            return
        visit("Skriv ut: Egenskaper", properties.click)

    def updater_dialog(kind):
        """The content updater's dialog once it is open (they open window-modal, without exec())."""
        updater = window.content_updater
        for _ in range(3000):
            if isinstance(updater.dialog, kind) and updater.dialog.isVisible():
                settle()
                return updater.dialog
            app.processEvents()
            QTest.qWait(20)
        raise SystemExit(f"no {kind.__name__} within 60 s")

    def packs_walk() -> None:
        """Meny → «Oppdater innhold …» (the file dialog), a newer pack offered from the coordinator's
        folder, what it changes (before anything changes), «Angre oppdatering», and a refusal."""
        from handbook.ui.content_update import RefusalDialog, UndoDialog, UpdateDialog

        visit("Oppdater innhold: velg fil (menu)", lambda: menu_action("Oppdater innhold").trigger())
        window.activateWindow()  # the offscreen platform gives it back to no one when a dialog closes
        QTest.qWaitForWindowActive(window)
        key(Qt.Key.Key_Home, Qt.KeyboardModifier.AltModifier, window)  # the start page, with the content's footer
        settings.set("pack_folder", str(pack_folder))
        for _ in range(3000):
            if window.content_updater.offer.isVisible():
                break
            app.processEvents()
            QTest.qWait(20)
        else:
            raise SystemExit(f"{newer.name} in the coordinator's folder was not offered")
        check("start: a newer pack offered", window)
        window.content_updater.offer.show_button.click()
        dialog = updater_dialog(UpdateDialog)
        check("Oppdater innhold: what changes", dialog)
        ready.clear()
        dialog.apply_button.click()
        while not ready:
            app.processEvents()
        settle()
        menu_action("Angre oppdatering").setEnabled(True)
        menu_action("Angre oppdatering").trigger()
        dialog = updater_dialog(UndoDialog)
        check("Angre oppdatering (menu)", dialog)
        dialog.reject()
        settle()
        window.content_updater.import_file(broken)
        dialog = updater_dialog(RefusalDialog)
        check("Oppdater innhold: refused", dialog)
        dialog.reject()
        settle()

    # Every dialog the window opens: About (F1) and its «Lisenser», the settings (closed and with
    # «Avansert» open), printing a page (Ctrl+P) and its «Egenskaper», saving as PDF.
    visit("About (F1)", lambda: key(Qt.Key.Key_F1, target=window), about_inside)
    visit("Innstillinger (menu)", lambda: menu_action("Innstillinger").trigger(), settings_inside)
    window.open_section("veileder/avvergingsplikt")
    settle()
    visit("Skriv ut (menu)", lambda: menu_action("Skriv ut").trigger(), print_inside)
    visit("Lagre som PDF (menu)", lambda: menu_action("Lagre som PDF").trigger())
    for text in args.dialog:
        visit(f"{text} (menu)", lambda t=text: menu_action(t).trigger())
    packs_walk()
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
