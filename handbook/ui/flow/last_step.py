"""The footer of a flowchart step that is the last one: where to write, «Dette er siste steg.» and the summary.

:class:`LastStepFooter` is part of :class:`~handbook.ui.flow.step_view.StepView` (it uses the view's
``walk``, ``footer``, ``footer_layout``, ``density``, ``summary_buttons`` and the summary signals). The
footer sits outside the scrolling part, so «Hvor skriver du?» is on the first screen of every last step.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from handbook.content.flow import record_line
from handbook.ui.flow.step_text import font as _font
from handbook.ui.supplementary import banner_html
from handbook.ui.wrap_layout import WrapLayout


class LastStepFooter:
    """The last-step half of the step view."""

    def _add_end(self) -> None:
        """The last step: say so, and offer the summary of the path, in the footer where "Neste" would
        be – on one row where it fits, so the step's number and text keep their room."""
        record = record_line(self.walk.flow, self.walk.current, self.walk.about)
        if record:
            self.record_label = self._record_label(record)
            self.footer_layout.addWidget(self.record_label)
        holder = QWidget(self.footer)
        row = WrapLayout(holder, spacing=8)
        self.end_label = QLabel(self.tr("Dette er siste steg."), holder)
        dense = self.density >= 2
        self.end_label.setFont(_font(self.font(), 1.0 if dense else 1.15, bold=True, cap=12 if dense else 14))
        self.end_label.setAccessibleName(self.tr("Siste steg"))
        self.end_label.setToolTip(self.tr("Ta med sammendraget av veien du har gått – til lederen din eller til notatet ditt."))
        self.end_label.setMinimumHeight(32 if dense else 40)
        row.addWidget(self.end_label)
        for text, name, signal in (
            (self.tr("Skriv ut sammendraget…"), self.tr("Skriv ut sammendraget av veien"), self.printSummaryRequested),
            (self.tr("Lagre som PDF…"), self.tr("Lagre sammendraget av veien som PDF"), self.pdfSummaryRequested),
        ):
            button = QPushButton(text, holder)
            button.setFont(_font(self.font(), 1.0 if dense else 1.15, cap=12 if dense else 14))
            button.setMinimumHeight(32 if dense else 40)
            button.setAccessibleName(name)
            button.clicked.connect(signal)
            self.summary_buttons.append(button)
            row.addWidget(button)
        self.footer_layout.addWidget(holder)

    def _record_label(self, record: str) -> QLabel:
        """«Hvor skriver du?» on a last step: one or two lines in the footer, which never scrolls
        away; marked as guidance beyond the plan (its sources are in the step's banner and tooltip)."""
        label = QLabel(self.footer)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setText(f"<b>{html.escape(self.tr('Hvor skriver du?'))}</b> {html.escape(record)}")
        label.setWordWrap(True)
        dense = self.density >= 2
        label.setProperty("dense", dense)  # the theme's note colours, less padding where it is dense
        label.setFont(_font(self.font(), 0.9 if dense else 1.0, cap=10 if dense else 12))
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setAccessibleName(self.tr("Hvor skriver du?"))
        label.setAccessibleDescription(record)
        label.setToolTip(banner_html(record, self.walk.flow.record_sources))
        label.setProperty("supplementary", True)
        return label
