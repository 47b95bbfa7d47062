"""The settings dialog: zoom, discreet title, history, content folder.

A new content folder is validated with the same checks as ``handbook check``
(the ``validate`` callable runs ``load_handbook``). If it has problems they are
listed in the dialog, nothing is saved, and the app keeps the content it has.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from handbook.settings import ZOOM_MAX, ZOOM_MIN, ZOOM_STEP
from handbook.ui.geometry import fixed_constraints


class SettingsDialog(QDialog):
    """Edits :class:`handbook.settings.Settings`.

    Args:
        settings: the settings service.
        validate: ``validate(path) -> (handbook | None, problems: list[str])``.

    After ``accept()``, ``new_handbook`` holds the newly loaded content when
    the content folder changed (None otherwise).
    """

    def __init__(self, settings, validate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Innstillinger"))
        self.settings = settings
        self.validate = validate
        self.new_handbook = None
        self.content_changed = False
        self.zoom = QSpinBox(self)
        self.zoom.setRange(ZOOM_MIN, ZOOM_MAX)
        self.zoom.setSingleStep(ZOOM_STEP)
        self.zoom.setSuffix(" %")
        self.zoom.setValue(settings.get("zoom"))
        self.zoom.setAccessibleName(self.tr("Tekststørrelse"))
        self.discreet = QCheckBox(self.tr("Vis bare «Håndbok» i vindustittelen"), self)
        self.discreet.setChecked(settings.get("discreet_title"))
        self.history = QCheckBox(self.tr("Husk sist leste sider mellom øktene (lagres på denne maskinen)"), self)
        self.history.setChecked(settings.get("keep_history"))
        self.folder = QLineEdit(settings.get("content_dir"), self)
        self.folder.setPlaceholderText(self.tr("Innholdet som følger med programmet"))
        self.folder.setAccessibleName(self.tr("Innholdsmappe"))
        browse = QPushButton(self.tr("Velg mappe …"), self)
        builtin = QPushButton(self.tr("Bruk innebygd"), self)
        browse.clicked.connect(self._browse)
        builtin.clicked.connect(self.folder.clear)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        folder_row.addWidget(builtin)
        self.errors_label = QLabel(self.tr("Innholdsmappen har feil. Programmet beholder innholdet det har:"), self)
        self.errors = QPlainTextEdit(self)
        self.errors.setReadOnly(True)
        self.errors.setAccessibleName(self.tr("Feil i innholdsmappen"))
        self.errors_label.hide()
        self.errors.hide()
        form = QFormLayout()
        form.addRow(self.tr("Tekststørrelse:"), self.zoom)
        form.addRow("", self.discreet)
        form.addRow("", self.history)
        form.addRow(self.tr("Innholdsmappe:"), folder_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors, 1)
        layout.addWidget(buttons)
        fixed_constraints(self, 520, 260)
        self.resize(640, 300)

    def _browse(self) -> None:
        path = QFileDialog.getExistingDirectory(self, self.tr("Velg innholdsmappe"), self.folder.text())
        if path:
            self.folder.setText(path)

    def accept(self) -> None:
        folder = self.folder.text().strip()
        if folder != self.settings.get("content_dir"):
            handbook, problems = self.validate(folder or None)
            if handbook is None:
                self.errors.setPlainText("\n".join(problems))
                self.errors_label.show()
                self.errors.show()
                self.resize(self.width(), max(self.height(), 480))
                return
            self.new_handbook = handbook
            self.content_changed = True
            self.settings.set("content_dir", folder)
        self.settings.set("zoom", self.zoom.value())
        self.settings.set("discreet_title", self.discreet.isChecked())
        self.settings.set("keep_history", self.history.isChecked())
        if not self.history.isChecked():
            self.settings.set("recent", [])
        super().accept()
