"""The step view's sizes and text helpers: densities, fonts, short titles, links in plain text. Qt types only."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from PySide6.QtGui import QFont

_URL = re.compile(r"https?://[^\s<>«»]+[^\s<>«».,;:)]")


@dataclass(frozen=True)
class Density:
    """Type and button sizes of a step: (scale, cap in points) pairs and spacing."""

    text: tuple[float, float]
    answer: tuple[float, float]
    answer_height: float  # a big button's minimum height in lines of its font
    next: tuple[float, float]
    detail: tuple[float, float]
    spacing: int
    show_kind: bool


DENSITIES = (
    Density(text=(2.0, 26), answer=(1.6, 20), answer_height=2.4, next=(1.35, 17), detail=(1.25, 15), spacing=12, show_kind=True),
    Density(text=(1.6, 20), answer=(1.35, 17), answer_height=1.9, next=(1.2, 15), detail=(1.1, 14), spacing=8, show_kind=True),
    Density(text=(1.3, 16), answer=(1.15, 14), answer_height=1.6, next=(1.1, 13), detail=(1.0, 12), spacing=6, show_kind=False),
    # 683×384 (1366×768 at 200 %): seven one-line answers, or a last step's number above its footer.
    Density(text=(1.1, 13), answer=(1.0, 12), answer_height=1.2, next=(1.0, 12), detail=(0.95, 11), spacing=4, show_kind=False),
)


def font(base: QFont, scale: float, bold: bool = False, cap: float = 0.0, floor: float = 1.0) -> QFont:
    """``base`` scaled by ``scale``, but not beyond ``cap`` points unless ``floor`` × base
    is larger: at 200–300 % text zoom the base is already large, and the step must
    still fit the window, while the important lines stay a little larger than the rest."""
    f = QFont(base)
    size = max(1.0, base.pointSizeF())
    target = size * scale
    if cap:
        target = max(size * floor, min(target, cap))
    f.setPointSizeF(target)
    f.setBold(bold)
    return f


def short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def section_title(handbook, ref: str) -> str:
    """A readable title for a section or page id (the page title › section title)."""
    section = handbook.section(ref)
    if section is None:
        page = handbook.page(ref)
        return page.title if page else ref
    if section.anchor and section.parent_title:
        return f"{section.parent_title} – {section.title}"
    return section.title


def linkify(text: str) -> str:
    out, last = [], 0
    for m in _URL.finditer(text):
        out.append(html.escape(text[last:m.start()]))
        url = html.escape(m.group(0))
        out.append(f'<a href="{url}">{url}</a>')
        last = m.end()
    out.append(html.escape(text[last:]))
    return "".join(out)
