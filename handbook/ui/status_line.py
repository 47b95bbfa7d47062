"""The confirmation line at the foot of the window ("Kopiert: …", "Lagret: …"): seen, then gone."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from handbook.ui import fonts

SHOWN_MS = 6000


class StatusLine(QLabel):
    """Plain text (never HTML: it may quote content) in highlight colours, bold, hidden when idle."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)  # "Kopiert: <content>": never HTML
        self.setAccessibleName(self.tr("Melding"))
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOWN_MS)
        self._timer.timeout.connect(self.hide)
        # Confirmations ("Kopiert: …") must be seen: highlight colours, bold, hidden when idle.
        self.setBackgroundRole(QPalette.ColorRole.Highlight)
        self.setForegroundRole(QPalette.ColorRole.HighlightedText)
        self.setAutoFillBackground(True)
        fonts.set_relative_font(self, 1.1, bold=True)
        self.setContentsMargins(8, 4, 8, 4)
        self.hide()

    def show_message(self, text: str, duration_ms: int = SHOWN_MS) -> None:
        self.setText(text)
        self.show()
        self._timer.start(duration_ms)

    def forget(self) -> None:
        """No message, nothing to see (quick hide)."""
        self.setText("")
        self.hide()

    def watch_unsaved(self, settings) -> None:
        """Say once, calmly, when changed settings could not be written: they hold until the app closes.

        Queued: an action that changed a setting (a pin) says its own line first, with the reason
        if it takes it (:meth:`handbook.settings.Settings.take_unsaved_reason` gives it once).
        """
        self._settings = settings
        settings.notSaved.connect(self._announce_unsaved, Qt.ConnectionType.QueuedConnection)

    def _announce_unsaved(self) -> None:
        reason = self._settings.take_unsaved_reason()
        if reason:
            self.show_message(self.tr("Innstillingene kunne ikke lagres: {why} Endringene gjelder til programmet "
                                      "lukkes.").format(why=reason), 15_000)

    def announce_resets(self, labels: list[str]) -> None:
        """Say which settings held a value the app could not use (they are back at their defaults)."""
        if not labels:
            return
        names = ", ".join(f"«{label}»" for label in labels)
        if len(labels) == 1:
            text = self.tr("Innstillingen {names} hadde en ugyldig verdi og er satt tilbake til standard.")
        else:
            text = self.tr("Innstillingene {names} hadde ugyldige verdier og er satt tilbake til standard.")
        self.show_message(text.format(names=names), 15_000)
