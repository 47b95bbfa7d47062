"""Simple bar charts of the plan's statistics tables, drawn with QPainter.

One group per table row (the table's ``total_row`` is left out, since a sum
drawn beside its parts misleads), one horizontal bar per column (e.g. per
year), the value written at the end of each bar. Colours come from the
palette passed in, so a chart follows dark mode on screen and prints black on
white. No chart library is needed.

On screen a chart is an image (:func:`render_chart`); on paper the page keeps
room for it and :class:`PaperDocument` draws it there as vector graphics, so a
PDF keeps it sharp and its numbers stay text.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QImage,
    QPainter,
    QPalette,
)

from handbook.ui.safe_text import SafeDocument

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


def value_text(value: float) -> str:
    """A value as the chart writes it: '1 786', '94', '2.5'."""
    return f"{value:,.0f}".replace(",", "\u00a0") if value == int(value) else f"{value:g}"


def layout_dpi() -> float:
    """The resolution text is laid out at, on screen and on paper (the screen's logical dpi)."""
    screen = QGuiApplication.primaryScreen()
    return screen.logicalDotsPerInchY() if screen is not None else 96.0


def _pixel_font(font: QFont) -> QFont:
    """``font`` sized in layout pixels instead of points.

    A painter scaled onto a 600 dpi PDF would turn points into 600 dpi pixels and draw the
    text six times too large; pixels follow the painter's scale like the bars do.
    """
    out = QFont(font)
    if font.pixelSize() <= 0:
        out.setPixelSize(max(1, round(font.pointSizeF() * layout_dpi() / 72)))
    return out


@dataclass(frozen=True)
class _Geometry:
    line: float
    bar_h: float
    gap: float
    label_w: float
    value_w: float
    height: float


def _geometry(table, font: QFont) -> _Geometry:
    rows = chart_rows(table)
    fm = QFontMetricsF(font)
    line = fm.height()
    bar_h, gap = line * 1.1, line * 0.6
    height = line * 1.6 + sum(line * 1.3 + len(values) * (bar_h + 3) + gap for _l, values in rows)
    label_w = max((fm.horizontalAdvance(c) for _l, values in rows for c, _v in values), default=0.0) + 12
    value_w = max((fm.horizontalAdvance(value_text(v)) for _l, values in rows for _c, v in values), default=0.0) + 12
    return _Geometry(line, bar_h, gap, label_w, value_w, height)


def chart_height(table, font: QFont) -> float:
    """The height of the chart of ``table`` drawn with ``font`` (the same at any width)."""
    return _geometry(table, _pixel_font(font)).height


def paint_chart(p: QPainter, origin: QPointF, table, width: float, palette: QPalette, font: QFont) -> None:
    """Draw the chart of ``table`` with ``p`` at ``origin``, ``width`` pixels wide.

    Every value label fits beside its bar: the longest bar is shortened to leave room for
    the widest label.
    """
    font = _pixel_font(font)
    g = _geometry(table, font)
    rows = chart_rows(table)
    top = max((v for _l, values in rows for _c, v in values), default=1.0) or 1.0
    bar_max = max(40.0, width - g.label_w - g.value_w - 8)
    text = palette.color(QPalette.ColorRole.Text)
    muted = palette.color(QPalette.ColorRole.PlaceholderText)
    bold = QFont(font)
    bold.setBold(True)
    middle = Qt.AlignmentFlag.AlignVCenter
    p.save()
    p.translate(origin)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setFont(font)
    p.setPen(muted)
    p.drawText(QRectF(0, 0, width, g.line * 1.4), Qt.AlignmentFlag.AlignLeft, f"{table.unit}")
    y = g.line * 1.6
    for label, values in rows:
        p.setFont(bold)
        p.setPen(text)
        p.drawText(QRectF(0, y, width, g.line * 1.3), Qt.AlignmentFlag.AlignLeft | middle, label)
        p.setFont(font)
        y += g.line * 1.3
        for i, (column, value) in enumerate(values):
            p.setPen(text)
            p.drawText(QRectF(0, y, g.label_w - 8, g.bar_h), Qt.AlignmentFlag.AlignRight | middle, column)
            length = bar_max * value / top
            p.fillRect(QRectF(g.label_w, y + 2, max(1.0, length), g.bar_h - 4), QColor(SERIES[i % len(SERIES)]))
            p.drawText(QRectF(g.label_w + length + 6, y, g.value_w, g.bar_h), middle, value_text(value))
            y += g.bar_h + 3
        y += g.gap
    p.restore()


def render_chart(table, width: int, palette: QPalette, font: QFont, scale: float = 2.0) -> QImage:
    """The chart of ``table`` as an image ``width`` logical pixels wide, for the screen."""
    height = chart_height(table, font)
    image = QImage(max(1, int(width * scale)), max(1, int(height * scale)), QImage.Format.Format_ARGB32_Premultiplied)
    image.setDevicePixelRatio(scale)
    image.fill(palette.color(QPalette.ColorRole.Base))
    painter = QPainter(image)
    paint_chart(painter, QPointF(0, 0), table, width, palette, font)
    painter.end()
    return image


class PaperDocument(SafeDocument):
    """A page for print or PDF whose charts are drawn as vector graphics.

    The HTML holds each chart as an ``<img src="chart:id">`` of the chart's size (a blank
    image reserves the room); :meth:`paint_extras` draws the charts in those places after
    the text (``handbook.ui.paper`` calls it for every page). Like every text view's
    document it loads nothing it was not given (:class:`~handbook.ui.safe_text.SafeDocument`).
    """

    def __init__(self, tables: dict, palette: QPalette, font: QFont, scheme: str, content_dir=None) -> None:
        super().__init__(content_dir=content_dir)
        self._tables, self._palette, self._font, self._scheme = tables, palette, font, scheme
        self.setDefaultFont(font)
        blank = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
        blank.fill(0)
        for table_id in tables:
            self.images[f"{scheme}{table_id}"] = blank

    def chart_height(self, table_id: str) -> float:
        return chart_height(self._tables[table_id], self._font)

    def chart_places(self) -> list[tuple[str, QRectF]]:
        """(table id, where its chart goes in document coordinates) for every chart."""
        out = []
        layout = self.documentLayout()
        block = self.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                fmt = fragment.charFormat()
                name = fmt.toImageFormat().name() if fmt.isImageFormat() else ""
                if name.startswith(self._scheme) and name[len(self._scheme):] in self._tables:
                    lines = block.layout()
                    line = lines.lineForTextPosition(fragment.position() - block.position())
                    origin = layout.blockBoundingRect(block).topLeft()
                    x = origin.x() + line.cursorToX(fragment.position() - block.position())[0]
                    image = fmt.toImageFormat()
                    out.append((name[len(self._scheme):], QRectF(x, origin.y() + line.y(), image.width(), image.height())))
                it += 1
            block = block.next()
        return out

    def paint_extras(self, painter: QPainter, clip: QRectF) -> None:
        """Draw the charts that fall within ``clip`` (document coordinates)."""
        for table_id, rect in self.chart_places():
            if rect.intersects(clip):
                paint_chart(painter, rect.topLeft(), self._tables[table_id], rect.width(), self._palette, self._font)
