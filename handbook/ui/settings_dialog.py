"""The settings dialog: text size, discretion and history; under "Avansert" the content folder, the
folder checked for content packs and when the content is called old (:mod:`handbook.ui.pack_settings`).

Everyday settings come first. The content folder is for the municipality's coordinator, so it
sits in a folded "Avansert" section with a warning; the section opens by itself when a folder
other than the shipped one is in use, so nobody is unaware of it. A new content folder is
validated with the same checks as ``handbook check`` (the ``validate`` callable runs
``load_handbook``). If it has problems they are listed in the dialog, nothing is saved, and
the app keeps the content it has.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from handbook.settings import ZOOM_MAX, ZOOM_MIN, ZOOM_STEP
from handbook.ui.file_dialogs import ask_folder
from handbook.ui.geometry import fit_to_screen, fixed_constraints


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
        self.zoom.setMaximumWidth(self.zoom.sizeHint().width() + 40)
        self.discreet = QCheckBox(self.tr("Diskrete navn"), self)
        self.discreet.setChecked(settings.get("discreet"))
        discreet_hint = self._hint(self.tr(
            "Vindustittelen viser bare «Håndbok», og PDF-filer og utskrifter får nøytrale navn. "
            "Slå av for å se hele tittelen og sidenes titler som filnavn."))
        self.discreet.setAccessibleDescription(discreet_hint.text())
        self.history = QCheckBox(self.tr("Husk sist leste sider mellom øktene"), self)
        self.history.setChecked(settings.get("keep_history"))
        history_hint = self._hint(self.tr("Listen lagres på denne maskinen. Av: ingenting av det du leser, lagres."))
        self.history.setAccessibleDescription(history_hint.text())
        self.advanced_button = QToolButton(self)
        self.advanced_button.setAccessibleName(self.tr("Avansert (for koordinatoren)"))
        self.advanced_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.advanced_button.setCheckable(True)
        self.advanced_button.setAutoRaise(True)
        self.advanced_button.toggled.connect(self._show_advanced)
        self.advanced = self._advanced_section(settings.get("content_dir"))
        self.errors_label = QLabel(self.tr("Innholdsmappen har feil. Programmet beholder innholdet det har:"), self)
        self.errors = QPlainTextEdit(self)
        self.errors.setReadOnly(True)
        self.errors.setAccessibleName(self.tr("Feil i innholdsmappen"))
        self.errors_label.hide()
        self.errors.hide()
        form = QFormLayout()
        form.addRow(self.tr("Tekststørrelse:"), self.zoom)
        form.addRow("", self._option(self.discreet, discreet_hint))
        form.addRow("", self._option(self.history, history_hint))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("OK"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Avbryt"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        # Everything but OK and Avbryt scrolls: at 300 % (640×360) the advanced part and the errors
        # are taller than the screen, and the buttons must stay on it.
        self.body = QWidget(self)
        layout = QVBoxLayout(self.body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addSpacing(8)
        layout.addWidget(self.advanced_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.advanced)
        layout.addWidget(self.errors_label)
        layout.addWidget(self.errors, 1)
        layout.addStretch(0)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls; the focused one is scrolled to
        self.scroll.setAccessibleName(self.tr("Innstillinger"))
        self.scroll.setWidget(self.body)
        outer = QVBoxLayout(self)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(buttons)
        self.advanced_button.setChecked(bool(settings.get("content_dir") or settings.get("pack_folder")))
        self._show_advanced(self.advanced_button.isChecked())
        fixed_constraints(self, 520, 260)
        fit_to_screen(self, 640, self._wanted_height())

    def _wanted_height(self) -> int:
        """The height that shows everything without scrolling (the screen may have less)."""
        margins = self.layout().contentsMargins()
        buttons = self.layout().itemAt(1).sizeHint().height()
        return self.body.sizeHint().height() + buttons + self.layout().spacing() + margins.top() + margins.bottom()

    @staticmethod
    def _option(box: QCheckBox, hint: QLabel) -> QVBoxLayout:
        """A check box with its explanation right under its text."""
        column = QVBoxLayout()
        column.setSpacing(0)
        column.addWidget(box)
        indent = box.style().pixelMetric(box.style().PixelMetric.PM_IndicatorWidth) + 6
        hint.setContentsMargins(indent, 0, 0, 4)
        column.addWidget(hint)
        return column

    def _hint(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return label

    def _advanced_section(self, content_dir: str) -> QFrame:
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        warning = QLabel(self.tr(
            "⚠ Bare for koordinatoren som forvalter håndboka. Et annet innhold enn det som fulgte med "
            "programmet kan ha feil eller gamle telefonnumre. Endre dette bare når koordinatoren ber deg om det."
        ), box)
        warning.setWordWrap(True)
        warning.setTextFormat(Qt.TextFormat.PlainText)
        self.warning = warning
        self.folder = QLineEdit(content_dir, box)
        self.folder.setPlaceholderText(self.tr("Innholdet som følger med programmet"))
        self.folder.setAccessibleName(self.tr("Innholdsmappe"))
        browse = QPushButton(self.tr("Velg mappe …"), box)
        builtin = QPushButton(self.tr("Bruk innebygd"), box)
        browse.clicked.connect(self._browse)
        builtin.clicked.connect(self.folder.clear)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(browse)
        folder_row.addWidget(builtin)
        column = QVBoxLayout(box)
        column.addWidget(warning)
        column.addWidget(QLabel(self.tr("Innholdsmappe:"), box))
        column.addLayout(folder_row)
        from handbook.ui.pack_settings import PackSettings

        self.pack_settings = PackSettings(self.settings, box)
        column.addWidget(self.pack_settings)
        return box

    def _show_advanced(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        # The triangle is text, in the text's colour: Fusion's grey arrow was 4.0:1 on the window.
        self.advanced_button.setText(("▾ " if shown else "▸ ") + self.tr("Avansert (for koordinatoren)"))
        self.body.layout().activate()
        fit_to_screen(self, self.width(), max(self.height(), self._wanted_height()))

    def _browse(self) -> None:
        path = ask_folder(self, self.tr("Velg innholdsmappe"), self.folder.text())
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
                fit_to_screen(self, self.width(), max(self.height(), 480))  # the rest scrolls
                QTimer.singleShot(0, lambda: self.scroll.ensureWidgetVisible(self.errors_label))
                return
            self.new_handbook = handbook
            self.content_changed = True
            self.settings.set("content_dir", folder)
        self.pack_settings.apply()
        self.settings.set("zoom", self.zoom.value())
        self.settings.set("discreet", self.discreet.isChecked())
        self.settings.set("keep_history", self.history.isChecked())
        if not self.history.isChecked():
            self.settings.set("recent", [])
        super().accept()
