"""The About dialog: which content this is, how current it is and how it is updated."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from handbook import __version__
from handbook.ui.geometry import fixed_constraints


def about_html(handbook, tr) -> str:
    if handbook is None:
        return f"<p>{html.escape(tr('Innholdet er ikke lastet.'))}</p>"
    m = handbook.meta
    rows = [
        (tr("Plan"), m.plan_title),
        (tr("Eier"), m.owner),
        (tr("Planperiode"), m.plan_period),
        (tr("Planen vedtatt"), m.plan_signed.strftime("%d.%m.%Y")),
        (tr("Innholdsversjon"), m.content_version),
        (tr("Innholdsdato"), m.content_date.strftime("%d.%m.%Y")),
        (tr("Programversjon"), __version__),
        (tr("Innholdsmappe"), handbook.content_dir),
    ]
    out = [f"<h2>{html.escape(m.title)}</h2>", "<table cellpadding='3'>"]
    out += [f"<tr><td><b>{html.escape(k)}</b></td><td>{html.escape(str(v))}</td></tr>" for k, v in rows]
    out.append("</table>")
    out.append(f"<h3>{html.escape(tr('Hjelpelisten – når numrene sist ble sammenlignet med planens tekst (ikke ringt opp)'))}</h3><table cellpadding='2'>")
    for c in handbook.contacts:
        out.append(f"<tr><td>{html.escape(c.name)}</td><td>{c.checked.strftime('%d.%m.%Y')}</td></tr>")
    out.append("</table>")
    out.append(f"<h3>{html.escape(tr('Slik oppdateres innholdet'))}</h3><p>{html.escape(m.update_note)}</p>")
    out.append(f"<p>{html.escape(tr('Programmet bruker ikke nettverk og lagrer ingen søk eller leste sider, med mindre det er slått på i innstillingene.'))}</p>")
    return "".join(out)


class AboutDialog(QDialog):
    def __init__(self, handbook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Om håndboka"))
        self.resize(620, 560)
        self.text = QTextBrowser(self)
        self.text.setOpenLinks(False)
        self.text.setAccessibleName(self.tr("Om håndboka"))
        self.text.setHtml(about_html(handbook, self.tr))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Lukk"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        fixed_constraints(self, 420, 320)
