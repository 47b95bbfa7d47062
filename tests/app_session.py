"""A short working session in the real app, started the way ``handbook`` starts it (``app.run``).

Run as a program by tests/test_discretion.py, with HOME and the XDG folders in a temporary folder:
``python tests/app_session.py OUT_DIR``. It searches for words a worker would type, opens a page,
filters the help list, finds in the page, saves the page as a PDF into OUT_DIR through the real
"Lagre som PDF" dialog, opens and cancels the print dialog, hides and restores, and quits. It prints
one JSON line with what it saw (the window's title, the app's names, the PDF's path).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QFileDialog

TYPED = "naboen hørte skrik i natt"  # what a worker might type; must never reach the disk
FILTERED = "tante gunvor"


def main() -> int:
    out_dir = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    report: dict = {}
    QTimer.singleShot(0, lambda: wait_for_window(app, out_dir, report))
    QTimer.singleShot(60_000, lambda: (report.setdefault("error", "timed out"), app.exit(3)))

    from handbook.app import run

    code = run(argparse.Namespace(content=None, smoke_test=False))
    print(json.dumps(report, ensure_ascii=False))
    return code or (1 if "error" in report else 0)


def wait_for_window(app, out_dir: Path, report: dict) -> None:
    window = next((w for w in app.topLevelWidgets() if w.objectName() == "MainWindow"), None)
    if window is None or window.handbook is None or not window.search.is_ready:
        QTimer.singleShot(50, lambda: wait_for_window(app, out_dir, report))
        return
    try:
        session(window, out_dir, report)
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
        report["error"] = f"{type(exc).__name__}: {exc}"
    app.quit()


def answer_modal(kind, act) -> None:
    """When a modal dialog of ``kind`` is up, call ``act(dialog)`` (which closes it)."""
    dialog = QApplication.activeModalWidget()
    if isinstance(dialog, kind) and dialog.isVisible():
        act(dialog)
    else:
        QTimer.singleShot(20, lambda: answer_modal(kind, act))


def session(window, out_dir: Path, report: dict) -> None:
    report["title"] = window.windowTitle()
    report["application"] = QCoreApplication.applicationName()
    report["desktop_file"] = QApplication.desktopFileName()
    window.search_box.setText(TYPED)
    window.search.query(TYPED)
    result = window.search.search_now(TYPED)
    window.open_section(result.hits[0].id, tuple(result.hits[0].terms))
    window.page_view.find_bar.open_bar()
    window.page_view.find_bar.edit.setText("vold")
    window.open_section("hjelpeliste")
    window.help_view.filter.setText(FILTERED)
    window.open_section("plan/3-omfang-av-vold-og-overgrep")

    target = out_dir / "Håndbok.pdf"

    def save(dialog: QFileDialog) -> None:
        report["suggested"] = Path(dialog.selectedFiles()[0]).name
        dialog.selectFile(str(target))
        dialog.accept()

    QTimer.singleShot(0, lambda: answer_modal(QFileDialog, save))
    report["pdf"] = window.save_pdf()
    QTimer.singleShot(0, lambda: answer_modal(QPrintDialog, lambda d: d.reject()))
    window.print_current()
    window.quick_hide()
    window.restore_from_hide()


if __name__ == "__main__":
    sys.exit(main())
