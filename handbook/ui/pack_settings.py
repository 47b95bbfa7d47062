"""Settings → «Avansert (for koordinatoren)»: the folder checked for content packs, and the age notice.

The folder is where the coordinator puts new packs (a USB stick, a shared drive); the app looks
there at start and *offers* a newer signed pack, never applies it by itself. The number of months
says when the start page and About call the content possibly out of date.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QVBoxLayout, QWidget

from handbook.settings import setting
from handbook.ui.file_dialogs import ask_folder


class PackSettings(QWidget):
    """Edits ``pack_folder`` and ``stale_months``; :meth:`apply` stores them (the dialog's OK)."""

    def __init__(self, settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.folder = QLineEdit(settings.get("pack_folder"), self)
        self.folder.setPlaceholderText(self.tr("Ingen (se etter nytt innhold bare når du velger det)"))
        self.folder.setAccessibleName(self.tr("Mappe med innholdspakker"))
        browse = QPushButton(self.tr("Velg mappe …"), self)
        browse.setAccessibleName(self.tr("Velg mappe med innholdspakker"))
        clear = QPushButton(self.tr("Ingen"), self)
        clear.setAccessibleName(self.tr("Ingen mappe med innholdspakker"))
        browse.clicked.connect(self._browse)
        clear.clicked.connect(self.folder.clear)
        hint = QLabel(self.tr("For eksempel en minnepinne eller en fellesdisk der koordinatoren legger nye "
                              "innholdspakker (.handbok). Programmet ser etter en nyere pakke når det starter, "
                              "og spør før noe endres."), self)
        hint.setWordWrap(True)
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.folder.setAccessibleDescription(hint.text())
        low, high = setting("stale_months").bounds
        self.months = QSpinBox(self)
        self.months.setRange(low, high)
        self.months.setSuffix(self.tr(" måneder"))
        self.months.setValue(settings.get("stale_months"))
        self.months.setAccessibleName(self.tr("Varsle når innholdet er eldre enn"))
        self.months.setMaximumWidth(self.months.sizeHint().width() + 40)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        row.addWidget(clear)
        months_row = QHBoxLayout()
        months_label = QLabel(self.tr("Varsle når innholdet er eldre enn:"), self)
        months_label.setBuddy(self.months)
        months_row.addWidget(months_label)
        months_row.addWidget(self.months)
        months_row.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 6, 0, 0)
        folder_label = QLabel(self.tr("Mappe med innholdspakker:"), self)
        folder_label.setBuddy(self.folder)
        column.addWidget(folder_label)
        column.addLayout(row)
        column.addWidget(hint)
        column.addLayout(months_row)

    def _browse(self) -> None:
        path = ask_folder(self, self.tr("Velg mappe med innholdspakker"), self.folder.text())
        if path:
            self.folder.setText(path)

    def apply(self) -> None:
        self.settings.set("pack_folder", self.folder.text().strip())
        self.settings.set("stale_months", self.months.value())
