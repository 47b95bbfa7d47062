"""The file dialogs ("Lagre som PDF", "Velg innholdsmappe"): Qt's own, in bokmål, leaving no trace.

- **Qt's widget dialog on every platform** (``DontUseNativeDialog``). The native dialogs record
  what was saved: GTK and the XDG portal add it to ``recently-used.xbel`` (the desktop's "Recent"
  list), Windows to its recent-files lists. Qt's dialog does not, and speaks our bokmål catalogue.
- **No last folder on disk.** Qt's dialog writes its history and last folder to its own settings
  (``~/.config/QtProject.conf``, on Windows the registry) when it closes. :class:`QtDialogState`
  puts that group back as it was before the dialog opened (other Qt programs share it), so a
  folder the user chose, perhaps named after a case, is never stored. The dialog opens in the
  Documents folder every time (the content-folder dialog where the current folder is).
- **A neutral file name** while the discreet setting is on: «Håndbok.pdf», not the chapter title.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

DISCREET_PDF_NAME = "Håndbok.pdf"
READING_POINT_SIZE = 11.0  # as the main window's pages at 100 % (main_window.BASE_POINT_SIZE)
_QT_ORGANISATION = "QtProject"  # where Qt's own dialogs keep their state (qfiledialog.cpp)
_DIALOG_GROUP = "FileDialog"
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def _tr(text: str) -> str:
    return QCoreApplication.translate("file_dialogs", text)


def suggested_pdf_name(title: str, discreet: bool) -> str:
    """The file name the dialog suggests: neutral when discreet, else the title (safe on every OS)."""
    if discreet or not title.strip():
        return DISCREET_PDF_NAME
    name = " ".join(_UNSAFE.sub(" ", title).split()).rstrip(".")
    return f"{name[:120]}.pdf" if name else DISCREET_PDF_NAME


def start_folder() -> Path:
    """Documents if there is one, else the home folder."""
    for location in (QStandardPaths.StandardLocation.DocumentsLocation, QStandardPaths.StandardLocation.HomeLocation):
        folder = QStandardPaths.writableLocation(location)
        if folder and Path(folder).is_dir():
            return Path(folder)
    return Path.home()


class QtDialogState:
    """Puts Qt's file-dialog settings back as they were: ``with QtDialogState(): <dialog>``."""

    def __enter__(self) -> QtDialogState:
        store = QSettings(QSettings.Scope.UserScope, _QT_ORGANISATION)
        self._file = Path(store.fileName())
        self._file_existed = self._file.is_file()
        store.beginGroup(_DIALOG_GROUP)
        self._before = {key: store.value(key) for key in store.allKeys()}
        return self

    def __exit__(self, *exc) -> None:
        store = QSettings(QSettings.Scope.UserScope, _QT_ORGANISATION)
        store.beginGroup(_DIALOG_GROUP)
        store.remove("")  # everything in the group, as the dialog left it
        for key, value in self._before.items():
            store.setValue(key, value)
        store.endGroup()
        store.sync()
        if not self._file_existed and not store.allKeys() and self._file.is_file():
            self._file.unlink()  # the dialog made the file: leave no empty one behind


def _run(dialog: QFileDialog) -> str:
    """Show Qt's widget dialog sized to the screen (at 300 % its own size is taller than a
    640×360 screen, and «Lagre» was below it); the chosen path, or '' if cancelled. The dialog
    is deleted here."""
    from handbook.ui.geometry import fit_dialog

    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    font = dialog.font()
    if font.pointSizeF() < READING_POINT_SIZE:  # the pages' size, not the desktop's 9 pt
        font.setPointSizeF(READING_POINT_SIZE)
        dialog.setFont(font)
    fit_dialog(dialog)  # the lists shrink and scroll; the name, the type and the buttons stay
    _tab_in_reading_order(dialog)
    import shiboken6

    with QtDialogState():
        chosen = dialog.exec()
        files = dialog.selectedFiles()
        shiboken6.delete(dialog)  # its destructor writes Qt's settings: here, so they are put back
    return files[0] if chosen and files else ""


def _tab_in_reading_order(dialog: QFileDialog) -> None:
    """Tab as the rows read: the name, «Lagre»; the type, «Avbryt» (Qt goes down the left column first)."""
    from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit

    name = dialog.findChild(QLineEdit, "fileNameEdit")
    kind = dialog.findChild(QComboBox, "fileTypeCombo")
    box = dialog.findChild(QDialogButtonBox, "buttonBox")
    buttons = box.buttons() if box is not None else []
    if name is None or kind is None or len(buttons) != 2 or not kind.isVisibleTo(dialog):
        return
    accept = next((b for b in buttons if box.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole), buttons[0])
    reject = next(b for b in buttons if b is not accept)
    for first, second in ((name, accept), (accept, kind), (kind, reject)):
        QWidget.setTabOrder(first, second)


def ask_pdf_path(parent: QWidget, suggested_name: str) -> str:
    """Ask where to save a PDF; '' if cancelled. The name always ends in .pdf."""
    dialog = QFileDialog(parent, _tr("Lagre som PDF"), str(start_folder()), _tr("PDF-filer (*.pdf)"))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.selectFile(suggested_name)
    path = _run(dialog)
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


def ask_folder(parent: QWidget, title: str, start: str) -> str:
    """Ask for a folder; '' if cancelled."""
    dialog = QFileDialog(parent, title, start or str(start_folder()))
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    return _run(dialog)
