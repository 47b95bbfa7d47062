"""The «Utfyllende veiledning» banner for widgets: guidance beyond the plan, with its sources.

Pages rendered from Markdown get the banner from the loader; the help-list cards
and the flowchart's step view build theirs here, so the coordinator and the worker
see the same marking everywhere. Sources are shown as selectable text, never as
links: the app does not open web pages (the laptops have no network).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from handbook.content.model import SUPPLEMENTARY_BANNER

# The same colours as the loader's HTML banner, so the mark looks alike in pages and cards.
_STYLE = "background-color:#fff4ce; color:#3b2e00; padding:6px; border-radius:3px;"


def banner_html(text: str = "", sources=(), lead: str = "") -> str:
    """The banner as rich text: the mark, ``lead`` (bold), ``text``, then the sources."""
    parts = [f"<b>{html.escape(SUPPLEMENTARY_BANNER)}.</b>"]
    if lead:
        parts.append(f" <b>{html.escape(lead)}</b>")
    if text:
        parts.append(" " + html.escape(text))
    if sources:
        items = []
        for s in sources:
            url = f" – {html.escape(s.url)}" if getattr(s, "url", None) else ""
            items.append(f"{html.escape(s.title)}{url}")
        parts.append("<br><small>" + html.escape("Kilder: ") + "; ".join(items) + "</small>")
    return "".join(parts)


def banner_label(parent: QWidget, text: str = "", sources=(), lead: str = "") -> QLabel:
    """A word-wrapped, selectable label with the supplementary banner."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setText(banner_html(text, sources, lead))
    label.setWordWrap(True)
    label.setStyleSheet(f"QLabel {{ {_STYLE} }}")
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(SUPPLEMENTARY_BANNER)
    label.setProperty("supplementary", True)
    return label
