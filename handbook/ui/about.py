"""The About dialog: which handbook this is, how current its content is, and what IT support needs.

When the content is older than the «Varsel om gammelt innhold» setting, a calm notice says the
numbers may be out of date and whom to ask (the same words as the start page's footer).

No paths (a folder name tells a colleague at the worker's shoulder nothing
useful and IT support nothing it cannot ask for): the versions of the program,
the content, Python, Qt and PySide6, and whether the content is the shipped one
or a folder chosen in the settings. "Kopier versjonsinformasjon" puts the same
facts on the clipboard as plain text, for a support ticket. "Lisenser" opens
every component's licence text (handbook/ui/licenses_dialog.py).
"""

from __future__ import annotations

import html
import platform
from pathlib import Path

import PySide6
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from handbook import __version__, paths
from handbook.ui.geometry import fit_to_screen, fixed_constraints
from handbook.ui.safe_text import SafeDocument


def _shipped_content(handbook) -> bool:
    try:
        return Path(handbook.content_dir).resolve() == paths.default_content_dir().resolve()
    except (OSError, ValueError):
        return False


def _content_source(handbook, tr) -> str:
    if _shipped_content(handbook):
        return tr("innebygd")
    from handbook.packs.startup import index_dir_for

    if index_dir_for(handbook.content_dir) is not None:
        return tr("oppdatert med innholdspakke fra koordinatoren")
    return tr("egen mappe, valgt i innstillingene")


def version_rows(handbook, tr) -> list[tuple[str, str]]:
    """(label, value) pairs for IT support: program, content, Python, Qt, PySide6, operating system."""
    rows = [(tr("Programversjon"), __version__)]
    if handbook is not None:
        m = handbook.meta
        rows += [
            (tr("Innholdsversjon"), m.content_version),
            (tr("Innholdsdato"), m.content_date.strftime("%d.%m.%Y")),
            (tr("Innhold"), _content_source(handbook, tr)),
        ]
    rows += [
        ("Python", platform.python_version()),
        ("Qt", qVersion()),
        ("PySide6", PySide6.__version__),
        (tr("Operativsystem"), f"{platform.system()} {platform.release()} ({platform.machine()})"),
    ]
    return rows


def version_text(handbook, tr) -> str:
    """The version rows as plain text (what "Kopier versjonsinformasjon" copies)."""
    return "\n".join(f"{label}: {value}" for label, value in version_rows(handbook, tr))


def _table(rows) -> str:
    cells = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(str(v))}</td></tr>" for k, v in rows)
    return f"<table cellpadding='3'>{cells}</table>"


def about_html(handbook, tr, stale_months: int | None = None) -> str:
    out = []
    if handbook is None:
        out.append(f"<p>{html.escape(tr('Innholdet er ikke lastet.'))}</p>")
    else:
        m = handbook.meta
        out.append(f"<h2>{html.escape(m.title)}</h2>")
        out.append(_table([
            (tr("Plan"), m.plan_title),
            (tr("Eier"), m.owner),
            (tr("Planperiode"), m.plan_period),
            (tr("Planen vedtatt"), m.plan_signed.strftime("%d.%m.%Y")),
        ]))
    if handbook is not None and stale_months:
        from handbook.packs.age import stale_notice

        notice = stale_notice(handbook.meta, stale_months)
        if notice:
            out.append(f"<p><b>{html.escape(tr('Innholdet kan være utdatert.'))}</b> {html.escape(notice)}</p>")
    out.append(f"<h3>{html.escape(tr('Versjoner'))}</h3>")
    out.append(_table(version_rows(handbook, tr)))
    if handbook is not None:
        out.append(f"<h3>{html.escape(tr('Hjelpelisten – når numrene sist ble sammenlignet med planens tekst (ikke ringt opp)'))}</h3><table cellpadding='2'>")
        for c in handbook.contacts:
            out.append(f"<tr><td>{html.escape(c.name)}</td><td>{c.checked.strftime('%d.%m.%Y')}</td></tr>")
        out.append("</table>")
    out.append(f"<p>{html.escape(tr('Programmet bruker ikke nettverk og lagrer ingen søk eller leste sider, med mindre det er slått på i innstillingene.'))}</p>")
    return "".join(out)


class AboutDialog(QDialog):
    """Args: stale_months: after how many months the content is said to be possibly out of date."""

    def __init__(self, handbook, parent: QWidget | None = None, stale_months: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Om håndboka"))
        self.text = QTextBrowser(self)
        self.text.setDocument(SafeDocument(self.text))
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(self.tr("Om håndboka"))
        self.text.setHtml(about_html(handbook, self.tr, stale_months))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Lukk"))
        self.copy_button = buttons.addButton(self.tr("Kopier versjonsinformasjon"), QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(lambda: QApplication.clipboard().setText(version_text(handbook, self.tr)))
        self.licenses_button = buttons.addButton(self.tr("Lisenser"), QDialogButtonBox.ButtonRole.ActionRole)
        self.licenses_button.clicked.connect(self.open_licenses)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fixed_constraints(self, 420, 320)
        fit_to_screen(self, 620, 560)  # the text scrolls; «Lukk» stays on screen

    def open_licenses(self) -> None:
        """«Lisenser»: every component's licence, and how to replace the Qt libraries (handbook.ui.licenses_dialog)."""
        from handbook.ui.licenses_dialog import LicensesDialog

        LicensesDialog(self).exec()
