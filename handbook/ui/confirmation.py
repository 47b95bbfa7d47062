"""A short-lived "✓ Kopiert: …" bar, shared by the help list and the flowchart's step view."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QLabel, QWidget


class Confirmation(QLabel):
    """A highlighted label that confirms a copy and hides itself after a while."""

    def __init__(self, parent: QWidget | None = None, margin: int = 6, timeout_ms: int = 5000) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Bekreftelse"))
        self.setTextFormat(Qt.TextFormat.PlainText)  # names content (a contact): never HTML
        self.setBackgroundRole(QPalette.ColorRole.Highlight)
        self.setForegroundRole(QPalette.ColorRole.HighlightedText)
        self.setAutoFillBackground(True)
        self.setMargin(margin)
        self.hide()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.hide)

    def copy(self, text: str, what: str) -> None:
        """Put ``text`` on the clipboard and say so, naming ``what``."""
        QGuiApplication.clipboard().setText(text)
        self.setText(self.tr("✓ Kopiert: {what}").format(what=what))
        self.show()
        self._timer.start()
