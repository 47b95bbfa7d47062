"""The «Utfyllende veiledning» banner for widgets: guidance beyond the plan, with its sources.

Pages rendered from Markdown get the banner from the loader; the help-list cards
and the flowchart's step view build theirs here, so the coordinator and the worker
see the same marking everywhere. Sources are shown as selectable text, never as
links: the app does not open web pages (the laptops have no network).

The banner's colours and padding are the theme's (a label with the ``supplementary`` property:
:func:`handbook.ui.style.colour_note`): a style sheet on the label itself would also stop the
zoom's font from reaching it. A source's address can be longer than a small window is wide
and has no space to wrap at («…/Nye_tall_fra_Kompetanseteamet_mot_tvangsekteskap…»): it may
break after ``_`` (a zero-width space, :data:`BREAK`), which a copy leaves out again.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from handbook.content.model import SUPPLEMENTARY_BANNER

BREAK = "\u200b"  # zero width space: where a long address may wrap
_BREAK_AFTER = "_=&?"  # Qt already wraps after "/" and "-"


def breakable(address: str) -> str:
    """``address`` (escaped) with a place to wrap after each character of :data:`_BREAK_AFTER`."""
    text = html.escape(address)
    for ch in _BREAK_AFTER:
        text = text.replace(html.escape(ch), html.escape(ch) + BREAK)
    return text


def _copy_without_breaks() -> None:
    """Whatever the app copied holds no :data:`BREAK` (a copied address must work)."""
    clipboard = QApplication.clipboard()
    text = clipboard.text()
    if BREAK in text:
        clipboard.setText(text.replace(BREAK, ""))


def banner_html(text: str = "", sources=(), lead: str = "") -> str:
    """The banner as rich text: the mark, ``lead`` (bold), ``text``, then the sources."""
    parts = [f"<b>{html.escape(SUPPLEMENTARY_BANNER)}.</b>"]
    if lead:
        parts.append(f" <b>{html.escape(lead)}</b>")
    if text:
        parts.append(" " + html.escape(text))
    if sources:
        parts.append("<br>" + sources_html(sources))
    return "".join(parts)


def sources_html(sources) -> str:
    """«Kilder: title – address; …» as small rich text, the addresses able to wrap."""
    items = []
    for s in sources:
        url = f" – {breakable(s.url)}" if getattr(s, "url", None) else ""
        items.append(f"{html.escape(s.title)}{url}")
    return "<small>" + html.escape("Kilder: ") + "; ".join(items) + "</small>"


def sources_fold(parent: QWidget, sources, whose: str) -> tuple[QPushButton, QLabel]:
    """A mark's sources behind «Kilder (n) …»: on a small screen the entries keep the room, and
    every source is one click or key away. Returns the button and the (hidden) sources, for the
    caller to place; open, the sources read as part of the mark."""
    button = QPushButton(QCoreApplication.translate("supplementary", "Kilder ({n}) …").format(n=len(sources)), parent)
    button.setFlat(True)
    button.setCheckable(True)
    button.setAccessibleName(QCoreApplication.translate("supplementary", "Kilder for {whose}").format(whose=whose))
    button.setAccessibleDescription(QCoreApplication.translate("supplementary", "Viser eller skjuler kildene"))
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(sources_html(sources))
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setProperty("supplementary", True)
    label.hide()
    button.toggled.connect(label.setVisible)
    return button, label


def banner_label(parent: QWidget, text: str = "", sources=(), lead: str = "") -> QLabel:
    """A word-wrapped, selectable label with the supplementary banner."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(banner_html(text, sources, lead))
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    app = QApplication.instance()
    if not app.property("handbookCopyWithoutBreaks"):
        app.clipboard().dataChanged.connect(_copy_without_breaks)
        app.setProperty("handbookCopyWithoutBreaks", True)
    label.setAccessibleName(SUPPLEMENTARY_BANNER)
    label.setProperty("supplementary", True)  # the theme's note colours (handbook/ui/style.py)
    return label
