"""Meny → «Oppdater innhold …» and «Angre oppdatering»; the offer of a newer pack found at start.

The work is :mod:`handbook.packs` (no Qt); this module asks and shows:

1. a ``.handbok`` file is chosen (Qt's own file dialog, leaving no trace), or offered from the folder
   the coordinator named in the settings (checked once the content is shown; never applied by itself);
2. in a worker thread the pack is checked (signature, limits, ``handbook check``), unpacked beside the
   content in use and indexed, and compared with what is shown now;
3. :class:`UpdateDialog` says what changes, in the words ``handbook pack diff`` prints; nothing has
   changed yet. «Ta i bruk» swaps the new content in (one atomic write) and the window shows it at
   once: search, help list, flowchart. «Avbryt» throws the prepared copy away;
4. a refusal (:class:`RefusalDialog`) names the reason in bokmål; nothing changes.

«Angre oppdatering» goes back to the content before the last update (kept by the store).
The window only gets two menu entries, a notice row and the start page's footer from here.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from handbook.ui.background import Background
from handbook.ui.content_age import ContentFooter
from handbook.ui.fonts import set_relative_font
from handbook.ui.geometry import fixed_constraints

INTERNAL_ERROR = "Pakken kunne ikke kontrolleres på grunn av en feil i programmet. Ingenting er endret. Meld fra om feilen."


def ask_pack_file(parent: QWidget, start: str) -> str:
    """Ask for a .handbok file with Qt's own dialog (no «Nylig brukt», no remembered folder); '' if cancelled."""
    from handbook.ui.file_dialogs import QtDialogState, start_folder

    with QtDialogState():
        path, _filter = QFileDialog.getOpenFileName(
            parent, parent.tr("Velg innholdspakke"), start or str(start_folder()),
            parent.tr("Innholdspakker (*.handbok)"), options=QFileDialog.Option.DontUseNativeDialog)
    return path


def _fit(dialog: QDialog, parent: QWidget | None, width: int, height: int) -> None:
    """A size that fits the window (911×512 on a small laptop at 150 %)."""
    if parent is not None and parent.isVisible():
        width, height = min(width, parent.width() - 24), min(height, parent.height() - 24)
    dialog.resize(width, height)


