"""Column widths for the tables of a page, as a browser's automatic table layout gives them.

Qt's rich-text tables share a narrow page out almost evenly, so the measures
table's long "Tiltak" column broke words ("kompetansehevin-g") beside a half-empty
"Kostnad" column. Here every column gets at least its longest word and the rest
of the width goes to the columns with the most text, as percentages (they hold at
any window width and on paper).
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontMetricsF, QTextCursor, QTextDocument, QTextLength, QTextTable


def _cell_widths(table: QTextTable, row: int, column: int, base: QFont) -> tuple[float, float]:
    """(longest word, whole text on one line) of a cell, in layout pixels."""
    cell = table.cellAt(row, column)
    longest = whole = 0.0
    block = cell.firstCursorPosition().block()
    end = cell.lastCursorPosition().position()
    while block.isValid() and block.position() <= end:
        line = 0.0
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fm = QFontMetricsF(fragment.charFormat().font().resolve(base))
            text = fragment.text()
            line += fm.horizontalAdvance(text)
            for word in text.split():
                longest = max(longest, fm.horizontalAdvance(word))
            it += 1
        whole = max(whole, line)
        block = block.next()
    return longest, whole


def balance_columns(doc: QTextDocument, width: float) -> None:
    """Give each table in ``doc`` column widths for a text ``width`` pixels wide."""
    seen: set[int] = set()
    block = doc.begin()
    while block.isValid():
        table = QTextCursor(block).currentTable()
        if table is not None and table.firstPosition() not in seen:
            seen.add(table.firstPosition())
            _balance(table, width, doc.defaultFont())
        block = block.next()


def _balance(table: QTextTable, width: float, base: QFont) -> None:
    fmt = table.format()
    columns = table.columns()
    if columns < 2:
        return
    measured = [[_cell_widths(table, r, c, base) for r in range(table.rows())] for c in range(columns)]
    # A column's share must hold its text, its cell padding and its border (+2 for rounding).
    cell = 2 * fmt.cellPadding() + 2 * fmt.border() + fmt.cellSpacing() + 2
    low = [max((m[0] for m in col), default=0.0) + cell for col in measured]
    high = [max((m[1] for m in col), default=0.0) + cell for col in measured]
    room = max(1.0, width - 2 * fmt.border() - fmt.cellSpacing())
    if sum(high) <= room:
        return  # everything fits on one line a cell: Qt does well
    if sum(low) >= room:
        shares = low  # words must break somewhere: in proportion to the longest words
    else:
        spare = room - sum(low)
        extra = [max(0.0, h - lo) for h, lo in zip(high, low)]
        total = sum(extra) or 1.0
        # A column with little text needs no more than its one line: cap it, share the rest.
        give = [min(e, spare * e / total) for e in extra]
        left = spare - sum(give)
        wanting = [i for i, (g, e) in enumerate(zip(give, extra)) if g < e]
        if left > 0 and wanting:
            weight = sum(extra[i] for i in wanting) or 1.0
            for i in wanting:
                give[i] += left * extra[i] / weight
        shares = [lo + g for lo, g in zip(low, give)]
    total = sum(shares) or 1.0
    fmt.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, 100.0 * s / total) for s in shares])
    table.setFormat(fmt)
