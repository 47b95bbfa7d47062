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


def ask_pdf_path(parent: QWidget, suggested_name: str) -> str:
    """Ask where to save a PDF; '' if cancelled. The name always ends in .pdf."""
    with QtDialogState():
        path, _filter = QFileDialog.getSaveFileName(
            parent,
            _tr("Lagre som PDF"),
            str(start_folder() / suggested_name),
            _tr("PDF-filer (*.pdf)"),
            options=QFileDialog.Option.DontUseNativeDialog,
        )
    if path and not path.lower().endswith(".pdf"):
        path += ".pdf"
    return path


def ask_folder(parent: QWidget, title: str, start: str) -> str:
    """Ask for a folder; '' if cancelled."""
    with QtDialogState():
        return QFileDialog.getExistingDirectory(
            parent, title, start or str(start_folder()),
            QFileDialog.Option.ShowDirsOnly | QFileDialog.Option.DontUseNativeDialog,
        )