class UpdateDialog(QDialog):
    """What a pack changes, before anything changes: «Ta i bruk» or «Avbryt»."""

    def __init__(self, summary, manifest, key_id: str, parent: QWidget | None = None, font: QFont | None = None) -> None:
        super().__init__(parent)
        from handbook.packs.changes import render_html

        if font is not None:
            self.setFont(font)
        self.setWindowTitle(self.tr("Oppdater innhold"))
        self.summary = summary
        heading = set_relative_font(QLabel(self.tr("Nytt innhold fra koordinatoren"), self), 1.2, bold=True)
        if summary.old is not None:
            text = self.tr("Versjon {new} erstatter versjonen du har nå, {old}. Les hva som endres før du tar "
                           "det i bruk.").format(new=summary.new.text(), old=summary.old.text())
        else:
            text = self.tr("Versjon {new}. Les hva som endres før du tar det i bruk.").format(new=summary.new.text())
        intro = QLabel(text, self)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        from handbook.ui.safe_text import SafeDocument  # here: its Qt classes are not needed before the first paint

        self.browser = QTextBrowser(self)
        self.browser.setDocument(SafeDocument(self.browser))
        self.browser.document().setDefaultFont(self.font())
        self.browser.setOpenLinks(False)
        self.browser.setAccessibleName(self.tr("Endringer"))
        self.browser.setHtml(render_html(summary))
        note = QLabel(self.tr("Pakken er signert av koordinatoren (nøkkel {key}) og kontrollert. Det du har nå, "
                              "tas vare på: «Angre oppdatering» i menyen går tilbake til det.").format(key=key_id), self)
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(self)
        self.apply_button = buttons.addButton(self.tr("Ta i bruk"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(self.browser, 1)
        layout.addWidget(note)
        layout.addWidget(buttons)
        fixed_constraints(self, 420, 300)
        _fit(self, parent, 700, 480)
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def text(self) -> str:
        """What the dialog says, as plain text (tests, screen readers read the same)."""
        return self.browser.toPlainText()


class RefusalDialog(QDialog):
    """Why a pack was not used: the reason in bokmål, and every content problem as file:line."""

    def __init__(self, message: str, problems: list[str], parent: QWidget | None = None,
                 title: str = "", font: QFont | None = None) -> None:
        super().__init__(parent)
        if font is not None:
            self.setFont(font)
        self.setWindowTitle(title or self.tr("Innholdet ble ikke oppdatert"))
        heading = set_relative_font(QLabel(self.windowTitle(), self), 1.2, bold=True)
        self.message = QLabel(message, self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.message)
        self.problems = None
        if problems:
            self.problems = QPlainTextEdit("\n".join(problems), self)
            self.problems.setReadOnly(True)
            self.problems.setAccessibleName(self.tr("Feil i innholdet"))
            layout.addWidget(self.problems, 1)
        else:
            layout.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Lukk"))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        fixed_constraints(self, 380, 160)
        _fit(self, parent, 620, 400 if problems else 220)


class UndoDialog(QDialog):
    """«Angre oppdatering»: go back to the content before the last update? «Gå tilbake» or «Avbryt»."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Angre oppdatering"))
        label = QLabel(self.tr("Gå tilbake til innholdet du hadde før siste oppdatering? Det nyeste innholdet "
                               "fjernes fra denne maskinen."), self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(self)
        self.back_button = buttons.addButton(self.tr("Gå tilbake"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(self.tr("Avbryt"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(buttons)
        fixed_constraints(self, 360, 120)
        _fit(self, parent, 460, 150)


class UpdateOffer(QFrame):
    """A row under the tool bar: a newer pack lies in the coordinator's folder. Shows the changes, or not now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.show_button = QPushButton(self.tr("Se endringene …"), self)
        self.later_button = QPushButton(self.tr("Ikke nå"), self)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(self.label, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.later_button)
        self.later_button.clicked.connect(self.hide)
        self.path: Path | None = None
        self.hide()

    def offer(self, path: Path, edition) -> None:
        self.path = path
        self.label.setText(self.tr("Nytt innhold fra koordinatoren: versjon {v}. Ingenting endres før du har sett "
                                   "endringene og valgt «Ta i bruk».").format(v=edition.text()))
        self.setAccessibleName(self.label.text())
        self.show()


class ContentUpdater(QObject):
    """«Oppdater innhold …» and «Angre oppdatering» for ``window``.

    Args:
        window: the main window (``menu_button``, ``actions``, ``normal`` and ``banner``, ``home``
            (its ``handbookShown``), ``set_handbook``, ``show_message``, ``status``, ``handbook``).
        settings: the settings service (``pack_folder``, ``stale_months``, ``content_dir``).
        search: the search controller (``open(handbook)``).
        store: a :class:`handbook.packs.store.PackStore`; None: this user's, made when first needed.
        reload: ``reload(store) -> (handbook | None, problems, settings_problems)``: the content to
            show after an undo (app.py's start-up choice).
    """

    def __init__(self, window, settings, search, store=None,
                 reload: Callable | None = None) -> None:
        super().__init__(window)
        self.window, self.settings, self.search = window, settings, search
        self._store = store
        self._reload = reload
        self._background = Background(self)
        self._jobs = 0
        self._prepared = None
        self._folder_checked = False
        self.dialog: QDialog | None = None  # the dialog open now (tests look at it)
        self.update_action = QAction(self.tr("Oppdater innhold …"), window)
        self.undo_action = QAction(self.tr("Angre oppdatering"), window)
        self.update_action.triggered.connect(self.choose_file)
        self.undo_action.triggered.connect(self.undo)
        menu = window.menu_button.menu()
        menu.insertAction(window.actions["settings"], self.update_action)
        menu.insertAction(window.actions["settings"], self.undo_action)
        menu.aboutToShow.connect(self._refresh_undo)
        self.offer = UpdateOffer(window)
        self.offer.show_button.clicked.connect(lambda: self.import_file(self.offer.path) if self.offer.path else None)
        layout = window.normal.layout()  # under the tool bar and the window's banner, above the views
        layout.insertWidget(layout.indexOf(window.banner) + 1, self.offer)
        # Tab as the screen reads: the tool bar, then the offer's buttons, then the views (made later,
        # the row would otherwise come after them)
        QWidget.setTabOrder(window.menu_button, self.offer.show_button)
        QWidget.setTabOrder(self.offer.show_button, self.offer.later_button)
        self.footer = ContentFooter(window.home.widget())
        window.home.add_footer(self.footer)
        window.home.handbookShown.connect(self._on_handbook)
        settings.changed.connect(self._on_setting)

    # -- the store ------------------------------------------------------------------

    @property
    def store(self):
        if self._store is None:
            from handbook.packs.startup import user_store

            self._store = user_store()
        return self._store

    @property
    def busy(self) -> bool:
        return self._jobs > 0 or self._prepared is not None

    def _run(self, work, done, name: str) -> None:
        """``work()`` in a worker thread, ``done(future)`` on the GUI thread; counted for :attr:`busy`."""
        self._jobs += 1

        def finished(future) -> None:
            self._jobs -= 1
            done(future)

        self._background.run(work, finished, name=name)

    def _refresh_undo(self) -> None:
        try:
            self.undo_action.setEnabled(not self.busy and self.store.can_undo())
        except OSError:
            self.undo_action.setEnabled(False)
        self.update_action.setEnabled(not self.busy)

    def reading_font(self) -> QFont:
        """The pages' text size (at least 11 pt, times the zoom): the summary is read as carefully."""
        from handbook.ui.fonts import scaled
        from handbook.ui.main_window import BASE_POINT_SIZE

        font = QFont(QApplication.font())
        if font.pointSizeF() < BASE_POINT_SIZE:
            font.setPointSizeF(BASE_POINT_SIZE)
        return scaled(font, min(self.settings.get("zoom"), 150) / 100)

    # -- content shown ----------------------------------------------------------------

    def _on_handbook(self, handbook) -> None:
        self.footer.show_for(handbook, self.settings.get("stale_months"))
        if self.offer.isVisible() and handbook is not None:
            self.offer.hide()
        if not self._folder_checked:
            self._folder_checked = True
            self.check_folder()

    def _on_setting(self, name: str) -> None:
        if name == "stale_months":
            self.footer.show_for(self.window.handbook, self.settings.get("stale_months"))
        elif name == "pack_folder":
            self.check_folder()

    # -- the coordinator's folder ------------------------------------------------------

    def check_folder(self) -> None:
        """Look for a newer signed pack in the folder named in the settings (worker thread); offer it."""
        folder = self.settings.get("pack_folder")
        handbook = self.window.handbook
        if not folder or handbook is None:
            return
        in_use = handbook.meta.content_version

        def work():
            from handbook.packs.folder import newest_pack

            store = self.store
            state = store.state()
            return newest_pack(Path(folder), store.trusted, (in_use, state.undone))

        def done(future) -> None:
            if future.exception() is not None:
                traceback.print_exception(future.exception())
                return
            found = future.result()
            if found is not None and not self.busy:
                self.offer.offer(found.path, found.pack.manifest.edition)

        self._run(work, done, name="pack-folder")

    # -- importing -------------------------------------------------------------------------

    def choose_file(self) -> None:
        if self.busy:
            return
        start = self.settings.get("pack_folder")
        path = ask_pack_file(self.window, start if start and Path(start).is_dir() else "")
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> None:
        """Check and prepare ``path`` in a worker thread, then show what changes (nothing changes yet)."""
        if self.busy:
            return
        self.offer.hide()
        current = self.window.handbook
        self.window.show_message(self.tr("Kontrollerer innholdspakken …"), 60_000)

        def work():
            from handbook.packs import archive
            from handbook.packs.changes import compare

            store = self.store
            pack = archive.open_pack(Path(path), store.trusted)
            prepared = store.prepare(pack)
            try:
                return prepared, compare(current, prepared.handbook)
            except BaseException:
                store.discard(prepared)
                raise

        self._run(work, self._prepared_done, name="pack-prepare")

    def _refuse(self, error: BaseException) -> None:
        from handbook.packs.errors import PackRefused

        self.window.status.hide()
        if isinstance(error, PackRefused):
            message, problems = error.message, error.problems
        else:
            traceback.print_exception(error)
            message, problems = INTERNAL_ERROR, []
        dialog = RefusalDialog(message, problems, self.window, font=self.reading_font())
        self._show(dialog, lambda _result: None)

    def _show(self, dialog: QDialog, then: Callable[[int], None]) -> None:
        """Open ``dialog`` window-modal without a nested event loop; ``then(result)`` when it closes
        (quick hide closes it too: rejected)."""
        self.dialog = dialog

        def finished(result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            then(result)

        dialog.finished.connect(finished)
        dialog.open()

    def _prepared_done(self, future) -> None:
        if future.exception() is not None:
            self._refuse(future.exception())
            return
        prepared, summary = future.result()
        self._prepared = prepared
        self.window.status.hide()
        dialog = UpdateDialog(summary, prepared.manifest, prepared.pack.key_id, self.window, self.reading_font())
        self._show(dialog, lambda result: self._decided(prepared, result == QDialog.DialogCode.Accepted))

    def _decided(self, prepared, accepted: bool) -> None:
        if not accepted:
            self._prepared = None
            self.store.discard(prepared)
            self.window.show_message(self.tr("Innholdet ble ikke oppdatert. Ingenting er endret."))
            return
        self.window.show_message(self.tr("Tar i bruk det nye innholdet …"), 60_000)
        self._run(lambda: self.store.commit(prepared), lambda f: self._committed(prepared, f),
                             name="pack-commit")

    def _committed(self, prepared, future) -> None:
        self._prepared = None
        if future.exception() is not None:
            self._refuse(future.exception())
            return
        from handbook.packs.store import with_content_dir

        installed = future.result()
        handbook = with_content_dir(prepared.handbook, installed.content_dir)
        if self.settings.get("content_dir"):
            self.settings.set("content_dir", "")  # the pack is what the coordinator wants shown now
        self.window.set_handbook(handbook)
        self.search.open(handbook)
        self.window.show_message(self.tr("Innholdet er oppdatert til versjon {v}. «Angre oppdatering» i menyen går "
                                         "tilbake.").format(v=installed.edition.text()), 15_000)

    # -- undo ------------------------------------------------------------------------------

    def undo(self) -> None:
        """Ask, then go back to the content before the last update."""
        if self.busy:
            return
        box = UndoDialog(self.window)
        self._show(box, lambda result: self.undo_now() if result == QDialog.DialogCode.Accepted else None)

    def undo_now(self) -> None:
        """Undo without asking (after the question; tests)."""
        store, reload = self.store, self._reload

        def work():
            store.undo()
            return reload(store) if reload is not None else (None, [], [])

        self._run(work, self._undone, name="pack-undo")

    def _undone(self, future) -> None:
        if future.exception() is not None:
            self._refuse(future.exception())
            return
        handbook, problems, _settings_problems = future.result()
        if handbook is None:
            self.window.show_banner(self.tr("Innholdet kunne ikke lastes:\n") + "\n".join(problems[:10]))
            return
        self.window.set_handbook(handbook)
        self.search.open(handbook)
        self.window.show_message(self.tr("Oppdateringen er angret. Innholdet er nå versjon {v}.").format(
            v=f"{handbook.meta.content_version} ({handbook.meta.content_date.strftime('%d.%m.%Y')})"), 15_000)
