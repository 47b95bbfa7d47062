"""The start page's footer: which content this is, and a calm notice when it may be out of date.

«Innhold: versjon 1.0.0, 26.11.2026», and after «Varsel om gammelt innhold» months (default 12)
without new content, a notice in plain words that the numbers may have changed and whom to ask
(the coordinator's role, never a person's name). The same words as About (:mod:`handbook.packs.age`).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


class ContentFooter(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ContentFooter")
        self.version = QLabel(self)
        self.version.setTextFormat(Qt.TextFormat.PlainText)
        self.version.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.version.setAccessibleName(self.tr("Innholdets versjon"))
        self.notice = QLabel(self)
        self.notice.setTextFormat(Qt.TextFormat.PlainText)
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Innholdet kan være utdatert"))
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setMargin(8)
        self.notice.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.notice.setAutoFillBackground(True)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.notice)
        layout.addWidget(self.version)
        self.hide()

    def show_for(self, handbook, stale_months: int) -> None:
        """Say which content ``handbook`` is, and whether it is older than ``stale_months``."""
        if handbook is None:
            self.hide()
            return
        from handbook.packs.age import stale_notice, version_line

        self.version.setText(version_line(handbook.meta))
        notice = stale_notice(handbook.meta, stale_months)
        self.notice.setText(notice or "")
        self.notice.setVisible(bool(notice))
        self.show()
