"""Simple bar charts of the plan's statistics tables, drawn with QPainter.

One group per table row (the table's ``total_row`` is left out, since a sum
drawn beside its parts misleads), one horizontal bar per column (e.g. per
year), the value written at the end of each bar. Colours come from the
palette passed in, so a chart follows dark mode on screen and prints black on
white. No chart library is needed.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPalette

# Mid-saturation colours that read on both light and dark backgrounds.
SERIES = ("#3b7dd8", "#e0803a", "#3aa676", "#b05cc6", "#c9a227", "#d14f6a")


def chart_rows(table) -> list[tuple[str, list[tuple[str, float]]]]:
    """(row label, [(column, value)]) for every non-total row with numbers."""
    out = []
    for row in table.rows:
        label = str(row[0])
        if table.total_row and label == table.total_row:
            continue
        values = [(str(col), float(v)) for col, v in zip(table.columns[1:], row[1:]) if isinstance(v, (int, float))]
        if values:
            out.append((label, values))
    return out


def render_chart(table, width: int, palette: QPalette, font: QFont, scale: float = 2.0) -> QImage:
    """A bar chart of ``table`` as an image ``width`` logical pixels wide."""
    rows = chart_rows(table)
    fm = QFontMetricsF(font)
    line = fm.height()
    bar_h = line * 1.1
    gap = line * 0.6
    height = line * 1.6 + sum(line * 1.3 + len(values) * (bar_h + 3) + gap for _l, values in rows) + line
    image = QImage(int(width * scale), int(height * scale), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(palette.color(QPalette.ColorRole.Base))
    top = max((v for _l, values in rows for _c, v in values), default=1.0) or 1.0
    label_w = max((fm.horizontalAdvance(c) for _l, values in rows for c, _v in values), default=0.0) + 12
    value_w = fm.horizontalAdvance(f"{int(top):,}".replace(",", " ")) + 12
    bar_max = max(40.0, width - label_w - value_w - 8)
    text = palette.color(QPalette.ColorRole.Text)
    muted = palette.color(QPalette.ColorRole.PlaceholderText)

    p = QPainter(image)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setFont(font)
    p.setPen(muted)
    p.drawText(QRectF(0, 0, width, line * 1.4), Qt.AlignmentFlag.AlignLeft, f"{table.unit}")
    y = line * 1.6
    for label, values in rows:
        bold = QFont(font)
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text)
        p.drawText(QRectF(0, y, width, line * 1.3), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, label)
        p.setFont(font)
        y += line * 1.3
        for i, (column, value) in enumerate(values):
            p.setPen(text)
            p.drawText(QRectF(0, y, label_w - 8, bar_h), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, column)
            length = bar_max * value / top
            p.fillRect(QRectF(label_w, y + 2, max(1.0, length), bar_h - 4), QColor(SERIES[i % len(SERIES)]))
            shown = f"{value:,.0f}".replace(",", " ") if value == int(value) else f"{value:g}"
            p.drawText(QRectF(label_w + length + 6, y, value_w, bar_h), Qt.AlignmentFlag.AlignVCenter, shown)
            y += bar_h + 3
        y += gap
    p.end()
    return image
