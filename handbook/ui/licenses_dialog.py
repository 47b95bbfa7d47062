"""«Lisenser»: what the program is built from, each licence text one click away.

Opened from «Om håndboka». The list on the left (above, when the window is
narrow or the text large) holds an overview first, then every component; the
view shows the selected one. A frozen program shows what the build put in its
``licenses/`` folder; from source, the same is collected from the running
Python (:func:`handbook.licenses.shipped_components`). Texts are shown as plain
text: addresses in them stay text, nothing is loaded from anywhere.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QListWidget, QListWidgetItem, QSplitter,
                               QTextBrowser, QVBoxLayout, QWidget)

from handbook import licenses
from handbook.ui.geometry import fixed_constraints
from handbook.ui.safe_text import SafeDocument

# Side by side when a text line of about this many average characters fits beside the list.
SIDE_BY_SIDE_CHARS = 110
READING_POINT_SIZE = 11.0  # at least the pages' text size at 100 % zoom: legal text is long reading


def _component_text(component: licenses.Component, frozen: bool) -> str:
    """A component's page: what it is, where its texts are, then the texts (reflowed for the screen)."""
    where = (f"{licenses.FOLDER}/{component.folder}/ i programmappens _internal-mappe" if frozen
             else "hentet fra Python-installasjonen programmet kjører i")
    head = [
        f"{component.name} {component.version}",
        f"Lisens: {component.license}",
        f"Tekster: {', '.join(t.name for t in component.texts)} ({where})",
    ]
    if component.covers and component.kind == licenses.NATIVE:
        head.append(f"Gjelder filene: {', '.join(component.covers)}")
    parts = ["\n".join(head)]
    for text in component.texts:
        body = licenses.reflow(text.text) if text.name == licenses.QT_NOTE else licenses.unwrap(text.text)
        parts.append(f"――― {text.name} ―――\n\n{body.strip()}")
    return "\n\n".join(parts) + "\n"


def overview_html(components: list[licenses.Component], frozen: bool, tr=lambda s: s) -> str:
    """The first page: the program's own terms, the summary table, where the files are, the Qt note."""
    program = next((c for c in components if c.kind == licenses.PROGRAM), None)
    out = [f"<h2>{html.escape(tr('Lisenser'))}</h2>"]
    if program is not None:
        out.append(f"<p>{html.escape(program.name)} {html.escape(program.version)}: "
                   f"{html.escape(tr('© Ås kommune, alle rettigheter forbeholdt.'))}</p>")
    out.append(f"<p>{html.escape(tr('Programmet er bygd med programvare fra andre, som har egne lisenser. Velg en linje i listen for å lese lisensteksten. Tekstene er brutt om for skjermen; ordlyden er uendret.'))}</p>")
    if frozen:
        out.append(f"<p>{html.escape(tr('De samme tekstene ligger i programmappen, i _internal/licenses/. Oversikten der heter OVERSIKT.txt.'))}</p>")
    else:
        out.append(f"<p>{html.escape(tr('Programmet kjører fra kildekoden. Listen er hentet fra Python-installasjonen det kjører i.'))}</p>")
    header = (tr("Navn"), tr("Versjon"), tr("Lisens"))
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in (c.name, c.version, c.license)) + "</tr>"
        for c in components)
    out.append("<table cellpadding='3'><tr>" + "".join(f"<th align='left'>{html.escape(h)}</th>" for h in header)
               + f"</tr>{rows}</table>")
    note = next((t.text for c in components if c.kind == licenses.QT for t in c.texts if t.name == licenses.QT_NOTE), "")
    for i, block in enumerate(licenses.reflow(note).split("\n\n") if note else []):
        lines = [html.escape(line.strip()) for line in block.splitlines()]
        if i == 0:
            out.append(f"<h3>{lines[0]}</h3>")
        elif block.startswith(" "):
            out.append("<p style='margin-left: 16px'>" + "<br>".join(lines) + "</p>")
        else:
            out.append("<p>" + " ".join(lines) + "</p>")
    return "".join(out)


class LicensesDialog(QDialog):
    """The overview and every component's licence texts; ``load`` gives the components."""

    def __init__(self, parent: QWidget | None = None,
                 load: Callable[[], list[licenses.Component]] = licenses.shipped_components) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lisenser"))
        self.frozen = licenses.bundled_folder() is not None
        try:
            self.components = load()
            problem = ""
        except (licenses.MissingLicenseText, OSError, ValueError) as exc:
            self.components, problem = [], str(exc)

        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Komponenter"))
        self.list.setWordWrap(True)  # long names wrap in the narrow list instead of scrolling sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.text = QTextBrowser(self)
        self.text.setDocument(SafeDocument(self.text))
        self.text.setOpenLinks(False)
        self.text.setOpenExternalLinks(False)
        self.text.setAccessibleName(self.tr("Lisenstekst"))
        reading = QFont(self.font())
        if 0 < reading.pointSizeF() < READING_POINT_SIZE:
            reading.setPointSizeF(READING_POINT_SIZE)
        self.list.setFont(reading)
        self.text.setFont(reading)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.list)
        self.splitter.addWidget(self.text)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)

        overview = QListWidgetItem(self.tr("Oversikt og bytte av Qt"))
        self.list.addItem(overview)
        for component in self.components:
            item = QListWidgetItem(f"{component.name} {component.version}")
            item.setToolTip(component.license)
            item.setData(Qt.ItemDataRole.UserRole, component)
            self.list.addItem(item)
        self.list.currentRowChanged.connect(self._show)
        self.problem = QLabel(self)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setText(self.tr("Lisensoversikten kunne ikke lages: ") + problem if problem else "")
        self.problem.setVisible(bool(problem))

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Lukk"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.problem)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(buttons)
        fixed_constraints(self, 320, 240)
        self._fit_to(parent)
        self.list.setCurrentRow(0)
        self.list.setFocus()

    def _fit_to(self, parent: QWidget | None) -> None:
        """A comfortable reading size, never larger than the main window (or the screen) it opens over."""
        width, height = 900, 640
        anchor = parent.window() if parent is not None else None
        while anchor is not None and anchor.parentWidget() is not None:  # About's own parent: the main window
            anchor = anchor.parentWidget().window()
        bounds = [anchor.size()] if anchor is not None else []
        screen = (anchor or self).screen()
        if screen is not None:
            bounds.append(screen.availableGeometry().size())
        for bound in bounds:
            width, height = min(width, max(320, bound.width() - 24)), min(height, max(240, bound.height() - 24))
        self.resize(width, height)
        self._orient()

    def _orient(self) -> None:
        chars = self.width() / max(1, self.text.fontMetrics().averageCharWidth())
        wide = chars >= SIDE_BY_SIDE_CHARS
        self.splitter.setOrientation(Qt.Orientation.Horizontal if wide else Qt.Orientation.Vertical)
        if wide:
            self.splitter.setSizes([round(self.width() * 0.28), round(self.width() * 0.72)])
        else:
            self.splitter.setSizes([round(self.height() * 0.3), round(self.height() * 0.7)])

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._orient()

    def select(self, name: str) -> None:
        """Show the component called ``name`` (as a click on its line would)."""
        for row in range(1, self.list.count()):
            if self.list.item(row).data(Qt.ItemDataRole.UserRole).name == name:
                self.list.setCurrentRow(row)
                return
        raise KeyError(name)

    def _show(self, row: int) -> None:
        item = self.list.item(row)
        component = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if component is None:
            self.text.setHtml(overview_html(self.components, self.frozen, self.tr))
        else:
            self.text.setPlainText(_component_text(component, self.frozen))
        self.text.verticalScrollBar().setValue(0)
