"""A session that makes the app write everywhere it writes, started the way ``handbook`` starts.

Run by tests/test_fault_injection.py: ``python tests/fault_session.py OUT_DIR`` with HOME (and so
the settings and the cache) in a temporary folder. The start writes the compiled Qt catalogue and
the search index into the cache; then the session searches, pins a page and zooms (the settings
file), saves a page through the real «Lagre som PDF» dialog (Qt's own dialog state), and saves
the flowchart's path summary and diagram as PDFs. It prints one JSON line: what the window said
after each step, the top hit, and Qt's word for «Cancel».
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

sys.path.insert(0, str(Path(__file__).resolve().parent))
import screen  # noqa: E402 - tests/screen.py: what the user sees

PINNED = "plan/4-plikt-til-a-handle"
SAVED = "plan/3-omfang-av-vold-og-overgrep"


def main() -> int:
    out = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    report: dict = {}
    QTimer.singleShot(0, lambda: wait_for_window(app, out, report))
    QTimer.singleShot(120_000, lambda: (report.setdefault("error", "timed out"), app.exit(3)))

    from handbook.app import run

    code = run(argparse.Namespace(content=None, smoke_test=False))
    print(json.dumps(report, ensure_ascii=False))
    return code or (1 if "error" in report else 0)


def wait_for_window(app, out: Path, report: dict) -> None:
    window = next((w for w in app.topLevelWidgets() if w.objectName() == "MainWindow"), None)
    if window is None or window.handbook is None or not window.search.is_ready:
        QTimer.singleShot(50, lambda: wait_for_window(app, out, report))
        return
    try:
        session(app, window, out, report)
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        report["error"] = f"{type(exc).__name__}: {exc}"
    app.quit()


def said(app, window) -> str:
    app.processEvents()  # a queued «could not be saved» comes after the action's own line
    text = screen.message_shown(window)
    window.status.forget()
    return text


def answer_save_dialog(target: Path) -> None:
    """Choose ``target`` in «Lagre som PDF», and say yes to replacing it."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, QMessageBox) and dialog.isVisible():
        dialog.button(QMessageBox.StandardButton.Yes).click()
        return
    QTimer.singleShot(20, lambda: answer_save_dialog(target))  # before accept(): it may ask to replace
    if isinstance(dialog, QFileDialog) and dialog.isVisible():
        dialog.selectFile(str(target))
        dialog.accept()


def session(app, window, out: Path, report: dict) -> None:
    result = window.search.search_now("krisesenter")
    report["top_hit"] = result.hits[0].id if result and result.hits else ""
    report["cancel"] = QCoreApplication.translate("QPlatformTheme", "Cancel")
    report["source"] = window.search.engine.source

    window.open_section(PINNED)
    window.toggle_pin()
    report["pin"] = said(app, window)
    window.actions["zoom_in"].trigger()
    report["zoom"] = said(app, window)

    window.open_section(SAVED)
    QTimer.singleShot(0, lambda: answer_save_dialog(out / "side.pdf"))
    window.actions["save_pdf"].trigger()
    report["page_pdf"] = said(app, window)

    window.start_flow()
    screen.answer_step(window, 1)
    window.flow_view.save_pdf(str(out / "sammendrag.pdf"), diagram=False)
    report["summary_pdf"] = said(app, window)
    window.flow_view.save_pdf(str(out / "flytskjema.pdf"), diagram=True)
    report["diagram_pdf"] = said(app, window)


if __name__ == "__main__":
    sys.exit(main())
