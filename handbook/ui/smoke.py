"""``handbook --smoke-test``: one short, real session, for packaging and CI.

Opens the window (offscreen works), loads the content, waits for the search
index, types a query, opens the top result, opens the help list and quits.
Any exception, a missing result or a Qt warning makes the exit code 1; a
session that hangs ends after :data:`TIMEOUT_MS` with exit code 2.
"""

from __future__ import annotations

import sys
import traceback

from PySide6.QtCore import QtMsgType, QTimer, qInstallMessageHandler

from handbook.content.page_ids import HELP_LIST

TIMEOUT_MS = 60_000
QUERY = "krisesenter"


class SmokeTest:
    def __init__(self, app) -> None:
        self.app = app
        self.exit_code = 1
        self.problems: list[str] = []
        qInstallMessageHandler(self._on_qt_message)

    def _on_qt_message(self, kind, context, message: str) -> None:
        print(f"qt: {message}", file=sys.stderr)
        if kind != QtMsgType.QtDebugMsg and kind != QtMsgType.QtInfoMsg:
            self.problems.append(f"Qt: {message}")

    def _fail(self, message: str, code: int = 1) -> None:
        print(f"smoke test FAILED: {message}", file=sys.stderr)
        self.exit_code = code
        self.app.exit(code)

    def start(self, window, search, load_content) -> None:
        """Run the session.

        Args:
            window: the shown main window.
            search: its search controller.
            load_content: ``load_content() -> bool`` loads the start-up content into the window now
                (app.py passes it in, so this module needs nothing from app.py).
        """
        self.window, self.search = window, search
        QTimer.singleShot(TIMEOUT_MS, lambda: self._fail("timed out", 2))
        try:
            if not window.isVisible():
                return self._fail("the window is not visible")
            if not load_content():
                return self._fail("the content could not be loaded: " + window.banner.text())
            search.ready.connect(self._search)
            search.failed.connect(lambda msg: self._fail("the search index could not be opened:\n" + msg))
        except Exception:
            self._fail(traceback.format_exc())

    def _search(self) -> None:
        try:
            self.window.results_model.modelReset.connect(self._results)
            self.window.search_box.setText(QUERY)
        except Exception:
            self._fail(traceback.format_exc())

    def _results(self) -> None:
        w = self.window
        try:
            if w.results_model.rowCount() == 0:
                return  # the reset that clears before the answer
            w.results_model.modelReset.disconnect(self._results)
            top = w.results_model.item(0)
            print(f"search «{QUERY}»: {w.results_model.rowCount()} hits, top: {top.hit.id}")
            w.results.view.open_current()
            page = w.handbook.page("plan/4-plikt-til-a-handle") or w.handbook.pages[0]
            w.open_section(page.id)
            if w.views.currentWidget() is not w.page_view or w.page_view.page is not page:
                return self._fail(f"the page {page.id} did not open")
            w.open_section(HELP_LIST)
            if w.views.currentWidget() is not w.help_view or not w.help_view.cards:
                return self._fail("the help list did not open")
            w.go_back()
            w.quick_hide()
            w.restore_from_hide()
            from handbook.ui.licenses_dialog import LicensesDialog

            licences = LicensesDialog(w)  # «Om» → «Lisenser»: frozen, from the bundle's licenses/ folder
            if not {"Python", "Qt"} <= {c.name for c in licences.components} \
                    or licences.frozen != bool(getattr(sys, "frozen", False)):
                return self._fail(f"the licences did not load (frozen: {licences.frozen})")
            print(f"licences: {len(licences.components)} components, from the {'bundle' if licences.frozen else 'source'}")
            licences.deleteLater()
            if self.problems:
                return self._fail("; ".join(self.problems))
            import platform

            import PySide6
            from PySide6.QtCore import qVersion

            print(f"smoke test OK: {len(w.handbook.sections)} sections, {len(w.help_view.cards)} contacts, "
                  f"content {w.handbook.meta.content_version} "
                  f"(Python {platform.python_version()}, Qt {qVersion()}, PySide6 {PySide6.__version__})")
            self.exit_code = 0
            w.close()
            self.app.exit(0)
        except Exception:
            self._fail(traceback.format_exc())
